/** @file
 * Kept factorizations (src/linalg/factor.c).
 *
 * @defgroup factor Kept factorizations
 * SciPy's scipy.linalg.lu_factor/lu_solve and cho_factor/cho_solve: a
 * factorization made once (LAPACK getrf, potrf) and reused for many
 * right-hand sides (getrs, potrs), in double like nd/linalg.h.
 * @{ */
#ifndef ND_FACTOR_H
#define ND_FACTOR_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The LU factorization with partial pivoting of a matrix: scipy.linalg.lu_factor.
 *
 * LAPACK's getrf on an M x N matrix (2-D; integers and bool as float64,
 * computed in double and rounded to a's float dtype as nd/linalg.h does):
 * *lu holds U in its upper triangle and L's strict lower part (L has a unit
 * diagonal), *piv the int32 pivot indices, 0-based as SciPy's (row i was
 * swapped with row piv[i]), min(M, N) of them. A singular matrix (an exact
 * zero on U's diagonal) is not an error, as SciPy only warns: nd_lu_solve()
 * then gives infinities or NaN. A non-2-D a is ND_ERR_SHAPE; complex is kept
 * complex.
 * @param a    the matrix.
 * @param lu   receives the factors (a new reference).
 * @param piv  receives the pivots (a new int32 reference).
 * @return ND_OK or an error status. */
ND_API int nd_lu_factor(const nd_array *a, nd_array **lu, nd_array **piv);

/** Solves A x = b from nd_lu_factor()'s factors: scipy.linalg.lu_solve.
 *
 * LAPACK's getrs. trans 0 solves A x = b, 1 A^T x = b, 2 A^H x = b. b is
 * (N,) or (N, K); other shapes are ND_ERR_VALUE "Shapes of lu (N, N) and b
 * (...) are incompatible" (SciPy's words), a non-square lu or pivots not of
 * length N with values in [0, N) ND_ERR_VALUE. The result has b's shape in
 * the promoted float dtype of lu and b.
 * @param lu     the factors.
 * @param piv    the pivots (integers).
 * @param b      the right-hand sides.
 * @param trans  0, 1 or 2.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_lu_solve(const nd_array *lu, const nd_array *piv, const nd_array *b, int trans);

/** The Cholesky factor of a Hermitian positive-definite matrix: scipy.linalg.cho_factor.
 *
 * LAPACK's potrf on a's lower (lower = true) or upper triangle: *c is a copy
 * of a whose that triangle holds L (a = L L^H) or U (a = U^H U); the other
 * triangle keeps a's entries, as SciPy's (clean=False). A matrix that is not
 * positive definite is ND_ERR_LINALG "k-th leading minor of the array is
 * not positive definite"; a non-square or non-2-D one ND_ERR_SHAPE.
 * @param a      the matrix.
 * @param lower  which triangle.
 * @param c      receives the factor (a new reference).
 * @return ND_OK or an error status. */
ND_API int nd_cho_factor(const nd_array *a, bool lower, nd_array **c);

/** Solves A x = b from nd_cho_factor()'s factor: scipy.linalg.cho_solve.
 *
 * LAPACK's potrs with the same lower flag; b is (N,) or (N, K) (other
 * shapes are ND_ERR_VALUE "incompatible dimensions"). The result has b's
 * shape in the promoted float dtype of c and b.
 * @param c      the factor.
 * @param lower  the triangle nd_cho_factor() was given.
 * @param b      the right-hand sides.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_cho_solve(const nd_array *c, bool lower, const nd_array *b);

#ifdef __cplusplus
}
#endif
/** @} */
#endif
