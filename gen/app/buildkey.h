/* buildkey: the change-detection keys of `nianbao build`. A report's key is
 * XXH64 over everything its outputs depend on:
 *   - the program: the bytes of /proc/self/exe, and the path, size, mtime
 *     and inode of every shared library loaded (libharu, FreeType, …);
 *   - the run's settings: formats, --layout, SOURCE_DATE_EPOCH;
 *   - the data file's bytes (the caller hashes them);
 *   - the layout: its folder and the bytes of every file in it;
 *   - with a PDF, the fonts: fonts/fonts.conf's bytes, each role's chain,
 *     and the path, face index and bytes of every face of the fontset (all
 *     font files the layout's roles resolve to, fallbacks included: a face
 *     earlier in a chain that gains a character changes the output too).
 * Font files are 15-50 MB: the hash of their bytes is computed once and
 * cached (in the manifest) under the file's size, mtime, ctime, inode and
 * device, and computed again when any of those changes. */
#ifndef NB_BUILDKEY_H
#define NB_BUILDKEY_H
#include <stdbool.h>
#include <stdint.h>
#include "fonts.h"
#include "layout.h"
#include "manifest.h"

typedef struct nb_buildkey nb_buildkey;

/* Starts a run: hashes the program. pdf/html: the formats made; layout:
 * --layout or NULL. The font hashes cached in old are copied. The caller
 * frees the result with nb_buildkey_free. */
nb_buildkey *nb_buildkey_new(bool pdf, bool html, bool strict, const char *layout, const nb_manifest *old);
void nb_buildkey_free(nb_buildkey *k);

/* The key of a report whose data bytes hash to data_hash, rendered with
 * layout l and (for a PDF) fontset fs, both from the run's session; fs is
 * NULL without a PDF. Layout and font hashes are computed once per run.
 * Thread-safe. */
uint64_t nb_buildkey_report(nb_buildkey *k, uint64_t data_hash, const nb_layout *l, nb_fontset *fs);

/* The font records of the fonts keyed in this run, for the manifest
 * (owned by k, valid until the next call or nb_buildkey_free). */
const nb_manifest_font *nb_buildkey_fonts(nb_buildkey *k, size_t *n);

#endif
