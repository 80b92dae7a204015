/* np.linalg.qr: Householder QR (geqrf), Q formed by orgqr/ungqr. */
#include "linalg/linalg_internal.h"

typedef struct {
    bool cplx;
    la_int m, n, kq; /* kq: columns of Q */
    char *a, *q, *tau, *work;
    la_int lwork;
} qr_item;

static la_int geqrf(qr_item *it, la_int lwork, char *work) {
    la_int lda = it->m > 1 ? it->m : 1, info = 0, k = it->m < it->n ? it->m : it->n;
    if (k == 0) return 0;
    if (it->cplx)
        zgeqrf_(&it->m, &it->n, (la_z *)it->a, &lda, (la_z *)it->tau, (la_z *)work, &lwork, &info);
    else
        dgeqrf_(&it->m, &it->n, (double *)it->a, &lda, (double *)it->tau, (double *)work, &lwork,
                &info);
    return info;
}

static la_int orgqr(qr_item *it, la_int lwork, char *work) {
    la_int lda = it->m > 1 ? it->m : 1, info = 0, k = it->m < it->n ? it->m : it->n;
    if (it->m == 0 || it->kq == 0) return 0;
    if (it->cplx)
        zungqr_(&it->m, &it->kq, &k, (la_z *)it->q, &lda, (la_z *)it->tau, (la_z *)work, &lwork,
                &info);
    else
        dorgqr_(&it->m, &it->kq, &k, (double *)it->q, &lda, (double *)it->tau, (double *)work,
                &lwork, &info);
    return info;
}

/* The larger of the two routines' workspace queries. */
static la_int qr_lwork(qr_item *it) {
    double w[2] = {1, 0};
    la_int l = 1;
    if (geqrf(it, -1, (char *)w) == 0) l = nd__la_lwork(w[0]);
    w[0] = 1;
    if (orgqr(it, -1, (char *)w) == 0 && nd__la_lwork(w[0]) > l) l = nd__la_lwork(w[0]);
    return l;
}

/* R: the upper triangle of the factored a's first rows_r rows. */
static void copy_r(const qr_item *it, char *r, la_int rows_r, size_t isz) {
    for (la_int c = 0; c < it->n; c++)
        for (la_int i = 0; i < rows_r; i++) {
            char *dst = r + ((int64_t)c * rows_r + i) * isz;
            if (i <= c && i < it->m)
                memcpy(dst, it->a + ((int64_t)c * it->m + i) * isz, isz);
            else
                memset(dst, 0, isz);
        }
}

/* Q's reflectors: the first min(kq, n) columns of the factored a. */
static void seed_q(const qr_item *it, size_t isz) {
    la_int cols = it->kq < it->n ? it->kq : it->n;
    memcpy(it->q, it->a, (size_t)it->m * (size_t)cols * isz);
    memset(it->q + (size_t)it->m * (size_t)cols * isz, 0,
           (size_t)it->m * (size_t)(it->kq - cols) * isz);
}

int nd_qr(const nd_array *a, nd_qr_mode mode, nd_array **q, nd_array **r) {
    static const char func[] = "nd_qr";
    if (!a || !r || (mode != ND_QR_R && !q)) return nd__null_arg(func, !a ? "a" : !r ? "r" : "q");
    if ((unsigned)mode > ND_QR_R) return nd__error(ND_ERR_VALUE, func, "unknown qr mode %d", mode);
    nd_la_kind k;
    if (nd__la_check(func, a, false) || nd__la_kind(func, a->dtype, &k)) return nd_last_error();
    int64_t m = a->shape[a->ndim - 2], n = a->shape[a->ndim - 1], kk = m < n ? m : n;
    int64_t kq = mode == ND_QR_COMPLETE ? m : kk, rows_r = mode == ND_QR_COMPLETE ? m : kk;
    size_t isz = nd__itemsize(k.work);
    qr_item it = {.cplx = k.cplx, .m = (la_int)m, .n = (la_int)n, .kq = (la_int)kq};
    nd_array *aw = nd__la_colmajor(a, k.work), *rw = NULL, *qw = NULL;
    char *buf = NULL;
    nd_status s = ND_OK;
    if (!aw || !(rw = nd__la_alloc_cm(func, k.work, a, rows_r, n, false))) goto fail;
    if (mode != ND_QR_R && !(qw = nd__la_alloc_cm(func, k.work, a, m, kq, false))) goto fail;
    it.lwork = qr_lwork(&it);
    size_t bytes = ((size_t)kk + 1 + (size_t)it.lwork) * isz;
    if (!(buf = nd__malloc(bytes))) {
        nd__nomem(func, bytes);
        goto fail;
    }
    it.tau = buf, it.work = buf + ((size_t)kk + 1) * isz;
    for (int64_t i = 0; i < nd__la_batch(a) && !s; i++) {
        it.a = aw->data + i * m * n * (int64_t)isz;
        la_int info = geqrf(&it, it.lwork, it.work);
        if (info) s = nd__la_info(func, "geqrf", info);
        copy_r(&it, rw->data + i * rows_r * n * (int64_t)isz, (la_int)rows_r, isz);
        if (s || !qw) continue;
        it.q = qw->data + i * m * kq * (int64_t)isz;
        seed_q(&it, isz);
        if ((info = orgqr(&it, it.lwork, it.work))) s = nd__la_info(func, "orgqr", info);
    }
    if (s) goto fail;
    nd__free(buf);
    nd_release(aw);
    buf = NULL, aw = NULL;
    *r = nd__la_from_cm(rw, k.out);
    rw = NULL;
    if (!*r) goto fail;
    if (qw) {
        nd_array *qq = nd__la_from_cm(qw, k.out);
        qw = NULL;
        if (!qq) {
            nd_release(*r);
            *r = NULL;
            goto fail;
        }
        *q = qq;
    }
    return ND_OK;
fail:
    nd__free(buf);
    nd_release(aw);
    nd_release(rw);
    nd_release(qw);
    return nd_last_error();
}
