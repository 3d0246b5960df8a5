/* layout: loads layouts/NAME (form.yaml, layout.yaml, html.css): the form
 * (model/form.h), page geometry, font roles, text styles, numbering and the
 * table grids, whose value cells name the form's fields. Everything report-specific lives there, not in C.
 * Measures are integers in 1/1000 pt ("mpt"). */
#ifndef NB_LAYOUT_H
#define NB_LAYOUT_H
#include <stdbool.h>
#include "diag.h"
#include "form.h"
#include "textfmt.h"
#include "yamlsrc.h"

#include "units.h"

typedef enum { NB_ALIGN_LEFT, NB_ALIGN_CENTER, NB_ALIGN_RIGHT, NB_ALIGN_JUSTIFY } nb_align;

typedef enum {
    NB_CELL_HEAD,  /* column header: <th scope="col"> (or colgroup when it spans) */
    NB_CELL_LABEL, /* row label: <th scope="row"> (rowgroup when it spans rows) */
    NB_CELL_VALUE  /* data: <td> */
} nb_cell_kind;


typedef struct nb_font_role {
    char *name;        /* e.g. "fangsong" */
    char **families;   /* fontconfig family names, in preference order */
    size_t nfamilies;
    char *css;         /* CSS font-family list for HTML */
} nb_font_role;

typedef struct nb_style {
    char *name;
    const nb_font_role *font;
    nb_mpt size;         /* font size */
    nb_mpt leading;      /* line pitch (baseline to baseline) */
    nb_mpt indent;       /* first-line indent */
    nb_mpt space_before, space_after;
    nb_mpt margin_left, margin_right; /* extra block margins */
    nb_align align;
    bool bold;
    bool grid;           /* characters on the page grid: pitch = measure / chars_per_line */
    bool balance;        /* break into lines of balanced length (titles) */
    nb_mpt padding;      /* tables: space between a cell's rules and its text */
    nb_mpt rule;         /* tables: width of the cell rules */
} nb_style;

typedef struct nb_page_geom {
    nb_mpt width, height;
    nb_mpt margin_top, margin_left, text_width, text_height;
    int lines_per_page, chars_per_line;
    char *number_format;     /* e.g. "— {n} —" */
    const nb_style *number_style;
    nb_mpt number_offset;    /* below the text block (baseline) */
    nb_mpt number_inset;     /* from the outer edge of the text block */
} nb_page_geom;

typedef struct nb_numbering_style {
    char *key;     /* as written in data: "（一）", "1.", "（1）", "none" */
    char *format;  /* "（{cn}）", "{n}.", "（{n}）", "" */
    const nb_style *style;        /* heading style for standalone headings */
    const nb_style *run_in_style; /* heading style when run in */
} nb_numbering_style;

typedef struct nb_layout_cell {
    char *text;        /* literal text, or NULL */
    char *field;       /* a field of the form: SECTION.ROW, SECTION.ROW.N or SECTION.ROW.* */
    int columns;       /* grid columns the field fills (its row's width for `.*`), else 1 */
    int rowspan, colspan;
    int kind;          /* nb_cell_kind, or -1 for the default */
    int align;         /* nb_align, or -1 for the table default */
    nb_mark mark;      /* in layout.yaml */
} nb_layout_cell;

typedef struct nb_layout_row {
    nb_layout_cell *cells;
    size_t ncells;
    bool keep_with_next; /* never break a page right after this row */
    nb_mark mark;
} nb_layout_row;

typedef struct nb_layout_table {
    char *key;         /* the form's table section it draws */
    nb_mark mark;
    char *caption;
    bool caption_visible;
    int *col_widths;
    int ncols;
    int header_rows;
    const nb_style *head_style, *label_style, *value_style;
    nb_align head_align, label_align, value_align;
    nb_layout_row *rows;
    size_t nrows;
} nb_layout_table;

/* The layout's line-breaking policies (linebreak: in layout.yaml). The
 * zero value is the plain behaviour: quotes at the font's width, marks
 * compressed only when a line needs it, a line-end mark squeezed, greedy. */
typedef struct nb_lb_policy {
    bool quotes_full_width;   /* quotes: full_width — “ ” ‘ ’ next to CJK take a full cell */
    bool compress_pairs;      /* adjacent_marks: compress — every pair of marks takes 1.5 em */
    bool end_compress;        /* line_end: compress — the last mark never squeezed past the measure */
    bool total_fit;           /* breaker: total_fit — justified text breaks by the whole paragraph */
    int32_t max_stretch;      /* per gap between CJK characters, 1/1000 em (0: no limit) */
    int32_t max_stretch_latin; /* per gap at a space or a CJK–Latin boundary, 1/1000 em */
} nb_lb_policy;

typedef struct nb_layout {
    char *dir;          /* absolute folder of the layout */
    char *name;
    nb_page_geom page;
    nb_font_role *fonts; size_t nfonts;
    nb_style *styles; size_t nstyles;
    nb_numbering_style *numberings; size_t nnumberings;
    const nb_numbering_style **numbering_order; size_t nnumbering_order; /* deeper levels follow this order */
    char *section_number_format;       /* e.g. "{cn}、" */
    const nb_style *title_style, *subtitle_style, *section_style, *body_style,
                   *note_style, *signoff_style, *preface_style, *table_style;
    char *default_title_format;        /* e.g. "{agency}{year}年政府信息公开工作年度报告" */
    char *date_format;                 /* e.g. "{y}年{m}月{d}日" */
    char *count_note_format;           /* e.g. "{count}（{note}）" */
    char *run_in_end;                  /* appended to a run-in heading lacking end punctuation: "。" */
    char *title_break_after;           /* a title given without U+200B may break after these characters */
    char *title_break_before;          /* … and before these */
    char *subject_format, *keywords_format; /* PDF metadata */
    nb_layout_table *tables; size_t ntables;
    char *kinsoku_no_start;            /* characters that never start a line */
    char *kinsoku_no_end;              /* characters that never end a line */
    char *title_words;                 /* space-separated words a title never breaks inside */
    nb_lb_policy lb_policy;            /* linebreak: quotes, adjacent marks, line ends, breaker */
    nb_form form;                      /* form.yaml: sections, rows, rules, names */
    const char **numbering_keys;       /* the numbering styles' keys, NULL-terminated (for the data loader) */
    char *html_css;                    /* contents of html.css */
    char *html_lang;                   /* "zh-CN" */
    void *owned;                       /* internal */
} nb_layout;

/* Resolves NAME|PATH per spec/cli.md (a value containing '/' is a path;
 * otherwise NIANBAO_LAYOUT_PATH, then the project's layouts/). Returns a
 * malloc'd absolute folder, or NULL. */
char *nb_layout_find(const char *name_or_path);
/* Loads a layout folder; problems go to d (FILE:LINE:COL in layout.yaml,
 * or in form.yaml for the form's).
 * Returns 0 or -1. */
int nb_layout_load(const char *dir, nb_diag *d, nb_layout *out);
void nb_layout_free(nb_layout *l);
const nb_style *nb_layout_style(const nb_layout *l, const char *name);
const nb_font_role *nb_layout_font(const nb_layout *l, const char *name);
const nb_layout_table *nb_layout_table_get(const nb_layout *l, const char *key);
const nb_numbering_style *nb_layout_numbering(const nb_layout *l, const char *key);
/* The project's own folder (holding layouts/ and fonts/), found per spec/cli.md. */
const char *nb_project_dir(void);

#endif
