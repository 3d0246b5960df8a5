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

static nb_mpt cell_min(const nb_tcell *tc, const nb_kinsoku *k, int min_chars, nb_mpt pad2)
{
    nb_mpt m = nb_para_min_width(tc->tp.pc, tc->tp.n, k);
    if (min_chars > 0) {
        nb_mpt want = (nb_mpt)min_chars * tc->st->size, all = nb_para_max_width(tc->tp.pc, tc->tp.n);
        if (want > all) want = all;
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

/* What column c may give: its slack, or less where cap says. */
static nb_mpt avail(const fit *f, const nb_mpt *cap, int c)
{
    nb_mpt s = slack(f, c);
    return cap && cap[c] < s ? cap[c] : s;
}

/* Takes up to `need` from the columns outside [skip_a, skip_b) that may
 * give (all when which < 0, else the label columns when which is 1, the
 * value columns when 0), in proportion to what each may. Returns what it took. */
static nb_mpt take(fit *f, nb_mpt need, const nb_mpt *cap, int which, int skip_a, int skip_b)
{
    int64_t total = 0, cum = 0;
    for (int c = 0; c < f->n; c++)
        if ((which < 0 || f->label[c] == which) && (c < skip_a || c >= skip_b)) total += avail(f, cap, c);
    if (total <= 0 || need <= 0) return 0;
    int64_t t = need < total ? need : total;
    for (int c = 0; c < f->n; c++) {
        if ((which >= 0 && f->label[c] != which) || (c >= skip_a && c < skip_b)) continue;
        int64_t s = avail(f, cap, c);
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
        nb_mpt spare = tc->w - f->pad2 - used;
        if (spare < 0) spare = 0;
        for (int c = tc->cell->col; c < tc->cell->col + tc->cell->colspan; c++)
            if (spare < room[c]) room[c] = spare;
    }
}

/* Takes `need` (at most what the columns outside [a, b) may give): first
 * where it costs no line, then from the label columns, then the value columns. */
static void give_way(nb_tablebox *tb, fit *f, nb_mpt need, int a, int b)
{
    nb_mpt *room = nb_xcalloc((size_t)f->n + 1, sizeof *room);
    free_room(tb, f, room);
    need -= take(f, need, room, -1, a, b);
    need -= take(f, need, NULL, 1, a, b);
    take(f, need, NULL, 0, a, b);
    free(room);
}

static nb_mpt room_outside(const fit *f, int a, int b)
{
    nb_mpt r = 0;
    for (int c = 0; c < f->n; c++)
        if (c < a || c >= b) r += slack(f, c);
    return r;
}

static nb_mpt inner_of(const nb_tcell *tc, nb_mpt pad2)
{
    nb_mpt inner = tc->w - pad2;
    return inner < tc->st->size ? tc->st->size : inner;
}

static void set_lines(nb_tcell *tc, const nb_layout *l, nb_mpt inner)
{
    nb_tpara_break(l, &tc->tp, inner, 0, tc->cell->align, tc->st->balance, true);
}

/* Places the cells on the columns' edges, breaking again those whose width changed. */
static void place_cells(nb_tablebox *tb, const nb_layout *l, const fit *f, nb_mpt *edge, bool all)
{
    edge[0] = 0;
    for (int c = 0; c < f->n; c++) edge[c + 1] = edge[c] + f->w[c];
    for (size_t i = 0; i < tb->ncells; i++) {
        nb_tcell *tc = &tb->cells[i];
        const nb_cell *c = tc->cell;
        nb_mpt x = edge[c->col], w = edge[c->col + c->colspan] - x;
        bool changed = all || w != tc->w;
        tc->x = x, tc->w = w;
        if (changed) set_lines(tc, l, inner_of(tc, f->pad2));
    }
}

/* The least widening, in quarter ems, that leaves a widow cell without its
 * widow; 0 when none does. Leaves the cell's lines broken at the last try. */
static nb_mpt widow_cure(nb_tcell *tc, const nb_layout *l, nb_mpt pad2)
{
    nb_mpt inner = inner_of(tc, pad2), step = tc->st->size / 4 > 0 ? tc->st->size / 4 : 1;
    nb_mpt all = nb_para_max_width(tc->tp.pc, tc->tp.n);
    for (nb_mpt extra = step; inner + extra - step < all; extra += step) {
        set_lines(tc, l, inner + extra);
        if (!nb_para_widow(tc->tp.pc, tc->tp.lines, tc->tp.nlines)) return extra;
    }
    return 0;
}

/* Widows that mending within the line could not cure widen their columns
 * where the other columns have room; each cell is tried once. */
static void cure_widows(nb_tablebox *tb, const nb_layout *l, fit *f, nb_mpt *edge)
{
    bool *tried = nb_xcalloc(tb->ncells ? tb->ncells : 1, sizeof *tried);
    for (;;) {
        size_t i = 0;
        while (i < tb->ncells &&
               (tried[i] || !nb_para_widow(tb->cells[i].tp.pc, tb->cells[i].tp.lines, tb->cells[i].tp.nlines)))
            i++;
        if (i == tb->ncells) break;
        tried[i] = true;
        nb_tcell *tc = &tb->cells[i];
        int a = tc->cell->col, b = tc->cell->col + tc->cell->colspan;
        nb_mpt extra = widow_cure(tc, l, f->pad2);
        if (extra <= 0 || room_outside(f, a, b) < extra) {
            set_lines(tc, l, inner_of(tc, f->pad2));
            continue;
        }
        give_way(tb, f, extra, a, b);
        int widest = a;
        for (int c = a; c < b; c++)
            if (f->w[c] > f->w[widest]) widest = c;
        f->w[widest] += extra;
        for (int c = a; c < b; c++) f->min[c] = f->w[c]; /* kept: no later widening takes it back */
        place_cells(tb, l, f, edge, false);
    }
    free(tried);
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
    for (int pass = 0; pass < 2; pass++) /* single columns first, then the spans over them */
        for (size_t i = 0; i < tb->ncells; i++) {
            const nb_tcell *tc = &tb->cells[i];
            const nb_cell *c = tc->cell;
            if ((c->colspan > 1) != pass) continue;
            nb_mpt m = cell_min(tc, &k, min_chars, f.pad2), have = 0;
            for (int s = c->col; s < c->col + c->colspan; s++) have += f.min[s];
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
            place_cells(tb, l, &f, edge, true); /* the lines at the wanted widths: what may give freely */
            give_way(tb, &f, sum - tb->width, 0, 0);
        }
        place_cells(tb, l, &f, edge, sum <= tb->width);
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
