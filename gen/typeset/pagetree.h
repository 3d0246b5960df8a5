/* pagetree: where every glyph and rule goes (the paginator's output, the
 * PDF writer's input). Coordinates in 1/1000 pt from the page's top-left
 * corner, y growing downwards; text y is the baseline. */
#ifndef NB_PAGETREE_H
#define NB_PAGETREE_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "layout.h"

typedef struct nb_pglyph {
    uint16_t gid;
    uint32_t cp;
    nb_mpt x;        /* absolute */
    int32_t adv_em;  /* the glyph's advance in 1/1000 em (its /W width) */
} nb_pglyph;

/* A run of glyphs of one face, size and weight on one baseline. */
typedef struct nb_ptext {
    int face;
    nb_mpt size;
    nb_mpt y;
    nb_mpt bold; /* synthetic bold: fill + stroke this wide (0: fill only) */
    nb_pglyph *glyphs;
    size_t n;
} nb_ptext;

typedef struct nb_prule {
    nb_mpt x1, y1, x2, y2, width;
} nb_prule;

typedef struct nb_page {
    nb_ptext *texts;
    size_t ntexts, tcap;
    nb_prule *rules;
    size_t nrules, rcap;
    int number;  /* 1-based page number */
} nb_page;

typedef struct nb_outline_entry {
    char *title;
    int level;   /* 0 = title, 1 = section */
    int page;    /* 0-based page index */
    nb_mpt y;
} nb_outline_entry;

typedef struct nb_pages {
    nb_page *pages;
    size_t n, cap;
    nb_outline_entry *outline;
    size_t noutline, ocap;
    nb_mpt width, height;
} nb_pages;

void nb_pages_init(nb_pages *p, nb_mpt width, nb_mpt height);
void nb_pages_free(nb_pages *p);
nb_page *nb_pages_add(nb_pages *p);
/* Starts a text run on the page; glyphs are appended with nb_ptext_add. */
nb_ptext *nb_page_text(nb_page *pg, int face, nb_mpt size, nb_mpt y, nb_mpt bold);
void nb_ptext_add(nb_ptext *t, uint16_t gid, uint32_t cp, nb_mpt x, int32_t adv_em);
void nb_page_rule(nb_page *pg, nb_mpt x1, nb_mpt y1, nb_mpt x2, nb_mpt y2, nb_mpt width);
void nb_pages_outline(nb_pages *p, const char *title, int level, int page, nb_mpt y);
/* Deterministic dump for layout tests, per page: runs on one baseline merged
 * into one line `y=Y x=X0..X1 "text"` (left to right; in 1/1000 pt), then
 * the rules. */
void nb_pages_dump_lines(const nb_pages *p, FILE *out);

#endif
