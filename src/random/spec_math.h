/* Fast log and exp with a stated error bound, for deciding comparisons
   that NumPy makes with glibc's log and exp: a sampler computes the
   comparison with these, and takes the decision only when the two sides
   are farther apart than every possible difference between these values
   and glibc's (glibc 2.36 states log within 0.52 ULP and exp within 0.51
   ULP of the exact value); otherwise it calls glibc. The decision (and so
   the stream) is then the one glibc's values give, without the call in
   nearly every case. Inline, without tables or calls, so that the
   compiler overlaps them with the sampler's other work. */
#ifndef ND_RANDOM_SPEC_MATH_H
#define ND_RANDOM_SPEC_MATH_H

#include <stdint.h>
#include <string.h>

/* log(x) for positive normal finite x (the caller checks; anything else is
   not decided here). x = 2^e m, m in [sqrt(1/2), sqrt(2)); f = m - 1 is
   exact (Sterbenz), s = f / (2 + f) has |s| <= 0.1716, and
   log(m) = 2 atanh(s) = 2 s (1 + z/3 + ... + z^5/11) + R, z = s^2, with
   |R| <= 2 |s| z^6 / (13 (1 - z)) < 2^-33 |s| < 2^-35. The polynomial
   goes by Estrin's scheme: the sampler waits on this value, so its depth
   counts more than its operations. The rounding of the operations adds
   under 2^-50 (1 + |e ln 2|): in all
   |nd__spec_log(x) - log(x)| < 2^-34 (1 + |log x|), which test_random_libm
   checks against long double. */
/* x = 2^e m with m in [sqrt(1/2), sqrt(2)) (positive normal finite x):
   returns f = m - 1, exact */
static inline double spec_reduce(double x, int64_t *e) {
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    /* subtracting the bits of sqrt(1/2) puts m in [sqrt(1/2), sqrt(2)) */
    uint64_t t = b - 0x3fe6a09e667f3bcdULL;
    *e = (int64_t)t >> 52;
    uint64_t mb = b - ((uint64_t)*e << 52);
    double m;
    memcpy(&m, &mb, sizeof m);
    return m - 1.0;
}

static inline double nd__spec_log(double x) {
    int64_t e;
    double f = spec_reduce(x, &e), s = f / (2.0 + f), z = s * s, z2 = z * z, z3 = z * z2;
    double q1 = 1.0 / 3 + z * (1.0 / 5), q2 = (1.0 / 7 + z * (1.0 / 9)) + z2 * (1.0 / 11);
    double s2 = s + s;
    return (double)e * 0.6931471805599453 + (s2 + s2 * (z * q1 + z3 * q2));
}

/* log(x) to within 2^-8, for a first look at a comparison (positive
   normal finite x, as nd__spec_log): the same reduction, then
   log(1 + f) = f - f^2/2 + f^3/3 - f^4/4 + R, f in [-0.293, 0.415), with
   |R| <= f^5 / 5 < 0.0025 for f > 0 (alternating, decreasing terms) and
   |R| <= |f|^5 / (5 (1 - |f|)) < 0.0007 for f < 0; rounding adds under
   2^-40 (1 + |e|). No division: under half nd__spec_log's latency. */
static inline double nd__spec_log8(double x) {
    int64_t e;
    double f = spec_reduce(x, &e), f2 = f * f;
    return (double)e * 0.6931471805599453 + ((f + f2 * (-0.5 + f * (1.0 / 3))) + (f2 * f2) * -0.25);
}

/* exp(x) for x in [-708, 0] (the caller checks). x = k ln 2 + r with
   k = round(x / ln 2) (by the 1.5 * 2^52 shift), |r| <= 0.3466 (the
   product k ln 2 rounded: under 2^-43 off); exp(r) by its Taylor
   polynomial to r^6 / 6!, remainder under 0.3466^7 / 7! e^0.3466 < 2^-22
   of exp(r) >= 0.707; 2^k from the bits (normal for x >= -708). So
   |nd__spec_exp(x) / exp(x) - 1| < 2^-21.5, which test_random_libm
   checks against long double. */
static inline double nd__spec_exp(double x) {
    const double shift = 0x1.8p52;
    double ks = x * 1.4426950408889634 + shift;
    uint64_t kb, sb;
    memcpy(&kb, &ks, sizeof kb);
    double kd = ks - shift, r = x - kd * 0.6931471805599453, r2 = r * r;
    double p = (1.0 + r) + r2 * ((0.5 + r * (1.0 / 6)) +
                                 r2 * ((1.0 / 24 + r * (1.0 / 120)) + r2 * (1.0 / 720)));
    /* ks's bits are those of 1.5 * 2^52 (low 12 bits zero) plus k: the
       shift keeps (k + 1023) mod 2^12, 2^k's exponent field */
    sb = (kb + 1023) << 52;
    double scale;
    memcpy(&scale, &sb, sizeof scale);
    return p * scale;
}

#endif
