/* A tiny test harness shared by data_test.c and rules_test.c. */
#ifndef NB_TEST_DATA_TEST_H
#define NB_TEST_DATA_TEST_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data.h"
#include "diag.h"
#include "util.h"
#include "yamlsrc.h"

static int t_failures, t_checks;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        t_checks++;                                                                   \
        if (!(cond)) {                                                                \
            t_failures++;                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                             \
    } while (0)

#define CHECK_STR(got, want)                                                                      \
    do {                                                                                          \
        const char *g_ = (got), *w_ = (want);                                                     \
        t_checks++;                                                                               \
        if (!g_ || strcmp(g_, w_) != 0) {                                                         \
            t_failures++;                                                                         \
            fprintf(stderr, "%s:%d: %s\n  got:  %s\n  want: %s\n", __FILE__, __LINE__, #got,      \
                    g_ ? g_ : "(null)", w_);                                                      \
        }                                                                                         \
    } while (0)

#define CHECK_INT(got, want)                                                                    \
    do {                                                                                        \
        long long g_ = (long long)(got), w_ = (long long)(want);                                \
        t_checks++;                                                                             \
        if (g_ != w_) {                                                                         \
            t_failures++;                                                                       \
            fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); \
        }                                                                                       \
    } while (0)

/* Every diagnostic as "LINE:COL: MESSAGE\n", in position order. Caller frees. */
static char *diag_text(nb_diag *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nb_diag_print(d, f);
    fclose(f);
    /* drop the "FILE:" prefix and " error:" for brevity */
    nb_buf b;
    nb_buf_init(&b);
    size_t flen = strlen(d->file);
    for (char *line = buf; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        char *s = line, *end = line + n;
        if (n > flen && !strncmp(s, d->file, flen) && s[flen] == ':') s += flen + 1;
        char *e = strstr(s, " error: ");
        if (e && e < end) {
            nb_buf_add(&b, s, (size_t)(e - s));
            if (e > s) nb_buf_putc(&b, ' ');
            s = e + 8;
        }
        nb_buf_add(&b, s, (size_t)(end - s));
        nb_buf_putc(&b, '\n');
        line = nl ? nl + 1 : end;
    }
    free(buf);
    return nb_buf_take(&b);
}

static int t_done(const char *name)
{
    if (t_failures) {
        fprintf(stderr, "%s: %d of %d checks failed\n", name, t_failures, t_checks);
        return 1;
    }
    printf("%s: all %d checks passed\n", name, t_checks);
    return 0;
}

#endif
