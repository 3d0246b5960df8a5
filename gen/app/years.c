/* years: pairing each report with the agency's year before, and 缺报 (years.h). */
#include "years.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "util.h"
#include "yamlsrc.h"

static void read_one(nb_year_entry *e)
{
    nb_diag d;
    nb_diag_init(&d, e->path);
    nb_yaml_doc doc;
    memset(&doc, 0, sizeof doc);
    if (nb_yaml_parse_file(e->path, &d, &doc) == 0 && doc.root && doc.root->kind == NB_VAL_MAP) {
        const nb_val *a = nb_val_get(doc.root, "agency"), *y = nb_val_get(doc.root, "year");
        if (a && a->kind == NB_VAL_SCALAR && a->len && y && y->kind == NB_VAL_SCALAR) {
            char *end;
            long year = strtol(y->text, &end, 10);
            if (!*end && year >= 2008 && year <= 2100) {
                e->agency = nb_xstrdup(a->text);
                e->year = (int)year;
            }
        }
    }
    nb_yaml_free(&doc);
    nb_diag_free(&d);
}

static const nb_year_entry *sort_base;

static int by_agency_year(const void *pa, const void *pb)
{
    const nb_year_entry *a = &sort_base[*(const size_t *)pa], *b = &sort_base[*(const size_t *)pb];
    int c = strcmp(a->agency, b->agency);
    return c ? c : (a->year > b->year) - (a->year < b->year);
}

/* The indices of the entries with an agency, sorted by agency then year. */
static size_t *sorted(const nb_year_entry *e, size_t n, size_t *m)
{
    size_t *ix = nb_xcalloc(n + 1, sizeof *ix);
    *m = 0;
    for (size_t i = 0; i < n; i++)
        if (e[i].agency) ix[(*m)++] = i;
    sort_base = e; /* build runs this on one thread, before any render starts */
    qsort(ix, *m, sizeof *ix, by_agency_year);
    return ix;
}

static bool same(const nb_year_entry *a, const nb_year_entry *b)
{
    return strcmp(a->agency, b->agency) == 0 && a->year == b->year;
}

void nb_years_pair(nb_year_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        e[i].previous = -1;
        read_one(&e[i]);
    }
    size_t m, *ix = sorted(e, n, &m);
    for (size_t k = 1; k < m; k++) {
        nb_year_entry *now = &e[ix[k]], *last = &e[ix[k - 1]];
        if (strcmp(now->agency, last->agency) != 0 || last->year != now->year - 1) continue;
        bool dup = (k + 1 < m && same(&e[ix[k + 1]], now)) || (k >= 2 && same(&e[ix[k - 2]], last));
        if (!dup) now->previous = (long)ix[k - 1];
    }
    free(ix);
}

void nb_years_free(nb_year_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) free(e[i].agency);
    free(e);
}
