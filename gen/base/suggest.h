/* suggest: "did you mean" for misspelt keys, and short excerpts of user
 * text for messages. Distances count code points, so a CJK key is one edit
 * per character, not three. */
#ifndef NB_SUGGEST_H
#define NB_SUGGEST_H
#include <stddef.h>

/* Optimal string alignment distance (Levenshtein plus adjacent
 * transposition) between two valid UTF-8 strings, in code points. */
size_t nb_suggest_distance(const char *a, const char *b);

/* The candidate closest to word (first one on a tie) when it is close
 * enough to be a likely misspelling: distance ≤ 2 or ≤ a third of word's
 * length, and smaller than word's length. NULL otherwise. candidates is
 * NULL-terminated; the result points into it. */
const char *nb_suggest(const char *word, const char *const *candidates);

/* word's text for a message: at most max code points (then "…"), control
 * characters shown as \n, \t or \xNN. Caller frees. */
char *nb_excerpt(const char *s, size_t len, size_t max);

#endif
