/* hardening_render: renders one data file the way `nianbao render` does,
 * and also dumps every glyph box and rule of the page tree so that
 * tests/hardening_pathological.py can check that nothing overlaps and
 * nothing leaves the text block.
 *
 *   hardening_render DATA.yaml OUTPREFIX [--no-rules]
 *
 * Writes OUTPREFIX.html, OUTPREFIX.pdf and OUTPREFIX.boxes:
 *   B top bottom left right number_offset     the text block (1/1000 pt)
 *   P number                                  a page
 *   G x baseline size advance codepoint       a glyph (advance in 1/1000 pt)
 *   R x1 y1 x2 y2                             a rule
 * --no-rules renders data that breaks a consistency rule (table 三 with a
 * nine-digit count in every cell cannot balance, but must still lay out).
 * Exit status: 0 rendered, 1 data problem (diagnostics on stderr), 3 layout
 * or fonts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data.h"
#include "diag.h"
#include "doc.h"
#include "expand.h"
#include "fonts.h"
#include "html.h"
#include "layout.h"
#include "paginate.h"
#include "pdf.h"
#include "rules.h"
#include "yamlsrc.h"

static int write_file(const char *prefix, const char *ext, const nb_buf *b)
{
    char *path = nb_xasprintf("%s%s", prefix, ext);
    FILE *f = fopen(path, "wb");
    int rc = f && fwrite(b->data ? b->data : "", 1, b->len, f) == b->len ? 0 : -1;
    if (f && fclose(f) != 0) rc = -1;
    if (rc) fprintf(stderr, "cannot write %s\n", path);
    free(path);
    return rc;
}

static void dump_boxes(const nb_pages *p, const nb_layout *l, nb_buf *b)
{
    const nb_page_geom *g = &l->page;
    nb_buf_printf(b, "B %d %d %d %d %d\n", g->margin_top, g->margin_top + g->text_height, g->margin_left,
                  g->margin_left + g->text_width, g->number_offset);
    for (size_t i = 0; i < p->n; i++) {
        const nb_page *pg = &p->pages[i];
        nb_buf_printf(b, "P %d\n", pg->number);
        for (size_t k = 0; k < pg->ntexts; k++) {
            const nb_ptext *t = &pg->texts[k];
            for (size_t j = 0; j < t->n; j++)
                nb_buf_printf(b, "G %d %d %d %lld %u\n", t->glyphs[j].x, t->y, t->size,
                              (long long)t->glyphs[j].adv_em * t->size / 1000, (unsigned)t->glyphs[j].cp);
        }
        for (size_t k = 0; k < pg->nrules; k++) {
            const nb_prule *r = &pg->rules[k];
            nb_buf_printf(b, "R %d %d %d %d\n", r->x1, r->y1, r->x2, r->y2);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: hardening_render DATA.yaml OUTPREFIX [--no-rules]\n", stderr);
        return 2;
    }
    bool rules = !(argc > 3 && strcmp(argv[3], "--no-rules") == 0);
    nb_diag d;
    nb_diag_init(&d, argv[1]);
    nb_layout l;
    char *dir = nb_layout_find("gb-2021");
    nb_fontset *fs = NULL;
    if (!dir || nb_layout_load(dir, &d, &l) != 0 || nb_fontset_open(&l, &d, &fs) != 0) {
        nb_diag_print(&d, stderr);
        return 3;
    }
    free(dir);
    nb_yaml_doc ydoc;
    nb_report r;
    int rc = 1;
    nb_yaml_parse_file(argv[1], &d, &ydoc);
    if (ydoc.root && nb_report_load(ydoc.root, &l.form, l.numbering_keys, &d, &r) == 0 && (!rules || nb_rules_check(&r, &d) == 0)) {
        nb_doc doc;
        nb_doc_init(&doc);
        nb_expand(&r, &l, &doc);
        nb_buf html, pdf, boxes;
        nb_buf_init(&html), nb_buf_init(&pdf), nb_buf_init(&boxes);
        nb_html_opts ho = {.fragment = false};
        nb_html_render(&doc, &l, &ho, &html);
        nb_pages pages;
        nb_pages_init(&pages, l.page.width, l.page.height);
        if (nb_paginate(&doc, &l, fs, &d, &pages) == 0 && nb_pdf_render(&doc, &pages, fs, &d, &pdf) == 0) {
            dump_boxes(&pages, &l, &boxes);
            rc = write_file(argv[2], ".html", &html) || write_file(argv[2], ".pdf", &pdf) ||
                 write_file(argv[2], ".boxes", &boxes) ? 3 : 0;
        }
        nb_pages_free(&pages);
        nb_buf_free(&html), nb_buf_free(&pdf), nb_buf_free(&boxes);
        nb_doc_free(&doc);
    }
    if (ydoc.root) nb_report_free(&r);
    nb_yaml_free(&ydoc);
    nb_diag_print(&d, stderr);
    nb_diag_free(&d);
    nb_fontset_free(fs);
    nb_layout_free(&l);
    return rc;
}
