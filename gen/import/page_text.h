/* page_text: a published report as lines of page text, the form of
 * ../shared/seeds/ (what a reader copies from a portal page): paragraphs as
 * lines, every table row as one line of tab-separated cells, a merged cell
 * given once (its first row and column) with empty cells where it spans.
 * The HTML and PDF readers produce it; the text importer reads only this, so
 * every input kind is matched against the form by one piece of code. */
#ifndef NB_PAGE_TEXT_H
#define NB_PAGE_TEXT_H
#include <stddef.h>
#include "diag.h"

typedef enum { NB_ORIGIN_LINE, NB_ORIGIN_PAGE } nb_origin_kind;

typedef struct nb_page_text {
    char *text;            /* NUL-terminated UTF-8, lines separated by '\n' */
    size_t nlines;
    int *origin;           /* nlines entries: where line i came from, for warnings */
    nb_origin_kind origin_kind; /* a source line (text, HTML) or a page number (PDF) */
} nb_page_text;

/* Read a portal's HTML page or our own HTML output (libxml2's HTML parser):
 * block elements become lines, each <tr> a line of tab-separated cells with
 * rowspan/colspan resolved, &nbsp; as a space. Returns 0, or 1 after an error
 * in d (unreadable, not HTML, too large, no text). */
int nb_html_to_page_text(const char *path, nb_page_text *out, nb_diag *d);

/* Read a PDF (poppler): words placed by their boxes into lines, table cells
 * separated by tabs; origin is the page number. Returns 0, or 1 after an
 * error in d (unreadable, encrypted, not a PDF, no text layer). */
int nb_pdf_to_page_text(const char *path, nb_page_text *out, nb_diag *d);

void nb_page_text_free(nb_page_text *pt);

#endif
