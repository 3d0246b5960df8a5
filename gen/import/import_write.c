/* import_write: the imported report as a data file, in the form's order:
 * agency, year, title, subtitle, preface, headings, the six sections (rows
 * in flow lists, groups nested as the form nests them), the sign-off.
 * Scalars are plain when YAML reads them back as the same string, else
 * double-quoted; text of several paragraphs is a literal block. A lone
 * asterisk is escaped (\*); a pair is kept as the data format's bold mark. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "import_model.h"
#include "schema.h"
#include "textfmt.h"

/* Characters YAML does not print as themselves (C1 controls, line and
 * paragraph separators, BOM, non-characters): written as \u escapes. */
static bool yaml_unprintable(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE ||
           cp == 0xFFFF;
}

static bool has_unprintable(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = nb_utf8_decode(s + i, n - i, &cp);
        if (k == 0 || yaml_unprintable(cp)) return true;
        i += (size_t)k;
    }
    return false;
}

static bool plain_ok(const char *s)
{
    static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n", NULL};
    size_t n = strlen(s);
    if (!n || strchr("-?:,[]{}#&*!|>'\"%@` \t", *s) || s[n - 1] == ':' || s[n - 1] == ' ') return false;
    if (strstr(s, ": ") || strstr(s, " #") || strpbrk(s, ",[]{}\\") || nb_schema_numkind(s) != NB_NUM_NONE)
        return false;
    for (const char *const *w = words; *w; w++)
        if (strcasecmp(s, *w) == 0) return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) return false;
    return !has_unprintable(s);
}

static void put_scalar(nb_buf *b, const char *s)
{
    if (plain_ok(s)) {
        nb_buf_puts(b, s);
        return;
    }
    nb_buf_putc(b, '"');
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        int k = nb_utf8_decode(s + i, n - i, &cp);
        if (k == 0) { /* not UTF-8: the replacement character */
            nb_buf_puts(b, "\\ufffd");
            i++;
            continue;
        }
        if (c == '"' || c == '\\') nb_buf_printf(b, "\\%c", c);
        else if (c == '\n') nb_buf_puts(b, "\\n");
        else if (c < 0x20 || c == 0x7f) nb_buf_printf(b, "\\x%02x", c);
        else if (yaml_unprintable(cp)) nb_buf_printf(b, "\\u%04x", (unsigned)cp);
        else nb_buf_add(b, s + i, (size_t)k);
        i += (size_t)k;
    }
    nb_buf_putc(b, '"');
}

static char *escape_stars(const char *s)
{
    nb_buf b;
    nb_buf_init(&b);
    for (const char *p = s; *p; p++) {
        if (*p == '*' && p[1] == '*') { /* ** is the data format's bold mark: kept */
            nb_buf_puts(&b, "**");
            p++;
            continue;
        }
        if (*p == '*') nb_buf_putc(&b, '\\');
        nb_buf_putc(&b, *p);
    }
    return nb_buf_take(&b);
}

/* key: text — one paragraph as a scalar, several as a literal block */
static void put_text(nb_buf *b, int indent, const char *key, const char *text)
{
    char *t = escape_stars(text);
    nb_buf_printf(b, "%*s%s: ", indent, "", key);
    /* a literal block only when every line starts with text and prints as itself */
    bool block = strchr(t, '\n') && !has_unprintable(t) && t[0] != ' ';
    for (const char *p = t; block && (p = strchr(p, '\n')); p++) block = p[1] != ' ' && p[1] != '\t';
    for (const char *p = t; block && *p; p++) block = (unsigned char)*p >= 0x20 || *p == '\n';
    if (!block) {
        put_scalar(b, t);
        nb_buf_putc(b, '\n');
    } else {
        nb_buf_puts(b, "|\n");
        for (const char *p = t; *p;) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            if (len) nb_buf_printf(b, "%*s%.*s", indent + 2, "", (int)len, p);
            nb_buf_putc(b, '\n');
            p += len + (e ? 1 : 0);
        }
    }
    free(t);
}

static void put_items(nb_buf *b, int indent, const imp_item *items, size_t n)
{
    nb_buf_printf(b, "%*sitems:\n", indent, "");
    for (size_t i = 0; i < n; i++) {
        const imp_item *it = &items[i];
        nb_buf_printf(b, "%*s- heading: ", indent + 2, "");
        put_scalar(b, it->heading);
        nb_buf_putc(b, '\n');
        if (it->run_in) nb_buf_printf(b, "%*srun_in: true\n", indent + 4, "");
        if (it->text.len) put_text(b, indent + 4, "text", it->text.data);
        if (it->n) put_items(b, indent + 4, it->items, it->n);
    }
}

static void put_body(nb_buf *b, const imp_doc *D, size_t si)
{
    const nb_form_section *fs = &D->l->form.sections[si];
    const imp_body *body = &D->bodies[si];
    if (!body->n && !body->numbering) {
        if (body->intro.len) {
            put_text(b, 0, fs->key, body->intro.data);
        } else if (fs->required) { /* not in the report: check says it is still to be written */
            char *h = nb_format_number(D->l->section_number_format, (int)si + 1);
            char *numbered = nb_xasprintf("%s%s", h, fs->heading);
            const char *names[] = {"heading"}, *values[] = {numbered};
            char *text = D->l->form.placeholder.text ? nb_format(D->l->form.placeholder.text, names, values, 1)
                                                     : nb_xstrdup("");
            nb_buf_printf(b, "%s: ", fs->key);
            put_scalar(b, text);
            nb_buf_putc(b, '\n');
            free(text);
            free(numbered);
            free(h);
        }
        return;
    }
    nb_buf_printf(b, "%s:\n", fs->key);
    if (body->numbering) {
        nb_buf_puts(b, "  numbering: ");
        put_scalar(b, body->numbering);
        nb_buf_putc(b, '\n');
    }
    if (body->intro.len) put_text(b, 2, "intro", body->intro.data);
    if (body->n) put_items(b, 2, body->items, body->n);
}

static void put_cell(nb_buf *b, const imp_cell *c)
{
    switch (c->kind) {
    case IMP_COUNT:
        if (c->note) {
            nb_buf_printf(b, "{count: %u, note: ", c->count);
            put_scalar(b, c->note);
            nb_buf_putc(b, '}');
        } else {
            nb_buf_printf(b, "%u", c->count);
        }
        break;
    case IMP_NA: nb_buf_putc(b, '/'); break;
    case IMP_TEXT: nb_buf_puts(b, c->text); break;
    case IMP_BLANK: nb_buf_putc(b, '0'); break;
    }
}

enum { MAX_DEPTH = 16 };

/* The groups enclosing row r, outermost first (into g; returns how many). */
static int group_chain(const nb_form_section *fs, int g0, int *g)
{
    int n = 0;
    for (int k = g0; k >= 0 && n < MAX_DEPTH; k = fs->groups[k].parent) n++;
    int i = n;
    for (int k = g0; k >= 0 && i > 0; k = fs->groups[k].parent) g[--i] = k;
    return n;
}

static void put_table(nb_buf *b, const imp_doc *D, size_t si)
{
    const nb_form_section *fs = &D->l->form.sections[si];
    const imp_table *t = &D->tables[si];
    bool any = t->note.len > 0;
    for (size_t r = 0; r < fs->nrows; r++) any |= t->rows[r].seen;
    if (!any) return;
    nb_buf_printf(b, "%s:\n", fs->key);
    int open[MAX_DEPTH], nopen = 0;
    for (size_t r = 0; r < fs->nrows; r++) {
        const nb_form_row *fr = &fs->rows[r];
        const imp_row *row = &t->rows[r];
        if (!row->seen) continue;
        int chain[MAX_DEPTH];
        int n = group_chain(fs, fr->group, chain);
        int same = 0;
        while (same < n && same < nopen && open[same] == chain[same]) same++;
        for (int k = same; k < n; k++) {
            nb_buf_printf(b, "%*s%s:\n", 2 * (k + 1), "", fs->groups[chain[k]].key);
            open[k] = chain[k];
        }
        nopen = n;
        nb_buf_printf(b, "%*s%s: ", 2 * (n + 1), "", fr->key);
        if (fr->kind == NB_FORM_ROW_LIST) {
            nb_buf_putc(b, '[');
            for (int c = 0; c < row->ncells; c++) {
                if (c) nb_buf_puts(b, ", ");
                put_cell(b, &row->cells[c]);
            }
            nb_buf_putc(b, ']');
        } else {
            put_cell(b, &row->cells[0]);
        }
        nb_buf_putc(b, '\n');
    }
    if (t->note.len && fs->note_key) put_text(b, 2, fs->note_key, t->note.data);
}

void imp_write(const imp_doc *D, const char *layout_key, const char *source, nb_buf *b)
{
    const nb_form *f = &D->l->form;
    nb_buf_puts(b, "# Imported by nianbao import from ");
    for (const char *p = source; *p; p++) nb_buf_putc(b, (unsigned char)*p < 0x20 ? ' ' : *p);
    nb_buf_puts(b, ": compare every number with the original.\n");
    nb_buf_puts(b, "agency: ");
    put_scalar(b, D->agency ? D->agency : "");
    nb_buf_printf(b, "\nyear: %d\n", D->year);
    if (layout_key) {
        nb_buf_puts(b, "layout: ");
        put_scalar(b, layout_key);
        nb_buf_putc(b, '\n');
    }
    if (D->title) put_text(b, 0, "title", D->title);
    if (D->subtitle) put_text(b, 0, "subtitle", D->subtitle);
    if (D->preface.len) put_text(b, 0, "preface", D->preface.data);
    bool any = false;
    for (size_t i = 0; i < f->nsections; i++) any |= D->headings[i] != NULL;
    if (any) {
        nb_buf_puts(b, "headings:\n");
        for (size_t i = 0; i < f->nsections; i++)
            if (D->headings[i]) {
                nb_buf_printf(b, "  %s: ", f->sections[i].key);
                put_scalar(b, D->headings[i]);
                nb_buf_putc(b, '\n');
            }
    }
    for (size_t i = 0; i < f->nsections; i++) {
        if (f->sections[i].kind == NB_FORM_TABLE) put_table(b, D, i);
        else put_body(b, D, i);
    }
    if (D->sy) {
        nb_buf_puts(b, "signed:\n");
        if (D->signed_by) {
            nb_buf_puts(b, "  by: ");
            put_scalar(b, D->signed_by);
            nb_buf_putc(b, '\n');
        }
        nb_buf_printf(b, "  date: %04d-%02d-%02d\n", D->sy, D->sm, D->sd);
    }
}
