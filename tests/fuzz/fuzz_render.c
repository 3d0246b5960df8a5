/* fuzz_render: libFuzzer target for everything after the loader: a data
 * file that loads (consistent or not) is expanded against the gb-2021
 * layout and rendered in memory to a full HTML page, an HTML fragment and
 * a PDF (pagination, typesetting, tables, font subsetting, libharu). The
 * layout and fontset are opened once, as `nianbao build` shares them. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "data.h"
#include "diag.h"
#include "doc.h"
#include "expand.h"
#include "fonts.h"
#include "html.h"
#include "layout.h"
#include "paginate.h"
#include "pdf.h"
#include "yamlsrc.h"

static nb_layout layout;
static nb_fontset *fonts;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* At exit, so LeakSanitizer's exit-time check sees fontconfig's objects freed. */
static void cleanup(void)
{
    nb_fontset_free(fonts);
    nb_layout_free(&layout);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char *dir = nb_layout_find("gb-2021");
    nb_diag d;
    nb_diag_init(&d, "layout");
    if (!dir || nb_layout_load(dir, &d, &layout) != 0 || nb_fontset_open(&layout, &d, &fonts) != 0) {
        nb_diag_print(&d, stderr);
        fprintf(stderr, "fuzz_render: cannot load the gb-2021 layout and its fonts\n");
        exit(1);
    }
    nb_diag_free(&d);
    free(dir);
    atexit(cleanup);
    return 0;
}

/* CJK punctuation: its ink fills half its em, so at a line's end it is
 * squeezed to half and its em box may reach half an em past the measure. */
static bool cjk_punct(uint32_t c)
{
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
           (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x2018 && c <= 0x201F) ||
           c == 0x2014 || c == 0x2026 || c == 0x00B7;
}

/* The layout's promise, checked on every input: each glyph inside the text
 * block (the page number below it) and each rule inside it. A breach
 * aborts, so the fuzzer reports layouts that run off the page as crashes. */
static void check_pages(const nb_pages *pages)
{
    const nb_page_geom *g = &layout.page;
    nb_mpt slack = 1000; /* the grid sets 16 pt characters 0.2 pt closer than their em */
    nb_mpt top = g->margin_top, bottom = g->margin_top + g->text_height;
    nb_mpt left = g->margin_left, right = g->margin_left + g->text_width;
    for (size_t i = 0; i < pages->n; i++) {
        const nb_page *pg = &pages->pages[i];
        for (size_t k = 0; k < pg->ntexts; k++) {
            const nb_ptext *t = &pg->texts[k];
            bool foot = t->y == bottom + g->number_offset + (nb_mpt)((int64_t)t->size * 880 / 1000);
            for (size_t j = 0; j < t->n; j++) {
                nb_mpt x = t->glyphs[j].x, adv = (nb_mpt)((int64_t)t->glyphs[j].adv_em * t->size / 1000);
                if (cjk_punct(t->glyphs[j].cp)) adv /= 2;
                if (x < left - slack || x + adv > right + slack || t->y - t->size < top - slack ||
                    (t->y > bottom && !foot)) {
                    fprintf(stderr, "page %zu: U+%04X at x=%d y=%d outside the text block\n", i + 1,
                            (unsigned)t->glyphs[j].cp, x, t->y);
                    abort();
                }
            }
        }
        for (size_t k = 0; k < pg->nrules; k++) {
            const nb_prule *r = &pg->rules[k];
            if (r->x1 < left - slack || r->x2 > right + slack || r->y1 < top - slack || r->y2 > bottom + slack) {
                fprintf(stderr, "page %zu: rule %d,%d %d,%d outside the text block\n", i + 1, r->x1, r->y1, r->x2,
                        r->y2);
                abort();
            }
        }
    }
}

/* Scalar text of the tree with every alias expanded, counted up to limit.
 * Aliases let a small input carry up to 8 MiB of text (yamlsrc's limit):
 * seconds of typesetting in a Release build, minutes under the fuzzer's
 * instrumentation. Such inputs are loaded but not rendered: scale is
 * tests/hardening_pathological.py's job, the fuzzer's is the variety. */
static size_t text_size(const nb_val *v, size_t limit)
{
    size_t n = v->kind == NB_VAL_SCALAR ? v->len : 0;
    for (size_t i = 0; i < v->n && n <= limit; i++) {
        if (v->kind == NB_VAL_MAP) n += v->pairs[i].key->len + text_size(v->pairs[i].value, limit - n);
        else if (v->kind == NB_VAL_SEQ) n += text_size(v->items[i], limit - n);
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_diag d;
    nb_diag_init(&d, "fuzz.yaml");
    nb_yaml_doc ydoc;
    nb_yaml_parse((const char *)data, size, &d, &ydoc);
    nb_report r;
    /* expand needs a complete model; the consistency rules do not matter to it */
    if (ydoc.root && text_size(ydoc.root, 256 * 1024) > 256 * 1024) {
        nb_report_load(ydoc.root, &layout.form, layout.numbering_keys, &d, &r);
        nb_report_free(&r);
    } else if (ydoc.root && nb_report_load(ydoc.root, &layout.form, layout.numbering_keys, &d, &r) == 0) {
        nb_doc doc;
        nb_doc_init(&doc);
        nb_expand(&r, &layout, &doc);
        nb_buf out;
        nb_buf_init(&out);
        nb_html_opts page = {.fragment = false}, frag = {.fragment = true};
        nb_html_render(&doc, &layout, &page, &out);
        out.len = 0;
        nb_html_render(&doc, &layout, &frag, &out);
        out.len = 0;
        nb_pages pages;
        nb_pages_init(&pages, layout.page.width, layout.page.height);
        if (nb_paginate(&doc, &layout, fonts, &d, &pages) == 0) {
            check_pages(&pages);
            nb_pdf_render(&doc, &pages, fonts, &d, &out);
        }
        nb_pages_free(&pages);
        nb_buf_free(&out);
        nb_doc_free(&doc);
        nb_report_free(&r);
    } else if (ydoc.root) {
        nb_report_free(&r);
    }
    nb_yaml_free(&ydoc);
    nb_diag_free(&d);
    return 0;
}
