/* Unit tests: nb_text_parse, suggestions, the value tree of yamlsrc, and the
 * model nb_report_load builds from a valid file (exact values). Error
 * messages are pinned in the tests/errors specs. */
#include <time.h>
#include "data.h"
#include "data_test.h"
#include "suggest.h"
#include "yamlsrc.h"

/* Paragraphs on lines of their own, bold spans in <b>…</b>. Caller frees. */
static char *dump_text(const nb_text *t)
{
    nb_buf b;
    nb_buf_init(&b);
    for (size_t i = 0; i < t->nparas; i++) {
        if (i) nb_buf_putc(&b, '\n');
        for (size_t j = 0; j < t->paras[i].nspans; j++) {
            const nb_span *s = &t->paras[i].spans[j];
            nb_buf_printf(&b, s->bold ? "<b>%s</b>" : "%s", s->text);
        }
    }
    return nb_buf_take(&b);
}

static void text_case(int line, const char *in, const char *want)
{
    nb_text t;
    nb_text_parse(in, (nb_mark){7, 3}, &t);
    char *got = dump_text(&t);
    checks++;
    if (strcmp(got, want) != 0) {
        failures++;
        fprintf(stderr, "data_test.c:%d: nb_text_parse\n  got:  %s\n  want: %s\n", line, got, want);
    }
    for (size_t i = 0; i < t.nparas; i++) {
        CHECK_INT(t.paras[i].mark.line, 7);
        CHECK_INT(t.paras[i].mark.col, 3);
        CHECK(t.paras[i].nspans > 0);
        for (size_t j = 0; j < t.paras[i].nspans; j++) {
            CHECK(t.paras[i].spans[j].text[0] != 0); /* empty spans dropped */
            if (j) CHECK(t.paras[i].spans[j].bold != t.paras[i].spans[j - 1].bold); /* merged */
        }
    }
    free(got);
    nb_text_free(&t);
}
#define TEXT(in, want) text_case(__LINE__, in, want)

static void test_text(void)
{
    TEXT("", "");
    TEXT("\n\n  \n", "");
    TEXT("一段话。", "一段话。");
    /* joining single breaks */
    TEXT("第一行\n第二行", "第一行第二行");
    TEXT("word\nword", "word word");
    TEXT("2023\n12", "2023 12");
    TEXT("共计\n2023件", "共计2023件");
    TEXT("共2023\n件", "共2023件");
    TEXT("Hello,\nworld", "Hello, world");
    TEXT("结束。\n（一）开始", "结束。（一）开始");
    /* trimming, ASCII and ideographic spaces */
    TEXT("  第一行  \n\t 第二行\t", "第一行第二行");
    TEXT("\xE3\x80\x80\xE3\x80\x80首行缩进。", "首行缩进。");
    /* blank lines (also whitespace-only) split paragraphs */
    TEXT("甲\n\n乙", "甲\n乙");
    TEXT("甲\n   \n\n\t\n乙\n丙\n", "甲\n乙丙");
    TEXT("\r\n甲\r\n\r\n乙\r\n", "甲\n乙");
    /* bold */
    TEXT("**一是持续强化学习。**组织学习。", "<b>一是持续强化学习。</b>组织学习。");
    TEXT("前**中**后**尾**", "前<b>中</b>后<b>尾</b>");
    TEXT("**粗**\n**体**", "<b>粗体</b>");
    TEXT("**bold**\n**text**", "<b>bold</b> <b>text</b>");
    TEXT("甲**乙\n丙**丁", "甲<b>乙丙</b>丁");
    TEXT("未闭合**粗体", "未闭合**粗体");
    TEXT("**a** b **c", "<b>a</b> b **c");
    TEXT("a****b", "ab");
    TEXT("****", "");
    TEXT("**甲**\n\n**乙", "<b>甲</b>\n**乙");
    /* escapes and lone stars */
    TEXT("\\*注释\\*", "*注释*");
    TEXT("\\*\\*不是粗体\\*\\*", "**不是粗体**");
    TEXT("a * b", "a * b");
    TEXT("***三星***", "<b>*三星</b>*"); /* markers pair left to right */
    TEXT("反斜杠\\n不是换行", "反斜杠\\n不是换行");
    TEXT("<b>&amp;\"'", "<b>&amp;\"'");
}

static void test_suggest(void)
{
    CHECK_INT(nb_suggest_distance("", ""), 0);
    CHECK_INT(nb_suggest_distance("kitten", "sitting"), 3);
    CHECK_INT(nb_suggest_distance("agnecy", "agency"), 1); /* transposition */
    CHECK_INT(nb_suggest_distance("ca", "abc"), 3);         /* OSA, not Damerau */
    CHECK_INT(nb_suggest_distance("总体情况", "总体情况况"), 1);
    CHECK_INT(nb_suggest_distance("总体情况", "总情体况"), 1);
    static const char *const keys[] = {"agency", "year", "title", "fees", "other_matters", "problems", NULL};
    CHECK_STR(nb_suggest("agnecy", keys), "agency");
    CHECK_STR(nb_suggest("Agency", keys), "agency");
    CHECK_STR(nb_suggest("titel", keys), "title");
    CHECK_STR(nb_suggest("yaer", keys), "year");
    CHECK_STR(nb_suggest("other-matter", keys), "other_matters"); /* 2 edits */
    CHECK_STR(nb_suggest("othermattrs", keys), "other_matters"); /* 3 edits, a third of 11 is 3 */
    CHECK(nb_suggest("foo", keys) == NULL);
    CHECK(nb_suggest("ab", keys) == NULL);
    CHECK(nb_suggest("", keys) == NULL);
    CHECK(nb_suggest("总体情况", keys) == NULL);
    static const char *const cjk[] = {"总体情况", "存在问题", NULL};
    CHECK_STR(nb_suggest("总休情况", cjk), "总体情况");
    char longword[200];
    memset(longword, 'a', sizeof longword - 1);
    longword[sizeof longword - 1] = 0;
    CHECK(nb_suggest(longword, keys) == NULL);
    CHECK_INT(nb_suggest_distance(longword, "a"), 199);

    char *x = nb_excerpt("中文abc", strlen("中文abc"), 3);
    CHECK_STR(x, "中文a…");
    free(x);
    x = nb_excerpt("a\nb\x01", 4, 40);
    CHECK_STR(x, "a\\nb\\x01");
    free(x);
}

static nb_val *parse(const char *text, nb_diag *d, nb_yaml_doc *doc)
{
    int r = nb_yaml_parse(text, strlen(text), d, doc);
    CHECK_INT(r, 0);
    return doc->root;
}

/* nb_yaml_locate: a character of a scalar's text found in the file, code-point columns. */
static void test_locate(void)
{
    const char *text = "a: |\n  第一段。\n\n  受理17件\nb: 共**收到**申请\n  5件\n";
    nb_diag d;
    nb_diag_init(&d, "t");
    nb_yaml_doc doc;
    CHECK_INT(nb_yaml_parse(text, strlen(text), &d, &doc), 0);
    nb_mark a = nb_val_get(doc.root, "a")->mark, b = nb_val_get(doc.root, "b")->mark;
    const char *pa = "第一段。受理1";
    nb_mark m = nb_yaml_locate(&doc, a, pa, strlen(pa));
    CHECK_INT(m.line, 4);
    CHECK_INT(m.col, 5);
    const char *pb = "共收到申请5";
    m = nb_yaml_locate(&doc, b, pb, strlen(pb));
    CHECK_INT(m.line, 6);
    CHECK_INT(m.col, 3);
    nb_yaml_free(&doc);
    nb_diag_free(&d);
}

static void test_yaml(void)
{
    nb_diag d;
    nb_diag_init(&d, "t.yaml");
    nb_yaml_doc doc;
    const char *src = "a: ~\n"
                      "b: null\n"
                      "c: Null\n"
                      "d: NULL\n"
                      "e:\n"
                      "f: 'null'\n"
                      "g: \"~\"\n"
                      "h: nulls\n"
                      "i: |\n  甲\n  乙\n"
                      "j: >\n  甲\n  乙\n"
                      "k: 甲\n  乙\n"
                      "l: &x [1, {m: 2}]\n"
                      "n: *x\n"
                      "~: key\n"
                      "\"中文\": 248.9611\n"
                      "o: !!str 5\n";
    nb_val *root = parse(src, &d, &doc);
    CHECK(root && root->kind == NB_VAL_MAP);
    CHECK_INT(root->n, 16);
    CHECK_INT(root->mark.line, 1);
    CHECK_INT(root->mark.col, 1);
    for (const char *k = "abcde"; *k; k++) {
        char key[2] = {*k, 0};
        CHECK(nb_val_get(root, key)->kind == NB_VAL_NULL);
        CHECK(nb_val_is_null(nb_val_get(root, key)));
    }
    CHECK_STR(nb_val_get(root, "a")->text, "~");
    CHECK_STR(nb_val_get(root, "e")->text, "");
    nb_val *f = nb_val_get(root, "f");
    CHECK(f->kind == NB_VAL_SCALAR && f->quoted);
    CHECK_STR(f->text, "null");
    CHECK(!nb_val_is_null(f));
    CHECK(nb_val_get(root, "g")->kind == NB_VAL_SCALAR);
    nb_val *h = nb_val_get(root, "h");
    CHECK(h->kind == NB_VAL_SCALAR && !h->quoted);
    CHECK_INT(h->mark.line, 8);
    CHECK_INT(h->mark.col, 4);
    nb_val *i = nb_val_get(root, "i");
    CHECK_STR(i->text, "甲\n乙\n");
    CHECK(i->quoted && !i->folded);
    nb_val *j = nb_val_get(root, "j");
    CHECK_STR(j->text, "甲 乙\n");
    CHECK(j->quoted && j->folded);
    nb_val *k = nb_val_get(root, "k");
    CHECK_STR(k->text, "甲 乙");
    CHECK(!k->quoted && k->folded);
    nb_val *l = nb_val_get(root, "l"), *n = nb_val_get(root, "n");
    CHECK(l == n); /* shared, not copied */
    CHECK(l->shared);
    CHECK(l->kind == NB_VAL_SEQ && l->n == 2);
    CHECK_STR(l->items[0]->text, "1");
    CHECK_INT(l->items[1]->mark.line, 17);
    CHECK_INT(l->items[1]->mark.col, 11);
    CHECK_STR(nb_val_get(l->items[1], "m")->text, "2");
    nb_val *tilde = nb_val_get(root, "~");
    CHECK(tilde && tilde->kind == NB_VAL_SCALAR);
    CHECK_STR(root->pairs[14].key->text, "中文");
    CHECK(root->pairs[14].key->kind == NB_VAL_SCALAR);
    CHECK_INT(root->pairs[14].value->mark.col, 7); /* columns count code points */
    CHECK_STR(nb_val_get(root, "中文")->text, "248.9611");
    CHECK(nb_val_get(root, "o")->quoted);
    CHECK(nb_val_get(root, "zz") == NULL);
    CHECK(nb_val_get(l, "m") == NULL); /* not a mapping */
    CHECK_STR(nb_val_describe(root), "a mapping");
    CHECK_STR(nb_val_describe(l), "a list");
    CHECK_STR(nb_val_describe(f), "a string");
    CHECK_STR(nb_val_describe(nb_val_get(root, "a")), "an empty value");
    CHECK_INT(d.n, 0);
    nb_yaml_free(&doc);
    CHECK(doc.root == NULL);

    /* empty document and a plain null */
    root = parse("", &d, &doc);
    CHECK(root && root->kind == NB_VAL_NULL);
    CHECK_INT(root->mark.line, 1);
    nb_yaml_free(&doc);
    root = parse("# only a comment\n~\n", &d, &doc);
    CHECK(root && root->kind == NB_VAL_NULL);
    nb_yaml_free(&doc);

    /* duplicate keys: reported, the repeat dropped, the tree kept */
    CHECK_INT(nb_yaml_parse("a: 1\nb: 2\na: 3\n", 15, &d, &doc), -1);
    CHECK(doc.root != NULL);
    CHECK_INT(doc.root->n, 2);
    CHECK_STR(nb_val_get(doc.root, "a")->text, "1");
    nb_yaml_free(&doc);

    /* a big mapping (sorted duplicate check) */
    nb_buf b;
    nb_buf_init(&b);
    for (int x = 0; x < 5000; x++) nb_buf_printf(&b, "k%d: %d\n", x, x);
    nb_buf_puts(&b, "k17: again\nk4999: again\n");
    CHECK_INT(nb_yaml_parse(b.data, b.len, &d, &doc), -1);
    CHECK_INT(doc.root->n, 5000);
    CHECK_STR(nb_val_get(doc.root, "k4999")->text, "4999");
    CHECK_STR(doc.root->pairs[4999].key->text, "k4999");
    nb_yaml_free(&doc);
    nb_buf_free(&b);
    char *msgs = diag_text(&d);
    CHECK_STR(msgs, "3:1: duplicate key 'a' (first defined at line 1)\n"
                    "5001:1: duplicate key 'k17' (first defined at line 18)\n"
                    "5002:1: duplicate key 'k4999' (first defined at line 5000)\n");
    free(msgs);

    /* a syntax error gives no tree */
    nb_diag_free(&d);
    nb_diag_init(&d, "t.yaml");
    CHECK_INT(nb_yaml_parse("a: [1\n", 6, &d, &doc), -1);
    CHECK(doc.root == NULL);
    CHECK_INT(d.n, 1);
    nb_yaml_free(&doc);

    /* a missing file */
    nb_diag_free(&d);
    nb_diag_init(&d, "t.yaml");
    CHECK_INT(nb_yaml_parse_file("/nonexistent/nianbao.yaml", &d, &doc), -1);
    msgs = diag_text(&d);
    CHECK_STR(msgs, "cannot read the file: No such file or directory\n");
    free(msgs);
    nb_diag_free(&d);
}

/* The billion laughs must stop at the node limit, fast. */
static void test_alias_bomb_time(void)
{
    nb_buf b;
    nb_buf_init(&b);
    nb_buf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 20; i++) {
        nb_buf_printf(&b, "a%d: &a%d [", i, i);
        for (int j = 0; j < 10; j++) nb_buf_printf(&b, "%s*a%d", j ? ", " : "", i - 1);
        nb_buf_puts(&b, "]\n");
    }
    nb_diag d;
    nb_diag_init(&d, "t.yaml");
    nb_yaml_doc doc;
    clock_t t0 = clock();
    CHECK_INT(nb_yaml_parse(b.data, b.len, &d, &doc), -1);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(secs < 0.5);
    char *msgs = diag_text(&d);
    CHECK_STR(msgs, "7:10: alias expansion exceeds 2000000 nodes\n");
    free(msgs);
    nb_diag_free(&d);
    nb_buf_free(&b);
}

static const char *full_report =
    "agency: 中牟县人民政府办公室\n"
    "year: 2023\n"
    "subtitle: （2024年1月20日）\n"
    "layout: gb-2021\n"
    "preface: |\n"
    "  本报告依据\n"
    "  《条例》编制。\n"
    "\n"
    "  第二段。\n"
    "headings:\n"
    "  problems: 存在的主要问题及整改措施\n"
    "overview:\n"
    "  intro: 总体。\n"
    "  numbering: 1.\n"
    "  items:\n"
    "    - heading: 主动公开情况\n"
    "      run_in: true\n"
    "      text: 2023年……\n"
    "      items:\n"
    "        - heading: 二级\n"
    "          run_in: off\n"
    "          items:\n"
    "            - heading: 三级\n"
    "    - heading: 依申请公开\n"
    "  outro: 结束。\n"
    "proactive:\n"
    "  rules: [{count: 22, note: 其中修订16件}, 1, 30]\n"
    "  normative_documents: [4, 5, 6]\n"
    "  licensing: 156\n"
    "  punishment: 20\n"
    "  fees: 248.9611\n"
    "  note: 说明。\n"
    "applications:\n"
    "  received: [5, 1, 0, 0, 0, 0, 6]\n"
    "  carried_over: [1, 0, 0, 0, 0, 0]\n"
    "  results:\n"
    "    disclosed: [3, 1, 0, 0, 0, 0]\n"
    "    withheld:\n"
    "      state_secret: [2, 0, 0, 0, 0, 0]\n"
    "    other_handling:\n"
    "      other: [0, 0, 0, 0, 0, 0]\n"
    "    total: [5, 1, 0, 0, 0, 0, 6]\n"
    "  carried_forward: [1, 0, 0, 0, 0, 0]\n"
    "reviews:\n"
    "  review: [1, 0, 0, 1, 2]\n"
    "  litigation_after_review: [0, 0, 0, 3]\n"
    "problems: |\n"
    "  **一是**不足。\n"
    "other_matters: 无。\n"
    "signed:\n"
    "  date: 2024-01-17\n";

static void test_load(void)
{
    nb_diag d;
    nb_diag_init(&d, "t.yaml");
    nb_yaml_doc doc;
    nb_val *root = parse(full_report, &d, &doc);
    nb_report r;
    CHECK_INT(load_report(root, &d, &r), 0);
    char *msgs = diag_text(&d);
    CHECK_STR(msgs, "");
    free(msgs);
    CHECK_STR(r.agency, "中牟县人民政府办公室");
    CHECK_INT(r.agency_mark.line, 1);
    CHECK_INT(r.agency_mark.col, 9);
    CHECK_INT(r.year, 2023);
    CHECK(r.title == NULL);
    CHECK_STR(r.subtitle, "（2024年1月20日）");
    CHECK_STR(r.layout, "gb-2021");
    char *t = dump_text(&r.preface);
    CHECK_STR(t, "本报告依据《条例》编制。\n第二段。");
    free(t);
    CHECK_INT(r.nheadings, 1);
    CHECK_STR(r.headings[0].key, "problems");
    CHECK_STR(r.headings[0].text, "存在的主要问题及整改措施");
    CHECK_INT(r.headings[0].mark.line, 11);

    const nb_body *overview = body_of(&r, "overview"), *problems = body_of(&r, "problems"),
                  *other_matters = body_of(&r, "other_matters");
    CHECK_STR(overview->numbering, "1.");
    CHECK(problems->numbering == NULL);
    CHECK_INT(overview->nitems, 2);
    nb_item *it = &overview->items[0];
    CHECK_STR(it->heading, "主动公开情况");
    CHECK_INT(it->mark.line, 16);
    CHECK(it->run_in);
    t = dump_text(&it->text);
    CHECK_STR(t, "2023年……");
    free(t);
    CHECK_INT(it->nitems, 1);
    CHECK_STR(it->items[0].heading, "二级");
    CHECK(!it->items[0].run_in);
    CHECK_INT(it->items[0].nitems, 1);
    CHECK_STR(it->items[0].items[0].heading, "三级");
    CHECK_STR(overview->items[1].heading, "依申请公开");
    CHECK(!overview->items[1].run_in);
    t = dump_text(&overview->outro);
    CHECK_STR(t, "结束。");
    free(t);
    t = dump_text(&problems->intro);
    CHECK_STR(t, "<b>一是</b>不足。");
    free(t);
    t = dump_text(&other_matters->intro);
    CHECK_STR(t, "无。");
    free(t);

    const nb_row *rules = row_of(&r, "proactive", "rules");
    CHECK_INT(rules->ncells, 3);
    CHECK_INT(rules->cells[0].count, 22);
    CHECK_STR(rules->cells[0].note, "其中修订16件");
    CHECK_INT(rules->cells[0].mark.line, 27);
    CHECK_INT(rules->cells[0].mark.col, 11);
    CHECK(rules->cells[1].note == NULL);
    CHECK_INT(rules->cells[2].count, 30);
    CHECK_INT(row_of(&r, "proactive", "normative_documents")->cells[1].count, 5);
    CHECK_INT(row_of(&r, "proactive", "licensing")->cells[0].count, 156);
    CHECK_INT(row_of(&r, "proactive", "punishment")->cells[0].count, 20);
    CHECK_INT(row_of(&r, "proactive", "coercion")->cells[0].count, 0);
    CHECK_INT(row_of(&r, "proactive", "coercion")->cells[0].mark.line, 0);
    CHECK_STR(row_of(&r, "proactive", "fees")->cells[0].text, "248.9611");
    CHECK_INT(row_of(&r, "proactive", "fees")->cells[0].mark.line, 31);
    CHECK_INT(nb_report_section(&r, "proactive")->table.mark.line, 26);

    const nb_section_data *apps = nb_report_section(&r, "applications");
    const nb_row *rec = row_of(&r, "applications", "received");
    CHECK(rec->present && rec->has_total);
    CHECK_INT(rec->ncells, 6);
    CHECK_INT(rec->cells[0].count, 5);
    CHECK_INT(rec->cells[1].count, 1);
    CHECK_INT(rec->given_total.count, 6);
    CHECK_INT(nb_report_cell(apps, nb_form_row_index(apps->form, "received"), 6), 6);
    CHECK_INT(rec->mark.line, 34);
    CHECK_INT(rec->mark.col, 13);
    CHECK_INT(row_of(&r, "applications", "results.withheld.state_secret")->cells[0].count, 2);
    const nb_row *other = row_of(&r, "applications", "results.other_handling.other");
    CHECK(other->present && !other->has_total);
    CHECK(!row_of(&r, "applications", "results.partially_disclosed")->present);
    CHECK_INT(row_of(&r, "applications", "results.partially_disclosed")->ncells, 6);
    CHECK_INT(row_of(&r, "applications", "results.total")->given_total.count, 6);
    /* the computed （七）总计 row: the sum of the 21 result rows, column by column */
    int total = nb_form_row_index(apps->form, "results.total");
    CHECK_INT(apps->form->rows[total].nsum, 21);
    CHECK_INT(nb_report_cell(apps, total, 0), 5);
    CHECK_INT(nb_report_cell(apps, total, 1), 1);
    CHECK_INT(nb_report_cell(apps, total, 6), 6);
    CHECK_INT(row_of(&r, "applications", "carried_forward")->cells[0].count, 1);
    CHECK_INT(apps->table.mark.line, 33);
    const nb_section_data *revs = nb_report_section(&r, "reviews");
    CHECK_INT(row_of(&r, "reviews", "review")->ncells, 4);
    CHECK_INT(nb_report_cell(revs, 0, 4), 2);
    CHECK(row_of(&r, "reviews", "review")->has_total);
    CHECK(!row_of(&r, "reviews", "litigation_direct")->present);
    CHECK_INT(row_of(&r, "reviews", "litigation_after_review")->cells[3].count, 3);

    CHECK(r.has_signed);
    CHECK_STR(r.signed_by, "中牟县人民政府办公室");
    CHECK_INT(r.signed_y, 2024);
    CHECK_INT(r.signed_m, 1);
    CHECK_INT(r.signed_d, 17);
    nb_report_free(&r);
    nb_yaml_free(&doc);

    /* the minimum: defaults */
    root = parse("agency: 某局\nyear: 2008\noverview: 好。\nproblems: 无。\nother_matters: 无。\n", &d, &doc);
    CHECK_INT(load_report(root, &d, &r), 0);
    CHECK_INT(r.year, 2008);
    CHECK(row_of(&r, "proactive", "fees")->cells[0].text == NULL); /* printed 0 */
    CHECK(!r.has_signed && r.signed_by == NULL && r.signed_y == 0);
    CHECK(r.title == NULL && r.subtitle == NULL && r.layout == NULL);
    CHECK_INT(r.preface.nparas, 0);
    CHECK_INT(r.nheadings, 0);
    const nb_section_data *a0 = nb_report_section(&r, "applications");
    CHECK_INT(a0->table.nrows, 25);
    for (size_t i = 0; i < a0->table.nrows; i++)
        CHECK(!a0->table.rows[i].present && nb_report_cell(a0, (int)i, 6) == 0);
    nb_report_free(&r);
    nb_yaml_free(&doc);

    /* multi-line plain and folded text follows the text rules, not YAML's
     * folding: breaks between CJK join with nothing, a blank line splits */
    root = parse("agency: 某局\nyear: 2100\n"
                 "overview: 第一行\n  第二行\n\n  second para\n  in English 2023年\n"
                 "problems: >\n  甲\n  乙\n\n  丙\n"
                 "other_matters: '单引号\n  跨行'\n"
                 "signed: {by: 某局办公室}\n",
                 &d, &doc);
    CHECK_INT(load_report(root, &d, &r), 0);
    t = dump_text(&body_of(&r, "overview")->intro);
    CHECK_STR(t, "第一行第二行\nsecond para in English 2023年");
    free(t);
    t = dump_text(&body_of(&r, "problems")->intro);
    CHECK_STR(t, "甲乙\n丙");
    free(t);
    t = dump_text(&body_of(&r, "other_matters")->intro);
    CHECK_STR(t, "单引号跨行");
    free(t);
    CHECK_STR(r.signed_by, "某局办公室");
    CHECK(r.has_signed && r.signed_y == 0);
    nb_report_free(&r);
    nb_yaml_free(&doc);

    /* failure leaves a model that frees cleanly */
    root = parse("agency: 某局\nyear: 2023\noverview: {items: [{heading: a, text: b, items: [{text: c}]}]}\n"
                 "proactive: {rules: [{count: 1, note: n}, 2, x]}\n",
                 &d, &doc);
    CHECK_INT(load_report(root, &d, &r), -1);
    nb_report_free(&r);
    nb_yaml_free(&doc);
    CHECK_INT(load_report(NULL, &d, &r), -1);
    nb_report_free(&r);
    nb_diag_free(&d);
}

int main(void)
{
    test_text();
    test_suggest();
    test_yaml();
    test_locate();
    test_alias_bomb_time();
    test_load();
    nb_form_free(&test_form_data);
    return t_done("data_test");
}
