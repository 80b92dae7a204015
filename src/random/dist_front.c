/* The public front ends of the univariate distributions of
   dist_continuous.c and dist_discrete.c: NumPy's parameter checks (with
   its messages), then the samplers in C order into the result. */
#include <math.h>
#include <string.h>

#include <stdatomic.h>
#include <stdint.h>

#include "copy/copy.h"
#include "dispatch/dispatch.h"
#include "kernels.h"
#include "random/dist_bulk.h"
#include "random/broadcast.h"
#include "random/fill.h"
#include "random/dist_continuous.h"
#include "random/dist_discrete.h"

/* ---- filling ---- */

typedef struct {
    nd_cont_sampler cf;
    nd_disc_sampler df;
    double a, b, c;
} sampler;

static void f_cont(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const sampler *s = ctx;
    double *o = (double *)(void *)p;
    for (int64_t i = 0; i < n; i++) o[i] = s->cf(g, s->a, s->b, s->c);
}
static void f_disc(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const sampler *s = ctx;
    int64_t *o = (int64_t *)(void *)p;
    for (int64_t i = 0; i < n; i++) o[i] = s->df(g, s->a, s->b, s->c);
}

/* Bulk paths: the standard exponentials or normals a block at a time
   (PCG64's batch through the ziggurat's fast path), then the transform
   of each, the sampler's own expression: the same draws in the same
   order, so the same values. */
enum { BLK = 256 };
#define BULK(fname, source, expr)                                                                  \
    static void fname(nd_rng *g, const void *ctx, int64_t n, char *p) {                            \
        const sampler *s = ctx;                                                                    \
        double *o = (double *)(void *)p, a = s->a, b = s->b;                                       \
        (void)a, (void)b;                                                                          \
        for (int64_t i = 0; i < n; i += BLK) {                                                     \
            int64_t m = n - i < BLK ? n - i : BLK;                                                 \
            source(g, m, o + i);                                                                   \
            for (int64_t k = i; k < i + m; k++) {                                                  \
                double z = o[k];                                                                   \
                o[k] = expr;                                                                       \
            }                                                                                      \
        }                                                                                          \
    }
BULK(f_chisquare2, nd__std_exponentials, 2.0 * z)        /* std_gamma(1) is one exponential */
BULK(f_lognormal, nd__std_normals, exp(a + b * z))

/* rayleigh: scale sqrt(2 E), by the level's kernel where it has one (a
   correctly rounded sqrt without the divider, so the same bits) */
static void f_rayleigh(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const double a = ((const sampler *)ctx)->a;
    double *o = (double *)(void *)p;
    void (*vec)(double *, const double *, double, int64_t) = nd__kernels()->rng_rayleigh;
    for (int64_t i = 0; i < n; i += BLK) {
        int64_t m = n - i < BLK ? n - i : BLK;
        nd__std_exponentials(g, m, o + i);
        if (vec)
            vec(o + i, o + i, a, m);
        else
            for (int64_t k = i; k < i + m; k++) o[k] = a * sqrt(2.0 * o[k]);
    }
}

/* expm1 of x[0..n) in place with glibc's bits (NumPy's pareto and power
   call glibc's expm1): the level's vector kernel once it has matched this
   process's libm on a probe of every branch of glibc's algorithm, else
   libm. The probe guards against a libm other than the one the kernel
   mirrors (glibc 2.36's FMA variant): there the kernel is never used. */
static bool expm1_kernel_ok(void (*fn)(double *, const double *, int64_t)) {
    static _Atomic(void *) good, bad; /* the last kernel probed, per verdict */
    void *f = (void *)(uintptr_t)fn;  /* (a function pointer as an address) */
    if (atomic_load(&good) == f) return true;
    if (atomic_load(&bad) == f) return false;
    enum { NP = 24 };
    static const double probe[NP] = {
        0x1.0000000000001p-54, 1e-10, -3e-9, 0.1, -0.2, 0.3465, -0.3466, 0.5, -0.9, 1.03,
        -1.04, 1.1, -1.2, 2.5, -3.3, 7.0, 13.9, -13.9, 20.0, 30.5, -30.5, 38.8, 0.2499, -0.26};
    double y[NP];
    fn(y, probe, NP);
    bool ok = true;
    for (int i = 0; i < NP; i++) ok &= memcmp(&y[i], &(double){expm1(probe[i])}, 8) == 0;
    atomic_store(ok ? &good : &bad, f);
    return ok;
}
static void expm1s(double *x, int64_t n) {
    void (*fn)(double *, const double *, int64_t) = nd__kernels()->rng_expm1;
    if (fn && expm1_kernel_ok(fn))
        fn(x, x, n);
    else
        for (int64_t i = 0; i < n; i++) x[i] = expm1(x[i]);
}

/* pow(x[i], b) into x in place with glibc's bits (NumPy's weibull calls
   glibc's pow): the level's kernel, which rounds its own result only
   where glibc's 0.54 ULP bound makes that glibc's and calls pow
   elsewhere, once a probe has matched this process's pow; else libm. */
static bool pow_kernel_ok(int64_t (*fn)(double *, const double *, double, int64_t)) {
    static _Atomic(void *) good, bad;
    void *f = (void *)(uintptr_t)fn;
    if (atomic_load(&good) == f) return true;
    if (atomic_load(&bad) == f) return false;
    enum { NP = 16 };
    static const double probe[NP] = {1e-300, 1e-9, 0.001, 0.3, 0.7071, 0.99, 1.0, 1.001,
                                     1.4142, 2.0, 3.0, 7.5, 33.0, 1e5, 1e200, 0.5};
    static const double bs[3] = {0.5882352941176471, 1.4285714285714286, 3.0};
    bool ok = true;
    for (int k = 0; k < 3; k++) {
        double y[NP];
        fn(y, probe, bs[k], NP);
        for (int i = 0; i < NP; i++) ok &= memcmp(&y[i], &(double){pow(probe[i], bs[k])}, 8) == 0;
    }
    atomic_store(ok ? &good : &bad, f);
    return ok;
}
static void pows(double *x, double b, int64_t n) {
    int64_t (*fn)(double *, const double *, double, int64_t) = nd__kernels()->rng_pow;
    if (fn && isfinite(b) && pow_kernel_ok(fn))
        fn(x, x, b, n);
    else
        for (int64_t i = 0; i < n; i++) x[i] = pow(x[i], b);
}

/* pareto: expm1(E / a); power: pow(-expm1(-E), 1 / a) (NumPy's
   random_pareto and random_power) */
static void f_pareto(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const double a = ((const sampler *)ctx)->a;
    double *o = (double *)(void *)p;
    for (int64_t i = 0; i < n; i += BLK) {
        int64_t m = n - i < BLK ? n - i : BLK;
        nd__std_exponentials(g, m, o + i);
        for (int64_t k = i; k < i + m; k++) o[k] = o[k] / a;
        expm1s(o + i, m);
    }
}
static void f_power(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const double b = ((const sampler *)ctx)->b; /* 1 / a */
    double *o = (double *)(void *)p;
    for (int64_t i = 0; i < n; i += BLK) {
        int64_t m = n - i < BLK ? n - i : BLK;
        nd__std_exponentials(g, m, o + i);
        for (int64_t k = i; k < i + m; k++) o[k] = -o[k];
        expm1s(o + i, m);
        for (int64_t k = i; k < i + m; k++) o[k] = -o[k];
        pows(o + i, b, m);
    }
}
/* weibull: pow(E, 1 / a), a != 0 */
static void f_weibull(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const double b = ((const sampler *)ctx)->b;
    double *o = (double *)(void *)p;
    for (int64_t i = 0; i < n; i += BLK) {
        int64_t m = n - i < BLK ? n - i : BLK;
        nd__std_exponentials(g, m, o + i);
        pows(o + i, b, m);
    }
}

static void f_cauchy(nd_rng *g, const void *ctx, int64_t n, char *p) {
    (void)ctx;
    double *o = (double *)(void *)p, z[2 * BLK];
    for (int64_t i = 0; i < n; i += BLK) {
        int64_t m = n - i < BLK ? n - i : BLK;
        nd__std_normals(g, 2 * m, z);
        for (int64_t k = 0; k < m; k++) o[i + k] = z[2 * k] / z[2 * k + 1];
    }
}

/* dist_bulk.c's fills, the scalar loop where they decline */
static void f_chisquare(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const sampler *s = ctx;
    if (!nd__chisquare_bulk(g, s->a, n, (double *)(void *)p)) f_cont(g, ctx, n, p);
}
static void f_f(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const sampler *s = ctx;
    if (!nd__f_bulk(g, s->a, s->b, n, (double *)(void *)p)) f_cont(g, ctx, n, p);
}
static void f_standard_t(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const sampler *s = ctx;
    if (!nd__standard_t_bulk(g, s->a, n, (double *)(void *)p)) f_cont(g, ctx, n, p);
}
static void f_wald(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const sampler *s = ctx;
    nd__wald_bulk(g, s->a, s->b, n, (double *)(void *)p);
}

static void f_gumbel(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const sampler *s = ctx;
    nd__gumbel_bulk(g, s->a, s->b, n, (double *)(void *)p);
}
static void f_laplace(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const sampler *s = ctx;
    nd__laplace_bulk(g, s->a, s->b, n, (double *)(void *)p);
}
static void f_logistic(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const sampler *s = ctx;
    nd__logistic_bulk(g, s->a, s->b, n, (double *)(void *)p);
}
static void f_triangular(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const sampler *s = ctx;
    nd__triangular_bulk(g, s->a, s->b, s->c, n, (double *)(void *)p);
}
static void f_negative_binomial(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const sampler *s = ctx;
    if (!nd__negative_binomial_bulk(g, s->a, s->b, n, (int64_t *)(void *)p)) f_disc(g, ctx, n, p);
}
static void f_logseries(nd_rng *g, const void *ctx, int64_t n, char *p) {
    nd__logseries_fill(g, ((const sampler *)ctx)->a, n, (int64_t *)(void *)p);
}
static void f_zipf(nd_rng *g, const void *ctx, int64_t n, char *p) {
    nd__zipf_fill(g, ((const sampler *)ctx)->a, n, (int64_t *)(void *)p);
}

static void f_geometric_inv(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const sampler *s = ctx;
    int64_t *o = (int64_t *)(void *)p;
    double z[BLK], l = log1p(-s->a);
    for (int64_t i = 0; i < n; i += BLK) {
        int64_t m = n - i < BLK ? n - i : BLK;
        nd__std_exponentials(g, m, z);
        for (int64_t k = 0; k < m; k++) o[i + k] = nd__to_int64(ceil(-z[k] / l));
    }
}

/* method: the row of broadcast.c whose checks apply (NULL: none) */
static nd_array *run(const char *func, const char *method, nd_cont_sampler cf, nd_disc_sampler df,
                     nd_rng_fill_fn bulk, double a, double b, double c, nd_rng *g, int ndim,
                     const int64_t *shape, nd_array *out) {
    const nd__rv_val v[3] = {{.d = a}, {.d = b}, {.d = c}};
    if (method && nd__rv_check(func, method, v)) return NULL;
    sampler s = {cf, df, a, b, c};
    nd_rng_fill_fn f = bulk ? bulk : cf ? f_cont : f_disc;
    return nd__rng_fill(func, g, cf ? ND_FLOAT64 : ND_INT64, ndim, shape, out, f, &s);
}

/* CONT(name, a, b, c): nd_<name>'s checks and sampler on (a, b, c) */
#define CONT_BULK(name, bulk, a, b, c)                                                             \
    run("nd_" #name, #name, nd__##name, NULL, bulk, a, b, c, g, ndim, shape, out)
#define CONT(name, a, b, c) CONT_BULK(name, NULL, a, b, c)
#define DISC_BULK(name, bulk, a, b, c)                                                             \
    run("nd_" #name, #name, NULL, nd__##name, bulk, a, b, c, g, ndim, shape, out)
#define DISC(name, a, b, c) DISC_BULK(name, NULL, a, b, c)
#define SHAPE_ARGS int ndim, const int64_t *shape, nd_array *out

nd_array *nd_chisquare(nd_rng *g, double df, SHAPE_ARGS) {
    return CONT_BULK(chisquare, df / 2.0 == 1.0 ? f_chisquare2 : f_chisquare, df, 0, 0);
}
nd_array *nd_f(nd_rng *g, double dfnum, double dfden, SHAPE_ARGS) {
    return CONT_BULK(f, f_f, dfnum, dfden, 0);
}
nd_array *nd_gumbel(nd_rng *g, double loc, double scale, SHAPE_ARGS) {
    return CONT_BULK(gumbel, f_gumbel, loc, scale, 0);
}
nd_array *nd_laplace(nd_rng *g, double loc, double scale, SHAPE_ARGS) {
    return CONT_BULK(laplace, f_laplace, loc, scale, 0);
}
nd_array *nd_logistic(nd_rng *g, double loc, double scale, SHAPE_ARGS) {
    return CONT_BULK(logistic, f_logistic, loc, scale, 0);
}
nd_array *nd_lognormal(nd_rng *g, double mean, double sigma, SHAPE_ARGS) {
    return CONT_BULK(lognormal, f_lognormal, mean, sigma, 0);
}
nd_array *nd_noncentral_chisquare(nd_rng *g, double df, double nonc, SHAPE_ARGS) {
    return CONT(noncentral_chisquare, df, nonc, 0);
}
nd_array *nd_noncentral_f(nd_rng *g, double dfnum, double dfden, double nonc, SHAPE_ARGS) {
    return CONT(noncentral_f, dfnum, dfden, nonc);
}
nd_array *nd_pareto(nd_rng *g, double a, SHAPE_ARGS) {
    return CONT_BULK(pareto, f_pareto, a, 0, 0);
}
nd_array *nd_rng_power(nd_rng *g, double a, SHAPE_ARGS) {
    return run("nd_rng_power", "power", nd__power, NULL, f_power, a, 1. / a, 0, g, ndim, shape,
               out);
}
nd_array *nd_rayleigh(nd_rng *g, double scale, SHAPE_ARGS) {
    return CONT_BULK(rayleigh, f_rayleigh, scale, 0, 0);
}
nd_array *nd_standard_cauchy(nd_rng *g, SHAPE_ARGS) {
    return run("nd_standard_cauchy", NULL, nd__standard_cauchy, NULL, f_cauchy, 0, 0, 0, g, ndim,
               shape, out);
}
nd_array *nd_standard_t(nd_rng *g, double df, SHAPE_ARGS) {
    return CONT_BULK(standard_t, f_standard_t, df, 0, 0);
}
nd_array *nd_triangular(nd_rng *g, double left, double mode, double right, SHAPE_ARGS) {
    return CONT_BULK(triangular, f_triangular, left, mode, right);
}
nd_array *nd_vonmises(nd_rng *g, double mu, double kappa, SHAPE_ARGS) {
    return CONT(vonmises, mu, kappa, 0);
}
nd_array *nd_wald(nd_rng *g, double mean, double scale, SHAPE_ARGS) {
    return CONT_BULK(wald, f_wald, mean, scale, 0);
}
nd_array *nd_weibull(nd_rng *g, double a, SHAPE_ARGS) { /* a == 0: zeros, no draw */
    return CONT_BULK(weibull, a == 0 ? NULL : f_weibull, a, a == 0 ? 0 : 1. / a, 0);
}

nd_array *nd_geometric(nd_rng *g, double p, SHAPE_ARGS) {
    return DISC_BULK(geometric, p >= 0.333333333333333333333333 ? NULL : f_geometric_inv, p, 0, 0);
}
nd_array *nd_hypergeometric(nd_rng *g, int64_t ngood, int64_t nbad, int64_t nsample, SHAPE_ARGS) {
    static const char *func = "nd_hypergeometric";
    const nd__rv_val v[3] = {{.i = ngood}, {.i = nbad}, {.i = nsample}};
    if (nd__rv_check(func, "hypergeometric", v)) return NULL;
    /* checked: every parameter below 2**53, exact as doubles */
    return run(func, NULL, NULL, nd__hypergeometric, NULL, (double)ngood, (double)nbad,
               (double)nsample, g, ndim, shape, out);
}
nd_array *nd_logseries(nd_rng *g, double p, SHAPE_ARGS) {
    return DISC_BULK(logseries, f_logseries, p, 0, 0);
}
nd_array *nd_negative_binomial(nd_rng *g, double n, double p, SHAPE_ARGS) {
    return DISC_BULK(negative_binomial, f_negative_binomial, n, p, 0);
}
nd_array *nd_zipf(nd_rng *g, double a, SHAPE_ARGS) { return DISC_BULK(zipf, f_zipf, a, 0, 0); }

/* ---- bytes ---- */

nd_array *nd_bytes(nd_rng *g, int64_t length) {
    static const char *func = "nd_bytes";
    if (!g) return nd__null_arg(func, "g"), NULL;
    /* NumPy draws (length - 1) // 4 + 1 uint32 words (floor division):
       none for -4..0, and a negative count below that is an error */
    if (length < -4)
        return nd__error(ND_ERR_VALUE, func, "negative dimensions are not allowed"), NULL;
    int64_t n = length > 0 ? length : 0;
    nd_array *r = nd__alloc(func, ND_UINT8, 1, &n, ND_ORDER_C, false);
    if (!r) return NULL;
    /* integers(0, 2**32, dtype=uint32): every word a next32, laid out
       little-endian, the last one cut */
    uint8_t *o = (uint8_t *)r->data;
    for (int64_t k = 0; k < n; k += 4) {
        uint32_t w = nd__next32(g);
        for (int64_t b = 0; b < 4 && k + b < n; b++) o[k + b] = (uint8_t)(w >> (8 * b));
    }
    nd__settle(g);
    return r;
}

/* ---- permuted ---- */

/* NumPy's _shuffle_raw: Fisher-Yates from the end down to first, with
   random_interval, swapping items of isz bytes */
static void shuffle_lane(nd_rng *g, int64_t n, int64_t first, size_t isz, int64_t stride,
                         char *data) {
    for (int64_t i = n - 1; i >= first; i--) {
        int64_t j = (int64_t)nd__interval(g, (uint64_t)i);
        char *a = data + j * stride, *b = data + i * stride;
        for (size_t k = 0; k < isz; k++) {
            char t = a[k];
            a[k] = b[k], b[k] = t;
        }
    }
}

/* Every lane along ax, the others in C order (PyArray_IterAllButAxis). */
static void shuffle_lanes(nd_rng *g, nd_array *a, int ax) {
    int64_t idx[ND_MAX_DIMS] = {0}, n = a->shape[ax];
    size_t isz = nd__itemsize(a->dtype);
    if (nd_size(a) == 0) return;
    for (;;) {
        char *p = a->data;
        for (int d = 0; d < a->ndim; d++) p += idx[d] * a->strides[d];
        shuffle_lane(g, n, 0, isz, a->strides[ax], p);
        int d = a->ndim - 1;
        for (; d >= 0; d--) {
            if (d == ax) continue;
            if (++idx[d] < a->shape[d]) break;
            idx[d] = 0;
        }
        if (d < 0) return;
    }
}

/* axis=None: the flattened array shuffled as one lane, in the order of
   its memory when it is C- or F-contiguous (NumPy's ravel(order='A')),
   else in C order through a contiguous copy. */
static nd_status shuffle_flat(const char *func, nd_rng *g, nd_array *a) {
    size_t isz = nd__itemsize(a->dtype);
    int64_t n = nd_size(a);
    if (a->ndim == 1) {
        if (n > 0) shuffle_lane(g, n, 1, isz, a->strides[0], a->data);
        return ND_OK;
    }
    if (nd_is_c_contiguous(a) || nd_is_f_contiguous(a)) {
        if (n > 0) shuffle_lane(g, n, 1, isz, (int64_t)isz, a->data);
        return ND_OK;
    }
    nd_array *c = nd__alloc(func, a->dtype, a->ndim, a->shape, ND_ORDER_C, false);
    nd_status st = c ? nd__copy_into(func, c, a) : (nd_status)nd_last_error();
    if (!st) {
        if (n > 0) shuffle_lane(g, n, 1, isz, (int64_t)isz, c->data);
        st = nd__copy_into(func, a, c);
    }
    nd_release(c);
    return st;
}

nd_array *nd_permuted(nd_rng *g, const nd_array *x, int axis, nd_array *out) {
    static const char *func = "nd_permuted";
    if (!g || !x) return nd__null_arg(func, g ? "x" : "g"), NULL;
    int ax = 0;
    if (axis == ND_AXIS_ALL) {
        if (x->ndim == 0) return nd__error(ND_ERR_DTYPE, func, "len() of unsized object"), NULL;
    } else if (nd__normalize_axis(func, axis, x->ndim, &ax)) {
        return NULL;
    }
    nd_array *r;
    if (out) {
        if (nd__check_writeable(func, out)) return NULL;
        if (out->ndim != x->ndim || memcmp(out->shape, x->shape, sizeof(int64_t) * (size_t)x->ndim))
            return nd__error(ND_ERR_VALUE, func, "out must have the same shape as x"), NULL;
        if (!nd_can_cast(x->dtype, out->dtype, ND_CAST_SAFE))
            return nd__error(ND_ERR_DTYPE, func,
                             "Cannot cast array data from dtype('%s') to dtype('%s') according to "
                             "the rule 'safe'",
                             nd_dtype_name(x->dtype), nd_dtype_name(out->dtype)),
                   NULL;
        if (out != x && nd__copy_into(func, out, x)) return NULL;
        r = out;
    } else { /* x.copy(order='K'): an F-contiguous x stays F */
        bool f = x->ndim > 1 && nd_is_f_contiguous(x) && !nd_is_c_contiguous(x);
        r = nd__alloc(func, x->dtype, x->ndim, x->shape, f ? ND_ORDER_F : ND_ORDER_C, false);
        if (!r) return NULL;
        if (nd__copy_into(func, r, x)) return nd_release(r), NULL;
    }
    nd_status st = ND_OK;
    if (axis == ND_AXIS_ALL)
        st = shuffle_flat(func, g, r);
    else
        shuffle_lanes(g, r, ax);
    nd__settle(g);
    if (st && r != out) nd_release(r);
    return st ? NULL : r;
}
