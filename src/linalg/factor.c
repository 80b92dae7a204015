/* Kept factorizations in SciPy's manner: lu_factor/lu_solve (getrf,
   getrs) and cho_factor/cho_solve (potrf, potrs), one 2-D matrix each,
   computed in double like the rest of nd/linalg.h. Factoring once and
   solving many times is the point: the solves cost O(n^2) each. */
#include "linalg/linalg_internal.h"
#include "nd/factor.h"

static nd_status check_2d(const char *func, const nd_array *a, bool square) {
    if (a->ndim != 2)
        return nd__error(ND_ERR_SHAPE, func, "expected a 2-D matrix, got %d dimensions", a->ndim);
    if (square && a->shape[0] != a->shape[1])
        return nd__error(ND_ERR_SHAPE, func, "expected square matrix");
    return nd__la_check(func, a, square);
}

static la_int ld(int64_t n) { return n > 1 ? (la_int)n : 1; }

int nd_lu_factor(const nd_array *a, nd_array **lu, nd_array **piv) {
    static const char func[] = "nd_lu_factor";
    if (!a || !lu || !piv) return nd__null_arg(func, !a ? "a" : !lu ? "lu" : "piv");
    nd_la_kind k;
    if (check_2d(func, a, false) || nd__la_kind(func, a->dtype, &k)) return nd_last_error();
    int64_t m = a->shape[0], n = a->shape[1], kmin = m < n ? m : n;
    nd_array *w = nd__la_colmajor(a, k.work);
    nd_array *p = w ? nd__alloc(func, ND_INT32, 1, &kmin, ND_ORDER_C, false) : NULL;
    if (!p) return nd_release(w), nd_last_error();
    la_int mm = (la_int)m, nn = (la_int)n, lda = ld(m), info = 0, *ip = (la_int *)(void *)p->data;
    if (kmin && k.cplx)
        zgetrf_(&mm, &nn, (la_z *)(void *)w->data, &lda, ip, &info);
    else if (kmin)
        dgetrf_(&mm, &nn, (double *)(void *)w->data, &lda, ip, &info);
    if (info < 0) {
        nd_release(w), nd_release(p);
        return nd__la_info(func, "getrf", info);
    }
    for (int64_t i = 0; i < kmin; i++) ip[i] -= 1; /* SciPy's pivots are 0-based */
    nd_array *r = nd__la_from_cm(w, k.out);
    if (!r) return nd_release(p), nd_last_error();
    *lu = r, *piv = p;
    return ND_OK;
}

/* b as (n, K) column-major work (a 1-D b as one column). */
static nd_array *rhs(const char *func, const nd_array *b, nd_dtype work) {
    (void)func;
    if (b->ndim == 2) return nd__la_colmajor(b, work);
    nd_array *col = nd_reshape(b, 2, (int64_t[]){b->shape[0], 1});
    nd_array *w = col ? nd__la_colmajor(col, work) : NULL;
    nd_release(col);
    return w;
}

/* The solution from the work array: b's shape, dtype t. */
static nd_array *solution(nd_array *bw, const nd_array *b, nd_dtype t) {
    nd_array *r = nd__la_from_cm(bw, t);
    if (!r || b->ndim == 2) return r;
    nd_array *v = nd_reshape(r, 1, b->shape);
    nd_release(r);
    return v;
}

/* b as the right-hand side of an n x n factor: 1-D or 2-D with n rows,
   else SciPy's message (lu_solve's or cho_solve's). */
static bool bad_rhs(const char *func, const nd_array *b, int64_t n, bool lu) {
    if (b->ndim >= 1 && b->ndim <= 2 && b->shape[0] == n) return false;
    char sb[128];
    nd__shape_str(sb, sizeof sb, b->ndim, b->shape);
    if (lu)
        nd__error(ND_ERR_VALUE, func, "Shapes of lu (%lld, %lld) and b %s are incompatible",
                  (long long)n, (long long)n, sb);
    else
        nd__error(ND_ERR_VALUE, func, "incompatible dimensions ((%lld, %lld) and %s)",
                  (long long)n, (long long)n, sb);
    return true;
}

nd_array *nd_lu_solve(const nd_array *lu, const nd_array *piv, const nd_array *b, int trans) {
    static const char func[] = "nd_lu_solve";
    if (!lu || !piv || !b) return nd__null_arg(func, !lu ? "lu" : !piv ? "piv" : "b"), NULL;
    if (check_2d(func, lu, true)) return NULL;
    int64_t n = lu->shape[0];
    if (bad_rhs(func, b, n, true)) return NULL;
    if (trans < 0 || trans > 2)
        return nd__error(ND_ERR_VALUE, func, "trans must be 0, 1 or 2"), NULL;
    if (piv->ndim != 1 || piv->shape[0] != n || !(nd__is_int(piv->dtype)))
        return nd__error(ND_ERR_VALUE, func, "piv must be %lld integer pivots", (long long)n), NULL;
    nd_la_kind k;
    if (nd__la_kind(func, nd_result_type(lu->dtype, b->dtype), &k)) return NULL;
    nd_array *pv = nd_astype(piv, ND_INT64), *lw = pv ? nd__la_colmajor(lu, k.work) : NULL;
    nd_array *bw = lw ? rhs(func, b, k.work) : NULL, *r = NULL;
    la_int *ip = bw ? nd__malloc(sizeof(la_int) * (size_t)(n ? n : 1)) : NULL;
    if (!ip) {
        if (bw) nd__nomem(func, sizeof(la_int) * (size_t)n);
        goto done;
    }
    const int64_t *pvv = (const int64_t *)(void *)pv->data;
    for (int64_t i = 0; i < n; i++) {
        if (pvv[i] < 0 || pvv[i] >= n) { /* getrs would swap rows outside the matrix */
            nd__error(ND_ERR_VALUE, func, "pivot %lld is out of range [0, %lld)", (long long)pvv[i],
                      (long long)n);
            goto done;
        }
        ip[i] = (la_int)(pvv[i] + 1);
    }
    la_int nn = (la_int)n, nrhs = (la_int)(b->ndim == 2 ? b->shape[1] : 1), lda = ld(n), info = 0;
    const char *tr = trans == 0 ? "N" : trans == 1 ? "T" : "C";
    if (n && nrhs && k.cplx)
        zgetrs_(tr, &nn, &nrhs, (const la_z *)(void *)lw->data, &lda, ip, (la_z *)(void *)bw->data,
                &lda, &info, 1);
    else if (n && nrhs)
        dgetrs_(tr, &nn, &nrhs, (const double *)(void *)lw->data, &lda, ip,
                (double *)(void *)bw->data, &lda, &info, 1);
    if (info < 0) {
        nd__la_info(func, "getrs", info);
        goto done;
    }
    r = solution(bw, b, k.out), bw = NULL;
done:
    nd__free(ip);
    nd_release(pv), nd_release(lw), nd_release(bw);
    return r;
}

int nd_cho_factor(const nd_array *a, bool lower, nd_array **c) {
    static const char func[] = "nd_cho_factor";
    if (!a || !c) return nd__null_arg(func, a ? "c" : "a");
    nd_la_kind k;
    if (check_2d(func, a, true) || nd__la_kind(func, a->dtype, &k)) return nd_last_error();
    int64_t n = a->shape[0];
    nd_array *w = nd__la_colmajor(a, k.work);
    if (!w) return nd_last_error();
    la_int nn = (la_int)n, lda = ld(n), info = 0;
    const char *uplo = lower ? "L" : "U";
    if (n && k.cplx)
        zpotrf_(uplo, &nn, (la_z *)(void *)w->data, &lda, &info, 1);
    else if (n)
        dpotrf_(uplo, &nn, (double *)(void *)w->data, &lda, &info, 1);
    if (info != 0) {
        nd_release(w);
        if (info < 0) return nd__la_info(func, "potrf", info);
        return nd__error(ND_ERR_LINALG, func,
                         "%d-th leading minor of the array is not positive definite", info);
    }
    nd_array *r = nd__la_from_cm(w, k.out);
    if (!r) return nd_last_error();
    *c = r;
    return ND_OK;
}

nd_array *nd_cho_solve(const nd_array *c, bool lower, const nd_array *b) {
    static const char func[] = "nd_cho_solve";
    if (!c || !b) return nd__null_arg(func, c ? "b" : "c"), NULL;
    if (check_2d(func, c, true)) return NULL;
    int64_t n = c->shape[0];
    if (bad_rhs(func, b, n, false)) return NULL;
    nd_la_kind k;
    if (nd__la_kind(func, nd_result_type(c->dtype, b->dtype), &k)) return NULL;
    nd_array *cw = nd__la_colmajor(c, k.work), *bw = cw ? rhs(func, b, k.work) : NULL;
    if (!bw) return nd_release(cw), NULL;
    la_int nn = (la_int)n, nrhs = (la_int)(b->ndim == 2 ? b->shape[1] : 1), lda = ld(n), info = 0;
    const char *uplo = lower ? "L" : "U";
    if (n && nrhs && k.cplx)
        zpotrs_(uplo, &nn, &nrhs, (const la_z *)(void *)cw->data, &lda, (la_z *)(void *)bw->data,
                &lda, &info, 1);
    else if (n && nrhs)
        dpotrs_(uplo, &nn, &nrhs, (const double *)(void *)cw->data, &lda,
                (double *)(void *)bw->data, &lda, &info, 1);
    nd_release(cw);
    if (info < 0) return nd_release(bw), nd__la_info(func, "potrs", info), NULL;
    return solution(bw, b, k.out);
}
