/** @file
 * Linear algebra: products and numpy.linalg.
 *
 * @defgroup linalg Linear algebra
 * numpy.matmul/dot/vdot/inner/outer/tensordot/trace and numpy.linalg
 * (src/linalg, OpenBLAS and LAPACK).
 *
 * Products
 * - float32/float64/complex64/complex128 go to CBLAS (gemm/gemv), strided
 *   operands that BLAS can take as they are (a transposed matrix, a slice
 *   with a row stride) without a copy; others are packed first. Batches of
 *   small real matrices (m, n, k <= 16) and every bool, integer (wrapping)
 *   and float16 (float32 accumulation) product go through nd's own batch
 *   kernels, whose results are identical at every ISA level.
 * - BLAS takes int dimensions: larger products are split into pieces that
 *   fit; an operand whose leading dimension itself does not fit (and that
 *   would have to be packed) is ND_ERR_OVERFLOW, never truncated.
 * - Result dtypes follow promotion (nd_result_type). out (may be NULL)
 *   must have the result's exact shape and take it under same_kind
 *   casting.
 *
 * numpy.linalg (solve inv det slogdet cholesky qr svd eigh eig lstsq pinv
 * matrix_rank norm)
 * - Work on stacks of matrices over leading axes, as numpy.linalg.
 * - Computed by LAPACK (Fortran interface, src/linalg/lapack.h) in double
 *   precision (float64 or complex128); float32 and complex64 inputs are
 *   computed in double and rounded once to their dtype (results at least as
 *   accurate as NumPy's single-precision LAPACK calls). Integer and bool
 *   inputs give float64; float16 is ND_ERR_DTYPE "array type float16 is
 *   unsupported in linalg", as NumPy.
 * - Errors: fewer than 2 dimensions ND_ERR_SHAPE "%d-dimensional array
 *   given. Array must be at least two-dimensional"; non-square where
 *   square is needed ND_ERR_SHAPE "Last 2 dimensions of the array must be
 *   square"; a singular matrix in solve/inv ND_ERR_LINALG "Singular
 *   matrix"; cholesky of a matrix that is not positive definite
 *   ND_ERR_LINALG "Matrix is not positive definite"; non-convergence
 *   ND_ERR_LINALG ("SVD did not converge", "Eigenvalues did not
 *   converge").
 * - Functions with several results return a status and fill the pointers
 *   given (each a new reference; on failure none is set).
 * @{ */
#ifndef ND_LINALG_H
#define ND_LINALG_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The matrix product: np.matmul (a @ b).
 *
 * np.matmul: 1-D operands are promoted to matrices and the added axis is removed from the result;
 * leading (batch) axes broadcast; 0-d operands are ND_ERR_VALUE.
 * @param a    the first operand.
 * @param b    the second operand.
 * @param out  NULL, or an array of the result's exact shape (same_kind casting).
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_matmul(const nd_array *a, const nd_array *b, nd_array *out);
/** The dot product: np.dot.
 *
 * np.dot: 0-d operands multiply; otherwise the sum over a's last axis and b's second-to-last (last
 * when 1-D).
 * @param a    the first operand.
 * @param b    the second operand.
 * @param out  NULL, or an array of the result's exact shape (same_kind casting).
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_dot(const nd_array *a, const nd_array *b, nd_array *out);
/** The dot product of flattened arrays, a conjugated: np.vdot.
 *
 * np.vdot: both flattened (C order), a conjugated; equal sizes; 0-d result.
 * @param a  the first operand.
 * @param b  the second operand.
 * @return a new 0-d reference; NULL on error. */
ND_API nd_array *nd_vdot(const nd_array *a, const nd_array *b);
/** The inner product over the last axes: np.inner.
 *
 * np.inner: the sum over both last axes (0-d operands multiply).
 * @param a  the first operand.
 * @param b  the second operand.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_inner(const nd_array *a, const nd_array *b);
/** The outer product of flattened arrays: np.outer.
 *
 * np.outer: both flattened; result (a.size, b.size).
 * @param a    the first operand.
 * @param b    the second operand.
 * @param out  NULL, or an array of the result's exact shape (same_kind casting).
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_outer(const nd_array *a, const nd_array *b, nd_array *out);
/** The sum of products over chosen axes: np.tensordot.
 *
 * np.tensordot. axes_a == NULL: NumPy's integer form, the last naxes axes of a against the first
 * naxes of b; otherwise axes_a[i] of a is summed against axes_b[i] of b (negative axes count from
 * the end).
 * @param a       the first operand.
 * @param b       the second operand.
 * @param naxes   the number of axes summed.
 * @param axes_a  naxes axes of a, or NULL (the integer form).
 * @param axes_b  naxes axes of b (NULL with axes_a).
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_tensordot(const nd_array *a, const nd_array *b, int naxes, const int *axes_a,
                              const int *axes_b);
/** The sum along a diagonal: np.trace.
 *
 * The sum of the diagonal at offset over axis1, axis2 (dtype as nd_sum()'s).
 * @param a       the array (at least 2-D).
 * @param offset  the diagonal (0 main, positive above).
 * @param axis1   the first axis of the plane.
 * @param axis2   the second.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_trace(const nd_array *a, int64_t offset, int axis1, int axis2);

/** Solves a x = b: np.linalg.solve.
 *
 * a (..., M, M); b (..., M, K), or (M,) for one right-hand side (NumPy 2's rule: only a 1-D b is
 * a vector).
 * @param a  square matrices (..., M, M).
 * @param b  right-hand sides (..., M, K), or (M,).
 * @return a new reference to x; NULL on error (ND_ERR_LINALG "Singular matrix"). */
ND_API nd_array *nd_solve(const nd_array *a, const nd_array *b);
/** The inverse of square matrices: np.linalg.inv.
 * @param a  matrices (..., M, M).
 * @return a new reference; NULL on error (ND_ERR_LINALG "Singular matrix"). */
ND_API nd_array *nd_inv(const nd_array *a);
/** The determinant of square matrices: np.linalg.det.
 * @param a  matrices (..., M, M).
 * @return a new reference of shape (...); NULL on error. */
ND_API nd_array *nd_det(const nd_array *a);
/** The sign and log of |determinant|: np.linalg.slogdet.
 * @param a          matrices (..., M, M).
 * @param sign       receives the signs (complex for complex input: a unit value; 0 for singular).
 * @param logabsdet  receives log|det| (real; -inf for singular).
 * @return ND_OK or an error status (then no output is set). */
ND_API int nd_slogdet(const nd_array *a, nd_array **sign, nd_array **logabsdet);
/** The Cholesky factor: np.linalg.cholesky.
 *
 * The lower-triangular factor L with a = L L^H (only a's lower triangle is read, as NumPy).
 * @param a  Hermitian positive-definite matrices (..., M, M).
 * @return a new reference to L; NULL on error (ND_ERR_LINALG "Matrix is not positive definite"). */
ND_API nd_array *nd_cholesky(const nd_array *a);
/** What nd_qr() computes: np.linalg.qr's mode.
 *
 * ND_QR_REDUCED: Q (..., M, K) and R (..., K, N) with K = min(M, N) ("reduced");
 * ND_QR_COMPLETE: Q (..., M, M) and R (..., M, N) ("complete"); ND_QR_R: R alone ("r"). */
typedef enum { ND_QR_REDUCED, ND_QR_COMPLETE, ND_QR_R } nd_qr_mode;
/** The QR decomposition: np.linalg.qr.
 *
 * ND_QR_R fills only *r (q may be NULL).
 * @param a     matrices (..., M, N).
 * @param mode  ND_QR_REDUCED, ND_QR_COMPLETE or ND_QR_R (::nd_qr_mode).
 * @param q     receives Q (may be NULL with ND_QR_R).
 * @param r     receives R.
 * @return ND_OK or an error status (then no output is set). */
ND_API int nd_qr(const nd_array *a, nd_qr_mode mode, nd_array **q, nd_array **r);
/** The singular value decomposition: np.linalg.svd.
 *
 * np.linalg.svd; with u and vh NULL only the singular values are computed (compute_uv=False). s is
 * real, descending.
 * @param a              matrices (..., M, N).
 * @param full_matrices  u and vh square (true) or reduced.
 * @param u              receives U, or NULL (with vh NULL).
 * @param s              receives the singular values.
 * @param vh             receives V^H, or NULL (with u NULL).
 * @return ND_OK or an error status (then no output is set). */
ND_API int nd_svd(const nd_array *a, bool full_matrices, nd_array **u, nd_array **s, nd_array **vh);
/** Eigenvalues and eigenvectors of Hermitian matrices: np.linalg.eigh.
 *
 * Eigen-decomposition of Hermitian matrices from the lower triangle: w real ascending; v NULL
 * gives eigvalsh.
 * @param a  matrices (..., M, M); only the lower triangle is read.
 * @param w  receives the eigenvalues.
 * @param v  receives the eigenvectors as columns, or NULL (eigvalsh).
 * @return ND_OK or an error status (then no output is set). */
ND_API int nd_eigh(const nd_array *a, nd_array **w, nd_array **v);
/** Eigenvalues and eigenvectors of general matrices: np.linalg.eig.
 *
 * General eigen-decomposition (LAPACK geev): for real input w and v are real when every eigenvalue
 * of the whole stack is real, else complex (as NumPy); v NULL gives eigvals. Columns of v have
 * unit norm.
 * @param a  matrices (..., M, M).
 * @param w  receives the eigenvalues.
 * @param v  receives the eigenvectors as columns, or NULL (eigvals).
 * @return ND_OK or an error status (then no output is set). */
ND_API int nd_eig(const nd_array *a, nd_array **w, nd_array **v);
/** The least-squares solution of a x = b: np.linalg.lstsq.
 *
 * np.linalg.lstsq(a, b, rcond): a (M, N), b (M,) or (M, K). rcond NAN takes NumPy's default
 * (machine epsilon * max(M, N)); singular values below rcond * largest are taken as zero.
 * residuals: the squared 2-norm of each column of b - a x when rank == N < M, else an empty array.
 * Any output pointer may be NULL.
 * @param a          the (M, N) matrix.
 * @param b          (M,) or (M, K).
 * @param rcond      the cut-off ratio, or NAN for the default.
 * @param x          receives the solution (may be NULL).
 * @param residuals  receives the residuals (may be NULL).
 * @param rank       receives a's rank (may be NULL).
 * @param s          receives a's singular values (may be NULL).
 * @return ND_OK or an error status (then no output is set). */
ND_API int nd_lstsq(const nd_array *a, const nd_array *b, double rcond, nd_array **x,
                    nd_array **residuals, int64_t *rank, nd_array **s);
/** The pseudo-inverse: np.linalg.pinv.
 *
 * np.linalg.pinv(a, rcond) (NumPy's default rcond is 1e-15).
 * @param a      matrices (..., M, N).
 * @param rcond  singular values below rcond * largest count as zero.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_pinv(const nd_array *a, double rcond);
/** The rank of matrices by SVD: np.linalg.matrix_rank.
 *
 * np.linalg.matrix_rank(a, tol): tol NAN takes NumPy's default (largest singular value * max(M, N)
 * * eps). int64, one per matrix; a 0-d or 1-D a gives 1 unless all its values are zero.
 * @param a    the array.
 * @param tol  the threshold, or NAN for the default.
 * @return a new int64 reference; NULL on error. */
ND_API nd_array *nd_matrix_rank(const nd_array *a, double tol);
/** A vector or matrix norm: np.linalg.norm.
 *
 * np.linalg.norm(a, ord, axis, keepdims). ord: NULL (NumPy's None: the 2-norm of the flattened
 * array, or Frobenius for a matrix), "fro", "nuc", "inf", "-inf", or a number ("1", "-2", "0",
 * "3.5"). naxes 0 (axes NULL) takes every axis (a 1-D or 2-D a, as NumPy; other ord values need a
 * 1-D or 2-D a); 1 axis gives vector norms, 2 axes matrix norms. The result is real (float32 for
 * float32/complex64, else float64).
 * @param a         the array.
 * @param ord       the order as text, or NULL.
 * @param naxes     the number of axes (0, 1 or 2).
 * @param axes      naxes axes (NULL when naxes is 0).
 * @param keepdims  keep the normed axes with length 1.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_norm(const nd_array *a, const char *ord, int naxes, const int *axes,
                         bool keepdims);

/** The Kronecker product: np.kron.
 *
 * The shorter shape is padded with leading 1s; the result has shape a.shape[i] * b.shape[i] and
 * the operands' promoted dtype (nd_multiply()'s). More than 16 dimensions is ND_ERR_SHAPE.
 * @param a  the first operand.
 * @param b  the second operand.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_kron(const nd_array *a, const nd_array *b);
/** A square matrix to an integer power: np.linalg.matrix_power.
 *
 * NumPy's binary decomposition through nd_matmul() (integer matrices stay integer and wrap); n == 0
 * gives the identity in a's dtype over a's stack, n < 0 the power of nd_inv(a) (ND_ERR_LINALG
 * "Singular matrix"). Fewer than 2 dimensions or non-square ND_ERR_SHAPE with NumPy's messages.
 * @param a  square matrices (..., M, M).
 * @param n  the exponent.
 * @return a new reference (never a view of a); NULL on error. */
ND_API nd_array *nd_matrix_power(const nd_array *a, int64_t n);
/** The product of several matrices in the cheapest order: np.linalg.multi_dot.
 *
 * NumPy's order: its cost rule for three arrays, the matrix-chain dynamic program (first
 * cheapest split) for more. The first array may be 1-D (a row), the last 1-D (a column), the rest
 * must be 2-D (ND_ERR_SHAPE "%d-dimensional array given. Array must be two-dimensional"); fewer
 * than two is ND_ERR_VALUE "Expecting at least two arrays.". Mismatched inner dimensions fail as
 * nd_dot() does.
 * @param n       the number of arrays (>= 2).
 * @param arrays  n arrays.
 * @param out     NULL, or an array of the result's shape (same_kind casting).
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_multi_dot(int n, nd_array_list arrays, nd_array *out);
/** The condition number: np.linalg.cond.
 *
 * p NULL, "2" or "-2": the ratio of the extreme singular values (any (..., M, N)); "fro", "nuc",
 * "inf", "-inf", "1", "-1": norm(x, p) * norm(inv(x), p) over square matrices, a singular one
 * giving inf, the result in the matrices' dtype (complex for complex input, as NumPy's). nan
 * becomes inf unless the matrix holds a NaN, as NumPy. Empty matrices ND_ERR_LINALG "cond is not
 * defined on empty arrays"; another p ND_ERR_VALUE "Invalid norm order for matrices.". The
 * divisions may raise the divide flag (NumPy ignores it under errstate).
 * @param x  matrices (..., M, N).
 * @param p  the norm's order as text, or NULL.
 * @return a new reference (one value per matrix); NULL on error. */
ND_API nd_array *nd_cond(const nd_array *x, const char *p);
/** The inverse of a tensor for tensordot: np.linalg.tensorinv.
 *
 * a reshaped to (prod(a.shape[ind:]), -1), inverted, reshaped to a.shape[ind:] + a.shape[:ind].
 * ind <= 0 is ND_ERR_VALUE "Invalid ind argument."; a non-square reshape fails as nd_inv().
 * @param a    the tensor.
 * @param ind  the number of leading axes in the inverse sum (NumPy's default is 2).
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_tensorinv(const nd_array *a, int ind);
/** Solves tensordot(a, x, b.ndim) = b for x: np.linalg.tensorsolve.
 *
 * axes (naxes of them, or none) are moved to the end of a first, in order (negative axes are not
 * found, as in NumPy: ND_ERR_VALUE "list.remove(x): x not in list"). x has shape
 * a.shape[b.ndim:] (after the move); prod of that squared must equal a.size, else ND_ERR_LINALG
 * with NumPy's message. The square system goes to nd_solve().
 * @param a      the coefficient tensor.
 * @param b      the right-hand side.
 * @param naxes  the number of axes to move (0: none).
 * @param axes   naxes axes of a, or NULL when naxes is 0.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_tensorsolve(const nd_array *a, const nd_array *b, int naxes, const int *axes);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
