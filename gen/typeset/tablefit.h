/* tablefit: a table box's column widths from its cells' content, and the
 * cells broken into lines at those widths.
 *
 * The layout's `columns` are preferred widths (scaled to the measure). A
 * column is never narrower than what its cells need unbroken: the widest
 * number, the other runs that cannot break (a Latin word, 字。”) up to the
 * preferred width, and, with the table's `fit.min_chars`, that many
 * characters of a cell's text (or all of it when shorter), plus the
 * padding; a cell spanning columns spreads what it lacks over them. The columns that grow to their minimum take the room from the
 * others' slack (width above their own minimum): first from the label
 * columns (those holding no value cell of their own), then from the value
 * columns, in proportion to the slack. A cell whose last line would hold one
 * character (a widow, para.h) takes one from the line before where it can
 * (不予/公开); else its column widens, by quarter ems until the widow goes,
 * taking the room from the other columns' slack in the same order, where
 * they have it. */
#ifndef NB_TABLEFIT_H
#define NB_TABLEFIT_H
#include "tablebox.h"

/* Sets every cell's x, w and lines (tb's cells measured, their st set).
 * Returns true, or false when the columns' minimums add up to more than
 * the measure (*need: their sum; nothing set). */
bool nb_tablefit(nb_tablebox *tb, const nb_layout *l, const nb_layout_table *lt, nb_mpt *need);
/* The widest number in a cell's text (digits, with . and , between them). */
nb_mpt nb_tablefit_number_width(const nb_tpara *tp);

#endif
