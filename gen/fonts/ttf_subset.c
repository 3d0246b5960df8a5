/* ttf_subset: see ttf_subset.h. */
#include "ttf_subset.h"
#include <stdlib.h>
#include <string.h>

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static int find_table(const nb_ttf *t, uint32_t tag, const uint8_t **p, uint32_t *plen)
{
    for (uint16_t i = 0; i < t->ntables; i++) {
        const uint8_t *rec = t->data + t->dir + 12 + 16u * i;
        if (rd32(rec) != tag) continue;
        uint32_t off = rd32(rec + 8), len = rd32(rec + 12);
        if (off > t->len || len > t->len - off) return -1;
        *p = t->data + off;
        *plen = len;
        return 0;
    }
    return -1;
}

int nb_ttf_table(const nb_ttf *t, uint32_t tag, const uint8_t **p, uint32_t *plen)
{
    return find_table(t, tag, p, plen);
}

int nb_ttf_open(nb_ttf *t, const uint8_t *data, size_t len, int index, const char **why)
{
    const char *dummy;
    if (!why) why = &dummy;
    memset(t, 0, sizeof *t);
    t->data = data;
    t->len = len;
    if (len < 12) { *why = "file too short"; return -1; }
    uint32_t dir = 0;
    if (rd32(data) == NB_TTF_TAG('t', 't', 'c', 'f')) {
        uint32_t nfonts = rd32(data + 8);
        if (index < 0 || (uint32_t)index >= nfonts || 12 + 4 * (size_t)nfonts > len) {
            *why = "face index not in the collection";
            return -1;
        }
        dir = rd32(data + 12 + 4 * (size_t)index);
    } else if (index != 0) {
        *why = "face index not in the file";
        return -1;
    }
    if (dir > len || len - dir < 12) { *why = "table directory out of bounds"; return -1; }
    uint32_t ver = rd32(data + dir);
    if (ver == NB_TTF_TAG('O', 'T', 'T', 'O')) { *why = "CFF outlines, not TrueType"; return -1; }
    if (ver != 0x00010000 && ver != NB_TTF_TAG('t', 'r', 'u', 'e')) { *why = "not an sfnt font"; return -1; }
    t->dir = dir;
    t->ntables = rd16(data + dir + 4);
    if ((size_t)t->ntables * 16 > len - dir - 12) { *why = "table directory out of bounds"; return -1; }
    if (find_table(t, NB_TTF_TAG('g', 'l', 'y', 'f'), &t->glyf, &t->glyf_len) ||
        find_table(t, NB_TTF_TAG('l', 'o', 'c', 'a'), &t->loca, &t->loca_len)) {
        *why = "no glyf/loca table (not TrueType outlines)";
        return -1;
    }
    if (find_table(t, NB_TTF_TAG('h', 'e', 'a', 'd'), &t->head, &t->head_len) || t->head_len < 54 ||
        find_table(t, NB_TTF_TAG('h', 'h', 'e', 'a'), &t->hhea, &t->hhea_len) || t->hhea_len < 36 ||
        find_table(t, NB_TTF_TAG('m', 'a', 'x', 'p'), &t->maxp, &t->maxp_len) || t->maxp_len < 6 ||
        find_table(t, NB_TTF_TAG('h', 'm', 't', 'x'), &t->hmtx, &t->hmtx_len)) {
        *why = "head, hhea, maxp or hmtx missing or damaged";
        return -1;
    }
    t->num_glyphs = rd16(t->maxp + 4);
    t->loca_long = rd16(t->head + 50) != 0;
    t->num_hmetrics = rd16(t->hhea + 34);
    if (t->num_glyphs == 0 || t->num_hmetrics == 0 || t->num_hmetrics > t->num_glyphs ||
        (size_t)t->num_hmetrics * 4 > t->hmtx_len) {
        *why = "bad glyph or metrics count";
        return -1;
    }
    if (((size_t)t->num_glyphs + 1) * (t->loca_long ? 4 : 2) > t->loca_len) {
        *why = "loca table too short";
        return -1;
    }
    return 0;
}

/* Byte range of a glyph in glyf; -1 when damaged. */
static int glyph_range(const nb_ttf *t, uint16_t gid, uint32_t *a, uint32_t *b)
{
    if (gid >= t->num_glyphs) return -1;
    if (t->loca_long) {
        *a = rd32(t->loca + 4u * gid);
        *b = rd32(t->loca + 4u * gid + 4);
    } else {
        *a = 2u * rd16(t->loca + 2u * gid);
        *b = 2u * rd16(t->loca + 2u * gid + 2);
    }
    if (*b < *a || *b > t->glyf_len) return -1;
    return 0;
}

int nb_ttf_glyph_kind(const nb_ttf *t, uint16_t gid)
{
    uint32_t a, b;
    if (glyph_range(t, gid, &a, &b)) return -1;
    if (a == b) return 0;
    if (b - a < 10) return -1;
    int16_t nc = (int16_t)rd16(t->glyf + a);
    return nc > 0 ? 1 : nc < 0 ? 2 : 0;
}

uint16_t nb_ttf_advance(const nb_ttf *t, uint16_t gid)
{
    uint16_t i = gid < t->num_hmetrics ? gid : (uint16_t)(t->num_hmetrics - 1);
    return rd16(t->hmtx + 4u * i);
}

static int16_t lsb_of(const nb_ttf *t, uint16_t gid)
{
    size_t off = gid < t->num_hmetrics ? 4u * gid + 2
                                       : 4u * t->num_hmetrics + 2u * (gid - t->num_hmetrics);
    return off + 2 <= t->hmtx_len ? (int16_t)rd16(t->hmtx + off) : 0;
}

/* Composite glyph flags (OpenType glyf). */
enum {
    ARG_WORDS = 0x0001, HAVE_SCALE = 0x0008, MORE_COMPONENTS = 0x0020,
    HAVE_XY_SCALE = 0x0040, HAVE_2X2 = 0x0080
};

/* Calls fn on the offset (within g, length n) of every component glyph
 * index of a composite glyph. Returns -1 when the glyph is damaged. */
static int each_component(const uint8_t *g, uint32_t n, int (*fn)(void *, uint32_t), void *ctx)
{
    uint32_t p = 10;
    for (;;) {
        if (n < 4 || p > n - 4) return -1;
        uint16_t flags = rd16(g + p);
        if (fn(ctx, p + 2)) return -1;
        p += 4;
        p += (flags & ARG_WORDS) ? 4 : 2;
        if (flags & HAVE_SCALE) p += 2;
        else if (flags & HAVE_XY_SCALE) p += 4;
        else if (flags & HAVE_2X2) p += 8;
        if (p > n) return -1;
        if (!(flags & MORE_COMPONENTS)) return 0;
    }
}

typedef struct collect {
    const nb_ttf *t;
    const uint8_t *g;
    uint8_t *seen;     /* bitmap over old gids */
    uint16_t *stack;
    size_t nstack, capstack;
} collect;

static int mark(collect *c, uint16_t gid)
{
    if (gid >= c->t->num_glyphs) return -1;
    if (c->seen[gid >> 3] & (1u << (gid & 7))) return 0;
    c->seen[gid >> 3] |= (uint8_t)(1u << (gid & 7));
    NB_GROW(c->stack, c->nstack, c->capstack);
    c->stack[c->nstack++] = gid;
    return 0;
}

static int mark_component(void *ctx, uint32_t off)
{
    collect *c = ctx;
    return mark(c, rd16(c->g + off)); /* unsigned: gids above 32767 are fine */
}

typedef struct rewrite {
    const nb_ttf_subset_out *s;
    uint8_t *g;
} rewrite;

static int rewrite_component(void *ctx, uint32_t off)
{
    rewrite *r = ctx;
    int ng = nb_ttf_subset_gid(r->s, rd16(r->g + off));
    if (ng < 0) return -1;
    wr16(r->g + off, (uint16_t)ng);
    return 0;
}

int nb_ttf_subset_gid(const nb_ttf_subset_out *s, uint16_t g)
{
    size_t lo = 0, hi = s->nglyphs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->old_gids[mid] < g) lo = mid + 1;
        else hi = mid;
    }
    return lo < s->nglyphs && s->old_gids[lo] == g ? (int)lo : -1;
}

void nb_ttf_subset_free(nb_ttf_subset_out *s)
{
    nb_buf_free(&s->font);
    free(s->old_gids);
    s->old_gids = NULL;
    s->nglyphs = 0;
}

/* One table of the subset: its tag, length, and where its bytes come
 * from (src, copied) or NULL when written in place (glyf, loca, hmtx). */
typedef struct table {
    uint32_t tag;
    const uint8_t *src;
    uint32_t len;
    uint32_t off; /* in the output */
} table;

static uint32_t checksum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) sum += rd32(p + i);
    if (i < n) {
        uint8_t last[4] = {0, 0, 0, 0};
        memcpy(last, p + i, n - i);
        sum += rd32(last);
    }
    return sum;
}

static int cmp_table(const void *a, const void *b)
{
    uint32_t x = ((const table *)a)->tag, y = ((const table *)b)->tag;
    return x < y ? -1 : x > y;
}

static uint32_t pad4(uint32_t n) { return (n + 3) & ~(uint32_t)3; }

static table *find(table *tabs, size_t n, uint32_t tag)
{
    for (size_t i = 0; i < n; i++)
        if (tabs[i].tag == tag) return &tabs[i];
    return NULL;
}

/* cmap: one (3,1) format 4 subtable with only the closing 0xFFFF segment:
 * the PDF maps codes to glyphs itself (CIDToGIDMap). */
static const uint8_t CMAP[36] = {
    0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12,         /* header, one encoding record */
    0, 4, 0, 24, 0, 0, 0, 2, 0, 2, 0, 0, 0, 0, /* format, length, lang, segX2, search */
    0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0, 1, 0, 0}; /* end, pad, start, delta, rangeOffset */

int nb_ttf_subset(const nb_ttf *t, const uint16_t *gids, size_t n, nb_ttf_subset_out *out,
                  const char **why)
{
    const char *dummy;
    if (!why) why = &dummy;
    memset(out, 0, sizeof *out);
    nb_buf_init(&out->font);

    /* 1. The closure of the used glyphs under "is a component of". */
    collect c = {t, t->glyf, nb_xcalloc((size_t)t->num_glyphs / 8 + 1, 1), NULL, 0, 0};
    int rc = -1;
    if (mark(&c, 0)) goto bad_gid;
    for (size_t i = 0; i < n; i++)
        if (mark(&c, gids[i])) goto bad_gid;
    while (c.nstack) {
        uint16_t g = c.stack[--c.nstack];
        int kind = nb_ttf_glyph_kind(t, g);
        if (kind < 0) { *why = "damaged glyph"; goto done; }
        if (kind != 2) continue;
        uint32_t a, b;
        glyph_range(t, g, &a, &b);
        c.g = t->glyf + a;
        if (each_component(c.g, b - a, mark_component, &c)) { *why = "damaged composite glyph"; goto done; }
    }
    /* Ascending old gids: the set bits of the bitmap, skipping empty bytes. */
    uint32_t nbytes = ((uint32_t)t->num_glyphs + 7) >> 3, count = 0;
    for (uint32_t byte = 0; byte < nbytes; byte++) count += (uint32_t)__builtin_popcount(c.seen[byte]);
    out->old_gids = nb_xmalloc(count * sizeof *out->old_gids);
    for (uint32_t byte = 0; byte < nbytes; byte++) {
        if (!c.seen[byte]) continue;
        for (uint32_t bit = 0; bit < 8; bit++)
            if (c.seen[byte] & (1u << bit)) out->old_gids[out->nglyphs++] = (uint16_t)(byte << 3 | bit);
    }

    /* 2. The tables and their sizes, then one buffer for the whole font. */
    uint32_t glyf_len = 0;
    for (size_t ng = 0; ng < out->nglyphs; ng++) {
        uint32_t a, b;
        glyph_range(t, out->old_gids[ng], &a, &b); /* checked in step 1 */
        glyf_len += pad4(b - a);
    }
    uint8_t post[32] = {0, 3, 0, 0};
    {
        const uint8_t *p;
        uint32_t len;
        if (find_table(t, NB_TTF_TAG('p', 'o', 's', 't'), &p, &len) == 0 && len >= 16)
            memcpy(post + 4, p + 4, 12); /* italicAngle, underline, isFixedPitch */
    }
    table tabs[16];
    size_t ntabs = 0;
    tabs[ntabs++] = (table){NB_TTF_TAG('g', 'l', 'y', 'f'), NULL, glyf_len, 0};
    tabs[ntabs++] = (table){NB_TTF_TAG('l', 'o', 'c', 'a'), NULL, 4 * ((uint32_t)out->nglyphs + 1), 0};
    tabs[ntabs++] = (table){NB_TTF_TAG('h', 'm', 't', 'x'), NULL, 4 * (uint32_t)out->nglyphs, 0};
    tabs[ntabs++] = (table){NB_TTF_TAG('h', 'e', 'a', 'd'), t->head, 54, 0};
    tabs[ntabs++] = (table){NB_TTF_TAG('h', 'h', 'e', 'a'), t->hhea, 36, 0};
    tabs[ntabs++] = (table){NB_TTF_TAG('m', 'a', 'x', 'p'), t->maxp, t->maxp_len >= 32 ? 32 : 6, 0};
    static const uint32_t copied[] = {NB_TTF_TAG('c', 'v', 't', ' '), NB_TTF_TAG('f', 'p', 'g', 'm'),
                                      NB_TTF_TAG('p', 'r', 'e', 'p'), NB_TTF_TAG('O', 'S', '/', '2')};
    for (size_t i = 0; i < sizeof copied / sizeof *copied; i++) {
        const uint8_t *p;
        uint32_t len;
        if (find_table(t, copied[i], &p, &len) == 0 && len > 0) tabs[ntabs++] = (table){copied[i], p, len, 0};
    }
    tabs[ntabs++] = (table){NB_TTF_TAG('c', 'm', 'a', 'p'), CMAP, sizeof CMAP, 0};
    tabs[ntabs++] = (table){NB_TTF_TAG('p', 'o', 's', 't'), post, sizeof post, 0};
    qsort(tabs, ntabs, sizeof *tabs, cmp_table);
    size_t hdr = 12 + 16 * ntabs, total = hdr;
    for (size_t i = 0; i < ntabs; i++) {
        tabs[i].off = (uint32_t)total;
        total += pad4(tabs[i].len);
    }
    uint8_t *f = nb_xcalloc(total + 1, 1); /* zeros: the padding; +1: nb_buf's NUL */
    out->font.data = (char *)f;
    out->font.len = total;
    out->font.cap = total + 1;

    /* 3. glyf + loca (long offsets), hmtx with one long metric per glyph. */
    uint8_t *glyf = f + find(tabs, ntabs, NB_TTF_TAG('g', 'l', 'y', 'f'))->off;
    uint8_t *loca = f + find(tabs, ntabs, NB_TTF_TAG('l', 'o', 'c', 'a'))->off;
    uint8_t *hmtx = f + find(tabs, ntabs, NB_TTF_TAG('h', 'm', 't', 'x'))->off;
    uint32_t at = 0;
    for (size_t ng = 0; ng < out->nglyphs; ng++) {
        uint16_t g = out->old_gids[ng];
        wr32(loca + 4 * ng, at);
        uint32_t a, b;
        glyph_range(t, g, &a, &b);
        memcpy(glyf + at, t->glyf + a, b - a);
        if (nb_ttf_glyph_kind(t, g) == 2) {
            rewrite r = {out, glyf + at};
            if (each_component(r.g, b - a, rewrite_component, &r)) { *why = "damaged composite glyph"; goto done; }
        }
        at += pad4(b - a);
        wr16(hmtx + 4 * ng, nb_ttf_advance(t, g));
        wr16(hmtx + 4 * ng + 2, (uint16_t)lsb_of(t, g));
    }
    wr32(loca + 4 * out->nglyphs, at);

    /* 4. The small tables, copied and patched; the directory; checksums. */
    for (size_t i = 0; i < ntabs; i++)
        if (tabs[i].src) memcpy(f + tabs[i].off, tabs[i].src, tabs[i].len);
    uint8_t *head = f + find(tabs, ntabs, NB_TTF_TAG('h', 'e', 'a', 'd'))->off;
    wr32(head + 8, 0);  /* checkSumAdjustment, set last */
    wr16(head + 50, 1); /* indexToLocFormat: long */
    wr16(f + find(tabs, ntabs, NB_TTF_TAG('h', 'h', 'e', 'a'))->off + 34, (uint16_t)out->nglyphs);
    wr16(f + find(tabs, ntabs, NB_TTF_TAG('m', 'a', 'x', 'p'))->off + 4, (uint16_t)out->nglyphs);
    uint16_t sel = 0;
    while ((2u << sel) <= ntabs) sel++;
    uint16_t range = (uint16_t)(16u << sel);
    wr32(f, 0x00010000);
    wr16(f + 4, (uint16_t)ntabs);
    wr16(f + 6, range);
    wr16(f + 8, sel);
    wr16(f + 10, (uint16_t)(16 * ntabs - range));
    for (size_t i = 0; i < ntabs; i++) {
        uint8_t *rec = f + 12 + 16 * i;
        wr32(rec, tabs[i].tag);
        wr32(rec + 4, checksum(f + tabs[i].off, tabs[i].len));
        wr32(rec + 8, tabs[i].off);
        wr32(rec + 12, tabs[i].len);
    }
    wr32(head + 8, 0xB1B0AFBAu - checksum(f, total));
    rc = 0;
    goto done;
bad_gid:
    *why = "glyph id out of range";
done:
    free(c.seen);
    free(c.stack);
    if (rc) nb_ttf_subset_free(out);
    return rc;
}
