/* Array manipulation and advanced indexing, with NumPy's names and rules.
   Functions marked (view) share memory with their input (NumPy returns a
   view too); the rest return new arrays, or write into out when given
   (then out is returned, without a new reference). Errors carry NumPy's
   wording: ND_ERR_AXIS for axes out of range, ND_ERR_SHAPE for shapes that
   do not fit, ND_ERR_INDEX for indices out of bounds, ND_ERR_DTYPE for
   index arrays that are not integer (or bool where a mask is allowed). */
#ifndef ND_MANIP_H
#define ND_MANIP_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- joining and splitting ---- */

/* np.concatenate: arrays of equal shape except along axis; the result
   dtype is their promotion (nd_result_type); axis ND_AXIS_ALL flattens
   each first. out, when given, must have the result's shape and take the
   result under same_kind casting. */
ND_API nd_array *nd_concatenate(int n, nd_array *const *arrays, int axis, nd_array *out);
/* np.stack: arrays of one shape joined along a new axis in [-(ndim+1), ndim]. */
ND_API nd_array *nd_stack(int n, nd_array *const *arrays, int axis, nd_array *out);
ND_API nd_array *nd_hstack(int n, nd_array *const *arrays);
ND_API nd_array *nd_vstack(int n, nd_array *const *arrays);
ND_API nd_array *nd_dstack(int n, nd_array *const *arrays);
/* np.split(a, sections, axis): sections must divide the axis ("array split
   does not result in an equal division"); np.array_split allows unequal
   parts (the first len % sections parts one longer). parts receives
   sections new references (views). */
ND_API int nd_split(const nd_array *a, int64_t sections, int axis, nd_array **parts);
ND_API int nd_array_split(const nd_array *a, int64_t sections, int axis, nd_array **parts);
/* np.split(a, indices, axis): nidx split points give nidx + 1 views. */
ND_API int nd_split_at(const nd_array *a, int nidx, const int64_t *indices, int axis,
                       nd_array **parts);

/* ---- repeating and padding ---- */

ND_API nd_array *nd_tile(const nd_array *a, int nreps, const int64_t *reps);
/* np.repeat with one count for every element (nrep == 1) or one per
   element along axis (nrep == the axis length); axis ND_AXIS_ALL flattens. */
ND_API nd_array *nd_repeat(const nd_array *a, int nrep, const int64_t *repeats, int axis);
typedef enum { ND_PAD_CONSTANT, ND_PAD_EDGE, ND_PAD_REFLECT, ND_PAD_WRAP } nd_pad_mode;
/* np.pad: pad_width holds (before, after) for each axis (2 * ndim values);
   value is the constant for ND_PAD_CONSTANT. reflect and wrap are periodic
   for any width; NumPy 1.24's wrap repeats a partial period when a pad is
   wider than the axis ([0,1] padded (1,3) gives [1,0,1,0,1,1] there,
   [1,0,1,0,1,0] here). */
ND_API nd_array *nd_pad(const nd_array *a, const int64_t *pad_width, nd_pad_mode mode,
                        double value);

/* ---- rearranging (views unless said) ---- */

ND_API nd_array *nd_flip(const nd_array *a, int axis);                /* (view) ND_AXIS_ALL: all */
ND_API nd_array *nd_roll(const nd_array *a, int64_t shift, int axis); /* ND_AXIS_ALL: flat */
ND_API nd_array *nd_rot90(const nd_array *a, int k, int axis0, int axis1); /* (view) */
ND_API nd_array *nd_squeeze(const nd_array *a, int axis);     /* (view) ND_AXIS_ALL: all 1s */
ND_API nd_array *nd_expand_dims(const nd_array *a, int axis); /* (view) */
ND_API nd_array *nd_moveaxis(const nd_array *a, int source, int destination); /* (view) */
ND_API nd_array *nd_swapaxes(const nd_array *a, int axis1, int axis2);        /* (view) */
ND_API nd_array *nd_ravel(const nd_array *a);      /* 1-D, a view when the strides allow */
ND_API nd_array *nd_flatten(const nd_array *a);    /* 1-D copy */
ND_API nd_array *nd_atleast_1d(const nd_array *a); /* (view) */
ND_API nd_array *nd_atleast_2d(const nd_array *a); /* (view) */
ND_API nd_array *nd_atleast_3d(const nd_array *a); /* (view) */
/* np.broadcast_arrays: n read-only views of the common shape into out. */
ND_API int nd_broadcast_arrays(int n, nd_array *const *arrays, nd_array **out);
/* np.copyto(dst, src, casting, where): where may be NULL (everywhere). */
ND_API int nd_copyto(nd_array *dst, const nd_array *src, nd_casting casting, const nd_array *where);

/* ---- matrices and grids ---- */

ND_API nd_array *nd_eye(int64_t n, int64_t m, int64_t k, nd_dtype t); /* m < 0: m = n */
ND_API nd_array *nd_identity(int64_t n, nd_dtype t);
/* np.diag: the k-th diagonal of a 2-D array (a copy, as NumPy's diag of a
   2-D array is read-only and copying is simpler to own), or a 2-D array
   with a 1-D array on its k-th diagonal. */
ND_API nd_array *nd_diag(const nd_array *v, int64_t k);
/* np.diagonal: a read-only view. */
ND_API nd_array *nd_diagonal(const nd_array *a, int64_t offset, int axis1, int axis2);
ND_API nd_array *nd_triu(const nd_array *a, int64_t k);
ND_API nd_array *nd_tril(const nd_array *a, int64_t k);
/* np.meshgrid(*xs, indexing='xy' or 'ij'): n arrays of ndim n into out. */
ND_API int nd_meshgrid(int n, nd_array *const *xs, bool ij, nd_array **out);
/* np.indices(dims, dtype): shape (ndim, *dims). */
ND_API nd_array *nd_indices(int ndim, const int64_t *dims, nd_dtype t);

/* ---- advanced indexing ---- */

/* np.take(a, indices, axis, out): integer indices of any shape, negative
   wrap once; ND_AXIS_ALL takes from the flattened array. */
ND_API nd_array *nd_take(const nd_array *a, const nd_array *indices, int axis, nd_array *out);
/* np.put(a, indices, values): flat indices; values repeat as needed. */
ND_API int nd_put(nd_array *a, const nd_array *indices, const nd_array *values);
/* np.compress(mask, a, axis): the slices where mask (1-D) is true; a mask
   shorter than the axis selects from its first entries only. */
ND_API nd_array *nd_compress(const nd_array *mask, const nd_array *a, int axis, nd_array *out);
ND_API nd_array *nd_take_along_axis(const nd_array *a, const nd_array *indices, int axis);
ND_API int nd_put_along_axis(nd_array *a, const nd_array *indices, const nd_array *values,
                             int axis);

/* One item of a general index, as in a[1, ::2, ..., None, idx, mask]. */
typedef enum {
    ND_IDX_INT,   /* .i */
    ND_IDX_SLICE, /* .start .stop .step; ND_SLICE_NONE leaves one out */
    ND_IDX_ELLIPSIS,
    ND_IDX_NEWAXIS,
    ND_IDX_ARRAY /* .array: integer (fancy) or bool (mask) */
} nd_index_kind;
#define ND_SLICE_NONE INT64_MIN
typedef struct {
    nd_index_kind kind;
    int64_t i, start, stop, step;
    const nd_array *array;
} nd_index;
/* a[idx]: basic items give a view, any array item a copy, with NumPy's
   result shape rules (advanced indices next to each other replace their
   axes in place; separated by a slice, their broadcast shape goes first). */
ND_API nd_array *nd_index_get(const nd_array *a, int n, const nd_index *idx);
/* a[idx] = values (broadcast to the indexed shape, cast as NumPy's
   assignment casts: unsafely, 1.5 into an int array gives 1). */
ND_API int nd_index_set(nd_array *a, int n, const nd_index *idx, const nd_array *values);

/* ---- searching by truth ---- */

/* np.nonzero: a->ndim int64 index arrays into out (one for a 0-d array). */
ND_API int nd_nonzero(const nd_array *a, nd_array **out);
/* np.where(cond) with one argument: the same as nd_nonzero. */
ND_API int nd_where1(const nd_array *cond, nd_array **out);
ND_API nd_array *nd_argwhere(const nd_array *a);    /* (count, ndim) int64 */
ND_API nd_array *nd_flatnonzero(const nd_array *a); /* int64 */
ND_API int64_t nd_count_nonzero(const nd_array *a); /* -1 on error */

#ifdef __cplusplus
}
#endif
#endif
