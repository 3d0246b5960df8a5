/* data: the value tree -> the typed report model (spec/data-format.md).
 * Every problem is reported and loading goes on, so that one run shows all
 * of a file's mistakes; a part in error is left at its zero value. */
#include "data.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data_load.h"
#include "util.h"

/* The names data.c shares with data_table.c (data_load.h). */
#define found nb_schema_found
#define excerpt nb_schema_excerpt
#define get_pair nb_schema_pair
#define get nb_data_get
#define check_keys(L, map, path, known) nb_schema_keys((L)->d, map, path, known)
#define want_map(L, v, what) nb_schema_map((L)->d, v, what)

const nb_val *nb_data_get(const nb_val *map, const char *key)
{
    const nb_pair *p = nb_schema_pair(map, key);
    return p && p->value->kind != NB_VAL_NULL ? p->value : NULL;
}

static void load_year(loader *L, const nb_val *v, nb_report *r)
{
    nb_numkind k = v->kind == NB_VAL_SCALAR && !v->quoted ? nb_schema_numkind(v->text) : NB_NUM_NONE;
    if (k == NB_NUM_INT || k == NB_NUM_NEG) {
        uint32_t y;
        if (k == NB_NUM_INT && nb_schema_int_value(v->text, 4, &y) && y >= 2008 && y <= 2100) {
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

char *nb_data_string(loader *L, const nb_val *v)
{
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
    char *s = nb_data_string(L, v);
    if (s && blank(s)) {
        nb_diag_error(L->d, v->mark, "%s must not be empty", name);
        free(s);
        return NULL;
    }
    return s;
}

/* An optional string: NULL when absent or empty. */
static char *get_opt_string(loader *L, const nb_val *v)
{
    if (!v) return NULL;
    char *s = nb_data_string(L, v);
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

/* What YAML would read a plain scalar as, when not a string: text fields
 * refuse these (`KEY: 42` is a number, not text). NULL: a string. */
static const char *non_text(const nb_val *v)
{
    static const char *const bools[] = {"true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
                                        "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", NULL};
    if (v->kind != NB_VAL_SCALAR || v->quoted) return NULL;
    const char *t = v->text;
    if (nb_schema_numkind(t) != NB_NUM_NONE) return "a number";
    for (const char *const *b = bools; *b; b++)
        if (!strcmp(t, *b)) return "a boolean";
    if (nb_val_is_null(v)) return NULL; /* an empty value: the caller's case */
    /* YYYY-MM-DD (YAML 1.1 timestamp) */
    size_t i = 0;
    while (t[i] >= '0' && t[i] <= '9') i++;
    if (i == 4 && t[i] == '-' && t[i + 1] >= '0' && t[i + 1] <= '9') {
        i++;
        while (t[i] >= '0' && t[i] <= '9') i++;
        if (t[i] == '-' && t[i + 1] >= '0' && t[i + 1] <= '9') return "a date";
    }
    return NULL;
}

/* Prose a roll-up or a skeleton left to be written (form.yaml `placeholder:`). */
static bool is_placeholder(const nb_form *f, const char *s)
{
    size_t a = 0, b = strlen(s);
    while (a < b && strchr(" \t\r\n", s[a])) a++;
    while (b > a && strchr(" \t\r\n", s[b - 1])) b--;
    char *t = nb_xstrndup(s + a, b - a);
    bool is = nb_form_is_placeholder(f, t);
    free(t);
    return is;
}

void nb_data_text(loader *L, const nb_val *v, nb_text *out)
{
    if (!v) return;
    const char *nt = non_text(v);
    if (nt) {
        nb_diag_error(L->d, v->mark, "expected text, found %s: quote it if it is meant", nt);
        return;
    }
    if (v->kind != NB_VAL_SCALAR) {
        char *f = found(v);
        nb_diag_error(L->d, v->mark, "expected a string, found %s", f);
        free(f);
        return;
    }
    if (has_control(L, v)) return;
    char *s = unfold(v);
    strip_bidi(L, v, s);
    if (L->form && is_placeholder(L->form, s)) nb_diag_error(L->d, v->mark, "%s", L->form->placeholder.message);
    nb_text_parse(s, v->mark, out);
    free(s);
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
    nb_data_text(L, get(v, "text"), &it->text);
    const nb_val *ri = get(v, "run_in");
    if (ri) nb_schema_bool(L->d, ri, &it->run_in);
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

/* The numbering style a body names: one of the layout's. */
static void load_numbering(loader *L, const nb_val *v, char **out)
{
    if (v->kind == NB_VAL_SCALAR)
        for (const char *const *k = L->numberings; k && *k; k++)
            if (!strcmp(v->text, *k)) {
                *out = nb_xstrdup(v->text);
                return;
            }
    nb_buf list;
    nb_buf_init(&list);
    for (const char *const *k = L->numberings; k && *k; k++)
        nb_buf_printf(&list, "%s%s", k == L->numberings ? "" : k[1] ? ", " : " or ", *k);
    if (v->kind == NB_VAL_SCALAR) {
        char *x = excerpt(v);
        nb_diag_error(L->d, v->mark, "unknown numbering '%s' (expected %s)", x, list.data ? list.data : "");
        free(x);
    } else {
        char *f = found(v);
        nb_diag_error(L->d, v->mark, "expected a numbering (%s), found %s", list.data ? list.data : "", f);
        free(f);
    }
    nb_buf_free(&list);
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
        nb_data_text(L, v, &b->intro);
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
    nb_data_text(L, get(v, "intro"), &b->intro);
    const nb_val *items = get(v, "items");
    if (items) {
        char *ip = nb_xasprintf("%s.items", path);
        load_items(L, items, 1, ip, &b->items, &b->nitems);
        free(ip);
    }
    nb_data_text(L, get(v, "outro"), &b->outro);
    const nb_val *num = get(v, "numbering");
    if (num) load_numbering(L, num, &b->numbering);
}

/* ---- sections ---- */

/* The form's section keys (NULL-terminated). Caller frees the array. */
static const char **section_keys(const nb_form *f)
{
    size_t n = f ? f->nsections : 0;
    const char **keys = nb_xcalloc(n + 1, sizeof *keys);
    for (size_t i = 0; i < n; i++) keys[i] = f->sections[i].key;
    return keys;
}

static void load_headings(loader *L, const nb_val *v, nb_report *r)
{
    if (!want_map(L, v, "a mapping of section keys to headings")) return;
    const char **keys = section_keys(r->form);
    check_keys(L, v, "headings", keys);
    r->headings = nb_xcalloc(v->n ? v->n : 1, sizeof *r->headings);
    for (size_t i = 0; i < v->n; i++) {
        const nb_pair *p = &v->pairs[i];
        bool known = false;
        for (const char **k = keys; *k && !known; k++) known = !strcmp(*k, p->key->text);
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
    free(keys);
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

/* The envelope's keys, around the form's sections. */
static const char *const head_keys[] = {"agency", "year", "title", "layout", "subtitle", "preface", "headings", NULL};
static const char *const tail_keys[] = {"signed", NULL};

static void missing_required(loader *L, const nb_form *f, nb_mark at, const nb_val *root)
{
    static const char *const required[] = {"agency", "year", NULL};
    for (const char *const *k = required; *k; k++)
        if (!root || !get_pair(root, *k)) nb_diag_error(L->d, at, "missing required key '%s'", *k);
    for (size_t i = 0; f && i < f->nsections; i++)
        if (f->sections[i].required && (!root || !get_pair(root, f->sections[i].key)))
            nb_diag_error(L->d, at, "missing required key '%s'", f->sections[i].key);
}

const char *nb_report_layout_key(const nb_val *root)
{
    const nb_val *v = root && root->kind == NB_VAL_MAP ? nb_val_get(root, "layout") : NULL;
    return v && v->kind == NB_VAL_SCALAR && v->len ? v->text : NULL;
}

int nb_report_load(const nb_val *root, const nb_form *form, const char *const *numberings, nb_diag *d,
                   nb_report *out)
{
    memset(out, 0, sizeof *out);
    out->form = form;
    size_t before = d->errors;
    loader L = {d, NULL, numberings, form};
    nb_mark rm = root ? root->mark : (nb_mark){1, 1};
    out->root_mark = rm;
    if (form) {
        out->nsections = form->nsections;
        out->sections = nb_xcalloc(form->nsections ? form->nsections : 1, sizeof *out->sections);
        for (size_t i = 0; i < form->nsections; i++) nb_data_table_init(&out->sections[i], &form->sections[i]);
    }
    if (!root || root->kind == NB_VAL_NULL) {
        missing_required(&L, form, rm, NULL);
        return -1;
    }
    if (root->kind != NB_VAL_MAP) {
        char *f = found(root);
        const char *first = form && form->nsections ? form->sections[0].key : NULL;
        nb_diag_error(d, rm, "expected a mapping of keys (agency, year, %s%s…) at the top level, found %s",
                      first ? first : "", first ? ", " : "", f);
        free(f);
        return -1;
    }
    if (form) {
        size_t nh = sizeof head_keys / sizeof *head_keys - 1, nt = sizeof tail_keys / sizeof *tail_keys - 1;
        const char **keys = nb_xcalloc(nh + form->nsections + nt + 1, sizeof *keys);
        memcpy(keys, head_keys, nh * sizeof *keys);
        for (size_t i = 0; i < form->nsections; i++) keys[nh + i] = form->sections[i].key;
        memcpy(keys + nh + form->nsections, tail_keys, nt * sizeof *keys);
        check_keys(&L, root, "", keys);
        free(keys);
    }
    missing_required(&L, form, rm, root);

    const nb_pair *p;
    const nb_val *v;
    if ((p = get_pair(root, "agency"))) {
        out->agency = get_name(&L, p->value, "agency");
        out->agency_mark = p->value->mark;
        L.agency = out->agency;
    }
    if ((p = get_pair(root, "year"))) load_year(&L, p->value, out);
    if ((v = get(root, "title"))) {
        out->title = get_opt_string(&L, v);
        out->title_mark = v->mark;
    }
    if ((v = get(root, "layout"))) {
        out->layout = get_opt_string(&L, v);
        out->layout_mark = v->mark;
    }
    if ((v = get(root, "subtitle"))) {
        out->subtitle = get_opt_string(&L, v);
        out->subtitle_mark = v->mark;
    }
    nb_data_text(&L, get(root, "preface"), &out->preface);
    if ((v = get(root, "headings")) && form) load_headings(&L, v, out);
    for (size_t i = 0; i < out->nsections; i++) {
        nb_section_data *s = &out->sections[i];
        if (!(p = get_pair(root, s->form->key))) continue;
        if (s->form->kind == NB_FORM_BODY) load_body(&L, p, s->form->key, &s->body);
        else nb_data_table_load(&L, p, s);
    }
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
    free(b->numbering);
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
    for (size_t i = 0; i < r->nsections; i++) {
        free_body(&r->sections[i].body);
        nb_data_table_free(&r->sections[i].table);
    }
    free(r->sections);
    free(r->signed_by);
    memset(r, 0, sizeof *r);
}

const nb_section_data *nb_report_section(const nb_report *r, const char *key)
{
    for (size_t i = 0; i < r->nsections; i++)
        if (strcmp(r->sections[i].form->key, key) == 0) return &r->sections[i];
    return NULL;
}
