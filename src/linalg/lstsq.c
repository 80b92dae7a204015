/* Least squares (gelsd), and the SVD-based pinv and matrix_rank. */
#include <float.h>
#include <math.h>

#include "copy/copy.h"
#include "linalg/linalg_internal.h"

typedef struct {
    bool cplx;
    la_int m, n, nrhs, ldb, rank, lwork;
    double rcond;
    char *a, *b, *work;
    double *s, *rwork;
    la_int *iwork;
} ls_item;

static la_int gelsd(ls_item *it) {
    la_int lda = it->m > 1 ? it->m : 1, info = 0;
    if (it->cplx)
        zgelsd_(&it->m, &it->n, &it->nrhs, (la_z *)it->a, &lda, (la_z *)it->b, &it->ldb, it->s,
                &it->rcond, &it->rank, (la_z *)it->work, &it->lwork, it->rwork, it->iwork, &info);
    else
        dgelsd_(&it->m, &it->n, &it->nrhs, (double *)it->a, &lda, (double *)it->b, &it->ldb, it->s,
                &it->rcond, &it->rank, (double *)it->work, &it->lwork, it->iwork, &info);
    return info;
}

/* Runs gelsd with workspaces from its query (real, complex and integer). */
static nd_status run_gelsd(const char *func, ls_item *it) {
    it->rank = 0;
    if (it->m == 0 || it->n == 0 || it->nrhs == 0) return ND_OK;
    double w[2] = {1, 0}, rw = 1;
    la_int iw = 1;
    it->work = (char *)w, it->rwork = &rw, it->iwork = &iw, it->lwork = -1;
    if (gelsd(it) != 0) w[0] = rw = 1, iw = 1;
    it->lwork = nd__la_lwork(w[0]);
    size_t isz = it->cplx ? 16 : 8, wb = (size_t)it->lwork * isz;
    size_t rb = it->cplx ? (size_t)nd__la_lwork(rw) * 8 : 0, ib = (size_t)(iw > 0 ? iw : 1) * 4;
    char *buf = nd__malloc(wb + rb + ib);
    if (!buf) return nd__nomem(func, wb + rb + ib);
    it->work = buf, it->rwork = (double *)(buf + wb), it->iwork = (la_int *)(buf + wb + rb);
    la_int info = gelsd(it);
    nd__free(buf);
    if (info > 0)
        return nd__error(ND_ERR_LINALG, func, "SVD did not converge in Linear Least Squares");
    return info < 0 ? nd__la_info(func, "gelsd", info) : ND_OK;
}

/* b's columns into a zeroed column-major (ldb x nrhs) working array. */
static nd_array *rhs_work(const char *func, const nd_array *b2, nd_dtype t, int64_t ldb) {
    int64_t shape[2] = {b2->shape[1], ldb};
    nd_array *w = nd__alloc(func, t, 2, shape, ND_ORDER_C, true);
    if (!w) return NULL;
    int64_t top[2] = {b2->shape[1], b2->shape[0]}, st[2] = {w->strides[0], w->strides[1]};
    nd_array *view = nd__view(func, w, 2, top, st, w->data);
    nd_array *bt = view ? nd_swapaxes(b2, 0, 1) : NULL;
    nd_status s = bt ? nd__copy_into(func, view, bt) : nd_last_error();
    nd_release(view);
    nd_release(bt);
    if (s) nd_release(w);
    return s ? NULL : w;
}

/* Squared norms of rows n.. of each column (the residuals), or empty. */
static nd_array *residuals_of(const char *func, const ls_item *it, const nd_array *bw, nd_dtype t) {
    bool have = it->rank == it->n && it->m > it->n;
    int64_t len = have ? it->nrhs : 0;
    nd_array *r = nd__alloc(func, ND_FLOAT64, 1, &len, ND_ORDER_C, true);
    for (int64_t j = 0; r && j < len; j++) {
        double acc = 0;
        for (int64_t i = it->n; i < it->m; i++) {
            const double *e =
                (const double *)(bw->data + (j * it->ldb + i) * (int64_t)nd__itemsize(bw->dtype));
            acc += e[0] * e[0] + (it->cplx ? e[1] * e[1] : 0);
        }
        ((double *)r->data)[j] = acc;
    }
    return nd__la_cast(r, t);
}

/* x: the first n rows of the solved right-hand sides. */
static nd_array *solution_of(const nd_array *bw, int64_t n, bool vec, nd_dtype t) {
    int64_t shape[2] = {bw->shape[0], n};
    nd_array *top = nd__view("nd_lstsq", bw, 2, shape, bw->strides, bw->data);
    nd_array *x = nd__la_from_cm(top, t); /* (n, nrhs) in C order */
    if (!x || !vec) return x;
    nd_array *v = nd_reshape(x, 1, &n);
    nd_release(x);
    return v;
}

static nd_status lstsq_check(const char *func, const nd_array *a, const nd_array *b) {
    if (a->ndim != 2)
        return nd__error(ND_ERR_SHAPE, func,
                         "%d-dimensional array given. Array must be "
                         "two-dimensional",
                         a->ndim);
    if (b->ndim != 1 && b->ndim != 2)
        return nd__error(ND_ERR_SHAPE, func, "b must be 1- or 2-dimensional, got %d dimensions",
                         b->ndim);
    if (b->shape[0] != a->shape[0])
        return nd__error(ND_ERR_SHAPE, func, "Incompatible dimensions: a has %lld rows, b %lld",
                         (long long)a->shape[0], (long long)b->shape[0]);
    return nd__la_check(func, a, false);
}

int nd_lstsq(const nd_array *a, const nd_array *b, double rcond, nd_array **x, nd_array **residuals,
             int64_t *rank, nd_array **s) {
    static const char func[] = "nd_lstsq";
    if (!a || !b) return nd__null_arg(func, a ? "b" : "a");
    nd_la_kind k;
    if (lstsq_check(func, a, b) || nd__la_kind(func, nd_result_type(a->dtype, b->dtype), &k))
        return nd_last_error();
    int64_t m = a->shape[0], n = a->shape[1], mn = m < n ? m : n, col[2] = {m, 1};
    ls_item it = {.cplx = k.cplx, .m = (la_int)m, .n = (la_int)n};
    it.ldb = (la_int)(m > n ? m : n > 1 ? n : 1);
    it.rcond = isnan(rcond) ? DBL_EPSILON * (double)(m > n ? m : n) : rcond;
    nd_array *b2 = b->ndim == 1 ? nd_reshape(b, 2, col) : nd_retain((nd_array *)b);
    nd_array *aw = b2 ? nd__la_colmajor(a, k.work) : NULL, *bw = NULL, *sw = NULL;
    nd_array *rx = NULL, *rr = NULL, *rs = NULL;
    if (!aw || !(bw = rhs_work(func, b2, k.work, it.ldb)) ||
        !(sw = nd__alloc(func, ND_FLOAT64, 1, &mn, ND_ORDER_C, false)))
        goto fail;
    it.nrhs = (la_int)b2->shape[1], it.a = aw->data, it.b = bw->data, it.s = (double *)sw->data;
    if (!nd__la_finite(aw, 0) || !nd__la_finite(bw, 0)) { /* gelsd would fail in xerbla */
        nd__error(ND_ERR_LINALG, func, "SVD did not converge in Linear Least Squares");
        goto fail;
    }
    if (it.nrhs == 0 && mn > 0) {
        /* no right-hand side: s and the rank are still a's (NumPy solves a
           zero column for them) */
        int64_t one[2] = {1, it.ldb};
        nd_array *z = nd__alloc(func, k.work, 2, one, ND_ORDER_C, true);
        if (!z) goto fail;
        it.nrhs = 1, it.b = z->data;
        nd_status st = run_gelsd(func, &it);
        nd_release(z);
        it.nrhs = 0, it.b = bw->data;
        if (st) goto fail;
    } else if (run_gelsd(func, &it)) {
        goto fail;
    }
    if (!(rr = residuals_of(func, &it, bw, k.out_real))) goto fail;
    rs = nd__la_cast(sw, k.out_real);
    sw = NULL;
    if (!rs) goto fail;
    if (!(rx = solution_of(bw, n, b->ndim == 1, k.out))) goto fail;
    nd_release(b2);
    nd_release(aw);
    nd_release(bw);
    if (x)
        *x = rx;
    else
        nd_release(rx);
    if (residuals)
        *residuals = rr;
    else
        nd_release(rr);
    if (s)
        *s = rs;
    else
        nd_release(rs);
    if (rank) *rank = it.rank;
    return ND_OK;
fail:
    nd_release(b2);
    nd_release(aw);
    nd_release(bw);
    nd_release(sw);
    nd_release(rr);
    nd_release(rs);
    return nd_last_error();
}

/* ---- from the SVD ---- */

static nd_array *binary(nd_array *(*f)(const nd_array *, const nd_array *, nd_array *), nd_array *x,
                        nd_array *y) {
    nd_array *r = x && y ? f(x, y, NULL) : NULL;
    nd_release(x);
    nd_release(y);
    return r;
}

/* 1/s where s > rcond * max(s) along the last axis, else 0. */
static nd_array *inverted_values(nd_array *s, double rcond) {
    nd_array *mx = nd_max(s, -1, true, NULL);
    nd_array *cut = binary(nd_multiply, mx, nd_lit_f64(rcond));
    nd_array *keep = cut ? nd_greater(s, cut, NULL) : NULL;
    nd_release(cut);
    nd_array *one = nd_lit_f64(1), *zero = nd_lit_f64(0);
    nd_array *safe = keep ? nd_where(keep, s, one, NULL) : NULL;
    nd_array *inv = safe ? nd_divide(one, safe, NULL) : NULL;
    nd_array *r = inv ? nd_where(keep, inv, zero, NULL) : NULL;
    nd_release(keep), nd_release(safe), nd_release(inv), nd_release(one), nd_release(zero);
    return r;
}

/* x with its last two axes swapped and conjugated (the Hermitian
   transpose). */
static nd_array *herm(nd_array *x) {
    nd_array *t = x ? nd_swapaxes(x, -1, -2) : NULL;
    nd_array *r = t && nd__is_complex(t->dtype) ? nd_conj(t, NULL) : nd_retain(t);
    nd_release(t);
    nd_release(x);
    return r;
}

nd_array *nd_pinv(const nd_array *a, double rcond) {
    static const char func[] = "nd_pinv";
    if (!a) return nd__null_arg(func, "a"), NULL;
    nd_la_kind k;
    if (nd__la_check(func, a, false) || nd__la_kind(func, a->dtype, &k)) return NULL;
    int64_t m = a->shape[a->ndim - 2], n = a->shape[a->ndim - 1];
    if (m == 0 || n == 0) { /* NumPy: an empty (..., n, m) result */
        int64_t shape[ND_MAX_DIMS];
        memcpy(shape, a->shape, (size_t)a->ndim * sizeof *shape);
        shape[a->ndim - 2] = n, shape[a->ndim - 1] = m;
        return nd_zeros(k.out, a->ndim, shape);
    }
    nd_array *u, *s, *vh;
    if (nd_svd(a, false, &u, &s, &vh)) return NULL;
    /* pinv = V diag(1/s) U^H: scale U's columns, then one matmul */
    nd_array *si = inverted_values(s, rcond);
    nd_release(s);
    nd_array *si_row = NULL;
    if (si) {
        int64_t shape[ND_MAX_DIMS];
        memcpy(shape, si->shape, (size_t)si->ndim * sizeof *shape);
        shape[si->ndim] = shape[si->ndim - 1], shape[si->ndim - 1] = 1;
        si_row = nd_reshape(si, si->ndim + 1, shape);
        nd_release(si);
    }
    nd_array *us = binary(nd_multiply, u, si_row);
    return binary(nd_matmul, herm(vh), herm(us));
}

static nd_array *rank_of_vector(const nd_array *a) {
    int64_t nz = nd_count_nonzero(a);
    if (nz < 0) return NULL;
    int64_t r = nz > 0;
    return nd_scalar(ND_INT64, &r);
}

nd_array *nd_matrix_rank(const nd_array *a, double tol) {
    static const char func[] = "nd_matrix_rank";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (a->ndim < 2) return rank_of_vector(a);
    nd_array *s;
    if (nd_svd(a, false, NULL, &s, NULL)) return NULL;
    nd_array *cut;
    if (isnan(tol)) {
        int64_t m = a->shape[a->ndim - 2], n = a->shape[a->ndim - 1];
        double eps = s->dtype == ND_FLOAT32 ? FLT_EPSILON : DBL_EPSILON;
        cut = binary(nd_multiply, nd_max(s, -1, true, NULL),
                     nd_lit_f64(eps * (double)(m > n ? m : n)));
    } else {
        cut = nd_lit_f64(tol);
    }
    nd_array *big = binary(nd_greater, s, cut);
    nd_array *r = big ? nd_sum(big, -1, false, NULL) : NULL;
    nd_release(big);
    return r;
}
