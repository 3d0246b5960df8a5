/* expand: report model × layout → document tree (bindings, sums, numbering). */
#ifndef NB_EXPAND_H
#define NB_EXPAND_H
#include "data.h"
#include "doc.h"
#include "layout.h"

/* Fills doc (initialised by the caller) from the report and layout. Cannot
 * fail on valid input; the doc's styles point into the layout. */
void nb_expand(const nb_report *r, const nb_layout *l, nb_doc *doc);

#endif
