/* fonts_pdf: draws a one-page PDF with libharu + our font layer, for
 * tests/fonts_pdf.py (pdftotext, pdffonts, qpdf, size, rerun) and for
 * looking at the glyphs. Usage: fonts_pdf FONTS.CONF OUT.pdf
 * Prints on stdout each line it drew ("line TEXT") and each glyph's box
 * ("glyph U+XXXX X Y WIDTH SIZE" in points, Y the baseline), timings on
 * stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <hpdf.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include "fonts.h"
#include "pdf_fonts.h"
#include "util.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *data)
{
    (void)data;
    fprintf(stderr, "libharu error 0x%04lX detail %lu\n", (unsigned long)e, (unsigned long)detail);
    exit(1);
}

/* The test lines: role, size, text. Hanzi, Latin, digits, full-width
 * punctuation, ㈠‐∶≌℅ (composites with gids above 32767 in Zen Hei), pinyin
 * with tone marks (nested composites in UKai), Ext-A 䶮 (empty in UKai),
 * Ext-B 𠀀 (BabelStone Han) and 𠮷, and U+002D/U+2011, two characters that
 * share one glyph in LXGW WenKai but need distinct codes. */
static const struct line {
    const char *role;
    int size;
    const char *text;
} lines[] = {
    {"fangsong", 16, "国临2024年Hello-‑，𠀀㈠ǖǘǚǜ𠮷"},
    {"heiti", 16, "一、总体情况：临国㈠㈡‐∶≌℅ABC 123"},
    {"kaiti", 16, "（一）主动公开lǖlǘlǚlǜ䶮𠀀"},
};

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: fonts_pdf FONTS.CONF OUT.pdf\n", stderr);
        return 2;
    }
    static char *fangsong[] = {"仿宋_GB2312"}, *heiti[] = {"黑体"}, *kaiti[] = {"楷体_GB2312"};
    nb_font_role roles[] = {
        {"fangsong", fangsong, 1, NULL, NULL}, {"heiti", heiti, 1, NULL, NULL}, {"kaiti", kaiti, 1, NULL, NULL}};
    nb_diag d;
    nb_diag_init(&d, "fonts_pdf");
    nb_fontset *fs;
    double t0 = now_ms();
    if (nb_fontset_open_conf(roles, 3, argv[1], &d, &fs) != 0) {
        nb_diag_print(&d, stderr);
        return 1;
    }
    double t1 = now_ms();

    HPDF_Doc pdf = HPDF_New(on_error, NULL);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    nb_pdf_fonts *pf = nb_pdf_fonts_new(fs, pdf);
    HPDF_Stream s = ((HPDF_PageAttr)page->attr)->stream;
    nb_buf cs;
    nb_buf_init(&cs);
    nb_buf_puts(&cs, "BT\n");
    double y = 780;
    for (size_t li = 0; li < sizeof lines / sizeof *lines; li++, y -= 30) {
        const struct line *L = &lines[li];
        int role = nb_fontset_role(fs, L->role);
        double x = 50;
        int cur = -1;
        const char *p = L->text;
        size_t n = strlen(p);
        while (n) {
            uint32_t cp;
            int k = nb_utf8_decode(p, n, &cp);
            p += k, n -= (size_t)k;
            nb_glyph g;
            if (nb_fontset_glyph(fs, role, cp, &g) != 0) {
                fprintf(stderr, "U+%04X not covered\n", cp);
                return 1;
            }
            if (g.face != cur) {
                if (cur >= 0) nb_buf_puts(&cs, "> Tj\n");
                const char *name = nb_pdf_fonts_use_on_page(pf, page, g.face);
                nb_buf_printf(&cs, "/%s %d Tf 1 0 0 1 %.3f %.3f Tm <", name, L->size, x, y);
                cur = g.face;
            }
            nb_buf_printf(&cs, "%04X", nb_pdf_fonts_code(pf, &g, cp));
            printf("glyph U+%04X %.3f %.3f %.3f %d\n", cp, x, y, g.adv * L->size / 1000.0, L->size);
            x += g.adv * L->size / 1000.0;
        }
        nb_buf_puts(&cs, "> Tj\n");
        printf("line %s\n", L->text);
    }
    nb_buf_puts(&cs, "ET\n");
    HPDF_Stream_Write(s, (const HPDF_BYTE *)cs.data, (HPDF_UINT)cs.len);
    nb_buf_free(&cs);
    double t2 = now_ms();
    if (nb_pdf_fonts_finish(pf) != 0) {
        fprintf(stderr, "%s\n", nb_pdf_fonts_error(pf));
        return 1;
    }
    double t3 = now_ms();
    if (HPDF_SaveToFile(pdf, argv[2]) != HPDF_OK) return 1;
    double t4 = now_ms();
    fprintf(stderr, "timing: fontset open %.2f ms, draw %.2f ms, fonts finish %.2f ms, save %.2f ms\n",
            t1 - t0, t2 - t1, t3 - t2, t4 - t3);
    nb_pdf_fonts_free(pf);
    HPDF_Free(pdf);
    nb_fontset_free(fs);
    nb_diag_free(&d);
    return 0;
}
