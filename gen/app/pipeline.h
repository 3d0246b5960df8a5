/* pipeline: one report from data file to outputs (check, render), with the
 * work that does not depend on the report (layouts, fonts) done once per
 * session and shared by every report of a run. Returns exit codes of
 * spec/cli.md: 0 ok, 1 invalid data, 3 environment (layout, font, output). */
#ifndef NB_PIPELINE_H
#define NB_PIPELINE_H
#include <stdbool.h>
#include <stdio.h>
#include "layout.h"
#include "fonts.h"
#include "util.h"

enum { NB_EXIT_OK = 0, NB_EXIT_DATA = 1, NB_EXIT_USAGE = 2, NB_EXIT_ENV = 3 };

typedef struct nb_session nb_session;

/* layout_override: --layout (NULL: the data's `layout:` key, else gb-2021). */
nb_session *nb_session_new(const char *layout_override);
void nb_session_free(nb_session *s);

/* Loads (once) the layout named by name_or_path; with fonts, also its fontset.
 * Problems are printed to err; returns NULL on failure. */
const nb_layout *nb_session_layout(nb_session *s, const char *name_or_path, bool fonts, nb_fontset **fs, FILE *err);

/* How many warnings the session's data loads have printed so far (check --strict). */
size_t nb_session_warnings(nb_session *s);
/* strict: a data file with warnings is invalid (exit 1, nothing written). */
void nb_session_set_strict(nb_session *s, bool strict);

/* Validates a data file (syntax, schema, consistency); prints every problem.
 * previous (or NULL): last year's data file, checked first, whose 结转下年度
 * row must equal this year's 上年结转 row. */
int nb_check_file(nb_session *s, const char *data_path, const char *previous, FILE *err);

/* What a render used, for change detection (build). */
typedef struct nb_render_used {
    char *layout_name;        /* the layout asked for: --layout, else the data's
                                 `layout:` key; NULL for the default. Caller frees. */
    const nb_layout *layout;  /* owned by the session; NULL when none was loaded */
    nb_fontset *fonts;        /* owned by the session; NULL when no PDF was made */
} nb_render_used;

typedef struct nb_render_opts {
    const char *const *outputs; /* paths; format from the extension (.pdf, .html) */
    size_t noutputs;
    bool fragment;              /* HTML as an embeddable fragment */
    nb_buf *into;               /* optional: noutputs initialised buffers (caller's, may
                                   be reused) that receive the outputs instead of the
                                   files; nothing is written */
    nb_render_used *used;       /* optional: filled in (also on failure) */
    const char *previous;       /* optional: last year's data file: the cross-year rules (as check --previous);
                                   one that does not load is left out (its own render reports it) */
} nb_render_opts;

/* Renders one data file to every output; writes nothing if anything fails.
 * Sessions are thread-safe: several threads may render with one session. */
int nb_render_file(nb_session *s, const char *data_path, const nb_render_opts *o, FILE *err);

/* A data file loaded and validated, for commands that read reports rather
 * than render them (sum, check --children, the build's dashboard). */
typedef struct nb_loaded nb_loaded;
/* Loads path as check does (its problems printed to err); *rc: the exit
 * code. The report is complete only when *rc is 0. Never NULL. */
nb_loaded *nb_load_report(nb_session *s, const char *path, FILE *err, int *rc);
const struct nb_report *nb_loaded_report(const nb_loaded *l);
const nb_layout *nb_loaded_layout(const nb_loaded *l); /* NULL: no usable layout */
const struct nb_val *nb_loaded_root(const nb_loaded *l);  /* the value tree; NULL: unreadable */
void nb_loaded_free(nb_loaded *l);

/* The output format of a path by its extension: "pdf", "html" or NULL. */
const char *nb_output_format(const char *path);

#endif
