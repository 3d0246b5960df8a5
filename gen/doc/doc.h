/* doc: the renderer-independent document tree (what the report *says*).
 * Built by `expand` from data × layout; read by the HTML renderer and by
 * the PDF paginator. The tree owns all its strings; styles are the layout's
 * resolved styles (pointers into the layout, which outlives the tree). */
#ifndef NB_DOC_H
#define NB_DOC_H
#include <stdbool.h>
#include <stddef.h>
#include "diag.h"
#include "layout.h"

/* A styled run of text. */
typedef struct nb_run {
    char *text;        /* UTF-8 */
    const nb_style *style; /* its layout style; NULL: the block's */
    bool bold;         /* `**…**` in the data, or a bold style */
    nb_mark mark;      /* data position (for font-coverage errors); 0 for layout text */
} nb_run;

typedef struct nb_cell {
    int row, col;          /* top-left grid position, 0-based */
    int rowspan, colspan;  /* >= 1 */
    nb_cell_kind kind;
    nb_align align;
    const nb_style *style;
    char *text;            /* UTF-8; may be empty */
    nb_mark mark;
} nb_cell;

typedef struct nb_table {
    char *id;           /* the form's table key (HTML id, PDF outline) */
    char *caption;      /* accessible name; may be printed or not (caption_visible) */
    bool caption_visible;
    int ncols, nrows;
    int header_rows;    /* the first header_rows rows are the header (thead; repeated on each page) */
    int *col_widths;    /* ncols relative widths (layout units; renderers scale to the measure) */
    bool *keep_with_next; /* per row: never break a page right after it */
    nb_cell *cells;     /* row-major by top-left position */
    size_t ncells;
} nb_table;

typedef enum {
    NB_BLOCK_TITLE,    /* the report title: runs; <h1> */
    NB_BLOCK_SUBTITLE, /* a centred line under the title */
    NB_BLOCK_HEADING,  /* level 1 = section (一、), 2..4 = items */
    NB_BLOCK_PARA,     /* a paragraph of runs */
    NB_BLOCK_TABLE,
    NB_BLOCK_SIGNOFF   /* sign-off block: one line per run (agency, date) */
} nb_block_kind;

typedef struct nb_block {
    nb_block_kind kind;
    const nb_style *style; /* block style (paragraph/heading/table/signoff); NULL: body */
    int level;          /* headings: 1 = section, 2.. = item depth + 1 */
    char *number;       /* headings: "一、", "（一）", "1." …, "" for none */
    bool run_in;        /* headings: starts the following paragraph */
    char *anchor;       /* headings level 1 and title: id for links/bookmarks, else NULL */
    nb_run *runs;       /* text (heading text without its number) */
    size_t nruns;
    nb_table *table;    /* NB_BLOCK_TABLE */
} nb_block;

typedef struct nb_doc {
    char *title;     /* plain title text (metadata) */
    char *author;    /* the agency (metadata) */
    char *subject;   /* metadata */
    char *keywords;  /* metadata */
    char *lang;      /* "zh-CN" */
    int date_y, date_m, date_d; /* document date (signed.date, else 31 Dec of year) */
    nb_block *blocks;
    size_t nblocks, cap;
} nb_doc;

void nb_doc_init(nb_doc *doc);
void nb_doc_free(nb_doc *doc);
/* Appends a zeroed block of the given kind; the pointer is valid until the next append. */
nb_block *nb_doc_append(nb_doc *doc, nb_block_kind kind, const nb_style *style);
/* Appends a run (text copied) to a block. */
nb_run *nb_block_add_run(nb_block *b, const char *text, const nb_style *style, bool bold, nb_mark mark);
/* Plain text of a block's runs, concatenated (caller frees). */
char *nb_block_text(const nb_block *b);

#endif
