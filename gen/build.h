/* build: renders every *.yaml under a folder, re-rendering only what changed. */
#ifndef NB_BUILD_H
#define NB_BUILD_H
#include <stdbool.h>

typedef struct nb_build_opts {
    const char *src, *outdir, *layout, *formats;
    int jobs;   /* 0: the number of processors */
    bool force; /* re-render everything */
} nb_build_opts;

/* Returns the exit code (0, 1 when any report failed, 2 usage, 3 environment). */
int nb_build(const nb_build_opts *o);

#endif
