/* import_match: how page text is compared with the form's and the layout's
 * wording (import_model.h), and the import's warnings. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "claims.h"
#include "import_model.h"
#include "page_text_build.h"

void imp_warn(nb_import_log *log, int origin, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nb_buf b;
    nb_buf_init(&b);
    nb_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    NB_GROW(log->notes, log->n, log->cap);
    log->notes[log->n++] = (nb_import_note){origin, col, nb_buf_take(&b)};
}

void nb_import_log_free(nb_import_log *log)
{
    for (size_t i = 0; i < log->n; i++) free(log->notes[i].message);
    free(log->notes);
    memset(log, 0, sizeof *log);
}

void nb_import_log_print(const nb_import_log *log, const char *file, nb_origin_kind k, FILE *out)
{
    for (size_t i = 0; i < log->n; i++) {
        const nb_import_note *w = &log->notes[i];
        if (w->origin <= 0) fprintf(out, "%s: warning: %s\n", file, w->message);
        else if (k == NB_ORIGIN_PAGE) fprintf(out, "%s: page %d: warning: %s\n", file, w->origin, w->message);
        else fprintf(out, "%s:%d:%d: warning: %s\n", file, w->origin, w->col > 0 ? w->col : 1, w->message);
    }
}

static uint32_t norm_cp(uint32_t cp, uint32_t prev)
{
    switch (cp) {
    case '(': return 0xFF08;  /* （ */
    case ')': return 0xFF09;  /* ） */
    case ',': return 0xFF0C;  /* ， */
    case ':': return 0xFF1A;  /* ： */
    case ';': return 0xFF1B;  /* ； */
    case '!': return 0xFF01;
    case '?': return 0xFF1F;
    case 0xFF0E: return '.';  /* ． */
    case 0x201C: case 0x201D: case 0xFF02: return '"';
    case 0x2018: case 0x2019: case 0xFF07: return '\'';
    case 0x3001: return prev >= '0' && prev <= '9' ? '.' : cp; /* 1、 as 1. */
    default: break;
    }
    if (cp >= 0xFF10 && cp <= 0xFF19) return '0' + (cp - 0xFF10);
    return cp;
}

char *imp_norm(const char *s)
{
    nb_buf b;
    nb_buf_init(&b);
    size_t n = strlen(s);
    uint32_t prev = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = nb_utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        if (nb_pt_is_space(cp) || cp == 0x200B) continue;
        cp = norm_cp(cp, prev);
        char enc[4];
        nb_buf_add(&b, enc, (size_t)nb_utf8_encode(cp, enc));
        prev = cp;
    }
    return nb_buf_take(&b);
}

int imp_number_prefix(const char *format, const char *s, const char **rest)
{
    char *f = imp_norm(format);
    int value = 0;
    const char *p = s;
    bool ok = *f != '\0';
    for (const char *q = f; ok && *q;) {
        if (strncmp(q, "{cn}", 4) == 0) {
            size_t len;
            unsigned long long v = nb_chinese_number(p, &len); /* the claims' reader (claims.h) */
            ok = v > 0 && v < 1000;
            value = (int)v;
            p += len;
            q += 4;
        } else if (strncmp(q, "{n}", 3) == 0) {
            long v = 0;
            const char *st = p;
            while (*p >= '0' && *p <= '9' && p - st < 4) v = v * 10 + (*p++ - '0');
            ok = p > st && v > 0;
            value = (int)v;
            q += 3;
        } else {
            ok = *p == *q;
            p++;
            q++;
        }
    }
    free(f);
    if (!ok) return 0;
    if (rest) *rest = p;
    return value;
}

const char *imp_bare(const char *norm)
{
    static const char *const formats[] = {"（{cn}）", "（{n}）", "{n}.", "{cn}、", NULL};
    for (const char *const *f = formats; *f; f++) {
        const char *rest;
        if (imp_number_prefix(*f, norm, &rest)) return rest;
    }
    return norm;
}

/* The full-width form of a half-width mark next to CJK, or 0. */
static uint32_t full_width(uint32_t cp, uint32_t before, uint32_t after)
{
    static const char marks[] = ",;:?!()";
    if (!cp || cp > 0x7f || !strchr(marks, (int)cp)) return 0;
    bool cjk = cp == '(' ? nb_is_cjk(after) : cp == ')' ? nb_is_cjk(before) : nb_is_cjk(before);
    return cjk ? norm_cp(cp, 0) : 0;
}

char *imp_prose(const char *s)
{
    nb_buf b;
    nb_buf_init(&b);
    size_t n = strlen(s);
    uint32_t before = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp, after = 0;
        int k = nb_utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        if (i + (size_t)k < n) nb_utf8_decode(s + i + k, n - i - (size_t)k, &after);
        uint32_t fw = full_width(cp, before, after);
        char enc[4];
        if (fw) nb_buf_add(&b, enc, (size_t)nb_utf8_encode(fw, enc));
        else nb_buf_add(&b, s + i, (size_t)k);
        before = cp;
        i += (size_t)k;
    }
    return nb_buf_take(&b);
}

void imp_add_para(nb_buf *b, const char *s)
{
    if (!*s) return;
    if (b->len) nb_buf_puts(b, "\n\n");
    nb_buf_puts(b, s);
}

const char *imp_orig_skip(const char *s, size_t norm_bytes)
{
    size_t n = strlen(s), done = 0, i = 0;
    uint32_t prev = 0;
    while (i < n && done < norm_bytes) {
        uint32_t cp;
        int k = nb_utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        if (nb_pt_is_space(cp) || cp == 0x200B) continue;
        char enc[4];
        prev = norm_cp(cp, prev);
        done += (size_t)nb_utf8_encode(prev, enc);
    }
    while (i < n) { /* and the white space after it */
        uint32_t cp;
        int k = nb_utf8_decode(s + i, n - i, &cp);
        if (k == 0 || !(nb_pt_is_space(cp) || cp == 0x200B)) break;
        i += (size_t)k;
    }
    return s + i;
}

bool imp_is_mark(const char *set, const char *s, size_t *len)
{
    uint32_t cp;
    int k = nb_utf8_decode(s, strlen(s), &cp);
    if (k == 0) return false;
    char enc[4];
    int e = nb_utf8_encode(norm_cp(cp, 0), enc);
    for (const char *p = set; *p;) {
        uint32_t c2;
        int k2 = nb_utf8_decode(p, strlen(p), &c2);
        if (k2 == 0) break;
        if (k2 == e && memcmp(p, enc, (size_t)e) == 0) {
            *len = (size_t)k;
            return true;
        }
        p += k2;
    }
    return false;
}
