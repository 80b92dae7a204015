/* Views: results share memory with their input. */
#ifndef ND_VIEW_H
#define ND_VIEW_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* NumPy basic indexing from text: "1:, ::-1", "..., 0", "None, :", "-1".
   Bad specs give ND_ERR_INDEX with what and where; a zero step is
   ND_ERR_VALUE (NumPy's ValueError). */
ND_API nd_array *nd_slice(const nd_array *a, const char *spec);
/* A view when the strides allow, a copy otherwise (np.reshape); one -1 entry
   is inferred. */
ND_API nd_array *nd_reshape(const nd_array *a, int ndim, const int64_t *shape);
ND_API nd_array *nd_transpose(const nd_array *a, const int *axes); /* NULL = reverse */
/* Read-only view with stride 0 on the stretched axes. */
ND_API nd_array *nd_broadcast_to(const nd_array *a, int ndim, const int64_t *shape);
/* The broadcast shape of several shapes (np.broadcast_shapes); out_shape must
   hold ND_MAX_DIMS entries. */
ND_API int nd_broadcast_shapes(int n, const int *ndims, const int64_t *const *shapes, int *out_ndim,
                               int64_t *out_shape);

#ifdef __cplusplus
}
#endif
#endif
