/* import: page text → the parts of a data file (import.h). The section
 * headings (the layout's numbers, the form's headings, their aliases, or a
 * report's own wording after the right number) cut the text into the
 * front matter (title, subtitle, preface), the six sections and the
 * sign-off (a last line in the layout's date format, the line before it
 * the signing agency). */
#include <stdlib.h>
#include <string.h>
#include "import_model.h"
#include "textfmt.h"

enum { MAX_HEADING_CHARS = 40, MAX_SUBTITLE_CHARS = 30, MAX_SIGNER_CHARS = 60, MAX_AFTER_SIGNOFF = 80 }; /* a portal's footer: link lists, site information */

static bool has_stop(const char *s) { return strstr(s, "。") != NULL; }

/* The heading of section si at line s: 1 (the form's, or an alias), 2 (the
 * report's own wording: *own), 0 (not it). */
static int heading_at(const imp_doc *D, size_t si, const char *s, char **own)
{
    char *n = imp_norm(s);
    const char *rest;
    int r = 0;
    if (imp_number_prefix(D->l->section_number_format, n, &rest) == (int)si + 1) {
        char *h = imp_norm(D->l->form.sections[si].heading);
        char *const *al = D->spec->sections[si].aliases;
        r = strcmp(rest, h) == 0;
        for (size_t k = 0; !r && al && al[k]; k++) r = strcmp(rest, al[k]) == 0;
        if (!r && *rest && nb_utf8_len(rest) <= MAX_HEADING_CHARS && !has_stop(rest)) {
            r = 2;
            *own = nb_xstrdup(imp_orig_skip(s, (size_t)(rest - n)));
        }
        free(h);
    }
    free(n);
    return r;
}

/* The layout's date format ({y}年{m}月{d}日) read back. */
static bool parse_date(const nb_layout *l, const char *s, int *y, int *m, int *d)
{
    char *f = imp_norm(l->date_format ? l->date_format : "{y}年{m}月{d}日");
    char *n = imp_norm(s);
    const char *p = n, *q = f;
    int v[3] = {0, 0, 0};
    bool ok = true;
    while (ok && *q) {
        int slot = strncmp(q, "{y}", 3) == 0 ? 0 : strncmp(q, "{m}", 3) == 0 ? 1 : strncmp(q, "{d}", 3) == 0 ? 2 : -1;
        if (slot >= 0) {
            const char *st = p;
            while (*p >= '0' && *p <= '9' && p - st < 4) v[slot] = v[slot] * 10 + (*p++ - '0');
            ok = p > st;
            q += 3;
        } else {
            ok = *p++ == *q++;
        }
    }
    ok = ok && !*p && v[0] >= 1900 && v[0] <= 2100 && v[1] >= 1 && v[1] <= 12 && v[2] >= 1 && v[2] <= 31;
    if (ok) {
        *y = v[0];
        *m = v[1];
        *d = v[2];
    }
    free(f);
    free(n);
    return ok;
}

/* Agency and year from the title: the layout's default title, else the
 * text before the first 4-digit year (less a trailing 关于). */
static bool parse_title(imp_doc *D, const char *title)
{
    char *f = nb_strip_zwsp(D->l->default_title_format ? D->l->default_title_format : "{agency}{year}");
    char *nf = imp_norm(f), *n = imp_norm(title);
    const char *a = strstr(nf, "{agency}"), *y = strstr(nf, "{year}");
    bool is_default = false;
    if (a && y && a < y) {
        size_t pre = (size_t)(a - nf), mid = (size_t)(y - a - 8);
        const char *suf = y + 6;
        size_t len = strlen(n), sl = strlen(suf);
        if (len > pre + mid + sl + 4 && strncmp(n, nf, pre) == 0 && strcmp(n + len - sl, suf) == 0) {
            const char *yr = n + len - sl - 4;
            bool digits = true;
            for (int k = 0; k < 4; k++) digits &= yr[k] >= '0' && yr[k] <= '9';
            if (digits && strncmp(yr - mid, a + 8, mid) == 0 && yr - mid > n + pre) {
                D->year = atoi(yr);
                const char *st = imp_orig_skip(title, pre), *en = imp_orig_skip(title, (size_t)(yr - mid - n));
                while (en > st && en[-1] == ' ') en--;
                D->agency = nb_xstrndup(st, (size_t)(en - st));
                is_default = true;
            }
        }
    }
    if (!is_default) {
        for (const char *p = n; *p; p++) {
            if (!(p[0] >= '1' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
                  p[3] >= '0' && p[3] <= '9' && strncmp(p + 4, "年", 3) == 0))
                continue;
            if (p > n && p[-1] >= '0' && p[-1] <= '9') continue;
            D->year = atoi(p);
            size_t end = (size_t)(p - n);
            if (end >= 6 && strncmp(p - 6, "关于", 6) == 0) end -= 6;
            const char *en = imp_orig_skip(title, end);
            while (en > title && en[-1] == ' ') en--;
            if (en > title) D->agency = nb_xstrndup(title, (size_t)(en - title));
            break;
        }
        D->title = nb_xstrdup(title);
    }
    free(f);
    free(nf);
    free(n);
    return D->year != 0;
}

/* Whether s names a year: four digits, then 年 (spaces between allowed). */
static bool names_year(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
              p[3] <= '9'))
            continue;
        const char *q = p + 4;
        while (*q == ' ') q++;
        if (strncmp(q, "年", strlen("年")) == 0) return true;
    }
    return false;
}

/* A line of the page around a report (menus, footers): short, no sentence,
 * not a numbered item. */
static bool page_line(const imp_line *l)
{
    const char *s = l->s;
    if (l->table || has_stop(s) || nb_utf8_len(s) >= MAX_HEADING_CHARS) return false;
    return strncmp(s, "（", strlen("（")) != 0 && !(s[0] >= '0' && s[0] <= '9');
}

static void front_matter(imp_doc *D, const imp_line *L, size_t n)
{
    /* the title: the first line holding the form's title word (报告) and a year (a
     * portal's menu before it names 政府工作报告 too), else the first holding the word */
    const char *w = D->spec->title_word;
    size_t t = 0;
    while (w && t < n && (L[t].table || !strstr(L[t].s, w) || !names_year(L[t].s))) t++;
    if (w && t == n)
        for (t = 0; t < n && (L[t].table || !strstr(L[t].s, w));) t++;
    if (t >= n) t = 0; /* no line names a report: the first is the title */
    for (size_t i = 0; i < t; i++) imp_warn(D->log, L[i].origin, 1, "before the title, not placed: %s", L[i].s);
    if (n == 0) return;
    D->title_line = nb_xstrdup(L[t].s);
    if (!parse_title(D, L[t].s)) imp_warn(D->log, L[t].origin, 1, "no year in the title: %s", L[t].s);
    size_t i = t + 1;
    if (i < n && !L[i].table) {
        char *s = imp_norm(L[i].s);
        size_t len = strlen(s);
        if (strncmp(s, "（", 3) == 0 && len > 6 && strcmp(s + len - 3, "）") == 0 &&
            nb_utf8_len(s) <= MAX_SUBTITLE_CHARS && !has_stop(s)) {
            D->subtitle = nb_xstrdup(L[i].s);
            i++;
        }
        free(s);
    }
    for (; i < n; i++) {
        if (L[i].table) imp_warn(D->log, L[i].origin, 1, "a table row before 一, not placed: %s", L[i].s);
        /* a preface is sentences: a short line with no 。 is the page's (来源：…, 字号, 分享) */
        else if (!has_stop(L[i].s) && nb_utf8_len(L[i].s) < MAX_HEADING_CHARS)
            imp_warn(D->log, L[i].origin, 1, "before 一, not placed: %s", L[i].s);
        else imp_add_para(&D->preface, L[i].s);
    }
}

/* The sign-off at the end of lines [0, *n), or a few lines before it (a
 * portal's footer after it: warnings): removed from them. */
static void sign_off(imp_doc *D, const imp_line *L, size_t *n)
{
    size_t at = *n;
    while (at > 0 && *n - at < MAX_AFTER_SIGNOFF &&
           (L[at - 1].table || !parse_date(D->l, L[at - 1].s, &D->sy, &D->sm, &D->sd)))
        at--;
    if (at == 0 || *n - at >= MAX_AFTER_SIGNOFF) return;
    for (size_t i = at; i < *n; i++) imp_warn(D->log, L[i].origin, 1, "after the sign-off, not placed: %s", L[i].s);
    *n = at - 1;
    if (*n > 0 && !L[*n - 1].table && !has_stop(L[*n - 1].s) && nb_utf8_len(L[*n - 1].s) <= MAX_SIGNER_CHARS) {
        (*n)--;
        if (!D->agency || strcmp(L[*n].s, D->agency) != 0) D->signed_by = nb_xstrdup(L[*n].s);
    }
}

/* A title naming a place (云溪省2023年…: the agency read from it ends in
 * one of import: place_ends) signed by an agency whose name starts with
 * that place (云溪省人民政府办公厅): the signer is the agency, the title
 * the report's own. */
static void signer_is_agency(imp_doc *D)
{
    if (!D->agency || !D->signed_by || !D->title_line || !D->spec->place_ends) return;
    char *a = imp_norm(D->agency), *s = imp_norm(D->signed_by);
    size_t al = strlen(a), k = al;
    while (k > 0 && ((unsigned char)a[k - 1] & 0xC0) == 0x80) k--;
    bool place = k > 0 && imp_is_mark(D->spec->place_ends, a + k - 1, &(size_t){0});
    if (place && strlen(s) > al && strncmp(s, a, al) == 0) {
        free(D->agency);
        D->agency = D->signed_by;
        D->signed_by = NULL;
        free(D->title);
        D->title = nb_xstrdup(D->title_line);
    }
    free(a);
    free(s);
}

static imp_line *split_lines(const nb_page_text *pt, size_t *n)
{
    imp_line *L = nb_xcalloc(pt->nlines + 1, sizeof *L);
    size_t k = 0;
    const char *s = pt->text;
    for (size_t i = 0; i < pt->nlines && s; i++) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        bool text = false, tab = false;
        for (size_t j = 0; j < len; j++) {
            if (s[j] == '\t') tab = true;
            else if (s[j] != ' ') text = true;
        }
        if (text) L[k++] = (imp_line){nb_xstrndup(s, len), pt->origin[i], tab};
        s = e ? e + 1 : NULL;
    }
    *n = k;
    return L;
}

static void doc_free(imp_doc *D)
{
    const nb_form *f = &D->l->form;
    for (size_t i = 0; i < f->nsections; i++) {
        free(D->headings[i]);
        imp_body_free(&D->bodies[i]);
        if (f->sections[i].kind == NB_FORM_TABLE) imp_table_free(&D->tables[i], &f->sections[i]);
    }
    free(D->headings);
    free(D->bodies);
    free(D->tables);
    free(D->found);
    free(D->title);
    free(D->title_line);
    free(D->agency);
    free(D->subtitle);
    free(D->signed_by);
    nb_buf_free(&D->preface);
}

int nb_import_map(const nb_page_text *pt, const nb_layout *l, const char *layout_key, const char *source,
                  nb_buf *yaml, nb_import_log *log, nb_diag *d)
{
    const nb_form *f = &l->form;
    imp_spec spec;
    char *form_path = nb_xasprintf("%s/form.yaml", l->dir);
    nb_diag fd;
    nb_diag_init(&fd, form_path);
    free(form_path);
    int bad = imp_spec_load(&spec, l, &fd);
    nb_diag_merge(d, &fd);
    nb_diag_free(&fd);
    if (bad) {
        imp_spec_free(&spec);
        return 1;
    }
    imp_doc D;
    memset(&D, 0, sizeof D);
    D.l = l;
    D.spec = &spec;
    D.log = log;
    nb_buf_init(&D.preface);
    D.headings = nb_xcalloc(f->nsections + 1, sizeof *D.headings);
    D.bodies = nb_xcalloc(f->nsections + 1, sizeof *D.bodies);
    D.tables = nb_xcalloc(f->nsections + 1, sizeof *D.tables);
    D.found = nb_xcalloc(f->nsections + 1, sizeof *D.found);
    for (size_t i = 0; i < f->nsections; i++) {
        nb_buf_init(&D.bodies[i].intro);
        nb_buf_init(&D.tables[i].note);
        if (f->sections[i].kind != NB_FORM_TABLE) continue;
        D.tables[i].rows = nb_xcalloc(f->sections[i].nrows + 1, sizeof(imp_row));
        for (size_t r = 0; r < f->sections[i].nrows; r++)
            D.tables[i].rows[r].cells = nb_xcalloc((size_t)nb_form_row_width(&f->sections[i].rows[r]), sizeof(imp_cell));
    }
    size_t n;
    imp_line *L = split_lines(pt, &n);
    /* the headings, in order */
    size_t *at = nb_xcalloc(f->nsections + 1, sizeof *at);
    size_t pos = 0, first = n;
    for (size_t i = 0; i < f->nsections; i++) {
        at[i] = n;
        for (size_t k = pos; k < n; k++) {
            char *own = NULL;
            int h = L[k].table ? 0 : heading_at(&D, i, L[k].s, &own);
            if (!h) continue;
            at[i] = k;
            D.found[i] = true;
            if (h == 2) D.headings[i] = own;
            pos = k + 1;
            if (first == n) first = k;
            break;
        }
        if (!D.found[i])
            imp_warn(log, 0, 0, "no heading %s found: section %s not imported", f->sections[i].heading, f->sections[i].key);
    }
    front_matter(&D, L, first);
    for (size_t i = 0; i < f->nsections; i++) {
        if (!D.found[i]) continue;
        size_t end = n;
        for (size_t k = i + 1; k < f->nsections; k++)
            if (D.found[k]) {
                end = at[k];
                break;
            }
        size_t from = at[i] + 1;
        if (end == n) {
            sign_off(&D, L, &end);
            /* a portal's footer after a report without a sign-off: from the first three
             * short lines in a row that are neither sentences nor numbered items */
            for (size_t k = from; f->sections[i].kind != NB_FORM_TABLE && k + 3 <= end; k++) {
                bool footer = true;
                for (size_t j = k; j < k + 3 && footer; j++) footer = page_line(&L[j]);
                if (!footer) continue;
                for (size_t j = k; j < end; j++)
                    imp_warn(log, L[j].origin, 1, "after the last section, not placed: %s", L[j].s);
                end = k;
                break;
            }
        }
        if (f->sections[i].kind == NB_FORM_TABLE) imp_table_parse(&D, i, L[at[i]].origin, L + from, end - from);
        else imp_body_parse(&D, &D.bodies[i], L + from, end - from);
    }
    signer_is_agency(&D);
    if (!D.agency) {
        if (D.signed_by) D.agency = nb_xstrdup(D.signed_by);
        imp_warn(log, 0, 0, "no agency in the title%s", D.signed_by ? ": the sign-off's taken" : "");
    }
    imp_write(&D, layout_key, source, yaml);
    for (size_t i = 0; i < n; i++) free((char *)L[i].s);
    free(L);
    free(at);
    doc_free(&D);
    imp_spec_free(&spec);
    return 0;
}
