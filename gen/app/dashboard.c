/* dashboard: see dashboard.h. The page's own words are the program's (like
 * its messages); the figures and their labels are the form's. */
#include "dashboard.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "html.h"

#define MAX_MESSAGES 3 /* per report; the rest are counted */

static const char *const CSS =
    "body{margin:0;font-family:\"Noto Sans CJK SC\",\"WenQuanYi Zen Hei\",sans-serif;color:#1a1a1a;background:#fff;"
    "line-height:1.5}"
    "main{max-width:80em;margin:0 auto;padding:1em}"
    "h1{font-size:1.5em;margin:.2em 0 .4em}h2{font-size:1.2em;margin:1.2em 0 .4em}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #8c8c8c;padding:.3em .5em;vertical-align:top;text-align:right}"
    "thead th{background:#eef1f5;text-align:center}"
    "tbody th{text-align:left;font-weight:normal}"
    "thead th{min-width:3.2em}td.status{text-align:left;min-width:12em;max-width:20em}td.files{text-align:center;white-space:nowrap}"
    "ul.msgs{margin:.2em 0 0;padding-left:1.1em;font-size:.85em;text-align:left;overflow-wrap:break-word}"
    ".ok{color:#1d6b2c;font-weight:bold}.warn{color:#7a4a00;font-weight:bold}.fail{color:#a1172b;font-weight:bold}"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
    "svg{display:block}"
    "@media (max-width:40em){"
    "table,thead,tbody,tr,th,td{display:block}"
    "thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
    "tr{border:1px solid #8c8c8c;margin:0 0 .8em;padding:.3em .6em}"
    "th,td{border:none;padding:.1em 0;text-align:left}"
    "tbody th{font-weight:bold}"
    "td[data-label]::before{content:attr(data-label) \"：\";font-weight:bold}"
    "td.files{text-align:left}td[data-label]:empty{display:none}"
    "}";

static void esc(nb_buf *out, const char *s) { nb_html_escape(out, s, strlen(s), NB_HTML_TEXT); }
static void esc_attr(nb_buf *out, const char *s) { nb_html_escape(out, s, strlen(s), NB_HTML_ATTR); }

/* A relative link: every byte but unreserved ones and '/' percent-encoded. */
static void href(nb_buf *out, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            nb_buf_putc(out, (char)*p);
        else
            nb_buf_printf(out, "%%%02X", *p);
    }
}

static const nb_dash_entry *sort_entries;

/* Newest year first, files that did not load last; then form, agency, name. */
static int by_year_agency(const void *pa, const void *pb)
{
    const nb_dash_entry *a = &sort_entries[*(const size_t *)pa], *b = &sort_entries[*(const size_t *)pb];
    int ya = a->sum->agency ? a->sum->year : 0, yb = b->sum->agency ? b->sum->year : 0;
    if (ya != yb) return ya > yb ? -1 : 1;
    const char *fa = a->sum->form ? a->sum->form->name : "", *fb = b->sum->form ? b->sum->form->name : "";
    int c = strcmp(fa, fb); /* one table per form within a year */
    if (c) return c;
    c = strcmp(a->sum->agency ? a->sum->agency : "", b->sum->agency ? b->sum->agency : "");
    return c ? c : strcmp(a->name, b->name);
}

/* Oldest year first within an agency of a form: its chart's points in a run. */
static int by_form_agency_year(const void *pa, const void *pb)
{
    const nb_report_summary *a = sort_entries[*(const size_t *)pa].sum, *b = sort_entries[*(const size_t *)pb].sum;
    int c = strcmp(a->form->name, b->form->name);
    if (!c) c = strcmp(a->agency, b->agency);
    if (!c) c = (a->year > b->year) - (a->year < b->year);
    return c ? c : (*(const size_t *)pa > *(const size_t *)pb) - (*(const size_t *)pa < *(const size_t *)pb);
}

/* The SVG of the form's charted figure over the m reports at ix (one
 * agency, oldest first), or NULL for fewer than two. */
static char *chart_svg(const nb_dash_entry *e, const size_t *ix, size_t m)
{
    const nb_form *f = e[ix[0]].sum->form;
    int k = f->dashboard.chart;
    if (k < 0 || m < 2) return NULL;
    if (m > 64) m = 64;
    unsigned long long values[64], max = 1;
    for (size_t i = 0; i < m; i++) {
        values[i] = strtoull(e[ix[i]].sum->figures[k], NULL, 10);
        if (values[i] > max) max = values[i];
    }
    nb_buf label, out;
    nb_buf_init(&label);
    nb_buf_init(&out);
    nb_buf_printf(&label, "%s：", f->dashboard.figures[k].label);
    for (size_t i = 0; i < m; i++) nb_buf_printf(&label, "%s%d年 %llu", i ? "，" : "", e[ix[i]].sum->year, values[i]);
    nb_buf_puts(&out, "<svg role=\"img\" width=\"96\" height=\"30\" viewBox=\"0 0 96 30\" aria-label=\"");
    esc_attr(&out, label.data);
    nb_buf_puts(&out, "\"><title>");
    esc(&out, label.data);
    nb_buf_puts(&out, "</title><polyline fill=\"none\" stroke=\"#1a5fb4\" stroke-width=\"1.5\" points=\"");
    for (size_t i = 0; i < m; i++) {
        unsigned x10 = (unsigned)(40 + i * 880 / (m - 1)), y10 = (unsigned)(260 - values[i] * 220 / max);
        nb_buf_printf(&out, "%s%u.%u,%u.%u", i ? " " : "", x10 / 10, x10 % 10, y10 / 10, y10 % 10);
    }
    nb_buf_puts(&out, "\"/></svg>");
    nb_buf_free(&label);
    return nb_buf_take(&out);
}

/* Each entry's chart: the agency's reports of its form across the years
 * (NULL: none). One sort, each agency a run, instead of a scan of every
 * entry for every row. */
static char **charts(const nb_dash_entry *e, size_t n)
{
    char **svg = nb_xcalloc(n + 1, sizeof *svg);
    size_t *ix = nb_xcalloc(n + 1, sizeof *ix), m = 0;
    for (size_t i = 0; i < n; i++)
        if (e[i].sum->form && e[i].sum->figures && e[i].sum->agency) ix[m++] = i;
    sort_entries = e; /* build calls this on one thread */
    qsort(ix, m, sizeof *ix, by_form_agency_year);
    for (size_t a = 0, b; a < m; a = b) {
        const nb_report_summary *s = e[ix[a]].sum;
        for (b = a + 1; b < m && e[ix[b]].sum->form == s->form && strcmp(e[ix[b]].sum->agency, s->agency) == 0; b++) {
        }
        char *one = chart_svg(e, ix + a, b - a);
        for (size_t k = a; one && k < b; k++) svg[ix[k]] = nb_xstrdup(one);
        free(one);
    }
    free(ix);
    return svg;
}

/* The status cell: its word, then the first messages without the file's own path. */
static void status(nb_buf *out, const nb_dash_entry *e)
{
    const nb_report_summary *s = e->sum;
    bool failed = e->failed || s->errors;
    nb_buf_puts(out, "<td class=\"status\" data-label=\"状态\">");
    if (e->missing) {
        nb_buf_printf(out, "<span class=\"fail\">缺报</span><ul class=\"msgs\"><li>没有 %d 年度的数据文件（上年：", s->year);
        esc(out, e->name);
        nb_buf_puts(out, "）</li></ul></td>");
        return;
    }
    nb_buf_puts(out, failed ? "<span class=\"fail\">未通过</span>"
                            : s->warnings ? "<span class=\"warn\">有警告</span>" : "<span class=\"ok\">通过</span>");
    const char *p = s->messages ? s->messages : "";
    size_t shown = 0, more = 0;
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (shown < MAX_MESSAGES) {
            nb_buf_puts(out, shown ? "<li>" : "<ul class=\"msgs\"><li>");
            nb_html_escape(out, p, len, NB_HTML_TEXT); /* its own path dropped already (nb_dash_summary_strip) */
            nb_buf_puts(out, "</li>");
            shown++;
        } else {
            more++;
        }
        p += len + (end ? 1 : 0);
    }
    if (more) nb_buf_printf(out, "<li>另有 %zu 条</li>", more);
    if (shown) nb_buf_puts(out, "</ul>");
    if (failed && !shown) nb_buf_puts(out, "<ul class=\"msgs\"><li>未能生成（见构建输出）</li></ul>");
    nb_buf_puts(out, "</td>");
}

static void link(nb_buf *out, const char *target, const char *what, const char *who)
{
    nb_buf_puts(out, "<a href=\"");
    href(out, target);
    nb_buf_printf(out, "\">%s<span class=\"vh\">：", what);
    esc(out, who);
    nb_buf_puts(out, "</span></a>");
}

static void header(nb_buf *out, const nb_form *f)
{
    nb_buf_puts(out, "<thead><tr><th scope=\"col\">报告单位</th><th scope=\"col\">状态</th>");
    for (size_t i = 0; f && i < f->dashboard.nfigures; i++) {
        nb_buf_puts(out, "<th scope=\"col\">");
        esc(out, f->dashboard.figures[i].label);
        nb_buf_puts(out, "</th>");
    }
    if (f && f->dashboard.chart >= 0) {
        nb_buf_puts(out, "<th scope=\"col\">历年");
        esc(out, f->dashboard.figures[f->dashboard.chart].label);
        nb_buf_puts(out, "</th>");
    }
    nb_buf_puts(out, "<th scope=\"col\">文件</th></tr></thead>\n<tbody>\n");
}

static void row(nb_buf *out, const nb_dash_entry *e, const char *chart)
{
    const nb_report_summary *s = e->sum;
    const char *who = s->agency ? s->agency : e->name;
    nb_buf_puts(out, "<tr><th scope=\"row\">");
    esc(out, who);
    nb_buf_puts(out, "</th>");
    status(out, e);
    const nb_form *f = s->form;
    for (size_t i = 0; f && i < f->dashboard.nfigures; i++) {
        nb_buf_puts(out, "<td data-label=\"");
        esc_attr(out, f->dashboard.figures[i].label);
        nb_buf_puts(out, "\">");
        esc(out, s->figures ? s->figures[i] : "—");
        nb_buf_puts(out, "</td>");
    }
    if (f && f->dashboard.chart >= 0) {
        nb_buf_puts(out, "<td data-label=\"历年\">");
        if (chart) nb_buf_puts(out, chart);
        nb_buf_puts(out, "</td>");
    }
    nb_buf_puts(out, "<td class=\"files\" data-label=\"文件\">");
    if (!e->pdf && !e->html) nb_buf_puts(out, "—");
    if (e->pdf) link(out, e->pdf, "PDF", who);
    if (e->pdf && e->html) nb_buf_puts(out, " ");
    if (e->html) link(out, e->html, "HTML", who);
    nb_buf_puts(out, "</td></tr>\n");
}

#define SEP '\x1f' /* between the fields of a packed summary; the messages last, as they are */

char *nb_dash_summary_pack(const nb_report_summary *s)
{
    nb_buf b;
    nb_buf_init(&b);
    nb_buf_printf(&b, "1%c%zu%c%zu%c%d%c%d%c%s%c%zu", SEP, s->errors, SEP, s->warnings, SEP, s->year, SEP,
                  s->agency != NULL, SEP, s->agency ? s->agency : "", SEP, s->nfigures);
    for (size_t i = 0; i < s->nfigures; i++) nb_buf_printf(&b, "%c%s", SEP, s->figures[i]);
    nb_buf_printf(&b, "%c%s", SEP, s->messages ? s->messages : "");
    return nb_buf_take(&b);
}

/* The next field of *p (up to SEP), copied; NULL at the end. */
static char *field(const char **p)
{
    const char *sep = strchr(*p, SEP);
    if (!sep) return NULL;
    char *f = nb_xstrndup(*p, (size_t)(sep - *p));
    *p = sep + 1;
    return f;
}

int nb_dash_summary_unpack(const char *packed, nb_report_summary *out)
{
    memset(out, 0, sizeof *out);
    const char *p = packed;
    char *f[6];
    int got = 0;
    for (; got < 6 && (f[got] = field(&p)); got++) {
    }
    bool ok = got == 6 && strcmp(f[0], "1") == 0;
    if (ok) {
        char *end;
        out->errors = strtoul(f[1], &end, 10), ok = ok && !*end;
        out->warnings = strtoul(f[2], &end, 10), ok = ok && !*end;
        out->year = (int)strtol(f[3], &end, 10), ok = ok && !*end;
        if (strcmp(f[4], "1") == 0) out->agency = nb_xstrdup(f[5]);
    }
    for (int i = 0; i < got; i++) free(f[i]);
    char *n = ok ? field(&p) : NULL;
    if (n) {
        char *end;
        unsigned long k = strtoul(n, &end, 10);
        ok = !*end && k < 1000;
        free(n);
        out->figures = nb_xcalloc(ok ? k + 1 : 1, sizeof *out->figures);
        for (unsigned long i = 0; ok && i < k; i++) ok = (out->figures[out->nfigures++] = field(&p)) != NULL;
        if (out->nfigures && !out->figures[out->nfigures - 1]) out->nfigures--;
        out->messages = nb_xstrdup(p);
    } else {
        ok = false;
    }
    if (!ok) {
        nb_report_summary_free(out);
        memset(out, 0, sizeof *out);
        return -1;
    }
    return 0;
}

void nb_dash_summary_strip(nb_report_summary *s, const char *data_path)
{
    if (!s->messages) return;
    size_t plen = strlen(data_path);
    nb_buf b;
    nb_buf_init(&b);
    for (const char *p = s->messages; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) + 1 : strlen(p);
        if (len > plen && memcmp(p, data_path, plen) == 0 && p[plen] == ':') nb_buf_add(&b, p + plen + 1, len - plen - 1);
        else nb_buf_add(&b, p, len);
        p += len;
    }
    free(s->messages);
    s->messages = nb_buf_take(&b);
}

void nb_dashboard_html(const nb_dash_entry *e, size_t n, nb_buf *out)
{
    size_t *ix = nb_xcalloc(n + 1, sizeof *ix), ok = 0, warned = 0, failed = 0, missing = 0;
    for (size_t i = 0; i < n; i++) {
        ix[i] = i;
        if (e[i].missing) missing++;
        else if (e[i].failed || e[i].sum->errors) failed++;
        else if (e[i].sum->warnings) warned++;
        else ok++;
    }
    char **svg = charts(e, n);
    sort_entries = e; /* build calls this on one thread */
    qsort(ix, n, sizeof *ix, by_year_agency);
    nb_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>年报构建总览</title>\n<style>");
    nb_html_css_text(out, CSS);
    nb_buf_puts(out, "</style>\n</head>\n<body>\n<main>\n<h1>年报构建总览</h1>\n");
    nb_buf_printf(out, "<p>共 %zu 份报告：通过 %zu 份，有警告 %zu 份，未通过 %zu 份", n - missing, ok, warned, failed);
    if (missing) nb_buf_printf(out, "；缺报 %zu 份", missing);
    nb_buf_puts(out, "。</p>\n");
    for (size_t i = 0; i < n;) {
        const nb_dash_entry *first = &e[ix[i]];
        int year = first->sum->agency ? first->sum->year : 0;
        const nb_form *form = first->sum->form;
        size_t j = i;
        while (j < n && (e[ix[j]].sum->agency ? e[ix[j]].sum->year : 0) == year && e[ix[j]].sum->form == form) j++;
        size_t gaps = 0;
        for (size_t k = i; k < j; k++) gaps += e[ix[k]].missing;
        if (year) {
            nb_buf_printf(out, "<section aria-labelledby=\"y%d-%zu\">\n<h2 id=\"y%d-%zu\">%d年度（%zu 份", year, i, year, i,
                          year, j - i - gaps);
            if (gaps) nb_buf_printf(out, "，缺报 %zu 份", gaps);
            nb_buf_puts(out, "）</h2>\n");
        }
        else nb_buf_printf(out, "<section aria-labelledby=\"y0-%zu\">\n<h2 id=\"y0-%zu\">未能读取的数据文件（%zu 份）</h2>\n", i, i, j - i);
        nb_buf_puts(out, "<table>\n");
        header(out, form);
        for (size_t k = i; k < j; k++) row(out, &e[ix[k]], svg[ix[k]]);
        nb_buf_puts(out, "</tbody>\n</table>\n</section>\n");
        i = j;
    }
    nb_buf_puts(out, "</main>\n</body>\n</html>\n");
    for (size_t i = 0; i < n; i++) free(svg[i]);
    free(svg);
    free(ix);
}
