/* np.histogram_bin_edges with a bin rule, np.histogramdd and
   np.histogram2d, as NumPy 1.24's lib/histograms.py computes them (the
   same outer edges, bin-width estimators, linspace edges and right-edge
   rule). */
#include <math.h>
#include <string.h>

#include "stats/stats_internal.h"

static const char *const rule_names[ND_BINS_NUM_RULES] = {"auto",  "fd",   "doane",   "scott",
                                                          "stone", "rice", "sturges", "sqrt"};

int nd_bins_rule_from_name(const char *name, nd_bins_rule *rule) {
    const char *f = "nd_bins_rule_from_name";
    if (!name || !rule) return nd__null_arg(f, !name ? "name" : "rule");
    for (int i = 0; i < ND_BINS_NUM_RULES; i++)
        if (!strcmp(name, rule_names[i])) return *rule = (nd_bins_rule)i, ND_OK;
    return nd__error(ND_ERR_VALUE, f, "'%.100s' is not a valid estimator for `bins`", name);
}

/* The value of a 0-d result, which it releases; a failed call (NULL)
   clears *ok. */
static double scalar_of(nd_array *x, bool *ok) {
    if (!x) return *ok = false, NAN;
    double v = nd_get_f64(x, NULL);
    nd_release(x);
    return v;
}

/* NumPy's _get_outer_edges: the range, or a's min and max (widened by 0.5
   each way when equal); lo/hi as a's dtype holds them. */
static nd_status outer_edges(const char *f, const nd_array *a, const double *range, double *lo,
                             double *hi) {
    if (range) {
        *lo = range[0], *hi = range[1];
        if (*lo > *hi)
            return nd__error(ND_ERR_VALUE, f, "max must be larger than min in range parameter.");
        if (!isfinite(*lo) || !isfinite(*hi))
            return nd__error(ND_ERR_VALUE, f, "supplied range of [%g, %g] is not finite", *lo, *hi);
    } else if (nd_size(a) == 0) {
        *lo = 0, *hi = 1;
    } else {
        bool ok = true;
        *lo = scalar_of(nd_min(a, ND_AXIS_ALL, false, NULL), &ok);
        *hi = scalar_of(nd_max(a, ND_AXIS_ALL, false, NULL), &ok);
        if (!ok) return nd_last_error();
        if (!isfinite(*lo) || !isfinite(*hi))
            return nd__error(ND_ERR_VALUE, f, "autodetected range of [%g, %g] is not finite", *lo,
                             *hi);
    }
    if (*lo == *hi) *lo -= 0.5, *hi += 0.5;
    return ND_OK;
}

/* x's values inside [lo, hi] (NumPy keeps only those with a range). */
static nd_array *inside(const nd_array *x, double lo, double hi) {
    nd_array *l = nd_lit_f64(lo), *h = l ? nd_lit_f64(hi) : NULL, *ge = NULL, *le = NULL, *r = NULL;
    if (h && (ge = nd_greater_equal(x, l, NULL)) && (le = nd_less_equal(x, h, NULL)) &&
        nd_logical_and(ge, le, ge))
        r = nd_compress(ge, x, 0, NULL);
    ND_RELEASE_ALL(l, h, ge, le);
    return r;
}

/* x.ptp() as a double (x's dtype arithmetic). */
static double ptp_of(const nd_array *x, bool *ok) {
    return scalar_of(nd_ptp(x, ND_AXIS_ALL, false, NULL), ok);
}

static double w_sturges(const nd_array *x, bool *ok) {
    return ptp_of(x, ok) / (log2((double)nd_size(x)) + 1.0);
}

static double w_fd(const nd_array *x, bool *ok) {
    double pq[2] = {75, 25};
    nd_array *q = nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){2}, pq);
    nd_array *p = q ? nd_percentile(x, q, ND_AXIS_ALL, false) : NULL;
    double iqr = p ? nd_get_f64(p, (int64_t[]){0}) - nd_get_f64(p, (int64_t[]){1}) : NAN;
    if (!p) *ok = false;
    ND_RELEASE_ALL(q, p);
    return 2.0 * iqr * pow((double)nd_size(x), -1.0 / 3.0);
}

static double w_doane(const nd_array *x, bool *ok) {
    double n = (double)nd_size(x);
    if (n <= 2) return 0.0;
    double sg1 = sqrt(6.0 * (n - 2) / ((n + 1.0) * (n + 3)));
    double sigma = scalar_of(nd_std(x, ND_AXIS_ALL, 0, false, NULL), ok);
    if (!(sigma > 0.0)) return 0.0;
    /* temp = (x - mean(x)) / sigma, cubed, in x's dtype (float64 for integers) */
    nd_array *m = nd_mean(x, ND_AXIS_ALL, false, NULL), *t = m ? nd_subtract(x, m, NULL) : NULL;
    nd_array *s = t ? nd_std(x, ND_AXIS_ALL, 0, false, NULL) : NULL, *three = nd_lit_i64(3);
    double g1 = NAN;
    if (s && three && nd_divide(t, s, t) && nd_power(t, three, t))
        g1 = scalar_of(nd_mean(t, ND_AXIS_ALL, false, NULL), ok);
    else
        *ok = false;
    ND_RELEASE_ALL(m, t, s, three);
    return ptp_of(x, ok) / (1.0 + log2(n) + log2(1.0 + fabs(g1) / sg1));
}

/* Stone's rule: the bin count in [1, max(100, sqrt(n))] minimizing the
   cross-validation estimate (the first minimum, as Python's min). */
static double w_stone(const nd_array *x, double lo, double hi, bool *ok) {
    int64_t n = nd_size(x);
    double ptp = ptp_of(x, ok);
    if (n <= 1 || ptp == 0) return 0;
    int64_t upper = (int64_t)sqrt((double)n);
    if (upper < 100) upper = 100;
    double best = INFINITY, range[2] = {lo, hi};
    int64_t arg = 1;
    for (int64_t nb = 1; nb <= upper; nb++) {
        nd_array *h = NULL, *hf = NULL;
        if (nd_histogram(x, nb, range, NULL, false, &h, NULL) || !(hf = nd_astype(h, ND_FLOAT64))) {
            ND_RELEASE_ALL(h, hf);
            return *ok = false, NAN;
        }
        const double *c = (const double *)hf->data;
        double dot = 0;
        for (int64_t i = 0; i < nb; i++) dot += (c[i] / (double)n) * (c[i] / (double)n);
        double j = (2 - (double)(n + 1) * dot) / (ptp / (double)nb);
        if (j < best) best = j, arg = nb;
        ND_RELEASE_ALL(h, hf);
    }
    return ptp / (double)arg;
}

static double bin_width(nd_bins_rule rule, const nd_array *x, double lo, double hi, bool *ok) {
    double n = (double)nd_size(x);
    switch (rule) {
    case ND_BINS_SQRT:
        return ptp_of(x, ok) / sqrt(n);
    case ND_BINS_STURGES:
        return w_sturges(x, ok);
    case ND_BINS_RICE:
        return ptp_of(x, ok) / (2.0 * pow(n, 1.0 / 3));
    case ND_BINS_SCOTT:
        return pow(24.0 * pow(M_PI, 0.5) / n, 1.0 / 3.0) *
               scalar_of(nd_std(x, ND_AXIS_ALL, 0, false, NULL), ok);
    case ND_BINS_STONE:
        return w_stone(x, lo, hi, ok);
    case ND_BINS_DOANE:
        return w_doane(x, ok);
    case ND_BINS_FD:
        return w_fd(x, ok);
    default: { /* auto */
        double fd = w_fd(x, ok), st = w_sturges(x, ok);
        return fd ? (fd < st ? fd : st) : st;
    }
    }
}

nd_array *nd_histogram_bin_edges(const nd_array *a, nd_bins_rule rule, const double *range) {
    const char *f = "nd_histogram_bin_edges";
    if (!a) return nd__null_arg(f, "a"), NULL;
    if ((unsigned)rule >= ND_BINS_NUM_RULES) {
        nd__error(ND_ERR_VALUE, f, "unknown bin rule %d", (int)rule);
        return NULL;
    }
    if (nd__is_complex(a->dtype)) {
        nd__error(ND_ERR_DTYPE, f, "complex input is not supported");
        return NULL;
    }
    double lo, hi;
    nd_array *x = nd_ravel(a), *kept = NULL, *r = NULL;
    if (!x || outer_edges(f, x, range, &lo, &hi)) goto done;
    if (!(kept = range ? inside(x, lo, hi) : nd_retain(x))) goto done;
    int64_t nbins = 1;
    if (nd_size(kept) > 0) {
        bool ok = true;
        double w = bin_width(rule, kept, lo, hi, &ok);
        if (!ok) goto done;
        if (w) {
            /* NumPy's _unsigned_subtract(last, first) in a's float dtype */
            double span = hi - lo, c;
            if (a->dtype == ND_FLOAT32 || a->dtype == ND_FLOAT16) {
                char tmp[8];
                nd__cast_one(ND_FLOAT64, &span, a->dtype, tmp);
                nd__cast_one(a->dtype, tmp, ND_FLOAT64, &span);
            }
            c = ceil(span / w);
            if (!(c >= 1 && c < 1e15)) {
                nd__error(ND_ERR_VALUE, f, "the bin count %g is not a valid size", c);
                goto done;
            }
            nbins = (int64_t)c;
        }
    }
    r = nd_linspace(lo, hi, nbins + 1, nd__is_float(a->dtype) ? a->dtype : ND_FLOAT64);
done:
    ND_RELEASE_ALL(x, kept);
    return r;
}

/* First index i with edges[i] > v (np.searchsorted side='right'); NaN
   sorts past every edge. */
static int64_t search_right(const double *e, int64_t n, double v) {
    if (isnan(v)) return n;
    int64_t lo = 0, hi = n;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (e[mid] <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int nd_histogramdd(const nd_array *sample, const int64_t *nbins, const double *range, bool density,
                   const nd_array *weights, nd_array **hist, nd_array **edges) {
    const char *f = "nd_histogramdd";
    if (!sample || !nbins || !hist)
        return nd__null_arg(f, !sample ? "sample" : !nbins ? "nbins" : "hist");
    if (sample->ndim > 2 || nd__is_complex(sample->dtype))
        return nd__error(sample->ndim > 2 ? ND_ERR_SHAPE : ND_ERR_DTYPE, f,
                         "sample must be a 1-D or 2-D array of real numbers");
    nd_array *s = nd__stats_f64(f, sample), *w = NULL, *h = NULL, *e[ND_MAX_DIMS] = {0};
    if (!s) return nd_last_error();
    int64_t npts = s->ndim ? s->shape[0] : 1, d = s->ndim == 2 ? s->shape[1] : 1;
    nd_status st = ND_OK;
    if (d > ND_MAX_DIMS) {
        st = nd__error(ND_ERR_SHAPE, f, "sample has %lld dimensions, more than %d", (long long)d,
                       ND_MAX_DIMS);
        goto done;
    }
    if (weights) {
        if (!(w = nd__stats_f64(f, weights))) goto fail;
        if (nd_size(w) != npts || w->ndim != 1) {
            st = nd__error(ND_ERR_SHAPE, f, "weights should have the same shape as a.");
            goto done;
        }
    }
    int64_t shape[ND_MAX_DIMS], total = 1;
    for (int64_t i = 0; i < d; i++) {
        if (nbins[i] < 1) {
            st = nd__error(ND_ERR_VALUE, f, "`bins[%lld]` must be positive, when an integer",
                           (long long)i);
            goto done;
        }
        int64_t col[1] = {npts}, str[1] = {(int64_t)(d * 8)};
        nd_array *c = nd__view(f, s, 1, col, str, s->data + i * 8);
        double lo, hi;
        st = c ? outer_edges(f, c, range ? range + 2 * i : NULL, &lo, &hi) : nd_last_error();
        nd_release(c);
        if (st) goto done;
        if (nbins[i] == INT64_MAX) {
            st = nd__error(ND_ERR_OVERFLOW, f, "too many bins");
            goto done;
        }
        if (!(e[i] = nd_linspace(lo, hi, nbins[i] + 1, ND_FLOAT64))) goto fail;
        shape[i] = nbins[i];
        if (nd__mul_ovf(total, nbins[i], &total)) {
            st = nd__error(ND_ERR_OVERFLOW, f, "too many bins");
            goto done;
        }
    }
    if (!(h = nd_zeros(ND_FLOAT64, (int)d, shape))) goto fail;
    double *hv = (double *)h->data;
    const double *sv = (const double *)s->data, *wv = w ? (const double *)w->data : NULL;
    for (int64_t p = 0; p < npts; p++) {
        int64_t flat = 0;
        bool in = true;
        for (int64_t i = 0; i < d && in; i++) {
            const double *ev = (const double *)e[i]->data;
            double v = sv[p * d + i];
            int64_t k = search_right(ev, nbins[i] + 1, v);
            if (v == ev[nbins[i]]) k--; /* the last edge closes the last bin */
            in = k >= 1 && k <= nbins[i];
            flat = flat * nbins[i] + (k - 1);
        }
        if (in) hv[flat] += wv ? wv[p] : 1.0;
    }
    if (density) {
        double sum = 0; /* NumPy: hist.sum(), pairwise */
        bool ok = true;
        sum = scalar_of(nd_sum(h, ND_AXIS_ALL, false, NULL), &ok);
        if (!ok) goto fail;
        for (int64_t j = 0; j < total; j++) {
            int64_t rem = j, idx[ND_MAX_DIMS];
            for (int64_t i = d - 1; i >= 0; i--) idx[i] = rem % nbins[i], rem /= nbins[i];
            double v = hv[j];
            for (int64_t i = 0; i < d; i++) {
                const double *ev = (const double *)e[i]->data;
                v = v / (ev[idx[i] + 1] - ev[idx[i]]);
            }
            hv[j] = v / sum;
        }
    }
    *hist = h, h = NULL;
    for (int64_t i = 0; i < d; i++)
        if (edges) edges[i] = e[i], e[i] = NULL;
    goto done;
fail:
    st = nd_last_error();
done:
    ND_RELEASE_ALL(s, w, h);
    for (int i = 0; i < ND_MAX_DIMS; i++) nd_release(e[i]);
    return st;
}

int nd_histogram2d(const nd_array *x, const nd_array *y, int64_t nx, int64_t ny,
                   const double *range, bool density, const nd_array *weights, nd_array **hist,
                   nd_array **xedges, nd_array **yedges) {
    const char *f = "nd_histogram2d";
    if (!x || !y || !hist) return nd__null_arg(f, !x ? "x" : !y ? "y" : "hist");
    if (x->ndim != 1 || y->ndim != 1 || x->shape[0] != y->shape[0])
        return nd__error(ND_ERR_SHAPE, f, "x and y must be 1-D arrays of the same length");
    nd_array *xy[2] = {(nd_array *)x, (nd_array *)y}, *e[2] = {0};
    nd_array *s = nd_stack(2, xy, 1, NULL);
    if (!s) return nd_last_error();
    int64_t nb[2] = {nx, ny};
    int st = nd_histogramdd(s, nb, range, density, weights, hist, e);
    nd_release(s);
    if (st) return st;
    if (xedges)
        *xedges = e[0];
    else
        nd_release(e[0]);
    if (yedges)
        *yedges = e[1];
    else
        nd_release(e[1]);
    return ND_OK;
}
