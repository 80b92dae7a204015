/* np.bincount and np.histogram. */
#include <math.h>
#include <string.h>

#include "sort/sort_internal.h"

/* x as int64 under NumPy's 'safe' casting (bool and integers that fit). */
static nd_array *as_intp(const char *func, const nd_array *x) {
    nd_dtype t = x->dtype;
    if (!(nd__is_bool(t) || (nd__is_int(t) && t != ND_UINT64)))
        return nd__error(ND_ERR_DTYPE, func,
                         "Cannot cast array data from dtype('%s') to dtype('int64') according to "
                         "the rule 'safe'",
                         nd_dtype_name(t)),
               NULL;
    if (t == ND_INT64 && x->ndim == 1 && x->strides[0] == 8) /* read in place: no copy */
        return nd_retain((nd_array *)x);
    return nd__flat_as(x, ND_INT64);
}

nd_array *nd_bincount(const nd_array *x, const nd_array *weights, int64_t minlength) {
    static const char *func = "nd_bincount";
    if (!x) return nd__null_arg(func, "x"), NULL;
    if (x->ndim != 1) return nd__error(ND_ERR_VALUE, func, "object too deep for desired array"), NULL;
    if (minlength < 0) return nd__error(ND_ERR_VALUE, func, "'minlength' must not be negative"), NULL;
    if (weights && (weights->ndim != 1 || weights->shape[0] != x->shape[0]))
        return nd__error(ND_ERR_VALUE, func, "The weights and list don't have the same length."), NULL;
    if (weights && nd__is_complex(weights->dtype))
        return nd__error(ND_ERR_DTYPE, func, "Cannot cast array data from dtype('%s') to dtype('float64') according to the rule 'safe'", nd_dtype_name(weights->dtype)), NULL;
    nd_array *xi = as_intp(func, x), *wf = xi && weights ? nd__flat_as(weights, ND_FLOAT64) : NULL, *r = NULL;
    if (!xi || (weights && !wf)) goto done;
    const int64_t *v = (const int64_t *)(void *)xi->data;
    int64_t n = xi->shape[0], len = minlength, lo = 0, hi = -1;
    /* the extremes in one branch-free pass (vectorized; the per-element
       tests ran np.bincount at 0.73x NumPy), then NumPy's checks on them */
    for (int64_t i = 0; i < n; i++) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    if (lo < 0) {
        nd__error(ND_ERR_VALUE, func, "'list' argument must have no negative elements");
        goto done;
    }
    if (hi == INT64_MAX) { /* INT64_MAX + 1 bins; NumPy 1.24 wraps and returns [] */
        nd__error(ND_ERR_OVERFLOW, func,
                  "array is too big; `arr.size * arr.dtype.itemsize` is larger than the "
                  "maximum possible size.");
        goto done;
    }
    if (hi >= len) len = hi + 1;
    r = nd__alloc(func, weights ? ND_FLOAT64 : ND_INT64, 1, &len, ND_ORDER_C, true);
    if (!r) goto done;
    if (weights) {
        double *o = (double *)(void *)r->data;
        const double *wv = (const double *)(void *)wf->data;
        for (int64_t i = 0; i < n; i++) o[v[i]] += wv[i];
    } else {
        int64_t *o = (int64_t *)(void *)r->data;
        for (int64_t i = 0; i < n; i++) o[v[i]]++;
    }
done:
    nd_release(xi), nd_release(wf);
    return r;
}

/* ---- histogram ---- */

/* The float dtype NumPy computes bins in: a's own float dtype, else
   float64 (np.result_type(first_edge, last_edge, a) with Python floats). */
static nd_dtype bin_type(nd_dtype t) { return nd__is_float(t) ? t : ND_FLOAT64; }

/* hist as float64 / bin widths / total (np.histogram's density). */
static nd_array *densify(const char *func, nd_array *hist, const nd_array *edges) {
    nd_array *h = nd_astype(hist, ND_FLOAT64), *e = h ? nd_astype(edges, ND_FLOAT64) : NULL;
    nd_release(hist);
    if (!e) return nd_release(h), NULL;
    double *hv = (double *)(void *)h->data, total = 0;
    const double *ev = (const double *)(void *)e->data;
    int64_t nb = h->shape[0];
    for (int64_t i = 0; i < nb; i++) total += hv[i];
    for (int64_t i = 0; i < nb; i++) hv[i] = hv[i] / (ev[i + 1] - ev[i]) / total;
    (void)func;
    nd_release(e);
    return h;
}

/* weights (NULL: none) must have a's shape, as np.histogram says. */
static nd_status check_weights(const char *func, const nd_array *a, const nd_array *weights) {
    if (weights && (weights->ndim != a->ndim ||
                    memcmp(weights->shape, a->shape, sizeof(int64_t) * (size_t)a->ndim)))
        return nd__error(ND_ERR_VALUE, func, "weights should have the same shape as a.");
    return ND_OK;
}

/* Adds weight w (or 1) to bin b of hist (dtype ht). */
static void bump(nd_array *hist, int64_t b, const nd_array *wf, int64_t i) {
    if (!wf) {
        ((int64_t *)(void *)hist->data)[b]++;
    } else {
        ((double *)(void *)hist->data)[b] += ((const double *)(void *)wf->data)[i];
    }
}

/* Finishes a histogram accumulated as int64 or float64: the weights' dtype,
   or the density. */
static nd_array *finish(const char *func, nd_array *acc, const nd_array *weights, bool density,
                        const nd_array *edges) {
    if (density) return densify(func, acc, edges);
    if (!weights || weights->dtype == ND_FLOAT64) return acc;
    nd_array *h = nd_astype(acc, weights->dtype);
    nd_release(acc);
    return h;
}

/* One value of a (as float64 after the cast to the bin dtype) into its
   bin, as NumPy's uniform fast path computes it: the index from the
   scaled offset (in the bin dtype), corrected by comparing with the edges. */
static int64_t uniform_bin(nd_dtype bt, double x, double first, double norm, const double *e,
                           int64_t nb) {
    double f;
    if (bt == ND_FLOAT32) f = (double)(((float)x - (float)first) * (float)norm);
    else if (bt == ND_FLOAT16) { /* float16 operands, float32 operations rounded to float16 */
        float a = (float)nd__round_to(bt, (float)x), b = (float)nd__round_to(bt, (float)first);
        float c = (float)nd__round_to(bt, (float)norm), d = (float)nd__round_to(bt, a - b);
        f = nd__round_to(bt, d * c);
    } else f = (x - first) * norm;
    int64_t b = (int64_t)f;
    if (b == nb) b--;
    if (x < e[b]) b--;
    else if (x >= e[b + 1] && b != nb - 1) b++;
    return b;
}

int nd_histogram(const nd_array *a, int64_t bins, const double *range, const nd_array *weights,
                 bool density, nd_array **hist, nd_array **edges) {
    static const char *func = "nd_histogram";
    if (!a || !hist) return nd__null_arg(func, a ? "hist" : "a");
    if (bins < 1) return nd__error(ND_ERR_VALUE, func, "`bins` must be positive, when an integer");
    if (bins == INT64_MAX) /* bins + 1 edges do not exist (NumPy 1.24: an IndexError) */
        return nd__error(ND_ERR_OVERFLOW, func,
                         "array is too big; `arr.size * arr.dtype.itemsize` is larger than the "
                         "maximum possible size.");
    if (nd__is_complex(a->dtype)) return nd__error(ND_ERR_DTYPE, func, "complex input is not supported");
    if (check_weights(func, a, weights)) return nd_last_error();
    nd_dtype bt = bin_type(a->dtype);
    nd_array *x = nd__flat_as(a, ND_FLOAT64), *wf = NULL, *e = NULL, *ef = NULL, *acc = NULL;
    if (!x) return nd_last_error();
    const double *xv = (const double *)(void *)x->data;
    int64_t n = x->shape[0];
    double first, last;
    if (range) {
        first = range[0], last = range[1];
        if (first > last) {
            nd_release(x);
            return nd__error(ND_ERR_VALUE, func, "max must be larger than min in range parameter.");
        }
        if (!isfinite(first) || !isfinite(last)) {
            nd_release(x);
            return nd__error(ND_ERR_VALUE, func, "supplied range of [%g, %g] is not finite", first, last);
        }
    } else if (n == 0) {
        first = 0, last = 1;
    } else {
        first = last = xv[0];
        for (int64_t i = 0; i < n; i++) {
            if (isnan(xv[i])) first = last = NAN;
            if (xv[i] < first) first = xv[i];
            if (xv[i] > last) last = xv[i];
        }
        if (!isfinite(first) || !isfinite(last)) {
            nd_release(x);
            return nd__error(ND_ERR_VALUE, func, "autodetected range of [%s, %s] is not finite",
                             isnan(first) ? "nan" : first < 0 ? "-inf" : "inf",
                             isnan(last) ? "nan" : last < 0 ? "-inf" : "inf");
        }
    }
    if (first == last) first -= 0.5, last += 0.5;
    e = nd_linspace(first, last, bins + 1, bt);
    ef = e ? nd__flat_as(e, ND_FLOAT64) : NULL;
    wf = ef && weights ? nd__flat_as(weights, ND_FLOAT64) : NULL;
    if (ef && (!weights || wf))
        acc = nd__alloc(func, weights ? ND_FLOAT64 : ND_INT64, 1, &bins, ND_ORDER_C, true);
    if (!acc) goto fail;
    const double *ev = (const double *)(void *)ef->data;
    double norm = (double)bins / (last - first);
    /* NumPy compares a float16/32 array with the range in that dtype */
    double lo = nd__round_to(bt, first), hi = nd__round_to(bt, last);
    for (int64_t i = 0; i < n; i++) {
        double v = nd__round_to(bt, xv[i]);
        if (!(v >= lo && v <= hi)) continue;
        bump(acc, uniform_bin(bt, v, first, norm, ev, bins), wf, i);
    }
    nd_release(x), nd_release(wf), nd_release(ef);
    *hist = finish(func, acc, weights, density, e);
    if (!*hist) return nd_release(e), nd_last_error();
    if (edges) *edges = e;
    else nd_release(e);
    return ND_OK;
fail:
    nd_release(x), nd_release(wf), nd_release(e), nd_release(ef);
    return nd_last_error();
}

int nd_histogram_edges(const nd_array *a, const nd_array *edges, const nd_array *weights,
                       bool density, nd_array **hist) {
    static const char *func = "nd_histogram_edges";
    if (!a || !edges || !hist) return nd__null_arg(func, !a ? "a" : !edges ? "edges" : "hist");
    if (edges->ndim != 1) return nd__error(ND_ERR_VALUE, func, "`bins` must be 1d, when an array");
    if (nd__is_complex(a->dtype) || nd__is_complex(edges->dtype))
        return nd__error(ND_ERR_DTYPE, func, "complex input is not supported");
    if (check_weights(func, a, weights)) return nd_last_error();
    nd_array *ef = nd__flat_as(edges, ND_FLOAT64), *x = ef ? nd__flat_as(a, ND_FLOAT64) : NULL, *wf = NULL, *acc = NULL;
    if (!x) return nd_release(ef), nd_last_error();
    const double *ev = (const double *)(void *)ef->data, *xv = (const double *)(void *)x->data;
    int64_t ne = ef->shape[0], nb = ne > 0 ? ne - 1 : 0, n = x->shape[0];
    for (int64_t i = 1; i < ne; i++)
        if (ev[i] < ev[i - 1]) {
            nd_release(ef), nd_release(x);
            return nd__error(ND_ERR_VALUE, func, "`bins` must increase monotonically, when an array");
        }
    wf = weights ? nd__flat_as(weights, ND_FLOAT64) : NULL;
    if (!weights || wf) acc = nd__alloc(func, weights ? ND_FLOAT64 : ND_INT64, 1, &nb, ND_ORDER_C, true);
    if (acc) {
        /* NumPy counts by searchsorted on the sorted data: bin i holds
           edges[i] <= x < edges[i+1], the last bin also x == edges[-1]; an
           edge repeated makes an empty bin */
        for (int64_t i = 0; i < n && nb > 0; i++) {
            double v = xv[i];
            if (!(v >= ev[0] && v <= ev[ne - 1])) continue;
            int64_t lo = 0, hi = ne; /* first edge > v */
            while (lo < hi) {
                int64_t mid = lo + (hi - lo) / 2;
                if (ev[mid] <= v) lo = mid + 1;
                else hi = mid;
            }
            bump(acc, lo - 1 < nb ? lo - 1 : nb - 1, wf, i);
        }
        *hist = finish(func, acc, weights, density, edges);
    }
    nd_release(ef), nd_release(x), nd_release(wf);
    return acc && *hist ? ND_OK : nd_last_error();
}
