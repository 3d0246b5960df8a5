/* typeset: see typeset.h. */
#include "typeset.h"
#include <stdlib.h>
#include <string.h>
#include "util.h"

/* The ideographic em box sits centred in the line; its baseline is 0.88 em
 * below its top (the usual CJK ascent), so Han and Latin share one baseline. */
nb_mpt nb_baseline_in_line(nb_mpt size, nb_mpt leading)
{
    return (leading - size) / 2 + (nb_mpt)((int64_t)size * 880 / 1000);
}

void nb_tpara_free(nb_tpara *t)
{
    free(t->g);
    free(t->pc);
    free(t->x);
    free(t->lines);
    memset(t, 0, sizeof *t);
}

static bool not_drawn(uint32_t cp) { return cp == 0x200B; }

static bool is_quote(uint32_t cp) { return cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019; }

static bool is_cjk_at(const nb_tpara *t, size_t k)
{
    return k < t->n && !is_quote(t->g[k].cp) && nb_lb_classify(t->g[k].cp) == NB_LB_CJK;
}

/* clreq: a quote next to CJK text takes a full-width cell, the mark on its
 * inner side (“ at the right, ” at the left), as the other full-width marks
 * do; the font's narrow (Latin) quote is only its glyph. */
static void widen_quotes(nb_tpara *t, nb_mpt grid_pitch, const bool *grid)
{
    for (size_t k = 0; k < t->n; k++) {
        nb_tglyph *g = &t->g[k];
        if (!is_quote(g->cp) || g->face < 0 || g->adv_em >= 900) continue;
        if (!(k > 0 && is_cjk_at(t, k - 1)) && !is_cjk_at(t, k + 1)) continue;
        nb_mpt glyph = t->pc[k].adv, cell = g->size + (grid[k] && grid_pitch > 0 ? grid_pitch - g->size : 0);
        if (glyph >= cell) continue;
        t->pc[k].adv = cell;
        if (g->cp == 0x201C || g->cp == 0x2018) g->dx = cell - glyph;
    }
}

/* The layout's title words ("政府 信息 …") as the two-character units para
 * never splits: each word's neighbouring characters, UTF-8 pairs back to back. */
static char *word_pairs(const char *words)
{
    if (!words) return NULL;
    nb_buf b;
    nb_buf_init(&b);
    size_t n = strlen(words), prev = 0;
    int prev_len = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int len = nb_utf8_decode(words + i, n - i, &cp);
        if (len <= 0) len = 1, cp = ' ';
        if (cp != ' ' && prev_len > 0) {
            nb_buf_add(&b, words + prev, (size_t)prev_len);
            nb_buf_add(&b, words + i, (size_t)len);
        }
        prev = i;
        prev_len = cp == ' ' ? 0 : len;
        i += (size_t)len;
    }
    if (!b.data) nb_buf_puts(&b, "");
    return nb_buf_take(&b);
}

int nb_typeset(const nb_layout *l, nb_fontset *fs, const nb_run *runs, size_t nruns, nb_mpt width,
               nb_mpt indent, nb_align align, bool balance, nb_diag *d, nb_tpara *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0, errors = 0;
    for (size_t i = 0; i < nruns; i++) cap += strlen(runs[i].text);
    out->g = nb_xmalloc(cap * sizeof *out->g);
    out->pc = nb_xmalloc(cap * sizeof *out->pc);
    bool *grid = nb_xcalloc(cap ? cap : 1, sizeof *grid);
    out->width = width;
    nb_mpt grid_pitch = l->page.chars_per_line > 0 ? l->page.text_width / l->page.chars_per_line : 0;
    for (size_t i = 0; i < nruns; i++) {
        const nb_run *r = &runs[i];
        const nb_style *st = r->style;
        if (!st) st = l->body_style;
        int role = nb_fontset_role(fs, st->font->name);
        bool bold = r->bold || st->bold;
        const char *s = r->text;
        size_t len = strlen(s);
        for (size_t k = 0; k < len;) {
            uint32_t cp;
            int step = nb_utf8_decode(s + k, len - k, &cp);
            if (step <= 0) { step = 1; cp = 0xFFFD; }
            k += (size_t)step;
            nb_tglyph *g = &out->g[out->n];
            nb_pchar *pc = &out->pc[out->n];
            *g = (nb_tglyph){cp, -1, 0, 0, st->size, bold, 0};
            grid[out->n] = st->grid;
            *pc = (nb_pchar){cp, 0, st->size};
            if (!not_drawn(cp)) {
                nb_glyph gl;
                if (nb_fontset_glyph(fs, role, cp, &gl) != 0) {
                    char ch[8] = {0};
                    nb_utf8_encode(cp, ch);
                    if (cp < 0x20 || cp == 0x7F) ch[0] = '?';
                    nb_diag_error(d, r->mark, "no font has the character '%s' (U+%04X)", ch, (unsigned)cp);
                    errors++;
                    continue;
                }
                g->face = cp == ' ' ? -1 : gl.face;
                g->gid = gl.gid;
                g->adv_em = gl.adv;
                pc->adv = (nb_mpt)((int64_t)gl.adv * st->size / 1000);
                /* GB/T 9704's grid: full-width characters advance by the grid pitch */
                if (st->grid && grid_pitch > 0 && gl.adv >= 900) pc->adv += grid_pitch - st->size;
            }
            out->n++;
        }
    }
    const nb_lb_policy *po = &l->lb_policy;
    if (!errors && po->quotes_full_width) widen_quotes(out, grid_pitch, grid);
    free(grid);
    if (errors) return -1;
    out->x = nb_xcalloc(out->n ? out->n : 1, sizeof *out->x);
    nb_kinsoku k = {l->kinsoku_no_start, l->kinsoku_no_end, NULL};
    char *title_pairs = balance && nruns > 0 && runs[0].style == l->title_style ? word_pairs(l->title_words) : NULL;
    k.no_split = title_pairs;
    nb_para_opts o = {width, indent, align == NB_ALIGN_JUSTIFY, balance, &k, po->compress_pairs, po->end_compress,
                      po->total_fit, po->max_stretch, po->max_stretch_latin};
    out->nlines = nb_para_layout(out->pc, out->n, &o, out->x, &out->lines);
    free(title_pairs);
    return 0;
}

nb_mpt nb_tpara_line_offset(const nb_tpara *t, size_t i, nb_align align)
{
    const nb_pline *ln = &t->lines[i];
    nb_mpt start = ln->start < t->n ? t->x[ln->start] : 0;
    nb_mpt right = t->width - ln->end_x; /* room after the line */
    if (align == NB_ALIGN_CENTER) return (right - start) / 2 > -start ? (right - start) / 2 : -start;
    if (align == NB_ALIGN_RIGHT) return right > 0 ? right : 0;
    return 0;
}

void nb_emit_line(nb_page *pg, const nb_tpara *tp, size_t i, nb_mpt x0, nb_mpt top, nb_mpt leading, nb_align align)
{
    const nb_pline *ln = &tp->lines[i];
    nb_mpt off = x0 + nb_tpara_line_offset(tp, i, align);
    nb_ptext *cur = NULL;
    for (size_t k = ln->start; k < ln->end; k++) {
        const nb_tglyph *g = &tp->g[k];
        if (g->face < 0) continue;
        nb_mpt base = top + nb_baseline_in_line(g->size, leading);
        if (!cur || cur->face != g->face || cur->size != g->size || cur->bold != g->bold || cur->y != base)
            cur = nb_page_text(pg, g->face, g->size, base, g->bold);
        nb_ptext_add(cur, g->gid, g->cp, off + tp->x[k] + g->dx, g->adv_em);
    }
}
