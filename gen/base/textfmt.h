/* textfmt: text formats with {placeholders} (layout and form wording), and
 * Chinese numerals for section and item numbers. */
#ifndef NB_TEXTFMT_H
#define NB_TEXTFMT_H
#include <stddef.h>

/* Chinese numeral for 1..999: 一 … 九百九十九 (into out, at least 32 bytes). */
void nb_cn_numeral(int n, char *out);
/* Expands a format's {name} placeholders from parallel name/value arrays
 * (unknown placeholders are kept as written). Caller frees. */
char *nb_format(const char *format, const char *const *names, const char *const *values, size_t n);
/* Expands {cn} and {n} with the number n (caller frees). */
char *nb_format_number(const char *format, int n);

#endif
