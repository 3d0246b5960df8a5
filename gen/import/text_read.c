/* text_read: the seed text form (../shared/seeds/NNN.txt, what a reader
 * copies from a portal page) as page text: one line a line, cells split at
 * tabs and each cleaned as the HTML and PDF readers clean theirs, a
 * Markdown heading mark at a line's start ignored, half-width marks next
 * to CJK in full width (the copy made them half width: imp_prose). The
 * reader is chosen
 * here by the file's name. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "import.h"
#include "import_model.h"
#include "page_text_build.h"

int nb_text_mem_to_page_text(const char *data, size_t len, nb_page_text *out, nb_diag *d)
{
    memset(out, 0, sizeof *out);
    if (memchr(data, '\0', len) || !nb_utf8_valid(data, len)) {
        nb_diag_error(d, (nb_mark){0, 0}, "not UTF-8 text (give a .html, .htm or .pdf file by its name)");
        return 1;
    }
    nb_pt_builder b;
    nb_pt_builder_init(&b);
    nb_buf line;
    nb_buf_init(&line);
    int lineno = 0;
    for (size_t i = 0; i < len;) {
        const char *s = data + i, *e = memchr(s, '\n', len - i);
        size_t n = e ? (size_t)(e - s) : len - i;
        i += n + 1;
        lineno++;
        if (lineno == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3, n -= 3; /* a BOM */
        size_t h = 0;
        while (h < n && h < 6 && s[h] == '#') h++;
        if (h && h < n && s[h] == ' ') s += h + 1, n -= h + 1;
        line.len = 0;
        bool text = false;
        for (size_t a = 0; a <= n;) {
            const char *tab = memchr(s + a, '\t', n - a);
            size_t c = tab ? (size_t)(tab - (s + a)) : n - a;
            size_t before = line.len;
            nb_pt_clean(&line, s + a, c);
            text |= line.len > before;
            a += c + 1;
            if (tab) nb_buf_putc(&line, '\t');
            else break;
        }
        if (!text) continue;
        char *prose = imp_prose(line.data);
        bool added = nb_pt_add_line(&b, prose, strlen(prose), lineno);
        free(prose);
        if (!added) {
            nb_diag_error(d, (nb_mark){lineno, 1}, "more than %d lines", NB_PT_MAX_LINES);
            nb_buf_free(&line);
            nb_pt_builder_free(&b);
            return 1;
        }
    }
    nb_buf_free(&line);
    nb_pt_builder_finish(&b, out);
    out->origin_kind = NB_ORIGIN_LINE;
    if (out->nlines == 0) {
        nb_diag_error(d, (nb_mark){0, 0}, "no text");
        nb_page_text_free(out);
        return 1;
    }
    return 0;
}

int nb_text_to_page_text(const char *path, nb_page_text *out, nb_diag *d)
{
    return nb_pt_read_file(path, NB_PT_MAX_BYTES, nb_text_mem_to_page_text, out, d);
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcasecmp(s + n - k, tail) == 0;
}

int nb_import_read(const char *path, nb_page_text *out, nb_diag *d)
{
    if (ends_with(path, ".pdf")) return nb_pdf_to_page_text(path, out, d);
    if (ends_with(path, ".html") || ends_with(path, ".htm")) return nb_html_to_page_text(path, out, d);
    return nb_text_to_page_text(path, out, d);
}
