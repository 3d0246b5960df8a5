/* yamlsrc: libyaml events -> a value tree in which every node keeps its
 * line and column. Scalars keep exactly the text written (no type
 * resolution: the schema in `data` decides what a scalar means).
 * Duplicate keys, alias expansion, nesting depth and file size are limited
 * here, with clear errors. */
#ifndef NB_YAMLSRC_H
#define NB_YAMLSRC_H
#include <stdbool.h>
#include <stddef.h>
#include "diag.h"

/* Limits against hostile input (documented in README.md). */
#define NB_YAML_MAX_BYTES (8u * 1024u * 1024u) /* 8 MiB */
#define NB_YAML_MAX_DEPTH 64
#define NB_YAML_MAX_NODES 2000000u /* nodes, counting every alias expansion */
/* Scalar text, counting every alias expansion (a 1 MB string aliased 300
 * times is 300 MB to load and typeset). A file without aliases holds less
 * text than its size, so only aliases reach this, and no file costs more
 * than the largest one without any. */
#define NB_YAML_MAX_TEXT NB_YAML_MAX_BYTES

typedef enum { NB_VAL_NULL, NB_VAL_SCALAR, NB_VAL_MAP, NB_VAL_SEQ } nb_val_kind;

typedef struct nb_val nb_val;
typedef struct nb_pair {
    nb_val *key; /* always a scalar */
    nb_val *value;
} nb_pair;

struct nb_val {
    nb_val_kind kind;
    nb_mark mark;    /* where the node starts */
    char *text;      /* NB_VAL_SCALAR: the scalar's text, NUL-terminated UTF-8 */
    size_t len;      /* its length in bytes */
    bool quoted;     /* scalar written in quotes or as a block (| >): a string, never a number */
    bool folded;     /* plain, quoted or > scalar written over several lines: YAML has
                        folded its line breaks into spaces (and blank lines into \n) */
    nb_pair *pairs;  /* NB_VAL_MAP, in document order */
    nb_val **items;  /* NB_VAL_SEQ */
    size_t n, cap;   /* number of pairs or items */
    bool shared;     /* also reached through an alias (one node, several parents) */
};

/* A parsed document; the tree is owned by it. */
typedef struct nb_yaml_doc {
    nb_val *root; /* a NB_VAL_NULL node for an empty document; NULL when unreadable */
    void *pool;   /* internal: owns every node */
    char *src;    /* the text parsed (a copy), for nb_yaml_locate; NULL when unreadable */
    size_t srclen;
} nb_yaml_doc;

/* Parses text (len bytes). Problems go to d; returns 0 on success, -1 on
 * any problem. After a problem that leaves the tree whole (duplicate keys:
 * the second is dropped) root is still set, so a checker can go on to find
 * more; after any other (syntax, limits) root is NULL. An empty document or
 * plain `~`/`null` gives a NB_VAL_NULL root. */
int nb_yaml_parse(const char *text, size_t len, nb_diag *d, nb_yaml_doc *out);
/* Reads and parses a file (size-limited). I/O problems go to d without a
 * position. */
int nb_yaml_parse_file(const char *path, nb_diag *d, nb_yaml_doc *out);
void nb_yaml_free(nb_yaml_doc *doc);

/* Where a character of a scalar's text stands in the file. at: the
 * scalar's mark; text: the scalar's text as read (its paragraphs in order,
 * whitespace and line breaks anywhere ignored), up to and including the
 * character sought, whose position is returned. Found by aligning text with
 * the source after the scalar's indicator (`|`/`>` header line, opening
 * quote), each character at its next occurrence: what the source holds
 * besides the text (indentation, line breaks, `**` markup, quotes) is
 * skipped. Columns count code points, as libyaml's do. Returns at when the
 * text cannot be aligned (an escape sequence). */
nb_mark nb_yaml_locate(const nb_yaml_doc *doc, nb_mark at, const char *text, size_t len);

/* Map lookup by key text; NULL when absent. */
nb_val *nb_val_get(const nb_val *map, const char *key);
/* True for a plain scalar null (`~`, `null`, `Null`, `NULL`, or empty). */
bool nb_val_is_null(const nb_val *v);
/* A short description of a node for messages: "a mapping", "a list", "a string", ... */
const char *nb_val_describe(const nb_val *v);

#endif
