/* units: the one measure of layout code, 1/1000 pt in integers, so that
 * reruns are byte-identical (floats appear only when the PDF is written). */
#ifndef NB_UNITS_H
#define NB_UNITS_H
#include <stdint.h>

typedef int32_t nb_mpt; /* 1/1000 pt */

#endif
