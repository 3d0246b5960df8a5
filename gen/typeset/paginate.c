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
    nb_mpt pitch;       /* the page grid's line pitch; 0: no grid */
    nb_mpt gap_shrink;  /* what the gap just passed may lose (its style's shrink) */
    bool squeeze;       /* a heading fitted only with the next table's gap shrunk */
    bool off_grid;      /* … and only off the grid: its gap before shrinks instead of snapping */
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

static bool on_grid(const pager *p, const prep *pr) { return p->pitch > 0 && leading_of(pr) == p->pitch; }

/* The first grid line at or below y − tol: a block of grid lines after a
 * title or a table lands on the grid, its gap losing at most tol. */
static nb_mpt snap(const pager *p, nb_mpt y, nb_mpt tol)
{
    if (tol >= p->pitch) tol = p->pitch - 1;
    nb_mpt off = y - tol - p->top;
    if (off <= 0) return p->top;
    return p->top + (off + p->pitch - 1) / p->pitch * p->pitch;
}

/* The sign-off's height: all its lines, one pitch each, and its space before. */
static nb_mpt signoff_height(const prep *pr)
{
    size_t n = 0;
    for (size_t i = 0; i < pr->nlines; i++) n += pr->lines[i].nlines;
    return pr->st->space_before + (nb_mpt)n * leading_of(pr);
}

/* The sign-off right after block i that keeps lines of it, or NULL. */
static const prep *keeping_signoff(const prep *all, size_t count, size_t i)
{
    size_t next = i + 1;
    while (next < count && all[next].skip) next++;
    if (next >= count || all[next].b->kind != NB_BLOCK_SIGNOFF || all[next].st->keep_with_previous <= 0) return NULL;
    return &all[next];
}

/* A paragraph too short to leave two lines behind and keep the sign-off's
 * lines: it goes whole, with the sign-off. */
static nb_mpt with_signoff(const prep *all, size_t count, size_t i, nb_mpt h)
{
    const prep *pr = &all[i], *so = keeping_signoff(all, count, i);
    if (!so || pr->tp.nlines >= (size_t)so->st->keep_with_previous + 2) return h;
    return pr->st->space_before + text_height(pr) + pr->st->space_after + signoff_height(so);
}

/* The height that must stay together at the start of block i: two lines
 * of a paragraph, a heading with its successor's start, a table's header
 * with its first row. */
static nb_mpt min_height(const prep *all, size_t count, size_t i)
{
    const prep *pr = &all[i];
    switch (pr->b->kind) {
    case NB_BLOCK_PARA: {
        size_t n = pr->tp.nlines < 2 ? pr->tp.nlines : 2;
        return with_signoff(all, count, i, pr->st->space_before + (nb_mpt)n * leading_of(pr));
    }
    case NB_BLOCK_HEADING: {
        nb_mpt h = pr->st->space_before + text_height(pr);
        size_t next = i + 1;
        while (next < count && all[next].skip) next++;
        if (!pr->b->run_in && next < count) h += min_height(all, count, next);
        else if (pr->b->run_in)
            h = with_signoff(all, count, i,
                             pr->st->space_before + (nb_mpt)(pr->tp.nlines < 2 ? pr->tp.nlines : 2) * leading_of(pr));
        return h;
    }
    case NB_BLOCK_TABLE:
        return pr->st->space_before + nb_tablebox_min_height(&pr->tb);
    default:
        return pr->st->space_before + text_height(pr);
    }
}

/* What the gaps inside block i's keep-together start may lose: the space
 * before a table that a heading keeps with it. */
static nb_mpt group_shrink(const prep *all, size_t count, size_t i)
{
    const prep *pr = &all[i];
    if (pr->b->kind == NB_BLOCK_TABLE) return pr->st->shrink < pr->st->space_before ? pr->st->shrink : pr->st->space_before;
    if (pr->b->kind != NB_BLOCK_HEADING || pr->b->run_in) return 0;
    size_t next = i + 1;
    while (next < count && all[next].skip) next++;
    return next < count ? group_shrink(all, count, next) : 0;
}

/* Moves y to where block i's first line goes: after its space before, a
 * block of grid lines on the grid. */
static void space_before(pager *p, const prep *pr)
{
    nb_mpt tol = p->gap_shrink > pr->st->shrink ? p->gap_shrink : pr->st->shrink;
    if (!p->at_top) p->y += pr->st->space_before;
    if (!p->at_top && p->off_grid) p->y -= tol;
    else if (!p->at_top && on_grid(p, pr)) p->y = snap(p, p->y, tol);
    p->gap_shrink = 0;
    p->off_grid = false;
}

/* Starts block i on a new page unless its keep-together start fits below y.
 * The grid is the default; to fit a table (and the heading that keeps with
 * it) instead of leaving a blank foot, first the gap before the table
 * shrinks (p->squeeze tells the table), then the heading leaves the grid,
 * its gap before shrinking instead of growing to the next grid line
 * (p->off_grid). Text after the table returns to the grid. */
static void keep_start(pager *p, const prep *all, size_t count, size_t i)
{
    const prep *pr = &all[i];
    if (p->at_top) return;
    nb_mpt h = min_height(all, count, i) - pr->st->space_before;
    nb_mpt gs = group_shrink(all, count, i);
    pager at = *p;
    space_before(&at, pr);
    if (at.y + h <= p->bottom) return;
    if (gs > 0 && at.y + h - gs <= p->bottom) {
        p->squeeze = true;
        return;
    }
    at = *p;
    at.off_grid = true;
    space_before(&at, pr);
    if (gs > 0 && on_grid(p, pr) && at.y + h - gs <= p->bottom) {
        p->squeeze = p->off_grid = true;
        return;
    }
    new_page(p);
}

/* Places a paragraph's lines, breaking across pages without leaving a
 * single first line at a page's foot or a single last line at its head.
 * tail, keep: the block after it (a sign-off) is tail high and must not
 * start a page without keep of these lines. */
static void place_lines(pager *p, const prep *pr, nb_mpt x0, nb_mpt tail, size_t keep)
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
        } else if (keep && p->y + (nb_mpt)take * lead + pr->st->space_after + tail > p->bottom) {
            /* the tail would start the next page alone: keep lines go with it */
            size_t moved = take > keep ? take - keep : 0;
            if (i == 0 && moved == 1 && n >= 2) moved = 0; /* orphan */
            if (moved > 0 || !p->at_top) take = moved;
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

/* GB/T 9704 §7.3.5.1: the date (the last line) right-aligned margin_right
 * in; the agency's lines (set in prepare to fit) centred over it. */
static void place_signoff(pager *p, const prep *pr)
{
    nb_mpt lead = leading_of(pr);
    if (p->y + signoff_height(pr) > p->bottom && !p->at_top) new_page(p);
    space_before(p, pr);
    const nb_tpara *date = pr->nlines > 1 ? &pr->lines[pr->nlines - 1] : NULL;
    nb_mpt date_w = date && date->nlines ? date->lines[0].end_x : 0;
    nb_mpt right = p->left + p->width - pr->st->margin_right;
    nb_mpt centre = right - date_w / 2;
    for (size_t i = 0; i < pr->nlines; i++) {
        const nb_tpara *tp = &pr->lines[i];
        for (size_t k = 0; k < tp->nlines; k++) {
            /* a sign-off longer than a page (an agency name of thousands of
             * characters) goes on over the next page, never off this one */
            if (p->y + lead > p->bottom && !p->at_top) new_page(p);
            nb_mpt w = tp->lines[k].end_x;
            nb_mpt x = date && tp != date ? centre - w / 2 : right - w;
            if (x + w > p->left + p->width) x = p->left + p->width - w;
            if (x < p->left) x = p->left;
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
        /* the date first: the agency's lines are centred over it, so each
         * is at most twice the date's half width plus its right margin;
         * more lines than one are balanced */
        pr->lines = nb_xcalloc(b->nruns ? b->nruns : 1, sizeof *pr->lines);
        pr->nlines = b->nruns;
        int rc = 0;
        nb_mpt over = width;
        if (b->nruns > 1) {
            size_t k = b->nruns - 1;
            rc |= nb_typeset(p->l, p->fs, &b->runs[k], 1, width, 0, NB_ALIGN_LEFT, false, p->d, &pr->lines[k]);
            nb_mpt date_w = pr->lines[k].nlines ? pr->lines[k].lines[0].end_x : 0;
            over = 2 * pr->st->margin_right + date_w;
            if (over > p->width) over = p->width;
        }
        for (size_t k = 0; k + (b->nruns > 1) < b->nruns; k++)
            rc |= nb_typeset(p->l, p->fs, &b->runs[k], 1, over, 0, NB_ALIGN_LEFT, true, p->d, &pr->lines[k]);
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
    case NB_BLOCK_TABLE: {
        bool squeeze = p->squeeze;
        p->squeeze = false;
        if (!squeeze) keep_start(p, all, count, i);
        squeeze |= p->squeeze;
        p->squeeze = false;
        space_before(p, pr);
        if (squeeze && !p->at_top) p->y -= group_shrink(all, count, i);
        nb_tablebox_place(&pr->tb, p->pages, &p->page, &p->y, p->top, p->bottom, p->left);
        p->at_top = false;
        p->y += pr->st->space_after;
        p->gap_shrink = pr->st->shrink < pr->st->space_after ? pr->st->shrink : pr->st->space_after;
        return;
    }
    case NB_BLOCK_SIGNOFF:
        place_signoff(p, pr);
        return;
    case NB_BLOCK_HEADING:
    case NB_BLOCK_TITLE:
    case NB_BLOCK_SUBTITLE:
        /* keep with what follows */
        keep_start(p, all, count, i);
        break;
    default:
        break;
    }
    space_before(p, pr);
    outline_for(p, b);
    /* the sign-off after this paragraph keeps its last lines with it */
    const prep *so = keeping_signoff(all, count, i);
    size_t keep = so ? (size_t)so->st->keep_with_previous : 0;
    place_lines(p, pr, p->left + pr->st->margin_left, keep ? signoff_height(so) : 0, keep);
    p->gap_shrink = pr->st->shrink < pr->st->space_after ? pr->st->shrink : pr->st->space_after;
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
    p.pitch = l->page.lines_per_page > 0 ? l->page.text_height / l->page.lines_per_page : 0;
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
