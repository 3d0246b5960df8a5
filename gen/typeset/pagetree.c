/* pagetree: see pagetree.h. */
#include "pagetree.h"
#include <stdlib.h>
#include <string.h>
#include "util.h"

void nb_pages_init(nb_pages *p, nb_mpt width, nb_mpt height)
{
    memset(p, 0, sizeof *p);
    p->width = width;
    p->height = height;
}

void nb_pages_free(nb_pages *p)
{
    for (size_t i = 0; i < p->n; i++) {
        for (size_t k = 0; k < p->pages[i].ntexts; k++) free(p->pages[i].texts[k].glyphs);
        free(p->pages[i].texts);
        free(p->pages[i].rules);
    }
    free(p->pages);
    for (size_t i = 0; i < p->noutline; i++) free(p->outline[i].title);
    free(p->outline);
    memset(p, 0, sizeof *p);
}

nb_page *nb_pages_add(nb_pages *p)
{
    NB_GROW(p->pages, p->n, p->cap);
    nb_page *pg = &p->pages[p->n++];
    memset(pg, 0, sizeof *pg);
    pg->number = (int)p->n;
    return pg;
}

nb_ptext *nb_page_text(nb_page *pg, int face, nb_mpt size, nb_mpt y, nb_mpt bold)
{
    NB_GROW(pg->texts, pg->ntexts, pg->tcap);
    nb_ptext *t = &pg->texts[pg->ntexts++];
    memset(t, 0, sizeof *t);
    t->face = face;
    t->size = size;
    t->y = y;
    t->bold = bold;
    return t;
}

void nb_ptext_add(nb_ptext *t, uint16_t gid, uint32_t cp, nb_mpt x, int32_t adv_em)
{
    if ((t->n & (t->n - 1)) == 0) /* grow at powers of two */
        t->glyphs = nb_xrealloc(t->glyphs, (t->n ? t->n * 2 : 1) * sizeof *t->glyphs);
    t->glyphs[t->n++] = (nb_pglyph){gid, cp, x, adv_em};
}

void nb_page_rule(nb_page *pg, nb_mpt x1, nb_mpt y1, nb_mpt x2, nb_mpt y2, nb_mpt width)
{
    NB_GROW(pg->rules, pg->nrules, pg->rcap);
    pg->rules[pg->nrules++] = (nb_prule){x1, y1, x2, y2, width};
}

void nb_pages_outline(nb_pages *p, const char *title, int level, int page, nb_mpt y)
{
    NB_GROW(p->outline, p->noutline, p->ocap);
    p->outline[p->noutline++] = (nb_outline_entry){nb_xstrdup(title), level, page, y};
}

/* One glyph of the line dump, sortable by baseline then x. */
typedef struct dump_glyph {
    nb_mpt y, x, end;
    uint32_t cp;
} dump_glyph;

static int by_line(const void *a, const void *b)
{
    const dump_glyph *g = a, *h = b;
    if (g->y != h->y) return g->y < h->y ? -1 : 1;
    return (g->x > h->x) - (g->x < h->x);
}

void nb_pages_dump_lines(const nb_pages *p, FILE *out)
{
    for (size_t i = 0; i < p->n; i++) {
        const nb_page *pg = &p->pages[i];
        size_t n = 0;
        for (size_t k = 0; k < pg->ntexts; k++) n += pg->texts[k].n;
        dump_glyph *gs = nb_xcalloc(n ? n : 1, sizeof *gs);
        n = 0;
        for (size_t k = 0; k < pg->ntexts; k++) {
            const nb_ptext *t = &pg->texts[k];
            for (size_t g = 0; g < t->n; g++)
                gs[n++] = (dump_glyph){t->y, t->glyphs[g].x,
                                       t->glyphs[g].x + (nb_mpt)((int64_t)t->glyphs[g].adv_em * t->size / 1000),
                                       t->glyphs[g].cp};
        }
        qsort(gs, n, sizeof *gs, by_line);
        fprintf(out, "page %d\n", pg->number);
        char buf[8];
        for (size_t g = 0; g < n;) {
            size_t e = g;
            while (e < n && gs[e].y == gs[g].y) e++;
            fprintf(out, "  y=%d x=%d..%d \"", gs[g].y, gs[g].x, gs[e - 1].end);
            for (size_t k = g; k < e; k++) {
                int len = nb_utf8_encode(gs[k].cp, buf);
                fwrite(buf, 1, (size_t)len, out);
            }
            fprintf(out, "\"\n");
            g = e;
        }
        free(gs);
        for (size_t k = 0; k < pg->nrules; k++) {
            const nb_prule *r = &pg->rules[k];
            fprintf(out, "  rule %d,%d %d,%d\n", r->x1, r->y1, r->x2, r->y2);
        }
    }
}
