/* pdf_deflate: see pdf_deflate.h. */
#include "pdf_deflate.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include "util.h"

/* Level 1: a report's font subsets are 150-250 KB of glyph outlines, and
 * compressing them is the largest cost of a PDF. On seed 004, level 1
 * makes the PDF 2.4% bigger than level 6 (145 vs 142 KB) and the whole
 * report 27% cheaper (4.2 vs 5.7 ms of CPU, warm); zlib -6, what libharu
 * uses, gives 142 KB at 2.4 times level 6's time, 4.4 times level 1's. */
enum { LEVEL = 1 };

/* Compressors are kept for reuse (allocating one costs its tables) in a
 * pool shared by the threads and freed at exit, so that leak checkers
 * see nothing left. */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct libdeflate_compressor **pool;
static size_t npool, cappool;
static bool at_exit_set;

static void free_pool(void)
{
    for (size_t i = 0; i < npool; i++) libdeflate_free_compressor(pool[i]);
    free(pool);
    pool = NULL;
    npool = cappool = 0;
}

static struct libdeflate_compressor *take_compressor(void)
{
    pthread_mutex_lock(&pool_lock);
    struct libdeflate_compressor *c = npool ? pool[--npool] : NULL;
    if (!at_exit_set) at_exit_set = atexit(free_pool) == 0;
    pthread_mutex_unlock(&pool_lock);
    if (!c && !(c = libdeflate_alloc_compressor(LEVEL))) {
        nb_oom();
    }
    return c;
}

static void give_back(struct libdeflate_compressor *c)
{
    pthread_mutex_lock(&pool_lock);
    NB_GROW(pool, npool, cappool);
    pool[npool++] = c;
    pthread_mutex_unlock(&pool_lock);
}

static HPDF_STATUS write_filter(HPDF_Dict d, HPDF_Stream s)
{
    (void)d;
    return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

int nb_pdf_put_deflated(HPDF_Dict stream, const void *data, size_t len)
{
    /* No Filter entry of libharu's own: with filter NONE it writes the bytes as they are. */
    stream->filter = HPDF_STREAM_FILTER_NONE;
    stream->write_fn = NULL;
    if (!len) return 0;
    struct libdeflate_compressor *c = take_compressor();
    size_t cap = libdeflate_zlib_compress_bound(c, len);
    void *z = nb_xmalloc(cap);
    size_t zlen = libdeflate_zlib_compress(c, data, len, z, cap);
    give_back(c);
    const void *out = data;
    size_t outlen = len;
    if (zlen && zlen < len) {
        out = z;
        outlen = zlen;
        stream->write_fn = write_filter;
    }
    HPDF_STATUS st = HPDF_Stream_Write(stream->stream, out, (HPDF_UINT)outlen);
    free(z);
    return st == HPDF_OK ? 0 : -1;
}
