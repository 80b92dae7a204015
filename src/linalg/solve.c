/* LU-based numpy.linalg: solve, inv, det, slogdet; and cholesky. */
#include <math.h>

#include "linalg/linalg_internal.h"

static la_int gesv(bool cplx, la_int n, la_int nrhs, char *a, la_int *ipiv, char *b) {
    la_int ld = n > 1 ? n : 1, info = 0;
    if (cplx)
        zgesv_(&n, &nrhs, (la_z *)a, &ld, ipiv, (la_z *)b, &ld, &info);
    else
        dgesv_(&n, &nrhs, (double *)a, &ld, ipiv, (double *)b, &ld, &info);
    return info;
}

/* Solves each a_i x = b_i in place in the column-major working copies. */
static nd_status solve_stack(const char *func, bool cplx, nd_array *aw, nd_array *xw, int64_t n,
                             int64_t nrhs) {
    int64_t items = nd__la_batch(aw);
    if (n == 0 || nrhs == 0 || items == 0) return ND_OK;
    la_int *ipiv = nd__malloc((size_t)n * sizeof *ipiv);
    if (!ipiv) return nd__nomem(func, (size_t)n * sizeof *ipiv);
    size_t isz = nd__itemsize(aw->dtype);
    nd_status s = ND_OK;
    for (int64_t i = 0; i < items && !s; i++) {
        la_int info = gesv(cplx, (la_int)n, (la_int)nrhs, aw->data + i * n * n * isz, ipiv,
                           xw->data + i * n * nrhs * isz);
        if (info > 0)
            s = nd__error(ND_ERR_LINALG, func, "Singular matrix");
        else if (info < 0)
            s = nd__la_info(func, "gesv", info);
    }
    nd__free(ipiv);
    return s;
}

/* a and b broadcast over their batch axes (b at least 2-D). */
static nd_status broadcast_pair(const char *func, const nd_array *a, const nd_array *b,
                                nd_array **ab, nd_array **bb) {
    int nd[2] = {a->ndim - 2, b->ndim - 2}, rnd;
    const int64_t *shapes[2] = {a->shape, b->shape};
    int64_t shape[ND_MAX_DIMS + 2];
    if (nd_broadcast_shapes(2, nd, shapes, &rnd, shape)) return nd_last_error();
    if (rnd + 2 > ND_MAX_DIMS) return nd__error(ND_ERR_VALUE, func, "too many dimensions");
    shape[rnd] = a->shape[a->ndim - 2], shape[rnd + 1] = a->shape[a->ndim - 1];
    *ab = nd_broadcast_to(a, rnd + 2, shape);
    shape[rnd] = b->shape[b->ndim - 2], shape[rnd + 1] = b->shape[b->ndim - 1];
    *bb = *ab ? nd_broadcast_to(b, rnd + 2, shape) : NULL;
    return *bb ? ND_OK : nd_last_error();
}

nd_array *nd_solve(const nd_array *a, const nd_array *b) {
    static const char func[] = "nd_solve";
    if (!a || !b) return nd__null_arg(func, a ? "b" : "a"), NULL;
    nd_la_kind k;
    if (nd__la_check(func, a, true) || nd__la_kind(func, nd_result_type(a->dtype, b->dtype), &k))
        return NULL;
    int64_t n = a->shape[a->ndim - 1];
    bool vec = b->ndim == 1;
    if (b->ndim == 0 || b->shape[b->ndim - (vec ? 1 : 2)] != n)
        return nd__error(ND_ERR_SHAPE, func,
                         "solve: Input operand 1 has a mismatch in its core dimension 0, with "
                         "gufunc signature (m,m),(m,n)->(m,n) (size %lld is different from %lld)",
                         b->ndim ? (long long)b->shape[b->ndim - (vec ? 1 : 2)] : 0LL,
                         (long long)n),
               NULL;
    int64_t col[2] = {n, 1};
    nd_array *b2 = vec ? nd_reshape(b, 2, col) : nd_retain((nd_array *)b);
    nd_array *ab = NULL, *bb = NULL, *aw = NULL, *xw = NULL, *r = NULL;
    if (!b2 || broadcast_pair(func, a, b2, &ab, &bb)) goto done;
    if (!(aw = nd__la_colmajor(ab, k.work)) || !(xw = nd__la_colmajor(bb, k.work))) goto done;
    if (solve_stack(func, k.cplx, aw, xw, n, bb->shape[bb->ndim - 1])) goto done;
    r = nd__la_from_cm(xw, k.out);
    xw = NULL;
    if (r && vec) {
        nd_array *v = nd_reshape(r, r->ndim - 1, r->shape);
        nd_release(r);
        r = v;
    }
done:
    nd_release(b2);
    nd_release(ab);
    nd_release(bb);
    nd_release(aw);
    nd_release(xw);
    return r;
}

nd_array *nd_inv(const nd_array *a) {
    static const char func[] = "nd_inv";
    if (!a) return nd__null_arg(func, "a"), NULL;
    nd_la_kind k;
    if (nd__la_check(func, a, true) || nd__la_kind(func, a->dtype, &k)) return NULL;
    int64_t n = a->shape[a->ndim - 1], items = nd__la_batch(a);
    nd_array *aw = nd__la_colmajor(a, k.work);
    nd_array *xw = aw ? nd__la_alloc_cm(func, k.work, a, n, n, true) : NULL;
    if (!xw) goto fail;
    size_t isz = nd__itemsize(k.work);
    for (int64_t i = 0; i < items; i++)
        for (int64_t j = 0; j < n; j++) *(double *)(xw->data + ((i * n + j) * n + j) * isz) = 1;
    if (solve_stack(func, k.cplx, aw, xw, n, n)) goto fail;
    nd_release(aw);
    return nd__la_from_cm(xw, k.out);
fail:
    nd_release(aw);
    nd_release(xw);
    return NULL;
}

/* ---- determinants from the LU factors ---- */

typedef struct {
    double sign[2], logdet, det[2]; /* complex values as (re, im) */
} det_parts;

static void det_of_lu(bool cplx, la_int n, const char *lu, const la_int *ipiv, la_int info,
                      det_parts *d) {
    *d = (det_parts){{1, 0}, 0, {1, 0}};
    if (info > 0) { /* an exact zero on U's diagonal */
        *d = (det_parts){{0, 0}, -INFINITY, {0, 0}};
        return;
    }
    for (la_int i = 0; i < n; i++)
        if (ipiv[i] != i + 1) d->sign[0] = -d->sign[0], d->det[0] = -d->det[0];
    for (la_int i = 0; i < n; i++) {
        double re, im = 0;
        if (cplx) {
            const la_z *u = (const la_z *)lu + (int64_t)i * n + i;
            re = u->re, im = u->im;
        } else {
            re = ((const double *)lu)[(int64_t)i * n + i];
        }
        double ab = hypot(re, im), ur = re / ab, ui = im / ab;
        double sr = d->sign[0] * ur - d->sign[1] * ui, si = d->sign[0] * ui + d->sign[1] * ur;
        double dr = d->det[0] * re - d->det[1] * im, di = d->det[0] * im + d->det[1] * re;
        d->sign[0] = sr, d->sign[1] = si, d->det[0] = dr, d->det[1] = di;
        d->logdet += log(ab);
    }
}

/* LU of each matrix of a; fn gets each item's parts. */
static nd_status det_stack(const char *func, const nd_array *a, const nd_la_kind *k,
                           void (*fn)(void *ctx, int64_t i, const det_parts *d), void *ctx) {
    int64_t n = a->shape[a->ndim - 1], items = nd__la_batch(a);
    nd_array *aw = nd__la_colmajor(a, k->work);
    la_int *ipiv = aw ? nd__malloc((size_t)(n ? n : 1) * sizeof *ipiv) : NULL;
    nd_status s = ND_OK;
    if (!ipiv) s = aw ? nd__nomem(func, (size_t)n * sizeof *ipiv) : nd_last_error();
    size_t isz = nd__itemsize(k->work);
    for (int64_t i = 0; i < items && !s; i++) {
        char *lu = aw->data + i * n * n * isz;
        la_int nn = (la_int)n, ld = n > 1 ? (la_int)n : 1, info = 0;
        if (n && k->cplx)
            zgetrf_(&nn, &nn, (la_z *)lu, &ld, ipiv, &info);
        else if (n)
            dgetrf_(&nn, &nn, (double *)lu, &ld, ipiv, &info);
        if (info < 0) s = nd__la_info(func, "getrf", info);
        det_parts d;
        det_of_lu(k->cplx, nn, lu, ipiv, info, &d);
        fn(ctx, i, &d);
    }
    nd__free(ipiv);
    nd_release(aw);
    return s;
}

typedef struct {
    nd_array *det, *sign, *logdet;
    bool cplx;
} det_out;

static void put_complex(nd_array *x, bool cplx, int64_t i, const double *v) {
    if (cplx)
        memcpy(x->data + i * 16, v, 16);
    else
        ((double *)x->data)[i] = v[0];
}

static void put_det(void *ctx, int64_t i, const det_parts *d) {
    det_out *o = ctx;
    put_complex(o->det, o->cplx, i, d->det);
}

static void put_slogdet(void *ctx, int64_t i, const det_parts *d) {
    det_out *o = ctx;
    put_complex(o->sign, o->cplx, i, d->sign);
    ((double *)o->logdet->data)[i] = d->logdet;
}

static nd_array *alloc_batch(const char *func, nd_dtype t, const nd_array *a) {
    return nd__alloc(func, t, a->ndim - 2, a->shape, ND_ORDER_C, false);
}

nd_array *nd_det(const nd_array *a) {
    static const char func[] = "nd_det";
    if (!a) return nd__null_arg(func, "a"), NULL;
    nd_la_kind k;
    if (nd__la_check(func, a, true) || nd__la_kind(func, a->dtype, &k)) return NULL;
    det_out o = {.cplx = k.cplx};
    if (!(o.det = alloc_batch(func, k.work, a))) return NULL;
    if (det_stack(func, a, &k, put_det, &o)) {
        nd_release(o.det);
        return NULL;
    }
    return nd__la_cast(o.det, k.out);
}

int nd_slogdet(const nd_array *a, nd_array **sign, nd_array **logabsdet) {
    static const char func[] = "nd_slogdet";
    if (!a || !sign || !logabsdet)
        return nd__null_arg(func, !a ? "a" : !sign ? "sign" : "logabsdet");
    nd_la_kind k;
    if (nd__la_check(func, a, true) || nd__la_kind(func, a->dtype, &k)) return nd_last_error();
    det_out o = {.cplx = k.cplx};
    o.sign = alloc_batch(func, k.work, a);
    o.logdet = o.sign ? alloc_batch(func, ND_FLOAT64, a) : NULL;
    if (o.logdet && !det_stack(func, a, &k, put_slogdet, &o)) {
        o.sign = nd__la_cast(o.sign, k.out);
        o.logdet = nd__la_cast(o.logdet, k.out_real);
        if (o.sign && o.logdet) {
            *sign = o.sign, *logabsdet = o.logdet;
            return ND_OK;
        }
    }
    nd_release(o.sign);
    nd_release(o.logdet);
    return nd_last_error();
}

/* ---- cholesky ---- */

nd_array *nd_cholesky(const nd_array *a) {
    static const char func[] = "nd_cholesky";
    if (!a) return nd__null_arg(func, "a"), NULL;
    nd_la_kind k;
    if (nd__la_check(func, a, true) || nd__la_kind(func, a->dtype, &k)) return NULL;
    int64_t n = a->shape[a->ndim - 1], items = nd__la_batch(a);
    nd_array *w = nd__la_colmajor(a, k.work);
    if (!w) return NULL;
    size_t isz = nd__itemsize(k.work);
    for (int64_t i = 0; i < items && n; i++) {
        char *p = w->data + i * n * n * isz;
        la_int nn = (la_int)n, info = 0;
        if (k.cplx)
            zpotrf_("L", &nn, (la_z *)p, &nn, &info, 1);
        else
            dpotrf_("L", &nn, (double *)p, &nn, &info, 1);
        if (info != 0) {
            if (info > 0)
                nd__error(ND_ERR_LINALG, func, "Matrix is not positive definite");
            else
                nd__la_info(func, "potrf", info);
            nd_release(w);
            return NULL;
        }
        for (int64_t c = 1; c < n; c++) /* column-major: the strict upper part is rows < c */
            memset(p + c * n * isz, 0, (size_t)c * isz);
    }
    return nd__la_from_cm(w, k.out);
}
