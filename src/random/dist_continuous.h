/* The continuous univariate samplers (dist_continuous.c). */
#ifndef ND_RANDOM_DIST_CONTINUOUS_H
#define ND_RANDOM_DIST_CONTINUOUS_H

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

#endif
