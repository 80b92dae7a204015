/** @file
 * The public broadcasting iterator.
 *
 * @defgroup iter Iterator
 * Write your own loops over several arrays broadcast together (src/iter),
 * in the longest 1-D runs their layout allows (axes reordered by the last
 * operand's strides, contiguous axes merged, axes reversed when every
 * operand walks them backwards).
 *
 * @code
 *   nd_array *ops[2] = {x, y};
 *   nd_iter *it = nd_iter_new(2, ops);
 *   char *p[2]; int64_t s[2], n;
 *   while (nd_iter_next(it, p, s, &n))
 *       for (int64_t i = 0; i < n; i++)
 *           *(double *)(p[1] + i * s[1]) += *(double *)(p[0] + i * s[0]);
 *   nd_iter_free(it);
 * @endcode
 *
 * Element order is unspecified (it follows memory, not C order). The
 * operands are not retained: keep them alive while iterating.
 * @{ */
#ifndef ND_ITER_H
#define ND_ITER_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The most operands one iterator takes. */
#define ND_ITER_MAX_OPERANDS 8

/** An iteration over several broadcast arrays (opaque; nd_iter_new(), nd_iter_free()). */
typedef struct nd_iter nd_iter;

/** Starts iterating over nop arrays broadcast together.
 *
 * ND_ERR_SHAPE when the shapes do not broadcast, ND_ERR_VALUE for nop
 * outside 1..::ND_ITER_MAX_OPERANDS.
 * @param nop  the number of operands.
 * @param ops  nop arrays (not retained: keep them alive).
 * @return a new iterator to free with nd_iter_free(); NULL on error. */
ND_API nd_iter *nd_iter_new(int nop, nd_array *const *ops);
/** The next innermost run of elements.
 * @param it       the iterator.
 * @param ptrs     receives, for each operand, the address of the run's first element.
 * @param strides  receives, for each operand, the stride in bytes along the run.
 * @param n        receives the run's length in elements.
 * @return true while there is a run; false when done (or on a NULL argument:
 *         ND_ERR_NULL). */
ND_API bool nd_iter_next(nd_iter *it, char **ptrs, int64_t *strides, int64_t *n);
/** The number of elements in all runs (the broadcast size).
 * @param it  the iterator.
 * @return the size; -1 for NULL. */
ND_API int64_t nd_iter_size(const nd_iter *it);
/** Frees an iterator.
 * @param it  the iterator, or NULL (then nothing happens). */
ND_API void nd_iter_free(nd_iter *it);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
