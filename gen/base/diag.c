/* diag: see diag.h. */
#include "diag.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

void nb_diag_init(nb_diag *d, const char *file)
{
    memset(d, 0, sizeof *d);
    d->file = nb_xstrdup(file ? file : "<input>");
}

void nb_diag_free(nb_diag *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].message);
        free(d->items[i].file);
    }
    free(d->items);
    free(d->file);
    memset(d, 0, sizeof *d);
}

static void push(nb_diag *d, nb_severity sev, nb_mark mark, const char *fmt, va_list ap)
{
    NB_GROW(d->items, d->n, d->cap);
    nb_buf b;
    nb_buf_init(&b);
    nb_buf_vprintf(&b, fmt, ap);
    d->items[d->n] = (nb_diag_item){sev, mark, nb_buf_take(&b), d->n, NULL};
    d->n++;
    if (sev == NB_ERROR) d->errors++;
}

void nb_diag_error(nb_diag *d, nb_mark mark, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    push(d, NB_ERROR, mark, fmt, ap);
    va_end(ap);
}

void nb_diag_warning(nb_diag *d, nb_mark mark, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    push(d, NB_WARNING, mark, fmt, ap);
    va_end(ap);
}

void nb_diag_merge(nb_diag *d, nb_diag *from)
{
    for (size_t i = 0; i < from->n; i++) {
        NB_GROW(d->items, d->n, d->cap);
        nb_diag_item it = from->items[i];
        if (!it.file) it.file = nb_xstrdup(from->file);
        it.seq = d->n;
        d->items[d->n++] = it;
        if (it.severity == NB_ERROR) d->errors++;
    }
    free(from->items);
    from->items = NULL;
    from->n = from->cap = from->errors = 0;
}

static int by_position(const void *a, const void *b)
{
    const nb_diag_item *x = a, *y = b;
    if (!x->file != !y->file) return x->file ? 1 : -1; /* the diag's own file first */
    if (x->file && y->file && strcmp(x->file, y->file)) return strcmp(x->file, y->file);
    if (x->mark.line != y->mark.line) return x->mark.line < y->mark.line ? -1 : 1;
    if (x->mark.col != y->mark.col) return x->mark.col < y->mark.col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void nb_diag_print(nb_diag *d, FILE *out)
{
    if (d->n > 1) qsort(d->items, d->n, sizeof *d->items, by_position);
    for (size_t i = 0; i < d->n; i++) {
        const nb_diag_item *it = &d->items[i];
        const char *sev = it->severity == NB_ERROR ? "error" : "warning";
        if (it->mark.line > 0)
            fprintf(out, "%s:%d:%d: %s: %s\n", it->file ? it->file : d->file, it->mark.line, it->mark.col, sev,
                    it->message);
        else
            fprintf(out, "%s: %s: %s\n", it->file ? it->file : d->file, sev, it->message);
    }
}
