/** @file
 * Sorting, searching and counting, with NumPy's names and rules.
 *
 * @defgroup sort Sorting and searching
 * Sorting, searching, counting, histograms and quantiles (src/sort).
 *
 * Order: NumPy's. NaN sorts after everything (+inf included); -0.0 and 0.0
 * are equal; complex numbers order by real part, then imaginary part, with
 * NaN parts last in NumPy's sequence [R + Rj, R + nanj, nan + Rj, nan + nanj].
 *
 * Every sort here is stable and deterministic: nd_sort gives the same bits
 * as nd_sort_stable (equal floats that differ in bits, -0.0 and 0.0 or two
 * NaN payloads, keep their input order), and nd_argsort returns the indices
 * np.argsort(kind='stable') returns. The fast kinds are stable because of
 * how they work (argsort sorts (key, index) pairs), so nothing is given up
 * for it. Speed: vqsort (Highway) at the avx2 and avx512 levels, introsort
 * at scalar and baseline; see docs/design.md "Sorting".
 *
 * axis is in [-ndim, ndim) or ND_AXIS_ALL (NumPy's axis=None: flatten
 * first). Errors: ND_ERR_AXIS for a bad axis, ND_ERR_DTYPE for a dtype the
 * function does not take, ND_ERR_VALUE with NumPy's message for bad values
 * (kth out of bounds, quantiles outside [0, 1], negative bincount input).
 * @{ */
#ifndef ND_SORT_H
#define ND_SORT_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A sorted copy: np.sort(a, axis).
 *
 * Stable, as every sort here.
 * @param a     the array.
 * @param axis  the axis, or ::ND_AXIS_ALL to flatten first.
 * @return a new C-contiguous reference; NULL on error. */
ND_API nd_array *nd_sort(const nd_array *a, int axis);
/** A sorted copy, stable: np.sort(a, axis, kind='stable').
 *
 * The same bits as nd_sort().
 * @param a     the array.
 * @param axis  the axis, or ::ND_AXIS_ALL to flatten first.
 * @return a new C-contiguous reference; NULL on error. */
ND_API nd_array *nd_sort_stable(const nd_array *a, int axis);
/** Sorts an array in place: ndarray.sort(axis).
 * @param a     the (writeable) array.
 * @param axis  the axis.
 * @return ND_OK or an error status. */
ND_API int nd_sort_inplace(nd_array *a, int axis);
/** The indices that sort an array: np.argsort(a, axis).
 *
 * Stable: the indices np.argsort(kind='stable') returns.
 * @param a     the array.
 * @param axis  the axis, or ::ND_AXIS_ALL to flatten first.
 * @return a new int64 reference; NULL on error. */
ND_API nd_array *nd_argsort(const nd_array *a, int axis);
/** The indices that sort an array, stable: np.argsort(a, axis, kind='stable').
 *
 * The same as nd_argsort().
 * @param a     the array.
 * @param axis  the axis, or ::ND_AXIS_ALL to flatten first.
 * @return a new int64 reference; NULL on error. */
ND_API nd_array *nd_argsort_stable(const nd_array *a, int axis);
/** Indirect sort by several keys: np.lexsort(keys, axis).
 * @param n     the number of keys.
 * @param keys  n arrays of one shape, the last the primary key.
 * @param axis  the axis.
 * @return a new int64 reference; NULL on error. */
ND_API nd_array *nd_lexsort(int n, nd_array_list keys, int axis);

/** Partially sorts so the kth positions hold their sorted values: np.partition.
 *
 * np.partition(a, kth, axis) / np.argpartition: the nkth positions (negative ones count from the
 * end) hold what a full sort puts there, smaller or equal elements before each, larger or equal
 * after. Errors as NumPy: "kth(=5) out of bounds (3)".
 * @param a     the array.
 * @param nkth  the number of positions.
 * @param kth   nkth positions (negative from the end).
 * @param axis  the axis, or ::ND_AXIS_ALL to flatten first.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_partition(const nd_array *a, int nkth, const int64_t *kth, int axis);
/** The indices that partition an array: np.argpartition.
 *
 * As nd_partition(), giving indices.
 * @param a     the array.
 * @param nkth  the number of positions.
 * @param kth   nkth positions (negative from the end).
 * @param axis  the axis, or ::ND_AXIS_ALL to flatten first.
 * @return a new int64 reference; NULL on error. */
ND_API nd_array *nd_argpartition(const nd_array *a, int nkth, const int64_t *kth, int axis);

/** Where values would be inserted to keep order: np.searchsorted.
 *
 * np.searchsorted(a, v, side, sorter): a is 1-D and sorted (or sorter, int indices, sorts it); v
 * any shape; int64 result of v's shape. right false is side='left' (first i with v <= a[i]), true
 * side='right'. Compared in the promoted dtype of a and v.
 * @param a       the sorted 1-D array.
 * @param v       the values (any shape).
 * @param right   false for side='left', true for side='right'.
 * @param sorter  int indices that sort a, or NULL.
 * @return a new int64 reference of v's shape; NULL on error. */
ND_API nd_array *nd_searchsorted(const nd_array *a, const nd_array *v, bool right,
                                 const nd_array *sorter);

/** The sorted distinct values: np.unique.
 *
 * np.unique(a, return_index, return_inverse, return_counts) with equal_nan=True: the sorted
 * distinct values of the flattened a into *values; index (first occurrences), inverse (1-D,
 * a.size) and counts (int64) into the pointers that are not NULL.
 * @param a        the array (flattened).
 * @param values   receives the distinct values.
 * @param index    receives the first occurrences, or NULL.
 * @param inverse  receives the indices that rebuild a, or NULL.
 * @param counts   receives the counts, or NULL.
 * @return ND_OK or an error status. */
ND_API int nd_unique(const nd_array *a, nd_array **values, nd_array **index, nd_array **inverse,
                     nd_array **counts);

/** Which elements occur in a set: np.isin(element, test_elements, invert).
 *
 * np.isin(element, test_elements, invert): bool of element's shape, true where the element equals
 * (==, in the promoted dtype) some test element; NaN equals nothing. np.in1d is the same on the
 * flattened element.
 * @param element        the array tested.
 * @param test_elements  the values looked for (any shape).
 * @param invert         negate the result.
 * @return a new bool reference of element's shape; NULL on error. */
ND_API nd_array *nd_isin(const nd_array *element, const nd_array *test_elements, bool invert);
/** np.in1d: nd_isin() on the flattened first array.
 * @param ar1     the array tested (flattened).
 * @param ar2     the values looked for.
 * @param invert  negate the result.
 * @return a new 1-D bool reference; NULL on error. */
ND_API nd_array *nd_in1d(const nd_array *ar1, const nd_array *ar2, bool invert);

/** Counts of each non-negative integer: np.bincount(x, weights, minlength).
 *
 * np.bincount(x, weights, minlength): x 1-D, non-negative, safely castable to int64; int64 counts,
 * or float64 sums of weights (NULL: none).
 * @param x          non-negative integers, 1-D.
 * @param weights    x's weights, or NULL.
 * @param minlength  the least length of the result.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_bincount(const nd_array *x, const nd_array *weights, int64_t minlength);

/** A histogram over equal-width bins: np.histogram.
 *
 * np.histogram(a, bins, range, weights, density) with bins equal-width bins over range (NULL: a's
 * min and max). *hist gets the counts (int64; the weights' dtype with weights; float64 with
 * density), *edges the bins + 1 edges (float64, or a's float dtype; edges may be NULL when only
 * the counts are wanted). nd_histogram_edges takes the edges as an increasing 1-D array instead.
 * @param a        the data (flattened).
 * @param bins     the number of bins.
 * @param range    {low, high}, or NULL for a's min and max.
 * @param weights  a's weights, or NULL.
 * @param density  normalize to a probability density.
 * @param hist     receives the counts.
 * @param edges    receives the bins + 1 edges, or NULL.
 * @return ND_OK or an error status. */
ND_API int nd_histogram(const nd_array *a, int64_t bins, const double *range,
                        const nd_array *weights, bool density, nd_array **hist, nd_array **edges);
/** A histogram over given bin edges: np.histogram(a, bins=edges).
 *
 * As nd_histogram() with the edges given.
 * @param a        the data (flattened).
 * @param edges    the increasing 1-D edges.
 * @param weights  a's weights, or NULL.
 * @param density  normalize to a probability density.
 * @param hist     receives the counts.
 * @return ND_OK or an error status. */
ND_API int nd_histogram_edges(const nd_array *a, const nd_array *edges, const nd_array *weights,
                              bool density, nd_array **hist);

/** Quantiles by linear interpolation: np.quantile(a, q, axis, keepdims).
 *
 * np.quantile(a, q, axis, keepdims) with NumPy's default method 'linear'; q any shape, its values
 * in [0, 1]; result shape q.shape + the reduced shape, float64 (a float64 for every real input, as
 * NumPy 1.24 gives). A slice holding NaN gives NaN. np.percentile takes q in [0, 100]. np.median
 * (mean of the middle two) keeps float dtypes (float64 for integers). Complex input is
 * ND_ERR_DTYPE (NumPy 2's rule).
 * @param a         the data.
 * @param q         the quantiles in [0, 1] (any shape).
 * @param axis      the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_quantile(const nd_array *a, const nd_array *q, int axis, bool keepdims);
/** Percentiles: np.percentile, nd_quantile() with q in [0, 100].
 * @param a         the data.
 * @param q         the percentiles in [0, 100].
 * @param axis      the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_percentile(const nd_array *a, const nd_array *q, int axis, bool keepdims);
/** The median: np.median (the mean of the middle two for even counts).
 *
 * Float dtypes are kept (float64 for integers); a slice holding NaN gives NaN.
 * @param a         the data.
 * @param axis      the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_median(const nd_array *a, int axis, bool keepdims);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
