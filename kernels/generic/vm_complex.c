/* nd's own vector kernels for complex64/complex128 at the avx2 and avx512
   levels: absolute, sqrt, exp, exp2, log, log2, log10, sin, cos, tan, sinh,
   cosh, tanh. (expm1, log1p and the inverse functions keep ew_complex.c's
   glibc loops.)

   Every function but abs has a fast path over a range of ordinary inputs
   (finite parts, results in the normal range, reductions accurate); a lane
   outside it goes through the loop this overlays (ew_complex.c: glibc, as
   NumPy), so infinities, NaNs, signed zeros, overflow and underflow and
   their flags are exactly as before. The fast lanes compute on harmless
   stand-ins for the slow ones, so the fast path raises no flag; a result
   depends only on its own input.

   complex128 builds each function from four cores written here in double
   (the real kernels of vm_exp.c, vm_log.c and vm_trig.c keep theirs
   private, and the complex functions need other shapes: sin and cos of one
   argument together, sinh and cosh together, log of a double-double):
     exp_core   e^x, |x| <= 700: k = round(x/ln2), r = x - k ln2 (ln2 in two
                parts, the first 42 bits so k ln2_hi is exact), Taylor to r^13
                on |r| <= 0.347 (omitted term < 2^-56), times 2^k: < 1 ULP.
     sincos     |b| <= 2^20: k = round(2b/pi), r = b - k pi/2 as a
                double-double (pi/2 in 33 + 33 + 53 bits: the first two
                products exact, the representation error k 2^-117 < 2^-96),
                lanes with k != 0 and |r| < 2^-30 are off the fast path (the
                reduction would be only 2^-66 relative there), Taylor to r^17
                (sin) and r^18 (cos) on |r| <= pi/4 (omitted terms < 2^-56
                relative): each within about 1 ULP.
     shch       sinh and cosh: E = e^|a|, cosh = (E + 1/E)/2 (about 1.5 ULP),
                sinh = (E - 1/E)/2 for |a| >= 1 (cancellation at most
                e/(e - 1/e) = 1.16: about 2 ULP), else Taylor to a^17 (under
                1 ULP).
     clog       log|z| = log(x^2 + y^2)/2 with x^2 + y^2 = sh + sl exact to
                2^-106 (FMA squares, Fast2Sum), sh = 2^k m, m in [0.75, 1.5),
                g = (m - 1) + sl 2^-k, log m = 2 atanh(g/(2 + g)) to u^23
                (omitted < 2^-56 relative); lanes with k = 0 and |m - 1| <
                2^-40 (|z| within 2^-41 of 1) go the slow way. About 2 ULP.
                arg z = atan2(y, x) by octant: t = (b - c a)/(a + c b) with c
                = j/8 the nearest eighth of b/a, atan(c) from a table (hi + lo
                from long double), atan t to t^13 (|t| <= 1/16 + 2^-12,
                omitted < 2^-56 relative), then K +- atan with K in {0, pi/2,
                pi} in double-double: about 1 ULP.
   The functions (x + iy): exp = e^x (cos y, sin y); sin = (sin x cosh y,
   cos x sinh y); cos = (cos x cosh y, -sin x sinh y); sinh = (sinh x cos y,
   cosh x sin y); cosh = (cosh x cos y, sinh x sin y); tanh = (sinh x cosh
   x, sin y cos y) / (sinh^2 x + cos^2 y) and tan the same with the roles
   swapped (glibc's formulas: no cancellation); exp2, log2, log10 as NumPy,
   exp(z ln2) and log(z) times a constant, each rounded in the dtype. Each
   part of a product of two cores is within about 3 ULP, a tanh/tan part
   within about 5; docs/accuracy.md has the measured maxima.

   complex64 evaluates the same double cores on the exact float inputs
   (through float64, one rounding at the end) and so is within 0.5 ULP +
   2^-20 ULP per part; its fast path also asks that each double result be
   zero or in float's normal range, so the rounding to float32 raises no
   flag. */
#include "generic/vmath.h"

#ifdef ND_VMATH
#include <math.h>

#define VD(c) ((vd){0} + (c))
#define VF(c) ((vf){0} + (c))

/* ---------------------------------------------------------------- helpers */
/* max and min of two non-negative numbers by their bits: maxpd/minpd raise
   invalid on a NaN operand, integer compares raise nothing */
static inline vd vd_absmax(vd ax, vd ay) { return vd_sel((vdi)ax > (vdi)ay, ax, ay); }
static inline vd vd_absmin(vd ax, vd ay) { return vd_sel((vdi)ax > (vdi)ay, ay, ax); }
/* |x| <= c, |x| < c, |x| >= c on the bits (quiet; NaN fails the first two) */
static inline vdi abs_le(vd x, double c) { return (vdi)((vdu)vd_abs(x) <= (vdu)VD(c)); }
static inline vdi abs_lt(vd x, double c) { return (vdi)((vdu)vd_abs(x) < (vdu)VD(c)); }
static inline vdi abs_ge(vd x, double c) { return (vdi)((vdu)vd_abs(x) >= (vdu)VD(c)); }
static inline vdi zero_or_ge(vd x, double c) { return (vdi)(vd_abs(x) == 0.0) | abs_ge(x, c); }
/* 1/x to about 12 bits, x a positive normal float */
#if defined(__AVX512F__)
static inline vf vf_rcp_approx(vf x) { return _mm512_rcp14_ps(x); }
#else
static inline vf vf_rcp_approx(vf x) { return _mm256_rcp_ps(x); }
#endif
/* the double of a small integer in an int64 lane (|k| < 2^51) */
static inline vd vd_from_i(vdi k) { return (vd)((vdu)k + (vdu)VD(0x1.8p52)) - 0x1.8p52; }

/* ---------------------------------------------------------------- |z| */
/* sqrt(a^2 + b^2) for 0 <= b <= a with a in [2^-60, 2^60]: no scaling
   needed (a^2 and the result are normal; a b^2 that underflows is far below
   ulp(a^2) and changes nothing), and h within float range for the
   approximate reciprocal at avx2.
   With a and b scaled into range, s = a^2 + b^2 as a double-double (each
   square exact as hi + lo by FMA, the sum by Fast2Sum since a^2 >= b^2),
   h = sqrt(s_hi) and one Newton correction h + (s_hi - h^2 + s_lo) / (2h)
   with s_hi - h^2 exact by FMA and 1/h to 12 bits (the correction is below
   2^-52 h, so its own error is below 2^-64 h): the error before the last
   rounding is below 2^-63 relative, so the result is within 0.5 ULP +
   2^-10 ULP. Special values as C99 hypot and NumPy: an infinite part gives
   inf even with a NaN other part, else a NaN gives NaN; no flags beyond
   overflow of a result above the largest double (both parts near DBL_MAX,
   raised by the final scaling). */
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
    const vd inf = VD(__builtin_inf());
    vd ax = vd_abs(x), ay = vd_abs(y);
    /* zeros, infinities and NaN take a harmless 1 (no flags) and are set last */
    vdi nan = (ax != ax) | (ay != ay), infinite = (ax == inf) | (ay == inf);
    vdi zero = (ax == 0.0) & (ay == 0.0), odd = nan | infinite | zero;
    vd a = vd_sel(odd, VD(1.0), vd_absmax(ax, ay)), b = vd_sel(odd, VD(0.0), vd_absmin(ax, ay));
    /* k = the exponent of a, in [-1022, 1022] so that 2^-k and 2^k are
       normal (a subnormal a, exponent field 0, counts as 2^-1022: scaled,
       it stays below 1 but far inside the normal range) */
    vdi e = ((vdi)a >> 52) & 0x7ff;
    e = vdi_sel(e == 0, (vdi){0} + 1, e);
    e = vdi_sel(e > 2045, (vdi){0} + 2045, e);
    vdi k = e - 1023;
    vd down = (vd)((1023 - k) << 52), up = (vd)((1023 + k) << 52);
    vd res = hypot_core(a * down, b * down) * up;
    res = vd_sel(zero, VD(0.0), res);
    res = vd_sel(nan, ax + ay, res);
    return vd_sel(infinite, inf, res);
}

/* every lane in the unscaled range: the core alone (a NaN part fails the
   compares; max() alone would hide it); else the scaled path */
static inline unsigned cabs_d(vd x, vd y, double *res) {
    vd ax = vd_abs(x), ay = vd_abs(y), a = vd_absmax(ax, ay);
    vd r;
    if (vdi_all(vd_ge(a, VD(0x1p-60)) & vd_le(ax, VD(0x1p60)) & vd_le(ay, VD(0x1p60))))
        r = hypot_core(a, vd_absmin(ax, ay));
    else
        r = hypot_d(x, y);
    vd_st(res, r);
    return (1u << ND_LD) - 1;
}

/* complex64 natively in float32, for the lanes with both parts at most
   2^50 and s = x^2 + y^2 (rounded, by FMA) at least 2^-100: h = sqrt(s), then one Newton
   step h + rho / 2h with rho = x^2 + y^2 - h^2 from h^2 = hh + hl exact
   (FMA), u = x^2 - hh (one FMA, error <= 2^-24 |x^2 - hh| <= 2^-24 y^2 +
   2^-46 s) and rho = (y^2 + u) - hl (roundings of quantities below 2^-21
   s: 2^-45 s); with 1/h to 12 bits the step's own error is below 2^-34 h.
   Before the last rounding the error is below 2^-25 y^2 / h + 2^-33 h <=
   (2^-25 + 2^-33) h, at most half an ulp plus 2^-9 ulp: the result is
   within 1 ULP (+ 2^-9). No max/min ordering of the parts (which would
   halve the first term) -- it costs a third of the loop's time. Other
   lanes in double, where squares of floats are exact and nothing
   overflows: sqrt(x^2 + y^2) rounded twice, within 0.5 ULP + 2^-29. A part
   below 2^-63 next to a large one may raise underflow in y * y (as the
   complex128 path's b * b); the result is unaffected. */
static inline vf hypot_f_core(vf x, vf y, vf s) {
    vf h = vf_sqrt(s), hh = h * h, hl = vf_fms(h, h, hh);
    vf rho = vf_fma(y, y, vf_fms(x, x, hh)) - hl;
    return vf_fma(rho * 0.5f, vf_rcp_approx(h), h);
}

static inline vf hypot_f_wide(vf x, vf y) {
    vd xl, xh, yl, yh;
    vf_to_vd2(x, &xl, &xh);
    vf_to_vd2(y, &yl, &yh);
    vd sl = vd_sqrt(vd_fma(xl, xl, yl * yl)), sh = vd_sqrt(vd_fma(xh, xh, yh * yh));
    vf r = vd2_to_vf(sl, sh);
    /* an infinite part wins over a NaN one (inf + NaN would be NaN) */
    vf ax = vf_abs(x), ay = vf_abs(y);
    return vf_sel((ax == __builtin_inff()) | (ay == __builtin_inff()), VF(__builtin_inff()), r);
}

#if defined(__AVX512F__)
static inline vfu vfu_max(vfu a, vfu b) { return (vfu)_mm512_max_epu32((__m512i)a, (__m512i)b); }
#else
static inline vfu vfu_max(vfu a, vfu b) { return (vfu)_mm256_max_epu32((__m256i)a, (__m256i)b); }
#endif
/* the fast lanes: both parts at most 2^50 (by the bits: no square can
   overflow) and s >= 2^-100; per lane, so that a result does not depend on
   its neighbours */
static inline unsigned cabs_f(vf x, vf y, float *res) {
    vfi big = (vfi)(vfu_max((vfu)vf_abs(x), (vfu)vf_abs(y)) > (vfu)VF(0x1p50f));
    vf xs = vf_sel(big, VF(1.0f), x), ys = vf_sel(big, VF(0.0f), y);
    vf s = vf_fma(xs, xs, ys * ys);
    vfi in = ~big & (vfi)((vfu)s >= (vfu)VF(0x1p-100f));
    if (vfi_all(in)) {
        vf_st(res, hypot_f_core(x, y, s));
    } else {
        xs = vf_sel(in, x, VF(1.0f)), ys = vf_sel(in, y, VF(0.0f)), s = vf_sel(in, s, VF(1.0f));
        vf_st(res, vf_sel(in, hypot_f_core(xs, ys, s), hypot_f_wide(x, y)));
    }
    return (1u << ND_LF) - 1;
}

/* ---------------------------------------------------------------- cores */
#define INV_LN2 0x1.71547652b82fep+0
#define LN2_HI 0x1.62e42fefa3800p-1 /* 42 bits: k LN2_HI exact for |k| < 2^11 */
#define LN2_LO 0x1.ef35793c76730p-45
#define TWO_PI 0x1.45f306dc9c883p-1 /* 2/pi */
#define PIO2_1 0x1.921fb54400000p+0 /* pi/2 in 33 + 33 + 53 bits */
#define PIO2_2 0x1.0b4611a600000p-34
#define PIO2_3 0x1.3198a2e037073p-69
#define PIO2_HI 0x1.921fb54442d18p+0
#define PIO2_LO 0x1.1a62633145c07p-54
#define PI_HI 0x1.921fb54442d18p+1
#define PI_LO 0x1.1a62633145c07p-53

/* e^x for |x| <= 700; |x| < 2^-60 gives 1 (its rounding) without the
   polynomial, whose high powers would underflow */
static inline vd exp_core(vd x) {
    x = vd_sel(abs_lt(x, 0x1p-60), VD(0.0), x);
    vdi ki;
    vd kd = vd_round_i(x * INV_LN2, &ki);
    vd r = vd_fnma(kd, VD(LN2_HI), x);
    r = vd_fnma(kd, VD(LN2_LO), r);
    vd p = VD(1.0 / 6227020800.0); /* 1/13! */
    p = vd_fma(p, r, VD(1.0 / 479001600.0));
    p = vd_fma(p, r, VD(1.0 / 39916800.0));
    p = vd_fma(p, r, VD(1.0 / 3628800.0));
    p = vd_fma(p, r, VD(1.0 / 362880.0));
    p = vd_fma(p, r, VD(1.0 / 40320.0));
    p = vd_fma(p, r, VD(1.0 / 5040.0));
    p = vd_fma(p, r, VD(1.0 / 720.0));
    p = vd_fma(p, r, VD(1.0 / 120.0));
    p = vd_fma(p, r, VD(1.0 / 24.0));
    p = vd_fma(p, r, VD(1.0 / 6.0));
    p = vd_fma(p, r, VD(0.5));
    p = vd_fma(p, r, VD(1.0));
    p = vd_fma(p, r, VD(1.0));
    return p * vd_pow2i(ki);
}

/* sin b and cos b for |b| <= 2^20 (see the top); the mask: the lanes where
   the reduction is accurate */
static inline vdi sincos_core(vd b, vd *s, vd *c) {
    vdi tiny = abs_lt(b, 0x1p-60);
    vd bf = vd_sel(tiny, VD(0.0), b);
    vdi ki;
    vd kd = vd_round_i(bf * TWO_PI, &ki);
    vd r1 = vd_fnma(kd, VD(PIO2_1), bf); /* exact */
    vd t = kd * PIO2_2;                  /* exact */
    vd r = r1 - t, z = r - r1;           /* TwoSum(r1, -t) */
    vd rl = (r1 - (r - z)) - (t + z);
    rl = vd_fnma(kd, VD(PIO2_3), rl);
    /* k pi/2 in the third part reaches 2^-49, many ulps of a small r:
       renormalize (Fast2Sum) so that the first-order corrections below
       suffice */
    vd rn = r + rl;
    rl = rl - (rn - r), r = rn;
    vd r2 = r * r;
    vd ps = VD(1.0 / 355687428096000.0); /* 1/17! ... -1/3! */
    ps = vd_fma(ps, r2, VD(-1.0 / 1307674368000.0));
    ps = vd_fma(ps, r2, VD(1.0 / 6227020800.0));
    ps = vd_fma(ps, r2, VD(-1.0 / 39916800.0));
    ps = vd_fma(ps, r2, VD(1.0 / 362880.0));
    ps = vd_fma(ps, r2, VD(-1.0 / 5040.0));
    ps = vd_fma(ps, r2, VD(1.0 / 120.0));
    ps = vd_fma(ps, r2, VD(-1.0 / 6.0));
    vd pc = VD(1.0 / 6402373705728000.0); /* 1/18! ... 1/4! */
    pc = vd_fma(pc, r2, VD(-1.0 / 20922789888000.0));
    pc = vd_fma(pc, r2, VD(1.0 / 87178291200.0));
    pc = vd_fma(pc, r2, VD(-1.0 / 479001600.0));
    pc = vd_fma(pc, r2, VD(1.0 / 3628800.0));
    pc = vd_fma(pc, r2, VD(-1.0 / 40320.0));
    pc = vd_fma(pc, r2, VD(1.0 / 720.0));
    pc = vd_fma(pc, r2, VD(-1.0 / 24.0));
    /* sin(r + rl) = r + (rl + r^3 ps), cos(r + rl) = 1 - (r^2/2 - (r^4 pc' - r rl)) */
    vd sv = r + vd_fma(r * r2, ps, rl);
    vd cv = 1.0 - vd_fms(r2, VD(0.5), vd_fnma(r, rl, (r2 * r2) * -pc));
    /* the quadrant: k odd swaps, bit 1 of k (resp. k + 1) negates sin (cos) */
    vdi odd = (vdi)(((vdu)ki & 1) != 0);
    vd so = vd_sel(odd, cv, sv), co = vd_sel(odd, sv, cv);
    so = (vd)((vdu)so ^ (((vdu)ki & 2) << 62));
    co = (vd)((vdu)co ^ ((((vdu)ki + 1) & 2) << 62));
    *s = vd_sel(tiny, b, so);
    *c = vd_sel(tiny, VD(1.0), co);
    return (ki == 0) | abs_ge(r, 0x1p-30);
}

/* sinh a and cosh a for |a| <= 700 */
static inline void shch_core(vd a, vd *sh, vd *ch) {
    vd aa = vd_abs(a);
    vd e = exp_core(aa), ei = 1.0 / e;
    *ch = (e + ei) * 0.5;
    vdi tiny = abs_lt(a, 0x1p-60);
    vd af = vd_sel(tiny, VD(0.0), a), a2 = af * af;
    vd p = VD(1.0 / 355687428096000.0); /* 1/17! ... 1/3! */
    p = vd_fma(p, a2, VD(1.0 / 1307674368000.0));
    p = vd_fma(p, a2, VD(1.0 / 6227020800.0));
    p = vd_fma(p, a2, VD(1.0 / 39916800.0));
    p = vd_fma(p, a2, VD(1.0 / 362880.0));
    p = vd_fma(p, a2, VD(1.0 / 5040.0));
    p = vd_fma(p, a2, VD(1.0 / 120.0));
    p = vd_fma(p, a2, VD(1.0 / 6.0));
    vd small = vd_sel(tiny, a, vd_fma(af * a2, p, af));
    *sh = vd_sel(abs_lt(a, 1.0), small, vd_xorsign((e - ei) * 0.5, a));
}

/* atan(j/8) = AT_HI[j] + AT_LO[j], j = 0..8 (16 entries for vd_lut16) */
static double AT_HI[16], AT_LO[16];
static void init_tables(void) {
    for (int j = 0; j <= 8; j++) {
        long double v = atanl((long double)j / 8);
        AT_HI[j] = (double)v;
        AT_LO[j] = (double)(v - (long double)AT_HI[j]);
    }
}

/* log|z| and arg z for finite parts, not both zero, max(|x|, |y|) in
   [2^-450, 2^450] and min(|x|, |y|) zero or >= 2^-450 (so the squares and
   their low parts are normal); the mask: not within 2^-41 of |z| = 1 */
static inline vdi clog_core(vd x, vd y, vd *re, vd *im) {
    vd ax = vd_abs(x), ay = vd_abs(y);
    vdi yb = (vdi)ay > (vdi)ax;
    vd a = vd_sel(yb, ay, ax), b = vd_sel(yb, ax, ay);
    vd aa = a * a, aal = vd_fms(a, a, aa), bb = b * b, bbl = vd_fms(b, b, bb);
    vd sh = aa + bb, sl = (bb - (sh - aa)) + (aal + bbl);
    /* sh = 2^k m; a low part below 2^-120 sh changes nothing and could
       underflow when scaled */
    vdu bits = (vdu)sh;
    vdi k = (vdi)(bits - (vdu)VD(0.75)) >> 52;
    vd m = (vd)(bits - ((vdu)k << 52)), f = m - 1.0;
    sl =
        vd_sel((vdi)((vdu)vd_abs(sl) < bits - (vdu)((vdi){0} + ((int64_t)120 << 52))), VD(0.0), sl);
    vd g = vd_fma(sl, vd_pow2i(-k), f);
    vd u = g / (2.0 + g), u2 = u * u;
    vd p = VD(1.0 / 23); /* 1/23 ... 1/3 */
    for (int i = 21; i >= 3; i -= 2) p = vd_fma(p, u2, VD(1.0 / i));
    vd kd = vd_from_i(k);
    vd lg = vd_fma(kd, VD(LN2_HI), vd_fma((u + u) * u2, p, vd_fma(kd, VD(LN2_LO), u + u)));
    *re = lg * 0.5;
    /* the argument: a in [1, 2) by a power of two, j = nearest 8 b/a */
    vdi ea = (vdi)((vdu)a >> 52) - 1023;
    vd sc = vd_pow2i(-ea), as = a * sc, bs = b * sc;
    vdi ji;
    vd c = vd_round_i(bs * vd_rcp_approx(as) * 8.0, &ji) * 0.125;
    vd t = vd_fnma(c, as, bs) / vd_fma(c, bs, as), t2 = t * t;
    vd q = VD(1.0 / 13);
    q = vd_fma(q, t2, VD(-1.0 / 11));
    q = vd_fma(q, t2, VD(1.0 / 9));
    q = vd_fma(q, t2, VD(-1.0 / 7));
    q = vd_fma(q, t2, VD(1.0 / 5));
    q = vd_fma(q, t2, VD(-1.0 / 3));
    vd hi = vd_lut16(AT_HI, ji), lo = vd_lut16(AT_LO, ji) + vd_fma(t * t2, q, t);
    /* K + sigma atan: sigma negative when exactly one of yb, x < 0 */
    vdi xneg = (vdi)x < 0;
    vd kh = vd_sel(yb, VD(PIO2_HI), vd_sel(xneg, VD(PI_HI), VD(0.0)));
    vd kl = vd_sel(yb, VD(PIO2_LO), vd_sel(xneg, VD(PI_LO), VD(0.0)));
    vd neg = (vd)((yb ^ xneg) & INT64_MIN);
    hi = (vd)((vdu)hi ^ (vdu)neg), lo = (vd)((vdu)lo ^ (vdu)neg);
    vd s = kh + hi, e = hi - (s - kh); /* Fast2Sum: |kh| >= |hi| or kh = 0 */
    *im = vd_xorsign(s + (e + (kl + lo)), y);
    return (k != 0) | abs_ge(f, 0x1p-40);
}

/* ---------------------------------------------------------------- ops
   op(x, y, &re, &im, f32): the result's parts and the mask of lanes on
   the fast path; inputs off it are replaced by harmless ones first. f32:
   the inputs are exact floats (and the caller checks the results' range),
   so only the cores' own ranges apply. */
static inline vdi trig_ok(vd b, const int f32) {
    return abs_le(b, 0x1p20) & (f32 ? (vdi){0} - 1 : zero_or_ge(b, 0x1p-100));
}
static inline vdi hyp_ok(vd a, double lim, const int f32) {
    return abs_le(a, lim) & (f32 ? (vdi){0} - 1 : zero_or_ge(a, 0x1p-100));
}

static inline vdi op_exp(vd x, vd y, vd *re, vd *im, const int f32) {
    vdi ok = abs_le(x, 600.0) & trig_ok(y, f32);
    vd s, c, e = exp_core(vd_sel(ok, x, VD(0.0)));
    ok &= sincos_core(vd_sel(ok, y, VD(0.0)), &s, &c);
    *re = e * c, *im = e * s;
    return ok;
}

/* sin, cos, sinh, cosh: HYP the argument of the hyperbolic functions */
#define SC_OP(name, HYP, TRIG, RE, IM)                                                             \
    static inline vdi name(vd x, vd y, vd *re, vd *im, const int f32) {                            \
        vdi ok = hyp_ok(HYP, 600.0, f32) & trig_ok(TRIG, f32);                                     \
        vd sh, ch, s, c;                                                                           \
        shch_core(vd_sel(ok, HYP, VD(0.0)), &sh, &ch);                                             \
        ok &= sincos_core(vd_sel(ok, TRIG, VD(0.0)), &s, &c);                                      \
        *re = RE, *im = IM;                                                                        \
        return ok;                                                                                 \
    }
SC_OP(op_sin, y, x, s *ch, c *sh)
SC_OP(op_cos, y, x, c *ch, -(s *sh))
SC_OP(op_sinh, x, y, sh *c, ch *s)
SC_OP(op_cosh, x, y, ch *c, sh *s)

/* tanh(a + ib) = (sinh a cosh a, sin b cos b) / (sinh^2 a + cos^2 b) */
static inline vdi tanh_parts(vd a, vd b, vd *p, vd *q, const int f32) {
    vdi ok = hyp_ok(a, 250.0, f32) & trig_ok(b, f32);
    vd sh, ch, s, c;
    shch_core(vd_sel(ok, a, VD(0.0)), &sh, &ch);
    ok &= sincos_core(vd_sel(ok, b, VD(0.0)), &s, &c);
    vd den = vd_fma(sh, sh, c * c);
    *p = (sh * ch) / den, *q = (s * c) / den;
    return ok;
}
static inline vdi op_tanh(vd x, vd y, vd *re, vd *im, const int f32) {
    return tanh_parts(x, y, re, im, f32);
}
/* tan z = -i tanh(iz): (sin x cos x, sinh y cosh y) / (cos^2 x + sinh^2 y) */
static inline vdi op_tan(vd x, vd y, vd *re, vd *im, const int f32) {
    return tanh_parts(y, x, im, re, f32);
}

static inline vdi op_log(vd x, vd y, vd *re, vd *im, const int f32) {
    vd ax = vd_abs(x), ay = vd_abs(y), a = vd_absmax(ax, ay), b = vd_absmin(ax, ay);
    vdi ok = f32 ? abs_le(a, 0x1p200) & (vdi)(a != 0.0)
                 : abs_le(a, 0x1p450) & abs_ge(a, 0x1p-450) & zero_or_ge(b, 0x1p-450);
    ok &= clog_core(vd_sel(ok, x, VD(1.0)), vd_sel(ok, y, VD(1.0)), re, im);
    return ok;
}

/* ---------------------------------------------------------------- loops
   CX_F64(name, OP, PRE, POST) and CX_F32(...) make
   unsigned name(V re, V im, T *res): the interleaved results of one vector
   of elements in res and the lanes on the fast path as bits. PRE(x, y)
   and POST(re, im) adjust the inputs and results in the dtype (exp2's
   z ln2, log2's and log10's constant). */
#define NOP(a, b) ((void)0)
#define TIMES_LN2(T) x = x * (T)0.693147180559945309417, y = y * (T)0.693147180559945309417
#define PRE_EXP2_D(x, y) TIMES_LN2(double)
#define PRE_EXP2_F(x, y) TIMES_LN2(float)
#define POST_LOG2_D(a, b) (a = a * 1.442695040888963407360, b = b * 1.442695040888963407360)
#define POST_LOG2_F(a, b) (a = a * 1.442695040888963407360f, b = b * 1.442695040888963407360f)
#define POST_LOG10_D(a, b) (a = a * 0.434294481903251827651, b = b * 0.434294481903251827651)
#define POST_LOG10_F(a, b) (a = a * 0.434294481903251827651f, b = b * 0.434294481903251827651f)

#define CX_F64(name, OP, PRE, POST)                                                                \
    static inline unsigned name(vd x, vd y, double *res) {                                         \
        PRE(x, y);                                                                                 \
        vd re, im, a, b;                                                                           \
        vdi ok = OP(x, y, &re, &im, 0);                                                            \
        POST(re, im);                                                                              \
        vd_interleave(re, im, &a, &b);                                                             \
        vd_st(res, a), vd_st(res + ND_LD, b);                                                      \
        return vdi_bits(ok);                                                                       \
    }

/* zero or in float's normal range, as a double */
static inline vdi f32_range(vd v) {
    return (vdi)(v == 0.0) | (abs_ge(v, 0x1p-126) & abs_le(v, 0x1.fffffep127));
}
#define CX_F32(name, OP, PRE, POST)                                                                \
    static inline unsigned name(vf x, vf y, float *res) {                                          \
        PRE(x, y);                                                                                 \
        vd xl, xh, yl, yh, rl, rh, il, ih;                                                         \
        vf_to_vd2(x, &xl, &xh);                                                                    \
        vf_to_vd2(y, &yl, &yh);                                                                    \
        vdi okl = OP(xl, yl, &rl, &il, 1), okh = OP(xh, yh, &rh, &ih, 1);                          \
        okl &= f32_range(rl) & f32_range(il), okh &= f32_range(rh) & f32_range(ih);                \
        vf re = vd2_to_vf(vd_sel(okl, rl, VD(0.0)), vd_sel(okh, rh, VD(0.0)));                     \
        vf im = vd2_to_vf(vd_sel(okl, il, VD(0.0)), vd_sel(okh, ih, VD(0.0)));                     \
        POST(re, im);                                                                              \
        vf a, b;                                                                                   \
        vf_interleave(re, im, &a, &b);                                                             \
        vf_st(res, a), vf_st(res + ND_LF, b);                                                      \
        return vdi_bits(okl) | vdi_bits(okh) << ND_LD;                                             \
    }

/* sqrt(z), z = x + iy, the principal root (C99 csqrt):
   t = sqrt((|x| + |z|) / 2), then (t, y / 2t) for x >= 0 and
   (|y| / 2t, copysign(t, y)) for x < 0 -- no cancellation anywhere.
   complex128: |z| within 0.52 ULP (hypot_core), the sum and the square root
   add a rounding each, so t is within about 1 ULP and y / 2t within about
   1.5 (measured maxima in docs/accuracy.md). The fast path: both parts
   finite, max(|x|, |y|) in [2^-60, 2^60] (so t > 0 and nothing overflows).
   complex64: the same in double from exact float inputs (|z| to 0.5 ULP of
   double), so each part is rounded once to float32: within 0.5 ULP + 2^-28;
   fast path: finite parts, not both zero. */
static inline vdi op_sqrt(vd x, vd y, vd *re, vd *im, const int f32) {
    vd ax = vd_abs(x), ay = vd_abs(y), a = vd_absmax(ax, ay);
    vdi ok = f32 ? abs_le(a, 0x1p128) & (vdi)(a != 0.0)
                 : vd_ge(a, VD(0x1p-60)) & vd_le(ax, VD(0x1p60)) & vd_le(ay, VD(0x1p60));
    vd r = f32 ? vd_sqrt(vd_fma(x, x, y * y))
               : hypot_core(vd_sel(ok, a, VD(1.0)), vd_sel(ok, vd_absmin(ax, ay), VD(0.0)));
    r = vd_sel(ok, r, VD(1.0));
    vd t = vd_sqrt((vd_sel(ok, ax, VD(1.0)) + r) * 0.5);
    vd q = (vd_sel(ok, ay, VD(0.0)) / t) * 0.5; /* |y| / 2t, exact halving */
    vdi neg = ((vdi)x < 0) & (vdi)(x != 0.0);
    *re = vd_sel(neg, q, t);
    *im = vd_sel(neg, vd_xorsign(t, y), vd_xorsign(q, y));
    return ok;
}

/* CX_LOOP(name, T, V, L, DEINT, OUTC, CORE, SLOW): the strided 1-D loop of a
   complex op from CORE (above; OUTC parts per result: 2, or 1 for abs).
   Lanes off the fast path are computed again by SLOW, the loop this
   overlays, on a lane buffer whose fast lanes repeat the first slow lane's
   input (so the flags are the slow lanes' own). Tails and strided runs go
   through a lane buffer whose unused lanes repeat lane 0. */
#define CX_LOOP(name, T, V, L, DEINT, OUTC, CORE, SLOW)                                            \
    static                                                                                         \
        __attribute__((noinline, cold)) void name##_fix(const char *in, unsigned bits, T *res) {   \
        T src[2 * (L)], out[OUTC * (L)];                                                           \
        memcpy(src, in, sizeof src);                                                               \
        int f = __builtin_ctz(~bits);                                                              \
        for (int i = 0; i < (L); i++)                                                              \
            if (bits >> i & 1) src[2 * i] = src[2 * f], src[2 * i + 1] = src[2 * f + 1];           \
        char *args[2] = {(char *)src, (char *)out};                                                \
        int64_t steps[2] = {2 * sizeof(T), OUTC * sizeof(T)};                                      \
        SLOW(args, steps, L);                                                                      \
        for (int i = 0; i < (L); i++)                                                              \
            if (!(bits >> i & 1)) memcpy(&res[OUTC * i], &out[OUTC * i], OUTC * sizeof(T));        \
    }                                                                                              \
    static inline void name##_vec(const char *in, char *out) {                                     \
        V a, b, re, im;                                                                            \
        T res[OUTC * (L)];                                                                         \
        memcpy(&a, in, sizeof a);                                                                  \
        memcpy(&b, in + sizeof a, sizeof b);                                                       \
        DEINT(a, b, &re, &im);                                                                     \
        unsigned bits = CORE(re, im, res);                                                         \
        if (bits != (1u << (L)) - 1) name##_fix(in, bits, res);                                    \
        memcpy(out, res, sizeof res);                                                              \
    }                                                                                              \
    static void name(char *const *args, const int64_t *steps, int64_t n) {                         \
        const char *in = args[0];                                                                  \
        char *out = args[1];                                                                       \
        const int64_t si = steps[0], so = steps[1], sz = (int64_t)sizeof(T);                       \
        int64_t i = 0;                                                                             \
        if (si == 2 * sz && so == OUTC * sz)                                                       \
            for (; i + (L) <= n; i += (L)) name##_vec(in + i * si, out + i * so);                  \
        while (i < n) {                                                                            \
            T src[2 * (L)], res[OUTC * (L)];                                                       \
            int m = n - i < (L) ? (int)(n - i) : (L);                                              \
            for (int k = 0; k < (L); k++)                                                          \
                memcpy(&src[2 * k], in + (i + (k < m ? k : 0)) * si, (size_t)(2 * sz));            \
            name##_vec((const char *)src, (char *)res);                                            \
            for (int k = 0; k < m; k++)                                                            \
                memcpy(out + (i + k) * so, &res[OUTC * k], (size_t)(OUTC * sz));                   \
            i += m;                                                                                \
        }                                                                                          \
    }

/* X(kernel op, core, PRE f64, PRE f32, POST f64, POST f32) */
#define CX_OPS(X)                                                                                  \
    X(SQRT, op_sqrt, NOP, NOP, NOP, NOP)                                                           \
    X(EXP, op_exp, NOP, NOP, NOP, NOP)                                                             \
    X(EXP2, op_exp, PRE_EXP2_D, PRE_EXP2_F, NOP, NOP)                                              \
    X(LOG, op_log, NOP, NOP, NOP, NOP)                                                             \
    X(LOG2, op_log, NOP, NOP, POST_LOG2_D, POST_LOG2_F)                                            \
    X(LOG10, op_log, NOP, NOP, POST_LOG10_D, POST_LOG10_F)                                         \
    X(SIN, op_sin, NOP, NOP, NOP, NOP)                                                             \
    X(COS, op_cos, NOP, NOP, NOP, NOP)                                                             \
    X(TAN, op_tan, NOP, NOP, NOP, NOP)                                                             \
    X(SINH, op_sinh, NOP, NOP, NOP, NOP)                                                           \
    X(COSH, op_cosh, NOP, NOP, NOP, NOP)                                                           \
    X(TANH, op_tanh, NOP, NOP, NOP, NOP)

#define CX_DEFINE(OP, CORE, PRED, PREF, POSTD, POSTF)                                              \
    static nd_kloop slow_##OP##_f64, slow_##OP##_f32;                                              \
    CX_F64(core_##OP##_f64, CORE, PRED, POSTD)                                                     \
    CX_F32(core_##OP##_f32, CORE, PREF, POSTF)                                                     \
    CX_LOOP(k_##OP##_f64, double, vd, ND_LD, vd_deinterleave, 2, core_##OP##_f64, slow_##OP##_f64) \
    CX_LOOP(k_##OP##_f32, float, vf, ND_LF, vf_deinterleave, 2, core_##OP##_f32, slow_##OP##_f32)
CX_OPS(CX_DEFINE)

static nd_kloop slow_ABSOLUTE_f64, slow_ABSOLUTE_f32;
CX_LOOP(k_ABSOLUTE_f64, double, vd, ND_LD, vd_deinterleave, 1, cabs_d, slow_ABSOLUTE_f64)
CX_LOOP(k_ABSOLUTE_f32, float, vf, ND_LF, vf_deinterleave, 1, cabs_f, slow_ABSOLUTE_f32)
#endif

void ND_K(nd_kfill_vm_complex)(nd_ktable *t) {
#ifdef ND_VMATH
    init_tables();
#define CX_SET(OP, ...)                                                                            \
    slow_##OP##_f64 = t->loops[ND_KOP_##OP][ND_COMPLEX128];                                        \
    slow_##OP##_f32 = t->loops[ND_KOP_##OP][ND_COMPLEX64];                                         \
    t->loops[ND_KOP_##OP][ND_COMPLEX128] = k_##OP##_f64;                                           \
    t->loops[ND_KOP_##OP][ND_COMPLEX64] = k_##OP##_f32;
    CX_OPS(CX_SET)
    CX_SET(ABSOLUTE)
#undef CX_SET
#else
    (void)t;
#endif
}
