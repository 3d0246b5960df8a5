/* output: writes a file atomically: a temporary file in the target's folder,
 * flushed, then renamed into place. A failed run leaves the old file intact. */
#ifndef NB_OUTPUT_H
#define NB_OUTPUT_H
#include <stddef.h>

/* Returns 0, or -1 with errno set (nothing is left behind). */
int nb_output_write(const char *path, const void *data, size_t len);

#endif
