/* nd's own vector kernels for complex64/complex128 at the avx2 and avx512
   levels: absolute value and square root. (The other complex functions keep
   ew_complex.c's glibc loops.)

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
/* max and min of two non-negative numbers by their bits: maxpd/minpd raise
   invalid on a NaN operand, integer compares raise nothing */
static inline vd vd_absmax(vd ax, vd ay) { return vd_sel((vdi)ax > (vdi)ay, ax, ay); }
static inline vd vd_absmin(vd ax, vd ay) { return vd_sel((vdi)ax > (vdi)ay, ay, ax); }

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
    vd a = vd_sel(odd, (vd){0} + 1.0, vd_absmax(ax, ay)),
       b = vd_sel(odd, (vd){0}, vd_absmin(ax, ay));
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
    vd ax = vd_abs(x), ay = vd_abs(y), a = vd_absmax(ax, ay);
    if (vdi_all(vd_ge(a, (vd){0} + 0x1p-60) & vd_le(ax, (vd){0} + 0x1p60) &
                vd_le(ay, (vd){0} + 0x1p60)))
        return hypot_core(a, vd_absmin(ax, ay));
    return hypot_d(x, y);
}
CABS_LOOP(k_cabs_f64, double, vd, ND_LD, vd_ld, vd_st, vd_deinterleave, hypot_d_any)
CABS_LOOP(k_cabs_f32, float, vf, ND_LF, vf_ld, vf_st, vf_deinterleave, hypot_f)

/* sqrt(z), z = x + iy, the principal root (C99 csqrt):
   t = sqrt((|x| + |z|) / 2), then (t, y / 2t) for x >= 0 and
   (|y| / 2t, copysign(t, y)) for x < 0 -- no cancellation anywhere.
   complex128: |z| within 0.52 ULP (hypot_core), the sum and the square root
   add a rounding each, so t is within about 1 ULP and y / 2t within about
   1.5 (measured maxima in docs/accuracy.md). The fast path: both parts
   finite, max(|x|, |y|) in [2^-60, 2^60] (so t > 0 and nothing overflows);
   other vectors go through the overlaid glibc loop.
   complex64: the same in double from exact float inputs (|z| to 0.5 ULP of
   double), so each part is rounded once to float32: within 0.5 ULP + 2^-28;
   fast path: finite parts, not both zero. */
static nd_kloop csqrt_slow_f64, csqrt_slow_f32;

static inline vdi csqrt_d(vd x, vd y, vd *re, vd *im) {
    vd ax = vd_abs(x), ay = vd_abs(y), a = vd_absmax(ax, ay);
    vdi ok =
        vd_ge(a, (vd){0} + 0x1p-60) & vd_le(ax, (vd){0} + 0x1p60) & vd_le(ay, (vd){0} + 0x1p60);
    vd r = hypot_core(vd_sel(ok, a, (vd){0} + 1.0), vd_sel(ok, vd_absmin(ax, ay), (vd){0}));
    vd t = vd_sqrt((ax + r) * 0.5);
    vd q = (vd_sel(ok, ay, (vd){0}) / t) * 0.5; /* |y| / 2t, exact halving */
    vdi neg = vd_lt(x, (vd){0});
    *re = vd_sel(neg, q, t);
    *im = vd_sel(neg, vd_xorsign(t, y), vd_xorsign(q, y));
    return ok;
}

static inline void csqrt_f_half(vd x, vd y, vd *re, vd *im) {
    vd ax = vd_abs(x), ay = vd_abs(y);
    vd r = vd_sqrt(vd_fma(x, x, y * y));
    vd t = vd_sqrt((ax + r) * 0.5);
    vd q = (ay / t) * 0.5;
    vdi neg = vd_lt(x, (vd){0});
    *re = vd_sel(neg, q, t);
    *im = vd_sel(neg, vd_xorsign(t, y), vd_xorsign(q, y));
}

static inline vfi csqrt_f(vf x, vf y, vf *re, vf *im) {
    vf ax = vf_abs(x), ay = vf_abs(y);
    vfi ok = vf_le(ax, (vf){0} + 0x1.fffffep127f) & vf_le(ay, (vf){0} + 0x1.fffffep127f) &
             (vf_gt(ax, (vf){0}) | vf_gt(ay, (vf){0}));
    vf xs = vf_sel(ok, x, (vf){0} + 1.0f), ys = vf_sel(ok, y, (vf){0});
    vd xl, xh, yl, yh, rl, rh, il, ih;
    vf_to_vd2(xs, &xl, &xh);
    vf_to_vd2(ys, &yl, &yh);
    csqrt_f_half(xl, yl, &rl, &il);
    csqrt_f_half(xh, yh, &rh, &ih);
    *re = vd2_to_vf(rl, rh);
    *im = vd2_to_vf(il, ih);
    return ok;
}

#define CSQRT_LOOP(name, T, V, VI, L, LD, ST, DEINT, INT, CORE, BITS, SLOW)                        \
    static void name##_vec(const char *in, char *out) {                                            \
        V re, im, a, b;                                                                            \
        DEINT(LD(in), LD(in + (L) * sizeof(T)), &re, &im);                                         \
        VI ok = CORE(re, im, &re, &im);                                                            \
        if (BITS(ok) != (1u << (L)) - 1) {                                                         \
            /* a vector with a lane off the fast path: all of it the slow way */                   \
            T buf[2 * (L)];                                                                        \
            memcpy(buf, in, sizeof buf);                                                           \
            char *args[2] = {(char *)buf, out};                                                    \
            int64_t steps[2] = {2 * sizeof(T), 2 * sizeof(T)};                                     \
            SLOW(args, steps, L);                                                                  \
            return;                                                                                \
        }                                                                                          \
        INT(re, im, &a, &b);                                                                       \
        ST(out, a);                                                                                \
        ST(out + (L) * sizeof(T), b);                                                              \
    }                                                                                              \
    static void name(char *const *args, const int64_t *steps, int64_t n) {                         \
        const char *in = args[0];                                                                  \
        char *out = args[1];                                                                       \
        const int64_t si = steps[0], so = steps[1], sz = 2 * (int64_t)sizeof(T);                   \
        int64_t i = 0;                                                                             \
        if (si == sz && so == sz)                                                                  \
            for (; i + (L) <= n; i += (L)) name##_vec(in + i * sz, out + i * sz);                  \
        while (i < n) {                                                                            \
            T src[2 * (L)], res[2 * (L)];                                                          \
            int m = n - i < (L) ? (int)(n - i) : (L);                                              \
            for (int k = 0; k < (L); k++)                                                          \
                memcpy(&src[2 * k], in + (i + (k < m ? k : 0)) * si, (size_t)sz);                  \
            name##_vec((const char *)src, (char *)res);                                            \
            for (int k = 0; k < m; k++) memcpy(out + (i + k) * so, &res[2 * k], (size_t)sz);       \
            i += m;                                                                                \
        }                                                                                          \
    }
CSQRT_LOOP(k_csqrt_f64, double, vd, vdi, ND_LD, vd_ld, vd_st, vd_deinterleave, vd_interleave,
           csqrt_d, vdi_bits, csqrt_slow_f64)
CSQRT_LOOP(k_csqrt_f32, float, vf, vfi, ND_LF, vf_ld, vf_st, vf_deinterleave, vf_interleave,
           csqrt_f, vfi_bits, csqrt_slow_f32)
#endif

void ND_K(nd_kfill_vm_complex)(nd_ktable *t) {
#ifdef ND_VMATH
    t->loops[ND_KOP_ABSOLUTE][ND_COMPLEX128] = k_cabs_f64;
    t->loops[ND_KOP_ABSOLUTE][ND_COMPLEX64] = k_cabs_f32;
    csqrt_slow_f64 = t->loops[ND_KOP_SQRT][ND_COMPLEX128];
    csqrt_slow_f32 = t->loops[ND_KOP_SQRT][ND_COMPLEX64];
    t->loops[ND_KOP_SQRT][ND_COMPLEX128] = k_csqrt_f64;
    t->loops[ND_KOP_SQRT][ND_COMPLEX64] = k_csqrt_f32;
#else
    (void)t;
#endif
}
