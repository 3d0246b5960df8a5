/* fields: the data fields a layout's table cells may name (e.g.
 * `applications.results.withheld.state_secret.*`), validated without data
 * and formatted from a report. Computed columns (总计) and the computed
 * （七）总计 row are produced here. */
#ifndef NB_FIELDS_H
#define NB_FIELDS_H
#include <stdbool.h>
#include "data.h"

struct nb_layout;

/* How many table columns a field path fills: the row's width for `x.*`,
 * 1 for a single value; -1 for a path the data format does not have. */
int nb_field_columns(const char *path);
/* True when key names a section of the data format of that kind. */
bool nb_field_section_valid(const char *key, bool table);
/* The text of column col of a field (col 0 for a single value; for `x.*`
 * 0..columns-1), as printed: counts with their note per the layout's
 * count_note format, fees exactly as written. Caller frees. *mark gets the
 * data position (0 when the value was omitted). */
char *nb_field_text(const nb_report *r, const struct nb_layout *l, const char *path, int col, nb_mark *mark);

#endif
