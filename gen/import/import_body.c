/* import_body: a text section's lines as intro and numbered items. The
 * first level's numbering is the layout's style whose 1 and 2 both start a
 * line (a lone "1." starting a paragraph is text); deeper levels follow the
 * layout's order, as expand.c numbers them. A numbered line is a run-in
 * heading when one of the form's heading ends (import: heading_ends) is
 * followed by text, else a heading on its own line. Without numbers, short
 * lines without punctuation are the headings of items numbered `none`. */
#include <stdlib.h>
#include <string.h>
#include "import_model.h"

/* The numbering at depth below top (expand.c's numbering_at). */
static const nb_numbering_style *style_at(const nb_layout *l, const nb_numbering_style *top, int depth)
{
    if (depth == 0 || l->nnumbering_order == 0) return top;
    size_t idx = 0;
    bool in_order = false;
    for (size_t i = 0; i < l->nnumbering_order; i++)
        if (l->numbering_order[i] == top) {
            idx = i;
            in_order = true;
        }
    size_t k = in_order ? idx + (size_t)depth : (size_t)depth - 1;
    if (k >= l->nnumbering_order) k = l->nnumbering_order - 1;
    return l->numbering_order[k];
}

/* The number of style st starting line s (0: none); *rest: the original text after it. */
static int line_number(const nb_numbering_style *st, const char *s, const char **rest)
{
    if (!st || !st->format || !*st->format || strchr(s, '\t')) return 0; /* a table row is no heading */
    char *n = imp_norm(s);
    const char *after;
    int v = imp_number_prefix(st->format, n, &after);
    if (v && rest) *rest = imp_orig_skip(s, (size_t)(after - n));
    free(n);
    return v;
}

/* Indices of the lines starting items 1, 2, … of style st (into starts); how many. */
static size_t item_starts(const nb_numbering_style *st, const imp_line *L, size_t n, size_t *starts)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (line_number(st, L[i].s, NULL) == (int)k + 1) starts[k++] = i;
    return k;
}

static void add_line_text(imp_doc *D, nb_buf *b, const imp_line *line)
{
    if (!line->table) {
        imp_add_para(b, line->s);
        return;
    }
    /* a table row inside a text section: kept as text, its cells joined by spaces */
    nb_buf t;
    nb_buf_init(&t);
    for (const char *p = line->s; *p;) {
        size_t k = strcspn(p, "\t");
        if (k) nb_buf_printf(&t, "%s%.*s", t.len ? " " : "", (int)k, p);
        p += k + (p[k] == '\t');
    }
    if (t.len) imp_add_para(b, t.data);
    imp_warn(D->log, line->origin, 1, "a table row in a text section: kept as text");
    nb_buf_free(&t);
}

static void split_heading(imp_doc *D, imp_item *it, const char *rest)
{
    const char *end = D->l->run_in_end ? D->l->run_in_end : "";
    for (const char *p = rest; *p; p++) {
        size_t len;
        if (!imp_is_mark(D->spec->heading_ends, p, &len)) continue;
        const char *after = p + len;
        if (!*after) break; /* nothing after: a heading on its own line */
        bool added = strncmp(p, end, strlen(end)) == 0 && len == strlen(end) && *end;
        char *h = nb_xstrndup(rest, (size_t)(added ? p - rest : after - rest));
        it->heading = h;
        it->run_in = true;
        imp_add_para(&it->text, after);
        return;
    }
    it->heading = nb_xstrdup(rest);
}

static void parse_items(imp_doc *D, const imp_line *L, size_t n, const nb_numbering_style *top, int depth,
                        nb_buf *before, imp_item **items, size_t *ni, size_t *cap)
{
    const nb_numbering_style *st = depth < 3 ? style_at(D->l, top, depth) : NULL;
    size_t *starts = nb_xcalloc(n + 1, sizeof *starts);
    size_t k = st ? item_starts(st, L, n, starts) : 0;
    if (k < 2) k = 0; /* one numbered line is a paragraph that starts with a number */
    size_t first = k ? starts[0] : n;
    for (size_t i = 0; i < first; i++) add_line_text(D, before, &L[i]);
    for (size_t j = 0; j < k; j++) {
        NB_GROW(*items, *ni, *cap);
        imp_item *it = &(*items)[(*ni)++];
        memset(it, 0, sizeof *it);
        nb_buf_init(&it->text);
        const char *rest = L[starts[j]].s;
        line_number(st, rest, &rest);
        split_heading(D, it, rest);
        size_t from = starts[j] + 1, to = j + 1 < k ? starts[j + 1] : n;
        parse_items(D, L + from, to - from, top, depth + 1, &it->text, &it->items, &it->n, &it->cap);
    }
    free(starts);
}

/* The style whose items 1 and 2 start lines, the one starting first. */
static const nb_numbering_style *top_style(const nb_layout *l, const imp_line *L, size_t n)
{
    const nb_numbering_style *best = NULL;
    size_t best_at = n;
    size_t *starts = nb_xcalloc(n + 1, sizeof *starts);
    for (size_t i = 0; i < l->nnumberings; i++) {
        const nb_numbering_style *st = &l->numberings[i];
        if (item_starts(st, L, n, starts) >= 2 && starts[0] < best_at) {
            best = st;
            best_at = starts[0];
        }
    }
    free(starts);
    return best;
}

enum { MAX_BARE_HEADING = 20 };

/* A heading without a number (numbering: none): a short line with no
 * punctuation at all. */
static bool bare_heading(const imp_line *line)
{
    if (line->table) return false;
    size_t len = nb_utf8_len(line->s);
    if (len < 2 || len > MAX_BARE_HEADING) return false;
    static const char *const marks[] = {"。", "，", "；", "：", "！", "？", "、", ",", ";", ":", ".", "!", "?", NULL};
    for (const char *const *m = marks; *m; m++)
        if (strstr(line->s, *m)) return false;
    return true;
}

/* Items numbered `none`: the body starts with a bare heading and has two. */
static bool unnumbered_items(imp_doc *D, imp_body *b, const imp_line *L, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += bare_heading(&L[i]);
    if (n == 0 || !bare_heading(&L[0]) || k < 2 || !nb_layout_numbering(D->l, "none")) return false;
    b->numbering = "none";
    for (size_t i = 0; i < n; i++) {
        if (bare_heading(&L[i]) || b->n == 0) {
            NB_GROW(b->items, b->n, b->cap);
            imp_item *it = &b->items[b->n++];
            memset(it, 0, sizeof *it);
            nb_buf_init(&it->text);
            it->heading = nb_xstrdup(L[i].s);
        } else {
            add_line_text(D, &b->items[b->n - 1].text, &L[i]);
        }
    }
    return true;
}

void imp_body_parse(imp_doc *D, imp_body *b, const imp_line *L, size_t n)
{
    const nb_numbering_style *top = top_style(D->l, L, n);
    if (top && D->l->nnumbering_order && top != D->l->numbering_order[0]) b->numbering = top->key;
    if (!top) {
        if (unnumbered_items(D, b, L, n)) return;
        for (size_t i = 0; i < n; i++) add_line_text(D, &b->intro, &L[i]);
        return;
    }
    parse_items(D, L, n, top, 0, &b->intro, &b->items, &b->n, &b->cap);
}

static void free_items(imp_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].heading);
        nb_buf_free(&items[i].text);
        free_items(items[i].items, items[i].n);
    }
    free(items);
}

void imp_body_free(imp_body *b)
{
    nb_buf_free(&b->intro);
    free_items(b->items, b->n);
    memset(b, 0, sizeof *b);
}
