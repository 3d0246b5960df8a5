/* hash: XXH64 (xxHash, 64-bit; https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md),
 * one-shot and streaming, and the hash of a whole file. Used by build for
 * change detection: it reads 100+ MB of font files at 10 GB/s, where FNV-1a
 * manages 1 GB/s. Not a cryptographic hash: it detects changes, it does
 * not resist someone forging a collision. */
#ifndef NB_HASH_H
#define NB_HASH_H
#include <stddef.h>
#include <stdint.h>

typedef struct nb_hash {
    uint64_t v[4], total;
    uint8_t mem[32];
    uint32_t memsize;
    uint64_t seed;
} nb_hash;

void nb_hash_init(nb_hash *h, uint64_t seed);
void nb_hash_add(nb_hash *h, const void *data, size_t len);
/* Adds a string with its length first, so that ("ab","c") and ("a","bc") differ. */
void nb_hash_str(nb_hash *h, const char *s);
void nb_hash_u64(nb_hash *h, uint64_t v);
/* The digest of everything added so far (h may go on taking data). */
uint64_t nb_hash_digest(const nb_hash *h);

uint64_t nb_hash64(const void *data, size_t len, uint64_t seed);

/* XXH64 (seed 0) of a file's bytes, read in 1 MiB blocks (no mapping, so
 * no page-table cost). Returns 0 with *out set, or -1 with errno set. */
int nb_hash_file(const char *path, uint64_t *out);

#endif
