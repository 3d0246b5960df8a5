/* import_model: what nb_import_map builds before it is written (the parts
 * of a data file), the form's `import:` block, and the text matching the
 * importer's parts share (import_match.c). Internal to gen/import. */
#ifndef NB_IMPORT_MODEL_H
#define NB_IMPORT_MODEL_H
#include <stdbool.h>
#include <stdint.h>
#include "import.h"

/* ---- a line of page text ---- */
typedef struct imp_line {
    const char *s;   /* NUL-terminated copy */
    int origin;
    bool table;      /* holds a tab: a table row */
} imp_line;

/* ---- prose ---- */
typedef struct imp_item {
    char *heading;
    bool run_in;
    nb_buf text;     /* paragraphs separated by "\n\n" */
    struct imp_item *items;
    size_t n, cap;
} imp_item;

typedef struct imp_body {
    const char *numbering; /* the first level's style key when not the layout's first; NULL */
    nb_buf intro;
    imp_item *items;
    size_t n, cap;
} imp_body;

/* ---- tables ---- */
typedef enum { IMP_BLANK, IMP_COUNT, IMP_NA, IMP_TEXT } imp_cell_kind;
typedef struct imp_cell {
    imp_cell_kind kind;
    uint32_t count;
    char *text;      /* IMP_TEXT: a decimal or a signed count as written */
    char *note;      /* IMP_COUNT: the count's note (22（其中修订16件）) or NULL */
} imp_cell;

typedef struct imp_row {
    bool seen;
    int ncells;      /* cells given (the total column is optional) */
    imp_cell *cells; /* nb_form_row_width cells */
} imp_row;

typedef struct imp_table {
    imp_row *rows;   /* one per form row */
    nb_buf note;
} imp_table;

/* ---- the form's import: block ---- */
typedef struct imp_row_spec {
    char **aliases;   /* other wordings of its label, normalized; NULL-terminated */
    char **units;     /* a decimal row: other units a report may print it in; NULL-terminated */
    int *shift;       /* per unit: decimal places the value moves left (元 → 万元: 4) */
} imp_row_spec;

typedef struct imp_group_spec {
    char **aliases;
    int collapsed;    /* the row a group printed as one row gives its numbers to, or -1 */
} imp_group_spec;

typedef struct imp_section_spec {
    char **aliases;   /* other wordings of its heading */
    imp_row_spec *rows;
    imp_group_spec *groups;
    size_t nrows, ngroups;
} imp_section_spec;

typedef struct imp_spec {
    char *heading_ends; /* a numbered line's run-in heading ends at the first of these */
    char *title_word;   /* the word a title line holds (报告); NULL: the first line is the title */
    char *place_ends;   /* a title's agency ending in one of these names a place, not an agency; NULL */
    imp_section_spec *sections;
    size_t n;
} imp_spec;

int imp_spec_load(imp_spec *sp, const nb_layout *l, nb_diag *d);
void imp_spec_free(imp_spec *sp);

/* ---- the whole import ---- */
typedef struct imp_doc {
    const nb_layout *l;
    const imp_spec *spec;
    nb_import_log *log;
    char *title;         /* only when not the default title */
    char *title_line;    /* the title as printed */
    char *agency;
    int year;
    char *subtitle;
    nb_buf preface;
    char **headings;     /* [section]: the report's own wording, or NULL */
    imp_body *bodies;    /* [section] */
    imp_table *tables;   /* [section] */
    bool *found;         /* [section]: its heading was found */
    char *signed_by;     /* only when not the agency */
    int sy, sm, sd;      /* sign-off date, 0 when none */
} imp_doc;

void imp_warn(nb_import_log *log, int origin, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* import_match.c: text as compared with the form's wording: no white space,
 * half-width ( ) , : ; ! ? as full width, full-width digits and ．as ASCII,
 * 1、 as 1., every double quote as ", every single quote as '. */
char *imp_norm(const char *s);
/* The normalized label without a leading number (（一）, 1., 一、): "" when
 * it is all number. */
const char *imp_bare(const char *norm);
/* Matches a leading number of format ("（{cn}）", "{n}.", "{cn}、") in the
 * normalized text s: its value, and *rest after it; 0 when none. */
int imp_number_prefix(const char *format, const char *s, const char **rest);
/* Where the original s continues after the part of it whose normalized
 * form is norm_bytes long (and the white space after it). */
const char *imp_orig_skip(const char *s, size_t norm_bytes);
/* Whether the character at s is, normalized, one of set's (*len: its bytes). */
bool imp_is_mark(const char *set, const char *s, size_t *len);
/* A copy's text as the report writes it: a half-width , ; : ? ! after a CJK
 * character, ( before one, ) after one, in full width (text_read.c: what a
 * copy of a portal page made half width; HTML and PDF keep the page's own). */
char *imp_prose(const char *s);
/* Appends a paragraph to a text ("\n\n" between paragraphs). */
void imp_add_para(nb_buf *b, const char *s);

/* import_body.c: the lines of a body section as intro and items. */
void imp_body_parse(imp_doc *D, imp_body *b, const imp_line *lines, size_t n);
void imp_body_free(imp_body *b);

/* import_table.c: the lines of a table section into its rows and note (at:
 * the origin of its heading, for rows it lacks). */
void imp_table_parse(imp_doc *D, size_t si, int at, const imp_line *lines, size_t n);
void imp_table_free(imp_table *t, const nb_form_section *fs);

/* import_write.c: the data file. */
void imp_write(const imp_doc *D, const char *layout_key, const char *source, nb_buf *out);

#endif
