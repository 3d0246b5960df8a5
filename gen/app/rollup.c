/* rollup: see rollup.h. The children are loaded and checked as `check`
 * does; their cells are summed per the form's rows (computed rows and
 * total columns follow from those), then written out (sum) or compared
 * with the parent's (check --children). */
#include "rollup.h"
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "data.h"
#include "decimal.h"
#include "replace.h"
#include "schema.h"
#include "textfmt.h"
#include "util.h"
#include "yamlsrc.h"

#define COUNT_LIMIT 999999999 /* a count in a data file is below 10^9 */

/* The children's sum of one cell. */
typedef struct cell_sum {
    int64_t count;  /* counts; a signed column's with their signs */
    char *decimal;  /* decimal rows: the exact sum; NULL: every child omitted it (0) */
    size_t na;      /* how many children wrote `/` */
} cell_sum;

typedef struct sums {
    const nb_form *form;
    cell_sum ***cells; /* [section][row][column]; NULL for a body section */
    size_t children;
} sums;

static void sums_init(sums *S, const nb_form *f)
{
    S->form = f;
    S->children = 0;
    S->cells = nb_xcalloc(f->nsections + 1, sizeof *S->cells);
    for (size_t i = 0; i < f->nsections; i++) {
        const nb_form_section *fs = &f->sections[i];
        if (fs->kind != NB_FORM_TABLE) continue;
        S->cells[i] = nb_xcalloc(fs->nrows + 1, sizeof **S->cells);
        for (size_t r = 0; r < fs->nrows; r++) {
            const nb_form_row *fr = &fs->rows[r];
            int n = fr->kind == NB_FORM_ROW_LIST && fr->columns ? fr->columns->n : 1;
            S->cells[i][r] = nb_xcalloc((size_t)n, sizeof ***S->cells);
        }
    }
}

static void sums_free(sums *S)
{
    for (size_t i = 0; i < S->form->nsections; i++) {
        if (!S->cells[i]) continue;
        const nb_form_section *fs = &S->form->sections[i];
        for (size_t r = 0; r < fs->nrows; r++) {
            const nb_form_row *fr = &fs->rows[r];
            int n = fr->kind == NB_FORM_ROW_LIST && fr->columns ? fr->columns->n : 1;
            for (int c = 0; c < n; c++) free(S->cells[i][r][c].decimal);
            free(S->cells[i][r]);
        }
        free(S->cells[i]);
    }
    free(S->cells);
}

static int64_t signed_count(const nb_value *v)
{
    if (v->na) return 0;
    return v->negative ? -(int64_t)v->count : (int64_t)v->count;
}

static void sums_add(sums *S, const nb_report *r)
{
    S->children++;
    for (size_t i = 0; i < S->form->nsections; i++) {
        if (!S->cells[i]) continue;
        const nb_section_data *sd = &r->sections[i];
        for (size_t k = 0; k < sd->table.nrows; k++) {
            const nb_row *row = &sd->table.rows[k];
            bool decimal = sd->form->rows[k].kind == NB_FORM_ROW_DECIMAL;
            for (int c = 0; c < row->ncells; c++) {
                const nb_value *v = &row->cells[c];
                cell_sum *cs = &S->cells[i][k][c];
                if (v->na) cs->na++;
                if (!decimal) {
                    cs->count += signed_count(v);
                } else if (!v->na && v->text) {
                    const char *terms[2] = {cs->decimal ? cs->decimal : "0", v->text};
                    char *sum = nb_decimal_sum(terms, 2);
                    free(cs->decimal);
                    cs->decimal = sum;
                }
            }
        }
    }
}

/* A cell's sum as it is written: `/` when every child wrote `/`. */
static void put_sum(nb_buf *b, const sums *S, const cell_sum *cs, bool decimal)
{
    if (cs->na == S->children) nb_buf_putc(b, '/');
    else if (decimal) nb_buf_puts(b, cs->decimal ? cs->decimal : "0");
    else nb_buf_printf(b, "%" PRId64, cs->count);
}

/* ---- the children ---- */

static nb_mark mark_or(nb_mark m, nb_mark fallback) { return m.line ? m : fallback; }

/* Loads every child and checks it against the reference (the parent, or
 * NULL: the first valid child): same year, same form. *bad: how many are
 * not usable. The caller frees each nb_loaded (NULL for none). */
static int load_children(nb_session *s, const char *const *paths, size_t n, const nb_loaded *ref,
                         const char *ref_path, nb_loaded **out, FILE *err)
{
    int worst = NB_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        int rc;
        out[i] = nb_load_report(s, paths[i], err, &rc);
        if (rc != NB_EXIT_OK) {
            fprintf(err, "nianbao: error: %s: child not valid (its problems above): no roll-up with it\n", paths[i]);
            if (rc > worst) worst = rc;
            nb_loaded_free(out[i]);
            out[i] = NULL;
            continue;
        }
        if (!ref) {
            ref = out[i];
            ref_path = paths[i];
            continue;
        }
        const nb_report *r = nb_loaded_report(out[i]), *like = nb_loaded_report(ref);
        nb_diag d;
        nb_diag_init(&d, paths[i]);
        if (r->year != like->year) {
            const nb_val *y = nb_val_get(nb_loaded_root(out[i]), "year");
            nb_diag_error(&d, y ? y->mark : r->root_mark,
                          "year %d differs from %s's %d: a roll-up and its children are of one year", r->year,
                          ref_path, like->year);
        }
        if (nb_loaded_layout(out[i]) != nb_loaded_layout(ref))
            nb_diag_error(&d, mark_or(r->layout_mark, r->root_mark),
                          "form %s differs from %s's %s: a roll-up and its children fill in one form", r->form->name,
                          ref_path, like->form->name);
        nb_diag_print(&d, err);
        if (d.errors) {
            worst = NB_EXIT_DATA;
            nb_loaded_free(out[i]);
            out[i] = NULL;
        }
        nb_diag_free(&d);
    }
    return worst;
}

static void free_children(nb_loaded **l, size_t n)
{
    for (size_t i = 0; i < n; i++) nb_loaded_free(l[i]);
    free(l);
}

/* ---- writing the parent ---- */

/* A YAML scalar: plain when YAML reads it back as this string, else double-quoted. */
static void put_scalar(nb_buf *b, const char *s)
{
    static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "null", "~", NULL};
    bool plain = *s && !strchr("-?:,[]{}#&*!|>'\"%@` \t", *s) && !strstr(s, ": ") && !strstr(s, " #") &&
                 s[strlen(s) - 1] != ':' && s[strlen(s) - 1] != ' ' && nb_schema_numkind(s) == NB_NUM_NONE;
    for (const char *const *w = words; plain && *w; w++) plain = strcasecmp(s, *w) != 0;
    for (const char *p = s; plain && *p; p++) plain = (unsigned char)*p >= 0x20 && *p != 0x7f;
    if (plain) {
        nb_buf_puts(b, s);
        return;
    }
    nb_buf_putc(b, '"');
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') nb_buf_printf(b, "\\%c", c);
        else if (c == '\n') nb_buf_puts(b, "\\n");
        else if (c < 0x20 || c == 0x7f) nb_buf_printf(b, "\\x%02x", c);
        else nb_buf_putc(b, (char)c);
    }
    nb_buf_putc(b, '"');
}

/* A comment line: line breaks and controls of the text shown as spaces. */
static void put_comment(nb_buf *b, int indent, const char *text)
{
    nb_buf_printf(b, "%*s# ", indent, "");
    for (const char *p = text; *p; p++) nb_buf_putc(b, (unsigned char)*p < 0x20 ? ' ' : *p);
    nb_buf_putc(b, '\n');
}

/* The section's number and heading as the layout prints them: 三、收到和处理…. */
static char *numbered_heading(const nb_layout *l, size_t i)
{
    char *num = nb_format_number(l->section_number_format, (int)i + 1);
    char *h = nb_xasprintf("%s%s", num, l->form.sections[i].heading);
    free(num);
    return h;
}

/* The groups enclosing row r, outermost first (into g; returns how many). */
static int group_chain(const nb_form_section *fs, const nb_form_row *r, int *g, int max)
{
    int n = 0;
    for (int k = r->group; k >= 0 && n < max; k = fs->groups[k].parent) n++;
    int i = n;
    for (int k = r->group; k >= 0 && i > 0; k = fs->groups[k].parent) g[--i] = k;
    return n;
}

enum { MAX_DEPTH = 16 };

static void write_table(nb_buf *b, const sums *S, size_t si)
{
    const nb_form_section *fs = &S->form->sections[si];
    /* the column sets of its rows, once each */
    const nb_form_columns *seen[MAX_DEPTH * 4];
    size_t nseen = 0;
    for (size_t r = 0; r < fs->nrows; r++) {
        const nb_form_columns *c = fs->rows[r].kind == NB_FORM_ROW_LIST ? fs->rows[r].columns : NULL;
        bool dup = !c;
        for (size_t k = 0; k < nseen && !dup; k++) dup = seen[k] == c;
        if (dup || nseen == sizeof seen / sizeof *seen) continue;
        seen[nseen++] = c;
        nb_buf_puts(b, "# columns:");
        for (int k = 0; k < c->n; k++) nb_buf_printf(b, "%s %s", k ? "," : "", c->labels[k]);
        nb_buf_putc(b, '\n');
    }
    nb_buf_printf(b, "%s:\n", fs->key);
    int open[MAX_DEPTH], nopen = 0;
    for (size_t r = 0; r < fs->nrows; r++) {
        const nb_form_row *fr = &fs->rows[r];
        if (fr->sum_of) continue; /* computed */
        int chain[MAX_DEPTH];
        int n = group_chain(fs, fr, chain, MAX_DEPTH);
        int same = 0;
        while (same < n && same < nopen && open[same] == chain[same]) same++;
        for (int k = same; k < n; k++) {
            put_comment(b, 2 * (k + 1), fs->groups[chain[k]].label);
            nb_buf_printf(b, "%*s%s:\n", 2 * (k + 1), "", fs->groups[chain[k]].key);
            open[k] = chain[k];
        }
        nopen = n;
        int indent = 2 * (n + 1);
        /* a row inside a group: its label; at the top: its name (行政诉讼（未经复议直接起诉）) */
        put_comment(b, indent, fr->group >= 0 ? fr->label : fr->name);
        nb_buf_printf(b, "%*s%s: ", indent, "", fr->key);
        const cell_sum *cells = S->cells[si][r];
        bool decimal = fr->kind == NB_FORM_ROW_DECIMAL;
        if (fr->kind == NB_FORM_ROW_LIST) {
            nb_buf_putc(b, '[');
            for (int c = 0; c < fr->columns->n; c++) {
                if (c) nb_buf_puts(b, ", ");
                put_sum(b, S, &cells[c], false);
            }
            nb_buf_putc(b, ']');
        } else {
            put_sum(b, S, &cells[0], decimal);
        }
        nb_buf_putc(b, '\n');
    }
}

/* A count above the limit cannot be written: reported, nothing written. */
static bool sums_fit(const sums *S, FILE *err)
{
    bool ok = true;
    for (size_t i = 0; i < S->form->nsections; i++) {
        if (!S->cells[i]) continue;
        const nb_form_section *fs = &S->form->sections[i];
        for (size_t r = 0; r < fs->nrows; r++) {
            const nb_form_row *fr = &fs->rows[r];
            if (fr->kind == NB_FORM_ROW_DECIMAL || fr->sum_of) continue;
            int n = fr->kind == NB_FORM_ROW_LIST ? fr->columns->n : 1;
            for (int c = 0; c < n; c++) {
                int64_t v = S->cells[i][r][c].count;
                if (v <= COUNT_LIMIT && v >= -COUNT_LIMIT) continue;
                fprintf(err, "nianbao: error: %s %s%s%s: the children sum to %" PRId64 ", above the largest count (%d)\n",
                        fs->name, fr->name, n > 1 ? ", column " : "", n > 1 ? fr->columns->labels[c] : "", v,
                        COUNT_LIMIT);
                ok = false;
            }
        }
    }
    return ok;
}

static void write_parent(nb_buf *b, const sums *S, const nb_layout *l, const char *agency, int year,
                         const char *layout_key, const char *const *paths, size_t n)
{
    nb_buf_printf(b, "# The roll-up of %zu report%s (nianbao sum): each table cell is the sum of theirs.\n", n,
                  n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        char *line = nb_xasprintf("  %s", paths[i]);
        put_comment(b, 0, line);
        free(line);
    }
    nb_buf_puts(b, "# Each text is to be written: nianbao check reports every one still a placeholder.\n");
    nb_buf_puts(b, "agency: ");
    put_scalar(b, agency);
    nb_buf_printf(b, "\nyear: %d\n", year);
    if (layout_key) {
        nb_buf_puts(b, "layout: ");
        put_scalar(b, layout_key);
        nb_buf_putc(b, '\n');
    }
    const nb_form *f = S->form;
    for (size_t i = 0; i < f->nsections; i++) {
        char *h = numbered_heading(l, i);
        nb_buf_putc(b, '\n');
        put_comment(b, 0, h);
        if (f->sections[i].kind == NB_FORM_TABLE) {
            write_table(b, S, i);
        } else {
            const char *names[] = {"heading"}, *values[] = {h};
            char *text = nb_format(f->placeholder.text, names, values, 1);
            nb_buf_printf(b, "%s: ", f->sections[i].key);
            put_scalar(b, text);
            nb_buf_putc(b, '\n');
            free(text);
        }
        free(h);
    }
}

int nb_sum(nb_session *s, const char *const *paths, size_t n, const char *agency, const char *out, FILE *err)
{
    nb_loaded **kids = nb_xcalloc(n + 1, sizeof *kids);
    int rc = load_children(s, paths, n, NULL, NULL, kids, err);
    if (rc != NB_EXIT_OK) {
        fprintf(err, "nianbao: error: %s not written\n", out);
        free_children(kids, n);
        return rc;
    }
    const nb_layout *l = nb_loaded_layout(kids[0]);
    const nb_report *first = nb_loaded_report(kids[0]);
    if (!l->form.placeholder.text) {
        fprintf(err, "nianbao: error: form %s declares no placeholder (form.yaml `placeholder:`) for the texts\n",
                l->form.name);
        free_children(kids, n);
        return NB_EXIT_ENV;
    }
    sums S;
    sums_init(&S, &l->form);
    for (size_t i = 0; i < n; i++) sums_add(&S, nb_loaded_report(kids[i]));
    if (!sums_fit(&S, err)) {
        fprintf(err, "nianbao: error: %s not written\n", out);
        rc = NB_EXIT_DATA;
    } else {
        nb_buf b;
        nb_buf_init(&b);
        write_parent(&b, &S, l, agency, first->year, first->layout, paths, n);
        if (nb_replace_file(out, b.data, b.len) != 0) {
            fprintf(err, "nianbao: error: cannot write %s: %s\n", out, strerror(errno));
            rc = NB_EXIT_ENV;
        }
        nb_buf_free(&b);
    }
    sums_free(&S);
    free_children(kids, n);
    return rc;
}

/* ---- check --children ---- */

static void compare(const sums *S, const nb_report *p, nb_diag *d)
{
    for (size_t i = 0; i < S->form->nsections; i++) {
        if (!S->cells[i]) continue;
        const nb_section_data *sd = &p->sections[i];
        const nb_form_section *fs = sd->form;
        for (size_t r = 0; r < fs->nrows; r++) {
            const nb_form_row *fr = &fs->rows[r];
            if (fr->sum_of) continue;
            const nb_row *row = &sd->table.rows[r];
            bool decimal = fr->kind == NB_FORM_ROW_DECIMAL;
            for (int c = 0; c < row->ncells; c++) {
                const nb_value *v = &row->cells[c];
                const cell_sum *cs = &S->cells[i][r][c];
                bool same = decimal ? nb_decimal_cmp(v->na || !v->text ? "0" : v->text,
                                                     cs->decimal ? cs->decimal : "0") == 0
                                    : signed_count(v) == cs->count;
                if (same) continue;
                nb_buf have, sum;
                nb_buf_init(&have);
                nb_buf_init(&sum);
                if (v->na) nb_buf_putc(&have, '/');
                else if (v->text) nb_buf_puts(&have, v->text);
                else nb_buf_printf(&have, "%" PRId64, signed_count(v));
                put_sum(&sum, S, cs, decimal);
                nb_mark at = mark_or(v->mark, mark_or(row->mark, mark_or(sd->table.mark, p->root_mark)));
                if (row->ncells > 1)
                    nb_diag_warning(d, at, "%s %s, column %s: %s but the %zu children sum to %s", fs->name, fr->name,
                                    fr->columns->labels[c], have.data, S->children, sum.data);
                else
                    nb_diag_warning(d, at, "%s %s: %s but the %zu children sum to %s", fs->name, fr->name, have.data,
                                    S->children, sum.data);
                nb_buf_free(&have);
                nb_buf_free(&sum);
            }
        }
    }
}

int nb_check_children(nb_session *s, const char *parent, const char *const *paths, size_t n, FILE *err,
                      size_t *warnings)
{
    *warnings = 0;
    FILE *quiet = fopen("/dev/null", "w"); /* the parent's own problems: check prints them */
    int rc;
    nb_loaded *p = nb_load_report(s, parent, quiet ? quiet : err, &rc);
    if (quiet) fclose(quiet);
    if (rc != NB_EXIT_OK) {
        nb_loaded_free(p);
        return rc;
    }
    nb_loaded **kids = nb_xcalloc(n + 1, sizeof *kids);
    rc = load_children(s, paths, n, p, parent, kids, err);
    if (rc == NB_EXIT_OK) {
        sums S;
        sums_init(&S, &nb_loaded_layout(p)->form);
        for (size_t i = 0; i < n; i++) sums_add(&S, nb_loaded_report(kids[i]));
        nb_diag d;
        nb_diag_init(&d, parent);
        compare(&S, nb_loaded_report(p), &d);
        *warnings = d.n;
        nb_diag_print(&d, err);
        nb_diag_free(&d);
        sums_free(&S);
    }
    free_children(kids, n);
    nb_loaded_free(p);
    return rc;
}
