/* util: allocation that aborts on out-of-memory, a growable byte buffer,
 * UTF-8 decoding/encoding. Every module uses these instead of its own. */
#ifndef NB_UTIL_H
#define NB_UTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* The one out-of-memory path: a message and abort (nothing half written
 * is published: outputs are replaced atomically). */
_Noreturn void nb_oom(void);
void *nb_xmalloc(size_t n);
void *nb_xcalloc(size_t n, size_t size);
void *nb_xrealloc(void *p, size_t n);
char *nb_xstrdup(const char *s);
char *nb_xstrndup(const char *s, size_t n);
/* printf into a fresh malloc'd string; caller frees. */
char *nb_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows a dynamic array `arr` holding `n` items of capacity `cap` to fit one more. */
#define NB_GROW(arr, n, cap)                                                  \
    do {                                                                      \
        if ((n) >= (cap)) {                                                   \
            (cap) = (cap) ? (cap) * 2 : 8;                                    \
            (arr) = nb_xrealloc((arr), (size_t)(cap) * sizeof(*(arr)));       \
        }                                                                     \
    } while (0)

/* A growable byte buffer; data is always NUL-terminated. Owner frees with nb_buf_free. */
typedef struct nb_buf {
    char *data;
    size_t len, cap;
} nb_buf;

void nb_buf_init(nb_buf *b);
void nb_buf_free(nb_buf *b);
void nb_buf_add(nb_buf *b, const void *p, size_t n);
void nb_buf_puts(nb_buf *b, const char *s);
void nb_buf_putc(nb_buf *b, char c);
void nb_buf_printf(nb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nb_buf_vprintf(nb_buf *b, const char *fmt, va_list ap);
/* Hands the data to the caller (who frees it) and resets the buffer. */
char *nb_buf_take(nb_buf *b);

/* Decodes one UTF-8 sequence at s (at most n bytes). Returns its length
 * (1..4) and stores the code point, or returns 0 on an invalid sequence. */
int nb_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp into out (at least 4 bytes); returns the length. */
int nb_utf8_encode(uint32_t cp, char *out);
/* True when the whole string is valid UTF-8. */
bool nb_utf8_valid(const char *s, size_t n);
/* Number of code points (string must be valid UTF-8). */
size_t nb_utf8_len(const char *s);

/* A copy of s without U+200B (the line-break hint of layout formats), for
 * plain-text uses such as metadata and bookmarks. Caller frees. */
char *nb_strip_zwsp(const char *s);

/* Unicode class helpers used by text joining, breaking and spacing. */
bool nb_is_cjk(uint32_t cp);        /* Han, kana, full-width forms, CJK punctuation */
bool nb_is_alnum_latin(uint32_t cp); /* ASCII/Latin letters and digits */

/* Reads a whole file (at most max bytes). Returns 0, or -1 with errno set
 * (EFBIG when larger than max). *out is malloc'd and NUL-terminated. */
int nb_read_file(const char *path, size_t max, char **out, size_t *len);

#endif
