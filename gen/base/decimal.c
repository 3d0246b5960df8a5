/* decimal: see decimal.h. Digits are added column by column, right to left. */
#include "decimal.h"
#include <stdlib.h>
#include <string.h>
#include "util.h"

/* The integer digits and the fraction digits of t. */
static void split(const char *t, size_t *ilen, const char **frac, size_t *flen)
{
    const char *dot = strchr(t, '.');
    *ilen = dot ? (size_t)(dot - t) : strlen(t);
    *frac = dot ? dot + 1 : "";
    *flen = strlen(*frac);
}

char *nb_decimal_sum(const char *const *terms, size_t n)
{
    size_t imax = 1, fmax = 0;
    for (size_t k = 0; k < n; k++) {
        size_t il, fl;
        const char *f;
        split(terms[k], &il, &f, &fl);
        if (il > imax) imax = il;
        if (fl > fmax) fmax = fl;
    }
    /* n terms below 10^imax sum below n * 10^imax: room for 20 more digits */
    size_t width = imax + 20 + fmax;
    int *col = nb_xcalloc(width, sizeof *col); /* col[0]: the last fraction digit */
    for (size_t k = 0; k < n; k++) {
        size_t il, fl;
        const char *f;
        split(terms[k], &il, &f, &fl);
        for (size_t j = 0; j < fl; j++) col[fmax - 1 - j] += f[j] - '0';
        for (size_t j = 0; j < il; j++) col[fmax + j] += terms[k][il - 1 - j] - '0';
        /* carry as we go so no column overflows, however many terms */
        for (size_t j = 0; j + 1 < width; j++) {
            col[j + 1] += col[j] / 10;
            col[j] %= 10;
        }
    }
    size_t top = width - 1;
    while (top > fmax && col[top] == 0) top--;
    nb_buf b;
    nb_buf_init(&b);
    for (size_t j = top + 1; j-- > fmax;) nb_buf_putc(&b, (char)('0' + col[j]));
    if (fmax) {
        nb_buf_putc(&b, '.');
        for (size_t j = fmax; j-- > 0;) nb_buf_putc(&b, (char)('0' + col[j]));
    }
    free(col);
    return nb_buf_take(&b);
}

int nb_decimal_cmp(const char *a, const char *b)
{
    size_t ia, fa, ib, fb;
    const char *xa, *xb;
    while (*a == '0' && a[1] && a[1] != '.') a++;
    while (*b == '0' && b[1] && b[1] != '.') b++;
    split(a, &ia, &xa, &fa);
    split(b, &ib, &xb, &fb);
    if (ia != ib) return ia < ib ? -1 : 1;
    int c = memcmp(a, b, ia);
    if (c) return c < 0 ? -1 : 1;
    for (size_t j = 0; j < fa || j < fb; j++) {
        char da = j < fa ? xa[j] : '0', db = j < fb ? xb[j] : '0';
        if (da != db) return da < db ? -1 : 1;
    }
    return 0;
}
