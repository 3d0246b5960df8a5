/* standalone_main: replays inputs through a libFuzzer target without
 * libFuzzer (any compiler), so the seed corpus and every crash once found
 * (tests/fuzz/regress/) run as ordinary tests, sanitizers or not.
 *
 *   fuzz_TARGET FILE|DIR ...    (options starting with '-' are ignored)
 *
 * Each file, and each regular file directly inside a DIR, is one input.
 * Prints "N inputs" and exits 0; a crash ends the process as it would
 * under libFuzzer. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count;

static void run_file(const char *path)
{
    char *text;
    size_t len;
    /* larger than any input the loader accepts, so the size limit is exercised too */
    if (nb_read_file(path, 64u * 1024u * 1024u, &text, &len) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    /* an exact-size copy, as libFuzzer passes it: ASan sees any overread */
    uint8_t *copy = nb_xmalloc(len);
    memcpy(copy, text, len);
    free(text);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
    count++;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void run_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        fprintf(stderr, "cannot open %s\n", dir);
        exit(2);
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.') continue;
        NB_GROW(names, n, cap);
        names[n++] = nb_xasprintf("%s/%s", dir, e->d_name);
    }
    closedir(dp);
    if (n) qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) run_file(names[i]);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-') continue;
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "cannot open %s\n", argv[i]);
            return 2;
        }
        if (S_ISDIR(st.st_mode)) run_dir(argv[i]);
        else run_file(argv[i]);
    }
    printf("%zu inputs\n", count);
    return 0;
}
