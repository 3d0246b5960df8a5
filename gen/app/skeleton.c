/* skeleton: see skeleton.h. The writing itself is datafile_write's (as
 * sum's); this decides what each cell and text holds. */
#include "skeleton.h"
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "data.h"
#include "datafile_write.h"
#include "replace.h"
#include "textfmt.h"
#include "util.h"
#include "yamlsrc.h"

typedef struct skel {
    const nb_layout *l;
    const nb_form *f;
    const nb_report *prev; /* NULL: a blank skeleton */
    nb_buf *b;
} skel;

/* ---- tables ---- */

/* Last year's value of a cell, as written (`/`, a decimal's text, a signed count). */
static void put_last(nb_buf *b, const nb_section_data *sd, int row, int col)
{
    const nb_form_row *fr = &sd->form->rows[row];
    const nb_value *v = fr->sum_of || col >= sd->table.rows[row].ncells ? NULL : &sd->table.rows[row].cells[col];
    if (v && v->na) nb_buf_putc(b, '/');
    else if (v && v->text) nb_buf_puts(b, v->text);
    else nb_buf_printf(b, "%" PRIu64, nb_report_cell(sd, row, col));
}

/* A cell: carried from last year where a `previous:` pair says so (this
 * year's 上年结转 is last year's 结转下年度; 现行有效 is last year's, the
 * year's 制发 and 废止 being 0 yet); `/` where last year wrote `/`; else 0. */
static void put_cell(nb_buf *b, const void *ctx, size_t si, size_t r, int c)
{
    const skel *K = ctx;
    if (!K->prev) {
        nb_buf_putc(b, '0');
        return;
    }
    const nb_section_data *sd = &K->prev->sections[si];
    const nb_form_section *fs = sd->form;
    for (size_t k = 0; k < fs->npairs; k++) {
        const nb_form_pair *p = &fs->pairs[k];
        if (p->now == (int)r && (p->column < 0 || p->column == c)) {
            put_last(b, sd, p->last, c);
            return;
        }
    }
    const nb_row *row = &sd->table.rows[r];
    nb_buf_putc(b, c < row->ncells && row->cells[c].na ? '/' : '0');
}

/* ---- texts ---- */

/* Last year's paragraphs as comments (`**` kept around bold runs). */
static void put_last_text(const skel *K, int indent, const nb_text *t)
{
    if (!t->nparas) return;
    char *head = nb_xasprintf("last year (%d):", K->prev->year);
    nb_dfw_comment(K->b, indent, head);
    free(head);
    for (size_t i = 0; i < t->nparas; i++) {
        nb_buf p;
        nb_buf_init(&p);
        nb_buf_puts(&p, "  ");
        for (size_t k = 0; k < t->paras[i].nspans; k++) {
            const nb_span *sp = &t->paras[i].spans[k];
            nb_buf_printf(&p, sp->bold ? "**%s**" : "%s", sp->text);
        }
        nb_dfw_comment(K->b, indent, p.data);
        nb_buf_free(&p);
    }
}

/* A name of the form's (placeholder.intro, …) with {heading}; NULL: the heading itself. */
static char *part_name(const char *format, const char *heading)
{
    if (!format) return nb_xstrdup(heading);
    const char *names[] = {"heading"}, *values[] = {heading};
    return nb_format(format, names, values, 1);
}

/* A text last year had: its comment, then `key: PLACEHOLDER`. */
static void put_rewrite(const skel *K, int indent, const char *key, const nb_text *last, const char *name)
{
    put_last_text(K, indent, last);
    nb_dfw_put_placeholder(K->b, K->f, indent, key, name);
}

static void put_items(const skel *K, int indent, const nb_item *items, size_t n, const char *numbering, int depth,
                      const char *enclosing)
{
    const nb_numbering_style *ns = nb_layout_numbering_at(K->l, numbering, depth);
    nb_buf_printf(K->b, "%*sitems:\n", indent, "");
    for (size_t i = 0; i < n; i++) {
        const nb_item *it = &items[i];
        char *number = ns ? nb_format_number(ns->format, (int)i + 1) : nb_xstrdup("");
        const char *names[] = {"heading", "number", "item"}, *values[] = {enclosing, number, it->heading};
        char *name = K->f->placeholder.item ? nb_format(K->f->placeholder.item, names, values, 3)
                                            : nb_xstrdup(enclosing);
        nb_buf_printf(K->b, "%*s- heading: ", indent + 2, "");
        nb_dfw_scalar(K->b, it->heading);
        nb_buf_putc(K->b, '\n');
        if (it->run_in) nb_buf_printf(K->b, "%*srun_in: true\n", indent + 4, "");
        if (it->text.nparas) put_rewrite(K, indent + 4, "text", &it->text, name);
        if (it->nitems) put_items(K, indent + 4, it->items, it->nitems, numbering, depth + 1, name);
        free(name);
        free(number);
    }
}

/* A body section: a placeholder, or last year's structure with one per text. */
static void put_body(const skel *K, size_t i, const char *heading)
{
    const nb_form_section *fs = &K->f->sections[i];
    const nb_body *last = K->prev ? &K->prev->sections[i].body : NULL;
    if (!last || (!last->nitems && !last->outro.nparas && !last->numbering)) {
        if (last) put_last_text(K, 0, &last->intro);
        nb_dfw_put_placeholder(K->b, K->f, 0, fs->key, heading);
        return;
    }
    const nb_form_placeholder *ph = &K->f->placeholder;
    nb_buf_printf(K->b, "%s:\n", fs->key);
    if (last->numbering) {
        nb_buf_puts(K->b, "  numbering: ");
        nb_dfw_scalar(K->b, last->numbering);
        nb_buf_putc(K->b, '\n');
    }
    if (last->intro.nparas) {
        char *name = part_name(ph->intro, heading);
        put_rewrite(K, 2, "intro", &last->intro, name);
        free(name);
    }
    if (last->nitems) put_items(K, 2, last->items, last->nitems, last->numbering, 0, heading);
    if (last->outro.nparas) {
        char *name = part_name(ph->outro, heading);
        put_rewrite(K, 2, "outro", &last->outro, name);
        free(name);
    }
}

/* ---- the file ---- */

static const char *heading_override(const nb_report *r, const char *key)
{
    for (size_t i = 0; r && i < r->nheadings; i++)
        if (strcmp(r->headings[i].key, key) == 0) return r->headings[i].text;
    return NULL;
}

/* A key of last year's not kept, as a comment: `# last year's title: …`. */
static void put_was(const skel *K, const char *key, const char *text)
{
    char *line = nb_xasprintf("last year's %s: %s", key, text);
    nb_dfw_comment(K->b, 0, line);
    free(line);
}

static void write_skeleton(const skel *K, const nb_new_opts *o, const char *layout_key)
{
    nb_buf *b = K->b;
    const nb_report *prev = K->prev;
    const nb_form *f = K->f;
    nb_buf_printf(b, "# The %d report, to fill in (nianbao new): counts 0, each text a placeholder.\n", o->year);
    if (prev) {
        nb_buf_printf(b, "# From last year's report (%d): the rows the form carries across years, the cells\n"
                         "# written `/` and the texts' structure (last year's text above each placeholder):\n",
                      prev->year);
        char *from = nb_xasprintf("  %s", o->previous);
        nb_dfw_comment(b, 0, from);
        free(from);
    }
    nb_buf_puts(b, "# nianbao check reports every placeholder left as an error.\n");
    nb_dfw_envelope(b, o->agency, o->year, layout_key);
    /* a title or subtitle of its own names last year's year or date: shown, not kept */
    if (prev && prev->title) put_was(K, "title", prev->title);
    if (prev && prev->subtitle) put_was(K, "subtitle", prev->subtitle);
    if (prev && prev->preface.nparas) {
        char *name = part_name(f->placeholder.preface, f->title ? f->title : f->name);
        put_rewrite(K, 0, "preface", &prev->preface, name);
        free(name);
    }
    if (prev && prev->nheadings) {
        nb_buf_puts(b, "headings:\n");
        for (size_t i = 0; i < prev->nheadings; i++) {
            nb_buf_printf(b, "  %s: ", prev->headings[i].key);
            nb_dfw_scalar(b, prev->headings[i].text);
            nb_buf_putc(b, '\n');
        }
    }
    for (size_t i = 0; i < f->nsections; i++) {
        const nb_form_section *fs = &f->sections[i];
        char *official = nb_dfw_heading(K->l, i, NULL);
        char *heading = nb_dfw_heading(K->l, i, heading_override(prev, fs->key));
        nb_buf_putc(b, '\n');
        nb_dfw_comment(b, 0, official);
        if (fs->kind == NB_FORM_TABLE) {
            nb_dfw_table(b, f, i, put_cell, K);
            const nb_text *note = prev ? &prev->sections[i].table.note : NULL;
            if (note && note->nparas && fs->note_key) {
                char *name = part_name(f->placeholder.note, heading);
                put_rewrite(K, 2, fs->note_key, note, name);
                free(name);
            }
        } else {
            put_body(K, i, heading);
        }
        free(heading);
        free(official);
    }
    if (prev && prev->has_signed) {
        nb_buf_puts(b, "\nsigned:\n");
        if (prev->signed_y) {
            char *d = nb_xasprintf("date: YYYY-MM-DD, the day it is signed (last year: %04d-%02d-%02d)", prev->signed_y,
                                   prev->signed_m, prev->signed_d);
            nb_dfw_comment(b, 2, d);
            free(d);
        }
        bool by_agency = !prev->signed_by || strcmp(prev->signed_by, prev->agency) == 0;
        nb_buf_puts(b, "  by: ");
        nb_dfw_scalar(b, by_agency ? o->agency : prev->signed_by);
        nb_buf_putc(b, '\n');
    }
}

/* Last year's report: valid, and of the year before. NULL (reported) otherwise. */
static nb_loaded *load_previous(nb_session *s, const nb_new_opts *o, FILE *err, int *rc)
{
    nb_loaded *p = nb_load_report(s, o->previous, err, rc);
    if (*rc != NB_EXIT_OK) {
        fprintf(err, "nianbao: error: %s: last year's report not valid (its problems above)\n", o->previous);
        nb_loaded_free(p);
        return NULL;
    }
    const nb_report *r = nb_loaded_report(p);
    if (r->year != o->year - 1) {
        nb_diag d;
        nb_diag_init(&d, o->previous);
        const nb_val *y = nb_val_get(nb_loaded_root(p), "year");
        nb_diag_error(&d, y ? y->mark : r->root_mark, "year %d is not %d, the year before %d: --previous is last year's report",
                      r->year, o->year - 1, o->year);
        nb_diag_print(&d, err);
        nb_diag_free(&d);
        nb_loaded_free(p);
        *rc = NB_EXIT_DATA;
        return NULL;
    }
    return p;
}

int nb_new_report(nb_session *s, const nb_new_opts *o, FILE *err)
{
    int rc = NB_EXIT_OK;
    nb_loaded *prev = NULL;
    const nb_layout *l;
    const char *layout_key = o->layout_key;
    if (o->previous) {
        prev = load_previous(s, o, err, &rc);
        if (!prev) {
            fprintf(err, "nianbao: error: %s not written\n", o->out);
            return rc;
        }
        l = nb_loaded_layout(prev);
        if (!layout_key) layout_key = nb_loaded_report(prev)->layout;
    } else {
        l = nb_session_layout(s, o->layout_key, false, NULL, err);
        if (!l) return NB_EXIT_ENV;
    }
    if (!l->form.placeholder.text) {
        fprintf(err, "nianbao: error: form %s declares no placeholder (form.yaml `placeholder:`) for the texts\n",
                l->form.name);
        nb_loaded_free(prev);
        return NB_EXIT_ENV;
    }
    nb_buf b;
    nb_buf_init(&b);
    skel K = {l, &l->form, prev ? nb_loaded_report(prev) : NULL, &b};
    write_skeleton(&K, o, layout_key);
    if (nb_replace_file(o->out, b.data, b.len) != 0) {
        fprintf(err, "nianbao: error: cannot write %s: %s\n", o->out, strerror(errno));
        rc = NB_EXIT_ENV;
    }
    nb_buf_free(&b);
    nb_loaded_free(prev);
    return rc;
}
