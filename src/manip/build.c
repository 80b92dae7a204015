/* Arrays built from indices: eye, identity, diag, triu/tril, meshgrid,
   indices. */
#include <string.h>

#include "copy/copy.h"
#include "core/internal.h"
#include "nd/manip.h"
#include "nd/view.h"

nd_array *nd_eye(int64_t n, int64_t m, int64_t k, nd_dtype t) {
    static const char *func = "nd_eye";
    if (m < 0) m = n;
    int64_t shape[2] = {n, m};
    nd_array *r = nd__alloc(func, t, 2, shape, ND_ORDER_C, true);
    if (!r) return NULL;
    char one[16];
    nd__cast_one(ND_INT64, &(int64_t){1}, t, one);
    size_t isz = nd__itemsize(t);
    /* rows i with 0 <= i + k < m; a k beyond the matrix (NumPy: zeros)
       returns before m - k or -k could overflow */
    if (k >= m || k <= -n) return r;
    int64_t first = k < 0 ? -k : 0, end = m - k < n ? m - k : n;
    /* one typed store per row: a memcpy of isz bytes (not a constant) was a
       rep movs each, and eye(316) ran at 0.8x NumPy */
    int64_t step = (m + 1) * (int64_t)isz, rows = end - first;
    if (rows <= 0) return r;
    char *d = r->data + (first * m + first + k) * (int64_t)isz;
#define EYE_AS(T)                                                                                  \
    do {                                                                                           \
        T v;                                                                                       \
        memcpy(&v, one, sizeof v);                                                                 \
        for (int64_t i = 0; i < rows; i++) memcpy(d + i * step, &v, sizeof v);                     \
    } while (0)
    switch (isz) {
    case 1:
        EYE_AS(uint8_t);
        break;
    case 2:
        EYE_AS(uint16_t);
        break;
    case 4:
        EYE_AS(uint32_t);
        break;
    case 8:
        EYE_AS(uint64_t);
        break;
    default: { /* complex128 */
        typedef struct {
            uint64_t lo, hi;
        } item16;
        EYE_AS(item16);
    }
    }
#undef EYE_AS
    return r;
}

nd_array *nd_identity(int64_t n, nd_dtype t) { return nd_eye(n, n, 0, t); }

nd_array *nd_diag(const nd_array *v, int64_t k) {
    static const char *func = "nd_diag";
    if (!v) return nd__null_arg(func, "v"), NULL;
    if (v->ndim == 2) {
        nd_array *d = nd_diagonal(v, k, 0, 1), *c = d ? nd_copy(d) : NULL;
        nd_release(d);
        return c;
    }
    if (v->ndim != 1) return nd__error(ND_ERR_VALUE, func, "Input must be 1- or 2-d."), NULL;
    int64_t n, shape[2];
    /* -k for k = INT64_MIN is past INT64_MAX too */
    if (k == INT64_MIN || nd__add_ovf(v->shape[0], k < 0 ? -k : k, &n))
        return nd__error(ND_ERR_OVERFLOW, func, "Maximum allowed dimension exceeded"), NULL;
    shape[0] = shape[1] = n;
    nd_array *r = nd__alloc(func, v->dtype, 2, shape, ND_ORDER_C, true);
    if (!r) return NULL;
    nd_array *d = nd_diagonal(r, k, 0, 1);
    if (d) d->flags |= ND_FLAG_WRITEABLE; /* our own fresh array */
    if (!d || nd__copy_into(func, d, v)) {
        nd_release(d), nd_release(r);
        return NULL;
    }
    nd_release(d);
    return r;
}

/* Zeros below (tril: above) the k-th diagonal of the last two axes. */
static nd_array *tri(const char *func, const nd_array *a, int64_t k, bool upper) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    nd_array *r = a->ndim >= 2 ? nd_copy(a) : NULL;
    if (a->ndim < 2) { /* NumPy broadcasts a 1-D row to a square */
        int64_t n = a->ndim ? a->shape[0] : 1, shape[2] = {n, n};
        nd_array *b = nd_broadcast_to(a, 2, shape);
        r = b ? nd_copy(b) : NULL;
        nd_release(b);
    }
    if (!r) return NULL;
    int nd = r->ndim;
    int64_t rows = r->shape[nd - 2], cols = r->shape[nd - 1], isz = (int64_t)nd__itemsize(r->dtype);
    int64_t mats = nd__shape_prod(nd - 2, r->shape);
    for (int64_t b = 0; b < mats; b++)
        for (int64_t i = 0; i < rows; i++) {
            char *row = r->data + (b * rows + i) * cols * isz;
            /* triu zeroes j < i + k; tril zeroes j > i + k */
            int64_t lo = upper ? 0 : nd__add_sat(nd__add_sat(i, k), 1),
                    hi = upper ? nd__add_sat(i, k) : cols;
            lo = lo < 0 ? 0 : lo > cols ? cols : lo;
            hi = hi < 0 ? 0 : hi > cols ? cols : hi;
            if (hi > lo) memset(row + lo * isz, 0, (size_t)((hi - lo) * isz));
        }
    return r;
}
nd_array *nd_triu(const nd_array *a, int64_t k) { return tri("nd_triu", a, k, true); }
nd_array *nd_tril(const nd_array *a, int64_t k) { return tri("nd_tril", a, k, false); }

int nd_meshgrid(int n, nd_array_list xs_list, bool ij, nd_array **out) {
    const nd_array *const *xs = ND_LIST_PTR(xs_list);
    static const char *func = "nd_meshgrid";
    if (n < 0 || n > ND_MAX_DIMS)
        return nd__error(ND_ERR_VALUE, func, "bad number of inputs %d", n);
    if (n && (!xs || !out)) return nd__null_arg(func, !xs ? "xs" : "out");
    int64_t shape[ND_MAX_DIMS];
    for (int i = 0; i < n; i++) {
        if (!xs[i]) return nd__null_item(func, "xs", i);
        shape[i] = nd__shape_prod(xs[i]->ndim, xs[i]->shape);
    }
    if (!ij && n >= 2) { /* 'xy': the first two axes swap */
        int64_t t = shape[0];
        shape[0] = shape[1], shape[1] = t;
    }
    for (int i = 0; i < n; i++) out[i] = NULL;
    for (int i = 0; i < n; i++) {
        int at = !ij && n >= 2 && i < 2 ? 1 - i : i;
        int64_t vshape[ND_MAX_DIMS];
        for (int d = 0; d < n; d++) vshape[d] = d == at ? shape[d] : 1;
        nd_array *flat = nd_ravel(xs[i]), *v = flat ? nd_reshape(flat, n, vshape) : NULL;
        nd_array *b = v ? nd_broadcast_to(v, n, shape) : NULL;
        out[i] = b ? nd_copy(b) : NULL;
        nd_release(flat), nd_release(v), nd_release(b);
        if (!out[i]) {
            for (int j = 0; j < i; j++) nd_release(out[j]), out[j] = NULL;
            return nd_last_error();
        }
    }
    return ND_OK;
}

/* p[0, have) repeated to fill p[0, total): copies that double each time. */
static void repeat_bytes(char *p, int64_t have, int64_t total) {
    while (have < total) {
        int64_t k = have < total - have ? have : total - have;
        memcpy(p + have, p, (size_t)k);
        have += k;
    }
}

nd_array *nd_indices(int ndim, const int64_t *dims, nd_dtype t) {
    static const char *func = "nd_indices";
    if (ndim < 0 || ndim >= ND_MAX_DIMS)
        return nd__error(ND_ERR_VALUE, func, "bad number of dimensions %d", ndim), NULL;
    if (ndim && !dims) return nd__null_arg(func, "dims"), NULL;
    int64_t shape[ND_MAX_DIMS];
    shape[0] = ndim;
    memcpy(shape + 1, dims, sizeof(int64_t) * (size_t)ndim);
    nd_array *r = nd__alloc(func, t, ndim + 1, shape, ND_ORDER_C, false);
    if (!r) return NULL;
    int64_t per = nd__shape_prod(ndim, dims), isz = (int64_t)nd__itemsize(t);
    if (per == 0) return r;
    /* Row d holds each v < dims[d] repeated inner times, that block
       repeated to fill the row: one cast per value, the rest copies. */
    for (int d = 0; d < ndim; d++) {
        int64_t inner = nd__shape_prod(ndim - d - 1, dims + d + 1), block = dims[d] * inner * isz;
        char *row = r->data + d * per * isz;
        for (int64_t v = 0; v < dims[d]; v++) {
            char *run = row + v * inner * isz;
            nd__cast_one(ND_INT64, &v, t, run);
            repeat_bytes(run, isz, inner * isz);
        }
        repeat_bytes(row, block, per * isz);
    }
    return r;
}
