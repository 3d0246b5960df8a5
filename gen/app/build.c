/* build: `nianbao build SRC -o OUTDIR`: every *.yaml under SRC becomes
 * OUTDIR/REL.pdf and OUTDIR/REL.html (REL: its path under SRC without
 * ".yaml"). N threads render at once with one session, so the layouts are
 * parsed and the fonts opened once per run (pipeline.h).
 *
 * Change detection: a report is up to date when its key (buildkey.h: data,
 * layout files, font files, program, settings) equals the one recorded in
 * OUTDIR/.nianbao/manifest (manifest.h) and its outputs are there with the
 * recorded sizes.
 *
 * Interruption: an output is replaced in one atomic step (replace.h), so
 * it is always the old or the new complete file. Before any output is
 * replaced, the manifest is rewritten without the records of the reports
 * about to be rendered; a report's record comes back (the manifest is
 * rewritten at most every 100 ms, and at the end) only after all its
 * outputs are in place. A build killed at any moment thus leaves records
 * only for reports whose outputs match them; the next build renders the
 * others and deletes any temporary file left behind. SIGINT and SIGTERM
 * let the reports under way finish, write the manifest and exit 128 + the
 * signal.
 *
 * Files are not fsync'ed one by one (two fsyncs cost more than rendering
 * the report); the outputs are flushed with one syncfs before the final
 * manifest. After a power cut, an output lost with the page cache has a
 * size other than the recorded one, and is rendered again. */
#define _GNU_SOURCE /* syncfs */
#include "build.h"
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "buildkey.h"
#include "dashboard.h"
#include "hash.h"
#include "manifest.h"
#include "pipeline.h"
#include "replace.h"
#include "util.h"
#include "walk.h"
#include "years.h"

enum { PDF, HTML, NFMT };
static const char *const EXT[NFMT] = {"pdf", "html"};

typedef enum { TODO, UP_TO_DATE, RENDERED, FAILED } report_state;

typedef struct report {
    char *path;  /* SRC/REL.yaml: diagnostics name it as the user wrote SRC */
    char *name;  /* REL */
    char *out[NFMT]; /* OUTDIR/REL.pdf, OUTDIR/REL.html; NULL: format not made */
    uint64_t data_hash;
    bool data_ok;    /* data_hash is the hash of the file's bytes (and of its year-before file's) */
    const char *previous; /* the agency's year−1 file in the tree (checked against it), or NULL */
    bool has_rec;
    nb_manifest_report rec; /* owns name and layout strings when has_rec */
    report_state state;
} report;

typedef struct build {
    const nb_build_opts *o;
    bool fmt[NFMT];
    char *src, *outdir, *meta, *manifest_path;
    nb_session *s;
    nb_buildkey *keys;
    nb_replacer *out; /* writes outputs and the manifest */
    report *r;
    size_t n, cap;
    size_t *todo;
    size_t ntodo, next;
    nb_manifest_report *orphans; /* records kept for outputs whose data is gone */
    size_t norphans;
    pthread_mutex_t lock;  /* records, counters, stderr */
    pthread_mutex_t flush; /* manifest writes, one at a time and in order */
    struct timespec last_flush;
    size_t done, rendered, failed;
    size_t missing; /* warnings about the tree printed (缺报, two files of one agency and year) */
    nb_year_gap *gaps; /* 缺报: agencies owned */
    size_t ngaps;
    int worst;
    bool tty, progress_shown;
} build;

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig) { stop_signal = sig; }

/* ---- files ------------------------------------------------------------- */

static int mkdir_p(const char *path)
{
    char *p = nb_xstrdup(path);
    int rc = 0;
    for (char *s = p + 1; rc == 0; s++) {
        if (*s != '/' && *s) continue;
        char c = *s;
        *s = 0;
        if (mkdir(p, 0755) != 0 && errno != EEXIST) rc = -1;
        else if (c == 0) {
            struct stat st;
            if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
                if (!errno) errno = ENOTDIR;
                rc = -1;
            }
        }
        *s = c;
        if (!c) break;
    }
    free(p);
    return rc;
}

static void add_report(build *b, const char *path, const char *rel)
{
    NB_GROW(b->r, b->n, b->cap);
    report *r = &b->r[b->n++];
    memset(r, 0, sizeof *r);
    r->path = nb_xstrdup(path);
    r->name = nb_xstrndup(rel, strlen(rel) - 5);
    for (int f = 0; f < NFMT; f++)
        if (b->fmt[f]) r->out[f] = nb_xasprintf("%s/%s.%s", b->outdir, r->name, EXT[f]);
}

/* Every *.yaml under SRC (rel: its path under SRC), hidden entries skipped. */
static void collect_one(const char *path, const char *rel, const char *name, void *ctx)
{
    size_t n = strlen(name);
    if (n > 5 && strcmp(name + n - 5, ".yaml") == 0) add_report(ctx, path, rel);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const report *)a)->name, ((const report *)b)->name);
}

/* ---- manifest ---------------------------------------------------------- */

static double seconds(struct timespec t) { return (double)t.tv_sec + (double)t.tv_nsec / 1e9; }

/* Writes the manifest: the records held now, the orphans', the font cache. */
static int save_manifest(build *b)
{
    pthread_mutex_lock(&b->flush);
    pthread_mutex_lock(&b->lock);
    size_t nrec = 0;
    nb_manifest_report *recs = nb_xcalloc(b->n + b->norphans + 1, sizeof *recs);
    for (size_t i = 0; i < b->n; i++)
        if (b->r[i].has_rec) recs[nrec++] = b->r[i].rec;
    for (size_t i = 0; i < b->norphans; i++) recs[nrec++] = b->orphans[i];
    size_t nfonts;
    const nb_manifest_font *fonts = nb_buildkey_fonts(b->keys, &nfonts);
    nb_buf text;
    nb_buf_init(&text);
    nb_manifest_format(&text, fonts, nfonts, recs, nrec);
    clock_gettime(CLOCK_MONOTONIC, &b->last_flush);
    pthread_mutex_unlock(&b->lock);
    free(recs);
    int rc = nb_replacer_write(b->out, b->manifest_path, text.data, text.len);
    if (rc != 0) fprintf(stderr, "nianbao: warning: cannot write %s: %s\n", b->manifest_path, strerror(errno));
    nb_buf_free(&text);
    pthread_mutex_unlock(&b->flush);
    return rc;
}

static void free_record(nb_manifest_report *r)
{
    free(r->name);
    free(r->layout);
    free(r->summary);
}

static void copy_record(nb_manifest_report *to, const nb_manifest_report *from)
{
    *to = *from;
    to->name = nb_xstrdup(from->name);
    to->layout = from->layout ? nb_xstrdup(from->layout) : NULL;
    to->summary = from->summary ? nb_xstrdup(from->summary) : NULL;
}

/* The outputs are there with the sizes of the record (-1: not made). */
static bool outputs_match(const report *r, const nb_manifest_report *rec)
{
    for (int f = 0; f < NFMT; f++) {
        if (!r->out[f]) {
            if (rec->size[f] != -1) return false;
            continue;
        }
        struct stat st;
        if (rec->size[f] < 0 || stat(r->out[f], &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != rec->size[f])
            return false;
    }
    return true;
}

/* Hashes every data file; pairs each report with its agency's year-before
 * file, whose bytes join its key (a changed carry-over source re-checks it). */
static void pair_years(build *b)
{
    nb_year_entry *e = nb_xcalloc(b->n + 1, sizeof *e);
    for (size_t i = 0; i < b->n; i++) {
        /* one read of each file: its hash, and its agency and year */
        char *text;
        size_t len;
        e[i].path = b->r[i].path;
        if (nb_read_file(b->r[i].path, (size_t)1 << 30, &text, &len) == 0) {
            b->r[i].data_hash = nb_hash64(text, len, 0); /* = nb_hash_file's */
            b->r[i].data_ok = true;
            nb_years_read(&e[i], text, len);
            free(text);
        } else {
            b->r[i].data_ok = nb_hash_file(b->r[i].path, &b->r[i].data_hash) == 0;
        }
    }
    nb_years_pair(e, b->n);
    nb_year_gap *gaps;
    b->missing = nb_years_missing(e, b->n, stderr, &gaps, &b->ngaps);
    b->gaps = nb_xcalloc(b->ngaps + 1, sizeof *b->gaps);
    for (size_t i = 0; i < b->ngaps; i++) /* the entries' agency strings go with them */
        b->gaps[i] = (nb_year_gap){nb_xstrdup(gaps[i].agency), gaps[i].year, gaps[i].last_path};
    free(gaps);
    for (size_t i = 0; i < b->n; i++) {
        if (e[i].previous < 0) continue;
        report *r = &b->r[i], *last = &b->r[e[i].previous];
        nb_hash h;
        nb_hash_init(&h, r->data_hash);
        nb_hash_u64(&h, last->data_hash);
        r->data_hash = nb_hash_digest(&h);
        r->data_ok = r->data_ok && last->data_ok;
        r->previous = last->path;
    }
    nb_years_free(e, b->n);
}

/* Decides whether r is up to date; if so takes over its record. */
static void check_report(build *b, report *r, const nb_manifest *old, FILE *quiet)
{
    const nb_manifest_report *rec = nb_manifest_find(old, r->name);
    if (b->o->force || !rec || !r->data_ok || !outputs_match(r, rec)) return;
    /* another --layout: another key anyway, no need to load the old one */
    const char *want = b->o->layout;
    if (want && (!rec->layout || strcmp(rec->layout, want) != 0)) return;
    nb_fontset *fs = NULL;
    const nb_layout *l = nb_session_layout(b->s, rec->layout, b->fmt[PDF], &fs, quiet);
    if (!l || nb_buildkey_report(b->keys, r->data_hash, l, b->fmt[PDF] ? fs : NULL) != rec->key) return;
    copy_record(&r->rec, rec);
    r->has_rec = true;
    r->state = UP_TO_DATE;
}

/* Old records whose data file is gone but some output is still there: kept
 * (so they are reported on every build until the outputs are removed). */
static void find_orphans(build *b, const nb_manifest *old)
{
    b->orphans = nb_xcalloc(old->nreports + 1, sizeof *b->orphans);
    for (size_t i = 0; i < old->nreports; i++) {
        const nb_manifest_report *rec = &old->reports[i];
        report key = {.name = rec->name};
        if (b->n && bsearch(&key, b->r, b->n, sizeof *b->r, by_name)) continue;
        bool any = false;
        for (int f = 0; f < NFMT && !any; f++) {
            char *p = nb_xasprintf("%s/%s.%s", b->outdir, rec->name, EXT[f]);
            any = access(p, F_OK) == 0;
            free(p);
        }
        if (any) copy_record(&b->orphans[b->norphans++], rec);
    }
}

static void report_orphans(build *b)
{
    for (size_t i = 0; i < b->norphans; i++) {
        const nb_manifest_report *rec = &b->orphans[i];
        nb_buf outs;
        nb_buf_init(&outs);
        for (int f = 0; f < NFMT; f++) {
            char *p = nb_xasprintf("%s/%s.%s", b->outdir, rec->name, EXT[f]);
            if (access(p, F_OK) == 0) nb_buf_printf(&outs, "%s%s", outs.len ? ", " : "", p);
            free(p);
        }
        if (outs.len)
            fprintf(stderr, "nianbao: warning: %s: data file %s/%s.yaml no longer exists (output kept)\n",
                    outs.data, b->src, rec->name);
        nb_buf_free(&outs);
    }
}

/* The reports' summaries for the dashboard, on jobs threads (an atomic
 * counter hands out reports; the session is shared as by the renders). */
typedef struct summarizing {
    build *b;
    nb_report_summary *sums;
    const size_t *todo; /* the reports to check: those without a summary kept in the manifest */
    size_t ntodo, next;
} summarizing;

static void *summarize_some(void *arg)
{
    summarizing *z = arg;
    for (size_t k; (k = __atomic_fetch_add(&z->next, 1, __ATOMIC_RELAXED)) < z->ntodo;) {
        size_t i = z->todo[k];
        nb_summarize_file(z->b->s, z->b->r[i].path, z->b->r[i].previous, &z->sums[i]);
        nb_dash_summary_strip(&z->sums[i], z->b->r[i].path);
    }
    return NULL;
}

static void summarize_all(build *b, nb_report_summary *sums, const size_t *todo, size_t ntodo, int jobs)
{
    summarizing z = {b, sums, todo, ntodo, 0};
    if ((size_t)jobs > ntodo) jobs = (int)ntodo;
    pthread_t *t = nb_xcalloc((size_t)(jobs > 0 ? jobs : 1), sizeof *t);
    int started = 0;
    for (; jobs > 1 && started < jobs; started++)
        if (pthread_create(&t[started], NULL, summarize_some, &z) != 0) break;
    summarize_some(&z); /* this thread helps, and does it all when none started */
    for (int i = 0; i < started; i++) pthread_join(t[i], NULL);
    free(t);
}

/* OUTDIR/index.html (dashboard.h): every report checked once more, its
 * messages kept, so reports that were up to date show their state too. */
static void write_dashboard(build *b, int jobs)
{
    char *path = nb_xasprintf("%s/index.html", b->outdir);
    for (size_t i = 0; i < b->n; i++)
        if (b->r[i].out[HTML] && strcmp(b->r[i].out[HTML], path) == 0) {
            fprintf(stderr, "nianbao: warning: %s is the page of %s: no dashboard written\n", path, b->r[i].path);
            free(path);
            return;
        }
    size_t n = b->n + b->ngaps;
    nb_report_summary *sums = nb_xcalloc(n + 1, sizeof *sums);
    nb_dash_entry *e = nb_xcalloc(n + 1, sizeof *e);
    char **links = nb_xcalloc(2 * b->n + 1, sizeof *links);
    /* an up-to-date report's summary is the one its record keeps (same key: same data,
     * layout, program); the others are checked again, and their records keep the new one */
    size_t *todo = nb_xcalloc(b->n + 1, sizeof *todo), ntodo = 0;
    FILE *quiet = fopen("/dev/null", "w");
    for (size_t i = 0; i < b->n; i++) {
        report *r = &b->r[i];
        bool kept = false;
        if (r->state == UP_TO_DATE && r->has_rec && r->rec.summary &&
            nb_dash_summary_unpack(r->rec.summary, &sums[i]) == 0) {
            const nb_layout *l = nb_session_layout(b->s, r->rec.layout, false, NULL, quiet ? quiet : stderr);
            kept = l && sums[i].nfigures == l->form.dashboard.nfigures;
            if (kept) sums[i].form = &l->form;
            else nb_report_summary_free(&sums[i]), memset(&sums[i], 0, sizeof sums[i]);
        }
        if (!kept) todo[ntodo++] = i;
    }
    if (quiet) fclose(quiet);
    summarize_all(b, sums, todo, ntodo, jobs);
    for (size_t k = 0; k < ntodo; k++) {
        report *r = &b->r[todo[k]];
        if (!r->has_rec || !sums[todo[k]].form) continue;
        free(r->rec.summary);
        r->rec.summary = nb_dash_summary_pack(&sums[todo[k]]);
    }
    if (ntodo) save_manifest(b);
    free(todo);
    for (size_t i = 0; i < b->n; i++) {
        report *r = &b->r[i];
        e[i] = (nb_dash_entry){.name = r->name, .failed = r->state == FAILED, .sum = &sums[i]};
        for (int f = 0; f < NFMT; f++)
            /* rendered or up to date: its outputs are there (checked); a failed one may keep old ones */
            if (r->out[f] && (r->state != FAILED || access(r->out[f], F_OK) == 0))
                links[2 * i + (size_t)f] = nb_xasprintf("%s.%s", r->name, EXT[f]);
        e[i].pdf = links[2 * i + PDF];
        e[i].html = links[2 * i + HTML];
    }
    for (size_t k = 0; k < b->ngaps; k++) { /* 缺报: a row in the year missing, its form last year's */
        size_t i = b->n + k;
        for (size_t j = 0; j < b->n; j++)
            if (strcmp(b->r[j].path, b->gaps[k].last_path) == 0) sums[i].form = sums[j].form;
        sums[i].agency = nb_xstrdup(b->gaps[k].agency);
        sums[i].year = b->gaps[k].year;
        e[i] = (nb_dash_entry){.name = "", .missing = true, .sum = &sums[i]};
        for (size_t j = 0; j < b->n; j++) /* named by last year's report, as the rows are */
            if (strcmp(b->r[j].path, b->gaps[k].last_path) == 0) e[i].name = b->r[j].name;
    }
    nb_buf page;
    nb_buf_init(&page);
    nb_dashboard_html(e, n, &page);
    if (nb_replacer_write(b->out, path, page.data, page.len) != 0)
        fprintf(stderr, "nianbao: error: cannot write %s: %s\n", path, strerror(errno));
    nb_buf_free(&page);
    for (size_t i = 0; i < n; i++) nb_report_summary_free(&sums[i]);
    for (size_t i = 0; i < 2 * b->n; i++) free(links[i]);
    free(links);
    free(sums);
    free(e);
    free(path);
}

/* ---- workers ----------------------------------------------------------- */

static void clear_progress(build *b)
{
    if (b->progress_shown) fputs("\r\033[K", stderr);
    b->progress_shown = false;
}

/* Called with b->lock held. The line must not wrap, or \r cannot rewrite
 * it: a name too long for the terminal shows as "…" and its end. */
static void show_progress(build *b, const report *r)
{
    if (!b->tty) return;
    char head[64];
    int n = snprintf(head, sizeof head, "[%zu/%zu] ", b->done, b->ntodo);
    struct winsize ws;
    int cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
    int room = cols - n - 1;
    const char *name = r->name, *end = name + strlen(name);
    /* display width from the end: ASCII one column, anything else two */
    int width = 0;
    const char *from = end;
    while (from > name) {
        const char *p = from - 1;
        while (p > name && ((unsigned char)*p & 0xC0) == 0x80) p--;
        int w = (unsigned char)*p < 0x80 ? 1 : 2;
        if (width + w > room - (p > name ? 1 : 0)) break;
        width += w;
        from = p;
    }
    fprintf(stderr, "\r%s%s%s\033[K", head, from > name ? "…" : "", from);
    b->progress_shown = true;
}

/* Renders one report into memory, writes its outputs, records it. */
static void run_one(build *b, report *r, nb_buf *bufs)
{
    char *msg = NULL;
    size_t msglen = 0;
    FILE *err = open_memstream(&msg, &msglen);
    if (!err) {
        nb_oom();
    }
    const char *outs[NFMT];
    size_t nouts = 0;
    for (int f = 0; f < NFMT; f++)
        if (r->out[f]) outs[nouts++] = r->out[f];
    nb_render_used used;
    nb_render_opts ro = {.outputs = outs, .noutputs = nouts, .into = bufs, .used = &used, .previous = r->previous};
    int rc = nb_render_file(b->s, r->path, &ro, err);
    nb_manifest_report rec = {.size = {-1, -1}};
    for (size_t i = 0; i < nouts && rc == 0; i++) {
        if (nb_replacer_write(b->out, outs[i], bufs[i].data, bufs[i].len) != 0) {
            fprintf(err, "nianbao: error: cannot write %s: %s\n", outs[i], strerror(errno));
            rc = NB_EXIT_ENV;
        }
        rec.size[strcmp(nb_output_format(outs[i]), "pdf") == 0 ? PDF : HTML] = (int64_t)bufs[i].len;
    }
    /* A file that could not be hashed gets no record: rendered again next time. */
    bool record = rc == 0 && r->data_ok;
    if (record) {
        rec.key = nb_buildkey_report(b->keys, r->data_hash, used.layout, used.fonts);
        rec.name = nb_xstrdup(r->name);
        rec.layout = used.layout_name; /* taken over */
        used.layout_name = NULL;
    }
    free(used.layout_name);
    fclose(err);

    pthread_mutex_lock(&b->lock);
    b->done++;
    if (rc == 0) {
        r->state = RENDERED;
        b->rendered++;
        if (record) {
            r->rec = rec;
            r->has_rec = true;
        }
    } else {
        r->state = FAILED;
        b->failed++;
        if (rc > b->worst) b->worst = rc;
    }
    if (msglen) {
        clear_progress(b);
        fwrite(msg, 1, msglen, stderr);
    }
    show_progress(b, r);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    bool flush = record && seconds(now) - seconds(b->last_flush) >= 0.1;
    /* Every 32 reports: the font pages touched so far out of the resident
     * set (300 varied reports: 33 MB at -j2 without, 29.5 MB with; no
     * measurable time), so memory does not grow with the batch. */
    bool trim = used.fonts && b->done % 32 == 0;
    pthread_mutex_unlock(&b->lock);
    free(msg);
    if (trim) nb_fontset_trim(used.fonts);
    if (flush) save_manifest(b);
}

static void *worker(void *arg)
{
    build *b = arg;
    nb_buf bufs[NFMT];
    for (int f = 0; f < NFMT; f++) nb_buf_init(&bufs[f]);
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t i = stop_signal ? b->ntodo : b->next;
        if (i < b->ntodo) b->next++;
        pthread_mutex_unlock(&b->lock);
        if (i >= b->ntodo) break;
        run_one(b, &b->r[b->todo[i]], bufs);
    }
    for (int f = 0; f < NFMT; f++) nb_buf_free(&bufs[f]);
    return NULL;
}

/* ---- the command ------------------------------------------------------- */

static int parse_formats(const char *s, bool fmt[NFMT])
{
    if (!s) {
        fmt[PDF] = fmt[HTML] = true;
        return 0;
    }
    fmt[PDF] = fmt[HTML] = false;
    char *copy = nb_xstrdup(s), *save = NULL;
    int rc = 0;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (strcmp(t, "pdf") == 0) fmt[PDF] = true;
        else if (strcmp(t, "html") == 0) fmt[HTML] = true;
        else {
            fprintf(stderr, "nianbao: error: unknown format '%s' in --formats (use pdf, html)\n", t);
            rc = -1;
        }
    }
    free(copy);
    if (rc == 0 && !fmt[PDF] && !fmt[HTML]) {
        fprintf(stderr, "nianbao: error: --formats names no format (use pdf, html)\n");
        rc = -1;
    }
    return rc;
}

static char *strip_slashes(const char *p)
{
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/') n--;
    return nb_xstrndup(p, n);
}

static int jobs_default(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* Renders the reports of b->todo on `jobs` threads (the calling one for 1). */
static void run_all(build *b, int jobs)
{
    if ((size_t)jobs > b->ntodo) jobs = (int)b->ntodo;
    if (jobs <= 1) {
        if (b->ntodo) worker(b);
        return;
    }
    pthread_t *t = nb_xcalloc((size_t)jobs, sizeof *t);
    int started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&t[started], NULL, worker, b) != 0) break;
    if (!started) worker(b);
    for (int i = 0; i < started; i++) pthread_join(t[i], NULL);
    free(t);
}

/* Takes OUTDIR/.nianbao/lock for the whole build (released by the kernel
 * however the process ends). Returns the descriptor, or -1 (printed). */
static int lock_outdir(build *b)
{
    char *path = nb_xasprintf("%s/lock", b->meta);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "nianbao: error: cannot create %s: %s\n", path, strerror(errno));
    } else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            fprintf(stderr, "nianbao: error: another nianbao build is writing into %s\n", b->outdir);
        else
            fprintf(stderr, "nianbao: error: cannot lock %s: %s\n", path, strerror(errno));
        close(fd);
        fd = -1;
    }
    free(path);
    return fd;
}

static void free_build(build *b)
{
    for (size_t i = 0; i < b->n; i++) {
        report *r = &b->r[i];
        free(r->path);
        free(r->name);
        for (int f = 0; f < NFMT; f++) free(r->out[f]);
        if (r->has_rec) free_record(&r->rec);
    }
    free(b->r);
    for (size_t i = 0; i < b->ngaps; i++) free((char *)b->gaps[i].agency);
    free(b->gaps);
    for (size_t i = 0; i < b->norphans; i++) free_record(&b->orphans[i]);
    free(b->orphans);
    free(b->todo);
    nb_buildkey_free(b->keys);
    nb_replacer_free(b->out);
    nb_session_free(b->s);
    free(b->src);
    free(b->outdir);
    free(b->meta);
    free(b->manifest_path);
    pthread_mutex_destroy(&b->lock);
    pthread_mutex_destroy(&b->flush);
}

int nb_build(const nb_build_opts *o)
{
    build b;
    memset(&b, 0, sizeof b);
    b.o = o;
    pthread_mutex_init(&b.lock, NULL);
    pthread_mutex_init(&b.flush, NULL);
    b.src = strip_slashes(o->src);
    b.outdir = strip_slashes(o->outdir);
    b.meta = nb_xasprintf("%s/.nianbao", b.outdir);
    b.manifest_path = nb_xasprintf("%s/manifest", b.meta);
    int rc = NB_EXIT_OK, lockfd = -1;
    struct stat st;
    if (stat(b.src, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "nianbao: error: %s is not a folder\n", o->src);
        rc = NB_EXIT_USAGE;
        goto out;
    }
    if (parse_formats(o->formats, b.fmt) != 0) {
        rc = NB_EXIT_USAGE;
        goto out;
    }
    if (mkdir_p(b.outdir) != 0 || mkdir_p(b.meta) != 0) {
        fprintf(stderr, "nianbao: error: cannot create %s: %s\n", b.meta, strerror(errno));
        rc = NB_EXIT_ENV;
        goto out;
    }
    if ((lockfd = lock_outdir(&b)) < 0) {
        rc = NB_EXIT_ENV;
        goto out;
    }

    /* Each report allocates and frees a few MB; by default glibc hands
     * blocks of 128 KB and more back to the kernel at once and trims the
     * heap on free, so every report paid page faults again (7% of its time). */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);

    /* Work done once: the layout and its fonts, before any thread starts. */
    b.s = nb_session_new(o->layout);
    nb_session_set_strict(b.s, o->strict);
    nb_fontset *fs = NULL;
    if (!nb_session_layout(b.s, o->layout, b.fmt[PDF], &fs, stderr)) {
        rc = NB_EXIT_ENV;
        goto out;
    }
    nb_manifest old;
    if (nb_manifest_load(b.manifest_path, &old) != 0)
        fprintf(stderr, "nianbao: warning: cannot read %s: %s (rendering everything)\n", b.manifest_path,
                strerror(errno));
    b.keys = nb_buildkey_new(b.fmt[PDF], b.fmt[HTML], o->strict, o->layout, &old);

    nb_walk(b.src, 0, collect_one, &b);
    if (b.n) qsort(b.r, b.n, sizeof *b.r, by_name);
    nb_replacer_clear_temps(b.outdir);
    char *spares = nb_xasprintf("%s/spare", b.meta);
    b.out = nb_replacer_new(spares);
    free(spares);
    pair_years(&b);
    FILE *quiet = fopen("/dev/null", "w");
    b.todo = nb_xcalloc(b.n + 1, sizeof *b.todo);
    for (size_t i = 0; i < b.n; i++) {
        check_report(&b, &b.r[i], &old, quiet ? quiet : stderr);
        if (b.r[i].state == TODO) b.todo[b.ntodo++] = i;
    }
    if (quiet) fclose(quiet);
    find_orphans(&b, &old);
    nb_manifest_free(&old);
    /* Records of the reports about to be rendered go before any output does. */
    save_manifest(&b);
    for (size_t i = 0; i < b.ntodo; i++) {
        report *r = &b.r[b.todo[i]];
        char *slash = strrchr(r->name, '/');
        if (!slash) continue;
        char *dir = nb_xasprintf("%s/%.*s", b.outdir, (int)(slash - r->name), r->name);
        mkdir_p(dir); /* a failure shows when the output is written */
        free(dir);
    }

    stop_signal = 0;
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    b.tty = isatty(STDERR_FILENO);
    run_all(&b, o->jobs > 0 ? o->jobs : jobs_default());
    clear_progress(&b);
    if (b.rendered) syncfs(lockfd);
    save_manifest(&b);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);

    report_orphans(&b);
    if (!stop_signal) write_dashboard(&b, o->jobs > 0 ? o->jobs : jobs_default());
    size_t uptodate = 0;
    for (size_t i = 0; i < b.n; i++) uptodate += b.r[i].state == UP_TO_DATE;
    size_t warnings = nb_session_warnings(b.s) + b.missing;
    char counted[48] = "";
    if (warnings) snprintf(counted, sizeof counted, ", %zu warning%s", warnings, warnings == 1 ? "" : "s");
    fprintf(stderr, "nianbao: %s%zu rendered, %zu up to date, %zu failed%s\n", stop_signal ? "interrupted: " : "",
            b.rendered, uptodate, b.failed, counted);
    if (stop_signal) rc = 128 + stop_signal;
    else if (b.failed) rc = b.worst == NB_EXIT_ENV ? NB_EXIT_ENV : NB_EXIT_DATA;
    else if (o->strict && b.missing) rc = NB_EXIT_DATA; /* 缺报 blocks no report, but is a warning made an error */
out:
    if (lockfd >= 0) close(lockfd);
    free_build(&b);
    return rc;
}
