/* parafit: punctuation policies per character and total-fit breaking (see parafit.h). */
#include "parafit.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define INF INT64_MAX
#define URL_PENALTY 50   /* a line ending inside a URL: taken when it saves a loose line */
#define LONE_PENALTY 100 /* a last line of one character (孤字) */
#define NO_FIT 10000     /* the badness of a line its gaps cannot stretch to the measure */

static bool space_at(const nb_brk_para *p, size_t k) { return nb_lb_is_space(p->c[k].cp); }

static bool is_mark(uint32_t cp) { return nb_lb_is_closing(cp) || nb_lb_is_opening(cp); }

static nb_mpt pair_squeeze(const nb_brk_para *p, bool compress, size_t k)
{
    if (!compress || k == 0 || space_at(p, k - 1) || space_at(p, k)) return 0;
    const nb_pchar *a = &p->c[k - 1], *b = &p->c[k];
    return nb_lb_squeeze_pair(a->cp, nb_brk_adv(p, k - 1), a->em, b->cp, nb_brk_adv(p, k), b->em);
}

static nb_mpt gap_cap(const nb_brk_para *p, const nb_fit *f, nb_mpt pairsq, size_t k)
{
    if (pairsq > 0 || !nb_brk_stretchable(p, k)) return 0; /* a pair of marks stays tight */
    bool cjk = !space_at(p, k - 1) && nb_lb_classify(p->c[k - 1].cp) == NB_LB_CJK &&
               nb_lb_classify(p->c[k].cp) == NB_LB_CJK;
    int32_t lim = cjk || f->max_stretch_latin == 0 ? f->max_stretch : f->max_stretch_latin;
    if (lim <= 0) lim = 1000; /* no limit given: up to 1 em, and beyond it a line counts as loose */
    return (nb_mpt)((int64_t)p->c[k].em * lim / 1000);
}

/* Which boundaries a line may end at: 禁则-checked pairs, space runs, the end. */
static unsigned char break_before(const nb_brk_para *p, size_t e)
{
    if (e == p->n) return 1;
    if (space_at(p, e - 1)) return 0; /* a space run breaks at its first space */
    if (space_at(p, e)) {
        size_t q = nb_brk_skip_spaces(p, e);
        return q == p->n || (!nb_lb_no_end(&p->lb, p->c[e - 1].cp) && !nb_lb_no_start(&p->lb, p->c[q].cp));
    }
    return (nb_lb_pair(&p->lb, p->c[e - 1].cp, p->c[e].cp) & NB_LB_BREAK) != 0;
}

void nb_fit_init(nb_fit *f, const nb_brk_para *p, const nb_para_opts *o)
{
    size_t n = p->n;
    memset(f, 0, sizeof *f);
    f->compress_pairs = o->compress_pairs;
    f->max_stretch = o->max_stretch;
    f->max_stretch_latin = o->max_stretch_latin;
    f->adv = nb_xcalloc(4 * (n + 1), sizeof *f->adv);
    f->pair = f->adv + (n + 1);
    f->shr = f->pair + (n + 1);
    f->cap = f->shr + (n + 1);
    f->brk = nb_xcalloc(n + 1, 1);
    for (size_t k = 0; k < n; k++) {
        nb_mpt adv = nb_brk_adv(p, k), sq = pair_squeeze(p, o->compress_pairs, k);
        bool paired = sq > 0 || (k + 1 < n && pair_squeeze(p, o->compress_pairs, k + 1) > 0);
        nb_mpt shr = is_mark(p->c[k].cp) && !paired ? nb_lb_blank_half(adv, p->c[k].em) : 0;
        f->adv[k + 1] = f->adv[k] + adv;
        f->pair[k + 1] = f->pair[k] + sq;
        f->shr[k + 1] = f->shr[k] + shr;
        f->cap[k + 1] = f->cap[k] + (k > 0 ? gap_cap(p, f, sq, k) : 0);
    }
    for (size_t e = 1; e <= n; e++) f->brk[e] = break_before(p, e);
    /* URL break points inside a URL or a long Latin word */
    for (size_t r0 = 0; r0 < n;) {
        if (nb_lb_classify(p->c[r0].cp) != NB_LB_WORD) { r0++; continue; }
        size_t r1 = r0;
        while (r1 < n && nb_lb_classify(p->c[r1].cp) == NB_LB_WORD) r1++;
        if (nb_brk_url_run(p, r0, r1))
            for (size_t t = r0 + 1; t < r1; t++) {
                uint32_t a = p->c[t - 1].cp, b = p->c[t].cp;
                if (nb_lb_url_break(a, b) && !nb_lb_no_end(&p->lb, a) && !nb_lb_no_start(&p->lb, b) &&
                    !nb_lb_no_split(&p->lb, a, b))
                    f->brk[t] = 2;
            }
        r0 = r1;
    }
}

void nb_fit_free(nb_fit *f)
{
    free(f->adv);
    free(f->brk);
    memset(f, 0, sizeof *f);
}

nb_mpt nb_fit_pair(const nb_fit *f, size_t k) { return (nb_mpt)(f->pair[k + 1] - f->pair[k]); }
nb_mpt nb_fit_shrink(const nb_fit *f, size_t k) { return (nb_mpt)(f->shr[k + 1] - f->shr[k]); }
nb_mpt nb_fit_cap(const nb_fit *f, size_t k) { return (nb_mpt)(f->cap[k + 1] - f->cap[k]); }

/* 100·r³ for r = num/den in [0, 1], in integers (r in 1/1000). */
static int64_t cube_badness(int64_t num, int64_t den, int64_t scale)
{
    int64_t r = num * 1000 / den;
    return scale * r * r / 1000 * r / 1000000;
}

/* The badness of the line [s, e) within avail, or -1 when it cannot fit. */
static int64_t line_badness(const nb_brk_para *p, const nb_fit *f, size_t s, size_t e, nb_mpt avail, bool last)
{
    int64_t w = f->adv[e] - f->adv[s] - (f->pair[e] - f->pair[s + 1]);
    if (w > avail) {
        int64_t z = f->shr[e - 1] - f->shr[s];
        if (nb_lb_is_opening(p->c[s].cp)) z -= nb_fit_shrink(f, s); /* its blank half is the line's edge */
        if (!p->end_compress) z += nb_lb_squeeze_end(p->c[e - 1].cp, nb_brk_adv(p, e - 1), p->c[e - 1].em);
        if (w - z > avail) return -1;
        return cube_badness(w - avail, z, 50); /* punctuation gives before hanzi spread */
    }
    if (last || w == avail) return 0;
    int64_t y = f->cap[e] - f->cap[s + 1];
    if (y <= 0) return NO_FIT;
    if (avail - w > y) return NO_FIT + ((avail - w - y) * 1000 / y < 1000000 ? (avail - w - y) * 1000 / y : 1000000);
    return cube_badness(avail - w, y, 100);
}

bool nb_fit_run(const nb_brk_para *p, nb_mpt width, nb_mpt indent, nb_pline **out, size_t *cap, nb_brk_stats *st)
{
    const nb_fit *f = p->fit;
    size_t n = p->n, s0 = nb_brk_skip_spaces(p, 0);
    memset(st, 0, sizeof *st);
    if (s0 == n) return true;
    int64_t *best = nb_xmalloc((n + 1) * sizeof *best);
    size_t *from = nb_xmalloc(2 * (n + 1) * sizeof *from), *lend = from + (n + 1);
    for (size_t k = 0; k <= n; k++) best[k] = INF;
    best[s0] = 0;
    for (size_t j = s0; j < n; j++) {
        if (best[j] == INF) continue;
        nb_mpt avail = j == s0 ? width - indent : width;
        for (size_t e = j + 1; e <= n; e++) {
            int64_t w = f->adv[e] - f->adv[j] - (f->pair[e] - f->pair[j + 1]);
            if (w - (f->shr[e] - f->shr[j]) - p->c[e - 1].em / 2 > avail) break; /* nor any longer line */
            if (!f->brk[e]) continue;
            size_t q = nb_brk_skip_spaces(p, e);
            int64_t bad = line_badness(p, f, j, e, avail, q == n);
            if (bad < 0) continue;
            int64_t pen = (f->brk[e] == 2 ? URL_PENALTY : 0) + (q == n && e - j == 1 && j > s0 ? LONE_PENALTY : 0);
            int64_t d = 10 + bad + pen, total = best[j] + d * d;
            if (total < best[q]) {
                best[q] = total;
                from[q] = j;
                lend[q] = e;
            }
        }
    }
    bool ok = best[n] != INF;
    if (ok) {
        size_t lines = 0;
        for (size_t q = n; q != s0; q = from[q]) lines++;
        if (out) {
            if (*cap < lines) {
                *out = nb_xrealloc(*out, lines * sizeof **out);
                *cap = lines;
            }
            size_t i = lines;
            for (size_t q = n; q != s0; q = from[q]) {
                nb_pline *L = &(*out)[--i];
                memset(L, 0, sizeof *L);
                L->start = from[q];
                L->end = lend[q];
                L->token_split = f->brk[lend[q]] == 2 && lend[q] < n;
            }
        }
        for (size_t q = n; q != s0; q = from[q]) st->splits += f->brk[lend[q]] == 2 && lend[q] < n;
        st->lines = lines;
    }
    free(best);
    free(from);
    return ok;
}
