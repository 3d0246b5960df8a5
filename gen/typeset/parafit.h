/* parafit: the layout's punctuation policies measured per character, and
 * total-fit line breaking for justified text (internal to para.c).
 *
 * Every character gets, once per paragraph: the squeeze of the gap before
 * it when it and its neighbour are two adjacent marks (compress_pairs: of
 * 》（ ）， ”。 the closing one, of （“ the second opening one, gives its
 * blank half, always), the shrink a mark may give inside a line (its blank
 * half, when it is in no such pair), and how far the gap before it may
 * stretch (max_stretch between CJK characters, max_stretch_latin at a space
 * or a CJK–Latin boundary; nothing inside a word, a number, a URL, a pair of
 * marks). Prefix sums make any line's width, shrink and stretch O(1).
 *
 * nb_fit_run chooses the breaks of the whole paragraph as Knuth and Plass
 * do: break opportunities are 禁则-checked boundaries, spaces, and the URL
 * break points of a URL or long Latin word (with a penalty); a line's
 * badness is 100·r³ of the ratio of the shrink or stretch it uses (shrink
 * at half the weight: punctuation gives before hanzi spread), a line that
 * would need more stretch than its gaps allow costs 10 000 and more, one
 * that would need more than its shrink is not allowed; demerits
 * (10 + badness + penalty)² are summed and the least total wins (ties: the
 * earlier break, so the same input always gives the same lines). Linear in
 * n for a fixed measure: each start looks only as far as one line reaches.
 * When some unbreakable run is wider than the line, it returns false and
 * the caller breaks greedily (which cuts it). */
#ifndef NB_PARAFIT_H
#define NB_PARAFIT_H
#include "parabreak.h"

typedef struct nb_fit {
    int64_t *adv, *pair, *shr, *cap; /* prefix sums, n + 1 each: adv[k] = sum of advances before k, … */
    unsigned char *brk;              /* brk[e], 0 < e <= n: a line may end before e (1), at a URL point (2) */
    bool compress_pairs;
    int32_t max_stretch, max_stretch_latin; /* 1/1000 em */
} nb_fit;

void nb_fit_init(nb_fit *f, const nb_brk_para *p, const nb_para_opts *o);
void nb_fit_free(nb_fit *f);

/* The squeeze of the gap before k (0 < k < n), the shrink of k inside a
 * line, the stretch limit of the gap before k. */
nb_mpt nb_fit_pair(const nb_fit *f, size_t k);
nb_mpt nb_fit_shrink(const nb_fit *f, size_t k);
nb_mpt nb_fit_cap(const nb_fit *f, size_t k);

/* Total-fit breaks of p (p->fit set) at `width`, the first line `indent`
 * shorter; appends the lines to *out as nb_brk_run does and fills *st.
 * false (nothing appended) when no set of breaks fits. */
bool nb_fit_run(const nb_brk_para *p, nb_mpt width, nb_mpt indent, nb_pline **out, size_t *cap, nb_brk_stats *st);

#endif
