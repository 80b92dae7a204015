/* nd's own vector kernels of the pow family (float64 power and cbrt; logaddexp, logaddexp2 in
   float32 and float64; and float32 hypot) at the avx2 and avx512 levels, overlaying SLEEF's
   (ew_math.c) and ew_float.c's libm loops. float64 hypot keeps SLEEF's u05 kernel (already ~5x
   NumPy). Each kernel is a fast path over the whole vector and, for a vector with any lane off
   it, the overlaid kernel for those lanes (vd_patch): lanes off the fast path are computed on
   harmless values meanwhile, so the fast path raises no flags of its own. Error bounds below are
   by analysis; the accuracy suite checks them against MPFR (docs/accuracy.md has the measured
   maxima). float32 power and cbrt are in vm_log_f32.c.

   Shared cores, in double:
   - log_dd: log(x) as a double-double to ~2^-66 relative (power float64, logaddexp).
   - exp_dd: exp of a double-double argument as scale * (1 + tp), ~2^-58 relative. */
#include <float.h>

#include "generic/vmath.h"

#ifdef ND_VMATH

/* constants broadcast where the FMA helpers take a vector */
#define BD(x) _Generic((x), double : (vd){0} + (x), default : (x))
#define BF(x) _Generic((x), float : (vf){0} + (x), default : (x))
#define vd_fma(a, b, c) (vd_fma)(BD(a), BD(b), BD(c))
#define vd_fms(a, b, c) (vd_fms)(BD(a), BD(b), BD(c))
#define vd_fnma(a, b, c) (vd_fnma)(BD(a), BD(b), BD(c))
#define vf_fma(a, b, c) (vf_fma)(BF(a), BF(b), BF(c))
#define vf_fms(a, b, c) (vf_fms)(BF(a), BF(b), BF(c))
#define vf_fnma(a, b, c) (vf_fnma)(BF(a), BF(b), BF(c))

/* the kernels overlaid, for the lanes off the fast paths */
static nd_kloop slow_pow_f64, slow_cbrt_f64;
static nd_kloop old_lae_f64, old_lae_f32, old_lae2_f64, old_lae2_f32;
static nd_kloop slow_hypot_f32;

/* ---- tables (mpmath, 200 bits; the generator is in the commit message's reasoning: each value
   is the stated function rounded to double) ----
   log_dd: x = 2^k z, z in [0x1.6cp-1, 0x1.6cp0), 32 subintervals of equal width in the bits of z
   (the one holding 1 centred on it); PL_INVC = 2/(z_lo + z_hi) rounded (1 for the middle one),
   PL_LOGC + PL_LOGCL = -log(PL_INVC) with PL_LOGC a multiple of 2^-42, so that
   k*LN2_HI42 + PL_LOGC is exact for |k| <= 1075. |z*invc - 1| <= 2^-6. */
static const double PL_INVC[32] = {
    0x1.642c8590b2164p+0, 0x1.5c9882b931057p+0, 0x1.5555555555555p+0, 0x1.4e5e0a72f0539p+0,
    0x1.47ae147ae147bp+0, 0x1.4141414141414p+0, 0x1.3b13b13b13b14p+0, 0x1.3521cfb2b78c1p+0,
    0x1.2f684bda12f68p+0, 0x1.29e4129e4129ep+0, 0x1.2492492492492p+0, 0x1.1f7047dc11f70p+0,
    0x1.1a7b9611a7b96p+0, 0x1.15b1e5f75270dp+0, 0x1.1111111111111p+0, 0x1.0c9714fbcda3bp+0,
    0x1.0842108421084p+0, 0x1.0410410410410p+0, 0x1.0000000000000p+0, 0x1.f07c1f07c1f08p-1,
    0x1.e1e1e1e1e1e1ep-1, 0x1.d41d41d41d41dp-1, 0x1.c71c71c71c71cp-1, 0x1.bacf914c1bad0p-1,
    0x1.af286bca1af28p-1, 0x1.a41a41a41a41ap-1, 0x1.999999999999ap-1, 0x1.8f9c18f9c18fap-1,
    0x1.8618618618618p-1, 0x1.7d05f417d05f4p-1, 0x1.745d1745d1746p-1, 0x1.6c16c16c16c17p-1};
static const double PL_LOGC[32] = {-0x1.522ae0738a000p-2,
                                   -0x1.3c25277333000p-2,
                                   -0x1.269621134e000p-2,
                                   -0x1.1178e8227e000p-2,
                                   -0x1.f991c6cb3c000p-3,
                                   -0x1.d1037f2656000p-3,
                                   -0x1.a93ed3c8ae000p-3,
                                   -0x1.823c16551a000p-3,
                                   -0x1.5bf406b544000p-3,
                                   -0x1.365fcb015a000p-3,
                                   -0x1.1178e8227e000p-3,
                                   -0x1.da72763844000p-4,
                                   -0x1.9335e5d594000p-4,
                                   -0x1.4d3115d208000p-4,
                                   -0x1.08598b59e4000p-4,
                                   -0x1.894aa149f8000p-5,
                                   -0x1.0415d89e78000p-5,
                                   -0x1.0205658930000p-6,
                                   0x0.0p+0,
                                   0x1.f829b0e780000p-6,
                                   0x1.f0a30c0118000p-5,
                                   0x1.6f0d28ae58000p-4,
                                   0x1.e27076e2b0000p-4,
                                   0x1.29552f8200000p-3,
                                   0x1.5ff3070a7a000p-3,
                                   0x1.9525a9cf46000p-3,
                                   0x1.c8ff7c79aa000p-3,
                                   0x1.fb9186d5e4000p-3,
                                   0x1.1675cababa000p-2,
                                   0x1.2e8e2bae12000p-2,
                                   0x1.4618bc21c6000p-2,
                                   0x1.5d1bdbf581000p-2};
static const double PL_LOGCL[32] = {-0x1.eba708164c759p-45,
                                    -0x1.83454b606bd5cp-46,
                                    0x1.1ba1f10522625p-44,
                                    -0x1.1e9b8ce2d07f2p-44,
                                    0x1.90b84cd7cc834p-44,
                                    0x1.8527e75b6f6e4p-47,
                                    0x1.86a4350562169p-45,
                                    -0x1.e02db9a631e83p-46,
                                    0x1.28023eb68981cp-46,
                                    0x1.fd720afb9691bp-44,
                                    -0x1.1e778ce2d07f2p-45,
                                    -0x1.a79401fa71733p-46,
                                    -0x1.30f5c3abd47dap-45,
                                    0x1.53e2582f4e1efp-48,
                                    0x1.7e9dd7009902cp-46,
                                    -0x1.9a55a8be97661p-44,
                                    0x1.ddfc7f461c516p-44,
                                    -0x1.60dd27c8e8417p-44,
                                    0x0.0p+0,
                                    0x1.97c267c7e09e4p-45,
                                    -0x1.d579e83368e91p-45,
                                    -0x1.4b2241b664613p-44,
                                    -0x1.a2c2c2af0003cp-45,
                                    -0x1.5bd67f4471dfcp-44,
                                    -0x1.8546f183bebf2p-44,
                                    -0x1.294937d9f158fp-44,
                                    -0x1.7814f689f8434p-45,
                                    -0x1.d6b2aab993c87p-47,
                                    0x1.83c0e731f55c4p-44,
                                    -0x1.6791e99b72bd8p-45,
                                    -0x1.3e02f484c84ccp-46,
                                    -0x1.8d97dc9c7c238p-44};
/* exp: the bits of 2^(j/16) rounded, less j << 48 (so adding k << 48 for k = 16e + j gives
   2^e 2^(j/16)), and the relative tail (2^(j/16) - rounded) / rounded. */
static const uint64_t PE_SB[16] = {
    0x3ff0000000000000u, 0x3fefb5586cf9890fu, 0x3fef72b83c7d517bu, 0x3fef387a6e756238u,
    0x3fef06fe0a31b715u, 0x3feedea64c123422u, 0x3feebfdad5362a27u, 0x3feeab07dd485429u,
    0x3feea09e667f3bcdu, 0x3feea11473eb0187u, 0x3feeace5422aa0dbu, 0x3feec49182a3f090u,
    0x3feee89f995ad3adu, 0x3fef199bdd85529cu, 0x3fef5818dcfba487u, 0x3fefa4afa2a490dau};
static const double PE_TAIL[16] = {0x0.0p+0,
                                   0x1.79aa65d837b6dp-54,
                                   -0x1.01b15eaa59348p-55,
                                   0x1.68efde3a8a894p-54,
                                   0x1.34d754db0abb6p-55,
                                   0x1.59f48a72a4c6dp-55,
                                   0x1.690cebb7aafb0p-56,
                                   0x1.063e1e21c5409p-54,
                                   -0x1.3b3efbf5e2228p-54,
                                   -0x1.b32dcb94da51dp-56,
                                   0x1.db72fc1f0eab4p-55,
                                   0x1.1affc2b91ce27p-56,
                                   0x1.c1a7792cb3387p-55,
                                   0x1.36eae30af0cb3p-56,
                                   0x1.4a385a63d07a7p-56,
                                   -0x1.ff7128fd391f0p-55};
/* PE_SB as doubles (vd_lut16 reads doubles), filled once */
static double PE_SBD[16];

static const double LN2_HI42 = 0x1.62e42fefa3800p-1, LN2_LO42 = 0x1.ef35793c76730p-45;
static const double LN2 = 0x1.62e42fefa39efp-1, LN2_L = 0x1.abc9e3b39803fp-56;
static const double INVLN2 = 0x1.71547652b82fep+0, INVLN2_L = 0x1.777d0ffda0d24p-56;

/* The integer constants of log_dd and of power float64's tests. At avx512 they are read from
   this array, filled at run time: as literals GCC rebuilds each one inside power's log pass
   (movabs and a broadcast from a general register, a port-5 operation; too many constants for
   the 32 registers), from memory it broadcasts from the load ports. */
#if defined(__AVX512F__)
static uint64_t PK[9];
static const uint64_t PK_INIT[9] = {0x3fe6c00000000000u, 0xfff0000000000000u, 0x0010000000000000u,
                                    0x7fe0000000000000u, 0x1a70000000000000u, 0x4b00000000000000u,
                                    16, INT64_MAX, 0x3ff0000000000000u /* 1.0 */};
#define PKV(i, lit) ((vdu){0} + PK[i])
#define PKD(i, lit) ((vd)PKV(i, 0))
#else
#define PKV(i, lit) (lit)
#define PKD(i, lit) ((vd){0} + (lit))
#endif

/* ---- small helpers ---- */
/* T[i] for i in 0..31: two register permutes and a blend at avx512, a gather at avx2 */
static inline vd lut32(const double *T, vdi i) {
#if defined(__AVX512F__)
    __m512i j = (__m512i)i;
    __m512d lo = _mm512_permutex2var_pd(_mm512_loadu_pd(T), j, _mm512_loadu_pd(T + 8));
    __m512d hi = _mm512_permutex2var_pd(_mm512_loadu_pd(T + 16), j, _mm512_loadu_pd(T + 24));
    return (vd)_mm512_mask_blend_pd(_mm512_test_epi64_mask(j, (__m512i)PKV(6, 16)), lo, hi);
#else
    return vd_gather(T, i);
#endif
}

/* the high 12 bits of t as a signed integer (t >> 52), as a double */
static inline vd top12_d(vdi t) {
#if defined(__AVX512F__)
    return (vd)_mm512_cvtepi64_pd((__m512i)(t >> 52));
#else
    vdu u = (((vdu)t ^ 0x8000000000000000u) >> 52) | 0x4330000000000000u;
    return (vd)u - (0x1p52 + 2048);
#endif
}

/* a -1/0 lane mask from bit i for lane i */
static inline vdi vdi_from_bits(unsigned b) {
#if defined(__AVX512F__)
    return (vdi)_mm512_movm_epi64((__mmask8)b);
#else
    return ((vdi){1, 2, 4, 8} & (int64_t)b) != 0;
#endif
}
static inline vfi vfi_from_bits(unsigned b) {
#if defined(__AVX512F__)
    return (vfi)_mm512_movm_epi32((__mmask16)b);
#else
    return ((vfi){1, 2, 4, 8, 16, 32, 64, 128} & (int32_t)b) != 0;
#endif
}

/* ---- log_dd: log(x) = hi + *lo for positive normal x (+ xl, |xl| <= ulp(x), pre-scaled by
   2^-k when has_xl: the caller knows k).
   x = 2^k z, invc ~ 1/z from the table; p = z invc is ph + pl exactly (FMA), r = ph - 1 exact
   (Sterbenz), rh + rl = r + pl (Fast2Sum: r is 0 or a multiple of ulp(ph) >= |pl|). Then
   log x = k ln2 + logc + log1p(rh) + rl/(1 + rh), with t1 = k LN2_HI42 + logc exact, t2 = t1 + rh
   (Fast2Sum: |t1| >= |rh| unless t1 = 0, since the subintervals other than 1's have
   |logc| >= 2^-6 > |r|), -rh^2/2 = ar2 + ar2l exactly, and the rest rh^3 Q(rh) in double:
   Q = sum_{n<=8} (-1)^(n+1) 2/(n+3) rh^n, truncation below rh^12/12 < 2^-75, rounding a few
   2^-53 of |rh^3|/3 <= 2^-19.6, i.e. < 2^-71 absolute where |log x| >= 2^-7 (c != 1) and
   < 2^-65 |rh| where c = 1. With the other low parts (2^-53 of terms <= 2^-13 relative to
   the result) the double-double result is within ~2^-66 |log x|. */
static inline vd log_dd(vd x, vd xls, bool has_xl, vd *lo) {
    /* unsigned arithmetic: power's fast pass hands any bits here (a negative
       or NaN lane's result is discarded), and a signed difference could overflow */
    vdu ux = (vdu)x;
    vdi tmp = (vdi)(ux - PKV(0, 0x3fe6c00000000000u));
#if defined(__AVX512F__)
    vdi i = (vdi)((vdu)tmp >> 47); /* lut32 reads bits 0..4 only */
#else
    vdi i = (vdi)((vdu)tmp >> 47) & 31;
#endif
    vd z = (vd)(ux - ((vdu)tmp & PKV(1, 0xfff0000000000000u)));
    vd kd = top12_d(tmp);
    vd invc = lut32(PL_INVC, i), lc = lut32(PL_LOGC, i), lcl = lut32(PL_LOGCL, i);
    vd ph = z * invc;
    vd pl = vd_fms(z, invc, ph);
    if (has_xl) pl = vd_fma(xls, invc, pl);
    vd r = ph - 1.0;
    vd rh = r + pl, rl = (r - rh) + pl;
    vd t1 = vd_fma(kd, LN2_HI42, lc);
    vd t2 = t1 + rh;
    vd e2 = (t1 - t2) + rh;
    vd lo0 = vd_fma(kd, LN2_LO42, lcl) + e2 + vd_fnma(rl, rh, rl);
    vd ar = rh * -0.5, ar2 = rh * ar, ar2l = vd_fms(rh, ar, ar2);
    vd hi = t2 + ar2, lo4 = (t2 - hi) + ar2;
    vd ar3 = ar2 * rh;
    /* Horner: two operations fewer than Estrin's form, which the split loop (power's two
       passes) now favours over the shorter chain (power float64 1.1x faster); its roundings
       are a few 2^-53 of a term already below 2^-19.6 |log x|, as above. (The Estrin form
       had the n = 8 term at rh^9: within the truncation bound, but not the series.) */
    vd q = vd_fma(rh, -2.0 / 11, 1.0 / 5);
    q = vd_fma(q, rh, -2.0 / 9);
    q = vd_fma(q, rh, 1.0 / 4);
    q = vd_fma(q, rh, -2.0 / 7);
    q = vd_fma(q, rh, 1.0 / 3);
    q = vd_fma(q, rh, -2.0 / 5);
    q = vd_fma(q, rh, 1.0 / 2);
    q = vd_fma(q, rh, -2.0 / 3);
    vd s = lo0 + ar2l + lo4 + ar3 * q;
    vd yh = hi + s;
    *lo = (hi - yh) + s;
    return yh;
}

#if defined(__AVX512F__)
/* ---- log_dd_x: log_dd for power at avx512, with r exact in one FMA: the same 32 subintervals
   of z, but c = PX_INVC[i] chosen per subinterval on a grid that makes r = z c - 1 exact (c a
   multiple of 2^-g with |r| < 2^(1-g) for z >= 1, a multiple of 2^-52, or |r| < 2^-g for z < 1,
   a multiple of 2^-53: z c has at most 53 significant bits from r's top down), c = 1 on the
   subinterval holding 1, and PX_LOGC + PX_LOGCL = -log c as log_dd's tables (mpmath, 60
   digits). Then rh = r, rl = 0: the product's split (ph, pl, r + pl by Fast2Sum and its error
   term) goes, five operations. |r| <= 0.0198 (log_dd's 2^-6 = 0.0156 on the subinterval of 1,
   whose r is the same: z - 1); t1 = k LN2_HI42 + logc exact, t2 = t1 + r by Fast2Sum (|t1| >=
   0.0155 > |r| off the middle subinterval: 0.0155 against 0.0082 next to it below, 0.0317
   against 0.0161 above). The fitted q (PX_Q) errs by at most 2^-66.4 |log x|, and the
   rounding of ar3 q (3 2^-53 of |r^3/3|) is
   below 2^-64.9 |log x| on every subinterval: about 2^-64.5 relative in all, against log_dd's
   2^-66. For power (below) that is 2^-55 absolute in y log x at |y log x| = 708, 0.25 ULP
   (log_dd's: 0.09), so the bound becomes 0.5 + 0.25 + 0.12 (the exp half) < 0.9 ULP. */
static const double PX_INVC[32] = {
    0x1.6400000000000p+0, 0x1.5c00000000000p+0, 0x1.5400000000000p+0, 0x1.5000000000000p+0,
    0x1.4800000000000p+0, 0x1.4000000000000p+0, 0x1.3c00000000000p+0, 0x1.3400000000000p+0,
    0x1.3000000000000p+0, 0x1.2800000000000p+0, 0x1.2400000000000p+0, 0x1.2000000000000p+0,
    0x1.1c00000000000p+0, 0x1.1400000000000p+0, 0x1.1000000000000p+0, 0x1.0c00000000000p+0,
    0x1.0800000000000p+0, 0x1.0400000000000p+0, 0x1.0000000000000p+0, 0x1.f000000000000p-1,
    0x1.e000000000000p-1, 0x1.d400000000000p-1, 0x1.c800000000000p-1, 0x1.b800000000000p-1,
    0x1.b000000000000p-1, 0x1.a400000000000p-1, 0x1.9800000000000p-1, 0x1.9000000000000p-1,
    0x1.8800000000000p-1, 0x1.7c00000000000p-1, 0x1.7400000000000p-1, 0x1.6c00000000000p-1};
static const double PX_LOGC[32] = {
    -0x1.51aad872e0000p-2, -0x1.3a64c55694000p-2, -0x1.22941fbcf8000p-2, -0x1.1675cababa000p-2,
    -0x1.fb9186d5e4000p-3, -0x1.c8ff7c79aa000p-3, -0x1.af3c94e80c000p-3, -0x1.7ab890210e000p-3,
    -0x1.5ff3070a7a000p-3, -0x1.29552f8200000p-3, -0x1.0d77e7cd08000p-3, -0x1.e27076e2b0000p-4,
    -0x1.a926d3a4ac000p-4, -0x1.341d7961bc000p-4, -0x1.f0a30c0118000p-5, -0x1.77458f6330000p-5,
    -0x1.f829b0e780000p-6, -0x1.fc0a8b0fc0000p-7, 0x0.0p+0, 0x1.0415d89e78000p-5,
    0x1.08598b59e4000p-4, 0x1.700d30aeac000p-4, 0x1.da72763844000p-4, 0x1.365fcb015a000p-3,
    0x1.5bf406b544000p-3, 0x1.95a5adcf70000p-3, 0x1.d1037f2656000p-3, 0x1.f991c6cb3c000p-3,
    0x1.1178e8227e000p-2, 0x1.314f1e1d36000p-2, 0x1.4718dc271c000p-2, 0x1.5d5bddf596000p-2};
static const double PX_LOGCL[32] = {
    0x1.f4bd8db0a7cc1p-44, -0x1.7a71cbcd735d0p-44, 0x1.a6976f5eb0963p-44, -0x1.8380e731f55c4p-44,
    0x1.d572aab993c87p-47, 0x1.7794f689f8434p-45, 0x1.a4e633fcd9066p-52, 0x1.bdb9072534a58p-45,
    0x1.8586f183bebf2p-44, 0x1.5b967f4471dfcp-44, -0x1.cb2cd2ee2f482p-44, 0x1.a342c2af0003cp-45,
    -0x1.563650bd22a9cp-44, -0x1.1d09299837610p-44, 0x1.d599e83368e91p-45, 0x1.181dce586af09p-44,
    -0x1.980267c7e09e4p-45, -0x1.f1e7cf6d3a69cp-50, 0x0.0p+0, -0x1.dddc7f461c516p-44,
    -0x1.7e5dd7009902cp-46, 0x1.c1e8da99ded32p-49, 0x1.a89401fa71733p-46, -0x1.fd3a0afb9691bp-44,
    -0x1.27023eb68981cp-46, 0x1.7f22858a0ff6fp-47, -0x1.84a7e75b6f6e4p-47, -0x1.90d04cd7cc834p-44,
    0x1.1ef78ce2d07f2p-44, -0x1.8e27ad3213cb8p-45, 0x1.06c18fb4c14c5p-44, -0x1.a0b2a08a465dcp-47};
/* q(r) ~ -2 (log1p(r) - r + r^2/2) / r^3 (-2/3 + r/2 - 2r^2/5 ...) on [-0.0198, 0.0169], degree 7
   fitted (Lawson, weighted by r^2: |r^2 (q - that)| <= 2^-65.4, so ar3 q errs by at most 2^-66.4
   of |r|, and less of |log x|), one degree below the series log_dd needs */
static const double PX_Q[8] = {-0x1.5555555555555p-1, 0x1.ffffffffffeeap-2, -0x1.99999999a6eccp-2,
                               0x1.5555555a3233fp-2,  -0x1.2492470a073bfp-2, 0x1.ffff2edb3f29cp-3,
                               -0x1.c75f9212be5a1p-3, 0x1.9f21fb02028f0p-3};
static inline vd log_dd_x(vd x, vd *lo) {
    vdu ux = (vdu)x;
    vdi tmp = (vdi)(ux - PKV(0, 0x3fe6c00000000000u));
    vdi i = (vdi)((vdu)tmp >> 47); /* lut32 reads bits 0..4 only */
    vd z = (vd)(ux - ((vdu)tmp & PKV(1, 0xfff0000000000000u)));
    vd kd = top12_d(tmp);
    vd invc = lut32(PX_INVC, i), lc = lut32(PX_LOGC, i), lcl = lut32(PX_LOGCL, i);
    vd rh = vd_fms(z, invc, PKD(8, 1.0));
    vd t1 = vd_fma(kd, LN2_HI42, lc);
    vd t2 = t1 + rh;
    vd e2 = (t1 - t2) + rh;
    vd lo0 = vd_fma(kd, LN2_LO42, lcl) + e2;
    vd ar = rh * -0.5, ar2 = rh * ar, ar2l = vd_fms(rh, ar, ar2);
    vd hi = t2 + ar2, lo4 = (t2 - hi) + ar2;
    vd ar3 = ar2 * rh;
    vd q = vd_fma(rh, PX_Q[7], PX_Q[6]);
    for (int j = 5; j >= 0; j--) q = vd_fma(q, rh, PX_Q[j]);
    vd s = lo0 + ar2l + lo4 + ar3 * q;
    vd yh = hi + s;
    *lo = (hi - yh) + s;
    return yh;
}
#define POW_LOG_DD(x, lo) log_dd_x((x), (lo))
#else
#define POW_LOG_DD(x, lo) log_dd((x), (x), false, (lo))
#endif

/* ---- exp_dd: exp(eh + el) = sc (1 + tp) for |eh| <= 708, |el| <= 2^-40 |eh| or so.
   k = round(eh 16/ln2), r = eh - k ln2/16 (LHI: k*LHI exact in the FMA, and eh - k LHI is a
   multiple of 2^-57 below 2^-5.5 in magnitude, so exact; then - k LLO + el, two roundings of
   2^-53 |r|), 2^(j/16) = SB (1 + tail), exp(r) - 1 by its degree-7 Taylor polynomial (remainder
   r^8/8! < 2^-59 for |r| <= ln2/32 + 2^-40), tp = tail + p (the dropped tail*p < 2^-57.5).
   sc = 2^e 2^(j/16) is normal: e in [-1022, 1021] for |eh| <= 708. About 2^-57 relative. */
static inline vd exp_dd(vd eh, vd el, vd *tp) {
    vdi ki;
    vd kd = vd_round_i(eh * 0x1.71547652b82fep+4, &ki);
    vd r = vd_fnma(kd, 0x1.62e42fefa39efp-5, eh);
    r = vd_fnma(kd, 0x1.abc9e3b39803fp-60, r) + el;
    vd tail = vd_lut16(PE_TAIL, ki);
    vd sc = (vd)((vdi)vd_lut16(PE_SBD, ki) + (vdi)((vdu)ki << 48));
    /* Estrin (a shorter chain; the extra roundings are 2^-53 of terms below r^2/2 < 2^-12) */
    vd r2 = r * r, r4 = r2 * r2;
    vd q01 = vd_fma(r, 1.0 / 6, 0.5), q23 = vd_fma(r, 1.0 / 120, 1.0 / 24);
    vd q45 = vd_fma(r, 1.0 / 5040, 1.0 / 720);
    vd q = vd_fma(r4, q45, vd_fma(r2, q23, q01));
    vd p = vd_fma(r2, q, r);
    *tp = tail + p;
    return sc;
}

/* ---- power float64 ----
   pow(x, y) = exp(y log x): log x = lh + ll (log_dd, ~2^-66 relative), y (lh + ll) = eh + el
   (eh = y lh rounded, el its exact error by FMA plus y ll), then exp_dd and one rounding
   (fma(sc, tp, sc)). |eh| <= 708 on the fast path, so an absolute error of ~2^-66 * 708 < 2^-56
   in the argument; with exp_dd's ~2^-57 the result is within ~0.52 ULP before ... after its one
   rounding (about 0.5 + 2^-56/2^-53 ULP). Fast path: x positive normal, 2^-600 <= |y| <= 2^600
   (then y*lh and y*ll neither overflow nor underflow: |lh| is 0 or >= 2^-53) and the result
   normal (|eh| <= 708). Everything else (zeros, negative x, infinities, NaN, huge or tiny y,
   overflow and underflow) goes to SLEEF's pow with its fixups. */
/* the two halves, which the loop runs as separate passes over a block (below): the log half
   gives eh + el and the lanes on the fast path (the others computed on y = 1; x's own bits are
   harmless: log_dd maps any pattern to z in [0x1.6cp-1, 0x1.6cp0) and |k| <= 2048, raising
   nothing), the exp half the result from eh + el (0 off the path for the full vector; the
   fast pass never gives the exp half a vector with a lane off it) */
static inline vd pow_f64_log_(vd x, vd y, vd *el, vdi *okm, const int full) {
    vdi inx = (vdu)x - PKV(2, 0x0010000000000000u) < PKV(3, 0x7fe0000000000000u);
    vdi ay = (vdi)((vdu)y & PKV(7, INT64_MAX));
    vdi iny = (vdu)ay - PKV(4, 0x1a70000000000000u) < PKV(5, 0x4b00000000000000u);
    vdi in = inx & iny;
    y = vd_sel(in, y, PKD(8, 1.0));
    vd ll, lh = POW_LOG_DD(x, &ll);
    vd eh = y * lh;
    vd e = vd_fma(y, ll, vd_fms(y, lh, eh));
    vdi ok = in & (vd_abs(eh) <= 708.0);
    /* the fast pass never takes a vector with a lane off the path to the exp half */
    if (!full) {
        *el = e, *okm = ok;
        return eh;
    }
    *el = vd_sel(ok, e, (vd){0});
    *okm = ok;
    return vd_sel(ok, eh, (vd){0});
}
#if !defined(__AVX512F__)
static inline vd pow_f64_log(vd x, vd y, vd *el, vdi *okm) {
    return pow_f64_log_(x, y, el, okm, 0);
}
#else
/* the fast pass's log half at avx512 with the lane tests as k-masks throughout (as vdi, GCC
   built a vector from the compare's mask and moved it back for the pass's test: three uops);
   the same eh and el as pow_f64_log_ */
static inline vd pow_f64_logk(vd x, vd y, vd *el, __mmask8 *okm) {
    __mmask8 in = _mm512_cmplt_epu64_mask((__m512i)((vdu)x - PKV(2, 0)), (__m512i)PKV(3, 0));
    vdu ay = (vdu)y & PKV(7, 0);
    in = _mm512_mask_cmplt_epu64_mask(in, (__m512i)(ay - PKV(4, 0)), (__m512i)PKV(5, 0));
    y = _mm512_mask_blend_pd(in, PKD(8, 1.0), y);
    vd ll, lh = POW_LOG_DD(x, &ll);
    vd eh = y * lh;
    *el = vd_fma(y, ll, vd_fms(y, lh, eh));
    *okm = _mm512_mask_cmp_pd_mask(in, vd_abs(eh), (vd){0} + 708.0, _CMP_LE_OQ);
    return eh;
}
static inline bool pow_all_k(__mmask8 m) { return m == 0xff; }
#endif
#if defined(__AVX512F__)
/* the exp half at avx512: as exp_dd, but k/16 is kept as a double, kq = round(eh/ln2 to 4
   fraction bits), from one FMA with the shifter 1.5 2^48 (ulp 2^-4), whose low 4 bits are the
   table index as the permute reads it; 2^floor(kq) is applied by vscalefpd to the rounded
   result, and e^r - 1 = r q(r) by Horner with q = 1 + r/2 + c3 r^2 + ... + c6 r^5 fitted
   (Lawson; tools/fit_exp64.py) to minimize the error of r q relative to e^r on |r| <= ln2/32
   (2^-56.2; el moves r past that by at most 2^-30: no matter). The dropped tail*p and the
   roundings of r (three, 2^-53 |r| each), of r q (2^-58) and of tail + r q as for exp_dd: about
   2^-56 relative in all before the final rounding. 7 vector operations fewer than exp_dd. */
static double PE_H[16]; /* 2^(j/16) rounded: PE_SB's bits plus j << 48 */
static const double PE_C[7] = {1.0, 1.0, 0.5, 0x1.55555554900ecp-3, 0x1.55555555e9095p-5,
                               0x1.11123a6161ddap-7, 0x1.6c16cef79a807p-10};
static inline vd pow_f64_exp(vd eh, vd el) {
    vd m = vd_fma(eh, INVLN2, 0x1.8p48);
    vd kq = m - 0x1.8p48;
    vd r = vd_fnma(kq, LN2, eh);
    r = vd_fnma(kq, LN2_L, r) + el;
    vd q = vd_fma(PE_C[6], r, PE_C[5]);
    for (int i = 4; i >= 1; i--) q = vd_fma(q, r, PE_C[i]);
    vd p = vd_fma(r, q, vd_lut16(PE_TAIL, (vdi)m)), h = vd_lut16(PE_H, (vdi)m);
    return (vd)_mm512_scalef_pd((__m512d)vd_fma(h, p, h), (__m512d)kq);
}
#else
static inline vd pow_f64_exp(vd eh, vd el) {
    vd tp, sc = exp_dd(eh, el, &tp);
    return vd_fma(sc, tp, sc);
}
#endif
static inline vd pow_f64_v(vd x, vd y, unsigned *okb) {
    vdi ok;
    vd el, eh = pow_f64_log_(x, y, &el, &ok, 1);
    *okb = vdi_bits(ok);
    return pow_f64_exp(eh, el);
}

/* ---- cbrt ----
   float64: |x| = 2^e m, m in [1, 2), e = E - 1023 from the biased exponent E; q = round(e/3)
   by the shifter 1.5 2^52 in one FMA (e/3 is an integer or within 1/3 of one, far from a
   rounding boundary), so e = 3q + rem with rem in {-1, 0, 1}, and a = 2^rem m = |x| 2^-3q by
   subtracting 3q from the exponent bits (unsigned: q may be negative); cbrt|x| = 2^q cbrt(a).
   u ~ a^(-1/3) = P(m) 2^(-rem/3), P of degree 5 fit to m^(-1/3) on [1, 2] (relative 2^-17.2),
   refined once by Newton (u += u (1 - a u^3)/3: relative error 2 e^2 < 2^-33).
   y0 = a u^2, then one Newton step for cbrt with an exact residual: y0^3 - a = y0 (s + sl) - a
   with s + sl = y0^2 exactly (FMA), and 1/(3 y0^2) ~ u^2/3: y = y0 - (y0^3 - a) u^2/3.
   The step's error is ~e0^2 with e0 (~2^-32) the relative error of y0, plus e(u^2) times the
   correction (~e0): ~2^-63, then one rounding: within 0.5 + 2^-10 ULP. Fast path: |x| normal;
   zeros, subnormals, infinities and NaN go to SLEEF. */
/* 2^(-rem/3) by the low four bits of 1023 + rem */
static const double ICBRT_REM[16] = {
    [0] = 0x1.965fea53d6e3dp-1, [14] = 0x1.428a2f98d728bp+0, [15] = 1.0};

static inline vd cbrt_f64_v(vd x, unsigned *okb) {
    vdi ax = (vdi)x & INT64_MAX;
    vdi ok = (vdu)(ax - 0x0010000000000000) < 0x7fe0000000000000u;
    ax = vdi_sel(ok, ax, (vdi){0} + 0x3ff0000000000000);
#if defined(__AVX512F__)
    /* the same split by getexp/getmant/scalef (exact for normal ax): fewer operations */
    vd e = (vd)_mm512_getexp_pd((__m512d)ax);
    vd qd = vd_fma(e, 1.0 / 3, 0x1.8p52) - 0x1.8p52;
    vd m = (vd)_mm512_getmant_pd((__m512d)ax, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_zero);
    vd a = (vd)_mm512_scalef_pd((__m512d)m, (__m512d)vd_fnma(qd, 3.0, e));
#else
    vd e = (vd)(((vdu)ax >> 52) | 0x4330000000000000u) - (0x1p52 + 1023);
    vdi q = (vdi)vd_fma(e, 1.0 / 3, 0x1.8p52) - 0x4338000000000000;
    vdu q52 = (vdu)q << 52;
    vd a = (vd)((vdu)ax - q52 - (q52 + q52));
    vd m = (vd)((ax & 0x000fffffffffffff) | 0x3ff0000000000000);
#endif
    vd u = m * -0x1.103ba49cebd4cp-6 + 0x1.396aaa305fb08p-3;
    u = vd_fma(u, m, -0x1.2d7e6742e2472p-1);
    u = vd_fma(u, m, 0x1.3b07abbf9bab4p+0);
    u = vd_fma(u, m, -0x1.8e779141c19d7p+0);
    u = vd_fma(u, m, 0x1.c74242f935d30p+0);
    u = u * vd_lut16(ICBRT_REM, (vdi)((vdu)a >> 52) & 15);
    vd t = vd_fnma(a, u * u * u, (vd){0} + 1.0);
    u = vd_fma(u * (1.0 / 3), t, u);
    vd uu = u * u;
    vd y = a * uu;
    vd s = y * y, sl = vd_fms(y, y, s);
    vd res = vd_fma(y, sl, vd_fms(y, s, a));
    y = vd_fnma(res, uu * (1.0 / 3), y);
#if defined(__AVX512F__)
    y = (vd)_mm512_scalef_pd((__m512d)y, (__m512d)qd);
#else
    y = (vd)((vdu)y + q52);
#endif
    *okb = vdi_bits(ok);
    return (vd)((vdi)y | ((vdi)x & INT64_MIN));
}

/* ---- hypot float32, natively: with a = max(|x|, |y|), b = min, both as bits (integer compares
   raise nothing on NaN), the fast path is 2^-50 <= a <= 2^50: a^2 in [2^-100, 2^100] is normal
   and its FMA low part a multiple of 2^-149 (exact, or within 2^-150 < 2^-50 a^2 once it is
   subnormal); b^2 and its low part may underflow, losing at most 2^-149 against
   a^2 >= 2^-100. s = a^2 + b^2 = sh + sl: each square
   exact as hi + lo (FMA), hi parts by Fast2Sum (a^2 >= b^2), the low parts added to sl with
   errors of 2^-24 |sl| <= 2^-46 s. h = sqrt(sh) rounded, sh - h^2 exact (FMA), and
   sqrt(s) = h + (sh - h^2 + sl)/(2h) + O(2^-48 h): the correction is below 2^-23 h, so 1/h to
   12 bits (h times rcp(sh), which starts beside the square root) leaves 2^-35 h. Before the last
   rounding the error is below 2^-34 relative: within 0.5 + 2^-10 ULP. Lanes off the path (zeros
   with zeros, huge or tiny, inf, NaN) go to the SLEEF loop this overlays (vf_patch2: its fixups and
   its flags). */
static inline vf hypot_f32_v(vf x, vf y, unsigned *okb) {
    vfi ax = (vfi)x & INT32_MAX, ay = (vfi)y & INT32_MAX;
    vfi gt = ax > ay;
    vfi ai = vfi_sel(gt, ax, ay), bi = vfi_sel(gt, ay, ax);
    vfi ok = (vfu)(ai - 0x26800000) <= 0x58800000u - 0x26800000u; /* 2^-50 .. 2^50 */
    vf a = (vf)vfi_sel(ok, ai, (vfi){0} + 0x3f800000), b = (vf)(bi & ok);
    vf aa = a * a, aal = vf_fms(a, a, aa);
    vf bb = b * b, bbl = vf_fms(b, b, bb);
    vf sh = aa + bb;
    vf sl = ((aa - sh) + bb) + (aal + bbl);
#if defined(__AVX512F__)
    vf rc = (vf)_mm512_rcp14_ps((__m512)sh);
#else
    vf rc = (vf)_mm256_rcp_ps((__m256)sh);
#endif
    vf h = vf_sqrt(sh);
    vf r = vf_fnma(h, h, sh) + sl;
    *okb = vfi_bits(ok);
    return vf_fma(r * 0.5f, h * rc, h);
}

/* ---- logaddexp, logaddexp2 (NumPy's definition: max + log1p(exp(-|a - b|)), in base 2 for
   logaddexp2) ----
   With m = max, n = min: d = m - n is dh + dl exactly (TwoSum), t = exp(-d) (exp_dd on
   -(dh + dl), or -(dh + dl) ln2 as a double-double for base 2) as th (1 + tp), w = 1 + t as
   wh + wl (Fast2Sum, th <= 1), L = log(w) by log_dd with the low part (~2^-66), /ln2 as a
   double-double for base 2; the result m + L rounds once after a TwoSum. L's error is about
   2^-57 relative (exp_dd's), so where m >= 0 (no cancellation: the result is >= L) or
   m <= -2 (|result| >= 1, L's error <= 2^-57) the result is within ~0.52 ULP. Between -2 and 0
   the sum can cancel (the result is 0 on the curve e^a + e^b = 1): those lanes, and d > 700,
   infinities and NaN, go to the loop this overlays (ew_float.c: the first in long double, the
   others by NumPy's formula with libm, its flags). float32 uses the float64
   computation on the widened inputs and rounds once more (0.5 ULP + 2^-28). */
static inline vd lae_f64_v(vd a, vd b, bool base2, unsigned *okb) {
    /* infinities and NaN leave first, by quiet compares, so that nothing
       below meets them (inf - inf, maxpd of a NaN and < on a NaN all raise
       invalid, which NumPy does not for logaddexp(0, inf)) */
    vdi fin = vd_le(vd_abs(a), (vd){0} + DBL_MAX) & vd_le(vd_abs(b), (vd){0} + DBL_MAX);
    a = vd_sel(fin, a, (vd){0}), b = vd_sel(fin, b, (vd){0});
    vd m = vd_max(a, b), n = vd_min(a, b);
    vd dh = m - n;
    vd bb = dh - m;
    vd dl = (m - (dh - bb)) - (n + bb);
    vdi ok = fin & (dh <= 700.0) & ((m >= 0.0) | (m <= -2.0));
    m = vd_sel(ok, m, (vd){0});
    dh = vd_sel(ok, dh, (vd){0});
    dl = vd_sel(ok, dl, (vd){0});
    vd eh = -dh, el = -dl;
    if (base2) {
        eh = dh * -LN2;
        el = vd_fnma(dl, (vd){0} + LN2, vd_fnma(dh, (vd){0} + LN2_L, vd_fms(dh, -LN2, eh)));
    }
    vd tp, th = exp_dd(eh, el, &tp);
    vd tl = th * tp;
    vd wh = 1.0 + th;
    vd wl = ((1.0 - wh) + th) + tl;
    vd wls = vd_sel(wh >= 0x1.6cp0, wl * 0.5, wl);
    vd ll, lh = log_dd(wh, wls, true, &ll);
    /* t < 2^-40: 1 + t lost t's low bits in wl, but log1p(t) = t - t^2/2 to 2^-80 */
    vdi tiny = th < 0x1p-40;
    lh = vd_sel(tiny, th, lh);
    vd t = th + tl;
    ll = vd_sel(tiny, vd_fnma(t * 0.5, t, tl), ll);
    if (base2) {
        vd h = lh * INVLN2;
        ll = vd_fma(ll, (vd){0} + INVLN2, vd_fma(lh, (vd){0} + INVLN2_L, vd_fms(lh, INVLN2, h)));
        lh = h;
    }
    vd s = m + lh;
    vd sb = s - m;
    vd e = (m - (s - sb)) + (lh - sb);
    *okb = vdi_bits(ok);
    return s + (e + ll);
}

static inline vf lae_f32_v(vf a, vf b, bool base2, unsigned *okb) {
    vd al, ah, bl, bh;
    vf_to_vd2(a, &al, &ah);
    vf_to_vd2(b, &bl, &bh);
    unsigned kl, kh;
    vd rl = lae_f64_v(al, bl, base2, &kl), rh = lae_f64_v(ah, bh, base2, &kh);
    *okb = kl | kh << ND_LD;
    return vd2_to_vf(rl, rh);
}

/* Like vd_patch2/vf_patch2, but the overlaid kernel sees only the slow lanes: logaddexp's slow
   lanes cost a long double evaluation each, and a vector has ~1 in 50 of them on typical data. */
#define PATCH2_COMPACT(name, V, T, L)                                                              \
    static inline V name(unsigned bits, V y, nd_kloop k, V a, V b) {                               \
        if (bits == (1u << L) - 1) return y;                                                       \
        T ia[L], ib[L], out[L], ys[L], va[L], vb[L];                                               \
        int idx[L], n = 0;                                                                         \
        memcpy(va, &a, sizeof va), memcpy(vb, &b, sizeof vb), memcpy(ys, &y, sizeof ys);           \
        for (int i = 0; i < L; i++)                                                                \
            if (!(bits >> i & 1)) ia[n] = va[i], ib[n] = vb[i], idx[n++] = i;                      \
        char *args[3] = {(char *)ia, (char *)ib, (char *)out};                                     \
        int64_t steps[3] = {sizeof(T), sizeof(T), sizeof(T)};                                      \
        k(args, steps, n);                                                                         \
        for (int j = 0; j < n; j++) ys[idx[j]] = out[j];                                           \
        memcpy(&y, ys, sizeof ys);                                                                 \
        return y;                                                                                  \
    }
PATCH2_COMPACT(vd_patch2c, vd, double, ND_LD)
PATCH2_COMPACT(vf_patch2c, vf, float, ND_LF)
static inline unsigned id_bits(unsigned b) { return b; }

/* ---- the loops ---- */
#define ALL_D ((1u << ND_LD) - 1)
#define ALL_F ((1u << ND_LF) - 1)

#define VM_BINARY(name, T, V, LD, ST, ALL, CORE, PATCH2, FROMBITS, SLOW)                           \
    static inline bool name##_fast(const T *a, const T *b, T *out) {                               \
        unsigned ok;                                                                               \
        V y = CORE(LD(a), LD(b), &ok);                                                             \
        if (ok != ALL) return false;                                                               \
        ST(out, y);                                                                                \
        return true;                                                                               \
    }                                                                                              \
    static inline void name##_full(const T *a, const T *b, T *out) {                               \
        unsigned ok;                                                                               \
        V x = LD(a), z = LD(b);                                                                    \
        V y = CORE(x, z, &ok);                                                                     \
        ST(out, PATCH2(FROMBITS(ok), y, SLOW, x, z));                                              \
    }

static inline vd lae_f64_e(vd a, vd b, unsigned *ok) { return lae_f64_v(a, b, false, ok); }
static inline vd lae_f64_2(vd a, vd b, unsigned *ok) { return lae_f64_v(a, b, true, ok); }
static inline vf lae_f32_e(vf a, vf b, unsigned *ok) { return lae_f32_v(a, b, false, ok); }
static inline vf lae_f32_2(vf a, vf b, unsigned *ok) { return lae_f32_v(a, b, true, ok); }

VM_BINARY(lae64, double, vd, vd_ld, vd_st, ALL_D, lae_f64_e, vd_patch2c, id_bits, old_lae_f64)
VM_BINARY(lae32, float, vf, vf_ld, vf_st, ALL_F, lae_f32_e, vf_patch2c, id_bits, old_lae_f32)
VM_BINARY(lae2_64, double, vd, vd_ld, vd_st, ALL_D, lae_f64_2, vd_patch2c, id_bits, old_lae2_f64)
VM_BINARY(lae2_32, float, vf, vf_ld, vf_st, ALL_F, lae_f32_2, vf_patch2c, id_bits, old_lae2_f32)

/* the vector-level makers: both vectors of a step tested before either is stored, so the
   loop keeps its constants in registers (the pointer-level maker reloaded them) */
#include "generic/vm_pow_split.h"
#if defined(__AVX512F__)
POW_SPLIT(k_pow_f64, double, vd, __mmask8, ND_LD, vd_ld, vd_st, pow_all_k, vdi_from_bits,
          pow_f64_logk, pow_f64_exp, pow_f64_v, vd_patch2, slow_pow_f64)
#else
POW_SPLIT(k_pow_f64, double, vd, vdi, ND_LD, vd_ld, vd_st, vdi_all, vdi_from_bits, pow_f64_log,
          pow_f64_exp, pow_f64_v, vd_patch2, slow_pow_f64)
#endif
ND_VMATH_UNARY_CORE(k_cbrt_f64, double, cbrt_f64_v, vdi_from_bits, slow_cbrt_f64)
ND_VMATH_BINARY_CORE(k_hypot_f32, float, hypot_f32_v, vfi_from_bits, slow_hypot_f32)
ND_VMATH_BINARY(k_lae_f64, double, ND_LD, lae64_fast, lae64_full)
ND_VMATH_BINARY(k_lae_f32, float, ND_LF, lae32_fast, lae32_full)
ND_VMATH_BINARY(k_lae2_f64, double, ND_LD, lae2_64_fast, lae2_64_full)
ND_VMATH_BINARY(k_lae2_f32, float, ND_LF, lae2_32_fast, lae2_32_full)
#endif /* ND_VMATH */

void ND_K(nd_kfill_vm_pow)(nd_ktable *t) {
#ifdef ND_VMATH
    memcpy(PE_SBD, PE_SB, sizeof PE_SBD);
#if defined(__AVX512F__)
    memcpy(PK, PK_INIT, sizeof PK);
    for (int j = 0; j < 16; j++) {
        uint64_t b = PE_SB[j] + ((uint64_t)j << 48);
        memcpy(&PE_H[j], &b, sizeof b);
    }
#endif
    slow_pow_f64 = t->loops[ND_KOP_POWER][ND_FLOAT64];
    slow_cbrt_f64 = t->loops[ND_KOP_CBRT][ND_FLOAT64];
    old_lae_f64 = t->loops[ND_KOP_LOGADDEXP][ND_FLOAT64];
    old_lae_f32 = t->loops[ND_KOP_LOGADDEXP][ND_FLOAT32];
    old_lae2_f64 = t->loops[ND_KOP_LOGADDEXP2][ND_FLOAT64];
    old_lae2_f32 = t->loops[ND_KOP_LOGADDEXP2][ND_FLOAT32];
    ND_REG(t, POWER, float64, k_pow_f64);
    ND_REG(t, CBRT, float64, k_cbrt_f64);
    slow_hypot_f32 = t->loops[ND_KOP_HYPOT][ND_FLOAT32];
    ND_REG(t, HYPOT, float32, k_hypot_f32);
    ND_REG(t, LOGADDEXP, float64, k_lae_f64);
    ND_REG(t, LOGADDEXP, float32, k_lae_f32);
    ND_REG(t, LOGADDEXP2, float64, k_lae2_f64);
    ND_REG(t, LOGADDEXP2, float32, k_lae2_f32);
#else
    (void)t;
#endif
}
