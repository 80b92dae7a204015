/* The distributions' scalar draws (distributions.c), on top of the bit
   generators. */
#ifndef ND_RANDOM_DISTRIBUTIONS_H
#define ND_RANDOM_DISTRIBUTIONS_H

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
/* a value in [0, max] by masked rejection (shuffle's draws) */
uint64_t nd__interval(nd_rng *g, uint64_t max);
/* off + a value in [0, rng] by Lemire's method, one draw */
uint64_t nd__bounded64(nd_rng *g, uint64_t off, uint64_t rng);
/* n values off + [0, rng] of 1, 2, 4 or 8 bytes (bools: width 0) into out,
   as NumPy's random_bounded_*_fill */
void nd__bounded_fill(nd_rng *g, int width, uint64_t off, uint64_t rng, int64_t n, void *out);

/* The univariate samplers of dist_continuous.c and dist_discrete.c, one
   draw each, NumPy 1.24's random_<name> operation for operation. One
   signature for all (parameters in NumPy's order, unused ones 0) so a
   table can drive them; the discrete ones take their integer parameters
   as doubles too (all exact: NumPy bounds them below 2**53). */
typedef double (*nd_cont_sampler)(nd_rng *g, double a, double b, double c);
typedef int64_t (*nd_disc_sampler)(nd_rng *g, double a, double b, double c);

double nd__chisquare(nd_rng *g, double df, double b, double c);
double nd__f(nd_rng *g, double dfnum, double dfden, double c);
double nd__gumbel(nd_rng *g, double loc, double scale, double c);
double nd__laplace(nd_rng *g, double loc, double scale, double c);
double nd__logistic(nd_rng *g, double loc, double scale, double c);
double nd__lognormal(nd_rng *g, double mean, double sigma, double c);
double nd__noncentral_chisquare(nd_rng *g, double df, double nonc, double c);
double nd__noncentral_f(nd_rng *g, double dfnum, double dfden, double nonc);
double nd__pareto(nd_rng *g, double a, double b, double c);
double nd__power(nd_rng *g, double a, double b, double c);
double nd__rayleigh(nd_rng *g, double scale, double b, double c);
double nd__standard_cauchy(nd_rng *g, double a, double b, double c);
double nd__standard_t(nd_rng *g, double df, double b, double c);
double nd__triangular(nd_rng *g, double left, double mode, double right);
double nd__vonmises(nd_rng *g, double mu, double kappa, double c);
double nd__wald(nd_rng *g, double mean, double scale, double c);
double nd__weibull(nd_rng *g, double a, double b, double c);
int64_t nd__geometric(nd_rng *g, double p, double b, double c);
int64_t nd__hypergeometric(nd_rng *g, double ngood, double nbad, double nsample);
int64_t nd__logseries(nd_rng *g, double p, double b, double c);
int64_t nd__negative_binomial(nd_rng *g, double n, double p, double c);
int64_t nd__zipf(nd_rng *g, double a, double b, double c);
/* x86's conversion of a double to int64 (what NumPy's casts give on this
   machine): out of range or NaN is INT64_MIN, without C's undefined
   behaviour */
static inline int64_t nd__to_int64(double x) {
    return x >= -9223372036854775808.0 && x < 9223372036854775808.0 ? (int64_t)x : INT64_MIN;
}

/* Parameter checks (dist_front.c): NumPy's, with its messages, as
   func: message; ND_OK or the error status. Same signature for all. */
typedef nd_status (*nd_dist_check)(const char *func, double a, double b, double c);
nd_status nd__check_chisquare(const char *func, double a, double b, double c);
nd_status nd__check_f(const char *func, double a, double b, double c);
nd_status nd__check_geometric(const char *func, double a, double b, double c);
nd_status nd__check_gumbel(const char *func, double a, double b, double c);
nd_status nd__check_hypergeometric(const char *func, double a, double b, double c);
nd_status nd__check_laplace(const char *func, double a, double b, double c);
nd_status nd__check_logistic(const char *func, double a, double b, double c);
nd_status nd__check_lognormal(const char *func, double a, double b, double c);
nd_status nd__check_logseries(const char *func, double a, double b, double c);
nd_status nd__check_negative_binomial(const char *func, double a, double b, double c);
nd_status nd__check_noncentral_chisquare(const char *func, double a, double b, double c);
nd_status nd__check_noncentral_f(const char *func, double a, double b, double c);
nd_status nd__check_pareto(const char *func, double a, double b, double c);
nd_status nd__check_power(const char *func, double a, double b, double c);
nd_status nd__check_rayleigh(const char *func, double a, double b, double c);
nd_status nd__check_standard_cauchy(const char *func, double a, double b, double c);
nd_status nd__check_standard_t(const char *func, double a, double b, double c);
nd_status nd__check_triangular(const char *func, double a, double b, double c);
nd_status nd__check_vonmises(const char *func, double a, double b, double c);
nd_status nd__check_wald(const char *func, double a, double b, double c);
nd_status nd__check_weibull(const char *func, double a, double b, double c);
nd_status nd__check_zipf(const char *func, double a, double b, double c);

/* random.c: the checked result array (out or a new one) and the C-order
   fill through a contiguous buffer, for the front ends of other files */
typedef void (*nd_rng_fill_fn)(nd_rng *g, const void *par, int64_t n, char *p);
nd_array *nd__rng_fill(const char *func, nd_rng *g, nd_dtype t, int ndim, const int64_t *shape,
                       nd_array *out, nd_rng_fill_fn f, const void *par);

#endif
