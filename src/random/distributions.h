/* The distributions' scalar draws (distributions.c), on top of the bit
   generators. */
#ifndef ND_RANDOM_DISTRIBUTIONS_H
#define ND_RANDOM_DISTRIBUTIONS_H

#include <math.h>

#include "random/bitgen.h"

/* NumPy 1.24's scalar algorithms, operation for operation */
double nd__std_normal(nd_rng *g);
/* n of them, the fast path of PCG64's by the vector kernel */
void nd__std_normals(nd_rng *g, int64_t n, double *out);
double nd__std_exponential(nd_rng *g);
/* n of them, PCG64's in bulk as nd__std_normals */
void nd__std_exponentials(nd_rng *g, int64_t n, double *out);
double nd__std_gamma(nd_rng *g, double shape);
double nd__beta(nd_rng *g, double a, double b);
int64_t nd__binomial(nd_rng *g, double p, int64_t n);
int64_t nd__poisson(nd_rng *g, double lam);
/* PTRS (poisson, lam >= 10): its constants of lam, and one round from
   two uniforms u, v: true when it accepts *k. memo[0..nmemo) keeps
   loggam(k + 1) across rounds (NaN: not yet known; NULL, 0: none). */
typedef struct {
    double lam, slam, b, a, invalpha, vr;
} nd__ptrs;
/* Hoermann's transformed rejection (PTRS): the constants of lam (inline:
   the bulk negative_binomial computes them every draw); nd__ptrs_bav the
   ones its bulk path shares (b, a, v_r from sqrt(lam)) */
static inline void nd__ptrs_bav(double slam, double *b, double *a, double *vr) {
    *b = 0.931 + 2.53 * slam;
    *a = -0.059 + 0.02483 * *b;
    *vr = 0.9277 - 3.6224 / (*b - 2);
}
static inline nd__ptrs nd__ptrs_of(double lam) {
    nd__ptrs c = {.lam = lam, .slam = sqrt(lam)};
    nd__ptrs_bav(c.slam, &c.b, &c.a, &c.vr);
    c.invalpha = 1.1239 + 1.1328 / (c.b - 3.4);
    return c;
}
/* log(gamma(x)) as NumPy's random_loggam (PTRS's loggam(k + 1)) */
double nd__loggam(double x);
bool nd__ptrs_round(const nd__ptrs *c, double u, double v, double *memo, int nmemo, int64_t *k);
/* a value in [0, max] by masked rejection (shuffle's draws) */
uint64_t nd__interval(nd_rng *g, uint64_t max);
/* off + a value in [0, rng] by Lemire's method, one draw */
uint64_t nd__bounded64(nd_rng *g, uint64_t off, uint64_t rng);
/* n values off + [0, rng] of 1, 2, 4 or 8 bytes (bools: width 0) into out,
   as NumPy's random_bounded_*_fill */
void nd__bounded_fill(nd_rng *g, int width, uint64_t off, uint64_t rng, int64_t n, void *out);

/* 8- and 16-bit draws and bools come from a 32-bit word used in pieces,
   low first; NumPy's array path keeps the word across elements. */
typedef struct {
    uint32_t buf;
    int left; /* pieces still in buf */
} nd__bits;
/* One value off + [0, rng] of width bytes (bools: 0), as NumPy's
   random_buffered_bounded_* */
uint64_t nd__bounded_next(nd_rng *g, int width, uint64_t off, uint64_t rng, nd__bits *b);

#endif
