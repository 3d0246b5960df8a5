/* page_text: the page-text lines both readers build, and how text is
 * cleaned into a line or a cell (page_text_build.h). */
#include "page_text_build.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void nb_page_text_free(nb_page_text *pt)
{
    if (!pt) return;
    free(pt->text);
    free(pt->origin);
    pt->text = NULL;
    pt->origin = NULL;
    pt->nlines = 0;
}

void nb_pt_builder_init(nb_pt_builder *b)
{
    nb_buf_init(&b->text);
    b->origin = NULL;
    b->n = b->cap = 0;
}

bool nb_pt_add_line(nb_pt_builder *b, const char *s, size_t len, int origin)
{
    if (b->n >= NB_PT_MAX_LINES) return false;
    NB_GROW(b->origin, b->n, b->cap);
    b->origin[b->n++] = origin;
    nb_buf_add(&b->text, s, len);
    nb_buf_putc(&b->text, '\n');
    return true;
}

void nb_pt_builder_finish(nb_pt_builder *b, nb_page_text *out)
{
    out->nlines = b->n;
    out->origin = b->origin ? b->origin : nb_xcalloc(1, sizeof(int));
    out->text = nb_buf_take(&b->text);
    b->origin = NULL;
    b->n = b->cap = 0;
}

void nb_pt_builder_free(nb_pt_builder *b)
{
    nb_buf_free(&b->text);
    free(b->origin);
    b->origin = NULL;
    b->n = b->cap = 0;
}

bool nb_pt_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
           cp == 0x3000 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x200B || cp == 0x202F || cp == 0x205F || cp == 0x85;
}

/* CJK on either side of a space: the space is a source line break or the
 * spacing a typesetter puts between CJK and Latin, not a word gap. Dropping
 * it makes the HTML and the PDF of a report read the same. */
static bool joins_without_space(uint32_t before, uint32_t after)
{
    return nb_is_cjk(before) || nb_is_cjk(after);
}

void nb_pt_clean(nb_buf *out, const char *s, size_t n)
{
    size_t start = out->len;
    bool pending = false; /* a space seen since the last character written */
    uint32_t last = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = nb_utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        if (cp < 0x20 && !nb_pt_is_space(cp)) continue;
        if (cp == 0x7F || (cp >= 0x80 && cp <= 0x9F && cp != 0x85)) continue; /* C1 controls: mojibake */
        if (nb_pt_is_space(cp)) {
            pending = true;
            continue;
        }
        if (pending && out->len > start && !joins_without_space(last, cp)) nb_buf_putc(out, ' ');
        pending = false;
        char enc[4];
        nb_buf_add(out, enc, (size_t)nb_utf8_encode(cp, enc));
        last = cp;
    }
}

int nb_pt_read(const char *path, size_t max, char **data, size_t *len, nb_diag *d)
{
    if (nb_read_file(path, max, data, len) != 0) {
        if (errno == EFBIG)
            nb_diag_error(d, (nb_mark){0, 0}, "file is larger than the %zu MiB limit", max / (1024u * 1024u));
        else
            nb_diag_error(d, (nb_mark){0, 0}, "cannot read the file: %s", strerror(errno));
        return 1;
    }
    return 0;
}

int nb_pt_read_file(const char *path, size_t max, nb_pt_mem_reader mem, nb_page_text *out, nb_diag *d)
{
    memset(out, 0, sizeof *out);
    char *data;
    size_t len;
    if (nb_pt_read(path, max, &data, &len, d) != 0) return 1;
    int r = mem(data, len, out, d);
    free(data);
    return r;
}
