/* years: the agencies and years of a build tree, read from each data file's
 * `agency` and `year`, so that build can check an agency's year-Y report
 * against its year-Y−1 one. */
#ifndef NB_YEARS_H
#define NB_YEARS_H
#include <stddef.h>
#include <stdio.h>
#include "diag.h"

typedef struct nb_year_entry {
    const char *path; /* the data file (the caller's) */
    char *agency;     /* NULL: the file has none readable (it fails on its own) */
    int year;
    long previous;    /* index of the same agency's year−1 file, or -1 */
    nb_mark agency_mark;
} nb_year_entry;

/* Reads agency and year of the file e->path from its bytes (which the caller
 * has read anyway, to hash them): a scan of the top-level lines, the YAML
 * parser only when a value is quoted, anchored, continued or missing. A file
 * without them (it fails on its own) keeps agency NULL. */
void nb_years_read(nb_year_entry *e, const char *text, size_t len);

/* Links each of the n entries (read with nb_years_read) to its year-before
 * file. Two files of one agency and year: neither is paired (which one is
 * last year's would be a guess). */
void nb_years_pair(nb_year_entry *entries, size_t n);

/* A report the tree lacks (缺报): the agency's year, and its latest file. */
typedef struct nb_year_gap {
    const char *agency;   /* the entries' */
    int year;
    const char *last_path;
} nb_year_gap;

/* Warns (to err, FILE:LINE:COL at its `agency`) once for each agency whose
 * latest file is for a year Y−1 when the tree has year-Y files of other
 * agencies: its year-Y report is missing (缺报, listed in *gaps, which the
 * caller frees); and at the second of two files of one agency and year
 * (neither is paired). Call after nb_years_pair. Returns the warnings printed. */
size_t nb_years_missing(const nb_year_entry *entries, size_t n, FILE *err, nb_year_gap **gaps, size_t *ngaps);

void nb_years_free(nb_year_entry *entries, size_t n);

#endif
