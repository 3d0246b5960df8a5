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

int nb_typeset(const nb_layout *l, nb_fontset *fs, const nb_run *runs, size_t nruns, nb_mpt width,
               nb_mpt indent, nb_align align, bool balance, nb_diag *d, nb_tpara *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0, errors = 0;
    for (size_t i = 0; i < nruns; i++) cap += strlen(runs[i].text);
    out->g = nb_xmalloc(cap * sizeof *out->g);
    out->pc = nb_xmalloc(cap * sizeof *out->pc);
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
            *g = (nb_tglyph){cp, -1, 0, 0, st->size, bold};
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
    if (errors) return -1;
    out->x = nb_xcalloc(out->n ? out->n : 1, sizeof *out->x);
    nb_kinsoku k = {l->kinsoku_no_start, l->kinsoku_no_end, NULL};
    nb_para_opts o = {width, indent, align == NB_ALIGN_JUSTIFY, balance, &k};
    out->nlines = nb_para_layout(out->pc, out->n, &o, out->x, &out->lines);
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
        nb_ptext_add(cur, g->gid, g->cp, off + tp->x[k], g->adv_em);
    }
}
