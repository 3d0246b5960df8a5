/* data_check_driver: parse, load and check data files, printing every
 * diagnostic; the literate tests in tests/errors/ run it. Stands in for
 * `nianbao check` so these tests do not depend on the CLI.
 *
 *   data_check_driver [-n NAME] FILE...
 *
 * -n shows NAME instead of the path in diagnostics (tests use temp files).
 * Exit status: 0 when no file had a problem, 1 otherwise, 2 on bad usage. */
#include <stdio.h>
#include <string.h>
#include "data.h"
#include "data_names.h"
#include "diag.h"
#include "rules.h"
#include "yamlsrc.h"

static int check(const char *path, const char *name)
{
    nb_diag d;
    nb_diag_init(&d, name ? name : path);
    nb_yaml_doc doc;
    nb_yaml_parse_file(path, &d, &doc);
    if (doc.root) {
        /* Keep going after duplicate keys: more problems in the same run. */
        nb_report r;
        int ok = nb_report_load(doc.root, &d, &r);
        /* Rules only on a complete model: a row in error reads as zeros and
         * would give false sums. */
        if (ok == 0) nb_rules_check(&r, &test_rule_names, &d);
        nb_report_free(&r);
    }
    nb_yaml_free(&doc);
    nb_diag_print(&d, stdout);
    int bad = d.errors > 0;
    nb_diag_free(&d);
    return bad;
}

int main(int argc, char **argv)
{
    const char *name = NULL;
    int i = 1, bad = 0;
    if (i + 1 < argc && !strcmp(argv[i], "-n")) {
        name = argv[i + 1];
        i += 2;
    }
    if (i >= argc) {
        fputs("usage: data_check_driver [-n NAME] FILE...\n", stderr);
        return 2;
    }
    for (; i < argc; i++) bad |= check(argv[i], name);
    return bad;
}
