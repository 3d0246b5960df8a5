/* claims: text against tables (claims.h). Text is scanned as code points;
 * every number is kept as decimal text and compared with nb_decimal_cmp, so
 * 0.5万元 and 5000元 compare exactly. */
#include "claims.h"
#include <stdlib.h>
#include <string.h>
#include "decimal.h"
#include "textfmt.h"
#include "util.h"

/* A paragraph as code points, with each one's byte offset (off[n] = length). */
typedef struct cptext {
    const char *s;
    uint32_t *cp;
    size_t *off;
    size_t n;
} cptext;

static void cp_init(cptext *t, const char *s)
{
    size_t len = strlen(s);
    t->s = s;
    t->cp = nb_xcalloc(len + 1, sizeof *t->cp);
    t->off = nb_xcalloc(len + 1, sizeof *t->off);
    t->n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        int k = nb_utf8_decode(s + i, len - i, &c);
        if (k <= 0) c = 0xFFFD, k = 1; /* loaded text is valid UTF-8; never read c unset */
        t->off[t->n] = i;
        t->cp[t->n++] = c;
        i += (size_t)k;
    }
    t->off[t->n] = len;
}

static void cp_free(cptext *t)
{
    free(t->cp);
    free(t->off);
}

static bool ends_sentence(uint32_t c) { return c == 0x3002 || c == 0xFF1B || c == 0xFF01 || c == 0xFF1F || c == ';'; }
static bool ends_clause(uint32_t c) { return ends_sentence(c) || c == 0xFF0C || c == ',' || c == 0xFF1A; }
static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static bool is_space(uint32_t c) { return c == ' ' || c == 0x3000 || c == '\t'; }

/* Whether word stands at code point i (not running past end). */
static bool word_at(const cptext *t, size_t i, size_t end, const char *word, size_t *after)
{
    size_t len = strlen(word), at = t->off[i];
    if (at + len > t->off[end] || memcmp(t->s + at, word, len) != 0) return false;
    size_t j = i;
    while (t->off[j] < at + len) j++;
    *after = j;
    return true;
}

/* The first of words starting in [from, end), its start and end. */
static bool find_word(const cptext *t, size_t from, size_t end, char *const *words, size_t nwords, size_t *start,
                      size_t *after)
{
    for (size_t i = from; i < end; i++)
        for (size_t w = 0; w < nwords; w++)
            if (word_at(t, i, end, words[w], after)) {
                *start = i;
                return true;
            }
    return false;
}

/* A numeral's digit (0–9), or its unit as a negative power (十 -10 … 亿), or 1 for none. */
static long long numeral_value(uint32_t c)
{
    switch (c) {
    case 0x96F6: case 0x3007: return 0; /* 零 〇 */
    case 0x4E00: return 1;              /* 一 */
    case 0x4E8C: case 0x4E24: return 2; /* 二 两 */
    case 0x4E09: return 3; case 0x56DB: return 4; case 0x4E94: return 5; case 0x516D: return 6;
    case 0x4E03: return 7; case 0x516B: return 8; case 0x4E5D: return 9;
    case 0x5341: return -10; case 0x767E: return -100; case 0x5343: return -1000; /* 十 百 千 */
    case 0x4E07: return -10000; case 0x4EBF: return -100000000;                 /* 万 亿 */
    default: return 1;
    }
}

unsigned long long nb_chinese_number(const char *s, size_t *used)
{
    unsigned long long total = 0, section = 0, digit = 0;
    bool have_digit = false;
    size_t i = 0, len = strlen(s);
    while (i < len && total < 1000000000000ULL) { /* no count is that large: stop before overflow */
        uint32_t c;
        int k = nb_utf8_decode(s + i, len - i, &c);
        if (k <= 0) break;
        long long v = numeral_value(c);
        if (v == 1 && c != 0x4E00) break;
        if (v >= 0) {
            digit = (unsigned long long)v, have_digit = true;
        } else if (v <= -10000) { /* 万 亿 close a section */
            total += (section + digit) * (unsigned long long)-v;
            section = digit = 0, have_digit = false;
        } else { /* 十 百 千: 十七 is 17, a lone 十 counts one ten */
            section += (have_digit ? digit : 1) * (unsigned long long)-v;
            digit = 0, have_digit = false;
        }
        i += (size_t)k;
    }
    *used = i;
    return total + section + digit;
}

/* A number at i (Arabic digits with `,` groups and a `.`, or Chinese
 * numerals), as decimal text; *next is the code point after it. */
static char *number_at(const cptext *t, size_t i, size_t *next)
{
    if (is_digit(t->cp[i])) {
        nb_buf b;
        nb_buf_init(&b);
        size_t j = i;
        bool dot = false;
        while (j < t->n) {
            uint32_t c = t->cp[j];
            if (is_digit(c)) nb_buf_putc(&b, (char)c);
            else if (c == ',' && j + 1 < t->n && is_digit(t->cp[j + 1]) && !dot) {
            } else if (c == '.' && !dot && j + 1 < t->n && is_digit(t->cp[j + 1])) dot = true, nb_buf_putc(&b, '.');
            else break;
            j++;
        }
        *next = j;
        return nb_buf_take(&b);
    }
    size_t used;
    unsigned long long v = nb_chinese_number(t->s + t->off[i], &used);
    if (!used) return NULL;
    size_t j = i;
    while (t->off[j] < t->off[i] + used) j++;
    *next = j;
    return nb_xasprintf("%llu", v);
}

/* text / 10^shift, as decimal text. */
static char *shift_down(const char *text, int shift)
{
    if (!shift) return nb_xstrdup(text);
    const char *dot = strchr(text, '.');
    size_t whole = dot ? (size_t)(dot - text) : strlen(text);
    nb_buf b;
    nb_buf_init(&b);
    if (whole <= (size_t)shift) {
        nb_buf_puts(&b, "0.");
        for (size_t k = whole; k < (size_t)shift; k++) nb_buf_putc(&b, '0');
        nb_buf_add(&b, text, whole);
    } else {
        nb_buf_add(&b, text, whole - (size_t)shift);
        nb_buf_putc(&b, '.');
        nb_buf_add(&b, text + whole - shift, (size_t)shift);
    }
    if (dot) nb_buf_puts(&b, dot + 1);
    return nb_buf_take(&b);
}

/* Whether the sentence [a, b) names a year (YYYY年) other than year. */
static bool names_other_year(const cptext *t, size_t a, size_t b, int year)
{
    for (size_t i = a; i + 4 <= b; i++) {
        if (!is_digit(t->cp[i]) || (i > a && is_digit(t->cp[i - 1]))) continue;
        size_t j = i;
        int y = 0;
        while (j < b && is_digit(t->cp[j]) && j - i < 5) y = y * 10 + (int)(t->cp[j++] - '0');
        if (j - i != 4) continue;
        while (j < b && is_space(t->cp[j])) j++;
        if (j < b && t->cp[j] == 0x5E74 /* 年 */ && y >= 1990 && y <= 2100 && y != year) return true;
    }
    return false;
}

/* What one claim states at a keyword: a number with its position, or 0 by a `none` word. */
typedef struct stated {
    char *value;     /* decimal text, in the cell's unit */
    size_t at, end;  /* code points: the number (or the none word) .. the end of what was said */
    size_t from;     /* start of what was said, for the message */
} stated;

/* The first number in [from, to) followed by one of c's units: 1 (in *out),
 * 0 none, -1 an `unless` word between the keyword's end and it. */
static int number_in(const nb_form_claims *cs, const nb_form_claim *c, const cptext *t, size_t k, size_t kend,
                     size_t from, size_t to, stated *out)
{
    size_t s, e;
    for (size_t i = from; i < to; i++) {
        size_t next;
        char *num = number_at(t, i, &next);
        if (!num) continue;
        size_t u = next;
        while (u < t->n && is_space(t->cp[u])) u++;
        for (size_t k2 = 0; k2 < c->nunits; k2++) {
            size_t after;
            if (!word_at(t, u, t->n, c->units[k2], &after)) continue;
            /* 较上年增加5件: another figure than the cell's */
            if (cs->nunless && find_word(t, kend, i, cs->unless, cs->nunless, &s, &e)) {
                free(num);
                return -1;
            }
            out->value = shift_down(num, c->unit_shift[k2]);
            free(num);
            out->from = k, out->at = i, out->end = after;
            return 1;
        }
        free(num);
        i = next - 1;
    }
    return 0;
}

static bool read_claim(const nb_form_claims *cs, const nb_form_claim *c, const cptext *t, size_t k, size_t kend,
                       stated *out)
{
    size_t sent_end = kend, clause = k;
    while (sent_end < t->n && !ends_sentence(t->cp[sent_end])) sent_end++;
    while (clause > 0 && !ends_clause(t->cp[clause - 1])) clause--;
    size_t window = kend + (size_t)c->within < sent_end ? kend + (size_t)c->within : sent_end;
    size_t pos = kend, s, e;
    if (c->nthen) {
        if (!find_word(t, kend, window, c->then, c->nthen, &s, &e)) return false;
        /* 收到70件申请: the count just before the word it counts */
        int got = number_in(cs, c, t, k, kend, kend, s, out);
        if (got == 1 && out->end == s) return true;
        if (got == 1) free(out->value);
        pos = e;
    }
    int got = number_in(cs, c, t, k, kend, pos, window, out);
    if (got) return got > 0;
    /* 未收到…申请: none stated, so zero */
    if (c->none && cs->nnone && find_word(t, clause, k, cs->none, cs->nnone, &s, &e)) {
        out->value = nb_xstrdup("0");
        out->from = s, out->at = s, out->end = c->nthen ? pos : kend;
        return true;
    }
    return false;
}

/* "一、本年新收政府信息公开申请数量 总计 + …" */
static char *cells_name(const nb_form_cells *sum)
{
    nb_buf b;
    nb_buf_init(&b);
    for (size_t i = 0; i < sum->n; i++) {
        const nb_form_row *row = &sum->terms[i].section->rows[sum->terms[i].row];
        if (i) nb_buf_puts(&b, " + ");
        nb_buf_puts(&b, row->name ? row->name : row->label);
        if (row->kind == NB_FORM_ROW_LIST && row->columns) {
            int col = sum->terms[i].col;
            nb_buf_printf(&b, " %s", col < row->columns->n ? row->columns->labels[col] : row->columns->total_label);
        }
    }
    return nb_buf_take(&b);
}

typedef struct scan {
    const nb_report *r;
    const nb_yaml_doc *doc;
    nb_diag *d;
    int warnings;
} scan;

static void check_claim(scan *sc, const nb_form_claim *c, const cptext *t, const stated *st, const char *before,
                        nb_mark mark)
{
    const nb_form_claims *cs = &sc->r->form->claims;
    char *first = NULL;
    bool agrees = false, applicable = true;
    for (size_t a = 0; a < c->ncells && !agrees; a++) {
        char *v = nb_report_cells_value(sc->r, &c->cells[a]);
        if (!v) {
            applicable = false;
            break;
        }
        agrees = nb_decimal_cmp(st->value, v) == 0;
        if (!first) first = v;
        else free(v);
    }
    if (!agrees && applicable && first) {
        nb_buf prefix;
        nb_buf_init(&prefix);
        nb_buf_puts(&prefix, before);
        nb_buf_add(&prefix, t->s, t->off[st->at + 1]);
        nb_mark at = nb_yaml_locate(sc->doc, mark, prefix.data, prefix.len);
        nb_buf_free(&prefix);
        const nb_form_row *row = &c->cells[0].terms[0].section->rows[c->cells[0].terms[0].row];
        char *said = nb_xstrndup(t->s + t->off[st->from], t->off[st->end] - t->off[st->from]);
        char *cell = cells_name(&c->cells[0]);
        char *value = row->kind == NB_FORM_ROW_DECIMAL && row->unit ? nb_xasprintf("%s%s", first, row->unit) : nb_xstrdup(first);
        const char *names[] = {"said", "table", "cell", "value"};
        const char *values[] = {said, c->cells[0].terms[0].section->name, cell, value};
        char *msg = nb_format(cs->message, names, values, 4);
        nb_diag_warning(sc->d, at, "%s", msg);
        sc->warnings++;
        free(msg);
        free(said);
        free(cell);
        free(value);
    }
    free(first);
}

/* The code point that starts at byte offset b (a boundary). */
static size_t cp_index(const cptext *t, size_t b)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->off[mid] < b) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The first keyword of c at or after byte `from`, as code points [k, kend). */
static bool next_keyword(const cptext *t, const nb_form_claim *c, size_t from, size_t *k, size_t *kend)
{
    const char *best = NULL;
    size_t best_len = 0;
    for (size_t w = 0; w < c->nwords; w++) {
        const char *hit = strstr(t->s + from, c->words[w]);
        if (hit && (!best || hit < best)) best = hit, best_len = strlen(c->words[w]);
    }
    if (!best) return false;
    *k = cp_index(t, (size_t)(best - t->s));
    *kend = cp_index(t, (size_t)(best - t->s) + best_len);
    return true;
}

static void scan_paragraph(scan *sc, const char *text, const char *before, nb_mark mark)
{
    const nb_form_claims *cs = &sc->r->form->claims;
    cptext t = {0};
    for (size_t ci = 0; ci < cs->n; ci++) {
        const nb_form_claim *c = &cs->list[ci];
        size_t last_at = (size_t)-1, k, kend;
        if (!t.cp) {
            bool any = false; /* most paragraphs state nothing: decode only those with a keyword */
            for (size_t w = 0; w < c->nwords && !any; w++) any = strstr(text, c->words[w]) != NULL;
            if (!any) continue;
            cp_init(&t, text);
        }
        for (size_t from = 0; next_keyword(&t, c, from, &k, &kend); from = t.off[kend]) {
            size_t a = k, b = kend;
            while (a > 0 && !ends_sentence(t.cp[a - 1])) a--;
            while (b < t.n && !ends_sentence(t.cp[b])) b++;
            stated st;
            if (!names_other_year(&t, a, b, sc->r->year) && read_claim(cs, c, &t, k, kend, &st)) {
                if (st.at != last_at) check_claim(sc, c, &t, &st, before, mark); /* two keywords, one number */
                last_at = st.at;
                free(st.value);
            }
        }
    }
    if (t.cp) cp_free(&t);
}

static void scan_text(scan *sc, const nb_text *text)
{
    nb_buf before; /* the earlier paragraphs of the same value, for nb_yaml_locate */
    nb_buf_init(&before);
    for (size_t i = 0; i < text->nparas; i++) {
        const nb_paragraph *p = &text->paras[i];
        if (i && (p->mark.line != text->paras[i - 1].mark.line || p->mark.col != text->paras[i - 1].mark.col))
            nb_buf_free(&before), nb_buf_init(&before); /* another value: positions start afresh */
        nb_buf para;
        nb_buf_init(&para);
        for (size_t k = 0; k < p->nspans; k++) nb_buf_puts(&para, p->spans[k].text);
        scan_paragraph(sc, para.data ? para.data : "", before.data ? before.data : "", p->mark);
        nb_buf_add(&before, para.data, para.len);
        nb_buf_free(&para);
    }
    nb_buf_free(&before);
}

static void scan_items(scan *sc, const nb_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        scan_text(sc, &items[i].text);
        scan_items(sc, items[i].items, items[i].nitems);
    }
}

int nb_claims_check(const nb_report *r, const nb_yaml_doc *doc, nb_diag *d)
{
    if (!r->form || !r->form->claims.n) return 0;
    scan sc = {r, doc, d, 0};
    scan_text(&sc, &r->preface);
    for (size_t i = 0; i < r->nsections; i++) {
        const nb_section_data *s = &r->sections[i];
        if (s->form->kind == NB_FORM_BODY) {
            scan_text(&sc, &s->body.intro);
            scan_items(&sc, s->body.items, s->body.nitems);
            scan_text(&sc, &s->body.outro);
        } else {
            scan_text(&sc, &s->table.note);
        }
    }
    return sc.warnings;
}
