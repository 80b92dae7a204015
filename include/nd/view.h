/** @file
 * Views: results share memory with their input.
 *
 * @defgroup view Views
 * Slicing, reshape, transpose and broadcasting views (src/index).
 *
 * A view is a new reference that shares its input's buffer: writes through
 * one are seen through the other, and the buffer lives until the last view
 * is released. A view of a read-only array is read-only.
 * @{ */
#ifndef ND_VIEW_H
#define ND_VIEW_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** NumPy basic indexing from text: a[1:, ::-1] as nd_slice(a, "1:, ::-1").
 *
 * Specs such as "1:, ::-1", "..., 0", "None, :", "-1". Bad specs give
 * ND_ERR_INDEX with what and where; a zero step is ND_ERR_VALUE (NumPy's
 * ValueError). For integer and bool index arrays see nd_index_get().
 * @param a     the array.
 * @param spec  the index expression, as between NumPy's brackets.
 * @return a new reference to a view; NULL on error. */
ND_API nd_array *nd_slice(const nd_array *a, const char *spec);
/** An omitted slice bound (start, stop or step): nd_slice_at(), ::nd_index. */
#define ND_SLICE_NONE INT64_MIN
/** One axis sliced with run-time bounds: a[..., start:stop:step, ...] on axis.
 *
 * The bounds follow Python's slice rules (negative from the end, clipped to
 * the axis); ::ND_SLICE_NONE leaves one out, so nd_slice_at(a, 0, i,
 * ND_SLICE_NONE, ND_SLICE_NONE) is a[i:]. A bad axis is ND_ERR_AXIS, a zero
 * step ND_ERR_VALUE, as NumPy's.
 * @param a      the array.       @param axis  the axis (negative from the end).
 * @param start  the first index. @param stop  the end (excluded).
 * @param step   the step.
 * @return a new reference to a view; NULL on error. */
ND_API nd_array *nd_slice_at(const nd_array *a, int axis, int64_t start, int64_t stop,
                             int64_t step);
/** A new shape for the same elements (np.reshape, C order).
 *
 * A view when the strides allow, a copy otherwise; one -1 entry is
 * inferred. A size mismatch is ND_ERR_SHAPE with NumPy's message.
 * @param a      the array.
 * @param ndim   dimensions of the result.
 * @param shape  ndim extents (one may be -1).
 * @return a new reference (view or copy); NULL on error. */
ND_API nd_array *nd_reshape(const nd_array *a, int ndim, const int64_t *shape);
/** Permutes the axes (np.transpose).
 *
 * A repeated or out-of-range axis is ND_ERR_AXIS.
 * @param a     the array.
 * @param axes  a permutation of the ndim axes, or NULL to reverse them.
 * @return a new reference to a view; NULL on error. */
ND_API nd_array *nd_transpose(const nd_array *a, const int *axes);
/** A read-only view broadcast to a shape (np.broadcast_to), stride 0 on the stretched axes.
 *
 * A shape a does not broadcast to is ND_ERR_SHAPE.
 * @param a      the array.
 * @param ndim   dimensions of the target shape.
 * @param shape  ndim extents.
 * @return a new reference to a read-only view; NULL on error. */
ND_API nd_array *nd_broadcast_to(const nd_array *a, int ndim, const int64_t *shape);
/** The shape several shapes broadcast to (np.broadcast_shapes).
 *
 * Shapes that do not broadcast are ND_ERR_SHAPE with NumPy's message.
 * @param n          the number of shapes (n >= 0).
 * @param ndims      n dimension counts.
 * @param shapes     n shapes of ndims[i] extents.
 * @param out_ndim   receives the result's dimensions.
 * @param out_shape  receives the result (must hold ::ND_MAX_DIMS entries).
 * @return ND_OK or an error status. */
ND_API int nd_broadcast_shapes(int n, const int *ndims, const int64_t *const *shapes, int *out_ndim,
                               int64_t *out_shape);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
