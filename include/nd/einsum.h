/** @file
 * Einstein summation: numpy.einsum and numpy.einsum_path.
 *
 * @defgroup einsum Einstein summation
 * numpy.einsum's subscript language and numpy.einsum_path's contraction
 * orders (src/einsum).
 *
 * The subscripts: letters a-z and A-Z name axes, "..." stands for the
 * broadcast axes of an operand (right-aligned across operands), "->"
 * starts the explicit output; without it the output is the ellipsis axes
 * followed by the labels that appear once, in alphabetical order (upper
 * case first), as NumPy. A label repeated within an operand takes the
 * diagonal; a label absent from the output is summed. A label of extent 1
 * broadcasts against the same label of another operand. Spaces are
 * ignored.
 *
 * Contraction order (optimize): NULL, "none" or "false" contracts left to
 * right; "greedy" (or "true") and "optimal" choose the path as NumPy 1.24's
 * einsum_path does (its cost model, its memory limit of the largest input
 * or output, its tie-breaking), so nd_einsum_path() reports NumPy's path.
 * Every pairwise contraction runs as one product: a matrix product
 * (nd_matmul(), BLAS for float and complex) when labels are summed, an
 * elementwise broadcast product otherwise; labels of one operand alone are
 * summed first. Operands are first cast to their common dtype
 * (nd_result_type()), which is the result's dtype, as NumPy's einsum
 * computes; integers wrap, bool sums are logical or.
 *
 * Errors (ND_ERR_VALUE unless said): NumPy's C einsum messages for bad
 * subscripts ("invalid subscript '$' in einstein sum subscripts string,
 * subscripts must be letters", "einstein sum subscripts string contains
 * too many subscripts for operand 0", ...); a label whose extents differ
 * "Size of label 'j' for operand 1 (3) does not match previous terms (4).";
 * within one operand "dimensions in operand 0 for collapsing index 'i'
 * don't match (2 != 3)"; an unknown optimize "Path name x not found"; an
 * out of another shape ND_ERR_SHAPE; an out the result cannot be cast to
 * safely ND_ERR_DTYPE (NumPy's rule 'safe').
 * @{ */
#ifndef ND_EINSUM_H
#define ND_EINSUM_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Evaluates an Einstein summation over operands: np.einsum.
 *
 * np.einsum(subscripts, *ops, optimize=optimize, out=out). The result may
 * be a view of an operand when no arithmetic is needed ("ij->ji",
 * "ii->i"), as NumPy's; otherwise a new array of the operands' common
 * dtype.
 * @param subscripts  the subscript string.
 * @param nop         the number of operands (1 to 32).
 * @param ops         nop operands.
 * @param optimize    NULL/"none"/"false", "greedy"/"true" or "optimal".
 * @param out         NULL, or an array of the result's exact shape that the
 *                    result's dtype casts to safely.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_einsum(const char *subscripts, int nop, nd_array_list ops,
                           const char *optimize, nd_array *out);

/** The contraction order of an einsum and NumPy's report of it: np.einsum_path.
 *
 * *path receives NumPy's path without the leading 'einsum_path': for each
 * contraction, the number k of operands it takes, then their k positions in
 * the list of remaining operands (where each contraction's result is
 * appended at the end); *path_len receives the number of ints. *report
 * receives NumPy's printed report (the complete contraction, naive and
 * optimized scaling and FLOP counts, speedup, largest intermediate and
 * the table of contractions); NumPy names the ellipsis axes after unused
 * letters chosen at random, nd after the last unused ones. optimize NULL
 * is NumPy's default here, "greedy"; "none"/"false" gives one contraction
 * of every operand. Both are malloc'd, freed by the caller with free(); on
 * failure neither is set.
 * @param subscripts  the subscript string.
 * @param nop         the number of operands (1 to 32).
 * @param ops         nop operands (only their shapes are read).
 * @param optimize    NULL/"greedy"/"true", "optimal" or "none"/"false".
 * @param path        receives the path (may be NULL when not wanted).
 * @param path_len    receives its length in ints (may be NULL with path).
 * @param report      receives the report (may be NULL when not wanted).
 * @return ND_OK or an error status. */
ND_API int nd_einsum_path(const char *subscripts, int nop, nd_array_list ops,
                          const char *optimize, int **path, int *path_len, char **report);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
