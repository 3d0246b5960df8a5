/* pdf_fonts: see pdf_fonts.h. */
#include "pdf_fonts.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include "pdf_deflate.h"
#include "util.h"

/* (cp, gid) → code hash entry; key 0 = free slot. */
typedef struct code_ent {
    uint64_t key;
    uint16_t code;
} code_ent;

typedef struct pface {
    HPDF_Dict type0;   /* created at first use, so pages can refer to it */
    uint16_t *gid;     /* per code: glyph id in the original font */
    uint32_t *cp;      /* per code: code point (0 for .notdef) */
    int32_t *adv;      /* per code: width in 1/1000 em */
    uint32_t ncodes, capcodes; /* capcodes: allocated length of all three */
    code_ent *hash;
    uint32_t hcap, hn;
} pface;

struct nb_pdf_fonts {
    nb_fontset *fs;
    HPDF_Doc pdf;
    pface *faces;
    int nfaces;
    char err[200];
};

nb_pdf_fonts *nb_pdf_fonts_new(nb_fontset *fs, HPDF_Doc pdf)
{
    nb_pdf_fonts *pf = nb_xcalloc(1, sizeof *pf);
    pf->fs = fs;
    pf->pdf = pdf;
    pf->nfaces = nb_fontset_face_count(fs);
    pf->faces = nb_xcalloc((size_t)(pf->nfaces ? pf->nfaces : 1), sizeof *pf->faces);
    return pf;
}

void nb_pdf_fonts_free(nb_pdf_fonts *pf)
{
    if (!pf) return;
    for (int i = 0; i < pf->nfaces; i++) {
        free(pf->faces[i].gid);
        free(pf->faces[i].cp);
        free(pf->faces[i].adv);
        free(pf->faces[i].hash);
    }
    free(pf->faces);
    free(pf);
}

const char *nb_pdf_fonts_error(const nb_pdf_fonts *pf) { return pf->err; }

static int fail(nb_pdf_fonts *pf, const char *what)
{
    snprintf(pf->err, sizeof pf->err, "%s (libharu error 0x%04lX)", what,
             (unsigned long)HPDF_GetError(pf->pdf));
    return -1;
}

static void add_code(pface *p, uint16_t gid, uint32_t cp, int32_t adv)
{
    if (p->ncodes >= p->capcodes) {
        p->capcodes = p->capcodes ? 2 * p->capcodes : 64;
        p->gid = nb_xrealloc(p->gid, p->capcodes * sizeof *p->gid);
        p->cp = nb_xrealloc(p->cp, p->capcodes * sizeof *p->cp);
        p->adv = nb_xrealloc(p->adv, p->capcodes * sizeof *p->adv);
    }
    p->gid[p->ncodes] = gid;
    p->cp[p->ncodes] = cp;
    p->adv[p->ncodes] = adv;
    p->ncodes++;
}

/* The Type0 font dict of a face, created on first use (filled at finish). */
static HPDF_Dict face_font(nb_pdf_fonts *pf, int face)
{
    if (face < 0 || face >= pf->nfaces) return NULL;
    pface *p = &pf->faces[face];
    if (p->type0) return p->type0;
    HPDF_Dict d = HPDF_Dict_New(pf->pdf->mmgr);
    if (!d) return NULL;
    if (HPDF_Xref_Add(pf->pdf->xref, d) != HPDF_OK) return NULL;
    p->type0 = d;
    if (p->ncodes == 0) { /* code 0 = .notdef */
        const nb_face *f = nb_fontset_face(pf->fs, face);
        add_code(p, 0, 0, (int32_t)((int64_t)nb_ttf_advance(&f->ttf, 0) * 1000 / f->upem));
    }
    return d;
}

static uint32_t hslot(uint64_t key, uint32_t cap)
{
    return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

static code_ent *hfind(pface *p, uint64_t key)
{
    uint32_t i = hslot(key, p->hcap);
    while (p->hash[i].key && p->hash[i].key != key) i = (i + 1) & (p->hcap - 1);
    return &p->hash[i];
}

uint16_t nb_pdf_fonts_code(nb_pdf_fonts *pf, const nb_glyph *g, uint32_t cp)
{
    if (!face_font(pf, g->face)) return 0;
    pface *p = &pf->faces[g->face];
    if (!p->hash) {
        p->hcap = 256;
        p->hash = nb_xcalloc(p->hcap, sizeof *p->hash);
    }
    uint64_t key = (uint64_t)1 << 63 | (uint64_t)cp << 16 | g->gid;
    code_ent *e = hfind(p, key);
    if (e->key) return e->code;
    if (p->ncodes > 0xFFFF) return 0;
    if (2 * (p->hn + 1) > p->hcap) {
        code_ent *old = p->hash;
        uint32_t oldcap = p->hcap;
        p->hcap *= 2;
        p->hash = nb_xcalloc(p->hcap, sizeof *p->hash);
        for (uint32_t i = 0; i < oldcap; i++)
            if (old[i].key) *hfind(p, old[i].key) = old[i];
        free(old);
        e = hfind(p, key);
    }
    uint16_t code = (uint16_t)p->ncodes;
    add_code(p, g->gid, cp, g->adv);
    *e = (code_ent){key, code};
    p->hn++;
    return code;
}

const char *nb_pdf_fonts_use_on_page(nb_pdf_fonts *pf, HPDF_Page page, int face)
{
    HPDF_Dict font = face_font(pf, face);
    if (!font) return NULL;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!attr->fonts) {
        /* As HPDF_Page_SetFontAndSize does, so libharu finds the same dict. */
        HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
        HPDF_Dict fonts = HPDF_Dict_New(page->mmgr);
        if (!res || !fonts || HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK) return NULL;
        attr->fonts = fonts;
    }
    const char *key = HPDF_Dict_GetKeyByObj(attr->fonts, font);
    if (key) return key;
    char name[32];
    unsigned n = attr->fonts->list->count + 1;
    do snprintf(name, sizeof name, "F%u", n++);
    while (HPDF_Dict_GetItem(attr->fonts, name, HPDF_OCLASS_DICT));
    HPDF_Error_Reset(pf->pdf->mmgr->error); /* GetItem may flag a type mismatch */
    if (HPDF_Dict_Add(attr->fonts, name, font) != HPDF_OK) return NULL;
    return HPDF_Dict_GetKeyByObj(attr->fonts, font);
}

/* ---- finish ------------------------------------------------------------ */

/* A stream object holding data; compressed by us (pdf_deflate) when the
 * document's compression mode includes metadata, as libharu would. */
static HPDF_Dict new_stream(nb_pdf_fonts *pf, const void *data, size_t len)
{
    HPDF_Dict s = HPDF_DictStream_New(pf->pdf->mmgr, pf->pdf->xref);
    if (!s) return NULL;
    if (pf->pdf->compression_mode & HPDF_COMP_METADATA) {
        if (nb_pdf_put_deflated(s, data, len) != 0) return NULL;
    } else if (len && HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len) != HPDF_OK) {
        return NULL;
    }
    return s;
}

static HPDF_Dict new_indirect_dict(nb_pdf_fonts *pf)
{
    HPDF_Dict d = HPDF_Dict_New(pf->pdf->mmgr);
    if (d && HPDF_Xref_Add(pf->pdf->xref, d) != HPDF_OK) return NULL;
    return d;
}

/* Six capital letters from FNV-1a over the name and the glyph set: the
 * same subset always gets the same tag, different subsets differ. */
static void subset_tag(const char *psname, const nb_ttf_subset_out *s, char tag[7])
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const char *c = psname; *c; c++) h = (h ^ (uint8_t)*c) * 0x100000001b3ull;
    for (size_t i = 0; i < s->nglyphs; i++) {
        h = (h ^ (s->old_gids[i] & 0xFF)) * 0x100000001b3ull;
        h = (h ^ (s->old_gids[i] >> 8)) * 0x100000001b3ull;
    }
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = 0;
}

/* Four upper-case hex digits (printf was a tenth of the font time). */
static void put_hex4(nb_buf *b, uint32_t v)
{
    static const char hex[] = "0123456789ABCDEF";
    char d[4] = {hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
    nb_buf_add(b, d, 4);
}

static void hex_code(nb_buf *b, uint32_t code)
{
    nb_buf_putc(b, '<');
    put_hex4(b, code);
    nb_buf_putc(b, '>');
}

static void hex_utf16(nb_buf *b, uint32_t cp)
{
    nb_buf_putc(b, '<');
    if (cp >= 0x10000) {
        cp -= 0x10000;
        put_hex4(b, 0xD800 + (cp >> 10));
        put_hex4(b, 0xDC00 + (cp & 0x3FF));
    } else {
        put_hex4(b, cp);
    }
    nb_buf_putc(b, '>');
}

static bool bmp_char(uint32_t cp) { return cp && cp < 0x10000 && (cp < 0xD800 || cp > 0xDFFF); }

/* A ToUnicode CMap: ranges where consecutive codes map to consecutive BMP
 * characters (not crossing a last-byte boundary on either side, as the
 * CMap rules require), single entries otherwise; at most 100 per block. */
static void build_tounicode(const pface *p, nb_buf *b)
{
    nb_buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* Collect ranges first: (first code, last code); singles have first == last. */
    uint32_t *lo = nb_xmalloc(p->ncodes * sizeof *lo), *hi = nb_xmalloc(p->ncodes * sizeof *hi);
    size_t nr = 0;
    for (uint32_t c = 1; c < p->ncodes; c++) {
        if (!p->cp[c]) continue;
        uint32_t e = c;
        if (bmp_char(p->cp[c]))
            while (e + 1 < p->ncodes && ((e + 1) & 0xFF) != 0 && bmp_char(p->cp[e + 1]) &&
                   p->cp[e + 1] == p->cp[e] + 1 && (p->cp[e + 1] & 0xFF) != 0)
                e++;
        lo[nr] = c;
        hi[nr++] = e;
        c = e;
    }
    for (int pass = 0; pass < 2; pass++) { /* 0: bfchar, 1: bfrange */
        size_t total = 0;
        for (size_t i = 0; i < nr; i++) total += (lo[i] != hi[i]) == pass;
        size_t done = 0;
        for (size_t i = 0; i < nr; i++) {
            if ((lo[i] != hi[i]) != pass) continue;
            if (done % 100 == 0) {
                size_t k = total - done < 100 ? total - done : 100;
                nb_buf_printf(b, "%zu %s\n", k, pass ? "beginbfrange" : "beginbfchar");
            }
            hex_code(b, lo[i]);
            nb_buf_putc(b, ' ');
            if (pass) {
                hex_code(b, hi[i]);
                nb_buf_putc(b, ' ');
            }
            hex_utf16(b, p->cp[lo[i]]);
            nb_buf_putc(b, '\n');
            done++;
            if (done % 100 == 0 || done == total) nb_buf_puts(b, pass ? "endbfrange\n" : "endbfchar\n");
        }
    }
    free(lo);
    free(hi);
    nb_buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* /DW: the commonest width (ties: the smaller), so /W lists only the rest. */
static int32_t common_width(const pface *p)
{
    int32_t *w = nb_xmalloc(p->ncodes * sizeof *w);
    memcpy(w, p->adv, p->ncodes * sizeof *w);
    qsort(w, p->ncodes, sizeof *w, cmp_i32);
    int32_t best = w[0];
    uint32_t bestn = 0;
    for (uint32_t i = 0; i < p->ncodes;) {
        uint32_t j = i;
        while (j < p->ncodes && w[j] == w[i]) j++;
        if (j - i > bestn) {
            bestn = j - i;
            best = w[i];
        }
        i = j;
    }
    free(w);
    return best;
}

/* /W [c [w …] c [w …] …] for the codes whose width is not dw. Runs closer
 * than 3 codes apart are merged; inner arrays are cut at 8000 entries, so
 * the arrays stay below libharu's limit of 32767 elements. */
static HPDF_Array build_widths(nb_pdf_fonts *pf, const pface *p, int32_t dw)
{
    HPDF_MMgr mm = pf->pdf->mmgr;
    HPDF_Array w = HPDF_Array_New(mm);
    if (!w) return NULL;
    uint32_t gap = 3, nruns = 0;
    for (uint32_t c = 0; c < p->ncodes; c++)
        if (p->adv[c] != dw && (c == 0 || p->adv[c - 1] == dw)) nruns++;
    if (nruns > 8000) gap = 0x10000; /* one long run rather than too many */
    uint32_t c = 0;
    while (c < p->ncodes) {
        if (p->adv[c] == dw) {
            c++;
            continue;
        }
        /* the run ends before the first stretch of >= gap codes at dw */
        uint32_t e = c, last = c;
        while (e < p->ncodes && e - last <= gap && e - c < 8000) {
            if (p->adv[e] != dw) last = e;
            e++;
        }
        HPDF_Array ws = HPDF_Array_New(mm);
        if (!ws || HPDF_Array_AddNumber(w, (HPDF_INT32)c) != HPDF_OK || HPDF_Array_Add(w, ws) != HPDF_OK)
            return NULL;
        for (uint32_t k = c; k <= last; k++)
            if (HPDF_Array_AddNumber(ws, p->adv[k]) != HPDF_OK) return NULL;
        c = last + 1;
    }
    return w;
}

static int finish_face(nb_pdf_fonts *pf, int face)
{
    pface *p = &pf->faces[face];
    const nb_face *f = nb_fontset_face(pf->fs, face);
    HPDF_MMgr mm = pf->pdf->mmgr;
    nb_ttf_subset_out sub;
    const char *why = NULL;
    if (nb_ttf_subset(&f->ttf, p->gid, p->ncodes, &sub, &why) != 0) {
        snprintf(pf->err, sizeof pf->err, "cannot subset font %s (face %d): %s", f->path, f->index, why);
        return -1;
    }
    int rc = -1;
    char tag[7];
    subset_tag(f->psname, &sub, tag);
    char *basefont = nb_xasprintf("%s+%s", tag, f->psname);
    uint8_t *map = nb_xmalloc(2 * (size_t)p->ncodes);
    uint8_t *set = nb_xcalloc((p->ncodes + 7) / 8, 1);
    nb_buf tu;
    nb_buf_init(&tu);

    /* CIDToGIDMap: code (= CID) → new gid, 2 bytes big-endian each. */
    for (uint32_t c = 0; c < p->ncodes; c++) {
        int ng = nb_ttf_subset_gid(&sub, p->gid[c]);
        map[2 * c] = (uint8_t)(ng >> 8);
        map[2 * c + 1] = (uint8_t)ng;
        set[c >> 3] |= (uint8_t)(0x80 >> (c & 7));
    }
    build_tounicode(p, &tu);

    HPDF_Dict fontfile = new_stream(pf, sub.font.data, sub.font.len);
    HPDF_Dict cidmap = new_stream(pf, map, 2 * (size_t)p->ncodes);
    HPDF_Dict cidset = new_stream(pf, set, (p->ncodes + 7) / 8);
    HPDF_Dict tounicode = new_stream(pf, tu.data, tu.len);
    HPDF_Dict desc = new_indirect_dict(pf);
    HPDF_Dict cidfont = new_indirect_dict(pf);
    HPDF_Dict sysinfo = HPDF_Dict_New(mm);
    HPDF_Array desc_arr = HPDF_Array_New(mm);
    HPDF_Array bbox = HPDF_Array_New(mm);
    int32_t dw = common_width(p);
    HPDF_Array widths = build_widths(pf, p, dw);
    if (!fontfile || !cidmap || !cidset || !tounicode || !desc || !cidfont || !sysinfo || !desc_arr ||
        !bbox || !widths) {
        fail(pf, "cannot create font objects");
        goto done;
    }
    HPDF_STATUS st = HPDF_OK;
    st |= HPDF_Dict_AddNumber(fontfile, "Length1", (HPDF_INT32)sub.font.len);

    for (int i = 0; i < 4; i++) st |= HPDF_Array_AddNumber(bbox, f->bbox[i]);
    /* Flags: Symbolic (glyphs outside the standard Latin set), Italic. */
    int flags = 4 | (f->italic_angle ? 64 : 0);
    /* StemV is not in TrueType fonts; estimate it from the weight class. */
    int stemv = 10 + 220 * (f->weight - 50) / 900;
    st |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    st |= HPDF_Dict_AddName(desc, "FontName", basefont);
    st |= HPDF_Dict_AddNumber(desc, "Flags", flags);
    st |= HPDF_Dict_Add(desc, "FontBBox", bbox);
    st |= HPDF_Dict_AddNumber(desc, "ItalicAngle", f->italic_angle);
    st |= HPDF_Dict_AddNumber(desc, "Ascent", f->ascender);
    st |= HPDF_Dict_AddNumber(desc, "Descent", f->descender);
    st |= HPDF_Dict_AddNumber(desc, "CapHeight", f->cap_height);
    st |= HPDF_Dict_AddNumber(desc, "StemV", stemv);
    st |= HPDF_Dict_Add(desc, "CIDSet", cidset);
    st |= HPDF_Dict_Add(desc, "FontFile2", fontfile);

    st |= HPDF_Dict_Add(sysinfo, "Registry", HPDF_String_New(mm, "Adobe", NULL));
    st |= HPDF_Dict_Add(sysinfo, "Ordering", HPDF_String_New(mm, "Identity", NULL));
    st |= HPDF_Dict_AddNumber(sysinfo, "Supplement", 0);
    st |= HPDF_Dict_AddName(cidfont, "Type", "Font");
    st |= HPDF_Dict_AddName(cidfont, "Subtype", "CIDFontType2");
    st |= HPDF_Dict_AddName(cidfont, "BaseFont", basefont);
    st |= HPDF_Dict_Add(cidfont, "CIDSystemInfo", sysinfo);
    st |= HPDF_Dict_Add(cidfont, "FontDescriptor", desc);
    st |= HPDF_Dict_AddNumber(cidfont, "DW", dw);
    if (HPDF_Array_Items(widths)) st |= HPDF_Dict_Add(cidfont, "W", widths);
    else HPDF_Array_Free(widths);
    st |= HPDF_Dict_Add(cidfont, "CIDToGIDMap", cidmap);

    st |= HPDF_Array_Add(desc_arr, cidfont);
    st |= HPDF_Dict_AddName(p->type0, "Type", "Font");
    st |= HPDF_Dict_AddName(p->type0, "Subtype", "Type0");
    st |= HPDF_Dict_AddName(p->type0, "BaseFont", basefont);
    st |= HPDF_Dict_AddName(p->type0, "Encoding", "Identity-H");
    st |= HPDF_Dict_Add(p->type0, "DescendantFonts", desc_arr);
    st |= HPDF_Dict_Add(p->type0, "ToUnicode", tounicode);
    if (st != HPDF_OK) {
        fail(pf, "cannot fill font objects");
        goto done;
    }
    rc = 0;
done:
    nb_buf_free(&tu);
    free(set);
    free(map);
    free(basefont);
    nb_ttf_subset_free(&sub);
    return rc;
}

int nb_pdf_fonts_finish(nb_pdf_fonts *pf)
{
    for (int i = 0; i < pf->nfaces; i++)
        if (pf->faces[i].type0 && finish_face(pf, i) != 0) return -1;
    return 0;
}
