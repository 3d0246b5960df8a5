/* parabreak: greedy line breaking (see parabreak.h). */
#include "parabreak.h"

#include <string.h>

#include "util.h"

typedef struct brk {
    size_t end, next; /* line is [start, end); the next line starts at next */
    bool forced, fallback, split;
} brk;

/* How far past the first character that did not fit a line looks to learn
 * whether the word it is in is a URL: a constant, so breaking stays linear. */
#define URL_LOOKAHEAD 64
/* A run with URL marks narrower than this many em stays whole (e.g., x.y,
 * a@b.cn): splitting it would gain little and read badly. */
#define URL_MIN_EM 4
/* A Latin run without URL marks is split (at - _ and the like) only when
 * wider than this many em. */
#define WORD_MIN_EM 8

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
    if (p->end_compress) return 0;
    return nb_lb_squeeze_end(p->c[k].cp, nb_brk_adv(p, k), p->c[k].em);
}

static nb_mpt squeeze_pair(const nb_brk_para *p, size_t a, size_t b)
{
    return nb_lb_squeeze_pair(p->c[a].cp, nb_brk_adv(p, a), p->c[a].em, p->c[b].cp, nb_brk_adv(p, b), p->c[b].em);
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
        if (nb_lb_url_break(a, b) && 2 * w >= avail) pref = e;
    }
    size_t e = pref ? pref : ok ? ok : emax;
    size_t next = nb_brk_skip_spaces(p, e);
    while (e > s + 1 && is_space_at(p, e - 1)) e--;
    return (brk){e, next, next < p->n, false, false}; /* a last character wider than the line cuts nothing */
}

bool nb_brk_stretchable(const nb_brk_para *p, size_t k)
{
    if (is_space_at(p, k)) return false;
    if (is_space_at(p, k - 1)) return true;
    return (nb_lb_pair(&p->lb, p->c[k - 1].cp, p->c[k].cp) & NB_LB_STRETCH) != 0;
}

size_t nb_brk_stretch_gaps(const nb_brk_para *p, size_t s, size_t e, int64_t *em_sum)
{
    const nb_pchar *c = p->c;
    bool breakable = false;
    size_t gaps = 0, last = s; /* last drawn character before k */
    int64_t ems = 0;
    for (size_t k = s + 1; k < e; k++) {
        if (is_space_at(p, k)) continue;
        if (nb_brk_stretchable(p, k)) {
            gaps++;
            ems += c[k].em;
        }
        if (last + 1 == k) {
            if (nb_lb_pair(&p->lb, c[last].cp, c[k].cp) & NB_LB_BREAK) breakable = true;
        } else if (!nb_lb_no_end(&p->lb, c[last].cp) && !nb_lb_no_start(&p->lb, c[k].cp)) {
            breakable = true; /* a space run between them */
        }
        last = k;
    }
    if (!breakable) gaps = 0, ems = 0;
    if (em_sum) *em_sum = ems;
    return gaps;
}

bool nb_brk_loose(const nb_brk_para *p, size_t s, size_t e, nb_mpt avail)
{
    int64_t w = 0, ems;
    for (size_t k = s; k < e; k++) w += nb_brk_adv(p, k);
    if (w > avail) return false;
    if (w * 10 < (int64_t)avail * 7) return true;
    size_t gaps = nb_brk_stretch_gaps(p, s, e, &ems);
    return gaps > 0 && ((int64_t)avail - w) * 4 > ems;
}

static bool is_word_at(const nb_brk_para *p, size_t k)
{
    return nb_lb_classify(p->c[k].cp) == NB_LB_WORD;
}

static bool is_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* What the part of a WORD run seen so far says about it. */
typedef struct wrun {
    bool letter, url; /* an ASCII letter; a URL mark: :// @ or a dot between letters (not
                         GB/T9704's slash, nor and/or's) */
    int64_t w;        /* natural width */
} wrun;

/* Whether a run may be split at a loose line: a URL, or a long Latin word;
 * never a number (no letter), whatever its unit or decimals. */
static bool splittable(const wrun *r, nb_mpt em)
{
    if (!r->letter) return false;
    return r->url ? r->w >= (int64_t)URL_MIN_EM * em : r->w > (int64_t)WORD_MIN_EM * em;
}

bool nb_brk_url_run(const nb_brk_para *p, size_t r0, size_t r1)
{
    const nb_pchar *c = p->c;
    wrun r = {false, false, 0};
    for (size_t t = r0; t < r1; t++) {
        uint32_t cp = c[t].cp;
        r.letter |= is_letter(cp);
        r.url |= cp == '@' || (t >= r0 + 2 && c[t - 1].cp == '/' && c[t - 2].cp == ':' && cp == '/') ||
                 (t >= r0 + 2 && c[t - 1].cp == '.' && is_letter(c[t - 2].cp) && is_letter(cp));
        r.w += nb_brk_adv(p, t);
    }
    return r0 < r1 && splittable(&r, c[r0].em);
}

/* The last URL break point e in (from, k] inside a splittable WORD run that
 * 禁则 allow, or 0. [from, k] is the start of the unbreakable segment that did
 * not fit (c[k] is the first character that cannot end the line), so every
 * such e fits. */
static size_t url_split(const nb_brk_para *p, size_t from, size_t k)
{
    const nb_pchar *c = p->c;
    size_t found = 0, t = from;
    while (t <= k) {
        if (!is_word_at(p, t)) {
            t++;
            continue;
        }
        size_t r0 = t, point = 0;
        wrun r = {false, false, 0};
        for (; t < p->n && is_word_at(p, t); t++) {
            if (t > k && (splittable(&r, c[r0].em) || t - k > URL_LOOKAHEAD)) break;
            uint32_t cp = c[t].cp;
            r.letter |= is_letter(cp);
            r.url |= cp == '@' || (t >= r0 + 2 && c[t - 1].cp == '/' && c[t - 2].cp == ':' && cp == '/') ||
                     (t >= r0 + 2 && c[t - 1].cp == '.' && is_letter(c[t - 2].cp) && is_letter(cp));
            r.w += nb_brk_adv(p, t);
            if (t > r0 && t <= k && nb_lb_url_break(c[t - 1].cp, cp) && !nb_lb_no_end(&p->lb, c[t - 1].cp) &&
                !nb_lb_no_start(&p->lb, cp) && !nb_lb_no_split(&p->lb, c[t - 1].cp, cp))
                point = t;
        }
        if (point && splittable(&r, c[r0].em)) found = point;
    }
    return found;
}

/* The line starting at drawn character s, within avail. */
static brk next_line(const nb_brk_para *p, size_t s, nb_mpt avail, nb_brk_mode mode)
{
    const nb_pchar *c = p->c;
    size_t n = p->n, k = s;
    int64_t w = 0, squeeze = 0; /* natural width of [s, k]; squeezable gaps inside it */
    brk best = {0, 0, false, false, false};
    bool have = false;
    for (;;) {
        w += nb_brk_adv(p, k);
        if (w - squeeze - squeeze_end(p, k) > avail) break; /* k cannot end this line: nor can anything after it */
        size_t j = k + 1;
        if (j == n) return (brk){n, n, false, false, false};
        if (!is_space_at(p, j)) {
            if (mode == NB_BRK_ORDINARY && (nb_lb_pair(&p->lb, c[k].cp, c[j].cp) & NB_LB_BREAK)) {
                best = (brk){j, j, false, false, false};
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
        if (q == n) return (brk){j, n, false, false, false};
        if ((mode == NB_BRK_ORDINARY || zwsp) && !nb_lb_no_end(&p->lb, c[k].cp) && !nb_lb_no_start(&p->lb, c[q].cp)) {
            best = (brk){j, q, false, false, false};
            have = true;
        }
        w += ws;
        k = q;
    }
    if (have) {
        /* Push would leave a loose line: end it inside the URL that did not fit instead.
         * A stretched line only gains by it (more width, as many gaps or more); a line
         * push leaves left-set (见 before a URL) would rather stay so than take the
         * rest of its width in one or two gaps, unless the split line is not loose. */
        if (p->split_loose && mode == NB_BRK_ORDINARY) {
            size_t e = url_split(p, best.next, k); /* first: it only reads the token, measuring is dearer */
            if (e && nb_brk_loose(p, s, best.end, avail) &&
                (nb_brk_stretch_gaps(p, s, best.end, NULL) > 0 || !nb_brk_loose(p, s, e, avail)))
                return (brk){e, e, false, false, true};
        }
        return best;
    }
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
    nb_brk_stats st = {0, 0, 0, 0};
    size_t pos = nb_brk_skip_spaces(p, 0);
    while (pos < p->n) {
        nb_mpt avail = st.lines == 0 ? width - indent : width;
        brk b = next_line(p, pos, avail, mode);
        if (out) {
            NB_GROW(*out, st.lines, *cap);
            /* Field by field over zeroed memory: a struct assignment may leave its padding
             * unspecified, and the lines are meant to be the same bytes on every run. */
            nb_pline *L = &(*out)[st.lines];
            memset(L, 0, sizeof *L);
            L->start = pos;
            L->end = b.end;
            L->hyphen_forced = b.forced;
            L->fallback = b.fallback;
            L->token_split = b.split;
        }
        st.lines++;
        st.forced += b.forced;
        st.fallback += b.fallback;
        st.splits += b.split;
        pos = b.next;
    }
    return st;
}
