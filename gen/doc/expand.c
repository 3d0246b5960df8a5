/* expand: see expand.h. All wording comes from the data or the layout. */
#include "expand.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "textfmt.h"
#include "util.h"

typedef struct ctx {
    const nb_report *r;
    const nb_layout *l;
    nb_doc *doc;
} ctx;


static bool ends_closed(const char *text, const char *closers);

/* True when the UTF-8 character at s (len bytes) occurs in set. */
static bool in_set(const char *set, const char *s, int len)
{
    char ch[8] = {0};
    memcpy(ch, s, (size_t)len);
    return set && strstr(set, ch) != NULL;
}

/* A title (or agency name) written without line-break hints gets U+200B
 * after and before the layout's word-boundary characters (局 会 室 …, （ 关 …),
 * so a long one breaks between words, never inside one. */
static char *mark_breaks(const nb_layout *l, const char *title, const char *after, const char *before)
{
    if (strstr(title, "\u200b") || (!after && !before)) return nb_xstrdup(title);
    nb_buf b;
    nb_buf_init(&b);
    size_t n = strlen(title);
    int prev_len = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int len = nb_utf8_decode(title + i, n - i, &cp);
        if (len <= 0) len = 1;
        /* never where 禁则 forbids a break (before ） or after （) */
        bool may_break = i > 0 && !in_set(l->kinsoku_no_start, title + i, len) && !ends_closed(b.data ? b.data : "", l->kinsoku_no_end);
        if (may_break && in_set(before, title + i, len)) nb_buf_puts(&b, "\u200b");
        else if (may_break && i >= (size_t)prev_len && in_set(after, title + i - prev_len, prev_len)) nb_buf_puts(&b, "\u200b");
        nb_buf_add(&b, title + i, (size_t)len);
        i += (size_t)len;
        prev_len = len;
    }
    return nb_buf_take(&b);
}

static void add_paragraphs(ctx *c, const nb_text *t, const nb_style *style)
{
    for (size_t i = 0; i < t->nparas; i++) {
        const nb_paragraph *p = &t->paras[i];
        nb_block *b = nb_doc_append(c->doc, NB_BLOCK_PARA, style);
        for (size_t k = 0; k < p->nspans; k++)
            nb_block_add_run(b, p->spans[k].text, style, p->spans[k].bold, p->mark);
    }
}

/* True when the text already ends in a closing mark (e.g. 。), so a run-in
 * heading needs no added full stop. */
static bool ends_closed(const char *text, const char *closers)
{
    size_t n = strlen(text);
    if (!n) return false;
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80) i--;
    char last[8] = {0};
    memcpy(last, text + i, n - i < 7 ? n - i : 7);
    return closers && strstr(closers, last) != NULL;
}

static void add_items(ctx *c, const nb_item *items, size_t n, const char *first, int depth)
{
    const nb_numbering_style *ns = nb_layout_numbering_at(c->l, first, depth);
    for (size_t i = 0; i < n; i++) {
        const nb_item *it = &items[i];
        bool run_in = it->run_in && it->text.nparas > 0;
        const nb_style *hs = ns ? (run_in ? ns->run_in_style : ns->style) : c->l->body_style;
        nb_block *h = nb_doc_append(c->doc, NB_BLOCK_HEADING, hs);
        h->level = depth + 2;
        h->number = ns ? nb_format_number(ns->format, (int)i + 1) : nb_xstrdup("");
        h->run_in = run_in;
        if (run_in && !ends_closed(it->heading, c->l->kinsoku_no_start) && c->l->run_in_end) {
            char *t = nb_xasprintf("%s%s", it->heading, c->l->run_in_end);
            nb_block_add_run(h, t, hs, hs && hs->bold, it->mark);
            free(t);
        } else {
            nb_block_add_run(h, it->heading, hs, hs && hs->bold, it->mark);
        }
        add_paragraphs(c, &it->text, c->l->body_style);
        if (it->nitems) add_items(c, it->items, it->nitems, first, depth + 1);
    }
}

static void add_body(ctx *c, const nb_body *b)
{
    add_paragraphs(c, &b->intro, c->l->body_style);
    add_items(c, b->items, b->nitems, b->numbering, 0);
    add_paragraphs(c, &b->outro, c->l->body_style);
}

static char *count_text(const nb_layout *l, const nb_value *v, uint64_t value)
{
    if (v && v->na) return nb_xstrdup("/");
    char num[32];
    snprintf(num, sizeof num, "%" PRIu64, value);
    if (!v || !v->note) return nb_xstrdup(num);
    const char *names[] = {"count", "note"};
    const char *vals[] = {num, v->note};
    return nb_format(l->count_note_format, names, vals, 2);
}

/* The text of column col of a grid cell's field, as printed: a count with
 * its note per the layout's count_note format, `/` for 不适用, a decimal as
 * written; computed cells (a total column, a computed row) from their sums.
 * *mark gets the data position (0 when the value was omitted). */
static char *field_text(ctx *c, const char *path, int col, nb_mark *mark)
{
    nb_form_field f;
    *mark = (nb_mark){0, 0};
    if (!nb_form_field_parse(c->r->form, path, &f)) return nb_xstrdup("");
    if (f.col >= 0) col = f.col;
    const nb_section_data *s = nb_report_section(c->r, f.section->key);
    const nb_form_row *fr = &f.section->rows[f.row];
    const nb_row *row = &s->table.rows[f.row];
    const nb_value *v = !fr->sum_of && col < row->ncells ? &row->cells[col] : NULL;
    *mark = v && v->mark.line ? v->mark : row->mark;
    if (fr->kind == NB_FORM_ROW_DECIMAL || (v && v->text && !v->note))
        return nb_xstrdup(v->na ? "/" : v->text ? v->text : "0");
    if (v && v->text) { /* a signed count with a note */
        const char *names[] = {"count", "note"};
        const char *vals[] = {v->text, v->note};
        return nb_format(c->l->count_note_format, names, vals, 2);
    }
    return count_text(c->l, v, nb_report_cell(s, f.row, col));
}

static nb_table *build_table(ctx *c, const nb_layout_table *lt)
{
    nb_table *t = nb_xcalloc(1, sizeof *t);
    t->id = nb_xstrdup(lt->key);
    t->caption = nb_xstrdup(lt->caption ? lt->caption : lt->key);
    t->caption_visible = lt->caption_visible;
    t->ncols = lt->ncols;
    t->nrows = (int)lt->nrows;
    t->header_rows = lt->header_rows;
    t->col_widths = nb_xcalloc((size_t)lt->ncols, sizeof *t->col_widths);
    memcpy(t->col_widths, lt->col_widths, (size_t)lt->ncols * sizeof *t->col_widths);
    t->keep_with_next = nb_xcalloc(lt->nrows, sizeof *t->keep_with_next);
    int *busy = nb_xcalloc((size_t)lt->ncols, sizeof *busy);
    size_t cap = 0;
    for (size_t r = 0; r < lt->nrows; r++) {
        const nb_layout_row *row = &lt->rows[r];
        t->keep_with_next[r] = row->keep_with_next;
        int col = 0;
        for (size_t k = 0; k < row->ncells; k++) {
            const nb_layout_cell *lc = &row->cells[k];
            int copies = lc->field ? lc->columns : 1;
            for (int j = 0; j < copies; j++) {
                while (col < lt->ncols && busy[col] > 0) col++;
                int colspan = copies > 1 ? 1 : lc->colspan;
                if (col + colspan > lt->ncols) break; /* the layout loader has reported it */
                NB_GROW(t->cells, t->ncells, cap);
                nb_cell *cell = &t->cells[t->ncells++];
                memset(cell, 0, sizeof *cell);
                cell->row = (int)r;
                cell->col = col;
                cell->rowspan = lc->rowspan;
                cell->colspan = colspan;
                cell->kind = lc->kind >= 0 ? (nb_cell_kind)lc->kind : lc->field ? NB_CELL_VALUE : NB_CELL_LABEL;
                const nb_style *st = cell->kind == NB_CELL_HEAD ? lt->head_style
                                     : cell->kind == NB_CELL_LABEL ? lt->label_style : lt->value_style;
                cell->style = st;
                cell->align = lc->align >= 0 ? (nb_align)lc->align : st ? st->align : NB_ALIGN_CENTER;
                if (lc->field) cell->text = field_text(c, lc->field, copies > 1 ? j : 0, &cell->mark);
                else cell->text = nb_xstrdup(lc->text ? lc->text : "");
                for (int s = 0; s < colspan; s++) busy[col + s] = lc->rowspan;
                col += colspan;
            }
        }
        for (int s = 0; s < lt->ncols; s++) busy[s]--;
    }
    free(busy);
    return t;
}

static char *format_date(const nb_layout *l, int y, int m, int d)
{
    char ys[16], ms[16], ds[16];
    snprintf(ys, sizeof ys, "%d", y);
    snprintf(ms, sizeof ms, "%d", m);
    snprintf(ds, sizeof ds, "%d", d);
    const char *names[] = {"y", "m", "d"};
    const char *vals[] = {ys, ms, ds};
    return nb_format(l->date_format, names, vals, 3);
}

static char *format_report(const char *fmt, const nb_report *r)
{
    char year[16];
    snprintf(year, sizeof year, "%d", r->year);
    const char *names[] = {"agency", "year"};
    const char *vals[] = {r->agency ? r->agency : "", year};
    return nb_format(fmt, names, vals, 2);
}

void nb_expand(const nb_report *r, const nb_layout *l, nb_doc *doc)
{
    ctx c = {r, l, doc};
    char *title = r->title ? mark_breaks(l, r->title, l->title_break_after, l->title_break_before) : format_report(l->default_title_format, r);
    doc->title = nb_strip_zwsp(title);
    doc->author = nb_xstrdup(r->agency ? r->agency : "");
    doc->subject = l->subject_format ? format_report(l->subject_format, r) : nb_xstrdup(doc->title);
    doc->keywords = l->keywords_format ? format_report(l->keywords_format, r) : nb_xstrdup("");
    doc->lang = nb_xstrdup(l->html_lang);
    if (r->signed_y) {
        doc->date_y = r->signed_y, doc->date_m = r->signed_m, doc->date_d = r->signed_d;
    } else {
        doc->date_y = r->year, doc->date_m = 12, doc->date_d = 31;
    }

    nb_block *b = nb_doc_append(doc, NB_BLOCK_TITLE, l->title_style);
    b->anchor = nb_xstrdup("title");
    nb_block_add_run(b, title, l->title_style, l->title_style && l->title_style->bold, r->title_mark);
    free(title);
    if (r->subtitle) {
        b = nb_doc_append(doc, NB_BLOCK_SUBTITLE, l->subtitle_style);
        nb_block_add_run(b, r->subtitle, l->subtitle_style, false, r->subtitle_mark);
    }
    add_paragraphs(&c, &r->preface, l->preface_style);

    for (size_t i = 0; i < r->nsections; i++) {
        const nb_section_data *sd = &r->sections[i];
        const nb_form_section *s = sd->form;
        const char *heading = s->heading;
        nb_mark mark = {0, 0};
        for (size_t k = 0; k < r->nheadings; k++)
            if (strcmp(r->headings[k].key, s->key) == 0) heading = r->headings[k].text, mark = r->headings[k].mark;
        b = nb_doc_append(doc, NB_BLOCK_HEADING, l->section_style);
        b->level = 1;
        b->number = nb_format_number(l->section_number_format, (int)i + 1);
        b->anchor = nb_xasprintf("s-%s", s->key);
        nb_block_add_run(b, heading, l->section_style, false, mark);
        if (s->kind == NB_FORM_TABLE) {
            const nb_layout_table *lt = nb_layout_table_get(l, s->key);
            if (lt) {
                b = nb_doc_append(doc, NB_BLOCK_TABLE, l->table_style);
                b->table = build_table(&c, lt);
            }
            add_paragraphs(&c, &sd->table.note, l->note_style);
        } else {
            add_body(&c, &sd->body);
        }
    }

    if (r->has_signed) {
        b = nb_doc_append(doc, NB_BLOCK_SIGNOFF, l->signoff_style);
        char *agency = mark_breaks(l, r->signed_by ? r->signed_by : r->agency, l->signoff_break_after,
                                   l->signoff_break_before);
        nb_block_add_run(b, agency, l->signoff_style, false, r->signed_mark);
        free(agency);
        if (r->signed_y) {
            char *date = format_date(l, r->signed_y, r->signed_m, r->signed_d);
            nb_block_add_run(b, date, l->signoff_style, false, r->signed_mark);
            free(date);
        }
    }
}
