/* data: the value tree -> the typed report model (spec/data-format.md).
 * Every problem is reported and loading goes on, so that one run shows all
 * of a file's mistakes; a part in error is left at its zero value. */
#include "data.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "suggest.h"
#include "util.h"

#define EXCERPT 40 /* code points of user text quoted in a message */

typedef struct loader {
    nb_diag *d;
    const char *agency; /* for the signed.by default */
} loader;

/* ---- messages ---- */

typedef enum { NUM_NONE, NUM_INT, NUM_NEG, NUM_FRAC } numkind;
static numkind classify(const char *t);

/* What was found where something else belongs, for "found …". Caller frees. */
static char *found(const nb_val *v)
{
    if (!v || v->kind == NB_VAL_NULL) return nb_xstrdup("an empty value");
    if (v->kind == NB_VAL_MAP) return nb_xstrdup("a mapping");
    if (v->kind == NB_VAL_SEQ) return nb_xstrdup("a list");
    char *x = nb_excerpt(v->text, v->len, EXCERPT);
    char *r = !v->quoted && classify(v->text) != NUM_NONE ? nb_xasprintf("the number %s", x)
                                                          : nb_xasprintf("a string \"%s\"", x);
    free(x);
    return r;
}

static char *excerpt(const nb_val *v) { return nb_excerpt(v->text, v->len, EXCERPT); }

static void unknown_key(loader *L, const nb_val *key, const char *path, const char *const *known)
{
    char *k = excerpt(key);
    const char *s = nb_suggest(key->text, known);
    nb_buf b;
    nb_buf_init(&b);
    nb_buf_printf(&b, "unknown key '%s'", k);
    if (path && *path) nb_buf_printf(&b, " in %s", path);
    if (s) nb_buf_printf(&b, " (did you mean '%s'?)", s);
    nb_diag_error(L->d, key->mark, "%s", b.data);
    nb_buf_free(&b);
    free(k);
}

/* Reports the keys of map that are not in known. */
static void check_keys(loader *L, const nb_val *map, const char *path, const char *const *known)
{
    for (size_t i = 0; i < map->n; i++) {
        const nb_val *key = map->pairs[i].key;
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++)
            ok = strlen(*k) == key->len && memcmp(*k, key->text, key->len) == 0;
        if (!ok) unknown_key(L, key, path, known);
    }
}

static const nb_pair *get_pair(const nb_val *map, const char *key)
{
    size_t len = strlen(key);
    for (size_t i = 0; i < map->n; i++)
        if (map->pairs[i].key->len == len && memcmp(map->pairs[i].key->text, key, len) == 0) return &map->pairs[i];
    return NULL;
}

/* A present, non-null value of key, or NULL: `key:` with nothing is the same
 * as leaving the key out. */
static const nb_val *get(const nb_val *map, const char *key)
{
    const nb_pair *p = get_pair(map, key);
    return p && p->value->kind != NB_VAL_NULL ? p->value : NULL;
}

/* Map expected at v: reports and returns false otherwise. */
static bool want_map(loader *L, const nb_val *v, const char *what)
{
    if (v->kind == NB_VAL_MAP) return true;
    char *f = found(v);
    nb_diag_error(L->d, v->mark, "expected %s, found %s", what, f);
    free(f);
    return false;
}

/* ---- numbers ---- */

/* Classifies a plain scalar as YAML would read a decimal number: an integer,
 * a negative number, a number with a fraction or exponent, or no number. */
static numkind classify(const char *t)
{
    bool neg = *t == '-';
    if (*t == '-' || *t == '+') t++;
    size_t digits = 0, frac = 0;
    bool dot = false, exp = false;
    for (; *t >= '0' && *t <= '9'; t++) digits++;
    if (*t == '.') {
        dot = true;
        for (t++; *t >= '0' && *t <= '9'; t++) frac++;
    }
    if (digits + frac == 0) return NUM_NONE;
    if (*t == 'e' || *t == 'E') {
        exp = true;
        t++;
        if (*t == '-' || *t == '+') t++;
        if (!(*t >= '0' && *t <= '9')) return NUM_NONE;
        while (*t >= '0' && *t <= '9') t++;
    }
    if (*t) return NUM_NONE;
    if (neg) return NUM_NEG;
    return dot || exp ? NUM_FRAC : NUM_INT;
}

/* Parses a classified integer; false when it has more than max_digits
 * significant digits. */
static bool int_value(const char *t, int max_digits, uint32_t *out)
{
    if (*t == '+') t++;
    while (*t == '0' && t[1]) t++;
    if ((int)strlen(t) > max_digits) return false;
    uint32_t v = 0;
    for (; *t; t++) v = v * 10 + (uint32_t)(*t - '0');
    *out = v;
    return true;
}

#define COUNT_WHAT "a count (a non-negative integer below 10^9)"

/* A count as a plain scalar. */
static bool count_scalar(loader *L, const nb_val *v, nb_count *out)
{
    if (v->kind == NB_VAL_SCALAR && !v->quoted) {
        switch (classify(v->text)) {
        case NUM_INT:
            if (!int_value(v->text, 9, &out->value)) {
                nb_diag_error(L->d, v->mark, "count is too large: %s (the limit is 999999999)", v->text);
                return false;
            }
            out->mark = v->mark;
            return true;
        case NUM_NEG: nb_diag_error(L->d, v->mark, "count must not be negative: %s", v->text); return false;
        case NUM_FRAC: nb_diag_error(L->d, v->mark, "count must be a whole number: %s", v->text); return false;
        case NUM_NONE: break;
        }
    }
    char *f = found(v);
    nb_diag_error(L->d, v->mark, "expected " COUNT_WHAT ", found %s", f);
    free(f);
    return false;
}

static char *get_string(loader *L, const nb_val *v, const char *path);

/* A count: a plain integer, or {count: 22, note: 其中修订16件}. */
static bool load_count(loader *L, const nb_val *v, const char *path, nb_count *out)
{
    memset(out, 0, sizeof *out);
    if (v->kind != NB_VAL_MAP) return count_scalar(L, v, out);
    static const char *const keys[] = {"count", "note", NULL};
    check_keys(L, v, path, keys);
    const nb_pair *c = get_pair(v, "count");
    bool ok = true;
    if (!c) {
        nb_diag_error(L->d, v->mark, "missing required key 'count'");
        ok = false;
    } else if (!count_scalar(L, c->value, out)) {
        ok = false;
    }
    const nb_val *note = get(v, "note");
    if (note) {
        out->note = get_string(L, note, path);
        if (out->note && !*out->note) {
            free(out->note);
            out->note = NULL;
        }
    }
    out->mark = v->mark;
    if (!ok) {
        free(out->note);
        memset(out, 0, sizeof *out);
    }
    return ok;
}

static const char *plural(size_t n) { return n == 1 ? "" : "s"; }

/* A row of ncells counts, optionally followed by its total. */
static void load_row(loader *L, const nb_val *v, int ncells, const char *path, nb_row *row)
{
    row->ncells = ncells;
    if (!v) return;
    row->mark = v->mark;
    row->present = true;
    if (v->kind != NB_VAL_SEQ || (v->n != (size_t)ncells && v->n != (size_t)ncells + 1)) {
        char *f = v->kind == NB_VAL_SEQ ? nb_xasprintf("%zu item%s", v->n, plural(v->n)) : found(v);
        nb_diag_error(L->d, v->mark, "expected a list of %d counts (or %d with a total), found %s", ncells, ncells + 1, f);
        free(f);
        return;
    }
    for (int i = 0; i < ncells; i++) load_count(L, v->items[i], path, &row->cells[i]);
    if (v->n == (size_t)ncells + 1) row->has_total = load_count(L, v->items[ncells], path, &row->given_total);
}

static void load_triple(loader *L, const nb_val *v, const char *path, nb_count out[3])
{
    if (!v) return;
    if (v->kind != NB_VAL_SEQ || v->n != 3) {
        char *f = v->kind == NB_VAL_SEQ ? nb_xasprintf("%zu item%s", v->n, plural(v->n)) : found(v);
        nb_diag_error(L->d, v->mark, "expected a list of 3 counts, found %s", f);
        free(f);
        return;
    }
    for (int i = 0; i < 3; i++) load_count(L, v->items[i], path, &out[i]);
}

#define FEE_RULE "fee must be a decimal number ≥ 0 with at most 6 decimal places"

static bool fee_text_ok(const char *t)
{
    size_t digits = 0, frac = 0;
    for (; *t >= '0' && *t <= '9'; t++) digits++;
    if (*t == '.') {
        for (t++; *t >= '0' && *t <= '9'; t++) frac++;
        if (frac == 0) return false;
    }
    return digits > 0 && frac <= 6 && !*t;
}

static void load_fees(loader *L, const nb_val *v, nb_report *r)
{
    if (!v) return;
    if (v->kind == NB_VAL_SCALAR && !v->quoted && fee_text_ok(v->text)) {
        free(r->fees);
        r->fees = nb_xstrdup(v->text); /* exactly as written: never through a double */
        r->fees_mark = v->mark;
        return;
    }
    if (v->kind == NB_VAL_SCALAR) {
        char *x = excerpt(v);
        if (v->quoted)
            nb_diag_error(L->d, v->mark, FEE_RULE ": \"%s\" (a quoted string)", x);
        else
            nb_diag_error(L->d, v->mark, FEE_RULE ": %s", x);
        free(x);
    } else {
        char *f = found(v);
        nb_diag_error(L->d, v->mark, FEE_RULE ", found %s", f);
        free(f);
    }
}

static void load_year(loader *L, const nb_val *v, nb_report *r)
{
    numkind k = v->kind == NB_VAL_SCALAR && !v->quoted ? classify(v->text) : NUM_NONE;
    if (k == NUM_INT || k == NUM_NEG) {
        uint32_t y;
        if (k == NUM_INT && int_value(v->text, 4, &y) && y >= 2008 && y <= 2100) {
            r->year = (int)y;
            return;
        }
        char *x = excerpt(v);
        nb_diag_error(L->d, v->mark, "year must be between 2008 and 2100: %s", x);
        free(x);
        return;
    }
    char *f = found(v);
    nb_diag_error(L->d, v->mark, "expected a year (a whole number from 2008 to 2100), found %s", f);
    free(f);
}

/* ---- strings and text ---- */

/* Text of a scalar (a plain number is text too); NULL after an error. */
static bool has_control(loader *L, const nb_val *v)
{
    if (memchr(v->text, 0, v->len)) {
        /* a "\0" escape: C strings would silently cut the text there */
        nb_diag_error(L->d, v->mark, "text must not contain a NUL character (\\0)");
        return true;
    }
    /* Other controls come only from escapes ("\x07"): HTML cannot show them
     * and no font draws them, so they are an error here, for every format. */
    for (size_t i = 0; i < v->len;) {
        uint32_t cp;
        int k = nb_utf8_decode(v->text + i, v->len - i, &cp);
        if (!k) break; /* libyaml has checked the encoding */
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F)) {
            nb_diag_error(L->d, v->mark, "text must not contain the control character U+%04X", (unsigned)cp);
            return true;
        }
        i += (size_t)k;
    }
    return false;
}

/* Explicit bidirectional formatting: no report text needs it, and in a
 * browser it reorders what readers see (an override turns 0001 into 1000). */
static bool is_bidi_control(uint32_t cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* Removes bidirectional controls from s (in place), with a warning at v: the
 * outputs then show the characters in the order written, in every format. */
static void strip_bidi(loader *L, const nb_val *v, char *s)
{
    size_t n = strlen(s), w = 0, removed = 0;
    uint32_t first = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = nb_utf8_decode(s + i, n - i, &cp);
        if (k && is_bidi_control(cp)) {
            if (!removed++) first = cp;
            i += (size_t)k;
            continue;
        }
        if (!k) k = 1;
        memmove(s + w, s + i, (size_t)k);
        w += (size_t)k;
        i += (size_t)k;
    }
    s[w] = 0;
    if (removed == 1)
        nb_diag_warning(L->d, v->mark, "removed the bidirectional control character U+%04X: it would reorder the text "
                        "readers see", (unsigned)first);
    else if (removed)
        nb_diag_warning(L->d, v->mark, "removed %zu bidirectional control characters (the first U+%04X): they would "
                        "reorder the text readers see", removed, (unsigned)first);
}

static char *get_string(loader *L, const nb_val *v, const char *path)
{
    (void)path;
    if (v->kind == NB_VAL_SCALAR) {
        if (has_control(L, v)) return NULL;
        char *s = nb_xstrndup(v->text, v->len);
        strip_bidi(L, v, s);
        return s;
    }
    char *f = found(v);
    nb_diag_error(L->d, v->mark, "expected a string, found %s", f);
    free(f);
    return NULL;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    return true;
}

/* A string that must not be empty (agency, heading, …). */
static char *get_name(loader *L, const nb_val *v, const char *name)
{
    if (v->kind == NB_VAL_NULL) {
        nb_diag_error(L->d, v->mark, "%s must not be empty", name);
        return NULL;
    }
    char *s = get_string(L, v, name);
    if (s && blank(s)) {
        nb_diag_error(L->d, v->mark, "%s must not be empty", name);
        free(s);
        return NULL;
    }
    return s;
}

/* An optional string: NULL when absent or empty. */
static char *get_opt_string(loader *L, const nb_val *v, const char *name)
{
    if (!v) return NULL;
    char *s = get_string(L, v, name);
    if (s && !*s) {
        free(s);
        return NULL;
    }
    return s;
}

/* YAML folds the line breaks of a plain, quoted or `>` scalar written over
 * several lines into spaces, and blank lines into single \n. Undo that so
 * that the text rules hold however the text was written: \n is a paragraph
 * break, and a folded space next to a CJK character goes (a single break
 * between CJK characters joins with nothing). Caller frees. */
static char *unfold(const nb_val *v)
{
    if (!v->folded) return nb_xstrndup(v->text, v->len);
    nb_buf b;
    nb_buf_init(&b);
    const char *s = v->text;
    size_t n = v->len;
    uint32_t prev = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = nb_utf8_decode(s + i, n - i, &cp);
        if (!k) {
            cp = (unsigned char)s[i];
            k = 1;
        }
        if (cp == '\n') {
            nb_buf_add(&b, "\n\n", 2);
        } else if (cp == ' ' && prev != ' ') {
            uint32_t next = 0;
            if (i + 1 < n && !nb_utf8_decode(s + i + 1, n - i - 1, &next)) next = 0;
            bool drop = i + 1 < n && next != ' ' && (nb_is_cjk(prev) || nb_is_cjk(next));
            if (!drop) nb_buf_putc(&b, ' ');
        } else {
            nb_buf_add(&b, s + i, (size_t)k);
        }
        prev = cp;
        i += (size_t)k;
    }
    return nb_buf_take(&b);
}

static void load_text(loader *L, const nb_val *v, nb_text *out)
{
    if (!v) return;
    if (v->kind != NB_VAL_SCALAR) {
        char *f = found(v);
        nb_diag_error(L->d, v->mark, "expected a string, found %s", f);
        free(f);
        return;
    }
    if (has_control(L, v)) return;
    char *s = unfold(v);
    strip_bidi(L, v, s);
    nb_text_parse(s, v->mark, out);
    free(s);
}

static bool load_bool(loader *L, const nb_val *v, bool *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", NULL};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", NULL};
    if (v->kind == NB_VAL_SCALAR && !v->quoted) {
        for (const char *const *p = yes; *p; p++)
            if (!strcmp(v->text, *p)) return *out = true;
        for (const char *const *p = no; *p; p++)
            if (!strcmp(v->text, *p)) return !(*out = false);
        char *x = excerpt(v);
        nb_diag_error(L->d, v->mark, "expected true or false, found \"%s\"", x);
        free(x);
        return false;
    }
    char *f = found(v);
    nb_diag_error(L->d, v->mark, "expected true or false, found %s", f);
    free(f);
    return false;
}

/* ---- bodies and items ---- */

static void load_items(loader *L, const nb_val *v, int level, const char *path, nb_item **items, size_t *nitems);

static void load_item(loader *L, const nb_val *v, int level, const char *path, nb_item *it)
{
    memset(it, 0, sizeof *it);
    it->mark = v->mark;
    if (v->kind != NB_VAL_MAP) {
        char *f = found(v);
        nb_diag_error(L->d, v->mark, "expected an item (a mapping with a heading), found %s", f);
        free(f);
        return;
    }
    static const char *const keys[] = {"heading", "text", "run_in", "items", NULL};
    check_keys(L, v, path, keys);
    const nb_pair *h = get_pair(v, "heading");
    if (!h) {
        nb_diag_error(L->d, v->mark, "missing required key 'heading'");
    } else {
        it->heading = get_name(L, h->value, "heading");
        it->mark = h->value->mark;
    }
    load_text(L, get(v, "text"), &it->text);
    const nb_val *ri = get(v, "run_in");
    if (ri) load_bool(L, ri, &it->run_in);
    const nb_val *sub = get(v, "items");
    if (sub) {
        char *p = nb_xasprintf("%s.items", path);
        load_items(L, sub, level + 1, p, &it->items, &it->nitems);
        free(p);
    }
}

static void load_items(loader *L, const nb_val *v, int level, const char *path, nb_item **items, size_t *nitems)
{
    if (v->kind != NB_VAL_SEQ) {
        char *f = found(v);
        nb_diag_error(L->d, v->mark, "expected a list of items, found %s", f);
        free(f);
        return;
    }
    if (level > NB_MAX_ITEM_DEPTH) {
        nb_diag_error(L->d, v->n ? v->items[0]->mark : v->mark, "items nested %d levels deep (at most %d)", level,
                      NB_MAX_ITEM_DEPTH);
        return;
    }
    if (v->n == 0) return;
    *items = nb_xcalloc(v->n, sizeof **items);
    *nitems = v->n;
    for (size_t i = 0; i < v->n; i++) load_item(L, v->items[i], level, path, &(*items)[i]);
}

static void load_numbering(loader *L, const nb_val *v, nb_numbering *out)
{
    static const struct { const char *text; nb_numbering n; } styles[] = {
        {"（一）", NB_NUM_CN_PAREN}, {"1.", NB_NUM_ARABIC_DOT}, {"（1）", NB_NUM_ARABIC_PAREN}, {"none", NB_NUM_NONE}};
    if (v->kind == NB_VAL_SCALAR)
        for (size_t i = 0; i < sizeof styles / sizeof *styles; i++)
            if (!strcmp(v->text, styles[i].text)) {
                *out = styles[i].n;
                return;
            }
    if (v->kind == NB_VAL_SCALAR) {
        char *x = excerpt(v);
        nb_diag_error(L->d, v->mark, "unknown numbering '%s' (expected （一）, 1., （1） or none)", x);
        free(x);
        return;
    }
    char *f = found(v);
    nb_diag_error(L->d, v->mark, "expected a numbering (（一）, 1., （1） or none), found %s", f);
    free(f);
}

/* A required body; p is its pair at the top level. */
static void load_body(loader *L, const nb_pair *p, const char *path, nb_body *b)
{
    const nb_val *v = p->value;
    b->mark = v->mark;
    if (v->kind == NB_VAL_NULL) {
        nb_diag_error(L->d, p->key->mark, "%s must not be empty", path);
        return;
    }
    if (v->kind == NB_VAL_SCALAR) {
        load_text(L, v, &b->intro);
        return;
    }
    if (v->kind != NB_VAL_MAP) {
        char *f = found(v);
        nb_diag_error(L->d, v->mark, "expected a string or a mapping, found %s", f);
        free(f);
        return;
    }
    static const char *const keys[] = {"intro", "items", "outro", "numbering", NULL};
    check_keys(L, v, path, keys);
    load_text(L, get(v, "intro"), &b->intro);
    const nb_val *items = get(v, "items");
    if (items) {
        char *ip = nb_xasprintf("%s.items", path);
        load_items(L, items, 1, ip, &b->items, &b->nitems);
        free(ip);
    }
    load_text(L, get(v, "outro"), &b->outro);
    const nb_val *num = get(v, "numbering");
    if (num) load_numbering(L, num, &b->numbering);
}

/* ---- sections ---- */

static const char *const section_keys[] = {"overview", "proactive", "applications", "reviews",
                                           "problems", "other_matters", NULL};

static void load_headings(loader *L, const nb_val *v, nb_report *r)
{
    if (!want_map(L, v, "a mapping of section keys to headings")) return;
    check_keys(L, v, "headings", section_keys);
    r->headings = nb_xcalloc(v->n ? v->n : 1, sizeof *r->headings);
    for (size_t i = 0; i < v->n; i++) {
        const nb_pair *p = &v->pairs[i];
        bool known = false;
        for (const char *const *k = section_keys; *k && !known; k++) known = !strcmp(*k, p->key->text);
        if (!known) continue;
        char *name = nb_xasprintf("headings.%s", p->key->text);
        char *text = get_name(L, p->value, name);
        free(name);
        if (!text) continue;
        r->headings[r->nheadings].key = nb_xstrdup(p->key->text);
        r->headings[r->nheadings].text = text;
        r->headings[r->nheadings].mark = p->value->mark;
        r->nheadings++;
    }
}

static void load_proactive(loader *L, const nb_pair *p, nb_report *r)
{
    const nb_val *v = p->value;
    r->proactive_mark = p->key->mark;
    if (v->kind == NB_VAL_NULL || !want_map(L, v, "a mapping")) return;
    static const char *const keys[] = {"rules", "normative_documents", "licensing", "punishment",
                                       "coercion", "fees", "note", NULL};
    check_keys(L, v, "proactive", keys);
    load_triple(L, get(v, "rules"), "proactive.rules", r->rules);
    load_triple(L, get(v, "normative_documents"), "proactive.normative_documents", r->normative_documents);
    const nb_val *c;
    if ((c = get(v, "licensing"))) load_count(L, c, "proactive.licensing", &r->licensing);
    if ((c = get(v, "punishment"))) load_count(L, c, "proactive.punishment", &r->punishment);
    if ((c = get(v, "coercion"))) load_count(L, c, "proactive.coercion", &r->coercion);
    load_fees(L, get(v, "fees"), r);
    load_text(L, get(v, "note"), &r->proactive_note);
}

/* A group of rows under one key: keys[i] is row base + i. */
static void load_group(loader *L, const nb_val *v, const char *path, const char *const *keys, int base, nb_report *r)
{
    if (!want_map(L, v, "a mapping")) return;
    check_keys(L, v, path, keys);
    for (int i = 0; keys[i]; i++) {
        char *rp = nb_xasprintf("%s.%s", path, keys[i]);
        load_row(L, get(v, keys[i]), 6, rp, &r->app[base + i]);
        free(rp);
    }
}

static void load_results(loader *L, const nb_val *v, nb_report *r)
{
    static const char *const keys[] = {"disclosed", "partially_disclosed", "withheld", "unavailable",
                                       "not_processed", "other_handling", "total", NULL};
    static const char *const withheld[] = {"state_secret", "prohibited_by_law", "endangers_security",
                                           "third_party_rights", "internal_affairs", "process_information",
                                           "enforcement_files", "administrative_query", NULL};
    static const char *const unavailable[] = {"not_held", "needs_creation", "still_unclear", NULL};
    static const char *const not_processed[] = {"petition", "repeated", "publication", "excessive",
                                                "confirm_or_reissue", NULL};
    static const char *const other_handling[] = {"no_correction", "fee_unpaid", "other", NULL};
    if (!want_map(L, v, "a mapping")) return;
    const char *path = "applications.results";
    check_keys(L, v, path, keys);
    load_row(L, get(v, "disclosed"), 6, path, &r->app[NB_APP_DISCLOSED]);
    load_row(L, get(v, "partially_disclosed"), 6, path, &r->app[NB_APP_PARTIALLY_DISCLOSED]);
    const nb_val *g;
    if ((g = get(v, "withheld"))) load_group(L, g, "applications.results.withheld", withheld, NB_APP_W_STATE_SECRET, r);
    if ((g = get(v, "unavailable")))
        load_group(L, g, "applications.results.unavailable", unavailable, NB_APP_U_NOT_HELD, r);
    if ((g = get(v, "not_processed")))
        load_group(L, g, "applications.results.not_processed", not_processed, NB_APP_N_PETITION, r);
    if ((g = get(v, "other_handling")))
        load_group(L, g, "applications.results.other_handling", other_handling, NB_APP_O_NO_CORRECTION, r);
    load_row(L, get(v, "total"), 6, path, &r->app[NB_APP_TOTAL]);
}

static void load_applications(loader *L, const nb_pair *p, nb_report *r)
{
    const nb_val *v = p->value;
    r->applications_mark = p->key->mark;
    if (v->kind == NB_VAL_NULL || !want_map(L, v, "a mapping")) return;
    static const char *const keys[] = {"received", "carried_over", "results", "carried_forward", "note", NULL};
    check_keys(L, v, "applications", keys);
    load_row(L, get(v, "received"), 6, "applications", &r->app[NB_APP_RECEIVED]);
    load_row(L, get(v, "carried_over"), 6, "applications", &r->app[NB_APP_CARRIED_OVER]);
    const nb_val *res = get(v, "results");
    if (res) load_results(L, res, r);
    load_row(L, get(v, "carried_forward"), 6, "applications", &r->app[NB_APP_CARRIED_FORWARD]);
    load_text(L, get(v, "note"), &r->applications_note);
}

static void load_reviews(loader *L, const nb_pair *p, nb_report *r)
{
    const nb_val *v = p->value;
    r->reviews_mark = p->key->mark;
    if (v->kind == NB_VAL_NULL || !want_map(L, v, "a mapping")) return;
    static const char *const keys[] = {"review", "litigation_direct", "litigation_after_review", "note", NULL};
    check_keys(L, v, "reviews", keys);
    for (int i = 0; i < NB_REV_NROWS; i++) load_row(L, get(v, keys[i]), 4, "reviews", &r->rev[i]);
    load_text(L, get(v, "note"), &r->reviews_note);
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static void load_signed(loader *L, const nb_val *v, nb_report *r)
{
    if (!want_map(L, v, "a mapping")) return;
    static const char *const keys[] = {"by", "date", NULL};
    check_keys(L, v, "signed", keys);
    r->has_signed = true;
    r->signed_mark = v->mark;
    const nb_val *by = get(v, "by");
    if (by) r->signed_by = get_name(L, by, "signed.by");
    else if (L->agency) r->signed_by = nb_xstrdup(L->agency);
    const nb_val *date = get(v, "date");
    if (!date) return;
    if (date->kind != NB_VAL_SCALAR) {
        char *f = found(date);
        nb_diag_error(L->d, date->mark, "signed.date must be a date YYYY-MM-DD, found %s", f);
        free(f);
        return;
    }
    const char *t = date->text;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool ok = date->len == 10 && t[4] == '-' && t[7] == '-';
    for (int i = 0; ok && i < 10; i++)
        if (i != 4 && i != 7 && !(t[i] >= '0' && t[i] <= '9')) ok = false;
    int y = 0, m = 0, d = 0;
    if (ok) {
        y = atoi(t);
        m = atoi(t + 5);
        d = atoi(t + 8);
        ok = y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1] + (m == 2 && leap(y));
    }
    if (!ok) {
        char *x = excerpt(date);
        nb_diag_error(L->d, date->mark, "signed.date must be a date YYYY-MM-DD: %s", x);
        free(x);
        return;
    }
    r->signed_y = y;
    r->signed_m = m;
    r->signed_d = d;
}

/* ---- the whole report ---- */

int nb_report_load(const nb_val *root, nb_diag *d, nb_report *out)
{
    memset(out, 0, sizeof *out);
    out->fees = nb_xstrdup("0");
    for (int i = 0; i < NB_APP_NROWS; i++) out->app[i].ncells = 6;
    for (int i = 0; i < NB_REV_NROWS; i++) out->rev[i].ncells = 4;
    size_t before = d->errors;
    loader L = {d, NULL};
    static const char *const required[] = {"agency", "year", "overview", "problems", "other_matters", NULL};

    nb_mark rm = root ? root->mark : (nb_mark){1, 1};
    out->root_mark = rm;
    if (!root || root->kind == NB_VAL_NULL) {
        for (const char *const *k = required; *k; k++) nb_diag_error(d, rm, "missing required key '%s'", *k);
        return -1;
    }
    if (root->kind != NB_VAL_MAP) {
        char *f = found(root);
        nb_diag_error(d, rm, "expected a mapping of keys (agency, year, overview, …) at the top level, found %s", f);
        free(f);
        return -1;
    }
    static const char *const keys[] = {"agency", "year", "title", "layout", "subtitle", "preface", "headings",
                                       "overview", "proactive", "applications", "reviews", "problems",
                                       "other_matters", "signed", NULL};
    check_keys(&L, root, "", keys);
    for (const char *const *k = required; *k; k++)
        if (!get_pair(root, *k)) nb_diag_error(d, rm, "missing required key '%s'", *k);

    const nb_pair *p;
    const nb_val *v;
    if ((p = get_pair(root, "agency"))) {
        out->agency = get_name(&L, p->value, "agency");
        out->agency_mark = p->value->mark;
        L.agency = out->agency;
    }
    if ((p = get_pair(root, "year"))) load_year(&L, p->value, out);
    if ((v = get(root, "title"))) {
        out->title = get_opt_string(&L, v, "title");
        out->title_mark = v->mark;
    }
    if ((v = get(root, "layout"))) {
        out->layout = get_opt_string(&L, v, "layout");
        out->layout_mark = v->mark;
    }
    if ((v = get(root, "subtitle"))) {
        out->subtitle = get_opt_string(&L, v, "subtitle");
        out->subtitle_mark = v->mark;
    }
    load_text(&L, get(root, "preface"), &out->preface);
    if ((v = get(root, "headings"))) load_headings(&L, v, out);
    if ((p = get_pair(root, "overview"))) load_body(&L, p, "overview", &out->overview);
    if ((p = get_pair(root, "proactive"))) load_proactive(&L, p, out);
    if ((p = get_pair(root, "applications"))) load_applications(&L, p, out);
    if ((p = get_pair(root, "reviews"))) load_reviews(&L, p, out);
    if ((p = get_pair(root, "problems"))) load_body(&L, p, "problems", &out->problems);
    if ((p = get_pair(root, "other_matters"))) load_body(&L, p, "other_matters", &out->other_matters);
    if ((v = get(root, "signed"))) load_signed(&L, v, out);

    return d->errors > before ? -1 : 0;
}

static void free_items(nb_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].heading);
        nb_text_free(&items[i].text);
        free_items(items[i].items, items[i].nitems);
    }
    free(items);
}

static void free_body(nb_body *b)
{
    nb_text_free(&b->intro);
    nb_text_free(&b->outro);
    free_items(b->items, b->nitems);
}

static void free_counts(nb_count *c, size_t n)
{
    for (size_t i = 0; i < n; i++) free(c[i].note);
}

void nb_report_free(nb_report *r)
{
    free(r->agency);
    free(r->title);
    free(r->layout);
    free(r->subtitle);
    nb_text_free(&r->preface);
    for (size_t i = 0; i < r->nheadings; i++) {
        free(r->headings[i].key);
        free(r->headings[i].text);
    }
    free(r->headings);
    free_body(&r->overview);
    free_body(&r->problems);
    free_body(&r->other_matters);
    free_counts(r->rules, 3);
    free_counts(r->normative_documents, 3);
    free_counts(&r->licensing, 1);
    free_counts(&r->punishment, 1);
    free_counts(&r->coercion, 1);
    free(r->fees);
    nb_text_free(&r->proactive_note);
    for (int i = 0; i < NB_APP_NROWS; i++) {
        free_counts(r->app[i].cells, 6);
        free_counts(&r->app[i].given_total, 1);
    }
    nb_text_free(&r->applications_note);
    for (int i = 0; i < NB_REV_NROWS; i++) {
        free_counts(r->rev[i].cells, 4);
        free_counts(&r->rev[i].given_total, 1);
    }
    nb_text_free(&r->reviews_note);
    free(r->signed_by);
    memset(r, 0, sizeof *r);
}

uint64_t nb_row_sum(const nb_row *row)
{
    uint64_t s = 0;
    for (int i = 0; i < row->ncells && i < 6; i++) s += row->cells[i].value;
    return s;
}
