/* form: loads form.yaml (see form.h). Names in `sum:`, `rules:` and
 * `previous:` are resolved to row indices here, so a typo in the form is an
 * error at its position, never a silently wrong check. */
#include "form.h"
#include <stdlib.h>
#include <string.h>
#include "schema.h"
#include "textfmt.h"
#include "util.h"

/* Everything the form owns: its parsed file and every allocation. */
typedef struct owned {
    nb_yaml_doc doc;
    void **ptrs;
    size_t n, cap;
} owned;

typedef struct loader {
    nb_form *f;
    nb_diag *d;
    owned *own;
} loader;

static void *keep(loader *L, void *p)
{
    NB_GROW(L->own->ptrs, L->own->n, L->own->cap);
    return L->own->ptrs[L->own->n++] = p;
}

static char *kstr(loader *L, const char *s) { return s ? keep(L, nb_xstrdup(s)) : NULL; }

/* A string value of key in map (NULL when absent; an error when required). */
static char *str_of(loader *L, const nb_val *map, const char *key, bool required)
{
    const nb_pair *p = nb_schema_pair(map, key);
    if (!p) {
        if (required) nb_diag_error(L->d, map->mark, "missing required key '%s'", key);
        return NULL;
    }
    return kstr(L, nb_schema_scalar(L->d, p->value, key));
}

static bool is_seq(loader *L, const nb_val *v, const char *what)
{
    if (v->kind == NB_VAL_SEQ) return true;
    char *f = nb_schema_found(v);
    nb_diag_error(L->d, v->mark, "%s: expected a list, found %s", what, f);
    free(f);
    return false;
}

/* ---- column sets ---- */

/* `signed: [本年增/减]`: the labels of the columns that may be negative. */
static void load_signed(loader *L, nb_form_columns *c, const nb_val *seq, bool has_total)
{
    if (has_total) {
        nb_diag_error(L->d, seq->mark, "a column set with signed columns cannot have a total");
        return;
    }
    c->is_signed = keep(L, nb_xcalloc((size_t)c->n, sizeof *c->is_signed));
    for (size_t i = 0; i < seq->n; i++) {
        const char *label = nb_schema_scalar(L->d, seq->items[i], "signed");
        if (!label) continue;
        int k = 0;
        while (k < c->n && !(c->labels[k] && strcmp(c->labels[k], label) == 0)) k++;
        if (k == c->n) nb_diag_error(L->d, seq->items[i]->mark, "signed: '%s' is not a label of %s", label, c->key);
        else c->is_signed[k] = true;
    }
}

static void load_columns(loader *L, const nb_val *v)
{
    if (!nb_schema_map(L->d, v, "a mapping of column sets")) return;
    L->f->columns = keep(L, nb_xcalloc(v->n ? v->n : 1, sizeof *L->f->columns));
    for (size_t i = 0; i < v->n; i++) {
        const nb_val *cv = v->pairs[i].value;
        nb_form_columns *c = &L->f->columns[L->f->ncolumns];
        c->key = kstr(L, v->pairs[i].key->text);
        if (!nb_schema_map(L->d, cv, "a column set (labels, total, signed)")) continue;
        static const char *const keys[] = {"labels", "total", "signed", NULL};
        nb_schema_keys(L->d, cv, c->key, keys);
        const nb_pair *lp = nb_schema_pair(cv, "labels");
        if (!lp) {
            nb_diag_error(L->d, cv->mark, "missing required key 'labels'");
            continue;
        }
        if (!is_seq(L, lp->value, "labels") || lp->value->n == 0 || lp->value->n > 64) {
            if (lp->value->kind == NB_VAL_SEQ) nb_diag_error(L->d, lp->value->mark, "labels: from 1 to 64 columns");
            continue;
        }
        c->n = (int)lp->value->n;
        c->labels = keep(L, nb_xcalloc((size_t)c->n, sizeof *c->labels));
        for (int k = 0; k < c->n; k++) c->labels[k] = kstr(L, nb_schema_scalar(L->d, lp->value->items[k], "label"));
        const nb_pair *tp = nb_schema_pair(cv, "total");
        if (tp && nb_schema_map(L->d, tp->value, "a total (label, message)")) {
            static const char *const tkeys[] = {"label", "message", NULL};
            nb_schema_keys(L->d, tp->value, "total", tkeys);
            c->total_label = str_of(L, tp->value, "label", true);
            c->total_message = str_of(L, tp->value, "message", true);
        }
        const nb_pair *sp = nb_schema_pair(cv, "signed");
        if (sp && is_seq(L, sp->value, "signed")) load_signed(L, c, sp->value, tp != NULL);
        L->f->ncolumns++;
    }
}

static const nb_form_columns *columns_ref(loader *L, const nb_val *v)
{
    const char *s = nb_schema_scalar(L->d, v, "columns");
    if (!s) return NULL;
    for (size_t i = 0; i < L->f->ncolumns; i++)
        if (strcmp(L->f->columns[i].key, s) == 0) return &L->f->columns[i];
    nb_diag_error(L->d, v->mark, "unknown column set '%s'", s);
    return NULL;
}

/* ---- rows and groups ---- */

typedef struct table_loader {
    nb_form_section *s;
    size_t rcap, gcap;
    const nb_val **sums; /* per row: its `sum:` list, resolved at the end */
} table_loader;

static char *join_path(const char *prefix, const char *key)
{
    return prefix && *prefix ? nb_xasprintf("%s.%s", prefix, key) : nb_xstrdup(key);
}

static void load_rows(loader *L, table_loader *T, const nb_val *seq, int parent, const char *prefix,
                      const nb_form_columns *cols);

static void load_row(loader *L, table_loader *T, const nb_val *v, int parent, const char *prefix,
                     const nb_form_columns *cols)
{
    nb_form_section *s = T->s;
    if (!nb_schema_map(L->d, v, "a row (a mapping with key and label)")) return;
    const nb_val *kv0 = nb_val_get(v, "key");
    if (!kv0) {
        nb_diag_error(L->d, v->mark, "missing required key 'key'");
        return;
    }
    const char *key = nb_schema_scalar(L->d, kv0, "key");
    if (!key) return;
    const nb_val *sub = nb_val_get(v, "rows");
    if (sub) { /* a group */
        static const char *const gkeys[] = {"key", "label", "rows", "columns", "row_names", NULL};
        nb_schema_keys(L->d, v, key, gkeys);
        const nb_val *cv = nb_val_get(v, "columns");
        if (cv) cols = columns_ref(L, cv);
        NB_GROW(s->groups, s->ngroups, T->gcap);
        int g = (int)s->ngroups++;
        nb_form_group *grp = &s->groups[g];
        memset(grp, 0, sizeof *grp);
        grp->key = kstr(L, key);
        grp->path = keep(L, join_path(prefix, key));
        grp->label = str_of(L, v, "label", false);
        grp->parent = parent;
        grp->row_names = str_of(L, v, "row_names", false);
        grp->first = (int)s->nrows;
        char *path = nb_xstrdup(grp->path);
        load_rows(L, T, sub, g, path, cols);
        free(path);
        s->groups[g].last = (int)s->nrows;
        return;
    }
    static const char *const keys[] = {"key", "label", "name", "short", "columns", "value", "places", "what",
                                       "unit", "sum", "message", NULL};
    nb_schema_keys(L->d, v, key, keys);
    NB_GROW(s->rows, s->nrows, T->rcap);
    T->sums = nb_xrealloc(T->sums, T->rcap * sizeof *T->sums);
    int i = (int)s->nrows++;
    nb_form_row *r = &s->rows[i];
    memset(r, 0, sizeof *r);
    T->sums[i] = NULL;
    r->key = kstr(L, key);
    r->path = keep(L, join_path(prefix, key));
    r->label = str_of(L, v, "label", true);
    r->name = str_of(L, v, "name", false);
    if (!r->name && parent >= 0 && s->groups[parent].row_names && r->label) {
        const char *names[] = {"group", "label"};
        const char *vals[] = {s->groups[parent].label ? s->groups[parent].label : "", r->label};
        r->name = keep(L, nb_format(s->groups[parent].row_names, names, vals, 2));
    }
    if (!r->name) r->name = r->label;
    r->short_name = str_of(L, v, "short", false);
    if (!r->short_name) r->short_name = r->name;
    r->group = parent;
    r->mark = v->mark;
    r->kind = NB_FORM_ROW_LIST;
    const nb_val *kv = nb_val_get(v, "value");
    if (kv) {
        const char *k = nb_schema_scalar(L->d, kv, "value");
        if (k && strcmp(k, "count") == 0) r->kind = NB_FORM_ROW_COUNT;
        else if (k && strcmp(k, "decimal") == 0) r->kind = NB_FORM_ROW_DECIMAL;
        else if (k) nb_diag_error(L->d, kv->mark, "unknown value kind '%s' (expected count or decimal)", k);
    }
    const nb_val *cv = nb_val_get(v, "columns");
    r->columns = cv ? columns_ref(L, cv) : cols;
    if (r->kind == NB_FORM_ROW_LIST && !r->columns)
        nb_diag_error(L->d, v->mark, "row '%s' has no columns (give columns, or value: count or decimal)", key);
    if (r->kind == NB_FORM_ROW_DECIMAL) {
        r->places = 6;
        const nb_val *pv = nb_val_get(v, "places");
        if (pv) nb_schema_int(L->d, pv, 0, 9, &r->places);
        r->what = str_of(L, v, "what", false);
        if (!r->what) r->what = kstr(L, "value");
        r->unit = str_of(L, v, "unit", false);
    }
    const nb_val *sv = nb_val_get(v, "sum");
    if (sv && is_seq(L, sv, "sum")) {
        T->sums[i] = sv;
        r->sum_message = str_of(L, v, "message", true);
    }
}

static void load_rows(loader *L, table_loader *T, const nb_val *seq, int parent, const char *prefix,
                      const nb_form_columns *cols)
{
    if (!is_seq(L, seq, "rows")) return;
    for (size_t i = 0; i < seq->n; i++) load_row(L, T, seq->items[i], parent, prefix, cols);
}

/* A row path inside the table, as written in `rules:`/`previous:`. */
static int row_ref(loader *L, const nb_form_section *s, const nb_val *v)
{
    const char *p = nb_schema_scalar(L->d, v, "row");
    if (!p) return -1;
    int i = nb_form_row_index(s, p);
    if (i < 0) nb_diag_error(L->d, v->mark, "table %s has no row '%s'", s->key, p);
    else if (nb_form_row_signed(&s->rows[i])) {
        nb_diag_error(L->d, v->mark, "row '%s' has signed columns: it cannot be a term", p);
        i = -1;
    }
    return i;
}

static int *row_refs(loader *L, const nb_form_section *s, const nb_val *v, size_t *n)
{
    *n = 0;
    if (!is_seq(L, v, "terms")) return NULL;
    int *out = keep(L, nb_xcalloc(v->n ? v->n : 1, sizeof *out));
    for (size_t i = 0; i < v->n; i++) {
        int r = row_ref(L, s, v->items[i]);
        if (r >= 0) out[(*n)++] = r;
    }
    return out;
}

/* `sum: [a, b, group]`: siblings of the computed row, a group standing for
 * every (non-computed) row inside it. */
static void resolve_sum(loader *L, table_loader *T, int i)
{
    nb_form_section *s = T->s;
    nb_form_row *r = &s->rows[i];
    const nb_val *sv = T->sums[i];
    const char *gpath = r->group >= 0 ? s->groups[r->group].path : "";
    r->sum_of = keep(L, nb_xcalloc(s->nrows, sizeof *r->sum_of));
    for (size_t k = 0; k < sv->n; k++) {
        const char *name = nb_schema_scalar(L->d, sv->items[k], "sum");
        if (!name) continue;
        char *path = join_path(gpath, name);
        int row = nb_form_row_index(s, path);
        int first = row, last = row + 1;
        if (row < 0) {
            first = last = -1;
            for (size_t g = 0; g < s->ngroups; g++)
                if (strcmp(s->groups[g].path, path) == 0) first = s->groups[g].first, last = s->groups[g].last;
        }
        free(path);
        if (first < 0) {
            nb_diag_error(L->d, sv->items[k]->mark, "no row or group '%s' beside '%s'", name, r->key);
            continue;
        }
        for (int j = first; j < last; j++) {
            if (j == i || T->sums[j] || r->nsum >= s->nrows) continue;
            if (nb_form_row_signed(&s->rows[j]))
                nb_diag_error(L->d, sv->items[k]->mark, "row '%s' has signed columns: it cannot be summed", s->rows[j].key);
            else r->sum_of[r->nsum++] = j;
        }
    }
}

static void load_rules(loader *L, nb_form_section *s, const nb_val *v)
{
    if (!is_seq(L, v, "rules")) return;
    s->rules = keep(L, nb_xcalloc(v->n ? v->n : 1, sizeof *s->rules));
    for (size_t i = 0; i < v->n; i++) {
        const nb_val *rv = v->items[i];
        if (!nb_schema_map(L->d, rv, "a rule (left, right, at, message)")) continue;
        static const char *const keys[] = {"left", "right", "at", "message", NULL};
        nb_schema_keys(L->d, rv, "rules", keys);
        nb_form_rule *r = &s->rules[s->nrules];
        const nb_val *lv = nb_val_get(rv, "left"), *rtv = nb_val_get(rv, "right"), *at = nb_val_get(rv, "at");
        if (!lv || !rtv || !at) {
            nb_diag_error(L->d, rv->mark, "a rule needs left, right and at");
            continue;
        }
        r->left = row_refs(L, s, lv, &r->nleft);
        r->right = row_refs(L, s, rtv, &r->nright);
        r->at = row_ref(L, s, at);
        r->message = str_of(L, rv, "message", true);
        if (r->at >= 0 && r->message) s->nrules++;
    }
}

/* A column label of row `row` (a list row), as its index; -1 after an error. */
static int pair_column(loader *L, const nb_form_section *s, int row, const nb_val *v, const char *what)
{
    const char *label = nb_schema_scalar(L->d, v, what);
    if (!label) return -1;
    const nb_form_columns *c = s->rows[row].columns;
    for (int k = 0; c && k < c->n; k++)
        if (c->labels[k] && strcmp(c->labels[k], label) == 0) return k;
    nb_diag_error(L->d, v->mark, "%s: '%s' is not a column of %s", what, label, s->rows[row].path);
    return -1;
}

/* `column`, `plus`, `minus` of a pair; false after an error. */
static bool pair_columns(loader *L, const nb_form_section *s, nb_form_pair *p, const nb_val *pv)
{
    const nb_val *cv = nb_val_get(pv, "column");
    if (!cv) {
        if (nb_val_get(pv, "plus") || nb_val_get(pv, "minus"))
            nb_diag_error(L->d, pv->mark, "plus and minus go with column");
        return !(nb_val_get(pv, "plus") || nb_val_get(pv, "minus"));
    }
    if ((p->column = pair_column(L, s, p->now, cv, "column")) < 0) return false;
    bool ok = true;
    for (int m = 0; m < 2; m++) {
        const nb_val *lv = nb_val_get(pv, m ? "minus" : "plus");
        if (!lv) continue;
        if (!is_seq(L, lv, m ? "minus" : "plus")) return false;
        int *cols = keep(L, nb_xcalloc(lv->n ? lv->n : 1, sizeof *cols));
        for (size_t i = 0; i < lv->n; i++) ok &= (cols[i] = pair_column(L, s, p->now, lv->items[i], m ? "minus" : "plus")) >= 0;
        if (m) p->minus = cols, p->nminus = lv->n;
        else p->plus = cols, p->nplus = lv->n;
    }
    return ok;
}

static void load_pairs(loader *L, nb_form_section *s, const nb_val *v)
{
    if (!is_seq(L, v, "previous")) return;
    s->pairs = keep(L, nb_xcalloc(v->n ? v->n : 1, sizeof *s->pairs));
    for (size_t i = 0; i < v->n; i++) {
        const nb_val *pv = v->items[i];
        if (!nb_schema_map(L->d, pv, "a pair (this, last, message)")) continue;
        static const char *const keys[] = {"this", "last", "column", "plus", "minus", "warning", "message", NULL};
        nb_schema_keys(L->d, pv, "previous", keys);
        nb_form_pair *p = &s->pairs[s->npairs];
        memset(p, 0, sizeof *p);
        p->column = -1;
        const nb_val *now = nb_val_get(pv, "this"), *last = nb_val_get(pv, "last");
        if (!now || !last) {
            nb_diag_error(L->d, pv->mark, "a pair needs this and last");
            continue;
        }
        p->now = row_ref(L, s, now);
        p->last = row_ref(L, s, last);
        p->message = str_of(L, pv, "message", true);
        const nb_val *wv = nb_val_get(pv, "warning");
        if (wv) nb_schema_bool(L->d, wv, &p->warning);
        if (p->now >= 0 && !pair_columns(L, s, p, pv)) continue;
        if (p->now >= 0 && p->last >= 0 && p->message) s->npairs++;
    }
}

static void load_jumps(loader *L, nb_form_section *s, const nb_val *v)
{
    if (!nb_schema_map(L->d, v, "jumps (rows, factor, at_least, message)")) return;
    static const char *const keys[] = {"rows", "factor", "at_least", "message", NULL};
    nb_schema_keys(L->d, v, "jumps", keys);
    const nb_val *rv = nb_val_get(v, "rows"), *fv = nb_val_get(v, "factor"), *av = nb_val_get(v, "at_least");
    if (!rv || !fv || !av) {
        nb_diag_error(L->d, v->mark, "jumps needs rows, factor and at_least");
        return;
    }
    char *message = str_of(L, v, "message", true);
    if (!nb_schema_int(L->d, fv, 2, 1000, &s->jump_factor) || !nb_schema_int(L->d, av, 1, 1000000, &s->jump_at_least) ||
        !message)
        return;
    s->jump_rows = row_refs(L, s, rv, &s->njump_rows);
    s->jump_message = message;
}

/* ---- sections ---- */

static void load_table(loader *L, nb_form_section *s, const nb_val *v)
{
    s->name = str_of(L, v, "name", false);
    if (!s->name) s->name = s->heading;
    s->note_key = str_of(L, v, "note", false);
    const nb_val *na = nb_val_get(v, "not_applicable");
    if (na) nb_schema_bool(L->d, na, &s->not_applicable);
    const nb_val *cv = nb_val_get(v, "columns");
    const nb_form_columns *cols = cv ? columns_ref(L, cv) : NULL;
    const nb_val *rows = nb_val_get(v, "rows");
    if (!rows) {
        nb_diag_error(L->d, v->mark, "missing required key 'rows'");
        return;
    }
    table_loader T = {s, 0, 0, NULL};
    load_rows(L, &T, rows, -1, "", cols);
    for (size_t i = 0; i < s->nrows; i++)
        if (T.sums[i]) resolve_sum(L, &T, (int)i);
    free(T.sums);
    keep(L, s->rows);
    keep(L, s->groups);
    for (size_t i = 0; i < s->nrows; i++)
        for (size_t k = 0; k < i; k++)
            if (strcmp(s->rows[i].path, s->rows[k].path) == 0)
                nb_diag_error(L->d, s->rows[i].mark, "row '%s' is defined twice", s->rows[i].path);
    const nb_val *rv = nb_val_get(v, "rules");
    if (rv) load_rules(L, s, rv);
    const nb_val *pv = nb_val_get(v, "previous");
    if (pv) load_pairs(L, s, pv);
    const nb_val *jv = nb_val_get(v, "jumps");
    if (jv) load_jumps(L, s, jv);
}

static void load_sections(loader *L, const nb_val *v)
{
    if (!is_seq(L, v, "sections")) return;
    nb_form *f = L->f;
    f->sections = keep(L, nb_xcalloc(v->n ? v->n : 1, sizeof *f->sections));
    for (size_t i = 0; i < v->n; i++) {
        const nb_val *sv = v->items[i];
        if (!nb_schema_map(L->d, sv, "a section (key, heading, kind)")) continue;
        static const char *const keys[] = {"key", "heading", "kind", "required", "name", "note", "not_applicable",
                                           "columns", "rows", "rules", "previous", "jumps", NULL};
        nb_schema_keys(L->d, sv, "sections", keys);
        nb_form_section *s = &f->sections[f->nsections];
        s->key = str_of(L, sv, "key", true);
        s->heading = str_of(L, sv, "heading", true);
        const char *kind = str_of(L, sv, "kind", true);
        const nb_val *req = nb_val_get(sv, "required");
        if (req) nb_schema_bool(L->d, req, &s->required);
        if (!s->key || !s->heading || !kind) continue;
        for (size_t k = 0; k < f->nsections; k++)
            if (strcmp(f->sections[k].key, s->key) == 0) nb_diag_error(L->d, sv->mark, "section '%s' is defined twice", s->key);
        if (strcmp(kind, "table") == 0) {
            s->kind = NB_FORM_TABLE;
            load_table(L, s, sv);
        } else if (strcmp(kind, "body") == 0) {
            s->kind = NB_FORM_BODY;
        } else {
            nb_diag_error(L->d, nb_val_get(sv, "kind")->mark, "unknown section kind '%s' (expected body or table)", kind);
            continue;
        }
        f->nsections++;
    }
}

/* `placeholder:`: the text a roll-up or a skeleton writes for prose to be
 * written, and how check recognises what is left of it. */
static void load_placeholder(loader *L, const nb_val *v)
{
    if (!nb_schema_map(L->d, v, "a mapping (text, starts, ends, message)")) return;
    static const char *const keys[] = {"text", "starts", "ends", "message", "preface", "intro", "outro", "note",
                                       "item", NULL};
    nb_schema_keys(L->d, v, "placeholder", keys);
    nb_form_placeholder *p = &L->f->placeholder;
    p->text = str_of(L, v, "text", true);
    p->starts = str_of(L, v, "starts", true);
    p->ends = str_of(L, v, "ends", true);
    p->message = str_of(L, v, "message", true);
    p->preface = str_of(L, v, "preface", false);
    p->intro = str_of(L, v, "intro", false);
    p->outro = str_of(L, v, "outro", false);
    p->note = str_of(L, v, "note", false);
    p->item = str_of(L, v, "item", false);
    if (p->starts && !*p->starts) nb_diag_error(L->d, nb_val_get(v, "starts")->mark, "starts must not be empty");
}

static void load_copied(loader *L, const nb_val *v)
{
    if (!nb_schema_map(L->d, v, "a mapping (share, at_least, message)")) return;
    static const char *const keys[] = {"share", "at_least", "message", NULL};
    nb_schema_keys(L->d, v, "copied", keys);
    nb_form_copied *c = &L->f->copied;
    const nb_val *sv = nb_val_get(v, "share"), *av = nb_val_get(v, "at_least");
    c->message = str_of(L, v, "message", true);
    if (!sv || !av) {
        nb_diag_error(L->d, v->mark, "copied needs share and at_least");
        return;
    }
    int share = 0;
    if (nb_schema_int(L->d, sv, 1, 100, &share) && nb_schema_int(L->d, av, 1, 100000, &c->at_least) && c->message)
        c->share = share;
}

/* ---- claims: text against tables ---- */

/* A list of non-empty strings (a single string is a list of one). */
static char **strings_of(loader *L, const nb_val *v, const char *what, size_t *n)
{
    *n = 0;
    if (!v) return NULL;
    if (v->kind != NB_VAL_SEQ) {
        const char *s = nb_schema_scalar(L->d, v, what);
        if (!s) return NULL;
        char **out = keep(L, nb_xcalloc(1, sizeof *out));
        out[(*n)++] = kstr(L, s);
        return out;
    }
    char **out = keep(L, nb_xcalloc(v->n ? v->n : 1, sizeof *out));
    for (size_t i = 0; i < v->n; i++) {
        const char *s = nb_schema_scalar(L->d, v->items[i], what);
        if (!s) continue;
        if (!*s) {
            nb_diag_error(L->d, v->items[i]->mark, "%s: an empty string matches everything", what);
            continue;
        }
        out[(*n)++] = kstr(L, s);
    }
    return out;
}

/* `a + b`: fields that are single cells, summed. */
static bool cells_of(loader *L, const nb_val *v, nb_form_cells *out)
{
    const char *text = nb_schema_scalar(L->d, v, "cells");
    if (!text) return false;
    out->terms = keep(L, nb_xcalloc(strlen(text) / 2 + 1, sizeof *out->terms));
    for (const char *p = text; *p;) {
        while (*p == ' ') p++;
        size_t len = strcspn(p, " +");
        char *field = nb_xstrndup(p, len);
        nb_form_field *f = &out->terms[out->n];
        bool ok = nb_form_field_parse(L->f, field, f) && f->col >= 0;
        if (!ok) nb_diag_error(L->d, v->mark, "cells: '%s' is not a cell of the form (SECTION.ROW or SECTION.ROW.N)", field);
        free(field);
        if (!ok) return false;
        out->n++;
        p += len;
        while (*p == ' ') p++;
        if (*p == '+') p++;
    }
    if (!out->n) nb_diag_error(L->d, v->mark, "cells: expected a cell");
    return out->n > 0;
}

static void load_claim(loader *L, const nb_val *v, nb_form_claim *c)
{
    static const char *const keys[] = {"words", "then", "within", "units", "none", "cells", NULL};
    nb_schema_keys(L->d, v, "claims.list", keys);
    c->words = strings_of(L, nb_val_get(v, "words"), "words", &c->nwords);
    c->then = strings_of(L, nb_val_get(v, "then"), "then", &c->nthen);
    c->within = 20;
    const nb_val *w = nb_val_get(v, "within");
    if (w) nb_schema_int(L->d, w, 1, 200, &c->within);
    c->none = true;
    const nb_val *none = nb_val_get(v, "none");
    if (none) nb_schema_bool(L->d, none, &c->none);
    /* units: {件: 0} or {万元: 0, 元: 4}, tried longest first so 万元 is not read as 元 */
    const nb_val *u = nb_val_get(v, "units");
    if (u && nb_schema_map(L->d, u, "a mapping of unit to its power of ten below the cell's unit")) {
        c->units = keep(L, nb_xcalloc(u->n ? u->n : 1, sizeof *c->units));
        c->unit_shift = keep(L, nb_xcalloc(u->n ? u->n : 1, sizeof *c->unit_shift));
        for (size_t i = 0; i < u->n; i++) {
            int shift = 0;
            if (!nb_schema_int(L->d, u->pairs[i].value, 0, 12, &shift)) continue;
            size_t k = c->nunits++;
            const char *name = u->pairs[i].key->text;
            while (k > 0 && strlen(c->units[k - 1]) < strlen(name)) {
                c->units[k] = c->units[k - 1];
                c->unit_shift[k] = c->unit_shift[k - 1];
                k--;
            }
            c->units[k] = kstr(L, name);
            c->unit_shift[k] = shift;
        }
    }
    const nb_val *cells = nb_val_get(v, "cells");
    if (cells && cells->kind == NB_VAL_SEQ) {
        c->cells = keep(L, nb_xcalloc(cells->n ? cells->n : 1, sizeof *c->cells));
        for (size_t i = 0; i < cells->n; i++)
            if (cells_of(L, cells->items[i], &c->cells[c->ncells])) c->ncells++;
    } else if (cells && cells_of(L, cells, (c->cells = keep(L, nb_xcalloc(1, sizeof *c->cells))))) {
        c->ncells = 1;
    }
    if (!c->nwords || !c->nunits || !c->ncells)
        nb_diag_error(L->d, v->mark, "a claim needs words, units and cells");
}

static void load_claims(loader *L, const nb_val *v)
{
    if (!nb_schema_map(L->d, v, "a mapping (unless, none, message, list)")) return;
    static const char *const keys[] = {"unless", "none", "message", "list", NULL};
    nb_schema_keys(L->d, v, "claims", keys);
    nb_form_claims *c = &L->f->claims;
    c->unless = strings_of(L, nb_val_get(v, "unless"), "unless", &c->nunless);
    c->none = strings_of(L, nb_val_get(v, "none"), "none", &c->nnone);
    c->message = str_of(L, v, "message", true);
    const nb_val *list = nb_val_get(v, "list");
    if (!list) {
        nb_diag_error(L->d, v->mark, "missing required key 'list'");
        return;
    }
    if (!is_seq(L, list, "claims.list")) return;
    nb_form_claim *claims = keep(L, nb_xcalloc(list->n ? list->n : 1, sizeof *claims));
    size_t before = L->d->errors;
    for (size_t i = 0; i < list->n; i++)
        if (nb_schema_map(L->d, list->items[i], "a claim (words, then, within, units, none, cells)"))
            load_claim(L, list->items[i], &claims[i]);
    if (L->d->errors > before || !c->message) return; /* a broken claim checks nothing */
    c->list = claims;
    c->n = list->n;
}

/* ---- dashboard ---- */

static void load_dashboard(loader *L, const nb_val *v)
{
    if (!nb_schema_map(L->d, v, "a mapping (figures, chart)")) return;
    static const char *const keys[] = {"figures", "chart", NULL};
    nb_schema_keys(L->d, v, "dashboard", keys);
    nb_form_dashboard *db = &L->f->dashboard;
    db->chart = -1;
    const nb_val *figs = nb_val_get(v, "figures");
    if (!figs) {
        nb_diag_error(L->d, v->mark, "missing required key 'figures'");
        return;
    }
    if (!is_seq(L, figs, "dashboard.figures")) return;
    nb_form_figure *out = keep(L, nb_xcalloc(figs->n ? figs->n : 1, sizeof *out));
    size_t before = L->d->errors;
    for (size_t i = 0; i < figs->n; i++) {
        const nb_val *fv = figs->items[i];
        if (!nb_schema_map(L->d, fv, "a figure (label, cells, share_of)")) continue;
        static const char *const fkeys[] = {"label", "cells", "share_of", NULL};
        nb_schema_keys(L->d, fv, "dashboard.figures", fkeys);
        nb_form_figure *f = &out[i];
        f->label = str_of(L, fv, "label", true);
        const nb_val *cv = nb_val_get(fv, "cells"), *sv = nb_val_get(fv, "share_of");
        if (!cv) nb_diag_error(L->d, fv->mark, "missing required key 'cells'");
        else cells_of(L, cv, &f->cells);
        if (sv) f->share = cells_of(L, sv, &f->share_of);
    }
    const nb_val *chart = nb_val_get(v, "chart");
    if (chart) {
        const char *label = nb_schema_scalar(L->d, chart, "chart");
        for (size_t i = 0; label && i < figs->n; i++)
            if (out[i].label && strcmp(out[i].label, label) == 0) db->chart = (int)i;
        if (label && db->chart < 0) nb_diag_error(L->d, chart->mark, "chart: no figure is labelled '%s'", label);
    }
    if (L->d->errors > before) return;
    db->figures = out;
    db->nfigures = figs->n;
}

bool nb_form_is_placeholder(const nb_form *f, const char *s)
{
    const nb_form_placeholder *p = &f->placeholder;
    if (!p->starts || !p->ends || !*p->starts) return false;
    size_t n = strlen(s), a = strlen(p->starts), b = strlen(p->ends);
    return n >= a + b && memcmp(s, p->starts, a) == 0 && memcmp(s + n - b, p->ends, b) == 0;
}

int nb_form_load(const char *path, nb_diag *d, nb_form *out)
{
    memset(out, 0, sizeof *out);
    owned *own = nb_xcalloc(1, sizeof *own);
    out->owned = own;
    loader L = {out, d, own};
    size_t before = d->errors;
    if (nb_yaml_parse_file(path, d, &own->doc) != 0) return -1;
    const nb_val *root = own->doc.root;
    if (!nb_schema_map(d, root, "a form (name, columns, sections)")) return -1;
    static const char *const keys[] = {"name", "title", "columns", "sections", "placeholder", "copied", "claims", "dashboard", "import", NULL};
    nb_schema_keys(d, root, "", keys);
    out->name = str_of(&L, root, "name", true);
    out->title = str_of(&L, root, "title", false);
    const nb_val *copied = nb_val_get(root, "copied");
    if (copied) load_copied(&L, copied);
    const nb_val *pv = nb_val_get(root, "placeholder");
    if (pv) load_placeholder(&L, pv);
    const nb_val *cv = nb_val_get(root, "columns");
    if (cv) load_columns(&L, cv);
    const nb_val *sv = nb_val_get(root, "sections");
    if (sv) load_sections(&L, sv);
    else nb_diag_error(d, root->mark, "missing required key 'sections'");
    const nb_val *claims = nb_val_get(root, "claims"); /* after the sections: its cells name their rows */
    if (claims && d->errors == before) load_claims(&L, claims);
    out->dashboard.chart = -1;
    const nb_val *dash = nb_val_get(root, "dashboard");
    if (dash && d->errors == before) load_dashboard(&L, dash);
    out->import = nb_val_get(root, "import");
    return d->errors > before ? -1 : 0;
}

void nb_form_free(nb_form *f)
{
    owned *own = f->owned;
    if (own) {
        for (size_t i = 0; i < own->n; i++) free(own->ptrs[i]);
        free(own->ptrs);
        nb_yaml_free(&own->doc);
        free(own);
    }
    memset(f, 0, sizeof *f);
}

const nb_form_section *nb_form_section_get(const nb_form *f, const char *key)
{
    for (size_t i = 0; i < f->nsections; i++)
        if (strcmp(f->sections[i].key, key) == 0) return &f->sections[i];
    return NULL;
}

int nb_form_row_index(const nb_form_section *s, const char *path)
{
    for (size_t i = 0; i < s->nrows; i++)
        if (strcmp(s->rows[i].path, path) == 0) return (int)i;
    return -1;
}

int nb_form_row_width(const nb_form_row *r)
{
    if (r->kind != NB_FORM_ROW_LIST || !r->columns) return 1;
    return r->columns->n + (r->columns->total_label ? 1 : 0);
}

bool nb_form_col_signed(const nb_form_row *r, int col)
{
    return r->kind == NB_FORM_ROW_LIST && r->columns && r->columns->is_signed && col >= 0 && col < r->columns->n &&
           r->columns->is_signed[col];
}

bool nb_form_row_signed(const nb_form_row *r)
{
    for (int c = 0; r->kind == NB_FORM_ROW_LIST && r->columns && c < r->columns->n; c++)
        if (nb_form_col_signed(r, c)) return true;
    return false;
}

bool nb_form_field_parse(const nb_form *f, const char *path, nb_form_field *out)
{
    const char *dot = strchr(path, '.');
    if (!dot) return false;
    char *key = nb_xstrndup(path, (size_t)(dot - path));
    const nb_form_section *s = nb_form_section_get(f, key);
    free(key);
    if (!s || s->kind != NB_FORM_TABLE) return false;
    const char *rest = dot + 1;
    size_t n = strlen(rest);
    int col = -2;
    const char *last = strrchr(rest, '.');
    if (last && strcmp(last, ".*") == 0) {
        n = (size_t)(last - rest);
        col = -1;
    } else if (last && last[1] >= '0' && last[1] <= '9') {
        char *end;
        long c = strtol(last + 1, &end, 10);
        if (!*end && c < 100) {
            n = (size_t)(last - rest);
            col = (int)c;
        }
    }
    char *rp = nb_xstrndup(rest, n);
    int row = nb_form_row_index(s, rp);
    free(rp);
    if (row < 0) return false;
    int w = nb_form_row_width(&s->rows[row]);
    if (col == -2) {
        if (w != 1) return false; /* a row of several columns is named with .* or .N */
        col = 0;
    }
    if (col >= w) return false;
    if (col == -1 && w == 1) col = 0;
    out->section = s;
    out->row = row;
    out->col = col;
    return true;
}
