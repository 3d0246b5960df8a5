/* linebreak: where Chinese text may break and how much a character may give.
 *
 * Pure character rules, no widths of their own: the classes behind clreq's
 * 禁则 (line-start and line-end prohibitions, from the layout), the units
 * never split (—— ……), the runs kept whole (Latin words, numbers, URLs, a
 * number with the Han unit that follows it), the gaps justification may
 * stretch, and the blank half of full-width punctuation that may be
 * squeezed. `para` turns these into lines. */
#ifndef NB_LINEBREAK_H
#define NB_LINEBREAK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "units.h"

/* The layout's 禁则 lists, UTF-8 strings of characters (any may be NULL). */
typedef struct nb_kinsoku {
    const char *no_start; /* never at the start of a line */
    const char *no_end;   /* never at the end of a line */
    const char *no_split; /* optional: two-character units never split, e.g. "——……";
                             —— and …… are never split even when this is NULL */
} nb_kinsoku;

/* True when cp is in k->no_start (k may be NULL: false). Decodes the string
 * on each call: fine for a table cell, use nb_lb for a loop. */
bool nb_lb_is_no_start(const nb_kinsoku *k, uint32_t cp);
/* True when cp is in k->no_end (k may be NULL: false). */
bool nb_lb_is_no_end(const nb_kinsoku *k, uint32_t cp);

/* Character classes for breaking. */
typedef enum {
    NB_LB_CJK,   /* Han, kana, CJK and full-width punctuation, —, …, curly quotes */
    NB_LB_WORD,  /* Latin letters, digits (also full-width), ASCII punctuation, other scripts */
    NB_LB_SPACE, /* U+0020 and C0 controls (a stray tab or newline): a break opportunity,
                    not drawn at a line's ends */
    NB_LB_ZWSP,  /* U+200B: a break opportunity of zero width, never drawn */
    NB_LB_GLUE   /* U+00A0, U+202F, U+2060, U+FEFF: no break on either side */
} nb_lb_class;

nb_lb_class nb_lb_classify(uint32_t cp);
/* True for NB_LB_SPACE and NB_LB_ZWSP: the characters a break swallows. */
bool nb_lb_is_space(uint32_t cp);

/* The kinsoku lists decoded once, for lookups inside a loop. Init/free pair;
 * small lists live in the struct itself (no allocation). */
typedef struct nb_lb {
    uint32_t *no_start, *no_end, *split; /* sorted; split holds pairs a,b */
    size_t nstart, nend, nsplit;         /* nsplit counts pairs */
    uint32_t *heap;                      /* non-NULL when the lists did not fit inline */
    uint32_t inline_buf[256];
} nb_lb;

void nb_lb_init(nb_lb *lb, const nb_kinsoku *k);
void nb_lb_free(nb_lb *lb);
bool nb_lb_no_start(const nb_lb *lb, uint32_t cp);
bool nb_lb_no_end(const nb_lb *lb, uint32_t cp);
/* True when a,b is a unit never split (—— …… or a no_split pair). */
bool nb_lb_no_split(const nb_lb *lb, uint32_t a, uint32_t b);

/* What the boundary between two adjacent drawn characters allows. */
#define NB_LB_BREAK 1u   /* a line may end after a */
#define NB_LB_STRETCH 2u /* justification may widen the gap */
/* For a, b neither of which is a space or U+200B (those are handled by the
 * caller: a run of them is one break opportunity, subject to 禁则 on the
 * characters either side, and the gap after the run stretches). */
unsigned nb_lb_pair(const nb_lb *lb, uint32_t a, uint32_t b);

/* Whether a line may end between a and b inside a URL (both NB_LB_WORD):
 * after / (never inside //), . - _ ? & = #, and before . (Chicago's rule;
 * the house 禁则 forbid . at a line start, so in practice the break falls
 * after it). 禁则 and the question whether the run is a URL at all are the
 * caller's. */
bool nb_lb_url_break(uint32_t a, uint32_t b);

/* Full-width punctuation whose right half is blank (，。、；：？！）》」』】〕”’ …). */
bool nb_lb_is_closing(uint32_t cp);
/* Full-width punctuation whose left half is blank (（《「『【〔“‘ …). */
bool nb_lb_is_opening(uint32_t cp);
/* The blank half of a full-width mark: adv - em/2, clamped to [0, em/2], so
 * a mark already set narrow (a proportional font's ”) gives nothing. */
nb_mpt nb_lb_blank_half(nb_mpt adv, nb_mpt em);
/* How much a line's last character may give: its blank half when it is a
 * closing mark, else 0. */
nb_mpt nb_lb_squeeze_end(uint32_t cp, nb_mpt adv, nb_mpt em);
/* How much the gap between adjacent a and b may close (consecutive
 * punctuation): a closing mark before any mark gives its blank right half
 * (。” ）。 ”， ：“); an opening mark before an opening mark lets the second
 * give its blank left half (（“). Else 0. */
nb_mpt nb_lb_squeeze_pair(uint32_t a, nb_mpt adva, nb_mpt ema, uint32_t b, nb_mpt advb, nb_mpt emb);

#endif
