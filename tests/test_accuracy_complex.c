/* Accuracy of the complex transcendental functions (complex64 and
   complex128) at every ISA level: each part against MPC's correctly rounded
   function at 160 bits (rounded to long double: 2^-11 ulp of double), in units of the part's own
   ulp in the target type (the ulp of the smallest normal below it), on 10^5 random points per
   function and dtype drawn from several magnitude ranges, points where the reductions cancel (near
   multiples of pi/2, near |z| = 1), and a grid of special values; at the special values every level
   must also agree with the scalar level (glibc, as NumPy): the same NaNs, infinities and signed
   zeros. sqrt is in test_accuracy.c.
   ND_ACCURACY_REPORT=1 prints the maxima (docs/accuracy.md);
   ND_ACCURACY_ONLY=exp,log checks only the functions named. */
#include <float.h>
#include <math.h>
#include <mpc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nd_test.h"

static const char *const levels[] = {"scalar", "baseline", "avx2", "avx512"};
#define NLEVELS 4

static uint64_t rnd_next(uint64_t *s) { /* splitmix64 */
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
static double rnd_unit(uint64_t *s) { return (double)(rnd_next(s) >> 11) * 0x1p-53; }
static int rnd_int(uint64_t *s, int lo, int hi) {
    return lo + (int)(rnd_next(s) % (uint64_t)(hi - lo + 1));
}

/* a part: uniform in [-u, u] (4/10), log-uniform magnitude in [2^elo, 2^ehi]
   with either sign (5/10), or any bits of the type (1/10) */
typedef struct {
    double u;
    int elo, ehi;
} domain;

enum { NEAR_RE, NEAR_IM, NEAR_UNIT };      /* where reductions cancel */
enum { K_PLAIN, K_EXP2, K_LOG2, K_LOG10 }; /* NumPy's formula around the core */

typedef nd_array *(*nd_fn1)(const nd_array *, nd_array *);
typedef int (*mpc_fn)(mpc_ptr, mpc_srcptr, mpc_rnd_t);
typedef struct {
    const char *name;
    nd_fn1 f;
    mpc_fn ref;
    int kind, near;
    double bound32, bound64; /* ulps per part, every level (glibc's included) */
    domain re, im;
} cfunc;

#define TRIG                                                                                       \
    { 20, -60, 22 }
#define HYP                                                                                        \
    { 20, -60, 10 }
static const cfunc funcs[] = {
    {"exp", nd_exp, mpc_exp, K_PLAIN, NEAR_IM, 3, 4, {50, -60, 10}, TRIG},
    {"exp2", nd_exp2, mpc_exp, K_EXP2, NEAR_IM, 3, 4, {50, -60, 10}, TRIG},
    {"log", nd_log, mpc_log, K_PLAIN, NEAR_UNIT, 3, 4, {10, -1074, 1023}, {10, -1074, 1023}},
    {"log2", nd_log2, mpc_log, K_LOG2, NEAR_UNIT, 4, 4, {10, -1074, 1023}, {10, -1074, 1023}},
    {"log10", nd_log10, mpc_log, K_LOG10, NEAR_UNIT, 4, 4, {10, -1074, 1023}, {10, -1074, 1023}},
    {"sin", nd_sin, mpc_sin, K_PLAIN, NEAR_RE, 3, 4, TRIG, HYP},
    {"cos", nd_cos, mpc_cos, K_PLAIN, NEAR_RE, 3, 4, TRIG, HYP},
    {"tan", nd_tan, mpc_tan, K_PLAIN, NEAR_RE, 8, 8, TRIG, HYP},
    {"sinh", nd_sinh, mpc_sinh, K_PLAIN, NEAR_IM, 3, 4, HYP, TRIG},
    {"cosh", nd_cosh, mpc_cosh, K_PLAIN, NEAR_IM, 3, 4, HYP, TRIG},
    {"tanh", nd_tanh, mpc_tanh, K_PLAIN, NEAR_IM, 8, 8, HYP, TRIG},
};
#define NFUNCS (int)(sizeof funcs / sizeof funcs[0])

static double draw(uint64_t *s, const domain *d, int is32) {
    unsigned kind = (unsigned)(rnd_next(s) % 10);
    double v;
    if (kind < 4) {
        v = d->u * (2 * rnd_unit(s) - 1);
    } else if (kind < 9) {
        int elo = d->elo, ehi = d->ehi;
        if (is32) elo = elo < -149 ? -149 : elo, ehi = ehi > 127 ? 127 : ehi;
        v = ldexp(1 + rnd_unit(s), rnd_int(s, elo, ehi));
        if (rnd_next(s) & 1) v = -v;
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

/* k pi/2 + d, k < 2^20, d log-uniform */
static double near_pio2(uint64_t *s) {
    double d = ldexp(1 + rnd_unit(s), rnd_int(s, -40, -2));
    return (double)((long double)rnd_int(s, -(1 << 20), 1 << 20) *
                    1.57079632679489661923132169163975144L) +
           (rnd_next(s) & 1 ? -d : d);
}

/* ulps of the target type between y and the reference r (rounded to the
   type for its overflow) */
static double ulps_vs(long double r, double y, int is32) {
    double rt = is32 ? (double)(float)r : (double)r;
    if (isnan(r) || isnan(y)) return isnan(r) && isnan(y) ? 0 : INFINITY;
    if (isinf(rt) || isinf(y)) return rt == y ? 0 : INFINITY;
    if (r == 0 && y == 0) return signbit((double)r) == signbit(y) ? 0 : INFINITY;
    int e;
    frexpl(fabsl(r), &e);
    int emin = is32 ? -125 : -1021, mant = is32 ? 24 : 53;
    if (e < emin) e = emin;
    return (double)(fabsl((long double)y - r) / ldexpl(1, e - mant));
}

/* the same against another level's result: equal NaN-ness, equal
   infinities and zeros, finite parts within tol ulps */
static bool agrees(double a, double b, int is32, double tol) {
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    if (isinf(a) || isinf(b) || a == 0 || b == 0) return !memcmp(&a, &b, sizeof a);
    return ulps_vs(a, b, is32) <= tol;
}

/* the reference for z as the type rounded it, through NumPy's formula */
static void reference(const cfunc *f, int is32, double re, double im, mpc_t a, mpc_t w,
                      long double out[2]) {
    if (f->kind == K_EXP2) { /* exp(z ln2), the product rounded in the type */
        double l = 0.693147180559945309417;
        if (is32)
            re = (float)re * (float)l, im = (float)im * (float)l;
        else
            re = re * l, im = im * l;
    }
    mpc_set_d_d(a, re, im, MPC_RNDNN);
    f->ref(w, a, MPC_RNDNN);
    long double c = 1;
    if (f->kind == K_LOG2) c = is32 ? (float)1.442695040888963407360 : 1.442695040888963407360;
    if (f->kind == K_LOG10) c = is32 ? (float)0.434294481903251827651 : 0.434294481903251827651;
    out[0] = mpfr_get_ld(mpc_realref(w), MPFR_RNDN) * c;
    out[1] = mpfr_get_ld(mpc_imagref(w), MPFR_RNDN) * c;
}

static int report(void) {
    const char *e = getenv("ND_ACCURACY_REPORT");
    return e && *e && *e != '0';
}
static bool selected(const char *name) {
    const char *e = getenv("ND_ACCURACY_ONLY");
    if (!e || !*e) return true;
    size_t n = strlen(name);
    for (const char *p = e; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == 0)) return true;
    return false;
}

static const double sp[] = {0,     0x1p-1074, 0x1p-1022, 1e-300,   0x1p-149, 1e-30, 0.5,
                            1,     2,         30,        88.5,     100,      710,   1e30,
                            1e300, FLT_MAX,   DBL_MAX,   INFINITY, NAN};
enum { NSP = (int)(sizeof sp / sizeof *sp), NEDGE = 4 * NSP * NSP, NPTS = 100000 };

static void check(const cfunc *f, int is32) {
    if (!selected(f->name)) return;
    const int64_t m = NEDGE + NPTS;
    double *z = malloc((size_t)(2 * m) * sizeof(double));
    ck_assert_ptr_nonnull(z);
    for (int i = 0; i < NSP; i++)
        for (int j = 0; j < NSP; j++)
            for (int s = 0; s < 4; s++) {
                int k = 4 * (i * NSP + j) + s;
                z[2 * k] = s & 1 ? -sp[i] : sp[i], z[2 * k + 1] = s & 2 ? -sp[j] : sp[j];
            }
    uint64_t seed = 0xc0ffee + (uint64_t)(f - funcs) * 2 + (uint64_t)is32;
    for (int64_t k = NEDGE; k < m; k++) {
        double re = draw(&seed, &f->re, is32), im = draw(&seed, &f->im, is32);
        if (rnd_next(&seed) % 8 == 0) { /* a point where a reduction cancels */
            if (f->near == NEAR_RE) re = near_pio2(&seed);
            if (f->near == NEAR_IM) im = near_pio2(&seed);
            if (f->near == NEAR_UNIT) {
                double t = 7 * rnd_unit(&seed),
                       r = 1 + ldexp(rnd_unit(&seed) - 0.5, -rnd_int(&seed, 1, 60));
                re = r * cos(t), im = r * sin(t);
            }
        }
        z[2 * k] = re, z[2 * k + 1] = im;
    }
    nd_array *zd = nd_from_buffer(ND_COMPLEX128, 1, &m, z);
    nd_array *zin = nd_astype(zd, is32 ? ND_COMPLEX64 : ND_COMPLEX128);
    nd_array *zb = nd_astype(zin, ND_COMPLEX128); /* the inputs as rounded */
    ck_assert(zd && zin && zb);
    const double *zr = nd_data(zb);
    long double(*ref)[2] = malloc((size_t)m * sizeof *ref);
    ck_assert_ptr_nonnull(ref);
    mpc_t a, w;
    mpc_init2(a, 160), mpc_init2(w, 160);
    bool *ref_ok = malloc((size_t)m);
    ck_assert_ptr_nonnull(ref_ok);
    for (int64_t k = 0; k < m; k++) {
        /* beyond 2^21 for a trigonometric argument, 800 for an exponential
           one (but for log) only the slow path runs: it is compared with
           the scalar level, as the special values */
        double lre = f->near == NEAR_UNIT ? DBL_MAX : f->near == NEAR_RE ? 0x1p21 : 800;
        double lim = f->near == NEAR_UNIT ? DBL_MAX : f->near == NEAR_RE ? 800 : 0x1p21;
        ref_ok[k] = k >= NEDGE && fabs(zr[2 * k]) <= lre && fabs(zr[2 * k + 1]) <= lim;
        if (ref_ok[k]) reference(f, is32, zr[2 * k], zr[2 * k + 1], a, w, ref[k]);
    }
    mpc_clear(a), mpc_clear(w);
    const double bound = is32 ? f->bound32 : f->bound64;
    const char *dt = is32 ? "complex64" : "complex128";
    double worst[NLEVELS] = {0};
    nd_array *scalar = NULL; /* the scalar level's results, complex128 */
    const char *saved = nd_isa();
    for (int L = 0; L < NLEVELS; L++) {
        if (nd_set_isa(levels[L]) != ND_OK) {
            nd_clear_error();
            worst[L] = -1;
            continue;
        }
        nd_array *r = f->f(zin, NULL), *rd = r ? nd_astype(r, ND_COMPLEX128) : NULL;
        ck_assert_msg(r && rd, "%s", nd_last_error_message());
        const double *o = nd_data(rd), *sc = scalar ? nd_data(scalar) : o;
        for (int64_t k = 0; k < m; k++) {
            if (!ref_ok[k]) {
                ck_assert_msg(agrees(sc[2 * k], o[2 * k], is32, 2 * bound) &&
                                  agrees(sc[2 * k + 1], o[2 * k + 1], is32, 2 * bound),
                              "%s %s at %s: (%a, %a) gives (%a, %a), scalar (%a, %a)", f->name, dt,
                              levels[L], zr[2 * k], zr[2 * k + 1], o[2 * k], o[2 * k + 1],
                              sc[2 * k], sc[2 * k + 1]);
                continue;
            }
            double e =
                fmax(ulps_vs(ref[k][0], o[2 * k], is32), ulps_vs(ref[k][1], o[2 * k + 1], is32));
            ck_assert_msg(e <= bound, "%s %s at %s: %.3g ulp at (%a, %a): got (%a, %a)", f->name,
                          dt, levels[L], e, zr[2 * k], zr[2 * k + 1], o[2 * k], o[2 * k + 1]);
            if (e > worst[L]) worst[L] = e;
        }
        if (!scalar)
            scalar = rd;
        else
            nd_release(rd);
        nd_release(r);
    }
    ck_assert_int_eq(nd_set_isa(saved), ND_OK);
    if (report()) {
        printf("| %s | %s | %lld |", f->name, dt, (long long)m);
        for (int L = 0; L < NLEVELS; L++)
            worst[L] < 0 ? printf(" n/a |") : printf(" %.3f |", worst[L]);
        printf("\n");
        fflush(stdout);
    }
    nd_release(scalar), nd_release(zd), nd_release(zin), nd_release(zb);
    free(ref), free(ref_ok), free(z);
}

START_TEST(complex_accuracy) { check(&funcs[_i / 2], _i % 2); }
END_TEST

int main(void) {
    Suite *s = suite_create("accuracy_complex");
    TCase *tc = tcase_create("accuracy_complex");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, complex_accuracy, 0, 2 * NFUNCS);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
