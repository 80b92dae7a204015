/* The public broadcasting iterator: write your own loops over several
   arrays broadcast together, in the longest 1-D runs their layout allows
   (axes reordered by the last operand's strides, contiguous axes merged,
   axes reversed when every operand walks them backwards).

     nd_array *ops[2] = {x, y};
     nd_iter *it = nd_iter_new(2, ops);
     char *p[2]; int64_t s[2], n;
     while (nd_iter_next(it, p, s, &n))
         for (int64_t i = 0; i < n; i++)
             *(double *)(p[1] + i * s[1]) += *(double *)(p[0] + i * s[0]);
     nd_iter_free(it);

   Element order is unspecified (it follows memory, not C order). The
   operands are not retained: keep them alive while iterating. */
#ifndef ND_ITER_H
#define ND_ITER_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ND_ITER_MAX_OPERANDS 8

typedef struct nd_iter nd_iter;

/* ND_ERR_SHAPE when the shapes do not broadcast, ND_ERR_VALUE for nop
   outside 1..ND_ITER_MAX_OPERANDS. */
ND_API nd_iter *nd_iter_new(int nop, nd_array *const *ops);
/* The next innermost run: ptrs[k] and strides[k] (bytes) for each operand,
 *n elements. false when done (or on a NULL argument: ND_ERR_NULL). */
ND_API bool nd_iter_next(nd_iter *it, char **ptrs, int64_t *strides, int64_t *n);
/* Elements in all (the broadcast size); -1 for NULL. */
ND_API int64_t nd_iter_size(const nd_iter *it);
ND_API void nd_iter_free(nd_iter *it);

#ifdef __cplusplus
}
#endif
#endif
