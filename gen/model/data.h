/* data: the report model of spec/data-format.md, built from the value tree
 * (its sections and tables walked as the form declares them) with schema errors (unknown keys with "did you mean", wrong types,
 * wrong list lengths, out-of-range numbers, missing required keys).
 * Numbers keep exactly the text written; they never pass through double. */
#ifndef NB_DATA_H
#define NB_DATA_H
#include <stdbool.h>
#include <stdint.h>
#include "diag.h"
#include "form.h"
#include "yamlsrc.h"

#define NB_MAX_ITEM_DEPTH 3
/* The years a report may be on (`year:`, `new --year`). */
#define NB_YEAR_MIN 2008
#define NB_YEAR_MAX 2100

/* One run of text inside a paragraph: `**bold**` markup split out. */
typedef struct nb_span {
    char *text; /* UTF-8, markup removed, `\*` unescaped */
    bool bold;
} nb_span;

typedef struct nb_paragraph {
    nb_span *spans;
    size_t nspans;
    nb_mark mark; /* where the paragraph's text starts in the data file */
} nb_paragraph;

/* A string of text split at blank lines, lines joined per the spec. */
typedef struct nb_text {
    nb_paragraph *paras;
    size_t nparas;
} nb_text;

typedef struct nb_item nb_item;
struct nb_item {
    char *heading; /* without its number */
    nb_mark mark;  /* of the heading value */
    nb_text text;
    bool run_in;
    nb_item *items;
    size_t nitems;
};

typedef struct nb_body {
    nb_text intro;
    nb_item *items;
    size_t nitems;
    nb_text outro;
    char *numbering; /* the first level's numbering style as written (a key of the
                        layout's numbering styles); NULL: the layout's first */
    nb_mark mark;
} nb_body;

/* One value as written: a count (with an optional note, as in
 * {count: 22, note: 其中修订16件}), a signed count, or a decimal kept as
 * its text. */
typedef struct nb_value {
    uint32_t count;      /* counts: < 10^9 (a signed column's magnitude); 0 when not applicable */
    bool negative;       /* a signed column's value below zero */
    char *text;          /* decimal rows and signed columns: the number as written
                            ("248.9611", "+4"); NULL when omitted (printed "0") */
    char *note;          /* NULL when none */
    bool na;             /* written `/` (不适用), where the form allows it */
    nb_mark mark;        /* line:col 0 when omitted (zero by default) */
} nb_value;

/* A row of the form's table as written: one value per data column, and an
 * optional given total that the rules check. */
typedef struct nb_row {
    nb_value *cells;      /* the form row's data columns (1 for a count or decimal) */
    int ncells;
    bool has_total;
    nb_value given_total; /* valid when has_total */
    nb_mark mark;         /* the row's node; 0 when omitted */
    bool present;
} nb_row;

/* A table section as written: rows indexed as the form's. */
typedef struct nb_table_data {
    nb_row *rows;
    size_t nrows;
    nb_text note;
    nb_mark mark;         /* the section's key; 0 when absent */
} nb_table_data;

/* One section of the form as written (body or table, per the form). */
typedef struct nb_section_data {
    const nb_form_section *form;
    nb_body body;
    nb_table_data table;
} nb_section_data;

typedef struct nb_report {
    const nb_form *form; /* NULL when loaded without one (the envelope only) */
    char *agency;
    nb_mark agency_mark;
    int year;
    char *title;        /* NULL when not given: expand formats the default from the layout */
    nb_mark title_mark;
    char *layout;       /* NULL: default */
    nb_mark layout_mark;
    char *subtitle;     /* NULL when none */
    nb_mark subtitle_mark;
    nb_text preface;
    /* per-report section heading wording, by section key; NULL when not overridden */
    struct { char *key; char *text; nb_mark mark; } *headings;
    size_t nheadings;
    nb_section_data *sections; /* one per form section, in form order */
    size_t nsections;

    bool has_signed;
    char *signed_by;   /* when has_signed: `by`, default the agency; else NULL */
    int signed_y, signed_m, signed_d; /* 0 when no date */
    nb_mark signed_mark;

    nb_mark root_mark;
} nb_report;

/* The envelope's `layout:` value of a parsed document (NULL when absent or
 * not a string): which layout, and so which form, the rest is read with. */
const char *nb_report_layout_key(const nb_val *root);

/* Builds the model from a parsed document, its sections per form (NULL:
 * the envelope only, no key checked against sections). numberings: the
 * numbering styles a body may name (NULL-terminated). All problems go to d;
 * returns 0 when there were none (the model is then complete), -1
 * otherwise. The report owns its strings; free with nb_report_free (also
 * after failure). The form must outlive the report. */
int nb_report_load(const nb_val *root, const nb_form *form, const char *const *numberings, nb_diag *d,
                   nb_report *out);
void nb_report_free(nb_report *r);

/* Splits a string of text into paragraphs per the spec (blank or
 * whitespace-only lines separate paragraphs; each line is trimmed, U+3000
 * included; single breaks are joined: nothing when either side is a CJK
 * character, else one space; `**` toggles bold, pairing left to right, and
 * an unpaired last `**` stays literal; `\*` is `*`; empty spans are dropped
 * and neighbours of one weight merged). mark is the value's position,
 * recorded on each paragraph. The caller frees out with nb_text_free. */
void nb_text_parse(const char *s, nb_mark mark, nb_text *out);
void nb_text_free(nb_text *t);

/* The data of a section of the report's form (NULL when the form has none). */
const nb_section_data *nb_report_section(const nb_report *r, const char *key);
/* The value of a table cell as the rules and the grids see it: a data
 * column as written (0 when omitted or `/`), the total column (col ==
 * columns->n) as the sum of the data columns, a computed row as the sum of
 * its rows. 64-bit: 21 rows of 6 counts below 10^9 fit. */
uint64_t nb_report_cell(const nb_section_data *s, int row, int col);
/* A sum of cells of the form (claims, the dashboard) as decimal text: counts
 * as nb_report_cell, decimals as written. NULL when a cell is `/` (not
 * applicable). Caller frees. */
char *nb_report_cells_value(const nb_report *r, const nb_form_cells *cells);

#endif
