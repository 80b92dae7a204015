/* Broadcasting shapes and strides (NumPy's rules). */
#ifndef ND_BROADCAST_H
#define ND_BROADCAST_H

#include "core/internal.h"

/* The broadcast shape of n arrays (NULL entries skipped); on mismatch
   ND_ERR_SHAPE "operands could not be broadcast together with shapes ...". */
nd_status nd__broadcast(const char *func, int n, const nd_array *const *arrays, int *ndim,
                        int64_t *shape);
/* a's strides viewed at (ndim, shape): 0 on new and stretched axes. false if
   a cannot broadcast to it. */
bool nd__broadcast_strides(const nd_array *a, int ndim, const int64_t *shape, int64_t *strides);

#endif
