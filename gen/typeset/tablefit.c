/* tablefit: see tablefit.h. */
#include "tablefit.h"
#include <stdlib.h>
#include "util.h"

typedef struct fit {
    int n;
    nb_mpt *pref, *min, *w; /* preferred, least, chosen widths */
    bool *label;            /* holds no value cell of its own: gives way first */
    nb_mpt pad2;            /* padding on both sides of a cell's text */
} fit;

static bool is_digit(uint32_t cp) { return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19); }

/* The widest number of a cell's text: digits, with . and , between them
 * (a count, a decimal, 1,234). */
nb_mpt nb_tablefit_number_width(const nb_tpara *tp)
{
    nb_mpt best = 0, run = 0, pending = 0; /* pending: a . or , that may continue the number */
    for (size_t k = 0; k < tp->n; k++) {
        uint32_t cp = tp->pc[k].cp;
        if (is_digit(cp)) {
            run += pending + tp->pc[k].adv;
            pending = 0;
            if (run > best) best = run;
        } else if ((cp == '.' || cp == ',') && run > 0 && !pending) {
            pending = tp->pc[k].adv;
        } else {
            run = pending = 0;
        }
    }
    return best;
}

/* What a cell needs unbroken: its widest number, always; its other runs
 * that never break (a Latin word, 字。”) as far as its columns' preferred
 * width (beyond it such a run is cut, as in any line too short for it);
 * with min_chars, that many characters of its text or all of it. */
static nb_mpt cell_min(const nb_tcell *tc, const nb_kinsoku *k, int min_chars, nb_mpt pad2, nb_mpt pref)
{
    nb_mpt m = nb_tablefit_number_width(&tc->tp);
    if (m < tc->max_w) { /* more than a number */
        nb_mpt rest = nb_para_min_width(tc->tp.pc, tc->tp.n, k);
        if (rest > pref - pad2) rest = pref - pad2;
        if (rest > m) m = rest;
    }
    if (min_chars > 0) {
        nb_mpt want = (nb_mpt)min_chars * tc->st->size;
        if (want > tc->max_w) want = tc->max_w;
        if (want > m) m = want;
    }
    return m + pad2;
}

/* Adds `extra` to columns [a, b) in proportion to their preferred widths
 * (cumulative rounding: the parts add up exactly). */
static void spread(fit *f, int a, int b, nb_mpt extra)
{
    int64_t total = 0, cum = 0;
    for (int c = a; c < b; c++) total += f->pref[c] > 0 ? f->pref[c] : 1;
    for (int c = a; c < b; c++) {
        int64_t p = f->pref[c] > 0 ? f->pref[c] : 1;
        f->min[c] += (nb_mpt)(extra * (cum + p) / total - extra * cum / total);
        cum += p;
    }
}

static nb_mpt slack(const fit *f, int c) { return f->w[c] > f->min[c] ? f->w[c] - f->min[c] : 0; }

/* Takes up to `need` from the slack of the label (or value) columns outside
 * [skip_a, skip_b), in proportion to it. Returns what it took. */
static nb_mpt take(fit *f, nb_mpt need, bool labels, int skip_a, int skip_b)
{
    int64_t total = 0, cum = 0;
    for (int c = 0; c < f->n; c++)
        if (f->label[c] == labels && (c < skip_a || c >= skip_b)) total += slack(f, c);
    if (total <= 0 || need <= 0) return 0;
    int64_t t = need < total ? need : total;
    for (int c = 0; c < f->n; c++) {
        if (f->label[c] != labels || (c >= skip_a && c < skip_b)) continue;
        int64_t s = slack(f, c);
        f->w[c] -= (nb_mpt)(t * (cum + s) / total - t * cum / total);
        cum += s;
    }
    return (nb_mpt)t;
}

/* Per column, what it may give without a line more in any of its cells
 * (as broken now): the room right of each cell's longest line, at most its
 * slack; a cell spanning columns limits each of them. */
static void free_room(const nb_tablebox *tb, const fit *f, nb_mpt *room)
{
    for (int c = 0; c < f->n; c++) room[c] = slack(f, c);
    for (size_t i = 0; i < tb->ncells; i++) {
        const nb_tcell *tc = &tb->cells[i];
        nb_mpt used = 0;
        for (size_t k = 0; k < tc->tp.nlines; k++)
            if (tc->tp.lines[k].width > used) used = tc->tp.lines[k].width;
        nb_mpt w = 0; /* the span's width now: lines broken narrower stay as they are up to `used` */
        for (int c = tc->cell->col; c < tc->cell->col + tc->cell->colspan; c++) w += f->w[c];
        nb_mpt spare = w - f->pad2 - used;
        if (spare < 0) spare = 0;
        for (int c = tc->cell->col; c < tc->cell->col + tc->cell->colspan; c++)
            if (spare < room[c]) room[c] = spare;
    }
}

/* What it costs to break again the cells that change width when column d
 * gives to column r (-1: to no column): the characters of the cells of more
 * than one line spanning one of them but not both (one-line cells keep
 * their line without breaking again: see set_lines). */
static size_t moved_chars(const nb_tablebox *tb, int d, int r)
{
    size_t n = 0;
    for (size_t i = 0; i < tb->ncells; i++) {
        const nb_tcell *tc = &tb->cells[i];
        int a = tc->cell->col, b = a + tc->cell->colspan;
        if (tc->tp.nlines >= 2 && (d >= a && d < b) != (r >= a && r < b)) n += tc->tp.n;
    }
    return n;
}

/* Donors whose cost is within this many characters of the cheapest give
 * together, in proportion to their room, so that the columns stay even. */
#define CHEAP_CHARS 8

/* Takes up to `need` for column r from the free room outside [a, b): the
 * columns cheapest to break again first (moved_chars), together with those
 * nearly as cheap. Returns what it took. */
static nb_mpt take_free(const nb_tablebox *tb, fit *f, nb_mpt need, nb_mpt *room, int r, int a, int b)
{
    nb_mpt got = 0;
    size_t *cost = nb_xcalloc((size_t)f->n + 1, sizeof *cost);
    for (int c = 0; c < f->n; c++) cost[c] = moved_chars(tb, c, r);
    while (got < need) {
        size_t cheapest = (size_t)-1;
        for (int c = 0; c < f->n; c++)
            if ((c < a || c >= b) && room[c] > 0 && cost[c] < cheapest) cheapest = cost[c];
        if (cheapest == (size_t)-1) break;
        int64_t total = 0, cum = 0;
        for (int c = 0; c < f->n; c++)
            if ((c < a || c >= b) && room[c] > 0 && cost[c] <= cheapest + CHEAP_CHARS) total += room[c];
        int64_t t = need - got < total ? need - got : total;
        for (int c = 0; c < f->n; c++) {
            if (!((c < a || c >= b) && room[c] > 0 && cost[c] <= cheapest + CHEAP_CHARS)) continue;
            nb_mpt give = (nb_mpt)(t * (cum + room[c]) / total - t * cum / total);
            cum += room[c];
            f->w[c] -= give;
            room[c] -= give;
        }
        got += (nb_mpt)t;
    }
    free(cost);
    return got;
}

/* Takes `need` for column r (-1: none) from the columns outside [a, b), at
 * most what they may give: first where it costs no line, then from the
 * label columns, then the value columns. */
static void give_way(nb_tablebox *tb, fit *f, nb_mpt need, int r, int a, int b)
{
    nb_mpt *room = nb_xcalloc((size_t)f->n + 1, sizeof *room);
    free_room(tb, f, room);
    need -= take_free(tb, f, need, room, r, a, b);
    need -= take(f, need, true, a, b);
    take(f, need, false, a, b);
    free(room);
}

static nb_mpt room_outside(const fit *f, int a, int b)
{
    nb_mpt r = 0;
    for (int c = 0; c < f->n; c++)
        if (c < a || c >= b) r += slack(f, c);
    return r;
}

static nb_mpt inner_of(const nb_tcell *tc, nb_mpt w, nb_mpt pad2)
{
    nb_mpt inner = w - pad2;
    return inner < tc->st->size ? tc->st->size : inner;
}

/* Breaks the cell's text at `inner`. Text on one line at a measure as wide
 * as all of it is the same line at any such measure: only its width moves. */
static void set_lines(nb_tcell *tc, const nb_layout *l, nb_mpt inner)
{
    if (tc->inner && tc->tp.nlines <= 1 && tc->inner >= tc->max_w && inner >= tc->max_w) tc->tp.width = inner;
    else nb_tpara_break(l, &tc->tp, inner, 0, tc->cell->align, tc->st->balance, true);
    tc->inner = inner;
}

/* Places the cells on the columns' edges, breaking again those whose
 * measure changed. */
static void place_cells(nb_tablebox *tb, const nb_layout *l, const fit *f, nb_mpt *edge)
{
    edge[0] = 0;
    for (int c = 0; c < f->n; c++) edge[c + 1] = edge[c] + f->w[c];
    for (size_t i = 0; i < tb->ncells; i++) {
        nb_tcell *tc = &tb->cells[i];
        const nb_cell *c = tc->cell;
        tc->x = edge[c->col];
        tc->w = edge[c->col + c->colspan] - tc->x;
        nb_mpt inner = inner_of(tc, tc->w, f->pad2);
        if (inner != tc->inner) set_lines(tc, l, inner);
    }
}

/* The least widening, at most `room`, that leaves a widow cell without
 * its widow, 0 when none does: first to the next whole em (a line of CJK
 * holds one character more), then by quarter ems, for two ems at most (the
 * tries are bounded whatever the text). Leaves the cell's lines broken at
 * the last try. */
static nb_mpt widow_cure(nb_tcell *tc, const nb_layout *l, nb_mpt pad2, nb_mpt room)
{
    nb_mpt inner = inner_of(tc, tc->w, pad2), em = tc->st->size > 0 ? tc->st->size : 1;
    nb_mpt step = em / 4 > 0 ? em / 4 : 1, first = em - inner % em;
    if (room > first + 2 * em) room = first + 2 * em;
    for (nb_mpt extra = first; extra <= room && inner + extra - step < tc->max_w; extra += step) {
        set_lines(tc, l, inner + extra);
        if (!nb_para_widow(tc->tp.pc, tc->tp.lines, tc->tp.nlines)) return extra;
    }
    return 0;
}

static bool has_widow(const nb_tcell *tc) { return nb_para_widow(tc->tp.pc, tc->tp.lines, tc->tp.nlines); }

/* Widows that mending within the line could not cure widen their columns
 * where the other columns have room. In rounds: each round gives every
 * column what its widowed cells want (the most of them), then breaks the
 * cells again; each cell is tried once. */
static void cure_widows(nb_tablebox *tb, const nb_layout *l, fit *f, nb_mpt *edge)
{
    bool *tried = nb_xcalloc(tb->ncells ? tb->ncells : 1, sizeof *tried);
    nb_mpt *want = nb_xcalloc((size_t)f->n + 1, sizeof *want);
    int *from = nb_xcalloc((size_t)f->n + 1, sizeof *from), *to = nb_xcalloc((size_t)f->n + 1, sizeof *to);
    /* per column: what its widowed cells want, and the span of the one wanting most */
    for (bool again = true; again;) {
        again = false;
        for (int c = 0; c < f->n; c++) want[c] = 0;
        for (size_t i = 0; i < tb->ncells; i++) {
            nb_tcell *tc = &tb->cells[i];
            if (tried[i] || !has_widow(tc)) continue;
            tried[i] = again = true;
            int a = tc->cell->col, b = a + tc->cell->colspan, widest = a;
            nb_mpt extra = widow_cure(tc, l, f->pad2, room_outside(f, a, b));
            for (int c = a; c < b; c++)
                if (f->w[c] > f->w[widest]) widest = c;
            if (extra > want[widest]) want[widest] = extra, from[widest] = a, to[widest] = b;
        }
        for (int c = 0; c < f->n; c++) /* this round's wanting spans give nothing */
            for (int k = from[c]; want[c] && k < to[c]; k++) f->min[k] = f->w[k];
        for (int c = 0; c < f->n; c++) {
            int a = from[c], b = to[c];
            if (!want[c] || room_outside(f, a, b) < want[c]) continue;
            give_way(tb, f, want[c], c, a, b);
            f->w[c] += want[c];
            f->min[c] = f->w[c]; /* kept: no later widening takes it back */
        }
        place_cells(tb, l, f, edge);
    }
    free(tried);
    free(want);
    free(from);
    free(to);
}

bool nb_tablefit(nb_tablebox *tb, const nb_layout *l, const nb_layout_table *lt, nb_mpt *need)
{
    const nb_table *t = tb->t;
    int n = t->ncols;
    fit f = {n, nb_xcalloc((size_t)n + 1, sizeof(nb_mpt)), nb_xcalloc((size_t)n + 1, sizeof(nb_mpt)),
             nb_xcalloc((size_t)n + 1, sizeof(nb_mpt)), nb_xcalloc((size_t)n + 1, sizeof(bool)), 2 * tb->st->padding};
    nb_mpt *edge = nb_xcalloc((size_t)n + 1, sizeof *edge);
    /* preferred: relative widths scaled to the measure, the last edge exact */
    int64_t total = 0, run = 0;
    for (int c = 0; c < n; c++) total += t->col_widths[c];
    for (int c = 0; c < n; c++) {
        run += t->col_widths[c];
        edge[c + 1] = total ? (nb_mpt)(run * tb->width / total) : 0;
        f.pref[c] = edge[c + 1] - edge[c];
        f.label[c] = true;
    }
    nb_kinsoku k = {l->kinsoku_no_start, l->kinsoku_no_end, NULL};
    int min_chars = lt ? lt->min_chars : 0;
    for (size_t i = 0; i < tb->ncells; i++) {
        tb->cells[i].inner = 0;
        tb->cells[i].max_w = nb_para_max_width(tb->cells[i].tp.pc, tb->cells[i].tp.n);
    }
    for (int pass = 0; pass < 2; pass++) /* single columns first, then the spans over them */
        for (size_t i = 0; i < tb->ncells; i++) {
            const nb_tcell *tc = &tb->cells[i];
            const nb_cell *c = tc->cell;
            if ((c->colspan > 1) != pass) continue;
            nb_mpt have = 0, pref = 0;
            for (int s = c->col; s < c->col + c->colspan; s++) have += f.min[s], pref += f.pref[s];
            nb_mpt m = cell_min(tc, &k, min_chars, f.pad2, pref);
            if (m > have) spread(&f, c->col, c->col + c->colspan, m - have);
            if (c->colspan == 1 && c->kind == NB_CELL_VALUE) f.label[c->col] = false;
        }
    nb_mpt sum = 0, least = 0;
    for (int c = 0; c < n; c++) {
        f.w[c] = f.pref[c] > f.min[c] ? f.pref[c] : f.min[c];
        sum += f.w[c];
        least += f.min[c];
    }
    bool fits = least <= tb->width;
    if (fits) {
        if (sum > tb->width) {
            place_cells(tb, l, &f, edge); /* the lines at the wanted widths: what may give freely */
            give_way(tb, &f, sum - tb->width, -1, 0, 0);
        }
        place_cells(tb, l, &f, edge);
        cure_widows(tb, l, &f, edge);
    }
    *need = least;
    free(f.pref);
    free(f.min);
    free(f.w);
    free(f.label);
    free(edge);
    return fits;
}
