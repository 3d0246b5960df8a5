/* fields: see fields.h. */
#include "fields.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "layout.h"
#include "util.h"

typedef enum { ROW_APP, ROW_REV, ROW_TRIPLE, ROW_SCALAR, ROW_FEES } row_kind;

typedef struct field_row {
    const char *path;
    row_kind kind;
    int index; /* app/rev row, or which triple/scalar */
} field_row;

static const field_row rows[] = {
    {"proactive.rules", ROW_TRIPLE, 0},
    {"proactive.normative_documents", ROW_TRIPLE, 1},
    {"proactive.licensing", ROW_SCALAR, 0},
    {"proactive.punishment", ROW_SCALAR, 1},
    {"proactive.coercion", ROW_SCALAR, 2},
    {"proactive.fees", ROW_FEES, 0},
    {"applications.received", ROW_APP, NB_APP_RECEIVED},
    {"applications.carried_over", ROW_APP, NB_APP_CARRIED_OVER},
    {"applications.results.disclosed", ROW_APP, NB_APP_DISCLOSED},
    {"applications.results.partially_disclosed", ROW_APP, NB_APP_PARTIALLY_DISCLOSED},
    {"applications.results.withheld.state_secret", ROW_APP, NB_APP_W_STATE_SECRET},
    {"applications.results.withheld.prohibited_by_law", ROW_APP, NB_APP_W_PROHIBITED_BY_LAW},
    {"applications.results.withheld.endangers_security", ROW_APP, NB_APP_W_ENDANGERS_SECURITY},
    {"applications.results.withheld.third_party_rights", ROW_APP, NB_APP_W_THIRD_PARTY_RIGHTS},
    {"applications.results.withheld.internal_affairs", ROW_APP, NB_APP_W_INTERNAL_AFFAIRS},
    {"applications.results.withheld.process_information", ROW_APP, NB_APP_W_PROCESS_INFORMATION},
    {"applications.results.withheld.enforcement_files", ROW_APP, NB_APP_W_ENFORCEMENT_FILES},
    {"applications.results.withheld.administrative_query", ROW_APP, NB_APP_W_ADMINISTRATIVE_QUERY},
    {"applications.results.unavailable.not_held", ROW_APP, NB_APP_U_NOT_HELD},
    {"applications.results.unavailable.needs_creation", ROW_APP, NB_APP_U_NEEDS_CREATION},
    {"applications.results.unavailable.still_unclear", ROW_APP, NB_APP_U_STILL_UNCLEAR},
    {"applications.results.not_processed.petition", ROW_APP, NB_APP_N_PETITION},
    {"applications.results.not_processed.repeated", ROW_APP, NB_APP_N_REPEATED},
    {"applications.results.not_processed.publication", ROW_APP, NB_APP_N_PUBLICATION},
    {"applications.results.not_processed.excessive", ROW_APP, NB_APP_N_EXCESSIVE},
    {"applications.results.not_processed.confirm_or_reissue", ROW_APP, NB_APP_N_CONFIRM_OR_REISSUE},
    {"applications.results.other_handling.no_correction", ROW_APP, NB_APP_O_NO_CORRECTION},
    {"applications.results.other_handling.fee_unpaid", ROW_APP, NB_APP_O_FEE_UNPAID},
    {"applications.results.other_handling.other", ROW_APP, NB_APP_O_OTHER},
    {"applications.results.total", ROW_APP, NB_APP_TOTAL},
    {"applications.carried_forward", ROW_APP, NB_APP_CARRIED_FORWARD},
    {"reviews.review", ROW_REV, NB_REV_REVIEW},
    {"reviews.litigation_direct", ROW_REV, NB_REV_LITIGATION_DIRECT},
    {"reviews.litigation_after_review", ROW_REV, NB_REV_LITIGATION_AFTER_REVIEW},
};

static int width_of(row_kind k)
{
    switch (k) {
    case ROW_APP: return 7;
    case ROW_REV: return 5;
    case ROW_TRIPLE: return 3;
    default: return 1;
    }
}

/* Splits "x.y.*" / "x.y.3" / "x.y" into its row and column (-1: all, -2: none given). */
static const field_row *find(const char *path, int *col)
{
    size_t n = strlen(path);
    *col = -2;
    const char *dot = strrchr(path, '.');
    size_t base = n;
    if (dot && strcmp(dot, ".*") == 0) {
        base = (size_t)(dot - path);
        *col = -1;
    } else if (dot && dot[1] >= '0' && dot[1] <= '9' && !dot[2]) {
        base = (size_t)(dot - path);
        *col = dot[1] - '0';
    }
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        if (strlen(rows[i].path) == base && strncmp(rows[i].path, path, base) == 0) return &rows[i];
    return NULL;
}

int nb_field_columns(const char *path)
{
    int col;
    const field_row *r = find(path, &col);
    if (!r) return -1;
    int w = width_of(r->kind);
    if (col == -1) return w;
    if (col == -2) return w == 1 ? 1 : -1;
    return col < w && w > 1 ? 1 : -1;
}

bool nb_field_section_valid(const char *key, bool table)
{
    static const char *const text[] = {"overview", "problems", "other_matters"};
    static const char *const tables[] = {"proactive", "applications", "reviews"};
    const char *const *set = table ? tables : text;
    for (int i = 0; i < 3; i++)
        if (strcmp(set[i], key) == 0) return true;
    return false;
}

static char *count_text(const nb_count *c, const nb_layout *l, uint64_t value)
{
    char num[32];
    snprintf(num, sizeof num, "%" PRIu64, value);
    if (!c || !c->note) return nb_xstrdup(num);
    const char *names[] = {"count", "note"};
    const char *vals[] = {num, c->note};
    return nb_format(l->count_note_format, names, vals, 2);
}

static const nb_count *scalar_count(const nb_report *r, int i)
{
    return i == 0 ? &r->licensing : i == 1 ? &r->punishment : &r->coercion;
}

static uint64_t app_cell(const nb_report *r, int row, int col)
{
    if (row == NB_APP_TOTAL) {
        uint64_t s = 0;
        for (int k = NB_APP_DISCLOSED; k <= NB_APP_O_OTHER; k++) s += app_cell(r, k, col);
        return s;
    }
    return col == 6 ? nb_row_sum(&r->app[row]) : r->app[row].cells[col].value;
}

char *nb_field_text(const nb_report *r, const nb_layout *l, const char *path, int col, nb_mark *mark)
{
    int c;
    const field_row *f = find(path, &c);
    *mark = (nb_mark){0, 0};
    if (!f) return nb_xstrdup("");
    if (c >= 0) col = c;
    if (col < 0) col = 0;
    const nb_count *cnt = NULL;
    switch (f->kind) {
    case ROW_TRIPLE:
        cnt = f->index == 0 ? &r->rules[col] : &r->normative_documents[col];
        *mark = cnt->mark;
        return count_text(cnt, l, cnt->value);
    case ROW_SCALAR:
        cnt = scalar_count(r, f->index);
        *mark = cnt->mark;
        return count_text(cnt, l, cnt->value);
    case ROW_FEES:
        *mark = r->fees_mark;
        return nb_xstrdup(r->fees ? r->fees : "0");
    case ROW_APP: {
        const nb_row *row = &r->app[f->index];
        if (f->index != NB_APP_TOTAL && col < 6) cnt = &row->cells[col];
        *mark = cnt ? cnt->mark : row->mark;
        return count_text(cnt, l, app_cell(r, f->index, col));
    }
    case ROW_REV: {
        const nb_row *row = &r->rev[f->index];
        if (col < 4) {
            cnt = &row->cells[col];
            *mark = cnt->mark;
            return count_text(cnt, l, cnt->value);
        }
        *mark = row->mark;
        return count_text(NULL, l, nb_row_sum(row));
    }
    }
    return nb_xstrdup("");
}
