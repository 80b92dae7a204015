/* Array-to-array copies and casts (copy.c): the layer above the iterator
   and the pool that nd_copy, nd_astype, nd_assign and nd_fill are made of. */
#ifndef ND_COPY_H
#define ND_COPY_H

#include "nd/core.h"

/* Copies src into dst with broadcasting and unsafe casting; no checks of
   writeability (callers decide). A cast's floating-point conditions (NaN
   to an integer: invalid) go to nd_fp_flags(), and in raise mode fail the
   copy with ND_ERR_VALUE "... encountered in cast", as NumPy's astype. */
nd_status nd__copy_into(const char *func, nd_array *dst, const nd_array *src);

#endif
