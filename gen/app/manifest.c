/* manifest: see manifest.h. */
#include "manifest.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char MAGIC[] = "nianbao-build-manifest 1\n";

static void put_escaped(nb_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p == 0x7F || *p == '%') {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            nb_buf_add(b, e, 3);
        } else {
            nb_buf_putc(b, (char)*p);
        }
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Decodes an escaped field; NULL when it is malformed or empty. */
static char *unescape(const char *s)
{
    nb_buf b;
    nb_buf_init(&b);
    for (; *s; s++) {
        if (*s == '%') {
            int hi = hexval(s[1]), lo = hi < 0 ? -1 : hexval(s[2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                nb_buf_free(&b);
                return NULL;
            }
            nb_buf_putc(&b, (char)(hi << 4 | lo));
            s += 2;
        } else {
            nb_buf_putc(&b, *s);
        }
    }
    if (!b.len) {
        nb_buf_free(&b);
        return NULL;
    }
    return nb_buf_take(&b);
}

/* Splits line at single spaces into f; returns the count, or max + 1 when
 * there are more than max fields. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    for (char *p = line;;) {
        if (n == max) return max + 1;
        f[n++] = p;
        char *sp = strchr(p, ' ');
        if (!sp) return n;
        *sp = 0;
        p = sp + 1;
    }
}

static bool parse_u64(const char *s, int base, uint64_t *out)
{
    if (!*s || *s == '-' || *s == '+' || *s == ' ') return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, base);
    if (*end || errno) return false;
    *out = v;
    return true;
}

static bool parse_i64(const char *s, int64_t *out)
{
    if (!*s) return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno) return false;
    *out = v;
    return true;
}

static void parse_font(nb_manifest *m, char **f)
{
    nb_manifest_font x = {0};
    if (!parse_u64(f[1], 16, &x.hash) || !parse_u64(f[2], 10, &x.size) || !parse_i64(f[3], &x.mtime_ns) ||
        !parse_i64(f[4], &x.ctime_ns) || !parse_u64(f[5], 10, &x.ino) || !parse_u64(f[6], 10, &x.dev))
        return;
    if (!(x.path = unescape(f[7]))) return;
    NB_GROW(m->fonts, m->nfonts, m->capfonts);
    m->fonts[m->nfonts++] = x;
}

static void parse_report(nb_manifest *m, char **f)
{
    nb_manifest_report x = {0};
    if (!parse_u64(f[1], 16, &x.key) || !parse_i64(f[2], &x.size[0]) || !parse_i64(f[3], &x.size[1]) ||
        x.size[0] < -1 || x.size[1] < -1)
        return;
    if (strcmp(f[4], "-") != 0) {
        if (f[4][0] != '=' || !(x.layout = unescape(f[4] + 1))) return;
    }
    if (!(x.name = unescape(f[5]))) {
        free(x.layout);
        return;
    }
    if (f[6]) x.summary = unescape(f[6]); /* a bad one is no summary: the report is checked again */
    NB_GROW(m->reports, m->nreports, m->capreports);
    m->reports[m->nreports++] = x;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const nb_manifest_report *)a)->name, ((const nb_manifest_report *)b)->name);
}

int nb_manifest_load(const char *path, nb_manifest *m)
{
    memset(m, 0, sizeof *m);
    char *text;
    size_t len;
    if (nb_read_file(path, (size_t)1 << 30, &text, &len) != 0) return errno == ENOENT ? 0 : -1;
    if (len < sizeof MAGIC - 1 || memcmp(text, MAGIC, sizeof MAGIC - 1) != 0) {
        free(text); /* another format: start afresh */
        return 0;
    }
    char *p = text + sizeof MAGIC - 1;
    while (*p) {
        char *nl = strchr(p, '\n');
        if (!nl) break; /* an unfinished last line is no record */
        *nl = 0;
        char *f[8] = {0};
        int n = split(p, f, 8);
        if (n == 8 && strcmp(f[0], "F") == 0) parse_font(m, f);
        else if ((n == 6 || n == 7) && strcmp(f[0], "R") == 0) parse_report(m, f);
        p = nl + 1;
    }
    free(text);
    qsort(m->reports, m->nreports, sizeof *m->reports, by_name);
    /* a name recorded twice: keep one (the first after sorting) */
    size_t w = 0;
    for (size_t i = 0; i < m->nreports; i++) {
        if (w && strcmp(m->reports[w - 1].name, m->reports[i].name) == 0) {
            free(m->reports[i].name);
            free(m->reports[i].layout);
            free(m->reports[i].summary);
            continue;
        }
        m->reports[w++] = m->reports[i];
    }
    m->nreports = w;
    return 0;
}

void nb_manifest_free(nb_manifest *m)
{
    for (size_t i = 0; i < m->nfonts; i++) free(m->fonts[i].path);
    for (size_t i = 0; i < m->nreports; i++) {
        free(m->reports[i].name);
        free(m->reports[i].layout);
        free(m->reports[i].summary);
    }
    free(m->fonts);
    free(m->reports);
    memset(m, 0, sizeof *m);
}

const nb_manifest_report *nb_manifest_find(const nb_manifest *m, const char *name)
{
    nb_manifest_report key = {.name = (char *)name};
    if (!m->nreports) return NULL;
    return bsearch(&key, m->reports, m->nreports, sizeof *m->reports, by_name);
}

void nb_manifest_format(nb_buf *out, const nb_manifest_font *fonts, size_t nfonts,
                        const nb_manifest_report *reports, size_t nreports)
{
    nb_buf_puts(out, MAGIC);
    for (size_t i = 0; i < nfonts; i++) {
        const nb_manifest_font *f = &fonts[i];
        nb_buf_printf(out, "F %016" PRIx64 " %" PRIu64 " %" PRId64 " %" PRId64 " %" PRIu64 " %" PRIu64 " ",
                      f->hash, f->size, f->mtime_ns, f->ctime_ns, f->ino, f->dev);
        put_escaped(out, f->path);
        nb_buf_putc(out, '\n');
    }
    for (size_t i = 0; i < nreports; i++) {
        const nb_manifest_report *r = &reports[i];
        nb_buf_printf(out, "R %016" PRIx64 " %" PRId64 " %" PRId64 " ", r->key, r->size[0], r->size[1]);
        if (r->layout) {
            nb_buf_putc(out, '=');
            put_escaped(out, r->layout);
        } else {
            nb_buf_putc(out, '-');
        }
        nb_buf_putc(out, ' ');
        put_escaped(out, r->name);
        if (r->summary) {
            nb_buf_putc(out, ' ');
            put_escaped(out, r->summary);
        }
        nb_buf_putc(out, '\n');
    }
}
