/* html: renders the document tree as HTML in one pass over the blocks,
 * appending to the caller's buffer. The CSS comes from the layout's text
 * styles (one class .nb-s-NAME per style), a few structural rules that make
 * the markup work (run-in headings, table borders, scrolling table regions)
 * and the layout's html.css. Every selector is scoped under .nb-report, the
 * root element in both the page and the fragment. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "html.h"

static void esc(nb_buf *b, const char *s, nb_html_ctx ctx)
{
    if (s) nb_html_escape(b, s, strlen(s), ctx);
}

/* A style name as a class name: ASCII letters, digits, '-' and '_' kept, any
 * other byte as _XX, so the name needs no CSS escaping (layout style names
 * are identifiers in practice, so this never merges two of them). */
static void put_class(nb_buf *b, const char *name)
{
    nb_buf_puts(b, "nb-s-");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
            nb_buf_putc(b, (char)*p);
        else
            nb_buf_printf(b, "_%02X", *p);
    }
}

/* A fixed-point number with three decimals (mpt as pt, or a ratio ×1000),
 * trailing zeros trimmed: integers keep reruns byte-identical. */
static void put_milli(nb_buf *b, int64_t v)
{
    if (v < 0) { nb_buf_putc(b, '-'); v = -v; }
    nb_buf_printf(b, "%lld", (long long)(v / 1000));
    int frac = (int)(v % 1000);
    if (frac) {
        /* digit by digit: frac is 1..999, three digits and a NUL always fit */
        char d[4] = {(char)('0' + frac / 100), (char)('0' + frac / 10 % 10), (char)('0' + frac % 10), 0};
        for (int i = 2; i > 0 && d[i] == '0'; i--) d[i] = 0;
        nb_buf_printf(b, ".%s", d);
    }
}

static int64_t ratio_milli(int64_t num, int64_t den)
{
    return (num * 1000 + den / 2) / den;
}

static const char *align_css(nb_align a)
{
    switch (a) {
    case NB_ALIGN_CENTER: return "center";
    case NB_ALIGN_RIGHT: return "right";
    case NB_ALIGN_JUSTIFY: return "justify";
    default: return "left";
    }
}

static const char *align_class(nb_align a)
{
    switch (a) {
    case NB_ALIGN_CENTER: return "nb-a-c";
    case NB_ALIGN_RIGHT: return "nb-a-r";
    case NB_ALIGN_JUSTIFY: return "nb-a-j";
    default: return "nb-a-l";
    }
}

static void style_rule(nb_buf *b, const nb_style *s)
{
    nb_buf_puts(b, ".nb-report .");
    put_class(b, s->name);
    nb_buf_putc(b, '{');
    if (s->font && s->font->css && *s->font->css) {
        nb_buf_puts(b, "font-family:");
        nb_html_css_text(b, s->font->css);
        nb_buf_putc(b, ';');
    }
    if (s->size > 0) {
        nb_buf_puts(b, "font-size:");
        put_milli(b, s->size);
        nb_buf_puts(b, "pt;");
        /* Relative to the size, so a reader who scales the text keeps the proportions. */
        if (s->leading > 0) {
            nb_buf_puts(b, "line-height:");
            put_milli(b, ratio_milli(s->leading, s->size));
            nb_buf_putc(b, ';');
        }
        nb_buf_puts(b, "text-indent:");
        put_milli(b, ratio_milli(s->indent, s->size));
        nb_buf_puts(b, s->indent ? "em;" : ";");
    }
    if (s->padding > 0) {
        nb_buf_puts(b, "padding:");
        put_milli(b, s->padding);
        nb_buf_puts(b, "pt;");
    }
    if (s->rule > 0) {
        nb_buf_puts(b, "border-width:");
        put_milli(b, s->rule);
        nb_buf_puts(b, "pt;");
    }
    nb_buf_printf(b, "text-align:%s;font-weight:%s;", align_css(s->align), s->bold ? "bold" : "normal");
    if (s->balance) nb_buf_puts(b, "text-wrap:balance;");
    nb_buf_puts(b, "margin:");
    const nb_mpt m[4] = {s->space_before, s->margin_right, s->space_after, s->margin_left};
    for (int i = 0; i < 4; i++) {
        if (i) nb_buf_putc(b, ' ');
        put_milli(b, m[i]);
        if (m[i]) nb_buf_puts(b, "pt");
    }
    nb_buf_puts(b, "}\n");
}

/* Rules the markup relies on, before the style classes (so a layout style may
 * override them) and after (so they win over the style classes). */
static const char CSS_BEFORE[] =
    ".nb-report{margin:0 auto;padding:0 1em}\n"
    ".nb-report h1,.nb-report h2,.nb-report h3,.nb-report h4,.nb-report h5,.nb-report h6,.nb-report p,"
    ".nb-report caption{overflow-wrap:anywhere}\n"
    ".nb-report .nb-subtitle{text-align:center}\n"
    ".nb-report .nb-signoff{text-align:right}\n";

static const char CSS_AFTER[] =
    /* A run-in heading starts its paragraph's first line: both inline inside
     * a block that carries the paragraph's style (indent, line height). */
    ".nb-report .nb-runin>h2,.nb-report .nb-runin>h3,.nb-report .nb-runin>h4,.nb-report .nb-runin>h5,"
    ".nb-report .nb-runin>h6,.nb-report .nb-runin>p{display:inline;margin:0}\n"
    ".nb-report .nb-signoff>p,.nb-report .nb-signoff-box>p{margin:0}\n"
    /* GB/T 9704 §7.3.5: the agency's lines centred over the date, the box at the right */
    ".nb-report .nb-signoff-box{display:inline-block;max-width:14em;text-align:center;text-indent:0}\n"
    /* Wide tables scroll inside their own region, never the page. */
    ".nb-report .nb-table-wrap{overflow-x:auto;max-width:100%}\n"
    ".nb-report table{border-collapse:collapse;width:100%}\n"
    ".nb-report th,.nb-report td{border:1px solid;padding:0.2em 0.3em;vertical-align:middle;text-indent:0;min-width:2em}\n"
    ".nb-report caption{text-indent:0;padding:0.3em 0}\n"
    ".nb-report .nb-a-l{text-align:left}\n"
    ".nb-report .nb-a-c{text-align:center}\n"
    ".nb-report .nb-a-r{text-align:right}\n"
    ".nb-report .nb-a-j{text-align:justify}\n"
    ".nb-report .nb-sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
    "clip-path:inset(50%);white-space:nowrap;border:0}\n";

static void render_css(nb_buf *b, const nb_layout *l)
{
    nb_buf_puts(b, CSS_BEFORE);
    if (l && l->page.text_width > 0) {
        /* The column is as wide as the printed text block. */
        nb_buf_puts(b, ".nb-report{max-width:");
        put_milli(b, l->page.text_width);
        nb_buf_puts(b, "pt}\n");
    }
    for (size_t i = 0; l && i < l->nstyles; i++)
        if (l->styles[i].name) style_rule(b, &l->styles[i]);
    nb_buf_puts(b, CSS_AFTER);
    if (l && l->html_css) nb_html_css_text(b, l->html_css);
}

/* ` class="nb-s-STYLE"` plus any extra classes; nothing when both are absent. */
static void class_attr(nb_buf *b, const char *extra, const nb_style *style)
{
    if (!extra && !style) return;
    nb_buf_puts(b, " class=\"");
    if (extra) nb_buf_puts(b, extra);
    if (extra && style) nb_buf_putc(b, ' ');
    if (style) put_class(b, style->name);
    nb_buf_putc(b, '"');
}

static void id_attr(nb_buf *b, const char *id)
{
    if (!id || !*id) return;
    nb_buf_puts(b, " id=\"");
    esc(b, id, NB_HTML_ID);
    nb_buf_putc(b, '"');
}

static void render_runs(nb_buf *b, const nb_block *blk)
{
    for (size_t i = 0; i < blk->nruns; i++) {
        const nb_run *r = &blk->runs[i];
        bool own_style = r->style && r->style != blk->style;
        const nb_style *st = own_style ? r->style : blk->style;
        /* A run bold only because its style is bold needs no <strong>. */
        bool strong = r->bold && !(st && st->bold);
        if (own_style) {
            nb_buf_puts(b, "<span");
            class_attr(b, NULL, r->style);
            nb_buf_putc(b, '>');
        }
        if (strong) nb_buf_puts(b, "<strong>");
        esc(b, r->text, NB_HTML_TEXT);
        if (strong) nb_buf_puts(b, "</strong>");
        if (own_style) nb_buf_puts(b, "</span>");
    }
}

static int heading_rank(const nb_block *blk)
{
    int h = blk->level + 1;
    return h < 2 ? 2 : h > 6 ? 6 : h;
}

static void render_heading(nb_buf *b, const nb_block *blk)
{
    int h = heading_rank(blk);
    nb_buf_printf(b, "<h%d", h);
    id_attr(b, blk->anchor);
    class_attr(b, NULL, blk->style);
    nb_buf_putc(b, '>');
    esc(b, blk->number, NB_HTML_TEXT);
    render_runs(b, blk);
    nb_buf_printf(b, "</h%d>", h);
}

static void render_para(nb_buf *b, const nb_block *blk, const char *extra)
{
    nb_buf_puts(b, "<p");
    class_attr(b, extra, blk->style);
    nb_buf_putc(b, '>');
    render_runs(b, blk);
    nb_buf_puts(b, "</p>\n");
}

/* Run-in heading and its paragraph: the wrapper carries the paragraph's style,
 * the heading and the paragraph are inline in it (no whitespace between,
 * which would show as a space). */
static void render_run_in(nb_buf *b, const nb_block *head, const nb_block *para)
{
    nb_buf_puts(b, "<div");
    class_attr(b, "nb-runin", para->style);
    nb_buf_putc(b, '>');
    render_heading(b, head);
    nb_buf_puts(b, "<p>");
    render_runs(b, para);
    nb_buf_puts(b, "</p></div>\n");
}

static void render_signoff(nb_buf *b, const nb_block *blk)
{
    nb_buf_puts(b, "<div");
    class_attr(b, "nb-signoff", blk->style);
    nb_buf_puts(b, ">\n<div class=\"nb-signoff-box\">\n");
    for (size_t i = 0; i < blk->nruns; i++) {
        nb_block line = *blk;
        line.runs = &blk->runs[i];
        line.nruns = 1;
        nb_buf_puts(b, "<p>");
        render_runs(b, &line);
        nb_buf_puts(b, "</p>\n");
    }
    nb_buf_puts(b, "</div>\n</div>\n");
}

static int cmp_cell(const void *a, const void *b)
{
    const nb_cell *x = *(const nb_cell *const *)a, *y = *(const nb_cell *const *)b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* When the first row's cells tile every column, each becomes a <colgroup>,
 * which is what makes scope="colgroup" on a spanning header in that row
 * mean "this header's columns". Returns whether it does. */
static bool first_row_tiles(nb_cell *const *cells, size_t n, int ncols)
{
    int next = 0;
    for (size_t i = 0; i < n && cells[i]->row == 0; i++) {
        if (cells[i]->col != next || cells[i]->colspan < 1) return false;
        next += cells[i]->colspan;
    }
    return next == ncols;
}

static void put_col(nb_buf *b, const nb_table *t, int c, int64_t total)
{
    nb_buf_puts(b, "<col");
    if (t->col_widths && total > 0) {
        /* Hundredths of a percent, from integers: deterministic. */
        int64_t w = ((int64_t)t->col_widths[c] * 10000 + total / 2) / total;
        nb_buf_printf(b, " style=\"width:%lld.%02lld%%\"", (long long)(w / 100), (long long)(w % 100));
    }
    nb_buf_putc(b, '>');
}

static void render_colgroups(nb_buf *b, const nb_table *t, nb_cell *const *cells, size_t n, bool tiled)
{
    int64_t total = 0;
    for (int c = 0; t->col_widths && c < t->ncols; c++) total += t->col_widths[c] > 0 ? t->col_widths[c] : 0;
    if (!tiled) {
        nb_buf_puts(b, "<colgroup>");
        for (int c = 0; c < t->ncols; c++) put_col(b, t, c, total);
        nb_buf_puts(b, "</colgroup>\n");
        return;
    }
    for (size_t i = 0; i < n && cells[i]->row == 0; i++) {
        nb_buf_puts(b, "<colgroup>");
        for (int c = cells[i]->col; c < cells[i]->col + cells[i]->colspan; c++) put_col(b, t, c, total);
        nb_buf_puts(b, "</colgroup>");
    }
    nb_buf_putc(b, '\n');
}

static void render_cell(nb_buf *b, const nb_cell *c, int row_end, int ncols, bool colgroups)
{
    int rs = c->rowspan < 1 ? 1 : c->rowspan, cs = c->colspan < 1 ? 1 : c->colspan;
    /* A span cannot leave its row group (thead/tbody) or the table. */
    if (c->row + rs > row_end) rs = row_end - c->row;
    if (c->col + cs > ncols) cs = ncols - c->col;
    bool empty = !c->text || !*c->text;
    /* An empty header cell is announced as nothing: keep it a plain cell. */
    const char *tag = empty || c->kind == NB_CELL_VALUE ? "td" : "th";
    nb_buf_printf(b, "<%s", tag);
    if (tag[1] == 'h') {
        /* scope="rowgroup" would need a <tbody> per label group; a row header
         * spanning rows already covers each row it spans. */
        const char *scope = c->kind == NB_CELL_LABEL ? "row"
                          : cs > 1 && colgroups && c->row == 0 ? "colgroup" : "col";
        nb_buf_printf(b, " scope=\"%s\"", scope);
    }
    if (rs > 1) nb_buf_printf(b, " rowspan=\"%d\"", rs);
    if (cs > 1) nb_buf_printf(b, " colspan=\"%d\"", cs);
    nb_buf_puts(b, " class=\"");
    nb_buf_puts(b, align_class(c->align));
    if (c->style) {
        nb_buf_putc(b, ' ');
        put_class(b, c->style->name);
    }
    nb_buf_puts(b, "\">");
    esc(b, c->text, NB_HTML_TEXT);
    nb_buf_printf(b, "</%s>", tag);
}

/* CJK text may break between any two characters, so a squeezed table
 * (a phone) would shrink its columns to one character. The table keeps the
 * layout's proportions down to a minimum width at which its narrowest
 * column still holds two characters and its padding; below that its region
 * scrolls. In tenths of an em of the table's font. */
static void table_open(nb_buf *b, const nb_table *t)
{
    const int64_t col = 26; /* 2 characters + 0.3 em padding each side */
    int64_t total = 0, narrowest = 0, tenths;
    for (int c = 0; t->col_widths && c < t->ncols; c++) {
        int w = t->col_widths[c];
        if (w <= 0) continue;
        total += w;
        if (!narrowest || w < narrowest) narrowest = w;
    }
    tenths = narrowest ? (col * total + narrowest - 1) / narrowest : col * t->ncols;
    nb_buf_printf(b, "<table style=\"min-width:%lld.%lldem\">\n", (long long)(tenths / 10), (long long)(tenths % 10));
}

static void render_table(nb_buf *b, const nb_block *blk, int index)
{
    const nb_table *t = blk->table;
    nb_cell **cells = nb_xmalloc((t->ncells ? t->ncells : 1) * sizeof *cells);
    bool sorted = true;
    for (size_t i = 0; i < t->ncells; i++) {
        cells[i] = &t->cells[i];
        if (i && cmp_cell(&cells[i - 1], &cells[i]) > 0) sorted = false;
    }
    if (!sorted) qsort(cells, t->ncells, sizeof *cells, cmp_cell);

    nb_buf cap_id;
    nb_buf_init(&cap_id);
    bool has_caption = t->caption && *t->caption;
    if (has_caption) {
        nb_buf_puts(&cap_id, "nb-cap-");
        if (t->id && *t->id) esc(&cap_id, t->id, NB_HTML_ID);
        else nb_buf_printf(&cap_id, "%d", index);
    }

    nb_buf_puts(b, "<div");
    class_attr(b, "nb-table-wrap", blk->style);
    /* Focusable so a keyboard can scroll it; a region named by the caption. */
    if (has_caption) nb_buf_printf(b, " role=\"region\" aria-labelledby=\"%s\"", cap_id.data);
    nb_buf_puts(b, " tabindex=\"0\">\n");
    table_open(b, t);
    if (has_caption) {
        nb_buf_printf(b, "<caption id=\"%s\"%s>", cap_id.data, t->caption_visible ? "" : " class=\"nb-sr-only\"");
        esc(b, t->caption, NB_HTML_TEXT);
        nb_buf_puts(b, "</caption>\n");
    }
    nb_buf_free(&cap_id);

    int head = t->header_rows < 0 ? 0 : t->header_rows > t->nrows ? t->nrows : t->header_rows;
    bool tiled = head > 0 && first_row_tiles(cells, t->ncells, t->ncols);
    render_colgroups(b, t, cells, t->ncells, tiled);

    size_t k = 0;
    for (int r = 0; r < t->nrows; r++) {
        if (r == 0 && head > 0) nb_buf_puts(b, "<thead>\n");
        if (r == head) nb_buf_puts(b, "<tbody>\n");
        nb_buf_puts(b, "<tr>");
        while (k < t->ncells && cells[k]->row < r) k++; /* outside the grid: skipped */
        for (; k < t->ncells && cells[k]->row == r; k++)
            if (cells[k]->col >= 0 && cells[k]->col < t->ncols)
                render_cell(b, cells[k], r < head ? head : t->nrows, t->ncols, tiled);
        nb_buf_puts(b, "</tr>\n");
        if (r == head - 1) nb_buf_puts(b, "</thead>\n");
    }
    if (t->nrows > head) nb_buf_puts(b, "</tbody>\n");
    nb_buf_puts(b, "</table>\n</div>\n");
    free(cells);
}

static void render_body(nb_buf *b, const nb_doc *doc)
{
    int tables = 0;
    for (size_t i = 0; i < doc->nblocks; i++) {
        const nb_block *blk = &doc->blocks[i];
        switch (blk->kind) {
        case NB_BLOCK_TITLE:
            nb_buf_puts(b, "<h1");
            id_attr(b, blk->anchor);
            class_attr(b, NULL, blk->style);
            nb_buf_putc(b, '>');
            render_runs(b, blk);
            nb_buf_puts(b, "</h1>\n");
            break;
        case NB_BLOCK_SUBTITLE:
            render_para(b, blk, "nb-subtitle");
            break;
        case NB_BLOCK_HEADING:
            if (blk->run_in && i + 1 < doc->nblocks && doc->blocks[i + 1].kind == NB_BLOCK_PARA) {
                render_run_in(b, blk, &doc->blocks[i + 1]);
                i++;
            } else {
                render_heading(b, blk);
                nb_buf_putc(b, '\n');
            }
            break;
        case NB_BLOCK_PARA:
            render_para(b, blk, NULL);
            break;
        case NB_BLOCK_TABLE:
            if (blk->table) render_table(b, blk, ++tables);
            break;
        case NB_BLOCK_SIGNOFF:
            render_signoff(b, blk);
            break;
        }
    }
}

static void meta(nb_buf *b, const char *name, const char *content)
{
    if (!content || !*content) return;
    nb_buf_printf(b, "<meta name=\"%s\" content=\"", name);
    esc(b, content, NB_HTML_ATTR);
    nb_buf_puts(b, "\">\n");
}

static const char *doc_lang(const nb_doc *doc, const nb_layout *l)
{
    if (doc->lang && *doc->lang) return doc->lang;
    if (l && l->html_lang && *l->html_lang) return l->html_lang;
    return "und";
}

static void render_title_text(nb_buf *b, const nb_doc *doc)
{
    if (doc->title && *doc->title) {
        esc(b, doc->title, NB_HTML_ATTR);
        return;
    }
    for (size_t i = 0; i < doc->nblocks; i++) {
        if (doc->blocks[i].kind != NB_BLOCK_TITLE) continue;
        for (size_t j = 0; j < doc->blocks[i].nruns; j++) esc(b, doc->blocks[i].runs[j].text, NB_HTML_ATTR);
        return;
    }
}

void nb_html_render(const nb_doc *doc, const nb_layout *layout, const nb_html_opts *o, nb_buf *out)
{
    const char *lang = doc_lang(doc, layout);
    if (o && o->fragment) {
        nb_buf_puts(out, "<div class=\"nb-report\" lang=\"");
        esc(out, lang, NB_HTML_ID);
        nb_buf_puts(out, "\">\n<style>\n");
        render_css(out, layout);
        nb_buf_puts(out, "</style>\n");
        render_body(out, doc);
        nb_buf_puts(out, "</div>\n");
        return;
    }
    nb_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"");
    esc(out, lang, NB_HTML_ID);
    nb_buf_puts(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    render_title_text(out, doc);
    nb_buf_puts(out, "</title>\n");
    meta(out, "author", doc->author);
    meta(out, "description", doc->subject);
    meta(out, "keywords", doc->keywords);
    nb_buf_puts(out, "<style>\n");
    render_css(out, layout);
    nb_buf_puts(out, "</style>\n</head>\n<body>\n<main class=\"nb-report\">\n");
    render_body(out, doc);
    nb_buf_puts(out, "</main>\n</body>\n</html>\n");
}
