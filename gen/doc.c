/* doc: the document tree; see doc.h. */
#include "doc.h"
#include <stdlib.h>
#include <string.h>
#include "util.h"

void nb_doc_init(nb_doc *doc) { memset(doc, 0, sizeof *doc); }

static void table_free(nb_table *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->ncells; i++) free(t->cells[i].text);
    free(t->cells);
    free(t->col_widths);
    free(t->keep_with_next);
    free(t->id);
    free(t->caption);
    free(t);
}

void nb_doc_free(nb_doc *doc)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        nb_block *b = &doc->blocks[i];
        for (size_t k = 0; k < b->nruns; k++) free(b->runs[k].text);
        free(b->runs);
        free(b->number);
        free(b->anchor);
        table_free(b->table);
    }
    free(doc->blocks);
    free(doc->title);
    free(doc->author);
    free(doc->subject);
    free(doc->keywords);
    free(doc->lang);
    memset(doc, 0, sizeof *doc);
}

nb_block *nb_doc_append(nb_doc *doc, nb_block_kind kind, const char *style)
{
    NB_GROW(doc->blocks, doc->nblocks, doc->cap);
    nb_block *b = &doc->blocks[doc->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->style = style;
    return b;
}

nb_run *nb_block_add_run(nb_block *b, const char *text, const char *style, bool bold, nb_mark mark)
{
    b->runs = nb_xrealloc(b->runs, (b->nruns + 1) * sizeof *b->runs);
    nb_run *r = &b->runs[b->nruns++];
    r->text = nb_xstrdup(text);
    r->style = style;
    r->bold = bold;
    r->mark = mark;
    return r;
}

char *nb_block_text(const nb_block *b)
{
    nb_buf buf;
    nb_buf_init(&buf);
    for (size_t i = 0; i < b->nruns; i++) nb_buf_puts(&buf, b->runs[i].text);
    return nb_buf_take(&buf);
}

static const char *kind_name(nb_block_kind k)
{
    static const char *const names[] = {"title", "subtitle", "heading", "para", "table", "signoff"};
    return names[k];
}

void nb_doc_dump(const nb_doc *doc, FILE *out)
{
    static const char *const cell_kinds[] = {"head", "label", "value"};
    fprintf(out, "doc title=\"%s\" author=\"%s\"\n", doc->title ? doc->title : "", doc->author ? doc->author : "");
    for (size_t i = 0; i < doc->nblocks; i++) {
        const nb_block *b = &doc->blocks[i];
        fprintf(out, "%s", kind_name(b->kind));
        if (b->kind == NB_BLOCK_HEADING) fprintf(out, " level=%d number=\"%s\"%s", b->level, b->number ? b->number : "", b->run_in ? " run-in" : "");
        fprintf(out, " style=%s\n", b->style ? b->style : "-");
        for (size_t k = 0; k < b->nruns; k++)
            fprintf(out, "  run%s style=%s \"%s\"\n", b->runs[k].bold ? " bold" : "", b->runs[k].style ? b->runs[k].style : "-",
                    b->runs[k].text);
        if (b->table) {
            const nb_table *t = b->table;
            fprintf(out, "  table %s %dx%d header=%d\n", t->id, t->nrows, t->ncols, t->header_rows);
            for (size_t c = 0; c < t->ncells; c++) {
                const nb_cell *cell = &t->cells[c];
                fprintf(out, "  [%d,%d %dx%d] %s \"%s\"\n", cell->row, cell->col, cell->rowspan, cell->colspan,
                        cell_kinds[cell->kind], cell->text);
            }
        }
    }
}
