/* form: the official form a report fills in, loaded from a layout's
 * form.yaml (layouts/README.md "The form"): its sections and their data
 * keys, each table's rows (official labels, names used in messages), column
 * sets with computed totals, computed rows, the consistency rules as
 * equations over rows, and the cross-year pairs. Every consumer (the data
 * loader, the checks, the grids, the messages) walks this; none keeps a
 * list of its own. */
#ifndef NB_FORM_H
#define NB_FORM_H
#include <stdbool.h>
#include <stddef.h>
#include "diag.h"
#include "yamlsrc.h"

/* The value columns of a row, in data order, and its computed total. */
typedef struct nb_form_columns {
    char *key;
    char **labels;
    int n;
    char *total_label;   /* NULL: no total column */
    char *total_message; /* a given total that differs: {table} {row} {total} {given} {sum} {terms} */
    bool *is_signed;     /* per column: may be negative (本年增/减); such a set has no total and
                            its rows enter no sum or rule; NULL when none is */
} nb_form_columns;

typedef enum {
    NB_FORM_ROW_LIST,    /* a list of one count per column (+ optional total) */
    NB_FORM_ROW_COUNT,   /* a single count */
    NB_FORM_ROW_DECIMAL  /* a decimal, printed as written */
} nb_form_row_kind;

/* A row of a table: a leaf of the section's key tree. */
typedef struct nb_form_row {
    char *key;        /* its own key (a data key) */
    char *path;       /* below the section: GROUP.SUBGROUP.KEY */
    char *label;      /* the official label: "1.属于国家秘密" */
    char *name;       /* in messages: "（三）不予公开 1.属于国家秘密" (default: the label) */
    char *short_name; /* in equations: "一" (default: the name) */
    nb_form_row_kind kind;
    const nb_form_columns *columns; /* NB_FORM_ROW_LIST */
    int places;       /* NB_FORM_ROW_DECIMAL: at most this many decimals */
    char *what;       /* NB_FORM_ROW_DECIMAL: the value's name in messages ("fee") */
    char *unit;       /* NB_FORM_ROW_DECIMAL: its unit ("万元") */
    int *sum_of;      /* computed rows: indices of the rows it sums; NULL otherwise */
    size_t nsum;
    char *sum_message; /* a given computed row that differs: {table} {row} {column} {given} {sum} {n} */
    int group;        /* index of its group in the table's groups, -1 at the top */
    nb_mark mark;     /* in form.yaml */
} nb_form_row;

/* A mapping of rows inside a table (results, withheld, …). */
typedef struct nb_form_group {
    char *key;
    char *path;       /* below the section */
    char *label;
    char *row_names;  /* its rows' default names: "{group} {label}", or NULL (the label) */
    int parent;       /* index of the enclosing group, -1 at the top */
    int first, last;  /* the rows inside it: first <= i < last */
} nb_form_group;

/* left = right, checked in every column (the total column too). */
typedef struct nb_form_rule {
    int *left, *right; /* row indices */
    size_t nleft, nright;
    int at;            /* the row whose position the error takes */
    char *message;     /* {table} {column} {left_terms} {left_values} {left} {right_terms} {right_values} {right} */
} nb_form_rule;

/* This year's row `now` = last year's row `last`, in every column; or, with
 * column >= 0, in that column only, plus this year's `plus` columns minus its
 * `minus` columns (现行有效 = last year's 现行有效 + 制发 − 废止). */
typedef struct nb_form_pair {
    int now, last;
    int column;           /* -1: every column */
    int *plus, *minus;    /* column indices of this year's row */
    size_t nplus, nminus;
    bool warning;         /* a warning, not an error (what may be right: a document expiring by its terms) */
    char *message; /* {table} {column} {this_row} {this} {year} {last_row} {file} {last} {expected} */
} nb_form_pair;

typedef enum { NB_FORM_BODY, NB_FORM_TABLE } nb_form_kind;

typedef struct nb_form_section {
    char *key;       /* its data key at the top level */
    char *heading;   /* official heading, without its number */
    nb_form_kind kind;
    bool required;
    /* NB_FORM_TABLE: */
    char *name;      /* the table in messages */
    char *note_key;  /* key of the text printed after the table, or NULL */
    bool not_applicable; /* a cell may be written `/` */
    nb_form_row *rows;
    size_t nrows;
    nb_form_group *groups;
    size_t ngroups;
    nb_form_rule *rules;
    size_t nrules;
    nb_form_pair *pairs;
    size_t npairs;
    /* `jumps:` across years, a warning where a count of these rows grows more
     * than factor× or falls below 1/factor of last year's, either >= at_least */
    int *jump_rows;
    size_t njump_rows;
    int jump_factor, jump_at_least;
    char *jump_message; /* {table} {row} {column} {this} {last} {year} {file} {change} */
} nb_form_section;

/* Prose not yet written (form.yaml `placeholder:`): a whole text value
 * that starts with `starts` and ends with `ends` is an error (`message`)
 * until it is written; `text` ({heading}: the section's numbered heading)
 * is what `sum` and `new` write for it. All NULL when the form declares none.
 * `new --previous` names the other texts it asks to rewrite (the {heading}
 * of `text`) with preface, intro, outro, note ({heading}: the section's
 * numbered heading) and item ({heading}: the enclosing name, {number},
 * {item}: the item's heading); NULL: the section's numbered heading. */
typedef struct nb_form_placeholder {
    char *text, *starts, *ends, *message;
    char *preface, *intro, *outro, *note, *item;
} nb_form_placeholder;

/* Across years (form.yaml `copied:`): a body section whose text is `share` %
 * or more the same as last year's, both at least `at_least` characters, is a
 * warning: reviewers deduct for reports copied from last year (内容雷同). */
typedef struct nb_form_copied {
    int share, at_least; /* share 0: not checked */
    char *message;       /* {section} {share} {year} {file} */
} nb_form_copied;

/* A data field of a grid cell: SECTION.ROWPATH, SECTION.ROWPATH.* (every
 * column) or SECTION.ROWPATH.N (column N). Resolves it into section, row
 * and column (-1 for `.*`); false when the form has no such field. */
typedef struct nb_form_field {
    const nb_form_section *section;
    int row;
    int col; /* -1: every column */
} nb_form_field;

/* Text against tables (form.yaml `claims:`): a number the prose states about
 * a table cell (受理…申请17件) that differs from the cell is a warning at the
 * number. A claim is a keyword, then (optionally) one of `then`, then within
 * `within` characters of the keyword a number (Arabic or Chinese numerals)
 * with one of its units; the text agrees when that number is any of `cells`
 * (each a sum of fields). Gb-2021's claims are the model (layouts/README.md). */
/* A sum of single cells (`a + b` in form.yaml), used by claims and the dashboard. */
typedef struct nb_form_cells {
    nb_form_field *terms; /* each a single cell (col >= 0) */
    size_t n;
} nb_form_cells;

typedef struct nb_form_claim {
    char **words; size_t nwords; /* the keyword: one of */
    char **then; size_t nthen;   /* one of these after the keyword, before the number; none: any */
    int within;                  /* code points from the keyword's end to the number */
    char **units; size_t nunits; /* the unit after the number, longest first */
    int *unit_shift;             /* per unit: its power of ten below the cell's unit (元 of 万元: 4) */
    bool none;                   /* a clause with a `none` word before the keyword states 0 (未收到) */
    nb_form_cells *cells; size_t ncells;
} nb_form_claim;

typedef struct nb_form_claims {
    nb_form_claim *list; size_t n;
    char **unless; size_t nunless; /* between keyword and number: another figure (较上年增加5件) */
    char **none; size_t nnone;     /* 未, 没有, 无 */
    char *message;                 /* {said} {table} {cell} {value} */
} nb_form_claims;

/* The build's dashboard (form.yaml `dashboard:`): the figures shown for each
 * report, and the one charted across an agency's years. */
typedef struct nb_form_figure {
    char *label;
    nb_form_cells cells;
    bool share;            /* cells as a percentage of share_of */
    nb_form_cells share_of;
} nb_form_figure;

typedef struct nb_form_dashboard {
    nb_form_figure *figures;
    size_t nfigures;
    int chart;             /* index of the charted figure, -1: none */
} nb_form_dashboard;

typedef struct nb_form {
    char *name;
    char *title;
    nb_form_placeholder placeholder;
    nb_form_copied copied;
    nb_form_claims claims;
    nb_form_dashboard dashboard;
    nb_form_columns *columns;
    size_t ncolumns;
    nb_form_section *sections;
    size_t nsections;
    const nb_val *import; /* `import:` (nianbao import's aliases, units; gen/import/import_spec.c), or NULL */
    void *owned; /* internal */
} nb_form;

/* Loads a form file; problems go to d (FILE:LINE:COL in it). Returns 0 or
 * -1. Free with nb_form_free (also after failure). */
int nb_form_load(const char *path, nb_diag *d, nb_form *out);
void nb_form_free(nb_form *f);

const nb_form_section *nb_form_section_get(const nb_form *f, const char *key);
/* The index of the row at path (below the section), or -1. */
int nb_form_row_index(const nb_form_section *s, const char *path);
/* Columns a row prints: its column set (with the total column), or 1. */
int nb_form_row_width(const nb_form_row *r);
/* Whether column col of row r may be negative. */
bool nb_form_col_signed(const nb_form_row *r, int col);
/* Whether any column of row r may be negative. */
bool nb_form_row_signed(const nb_form_row *r);

/* Whether s (a whole text value, trimmed) is a placeholder of the form. */
bool nb_form_is_placeholder(const nb_form *f, const char *s);

bool nb_form_field_parse(const nb_form *f, const char *path, nb_form_field *out);

#endif
