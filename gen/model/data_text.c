/* data_text: strings of text -> paragraphs of spans (see data.h and
 * spec/data-format.md "Text"). One pass per paragraph, linear in the input. */
#include <stdlib.h>
#include <string.h>
#include "data.h"
#include "util.h"

static bool is_space_at(const char *s, size_t n, size_t *k)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        *k = 1;
        return true;
    }
    /* U+3000 IDEOGRAPHIC SPACE: Chinese authors indent with it; the layout
     * does the indenting. */
    if (n >= 3 && c == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80) {
        *k = 3;
        return true;
    }
    return false;
}

/* The code point ending at s[n-1] (s valid UTF-8 up to n). */
static uint32_t last_cp(const char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    if (i > 0) i--;
    uint32_t cp = 0;
    if (!nb_utf8_decode(s + i, n - i, &cp)) cp = (unsigned char)s[n - 1];
    return cp;
}

static uint32_t first_cp(const char *s, size_t n)
{
    uint32_t cp = 0;
    if (!nb_utf8_decode(s, n, &cp)) cp = (unsigned char)s[0];
    return cp;
}

static void add_span(nb_paragraph *p, size_t *cap, const char *s, size_t n, bool bold)
{
    if (n == 0) return;
    if (p->nspans > 0 && p->spans[p->nspans - 1].bold == bold) {
        /* merge: adjacent spans of one weight are one span */
        nb_span *last = &p->spans[p->nspans - 1];
        size_t old = strlen(last->text);
        last->text = nb_xrealloc(last->text, old + n + 1);
        memcpy(last->text + old, s, n);
        last->text[old + n] = 0;
        return;
    }
    NB_GROW(p->spans, p->nspans, *cap);
    p->spans[p->nspans++] = (nb_span){nb_xstrndup(s, n), bold};
}

/* Splits a joined paragraph at its `**` markers. An odd last marker is
 * literal text: an unclosed `**` must not embolden the rest. */
static void markup(const char *s, size_t n, nb_paragraph *p)
{
    size_t markers = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '\\' && i + 1 < n && s[i + 1] == '*') i += 2;
        else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') markers++, i += 2;
        else i++;
    }
    size_t usable = markers - markers % 2;
    size_t cap = 0, seen = 0;
    bool bold = false;
    nb_buf cur;
    nb_buf_init(&cur);
    for (size_t i = 0; i < n;) {
        if (s[i] == '\\' && i + 1 < n && s[i + 1] == '*') {
            nb_buf_putc(&cur, '*');
            i += 2;
        } else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
            if (seen++ < usable) {
                add_span(p, &cap, cur.data, cur.len, bold);
                cur.len = 0;
                bold = !bold;
            } else {
                nb_buf_add(&cur, "**", 2);
            }
            i += 2;
        } else {
            nb_buf_putc(&cur, s[i]);
            i++;
        }
    }
    add_span(p, &cap, cur.data, cur.len, bold);
    nb_buf_free(&cur);
}

void nb_text_parse(const char *s, nb_mark mark, nb_text *out)
{
    out->paras = NULL;
    out->nparas = 0;
    if (!s) return;
    size_t cap = 0, len = strlen(s);
    nb_buf para;
    nb_buf_init(&para);
    size_t i = 0;
    for (;;) {
        /* one line, trimmed */
        size_t end = i;
        while (end < len && s[end] != '\n') end++;
        size_t a = i, b = end, k;
        while (a < b && is_space_at(s + a, b - a, &k)) a += k;
        while (a < b) {
            size_t j = b - 1;
            while (j > a && ((unsigned char)s[j] & 0xC0) == 0x80) j--;
            if (!is_space_at(s + j, b - j, &k) || j + k != b) break;
            b = j;
        }
        bool at_end = end >= len;
        if (a < b) {
            if (para.len > 0) {
                /* decide on the visible characters, not on `**` markers */
                size_t pl = para.len, sa = a;
                while (pl > 1 && para.data[pl - 1] == '*') pl--;
                while (sa + 1 < b && s[sa] == '*') sa++;
                uint32_t x = last_cp(para.data, pl), y = first_cp(s + sa, b - sa);
                if (!nb_is_cjk(x) && !nb_is_cjk(y)) nb_buf_putc(&para, ' ');
            }
            nb_buf_add(&para, s + a, b - a);
        }
        if ((a == b || at_end) && para.len > 0) {
            nb_paragraph p = {NULL, 0, mark};
            markup(para.data, para.len, &p);
            if (p.nspans > 0) {
                NB_GROW(out->paras, out->nparas, cap);
                out->paras[out->nparas++] = p;
            } else {
                free(p.spans);
            }
            para.len = 0;
        }
        if (at_end) break;
        i = end + 1;
    }
    nb_buf_free(&para);
}

void nb_text_free(nb_text *t)
{
    for (size_t i = 0; i < t->nparas; i++) {
        for (size_t j = 0; j < t->paras[i].nspans; j++) free(t->paras[i].spans[j].text);
        free(t->paras[i].spans);
    }
    free(t->paras);
    t->paras = NULL;
    t->nparas = 0;
}
