/* rules: the consistency checks (勾稽关系) a form declares, over a loaded
 * report: given totals against their computed sums (a total column, a
 * computed row), the equations of `rules:` in every column, and the
 * cross-year pairs of `previous:`. Each violation is an error worded by the
 * form's message, naming table, row and column, both sides and their
 * values, at the position of the offending row. */
#ifndef NB_RULES_H
#define NB_RULES_H
#include "data.h"
#include "diag.h"

/* Checks every rule of r's form; returns the number of violations (each
 * pushed to d). */
int nb_rules_check(const nb_report *r, nb_diag *d);

/* The cross-year rules: prev (read from prev_path) must be for r's year - 1
 * and of the same form; then each `previous:` pair holds in every column.
 * Violations are reported at this year's row. */
int nb_rules_check_previous(const nb_report *r, const nb_report *prev, const char *prev_path, nb_diag *d);

#endif
