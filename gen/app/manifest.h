/* manifest: the record `nianbao build` keeps in OUTDIR/.nianbao/manifest:
 * per report its change-detection key and output sizes, and the content
 * hashes of font files cached under their file identity. A text file, one
 * record a line.
 *
 *   nianbao-build-manifest 1
 *   F HASH SIZE MTIME_NS CTIME_NS INODE DEVICE PATH
 *   R KEY PDF_SIZE HTML_SIZE LAYOUT NAME [SUMMARY]
 *
 * Hashes in 16 hex digits; a size is -1 for a format not made; LAYOUT is
 * "-" for the default or "=" and the name asked for; PATH, NAME and LAYOUT
 * have bytes <= 0x20, 0x7F and '%' written as %XX. SUMMARY (the same
 * escaping) is what the dashboard shows of the report (dashboard.h), valid
 * as long as the record's key. A line that does not
 * parse is skipped: a missing record only costs a re-render or a re-hash.
 * build.c writes the file (atomically). */
#ifndef NB_MANIFEST_H
#define NB_MANIFEST_H
#include <stdint.h>
#include "util.h"

/* A font file's content hash and the identity it was computed for. */
typedef struct nb_manifest_font {
    char *path;
    uint64_t hash, size, ino, dev;
    int64_t mtime_ns, ctime_ns;
} nb_manifest_font;

typedef struct nb_manifest_report {
    char *name;    /* the data file's path under SRC without ".yaml" */
    uint64_t key;
    int64_t size[2]; /* bytes of the PDF and the HTML; -1: not made */
    char *layout;  /* the layout asked for; NULL: the default */
    char *summary; /* the dashboard's summary of the report (dashboard.h); NULL: none */
} nb_manifest_report;

typedef struct nb_manifest {
    nb_manifest_font *fonts;
    size_t nfonts, capfonts;
    nb_manifest_report *reports; /* sorted by name after load */
    size_t nreports, capreports;
} nb_manifest;

/* Reads path into m (zeroed first; the caller frees it with
 * nb_manifest_free). A missing file gives an empty manifest. Returns 0, or
 * -1 with errno set when the file exists but cannot be read (m is empty). */
int nb_manifest_load(const char *path, nb_manifest *m);
void nb_manifest_free(nb_manifest *m);

/* The report record named name, or NULL. */
const nb_manifest_report *nb_manifest_find(const nb_manifest *m, const char *name);

/* Appends the text of a manifest holding these records (reports in the
 * order given) to out. Borrowed strings only; nothing is taken. */
void nb_manifest_format(nb_buf *out, const nb_manifest_font *fonts, size_t nfonts,
                        const nb_manifest_report *reports, size_t nreports);

#endif
