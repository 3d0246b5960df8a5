/* util: see util.h. */
#include "util.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

_Noreturn void nb_oom(void)
{
    fputs("nianbao: out of memory\n", stderr);
    abort();
}

void *nb_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) nb_oom();
    return p;
}

void *nb_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) nb_oom();
    return p;
}

void *nb_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) nb_oom();
    return p;
}

char *nb_xstrdup(const char *s) { return nb_xstrndup(s, strlen(s)); }

char *nb_xstrndup(const char *s, size_t n)
{
    char *p = nb_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *nb_xasprintf(const char *fmt, ...)
{
    nb_buf b;
    nb_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    nb_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return nb_buf_take(&b);
}

void nb_buf_init(nb_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void nb_buf_free(nb_buf *b)
{
    free(b->data);
    nb_buf_init(b);
}

static void reserve(nb_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    b->data = nb_xrealloc(b->data, cap);
    b->cap = cap;
}

void nb_buf_add(nb_buf *b, const void *p, size_t n)
{
    reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void nb_buf_puts(nb_buf *b, const char *s) { nb_buf_add(b, s, strlen(s)); }
void nb_buf_putc(nb_buf *b, char c) { nb_buf_add(b, &c, 1); }

void nb_buf_vprintf(nb_buf *b, const char *fmt, va_list ap)
{
    /* gcc with UBSan at -O1/-O2 cannot prove fmt non-null and warns
     * (-Wformat-truncation "null format string"); a null format adds nothing */
    if (!fmt) return;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return;
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void nb_buf_printf(nb_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nb_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *nb_buf_take(nb_buf *b)
{
    char *p = b->data ? b->data : nb_xstrdup("");
    nb_buf_init(b);
    return p;
}

int nb_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0) return 0;
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    int len;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) { len = 2; v = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; v = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if ((size_t)len > n) return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

int nb_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { o[0] = (unsigned char)(0xC0 | (cp >> 6)); o[1] = (unsigned char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

bool nb_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    uint32_t cp;
    while (i < n) {
        int k = nb_utf8_decode(s + i, n - i, &cp);
        if (!k) return false;
        i += (size_t)k;
    }
    return true;
}

size_t nb_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

char *nb_strip_zwsp(const char *s)
{
    nb_buf b;
    nb_buf_init(&b);
    for (const char *p = s; *p; p++) {
        if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x8B) {
            p += 2;
            continue;
        }
        nb_buf_putc(&b, *p);
    }
    return nb_buf_take(&b);
}

bool nb_is_cjk(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) ||   /* radicals, CJK punctuation, kana, Han, Ext-A */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility ideographs */
           (cp >= 0xFE30 && cp <= 0xFE4F) ||   /* compatibility forms */
           (cp >= 0xFF00 && cp <= 0xFFEF) ||   /* full-width forms */
           (cp >= 0x20000 && cp <= 0x3FFFF) || /* Ext-B and beyond */
           cp == 0x2014 || cp == 0x2026 ||     /* —— …… */
           cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019; /* curly quotes */
}

bool nb_is_alnum_latin(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

int nb_read_file(const char *path, size_t max, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return -1;
    }
    nb_buf b;
    nb_buf_init(&b);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (b.len + n > max) {
            nb_buf_free(&b);
            fclose(f);
            errno = EFBIG;
            return -1;
        }
        nb_buf_add(&b, tmp, n);
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        nb_buf_free(&b);
        errno = EIO;
        return -1;
    }
    *len = b.len;
    *out = nb_buf_take(&b);
    return 0;
}
