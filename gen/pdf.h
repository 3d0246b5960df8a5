/* pdf: the document tree → a PDF (pagination, CJK paragraphs, tables across
 * pages, fonts embedded as subsets). libharu is used only below this module. */
#ifndef NB_PDF_H
#define NB_PDF_H
#include "diag.h"
#include "doc.h"
#include "fonts.h"
#include "layout.h"
#include "util.h"

/* Renders doc into out (PDF bytes). A character no font covers is an error
 * at its data position (pushed to d); returns 0 or -1. */
int nb_pdf_render(const nb_doc *doc, const nb_layout *l, nb_fontset *fs, nb_diag *d, nb_buf *out);

#endif
