/* fonts: font roles → font faces via fontconfig, glyph coverage with a
 * fallback chain, and advance widths from the font's own tables.
 *
 * A fontset is opened once per run and shared by every report of the run.
 * Each role of the layout (fangsong, heiti, …) gets a chain of faces: the
 * faces of its families in the layout's order (with the aliases of
 * fonts/fonts.conf: 仿宋_GB2312 → … → AR PL UMing CN), then the global
 * fallback chain (the layout's role "fallback", else the family
 * "nianbao-fallback" of fonts.conf). A character is drawn from the first
 * face of the chain that really has an outline for it.
 *
 * Only TrueType faces (a glyf table) that may be embedded are accepted:
 * they are what pdf_fonts can subset. Widths are floor(adv*1000/upem) in
 * 1/1000 em, the same integers that pdf_fonts writes into /W. */
#ifndef NB_FONTS_H
#define NB_FONTS_H
#include <stdint.h>
#include <stdio.h>
#include "diag.h"
#include "layout.h"
#include "ttf_subset.h"

/* One font file + face index. Owned by the fontset; read-only for users. */
typedef struct nb_face {
    char *path;            /* absolute file name */
    int index;             /* face index in a .ttc, else 0 */
    char *family, *style;  /* as fontconfig names them (first name) */
    char *psname;          /* PostScript name, sanitised to [A-Za-z0-9_-] */
    int upem;
    /* In 1/1000 em (floored like the widths), for the PDF font descriptor
     * and for line metrics: */
    int ascender, descender;   /* hhea; descender is negative */
    int cap_height;            /* OS/2 sCapHeight, else the ascender */
    int bbox[4];               /* head xMin yMin xMax yMax */
    int italic_angle;          /* post, whole degrees */
    int weight;                /* OS/2 usWeightClass (400 when absent) */
    nb_ttf ttf;                /* the parsed sfnt over the mapped file bytes */
} nb_face;

typedef struct nb_fontset nb_fontset;

/* A glyph chosen for a code point: face index in the fontset, glyph id in
 * that face, advance in 1/1000 em (floor(adv*1000/upem), matches /W). */
typedef struct nb_glyph {
    int face;
    uint16_t gid;
    int32_t adv;
} nb_glyph;

/* Opens the fontset for the layout's roles (l->fonts), reading
 * nb_project_dir()/fonts/fonts.conf. Errors (fonts.conf unreadable, a role
 * none of whose families is installed as a usable TrueType font, a font
 * file that cannot be read or parsed) are pushed to d without a position;
 * returns -1 then (the CLI exits 3). On success *out is the caller's, to
 * free with nb_fontset_free. */
int nb_fontset_open(const nb_layout *l, nb_diag *d, nb_fontset **out);
/* The same with explicit roles and an absolute fonts.conf path (tests). */
int nb_fontset_open_conf(const nb_font_role *roles, size_t nroles, const char *conf_path,
                         nb_diag *d, nb_fontset **out);
void nb_fontset_free(nb_fontset *fs);
/* Unmaps the pages of the font files that lookups and subsets touched
 * (MADV_DONTNEED on the read-only mappings: the page cache keeps them, the
 * next touch maps them again), so that the resident memory of a long run
 * does not grow with every character it ever drew. Thread-safe; glyph
 * lookups and subsets may run meanwhile. */
void nb_fontset_trim(nb_fontset *fs);

/* Index of the role named `role`, or -1. */
int nb_fontset_role(const nb_fontset *fs, const char *role);
/* Number of faces, and face i (0 <= i < count); owned by the fontset. */
int nb_fontset_face_count(const nb_fontset *fs);
const nb_face *nb_fontset_face(const nb_fontset *fs, int face);
/* The role's chain: *faces (owned by the fontset) gets n face indexes,
 * primary first, then the role's other families, then the fallbacks. */
void nb_fontset_chain(const nb_fontset *fs, int role, const int **faces, int *n);

/* The glyph for cp in the role's chain: the first face whose cmap maps cp
 * to a glyph with an outline (contours or components). The fontconfig
 * charset and even the cmap can claim characters whose glyph is empty (AR
 * PL UKai U+4DAE); those are skipped, except for white space and
 * zero-width format characters, which are empty by nature. Returns 0 with
 * *out set, or -1 when no face of the chain covers cp. Cached per face;
 * thread-safe (one lock per fontset). */
int nb_fontset_glyph(nb_fontset *fs, int role, uint32_t cp, nb_glyph *out);
/* The mean width of the white between the strokes of cp's glyph in face
 * (one nb_fontset_glyph gave), in 1/1000 em, at most 1000: how much
 * synthetic bold the glyph takes before its counters fill in. Measured
 * once from the outline (FreeType), then cached; thread-safe. */
int32_t nb_fontset_counter(nb_fontset *fs, int face, uint32_t cp);
/* Whether cp is set in a role's latin role (nb_font_role.latin) when it
 * has one: ASCII, Latin-1 and the Latin Extended blocks but U+00B7. The
 * latin role's own faces come first, then the role's chain (no fallback
 * face comes before the role's own faces). */
bool nb_font_latin_char(uint32_t cp);

/* For `nianbao fonts`: one line per role with its primary face, then one
 * indented line per further face of its chain, then "  latin FACE" for the
 * faces its latin role puts first, then fonts skipped because
 * they cannot be embedded:
 *   fangsong: AR PL UMing CN (Light) /usr/…/uming.ttc:0
 *     then LXGW WenKai (Regular) /usr/…/LXGWWenKai-Regular.ttf:0
 *     latin Liberation Serif (Regular) /usr/…/LiberationSerif-Regular.ttf:0
 *   skipped: Foo (Regular) /usr/…/foo.ttf:0: embedding not permitted */
void nb_fontset_print(const nb_fontset *fs, FILE *out);

#endif
