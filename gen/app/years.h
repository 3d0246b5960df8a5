/* years: the agencies and years of a build tree, read from each data file's
 * `agency` and `year`, so that build can check an agency's year-Y report
 * against its year-Y−1 one. */
#ifndef NB_YEARS_H
#define NB_YEARS_H
#include <stddef.h>
#include <stdio.h>

typedef struct nb_year_entry {
    const char *path; /* the data file (the caller's) */
    char *agency;     /* NULL: the file has none readable (it fails on its own) */
    int year;
    long previous;    /* index of the same agency's year−1 file, or -1 */
} nb_year_entry;

/* Reads agency and year of each of the n files (entries[i].path set by the
 * caller) and links each to its year-before file. Two files of one agency and
 * year: neither is paired (which one is last year's would be a guess). */
void nb_years_pair(nb_year_entry *entries, size_t n);

void nb_years_free(nb_year_entry *entries, size_t n);

#endif
