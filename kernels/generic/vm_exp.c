/* nd's own vector kernels of the exp family -- exp, exp2, expm1, sinh,
   cosh, tanh in float64 (float32: vm_exp_f32.c) -- at the avx2 and avx512 levels,
   overlaying SLEEF's (ew_math.c); the scalar and baseline levels keep
   SLEEF.

   One reduction serves them all: k = round(x 16/ln2), r = x - k ln2/16
   (|r| <= ln2/32, the constant in two parts so that r is exact to far
   below an ulp), and 2^(k/16) = 2^e * 2^(j/16) with j = k mod 16 from a
   16-entry table held as EH[j] (a double) and ET[j] (its relative
   error), so that e^x = 2^e EH[j] (1 + ET[j]) e^r. e^-x comes from the
   same r (e^-r shares e^r's even and odd parts) and the entry of -k.

   float64: each function is written so that the one rounding that
   matters is the last one; the terms that could cancel are summed as
   double-doubles (Fast2Sum, exact products by FMA). The analysis of each
   is beside it; docs/accuracy.md has the measured maxima.

   Lanes off a fast path (exp beyond the normal range, NaN, ...) go
   through the SLEEF kernel overlaid (vd_patch), which already has its
   fix-ups; meanwhile they are computed on a harmless value so they raise
   nothing. sinh, cosh and tanh need no slow path: every input is handled
   here, and overflow is produced by arithmetic (flag included). Tiny
   arguments are taken out before a square could underflow. */
#include "generic/vmath.h"

#ifdef ND_VMATH
#include <float.h>
#include <math.h>

/* the kernels overlaid, for lanes off the fast paths */

/* 2^(j/16) = EH[j] (1 + ET[j]), from long double */
static double EH[16], ET[16];

static void init_tables(void) {
    for (int j = 0; j < 16; j++) {
        long double v = exp2l((long double)j / 16);
        EH[j] = (double)v;
        ET[j] = (double)((v - (long double)EH[j]) / (long double)EH[j]);
    }
}

#define INV_L16 0x1.71547652b82fep+4 /* 16/ln2 */
#define L16_HI 0x1.62e42fefa39efp-5  /* ln2/16, high part */
#define L16_LO 0x1.abc9e3b39803fp-60 /* ln2/16 - L16_HI */
#define LN2 0x1.62e42fefa39efp-1
#define C16_HI 0x1.62e42fefa0000p-5  /* ln2/16 to 38 bits: k C16_HI is exact */
#define C16_LO 0x1.cf79abc9e3b3ap-44 /* ln2/16 - C16_HI */

/* the table index k mod 16 as vd_lut16 wants it: the permute at avx512
   reads only the low 4 bits, the gather at avx2 needs them masked */
static inline vdi lut_j(vdi ki) {
#if defined(__AVX512F__)
    return ki;
#else
    return ki & 15;
#endif
}

/* k = round(x c) and its integer, as vd_round_i but with the product
   and the shifter added in one FMA (one rounding: k is the nearest
   integer of x c but in halfway-close cases, where either is as good,
   since r is computed from k exactly) */
static inline vd round_fma(vd x, double c, vdi *ki) {
    vd m = vd_fma(x, (vd){0} + c, (vd){0} + 0x1.8p52);
    *ki = (vdi)((vdu)m - (vdu)((vd){0} + 0x1.8p52));
    return m - 0x1.8p52;
}

/* 2^(k/16) 2^bias without its tail: EH[k mod 16] with e = floor(k/16)
   added to the exponent ((k - j) << 48 is e << 52, no arithmetic shift
   needed). The result must be a normal number. */
static inline vd exp_scale(vdi ki, int bias) {
    vd h = vd_lut16(EH, lut_j(ki));
    return (vd)((vdu)h + ((vdu)(ki & ~(int64_t)15) << 48) +
                (uint64_t)(int64_t)bias * ((uint64_t)1 << 52));
}

/* The reduction for results that can be as small as r (expm1, sinh):
   r = x - k ln2/16 to far below its own ulp, as rh + rl. k C16_HI is
   exact (|k| < 2^15) and so is x - k C16_HI (a multiple of ulp(x) no
   larger than |x|, or x itself when k = 0); subtracting k C16_LO rounds,
   and Fast2Sum keeps the error (below 2^-80 in all). */
static inline vd exp_reduce2(vd x, vdi *ki, vd *rl) {
    vd k = round_fma(x, INV_L16, ki);
    vd r1 = vd_fnma(k, (vd){0} + C16_HI, x);
    vd kl = k * C16_LO;
    vd rh = r1 - kl;
    *rl = (r1 - rh) - kl;
    return rh;
}

/* x with the lanes where |x| < lim set to +0 */
/* Comparisons of |x| with a constant c >= 0 on the bits: C's <, <= and
   the min/max instructions raise invalid on a NaN lane, integer
   comparisons nothing, and for non-negative numbers the integer order is
   the float order (NaN above inf). */
static inline vdi vd_abs_le(vd x, double c) { return (vdi)vd_abs(x) <= (vdi)((vd){0} + c); }
static inline vdi vd_abs_lt(vd x, double c) { return (vdi)vd_abs(x) < (vdi)((vd){0} + c); }
/* min(|x|, c), c for NaN */
static inline vd vd_abs_min(vd x, double c) {
    return vd_sel(vd_abs_le(x, c), vd_abs(x), (vd){0} + c);
}
static inline vd vd_flush(vd x, double lim) { return (vd)((vdi)x & ~vd_abs_lt(x, lim)); }

/* e^r - 1 - r over |r| <= ln2/32 as r^2 times the degree-5 Taylor
   polynomial (the omitted r^8/8! is below 1.3e-18, 2^-59). */
static inline vd exp_q7(vd r) {
    vd q = vd_fma(r, (vd){0} + 1.0 / 5040, (vd){0} + 1.0 / 720);
    q = vd_fma(q, r, (vd){0} + 1.0 / 120);
    q = vd_fma(q, r, (vd){0} + 1.0 / 24);
    q = vd_fma(q, r, (vd){0} + 1.0 / 6);
    return vd_fma(q, r, (vd){0} + 0.5);
}
/* the same to degree 8, for expm1, whose result can be as small as
   0.02: r^8/8! is 0.35 ULP of that, r^9/9! 0.001 */
static inline vd exp_q8(vd r) {
    vd q = vd_fma(r, (vd){0} + 1.0 / 40320, (vd){0} + 1.0 / 5040);
    q = vd_fma(q, r, (vd){0} + 1.0 / 720);
    q = vd_fma(q, r, (vd){0} + 1.0 / 120);
    q = vd_fma(q, r, (vd){0} + 1.0 / 24);
    q = vd_fma(q, r, (vd){0} + 1.0 / 6);
    return vd_fma(q, r, (vd){0} + 0.5);
}

/* ---------------------------------------------------------------- float64 */

/* exp(x) = s (1 + t + p): s = 2^e EH[j], t = ET[j], p = e^r - 1 =
   r + r^2 q. The sum is scale + scale*(t + p) with one final rounding;
   t + p and p itself round below 2^-54 of the result, so the error is
   about 0.52 ULP. |x| <= 708 (every result normal); x of magnitude
   below 2^-60 is taken as 0 (e^x rounds to 1), so r^2 never underflows. */
static inline vd exp_f64_core(vd x) {
    vdi ki;
    vd k = round_fma(x, INV_L16, &ki);
    vd r = vd_fnma(k, (vd){0} + L16_HI, x);
    r = vd_fnma(k, (vd){0} + L16_LO, r);
    vd s = exp_scale(ki, 0), t = vd_lut16(ET, lut_j(ki));
    vd p = vd_fma(r * r, exp_q7(r), r);
    return vd_fma(s, t + p, s);
}

/* exp2(x) = 2^(k/16) 2^(x - k/16): x - k/16 is exact (|x| < 2^10), and
   r = (x - k/16) ln2 rounds once, at most 2^-53 |r| <= 2^-58.5, which
   moves the result by 0.02 ULP. Then as exp. |x| <= 1022. */
static inline vd exp2_f64_core(vd x) {
    vdi ki;
    vd k = round_fma(x, 16, &ki);
    vd r = vd_fnma(k, (vd){0} + 0.0625, x) * LN2;
    vd s = exp_scale(ki, 0), t = vd_lut16(ET, lut_j(ki));
    vd p = vd_fma(r * r, exp_q7(r), r);
    return vd_fma(s, t + p, s);
}

/* expm1(x) as hi + lo (|lo| <= 2^-50 |hi|), for x in [-40, 709] with x = 0
   or |x| >= 2^-60. e^x - 1 = s(1 + t)(1 + p) - 1 ~ (s - 1) + s r +
   s (t + r^2 q) (the s t p dropped is below 2^-58 of the result). s - 1
   is a + ea exactly (2Sum: s - 1 is inexact below 1/2 and from 2^53 on),
   r is rh + rl (exp_reduce2: r's own rounding would be 0.5 ULP of the
   result), s rh is b + bl exactly (FMA), and a + b = h + eh by Fast2Sum:
   |a| >= |b| because for k != 0 |s - 1| >= tanh(ln2/16) s > |r| s, and
   a = 0 when k = 0. The rest adds up to at most 0.025 |hi| and rounds
   below 2^-58 of it. With k = 0 this is r + r^2 q itself: no
   cancellation anywhere, so the error after the final rounding of
   hi + lo is about 0.5 ULP. */
static inline vd expm1_f64_dd(vd x, vd *lo) {
    vdi ki;
    vd rl, r = exp_reduce2(x, &ki, &rl);
    vd s = exp_scale(ki, 0), t = vd_lut16(ET, lut_j(ki));
    vd a = s - 1.0, z = a - s, ea = (s - (a - z)) + (-1.0 - z);
    vd b = s * r, bl = vd_fms(s, r, b);
    vd h = a + b, eh = b - (h - a);
    *lo = vd_fma(s, vd_fma(r * r, exp_q8(r), vd_fma(t, r, t) + rl), (eh + bl) + ea);
    return h;
}

static inline vd expm1_f64_core(vd x) {
    vd lo, h = expm1_f64_dd(x, &lo);
    return h + lo;
}

/* sinh and cosh of ax in [0, 711] (0 or >= 2^-28), from a quarter of
   e^ax and of e^-ax: h1 = 2^(k/16)/4 (1 + t1), h2 = 2^(-k/16)/4 (1 + t2)
   (zero when ax >= 22, below 2^-63 of the result), and e^+-r = 1 + ev +-
   od (ev, od the even and odd parts of the degree-7 Taylor polynomial).
     sinh/2 = (h1 - h2)(1 + ev) + (h1 + h2) od + (h1 t1 - h2 t2)
              + (h1 t1 + h2 t2) r
     cosh/2 = (h1 + h2)(1 + ev) + (h1 - h2) od + (h1 t1 + h2 t2)
   (the other cross terms of t with ev, od are below 2^-62 of the
   result; t r in cosh too, but not in sinh, which can be 0.04 h1). For sinh, h1 - h2 and
   h1 + h2 are Fast2Sums (h1 >= h2) and (h1 + h2) r an exact product, and
   the main sum (h1 - h2) + (h1 + h2) r a Fast2Sum: when k != 0,
   |h1 - h2| = sinh(k ln2/16)/2 >= (h1 + h2)|r| since tanh(ln2/16) > ln2/32,
   and h1 - h2 = 0 when k = 0, so even where the two terms cancel (by at
   most half) the sum is exact; everything else is below 0.025 of the
   result. For cosh nothing cancels: h1 + h2 as a Fast2Sum plus the rest.
   Both about 0.5 ULP. The quarter keeps 2^(k/16) finite up to 711, and
   the final doubling overflows (flag and all) exactly where the result
   does. */
typedef struct {
    vd h1, h2, t1, t2, r, rl, ev, odp; /* od = r + rl + r odp */
} sc_red;

static inline sc_red sc_reduce(vd ax) {
    sc_red s;
    vdi ki;
    s.r = exp_reduce2(ax, &ki, &s.rl);
    s.h1 = exp_scale(ki, -2);
    s.t1 = vd_lut16(ET, lut_j(ki));
    vdi near = ax < 22.0;
    vdi kn = -ki & near;
    s.h2 = (vd)((vdi)exp_scale(kn, -2) & near);
    s.t2 = vd_lut16(ET, lut_j(kn));
    vd z = s.r * s.r;
    vd ev = vd_fma(z, (vd){0} + 1.0 / 720, (vd){0} + 1.0 / 24);
    s.ev = z * vd_fma(ev, z, (vd){0} + 0.5);
    vd od = vd_fma(z, (vd){0} + 1.0 / 5040, (vd){0} + 1.0 / 120);
    s.odp = z * vd_fma(od, z, (vd){0} + 1.0 / 6);
    return s;
}

static inline vd sinh_f64_core(vd ax) {
    sc_red c = sc_reduce(ax);
    vd dh = c.h1 - c.h2, dl = (c.h1 - dh) - c.h2;
    vd sh = c.h1 + c.h2, sl = c.h2 - (sh - c.h1);
    vd b = sh * c.r, bl = vd_fms(sh, c.r, b);
    vd h = dh + b, e = b - (h - dh);
    vd T1 = c.h1 * c.t1, T2 = c.h2 * c.t2;
    vd lo = (e + bl) + dl + (T1 - T2);
    lo = vd_fma(T1 + T2, c.r, lo);
    lo = vd_fma(sh, c.rl, vd_fma(sl, c.r, lo));
    lo = vd_fma(dh, c.ev, lo);
    lo = vd_fma(b, c.odp, lo);
    return (h + lo) * 2.0;
}

static inline vd cosh_f64_core(vd ax) {
    sc_red c = sc_reduce(ax);
    vd sh = c.h1 + c.h2, sl = c.h2 - (sh - c.h1);
    vd dr = (c.h1 - c.h2) * c.r;
    vd lo = vd_fma(c.h1, c.t1, sl);
    lo = vd_fma(c.h2, c.t2, lo);
    lo = vd_fma(dr, c.odp, lo + dr);
    lo = vd_fma(sh, c.ev, lo);
    return (sh + lo) * 2.0;
}

/* tanh(ax) = E / (E + 2), E = expm1(2 ax) = H + L (double-double,
   relative error ~2^-58), ax in [0, 20] (0 or >= 2^-28; tanh(20) rounds
   to 1). E + 2 = Dh + Dl by 2Sum (L added in), q0 = H/Dh to about an ulp,
   and one correction q = q0 + (E - q0 D)/Dh with the residual H - q0 Dh
   exact by FMA (after normalizing H + L by Fast2Sum, L being up to
   0.025 H): the corrected quotient is within 2^-100 relative before
   the final rounding, and E's error reaches it scaled by 2/(E + 2) <= 1,
   so about 0.5 ULP. */
static inline vd tanh_f64_core(vd ax) {
    vd l, h = expm1_f64_dd(ax * 2.0, &l);
    vd eh = h + l;
    l = l - (eh - h), h = eh;
    vd dh = h + 2.0, bb = dh - h;
    vd dl = ((h - (dh - bb)) + (2.0 - bb)) + l;
    vd inv = 1.0 / dh;
    vd q0 = h * inv;
    vd res = vd_fnma(q0, dh, h) + l;
    res = vd_fnma(q0, dl, res);
    return vd_fma(res, inv, q0);
}

/* ---- the loops ----
   Each op gives OK(x) (a lane mask: lanes its fast path handles), FASTV(x)
   (a vector whose lanes are all OK) and FULLV(x) (any vector), and
   vmath.h's ND_VMATH_UNARY_OK makes the loop. */

/* |x| in [2^-60, lim]: one unsigned comparison of the bits */
static inline vdi vd_in(vd x, double lo, double hi) {
    vdu b = (vdu)vd_abs(x) - (vdu)((vd){0} + lo);
    return (vdi)(b <= (vdu)((vd){0} + hi) - (vdu)((vd){0} + lo));
}

/* The full range of exp and exp2, for lanes off the fast path: x
   clamped to [-746, 710] (resp. [-1080, 1025]), where the result is
   already 0 or inf, and 2^e applied in two steps, 2^e1 to the table
   value and 2^e2 to the result, so that a result beyond the normal range
   rounds (once more, at subnormal precision: below 0.5 ULP + 2^-53
   relative) or overflows in that last product, with the flags IEEE
   gives: overflow, underflow (subnormal or zero results, inexact). k is
   from (x clamped) * 16 (exp2) or the usual reduction. inf, -inf and NaN
   give inf, 0 (expm1: -1) and NaN with no flag. */
static inline vd exp_f64_wide(vdi ki, vd r) {
    vd t = vd_lut16(ET, lut_j(ki));
    vd p = vd_fma(r * r, exp_q7(r), r);
    vdi e = ki >> 4, e1 = e >> 1; /* arithmetic shifts */
    vd s1 = (vd)((vdu)vd_lut16(EH, lut_j(ki)) + ((vdu)e1 << 52));
    return vd_fma(s1, t + p, s1) * vd_pow2i(e - e1);
}
static inline vd vd_clamp(vd x, double lo, double hi) {
    return vd_max(vd_min(x, (vd){0} + hi), (vd){0} + lo); /* x not NaN */
}
static inline vd exp_f64_any(vd x) { /* x finite */
    x = vd_flush(vd_clamp(x, -746.0, 710.0), 0x1p-60);
    vdi ki;
    vd k = round_fma(x, INV_L16, &ki);
    vd r = vd_fnma(k, (vd){0} + L16_HI, x);
    return exp_f64_wide(ki, vd_fnma(k, (vd){0} + L16_LO, r));
}
static inline vd exp2_f64_any(vd x) {
    x = vd_flush(vd_clamp(x, -1080.0, 1025.0), 0x1p-60);
    vdi ki;
    vd k = round_fma(x, 16, &ki);
    return exp_f64_wide(ki, vd_fnma(k, (vd){0} + 0.0625, x) * LN2);
}
/* the special lanes: inf, -inf, NaN -> inf, minf, NaN */
static inline vd vd_special(vd x, double minf) {
    return vd_sel(x == -(vd){0} - INFINITY, (vd){0} + minf, x);
}

/* exp, exp2: the fast path is the normal range, above 2^-60 in magnitude */
static inline vdi exp_f64_ok(vd x) { return vd_in(x, 0x1p-60, 708.0); }
static inline vd exp_f64_full(vd x) {
    vdi fin = vd_abs_le(x, DBL_MAX);
    return vd_sel(fin, exp_f64_any((vd)((vdi)x & fin)), vd_special(x, 0.0));
}
ND_VMATH_UNARY_OK(k_exp_f64, double, exp_f64_ok, exp_f64_core, exp_f64_full)

static inline vdi exp2_f64_ok(vd x) { return vd_in(x, 0x1p-60, 1022.0); }
static inline vd exp2_f64_full(vd x) {
    vdi fin = vd_abs_le(x, DBL_MAX);
    return vd_sel(fin, exp2_f64_any((vd)((vdi)x & fin)), vd_special(x, 0.0));
}
ND_VMATH_UNARY_OK(k_exp2_f64, double, exp2_f64_ok, exp2_f64_core, exp2_f64_full)

/* expm1: x below -40 is taken as -40 (the result rounds to -1 either
   way); above 709 it is e^x (e^x - 1 and e^x round alike but for 2^-57
   of an ulp), through exp's full range; |x| < 2^-60 gives x itself
   (x^2/2 is far below its ulp). */
static inline vdi expm1_f64_ok(vd x) { return vd_in(x, 0x1p-60, 709.0); }
static inline vd expm1_f64_fast(vd x) { return expm1_f64_core(vd_max(x, (vd){0} - 40.0)); }
static inline vd expm1_f64_full(vd x) {
    vdi fin = vd_abs_le(x, DBL_MAX), tiny = vd_abs_lt(x, 0x1p-60);
    vd xf = (vd)((vdi)x & fin);
    vdi big = (vdi)xf > (vdi)((vd){0} + 709.0);
    vd y = expm1_f64_core(vd_max((vd)((vdi)xf & ~(big | tiny)), (vd){0} - 40.0));
    if (vdi_any(big)) y = vd_sel(big, exp_f64_any((vd)((vdi)xf & big)), y);
    y = vd_sel(tiny, x, y);
    return vd_sel(fin, y, vd_special(x, -1.0));
}
ND_VMATH_UNARY_OK(k_expm1_f64, double, expm1_f64_ok, expm1_f64_fast, expm1_f64_full)

/* sinh, cosh, tanh: every lane here. |x| < 2^-28 gives x (sinh, tanh) or
   1 (cosh, through the core at 0), inf and NaN give |x| with x's sign
   where odd, and finite x beyond 711 (sinh, cosh) overflows in the core
   at 711, raising overflow as the result does; tanh of |x| >= 20 is
   that of 20, which rounds to 1. */
static inline vdi sc_f64_ok(vd x) { return vd_in(x, 0x1p-28, 711.0); }
#define SC_F64(name, CORE, ODD)                                                                    \
    static inline vd name##_f64_fast(vd x) {                                                       \
        vd y = CORE(vd_abs(x));                                                                    \
        return ODD ? vd_xorsign(y, x) : y;                                                         \
    }                                                                                              \
    static inline vd name##_f64_full(vd x) {                                                       \
        vd ax = vd_abs(x);                                                                         \
        vdi fin = vd_abs_le(x, DBL_MAX), tiny = vd_abs_lt(x, 0x1p-28);                             \
        vd y = CORE((vd)((vdi)vd_abs_min(x, 711.0) & fin & ~tiny));                                \
        y = vd_sel(~fin | (ODD ? tiny : (vdi){0}), ax, y);                                         \
        return ODD ? vd_xorsign(y, x) : y;                                                         \
    }                                                                                              \
    ND_VMATH_UNARY_OK(k_##name##_f64, double, sc_f64_ok, name##_f64_fast, name##_f64_full)
SC_F64(sinh, sinh_f64_core, 1)
SC_F64(cosh, cosh_f64_core, 0)

static inline vdi tanh_f64_ok(vd x) { return vd_in(x, 0x1p-28, INFINITY); }
static inline vd tanh_f64_fast(vd x) {
    return vd_xorsign(tanh_f64_core(vd_min(vd_abs(x), (vd){0} + 20.0)), x);
}
static inline vd tanh_f64_full(vd x) {
    vd ax = vd_abs(x);
    vdi keep = vd_abs_lt(x, 0x1p-28) | (x != x);
    vd y = tanh_f64_core((vd)((vdi)vd_abs_min(x, 20.0) & ~keep));
    return vd_xorsign(vd_sel(keep, ax, y), x);
}
ND_VMATH_UNARY_OK(k_tanh_f64, double, tanh_f64_ok, tanh_f64_fast, tanh_f64_full)

#endif /* ND_VMATH */

void ND_K(nd_kfill_vm_exp)(nd_ktable *t) {
#ifdef ND_VMATH
    init_tables();
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
