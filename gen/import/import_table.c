/* import_table: a table section's page text into the form's rows. A row
 * line is found by its label cell (the form's label, the label without its
 * number, or an alias of import: aliases), a group label before it setting
 * which group an ambiguous label (3.其他) belongs to, so a row shifted by a
 * page break is still placed. Its numbers are the last cells of the line
 * (the cells a merged label spans come first, empty). A line of numbers
 * only fills the rows named in the header lines above it, in the form's
 * order (table 四). Lines without tabs are the table's note. */
#include <stdlib.h>
#include <string.h>
#include "import_model.h"

typedef struct tstate {
    imp_doc *D;
    const nb_form_section *fs;
    const imp_section_spec *ss;
    imp_table *t;
    int ctx;          /* the group whose label came last */
    int unit_row;     /* a decimal row whose header named another unit, and its shift */
    int unit_shift;
    char *unit_name;
    int total_idx;    /* the index of the header cell naming the total column, or -1 */
} tstate;

typedef struct cell {
    const char *s; /* original, NUL-terminated */
    char *norm;
    int col;       /* 1-based, in characters */
    int idx;       /* its index in the line */
} cell;

static bool label_is(const char *norm, const char *label, char *const *aliases)
{
    if (!*norm) return false;
    char *l = imp_norm(label ? label : "");
    bool m = *l && (strcmp(norm, l) == 0 || (strlen(imp_bare(l)) >= 6 && strcmp(norm, imp_bare(l)) == 0));
    free(l);
    for (size_t i = 0; !m && aliases && aliases[i]; i++) m = strcmp(norm, aliases[i]) == 0;
    return m;
}

static bool in_group(const nb_form_section *fs, int row, int g)
{
    for (int k = fs->rows[row].group; k >= 0; k = fs->groups[k].parent)
        if (k == g) return true;
    return false;
}

/* The row labelled norm: in the current group first, then one not yet given. */
static int find_row(const tstate *T, const char *norm)
{
    int best = -1, score = -1;
    for (size_t r = 0; r < T->fs->nrows; r++) {
        if (!label_is(norm, T->fs->rows[r].label, T->ss->rows[r].aliases)) continue;
        int s = (T->ctx >= 0 && in_group(T->fs, (int)r, T->ctx) ? 2 : 0) + (T->t->rows[r].seen ? 0 : 1);
        if (s > score) {
            best = (int)r;
            score = s;
        }
    }
    return best;
}

static int find_group(const tstate *T, const char *norm)
{
    for (size_t g = 0; g < T->fs->ngroups; g++)
        if (label_is(norm, T->fs->groups[g].label, T->ss->groups[g].aliases)) return (int)g;
    return -1;
}

static bool is_digit_text(const char *n)
{
    return *n >= '0' && *n <= '9';
}

/* A cell holding a number, `/`, or a dash: a value, not a label. */
static bool is_value(const char *n)
{
    return is_digit_text(n) || ((*n == '+' || *n == '-') && is_digit_text(n + 1)) || strcmp(n, "/") == 0 ||
           strcmp(n, "／") == 0;
}

static bool is_blankish(const char *n)
{
    return !*n || strcmp(n, "-") == 0 || strcmp(n, "—") == 0 || strcmp(n, "－") == 0 || strcmp(n, "——") == 0 ||
           strcmp(n, "无") == 0;
}

/* digits (at most 9) at n, then nothing, or a unit word: the count */
static bool parse_count(const char *n, uint32_t *out, const char **after)
{
    uint64_t v = 0;
    const char *p = n;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (uint64_t)(*p - '0');
        if (v >= 1000000000u) return false;
        p++;
    }
    if (p == n) return false;
    static const char *const units[] = {"件", "条", "个", "次", "项", NULL};
    for (const char *const *u = units; *u; u++)
        if (strncmp(p, *u, strlen(*u)) == 0) {
            p += strlen(*u);
            break;
        }
    *out = (uint32_t)v;
    *after = p;
    return true;
}

static bool parse_decimal(const char *n)
{
    const char *p = n;
    while (*p >= '0' && *p <= '9') p++;
    if (p == n) return false;
    if (*p == '.') {
        const char *d = ++p;
        while (*p >= '0' && *p <= '9') p++;
        if (p == d) return false;
    }
    return *p == '\0';
}

/* value moved `shift` places left, exactly (2489611 元 → 248.9611 万元):
 * `shift` zeros put in front of the digits, the point kept where it was */
static char *shift_decimal(const char *n, int shift)
{
    const char *dot = strchr(n, '.');
    size_t point = dot ? (size_t)(dot - n) : strlen(n);
    nb_buf d;
    nb_buf_init(&d);
    for (int k = 0; k < shift; k++) nb_buf_putc(&d, '0');
    nb_buf_add(&d, n, point);
    if (dot) nb_buf_puts(&d, dot + 1);
    size_t i = 0, end = d.len;
    while (i + 1 < point && d.data[i] == '0') i++;
    while (end > point && d.data[end - 1] == '0') end--;
    nb_buf b;
    nb_buf_init(&b);
    nb_buf_add(&b, d.data + i, point - i);
    if (end > point) {
        nb_buf_putc(&b, '.');
        nb_buf_add(&b, d.data + point, end - point);
    }
    nb_buf_free(&d);
    return nb_buf_take(&b);
}

/* "{count}（{note}）": the text around {note} (normalized), from the layout. */
static bool count_note(const nb_layout *l, const char *norm, const char *orig, const char *after, char **note)
{
    const char *f = l->count_note_format ? l->count_note_format : "{count}（{note}）";
    const char *c = strstr(f, "{count}"), *nt = strstr(f, "{note}");
    if (!c || !nt || nt < c) return false;
    char *open = nb_xstrndup(c + 7, (size_t)(nt - c - 7)), *close = nb_xstrdup(nt + 6);
    char *no = imp_norm(open), *nc = imp_norm(close);
    bool ok = *no && strncmp(after, no, strlen(no)) == 0 && strlen(after) > strlen(no) + strlen(nc) &&
              strcmp(after + strlen(after) - strlen(nc), nc) == 0;
    if (ok) {
        /* the note as written: from after the opening mark to before the closing one */
        const char *start = imp_orig_skip(orig, (size_t)(after - norm) + strlen(no));
        size_t ol = strlen(orig);
        size_t cut = 0; /* bytes of the closing mark at the end of orig (it may be half width) */
        for (size_t k = ol; k > 0; k--) {
            char *tail = imp_norm(orig + k - 1);
            bool same = strcmp(tail, nc) == 0;
            free(tail);
            if (same) {
                cut = ol - (k - 1);
                break;
            }
        }
        ok = cut && orig + ol - cut > start;
        if (ok) *note = nb_xstrndup(start, (size_t)(orig + ol - cut - start));
    }
    free(open);
    free(close);
    free(no);
    free(nc);
    return ok;
}

static void read_cell(tstate *T, int r, int c, const cell *x, int origin, imp_cell *out)
{
    const nb_form_row *fr = &T->fs->rows[r];
    const char *n = x->norm;
    const char *what = fr->kind == NB_FORM_ROW_LIST ? fr->columns->labels[c < fr->columns->n ? c : 0] : NULL;
    if (fr->kind == NB_FORM_ROW_LIST && c == fr->columns->n) what = fr->columns->total_label;
    char *where = what ? nb_xasprintf("%s %s, column %s", T->fs->name, fr->name, what)
                       : nb_xasprintf("%s %s", T->fs->name, fr->name);
    memset(out, 0, sizeof *out);
    uint32_t v;
    const char *after;
    if (is_blankish(n)) {
        imp_warn(T->D->log, origin, x->col, "%s: %s, read as 0", where, *n ? "a dash" : "blank cell");
        out->kind = IMP_BLANK;
    } else if (strcmp(n, "/") == 0 || strcmp(n, "／") == 0) {
        if (T->fs->not_applicable) out->kind = IMP_NA;
        else imp_warn(T->D->log, origin, x->col, "%s: `/` where the form has no 不适用, read as 0", where);
    } else if (fr->kind == NB_FORM_ROW_DECIMAL && parse_decimal(n)) {
        out->kind = IMP_TEXT;
        if (T->unit_row == r && T->unit_shift) {
            out->text = shift_decimal(n, T->unit_shift);
            imp_warn(T->D->log, origin, x->col, "%s: %s %s written as %s %s", where, x->s, T->unit_name,
                     out->text, fr->unit ? fr->unit : "");
        } else {
            out->text = nb_xstrdup(n);
        }
    } else if (nb_form_col_signed(fr, c) && (*n == '+' || *n == '-') && parse_count(n + 1, &v, &after) &&
               !*after) {
        out->kind = IMP_TEXT;
        out->text = nb_xstrdup(n);
    } else if (fr->kind != NB_FORM_ROW_DECIMAL && parse_count(n, &v, &after)) {
        out->kind = IMP_COUNT;
        out->count = v;
        if (*after && !count_note(T->D->l, n, x->s, after, &out->note)) {
            imp_warn(T->D->log, origin, x->col, "%s: '%s' read as %u", where, x->s, v);
        }
    } else {
        imp_warn(T->D->log, origin, x->col, "%s: '%s' is not a number, read as 0", where, x->s);
    }
    free(where);
}

/* Gives row r the value cells v[0..nv) (trailing empty cells removed). */
static void fill_row(tstate *T, int r, const cell *v, size_t nv, int origin)
{
    const nb_form_row *fr = &T->fs->rows[r];
    imp_row *row = &T->t->rows[r];
    int w = nb_form_row_width(fr);
    int wt = fr->kind == NB_FORM_ROW_LIST ? fr->columns->n : 1;
    if (row->seen) {
        imp_warn(T->D->log, origin, v && nv ? v[0].col : 1, "%s %s: given again, not placed (the first kept)",
                 T->fs->name, fr->name);
        return;
    }
    if ((int)nv > w) {
        for (size_t k = 0; k < nv - (size_t)w; k++)
            if (*v[k].norm)
                imp_warn(T->D->log, origin, v[k].col, "%s %s: '%s' before its %d columns, not placed", T->fs->name,
                         fr->name, v[k].s, w);
        v += nv - (size_t)w;
        nv = (size_t)w;
    }
    row->seen = true;
    row->ncells = (int)nv < wt ? wt : (int)nv;
    /* fewer cells, the last under the header's total: they are the row's last */
    int skip = 0;
    if (nv && (int)nv < w && w > wt && T->total_idx >= 0 && v[nv - 1].idx == T->total_idx) {
        skip = w - (int)nv;
        row->ncells = w;
    }
    for (int c = 0; c < row->ncells; c++) {
        if (c < skip) {
            imp_warn(T->D->log, origin, v[0].col, "%s %s, column %s: missing, read as 0", T->fs->name, fr->name,
                     fr->columns->labels[c]);
            row->cells[c].kind = IMP_BLANK;
        } else if ((size_t)(c - skip) < nv) {
            read_cell(T, r, c, &v[c - skip], origin, &row->cells[c]);
        } else {
            imp_warn(T->D->log, origin, 1, "%s %s, column %s: missing, read as 0", T->fs->name, fr->name,
                     fr->kind == NB_FORM_ROW_LIST ? fr->columns->labels[c] : fr->label);
            row->cells[c].kind = IMP_BLANK;
        }
    }
}

/* A line of numbers only (rows first..last, the whole table), or a group's
 * label and numbers (its rows, 政府集中采购): the rows not yet given, in the
 * form's order, if their widths (with or without the total) add up to the
 * numbers. */
static bool fill_rows(tstate *T, size_t first, size_t last, const cell *v, size_t nv, int origin)
{
    for (int with_total = 1; with_total >= 0; with_total--) {
        size_t need = 0;
        for (size_t r = first; r < last; r++) {
            const nb_form_row *fr = &T->fs->rows[r];
            if (T->t->rows[r].seen || fr->sum_of) continue;
            need += (size_t)(with_total ? nb_form_row_width(fr) : fr->kind == NB_FORM_ROW_LIST ? fr->columns->n : 1);
        }
        if (need != nv || !nv) continue;
        size_t at = 0;
        for (size_t r = first; r < last; r++) {
            const nb_form_row *fr = &T->fs->rows[r];
            if (T->t->rows[r].seen || fr->sum_of) continue;
            size_t k = (size_t)(with_total ? nb_form_row_width(fr) : fr->kind == NB_FORM_ROW_LIST ? fr->columns->n : 1);
            fill_row(T, (int)r, v + at, k, origin);
            at += k;
        }
        return true;
    }
    return false;
}

/* A header cell naming the unit: 本年收费金额（单位：元）. */
static void header_units(tstate *T, const cell *c)
{
    const char *u = strstr(c->norm, "单位：");
    if (!u) return;
    u += strlen("单位：");
    for (size_t r = 0; r < T->fs->nrows; r++) {
        const imp_row_spec *rs = &T->ss->rows[r];
        const nb_form_row *fr = &T->fs->rows[r];
        if (!rs->units || fr->kind != NB_FORM_ROW_DECIMAL) continue;
        if (fr->unit && strncmp(u, fr->unit, strlen(fr->unit)) == 0) {
            T->unit_row = -1;
            return;
        }
        for (size_t k = 0; rs->units[k]; k++)
            if (strncmp(u, rs->units[k], strlen(rs->units[k])) == 0) {
                T->unit_row = (int)r;
                T->unit_shift = rs->shift[k];
                T->unit_name = rs->units[k];
                return;
            }
    }
}

static void table_line(tstate *T, const imp_line *line)
{
    /* cells */
    size_t n = 1;
    for (const char *p = line->s; *p; p++) n += *p == '\t';
    cell *cells = nb_xcalloc(n, sizeof *cells);
    char *copy = nb_xstrdup(line->s);
    size_t k = 0;
    int col = 1;
    for (char *p = copy;; k++) {
        char *tab = strchr(p, '\t');
        if (tab) *tab = '\0';
        cells[k].s = p;
        cells[k].norm = imp_norm(p);
        cells[k].col = col;
        cells[k].idx = (int)k;
        col += (int)nb_utf8_len(p) + 1;
        if (!tab) break;
        p = tab + 1;
    }
    n = k + 1;
    /* labels: up to the first value */
    int row = -1, group = -1;
    size_t label_at = 0, first_value = n;
    bool any_label = false, other_text = false; /* a header's text besides the labels */
    for (size_t j = 0; j < n; j++) {
        header_units(T, &cells[j]);
        int g = find_group(T, cells[j].norm);
        int r = g < 0 ? find_row(T, cells[j].norm) : -1;
        if (g < 0 && r < 0 && is_value(cells[j].norm)) { /* a label may start with a digit: 1.属于… */
            first_value = j;
            break;
        }
        if (g >= 0) {
            T->ctx = g;
            group = g;
            row = -1;
            label_at = j + 1;
            any_label = true;
            continue;
        }
        if (r >= 0) {
            row = r;
            label_at = j + 1;
            any_label = true;
        } else if (*cells[j].norm) {
            other_text = true;
        }
    }
    size_t end = n;
    while (end > label_at && !*cells[end - 1].norm) end--;
    bool numbers = first_value < n;
    if (!numbers) /* a header line: where the total column is */
        for (size_t j = 0; j < n; j++)
            for (size_t r = 0; r < T->fs->nrows; r++) {
                const nb_form_columns *c = T->fs->rows[r].kind == NB_FORM_ROW_LIST ? T->fs->rows[r].columns : NULL;
                char *tl = c && c->total_label ? imp_norm(c->total_label) : NULL;
                if (tl && strcmp(cells[j].norm, tl) == 0) T->total_idx = (int)j;
                free(tl);
            }
    /* a row left blank: its label, then only empty cells, as many as its columns */
    const nb_form_row *fr = row >= 0 ? &T->fs->rows[row] : NULL;
    bool blank = fr && !numbers && !other_text && end == label_at &&
                 n - label_at >= (size_t)(fr->kind == NB_FORM_ROW_LIST ? fr->columns->n : 1);
    if (row >= 0 && (numbers || blank)) {
        if (blank) end = label_at + (size_t)(fr->kind == NB_FORM_ROW_LIST ? fr->columns->n : 1);
        fill_row(T, row, cells + label_at, end - label_at, line->origin);
    } else if (row < 0 && group >= 0 && numbers && T->ss->groups[group].collapsed >= 0) {
        int r = T->ss->groups[group].collapsed;
        imp_warn(T->D->log, line->origin, cells[label_at ? label_at - 1 : 0].col,
                 "%s %s printed as one row: its numbers given to %s", T->fs->name, T->fs->groups[group].label,
                 T->fs->rows[r].name);
        fill_row(T, r, cells + label_at, end - label_at, line->origin);
    } else if (row < 0 && group >= 0 && numbers &&
               fill_rows(T, (size_t)T->fs->groups[group].first, (size_t)T->fs->groups[group].last, cells + label_at,
                         end - label_at, line->origin)) {
        /* the group's rows on one line */
    } else if (numbers &&
               (any_label || !fill_rows(T, 0, T->fs->nrows, cells + first_value, end - first_value, line->origin))) {
        nb_buf shown; /* the cells, | between them */
        nb_buf_init(&shown);
        for (size_t j = 0; j < end; j++) nb_buf_printf(&shown, "%s%s", j ? " | " : "", cells[j].s);
        imp_warn(T->D->log, line->origin, cells[first_value].col, "%s: cannot place this row: %s", T->fs->name,
                 shown.data);
        nb_buf_free(&shown);
    }
    for (size_t j = 0; j < n; j++) free(cells[j].norm);
    free(cells);
    free(copy);
}

void imp_table_parse(imp_doc *D, size_t si, int at, const imp_line *L, size_t n)
{
    tstate T = {D, &D->l->form.sections[si], &D->spec->sections[si], &D->tables[si], -1, -1, 0, NULL, -1};
    for (size_t i = 0; i < n; i++) {
        if (L[i].table) {
            table_line(&T, &L[i]);
        } else if (T.fs->note_key) {
            imp_add_para(&T.t->note, L[i].s);
        } else {
            imp_warn(D->log, L[i].origin, 1, "%s: text in a table section, not placed: %s", T.fs->name, L[i].s);
        }
    }
    for (size_t r = 0; r < T.fs->nrows; r++)
        if (!T.t->rows[r].seen && !T.fs->rows[r].sum_of)
            imp_warn(D->log, at, 1, "%s %s: not in the report, left out (0)", T.fs->name, T.fs->rows[r].name);
}

void imp_table_free(imp_table *t, const nb_form_section *fs)
{
    for (size_t r = 0; t->rows && r < fs->nrows; r++) {
        for (int c = 0; c < nb_form_row_width(&fs->rows[r]); c++) {
            free(t->rows[r].cells[c].text);
            free(t->rows[r].cells[c].note);
        }
        free(t->rows[r].cells);
    }
    free(t->rows);
    nb_buf_free(&t->note);
}
