/* suggest: see suggest.h. */
#include "suggest.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

/* Keys are short; a word longer than this is no misspelling of one, and
 * the bound keeps hostile input from costing O(n·m) per key. */
#define MAX_WORD 64

/* Decodes s into at most max code points; returns the count, or max + 1
 * when longer. Invalid bytes count as one code point each. */
static size_t decode(const char *s, uint32_t *out, size_t max)
{
    size_t n = 0, len = strlen(s), i = 0;
    while (i < len) {
        if (n == max) return max + 1;
        uint32_t cp;
        int k = nb_utf8_decode(s + i, len - i, &cp);
        if (!k) { cp = (unsigned char)s[i]; k = 1; }
        out[n++] = cp;
        i += (size_t)k;
    }
    return n;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

static size_t osa(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
    /* three rolling rows: i-2, i-1, i */
    size_t rows[3][MAX_WORD + 2];
    for (size_t j = 0; j <= m; j++) rows[1][j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t *cur = rows[(i + 1) % 3], *prev = rows[i % 3], *pp = rows[(i + 2) % 3];
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
        }
    }
    return rows[(n + 1) % 3][m];
}

size_t nb_suggest_distance(const char *a, const char *b)
{
    uint32_t x[MAX_WORD], y[MAX_WORD];
    size_t n = decode(a, x, MAX_WORD), m = decode(b, y, MAX_WORD);
    if (n > MAX_WORD || m > MAX_WORD) {
        /* Not needed for suggestions; a cheap upper bound keeps the
         * function total. */
        size_t la = nb_utf8_len(a), lb = nb_utf8_len(b);
        return la > lb ? la : lb;
    }
    return osa(x, n, y, m);
}

const char *nb_suggest(const char *word, const char *const *candidates)
{
    uint32_t w[MAX_WORD], c[MAX_WORD];
    size_t n = decode(word, w, MAX_WORD);
    if (n == 0 || n > MAX_WORD) return NULL;
    size_t limit = n / 3 > 2 ? n / 3 : 2;
    if (limit >= n) limit = n - 1;
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    for (const char *const *p = candidates; *p; p++) {
        size_t m = decode(*p, c, MAX_WORD);
        if (m > MAX_WORD) continue;
        size_t gap = m > n ? m - n : n - m;
        if (gap > limit) continue;
        size_t d = osa(w, n, c, m);
        if (d <= limit && d < bestd) {
            best = *p;
            bestd = d;
        }
    }
    return best;
}

char *nb_excerpt(const char *s, size_t len, size_t max)
{
    nb_buf b;
    nb_buf_init(&b);
    size_t i = 0, n = 0;
    while (i < len) {
        if (n == max) {
            nb_buf_puts(&b, "…");
            break;
        }
        unsigned char ch = (unsigned char)s[i];
        uint32_t cp;
        int k = nb_utf8_decode(s + i, len - i, &cp);
        if (!k) {
            nb_buf_printf(&b, "\\x%02X", ch);
            k = 1;
        } else if (cp == '\n') {
            nb_buf_puts(&b, "\\n");
        } else if (cp == '\t') {
            nb_buf_puts(&b, "\\t");
        } else if (cp < 0x20 || cp == 0x7F) {
            nb_buf_printf(&b, "\\x%02X", (unsigned)cp);
        } else {
            nb_buf_add(&b, s + i, (size_t)k);
        }
        i += (size_t)k;
        n++;
    }
    return nb_buf_take(&b);
}
