/* schema: the one validator of YAML value trees, shared by data files,
 * form files and layout files: key sets with "did you mean", typed reads of
 * scalars (booleans, whole numbers, strings) and the "found …" wording of
 * messages. Each read reports its problem at the node and returns false. */
#ifndef NB_SCHEMA_H
#define NB_SCHEMA_H
#include <stdbool.h>
#include <stdint.h>
#include "diag.h"
#include "yamlsrc.h"

#define NB_SCHEMA_EXCERPT 40 /* code points of user text quoted in a message */

/* How YAML would read a plain scalar as a decimal number. */
typedef enum { NB_NUM_NONE, NB_NUM_INT, NB_NUM_NEG, NB_NUM_FRAC } nb_numkind;
nb_numkind nb_schema_numkind(const char *text);
/* Value of a non-negative integer's text (leading + and zeros allowed);
 * false when it has more than max_digits significant digits. */
bool nb_schema_int_value(const char *text, int max_digits, uint32_t *out);

/* What stands at v, for "found …": "an empty value", "a mapping", "a list",
 * "the number 5", "a string \"…\"" (excerpt). Caller frees. */
char *nb_schema_found(const nb_val *v);
/* The scalar's text, cut to NB_SCHEMA_EXCERPT code points. Caller frees. */
char *nb_schema_excerpt(const nb_val *v);

/* Reports each key of map not in known (NULL-terminated) as
 * "unknown key 'K' in PATH (did you mean 'S'?)" (no " in" at the top). */
void nb_schema_keys(nb_diag *d, const nb_val *map, const char *path, const char *const *known);
/* The pair of key in map, or NULL. */
const nb_pair *nb_schema_pair(const nb_val *map, const char *key);
/* "expected WHAT, found …" unless v is a mapping. */
bool nb_schema_map(nb_diag *d, const nb_val *v, const char *what);
/* true/false (and YAML 1.1's yes/no/on/off, in their three spellings). */
bool nb_schema_bool(nb_diag *d, const nb_val *v, bool *out);
/* A plain whole number from lo to hi. */
bool nb_schema_int(nb_diag *d, const nb_val *v, int lo, int hi, int *out);
/* A scalar's text (not copied), or NULL with "WHAT: expected a string". */
const char *nb_schema_scalar(nb_diag *d, const nb_val *v, const char *what);

#endif
