/* Unit tests for the 勾稽 rules of the real gb-2021 form: exact messages
 * (its names), positions, counts of violations, the computed （七）总计 row,
 * and 64-bit sums. */
#include "data_test.h"
#include "rules.h"

static const char *head = "agency: 某局\nyear: 2023\noverview: 好。\nproblems: 无。\nother_matters: 无。\n";

/* Loads head + body (must be schema-clean), runs the rules; returns the
 * number of violations and the messages in *msgs (caller frees). */
static int run(const char *body, char **msgs, uint64_t totals[7])
{
    char *src = nb_xasprintf("%s%s", head, body);
    nb_diag d;
    nb_diag_init(&d, "t.yaml");
    nb_yaml_doc doc;
    CHECK_INT(nb_yaml_parse(src, strlen(src), &d, &doc), 0);
    nb_report r;
    CHECK_INT(load_report(doc.root, &d, &r), 0);
    CHECK_INT(d.n, 0);
    int n = nb_rules_check(&r, &d);
    CHECK_INT(d.n, (size_t)n);
    if (totals) {
        const nb_section_data *a = nb_report_section(&r, "applications");
        int total = nb_form_row_index(a->form, "results.total");
        for (int c = 0; c < 7; c++) totals[c] = nb_report_cell(a, total, c);
    }
    *msgs = diag_text(&d);
    nb_report_free(&r);
    nb_yaml_free(&doc);
    nb_diag_free(&d);
    free(src);
    return n;
}

static void test_clean(void)
{
    char *m;
    uint64_t t[7];
    int n = run("applications:\n"
                "  received: [5, 2, 0, 0, 0, 1, 8]\n"
                "  carried_over: [1, 0, 0, 0, 0, 0]\n"
                "  results:\n"
                "    disclosed: [3, 1, 0, 0, 0, 0, 4]\n"
                "    not_processed:\n"
                "      repeated: [2, 1, 0, 0, 0, 0]\n"
                "    other_handling:\n"
                "      other: [0, 0, 0, 0, 0, 1]\n"
                "    total: [5, 2, 0, 0, 0, 1, 8]\n"
                "  carried_forward: [1, 0, 0, 0, 0, 0, 1]\n"
                "reviews:\n"
                "  review: [10, 1, 0, 0, 11]\n"
                "  litigation_direct: [0, 0, 0, 0]\n",
                &m, t);
    CHECK_INT(n, 0);
    CHECK_STR(m, "");
    CHECK_INT(t[0], 5);
    CHECK_INT(t[1], 2);
    CHECK_INT(t[2], 0);
    CHECK_INT(t[5], 1);
    CHECK_INT(t[6], 8);
    free(m);

    /* no tables at all: all zero, consistent */
    n = run("", &m, t);
    CHECK_INT(n, 0);
    for (int c = 0; c < 7; c++) CHECK_INT(t[c], 0);
    free(m);
}

static void test_violations(void)
{
    char *m;
    int n = run("applications:\n"
                "  received: [5, 0, 0, 0, 0, 0, 9]\n"
                "  results:\n"
                "    disclosed: [3, 0, 0, 0, 0, 0]\n"
                "    total: [4, 0, 0, 0, 0, 0]\n"
                "  carried_forward: [1, 0, 0, 0, 0, 0]\n"
                "reviews:\n"
                "  review: [10, 1, 0, 0, 0]\n",
                &m, NULL);
    CHECK_INT(n, 5);
    CHECK_STR(m, "7:13: 表三（收到和处理政府信息公开申请情况） row 一、本年新收政府信息公开申请数量: 总计 is 9 but the six "
                 "columns sum to 5\n"
                 "7:13: 表三（收到和处理政府信息公开申请情况） column 自然人: 一 + 二 = 5 + 0 = 5 but 三、本年度办理结果（七）总计 + 四 = 3 + "
                 "1 = 4\n"
                 "7:13: 表三（收到和处理政府信息公开申请情况） column 总计: 一 + 二 = 5 + 0 = 5 but 三、本年度办理结果（七）总计 + 四 = 3 + 1 "
                 "= 4\n"
                 "10:12: 表三（收到和处理政府信息公开申请情况） row 三、本年度办理结果（七）总计, column 自然人: given 4 but the 21 result "
                 "rows sum to 3\n"
                 "13:11: 表四（政府信息公开行政复议、行政诉讼情况） 行政复议: 总计 is 0 but 结果维持 + 结果纠正 + 其他结果 + "
                 "尚未审结 = 11\n");
    free(m);

    /* the balance rule with no received row: at the applications key */
    n = run("applications:\n"
            "  results:\n"
            "    withheld:\n"
            "      enforcement_files: [0, 0, 0, 0, 1, 0]\n",
            &m, NULL);
    CHECK_INT(n, 2);
    CHECK_STR(m, "6:1: 表三（收到和处理政府信息公开申请情况） column 法律服务机构: 一 + 二 = 0 + 0 = 0 but 三、本年度办理结果（七）总计 + 四 = 1 "
                 "+ 0 = 1\n"
                 "6:1: 表三（收到和处理政府信息公开申请情况） column 总计: 一 + 二 = 0 + 0 = 0 but 三、本年度办理结果（七）总计 + 四 = 1 + 0 "
                 "= 1\n");
    free(m);

}

static void test_big_numbers(void)
{
    char *m;
    uint64_t t[7];
    int n = run("applications:\n"
                "  received: [999999999, 999999999, 999999999, 999999999, 999999999, 999999999, 1]\n"
                "  results:\n"
                "    disclosed: [999999999, 999999999, 999999999, 999999999, 999999999, 999999999]\n"
                "    partially_disclosed: [999999999, 0, 0, 0, 0, 0]\n",
                &m, t);
    CHECK_INT(t[0], 1999999998ull);
    CHECK_INT(t[6], 6999999993ull);
    CHECK_INT(n, 3);
    CHECK_STR(m, "7:13: 表三（收到和处理政府信息公开申请情况） row 一、本年新收政府信息公开申请数量: 总计 is 1 but the six "
                 "columns sum to 5999999994\n"
                 "7:13: 表三（收到和处理政府信息公开申请情况） column 自然人: 一 + 二 = 999999999 + 0 = 999999999 but "
                 "三、本年度办理结果（七）总计 + 四 = 1999999998 + 0 = 1999999998\n"
                 "7:13: 表三（收到和处理政府信息公开申请情况） column 总计: 一 + 二 = 5999999994 + 0 = 5999999994 but "
                 "三、本年度办理结果（七）总计 + 四 = 6999999993 + 0 = 6999999993\n");
    free(m);
}

int main(void)
{
    test_clean();
    test_violations();
    test_big_numbers();
    nb_form_free(&test_form_data);
    return t_done("rules_test");
}
