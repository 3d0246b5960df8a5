/* rules: see rules.h. Sums are 64-bit (nb_report_cell); messages are the
 * form's templates, filled by name. */
#include "rules.h"
#include "copied.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "textfmt.h"
#include "util.h"

static nb_mark first_mark(nb_mark a, nb_mark b, nb_mark c)
{
    if (a.line > 0) return a;
    if (b.line > 0) return b;
    return c;
}

/* Where an error about row i of a table goes: the row, else the table's key, else the file. */
static nb_mark row_mark(const nb_report *r, const nb_section_data *s, int i)
{
    return first_mark(s->table.rows[i].mark, s->table.mark, r->root_mark);
}

#define MAX_ARGS 10

/* A message's named values. */
typedef struct args {
    const char *names[MAX_ARGS];
    char *values[MAX_ARGS];
    size_t n;
} args;

static void arg(args *a, const char *name, char *value_owned)
{
    a->names[a->n] = name;
    a->values[a->n++] = value_owned;
}

static char *num(uint64_t v) { return nb_xasprintf("%" PRIu64, v); }

static void report_as(nb_diag *d, bool warning, nb_mark at, const char *fmt, args *a)
{
    char *msg = nb_format(fmt, a->names, (const char *const *)a->values, a->n);
    if (warning) nb_diag_warning(d, at, "%s", msg);
    else nb_diag_error(d, at, "%s", msg);
    free(msg);
    for (size_t i = 0; i < a->n; i++) free(a->values[i]);
}

static void report(nb_diag *d, nb_mark at, const char *fmt, args *a) { report_as(d, false, at, fmt, a); }

static const char *column_label(const nb_form_row *fr, int c)
{
    const nb_form_columns *cs = fr->columns;
    if (!cs) return "";
    return c < cs->n ? cs->labels[c] : cs->total_label;
}

/* A given total column equals the sum of the row's data columns. */
static int check_given_totals(const nb_report *r, const nb_section_data *s, nb_diag *d)
{
    int violations = 0;
    for (size_t i = 0; i < s->form->nrows; i++) {
        const nb_form_row *fr = &s->form->rows[i];
        const nb_row *row = &s->table.rows[i];
        if (!row->has_total || !fr->columns || !fr->columns->total_message) continue;
        uint64_t sum = 0;
        for (int c = 0; c < row->ncells; c++) sum += row->cells[c].count;
        if (sum == row->given_total.count) continue;
        nb_buf terms;
        nb_buf_init(&terms);
        for (int c = 0; c < fr->columns->n; c++) nb_buf_printf(&terms, "%s%s", c ? " + " : "", fr->columns->labels[c]);
        args a = {0};
        arg(&a, "table", nb_xstrdup(s->form->name));
        arg(&a, "row", nb_xstrdup(fr->name));
        arg(&a, "total", nb_xstrdup(fr->columns->total_label));
        arg(&a, "given", num(row->given_total.count));
        arg(&a, "sum", num(sum));
        arg(&a, "terms", nb_buf_take(&terms));
        report(d, row_mark(r, s, (int)i), fr->columns->total_message, &a);
        violations++;
    }
    return violations;
}

/* A computed row that is given equals, in each data column, the sum of its
 * rows (its total column follows from that and the check above). */
static int check_given_sums(const nb_report *r, const nb_section_data *s, nb_diag *d)
{
    int violations = 0;
    for (size_t i = 0; i < s->form->nrows; i++) {
        const nb_form_row *fr = &s->form->rows[i];
        const nb_row *row = &s->table.rows[i];
        if (!fr->sum_of || !row->present || !fr->sum_message) continue;
        for (int c = 0; c < row->ncells; c++) {
            uint64_t sum = nb_report_cell(s, (int)i, c);
            if (row->cells[c].count == sum) continue;
            args a = {0};
            arg(&a, "table", nb_xstrdup(s->form->name));
            arg(&a, "row", nb_xstrdup(fr->name));
            arg(&a, "column", nb_xstrdup(column_label(fr, c)));
            arg(&a, "given", num(row->cells[c].count));
            arg(&a, "sum", num(sum));
            arg(&a, "n", num(fr->nsum));
            report(d, row_mark(r, s, (int)i), fr->sum_message, &a);
            violations++;
        }
    }
    return violations;
}

/* One side of an equation in column c: its terms' short names, their
 * values, and the sum. */
static uint64_t side(const nb_section_data *s, const int *rows, size_t n, int c, char **names, char **values)
{
    nb_buf nb, vb;
    nb_buf_init(&nb), nb_buf_init(&vb);
    uint64_t sum = 0;
    for (size_t k = 0; k < n; k++) {
        uint64_t v = nb_report_cell(s, rows[k], c);
        sum += v;
        nb_buf_printf(&nb, "%s%s", k ? " + " : "", s->form->rows[rows[k]].short_name);
        nb_buf_printf(&vb, "%s%" PRIu64, k ? " + " : "", v);
    }
    *names = nb_buf_take(&nb);
    *values = nb_buf_take(&vb);
    return sum;
}

static int check_equations(const nb_report *r, const nb_section_data *s, nb_diag *d)
{
    int violations = 0;
    for (size_t k = 0; k < s->form->nrules; k++) {
        const nb_form_rule *rule = &s->form->rules[k];
        const nb_form_row *at = &s->form->rows[rule->at];
        int width = nb_form_row_width(at);
        for (int c = 0; c < width; c++) {
            char *ln, *lv, *rn, *rv;
            uint64_t left = side(s, rule->left, rule->nleft, c, &ln, &lv);
            uint64_t right = side(s, rule->right, rule->nright, c, &rn, &rv);
            if (left == right) {
                free(ln), free(lv), free(rn), free(rv);
                continue;
            }
            args a = {0};
            arg(&a, "table", nb_xstrdup(s->form->name));
            arg(&a, "column", nb_xstrdup(column_label(at, c)));
            arg(&a, "left_terms", ln);
            arg(&a, "left_values", lv);
            arg(&a, "left", num(left));
            arg(&a, "right_terms", rn);
            arg(&a, "right_values", rv);
            arg(&a, "right", num(right));
            report(d, row_mark(r, s, rule->at), rule->message, &a);
            violations++;
        }
    }
    return violations;
}

int nb_rules_check(const nb_report *r, nb_diag *d)
{
    int violations = 0;
    for (size_t i = 0; i < r->nsections; i++) {
        const nb_section_data *s = &r->sections[i];
        if (s->form->kind != NB_FORM_TABLE) continue;
        violations += check_given_totals(r, s, d);
        violations += check_given_sums(r, s, d);
        violations += check_equations(r, s, d);
    }
    return violations;
}

/* A count of the form's `jumps:` rows more than factor× or below 1/factor of
 * last year's, when either is at least at_least: a warning (a typo, or a
 * column shifted, more often than a real change). */
static void check_jumps(const nb_report *r, const nb_section_data *s, const nb_section_data *ps, int year,
                        const char *prev_path, nb_diag *d)
{
    const nb_form_section *f = s->form;
    for (size_t k = 0; k < f->njump_rows; k++) {
        int row = f->jump_rows[k];
        const nb_form_row *fr = &f->rows[row];
        int width = nb_form_row_width(fr);
        for (int c = 0; c < width; c++) {
            uint64_t now = nb_report_cell(s, row, c), last = nb_report_cell(ps, row, c);
            uint64_t factor = (uint64_t)f->jump_factor, floor = (uint64_t)f->jump_at_least;
            if (now < floor && last < floor) continue;
            bool grew = now > factor * last, fell = now * factor < last;
            if (!grew && !fell) continue;
            args a = {0};
            arg(&a, "table", nb_xstrdup(f->name));
            arg(&a, "row", nb_xstrdup(fr->name));
            arg(&a, "column", nb_xstrdup(column_label(fr, c)));
            arg(&a, "this", num(now));
            arg(&a, "last", num(last));
            arg(&a, "year", nb_xasprintf("%d", year));
            arg(&a, "file", nb_xstrdup(prev_path));
            arg(&a, "change", nb_xasprintf(grew ? "more than %d×" : "less than 1/%d of", f->jump_factor));
            report_as(d, true, row_mark(r, s, row), f->jump_message, &a);
        }
    }
}

int nb_rules_check_previous(const nb_report *r, const nb_report *prev, const char *prev_path, nb_diag *d)
{
    if (prev->year != r->year - 1) {
        nb_diag_error(d, r->root_mark, "the previous-year file %s is for %d, not %d", prev_path, prev->year, r->year - 1);
        return 1;
    }
    if (prev->form != r->form) {
        nb_diag_error(d, r->root_mark, "the previous-year file %s is of the form %s, not %s", prev_path,
                      prev->form->name, r->form->name);
        return 1;
    }
    int violations = 0;
    for (size_t i = 0; i < r->nsections; i++) {
        const nb_section_data *s = &r->sections[i], *ps = &prev->sections[i];
        for (size_t k = 0; k < s->form->npairs; k++) {
            const nb_form_pair *p = &s->form->pairs[k];
            const nb_form_row *now = &s->form->rows[p->now], *last = &s->form->rows[p->last];
            int width = nb_form_row_width(now);
            for (int c = p->column < 0 ? 0 : p->column; c < (p->column < 0 ? width : p->column + 1); c++) {
                uint64_t a_now = nb_report_cell(s, p->now, c), a_last = nb_report_cell(ps, p->last, c);
                /* signed, so that more repealed than in force reads as a mismatch, not a wrap */
                int64_t expected = (int64_t)a_last;
                for (size_t j = 0; j < p->nplus; j++) expected += (int64_t)nb_report_cell(s, p->now, p->plus[j]);
                for (size_t j = 0; j < p->nminus; j++) expected -= (int64_t)nb_report_cell(s, p->now, p->minus[j]);
                if ((int64_t)a_now == expected) continue;
                args a = {0};
                arg(&a, "table", nb_xstrdup(s->form->name));
                arg(&a, "column", nb_xstrdup(column_label(now, c)));
                arg(&a, "this_row", nb_xstrdup(now->name));
                arg(&a, "this", num(a_now));
                arg(&a, "year", nb_xasprintf("%d", prev->year));
                arg(&a, "last_row", nb_xstrdup(last->name));
                arg(&a, "file", nb_xstrdup(prev_path));
                arg(&a, "last", num(a_last));
                arg(&a, "expected", nb_xasprintf("%" PRId64, expected));
                report_as(d, p->warning, row_mark(r, s, p->now), p->message, &a);
                violations += !p->warning;
            }
        }
        check_jumps(r, s, ps, prev->year, prev_path, d);
    }
    nb_copied_check(r, prev, prev_path, d);
    return violations;
}
