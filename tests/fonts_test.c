/* fonts_test: the fontset (fontconfig roles, fallback chains, coverage,
 * widths) and the TrueType subsetter, against the Debian 12 fonts the
 * project depends on. Usage: fonts_test SOURCE_DIR WORK_DIR */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include FT_ADVANCES_H
#include "fonts.h"
#include "ttf_subset.h"
#include "util.h"

#include "check.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static const char *src_dir, *work_dir;
static char *conf;

#define LXGW "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
#define UMING "/usr/share/fonts/truetype/arphic/uming.ttc"
#define UKAI "/usr/share/fonts/truetype/arphic/ukai.ttc"
#define ZENHEI "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
#define BABEL "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf"
#define LIBSERIF "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static char *fangsong[] = {"仿宋_GB2312"}, *heiti[] = {"黑体"}, *kaiti[] = {"楷体_GB2312"},
            *songti[] = {"宋体"}, *xbs[] = {"方正小标宋简体"};
static nb_font_role roles[] = {
    {"fangsong", fangsong, 1, NULL, NULL}, {"heiti", heiti, 1, NULL, NULL}, {"kaiti", kaiti, 1, NULL, NULL},
    {"songti", songti, 1, NULL, NULL},     {"xbs", xbs, 1, NULL, NULL},
};
#define NROLES (sizeof roles / sizeof *roles)

/* The printed resolution of the test roles through fonts/fonts.conf. */
static const char *expected_print =
    "fangsong: AR PL UMing CN (Light) " UMING ":0\n"
    "  then LXGW WenKai (Regular) " LXGW ":0\n"
    "  then WenQuanYi Zen Hei (Regular) " ZENHEI ":0\n"
    "  then BabelStone Han (Regular) " BABEL ":0\n"
    "heiti: WenQuanYi Zen Hei (Regular) " ZENHEI ":0\n"
    "  then LXGW WenKai (Regular) " LXGW ":0\n"
    "  then AR PL UMing CN (Light) " UMING ":0\n"
    "  then BabelStone Han (Regular) " BABEL ":0\n"
    "kaiti: AR PL UKai CN (Book) " UKAI ":0\n"
    "  then LXGW WenKai (Regular) " LXGW ":0\n"
    "  then AR PL UMing CN (Light) " UMING ":0\n"
    "  then WenQuanYi Zen Hei (Regular) " ZENHEI ":0\n"
    "  then BabelStone Han (Regular) " BABEL ":0\n"
    "songti: AR PL UMing CN (Light) " UMING ":0\n"
    "  then LXGW WenKai (Regular) " LXGW ":0\n"
    "  then WenQuanYi Zen Hei (Regular) " ZENHEI ":0\n"
    "  then BabelStone Han (Regular) " BABEL ":0\n"
    "xbs: AR PL UMing CN (Light) " UMING ":0\n"
    "  then LXGW WenKai (Regular) " LXGW ":0\n"
    "  then WenQuanYi Zen Hei (Regular) " ZENHEI ":0\n"
    "  then BabelStone Han (Regular) " BABEL ":0\n";

static char *print_to_string(const nb_fontset *fs)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    nb_fontset_print(fs, f);
    fclose(f);
    return s;
}

static char *diag_to_string(nb_diag *d)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    nb_diag_print(d, f);
    fclose(f);
    return s;
}

/* Looks cp up in role and returns "FAMILY gid adv", or "none". */
static char *lookup(nb_fontset *fs, const char *role, uint32_t cp)
{
    nb_glyph g;
    if (nb_fontset_glyph(fs, nb_fontset_role(fs, role), cp, &g) != 0) return nb_xstrdup("none");
    return nb_xasprintf("%s %u %d", nb_fontset_face(fs, g.face)->family, g.gid, g.adv);
}

#define CHECK_LOOKUP(fs, role, cp, want)       \
    do {                                       \
        char *got_ = lookup(fs, role, cp);     \
        CHECK_STR(got_, want);                 \
        free(got_);                            \
    } while (0)

static void test_roles(void)
{
    nb_diag d;
    nb_diag_init(&d, "test");
    nb_fontset *fs = NULL;
    double t0 = now_ms();
    CHECK(nb_fontset_open_conf(roles, NROLES, conf, &d, &fs) == 0);
    double t1 = now_ms();
    CHECK(d.n == 0);
    if (!fs) return;
    fprintf(stderr, "timing: nb_fontset_open_conf (5 roles) %.2f ms\n", t1 - t0);
    char *p = print_to_string(fs);
    CHECK_STR(p, expected_print);
    free(p);
    CHECK(nb_fontset_role(fs, "heiti") == 1);
    CHECK(nb_fontset_role(fs, "nope") == -1);
    /* Faces shared between roles are opened once. */
    CHECK(nb_fontset_face_count(fs) == 5);
    const int *chain;
    int n;
    nb_fontset_chain(fs, nb_fontset_role(fs, "songti"), &chain, &n);
    CHECK(n == 4);
    nb_fontset_chain(fs, nb_fontset_role(fs, "xbs"), &chain, &n);
    CHECK(n == 4 && chain[0] == 1); /* UMing, the same face as songti's */
    nb_fontset_chain(fs, 99, &chain, &n);
    CHECK(n == 0 && chain == NULL);

    const nb_face *f = nb_fontset_face(fs, 0);
    CHECK_STR(f->path, LXGW);
    CHECK_STR(f->psname, "LXGWWenKai-Regular");
    CHECK(f->upem == 1000 && f->ascender == 928 && f->descender == -256 && f->cap_height == 695);
    CHECK(f->bbox[0] == -1014 && f->bbox[1] == -273 && f->bbox[2] == 1988 && f->bbox[3] == 1048);
    CHECK(f->weight == 400 && f->italic_angle == 0 && f->index == 0);
    f = nb_fontset_face(fs, 2);
    CHECK_STR(f->family, "WenQuanYi Zen Hei");
    CHECK(f->upem == 1024 && f->ascender == 962 && f->descender == -297); /* floor(-304*1000/1024) */
    CHECK(nb_fontset_face(fs, 5) == NULL && nb_fontset_face(fs, -1) == NULL);

    /* Hanzi, Latin, digits, full-width punctuation, ㈠, pinyin. */
    /* 仿宋's stand-in is the Song face UMing (fonts.conf) */
    CHECK_LOOKUP(fs, "fangsong", 0x56FD, "AR PL UMing CN 4300 1000");    /* 国 */
    CHECK_LOOKUP(fs, "fangsong", 'A', "AR PL UMing CN 36 500");
    CHECK_LOOKUP(fs, "fangsong", '1', "AR PL UMing CN 20 500");
    CHECK_LOOKUP(fs, "fangsong", 0xFF0C, "AR PL UMing CN 22426 1000");   /* ， */
    CHECK_LOOKUP(fs, "fangsong", 0x3220, "AR PL UMing CN 23129 1000");   /* ㈠ */
    CHECK_LOOKUP(fs, "fangsong", 0x01D6, "AR PL UMing CN 442 500");      /* ǖ */
    CHECK_LOOKUP(fs, "xbs", 0x56FD, "AR PL UMing CN 4300 1000");
    CHECK_LOOKUP(fs, "heiti", 0x4E34, "WenQuanYi Zen Hei 8960 1000");    /* 临 */
    CHECK_LOOKUP(fs, "heiti", 0x3220, "WenQuanYi Zen Hei 1931 1000");    /* ㈠ (composite) */
    CHECK_LOOKUP(fs, "heiti", 'A', "WenQuanYi Zen Hei 66 559");          /* floor(573*1000/1024) */
    CHECK_LOOKUP(fs, "kaiti", 0x01DC, "AR PL UKai CN 351 500");          /* ǜ (nested composite) */
    CHECK_LOOKUP(fs, "songti", 0x3220, "AR PL UMing CN 23129 1000");
    /* Ext-A 䶮: UKai's cmap has it but its glyph is empty → next face. */
    CHECK_LOOKUP(fs, "kaiti", 0x4DAE, "LXGW WenKai 3628 1000");
    CHECK_LOOKUP(fs, "songti", 0x4DAE, "AR PL UMing CN 23335 1000");
    /* Ext-B: 𠀀 only in BabelStone Han; 𠮷 in LXGW WenKai, the first fallback. */
    CHECK_LOOKUP(fs, "fangsong", 0x20000, "BabelStone Han 34481 1000");
    CHECK_LOOKUP(fs, "heiti", 0x20000, "BabelStone Han 34481 1000");
    CHECK_LOOKUP(fs, "kaiti", 0x20BB7, "LXGW WenKai 27764 1000");
    CHECK_LOOKUP(fs, "songti", 0x2A700, "BabelStone Han 48615 1000");    /* Ext-C */
    CHECK_LOOKUP(fs, "songti", 0x30000, "BabelStone Han 57918 1000");    /* Ext-G */
    /* White space is covered although its glyph is empty. */
    CHECK_LOOKUP(fs, "kaiti", 0x3000, "AR PL UKai CN 1417 1000");
    CHECK_LOOKUP(fs, "heiti", ' ', "WenQuanYi Zen Hei 33 299");
    /* Private use plane 16, unassigned, out of range. */
    CHECK_LOOKUP(fs, "fangsong", 0x10FFFD, "none");
    CHECK_LOOKUP(fs, "fangsong", 0x110000, "none");
    nb_glyph g;
    CHECK(nb_fontset_glyph(fs, -1, 'A', &g) == -1);
    CHECK(nb_fontset_glyph(fs, 5, 'A', &g) == -1);
    /* A second lookup answers from the cache, identically. */
    CHECK_LOOKUP(fs, "kaiti", 0x4DAE, "LXGW WenKai 3628 1000");

    /* Widths equal floor(FreeType's unscaled advance * 1000 / upem) for
     * every face and a spread of characters. */
    FT_Library lib;
    FT_Init_FreeType(&lib);
    static const uint32_t sample[] = {'A', 'g', 'W', '1', '.', 0x56FD, 0xFF08, 0x2014, 0x01D8, 0x20000, 0x4DAE};
    for (size_t r = 0; r < NROLES; r++)
        for (size_t i = 0; i < sizeof sample / sizeof *sample; i++) {
            if (nb_fontset_glyph(fs, (int)r, sample[i], &g) != 0) {
                CHECK(0);
                continue;
            }
            const nb_face *fc = nb_fontset_face(fs, g.face);
            FT_Face ft;
            FT_New_Face(lib, fc->path, fc->index, &ft);
            FT_Fixed adv;
            FT_Get_Advance(ft, g.gid, FT_LOAD_NO_SCALE, &adv);
            CHECK(g.adv == (int32_t)(adv * 1000 / fc->upem));
            CHECK(FT_Get_Char_Index(ft, sample[i]) == g.gid);
            FT_Done_Face(ft);
        }
    FT_Done_FreeType(lib);

    /* Lookup throughput over 20 000 GB2312-range hanzi (first pass fills
     * the caches), then again from the caches. */
    for (int pass = 0; pass < 2; pass++) {
        double a = now_ms();
        int hits = 0;
        for (int rep = 0; rep < 5; rep++)
            for (uint32_t cp = 0x4E00; cp < 0x4E00 + 4000; cp++)
                hits += nb_fontset_glyph(fs, 0, cp, &g) == 0;
        double b = now_ms();
        CHECK(hits == 20000);
        fprintf(stderr, "timing: %s lookups: %.0f ns each\n", pass ? "cached" : "first", (b - a) * 1e6 / 20000);
    }
    nb_fontset_free(fs);
    nb_diag_free(&d);
}

/* Lookups from several threads at once (build renders reports in
 * parallel) give the answers of a single thread. */
typedef struct thread_arg {
    nb_fontset *fs;
    int role;
    uint32_t first;
    nb_glyph out[3000];
} thread_arg;

static void *lookup_thread(void *p)
{
    thread_arg *a = p;
    for (uint32_t i = 0; i < 3000; i++)
        if (nb_fontset_glyph(a->fs, a->role, a->first + i, &a->out[i]) != 0) a->out[i].face = -1;
    return NULL;
}

static void test_threads(void)
{
    nb_diag d;
    nb_diag_init(&d, "test");
    nb_fontset *fs = NULL, *ref = NULL;
    CHECK(nb_fontset_open_conf(roles, NROLES, conf, &d, &fs) == 0);
    CHECK(nb_fontset_open_conf(roles, NROLES, conf, &d, &ref) == 0);
    if (!fs || !ref) return;
    enum { N = 4 };
    static thread_arg args[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        args[i].fs = fs;
        args[i].role = i % 3;
        args[i].first = 0x4D00 + (uint32_t)(i % 2) * 500; /* overlapping ranges, Ext-A included */
        pthread_create(&th[i], NULL, lookup_thread, &args[i]);
    }
    for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
    int same = 0;
    for (int i = 0; i < N; i++)
        for (uint32_t k = 0; k < 3000; k++) {
            nb_glyph g;
            if (nb_fontset_glyph(ref, args[i].role, args[i].first + k, &g) != 0) g.face = -1;
            const nb_glyph *o = &args[i].out[k];
            same += g.face == o->face && (g.face < 0 || (g.gid == o->gid && g.adv == o->adv));
        }
    CHECK(same == N * 3000);
    nb_fontset_free(fs);
    nb_fontset_free(ref);
    nb_diag_free(&d);
}

static void test_layout_entry(void)
{
    /* nb_fontset_open reads nb_project_dir()/fonts/fonts.conf. */
    nb_layout l;
    memset(&l, 0, sizeof l);
    l.fonts = roles;
    l.nfonts = 2;
    nb_diag d;
    nb_diag_init(&d, "layout.yaml");
    nb_fontset *fs = NULL;
    CHECK(nb_fontset_open(&l, &d, &fs) == 0);
    if (fs) {
        CHECK_LOOKUP(fs, "heiti", 0x4E34, "WenQuanYi Zen Hei 8960 1000");
        nb_fontset_free(fs);
    }
    nb_diag_free(&d);
}

/* A role with a latin role: ASCII and Latin letters from the latin role's
 * own faces (Times New Roman → Liberation Serif), everything else, and Latin
 * letters those faces lack, from the role's own chain. */
static void test_latin_role(void)
{
    static char *times[] = {"Times New Roman"};
    nb_font_role r[] = {{"fangsong", fangsong, 1, NULL, NULL}, {"kaiti", kaiti, 1, NULL, NULL},
                        {"latin", times, 1, NULL, NULL}};
    r[0].latin = &r[2];
    nb_diag d;
    nb_diag_init(&d, "layout.yaml");
    nb_fontset *fs = NULL;
    CHECK(nb_fontset_open_conf(r, 3, conf, &d, &fs) == 0);
    CHECK(d.n == 0);
    if (!fs) return;
    char *p = print_to_string(fs);
    CHECK_STR(p, "fangsong: AR PL UMing CN (Light) " UMING ":0\n"
                 "  then LXGW WenKai (Regular) " LXGW ":0\n"
                 "  then WenQuanYi Zen Hei (Regular) " ZENHEI ":0\n"
                 "  then BabelStone Han (Regular) " BABEL ":0\n"
                 "  latin Liberation Serif (Regular) " LIBSERIF ":0\n"
                 "kaiti: AR PL UKai CN (Book) " UKAI ":0\n"
                 "  then LXGW WenKai (Regular) " LXGW ":0\n"
                 "  then AR PL UMing CN (Light) " UMING ":0\n"
                 "  then WenQuanYi Zen Hei (Regular) " ZENHEI ":0\n"
                 "  then BabelStone Han (Regular) " BABEL ":0\n"
                 "latin: Liberation Serif (Regular) " LIBSERIF ":0\n"
                 "  then LXGW WenKai (Regular) " LXGW ":0\n"
                 "  then AR PL UMing CN (Light) " UMING ":0\n"
                 "  then WenQuanYi Zen Hei (Regular) " ZENHEI ":0\n"
                 "  then BabelStone Han (Regular) " BABEL ":0\n");
    free(p);
    CHECK_LOOKUP(fs, "fangsong", '9', "Liberation Serif 28 500");
    CHECK_LOOKUP(fs, "fangsong", 'A', "Liberation Serif 36 722");
    CHECK_LOOKUP(fs, "fangsong", '%', "Liberation Serif 8 833");
    CHECK_LOOKUP(fs, "fangsong", ' ', "Liberation Serif 3 250");
    CHECK_LOOKUP(fs, "fangsong", 0xE9, "Liberation Serif 169 443");     /* é */
    CHECK_LOOKUP(fs, "fangsong", 0x01D6, "AR PL UMing CN 442 500");      /* ǖ: not in Liberation */
    CHECK_LOOKUP(fs, "fangsong", 0xB7, "AR PL UMing CN 121 500");        /* · of names stays CJK */
    CHECK_LOOKUP(fs, "fangsong", 0x56FD, "AR PL UMing CN 4300 1000");    /* 国 */
    CHECK_LOOKUP(fs, "fangsong", 0xFF11, "AR PL UMing CN 22431 1000");   /* full-width １ */
    CHECK_LOOKUP(fs, "kaiti", '9', "AR PL UKai CN 28 500");             /* no latin role */
    CHECK(nb_font_latin_char('z') && nb_font_latin_char(0x1EA0) && !nb_font_latin_char(0x2014) &&
          !nb_font_latin_char(0x201C) && !nb_font_latin_char(0x1F));
    nb_fontset_free(fs);
    nb_diag_free(&d);
}

static void test_fallback_role(void)
{
    /* A layout role "fallback" replaces the chain of fonts.conf. */
    static char *fb[] = {"BabelStone Han", "No Such Font"};
    nb_font_role r[] = {{"kaiti", kaiti, 1, NULL, NULL}, {"fallback", fb, 2, NULL, NULL}};
    nb_diag d;
    nb_diag_init(&d, "layout.yaml");
    nb_fontset *fs = NULL;
    CHECK(nb_fontset_open_conf(r, 2, conf, &d, &fs) == 0);
    if (!fs) return;
    char *p = print_to_string(fs);
    CHECK_STR(p, "kaiti: AR PL UKai CN (Book) " UKAI ":0\n"
                 "  then BabelStone Han (Regular) " BABEL ":0\n"
                 "fallback: BabelStone Han (Regular) " BABEL ":0\n");
    free(p);
    CHECK_LOOKUP(fs, "kaiti", 0x4DAE, "BabelStone Han 6972 1000");
    nb_fontset_free(fs);
    nb_diag_free(&d);
}

static void test_errors(void)
{
    nb_diag d;
    nb_diag_init(&d, "layout.yaml");
    nb_fontset *fs = (nb_fontset *)1;
    static char *bogus[] = {"No Such Font", "Neither This"};
    nb_font_role r[] = {{"fangsong", fangsong, 1, NULL, NULL}, {"title", bogus, 2, NULL, NULL}};
    CHECK(nb_fontset_open_conf(r, 2, conf, &d, &fs) == -1);
    CHECK(fs == NULL);
    char *s = diag_to_string(&d);
    CHECK_STR(s, "layout.yaml: error: font role 'title': no usable TrueType font for 'No Such Font', "
                 "'Neither This'\n");
    free(s);
    nb_diag_free(&d);

    nb_diag_init(&d, "layout.yaml");
    char *missing = nb_xasprintf("%s/no-such-dir/fonts.conf", work_dir);
    CHECK(nb_fontset_open_conf(r, 1, missing, &d, &fs) == -1);
    s = diag_to_string(&d);
    char *want = nb_xasprintf("layout.yaml: error: cannot read font configuration %s: "
                              "No such file or directory\n", missing);
    CHECK_STR(s, want);
    free(s);
    free(want);
    free(missing);
    nb_diag_free(&d);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    char *data;
    if (nb_read_file(path, 64u << 20, &data, len) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    return (uint8_t *)data;
}

static void spit(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, len, f);
    fclose(f);
}

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

/* Writes DIR/conf/fonts.conf seeing only the given font folders (the
 * configuration's own folder is added by the fontset, so it holds no fonts). */
static char *write_conf(const char *dir, const char *fontdir1, const char *fontdir2)
{
    char *cdir = nb_xasprintf("%s/conf", dir);
    mkdir(cdir, 0755);
    char *cf = nb_xasprintf("%s/fonts.conf", cdir);
    char *xml = nb_xasprintf("<?xml version=\"1.0\"?>\n<fontconfig><dir>%s</dir>%s%s%s<cachedir>%s/cache</cachedir>"
                             "</fontconfig>\n", fontdir1, fontdir2 ? "<dir>" : "", fontdir2 ? fontdir2 : "",
                             fontdir2 ? "</dir>" : "", dir);
    spit(cf, (const uint8_t *)xml, strlen(xml));
    free(xml);
    free(cdir);
    return cf;
}

/* Copies of DejaVu Sans, one restricted (OS/2 fsType 2), one damaged
 * (hhea.numberOfHMetrics 0: FreeType and fontconfig accept it, we don't),
 * each in its own folder, seen through a fonts.conf of their own. */
static void test_bad_fonts(void)
{
    char *dir = nb_xasprintf("%s/fonts_test_bad", work_dir);
    char *rdir = nb_xasprintf("%s/r", dir), *ddir = nb_xasprintf("%s/d", dir);
    mkdir(dir, 0755);
    mkdir(rdir, 0755);
    mkdir(ddir, 0755);
    char *stale = nb_xasprintf("%s/conf/BabelStoneHan.ttf", dir); /* from an interrupted run */
    unlink(stale);
    free(stale);
    size_t len;
    uint8_t *orig = slurp(DEJAVU, &len);
    nb_ttf t;
    CHECK(nb_ttf_open(&t, orig, len, 0, NULL) == 0);
    const uint8_t *os2;
    uint32_t os2len;
    CHECK(nb_ttf_table(&t, NB_TTF_TAG('O', 'S', '/', '2'), &os2, &os2len) == 0);
    uint8_t *c = nb_xmalloc(len);
    memcpy(c, orig, len);
    c[(os2 - orig) + 8] = 0;
    c[(os2 - orig) + 9] = 2;
    char *restricted = nb_xasprintf("%s/restricted.ttf", rdir);
    spit(restricted, c, len);
    memcpy(c, orig, len);
    c[(t.hhea - orig) + 34] = 0;
    c[(t.hhea - orig) + 35] = 0;
    char *damaged = nb_xasprintf("%s/damaged.ttf", ddir);
    spit(damaged, c, len);
    free(c);
    free(orig);

    static char *dv[] = {"DejaVu Sans"};
    nb_font_role r[] = {{"body", dv, 1, NULL, NULL}};
    for (int k = 0; k < 2; k++) {
        char *cf = write_conf(dir, k ? ddir : rdir, NULL);
        nb_diag d;
        nb_diag_init(&d, "layout.yaml");
        nb_fontset *fs = NULL;
        CHECK(nb_fontset_open_conf(r, 1, cf, &d, &fs) == -1);
        char *s = diag_to_string(&d);
        char *want = k ? nb_xasprintf("layout.yaml: error: font file %s (face 0) is damaged: bad glyph or "
                                      "metrics count\n", damaged)
                       : nb_xstrdup("layout.yaml: error: font role 'body': no usable TrueType font for "
                                    "'DejaVu Sans'\n");
        CHECK_STR(s, want);
        free(s);
        free(want);
        free(cf);
        nb_diag_free(&d);
    }
    /* A skipped face is listed when another family of the role succeeds. */
    char *cf = write_conf(dir, rdir, "/usr/share/fonts/truetype/babelstone");
    static char *bb[] = {"DejaVu Sans", "BabelStone Han"};
    nb_font_role r2[] = {{"body", bb, 2, NULL, NULL}};
    nb_diag d;
    nb_diag_init(&d, "layout.yaml");
    nb_fontset *fs = NULL;
    CHECK(nb_fontset_open_conf(r2, 1, cf, &d, &fs) == 0);
    if (fs) {
        char *s = print_to_string(fs);
        char *want = nb_xasprintf("body: BabelStone Han (Regular) " BABEL ":0\n"
                                  "skipped: DejaVu Sans (Book) %s:0: embedding not permitted\n", restricted);
        CHECK_STR(s, want);
        free(s);
        free(want);
        nb_fontset_free(fs);
    }
    nb_diag_free(&d);

    /* A font dropped next to fonts.conf is found without a <dir> for it. */
    char *cdir = nb_xasprintf("%s/conf", dir);
    char *drop = nb_xasprintf("%s/BabelStoneHan.ttf", cdir);
    size_t blen;
    uint8_t *bs = slurp(BABEL, &blen);
    spit(drop, bs, blen);
    free(bs);
    free(cf);
    cf = write_conf(dir, rdir, NULL);
    nb_diag_init(&d, "layout.yaml");
    CHECK(nb_fontset_open_conf(r2, 1, cf, &d, &fs) == 0);
    if (fs) {
        CHECK_STR(nb_fontset_face(fs, 0)->path, drop);
        nb_fontset_free(fs);
    }
    nb_diag_free(&d);
    unlink(drop);
    free(drop), free(cdir), free(cf), free(restricted), free(damaged), free(rdir), free(ddir), free(dir);
}

static void test_ttf_open(void)
{
    size_t len;
    uint8_t *ukai = slurp(UKAI, &len);
    nb_ttf t;
    const char *why = NULL;
    for (int i = 0; i < 4; i++) CHECK(nb_ttf_open(&t, ukai, len, i, &why) == 0);
    CHECK(nb_ttf_open(&t, ukai, len, 4, &why) == -1);
    CHECK_STR(why, "face index not in the collection");
    CHECK(nb_ttf_open(&t, ukai, 11, 0, &why) == -1);
    CHECK_STR(why, "file too short");
    CHECK(nb_ttf_open(&t, ukai, 40, 0, &why) == -1);
    CHECK_STR(why, "table directory out of bounds");
    free(ukai);

    uint8_t *dv = slurp(DEJAVU, &len);
    CHECK(nb_ttf_open(&t, dv, len, 1, &why) == -1);
    CHECK_STR(why, "face index not in the file");
    CHECK(nb_ttf_open(&t, dv, len, 0, &why) == 0);
    CHECK(t.num_glyphs > 0 && t.num_glyphs == (be32(t.maxp) ? (uint16_t)(t.maxp[4] << 8 | t.maxp[5]) : 0));
    /* A CFF font announces itself with OTTO. */
    memcpy(dv, "OTTO", 4);
    CHECK(nb_ttf_open(&t, dv, len, 0, &why) == -1);
    CHECK_STR(why, "CFF outlines, not TrueType");
    memcpy(dv, "<?xm", 4);
    CHECK(nb_ttf_open(&t, dv, len, 0, &why) == -1);
    CHECK_STR(why, "not an sfnt font");
    free(dv);
}

/* Sum of the whole font as uint32s must be 0xB1B0AFBA; each directory
 * checksum must match its table. */
static void check_sfnt_sums(const uint8_t *f, size_t len)
{
    CHECK(len % 4 == 0);
    uint32_t sum = 0;
    for (size_t i = 0; i + 4 <= len; i += 4) sum += be32(f + i);
    CHECK(sum == 0xB1B0AFBAu);
    unsigned n = (unsigned)(f[4] << 8 | f[5]);
    uint32_t prev = 0;
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *rec = f + 12 + 16 * i;
        uint32_t tag = be32(rec), off = be32(rec + 8), tl = be32(rec + 12);
        CHECK(tag > prev);
        prev = tag;
        CHECK(off % 4 == 0 && off + tl <= len);
        if (tag == NB_TTF_TAG('h', 'e', 'a', 'd')) continue; /* summed with adjustment 0 */
        uint32_t s = 0;
        for (uint32_t k = 0; k < tl; k += 4) {
            uint8_t w[4] = {0, 0, 0, 0};
            memcpy(w, f + off + k, tl - k < 4 ? tl - k : 4);
            s += be32(w);
        }
        CHECK(s == be32(rec + 4));
    }
}

/* Every glyph of the subset must have the same outline (points, contours,
 * tags, advance) as the original glyph it came from. */
static void check_same_outlines(FT_Library lib, const char *path, int index, const nb_ttf_subset_out *s)
{
    FT_Face a, b;
    CHECK(FT_New_Face(lib, path, index, &a) == 0);
    CHECK(FT_New_Memory_Face(lib, (const FT_Byte *)s->font.data, (FT_Long)s->font.len, 0, &b) == 0);
    CHECK((size_t)b->num_glyphs == s->nglyphs);
    const FT_Int32 fl = FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING;
    for (size_t ng = 0; ng < s->nglyphs; ng++) {
        CHECK(FT_Load_Glyph(a, s->old_gids[ng], fl) == 0);
        FT_Outline oa = a->glyph->outline;
        FT_Pos adva = a->glyph->metrics.horiAdvance;
        CHECK(FT_Load_Glyph(b, (FT_UInt)ng, fl) == 0);
        FT_Outline ob = b->glyph->outline;
        CHECK(b->glyph->metrics.horiAdvance == adva);
        CHECK(oa.n_points == ob.n_points && oa.n_contours == ob.n_contours);
        if (oa.n_points == ob.n_points && oa.n_contours == ob.n_contours) {
            CHECK(memcmp(oa.points, ob.points, sizeof *oa.points * (size_t)oa.n_points) == 0);
            CHECK(memcmp(oa.contours, ob.contours, sizeof *oa.contours * (size_t)oa.n_contours) == 0);
        }
    }
    FT_Done_Face(a);
    FT_Done_Face(b);
}

static void test_subset(void)
{
    FT_Library lib;
    FT_Init_FreeType(&lib);
    size_t len;
    uint8_t *zh = slurp(ZENHEI, &len);
    nb_ttf t;
    CHECK(nb_ttf_open(&t, zh, len, 0, NULL) == 0);
    /* In Zen Hei ㈠ (1931) = 一 (8908) + a parenthesis glyph 44334, and
     * ≌ (788) = 785 + 44610: libharu 2.3.0 lost the parts above 32767
     * (read as negative). 临 (8960) and 国 (11209) are simple. */
    CHECK(t.loca_long);
    CHECK(nb_ttf_glyph_kind(&t, 1931) == 2 && nb_ttf_glyph_kind(&t, 788) == 2);
    CHECK(nb_ttf_glyph_kind(&t, 785) == 1 && nb_ttf_glyph_kind(&t, 8908) == 1);
    CHECK(nb_ttf_glyph_kind(&t, 8960) == 1 && nb_ttf_glyph_kind(&t, 11209) == 1);
    CHECK(nb_ttf_glyph_kind(&t, 33) == 0); /* space */
    CHECK(nb_ttf_glyph_kind(&t, t.num_glyphs) == -1);
    uint16_t gids[] = {11209, 8960, 8960, 1931, 66, 33, 788};
    nb_ttf_subset_out s, s2;
    const char *why = NULL;
    double a = now_ms();
    CHECK(nb_ttf_subset(&t, gids, 7, &s, &why) == 0);
    double b = now_ms();
    fprintf(stderr, "timing: Zen Hei subset of 7 glyphs: %.3f ms, %zu bytes, %zu glyphs\n", b - a, s.font.len,
            s.nglyphs);
    CHECK(s.old_gids[0] == 0);
    for (size_t i = 1; i < s.nglyphs; i++) CHECK(s.old_gids[i] > s.old_gids[i - 1]);
    /* the components came along */
    static const uint16_t want[] = {0, 33, 66, 785, 788, 1931, 8908, 8960, 11209, 44334, 44610};
    CHECK(s.nglyphs == 11);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) CHECK(nb_ttf_subset_gid(&s, want[i]) >= 0);
    CHECK(nb_ttf_subset_gid(&s, 8908) == 6 && nb_ttf_subset_gid(&s, 8961) == -1);
    check_sfnt_sums((const uint8_t *)s.font.data, s.font.len);
    check_same_outlines(lib, ZENHEI, 0, &s);
    nb_ttf t2;
    CHECK(nb_ttf_open(&t2, (const uint8_t *)s.font.data, s.font.len, 0, &why) == 0);
    CHECK(t2.num_glyphs == s.nglyphs && t2.num_hmetrics == s.nglyphs && t2.loca_long);
    /* Deterministic, and independent of the order of the gids. */
    uint16_t gids2[] = {788, 33, 66, 1931, 8960, 11209};
    CHECK(nb_ttf_subset(&t, gids2, 6, &s2, &why) == 0);
    CHECK(s.font.len == s2.font.len && memcmp(s.font.data, s2.font.data, s.font.len) == 0);
    nb_ttf_subset_free(&s2);
    nb_ttf_subset_free(&s);
    /* Out of range. */
    uint16_t bad[] = {t.num_glyphs};
    CHECK(nb_ttf_subset(&t, bad, 1, &s, &why) == -1);
    CHECK_STR(why, "glyph id out of range");
    CHECK(s.old_gids == NULL && s.font.len == 0);
    /* A composite pointing past the last glyph: rewrite ㈠'s first
     * component in a copy of the font. */
    uint32_t ga = be32(t.loca + 4 * 1931);
    uint8_t *zc = nb_xmalloc(len);
    memcpy(zc, zh, len);
    size_t comp = (size_t)(t.glyf - zh) + ga + 10 + 2;
    zc[comp] = 0xFF;
    zc[comp + 1] = 0xFF;
    nb_ttf tc;
    CHECK(nb_ttf_open(&tc, zc, len, 0, NULL) == 0);
    uint16_t one[] = {1931};
    CHECK(nb_ttf_subset(&tc, one, 1, &s, &why) == -1);
    CHECK_STR(why, "damaged composite glyph");
    free(zc);
    free(zh);

    /* UKai ǖǘǚǜ are composites of composites (nested), gid 0 is kept. */
    uint8_t *uk = slurp(UKAI, &len);
    CHECK(nb_ttf_open(&t, uk, len, 0, NULL) == 0);
    uint16_t py[] = {345, 347, 349, 351};
    CHECK(nb_ttf_subset(&t, py, 4, &s, &why) == 0);
    check_sfnt_sums((const uint8_t *)s.font.data, s.font.len);
    check_same_outlines(lib, UKAI, 0, &s);
    int nested = 0;
    for (size_t i = 0; i < s.nglyphs; i++) {
        int k = nb_ttf_glyph_kind(&t, s.old_gids[i]);
        if (k == 2 && s.old_gids[i] != 345 && s.old_gids[i] != 347 && s.old_gids[i] != 349 &&
            s.old_gids[i] != 351)
            nested++;
    }
    CHECK(nested > 0);
    nb_ttf_subset_free(&s);
    free(uk);

    /* LXGW WenKai: a 30-glyph subset is a few KB (the font is ~20 MB). */
    uint8_t *lx = slurp(LXGW, &len);
    CHECK(nb_ttf_open(&t, lx, len, 0, NULL) == 0);
    uint16_t many[30];
    for (int i = 0; i < 30; i++) many[i] = (uint16_t)(6000 + 7 * i);
    a = now_ms();
    CHECK(nb_ttf_subset(&t, many, 30, &s, &why) == 0);
    b = now_ms();
    fprintf(stderr, "timing: LXGW WenKai subset of 30 glyphs: %.3f ms, %zu bytes (file %zu bytes)\n", b - a,
            s.font.len, len);
    CHECK(s.nglyphs == 31 && s.font.len < 30000);
    check_sfnt_sums((const uint8_t *)s.font.data, s.font.len);
    check_same_outlines(lib, LXGW, 0, &s);
    nb_ttf_subset_free(&s);
    free(lx);
    FT_Done_FreeType(lib);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: fonts_test SOURCE_DIR WORK_DIR\n", stderr);
        return 2;
    }
    src_dir = argv[1];
    work_dir = argv[2];
    conf = nb_xasprintf("%s/fonts/fonts.conf", src_dir);
    test_roles();
    test_latin_role();
    test_threads();
    test_layout_entry();
    test_fallback_role();
    test_errors();
    test_bad_fonts();
    test_ttf_open();
    test_subset();
    free(conf);
    fprintf(stderr, "fonts_test: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
