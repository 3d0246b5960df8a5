/* check: the one assertion harness of the C unit tests.
 *   CHECK(cond)              prints FILE:LINE and the condition when false
 *   CHECK(cond, fmt, …)      … and the message
 *   CHECK_STR(got, want)     strings equal (got may be NULL: a failure)
 *   CHECK_INT(got, want)     integers equal
 * Each counts a check; check_done(name) prints the tally and gives the
 * program's exit status. */
#ifndef NB_TEST_CHECK_H
#define NB_TEST_CHECK_H
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int failures, checks;

static inline void check_report(int ok, const char *file, int line, const char *expr, const char *fmt, ...)
{
    checks++;
    if (ok) return;
    failures++;
    fprintf(stderr, "%s:%d: check failed: ", file, line);
    if (*fmt) {
        va_list ap;
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
    } else {
        fputs(expr, stderr);
    }
    fputc('\n', stderr);
}

/* "" __VA_ARGS__: the message is optional (an empty format prints cond). */
#define CHECK(cond, ...) check_report(!!(cond), __FILE__, __LINE__, #cond, "" __VA_ARGS__)

#define CHECK_STR(got, want)                                                                         \
    do {                                                                                             \
        const char *g_ = (got), *w_ = (want);                                                        \
        check_report(g_ && strcmp(g_, w_) == 0, __FILE__, __LINE__, #got, "%s\n  got:  %s\n  want: %s", \
                     #got, g_ ? g_ : "(null)", w_);                                                  \
    } while (0)

#define CHECK_INT(got, want)                                                                  \
    do {                                                                                      \
        long long g_ = (long long)(got), w_ = (long long)(want);                              \
        check_report(g_ == w_, __FILE__, __LINE__, #got, "%s is %lld, want %lld", #got, g_, w_); \
    } while (0)

static inline int check_done(const char *name)
{
    if (failures) {
        fprintf(stderr, "%s: %d of %d checks failed\n", name, failures, checks);
        return 1;
    }
    printf("%s: all %d checks passed\n", name, checks);
    return 0;
}

#endif
