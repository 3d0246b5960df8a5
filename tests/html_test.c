/* html_test: renders a hand-built document with a hand-built layout (no
 * layout files, no expand) and checks exact pieces of the output: escaping,
 * headings, run-in headings, tables (spans, scopes, thead/tbody), captions,
 * the fragment's scoping, determinism. Writes the page and the fragment to
 * the folder given as argv[1] for the browser and validator checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "html.h"

#include "check.h"

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += len) n++;
    return n;
}

#define HAS(out, s) CHECK(strstr((out), (s)) != NULL, "missing: %s", (s))
#define LACKS(out, s) CHECK(strstr((out), (s)) == NULL, "unexpected: %s", (s))
#define STARTS(out, s) CHECK(strncmp((out), (s), strlen(s)) == 0, "does not start with: %s\nbut: %.*s", (s), (int)strlen(s), (out))
#define COUNT(out, s, n) CHECK(count((out), (s)) == (n), "count of %s: %zu, expected %d", (s), count((out), (s)), (n))

/* The text between the first `from` and the next `to` (caller frees). */
static char *between(const char *s, const char *from, const char *to)
{
    const char *a = strstr(s, from);
    if (!a) return nb_xstrdup("");
    a += strlen(from);
    const char *b = strstr(a, to);
    return nb_xstrndup(a, b ? (size_t)(b - a) : strlen(a));
}

/* ---- a document built by hand ---- */

static const char HOSTILE[] = "<script>alert(1)</script> & \"x\" 'y' </style><!-- -->";
static const char HOSTILE_ESCAPED[] =
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39; &lt;/style&gt;&lt;!-- --&gt;";
/* Sets a global if it ever runs: the browser check looks for it. */
static const char HOSTILE_JS[] = "<img src=x onerror=\"window.nbPwned=1\"><script>window.nbPwned=2</script>";

/* The test layout's style of that name (the document tree keeps pointers). */
static const nb_style *style_named(const char *name);

static nb_block *block(nb_doc *d, nb_block_kind kind, const char *style)
{
    NB_GROW(d->blocks, d->nblocks, d->cap);
    nb_block *b = &d->blocks[d->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->style = style_named(style);
    return b;
}

static void run(nb_block *b, const char *text, const char *style, bool bold)
{
    b->runs = nb_xrealloc(b->runs, (b->nruns + 1) * sizeof *b->runs);
    b->runs[b->nruns++] = (nb_run){.text = nb_xstrdup(text), .style = style_named(style), .bold = bold};
}

static nb_block *heading(nb_doc *d, const char *style, int level, const char *number, const char *text,
                         const char *anchor, bool run_in)
{
    nb_block *b = block(d, NB_BLOCK_HEADING, style);
    b->level = level;
    b->number = nb_xstrdup(number);
    b->anchor = anchor ? nb_xstrdup(anchor) : NULL;
    b->run_in = run_in;
    run(b, text, style, false);
    return b;
}

static nb_table *table(nb_doc *d, const char *id, const char *caption, bool visible, int ncols, int nrows,
                       int header_rows, const int *widths)
{
    nb_table *t = nb_xcalloc(1, sizeof *t);
    t->id = nb_xstrdup(id);
    t->caption = nb_xstrdup(caption);
    t->caption_visible = visible;
    t->ncols = ncols;
    t->nrows = nrows;
    t->header_rows = header_rows;
    t->col_widths = nb_xcalloc((size_t)ncols, sizeof *t->col_widths);
    for (int i = 0; i < ncols; i++) t->col_widths[i] = widths ? widths[i] : 1;
    block(d, NB_BLOCK_TABLE, "table")->table = t;
    return t;
}

static void cell(nb_table *t, int r, int c, int rs, int cs, nb_cell_kind kind, const char *text)
{
    t->cells = nb_xrealloc(t->cells, (t->ncells + 1) * sizeof *t->cells);
    static const char *const cell_styles[] = {"table_head", "table_label", "table_value"};
    nb_align align = kind == NB_CELL_LABEL ? NB_ALIGN_LEFT : NB_ALIGN_CENTER;
    t->cells[t->ncells++] = (nb_cell){.row = r, .col = c, .rowspan = rs, .colspan = cs, .kind = kind, .align = align,
                                      .style = style_named(cell_styles[kind]), .text = nb_xstrdup(text)};
}

static void reviews_table(nb_doc *d)
{
    static const char *const results[] = {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"};
    nb_table *t = table(d, "reviews", "行政复议、行政诉讼情况统计表", false, 15, 4, 3, NULL);
    cell(t, 0, 0, 1, 5, NB_CELL_HEAD, "行政复议");
    cell(t, 0, 5, 1, 10, NB_CELL_HEAD, "行政诉讼");
    for (int i = 0; i < 5; i++) cell(t, 1, i, 2, 1, NB_CELL_HEAD, results[i]);
    cell(t, 1, 5, 1, 5, NB_CELL_HEAD, "未经复议直接起诉");
    cell(t, 1, 10, 1, 5, NB_CELL_HEAD, "复议后起诉");
    for (int i = 0; i < 10; i++) cell(t, 2, 5 + i, 1, 1, NB_CELL_HEAD, results[i % 5]);
    for (int i = 0; i < 15; i++) {
        char v[8];
        snprintf(v, sizeof v, "%d", i);
        cell(t, 3, i, 1, 1, NB_CELL_VALUE, v);
    }
}

static void applications_table(nb_doc *d)
{
    static const int widths[] = {11, 17, 50, 11, 11, 11, 11, 11, 11, 12};
    nb_table *t = table(d, "applications", "收到和处理政府信息公开申请情况统计表", false, 10, 10, 3, widths);
    cell(t, 0, 0, 3, 3, NB_CELL_HEAD, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
    cell(t, 0, 3, 1, 7, NB_CELL_HEAD, "申请人情况");
    cell(t, 1, 3, 2, 1, NB_CELL_HEAD, "自然人");
    cell(t, 1, 4, 1, 5, NB_CELL_HEAD, "法人或其他组织");
    cell(t, 1, 9, 2, 1, NB_CELL_HEAD, "总计");
    static const char *const kinds[] = {"商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"};
    for (int i = 0; i < 5; i++) cell(t, 2, 4 + i, 1, 1, NB_CELL_HEAD, kinds[i]);
    struct { int r, c, rs, cs; const char *text; } labels[] = {
        {3, 0, 1, 3, "一、本年新收政府信息公开申请数量"},
        {4, 0, 1, 3, "二、上年结转政府信息公开申请数量"},
        {5, 0, 4, 1, "三、本年度办理结果"},
        {5, 1, 1, 2, "（一）予以公开"},
        {6, 1, 2, 1, "（三）不予公开"},
        {6, 2, 1, 1, "1.属于国家秘密"},
        {7, 2, 1, 1, "2.危及“三安全一稳定”"},
        {8, 1, 1, 2, "（七）总计"},
        {9, 0, 1, 3, "四、结转下年度继续办理"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        cell(t, labels[i].r, labels[i].c, labels[i].rs, labels[i].cs, NB_CELL_LABEL, labels[i].text);
        /* Values follow the last label of each row. */
        if (i + 1 == sizeof labels / sizeof *labels || labels[i + 1].r != labels[i].r)
            for (int c = 3; c < 10; c++) {
                char v[16];
                snprintf(v, sizeof v, "%d", labels[i].r * 10 + c);
                cell(t, labels[i].r, c, 1, 1, NB_CELL_VALUE, v);
            }
    }
    t->cells[t->ncells - 2].text[0] = 0; /* one empty value cell */
}

/* Cells deliberately out of order: the renderer sorts them. */
static void proactive_table(nb_doc *d)
{
    nb_table *t = table(d, "proactive", "主动公开 <b>统计</b>", true, 4, 5, 0, NULL);
    cell(t, 4, 0, 1, 1, NB_CELL_LABEL, "行政事业性收费");
    cell(t, 4, 1, 1, 3, NB_CELL_VALUE, HOSTILE);
    cell(t, 0, 0, 1, 4, NB_CELL_HEAD, "第二十条第（一）项");
    cell(t, 1, 0, 1, 1, NB_CELL_HEAD, "信息内容");
    cell(t, 1, 1, 1, 1, NB_CELL_HEAD, "本年制发件数");
    cell(t, 1, 2, 1, 1, NB_CELL_HEAD, "本年废止件数");
    cell(t, 1, 3, 1, 1, NB_CELL_HEAD, "现行有效件数");
    cell(t, 2, 0, 1, 1, NB_CELL_LABEL, "规章");
    for (int c = 1; c < 4; c++) cell(t, 2, c, 1, 1, NB_CELL_VALUE, "1");
    cell(t, 3, 0, 1, 1, NB_CELL_HEAD, "");
    cell(t, 3, 1, 1, 3, NB_CELL_HEAD, "本年收费金额（单位：万元）");
}

static void build_doc(nb_doc *d)
{
    memset(d, 0, sizeof *d);
    d->title = nb_xstrdup("某某市某某局\xE2\x80\x8B" "2023年政府信息公开工作年度报告");
    d->author = nb_xstrdup("某某市某某局");
    d->subject = nb_xstrdup("2023年政府信息公开工作年度报告");
    d->keywords = nb_xstrdup("政府信息公开, 年度报告");
    d->lang = nb_xstrdup("zh-CN");
    nb_block *b = block(d, NB_BLOCK_TITLE, "title");
    run(b, "某某市某某局\xE2\x80\x8B" "2023年政府信息公开工作年度报告", "title", false);
    run(block(d, NB_BLOCK_SUBTITLE, "subtitle"), "（2024年1月）", "subtitle", false);
    b = block(d, NB_BLOCK_PARA, "body");
    run(b, "根据《中华人民共和国政府信息公开条例》，编制本报告。", "body", false);
    heading(d, "section", 1, "一、", "总体情况", "overview", false);
    heading(d, "item_cn", 2, "（一）", "主动公开情况。", NULL, true);
    b = block(d, NB_BLOCK_PARA, "body");
    run(b, "2023年，本机关", "body", false);
    run(b, "重点", "body", true);
    run(b, "公开了规划计划信息。", "body", false);
    heading(d, "item_cn", 2, "（二）", "依申请公开情况", NULL, false);
    heading(d, "item_num", 3, "1.", "制度建设", NULL, false)->runs[0].bold = true;
    b = block(d, NB_BLOCK_PARA, "body");
    run(b, HOSTILE, "body", false);
    run(b, HOSTILE_JS, "body", false);
    b = block(d, NB_BLOCK_PARA, "body");
    run(b, "详见https://www.example.gov.cn/zwgk/xxgkndbg/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/index.html。", "body",
        false);
    run(b, "附注", "note", false);
    heading(d, "section", 1, "二、", "主动公开政府信息情况", "proactive", false);
    proactive_table(d);
    heading(d, "section", 1, "三、", "收到和处理政府信息公开申请情况", "applications", false);
    applications_table(d);
    heading(d, "section", 1, "四、", "政府信息公开行政复议、行政诉讼情况", "reviews", false);
    reviews_table(d);
    /* A run-in heading with no paragraph after it stays a plain heading. */
    heading(d, "item_cn", 2, "（一）", "末尾标题。", NULL, true);
    b = block(d, NB_BLOCK_SIGNOFF, "signoff");
    run(b, "某某市某某局", "signoff", false);
    run(b, "2024年1月17日", "signoff", false);
}

static void free_doc(nb_doc *d)
{
    for (size_t i = 0; i < d->nblocks; i++) {
        nb_block *b = &d->blocks[i];
        for (size_t j = 0; j < b->nruns; j++) free(b->runs[j].text);
        free(b->runs);
        free(b->number);
        free(b->anchor);
        if (b->table) {
            for (size_t j = 0; j < b->table->ncells; j++) free(b->table->cells[j].text);
            free(b->table->cells);
            free(b->table->col_widths);
            free(b->table->id);
            free(b->table->caption);
            free(b->table);
        }
    }
    free(d->blocks);
    free(d->title);
    free(d->author);
    free(d->subject);
    free(d->keywords);
    free(d->lang);
}

/* ---- a layout built by hand (values of gb-2021, in mpt) ---- */

static nb_font_role fonts[] = {
    {.name = "xiaobiaosong", .css = "\"方正小标宋简体\", \"FZXiaoBiaoSong-B05S\", serif"},
    {.name = "hei", .css = "\"黑体\", \"SimHei\", sans-serif"},
    {.name = "kai", .css = "\"楷体_GB2312\", \"KaiTi\", serif"},
    {.name = "fangsong", .css = "\"仿宋_GB2312\", \"FangSong\", serif"},
    {.name = "song", .css = "\"宋体\", \"SimSun\", serif"},
};

#define LINE 28992
#define STYLE(n, f, sz, lead, ind, before, after, right, al, b)                                          \
    {.name = n, .font = &fonts[f], .size = sz, .leading = lead, .indent = ind, .space_before = before, \
     .space_after = after, .margin_right = right, .align = al, .bold = b}
static nb_style styles[] = {
    STYLE("title", 0, 22000, 35000, 0, 0, LINE, 0, NB_ALIGN_CENTER, false),
    STYLE("subtitle", 2, 16000, LINE, 0, 0, LINE / 2, 0, NB_ALIGN_CENTER, false),
    STYLE("body", 3, 16000, LINE, 32000, 0, 0, 0, NB_ALIGN_JUSTIFY, false),
    STYLE("section", 1, 16000, LINE, 32000, 0, 0, 0, NB_ALIGN_LEFT, false),
    STYLE("item_cn", 2, 16000, LINE, 32000, 0, 0, 0, NB_ALIGN_LEFT, false),
    STYLE("item_num", 3, 16000, LINE, 32000, 0, 0, 0, NB_ALIGN_LEFT, true),
    STYLE("signoff", 3, 16000, LINE, 0, LINE, 0, 32000, NB_ALIGN_RIGHT, false),
    STYLE("table_head", 4, 10500, 14000, 0, 0, 0, 0, NB_ALIGN_CENTER, false),
    STYLE("table_label", 4, 10500, 14000, 0, 0, 0, 0, NB_ALIGN_LEFT, false),
    STYLE("table_value", 4, 10500, 14000, 0, 0, 0, 0, NB_ALIGN_CENTER, false),
    STYLE("table", 4, 10500, 14000, 0, LINE / 2, LINE / 2, 0, NB_ALIGN_LEFT, false),
    STYLE("note", 2, 16000, LINE, 0, 0, 0, 0, NB_ALIGN_LEFT, false),
};

static const nb_style *style_named(const char *name)
{
    for (size_t i = 0; name && i < sizeof styles / sizeof *styles; i++)
        if (strcmp(styles[i].name, name) == 0) return &styles[i];
    return NULL;
}

static void build_layout(nb_layout *l)
{
    memset(l, 0, sizeof *l);
    l->name = "test";
    l->page.text_width = 442205;
    l->fonts = fonts;
    l->nfonts = sizeof fonts / sizeof *fonts;
    styles[0].balance = true; /* title */
    l->styles = styles;
    l->nstyles = sizeof styles / sizeof *styles;
    l->html_lang = "zh-CN";
    /* Scoped like the real html.css; the "</" must not close the <style>. */
    l->html_css = ".nb-report .nb-test::after{content:\"</style>\"}\n";
}

/* ---- checks ---- */

static void check_escape(void)
{
    nb_buf b;
    nb_buf_init(&b);
    nb_html_escape(&b, HOSTILE, strlen(HOSTILE), NB_HTML_TEXT);
    CHECK(strcmp(b.data, HOSTILE_ESCAPED) == 0, "escaped: %s", b.data);
    b.len = 0;
    /* invalid byte → U+FFFD; controls and noncharacters dropped; ZWSP per context */
    static const char odd[] = "a\xFF" "b\x01\x7F" "c\xEF\xBF\xBE" "d\xC2\x85" "e\xE2\x80\x8B" "f\tg\nh";
    nb_html_escape(&b, odd, sizeof odd - 1, NB_HTML_TEXT);
    CHECK(strcmp(b.data, "a\xEF\xBF\xBD" "bcde<wbr>f\tg\nh") == 0, "odd text: %s", b.data);
    b.len = 0;
    nb_html_escape(&b, odd, sizeof odd - 1, NB_HTML_ATTR);
    CHECK(strcmp(b.data, "a\xEF\xBF\xBD" "bcdef\tg\nh") == 0, "odd attr: %s", b.data);
    b.len = 0;
    nb_html_escape(&b, "a b\tc\"", 6, NB_HTML_ID);
    CHECK(strcmp(b.data, "a-b-c&quot;") == 0, "id: %s", b.data);
    b.len = 0;
    nb_html_escape(&b, "x", 0, NB_HTML_TEXT);
    CHECK(b.len == 0 && b.data[0] == 0, "empty: %s", b.data);
    b.len = 0;
    /* URLs wrap after '/': only inside a URL, only before a letter or digit, not in attributes */
    static const char urls[] = "见http://a.cn/b/c 1/2 www.x.cn/y/ /z a/b file:///x";
    nb_html_escape(&b, urls, sizeof urls - 1, NB_HTML_TEXT);
    CHECK(strcmp(b.data, "见http://<wbr>a<wbr>.cn/<wbr>b/<wbr>c 1/2 www<wbr>.x<wbr>.cn/<wbr>y/ /z a/b file:///<wbr>x") == 0,
          "urls: %s", b.data);
    b.len = 0;
    static const char dots[] = "共1.5万件。见gov.cn 3.14 a.b.c。http://a..b/.c";
    nb_html_escape(&b, dots, sizeof dots - 1, NB_HTML_TEXT);
    CHECK(strcmp(b.data, "共1.5万件。见gov.cn 3.14 a.b.c。http://<wbr>a..b/.c") == 0, "dots outside URLs: %s", b.data);
    b.len = 0;
    nb_html_escape(&b, urls, sizeof urls - 1, NB_HTML_ATTR);
    CHECK(strcmp(b.data, urls) == 0, "urls in attributes: %s", b.data);
    b.len = 0;
    nb_html_css_text(&b, "a{content:\"</style></STYLE>\"}</");
    CHECK(strcmp(b.data, "a{content:\"<\\/style><\\/STYLE>\"}<\\/") == 0, "css: %s", b.data);
    nb_buf_free(&b);
}

static void check_page(const char *out)
{
    STARTS(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>某某市某某局2023年政府信息公开工作年度报告</title>\n");
    HAS(out, "<meta name=\"author\" content=\"某某市某某局\">\n");
    HAS(out, "<meta name=\"keywords\" content=\"政府信息公开, 年度报告\">\n");
    HAS(out, "</style>\n</head>\n<body>\n<main class=\"nb-report\">\n<h1 class=\"nb-s-title\">"
             "某某市某某局<wbr>2023年政府信息公开工作年度报告</h1>\n");
    HAS(out, "</main>\n</body>\n</html>\n");
    CHECK(out[strlen(out) - 1] == '\n' && strstr(out, "</html>\n") == out + strlen(out) - 8, "page ends with </html>");

    /* text blocks */
    HAS(out, "<p class=\"nb-subtitle nb-s-subtitle\">（2024年1月）</p>\n");
    HAS(out, "<h2 id=\"overview\" class=\"nb-s-section\">一、总体情况</h2>\n");
    HAS(out, "<div class=\"nb-runin nb-s-body\"><h3 class=\"nb-s-item_cn\">（一）主动公开情况。</h3>"
             "<p>2023年，本机关<strong>重点</strong>公开了规划计划信息。</p></div>\n");
    HAS(out, "<h3 class=\"nb-s-item_cn\">（二）依申请公开情况</h3>\n");
    /* bold only through its style: no <strong> */
    HAS(out, "<h4 class=\"nb-s-item_num\">1.制度建设</h4>\n");
    HAS(out, "<p class=\"nb-s-body\">" "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39; "
             "&lt;/style&gt;&lt;!-- --&gt;&lt;img src=x onerror=&quot;window.nbPwned=1&quot;&gt;"
             "&lt;script&gt;window.nbPwned=2&lt;/script&gt;</p>\n");
    HAS(out, "<p class=\"nb-s-body\">详见https://<wbr>www<wbr>.example<wbr>.gov<wbr>.cn/<wbr>zwgk/<wbr>xxgkndbg/<wbr>aaaa");
    HAS(out, "aaaa/<wbr>index<wbr>.html。<span class=\"nb-s-note\">附注</span></p>\n");
    /* the sign-off's lines in one box, centred on each other (GB/T 9704), the box at the right */
    HAS(out, "<h3 class=\"nb-s-item_cn\">（一）末尾标题。</h3>\n<div class=\"nb-signoff nb-s-signoff\">\n"
             "<div class=\"nb-signoff-box\">\n<p>某某市某某局</p>\n<p>2024年1月17日</p>\n</div>\n</div>\n</main>");
    /* nothing from the data reaches the page unescaped */
    LACKS(out, "<script");
    LACKS(out, "<img");
    LACKS(out, "<b>");
    LACKS(out, "<!--");
    COUNT(out, "</style>", 1);
    COUNT(out, "<strong>", 1);

    /* CSS from the layout's styles */
    HAS(out, ".nb-report .nb-s-body{font-family:\"仿宋_GB2312\", \"FangSong\", serif;font-size:16pt;line-height:1.812;"
             "text-indent:2em;text-align:justify;font-weight:normal;margin:0 0 0 0}\n");
    HAS(out, ".nb-report .nb-s-title{font-family:\"方正小标宋简体\", \"FZXiaoBiaoSong-B05S\", serif;font-size:22pt;"
             "line-height:1.591;text-indent:0;text-align:center;font-weight:normal;text-wrap:balance;margin:0 0 28.992pt 0}\n");
    HAS(out, ".nb-report .nb-s-signoff{font-family:\"仿宋_GB2312\", \"FangSong\", serif;font-size:16pt;"
             "line-height:1.812;text-indent:0;text-align:right;font-weight:normal;margin:28.992pt 32pt 0 0}\n");
    HAS(out, ".nb-report .nb-s-item_num{font-family:\"仿宋_GB2312\", \"FangSong\", serif;font-size:16pt;"
             "line-height:1.812;text-indent:2em;text-align:left;font-weight:bold;margin:0 0 0 0}\n");
    HAS(out, ".nb-report .nb-s-table_head{font-family:\"宋体\", \"SimSun\", serif;font-size:10.5pt;line-height:1.333;");
    HAS(out, ".nb-report{max-width:442.205pt}\n");
    HAS(out, ".nb-report .nb-test::after{content:\"<\\/style>\"}\n</style>");
    HAS(out, ".nb-report .nb-table-wrap{overflow-x:auto;max-width:100%}");
    HAS(out, ".nb-report .nb-sr-only{position:absolute;");

    /* table 二 shape: no thead (header_rows 0), visible caption, cells sorted */
    char *t = between(out, "aria-labelledby=\"nb-cap-proactive\"", "</table>");
    HAS(out, "<div class=\"nb-table-wrap nb-s-table\" role=\"region\" aria-labelledby=\"nb-cap-proactive\" tabindex=\"0\">\n"
             "<table style=\"min-width:10.4em\">\n<caption id=\"nb-cap-proactive\">主动公开 &lt;b&gt;统计&lt;/b&gt;</caption>\n"
             "<colgroup><col style=\"width:25.00%\"><col style=\"width:25.00%\"><col style=\"width:25.00%\">"
             "<col style=\"width:25.00%\"></colgroup>\n<tbody>\n"
             "<tr><th scope=\"col\" colspan=\"4\" class=\"nb-a-c nb-s-table_head\">第二十条第（一）项</th></tr>\n"
             "<tr><th scope=\"col\" class=\"nb-a-c nb-s-table_head\">信息内容</th>");
    HAS(t, "<tr><th scope=\"row\" class=\"nb-a-l nb-s-table_label\">规章</th>"
           "<td class=\"nb-a-c nb-s-table_value\">1</td>");
    /* an empty header cell is a plain cell */
    HAS(t, "<tr><td class=\"nb-a-c nb-s-table_head\"></td><th scope=\"col\" colspan=\"3\" class=\"nb-a-c nb-s-table_head\">"
           "本年收费金额（单位：万元）</th></tr>\n");
    HAS(t, "<td colspan=\"3\" class=\"nb-a-c nb-s-table_value\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; "
           "&#39;y&#39; &lt;/style&gt;&lt;!-- --&gt;</td></tr>\n</tbody>\n");
    LACKS(t, "<thead>");
    COUNT(t, "<tr>", 5);
    free(t);

    /* table 三 shape: hidden caption, 3 header rows, colgroups from the first row;
     * narrowest column 11 of 156: 2.6em × 156 / 11 = 36.87em, rounded up */
    t = between(out, "aria-labelledby=\"nb-cap-applications\"", "</table>");
    HAS(t, " tabindex=\"0\">\n<table style=\"min-width:36.9em\">\n<caption");
    HAS(t, "<caption id=\"nb-cap-applications\" class=\"nb-sr-only\">收到和处理政府信息公开申请情况统计表</caption>\n"
           "<colgroup><col style=\"width:7.05%\"><col style=\"width:10.90%\"><col style=\"width:32.05%\"></colgroup>"
           "<colgroup><col style=\"width:7.05%\">");
    COUNT(t, "<colgroup>", 2);
    HAS(t, "<thead>\n<tr><th scope=\"colgroup\" rowspan=\"3\" colspan=\"3\" class=\"nb-a-c nb-s-table_head\">"
           "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>"
           "<th scope=\"colgroup\" colspan=\"7\" class=\"nb-a-c nb-s-table_head\">申请人情况</th></tr>\n"
           "<tr><th scope=\"col\" rowspan=\"2\" class=\"nb-a-c nb-s-table_head\">自然人</th>"
           "<th scope=\"col\" colspan=\"5\" class=\"nb-a-c nb-s-table_head\">法人或其他组织</th>");
    char *head = between(t, "<thead>", "</thead>");
    COUNT(head, "<tr>", 3);
    free(head);
    HAS(t, "</th></tr>\n</thead>\n<tbody>\n<tr><th scope=\"row\" colspan=\"3\" class=\"nb-a-l nb-s-table_label\">"
           "一、本年新收政府信息公开申请数量</th><td class=\"nb-a-c nb-s-table_value\">33</td>");
    HAS(t, "<tr><th scope=\"row\" rowspan=\"4\" class=\"nb-a-l nb-s-table_label\">三、本年度办理结果</th>"
           "<th scope=\"row\" colspan=\"2\" class=\"nb-a-l nb-s-table_label\">（一）予以公开</th>"
           "<td class=\"nb-a-c nb-s-table_value\">53</td>");
    HAS(t, "<th scope=\"row\" colspan=\"2\" class=\"nb-a-l nb-s-table_label\">（一）予以公开</th>");
    HAS(t, "<tr><th scope=\"row\" rowspan=\"2\" class=\"nb-a-l nb-s-table_label\">（三）不予公开</th>"
           "<th scope=\"row\" class=\"nb-a-l nb-s-table_label\">1.属于国家秘密</th>");
    HAS(t, "<td class=\"nb-a-c nb-s-table_value\">97</td><td class=\"nb-a-c nb-s-table_value\"></td>"
           "<td class=\"nb-a-c nb-s-table_value\">99</td></tr>\n</tbody>\n");
    COUNT(t, "<tr>", 10);
    free(t);

    /* table 四 shape: 15 columns, results spanning two header rows */
    t = between(out, "aria-labelledby=\"nb-cap-reviews\"", "</table>");
    HAS(t, "<thead>\n<tr><th scope=\"colgroup\" colspan=\"5\" class=\"nb-a-c nb-s-table_head\">行政复议</th>"
           "<th scope=\"colgroup\" colspan=\"10\" class=\"nb-a-c nb-s-table_head\">行政诉讼</th></tr>\n"
           "<tr><th scope=\"col\" rowspan=\"2\" class=\"nb-a-c nb-s-table_head\">结果维持</th>");
    HAS(t, "<th scope=\"col\" colspan=\"5\" class=\"nb-a-c nb-s-table_head\">复议后起诉</th></tr>\n<tr><th scope=\"col\" "
           "class=\"nb-a-c nb-s-table_head\">结果维持</th>");
    HAS(t, "<col style=\"width:6.67%\">");
    HAS(t, "<table style=\"min-width:39.0em\">");
    HAS(t, "</tr>\n</thead>\n<tbody>\n<tr><td class=\"nb-a-c nb-s-table_value\">0</td>");
    HAS(t, "<td class=\"nb-a-c nb-s-table_value\">14</td></tr>\n</tbody>\n");
    COUNT(t, "<td ", 15);
    COUNT(t, "<th ", 19);
    free(t);
}

/* Every selector in the fragment's <style> starts with .nb-report. */
static void check_scoped(const char *css)
{
    const char *p = css;
    int rules = 0;
    while (*p) {
        const char *open = strchr(p, '{');
        if (!open) break;
        const char *sel = p;
        while (sel < open) {
            while (sel < open && (*sel == ' ' || *sel == '\n' || *sel == ',')) sel++;
            if (sel == open) break;
            CHECK(strncmp(sel, ".nb-report", 10) == 0, "unscoped selector: %.40s", sel);
            while (sel < open && *sel != ',') sel++;
        }
        const char *close = strchr(open, '}');
        if (!close) break;
        p = close + 1;
        rules++;
    }
    CHECK(rules > 20, "rules parsed: %d", rules);
}

static void check_fragment(const char *out, const char *page)
{
    STARTS(out, "<div class=\"nb-report\" lang=\"zh-CN\">\n<style>\n");
    CHECK(strcmp(out + strlen(out) - 10, "</div>\n<<<") == 0, "fragment end: %s", out + strlen(out) - 10);
    LACKS(out, "<html");
    LACKS(out, "<head");
    LACKS(out, "<body");
    LACKS(out, "<title");
    LACKS(out, "<main");
    LACKS(out, "<!DOCTYPE");
    char *css = between(out, "<style>\n", "</style>");
    check_scoped(css);
    /* same styles and same body as the page */
    char *page_css = between(page, "<style>\n", "</style>");
    CHECK(strcmp(css, page_css) == 0, "fragment CSS differs from the page's");
    free(css);
    free(page_css);
    char *body = between(out, "</style>\n", "</div>\n<<<");
    char *page_body = between(page, "<main class=\"nb-report\">\n", "</main>");
    CHECK(strcmp(body, page_body) == 0, "fragment body differs from the page's");
    free(body);
    free(page_body);
}

static void check_degenerate(const nb_layout *l)
{
    /* No title string: the title block's text; no lang: the layout's. A
     * table whose header covers every row has no tbody; spans are clipped. */
    nb_doc d;
    memset(&d, 0, sizeof d);
    run(block(&d, NB_BLOCK_TITLE, NULL), "A\xE2\x80\x8B<B>", NULL, true);
    nb_table *t = table(&d, "x", "", false, 2, 2, 2, NULL);
    cell(t, 0, 0, 5, 1, NB_CELL_HEAD, "h");
    cell(t, 0, 1, 1, 9, NB_CELL_HEAD, "i");
    cell(t, 1, 1, 1, 1, NB_CELL_LABEL, "j");
    cell(t, 7, 0, 1, 1, NB_CELL_VALUE, "outside");
    nb_buf b;
    nb_buf_init(&b);
    nb_html_render(&d, l, &(nb_html_opts){false}, &b);
    HAS(b.data, "<html lang=\"zh-CN\">");
    HAS(b.data, "<title>A&lt;B&gt;</title>");
    HAS(b.data, "<h1><strong>A<wbr>&lt;B&gt;</strong></h1>");
    HAS(b.data, "<div class=\"nb-table-wrap nb-s-table\" tabindex=\"0\">\n<table style=\"min-width:5.2em\">\n<colgroup>");
    HAS(b.data, "<thead>\n<tr><th scope=\"col\" rowspan=\"2\" class=\"nb-a-c nb-s-table_head\">h</th>"
                "<th scope=\"col\" class=\"nb-a-c nb-s-table_head\">i</th></tr>\n"
                "<tr><th scope=\"row\" class=\"nb-a-l nb-s-table_label\">j</th></tr>\n</thead>\n</table>");
    LACKS(b.data, "<caption");
    LACKS(b.data, "<tbody>");
    LACKS(b.data, "outside");
    nb_buf_free(&b);
    /* No layout at all: plain markup, still a page; no column widths: 2.6em a column. */
    free(t->col_widths);
    t->col_widths = NULL;
    nb_buf_init(&b);
    nb_html_render(&d, NULL, NULL, &b);
    HAS(b.data, "<html lang=\"und\">");
    LACKS(b.data, ".nb-s-");
    HAS(b.data, "<table style=\"min-width:5.2em\">\n<colgroup><col><col></colgroup>\n<thead>");
    nb_buf_free(&b);
    free_doc(&d);
}

static int write_file(const char *dir, const char *name, const char *data)
{
    char *path = nb_xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    int ok = f && fputs(data, f) >= 0;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) fprintf(stderr, "cannot write %s\n", path);
    free(path);
    return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    nb_doc doc;
    nb_layout layout;
    build_doc(&doc);
    build_layout(&layout);

    check_escape();

    nb_buf page, again, frag;
    nb_buf_init(&page);
    nb_buf_init(&again);
    nb_buf_init(&frag);
    nb_buf_puts(&page, ""); /* appends: what was there stays */
    nb_html_render(&doc, &layout, &(nb_html_opts){false}, &page);
    check_page(page.data);
    nb_html_render(&doc, &layout, &(nb_html_opts){false}, &again);
    CHECK(page.len == again.len && memcmp(page.data, again.data, page.len) == 0, "rerender differs");
    nb_buf_puts(&frag, "<<<");
    nb_html_render(&doc, &layout, &(nb_html_opts){true}, &frag);
    CHECK(strncmp(frag.data, "<<<<div", 7) == 0, "render appends to the buffer");
    nb_buf_puts(&frag, "<<<");
    check_fragment(frag.data + 3, page.data);
    frag.data[frag.len - 3] = 0;
    check_degenerate(&layout);

    if (argc > 1 && (write_file(argv[1], "html_test_page.html", page.data) != 0 ||
                     write_file(argv[1], "html_test_fragment.html", frag.data + 3) != 0))
        failures++;

    nb_buf_free(&page);
    nb_buf_free(&again);
    nb_buf_free(&frag);
    free_doc(&doc);
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
