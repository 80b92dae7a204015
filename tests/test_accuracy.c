/* Accuracy of the float32/float64 transcendentals against MPFR, at every ISA
   level the CPU has. The reference is MPFR's result at 128 bits (exponent
   range unbounded for our purposes); the error of a result y is
   |y - exact| / ulp(exact), ulp taken in the target format (subnormal ulp
   below the normal range), so 0.5 is correct rounding and the stated bound is
   1.0. NaN must give NaN, infinities and exact zeros (with their sign) must
   be exact, and a result whose correct rounding is a zero must be a zero of
   that sign. The reference is computed once per point (two threads) and
   checked against every level. Each level is also checked for giving
   bitwise the same results at another offset, through a strided view and
   with a broadcast operand, since those take the kernels' other paths, and
   a NaN among fast-path lanes must give the bits it gives alone.

   ND_ACCURACY_REPORT=1 prints the measured maxima (docs/accuracy.md); ND_ACCURACY_ONLY=a,b
   checks only the functions named (while iterating on a kernel). */
#include <float.h>
#include <math.h>
#include <mpfr.h>
#include <pthread.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "nd_test.h"

#define REF_PREC 128

typedef nd_array *(*nd_fn1)(const nd_array *, nd_array *);
typedef nd_array *(*nd_fn2)(const nd_array *, const nd_array *, nd_array *);
typedef int (*mp_fn1)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);
typedef int (*mp_fn2)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t);

/* How inputs are drawn: 4 in 10 uniform in [lo, hi], 5 in 10 with a
   log-uniform magnitude in [2^elo, 2^ehi] (sign: +1 positive only, 0 both),
   1 in 10 uniformly random bit patterns. Exponents are for float64; float32
   clamps them to its range. */
typedef struct {
    double lo, hi, lo32, hi32;
    int elo, ehi, sign;
} domain;

/* SPEC_TRIG and SPEC_LOG add points where an argument reduction cancels:
   near multiples of pi/2, and near 1. */
enum { SPEC_NORMAL, SPEC_POWER, SPEC_TRIG, SPEC_LOG };

typedef struct {
    const char *name;
    nd_fn1 f1;
    nd_fn2 f2;
    mp_fn1 m1;
    mp_fn2 m2;
    domain d;
    int special;
    int64_t npts; /* random points per dtype (edge values come on top) */
} func;

/* logaddexp(a, b) = log(e^a + e^b) as max + log1p(exp(-|a - b|)) (NumPy's definition), in
   base 2 for logaddexp2, at twice the reference precision so that the sum's cancellation near
   the curve e^a + e^b = 1 costs nothing measurable; a == b is a + ln2 (infinities of one
   sign). */
static int mp_logaddexp_base(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b, int base2) {
    if (mpfr_nan_p(a) || mpfr_nan_p(b)) return mpfr_set_nan(r), 0;
    mpfr_t d, l;
    mpfr_inits2(2 * REF_PREC, d, l, (mpfr_ptr)0);
    mpfr_srcptr m = mpfr_cmp(a, b) >= 0 ? a : b, n = m == a ? b : a;
    if (mpfr_equal_p(a, b)) {
        mpfr_set_ui(d, 0, MPFR_RNDN);
    } else {
        mpfr_sub(d, m, n, MPFR_RNDN);
        mpfr_neg(d, d, MPFR_RNDN);
    }
    base2 ? mpfr_exp2(l, d, MPFR_RNDN) : mpfr_exp(l, d, MPFR_RNDN);
    mpfr_log1p(l, l, MPFR_RNDN);
    if (base2) {
        mpfr_const_log2(d, MPFR_RNDN);
        mpfr_div(l, l, d, MPFR_RNDN);
    }
    int t = mpfr_add(r, m, l, MPFR_RNDN);
    mpfr_clears(d, l, (mpfr_ptr)0);
    return t;
}
static int mp_logaddexp(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b, mpfr_rnd_t rnd) {
    return (void)rnd, mp_logaddexp_base(r, a, b, 0);
}
static int mp_logaddexp2(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b, mpfr_rnd_t rnd) {
    return (void)rnd, mp_logaddexp_base(r, a, b, 1);
}

#define M 1000000
#define M3 300000
#define F1(name, mp, lo, hi, lo32, hi32, elo, ehi, sign, n)                                        \
    { #name, nd_##name, NULL, mp, NULL, {lo, hi, lo32, hi32, elo, ehi, sign }, SPEC_NORMAL, n }
#define F1S(name, mp, lo, hi, lo32, hi32, elo, ehi, sign, spec, n)                                 \
    { #name, nd_##name, NULL, mp, NULL, {lo, hi, lo32, hi32, elo, ehi, sign }, spec, n }
#define F2(name, mp, lo, hi, elo, ehi, sign, spec, n)                                              \
    { #name, NULL, nd_##name, NULL, mp, {lo, hi, lo, hi, elo, ehi, sign }, spec, n }

/* absolute of complex64/complex128 as a function of (re, im): the complex
   array is built from the two real arrays, then nd_absolute runs on it */
static nd_array *abs_complex(const nd_array *re, const nd_array *im, nd_array *out) {
    int64_t n = nd_size(re);
    nd_array *z = nd_empty(nd_get_dtype(re) == ND_FLOAT32 ? ND_COMPLEX64 : ND_COMPLEX128, 1, &n);
    nd_array *zr = nd_real(z), *zi = nd_imag(z);
    nd_array *res = NULL;
    if (nd_copyto(zr, re, ND_CAST_NO, NULL) == ND_OK &&
        nd_copyto(zi, im, ND_CAST_NO, NULL) == ND_OK)
        res = nd_absolute(z, out);
    nd_release(zr), nd_release(zi), nd_release(z);
    return res;
}

static const func funcs[] = {
    F1(exp, mpfr_exp, -746, 710, -104, 89, -1074, 10, 0, M),
    F1(exp2, mpfr_exp2, -1076, 1025, -151, 129, -1074, 11, 0, M3),
    F1(expm1, mpfr_expm1, -40, 710, -20, 89, -1074, 10, 0, M3),
    F1S(log, mpfr_log, 0, 100, 0, 100, -1074, 1023, 1, SPEC_LOG, M),
    F1(log2, mpfr_log2, 0, 100, 0, 100, -1074, 1023, 1, M3),
    F1(log10, mpfr_log10, 0, 100, 0, 100, -1074, 1023, 1, M3),
    F1(log1p, mpfr_log1p, -1, 100, -1, 100, -1074, 1023, 0, M3),
    F1S(sin, mpfr_sin, -100, 100, -100, 100, -1074, 1023, 0, SPEC_TRIG, M),
    F1S(cos, mpfr_cos, -100, 100, -100, 100, -1074, 1023, 0, SPEC_TRIG, M3),
    F1S(tan, mpfr_tan, -100, 100, -100, 100, -1074, 1023, 0, SPEC_TRIG, M3),
    F1(arcsin, mpfr_asin, -1, 1, -1, 1, -1074, 0, 0, M3),
    F1(arccos, mpfr_acos, -1, 1, -1, 1, -1074, 0, 0, M3),
    F1(arctan, mpfr_atan, -10, 10, -10, 10, -1074, 1023, 0, M3),
    F1(sinh, mpfr_sinh, -711, 711, -90, 90, -1074, 10, 0, M3),
    F1(cosh, mpfr_cosh, -711, 711, -90, 90, -1074, 10, 0, M3),
    F1(tanh, mpfr_tanh, -20, 20, -10, 10, -1074, 10, 0, M3),
    F1(arcsinh, mpfr_asinh, -100, 100, -100, 100, -1074, 1023, 0, M3),
    F1(arccosh, mpfr_acosh, 1, 100, 1, 100, 0, 1023, 1, M3),
    F1(arctanh, mpfr_atanh, -1, 1, -1, 1, -1074, 0, 0, M3),
    F1(cbrt, mpfr_cbrt, -100, 100, -100, 100, -1074, 1023, 0, M3),
    F2(arctan2, mpfr_atan2, -10, 10, -1074, 1023, 0, SPEC_NORMAL, M3),
    F2(hypot, mpfr_hypot, -10, 10, -1074, 1023, 0, SPEC_NORMAL, M3),
    F2(power, mpfr_pow, 0, 10, -1074, 1023, 0, SPEC_POWER, M3),
    F2(logaddexp, mp_logaddexp, -50, 50, -1074, 12, 0, SPEC_NORMAL, M3),
    F2(logaddexp2, mp_logaddexp2, -50, 50, -1074, 12, 0, SPEC_NORMAL, M3),
    {"absolute_complex",
     NULL,
     abs_complex,
     NULL,
     mpfr_hypot,
     {-10, 10, -10, 10, -1074, 1023, 0},
     SPEC_NORMAL,
     M3},
};
#define NFUNCS ((int)(sizeof funcs / sizeof funcs[0]))

static const char *const levels[] = {"scalar", "baseline", "avx2", "avx512"};
#define NLEVELS 4

/* ---- random numbers (splitmix64: deterministic, per function) ---------- */
static uint64_t rnd_next(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
static double rnd_unit(uint64_t *s) { return (double)(rnd_next(s) >> 11) * 0x1p-53; }
static int rnd_int(uint64_t *s, int lo, int hi) {
    return lo + (int)(rnd_next(s) % (uint64_t)(hi - lo + 1));
}

/* One value of the target type (is32: float32), returned as a double. */
static double draw(uint64_t *s, const domain *d, int is32) {
    unsigned kind = (unsigned)(rnd_next(s) % 10);
    double v;
    if (kind < 4) {
        double lo = is32 ? d->lo32 : d->lo, hi = is32 ? d->hi32 : d->hi;
        v = lo + (hi - lo) * rnd_unit(s);
    } else if (kind < 9) {
        int elo = d->elo, ehi = d->ehi;
        if (is32) elo = elo < -149 ? -149 : elo, ehi = ehi > 127 ? 127 : ehi;
        v = ldexp(1 + rnd_unit(s), rnd_int(s, elo, ehi));
        if (d->sign == 0 && (rnd_next(s) & 1)) v = -v;
    } else if (is32) {
        uint32_t b = (uint32_t)rnd_next(s);
        float f;
        memcpy(&f, &b, sizeof f);
        v = f;
    } else {
        uint64_t b = rnd_next(s);
        memcpy(&v, &b, sizeof v);
    }
    return is32 ? (double)(float)v : v;
}

/* A point k pi/2 + d (k < 2^20) or 1 + d, d of log-uniform magnitude. */
static double draw_near(uint64_t *s, int spec, int is32) {
    double d = ldexp(1 + rnd_unit(s), rnd_int(s, is32 ? -30 : -60, -2));
    if (rnd_next(s) & 1) d = -d;
    double v = spec == SPEC_LOG ? 1 + d
                                : (double)((long double)rnd_int(s, 1, 1 << 20) *
                                           1.57079632679489661923132169163975144L) +
                                      d;
    return is32 ? (double)(float)v : v;
}

/* power: the useful domain, huge/tiny bases with moderate exponents,
   negative bases with integer exponents, and anything. */
static void draw_pow(uint64_t *s, int is32, double *x, double *y) {
    unsigned kind = (unsigned)(rnd_next(s) % 10);
    int emax = is32 ? 127 : 1023, emin = is32 ? -149 : -1074;
    if (kind < 4) {
        *x = 10 * rnd_unit(s), *y = -60 + 120 * rnd_unit(s);
    } else if (kind < 6) {
        *x = ldexp(1 + rnd_unit(s), rnd_int(s, emin, emax)), *y = -2 + 4 * rnd_unit(s);
    } else if (kind < 8) {
        *x = -ldexp(1 + rnd_unit(s), rnd_int(s, -10, 10)), *y = rnd_int(s, -80, 80);
    } else if (kind < 9) {
        *x = ldexp(1 + rnd_unit(s), rnd_int(s, emin, emax));
        *y = ldexp(1 + rnd_unit(s), rnd_int(s, -30, 12));
        if (rnd_next(s) & 1) *y = -*y;
    } else {
        uint64_t b = rnd_next(s);
        if (is32) {
            uint32_t u[2] = {(uint32_t)b, (uint32_t)(b >> 32)};
            float f[2];
            memcpy(f, u, sizeof f);
            *x = f[0], *y = f[1];
        } else {
            memcpy(x, &b, sizeof b);
            b = rnd_next(s);
            memcpy(y, &b, sizeof b);
        }
    }
    if (is32) *x = (float)*x, *y = (float)*y;
}

/* ---- edge values ------------------------------------------------------- */
/* Both signs of each, and their neighbours (+-1, 2 ulps in the target type). */
static const double edges_1[] = {
    0, 0x1p-1074, 0x0.fffffffffffffp-1022, 0x1p-1022, 0x1p-149, 0x0.fffffep-126, 0x1p-126, 1e-300,
    1e-30, 1e-8, 1e-5, 0.5, 0.7, 0.9999, 1, 1.5, 2, 3, 10, 20, 40, M_PI_2, M_PI, 2 * M_PI, 1e7,
    1e15, 1e22, 1e38, FLT_MAX, 1e300, DBL_MAX, INFINITY, NAN,
    /* exp/expm1/sinh/cosh overflow, exp underflow to subnormal and to zero */
    709.782712893384, 709.0, 710.4758600739439, 708.3964185322641, 745.1332191019411,
    744.44007192138121, 88.72283935546875, 89.41598629223294, 87.33654475, 103.972084045410,
    /* exp2 thresholds */
    1024, 1022, 1074, 1075, 128, 126, 149, 150,
    /* vm_atan.c: the atan core's bin edges (j/15 shifted by 0.02) and their reciprocals,
       the fast paths' limits */
    0.52 / 15, 1.52 / 15, 14.52 / 15, 15 / 0.52, 15 / 1.52, 0x1p-300, 0x1p60, 0x1p-160, 0x1p160,
    0x1p-12, 0x1p-13, 0x1p-26, 0x1p-27, 0x1p-60,
    /* its float32 kernels: region edges 1/2 and 2 are above; the fast paths' 2^-40, 2^30 */
    0x1p-40, 0x1p-41, 0x1p30, 0x1p31,
    /* the log family's path thresholds (vm_log.c): the core's range of m, log1p's small
       branch and cut of the low part, arcsinh/arccosh/arctanh's tiny, series and huge
       branches, the double-double scale's limit */
    0.75, 0x1p-60, 0x1p-30, 0x1p-28, 0x1p-26, 0x1p-18, 0x1p-12, 0x1p-7, 0x1p13, 0x1p24, 0x1p28,
    0x1p53, 0x1p1000, 0x1p1022,
    /* float32 arctanh's series below 2^-19 (float64's below 2^-16), the core's table bins (m
       where 16/m is j + 1/2) */
    0x1p-19, 0x1p-16, 16 / 11.5, 16 / 15.5, 16 / 16.5, 16 / 20.5,
    /* the trig kernels' fast-path limits (vm_trig.c) */
    0x1p-27, 8e5, 0x1p24,
    /* vm_exp.c: fast-path bounds, tiny cut-offs, caps, and the reduction's
       first steps (k = +-1 at ln2/32, ln2/16, where expm1 and sinh cancel) */
    708, 711, 0x1p-60, 0x1p-28, 0x1p-30, 22, 87, 100, 200, 0.02166084939249829, 0.04332169878499658,
    0.0649825481774949, 0.08664339756999316,
    /* vm_exp.c float32 sinh/cosh: the series/exponential switch (1, 7/8), the fast
       path's limit 88.5, the tiny cut 2^-12 and the series' floor 2^-20 */
    0.875, 88.5, 0x1p-20};
static const double edges_2[] = {0, 0x1p-1074, 0x1p-1022, 0x1p-149, 0x1p-126, 1.0 / 3, 0.5, 1, 1.5,
                                 2, 3, 10, 1e22, 1e300, FLT_MAX, DBL_MAX, INFINITY, NAN,
                                 /* vm_atan.c's fast-path limits and a bin edge */
                                 0x1p-160, 0x1p160, 0x1p-60, 0x1p60, 0.52 / 15,
                                 /* the float32 arctan2's limits: max in [2^-50, 2^50], ratio
                                    >= 2^-30; they are also float32 hypot's fast-path limits */
                                 0x1p-50, 0x1p50, 0x1p-30, 0x1p-31, 0x1p-80, 0x1p20};
/* power pairs near overflow/underflow and C99's special cases */
static const double pow_pairs[][2] = {{2, 1024},
                                      {2, 1023.9999},
                                      {2, -1074},
                                      {2, -1075},
                                      {2, -1075.5},
                                      {2, 128},
                                      {2, 127.999},
                                      {2, -149},
                                      {2, -150},
                                      {10, 308.25},
                                      {10, -323.3},
                                      {10, 38.5},
                                      {10, -45.2},
                                      {M_E, 709.78},
                                      {-8, 1.0 / 3},
                                      {-1, INFINITY},
                                      {-1, -INFINITY},
                                      {1, NAN},
                                      {NAN, 0},
                                      {-0.0, -3},
                                      {-0.0, -2},
                                      {-0.0, 3},
                                      {-INFINITY, 3},
                                      {-INFINITY, -3},
                                      {-INFINITY, 2},
                                      {0.5, INFINITY},
                                      {0.5, -INFINITY},
                                      {-2, 1e300},
                                      {-2, 1025},
                                      {-2, -1075},
                                      {1.0000001, 1e10},
                                      {0.9999999, 1e10},
                                      {1 + 0x1p-52, 0x1p62},
                                      {1 - 0x1p-53, 0x1p62}};

static double step(double v, int k, int is32) {
    for (; k > 0; k--) v = is32 ? nextafterf((float)v, INFINITY) : nextafter(v, INFINITY);
    for (; k < 0; k++) v = is32 ? nextafterf((float)v, -INFINITY) : nextafter(v, -INFINITY);
    return v;
}

/* Fills x (and y for binary functions) with edge values; returns the count
   (at most cap). */
static int64_t edge_points(const func *f, int is32, double *x, double *y, int64_t cap) {
    int64_t n = 0;
#define PUT(a, b)                                                                                  \
    do {                                                                                           \
        if (n < cap) x[n] = is32 ? (double)(float)(a) : (a);                                       \
        if (n < cap && y) y[n] = is32 ? (double)(float)(b) : (b);                                  \
        n++;                                                                                       \
    } while (0)
    if (!f->f2) {
        for (size_t i = 0; i < sizeof edges_1 / sizeof edges_1[0]; i++)
            for (int sg = 0; sg < 2; sg++) {
                double v = sg ? -edges_1[i] : edges_1[i];
                if (is32) v = (float)v;
                for (int k = -2; k <= 2; k++) PUT(isfinite(v) ? step(v, k, is32) : v, 0.0);
            }
    } else {
        size_t ne = sizeof edges_2 / sizeof edges_2[0];
        for (size_t i = 0; i < 2 * ne; i++)
            for (size_t j = 0; j < 2 * ne; j++) {
                double a = i < ne ? edges_2[i] : -edges_2[i - ne];
                double b = j < ne ? edges_2[j] : -edges_2[j - ne];
                PUT(a, b);
            }
        if (f->special == SPEC_POWER)
            for (size_t i = 0; i < sizeof pow_pairs / sizeof pow_pairs[0]; i++)
                for (int k = -1; k <= 1; k++) PUT(pow_pairs[i][0], step(pow_pairs[i][1], k, is32));
    }
#undef PUT
    return n;
}

/* ---- reference --------------------------------------------------------- */
enum { R_FINITE, R_NAN, R_INF, R_ZERO };

/* The exact result as r = hi + lo in units of the target's ulp at that
   binade (exponent ue), its correct rounding rd, and its class. */
typedef struct {
    double hi, lo, rd;
    int32_t ue;
    int8_t kind, neg;
} ref;

typedef struct {
    const func *f;
    int is32;
    const double *x, *y;
    ref *r;
    int64_t lo, hi;
} ref_job;

static void *ref_worker(void *arg) {
    ref_job *j = arg;
    const int P = j->is32 ? 24 : 53, EMIN = j->is32 ? -125 : -1021;
    /* MPFR's exponent range is per thread when built with TLS */
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    mpfr_t a, b, r, t;
    mpfr_inits2(REF_PREC, a, b, r, t, (mpfr_ptr)0);
    for (int64_t i = j->lo; i < j->hi; i++) {
        mpfr_set_d(a, j->x[i], MPFR_RNDN);
        if (j->f->m2) {
            mpfr_set_d(b, j->y[i], MPFR_RNDN);
            j->f->m2(r, a, b, MPFR_RNDN);
        } else {
            j->f->m1(r, a, MPFR_RNDN);
        }
        ref *o = &j->r[i];
        memset(o, 0, sizeof *o);
        o->neg = (int8_t)(mpfr_signbit(r) != 0);
        if (mpfr_nan_p(r)) {
            o->kind = R_NAN;
        } else if (mpfr_inf_p(r)) {
            o->kind = R_INF;
        } else if (mpfr_zero_p(r)) {
            o->kind = R_ZERO;
        } else {
            o->kind = R_FINITE;
            long e = mpfr_get_exp(r);
            o->ue = (int32_t)((e > EMIN ? e : EMIN) - P);
            o->rd = j->is32 ? (double)mpfr_get_flt(r, MPFR_RNDN) : mpfr_get_d(r, MPFR_RNDN);
            mpfr_mul_2si(t, r, -o->ue, MPFR_RNDN);
            o->hi = mpfr_get_d(t, MPFR_RNDN);
            mpfr_sub_d(t, t, o->hi, MPFR_RNDN);
            o->lo = mpfr_get_d(t, MPFR_RNDN);
        }
    }
    mpfr_clears(a, b, r, t, (mpfr_ptr)0);
    mpfr_free_cache(); /* MPFR's per-thread constant caches, else LeakSanitizer reports them */
    return NULL;
}

static void compute_refs(const func *f, int is32, const double *x, const double *y, ref *r,
                         int64_t n) {
    enum { NT = 2 };
    ref_job jobs[NT];
    pthread_t th[NT];
    for (int k = 0; k < NT; k++) {
        jobs[k] = (ref_job){f, is32, x, y, r, n * k / NT, n * (k + 1) / NT};
        if (k > 0) ck_assert_int_eq(pthread_create(&th[k], NULL, ref_worker, &jobs[k]), 0);
    }
    ref_worker(&jobs[0]);
    for (int k = 1; k < NT; k++) pthread_join(th[k], NULL);
}

/* Error of y in ulps; INFINITY for a wrong class (NaN, inf, zero sign). */
static double ulp_error(const ref *r, double y, int is32) {
    switch (r->kind) {
    case R_NAN:
        return isnan(y) ? 0 : INFINITY;
    case R_INF:
        return (isinf(y) && (signbit(y) != 0) == r->neg) ? 0 : INFINITY;
    case R_ZERO:
        return (y == 0 && (signbit(y) != 0) == r->neg) ? 0 : INFINITY;
    default:
        break;
    }
    if (isnan(y)) return INFINITY;
    if (r->rd == 0 && y == 0 && (signbit(y) != 0) != (signbit(r->rd) != 0)) return INFINITY;
    if (isinf(y)) {
        if (isinf(r->rd) && signbit(y) == signbit(r->rd)) return 0;
        /* an overflow that should not be: measure from the next binade, 2^emax */
        double ys = copysign(ldexp(1, (is32 ? 128 : 1024) - r->ue), y);
        return fabs((ys - r->hi) - r->lo);
    }
    return fabs((ldexp(y, -r->ue) - r->hi) - r->lo);
}

/* ---- running nd -------------------------------------------------------- */
static nd_array *wrap(void *p, nd_dtype t, int64_t n, int64_t stride) {
    nd_array *a = nd_wrap(p, t, 1, &n, &stride, NULL, NULL);
    ck_assert_msg(a != NULL, "nd_wrap: %s", nd_last_error_message());
    return a;
}

/* out = f(x[, y]) over n elements at byte strides sx, sy, so. */
static void run(const func *f, nd_dtype t, const void *x, int64_t sx, const void *y, int64_t sy,
                void *out, int64_t so, int64_t n) {
    nd_array *a = wrap((void *)x, t, n, sx), *o = wrap(out, t, n, so);
    nd_array *b = f->f2 ? wrap((void *)y, t, n, sy) : NULL;
    nd_array *res = f->f2 ? f->f2(a, b, o) : f->f1(a, o);
    ck_assert_msg(res == o, "nd_%s: %s", f->name, nd_last_error_message());
    nd_release(a), nd_release(b), nd_release(o);
}

/* 0: silent, 1: the table, 2: also timings */
static int report(void) {
    const char *e = getenv("ND_ACCURACY_REPORT");
    return e ? atoi(e) : 0;
}

/* Bitwise equality of the other paths (offset by one element, strided
   input and output, broadcast second operand) with the contiguous results
   `res` over the first n points. */
static void check_paths(const func *f, int is32, const char *level, const char *xin,
                        const char *yin, const char *res, int64_t n) {
    const nd_dtype t = is32 ? ND_FLOAT32 : ND_FLOAT64;
    const int64_t sz = is32 ? 4 : 8;
    char *xs = malloc((size_t)(2 * n * sz)), *ys = malloc((size_t)(2 * n * sz));
    char *os = malloc((size_t)(2 * n * sz + 1));
    for (int64_t i = 0; i < n; i++) {
        memcpy(xs + 2 * i * sz, xin + i * sz, (size_t)sz);
        if (yin) memcpy(ys + 2 * i * sz, yin + i * sz, (size_t)sz);
    }
    /* strided inputs and output, the gather path */
    run(f, t, xs, 2 * sz, ys, 2 * sz, os, 2 * sz, n);
    for (int64_t i = 0; i < n; i++)
        ck_assert_msg(!memcmp(os + 2 * i * sz, res + i * sz, (size_t)sz),
                      "%s %s %s: strided result %lld differs", f->name, is32 ? "f32" : "f64", level,
                      (long long)i);
    /* offset by one element into a misaligned output: other vector/tail split */
    run(f, t, xin + sz, sz, yin ? yin + sz : NULL, sz, os + 1, sz, n - 1);
    for (int64_t i = 0; i < n - 1; i++)
        ck_assert_msg(!memcmp(os + 1 + i * sz, res + (i + 1) * sz, (size_t)sz),
                      "%s %s %s: offset result %lld differs", f->name, is32 ? "f32" : "f64", level,
                      (long long)i + 1);
    /* a broadcast (stride 0) operand against the element-wise result */
    if (yin) {
        for (int64_t i = 0; i < n; i++) memcpy(ys + i * sz, yin + 7 * sz, (size_t)sz);
        run(f, t, xin, sz, yin + 7 * sz, 0, os, sz, n);
        char *ref_out = malloc((size_t)(n * sz));
        run(f, t, xin, sz, ys, sz, ref_out, sz, n);
        ck_assert_msg(!memcmp(os, ref_out, (size_t)(n * sz)), "%s %s %s: broadcast differs",
                      f->name, is32 ? "f32" : "f64", level);
        run(f, t, yin + 7 * sz, 0, xin, sz, os, sz, n);
        run(f, t, ys, sz, xin, sz, ref_out, sz, n);
        ck_assert_msg(!memcmp(os, ref_out, (size_t)(n * sz)), "%s %s %s: broadcast differs",
                      f->name, is32 ? "f32" : "f64", level);
        free(ref_out);
    }
    free(xs), free(ys), free(os);
}

/* ND_ACCURACY_ONLY: a comma-separated list of the functions to check (all when unset) */
static bool selected(const char *name) {
    const char *e = getenv("ND_ACCURACY_ONLY");
    if (!e || !*e) return true;
    size_t n = strlen(name);
    for (const char *p = e; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == 0)) return true;
    return false;
}

static void check_func(const func *f, int is32) {
    if (!selected(f->name)) return;
    const nd_dtype t = is32 ? ND_FLOAT32 : ND_FLOAT64;
    const int64_t sz = is32 ? 4 : 8;
    const int64_t nedge = edge_points(f, is32, NULL, NULL, 0);
    const int64_t n = f->npts + nedge;
    double *x = malloc((size_t)n * sizeof *x), *y = f->f2 ? malloc((size_t)n * sizeof *y) : NULL;
    edge_points(f, is32, x, y, nedge);
    uint64_t seed = 0x5eed0000u + (uint64_t)(f - funcs) * 2 + (uint64_t)is32;
    for (int64_t i = nedge; i < n; i++) {
        if (f->special == SPEC_POWER)
            draw_pow(&seed, is32, &x[i], &y[i]);
        else if (f->special != SPEC_NORMAL && rnd_next(&seed) % 5 == 0)
            x[i] = draw_near(&seed, f->special, is32);
        else if (y)
            x[i] = draw(&seed, &f->d, is32), y[i] = draw(&seed, &f->d, is32);
        else
            x[i] = draw(&seed, &f->d, is32);
    }
    ref *r = malloc((size_t)n * sizeof *r);
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    compute_refs(f, is32, x, y, r, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);

    /* inputs and outputs in the target type */
    char *xin = malloc((size_t)(n * sz)), *yin = y ? malloc((size_t)(n * sz)) : NULL;
    char *out = malloc((size_t)(n * sz));
    for (int64_t i = 0; i < n; i++) {
        if (is32) {
            float fx = (float)x[i], fy = y ? (float)y[i] : 0;
            memcpy(xin + i * 4, &fx, 4);
            if (y) memcpy(yin + i * 4, &fy, 4);
        } else {
            memcpy(xin + i * 8, &x[i], 8);
            if (y) memcpy(yin + i * 8, &y[i], 8);
        }
    }

    double worst[NLEVELS];
    const char *saved = nd_isa();
    for (int L = 0; L < NLEVELS; L++) {
        worst[L] = -1;
        if (nd_set_isa(levels[L]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        run(f, t, xin, sz, yin, sz, out, sz, n);
        double maxe = 0;
        int64_t wi = 0;
        for (int64_t i = 0; i < n; i++) {
            double v;
            if (is32) {
                float fv;
                memcpy(&fv, out + i * 4, 4);
                v = fv;
            } else {
                memcpy(&v, out + i * 8, 8);
            }
            double e = ulp_error(&r[i], v, is32);
            if (!(e <= maxe)) maxe = e, wi = i;
        }
        worst[L] = maxe;
        if (report() > 2)
            printf("  %s %s %s: %.6f at %a\n", f->name, is32 ? "f32" : "f64", levels[L], maxe,
                   x[wi]);
        if (!(maxe <= 1.0)) {
            double v;
            if (is32) {
                float fv;
                memcpy(&fv, out + wi * 4, 4);
                v = fv;
            } else {
                memcpy(&v, out + wi * 8, 8);
            }
            const ref *w = &r[wi];
            double exact = w->kind == R_FINITE ? ldexp(w->hi, w->ue) : 0;
            char yb[64] = "";
            if (y) snprintf(yb, sizeof yb, ", %a", y[wi]);
            ck_abort_msg("%s %s at %s: %.4g ulp at (%a%s): got %a, want %a (%s)", f->name,
                         is32 ? "float32" : "float64", levels[L], maxe, x[wi], yb, v, exact,
                         w->kind == R_NAN    ? "nan"
                         : w->kind == R_INF  ? (w->neg ? "-inf" : "inf")
                         : w->kind == R_ZERO ? (w->neg ? "-0" : "+0")
                                             : "finite");
        }
        int64_t np = n < 20000 ? n : 20000;
        check_paths(f, is32, levels[L], xin, yin, out, np);
    }
    ck_assert_int_eq(nd_set_isa(saved), ND_OK);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    if (report()) {
        if (report() > 1)
            printf("%s %s: mpfr %.2fs, nd %.2fs\n", f->name, is32 ? "float32" : "float64",
                   (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec),
                   (double)(t2.tv_sec - t1.tv_sec) + 1e-9 * (double)(t2.tv_nsec - t1.tv_nsec));
        printf("| %s | %s | %lld |", f->name, is32 ? "float32" : "float64", (long long)n);
        for (int L = 0; L < NLEVELS; L++)
            worst[L] < 0 ? printf(" n/a |") : printf(" %.3f |", worst[L]);
        printf("\n");
        fflush(stdout);
    }
    free(x), free(y), free(r), free(xin), free(yin), free(out);
}

START_TEST(accuracy) { check_func(&funcs[_i / 2], _i % 2); }
END_TEST

/* ---- complex square root: each part against glibc's long double csqrtl
   (its error, an ulp or two of long double, is 2^-11 ulp of double) ---- */
#include <complex.h>

/* re + i im with no arithmetic (inf + i*nan would be nan); CMPLXL is
   GCC-only in glibc's header, and a complex is an array of two parts */
static long double complex cmplxl(long double re, long double im) {
    long double parts[2] = {re, im};
    long double complex z;
    memcpy(&z, parts, sizeof z);
    return z;
}

/* ulps of the target type between y and the reference r */
static double ulps_vs(long double r, double y, int is32) {
    if (isnan(r) || isnan(y)) return isnan(r) && isnan(y) ? 0 : INFINITY;
    if (isinf(r) || isinf(y)) return r == y ? 0 : INFINITY;
    if (r == 0 && y == 0) return signbit((double)r) == signbit(y) ? 0 : INFINITY;
    long double ar = fabsl(r);
    int e;
    frexpl(ar, &e);
    int emin = is32 ? -125 : -1021, mant = is32 ? 24 : 53;
    if (e < emin) e = emin;
    long double ulp = ldexpl(1, e - mant);
    return (double)(fabsl((long double)y - r) / ulp);
}

START_TEST(complex_sqrt) {
    const int n = 200000;
    uint64_t seed = 0xc5c5;
    static const double sp[] = {0, 0x1p-1074, 0x1p-1022, 1e-300,  0x1p-149, 1e-30,    0.5, 1,
                                2, 1e30,      1e300,     FLT_MAX, DBL_MAX,  INFINITY, NAN};
    const int nsp = (int)(sizeof sp / sizeof *sp), nedge = 4 * nsp * nsp;
    for (int is32 = 0; is32 < 2; is32++) {
        int64_t m = n + nedge;
        double *z = malloc((size_t)(2 * m) * sizeof(double));
        for (int i = 0; i < nsp; i++)
            for (int j = 0; j < nsp; j++)
                for (int s = 0; s < 4; s++) {
                    int k = 4 * (i * nsp + j) + s;
                    z[2 * k] = s & 1 ? -sp[i] : sp[i], z[2 * k + 1] = s & 2 ? -sp[j] : sp[j];
                }
        domain d = {-10, 10, -10, 10, -1074, 1023, 0};
        for (int64_t k = nedge; k < m; k++)
            z[2 * k] = draw(&seed, &d, is32), z[2 * k + 1] = draw(&seed, &d, is32);
        nd_array *zd = nd_from_buffer(ND_COMPLEX128, 1, &m, z);
        nd_array *zin = nd_astype(zd, is32 ? ND_COMPLEX64 : ND_COMPLEX128);
        nd_array *zb = nd_astype(zin, ND_COMPLEX128); /* the inputs as rounded */
        const double *zr = nd_data(zb);
        double worst[NLEVELS] = {0};
        const char *saved = nd_isa();
        for (int L = 0; L < NLEVELS; L++) {
            if (nd_set_isa(levels[L]) != ND_OK) {
                nd_clear_error();
                continue;
            }
            nd_array *r = nd_sqrt(zin, NULL), *rd = nd_astype(r, ND_COMPLEX128);
            ck_assert_msg(r && rd, "%s", nd_last_error_message());
            const double *o = nd_data(rd);
            for (int64_t k = 0; k < m; k++) {
                long double complex ref =
                    csqrtl(cmplxl((long double)zr[2 * k], (long double)zr[2 * k + 1]));
                /* the reference rounded to the target type: its special values */
                double e = fmax(ulps_vs(creall(ref), o[2 * k], is32),
                                ulps_vs(cimagl(ref), o[2 * k + 1], is32));
                ck_assert_msg(e <= 2.0, "sqrt %s at %s: %.3g ulp at (%a, %a): got (%a, %a)",
                              is32 ? "complex64" : "complex128", levels[L], e, zr[2 * k],
                              zr[2 * k + 1], o[2 * k], o[2 * k + 1]);
                if (e > worst[L]) worst[L] = e;
            }
            nd_release(r), nd_release(rd);
        }
        ck_assert_int_eq(nd_set_isa(saved), ND_OK);
        if (report()) {
            printf("| sqrt | %s | %lld |", is32 ? "complex64" : "complex128", (long long)m);
            for (int L = 0; L < NLEVELS; L++) printf(" %.3f |", worst[L]);
            printf("\n");
        }
        nd_release(zd), nd_release(zin), nd_release(zb), free(z);
    }
}
END_TEST

/* A NaN among fast-path lanes: its result is the same bits as the NaN's
   alone (the full path), and its neighbours' results are unchanged. A
   fast-path test that let the NaN through (vrangepd treats a quiet NaN as
   missing) would give it the fast path's sign and payload. Every unary
   function and level, the NaN at each position of 64 values from the
   function's uniform range; the payload's low bits and sign are set so
   that fast-path arithmetic on them (quadrant bits, sign xors) shows. */
START_TEST(nan_among_fast_lanes) {
    const func *f = &funcs[_i / 2];
    const int is32 = _i % 2;
    if (!f->f1 || !f->m1 || !selected(f->name)) return;
    const nd_dtype t = is32 ? ND_FLOAT32 : ND_FLOAT64;
    const int64_t sz = is32 ? 4 : 8;
    enum { N = 64 };
    char x[N * 8], base[N * 8], out[N * 8], nan1[8], alone[8];
    uint64_t seed = 0xa11a5u + (uint64_t)_i;
    for (int i = 0; i < N; i++) {
        double lo = is32 ? f->d.lo32 : f->d.lo, hi = is32 ? f->d.hi32 : f->d.hi;
        double v = lo + (hi - lo) * (0.05 + 0.9 * rnd_unit(&seed));
        float fv = (float)v;
        memcpy(x + i * sz, is32 ? (void *)&fv : (void *)&v, (size_t)sz);
    }
    const uint64_t n64 = 0xfff8000000000007u;
    const uint32_t n32 = 0xffc00007u;
    memcpy(nan1, is32 ? (const void *)&n32 : (const void *)&n64, (size_t)sz);
    const char *saved = nd_isa();
    for (int L = 0; L < NLEVELS; L++) {
        if (nd_set_isa(levels[L]) != ND_OK) continue;
        run(f, t, x, sz, NULL, 0, base, sz, N);
        run(f, t, nan1, sz, NULL, 0, alone, sz, 1);
        for (int k = 0; k < N; k++) {
            char xk[N * 8];
            memcpy(xk, x, sizeof xk);
            memcpy(xk + k * sz, nan1, (size_t)sz);
            run(f, t, xk, sz, NULL, 0, out, sz, N);
            ck_assert_msg(!memcmp(out + k * sz, alone, (size_t)sz), "%s %s %s: NaN at %d differs",
                          f->name, is32 ? "f32" : "f64", levels[L], k);
            for (int i = 0; i < N; i++)
                ck_assert_msg(i == k || !memcmp(out + i * sz, base + i * sz, (size_t)sz),
                              "%s %s %s: lane %d moved by a NaN at %d", f->name,
                              is32 ? "f32" : "f64", levels[L], i, k);
        }
    }
    ck_assert_int_eq(nd_set_isa(saved), ND_OK);
}
END_TEST

/* float32 sin/cos/tan at avx512 run by tiers of |x| (vm_trig_f32.c: <= 400,
   <= 24576, <= 172032, the rest through vm_trig.c in chunks), each vector
   in the loop of its largest lane: every element must get the same bits
   whatever its neighbours. x spread over all tiers and their borders,
   each run contiguous and again interleaved with a value of each tier. */
START_TEST(trig32_tiers) {
    enum { N = 4096 };
    static float x[N], o[N], xi[2 * N], oi[2 * N];
    static const float fills[] = {1.0f, 3e4f, 1.5e5f, 1e7f, INFINITY};
    static const float borders[] = {400.0f, 24576.0f, 172032.0f};
    nd_array *(*const fn[3])(const nd_array *, nd_array *) = {nd_sin, nd_cos, nd_tan};
    uint64_t seed = 0x7132u;
    for (int i = 0; i < N; i++) {
        int b = i % 8;
        int d = (i / 8) % 3;
        if (b < 3) /* a border and its float neighbours */
            x[i] = d == 1 ? borders[b] : nextafterf(borders[b], d ? INFINITY : 0.0f);
        else       /* log-uniform over [2^-4, 2^18) */
            x[i] = ldexpf(1.0f + (float)(rnd_next(&seed) % 1024) / 1024.0f,
                          (int)(rnd_next(&seed) % 22) - 4);
        if (i % 2) x[i] = -x[i];
    }
    const char *saved = nd_isa();
    for (int L = 2; L < NLEVELS; L++) {
        if (nd_set_isa(levels[L]) != ND_OK) continue;
        for (int k = 0; k < 3; k++) {
            nd_array *a = wrap(x, ND_FLOAT32, N, 4), *r = wrap(o, ND_FLOAT32, N, 4);
            ck_assert_ptr_eq(fn[k](a, r), r);
            nd_release(a), nd_release(r);
            for (size_t fi = 0; fi < sizeof fills / sizeof *fills; fi++) {
                for (int i = 0; i < N; i++) xi[2 * i] = x[i], xi[2 * i + 1] = fills[fi];
                a = wrap(xi, ND_FLOAT32, 2 * N, 4), r = wrap(oi, ND_FLOAT32, 2 * N, 4);
                ck_assert_ptr_eq(fn[k](a, r), r);
                nd_release(a), nd_release(r);
                for (int i = 0; i < N; i++)
                    ck_assert_msg(!memcmp(&oi[2 * i], &o[i], 4),
                                  "trig %d at %s: %a next to %a gives %a, alone %a", k, levels[L],
                                  (double)x[i], (double)fills[fi], (double)oi[2 * i], (double)o[i]);
            }
        }
    }
    ck_assert_int_eq(nd_set_isa(saved), ND_OK);
}
END_TEST

/* float32 sin and tan are odd and cos even, bit for bit, on vectors all in
   the fast tier (vm_trig_f32.c's tan reduces x with its sign there, not
   |x|): +-0 among them keeps its sign (tan(-0) = -0), every level. */
START_TEST(trig32_odd) {
    enum { N = 1024 };
    static float x[N], nx[N], o[N], no[N];
    nd_array *(*const fn[3])(const nd_array *, nd_array *) = {nd_sin, nd_cos, nd_tan};
    uint64_t seed = 0x0dd5u;
    for (int i = 0; i < N; i++) {
        x[i] = i % 37 == 5 ? 0.0f
                           : ldexpf(1.0f + (float)(rnd_next(&seed) % 4096) / 4096.0f,
                                    (int)(rnd_next(&seed) % 38) - 30); /* [2^-30, 2^8) */
        if (i % 3 == 1) x[i] = -x[i];
        nx[i] = -x[i];
    }
    const char *saved = nd_isa();
    for (int L = 0; L < NLEVELS; L++) {
        if (nd_set_isa(levels[L]) != ND_OK) continue;
        for (int k = 0; k < 3; k++) {
            nd_array *a = wrap(x, ND_FLOAT32, N, 4), *r = wrap(o, ND_FLOAT32, N, 4);
            ck_assert_ptr_eq(fn[k](a, r), r);
            nd_release(a), nd_release(r);
            a = wrap(nx, ND_FLOAT32, N, 4), r = wrap(no, ND_FLOAT32, N, 4);
            ck_assert_ptr_eq(fn[k](a, r), r);
            nd_release(a), nd_release(r);
            for (int i = 0; i < N; i++) {
                float want = k == 1 ? o[i] : -o[i];
                ck_assert_msg(!memcmp(&no[i], &want, 4), "trig %d at %s: f(%a) = %a, f(%a) = %a",
                              k, levels[L], (double)x[i], (double)o[i], (double)nx[i],
                              (double)no[i]);
            }
        }
    }
    ck_assert_int_eq(nd_set_isa(saved), ND_OK);
}
END_TEST

int main(void) {
    Suite *s = suite_create("accuracy");
    TCase *tc = tcase_create("accuracy");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, accuracy, 0, 2 * NFUNCS);
    tcase_add_test(tc, complex_sqrt);
    tcase_add_loop_test(tc, nan_among_fast_lanes, 0, 2 * NFUNCS);
    tcase_add_test(tc, trig32_tiers);
    tcase_add_test(tc, trig32_odd);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
