/* The loops a programmer writes by hand, compiled -O2 -fno-tree-vectorize
   (gcc vectorizes at -O2 otherwise): the "before" of every lesson. */
#ifndef ND_BENCH_NAIVE_H
#define ND_BENCH_NAIVE_H

#include <stdint.h>

void naive_add(const double *a, const double *b, double *out, int64_t n);
void naive_mul(const double *a, const double *b, double *out, int64_t n);
void naive_fma3(const double *a, const double *b, const double *c, double *out, int64_t n);
void naive_expr(const double *a, const double *b, const double *c, double *out, int64_t n);
/* libm, element by element */
void naive_unary(const char *fn, const double *a, double *out, int64_t n);
double naive_sum(const double *a, int64_t n);
float naive_sum_f32(const float *a, int64_t n);
double naive_max(const double *a, int64_t n);
void naive_cumsum(const double *a, double *out, int64_t n);
void naive_sum_axis0(const double *a, int64_t rows, int64_t cols, double *out);
void naive_sum_axis1(const double *a, int64_t rows, int64_t cols, double *out);
void naive_add_transposed(const double *a, int64_t n, double *out); /* out = a + a.T */
void naive_add_outer(const double *col, const double *row, int64_t r, int64_t c, double *out);
void naive_cast_f32(const double *a, float *out, int64_t n);
void naive_matmul(const double *a, const double *b, double *c, int64_t n); /* i-j-k */
void naive_matmul_blocked(const double *a, const double *b, double *c, int64_t n); /* i-k-j, tiled */
void naive_matmul_batch(const double *a, const double *b, double *c, int64_t batch, int64_t n);
/* qsort from libc with a comparison function: what a C programmer reaches for */
void naive_sort_f64(double *a, int64_t n);
void naive_sort_i32(int32_t *a, int64_t n);
void naive_argsort_f64(const double *a, int64_t *idx, int64_t n);

/* bench/stream.c, built -O3 -mavx512f: the limits measured beside the rows */
void stream_add(const double *a, const double *b, double *out, int64_t n);
double stream_read(const double *a, int64_t n);

#endif
