/* pagetree_spec: runs tests/spec/pagination.txt, a literate spec of page
 * layout: each example is a layout folder (under tests/spec), a data file,
 * a line ".", and the expected line-level page-tree dump
 * (nb_pages_dump_lines). With --print, writes the actual dumps instead of
 * comparing (to review and paste new examples).
 * usage: pagetree_spec SPEC_FILE SPEC_DIR [--print] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data.h"
#include "expand.h"
#include "fonts.h"
#include "layout.h"
#include "paginate.h"
#include "util.h"
#include "yamlsrc.h"

static char *render(const char *layout_dir, const char *data, size_t len)
{
    nb_buf out;
    nb_buf_init(&out);
    nb_diag d;
    nb_diag_init(&d, "example");
    nb_layout l;
    nb_yaml_doc y = {0};
    nb_report r;
    memset(&r, 0, sizeof r);
    nb_fontset *fs = NULL;
    char *text = NULL;
    size_t tlen = 0;
    FILE *mem = open_memstream(&text, &tlen);
    if (nb_layout_load(layout_dir, &d, &l) == 0 && nb_fontset_open(&l, &d, &fs) == 0 &&
        nb_yaml_parse(data, len, &d, &y) == 0 && nb_report_load(y.root, &l.form, l.numbering_keys, &d, &r) == 0) {
        nb_doc doc;
        nb_doc_init(&doc);
        nb_expand(&r, &l, &doc);
        nb_pages pages;
        nb_pages_init(&pages, l.page.width, l.page.height);
        if (nb_paginate(&doc, &l, fs, &d, &pages) == 0) nb_pages_dump_lines(&pages, mem);
        nb_pages_free(&pages);
        nb_doc_free(&doc);
    }
    nb_diag_print(&d, mem);
    fclose(mem);
    nb_report_free(&r);
    nb_yaml_free(&y);
    if (fs) nb_fontset_free(fs);
    nb_layout_free(&l);
    nb_diag_free(&d);
    nb_buf_free(&out);
    return text;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: pagetree_spec SPEC_FILE SPEC_DIR [--print]\n");
        return 2;
    }
    bool print = argc > 3 && strcmp(argv[3], "--print") == 0;
    char *spec;
    size_t len;
    if (nb_read_file(argv[1], 1 << 24, &spec, &len) != 0) {
        perror(argv[1]);
        return 2;
    }
    int examples = 0, failed = 0;
    char *p = strstr(spec, "\n### ");
    while (p) {
        p += 5;
        char *eol = strchr(p, '\n');
        if (!eol) break;
        char *name = nb_xstrndup(p, (size_t)(eol - p));
        char *layout_line = eol + 1;
        char *eol2 = strchr(layout_line, '\n');
        if (!eol2) break;
        char *layout = nb_xasprintf("%s/%.*s", argv[2], (int)(eol2 - layout_line), layout_line);
        char *data = eol2 + 1;
        char *dot = strstr(data, "\n.\n");
        if (!dot) break;
        char *expect = dot + 3;
        char *next = strstr(expect, "\n### ");
        char *end = next ? next + 1 : spec + len;
        while (end > expect && (end[-1] == '\n')) end--;
        char *want = nb_xstrndup(expect, (size_t)(end - expect));
        char *got = render(layout, data, (size_t)(dot + 1 - data));
        size_t gl = strlen(got);
        while (gl && got[gl - 1] == '\n') got[--gl] = 0;
        examples++;
        if (print) {
            printf("### %s\n%.*s\n%.*s.\n%s\n\n", name, (int)(eol2 - layout_line), layout_line,
                   (int)(dot + 1 - data), data, got);
        } else if (strcmp(want, got) != 0) {
            failed++;
            printf("FAIL %s\n--- expected\n%s\n--- got\n%s\n", name, want, got);
        }
        free(name);
        free(layout);
        free(want);
        free(got);
        p = next;
    }
    free(spec);
    if (!print) printf("%d passed, %d failed\n", examples - failed, failed);
    return failed || examples == 0 ? 1 : 0;
}
