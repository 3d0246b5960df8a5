/* data: the typed report model of spec/data-format.md, built from the value
 * tree with schema errors (unknown keys with "did you mean", wrong types,
 * wrong list lengths, out-of-range numbers, missing required keys).
 * Numbers keep exactly the text written; they never pass through double. */
#ifndef NB_DATA_H
#define NB_DATA_H
#include <stdbool.h>
#include <stdint.h>
#include "diag.h"
#include "yamlsrc.h"

#define NB_MAX_ITEM_DEPTH 3

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

typedef enum {
    NB_NUM_DEFAULT = 0, /* （一） at the first level */
    NB_NUM_CN_PAREN,    /* （一） */
    NB_NUM_ARABIC_DOT,  /* 1. */
    NB_NUM_ARABIC_PAREN,/* （1） */
    NB_NUM_NONE         /* none */
} nb_numbering;

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
    nb_numbering numbering;
    nb_mark mark;
} nb_body;

/* A count as written: value, optional note ({count: 22, note: ...}). */
typedef struct nb_count {
    uint32_t value;      /* < 10^9 */
    char *note;          /* NULL when none */
    nb_mark mark;        /* line:col 0 when omitted (zero by default) */
} nb_count;

/* A row of counts, plus an optional given total checked by `rules`. */
typedef struct nb_row {
    nb_count cells[6]; /* table 三: 6 applicant columns; table 四: 4 result columns */
    int ncells;        /* 6 or 4 */
    bool has_total;
    nb_count given_total; /* valid when has_total */
    nb_mark mark;         /* the row's node; 0 when omitted */
    bool present;
} nb_row;

/* Table 三 rows, in official order (25 rows). */
enum {
    NB_APP_RECEIVED, NB_APP_CARRIED_OVER,
    NB_APP_DISCLOSED, NB_APP_PARTIALLY_DISCLOSED,
    NB_APP_W_STATE_SECRET, NB_APP_W_PROHIBITED_BY_LAW, NB_APP_W_ENDANGERS_SECURITY,
    NB_APP_W_THIRD_PARTY_RIGHTS, NB_APP_W_INTERNAL_AFFAIRS, NB_APP_W_PROCESS_INFORMATION,
    NB_APP_W_ENFORCEMENT_FILES, NB_APP_W_ADMINISTRATIVE_QUERY,
    NB_APP_U_NOT_HELD, NB_APP_U_NEEDS_CREATION, NB_APP_U_STILL_UNCLEAR,
    NB_APP_N_PETITION, NB_APP_N_REPEATED, NB_APP_N_PUBLICATION, NB_APP_N_EXCESSIVE,
    NB_APP_N_CONFIRM_OR_REISSUE,
    NB_APP_O_NO_CORRECTION, NB_APP_O_FEE_UNPAID, NB_APP_O_OTHER,
    NB_APP_TOTAL, NB_APP_CARRIED_FORWARD,
    NB_APP_NROWS
};
enum { NB_REV_REVIEW, NB_REV_LITIGATION_DIRECT, NB_REV_LITIGATION_AFTER_REVIEW, NB_REV_NROWS };

typedef struct nb_report {
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
    nb_body overview, problems, other_matters;

    /* 二 */
    nb_count rules[3], normative_documents[3];
    nb_count licensing, punishment, coercion;
    char *fees;        /* decimal text exactly as written; "0" when omitted */
    nb_mark fees_mark;
    nb_text proactive_note;
    nb_mark proactive_mark;

    /* 三 */
    nb_row app[NB_APP_NROWS];
    nb_text applications_note;
    nb_mark applications_mark;

    /* 四 */
    nb_row rev[NB_REV_NROWS];
    nb_text reviews_note;
    nb_mark reviews_mark;

    bool has_signed;
    char *signed_by;   /* when has_signed: `by`, default the agency; else NULL */
    int signed_y, signed_m, signed_d; /* 0 when no date */
    nb_mark signed_mark;

    nb_mark root_mark;
} nb_report;

/* Builds the model from a parsed document. All problems go to d; returns 0
 * when there were none (the model is then complete), -1 otherwise. The
 * report owns its strings; free with nb_report_free (also after failure). */
int nb_report_load(const nb_val *root, nb_diag *d, nb_report *out);
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

/* The computed total of a row (sum of its cells). 64-bit: 6 × 10^9 fits. */
uint64_t nb_row_sum(const nb_row *row);

#endif
