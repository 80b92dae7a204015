/* nd's own vector kernels of the float32 exp family -- exp, exp2, expm1,
   sinh, cosh, tanh -- at the avx2 and avx512 levels, overlaying those of
   vm_exp.c (a later fill, see fill.c). Native float32 on the fast paths
   (16 lanes at avx512); the lanes off them (near overflow, inf, NaN, tiny
   arguments) go through float64 (vf_to_vd2), where the one rounding to
   float32 produces overflow and underflow with their flags exactly as a
   correctly rounded result. Error bounds are beside each kernel, in ULP
   of the float32 result; docs/accuracy.md has the measured maxima
   (exhaustive over every float32). */
#include "generic/vmath.h"

#ifdef ND_VMATH
#include <float.h>
#include <math.h>

/* 2^(j/16) as a double, for the float64 paths (the float32 result rounds
   once from a value within 2^-40 of it) */
static double EH[16];

/* 2^(j/8) = FH[j] (1 + FT[j]) in float32 (16 entries for vf_lut16's
   register at avx512, j + 8 repeating j, so that any k indexes k mod 8
   there; vpermps at avx2 reads the index mod 8 itself). FK and FKH hold
   the bits of FH and FH/2 less j << 20, so that adding k << 20 to them
   gives 2^floor(k/8) FH[j] (resp. half that): one shift and one add. */
static float FH[16], FT[16], FK[16], FKH[16];
/* 2^(j/16) = H (1 + FT16[j]), H in float32, and FKH16[j] the bits of H/2
   less j << 19 (avx512's sinh and cosh: the 16 entries fill a register) */
static float FT16[16], FKH16[16];

static void init_tables(void) {
    for (int j = 0; j < 16; j++) EH[j] = (double)exp2l((long double)j / 16);
    for (int j = 0; j < 16; j++) {
        long double v = exp2l((long double)(j & 7) / 8);
        FH[j] = (float)v;
        FT[j] = (float)((v - (long double)FH[j]) / (long double)FH[j]);
        float h = FH[j] / 2;
        uint32_t b, bh;
        memcpy(&b, &FH[j], 4);
        memcpy(&bh, &h, 4);
        b -= (uint32_t)(j & 7) << 20, bh -= (uint32_t)(j & 7) << 20;
        memcpy(&FK[j], &b, 4);
        memcpy(&FKH[j], &bh, 4);
    }
    for (int j = 0; j < 16; j++) {
        long double v = exp2l((long double)j / 16);
        float h = (float)v, hh = h / 2;
        FT16[j] = (float)((v - (long double)h) / (long double)h);
        uint32_t bh;
        memcpy(&bh, &hh, 4);
        bh -= (uint32_t)j << 19;
        memcpy(&FKH16[j], &bh, 4);
    }
}

#define INV_L16 0x1.71547652b82fep+4 /* 16/ln2 */
#define L16_HI 0x1.62e42fefa39efp-5  /* ln2/16, high part */
#define LN2 0x1.62e42fefa39efp-1

/* ------------------------------------------- float64 helpers (slow paths) */

/* the table index k mod 16 as vd_lut16 wants it: the permute at avx512
   reads only the low 4 bits, the gather at avx2 needs them masked */
static inline vdi lut_j(vdi ki) {
#if defined(__AVX512F__)
    return ki;
#else
    return ki & 15;
#endif
}

/* k = round(x c) and its integer, the product and the shifter added in
   one FMA */
static inline vd round_fma(vd x, double c, vdi *ki) {
    vd m = vd_fma(x, (vd){0} + c, (vd){0} + 0x1.8p52);
    *ki = (vdi)((vdu)m - (vdu)((vd){0} + 0x1.8p52));
    return m - 0x1.8p52;
}

/* 2^(k/16) 2^bias: EH[k mod 16] with e = floor(k/16) added to the
   exponent ((k - j) << 48 is e << 52). The result must be normal. */
static inline vd exp_scale(vdi ki, int bias) {
    vd h = vd_lut16(EH, lut_j(ki));
    return (vd)((vdu)h + ((vdu)(ki & ~(int64_t)15) << 48) +
                (uint64_t)(int64_t)bias * ((uint64_t)1 << 52));
}

static inline vd vd_clamp(vd x, double lo, double hi) {
    return vd_max(vd_min(x, (vd){0} + hi), (vd){0} + lo); /* x not NaN */
}

/* ---------------------------------------------------------------- float32 */

/* k = round(x c) (|k| < 2^22), as round_fma, and in *ki the bits of
   k + 1.5 2^23: k plus a constant whose low 22 bits are zero and whose
   set bits all leave in a left shift by 10 or more, so that ki serves
   as k wherever it is only shifted left that far or indexes a table by
   its low bits (saving the subtraction) */
#define VF_SHIFTER 0x1.8p23f
static inline vf vf_round_fma(vf x, float c, vfi *ki) {
    vf m = vf_fma(x, (vf){0} + c, (vf){0} + VF_SHIFTER);
    *ki = (vfi)m;
    return m - VF_SHIFTER;
}
/* ---------------------------------------------------------------- float32
   In float64, relative error below 2^-40 before the one rounding. */

/* exp and exp2 natively: k = round(x 8/ln2) (resp. 8x), r = x - k ln2/8
   (|r| <= ln2/16; k C8_HI and x - k C8_HI are exact, the second part
   rounds r once, 2^-24 |r|, 0.04 ULP; for exp2 (x - k/8) is exact and
   the product by ln2 rounds the same), e^r - 1 = p = r + r^2 (1/2 + r/6
   + r^2/24) (omitted r^5/120 < 2^-29.5), and 2^(j/8) = FH (1 + FT): the
   result s + s (FT + p) with s = 2^e FH rounds once, the sum FT + p and
   p below 2^-29 of it: about 0.6 ULP. The table is one register (a
   permute) at both levels. Fast path: normal results, and |x| >= 2^-30
   (so that r^2 cannot underflow; e^x rounds to 1 below). */
#define C8_HI 0x1.62ep-4f     /* ln2/8 to 13 bits: k C8_HI is exact (|k| < 2^11) */
#define C8_LO 0x1.0bfbe8p-18f /* ln2/8 - C8_HI */
#define INV_L8 0x1.715476p+3f /* 8/ln2 */

#if defined(__AVX512F__)
static inline vf vf_lut8(const float *T, vfi j) { return vf_lut16(T, j); }
#else
static inline vf vf_lut8(const float *T, vfi j) {
    return _mm256_permutevar8x32_ps(_mm256_loadu_ps(T), (__m256i)j);
}
#endif

/* 2^floor(k/8) T[k mod 8] for T = FK or FKH (the result normal) */
static inline vf vf_scale8(const float *T, vfi ki) {
    return (vf)((vfu)vf_lut8(T, ki) + ((vfu)ki << 20));
}

static inline vf exp_f32_tail(vf r, vfi ki) {
    vf q = vf_fma(vf_fma(r, (vf){0} + 1.0f / 24, (vf){0} + 1.0f / 6), r, (vf){0} + 0.5f);
    vf p = vf_fma(r * r, q, r);
    vf s = vf_scale8(FK, ki);
    return vf_fma(s, vf_lut8(FT, ki) + p, s);
}
static inline vf exp_f32_core(vf x) {
    vfi ki;
    vf k = vf_round_fma(x, INV_L8, &ki);
    vf r = vf_fnma(k, (vf){0} + C8_HI, x);
    return exp_f32_tail(vf_fnma(k, (vf){0} + C8_LO, r), ki);
}

/* v 2^n for n integral, given as a float n and its integer ki: scalef at
   avx512 (one instruction, and a correctly rounded result even beyond
   the normal range), the exponent field added at avx2 (v 2^n must be a
   normal number, or zero) */
static inline vf vf_ldexp(vf v, vf n, vfi ki) {
#if defined(__AVX512F__)
    (void)ki;
    return _mm512_scalef_ps(v, n);
#else
    (void)n;
    return (vf)((vfi)v + (ki << 23));
#endif
}

/* exp2 natively, no table: n = round(x), f = x - n (exact, |f| <= 1/2),
   2^f = 1 + f P(f) by Horner with FMAs, P of degree 5 fitted (Lawson
   minimax of the relative error, float32 coefficients rounded one at a
   time and the rest refitted) to 2^-28.3, and the result 2^n 2^f. Error
   in ulp of 2^f (v in [0.707, 1.414]; its ulp 2^-24 below 1, 2^-23
   above, and 2^n scales exactly): 0.5 for the final FMA, the rounding
   of the inner value P (in [0.59, 0.83], half an ulp 2^-25) times |f| <=
   1/2, 0.25, the inner roundings of P times f^2 <= 1/4, below 0.07, and
   the fit 0.05: at most 0.87 ULP where v < 1, less above. No product of
   f with itself, so nothing underflows for tiny x (0 gives exactly 1).
   Fast path |x| <= 126: normal results. */
static inline vf exp2_f32_core(vf x) {
    vfi ki;
#if defined(__AVX512F__)
    /* f in one instruction (vreduceps), n = x - f exact; ki unused. (f = x - floor(x) with
       scalef taking x itself would save n, but x - floor(x) rounds for x in (-1/2, 0): up to
       0.35 ULP more) */
    vf f = _mm512_reduce_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC), n = x - f;
    ki = (vfi){0};
#else
    vf n = vf_round_i(x, &ki);
    vf f = x - n;
#endif
    vf p = vf_fma(f, (vf){0} + 0x1.417ab8p-13f, (vf){0} + 0x1.5f094ap-10f);
    p = vf_fma(p, f, (vf){0} + 0x1.3b2dd2p-7f);
    p = vf_fma(p, f, (vf){0} + 0x1.c6af7ap-5f);
    p = vf_fma(p, f, (vf){0} + 0x1.ebfbdcp-3f);
    p = vf_fma(p, f, (vf){0} + 0x1.62e430p-1f);
    return vf_ldexp(vf_fma(p, f, (vf){0} + 1.0f), n, ki);
}
/* |x| in [lo, hi] by one unsigned comparison of the bits */
static inline vfi vf_in(vf x, float lo, float hi) {
    vfu b = (vfu)vf_abs(x) - (vfu)((vf){0} + lo);
    return (vfi)(b <= (vfu)((vf){0} + hi) - (vfu)((vf){0} + lo));
}
/* The loop of sinh, cosh and tanh: at avx512 the pair's fast-path test
   stays in k-masks (vpcmpud, kand, kortest), where vfi_all's round trip
   through a vector (vpmovm2d, vpmovd2m) costs a uop per vector; the
   bounds are loaded from a table (GCC rebuilds an integer broadcast
   constant inside the loop from a general register otherwise, a port-5
   uop). F32_IN_BOUNDS(name, lo, hi) makes name##_okb, the mask bits of
   |x| in [lo, hi]. */
#if defined(__AVX512F__)
/* an integer constant GCC cannot rematerialize: the empty asm hides its
   value, so it is built once before the loop and stays in a register */
static inline __m512i kc_i(int32_t v) {
    __m512i c = _mm512_set1_epi32(v);
    __asm__("" : "+v"(c));
    return c;
}
static inline vf kc_abs(vf x) { return (vf)_mm512_and_si512((__m512i)x, kc_i(INT32_MAX)); }
static inline int32_t kc_bits(float x) {
    int32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}
#define F32_IN_BOUNDS(name, lo, hi)                                                                \
    static inline unsigned name##_okb(vf x) {                                                      \
        __m512i b = _mm512_sub_epi32((__m512i)kc_abs(x), kc_i(kc_bits(lo)));                       \
        return _mm512_cmple_epu32_mask(b, kc_i(kc_bits(hi) - kc_bits(lo)));                        \
    }
#else
#define F32_IN_BOUNDS(name, lo, hi)                                                                \
    static inline unsigned name##_okb(vf x) { return vfi_bits(vf_in(x, lo, hi)); }
#endif
#define F32_LOOP(name, f)                                                                          \
    static inline bool name##_pair(vf a, vf b, vf *ya, vf *yb) {                                   \
        if ((f##_okb(a) & f##_okb(b)) != (1u << ND_LF) - 1) return false;                          \
        *ya = f##_core(a);                                                                         \
        *yb = f##_core(b);                                                                         \
        return true;                                                                               \
    }                                                                                              \
    ND_VMATH_UNARY_PAIR_(name, float, f##_full)
static inline vfi vf_abs_le(vf x, float c) { return (vfi)vf_abs(x) <= (vfi)((vf){0} + c); }
static inline vf vf_abs_min(vf x, float c) {
    return vf_sel(vf_abs_le(x, c), vf_abs(x), (vf){0} + c);
}

/* e^r - 1 over |r| <= ln2/32 with degree 4: the omitted r^5/120 is below
   2^-34.5, and 2^-29 of expm1's smallest result with k != 0 (0.0216) */
static inline vd exp_p4(vd r) {
    vd q = vd_fma(r, (vd){0} + 1.0 / 24, (vd){0} + 1.0 / 6);
    q = vd_fma(q, r, (vd){0} + 0.5);
    return r * vd_fma(q, r, (vd){0} + 1.0);
}

/* Any lane of exp and exp2, in float64: x clamped to [-200, 200], where
   every float32 result is 0 or inf, e^x (2^x) to 2^-40 relative, and the
   one rounding to float32 gives its overflow and underflow, flags
   included. inf, -inf, NaN give inf, 0, NaN with no flag. */
static inline vd exp_f32d(vd x, bool two) {
    x = vd_clamp(x, -200.0, 200.0);
    vdi ki;
    vd k = two ? round_fma(x, 16, &ki) : round_fma(x, INV_L16, &ki);
    vd r = two ? vd_fnma(k, (vd){0} + 0.0625, x) * LN2 : vd_fnma(k, (vd){0} + L16_HI, x);
    vd s = exp_scale(ki, 0);
    return vd_fma(s, exp_p4(r), s);
}
static inline vf exp_f32_any(vf x, bool two) {
    vfi fin = vf_abs_le(x, FLT_MAX);
    vd lo, hi;
    vf_to_vd2((vf)((vfi)x & fin), &lo, &hi);
    vf y = vd2_to_vf(exp_f32d(lo, two), exp_f32d(hi, two));
    return vf_sel(fin, y, vf_sel(x == -(vf){0} - INFINITY, (vf){0}, x));
}

static inline vfi exp_f32_ok(vf x) { return vf_in(x, 0x1p-30f, 87.0f); }
/* the fast path's lanes as there (bitwise: a result depends only on its
   input), the others through float64 */
static inline vf exp_f32_full(vf x) {
    vfi ok = exp_f32_ok(x);
    vf y = exp_f32_core((vf)((vfi)x & ok));
    return vfi_all(ok) ? y : vf_sel(ok, y, exp_f32_any(x, false));
}
ND_VMATH_UNARY_OK(k_exp_f32, float, exp_f32_ok, exp_f32_core, exp_f32_full)

static inline vfi exp2_f32_ok(vf x) { return vf_abs_le(x, 126.0f); }
static inline vf exp2_f32_full(vf x) {
    vfi ok = exp2_f32_ok(x);
    vf y = exp2_f32_core((vf)((vfi)x & ok));
    return vfi_all(ok) ? y : vf_sel(ok, y, exp_f32_any(x, true));
}
#if defined(__AVX512F__)
/* |x| <= 126 by one unsigned compare of the bits, in k-masks (F32_LOOP) */
static inline unsigned exp2_f32_okb(vf x) {
    return _mm512_cmple_epu32_mask((__m512i)kc_abs(x), kc_i(kc_bits(126.0f)));
}
F32_LOOP(k_exp2_f32, exp2_f32)
#else
ND_VMATH_UNARY_OK(k_exp2_f32, float, exp2_f32_ok, exp2_f32_core, exp2_f32_full)
#endif

/* expm1, x in [-200, 200]: (s - 1) + s p; s - 1 is exact for s >= 1/2,
   and where k != 0 the sum cancels by at most half (see expm1_f64_dd) */
static inline vd expm1_f32d(vd x) {
    vdi ki;
    vd k = round_fma(x, INV_L16, &ki);
    vd r = vd_fnma(k, (vd){0} + L16_HI, x);
    vd s = exp_scale(ki, 0);
    return vd_fma(s, exp_p4(r), s - 1.0);
}
/* sinh, cosh of ax in [0, 100] as in the float64 versions, halves, no
   tails; (h1 - h2) rounds once, and cancels by at most half */
static inline vd sc_f32d(vd ax, bool sinh) {
    vdi ki;
    vd k = round_fma(ax, INV_L16, &ki);
    vd r = vd_fnma(k, (vd){0} + L16_HI, ax);
    vd h1 = exp_scale(ki, -1), h2 = exp_scale(-ki, -1); /* 2^-145 at least */
    vd z = r * r;
    vd ev = z * vd_fma(z, (vd){0} + 1.0 / 24, (vd){0} + 0.5);
    vd od = vd_fma(r * z, vd_fma(z, (vd){0} + 1.0 / 120, (vd){0} + 1.0 / 6), r);
    vd d = h1 - h2, s = h1 + h2;
    return sinh ? vd_fma(s, od, vd_fma(d, ev, d)) : vd_fma(d, od, vd_fma(s, ev, s));
}
static inline vd sinh_f32d(vd ax) { return sc_f32d(ax, true); }
static inline vd cosh_f32d(vd ax) { return sc_f32d(ax, false); }
/* tanh(ax) = E/(E + 2), E = expm1(2 ax), ax in [0, 10] */
static inline vd tanh_f32d(vd ax) {
    vd e = expm1_f32d(ax * 2.0);
    return e / (e + 2.0);
}

/* float32 sinh, cosh, expm1 and tanh through float64, for the lanes off
   their native fast paths (below): F32_FULL runs the native core on the
   lanes <f>_ok accepts (the others on a harmless 1) and this path on the
   rest. PRE maps
   x to the core's domain (inf and NaN to 0, finite x capped where the
   result is already +-1, -1 or inf: 200 for expm1, 100 for sinh and cosh,
   10 for tanh), POST puts back what the core does not give: inf, -inf,
   NaN and zeros (their sign), and the sign of odd functions. */
#define F32_ANY(name, CORE, PRE, POST)                                                             \
    static inline vf name##_any(vf x) {                                                            \
        vd lo, hi;                                                                                 \
        vf_to_vd2(PRE(x), &lo, &hi);                                                               \
        return POST(x, vd2_to_vf(CORE(lo), CORE(hi)));                                             \
    }
#define F32_FULL(f)                                                                                \
    static inline vf f##_full(vf x) {                                                              \
        vfi ok = f##_ok(x);                                                                        \
        vf y = f##_core(vf_sel(ok, x, (vf){0} + 1.0f));                                            \
        return vfi_all(ok) ? y : vf_sel(ok, y, f##_any(x));                                        \
    }
#define FIN(x) vf_abs_le(x, FLT_MAX)
#define EXPM1_PRE(x) vf_max(vf_min((vf)((vfi)(x)&FIN(x)), (vf){0} + 200.0f), (vf){0} - 200.0f)
#define EXPM1_POST(x, y)                                                                           \
    vf_sel(FIN(x) & ((x) != 0.0f), (y), vf_sel((x) == -(vf){0} - INFINITY, (vf){0} - 1.0f, (x)))
#define SC_PRE(x) vf_sel(FIN(x), vf_abs_min(x, 100.0f), (vf){0})
#define TANH_PRE(x) vf_abs_min(x, 10.0f)
#define SINH_POST(x, y) vf_xorsign(vf_sel(FIN(x), (y), vf_abs(x)), (x))
#define COSH_POST(x, y) vf_sel(FIN(x), (y), vf_abs(x))
#define TANH_POST(x, y) vf_xorsign(vf_sel((x) == (x), (y), (x)), (x))
F32_ANY(expm1_f32, expm1_f32d, EXPM1_PRE, EXPM1_POST)
F32_ANY(sinh_f32, sinh_f32d, SC_PRE, SINH_POST)
F32_ANY(cosh_f32, cosh_f32d, SC_PRE, COSH_POST)

/* sinh and cosh float32 natively, for |x| <= 88.5 (cosh(88.5) < FLT_MAX;
   the rest, near overflow, inf and NaN, through float64 above). Error
   bounds below are in ULP of the result y, using that a rounding error of
   a value v is at most 2^-24 |v| and that ulp(y) >= 2^-24 |y| (more:
   2^-24 |y| / ulp(y) = y / 2^(e+1) for y in [2^e, 2^(e+1))).

   a = |x| >= T (T = 1 for sinh, 7/8 for cosh): e^a/2 = sh (1 + u) from
   the float32 table reduction of exp (sf_ehalf: k = round(a 8/ln2),
   |r| <= ln2/16, u = FT[j] + p, p the degree-4 Taylor polynomial of
   e^r - 1; at avx512 16ths and degree 3, see there): its relative error
   d <= 2^-24 (0.0433 (r) + 0.0443 (p) + 0.045 (u)) + 2^-29.5
   (truncation) < 0.16 2^-24. c = 1/(2 e^a) =
   0.25 / fl(sh (1 + u)), within (2 + 0.16) 2^-24 of itself (two roundings
   and d). y = sh + fl(sh u +- c), rounded once more. In units of
   2^-24 |y|: 0.5 (final) + 2.16 c/y + |sh u +- c|/y + 0.16 sh/y.
   cosh at a = 7/8: c/y = 1/(1 + e^2a) = 0.148, |sh u + c|/y <= 0.19,
   sh/y <= 0.86: 0.5 + 0.32 + 0.19 + 0.14 = 1.15 units, and y/2^(e+1) =
   0.70 there: 0.81 ULP; c/y falls as e^-2a, so beyond it is less.
   sinh at a = 1: c/y = 1/(e^2a - 1) = 0.157, |sh u - c|/y <= 0.2,
   sh/y = 1.16: 0.5 + 0.34 + 0.2 + 0.19 = 1.23 units at y = 1.175
   (y/2 = 0.59): 0.73 ULP; at y -> 2 (a = 1.44, c/y = 0.059): 0.5 +
   0.13 + 0.1 + 0.17 = 0.9; above 2, c/y < 0.016: below 0.8.

   a < T, Taylor series (no cancellation):
   cosh = 1 + t, t = z/2 + (z^2 R(z) + zl/2), z = a^2 as z + zl exactly
   (FMA), R to z^5 (omitted z^6/12! < 2^-31 at z = 0.77). With ulp(y) =
   2^-23: final 0.5, t (<= 0.41, half an ulp 2^-26) 0.125, z^2 R + zl/2
   (<= 0.026; z^2, R, the sum) 0.04: 0.67 ULP. a is taken as at
   least 2^-20 (cosh rounds to 1 below it alike), so z cannot underflow.
   sinh = a + a z R(z), R of degree 3 fitted (Lawson minimax, float32
   coefficients) to (sinh(a) - a)/(a z) on z in [0, 1] with the weight
   a z/sinh(a): relative error of y below 2^-31.6; a z R
   <= 0.149 y with three roundings (z, R, a z R) and the final: at most
   0.5 + 0.45 y/2^(e+1) units, 0.84 ULP at y -> 1 (a z R = 0.114 y
   there) and 0.77 at y = 1.175. |x| < 2^-12 is off the fast path (sinh
   rounds to x; a z R could underflow). */
#if !defined(__AVX512F__)
/* 2^(k/8) (half that if half) with e^a = that (1 + u) */
static inline vf sf_exp(vf a, vf *u, bool half) {
    vfi ki;
    vf k = vf_round_fma(a, INV_L8, &ki);
    vf r = vf_fnma(k, (vf){0} + C8_LO, vf_fnma(k, (vf){0} + C8_HI, a));
    vf q = vf_fma(vf_fma(r, (vf){0} + 1.0f / 24, (vf){0} + 1.0f / 6), r, (vf){0} + 0.5f);
    *u = vf_lut8(FT, ki) + vf_fma(r * r, q, r);
    return vf_scale8(half ? FKH : FK, ki);
}
#endif
#if defined(__AVX512F__)
/* at avx512 (sinh, cosh): the table of 16ths, one register (vf_lut16),
   k = round(a 16/ln2) (|k| <= 2043 for a <= 88.5, so k C16_HI is exact
   and ki << 19 is k << 19), |r| <= ln2/32 + 2^-30, and e^r - 1 = p = r +
   r^2 (c2 + c3 r): one FMA fewer than 8ths with degree 4. c2, c3 fitted
   (Lawson minimax of the error relative to e^r, float32 coefficients,
   c2 rounded and c3 refitted): 2^-29.19, against the 8ths' truncation
   2^-29.5; r rounds once (as with 8ths, half as large) and u = FT16[j] +
   r (1 + r q) (|u| <= 0.0219) once in an FMA, plus the inner 1 + r q's
   rounding times |r|: the relative error d of e^a/2 = sh (1 + u) stays
   below 0.16 units. */
#define C16_HI 0x1.62ep-5f     /* ln2/16 to 13 bits: k C16_HI is exact (|k| < 2^11) */
#define C16_LO 0x1.0bfbe8p-19f /* ln2/16 - C16_HI */
#define INV_L16F 0x1.715476p+4f /* 16/ln2 */
static inline vf sf_ehalf(vf a, vf *u) {
    vfi ki;
    vf k = vf_round_fma(a, INV_L16F, &ki);
    vf r = vf_fnma(k, (vf){0} + C16_LO, vf_fnma(k, (vf){0} + C16_HI, a));
    vf q = vf_fma(r, (vf){0} + 0x1.55559ep-3f, (vf){0} + 0x1.00021ep-1f);
    /* u = FT16[j] + r (1 + r q) in one FMA, one rounding; no r^2, so a tiny
       or subnormal a raises no underflow (cosh takes every |x| <= 80 on
       this path) */
    *u = vf_fma(r, vf_fma(r, q, (vf){0} + 1.0f), vf_lut16(FT16, ki));
    return (vf)((vfu)vf_lut16(FKH16, ki) + ((vfu)ki << 19));
}
#else
static inline vf sf_ehalf(vf a, vf *u) { return sf_exp(a, u, true); }
#endif
/* cosh, every a = |x| <= 88.5 on one path, no division: e^a/2 = h1 (1 +
   u1) and e^-a/2 = h2 (1 + u2) from the same reduction (k = round(a 8/ln2),
   r = a - k ln2/8) and the table entries of k and -k, e^+-r - 1 = ev +- od
   (the even and odd parts of the degree-4 Taylor polynomial, omitted
   r^5/120 < 2^-29.5), u = FT + (ev +- od), each within 0.16 units of its
   value as for sinh. h1 >= h2, so h1 + h2 = S + Sl exactly (Fast2Sum),
   and y = S + fl(Sl + h1 u1 + h2 u2): the inner terms are below 0.05 of y
   (|u| <= 0.045) and round twice (the product and the FMA) and once more
   in the sum with Sl, 0.05 (1.5) units, the u's 0.16 units, and the
   final rounding 0.5 ULP: at most 0.5 ULP + 0.24 units, 0.74 ULP. -k is
   taken as at least -320 (h2 >= 2^-41, far below 2^-24 of y from a = 28
   on, where e^-a/2 is below it too), a as at least 2^-20 (cosh rounds to
   1 alike; r^2 cannot underflow). */
#if defined(__AVX512F__)
/* cosh at avx512, 2^-126 <= |x| <= 80 (the rest through float64): one exponential
   (sf_ehalf's 16ths) and a reciprocal, 20 instructions where the
   two-table form below takes 30. e^a/2 = E = sh (1 + u) as for sinh
   (within 0.16 units),
   e^-a/2 = c = 1/(4 E): vrcp14ps (2^-14 relative) and one Newton step,
   rounded: within 2^-28 + 2^-24 + 0.16 units of itself; c <= E, so
   sh + c = S + Sl exactly (Fast2Sum: sh >= 1/2 >= c), and y = S +
   fl(sh u + Sl), the inner value below 0.05 y. In units of 2^-24 y:
   c/y (1.22) + 0.16 + 0.05, with c/y = 1/(1 + e^2a) <= 1/2 at a = 0,
   where y is just above 1 (ULP = 2 units): 0.5 ULP + 0.41 ULP at most
   there; c/y falls as e^-2a. |x| <= 80 keeps 1/E normal. */
static inline vf cosh_f32_core(vf x) {
    vf a = kc_abs(x), u;
    vf sh = sf_ehalf(a, &u);
    vf e = vf_fma(sh, u, sh);
    vf r0 = _mm512_rcp14_ps(e);
    /* c4 = 4c: the scaling by 1/4 (exact) rides in the FMAs of the sum:
       S = fl(sh + c), and Sl = c - (S - sh) exactly, as the Fast2Sum's
       exact error is one rounding of c + (sh - S) */
    vf c4 = vf_fma(r0, vf_fnma(e, r0, (vf){0} + 1.0f), r0);
    vf S = vf_fma(c4, (vf){0} + 0.25f, sh), Sl = vf_fma(c4, (vf){0} + 0.25f, sh - S);
    return S + vf_fma(sh, u, Sl);
}
/* 2^-126 <= |x| <= 80 (1/E normal), tiny x too (no r^2 to underflow, see
   sf_ehalf); zero and subnormal x through float64: arithmetic on
   subnormal r costs microcode assists, 16 ns per element measured */
static inline vfi cosh_f32_ok(vf x) { return vf_in(x, 0x1p-126f, 80.0f); }
F32_IN_BOUNDS(cosh_f32, 0x1p-126f, 80.0f)
#else
static inline vf cosh_f32_core(vf x) {
    vf a = vf_max(vf_abs(x), (vf){0} + 0x1p-20f); /* x is not NaN here */
    vfi ki;
    vf k = vf_round_fma(a, INV_L8, &ki);
    vf r = vf_fnma(k, (vf){0} + C8_LO, vf_fnma(k, (vf){0} + C8_HI, a));
    vf z = r * r;
    vf ev = z * vf_fma(z, (vf){0} + 1.0f / 24, (vf){0} + 0.5f);
    vf od = vf_fma(r * z, (vf){0} + 1.0f / 6, r);
    vfi kn = (vfi)((vf){0} + VF_SHIFTER) - ki; /* -k itself: it is compared */
#if defined(__AVX512F__)
    kn = (vfi)_mm512_max_epi32((__m512i)kn, _mm512_set1_epi32(-320));
#else
    kn = (vfi)_mm256_max_epi32((__m256i)kn, _mm256_set1_epi32(-320));
#endif
    vf u1 = vf_lut8(FT, ki) + (ev + od), u2 = vf_lut8(FT, kn) + (ev - od);
    vf h1 = vf_scale8(FKH, ki), h2 = vf_scale8(FKH, kn);
    vf S = h1 + h2, Sl = h2 - (S - h1);
    return S + (Sl + vf_fma(h1, u1, h2 * u2));
}
static inline vfi cosh_f32_ok(vf x) { return vf_abs_le(x, 88.5f); }
static inline unsigned cosh_f32_okb(vf x) { return vfi_bits(cosh_f32_ok(x)); }
#endif
static inline vf sinh_f32_core(vf x) {
#if defined(__AVX512F__)
    vf a = kc_abs(x), u;
#else
    vf a = vf_abs(x), u;
#endif
    vf sh = sf_ehalf(a, &u);
#if defined(__AVX512F__)
    /* c = 1/(4 E) by vrcp14ps and one Newton step: within 2^-28 + 2^-24
       of itself, as the division's 2^-24 plus 0.06 units */
    vf e = vf_fma(sh, u, sh), r0 = _mm512_rcp14_ps(e);
    vf c = vf_fma(r0, vf_fnma(e, r0, (vf){0} + 1.0f), r0) * 0.25f;
#else
    vf c = 0.25f / vf_fma(sh, u, sh);
#endif
    vf ye = sh + vf_fms(sh, u, c);
    vf z = a * a;
    vf R = vf_fma(z, (vf){0} + 0x1.756c1ep-19f, (vf){0} + 0x1.a022bcp-13f);
    R = vf_fma(vf_fma(R, z, (vf){0} + 0x1.1110e0p-7f), z, (vf){0} + 0x1.555556p-3f);
    vf yp = vf_fma(a, z * R, a);
#if defined(__AVX512F__)
    /* one merge-masked blend and a ternlog: (y ^ x ^ a) puts x's sign */
    vf y = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(a, (vf){0} + 1.0f, _CMP_LT_OQ), ye, yp);
    return (vf)_mm512_ternarylogic_epi32((__m512i)y, (__m512i)x, (__m512i)a, 0x96);
#else
    return vf_xorsign(vf_sel(vf_lt(a, (vf){0} + 1.0f), yp, ye), x);
#endif
}
static inline vfi sinh_f32_ok(vf x) { return vf_in(x, 0x1p-12f, 88.5f); }
F32_IN_BOUNDS(sinh_f32, 0x1p-12f, 88.5f)
F32_FULL(sinh_f32)
F32_FULL(cosh_f32)
F32_LOOP(k_sinh_f32, sinh_f32)
F32_LOOP(k_cosh_f32, cosh_f32)

/* expm1 natively, one path for every x with |x| in [2^-40, 16.9] (the
   lanes off it -- tiny, large, inf, NaN -- through float64 above).
   n = round(x/ln2) (|n| <= 24), r = x - n ln2 = rh + rl with
   rh = x - n L2_HI exact (n L2_HI is exact, and rh a multiple of the
   coarser of ulp(x) and 2^-13 below 1 in magnitude) and rl = -n L2_LO
   (rounded: 2^-24 of at most 2^-10). With s = 2^n,
     e^x - 1 = (s - 1) + s rh + s (r^2 Q(r) + rl)
   where e^r - 1 = r + r^2 Q(r), Q of degree 5 fitted (Lawson minimax,
   float32 coefficients, one at a time with the rest refitted) to
   (e^r - 1 - r)/r^2 on |r| <= ln2/2 with the weight r^2/expm1(r): the
   relative error of r + r^2 Q below 2^-31. s - 1 is exact (|n| <= 24),
   so is s rh, and their sum is h + eh exactly (Fast2Sum: |s - 1| >= s/2
   > s |rh| for n >= 1, |s - 1| >= 1/2 > s |rh| for n <= -1, s - 1 = 0 for
   n = 0), leaving y = h + fl(s tail + eh) with tail = fl(r^2 Q + rl):
   two roundings of small terms and the final one. For n = 0 this is x +
   x^2 Q(x) with nothing to cancel; the worst case is n = 1 with r near
   -ln2/2 (x just above ln2/2, y = 0.41 from h = 0.29 and 2 tail = 0.12):
   the tail's roundings (r^2, Q, the two FMAs) cost 0.12/0.41 of 1.5
   ulp(0.12) relative, below 0.3 ULP of y, plus the final 0.5. */
#define L2_HI 0x1.62ep-1f     /* ln2 to 13 bits: n L2_HI is exact (|n| < 2^11) */
#define L2_LO 0x1.0bfbe8p-15f /* ln2 - L2_HI */
static inline vf expm1_f32_core(vf x) {
    vfi ki;
    vf n = vf_round_fma(x, 0x1.715476p+0f, &ki);
    vf rh = vf_fnma(n, (vf){0} + L2_HI, x), rl = n * -L2_LO;
    vf r = rh + rl;
    vf q = vf_fma(r, (vf){0} + 0x1.9e7798p-13f, (vf){0} + 0x1.6d3a44p-10f);
    q = vf_fma(q, r, (vf){0} + 0x1.1112d6p-7f);
    q = vf_fma(q, r, (vf){0} + 0x1.5554f8p-5f);
    q = vf_fma(q, r, (vf){0} + 0x1.555554p-3f);
    q = vf_fma(q, r, (vf){0} + 0.5f);
    vf s = vf_ldexp((vf){0} + 1.0f, n, ki);
    vf a = s - 1.0f, b = s * rh;
    vf h = a + b, eh = b - (h - a);
    return h + vf_fma(s, vf_fma(r * r, q, rl), eh);
}
static inline vfi expm1_f32_ok(vf x) { return vf_in(x, 0x1p-40f, 16.9f); }
F32_FULL(expm1_f32)
#if defined(__AVX512F__)
F32_IN_BOUNDS(expm1_f32, 0x1p-40f, 16.9f)
F32_LOOP(k_expm1_f32, expm1_f32)
#else
ND_VMATH_UNARY_OK(k_expm1_f32, float, expm1_f32_ok, expm1_f32_core, expm1_f32_full)
#endif

#if defined(__AVX512F__)
/* tanh float32 at avx512: piecewise polynomials, no division and no exp.
   [0, 12) is cut into 14 intervals by the bits of a = |x|: [0, 1/8) and
   then two per binade from 2^-3 to 2^3 (interval k = (bits >> 22) - 247,
   the binade and the top mantissa bit, or 0; the tables hold interval k
   in slot (k + 247) mod 16, so that the index is max(bits >> 22, 247)) --
   tanh(x) rounds to 1 beyond 9.02.
   Each is y = c0 + t P(t), t = a - m with m the interval's midpoint (from
   the bits: t is exact, a and m in the same binade) and P of degree 7,
   fitted by weighted least squares iterated to minimax (Lawson) for the
   relative error of y, coefficients rounded to float32 one at a time,
   refitting the rest: at most 2^-27.6 relative in every interval (2^-30.3
   where |t P| is above 0.01 |y|; tools/fit_tanh_f32.py makes the table).
   14 intervals, so each coefficient is one register (vpermps: no
   two-register permute, which overwrites a source and costs a register
   copy and, with 16 table registers, constant reloads). c0 is kept as c0h
   + c0l, so y = c0h + fl(t P + c0l) rounds once more at the end; the
   first interval has m = 0, c0 = 0 and y = a + a P'(a) instead (P' =
   (tanh(a) - a)/a, no constant term), so that no rounding of a value near
   1 enters. Error, in units of 2^-24 |y| (ULP = units times |y|/2^(e+1)
   <= 1): |t P| <= 0.25 |y| (at the left end of [1/8, 3/16); 0.24 and 0.20
   in [1/4, 3/8) and [1/2, 3/4), 0.15 or less elsewhere), and P carries its
   Horner roundings (at most 1.5 2^-24 relative to P), t P + c0l one
   rounding and the fit: at most 0.25 (1.5 + 0.5) + 0.02 + 0.5 (final) =
   1.02 units, where y = 0.124 is just below a binade (the a priori bound
   is that, 1.02 ULP); every float32 through tools/exhaustive_f32.py
   measures 0.761 ULP (at x = 0.50027), which is the bound. |x| >= 2^-12
   so that t P' cannot underflow (tanh(x) rounds to x below); |x| <= 10. */
#include "generic/vm_tanh_tab.h" /* TH_T: m, c0h, c0l, c1..c7 by interval */
static inline vf th_lut(int j, vfi i) { return vf_lut16(TH_T[j], i); }
/* Few integer constants on purpose: GCC rebuilds each in the loop from a
   general register (a port-5 uop per vector) when registers run short, so
   the first interval's midpoint 0 comes from the table, its c0h slot is
   replaced by a in one merge-masked permute (the mask from a float
   compare), and the sign is x ^ a. */
static inline vf tanh_f32_core(vf x) {
    vf a = kc_abs(x);
    __mmask16 rest = _mm512_cmp_ps_mask(a, (vf){0} + 0.125f, _CMP_GE_OQ);
    vfi i = (vfi)_mm512_max_epi32(_mm512_srai_epi32((__m512i)a, 22), kc_i(247));
    vf t = a - th_lut(0, i);
    vf p = th_lut(9, i);
    for (int j = 8; j >= 3; j--) p = vf_fma(p, t, th_lut(j, i));
    vf v = vf_fma(t, p, th_lut(2, i));
    /* c0h, or a in the first interval */
    vf h = _mm512_mask_permutexvar_ps(a, rest, (__m512i)i, _mm512_loadu_ps(TH_T[1]));
    /* (h + v) ^ x ^ a: the sign of x */
    return (vf)_mm512_ternarylogic_epi32((__m512i)(h + v), (__m512i)x, (__m512i)a, 0x96);
}
#else
/* tanh, a = |x| >= 0.55 (y >= 1/2): y = 1 - q, q = 2/D, D = e^2a + 1
   = Dh + Dl with e^2a = s (1 + u) (relative error d < 0.18 units, as
   above), s + 1 by Fast2Sum, its error plus fl(s u) (0.046 s at most,
   rounding 0.023 units), and the two renormalized (Fast2Sum) as Dh + Dl:
   D within 0.21 units, q0 = fl(2/Dh) within 2^-23 of q. q0 = fl(2/Dh), and one
   Newton step c = (2 - q0 Dh - q0 Dl) q0/2 (2 - q0 Dh exact by FMA)
   leaves q0 + c within 0.21 units + 2^-44 of q. 1 - q0 = t + tl exactly
   (Fast2Sum, q0 < 1), and y = t + (tl - c) rounds once (the inner
   difference below 2^-48 absolute): 0.5 ULP + q 0.21 2^-24 <= 0.61 ULP
   (q <= 1/2, ulp(y) = 2^-24). a <= 10 (tanh(9.1) rounds to 1
   already).
   a < 0.55: y = a + a z P(z), z = a^2, P fitted (Chebyshev, float32
   coefficients) to (tanh(a) - a)/a^3 on z in [0, 0.3025]: 2^-27.4
   relative error in y; a z P is at most 0.1 y with three roundings (z,
   P, z P) and the final FMA: 0.5 + 0.15 + 0.06 = 0.71 units, 0.71 ULP.
   |x| >= 2^-12 so that a z P cannot underflow (tanh(x) rounds to x
   below). Measured over every float32 with |x| in [2^-12, 10]: 0.78 ULP
   (at 0.527). */
static inline vf tanh_f32_core(vf x) {
    vf a = vf_abs(x), u; /* at most 10 */
    vf s = sf_exp(a + a, &u, false);
    vf d0 = s + 1.0f, l0 = vf_fma(s, u, 1.0f - (d0 - s));
    vf dh = d0 + l0, dl = l0 - (dh - d0);
    vf q0 = 2.0f / dh;
    vf c = vf_fnma(q0, dl, vf_fnma(q0, dh, (vf){0} + 2.0f)) * (q0 * 0.5f);
    vf t = 1.0f - q0, tl = (1.0f - t) - q0;
    vf ye = t + (tl - c);
    vf z = a * a;
    vf P = vf_fma(z, (vf){0} - 0x1.b13538p-8f, (vf){0} + 0x1.5d220ep-6f);
    P = vf_fma(P, z, (vf){0} - 0x1.b9a044p-5f);
    P = vf_fma(P, z, (vf){0} + 0x1.110feap-3f);
    P = vf_fma(P, z, (vf){0} - 0x1.555554p-2f);
    vf yp = vf_fma(a, z * P, a);
    return vf_xorsign(vf_sel(vf_lt(a, (vf){0} + 0.55f), yp, ye), x);
}
#endif
F32_ANY(tanh_f32, tanh_f32d, TANH_PRE, TANH_POST)
static inline vfi tanh_f32_ok(vf x) { return vf_in(x, 0x1p-12f, 10.0f); }
F32_IN_BOUNDS(tanh_f32, 0x1p-12f, 10.0f)
F32_FULL(tanh_f32)
F32_LOOP(k_tanh_f32, tanh_f32)
#endif /* ND_VMATH */

void ND_K(nd_kfill_vm_exp_f32)(nd_ktable *t) {
#ifdef ND_VMATH
    init_tables();
    ND_REG(t, EXP, float32, k_exp_f32);
    ND_REG(t, EXP2, float32, k_exp2_f32);
    ND_REG(t, EXPM1, float32, k_expm1_f32);
    ND_REG(t, SINH, float32, k_sinh_f32);
    ND_REG(t, COSH, float32, k_cosh_f32);
    ND_REG(t, TANH, float32, k_tanh_f32);
#else
    (void)t;
#endif
}
