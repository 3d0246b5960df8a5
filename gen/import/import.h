/* import: a published report (page text, page_text.h) mapped onto a
 * layout's form as a data file (../shared/spec/data-format.md). Every label,
 * heading and key it matches comes from the form (form.yaml, its `import:`
 * block for other wordings: import_spec.h) and the layout (section and item
 * numbers, the default title, the date); what it cannot place is a warning
 * at the line (or page) it came from, never dropped silently. */
#ifndef NB_IMPORT_H
#define NB_IMPORT_H
#include <stddef.h>
#include <stdio.h>
#include "layout.h"
#include "page_text.h"
#include "util.h"

/* The warnings of one import, printed as FILE:LINE:COL: warning: … (text,
 * HTML: the source line) or FILE: page N: warning: … (PDF). */
typedef struct nb_import_note {
    int origin; /* line or page; 0: none */
    int col;    /* 1-based, lines only */
    char *message;
} nb_import_note;

typedef struct nb_import_log {
    nb_import_note *notes;
    size_t n, cap;
} nb_import_log;

void nb_import_log_free(nb_import_log *log);
/* Prints every warning (in the order found) for file; origins of kind k. */
void nb_import_log_print(const nb_import_log *log, const char *file, nb_origin_kind k, FILE *out);

/* Reads path as page text by its name: .html/.htm (html_text.c), .pdf
 * (pdf_text.c), anything else the seed text form (text_read.c). */
int nb_import_read(const char *path, nb_page_text *out, nb_diag *d);

/* The seed text form: lines of UTF-8, table cells separated by tabs, a
 * Markdown heading mark (`## `) at a line's start ignored. */
int nb_text_to_page_text(const char *path, nb_page_text *out, nb_diag *d);
int nb_text_mem_to_page_text(const char *data, size_t len, nb_page_text *out, nb_diag *d);

/* Maps pt onto l's form: the data file's YAML into yaml (source: the name
 * put in its first comment; layout_key: written as `layout:` when not NULL).
 * Warnings go to log. Returns 0, or 1 after an error in d (the form's
 * `import:` block is invalid: d names form.yaml). */
int nb_import_map(const nb_page_text *pt, const nb_layout *l, const char *layout_key, const char *source,
                  nb_buf *yaml, nb_import_log *log, nb_diag *d);

#endif
