/* Bulk fills (dist_bulk.c): n draws of a method with scalar parameters
   into o, the same stream as n calls of its scalar sampler. */
#ifndef ND_RANDOM_DIST_BULK_H
#define ND_RANDOM_DIST_BULK_H

#include "random/distributions.h"

/* false (nothing drawn) where the parameters leave Marsaglia and Tsang's
   method (df / 2 <= 1 or NaN): the caller draws the scalar way */
bool nd__chisquare_bulk(nd_rng *g, double df, int64_t n, double *o);
bool nd__standard_t_bulk(nd_rng *g, double df, int64_t n, double *o);
bool nd__f_bulk(nd_rng *g, double dfnum, double dfden, int64_t n, double *o);
void nd__wald_bulk(nd_rng *g, double mean, double scale, int64_t n, double *o);
void nd__gumbel_bulk(nd_rng *g, double loc, double scale, int64_t n, double *o);
void nd__laplace_bulk(nd_rng *g, double loc, double scale, int64_t n, double *o);
void nd__logistic_bulk(nd_rng *g, double loc, double scale, int64_t n, double *o);
void nd__triangular_bulk(nd_rng *g, double left, double mode, double right, int64_t n, double *o);

/* false where n <= 1 (or NaN), g is MT19937 or cnt < 64 */
bool nd__negative_binomial_bulk(nd_rng *g, double n, double p, int64_t cnt, int64_t *o);
/* Tests only: a factor on the margins within which negative_binomial's
   bulk path leaves a comparison to glibc's log or exp (1, the default: as
   its error bounds require). A larger one sends more comparisons to glibc
   and must not change the stream; it is read when a fill starts. */
extern double nd__spec_widen;
/* Tests only: how many of x[0..m) break the bulk path's premises for
   negative_binomial(n, p) (n > 1): x >= its threshold exactly when
   lam >= 10, and v_r (lam >= 10) or glibc's exp(-lam) (lam < 10) within
   the bounds of x's cell; plus 1 for each side of the threshold that
   fails. 0 when all hold. */
int64_t nd__negative_binomial_cells_check(double n, double p, const double *x, int64_t m);

#endif
