/* para: lines from a paragraph of measured characters. Chinese line
 * breaking (禁则 with squeeze-then-push), justification, first-line indent,
 * balanced titles, and the min/max content widths tables size columns by.
 * Pure integer computation: the same input gives the same bytes out. */
#ifndef NB_PARA_H
#define NB_PARA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "linebreak.h" /* nb_mpt, nb_kinsoku */

typedef struct nb_pchar {
    uint32_t cp; /* Unicode code point */
    nb_mpt adv;  /* natural advance (scaled to the font size, grid tracking included); >= 0 */
    nb_mpt em;   /* this character's font size (1 em), for squeezing */
} nb_pchar;

typedef struct nb_para_opts {
    nb_mpt width;        /* line measure */
    nb_mpt first_indent; /* the first line starts this far in (2 em for body text) */
    bool justify;        /* justify every line but the last */
    bool balance;        /* titles: lines of balanced length, as many as greedy gives; never justified */
    const nb_kinsoku *kinsoku; /* NULL: no 禁则 lists (the structural rules still hold) */
    /* The layout's policies (nb_lb_policy); all zero: the plain behaviour above. */
    bool compress_pairs;       /* of two adjacent marks one is always set at half width */
    bool end_compress;         /* a line's last mark is never squeezed: it stays inside the measure */
    bool total_fit;            /* justified text: breaks chosen for the whole paragraph (parafit) */
    int32_t max_stretch;       /* total_fit: the most a gap between CJK characters widens, 1/1000 em */
    int32_t max_stretch_latin; /* … at a space or a CJK–Latin boundary (0: as max_stretch) */
} nb_para_opts;

typedef struct nb_pline {
    size_t start, end;  /* characters [start, end) drawn on this line; the spaces and
                           U+200B a break swallows are outside every line */
    nb_mpt width;       /* natural width after squeezing, before stretching, indent excluded */
    nb_mpt end_x;       /* where the line ends: last character's x plus its (squeezed) advance;
                           the measure on a justified line */
    bool hyphen_forced; /* an unbreakable token longer than the line was cut after this line */
    bool fallback;      /* balance with U+200B: this line broke at an ordinary opportunity
                           because its U+200B segment was longer than the line */
    bool token_split;   /* justified text: a loose line ended inside a URL or long Latin word at
                           a URL break point (nothing extra is drawn: no hyphen) */
} nb_pline;

/* Breaks c[0..n) into lines. x[i] (n entries, caller's) receives each drawn
 * character's x offset from the line's left edge, the first line's indent
 * included. A U+200B inside a line stays in [start, end) with advance 0: the
 * caller skips it when drawing (as it skips spaces). x of a character outside
 * every line is 0. Balance lines are left-set (x from 0 or the indent); the
 * caller centres each with (width - indent - line.width) / 2.
 * Returns the number of lines (0 for an empty or all-space paragraph, then
 * *lines is NULL); *lines is malloc'd and the caller frees it. */
size_t nb_para_layout(const nb_pchar *c, size_t n, const nb_para_opts *o, nb_mpt *x, nb_pline **lines);

/* Min-content width: the widest run that can never be broken (a Latin word,
 * a number with its unit, a URL, 字。” with its marks squeezed as at a line
 * end). A measure at least this wide never forces a cut. */
nb_mpt nb_para_min_width(const nb_pchar *c, size_t n, const nb_kinsoku *k);
/* Max-content width: the natural width of the whole paragraph on one line
 * (outer spaces excluded, nothing squeezed). */
nb_mpt nb_para_max_width(const nb_pchar *c, size_t n);

#endif
