/* rollup: a county's (a city's, a department's) report as the roll-up of
 * its children's: `nianbao sum` writes it, `check --children` compares a
 * written one with the children's sums. */
#ifndef NB_ROLLUP_H
#define NB_ROLLUP_H
#include <stddef.h>
#include <stdio.h>
#include "pipeline.h"

/* Writes out: a data file of the children's form and year, agency `agency`,
 * each table cell the sum of the children's (counts with notes summed,
 * notes dropped; `/` kept where every child has it, else 0; decimals
 * summed exactly), each text section the form's placeholder. Children of
 * other years or forms, or invalid ones, are errors naming them, and
 * nothing is written. Returns an exit code (pipeline.h). */
int nb_sum(nb_session *s, const char *const *children, size_t n, const char *agency, const char *out, FILE *err);

/* Warns at each table cell of parent that differs from the sum of the
 * children's; *warnings gets how many. The parent's own problems are
 * check's (nb_check_file); a parent that does not load is left alone.
 * Returns an exit code: 1 when a child is invalid or of another year or
 * form. */
int nb_check_children(nb_session *s, const char *parent, const char *const *children, size_t n, FILE *err,
                      size_t *warnings);

#endif
