/* para_spec: runs a literate spec file of line-breaking examples
 * (tests/spec/cjk-breaking.txt; the format is described at its head).
 *
 *   para_spec FILE          run every example; exit 1 when any fails
 *   para_spec --print FILE  print every example with the actual output
 *                           (for writing new examples; check them by hand)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "para.h"
#include "util.h"

/* The lists of spec/report-format.md, "Chinese line breaking". */
static const char NO_START[] = "!%),.:;?]}¢°·’”…‰′″›℃∶、。〃〉》」』】〕〗〞！％），．：；？］｝～";
static const char NO_END[] = "$([{£¥‘“〈《「『【〔〖（［｛￥";

typedef struct example {
    char *name;
    int line;          /* of the ### header */
    char *opts;
    char *input;
    nb_buf expected;   /* lines, each ending in \n */
} example;

/* Decodes `\u{XXXX}` escapes (and nothing else) into UTF-8 (caller frees). */
static char *unescape(const char *s)
{
    nb_buf b;
    nb_buf_init(&b);
    while (*s) {
        if (s[0] == '\\' && s[1] == 'u' && s[2] == '{') {
            char *end;
            unsigned long cp = strtoul(s + 3, &end, 16);
            if (*end == '}' && end > s + 3) {
                char u[4];
                nb_buf_add(&b, u, (size_t)nb_utf8_encode((uint32_t)cp, u));
                s = end + 1;
                continue;
            }
        }
        nb_buf_putc(&b, *s++);
    }
    return nb_buf_take(&b);
}

/* Whether opts (space-separated words) has `word` or `word=`; *val gets the number. */
static bool opt(const char *opts, const char *word, long *val)
{
    size_t n = strlen(word);
    for (const char *p = opts; (p = strstr(p, word)) != NULL; p += n) {
        if (p != opts && p[-1] != ' ') continue;
        if (p[n] == '=') {
            if (val) *val = strtol(p + n + 1, NULL, 10);
            return true;
        }
        if (p[n] == 0 || p[n] == ' ') return true;
    }
    return false;
}

/* Lays the example out and prints its lines as the spec writes them. */
static void render(const example *ex, nb_buf *out)
{
    long width = 0, indent = 0, em = 16000;
    opt(ex->opts, "width", &width);
    opt(ex->opts, "indent", &indent);
    opt(ex->opts, "em", &em);
    nb_kinsoku ks = {NO_START, NO_END, NULL};
    long stretch = 0, stretch_latin = 0;
    opt(ex->opts, "maxstretch", &stretch);
    opt(ex->opts, "maxstretchlatin", &stretch_latin);
    nb_para_opts o = {(nb_mpt)width, (nb_mpt)indent, opt(ex->opts, "justify", NULL), opt(ex->opts, "balance", NULL),
                      opt(ex->opts, "nokinsoku", NULL) ? NULL : &ks, opt(ex->opts, "compress", NULL),
                      opt(ex->opts, "endcompress", NULL), opt(ex->opts, "totalfit", NULL), (int32_t)stretch,
                      (int32_t)stretch_latin};
    bool xs = opt(ex->opts, "xs", NULL);

    char *text = unescape(ex->input);
    size_t len = strlen(text), n = 0;
    nb_pchar *c = nb_xmalloc((len + 1) * sizeof *c);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int step = nb_utf8_decode(text + i, len - i, &cp);
        if (step <= 0) {
            step = 1;
            cp = 0xFFFD;
        }
        nb_lb_class k = nb_lb_classify(cp);
        c[n++] = (nb_pchar){cp, k == NB_LB_ZWSP ? 0 : k == NB_LB_CJK ? (nb_mpt)em : (nb_mpt)em / 2, (nb_mpt)em};
        i += (size_t)step;
    }
    nb_mpt *x = nb_xmalloc((n + 1) * sizeof *x);
    nb_pline *lines;
    size_t nl = nb_para_layout(c, n, &o, x, &lines);
    for (size_t i = 0; i < nl; i++) {
        for (size_t k = lines[i].start; k < lines[i].end; k++) {
            if (c[k].cp == 0x200B) {
                nb_buf_puts(out, "\\u{200B}");
            } else {
                char u[4];
                nb_buf_add(out, u, (size_t)nb_utf8_encode(c[k].cp, u));
            }
        }
        if (lines[i].hyphen_forced) nb_buf_puts(out, " <cut>");
        if (lines[i].fallback) nb_buf_puts(out, " <fallback>");
        if (lines[i].token_split) nb_buf_puts(out, " <split>");
        if (xs) {
            nb_buf_puts(out, " @x=");
            for (size_t k = lines[i].start; k < lines[i].end; k++)
                nb_buf_printf(out, "%s%d", k > lines[i].start ? "," : "", x[k]);
            nb_buf_printf(out, " end=%d", lines[i].end_x);
        }
        nb_buf_putc(out, '\n');
    }
    free(lines);
    free(x);
    free(c);
    free(text);
}

static void free_examples(example *ex, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(ex[i].name);
        free(ex[i].opts);
        free(ex[i].input);
        nb_buf_free(&ex[i].expected);
    }
    free(ex);
}

/* Reads the examples of the file; returns their count or -1. */
static long parse(const char *path, example **out)
{
    char *data;
    size_t len;
    if (nb_read_file(path, 1 << 24, &data, &len) != 0) {
        perror(path);
        return -1;
    }
    example *ex = NULL;
    size_t nex = 0, cap = 0;
    enum { HEAD, OPTS, INPUT, DOT, EXPECT } state = HEAD;
    int lineno = 0;
    for (char *p = data; *p;) {
        char *nl = strchr(p, '\n');
        size_t ll = nl ? (size_t)(nl - p) : strlen(p);
        char *line = nb_xstrndup(p, ll);
        p += ll + (nl ? 1 : 0);
        lineno++;
        if (strncmp(line, "### ", 4) == 0) {
            if (state != HEAD && state != EXPECT) {
                fprintf(stderr, "%s:%d: example \"%s\" is incomplete\n", path, lineno, ex[nex - 1].name);
                free(line);
                goto fail;
            }
            NB_GROW(ex, nex, cap);
            ex[nex] = (example){nb_xstrdup(line + 4), lineno, NULL, NULL, {0}};
            nb_buf_init(&ex[nex].expected);
            nex++;
            state = OPTS;
        } else if (state == OPTS) {
            ex[nex - 1].opts = nb_xstrdup(line);
            state = INPUT;
        } else if (state == INPUT) {
            ex[nex - 1].input = nb_xstrdup(line);
            state = DOT;
        } else if (state == DOT) {
            if (strcmp(line, ".") != 0) {
                fprintf(stderr, "%s:%d: expected a line \".\" after the input\n", path, lineno);
                free(line);
                goto fail;
            }
            state = EXPECT;
        } else if (state == EXPECT && line[0]) {
            nb_buf_puts(&ex[nex - 1].expected, line);
            nb_buf_putc(&ex[nex - 1].expected, '\n');
        }
        free(line);
    }
    free(data);
    if (state != HEAD && state != EXPECT) {
        fprintf(stderr, "%s: the last example is incomplete\n", path);
        free_examples(ex, nex);
        return -1;
    }
    *out = ex;
    return (long)nex;
fail:
    free(data);
    free_examples(ex, nex);
    return -1;
}

int main(int argc, char **argv)
{
    bool print = argc == 3 && strcmp(argv[1], "--print") == 0;
    if (argc != 2 && !print) {
        fprintf(stderr, "usage: para_spec [--print] FILE\n");
        return 2;
    }
    const char *path = argv[argc - 1];
    example *ex;
    long nex = parse(path, &ex);
    if (nex <= 0) {
        if (nex == 0) fprintf(stderr, "%s: no examples\n", path);
        return 2;
    }
    int failed = 0;
    for (long i = 0; i < nex; i++) {
        nb_buf got;
        nb_buf_init(&got);
        render(&ex[i], &got);
        char *want = unescape(ex[i].expected.data ? ex[i].expected.data : "");
        char *gotu = unescape(got.data ? got.data : "");
        if (print) {
            printf("### %s\n%s\n%s\n.\n%s\n", ex[i].name, ex[i].opts, ex[i].input, got.data ? got.data : "");
        } else if (strcmp(want, gotu) != 0) {
            failed++;
            fprintf(stderr, "%s:%d: example \"%s\" failed\n--- expected\n%s--- got\n%s", path, ex[i].line, ex[i].name,
                    ex[i].expected.data ? ex[i].expected.data : "", got.data ? got.data : "");
        }
        free(want);
        free(gotu);
        nb_buf_free(&got);
    }
    free_examples(ex, (size_t)nex);
    if (!print) printf("%s: %ld examples, %d failed\n", path, nex, failed);
    return failed ? 1 : 0;
}
