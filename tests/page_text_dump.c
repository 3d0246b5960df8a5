/* page_text_dump: prints the page text the HTML or PDF reader makes of a
 * file (gen/import/page_text.h), one line each, for the import tests.
 *
 *   page_text_dump [--origins] FILE.html|FILE.htm|FILE.pdf|FILE.txt
 *
 * --origins puts each line's origin (source line or page) and a tab first.
 * The reader is chosen by the name's ending (nb_import_read); an error prints as the
 * program would (FILE: error: ...) and exits 1. */
#include <stdio.h>
#include <string.h>
#include "import.h"
#include "page_text.h"

int main(int argc, char **argv)
{
    int origins = argc == 3 && strcmp(argv[1], "--origins") == 0;
    if (argc != 2 + origins) {
        fprintf(stderr, "usage: page_text_dump [--origins] FILE.html|FILE.pdf\n");
        return 2;
    }
    const char *path = argv[1 + origins];
    nb_diag d;
    nb_diag_init(&d, path);
    nb_page_text pt;
    int r = nb_import_read(path, &pt, &d);
    nb_diag_print(&d, stderr);
    nb_diag_free(&d);
    if (r != 0) return 1;
    const char *s = pt.text;
    for (size_t i = 0; i < pt.nlines; i++) {
        const char *e = strchr(s, '\n');
        if (origins) printf("%d\t", pt.origin[i]);
        printf("%.*s\n", (int)(e - s), s);
        s = e + 1;
    }
    nb_page_text_free(&pt);
    return 0;
}
