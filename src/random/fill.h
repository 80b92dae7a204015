/* random.c's result and fill helper, for the front ends in other files. */
#ifndef ND_RANDOM_FILL_H
#define ND_RANDOM_FILL_H

#include "random/bitgen.h"

/* random.c: the checked result array (out or a new one) and the C-order
   fill through a contiguous buffer, for the front ends of other files */
typedef void (*nd_rng_fill_fn)(nd_rng *g, const void *par, int64_t n, char *p);
nd_array *nd__rng_fill(const char *func, nd_rng *g, nd_dtype t, int ndim, const int64_t *shape,
                       nd_array *out, nd_rng_fill_fn f, const void *par);

#endif
