/* nd's own GEMM (src/linalg/gemm.c): c = a @ b for float32 and float64. */
#ifndef ND_GEMM_H
#define ND_GEMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nd/core.h"

/* One product: a is m x k, b k x n, c m x n, element (i, j) of X at
   X + i*X_rs + j*X_cs (bytes); c overlaps neither; m, n, k >= 1. */
typedef struct {
    nd_dtype t; /* ND_FLOAT32 or ND_FLOAT64 */
    int64_t m, n, k;
    const char *a;
    int64_t a_rs, a_cs;
    const char *b;
    int64_t b_rs, b_cs;
    char *c;
    int64_t c_rs, c_cs;
} nd_gemm_args;

/* 0: the default choice (ND_BLAS, then nd's kernels where they are vector
   kernels); 1: nd's GEMM always (the reference kernel at the scalar and
   baseline levels); 2: the system BLAS always. For tests. */
ND_API extern int nd_debug_gemm;

/* Whether nd_matmul computes a float32/float64 product with nd's GEMM
   rather than the system BLAS (ND_BLAS=openblas selects BLAS): by default
   where nd's kernels are vector kernels and min(m, n) >= 128, k >= 16 (the
   choice never depends on the thread count, so those bits do not either). */
bool nd__gemm_chosen(nd_dtype t, int64_t m, int64_t n, int64_t k);
/* Scratch bytes nd__gemm_run needs for g with up to `workers` workers
   (bounded by the block sizes, whatever the matrices' sizes). */
size_t nd__gemm_scratch(const nd_gemm_args *g, int workers);
/* c = a @ b: every element a chain of FMAs in k order from +0, so the bits
   do not depend on the blocking, the thread count or the ISA level. Splits
   over the pool when threads > 1 and the product is large enough;
   scratch: nd__gemm_scratch(g, threads) bytes. */
void nd__gemm_run(const nd_gemm_args *g, char *scratch, int threads);
/* The same with scratch allocated here. */
nd_status nd__gemm(const char *func, const nd_gemm_args *g);

#endif
