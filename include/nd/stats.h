/** @file
 * Statistics: averages, covariance, quantile methods, NaN-skipping
 * reductions, multi-dimensional histograms (src/stats).
 *
 * @defgroup stats Statistics
 * NumPy's average, ptp, cov, corrcoef, the 13 quantile methods of NumPy
 * 1.24 and nanquantile/nanpercentile/nanmedian, nanprod, nancumsum,
 * nancumprod, nan_to_num, histogram_bin_edges (every bin rule),
 * histogram2d and histogramdd, and the complex-number predicates (isreal,
 * iscomplex, isposinf, isneginf, angle, real_if_close).
 *
 * Common rules: axis is in [-ndim, ndim) or ::ND_AXIS_ALL (NumPy's
 * axis=None), a bad one ND_ERR_AXIS; `out` (where taken) is NULL for a new
 * array or an array of the result's shape written under same_kind casting
 * and returned without a new reference. Errors carry NumPy's messages.
 * @{ */
#ifndef ND_STATS_H
#define ND_STATS_H

#include <limits.h>

#include "nd/core.h"
#include "nd/ufunc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Peak to peak, max - min along an axis: np.ptp.
 *
 * The input's dtype (integers wrap, as NumPy's subtract); bool is
 * ND_ERR_DTYPE (NumPy's boolean subtract error); an empty reduction is
 * ND_ERR_VALUE as nd_max().
 * @param a         the input.
 * @param axis      the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param out       NULL, or an array of the result's shape to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_ptp(const nd_array *a, int axis, bool keepdims, nd_array *out);

/** The weighted average along an axis: np.average(a, axis, weights, returned=True, keepdims).
 *
 * weights NULL is nd_mean() with the count as the sum of weights (in the
 * mean's dtype). With weights: of a's shape, or 1-D of a.shape[axis] with
 * an axis given; the result dtype is the promotion of a and weights (and
 * float64 for integer or bool a), as NumPy 1.24. Errors as NumPy's:
 * ND_ERR_DTYPE "Axis must be specified when shapes of a and weights
 * differ." and "1D weights expected when shapes of a and weights differ.",
 * ND_ERR_VALUE "Length of weights not compatible with specified axis.",
 * ND_ERR_VALUE
 * "Weights sum to zero, can't be normalized" (NumPy's ZeroDivisionError).
 * @param a         the data.
 * @param axis      the axis, or ::ND_AXIS_ALL.
 * @param weights   NULL, or the weights.
 * @param keepdims  keep the reduced axis with length 1.
 * @param avg       receives the average (a new reference).
 * @param wsum      NULL, or receives the sum of the weights, broadcast to
 *                  the average's shape (a new reference).
 * @return ND_OK or an error status (then nothing is set). */
ND_API int nd_average(const nd_array *a, int axis, const nd_array *weights, bool keepdims,
                      nd_array **avg, nd_array **wsum);

/** nd_cov()'s ddof meaning NumPy's ddof=None (the divisor follows bias). */
#define ND_DDOF_NONE INT_MIN

/** The covariance matrix: np.cov(m, y, rowvar, bias, ddof, fweights, aweights).
 *
 * m is 1-D or 2-D (each row a variable when rowvar, else each column); y,
 * when given, adds its variables. The centred data's product X X^H runs
 * through BLAS (nd_matmul()). float64 (complex128 for complex input);
 * a single variable gives a 0-d result. fweights: 1-D integers >= 0
 * (ND_ERR_DTYPE "fweights must be integer", ND_ERR_VALUE "fweights cannot
 * be negative"); aweights: 1-D >= 0 (ND_ERR_VALUE "aweights cannot be
 * negative"); each of the observations' count (ND_ERR_SHAPE "incompatible
 * numbers of samples and fweights"). m of more than 2 dimensions is
 * ND_ERR_SHAPE "m has more than 2 dimensions". A non-positive divisor
 * gives inf/NaN values as NumPy (its warning is not raised).
 * @param m         the data.
 * @param y         NULL, or more variables of the same layout.
 * @param rowvar    rows are variables (NumPy's default true).
 * @param bias      divide by N (else N - 1), unless ddof is given.
 * @param ddof      ::ND_DDOF_NONE, or the divisor's N - ddof.
 * @param fweights  NULL, or integer frequency weights per observation.
 * @param aweights  NULL, or observation weights.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_cov(const nd_array *m, const nd_array *y, bool rowvar, bool bias, int ddof,
                        const nd_array *fweights, const nd_array *aweights);
/** Pearson correlation coefficients: np.corrcoef(x, y, rowvar).
 *
 * nd_cov() normalized by the outer product of the standard deviations, the
 * real part clipped to [-1, 1] (and the imaginary part for complex), as
 * NumPy.
 * @param x       the data (as nd_cov()'s m).
 * @param y       NULL, or more variables.
 * @param rowvar  rows are variables.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_corrcoef(const nd_array *x, const nd_array *y, bool rowvar);

/** NumPy 1.24's 13 quantile methods (np.quantile's method=). */
typedef enum {
    ND_Q_INVERTED_CDF,              /**< 'inverted_cdf' (discrete). */
    ND_Q_AVERAGED_INVERTED_CDF,     /**< 'averaged_inverted_cdf'. */
    ND_Q_CLOSEST_OBSERVATION,       /**< 'closest_observation' (discrete). */
    ND_Q_INTERPOLATED_INVERTED_CDF, /**< 'interpolated_inverted_cdf'. */
    ND_Q_HAZEN,                     /**< 'hazen'. */
    ND_Q_WEIBULL,                   /**< 'weibull'. */
    ND_Q_LINEAR,                    /**< 'linear' (the default). */
    ND_Q_MEDIAN_UNBIASED,           /**< 'median_unbiased'. */
    ND_Q_NORMAL_UNBIASED,           /**< 'normal_unbiased'. */
    ND_Q_LOWER,                     /**< 'lower' (discrete). */
    ND_Q_HIGHER,                    /**< 'higher' (discrete). */
    ND_Q_MIDPOINT,                  /**< 'midpoint'. */
    ND_Q_NEAREST,                   /**< 'nearest' (discrete). */
    ND_Q_NUM_METHODS                /**< The number of methods. */
} nd_quantile_method;

/** The quantile method of a NumPy name ("linear", "hazen", ...).
 *
 * An unknown name is ND_ERR_VALUE "'x' is not a valid method. Use one of: ...".
 * @param name    the method's NumPy name.
 * @param method  receives the method.
 * @return ND_OK or an error status. */
ND_API int nd_quantile_method_from_name(const char *name, nd_quantile_method *method);

/** Quantiles by any of NumPy's methods: np.quantile(a, q, axis, method=, keepdims=).
 *
 * q any shape with values in [0, 1] (else ND_ERR_VALUE "Quantiles must be
 * in the range [0, 1]"); the result's shape is q's shape + the reduced
 * shape. The discrete methods (inverted_cdf, closest_observation, lower,
 * higher, nearest) keep a's dtype; the others give float64 (NumPy 1.24's
 * dtypes). A lane holding NaN gives NaN. Complex input is ND_ERR_DTYPE; an
 * empty lane is ND_ERR_INDEX as NumPy's.
 * @param a         the data.
 * @param q         the quantiles (float64 values, any shape).
 * @param axis      the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @param method    the method.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_quantile_ex(const nd_array *a, const nd_array *q, int axis, bool keepdims,
                                nd_quantile_method method);
/** Percentiles by any method: nd_quantile_ex() with q in [0, 100]
 * (ND_ERR_VALUE "Percentiles must be in the range [0, 100]").
 * @param a  the data.  @param q  the percentiles.  @param axis  the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis.  @param method  the method.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_percentile_ex(const nd_array *a, const nd_array *q, int axis, bool keepdims,
                                  nd_quantile_method method);
/** Quantiles of the non-NaN elements: np.nanquantile.
 *
 * As nd_quantile_ex() over each lane's non-NaN elements; an all-NaN lane
 * gives NaN (NumPy warns "All-NaN slice encountered"; nd sets the invalid
 * flag) in the result's dtype (float64 for the discrete methods of
 * integers, which have no NaN lanes).
 * @param a  the data.  @param q  the quantiles in [0, 1].  @param axis  the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis.  @param method  the method.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_nanquantile(const nd_array *a, const nd_array *q, int axis, bool keepdims,
                                nd_quantile_method method);
/** Percentiles of the non-NaN elements: np.nanpercentile (q in [0, 100]).
 * @param a  the data.  @param q  the percentiles.  @param axis  the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis.  @param method  the method.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_nanpercentile(const nd_array *a, const nd_array *q, int axis, bool keepdims,
                                  nd_quantile_method method);
/** The median of the non-NaN elements: np.nanmedian.
 *
 * The mean of the middle two for even counts; float dtypes kept (float64
 * for integers and bool); an all-NaN lane gives NaN and the invalid flag.
 * @param a         the data.
 * @param axis      the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_nanmedian(const nd_array *a, int axis, bool keepdims);

/** The product treating NaN as one: np.nanprod.
 *
 * nd_prod() of a with NaN replaced by 1 (complex: an element with a NaN
 * part); integers equal nd_prod().
 * @param a  the input.  @param axis  the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis.  @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_nanprod(const nd_array *a, int axis, bool keepdims, nd_array *out);
/** The cumulative sum treating NaN as zero: np.nancumsum.
 * @param a  the input.  @param axis  the axis, or ::ND_AXIS_ALL (flattened).
 * @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_nancumsum(const nd_array *a, int axis, nd_array *out);
/** The cumulative product treating NaN as one: np.nancumprod.
 * @param a  the input.  @param axis  the axis, or ::ND_AXIS_ALL (flattened).
 * @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_nancumprod(const nd_array *a, int axis, nd_array *out);
/** Replaces NaN and infinities with finite numbers: np.nan_to_num(a, copy, nan, posinf, neginf).
 *
 * Float and complex (each part) only; other dtypes are copied. posinf /
 * neginf NULL give the dtype's largest / most negative finite value, as
 * NumPy; the values are cast to a's dtype (float16 saturating as NumPy).
 * @param a       the input.
 * @param nan     the value for NaN (NumPy's default 0.0).
 * @param posinf  NULL, or the value for +inf.
 * @param neginf  NULL, or the value for -inf.
 * @param out     NULL for a new array (copy=True), or an array of a's shape
 *                (a itself for copy=False).
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_nan_to_num(const nd_array *a, double nan, const double *posinf,
                               const double *neginf, nd_array *out);

/** Elementwise x == +inf: np.isposinf.
 *
 * Bool result; integers and bool are all false; complex is ND_ERR_DTYPE
 * "This operation is not supported for complex128 values because it would
 * be ambiguous." (NumPy's TypeError).
 * @param a  the input.  @param out  NULL or a bool array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_isposinf(const nd_array *a, nd_array *out);
/** Elementwise x == -inf: np.isneginf (the rules of nd_isposinf()).
 * @param a  the input.  @param out  NULL or a bool array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_isneginf(const nd_array *a, nd_array *out);
/** Elementwise imag(x) == 0: np.isreal (true everywhere for real dtypes).
 * @param a  the input.
 * @return a new bool reference; NULL on error. */
ND_API nd_array *nd_isreal(const nd_array *a);
/** Elementwise imag(x) != 0: np.iscomplex (false everywhere for real dtypes).
 * @param a  the input.
 * @return a new bool reference; NULL on error. */
ND_API nd_array *nd_iscomplex(const nd_array *a);
/** Whether the dtype is complex: np.iscomplexobj.
 * @param a  the array (NULL is false).
 * @return true for complex64 and complex128. */
ND_API bool nd_iscomplexobj(const nd_array *a);
/** Whether the dtype is not complex: np.isrealobj.
 * @param a  the array (NULL is false).
 * @return true for every dtype but complex64 and complex128. */
ND_API bool nd_isrealobj(const nd_array *a);
/** The argument of complex numbers: np.angle(z, deg).
 *
 * arctan2(imag, real); real input counts as complex with zero imaginary
 * part (integers give float64, float32 stays float32, as NumPy).
 * @param a    the input.
 * @param deg  in degrees instead of radians.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_angle(const nd_array *a, bool deg);
/** The real part when every imaginary part is tiny: np.real_if_close(a, tol).
 *
 * For complex a whose |imag| are all below tol (tol > 1 counts in machine
 * epsilons of a's dtype, as NumPy), a copy of the real parts; otherwise
 * (and for real dtypes) a new reference to a itself.
 * @param a    the input.
 * @param tol  the tolerance (NumPy's default 100).
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_real_if_close(const nd_array *a, double tol);

/** The automatic bin-width rules of np.histogram_bin_edges (bins='auto', ...). */
typedef enum {
    ND_BINS_AUTO,  /**< 'auto': the smaller width of 'sturges' and 'fd' (fd when it is 0: sturges).
                    */
    ND_BINS_FD,    /**< 'fd' (Freedman-Diaconis): 2 IQR n^(-1/3). */
    ND_BINS_DOANE, /**< 'doane': Doane's formula with the sample skew. */
    ND_BINS_SCOTT, /**< 'scott': (24 sqrt(pi) / n)^(1/3) std. */
    ND_BINS_STONE, /**< 'stone': the bin count minimizing Stone's cross-validation estimate. */
    ND_BINS_RICE,  /**< 'rice': 2 n^(1/3) bins. */
    ND_BINS_STURGES,  /**< 'sturges': log2(n) + 1 bins. */
    ND_BINS_SQRT,     /**< 'sqrt': sqrt(n) bins. */
    ND_BINS_NUM_RULES /**< The number of rules. */
} nd_bins_rule;

/** The bin rule of a NumPy name ("auto", "fd", ...).
 *
 * An unknown name is ND_ERR_VALUE "'x' is not a valid estimator for `bins`".
 * @param name  the rule's NumPy name.
 * @param rule  receives the rule.
 * @return ND_OK or an error status. */
ND_API int nd_bins_rule_from_name(const char *name, nd_bins_rule *rule);
/** Histogram bin edges by a bin-width rule: np.histogram_bin_edges(a, bins=\<rule\>, range).
 *
 * a flattened; range {low, high} or NULL (a's min and max; an empty a gives
 * [0, 1]); an estimated width of 0 gives one bin. NumPy's errors:
 * ND_ERR_VALUE "max must be larger than min in range parameter.", a
 * non-finite range "autodetected range of [lo, hi] is not finite".
 * Weights are not taken with a rule (NumPy: TypeError); float64 edges
 * (a float input's dtype, as NumPy).
 * @param a      the data.
 * @param rule   the rule.
 * @param range  {low, high}, or NULL.
 * @return a new 1-D reference; NULL on error. */
ND_API nd_array *nd_histogram_bin_edges(const nd_array *a, nd_bins_rule rule, const double *range);
/** A two-dimensional histogram: np.histogram2d(x, y, bins=[nx, ny], range, density, weights).
 *
 * nd_histogramdd() of the points (x[i], y[i]).
 * @param x        the first coordinates (1-D).
 * @param y        the second coordinates (1-D, x's length).
 * @param nx       bins along x.
 * @param ny       bins along y.
 * @param range    NULL, or {xlow, xhigh, ylow, yhigh}.
 * @param density  normalize to a probability density.
 * @param weights  NULL, or one weight per point.
 * @param hist     receives the (nx, ny) counts (float64, as NumPy).
 * @param xedges   NULL, or receives the nx + 1 edges along x.
 * @param yedges   NULL, or receives the ny + 1 edges along y.
 * @return ND_OK or an error status (then nothing is set). */
ND_API int nd_histogram2d(const nd_array *x, const nd_array *y, int64_t nx, int64_t ny,
                          const double *range, bool density, const nd_array *weights,
                          nd_array **hist, nd_array **xedges, nd_array **yedges);
/** A D-dimensional histogram: np.histogramdd(sample, bins, range, density, weights).
 *
 * sample is (N, D) (or 1-D: D = 1); bins[d] equal bins over range
 * {lo_d, hi_d} (range NULL: each coordinate's min and max, widened by 0.5
 * when equal); a point on a last edge counts in the last bin; points
 * outside are dropped. float64 counts (the weights summed), density
 * divides by the total and the bin volumes. Errors: ND_ERR_VALUE "`bins[0]`
 * must be positive, when an integer", "max must be larger than min in
 * range parameter.", ND_ERR_SHAPE for weights of another length.
 * @param sample   the points.
 * @param nbins    D bin counts.
 * @param range    NULL, or 2 D bounds {lo_0, hi_0, lo_1, hi_1, ...}.
 * @param density  normalize to a probability density.
 * @param weights  NULL, or one weight per point.
 * @param hist     receives the counts, shape nbins.
 * @param edges    NULL, or D slots receiving each axis's edges.
 * @return ND_OK or an error status (then nothing is set). */
ND_API int nd_histogramdd(const nd_array *sample, const int64_t *nbins, const double *range,
                          bool density, const nd_array *weights, nd_array **hist, nd_array **edges);

/* ---- elementwise gaps and the ufunc methods ---------------------------- */

/** x1 ** x2 in float64 (complex128 for complex): np.float_power.
 *
 * Inputs broadcast; every real dtype computes in float64 (NumPy's loops
 * d, D). `out` as the ufuncs'.
 * @param a  the base.  @param b  the exponent.  @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_float_power(const nd_array *a, const nd_array *b, nd_array *out);
/** The Heaviside step: np.heaviside(x, h0), 0 for x < 0, h0 at 0, 1 for x > 0.
 *
 * NaN stays NaN; float dtypes (integers and bool as float16/32/64 by
 * their size, NumPy's loops e, f, d); complex is ND_ERR_DTYPE.
 * @param x  the input.  @param h0  the value at zero.  @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_heaviside(const nd_array *x, const nd_array *h0, nd_array *out);
/** x1 * 2**x2 exactly (one rounding): np.ldexp.
 *
 * x2 must be an integer array (else ND_ERR_DTYPE, as NumPy's TypeError);
 * x1's dtype as np.ldexp's loops (integers: float16/32/64 by size).
 * @param a  the mantissas.  @param e  the integer exponents.  @param out  NULL or the array to
 * write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_ldexp(const nd_array *a, const nd_array *e, nd_array *out);
/** Splits floats into mantissa and exponent: np.frexp, x = m * 2**e, 0.5 <= |m| < 1.
 *
 * m has the float dtype, e int32; 0, inf and NaN give m = x, e = 0.
 * @param a  the input.
 * @param m  receives the mantissas (a new reference).
 * @param e  receives the exponents (a new reference).
 * @return ND_OK or an error status (then nothing is set). */
ND_API int nd_frexp(const nd_array *a, nd_array **m, nd_array **e);
/** Fractional and integral parts with x's sign: np.modf.
 * @param a     the input.
 * @param frac  receives the fractional parts (a new reference).
 * @param intg  receives the integral parts (a new reference).
 * @return ND_OK or an error status (then nothing is set). */
ND_API int nd_modf(const nd_array *a, nd_array **frac, nd_array **intg);
/** The distance to the next float away from zero: np.spacing.
 *
 * nextafter(x, copysign(inf, x)) - x (zeros: the smallest positive
 * subnormal); NaN for inf and NaN. float16 follows NumPy's own half rule
 * (always positive; a negative power of two gives the step toward zero).
 * Integers compute as float16/32/64 by size; complex is ND_ERR_DTYPE.
 * @param a  the input.  @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_spacing(const nd_array *a, nd_array *out);

/** np.\<op\>.reduce(a, axis, keepdims) for any binary op.
 *
 * add, multiply, maximum, minimum, fmax, fmin, logical_or and logical_and
 * run as nd_reduce() (add and multiply upcast small integers as NumPy's
 * reduce does); every other binary op folds left to right along the axis
 * in the op's loop dtype (subtract.reduce is a[0] - a[1] - ...). An empty
 * axis gives the op's identity, or ND_ERR_VALUE "zero-size array to
 * reduction operation <op> which has no identity".
 * @param op  a binary op (a unary one is ND_ERR_VALUE).  @param a  the input.
 * @param axis  the axis, or ::ND_AXIS_ALL.  @param keepdims  keep the axis with length 1.
 * @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_ufunc_reduce(nd_op op, const nd_array *a, int axis, bool keepdims,
                                 nd_array *out);
/** np.\<op\>.reduce(a, axis, dtype, out, keepdims, initial, where): a reduction with NumPy's keywords.
 *
 * Also np.sum/prod/max/min/any/all with their dtype, initial and where
 * (ND_OP_ADD, MULTIPLY, MAXIMUM, MINIMUM, LOGICAL_OR, LOGICAL_AND; FMAX and
 * FMIN too). The input is cast to dtype (unsafe, as NumPy's reduce) and
 * the result is dtype: add/multiply of int8 with dtype int8 wraps in int8.
 * Elements where `where` is false count as the op's identity; an op
 * without one (maximum...) needs initial (ND_ERR_VALUE, NumPy's message).
 * initial is combined with each result (after the reduction: a float sum
 * may differ from NumPy's, which starts from it, in the last bits) and is
 * the result of an empty reduction. where must be boolean (ND_ERR_DTYPE)
 * and broadcast to a's shape (ND_ERR_SHAPE).
 * @param op        the op.  @param a  the input.
 * @param naxes     the number of axes (negative with axes NULL: all).
 * @param axes      naxes axes (a repeated one is ND_ERR_VALUE).
 * @param dtype     the reduction's dtype, or ::ND_NUM_DTYPES for nd_reduce()'s.
 * @param out       NULL, or the array to write into.
 * @param keepdims  keep the reduced axes with length 1.
 * @param initial   NULL, or a 0-d array: the start value.
 * @param where     NULL, or a boolean mask of the elements to reduce.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_ufunc_reduce_full(nd_op op, const nd_array *a, int naxes, const int *axes,
                                      nd_dtype dtype, nd_array *out, bool keepdims,
                                      const nd_array *initial, const nd_array *where);
/** np.mean(a, axis, dtype, out, keepdims, where): the mean with NumPy's keywords.
 *
 * Integers and bool average in float64, float16 in float32 (returned as
 * float16), other dtypes in their own, or in dtype when given (an integer
 * dtype truncates the quotient, as NumPy's). With where, each result is
 * over the elements selected; none gives NaN and the invalid flag.
 * @param a  the input.  @param naxes  the number of axes (negative with axes NULL: all).
 * @param axes  naxes axes.  @param dtype  the dtype, or ::ND_NUM_DTYPES.
 * @param out  NULL, or the array to write into.  @param keepdims  keep the reduced axes.
 * @param where  NULL, or a boolean mask broadcast to a's shape.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_mean_full(const nd_array *a, int naxes, const int *axes, nd_dtype dtype,
                              nd_array *out, bool keepdims, const nd_array *where);
/** np.\<op\>.accumulate(a, axis): the running results of a binary op along an axis.
 *
 * The op's loop dtype for (a, a) (np.add.accumulate of int8 stays int8,
 * unlike cumsum). axis ::ND_AXIS_ALL is accepted for 1-D input only.
 * @param op  a binary op.  @param a  the input.  @param axis  the axis.
 * @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_ufunc_accumulate(nd_op op, const nd_array *a, int axis, nd_array *out);
/** np.\<op\>.outer(a, b): op of every pair, shape a.shape + b.shape.
 * @param op  a binary op.  @param a  the first input.  @param b  the second.
 * @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_ufunc_outer(nd_op op, const nd_array *a, const nd_array *b, nd_array *out);
/** np.\<op\>.reduceat(a, indices, axis): reductions over slices [indices[i], indices[i+1]).
 *
 * Where indices[i] >= indices[i+1] the result is a[indices[i]]; the last
 * slice runs to the end. An index outside [0, n) is ND_ERR_INDEX "index 7
 * out-of-bounds in add.reduceat [0, 5)".
 * @param op  a binary op.  @param a  the input.  @param indices  1-D integer indices.
 * @param axis  the axis.  @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_ufunc_reduceat(nd_op op, const nd_array *a, const nd_array *indices, int axis,
                                   nd_array *out);
/** np.\<op\>.at(a, indices, b): unbuffered in-place a[indices] = op(a[indices], b).
 *
 * indices: 1-D integers into a's first axis (negative from the end);
 * repeated indices apply the op once per occurrence (np.add.at's point).
 * b broadcasts to (len(indices),) + a.shape[1:], NULL for a unary op.
 * An index out of range is ND_ERR_INDEX; a read-only a ND_ERR_VALUE.
 * @param op  the op.  @param a  the array changed in place.
 * @param indices  the indices.  @param b  the second operand, or NULL for a unary op.
 * @return ND_OK or an error status (a may be partly updated, as NumPy). */
ND_API int nd_ufunc_at(nd_op op, nd_array *a, const nd_array *indices, const nd_array *b);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
