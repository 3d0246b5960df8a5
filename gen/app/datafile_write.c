/* datafile_write: see datafile_write.h. */
#include "datafile_write.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "schema.h"
#include "textfmt.h"

void nb_dfw_scalar(nb_buf *b, const char *s)
{
    static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "null", "~", NULL};
    bool plain = *s && !strchr("-?:,[]{}#&*!|>'\"%@` \t", *s) && !strstr(s, ": ") && !strstr(s, " #") &&
                 s[strlen(s) - 1] != ':' && s[strlen(s) - 1] != ' ' && nb_schema_numkind(s) == NB_NUM_NONE;
    for (const char *const *w = words; plain && *w; w++) plain = strcasecmp(s, *w) != 0;
    for (const char *p = s; plain && *p; p++) plain = (unsigned char)*p >= 0x20 && *p != 0x7f;
    if (plain) {
        nb_buf_puts(b, s);
        return;
    }
    nb_buf_putc(b, '"');
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') nb_buf_printf(b, "\\%c", c);
        else if (c == '\n') nb_buf_puts(b, "\\n");
        else if (c < 0x20 || c == 0x7f) nb_buf_printf(b, "\\x%02x", c);
        else nb_buf_putc(b, (char)c);
    }
    nb_buf_putc(b, '"');
}

void nb_dfw_comment(nb_buf *b, int indent, const char *text)
{
    nb_buf_printf(b, "%*s# ", indent, "");
    for (const char *p = text; *p; p++) nb_buf_putc(b, (unsigned char)*p < 0x20 ? ' ' : *p);
    nb_buf_putc(b, '\n');
}

char *nb_dfw_heading(const nb_layout *l, size_t i, const char *heading)
{
    char *num = nb_format_number(l->section_number_format, (int)i + 1);
    char *h = nb_xasprintf("%s%s", num, heading ? heading : l->form.sections[i].heading);
    free(num);
    return h;
}

char *nb_dfw_placeholder(const nb_form *f, const char *name)
{
    const char *names[] = {"heading"}, *values[] = {name};
    return nb_format(f->placeholder.text, names, values, 1);
}

void nb_dfw_put_placeholder(nb_buf *b, const nb_form *f, int indent, const char *key, const char *name)
{
    char *text = nb_dfw_placeholder(f, name);
    nb_buf_printf(b, "%*s%s: ", indent, "", key);
    nb_dfw_scalar(b, text);
    nb_buf_putc(b, '\n');
    free(text);
}

void nb_dfw_envelope(nb_buf *b, const char *agency, int year, const char *layout_key)
{
    nb_buf_puts(b, "agency: ");
    nb_dfw_scalar(b, agency);
    nb_buf_printf(b, "\nyear: %d\n", year);
    if (layout_key) {
        nb_buf_puts(b, "layout: ");
        nb_dfw_scalar(b, layout_key);
        nb_buf_putc(b, '\n');
    }
}

/* The groups enclosing row r, outermost first (into g; returns how many). */
static int group_chain(const nb_form_section *fs, const nb_form_row *r, int *g, int max)
{
    int n = 0;
    for (int k = r->group; k >= 0 && n < max; k = fs->groups[k].parent) n++;
    int i = n;
    for (int k = r->group; k >= 0 && i > 0; k = fs->groups[k].parent) g[--i] = k;
    return n;
}

enum { MAX_DEPTH = 16 };

void nb_dfw_table(nb_buf *b, const nb_form *f, size_t si, nb_dfw_cell_fn *cell, const void *ctx)
{
    const nb_form_section *fs = &f->sections[si];
    /* the column sets of its rows, once each */
    const nb_form_columns *seen[MAX_DEPTH * 4];
    size_t nseen = 0;
    for (size_t r = 0; r < fs->nrows; r++) {
        const nb_form_columns *c = fs->rows[r].kind == NB_FORM_ROW_LIST ? fs->rows[r].columns : NULL;
        bool dup = !c;
        for (size_t k = 0; k < nseen && !dup; k++) dup = seen[k] == c;
        if (dup || nseen == sizeof seen / sizeof *seen) continue;
        seen[nseen++] = c;
        nb_buf_puts(b, "# columns:");
        for (int k = 0; k < c->n; k++) nb_buf_printf(b, "%s %s", k ? "," : "", c->labels[k]);
        nb_buf_putc(b, '\n');
    }
    nb_buf_printf(b, "%s:\n", fs->key);
    int open[MAX_DEPTH], nopen = 0;
    for (size_t r = 0; r < fs->nrows; r++) {
        const nb_form_row *fr = &fs->rows[r];
        if (fr->sum_of) continue; /* computed */
        int chain[MAX_DEPTH];
        int n = group_chain(fs, fr, chain, MAX_DEPTH);
        int same = 0;
        while (same < n && same < nopen && open[same] == chain[same]) same++;
        for (int k = same; k < n; k++) {
            nb_dfw_comment(b, 2 * (k + 1), fs->groups[chain[k]].label);
            nb_buf_printf(b, "%*s%s:\n", 2 * (k + 1), "", fs->groups[chain[k]].key);
            open[k] = chain[k];
        }
        nopen = n;
        int indent = 2 * (n + 1);
        /* a row inside a group: its label; at the top: its name (行政诉讼（未经复议直接起诉）) */
        nb_dfw_comment(b, indent, fr->group >= 0 ? fr->label : fr->name);
        nb_buf_printf(b, "%*s%s: ", indent, "", fr->key);
        if (fr->kind == NB_FORM_ROW_LIST) {
            nb_buf_putc(b, '[');
            for (int c = 0; c < fr->columns->n; c++) {
                if (c) nb_buf_puts(b, ", ");
                cell(b, ctx, si, r, c);
            }
            nb_buf_putc(b, ']');
        } else {
            cell(b, ctx, si, r, 0);
        }
        nb_buf_putc(b, '\n');
    }
}
