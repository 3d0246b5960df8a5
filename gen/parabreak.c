/* parabreak: greedy line breaking (see parabreak.h). */
#include "parabreak.h"

#include "util.h"

typedef struct brk {
    size_t end, next; /* line is [start, end); the next line starts at next */
    bool forced, fallback;
} brk;

nb_mpt nb_brk_adv(const nb_brk_para *p, size_t k)
{
    if (p->c[k].cp == 0x200B || p->c[k].adv < 0) return 0;
    return p->c[k].adv;
}

size_t nb_brk_skip_spaces(const nb_brk_para *p, size_t k)
{
    while (k < p->n && nb_lb_is_space(p->c[k].cp)) k++;
    return k;
}

static bool is_space_at(const nb_brk_para *p, size_t k)
{
    return nb_lb_is_space(p->c[k].cp);
}

static nb_mpt squeeze_end(const nb_brk_para *p, size_t k)
{
    return nb_lb_squeeze_end(p->c[k].cp, nb_brk_adv(p, k), p->c[k].em);
}

static nb_mpt squeeze_pair(const nb_brk_para *p, size_t a, size_t b)
{
    return nb_lb_squeeze_pair(p->c[a].cp, nb_brk_adv(p, a), p->c[a].em, p->c[b].cp, nb_brk_adv(p, b), p->c[b].em);
}

/* After a URL's separators a cut reads best. */
static bool is_cut_point(uint32_t cp)
{
    return cp == '/' || cp == '.' || cp == '-' || cp == '_' || cp == '?' || cp == '&' || cp == '=';
}

/* No break opportunity fits: [s, k) fits and k does not (k == s: not even
 * one character fits). Cut the token as late as 禁则 allows; after a URL
 * separator when that still fills half the line. */
static brk cut(const nb_brk_para *p, size_t s, size_t k, nb_mpt avail)
{
    const nb_pchar *c = p->c;
    size_t emax = k > s ? k : s + 1, ok = 0, pref = 0;
    int64_t w = 0;
    for (size_t e = s + 1; e <= emax && e < p->n; e++) { /* [s, e) fits; c[e] starts the next line */
        w += nb_brk_adv(p, e - 1);
        uint32_t a = c[e - 1].cp, b = c[e].cp;
        if (nb_lb_is_space(a) || nb_lb_is_space(b)) continue;
        if (nb_lb_no_end(&p->lb, a) || nb_lb_no_start(&p->lb, b) || nb_lb_no_split(&p->lb, a, b)) continue;
        ok = e;
        if (is_cut_point(a) && 2 * w >= avail) pref = e;
    }
    size_t e = pref ? pref : ok ? ok : emax;
    size_t next = nb_brk_skip_spaces(p, e);
    while (e > s + 1 && is_space_at(p, e - 1)) e--;
    return (brk){e, next, next < p->n, false}; /* a last character wider than the line cuts nothing */
}

/* The line starting at drawn character s, within avail. */
static brk next_line(const nb_brk_para *p, size_t s, nb_mpt avail, nb_brk_mode mode)
{
    const nb_pchar *c = p->c;
    size_t n = p->n, k = s;
    int64_t w = 0, squeeze = 0; /* natural width of [s, k]; squeezable gaps inside it */
    brk best = {0, 0, false, false};
    bool have = false;
    for (;;) {
        w += nb_brk_adv(p, k);
        if (w - squeeze - squeeze_end(p, k) > avail) break; /* k cannot end this line: nor can anything after it */
        size_t j = k + 1;
        if (j == n) return (brk){n, n, false, false};
        if (!is_space_at(p, j)) {
            if (mode == NB_BRK_ORDINARY && (nb_lb_pair(&p->lb, c[k].cp, c[j].cp) & NB_LB_BREAK)) {
                best = (brk){j, j, false, false};
                have = true;
            }
            squeeze += squeeze_pair(p, k, j);
            k = j;
            continue;
        }
        /* A run of spaces / U+200B is one opportunity, judged by 禁则 on the characters around it. */
        size_t q = j;
        bool zwsp = false;
        int64_t ws = 0;
        for (; q < n && is_space_at(p, q); q++) {
            zwsp |= c[q].cp == 0x200B;
            ws += nb_brk_adv(p, q);
        }
        if (q == n) return (brk){j, n, false, false};
        if ((mode == NB_BRK_ORDINARY || zwsp) && !nb_lb_no_end(&p->lb, c[k].cp) && !nb_lb_no_start(&p->lb, c[q].cp)) {
            best = (brk){j, q, false, false};
            have = true;
        }
        w += ws;
        k = q;
    }
    if (have) return best;
    if (mode == NB_BRK_ZWSP) {
        brk b = next_line(p, s, avail, NB_BRK_ORDINARY);
        b.fallback = true;
        return b;
    }
    return cut(p, s, k, avail);
}

nb_brk_stats nb_brk_run(const nb_brk_para *p, nb_mpt width, nb_mpt indent, nb_brk_mode mode, nb_pline **out,
                        size_t *cap)
{
    nb_brk_stats st = {0, 0, 0};
    size_t pos = nb_brk_skip_spaces(p, 0);
    while (pos < p->n) {
        nb_mpt avail = st.lines == 0 ? width - indent : width;
        brk b = next_line(p, pos, avail, mode);
        if (out) {
            NB_GROW(*out, st.lines, *cap);
            (*out)[st.lines] = (nb_pline){.start = pos, .end = b.end, .hyphen_forced = b.forced, .fallback = b.fallback};
        }
        st.lines++;
        st.forced += b.forced;
        st.fallback += b.fallback;
        pos = b.next;
    }
    return st;
}
