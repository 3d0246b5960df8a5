/* A tiny test harness shared by data_test.c and rules_test.c. */
#ifndef NB_TEST_DATA_TEST_H
#define NB_TEST_DATA_TEST_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data.h"
#include "diag.h"
#include "form.h"
#include "layout.h"
#include "util.h"
#include "yamlsrc.h"
#include "check.h"

/* Every diagnostic as "LINE:COL: MESSAGE\n", in position order. Caller frees. */
static char *diag_text(nb_diag *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nb_diag_print(d, f);
    fclose(f);
    /* drop the "FILE:" prefix and " error:" for brevity */
    nb_buf b;
    nb_buf_init(&b);
    size_t flen = strlen(d->file);
    for (char *line = buf; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        char *s = line, *end = line + n;
        if (n > flen && !strncmp(s, d->file, flen) && s[flen] == ':') s += flen + 1;
        char *e = strstr(s, " error: ");
        if (e && e < end) {
            nb_buf_add(&b, s, (size_t)(e - s));
            if (e > s) nb_buf_putc(&b, ' ');
            s = e + 8;
        }
        nb_buf_add(&b, s, (size_t)(end - s));
        nb_buf_putc(&b, '\n');
        line = nl ? nl + 1 : end;
    }
    free(buf);
    return nb_buf_take(&b);
}

/* The real gb-2021 form (layouts/gb-2021/form.yaml), loaded once. */
static const char *const test_numberings[] = {"（一）", "1.", "（1）", "none", NULL};
static nb_form test_form_data;
static const nb_form *test_form(void)
{
    if (!test_form_data.name) {
        char *dir = nb_layout_find("gb-2021");
        char *path = nb_xasprintf("%s/form.yaml", dir ? dir : "layouts/gb-2021");
        nb_diag d;
        nb_diag_init(&d, path);
        if (nb_form_load(path, &d, &test_form_data) != 0) {
            nb_diag_print(&d, stderr);
            exit(1);
        }
        nb_diag_free(&d);
        free(path);
        free(dir);
    }
    return &test_form_data;
}

/* nb_report_load with the real form. */
static int load_report(const nb_val *root, nb_diag *d, nb_report *r)
{
    return nb_report_load(root, test_form(), test_numberings, d, r);
}

/* A row of a loaded report by section key and row path ("results.withheld.state_secret"). */
static inline const nb_row *row_of(const nb_report *r, const char *section, const char *path)
{
    const nb_section_data *s = nb_report_section(r, section);
    int i = s ? nb_form_row_index(s->form, path) : -1;
    if (i < 0) {
        fprintf(stderr, "no row %s.%s\n", section, path);
        exit(1);
    }
    return &s->table.rows[i];
}

static inline const nb_body *body_of(const nb_report *r, const char *section) { return &nb_report_section(r, section)->body; }

static inline int t_done(const char *name) { return check_done(name); }

#endif
