/* The continuous univariate samplers NumPy's Generator builds on its
   standard normal, exponential and gamma draws and on plain uniforms,
   following NumPy 1.24's distributions.c operation for operation (same
   glibc calls, same order of floating-point operations): anything else
   breaks the stream's bit equality. Unused parameters are ignored. */
#include <math.h>

#include "random/dist_continuous.h"

double nd__chisquare(nd_rng *g, double df, double b, double c) {
    (void)b, (void)c;
    return 2.0 * nd__std_gamma(g, df / 2.0);
}

double nd__f(nd_rng *g, double dfnum, double dfden, double c) {
    (void)c;
    double num = nd__chisquare(g, dfnum, 0, 0) * dfden;
    return num / (nd__chisquare(g, dfden, 0, 0) * dfnum);
}

double nd__standard_cauchy(nd_rng *g, double a, double b, double c) {
    (void)a, (void)b, (void)c;
    double num = nd__std_normal(g);
    return num / nd__std_normal(g);
}

double nd__pareto(nd_rng *g, double a, double b, double c) {
    (void)b, (void)c;
    return expm1(nd__std_exponential(g) / a);
}

double nd__weibull(nd_rng *g, double a, double b, double c) {
    (void)b, (void)c;
    if (a == 0.0) return 0.0; /* no draw */
    return pow(nd__std_exponential(g), 1. / a);
}

double nd__power(nd_rng *g, double a, double b, double c) {
    (void)b, (void)c;
    return pow(-expm1(-nd__std_exponential(g)), 1. / a);
}

/* The three below reject the one uniform their log cannot take and draw
   again (NumPy recurses; a loop is the same stream). */
double nd__laplace(nd_rng *g, double loc, double scale, double c) {
    (void)c;
    for (;;) {
        double u = nd__next_double(g);
        if (u == 0.0) continue;
        return nd__laplace_u(u, loc, scale);
    }
}

double nd__gumbel(nd_rng *g, double loc, double scale, double c) {
    (void)c;
    for (;;) {
        double u = 1.0 - nd__next_double(g);
        if (u < 1.0) return nd__gumbel_u(u, loc, scale);
    }
}

double nd__logistic(nd_rng *g, double loc, double scale, double c) {
    (void)c;
    for (;;) {
        double u = nd__next_double(g);
        if (u > 0.0) return nd__logistic_u(u, loc, scale);
    }
}

double nd__lognormal(nd_rng *g, double mean, double sigma, double c) {
    (void)c;
    return exp(mean + sigma * nd__std_normal(g));
}

double nd__rayleigh(nd_rng *g, double scale, double b, double c) {
    (void)b, (void)c;
    return scale * sqrt(2.0 * nd__std_exponential(g));
}

double nd__standard_t(nd_rng *g, double df, double b, double c) {
    (void)b, (void)c;
    double num = nd__std_normal(g), denom = nd__std_gamma(g, df / 2);
    return sqrt(df / 2) * num / sqrt(denom);
}

double nd__noncentral_chisquare(nd_rng *g, double df, double nonc, double c) {
    (void)c;
    if (isnan(nonc)) return NAN; /* no draw */
    if (nonc == 0) return nd__chisquare(g, df, 0, 0);
    if (1 < df) {
        double chi2 = nd__chisquare(g, df - 1, 0, 0);
        double n = nd__std_normal(g) + sqrt(nonc);
        return chi2 + n * n;
    }
    int64_t i = nd__poisson(g, nonc / 2.0);
    return nd__chisquare(g, df + (double)(2 * i), 0, 0);
}

double nd__noncentral_f(nd_rng *g, double dfnum, double dfden, double nonc) {
    double t = nd__noncentral_chisquare(g, dfnum, nonc, 0) * dfden;
    return t / (nd__chisquare(g, dfden, 0, 0) * dfnum);
}

double nd__wald(nd_rng *g, double mean, double scale, double c) {
    (void)c;
    double y = nd__std_normal(g);
    return nd__wald_yu(y, nd__next_double(g), mean, scale, mean / (2 * scale));
}

/* Best and Fisher's rejection from a wrapped Cauchy, with NumPy's
   uniform below kappa 1e-8, its series for s below 1e-5 and its wrapped
   normal above 1e6. */
double nd__vonmises(nd_rng *g, double mu, double kappa, double c) {
    (void)c;
    const double pi = 3.14159265358979323846;
    if (isnan(kappa)) return NAN;
    if (kappa < 1e-8) return pi * (2 * nd__next_double(g) - 1);
    double s;
    if (kappa < 1e-5) {
        s = 1. / kappa + kappa;
    } else if (kappa <= 1e6) {
        double r = 1 + sqrt(1 + 4 * kappa * kappa), rho = (r - sqrt(2 * r)) / (2 * kappa);
        s = (1 + rho * rho) / (2 * rho);
    } else {
        double res = mu + sqrt(1. / kappa) * nd__std_normal(g);
        if (res < -pi) res += 2 * pi;
        if (res > pi) res -= 2 * pi;
        return res;
    }
    double w;
    for (;;) {
        double u = nd__next_double(g), z = cos(pi * u);
        w = (1 + s * z) / (s + z);
        double y = kappa * (s - w), v = nd__next_double(g);
        /* v == 0 is fine: y >= 0 accepts first, y < 0 rejects */
        if ((y * (2 - y) - v >= 0) || (log(y / v) + 1 - y >= 0)) break;
    }
    double u = nd__next_double(g), res = acos(w);
    if (u < 0.5) res = -res;
    res += mu;
    bool neg = res < 0;
    double mod = fmod(fabs(res) + pi, 2 * pi) - pi;
    return neg ? -mod : mod;
}

double nd__triangular(nd_rng *g, double left, double mode, double right) {
    nd__tri t = nd__tri_of(left, mode, right);
    return nd__triangular_u(nd__next_double(g), &t);
}
