/* project: finds the project's own folder (layouts/, fonts/) wherever the
 * program runs from, and resolves layout names per spec/cli.md. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "layout.h"
#include "util.h"

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_layouts(const char *dir)
{
    char *p = nb_xasprintf("%s/layouts", dir);
    bool ok = is_dir(p);
    free(p);
    return ok;
}

const char *nb_project_dir(void)
{
    static char *dir;
    if (dir) return dir;
    /* NIANBAO_HOME overrides; then the source folder recorded at build time;
     * then the install prefix; then next to the executable. */
    const char *env = getenv("NIANBAO_HOME");
    if (env && *env && has_layouts(env)) return dir = nb_xstrdup(env);
    if (has_layouts(NB_SOURCE_DIR)) return dir = nb_xstrdup(NB_SOURCE_DIR);
    if (has_layouts(NB_INSTALL_DATADIR)) return dir = nb_xstrdup(NB_INSTALL_DATADIR);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        for (int up = 0; up < 3; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash) break;
            *slash = 0;
            if (has_layouts(exe)) return dir = nb_xstrdup(exe);
        }
    }
    return dir = nb_xstrdup(NB_SOURCE_DIR);
}

static char *absolute(const char *p)
{
    char buf[PATH_MAX];
    if (!realpath(p, buf)) return NULL;
    return is_dir(buf) ? nb_xstrdup(buf) : NULL;
}

char *nb_layout_find(const char *name)
{
    if (!name || !*name) name = "gb-2021";
    if (strchr(name, '/')) return absolute(name);
    const char *path = getenv("NIANBAO_LAYOUT_PATH");
    if (path) {
        char *copy = nb_xstrdup(path), *save = NULL;
        for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
            char *cand = nb_xasprintf("%s/%s", d, name);
            char *abs = absolute(cand);
            free(cand);
            if (abs) {
                free(copy);
                return abs;
            }
        }
        free(copy);
    }
    char *cand = nb_xasprintf("%s/layouts/%s", nb_project_dir(), name);
    char *abs = absolute(cand);
    free(cand);
    return abs;
}
