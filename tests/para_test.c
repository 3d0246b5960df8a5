/* para_test: Chinese line breaking and justification (gen/para.c,
 * gen/parabreak.c, gen/linebreak.c).
 *
 * Unit tests with hand-computed positions in a simple width model (every CJK
 * character 1 em = 16000 mpt, everything else half an em, U+200B nothing),
 * then a property test over 2,000 seeded random paragraphs checked against
 * the rules and against a brute-force greedy oracle (with the loose-line
 * rule restated: every split is at a URL point of a URL or long word, after
 * a line that was loose, at the last point that fits; no justified line is
 * left loose while such a point fitted), then pathological sizes (5,000
 * characters; one 5,000-character token; URLs at loose lines) for linear
 * time. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "para.h"
#include "parabreak.h" /* nb_brk_loose, nb_brk_stretch_gaps: the loose-line rule itself */
#include "util.h"

#include "check.h"

#define EQ(got, want) CHECK((long long)(got) == (long long)(want), "%s is %lld, expected %lld", #got, (long long)(got), (long long)(want))
#define STREQ(got, want) CHECK(strcmp((got), (want)) == 0, "%s is \"%s\", expected \"%s\"", #got, (got), (want))

/* The lists of spec/report-format.md, "Chinese line breaking". */
static const char NO_START[] = "!%),.:;?]}¢°·’”…‰′″›℃∶、。〃〉》」』】〕〗〞！％），．：；？］｝～";
static const char NO_END[] = "$([{£¥‘“〈《「『【〔〖（［｛￥";
static const nb_kinsoku KS = {NO_START, NO_END, NULL};

#define EM 16000

/* ---- a paragraph in the simple width model ---- */

typedef struct para {
    nb_pchar *c;
    size_t n;
    nb_mpt *x;
    nb_pline *lines;
    size_t nlines;
    nb_para_opts o;
} para;

static nb_mpt model_adv(uint32_t cp, nb_mpt em)
{
    nb_lb_class k = nb_lb_classify(cp);
    if (k == NB_LB_ZWSP) return 0;
    return k == NB_LB_CJK ? em : em / 2;
}

static size_t decode(const char *s, nb_pchar **out, nb_mpt em)
{
    size_t len = strlen(s), n = 0;
    *out = nb_xmalloc((len + 1) * sizeof **out);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int step = nb_utf8_decode(s + i, len - i, &cp);
        if (step <= 0) abort();
        (*out)[n++] = (nb_pchar){cp, model_adv(cp, em), em};
        i += (size_t)step;
    }
    return n;
}

static void lay(para *p, const char *text, nb_mpt width, nb_mpt indent, bool justify, bool balance)
{
    memset(p, 0, sizeof *p);
    p->n = decode(text, &p->c, EM);
    p->x = nb_xmalloc((p->n + 1) * sizeof *p->x);
    p->o = (nb_para_opts){width, indent, justify, balance, &KS, false, false, false, 0, 0};
    p->nlines = nb_para_layout(p->c, p->n, &p->o, p->x, &p->lines);
}

static void drop(para *p)
{
    free(p->c);
    free(p->x);
    free(p->lines);
}

/* Line i as UTF-8 (static buffer). */
static const char *text(const para *p, size_t i)
{
    static char buf[4096];
    size_t w = 0;
    if (i >= p->nlines) return "<no such line>";
    for (size_t k = p->lines[i].start; k < p->lines[i].end && w + 8 < sizeof buf; k++)
        w += (size_t)nb_utf8_encode(p->c[k].cp, buf + w);
    buf[w] = 0;
    return buf;
}

/* Checks line i's x positions against want[] (count entries). */
static void expect_x(const char *file, int line, const para *p, size_t i, const nb_mpt *want, size_t count)
{
    checks++;
    if (i >= p->nlines || p->lines[i].end - p->lines[i].start != count) {
        failures++;
        fprintf(stderr, "%s:%d: line %zu: %zu characters, expected %zu\n", file, line, i,
                i < p->nlines ? p->lines[i].end - p->lines[i].start : 0, count);
        return;
    }
    for (size_t k = 0; k < count; k++) {
        if (p->x[p->lines[i].start + k] != want[k]) {
            failures++;
            fprintf(stderr, "%s:%d: line %zu char %zu: x %d, expected %d\n", file, line, i, k,
                    p->x[p->lines[i].start + k], want[k]);
            return;
        }
    }
}
#define EXPECT_X(p, i, ...)                                                          \
    do {                                                                             \
        const nb_mpt want_[] = {__VA_ARGS__};                                        \
        expect_x(__FILE__, __LINE__, (p), (i), want_, sizeof want_ / sizeof want_[0]); \
    } while (0)

/* x of a run of m characters each `step` apart starting at x0. */
static void expect_grid(const char *file, int line, const para *p, size_t i, nb_mpt x0, nb_mpt step, size_t m)
{
    nb_mpt want[256];
    for (size_t k = 0; k < m && k < 256; k++) want[k] = x0 + (nb_mpt)k * step;
    expect_x(file, line, p, i, want, m);
}
#define EXPECT_GRID(p, i, x0, step, m) expect_grid(__FILE__, __LINE__, (p), (i), (x0), (step), (m))

/* ---- the character rules ---- */

static void test_lists(void)
{
    EQ(nb_lb_is_no_start(&KS, 0x3002), 1); /* 。 */
    EQ(nb_lb_is_no_start(&KS, '%'), 1);
    EQ(nb_lb_is_no_start(&KS, 0x4E2D), 0); /* 中 */
    EQ(nb_lb_is_no_end(&KS, 0x201C), 1);   /* “ */
    EQ(nb_lb_is_no_end(&KS, 0x3002), 0);
    EQ(nb_lb_is_no_start(NULL, 0x3002), 0);
    nb_kinsoku bad = {"\xff" "。", NULL, NULL}; /* a bad byte hides nothing after it */
    EQ(nb_lb_is_no_start(&bad, 0x3002), 1);

    nb_lb lb;
    nb_lb_init(&lb, &KS);
    EQ(nb_lb_no_start(&lb, 0xFF0C), 1); /* ， */
    EQ(nb_lb_no_start(&lb, 0x2026), 1); /* … */
    EQ(nb_lb_no_end(&lb, 0xFF08), 1);   /* （ */
    EQ(nb_lb_no_end(&lb, 0xFF09), 0);
    EQ(nb_lb_no_split(&lb, 0x2014, 0x2014), 1);
    EQ(nb_lb_no_split(&lb, 0x2026, 0x2026), 1);
    EQ(nb_lb_no_split(&lb, 0x2014, 0x2026), 0);
    /* pair rules */
    EQ(nb_lb_pair(&lb, 0x4E2D, 0x6587), NB_LB_BREAK | NB_LB_STRETCH); /* 中文 */
    EQ(nb_lb_pair(&lb, 0x4E2D, 0x3002), NB_LB_STRETCH);               /* 中。 */
    EQ(nb_lb_pair(&lb, 0xFF08, 0x4E2D), NB_LB_STRETCH);               /* （中 */
    EQ(nb_lb_pair(&lb, 'a', 'b'), 0);
    EQ(nb_lb_pair(&lb, '9', '.'), 0);
    EQ(nb_lb_pair(&lb, '3', 0x5E74), 0);                              /* 3年 */
    EQ(nb_lb_pair(&lb, 0x5E74, '1'), NB_LB_BREAK | NB_LB_STRETCH);    /* 年1 */
    EQ(nb_lb_pair(&lb, 'c', 0x4E2D), NB_LB_BREAK | NB_LB_STRETCH);    /* c中 */
    EQ(nb_lb_pair(&lb, 0x2014, 0x2014), 0);                           /* —— */
    EQ(nb_lb_pair(&lb, 0x4E2D, 0xA0), 0);                             /* no-break space glues */
    EQ(nb_lb_pair(&lb, 0xFF11, 0xFF12), 0);                           /* １２ */
    nb_lb_free(&lb);

    /* a layout whose lists do not fit the inline buffer */
    char big[4 * 300 + 1];
    size_t w = 0;
    for (uint32_t cp = 0x4E00; cp < 0x4E00 + 300; cp++) w += (size_t)nb_utf8_encode(cp, big + w);
    big[w] = 0;
    nb_kinsoku k2 = {big, "（", "—…"};
    nb_lb_init(&lb, &k2);
    EQ(lb.nstart, 300);
    EQ(nb_lb_no_start(&lb, 0x4E00 + 299), 1);
    EQ(nb_lb_no_start(&lb, 0x4E00 + 300), 0);
    EQ(nb_lb_no_end(&lb, 0xFF08), 1);
    EQ(nb_lb_no_split(&lb, 0x2014, 0x2026), 1);
    nb_lb_free(&lb);

    /* blank halves */
    EQ(nb_lb_blank_half(16000, 16000), 8000);
    EQ(nb_lb_blank_half(15800, 16000), 7800); /* grid pitch a bit under the size */
    EQ(nb_lb_blank_half(20000, 16000), 8000);
    EQ(nb_lb_blank_half(5000, 16000), 0);     /* a narrow ” from a Latin font */
    EQ(nb_lb_squeeze_end(0x3002, 16000, 16000), 8000);
    EQ(nb_lb_squeeze_end(0x4E2D, 16000, 16000), 0);
    EQ(nb_lb_squeeze_end(0xFF08, 16000, 16000), 0); /* （ never gives at a line end */
    EQ(nb_lb_squeeze_pair(0x3002, 16000, 16000, 0x201D, 16000, 16000), 8000); /* 。” */
    EQ(nb_lb_squeeze_pair(0xFF09, 16000, 16000, 0x3002, 16000, 16000), 8000); /* ）。 */
    EQ(nb_lb_squeeze_pair(0xFF08, 16000, 16000, 0x201C, 14000, 16000), 6000); /* （“: the second's left half */
    EQ(nb_lb_squeeze_pair(0x4E2D, 16000, 16000, 0x3002, 16000, 16000), 0);
}

/* ---- breaking and placing ---- */

static void test_plain(void)
{
    para p;
    lay(&p, "一二三四五六七八九十一二三四五六七八九十一二三四五", 160000, 0, true, false);
    EQ(p.nlines, 3);
    STREQ(text(&p, 0), "一二三四五六七八九十");
    STREQ(text(&p, 2), "一二三四五");
    EXPECT_GRID(&p, 0, 0, EM, 10);
    EXPECT_GRID(&p, 2, 0, EM, 5); /* last line ragged */
    EQ(p.lines[0].width, 160000);
    EQ(p.lines[0].end_x, 160000);
    EQ(p.lines[2].width, 80000);
    EQ(p.lines[2].end_x, 80000);
    EQ(p.lines[0].hyphen_forced, 0);
    drop(&p);

    lay(&p, "", 160000, 0, true, false);
    EQ(p.nlines, 0);
    CHECK(p.lines == NULL, "no lines allocated");
    drop(&p);
    lay(&p, "   ", 160000, 0, true, false);
    EQ(p.nlines, 0);
    drop(&p);
}

static void test_indent(void)
{
    para p;
    lay(&p, "一二三四五六七八九十一二三四五六七八九十", 160000, 32000, true, false);
    EQ(p.nlines, 3);
    STREQ(text(&p, 0), "一二三四五六七八");
    EXPECT_GRID(&p, 0, 32000, EM, 8);
    EQ(p.lines[0].width, 128000);
    EQ(p.lines[0].end_x, 160000);
    STREQ(text(&p, 1), "九十一二三四五六七八");
    EXPECT_GRID(&p, 1, 0, EM, 10);
    STREQ(text(&p, 2), "九十");
    drop(&p);
}

/* A closing mark that would start a line: squeezed in when the line is at
 * most em/2 over, else pushed down with the character before it. */
static void test_squeeze_or_push(void)
{
    para p;
    lay(&p, "一二三四五六七八九十。甲乙丙丁戊", 168000, 0, true, false);
    EQ(p.nlines, 2);
    STREQ(text(&p, 0), "一二三四五六七八九十。");
    EXPECT_X(&p, 0, 0, 16000, 32000, 48000, 64000, 80000, 96000, 112000, 128000, 144000, 160000);
    EQ(p.lines[0].width, 168000); /* 176000 natural, 。 set half width */
    EQ(p.lines[0].end_x, 168000);
    STREQ(text(&p, 1), "甲乙丙丁戊");
    drop(&p);

    /* one mpt narrower: over by more than em/2, so 十 goes down with 。 */
    lay(&p, "一二三四五六七八九十。甲乙丙丁戊", 167999, 0, true, false);
    EQ(p.nlines, 2);
    STREQ(text(&p, 0), "一二三四五六七八九");
    /* 23999 over 8 gaps by cumulative rounding: 2999 then 3000 each */
    EXPECT_X(&p, 0, 0, 18999, 37999, 56999, 75999, 94999, 113999, 132999, 151999);
    EQ(p.lines[0].width, 144000);
    EQ(p.lines[0].end_x, 167999);
    STREQ(text(&p, 1), "十。甲乙丙丁戊");
    EXPECT_GRID(&p, 1, 0, EM, 7);
    drop(&p);

    /* not justified: the squeezed line is as wide, the pushed one ragged */
    lay(&p, "一二三四五六七八九十。甲乙丙丁戊", 167999, 0, false, false);
    STREQ(text(&p, 0), "一二三四五六七八九");
    EXPECT_GRID(&p, 0, 0, EM, 9);
    EQ(p.lines[0].end_x, 144000);
    drop(&p);

    /* 。” at the line end: ” gives its half at the end, 。 its half before ” */
    lay(&p, "一二三四五六七八九。”甲乙", 160000, 0, true, false);
    STREQ(text(&p, 0), "一二三四五六七八九。”");
    EXPECT_X(&p, 0, 0, 16000, 32000, 48000, 64000, 80000, 96000, 112000, 128000, 144000, 152000);
    EQ(p.lines[0].width, 160000);
    EQ(p.lines[0].end_x, 160000);
    STREQ(text(&p, 1), "甲乙");
    drop(&p);
    /* one mpt less and 九。” go down together */
    lay(&p, "一二三四五六七八九。”甲乙", 159999, 0, true, false);
    STREQ(text(&p, 0), "一二三四五六七八");
    EQ(p.lines[0].end_x, 159999);
    STREQ(text(&p, 1), "九。”甲乙");
    EXPECT_X(&p, 1, 0, 16000, 32000, 48000, 64000); /* last line: nothing squeezed */
    drop(&p);

    /* ）。 ： the first mark's blank half closes only as much as needed */
    lay(&p, "一二三四五六七（八）。甲", 156000, 0, true, false);
    /* natural 176000, over 20000: 。 gives 8000, ）。 8000, （八 nothing: not enough, and
     * （ may not end a line: 七 ends it */
    EQ(p.nlines, 2);
    STREQ(text(&p, 0), "一二三四五六七");
    STREQ(text(&p, 1), "（八）。甲");
    drop(&p);
    lay(&p, "一二三四五六七（八）。甲", 160000, 0, true, false);
    STREQ(text(&p, 0), "一二三四五六七（八）。");
    /* over 16000: 。 gives 8000 at the end, ） 8000 before 。 */
    EXPECT_X(&p, 0, 0, 16000, 32000, 48000, 64000, 80000, 96000, 112000, 128000, 144000, 152000);
    EQ(p.lines[0].end_x, 160000);
    drop(&p);
    lay(&p, "一二三四五六七（八）。甲", 164000, 0, true, false);
    /* over 12000: 。 gives 8000, ） only 4000 */
    EXPECT_X(&p, 0, 0, 16000, 32000, 48000, 64000, 80000, 96000, 112000, 128000, 144000, 156000);
    EQ(p.lines[0].end_x, 164000);
    drop(&p);

    /* consecutive opening marks mid-line: “ gives its left half after （ */
    lay(&p, "甲乙（“丙丁戊己庚辛壬癸", 152000, 0, true, false);
    STREQ(text(&p, 0), "甲乙（“丙丁戊己庚辛");
    EXPECT_X(&p, 0, 0, 16000, 32000, 40000, 56000, 72000, 88000, 104000, 120000, 136000);
    EQ(p.lines[0].width, 152000);
    EQ(p.lines[0].end_x, 152000);
    STREQ(text(&p, 1), "壬癸");
    drop(&p);
}

static void test_opening_never_ends(void)
{
    para p;
    lay(&p, "一二三四五六七八九“十”甲", 160000, 0, true, false);
    STREQ(text(&p, 0), "一二三四五六七八九");
    EXPECT_X(&p, 0, 0, 18000, 36000, 54000, 72000, 90000, 108000, 126000, 144000);
    EQ(p.lines[0].end_x, 160000);
    STREQ(text(&p, 1), "“十”甲");
    drop(&p);
    /* ASCII ( from the no_end list */
    lay(&p, "一二三四五六七八九十一二三四五六七八九(试行)", 160000, 0, false, false);
    STREQ(text(&p, 0), "一二三四五六七八九十");
    STREQ(text(&p, 1), "一二三四五六七八九");
    STREQ(text(&p, 2), "(试行)");
    drop(&p);
    /* inside Latin text ( is part of the word */
    lay(&p, "一二三四五六七八ab(cd)", 160000, 0, false, false);
    STREQ(text(&p, 0), "一二三四五六七八");
    STREQ(text(&p, 1), "ab(cd)");
    drop(&p);
}

static void test_units_never_split(void)
{
    para p;
    /* —— is no_start-free in the list: only the unit rule keeps it whole */
    lay(&p, "一二三四五六七八九——十", 160000, 0, true, false);
    STREQ(text(&p, 0), "一二三四五六七八九");
    STREQ(text(&p, 1), "——十");
    drop(&p);
    lay(&p, "一二三四五六七八——十", 160000, 0, true, false);
    STREQ(text(&p, 0), "一二三四五六七八——");
    EXPECT_GRID(&p, 0, 0, EM, 10);
    drop(&p);
    /* …… may not start a line either: 九 goes down with it */
    lay(&p, "一二三四五六七八九……十", 160000, 0, true, false);
    STREQ(text(&p, 0), "一二三四五六七八");
    STREQ(text(&p, 1), "九……十");
    drop(&p);
    /* justification never opens —— */
    lay(&p, "一二——三四五六七八九十", 152000, 0, true, false);
    STREQ(text(&p, 0), "一二——三四五六七");
    /* 9 characters, 144000; gaps 一二 二— —三 三四 四五 五六 六七 (not ——) share 8000:
     * x = 16000 k + floor(8000 j / 7) */
    EXPECT_X(&p, 0, 0, 17142, 34285, 50285, 67428, 84571, 101714, 118857, 136000);
    EQ(p.lines[0].end_x, 152000);
    drop(&p);
}

static void test_numbers_and_urls(void)
{
    para p;
    /* 2023 fits the line; 年 stays with it */
    lay(&p, "一二三四五六七八2023年度报告", 160000, 0, true, false);
    STREQ(text(&p, 0), "一二三四五六七八");
    STREQ(text(&p, 1), "2023年度报告");
    /* 8 characters: 7 gaps share 32000 */
    EXPECT_X(&p, 0, 0, 20571, 41142, 61714, 82285, 102857, 123428, 144000);
    EXPECT_X(&p, 1, 0, 8000, 16000, 24000, 32000, 48000, 64000, 80000);
    drop(&p);
    lay(&p, "一二三四五六七八九99.7%的", 160000, 0, false, false);
    STREQ(text(&p, 0), "一二三四五六七八九");
    STREQ(text(&p, 1), "99.7%的");
    drop(&p);
    lay(&p, "一二三四五六七八248.9611万元", 160000, 0, false, false);
    STREQ(text(&p, 0), "一二三四五六七八");
    STREQ(text(&p, 1), "248.9611万元");
    drop(&p);
    /* a URL that fits a line goes down whole when the line it leaves is fine:
     * 25 characters on 30, 5 em over 24 gaps (under 1/4 em each) */
    lay(&p, "一二三四五六七八九十一二三四五六七八九十一二三四五https://www.example.gov.cn/zwgk/index.html。", 480000, 0,
        true, false);
    EQ(p.nlines, 2);
    STREQ(text(&p, 0), "一二三四五六七八九十一二三四五六七八九十一二三四五");
    STREQ(text(&p, 1), "https://www.example.gov.cn/zwgk/index.html。");
    EQ(p.lines[0].token_split, 0);
    EQ(p.lines[1].hyphen_forced, 0);
    drop(&p);
    /* ragged text never splits it, however short the line */
    lay(&p, "一二三四五六七八九十一二https://www.example.gov.cn/zwgk/index.html。", 480000, 0, false, false);
    EQ(p.nlines, 2);
    STREQ(text(&p, 0), "一二三四五六七八九十一二");
    EQ(p.lines[0].token_split, 0);
    drop(&p);
    /* Latin words with spaces: spaces break and vanish at line ends, the
     * gap after a space stretches, a word never does */
    lay(&p, "abc def ghi jkl", 80000, 0, true, false);
    EQ(p.nlines, 2);
    STREQ(text(&p, 0), "abc def");
    EXPECT_X(&p, 0, 0, 8000, 16000, 24000, 56000, 64000, 72000);
    EQ(p.lines[0].width, 56000);
    EQ(p.lines[0].end_x, 80000);
    STREQ(text(&p, 1), "ghi jkl");
    EXPECT_GRID(&p, 1, 0, 8000, 7);
    EQ(p.lines[1].start, 8);
    drop(&p);
}

static void test_mixed_justify(void)
{
    para p;
    lay(&p, "中文abc中文字词句段篇章", 160000, 0, true, false);
    STREQ(text(&p, 0), "中文abc中文字词句段");
    /* 152000 natural; 8 gaps (not a|b, b|c) share 8000 */
    EXPECT_X(&p, 0, 0, 17000, 34000, 42000, 50000, 59000, 76000, 93000, 110000, 127000, 144000);
    EQ(p.lines[0].end_x, 160000);
    STREQ(text(&p, 1), "篇章");
    EXPECT_X(&p, 1, 0, 16000);
    drop(&p);
}

static void test_forced_cut(void)
{
    para p;
    lay(&p, "https://www.example.gov.cn/zwgk/index.html", 160000, 0, true, false);
    EQ(p.nlines, 3);
    STREQ(text(&p, 0), "https://www.example.");
    STREQ(text(&p, 1), "gov.cn/zwgk/index.");
    STREQ(text(&p, 2), "html");
    EQ(p.lines[0].hyphen_forced, 1);
    EQ(p.lines[1].hyphen_forced, 1);
    EQ(p.lines[2].hyphen_forced, 0);
    EXPECT_GRID(&p, 0, 0, 8000, 20); /* a cut line is left-set */
    EQ(p.lines[1].end_x, 144000);
    drop(&p);
    /* no preferred point: cut where the line is full */
    lay(&p, "aaaaaaaaaaaaaaaaaaaaaaaaa", 160000, 0, true, false);
    EQ(p.nlines, 2);
    EQ(p.lines[0].end, 20);
    EQ(p.lines[0].hyphen_forced, 1);
    EQ(p.lines[1].end, 25);
    drop(&p);
    /* a cut respects 禁则 when it can: % never starts the next line */
    lay(&p, "1234567890123456789%%%", 160000, 0, false, false);
    STREQ(text(&p, 0), "123456789012345678");
    STREQ(text(&p, 1), "9%%%");
    drop(&p);
    /* a character wider than the line still goes somewhere */
    lay(&p, "一二", 10000, 0, true, false);
    EQ(p.nlines, 2);
    EQ(p.lines[0].end_x, 16000);
    EQ(p.lines[0].hyphen_forced, 1);
    EQ(p.lines[1].hyphen_forced, 0); /* nothing cut after the last */
    drop(&p);
    /* a URL after text: the text line stays, the URL starts a line and is cut */
    lay(&p, "见https://www.example.gov.cn/zwgk/index.html", 160000, 0, true, false);
    STREQ(text(&p, 0), "见");
    EXPECT_X(&p, 0, 0);
    EQ(p.lines[0].end_x, 16000); /* one character, nothing to stretch */
    STREQ(text(&p, 1), "https://www.example.");
    drop(&p);
}

/* A paragraph in the simple width model as the breaker sees it. */
static nb_brk_para brk_para(const char *s, nb_pchar **c)
{
    nb_brk_para p = {NULL, 0, {0}, true, false, NULL};
    p.n = decode(s, c, EM);
    p.c = *c;
    nb_lb_init(&p.lb, &KS);
    return p;
}

static void test_loose_rule(void)
{
    /* URL break points */
    EQ(nb_lb_url_break('/', 'a'), 1);
    EQ(nb_lb_url_break('/', '/'), 0); /* never inside // */
    EQ(nb_lb_url_break(':', '/'), 0);
    EQ(nb_lb_url_break('.', 'c'), 1);
    EQ(nb_lb_url_break('a', '.'), 1); /* before . (禁则 then forbid it) */
    EQ(nb_lb_url_break('-', 'x'), 1);
    EQ(nb_lb_url_break('_', 'x'), 1);
    EQ(nb_lb_url_break('?', 'x'), 1);
    EQ(nb_lb_url_break('&', 'x'), 1);
    EQ(nb_lb_url_break('=', 'x'), 1);
    EQ(nb_lb_url_break('#', 'x'), 1);
    EQ(nb_lb_url_break('a', 'b'), 0);
    EQ(nb_lb_url_break('a', '/'), 0);
    EQ(nb_lb_url_break('@', 'a'), 0);
    EQ(nb_lb_url_break('%', 'a'), 0);

    nb_pchar *c;
    int64_t ems;
    /* stretchable gaps: between Han, after a space run, none inside a word */
    nb_brk_para p = brk_para("一二三", &c);
    EQ(nb_brk_stretch_gaps(&p, 0, 3, &ems), 2);
    EQ(ems, 32000);
    /* natural 48000; gaps widen by (avail - 48000) / 2: loose past 4000 each */
    EQ(nb_brk_loose(&p, 0, 3, 56000), 0);
    EQ(nb_brk_loose(&p, 0, 3, 56001), 1);
    EQ(nb_brk_loose(&p, 0, 3, 48000), 0);
    EQ(nb_brk_loose(&p, 0, 3, 47999), 0); /* squeezed, never loose */
    nb_lb_free(&p.lb);
    free(c);
    p = brk_para("abc def", &c);
    EQ(nb_brk_stretch_gaps(&p, 0, 7, &ems), 1);
    EQ(ems, 16000);
    nb_lb_free(&p.lb);
    free(c);
    /* a lone word: no gaps (left-set), loose only under 70 % of the measure */
    p = brk_para("abcdefg", &c);
    EQ(nb_brk_stretch_gaps(&p, 0, 7, &ems), 0);
    EQ(ems, 0);
    EQ(nb_brk_loose(&p, 0, 7, 80000), 0); /* 56000 is 70 % */
    EQ(nb_brk_loose(&p, 0, 7, 80001), 1);
    nb_lb_free(&p.lb);
    free(c);
    /* the 70 % rule on a line with gaps: narrow glyphs (4000 on a 16000 em), two gaps
     * that may take 8000 before they are loose, but 12000 of 20000 is 60 % */
    c = nb_xmalloc(3 * sizeof *c);
    for (size_t k = 0; k < 3; k++) c[k] = (nb_pchar){0x4E00 + (uint32_t)k, 4000, 16000};
    p = (nb_brk_para){c, 3, {0}, true, false, NULL};
    nb_lb_init(&p.lb, &KS);
    EQ(nb_brk_stretch_gaps(&p, 0, 3, &ems), 2);
    EQ(nb_brk_loose(&p, 0, 3, 17142), 0); /* 70.0 % */
    EQ(nb_brk_loose(&p, 0, 3, 17143), 1); /* 69.99 %: gaps only 2571 each, but too short */
    nb_lb_free(&p.lb);
    free(c);
}

static void test_loose_split(void)
{
    para p;
    /* 12 characters on 30 em: the URL is split after zwgk/ (index. no longer fits);
     * 2 em over 12 gaps (11 between Han, 二|h), by cumulative rounding */
    lay(&p, "一二三四五六七八九十一二https://www.example.gov.cn/zwgk/index.html。", 480000, 0, true, false);
    EQ(p.nlines, 2);
    STREQ(text(&p, 0), "一二三四五六七八九十一二https://www.example.gov.cn/zwgk/");
    EQ(p.lines[0].token_split, 1);
    EQ(p.lines[0].hyphen_forced, 0);
    EQ(p.lines[0].width, 448000);
    EQ(p.lines[0].end_x, 480000);
    EXPECT_X(&p, 0, 0, 18666, 37333, 56000, 74666, 93333, 112000, 130666, 149333, 168000, 186666, 205333, 224000,
             232000, 240000, 248000, 256000, 264000, 272000, 280000, 288000, 296000, 304000, 312000, 320000, 328000,
             336000, 344000, 352000, 360000, 368000, 376000, 384000, 392000, 400000, 408000, 416000, 424000, 432000,
             440000, 448000, 456000, 464000, 472000);
    STREQ(text(&p, 1), "index.html。");
    EQ(p.lines[1].token_split, 0);
    EXPECT_GRID(&p, 1, 0, 8000, 11);
    drop(&p);

    /* the threshold exactly: 20 Han, 19 gaps; at 396000 they widen by 4000 = 1/4 em each (not
     * loose: the URL goes down whole), one mpt more and it is split after // */
    const char *t20 = "一二三四五六七八九十一二三四五六七八九十https://www.example.gov.cn/";
    lay(&p, t20, 396000, 0, true, false);
    EQ(p.nlines, 2);
    EQ(p.lines[0].token_split, 0);
    EXPECT_GRID(&p, 0, 0, 20000, 20);
    STREQ(text(&p, 1), "https://www.example.gov.cn/");
    drop(&p);
    lay(&p, t20, 396001, 0, true, false);
    EQ(p.nlines, 2);
    EQ(p.lines[0].token_split, 1);
    STREQ(text(&p, 0), "一二三四五六七八九十一二三四五六七八九十https://");
    /* 384000 natural, 12001 over 20 gaps: x = 16000 k + floor(12001 k / 20) */
    EXPECT_X(&p, 0, 0, 16600, 33200, 49800, 66400, 83000, 99600, 116200, 132800, 149400, 166000, 182600, 199200,
             215800, 232400, 249000, 265600, 282200, 298800, 315400, 332001, 340001, 348001, 356001, 364001, 372001,
             380001, 388001);
    EQ(p.lines[0].end_x, 396001);
    STREQ(text(&p, 1), "www.example.gov.cn/");
    drop(&p);

    /* 禁则 around the split: ） never starts the next line, so the URL that fits whole is
     * split at its previous point; . never starts one either (the break falls after it) */
    lay(&p, "全年在门户网站（https://examples.gov.cn/）主动公开", 320000, 0, true, false);
    EQ(p.nlines, 2);
    STREQ(text(&p, 0), "全年在门户网站（https://examples.gov.");
    EQ(p.lines[0].token_split, 1);
    STREQ(text(&p, 1), "cn/）主动公开");
    drop(&p);
    /* the first-line indent counts: 2 em in, 18 left */
    lay(&p, "全年在门户网站（https://nanhu.example.gov.cn/）主动公开", 320000, 32000, true, false);
    STREQ(text(&p, 0), "全年在门户网站（https://nanhu.");
    EQ(p.lines[0].token_split, 1);
    EQ(p.x[0], 32000);
    EQ(p.lines[0].end_x, 320000);
    STREQ(text(&p, 1), "example.gov.cn/）主动公开");
    drop(&p);
    /* an e-mail address splits after a dot, never at @ */
    lay(&p, "一二三四五六七八联系邮箱zwgk@example.gov.cn。", 320000, 0, true, false);
    STREQ(text(&p, 0), "一二三四五六七八联系邮箱zwgk@example.");
    EQ(p.lines[0].token_split, 1);
    STREQ(text(&p, 1), "gov.cn。");
    drop(&p);
    /* 11 gaps may take 44000 and the line is not loose: the address goes down whole */
    lay(&p, "一二三四五六七八联系邮箱zwgk@example.gov.cn。", 236000, 0, true, false);
    STREQ(text(&p, 0), "一二三四五六七八联系邮箱");
    EQ(p.lines[0].token_split, 0);
    EXPECT_GRID(&p, 0, 0, 20000, 12);
    STREQ(text(&p, 1), "zwgk@example.gov.cn。");
    drop(&p);

    /* numbers are never split, with or without their unit, however loose the line */
    lay(&p, "一二三四五六七248.9611万元", 160000, 0, true, false);
    STREQ(text(&p, 0), "一二三四五六七");
    EQ(p.lines[0].token_split, 0);
    EXPECT_GRID(&p, 0, 0, 24000, 7);
    STREQ(text(&p, 1), "248.9611万元");
    drop(&p);
    lay(&p, "一二三四五六七0394-8301234；", 160000, 0, true, false);
    STREQ(text(&p, 0), "一二三四五六七");
    STREQ(text(&p, 1), "0394-8301234；");
    drop(&p);
    lay(&p, "一二三四五六七八九十一二三四五六1138.99%。", 160000, 0, true, false);
    STREQ(text(&p, 1), "一二三四五六");
    STREQ(text(&p, 2), "1138.99%。");
    drop(&p);

    /* the rest of a split URL longer than the line is cut, as before */
    lay(&p, "一二（https://aa.bb.cc.dd.ee.ff.gg.hh.ii.jj/）三", 160000, 0, true, false);
    EQ(p.nlines, 3);
    STREQ(text(&p, 0), "一二（https://aa.bb.");
    STREQ(text(&p, 1), "cc.dd.ee.ff.gg.hh.");
    STREQ(text(&p, 2), "ii.jj/）三");
    EQ(p.lines[0].token_split, 1);
    EQ(p.lines[1].hyphen_forced, 1); /* the rest is longer than the line: cut, as before */
    drop(&p);

    /* balanced titles never split a URL */
    lay(&p, "关于https://www.example.gov.cn/zwgk/的说明", 320000, 0, true, true);
    for (size_t i = 0; i < p.nlines; i++) EQ(p.lines[i].token_split, 0);
    drop(&p);

    /* a lone character before a URL: split only when the split line is full */
    lay(&p, "见http://ab.example.cn/x", 164000, 0, true, false);
    STREQ(text(&p, 0), "见http://ab.example.");
    EQ(p.lines[0].token_split, 1);
    EXPECT_X(&p, 0, 0, 20000, 28000, 36000, 44000, 52000, 60000, 68000, 76000, 84000, 92000, 100000, 108000, 116000,
             124000, 132000, 140000, 148000, 156000); /* its one gap takes 4000: 1/4 em, not loose */
    EQ(p.lines[0].end_x, 164000);
    STREQ(text(&p, 1), "cn/x");
    drop(&p);
    lay(&p, "见http://ab.example.cn/x", 164001, 0, true, false);
    STREQ(text(&p, 0), "见");
    EQ(p.lines[0].token_split, 0);
    drop(&p);
}

static void test_spaces_and_zwsp(void)
{
    para p;
    /* leading and break spaces are outside every line; x of them is 0 */
    lay(&p, "  一二三四五六七八九十 一二", 160000, 0, true, false);
    EQ(p.nlines, 2);
    EQ(p.lines[0].start, 2);
    EQ(p.lines[0].end, 12);
    EQ(p.lines[1].start, 13);
    EQ(p.x[12], 0);
    drop(&p);
    /* a U+200B inside a line keeps [start, end), takes no width, and the gap after it
     * stretches (not the one before): 9 gaps share 8000, x = 16000 k + floor(8000 j / 9) */
    lay(&p, "一二\u200B三四五六七八九十一", 168000, 0, true, false);
    STREQ(text(&p, 0), "一二\u200B三四五六七八九十");
    EXPECT_X(&p, 0, 0, 16888, 32888, 33777, 50666, 67555, 84444, 101333, 118222, 135111, 152000);
    EQ(p.lines[0].end_x, 168000);
    drop(&p);
    /* at a break it vanishes */
    lay(&p, "一二三四五六七八九十\u200B一二", 160000, 0, true, false);
    EQ(p.lines[0].end, 10);
    EQ(p.lines[1].start, 11);
    drop(&p);
    /* 禁则 still holds across a space */
    lay(&p, "abcdefghi .", 80000, 0, false, false);
    STREQ(text(&p, 0), "abcdefgh"); /* no break at the space: cut the word, keeping "i ." */
    EQ(p.lines[0].hyphen_forced, 1);
    STREQ(text(&p, 1), "i .");
    drop(&p);
}

static void test_balance(void)
{
    para p;
    const char *title = "中牟县人民政府办公室\u200B2023年政府信息公开\u200B工作年度报告";
    /* plain greedy at 20 em breaks mid-word: …公开\u200B工 | 作年度报告 */
    lay(&p, title, 320000, 0, false, false);
    EQ(p.nlines, 2);
    STREQ(text(&p, 1), "作年度报告");
    drop(&p);
    /* balanced: the narrowest measure with two lines and no break off a U+200B */
    lay(&p, title, 320000, 0, true, true);
    EQ(p.nlines, 2);
    STREQ(text(&p, 0), "中牟县人民政府办公室");
    STREQ(text(&p, 1), "2023年政府信息公开\u200B工作年度报告");
    EQ(p.lines[0].width, 160000);
    EQ(p.lines[1].width, 240000);
    EQ(p.lines[1].end_x, 240000); /* not justified */
    EXPECT_X(&p, 1, 0, 8000, 16000, 24000, 32000, 48000, 64000, 80000, 96000, 112000, 128000, 144000, 144000,
             160000, 176000, 192000, 208000, 224000);
    EQ(p.lines[0].fallback, 0);
    drop(&p);
    /* no U+200B: every opportunity; 16 + 4 becomes 10 + 10 */
    lay(&p, "关于进一步加强政府信息公开工作的通知要求", 256000, 0, true, true);
    EQ(p.nlines, 2);
    STREQ(text(&p, 0), "关于进一步加强政府信");
    STREQ(text(&p, 1), "息公开工作的通知要求");
    EQ(p.lines[1].end_x, 160000);
    drop(&p);
    lay(&p, "关于进一步加强政府信息公开工作的通知要求", 256000, 0, true, false);
    STREQ(text(&p, 0), "关于进一步加强政府信息公开工作的");
    drop(&p);
    /* a U+200B segment longer than the line falls back to ordinary breaks, and
     * balancing keeps to one fallback: 9 + 6 ​2 (8 + 7 ​2 would need a third line) */
    lay(&p, "一二三四五六七八九十一二三四五\u200B甲乙", 160000, 0, false, true);
    EQ(p.nlines, 2);
    EQ(p.lines[0].fallback, 1);
    EQ(p.lines[1].fallback, 0);
    STREQ(text(&p, 0), "一二三四五六七八九");
    STREQ(text(&p, 1), "十一二三四五\u200B甲乙");
    drop(&p);
    /* balancing never adds a fallback: 9 + 11 with a cut mid-segment would be shorter,
     * but the segment of 18 stays whole */
    lay(&p, "一二三四五六七八九十一二三四五六七八\u200B甲乙丙", 320000, 0, false, true);
    EQ(p.nlines, 2);
    STREQ(text(&p, 0), "一二三四五六七八九十一二三四五六七八");
    STREQ(text(&p, 1), "甲乙丙");
    EQ(p.lines[0].fallback, 0);
    drop(&p);
    /* one line: nothing to balance */
    lay(&p, "政府信息公开", 320000, 0, false, true);
    EQ(p.nlines, 1);
    EQ(p.lines[0].width, 96000);
    drop(&p);
}

static void test_widths(void)
{
    nb_pchar *c;
    size_t n = decode("我们在2023年收到 https://a.b/c。 申请", &c, EM);
    /* https://a.b/c。 : 13 half-width + 。 set half = 112000 */
    EQ(nb_para_min_width(c, n, &KS), 112000);
    EQ(nb_para_max_width(c, n), 3 * EM + 4 * 8000 + 3 * EM + 8000 + 13 * 8000 + EM + 8000 + 2 * EM);
    free(c);
    n = decode("  我们2023年“中”", &c, EM);
    /* 2023年 48000; “中” = 48000 - 8000 */
    EQ(nb_para_min_width(c, n, &KS), 48000);
    EQ(nb_para_max_width(c, n), 2 * EM + 32000 + 4 * EM);
    free(c);
    EQ(nb_para_min_width(NULL, 0, &KS), 0);
}

/* ---- property test: random paragraphs ---- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t m)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % m);
}

static const char *const PIECES_HAN[] = {"政", "府", "信", "息", "公", "开", "工", "作", "年", "度", "报", "告", "申", "请"};
static const char *const PIECES_PUNCT[] = {"，", "。", "、", "；", "：", "？", "！", "（", "）", "《", "》", "“", "”", "‘", "’",
                                           "——", "……", "【", "】", "「", "」", "。”", "）。", "”，", "：“", "（“", "％"};
static const char *const PIECES_WORD[] = {"PDF", "a", "ISO9001", "2023年", "99.7%", "248.9611", "1,234", "A4纸",
                                          "https://www.example.gov.cn/zwgk/index.html", "e-mail", "(试行)", "x.y",
                                          "http://a.cn/some/very/long/path/that/goes/on/and/on/index.html",
                                          "（https://nanhu.example.gov.cn/）", "zwgk@example.gov.cn", "GB/T9704",
                                          "1138条", "file_name_of_the_configuration", "（a.b.cn/）", "0394-8301234"};

static void gen_text(nb_buf *b)
{
    size_t len = 1 + rnd(200);
    for (size_t i = 0; i < len; i++) {
        uint32_t r = rnd(100);
        if (r < 60) nb_buf_puts(b, PIECES_HAN[rnd(sizeof PIECES_HAN / sizeof *PIECES_HAN)]);
        else if (r < 82) nb_buf_puts(b, PIECES_PUNCT[rnd(sizeof PIECES_PUNCT / sizeof *PIECES_PUNCT)]);
        else if (r < 94) nb_buf_puts(b, PIECES_WORD[rnd(sizeof PIECES_WORD / sizeof *PIECES_WORD)]);
        else if (r < 98) nb_buf_puts(b, " ");
        else nb_buf_puts(b, "\u200B");
    }
}

static bool is_sp(const nb_pchar *c, size_t k)
{
    return nb_lb_is_space(c[k].cp);
}

/* Brute force: the width [s, e) needs with everything squeezed. */
static int64_t need_of(const nb_pchar *c, size_t s, size_t e)
{
    while (e > s && is_sp(c, e - 1)) e--;
    int64_t w = 0;
    for (size_t k = s; k < e; k++) {
        w += c[k].cp == 0x200B ? 0 : c[k].adv;
        if (k > s && !is_sp(c, k) && !is_sp(c, k - 1))
            w -= nb_lb_squeeze_pair(c[k - 1].cp, c[k - 1].adv, c[k - 1].em, c[k].cp, c[k].adv, c[k].em);
    }
    if (e > s) w -= nb_lb_squeeze_end(c[e - 1].cp, c[e - 1].adv, c[e - 1].em);
    return w;
}

/* Brute force: may a line end at e (between e-1 and e) when it starts at s? */
static bool legal_end(const nb_lb *lb, const nb_pchar *c, size_t n, size_t s, size_t e)
{
    if (e >= n) return true;
    size_t a = e, b = e;
    while (a > s && is_sp(c, a - 1)) a--;
    while (b < n && is_sp(c, b)) b++;
    if (a == s) return false;
    if (a != e) return false; /* a line ends at the first space of a run */
    if (b == n) return true;
    if (b == e) return (nb_lb_pair(lb, c[e - 1].cp, c[e].cp) & NB_LB_BREAK) != 0;
    return !nb_lb_no_end(lb, c[a - 1].cp) && !nb_lb_no_start(lb, c[b].cp);
}

static void pfail(int id, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void pfail(int id, size_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    failures++;
    fprintf(stderr, "%s: random paragraph %d line %zu: ", __FILE__, id, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* ---- the loose-line rule, restated for the property test ---- */

static bool is_word(const nb_pchar *c, size_t k)
{
    return nb_lb_classify(c[k].cp) == NB_LB_WORD;
}

static bool ascii_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* Is the gap before k (k-1, k on one line) stretchable, by the pair rule? */
static bool gap_stretches(const nb_lb *lb, const nb_pchar *c, size_t k)
{
    if (is_sp(c, k)) return false;
    if (is_sp(c, k - 1)) return true;
    return (nb_lb_pair(lb, c[k - 1].cp, c[k].cp) & NB_LB_STRETCH) != 0;
}

/* Loose by spec: natural width (no squeeze needed) under 70 % of avail, or a
 * line that may break inside whose gaps widen by more than 1/4 em each. */
static bool loose_line(const nb_lb *lb, const nb_pchar *c, size_t n, size_t s, size_t e, nb_mpt avail)
{
    int64_t w = 0, ems = 0;
    size_t gaps = 0;
    bool inner = false;
    for (size_t k = s; k < e; k++) w += c[k].cp == 0x200B ? 0 : c[k].adv;
    if (w > avail) return false;
    if (w * 10 < (int64_t)avail * 7) return true;
    for (size_t k = s + 1; k < e; k++) {
        inner |= legal_end(lb, c, n, s, k);
        if (gap_stretches(lb, c, k)) {
            gaps++;
            ems += c[k].em;
        }
    }
    return inner && gaps > 0 && 4 * ((int64_t)avail - w) > ems;
}

static size_t line_gaps(const nb_lb *lb, const nb_pchar *c, size_t n, size_t s, size_t e)
{
    size_t gaps = 0;
    bool inner = false;
    for (size_t k = s + 1; k < e; k++) {
        inner |= legal_end(lb, c, n, s, k);
        gaps += gap_stretches(lb, c, k);
    }
    return inner ? gaps : 0;
}

/* A URL break point between f-1 and f that 禁则 allow. */
static bool url_point(const nb_lb *lb, const nb_pchar *c, size_t n, size_t f)
{
    if (f == 0 || f >= n || !is_word(c, f - 1) || !is_word(c, f)) return false;
    uint32_t a = c[f - 1].cp, b = c[f].cp;
    bool sep = b == '.' || (a != 0 && strchr("/.-_?&=#", (int)a) != NULL && a < 0x80);
    if (a == '/' && b == '/') sep = false;
    return sep && !nb_lb_no_end(lb, a) && !nb_lb_no_start(lb, b) && !nb_lb_no_split(lb, a, b);
}

/* The WORD run around the point f may be split: it has a letter, and either
 * a URL mark (://, @, letter.letter) and 4 em, or more than 8 em. */
static bool run_splittable(const nb_pchar *c, size_t n, size_t f)
{
    size_t r0 = f, r1 = f;
    while (r0 > 0 && is_word(c, r0 - 1)) r0--;
    while (r1 < n && is_word(c, r1)) r1++;
    bool letter = false, url = false;
    int64_t w = 0;
    for (size_t k = r0; k < r1; k++) {
        letter |= ascii_letter(c[k].cp);
        url |= c[k].cp == '@';
        if (k >= r0 + 2 && c[k - 2].cp == ':' && c[k - 1].cp == '/' && c[k].cp == '/') url = true;
        if (k >= r0 + 2 && ascii_letter(c[k - 2].cp) && c[k - 1].cp == '.' && ascii_letter(c[k].cp)) url = true;
        w += c[k].adv;
    }
    if (!letter) return false;
    return url ? w >= 4 * (int64_t)c[r0].em : w > 8 * (int64_t)c[r0].em;
}

static int64_t loose_kept, splits_seen;

/* Line i ended inside a token: at a URL point of a splittable run, the line
 * push would have left was loose, and no later point of the run fits. */
static void check_split(const nb_lb *lb, const nb_pchar *c, size_t n, const nb_para_opts *o, const nb_pline *L,
                        size_t i, nb_mpt avail, int id, size_t *bad)
{
    size_t s = L[i].start, e = L[i].end;
    splits_seen++;
#define SCHECK(cond, ...)                \
    do {                                 \
        checks++;                        \
        if (!(cond)) {                   \
            ++*bad;                      \
            pfail(id, i, __VA_ARGS__);   \
        }                                \
    } while (0)
    SCHECK(o->justify && !o->balance, "split outside justified text");
    SCHECK(!L[i].hyphen_forced && !L[i].fallback, "split and cut");
    SCHECK(L[i + 1].start == e, "split swallowed characters");
    SCHECK(url_point(lb, c, n, e), "split at %zu, no URL break point", e);
    SCHECK(run_splittable(c, n, e), "split at %zu a run that is no URL nor long word", e);
    size_t e0 = 0;
    for (size_t f = s + 1; f < e; f++)
        if (legal_end(lb, c, n, s, f)) e0 = f;
    SCHECK(e0 > 0, "split a line with no break before it");
    if (e0 > 0) {
        SCHECK(loose_line(lb, c, n, s, e0, avail), "split though the line [%zu, %zu) was not loose", s, e0);
        SCHECK(line_gaps(lb, c, n, s, e0) > 0 || !loose_line(lb, c, n, s, e, avail),
               "split a left-set line into a loose one");
    }
    for (size_t f = e + 1; f < n && is_word(c, f - 1); f++) {
        if (need_of(c, s, f) > avail) break;
        SCHECK(!url_point(lb, c, n, f), "split at %zu, but %zu fits", e, f);
    }
#undef SCHECK
}

/* A justified line not split: when it is loose, no URL point of the token
 * after it fits (or the line is left-set and would be loose split too). */
static void check_not_loose(const nb_lb *lb, const nb_pchar *c, size_t n, const nb_pline *L, size_t i, nb_mpt avail,
                            int id, size_t *bad)
{
    size_t s = L[i].start, e = L[i].end, nx = L[i + 1].start;
    if (!loose_line(lb, c, n, s, e, avail)) return;
    size_t last = 0; /* the last URL point of the token after the line that fits */
    for (size_t f = nx + 1; f < n; f++) {
        if (legal_end(lb, c, n, s, f)) break; /* the token ends */
        if (need_of(c, s, f) > avail) break;
        if (url_point(lb, c, n, f) && run_splittable(c, n, f)) last = f;
    }
    if (last == 0) {
        loose_kept++;
        return;
    }
    checks++;
    if (line_gaps(lb, c, n, s, e) > 0 || !loose_line(lb, c, n, s, last, avail)) {
        ++*bad;
        pfail(id, i, "loose line [%zu, %zu) kept though the URL point %zu fits", s, e, last);
    }
}

static void check_random(const nb_pchar *c, size_t n, const nb_para_opts *o, int id)
{
    nb_mpt *x = nb_xmalloc((n + 1) * sizeof *x);
    nb_pline *L;
    size_t nl = nb_para_layout(c, n, o, x, &L);
    nb_lb lb;
    nb_lb_init(&lb, o->kinsoku);
    size_t pos = 0, bad = 0;
    for (size_t i = 0; i < nl && bad < 3; i++) {
        size_t s = L[i].start, e = L[i].end;
        bool last = i + 1 == nl;
        nb_mpt indent = i == 0 ? o->first_indent : 0, avail = o->width - indent;
#define PCHECK(cond, ...)                     \
        do {                                  \
            checks++;                         \
            if (!(cond)) {                    \
                bad++;                        \
                pfail(id, i, __VA_ARGS__);    \
            }                                 \
        } while (0)
        PCHECK(s < e && e <= n, "empty or out of range [%zu, %zu)", s, e);
        if (!(s < e && e <= n)) break;
        for (size_t k = pos; k < s; k++) PCHECK(is_sp(c, k), "character %zu dropped", k);
        PCHECK(!is_sp(c, s) && !is_sp(c, e - 1), "line starts or ends with a space");
        /* 禁则 at every break, forced or not */
        if (i > 0) {
            PCHECK(!nb_lb_no_start(&lb, c[s].cp), "starts with U+%04X", (unsigned)c[s].cp);
        }
        if (!last) {
            PCHECK(!nb_lb_no_end(&lb, c[e - 1].cp), "ends with U+%04X", (unsigned)c[e - 1].cp);
            size_t nx = L[i + 1].start;
            PCHECK(!nb_lb_no_split(&lb, c[e - 1].cp, c[nx].cp), "splits a unit");
            if (!L[i].hyphen_forced && !L[i].token_split)
                PCHECK(legal_end(&lb, c, n, s, e), "breaks at an illegal point %zu", e);
            if (L[i].token_split) check_split(&lb, c, n, o, L, i, avail, id, &bad);
            else if (o->justify && !o->balance && !L[i].hyphen_forced && !L[i].fallback)
                check_not_loose(&lb, c, n, L, i, avail, id, &bad);
            if (!L[i].hyphen_forced && !L[i].fallback && !o->balance) {
                /* greedy: no later legal end fits, by brute force; every character gives at most
                 * half its advance, so past twice the measure nothing can fit */
                int64_t wnat = 0;
                for (size_t f = s + 1; f <= n; f++) {
                    wnat += c[f - 1].cp == 0x200B ? 0 : c[f - 1].adv;
                    if (wnat > 2 * (int64_t)avail) break;
                    if (f > e && legal_end(&lb, c, n, s, f) && need_of(c, s, f) <= avail)
                        PCHECK(0, "could have ended at %zu, not %zu", f, e);
                }
            }
        }
        PCHECK(x[s] == indent, "starts at %d, not %d", x[s], indent);
        /* gaps: never more than a squeeze closes, never stretched inside a word */
        bool stretched = false;
        for (size_t k = s + 1; k < e; k++) {
            nb_mpt adv = c[k - 1].cp == 0x200B ? 0 : c[k - 1].adv;
            nb_mpt d = x[k] - x[k - 1] - adv;
            nb_mpt sq = (is_sp(c, k) || is_sp(c, k - 1))
                            ? 0
                            : nb_lb_squeeze_pair(c[k - 1].cp, adv, c[k - 1].em, c[k].cp, c[k].adv, c[k].em);
            PCHECK(d >= -sq, "gap %zu closes by %d", k, -d);
            if (d > 0) stretched = true;
            if (!is_sp(c, k) && !is_sp(c, k - 1) && !(nb_lb_pair(&lb, c[k - 1].cp, c[k].cp) & NB_LB_STRETCH))
                PCHECK(d <= 0, "gap %zu inside a word stretched", k);
        }
        nb_mpt last_adv = c[e - 1].cp == 0x200B ? 0 : c[e - 1].adv;
        nb_mpt end_sq = x[e - 1] + last_adv - L[i].end_x;
        PCHECK(end_sq >= 0 && end_sq <= nb_lb_squeeze_end(c[e - 1].cp, last_adv, c[e - 1].em), "last mark squeezed by %d",
               end_sq);
        if (!stretched) PCHECK(L[i].end_x - indent == L[i].width, "width %d but ends at %d", L[i].width, L[i].end_x);
        /* no overflow but a single character wider than the line */
        if (e > s + 1 || c[s].adv - nb_lb_squeeze_end(c[s].cp, c[s].adv, c[s].em) <= avail) PCHECK(L[i].end_x <= o->width, "overflows: %d", L[i].end_x);
        /* justified: every line but the last that could break inside ends at the measure */
        bool inner = false;
        for (size_t f = s + 1; f < e; f++) inner |= legal_end(&lb, c, n, s, f);
        if (o->justify && !o->balance && !last && inner)
            PCHECK(L[i].end_x == o->width, "justified line ends at %d, not %d", L[i].end_x, o->width);
        if (!o->justify || last || !inner) PCHECK(!stretched, "a ragged line was stretched");
        pos = e;
    }
    for (size_t k = pos, i = nl; k < n && bad == 0; k++) PCHECK(is_sp(c, k), "character %zu after the last line", k);
    /* byte-identical rerun */
    nb_mpt *x2 = nb_xmalloc((n + 1) * sizeof *x2);
    nb_pline *L2;
    size_t nl2 = nb_para_layout(c, n, o, x2, &L2);
    bool same = nl2 == nl && memcmp(x, x2, n * sizeof *x) == 0;
    for (size_t i = 0; same && i < nl; i++) /* by field: padding bytes carry no meaning */
        same = L[i].start == L2[i].start && L[i].end == L2[i].end && L[i].width == L2[i].width &&
               L[i].end_x == L2[i].end_x && L[i].hyphen_forced == L2[i].hyphen_forced &&
               L[i].fallback == L2[i].fallback && L[i].token_split == L2[i].token_split;
    CHECK(same, "paragraph %d: rerun differs", id);
    free(x2);
    free(L2);
    nb_lb_free(&lb);
    free(x);
    free(L);
}

static void test_property(void)
{
    int before = failures;
    size_t lines = 0, forced = 0;
    for (int id = 0; id < 2000; id++) {
        nb_buf b;
        nb_buf_init(&b);
        gen_text(&b);
        nb_mpt em = rnd(2) ? 16000 : 15000 + (nb_mpt)rnd(2000);
        nb_pchar *c;
        size_t n = decode(b.data, &c, em);
        if (rnd(3) == 0) /* a grid pitch under the size, as in GB/T 9704 */
            for (size_t k = 0; k < n; k++)
                if (c[k].adv == em) c[k].adv = em - 200;
        nb_para_opts o = {(nb_mpt)(5 + rnd(26)) * em + (nb_mpt)rnd(em), rnd(2) ? 2 * em : 0, rnd(4) != 0,
                          rnd(8) == 0, &KS, false, false, false, 0, 0};
        check_random(c, n, &o, id);
        nb_mpt *x = nb_xmalloc((n + 1) * sizeof *x);
        nb_pline *L;
        size_t nl = nb_para_layout(c, n, &o, x, &L);
        lines += nl;
        for (size_t i = 0; i < nl; i++) forced += L[i].hyphen_forced;
        free(x);
        free(L);
        free(c);
        nb_buf_free(&b);
        if (failures - before > 20) break;
    }
    printf("property: 2000 paragraphs, %zu lines, %zu forced cuts, %lld URL splits, %lld loose lines with no "
           "split point\n",
           lines, forced, (long long)splits_seen, (long long)loose_kept);
    CHECK(forced > 0, "the long URLs were never cut: the generator misses a case");
    CHECK(splits_seen > 0, "no loose line was split: the generator misses a case");
    CHECK(loose_kept > 0, "no loose line lacked a split point: the generator misses a case");
}

/* ---- pathological sizes ---- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_pathological(void)
{
    size_t n = 5000;
    nb_pchar *c = nb_xmalloc(n * sizeof *c);
    nb_mpt *x = nb_xmalloc(n * sizeof *x);
    nb_para_opts o = {28 * 15800, 2 * 16000, true, false, &KS, false, false, false, 0, 0};
    const uint32_t mix[] = {0x653F, 0x5E9C, 0xFF0C, 0x4FE1, 0x3002, 0x201C, 0x606F, 0x201D};
    double t0 = now();
    size_t total = 0;
    for (int rep = 0; rep < 2000; rep++) {
        for (size_t k = 0; k < n; k++) c[k] = (nb_pchar){mix[(k * 7 + (size_t)rep) % 8], 15800, 16000};
        nb_pline *L;
        total += nb_para_layout(c, n, &o, x, &L);
        free(L);
    }
    double t1 = now();
    /* one 5,000-character token: every line a forced cut */
    for (size_t k = 0; k < n; k++) c[k] = (nb_pchar){'a' + (uint32_t)(k % 26), 8000, 16000};
    nb_pline *L;
    size_t nl = nb_para_layout(c, n, &o, x, &L);
    EQ(nl, 91); /* 51 letters on the indented first line, 55 a line after: 51 + 90 x 55 >= 5000 */
    EQ(L[0].hyphen_forced, 1);
    free(L);
    o.balance = true;
    for (size_t k = 0; k < n; k++) c[k] = (nb_pchar){k % 100 == 99 ? 0x200B : 0x4E2D, 16000, 16000};
    nl = nb_para_layout(c, n, &o, x, &L);
    free(L);
    double t2 = now();
    /* URLs at loose lines: 2000 paragraphs of 5000 characters, a split on most lines */
    o.balance = false;
    nb_pchar *piece;
    size_t np = decode("一二三（https://nanhu.example.gov.cn/zwgk/index.html）", &piece, 16000);
    size_t splits = 0, urls = 0, url_lines = 0;
    for (int rep = 0; rep < 2000; rep++) {
        for (size_t k = 0; k < n; k++) c[k] = piece[(k + (size_t)rep) % np];
        url_lines += nl = nb_para_layout(c, n, &o, x, &L);
        for (size_t i = 0; i < nl; i++) splits += L[i].token_split;
        free(L);
    }
    free(piece);
    /* a Han character, then a 5,000-digit number at a loose line: never split, looked
     * ahead into only a bounded way */
    c[0] = (nb_pchar){0x4E2D, 16000, 16000};
    for (size_t k = 1; k < n; k++) c[k] = (nb_pchar){'0' + (uint32_t)(k % 10), 8000, 16000};
    nl = nb_para_layout(c, n, &o, x, &L);
    EQ(L[0].end, 1);
    EQ(L[0].token_split, 0);
    for (size_t i = 0; i < nl; i++) urls += L[i].token_split;
    EQ(urls, 0);
    free(L);
    double t3 = now();
    CHECK(splits > 2000 * 50, "URL paragraphs: only %zu splits", splits);
    printf("pathological: 2000 x 5000 characters in %.3f s (%zu lines); token and balance in %.3f s; "
           "2000 x 5000 with URLs (%zu lines, %zu splits) in %.3f s\n",
           t1 - t0, total, t2 - t1, url_lines, splits, t3 - t2);
    free(c);
    free(x);
}

int main(void)
{
    test_lists();
    test_plain();
    test_indent();
    test_squeeze_or_push();
    test_opening_never_ends();
    test_units_never_split();
    test_numbers_and_urls();
    test_mixed_justify();
    test_forced_cut();
    test_loose_rule();
    test_loose_split();
    test_spaces_and_zwsp();
    test_balance();
    test_widths();
    test_property();
    test_pathological();
    printf("para_test: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
