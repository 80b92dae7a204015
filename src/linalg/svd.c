/* np.linalg.svd by divide and conquer (gesdd), as NumPy. */
#include "linalg/linalg_internal.h"

typedef struct {
    bool cplx;
    char jobz; /* 'A' full, 'S' reduced, 'N' values only */
    la_int m, n, ucols, vrows;
    char *a, *s, *u, *vt;
    char *work;
    double *rwork;
    la_int *iwork, lwork;
} svd_item;

static la_int gesdd(svd_item *it, la_int lwork) {
    la_int lda = it->m > 1 ? it->m : 1, ldu = lda, ldvt = it->vrows > 1 ? it->vrows : 1, info = 0;
    if (it->cplx)
        zgesdd_(&it->jobz, &it->m, &it->n, (la_z *)it->a, &lda, (double *)it->s, (la_z *)it->u,
                &ldu, (la_z *)it->vt, &ldvt, (la_z *)it->work, &lwork, it->rwork, it->iwork, &info,
                1);
    else
        dgesdd_(&it->jobz, &it->m, &it->n, (double *)it->a, &lda, (double *)it->s, (double *)it->u,
                &ldu, (double *)it->vt, &ldvt, (double *)it->work, &lwork, it->iwork, &info, 1);
    return info;
}

/* LAPACK 3.7's bound on zgesdd's real workspace. */
static int64_t rwork_len(const svd_item *it) {
    int64_t mn = it->m < it->n ? it->m : it->n, mx = it->m < it->n ? it->n : it->m;
    if (!it->cplx) return 0;
    if (it->jobz == 'N') return 7 * mn;
    int64_t a = 5 * mn * mn + 5 * mn, b = 2 * mx * mn + 2 * mn * mn + mn;
    return a > b ? a : b;
}

/* Identity columns for the empty cases LAPACK does not take (NumPy gives
   identity factors when m or n is 0). */
static void eye_cm(char *p, int64_t rows, int64_t cols, bool cplx) {
    size_t isz = cplx ? 16 : 8;
    memset(p, 0, (size_t)(rows * cols) * isz);
    for (int64_t i = 0; i < rows && i < cols; i++) *(double *)(p + (i * rows + i) * isz) = 1;
}

static nd_status svd_items(const char *func, const nd_array *a, svd_item *it, nd_array *aw,
                           nd_array *sw, nd_array *uw, nd_array *vw) {
    int64_t m = it->m, n = it->n, k = m < n ? m : n, items = nd__la_batch(a);
    size_t isz = it->cplx ? 16 : 8;
    double q[2] = {1, 0};
    la_int qi = 0;
    it->work = (char *)q, it->iwork = &qi, it->rwork = NULL;
    if (k > 0 && gesdd(it, -1) == 0)
        it->lwork = nd__la_lwork(q[0]);
    else
        it->lwork = 1;
    size_t wb = (size_t)it->lwork * isz, rb = (size_t)rwork_len(it) * 8,
           ib = (size_t)(8 * k + 1) * 4;
    char *buf = nd__malloc(wb + rb + ib);
    if (!buf) return nd__nomem(func, wb + rb + ib);
    it->work = buf, it->rwork = (double *)(buf + wb), it->iwork = (la_int *)(buf + wb + rb);
    nd_status s = ND_OK;
    for (int64_t i = 0; i < items && !s; i++) {
        it->a = aw->data + i * m * n * (int64_t)isz;
        it->s = sw->data + i * k * 8;
        it->u = uw ? uw->data + i * m * it->ucols * (int64_t)isz : NULL;
        it->vt = vw ? vw->data + i * it->vrows * n * (int64_t)isz : NULL;
        if (k == 0) {
            if (uw) eye_cm(it->u, m, it->ucols, it->cplx);
            if (vw) eye_cm(it->vt, it->vrows, n, it->cplx);
            continue;
        }
        la_int info = gesdd(it, it->lwork);
        if (info > 0)
            s = nd__error(ND_ERR_LINALG, func, "SVD did not converge");
        else if (info < 0)
            s = nd__la_info(func, "gesdd", info);
    }
    nd__free(buf);
    return s;
}

int nd_svd(const nd_array *a, bool full_matrices, nd_array **u, nd_array **s, nd_array **vh) {
    static const char func[] = "nd_svd";
    if (!a || !s) return nd__null_arg(func, !a ? "a" : "s");
    if ((!u) != (!vh)) /* both or neither (NumPy's compute_uv) */
        return nd__null_arg(func, !u ? "u (vh is given)" : "vh (u is given)");
    nd_la_kind k;
    if (nd__la_check(func, a, false) || nd__la_kind(func, a->dtype, &k)) return nd_last_error();
    int64_t m = a->shape[a->ndim - 2], n = a->shape[a->ndim - 1], mn = m < n ? m : n;
    bool uv = u != NULL;
    svd_item it = {.cplx = k.cplx, .m = (la_int)m, .n = (la_int)n};
    it.jobz = !uv ? 'N' : full_matrices ? 'A' : 'S';
    it.ucols = (la_int)(!uv ? 1 : full_matrices ? m : mn);
    it.vrows = (la_int)(!uv ? 1 : full_matrices ? n : mn);
    nd_array *aw = nd__la_colmajor(a, k.work), *sw = NULL, *uw = NULL, *vw = NULL;
    if (!aw || !(sw = nd__la_alloc_vec(func, ND_FLOAT64, a, mn))) goto fail;
    if (!nd__la_finite(aw, 0)) { /* NumPy: LinAlgError from gesdd */
        nd__error(ND_ERR_LINALG, func, "SVD did not converge");
        goto fail;
    }
    if (uv && (!(uw = nd__la_alloc_cm(func, k.work, a, m, it.ucols, false)) ||
               !(vw = nd__la_alloc_cm(func, k.work, a, it.vrows, n, false))))
        goto fail;
    if (svd_items(func, a, &it, aw, sw, uw, vw)) goto fail;
    nd_release(aw);
    aw = NULL;
    nd_array *ss = nd__la_cast(sw, k.out_real);
    nd_array *uu = uv ? nd__la_from_cm(uw, k.out) : NULL;
    nd_array *vv = uv ? nd__la_from_cm(vw, k.out) : NULL;
    sw = uw = vw = NULL;
    if (!ss || (uv && (!uu || !vv))) {
        nd_release(ss);
        nd_release(uu);
        nd_release(vv);
        goto fail;
    }
    *s = ss;
    if (uv) *u = uu, *vh = vv;
    return ND_OK;
fail:
    nd_release(aw);
    nd_release(sw);
    nd_release(uw);
    nd_release(vw);
    return nd_last_error();
}
