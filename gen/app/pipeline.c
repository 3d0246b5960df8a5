/* pipeline: see pipeline.h. */
#include "pipeline.h"
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "data.h"
#include "doc.h"
#include "expand.h"
#include "html.h"
#include "replace.h"
#include "paginate.h"
#include "pdf.h"
#include "rules.h"
#include "util.h"
#include "yamlsrc.h"

typedef struct loaded_layout {
    char *dir;
    nb_layout layout;
    nb_fontset *fonts; /* NULL until a PDF needs it */
    bool fonts_failed;
} loaded_layout;

/* A layout name resolved to its folder (NULL: not found), once per session. */
typedef struct name_memo {
    char *name; /* NULL: the default layout */
    char *dir;
} name_memo;

struct nb_session {
    char *layout_override;
    loaded_layout **layouts; /* pointers, so that what callers hold stays put */
    size_t nlayouts, cap;
    name_memo *names;
    size_t nnames, capnames;
    pthread_mutex_t lock; /* layouts, names: renders on several threads share them */
    size_t warnings;      /* printed so far by every load (atomic: renders run on threads) */
    bool strict;          /* a file with warnings is invalid */
};

nb_session *nb_session_new(const char *layout_override)
{
    nb_session *s = nb_xcalloc(1, sizeof *s);
    s->layout_override = layout_override ? nb_xstrdup(layout_override) : NULL;
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

void nb_session_free(nb_session *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nlayouts; i++) {
        nb_layout_free(&s->layouts[i]->layout);
        if (s->layouts[i]->fonts) nb_fontset_free(s->layouts[i]->fonts);
        free(s->layouts[i]->dir);
        free(s->layouts[i]);
    }
    free(s->layouts);
    for (size_t i = 0; i < s->nnames; i++) {
        free(s->names[i].name);
        free(s->names[i].dir);
    }
    free(s->names);
    pthread_mutex_destroy(&s->lock);
    free(s->layout_override);
    free(s);
}

/* nb_layout_find, remembered: it walks the search path (realpath, stat). */
static const char *resolve_name(nb_session *s, const char *name)
{
    for (size_t i = 0; i < s->nnames; i++)
        if (name ? s->names[i].name && strcmp(s->names[i].name, name) == 0 : !s->names[i].name)
            return s->names[i].dir;
    NB_GROW(s->names, s->nnames, s->capnames);
    name_memo *m = &s->names[s->nnames++];
    m->name = name ? nb_xstrdup(name) : NULL;
    m->dir = nb_layout_find(name);
    return m->dir;
}

/* Called with s->lock held. */
static loaded_layout *find_layout(nb_session *s, const char *name, FILE *err)
{
    const char *found = resolve_name(s, name);
    if (!found) {
        fprintf(err, "nianbao: error: layout '%s' not found\n", name ? name : "gb-2021");
        return NULL;
    }
    for (size_t i = 0; i < s->nlayouts; i++)
        if (strcmp(s->layouts[i]->dir, found) == 0) return s->layouts[i];
    char *dir = nb_xstrdup(found);
    nb_diag d;
    char *file = nb_xasprintf("%s/layout.yaml", dir);
    nb_diag_init(&d, file);
    free(file);
    nb_layout l;
    if (nb_layout_load(dir, &d, &l) != 0) {
        nb_diag_print(&d, err);
        nb_diag_free(&d);
        nb_layout_free(&l);
        free(dir);
        return NULL;
    }
    nb_diag_free(&d);
    NB_GROW(s->layouts, s->nlayouts, s->cap);
    loaded_layout *ll = s->layouts[s->nlayouts++] = nb_xcalloc(1, sizeof *ll);
    ll->dir = dir;
    ll->layout = l;
    return ll;
}

static const nb_layout *session_layout(nb_session *s, const char *name, bool fonts, nb_fontset **fs, FILE *err)
{
    loaded_layout *ll = find_layout(s, name, err);
    if (!ll) return NULL;
    if (fonts) {
        if (!ll->fonts && !ll->fonts_failed) {
            nb_diag d;
            nb_diag_init(&d, "nianbao");
            if (nb_fontset_open(&ll->layout, &d, &ll->fonts) != 0) {
                ll->fonts_failed = true;
                ll->fonts = NULL;
            }
            nb_diag_print(&d, err);
            nb_diag_free(&d);
        }
        if (!ll->fonts) return NULL;
        *fs = ll->fonts;
    }
    return &ll->layout;
}

const nb_layout *nb_session_layout(nb_session *s, const char *name, bool fonts, nb_fontset **fs, FILE *err)
{
    pthread_mutex_lock(&s->lock);
    const nb_layout *l = session_layout(s, name, fonts, fs, err);
    pthread_mutex_unlock(&s->lock);
    return l;
}

const char *nb_output_format(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/')) return NULL;
    if (strcmp(dot, ".pdf") == 0) return "pdf";
    if (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0) return "html";
    return NULL;
}

/* A data file loaded and validated: the tree, the model and its layout. */
typedef struct loaded_data {
    nb_diag d;
    nb_yaml_doc ydoc;
    nb_report report;
    const nb_layout *layout;
    nb_fontset *fonts;
} loaded_data;

/* prev (may be NULL): last year's report, for the cross-year rule. */
static int load_data(nb_session *s, const char *path, bool fonts, const nb_report *prev, const char *prev_path,
                     loaded_data *ld, FILE *err)
{
    memset(ld, 0, sizeof *ld);
    nb_diag_init(&ld->d, path);
    /* after duplicate keys the tree is still there: go on to find more problems */
    if (nb_yaml_parse_file(path, &ld->d, &ld->ydoc) != 0 && !ld->ydoc.root) {
        nb_diag_print(&ld->d, err);
        return NB_EXIT_DATA;
    }
    /* the layout first: its form says what the rest of the file holds */
    const char *name = s->layout_override ? s->layout_override : nb_report_layout_key(ld->ydoc.root);
    ld->layout = nb_session_layout(s, name, fonts, &ld->fonts, err);
    if (!ld->layout) {
        nb_report_load(ld->ydoc.root, NULL, NULL, &ld->d, &ld->report); /* the envelope's own problems */
        if (!s->layout_override && ld->report.layout)
            nb_diag_error(&ld->d, ld->report.layout_mark, "layout '%s' cannot be used", ld->report.layout);
        nb_diag_print(&ld->d, err);
        return NB_EXIT_ENV;
    }
    int schema = nb_report_load(ld->ydoc.root, &ld->layout->form, ld->layout->numbering_keys, &ld->d, &ld->report);
    /* rules only on a clean schema: a row in error would read as zeros and give false sums */
    if (schema == 0) nb_rules_check(&ld->report, &ld->d);
    if (schema == 0 && prev) nb_rules_check_previous(&ld->report, prev, prev_path, &ld->d);
    nb_diag_print(&ld->d, err);
    return ld->d.errors ? NB_EXIT_DATA : NB_EXIT_OK;
}

/* The warnings of a file checked or rendered in its own right (not of a
 * previous-year file loaded beside it): counted, and errors under --strict. */
static int count_warnings(nb_session *s, const char *path, const loaded_data *ld, int rc, FILE *err)
{
    size_t warnings = ld->d.n - ld->d.errors;
    __atomic_add_fetch(&s->warnings, warnings, __ATOMIC_RELAXED);
    if (rc == NB_EXIT_OK && s->strict && warnings) {
        fprintf(err, "nianbao: error: %s: %zu warning%s, and --strict makes warnings errors\n", path, warnings,
                warnings == 1 ? "" : "s");
        return NB_EXIT_DATA;
    }
    return rc;
}

void nb_session_set_strict(nb_session *s, bool strict) { s->strict = strict; }

size_t nb_session_warnings(nb_session *s) { return __atomic_load_n(&s->warnings, __ATOMIC_RELAXED); }

static void free_data(loaded_data *ld)
{
    nb_report_free(&ld->report);
    nb_yaml_free(&ld->ydoc);
    nb_diag_free(&ld->d);
}

int nb_check_file(nb_session *s, const char *path, const char *previous, FILE *err)
{
    loaded_data prev, ld;
    int rc = NB_EXIT_OK;
    if (previous) {
        rc = load_data(s, previous, false, NULL, NULL, &prev, err);
        if (rc != NB_EXIT_OK) {
            free_data(&prev);
            return rc;
        }
    }
    rc = load_data(s, path, false, previous ? &prev.report : NULL, previous, &ld, err);
    rc = count_warnings(s, path, &ld, rc, err);
    free_data(&ld);
    if (previous) free_data(&prev);
    return rc;
}

int nb_render_file(nb_session *s, const char *path, const nb_render_opts *o, FILE *err)
{
    bool need_pdf = false;
    if (o->used) memset(o->used, 0, sizeof *o->used);
    for (size_t i = 0; i < o->noutputs; i++) {
        const char *fmt = nb_output_format(o->outputs[i]);
        if (!fmt) {
            fprintf(err, "nianbao: error: %s: unknown output format (use .pdf or .html)\n", o->outputs[i]);
            return NB_EXIT_USAGE;
        }
        if (strcmp(fmt, "pdf") == 0) need_pdf = true;
    }
    /* last year's file, quietly: its problems are its own report's */
    loaded_data prev;
    bool with_prev = false;
    if (o->previous) {
        FILE *quiet = fopen("/dev/null", "w");
        if (quiet) {
            with_prev = load_data(s, o->previous, false, NULL, NULL, &prev, quiet) == NB_EXIT_OK;
            fclose(quiet);
            if (!with_prev) free_data(&prev);
        }
    }
    loaded_data ld;
    int rc = load_data(s, path, need_pdf, with_prev ? &prev.report : NULL, o->previous, &ld, err);
    rc = count_warnings(s, path, &ld, rc, err);
    if (with_prev) free_data(&prev);
    if (o->used) {
        const char *name = s->layout_override ? s->layout_override : ld.report.layout;
        o->used->layout_name = name ? nb_xstrdup(name) : NULL;
        o->used->layout = ld.layout;
        o->used->fonts = need_pdf ? ld.fonts : NULL;
    }
    if (rc != NB_EXIT_OK) {
        free_data(&ld);
        return rc;
    }
    nb_doc doc;
    nb_doc_init(&doc);
    nb_expand(&ld.report, ld.layout, &doc);

    /* Render every output into memory first: nothing is written unless all succeed. */
    nb_buf *bufs = o->into ? o->into : nb_xcalloc(o->noutputs, sizeof *bufs);
    for (size_t i = 0; i < o->noutputs && rc == NB_EXIT_OK; i++) {
        if (o->into) bufs[i].len = 0; /* the caller's buffer: keep its memory */
        else nb_buf_init(&bufs[i]);
        if (strcmp(nb_output_format(o->outputs[i]), "html") == 0) {
            nb_html_opts ho = {.fragment = o->fragment};
            nb_html_render(&doc, ld.layout, &ho, &bufs[i]);
        } else {
            nb_pages pages;
            nb_pages_init(&pages, ld.layout->page.width, ld.layout->page.height);
            int prc = nb_paginate(&doc, ld.layout, ld.fonts, &ld.d, &pages);
            if (prc == 0) prc = nb_pdf_render(&doc, &pages, ld.fonts, &ld.d, &bufs[i]);
            nb_pages_free(&pages);
            if (prc != 0) {
                nb_diag_print(&ld.d, err);
                rc = prc == NB_PDF_ENV_ERROR ? NB_EXIT_ENV : NB_EXIT_DATA;
            }
        }
    }
    for (size_t i = 0; i < o->noutputs && rc == NB_EXIT_OK && !o->into; i++) {
        if (nb_replace_file(o->outputs[i], bufs[i].data, bufs[i].len) != 0) {
            fprintf(err, "nianbao: error: cannot write %s: %s\n", o->outputs[i], strerror(errno));
            rc = NB_EXIT_ENV;
        }
    }
    if (!o->into) {
        for (size_t i = 0; i < o->noutputs; i++) nb_buf_free(&bufs[i]);
        free(bufs);
    }
    nb_doc_free(&doc);
    free_data(&ld);
    return rc;
}

/* ---- reports loaded for reading (pipeline.h) ---- */

struct nb_loaded {
    loaded_data ld;
};

nb_loaded *nb_load_report(nb_session *s, const char *path, FILE *err, int *rc)
{
    nb_loaded *l = nb_xcalloc(1, sizeof *l);
    *rc = load_data(s, path, false, NULL, NULL, &l->ld, err);
    return l;
}

const nb_report *nb_loaded_report(const nb_loaded *l) { return &l->ld.report; }

const nb_layout *nb_loaded_layout(const nb_loaded *l) { return l->ld.layout; }

const nb_val *nb_loaded_root(const nb_loaded *l) { return l->ld.ydoc.root; }

void nb_loaded_free(nb_loaded *l)
{
    if (!l) return;
    free_data(&l->ld);
    free(l);
}
