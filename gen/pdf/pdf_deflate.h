/* pdf_deflate: stream data we compress ourselves (libdeflate) and hand to
 * libharu as is, with /Filter /FlateDecode written into the stream's dict.
 *
 * Why: libharu deflates every stream with zlib at its default level when it
 * saves the document; for a report that was over half of the PDF time (the
 * font subsets are 150-250 KB raw). libdeflate gives the same size in less
 * than half the time, and level 1 (pdf_deflate.c) 2.4% more in a quarter. */
#ifndef NB_PDF_DEFLATE_H
#define NB_PDF_DEFLATE_H
#include <stddef.h>
#include <hpdf.h>

/* Writes data into the stream dict `stream` (from HPDF_DictStream_New, or a
 * page's content dict), compressed, and makes libharu write it unfiltered
 * with /Filter /FlateDecode. Data that does not shrink is stored plain
 * without a filter. The output depends only on the bytes. Thread-safe.
 * Returns 0, or -1 on a libharu error. */
int nb_pdf_put_deflated(HPDF_Dict stream, const void *data, size_t len);

#endif
