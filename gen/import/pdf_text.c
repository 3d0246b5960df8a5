/* pdf_text: a published PDF as page text, through poppler. Each glyph comes
 * with its box; the page is also rendered (cairo) to find the table rules,
 * the long thin strokes left once the glyphs are masked out. Rules that
 * touch make a table: its distinct rule positions cut it into a grid, the
 * grid cells no rule separates make one cell, and every glyph goes to the
 * cell it lies in, so a label wrapping onto three lines inside its cell is
 * still one cell of one row. Glyphs outside tables make lines (by their
 * centre height, cells where a gap is wide); a line that reaches the right
 * margin continues into the next unindented one, so a paragraph is one
 * line. Page numbers (— 3 —) and running headers are dropped. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cairo.h>
#include <poppler.h>
#include "page_text_build.h"

#define RENDER_SCALE 2.0    /* pixels per point when looking for rules */
#define RENDER_MAX_PX 3000  /* larger pages are rendered smaller */
#define RULE_MIN_LEN 6.0    /* points: shorter strokes are not rules */
#define RULE_MAX_THICK 3.0  /* points: thicker is a filled area */
#define SNAP 2.0            /* points: rule positions closer than this are one */
#define MAX_GRID_CELLS 1000000

typedef struct glyph {
    double x0, y0, x1, y1; /* points, y downwards */
    uint32_t cp;
    bool used; /* placed in a table */
} glyph;

typedef struct rule {
    double a, b0, b1; /* position across, extent along (points) */
    bool vertical;
} rule;

/* One line of output: a paragraph line, or a table row (cells by tabs). */
typedef struct item {
    char *text;
    int page;
    double x0, x1, top, bottom, h;
    bool row;      /* a table row or a line of several cells: never joined */
    bool dropped;  /* page number, running header, repeated table heading */
    int table;     /* the table of a row (1, 2, ... in the document), or 0 */
} item;

typedef struct items {
    item *v;
    size_t n, cap;
} items;

static double gh(const glyph *g)
{
    return g->y1 - g->y0;
}
static double gcx(const glyph *g)
{
    return (g->x0 + g->x1) / 2;
}
static double gcy(const glyph *g)
{
    return (g->y0 + g->y1) / 2;
}

/* ---- glyphs into text ---- */

static int by_cy(const void *a, const void *b)
{
    const glyph *x = *(const glyph *const *)a, *y = *(const glyph *const *)b;
    return gcy(x) < gcy(y) ? -1 : gcy(x) > gcy(y) ? 1 : (x->x0 < y->x0 ? -1 : x->x0 > y->x0);
}
static int by_x(const void *a, const void *b)
{
    const glyph *x = *(const glyph *const *)a, *y = *(const glyph *const *)b;
    return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* Splits g[0..n) (sorted by centre height) into lines: returns the number
 * of lines, starts[k] the first glyph of line k (starts has n+1 room). */
static size_t split_lines(glyph **g, size_t n, size_t *starts)
{
    size_t nl = 0;
    double sum = 0;
    size_t cnt = 0;
    double hmax = 0;
    for (size_t i = 0; i < n; i++) {
        double cy = gcy(g[i]);
        if (cnt && fabs(cy - sum / cnt) > 0.45 * fmax(hmax, gh(g[i]))) cnt = 0;
        if (!cnt) {
            starts[nl++] = i;
            sum = 0;
            hmax = 0;
        }
        sum += cy;
        cnt++;
        hmax = fmax(hmax, gh(g[i]));
    }
    starts[nl] = n;
    return nl;
}

/* Appends the glyphs of one line (sorted by x) to raw: a space where the gap
 * is a word gap, a tab where it is wider than tab_gap em (0: never). */
static void line_text(glyph **g, size_t n, double tab_gap, nb_buf *raw)
{
    for (size_t i = 0; i < n; i++) {
        if (i) {
            double gap = g[i]->x0 - g[i - 1]->x1, h = fmax(gh(g[i]), gh(g[i - 1]));
            if (tab_gap > 0 && gap > tab_gap * h)
                nb_buf_putc(raw, '\t');
            else if (gap > 0.2 * h)
                nb_buf_putc(raw, ' ');
        }
        char enc[4];
        nb_buf_add(raw, enc, (size_t)nb_utf8_encode(g[i]->cp, enc));
    }
}

/* The text of a table cell: its lines joined (nothing between CJK). */
static char *cell_text(glyph **g, size_t n)
{
    qsort(g, n, sizeof *g, by_cy);
    size_t *starts = nb_xmalloc((n + 1) * sizeof *starts);
    size_t nl = split_lines(g, n, starts);
    nb_buf raw, clean;
    nb_buf_init(&raw);
    nb_buf_init(&clean);
    for (size_t k = 0; k < nl; k++) {
        qsort(g + starts[k], starts[k + 1] - starts[k], sizeof *g, by_x);
        if (k) nb_buf_putc(&raw, ' ');
        line_text(g + starts[k], starts[k + 1] - starts[k], 0, &raw);
    }
    nb_pt_clean(&clean, raw.data, raw.len);
    free(starts);
    nb_buf_free(&raw);
    return nb_buf_take(&clean);
}

static void push(items *it, item x)
{
    NB_GROW(it->v, it->n, it->cap);
    it->v[it->n++] = x;
}

/* ---- rules ---- */

/* Finds the rules of the page: renders it, masks the glyph boxes, and takes
 * runs of ink at least RULE_MIN_LEN long, merged across adjacent pixel rows
 * (or columns), at most RULE_MAX_THICK thick. */
static size_t find_rules(PopplerPage *page, double pw, double ph, const glyph *gl, size_t ng, rule **out)
{
    *out = NULL;
    double s = RENDER_SCALE;
    if (fmax(pw, ph) * s > RENDER_MAX_PX) s = RENDER_MAX_PX / fmax(pw, ph);
    int W = (int)ceil(pw * s), H = (int)ceil(ph * s);
    if (W < 4 || H < 4) return 0;
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        return 0;
    }
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, s, s);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    const unsigned char *px = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf);
    unsigned char *ink = nb_xmalloc((size_t)W * (size_t)H);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint32_t v;
            memcpy(&v, px + (size_t)y * (size_t)stride + (size_t)x * 4, 4);
            int lum = (int)(((v >> 16) & 255) * 3 + ((v >> 8) & 255) * 6 + (v & 255)) / 10;
            ink[(size_t)y * (size_t)W + (size_t)x] = lum < 200;
        }
    cairo_surface_destroy(surf);
    /* glyph boxes, a little shrunk so a rule grazing one survives */
    for (size_t i = 0; i < ng; i++) {
        double m = 0.1 * gh(&gl[i]);
        int x0 = (int)floor((gl[i].x0 + m) * s), x1 = (int)ceil((gl[i].x1 - m) * s);
        int y0 = (int)floor((gl[i].y0 + m) * s), y1 = (int)ceil((gl[i].y1 - m) * s);
        if (x0 < 0) x0 = 0;
        if (y0 < 0) y0 = 0;
        if (x1 > W) x1 = W;
        if (y1 > H) y1 = H;
        for (int y = y0; y < y1; y++)
            if (x1 > x0) memset(ink + (size_t)y * (size_t)W + (size_t)x0, 0, (size_t)(x1 - x0));
    }
    size_t n = 0, cap = 0;
    int minlen = (int)(RULE_MIN_LEN * s), maxthick = (int)ceil(RULE_MAX_THICK * s);
    for (int dir = 0; dir < 2; dir++) {
        /* dir 0: horizontal rules, scanning pixel rows; dir 1: vertical */
        int lines = dir ? W : H, len = dir ? H : W;
        /* open rules: the ones the previous scan line extended */
        typedef struct open {
            int first, last, b0, b1;
        } open;
        open *op = NULL;
        size_t nop = 0, cop = 0;
        for (int l = 0; l <= lines; l++) {
            /* runs of this scan line */
            int p = 0;
            while (l < lines && p < len) {
                while (p < len && !ink[dir ? (size_t)p * (size_t)W + (size_t)l : (size_t)l * (size_t)W + (size_t)p]) p++;
                int q = p;
                while (q < len && ink[dir ? (size_t)q * (size_t)W + (size_t)l : (size_t)l * (size_t)W + (size_t)q]) q++;
                if (q - p >= minlen) {
                    size_t k = 0;
                    for (; k < nop; k++)
                        if (op[k].last >= l - 1 && op[k].b0 < q && op[k].b1 > p) break;
                    if (k < nop) {
                        op[k].last = l;
                        if (p < op[k].b0) op[k].b0 = p;
                        if (q > op[k].b1) op[k].b1 = q;
                    } else {
                        NB_GROW(op, nop, cop);
                        op[nop++] = (open){l, l, p, q};
                    }
                }
                p = q;
            }
            /* close the rules this line did not extend */
            for (size_t k = 0; k < nop;) {
                if (op[k].last < l) {
                    if (op[k].last - op[k].first + 1 <= maxthick) {
                        NB_GROW(*out, n, cap);
                        (*out)[n++] = (rule){(op[k].first + op[k].last + 1) / 2.0 / s, op[k].b0 / s, op[k].b1 / s,
                                             dir == 1};
                    }
                    op[k] = op[--nop];
                } else {
                    k++;
                }
            }
            if (n > 100000) break; /* a hatched page: not a table */
        }
        free(op);
    }
    free(ink);
    return n;
}

static size_t uf_find(size_t *p, size_t i)
{
    while (p[i] != i) i = p[i] = p[p[i]];
    return i;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Distinct positions of the rules of a table (closer than SNAP: one). */
static size_t positions(const rule *r, const size_t *members, size_t nm, bool vertical, double *out)
{
    size_t n = 0;
    for (size_t i = 0; i < nm; i++)
        if (r[members[i]].vertical == vertical) out[n++] = r[members[i]].a;
    qsort(out, n, sizeof *out, cmp_double);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || out[i] - out[k - 1] > SNAP) out[k++] = out[i];
    return k;
}

/* Is there a rule of the table at position a (across) covering point b (along)? */
static bool rule_at(const rule *r, const size_t *members, size_t nm, bool vertical, double a, double b)
{
    for (size_t i = 0; i < nm; i++) {
        const rule *x = &r[members[i]];
        if (x->vertical == vertical && fabs(x->a - a) <= SNAP && x->b0 - SNAP <= b && b <= x->b1 + SNAP) return true;
    }
    return false;
}

static size_t slot_of(const double *pos, size_t n, double v)
{
    size_t k = 0;
    while (k + 2 < n && v >= pos[k + 1]) k++;
    return k;
}

/* A table of a page: its rules (members of the page's rules), its box, the
 * distinct positions of its rules. A table going on over a page break
 * takes the column positions of its other parts too, so each part has the
 * same columns (a part whose rows all span some columns has no rules there). */
typedef struct table {
    size_t *members, nm;
    double *xs, *ys;
    size_t nx, ny;
} table;

static void table_free(table *t)
{
    free(t->members);
    free(t->xs);
    free(t->ys);
}

/* Rules that touch (within SNAP) make one table, kept when it has at least
 * two rules each way. Returns the number of tables in *out. */
static size_t find_tables(const rule *r, size_t n, table **out)
{
    *out = NULL;
    if (n > 20000) return 0; /* not a page of tables */
    size_t nt = 0, ct = 0;
    size_t *parent = nb_xmalloc((n ? n : 1) * sizeof *parent);
    for (size_t i = 0; i < n; i++) parent[i] = i;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const rule *h = &r[i], *v = &r[j];
            if (h->vertical == v->vertical) continue;
            if (h->vertical) {
                const rule *t = h;
                h = v;
                v = t;
            }
            if (v->a >= h->b0 - SNAP && v->a <= h->b1 + SNAP && h->a >= v->b0 - SNAP && h->a <= v->b1 + SNAP)
                parent[uf_find(parent, i)] = uf_find(parent, j);
        }
    bool *done = nb_xcalloc(n ? n : 1, sizeof *done);
    for (size_t i = 0; i < n; i++) {
        size_t root = uf_find(parent, i);
        if (done[root]) continue;
        done[root] = true;
        table t = {0};
        t.members = nb_xmalloc(n * sizeof *t.members);
        size_t nh = 0;
        for (size_t j = 0; j < n; j++)
            if (uf_find(parent, j) == root) {
                t.members[t.nm++] = j;
                nh += !r[j].vertical;
            }
        t.xs = nb_xmalloc(t.nm * sizeof *t.xs);
        t.ys = nb_xmalloc(t.nm * sizeof *t.ys);
        t.ny = positions(r, t.members, t.nm, false, t.ys);
        t.nx = positions(r, t.members, t.nm, true, t.xs);
        if (nh >= 2 && t.nm - nh >= 2 && t.nx >= 2 && t.ny >= 2) {
            NB_GROW(*out, nt, ct);
            (*out)[nt++] = t;
        } else {
            table_free(&t);
        }
    }
    free(done);
    free(parent);
    return nt;
}

/* Adds the column positions of b to a. */
static void union_columns(table *a, const table *b)
{
    double *m = nb_xmalloc((a->nx + b->nx) * sizeof *m);
    memcpy(m, a->xs, a->nx * sizeof *m);
    memcpy(m + a->nx, b->xs, b->nx * sizeof *m);
    size_t n = a->nx + b->nx;
    qsort(m, n, sizeof *m, cmp_double);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || m[i] - m[k - 1] > SNAP) m[k++] = m[i];
    free(a->xs);
    a->xs = m;
    a->nx = k;
}

/* One table: adds its rows to it. */
static void read_table(const rule *r, const table *t, glyph *gl, size_t ng, int pageno, items *it)
{
    int tid = 1;
    for (size_t i = 0; i < it->n; i++)
        if (it->v[i].table >= tid) tid = it->v[i].table + 1;
    const size_t *members = t->members, nm = t->nm, ny = t->ny, nx = t->nx;
    const double *ys = t->ys, *xs = t->xs;
    size_t nr = ny - 1, nc = nx - 1;
    if (nc > NB_PT_MAX_COLS || nr * nc > MAX_GRID_CELLS) return;
    size_t ncell = nr * nc;
    size_t *parent = nb_xmalloc(ncell * sizeof *parent);
    for (size_t i = 0; i < ncell; i++) parent[i] = i;
    for (size_t i = 0; i < nr; i++)
        for (size_t j = 0; j < nc; j++) {
            double my = (ys[i] + ys[i + 1]) / 2, mx = (xs[j] + xs[j + 1]) / 2;
            if (j + 1 < nc && !rule_at(r, members, nm, true, xs[j + 1], my))
                parent[uf_find(parent, i * nc + j)] = uf_find(parent, i * nc + j + 1);
            if (i + 1 < nr && !rule_at(r, members, nm, false, ys[i + 1], mx))
                parent[uf_find(parent, i * nc + j)] = uf_find(parent, (i + 1) * nc + j);
        }
    /* each merged cell: its first grid cell (row-major) and its glyphs */
    size_t *first = nb_xmalloc(ncell * sizeof *first);
    for (size_t i = 0; i < ncell; i++) first[i] = (size_t)-1;
    for (size_t i = 0; i < ncell; i++) {
        size_t root = uf_find(parent, i);
        if (first[root] == (size_t)-1) first[root] = i;
    }
    size_t *count = nb_xcalloc(ncell, sizeof *count);
    size_t *home = nb_xmalloc((ng ? ng : 1) * sizeof *home);
    for (size_t g = 0; g < ng; g++) {
        home[g] = (size_t)-1;
        double cx = gcx(&gl[g]), cy = gcy(&gl[g]);
        if (gl[g].used || cx < xs[0] || cx > xs[nx - 1] || cy < ys[0] || cy > ys[ny - 1]) continue;
        size_t root = uf_find(parent, slot_of(ys, ny, cy) * nc + slot_of(xs, nx, cx));
        home[g] = root;
        count[root]++;
        gl[g].used = true;
    }
    char **text = nb_xcalloc(ncell, sizeof *text);
    glyph **buf = nb_xmalloc((ng ? ng : 1) * sizeof *buf);
    for (size_t root = 0; root < ncell; root++) {
        if (!count[root]) continue;
        size_t k = 0;
        for (size_t g = 0; g < ng; g++)
            if (home[g] == root) buf[k++] = &gl[g];
        text[root] = cell_text(buf, k);
    }
    nb_buf line;
    nb_buf_init(&line);
    for (size_t i = 0; i < nr; i++) {
        line.len = 0;
        bool any = false;
        for (size_t j = 0; j < nc; j++) {
            if (j) nb_buf_putc(&line, '\t');
            size_t root = uf_find(parent, i * nc + j);
            if (first[root] == i * nc + j && text[root]) {
                nb_buf_puts(&line, text[root]);
                any = any || text[root][0];
            }
        }
        if (any)
            push(it, (item){nb_xstrndup(line.data, line.len), pageno, xs[0], xs[nx - 1], ys[i], ys[i + 1], 0, true, false,
                            tid});
    }
    nb_buf_free(&line);
    for (size_t i = 0; i < ncell; i++) free(text[i]);
    free(text);
    free(buf);
    free(home);
    free(count);
    free(first);
    free(parent);
}

/* ---- lines outside tables ---- */

static void read_lines(glyph *gl, size_t ng, int pageno, items *it)
{
    glyph **g = nb_xmalloc((ng ? ng : 1) * sizeof *g);
    size_t n = 0;
    for (size_t i = 0; i < ng; i++)
        if (!gl[i].used) g[n++] = &gl[i];
    qsort(g, n, sizeof *g, by_cy);
    size_t *starts = nb_xmalloc((n + 1) * sizeof *starts);
    size_t nl = split_lines(g, n, starts);
    nb_buf raw, clean;
    nb_buf_init(&raw);
    nb_buf_init(&clean);
    for (size_t k = 0; k < nl; k++) {
        glyph **l = g + starts[k];
        size_t m = starts[k + 1] - starts[k];
        qsort(l, m, sizeof *l, by_x);
        raw.len = 0;
        line_text(l, m, 1.5, &raw);
        /* clean each cell */
        clean.len = 0;
        bool cells = false;
        const char *s = raw.data;
        for (;;) {
            const char *tab = strchr(s, '\t');
            size_t before = clean.len;
            nb_pt_clean(&clean, s, tab ? (size_t)(tab - s) : strlen(s));
            (void)before;
            if (!tab) break;
            nb_buf_putc(&clean, '\t');
            cells = true;
            s = tab + 1;
        }
        double top = l[0]->y0, bottom = l[0]->y1, hs = 0;
        for (size_t i = 0; i < m; i++) {
            top = fmin(top, l[i]->y0);
            bottom = fmax(bottom, l[i]->y1);
            hs += gh(l[i]);
        }
        if (clean.len)
            push(it, (item){nb_xstrndup(clean.data, clean.len), pageno, l[0]->x0, l[m - 1]->x1, top, bottom, hs / m,
                            cells, false, 0});
    }
    nb_buf_free(&raw);
    nb_buf_free(&clean);
    free(starts);
    free(g);
}

static int by_top(const void *a, const void *b)
{
    const item *x = a, *y = b;
    return x->top < y->top ? -1 : x->top > y->top;
}

/* ---- one page ---- */

static size_t page_glyphs(PopplerPage *page, double pw, double ph, glyph **out)
{
    *out = NULL;
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint nrect = 0;
    if (!text || !poppler_page_get_text_layout(page, &rects, &nrect)) {
        g_free(text);
        g_free(rects);
        return 0;
    }
    size_t n = 0, cap = 0;
    const char *p = text;
    size_t len = strlen(text);
    for (guint i = 0; i < nrect && (size_t)(p - text) < len; i++) {
        uint32_t cp;
        int k = nb_utf8_decode(p, len - (size_t)(p - text), &cp);
        if (k == 0) break;
        p += k;
        PopplerRectangle *r = &rects[i];
        if (nb_pt_is_space(cp) || cp < 0x20 || r->x2 <= r->x1 || r->y2 <= r->y1) continue;
        if (r->x1 < -1 || r->y1 < -1 || r->x2 > pw + 1 || r->y2 > ph + 1) continue; /* off the page */
        NB_GROW(*out, n, cap);
        (*out)[n++] = (glyph){r->x1, r->y1, r->x2, r->y2, cp, false};
    }
    g_free(text);
    g_free(rects);
    return n;
}

/* What a page holds: its glyphs, rules and tables. */
typedef struct page {
    glyph *gl;
    size_t ng;
    rule *r;
    size_t nr;
    table *t;
    size_t nt;
} page;

static void page_free(page *p)
{
    for (size_t i = 0; i < p->nt; i++) table_free(&p->t[i]);
    free(p->t);
    free(p->r);
    free(p->gl);
}

/* Returns the page height. */
static double read_page(PopplerPage *pp, page *out)
{
    double pw, ph;
    poppler_page_get_size(pp, &pw, &ph);
    out->ng = page_glyphs(pp, pw, ph, &out->gl);
    if (out->ng) {
        out->nr = find_rules(pp, pw, ph, out->gl, out->ng, &out->r);
        out->nt = find_tables(out->r, out->nr, &out->t);
    }
    return ph;
}

/* Is there text of the page outside its tables between y0 and y1 (other
 * than in the top and bottom bands, where page numbers and headers are)? */
static bool text_between(const page *p, double ph, double y0, double y1)
{
    for (size_t g = 0; g < p->ng; g++) {
        double cx = gcx(&p->gl[g]), cy = gcy(&p->gl[g]);
        if (cy < y0 || cy > y1 || cy < 0.1 * ph || cy > 0.88 * ph) continue;
        bool inside = false;
        for (size_t t = 0; t < p->nt && !inside; t++) {
            const table *x = &p->t[t];
            inside = cx >= x->xs[0] && cx <= x->xs[x->nx - 1] && cy >= x->ys[0] && cy <= x->ys[x->ny - 1];
        }
        if (!inside) return true;
    }
    return false;
}

/* A table that ends a page and one of the same width that begins the next
 * are one table: both parts get the columns of both (forwards, then back,
 * so a table over three pages has one set of columns). */
static void link_continued_tables(page *pg, int npages, const double *page_h)
{
    bool *linked = nb_xcalloc(npages > 0 ? (size_t)npages : 1, sizeof *linked);
    for (int p = 1; p < npages; p++) {
        if (!pg[p - 1].nt || !pg[p].nt) continue;
        table *a = &pg[p - 1].t[0], *b = &pg[p].t[0];
        for (size_t i = 1; i < pg[p - 1].nt; i++)
            if (pg[p - 1].t[i].ys[0] > a->ys[0]) a = &pg[p - 1].t[i];
        for (size_t i = 1; i < pg[p].nt; i++)
            if (pg[p].t[i].ys[0] < b->ys[0]) b = &pg[p].t[i];
        if (fabs(a->xs[0] - b->xs[0]) > SNAP || fabs(a->xs[a->nx - 1] - b->xs[b->nx - 1]) > SNAP) continue;
        if (text_between(&pg[p - 1], page_h[p - 1], a->ys[a->ny - 1], page_h[p - 1]) ||
            text_between(&pg[p], page_h[p], 0, b->ys[0]))
            continue;
        union_columns(b, a);
        linked[p] = true;
    }
    for (int p = npages - 1; p >= 1; p--) {
        if (!linked[p]) continue;
        table *a = &pg[p - 1].t[0], *b = &pg[p].t[0];
        for (size_t i = 1; i < pg[p - 1].nt; i++)
            if (pg[p - 1].t[i].ys[0] > a->ys[0]) a = &pg[p - 1].t[i];
        for (size_t i = 1; i < pg[p].nt; i++)
            if (pg[p].t[i].ys[0] < b->ys[0]) b = &pg[p].t[i];
        union_columns(a, b);
    }
    free(linked);
}

/* ---- the whole document ---- */

static bool page_number(const char *s)
{
    /* — 3 —, - 3 -, 3, 第3页, 第 3 页 共 9 页 */
    size_t i = 0, n = strlen(s);
    bool digit = false;
    while (i < n) {
        uint32_t cp;
        int k = nb_utf8_decode(s + i, n - i, &cp);
        if (!k) return false;
        i += (size_t)k;
        if (cp >= '0' && cp <= '9')
            digit = true;
        else if (!(cp == 0x2014 || cp == 0x2013 || cp == '-' || cp == ' ' || cp == 0x2015 || cp == 0x2500 ||
                   cp == 0x7B2C || cp == 0x9875 || cp == 0x5171 || cp == '/' || cp == 0xFF0D))
            return false;
    }
    return digit;
}

/* Page numbers in the top or bottom band of a page, and lines in those bands
 * that come back on at least half the pages (running headers, footers). */
static void drop_furniture(items *it, const double *page_h, int npages)
{
    for (size_t i = 0; i < it->n; i++) {
        item *x = &it->v[i];
        double ph = page_h[x->page - 1];
        bool band = x->bottom < 0.1 * ph || x->top > 0.88 * ph;
        if (!band || x->row) continue;
        if (page_number(x->text)) {
            x->dropped = true;
            continue;
        }
        if (npages < 2) continue;
        int pages = 0, last = 0;
        for (size_t j = 0; j < it->n; j++)
            if (!strcmp(it->v[j].text, x->text) && it->v[j].page != last) {
                pages++;
                last = it->v[j].page;
            }
        if (pages >= 2 && 2 * pages >= npages) x->dropped = true;
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

/* The most common value of round(v) over paragraph lines of 8 glyphs or
 * more (justified lines all start and end at the margins). */
static double margin(const items *it, bool right)
{
    int *v = nb_xmalloc((it->n ? it->n : 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < it->n; i++) {
        const item *x = &it->v[i];
        if (x->row || x->dropped || x->h <= 0 || (x->x1 - x->x0) < 8 * x->h) continue;
        v[n++] = (int)lround(right ? x->x1 : x->x0);
    }
    qsort(v, n, sizeof *v, cmp_int);
    int best = 0;
    size_t bestn = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && v[j] - v[i] <= 2) j++;
        /* the left margin: the leftmost position two lines share (in a report
         * of one-line paragraphs most lines start indented); the right: the
         * most common */
        if (!right && j - i >= 2) {
            double m = v[i];
            free(v);
            return m;
        }
        if (j - i > bestn) {
            bestn = j - i;
            best = v[i];
        }
        i = j;
    }
    free(v);
    return bestn ? best : NAN;
}

typedef struct sized {
    int size;     /* glyph height, quarter points */
    size_t chars; /* characters of that height */
} sized;

static int by_size(const void *a, const void *b)
{
    const sized *x = a, *y = b;
    return x->size < y->size ? -1 : x->size > y->size;
}

/* The glyph height most characters of paragraph lines have (the body
 * text's size): counted by characters, not lines, so a report of few
 * paragraphs and many one-line headings still finds its body size. */
static double body_size(const items *it)
{
    sized *v = nb_xmalloc((it->n ? it->n : 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < it->n; i++)
        if (!it->v[i].row && !it->v[i].dropped && it->v[i].h > 0)
            v[n++] = (sized){(int)lround(it->v[i].h * 4), nb_utf8_len(it->v[i].text)};
    qsort(v, n, sizeof *v, by_size);
    int best = 0;
    size_t bestn = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i, k = 0;
        for (; j < n && v[j].size == v[i].size; j++) k += v[j].chars;
        if (k > bestn) {
            bestn = k;
            best = v[i].size;
        }
        i = j;
    }
    free(v);
    return bestn ? best / 4.0 : NAN;
}

static uint32_t last_char(const char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    uint32_t cp = 0;
    if (i > 0) nb_utf8_decode(s + i - 1, n - i + 1, &cp);
    return cp;
}

static bool numeric(const char *s, size_t n)
{
    if (!n) return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789.,-", s[i])) return false;
    return true;
}

/* The k-th tab-separated cell of s: its start, and its length in *n. */
static const char *cell_at(const char *s, size_t k, size_t *n)
{
    for (; k > 0; k--) {
        s = strchr(s, '\t');
        if (!s) return NULL;
        s++;
    }
    const char *e = strchr(s, '\t');
    *n = e ? (size_t)(e - s) : strlen(s);
    return s;
}

static void blank_repeated_labels(items *it, size_t first, size_t last, item *row)
{
    nb_buf out;
    nb_buf_init(&out);
    bool changed = false;
    for (size_t k = 0;; k++) {
        size_t n;
        const char *c = cell_at(row->text, k, &n);
        if (!c) break;
        if (k) nb_buf_putc(&out, '\t');
        bool repeat = false;
        if (n && !numeric(c, n))
            for (size_t i = last + 1; i-- > first;) {
                size_t m;
                const char *above = it->v[i].dropped ? NULL : cell_at(it->v[i].text, k, &m);
                if (!above || !m) continue;
                repeat = m == n && !memcmp(above, c, n);
                break;
            }
        if (repeat)
            changed = true;
        else
            nb_buf_add(&out, c, n);
    }
    if (changed) {
        free(row->text);
        row->text = nb_buf_take(&out);
    }
    nb_buf_free(&out);
}

/* A table that goes on over a page break repeats its heading rows at the top
 * of the next page: the rows there that repeat the table's first rows, in
 * order, are dropped. */
static void drop_repeated_headings(items *it)
{
    size_t prev = (size_t)-1; /* the item before, not dropped */
    for (size_t i = 0; i < it->n; i++) {
        if (it->v[i].dropped) continue;
        item *x = &it->v[i];
        bool starts_page_table = x->table && prev != (size_t)-1 && it->v[prev].table &&
                                 it->v[prev].table != x->table && it->v[prev].page + 1 == x->page;
        if (starts_page_table) {
            /* the first rows of the table that prev belongs to */
            size_t first = prev;
            while (first > 0 && (it->v[first - 1].table == it->v[prev].table || it->v[first - 1].dropped)) first--;
            while (it->v[first].table != it->v[prev].table) first++;
            size_t k = first, j = i;
            while (j < it->n && it->v[j].table == x->table && k < prev && it->v[k].table == it->v[prev].table &&
                   !strcmp(it->v[j].text, it->v[k].text)) {
                it->v[j].dropped = true;
                j++;
                k++;
            }
            /* a merged cell going on over the break is drawn again: blank
             * the first row's label cells that repeat the column's label above */
            if (j < it->n && it->v[j].table == x->table) blank_repeated_labels(it, first, prev, &it->v[j]);
            /* the continuation is the same table from here on */
            int t = x->table;
            for (size_t m = i; m < it->n && it->v[m].table == t; m++) it->v[m].table = it->v[prev].table;
        }
        if (!it->v[i].dropped) prev = i;
    }
}

static double centre(const item *x)
{
    return (x->x0 + x->x1) / 2;
}

/* Whether b, the line below a, is centred on the same axis as a, right of
 * the text's centre (a sign-off's lines: the agency and the date). */
static bool signoff_line(const item *a, const item *b, double left, double right)
{
    return !a->row && !b->row && a->page == b->page && fabs(b->h - a->h) <= 0.2 * a->h &&
           b->top - a->bottom <= 1.2 * b->h && fabs(centre(a) - centre(b)) <= 0.5 * a->h &&
           centre(a) > (left + right) / 2 + 2 * a->h && a->x0 > left + 2 * a->h && b->x0 > left + 2 * b->h;
}

/* Joins the lines of a paragraph: a line that reaches the right margin goes
 * on in the next line when that one is of the same size and starts at the
 * left margin (below it, or at the top of the next page). */
static void join_paragraphs(items *it, nb_pt_builder *b)
{
    double left = margin(it, false), right = margin(it, true), body = body_size(it);
    /* a paragraph's first line is indented 2em; a line that starts with an
     * opening mark set on its inner half (“, （) starts 0.5em in */
    double indent_tolerance = isnan(body) ? 0 : 1.0 * body;
    item *prev = NULL;
    nb_buf para, clean;
    nb_buf_init(&para);
    nb_buf_init(&clean);
    int origin = 0;
    for (size_t i = 0; i <= it->n; i++) {
        item *x = i < it->n ? &it->v[i] : NULL;
        if (x && x->dropped) continue;
        bool joins = x && prev && !prev->row && !x->row && !isnan(left) && prev->x1 >= right - 1.2 * prev->h &&
                     fabs(x->h - prev->h) <= 0.2 * prev->h && x->x0 <= left + indent_tolerance &&
                     ((x->page == prev->page && x->top - prev->bottom <= 1.2 * x->h) || x->page == prev->page + 1);
        /* a title set in larger type over several centred lines (on the
         * page grid: the gap between them is what the grid leaves) */
        if (x && prev && !joins && !prev->row && !x->row && !isnan(left) && !isnan(body) && x->page == prev->page &&
            x->h >= 1.2 * body && fabs(x->h - prev->h) <= 0.1 * prev->h && x->top - prev->bottom <= 1.6 * x->h &&
            fabs(centre(x) - (left + right) / 2) <= x->h && fabs(centre(prev) - (left + right) / 2) <= prev->h)
            joins = true;
        /* a sign-off's agency broken into lines centred over its date: the
         * lines of a run centred on one axis right of the text's centre are
         * one, all but the run's last (the date) */
        if (x && prev && !joins && !isnan(left) && signoff_line(prev, x, left, right)) {
            const item *next = NULL;
            for (size_t j = i + 1; j < it->n && !next; j++)
                if (!it->v[j].dropped) next = &it->v[j];
            joins = next && signoff_line(x, next, left, right);
        }
        if (joins) {
            uint32_t a = last_char(para.data, para.len), c = 0;
            nb_utf8_decode(x->text, strlen(x->text), &c);
            /* a Latin word gap at a line end; none next to CJK or inside a URL */
            if (!nb_is_cjk(a) && !nb_is_cjk(c) && !strchr("./-_:?=&#%~@", (int)a) && !strchr("./-_:?=&#%~@", (int)c))
                nb_buf_putc(&para, ' ');
            nb_buf_puts(&para, x->text);
        } else {
            if (para.len) {
                clean.len = 0;
                if (prev && prev->row)
                    nb_buf_add(&clean, para.data, para.len);
                else
                    nb_pt_clean(&clean, para.data, para.len);
                nb_pt_add_line(b, clean.data, clean.len, origin);
            }
            para.len = 0;
            if (x) {
                nb_buf_puts(&para, x->text);
                origin = x->page;
            }
        }
        prev = x;
    }
    nb_buf_free(&para);
    nb_buf_free(&clean);
}

static bool is_pdf(const char *data, size_t len)
{
    size_t n = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= n; i++)
        if (memcmp(data + i, "%PDF-", 5) == 0) return true;
    return false;
}

int nb_pdf_mem_to_page_text(const char *data, size_t len, nb_page_text *out, nb_diag *d)
{
    memset(out, 0, sizeof *out);
    out->origin_kind = NB_ORIGIN_PAGE;
    if (len > NB_PT_MAX_PDF_BYTES) {
        nb_diag_error(d, (nb_mark){0, 0}, "file is larger than the %u MiB limit", NB_PT_MAX_PDF_BYTES / (1024u * 1024u));
        return 1;
    }
    if (!is_pdf(data, len)) {
        nb_diag_error(d, (nb_mark){0, 0}, "not a PDF file (no %%PDF- header)");
        return 1;
    }
    GBytes *bytes = g_bytes_new_static(data, len);
    GError *err = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
    if (!doc) {
        if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
            nb_diag_error(d, (nb_mark){0, 0}, "the PDF is encrypted (password protected): its text cannot be read");
        else
            nb_diag_error(d, (nb_mark){0, 0}, "cannot read the PDF (damaged or truncated): %s",
                          err ? err->message : "unknown error");
        if (err) g_error_free(err);
        g_bytes_unref(bytes);
        return 1;
    }
    int npages = poppler_document_get_n_pages(doc);
    if (npages > NB_PT_MAX_PAGES) {
        nb_diag_error(d, (nb_mark){0, 0}, "the PDF has %d pages, more than the %d a report may have", npages,
                      NB_PT_MAX_PAGES);
        g_object_unref(doc);
        g_bytes_unref(bytes);
        return 1;
    }
    items it = {0};
    double *page_h = nb_xcalloc(npages > 0 ? (size_t)npages : 1, sizeof *page_h);
    page *pg = nb_xcalloc(npages > 0 ? (size_t)npages : 1, sizeof *pg);
    size_t total = 0;
    for (int p = 0; p < npages; p++) {
        PopplerPage *page = poppler_document_get_page(doc, p);
        if (!page) continue;
        page_h[p] = read_page(page, &pg[p]);
        total += pg[p].ng;
        g_object_unref(page);
    }
    link_continued_tables(pg, npages, page_h);
    for (int p = 0; p < npages; p++) {
        size_t first = it.n;
        for (size_t t = 0; t < pg[p].nt; t++) read_table(pg[p].r, &pg[p].t[t], pg[p].gl, pg[p].ng, p + 1, &it);
        read_lines(pg[p].gl, pg[p].ng, p + 1, &it);
        if (it.n > first) qsort(it.v + first, it.n - first, sizeof *it.v, by_top);
        page_free(&pg[p]);
    }
    free(pg);
    g_object_unref(doc);
    g_bytes_unref(bytes);
    int r = 0;
    if (total == 0) {
        nb_diag_error(d, (nb_mark){0, 0}, "the PDF has no text layer (a scanned document?): nothing to read");
        r = 1;
    } else {
        drop_furniture(&it, page_h, npages);
        drop_repeated_headings(&it);
        nb_pt_builder b;
        nb_pt_builder_init(&b);
        join_paragraphs(&it, &b);
        nb_pt_builder_finish(&b, out);
    }
    for (size_t i = 0; i < it.n; i++) free(it.v[i].text);
    free(it.v);
    free(page_h);
    return r;
}

int nb_pdf_to_page_text(const char *path, nb_page_text *out, nb_diag *d)
{
    return nb_pt_read_file(path, NB_PT_MAX_PDF_BYTES, nb_pdf_mem_to_page_text, out, d);
}
