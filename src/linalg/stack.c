/* numpy.linalg's common ground: dtypes, shape checks and the column-major
   working copies LAPACK computes in. */
#include <limits.h>
#include <math.h>

#include "linalg/linalg_internal.h"

nd_status nd__la_kind(const char *func, nd_dtype t, nd_la_kind *k) {
    if (!nd__dtype_ok(t)) return nd__check_dtype(func, t);
    if (t == ND_FLOAT16)
        return nd__error(ND_ERR_DTYPE, func, "array type float16 is unsupported in linalg");
    k->cplx = nd__is_complex(t);
    k->work = k->cplx ? ND_COMPLEX128 : ND_FLOAT64;
    bool single = t == ND_FLOAT32 || t == ND_COMPLEX64;
    k->out = single ? t : k->work;
    k->out_real = single ? ND_FLOAT32 : ND_FLOAT64;
    return ND_OK;
}

nd_status nd__la_check(const char *func, const nd_array *a, bool square) {
    if (a->ndim < 2)
        return nd__error(ND_ERR_SHAPE, func,
                         "%d-dimensional array given. Array must be at least two-dimensional",
                         a->ndim);
    int64_t m = a->shape[a->ndim - 2], n = a->shape[a->ndim - 1];
    if (square && m != n)
        return nd__error(ND_ERR_SHAPE, func, "Last 2 dimensions of the array must be square");
    /* LAPACK indexes a matrix with int. */
    if (m > 0 && n > INT_MAX / m)
        return nd__error(ND_ERR_OVERFLOW, func,
                         "a %lld x %lld matrix is beyond LAPACK's int indexing", (long long)m,
                         (long long)n);
    return ND_OK;
}

int64_t nd__la_batch(const nd_array *a) { return nd__shape_prod(a->ndim - 2, a->shape); }

nd_array *nd__la_colmajor(const nd_array *a, nd_dtype work) {
    nd_array *t = nd_swapaxes(a, -1, -2);
    nd_array *w = t ? nd_astype(t, work) : NULL;
    nd_release(t);
    return w;
}

static nd_array *alloc_batch(const char *func, nd_dtype t, const nd_array *a, int nk,
                             const int64_t *tail, bool zero) {
    int64_t shape[ND_MAX_DIMS];
    int nd = a->ndim - 2;
    for (int d = 0; d < nd; d++) shape[d] = a->shape[d];
    for (int i = 0; i < nk; i++) shape[nd + i] = tail[i];
    return nd__alloc(func, t, nd + nk, shape, ND_ORDER_C, zero);
}

nd_array *nd__la_alloc_cm(const char *func, nd_dtype t, const nd_array *a, int64_t rows,
                          int64_t cols, bool zero) {
    int64_t tail[2] = {cols, rows};
    return alloc_batch(func, t, a, 2, tail, zero);
}

nd_array *nd__la_alloc_vec(const char *func, nd_dtype t, const nd_array *a, int64_t n) {
    return alloc_batch(func, t, a, 1, &n, false);
}

nd_array *nd__la_from_cm(nd_array *w, nd_dtype t) {
    if (!w) return NULL;
    nd_array *v = nd_swapaxes(w, -1, -2);
    nd_array *r = v ? nd_astype(v, t) : NULL;
    nd_release(v);
    nd_release(w);
    return r;
}

nd_array *nd__la_cast(nd_array *w, nd_dtype t) {
    if (!w || w->dtype == t) return w;
    nd_array *r = nd_astype(w, t);
    nd_release(w);
    return r;
}

la_int nd__la_lwork(double w0) {
    if (!(w0 >= 1)) return 1;
    if (w0 >= INT_MAX) return INT_MAX;
    return (la_int)w0;
}

nd_status nd__la_info(const char *func, const char *routine, int info) {
    return nd__error(ND_ERR_LINALG, func, "LAPACK %s failed (info %d)", routine, info);
}

bool nd__la_finite(const nd_array *w, int64_t lower_n) {
    const double *v = (const double *)(void *)w->data;
    int per = nd__is_complex(w->dtype) ? 2 : 1;
    int64_t count = nd__shape_prod(w->ndim, w->shape);
    if (lower_n <= 0) {
        for (int64_t i = 0; i < count * per; i++)
            if (!isfinite(v[i])) return false;
        return true;
    }
    for (int64_t b = 0; b < count / (lower_n * lower_n); b++) {
        const double *m = v + b * lower_n * lower_n * per;
        for (int64_t j = 0; j < lower_n; j++)
            for (int64_t i = j * per; i < lower_n * per; i++)
                if (!isfinite(m[j * lower_n * per + i])) return false;
    }
    return true;
}
