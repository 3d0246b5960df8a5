/* years: pairing each report with the agency's year before, and 缺报 (years.h). */
#include "years.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "util.h"
#include "yamlsrc.h"

/* The plain value of the top-level key (a line starting `KEY:`) in text, or
 * NULL with *plain false when the file must be parsed to know: quoted,
 * anchored, a block or flow value, continued on the next line, or the key
 * given twice. NULL with *plain true: no such line. */
static char *plain_value(const char *text, const char *key, bool *plain, nb_mark *at)
{
    size_t klen = strlen(key);
    char *found = NULL;
    *plain = true;
    int lineno = 1;
    for (const char *line = text; *line; lineno++) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > klen && memcmp(line, key, klen) == 0 && line[klen] == ':') {
            const char *v = line + klen + 1, *ve = line + len;
            while (v < ve && (*v == ' ' || *v == '\t')) v++;
            const char *hash = v;
            while (hash < ve && !(*hash == '#' && (hash[-1] == ' ' || hash[-1] == '\t'))) hash++;
            ve = hash;
            while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r')) ve--;
            const char *next = end ? end + 1 : line + len;
            bool continued = *next == ' ' || *next == '\t';
            if (found || v == ve || strchr("\"'&*!|>[{%@`-?:,~", *v) || continued) {
                free(found);
                *plain = false;
                return NULL;
            }
            found = nb_xstrndup(v, (size_t)(ve - v));
            *at = (nb_mark){lineno, (int)(v - line) + 1}; /* the key and the blanks before are ASCII */
        }
        line += len + (end ? 1 : 0);
    }
    return found;
}

/* agency and year from the file's text when both are plain top-level
 * values (every data file nianbao writes, and nearly every one by hand):
 * a YAML parse of each file of a large tree costs more than the rest of an
 * up-to-date build. Returns false when the file must be parsed. */
static bool read_plain(nb_year_entry *e, const char *text)
{
    bool pa, py;
    nb_mark am = {0, 0}, ym;
    char *agency = plain_value(text, "agency", &pa, &am), *year = plain_value(text, "year", &py, &ym);
    /* both found as plain values, and not a word YAML reads as something else */
    bool ok = pa && py && agency && year && strcmp(agency, "null") && strcmp(agency, "Null") &&
              strcmp(agency, "NULL") && strcmp(agency, "true") && strcmp(agency, "false");
    if (ok) {
        char *end;
        long y = strtol(year, &end, 10);
        if (!*end && y >= 2008 && y <= 2100) {
            e->agency = agency, agency = NULL;
            e->year = (int)y;
            e->agency_mark = am;
        }
    }
    free(agency);
    free(year);
    return ok;
}

void nb_years_read(nb_year_entry *e, const char *text, size_t len)
{
    if (memchr(text, 0, len) == NULL && read_plain(e, text)) return;
    nb_diag d;
    nb_diag_init(&d, e->path);
    nb_yaml_doc doc;
    memset(&doc, 0, sizeof doc);
    if (nb_yaml_parse(text, len, &d, &doc) == 0 && doc.root && doc.root->kind == NB_VAL_MAP) {
        const nb_val *a = nb_val_get(doc.root, "agency"), *y = nb_val_get(doc.root, "year");
        if (a && a->kind == NB_VAL_SCALAR && a->len && y && y->kind == NB_VAL_SCALAR) {
            char *end;
            long year = strtol(y->text, &end, 10);
            if (!*end && year >= 2008 && year <= 2100) {
                e->agency = nb_xstrdup(a->text);
                e->year = (int)year;
                e->agency_mark = a->mark;
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
    if (c) return c;
    if (a->year != b->year) return a->year > b->year ? 1 : -1;
    return strcmp(a->path, b->path); /* two files of one agency and year: always in the same order */
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
    for (size_t i = 0; i < n; i++) e[i].previous = -1;
    size_t m, *ix = sorted(e, n, &m);
    for (size_t k = 1; k < m; k++) {
        nb_year_entry *now = &e[ix[k]], *last = &e[ix[k - 1]];
        if (strcmp(now->agency, last->agency) != 0 || last->year != now->year - 1) continue;
        bool dup = (k + 1 < m && same(&e[ix[k + 1]], now)) || (k >= 2 && same(&e[ix[k - 2]], last));
        if (!dup) now->previous = (long)ix[k - 1];
    }
    free(ix);
}

size_t nb_years_missing(const nb_year_entry *e, size_t n, FILE *err, nb_year_gap **gaps, size_t *ngaps)
{
    size_t m, *ix = sorted(e, n, &m), warned = 0;
    *gaps = nb_xcalloc(m + 1, sizeof **gaps);
    *ngaps = 0;
    /* the years the tree has files for, so "has year-Y files of others" is one lookup */
    int lo = 0, hi = -1;
    for (size_t k = 0; k < m; k++) {
        int y = e[ix[k]].year;
        if (hi < lo) lo = hi = y;
        if (y < lo) lo = y;
        if (y > hi) hi = y;
    }
    bool *has = nb_xcalloc(hi >= lo ? (size_t)(hi - lo + 2) : 1, sizeof *has);
    for (size_t k = 0; k < m; k++) has[e[ix[k]].year - lo] = true;
    for (size_t k = 0; k < m; k++) {
        const nb_year_entry *last = &e[ix[k]];
        if (k > 0 && same(&e[ix[k - 1]], last)) {
            fprintf(err, "%s:%d:%d: warning: %s has two %d reports: this one and %s (neither is checked against another year)\n",
                    last->path, last->agency_mark.line, last->agency_mark.col, last->agency, last->year, e[ix[k - 1]].path);
            warned++;
        }
        bool latest = k + 1 == m || strcmp(e[ix[k + 1]].agency, last->agency) != 0;
        if (!latest || last->year + 1 > hi || !has[last->year + 1 - lo]) continue;
        fprintf(err, "%s:%d:%d: warning: 缺报: %s has no %d report\n", last->path, last->agency_mark.line,
                last->agency_mark.col, last->agency, last->year + 1);
        (*gaps)[(*ngaps)++] = (nb_year_gap){last->agency, last->year + 1, last->path};
        warned++;
    }
    free(has);
    free(ix);
    return warned;
}

void nb_years_free(nb_year_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) free(e[i].agency);
    free(e);
}
