/** @file
 * Signal processing and calculus: NumPy 1.24's convolve, correlate, diff,
 * ediff1d, gradient, trapz, interp, unwrap, cross, sinc, i0 and the window
 * functions.
 *
 * @defgroup signal Signal processing and calculus
 * numpy's signal and calculus helpers (src/signal).
 *
 * Common to these functions: NULL array arguments are ND_ERR_NULL (or the
 * pending error), axes out of bounds ND_ERR_AXIS "axis 3 is out of bounds
 * for array of dimension 2", and NumPy's ValueErrors ND_ERR_VALUE with
 * NumPy's message. Results are new references (C-contiguous unless a view
 * is named); NULL on error.
 * @{ */
#ifndef ND_SIGNAL_H
#define ND_SIGNAL_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The discrete linear convolution of two 1-D sequences: np.convolve(a, v, mode).
 *
 * mode is "full" (NULL: the default; length n + m - 1), "same" (max(n, m))
 * or "valid" (max - min + 1); anything else is ND_ERR_VALUE with NumPy's
 * message. The result dtype is np.result_type(a, v). Integers and bool run
 * an exact direct loop (wrapping as NumPy's); floats and complex run the
 * direct loop for short kernels and FFTs of a 2^a 3^b 5^c length once the
 * shorter operand has 64 or more points and the FFT is cheaper (the values
 * then differ from NumPy's direct sum by rounding only, about 1e-15 of the
 * largest term). An empty operand or one above 1-D is ND_ERR_VALUE as NumPy.
 * @param a  the first sequence (0-d counts as one point).
 * @param v  the second sequence.
 * @param mode  "full", "same", "valid" or NULL.
 * @return a new 1-D array; NULL on error. */
ND_API nd_array *nd_convolve(const nd_array *a, const nd_array *v, const char *mode);
/** The cross-correlation of two 1-D sequences: np.correlate(a, v, mode).
 *
 * c[k] = sum_n a[n + k] * conj(v[n]), as np.correlate: equal to
 * nd_convolve(a, conj(v[::-1])) in every mode. mode NULL is "valid"
 * (NumPy's default). Dtypes, algorithms and errors as nd_convolve(), with
 * NumPy's "first/second array argument cannot be empty".
 * @param a  the first sequence.  @param v  the second sequence.
 * @param mode  "valid" (NULL), "same" or "full".
 * @return a new 1-D array; NULL on error. */
ND_API nd_array *nd_correlate(const nd_array *a, const nd_array *v, const char *mode);
/** The n-th discrete difference along an axis: np.diff(a, n, axis, prepend, append).
 *
 * prepend/append (NULL: none) are joined to a along axis first; a 0-d
 * value is broadcast to length 1 there. bool arrays difference with
 * not_equal, everything else with subtract, so the dtype is NumPy's. n = 0
 * returns a copy of a; n < 0 is ND_ERR_VALUE "order must be non-negative
 * but got -1"; a 0-d a is ND_ERR_VALUE.
 * @param a  the array.  @param n  the number of differences.
 * @param axis  the axis.  @param prepend  values before a, or NULL.
 * @param append  values after a, or NULL.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_diff(const nd_array *a, int n, int axis, const nd_array *prepend,
                         const nd_array *append);
/** The differences of consecutive elements of the flattened array: np.ediff1d.
 *
 * The result keeps ary's dtype; to_begin and to_end (NULL: none) are
 * flattened and must cast to it under same_kind, else ND_ERR_DTYPE with
 * NumPy's message.
 * @param ary  the array.  @param to_end  values appended, or NULL.
 * @param to_begin  values prepended, or NULL.
 * @return a new 1-D array; NULL on error. */
ND_API nd_array *nd_ediff1d(const nd_array *ary, const nd_array *to_end, const nd_array *to_begin);
/** The gradient by central differences: np.gradient(f, *varargs, axis, edge_order).
 *
 * spacing holds nspacing arrays as NumPy's varargs: none (unit spacing),
 * one 0-d (the same step on every axis), or one per axis, each a 0-d step
 * or the 1-D coordinates along that axis (non-uniform spacing; integer
 * coordinates are converted to float64; equally spaced coordinates take the
 * uniform formula, as NumPy). axes NULL (or naxes < 0) means every axis.
 * edge_order 1 or 2 (others below 1 act as 2, above 2 are ND_ERR_VALUE).
 * Results have f's float dtype (integers give float64); complex works.
 * Errors as NumPy: "invalid number of arguments" (ND_ERR_DTYPE), a spacing
 * that is neither 0-d nor 1-D or of the wrong length, an axis too short
 * for edge_order (ND_ERR_VALUE), repeated axes.
 * @param f  the array.  @param nspacing  the count of spacing arrays.
 * @param spacing  the spacing arrays (may be NULL when nspacing is 0).
 * @param naxes  the count of axes, or -1.  @param axes  the axes, or NULL.
 * @param edge_order  1 or 2.
 * @param grads  receives one new reference per axis (naxes, or f's ndim).
 * @return ND_OK or an error status (then no output is set). */
ND_API int nd_gradient(const nd_array *f, int nspacing, nd_array_list spacing, int naxes,
                       const int *axes, int edge_order, nd_array **grads);
/** The integral by the trapezoidal rule: np.trapz(y, x, dx, axis).
 *
 * x NULL uses the constant step dx; a 1-D x gives the sample points along
 * axis; an n-D x is differenced along axis and broadcast against y. The sum
 * is nd_sum over d * (y[1:] + y[:-1]) / 2, so dtypes are NumPy's.
 * @param y  the values.  @param x  the sample points, or NULL.
 * @param dx  the step when x is NULL.  @param axis  the axis.
 * @return a new reference (ndim one less than y); NULL on error. */
ND_API nd_array *nd_trapz(const nd_array *y, const nd_array *x, double dx, int axis);
/** One-dimensional piecewise-linear interpolation: np.interp(x, xp, fp, left, right, period).
 *
 * xp must increase (not checked, as NumPy). The result has x's shape and
 * is float64, or complex128 when fp is complex. left/right (NULL: fp[0],
 * fp[-1]) are one-element arrays. period NAN means None; otherwise x and
 * xp are taken modulo |period| and left/right are ignored; 0 is
 * ND_ERR_VALUE "period must be a non-zero value". Empty xp, xp and fp of
 * different lengths, or either above 1-D are ND_ERR_VALUE with NumPy's
 * messages; complex x or xp is ND_ERR_DTYPE.
 * @param x  the query points.  @param xp  the sample points.
 * @param fp  the sample values.  @param left  value below xp[0], or NULL.
 * @param right  value above xp[-1], or NULL.  @param period  NAN or the period.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_interp(const nd_array *x, const nd_array *xp, const nd_array *fp,
                           const nd_array *left, const nd_array *right, double period);
/** Unwraps phase jumps larger than discont: np.unwrap(p, discont, axis, period).
 *
 * discont NAN takes period / 2 (NumPy's None). Computed in float64 and
 * returned in p's float dtype (integers give float64). Complex p is
 * ND_ERR_DTYPE (NumPy's mod rejects it).
 * @param p  the phases.  @param discont  the jump threshold, or NAN.
 * @param axis  the axis.  @param period  the period (2 pi for radians).
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_unwrap(const nd_array *p, double discont, int axis, double period);
/** The cross product of vectors of length 2 or 3: np.cross(a, b, axisa, axisb, axisc).
 *
 * The vectors lie along axisa of a and axisb of b; the other axes
 * broadcast. Two 2-vectors give the scalar z component; otherwise the
 * 3-vector result lies along axisc. Lengths other than 2 and 3 are
 * ND_ERR_VALUE with NumPy's message; the dtype is np.result_type(a, b).
 * (NumPy's axis= overrides the three: pass it as each.)
 * @param a  the first vectors.  @param b  the second vectors.
 * @param axisa  a's vector axis.  @param axisb  b's vector axis.
 * @param axisc  the result's vector axis.
 * @return a new reference (a view of a new array for 3-vectors); NULL on error. */
ND_API nd_array *nd_cross(const nd_array *a, const nd_array *b, int axisa, int axisb, int axisc);
/** The normalized sinc function sin(pi x) / (pi x): np.sinc.
 *
 * 1 at 0 (NumPy's x = 1e-20 substitute); float dtypes keep theirs,
 * integers give float64, complex works.
 * @param x  the array.  @return a new reference; NULL on error. */
ND_API nd_array *nd_sinc(const nd_array *x);
/** The modified Bessel function of the first kind, order 0: np.i0.
 *
 * Cephes' Chebyshev expansions, as NumPy; float dtypes keep theirs,
 * integers give float64; complex is ND_ERR_DTYPE "i0 not supported for
 * complex values".
 * @param x  the array.  @return a new reference; NULL on error. */
ND_API nd_array *nd_i0(const nd_array *x);
/** The Bartlett (triangular) window of M points: np.bartlett(M).
 * @param M  the count (below 1: an empty array).
 * @return a new float64 array; NULL on error. */
ND_API nd_array *nd_bartlett(int64_t M);
/** The Blackman window of M points: np.blackman(M).
 * @param M  the count (below 1: an empty array).
 * @return a new float64 array; NULL on error. */
ND_API nd_array *nd_blackman(int64_t M);
/** The Hamming window of M points: np.hamming(M).
 * @param M  the count (below 1: an empty array).
 * @return a new float64 array; NULL on error. */
ND_API nd_array *nd_hamming(int64_t M);
/** The Hann window of M points: np.hanning(M).
 * @param M  the count (below 1: an empty array).
 * @return a new float64 array; NULL on error. */
ND_API nd_array *nd_hanning(int64_t M);
/** The Kaiser window of M points and shape beta: np.kaiser(M, beta).
 * @param M  the count (below 1: an empty array).  @param beta  the shape.
 * @return a new float64 array; NULL on error. */
ND_API nd_array *nd_kaiser(int64_t M, double beta);

/** @} */

#ifdef __cplusplus
}
#endif

#endif
