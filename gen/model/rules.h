/* rules: the 勾稽 consistency checks of spec/report-format.md. Each violation
 * names the table, the row, the column, both sides and their values, at the
 * position of the offending row. Names come from the layout (`names:`). */
#ifndef NB_RULES_H
#define NB_RULES_H
#include "data.h"
#include "diag.h"

typedef struct nb_rule_names {
    const char *table_app;             /* e.g. 表三（收到和处理政府信息公开申请情况） */
    const char *table_rev;             /* e.g. 表四（政府信息公开行政复议、行政诉讼情况） */
    const char *app_rows[NB_APP_NROWS]; /* official row labels, e.g. 一、本年新收政府信息公开申请数量 */
    const char *app_cols[7];           /* 自然人 … 其他, 总计 */
    const char *rev_groups[NB_REV_NROWS]; /* 行政复议, 行政诉讼·未经复议直接起诉, … */
    const char *rev_cols[5];           /* 结果维持 … 尚未审结, 总计 */
} nb_rule_names;

/* Checks every rule; returns the number of violations (each pushed to d). */
int nb_rules_check(const nb_report *r, const nb_rule_names *names, nb_diag *d);

/* The cross-year rule: this year's 二、上年结转 row equals, column by column,
 * last year's 四、结转下年度继续办理 (prev, read from prev_path; its year must be
 * this year - 1). Violations are reported at this year's carried_over row. */
int nb_rules_check_previous(const nb_report *r, const nb_report *prev, const char *prev_path,
                            const nb_rule_names *names, nb_diag *d);

/* Column sums of table 三: received+carried_over (lhs) and total+carried_forward (rhs),
 * and the computed （七）总计 row; column 6 is the 总计 column. */
void nb_rules_app_totals(const nb_report *r, uint64_t total_row[7]);

#endif
