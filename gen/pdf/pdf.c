/* pdf: page tree → PDF through libharu (document, pages, content streams,
 * outline, metadata, compression) and pdf_fonts (our own font objects). */
#include "pdf.h"
#include <hpdf.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "pagetree.h"
#include "pdf_deflate.h"
#include "pdf_fonts.h"
#include "util.h"

typedef struct hpdf_err {
    HPDF_STATUS code, detail;
} hpdf_err;

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
    hpdf_err *e = user;
    if (!e->code) e->code = code, e->detail = detail;
}

/* mpt → PDF number text (points, at most 3 decimals, no trailing zeros);
 * by hand: printf was a tenth of the time of a PDF. */
static void put_num(nb_buf *b, int64_t mpt)
{
    char buf[32], *p = buf + sizeof buf;
    bool neg = mpt < 0;
    uint64_t v = neg ? (uint64_t)0 - (uint64_t)mpt : (uint64_t)mpt;
    uint64_t whole = v / 1000, frac = v % 1000;
    if (frac) {
        int digits = 3;
        while (frac % 10 == 0) frac /= 10, digits--;
        for (int i = 0; i < digits; i++, frac /= 10) *--p = (char)('0' + frac % 10);
        *--p = '.';
    }
    do *--p = (char)('0' + whole % 10);
    while (whole /= 10);
    if (neg) *--p = '-';
    nb_buf_add(b, p, (size_t)(buf + sizeof buf - p));
}

static void put_hex4(nb_buf *b, unsigned v)
{
    static const char hex[] = "0123456789ABCDEF";
    char d[4] = {hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
    nb_buf_add(b, d, 4);
}

static void put_text(nb_buf *b, nb_pdf_fonts *pf, const nb_ptext *t, HPDF_Page page, nb_mpt height)
{
    if (!t->n) return;
    const char *res = nb_pdf_fonts_use_on_page(pf, page, t->face);
    if (!res) return;
    nb_buf_printf(b, "/%s ", res);
    put_num(b, t->size);
    nb_buf_puts(b, " Tf ");
    if (t->bold) {
        /* synthetic bold: fill and stroke the outlines (the width is the
         * layout's, per style: weights / bold in layout.yaml) */
        put_num(b, t->bold);
        nb_buf_puts(b, " w 2 Tr ");
    }
    nb_buf_puts(b, "1 0 0 1 ");
    put_num(b, t->glyphs[0].x);
    nb_buf_putc(b, ' ');
    put_num(b, height - t->y);
    nb_buf_puts(b, " Tm [<");
    for (size_t i = 0; i < t->n; i++) {
        const nb_pglyph *g = &t->glyphs[i];
        nb_glyph gl = {t->face, g->gid, g->adv_em};
        put_hex4(b, nb_pdf_fonts_code(pf, &gl, g->cp));
        if (i + 1 < t->n) {
            /* TJ adjustment (1/1000 em, positive moves left) from the natural
             * advance to where layout put the next glyph; in 1/1000 units */
            int64_t dx = (int64_t)t->glyphs[i + 1].x - g->x;
            int64_t adj = (int64_t)g->adv_em * 1000 - dx * 1000000 / t->size;
            if (adj > 500 || adj < -500) {
                nb_buf_puts(b, "> ");
                put_num(b, adj);
                nb_buf_puts(b, " <");
            }
        }
    }
    nb_buf_puts(b, ">] TJ");
    if (t->bold) nb_buf_puts(b, " 0 Tr");
    nb_buf_putc(b, '\n');
}

static void put_rules(nb_buf *b, const nb_page *pg, nb_mpt height)
{
    nb_mpt width = -1;
    if (!pg->nrules) return;
    nb_buf_puts(b, "q 0 J\n");
    for (size_t i = 0; i < pg->nrules; i++) {
        const nb_prule *r = &pg->rules[i];
        if (r->width != width) {
            put_num(b, r->width);
            nb_buf_puts(b, " w\n");
            width = r->width;
        }
        put_num(b, r->x1), nb_buf_putc(b, ' '), put_num(b, height - r->y1), nb_buf_puts(b, " m ");
        put_num(b, r->x2), nb_buf_putc(b, ' '), put_num(b, height - r->y2), nb_buf_puts(b, " l S\n");
    }
    nb_buf_puts(b, "Q\n");
}

/* The document date: SOURCE_DATE_EPOCH when set, else the doc's date. */
static HPDF_Date doc_date(const nb_doc *doc)
{
    HPDF_Date d = {0};
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *end;
    if (sde && *sde) {
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0) {
            time_t t = (time_t)v;
            struct tm tm;
            if (gmtime_r(&t, &tm)) {
                d.year = tm.tm_year + 1900, d.month = tm.tm_mon + 1, d.day = tm.tm_mday;
                d.hour = tm.tm_hour, d.minutes = tm.tm_min, d.seconds = tm.tm_sec;
                d.ind = 'Z';
                return d;
            }
        }
    }
    d.year = doc->date_y, d.month = doc->date_m, d.day = doc->date_d;
    d.ind = 'Z';
    return d;
}

static int write_pdf(const nb_doc *doc, const nb_pages *pages, nb_fontset *fs, nb_diag *d, nb_buf *out)
{
    hpdf_err err = {0};
    HPDF_Doc pdf = HPDF_New(on_error, &err);
    if (!pdf) {
        nb_diag_error(d, (nb_mark){0, 0}, "cannot create a PDF document");
        return NB_PDF_ENV_ERROR;
    }
    /* compression first: libharu applies it only to objects created after */
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, doc->title);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, doc->author);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, doc->subject);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, doc->keywords);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "nianbao");
    HPDF_Date date = doc_date(doc);
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date);
    HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);

    nb_pdf_fonts *pf = nb_pdf_fonts_new(fs, pdf);
    HPDF_Page *hp = nb_xcalloc(pages->n ? pages->n : 1, sizeof *hp);
    nb_buf b;
    nb_buf_init(&b);
    for (size_t i = 0; i < pages->n && !err.code; i++) {
        const nb_page *pg = &pages->pages[i];
        HPDF_Page page = hp[i] = HPDF_AddPage(pdf);
        if (!page) break;
        HPDF_Page_SetWidth(page, (HPDF_REAL)pages->width / 1000.0f);
        HPDF_Page_SetHeight(page, (HPDF_REAL)pages->height / 1000.0f);
        b.len = 0;
        put_rules(&b, pg, pages->height);
        if (pg->ntexts) {
            nb_buf_puts(&b, "BT\n");
            for (size_t k = 0; k < pg->ntexts; k++) put_text(&b, pf, &pg->texts[k], page, pages->height);
            nb_buf_puts(&b, "ET\n");
        }
        HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
        if (b.len) nb_pdf_put_deflated(attr->contents, b.data, b.len);
    }
    nb_buf_free(&b);

    HPDF_Encoder utf8 = HPDF_GetEncoder(pdf, "UTF-8");
    for (size_t i = 0; i < pages->noutline && !err.code; i++) {
        const nb_outline_entry *e = &pages->outline[i];
        if (e->page < 0 || (size_t)e->page >= pages->n || !hp[e->page]) continue;
        HPDF_Outline o = HPDF_CreateOutline(pdf, NULL, e->title, utf8);
        HPDF_Destination dst = HPDF_Page_CreateDestination(hp[e->page]);
        if (!o || !dst) break;
        HPDF_Destination_SetFitH(dst, (HPDF_REAL)(pages->height - e->y) / 1000.0f);
        HPDF_Outline_SetDestination(o, dst);
    }
    free(hp);

    int rc = 0;
    if (!err.code && nb_pdf_fonts_finish(pf) != 0) {
        nb_diag_error(d, (nb_mark){0, 0}, "cannot embed fonts: %s", nb_pdf_fonts_error(pf));
        rc = NB_PDF_ENV_ERROR;
    }
    if (rc == 0 && !err.code && HPDF_SaveToStream(pdf) == HPDF_OK) {
        HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
        out->len = 0;
        nb_buf_add(out, "", 0);
        char *data = nb_xmalloc(size ? size : 1);
        HPDF_UINT32 got = size;
        if (HPDF_ReadFromStream(pdf, (HPDF_BYTE *)data, &got) == HPDF_OK || got == size) nb_buf_add(out, data, got);
        free(data);
    }
    if (err.code && rc == 0) {
        nb_diag_error(d, (nb_mark){0, 0}, "PDF library error 0x%04X (detail %u)", (unsigned)err.code,
                      (unsigned)err.detail);
        rc = NB_PDF_ENV_ERROR;
    }
    nb_pdf_fonts_free(pf);
    HPDF_Free(pdf);
    return rc;
}

int nb_pdf_render(const nb_doc *doc, const nb_pages *pages, nb_fontset *fs, nb_diag *d, nb_buf *out)
{
    return write_pdf(doc, pages, fs, d, out);
}
