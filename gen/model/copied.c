/* copied: the share of a section's text that is last year's (copied.h). */
#include "copied.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "textfmt.h"
#include "util.h"

/* The code points of s without whitespace (ASCII and U+3000), as bigrams. */
static uint64_t *bigrams(const char *s, size_t *nchars, size_t *n)
{
    size_t len = strlen(s), k = 0, count = 0;
    uint32_t *cp = nb_xcalloc(len + 1, sizeof *cp);
    for (size_t i = 0; i < len;) {
        uint32_t c;
        int used = nb_utf8_decode(s + i, len - i, &c);
        if (used <= 0) c = 0xFFFD, used = 1; /* loaded text is valid UTF-8: never, but never read c unset */
        i += (size_t)used;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000) continue;
        cp[k++] = c;
    }
    uint64_t *out = nb_xcalloc(k ? k : 1, sizeof *out);
    for (size_t i = 1; i < k; i++) out[count++] = (uint64_t)cp[i - 1] << 32 | cp[i];
    free(cp);
    *nchars = k;
    *n = count;
    return out;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int nb_copied_share(const char *a, const char *b, size_t *na, size_t *nb)
{
    size_t ka, kb;
    uint64_t *A = bigrams(a, na, &ka), *B = bigrams(b, nb, &kb);
    qsort(A, ka, sizeof *A, cmp_u64);
    qsort(B, kb, sizeof *B, cmp_u64);
    size_t common = 0;
    for (size_t i = 0, j = 0; i < ka && j < kb;) {
        if (A[i] == B[j]) common++, i++, j++;
        else if (A[i] < B[j]) i++;
        else j++;
    }
    free(A);
    free(B);
    return ka + kb ? (int)(200 * common / (ka + kb)) : 0;
}

static void text_into(nb_buf *b, const nb_text *t)
{
    for (size_t i = 0; i < t->nparas; i++)
        for (size_t k = 0; k < t->paras[i].nspans; k++) nb_buf_puts(b, t->paras[i].spans[k].text);
}

static void items_into(nb_buf *b, const nb_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        nb_buf_puts(b, items[i].heading);
        text_into(b, &items[i].text);
        items_into(b, items[i].items, items[i].nitems);
    }
}

/* A body section's whole text: intro, item headings and texts, outro. */
static char *body_text(const nb_body *body)
{
    nb_buf b;
    nb_buf_init(&b);
    text_into(&b, &body->intro);
    items_into(&b, body->items, body->nitems);
    text_into(&b, &body->outro);
    return nb_buf_take(&b);
}

int nb_copied_check(const nb_report *r, const nb_report *prev, const char *prev_path, nb_diag *d)
{
    const nb_form_copied *c = &r->form->copied;
    if (!c->share) return 0;
    int warnings = 0;
    for (size_t i = 0; i < r->nsections; i++) {
        const nb_section_data *s = &r->sections[i];
        if (s->form->kind != NB_FORM_BODY) continue;
        char *now = body_text(&s->body), *last = body_text(&prev->sections[i].body);
        size_t na, nb;
        int share = nb_copied_share(now, last, &na, &nb);
        if (share >= c->share && na >= (size_t)c->at_least && nb >= (size_t)c->at_least) {
            char *pct = nb_xasprintf("%d", share), *year = nb_xasprintf("%d", prev->year);
            const char *names[] = {"section", "share", "year", "file"};
            const char *values[] = {s->form->heading, pct, year, prev_path};
            char *msg = nb_format(c->message, names, values, 4);
            nb_diag_warning(d, s->body.mark, "%s", msg);
            free(msg);
            free(pct);
            free(year);
            warnings++;
        }
        free(now);
        free(last);
    }
    return warnings;
}
