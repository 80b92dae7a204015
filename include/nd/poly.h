/** @file
 * Polynomials: numpy's legacy functions (poly, polyval, polyfit, ...,
 * coefficients from the highest power down) and numpy.polynomial's six
 * families (power series, Chebyshev, Legendre, Laguerre, Hermite,
 * HermiteE; coefficients from the lowest degree up) as one set of
 * functions taking the family.
 *
 * @defgroup poly Polynomials
 * np.poly* and numpy.polynomial (src/signal/poly.c, polyfam.c).
 *
 * Common: NULL arrays are ND_ERR_NULL; NumPy's ValueErrors are ND_ERR_VALUE
 * and its TypeErrors ND_ERR_DTYPE, with NumPy's messages. Results are new
 * references; NULL on error. The numpy.polynomial functions read
 * coefficients as NumPy's as_series (1-D, non-empty: "Coefficient array is
 * empty" / "is not 1-d"), compute in double (complex double when an input
 * is complex) and return float64 or complex128.
 * @{ */
#ifndef ND_POLY_H
#define ND_POLY_H

#include <stdbool.h>

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The covariance np.polyfit returns (its cov= argument). */
typedef enum {
    ND_POLYFIT_COV_NONE,    /**< No covariance (cov=False). */
    ND_POLYFIT_COV_SCALED,  /**< Scaled by the residuals / (M - deg - 1) (cov=True). */
    ND_POLYFIT_COV_UNSCALED /**< Unscaled (cov="unscaled"). */
} nd_polyfit_cov;

/** The polynomial with the given roots, highest power first: np.poly(seq_of_zeros).
 *
 * A square non-empty 2-D input stands for its eigenvalues (the
 * characteristic polynomial). Complex roots in conjugate pairs give real
 * coefficients, as NumPy. No roots give the 0-d 1.0. Other shapes are
 * ND_ERR_VALUE "input must be 1d or non-empty square 2d array.".
 * @param seq_of_zeros  the roots (1-D) or a square matrix.
 * @return a new float64 or complex128 array; NULL on error. */
ND_API nd_array *nd_poly(const nd_array *seq_of_zeros);
/** Evaluates a polynomial at x: np.polyval(p, x).
 *
 * Horner's rule with nd's ufuncs (y = y * x + p[i]), so the dtype is
 * np.result_type(x, p) under nd's promotion (NumPy 1.24's value-based
 * casting of the 0-d p[i] is not copied). A 0-d p is ND_ERR_DTYPE.
 * @param p  the coefficients, highest power first.  @param x  the points.
 * @return a new reference with x's shape; NULL on error. */
ND_API nd_array *nd_polyval(const nd_array *p, const nd_array *x);
/** The m-th derivative of a polynomial: np.polyder(p, m).
 * @param p  the coefficients, highest first.  @param m  the order (ND_ERR_VALUE below 0).
 * @return a new 1-D reference (p's dtype times int64); NULL on error. */
ND_API nd_array *nd_polyder(const nd_array *p, int m);
/** The m-th antiderivative of a polynomial: np.polyint(p, m, k).
 *
 * k (NULL: zeros) holds the integration constants, the one for the first
 * integration first; a single value is used for every order. Fewer than m
 * is ND_ERR_VALUE with NumPy's message.
 * @param p  the coefficients, highest first.  @param m  the order.
 * @param k  the constants, or NULL.
 * @return a new 1-D float reference; NULL on error. */
ND_API nd_array *nd_polyint(const nd_array *p, int m, const nd_array *k);
/** The sum of two polynomials: np.polyadd(a1, a2).
 * @param a1  the first (highest first).  @param a2  the second.
 * @return a new 1-D reference; NULL on error. */
ND_API nd_array *nd_polyadd(const nd_array *a1, const nd_array *a2);
/** The difference of two polynomials: np.polysub(a1, a2).
 * @param a1  the first (highest first).  @param a2  the one subtracted.
 * @return a new 1-D reference; NULL on error. */
ND_API nd_array *nd_polysub(const nd_array *a1, const nd_array *a2);
/** The product of two polynomials: np.polymul(a1, a2) (nd_convolve, full).
 * @param a1  the first (highest first).  @param a2  the second.
 * @return a new 1-D reference; NULL on error. */
ND_API nd_array *nd_polymul(const nd_array *a1, const nd_array *a2);
/** Polynomial division with remainder: np.polydiv(u, v).
 *
 * NumPy's long division; leading remainder terms within 1e-8 of zero are
 * dropped (NumPy's allclose loop). Results are float (complex if either
 * input is).
 * @param u  the dividend (highest first).  @param v  the divisor.
 * @param q  receives the quotient.  @param r  receives the remainder.
 * @return ND_OK or an error status (then no output is set). */
ND_API int nd_polydiv(const nd_array *u, const nd_array *v, nd_array **q, nd_array **r);
/** The roots of a polynomial: np.roots(p).
 *
 * Eigenvalues of the companion matrix (LAPACK geev, as NumPy) plus the
 * zeros for trailing zero coefficients; float64 when every root is real,
 * else complex128. Above 1-D is ND_ERR_VALUE "Input must be a rank-1 array.".
 * @param p  the coefficients, highest first.
 * @return a new 1-D reference; NULL on error. */
ND_API nd_array *nd_roots(const nd_array *p);
/** The Vandermonde matrix: np.vander(x, N, increasing).
 *
 * Column j is x^(N-1-j) (x^j when increasing); N < 0 takes len(x). The
 * dtype is np.result_type(x, int64). x not 1-D is ND_ERR_VALUE.
 * @param x  the 1-D points.  @param N  the columns, or -1.
 * @param increasing  the power order.
 * @return a new (len(x), N) reference; NULL on error. */
ND_API nd_array *nd_vander(const nd_array *x, int64_t N, bool increasing);
/** The least-squares polynomial fit: np.polyfit(x, y, deg, rcond, full, w, cov).
 *
 * NumPy's method: the Vandermonde matrix (times w), columns scaled to unit
 * norm, nd_lstsq, coefficients unscaled. rcond NAN is NumPy's default
 * len(x) * eps. y may be 2-D (one fit per column). cov ::ND_POLYFIT_COV_SCALED
 * needs len(x) > deg + 1 (ND_ERR_VALUE with NumPy's message). NumPy's
 * full=True outputs are residuals, rank, sv and rcond_used (each pointer
 * may be NULL). Argument errors as NumPy (ND_ERR_VALUE for deg < 0,
 * ND_ERR_DTYPE for its TypeErrors).
 * @param x  the 1-D sample points.  @param y  (M,) or (M, K) values.
 * @param deg  the degree.  @param rcond  the cut-off, or NAN.
 * @param w  weights (M,), or NULL.  @param cov  the covariance wanted.
 * @param p  receives the coefficients, highest first ((deg+1,) or (deg+1, K)).
 * @param V  receives the covariance when cov is not NONE, else may be NULL.
 * @param residuals  receives the residuals, or NULL.
 * @param rank  receives the rank, or NULL.
 * @param sv  receives the singular values, or NULL.
 * @param rcond_used  receives the rcond used, or NULL.
 * @return ND_OK or an error status (then no output is set). */
ND_API int nd_polyfit(const nd_array *x, const nd_array *y, int deg, double rcond,
                      const nd_array *w, nd_polyfit_cov cov, nd_array **p, nd_array **V,
                      nd_array **residuals, int64_t *rank, nd_array **sv, double *rcond_used);

/** The numpy.polynomial families. */
typedef enum {
    ND_POLY_POWER,     /**< numpy.polynomial.polynomial (poly*). */
    ND_POLY_CHEBYSHEV, /**< numpy.polynomial.chebyshev (cheb*). */
    ND_POLY_LEGENDRE,  /**< numpy.polynomial.legendre (leg*). */
    ND_POLY_LAGUERRE,  /**< numpy.polynomial.laguerre (lag*). */
    ND_POLY_HERMITE,   /**< numpy.polynomial.hermite (herm*, physicists'). */
    ND_POLY_HERMITE_E  /**< numpy.polynomial.hermite_e (herme*, probabilists'). */
} nd_poly_family;

/** A series evaluated at x: chebval, legval, lagval, hermval, hermeval, polyval.
 *
 * Clenshaw's recurrence; c is 1-D (NumPy's tensor= for n-D c is not
 * offered). An unknown family is ND_ERR_VALUE.
 * @param f  the family.  @param x  the points (any shape).
 * @param c  the coefficients, lowest degree first.
 * @return a new float64 (complex128) array with x's shape; NULL on error. */
ND_API nd_array *nd_polynomial_val(nd_poly_family f, const nd_array *x, const nd_array *c);
/** The pseudo-Vandermonde matrix: chebvander, legvander, ... (family)vander.
 * @param f  the family.  @param x  the points.  @param deg  the degree (>= 0).
 * @return a new array of shape x.shape + (deg + 1,); NULL on error. */
ND_API nd_array *nd_polynomial_vander(nd_poly_family f, const nd_array *x, int deg);
/** The least-squares fit of a series: chebfit, legfit, ... (family)fit.
 *
 * NumPy's _fit: the Vandermonde matrix (times w) with unit-norm columns
 * through nd_lstsq. rcond NAN is len(x) * eps. deg is a single degree.
 * full's outputs (residuals, rank, sv, rcond_used) may each be NULL.
 * @param f  the family.  @param x  (M,) points.  @param y  (M,) or (M, K).
 * @param deg  the degree.  @param rcond  the cut-off, or NAN.
 * @param w  weights, or NULL.  @param coef  receives the coefficients.
 * @param residuals  or NULL.  @param rank  or NULL.  @param sv  or NULL.
 * @param rcond_used  or NULL.
 * @return ND_OK or an error status (then no output is set). */
ND_API int nd_polynomial_fit(nd_poly_family f, const nd_array *x, const nd_array *y, int deg,
                             double rcond, const nd_array *w, nd_array **coef, nd_array **residuals,
                             int64_t *rank, nd_array **sv, double *rcond_used);
/** The m-th derivative of a series, times scl per order: chebder, legder, ...
 * @param f  the family.  @param c  the coefficients.  @param m  the order (>= 0).
 * @param scl  the factor per differentiation (1 usually).
 * @return a new 1-D array; NULL on error. */
ND_API nd_array *nd_polynomial_der(nd_poly_family f, const nd_array *c, int m, double scl);
/** The m-th integral of a series: chebint, legint, ... (family)int.
 *
 * Each integration multiplies by scl and adds the constant making the
 * value at lbnd equal k[i] (missing constants are 0; more than m is
 * ND_ERR_VALUE "Too many integration constants").
 * @param f  the family.  @param c  the coefficients.  @param m  the order.
 * @param nk  entries of k.  @param k  the constants, or NULL.
 * @param lbnd  the lower bound.  @param scl  the factor.
 * @return a new 1-D array; NULL on error. */
ND_API nd_array *nd_polynomial_int(nd_poly_family f, const nd_array *c, int m, int nk,
                                   const double *k, double lbnd, double scl);
/** The sum of two series: chebadd, legadd, ... (trailing zeros trimmed).
 * @param f  the family.  @param c1  the first.  @param c2  the second.
 * @return a new 1-D array; NULL on error. */
ND_API nd_array *nd_polynomial_add(nd_poly_family f, const nd_array *c1, const nd_array *c2);
/** The difference of two series: chebsub, legsub, ...
 * @param f  the family.  @param c1  the first.  @param c2  the one subtracted.
 * @return a new 1-D array; NULL on error. */
ND_API nd_array *nd_polynomial_sub(nd_poly_family f, const nd_array *c1, const nd_array *c2);
/** The product of two series: chebmul, legmul, ...
 * @param f  the family.  @param c1  the first.  @param c2  the second.
 * @return a new 1-D array; NULL on error. */
ND_API nd_array *nd_polynomial_mul(nd_poly_family f, const nd_array *c1, const nd_array *c2);
/** A series times x: chebmulx, legmulx, ...
 * @param f  the family.  @param c  the coefficients.
 * @return a new 1-D array; NULL on error. */
ND_API nd_array *nd_polynomial_mulx(nd_poly_family f, const nd_array *c);
/** A series raised to a power: polypow, chebpow, legpow, lagpow, hermpow, hermepow.
 *
 * Repeated products of the trimmed series (NumPy's _pow); pow 0 is [1].
 * A negative pow is ND_ERR_VALUE "Power must be a non-negative integer.",
 * one past maxpower "Power is too large".
 * @param f  the family.  @param c  the coefficients.  @param pow  the power.
 * @param maxpower  the largest power allowed, or negative for none (NumPy's
 * default is 16, and none for polypow).
 * @return a new 1-D array; NULL on error. */
ND_API nd_array *nd_polynomial_pow(nd_poly_family f, const nd_array *c, int pow, int maxpower);
/** The series of the line off + scl * x: polyline, chebline, legline, lagline, hermline, hermeline.
 * @param f  the family.  @param off  the offset.  @param scl  the slope.
 * @return a new float64 array of 2 coefficients ([off] when scl is 0); NULL on error. */
ND_API nd_array *nd_polynomial_line(nd_poly_family f, double off, double scl);
/** Division with remainder of two series: chebdiv, legdiv, ...
 *
 * A zero leading divisor coefficient is ND_ERR_VALUE (NumPy's
 * ZeroDivisionError).
 * @param f  the family.  @param c1  the dividend.  @param c2  the divisor.
 * @param quo  receives the quotient.  @param rem  receives the remainder.
 * @return ND_OK or an error status (then no output is set). */
ND_API int nd_polynomial_div(nd_poly_family f, const nd_array *c1, const nd_array *c2,
                             nd_array **quo, nd_array **rem);
/** The (scaled, symmetric where possible) companion matrix: chebcompanion, ...
 *
 * Degree below 1 is ND_ERR_VALUE "Series must have maximum degree of at least 1.".
 * @param f  the family.  @param c  the coefficients.
 * @return a new (deg, deg) array; NULL on error. */
ND_API nd_array *nd_polynomial_companion(nd_poly_family f, const nd_array *c);
/** The roots of a series, sorted: chebroots, legroots, ...
 *
 * Eigenvalues of the companion matrix rotated by 180 degrees, as NumPy;
 * float64 when all are real, else complex128.
 * @param f  the family.  @param c  the coefficients.
 * @return a new 1-D array; NULL on error. */
ND_API nd_array *nd_polynomial_roots(nd_poly_family f, const nd_array *c);
/** The series with the given roots (leading coefficient per family): chebfromroots, ...
 * @param f  the family.  @param roots  the roots (empty: [1]).
 * @return a new 1-D array; NULL on error. */
ND_API nd_array *nd_polynomial_fromroots(nd_poly_family f, const nd_array *roots);
/** The weight function of a family: chebweight, legweight, lagweight, hermweight, hermeweight.
 *
 * ND_POLY_POWER (which NumPy gives none) returns ones.
 * @param f  the family.  @param x  the points.
 * @return a new float64 array; NULL on error. */
ND_API nd_array *nd_polynomial_weight(nd_poly_family f, const nd_array *x);
/** A series with its small trailing coefficients removed: numpy.polynomial.polyutils.trimcoef.
 *
 * Trailing coefficients of absolute value at most tol go; if every one
 * does, the result is [0]. A negative tol is ND_ERR_VALUE "tol must be
 * non-negative".
 * @param c  the coefficients.  @param tol  the threshold (0: exact zeros).
 * @return a new float64 (complex128 for complex c) 1-D array; NULL on error. */
ND_API nd_array *nd_polynomial_trimcoef(const nd_array *c, double tol);
/** The offset and scale of the linear map old -> new: numpy.polynomial.polyutils.mapparms.
 * @param old  the old domain [a, b].  @param new_  the new domain.
 * @param off  receives the offset.  @param scl  receives the scale.
 * @return ND_OK or an error status. */
ND_API int nd_polynomial_mapparms(const double *old, const double *new_, double *off, double *scl);
/** Maps x from the domain old to new: numpy.polynomial.polyutils.mapdomain.
 * @param x  the points.  @param old  the old domain.  @param new_  the new domain.
 * @return a new reference (off + scl * x); NULL on error. */
ND_API nd_array *nd_polynomial_mapdomain(const nd_array *x, const double *old, const double *new_);

/** @} */

#ifdef __cplusplus
}
#endif

#endif
