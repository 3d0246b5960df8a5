#include "page_text_build.h"
int nb_pdf_mem_to_page_text(const char *data, size_t len, nb_page_text *out, nb_diag *d)
{ (void)data; (void)len; (void)out; nb_diag_error(d, (nb_mark){0,0}, "todo"); return 1; }
int nb_pdf_to_page_text(const char *path, nb_page_text *out, nb_diag *d)
{ (void)path; (void)out; nb_diag_error(d, (nb_mark){0,0}, "todo"); return 1; }
