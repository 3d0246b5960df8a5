/* html_text: a portal's HTML page (or our own HTML output) as page text,
 * through libxml2's forgiving HTML parser. Block elements and <br> end a
 * line; a data table gives one line per <tr>, cells separated by tabs, a
 * merged cell at its first row and column and empty cells where it spans;
 * a table whose cells hold tables is layout, read as ordinary blocks.
 * Scripts, styles, navigation and hidden elements are dropped. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include "page_text_build.h"

/* Deeper than this, a page is hostile rather than a report: an error, and
 * no recursion that could exhaust the stack. */
#define NB_HTML_MAX_DEPTH 512

typedef struct hctx {
    nb_pt_builder *b;
    nb_diag *d;
    nb_buf line;   /* the current line, raw (cleaned when it ends) */
    int origin;    /* source line of its first text */
    bool started;  /* the line holds text other than white space */
    bool failed;   /* an error is in d: stop */
    int runin;     /* inside a run-in heading and its text: blocks do not break */
} hctx;

static bool is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static bool in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0) return true;
    return false;
}

static const char *const DROPPED[] = {"script", "style", "noscript", "template", "nav", "head", "iframe",
                                      "object", "embed", "svg", "select", "button", "textarea", NULL};
static const char *const BLOCKS[] = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
                                     "dt", "dd", "blockquote", "pre", "section", "article", "header", "footer",
                                     "aside", "main", "address", "figure", "figcaption", "hr", "center", "form",
                                     "fieldset", "legend", "caption", "details", "summary", "tr", "td", "th",
                                     "thead", "tbody", "tfoot", "body", "html", NULL};

/* hidden, or style="display:none" (a CMS's collapsed or template blocks) */
static bool hidden(xmlNode *n)
{
    if (xmlHasProp(n, (const xmlChar *)"hidden")) return true;
    xmlChar *style = xmlGetProp(n, (const xmlChar *)"style");
    if (!style) return false;
    char squeezed[256];
    size_t k = 0;
    for (const xmlChar *p = style; *p && k + 1 < sizeof squeezed; p++)
        if (!isspace(*p)) squeezed[k++] = (char)tolower(*p);
    squeezed[k] = '\0';
    xmlFree(style);
    return strstr(squeezed, "display:none") != NULL;
}

/* Is token one of the words of the element's class attribute? */
static bool has_class(xmlNode *n, const char *token)
{
    xmlChar *cls = xmlGetProp(n, (const xmlChar *)"class");
    if (!cls) return false;
    bool found = false;
    size_t k = strlen(token);
    for (const char *p = (const char *)cls; *p && !found;) {
        while (*p && isspace((unsigned char)*p)) p++;
        const char *e = p;
        while (*e && !isspace((unsigned char)*e)) e++;
        found = (size_t)(e - p) == k && strncmp(p, token, k) == 0;
        p = e;
    }
    xmlFree(cls);
    return found;
}

/* Screen-reader-only text (our table captions, Bootstrap's sr-only) is not
 * on the page a reader sees. */
static bool dropped(xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && (in_list((const char *)n->name, DROPPED) || hidden(n) ||
                                           has_class(n, "nb-sr-only") || has_class(n, "sr-only") ||
                                           has_class(n, "visually-hidden"));
}

static void too_deep(hctx *c)
{
    if (!c->failed)
        nb_diag_error(c->d, (nb_mark){0, 0}, "elements nested deeper than %d levels: not a report page",
                      NB_HTML_MAX_DEPTH);
    c->failed = true;
}

static void end_line(hctx *c)
{
    if (c->failed) return;
    nb_buf clean;
    nb_buf_init(&clean);
    nb_pt_clean(&clean, c->line.data, c->line.len);
    if (clean.len && !nb_pt_add_line(c->b, clean.data, clean.len, c->origin)) {
        nb_diag_error(c->d, (nb_mark){0, 0}, "more than %d lines of text", NB_PT_MAX_LINES);
        c->failed = true;
    }
    nb_buf_free(&clean);
    c->line.len = 0;
    c->started = false;
}

static bool has_text(const char *s)
{
    nb_buf t;
    nb_buf_init(&t);
    nb_pt_clean(&t, s, strlen(s));
    bool r = t.len > 0;
    nb_buf_free(&t);
    return r;
}

static void add_text(hctx *c, xmlNode *text)
{
    const char *s = (const char *)text->content;
    if (!s) return;
    if (!c->started && has_text(s)) {
        c->origin = (int)xmlGetLineNo(text);
        c->started = true;
    }
    nb_buf_puts(&c->line, s);
}

/* Appends the text of a cell's content to out: blocks and <br> inside a
 * cell only separate words (nothing between CJK, nb_pt_clean). */
static void cell_text(hctx *c, xmlNode *n, int depth, nb_buf *out)
{
    if (depth > NB_HTML_MAX_DEPTH) {
        too_deep(c);
        return;
    }
    for (xmlNode *k = n->children; k && !c->failed; k = k->next) {
        if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
            if (k->content) nb_buf_puts(out, (const char *)k->content);
        } else if (k->type == XML_ELEMENT_NODE && !dropped(k)) {
            bool block = is(k, "br") || in_list((const char *)k->name, BLOCKS);
            if (block) nb_buf_putc(out, ' ');
            cell_text(c, k, depth + 1, out);
            if (block) nb_buf_putc(out, ' ');
        }
    }
}

static bool has_table_inside(hctx *c, xmlNode *n, int depth)
{
    if (depth > NB_HTML_MAX_DEPTH) return false; /* cell_text reports it */
    for (xmlNode *k = n->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE && (is(k, "table") || has_table_inside(c, k, depth + 1))) return true;
    return false;
}

static bool is_cell(const xmlNode *n)
{
    return is(n, "td") || is(n, "th");
}

/* The rows of a table: its <tr> children and those of thead/tbody/tfoot. */
static size_t table_rows(xmlNode *table, xmlNode ***rows)
{
    size_t n = 0, cap = 0;
    *rows = NULL;
    for (xmlNode *k = table->children; k; k = k->next) {
        if (is(k, "tr")) {
            NB_GROW(*rows, n, cap);
            (*rows)[n++] = k;
        } else if (is(k, "thead") || is(k, "tbody") || is(k, "tfoot")) {
            for (xmlNode *r = k->children; r; r = r->next)
                if (is(r, "tr")) {
                    NB_GROW(*rows, n, cap);
                    (*rows)[n++] = r;
                }
        }
    }
    return n;
}

/* A span attribute: 1 when absent or not a number, at most max. */
static long span_attr(xmlNode *cell, const char *name, long max)
{
    xmlChar *v = xmlGetProp(cell, (const xmlChar *)name);
    if (!v) return 1;
    char *end;
    long x = strtol((const char *)v, &end, 10);
    xmlFree(v);
    if (end == (char *)v || x < 0) return 1;
    if (x == 0) return max; /* rowspan="0": to the end of the table */
    return x > max ? max : x;
}

static void flow(hctx *c, xmlNode *n, int depth);

/* A data table: one line per row, the grid resolved. pend[col] counts the
 * rows below the current one that a rowspan from above still covers, so a
 * hostile rowspan costs nothing (it is also capped by the rows there are). */
static void data_table(hctx *c, xmlNode **rows, size_t nrows, int depth)
{
    int *pend = nb_xcalloc(NB_PT_MAX_COLS, sizeof(int));
    char **slot = nb_xcalloc(NB_PT_MAX_COLS, sizeof(char *));
    bool *covered = nb_xcalloc(NB_PT_MAX_COLS, sizeof(bool));
    int *newspan = nb_xcalloc(NB_PT_MAX_COLS, sizeof(int));
    nb_buf raw, line;
    nb_buf_init(&raw);
    nb_buf_init(&line);
    for (size_t r = 0; r < nrows && !c->failed; r++) {
        int width = 0;
        for (int k = 0; k < NB_PT_MAX_COLS; k++) {
            covered[k] = pend[k] > 0;
            newspan[k] = -1;
            if (covered[k]) width = k + 1;
        }
        int col = 0;
        for (xmlNode *cell = rows[r]->children; cell && !c->failed; cell = cell->next) {
            if (!is_cell(cell) || dropped(cell)) continue;
            while (col < NB_PT_MAX_COLS && covered[col]) col++;
            if (col >= NB_PT_MAX_COLS) {
                nb_diag_error(c->d, (nb_mark){(int)xmlGetLineNo(cell), 0}, "a table row wider than %d columns",
                              NB_PT_MAX_COLS);
                c->failed = true;
                break;
            }
            long cs = span_attr(cell, "colspan", NB_PT_MAX_COLS - col);
            long rs = span_attr(cell, "rowspan", (long)(nrows - r));
            raw.len = 0;
            cell_text(c, cell, depth + 1, &raw);
            nb_buf clean;
            nb_buf_init(&clean);
            nb_pt_clean(&clean, raw.data, raw.len);
            slot[col] = nb_buf_take(&clean);
            for (long k = col; k < col + cs; k++) {
                covered[k] = true;
                newspan[k] = (int)rs - 1;
            }
            col += (int)cs;
            if (col > width) width = col;
        }
        line.len = 0;
        bool any = false;
        for (int k = 0; k < width; k++) {
            if (k) nb_buf_putc(&line, '\t');
            if (slot[k]) {
                nb_buf_puts(&line, slot[k]);
                any = any || slot[k][0];
                free(slot[k]);
                slot[k] = NULL;
            }
        }
        for (int k = 0; k < NB_PT_MAX_COLS; k++) {
            if (newspan[k] >= 0)
                pend[k] = newspan[k];
            else if (pend[k] > 0)
                pend[k]--;
        }
        if (any && !c->failed && !nb_pt_add_line(c->b, line.data, line.len, (int)xmlGetLineNo(rows[r]))) {
            nb_diag_error(c->d, (nb_mark){0, 0}, "more than %d lines of text", NB_PT_MAX_LINES);
            c->failed = true;
        }
    }
    for (int k = 0; k < NB_PT_MAX_COLS; k++) free(slot[k]);
    free(slot);
    free(pend);
    free(covered);
    free(newspan);
    nb_buf_free(&raw);
    nb_buf_free(&line);
}

static void table(hctx *c, xmlNode *t, int depth)
{
    end_line(c);
    xmlNode **rows;
    size_t nrows = table_rows(t, &rows);
    bool layout = false;
    for (size_t r = 0; r < nrows && !layout; r++)
        for (xmlNode *cell = rows[r]->children; cell && !layout; cell = cell->next)
            if (is_cell(cell) && has_table_inside(c, cell, depth + 2)) layout = true;
    /* a caption, and anything a sloppy page put between the rows, as blocks */
    for (xmlNode *k = t->children; k && !c->failed; k = k->next)
        if (k->type == XML_ELEMENT_NODE && !is(k, "tr") && !is(k, "thead") && !is(k, "tbody") && !is(k, "tfoot") &&
            !dropped(k)) {
            flow(c, k, depth + 1);
            end_line(c);
        }
    if (layout) {
        for (size_t r = 0; r < nrows && !c->failed; r++)
            for (xmlNode *cell = rows[r]->children; cell && !c->failed; cell = cell->next)
                if (is_cell(cell) && !dropped(cell)) {
                    flow(c, cell, depth + 2);
                    end_line(c);
                }
    } else {
        data_table(c, rows, nrows, depth);
    }
    free(rows);
}

static void flow(hctx *c, xmlNode *n, int depth)
{
    if (depth > NB_HTML_MAX_DEPTH) {
        too_deep(c);
        return;
    }
    for (xmlNode *k = n->children; k && !c->failed; k = k->next) {
        if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
            add_text(c, k);
            continue;
        }
        if (k->type != XML_ELEMENT_NODE || dropped(k)) continue;
        if (is(k, "br")) {
            end_line(c);
        } else if (is(k, "table")) {
            table(c, k, depth + 1);
        } else if (has_class(k, "nb-runin")) {
            /* our own HTML: a heading shown inline with its paragraph (CSS
             * display:inline), one line on the page */
            end_line(c);
            c->runin++;
            flow(c, k, depth + 1);
            c->runin--;
            end_line(c);
        } else if (c->runin && in_list((const char *)k->name, BLOCKS)) {
            nb_buf_putc(&c->line, ' ');
            flow(c, k, depth + 1);
            nb_buf_putc(&c->line, ' ');
        } else if (in_list((const char *)k->name, BLOCKS)) {
            end_line(c);
            flow(c, k, depth + 1);
            end_line(c);
        } else {
            flow(c, k, depth + 1);
        }
    }
}

/* The encoding to parse with: NULL lets libxml2 follow a BOM or a <meta>
 * charset; GB2312 and GBK pages are read as GB18030 (their superset: pages
 * labelled GB2312 routinely hold GBK characters); a page that declares
 * nothing and is not UTF-8 is taken as GB18030, the usual case on portals. */
static const char *encoding_for(const char *data, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 7 < n; i++) {
        if (strncasecmp(data + i, "charset", 7) != 0) continue;
        size_t j = i + 7;
        while (j < n && (data[j] == ' ' || data[j] == '=' || data[j] == '"' || data[j] == '\'')) j++;
        char name[16];
        size_t k = 0;
        while (j < n && k + 1 < sizeof name && (isalnum((unsigned char)data[j]) || data[j] == '-' || data[j] == '_'))
            name[k++] = (char)tolower((unsigned char)data[j++]);
        name[k] = '\0';
        if (!strcmp(name, "gb2312") || !strcmp(name, "gbk") || !strcmp(name, "gb18030") || !strcmp(name, "x-gbk") ||
            !strcmp(name, "cp936"))
            return "GB18030";
        if (k) return NULL;
    }
    return nb_utf8_valid(data, len) ? "UTF-8" : "GB18030"; /* no charset: libxml2 would take Latin-1 */
}

static bool binary(const char *data, size_t len)
{
    if (len >= 2 && ((data[0] == '\xff' && data[1] == '\xfe') || (data[0] == '\xfe' && data[1] == '\xff')))
        return false; /* UTF-16 with its BOM */
    size_t n = len < 1024 ? len : 1024;
    return memchr(data, '\0', n) != NULL;
}

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx, (void)msg;
}

int nb_html_mem_to_page_text(const char *data, size_t len, nb_page_text *out, nb_diag *d)
{
    memset(out, 0, sizeof *out);
    out->origin_kind = NB_ORIGIN_LINE;
    if (len > NB_PT_MAX_BYTES) {
        nb_diag_error(d, (nb_mark){0, 0}, "file is larger than the %u MiB limit", NB_PT_MAX_BYTES / (1024u * 1024u));
        return 1;
    }
    if (len >= 5 && memcmp(data, "%PDF-", 5) == 0) {
        nb_diag_error(d, (nb_mark){0, 0}, "this is a PDF file, not an HTML page");
        return 1;
    }
    if (binary(data, len)) {
        nb_diag_error(d, (nb_mark){0, 0}, "not an HTML page (binary data)");
        return 1;
    }
    xmlSetGenericErrorFunc(NULL, silent);
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) nb_oom();
    htmlDocPtr doc = htmlCtxtReadMemory(ctxt, data, (int)len, NULL, encoding_for(data, len),
                                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    /* libxml2 stops at 256 levels and drops the rest of the page: an error, not lost text */
    const xmlError *err = xmlCtxtGetLastError(ctxt);
    bool too_deep = err && err->message && strstr(err->message, "Excessive depth");
    htmlFreeParserCtxt(ctxt);
    if (too_deep) {
        if (doc) xmlFreeDoc(doc);
        nb_diag_error(d, (nb_mark){0, 0}, "elements nested more than 256 deep (the parser's limit): not a report");
        return 1;
    }
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        if (doc) xmlFreeDoc(doc);
        nb_diag_error(d, (nb_mark){0, 0}, "not an HTML page (nothing to parse)");
        return 1;
    }
    nb_pt_builder b;
    nb_pt_builder_init(&b);
    hctx c = {.b = &b, .d = d};
    nb_buf_init(&c.line);
    flow(&c, (xmlNode *)doc, 0);
    end_line(&c);
    nb_buf_free(&c.line);
    xmlFreeDoc(doc);
    if (c.failed) {
        nb_pt_builder_free(&b);
        return 1;
    }
    if (b.n == 0) {
        nb_pt_builder_free(&b);
        nb_diag_error(d, (nb_mark){0, 0}, "no text in the page");
        return 1;
    }
    nb_pt_builder_finish(&b, out);
    return 0;
}

int nb_html_to_page_text(const char *path, nb_page_text *out, nb_diag *d)
{
    return nb_pt_read_file(path, NB_PT_MAX_BYTES, nb_html_mem_to_page_text, out, d);
}
