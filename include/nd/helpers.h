/** @file
 * NumPy's creation, shape and index helpers: the *_like constructors,
 * logspace/geomspace, triangle and diagonal indices, index conversion,
 * insert/delete/append, block, and the C-callback forms of fromfunction,
 * mask_indices and apply_along_axis (src/manip/helpers_*.c).
 *
 * @defgroup helpers Helpers
 * Each function has NumPy 1.24's semantics and error wording (ND_ERR_AXIS
 * for axes out of range, ND_ERR_INDEX for indices out of bounds,
 * ND_ERR_VALUE for bad values, ND_ERR_DTYPE for dtypes a function does
 * not take). ::ND_AXIS_ALL is NumPy's axis=None (the flattened array).
 * Results are new references unless said; functions with several results
 * write new references into the caller's slots and return a status.
 * @{ */
#ifndef ND_HELPERS_H
#define ND_HELPERS_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- creation ---- */

/** An uninitialized array of a's shape: np.empty_like(a, dtype).
 *
 * The layout is NumPy's order='K': the axes lie in memory in the order of
 * a's strides (a Fortran-ordered or transposed prototype gives a result
 * laid out the same way; then the result is a view of a fresh buffer).
 * @param a  the prototype.
 * @param t  the dtype, or ::ND_NUM_DTYPES for a's dtype.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_empty_like(const nd_array *a, nd_dtype t);
/** An array of zeros of a's shape: np.zeros_like(a, dtype) (layout as nd_empty_like()).
 * @param a  the prototype.  @param t  the dtype, or ::ND_NUM_DTYPES for a's.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_zeros_like(const nd_array *a, nd_dtype t);
/** An array of ones of a's shape: np.ones_like(a, dtype) (layout as nd_empty_like()).
 * @param a  the prototype.  @param t  the dtype, or ::ND_NUM_DTYPES for a's.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_ones_like(const nd_array *a, nd_dtype t);
/** An array of a's shape filled with a value: np.full_like(a, value, dtype).
 *
 * The value is cast unsafely, as NumPy's copyto in full_like (2.7 into an
 * integer array gives 2; NaN into an integer array is the cast rule's
 * value, nd_astype()).
 * @param a  the prototype.  @param value  the fill value.
 * @param t  the dtype, or ::ND_NUM_DTYPES for a's.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_full_like(const nd_array *a, double value, nd_dtype t);
/** Numbers spaced evenly on a log scale: np.logspace(start, stop, num, endpoint, base, dtype).
 *
 * base ** linspace(start, stop, num, endpoint), computed in float64 (libm's
 * pow, as NumPy) and then cast to t. A negative num is ND_ERR_VALUE.
 * @param start  the first exponent.  @param stop  the last exponent.
 * @param num  the number of values.  @param endpoint  whether stop is included.
 * @param base  the base.  @param t  the dtype (NumPy's default: ::ND_FLOAT64).
 * @return a new 1-D reference; NULL on error. */
ND_API nd_array *nd_logspace(double start, double stop, int64_t num, bool endpoint, double base,
                             nd_dtype t);
/** Numbers spaced evenly on a log scale between two end values: np.geomspace.
 *
 * Both ends negative gives the negated sequence of their magnitudes, as
 * NumPy; the computed ends are replaced by start and stop exactly. A zero
 * end is ND_ERR_VALUE "Geometric sequence cannot include zero"; ends of
 * opposite signs (NumPy's NaN for real inputs) give NaN between the exact
 * ends. A negative num is ND_ERR_VALUE.
 * @param start  the first value.  @param stop  the last value.
 * @param num  the number of values.  @param endpoint  whether stop is included.
 * @param t  the dtype (NumPy's default: ::ND_FLOAT64).
 * @return a new 1-D reference; NULL on error. */
ND_API nd_array *nd_geomspace(double start, double stop, int64_t num, bool endpoint, nd_dtype t);
/** Ones at and below a diagonal, zeros elsewhere: np.tri(n, m, k, dtype).
 * @param n  rows (non-negative).  @param m  columns (negative: m = n).
 * @param k  the diagonal (0 main, positive above, negative below).
 * @param t  the dtype.
 * @return a new (n, m) reference; NULL on error. */
ND_API nd_array *nd_tri(int64_t n, int64_t m, int64_t k, nd_dtype t);
/** A 2-D array with the flattened input on diagonal k: np.diagflat(v, k).
 * @param v  the values (any shape; flattened in C order).  @param k  the diagonal.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_diagflat(const nd_array *v, int64_t k);
/** The C callback of nd_fromfunction(): NumPy's function(*coords).
 *
 * Called once with the ndim coordinate arrays (borrowed, each of the full
 * shape); returns a new reference (or NULL with an error set). */
typedef nd_array *(*nd_fromfunction_fn)(int ndim, nd_array *const *coords, void *ctx);
/** Builds an array by calling a function on index grids: np.fromfunction(fn, shape, dtype).
 *
 * fn is called once with the coordinate arrays of np.indices(shape, dtype)
 * and its result is returned as it is (any shape and dtype, as NumPy). A
 * NULL result without an error set is ND_ERR_VALUE.
 * @param fn  the function.  @param ctx  passed to fn.
 * @param ndim  the number of dimensions (at least 1).  @param shape  ndim extents.
 * @param t  the coordinates' dtype (NumPy's default: ::ND_FLOAT64).
 * @return fn's result (a new reference); NULL on error. */
ND_API nd_array *nd_fromfunction(nd_fromfunction_fn fn, void *ctx, int ndim, const int64_t *shape,
                                 nd_dtype t);

/** Requirements of nd_require(), NumPy's requirements letters (bits). */
enum {
    ND_REQ_C = 1,         /**< "C": C-contiguous. */
    ND_REQ_F = 2,         /**< "F": Fortran-contiguous. */
    ND_REQ_ALIGNED = 4,   /**< "A": aligned (nd's own arrays always are; nd_wrap()'s may not be). */
    ND_REQ_WRITEABLE = 8, /**< "W": writeable. */
    ND_REQ_OWNDATA = 16   /**< "O": no other array shares the buffer. */
};
/** An array meeting requirements, copied only when needed: np.require(a, dtype, requirements).
 *
 * Casts to t first (unsafely, as np.asanyarray), then copies in the order
 * asked (C unless ::ND_REQ_F) when a requirement is not met. Asking for
 * both orders is ND_ERR_VALUE "Cannot specify both "C" and "F" order".
 * ::ND_REQ_OWNDATA holds when the array is the only one holding its buffer
 * and spans all of it (nd keeps no base pointers).
 * @param a  the array.  @param t  the dtype, or ::ND_NUM_DTYPES to keep a's.
 * @param flags  a mask of ND_REQ_* bits (others are ND_ERR_VALUE).
 * @return a new reference (to a itself when nothing had to change); NULL on error. */
ND_API nd_array *nd_require(const nd_array *a, nd_dtype t, int flags);
/** An array with a check for non-finite values: np.asarray_chkfinite(a, dtype).
 *
 * A NaN or infinity anywhere is ND_ERR_VALUE "array must not contain infs
 * or NaNs".
 * @param a  the array.  @param t  the dtype (cast unsafely), or ::ND_NUM_DTYPES for a's.
 * @return a new reference (to a itself when t is its dtype); NULL on error. */
ND_API nd_array *nd_asarray_chkfinite(const nd_array *a, nd_dtype t);
/** An array of floating-point type: np.asfarray(a, dtype).
 *
 * A t that is not a float or complex dtype (or ::ND_NUM_DTYPES) means
 * float64, as NumPy's.
 * @param a  the array.  @param t  the dtype, or ::ND_NUM_DTYPES for float64.
 * @return a new reference (to a itself when it already has that dtype); NULL on error. */
ND_API nd_array *nd_asfarray(const nd_array *a, nd_dtype t);

/* ---- index helpers ---- */

/** The indices of the lower triangle of an (n, m) array: np.tril_indices(n, k, m).
 * @param n  rows.  @param k  the diagonal.  @param m  columns (negative: m = n).
 * @param out  receives 2 new int64 1-D references (rows, then columns), in C order.
 * @return ND_OK or an error status. */
ND_API int nd_tril_indices(int64_t n, int64_t k, int64_t m, nd_array **out);
/** The indices of the upper triangle of an (n, m) array: np.triu_indices(n, k, m).
 * @param n  rows.  @param k  the diagonal.  @param m  columns (negative: m = n).
 * @param out  receives 2 new int64 1-D references (rows, then columns).
 * @return ND_OK or an error status. */
ND_API int nd_triu_indices(int64_t n, int64_t k, int64_t m, nd_array **out);
/** nd_tril_indices() for a's shape: np.tril_indices_from(a, k).
 * @param a  a 2-D array (else ND_ERR_VALUE "input array must be 2-d").
 * @param k  the diagonal.  @param out  receives 2 new references.
 * @return ND_OK or an error status. */
ND_API int nd_tril_indices_from(const nd_array *a, int64_t k, nd_array **out);
/** nd_triu_indices() for a's shape: np.triu_indices_from(a, k).
 * @param a  a 2-D array.  @param k  the diagonal.  @param out  receives 2 new references.
 * @return ND_OK or an error status. */
ND_API int nd_triu_indices_from(const nd_array *a, int64_t k, nd_array **out);
/** The indices of the main diagonal of an n x ... x n array: np.diag_indices(n, ndim).
 * @param n  the length of each axis.  @param ndim  the number of axes (1 to ::ND_MAX_DIMS).
 * @param out  receives ndim new int64 references, each arange(n).
 * @return ND_OK or an error status. */
ND_API int nd_diag_indices(int64_t n, int ndim, nd_array **out);
/** nd_diag_indices() for a's shape: np.diag_indices_from(a).
 *
 * a must be at least 2-d with every axis of one length (ND_ERR_VALUE otherwise).
 * @param a  the array.  @param out  receives ndim(a) new references.
 * @return ND_OK or an error status. */
ND_API int nd_diag_indices_from(const nd_array *a, nd_array **out);
/** The C callback of nd_mask_indices(): NumPy's mask_func(a, k), as np.triu.
 *
 * Receives an (n, n) int64 array of ones (borrowed) and k; returns a new
 * reference of the same shape (nonzero: in the mask), or NULL with an error. */
typedef nd_array *(*nd_mask_fn)(const nd_array *a, int64_t k, void *ctx);
/** The indices where a mask function is nonzero: np.mask_indices(n, mask_func, k).
 * @param n  the size.  @param fn  the mask function.  @param k  passed to fn.
 * @param ctx  passed to fn.
 * @param out  receives 2 new int64 references (rows, columns).
 * @return ND_OK or an error status (fn's result of another shape: ND_ERR_SHAPE). */
ND_API int nd_mask_indices(int64_t n, nd_mask_fn fn, int64_t k, void *ctx, nd_array **out);
/** Fills the main diagonal in place: np.fill_diagonal(a, val, wrap).
 *
 * The values of val (flattened, cast unsafely, repeated as needed) go to
 * every step-th flat position, C order (step = ncols + 1 for 2-D, else every axis
 * of one length, ND_ERR_VALUE otherwise); wrap continues a tall 2-D
 * matrix's diagonal below its square part, as NumPy.
 * @param a  the (writeable) array, at least 2-D.  @param val  the values.
 * @param wrap  NumPy's wrap.
 * @return ND_OK or an error status. */
ND_API int nd_fill_diagonal(nd_array *a, const nd_array *val, bool wrap);
/** Open-mesh index arrays from 1-D sequences: np.ix_(*seqs).
 *
 * out[k] is a view of seqs[k] with shape (1, ..., len, ..., 1) (length on
 * axis k); a bool sequence becomes its nonzero indices. A sequence of
 * another ndim is ND_ERR_VALUE "Cross index must be 1 dimensional".
 * @param n  the number of sequences.  @param seqs  n 1-D arrays.
 * @param out  receives n new references.
 * @return ND_OK or an error status. */
ND_API int nd_ix_(int n, nd_array_list seqs, nd_array **out);
/** What nd_ravel_multi_index() does with an index out of bounds (NumPy's mode). */
typedef enum {
    ND_INDEX_RAISE, /**< An error ("raise"). */
    ND_INDEX_WRAP,  /**< Wrap around ("wrap"). */
    ND_INDEX_CLIP   /**< Clip to the range ("clip"). */
} nd_index_mode;
/** Flat indices from coordinate arrays: np.ravel_multi_index(multi_index, dims, mode, order).
 *
 * The ndim integer arrays broadcast together; an index out of bounds with
 * ::ND_INDEX_RAISE is ND_ERR_VALUE "invalid entry in coordinates array";
 * non-integer arrays are ND_ERR_DTYPE "only int indices permitted".
 * @param ndim  the number of coordinate arrays (= the number of dims).
 * @param multi_index  ndim integer arrays.  @param dims  ndim extents.
 * @param mode  one mode for every axis.  @param order  ::ND_ORDER_C or ::ND_ORDER_F.
 * @return a new int64 reference of the broadcast shape; NULL on error. */
ND_API nd_array *nd_ravel_multi_index(int ndim, nd_array_list multi_index, const int64_t *dims,
                                      nd_index_mode mode, nd_order order);
/** nd_ravel_multi_index() with one mode per axis: np.ravel_multi_index(..., mode=(m0, m1, ...)).
 * @param ndim  the number of coordinate arrays.  @param multi_index  ndim integer arrays.
 * @param dims  ndim extents.  @param modes  ndim modes, one per axis.
 * @param order  ::ND_ORDER_C or ::ND_ORDER_F.
 * @return a new int64 reference of the broadcast shape; NULL on error. */
ND_API nd_array *nd_ravel_multi_index_modes(int ndim, nd_array_list multi_index,
                                            const int64_t *dims, const nd_index_mode *modes,
                                            nd_order order);
/** Coordinate arrays from flat indices: np.unravel_index(indices, shape, order).
 *
 * An index outside [0, prod(dims)) is ND_ERR_VALUE ("index 10 is out of
 * bounds for array with size 6"); non-integer indices are ND_ERR_DTYPE.
 * @param indices  an integer array.  @param ndim  the number of dims.
 * @param dims  ndim extents.  @param order  ::ND_ORDER_C or ::ND_ORDER_F.
 * @param out  receives ndim new int64 references of indices' shape.
 * @return ND_OK or an error status. */
ND_API int nd_unravel_index(const nd_array *indices, int ndim, const int64_t *dims, nd_order order,
                            nd_array **out);

/* ---- editing and joining ---- */

/** A new array of a shape, filled with a's elements repeated: np.resize(a, new_shape).
 *
 * An empty a gives zeros, as NumPy; a negative extent is ND_ERR_VALUE.
 * @param a  the array.  @param ndim  the new ndim.  @param shape  ndim extents.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_resize(const nd_array *a, int ndim, const int64_t *shape);
/** Values appended at the end of an axis: np.append(arr, values, axis).
 *
 * ::ND_AXIS_ALL flattens both (a 1-D result); otherwise nd_concatenate()'s rules.
 * @param arr  the array.  @param values  the values.  @param axis  the axis.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_append(const nd_array *arr, const nd_array *values, int axis);
/** Removes entries along an axis: np.delete(arr, obj, axis).
 *
 * obj is an integer array (a 0-d one is one index; negative from the end;
 * out of bounds is ND_ERR_INDEX) or a bool mask of the axis's length
 * (another length: ND_ERR_VALUE). ::ND_AXIS_ALL works on the flattened array.
 * @param arr  the array.  @param obj  the indices or mask.  @param axis  the axis.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_delete(const nd_array *arr, const nd_array *obj, int axis);
/** np.delete(arr, slice(start, stop, step), axis): nd_delete() of the indices the slice selects.
 *
 * The bounds follow Python's slice rules on the axis's length (the
 * flattened size for ::ND_AXIS_ALL); ::ND_SLICE_NONE leaves one out.
 * @param arr  the array.  @param start  the first index.  @param stop  the end.
 * @param step  the step (0 is ND_ERR_VALUE).  @param axis  the axis.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_delete_slice(const nd_array *arr, int64_t start, int64_t stop, int64_t step,
                                 int axis);
/** Inserts values before indices along an axis: np.insert(arr, obj, values, axis).
 *
 * obj is an integer array (bool cast to int, as NumPy 1.24): a single index
 * inserts all of values there (a 0-d obj takes values' first axis as the
 * inserted one, as NumPy), several insert one slice each, in a stable order.
 * values are cast unsafely to arr's dtype and broadcast. ::ND_AXIS_ALL
 * works on the flattened array.
 * @param arr  the array.  @param obj  the indices.  @param values  the values.
 * @param axis  the axis.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_insert(const nd_array *arr, const nd_array *obj, const nd_array *values,
                           int axis);
/** np.insert(arr, slice(start, stop, step), values, axis): nd_insert() at the slice's indices.
 *
 * The indices are np.arange(*slice.indices(n)) for the axis's length n,
 * a 1-D obj as NumPy makes it; ::ND_SLICE_NONE leaves a bound out.
 * @param arr  the array.  @param start  the first index.  @param stop  the end.
 * @param step  the step (0 is ND_ERR_VALUE).  @param values  the values.
 * @param axis  the axis.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_insert_slice(const nd_array *arr, int64_t start, int64_t stop, int64_t step,
                                 const nd_array *values, int axis);
/** Stacks 1-D arrays as columns of a 2-D array: np.column_stack(tup).
 * @param n  the number of arrays.  @param arrays  n arrays (1-D ones become columns).
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_column_stack(int n, nd_array_list arrays);
/** Assembles an array from nested blocks: np.block(arrays).
 *
 * The nesting is a string of NumPy's list syntax over indices into arrays,
 * "[[0, 1], [2, 3]]" for np.block([[A, B], [C, D]]) (an index may repeat;
 * a bare "0" is one array). Inner lists join along the last axis, the
 * next ones out along the axis before, after each block gets the result's
 * ndim (leading 1s). Mixed depths, empty lists and malformed text are
 * ND_ERR_VALUE with NumPy's messages where it has them.
 * @param layout  the nesting.  @param n  the number of arrays.
 * @param arrays  n arrays.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_block(const char *layout, int n, nd_array_list arrays);
/** Trims leading and/or trailing zeros of a 1-D array: np.trim_zeros(filt, trim).
 * @param filt  a 1-D array.
 * @param trim  "f" (front), "b" (back), "fb" (both; NumPy's default), any case.
 * @return a new reference to a view of filt; NULL on error. */
ND_API nd_array *nd_trim_zeros(const nd_array *filt, const char *trim);
/** The C callback of nd_apply_along_axis(): NumPy's func1d(arr).
 *
 * Receives a 1-D view (borrowed); returns a new reference (any shape, the
 * same for every call), or NULL with an error set. */
typedef nd_array *(*nd_apply_fn)(const nd_array *arr1d, void *ctx);
/** Applies a function to 1-D slices along an axis: np.apply_along_axis(fn, axis, arr).
 *
 * The result takes the first call's dtype and shape in place of the axis
 * (later results are cast unsafely and broadcast to it). An array with no
 * slices is ND_ERR_VALUE "Cannot apply_along_axis when any iteration
 * dimensions are 0".
 * @param fn  the function.  @param ctx  passed to fn.
 * @param axis  the axis.  @param arr  the array.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_apply_along_axis(nd_apply_fn fn, void *ctx, int axis, const nd_array *arr);
/** The C callback of nd_apply_over_axes(): NumPy's func(a, axis), as np.sum.
 *
 * Receives the array so far (borrowed) and an axis; returns a new
 * reference with a's ndim or one less, or NULL with an error set. */
typedef nd_array *(*nd_axis_fn)(const nd_array *a, int axis, void *ctx);
/** Applies a reducing function over axes in turn, keeping dims: np.apply_over_axes(fn, a, axes).
 *
 * A result with one dimension less gets it back (expand_dims); any other
 * ndim is ND_ERR_VALUE "function is not returning an array of the correct
 * shape".
 * @param fn  the function.  @param ctx  passed to fn.  @param a  the array.
 * @param naxes  the number of axes.  @param axes  naxes axes (negative from the end).
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_apply_over_axes(nd_axis_fn fn, void *ctx, const nd_array *a, int naxes,
                                    const int *axes);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
