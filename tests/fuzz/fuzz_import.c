/* fuzz_import: libFuzzer target for nianbao import, built three times by
 * NB_FUZZ_READER: 1 the HTML reader (fuzz_html), 2 the PDF reader
 * (fuzz_pdf), 3 the seed text form (fuzz_text); each input read as page
 * text, mapped onto the gb-2021 form and written as a data file, which must
 * parse as YAML again (the writer quotes what needs quoting) and load as a
 * report or end in diagnostics. Never a crash, a leak, undefined behaviour
 * or a hang. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "data.h"
#include "import.h"
#include "layout.h"
#include "page_text_build.h"
#include "rules.h"
#include "yamlsrc.h"
#include "fuzz_layout.h"

#if NB_FUZZ_READER == 1
#define READ nb_html_mem_to_page_text
#elif NB_FUZZ_READER == 2
#define READ nb_pdf_mem_to_page_text
#else
#define READ nb_text_mem_to_page_text
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_layout_load("fuzz_import");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_diag d;
    nb_diag_init(&d, "fuzz");
    nb_page_text pt;
    if (READ((const char *)data, size, &pt, &d) == 0) {
        nb_buf yaml;
        nb_buf_init(&yaml);
        nb_import_log log = {0};
        if (nb_import_map(&pt, &layout, NULL, "fuzz", &yaml, &log, &d) != 0) abort(); /* the form's import: is valid */
        nb_import_log_print(&log, "fuzz", pt.origin_kind, sink);
        nb_import_log_free(&log);
        nb_diag out;
        nb_diag_init(&out, "fuzz.yaml");
        nb_yaml_doc doc;
        if (nb_yaml_parse(yaml.data, yaml.len, &out, &doc) != 0 || !doc.root) {
            nb_diag_print(&out, stderr);
            fprintf(stderr, "%s", yaml.data);
            abort(); /* the writer made a file YAML does not read */
        }
        nb_report r;
        if (nb_report_load(doc.root, &layout.form, layout.numbering_keys, &out, &r) == 0) nb_rules_check(&r, &out);
        nb_report_free(&r);
        nb_yaml_free(&doc);
        nb_diag_print(&out, sink);
        nb_diag_free(&out);
        nb_buf_free(&yaml);
        nb_page_text_free(&pt);
    }
    nb_diag_print(&d, sink);
    nb_diag_free(&d);
    return 0;
}
