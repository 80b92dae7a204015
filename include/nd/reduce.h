/** @file
 * Reductions and cumulative ops.
 *
 * @defgroup reduce Reductions
 * NumPy's sum, prod, mean, min, max, argmin, argmax, any, all, var, std,
 * their nan* forms, cumsum and cumprod (src/reduce).
 *
 * Common rules
 * - axis is in [-ndim, ndim) or ND_AXIS_ALL (NumPy's axis=None). A bad axis
 *   is ND_ERR_AXIS "axis 2 is out of bounds for array of dimension 2".
 * - keepdims keeps the reduced axes with length 1.
 * - out may be NULL (a new array is returned) or an array of the result's
 *   exact shape (keepdims included), written under the same_kind casting
 *   rule (else ND_ERR_DTYPE) and returned without a new reference. A wrong
 *   shape is ND_ERR_SHAPE.
 * - Result dtypes are NumPy's: sum/prod of bool and signed integers give
 *   int64, of unsigned integers uint64; float and complex keep their dtype
 *   (float16 accumulates in float32 and rounds once at the end); mean, var
 *   and std of integers give float64; argmin/argmax give int64; any/all
 *   give bool; min/max keep the input's dtype.
 * - Empty reductions: sum 0, prod 1, any false, all true, mean NaN (with
 *   the invalid flag); min/max of a zero-length reduction is ND_ERR_VALUE
 *   "zero-size array to reduction operation maximum which has no identity",
 *   argmin/argmax "attempt to get argmax of an empty sequence".
 * - NaN: min/max propagate it (NumPy); argmin/argmax return the index of the
 *   first NaN if there is one, else of the first extreme (ties: first
 *   index, in C order of the logical indices for ND_AXIS_ALL). The nan*
 *   forms skip NaN: an all-NaN slice gives NaN and the invalid flag for
 *   nanmin/nanmax/nanmean/nanvar, and ND_ERR_VALUE "All-NaN slice
 *   encountered" for nanargmin/nanargmax. Integers have no NaN: their nan*
 *   forms equal the plain ones.
 *
 * Accuracy and determinism of float sums (sum, mean, var, std, nansum...)
 * Every float sum is pairwise on every axis, not only the contiguous one:
 * the reduced elements of one output, in memory order, are cut into leaves
 * of 128; a leaf is summed with 8 interleaved accumulators (element i into
 * accumulator i mod 8, combined as ((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7)));
 * leaves are combined in a binary counter (two partial sums of equal
 * weight are added as soon as both exist, older + newer), which is the
 * pairwise tree over leaves. When the reduced elements are not one
 * coalescable run, each run is summed that way and the runs' sums are
 * combined by the same binary counter. The error bound is therefore that
 * of pairwise summation: |error| <= (19 + ceil(log2(max(1, n/128)))) * u *
 * sum|x_i| (to first order) (u = 2^-24 for float32, 2^-53 for float64), instead of the
 * n * u * sum|x_i| of a running sum. The block structure is fixed (it does
 * not depend on the ISA level, the layout of the kept axes, or the thread
 * count), so results are bitwise identical at every nd_set_isa level, and a
 * reduction along a strided axis gives the same bits as the same values
 * reduced along a contiguous one. Axis-0 reductions of C-order arrays are
 * vectorized across the contiguous axis (whole rows are accumulated), so
 * they run as fast as axis -1.
 * prod is a running product in memory order (as NumPy); min/max/any/all and
 * integer sums are exact (integers wrap).
 *
 * Cumulative ops: cumsum of float32/float64 (and each part of complex) is a
 * compensated (Neumaier) running sum, so element k has
 * |error| <= 2u|s_k| + 2(k+1)^2 u^2 sum_{i<=k}|x_i| (about u per element
 * instead of k*u); float32/float64 restart it every 65,536 elements along
 * the axis from the sum of the earlier blocks' totals (float64 pairwise,
 * adding about log2(n) u sum|x_i|; float32 in double, negligible), which
 * fixes the bits for any thread count and layout; float16 runs the same in
 * float32 and rounds each element once. cumprod is a running product.
 * Integer cumsum/cumprod wrap as NumPy's.
 * ND_AXIS_ALL flattens in C order (NumPy's axis=None) and gives a 1-D
 * result.
 * @{ */
#ifndef ND_REDUCE_H
#define ND_REDUCE_H

#include <limits.h>

#include "nd/core.h"
#include "nd/ufunc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The sum along an axis: np.sum.
 *
 * Float sums are pairwise (the bound above); integers wrap; bool and signed
 * integers sum as int64, unsigned as uint64.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_sum(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The product along an axis: np.prod.
 *
 * A running product in memory order (as NumPy); integers wrap.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_prod(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The mean along an axis: np.mean.
 *
 * The pairwise sum divided by the count; integers give float64. An empty
 * reduction is NaN with the invalid flag.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_mean(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The minimum along an axis: np.min (amin).
 *
 * NaN propagates. A zero-length reduction is ND_ERR_VALUE "zero-size array
 * to reduction operation minimum which has no identity".
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_min(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The maximum along an axis: np.max (amax).
 *
 * NaN propagates. A zero-length reduction is ND_ERR_VALUE "zero-size array
 * to reduction operation maximum which has no identity".
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_max(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The index of the minimum along an axis: np.argmin.
 *
 * int64 indices: the first NaN if there is one, else the first minimum (flat
 * C-order index for ::ND_AXIS_ALL). Empty is ND_ERR_VALUE.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_argmin(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The index of the maximum along an axis: np.argmax.
 *
 * int64 indices: the first NaN if there is one, else the first maximum (flat
 * C-order index for ::ND_AXIS_ALL). Empty is ND_ERR_VALUE.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_argmax(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** Whether any element along an axis is true (nonzero): np.any.
 *
 * A bool result; an empty reduction is false.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_any(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** Whether every element along an axis is true (nonzero): np.all.
 *
 * A bool result; an empty reduction is true.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_all(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The sum treating NaN as zero: np.nansum.
 *
 * As nd_sum() with NaN skipped; integers equal nd_sum().
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_nansum(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The mean of the non-NaN elements: np.nanmean.
 *
 * An all-NaN slice gives NaN and the invalid flag.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_nanmean(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The minimum ignoring NaN: np.nanmin.
 *
 * An all-NaN slice gives NaN and the invalid flag.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_nanmin(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The maximum ignoring NaN: np.nanmax.
 *
 * An all-NaN slice gives NaN and the invalid flag.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_nanmax(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The index of the minimum ignoring NaN: np.nanargmin.
 *
 * An all-NaN slice is ND_ERR_VALUE "All-NaN slice encountered".
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_nanargmin(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The index of the maximum ignoring NaN: np.nanargmax.
 *
 * An all-NaN slice is ND_ERR_VALUE "All-NaN slice encountered".
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_nanargmax(const nd_array *a, int axis, bool keepdims, nd_array *out);

/** The variance along an axis: np.var.
 *
 * Two-pass, as NumPy: mean, then sum(|x - mean|^2) / max(n - ddof, 0)
 * (both sums pairwise). Real for complex input; float64 for integers.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param ddof      delta degrees of freedom: the divisor is n - ddof.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_var(const nd_array *a, int axis, int ddof, bool keepdims, nd_array *out);
/** The standard deviation along an axis: np.std, sqrt(nd_var()).
 *
 * Computed as nd_var(), then the square root.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param ddof      delta degrees of freedom: the divisor is n - ddof.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_std(const nd_array *a, int axis, int ddof, bool keepdims, nd_array *out);
/** The variance of the non-NaN elements: np.nanvar.
 *
 * As nd_var() over the non-NaN elements; an all-NaN slice gives NaN and the
 * invalid flag.
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param ddof      delta degrees of freedom: the divisor is n - ddof.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_nanvar(const nd_array *a, int axis, int ddof, bool keepdims, nd_array *out);
/** The standard deviation of the non-NaN elements: np.nanstd.
 *
 * sqrt(nd_nanvar()).
 * @param a         the input.
 * @param axis      the axis to reduce, or ::ND_AXIS_ALL.
 * @param ddof      delta degrees of freedom: the divisor is n - ddof.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_nanstd(const nd_array *a, int axis, int ddof, bool keepdims, nd_array *out);

/** Reduces several axes at once with an op: np.add.reduce(a, axis=(0, 2)) and the like.
 *
 * naxes == 0 reduces nothing (each element alone); axes == NULL with
 * naxes < 0 reduces every axis. op: ND_OP_ADD (sum), ND_OP_MULTIPLY (prod),
 * ND_OP_MAXIMUM / ND_OP_MINIMUM (max/min), ND_OP_FMAX / ND_OP_FMIN
 * (nanmax/nanmin), ND_OP_LOGICAL_OR / ND_OP_LOGICAL_AND (any/all); anything
 * else is ND_ERR_VALUE. A repeated axis is ND_ERR_VALUE "duplicate value in
 * 'axis'".
 * @param op        the op.
 * @param a         the input.
 * @param naxes     the number of axes (negative with axes NULL: all).
 * @param axes      naxes axes.
 * @param keepdims  keep the reduced axes with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_reduce(nd_op op, const nd_array *a, int naxes, const int *axes, bool keepdims,
                           nd_array *out);

/** The cumulative sum along an axis: np.cumsum.
 *
 * Compensated for floats (the bound above); integers wrap; dtypes as nd_sum().
 * @param a    the input.
 * @param axis  the axis, or ::ND_AXIS_ALL (flattened in C order: a 1-D result).
 * @param out  NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_cumsum(const nd_array *a, int axis, nd_array *out);
/** The cumulative product along an axis: np.cumprod.
 *
 * A running product; integers wrap; dtypes as nd_prod().
 * @param a    the input.
 * @param axis  the axis, or ::ND_AXIS_ALL (flattened in C order: a 1-D result).
 * @param out  NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_cumprod(const nd_array *a, int axis, nd_array *out);

/* ---- whole-array reductions as C scalars ---- */

/** The sum of every element as a double: float(np.sum(a)).
 *
 * The reduction is nd_sum()'s (same bits, integers summed as integers),
 * then converted. This and the other scalar reductions below take `status`:
 * NULL, or it receives ND_OK or the error (a NULL a; a complex result for a
 * real form, ND_ERR_DTYPE; the reduction's own errors, e.g. the min of an
 * empty array). On error they return NaN (0 for integers, false for bools).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API double nd_sum_f64(const nd_array *a, nd_status *status);
/** The product of every element as a double (see nd_sum_f64()).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API double nd_prod_f64(const nd_array *a, nd_status *status);
/** The mean of every element as a double (see nd_sum_f64()).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API double nd_mean_f64(const nd_array *a, nd_status *status);
/** The minimum as a double (empty: ND_ERR_VALUE, as nd_min()).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API double nd_min_f64(const nd_array *a, nd_status *status);
/** The maximum as a double (empty: ND_ERR_VALUE, as nd_max()).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API double nd_max_f64(const nd_array *a, nd_status *status);
/** The sum ignoring NaNs as a double (see nd_sum_f64()).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API double nd_nansum_f64(const nd_array *a, nd_status *status);
/** The mean ignoring NaNs as a double (see nd_sum_f64()).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API double nd_nanmean_f64(const nd_array *a, nd_status *status);
/** The minimum ignoring NaNs as a double (see nd_sum_f64()).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API double nd_nanmin_f64(const nd_array *a, nd_status *status);
/** The maximum ignoring NaNs as a double (see nd_sum_f64()).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API double nd_nanmax_f64(const nd_array *a, nd_status *status);
/** The variance of every element as a double: np.var(a, ddof=ddof).
 * @param a  the input.  @param ddof  delta degrees of freedom.
 * @param status  NULL or receives the status.
 * @return the value. */
ND_API double nd_var_f64(const nd_array *a, int ddof, nd_status *status);
/** The standard deviation of every element as a double: np.std(a, ddof=ddof).
 * @param a  the input.  @param ddof  delta degrees of freedom.
 * @param status  NULL or receives the status.
 * @return the value. */
ND_API double nd_std_f64(const nd_array *a, int ddof, nd_status *status);
/** The sum as an int64: int(np.sum(a)).
 *
 * Integer sums are exact in int64 (wrapping as nd_sum()); a float sum
 * truncates, and NaN, infinity or a value out of int64's range is an error.
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API int64_t nd_sum_i64(const nd_array *a, nd_status *status);
/** The flat index of the first minimum: int(np.argmin(a)).
 * @param a  the input (empty: ND_ERR_VALUE).  @param status  NULL or receives the status.
 * @return the index. */
ND_API int64_t nd_argmin_i64(const nd_array *a, nd_status *status);
/** The flat index of the first maximum: int(np.argmax(a)).
 * @param a  the input (empty: ND_ERR_VALUE).  @param status  NULL or receives the status.
 * @return the index. */
ND_API int64_t nd_argmax_i64(const nd_array *a, nd_status *status);
/** The sum as a complex128 (any dtype).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API nd_complex128 nd_sum_c128(const nd_array *a, nd_status *status);
/** The mean as a complex128 (any dtype).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API nd_complex128 nd_mean_c128(const nd_array *a, nd_status *status);
/** Whether every element is true: bool(np.all(a)).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API bool nd_all_bool(const nd_array *a, nd_status *status);
/** Whether any element is true: bool(np.any(a)).
 * @param a  the input.  @param status  NULL or receives the status.
 * @return the value. */
ND_API bool nd_any_bool(const nd_array *a, nd_status *status);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
