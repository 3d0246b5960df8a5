/* data_table: a table section of the data file, read as its form declares
 * it: groups are mappings, rows are lists over the row's columns (with an
 * optional given total), single counts or decimals; `/` where the form
 * allows 不适用. Numbers keep the text written; nothing passes through a
 * double. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "data_load.h"
#include "decimal.h"
#include "util.h"

#define COUNT_WHAT "a count (a non-negative integer below 10^9)"

/* `/`: 不适用, where the form allows it. */
static bool is_na(const nb_form_section *s, const nb_val *v)
{
    return s->not_applicable && v->kind == NB_VAL_SCALAR && !v->quoted && strcmp(v->text, "/") == 0;
}

/* A count as a plain scalar; in a signed column also below zero ("-3"),
 * kept as written ("+4"). */
static bool count_scalar(loader *L, const nb_val *v, bool is_signed, nb_value *out)
{
    if (v->kind == NB_VAL_SCALAR && !v->quoted) {
        nb_numkind k = nb_schema_numkind(v->text);
        if (is_signed && k == NB_NUM_NEG && nb_schema_numkind(v->text + 1) != NB_NUM_INT) k = NB_NUM_FRAC;
        if (is_signed && k == NB_NUM_NEG) {
            if (!nb_schema_int_value(v->text + 1, 9, &out->count)) {
                nb_diag_error(L->d, v->mark, "count is too large: %s (the limit is 999999999)", v->text);
                return false;
            }
            out->negative = out->count != 0;
            out->text = nb_xstrdup(v->text);
            out->mark = v->mark;
            return true;
        }
        switch (k) {
        case NB_NUM_INT:
            if (!nb_schema_int_value(v->text, 9, &out->count)) {
                nb_diag_error(L->d, v->mark, "count is too large: %s (the limit is 999999999)", v->text);
                return false;
            }
            if (is_signed) out->text = nb_xstrdup(v->text);
            out->mark = v->mark;
            return true;
        case NB_NUM_NEG: nb_diag_error(L->d, v->mark, "count must not be negative: %s", v->text); return false;
        case NB_NUM_FRAC: nb_diag_error(L->d, v->mark, "count must be a whole number: %s", v->text); return false;
        case NB_NUM_NONE: break;
        }
    }
    char *f = nb_schema_found(v);
    if (is_signed) nb_diag_error(L->d, v->mark, "expected a whole number (below 10^9, perhaps negative), found %s", f);
    else nb_diag_error(L->d, v->mark, "expected " COUNT_WHAT ", found %s", f);
    free(f);
    return false;
}

/* A count: a plain integer, `/` where allowed, or {count: 22, note: 其中修订16件}. */
static bool load_count(loader *L, const nb_form_section *s, const nb_val *v, const char *path, bool is_signed,
                       nb_value *out)
{
    memset(out, 0, sizeof *out);
    if (is_na(s, v)) {
        out->na = true;
        out->mark = v->mark;
        return true;
    }
    if (v->kind != NB_VAL_MAP) return count_scalar(L, v, is_signed, out);
    static const char *const keys[] = {"count", "note", NULL};
    nb_schema_keys(L->d, v, path, keys);
    const nb_pair *c = nb_schema_pair(v, "count");
    bool ok = true;
    if (!c) {
        nb_diag_error(L->d, v->mark, "missing required key 'count'");
        ok = false;
    } else if (!count_scalar(L, c->value, is_signed, out)) {
        ok = false;
    }
    const nb_val *note = nb_data_get(v, "note");
    if (note) {
        out->note = nb_data_string(L, note);
        if (out->note && !*out->note) {
            free(out->note);
            out->note = NULL;
        }
    }
    out->mark = v->mark;
    if (!ok) {
        free(out->note);
        free(out->text);
        memset(out, 0, sizeof *out);
    }
    return ok;
}

static bool decimal_ok(const char *t, int places)
{
    size_t digits = 0, frac = 0;
    for (; *t >= '0' && *t <= '9'; t++) digits++;
    if (*t == '.') {
        for (t++; *t >= '0' && *t <= '9'; t++) frac++;
        if (frac == 0) return false;
    }
    return digits > 0 && frac <= (size_t)places && !*t;
}

/* A decimal ≥ 0 with at most the row's places, kept exactly as written. */
static void load_decimal(loader *L, const nb_form_section *s, const nb_form_row *fr, const nb_val *v, nb_value *out)
{
    if (is_na(s, v)) {
        out->na = true;
        out->mark = v->mark;
        return;
    }
    if (v->kind == NB_VAL_SCALAR && !v->quoted && decimal_ok(v->text, fr->places)) {
        out->text = nb_xstrdup(v->text);
        out->mark = v->mark;
        return;
    }
    char *rule = nb_xasprintf("%s must be a decimal number ≥ 0 with at most %d decimal places", fr->what, fr->places);
    if (v->kind == NB_VAL_SCALAR) {
        char *x = nb_schema_excerpt(v);
        if (v->quoted) nb_diag_error(L->d, v->mark, "%s: \"%s\" (a quoted string)", rule, x);
        else nb_diag_error(L->d, v->mark, "%s: %s", rule, x);
        free(x);
    } else {
        char *f = nb_schema_found(v);
        nb_diag_error(L->d, v->mark, "%s, found %s", rule, f);
        free(f);
    }
    free(rule);
}

static const char *plural(size_t n) { return n == 1 ? "" : "s"; }

/* A row at value v (present, perhaps empty). */
static void load_row(loader *L, const nb_form_section *s, const nb_form_row *fr, const char *path, const nb_val *v,
                     nb_row *row)
{
    row->mark = v->mark;
    row->present = true;
    if (fr->kind == NB_FORM_ROW_COUNT) {
        load_count(L, s, v, path, false, &row->cells[0]);
        return;
    }
    if (fr->kind == NB_FORM_ROW_DECIMAL) {
        load_decimal(L, s, fr, v, &row->cells[0]);
        return;
    }
    int n = row->ncells;
    bool total = fr->columns && fr->columns->total_label;
    if (v->kind != NB_VAL_SEQ || (v->n != (size_t)n && !(total && v->n == (size_t)n + 1))) {
        char *f = v->kind == NB_VAL_SEQ ? nb_xasprintf("%zu item%s", v->n, plural(v->n)) : nb_schema_found(v);
        if (total) nb_diag_error(L->d, v->mark, "expected a list of %d counts (or %d with a total), found %s", n, n + 1, f);
        else nb_diag_error(L->d, v->mark, "expected a list of %d counts, found %s", n, f);
        free(f);
        return;
    }
    for (int i = 0; i < n; i++) load_count(L, s, v->items[i], path, nb_form_col_signed(fr, i), &row->cells[i]);
    if (v->n == (size_t)n + 1) row->has_total = load_count(L, s, v->items[n], path, false, &row->given_total);
}

/* The keys directly inside group g (-1: the section), NULL-terminated, plus
 * extra (the note) at the top. Caller frees the array. */
static const char **keys_of(const nb_form_section *s, int g, const char *extra)
{
    const char **keys = nb_xcalloc(s->nrows + s->ngroups + 2, sizeof *keys);
    size_t n = 0;
    /* in form order: rows and groups interleaved as written */
    for (size_t i = 0; i < s->nrows; i++) {
        /* the outermost group of row i below g, or the row itself */
        int top = s->rows[i].group;
        const char *key = s->rows[i].key;
        if (top == g) {
            keys[n++] = key;
            continue;
        }
        while (top >= 0 && s->groups[top].parent != g) top = s->groups[top].parent;
        if (top < 0) continue;
        key = s->groups[top].key;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++) seen = keys[k] == key;
        if (!seen) keys[n++] = key;
    }
    if (extra) keys[n++] = extra;
    return keys;
}

static void load_group(loader *L, nb_section_data *sd, int g, const nb_val *v, const char *path);

/* The key `key` of mapping v inside group g: a row or a sub-group. */
static void load_member(loader *L, nb_section_data *sd, int g, const nb_pair *p, const char *path)
{
    const nb_form_section *s = sd->form;
    const char *key = p->key->text;
    char *mpath = nb_xasprintf("%s.%s", path, key);
    for (size_t i = 0; i < s->nrows; i++)
        if (s->rows[i].group == g && strcmp(s->rows[i].key, key) == 0) {
            load_row(L, s, &s->rows[i], mpath, p->value, &sd->table.rows[i]);
            free(mpath);
            return;
        }
    for (size_t k = 0; k < s->ngroups; k++)
        if (s->groups[k].parent == g && strcmp(s->groups[k].key, key) == 0) {
            /* an empty group is the same as leaving it out */
            if (p->value->kind != NB_VAL_NULL) load_group(L, sd, (int)k, p->value, mpath);
            break;
        }
    free(mpath);
}

static void load_group(loader *L, nb_section_data *sd, int g, const nb_val *v, const char *path)
{
    if (!nb_schema_map(L->d, v, "a mapping")) return;
    const char **keys = keys_of(sd->form, g, g < 0 ? sd->form->note_key : NULL);
    nb_schema_keys(L->d, v, path, keys);
    for (size_t i = 0; i < v->n; i++) {
        const nb_pair *p = &v->pairs[i];
        if (g < 0 && sd->form->note_key && strcmp(p->key->text, sd->form->note_key) == 0) {
            nb_data_text(L, p->value->kind == NB_VAL_NULL ? NULL : p->value, &sd->table.note);
            continue;
        }
        load_member(L, sd, g, p, path);
    }
    free(keys);
}

void nb_data_table_init(nb_section_data *sd, const nb_form_section *f)
{
    memset(sd, 0, sizeof *sd);
    sd->form = f;
    if (f->kind != NB_FORM_TABLE) return;
    sd->table.nrows = f->nrows;
    sd->table.rows = nb_xcalloc(f->nrows ? f->nrows : 1, sizeof *sd->table.rows);
    for (size_t i = 0; i < f->nrows; i++) {
        const nb_form_row *fr = &f->rows[i];
        nb_row *row = &sd->table.rows[i];
        row->ncells = fr->kind == NB_FORM_ROW_LIST && fr->columns ? fr->columns->n : 1;
        row->cells = nb_xcalloc((size_t)row->ncells, sizeof *row->cells);
    }
}

void nb_data_table_load(loader *L, const nb_pair *p, nb_section_data *sd)
{
    sd->table.mark = p->key->mark;
    if (p->value->kind == NB_VAL_NULL) return; /* an empty section: all zero */
    load_group(L, sd, -1, p->value, sd->form->key);
}

static void free_value(nb_value *v)
{
    free(v->text);
    free(v->note);
}

void nb_data_table_free(nb_table_data *t)
{
    for (size_t i = 0; i < t->nrows; i++) {
        for (int c = 0; c < t->rows[i].ncells; c++) free_value(&t->rows[i].cells[c]);
        free(t->rows[i].cells);
        free_value(&t->rows[i].given_total);
    }
    free(t->rows);
    nb_text_free(&t->note);
    memset(t, 0, sizeof *t);
}

uint64_t nb_report_cell(const nb_section_data *sd, int row, int col)
{
    const nb_form_row *fr = &sd->form->rows[row];
    if (fr->sum_of) {
        uint64_t s = 0;
        for (size_t k = 0; k < fr->nsum; k++) s += nb_report_cell(sd, fr->sum_of[k], col);
        return s;
    }
    const nb_row *r = &sd->table.rows[row];
    if (col < r->ncells) return r->cells[col].count;
    uint64_t s = 0;
    for (int c = 0; c < r->ncells; c++) s += r->cells[c].count;
    return s;
}

char *nb_report_cells_value(const nb_report *r, const nb_form_cells *sum)
{
    char **terms = nb_xcalloc(sum->n, sizeof *terms);
    bool na = false;
    for (size_t i = 0; i < sum->n; i++) {
        const nb_form_field *f = &sum->terms[i];
        const nb_section_data *sd = nb_report_section(r, f->section->key);
        const nb_row *row = &sd->table.rows[f->row];
        if (f->col < row->ncells && row->cells[f->col].na) na = true;
        if (f->section->rows[f->row].kind == NB_FORM_ROW_DECIMAL)
            terms[i] = nb_xstrdup(row->ncells && row->cells[0].text ? row->cells[0].text : "0");
        else
            terms[i] = nb_xasprintf("%" PRIu64, nb_report_cell(sd, f->row, f->col));
    }
    char *out = na ? NULL : nb_decimal_sum((const char *const *)terms, sum->n);
    for (size_t i = 0; i < sum->n; i++) free(terms[i]);
    free(terms);
    return out;
}
