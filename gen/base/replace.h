/* replace: the one way output files are written: atomically, so a reader (or a build killed at any moment) sees the old complete
 * file or the new complete file, never a mix, never nothing.
 *
 * The new bytes go into a spare file, which is then swapped with the
 * output in one step (renameat2 RENAME_EXCHANGE); the spare now holds the
 * old version and serves for the next output. So replacing an output
 * creates and deletes no file: on ext4 without a journal (these machines)
 * creating a file scans past every inode deleted in the last minutes and
 * deleting one evicts it, which cost 0.5 ms per report and grew with the
 * batch; and ext4 flushes a file renamed over another (auto_da_alloc),
 * which an exchange does not trigger. The spares live in one hidden
 * folder of OUTDIR and stay there between runs (a few files, the size of
 * one output each). Where exchanging is not possible (another filesystem,
 * no support) a hidden temporary file next to the output is renamed over
 * it instead; a single file (`render`) takes that path directly. Nothing
 * is fsync'ed (see build.c): the rename is the commit point, and ext4
 * flushes a file renamed over another. */
#ifndef NB_REPLACE_H
#define NB_REPLACE_H
#include <stdbool.h>
#include <stddef.h>

typedef struct nb_replacer nb_replacer;

/* spare_dir: the folder for spare files (created if missing), on the same
 * filesystem as the outputs. Spares left there by an earlier run are
 * reused. The caller frees the result with nb_replacer_free. */
nb_replacer *nb_replacer_new(const char *spare_dir);
void nb_replacer_free(nb_replacer *r);

/* Makes path hold exactly data, atomically. Thread-safe. Returns 0, or -1
 * with errno set (path is then unchanged). */
int nb_replacer_write(nb_replacer *r, const char *path, const void *data, size_t len);

/* One file, without a spare: a hidden temporary ".NAME.tmp-XXXXXX" next to
 * path, renamed over it. Returns 0, or -1 with errno set (path unchanged,
 * nothing left behind). */
int nb_replace_file(const char *path, const void *data, size_t len);

/* Deletes, under dir, the hidden temporary files ".NAME.tmp-XXXXXX" that
 * the fallback path of a killed run may have left. */
void nb_replacer_clear_temps(const char *dir);

#endif
