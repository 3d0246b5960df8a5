/* nianbao-import: `nianbao import` as a program of its own, which main.c
 * runs with the arguments it has checked (CMakeLists.txt says why): REPORT
 * OUT [LAYOUT]. Not meant to be run by hand. */
#include <stdio.h>
#include "importcmd.h"

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fputs("usage: nianbao-import REPORT OUT [LAYOUT]   (run by `nianbao import`)\n", stderr);
        return NB_EXIT_USAGE;
    }
    const char *layout = argc == 4 ? argv[3] : NULL;
    nb_session *s = nb_session_new(layout);
    int rc = nb_import_report(s, argv[1], layout, argv[2], stderr);
    nb_session_free(s);
    return rc;
}
