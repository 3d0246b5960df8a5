/* hash: XXH64 against values from an independent implementation of the
 * specification (Python, integers; including the published vectors
 * XXH64("") = EF46DB3751D8E999 and XXH64("abc") = 44BC2CF5AD770999),
 * streaming in every split equal to one-shot, the file hash across its
 * 1 MiB read blocks, and the length prefix of nb_hash_str.
 * usage: build_hash_test WORKDIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "hash.h"

#include "check.h"

static const size_t LENS[] = {0, 1, 3, 4, 7, 8, 9, 31, 32, 33, 63, 64, 65, 100, 1000};
static const uint64_t SEED0[] = {
    0xef46db3751d8e999ull, 0xa96c7f0ce858bbb7ull, 0x56e6957632a487f9ull, 0xc60d15b1e3ff8f04ull,
    0xafbefc3d6c6f9a8eull, 0x3da5c7aa269683e0ull, 0x4b17a9ba9e215c09ull, 0x4a74f3a1a39ad4a1ull,
    0x8d57d6a4671cc43dull, 0x62c9fd21ed857664ull, 0x5c320a0d2707057full, 0x7bbabbc45729d17eull,
    0xf3980c34bae65dc1ull, 0xefa0ad2d3e70c151ull, 0x99594f4828043d35ull};
static const uint64_t SEED1[] = {
    0xc4349fc93c010000ull, 0x585882422a6165e7ull, 0x5acb303e78133c22ull, 0x7d51d5e2461732b3ull,
    0x2ce9adec2b2c8104ull, 0x758848f033fa76a2ull, 0xd4576cf554b7d929ull, 0x8137041f5af88413ull,
    0x184ebcf3745cd46cull, 0x52fac3c981f3cc2eull, 0x64ef99a2e94cc7bdull, 0xf7f22435fe1ab128ull,
    0x7a0b76a812617c73ull, 0xbc7ab33be7528c18ull, 0xda717f741f399f3full};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: build_hash_test WORKDIR\n");
        return 2;
    }
    uint8_t data[1000];
    for (int i = 0; i < 1000; i++) data[i] = (uint8_t)(i * 31 + 7);

    CHECK(nb_hash64("abc", 3, 0) == 0x44bc2cf5ad770999ull, "abc");
    for (size_t k = 0; k < sizeof LENS / sizeof *LENS; k++) {
        CHECK(nb_hash64(data, LENS[k], 0) == SEED0[k], "length %zu seed 0", LENS[k]);
        CHECK(nb_hash64(data, LENS[k], 0x9E3779B97F4A7C15ull) == SEED1[k], "length %zu seed 1", LENS[k]);
    }
    /* streaming: two and three pieces at every split of 100 bytes */
    for (size_t a = 0; a <= 100; a++) {
        nb_hash h;
        nb_hash_init(&h, 0);
        nb_hash_add(&h, data, a);
        nb_hash_add(&h, data + a, 100 - a);
        CHECK(nb_hash_digest(&h) == SEED0[13], "split at %zu", a);
        for (size_t b = a; b <= 100; b += 7) {
            nb_hash_init(&h, 0);
            nb_hash_add(&h, data, a);
            uint64_t mid = nb_hash_digest(&h); /* a digest does not end the stream */
            (void)mid;
            nb_hash_add(&h, data + a, b - a);
            nb_hash_add(&h, data + b, 100 - b);
            CHECK(nb_hash_digest(&h) == SEED0[13], "split at %zu, %zu", a, b);
        }
    }
    /* strings carry their length; NULL differs from "" */
    nb_hash x, y;
    nb_hash_init(&x, 0), nb_hash_init(&y, 0);
    nb_hash_str(&x, "ab"), nb_hash_str(&x, "c");
    nb_hash_str(&y, "a"), nb_hash_str(&y, "bc");
    CHECK(nb_hash_digest(&x) != nb_hash_digest(&y), "ab|c == a|bc");
    nb_hash_init(&x, 0), nb_hash_init(&y, 0);
    nb_hash_str(&x, NULL), nb_hash_str(&y, "");
    CHECK(nb_hash_digest(&x) != nb_hash_digest(&y), "NULL == \"\"");

    /* a file longer than the 1 MiB read block */
    mkdir(argv[1], 0755);
    char path[4096];
    snprintf(path, sizeof path, "%s/hash_test.bin", argv[1]);
    size_t n = ((size_t)1 << 20) + 17;
    uint8_t *big = malloc(n);
    for (size_t i = 0; i < n; i++) big[i] = (uint8_t)(i * 131 + i / 7);
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(big, 1, n, f) == n && fclose(f) == 0, "cannot write %s", path);
    uint64_t v = 0;
    CHECK(nb_hash_file(path, &v) == 0, "nb_hash_file failed");
    CHECK(v == 0xa958face5e316037ull && v == nb_hash64(big, n, 0), "file hash %016llx", (unsigned long long)v);
    CHECK(nb_hash_file("/nonexistent/x", &v) == -1, "missing file hashed");
    free(big);
    remove(path);
    if (failures) return 1;
    printf("ok: hash\n");
    return 0;
}
