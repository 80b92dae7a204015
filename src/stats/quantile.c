/* NumPy 1.24's 13 quantile methods (np.quantile's method=), nanquantile,
   nanpercentile and nanmedian, on lanes sorted by nd_sort (NaN last, as
   NumPy's partition leaves them). Each method is NumPy's virtual index and
   gamma rule, and the interpolation is its _lerp, so results match bit for
   bit. */
#include <math.h>
#include <string.h>

#include "stats/stats_internal.h"
#include "ufunc/ufunc_internal.h"

static const char *const method_names[ND_Q_NUM_METHODS] = {"inverted_cdf",
                                                           "averaged_inverted_cdf",
                                                           "closest_observation",
                                                           "interpolated_inverted_cdf",
                                                           "hazen",
                                                           "weibull",
                                                           "linear",
                                                           "median_unbiased",
                                                           "normal_unbiased",
                                                           "lower",
                                                           "higher",
                                                           "midpoint",
                                                           "nearest"};

int nd_quantile_method_from_name(const char *name, nd_quantile_method *method) {
    const char *f = "nd_quantile_method_from_name";
    if (!name || !method) return nd__null_arg(f, !name ? "name" : "method");
    for (int i = 0; i < ND_Q_NUM_METHODS; i++)
        if (!strcmp(name, method_names[i])) return *method = (nd_quantile_method)i, ND_OK;
    char list[400] = "";
    for (int i = 0; i < ND_Q_NUM_METHODS; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'", i ? ", " : "",
                 method_names[i]);
    return nd__error(ND_ERR_VALUE, f, "'%.100s' is not a valid method. Use one of: dict_keys([%s])",
                     name, list);
}

static bool is_discrete(nd_quantile_method m) {
    return m == ND_Q_INVERTED_CDF || m == ND_Q_CLOSEST_OBSERVATION || m == ND_Q_LOWER ||
           m == ND_Q_HIGHER || m == ND_Q_NEAREST;
}

/* NumPy's _discret_interpolation_to_boundaries: prev, or prev + 1 unless
   the condition holds; negative indices clipped to 0. */
static int64_t discrete_index(nd_quantile_method m, int64_t n, double q) {
    double idx, prev, r;
    switch (m) {
    case ND_Q_INVERTED_CDF:
        idx = (double)n * q - 1, prev = floor(idx);
        r = idx - prev == 0 ? prev : prev + 1;
        break;
    case ND_Q_CLOSEST_OBSERVATION:
        idx = (double)n * q - 1 - 0.5, prev = floor(idx);
        /* Python's prev % 2 == 0 (floor modulo) */
        r = (idx - prev == 0 && prev - 2 * floor(prev / 2) == 0) ? prev : prev + 1;
        break;
    case ND_Q_LOWER:
        r = floor((double)(n - 1) * q);
        break;
    case ND_Q_HIGHER:
        r = ceil((double)(n - 1) * q);
        break;
    default:
        r = nearbyint((double)(n - 1) * q);
        break; /* np.around: half to even */
    }
    if (r < 0) r = 0;
    if (r > (double)(n - 1)) r = (double)(n - 1);
    return (int64_t)r;
}

/* NumPy's _compute_virtual_index. */
static double vindex_ab(int64_t n, double q, double alpha, double beta) {
    return (double)n * q + (alpha + q * (1 - alpha - beta)) - 1;
}

static double virtual_index(nd_quantile_method m, int64_t n, double q) {
    switch (m) {
    case ND_Q_AVERAGED_INVERTED_CDF:
        return (double)n * q - 1;
    case ND_Q_INTERPOLATED_INVERTED_CDF:
        return vindex_ab(n, q, 0, 1);
    case ND_Q_HAZEN:
        return vindex_ab(n, q, 0.5, 0.5);
    case ND_Q_WEIBULL:
        return vindex_ab(n, q, 0, 0);
    case ND_Q_MEDIAN_UNBIASED:
        return vindex_ab(n, q, 1 / 3.0, 1 / 3.0);
    case ND_Q_NORMAL_UNBIASED:
        return vindex_ab(n, q, 3 / 8.0, 3 / 8.0);
    case ND_Q_MIDPOINT:
        return 0.5 * (floor((double)(n - 1) * q) + ceil((double)(n - 1) * q));
    default:
        return (double)(n - 1) * q; /* linear */
    }
}

static double elem(nd_dtype t, const char *p, int64_t i) {
    double v;
    nd__cast_one(t, p + i * (int64_t)nd__itemsize(t), ND_FLOAT64, &v);
    return v;
}

/* subtract(b, a) of two elements computed in t, as NumPy's _lerp does it
   before the float64 multiply (integers wrap, floats round to t). */
static double diff_in(nd_dtype t, const char *p, int64_t ia, int64_t ib) {
    if (t == ND_BOOL) return elem(t, p, ib) != elem(t, p, ia);
    char tmp[8];
    double r;
    if (nd__is_float(t)) {
        double d = elem(t, p, ib) - elem(t, p, ia);
        nd__cast_one(ND_FLOAT64, &d, t, tmp);
    } else {
        int64_t x, y;
        size_t w = nd__itemsize(t);
        nd__cast_one(t, p + ia * (int64_t)w, ND_INT64, &x);
        nd__cast_one(t, p + ib * (int64_t)w, ND_INT64, &y);
        uint64_t d = (uint64_t)y - (uint64_t)x;
        nd__cast_one(ND_UINT64, &d, t, tmp);
    }
    nd__cast_one(t, tmp, ND_FLOAT64, &r);
    return r;
}

/* NumPy's _get_indexes, _get_gamma and _lerp for one q on a sorted lane of
   n >= 1 valid elements. */
static double interpolate(nd_quantile_method m, nd_dtype t, const char *s, int64_t n, double q) {
    double vi = virtual_index(m, n, q);
    double prev = floor(vi);
    int64_t ip = (int64_t)prev, in = ip + 1;
    if (vi >= (double)(n - 1))
        prev = -1, ip = in = n - 1;
    else if (vi < 0)
        prev = 0, ip = in = 0;
    double g = vi - prev;
    if (m == ND_Q_AVERAGED_INVERTED_CDF)
        g = g == 0 ? 0.5 : 1.0;
    else if (m == ND_Q_MIDPOINT)
        g = fmod(vi, 1.0) == 0 ? 0.0 : 0.5;
    double a = elem(t, s, ip), b = elem(t, s, in), d = diff_in(t, s, ip, in);
    return g >= 0.5 ? b - d * (1 - g) : a + d * g;
}

/* np.median's mean of the middle one or two, in the float dtype's
   arithmetic (float16 accumulates in float32, as np.mean). */
static double middle(nd_dtype t, const char *s, int64_t n) {
    double a = elem(t, s, (n - 1) / 2), b = elem(t, s, n / 2);
    if (n % 2) return a;
    if (t == ND_FLOAT32 || t == ND_FLOAT16) return (double)(((float)a + (float)b) / 2.0f);
    return (a + b) / 2.0;
}

enum { Q_PLAIN, Q_NAN, Q_NANMEDIAN };

typedef struct {
    const char *func;
    int kind;
    double scale; /* 100 for percentiles */
} qspec;

static nd_status check_q(const qspec *sp, const double *q, int64_t nq) {
    for (int64_t i = 0; i < nq; i++)
        if (!(q[i] >= 0 && q[i] <= 1))
            return nd__error(ND_ERR_VALUE, sp->func, "%s must be in the range [0, %s]",
                             sp->scale == 100 ? "Percentiles" : "Quantiles",
                             sp->scale == 100 ? "100" : "1");
    return ND_OK;
}

/* The result's shape: q's shape, then a's without axis ax (a 1 there with
   keepdims; ax < 0: every axis). */
static int out_shape(const nd_array *a, const nd_array *q, int ax, bool keepdims, int64_t *shape) {
    int k = 0;
    for (int i = 0; q && i < q->ndim; i++) shape[k++] = q->shape[i];
    for (int i = 0; i < a->ndim; i++)
        if (ax >= 0 && i != ax)
            shape[k++] = a->shape[i];
        else if (keepdims)
            shape[k++] = 1;
    return k;
}

static nd_array *quantile_run(const qspec *sp, const nd_array *a, const nd_array *q, int axis,
                              bool keepdims, nd_quantile_method m) {
    const char *f = sp->func;
    if (!a) return nd__null_arg(f, "a"), NULL;
    if (sp->kind != Q_NANMEDIAN && !q) return nd__null_arg(f, "q"), NULL;
    if ((unsigned)m >= ND_Q_NUM_METHODS) {
        nd__error(ND_ERR_VALUE, f, "unknown quantile method %d", (int)m);
        return NULL;
    }
    if (nd__is_complex(a->dtype)) {
        nd__error(ND_ERR_DTYPE, f, "a must be an array of real numbers");
        return NULL;
    }
    int ax = -1;
    if (axis != ND_AXIS_ALL && nd__normalize_axis(f, axis, a->ndim, &ax)) return NULL;
    if (a->ndim > ND_MAX_DIMS - (q ? q->ndim : 0)) {
        nd__error(ND_ERR_SHAPE, f, "the result has more than %d dimensions", ND_MAX_DIMS);
        return NULL;
    }
    nd_array *qd = NULL, *s = NULL, *mv = NULL, *lanes = NULL, *r = NULL;
    int64_t nq = 1;
    if (q) {
        if (!(qd = nd__stats_f64(f, q))) return NULL;
        nq = nd_size(qd);
        double *qv = (double *)qd->data;
        for (int64_t i = 0; i < nq; i++) qv[i] /= sp->scale;
        if (check_q(sp, qv, nq)) goto done;
    }
    if (!(s = nd_sort(a, axis))) goto done;
    if (!(mv = ax >= 0 ? nd_moveaxis(s, ax, -1) : nd_retain(s))) goto done;
    if (!(lanes = nd_copy_order(mv, ND_ORDER_C))) goto done;
    nd_dtype t = a->dtype, rt;
    if (sp->kind == Q_NANMEDIAN)
        rt = nd__is_float(t) ? t : ND_FLOAT64;
    else
        rt = is_discrete(m) ? t : ND_FLOAT64;
    int64_t shape[ND_MAX_DIMS];
    int rnd = out_shape(a, q, ax, keepdims, shape);
    int64_t n = lanes->ndim ? lanes->shape[lanes->ndim - 1] : 1;
    int64_t nl = 1;
    for (int i = 0; i + 1 < lanes->ndim; i++) nl *= lanes->shape[i];
    if (!(r = nd_empty(rt, rnd, shape))) goto done;
    size_t w = nd__itemsize(t), rw = nd__itemsize(rt);
    bool any_allnan = false;
    for (int64_t l = 0; l < nl; l++) {
        const char *lane = lanes->data + l * n * (int64_t)w;
        int64_t nv = n;
        if (nd__is_float(t)) {
            if (sp->kind == Q_PLAIN)
                nv = n > 0 && isnan(elem(t, lane, n - 1)) ? -1 : n;
            else
                while (nv > 0 && isnan(elem(t, lane, nv - 1))) nv--;
        }
        if (nv == 0 && sp->kind == Q_PLAIN) {
            nd__error(ND_ERR_INDEX, f, "index -1 is out of bounds for axis 0 with size 0");
            nd_release(r), r = NULL;
            goto done;
        }
        if (nv == 0 && n > 0) any_allnan = true;
        for (int64_t k = 0; k < nq; k++) {
            char *dst = r->data + (k * nl + l) * (int64_t)rw;
            double qk = qd ? ((double *)qd->data)[k] : 0.5, v;
            if (nv <= 0)
                v = NAN; /* a NaN lane, or an all-NaN one skipping NaN */
            else if (sp->kind == Q_NANMEDIAN)
                v = middle(t, lane, nv);
            else if (is_discrete(m)) {
                memcpy(dst, lane + discrete_index(m, nv, qk) * (int64_t)w, w);
                continue;
            } else
                v = interpolate(m, t, lane, nv, qk);
            nd__cast_one(ND_FLOAT64, &v, rt, dst);
        }
    }
    if (any_allnan) nd__fp_set_sticky(nd_fp_flags() | ND_FP_INVALID);
done:
    ND_RELEASE_ALL(qd, s, mv, lanes);
    return r;
}

nd_array *nd_quantile_ex(const nd_array *a, const nd_array *q, int axis, bool keepdims,
                         nd_quantile_method method) {
    static const qspec sp = {"nd_quantile_ex", Q_PLAIN, 1};
    return quantile_run(&sp, a, q, axis, keepdims, method);
}

nd_array *nd_percentile_ex(const nd_array *a, const nd_array *q, int axis, bool keepdims,
                           nd_quantile_method method) {
    static const qspec sp = {"nd_percentile_ex", Q_PLAIN, 100};
    return quantile_run(&sp, a, q, axis, keepdims, method);
}

nd_array *nd_nanquantile(const nd_array *a, const nd_array *q, int axis, bool keepdims,
                         nd_quantile_method method) {
    static const qspec sp = {"nd_nanquantile", Q_NAN, 1};
    return quantile_run(&sp, a, q, axis, keepdims, method);
}

nd_array *nd_nanpercentile(const nd_array *a, const nd_array *q, int axis, bool keepdims,
                           nd_quantile_method method) {
    static const qspec sp = {"nd_nanpercentile", Q_NAN, 100};
    return quantile_run(&sp, a, q, axis, keepdims, method);
}

nd_array *nd_nanmedian(const nd_array *a, int axis, bool keepdims) {
    static const qspec sp = {"nd_nanmedian", Q_NANMEDIAN, 1};
    return quantile_run(&sp, a, NULL, axis, keepdims, ND_Q_LINEAR);
}
