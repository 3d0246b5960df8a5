/* dashboard: OUTDIR/index.html, the whole build at a glance: one row per
 * report (agency, status with its first messages, the form's dashboard
 * figures, links to its PDF and HTML), grouped by year, newest first, and
 * for an agency with several years an inline SVG chart of the form's charted
 * figure across them. Static HTML (no script), valid, readable at 375 px
 * (rows become cards), deterministic: the same build gives the same bytes. */
#ifndef NB_DASHBOARD_H
#define NB_DASHBOARD_H
#include <stdbool.h>
#include <stddef.h>
#include "pipeline.h"
#include "util.h"

typedef struct nb_dash_entry {
    const char *name;            /* REL: the data file's path under SRC, without .yaml (缺报: last year's) */
    const char *pdf, *html;      /* links relative to OUTDIR; NULL: no such output */
    bool failed;                 /* the build did not render it */
    bool missing;                /* 缺报: no file for this agency and year (sum: agency, year, form) */
    const nb_report_summary *sum;
} nb_dash_entry;

/* A summary as one string, kept in the build's manifest with the report's
 * record (valid as long as its key), and back (0; -1: not a summary; form
 * is left NULL for the caller). */
char *nb_dash_summary_pack(const nb_report_summary *s);
int nb_dash_summary_unpack(const char *packed, nb_report_summary *out);
/* Drops data_path's own "PATH:" from the start of each message line: the
 * row names the report, and a summary kept stays right when SRC is spelled
 * another way. */
void nb_dash_summary_strip(nb_report_summary *s, const char *data_path);

/* Appends the page for the n entries (in any order) to out. */
void nb_dashboard_html(const nb_dash_entry *entries, size_t n, nb_buf *out);

#endif
