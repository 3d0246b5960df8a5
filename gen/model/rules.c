/* rules: see rules.h. Sums are 64-bit: a row of 6 counts below 10^9, and
 * 21 such rows, fit with room to spare. */
#include "rules.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

/* The first and last of the 21 result rows (（一）予以公开 … 3.其他). */
#define FIRST_RESULT NB_APP_DISCLOSED
#define LAST_RESULT NB_APP_O_OTHER

static const char *name_or(const char *s, const char *fallback) { return s && *s ? s : fallback; }

/* "一" of "一、本年新收…": the short form of a row label, for formulas. */
static char *short_label(const char *label)
{
    const char *comma = strstr(label, "、");
    return comma ? nb_xstrndup(label, (size_t)(comma - label)) : nb_xstrdup(label);
}

static nb_mark first_mark(nb_mark a, nb_mark b, nb_mark c)
{
    if (a.line > 0) return a;
    if (b.line > 0) return b;
    return c;
}

void nb_rules_app_totals(const nb_report *r, uint64_t total_row[7])
{
    for (int c = 0; c < 7; c++) total_row[c] = 0;
    for (int i = FIRST_RESULT; i <= LAST_RESULT; i++) {
        for (int c = 0; c < 6; c++) total_row[c] += r->app[i].cells[c].value;
        total_row[6] += nb_row_sum(&r->app[i]);
    }
}

/* Column c of a table 三 row; column 6 is the computed row total. */
static uint64_t cell(const nb_row *row, int c) { return c < 6 ? row->cells[c].value : nb_row_sum(row); }

int nb_rules_check(const nb_report *r, const nb_rule_names *names, nb_diag *d)
{
    static const nb_rule_names no_names;
    if (!names) names = &no_names;
    int violations = 0;
    const char *tapp = name_or(names->table_app, "table 3");
    const char *trev = name_or(names->table_rev, "table 4");
    const char *app_total_col = name_or(names->app_cols[6], "total");

    /* (a) table 三: a given row total equals the sum of its six columns */
    for (int i = 0; i < NB_APP_NROWS; i++) {
        const nb_row *row = &r->app[i];
        if (!row->has_total) continue;
        uint64_t sum = nb_row_sum(row);
        if (sum == row->given_total.value) continue;
        nb_diag_error(d, first_mark(row->mark, r->applications_mark, r->root_mark),
                      "%s row %s: %s is %" PRIu32 " but the six columns sum to %" PRIu64, tapp,
                      name_or(names->app_rows[i], "?"), app_total_col, row->given_total.value, sum);
        violations++;
    }

    /* (b) a given （七）总计 row equals, column by column, the sum of the 21
     * result rows. The 总计 column follows from (a) and the six others. */
    uint64_t total[7];
    nb_rules_app_totals(r, total);
    const nb_row *trow = &r->app[NB_APP_TOTAL];
    if (trow->present) {
        for (int c = 0; c < 6; c++) {
            if (trow->cells[c].value == total[c]) continue;
            nb_diag_error(d, first_mark(trow->mark, r->applications_mark, r->root_mark),
                          "%s row %s, column %s: given %" PRIu32 " but the 21 result rows sum to %" PRIu64, tapp,
                          name_or(names->app_rows[NB_APP_TOTAL], "?"), name_or(names->app_cols[c], "?"),
                          trow->cells[c].value, total[c]);
            violations++;
        }
    }

    /* (c) every column: 一 + 二 = 三（七）总计 + 四, with 三 computed */
    const nb_row *rec = &r->app[NB_APP_RECEIVED], *over = &r->app[NB_APP_CARRIED_OVER],
                 *fwd = &r->app[NB_APP_CARRIED_FORWARD];
    char *s_rec = short_label(name_or(names->app_rows[NB_APP_RECEIVED], "received"));
    char *s_over = short_label(name_or(names->app_rows[NB_APP_CARRIED_OVER], "carried over"));
    char *s_fwd = short_label(name_or(names->app_rows[NB_APP_CARRIED_FORWARD], "carried forward"));
    const char *s_total = name_or(names->app_rows[NB_APP_TOTAL], "total");
    nb_mark at = first_mark(rec->mark, r->applications_mark, r->root_mark);
    for (int c = 0; c < 7; c++) {
        uint64_t a = cell(rec, c), b = cell(over, c), t = total[c], f = cell(fwd, c);
        if (a + b == t + f) continue;
        nb_diag_error(d, at,
                      "%s column %s: %s + %s = %" PRIu64 " + %" PRIu64 " = %" PRIu64 " but %s + %s = %" PRIu64
                      " + %" PRIu64 " = %" PRIu64,
                      tapp, name_or(names->app_cols[c], "?"), s_rec, s_over, a, b, a + b, s_total, s_fwd, t, f, t + f);
        violations++;
    }
    free(s_rec);
    free(s_over);
    free(s_fwd);

    /* (d) table 四: a given group total equals the sum of its four results */
    for (int g = 0; g < NB_REV_NROWS; g++) {
        const nb_row *row = &r->rev[g];
        if (!row->has_total) continue;
        uint64_t sum = nb_row_sum(row);
        if (sum == row->given_total.value) continue;
        nb_buf parts;
        nb_buf_init(&parts);
        for (int c = 0; c < 4; c++) nb_buf_printf(&parts, "%s%s", c ? " + " : "", name_or(names->rev_cols[c], "?"));
        nb_diag_error(d, first_mark(row->mark, r->reviews_mark, r->root_mark),
                      "%s %s: %s is %" PRIu32 " but %s = %" PRIu64, trev, name_or(names->rev_groups[g], "?"),
                      name_or(names->rev_cols[4], "total"), row->given_total.value, parts.data, sum);
        nb_buf_free(&parts);
        violations++;
    }
    return violations;
}

int nb_rules_check_previous(const nb_report *r, const nb_report *prev, const char *prev_path,
                            const nb_rule_names *names, nb_diag *d)
{
    static const nb_rule_names no_names;
    if (!names) names = &no_names;
    const nb_row *over = &r->app[NB_APP_CARRIED_OVER], *fwd = &prev->app[NB_APP_CARRIED_FORWARD];
    nb_mark at = first_mark(over->mark, r->applications_mark, r->root_mark);
    if (prev->year != r->year - 1) {
        nb_diag_error(d, r->root_mark, "the previous-year file %s is for %d, not %d", prev_path, prev->year, r->year - 1);
        return 1;
    }
    int violations = 0;
    for (int c = 0; c < 7; c++) {
        uint64_t now = cell(over, c), before = cell(fwd, c);
        if (now == before) continue;
        nb_diag_error(d, at, "%s column %s: %s is %" PRIu64 " but %d's %s (%s) is %" PRIu64,
                      name_or(names->table_app, "table 3"), name_or(names->app_cols[c], "?"),
                      name_or(names->app_rows[NB_APP_CARRIED_OVER], "carried over"), now, prev->year,
                      name_or(names->app_rows[NB_APP_CARRIED_FORWARD], "carried forward"), prev_path, before);
        violations++;
    }
    return violations;
}
