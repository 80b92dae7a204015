/* np.cov and np.corrcoef, NumPy 1.24's algorithm: centre each variable on
   its (weighted) mean, then one matrix product X X^H through BLAS. */
#include <math.h>
#include <string.h>

#include "stats/stats_internal.h"

/* m as a 2-D array of dtype t, variables in rows. */
static nd_array *as_rows(const char *what, const nd_array *m, bool rowvar, nd_dtype t) {
    if (m->ndim > 2) {
        nd__error(ND_ERR_SHAPE, "nd_cov", "%s has more than 2 dimensions", what);
        return NULL;
    }
    nd_array *c = nd_astype(m, t), *x = c ? nd_atleast_2d(c) : NULL;
    nd_release(c);
    if (x && !rowvar && x->shape[0] != 1) {
        nd_array *tr = nd_transpose(x, NULL);
        nd_release(x);
        x = tr;
    }
    return x;
}

/* fweights or aweights as float64, checked against n observations. */
static nd_array *obs_weights(const char *name, const nd_array *w, int64_t n, bool integral) {
    const char *f = "nd_cov";
    nd_array *x = nd__stats_f64(f, w);
    if (!x) return NULL;
    const double *p = (const double *)x->data;
    int64_t k = nd_size(x);
    nd_status s = ND_OK;
    for (int64_t i = 0; integral && i < k && !s; i++)
        if (p[i] != nearbyint(p[i])) s = nd__error(ND_ERR_DTYPE, f, "fweights must be integer");
    if (!s && x->ndim > 1)
        s = nd__error(ND_ERR_SHAPE, f, "cannot handle multidimensional %s", name);
    if (!s && (x->ndim == 0 || x->shape[0] != n))
        s = nd__error(ND_ERR_SHAPE, f, "incompatible numbers of samples and %s", name);
    for (int64_t i = 0; i < k && !s; i++)
        if (p[i] < 0) s = nd__error(ND_ERR_VALUE, f, "%s cannot be negative", name);
    if (s) nd_release(x), x = NULL;
    return x;
}

/* X -= avg[:, None]; returns X_T (weighted: (X * w).T), conjugated. */
static nd_array *centre(nd_array *x, const nd_array *avg, const nd_array *w) {
    int64_t col[2] = {avg->shape[0], 1};
    nd_array *a2 = nd_reshape(avg, 2, col), *xw = NULL, *xt = NULL, *r = NULL;
    if (a2 && nd_subtract(x, a2, x)) {
        xw = w ? nd_multiply(x, w, NULL) : nd_retain(x);
        xt = xw ? nd_transpose(xw, NULL) : NULL;
        /* ndarray.conj() of a real array is the array itself: no copy */
        r = !xt ? NULL : nd__is_complex(xt->dtype) ? nd_conjugate(xt, NULL) : nd_retain(xt);
    }
    ND_RELEASE_ALL(a2, xw, xt);
    return r;
}

static nd_array *cov_in(const nd_array *m, const nd_array *y, bool rowvar, bool bias, int ddof,
                        const nd_array *fweights, const nd_array *aweights) {
    nd_dtype t = nd_result_type(m->dtype, ND_FLOAT64);
    if (y) t = nd_result_type(t, y->dtype);
    nd_array *x = as_rows("m", m, rowvar, t), *fw = NULL, *aw = NULL, *w = NULL;
    nd_array *avg = NULL, *xt = NULL, *c = NULL, *k = NULL;
    if (!x) return NULL;
    if (x->shape[0] == 0) {
        int64_t z[2] = {0, 0};
        nd_release(x);
        return nd_empty(t, 2, z);
    }
    if (y) {
        if (y->ndim > 2) {
            nd__error(ND_ERR_SHAPE, "nd_cov", "y has more than 2 dimensions");
            goto done;
        }
        nd_array *yy = as_rows("y", y, rowvar, t), *both[2] = {x, yy};
        nd_array *cat = yy ? nd_concatenate(2, both, 0, NULL) : NULL;
        nd_release(yy);
        nd_release(x);
        if (!(x = cat)) goto done;
    } /* else x is nd_astype's private copy: centred in place */
    if (ddof == ND_DDOF_NONE) ddof = bias ? 0 : 1;
    int64_t nobs = x->shape[1];
    if (fweights && !(fw = obs_weights("fweights", fweights, nobs, true))) goto done;
    if (aweights && !(aw = obs_weights("aweights", aweights, nobs, false))) goto done;
    if (fw && aw) {
        if (!(w = nd_multiply(fw, aw, NULL))) goto done;
    } else if (fw || aw)
        w = nd_retain(fw ? fw : aw);
    if (nd_average(x, 1, w, false, &avg, NULL)) goto done;
    double ws = 0, fact; /* NumPy's w_sum[0]: the same pairwise sum of w */
    if (w) {
        nd_array *s = nd_sum(w, ND_AXIS_ALL, false, NULL);
        if (!s) goto done;
        ws = nd_get_f64(s, NULL);
        nd_release(s);
    }
    if (!w)
        fact = (double)nobs - ddof;
    else if (ddof == 0)
        fact = ws;
    else if (!aw)
        fact = ws - ddof;
    else {
        nd_array *p = nd_multiply(w, aw, NULL), *s = p ? nd_sum(p, ND_AXIS_ALL, false, NULL) : NULL;
        fact = s ? ws - ddof * nd_get_f64(s, NULL) / ws : NAN;
        ND_RELEASE_ALL(p, s);
        if (!s) goto done;
    }
    if (fact <= 0) fact = 0.0;
    if (!(xt = centre(x, avg, w)) || !(c = nd_matmul(x, xt, NULL))) goto done;
    /* NumPy: c *= true_divide(1, fact) */
    if (!(k = nd_lit_f64(1.0 / fact)) || !nd_multiply(c, k, c)) {
        nd_release(c), c = NULL;
        goto done;
    }
    if (c->shape[0] == 1 && c->shape[1] == 1) {
        nd_array *sq = nd_reshape(c, 0, NULL);
        nd_release(c);
        c = sq;
    }
done:
    ND_RELEASE_ALL(x, fw, aw, w, avg, xt, k);
    return c;
}

nd_array *nd_cov(const nd_array *m, const nd_array *y, bool rowvar, bool bias, int ddof,
                 const nd_array *fweights, const nd_array *aweights) {
    if (!m) return nd__null_arg("nd_cov", "m"), NULL;
    return cov_in(m, y, rowvar, bias, ddof, fweights, aweights);
}

/* clip(part, -1, 1) in place. */
static bool clip_unit(nd_array *part) {
    nd_array *lo = nd_lit_f64(-1.0), *hi = lo ? nd_lit_f64(1.0) : NULL;
    bool ok = hi && nd_clip(part, lo, hi, part);
    ND_RELEASE_ALL(lo, hi);
    return ok;
}

nd_array *nd_corrcoef(const nd_array *x, const nd_array *y, bool rowvar) {
    if (!x) return nd__null_arg("nd_corrcoef", "x"), NULL;
    nd_array *c = nd_cov(x, y, rowvar, false, ND_DDOF_NONE, NULL, NULL);
    if (!c) return NULL;
    if (c->ndim == 0) { /* NumPy: c / c */
        nd_array *r = nd_divide(c, c, NULL);
        nd_release(c);
        return r;
    }
    int64_t n = c->shape[0], col[2] = {n, 1}, row[2] = {1, n};
    nd_array *d = nd_diagonal(c, 0, 0, 1), *dr = d ? nd_real(d) : NULL;
    nd_array *sd = dr ? nd_sqrt(dr, NULL) : NULL, *sc = NULL, *sr = NULL, *re = NULL, *im = NULL;
    bool ok = sd && (sc = nd_reshape(sd, 2, col)) && (sr = nd_reshape(sd, 2, row)) &&
              nd_divide(c, sc, c) && nd_divide(c, sr, c) && (re = nd_real(c)) && clip_unit(re);
    if (ok && nd__is_complex(c->dtype)) ok = (im = nd_imag(c)) && clip_unit(im);
    ND_RELEASE_ALL(d, dr, sd, sc, sr, re, im);
    if (!ok) nd_release(c), c = NULL;
    return c;
}
