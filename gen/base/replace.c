/* replace: see replace.h. */
#define _GNU_SOURCE /* renameat2 */
#include "replace.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util.h"
#include "walk.h"

struct nb_replacer {
    char *dir;
    char **spares; /* idle spare files */
    size_t n, cap;
    pthread_mutex_t lock;
};

/* A spare left by an earlier run. */
static void keep_spare(const char *path, const char *rel, const char *name, void *ctx)
{
    nb_replacer *r = ctx;
    if (strncmp(name, "spare-", 6) != 0 || strchr(rel, '/')) return;
    NB_GROW(r->spares, r->n, r->cap);
    r->spares[r->n++] = nb_xstrdup(path);
}

nb_replacer *nb_replacer_new(const char *spare_dir)
{
    nb_replacer *r = nb_xcalloc(1, sizeof *r);
    r->dir = nb_xstrdup(spare_dir);
    pthread_mutex_init(&r->lock, NULL);
    mkdir(spare_dir, 0755); /* a failure shows as the fallback path */
    nb_walk(spare_dir, 0, keep_spare, r);
    return r;
}

void nb_replacer_free(nb_replacer *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) free(r->spares[i]);
    free(r->spares);
    free(r->dir);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t k = write(fd, p, len);
        if (k < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += k;
        len -= (size_t)k;
    }
    return 0;
}

/* Fills the file fd with data and closes it; mode 0644 (outputs are
 * published; mkstemp makes 0600). */
static int fill(int fd, const void *data, size_t len)
{
    if (write_all(fd, data, len) != 0 || fchmod(fd, 0644) != 0) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return close(fd);
}

/* The fallback: a hidden temporary file next to path, renamed over it. */
int nb_replace_file(const char *path, const void *data, size_t len)
{
    const char *slash = strrchr(path, '/');
    char *tmp = slash ? nb_xasprintf("%.*s.%s.tmp-XXXXXX", (int)(slash + 1 - path), path, slash + 1)
                      : nb_xasprintf(".%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    int rc = fd < 0 ? -1 : fill(fd, data, len);
    if (rc == 0) rc = rename(tmp, path);
    if (rc != 0 && fd >= 0) {
        int err = errno;
        unlink(tmp);
        errno = err;
    }
    free(tmp);
    return rc;
}

/* An idle spare (taken from the pool, or a new one); NULL when none can be made. */
static char *take_spare(nb_replacer *r)
{
    pthread_mutex_lock(&r->lock);
    char *s = r->n ? r->spares[--r->n] : NULL;
    pthread_mutex_unlock(&r->lock);
    if (s) return s;
    s = nb_xasprintf("%s/spare-XXXXXX", r->dir);
    int fd = mkstemp(s);
    if (fd < 0) {
        free(s);
        return NULL;
    }
    close(fd);
    return s;
}

static void give_back(nb_replacer *r, char *spare)
{
    pthread_mutex_lock(&r->lock);
    NB_GROW(r->spares, r->n, r->cap);
    r->spares[r->n++] = spare;
    pthread_mutex_unlock(&r->lock);
}

int nb_replacer_write(nb_replacer *r, const char *path, const void *data, size_t len)
{
    char *spare;
    int fd = -1;
    for (int tries = 0; tries < 2 && fd < 0; tries++) {
        if (!(spare = take_spare(r))) return nb_replace_file(path, data, len);
        fd = open(spare, O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (fd < 0) {
            unlink(spare); /* gone or unwritable: of no use */
            free(spare);
        }
    }
    if (fd < 0) return nb_replace_file(path, data, len);
    if (fill(fd, data, len) != 0) {
        int err = errno;
        unlink(spare);
        free(spare);
        errno = err;
        return -1;
    }
    if (renameat2(AT_FDCWD, spare, AT_FDCWD, path, RENAME_EXCHANGE) == 0) {
        give_back(r, spare); /* now holding the old version */
        return 0;
    }
    if (errno == ENOENT) { /* no old version: the spare becomes the output */
        int rc = rename(spare, path);
        int err = errno;
        if (rc != 0) give_back(r, spare);
        else free(spare);
        errno = err;
        return rc;
    }
    give_back(r, spare);
    if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EOPNOTSUPP) return -1;
    return nb_replace_file(path, data, len);
}

/* The names nb_replace_file gives its temporary files: ".NAME.tmp-XXXXXX". */
static bool is_temp_name(const char *base)
{
    size_t n = strlen(base);
    if (n < 13 || base[0] != '.' || memcmp(base + n - 11, ".tmp-", 5) != 0) return false;
    for (size_t i = n - 6; i < n; i++) {
        char c = base[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    }
    return true;
}

static void clear_one(const char *path, const char *rel, const char *name, void *ctx)
{
    (void)rel, (void)ctx;
    if (is_temp_name(name)) unlink(path);
}

/* Hidden entries included (the temporaries are hidden); links not followed. */
void nb_replacer_clear_temps(const char *dir) { nb_walk(dir, NB_WALK_HIDDEN | NB_WALK_NOFOLLOW, clear_one, NULL); }
