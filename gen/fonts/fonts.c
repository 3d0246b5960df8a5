/* fonts: see fonts.h. */
#include "fonts.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_OUTLINE_H
#include <math.h>
#include "util.h"

/* Per-face cache entry: key = cp + 1 (0 = free slot); gid 0 = not covered;
 * counter -1 = not measured yet. */
typedef struct cache_ent {
    uint32_t key;
    uint16_t gid;
    int32_t adv;
    int32_t counter;
} cache_ent;

typedef struct face_rec {
    nb_face pub;
    void *map;
    size_t maplen;
    FT_Face ft;
    cache_ent *cache;
    uint32_t cache_cap, cache_n; /* cap is a power of two */
} face_rec;

typedef struct role_rec {
    char *name;
    int *chain;
    int nchain, capchain;
    int nown;      /* the first nown faces are the role's own, the rest fallbacks */
    int *latin;    /* for Latin characters: the latin role's own faces, then chain */
    int nlatin, caplatin;
} role_rec;

/* What one family name resolved to during open: a face, or nothing. */
typedef struct family_memo {
    char *family;
    int face; /* -1: not installed or not usable */
} family_memo;

struct nb_fontset {
    FcConfig *fc;
    FT_Library ft;
    face_rec **faces;
    int nfaces, capfaces;
    role_rec *roles;
    size_t nroles;
    char **skipped; /* lines for nb_fontset_print */
    size_t nskipped, capskipped;
    family_memo *memo;
    size_t nmemo, capmemo;
    pthread_mutex_t lock;
};

static const nb_mark NOPOS = {0, 0};

/* fontconfig compares family names ignoring case and blanks; so do we when
 * checking that a match really is the family asked for. */
static bool same_family(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ') a++;
        while (*b == ' ') b++;
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return false;
        if (!x) return true;
        a++, b++;
    }
}

/* v font units → 1/1000 em, floored (as the widths in /W). */
static int em1000(long v, int upem)
{
    long n = v * 1000;
    long q = n / upem;
    if (n % upem != 0 && n < 0) q--;
    return (int)q;
}

static char *sanitize_psname(const char *s)
{
    nb_buf b;
    nb_buf_init(&b);
    for (; s && *s; s++) {
        char c = *s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
            nb_buf_putc(&b, c);
    }
    if (b.len == 0) nb_buf_puts(&b, "NianbaoFont");
    if (b.len > 100) b.data[b.len = 100] = 0; /* PDF names are limited to 127 bytes */
    return nb_buf_take(&b);
}

static void add_skipped(nb_fontset *fs, const char *family, const char *style, const char *path, int index,
                        const char *why)
{
    char *line = nb_xasprintf("%s (%s) %s:%d: %s", family, style, path, index, why);
    for (size_t i = 0; i < fs->nskipped; i++)
        if (strcmp(fs->skipped[i], line) == 0) {
            free(line);
            return;
        }
    NB_GROW(fs->skipped, fs->nskipped, fs->capskipped);
    fs->skipped[fs->nskipped++] = line;
}

static void free_face(face_rec *f)
{
    if (f->ft) FT_Done_Face(f->ft);
    if (f->map) munmap(f->map, f->maplen);
    free(f->pub.path);
    free(f->pub.family);
    free(f->pub.style);
    free(f->pub.psname);
    free(f->cache);
    free(f);
}

/* Loads file:index as a face. Returns its index; -1 when the face is not
 * usable for us (recorded as skipped); -2 on an error (pushed to d). */
static int load_face(nb_fontset *fs, const char *path, int index, const char *family, const char *style,
                     nb_diag *d)
{
    for (int i = 0; i < fs->nfaces; i++)
        if (fs->faces[i]->pub.index == index && strcmp(fs->faces[i]->pub.path, path) == 0) return i;

    face_rec *f = nb_xcalloc(1, sizeof *f);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        nb_diag_error(d, NOPOS, "cannot read font file %s: %s", path, strerror(errno));
        if (fd >= 0) close(fd);
        free(f);
        return -2;
    }
    f->maplen = (size_t)st.st_size;
    f->map = f->maplen ? mmap(NULL, f->maplen, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    int err = errno;
    close(fd);
    if (f->map == MAP_FAILED) {
        f->map = NULL;
        nb_diag_error(d, NOPOS, "cannot read font file %s: %s", path,
                      f->maplen ? strerror(err) : "empty file");
        free_face(f);
        return -2;
    }
    f->pub.path = nb_xstrdup(path);
    f->pub.index = index;
    f->pub.family = nb_xstrdup(family);
    f->pub.style = nb_xstrdup(style);

    const char *why = NULL;
    if (nb_ttf_open(&f->pub.ttf, f->map, f->maplen, index, &why) != 0) {
        /* fontconfig said TrueType: a missing glyf is a bitmap-only or
         * CFF-flavoured font we cannot subset (skip it); anything else is
         * a damaged file the user should hear about. */
        if (strstr(why, "glyf") || strstr(why, "CFF")) {
            add_skipped(fs, family, style, path, index, why);
            free_face(f);
            return -1;
        }
        nb_diag_error(d, NOPOS, "font file %s (face %d) is damaged: %s", path, index, why);
        free_face(f);
        return -2;
    }
    if (FT_New_Memory_Face(fs->ft, f->map, (FT_Long)f->maplen, index, &f->ft) != 0) {
        f->ft = NULL;
        nb_diag_error(d, NOPOS, "font file %s (face %d) is damaged: FreeType cannot open it", path, index);
        free_face(f);
        return -2;
    }
    if (FT_Select_Charmap(f->ft, FT_ENCODING_UNICODE) != 0) {
        add_skipped(fs, family, style, path, index, "no Unicode cmap");
        free_face(f);
        return -1;
    }
    FT_UShort fstype = FT_Get_FSType_Flags(f->ft);
    /* OS/2 fsType: bit 1 alone forbids embedding; bit 8 forbids the
     * subsetting we always do; bit 9 allows bitmaps only. */
    if ((fstype & 0x000F) == FT_FSTYPE_RESTRICTED_LICENSE_EMBEDDING) {
        add_skipped(fs, family, style, path, index, "embedding not permitted");
        free_face(f);
        return -1;
    }
    if (fstype & (FT_FSTYPE_NO_SUBSETTING | FT_FSTYPE_BITMAP_EMBEDDING_ONLY)) {
        add_skipped(fs, family, style, path, index,
                    fstype & FT_FSTYPE_NO_SUBSETTING ? "subsetting not permitted" : "bitmap embedding only");
        free_face(f);
        return -1;
    }
    int upem = f->ft->units_per_EM;
    if (upem < 16 || upem > 16384) {
        nb_diag_error(d, NOPOS, "font file %s (face %d) is damaged: units per em %d", path, index, upem);
        free_face(f);
        return -2;
    }
    f->pub.upem = upem;
    f->pub.ascender = em1000(f->ft->ascender, upem);
    f->pub.descender = em1000(f->ft->descender, upem);
    f->pub.bbox[0] = em1000(f->ft->bbox.xMin, upem);
    f->pub.bbox[1] = em1000(f->ft->bbox.yMin, upem);
    f->pub.bbox[2] = em1000(f->ft->bbox.xMax, upem);
    f->pub.bbox[3] = em1000(f->ft->bbox.yMax, upem);
    f->pub.cap_height = f->pub.ascender;
    f->pub.weight = 400;
    const TT_OS2 *os2 = FT_Get_Sfnt_Table(f->ft, FT_SFNT_OS2);
    if (os2 && os2->version != 0xFFFF) {
        if (os2->version >= 2 && os2->sCapHeight > 0) f->pub.cap_height = em1000(os2->sCapHeight, upem);
        if (os2->usWeightClass >= 1 && os2->usWeightClass <= 1000) f->pub.weight = os2->usWeightClass;
    }
    const TT_Postscript *post = FT_Get_Sfnt_Table(f->ft, FT_SFNT_POST);
    if (post) f->pub.italic_angle = (int)(post->italicAngle / 65536);
    f->pub.psname = sanitize_psname(FT_Get_Postscript_Name(f->ft));

    f->cache_cap = 256;
    f->cache = nb_xcalloc(f->cache_cap, sizeof *f->cache);
    NB_GROW(fs->faces, fs->nfaces, fs->capfaces);
    fs->faces[fs->nfaces] = f;
    return fs->nfaces++;
}

/* The face for one family name, or -1 when none is installed that we can
 * use; -2 on an error. FcFontMatch always returns *something*, so the
 * match must carry the family asked for, be TrueType and pass load_face. */
static int resolve_family(nb_fontset *fs, const char *family, nb_diag *d)
{
    for (size_t i = 0; i < fs->nmemo; i++)
        if (same_family(fs->memo[i].family, family)) return fs->memo[i].face;

    int face = -1;
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    /* No FcConfigSubstitute here: the aliases were expanded by the caller,
     * and expanding again would let a stand-in answer for this name. */
    FcDefaultSubstitute(pat);
    /* Matched among the faces of this family only: the same answer as
     * FcFontMatch (the family outranks every property the pattern sets),
     * without scoring every installed font for each name of each role. */
    FcFontSet *cand = FcFontSetCreate();
    FcSetName which[] = {FcSetSystem, FcSetApplication};
    for (int w = 0; w < 2; w++) {
        FcFontSet *all = FcConfigGetFonts(fs->fc, which[w]);
        for (int i = 0; all && i < all->nfont; i++) {
            FcChar8 *name;
            bool ours = false;
            for (int k = 0; !ours && FcPatternGetString(all->fonts[i], FC_FAMILY, k, &name) == FcResultMatch; k++)
                ours = same_family((const char *)name, family);
            if (ours) {
                FcPatternReference(all->fonts[i]);
                FcFontSetAdd(cand, all->fonts[i]);
            }
        }
    }
    FcResult res;
    FcPattern *m = cand->nfont ? FcFontSetMatch(fs->fc, &cand, 1, pat, &res) : NULL;
    FcFontSetDestroy(cand);
    FcPatternDestroy(pat);
    if (m) {
        bool fam_ok = false;
        FcChar8 *s;
        for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &s) == FcResultMatch; i++)
            if (same_family((const char *)s, family)) fam_ok = true;
        FcChar8 *file = NULL, *fam0 = NULL, *style = NULL, *format = NULL;
        int index = 0;
        FcPatternGetString(m, FC_FILE, 0, &file);
        FcPatternGetString(m, FC_FAMILY, 0, &fam0);
        FcPatternGetString(m, FC_STYLE, 0, &style);
        FcPatternGetString(m, FC_FONTFORMAT, 0, &format);
        FcPatternGetInteger(m, FC_INDEX, 0, &index);
        const char *fam = fam0 ? (const char *)fam0 : family, *sty = style ? (const char *)style : "";
        if (fam_ok && file) {
            if (!format || strcmp((const char *)format, "TrueType") != 0)
                add_skipped(fs, fam, sty, (const char *)file, index, "not a TrueType font");
            else if (index >> 16) /* a named instance of a variable font */
                add_skipped(fs, fam, sty, (const char *)file, index & 0xFFFF, "variable font instance");
            else
                face = load_face(fs, (const char *)file, index, fam, sty, d);
        }
        FcPatternDestroy(m);
    }
    NB_GROW(fs->memo, fs->nmemo, fs->capmemo);
    fs->memo[fs->nmemo++] = (family_memo){nb_xstrdup(family), face};
    return face;
}

static void list_add(int **list, int *n, int *cap, int face)
{
    for (int i = 0; i < *n; i++)
        if ((*list)[i] == face) return;
    NB_GROW(*list, *n, *cap);
    (*list)[(*n)++] = face;
}

static void chain_add(role_rec *r, int face) { list_add(&r->chain, &r->nchain, &r->capchain, face); }

/* Resolves families (with the aliases of fonts.conf) into faces appended to
 * r's chain. Returns the number of faces added, or -1 on an error. */
static int resolve_families(nb_fontset *fs, char *const *families, size_t n, role_rec *r, nb_diag *d)
{
    FcPattern *pat = FcPatternCreate();
    for (size_t i = 0; i < n; i++) FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)families[i]);
    FcConfigSubstitute(fs->fc, pat, FcMatchPattern);
    int before = r->nchain, rc = 0;
    FcChar8 *s;
    for (int i = 0; FcPatternGetString(pat, FC_FAMILY, i, &s) == FcResultMatch; i++) {
        int face = resolve_family(fs, (const char *)s, d);
        if (face == -2) {
            rc = -1;
            break;
        }
        if (face >= 0) chain_add(r, face);
    }
    FcPatternDestroy(pat);
    return rc ? -1 : r->nchain - before;
}

int nb_fontset_open_conf(const nb_font_role *roles, size_t nroles, const char *conf_path, nb_diag *d,
                         nb_fontset **out)
{
    *out = NULL;
    nb_fontset *fs = nb_xcalloc(1, sizeof *fs);
    pthread_mutex_init(&fs->lock, NULL);
    if (access(conf_path, R_OK) != 0) {
        nb_diag_error(d, NOPOS, "cannot read font configuration %s: %s", conf_path, strerror(errno));
        goto fail;
    }
    fs->fc = FcConfigCreate();
    /* An absolute path: a relative one would be looked up in /etc/fonts. */
    char *abs = realpath(conf_path, NULL);
    FcBool ok = abs && FcConfigParseAndLoad(fs->fc, (const FcChar8 *)abs, FcTrue) && FcConfigBuildFonts(fs->fc);
    if (ok) {
        /* The configuration's own folder holds fonts too (fonts/README.md). */
        *strrchr(abs, '/') = 0;
        ok = FcConfigAppFontAddDir(fs->fc, (const FcChar8 *)(*abs ? abs : "/"));
    }
    free(abs);
    if (!ok) {
        nb_diag_error(d, NOPOS, "font configuration %s is not valid", conf_path);
        goto fail;
    }
    if (FT_Init_FreeType(&fs->ft) != 0) {
        fs->ft = NULL;
        nb_diag_error(d, NOPOS, "cannot initialise FreeType");
        goto fail;
    }

    /* The global fallback chain: the layout's role "fallback", else the
     * family nianbao-fallback of fonts.conf. */
    role_rec fallback = {0};
    const nb_font_role *fbrole = NULL;
    for (size_t i = 0; i < nroles; i++)
        if (strcmp(roles[i].name, "fallback") == 0) fbrole = &roles[i];
    static char *const fbname[] = {"nianbao-fallback"};
    int rc = fbrole ? resolve_families(fs, fbrole->families, fbrole->nfamilies, &fallback, d)
                    : resolve_families(fs, fbname, 1, &fallback, d);

    fs->roles = nb_xcalloc(nroles ? nroles : 1, sizeof *fs->roles);
    fs->nroles = nroles;
    for (size_t i = 0; i < nroles && rc >= 0; i++) {
        role_rec *r = &fs->roles[i];
        r->name = nb_xstrdup(roles[i].name);
        int n = resolve_families(fs, roles[i].families, roles[i].nfamilies, r, d);
        if (n < 0) {
            rc = -1;
        } else if (n == 0) {
            nb_buf b;
            nb_buf_init(&b);
            for (size_t k = 0; k < roles[i].nfamilies; k++)
                nb_buf_printf(&b, "%s'%s'", k ? ", " : "", roles[i].families[k]);
            nb_diag_error(d, NOPOS, "font role '%s': no usable TrueType font for %s", r->name,
                          b.len ? b.data : "(no families)");
            nb_buf_free(&b);
            rc = -1;
        }
        r->nown = r->nchain;
        for (int k = 0; k < fallback.nchain; k++) chain_add(r, fallback.chain[k]);
    }
    free(fallback.chain);
    /* Latin characters of a role with a latin role: that role's own faces
     * first (not its fallbacks), then the role's own chain. */
    for (size_t i = 0; i < nroles && rc >= 0; i++) {
        if (!roles[i].latin) continue;
        role_rec *r = &fs->roles[i];
        int li = nb_fontset_role(fs, roles[i].latin->name);
        if (li < 0) {
            nb_diag_error(d, NOPOS, "font role '%s': its latin role '%s' is not a role", r->name, roles[i].latin->name);
            rc = -1;
            break;
        }
        const role_rec *lr = &fs->roles[li];
        for (int k = 0; k < lr->nown; k++) list_add(&r->latin, &r->nlatin, &r->caplatin, lr->chain[k]);
        for (int k = 0; k < r->nchain; k++) list_add(&r->latin, &r->nlatin, &r->caplatin, r->chain[k]);
    }
    for (size_t i = 0; i < fs->nmemo; i++) free(fs->memo[i].family);
    free(fs->memo);
    fs->memo = NULL;
    fs->nmemo = fs->capmemo = 0;
    if (rc < 0) goto fail;
    *out = fs;
    return 0;
fail:
    nb_fontset_free(fs);
    return -1;
}

int nb_fontset_open(const nb_layout *l, nb_diag *d, nb_fontset **out)
{
    char *conf = nb_xasprintf("%s/fonts/fonts.conf", nb_project_dir());
    int rc = nb_fontset_open_conf(l->fonts, l->nfonts, conf, d, out);
    free(conf);
    return rc;
}

void nb_fontset_free(nb_fontset *fs)
{
    if (!fs) return;
    for (int i = 0; i < fs->nfaces; i++) free_face(fs->faces[i]);
    free(fs->faces);
    for (size_t i = 0; i < fs->nroles; i++) {
        free(fs->roles[i].name);
        free(fs->roles[i].chain);
        free(fs->roles[i].latin);
    }
    free(fs->roles);
    for (size_t i = 0; i < fs->nskipped; i++) free(fs->skipped[i]);
    free(fs->skipped);
    for (size_t i = 0; i < fs->nmemo; i++) free(fs->memo[i].family);
    free(fs->memo);
    if (fs->ft) FT_Done_FreeType(fs->ft);
    if (fs->fc) FcConfigDestroy(fs->fc);
    pthread_mutex_destroy(&fs->lock);
    free(fs);
}

int nb_fontset_role(const nb_fontset *fs, const char *role)
{
    for (size_t i = 0; i < fs->nroles; i++)
        if (strcmp(fs->roles[i].name, role) == 0) return (int)i;
    return -1;
}

int nb_fontset_face_count(const nb_fontset *fs) { return fs->nfaces; }

const nb_face *nb_fontset_face(const nb_fontset *fs, int face)
{
    return face >= 0 && face < fs->nfaces ? &fs->faces[face]->pub : NULL;
}

void nb_fontset_chain(const nb_fontset *fs, int role, const int **faces, int *n)
{
    if (role < 0 || (size_t)role >= fs->nroles) {
        *faces = NULL;
        *n = 0;
        return;
    }
    *faces = fs->roles[role].chain;
    *n = fs->roles[role].nchain;
}

/* White space and zero-width format characters: their glyphs are empty by
 * nature, so an empty glyph still counts as covering them. */
static bool may_be_empty(uint32_t cp)
{
    return cp == 0x20 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200F) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

static uint32_t slot_of(uint32_t key, uint32_t cap) { return (key * 0x9E3779B1u) & (cap - 1); }

static cache_ent *cache_find(face_rec *f, uint32_t key)
{
    uint32_t i = slot_of(key, f->cache_cap);
    while (f->cache[i].key && f->cache[i].key != key) i = (i + 1) & (f->cache_cap - 1);
    return &f->cache[i];
}

/* The cached answer of face f for cp (computed on a miss). */
static cache_ent *face_lookup(face_rec *f, uint32_t cp)
{
    uint32_t key = cp + 1;
    cache_ent *e = cache_find(f, key);
    if (e->key) return e;
    if (2 * (f->cache_n + 1) > f->cache_cap) {
        cache_ent *old = f->cache;
        uint32_t oldcap = f->cache_cap;
        f->cache_cap *= 2;
        f->cache = nb_xcalloc(f->cache_cap, sizeof *f->cache);
        for (uint32_t i = 0; i < oldcap; i++)
            if (old[i].key) *cache_find(f, old[i].key) = old[i];
        free(old);
        e = cache_find(f, key);
    }
    FT_UInt gid = FT_Get_Char_Index(f->ft, cp);
    int32_t adv = 0;
    if (gid >= f->pub.ttf.num_glyphs) gid = 0;
    if (gid) {
        int kind = nb_ttf_glyph_kind(&f->pub.ttf, (uint16_t)gid);
        if (kind < 0 || (kind == 0 && !may_be_empty(cp))) gid = 0;
    }
    if (gid) adv = (int32_t)((int64_t)nb_ttf_advance(&f->pub.ttf, (uint16_t)gid) * 1000 / f->pub.upem);
    *e = (cache_ent){key, (uint16_t)gid, adv, -1};
    f->cache_n++;
    return e;
}

bool nb_font_latin_char(uint32_t cp)
{
    /* ASCII (space included: word spaces take the Latin face's width),
     * Latin-1 Supplement, Latin Extended-A/B and Additional; not U+00B7,
     * the 间隔号 of transcribed names, which belongs to the CJK text. */
    return (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0x24F && cp != 0xB7) ||
           (cp >= 0x1E00 && cp <= 0x1EFF);
}

int nb_fontset_glyph(nb_fontset *fs, int role, uint32_t cp, nb_glyph *out)
{
    if (role < 0 || (size_t)role >= fs->nroles || cp > 0x10FFFF) return -1;
    const role_rec *r = &fs->roles[role];
    const int *chain = r->chain;
    int n = r->nchain;
    if (r->nlatin && nb_font_latin_char(cp)) chain = r->latin, n = r->nlatin;
    int rc = -1;
    pthread_mutex_lock(&fs->lock);
    for (int i = 0; i < n; i++) {
        const cache_ent *e = face_lookup(fs->faces[chain[i]], cp);
        if (e->gid) {
            *out = (nb_glyph){chain[i], e->gid, e->adv};
            rc = 0;
            break;
        }
    }
    pthread_mutex_unlock(&fs->lock);
    return rc;
}

/* Outline walk for counter_width: twice the signed area (shoelace; exact
 * for conics too) and the length of the outline (a conic's length taken
 * as the mean of its chord and its control polygon, within a few %). */
typedef struct outline_acc {
    double x, y, area2, len;
} outline_acc;

static double dist(double ax, double ay, double bx, double by)
{
    return sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
}

static int acc_move(const FT_Vector *to, void *u)
{
    outline_acc *a = u;
    a->x = (double)to->x, a->y = (double)to->y;
    return 0;
}

static int acc_line(const FT_Vector *to, void *u)
{
    outline_acc *a = u;
    double x = (double)to->x, y = (double)to->y;
    a->area2 += a->x * y - x * a->y;
    a->len += dist(a->x, a->y, x, y);
    a->x = x, a->y = y;
    return 0;
}

static int acc_conic(const FT_Vector *c, const FT_Vector *to, void *u)
{
    outline_acc *a = u;
    double cx = (double)c->x, cy = (double)c->y, x = (double)to->x, y = (double)to->y;
    /* ∮ x dy − y dx of a quadratic Bézier: ⅔ (P0×C + C×P1) + ⅓ P0×P1 */
    a->area2 += (2 * ((a->x * cy - cx * a->y) + (cx * y - x * cy)) + (a->x * y - x * a->y)) / 3;
    a->len += (dist(a->x, a->y, cx, cy) + dist(cx, cy, x, y) + dist(a->x, a->y, x, y)) / 2;
    a->x = x, a->y = y;
    return 0;
}

static int acc_cubic(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *u)
{
    (void)c1, (void)c2; /* TrueType has none */
    return acc_line(to, u);
}

/* The mean width of the white between a glyph's strokes, in 1/1000 em:
 * white area of its cell (advance × em) over half the outline's length,
 * the outline being the boundary between ink and white. 龘 or 𪚥 give
 * 45-55, 国 about 150, 一 about 1000. Overlapping contours count their
 * ink twice, which only makes the estimate smaller (safer). */
static int32_t counter_width(face_rec *f, uint16_t gid)
{
    if (FT_Load_Glyph(f->ft, gid, FT_LOAD_NO_SCALE) != 0 || f->ft->glyph->format != FT_GLYPH_FORMAT_OUTLINE)
        return 1000;
    static const FT_Outline_Funcs fn = {acc_move, acc_line, acc_conic, acc_cubic, 0, 0};
    outline_acc a = {0};
    if (FT_Outline_Decompose(&f->ft->glyph->outline, &fn, &a) != 0 || a.len <= 0) return 1000;
    double cell = (double)f->ft->glyph->metrics.horiAdvance * f->pub.upem;
    double white = cell - fabs(a.area2) / 2;
    if (white < 0) white = 0;
    double w = 2 * white / a.len * 1000 / f->pub.upem;
    return w > 1000 ? 1000 : (int32_t)w;
}

int32_t nb_fontset_counter(nb_fontset *fs, int face, uint32_t cp)
{
    if (face < 0 || face >= fs->nfaces) return 1000;
    pthread_mutex_lock(&fs->lock);
    face_rec *f = fs->faces[face];
    cache_ent *e = face_lookup(f, cp);
    if (e->counter < 0) e->counter = e->gid ? counter_width(f, e->gid) : 1000;
    int32_t w = e->counter;
    pthread_mutex_unlock(&fs->lock);
    return w;
}

static void print_face(const nb_face *f, FILE *out)
{
    fprintf(out, "%s (%s) %s:%d\n", f->family, f->style, f->path, f->index);
}

void nb_fontset_print(const nb_fontset *fs, FILE *out)
{
    for (size_t i = 0; i < fs->nroles; i++) {
        const role_rec *r = &fs->roles[i];
        for (int k = 0; k < r->nchain; k++) {
            if (k == 0) fprintf(out, "%s: ", r->name);
            else fputs("  then ", out);
            print_face(&fs->faces[r->chain[k]]->pub, out);
        }
        for (int k = 0; k < r->nlatin && r->latin[k] != r->chain[0]; k++) {
            fputs("  latin ", out);
            print_face(&fs->faces[r->latin[k]]->pub, out);
        }
    }
    for (size_t i = 0; i < fs->nskipped; i++) fprintf(out, "skipped: %s\n", fs->skipped[i]);
}

void nb_fontset_trim(nb_fontset *fs)
{
    for (int i = 0; i < fs->nfaces; i++)
        if (fs->faces[i]->map) madvise(fs->faces[i]->map, fs->faces[i]->maplen, MADV_DONTNEED);
}
