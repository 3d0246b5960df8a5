/* importcmd: see importcmd.h. */
#include "importcmd.h"
#include <errno.h>
#include <string.h>
#include "import.h"
#include "replace.h"

int nb_import_report(nb_session *s, const char *report, const char *layout, const char *out, FILE *err)
{
    nb_diag d;
    nb_diag_init(&d, report);
    nb_page_text pt;
    if (nb_import_read(report, &pt, &d) != 0) {
        nb_diag_print(&d, err);
        nb_diag_free(&d);
        fprintf(err, "nianbao: error: %s not written\n", out);
        return NB_EXIT_DATA;
    }
    const nb_layout *l = nb_session_layout(s, layout ? layout : "gb-2021", false, NULL, err);
    if (!l) {
        nb_page_text_free(&pt);
        nb_diag_free(&d);
        return NB_EXIT_ENV;
    }
    nb_buf yaml;
    nb_buf_init(&yaml);
    nb_import_log log = {0};
    int rc = nb_import_map(&pt, l, layout, report, &yaml, &log, &d);
    nb_diag_print(&d, err);
    nb_diag_free(&d);
    nb_import_log_print(&log, report, pt.origin_kind, err);
    nb_import_log_free(&log);
    nb_page_text_free(&pt);
    if (rc != 0) {
        nb_buf_free(&yaml);
        return NB_EXIT_ENV; /* the layout's form.yaml */
    }
    if (nb_replace_file(out, yaml.data, yaml.len) != 0) {
        fprintf(err, "nianbao: error: cannot write %s: %s\n", out, strerror(errno));
        nb_buf_free(&yaml);
        return NB_EXIT_ENV;
    }
    nb_buf_free(&yaml);
    rc = nb_check_file(s, out, NULL, err);
    if (rc == NB_EXIT_DATA)
        fprintf(err, "nianbao: error: %s: the data read from it does not pass check (above: the published tables"
                     " do not add up, or a part is missing); %s written, fix it\n", report, out);
    return rc;
}
