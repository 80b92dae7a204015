/** @file
 * Array manipulation and advanced indexing, with NumPy's names and rules.
 *
 * @defgroup manip Manipulation
 * Joining, splitting, repeating, padding, rearranging, matrices and grids,
 * advanced indexing, searching by truth (src/manip).
 *
 * Functions marked (view) share memory with their input (NumPy returns a
 * view too); the rest return new arrays, or write into out when given
 * (then out is returned, without a new reference). Errors carry NumPy's
 * wording: ND_ERR_AXIS for axes out of range, ND_ERR_SHAPE for shapes that
 * do not fit, ND_ERR_INDEX for indices out of bounds, ND_ERR_DTYPE for
 * index arrays that are not integer (or bool where a mask is allowed).
 * @{ */
#ifndef ND_MANIP_H
#define ND_MANIP_H

#include "nd/core.h"
#include "nd/view.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- joining and splitting ---- */

/** Joins arrays along an existing axis: np.concatenate.
 *
 * Arrays of equal shape except along axis; the result dtype is their
 * promotion (nd_result_type()); axis ::ND_AXIS_ALL flattens each first.
 * @param n       the number of arrays (at least 1).
 * @param arrays  n arrays.
 * @param axis    the axis to join along.
 * @param out     NULL, or an array of the result's shape taking it under
 *                same_kind casting.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_concatenate(int n, nd_array_list arrays, int axis, nd_array *out);
/** Joins arrays of one shape along a new axis: np.stack.
 * @param n       the number of arrays.  @param arrays  n arrays.
 * @param axis    the new axis, in [-(ndim+1), ndim].
 * @param out     NULL, or an array of the result's shape.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_stack(int n, nd_array_list arrays, int axis, nd_array *out);
/** Joins arrays column-wise: np.hstack (axis 1, or 0 for 1-D arrays).
 * @param n  the number of arrays.  @param arrays  n arrays.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_hstack(int n, nd_array_list arrays);
/** Joins arrays row-wise: np.vstack (1-D arrays become rows).
 * @param n  the number of arrays.  @param arrays  n arrays.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_vstack(int n, nd_array_list arrays);
/** Joins arrays depth-wise: np.dstack (along a third axis, after np.atleast_3d).
 * @param n  the number of arrays.  @param arrays  n arrays.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_dstack(int n, nd_array_list arrays);
/** Splits an array into equal parts: np.split(a, sections, axis).
 *
 * sections must divide the axis (else ND_ERR_VALUE "array split does not
 * result in an equal division").
 * @param a         the array.
 * @param sections  the number of parts.
 * @param axis      the axis to split.
 * @param parts     receives sections new references (views).
 * @return ND_OK or an error status. */
ND_API int nd_split(const nd_array *a, int64_t sections, int axis, nd_array **parts);
/** Splits an array into nearly equal parts: np.array_split(a, sections, axis).
 *
 * The first len % sections parts are one longer.
 * @param a  the array.  @param sections  the number of parts.  @param axis  the axis.
 * @param parts  receives sections new references (views).
 * @return ND_OK or an error status. */
ND_API int nd_array_split(const nd_array *a, int64_t sections, int axis, nd_array **parts);
/** Splits an array at indices: np.split(a, indices, axis).
 * @param a        the array.
 * @param nidx     the number of split points.
 * @param indices  nidx split points along axis (clamped as NumPy's slices).
 * @param axis     the axis.
 * @param parts    receives nidx + 1 new references (views).
 * @return ND_OK or an error status. */
ND_API int nd_split_at(const nd_array *a, int nidx, const int64_t *indices, int axis,
                       nd_array **parts);

/* ---- repeating and padding ---- */

/** Repeats a whole array along each axis: np.tile(a, reps).
 * @param a      the array.
 * @param nreps  the number of repetition counts.
 * @param reps   nreps non-negative counts (for the last nreps axes).
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_tile(const nd_array *a, int nreps, const int64_t *reps);
/** Repeats each element: np.repeat(a, repeats, axis).
 *
 * One count for every element (nrep == 1) or one per element along axis
 * (nrep == the axis length); axis ::ND_AXIS_ALL flattens.
 * @param a  the array.  @param nrep  the number of counts.
 * @param repeats  nrep non-negative counts.  @param axis  the axis.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_repeat(const nd_array *a, int nrep, const int64_t *repeats, int axis);
/** How nd_pad() fills the border: np.pad's mode. */
typedef enum {
    ND_PAD_CONSTANT, /**< A constant value ("constant"). */
    ND_PAD_EDGE,     /**< The edge values repeated ("edge"). */
    ND_PAD_REFLECT,  /**< Mirrored without the edge ("reflect"). */
    ND_PAD_WRAP      /**< The other end ("wrap"). */
} nd_pad_mode;
/** Pads an array: np.pad(a, pad_width, mode, constant_values=value).
 *
 * reflect and wrap are periodic for any width; NumPy 1.24's wrap repeats a
 * partial period when a pad is wider than the axis ([0,1] padded (1,3)
 * gives [1,0,1,0,1,1] there, [1,0,1,0,1,0] here).
 * @param a          the array.
 * @param pad_width  (before, after) for each axis: 2 * ndim values.
 * @param mode       the fill.
 * @param value      the constant for ::ND_PAD_CONSTANT.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_pad(const nd_array *a, const int64_t *pad_width, nd_pad_mode mode,
                        double value);

/* ---- rearranging (views unless said) ---- */

/** Reverses the order of elements along an axis: np.flip (view).
 * @param a  the array.  @param axis  the axis, or ::ND_AXIS_ALL for every axis.
 * @return a new reference to a view; NULL on error. */
ND_API nd_array *nd_flip(const nd_array *a, int axis);
/** Rolls elements along an axis: np.roll (a copy).
 * @param a  the array.  @param shift  positions to roll (negative: backwards).
 * @param axis  the axis, or ::ND_AXIS_ALL to roll the flattened array.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_roll(const nd_array *a, int64_t shift, int axis);
/** Rotates by 90 degrees k times in the plane of two axes: np.rot90 (view).
 * @param a  the array.  @param k  the number of quarter turns (any sign).
 * @param axis0  the first axis of the plane.  @param axis1  the second.
 * @return a new reference to a view; NULL on error. */
ND_API nd_array *nd_rot90(const nd_array *a, int k, int axis0, int axis1);
/** Removes a length-1 axis: np.squeeze (view).
 * @param a  the array.
 * @param axis  the axis (length 1, else ND_ERR_VALUE), or ::ND_AXIS_ALL for all of them.
 * @return a new reference to a view; NULL on error. */
ND_API nd_array *nd_squeeze(const nd_array *a, int axis);
/** Inserts a length-1 axis: np.expand_dims (view).
 * @param a  the array.  @param axis  the new axis's position, in [-(ndim+1), ndim].
 * @return a new reference to a view; NULL on error. */
ND_API nd_array *nd_expand_dims(const nd_array *a, int axis);
/** Moves an axis to a new position: np.moveaxis (view).
 * @param a  the array.  @param source  the axis to move.
 * @param destination  where it goes.
 * @return a new reference to a view; NULL on error. */
ND_API nd_array *nd_moveaxis(const nd_array *a, int source, int destination);
/** Swaps two axes: np.swapaxes (view).
 * @param a  the array.  @param axis1  one axis.  @param axis2  the other.
 * @return a new reference to a view; NULL on error. */
ND_API nd_array *nd_swapaxes(const nd_array *a, int axis1, int axis2);
/** The elements as 1-D in C order: np.ravel (a view when the strides allow, else a copy).
 * @param a  the array.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_ravel(const nd_array *a);
/** A 1-D copy in C order: ndarray.flatten.
 * @param a  the array.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_flatten(const nd_array *a);
/** At least one dimension: np.atleast_1d (view; a 0-d array becomes shape (1,)).
 * @param a  the array.
 * @return a new reference to a view; NULL on error. */
ND_API nd_array *nd_atleast_1d(const nd_array *a);
/** At least two dimensions: np.atleast_2d (view; 1-D (N,) becomes (1, N)).
 * @param a  the array.
 * @return a new reference to a view; NULL on error. */
ND_API nd_array *nd_atleast_2d(const nd_array *a);
/** At least three dimensions: np.atleast_3d (view; (N,) becomes (1, N, 1), (M, N) (M, N, 1)).
 * @param a  the array.
 * @return a new reference to a view; NULL on error. */
ND_API nd_array *nd_atleast_3d(const nd_array *a);
/** Broadcasts arrays against each other: np.broadcast_arrays.
 * @param n       the number of arrays.
 * @param arrays  n arrays.
 * @param out     receives n new references: read-only views of the common shape.
 * @return ND_OK or an error status (ND_ERR_SHAPE when they do not broadcast). */
ND_API int nd_broadcast_arrays(int n, nd_array_list arrays, nd_array **out);
/** Copies values into an array where a mask is true: np.copyto(dst, src, casting, where).
 *
 * src and where broadcast to dst's shape; a cast casting forbids is ND_ERR_DTYPE.
 * @param dst      the (writeable) destination.
 * @param src      the values.
 * @param casting  the casting rule for src's dtype to dst's.
 * @param where    a bool mask, or NULL for everywhere.
 * @return ND_OK or an error status. */
ND_API int nd_copyto(nd_array *dst, const nd_array *src, nd_casting casting, const nd_array *where);

/* ---- matrices and grids ---- */

/** A 2-D array with ones on a diagonal: np.eye(n, m, k, dtype).
 * @param n  rows.  @param m  columns (negative: m = n).
 * @param k  the diagonal (0 main, positive above, negative below).
 * @param t  the dtype.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_eye(int64_t n, int64_t m, int64_t k, nd_dtype t);
/** The n x n identity matrix: np.identity.
 * @param n  the size.  @param t  the dtype.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_identity(int64_t n, nd_dtype t);
/** Extracts a diagonal or builds a diagonal array: np.diag(v, k).
 *
 * The k-th diagonal of a 2-D array (a copy, as NumPy's diag of a 2-D array
 * is read-only and copying is simpler to own), or a 2-D array with a 1-D
 * array on its k-th diagonal.
 * @param v  a 1-D or 2-D array.  @param k  the diagonal.
 * @return a new reference; NULL on error (also for v of another ndim). */
ND_API nd_array *nd_diag(const nd_array *v, int64_t k);
/** A diagonal of a plane of axes: np.diagonal (a read-only view).
 * @param a  the array (at least 2-D).  @param offset  the diagonal.
 * @param axis1  the first axis of the plane.  @param axis2  the second.
 * @return a new reference to a read-only view; NULL on error. */
ND_API nd_array *nd_diagonal(const nd_array *a, int64_t offset, int axis1, int axis2);
/** The upper triangle (zeros below diagonal k) of the last two axes: np.triu.
 * @param a  the array.  @param k  the diagonal.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_triu(const nd_array *a, int64_t k);
/** The lower triangle (zeros above diagonal k) of the last two axes: np.tril.
 * @param a  the array.  @param k  the diagonal.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_tril(const nd_array *a, int64_t k);
/** Coordinate arrays from coordinate vectors: np.meshgrid(*xs, indexing='xy' or 'ij').
 * @param n    the number of vectors.
 * @param xs   n arrays (flattened).
 * @param ij   true for indexing='ij', false for 'xy' (the first two axes swapped).
 * @param out  receives n new references, each of ndim n.
 * @return ND_OK or an error status. */
ND_API int nd_meshgrid(int n, nd_array_list xs, bool ij, nd_array **out);
/** The index grid of a shape: np.indices(dims, dtype).
 * @param ndim  the number of dimensions.  @param dims  ndim extents.
 * @param t     the dtype (an integer or float dtype).
 * @return a new reference of shape (ndim, *dims); NULL on error. */
ND_API nd_array *nd_indices(int ndim, const int64_t *dims, nd_dtype t);

/* ---- advanced indexing ---- */

/** Takes elements by index along an axis: np.take(a, indices, axis, out).
 *
 * Integer indices of any shape; negative ones wrap once; out of bounds is
 * ND_ERR_INDEX.
 * @param a        the array.
 * @param indices  an integer array.
 * @param axis     the axis, or ::ND_AXIS_ALL to take from the flattened array.
 * @param out      NULL, or an array of the result's shape.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_take(const nd_array *a, const nd_array *indices, int axis, nd_array *out);
/** Sets elements by flat index: np.put(a, indices, values).
 * @param a        the (writeable) array.
 * @param indices  flat C-order indices (integer array; negative from the end).
 * @param values   the values, repeated as needed.
 * @return ND_OK or an error status. */
ND_API int nd_put(nd_array *a, const nd_array *indices, const nd_array *values);
/** The slices where a mask is true: np.compress(mask, a, axis).
 *
 * A mask shorter than the axis selects from its first entries only.
 * @param mask  a 1-D array (nonzero selects).
 * @param a     the array.
 * @param axis  the axis, or ::ND_AXIS_ALL for the flattened array.
 * @param out   NULL, or an array of the result's shape.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_compress(const nd_array *mask, const nd_array *a, int axis, nd_array *out);
/** Takes values by matching indices along an axis: np.take_along_axis.
 *
 * indices has a's ndim and broadcasts against a on the other axes (the
 * output of nd_argsort() fits).
 * @param a  the array.  @param indices  an integer array.  @param axis  the axis.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_take_along_axis(const nd_array *a, const nd_array *indices, int axis);
/** Puts values by matching indices along an axis: np.put_along_axis.
 * @param a  the (writeable) array.  @param indices  an integer array of a's ndim.
 * @param values  the values, broadcast to indices' shape.  @param axis  the axis.
 * @return ND_OK or an error status. */
ND_API int nd_put_along_axis(nd_array *a, const nd_array *indices, const nd_array *values,
                             int axis);

/** The kind of one item of a general index, as in a[1, ::2, ..., None, idx, mask]. */
typedef enum {
    ND_IDX_INT,      /**< An integer: nd_index.i. */
    ND_IDX_SLICE,    /**< A slice: .start .stop .step; ::ND_SLICE_NONE leaves one out. */
    ND_IDX_ELLIPSIS, /**< `...`. */
    ND_IDX_NEWAXIS,  /**< `None` (np.newaxis). */
    ND_IDX_ARRAY     /**< An array: .array, integer (fancy) or bool (mask). */
} nd_index_kind;
/** One item of a general index (nd_index_get(), nd_index_set()). */
typedef struct {
    nd_index_kind kind;           /**< Which fields apply. */
    int64_t i, start, stop, step; /**< ND_IDX_SLICE: the step, or ::ND_SLICE_NONE. */
    const nd_array *array;        /**< ND_IDX_ARRAY: the index array (borrowed). */
} nd_index;
/** @var nd_index::i
 * ND_IDX_INT: the index (negative from the end). */
/** @var nd_index::start
 * ND_IDX_SLICE: the start, or ::ND_SLICE_NONE. */
/** @var nd_index::stop
 * ND_IDX_SLICE: the stop, or ::ND_SLICE_NONE. */
/** General indexing, a[idx]: integers, slices, ..., None, integer and bool arrays.
 *
 * Basic items give a view, any array item a copy, with NumPy's result
 * shape rules (advanced indices next to each other replace their axes in
 * place; separated by a slice, their broadcast shape goes first).
 * @param a    the array.
 * @param n    the number of items.
 * @param idx  n items.
 * @return a new reference (view or copy); NULL on error. */
ND_API nd_array *nd_index_get(const nd_array *a, int n, const nd_index *idx);
/** General index assignment, a[idx] = values.
 *
 * values broadcast to the indexed shape and are cast as NumPy's assignment
 * casts: unsafely (1.5 into an int array gives 1).
 * @param a  the (writeable) array.  @param n  the number of items.
 * @param idx  n items.  @param values  the values.
 * @return ND_OK or an error status. */
ND_API int nd_index_set(nd_array *a, int n, const nd_index *idx, const nd_array *values);

/* ---- searching by truth ---- */

/** The indices of the nonzero elements, one array per axis: np.nonzero.
 * @param a    the array.
 * @param out  receives ndim new int64 references (one for a 0-d array).
 * @return ND_OK or an error status. */
ND_API int nd_nonzero(const nd_array *a, nd_array **out);
/** np.where(cond) with one argument: the same as nd_nonzero().
 * @param cond  the array.
 * @param out   receives ndim new int64 references.
 * @return ND_OK or an error status. */
ND_API int nd_where1(const nd_array *cond, nd_array **out);
/** The indices of the nonzero elements, one row each: np.argwhere.
 * @param a  the array.
 * @return a new (count, ndim) int64 reference; NULL on error. */
ND_API nd_array *nd_argwhere(const nd_array *a);
/** The flat C-order indices of the nonzero elements: np.flatnonzero.
 * @param a  the array.
 * @return a new 1-D int64 reference; NULL on error. */
ND_API nd_array *nd_flatnonzero(const nd_array *a);
/** The number of nonzero elements: np.count_nonzero.
 * @param a  the array.
 * @return the count; -1 on error. */
ND_API int64_t nd_count_nonzero(const nd_array *a);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
