/* data_load: what the parts of the data loader (data.c: the envelope and
 * text; data_table.c: the form's tables) share. Private to the model. */
#ifndef NB_DATA_LOAD_H
#define NB_DATA_LOAD_H
#include "data.h"
#include "schema.h"

typedef struct nb_data_loader {
    nb_diag *d;
    const char *agency;             /* for the signed.by default */
    const char *const *numberings;  /* the layout's numbering styles */
    const nb_form *form;            /* its placeholder convention; NULL: the envelope only */
} nb_data_loader;
typedef nb_data_loader loader;

/* A present, non-null value of key, or NULL: `key:` with nothing is the
 * same as leaving the key out (for text and mappings; not for cells). */
const nb_val *nb_data_get(const nb_val *map, const char *key);
/* A scalar as a string (controls refused, bidi controls stripped); NULL after an error. */
char *nb_data_string(loader *L, const nb_val *v);
/* A string of text split into paragraphs; nothing for v NULL. */
void nb_data_text(loader *L, const nb_val *v, nb_text *out);

/* Tables (data_table.c): rows sized per the form, all zero. */
void nb_data_table_init(nb_section_data *s, const nb_form_section *f);
/* Reads a table section at its top-level pair. */
void nb_data_table_load(loader *L, const nb_pair *p, nb_section_data *s);
void nb_data_table_free(nb_table_data *t);

#endif
