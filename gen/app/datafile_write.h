/* datafile_write: writing a data file (spec/data-format.md) that a clerk
 * goes on to fill in, as `sum` (a roll-up) and `new` (a skeleton) do: YAML
 * scalars that read back as the same string, comments, and a table section
 * with every row of the form under a comment with its official label. */
#ifndef NB_DATAFILE_WRITE_H
#define NB_DATAFILE_WRITE_H
#include <stddef.h>
#include "layout.h"
#include "util.h"

/* A YAML scalar: plain when YAML reads it back as this string, else double-quoted. */
void nb_dfw_scalar(nb_buf *b, const char *s);
/* A comment line at indent: line breaks and controls of the text shown as spaces. */
void nb_dfw_comment(nb_buf *b, int indent, const char *text);
/* Section i's number and heading as the layout prints them: 三、收到和处理….
 * heading: the wording to use (NULL: the form's). Caller frees. */
char *nb_dfw_heading(const nb_layout *l, size_t i, const char *heading);
/* The form's placeholder for a text named `name` (its `text`, {heading} =
 * name). Caller frees. */
char *nb_dfw_placeholder(const nb_form *f, const char *name);
/* `key: PLACEHOLDER` at indent (name: what is to be written). */
void nb_dfw_put_placeholder(nb_buf *b, const nb_form *f, int indent, const char *key, const char *name);
/* agency:, year: and (when layout_key is not NULL) layout:. */
void nb_dfw_envelope(nb_buf *b, const char *agency, int year, const char *layout_key);

/* Writes one cell's value: column col of row `row` of section `section`. */
typedef void nb_dfw_cell_fn(nb_buf *b, const void *ctx, size_t section, size_t row, int col);
/* Table section si: a comment per column set, `KEY:`, then each row that
 * is not computed (groups as mappings), each under a comment with its
 * label, its cells written by cell. */
void nb_dfw_table(nb_buf *b, const nb_form *f, size_t si, nb_dfw_cell_fn *cell, const void *ctx);

#endif
