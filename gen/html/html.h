/* html: the document tree → an HTML page or an embeddable fragment. Semantic
 * markup (h1–h6, p, tables with caption/thead/th scope and the real spans),
 * every data string escaped, styles generated from the layout's text styles
 * plus the layout's html.css. No pages: the browser flows the text. */
#ifndef NB_HTML_H
#define NB_HTML_H
#include <stdbool.h>
#include <stddef.h>
#include "doc.h"
#include "layout.h"
#include "util.h"

typedef struct nb_html_opts {
    bool fragment; /* no <html>/<head>: one root <div class="nb-report" lang=…> with its <style> inside */
} nb_html_opts;

/* Renders the document to a complete, self-contained HTML page (or, with
 * fragment, an embeddable fragment whose every CSS selector is scoped under
 * .nb-report) and appends it to out, which the caller owns. The layout's
 * html.css is appended verbatim: it must scope its own selectors under
 * .nb-report for fragments to stay contained. Output is deterministic. */
void nb_html_render(const nb_doc *doc, const nb_layout *layout, const nb_html_opts *o, nb_buf *out);

typedef enum {
    NB_HTML_TEXT, /* element content: U+200B becomes <wbr> */
    NB_HTML_ATTR, /* attribute value or <title>: U+200B dropped */
    NB_HTML_ID    /* id / idref value: as ATTR, and ASCII whitespace becomes '-' */
} nb_html_ctx;

/* Appends n bytes of UTF-8 text s to out, escaped for ctx: & < > " ' become
 * entities; characters HTML forbids (C0/C1 controls but tab, newline and
 * carriage return; noncharacters) are dropped; an invalid UTF-8 byte becomes
 * U+FFFD. In NB_HTML_TEXT a URL gets <wbr> after each '/' and before each
 * '.' that a letter or digit follows, so it wraps at its separators. */
void nb_html_escape(nb_buf *out, const char *s, size_t n, nb_html_ctx ctx);
/* Appends CSS text for use inside <style>: "</" becomes "<\/" so the text
 * cannot close the element. */
void nb_html_css_text(nb_buf *out, const char *s);

#endif
