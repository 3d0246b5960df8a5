/* skeleton: `nianbao new`, the data file of a report still to be filled
 * in: every section and table row of the form (each row under a comment
 * with its official label), counts 0, each text the form's placeholder,
 * which check reports as an error until it is written. With last year's
 * report, the rows the form's `previous:` pairs carry over are prefilled
 * from it, cells it wrote `/` (不适用) stay `/`, and its preface, headings
 * and items are kept with each text a placeholder to rewrite (last year's
 * shown above it as a comment). */
#ifndef NB_SKELETON_H
#define NB_SKELETON_H
#include <stdio.h>
#include "pipeline.h"

typedef struct nb_new_opts {
    const char *agency;
    int year;
    const char *previous;   /* last year's data file, or NULL */
    const char *layout_key; /* --layout as given (written as `layout:`), or NULL */
    const char *out;
} nb_new_opts;

/* Writes o->out atomically (nothing on failure). A previous report that is
 * invalid or not of year - 1 is an error naming it. Returns an exit code
 * (pipeline.h). */
int nb_new_report(nb_session *s, const nb_new_opts *o, FILE *err);

#endif
