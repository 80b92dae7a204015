/** @file
 * nd_dist: distributed arrays over MPI (libnd_dist, pkg-config nd-dist).
 *
 * @defgroup dist Distributed arrays
 * A context over an MPI communicator and ::nd_darray, an array whose
 * elements live on the ranks of that communicator, either replicated (every
 * rank holds all of it) or split along one axis into consecutive blocks
 * (balanced, or any counts the caller gives, empty ranks included).
 * libnd_dist does its local work through nd's public API only, so a
 * distributed result has the bits of the single-process nd result at any
 * rank count (docs/design.md, Distributed arrays).
 *
 * Common rules
 * - Every function taking an ::nd_dist or ::nd_darray is collective: all
 *   ranks of the context call it, in the same order, with the same
 *   arguments except where a parameter says "root only" or "this rank's".
 * - Every rank returns the same status from every call. A failure on one
 *   rank (bad input, a failed allocation) is agreed on by one collective:
 *   every rank returns the lowest failing rank's status, and its message
 *   with " (rank R)" appended becomes every rank's nd_last_error_message().
 *   No rank is left waiting in a later collective.
 * - Sizes past 2^31 elements or bytes are sent in pieces MPI's int counts
 *   can carry, never truncated.
 * - Floating-point flags raised on any rank reach every rank's nd_fp_flags().
 * - Distributed arrays made here are owned by the caller: give each back
 *   with nd_darray_free() (collective only in the sense that every rank
 *   frees its own handle; it communicates nothing).
 * @{ */
#ifndef ND_DIST_H
#define ND_DIST_H

#include <mpi.h>

#include "nd/core.h"
#include "nd/ufunc.h"
#include "nd/random.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A context: a private duplicate of an MPI communicator (opaque). */
typedef struct nd_dist nd_dist;

/** A distributed array (opaque): global dtype and shape, layout, this rank's piece. */
typedef struct nd_darray nd_darray;

/** The split axis of a replicated layout: every rank holds the whole array.
 *
 * Passed where a function takes a split axis; nd_darray_split_axis()
 * returns it for a replicated array. */
#define ND_DIST_REPLICATED (INT_MIN + 1)

/** Makes a context over a communicator (collective over comm).
 *
 * The communicator is duplicated (MPI_Comm_dup), so nd's messages never
 * mix with the caller's; its error handler is MPI_ERRORS_RETURN, and an MPI
 * failure becomes ND_ERR_IO with MPI's error string. Errors: ND_ERR_NOMEM.
 * @param comm  the communicator (MPI must be initialized).
 * @return a new context to give back with nd_dist_free(); NULL on error. */
ND_API nd_dist *nd_dist_create(MPI_Comm comm);

/** Frees a context (collective: MPI_Comm_free of the duplicate).
 *
 * Arrays made on the context must be freed first.
 * @param d  the context, or NULL (then nothing happens). */
ND_API void nd_dist_free(nd_dist *d);

/** This rank's number in the context's communicator.
 * @param d  the context.   @return the rank; -1 for NULL (ND_ERR_NULL). */
ND_API int nd_dist_rank(const nd_dist *d);

/** The number of ranks of the context's communicator.
 * @param d  the context.   @return the size; -1 for NULL (ND_ERR_NULL). */
ND_API int nd_dist_size(const nd_dist *d);

/** Distributes an array held by one rank (collective).
 *
 * The root's array a is cut along split_axis into blocks of counts[r]
 * indices for rank r (counts NULL: balanced, the first n % P ranks get one
 * more), or copied whole to every rank for ::ND_DIST_REPLICATED. Errors,
 * on every rank: ND_ERR_NULL (a NULL on the root), ND_ERR_AXIS (a split
 * axis out of range; a 0-d array cannot be split), ND_ERR_VALUE (counts
 * negative, not summing to the axis's extent, or not the same on every
 * rank; root out of range), ND_ERR_NOMEM.
 * @param d           the context.
 * @param a           the array (root only; ignored on the other ranks).
 * @param root        the rank holding a.
 * @param split_axis  the axis to split (negative counts from the end), or ::ND_DIST_REPLICATED.
 * @param counts      NULL, or one count per rank (the same on every rank).
 * @return a new distributed array (each rank's piece a C-order copy); NULL on error. */
ND_API nd_darray *nd_darray_scatter(nd_dist *d, const nd_array *a, int root, int split_axis,
                                    const int64_t *counts);

/** Makes a distributed array of this rank's existing piece (collective).
 *
 * Each rank passes its piece; the pieces must agree in dtype, ndim and
 * every extent but the split axis's (for ::ND_DIST_REPLICATED, in every
 * extent), else ND_ERR_SHAPE or ND_ERR_DTYPE on every rank. The piece is
 * retained, not copied (writes through it are seen by the distributed
 * array).
 * @param d           the context.
 * @param local       this rank's piece.
 * @param split_axis  the axis the pieces are consecutive blocks of, or ::ND_DIST_REPLICATED.
 * @return a new distributed array; NULL on error. */
ND_API nd_darray *nd_darray_wrap(nd_dist *d, nd_array *local, int split_axis);

/** Gives back a distributed array (local: communicates nothing).
 * @param x  the array, or NULL (then nothing happens). */
ND_API void nd_darray_free(nd_darray *x);

/** Collects a distributed array on one rank (collective).
 *
 * Errors: ND_ERR_NULL, ND_ERR_VALUE (root out of range), ND_ERR_NOMEM.
 * @param x     the distributed array.
 * @param root  the rank that receives the whole array.
 * @param out   receives, on the root, a new C-order reference to the whole
 *              array; NULL on the other ranks and on error.
 * @return ND_OK or the agreed error status. */
ND_API int nd_darray_gather(const nd_darray *x, int root, nd_array **out);

/** Collects a distributed array on every rank (collective).
 * @param x  the distributed array.
 * @return a new C-order reference to the whole array; NULL on error. */
ND_API nd_array *nd_darray_allgather(const nd_darray *x);

/** This rank's piece (local).
 * @param x  the distributed array.
 * @return a borrowed reference, valid while x lives; NULL for NULL. */
ND_API nd_array *nd_darray_local(const nd_darray *x);

/** The context of a distributed array (local).
 * @param x  the distributed array.   @return borrowed; NULL for NULL. */
ND_API nd_dist *nd_darray_dist(const nd_darray *x);

/** The number of dimensions of the whole array (local).
 * @param x  the distributed array.   @return ndim; -1 for NULL. */
ND_API int nd_darray_ndim(const nd_darray *x);

/** The extents of the whole array (local).
 * @param x  the distributed array.
 * @return ndim extents, borrowed (valid while x lives); NULL for NULL. */
ND_API const int64_t *nd_darray_shape(const nd_darray *x);

/** The dtype of a distributed array (local).
 * @param x  the distributed array.   @return the dtype; ::ND_NUM_DTYPES for NULL. */
ND_API nd_dtype nd_darray_dtype(const nd_darray *x);

/** The split axis (in [0, ndim)) or ::ND_DIST_REPLICATED (local).
 * @param x  the distributed array.   @return the axis; ::ND_DIST_REPLICATED also for NULL. */
ND_API int nd_darray_split_axis(const nd_darray *x);

/** How many indices of the split axis a rank holds, and from where (local).
 *
 * For a replicated array every rank holds [0, extent) of axis 0 (count and
 * offset describe that; 1 and 0 for a 0-d array).
 * @param x       the distributed array.
 * @param rank    the rank asked about.
 * @param offset  receives the rank's first global index (may be NULL).
 * @return the count; -1 on error (ND_ERR_NULL, ND_ERR_VALUE for a bad rank). */
ND_API int64_t nd_darray_count(const nd_darray *x, int rank, int64_t *offset);

/** Redistributes along another axis or with other counts (collective, MPI_Alltoallv).
 *
 * split_axis may be ::ND_DIST_REPLICATED (an allgather) or an axis;
 * counts NULL balances. A replicated source needs no messages. Errors as
 * nd_darray_scatter().
 * @param x           the distributed array.
 * @param split_axis  the new split axis, or ::ND_DIST_REPLICATED.
 * @param counts      NULL, or one count per rank (the same on every rank).
 * @return a new distributed array; NULL on error. */
ND_API nd_darray *nd_darray_resplit(const nd_darray *x, int split_axis, const int64_t *counts);

/** Permutes the axes of a distributed array: np.transpose(x, axes) (collective).
 *
 * Each rank transposes its own piece (copied to C order) and the split
 * moves with its axis: no messages. A block-cyclic matrix goes to row
 * blocks first. nd_darray_resplit() of the result puts the split where
 * wanted (one MPI_Alltoallv). Errors, agreed: ND_ERR_NULL, ND_ERR_AXIS (an
 * axis out of range), ND_ERR_VALUE (a repeated axis), ND_ERR_NOMEM.
 * @param x     the distributed array.
 * @param axes  a permutation of its axes (negative from the end), or NULL to reverse them.
 * @return a new distributed array; NULL on error. */
ND_API nd_darray *nd_darray_transpose(const nd_darray *x, const int *axes);

/** An elementwise op over distributed arrays, with NumPy's broadcasting (collective).
 *
 * nd_ufunc() of each rank's pieces: the result takes the layout of the first
 * split input whose split axis is a full-extent axis of the result (all
 * replicated: replicated). A replicated operand is sliced locally; one split
 * differently is resplit to the result's layout first. Each element is
 * computed by nd_ufunc exactly as in one process, so the gathered result has
 * the same bits. Floating-point flags raised on any rank are raised on every
 * rank. Errors: those of nd_ufunc (ND_ERR_SHAPE, ND_ERR_DTYPE...), agreed
 * on every rank; inputs on different contexts are ND_ERR_VALUE.
 * @param op      the op (ND_OP_ADD...).
 * @param nin     the number of inputs, nd_op_nin(op).
 * @param inputs  nin distributed arrays.
 * @return a new distributed array; NULL on error. */
ND_API nd_darray *nd_dist_ufunc(nd_op op, int nin, const nd_darray *const *inputs);

/** The sum along an axis, bit-identical to nd_sum() of the whole array (collective).
 *
 * Along an axis that is not split, each rank reduces its piece (the result
 * keeps x's layout). Along the split axis, or over ::ND_AXIS_ALL, float sums
 * follow nd_sum's fixed pairwise tree across the ranks: each rank sums the
 * tree's nodes inside its part with nd_sum, and the states are merged by
 * one MPI_Allreduce with a user operation in rank order, so the bits do not
 * depend on the rank count, the counts or the MPI algorithm (the result is
 * replicated). Integer and bool sums wrap as nd_sum's. Errors as nd_sum
 * (ND_ERR_AXIS...), agreed on every rank.
 * @param x         the distributed array.
 * @param axis      the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @return a new distributed array; NULL on error. */
ND_API nd_darray *nd_dist_sum(const nd_darray *x, int axis, bool keepdims);

/** The mean along an axis, bit-identical to nd_mean() (collective).
 *
 * nd_dist_sum() divided by the count as nd_mean divides (integers give
 * float64; an empty reduction is NaN with the invalid flag on every rank).
 * @param x  the distributed array.  @param axis  the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @return a new distributed array; NULL on error. */
ND_API nd_darray *nd_dist_mean(const nd_darray *x, int axis, bool keepdims);

/** The variance along an axis, bit-identical to nd_var() (collective).
 *
 * nd_var's steps on the distributed array: the mean (nd_dist_mean, kept
 * dims; for float16 the float16 sum divided by the count, as NumPy's _var),
 * each rank's |x - mean|^2 through the ufuncs, their sum across the split
 * with nd_dist_sum(), divided by max(0, count - ddof). Real for complex
 * input, float64 for integers. Along an axis that is not split, each rank
 * runs nd_var on its piece. Errors as nd_var, agreed on every rank.
 * @param x  the distributed array.  @param axis  the axis, or ::ND_AXIS_ALL.
 * @param ddof  delta degrees of freedom.  @param keepdims  keep the reduced axis with length 1.
 * @return a new distributed array; NULL on error. */
ND_API nd_darray *nd_dist_var(const nd_darray *x, int axis, int ddof, bool keepdims);

/** The standard deviation along an axis, bit-identical to nd_std() (collective).
 *
 * The square root of nd_dist_var(), as nd_std takes it.
 * @param x  the distributed array.  @param axis  the axis, or ::ND_AXIS_ALL.
 * @param ddof  delta degrees of freedom.  @param keepdims  keep the reduced axis with length 1.
 * @return a new distributed array; NULL on error. */
ND_API nd_darray *nd_dist_std(const nd_darray *x, int axis, int ddof, bool keepdims);

/** min, max, any or all along an axis, as nd_reduce() of the whole array (collective).
 *
 * These are exact, so each rank reduces its piece and the per-rank results
 * are combined with the same op (NaN propagates as in nd_min/nd_max; empty
 * ranks take no part). A zero-length min/max is ND_ERR_VALUE with NumPy's
 * message on every rank. Other ops are ND_ERR_UNSUPPORTED.
 * @param op        `ND_OP_MINIMUM`, `ND_OP_MAXIMUM`, `ND_OP_LOGICAL_OR` (any) or
 * `ND_OP_LOGICAL_AND` (all).
 * @param x         the distributed array.
 * @param axis      the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @return a new distributed array; NULL on error. */
ND_API nd_darray *nd_dist_reduce(nd_op op, const nd_darray *x, int axis, bool keepdims);

/* ---- 2-D block-cyclic layout, matmul, ScaLAPACK (docs/design.md) ---- */

/** The split axis of a 2-D block-cyclic layout (ScaLAPACK's).
 *
 * nd_darray_split_axis() returns it for an array made by
 * nd_darray_blockcyclic(): blocks of mb x nb elements dealt round-robin
 * over a process grid of nprow x npcol ranks (nd_dist_grid(); rank r at
 * grid row r / npcol, column r % npcol, both sources 0), each rank's piece
 * its blocks in an F-order (column-major) matrix as ScaLAPACK's routines
 * take it, of numroc's extents. nd_darray_count() gives a rank's local row
 * count (offset 0). nd_darray_resplit() and nd_darray_gather() take
 * block-cyclic arrays; nd_dist_ufunc() and the reductions move them to rows
 * first. */
#define ND_DIST_BLOCKCYCLIC (INT_MIN + 2)

/** The process grid block-cyclic arrays of a context use (local).
 *
 * nprow is the largest divisor of the rank count P not above sqrt(P),
 * npcol = P / nprow (1 x 2 for two ranks, 2 x 2 for four, 1 x 3 for three).
 * @param d      the context.
 * @param nprow  receives the grid's rows (may be NULL).
 * @param npcol  receives the grid's columns (may be NULL).
 * @return ND_OK; ND_ERR_NULL for a NULL context. */
ND_API int nd_dist_grid(const nd_dist *d, int *nprow, int *npcol);

/** Redistributes a 2-D array to the block-cyclic layout (collective).
 *
 * One MPI_Alltoallv of the intersections of each rank's rows and columns
 * with each other rank's blocks (pieces past an int count go as messages).
 * Errors, on every rank: ND_ERR_NULL, ND_ERR_SHAPE (not 2-D), ND_ERR_VALUE
 * (a block size below 1), ND_ERR_NOMEM.
 * @param x   the distributed array (any layout, any dtype).
 * @param mb  the block's rows.
 * @param nb  the block's columns.
 * @return a new distributed array (split axis ::ND_DIST_BLOCKCYCLIC); NULL on error. */
ND_API nd_darray *nd_darray_blockcyclic(const nd_darray *x, int64_t mb, int64_t nb);

/** The block sizes of a block-cyclic array (local).
 * @param x   the distributed array.
 * @param mb  receives the block's rows (may be NULL).
 * @param nb  receives the block's columns (may be NULL).
 * @return ND_OK; ND_ERR_NULL, or ND_ERR_VALUE when x is not block-cyclic. */
ND_API int nd_darray_blocks(const nd_darray *x, int64_t *mb, int64_t *nb);

/** The messages and bytes this rank has sent on a context (local).
 *
 * Counted: every non-empty block of an all-to-all to another rank (resplit,
 * block-cyclic moves, matmul's panels) and every point-to-point message
 * (scatter, gather); the small collectives that agree on a status are not
 * counted. The bench family `dist` reports these per operation.
 * @param d         the context.
 * @param messages  receives the message count (may be NULL).
 * @param bytes     receives the byte count (may be NULL).
 * @param reset     set both counters to zero after reading them.
 * @return ND_OK; ND_ERR_NULL for a NULL context. */
ND_API int nd_dist_traffic(nd_dist *d, int64_t *messages, int64_t *bytes, bool reset);

/** How nd_dist_matmul() computes. */
typedef enum {
    /** Every element is computed by nd_matmul on fixed global tiles, so the
     * bits do not depend on the rank count or grid (see nd_dist_matmul()). */
    ND_DIST_MATMUL_REPRODUCIBLE,
    /** ScaLAPACK's pdgemm/psgemm on the block-cyclic layout: faster for
     * large grids, the same bits run to run on a fixed grid and block size
     * only (float32 and float64). */
    ND_DIST_MATMUL_PDGEMM
} nd_dist_matmul_mode;

/** The matrix product of two 2-D distributed arrays (collective).
 *
 * ::ND_DIST_MATMUL_REPRODUCIBLE: the result is cut into global tiles of
 * 128 x 128; each rank gathers the rows of a and the columns of b its tiles
 * need (a block-cyclic move, all of k) and computes each tile as one
 * nd_matmul of the tile's 128 rows of a (zero rows past the end) by its 128
 * columns of b. A tile's bits are a function of the inputs only, the same
 * on every grid of every rank count. When nd's own GEMM computes both that
 * tile product and nd_matmul of the whole matrices (float32/float64, m and
 * n at least 128, k at least 16, the avx2 or avx512 level), every element is the
 * same in-order FMA chain over k, and the gathered result is bit-identical
 * to nd_matmul(a, b) in one process (tested). Memory per rank: its rows
 * of a and columns of b over all of k.
 * ::ND_DIST_MATMUL_PDGEMM: a and b moved to 64 x 64 blocks, ScaLAPACK's
 * p?gemm; ND_ERR_UNSUPPORTED when libnd_dist was built without ScaLAPACK.
 * Both: dtypes promote as nd_matmul's (ints compute exactly, per tile, in
 * the reproducible mode; pdgemm takes float32/float64 only, else
 * ND_ERR_DTYPE); the result is block-cyclic with 128 x 128 (reproducible)
 * or 64 x 64 (pdgemm) blocks. Errors, on every rank: ND_ERR_NULL,
 * ND_ERR_SHAPE ("matmul: Input operand 1 has a mismatch in its core
 * dimension 0..." as nd_matmul; operands not 2-D), ND_ERR_VALUE (other
 * contexts, a bad mode), ND_ERR_NOMEM.
 * @param a     the left operand (any layout).
 * @param b     the right operand (any layout).
 * @param mode  ::ND_DIST_MATMUL_REPRODUCIBLE or ::ND_DIST_MATMUL_PDGEMM.
 * @return a new block-cyclic distributed array; NULL on error. */
ND_API nd_darray *nd_dist_matmul(const nd_darray *a, const nd_darray *b, nd_dist_matmul_mode mode);

/** Solves a @ x = b with ScaLAPACK's pdgesv (collective).
 *
 * a (n x n) and b (n x nrhs) in any layout are moved to 64 x 64 blocks in
 * float64 (integers and bool convert; float32 in both gives a float32
 * result, as np.linalg.solve; complex is ND_ERR_UNSUPPORTED, float16
 * ND_ERR_DTYPE). Errors, on every rank: ND_ERR_SHAPE (not 2-D, a not
 * square: "Last 2 dimensions of the array must be square", b's rows not
 * n), ND_ERR_LINALG "Singular matrix" (pdgesv's INFO > 0 on any rank),
 * ND_ERR_OVERFLOW (an extent past int), ND_ERR_UNSUPPORTED (built without
 * ScaLAPACK), ND_ERR_NOMEM. Agrees with nd_solve() within the backward
 * error of partial pivoting (the pivots' order is the grid's).
 * @param a  the matrix.
 * @param b  the right-hand sides, 2-D.
 * @return x, block-cyclic with 64 x 64 blocks; NULL on error. */
ND_API nd_darray *nd_dist_solve(const nd_darray *a, const nd_darray *b);

/** The Cholesky factor L (a = L @ L^T) with ScaLAPACK's pdpotrf (collective).
 *
 * Reads a's lower triangle (as np.linalg.cholesky); the upper triangle of
 * the result is zero. Dtypes and errors as nd_dist_solve(), with
 * ND_ERR_LINALG "Matrix is not positive definite" for pdpotrf's INFO > 0.
 * @param a  the symmetric positive definite matrix.
 * @return L, block-cyclic with 64 x 64 blocks; NULL on error. */
ND_API nd_darray *nd_dist_cholesky(const nd_darray *a);

/** Eigenvalues and eigenvectors of a symmetric matrix with ScaLAPACK's pdsyevd (collective).
 *
 * Reads a's lower triangle (np.linalg.eigh's default UPLO='L'); the
 * eigenvalues ascend. Dtypes and errors as nd_dist_solve(), with
 * ND_ERR_LINALG "Eigenvalues did not converge" for INFO > 0; w NULL is
 * ND_ERR_NULL. Eigenvectors are unique up to sign (and within a cluster
 * of equal eigenvalues): compare a @ v with v * w, not v itself.
 * @param a  the symmetric matrix.
 * @param w  receives the eigenvalues, replicated (1-D).
 * @param v  receives the eigenvectors as columns, block-cyclic with 64 x 64
 *           blocks; NULL: only the eigenvalues are computed.
 * @return ND_OK or the agreed error status (then nothing is set). */
ND_API int nd_dist_eigh(const nd_darray *a, nd_darray **w, nd_darray **v);

/** The reduced QR decomposition with ScaLAPACK's pdgeqrf and pdorgqr (collective).
 *
 * a (m x n) = q (m x k) @ r (k x n), k = min(m, n), as np.linalg.qr's
 * 'reduced' mode (Householder reflections as LAPACK's: the same signs as
 * nd_qr up to rounding). Dtypes and errors as nd_dist_solve() (a need not
 * be square); q or r NULL is ND_ERR_NULL.
 * @param a  the matrix.
 * @param q  receives q, split along axis 1.
 * @param r  receives r (zero below the diagonal), split along axis 0.
 * @return ND_OK or the agreed error status (then nothing is set). */
ND_API int nd_dist_qr(const nd_darray *a, nd_darray **q, nd_darray **r);

/** The reduced singular value decomposition with ScaLAPACK's pdgesvd (collective).
 *
 * a (m x n) = u (m x k) @ diag(s) @ vt (k x n), k = min(m, n), s descending
 * (np.linalg.svd with full_matrices=False). Singular vectors are unique up
 * to sign: compare products, not u or vt. Dtypes and errors as
 * nd_dist_solve() (a need not be square), with ND_ERR_LINALG "SVD did not
 * converge" for INFO > 0; a NULL output pointer is ND_ERR_NULL.
 * @param a   the matrix.
 * @param u   receives u, block-cyclic with 64 x 64 blocks.
 * @param s   receives s, replicated (1-D).
 * @param vt  receives vt, block-cyclic with 64 x 64 blocks.
 * @return ND_OK or the agreed error status (then nothing is set). */
ND_API int nd_dist_svd(const nd_darray *a, nd_darray **u, nd_darray **s, nd_darray **vt);

/** Least squares (m >= n) or minimum-norm (m < n) solutions with ScaLAPACK's pdgels (collective).
 *
 * x (n x nrhs) minimizing |a x - b| for a (m x n) of full rank, as the x of
 * np.linalg.lstsq for full-rank a (residuals, rank and singular values are
 * not computed). pdgels assumes full rank: a zero on the diagonal of its
 * triangular factor is ND_ERR_LINALG ("a is rank deficient...") where
 * NumPy's SVD-based lstsq would return a minimum-norm solution; nearly
 * rank-deficient a is not detected. Dtypes and errors as nd_dist_solve(),
 * ND_ERR_SHAPE when b is not 2-D with m rows.
 * @param a  the matrix (m x n).
 * @param b  the right-hand sides (m x nrhs).
 * @return x, split along axis 0; NULL on error. */
ND_API nd_darray *nd_dist_lstsq(const nd_darray *a, const nd_darray *b);
/** The index of the minimum along an axis, as nd_argmin() of the whole array (collective).
 * Along the split axis or over ::ND_AXIS_ALL, each rank's candidate (its
 * first NaN, else its first minimum) and its value are allgathered and
 * decided by nd_argmin() in rank order, so the index is NumPy's: the first
 * NaN, else the first minimum, ties to the lowest global index (flat C order
 * for ::ND_AXIS_ALL). The result is replicated. Along another axis each
 * rank reduces its piece (the result keeps the split). Errors as nd_argmin
 * (ND_ERR_AXIS; ND_ERR_VALUE for an empty run), agreed on every rank.
 * @param x         the distributed array.
 * @param axis      the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @return a new int64 distributed array; NULL on error. */
ND_API nd_darray *nd_dist_argmin(const nd_darray *x, int axis, bool keepdims);

/** The index of the maximum along an axis, as nd_argmax() of the whole array (collective).
 * As nd_dist_argmin() with nd_argmax's rules (the first NaN, else the first
 * maximum).
 * @param x         the distributed array.
 * @param axis      the axis, or ::ND_AXIS_ALL.
 * @param keepdims  keep the reduced axis with length 1.
 * @return a new int64 distributed array; NULL on error. */
ND_API nd_darray *nd_dist_argmax(const nd_darray *x, int axis, bool keepdims);

/** The cumulative sum along an axis, bit-identical to nd_cumsum() (collective).
 * The result has x's layout (::ND_AXIS_ALL: the flattened 1-D array, split
 * as x split along axis 0). Along another axis, or for a replicated x, each
 * rank runs nd_cumsum on its piece. Along the split axis: integers and bool
 * add the lower ranks' totals (MPI_Exscan; the wrap is nd's); float32 and
 * float64 reproduce nd_cumsum's restarts every 65,536 elements (the split
 * is moved to block-aligned counts, the block totals allgathered, and each
 * rank's run started from the earlier blocks' offset; a float32 offset past
 * FLT_MAX takes the rank-0 path below); float16 and complex,
 * which nd runs as one compensated run, are computed on rank 0 (a resplit
 * there and back: exact, not scalable). Errors as nd_cumsum, agreed.
 * @param x     the distributed array.
 * @param axis  the axis, or ::ND_AXIS_ALL.
 * @return a new distributed array; NULL on error. */
ND_API nd_darray *nd_dist_cumsum(const nd_darray *x, int axis);

/** The cumulative product along an axis, bit-identical to nd_cumprod() (collective).
 * As nd_dist_cumsum(): integers and bool multiply by the lower ranks'
 * products (MPI_Exscan, wrapping as nd's); floats, a running product, are
 * computed on rank 0 (a resplit there and back).
 * @param x     the distributed array.
 * @param axis  the axis, or ::ND_AXIS_ALL.
 * @return a new distributed array; NULL on error. */
ND_API nd_darray *nd_dist_cumprod(const nd_darray *x, int axis);

/** Saves a distributed array as a .npy file through MPI-IO (collective).
 * The file is byte for byte what nd_save_npy() writes for the gathered
 * array (C order): rank 0 writes nd_npy_header(), every rank writes its
 * piece at its offsets (one run when split along axis 0, else one run per
 * index of the axes before the split; a replicated array is written by
 * rank 0), in MPI_File_write_at calls of at most 1 GiB. The file is written
 * in place (MPI_File_open; an existing file is cut to the new length), not
 * through a temporary name as nd_save_npy does. Errors, agreed: ND_ERR_NULL,
 * ND_ERR_IO (MPI's message), ND_ERR_NOMEM.
 * @param x     the distributed array.
 * @param path  the file (the same on every rank, on a file system they share).
 * @return ND_OK or the agreed error status. */
ND_API int nd_dist_save_npy(const nd_darray *x, const char *path);

/** Loads a .npy file into a distributed array through MPI-IO (collective).
 * Rank 0 checks the file as nd_load_npy_mmap() does (nothing is read
 * through the mapping) and shares dtype and shape; every rank then reads
 * its piece's runs with MPI_File_read_at. Byte-swapped and Fortran-ordered
 * files are ND_ERR_UNSUPPORTED. Other errors as nd_darray_scatter() and
 * nd_load_npy(), agreed on every rank.
 * @param d           the context.
 * @param path        the file (the same on every rank).
 * @param split_axis  the axis to split, or ::ND_DIST_REPLICATED.
 * @param counts      NULL (balanced), or one count per rank (the same on every rank).
 * @return a new distributed array; NULL on error. */
ND_API nd_darray *nd_dist_load_npy(nd_dist *d, const char *path, int split_axis,
                                   const int64_t *counts);

/** This rank's piece with up to width neighbouring indices on each side (collective).
 * The indices [off - width, off + cnt + width) of the split axis, clipped
 * to the array, as a new C-order array: the halo rows come from whichever
 * ranks hold them (past empty ranks, and from several ranks when a
 * neighbour holds fewer than width), by one all-to-all. An empty rank gets
 * an empty piece; a replicated array gives a copy of the whole array with
 * no halo. Errors, agreed: ND_ERR_NULL, ND_ERR_VALUE (width negative),
 * ND_ERR_NOMEM.
 * @param x       the distributed array.
 * @param width   the number of indices wanted on each side.
 * @param before  receives how many halo indices precede the piece (may be NULL).
 * @param after   receives how many follow it (may be NULL).
 * @return a new reference (this rank's); NULL on error. */
ND_API nd_array *nd_darray_halo(const nd_darray *x, int64_t width, int64_t *before, int64_t *after);

/** Uniform float64 draws in [0, 1): the single-process nd_random() stream's slice (collective).
 * Every rank passes a generator in the same state (seeded alike); the
 * gathered result is nd_random(g, ndim, shape) of one process, whatever
 * the layout: each rank advances a copy of g to its elements' draws with
 * nd_rng_advance() (PCG64 and PCG64DXSM only: their advance counts one
 * draw per double; others are ND_ERR_UNSUPPORTED). Afterwards every rank's
 * g is advanced past the whole array, as one process leaves it, except
 * that advance drops a buffered 32-bit half (NumPy's advance does too).
 * Integers are not offered: they take a variable number of draws per
 * value, so a rank cannot find its slice's start without the draws before
 * it (normals: nd_dist_standard_normal(), which hands the state along). Errors, agreed: ND_ERR_NULL, ND_ERR_VALUE (bad shape),
 * ND_ERR_AXIS, ND_ERR_UNSUPPORTED, ND_ERR_NOMEM.
 * @param d           the context.
 * @param g           this rank's generator, in the same state on every rank.
 * @param ndim        the number of dimensions.
 * @param shape       ndim extents.
 * @param split_axis  the axis to split, or ::ND_DIST_REPLICATED.
 * @param counts      NULL (balanced), or one count per rank (the same on every rank).
 * @return a new float64 distributed array; NULL on error. */
ND_API nd_darray *nd_dist_random(nd_dist *d, nd_rng *g, int ndim, const int64_t *shape,
                                 int split_axis, const int64_t *counts);

/** Standard normal draws that are the single-process stream's values (collective).
 *
 * x gathered equals nd_standard_normal(g, ndim, shape) in one process bit
 * for bit, with any bit generator, and every rank's g continues as that
 * process's would. A normal takes a variable number of draws (NumPy's
 * ziggurat), so no rank can jump to its slice: the array is drawn split
 * along axis 0 with the generator's state handed from rank to rank (one
 * message each; sequential, each rank holding only its rows), then resplit
 * to split_axis and counts. A replicated result is drawn by every rank
 * itself. Errors, agreed: ND_ERR_NULL, ND_ERR_VALUE (bad shape, counts
 * that differ between ranks), ND_ERR_AXIS, ND_ERR_NOMEM; g is unchanged
 * on error.
 * @param d           the context.
 * @param g           this rank's generator, in the same state on every rank.
 * @param ndim        the number of dimensions.
 * @param shape       ndim extents.
 * @param split_axis  the axis to split, or ::ND_DIST_REPLICATED.
 * @param counts      NULL (balanced), or one count per rank (the same on every rank).
 * @return a new float64 distributed array; NULL on error. */
ND_API nd_darray *nd_dist_standard_normal(nd_dist *d, nd_rng *g, int ndim, const int64_t *shape,
                                          int split_axis, const int64_t *counts);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
