/* See naive.h. Plain loops, one element at a time, as written by hand. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* qsort_r */
#endif
#include "naive.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void naive_add(const double *a, const double *b, double *out, int64_t n) {
    for (int64_t i = 0; i < n; i++) out[i] = a[i] + b[i];
}

void naive_mul(const double *a, const double *b, double *out, int64_t n) {
    for (int64_t i = 0; i < n; i++) out[i] = a[i] * b[i];
}

void naive_fma3(const double *a, const double *b, const double *c, double *out, int64_t n) {
    for (int64_t i = 0; i < n; i++) out[i] = a[i] * b[i] + c[i];
}

void naive_expr(const double *a, const double *b, const double *c, double *out, int64_t n) {
    for (int64_t i = 0; i < n; i++) out[i] = 2 * a[i] + 3 * b[i] * b[i] - sin(c[i]);
}

void naive_unary(const char *fn, const double *a, double *out, int64_t n) {
    double (*f)(double) = !strcmp(fn, "exp")    ? exp
                          : !strcmp(fn, "log")  ? log
                          : !strcmp(fn, "sin")  ? sin
                          : !strcmp(fn, "tanh") ? tanh
                                                : sqrt;
    for (int64_t i = 0; i < n; i++) out[i] = f(a[i]);
}

double naive_sum(const double *a, int64_t n) {
    double s = 0;
    for (int64_t i = 0; i < n; i++) s += a[i];
    return s;
}

float naive_sum_f32(const float *a, int64_t n) {
    float s = 0;
    for (int64_t i = 0; i < n; i++) s += a[i];
    return s;
}

double naive_max(const double *a, int64_t n) {
    double m = a[0];
    for (int64_t i = 1; i < n; i++)
        if (a[i] > m || a[i] != a[i]) m = a[i];
    return m;
}

void naive_cumsum(const double *a, double *out, int64_t n) {
    double s = 0;
    for (int64_t i = 0; i < n; i++) out[i] = s += a[i];
}

void naive_sum_axis0(const double *a, int64_t rows, int64_t cols, double *out) {
    for (int64_t j = 0; j < cols; j++) {
        double s = 0;
        for (int64_t i = 0; i < rows; i++) s += a[i * cols + j];
        out[j] = s;
    }
}

void naive_sum_axis1(const double *a, int64_t rows, int64_t cols, double *out) {
    for (int64_t i = 0; i < rows; i++) {
        double s = 0;
        for (int64_t j = 0; j < cols; j++) s += a[i * cols + j];
        out[i] = s;
    }
}

void naive_add_transposed(const double *a, int64_t n, double *out) {
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) out[i * n + j] = a[i * n + j] + a[j * n + i];
}

void naive_add_outer(const double *col, const double *row, int64_t r, int64_t c, double *out) {
    for (int64_t i = 0; i < r; i++)
        for (int64_t j = 0; j < c; j++) out[i * c + j] = col[i] + row[j];
}

void naive_cast_f32(const double *a, float *out, int64_t n) {
    for (int64_t i = 0; i < n; i++) out[i] = (float)a[i];
}

void naive_matmul(const double *a, const double *b, double *c, int64_t n) {
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) {
            double s = 0;
            for (int64_t k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
            c[i * n + j] = s;
        }
}

/* The lesson's second step: the same plain C, loops reordered (i-k-j: the
   inner loop runs along rows of b and c at unit stride) and tiled in
   64 x 64 x 64 blocks that stay in L1/L2; no packing, no register tiles
   (and, like every loop here, not auto-vectorized). */
void naive_matmul_blocked(const double *a, const double *b, double *c, int64_t n) {
    enum { BLK = 64 };
    for (int64_t i = 0; i < n * n; i++) c[i] = 0;
    for (int64_t i0 = 0; i0 < n; i0 += BLK)
        for (int64_t k0 = 0; k0 < n; k0 += BLK)
            for (int64_t j0 = 0; j0 < n; j0 += BLK) {
                int64_t i1 = i0 + BLK < n ? i0 + BLK : n, k1 = k0 + BLK < n ? k0 + BLK : n,
                        j1 = j0 + BLK < n ? j0 + BLK : n;
                for (int64_t i = i0; i < i1; i++)
                    for (int64_t k = k0; k < k1; k++) {
                        double x = a[i * n + k];
                        for (int64_t j = j0; j < j1; j++) c[i * n + j] += x * b[k * n + j];
                    }
            }
}

void naive_matmul_batch(const double *a, const double *b, double *c, int64_t batch, int64_t n) {
    for (int64_t t = 0; t < batch; t++)
        naive_matmul(a + t * n * n, b + t * n * n, c + t * n * n, n);
}

static int cmp_f64(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}
static int cmp_i32(const void *x, const void *y) {
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}
static int cmp_idx(const void *x, const void *y, void *ctx) {
    const double *a = ctx;
    double u = a[*(const int64_t *)x], v = a[*(const int64_t *)y];
    return (u > v) - (u < v);
}

void naive_sort_f64(double *a, int64_t n) { qsort(a, (size_t)n, sizeof *a, cmp_f64); }
void naive_sort_i32(int32_t *a, int64_t n) { qsort(a, (size_t)n, sizeof *a, cmp_i32); }
void naive_argsort_f64(const double *a, int64_t *idx, int64_t n) {
    for (int64_t i = 0; i < n; i++) idx[i] = i;
    qsort_r(idx, (size_t)n, sizeof *idx, cmp_idx, (void *)a);
}
