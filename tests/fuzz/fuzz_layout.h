/* fuzz_layout: what the fuzz targets of the loader and the importers share:
 * the real gb-2021 layout (its form says what a data file holds) and a sink
 * for the diagnostics, loaded once in LLVMFuzzerInitialize and freed at exit.
 * Included by one target per binary (static state). */
#ifndef NB_FUZZ_LAYOUT_H
#define NB_FUZZ_LAYOUT_H
#include <stdio.h>
#include <stdlib.h>
#include "diag.h"
#include "layout.h"

static nb_layout layout;
static FILE *sink;

static void fuzz_layout_free(void)
{
    nb_layout_free(&layout);
    if (sink) fclose(sink);
}

/* Exits 1 when the layout cannot be loaded (the target would test nothing). */
static void fuzz_layout_load(const char *target)
{
    char *dir = nb_layout_find("gb-2021");
    nb_diag d;
    nb_diag_init(&d, "layout");
    if (!dir || nb_layout_load(dir, &d, &layout) != 0) {
        nb_diag_print(&d, stderr);
        fprintf(stderr, "%s: cannot load the gb-2021 layout\n", target);
        exit(1);
    }
    nb_diag_free(&d);
    free(dir);
    sink = fopen("/dev/null", "w");
    if (!sink) exit(1);
    atexit(fuzz_layout_free);
}

#endif
