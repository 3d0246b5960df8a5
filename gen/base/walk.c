/* walk: see walk.h. */
#include "walk.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util.h"

static void walk(const char *dir, const char *rel, int flags, nb_walk_fn fn, void *ctx, int depth)
{
    DIR *d = depth <= NB_WALK_DEPTH ? opendir(dir) : NULL;
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (e->d_name[0] == '.' && !(flags & NB_WALK_HIDDEN)) continue;
        char *p = nb_xasprintf("%s/%s", dir, e->d_name);
        char *r = rel[0] ? nb_xasprintf("%s/%s", rel, e->d_name) : nb_xstrdup(e->d_name);
        struct stat st;
        int rc = flags & NB_WALK_NOFOLLOW ? lstat(p, &st) : stat(p, &st);
        if (rc == 0 && S_ISDIR(st.st_mode)) walk(p, r, flags, fn, ctx, depth + 1);
        else if (rc == 0 && S_ISREG(st.st_mode)) fn(p, r, e->d_name, ctx);
        free(r);
        free(p);
    }
    closedir(d);
}

void nb_walk(const char *dir, int flags, nb_walk_fn fn, void *ctx) { walk(dir, "", flags, fn, ctx, 0); }
