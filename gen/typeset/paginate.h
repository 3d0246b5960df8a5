/* paginate: document tree → page tree. Blocks flow down the text block of
 * the layout's page; headings keep with what follows, paragraphs avoid
 * orphans and widows, tables break between rows with their header rows
 * repeated and cut row-spanning cells closed and relabelled. Lines of the
 * grid's pitch sit on the page grid; gaps around tables shrink (style
 * shrink) to fit a table rather than leave a blank foot; the sign-off
 * (GB/T 9704 §7.3.5.1) has its date margin_right in, the agency centred
 * over it, and takes lines of the paragraph before it to a new page
 * (layouts/README.md, "Page decisions"). */
#ifndef NB_PAGINATE_H
#define NB_PAGINATE_H
#include "diag.h"
#include "doc.h"
#include "fonts.h"
#include "layout.h"
#include "pagetree.h"

/* Fills pages (initialised by the caller). Characters no font covers are
 * errors at their data position; returns 0 or -1. */
int nb_paginate(const nb_doc *doc, const nb_layout *l, nb_fontset *fs, nb_diag *d, nb_pages *pages);

#endif
