/* tablebox: see tablebox.h. */
#include "tablebox.h"
#include "tablefit.h"
#include <stdlib.h>
#include <string.h>
#include "util.h"

static nb_mpt lead_of(const nb_style *st) { return st->leading > 0 ? st->leading : st->size; }

/* Measures every cell's text in its style, or in the table's smaller
 * style for its kind. Returns 0 or -1 (a character no font has). */
static int measure_cells(nb_tablebox *tb, const nb_layout *l, nb_fontset *fs, const nb_style *const *smaller,
                         nb_diag *d)
{
    int rc = 0;
    for (size_t i = 0; i < tb->ncells; i++) {
        nb_tcell *tc = &tb->cells[i];
        const nb_cell *c = &tb->t->cells[i];
        nb_tpara_free(&tc->tp);
        tc->cell = c;
        tc->st = smaller && smaller[c->kind] ? smaller[c->kind] : c->style ? c->style : tb->st;
        nb_run r = {c->text, tc->st, false, c->mark};
        if (nb_typeset_measure(l, fs, &r, 1, d, &tc->tp) != 0) rc = -1;
    }
    return rc;
}

/* Tenths of a millimetre, for messages. */
static long tenth_mm(nb_mpt v) { return (long)(((int64_t)v * 254 + 36000) / 72000); }

/* The table's values do not fit the measure even in its smaller styles:
 * the error stands at the widest value cell. */
static void too_wide(const nb_tablebox *tb, const nb_layout *l, nb_mpt need, nb_diag *d)
{
    const nb_form_section *fs = tb->t->id ? nb_form_section_get(&l->form, tb->t->id) : NULL;
    const char *name = fs && fs->name ? fs->name : tb->t->caption ? tb->t->caption : "";
    const nb_tcell *widest = NULL;
    nb_mpt most = -1;
    for (size_t i = 0; i < tb->ncells; i++) {
        const nb_tcell *tc = &tb->cells[i];
        nb_mpt w = nb_tablefit_number_width(&tc->tp);
        if (tc->cell->kind == NB_CELL_VALUE && tc->cell->mark.line && w > most) most = w, widest = tc;
    }
    long n = tenth_mm(need), m = tenth_mm(tb->width);
    nb_diag_error(d, widest ? widest->cell->mark : (nb_mark){0, 0},
                  "%s is too wide for the page: its columns need %ld.%ld mm to set its numbers unbroken "
                  "(the widest here: %s), the text is %ld.%ld mm wide",
                  name, n / 10, n % 10,
                  widest ? widest->cell->text : "", m / 10, m % 10);
}

int nb_tablebox_prepare(nb_tablebox *tb, const nb_table *t, const nb_layout *l, nb_fontset *fs, nb_mpt width,
                        nb_diag *d)
{
    memset(tb, 0, sizeof *tb);
    tb->t = t;
    tb->width = width;
    tb->st = l->table_style ? l->table_style : l->body_style;
    nb_mpt pad = tb->st->padding;
    tb->cells = nb_xcalloc(t->ncells ? t->ncells : 1, sizeof *tb->cells);
    tb->ncells = t->ncells;
    tb->h = nb_xcalloc((size_t)t->nrows + 1, sizeof *tb->h);
    if (measure_cells(tb, l, fs, NULL, d) != 0) return -1;
    /* column widths from the content (tablefit.h); a table whose numbers
     * do not fit steps down to its smaller styles, then is an error */
    const nb_layout_table *lt = t->id ? nb_layout_table_get(l, t->id) : NULL;
    nb_mpt need;
    if (!nb_tablefit(tb, l, lt, &need)) {
        if (!lt || !lt->smaller[0] || measure_cells(tb, l, fs, lt->smaller, d) != 0 ||
            !nb_tablefit(tb, l, lt, &need)) {
            too_wide(tb, l, need, d);
            return -1;
        }
    }
    for (size_t i = 0; i < tb->ncells; i++) {
        nb_tcell *tc = &tb->cells[i];
        size_t lines = tc->tp.nlines ? tc->tp.nlines : 1;
        tc->need = (nb_mpt)lines * lead_of(tc->st) + 2 * pad;
    }
    /* rows fit their single-row cells; then spanning cells grow their last row */
    nb_mpt min_row = lead_of(tb->st) + 2 * pad;
    for (int r = 0; r < t->nrows; r++) tb->h[r] = min_row;
    for (size_t i = 0; i < tb->ncells; i++) {
        const nb_cell *c = tb->cells[i].cell;
        if (c->rowspan == 1 && tb->cells[i].need > tb->h[c->row]) tb->h[c->row] = tb->cells[i].need;
    }
    for (size_t i = 0; i < tb->ncells; i++) {
        const nb_cell *c = tb->cells[i].cell;
        if (c->rowspan == 1) continue;
        nb_mpt have = 0;
        for (int r = c->row; r < c->row + c->rowspan && r < t->nrows; r++) have += tb->h[r];
        int last = c->row + c->rowspan - 1 < t->nrows ? c->row + c->rowspan - 1 : t->nrows - 1;
        if (have < tb->cells[i].need) tb->h[last] += tb->cells[i].need - have;
    }
    return 0;
}

void nb_tablebox_free(nb_tablebox *tb)
{
    for (size_t i = 0; i < tb->ncells; i++) nb_tpara_free(&tb->cells[i].tp);
    free(tb->cells);
    free(tb->h);
    memset(tb, 0, sizeof *tb);
}

static nb_mpt header_height(const nb_tablebox *tb)
{
    nb_mpt h = 0;
    for (int r = 0; r < tb->t->header_rows && r < tb->t->nrows; r++) h += tb->h[r];
    return h;
}

int nb_tablebox_check_fit(const nb_tablebox *tb, nb_mpt page_height, nb_diag *d)
{
    /* A row is as tall as its tallest cell (a spanning cell at most adds what
     * its other rows lack), and a cut spanning cell needs its whole height
     * again on the next page: so bounding every cell bounds every row. */
    nb_mpt room = page_height - header_height(tb);
    int rc = 0;
    for (size_t i = 0; i < tb->ncells; i++) {
        const nb_tcell *tc = &tb->cells[i];
        if (tc->cell->row < tb->t->header_rows || tc->need <= room) continue;
        nb_mpt lead = lead_of(tc->st), pad = 2 * tb->st->padding;
        long fit = lead > 0 && room > pad ? (long)((room - pad) / lead) : 0;
        nb_diag_error(d, tc->cell->mark,
                      "this table cell's text is too long for one page: it takes %zu lines in its column, "
                      "a page holds %ld under the table's header; shorten it",
                      tc->tp.nlines, fit);
        rc = -1;
    }
    if (header_height(tb) > page_height) {
        nb_diag_error(d, (nb_mark){0, 0}, "the header rows of table '%s' are taller than a page",
                      tb->t->id ? tb->t->id : "");
        rc = -1;
    }
    return rc;
}

/* Rows r.. that must stay on one page with r (keep_with_next chains). */
static int chain_end(const nb_tablebox *tb, int r)
{
    while (r + 1 < tb->t->nrows && tb->t->keep_with_next && tb->t->keep_with_next[r]) r++;
    return r;
}

nb_mpt nb_tablebox_min_height(const nb_tablebox *tb)
{
    int first = tb->t->header_rows;
    nb_mpt h = header_height(tb);
    if (first < tb->t->nrows) {
        int end = chain_end(tb, first);
        if (end == first && first + 1 < tb->t->nrows) end = chain_end(tb, first + 1); /* two rows at least (place) */
        for (int r = first; r <= end; r++) h += tb->h[r];
    }
    return h;
}

/* One page's share of the table: the header rows and body rows [first, last]. */
typedef struct fragment {
    int first, last;
    nb_mpt *hl; /* row heights on this page (a cut spanning cell may grow its last row here) */
} fragment;

/* Heights of a fragment's rows, with cut spanning cells given room for their
 * repeated label. Returns the body height. */
static nb_mpt fragment_heights(const nb_tablebox *tb, fragment *f)
{
    const nb_table *t = tb->t;
    for (int r = 0; r < t->nrows; r++) f->hl[r] = tb->h[r];
    for (size_t i = 0; i < tb->ncells; i++) {
        const nb_cell *c = tb->cells[i].cell;
        int a = c->row, b = c->row + c->rowspan - 1;
        if (a < t->header_rows || c->rowspan == 1 || b < f->first || a > f->last) continue;
        if (a >= f->first && b <= f->last) continue; /* whole: sized already */
        if (a < f->first) a = f->first;
        if (b > f->last) b = f->last;
        nb_mpt have = 0;
        for (int r = a; r <= b; r++) have += f->hl[r];
        if (have < tb->cells[i].need) f->hl[b] += tb->cells[i].need - have;
    }
    nb_mpt h = 0;
    for (int r = f->first; r <= f->last; r++) h += f->hl[r];
    return h;
}

/* Collected rule segments of one page, merged so each line is drawn once. */
typedef struct seg {
    nb_mpt at, a, b; /* horizontal: y, x1, x2; vertical: x, y1, y2 */
} seg;

static int seg_cmp(const void *x, const void *y)
{
    const seg *s = x, *t = y;
    if (s->at != t->at) return s->at < t->at ? -1 : 1;
    if (s->a != t->a) return s->a < t->a ? -1 : 1;
    return (s->b > t->b) - (s->b < t->b);
}

static void emit_segs(nb_page *pg, seg *s, size_t n, bool horizontal, nb_mpt width)
{
    qsort(s, n, sizeof *s, seg_cmp);
    for (size_t i = 0; i < n;) {
        seg cur = s[i++];
        while (i < n && s[i].at == cur.at && s[i].a <= cur.b) {
            if (s[i].b > cur.b) cur.b = s[i].b;
            i++;
        }
        if (horizontal) nb_page_rule(pg, cur.a, cur.at, cur.b, cur.at, width);
        else nb_page_rule(pg, cur.at, cur.a, cur.at, cur.b, width);
    }
}

static void draw_cell_text(nb_page *pg, const nb_tablebox *tb, const nb_tcell *tc, nb_mpt x, nb_mpt top, nb_mpt h)
{
    nb_mpt lead = lead_of(tc->st);
    nb_mpt text_h = (nb_mpt)tc->tp.nlines * lead;
    nb_mpt y = top + (h - text_h) / 2;
    for (size_t i = 0; i < tc->tp.nlines; i++)
        nb_emit_line(pg, &tc->tp, i, x + tc->x + tb->st->padding, y + (nb_mpt)i * lead, lead, tc->cell->align);
}

static void draw_fragment(const nb_tablebox *tb, nb_page *pg, const fragment *f, nb_mpt y0, nb_mpt left)
{
    const nb_table *t = tb->t;
    nb_mpt *rowy = nb_xcalloc((size_t)t->nrows + 1, sizeof *rowy);
    bool *shown = nb_xcalloc((size_t)t->nrows + 1, sizeof *shown);
    nb_mpt y = y0;
    for (int r = 0; r < t->header_rows && r < t->nrows; r++) rowy[r] = y, y += f->hl[r], shown[r] = true;
    for (int r = f->first; r <= f->last; r++) rowy[r] = y, y += f->hl[r], shown[r] = true;
    seg *hs = nb_xmalloc((tb->ncells * 2 + 1) * sizeof *hs), *vs = nb_xmalloc((tb->ncells * 2 + 1) * sizeof *vs);
    size_t nh = 0, nv = 0;
    for (size_t i = 0; i < tb->ncells; i++) {
        const nb_tcell *tc = &tb->cells[i];
        const nb_cell *c = tc->cell;
        int a = c->row, b = c->row + c->rowspan - 1;
        if (b >= t->nrows) b = t->nrows - 1;
        if (a >= t->header_rows) {
            if (b < f->first || a > f->last) continue;
            if (a < f->first) a = f->first;
            if (b > f->last) b = f->last;
        }
        if (!shown[a] || !shown[b]) continue;
        nb_mpt top = rowy[a], bot = rowy[b] + f->hl[b];
        nb_mpt x1 = left + tc->x, x2 = left + tc->x + tc->w;
        hs[nh++] = (seg){top, x1, x2};
        hs[nh++] = (seg){bot, x1, x2};
        vs[nv++] = (seg){x1, top, bot};
        vs[nv++] = (seg){x2, top, bot};
        draw_cell_text(pg, tb, tc, left, top, bot - top);
    }
    nb_mpt w = tb->st->rule > 0 ? tb->st->rule : 500;
    emit_segs(pg, hs, nh, true, w);
    emit_segs(pg, vs, nv, false, w);
    free(hs);
    free(vs);
    free(rowy);
    free(shown);
}

void nb_tablebox_place(nb_tablebox *tb, nb_pages *pages, nb_page **page, nb_mpt *y, nb_mpt top, nb_mpt bottom,
                       nb_mpt left)
{
    const nb_table *t = tb->t;
    fragment f = {0, 0, nb_xcalloc((size_t)t->nrows + 1, sizeof(nb_mpt))};
    nb_mpt head = header_height(tb);
    int r = t->header_rows;
    if (r >= t->nrows) { /* a table of header rows only */
        f.first = t->nrows, f.last = t->nrows - 1;
        fragment_heights(tb, &f);
        draw_fragment(tb, *page, &f, *y, left);
        *y += head;
        free(f.hl);
        return;
    }
    bool fresh = *y <= top;
    while (r < t->nrows) {
        nb_mpt room = bottom - *y - head;
        /* take rows while they (and the rows they keep with) fit */
        int last = r - 1;
        nb_mpt used = 0;
        while (last + 1 < t->nrows) {
            int end = chain_end(tb, last + 1);
            nb_mpt need = 0;
            for (int k = last + 1; k <= end; k++) need += tb->h[k];
            if (used + need <= room) {
                used += need;
                last = end;
                continue;
            }
            if (last >= r) break;
            /* nothing placed yet on this page: take the chain's rows one by one */
            if (used + tb->h[last + 1] <= room || fresh) {
                used += tb->h[last + 1];
                last++;
                continue;
            }
            break;
        }
        /* No fragment of one body row (GB/T practice, as careful typesetters
         * do): a table does not start on a page with a single row when it
         * has more (it moves to the next page), and does not leave a single
         * row for the next page (one more row goes with it, where no
         * keep-with-next forbids the earlier break). */
        int remaining = t->nrows - r;
        if (last == r && remaining >= 2 && !fresh) last = r - 1;
        if (last >= r && last + 1 == t->nrows - 1 && last - r + 1 >= 3 &&
            !(t->keep_with_next && t->keep_with_next[last - 1]))
            last--;
        if (last < r) { /* not even one row fits below what is on the page */
            *page = nb_pages_add(pages);
            *y = top;
            fresh = true;
            continue;
        }
        /* give cut spanning cells room for their labels, dropping rows if that overflows */
        f.first = r;
        f.last = last;
        nb_mpt body = fragment_heights(tb, &f);
        while (f.last > r && *y + head + body > bottom) {
            f.last--;
            body = fragment_heights(tb, &f);
        }
        draw_fragment(tb, *page, &f, *y, left);
        *y += head + body;
        r = f.last + 1;
        if (r < t->nrows) {
            *page = nb_pages_add(pages);
            *y = top;
            fresh = true;
        }
    }
    free(f.hl);
}
