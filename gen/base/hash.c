/* hash: see hash.h. XXH64 as its specification describes it. */
#include "hash.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull
#define P4 0x85EBCA77C2B2AE63ull
#define P5 0x27D4EB2F165667C5ull

static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

/* Little-endian loads, whatever the host. */
static uint64_t rd64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t round1(uint64_t acc, uint64_t lane)
{
    acc += lane * P2;
    acc = rotl(acc, 31);
    return acc * P1;
}

static uint64_t merge(uint64_t acc, uint64_t v)
{
    acc ^= round1(0, v);
    return acc * P1 + P4;
}

void nb_hash_init(nb_hash *h, uint64_t seed)
{
    memset(h, 0, sizeof *h);
    h->seed = seed;
    h->v[0] = seed + P1 + P2;
    h->v[1] = seed + P2;
    h->v[2] = seed;
    h->v[3] = seed - P1;
}

static void stripe(nb_hash *h, const uint8_t *p)
{
    h->v[0] = round1(h->v[0], rd64(p));
    h->v[1] = round1(h->v[1], rd64(p + 8));
    h->v[2] = round1(h->v[2], rd64(p + 16));
    h->v[3] = round1(h->v[3], rd64(p + 24));
}

void nb_hash_add(nb_hash *h, const void *data, size_t len)
{
    const uint8_t *p = data;
    h->total += len;
    if (h->memsize + len < 32) {
        if (len) memcpy(h->mem + h->memsize, p, len);
        h->memsize += (uint32_t)len;
        return;
    }
    if (h->memsize) {
        size_t fill = 32 - h->memsize;
        memcpy(h->mem + h->memsize, p, fill);
        stripe(h, h->mem);
        p += fill, len -= fill;
        h->memsize = 0;
    }
    /* four independent lanes: the CPU runs them in parallel */
    uint64_t v0 = h->v[0], v1 = h->v[1], v2 = h->v[2], v3 = h->v[3];
    for (; len >= 32; p += 32, len -= 32) {
        v0 = round1(v0, rd64(p));
        v1 = round1(v1, rd64(p + 8));
        v2 = round1(v2, rd64(p + 16));
        v3 = round1(v3, rd64(p + 24));
    }
    h->v[0] = v0, h->v[1] = v1, h->v[2] = v2, h->v[3] = v3;
    if (len) memcpy(h->mem, p, len);
    h->memsize = (uint32_t)len;
}

void nb_hash_str(nb_hash *h, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    nb_hash_u64(h, s ? n : UINT64_MAX); /* NULL differs from "" */
    nb_hash_add(h, s, n);
}

void nb_hash_u64(nb_hash *h, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++) b[i] = (uint8_t)(v >> (8 * i));
    nb_hash_add(h, b, 8);
}

uint64_t nb_hash_digest(const nb_hash *h)
{
    uint64_t acc;
    if (h->total >= 32) {
        acc = rotl(h->v[0], 1) + rotl(h->v[1], 7) + rotl(h->v[2], 12) + rotl(h->v[3], 18);
        for (int i = 0; i < 4; i++) acc = merge(acc, h->v[i]);
    } else {
        acc = h->seed + P5;
    }
    acc += h->total;
    const uint8_t *p = h->mem;
    uint32_t n = h->memsize;
    for (; n >= 8; p += 8, n -= 8) {
        acc ^= round1(0, rd64(p));
        acc = rotl(acc, 27) * P1 + P4;
    }
    if (n >= 4) {
        acc ^= (uint64_t)rd32(p) * P1;
        acc = rotl(acc, 23) * P2 + P3;
        p += 4, n -= 4;
    }
    for (; n; p++, n--) {
        acc ^= *p * P5;
        acc = rotl(acc, 11) * P1;
    }
    acc ^= acc >> 33;
    acc *= P2;
    acc ^= acc >> 29;
    acc *= P3;
    acc ^= acc >> 32;
    return acc;
}

uint64_t nb_hash64(const void *data, size_t len, uint64_t seed)
{
    nb_hash h;
    nb_hash_init(&h, seed);
    nb_hash_add(&h, data, len);
    return nb_hash_digest(&h);
}

int nb_hash_file(const char *path, uint64_t *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    enum { BLOCK = 1 << 20 };
    uint8_t *buf = nb_xmalloc(BLOCK);
    nb_hash h;
    nb_hash_init(&h, 0);
    int rc = 0;
    for (;;) {
        ssize_t n = read(fd, buf, BLOCK);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            rc = -1;
            break;
        }
        if (n == 0) break;
        nb_hash_add(&h, buf, (size_t)n);
    }
    int err = errno;
    free(buf);
    close(fd);
    if (rc == 0) *out = nb_hash_digest(&h);
    errno = err;
    return rc;
}
