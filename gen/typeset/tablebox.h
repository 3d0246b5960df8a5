/* tablebox: a table of the document tree, typeset and placed on pages.
 * Column widths come from the content, the layout's widths preferred
 * (tablefit.h); a table too wide is set in the layout's smaller styles;
 * rows grow to their tallest cell; a row-spanning cell taller than its
 * rows grows the last of them. Placement breaks between rows, repeats the
 * header rows on each page, closes a cut row-spanning cell at the break
 * and repeats its label on the next page, and draws the rules of the cells
 * actually placed on each page. */
#ifndef NB_TABLEBOX_H
#define NB_TABLEBOX_H
#include "diag.h"
#include "doc.h"
#include "fonts.h"
#include "layout.h"
#include "pagetree.h"
#include "typeset.h"

typedef struct nb_tcell {
    const nb_cell *cell;
    const nb_style *st;
    nb_tpara tp;
    nb_mpt x, w;       /* outer box */
    nb_mpt need;       /* height the text needs, padding included */
    nb_mpt inner;      /* the measure tp was broken at (0: not yet) */
    nb_mpt max_w;      /* the text on one line (max-content) */
} nb_tcell;

typedef struct nb_tablebox {
    const nb_table *t;
    const nb_style *st; /* the table style: padding, rule */
    nb_tcell *cells;
    size_t ncells;
    nb_mpt *h;          /* row heights */
    nb_mpt width;
} nb_tablebox;

/* Typesets every cell; returns 0 or -1 (a character no font has). */
int nb_tablebox_prepare(nb_tablebox *tb, const nb_table *t, const nb_layout *l, nb_fontset *fs, nb_mpt width,
                        nb_diag *d);
/* Reports (at the cell's data position) every cell too tall to fit on a
 * page of the given text height under the table's header rows: rows are
 * never split, so such a cell would run off the page. Returns 0 or -1. */
int nb_tablebox_check_fit(const nb_tablebox *tb, nb_mpt page_height, nb_diag *d);
/* Header rows plus the first body rows that must not be separated (two at
 * least: place never starts a table with one body row). */
nb_mpt nb_tablebox_min_height(const nb_tablebox *tb);
/* Places the table from *y on *page, adding pages as needed; *page and *y
 * are left after the table. */
void nb_tablebox_place(nb_tablebox *tb, nb_pages *pages, nb_page **page, nb_mpt *y, nb_mpt top, nb_mpt bottom,
                       nb_mpt left);
void nb_tablebox_free(nb_tablebox *tb);

#endif
