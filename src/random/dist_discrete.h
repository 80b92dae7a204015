/* The discrete univariate samplers (dist_discrete.c). */
#ifndef ND_RANDOM_DIST_DISCRETE_H
#define ND_RANDOM_DIST_DISCRETE_H

#include "random/distributions.h"

/* The scalar samplers as dist_continuous.h's, int64 results; integer
   parameters come as doubles too (exact: NumPy bounds them below 2**53). */
typedef int64_t (*nd_disc_sampler)(nd_rng *g, double a, double b, double c);

int64_t nd__geometric(nd_rng *g, double p, double b, double c);
int64_t nd__hypergeometric(nd_rng *g, double ngood, double nbad, double nsample);
int64_t nd__logseries(nd_rng *g, double p, double b, double c);
int64_t nd__negative_binomial(nd_rng *g, double n, double p, double c);
int64_t nd__zipf(nd_rng *g, double a, double b, double c);
/* n draws of logseries(p) and zipf(a) into o, the samplers' per-draw
   constants computed once */
void nd__logseries_fill(nd_rng *g, double p, int64_t n, int64_t *o);
void nd__zipf_fill(nd_rng *g, double a, int64_t n, int64_t *o);
/* x86's conversion of a double to int64 (what NumPy's casts give on this
   machine): out of range or NaN is INT64_MIN, without C's undefined
   behaviour */
static inline int64_t nd__to_int64(double x) {
    return x >= -9223372036854775808.0 && x < 9223372036854775808.0 ? (int64_t)x : INT64_MIN;
}

#endif
