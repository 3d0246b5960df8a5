/* pdf: a page tree (made by typeset's paginate) → PDF bytes: fonts embedded
 * as subsets, outline, metadata. libharu is used only below this module. */
#ifndef NB_PDF_H
#define NB_PDF_H
#include "diag.h"
#include "doc.h"
#include "fonts.h"
#include "pagetree.h"
#include "util.h"

/* Writes the pages of doc into out (PDF bytes). Problems are pushed to d. Returns 0;
 * -1 for a problem of the data (a character no font covers, a table cell
 * too tall for a page: at its data position); or NB_PDF_ENV_ERROR for one
 * of the environment (a font file that cannot be embedded, a PDF library
 * failure), which the command line reports with exit status 3. */
#define NB_PDF_ENV_ERROR (-2)
int nb_pdf_render(const nb_doc *doc, const nb_pages *pages, nb_fontset *fs, nb_diag *d, nb_buf *out);

#endif
