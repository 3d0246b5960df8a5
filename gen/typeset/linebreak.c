/* linebreak: character rules for Chinese line breaking (see linebreak.h). */
#include "linebreak.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- 禁则 lists -------------------------------------------------------- */

static bool in_utf8_list(const char *s, uint32_t cp)
{
    if (!s) return false;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t c;
        int len = nb_utf8_decode(s + i, n - i, &c);
        if (len <= 0) { /* a bad byte in a layout string must not hide the rest */
            i++;
            continue;
        }
        if (c == cp) return true;
        i += (size_t)len;
    }
    return false;
}

bool nb_lb_is_no_start(const nb_kinsoku *k, uint32_t cp)
{
    return k && in_utf8_list(k->no_start, cp);
}

bool nb_lb_is_no_end(const nb_kinsoku *k, uint32_t cp)
{
    return k && in_utf8_list(k->no_end, cp);
}

/* Decodes s into out (room for cap); returns the number of code points,
 * counting those that did not fit so the caller can size a heap buffer. */
static size_t decode_list(const char *s, uint32_t *out, size_t cap)
{
    if (!s) return 0;
    size_t n = strlen(s), count = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        int len = nb_utf8_decode(s + i, n - i, &c);
        if (len <= 0) {
            i++;
            continue;
        }
        if (count < cap) out[count] = c;
        count++;
        i += (size_t)len;
    }
    return count;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Sorts and removes duplicates; returns the new length. */
static size_t sort_unique(uint32_t *a, size_t n)
{
    if (n < 2) return n;
    qsort(a, n, sizeof *a, cmp_u32);
    size_t w = 1;
    for (size_t i = 1; i < n; i++)
        if (a[i] != a[w - 1]) a[w++] = a[i];
    return w;
}

/* The lists last decoded on this thread (copies, when they fit): every
 * paragraph of a run has the layout's lists, and decoding and sorting them
 * again was 5% of the time of a PDF. No heap: nothing to free at exit. */
static _Thread_local struct {
    char text[3][512];
    bool has[3];
    nb_lb lb;
    bool valid;
} last;

static void init_uncached(nb_lb *lb, const nb_kinsoku *k);

static bool same(int i, const char *s) { return s ? last.has[i] && strcmp(last.text[i], s) == 0 : !last.has[i]; }

void nb_lb_init(nb_lb *lb, const nb_kinsoku *k)
{
    const char *l[3] = {k ? k->no_start : NULL, k ? k->no_end : NULL, k ? k->no_split : NULL};
    if (last.valid && same(0, l[0]) && same(1, l[1]) && same(2, l[2])) {
        *lb = last.lb;
        lb->no_start = lb->inline_buf + (last.lb.no_start - last.lb.inline_buf);
        lb->no_end = lb->inline_buf + (last.lb.no_end - last.lb.inline_buf);
        lb->split = lb->inline_buf + (last.lb.split - last.lb.inline_buf);
        return;
    }
    init_uncached(lb, k);
    last.valid = false;
    if (lb->heap) return;
    for (int i = 0; i < 3; i++) {
        if (l[i] && strlen(l[i]) >= sizeof last.text[i]) return;
        last.has[i] = l[i] != NULL;
        if (l[i]) strcpy(last.text[i], l[i]);
    }
    last.lb = *lb;
    last.lb.no_start = last.lb.inline_buf + (lb->no_start - lb->inline_buf);
    last.lb.no_end = last.lb.inline_buf + (lb->no_end - lb->inline_buf);
    last.lb.split = last.lb.inline_buf + (lb->split - lb->inline_buf);
    last.valid = true;
}

static void init_uncached(nb_lb *lb, const nb_kinsoku *k)
{
    memset(lb, 0, sizeof *lb);
    const char *ns = k ? k->no_start : NULL, *ne = k ? k->no_end : NULL, *sp = k ? k->no_split : NULL;
    size_t a = decode_list(ns, NULL, 0), b = decode_list(ne, NULL, 0), c = decode_list(sp, NULL, 0);
    uint32_t *buf = lb->inline_buf;
    if (a + b + c > sizeof lb->inline_buf / sizeof lb->inline_buf[0])
        buf = lb->heap = nb_xmalloc((a + b + c) * sizeof *buf);
    lb->no_start = buf;
    lb->no_end = buf + a;
    lb->split = buf + a + b;
    decode_list(ns, lb->no_start, a);
    decode_list(ne, lb->no_end, b);
    decode_list(sp, lb->split, c);
    lb->nstart = sort_unique(lb->no_start, a);
    lb->nend = sort_unique(lb->no_end, b);
    lb->nsplit = c / 2; /* an odd last character is no unit */
}

void nb_lb_free(nb_lb *lb)
{
    free(lb->heap);
    lb->heap = NULL;
}

static bool in_sorted(const uint32_t *a, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < cp) lo = mid + 1;
        else if (a[mid] > cp) hi = mid;
        else return true;
    }
    return false;
}

bool nb_lb_no_start(const nb_lb *lb, uint32_t cp)
{
    return in_sorted(lb->no_start, lb->nstart, cp);
}

bool nb_lb_no_end(const nb_lb *lb, uint32_t cp)
{
    return in_sorted(lb->no_end, lb->nend, cp);
}

bool nb_lb_no_split(const nb_lb *lb, uint32_t a, uint32_t b)
{
    if (a == b && (a == 0x2014 || a == 0x2026)) return true; /* —— …… */
    for (size_t i = 0; i < lb->nsplit; i++)
        if (lb->split[2 * i] == a && lb->split[2 * i + 1] == b) return true;
    return false;
}

/* ---- classes ------------------------------------------------------------ */

nb_lb_class nb_lb_classify(uint32_t cp)
{
    if (cp == 0x20 || cp < 0x20) return NB_LB_SPACE; /* a stray newline or tab reads as a space */
    if (cp == 0x200B) return NB_LB_ZWSP;
    if (cp == 0xA0 || cp == 0x202F || cp == 0x2060 || cp == 0xFEFF) return NB_LB_GLUE;
    /* Full-width letters and digits are still a word or a number: keep them whole. */
    if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
        return NB_LB_WORD;
    if (nb_is_cjk(cp)) return NB_LB_CJK;
    return NB_LB_WORD;
}

bool nb_lb_is_space(uint32_t cp)
{
    nb_lb_class c = nb_lb_classify(cp);
    return c == NB_LB_SPACE || c == NB_LB_ZWSP;
}

static bool is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

static bool is_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

unsigned nb_lb_pair(const nb_lb *lb, uint32_t a, uint32_t b)
{
    nb_lb_class ca = nb_lb_classify(a), cb = nb_lb_classify(b);
    if (ca == NB_LB_GLUE || cb == NB_LB_GLUE) return 0;
    if (nb_lb_no_split(lb, a, b)) return 0;
    if (ca == NB_LB_WORD && cb == NB_LB_WORD) return 0; /* words, numbers, 99.7%, URLs */
    if (is_digit(a) && is_han(b)) return 0;             /* 2023年, 15件: the unit stays with its number */
    unsigned r = NB_LB_STRETCH;
    if (!nb_lb_no_end(lb, a) && !nb_lb_no_start(lb, b)) r |= NB_LB_BREAK;
    return r;
}

bool nb_lb_url_break(uint32_t a, uint32_t b)
{
    if (a == '/' && b == '/') return false; /* https:/ | / reads as two URLs */
    if (b == '.') return true;
    switch (a) {
    case '/': case '.': case '-': case '_': case '?': case '&': case '=': case '#':
        return true;
    default:
        return false;
    }
}

/* ---- punctuation widths ------------------------------------------------- */

bool nb_lb_is_closing(uint32_t cp)
{
    switch (cp) {
    case 0x3001: case 0x3002:                             /* 、。 */
    case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B:   /* ，．：； */
    case 0xFF1F: case 0xFF01: case 0xFF09: case 0xFF3D:   /* ？！）］ */
    case 0xFF5D:                                          /* ｝ */
    case 0x3009: case 0x300B: case 0x300D: case 0x300F:   /* 〉》」』 */
    case 0x3011: case 0x3015: case 0x3017: case 0x3019:   /* 】〕〗〙 */
    case 0x301B:                                          /* 〛 */
    case 0x201D: case 0x2019:                             /* ”’ */
        return true;
    default:
        return false;
    }
}

bool nb_lb_is_opening(uint32_t cp)
{
    switch (cp) {
    case 0xFF08: case 0xFF3B: case 0xFF5B:                /* （［｛ */
    case 0x3008: case 0x300A: case 0x300C: case 0x300E:   /* 〈《「『 */
    case 0x3010: case 0x3014: case 0x3016: case 0x3018:   /* 【〔〖〘 */
    case 0x301A:                                          /* 〚 */
    case 0x201C: case 0x2018:                             /* “‘ */
        return true;
    default:
        return false;
    }
}

nb_mpt nb_lb_blank_half(nb_mpt adv, nb_mpt em)
{
    nb_mpt half = em / 2, b = adv - half;
    if (b < 0) return 0;
    return b > half ? half : b;
}

nb_mpt nb_lb_squeeze_end(uint32_t cp, nb_mpt adv, nb_mpt em)
{
    return nb_lb_is_closing(cp) ? nb_lb_blank_half(adv, em) : 0;
}

nb_mpt nb_lb_squeeze_pair(uint32_t a, nb_mpt adva, nb_mpt ema, uint32_t b, nb_mpt advb, nb_mpt emb)
{
    if (nb_lb_is_closing(a) && (nb_lb_is_closing(b) || nb_lb_is_opening(b))) return nb_lb_blank_half(adva, ema);
    if (nb_lb_is_opening(a) && nb_lb_is_opening(b)) return nb_lb_blank_half(advb, emb);
    return 0;
}
