/* fuzz_load: libFuzzer target for the loader: YAML events → value tree →
 * report model → consistency rules, with every diagnostic formatted.
 * Any input must end in a model or in diagnostics: never a crash, a leak,
 * undefined behaviour or a hang. Built with -fsanitize=fuzzer under
 * NB_FUZZ, else linked with standalone_main.c to replay a corpus. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "claims.h"
#include "data.h"
#include "diag.h"
#include "layout.h"
#include "rules.h"
#include "yamlsrc.h"
#include "fuzz_layout.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_layout_load("fuzz_load");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_diag d;
    nb_diag_init(&d, "fuzz.yaml");
    nb_yaml_doc doc;
    nb_yaml_parse((const char *)data, size, &d, &doc);
    if (doc.root) {
        nb_report r;
        if (nb_report_load(doc.root, &layout.form, layout.numbering_keys, &d, &r) == 0) {
            nb_rules_check(&r, &d);
            nb_claims_check(&r, &doc, &d); /* the prose scanned against the tables */
        }
        nb_report_free(&r);
    }
    nb_yaml_free(&doc);
    nb_diag_print(&d, sink);
    nb_diag_free(&d);
    return 0;
}
