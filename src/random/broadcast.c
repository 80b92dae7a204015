/* Array-valued parameters: one front end over a table of methods, as
   NumPy 1.24's cont()/disc() broadcast paths (_common.pyx). The result's
   elements are drawn in C order, one sampler call each with that element's
   broadcast parameters, so the stream is the scalar one's where the
   parameters are equal. A method is one row of `rows`. */
#include <math.h>
#include <string.h>

#include "copy/copy.h"
#include "random/broadcast.h"
#include "random/dist_continuous.h"
#include "random/dist_discrete.h"

/* ---- NumPy's parameter constraints (_common.pyx check_constraint and
   check_array_constraint): the same tests, the scalar message when every
   parameter is 0-d, the array message otherwise ---- */

static bool bad_non_negative(double v) { return !isnan(v) && signbit(v); }
static bool bad_positive(double v) { return v <= 0; }
static bool bad_nan(double v) { return isnan(v); }
static bool bad_0_1(double v) { return !(v >= 0) || !(v <= 1); }
static bool bad_gt_0_1(double v) { return !(v > 0) || !(v <= 1); }
static bool bad_lt_0_1(double v) { return !(v >= 0) || !(v < 1); }
static bool bad_gt_1(double v) { return !(v > 1); }
static bool bad_gte_1(double v) { return !(v >= 1); }
/* NumPy's POISSON_LAM_MAX: int64 max - 10 sqrt(int64 max) */
#define LAM_MAX (9.2233720368547758e18 - 10 * 3037000499.97605)
static bool bad_lam_max(double v) { return !(v <= LAM_MAX); }
static bool bad_lam_neg(double v) { return !(v >= 0); }

/* One test over every value; %1$s is the parameter's name. */
typedef struct {
    bool (*bad)(double v);
    const char *scalar_msg, *array_msg;
} cons_pass;

/* The passes of each constraint, in NumPy's order (the array form of
   CONS_POISSON tests the upper bound first, the scalar form the sign). */
static const cons_pass cons_passes[ND__CONS_COUNT][2] = {
    [ND__CONS_NON_NEGATIVE] = {{bad_non_negative, "%s < 0", "%s < 0"}},
    [ND__CONS_POSITIVE] = {{bad_positive, "%s <= 0", "%s <= 0"}},
    [ND__CONS_POSITIVE_NOT_NAN] = {{bad_nan, "%s must not be NaN", "%s must not be NaN"},
                                   {bad_positive, "%s <= 0", "%s <= 0"}},
    [ND__CONS_BOUNDED_0_1] = {{bad_0_1, "%s < 0, %s > 1 or %s is NaN",
                               "%s < 0, %s > 1 or %s contains NaNs"}},
    [ND__CONS_BOUNDED_GT_0_1] = {{bad_gt_0_1, "%s <= 0, %s > 1 or %s contains NaNs",
                                  "%s <= 0, %s > 1 or %s contains NaNs"}},
    [ND__CONS_BOUNDED_LT_0_1] = {{bad_lt_0_1, "%s < 0, %s >= 1 or %s is NaN",
                                  "%s < 0, %s >= 1 or %s contains NaNs"}},
    [ND__CONS_GT_1] = {{bad_gt_1, "%s <= 1 or %s is NaN", "%s <= 1 or %s contains NaNs"}},
    [ND__CONS_GTE_1] = {{bad_gte_1, "%s < 1 or %s is NaN", "%s < 1 or %s contains NaNs"}},
};

static nd_status cons_error(const char *func, const char *fmt, const char *name) {
    /* every message names the parameter once, twice or three times */
    return nd__error(ND_ERR_VALUE, func, fmt, name, name, name);
}

/* Element i (C order) of a, and its value as a double (float64 or int64
   arrays; the checks only ask whether any element fails). */
static const char *elem_ptr(const nd_array *a, int64_t i) {
    int64_t off = 0, rest = i;
    for (int d = a->ndim - 1; d >= 0; d--) {
        off += (rest % a->shape[d]) * a->strides[d];
        rest /= a->shape[d];
    }
    return a->data + off;
}
static int64_t int_at(const nd_array *a, int64_t i) {
    int64_t v;
    memcpy(&v, elem_ptr(a, i), 8);
    return v;
}
static double value_at(const nd_array *a, int64_t i) {
    if (a->dtype == ND_INT64) return (double)int_at(a, i);
    double v;
    memcpy(&v, elem_ptr(a, i), 8);
    return v;
}

/* One parameter's constraint over every element of a, or over the one
   value sv when a is NULL (the scalar front ends). */
static nd_status check_param(const char *func, const nd_array *a, double sv, const char *name,
                             nd__cons cons, bool scalar) {
    int64_t n = a ? nd_size(a) : 1;
    const cons_pass *passes = cons_passes[cons];
    if (cons == ND__CONS_POISSON) {
        static const cons_pass scalar_p[2] = {{bad_lam_neg, "%s < 0 or %s is NaN", NULL},
                                              {bad_lam_max, "%s value too large", NULL}};
        static const cons_pass array_p[2] = {{bad_lam_max, NULL, "%s value too large"},
                                             {bad_lam_neg, NULL, "%s < 0 or %s contains NaNs"}};
        passes = scalar ? scalar_p : array_p;
    }
    for (int k = 0; k < 2 && passes[k].bad; k++) {
        const cons_pass *c = &passes[k];
        for (int64_t i = 0; i < n; i++)
            if (c->bad(a ? value_at(a, i) : sv))
                return cons_error(func, scalar ? c->scalar_msg : c->array_msg, name);
    }
    return ND_OK;
}

/* ---- shapes ---- */

/* A shape as Python writes a tuple: "()", "(3,)", "(2, 3)". */
static const char *tuple_str(char *buf, size_t cap, int ndim, const int64_t *shape) {
    size_t n = (size_t)snprintf(buf, cap, "(");
    for (int i = 0; i < ndim && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, i ? ", %lld" : "%lld", (long long)shape[i]);
    if (n < cap) snprintf(buf + n, cap - n, ndim == 1 ? ",)" : ")");
    return buf;
}

/* The broadcast shape of n shapes into (out_ndim, out), or NumPy's
   "shape mismatch" error naming the first two arguments that clash. */
static nd_status broadcast(const char *func, int n, const int *ndims, const int64_t *const *shapes,
                           int *out_ndim, int64_t *out) {
    int nd = 0;
    for (int k = 0; k < n; k++) nd = ndims[k] > nd ? ndims[k] : nd;
    for (int d = 0; d < nd; d++) out[d] = 1;
    for (int k = 0; k < n; k++)
        for (int d = 0; d < ndims[k]; d++) {
            int64_t e = shapes[k][d], *o = &out[nd - ndims[k] + d];
            if (e == *o || e == 1) continue;
            if (*o == 1) {
                *o = e;
                continue;
            }
            int j = 0; /* the first earlier argument with the clashing extent */
            while (j < k && !(nd - ndims[j] <= nd - ndims[k] + d &&
                              shapes[j][d + ndims[j] - ndims[k]] == *o))
                j++;
            char a[160], b[160];
            return nd__error(ND_ERR_SHAPE, func,
                             "shape mismatch: objects cannot be broadcast to a single shape.  "
                             "Mismatch is between arg %d with shape %s and arg %d with shape %s.",
                             j, tuple_str(a, sizeof a, ndims[j], shapes[j]), k,
                             tuple_str(b, sizeof b, ndims[k], shapes[k]));
        }
    *out_ndim = nd;
    return ND_OK;
}

nd_status nd__rv_result_shape(const char *func, int np, const nd_array *const *pa, int ndim,
                              const int64_t *shape, const nd_array *out, bool size_last, int *rndim,
                              int64_t *rshape) {
    int ndims[ND__RV_MAX_PARAMS + 1] = {0};
    const int64_t *shapes[ND__RV_MAX_PARAMS + 1] = {NULL};
    int k0 = 0;
    if (out || ndim != ND_SIZE_NONE) { /* size first, as NumPy's iterator has it */
        if (out) ndim = out->ndim, shape = out->shape;
        if (ndim < 0 || ndim > ND_MAX_DIMS)
            return nd__error(ND_ERR_VALUE, func, "bad shape (ndim %d)", ndim);
        if (ndim > 0 && !shape) return nd__null_arg(func, "shape");
        for (int d = 0; d < ndim; d++)
            if (shape[d] < 0)
                return nd__error(ND_ERR_VALUE, func, "negative dimensions are not allowed");
        ndims[0] = ndim, shapes[0] = shape, k0 = 1;
    }
    for (int k = 0; k < np; k++) ndims[k0 + k] = pa[k]->ndim, shapes[k0 + k] = pa[k]->shape;
    if (k0 && size_last) { /* NumPy's multinomial puts size after the parameters */
        for (int k = 0; k < np; k++) ndims[k] = pa[k]->ndim, shapes[k] = pa[k]->shape;
        ndims[np] = ndim, shapes[np] = shape;
    }
    int bnd;
    int64_t bshape[ND_MAX_DIMS];
    if (broadcast(func, k0 + np, ndims, shapes, &bnd, bshape)) return nd_last_error();
    if (k0 && (bnd != ndim || memcmp(bshape, shape, sizeof(int64_t) * (size_t)ndim))) {
        char a[160], b[160];
        return nd__error(ND_ERR_VALUE, func,
                         "Output size %s is not compatible with broadcast dimensions of inputs %s.",
                         tuple_str(a, sizeof a, ndim, shape), tuple_str(b, sizeof b, bnd, bshape));
    }
    *rndim = bnd;
    memcpy(rshape, bshape, sizeof(int64_t) * (size_t)bnd);
    return ND_OK;
}

/* ---- the draw loop ---- */

void nd__rv_each(nd_rng *g, int np, const nd_array *const *pa, int nd, const int64_t *rshape,
                 char *dst, size_t step, nd__rv_elem f, void *ctx) {
    int64_t n = nd__shape_prod(nd, rshape), idx[ND_MAX_DIMS] = {0};
    int64_t st[ND__RV_MAX_PARAMS][ND_MAX_DIMS];
    const char *p[ND__RV_MAX_PARAMS];
    for (int k = 0; k < np; k++) {
        int lead = nd - pa[k]->ndim;
        for (int d = 0; d < nd; d++)
            st[k][d] = d < lead || pa[k]->shape[d - lead] == 1 ? 0 : pa[k]->strides[d - lead];
        p[k] = pa[k]->data;
    }
    nd__rv_val v[ND__RV_MAX_PARAMS] = {{0}};
    for (int64_t i = 0; i < n; i++, dst += step) {
        for (int k = 0; k < np; k++) memcpy(&v[k], p[k], 8);
        f(g, ctx, v, dst);
        for (int d = nd - 1; d >= 0; d--) { /* the next index, odometer style */
            for (int k = 0; k < np; k++) p[k] += st[k][d];
            if (++idx[d] < rshape[d]) break;
            for (int k = 0; k < np; k++) p[k] -= st[k][d] * rshape[d];
            idx[d] = 0;
        }
    }
}

nd_array *nd__rv_run(const char *func, nd_rng *g, nd_dtype t, int np, const nd_array *const *pa,
                     int ndim, const int64_t *shape, nd_array *out, nd__rv_elem f, void *ctx,
                     nd__rv_prefill pre) {
    int rnd;
    int64_t rshape[ND_MAX_DIMS];
    if (nd__rv_result_shape(func, np, pa, ndim, shape, out, false, &rnd, rshape)) return NULL;
    if (out) {
        if (nd__check_writeable(func, out)) return NULL;
        if (out->dtype != t)
            return nd__error(ND_ERR_DTYPE, func, "out has dtype %s, the result is %s",
                             nd_dtype_name(out->dtype), nd_dtype_name(t)),
                   NULL;
    }
    nd_array *dst =
        out && nd_is_c_contiguous(out) ? out : nd__alloc(func, t, rnd, rshape, ND_ORDER_C, false);
    if (!dst) return NULL;
    if (pre) pre(g, nd_size(dst), (double *)(void *)dst->data);
    nd__rv_each(g, np, pa, dst->ndim, dst->shape, dst->data, nd__itemsize(t), f, ctx);
    nd__settle(g);
    if (!out || dst == out) return dst;
    nd_status st = nd__copy_into(func, out, dst);
    nd_release(dst);
    return st ? NULL : out;
}

/* params as float64 (or int64) arrays, new references, after the null checks */
nd_status nd__rv_convert(const char *func, int np, const nd_array *const *params, const char *kinds,
                         nd_array **pa) {
    if (np > 0 && !params) return nd__null_arg(func, "params");
    for (int k = 0; k < np; k++) pa[k] = NULL;
    for (int k = 0; k < np; k++) {
        if (!params[k]) {
            while (k-- > 0) nd_release(pa[k]);
            return nd__null_arg(func, "params[k]");
        }
        if (nd__is_complex(params[k]->dtype)) {
            while (k-- > 0) nd_release(pa[k]);
            return nd__error(ND_ERR_DTYPE, func, "parameter %d is complex", k);
        }
        pa[k] = nd_astype(params[k], kinds && kinds[k] == 'i' ? ND_INT64 : ND_FLOAT64);
        if (!pa[k]) {
            while (k-- > 0) nd_release(pa[k]);
            return nd_last_error();
        }
    }
    return ND_OK;
}

/* ---- the methods ---- */

static void elem_f(nd_rng *g, void *ctx, const nd__rv_val *v, char *dst) {
    const nd__rv_row *row = ctx;
    double x[ND__RV_MAX_PARAMS] = {0, 0, 0};
    for (int k = 0; k < row->nparams; k++) x[k] = row->kind[k] == 'i' ? (double)v[k].i : v[k].d;
    if (row->fd)
        *(double *)(void *)dst = row->fd(g, x[0], x[1], x[2]);
    else
        *(int64_t *)(void *)dst = row->fi(g, x[0], x[1], x[2]);
}

static double rv_uniform(nd_rng *g, double low, double high, double c) {
    (void)c;
    return low + (high - low) * nd__next_double(g);
}
/* normal: the standard normals in bulk first (one per element, in order:
   the same stream), then loc + scale * z, NumPy's random_normal */
static void elem_normal(nd_rng *g, void *ctx, const nd__rv_val *v, char *dst) {
    (void)g, (void)ctx;
    double *o = (double *)(void *)dst;
    *o = v[0].d + v[1].d * *o;
}
static double rv_exponential(nd_rng *g, double scale, double b, double c) {
    (void)b, (void)c;
    return scale * nd__std_exponential(g);
}
static double rv_standard_gamma(nd_rng *g, double shape, double b, double c) {
    (void)b, (void)c;
    return nd__std_gamma(g, shape);
}
static double rv_gamma(nd_rng *g, double shape, double scale, double c) {
    (void)c;
    return scale * nd__std_gamma(g, shape);
}
static double rv_beta(nd_rng *g, double a, double b, double c) {
    (void)c;
    return nd__beta(g, a, b);
}
static int64_t rv_poisson(nd_rng *g, double lam, double b, double c) {
    (void)b, (void)c;
    return nd__poisson(g, lam);
}
/* n arrives as int64 (exact beyond 2**53): its own element function */
static void elem_binomial(nd_rng *g, void *ctx, const nd__rv_val *v, char *dst) {
    (void)ctx;
    *(int64_t *)(void *)dst = nd__binomial(g, v[1].d, v[0].i);
}

/* uniform: NumPy checks high - low: finite (OverflowError), then >= 0 */
static nd_status uniform_joint(const char *func, int phase, bool scalar, const nd__rv_val *v) {
    double range = v[1].d - v[0].d;
    if (phase == 0 && !isfinite(range))
        return nd__error(ND_ERR_OVERFLOW, func, "%s",
                         scalar ? "high - low range exceeds valid bounds"
                                : "Range exceeds valid bounds");
    if (phase == 1 && bad_non_negative(range))
        return nd__error(ND_ERR_VALUE, func, "high - low < 0");
    return ND_OK;
}

/* triangular: NumPy's three checks over the whole arrays, in its order */
static nd_status triangular_joint(const char *func, int phase, bool scalar, const nd__rv_val *v) {
    (void)scalar;
    if (phase == 0 && v[0].d > v[1].d) return nd__error(ND_ERR_VALUE, func, "left > mode");
    if (phase == 1 && v[1].d > v[2].d) return nd__error(ND_ERR_VALUE, func, "mode > right");
    if (phase == 2 && v[0].d == v[2].d) return nd__error(ND_ERR_VALUE, func, "left == right");
    return ND_OK;
}

/* negative_binomial: the poisson draw's lam must stay below its bound */
static nd_status negbin_joint(const char *func, int phase, bool scalar, const nd__rv_val *v) {
    (void)phase, (void)scalar;
    double n = v[0].d, p = v[1].d;
    if ((1 - p) / p * (n + 10 * sqrt(n)) > LAM_MAX)
        return nd__error(ND_ERR_VALUE, func,
                         "n too large or p too small, see Generator.negative_binomial Notes");
    return ND_OK;
}

/* hypergeometric: NumPy's bound on ngood and nbad, then the sample's,
   before the constraints (int64 parameters) */
static nd_status hyper_joint(const char *func, int phase, bool scalar, const nd__rv_val *v) {
    (void)scalar;
    const int64_t max = 1000000000;
    if (phase == 0 && (v[0].i >= max || v[1].i >= max))
        return nd__error(ND_ERR_VALUE, func, "both ngood and nbad must be less than %lld",
                         (long long)max);
    if (phase == 1 && (__int128)v[0].i + v[1].i < v[2].i)
        return nd__error(ND_ERR_VALUE, func, "ngood + nbad < nsample");
    return ND_OK;
}

/* The methods: NumPy's parameter names, kinds and constraints in its order.
   A method that draws one value from its parameters is one row here. */
/* One row a method, its fields in nd__rv_row's order {name, nparams,
   names, kinds, constraints, check order, dtype, fd, fi, elem, joint,
   njoint, joint_first, prefill}. */
/* clang-format off */
static const nd__rv_row rows[ND_RV_COUNT] = {
    [ND_RV_UNIFORM] = {"uniform", 2, {"low", "high"}, "dd", {0}, {0, 1}, ND_FLOAT64, rv_uniform, NULL, NULL, uniform_joint, 2, false, NULL},
    [ND_RV_NORMAL] = {"normal", 2, {"loc", "scale"}, "dd", {0, ND__CONS_NON_NEGATIVE}, {0, 1}, ND_FLOAT64, NULL, NULL, elem_normal, NULL, 0, false, nd__std_normals},
    [ND_RV_EXPONENTIAL] = {"exponential", 1, {"scale"}, "d", {ND__CONS_NON_NEGATIVE}, {0}, ND_FLOAT64, rv_exponential, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_STANDARD_GAMMA] = {"standard_gamma", 1, {"shape"}, "d", {ND__CONS_NON_NEGATIVE}, {0}, ND_FLOAT64, rv_standard_gamma, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_GAMMA] = {"gamma", 2, {"shape", "scale"}, "dd", {ND__CONS_NON_NEGATIVE, ND__CONS_NON_NEGATIVE}, {0, 1}, ND_FLOAT64, rv_gamma, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_BETA] = {"beta", 2, {"a", "b"}, "dd", {ND__CONS_POSITIVE, ND__CONS_POSITIVE}, {0, 1}, ND_FLOAT64, rv_beta, NULL, NULL, NULL, 0, false, NULL},
    /* NumPy checks p before n; n is read as int64 */
    [ND_RV_BINOMIAL] = {"binomial", 2, {"n", "p"}, "id", {ND__CONS_NON_NEGATIVE, ND__CONS_BOUNDED_0_1}, {1, 0}, ND_INT64, NULL, NULL, elem_binomial, NULL, 0, false, NULL},
    [ND_RV_POISSON] = {"poisson", 1, {"lam"}, "d", {ND__CONS_POISSON}, {0}, ND_INT64, NULL, rv_poisson, NULL, NULL, 0, false, NULL},
    /* nd_integers_a: its own checks and draw loop */
    [ND_RV_INTEGERS] = {"integers", 2, {"low", "high"}, "ii", {0}, {0, 1}, ND_INT64, NULL, NULL, NULL, NULL, 0, false, NULL},
    /* issue 27's univariate methods: NumPy 1.24's cont()/disc() constraints */
    [ND_RV_CHISQUARE] = {"chisquare", 1, {"df"}, "d", {ND__CONS_POSITIVE}, {0}, ND_FLOAT64, nd__chisquare, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_F] = {"f", 2, {"dfnum", "dfden"}, "dd", {ND__CONS_POSITIVE, ND__CONS_POSITIVE}, {0, 1}, ND_FLOAT64, nd__f, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_NONCENTRAL_CHISQUARE] = {"noncentral_chisquare", 2, {"df", "nonc"}, "dd", {ND__CONS_POSITIVE, ND__CONS_NON_NEGATIVE}, {0, 1}, ND_FLOAT64, nd__noncentral_chisquare, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_NONCENTRAL_F] = {"noncentral_f", 3, {"dfnum", "dfden", "nonc"}, "ddd", {ND__CONS_POSITIVE, ND__CONS_POSITIVE, ND__CONS_NON_NEGATIVE}, {0, 1, 2}, ND_FLOAT64, nd__noncentral_f, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_STANDARD_T] = {"standard_t", 1, {"df"}, "d", {ND__CONS_POSITIVE}, {0}, ND_FLOAT64, nd__standard_t, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_VONMISES] = {"vonmises", 2, {"mu", "kappa"}, "dd", {0, ND__CONS_NON_NEGATIVE}, {0, 1}, ND_FLOAT64, nd__vonmises, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_PARETO] = {"pareto", 1, {"a"}, "d", {ND__CONS_POSITIVE}, {0}, ND_FLOAT64, nd__pareto, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_WEIBULL] = {"weibull", 1, {"a"}, "d", {ND__CONS_NON_NEGATIVE}, {0}, ND_FLOAT64, nd__weibull, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_POWER] = {"power", 1, {"a"}, "d", {ND__CONS_POSITIVE}, {0}, ND_FLOAT64, nd__power, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_LAPLACE] = {"laplace", 2, {"loc", "scale"}, "dd", {0, ND__CONS_NON_NEGATIVE}, {0, 1}, ND_FLOAT64, nd__laplace, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_GUMBEL] = {"gumbel", 2, {"loc", "scale"}, "dd", {0, ND__CONS_NON_NEGATIVE}, {0, 1}, ND_FLOAT64, nd__gumbel, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_LOGISTIC] = {"logistic", 2, {"loc", "scale"}, "dd", {0, ND__CONS_NON_NEGATIVE}, {0, 1}, ND_FLOAT64, nd__logistic, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_LOGNORMAL] = {"lognormal", 2, {"mean", "sigma"}, "dd", {0, ND__CONS_NON_NEGATIVE}, {0, 1}, ND_FLOAT64, nd__lognormal, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_RAYLEIGH] = {"rayleigh", 1, {"scale"}, "d", {ND__CONS_NON_NEGATIVE}, {0}, ND_FLOAT64, nd__rayleigh, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_WALD] = {"wald", 2, {"mean", "scale"}, "dd", {ND__CONS_POSITIVE, ND__CONS_POSITIVE}, {0, 1}, ND_FLOAT64, nd__wald, NULL, NULL, NULL, 0, false, NULL},
    [ND_RV_GEOMETRIC] = {"geometric", 1, {"p"}, "d", {ND__CONS_BOUNDED_GT_0_1}, {0}, ND_INT64, NULL, nd__geometric, NULL, NULL, 0, false, NULL},
    [ND_RV_ZIPF] = {"zipf", 1, {"a"}, "d", {ND__CONS_GT_1}, {0}, ND_INT64, NULL, nd__zipf, NULL, NULL, 0, false, NULL},
    [ND_RV_LOGSERIES] = {"logseries", 1, {"p"}, "d", {ND__CONS_BOUNDED_LT_0_1}, {0}, ND_INT64, NULL, nd__logseries, NULL, NULL, 0, false, NULL},
    [ND_RV_TRIANGULAR] = {"triangular", 3, {"left", "mode", "right"}, "ddd", {0}, {0, 1, 2}, ND_FLOAT64, nd__triangular, NULL, NULL, triangular_joint, 3, false, NULL},
    [ND_RV_NEGATIVE_BINOMIAL] = {"negative_binomial", 2, {"n", "p"}, "dd", {ND__CONS_POSITIVE_NOT_NAN, ND__CONS_BOUNDED_GT_0_1}, {0, 1}, ND_INT64, NULL, nd__negative_binomial, NULL, negbin_joint, 1, false, NULL},
    [ND_RV_HYPERGEOMETRIC] = {"hypergeometric", 3, {"ngood", "nbad", "nsample"}, "iii", {ND__CONS_NON_NEGATIVE, ND__CONS_NON_NEGATIVE, ND__CONS_NON_NEGATIVE}, {0, 1, 2}, ND_INT64, NULL, nd__hypergeometric, NULL, hyper_joint, 2, true, NULL},
};
/* clang-format on */

/* One phase of a row's joint check over the broadcast elements; the first
   failure is kept. */
typedef struct {
    const char *func;
    const nd__rv_row *row;
    int phase;
    bool scalar;
    nd_status st;
} joint_ctx;

static void joint_elem(nd_rng *g, void *ctx, const nd__rv_val *v, char *dst) {
    (void)g, (void)dst;
    joint_ctx *c = ctx;
    if (!c->st) c->st = c->row->joint(c->func, c->phase, c->scalar, v);
}

/* The joint checks, phase by phase: over the broadcast elements of pa, or
   on the one set of values sv when pa is NULL. */
static nd_status check_joint(const char *func, const nd__rv_row *row, nd_array *const *pa,
                             const nd__rv_val *sv, bool scalar) {
    if (!row->joint) return ND_OK;
    if (!pa) {
        for (int phase = 0; phase < row->njoint; phase++)
            if (row->joint(func, phase, true, sv)) return nd_last_error();
        return ND_OK;
    }
    int bnd;
    int64_t bshape[ND_MAX_DIMS];
    if (nd__rv_result_shape(func, row->nparams, (const nd_array *const *)pa, ND_SIZE_NONE, NULL,
                            NULL, false, &bnd, bshape))
        return nd_last_error();
    joint_ctx c = {func, row, 0, scalar, ND_OK};
    char none;
    for (c.phase = 0; c.phase < row->njoint && !c.st; c.phase++)
        nd__rv_each(NULL, row->nparams, (const nd_array *const *)pa, bnd, bshape, &none, 0,
                    joint_elem, &c);
    return c.st;
}

/* A row's checks in NumPy's order, with its scalar messages when every
   parameter is 0-d (or pa is NULL: the values sv) and its array messages
   otherwise. */
static nd_status check_row(const char *func, const nd__rv_row *row, nd_array *const *pa,
                           const nd__rv_val *sv) {
    bool scalar = true;
    for (int k = 0; pa && k < row->nparams; k++) scalar &= pa[k]->ndim == 0;
    if (row->joint_first && check_joint(func, row, pa, sv, scalar)) return nd_last_error();
    for (int j = 0; j < row->nparams; j++) {
        int k = row->order[j];
        double x = pa ? 0 : row->kind[k] == 'i' ? (double)sv[k].i : sv[k].d;
        if (row->cons[k] &&
            check_param(func, pa ? pa[k] : NULL, x, row->pname[k], row->cons[k], scalar))
            return nd_last_error();
    }
    return row->joint_first ? ND_OK : check_joint(func, row, pa, sv, scalar);
}

nd_status nd__rv_check(const char *func, const char *method, const nd__rv_val *v) {
    for (int m = 0; m < ND_RV_COUNT; m++)
        if (rows[m].name && !strcmp(rows[m].name, method))
            return check_row(func, &rows[m], NULL, v);
    return nd__error(ND_ERR_UNSUPPORTED, func, "no checks for %s", method);
}

nd_array *nd__rv_draw(const char *func, nd_rng *g, const nd__rv_row *row, int nparams,
                      const nd_array *const *params, int ndim, const int64_t *shape,
                      nd_array *out) {
    if (!g) return nd__null_arg(func, "g"), NULL;
    if (nparams != row->nparams)
        return nd__error(ND_ERR_VALUE, func, "%s takes %d parameters, not %d", row->name,
                         row->nparams, nparams),
               NULL;
    /* int64 parameters take NumPy's safe casts only (no floats, no uint64) */
    for (int k = 0; params && k < nparams; k++)
        if (row->kind[k] == 'i' && params[k] &&
            !nd_can_cast(params[k]->dtype, ND_INT64, ND_CAST_SAFE))
            return nd__error(ND_ERR_DTYPE, func,
                             "Cannot cast %s from dtype('%s') to dtype('int64') according to the "
                             "rule 'safe'",
                             params[k]->ndim ? "array data" : "scalar",
                             nd_dtype_name(params[k]->dtype)),
                   NULL;
    nd_array *pa[ND__RV_MAX_PARAMS];
    if (nd__rv_convert(func, nparams, params, row->kind, pa)) return NULL;
    nd_array *r = NULL;
    if (!check_row(func, row, pa, NULL)) {
        nd__rv_elem f = row->elem ? row->elem : elem_f;
        r = nd__rv_run(func, g, row->dtype, nparams, (const nd_array *const *)pa, ndim, shape, out,
                       f, (void *)row, row->prefill);
    }
    for (int k = 0; k < nparams; k++) nd_release(pa[k]);
    return r;
}

nd_array *nd_random_a(nd_rng *g, nd_rv method, int nparams, nd_array_list params_list, int ndim,
                      const int64_t *shape, nd_array *out) {
    const nd_array *const *params = ND_LIST_PTR(params_list);
    static const char *func = "nd_random_a";
    if ((unsigned)method >= ND_RV_COUNT)
        return nd__error(ND_ERR_VALUE, func, "unknown method %d", (int)method), NULL;
    if (method == ND_RV_INTEGERS) {
        if (nparams != 2)
            return nd__error(ND_ERR_VALUE, func, "integers takes 2 parameters, not %d", nparams),
                   NULL;
        if (!params) return nd__null_arg(func, "params"), NULL;
        nd_dtype t =
            out && (nd__is_int(out->dtype) || nd__is_bool(out->dtype)) ? out->dtype : ND_INT64;
        return nd_integers_a(g, params[0], params[1], false, t, ndim, shape, out);
    }
    return nd__rv_draw(func, g, &rows[method], nparams, params, ndim, shape, out);
}

/* ---- integers: int64 bounds, NumPy's _rand_<type>_broadcast ---- */

typedef struct {
    int width;  /* bytes; 0 for bool */
    bool open;  /* [low, high) */
    nd__bits b; /* 8- and 16-bit values and bools share words across elements */
} int_ctx;

static void elem_integers(nd_rng *g, void *ctx, const nd__rv_val *v, char *dst) {
    int_ctx *c = ctx;
    uint64_t lo = (uint64_t)v[0].i, hi = (uint64_t)v[1].i - c->open;
    uint64_t x = nd__bounded_next(g, c->width, lo, hi - lo, &c->b);
    switch (c->width) {
    case 0:
    case 1:
        *(uint8_t *)dst = (uint8_t)x;
        break;
    case 2:
        *(uint16_t *)(void *)dst = (uint16_t)x;
        break;
    case 4:
        *(uint32_t *)(void *)dst = (uint32_t)x;
        break;
    default:
        *(uint64_t *)(void *)dst = x;
        break;
    }
}

/* Is any element (broadcast) of low > high - open? */
typedef struct {
    bool open, empty;
} empty_ctx;

static void empty_elem(nd_rng *g, void *ctx, const nd__rv_val *v, char *dst) {
    (void)g, (void)dst;
    empty_ctx *c = ctx;
    c->empty |= (__int128)v[0].i > (__int128)v[1].i - c->open;
}

nd_array *nd_integers_a(nd_rng *g, const nd_array *low, const nd_array *high, bool endpoint,
                        nd_dtype t, int ndim, const int64_t *shape, nd_array *out) {
    static const char *func = "nd_integers_a";
    if (!g || !low || !high) return nd__null_arg(func, !g ? "g" : !low ? "low" : "high"), NULL;
    if (!nd__is_int(t) && !nd__is_bool(t))
        return nd__error(ND_ERR_DTYPE, func, "Unsupported dtype dtype('%s') for integers",
                         nd_dtype_name(t)),
               NULL;
    const nd_array *params[2] = {low, high};
    nd_array *pa[2];
    if (nd__rv_convert(func, 2, params, "ii", pa)) return NULL;
    __int128 tmin, tmax;
    int bits = nd__is_bool(t) ? 1 : 8 * (int)nd__itemsize(t);
    if (nd__is_bool(t))
        tmin = 0, tmax = 1;
    else if (nd__is_signed(t))
        tmin = -((__int128)1 << (bits - 1)), tmax = ((__int128)1 << (bits - 1)) - 1;
    else
        tmin = 0, tmax = ((__int128)1 << bits) - 1;
    const char *name = nd_dtype_name(t);
    nd_status st = ND_OK;
    bool open = !endpoint, all_zero = true;
    for (int k = 0; k < 2 && !st; k++) { /* uint64 values past int64: not taken */
        int64_t n = nd_size(pa[k]);
        if (params[k]->dtype == ND_UINT64)
            for (int64_t i = 0; i < n && !st; i++)
                if (int_at(pa[k], i) < 0)
                    st = nd__error(ND_ERR_UNSUPPORTED, func, "bounds above 2**63 - 1");
    }
    int64_t nlo = nd_size(pa[0]), nhi = nd_size(pa[1]);
    for (int64_t i = 0; i < nlo && !st; i++) {
        int64_t v = int_at(pa[0], i);
        all_zero &= v == 0;
        if (v < tmin) st = nd__error(ND_ERR_VALUE, func, "low is out of bounds for %s", name);
    }
    for (int64_t i = 0; i < nhi && !st; i++)
        if ((__int128)int_at(pa[1], i) - open > tmax)
            st = nd__error(ND_ERR_VALUE, func, "high is out of bounds for %s", name);
    int bnd;
    int64_t bshape[ND_MAX_DIMS];
    if (!st)
        st = nd__rv_result_shape(func, 2, (const nd_array *const *)pa, ND_SIZE_NONE, NULL, NULL,
                                 false, &bnd, bshape);
    empty_ctx e = {open, false};
    char none;
    if (!st)
        nd__rv_each(NULL, 2, (const nd_array *const *)pa, bnd, bshape, &none, 0, empty_elem, &e);
    if (!st && e.empty)
        st = nd__error(ND_ERR_VALUE, func, "%s",
                       all_zero ? (open ? "high <= 0" : "high < 0")
                                : (open ? "low >= high" : "low > high"));
    nd_array *r = NULL;
    if (!st) {
        int_ctx c = {nd__is_bool(t) ? 0 : (int)nd__itemsize(t), open, {0, 0}};
        r = nd__rv_run(func, g, t, 2, (const nd_array *const *)pa, ndim, shape, out, elem_integers,
                       &c, NULL);
    }
    nd_release(pa[0]), nd_release(pa[1]);
    return r;
}
