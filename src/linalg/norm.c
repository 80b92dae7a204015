/* np.linalg.norm, composed from ufuncs, reductions and the SVD exactly as
   NumPy composes it (so results round the same way). */
#include <math.h>
#include <stdlib.h>

#include "linalg/linalg_internal.h"

typedef enum { ORD_NONE, ORD_FRO, ORD_NUC, ORD_NUM } ord_kind;

static nd_status parse_ord(const char *func, const char *ord, ord_kind *k, double *p) {
    *p = 2;
    if (!ord) return *k = ORD_NONE, ND_OK;
    if (!strcmp(ord, "fro")) return *k = ORD_FRO, ND_OK;
    if (!strcmp(ord, "nuc")) return *k = ORD_NUC, ND_OK;
    char *end;
    *p = strtod(ord, &end);
    if (end == ord || *end || isnan(*p))
        return nd__error(ND_ERR_VALUE, func, "Invalid norm order '%s'", ord);
    *k = ORD_NUM;
    return ND_OK;
}

/* f(x) then release x: the chaining step of the compositions below. */
static nd_array *then(nd_array *x, nd_array *r) {
    nd_release(x);
    return r;
}

/* |x|^2 as NumPy's (x.conj() * x).real: re*re + im*im for complex. */
static nd_array *abs2(const nd_array *x) {
    if (!nd__is_complex(x->dtype)) return nd_multiply(x, x, NULL);
    nd_array *re = nd_real(x), *im = nd_imag(x);
    nd_array *r2 = re ? nd_multiply(re, re, NULL) : NULL,
             *i2 = im ? nd_multiply(im, im, NULL) : NULL;
    nd_array *r = r2 && i2 ? nd_add(r2, i2, NULL) : NULL;
    nd_release(re), nd_release(im), nd_release(r2), nd_release(i2);
    return r;
}

static nd_array *sum_axes(nd_array *x, int n, const int *ax) {
    return then(x, x ? nd_reduce(ND_OP_ADD, x, n, ax, false, NULL) : NULL);
}

static nd_array *sqrt_of(nd_array *x) { return then(x, x ? nd_sqrt(x, NULL) : NULL); }

/* sum(|x|^2) over all of x as NumPy's norm computes it for BLAS dtypes:
   x.dot(x) (real and imaginary parts apart for complex), one pass with
   no temporary where abs2 + sum made two and a full-size array (0.45x
   NumPy at 1e5). x: float32, float64 or complex. */
static nd_array *dot_sumsq(const nd_array *x) {
    nd_array *f = nd_ravel(x);
    if (!f || !nd__is_complex(x->dtype)) return then(f, f ? nd_inner(f, f) : NULL);
    nd_array *re = nd_real(f), *im = re ? nd_imag(f) : NULL;
    nd_array *r2 = im ? nd_inner(re, re) : NULL, *i2 = r2 ? nd_inner(im, im) : NULL;
    nd_array *r = i2 ? nd_add(r2, i2, NULL) : NULL;
    nd_release(f), nd_release(re), nd_release(im), nd_release(r2), nd_release(i2);
    return r;
}

static nd_array *vector_norm(const char *func, const nd_array *x, ord_kind k, double p, int ax) {
    if (k == ORD_FRO || k == ORD_NUC)
        return nd__error(ND_ERR_VALUE, func, "Invalid norm order '%s' for vectors",
                         k == ORD_FRO ? "fro" : "nuc"),
               NULL;
    if (k == ORD_NONE || p == 2) return sqrt_of(sum_axes(abs2(x), 1, &ax));
    if (p == 0) {
        nd_array *zero = nd_lit_i64(0), *nz = nd_not_equal(x, zero, NULL);
        nd_release(zero);
        nd_dtype rt = nd__is_complex(x->dtype)
                          ? (x->dtype == ND_COMPLEX64 ? ND_FLOAT32 : ND_FLOAT64)
                          : x->dtype;
        nd_array *f = nz ? nd_astype(nz, rt) : NULL;
        nd_release(nz);
        return sum_axes(f, 1, &ax);
    }
    nd_array *a = nd_abs(x, NULL);
    if (!a) return NULL;
    if (isinf(p)) return then(a, (p > 0 ? nd_max : nd_min)(a, ax, false, NULL));
    if (p == 1) return sum_axes(a, 1, &ax);
    nd_array *e = nd_lit_f64(p), *ap = nd_power(a, e, NULL);
    nd_release(a), nd_release(e);
    nd_array *s = sum_axes(ap, 1, &ax), *inv = nd_lit_f64(1 / p);
    nd_array *r = s ? nd_power(s, inv, NULL) : NULL;
    nd_release(s), nd_release(inv);
    return r;
}

/* Singular values with the two axes moved last. */
static nd_array *svals(const nd_array *x, int r, int c) {
    int perm[ND_MAX_DIMS], n = 0;
    for (int d = 0; d < x->ndim; d++)
        if (d != r && d != c) perm[n++] = d;
    perm[n++] = r, perm[n++] = c;
    nd_array *t = nd_transpose(x, perm), *s = NULL;
    if (t && nd_svd(t, false, NULL, &s, NULL)) s = NULL;
    nd_release(t);
    return s;
}

/* Sum of |x| over axis `sum`, then max/min over axis `ext` (numbered
   before the sum removed an axis). */
static nd_array *sum_then_extreme(const nd_array *x, int sum, int ext, bool take_max) {
    nd_array *a = nd_abs(x, NULL), *s = a ? nd_sum(a, sum, false, NULL) : NULL;
    nd_release(a);
    if (ext > sum) ext--;
    return then(s, s ? (take_max ? nd_max : nd_min)(s, ext, false, NULL) : NULL);
}

static nd_array *matrix_norm(const char *func, const nd_array *x, ord_kind k, double p, int r,
                             int c) {
    if (k == ORD_NONE || k == ORD_FRO) {
        int ax[2] = {r, c};
        return sqrt_of(sum_axes(abs2(x), 2, ax));
    }
    if (k == ORD_NUC) return sum_axes(svals(x, r, c), 1, (int[]){-1});
    nd_array *s;
    if (p == 2 || p == -2)
        return (s = svals(x, r, c)) ? then(s, (p > 0 ? nd_max : nd_min)(s, -1, false, NULL)) : NULL;
    if (p == 1 || p == -1) return sum_then_extreme(x, r, c, p > 0);
    if (isinf(p)) return sum_then_extreme(x, c, r, p > 0);
    return nd__error(ND_ERR_VALUE, func, "Invalid norm order for matrices."), NULL;
}

/* keepdims: the reduced axes back with length 1. */
static nd_array *keep_dims(nd_array *r, const nd_array *x, int n, const int *ax) {
    if (!r) return NULL;
    int64_t shape[ND_MAX_DIMS];
    for (int d = 0; d < x->ndim; d++) {
        shape[d] = x->shape[d];
        for (int i = 0; i < n; i++)
            if (ax[i] == d) shape[d] = 1;
    }
    return then(r, nd_reshape(r, x->ndim, shape));
}

static nd_array *norm_of(const char *func, const nd_array *x, ord_kind k, double p, int naxes,
                         const int *axes, bool keepdims) {
    int ax[2] = {0, 0};
    for (int i = 0; i < naxes; i++)
        if (nd__normalize_axis(func, axes[i], x->ndim, &ax[i])) return NULL;
    if (naxes == 2 && ax[0] == ax[1])
        return nd__error(ND_ERR_VALUE, func, "Duplicate axes given."), NULL;
    nd_array *r =
        naxes == 1 ? vector_norm(func, x, k, p, ax[0]) : matrix_norm(func, x, k, p, ax[0], ax[1]);
    return keepdims ? keep_dims(r, x, naxes, ax) : r;
}

nd_array *nd_norm(const nd_array *a, const char *ord, int naxes, const int *axes, bool keepdims) {
    static const char func[] = "nd_norm";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (naxes > 0 && !axes) return nd__null_arg(func, "axes"), NULL;
    ord_kind k = ORD_NONE;
    double p;
    if (parse_ord(func, ord, &k, &p)) return NULL;
    if (naxes < 0 || naxes > 2)
        return nd__error(ND_ERR_VALUE, func, "Improper number of dimensions to norm."), NULL;
    nd_array *x = nd__is_inexact(a->dtype) ? nd_retain((nd_array *)a) : nd_astype(a, ND_FLOAT64);
    if (!x) return NULL;
    nd_array *r;
    if (naxes == 0 && k == ORD_NONE) { /* the 2-norm of the flattened array */
        int all[ND_MAX_DIMS];
        for (int d = 0; d < x->ndim; d++) all[d] = d;
        bool blas = x->dtype == ND_FLOAT32 || x->dtype == ND_FLOAT64 || nd__is_complex(x->dtype);
        r = sqrt_of(blas ? dot_sumsq(x) : sum_axes(abs2(x), -1, NULL));
        if (keepdims) r = keep_dims(r, x, x->ndim, all);
    } else if (naxes == 0 && (x->ndim == 1 || x->ndim == 2)) {
        int all[2] = {0, 1};
        r = norm_of(func, x, k, p, x->ndim, all, keepdims);
    } else if (naxes == 0) {
        nd__error(ND_ERR_VALUE, func, "Improper number of dimensions to norm.");
        r = NULL;
    } else {
        r = norm_of(func, x, k, p, naxes, axes, keepdims);
    }
    nd_release(x);
    return r;
}
