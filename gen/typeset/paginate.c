/* paginate: see paginate.h. Two passes: every block is typeset first
 * (so a heading can see how tall its successor's first lines are), then
 * the blocks are placed page by page. */
#include "paginate.h"
#include <stdlib.h>
#include <string.h>
#include "tablebox.h"
#include "typeset.h"
#include "util.h"

/* A block, typeset. */
typedef struct prep {
    const nb_block *b;
    const nb_style *st;
    nb_align align;
    nb_tpara tp;        /* text blocks */
    nb_tpara *lines;    /* sign-off: one paragraph per line */
    size_t nlines;
    nb_tablebox tb;     /* tables */
    bool has_table;
    bool skip;          /* a paragraph already merged into the run-in heading before it */
} prep;

typedef struct pager {
    const nb_layout *l;
    nb_fontset *fs;
    nb_diag *d;
    nb_pages *pages;
    nb_page *page;
    nb_mpt y, top, bottom, left, width;
    bool at_top;
} pager;

static void new_page(pager *p)
{
    p->page = nb_pages_add(p->pages);
    p->y = p->top;
    p->at_top = true;
}

static nb_mpt leading_of(const prep *pr) { return pr->st->leading > 0 ? pr->st->leading : pr->st->size; }

static nb_mpt text_height(const prep *pr) { return (nb_mpt)pr->tp.nlines * leading_of(pr); }

/* The height that must stay together at the start of block i: two lines
 * of a paragraph, a heading with its successor's start, a table's header
 * with its first row. */
static nb_mpt min_height(const prep *all, size_t count, size_t i)
{
    const prep *pr = &all[i];
    switch (pr->b->kind) {
    case NB_BLOCK_PARA: {
        size_t n = pr->tp.nlines < 2 ? pr->tp.nlines : 2;
        return pr->st->space_before + (nb_mpt)n * leading_of(pr);
    }
    case NB_BLOCK_HEADING: {
        nb_mpt h = pr->st->space_before + text_height(pr);
        size_t next = i + 1;
        while (next < count && all[next].skip) next++;
        if (!pr->b->run_in && next < count) h += min_height(all, count, next);
        else if (pr->b->run_in) h = pr->st->space_before + (nb_mpt)(pr->tp.nlines < 2 ? pr->tp.nlines : 2) * leading_of(pr);
        return h;
    }
    case NB_BLOCK_TABLE:
        return pr->st->space_before + nb_tablebox_min_height(&pr->tb);
    default:
        return pr->st->space_before + text_height(pr);
    }
}

static void space_before(pager *p, const prep *pr)
{
    if (!p->at_top) p->y += pr->st->space_before;
}

/* Places a paragraph's lines, breaking across pages without leaving a
 * single first line at a page's foot or a single last line at its head. */
static void place_lines(pager *p, const prep *pr, nb_mpt x0)
{
    const nb_tpara *tp = &pr->tp;
    nb_mpt lead = leading_of(pr);
    size_t n = tp->nlines, i = 0;
    while (i < n) {
        nb_mpt room = p->bottom - p->y;
        size_t fit = room >= lead ? (size_t)(room / lead) : 0;
        size_t left = n - i;
        size_t take = fit >= left ? left : fit;
        if (take < left) {
            if (i == 0 && take == 1 && n >= 2) take = 0;         /* orphan */
            if (left - take == 1 && take >= 2 && n >= 3) take--; /* widow */
        }
        if (take == 0) {
            if (p->at_top) take = 1; /* a line taller than the page: place it anyway */
            else {
                new_page(p);
                continue;
            }
        }
        for (size_t k = 0; k < take; k++) {
            nb_emit_line(p->page, tp, i + k, x0, p->y, lead, pr->align);
            p->y += lead;
        }
        p->at_top = false;
        i += take;
        if (i < n) new_page(p);
    }
    p->y += pr->st->space_after;
}

static void place_signoff(pager *p, const prep *pr)
{
    nb_mpt lead = leading_of(pr);
    nb_mpt need = pr->st->space_before + (nb_mpt)pr->nlines * lead;
    if (p->y + need > p->bottom && !p->at_top) new_page(p);
    space_before(p, pr);
    /* the first line (the agency) sits right, margin_right in; later lines
     * (the date) are centred under it */
    nb_mpt first_w = pr->nlines && pr->lines[0].nlines ? pr->lines[0].lines[0].end_x : 0;
    nb_mpt first_x = p->left + p->width - pr->st->margin_right - first_w;
    for (size_t i = 0; i < pr->nlines; i++) {
        const nb_tpara *tp = &pr->lines[i];
        for (size_t k = 0; k < tp->nlines; k++) {
            /* a sign-off longer than a page (an agency name of thousands of
             * characters) goes on over the next page, never off this one */
            if (p->y + lead > p->bottom && !p->at_top) new_page(p);
            nb_mpt w = tp->lines[k].end_x;
            nb_mpt x = i == 0 ? first_x : first_x + (first_w - w) / 2;
            if (x + w > p->left + p->width) x = p->left + p->width - w;
            nb_emit_line(p->page, tp, k, x, p->y, lead, NB_ALIGN_LEFT);
            p->y += lead;
            p->at_top = false;
        }
    }
    p->at_top = false;
}

static void outline_for(pager *p, const nb_block *b)
{
    if (!b->anchor) return;
    char *text = nb_block_text(b);
    char *title = nb_xasprintf("%s%s", b->number ? b->number : "", text);
    char *plain = nb_strip_zwsp(title); /* no line-break hints in bookmarks */
    nb_pages_outline(p->pages, plain, b->kind == NB_BLOCK_TITLE ? 0 : 1, (int)p->pages->n - 1, p->y);
    free(plain);
    free(title);
    free(text);
}

/* Typesets block i (merging a run-in heading with its paragraph). */
static int prepare(pager *p, prep *all, size_t count, size_t i)
{
    prep *pr = &all[i];
    const nb_block *b = pr->b;
    pr->st = b->style;
    if (!pr->st) pr->st = p->l->body_style;
    pr->align = pr->st->align;
    nb_mpt width = p->width - pr->st->margin_left - pr->st->margin_right;
    if (b->kind == NB_BLOCK_TABLE) {
        pr->has_table = true;
        if (nb_tablebox_prepare(&pr->tb, b->table, p->l, p->fs, p->width, p->d) != 0) return -1;
        return nb_tablebox_check_fit(&pr->tb, p->bottom - p->top, p->d);
    }
    if (b->kind == NB_BLOCK_SIGNOFF) {
        pr->lines = nb_xcalloc(b->nruns ? b->nruns : 1, sizeof *pr->lines);
        pr->nlines = b->nruns;
        int rc = 0;
        for (size_t k = 0; k < b->nruns; k++)
            rc |= nb_typeset(p->l, p->fs, &b->runs[k], 1, width, 0, NB_ALIGN_LEFT, false, p->d, &pr->lines[k]);
        return rc;
    }
    /* runs: the heading number, the heading text, and for a run-in heading
     * the following paragraph */
    size_t n = b->nruns + 1;
    const nb_block *next = NULL;
    if (b->kind == NB_BLOCK_HEADING && b->run_in && i + 1 < count && all[i + 1].b->kind == NB_BLOCK_PARA) {
        next = all[i + 1].b;
        n += next->nruns;
        all[i + 1].skip = true;
    }
    nb_run *runs = nb_xcalloc(n, sizeof *runs);
    size_t k = 0;
    if (b->number && *b->number) runs[k++] = (nb_run){b->number, b->style, false, (nb_mark){0, 0}};
    for (size_t r = 0; r < b->nruns; r++) runs[k++] = b->runs[r];
    nb_align align = pr->align;
    if (next) {
        for (size_t r = 0; r < next->nruns; r++) runs[k++] = next->runs[r];
        const nb_style *ps = next->style;
        if (ps) align = ps->align;
        pr->align = align;
    }
    int rc = nb_typeset(p->l, p->fs, runs, k, width, pr->st->indent, align, pr->st->balance, p->d, &pr->tp);
    free(runs);
    return rc;
}

static void place(pager *p, prep *all, size_t count, size_t i)
{
    prep *pr = &all[i];
    const nb_block *b = pr->b;
    if (pr->skip) return;
    switch (b->kind) {
    case NB_BLOCK_TABLE:
        if (!p->at_top && p->y + min_height(all, count, i) > p->bottom) new_page(p);
        space_before(p, pr);
        nb_tablebox_place(&pr->tb, p->pages, &p->page, &p->y, p->top, p->bottom, p->left);
        p->at_top = false;
        p->y += pr->st->space_after;
        return;
    case NB_BLOCK_SIGNOFF:
        place_signoff(p, pr);
        return;
    case NB_BLOCK_HEADING:
    case NB_BLOCK_TITLE:
    case NB_BLOCK_SUBTITLE:
        /* keep with what follows */
        if (!p->at_top && p->y + min_height(all, count, i) > p->bottom) new_page(p);
        break;
    default:
        break;
    }
    space_before(p, pr);
    outline_for(p, b);
    place_lines(p, pr, p->left + pr->st->margin_left);
}

static void page_numbers(pager *p)
{
    const nb_page_geom *g = &p->l->page;
    const nb_style *st = g->number_style;
    if (!st || !g->number_format) return;
    for (size_t i = 0; i < p->pages->n; i++) {
        p->page = &p->pages->pages[i];
        char *text = nb_format_number(g->number_format, p->page->number);
        nb_run run = {text, st, false, (nb_mark){0, 0}};
        nb_tpara tp;
        if (nb_typeset(p->l, p->fs, &run, 1, p->width, 0, NB_ALIGN_LEFT, false, p->d, &tp) == 0 && tp.nlines) {
            nb_mpt w = tp.lines[0].end_x;
            bool odd = p->page->number % 2 == 1;
            nb_mpt x = odd ? p->left + p->width - g->number_inset - w : p->left + g->number_inset;
            nb_mpt top = p->bottom + g->number_offset;
            nb_emit_line(p->page, &tp, 0, x, top, st->size, NB_ALIGN_LEFT);
        }
        nb_tpara_free(&tp);
        free(text);
    }
}

int nb_paginate(const nb_doc *doc, const nb_layout *l, nb_fontset *fs, nb_diag *d, nb_pages *pages)
{
    pager p = {0};
    p.l = l;
    p.fs = fs;
    p.d = d;
    p.pages = pages;
    p.top = l->page.margin_top;
    p.bottom = l->page.margin_top + l->page.text_height;
    p.left = l->page.margin_left;
    p.width = l->page.text_width;
    prep *all = nb_xcalloc(doc->nblocks ? doc->nblocks : 1, sizeof *all);
    int rc = 0;
    for (size_t i = 0; i < doc->nblocks; i++) all[i].b = &doc->blocks[i];
    for (size_t i = 0; i < doc->nblocks; i++)
        if (!all[i].skip && prepare(&p, all, doc->nblocks, i) != 0) rc = -1;
    if (rc == 0) {
        new_page(&p);
        for (size_t i = 0; i < doc->nblocks; i++) place(&p, all, doc->nblocks, i);
        page_numbers(&p);
    }
    for (size_t i = 0; i < doc->nblocks; i++) {
        nb_tpara_free(&all[i].tp);
        for (size_t k = 0; k < all[i].nlines; k++) nb_tpara_free(&all[i].lines[k]);
        free(all[i].lines);
        if (all[i].has_table) nb_tablebox_free(&all[i].tb);
    }
    free(all);
    return rc;
}
