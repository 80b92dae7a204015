/* glibc's expm1, bit for bit, many lanes at once (driver: the pareto and
   power fills of src/random/dist_front.c, whose streams must be NumPy's,
   and NumPy calls glibc).

   On a CPU with FMA and AVX2, glibc 2.36's expm1 (an ifunc) runs its
   fdlibm-derived s_expm1.c compiled with -mfma -mavx2: the compiler fused
   some multiply-adds and not others, and evaluates the polynomial in
   Estrin's order (R1 + h2 R2 + h4 R3). Every step of that code is one IEEE
   double operation (add, multiply, divide, fma, an exponent-field add), so
   doing the same operations in the same order gives the same bits on any
   hardware. The sequence below was read from the ifunc variant's machine
   code (objdump of libm.so.6) and written here as selects over lanes:
   every lane computes the reduction and all of the k-dependent endings,
   and keeps the one glibc's branch for its k takes. The ranges glibc
   treats apart (|x| < 2^-54, |x| >= 56 ln 2, inf, NaN) go to libm itself.

   That is why the table slot exists only at the levels that need FMA and
   AVX2 (the same condition as glibc's ifunc), and why the driver checks
   this function against libm's expm1 once before trusting it (another
   libm would fail that check and keep the plain calls). */
#include <math.h>
#include <string.h>

#include "generic/vmath.h"

#if ND_VMATH

/* fdlibm's constants (the values in glibc's binary) */
#define LN2_HI 0x1.62e42fee00000p-1
#define LN2_LO 0x1.a39ef35793c76p-33
#define INVLN2 0x1.71547652b82fep+0
#define Q1 -0x1.11111111110f4p-5
#define Q2 0x1.a01a019fe5585p-10
#define Q3 -0x1.4ce199eaadbb7p-14
#define Q4 0x1.0cfca86e65239p-18
#define Q5 -0x1.afdb76e09c32dp-23

/* glibc's ranges, by the high word of |x| */
#define HX_TINY 0x3c8fffff    /* |x| < 2^-54: glibc returns x (libm here) */
#define HX_HALF 0x3fd62e42    /* |x| <= 0.5 ln 2: k = 0, no reduction */
#define HX_ONEHALF 0x3ff0a2b1 /* |x| < 1.5 ln 2: k = +-1 */
#define HX_BIG 0x40436879     /* |x| >= 56 ln 2, inf, NaN: libm here */


/* One vector; *miss gets the lanes libm must answer. */
static inline vd expm1_v(vd x, vdi *miss) {
    const vd one = (vd){0} + 1.0;
    vdi hx = (vdi)(((vdu)x >> 32) & 0x7fffffff);
    vdi neg = (vdi)x < 0;
    *miss = (hx <= HX_TINY) | (hx > HX_BIG);
    /* k: 0 near zero, +-1 next, else glibc's int conversion (truncation)
       of x invln2 +- 0.5 (a multiply, then an add) */
    vd half = vd_sel(neg, (vd){0} - 0.5, (vd){0} + 0.5);
    vd kf = vd_round_mode(x * INVLN2 + half, _MM_FROUND_TO_ZERO);
    kf = vd_sel(hx <= HX_ONEHALF, vd_sel(neg, -one, one), kf);
    kf = vd_sel(hx <= HX_HALF, (vd){0}, kf);
    kf = vd_sel(*miss, (vd){0}, kf); /* keeps the integer trick below in range */
    /* x - k ln2_hi is one fused operation in glibc for the general k, and
       a plain subtraction (the same rounding) for k = +-1; k = 0 keeps x
       (hi = x, lo = 0, so xr = x) */
    vd hi = vd_fnma(kf, (vd){0} + LN2_HI, x), lo = kf * LN2_LO;
    vd xr = hi - lo, c = (hi - xr) - lo;
    vd hfx = 0.5 * xr, hxs = xr * hfx;
    vd r1a = vd_fma(hxs, (vd){0} + Q1, one), r2 = vd_fma(hxs, (vd){0} + Q3, (vd){0} + Q2);
    vd r3 = vd_fma(hxs, (vd){0} + Q5, (vd){0} + Q4);
    vd h2 = hxs * hxs, h4 = h2 * h2;
    vd r1 = vd_fma(h4, r3, vd_fma(h2, r2, r1a));
    vd t = vd_fnma(r1, hfx, (vd){0} + 3.0);
    vd e = ((r1 - t) / vd_fnma(xr, t, (vd){0} + 6.0)) * hxs;
    vd res0 = xr - vd_fms(e, xr, hxs); /* k == 0 */
    vd e2 = vd_fms(e - c, xr, c) - hxs;
    vd res_m1 = vd_fma(xr - e2, (vd){0} + 0.5, (vd){0} - 0.5); /* k == -1 */
    vd res_1 = vd_sel(vd_lt(xr, (vd){0} - 0.25), (e2 - (xr + 0.5)) * -2.0,
                      vd_fma(xr - e2, (vd){0} + 2.0, one)); /* k == 1 */
    /* |k| >= 2: y 2^k, the scaling an add to the exponent field; the
       integer k is in the low bits of kf + 1.5 2^52 */
    vdu kbits = (vdu)(kf + 0x1.8p52) << 52; /* k << 52 mod 2^64 */
    vd p2mk = (vd)((vdu)one - kbits);       /* 2^-k, 2 <= k <= 56 */
    vd y_low = (one - p2mk) - (e2 - xr);    /* 2 <= k <= 19 */
    vd y_mid = (xr - (e2 + p2mk)) + one;    /* 20 <= k <= 56 */
    vd y_far = one - (e2 - xr);             /* k <= -2, k >= 57 */
    vdi far = vd_le(kf, (vd){0} - 2.0) | vd_ge(kf, (vd){0} + 57.0);
    vd y = vd_sel(far, y_far, vd_sel(vd_le(kf, (vd){0} + 19.0), y_low, y_mid));
    y = (vd)((vdu)y + kbits);
    y = vd_sel(far, y - one, y);
    y = vd_sel(kf == 1.0, res_1, y);
    y = vd_sel(kf == -1.0, res_m1, y);
    return vd_sel(kf == 0.0, res0, y);
}

static void rng_expm1(double *y, const double *x, int64_t n) {
    int64_t i = 0;
    for (; i + ND_LD <= n; i += ND_LD) {
        vdi miss;
        vd xv = vd_ld(x + i); /* y may be x */
        vd_st(y + i, expm1_v(xv, &miss));
        if (vdi_any(miss))
            for (int j = 0; j < ND_LD; j++)
                if (miss[j]) y[i + j] = expm1(xv[j]);
    }
    if (i < n) { /* the tail through a padded vector */
        double xt[ND_LD] = {0}, yt[ND_LD];
        memcpy(xt, x + i, sizeof(double) * (size_t)(n - i));
        rng_expm1(yt, xt, ND_LD);
        memcpy(y + i, yt, sizeof(double) * (size_t)(n - i));
    }
}
#endif

void ND_K(nd_kfill_rng_expm1)(nd_ktable *t) {
#if ND_VMATH
    t->rng_expm1 = rng_expm1;
#else
    t->rng_expm1 = NULL;
#endif
}
