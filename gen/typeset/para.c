/* para: lines and x positions for a paragraph (see para.h). Breaking is in
 * parabreak.c; this file places characters on the lines it chose: squeeze
 * what a line needs, stretch what a justified line lacks, and finds the
 * narrowest measure for balanced titles. */
#include "para.h"

#include <stdlib.h>

#include "parabreak.h"
#include "parafit.h"
#include "util.h"

static bool is_space_at(const nb_brk_para *p, size_t k)
{
    return nb_lb_is_space(p->c[k].cp);
}

static nb_mpt squeeze_pair(const nb_brk_para *p, size_t a, size_t b)
{
    return nb_lb_squeeze_pair(p->c[a].cp, nb_brk_adv(p, a), p->c[a].em, p->c[b].cp, nb_brk_adv(p, b), p->c[b].em);
}

/* Sets x for line L within avail (starting at indent) and fills its width
 * and end_x. x[k] for k inside the line first holds the squeeze given to
 * the gap before k, then its position: no memory beyond the output. */
static void place(const nb_brk_para *p, nb_pline *L, nb_mpt avail, nb_mpt indent, bool justify, nb_mpt *x)
{
    const nb_pchar *c = p->c;
    size_t s = L->start, e = L->end;
    int64_t w = 0;
    for (size_t k = s; k < e; k++) {
        w += nb_brk_adv(p, k);
        if (k > s) x[k] = 0;
    }
    /* Squeeze only what the line needs: the line-end mark first (the usual
     * remedy), then consecutive punctuation from the end backwards. */
    int64_t over = w - avail, squeezed = 0;
    nb_mpt end_sq = 0;
    if (over > 0) {
        nb_mpt q = nb_lb_squeeze_end(c[e - 1].cp, nb_brk_adv(p, e - 1), c[e - 1].em);
        end_sq = (nb_mpt)(q < over ? q : over);
        over -= end_sq;
        squeezed += end_sq;
        for (size_t k = e - 1; k > s && over > 0; k--) {
            if (is_space_at(p, k) || is_space_at(p, k - 1)) continue;
            nb_mpt g = squeeze_pair(p, k - 1, k);
            nb_mpt t = (nb_mpt)(g < over ? g : over);
            x[k] = t;
            over -= t;
            squeezed += t;
        }
    }
    int64_t natural = w - squeezed;
    L->width = (nb_mpt)natural;

    /* Stretch: only a line that could have broken inside (a lone token stays
     * left-set), over the gaps that may widen, the remainder spread by
     * cumulative rounding so the last character ends exactly at the measure. */
    int64_t slack = 0;
    size_t gaps = 0;
    if (justify && natural < avail) {
        gaps = nb_brk_stretch_gaps(p, s, e, NULL);
        if (gaps > 0) slack = avail - natural;
    }
    x[s] = indent;
    size_t j = 0;
    for (size_t k = s + 1; k < e; k++) {
        int64_t pos = (int64_t)x[k - 1] + nb_brk_adv(p, k - 1) - x[k];
        if (slack > 0 && nb_brk_stretchable(p, k)) {
            j++;
            pos += slack * (int64_t)j / (int64_t)gaps - slack * (int64_t)(j - 1) / (int64_t)gaps;
        }
        x[k] = (nb_mpt)pos;
    }
    L->end_x = x[e - 1] + nb_brk_adv(p, e - 1) - end_sq;
}

/* place under the layout's policies (p->fit): every pair of marks
 * compressed, the last mark squeezed only when the policy allows, then what
 * the line still lacks or has too much taken from the other marks' blank
 * halves (shrink) or given to the gaps up to their limits (stretch), both
 * spread by cumulative rounding. A line its gaps cannot stretch to the
 * measure ends short of it: no gap beyond its limit. x[k] first holds the
 * change of the gap before k. */
static void place_fit(const nb_brk_para *p, nb_pline *L, nb_mpt avail, nb_mpt indent, bool justify, nb_mpt *x)
{
    const nb_pchar *c = p->c;
    const nb_fit *f = p->fit;
    size_t s = L->start, e = L->end;
    int64_t w = 0, z = 0, y = 0;
    for (size_t k = s; k < e; k++) {
        w += nb_brk_adv(p, k);
        if (k > s) {
            x[k] = -nb_fit_pair(f, k);
            w -= nb_fit_pair(f, k);
            y += nb_fit_cap(f, k);
        }
        if (k + 1 < e && !(k == s && nb_lb_is_opening(c[k].cp))) z += nb_fit_shrink(f, k);
    }
    int64_t over = w - avail;
    nb_mpt end_sq = 0;
    if (over > 0 && !p->end_compress) {
        nb_mpt q = nb_lb_squeeze_end(c[e - 1].cp, nb_brk_adv(p, e - 1), c[e - 1].em);
        end_sq = (nb_mpt)(q < over ? q : over);
        over -= end_sq;
    }
    if (over > 0 && z > 0) { /* shrink: a closing mark gives the gap after it, an opening one the gap before */
        int64_t take = over < z ? over : z, cum = 0;
        for (size_t k = s; k + 1 < e; k++) {
            nb_mpt h = k == s && nb_lb_is_opening(c[k].cp) ? 0 : nb_fit_shrink(f, k);
            if (!h) continue;
            int64_t give = take * (cum + h) / z - take * cum / z;
            cum += h;
            x[nb_lb_is_opening(c[k].cp) ? k : k + 1] -= (nb_mpt)give;
        }
        w -= take;
    }
    L->width = (nb_mpt)(w - end_sq);
    if (justify && w < avail && y > 0 && nb_brk_stretch_gaps(p, s, e, NULL) > 0) {
        int64_t want = avail - w < y ? avail - w : y, cum = 0;
        for (size_t k = s + 1; k < e; k++) {
            nb_mpt g = nb_fit_cap(f, k);
            if (!g) continue;
            x[k] += (nb_mpt)(want * (cum + g) / y - want * cum / y);
            cum += g;
        }
    }
    x[s] = indent;
    for (size_t k = s + 1; k < e; k++) x[k] = x[k - 1] + nb_brk_adv(p, k - 1) + x[k];
    L->end_x = x[e - 1] + nb_brk_adv(p, e - 1) - end_sq;
}

/* The narrowest measure that keeps greedy's line count without more cuts
 * or fallbacks: the longest line is then as short as it can be. */
static nb_mpt balanced_width(const nb_brk_para *p, const nb_para_opts *o, nb_brk_mode mode)
{
    nb_brk_stats full = nb_brk_run(p, o->width, o->first_indent, mode, NULL, NULL);
    if (full.lines < 2) return o->width;
    nb_mpt lo = 0, hi = o->width; /* hi keeps the count; lo is taken not to */
    while (hi - lo > 1) {
        nb_mpt mid = lo + (hi - lo) / 2;
        nb_brk_stats st = nb_brk_run(p, mid, o->first_indent, mode, NULL, NULL);
        if (st.lines == full.lines && st.forced <= full.forced && st.fallback <= full.fallback) hi = mid;
        else lo = mid;
    }
    return hi;
}

size_t nb_para_layout(const nb_pchar *c, size_t n, const nb_para_opts *o, nb_mpt *x, nb_pline **lines)
{
    /* Only justified text splits a URL at a loose line: a ragged line may be short, and a
     * balanced title's measure is searched for with the count of lines fixed. */
    nb_brk_para p = {c, n, {0}, o->justify && !o->balance, o->end_compress, NULL};
    nb_lb_init(&p.lb, o->kinsoku);
    for (size_t i = 0; i < n; i++) x[i] = 0;
    nb_fit fit;
    bool policies = o->compress_pairs || o->end_compress || o->total_fit;
    if (policies) {
        nb_fit_init(&fit, &p, o);
        p.fit = &fit;
    }

    nb_brk_mode mode = NB_BRK_ORDINARY;
    nb_mpt measure = o->width;
    if (o->balance) {
        for (size_t i = 0; i < n; i++)
            if (c[i].cp == 0x200B) mode = NB_BRK_ZWSP; /* the title marks its word boundaries */
        measure = balanced_width(&p, o, mode);
    }
    nb_pline *out = NULL;
    size_t cap = 0;
    nb_brk_stats st;
    if (!(o->total_fit && p.split_loose && nb_fit_run(&p, measure, o->first_indent, &out, &cap, &st)))
        st = nb_brk_run(&p, measure, o->first_indent, mode, &out, &cap);
    /* Balanced lines are placed against the full measure: breaking at the
     * narrow one must not squeeze a line that fits the real one. */
    for (size_t i = 0; i < st.lines; i++) {
        nb_mpt indent = i == 0 ? o->first_indent : 0;
        bool justify = o->justify && !o->balance && i + 1 < st.lines;
        if (policies) place_fit(&p, &out[i], o->width - indent, indent, justify, x);
        else place(&p, &out[i], o->width - indent, indent, justify, x);
    }
    if (policies) nb_fit_free(&fit);
    nb_lb_free(&p.lb);
    *lines = out;
    return st.lines;
}

nb_mpt nb_para_min_width(const nb_pchar *c, size_t n, const nb_kinsoku *k)
{
    nb_brk_para p = {c, n, {0}, false, false, NULL};
    nb_lb_init(&p.lb, k);
    int64_t best = 0, w = 0, squeeze = 0; /* the current token */
    size_t i = nb_brk_skip_spaces(&p, 0);
    while (i < n) {
        w += nb_brk_adv(&p, i);
        int64_t need = w - squeeze - nb_lb_squeeze_end(c[i].cp, nb_brk_adv(&p, i), c[i].em);
        size_t j = i + 1;
        size_t q = nb_brk_skip_spaces(&p, j);
        bool ends;
        if (q == n) ends = true;
        else if (q == j) ends = (nb_lb_pair(&p.lb, c[i].cp, c[j].cp) & NB_LB_BREAK) != 0;
        else ends = !nb_lb_no_end(&p.lb, c[i].cp) && !nb_lb_no_start(&p.lb, c[q].cp);
        if (ends) {
            if (need > best) best = need;
            w = squeeze = 0;
        } else if (q == j) {
            squeeze += squeeze_pair(&p, i, j);
        } else {
            for (size_t t = j; t < q; t++) w += nb_brk_adv(&p, t);
        }
        i = q;
    }
    nb_lb_free(&p.lb);
    return (nb_mpt)best;
}

nb_mpt nb_para_max_width(const nb_pchar *c, size_t n)
{
    nb_brk_para p = {c, n, {0}, false, false, NULL};
    size_t s = nb_brk_skip_spaces(&p, 0), e = n;
    while (e > s && nb_lb_is_space(c[e - 1].cp)) e--;
    int64_t w = 0;
    for (size_t i = s; i < e; i++) w += nb_brk_adv(&p, i);
    return (nb_mpt)w;
}
