/* build: renders every *.yaml under a folder, re-rendering only what
 * changed, several reports at a time (see build.c). */
#ifndef NB_BUILD_H
#define NB_BUILD_H
#include <stdbool.h>

typedef struct nb_build_opts {
    const char *src, *outdir, *layout, *formats;
    int jobs;   /* 0: the number of processors */
    bool force; /* re-render everything */
    bool strict; /* a report with warnings fails */
} nb_build_opts;

/* Returns the exit code: 0; 1 when any report failed (3 when a failure
 * was the environment's: an output that cannot be written); 2 usage (SRC
 * not a folder, a bad --formats); 3 environment (OUTDIR, the layout or
 * its fonts unusable, another build running in OUTDIR); 128 + the signal
 * when SIGINT or SIGTERM stopped it. Prints progress (on a terminal),
 * every failed report's diagnostics and a summary line to stderr. */
int nb_build(const nb_build_opts *o);

#endif
