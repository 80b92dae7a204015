/* glibc's pow(x, b) for positive x and one b, many lanes at once (driver:
   the weibull fill of src/random/dist_front.c, whose stream must be
   NumPy's, and NumPy calls glibc's pow).

   glibc's pow is not correctly rounded, but e_pow.c documents its worst
   case: 0.509 ULP for its exp step plus the log's relative error 1.3
   2^-68 times |y log x| in ULPs, 0.54 ULP at |y log x| = 1024 ln 2. This
   kernel's lanes have |b log x| <= 128, where that is 0.509 + 0.0051 <
   0.52 ULP. So wherever the exact x^b lies more than 0.02 ULP from a
   rounding midpoint, glibc's result is the correctly rounded one: every
   other double is more than 0.52 ULP away. This kernel computes x^b with
   a relative error below 2^-60.9 (a double-double log and exp, below),
   rounds it, and keeps the lane when the computed value is within 0.47
   ULP of the rounded one, so the exact value is within 0.47 + 0.0042 ULP
   of it and at least 0.0258 ULP from either midpoint; the other lanes
   (about 6%), and every lane outside the ranges the bound covers (x not a
   positive normal double, |b log x| > 128, a result that is a power of
   two), take glibc's pow itself. The result is glibc's bit for bit
   either way, on any libm whose pow keeps that documented bound.

   Error budget (relative): log x = k ln2 + log c + log1p(r), c from a
   128-entry table (mpmath, double-double, 2^-106), r = x/(2^k c) - 1 exact
   as a double-double (fma), |r| <= 2^-7; log1p(r) to degree 11 (the
   remainder below 2^-84 |r|); sums in double-double: 2^-68 of |log x|
   in all, which |log x| >= 2^-7.1 keeps relative where c != 1 (near 1, c
   = 1 and the terms are relative to r itself). b log x then carries an
   absolute error <= 128 2^-68 = 2^-61, so exp of it 2^-61 relative; exp
   through 2^(j/128) (double-double) and a degree-7 polynomial on
   |r| <= ln2/256: 2^-66. Total under 2^-60.9, i.e. 0.0042 ULP of the
   result (which is below 2^(e+1) for an ULP of 2^(e-52)). */
#include <math.h>
#include <string.h>

#include "generic/vmath.h"

#if ND_VMATH
#include "generic/rng_pow_tab.h"

#define OFF 0x3fe6a00000000000ull /* bits of 0x1.6ap-1: z in [OFF, 2 OFF) */
#define ZMAX 128.0                /* |b log x| beyond: glibc */

/* two_sum: s + t = a + b exactly */
static inline vd two_sum(vd a, vd b, vd *t) {
    vd s = a + b, bb = s - a;
    *t = (a - (s - bb)) + (b - bb);
    return s;
}

/* x^b on one vector; *miss gets the lanes glibc must answer */
static inline vd pow_v(vd x, vd b, vdi *miss) {
    const vd one = (vd){0} + 1.0;
    vdu ix = (vdu)x;
    /* positive normal finite x only */
    vdi bad = (vdi)(ix - 0x0010000000000000ull >= 0x7fe0000000000000ull);
    vdu tmp = ix - OFF;
    vdi k = (vdi)tmp >> 52, idx = (vdi)((tmp >> 45) & 127);
    vd z = (vd)(ix - ((vdu)k << 52));
    vd kf = (vd)((vdu)k + (vdu)((vd){0} + 0x1.8p52)) - 0x1.8p52; /* (double)k */
    vd invc = vd_gather(rpow_invc, idx), lch = vd_gather(rpow_logc_hi, idx);
    vd lcl = vd_gather(rpow_logc_lo, idx);
    /* near 1 (|x - 1| < 2^-7, k = 0, z = x): c = 1, r = x - 1 exactly */
    vdi near1 = vd_lt(vd_abs(x - 1.0), (vd){0} + 0x1p-7);
    invc = vd_sel(near1, one, invc), lch = vd_sel(near1, (vd){0}, lch);
    lcl = vd_sel(near1, (vd){0}, lcl);
    /* r = z invc - 1 = rh + rl exactly: ph ~ 1, so ph - 1 is exact */
    vd ph = z * invc, rl = vd_fms(z, invc, ph), rh = ph - 1.0;
    /* log1p(r) = rh - rh^2/2 + rh^3 P(rh) + rl (1 - rh + rh^2) */
    vd s = 0.5 * rh, sh = s * rh, sl = vd_fms(s, rh, sh);
    vd uh = rh - sh, ul = (rh - uh) - sh;
    static const double lc[9] = {1.0 / 3, -1.0 / 4, 1.0 / 5,  -1.0 / 6, 1.0 / 7,
                                 -1.0 / 8, 1.0 / 9,  -1.0 / 10, 1.0 / 11};
    vd p = (vd){0} + lc[8];
    for (int c = 7; c >= 0; c--) p = vd_fma(rh, p, (vd){0} + lc[c]);
    vd rh2 = rh * rh;
    vd tail = (rh2 * rh) * p;
    vd corr = rl * ((1.0 - rh) + rh2);
    /* k ln2 + log c + log1p(r) in double-double */
    vd al, ah = two_sum(kf * RPOW_LN2_HI, lch, &al);
    vd bl, bh = two_sum(ah, uh, &bl);
    vd lo = al + bl + (kf * RPOW_LN2_LO + lcl) + ((ul - sl) + (tail + corr));
    vd lh = bh + lo, ll = lo - (lh - bh);
    /* zb = b log x */
    vd zh = b * lh, zl = vd_fms(b, lh, zh) + b * ll;
    bad |= ~vd_le(vd_abs(zh), (vd){0} + ZMAX); /* also NaN */
    zh = vd_sel(bad, (vd){0}, zh), zl = vd_sel(bad, (vd){0}, zl);
    /* exp(zh + zl) = 2^(kk/128) exp(r), |r| <= ln2/256 */
    vdi ki;
    vd kk = vd_round_i(zh * RPOW_N_L2, &ki);
    vd ex = vd_fnma(kk, (vd){0} + RPOW_L2N_HI, zh); /* exact */
    vd el, eh = two_sum(ex, zl - kk * RPOW_L2N_LO, &el); /* |el| <= 2^-61 */
    static const double ec[6] = {1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040};
    vd q = (vd){0} + ec[5];
    for (int c = 4; c >= 0; c--) q = vd_fma(eh, q, (vd){0} + ec[c]);
    q = (eh * eh) * q; /* exp(eh) - 1 - eh */
    vdi j = ki & 127;
    vd th = vd_gather(rpow_exp_hi, j), tl = vd_gather(rpow_exp_lo, j);
    vd p2h = th * eh, p2l = vd_fms(th, eh, p2h);
    vd Sh = th + p2h, Sl = p2h - (Sh - th);
    vd low = Sl + p2l + tl + th * ((el + el * eh) + q) + tl * eh;
    vd R = Sh + low, e = low - (R - Sh);
    /* the rounding test: |e| <= 0.47 ulp(R), R not a power of two */
    vdu rb = (vdu)R;
    vd pw = (vd)(rb & 0x7ff0000000000000ull); /* 2^exponent(R) */
    bad |= ~vd_le(vd_abs(e) * 0x1p52, 0.47 * pw);
    bad |= (vdi)((rb & 0x000fffffffffffffull) == 0);
    *miss = bad;
    /* the scaling by 2^(ki >> 7): an add to the exponent field (normal) */
    return (vd)(rb + ((vdu)(ki >> 7) << 52));
}

/* The vector pass over a chunk first, then glibc's pow for the lanes it
   left, from a copy of the inputs (y may be x): a scalar call between
   vector iterations costs far more than the call itself here. */
enum { CHUNK = 256 };
static int64_t rng_pow(double *y, const double *x, double b, int64_t n) {
    int64_t misses = 0;
    const vd vb = (vd){0} + b;
    double xs[CHUNK];
    unsigned mk[CHUNK / ND_LD];
    for (int64_t i0 = 0; i0 < n; i0 += CHUNK) {
        int m = n - i0 < CHUNK ? (int)(n - i0) : CHUNK, nv = m / ND_LD;
        memcpy(xs, x + i0, sizeof(double) * (size_t)m);
        unsigned any = 0;
        for (int v = 0; v < nv; v++) {
            vdi miss;
            vd_st(y + i0 + v * ND_LD, pow_v(vd_ld(xs + v * ND_LD), vb, &miss));
            any |= mk[v] = vdi_bits(miss);
        }
        for (int v = 0; any && v < nv; v++)
            for (unsigned bits = mk[v]; bits; bits &= bits - 1) {
                int l = v * ND_LD + __builtin_ctz(bits);
                y[i0 + l] = pow(xs[l], b), misses++;
            }
        for (int l = nv * ND_LD; l < m; l++) y[i0 + l] = pow(xs[l], b), misses++; /* the tail */
    }
    return misses;
}
#endif

void ND_K(nd_kfill_rng_pow)(nd_ktable *t) {
#if ND_VMATH
    t->rng_pow = rng_pow;
#else
    t->rng_pow = NULL;
#endif
}
