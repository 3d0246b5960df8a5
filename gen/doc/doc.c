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

nb_block *nb_doc_append(nb_doc *doc, nb_block_kind kind, const nb_style *style)
{
    NB_GROW(doc->blocks, doc->nblocks, doc->cap);
    nb_block *b = &doc->blocks[doc->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->style = style;
    return b;
}

nb_run *nb_block_add_run(nb_block *b, const char *text, const nb_style *style, bool bold, nb_mark mark)
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
