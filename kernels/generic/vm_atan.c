/* nd's own vector kernels of the arctangent family (arctan, arctan2, arcsin, arccos) at the
   avx2 and avx512 levels, overlaying SLEEF's (ew_math.c) from one source through vmath.h.
   Lanes off a kernel's fast path (NaN, tiny or huge arguments, the zero/zero and infinite
   cases of arctan2) go through the SLEEF kernel overlaid, which has NumPy's special values
   and flags. Error bounds are by analysis; the accuracy suite checks them against MPFR
   (docs/accuracy.md has the measured maxima).

   float64 arctangent core: atan(a/b) for 0 <= a <= b, as A_j + atan(r) with C_j = j/15
   (j = 0..15, a 16-entry table held in registers at avx512, where C_j is moved slightly
   so that A_j is a double to 2^-68: see the tables), j picked from an approximate
   a/b (14-bit reciprocal) so that |a/b - C_j| <= 0.52/15: r = (a - C b)/(b + C a),
   |r| <= 0.0348, and atan(r) = r + r^3 P(r^2) with P of degree 3 fitted on |r| <= 0.035
   (error 2^-58.8 |r|). The bins are shifted by 0.02 so that a >= C b / 2 in
   every bin, which makes a - C b exact (Sterbenz) once C b is split exactly (two-product):
   the numerator is a double-double, so is the denominator (b - den is exact, den being
   within [b, 2b]), and the quotient's remainder is taken with them, so r + r_lo is
   a/b's reduction to about 2^-56 relative even where atan(r) cancels most of A_j (first
   bins). A_j + r is then split exactly (Fast2Sum, |A_j| >= |r| or A_j = 0), and every
   other term is below ulp/16 of the result: the result is the final rounding (0.5 ULP)
   plus about 0.03 ULP. The quotient num/den is one vdivpd (replacing it at avx512 by
   rcp14 and two Newton steps gave the same bits and no speed on the Intel host either:
   the loop is bound by the two 512-bit ports, not the divider); r_lo's reciprocal is the
   14-bit estimate at avx512 and a division at avx2; r + r_lo does not depend on it beyond
   2^-56. */
#include <math.h>

#include "generic/vmath.h"

#ifdef ND_VMATH

/* the kernels overlaid, for the lanes off the fast paths */
static nd_kloop slow_atan_f64, slow_atan2_f64, slow_asin_f64, slow_acos_f64, slow_atan2_f32,
    slow_atan_f32, slow_asin_f32, slow_acos_f32;

/* Fast-path tests as lane masks straight from the compares. Unary kernels give the lanes
   OFF the fast path (quiet negated predicates: NaN is off and raises nothing), so that at
   avx512 a pair of vectors is one kortest of two k-masks (no kmov to a general register,
   no or/and/cmp there); binary kernels give the lanes on it (kand + kortest). At avx2
   the masks are movemask bits. */
#if defined(__AVX512F__)
typedef __mmask16 vfk;
typedef __mmask8 vdk;
#define VF_K(a, b, p) _mm512_cmp_ps_mask((a), (b), (p))
#define VD_K(a, b, p) _mm512_cmp_pd_mask((a), (b), (p))
/* (a p b) in the lanes of m (a masked compare: no separate kand) */
#define VF_K_AND(m, a, b, p) _mm512_mask_cmp_ps_mask((m), (a), (b), (p))
#define VD_K_AND(m, a, b, p) _mm512_mask_cmp_pd_mask((m), (a), (b), (p))
#define VF_NONE2(a, b) _kortestz_mask16_u8((a), (b))
#define VD_NONE2(a, b) _kortestz_mask8_u8((a), (b))
static inline bool vf_all2(vfk a, vfk b) {
    vfk m = _kand_mask16(a, b);
    return _kortestc_mask16_u8(m, m);
}
static inline bool vd_all2(vdk a, vdk b) {
    vdk m = _kand_mask8(a, b);
    return _kortestc_mask8_u8(m, m);
}
#else
typedef unsigned vfk, vdk;
#define VF_K(a, b, p) ((unsigned)_mm256_movemask_ps(_mm256_cmp_ps((a), (b), (p))))
#define VD_K(a, b, p) ((unsigned)_mm256_movemask_pd(_mm256_cmp_pd((a), (b), (p))))
#define VF_K_AND(m, a, b, p) ((m) & VF_K((a), (b), (p)))
#define VD_K_AND(m, a, b, p) ((m) & VD_K((a), (b), (p)))
#define VF_NONE2(a, b) (((a) | (b)) == 0)
#define VD_NONE2(a, b) (((a) | (b)) == 0)
static inline bool vf_all2(vfk a, vfk b) { return (a & b) == (1u << ND_LF) - 1; }
static inline bool vd_all2(vdk a, vdk b) { return (a & b) == (1u << ND_LD) - 1; }
#endif

/* float32 lane masks as compare results: a k-mask at avx512 (a select is then one
   blend, with no conversion of the mask to a vector), a vector mask at avx2 */
#if defined(__AVX512F__)
typedef __mmask16 vfm;
#define VFM_CMP(a, b, p) _mm512_cmp_ps_mask((a), (b), (p))
static inline vf vfm_sel(vfm m, vf a, vf b) { return _mm512_mask_blend_ps(m, b, a); }
static inline vf vfm_zero_unless(vfm m, vf a) { return _mm512_maskz_mov_ps(m, a); }
/* an operation in the lanes of m, src elsewhere: merge-masking, one instruction where a
   select after the operation would be two */
static inline vf vfm_mul_or(vfm m, vf a, vf b, vf src) { return _mm512_mask_mul_ps(src, m, a, b); }
static inline vf vfm_add_or(vfm m, vf a, vf b, vf src) { return _mm512_mask_add_ps(src, m, a, b); }
static inline vf vfm_sub_or(vfm m, vf a, vf b, vf src) { return _mm512_mask_sub_ps(src, m, a, b); }
static inline vf vfm_add_z(vfm m, vf a, vf b) { return _mm512_maskz_add_ps(m, a, b); }
static inline vf vfm_mul_z(vfm m, vf a, vf b) { return _mm512_maskz_mul_ps(m, a, b); }
/* m ? a b + c : a */
static inline vf vfm_fma_or_a(vfm m, vf a, vf b, vf c) { return _mm512_mask_fmadd_ps(a, m, b, c); }
#define VFM_NEG(x) _mm512_movepi32_mask((__m512i)(x)) /* sign bit set */
#else
#define VFM_NEG(x) ((vfi)(x) < 0)
typedef vfi vfm;
#define VFM_CMP(a, b, p) ND_VCMP_F((a), (b), (p))
static inline vf vfm_sel(vfm m, vf a, vf b) { return vf_sel(m, a, b); }
static inline vf vfm_zero_unless(vfm m, vf a) { return (vf)((vfi)a & m); }
/* the merge-masked forms both levels use (the others are avx512's only) */
static inline vf vfm_add_or(vfm m, vf a, vf b, vf src) { return vf_sel(m, a + b, src); }
static inline vf vfm_mul_z(vfm m, vf a, vf b) { return (vf)((vfi)(a * b) & m); }
#endif
/* the same for float64 */
#if defined(__AVX512F__)
typedef __mmask8 vdm;
#define VDM_CMP(a, b, p) _mm512_cmp_pd_mask((a), (b), (p))
#define VDM_NEG(x) _mm512_movepi64_mask((__m512i)(x)) /* sign bit set */
static inline vd vdm_sel(vdm m, vd a, vd b) { return _mm512_mask_blend_pd(m, b, a); }
static inline vd vdm_zero_unless(vdm m, vd a) { return _mm512_maskz_mov_pd(m, a); }
static inline vd vdm_mul_or(vdm m, vd a, vd b, vd src) { return _mm512_mask_mul_pd(src, m, a, b); }
static inline vd vdm_add_or(vdm m, vd a, vd b, vd src) { return _mm512_mask_add_pd(src, m, a, b); }
static inline vd vdm_sub_or(vdm m, vd a, vd b, vd src) { return _mm512_mask_sub_pd(src, m, a, b); }
/* -a in the lanes of m */
static inline vd vdm_neg(vdm m, vd a) { return _mm512_mask_xor_pd(a, m, a, (vd)((vdi){0} | INT64_MIN)); }
static inline vd vdm_add_z(vdm m, vd a, vd b) { return _mm512_maskz_add_pd(m, a, b); }
static inline vd vdm_fma_or_a(vdm m, vd a, vd b, vd c) { return _mm512_mask_fmadd_pd(a, m, b, c); }
#else
typedef vdi vdm;
#define VDM_CMP(a, b, p) ND_VCMP_D((a), (b), (p))
#define VDM_NEG(x) ((vdi)(x) < 0)
static inline vd vdm_sel(vdm m, vd a, vd b) { return vd_sel(m, a, b); }
static inline vd vdm_zero_unless(vdm m, vd a) { return (vd)((vdi)a & m); }
static inline vd vdm_sub_or(vdm m, vd a, vd b, vd src) { return vd_sel(m, a - b, src); }
static inline vd vdm_neg(vdm m, vd a) { return (vd)((vdi)a ^ (m & INT64_MIN)); }
#endif

/* The contiguous loops: both vectors of a step tested before either is stored (as
   vmath.h's ND_VMATH_UNARY_OK / _BINARY_OK), the test on masks straight from the
   compares (above): at avx512 k-masks and one kortest, where the vector-mask form went
   through a vector and back to a mask (about 10% of arctan float32's loop).
   Unary: BADK(x) the lanes off the fast path, NONE2 the pair test; binary: OKK(y, x) the
   lanes on it, ALL2 the pair test. */
#define VM_UNARY_BITS(name, T, BADK, NONE2, FASTV, FULLV)                                          \
    static inline bool name##_pair(ND_VM_(V, T) a, ND_VM_(V, T) b, ND_VM_(V, T) * ya,              \
                                   ND_VM_(V, T) * yb) {                                            \
        if (!NONE2(BADK(a), BADK(b))) return false;                                                \
        *ya = FASTV(a);                                                                            \
        *yb = FASTV(b);                                                                            \
        return true;                                                                               \
    }                                                                                              \
    ND_VMATH_UNARY_PAIR_(name, T, FULLV)
#define VM_BINARY_BITS(name, T, OKK, ALL2, FASTV, FULLV)                                           \
    static inline bool name##_pair(ND_VM_(V, T) a0, ND_VM_(V, T) b0, ND_VM_(V, T) a1,              \
                                   ND_VM_(V, T) b1, ND_VM_(V, T) * y0, ND_VM_(V, T) * y1) {        \
        if (!ALL2(OKK(a0, b0), OKK(a1, b1))) return false;                                         \
        *y0 = FASTV(a0, b0);                                                                       \
        *y1 = FASTV(a1, b1);                                                                       \
        return true;                                                                               \
    }                                                                                              \
    ND_VMATH_BINARY_PAIR_(name, T, FULLV)

/* ---- reciprocals ---- */
#if defined(__AVX512F__)
static inline vd vd_rcp_est(vd x) { return _mm512_rcp14_pd(x); } /* 2^-14 relative */
static inline void vd_sqrt_dd(vd z, vd *s, vd *sl) {
    vd r = vd_sqrt(z);
    *s = r;
    *sl = vd_fnma(r, r, z) * (0.5 * _mm512_rsqrt14_pd(vd_max(z, (vd){0} + 0x1p-200)));
}
#else
static inline vd vd_rcp_est(vd x) { return 1.0 / x; }
static inline void vd_sqrt_dd(vd z, vd *s, vd *sl) {
    vd r = vd_sqrt(z);
    *s = r;
    *sl = vd_fnma(r, r, z) * (0.5 / vd_max(r, (vd){0} + 0x1p-200));
}
#endif

/* ---- the float64 core ---- */
/* atan(C_j) = AH + AL, C_j = j * (1/15) as the kernel computes it; from long double
   (64-bit significand). AH is a multiple of 2^-52, so that pi/2 - atan(C_j) =
   (PIO2_HI - AH) + (PIO2_LO - AL) has an exact high part (in [pi/4, pi/2]): arctan's
   t > 1 lanes derive it from the same two lookups */
static double AH[16], AL[16], CT[16];
static const double PIO2_HI = 0x1.921fb54442d18p0, PIO2_LO = 0x1.1a62633145c07p-54;
static const double PI_HI = 0x1.921fb54442d18p1; /* its low part is 2 PIO2_LO */

#if defined(__AVX512F__)
/* At avx512 (where C_j is a table lookup, not j/15 computed) C_j is moved from j/15 by at
   most 1.3e-5 (|r| <= 0.03468 still, inside the tail's fit) to a double whose atan is a
   multiple of 2^-52 to within 3.2e-21 (searched with mpmath at 110 bits over C_j = j/15 +
   m 2^-33): AH = atan(C_j) rounded, and AL (<= 2^-68, below 2^-10 ULP of any result it
   enters, all >= 0.0347 for j >= 1) is dropped with its lookup */
#define ATAN_NO_AL 1
static const double CT_X[16] = {
    0x0p0,                 0x1.111039b911111p-4, 0x1.1117dee111111p-3, 0x1.9997d5699999ap-3,
    0x1.1111293511111p-2, 0x1.555534c955555p-2, 0x1.9999628b9999ap-2, 0x1.ddde043dddddep-2,
    0x1.111202e611111p-1, 0x1.333325ce33333p-1, 0x1.5555964955555p-1, 0x1.7777aa8477777p-1,
    0x1.999a76479999ap-1, 0x1.bbbbb163bbbbcp-1, 0x1.ddddc85fddddep-1, 0x1.ffffdd7900000p-1};
static const double AH_X[16] = {
    0x0p0,                 0x1.10a8f101e0930p-4, 0x1.0f7ddce487bb0p-3, 0x1.94426cc3aeaf8p-3,
    0x1.0adb7100f7430p-2, 0x1.4978dce79cd9cp-2, 0x1.85a3474076facp-2, 0x1.bf1b5032edfb8p-2,
    0x1.f5b8d82097018p-2, 0x1.14b1d3863dde2p-1, 0x1.2d0eda5814d26p-1, 0x1.43f7c8f474366p-1,
    0x1.59782b9fb1faap-1, 0x1.6d9d45e1a6ab4p-1, 0x1.8079baacbafe4p-1, 0x1.921fa400c23c8p-1};
#else
#define ATAN_NO_AL 0
#endif

static void init_tables(void) {
#if ATAN_NO_AL
    for (int j = 0; j < 16; j++) CT[j] = CT_X[j], AH[j] = AH_X[j], AL[j] = 0;
    return;
#endif
    for (int j = 0; j < 16; j++) {
        double c = (double)j * (1.0 / 15);
        CT[j] = c;
        long double a = atanl((long double)c);
        AH[j] = (double)ldexpl(rintl(ldexpl(a, 52)), -52);
        AL[j] = (double)(a - (long double)AH[j]);
    }
}

/* The reduction of a/b: index j (low bits), r + rl = (a - C b)/(b + C a) to 2^-56.
   exact_num: a - C b needs no split (arctan: exact when b = 1; when a = 1 its rounding
   costs at most 0.05 ULP since the result is then >= pi/4). negm: the lanes whose numerator
   (hence r) changes sign. add: a small term added to rl by its FMA (the caller's low part
   of the result's offset). */
static inline void atan_reduce(vd a, vd b, vd q0, vdm negm, bool exact_num, vd add, vdi *j, vd *r,
                               vd *rl) {
    const vd magic = (vd){0} + 0x1.8p52;
    /* j = round(15 q0), shifted by 0.02 for the split numerator's Sterbenz condition;
       arctan's single-FMA numerator needs no shift (its bins are j/15 +- 0.5/15 + 2^-14,
       |r| <= 0.0334, and where b = 1, q0 = t exactly, so t >= C/2 in every bin j >= 1
       and t - C is exact still), and rounds by the FMA alone (one add fewer) */
    vd jd = exact_num ? vd_fma(q0, (vd){0} + 15.0, magic)
                      : vd_fma(q0, (vd){0} + 15.0, (vd){0} - 0.02) + magic;
    *j = (vdi)jd;
#if defined(__AVX512F__)
    vd c = vd_lut16(CT, *j); /* a permute: off the multiplier ports */
#else
    vd c = (jd - magic) * (1.0 / 15);
#endif
    vd num, pe = {0};
    if (exact_num) {
        num = vdm_neg(negm, vd_fnma(c, b, a));
    } else {
        vd p = c * b;
        pe = vd_fms(c, b, p); /* c b = p + pe exactly */
        num = a - p;          /* exact: p/2 <= a <= 2p, or p = 0 */
    }
    vd den = vd_fma(c, a, b);
    vd dl = vd_fma(c, a, b - den); /* b - den exact: den in [b, 2b] */
    if (!exact_num) num = vdm_neg(negm, num);
    /* the division rounds once, so its remainder is exact; 1/den to 14 bits is enough
       for the remainder's quotient */
    vd rr = num / den;
    vd rem = vd_fnma(rr, den, num);
    if (!exact_num) rem = rem - vdm_neg(negm, pe);
    rem = vd_fnma(rr, dl, rem);
    *r = rr;
    *rl = vd_fma(rem, vd_rcp_est(den), add);
}

/* atan(r) - r - rl... returns r^3 P(r^2) + rl, P of degree 3 fitted on |r| <= 0.035
   (Chebyshev, mpmath): r^3 P is atan(r) - r to 2^-58.8 |r| with these doubles */
static inline vd atan_tail(vd r, vd rl) {
    vd r2 = r * r;
    vd p = vd_fma(r2, (vd){0} + 0x1.c6333afc70c62p-4, (vd){0} - 0x1.2492324c4637cp-3);
    p = vd_fma(r2, p, (vd){0} + 0x1.999999982adbep-3);
    p = vd_fma(r2, p, (vd){0} - 0x1.5555555555539p-2);
    return vd_fma(r * r2, p, rl);
}

/* ---- arctan float64 ----
   t = |x|; a = min(t, 1), b = max(t, 1) (capped at 2^60: beyond, the result rounds to
   pi/2 either way), so the core gives atan(t) for t <= 1 and atan(1/t) for t > 1, whose
   r is negated so that pi/2 - atan(C) + atan(-r) is a sum as for t <= 1, pi/2 - atan(C)
   being (PIO2_HI - AH) + (PIO2_LO - AL) with an exact high part (AH a multiple of 2^-52).
   Fast path: t >= 2^-300 or t = 0 (no intermediate underflows), not NaN; inf is one. */
static inline vd atan_f64_eval(vd x) {
    vd t = vd_abs(x);
    vdm big = VDM_CMP(t, (vd){0} + 1.0, _CMP_GT_OQ);
    vd a = vd_min(t, (vd){0} + 1.0);
#if defined(__AVX512F__)
    vd b = _mm512_mask_min_pd((vd){0} + 1.0, big, t, (vd){0} + 0x1p60); /* 1 where t <= 1 */
#else
    vd b = vd_min(vd_max(t, (vd){0} + 1.0), (vd){0} + 0x1p60);
#endif
    vdi j;
    vd r, rl;
    /* a/b to 2^-14: t below 1, 1/t above */
    vd q0 = vdm_sel(big, vd_rcp_est(b), t);
    /* the low part of pi/2 - atan(C) (or of atan(C)) rides in r's low part (one add
       fewer; its size is below 2^-53 of the result's) */
#if ATAN_NO_AL
    vd al = vdm_zero_unless(big, (vd){0} + PIO2_LO);
#else
    vd al = vd_lut16(AL, (vdi)vd_fma(q0, (vd){0} + 15.0, (vd){0} + 0x1.8p52)); /* j's index */
    al = vdm_sub_or(big, (vd){0} + PIO2_LO, al, al);
#endif
    atan_reduce(a, b, q0, big, true, al, &j, &r, &rl);
    vd tail = atan_tail(r, rl);
    vd ah = vd_lut16(AH, j);
    ah = vdm_sub_or(big, (vd){0} + PIO2_HI, ah, ah); /* exact: AH a multiple of 2^-52 */
    vd h = ah + r;
    vd l = (ah - h) + r;
    return vd_xorsign(h + (l + tail), x);
}

static inline vdi atan_ok(vd x) {
    vd t = vd_abs(x);
    return vd_ge(t, (vd){0} + 0x1p-300) | (t == 0.0); /* quiet: NaN raises nothing */
}

/* the loop's test, the lanes off the path: t < 2^-300 (or NaN) and not 0 */
static inline vdk atan_badk(vd x) {
    vd t = vd_abs(x);
    return VD_K_AND(VD_K(t, (vd){0} + 0x1p-300, _CMP_NGE_UQ), t, (vd){0}, _CMP_NEQ_UQ);
}
static inline vd atan_fullv_f64(vd x) {
    vdi ok = atan_ok(x);
    vd y = atan_f64_eval(vd_sel(ok, x, (vd){0} + 0.5));
    return vd_patch(ok, y, slow_atan_f64, x);
}

VM_UNARY_BITS(k_atan_f64, double, atan_badk, VD_NONE2, atan_f64_eval, atan_fullv_f64)

/* ---- arctan2 float64 ----
   a = min(|x|, |y|), b = max: theta = atan(a/b) in [0, pi/4] by the core (numerator
   split). atan2 = sign(y) (O + s theta) with (O, s) = (0, +) for |y| <= |x|, x >= +0;
   (pi/2, -) for |y| > |x|, x >= +0; (pi, -) for |y| <= |x|, x <= -0; (pi/2, +) for
   |y| > |x|, x <= -0. s is applied to the numerator and to A_j; O + s A_hi and then
   that + r are split exactly (Fast2Sum: |O| >= pi/2 > |A|, and |O + s A| >= |r|), so
   the result is again the final rounding plus about 0.02 ULP. Fast path: |x| and |y|
   each 0 or in [2^-160, 2^160], not both 0 (no intermediate over/underflow, a/b >=
   2^-320); the other cases (zeros, infinities, NaN, extreme ratios) take SLEEF's. */
static inline vd atan2_f64_eval(vd y, vd x) {
    vd ay = vd_abs(y), ax = vd_abs(x);
    /* lane masks as compare results (k-masks at avx512: selects and sign flips are then
       one masked instruction each) */
    vdm big = VDM_CMP(ay, ax, _CMP_GT_OQ);
    vdm sx = VDM_NEG(x);
#if defined(__AVX512F__)
    /* min and max on the bits (the loop's test computes the same) */
    vd a = (vd)_mm512_min_epu64((__m512i)ay, (__m512i)ax), b = (vd)_mm512_max_epu64((__m512i)ay, (__m512i)ax);
#else
    vd a = vd_min(ay, ax), b = vd_max(ay, ax);
#endif
    vdm neg = big ^ sx;
    vdi j;
    vd r, rl;
    vd q0 = a * vd_rcp_est(b);
    vd oh = vdm_sel(big, (vd){0} + PIO2_HI, vdm_zero_unless(sx, (vd){0} + PI_HI));
    /* pi = 2 (pi/2) in both parts: O_lo = O (lo/hi), to 2^-106 (below 2^-52 ULP); it
       rides in r's low part (one add fewer) */
    vd ol = oh * (PIO2_LO / PIO2_HI);
#if !ATAN_NO_AL
    ol = ol + vdm_neg(neg, vd_lut16(AL, (vdi)(vd_fma(q0, (vd){0} + 15.0, (vd){0} - 0.02) + 0x1.8p52)));
#endif
    atan_reduce(a, b, q0, neg, false, ol, &j, &r, &rl);
    vd w = atan_tail(r, rl);
    vd ah = vdm_neg(neg, vd_lut16(AH, j));
    vd s1 = oh + ah;
    vd e1 = (oh - s1) + ah;
    vd h = s1 + r;
    vd e2 = (s1 - h) + r;
    return vd_xorsign(h + ((e2 + e1) + w), y);
}

static inline vdi atan2_ok(vd y, vd x) {
    vd ay = vd_abs(y), ax = vd_abs(x);
    const vd lo = (vd){0} + 0x1p-160,
             hi = (vd){0} + 0x1p160; /* quiet compares: NaN raises nothing */
    vdi oky = (vd_ge(ay, lo) & vd_le(ay, hi)) | (ay == 0.0);
    vdi okx = (vd_ge(ax, lo) & vd_le(ax, hi)) | (ax == 0.0);
    return oky & okx & ((ay != 0.0) | (ax != 0.0));
}

/* the same as a mask; at avx512 on the bits of |y|, |x| (ordered as the values, NaN above
   inf), as b = max and a = min of them (the same integer min/max as the kernel's, so
   shared): b in [2^-160, 2^160] is one unsigned compare, and a >= 2^-160 or a = 0 another
   (a - 1 wraps to the top at 0); a <= b needs no upper test */
static inline vdk atan2_okk(vd y, vd x) {
#if defined(__AVX512F__)
    const __m512i lo = _mm512_set1_epi64(0x35f0000000000000), span = _mm512_set1_epi64(0x1400000000000000);
    __m512i ay = (__m512i)vd_abs(y), ax = (__m512i)vd_abs(x);
    __m512i a = _mm512_min_epu64(ay, ax), b = _mm512_max_epu64(ay, ax);
    __mmask8 inb = _mm512_cmple_epu64_mask(_mm512_sub_epi64(b, lo), span);
    return _mm512_mask_cmpge_epu64_mask(inb, _mm512_sub_epi64(a, _mm512_set1_epi64(1)),
                                        _mm512_sub_epi64(lo, _mm512_set1_epi64(1)));
#else
    return vdi_bits(atan2_ok(y, x));
#endif
}

static inline vd atan2_fullv_f64(vd y, vd x) {
    vdi ok = atan2_ok(y, x);
    vd one = (vd){0} + 1.0;
    vd r = atan2_f64_eval(vd_sel(ok, y, one), vd_sel(ok, x, one));
    return vd_patch2(ok, r, slow_atan2_f64, y, x);
}

VM_BINARY_BITS(k_atan2_f64, double, atan2_okk, vd_all2, atan2_f64_eval, atan2_fullv_f64)

/* ---- float32: native kernels (16 lanes at avx512, 8 at avx2) ----
   Shared by arctan and arctan2: with a = min(|y|, |x|), b = max, atan(a/b) is in region 1
   (a < b/2) the polynomial at r = a/b, in region 2 (a >= b/2) pi/4 + the polynomial at
   r = (a - b)/(a + b) in [-1/3, 0]; a - b is exact there (Sterbenz) and a + b = d + dl
   exactly (Fast2Sum, b >= a). r = n/d (vdivps at avx2; at avx512 n rcp14(d) corrected
   once by its FMA remainder, within 0.51 ulp of n/d: a few % faster than vdivps on the
   Intel host), and the remainder rl = (n - r d - r dl) rcp(d) (the
   FMA rounds a quantity already 2^-24 of n; the estimate's 2^-11.4 on rl) carries r + rl
   to 2^-33 of the quotient. Then
     result = sign(y) (k pi/4 + sg (atan(r) + rl/(1 + r^2)))
   with k in 0..4 from the quadrant and the region (k pi/4 = T_hi + T_lo, T_hi having 19
   bits so that k T_hi is exact) and sg = -1 where the quadrant subtracts. atan(r) =
   r + r s P(s), s = r^2 <= 1/4, P of degree 5 fitted (Chebyshev, float coefficients:
   relative error 6.1e-8 of P). T_hi + sg r is split exactly (Fast2Sum: T_hi = 0 or |T_hi|
   >= pi/4 > |r| in region 2, >= pi/2 > |r| in region 1), so the result is its rounding
   of h + (e + (T_lo + tail)), tail = sg (rl (1 - s) + c) and c = r s P (rl (1 - s) is
   rl/(1 + s) to s^2 rl, below 0.04 ULP). Error: c is at most 0.078 of the result in
   region 1 (at r = 1/2: 0.0364 against 0.4636, where the result's ulp is 2^-25) and
   0.0116 against a result >= 0.46 in region 2; c carries the roundings of s, r s, Horner's
   P and the final FMA (at most 4.2 2^-24 relative together) and P's 6.1e-8 (1.02 2^-24),
   so at most 0.38 ULP in region 1 and 0.12 ULP in region 2; the sums of the small terms
   add below 0.01 ULP; the final rounding 0.5: <= 0.89 ULP in region 1 (the suite
   measures 0.81), <= 0.67 elsewhere. arctan alone has its own reduction (below), with
   the same terms; it is checked on every float32 by tools/exhaustive_f32.py. */
static const float ATF_P[6] = {-0x1.555556p-2f, 0x1.9998f2p-3f,  -0x1.247348p-3f,
                               0x1.c2d782p-4f,  -0x1.51538ap-4f, 0x1.5a2b0ep-5f};
static const float PIO2F_HI = 0x1.921fb6p0f, PIO2F_LO = -0x1.777a5cp-25f;
static const float P4H = 0x1.921fcp-1f, P4L = -0x1.5777a6p-22f; /* pi/4 */

#if defined(__AVX512F__)
static inline vf vf_rcp_est(vf x) { return _mm512_rcp14_ps(x); }     /* 2^-14 */
static inline vf vf_rsqrt_est(vf x) { return _mm512_rsqrt14_ps(x); } /* 2^-14 */
#else
static inline vf vf_rcp_est(vf x) { return _mm256_rcp_ps(x); }     /* 1.5 2^-12 */
static inline vf vf_rsqrt_est(vf x) { return _mm256_rsqrt_ps(x); } /* 1.5 2^-12 */
#endif

/* n/d from y = rcp_est(d): at avx512 the product n y (2^-14) and one correction by its
   FMA remainder (2^-28 of the quotient plus the roundings: within 0.51 ulp; the caller's
   remainder rl takes the rest), vdivps elsewhere */
static inline vf vf_quot(vf n, vf d, vf y) {
#if defined(__AVX512F__)
    vf q = n * y;
    return vf_fma(vf_fnma(q, d, n), y, q);
#else
    (void)y;
    return n / d;
#endif
}

/* sign(y)-less result for a = min, b = max of |y|, |x|; big: |y| > |x|; sx: x < 0 */
static inline vf atanf_core(vf a, vf b, vfm big, vfm sx) {
    vfm reg2 = VFM_CMP(a, b * 0.5f, _CMP_GE_OQ);
    vfm neg = big ^ sx;
    vf sum = a + b;
    vf d = vfm_sel(reg2, sum, b);
#if defined(__AVX512F__)
    /* by merge-masking: n negated in the lanes of neg (r, rl follow) */
    vf n = vfm_sub_or(reg2, a, b, a);
    n = _mm512_mask_xor_ps(n, neg, n, (vf)((vfi){0} | INT32_MIN));
    vf dl = vfm_add_z(reg2, b - sum, a);
#else
    vf n = vfm_sel(reg2, a - b, a);
    n = (vf)((vfi)n ^ (vfi)vfm_zero_unless(neg, (vf)((vfi){0} | INT32_MIN))); /* r, rl follow */
    vf dl = vfm_zero_unless(reg2, (b - sum) + a);
#endif
    vf rc = vf_rcp_est(d);
    vf r = vf_quot(n, d, rc);
    vf rl = vf_fnma(r, dl, vf_fnma(r, d, n)) * rc;
    /* k: 0 / 2 / 4 (x >= 0 / |y| > |x| / x < 0), +-1 in region 2 */
    vf base = vfm_sel(big, (vf){0} + 2.0f, vfm_zero_unless(sx, (vf){0} + 4.0f));
    vf k = vfm_add_or(reg2, base, vfm_sel(neg, (vf){0} - 1.0f, (vf){0} + 1.0f), base);
    vf s = r * r;
    vf p = (vf){0} + ATF_P[5];
    for (int i = 4; i >= 0; i--) p = vf_fma(p, s, (vf){0} + ATF_P[i]);
    vf c = vf_fma(r * s, p, vf_fnma(rl, s, rl));
    vf th = k * P4H;
    vf h = th + r;
    vf e = (th - h) + r;
    return h + (e + vf_fma(k, (vf){0} + P4L, c));
}

/* arctan: |x| in [2^-40, inf] or 0 (smaller: a subnormal r^3, SLEEF's with its flags) */
static inline vfi atanf_ok(vf x) {
    vf t = vf_abs(x);
    return vf_ge(t, (vf){0} + 0x1p-40f) | (t == 0.0f);
}

#if defined(__AVX512F__)
/* arctan on its own at avx512: one reduction and no quotient. t = |x| (capped at 2^30:
   beyond, the result rounds to pi/2 either way); q = t for t <= 1, q = -1/t for t > 1
   (rcp14 and one Newton step, 2^-28 and the rounding), so that atan(t) = O + atan(q)
   with O = 0 or pi/2. -1/t = q (1 + e1) to e1^2 (e1 = 1 + t q by one FMA, exact, at most
   about 2^-24), so atan(-1/t) = atan(q) + q e1/(1 + s) (s = q^2; the next term is 2^-48)
   with 1/(1 + s) taken as 0.9415 - 0.471 s (within 6% on [0, 1], and q e1/(1 + s) is
   below 2^-25: 0.03 ULP). atan(q) = q + q s P(s), P of degree 8 fitted for relative error
   over q in [0, 1] (2^-28.5 of the result with these floats: 0.05 ULP). O + q is split
   exactly (Fast2Sum, O = 0 or O >= |q|), its error with pi/2's low part and the
   correction added in c's FMA; c = q s P_0 + (q s^2 P_1(s) + those), P_0 = -1/3 by an
   FMA of its own so that P's rounding falls on the smaller inner term, and q s's
   rounding error (exact by an FMA) times P_0 added too. Error, worst where q s P is
   largest (-0.2146 at q = 1, result pi/4): c's rounding (2^-27: 0.125 ULP), the inner
   term's roundings (0.12), s's rounding (0.06), the fit (0.05) and the correction
   (0.03): about 0.4 ULP, plus the final rounding. Every float32 was checked
   (docs/accuracy.md): max 0.970 ULP, near x = 1.045, so the bound has little room;
   the 1-ULP budget bought the speed. About 32 vector operations against the
   three-region form's 35 with fewer selects and no quotient (20% faster in process;
   that form, below, is kept at avx2, whose 12-bit reciprocal estimate would need a
   second Newton step). */
static const float ATF1_P[9] = {-0x1.55553ep-2f, 0x1.9991eap-3f,  -0x1.2420fap-3f,
                                0x1.c092dep-4f,  -0x1.5820f8p-4f, 0x1.da8a34p-5f,
                                -0x1.fe581cp-6f, 0x1.652948p-7f,  -0x1.d5581ap-10f};
static inline vf atanf_eval(vf x) {
    const vf one = (vf){0} + 1.0f, pio2 = (vf){0} + PIO2F_HI;
    vf t = vf_abs(x);
    vf tc = vf_min(t, (vf){0} + 0x1p30f);
    __mmask16 big = _mm512_cmp_ps_mask(t, one, _CMP_GT_OQ);
    vf q0 = _mm512_mask_rcp14_ps(t, big, tc);           /* t where t <= 1 */
    vf e0 = _mm512_maskz_fnmadd_ps(big, tc, q0, one);   /* 1 - t q0; 0 where t <= 1 */
    vf q = _mm512_mask_fnmsub_ps(q0, big, e0, q0);      /* -(q0 + q0 e0) where t > 1 */
    vf e1 = _mm512_maskz_fmadd_ps(big, tc, q, one);     /* 1 + t q, exact */
    vf s = q * q;
    vf lin = vf_fnma(s, (vf){0} + 0.471f, (vf){0} + 0.9415f);
    /* O + q = h + e exactly; e + pi/2's low part where t > 1 */
    vf h = _mm512_mask_add_ps(q, big, q, pio2);
    vf e = _mm512_maskz_sub_ps(big, pio2, h);
    e = _mm512_mask_add_ps(e, big, e, q);
    e = _mm512_mask_add_ps(e, big, e, (vf){0} + PIO2F_LO);
    vf p = (vf){0} + ATF1_P[8];
    for (int i = 7; i >= 1; i--) p = vf_fma(p, s, (vf){0} + ATF1_P[i]);
    vf qs = q * s;
    vf qsl = vf_fms(q, s, qs); /* q s = qs + qsl exactly: its rounding times P_0 kept */
    vf c = vf_fma(qs, (vf){0} + ATF1_P[0],
                  vf_fma(qs * s, p, vf_fma(qsl, (vf){0} + ATF1_P[0], vf_fma(q * e1, lin, e))));
    return vf_xorsign(h + c, x);
}
#else
/* arctan on its own (no quadrants): region 1 t < 1/2: r = t (d = 1, exact); region 2
   t in [1/2, 2]: r = (t - 1)/(t + 1), k = 1 (t - 1 exact, t + 1 = d + dl with
   dl = t - (d - 1), both exact);
   region 3 t > 2: r = -1/t (t capped at 2^30 first: beyond, the result rounds to pi/2
   either way), k = 2. The core's terms, except that rl s is dropped (rl = 0 in region 1,
   where d = 1; below 0.11 ULP in region 2, 0.06 in region 3, whose results are >= 1.1):
   <= 0.89 ULP in region 1, <= 0.75 elsewhere. */
static inline vf atanf_eval(vf x) {
    vf t = vf_min(vf_abs(x), (vf){0} + 0x1p30f); /* inf: no inf - inf below */
    vf one = (vf){0} + 1.0f;
    vfm r1 = VFM_CMP(t, (vf){0} + 0.5f, _CMP_LT_OQ), r3 = VFM_CMP(t, (vf){0} + 2.0f, _CMP_GT_OQ);
    /* r = n/d with n = a t - b, d = b t + a: (a, b) = (1, 0) in region 1, (1, 1) in
       region 2, (0, 1) in region 3 (two selects where picking n and d was five ops).
       n is exact in each (t - 1 by Sterbenz for t in [1/2, 2]), and so is d's low part
       dl = b t + (a - d) (a - d exact: d = t + 1 in [3/2, 3] in region 2; 0 in region 1,
       -t in region 3, where dl is then 0) */
    vf a = vfm_sel(r3, (vf){0}, one), b = vfm_sel(r1, (vf){0}, one);
    vf n = vf_fms(a, t, b);
    vf d = vf_fma(b, t, a);
    vf dl = vf_fma(b, t, a - d);
    /* k pi/4 (k = 0, 1, 2) as T_hi + T_lo: T_hi by selects (k T_hi exact), T_lo =
       T_hi (P4L/P4H) (to 2^-46, below 2^-20 ULP), added by the remainder's FMA */
    vf th = vfm_sel(r1, (vf){0}, vfm_sel(r3, (vf){0} + 2 * P4H, (vf){0} + P4H));
    vf rc = vf_rcp_est(d);
    vf r = vf_quot(n, d, rc);
    vf rl = vf_fma(vf_fnma(r, dl, vf_fnma(r, d, n)), rc, th * (P4L / P4H));
    vf s = r * r;
    vf p = (vf){0} + ATF_P[5];
    for (int i = 4; i >= 0; i--) p = vf_fma(p, s, (vf){0} + ATF_P[i]);
    vf c = vf_fma(r * s, p, rl);
    vf h = th + r;
    vf e = (th - h) + r;
    return vf_xorsign(h + (e + c), x);
}
#endif

/* the loop's test, the lanes off the path: t < 2^-40 (or NaN) and not 0 */
static inline vfk atanf_badk(vf x) {
    vf t = vf_abs(x);
    return VF_K_AND(VF_K(t, (vf){0} + 0x1p-40f, _CMP_NGE_UQ), t, (vf){0}, _CMP_NEQ_UQ);
}
static inline vf atan_fullv_f32(vf x) {
    vfi ok = atanf_ok(x);
    vf y = atanf_eval(vf_sel(ok, x, (vf){0} + 0.5f));
    return vf_patch(ok, y, slow_atan_f32, x);
}

VM_UNARY_BITS(k_atan_f32, float, atanf_badk, VF_NONE2, atanf_eval, atan_fullv_f32)

/* arctan2: max(|y|, |x|) in [2^-50, 2^50] and min = 0 or >= 2^-30 max (no subnormal
   intermediate); zeros, infinities, NaN and extreme ratios are SLEEF's */
static inline vfi atan2f_ok(vf y, vf x) {
    /* on the bits (non-negative, ordered as the values; NaN above inf): minps/maxps and
       ordered compares would raise invalid on NaN */
    vfi ay = (vfi)vf_abs(y), ax = (vfi)vf_abs(x);
    vfi lt = ay < ax;
    vfi a = vfi_sel(lt, ay, ax), b = vfi_sel(lt, ax, ay);
    const int32_t lo = 0x26800000 /* 2^-50 */, hi = 0x58800000 /* 2^50 */;
    return (b >= lo) & (b <= hi) & ((a >= b - (30 << 23)) | (a == 0));
}

/* the same as bits (at avx512 k-masks from the integer compares) */
static inline vfk atan2f_okk(vf y, vf x) {
#if defined(__AVX512F__)
    __m512i ay = (__m512i)vf_abs(y), ax = (__m512i)vf_abs(x);
    __m512i a = _mm512_min_epi32(ay, ax), b = _mm512_max_epi32(ay, ax);
    __mmask16 inb = _mm512_cmple_epu32_mask(_mm512_sub_epi32(b, _mm512_set1_epi32(0x26800000)),
                                            _mm512_set1_epi32(0x58800000 - 0x26800000));
    /* a >= 2^-30 b or a = 0, as a - 1 >= 2^-30 b - 1 unsigned (a = 0 wraps to the top;
       2^-30 b >= 2^-80 where b is in range) */
    __mmask16 ina = _mm512_cmpge_epu32_mask(_mm512_sub_epi32(a, _mm512_set1_epi32(1)),
                                            _mm512_sub_epi32(b, _mm512_set1_epi32((30 << 23) + 1)));
    return inb & ina;
#else
    return vfi_bits(atan2f_ok(y, x));
#endif
}

static inline vf atan2f_eval(vf y, vf x) {
    vf ay = vf_abs(y), ax = vf_abs(x);
#if defined(__AVX512F__)
    /* min and max on the bits (the loop's test computes the same) */
    vf a = (vf)_mm512_min_epi32((__m512i)ay, (__m512i)ax), b = (vf)_mm512_max_epi32((__m512i)ay, (__m512i)ax);
#else
    vf a = vf_min(ay, ax), b = vf_max(ay, ax);
#endif
    vf r = atanf_core(a, b, VFM_CMP(ay, ax, _CMP_GT_OQ), VFM_NEG(x));
    return vf_xorsign(r, y);
}

static inline vf atan2_fullv_f32(vf y, vf x) {
    vfi ok = atan2f_ok(y, x);
    vf one = (vf){0} + 1.0f;
    vf r = atan2f_eval(vf_sel(ok, y, one), vf_sel(ok, x, one));
    return vf_patch2(ok, r, slow_atan2_f32, y, x);
}

VM_BINARY_BITS(k_atan2_f32, float, atan2f_okk, vf_all2, atan2f_eval, atan2_fullv_f32)

/* ---- arcsin and arccos float32 ----
   asin(u) = u + u z P(z), z = u^2 <= 1/4, P of degree 5 fitted (relative error 6.2e-8
   with float coefficients). t = |x| <= 1/2: u = t, z = t^2; t > 1/2: z = (1 - t)/2
   (exact), u = sqrt(z) (vsqrtps, correctly rounded; at avx512 z rsqrt14(z), to 2^-14) and
   ul = (z - u^2)/(2u) (FMA remainder times the rsqrt estimate: to 2^-11 of ul). z being
   exact, asin(u + ul) =
   (u + ul)(1 + z P(z)): ul enters as itself, its ul z P part (< 0.045 ul, 0.02 ULP)
   dropped; asin(t) = pi/2 - 2 asin(u). Each result is O + k u + (O_lo + k (ul + c)),
   c = u z P, with O + k u
   split exactly (Fast2Sum: O = 0 or |O| >= pi/2 >= |k u|, k u exact):
     arcsin: t <= 1/2 (0, 1); t > 1/2 (pi/2, -2); the sign of x applied last.
     arccos: |x| <= 1/2 (pi/2, -1) with u = x; x > 1/2 (0, 2); x < -1/2 (pi, -2).
   c is at most 0.047 u (at u = 1/2: 0.0236) and carries at most 5.2 2^-24 of itself
   (roundings of z, u z, Horner's P and the FMA, and P's error), so below 0.25 ULP (the
   results are >= 0.52 except where O = 0, where c/result <= 0.047 directly); ul's error,
   the dropped ul z P and the small sums below 0.03 ULP; the final rounding 0.5: <= 0.78
   ULP. Fast path:
   |x| <= 1 and |x| >= 2^-40 or x = 0; NaN and |x| > 1 take SLEEF's (invalid). */
static const float ASF_P[6] = {0x1.555554p-3f, 0x1.33343p-4f,  0x1.6d5bbap-5f,
                               0x1.fd8da2p-6f, 0x1.18f91ep-6f, 0x1.13fed4p-5f};
static const float PIF_HI = 0x1.921fb6p1f;

/* for u = sel(big, sqrt(z), v): returns c + ul' (v's sign carried) */
#if defined(__AVX512F__)
/* at avx512 with no vsqrtps (slow at 512 bits): u = z rsqrt14(z) (2^-14 relative) and
   ul = (z - u^2) rsqrt14(z)/2 its correction by the FMA remainder, u + ul = sqrt(z) to
   2^-27; ul (up to 2^-13.9 u) enters as itself and, through u + ul, in c (12% faster
   than vsqrtps for arcsin, same bound) */
static inline vf asinf_core(vf v, vf z, vfm big, vf *u) {
    vf rs = vf_rsqrt_est(vf_max(z, (vf){0} + 0x1p-100f)); /* finite at z = 0 */
    vf uu = vfm_mul_or(big, z, rs, v);                     /* masked: no flags off big */
    vf ul = vfm_mul_z(big, vf_fnma(uu, uu, z), 0.5f * rs);
    vf p = (vf){0} + ASF_P[5];
    for (int i = 4; i >= 0; i--) p = vf_fma(p, z, (vf){0} + ASF_P[i]);
    *u = uu;
    return vf_fma((uu + ul) * z, p, ul);
}
#else
static inline vf asinf_core(vf v, vf z, vfm big, vf *u) {
    vf s = vf_sqrt(z);
    vf hr = 0.5f * vf_rsqrt_est(vf_max(z, (vf){0} + 0x1p-100f)); /* finite at z = 0 */
    vf uu = vfm_sel(big, s, v);
    vf ul = vfm_mul_z(big, vf_fnma(s, s, z), hr);
    vf p = (vf){0} + ASF_P[5];
    for (int i = 4; i >= 0; i--) p = vf_fma(p, z, (vf){0} + ASF_P[i]);
    *u = uu;
    return vf_fma(uu * z, p, ul);
}
#endif

static inline vf asinf_eval(vf x) {
    vf t = vf_abs(x);
    vfm big = VFM_CMP(t, (vf){0} + 0.5f, _CMP_GT_OQ);
    /* (1 - t)/2 = 1/2 - t/2 by one FMA: exact either way */
    vf z = vfm_sel(big, vf_fnma(t, (vf){0} + 0.5f, (vf){0} + 0.5f), t * t);
    vf u;
    vf tail = asinf_core(t, z, big, &u);
#if defined(__AVX512F__)
    /* by merge-masking (the same values): ku = k u, h = oh + ku, e its error (0 where
       oh = 0), and k tail + ol */
    const vf pio2 = (vf){0} + PIO2F_HI;
    vf ku = vfm_mul_or(big, u, (vf){0} - 2.0f, u);
    vf h = vfm_add_or(big, ku, pio2, ku);
    vf e = vfm_add_z(big, pio2 - h, ku);
    vf w = vfm_fma_or_a(big, tail, (vf){0} - 2.0f, (vf){0} + PIO2F_LO);
    return vf_xorsign(h + (e + w), x);
#else
    vf oh = vfm_zero_unless(big, (vf){0} + PIO2F_HI), ol = vfm_zero_unless(big, (vf){0} + PIO2F_LO);
    vf k = vfm_sel(big, (vf){0} - 2.0f, (vf){0} + 1.0f);
    vf ku = k * u;
    vf h = oh + ku;
    vf e = (oh - h) + ku;
    return vf_xorsign(h + (e + vf_fma(k, tail, ol)), x);
#endif
}

static inline vf acosf_eval(vf x) {
    vf t = vf_abs(x);
    vfm big = VFM_CMP(t, (vf){0} + 0.5f, _CMP_GT_OQ);
    vfm neg = VFM_NEG(x);
    /* |x| < 2^-40 as 2^-40 (sign kept): no underflow in x^2 or u z, and pi/2 - x rounds
       to the same float32 either way (|x| < ulp(pi/2)/2^17); so the fast path needs no
       test of small arguments */
    vf v = vf_xorsign(vf_max(t, (vf){0} + 0x1p-40f), x);
    vf z = vfm_sel(big, vf_fnma(t, (vf){0} + 0.5f, (vf){0} + 0.5f), v * v);
    vf u;
    vf tail = asinf_core(v, z, big, &u);
    vfm nb = neg & big;
    vf oh = vfm_sel(big, vfm_zero_unless(nb, (vf){0} + PIF_HI), (vf){0} + PIO2F_HI);
    /* pi = 2 (pi/2) in both parts: O_lo = O (lo/hi), to 2^-48 (below 2^-23 ULP) */
    vf ol = oh * (PIO2F_LO / PIO2F_HI);
    vf k = vfm_sel(big, vfm_sel(neg, (vf){0} - 2.0f, (vf){0} + 2.0f), (vf){0} - 1.0f);
    vf ku = k * u;
    vf h = oh + ku;
    vf e = (oh - h) + ku;
    return h + (e + vf_fma(k, tail, ol));
}

static inline vfi asinf_ok(vf x) {
    vf t = vf_abs(x);
    return (vf_ge(t, (vf){0} + 0x1p-40f) & vf_le(t, (vf){0} + 1.0f)) | (t == 0.0f);
}

/* the loop's test, the lanes off the path: t > 1 (or NaN), or t < 2^-40 and not 0 */
static inline vfk asinf_badk(vf x) {
    vf t = vf_abs(x);
#if defined(__AVX512F__)
    /* on the bits (ordered as the values, NaN above inf): outside [2^-40, 1] is one unsigned
       compare, in the lanes where t != 0 */
    __m512i b = (__m512i)t;
    return _mm512_mask_cmpgt_epu32_mask(_mm512_test_epi32_mask(b, b),
                                        _mm512_sub_epi32(b, _mm512_set1_epi32(0x2b800000)),
                                        _mm512_set1_epi32(0x3f800000 - 0x2b800000));
#else
    return VF_K_AND(VF_K(t, (vf){0} + 0x1p-40f, _CMP_NGE_UQ), t, (vf){0}, _CMP_NEQ_UQ) |
           VF_K(t, (vf){0} + 1.0f, _CMP_NLE_UQ);
#endif
}
#define ASINF_LOOPS(name, EVAL, SLOW)                                                              \
    static inline vf name##_fullv(vf x) {                                                          \
        vfi ok = asinf_ok(x);                                                                      \
        vf y = EVAL(vf_sel(ok, x, (vf){0} + 0.25f));                                               \
        return vf_patch(ok, y, SLOW, x);                                                           \
    }                                                                                              \
    VM_UNARY_BITS(k_##name, float, asinf_badk, VF_NONE2, EVAL, name##_fullv)
ASINF_LOOPS(asin_f32, asinf_eval, slow_asin_f32)

/* arccos: any |x| <= 1 (small ones clamped in acosf_eval); NaN and |x| > 1 are SLEEF's */
static inline vfk acosf_badk(vf x) { return VF_K(vf_abs(x), (vf){0} + 1.0f, _CMP_NLE_UQ); }
static inline vf acos_f32_fullv(vf x) {
    vfi ok = vf_le(vf_abs(x), (vf){0} + 1.0f);
    vf y = acosf_eval(vf_sel(ok, x, (vf){0} + 0.25f));
    return vf_patch(ok, y, slow_acos_f32, x);
}
VM_UNARY_BITS(k_acos_f32, float, acosf_badk, VF_NONE2, acosf_eval, acos_f32_fullv)

/* ---- arcsin and arccos float64 ----
   asin(u) = u + u z P(z), z = u^2 in [0, 1/4], P of degree 12 fitted for relative error
   (max 1.2e-16 of P with these doubles; u z P is at most 0.045 of the result, so it
   contributes 5e-18). t = |x| <= 1/2: u = t, z = t^2. t > 1/2: z = (1 - t)/2 (exact),
   u + ul = sqrt(z) as a double-double, asin(t) = pi/2 - 2 asin(u); z being exact,
   asin(u + ul) = (u + ul)(1 + z P(z)), so ul enters as itself (ul z P < 0.045 ul
   dropped: below 0.03 ULP). Each result is then
   O + k u + (O_lo + k (ul' + u z P)) with O + k u split exactly (Fast2Sum: |O| >= |k u|
   or O = 0, k u exact):
     arcsin: t <= 1/2 (0, 1); t > 1/2 (pi/2, -2); the sign of x applied last.
     arccos: |x| <= 1/2 (pi/2, -1) with u = x; x > 1/2 (0, 2); x < -1/2 (pi, -2).
   So the result is the final rounding plus about 0.02 ULP. Fast path: |x| <= 1 and
   |x| >= 2^-250 or x = 0 (no intermediate underflow); NaN and |x| > 1 take SLEEF's,
   which raises invalid. */
static const double ASIN_P[13] = {0x1.5555555555556p-3, 0x1.3333333332e88p-4, 0x1.6db6db6e382ffp-5,
                                  0x1.f1c71c1a04261p-6, 0x1.6e8bb256cd83dp-6, 0x1.1c4d290c8b420p-6,
                                  0x1.c9d0799cfbcb0p-7, 0x1.7818855e5a454p-7, 0x1.5299d2dbd8765p-7,
                                  0x1.62c86fa98490ep-8, 0x1.1f03558c20653p-6, -0x1.ec8747c24e43ep-7,
                                  0x1.d920e768a53f5p-6};

/* u, z and the tail ul' + u z P for t = |x| (big: t > 1/2); u = v (t or x, whose sign the
   tail then carries) where t <= 1/2 */
static inline vd asin_core(vd t, vd v, vdm big, vd *u) {
    /* (1 - t)/2 = 1/2 - t/2 by one FMA: exact either way */
    vd z = vdm_sel(big, vd_fnma(t, (vd){0} + 0.5, (vd){0} + 0.5), t * t);
    vd s, sl;
    vd_sqrt_dd(z, &s, &sl);
    vd uu = vdm_sel(big, s, v);
    vd ul = vdm_zero_unless(big, sl);
    vd p = (vd){0} + ASIN_P[12];
    for (int i = 11; i >= 0; i--) p = vd_fma(p, z, (vd){0} + ASIN_P[i]);
    *u = uu;
    return vd_fma(uu * z, p, ul);
}

static inline vd asin_f64_eval(vd x) {
    vd t = vd_abs(x);
    vdm big = VDM_CMP(t, (vd){0} + 0.5, _CMP_GT_OQ);
    vd u;
    vd tail = asin_core(t, t, big, &u);
#if defined(__AVX512F__)
    /* by merge-masking (the same values): ku = k u, h = oh + ku, e its error (0 where
       oh = 0), and k tail + ol */
    const vd pio2 = (vd){0} + PIO2_HI;
    vd ku = vdm_mul_or(big, u, (vd){0} - 2.0, u);
    vd h = vdm_add_or(big, ku, pio2, ku);
    vd e = vdm_add_z(big, pio2 - h, ku);
    vd w = vdm_fma_or_a(big, tail, (vd){0} - 2.0, (vd){0} + PIO2_LO);
    return vd_xorsign(h + (e + w), x);
#else
    vd oh = vdm_zero_unless(big, (vd){0} + PIO2_HI), ol = vdm_zero_unless(big, (vd){0} + PIO2_LO);
    vd k = vdm_sel(big, (vd){0} - 2.0, (vd){0} + 1.0);
    vd ku = k * u;
    vd h = oh + ku;
    vd e = (oh - h) + ku;
    return vd_xorsign(h + (e + vd_fma(k, tail, ol)), x);
#endif
}

static inline vd acos_f64_eval(vd x) {
    vd t = vd_abs(x);
    vdm big = VDM_CMP(t, (vd){0} + 0.5, _CMP_GT_OQ);
    vdm neg = VDM_CMP(x, (vd){0}, _CMP_LT_OQ);
    vd u;
    vd tail = asin_core(t, x, big, &u); /* u + tail = asin(x) for |x| <= 1/2 */
    vdm nb = neg & big;
    vd oh = vdm_sel(big, vdm_zero_unless(nb, (vd){0} + PI_HI), (vd){0} + PIO2_HI);
    /* pi = 2 (pi/2) in both parts: O_lo = O (lo/hi), to 2^-106 (below 2^-52 ULP) */
    vd ol = oh * (PIO2_LO / PIO2_HI);
    vd k = vdm_sel(big, vdm_sel(neg, (vd){0} - 2.0, (vd){0} + 2.0), (vd){0} - 1.0);
    vd ku = k * u;
    vd h = oh + ku;
    vd e = (oh - h) + ku;
    return h + (e + vd_fma(k, tail, ol));
}

static inline vdi asin_ok(vd x) {
    vd t = vd_abs(x);
    return (vd_ge(t, (vd){0} + 0x1p-250) & vd_le(t, (vd){0} + 1.0)) | (t == 0.0);
}

/* the loop's test, the lanes off the path: t > 1 (or NaN), or t < 2^-250 and not 0 */
static inline vdk asin_badk(vd x) {
    vd t = vd_abs(x);
#if defined(__AVX512F__)
    /* on the bits, as asinf_badk */
    __m512i b = (__m512i)t;
    return _mm512_mask_cmpgt_epu64_mask(_mm512_test_epi64_mask(b, b),
                                        _mm512_sub_epi64(b, _mm512_set1_epi64(0x3050000000000000)),
                                        _mm512_set1_epi64(0x3ff0000000000000 - 0x3050000000000000));
#else
    return VD_K_AND(VD_K(t, (vd){0} + 0x1p-250, _CMP_NGE_UQ), t, (vd){0}, _CMP_NEQ_UQ) |
           VD_K(t, (vd){0} + 1.0, _CMP_NLE_UQ);
#endif
}
#define ASIN_LOOPS(name, EVAL, SLOW)                                                               \
    static inline vd name##_fullv(vd x) {                                                          \
        vdi ok = asin_ok(x);                                                                       \
        vd y = EVAL(vd_sel(ok, x, (vd){0} + 0.25));                                                \
        return vd_patch(ok, y, SLOW, x);                                                           \
    }                                                                                              \
    VM_UNARY_BITS(k_##name, double, asin_badk, VD_NONE2, EVAL, name##_fullv)
ASIN_LOOPS(asin_f64, asin_f64_eval, slow_asin_f64)
ASIN_LOOPS(acos_f64, acos_f64_eval, slow_acos_f64)

#endif /* ND_VMATH */

void ND_K(nd_kfill_vm_atan)(nd_ktable *t) {
#ifdef ND_VMATH
    init_tables();
    slow_atan_f64 = t->loops[ND_KOP_ARCTAN][ND_FLOAT64];
    slow_atan2_f64 = t->loops[ND_KOP_ARCTAN2][ND_FLOAT64];
    ND_REG(t, ARCTAN, float64, k_atan_f64);
    ND_REG(t, ARCTAN2, float64, k_atan2_f64);
    slow_atan2_f32 = t->loops[ND_KOP_ARCTAN2][ND_FLOAT32];
    ND_REG(t, ARCTAN2, float32, k_atan2_f32);
    slow_atan_f32 = t->loops[ND_KOP_ARCTAN][ND_FLOAT32];
    ND_REG(t, ARCTAN, float32, k_atan_f32);
    slow_asin_f64 = t->loops[ND_KOP_ARCSIN][ND_FLOAT64];
    slow_acos_f64 = t->loops[ND_KOP_ARCCOS][ND_FLOAT64];
    ND_REG(t, ARCSIN, float64, k_asin_f64);
    ND_REG(t, ARCCOS, float64, k_acos_f64);
    slow_asin_f32 = t->loops[ND_KOP_ARCSIN][ND_FLOAT32];
    slow_acos_f32 = t->loops[ND_KOP_ARCCOS][ND_FLOAT32];
    ND_REG(t, ARCSIN, float32, k_asin_f32);
    ND_REG(t, ARCCOS, float32, k_acos_f32);
#else
    (void)t;
#endif
}
