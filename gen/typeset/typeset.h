/* typeset: styled runs → glyphs (font chosen per character along the
 * role's fallback chain, measured in 1/1000 pt) → lines (via para).
 * Used for paragraphs, headings and table cells alike. */
#ifndef NB_TYPESET_H
#define NB_TYPESET_H
#include <stdbool.h>
#include "diag.h"
#include "doc.h"
#include "fonts.h"
#include "layout.h"
#include "pagetree.h"
#include "para.h"

typedef struct nb_tglyph {
    uint32_t cp;
    int face;       /* -1: not drawn (U+200B, spaces) */
    uint16_t gid;
    int32_t adv_em; /* 1/1000 em */
    nb_mpt size;
    bool bold;
    nb_mpt dx;      /* drawn this far right of its x: a narrow “ ‘ set in a full-width cell */
} nb_tglyph;

typedef struct nb_tpara {
    nb_tglyph *g;    /* n glyphs */
    nb_pchar *pc;    /* n measured characters (for para) */
    nb_mpt *x;       /* n x offsets from the line's left edge */
    size_t n;
    nb_pline *lines;
    size_t nlines;
    nb_mpt width;    /* the measure it was set to */
} nb_tpara;


/* Sets runs into lines of the given measure. indent: the first line's
 * indent. align decides justification (NB_ALIGN_JUSTIFY) and balance comes
 * from the style. A character no font has is an error at its run's data
 * position; returns 0 or -1. out is freed with nb_tpara_free. */
int nb_typeset(const nb_layout *l, nb_fontset *fs, const nb_run *runs, size_t nruns, nb_mpt width,
               nb_mpt indent, nb_align align, bool balance, nb_diag *d, nb_tpara *out);
void nb_tpara_free(nb_tpara *t);
/* The x offset at which line i starts for the alignment (centre, right). */
nb_mpt nb_tpara_line_offset(const nb_tpara *t, size_t i, nb_align align);
/* Draws line i of tp onto the page: x0 is the line box's left edge, top its
 * top, leading its height; align places the line inside tp->width. */
void nb_emit_line(nb_page *pg, const nb_tpara *tp, size_t i, nb_mpt x0, nb_mpt top, nb_mpt leading, nb_align align);
/* Distance from a line box's top to the baseline for a font size in a line of the given pitch. */
nb_mpt nb_baseline_in_line(nb_mpt size, nb_mpt leading);

#endif
