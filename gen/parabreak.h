/* parabreak: greedy line breaking for `para` (internal to para.c).
 *
 * One pass per line, never looking back further than the line: the width a
 * line needs (natural width minus what its punctuation may squeeze) only grows
 * as the line grows, so the scan stops at the first character that cannot
 * fit and takes the furthest break opportunity before it (push); only when
 * there is none is the token cut (forced). Linear in n. */
#ifndef NB_PARABREAK_H
#define NB_PARABREAK_H
#include "para.h"

typedef enum {
    NB_BRK_ORDINARY, /* every break opportunity */
    NB_BRK_ZWSP      /* only at U+200B; ordinary ones when a segment is longer than the line */
} nb_brk_mode;

typedef struct nb_brk_para {
    const nb_pchar *c;
    size_t n;
    nb_lb lb;
} nb_brk_para;

typedef struct nb_brk_stats {
    size_t lines, forced, fallback;
} nb_brk_stats;

/* The advance a character takes inside a line: U+200B is 0, negatives read as 0. */
nb_mpt nb_brk_adv(const nb_brk_para *p, size_t k);
/* First index >= k that is not a space or U+200B (n when none). */
size_t nb_brk_skip_spaces(const nb_brk_para *p, size_t k);
/* Breaks the paragraph at measure `width` (the first line `indent` shorter).
 * When out is non-NULL, appends the lines' start/end/hyphen_forced/fallback to
 * *out (NB_GROW; *cap its capacity). Returns the counts. */
nb_brk_stats nb_brk_run(const nb_brk_para *p, nb_mpt width, nb_mpt indent, nb_brk_mode mode, nb_pline **out,
                        size_t *cap);

#endif
