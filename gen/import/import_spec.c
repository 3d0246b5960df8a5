/* import_spec: the form's `import:` block (layouts/README.md "Import"):
 * the other wordings reports use for headings and labels, the group a
 * report may print as one row, the other units of a decimal row. Paths are
 * the form's (SECTION, SECTION.ROWPATH), checked here: a typo is an error at
 * its position in form.yaml. */
#include <stdlib.h>
#include <string.h>
#include "import_model.h"
#include "schema.h"

static char **alias_list(nb_diag *d, const nb_val *v)
{
    if (v->kind != NB_VAL_SEQ) {
        nb_diag_error(d, v->mark, "aliases: expected a list of labels");
        return NULL;
    }
    char **out = nb_xcalloc(v->n + 1, sizeof *out);
    size_t k = 0;
    for (size_t i = 0; i < v->n; i++) {
        const char *s = nb_schema_scalar(d, v->items[i], "alias");
        if (s) out[k++] = imp_norm(s);
    }
    return out;
}

/* SECTION.PATH → section index and row (*row) or group (*group) index. */
static int resolve(const nb_form *f, const char *path, int *row, int *group)
{
    *row = *group = -1;
    const char *dot = strchr(path, '.');
    size_t klen = dot ? (size_t)(dot - path) : strlen(path);
    for (size_t i = 0; i < f->nsections; i++) {
        const nb_form_section *s = &f->sections[i];
        if (strlen(s->key) != klen || strncmp(s->key, path, klen) != 0) continue;
        if (!dot) return (int)i;
        *row = nb_form_row_index(s, dot + 1);
        for (size_t g = 0; g < s->ngroups && *row < 0; g++)
            if (strcmp(s->groups[g].path, dot + 1) == 0) *group = (int)g;
        return *row >= 0 || *group >= 0 ? (int)i : -1;
    }
    return -1;
}

static void load_aliases(imp_spec *sp, const nb_form *f, const nb_val *v, nb_diag *d)
{
    if (!nb_schema_map(d, v, "a mapping of form paths to lists of labels")) return;
    for (size_t i = 0; i < v->n; i++) {
        const nb_pair *p = &v->pairs[i];
        int row, group, s = resolve(f, p->key->text, &row, &group);
        if (s < 0) {
            nb_diag_error(d, p->key->mark, "aliases: the form has no section, row or group '%s'", p->key->text);
            continue;
        }
        char ***slot = row >= 0 ? &sp->sections[s].rows[row].aliases
                       : group >= 0 ? &sp->sections[s].groups[group].aliases : &sp->sections[s].aliases;
        if (*slot) {
            nb_diag_error(d, p->key->mark, "aliases: '%s' is given twice", p->key->text);
            continue;
        }
        *slot = alias_list(d, p->value);
    }
}

static void load_collapsed(imp_spec *sp, const nb_form *f, const nb_val *v, nb_diag *d)
{
    if (!nb_schema_map(d, v, "a mapping of groups to the key of one of their rows")) return;
    for (size_t i = 0; i < v->n; i++) {
        const nb_pair *p = &v->pairs[i];
        int row, group, s = resolve(f, p->key->text, &row, &group);
        const char *key = nb_schema_scalar(d, p->value, "collapsed");
        if (s < 0 || group < 0) {
            nb_diag_error(d, p->key->mark, "collapsed: the form has no group '%s'", p->key->text);
            continue;
        }
        if (!key) continue;
        const nb_form_section *fs = &f->sections[s];
        char *rp = nb_xasprintf("%s.%s", fs->groups[group].path, key);
        int r = nb_form_row_index(fs, rp);
        free(rp);
        if (r < 0) nb_diag_error(d, p->value->mark, "collapsed: group '%s' has no row '%s'", p->key->text, key);
        else sp->sections[s].groups[group].collapsed = r;
    }
}

static void load_units(imp_spec *sp, const nb_form *f, const nb_val *v, nb_diag *d)
{
    if (!nb_schema_map(d, v, "a mapping of decimal rows to {unit: places}")) return;
    for (size_t i = 0; i < v->n; i++) {
        const nb_pair *p = &v->pairs[i];
        int row, group, s = resolve(f, p->key->text, &row, &group);
        if (s < 0 || row < 0 || f->sections[s].rows[row].kind != NB_FORM_ROW_DECIMAL) {
            nb_diag_error(d, p->key->mark, "units: the form has no decimal row '%s'", p->key->text);
            continue;
        }
        if (!nb_schema_map(d, p->value, "a mapping of units to the places the value moves")) continue;
        imp_row_spec *rs = &sp->sections[s].rows[row];
        if (rs->units) {
            nb_diag_error(d, p->key->mark, "units: '%s' is given twice", p->key->text);
            continue;
        }
        rs->units = nb_xcalloc(p->value->n + 1, sizeof *rs->units);
        rs->shift = nb_xcalloc(p->value->n + 1, sizeof *rs->shift);
        for (size_t k = 0; k < p->value->n; k++) {
            const nb_pair *u = &p->value->pairs[k];
            int places = 0;
            if (!nb_schema_int(d, u->value, 1, 8, &places)) continue;
            size_t j = 0;
            while (rs->units[j]) j++;
            rs->units[j] = imp_norm(u->key->text);
            rs->shift[j] = places;
        }
    }
}

int imp_spec_load(imp_spec *sp, const nb_layout *l, nb_diag *d)
{
    const nb_form *f = &l->form;
    memset(sp, 0, sizeof *sp);
    sp->n = f->nsections;
    sp->sections = nb_xcalloc(f->nsections + 1, sizeof *sp->sections);
    for (size_t i = 0; i < f->nsections; i++) {
        sp->sections[i].rows = nb_xcalloc(f->sections[i].nrows + 1, sizeof(imp_row_spec));
        sp->sections[i].groups = nb_xcalloc(f->sections[i].ngroups + 1, sizeof(imp_group_spec));
        sp->sections[i].nrows = f->sections[i].nrows;
        sp->sections[i].ngroups = f->sections[i].ngroups;
        for (size_t g = 0; g < f->sections[i].ngroups; g++) sp->sections[i].groups[g].collapsed = -1;
    }
    const nb_val *v = f->import;
    size_t before = d->errors;
    if (v && nb_schema_map(d, v, "a mapping (title_word, heading_ends, place_ends, aliases, collapsed, units)")) {
        static const char *const keys[] = {"title_word", "heading_ends", "place_ends", "aliases", "collapsed", "units", NULL};
        nb_schema_keys(d, v, "import", keys);
        const nb_val *he = nb_val_get(v, "heading_ends");
        const char *s = he ? nb_schema_scalar(d, he, "heading_ends") : NULL;
        if (s) sp->heading_ends = imp_norm(s);
        const nb_val *tw = nb_val_get(v, "title_word");
        s = tw ? nb_schema_scalar(d, tw, "title_word") : NULL;
        if (s && *s) sp->title_word = nb_xstrdup(s);
        const nb_val *pe = nb_val_get(v, "place_ends");
        s = pe ? nb_schema_scalar(d, pe, "place_ends") : NULL;
        if (s) sp->place_ends = imp_norm(s);
        const nb_val *a = nb_val_get(v, "aliases");
        if (a) load_aliases(sp, f, a, d);
        const nb_val *c = nb_val_get(v, "collapsed");
        if (c) load_collapsed(sp, f, c, d);
        const nb_val *u = nb_val_get(v, "units");
        if (u) load_units(sp, f, u, d);
    }
    if (!sp->heading_ends) sp->heading_ends = imp_norm(l->run_in_end ? l->run_in_end : "。");
    return d->errors > before ? 1 : 0;
}

static void free_list(char **l)
{
    for (size_t i = 0; l && l[i]; i++) free(l[i]);
    free(l);
}

void imp_spec_free(imp_spec *sp)
{
    for (size_t i = 0; i < sp->n; i++) {
        imp_section_spec *s = &sp->sections[i];
        free_list(s->aliases);
        for (size_t r = 0; r < s->nrows; r++) {
            free_list(s->rows[r].aliases);
            free_list(s->rows[r].units);
            free(s->rows[r].shift);
        }
        for (size_t g = 0; g < s->ngroups; g++) free_list(s->groups[g].aliases);
        free(s->rows);
        free(s->groups);
    }
    free(sp->sections);
    free(sp->heading_ends);
    free(sp->place_ends);
    free(sp->title_word);
    memset(sp, 0, sizeof *sp);
}
