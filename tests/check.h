/* check: the tiny assertion harness of the C unit tests: CHECK(cond, fmt, …)
 * counts a check and, when cond is false, prints FILE:LINE and the message.
 * Each test program reports `failures` and `checks` at its end. */
#ifndef NB_TEST_CHECK_H
#define NB_TEST_CHECK_H
#include <stdio.h>

static int failures, checks;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        checks++;                                                               \
        if (!(cond)) {                                                          \
            failures++;                                                         \
            fprintf(stderr, "%s:%d: check failed: ", __FILE__, __LINE__);       \
            fprintf(stderr, __VA_ARGS__);                                       \
            fputc('\n', stderr);                                                \
        }                                                                       \
    } while (0)

#endif
