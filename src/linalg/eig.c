/* Eigenvalues: np.linalg.eigh (syevd/heevd, lower triangle) and
   np.linalg.eig (geev, right eigenvectors). */
#include "linalg/linalg_internal.h"

/* Eigenvalues (and vectors when v is asked for) to the caller, or both
   released. */
static nd_status deliver(nd_array *wr, nd_array *vr, nd_array **w, nd_array **v) {
    if (!wr || (v && !vr)) {
        nd_release(wr);
        nd_release(vr);
        return nd_last_error();
    }
    *w = wr;
    if (v) *v = vr;
    return ND_OK;
}

/* ---- Hermitian ---- */

typedef struct {
    bool cplx;
    char jobz;
    la_int n;
    char *a, *w, *work;
    double *rwork;
    la_int *iwork, lwork, lrwork, liwork;
} eigh_item;

static la_int syevd(eigh_item *it) {
    la_int lda = it->n > 1 ? it->n : 1, info = 0;
    if (it->cplx)
        zheevd_(&it->jobz, "L", &it->n, (la_z *)it->a, &lda, (double *)it->w, (la_z *)it->work,
                &it->lwork, it->rwork, &it->lrwork, it->iwork, &it->liwork, &info, 1, 1);
    else
        dsyevd_(&it->jobz, "L", &it->n, (double *)it->a, &lda, (double *)it->w, (double *)it->work,
                &it->lwork, it->iwork, &it->liwork, &info, 1, 1);
    return info;
}

/* Workspace sizes by query, then one buffer for all of them. */
static char *eigh_work(const char *func, eigh_item *it) {
    double w[2] = {1, 0}, rw = 1;
    la_int iw = 1;
    it->work = (char *)w, it->rwork = &rw, it->iwork = &iw;
    it->lwork = it->lrwork = it->liwork = -1;
    if (it->n == 0 || syevd(it) != 0) w[0] = rw = 1, iw = 1;
    it->lwork = nd__la_lwork(w[0]), it->lrwork = nd__la_lwork(rw);
    it->liwork = iw > 0 ? iw : 1;
    size_t isz = it->cplx ? 16 : 8, wb = (size_t)it->lwork * isz, rb = (size_t)it->lrwork * 8;
    size_t bytes = wb + rb + (size_t)it->liwork * sizeof(la_int);
    char *buf = nd__malloc(bytes);
    if (!buf) return nd__nomem(func, bytes), NULL;
    it->work = buf, it->rwork = (double *)(buf + wb), it->iwork = (la_int *)(buf + wb + rb);
    return buf;
}

int nd_eigh(const nd_array *a, nd_array **w, nd_array **v) {
    static const char func[] = "nd_eigh";
    if (!a || !w) return nd__null_arg(func, !a ? "a" : "w");
    nd_la_kind k;
    if (nd__la_check(func, a, true) || nd__la_kind(func, a->dtype, &k)) return nd_last_error();
    int64_t n = a->shape[a->ndim - 1];
    size_t isz = nd__itemsize(k.work);
    eigh_item it = {.cplx = k.cplx, .jobz = v ? 'V' : 'N', .n = (la_int)n};
    nd_array *aw = nd__la_colmajor(a, k.work), *ww = NULL;
    char *buf = NULL;
    nd_status s = ND_OK;
    if (!aw || !(ww = nd__la_alloc_vec(func, ND_FLOAT64, a, n)) || !(buf = eigh_work(func, &it)))
        goto fail;
    if (n && !nd__la_finite(aw, n)) { /* NumPy: LinAlgError from syevd */
        s = nd__error(ND_ERR_LINALG, func, "Eigenvalues did not converge");
        goto fail;
    }
    for (int64_t i = 0; i < nd__la_batch(a) && n && !s; i++) {
        it.a = aw->data + i * n * n * (int64_t)isz, it.w = ww->data + i * n * 8;
        la_int info = syevd(&it);
        if (info > 0)
            s = nd__error(ND_ERR_LINALG, func, "Eigenvalues did not converge");
        else if (info < 0)
            s = nd__la_info(func, "syevd", info);
    }
    nd__free(buf);
    buf = NULL;
    if (s) goto fail;
    nd_array *wr = nd__la_cast(ww, k.out_real), *vr = v ? nd__la_from_cm(aw, k.out) : NULL;
    if (!v) nd_release(aw);
    ww = aw = NULL;
    return deliver(wr, vr, w, v);
fail:
    nd__free(buf);
    nd_release(aw);
    nd_release(ww);
    return nd_last_error();
}

/* ---- general ---- */

typedef struct {
    bool cplx;
    char jobvr;
    la_int n, lwork;
    char *a, *work;
    double *wr, *wi, *vr, *rwork; /* real: wr, wi, vr; complex: w in wr, vr */
} eig_item;

static la_int geev(eig_item *it) {
    la_int lda = it->n > 1 ? it->n : 1, one = 1, info = 0;
    double dummy[2];
    if (it->cplx)
        zgeev_("N", &it->jobvr, &it->n, (la_z *)it->a, &lda, (la_z *)it->wr, (la_z *)dummy, &one,
               (la_z *)it->vr, &lda, (la_z *)it->work, &it->lwork, it->rwork, &info, 1, 1);
    else
        dgeev_("N", &it->jobvr, &it->n, (double *)it->a, &lda, it->wr, it->wi, dummy, &one, it->vr,
               &lda, (double *)it->work, &it->lwork, &info, 1, 1);
    return info;
}

/* Real geev stores a complex pair's vectors as two real columns
   (re, im): spread them into complex columns v_j = re + i im, v_j+1 its
   conjugate. */
static void real_vectors_to_complex(const double *vr, const double *wi, int64_t n, la_z *out) {
    for (int64_t j = 0; j < n; j++) {
        bool pair = wi[j] != 0 && j + 1 < n;
        for (int64_t i = 0; i < n; i++) {
            double re = vr[j * n + i], im = pair ? vr[(j + 1) * n + i] : 0;
            out[j * n + i] = (la_z){re, im};
            if (pair) out[(j + 1) * n + i] = (la_z){re, -im};
        }
        j += pair;
    }
}

typedef struct {
    nd_array *aw, *w, *v; /* w, v complex128 working arrays */
    double *scratch;      /* real case: wr, wi, vr of one matrix */
    bool all_real;
} eig_out;

static nd_status eig_items(const char *func, const nd_array *a, eig_item *it, eig_out *o) {
    int64_t n = it->n;
    double *wr = o->scratch, *wi = wr + n, *vr = wi + n;
    for (int64_t i = 0; i < nd__la_batch(a) && n; i++) {
        it->a = o->aw->data + i * n * n * (it->cplx ? 16 : 8);
        la_z *w = (la_z *)o->w->data + i * n, *v = o->v ? (la_z *)o->v->data + i * n * n : NULL;
        it->wr = it->cplx ? (double *)w : wr, it->wi = wi;
        it->vr = it->cplx ? (double *)v : vr;
        la_int info = geev(it);
        if (info > 0) return nd__error(ND_ERR_LINALG, func, "Eigenvalues did not converge");
        if (info < 0) return nd__la_info(func, "geev", info);
        if (it->cplx) continue;
        for (int64_t j = 0; j < n; j++) {
            w[j] = (la_z){wr[j], wi[j]};
            o->all_real &= wi[j] == 0;
        }
        if (v) real_vectors_to_complex(vr, wi, n, v);
    }
    return ND_OK;
}

/* Workspace by query; scratch for the real case's split results. */
static char *eig_work(const char *func, eig_item *it) {
    double q[2] = {1, 0}, s[2];
    int64_t n = it->n;
    it->work = (char *)q, it->lwork = -1, it->wr = s, it->wi = s, it->vr = s, it->rwork = s;
    if (n == 0 || geev(it) != 0) q[0] = 1;
    it->lwork = nd__la_lwork(q[0]);
    size_t isz = it->cplx ? 16 : 8, wb = (size_t)it->lwork * isz;
    size_t sb = (size_t)(2 * n + n * n + 2 * n) * 8;
    char *buf = nd__malloc(wb + sb + 8);
    if (!buf) return nd__nomem(func, wb + sb + 8), NULL;
    it->work = buf, it->rwork = (double *)(buf + wb);
    return buf;
}

/* Real results when every eigenvalue is real (real input only). */
static nd_status eig_finish(const nd_la_kind *k, eig_out *o, nd_array **w, nd_array **v) {
    nd_dtype ct = k->out == ND_FLOAT32   ? ND_COMPLEX64
                  : k->out == ND_FLOAT64 ? ND_COMPLEX128
                                         : k->out;
    nd_dtype t = !k->cplx && o->all_real ? k->out : ct;
    nd_array *wr = nd__la_cast(o->w, t), *vr = o->v ? nd__la_from_cm(o->v, t) : NULL;
    o->w = o->v = NULL;
    return deliver(wr, vr, w, v);
}

int nd_eig(const nd_array *a, nd_array **w, nd_array **v) {
    static const char func[] = "nd_eig";
    if (!a || !w) return nd__null_arg(func, !a ? "a" : "w");
    nd_la_kind k;
    if (nd__la_check(func, a, true) || nd__la_kind(func, a->dtype, &k)) return nd_last_error();
    int64_t n = a->shape[a->ndim - 1];
    eig_item it = {.cplx = k.cplx, .jobvr = v ? 'V' : 'N', .n = (la_int)n};
    eig_out o = {.all_real = true};
    char *buf = NULL;
    nd_status s = ND_ERR_NOMEM;
    if (!(o.aw = nd__la_colmajor(a, k.work)) ||
        !(o.w = nd__la_alloc_vec(func, ND_COMPLEX128, a, n)) ||
        (v && !(o.v = nd__la_alloc_cm(func, ND_COMPLEX128, a, n, n, false))) ||
        !(buf = eig_work(func, &it)))
        goto done;
    o.scratch = it.rwork + 2 * n;
    if (!nd__la_finite(o.aw, 0)) { /* NumPy's _assert_finite */
        s = nd__error(ND_ERR_LINALG, func, "Array must not contain infs or NaNs");
        goto done;
    }
    if (!(s = eig_items(func, a, &it, &o))) s = eig_finish(&k, &o, w, v);
done:
    if (s) s = nd_last_error();
    nd__free(buf);
    nd_release(o.aw);
    nd_release(o.w);
    nd_release(o.v);
    return s;
}
