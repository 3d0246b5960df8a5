/* ttf_subset: reads TrueType (glyf) sfnt data, plain .ttf or one face of a
 * .ttc, and writes a compact glyph subset for embedding as FontFile2.
 *
 * Why our own: libharu 2.3.0 embeds whole tables (0.25-0.5 MB a font) and
 * drops composite components with gid > 32767 (it reads them as signed).
 * Everything here is bounds-checked against the file, because font files
 * come from the user's system and may be damaged. */
#ifndef NB_TTF_SUBSET_H
#define NB_TTF_SUBSET_H
#include <stddef.h>
#include <stdint.h>
#include "util.h"

#define NB_TTF_TAG(a, b, c, d) \
    ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

/* One parsed face. Points into the caller's bytes, which must outlive it;
 * holds no allocation, so there is nothing to free. */
typedef struct nb_ttf {
    const uint8_t *data;
    size_t len;
    uint32_t dir;            /* offset of the face's table directory */
    uint16_t ntables;
    const uint8_t *head, *hhea, *maxp, *loca, *glyf, *hmtx;
    uint32_t head_len, hhea_len, maxp_len, loca_len, glyf_len, hmtx_len;
    uint16_t num_glyphs;
    uint16_t num_hmetrics;
    int loca_long;           /* head.indexToLocFormat */
} nb_ttf;

/* Parses face `index` of data (a 'ttcf' collection or a single sfnt; index
 * must be 0 for a single sfnt). Fails when a required table (head, hhea,
 * maxp, loca, glyf, hmtx) is missing or out of bounds, e.g. for CFF fonts.
 * On failure returns -1 and, when why is not NULL, a static reason. */
int nb_ttf_open(nb_ttf *t, const uint8_t *data, size_t len, int index, const char **why);

/* Finds a table of the face. Returns 0 with *p and *plen set (pointing into the
 * file), or -1 when absent or out of bounds. */
int nb_ttf_table(const nb_ttf *t, uint32_t tag, const uint8_t **p, uint32_t *plen);

/* What glyph gid holds: 0 empty (no outline), 1 simple, 2 composite,
 * -1 out of range or damaged. */
int nb_ttf_glyph_kind(const nb_ttf *t, uint16_t gid);

/* Advance width of gid in font units (hmtx; the last long metric repeats). */
uint16_t nb_ttf_advance(const nb_ttf *t, uint16_t gid);

/* A subset: the font bytes and the old gid of every new gid (sorted
 * ascending, so new gid = position; old_gids[0] == 0, the .notdef). */
typedef struct nb_ttf_subset_out {
    nb_buf font;
    uint16_t *old_gids;
    size_t nglyphs;
} nb_ttf_subset_out;

/* Builds a subset holding .notdef, every gid of gids[0..n) (any order,
 * duplicates fine) and, recursively, every component of a composite.
 * Glyphs are renumbered compactly in ascending old-gid order and component
 * references rewritten. Writes head, hhea, maxp, loca (long), glyf, hmtx,
 * the hinting tables cvt/fpgm/prep when present, OS/2 when present, a
 * one-segment cmap and a format 3 post (cheap; some tools want them).
 * The output depends only on the input bytes and the gid set.
 * Returns 0, or -1 (a gid out of range or a damaged glyph) with a static
 * reason in *why. The caller frees out with nb_ttf_subset_free. */
int nb_ttf_subset(const nb_ttf *t, const uint16_t *gids, size_t n, nb_ttf_subset_out *out,
                  const char **why);
/* New gid of old gid g in the subset, or -1 when it is not there. */
int nb_ttf_subset_gid(const nb_ttf_subset_out *s, uint16_t g);
void nb_ttf_subset_free(nb_ttf_subset_out *s);

#endif
