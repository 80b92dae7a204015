/* dot, vdot, inner, outer, tensordot and trace, composed from views and
   nd_matmul: every product ends in one (m, k) @ (k, n) call. */
#include "copy/copy.h"
#include "linalg/linalg_internal.h"

/* Axes of x not in ax (n of them), in order. */
static int free_axes(int ndim, int n, const int *ax, int *fr) {
    int nf = 0;
    for (int d = 0; d < ndim; d++) {
        bool used = false;
        for (int i = 0; i < n; i++) used |= ax[i] == d;
        if (!used) fr[nf++] = d;
    }
    return nf;
}

/* x with axes perm, as an (rows, cols) matrix: a view when the strides
   allow, a copy otherwise. */
static nd_array *as_matrix(const nd_array *x, const int *perm, int64_t rows, int64_t cols) {
    nd_array *t = nd_transpose(x, perm);
    if (!t) return NULL;
    int64_t shape[2] = {rows, cols};
    nd_array *m = nd_reshape(t, 2, shape);
    nd_release(t);
    return m;
}

static nd_status norm_axes(const char *func, const nd_array *x, int n, const int *in, int *out) {
    for (int i = 0; i < n; i++) {
        if (nd__normalize_axis(func, in[i], x->ndim, &out[i])) return nd_last_error();
        for (int j = 0; j < i; j++)
            if (out[j] == out[i])
                return nd__error(ND_ERR_VALUE, func, "repeated axis in tensordot");
    }
    return ND_OK;
}

/* The summed axes of a and b as normalized lists (NumPy's two forms). */
static nd_status summed_axes(const char *func, const nd_array *a, const nd_array *b, int n,
                             const int *axes_a, const int *axes_b, int *aa, int *ab) {
    if (n < 0 || n > ND_MAX_DIMS) return nd__error(ND_ERR_VALUE, func, "invalid axes count %d", n);
    if (axes_a) {
        if (!axes_b) return nd__null_arg(func, "axes_b");
        if (norm_axes(func, a, n, axes_a, aa) || norm_axes(func, b, n, axes_b, ab))
            return nd_last_error();
    } else {
        if (n > a->ndim || n > b->ndim)
            return nd__error(ND_ERR_VALUE, func,
                             "tensordot: axes %d is beyond the operands' "
                             "dimensions (%d and %d)",
                             n, a->ndim, b->ndim);
        for (int i = 0; i < n; i++) aa[i] = a->ndim - n + i, ab[i] = i;
    }
    for (int i = 0; i < n; i++)
        if (a->shape[aa[i]] != b->shape[ab[i]])
            return nd__error(ND_ERR_SHAPE, func,
                             "shape-mismatch for sum: axis %d of a has %lld, "
                             "axis %d of b has %lld",
                             aa[i], (long long)a->shape[aa[i]], ab[i], (long long)b->shape[ab[i]]);
    return ND_OK;
}

nd_array *nd_tensordot(const nd_array *a, const nd_array *b, int naxes, const int *axes_a,
                       const int *axes_b) {
    static const char func[] = "nd_tensordot";
    if (!a || !b) return nd__null_arg(func, a ? "b" : "a"), NULL;
    int aa[ND_MAX_DIMS], ab[ND_MAX_DIMS], fa[ND_MAX_DIMS], fb[ND_MAX_DIMS];
    int pa[ND_MAX_DIMS], pb[ND_MAX_DIMS];
    if (summed_axes(func, a, b, naxes, axes_a, axes_b, aa, ab)) return NULL;
    int nfa = free_axes(a->ndim, naxes, aa, fa), nfb = free_axes(b->ndim, naxes, ab, fb);
    int64_t m = 1, n = 1, k = 1, rshape[2 * ND_MAX_DIMS];
    int rnd = 0;
    for (int i = 0; i < nfa; i++)
        pa[i] = fa[i], m *= a->shape[fa[i]], rshape[rnd++] = a->shape[fa[i]];
    for (int i = 0; i < naxes; i++) pa[nfa + i] = aa[i], pb[i] = ab[i], k *= a->shape[aa[i]];
    for (int i = 0; i < nfb; i++)
        pb[naxes + i] = fb[i], n *= b->shape[fb[i]], rshape[rnd++] = b->shape[fb[i]];
    if (rnd > ND_MAX_DIMS)
        return nd__error(ND_ERR_VALUE, func,
                         "tensordot: result would have %d dimensions (at "
                         "most %d)",
                         rnd, ND_MAX_DIMS),
               NULL;
    nd_array *am = as_matrix(a, pa, m, k), *bm = am ? as_matrix(b, pb, k, n) : NULL;
    nd_array *r = bm ? nd_matmul(am, bm, NULL) : NULL;
    nd_array *res = r ? nd_reshape(r, rnd, rshape) : NULL;
    nd_release(am);
    nd_release(bm);
    nd_release(r);
    return res;
}

/* The result delivered into out (shape exact, same_kind), r released. */
static nd_array *deliver(const char *func, nd_array *r, nd_array *out) {
    if (!r || !out) return r;
    nd_status s = ND_OK;
    bool same = out->ndim == r->ndim;
    for (int d = 0; same && d < r->ndim; d++) same = out->shape[d] == r->shape[d];
    if (!same) {
        char s1[256], s2[256];
        s = nd__error(ND_ERR_SHAPE, func, "out has shape %s, expected %s",
                      nd__shape_str(s1, sizeof s1, out->ndim, out->shape),
                      nd__shape_str(s2, sizeof s2, r->ndim, r->shape));
    } else if (out->dtype != r->dtype && !nd_can_cast(r->dtype, out->dtype, ND_CAST_SAME_KIND)) {
        s = nd__error(ND_ERR_DTYPE, func,
                      "Cannot cast output from dtype('%s') to dtype('%s') "
                      "with casting rule 'same_kind'",
                      nd_dtype_name(r->dtype), nd_dtype_name(out->dtype));
    } else if (!nd__check_writeable(func, out)) {
        s = nd__copy_into(func, out, r);
    } else {
        s = nd_last_error();
    }
    nd_release(r);
    return s ? NULL : out;
}

nd_array *nd_dot(const nd_array *a, const nd_array *b, nd_array *out) {
    static const char func[] = "nd_dot";
    if (!a || !b) return nd__null_arg(func, a ? "b" : "a"), NULL;
    if (a->ndim == 0 || b->ndim == 0) return nd_multiply(a, b, out);
    if (a->ndim <= 2 && b->ndim <= 2) return nd_matmul(a, b, out);
    int aa = -1, ab = b->ndim >= 2 ? -2 : -1;
    return deliver(func, nd_tensordot(a, b, 1, &aa, &ab), out);
}

nd_array *nd_inner(const nd_array *a, const nd_array *b) {
    if (!a || !b) return nd__null_arg("nd_inner", a ? "b" : "a"), NULL;
    if (a->ndim == 0 || b->ndim == 0) return nd_multiply(a, b, NULL);
    int aa = -1, ab = -1;
    return nd_tensordot(a, b, 1, &aa, &ab);
}

nd_array *nd_vdot(const nd_array *a, const nd_array *b) {
    static const char func[] = "nd_vdot";
    if (!a || !b) return nd__null_arg(func, a ? "b" : "a"), NULL;
    if (nd_size(a) != nd_size(b))
        return nd__error(ND_ERR_SHAPE, func, "vdot: sizes differ (%lld and %lld)",
                         (long long)nd_size(a), (long long)nd_size(b)),
               NULL;
    nd_array *ca = nd__is_complex(a->dtype) ? nd_conj(a, NULL) : nd_retain((nd_array *)a);
    nd_array *ra = ca ? nd_ravel(ca) : NULL, *rb = ra ? nd_ravel(b) : NULL;
    nd_array *r = rb ? nd_matmul(ra, rb, NULL) : NULL;
    nd_release(ca);
    nd_release(ra);
    nd_release(rb);
    return r;
}

nd_array *nd_outer(const nd_array *a, const nd_array *b, nd_array *out) {
    static const char func[] = "nd_outer";
    if (!a || !b) return nd__null_arg(func, a ? "b" : "a"), NULL;
    int64_t sa[2] = {nd_size(a), 1}, sb[2] = {1, nd_size(b)};
    nd_array *ca = nd_reshape(a, 2, sa), *cb = ca ? nd_reshape(b, 2, sb) : NULL;
    nd_array *r = cb ? nd_multiply(ca, cb, out) : NULL;
    nd_release(ca);
    nd_release(cb);
    return r;
}

nd_array *nd_trace(const nd_array *a, int64_t offset, int axis1, int axis2) {
    if (!a) return nd__null_arg("nd_trace", "a"), NULL;
    nd_array *d = nd_diagonal(a, offset, axis1, axis2);
    nd_array *r = d ? nd_sum(d, -1, false, NULL) : NULL;
    nd_release(d);
    return r;
}
