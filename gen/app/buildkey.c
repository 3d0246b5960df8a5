/* buildkey: see buildkey.h. */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "buildkey.h"
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "hash.h"
#include "util.h"
#include "walk.h"

typedef struct layout_memo {
    const nb_layout *l;
    uint64_t hash;
} layout_memo;

typedef struct fonts_memo {
    const nb_fontset *fs;
    uint64_t hash;
} fonts_memo;

/* A font file: its cached record, and whether this run checked it. */
typedef struct font_rec {
    nb_manifest_font f;
    bool checked; /* stat'ed (and hashed if needed) in this run */
} font_rec;

struct nb_buildkey {
    uint64_t run;                /* program + settings */
    layout_memo *layouts;
    size_t nlayouts, caplayouts;
    fonts_memo *fontsets;
    size_t nfontsets, capfontsets;
    font_rec *fonts;
    size_t nfonts, capfonts;
    nb_manifest_font *out;       /* nb_buildkey_fonts */
    pthread_mutex_t lock;
};

static int64_t ns(struct timespec t) { return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec; }

/* A file's bytes into h, or a marker with errno when it cannot be read
 * (the key then differs from any readable state). */
static void hash_file_into(nb_hash *h, const char *path)
{
    uint64_t v;
    if (nb_hash_file(path, &v) == 0) {
        nb_hash_u64(h, 1);
        nb_hash_u64(h, v);
    } else {
        nb_hash_u64(h, 2);
        nb_hash_u64(h, (uint64_t)errno);
    }
}

static int lib_cb(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    nb_hash *h = data;
    struct stat st;
    if (!info->dlpi_name || !info->dlpi_name[0]) return 0; /* the program itself */
    nb_hash_str(h, info->dlpi_name);
    if (stat(info->dlpi_name, &st) == 0) {
        nb_hash_u64(h, (uint64_t)st.st_size);
        nb_hash_u64(h, (uint64_t)ns(st.st_mtim));
        nb_hash_u64(h, (uint64_t)st.st_ino);
    }
    return 0;
}

nb_buildkey *nb_buildkey_new(bool pdf, bool html, bool strict, const char *layout, const nb_manifest *old)
{
    nb_buildkey *k = nb_xcalloc(1, sizeof *k);
    pthread_mutex_init(&k->lock, NULL);
    nb_hash h;
    nb_hash_init(&h, 0);
    nb_hash_str(&h, "nianbao build key 1");
    hash_file_into(&h, "/proc/self/exe");
    dl_iterate_phdr(lib_cb, &h);
    /* strict: a report written with warnings is not up to date for a --strict build */
    nb_hash_u64(&h, (uint64_t)strict << 2 | (uint64_t)pdf << 1 | (uint64_t)html);
    nb_hash_str(&h, layout);
    nb_hash_str(&h, getenv("SOURCE_DATE_EPOCH")); /* the PDF dates */
    k->run = nb_hash_digest(&h);
    for (size_t i = 0; i < old->nfonts; i++) {
        NB_GROW(k->fonts, k->nfonts, k->capfonts);
        font_rec *r = &k->fonts[k->nfonts++];
        r->f = old->fonts[i];
        r->f.path = nb_xstrdup(old->fonts[i].path);
        r->checked = false;
    }
    return k;
}

void nb_buildkey_free(nb_buildkey *k)
{
    if (!k) return;
    for (size_t i = 0; i < k->nfonts; i++) free(k->fonts[i].f.path);
    free(k->fonts);
    free(k->layouts);
    free(k->fontsets);
    free(k->out);
    pthread_mutex_destroy(&k->lock);
    free(k);
}

static int by_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every file under a folder (relative names), hidden ones excepted. */
typedef struct file_list {
    char **names;
    size_t n, cap;
} file_list;

static void list_one(const char *path, const char *rel, const char *name, void *ctx)
{
    (void)path, (void)name;
    file_list *l = ctx;
    NB_GROW(l->names, l->n, l->cap);
    l->names[l->n++] = nb_xstrdup(rel);
}

/* Called with k->lock held. */
static uint64_t layout_hash(nb_buildkey *k, const nb_layout *l)
{
    for (size_t i = 0; i < k->nlayouts; i++)
        if (k->layouts[i].l == l) return k->layouts[i].hash;
    nb_hash h;
    nb_hash_init(&h, 0);
    nb_hash_str(&h, l->dir);
    file_list list = {0};
    nb_walk(l->dir, 0, list_one, &list);
    char **files = list.names;
    size_t n = list.n;
    if (n) qsort(files, n, sizeof *files, by_str);
    for (size_t i = 0; i < n; i++) {
        char *full = nb_xasprintf("%s/%s", l->dir, files[i]);
        nb_hash_str(&h, files[i]);
        hash_file_into(&h, full);
        free(full);
        free(files[i]);
    }
    free(files);
    NB_GROW(k->layouts, k->nlayouts, k->caplayouts);
    k->layouts[k->nlayouts++] = (layout_memo){l, nb_hash_digest(&h)};
    return k->layouts[k->nlayouts - 1].hash;
}

/* The content hash of a font file: the cached one while the file's
 * identity is unchanged, else read again. Called with k->lock held. */
static void font_file_into(nb_buildkey *k, nb_hash *h, const char *path)
{
    font_rec *r = NULL;
    for (size_t i = 0; i < k->nfonts && !r; i++)
        if (strcmp(k->fonts[i].f.path, path) == 0) r = &k->fonts[i];
    if (!r) {
        NB_GROW(k->fonts, k->nfonts, k->capfonts);
        r = &k->fonts[k->nfonts++];
        memset(r, 0, sizeof *r);
        r->f.path = nb_xstrdup(path);
    }
    if (!r->checked) {
        struct stat st;
        r->checked = true;
        if (stat(path, &st) != 0) {
            r->f.size = 0, r->f.ino = 0, r->f.hash = 0; /* hashed below as unreadable */
        } else if (r->f.hash == 0 || r->f.size != (uint64_t)st.st_size || r->f.mtime_ns != ns(st.st_mtim) ||
                   r->f.ctime_ns != ns(st.st_ctim) || r->f.ino != (uint64_t)st.st_ino ||
                   r->f.dev != (uint64_t)st.st_dev) {
            r->f.size = (uint64_t)st.st_size;
            r->f.mtime_ns = ns(st.st_mtim);
            r->f.ctime_ns = ns(st.st_ctim);
            r->f.ino = (uint64_t)st.st_ino;
            r->f.dev = (uint64_t)st.st_dev;
            if (nb_hash_file(path, &r->f.hash) != 0) r->f.hash = 0;
        }
    }
    nb_hash_u64(h, r->f.hash ? 1 : 2);
    nb_hash_u64(h, r->f.hash);
}

/* Called with k->lock held. */
static uint64_t fonts_hash(nb_buildkey *k, const nb_layout *l, const nb_fontset *fs)
{
    for (size_t i = 0; i < k->nfontsets; i++)
        if (k->fontsets[i].fs == fs) return k->fontsets[i].hash;
    nb_hash h;
    nb_hash_init(&h, 0);
    char *conf = nb_xasprintf("%s/fonts/fonts.conf", nb_project_dir());
    hash_file_into(&h, conf);
    free(conf);
    for (size_t i = 0; i <= l->nfonts; i++) {
        const char *role = i < l->nfonts ? l->fonts[i].name : "fallback";
        const int *chain;
        int n;
        nb_fontset_chain(fs, nb_fontset_role(fs, role), &chain, &n);
        nb_hash_str(&h, role);
        nb_hash_u64(&h, (uint64_t)n);
        for (int c = 0; c < n; c++) nb_hash_u64(&h, (uint64_t)chain[c]);
    }
    int nfaces = nb_fontset_face_count(fs);
    for (int i = 0; i < nfaces; i++) {
        const nb_face *f = nb_fontset_face(fs, i);
        nb_hash_str(&h, f->path);
        nb_hash_u64(&h, (uint64_t)f->index);
        font_file_into(k, &h, f->path);
    }
    NB_GROW(k->fontsets, k->nfontsets, k->capfontsets);
    k->fontsets[k->nfontsets++] = (fonts_memo){fs, nb_hash_digest(&h)};
    return k->fontsets[k->nfontsets - 1].hash;
}

uint64_t nb_buildkey_report(nb_buildkey *k, uint64_t data_hash, const nb_layout *l, nb_fontset *fs)
{
    pthread_mutex_lock(&k->lock);
    uint64_t lh = layout_hash(k, l), fh = fs ? fonts_hash(k, l, fs) : 0;
    pthread_mutex_unlock(&k->lock);
    nb_hash h;
    nb_hash_init(&h, 0);
    nb_hash_u64(&h, k->run);
    nb_hash_u64(&h, data_hash);
    nb_hash_u64(&h, lh);
    nb_hash_u64(&h, fs ? 1 : 0);
    nb_hash_u64(&h, fh);
    return nb_hash_digest(&h);
}

const nb_manifest_font *nb_buildkey_fonts(nb_buildkey *k, size_t *n)
{
    pthread_mutex_lock(&k->lock);
    free(k->out);
    k->out = nb_xcalloc(k->nfonts ? k->nfonts : 1, sizeof *k->out);
    *n = 0;
    for (size_t i = 0; i < k->nfonts; i++)
        if (k->fonts[i].checked && k->fonts[i].f.hash) k->out[(*n)++] = k->fonts[i].f;
    pthread_mutex_unlock(&k->lock);
    return k->out;
}
