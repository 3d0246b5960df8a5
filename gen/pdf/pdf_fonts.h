/* pdf_fonts: the fonts of one PDF document, written through libharu's
 * object layer as Type0 / CIDFontType2 fonts with our own TrueType subset.
 *
 * libharu 2.3.0's TrueType path embeds whole tables (0.25-0.5 MB a font),
 * writes an invalid ToUnicode, turns chars above U+FFFF into spaces and
 * drops composite components with gid > 32767; so libharu keeps the
 * document, pages, content streams and compression, and this module writes
 * the font objects.
 *
 * Codes: every face gets its own 2-byte code space (Identity-H). Code 0 is
 * .notdef; codes 1, 2, … are handed out in order of first use, one per
 * distinct (code point, glyph), so two characters sharing a glyph still
 * have distinct codes and the ToUnicode map is exact. The same sequence of
 * calls gives the same codes and the same bytes. A face holds at most
 * 65535 codes; further new characters get code 0. */
#ifndef NB_PDF_FONTS_H
#define NB_PDF_FONTS_H
#include <stdint.h>
#include <hpdf.h>
#include "fonts.h"

typedef struct nb_pdf_fonts nb_pdf_fonts;

/* Starts the font bookkeeping of one document; fs must outlive it. Streams
 * are compressed (FlateDecode) when pdf's compression mode includes
 * HPDF_COMP_METADATA, as libharu does for its own fonts. The caller frees
 * it with nb_pdf_fonts_free (after saving the document). */
nb_pdf_fonts *nb_pdf_fonts_new(nb_fontset *fs, HPDF_Doc pdf);

/* The code to write in a content stream (as <XXXX> in a Tj/TJ string of
 * the face's font) for glyph g, which nb_fontset_glyph returned for cp. */
uint16_t nb_pdf_fonts_code(nb_pdf_fonts *pf, const nb_glyph *g, uint32_t cp);

/* Makes sure the page's /Resources /Font has the face's font and returns
 * its resource name ("F1", …; owned by the page dictionary, valid while
 * the document lives), or NULL on a libharu error. Shares libharu's own
 * naming (F + count), so fonts libharu adds itself cannot clash. */
const char *nb_pdf_fonts_use_on_page(nb_pdf_fonts *pf, HPDF_Page page, int face);

/* Fills in every font used: subset (FontFile2), /W, /CIDToGIDMap, /CIDSet,
 * the descriptor, /ToUnicode and a BaseFont with a subset tag derived from
 * the glyph set. Call once, after the last page is drawn and before
 * HPDF_SaveToFile/Stream. Returns 0, or -1 (damaged font, libharu error;
 * see nb_pdf_fonts_error). */
int nb_pdf_fonts_finish(nb_pdf_fonts *pf);
/* The message of the last failure (owned by pf), or "" when none. */
const char *nb_pdf_fonts_error(const nb_pdf_fonts *pf);

void nb_pdf_fonts_free(nb_pdf_fonts *pf);

#endif
