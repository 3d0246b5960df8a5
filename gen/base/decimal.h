/* decimal: exact arithmetic on non-negative decimal numbers kept as their
 * text ("248.9611", "0.1"), for sums of fees: nothing passes through a
 * double, so 0.1 + 0.2 is 0.3 and 248.9611 + 1.0389 is 250.0000. */
#ifndef NB_DECIMAL_H
#define NB_DECIMAL_H
#include <stddef.h>

/* The sum of n decimals (digits, optionally `.` and digits), printed with
 * the largest number of decimal places among the terms (so 248.9611 +
 * 1.0389 is "250.0000", 0.1 + 0.2 is "0.3", 1 + 2 is "3"), without leading
 * zeros. n == 0 gives "0". Caller frees. */
char *nb_decimal_sum(const char *const *terms, size_t n);
/* <0, 0, >0 as the value of a is below, equal to or above b's (0.30 == 0.3). */
int nb_decimal_cmp(const char *a, const char *b);

#endif
