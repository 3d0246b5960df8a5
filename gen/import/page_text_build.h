/* page_text_build: what the HTML and PDF readers share (page_text.c): a
 * builder that collects page-text lines with their origins, the one way a
 * piece of text is cleaned for a line or a cell, and the readers' entry
 * points on bytes in memory (the fuzz targets call these). */
#ifndef NB_PAGE_TEXT_BUILD_H
#define NB_PAGE_TEXT_BUILD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "page_text.h"
#include "util.h"

/* Largest file either reader reads, and most pages / table columns / rows
 * it makes (a hostile rowspan or page count must not allocate a huge grid). */
#define NB_PT_MAX_BYTES (32u * 1024u * 1024u)
#define NB_PT_MAX_PDF_BYTES (64u * 1024u * 1024u) /* embedded fonts and images */
#define NB_PT_MAX_PAGES 2000
#define NB_PT_MAX_COLS 1000
#define NB_PT_MAX_LINES 1000000

typedef struct nb_pt_builder {
    nb_buf text;
    int *origin;
    size_t n, cap;
} nb_pt_builder;

void nb_pt_builder_init(nb_pt_builder *b);
/* Adds one line (len bytes, no '\n' inside). Returns false when the line
 * limit is reached. */
bool nb_pt_add_line(nb_pt_builder *b, const char *s, size_t len, int origin);
/* Moves the lines into out (text "" and no lines when none were added). */
void nb_pt_builder_finish(nb_pt_builder *b, nb_page_text *out);
void nb_pt_builder_free(nb_pt_builder *b);

/* Appends s (n bytes of UTF-8) to out cleaned as one line or one cell of
 * page text: every run of white space (ASCII, tab, no-break space, ideographic
 * space, line separators) one space; none at either end, none next to a CJK
 * character (a source line wrapped inside a sentence, CJK-Latin spacing);
 * control characters (C0, DEL, C1: mojibake) and invalid UTF-8 bytes dropped. */
void nb_pt_clean(nb_buf *out, const char *s, size_t n);

bool nb_pt_is_space(uint32_t cp);

/* The readers on bytes in memory (d names the file); the path functions
 * read the file and call these. */
int nb_html_mem_to_page_text(const char *data, size_t len, nb_page_text *out, nb_diag *d);
int nb_pdf_mem_to_page_text(const char *data, size_t len, nb_page_text *out, nb_diag *d);

/* Reads path for a reader (at most max bytes), or reports why not in d. */
int nb_pt_read(const char *path, size_t max, char **data, size_t *len, nb_diag *d);

/* A reader on a file: path read (at most max bytes), then given to mem. */
typedef int (*nb_pt_mem_reader)(const char *data, size_t len, nb_page_text *out, nb_diag *d);
int nb_pt_read_file(const char *path, size_t max, nb_pt_mem_reader mem, nb_page_text *out, nb_diag *d);

#endif
