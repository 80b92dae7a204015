/* The continuous univariate samplers (dist_continuous.c). */
#ifndef ND_RANDOM_DIST_CONTINUOUS_H
#define ND_RANDOM_DIST_CONTINUOUS_H

#include <math.h>
#include <string.h>

#include "random/distributions.h"

/* The scalar samplers, one draw each, NumPy 1.24's random_<name>
   operation for operation; one signature for all (parameters in NumPy's
   order, unused ones 0) so that a table can drive them. */
typedef double (*nd_cont_sampler)(nd_rng *g, double a, double b, double c);

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

/* The transforms of the uniforms (and wald's normal y) that several
   samplers and the bulk fills share, NumPy's operations; data-dependent
   choices as selects around one log or sqrt (a branch would miss half
   the time). */
/* c ? a : b by masks: the compilers turn a ?: of two computed values into a
   branch where they expect it to be predictable, which a uniform is not */
static inline double nd__select(bool c, double a, double b) {
    uint64_t ua, ub, m = -(uint64_t)c;
    memcpy(&ua, &a, 8), memcpy(&ub, &b, 8);
    ua = (ua & m) | (ub & ~m);
    memcpy(&a, &ua, 8);
    return a;
}
static inline double nd__laplace_u(double u, double loc, double scale) { /* u > 0 */
    bool hi = u >= 0.5;
    double l = log(hi ? 2.0 - u - u : u + u);
    return hi ? loc - scale * l : loc + scale * l;
}
static inline double nd__gumbel_u(double u, double loc, double scale) { /* u = 1 - U < 1 */
    return loc - scale * log(-log(u));
}
static inline double nd__logistic_u(double u, double loc, double scale) { /* u > 0 */
    return loc + scale * log(u / (1.0 - u));
}
static inline double nd__wald_yu(double y, double u, double mean, double scale, double mu_2l) {
    y = mean * y * y;
    double x = mean + mu_2l * (y - sqrt(4 * scale * y + y * y));
    return nd__select(u <= mean / (mean + x), x, mean * mean / x);
}
/* triangular's constants, NumPy's per-draw ones (the same values once) */
typedef struct {
    double left, right, ratio, leftprod, rightprod;
} nd__tri;
static inline nd__tri nd__tri_of(double left, double mode, double right) {
    double base = right - left, leftbase = mode - left;
    return (nd__tri){left, right, leftbase / base, leftbase * base, (right - mode) * base};
}
static inline double nd__triangular_u(double u, const nd__tri *t) {
    bool lo = u <= t->ratio;
    double r = sqrt(lo ? u * t->leftprod : (1.0 - u) * t->rightprod);
    return lo ? t->left + r : t->right - r;
}

#endif
