/* importcmd: `nianbao import REPORT -o DATA.yaml`: a published report
 * (.html/.htm, .pdf, or the seed text form) read back as a data file
 * (gen/import/import.h), written atomically, then checked as `check` does. */
#ifndef NB_IMPORTCMD_H
#define NB_IMPORTCMD_H
#include <stdio.h>
#include "pipeline.h"

/* layout: --layout, or NULL (gb-2021; the data file then has no layout: key).
 * Returns an exit code: 1 when the report cannot be read, or when the data
 * read from it does not pass check (the file is written all the same). */
int nb_import_report(nb_session *s, const char *report, const char *layout, const char *out, FILE *err);

#endif
