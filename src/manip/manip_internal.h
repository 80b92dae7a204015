/* Shared by the advanced-indexing files. */
#ifndef ND_MANIP_INTERNAL_H
#define ND_MANIP_INTERNAL_H

#include "core/internal.h"

/* A new array of off's shape holding a's elements at byte offsets off
   (C-contiguous int64) from base. */
nd_array *nd__gather_offsets(const char *func, const nd_array *a, const char *base,
                             const nd_array *off);
/* values (broadcast to off's shape, cast unsafely as NumPy's assignment) written to a at the
   byte offsets off from base. */
nd_status nd__scatter_offsets(const char *func, nd_array *a, char *base, const nd_array *off,
                              const nd_array *values);

#endif
