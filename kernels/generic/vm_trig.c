/* nd's own vector kernels of the trig family (sin, cos, tan; float32 and
   float64) at the avx2 and avx512 levels, overlaying SLEEF's (ew_math.c).
   All six share one argument reduction: x = q pi/2 + r, |r| <= pi/4 (a
   little more where q is rounded from an inexact x 2/pi), then
   polynomials in r.

   - Near range (|x| <= 2^20 for float64, 2^24 for float32): Cody-Waite
     in the vector, q = round(x 2/pi) and r = x - q pi/2 with a split
     constant (exact products and FMA), r a double-double for float64,
     exact enough for every such double (red_f64).
   - Far range: Payne-Hanek, per lane, exact: x 2/pi mod 4 from a 192-bit
     window of the bits of 2/pi (a mathematical constant, embedded below)
     against x's 53-bit integer significand, in integer arithmetic; the
     fraction (known to 2^-137, while no double is nearer than 2^-62 to a
     multiple of pi/2) times pi/2 as a double-double. The lane's q and r
     then go through the same polynomials as the vector's others.
   - Special values: inf gives NaN with invalid (x - x), NaN passes
     quietly, tiny x (below 2^-250 for float64, off the fast path so that
     no power of r underflows) gives x for sin and tan (raising underflow
     exactly when x is subnormal, as the exact result is inexact and tiny)
     and 1 for cos, -0 stays -0.

   The float32 kernels compute in float64 (vf_to_vd2): the reduction there
   is exact enough (below), each polynomial's error is far below float32's
   ulp, and the one rounding to float32 gives at most 0.5 ULP plus that.
   Error analyses sit with each kernel; docs/accuracy.md has the measured
   maxima. */
#include "generic/vmath.h"

#ifdef ND_VMATH

/* ---- Payne-Hanek ---- */

/* 2/pi = sum of TWO_OVER_PI[k] 2^(-64(k+1)): the first 1344 bits, enough
   for any double (the window below starts at most at bit 970). */
static const uint64_t TWO_OVER_PI[21] = {
    0xa2f9836e4e441529u, 0xfc2757d1f534ddc0u, 0xdb6295993c439041u, 0xfe5163abdebbc561u,
    0xb7246e3a424dd2e0u, 0x06492eea09d1921cu, 0xfe1deb1cb129a73eu, 0xe88235f52ebb4484u,
    0xe99c7026b45f7e41u, 0x3991d639835339f4u, 0x9c845f8bbdf9283bu, 0x1ff897ffde05980fu,
    0xef2f118b5a0a6d1fu, 0x6d367ecf27cb09b7u, 0x4f463f669e5fea2du, 0x7527bac7ebe5f17bu,
    0x3d0739f78a5292eau, 0x6bfb5fb11f8d5d08u, 0x56033046fc7b6babu, 0xf0cfbc209af4361du,
    0xa9e391615ee61b08u};
/* pi/2 = PIO2_H + PIO2_L to 2^-107 */
#define PIO2_H 0x1.921fb54442d18p+0
#define PIO2_L 0x1.1a62633145c07p-54

typedef unsigned __int128 u128;

/* bits [pos, pos + 64) of the 256-bit p (p[0] least significant), pos >= 0 */
static uint64_t bits64(const uint64_t p[4], int pos) {
    int w = pos >> 6, s = pos & 63;
    uint64_t lo = w < 4 ? p[w] >> s : 0;
    uint64_t hi = (s && w + 1 < 4) ? p[w + 1] << (64 - s) : 0;
    return lo | hi;
}

/* x = q pi/2 + (*hi + *lo), returns q mod 4, for finite |x| >= 0.5. With
   x = m 2^E (m < 2^53 an integer), the bits b_i 2^-i of 2/pi with
   E - i >= 2 add multiples of 4 to x 2/pi, so the window starts at
   i0 = max(1, E - 1); its 192 bits W give x 2/pi mod 4 = m W 2^-(i0+191-E)
   up to m 2^-(i0+191-E) <= 2^-137. */
static int rem_pio2_big(double x, double *hi, double *lo) {
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    int ex = (int)(b >> 52 & 0x7ff);
    uint64_t m = (b & 0xfffffffffffffu) | (uint64_t)1 << 52;
    int E = ex - 1075;
    int i0 = E - 1 > 1 ? E - 1 : 1;
    int s0 = i0 - 1, w = s0 >> 6, sh = s0 & 63;
    uint64_t W[3];
    for (int k = 0; k < 3; k++)
        W[k] = sh ? TWO_OVER_PI[w + k] << sh | TWO_OVER_PI[w + k + 1] >> (64 - sh)
                  : TWO_OVER_PI[w + k];
    /* p = m W, 256 bits */
    u128 t2 = (u128)m * W[2], t1 = (u128)m * W[1], t0 = (u128)m * W[0];
    uint64_t p[4];
    p[0] = (uint64_t)t2;
    u128 acc = (u128)(uint64_t)t1 + (uint64_t)(t2 >> 64);
    p[1] = (uint64_t)acc;
    acc = (u128)(uint64_t)t0 + (uint64_t)(t1 >> 64) + (uint64_t)(acc >> 64);
    p[2] = (uint64_t)acc;
    p[3] = (uint64_t)(t0 >> 64) + (uint64_t)(acc >> 64);
    int shift = i0 + 191 - E; /* the binary point of p: 190 <= shift <= 245 */
    int q = (int)(bits64(p, shift) & 3);
    uint64_t fh = bits64(p, shift - 64), fl = bits64(p, shift - 128);
    bool neg = fh >> 63;
    if (neg) { /* fraction >= 1/2: next quadrant, negative remainder */
        q = (q + 1) & 3;
        fl = ~fl + 1;
        fh = ~fh + (fl == 0);
    }
    double h = 0, l = 0;
    if (fh | fl) {
        int lz = fh ? __builtin_clzll(fh) : 64 + __builtin_clzll(fl);
        u128 v = ((u128)fh << 64 | fl) << lz;
        uint64_t vh = (uint64_t)(v >> 64), vl = (uint64_t)v;
        /* fraction = v 2^(-128-lz): top 53 bits exactly, the next 64 rounded */
        double fhd = (double)(vh >> 11) * ldexp(1.0, -53 - lz);
        double fld = (double)(vh << 53 | vl >> 11) * ldexp(1.0, -117 - lz);
        /* r = f pi/2 as a double-double */
        h = fhd * PIO2_H;
        double e = fma(fhd, PIO2_H, -h);
        e = fma(fhd, PIO2_L, e);
        e = fma(fld, PIO2_H, e);
        double s = h + e;
        l = e - (s - h);
        h = s;
    }
    if (neg) h = -h, l = -l;
    if (x < 0) h = -h, l = -l, q = (4 - q) & 3;
    *hi = h;
    *lo = l;
    return q;
}

/* ---- small vector helpers ---- */
static inline vd vd_dsel(vdi m, vd a, vd b) {
#if defined(__AVX512F__)
    return _mm512_mask_blend_pd(_mm512_movepi64_mask((__m512i)m), b, a);
#else
    return _mm256_blendv_pd(b, a, (__m256d)m);
#endif
}
#define VB(c) ((vd){0} + (c)) /* a broadcast constant */

/* ---- float64 ---- */

/* pi/2 = C1 + C2 + C3 to 2^-141: C1 = pi/2 rounded, C2 the next 33 bits,
   C3 the next 53 */
#define RED_C1 0x1.921fb54442d18p+0
#define RED_C2 0x1.1a62633100000p-54
#define RED_C3 0x1.1701b839a2520p-88
#define RED_INV 0x1.45f306dc9c883p-1 /* 2/pi */

/* x = q pi/2 + hi + lo for |x| <= 2^20 (|q| < 2^20), with q the nearest
   integer to x 2/pi (so |hi| <= pi/4 (1 + 2^-50)) and q + k mod 4 in the
   low bits of *qm (k = 0 or 1, from the shifter 1.5 2^52 + k).
   - t = x - q C1 is exact: it is a multiple of 2^-53 (of 2^-52 when
     |x| >= 1; q = 0 below pi/4) and below 1 in magnitude.
   - q C2 is exact (33 + 20 bits), so t - q C2 is a multiple of 2^-86 of
     magnitude below 2^-33 + |hi|: hi = RN(t - q C2) is exact when
     |hi| < 2^-33, and otherwise t - hi is a multiple of ulp(hi) below
     2^53 ulp(hi); either way t - hi is exact, and so is the error
     t - q C2 - hi (a rounding error), computed as RN((t - hi) - q C2):
     hi + that = t - q C2 exactly.
   - lo = RN(that - q C3): an error below 2^-106 |hi| + 2^-139 |q|.
   No double in [1, 2^20] is nearer than 2^-60.48 to a nonzero multiple of
   pi/2 (every multiple k pi/2, k <= 700,000, against its nearest double in
   400-bit arithmetic; the nearest is x = 45.553093477052, k = 29), so the
   error is below 2^-58.5 |hi| everywhere: no lane needs a cancellation
   test. 7 operations. */
static inline vd red_f64(vd x, vd shifter, vd *lo, vdi *qm) {
    vd m = vd_fma(x, VB(RED_INV), shifter);
    vd q = m - shifter;
    vd t = vd_fnma(q, VB(RED_C1), x);
    vd hi = vd_fnma(q, VB(RED_C2), t);
    vd e = vd_fnma(q, VB(RED_C2), t - hi);
    *lo = vd_fnma(q, VB(RED_C3), e);
    *qm = (vdi)m;
    return hi;
}
#define SHIFT_SIN 0x1.8p52
#define SHIFT_COS (0x1.8p52 + 1) /* cos x = sin(x + pi/2): q + 1 */

/* sin r = r + r z S(z) and cos r = 1 - z/2 + z^2 C(z), z = r^2, for
   |r| <= pi/4 (1 + 2^-40): minimax fits (Lawson iterations in 200-bit
   arithmetic on 200 Chebyshev nodes, each coefficient then rounded to
   double and the rest refitted), relative errors 2^-57.9 (sin) and
   2^-64.1 (cos; S and C have the same length, so one blended polynomial
   serves both). */
static const double SC_S[6] = {-0x1.5555555555548p-3, 0x1.111111110f748p-7, -0x1.a01a019bee39cp-13,
                               0x1.71de355afe387p-19, -0x1.ae5e50f9f9df3p-26, 0x1.5d8d23b2fe54bp-33};
static const double SC_C[6] = {0x1.555555555554bp-5, -0x1.6c16c16c15015p-10, 0x1.a01a019c8f245p-16,
                               -0x1.27e4f7f18fb4bp-22, 0x1.1ee9dbcd43115p-29, -0x1.8fa6834e18354p-37};

/* lane masks from q's low bit: a kmask at avx512, the sign bit at avx2
   (blendv reads only that) */
#if defined(__AVX512F__)
typedef __mmask8 kd;
static inline kd odd_mask(vdi q) {
    return _mm512_test_epi64_mask((__m512i)q, (__m512i)(q * 0 + 1));
}
static inline vd kd_sel(kd m, vd a, vd b) { return _mm512_mask_blend_pd(m, b, a); }
/* m ? -(a b) - c : b in one operation */
static inline vd kd_fnms_or(kd m, vd a, vd b, vd c) { return _mm512_mask_fnmsub_pd(b, m, a, c); }
/* m ? -a : b in one operation (a masked subtraction from zero) */
static inline vd kd_selneg(kd m, vd a, vd b) { return _mm512_mask_sub_pd(b, m, _mm512_setzero_pd(), a); }
#else
typedef vdi kd;
static inline kd odd_mask(vdi q) { return (vdi)((vdu)q << 63); }
static inline vd kd_sel(kd m, vd a, vd b) { return _mm256_blendv_pd(b, a, (__m256d)m); }
static inline vd kd_selneg(kd m, vd a, vd b) { return kd_sel(m, -a, b); }
static inline vd kd_fnms_or(kd m, vd a, vd b, vd c) { return kd_sel(m, ND_PD(fnmsub)(a, b, c), b); }
#endif

/* sin(q pi/2 + hi + lo) = +-sin(r) (q even) or +-cos(r) (q odd), minus
   when q mod 4 >= 2. Both have the shape y = A + (M P(z) + K), so each
   lane evaluates one polynomial with its own coefficients (a blend per
   coefficient, as cheap as a second polynomial):
     sin: A = hi, M = z hi,  P = S, K = lo;
     cos: A = w,  M = z^2,   P = C, K = ((1 - w) - z/2) - hi lo
   (w = RN(1 - z/2); z/2 exact, so 1 - w and z/2 - (1 - w) are exact: A +
   K carries 1 - z/2 exactly), K one masked multiply-add.
   Error, sin lanes: sin's tail lo cos(hi) = lo - lo z/2 + ... comes as lo
   alone. |lo| <= ulp(hi)/2 + 2^-67.6 (|q C3|), so the dropped lo z/2 is at
   most z/4 ulp(hi) (plus 2^-68 relative): 0.154 ULP of y at hi = pi/4
   (z/4, ulp(y) = ulp(hi)), 0.137 where sin(hi) falls below hi's binade
   (hi in [1/2, 0.524), z/2 <= 0.137). With |M P| <= 0.114 |y|, the
   roundings of z, M and M P + K cost at most 0.08 + 0.08 + 0.06 ULP and
   the polynomial 0.03: below 0.92 ULP with the final rounding (the worst
   case hi near pi/4). Cos lanes: |M P + K| is below
   0.03 |y|, its roundings and C's error add below 0.05 ULP to the final
   rounding; the rounding of z = hi^2 (2^-53 relative) moves cos by up to
   z 2^-54 <= 2^-54.7, 0.3 ULP at worst: below 0.85. Measured (both
   functions meet both kinds of lane): 0.82 (sin), 0.79 (cos).
   (Sin's tail as lo plus z 3 lo S(z), exact to z^2 lo/40, measured 0.76
   but costs one more operation per vector: 2% at avx512.) 24 vector
   operations. */
static inline vd sin_eval_f64(vd hi, vd lo, vdi qm) {
    kd c = odd_mask(qm);
    vd z = hi * hi;
    vd p = kd_sel(c, VB(SC_C[5]), VB(SC_S[5]));
    for (int i = 4; i >= 0; i--) p = vd_fma(z, p, kd_sel(c, VB(SC_C[i]), VB(SC_S[i])));
    vd w = vd_fnma(VB(0.5), z, VB(1.0));
    vd k = kd_fnms_or(c, hi, lo, vd_fms(VB(0.5), z, 1.0 - w));
    vd y = kd_sel(c, w, hi) + vd_fma(z * kd_sel(c, z, hi), p, k);
    return (vd)((vdi)y ^ ((vdi)((vdu)qm << 62) & INT64_MIN));
}
#define cos_eval_f64 sin_eval_f64 /* q + 1 from the reduction's shifter */

/* tan r = r N(z)/D(z), N = 1 + a1 z + a2 z^2 + a3 z^3, D = 1 + b1 z + ... +
   b4 z^4 on |r| <= pi/4 (1 + 2^-30): a rational fit (Sanathanan-Koerner
   then Lawson iterations, 200-bit arithmetic, 241 Chebyshev nodes, each
   coefficient then rounded to double and the rest refitted): relative
   error 2^-62.8 with the rounded coefficients. */
static const double TN[3] = {-0x1.112b1cf51d6cbp-3, 0x1.c0e63126669abp-9, -0x1.2ba75070be976p-16};
static const double TD[4] = {-0x1.ddeae3cfe40bbp-2, 0x1.a478fc9baf380p-6, -0x1.46f3abe9e0055p-12,
                             0x1.0b712b408e366p-21};

/* tan x = n/d: (hi + nl)/D (q even) or -D/(hi + nl) (q odd), each of n
   and d an unevaluated sum of two doubles:
   - hi + nl = hi N(z) + lo, nl = hi z A(z) + lo (A = (N - 1)/z; one
     rounding, |nl| < 0.08 |hi|; lo (N - 1) is below 2^-56 |hi|);
   - D = w + dl, w = RN(1 - z/2) and dl = z B(z) - ((z/2 - (1 - w)) +
     2/3 g), B(z) = (b1 + 1/2) + b2 z + b3 z^2 + b4 z^3: 1 - z/2 carried
     exactly (z/2 - (1 - w) is exact, as in sin_eval_f64) and |z B| < 0.02,
     so no rounding of a term near D's size enters. g = ((hi + lo)^2 -
     z)/2 (zl = hi^2 - z exact by FMA, plus hi lo) is what z = RN(hi^2)
     misses of r^2; tan(r)/r = N/D moves by 2 g (N'/N - D'/D), and
     2 D (N'/N - D'/D) = 2 D d(ln(tan(r)/r))/dz is 2/3 within 1% on the
     whole interval, so D takes all of it as -2/3 g.
   t0 = RN(n) y with y = 1/RN(d) to 2^-28 (rcp14 and one Newton step, no
   division at avx512: a 512-bit vdivpd measured 7% slower here), the
   residual rho = (nh - t0 dh) + (nl - t0 dl) (each term rounded at below
   0.3 |n|, so within 2^-55 |n|; their sum small), and t = t0 + rho y
   within 2^-56 of n/d before its rounding. The errors of n and d (A's
   and B's evaluation, the roundings of nl and dl, lo (N - 1) and the
   2/3) stay below 0.3 ULP together, the residual's below 0.15: with the
   final rounding the result is below 1 ULP (measured 0.85 at most in
   4 10^6 random points; docs/accuracy.md). At avx2 (no 14-bit reciprocal
   of doubles, and a 4-lane division cheap enough) t0 = RN(n/d) and
   y = rcpps: the correction then needs little. */
static inline vd tan_eval_f64(vd hi, vd lo, vdi qm) {
    vd z = hi * hi;
    vd g = vd_fma(VB(0.5), vd_fms(hi, hi, z), hi * lo); /* ((hi + lo)^2 - z)/2 */
    vd an = vd_fma(vd_fma(z, VB(TN[2]), VB(TN[1])), z, VB(TN[0]));
    vd nl = vd_fma(hi * z, an, lo);
    vd w = vd_fnma(VB(0.5), z, VB(1.0));
    vd ew = vd_fms(VB(0.5), z, 1.0 - w); /* z/2 - (1 - w), exact */
    vd s = vd_fma(VB(2.0 / 3), g, ew);
    vd bz = vd_fma(vd_fma(vd_fma(z, VB(TD[3]), VB(TD[2])), z, VB(TD[1])), z, VB(TD[0] + 0.5));
    vd dl = vd_fms(z, bz, s);
    kd odd = odd_mask(qm);
    vd nh = kd_selneg(odd, w, hi), nlo = kd_selneg(odd, dl, nl);
    vd dh = kd_sel(odd, hi, w), dlo = kd_sel(odd, nl, dl);
    vd d = dh + dlo;
#if defined(__AVX512F__)
    vd y = (vd)_mm512_rcp14_pd((__m512d)d);
    y = vd_fma(y, vd_fnma(d, y, VB(1.0)), y);
    vd t0 = (nh + nlo) * y;
#else
    vd y = vd_rcp_approx(d);
    vd t0 = (nh + nlo) / d;
#endif
    vd rho = vd_fnma(t0, dh, nh) + vd_fnma(t0, dlo, nlo);
    return vd_fma(rho, y, t0);
}

/* the fast path: 2^-250 <= |x| <= 2^20 (unsigned compare of the bits).
   Below 2^-250 the polynomials' z^2 hi could underflow. */
#define F64_LO 0x3050000000000000 /* 2^-250 */
#define F64_HI 0x4130000000000000 /* 2^20 */
static inline vdi inrange_f64(vd x) {
    vdu b = (vdu)vd_abs(x) - F64_LO;
    return (vdi)(b <= (uint64_t)(F64_HI - F64_LO));
}
/* every lane of the vectors in range. At avx512 vrangepd folds the vectors
   first (the largest and the smallest magnitude, lane by lane; {sae}: no
   flags). vrangepd treats a quiet NaN as missing (the other operand's
   magnitude comes out), so an ordered compare of the vectors, chained
   into the same mask, keeps NaN lanes off the fast path. 10 operations
   for the loop's 4 vectors (3 each before). */
#if defined(__AVX512F__)
static inline __m512d absmax2(vd a, vd b) { return _mm512_range_round_pd(a, b, 0xB, _MM_FROUND_NO_EXC); }
static inline __m512d absmin2(vd a, vd b) { return _mm512_range_round_pd(a, b, 0xA, _MM_FROUND_NO_EXC); }
static inline __mmask8 ordered2(__mmask8 k, vd a, vd b) { return _mm512_mask_cmp_pd_mask(k, a, b, _CMP_ORD_Q); }
static inline bool inrange_mm_f64(__mmask8 k, __m512d mx, __m512d mn) {
    k = _mm512_mask_cmp_pd_mask(k, mx, _mm512_set1_pd(0x1p20), _CMP_LE_OQ);
    return _mm512_mask_cmp_pd_mask(k, mn, _mm512_set1_pd(0x1p-250), _CMP_GE_OQ) == 0xff;
}
static inline bool inrange4_f64(vd x0, vd x1, vd x2, vd x3) {
    return inrange_mm_f64(ordered2(ordered2(0xff, x0, x1), x2, x3),
                          absmax2((vd)absmax2(x0, x1), (vd)absmax2(x2, x3)),
                          absmin2((vd)absmin2(x0, x1), (vd)absmin2(x2, x3)));
}
#else
static inline bool inrange4_f64(vd x0, vd x1, vd x2, vd x3) {
    return vdi_all(inrange_f64(x0) & inrange_f64(x1) & inrange_f64(x2) & inrange_f64(x3));
}
#endif

typedef vd (*eval_f64)(vd, vd, vdi);

/* Lane tests in integer arithmetic: GCC vectorizes scalar loops of
   islessequal() into signalling compares, which raise invalid on NaN. */
#define F64_MIN 0x0010000000000000
#define F64_INF 0x7ff0000000000000
static inline uint64_t abs_bits(double x) {
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b & INT64_MAX;
}

/* sin and tan of a subnormal x are inexact and tiny */
static void raise_underflow(void) {
    volatile double t = 0x1p-1022;
    t = t * 0x1p-60;
}

/* every lane: Cody-Waite in range, Payne-Hanek for larger finite x, the
   specials last (op: 0 sin, 1 cos, 2 tan) */
static inline __attribute__((always_inline)) vd trig_full_f64(vd x, eval_f64 ev, int op) {
    vdi in = inrange_f64(x), qm;
    vd lo, hi = red_f64(vd_dsel(in, x, VB(1.0)), VB(op == 1 ? SHIFT_COS : SHIFT_SIN), &lo, &qm);
    unsigned bad = ~vdi_bits(in) & ((1u << ND_LD) - 1);
    if (!bad) return ev(hi, lo, qm);
    vd y;
    for (int i = 0; i < ND_LD; i++) {
        if (!(bad >> i & 1)) continue;
        double xi = x[i];
        uint64_t ab = abs_bits(xi);
        if (ab >= F64_HI && ab < F64_INF) {
            double h, l;
            int q = rem_pio2_big(xi, &h, &l);
            hi[i] = h, lo[i] = l, qm[i] = q + (op == 1);
        } else {
            hi[i] = 1.0, lo[i] = 0, qm[i] = 0;
        }
    }
    y = ev(hi, lo, qm);
    for (int i = 0; i < ND_LD; i++) {
        if (!(bad >> i & 1)) continue;
        double xi = x[i];
        uint64_t ab = abs_bits(xi);
        if (ab >= F64_INF)
            y[i] = xi - xi;
        else if (ab < F64_LO) {
            y[i] = op == 1 ? 1.0 : xi; /* the correct rounding */
            if (op != 1 && ab < F64_MIN && ab != 0) raise_underflow();
        }
    }
    return y;
}

/* ---- float32, computed in float64 ---- */

/* sin and cos: x = n pi + r, |r| <= pi/2 (sin: n = round(x/pi); cos:
   x = (n + 1/2) pi + r, n = floor(x/pi), cos x = -(-1)^n sin r), so
   one odd polynomial serves both: sin r = r + r z P(z), z = r^2, P of
   degree 3 fitted (weighted least squares at Chebyshev nodes, 200-bit
   arithmetic) on |r| <= pi/2 (1 + 2^-20): relative error below 2^-27.
   r = x - N C1 - N C2 (C1 + C2 = pi or pi/2 to 2^-105, FMA, N < 2^24):
   relative error below 2^-52 + 2^-81/|r|, and no float32 below 2^24 is
   within 2^-40 of a multiple of pi/2 (exhaustive check against libm's
   double results). So the double result is within 2^-26.9 (0.13 float32
   ULP) and the float32 result within 0.63 ULP. */
#define F32_HI 0x1p24
static const double SP[4] = {-0x1.55554b840f189p-3, 0x1.110ecad11f506p-7, -0x1.9f6ea63c799c6p-13,
                             0x1.5dad38c1c6483p-19};

static inline vd sinpoly32(vd r, vdi sbit) {
    vd z = r * r;
    vd p = vd_fma(z, VB(SP[3]), VB(SP[2]));
    p = vd_fma(z, p, VB(SP[1]));
    p = vd_fma(z, p, VB(SP[0]));
    vd y = r * vd_fma(z, p, VB(1.0)); /* not r + r z p: -0 stays -0 */
    return (vd)((vdi)y ^ sbit);
}

/* r and the sign bit for sin (cos: shift = 1) */
static inline vd red_sin32(vd x, vdi *sbit) {
    vd m = vd_fma(x, VB(0x1.45f306dc9c883p-2), VB(0x1.8p52)); /* 1/pi */
    vd n = m - 0x1.8p52;
    vd r = vd_fnma(n, VB(2 * PIO2_H), x);
    r = vd_fnma(n, VB(2 * PIO2_L), r);
    *sbit = (vdi)((vdu)m << 63); /* unsigned: no signed overflow */
    return r;
}
static inline vd red_cos32(vd x, vdi *sbit) {
    /* n = floor(x/pi): k = 2n + 1 is the odd multiple of pi/2 nearest x */
    vd n = vd_floor(x * 0x1.45f306dc9c883p-2);
    vd m = n + 0x1.8p52;
    vd k = vd_fma(n, VB(2.0), VB(1.0));
    vd r = vd_fnma(k, VB(PIO2_H), x);
    r = vd_fnma(k, VB(PIO2_L), r);
    *sbit = (vdi)(((vdu)m ^ 1) << 63);
    return r;
}

/* The Payne-Hanek result x = q pi/2 + h as x = n pi + r, |r| <= pi/2, for
   the lane's sign bit (n's parity): q even, r = h; q odd, h +- pi/2 (an
   error of 2^-53, below float32's needs). For cos, q + 1 (cos x = sin(x +
   pi/2)). */
static inline double far_npi32(double x, int shift, int64_t *sbit) {
    double h, l;
    int q = (rem_pio2_big(x, &h, &l) + shift) & 3;
    if (q & 1) {
        if (h <= 0)
            h = (h + PIO2_H) + PIO2_L, q -= 1;
        else
            h = (h - PIO2_H) - PIO2_L, q += 1;
    }
    *sbit = (int64_t)((uint64_t)(q >> 1 & 1) << 63);
    return h;
}

/* tan: x = q pi/2 + r, |r| <= pi/4 (a little more), r as for sin; tan r = r P(z)/Q(z),
   z = r^2, P and Q of degree 2 (Q(0) = 1), a rational minimax fit (Sanathanan-Koerner then
   Lawson iterations on |r| <= pi/4 (1 + 2^-18), double arithmetic): relative error below
   2^-35.3; tan x = rP/Q (q even) or -Q/(rP) (q odd), one division. With the reduction's
   2^-41 and the double roundings the double result is within 2^-35 relative, so 0.5 + 2^-11
   float32 ULP after the rounding. Three fewer multiply-adds than sin/cos polynomials. */
static const double TP[3] = {0x1.0000000018499p+0, -0x1.c822ef589e548p-4, 0x1.19d86b2f9cea0p-10};
static const double TQ[2] = {-0x1.c75e110eefae2p-2, 0x1.05b543b95c665p-6};
static inline vd red_tan32(vd x, vdi *qm) {
    vd m = vd_fma(x, VB(0x1.45f306dc9c883p-1), VB(0x1.8p52)); /* 2/pi */
    vd n = m - 0x1.8p52;
    vd r = vd_fnma(n, VB(PIO2_H), x);
    r = vd_fnma(n, VB(PIO2_L), r);
    *qm = (vdi)m;
    return r;
}
static inline vd tanpoly32(vd r, vdi qm) {
    vd z = r * r;
    vd p = vd_fma(vd_fma(z, VB(TP[2]), VB(TP[1])), z, VB(TP[0]));
    vd q = vd_fma(vd_fma(z, VB(TQ[1]), VB(TQ[0])), z, VB(1.0));
    vd rp = r * p;
    kd odd = odd_mask(qm);
    vd n = kd_sel(odd, -q, rp), d = kd_sel(odd, rp, q);
    return n / d;
}

#define F32_OP_SIN 0
#define F32_OP_COS 1
#define F32_OP_TAN 2

/* one half (ND_LD lanes) of a float32 vector, every lane: the far lanes
   (|x| > 2^24, finite) through Payne-Hanek; inf and NaN give x - x. Tiny
   x needs nothing: in double nothing underflows and the result rounds to
   x (sin, tan) or 1 (cos) exactly. */
static inline __attribute__((always_inline)) vd trig32_half(vd x, int op, bool full) {
    vdi aux;
    vd r;
    vdi far = {0};
    vd xs = x;
    if (full) {
        far = (vdi)vd_abs(x) > (vdi)(VB(F32_HI));
        xs = vd_dsel(far, (vd){0}, x);
    }
    if (op == F32_OP_SIN)
        r = red_sin32(xs, &aux);
    else if (op == F32_OP_COS)
        r = red_cos32(xs, &aux);
    else
        r = red_tan32(xs, &aux);
    unsigned bad = full ? vdi_bits(far) : 0;
    for (int i = 0; i < ND_LD; i++) {
        if (!(bad >> i & 1) || abs_bits(x[i]) >= F64_INF) continue;
        if (op == F32_OP_TAN) {
            double h, l;
            aux[i] = rem_pio2_big(x[i], &h, &l);
            r[i] = h;
        } else {
            int64_t sb;
            r[i] = far_npi32(x[i], op, &sb);
            aux[i] = sb;
        }
    }
    vd y = op == F32_OP_TAN ? tanpoly32(r, aux) : sinpoly32(r, aux);
    if (bad) y = vd_dsel((vdi)vd_abs(x) < (vdi)VB(0x1p128), y, x - x);
    return y;
}

/* the fast path's float32 <-> float64 straight from and to memory, a half
   at a time (no lane shuffles between the halves) */
static inline __attribute__((always_inline)) void trig32_mem(const float *in, float *out, int op) {
#if defined(__AVX512F__)
    vd a = (vd)_mm512_cvtps_pd(_mm256_loadu_ps(in)),
       b = (vd)_mm512_cvtps_pd(_mm256_loadu_ps(in + 8));
    a = trig32_half(a, op, false), b = trig32_half(b, op, false);
    _mm256_storeu_ps(out, _mm512_cvtpd_ps((__m512d)a));
    _mm256_storeu_ps(out + 8, _mm512_cvtpd_ps((__m512d)b));
#else
    vd a = (vd)_mm256_cvtps_pd(_mm_loadu_ps(in)), b = (vd)_mm256_cvtps_pd(_mm_loadu_ps(in + 4));
    a = trig32_half(a, op, false), b = trig32_half(b, op, false);
    _mm_storeu_ps(out, _mm256_cvtpd_ps((__m256d)a));
    _mm_storeu_ps(out + 4, _mm256_cvtpd_ps((__m256d)b));
#endif
}

static inline __attribute__((always_inline)) vf trig32(vf x, int op, bool full) {
    vd a, b;
    vf_to_vd2(x, &a, &b);
    return vd2_to_vf(trig32_half(a, op, full), trig32_half(b, op, full));
}

/* ---- the loops ---- */

/* Each step takes four vectors, their code interleaved (so the loop has
   eight in flight): the chains of dependent operations here are long.
   Two a step measured 10-15% faster than one for sin and cos, four about
   2% faster than two (in-process A/B, same bits); for tan, whose chain
   runs through the reciprocal, four measured 7% faster than two at
   avx512. */
#define TRIG_F64_X4(name, ev, op)                                                                  \
    static inline bool name##_fast(const double *in, double *out) {                                \
        vd x0 = vd_ld(in), x1 = vd_ld(in + ND_LD), lo0, lo1;                                       \
        vd x2 = vd_ld(in + 2 * ND_LD), x3 = vd_ld(in + 3 * ND_LD), lo2, lo3;                       \
        vdi q0, q1, q2, q3;                                                                        \
        if (!inrange4_f64(x0, x1, x2, x3)) return false;                                           \
        const vd sh = VB(op == 1 ? SHIFT_COS : SHIFT_SIN);                                         \
        vd hi0 = red_f64(x0, sh, &lo0, &q0), hi1 = red_f64(x1, sh, &lo1, &q1);                     \
        vd hi2 = red_f64(x2, sh, &lo2, &q2), hi3 = red_f64(x3, sh, &lo3, &q3);                     \
        vd_st(out, ev(hi0, lo0, q0));                                                              \
        vd_st(out + ND_LD, ev(hi1, lo1, q1));                                                      \
        vd_st(out + 2 * ND_LD, ev(hi2, lo2, q2));                                                  \
        vd_st(out + 3 * ND_LD, ev(hi3, lo3, q3));                                                  \
        return true;                                                                               \
    }                                                                                              \
    static void name##_full(const double *in, double *out) {                                       \
        for (int k = 0; k < 4; k++)                                                                \
            vd_st(out + k * ND_LD, trig_full_f64(vd_ld(in + k * ND_LD), ev, op));                  \
    }                                                                                              \
    ND_VMATH_UNARY(name, double, 4 * ND_LD, name##_fast, name##_full)

TRIG_F64_X4(k_sin_f64, sin_eval_f64, 0)
TRIG_F64_X4(k_cos_f64, cos_eval_f64, 1)
TRIG_F64_X4(k_tan_f64, tan_eval_f64, 2)

#define TRIG_F32(name, op)                                                                         \
    static inline bool name##_fast(const float *in, float *out) {                                  \
        vf x0 = vf_ld(in), x1 = vf_ld(in + ND_LF);                                                 \
        const vfi lim = (vfi)((vf){0} + (float)F32_HI);                                            \
        if (!vfi_all(((vfi)vf_abs(x0) <= lim) & ((vfi)vf_abs(x1) <= lim))) return false;           \
        trig32_mem(in, out, op);                                                                   \
        trig32_mem(in + ND_LF, out + ND_LF, op);                                                   \
        return true;                                                                               \
    }                                                                                              \
    static void name##_full(const float *in, float *out) {                                         \
        vf_st(out, trig32(vf_ld(in), op, true));                                                   \
        vf_st(out + ND_LF, trig32(vf_ld(in + ND_LF), op, true));                                   \
    }                                                                                              \
    ND_VMATH_UNARY(name, float, 2 * ND_LF, name##_fast, name##_full)

TRIG_F32(k_sin_f32, F32_OP_SIN)
TRIG_F32(k_cos_f32, F32_OP_COS)
TRIG_F32(k_tan_f32, F32_OP_TAN)

#endif /* ND_VMATH */

void ND_K(nd_kfill_vm_trig)(nd_ktable *t) {
#ifdef ND_VMATH
    ND_REG(t, SIN, float64, k_sin_f64);
    ND_REG(t, COS, float64, k_cos_f64);
    ND_REG(t, TAN, float64, k_tan_f64);
    ND_REG(t, SIN, float32, k_sin_f32);
    ND_REG(t, COS, float32, k_cos_f32);
    ND_REG(t, TAN, float32, k_tan_f32);
#else
    (void)t;
#endif
}
