/* nd's own vector kernels of the arctangent family (arctan, arctan2, arcsin, arccos) at the
   avx2 and avx512 levels, overlaying SLEEF's (ew_math.c) from one source through vmath.h.
   Lanes off a kernel's fast path (NaN, tiny or huge arguments, the zero/zero and infinite
   cases of arctan2) go through the SLEEF kernel overlaid, which has NumPy's special values
   and flags. Error bounds are by analysis; the accuracy suite checks them against MPFR
   (docs/accuracy.md has the measured maxima).

   float64 arctangent core: atan(a/b) for 0 <= a <= b, as A_j + atan(r) with C_j = j/15
   (j = 0..15, a 16-entry table held in registers at avx512), j picked from an approximate
   a/b (14-bit reciprocal) so that |a/b - C_j| <= 0.52/15: r = (a - C b)/(b + C a),
   |r| <= 0.0348, and atan(r) = r + r^3 P(r^2) with P the Taylor polynomial to r^11
   (remainder r^13/13 < 2^-62 |r|). The bins are shifted by 0.02 so that a >= C b / 2 in
   every bin, which makes a - C b exact (Sterbenz) once C b is split exactly (two-product):
   the numerator is a double-double, so is the denominator (b - den is exact, den being
   within [b, 2b]), and the quotient's remainder is taken with them, so r + r_lo is
   a/b's reduction to about 2^-56 relative even where atan(r) cancels most of A_j (first
   bins). A_j + r is then split exactly (Fast2Sum, |A_j| >= |r| or A_j = 0), and every
   other term is below ulp/16 of the result: the result is the final rounding (0.5 ULP)
   plus about 0.02 ULP. The reciprocal 1/den is a Newton step from the 14-bit estimate at
   avx512 (the division is slow there) and a division at avx2; r + r_lo does not depend
   on it beyond 2^-56. */
#include <math.h>

#include "generic/vmath.h"

#ifdef ND_VMATH

/* the kernels overlaid, for the lanes off the fast paths */
static nd_kloop slow_atan_f64, slow_atan2_f64, slow_asin_f64, slow_acos_f64, slow_atan2_f32,
    slow_atan_f32;

/* ---- reciprocals ---- */
#if defined(__AVX512F__)
static inline vd vd_rcp_est(vd x) { return _mm512_rcp14_pd(x); } /* 2^-14 relative */
/* sqrt(z) = s + sl to about 2^-80 relative, z in [0, 1]: two Newton steps on the 14-bit
   reciprocal square root (vsqrtpd is slower than all of it), then the remainder
   z - s^2 (exact in one FMA) over 2s */
static inline void vd_sqrt_dd(vd z, vd *s, vd *sl) {
    vd rs = _mm512_rsqrt14_pd(vd_max(z, (vd){0} + 0x1p-200)); /* finite at z = 0 */
    vd hr = 0.5 * rs;
    rs = vd_fma(hr, vd_fnma(z * rs, rs, (vd){0} + 1.0), rs); /* 2^-27 */
    hr = 0.5 * rs;
    vd s1 = z * rs;
    vd s2 = vd_fma(vd_fnma(s1, s1, z), hr, s1); /* about 2^-53 */
    *s = s2;
    *sl = vd_fnma(s2, s2, z) * hr;
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
/* atan(C_j) (AH + AL) and pi/2 - atan(C_j) (BH + BL), C_j = j * (1/15) as the kernel
   computes it; from long double (64-bit significand) */
static double AH[16], AL[16], BH[16], BL[16];
static const double PIO2_HI = 0x1.921fb54442d18p0, PIO2_LO = 0x1.1a62633145c07p-54;
static const double PI_HI = 0x1.921fb54442d18p1, PI_LO = 0x1.1a62633145c07p-53;

static void init_tables(void) {
    const long double pio2 = 1.5707963267948966192313216916397514L;
    for (int j = 0; j < 16; j++) {
        double c = (double)j * (1.0 / 15);
        long double a = atanl((long double)c), b = pio2 - a;
        AH[j] = (double)a, AL[j] = (double)(a - (long double)AH[j]);
        BH[j] = (double)b, BL[j] = (double)(b - (long double)BH[j]);
    }
}

/* The reduction of a/b: index j (low bits), r + rl = (a - C b)/(b + C a) to 2^-56.
   exact_num: a - C b needs no split (arctan: exact when b = 1; when a = 1 its rounding
   costs at most 0.05 ULP since the result is then >= pi/4). flip: lanes whose numerator
   (hence r) changes sign. */
static inline void atan_reduce(vd a, vd b, vdi flip, bool exact_num, vdi *j, vd *r, vd *rl) {
    const vd magic = (vd){0} + 0x1.8p52;
    vd q0 = a * vd_rcp_est(b);
    vd jd = vd_fma(q0, (vd){0} + 15.0, (vd){0} - 0.02) + magic;
    *j = (vdi)jd;
    vd c = (jd - magic) * (1.0 / 15);
    vd num, pe = {0};
    if (exact_num) {
        num = vd_fnma(c, b, a);
    } else {
        vd p = c * b;
        pe = vd_fms(c, b, p); /* c b = p + pe exactly */
        num = a - p;          /* exact: p/2 <= a <= 2p, or p = 0 */
    }
    vd den = vd_fma(c, a, b);
    vd dl = vd_fma(c, a, b - den); /* b - den exact: den in [b, 2b] */
    vdi fs = flip & INT64_MIN;
    num = (vd)((vdi)num ^ fs);
    /* the division rounds once, so its remainder is exact; 1/den to 14 bits is enough
       for the remainder's quotient */
    vd rr = num / den;
    vd rem = vd_fnma(rr, den, num);
    if (!exact_num) rem = rem - (vd)((vdi)pe ^ fs);
    rem = vd_fnma(rr, dl, rem);
    *r = rr;
    *rl = rem * vd_rcp_est(den);
}

/* atan(r) - r - rl... returns r^3 P(r^2) + rl */
static inline vd atan_tail(vd r, vd rl) {
    vd r2 = r * r;
    vd p = vd_fma(r2, (vd){0} - 1.0 / 11, (vd){0} + 1.0 / 9);
    p = vd_fma(r2, p, (vd){0} - 1.0 / 7);
    p = vd_fma(r2, p, (vd){0} + 1.0 / 5);
    p = vd_fma(r2, p, (vd){0} - 1.0 / 3);
    return vd_fma(r * r2, p, rl);
}

/* ---- arctan float64 ----
   t = |x|; a = min(t, 1), b = max(t, 1) (capped at 2^60: beyond, the result rounds to
   pi/2 either way), so the core gives atan(t) for t <= 1 and atan(1/t) for t > 1, whose
   r is negated so that pi/2 - atan(C) (table B) + atan(-r) is a sum as for t <= 1.
   Fast path: t >= 2^-300 or t = 0 (no intermediate underflows), not NaN; inf is one. */
static inline vd atan_f64_eval(vd x) {
    vd t = vd_abs(x);
    vdi big = t > 1.0;
    vd a = vd_min(t, (vd){0} + 1.0), b = vd_min(vd_max(t, (vd){0} + 1.0), (vd){0} + 0x1p60);
    vdi j;
    vd r, rl;
    atan_reduce(a, b, big, true, &j, &r, &rl);
    vd tail = atan_tail(r, rl);
    vd ah = vd_sel(big, vd_lut16(BH, j), vd_lut16(AH, j));
    vd al = vd_sel(big, vd_lut16(BL, j), vd_lut16(AL, j));
    vd h = ah + r;
    vd l = (ah - h) + r;
    return vd_xorsign(h + (l + (al + tail)), x);
}

static inline vdi atan_ok(vd x) {
    vd t = vd_abs(x);
    return vd_ge(t, (vd){0} + 0x1p-300) | (t == 0.0); /* quiet: NaN raises nothing */
}

static inline bool atan_fast_f64(const double *in, double *out) {
    vd x = vd_ld(in);
    if (!vdi_all(atan_ok(x))) return false;
    vd_st(out, atan_f64_eval(x));
    return true;
}

static inline void atan_full_f64(const double *in, double *out) {
    vd x = vd_ld(in);
    vdi ok = atan_ok(x);
    vd y = atan_f64_eval(vd_sel(ok, x, (vd){0} + 0.5));
    vd_st(out, vd_patch(ok, y, slow_atan_f64, x));
}

ND_VMATH_UNARY(k_atan_f64, double, ND_LD, atan_fast_f64, atan_full_f64)

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
    vdi big = ay > ax;
    vdi sx = (vdi)x < 0;
    vd a = vd_min(ay, ax), b = vd_max(ay, ax);
    vdi neg = big ^ sx;
    vdi j;
    vd r, rl;
    atan_reduce(a, b, neg, false, &j, &r, &rl);
    vd tail = atan_tail(r, rl);
    vdi fs = neg & INT64_MIN;
    vd ah = (vd)((vdi)vd_lut16(AH, j) ^ fs), al = (vd)((vdi)vd_lut16(AL, j) ^ fs);
    vd oh = vd_sel(big, (vd){0} + PIO2_HI, vd_sel(sx, (vd){0} + PI_HI, (vd){0}));
    vd ol = vd_sel(big, (vd){0} + PIO2_LO, vd_sel(sx, (vd){0} + PI_LO, (vd){0}));
    vd s1 = oh + ah;
    vd e1 = (oh - s1) + ah;
    vd h = s1 + r;
    vd e2 = (s1 - h) + r;
    return vd_xorsign(h + ((e2 + e1) + ((ol + al) + tail)), y);
}

static inline vdi atan2_ok(vd y, vd x) {
    vd ay = vd_abs(y), ax = vd_abs(x);
    const vd lo = (vd){0} + 0x1p-160,
             hi = (vd){0} + 0x1p160; /* quiet compares: NaN raises nothing */
    vdi oky = (vd_ge(ay, lo) & vd_le(ay, hi)) | (ay == 0.0);
    vdi okx = (vd_ge(ax, lo) & vd_le(ax, hi)) | (ax == 0.0);
    return oky & okx & ((ay != 0.0) | (ax != 0.0));
}

static inline bool atan2_fast_f64(const double *py, const double *px, double *out) {
    vd y = vd_ld(py), x = vd_ld(px);
    if (!vdi_all(atan2_ok(y, x))) return false;
    vd_st(out, atan2_f64_eval(y, x));
    return true;
}

static inline void atan2_full_f64(const double *py, const double *px, double *out) {
    vd y = vd_ld(py), x = vd_ld(px);
    vdi ok = atan2_ok(y, x);
    vd one = (vd){0} + 1.0;
    vd r = atan2_f64_eval(vd_sel(ok, y, one), vd_sel(ok, x, one));
    vd_st(out, vd_patch2(ok, r, slow_atan2_f64, y, x));
}

ND_VMATH_BINARY(k_atan2_f64, double, ND_LD, atan2_fast_f64, atan2_full_f64)

/* ---- float32 arctan and arctan2, computed in float64 ----
   The core without its compensations: C_j as for float64 (bins not shifted, |r| <=
   1/30), r = (a - C b)/(b + C a) rounded in float64 (relative error below 2^-51, the
   ratio |r|/result at most 1), atan(r) = r - r^3/3 + r^5/5 (remainder below 2^-32
   relative), the table's value, the offsets and the sums in float64: the float64 value
   is within 2^-31 relative of the result, so its one rounding to float32 is within
   0.5 + 2^-7 ULP. (A Newton reciprocal instead of the division measured no faster.) Returns s
   atan(a/b) where s is -1 in the flip lanes, with the table's index. */
static inline vd atan_f32d(vd a, vd b, vdi flip, vd *ah) {
    const vd magic = (vd){0} + 0x1.8p52;
    vd jd = vd_fma(a * vd_rcp_est(b), (vd){0} + 15.0, magic);
    vdi j = (vdi)jd;
    vd c = (jd - magic) * (1.0 / 15);
    vdi fs = flip & INT64_MIN;
    vd num = (vd)((vdi)vd_fnma(c, b, a) ^ fs);
    vd r = num / vd_fma(c, a, b);
    vd r2 = r * r;
    *ah = (vd)((vdi)vd_lut16(AH, j) ^ fs);
    return vd_fma(r * r2, vd_fma(r2, (vd){0} + 0.2, (vd){0} - 1.0 / 3), r);
}

static inline vd atan_f32d_eval(vd x) {
    vd t = vd_abs(x);
    vdi big = t > 1.0;
    vd a = vd_min(t, (vd){0} + 1.0), b = vd_min(vd_max(t, (vd){0} + 1.0), (vd){0} + 0x1p60);
    vd ah;
    vd p = atan_f32d(a, b, big, &ah);
    vd o = (vd)((vdi)((vd){0} + PIO2_HI) & big);
    return vd_xorsign((o + ah) + p, x);
}

static inline vd atan2_f32d_eval(vd y, vd x) {
    vd ay = vd_abs(y), ax = vd_abs(x);
    vdi big = ay > ax;
    vdi sx = (vdi)x < 0;
    vd ah;
    vd p = atan_f32d(vd_min(ay, ax), vd_max(ay, ax), big ^ sx, &ah);
    vd o = vd_sel(big, (vd){0} + PIO2_HI, (vd)((vdi)((vd){0} + PI_HI) & sx));
    return vd_xorsign((o + ah) + p, y);
}

/* float32 lanes ok iff both float64 halves' lanes are */
static inline vfi vf_ok2(vdi ok0, vdi ok1) {
    vd one = (vd){0} + 1.0;
    return (vfi)(vd2_to_vf(vd_sel(ok0, one, (vd){0}), vd_sel(ok1, one, (vd){0})) == 1.0f);
}

/* arctan: |x| >= 2^-100 or 0 (a subnormal result is SLEEF's, with its flags), not NaN */
static inline vdi atan_f32_ok(vd x) {
    vd t = vd_abs(x);
    return vd_ge(t, (vd){0} + 0x1p-100) | (t == 0.0);
}

static inline bool atan_fast_f32(const float *in, float *out) {
    vd x0, x1;
    vf_to_vd2(vf_ld(in), &x0, &x1);
    if (!vdi_all(atan_f32_ok(x0) & atan_f32_ok(x1))) return false;
    vf_st(out, vd2_to_vf(atan_f32d_eval(x0), atan_f32d_eval(x1)));
    return true;
}

static inline void atan_full_f32(const float *in, float *out) {
    vf x = vf_ld(in);
    vd x0, x1;
    vf_to_vd2(x, &x0, &x1);
    vdi ok0 = atan_f32_ok(x0), ok1 = atan_f32_ok(x1);
    vd h = (vd){0} + 0.5;
    vf r = vd2_to_vf(atan_f32d_eval(vd_sel(ok0, x0, h)), atan_f32d_eval(vd_sel(ok1, x1, h)));
    vf_st(out, vf_patch(vf_ok2(ok0, ok1), r, slow_atan_f32, x));
}

ND_VMATH_UNARY(k_atan_f32, float, ND_LF, atan_fast_f32, atan_full_f32)

/* arctan2: finite, not both zero, and y/x not below 2^-100 when y != 0 (a subnormal
   result is SLEEF's) */
static inline vdi atan2_f32_ok(vd y, vd x) {
    vd ay = vd_abs(y), ax = vd_abs(x);
    vdi fin = vd_le(ay, (vd){0} + 0x1p128) & vd_le(ax, (vd){0} + 0x1p128);
    return fin & ((ay != 0.0) | (ax != 0.0)) & (vd_ge(ay, ax * 0x1p-100) | (ay == 0.0));
}

static inline bool atan2_fast_f32(const float *py, const float *px, float *out) {
    vd y0, y1, x0, x1;
    vf_to_vd2(vf_ld(py), &y0, &y1);
    vf_to_vd2(vf_ld(px), &x0, &x1);
    if (!vdi_all(atan2_f32_ok(y0, x0) & atan2_f32_ok(y1, x1))) return false;
    vf_st(out, vd2_to_vf(atan2_f32d_eval(y0, x0), atan2_f32d_eval(y1, x1)));
    return true;
}

static inline void atan2_full_f32(const float *py, const float *px, float *out) {
    vf y = vf_ld(py), x = vf_ld(px);
    vd y0, y1, x0, x1;
    vf_to_vd2(y, &y0, &y1);
    vf_to_vd2(x, &x0, &x1);
    vdi ok0 = atan2_f32_ok(y0, x0), ok1 = atan2_f32_ok(y1, x1);
    vd one = (vd){0} + 1.0;
    vf r = vd2_to_vf(atan2_f32d_eval(vd_sel(ok0, y0, one), vd_sel(ok0, x0, one)),
                     atan2_f32d_eval(vd_sel(ok1, y1, one), vd_sel(ok1, x1, one)));
    vf_st(out, vf_patch2(vf_ok2(ok0, ok1), r, slow_atan2_f32, y, x));
}

ND_VMATH_BINARY(k_atan2_f32, float, ND_LF, atan2_fast_f32, atan2_full_f32)

/* ---- arcsin and arccos float64 ----
   asin(u) = u + u z P(z), z = u^2 in [0, 1/4], P of degree 12 fitted for relative error
   (max 1.2e-16 of P with these doubles; u z P is at most 0.045 of the result, so it
   contributes 5e-18). t = |x| <= 1/2: u = t, z = t^2. t > 1/2: z = (1 - t)/2 (exact),
   u + ul = sqrt(z) as a double-double, asin(t) = pi/2 - 2 asin(u), with ul carried
   through the derivative (ul (1 + z/2), the rest below 0.03 ul). Each result is then
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

/* u, z and the tail ul' + u z P for t = |x| (big: t > 1/2) */
static inline vd asin_core(vd t, vdi big, vd *u) {
    vd z = vd_sel(big, (1.0 - t) * 0.5, t * t);
    vd s, sl;
    vd_sqrt_dd(z, &s, &sl);
    vd uu = vd_sel(big, s, t);
    vd ul = (vd)((vdi)sl & big);
    vd p = (vd){0} + ASIN_P[12];
    for (int i = 11; i >= 0; i--) p = vd_fma(p, z, (vd){0} + ASIN_P[i]);
    *u = uu;
    return vd_fma(uu * z, p, vd_fma(ul * 0.5, z, ul));
}

static inline vd asin_f64_eval(vd x) {
    vd t = vd_abs(x);
    vdi big = t > 0.5;
    vd u;
    vd tail = asin_core(t, big, &u);
    vd oh = (vd)((vdi)((vd){0} + PIO2_HI) & big), ol = (vd)((vdi)((vd){0} + PIO2_LO) & big);
    vd k = vd_sel(big, (vd){0} - 2.0, (vd){0} + 1.0);
    vd ku = k * u;
    vd h = oh + ku;
    vd e = (oh - h) + ku;
    return vd_xorsign(h + (e + vd_fma(k, tail, ol)), x);
}

static inline vd acos_f64_eval(vd x) {
    vd t = vd_abs(x);
    vdi big = t > 0.5;
    vdi neg = (vdi)x < 0;
    vd u;
    vd tail = asin_core(t, big, &u);
    u = vd_sel(big, u, x);
    tail = vd_sel(big, tail, vd_xorsign(tail, x)); /* asin(x) for |x| <= 1/2 */
    vdi nb = neg & big;
    vd oh = vd_sel(big, (vd)((vdi)((vd){0} + PI_HI) & nb), (vd){0} + PIO2_HI);
    vd ol = vd_sel(big, (vd)((vdi)((vd){0} + PI_LO) & nb), (vd){0} + PIO2_LO);
    vd k = vd_sel(big, vd_sel(neg, (vd){0} - 2.0, (vd){0} + 2.0), (vd){0} - 1.0);
    vd ku = k * u;
    vd h = oh + ku;
    vd e = (oh - h) + ku;
    return h + (e + vd_fma(k, tail, ol));
}

static inline vdi asin_ok(vd x) {
    vd t = vd_abs(x);
    return (vd_ge(t, (vd){0} + 0x1p-250) & vd_le(t, (vd){0} + 1.0)) | (t == 0.0);
}

#define ASIN_LOOPS(name, EVAL, SLOW)                                                               \
    static inline bool name##_fast(const double *in, double *out) {                                \
        vd x = vd_ld(in);                                                                          \
        if (!vdi_all(asin_ok(x))) return false;                                                    \
        vd_st(out, EVAL(x));                                                                       \
        return true;                                                                               \
    }                                                                                              \
    static inline void name##_full(const double *in, double *out) {                                \
        vd x = vd_ld(in);                                                                          \
        vdi ok = asin_ok(x);                                                                       \
        vd y = EVAL(vd_sel(ok, x, (vd){0} + 0.25));                                                \
        vd_st(out, vd_patch(ok, y, SLOW, x));                                                      \
    }                                                                                              \
    ND_VMATH_UNARY(k_##name, double, ND_LD, name##_fast, name##_full)
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
#else
    (void)t;
#endif
}
