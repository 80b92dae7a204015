/* nd's own float64 exp family -- exp, exp2, expm1, sinh, cosh, tanh -- at
   the avx512 level, overlaying vm_exp.c's kernels (the avx2 level's, which
   the avx512 level also builds): what AVX-512 has and AVX2 lacks makes a
   different algorithm the faster one here. vscalefpd applies 2^e to a
   rounded result (no integer exponent arithmetic, and no second table
   for the reconstruction), vpermt2pd reads a 16-entry table held in two
   registers with the index in the low bits of any lane, rcp14 starts a
   reciprocal, and k-masks hold the fast-path tests. Each kernel covers
   the common range with one or two quiet compares; a vector with a lane
   outside goes through the overlaid kernel for those lanes (vd_patch: it
   sees only their inputs, so its flags are theirs), whose results depend
   only on the input too. Polynomial coefficients were fitted by Lawson's
   iteration (weighted least squares converging to the minimax) in mpmath,
   for the error relative to the result (tools/fit_exp64.py prints them);
   error bounds are beside each kernel, the measured maxima in
   docs/accuracy.md. The bits differ from
   the avx2 level's (each within the bound). */
#include "generic/vmath.h"

#if defined(ND_VMATH) && defined(__AVX512F__)
#include <math.h>

/* the kernels overlaid, for the lanes off the fast paths */
static nd_kloop slow_exp, slow_exp2, slow_expm1, slow_sinh, slow_cosh, slow_tanh;

/* 2^(j/16) = EH[j] (1 + ET[j]) and EH/2, from long double */
static double EH[16], ET[16], EH2[16];
static double EXP2_C[7]; /* EXP_C[n] ln2^n, from long double */

#define LN2 0x1.62e42fefa39efp-1
#define LN2_LO 0x1.abc9e3b39803fp-56 /* ln2 - LN2 */

/* |x| <= lim as a k-mask (quiet: NaN fails) */
static inline __mmask8 vd_absle_k(vd x, double lim) {
    return _mm512_cmp_pd_mask((__m512d)x, _mm512_set1_pd(lim), _CMP_LE_OQ) &
           _mm512_cmp_pd_mask((__m512d)x, _mm512_set1_pd(-lim), _CMP_GE_OQ);
}

/* the loop of each op: OKK(x) the k-mask of the lanes CORE handles, both
   vectors of a step tested before either is computed (vmath.h's makers);
   a vector with other lanes: CORE on its lanes (the others on +0, harmless)
   and the overlaid kernel SLOW on the rest */
#define EXP_Z512_(name, CORE, OKK, SLOW, PAIR)                                                     \
    static inline vd name##_full(vd x) {                                                           \
        __mmask8 ok = OKK(x);                                                                      \
        vd y = CORE((vd)_mm512_maskz_mov_pd(ok, (__m512d)x));                                      \
        return vd_patch((vdi)_mm512_movm_epi64(ok), y, SLOW, x);                                   \
    }                                                                                              \
    static inline bool name##_pair(vd a, vd b, vd *ya, vd *yb) {                                   \
        if ((OKK(a) & OKK(b)) != 0xff) return false;                                               \
        *ya = CORE(a);                                                                             \
        *yb = CORE(b);                                                                             \
        return true;                                                                               \
    }                                                                                              \
    PAIR(name, double, name##_full)
#define EXP_Z512(name, CORE, OKK, SLOW) EXP_Z512_(name, CORE, OKK, SLOW, ND_VMATH_UNARY_PAIR_)
/* four vectors a step (exp2: 11% faster than two in-process at avx512; exp,
   expm1 and cosh measured the same or slower) */
#define EXP_Z512_4(name, CORE, OKK, SLOW) EXP_Z512_(name, CORE, OKK, SLOW, ND_VMATH_UNARY_PAIR4_)

/* exp and exp2. e^x = 2^(k/16) e^r with kq = k/16 = round(x/ln2 to 4
   fraction bits), from one FMA with the shifter 1.5 2^48 (whose ulp is
   2^-4): the low 4 bits of m = x/ln2 + 1.5 2^48 are k mod 16, the table
   index the permute reads as it is (no integer operation), and vscalefpd
   multiplies by 2^floor(kq) = 2^e; 2^(j/16) = EH[j] (1 + ET[j]). r = x -
   kq ln2 in two FMAs, kq LN2 and kq (ln2 - LN2), each rounding once, 2^-53
   of |r| <= ln2/32 (the result moves by 2^-58.5). e^r - 1 = r t with t = 1
   + r q(r), q of degree 4 (1/2 + c3 r + ... + c6 r^4, fitted by Lawson's
   iteration to minimize max |r^2 (q - (e^r - 1 - r)/r^2)| e^-r on |r| <=
   ln2/32: 2^-56.2 of the result) by Horner. No r^2 is formed, so a tiny or
   subnormal x goes through unchanged (t rounds to 1, r t = r exactly) with
   no underflow: the only test is |x| <= 708 (resp. 1022), two quiet
   compares into k-masks, NaN failing both. y = 2^e (EH + EH (ET + r t)):
   t's rounding is 2^-53 absolute, 2^-58.5 once multiplied by r, and ET + r
   t rounds below 2^-58 of the result, so the error is the final rounding's
   0.5 ULP plus the fit's 0.11 and about 0.03. exp2: r = f ln2 with f = x -
   kq exact, the polynomial taken in f with the coefficients times ln2^n (no
   product by ln2). */
static const double EXP_C[7] = {1.0, 1.0, 0.5, 0x1.55555554900ecp-3, 0x1.55555555e9095p-5,
                                0x1.11123a6161ddap-7, 0x1.6c16cef79a807p-10};
static inline vd exp_f64_z(vd f, vd m, const double *c) {
    /* set1, not (vd){0} + c[i]: for EXP2_C, filled at run time, GCC would
       redo that addition inside the loop */
    vd q = vd_fma((vd)_mm512_set1_pd(c[6]), f, (vd)_mm512_set1_pd(c[5]));
    for (int i = 4; i >= 1; i--) q = vd_fma(q, f, (vd)_mm512_set1_pd(c[i]));
    vd h = vd_lut16(EH, (vdi)m), p = vd_fma(f, q, vd_lut16(ET, (vdi)m));
    return (vd)_mm512_scalef_pd((__m512d)vd_fma(h, p, h), (__m512d)(m - 0x1.8p48));
}
static inline vd exp_f64_z512(vd x) {
    vd m = vd_fma(x, (vd){0} + 0x1.71547652b82fep0, (vd){0} + 0x1.8p48);
    vd kq = m - 0x1.8p48;
    vd r = vd_fnma(kq, (vd){0} + LN2, x);
    r = vd_fnma(kq, (vd){0} + LN2_LO, r);
    return exp_f64_z(r, m, EXP_C);
}
static inline vd exp2_f64_z512(vd x) {
    vd m = x + 0x1.8p48;
    vd f = x - (m - 0x1.8p48);
    return exp_f64_z(f, m, EXP2_C);
}
/* |x| <= lim as a k-mask (quiet: NaN fails) */
static inline __mmask8 exp_ok512(vd x) { return vd_absle_k(x, 708.0); }
static inline __mmask8 exp2_ok512(vd x) { return vd_absle_k(x, 1022.0); }
EXP_Z512(k_exp_f64, exp_f64_z512, exp_ok512, slow_exp)
EXP_Z512_4(k_exp2_f64, exp2_f64_z512, exp2_ok512, slow_exp2)

/* sinh and cosh at avx512, a = |x| <= 700 (sinh also >= 2^-28; the rest through the
   kernels overlaid). The reduction of exp_f64_z512 on a: kq = k/16, r,
   and e^a = 2^kq EH[j] (1 + p1), p1 = ET[j] + r t(r) (the same polynomial,
   2^-56.2); H = 2^floor(kq) EH[j]/2 by vscalefpd, exact.
   cosh(a) = e^a/2 + e^-a/2, the second from the same r: e^-a = 2^-kq
   EH[j'] (1 + p2) with j' = -k mod 16 (the index is -m's bits), p2 =
   ET[j'] + (e^-r - 1) (the polynomial at -r: Horner with fnma), G =
   2^floor(-kq) EH[j']/2 (normal: a <= 700). Nothing cancels: H >= G, so S
   + sl = H + G exactly (Fast2Sum), and y = S + (sl + H p1 + G p2), the
   parenthesis at most 0.023 of y (two roundings, 2^-58 of y), the fit's
   2^-56.2, the final 0.5 ULP: about 0.65 ULP.
   sinh, a >= 1: e^a/2 - 1/(2 e^a), the reciprocal of D = 2 e^a rounded
   (fma(4H, p1, 4H)) by rcp14 and two Newton steps (2^-56 before its
   rounding): c = 1/(2e^a) is at most 0.157 of the result there and
   carries D's and its own rounding (2^-52 of c: 0.33 2^-53 of y), y = H +
   (H p1 - c) rounds the parenthesis (<= 0.18 y) once and the sum: about
   0.5 + 0.37 ULP by this bound at a = 1, less above. a < 1: sinh(a) = a +
   a z R(z), z = a^2, R of degree 6 fitted (Lawson) to (sinh(a) - a)/a^3 on
   z in [0, 1] weighted by a^3/sinh(a) (2^-56.6 of the result); a z R is at
   most 0.15 of y with three roundings: about 0.5 + 0.25 ULP. */
static const double SINH_R[7] = {0x1.5555555555556p-3, 0x1.11111111110a6p-7,
                                 0x1.a01a01a02899ep-13, 0x1.71de3a465b0edp-19,
                                 0x1.ae64671b23c43p-26, 0x1.611a5619bf82fp-33,
                                 0x1.b4c75bbe66e45p-41};
static inline vd sc_reduce512(vd a, vd *m, vd *kq) {
    *m = vd_fma(a, (vd){0} + 0x1.71547652b82fep0, (vd){0} + 0x1.8p48);
    *kq = *m - 0x1.8p48;
    vd r = vd_fnma(*kq, (vd){0} + LN2, a);
    return vd_fnma(*kq, (vd){0} + LN2_LO, r);
}
static inline vd cosh_f64_z512(vd x) {
    vd a = vd_abs(x), m, kq;
    vd r = sc_reduce512(a, &m, &kq);
    vdi mn = -(vdi)m;
    vd q1 = vd_fma((vd){0} + EXP_C[6], r, (vd){0} + EXP_C[5]);
    vd q2 = vd_fnma((vd){0} + EXP_C[6], r, (vd){0} + EXP_C[5]);
    for (int i = 4; i >= 1; i--) {
        q1 = vd_fma(q1, r, (vd){0} + EXP_C[i]);
        q2 = vd_fnma(q2, r, (vd){0} + EXP_C[i]);
    }
    vd p1 = vd_fma(r, q1, vd_lut16(ET, (vdi)m)), p2 = vd_fnma(r, q2, vd_lut16(ET, mn));
    vd H = (vd)_mm512_scalef_pd((__m512d)vd_lut16(EH2, (vdi)m), (__m512d)kq);
    vd G = (vd)_mm512_scalef_pd((__m512d)vd_lut16(EH2, mn), (__m512d)-kq);
    vd S = H + G, sl = G - (S - H);
    return S + vd_fma(G, p2, vd_fma(H, p1, sl));
}
static inline vd sinh_f64_z512(vd x) {
    vd a = vd_abs(x), m, kq;
    vd r = sc_reduce512(a, &m, &kq);
    vd q = vd_fma((vd){0} + EXP_C[6], r, (vd){0} + EXP_C[5]);
    for (int i = 4; i >= 1; i--) q = vd_fma(q, r, (vd){0} + EXP_C[i]);
    vd p1 = vd_fma(r, q, vd_lut16(ET, (vdi)m));
    vd H = (vd)_mm512_scalef_pd((__m512d)vd_lut16(EH2, (vdi)m), (__m512d)kq), H4 = H * 4.0;
    vd D = vd_fma(H4, p1, H4);
    vd y = (vd)_mm512_rcp14_pd((__m512d)D);
    y = vd_fma(y, vd_fnma(D, y, (vd){0} + 1.0), y);
    y = vd_fma(y, vd_fnma(D, y, (vd){0} + 1.0), y);
    vd ye = H + vd_fms(H, p1, y);
    vd z = a * a;
    vd R = vd_fma((vd){0} + SINH_R[6], z, (vd){0} + SINH_R[5]);
    for (int i = 4; i >= 0; i--) R = vd_fma(R, z, (vd){0} + SINH_R[i]);
    vd yp = vd_fma(a * z, R, a);
    __mmask8 small = _mm512_cmp_pd_mask((__m512d)a, _mm512_set1_pd(1.0), _CMP_LT_OQ);
    vd yy = (vd)_mm512_mask_mov_pd((__m512d)ye, small, (__m512d)yp);
    return vd_xorsign(yy, x);
}
/* 2^-28 <= |x| <= 700 as a k-mask (quiet: NaN fails) */
static inline __mmask8 sc_ok512(vd x) {
    __m512d a = (__m512d)vd_abs(x);
    return _mm512_cmp_pd_mask(a, _mm512_set1_pd(700.0), _CMP_LE_OQ) &
           _mm512_cmp_pd_mask(a, _mm512_set1_pd(0x1p-28), _CMP_GE_OQ);
}
EXP_Z512(k_sinh_f64, sinh_f64_z512, sc_ok512, slow_sinh)
/* cosh has no series side: tiny and subnormal |x| need no test (Horner, no r^2) */
static inline __mmask8 cosh_ok512(vd x) {
    return _mm512_cmp_pd_mask((__m512d)vd_abs(x), _mm512_set1_pd(700.0), _CMP_LE_OQ);
}
EXP_Z512(k_cosh_f64, cosh_f64_z512, cosh_ok512, slow_cosh)

/* tanh at avx512, |x| >= 2^-28 (NaN and tiny x through the kernel
   overlaid), a = min(|x|, 20) (tanh(20) rounds to 1; inf included).
   a >= 1/4: tanh(a) = 1 - q, q = 2/D, D = e^2a + 1: e^2a = H (1 + p1) by
   the reduction of exp_f64_z512 on 2a (done on a: s = a - kq ln2/2 with
   the halved constants, the polynomial EXP_C in s with c_n 2^n). D
   rounded (FMA) only for the reciprocal's start: rcp14 and one Newton
   step give y ~ 1/D to 2^-28, cut to 26 bits (yt), so that 1 - yt is
   exact while yt >= 2^-28 (below, its rounding is far below q's needs).
   The residual e = 1 - D yt = (1 - yt) - H yt - (H p1) yt is ~2^-25,
   rounded below 2^-58; q = 2 yt (1 + e + e^2) to 2^-75, and y = 1 - q =
   b + (bl - 2 yt (e + e^2)) with 1 - 2 yt = b + bl exactly (Fast2Sum; bl
   is 0 but where q < 2^-27) rounds once more at the end. Beside that
   rounding, e^2a's error (2^-56.2 the fit, 2^-58 from p1 and r) reaches
   tanh(a) scaled by 2 e^2a/(D^2 tanh(a)) <= 1.92 (at a = 1/4): about 0.5 +
   0.25 ULP (0.75 measured at a = 0.2503; the degree-7 polynomial gave 0.58
   for one FMA more, 10% of the time). a < 1/4: tanh(a) = a + a^3 P(z), z =
   a^2, P of degree 6 fitted (Lawson) to (tanh(a) - a)/a^3 weighted by
   a^3/tanh(a) (2^-57.3); a^3 P is at most 0.021 of y: about 0.5 + 0.05
   ULP. */
static const double EXP_C7[8] = {1.0, 1.0, 0.5, 0x1.555555555553ep-3, 0x1.55555554e6647p-5,
                                 0x1.1111111338ed3p-7, 0x1.6c17f9027f1d8p-10,
                                 0x1.a017b2ec30ecfp-13};
static const double TANH_P[7] = {-0x1.55555555554f5p-2, 0x1.11111110fdee3p-3,
                                 -0x1.ba1ba190b7efdp-5, 0x1.664f334379b80p-6,
                                 -0x1.22685cf3215cap-7, 0x1.d50d7c75b395fp-9,
                                 -0x1.5988bae7bb458p-10};
static inline vd tanh_f64_z512(vd x) {
    vd a = (vd)_mm512_min_pd((__m512d)vd_abs(x), _mm512_set1_pd(20.0));
    /* the reduction of 2a without forming 2a: s = a - kq ln2/2 = r/2 (the
       halved constants exact), the polynomial in s with c_n 2^n */
    vd m = vd_fma(a, (vd){0} + 0x1.71547652b82fep1, (vd){0} + 0x1.8p48), kq = m - 0x1.8p48;
    vd r = vd_fnma(kq, (vd){0} + LN2 / 2, a);
    r = vd_fnma(kq, (vd){0} + LN2_LO / 2, r);
    vd q = vd_fma((vd){0} + EXP_C[6] * 64, r, (vd){0} + EXP_C[5] * 32);
    q = vd_fma(q, r, (vd){0} + EXP_C[4] * 16);
    q = vd_fma(q, r, (vd){0} + EXP_C[3] * 8);
    q = vd_fma(q, r, (vd){0} + 2.0);
    q = vd_fma(q, r, (vd){0} + 2.0);
    vd p1 = vd_fma(r, q, vd_lut16(ET, (vdi)m));
    vd H = (vd)_mm512_scalef_pd((__m512d)vd_lut16(EH, (vdi)m), (__m512d)kq);
    vd D = vd_fma(H, p1, H + 1.0);
    vd y = (vd)_mm512_rcp14_pd((__m512d)D);
    y = vd_fma(y, vd_fnma(D, y, (vd){0} + 1.0), y);
    vd yt = (vd)((vdi)y & ~(int64_t)0x7ffffff); /* 26 bits */
    vd e = vd_fnma(H, yt, 1.0 - yt);
    e = vd_fnma(H * p1, yt, e);
    e = vd_fma(e, e, e);
    vd u = yt * 2.0, b = 1.0 - u, bl = (1.0 - b) - u;
    vd ye = b + vd_fnma(u, e, bl);
    vd z = a * a;
    vd P = vd_fma((vd){0} + TANH_P[6], z, (vd){0} + TANH_P[5]);
    for (int i = 4; i >= 0; i--) P = vd_fma(P, z, (vd){0} + TANH_P[i]);
    vd yp = vd_fma(a * z, P, a);
    __mmask8 small = _mm512_cmp_pd_mask((__m512d)a, _mm512_set1_pd(0.25), _CMP_LT_OQ);
    return vd_xorsign((vd)_mm512_mask_mov_pd((__m512d)ye, small, (__m512d)yp), x);
}
static inline __mmask8 tanh_ok512(vd x) {
    return _mm512_cmp_pd_mask((__m512d)vd_abs(x), _mm512_set1_pd(0x1p-28), _CMP_GE_OQ);
}
EXP_Z512(k_tanh_f64, tanh_f64_z512, tanh_ok512, slow_tanh)

/* expm1 at avx512, |x| in [2^-60, 36] (the rest through the kernel overlaid).
   |x| >= 1/4: e^x = H (1 + p1) by the reduction of exp_f64_z512 with the
   degree-7 polynomial (EXP_C7, 2^-65), H = 2^floor(kq) EH[j] (exact). H - 1
   is exact for H in [1/2, 2^53) (H's last bit is at least 2^-53 there, and
   for H >= 2 the difference keeps H's grid), and below 1/2 its rounding
   error is H - (hi + 1) exactly (hi + 1 is exact, hi in (-1, -1/2]); the
   same expression is 0 where hi is exact. y = hi + (err + H p1) rounds the
   parenthesis (at most 0.03 H, H <= 4.5 |y| for |x| >= 1/4) and the sum:
   with p1's own roundings (2^-58 of e^x) about 0.5 + 0.15 ULP. |x| < 1/4:
   expm1(x) = x + x^2 P(x), P of degree 9 fitted (Lawson, P(0) = 1/2) to
   (expm1(x) - x)/x^2 weighted by x^2/expm1(x) (2^-59.2); x^2 P is at most
   0.14 of y with three roundings: about 0.5 + 0.1 ULP. The E-branch
   polynomial needs no r^2, and x^2 >= 2^-120 here: nothing underflows. */
static const double EXPM1_P[10] = {0.5,
                                   0x1.5555555555554p-3,
                                   0x1.5555555555368p-5,
                                   0x1.1111111111a29p-7,
                                   0x1.6c16c16e0c819p-10,
                                   0x1.a01a01998f3d0p-13,
                                   0x1.a019ec8127a61p-16,
                                   0x1.71de538e33e09p-19,
                                   0x1.2841cb2d59395p-22,
                                   0x1.ae5611b1f0c03p-26};
static inline vd expm1_f64_z512(vd x) {
    vd m, kq;
    vd r = sc_reduce512(x, &m, &kq);
    vd q = vd_fma((vd){0} + EXP_C7[7], r, (vd){0} + EXP_C7[6]);
    for (int i = 5; i >= 1; i--) q = vd_fma(q, r, (vd){0} + EXP_C7[i]);
    vd p1 = vd_fma(r, q, vd_lut16(ET, (vdi)m));
    vd H = (vd)_mm512_scalef_pd((__m512d)vd_lut16(EH, (vdi)m), (__m512d)kq);
    vd hi = H - 1.0, err = H - (hi + 1.0);
    vd ye = hi + vd_fma(H, p1, err);
    vd P = vd_fma((vd){0} + EXPM1_P[9], x, (vd){0} + EXPM1_P[8]);
    for (int i = 7; i >= 0; i--) P = vd_fma(P, x, (vd){0} + EXPM1_P[i]);
    vd yp = vd_fma(x * x, P, x);
    __mmask8 small = _mm512_cmp_pd_mask((__m512d)vd_abs(x), _mm512_set1_pd(0.25), _CMP_LT_OQ);
    return (vd)_mm512_mask_mov_pd((__m512d)ye, small, (__m512d)yp);
}
static inline __mmask8 expm1_ok512(vd x) {
    __m512d a = (__m512d)vd_abs(x);
    return _mm512_cmp_pd_mask(a, _mm512_set1_pd(36.0), _CMP_LE_OQ) &
           _mm512_cmp_pd_mask(a, _mm512_set1_pd(0x1p-60), _CMP_GE_OQ);
}
EXP_Z512(k_expm1_f64, expm1_f64_z512, expm1_ok512, slow_expm1)

static void init_tables(void) {
    for (int j = 0; j < 16; j++) {
        long double v = exp2l((long double)j / 16);
        EH[j] = (double)v;
        ET[j] = (double)((v - (long double)EH[j]) / (long double)EH[j]);
        EH2[j] = EH[j] / 2;
    }
    long double c = 1;
    for (int n = 0; n < 7; n++, c *= 0.693147180559945309417232121458176568L)
        EXP2_C[n] = (double)(EXP_C[n] * c);
}
#endif /* ND_VMATH && __AVX512F__ */

void ND_K(nd_kfill_vm_exp64)(nd_ktable *t) {
#if defined(ND_VMATH) && defined(__AVX512F__)
    init_tables();
    slow_exp = t->loops[ND_KOP_EXP][ND_FLOAT64];
    slow_exp2 = t->loops[ND_KOP_EXP2][ND_FLOAT64];
    slow_expm1 = t->loops[ND_KOP_EXPM1][ND_FLOAT64];
    slow_sinh = t->loops[ND_KOP_SINH][ND_FLOAT64];
    slow_cosh = t->loops[ND_KOP_COSH][ND_FLOAT64];
    slow_tanh = t->loops[ND_KOP_TANH][ND_FLOAT64];
    ND_REG(t, EXP, float64, k_exp_f64);
    ND_REG(t, EXP2, float64, k_exp2_f64);
    ND_REG(t, EXPM1, float64, k_expm1_f64);
    ND_REG(t, SINH, float64, k_sinh_f64);
    ND_REG(t, COSH, float64, k_cosh_f64);
    ND_REG(t, TANH, float64, k_tanh_f64);
#else
    (void)t;
#endif
}
