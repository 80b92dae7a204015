/* np.quantile, np.percentile (method 'linear') and np.median, on sorted
   lanes (NumPy partitions instead; a sorted lane gives the same values). */
#include <math.h>
#include <string.h>

#include "sort/sort_internal.h"
#include "ufunc/ufunc_internal.h"

/* Element i of a sorted lane as double. */
static double at(nd_dtype t, const char *p, int64_t i) {
    double v;
    nd__cast_one(t, p + i * (int64_t)nd__itemsize(t), ND_FLOAT64, &v);
    return v;
}

/* b - a computed in t (wrapping for integers, rounded to t for floats), as
   NumPy's subtract(b, a) of two elements of the input array. */
static double diff_in(nd_dtype t, const char *p, int64_t ia, int64_t ib) {
    size_t w = nd__itemsize(t);
    const char *a = p + ia * (int64_t)w, *b = p + ib * (int64_t)w;
    if (nd__is_bool(t)) return at(t, p, ib) != at(t, p, ia); /* bool subtract is xor */
    if (nd__is_float(t)) return nd__round_to(t, at(t, p, ib) - at(t, p, ia));
    int64_t x, y;
    uint64_t ux, uy;
    nd__cast_one(t, a, ND_INT64, &x), nd__cast_one(t, b, ND_INT64, &y);
    ux = (uint64_t)x, uy = (uint64_t)y;
    uint64_t d = uy - ux; /* wraps; then truncated to t */
    char tmp[8];
    double r;
    nd__cast_one(ND_UINT64, &d, t, tmp);
    nd__cast_one(t, tmp, ND_FLOAT64, &r);
    return r;
}

/* NumPy 1.24's _quantile for one q on a sorted lane of n >= 1 elements. */
static double lerp_quantile(nd_dtype t, const char *s, int64_t n, double q) {
    double vi = (double)(n - 1) * q, prev = floor(vi);
    int64_t ip = (int64_t)prev, in = ip + 1;
    if (vi >= (double)(n - 1)) prev = -1, ip = in = n - 1;
    else if (vi < 0) prev = 0, ip = in = 0;
    double gamma = vi - prev, a = at(t, s, ip), b = at(t, s, in), d = diff_in(t, s, ip, in);
    double r = a + d * gamma;
    if (gamma >= 0.5) r = b - d * (1 - gamma);
    return r;
}

static bool lane_has_nan(nd_dtype t, const char *s, int64_t n) {
    return nd__is_float(t) && n > 0 && isnan(at(t, s, n - 1)); /* NaNs sort last */
}

/* The result shape: lead (q's shape) + a's shape without ax (or with 1
   there, keepdims); ax < 0 reduces all. */
static int result_shape(const nd_array *a, int ax, bool keepdims, int nlead, const int64_t *lead,
                        int64_t *shape) {
    int nd = 0;
    for (int i = 0; i < nlead; i++) shape[nd++] = lead[i];
    for (int i = 0; i < a->ndim; i++)
        if (i != ax && ax >= 0) shape[nd++] = a->shape[i];
        else if (keepdims) shape[nd++] = 1;
    return nd;
}

/* Sorted lanes of a along axis, or NULL with the error set. */
static nd_array *sorted_lanes(const char *func, const nd_array *a, int axis, int *ax, int64_t *n,
                              int64_t *nl) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (nd__is_complex(a->dtype))
        return nd__error(ND_ERR_DTYPE, func, "a must be an array of real numbers"), NULL;
    nd_array *v = nd__lanes(func, a, axis, ax, n, nl, true);
    if (!v) return NULL;
    nd__scratch s = {func, NULL, 0};
    const nd_ktable *k = nd__kernels();
    size_t lane = (size_t)*n * nd__itemsize(v->dtype);
    nd_status st = ND_OK;
    for (int64_t i = 0; i < *nl && !st; i++) st = nd__sort_lane(k, v->dtype, v->data + i * lane, *n, &s);
    nd__scratch_free(&s);
    if (st) return nd_release(v), NULL;
    return v;
}

static nd_array *quantile(const char *func, const nd_array *a, const nd_array *q, int axis,
                          bool keepdims, double scale, const char *range_msg) {
    if (!q) return nd__null_arg(func, "q"), NULL;
    if (nd__is_complex(q->dtype)) return nd__error(ND_ERR_DTYPE, func, "q must be real"), NULL;
    nd_array *qf = nd_flatten(q), *qd = qf ? nd_astype(qf, ND_FLOAT64) : NULL;
    nd_release(qf);
    if (!qd) return NULL;
    double *qv = (double *)(void *)qd->data;
    int64_t nq = qd->shape[0];
    for (int64_t i = 0; i < nq; i++) {
        qv[i] = scale == 1 ? qv[i] : qv[i] / scale;
        if (!(qv[i] >= 0 && qv[i] <= 1))
            return nd_release(qd), nd__error(ND_ERR_VALUE, func, "%s", range_msg), NULL;
    }
    int ax;
    int64_t n, nl, shape[2 * ND_MAX_DIMS];
    nd_array *v = a ? sorted_lanes(func, a, axis, &ax, &n, &nl) : (nd__null_arg(func, "a"), NULL);
    if (!v) return nd_release(qd), NULL;
    nd_array *r = NULL;
    if (n == 0 && nl > 0) {
        nd__error(ND_ERR_INDEX, func, "index -1 is out of bounds for axis 0 with size 0");
    } else {
        int nd = result_shape(a, ax, keepdims, q->ndim, q->shape, shape);
        if (nd > ND_MAX_DIMS) nd__error(ND_ERR_VALUE, func, "result has more than %d dimensions", ND_MAX_DIMS);
        else r = nd__alloc(func, ND_FLOAT64, nd, shape, ND_ORDER_C, false);
    }
    if (r) {
        double *o = (double *)(void *)r->data;
        size_t lane = (size_t)n * nd__itemsize(v->dtype);
        for (int64_t l = 0; l < nl; l++) {
            const char *s = v->data + l * lane;
            bool nan = lane_has_nan(v->dtype, s, n);
            for (int64_t j = 0; j < nq; j++)
                o[j * nl + l] = nan ? NAN : lerp_quantile(v->dtype, s, n, qv[j]);
        }
    }
    nd_release(qd), nd_release(v);
    return r;
}

nd_array *nd_quantile(const nd_array *a, const nd_array *q, int axis, bool keepdims) {
    return quantile("nd_quantile", a, q, axis, keepdims, 1, "Quantiles must be in the range [0, 1]");
}
nd_array *nd_percentile(const nd_array *a, const nd_array *q, int axis, bool keepdims) {
    return quantile("nd_percentile", a, q, axis, keepdims, 100,
                    "Percentiles must be in the range [0, 100]");
}

/* The mean of one or two middle elements in np.mean's dtype: float32 sums
   for float16 and float32 (rounded to the input dtype), float64 else. */
static void middle_mean(nd_dtype t, const char *s, int64_t n, char *out) {
    double a = n ? at(t, s, (n - 1) / 2) : NAN, b = n ? at(t, s, n / 2) : NAN, m;
    if (n == 0 || lane_has_nan(t, s, n)) m = NAN;
    else if (t == ND_FLOAT16 || t == ND_FLOAT32) m = (double)(n % 2 ? (float)a : ((float)a + (float)b) / 2.0f);
    else m = n % 2 ? a : (a + b) / 2.0;
    nd__cast_one(ND_FLOAT64, &m, nd__is_float(t) ? t : ND_FLOAT64, out);
}

nd_array *nd_median(const nd_array *a, int axis, bool keepdims) {
    static const char *func = "nd_median";
    int ax;
    int64_t n, nl, shape[ND_MAX_DIMS];
    nd_array *v = sorted_lanes(func, a, axis, &ax, &n, &nl);
    if (!v) return NULL;
    nd_dtype rt = nd__is_float(a->dtype) ? a->dtype : ND_FLOAT64;
    nd_array *r = nd__alloc(func, rt, result_shape(a, ax, keepdims, 0, NULL, shape), shape,
                            ND_ORDER_C, false);
    if (r) {
        size_t lane = (size_t)n * nd__itemsize(v->dtype), w = nd__itemsize(rt);
        if (n == 0) nd__fp_set_sticky(nd_fp_flags() | ND_FP_INVALID); /* mean of empty */
        for (int64_t l = 0; l < nl; l++)
            middle_mean(v->dtype, n ? v->data + l * lane : NULL, n, r->data + l * (int64_t)w);
    }
    nd_release(v);
    return r;
}
