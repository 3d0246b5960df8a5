/* copied: how much of a section's text is last year's (内容雷同), for the
 * form's `copied:` warning. The measure is the Dice share of character
 * bigrams, counted with repeats, whitespace ignored: 2·|A∩B| / (|A| + |B|).
 * It is deterministic, O(n log n), insensitive to paragraphs moved around,
 * and a year swapped for the next (2023→2024) costs only a few bigrams. */
#ifndef NB_COPIED_H
#define NB_COPIED_H
#include "data.h"
#include "diag.h"

/* The share (0–100, rounded down) of bigrams a and b have in common; also
 * the number of characters of each. */
int nb_copied_share(const char *a, const char *b, size_t *na, size_t *nb);

/* Warns at each body section of r whose text is the form's share or more the
 * same as prev's (see form.h nb_form_copied). Returns the warnings pushed. */
int nb_copied_check(const nb_report *r, const nb_report *prev, const char *prev_path, nb_diag *d);

#endif
