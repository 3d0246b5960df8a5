/* walk: the one directory walker (build's sources, a layout folder's files
 * for the build key, build's stale temporary files). Regular files only,
 * in readdir order (callers sort what must be ordered), at most
 * NB_WALK_DEPTH folders deep, so a symlink loop cannot hang it. */
#ifndef NB_WALK_H
#define NB_WALK_H
#include <stdbool.h>

#define NB_WALK_DEPTH 32

enum {
    NB_WALK_HIDDEN = 1,  /* visit entries whose name starts with '.' (skipped by default) */
    NB_WALK_NOFOLLOW = 2 /* do not follow symbolic links (lstat): for deleting */
};

/* path: dir/rel; rel: the path below dir; name: the last component. */
typedef void (*nb_walk_fn)(const char *path, const char *rel, const char *name, void *ctx);

void nb_walk(const char *dir, int flags, nb_walk_fn fn, void *ctx);

#endif
