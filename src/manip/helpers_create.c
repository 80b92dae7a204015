/* NumPy's creation helpers (nd/helpers.h): the *_like constructors,
   logspace and geomspace (computed in float64 with libm's pow and log10,
   as NumPy computes them, so the values match bit for bit), tri, diagflat,
   fromfunction, require and asarray_chkfinite. */
#include <math.h>
#include <string.h>

#include "copy/copy.h"
#include "core/internal.h"
#include "manip/manip_internal.h"
#include "nd/helpers.h"
#include "nd/manip.h"
#include "nd/ufunc.h"
#include "nd/view.h"

/* The dtype of a *_like result: t, or a's for ND_NUM_DTYPES. */
static nd_status like_dtype(const char *func, const nd_array *a, nd_dtype *t) {
    if (!a) return nd__null_arg(func, "a");
    if (*t == ND_NUM_DTYPES) *t = a->dtype;
    return nd__check_dtype(func, *t);
}

/* NumPy's order='K': the result's axes in memory in the order of a's
   strides (largest |stride| outermost, ties in axis order), so a transposed
   or permuted prototype gives a result laid out like it. Made as a C-order
   array of the permuted shape, then viewed back in a's axis order. */
static nd_array *like(const char *func, const nd_array *a, nd_dtype t, bool zero) {
    if (like_dtype(func, a, &t)) return NULL;
    int n = a->ndim, perm[ND_MAX_DIMS], inv[ND_MAX_DIMS];
    int64_t shape[ND_MAX_DIMS];
    bool identity = true;
    for (int i = 0; i < n; i++) perm[i] = i;
    for (int i = 1; i < n; i++) /* a stable insertion sort: ndim is small */
        for (int j = i; j > 0; j--) {
            int64_t s0 = a->strides[perm[j - 1]], s1 = a->strides[perm[j]];
            if ((s0 < 0 ? -s0 : s0) >= (s1 < 0 ? -s1 : s1)) break;
            int tmp = perm[j];
            perm[j] = perm[j - 1], perm[j - 1] = tmp;
        }
    for (int i = 0; i < n; i++)
        shape[i] = a->shape[perm[i]], inv[perm[i]] = i, identity &= perm[i] == i;
    nd_array *r = nd__alloc(func, t, n, shape, ND_ORDER_C, zero);
    if (!r || identity) return r;
    nd_array *v = nd_transpose(r, inv);
    nd_release(r);
    return v;
}

nd_array *nd_empty_like(const nd_array *a, nd_dtype t) {
    return like("nd_empty_like", a, t, false);
}

nd_array *nd_zeros_like(const nd_array *a, nd_dtype t) { return like("nd_zeros_like", a, t, true); }

/* A new array like a filled with v, cast unsafely (np.copyto's casting in full_like). */
static nd_array *full_like(const char *func, const nd_array *a, double v, nd_dtype t) {
    nd_array *r = like(func, a, t, false);
    nd_array *s = r ? nd_from_buffer(ND_FLOAT64, 0, NULL, &v) : NULL;
    if (!s || nd_assign(r, s)) {
        nd_release(s), nd_release(r);
        return NULL;
    }
    nd_release(s);
    return r;
}

nd_array *nd_ones_like(const nd_array *a, nd_dtype t) {
    return full_like("nd_ones_like", a, 1.0, t);
}

nd_array *nd_full_like(const nd_array *a, double value, nd_dtype t) {
    return full_like("nd_full_like", a, value, t);
}

/* y (float64, released) cast to t. */
static nd_array *cast_to(nd_array *y, nd_dtype t) {
    if (!y || t == ND_FLOAT64) return y;
    nd_array *r = nd_astype(y, t);
    nd_release(y);
    return r;
}

nd_array *nd_logspace(double start, double stop, int64_t num, bool endpoint, double base,
                      nd_dtype t) {
    static const char *func = "nd_logspace";
    if (nd__check_dtype(func, t)) return NULL;
    nd_array *y = nd__linspace_f64(func, start, stop, num, endpoint);
    if (!y) return NULL;
    double *v = (double *)y->data;
    for (int64_t i = 0; i < num; i++) v[i] = pow(base, v[i]);
    return cast_to(y, t);
}

nd_array *nd_geomspace(double start, double stop, int64_t num, bool endpoint, nd_dtype t) {
    static const char *func = "nd_geomspace";
    if (nd__check_dtype(func, t)) return NULL;
    if (start == 0 || stop == 0)
        return nd__error(ND_ERR_VALUE, func, "Geometric sequence cannot include zero"), NULL;
    double sign = 1;
    if (start < 0 && stop < 0) start = -start, stop = -stop, sign = -1;
    nd_array *y = nd__linspace_f64(func, log10(start), log10(stop), num, endpoint);
    if (!y) return NULL;
    double *v = (double *)y->data;
    for (int64_t i = 0; i < num; i++) v[i] = pow(10.0, v[i]);
    if (num > 0) v[0] = start;
    if (num > 1 && endpoint) v[num - 1] = stop;
    for (int64_t i = 0; i < num; i++) v[i] *= sign;
    return cast_to(y, t);
}

nd_array *nd_tri(int64_t n, int64_t m, int64_t k, nd_dtype t) {
    static const char *func = "nd_tri";
    if (m < 0) m = n;
    if (n < 0) n = 0; /* np.tri(-1) is an empty (0, 0) array */
    if (m < 0) m = 0;
    nd_array *r = nd__alloc(func, t, 2, (int64_t[]){n, m}, ND_ORDER_C, true);
    if (!r) return NULL;
    size_t isz = nd__itemsize(t);
    char one[16];
    int64_t i1 = 1;
    nd__cast_one(ND_INT64, &i1, t, one);
    for (int64_t i = 0; i < n; i++) {
        /* columns j <= i + k, without overflow for extreme k */
        int64_t last =
            k > 0 && i > INT64_MAX - k ? m - 1 : (k < 0 && i < INT64_MIN - k ? -1 : i + k);
        if (last >= m) last = m - 1;
        for (int64_t j = 0; j <= last; j++) memcpy(r->data + (i * m + j) * (int64_t)isz, one, isz);
    }
    return r;
}

nd_array *nd_diagflat(const nd_array *v, int64_t k) {
    if (!v) return nd__null_arg("nd_diagflat", "v"), NULL;
    nd_array *f = nd_ravel(v), *r = f ? nd_diag(f, k) : NULL;
    nd_release(f);
    return r;
}

nd_array *nd_fromfunction(nd_fromfunction_fn fn, void *ctx, int ndim, const int64_t *shape,
                          nd_dtype t) {
    static const char *func = "nd_fromfunction";
    if (!fn) return nd__null_arg(func, "fn"), NULL;
    if (ndim < 1 || ndim >= ND_MAX_DIMS)
        return nd__error(ND_ERR_VALUE, func, "bad number of dimensions %d", ndim), NULL;
    if (!shape) return nd__null_arg(func, "shape"), NULL;
    nd_array *grid = nd_indices(ndim, shape, t);
    if (!grid) return NULL;
    nd_array *coords[ND_MAX_DIMS] = {0};
    nd_array *r = NULL;
    int d = 0;
    for (; d < ndim; d++) {
        coords[d] = nd_index_get(grid, 1, &(nd_index){.kind = ND_IDX_INT, .i = d});
        if (!coords[d]) break;
    }
    if (d == ndim) {
        nd_status before = nd_last_error();
        r = fn(ndim, coords, ctx);
        if (!r && nd_last_error() == before)
            nd__error(ND_ERR_VALUE, func, "the function returned NULL without an error");
    }
    for (int i = 0; i < d; i++) nd_release(coords[i]);
    nd_release(grid);
    return r;
}

/* Whether a is the only holder of all of its buffer (NumPy's OWNDATA). */
static bool owns_data(const nd_array *a) {
    return atomic_load(&a->buf->refcount) == 1 && a->data == a->buf->ptr &&
           (a->flags & (ND_FLAG_C_CONTIG | ND_FLAG_F_CONTIG)) &&
           (size_t)nd_nbytes(a) == a->buf->nbytes;
}

/* NumPy's ALIGNED: the data and every stride a multiple of the dtype's
   alignment (a complex number aligns as its parts). nd_wrap() can make
   unaligned arrays; nd's own are always aligned. */
static bool is_aligned(const nd_array *a) {
    int64_t al = (int64_t)nd__itemsize(a->dtype) / (nd__is_complex(a->dtype) ? 2 : 1);
    if ((uintptr_t)a->data % (uintptr_t)al) return false;
    for (int d = 0; d < a->ndim; d++)
        if (a->shape[d] > 1 && a->strides[d] % al) return false;
    return true;
}

nd_array *nd_require(const nd_array *a, nd_dtype t, int flags) {
    static const char *func = "nd_require";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (t != ND_NUM_DTYPES && nd__check_dtype(func, t)) return NULL;
    if (flags & ~(ND_REQ_C | ND_REQ_F | ND_REQ_ALIGNED | ND_REQ_WRITEABLE | ND_REQ_OWNDATA))
        return nd__error(ND_ERR_VALUE, func, "unknown requirement bits 0x%x", (unsigned)flags),
               NULL;
    if ((flags & ND_REQ_C) && (flags & ND_REQ_F))
        return nd__error(ND_ERR_VALUE, func, "Cannot specify both \"C\" and \"F\" order"), NULL;
    nd_order order = flags & ND_REQ_F ? ND_ORDER_F : ND_ORDER_C;
    nd_array *arr;
    if (t != ND_NUM_DTYPES && t != a->dtype) {
        arr = nd_astype(a, t); /* a fresh C-order array */
        if (arr && order == ND_ORDER_F && !nd_is_f_contiguous(arr)) {
            nd_array *c = nd_copy_order(arr, ND_ORDER_F);
            nd_release(arr);
            arr = c;
        }
        return arr;
    }
    arr = nd_retain((nd_array *)a);
    bool ok = (!(flags & ND_REQ_C) || nd_is_c_contiguous(arr)) &&
              (!(flags & ND_REQ_F) || nd_is_f_contiguous(arr)) &&
              (!(flags & ND_REQ_ALIGNED) || is_aligned(arr)) &&
              (!(flags & ND_REQ_WRITEABLE) || nd_is_writeable(arr)) &&
              (!(flags & ND_REQ_OWNDATA) || owns_data(arr));
    if (ok) return arr;
    nd_release(arr);
    return nd_copy_order(a, order);
}

nd_array *nd_asfarray(const nd_array *a, nd_dtype t) {
    static const char *func = "nd_asfarray";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (t != ND_NUM_DTYPES && nd__check_dtype(func, t)) return NULL;
    if (t == ND_NUM_DTYPES || !nd__is_inexact(t)) t = ND_FLOAT64;
    return t == a->dtype ? nd_retain((nd_array *)a) : nd_astype(a, t);
}

nd_array *nd_asarray_chkfinite(const nd_array *a, nd_dtype t) {
    static const char *func = "nd_asarray_chkfinite";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (t != ND_NUM_DTYPES && nd__check_dtype(func, t)) return NULL;
    nd_array *arr =
        t == ND_NUM_DTYPES || t == a->dtype ? nd_retain((nd_array *)a) : nd_astype(a, t);
    if (!arr || !nd__is_inexact(arr->dtype)) return arr;
    nd_array *fin = nd_isfinite(arr, NULL);
    int64_t count = fin ? nd_count_nonzero(fin) : -1;
    nd_release(fin);
    if (count != nd_size(arr)) {
        if (count >= 0) nd__error(ND_ERR_VALUE, func, "array must not contain infs or NaNs");
        nd_release(arr);
        return NULL;
    }
    return arr;
}
