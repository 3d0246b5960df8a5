/* diag: diagnostics `FILE:LINE:COL: error: MESSAGE`, collected so that every
 * problem of a file is reported in one run, then printed in position order. */
#ifndef NB_DIAG_H
#define NB_DIAG_H
#include <stdio.h>
#include <stddef.h>

typedef enum { NB_ERROR, NB_WARNING } nb_severity;

/* A position in a source file, 1-based; line 0 means "no position". */
typedef struct nb_mark {
    int line, col;
} nb_mark;

typedef struct nb_diag_item {
    nb_severity severity;
    nb_mark mark;
    char *message;
    size_t seq; /* insertion order, to keep the sort stable */
    char *file; /* another file's problem (nb_diag_merge), or NULL: the diag's file */
} nb_diag_item;

typedef struct nb_diag {
    char *file; /* name shown in messages */
    nb_diag_item *items;
    size_t n, cap;
    size_t errors;
} nb_diag;

void nb_diag_init(nb_diag *d, const char *file);
void nb_diag_free(nb_diag *d);
/* Records a problem at mark (printf-style message). */
void nb_diag_error(nb_diag *d, nb_mark mark, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void nb_diag_warning(nb_diag *d, nb_mark mark, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Moves every item of from (another file's problems) into d. */
void nb_diag_merge(nb_diag *d, nb_diag *from);
/* Prints all items sorted by position as FILE:LINE:COL: severity: message.
 * An item with no position prints as FILE: severity: message. */
void nb_diag_print(nb_diag *d, FILE *out);

#endif
