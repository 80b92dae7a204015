/* What other modules (the expression evaluator) share with the reductions. */
#ifndef ND_REDUCE_INTERNAL_H
#define ND_REDUCE_INTERNAL_H

#include <stdint.h>

/* The pairwise sum of a run from the psums of its leading nb blocks (each
   a power-of-two number of 128-element leaves, starting at multiples of
   the block size) and of the remainder (tail, NULL when there is none):
   the bits of one psum over the whole run. k: 0 float32, 1 float64. */
void nd__psum_combine(int k, const char *res, int64_t nb, const char *tail, char *out);

#endif
