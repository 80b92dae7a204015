/* nd's own vector kernels for complex64/complex128 at the avx2 and avx512
   levels: absolute value. (The other complex functions keep ew_complex.c's
   glibc loops.)

   |z| = hypot(re, im). complex128: with a = max(|re|, |im|) and b = min,
   both scaled by the power of two 2^-k that brings a into [1, 2) (exact:
   a scaled b only loses bits below 2^-1074 relative to a, far under an ulp
   of the result), s = a^2 + b^2 as a double-double (each square exact as
   hi + lo by FMA, the sum by Fast2Sum since a^2 >= b^2), h = sqrt(s_hi)
   and one Newton correction h + (s_hi - h^2 + s_lo) / (2h) with s_hi - h^2
   exact by FMA and 1/h to 12 bits (the correction is below 2^-52 h, so its
   own error is below 2^-64 h): the error before the last rounding is
   below 2^-63 relative, so the result is within 0.5 ULP + 2^-10 ULP. complex64: in double, the
   squares are exact, their sum rounds once, sqrt once, and the rounding to float32 once: under 0.5
   ULP + 2^-29. Special values as C99 hypot and NumPy: an infinite part gives inf even with a NaN
   other part, else a NaN gives NaN; no flags beyond overflow of a result above the largest double
   (both parts near DBL_MAX, raised by the final scaling). */
#include "generic/vmath.h"

#ifdef ND_VMATH
/* sqrt(a^2 + b^2) for 0 <= b <= a with a in [2^-60, 2^60]: no scaling
   needed (a^2 and the result are normal; a b^2 that underflows is far below
   ulp(a^2) and changes nothing), and h within float range for the
   approximate reciprocal at avx2 */
static inline vd hypot_core(vd a, vd b) {
    vd aa = a * a, aal = vd_fms(a, a, aa);
    vd bb = b * b, bbl = vd_fms(b, b, bb);
    vd sh = aa + bb;
    vd sl = (bb - (sh - aa)) + aal + bbl;
    vd h = vd_sqrt(sh);
    vd r = vd_fnma(h, h, sh) + sl;
    return vd_fma(r * 0.5, vd_rcp_approx(h), h); /* r/(2h) needs only a few bits */
}

static inline vd hypot_d(vd x, vd y) {
    const vd inf = (vd){0} + __builtin_inf();
    vd ax = vd_abs(x), ay = vd_abs(y);
    /* zeros, infinities and NaN take a harmless 1 (no flags) and are set last */
    vdi nan = (ax != ax) | (ay != ay), infinite = (ax == inf) | (ay == inf);
    vdi zero = (ax == 0.0) & (ay == 0.0), odd = nan | infinite | zero;
    vd a = vd_sel(odd, (vd){0} + 1.0, vd_max(ax, ay)), b = vd_sel(odd, (vd){0}, vd_min(ax, ay));
    /* k = the exponent of a, in [-1022, 1022] so that 2^-k and 2^k are
       normal (a subnormal a, exponent field 0, counts as 2^-1022: scaled,
       it stays below 1 but far inside the normal range) */
    vdi e = ((vdi)a >> 52) & 0x7ff;
    e = vdi_sel(e == 0, (vdi){0} + 1, e);
    e = vdi_sel(e > 2045, (vdi){0} + 2045, e);
    vdi k = e - 1023;
    vd down = (vd)((1023 - k) << 52), up = (vd)((1023 + k) << 52);
    vd res = hypot_core(a * down, b * down) * up;
    res = vd_sel(zero, (vd){0}, res);
    res = vd_sel(nan, ax + ay, res);
    return vd_sel(infinite, inf, res);
}

static inline vf hypot_f(vf x, vf y) {
    vd xl, xh, yl, yh;
    vf_to_vd2(x, &xl, &xh);
    vf_to_vd2(y, &yl, &yh);
    vd sl = vd_sqrt(vd_fma(xl, xl, yl * yl)), sh = vd_sqrt(vd_fma(xh, xh, yh * yh));
    vf r = vd2_to_vf(sl, sh);
    /* an infinite part wins over a NaN one (inf + NaN would be NaN) */
    vf ax = vf_abs(x), ay = vf_abs(y);
    return vf_sel((ax == __builtin_inff()) | (ay == __builtin_inff()), (vf){0} + __builtin_inff(),
                  r);
}

/* The squares in double are exact (48-bit products), so fma(x, x, y*y) is
   x^2 + y^2 rounded once; with no scaling needed, nothing overflows in
   double, and the final rounding to float32 raises overflow where |z| is
   above FLT_MAX, as it should. */

#define CABS_LOOP(name, T, V, L, LD, ST, DEINT, HYPOT)                                             \
    static void name(char *const *args, const int64_t *steps, int64_t n) {                         \
        const char *in = args[0];                                                                  \
        char *out = args[1];                                                                       \
        const int64_t si = steps[0], so = steps[1];                                                \
        int64_t i = 0;                                                                             \
        if (si == 2 * (int64_t)sizeof(T) && so == (int64_t)sizeof(T))                              \
            for (; i + (L) <= n; i += (L)) {                                                       \
                V re, im;                                                                          \
                DEINT(LD(in + 2 * i * sizeof(T)), LD(in + (2 * i + (L)) * sizeof(T)), &re, &im);   \
                ST(out + i * sizeof(T), HYPOT(re, im));                                            \
            }                                                                                      \
        while (i < n) {                                                                            \
            T re[L], im[L], res[L];                                                                \
            int m = n - i < (L) ? (int)(n - i) : (L);                                              \
            for (int k = 0; k < (L); k++) {                                                        \
                const char *p = in + (i + (k < m ? k : 0)) * si;                                   \
                memcpy(&re[k], p, sizeof(T)), memcpy(&im[k], p + sizeof(T), sizeof(T));            \
            }                                                                                      \
            ST(res, HYPOT(LD(re), LD(im)));                                                        \
            for (int k = 0; k < m; k++) memcpy(out + (i + k) * so, &res[k], sizeof(T));            \
            i += m;                                                                                \
        }                                                                                          \
    }
/* every lane in the unscaled range: the core alone (a NaN part fails the
   compares; max() alone would hide it);
   else the scaled path, which brings a into [1, 2) */
static inline vd hypot_d_any(vd x, vd y) {
    vd ax = vd_abs(x), ay = vd_abs(y), a = vd_max(ax, ay);
    if (vdi_all((a >= 0x1p-60) & (ax <= 0x1p60) & (ay <= 0x1p60)))
        return hypot_core(a, vd_min(ax, ay));
    return hypot_d(x, y);
}
CABS_LOOP(k_cabs_f64, double, vd, ND_LD, vd_ld, vd_st, vd_deinterleave, hypot_d_any)
CABS_LOOP(k_cabs_f32, float, vf, ND_LF, vf_ld, vf_st, vf_deinterleave, hypot_f)
#endif

void ND_K(nd_kfill_vm_complex)(nd_ktable *t) {
#ifdef ND_VMATH
    t->loops[ND_KOP_ABSOLUTE][ND_COMPLEX128] = k_cabs_f64;
    t->loops[ND_KOP_ABSOLUTE][ND_COMPLEX64] = k_cabs_f32;
#else
    (void)t;
#endif
}
