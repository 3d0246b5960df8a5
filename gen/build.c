/* build: every *.yaml under SRC → OUTDIR/NAME.pdf and NAME.html, sharing
 * layouts and fonts across reports (one session). */
#include "build.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "pipeline.h"
#include "util.h"

typedef struct file_list {
    char **paths;
    size_t n, cap;
} file_list;

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void collect(const char *dir, file_list *out, int depth)
{
    DIR *d = opendir(dir);
    if (!d || depth > 32) {
        if (d) closedir(d);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *p = nb_xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            collect(p, out, depth + 1);
            free(p);
            continue;
        }
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0 && S_ISREG(st.st_mode)) {
            NB_GROW(out->paths, out->n, out->cap);
            out->paths[out->n++] = p;
        } else {
            free(p);
        }
    }
    closedir(d);
}

int nb_build(const nb_build_opts *o)
{
    struct stat st;
    if (stat(o->src, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "nianbao: error: %s is not a folder\n", o->src);
        return 2;
    }
    if (mkdir(o->outdir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "nianbao: error: cannot create %s: %s\n", o->outdir, strerror(errno));
        return 3;
    }
    bool pdf = true, html = true;
    if (o->formats) {
        pdf = strstr(o->formats, "pdf") != NULL;
        html = strstr(o->formats, "html") != NULL;
    }
    file_list files = {0};
    collect(o->src, &files, 0);
    qsort(files.paths, files.n, sizeof *files.paths, by_name);
    nb_session *s = nb_session_new(o->layout);
    size_t rendered = 0, failed = 0;
    int worst = 0;
    for (size_t i = 0; i < files.n; i++) {
        const char *base = strrchr(files.paths[i], '/') + 1;
        char *stem = nb_xstrndup(base, strlen(base) - 5);
        char *outs[2];
        size_t n = 0;
        if (pdf) outs[n++] = nb_xasprintf("%s/%s.pdf", o->outdir, stem);
        if (html) outs[n++] = nb_xasprintf("%s/%s.html", o->outdir, stem);
        nb_render_opts ro = {(const char *const *)outs, n, false};
        int rc = nb_render_file(s, files.paths[i], &ro, stderr);
        if (rc == 0) rendered++;
        else failed++;
        if (rc > worst) worst = rc;
        for (size_t k = 0; k < n; k++) free(outs[k]);
        free(stem);
        free(files.paths[i]);
    }
    free(files.paths);
    nb_session_free(s);
    fprintf(stderr, "nianbao: %zu rendered, 0 up to date, %zu failed\n", rendered, failed);
    return failed ? (worst == 3 ? 3 : 1) : 0;
}
