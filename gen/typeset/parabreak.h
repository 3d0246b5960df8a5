/* parabreak: greedy line breaking for `para` (internal to para.c).
 *
 * One pass per line, never looking back further than the line: the width a
 * line needs (natural width minus what its punctuation may squeeze) only grows
 * as the line grows, so the scan stops at the first character that cannot
 * fit and takes the furthest break opportunity before it (push); only when
 * there is none is the token cut (forced).
 *
 * Loose lines: in a justified paragraph, when the line that push leaves
 * would be loose (see nb_brk_loose) and the token that did not fit holds a
 * URL (a Latin run with :// or @ or a dot between letters, at least 4 em) or
 * a long Latin word (over 8 em), the line ends inside it instead, at the
 * last URL break point (nb_lb_url_break) that fits and 禁则 allow: a careful
 * typesetter would rather split https://a.example.gov.cn/ than spread ten
 * characters over a line of 28. The line is marked token_split. Numbers
 * (with or without their unit or decimals) are never split this way. A line
 * push would leave without stretchable gaps (见 before a URL: left-set, not
 * stretched) is split only when the split line is not loose itself. Linear
 * in n: each line looks at most URL_LOOKAHEAD characters past the point
 * where it stopped fitting, and measures itself at most twice more. */
#ifndef NB_PARABREAK_H
#define NB_PARABREAK_H
#include "para.h"

typedef enum {
    NB_BRK_ORDINARY, /* every break opportunity */
    NB_BRK_ZWSP      /* only at U+200B; ordinary ones when a segment is longer than the line */
} nb_brk_mode;

struct nb_fit;

typedef struct nb_brk_para {
    const nb_pchar *c;
    size_t n;
    nb_lb lb;
    bool split_loose;        /* justified text: a loose line may end inside a URL (ORDINARY mode only) */
    bool end_compress;       /* policy: a line's last mark is never squeezed (squeeze_end gives 0) */
    const struct nb_fit *fit; /* the layout's policies measured per character (parafit.h), or NULL */
} nb_brk_para;

typedef struct nb_brk_stats {
    size_t lines, forced, fallback, splits;
} nb_brk_stats;

/* The advance a character takes inside a line: U+200B is 0, negatives read as 0. */
nb_mpt nb_brk_adv(const nb_brk_para *p, size_t k);
/* First index >= k that is not a space or U+200B (n when none). */
size_t nb_brk_skip_spaces(const nb_brk_para *p, size_t k);
/* Whether justification may widen the gap before k (k-1 and k both on the
 * line): after a run of spaces yes, before one no (a space run is one gap),
 * elsewhere as the pair rule says (not inside words, numbers, —— ……). */
bool nb_brk_stretchable(const nb_brk_para *p, size_t k);
/* The gaps justification widens on the line [s, e): their count, and in
 * *em_sum (may be NULL) the sum of the ems of the characters after them.
 * 0 when the line has no break opportunity inside: a lone token is left-set. */
size_t nb_brk_stretch_gaps(const nb_brk_para *p, size_t s, size_t e, int64_t *em_sum);
/* Whether the line [s, e), justified to avail, is loose: its natural width
 * below 70 % of the measure, or its gaps widened by more than 1/4 em each
 * on average. A line wider than avail (it will be squeezed) never is. */
bool nb_brk_loose(const nb_brk_para *p, size_t s, size_t e, nb_mpt avail);
/* Whether the Latin run [r0, r1) (all NB_LB_WORD) may be split at its URL
 * break points: a URL of at least 4 em or a Latin word over 8 em, never a
 * number (the rule of loose lines above). */
bool nb_brk_url_run(const nb_brk_para *p, size_t r0, size_t r1);
/* Breaks the paragraph at measure `width` (the first line `indent` shorter).
 * When out is non-NULL, appends the lines' start/end/hyphen_forced/fallback/
 * token_split to *out (NB_GROW; *cap its capacity). Returns the counts. */
nb_brk_stats nb_brk_run(const nb_brk_para *p, nb_mpt width, nb_mpt indent, nb_brk_mode mode, nb_pline **out,
                        size_t *cap);

#endif
