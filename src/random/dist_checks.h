/* The distributions' parameter checks (dist_front.c), for the front ends
   that take parameters (scalars there; arrays element by element). */
#ifndef ND_RANDOM_DIST_CHECKS_H
#define ND_RANDOM_DIST_CHECKS_H

#include "random/bitgen.h"

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

#endif
