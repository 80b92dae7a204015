/* NumPy's index helpers (nd/helpers.h): triangle, diagonal and mask
   indices, fill_diagonal, ix_, ravel_multi_index and unravel_index. */
#include <string.h>

#include "core/internal.h"
#include "nd/helpers.h"
#include "nd/manip.h"
#include "nd/view.h"

/* sum over i in [0, n) of min(max(i + a, 0), m), exactly (n, m >= 0). */
static __int128 sum_clamp(int64_t n, __int128 a, int64_t m) {
    __int128 total = 0;
    /* rows with 0 < i + a < m contribute i + a; rows with i + a >= m give m */
    __int128 lo = a > 0 ? 0 : 1 - a; /* first i with i + a >= 1 */
    __int128 hi = (__int128)m - a;   /* first i with i + a >= m */
    if (lo > n) lo = n;
    if (hi < lo) hi = lo;
    if (hi > n) hi = n;
    /* i in [lo, hi): values lo + a .. hi - 1 + a */
    total += (hi - lo) * (lo + a + hi - 1 + a) / 2;
    total += ((__int128)n - hi) * m;
    return total;
}

/* The (row, column) pairs of the lower (upper) triangle of an (n, m) array
   at diagonal k, in C order: np.nonzero of np.tri (its complement). */
static int tri_indices(const char *func, int64_t n, int64_t k, int64_t m, bool upper,
                       nd_array **out) {
    if (!out) return nd__null_arg(func, "out");
    if (m < 0) m = n;
    if (n < 0) n = 0, m = m < 0 ? 0 : m;
    /* k beyond the array's extent changes nothing */
    if (k > m) k = m;
    if (k < -n - 1) k = -n - 1;
    __int128 lower = sum_clamp(n, (__int128)k + 1, m); /* tril: j <= i + k */
    __int128 count = upper ? (__int128)n * m - sum_clamp(n, k, m) : lower;
    if (count > INT64_MAX / 16)
        return nd__error(ND_ERR_OVERFLOW, func, "the index arrays' size overflows");
    int64_t c = (int64_t)count;
    nd_array *r = nd__alloc(func, ND_INT64, 1, &c, ND_ORDER_C, false);
    nd_array *s = r ? nd__alloc(func, ND_INT64, 1, &c, ND_ORDER_C, false) : NULL;
    if (!s) {
        nd_release(r);
        return nd_last_error();
    }
    int64_t *ri = (int64_t *)r->data, *ci = (int64_t *)s->data, w = 0;
    for (int64_t i = 0; i < n && w < c; i++) {
        int64_t j0 = upper ? i + k : 0, j1 = upper ? m : i + k + 1; /* k is clamped: no overflow */
        if (j0 < 0) j0 = 0;
        if (j1 > m) j1 = m;
        for (int64_t j = j0; j < j1; j++) ri[w] = i, ci[w++] = j;
    }
    out[0] = r, out[1] = s;
    return ND_OK;
}

int nd_tril_indices(int64_t n, int64_t k, int64_t m, nd_array **out) {
    return tri_indices("nd_tril_indices", n, k, m, false, out);
}

int nd_triu_indices(int64_t n, int64_t k, int64_t m, nd_array **out) {
    return tri_indices("nd_triu_indices", n, k, m, true, out);
}

static int tri_indices_from(const char *func, const nd_array *a, int64_t k, bool upper,
                            nd_array **out) {
    if (!a) return nd__null_arg(func, "a");
    if (a->ndim != 2) return nd__error(ND_ERR_VALUE, func, "input array must be 2-d");
    return tri_indices(func, a->shape[0], k, a->shape[1], upper, out);
}

int nd_tril_indices_from(const nd_array *a, int64_t k, nd_array **out) {
    return tri_indices_from("nd_tril_indices_from", a, k, false, out);
}

int nd_triu_indices_from(const nd_array *a, int64_t k, nd_array **out) {
    return tri_indices_from("nd_triu_indices_from", a, k, true, out);
}

/* NumPy returns one arange(n) ndim times: so does nd (ndim references). */
static int diag_indices(const char *func, int64_t n, int ndim, nd_array **out) {
    if (!out) return nd__null_arg(func, "out");
    if (ndim < 1 || ndim > ND_MAX_DIMS)
        return nd__error(ND_ERR_VALUE, func, "bad number of dimensions %d", ndim);
    if (n < 0) n = 0; /* np.arange(-1) is empty */
    nd_array *r = nd__alloc(func, ND_INT64, 1, &n, ND_ORDER_C, false);
    if (!r) return nd_last_error();
    for (int64_t i = 0; i < n; i++) ((int64_t *)r->data)[i] = i;
    for (int d = 0; d < ndim; d++) out[d] = d ? nd_retain(r) : r;
    return ND_OK;
}

int nd_diag_indices(int64_t n, int ndim, nd_array **out) {
    return diag_indices("nd_diag_indices", n, ndim, out);
}

int nd_diag_indices_from(const nd_array *a, nd_array **out) {
    static const char *func = "nd_diag_indices_from";
    if (!a) return nd__null_arg(func, "a");
    if (a->ndim < 2) return nd__error(ND_ERR_VALUE, func, "input array must be at least 2-d");
    for (int d = 1; d < a->ndim; d++)
        if (a->shape[d] != a->shape[0])
            return nd__error(ND_ERR_VALUE, func, "All dimensions of input must be of equal length");
    return diag_indices(func, a->shape[0], a->ndim, out);
}

int nd_mask_indices(int64_t n, nd_mask_fn fn, int64_t k, void *ctx, nd_array **out) {
    static const char *func = "nd_mask_indices";
    if (!fn) return nd__null_arg(func, "fn");
    if (!out) return nd__null_arg(func, "out");
    if (n < 0) return nd__bad_count(func, "n", (long long)n);
    nd_array *ones = nd_ones(ND_INT64, 2, (int64_t[]){n, n});
    if (!ones) return nd_last_error();
    nd_status before = nd_last_error();
    nd_array *m = fn(ones, k, ctx);
    nd_release(ones);
    if (!m) {
        if (nd_last_error() == before)
            return nd__error(ND_ERR_VALUE, func,
                             "the mask function returned NULL without an error");
        return nd_last_error();
    }
    int st = ND_OK;
    if (m->ndim != 2 || m->shape[0] != n || m->shape[1] != n)
        st = nd__error(ND_ERR_SHAPE, func, "the mask function must return an (n, n) array");
    else
        st = nd_nonzero(m, out);
    nd_release(m);
    return st;
}

/* The byte offset of C-order flat index f in a. */
static int64_t flat_offset(const nd_array *a, int64_t f) {
    int64_t off = 0;
    for (int d = a->ndim - 1; d >= 0; d--) {
        off += (f % a->shape[d]) * a->strides[d];
        f /= a->shape[d];
    }
    return off;
}

int nd_fill_diagonal(nd_array *a, const nd_array *val, bool wrap) {
    static const char *func = "nd_fill_diagonal";
    if (!a) return nd__null_arg(func, "a");
    if (!val) return nd__null_arg(func, "val");
    if (a->ndim < 2) return nd__error(ND_ERR_VALUE, func, "array must be at least 2-d");
    if (nd__check_writeable(func, a)) return nd_last_error();
    int64_t size = nd__shape_prod(a->ndim, a->shape), end = size, step;
    if (a->ndim == 2) {
        step = a->shape[1] + 1;
        /* NumPy's end = ncols * ncols without wrap (the square part) */
        if (!wrap && a->shape[1] < 3037000499LL && a->shape[1] * a->shape[1] < end)
            end = a->shape[1] * a->shape[1];
    } else {
        for (int d = 1; d < a->ndim; d++)
            if (a->shape[d] != a->shape[0])
                return nd__error(ND_ERR_VALUE, func,
                                 "All dimensions of input must be of equal length");
        step = 1; /* 1 + sum of cumprod(shape[:-1]): size fits, so this does */
        int64_t p = 1;
        for (int d = 0; d < a->ndim - 1; d++) p *= a->shape[0], step += p;
    }
    int64_t nval = nd_size(val);
    if (size == 0 || nval == 0) return ND_OK;
    nd_array *v = nd_astype(val, a->dtype); /* unsafe, as a.flat[...] = val */
    if (!v) return nd_last_error();
    size_t isz = nd__itemsize(a->dtype);
    int64_t j = 0;
    for (int64_t f = 0; f < end; f += step, j = j + 1 == nval ? 0 : j + 1) {
        memcpy(a->data + flat_offset(a, f), v->data + j * (int64_t)isz, isz);
        if (f > INT64_MAX - step) break;
    }
    nd_release(v);
    return ND_OK;
}

int nd_ix_(int n, nd_array_list seqs_list, nd_array **out) {
    const nd_array *const *seqs = ND_LIST_PTR(seqs_list);
    static const char *func = "nd_ix_";
    if (n < 0 || n > ND_MAX_DIMS)
        return nd__error(ND_ERR_VALUE, func, "bad number of sequences %d", n);
    if (n && !seqs) return nd__null_arg(func, "seqs");
    if (n && !out) return nd__null_arg(func, "out");
    for (int k = 0; k < n; k++) {
        if (!seqs[k]) return nd__null_item(func, "seqs", k);
        if (seqs[k]->ndim != 1)
            return nd__error(ND_ERR_VALUE, func, "Cross index must be 1 dimensional");
    }
    for (int k = 0; k < n; k++) {
        const nd_array *s = seqs[k];
        nd_array *nz = NULL;
        if (s->dtype == ND_BOOL) {
            if (nd_nonzero(s, &nz)) goto fail;
            s = nz;
        }
        int64_t shape[ND_MAX_DIMS];
        for (int d = 0; d < n; d++) shape[d] = d == k ? s->shape[0] : 1;
        out[k] = nd_reshape(s, n, shape);
        nd_release(nz);
        if (!out[k]) goto fail;
        continue;
    fail:
        for (int d = 0; d < k; d++) nd_release(out[d]), out[d] = NULL;
        return nd_last_error();
    }
    return ND_OK;
}

/* a as a C-contiguous int64 array (bool and integers; others: TypeError),
   a itself when it is one (no copy). */
static nd_array *as_index(const char *func, const nd_array *a) {
    if (!nd__is_int(a->dtype) && a->dtype != ND_BOOL)
        return nd__error(ND_ERR_DTYPE, func, "only int indices permitted"), NULL;
    if (a->dtype == ND_INT64 && nd_is_c_contiguous(a)) return nd_retain((nd_array *)a);
    return nd_astype(a, ND_INT64);
}

/* Whether a's elements in C order lie an equal number of int64s apart
   (*step, maybe 0 or negative), as a 1-D array's always do. */
static bool even_steps(const nd_array *a, int64_t *step) {
    int64_t s = 8, expect = 0;
    bool any = false;
    for (int d = a->ndim - 1; d >= 0; d--) {
        if (a->shape[d] == 1) continue;
        if (any && a->strides[d] != expect) return false;
        if (!any) s = a->strides[d], any = true;
        expect = a->strides[d] * a->shape[d];
    }
    if (s % 8 || (uintptr_t)a->data % 8) return false;
    *step = s / 8;
    return true;
}

/* Division of f in [0, 2^63) by a fixed d >= 1 as a multiply and shifts
   (Granlund and Montgomery's round-up method with a 63-bit dividend: for
   2^(l-1) < d <= 2^l, m = ceil(2^(63+l) / d) < 2^64 and f / d =
   (f m / 2^64) >> (l - 1)). unravel_index divided by each extent with a
   64-bit idiv, ~40 cycles: 0.49x NumPy at 1e5 with three extents. */
typedef struct {
    uint64_t m;
    int shift; /* -1: d == 1 */
} udiv63;

static udiv63 udiv63_make(uint64_t d) {
    if (d == 1) return (udiv63){0, -1};
    int l = 64 - __builtin_clzll(d - 1); /* ceil(log2 d), >= 1 */
    unsigned __int128 p = (unsigned __int128)1 << (63 + l);
    uint64_t m = (uint64_t)(p / d) + (p % d != 0);
    return (udiv63){m, l - 1};
}

static inline uint64_t udiv63_div(uint64_t f, udiv63 v) {
    if (v.shift < 0) return f;
    return (uint64_t)(((unsigned __int128)f * v.m) >> 64) >> v.shift;
}

/* The extents' product, or -1 (error set) when it overflows. */
static int64_t dims_size(const char *func, int ndim, const int64_t *dims) {
    int64_t s = 1;
    for (int d = 0; d < ndim; d++) {
        if (dims[d] < 0)
            return nd__error(ND_ERR_VALUE, func, "dimensions must be non-negative"), -1;
        if (nd__mul_ovf(s, dims[d], &s))
            return nd__error(ND_ERR_VALUE, func,
                             "invalid dims: array size defined by dims is larger than the "
                             "maximum possible size."),
                   -1;
    }
    return s;
}

/* np.ravel_multi_index with one mode per axis (modes: ndim checked modes). */
static nd_array *ravel_multi(const char *func, int ndim, const nd_array *const *multi_index,
                             const int64_t *dims, const nd_index_mode *modes, nd_order order) {
    if (order != ND_ORDER_C && order != ND_ORDER_F)
        return nd__error(ND_ERR_VALUE, func, "only 'C' or 'F' order is permitted"), NULL;
    for (int d = 0; d < ndim; d++) {
        if (!multi_index[d]) return nd__null_item(func, "multi_index", d), NULL;
        if (!nd__is_int(multi_index[d]->dtype) && multi_index[d]->dtype != ND_BOOL)
            return nd__error(ND_ERR_DTYPE, func, "only int indices permitted"), NULL;
    }
    int64_t size = dims_size(func, ndim, dims);
    if (size < 0) return NULL;
    if (size == 0)
        return nd__error(ND_ERR_VALUE, func,
                         "cannot unravel if shape has zero entries (is empty)."),
               NULL;
    nd_array *views[ND_MAX_DIMS] = {0}, *idx[ND_MAX_DIMS] = {0}, *r = NULL;
    if (nd_broadcast_arrays(ndim, multi_index, views)) return NULL;
    int got = 0;
    int64_t step[ND_MAX_DIMS]; /* each index's element step, in int64s */
    for (; got < ndim; got++) {
        step[got] = 1;
        if (views[got]->dtype == ND_INT64 && even_steps(views[got], &step[got]))
            idx[got] = nd_retain(views[got]); /* read in place: np.unravel_index's columns */
        else if (!(idx[got] = as_index(func, views[got])))
            break;
    }
    if (got == ndim)
        r = nd__alloc(func, ND_INT64, views[0]->ndim, views[0]->shape, ND_ORDER_C, false);
    if (r) {
        int64_t n = nd_size(r), *o = (int64_t *)r->data, stride[ND_MAX_DIMS], s = 1;
        for (int k = 0; k < ndim; k++) {
            int d = order == ND_ORDER_C ? ndim - 1 - k : k;
            stride[d] = s, s *= dims[d]; /* fits: dims_size checked */
        }
        /* one axis at a time over blocks of 512 elements (an axis's pass
           finds the block's rows of interleaved indices still in cache),
           in unsigned arithmetic (a bad entry's product may wrap; it is
           taken back out below): a branch-free loop, where every element
           going through every axis's checks in turn ran at 0.60x NumPy */
        uint64_t *u = (uint64_t *)o, bad[ND_MAX_DIMS] = {0};
        for (int64_t b0 = 0; b0 < n; b0 += 512) {
            int64_t b1 = n - b0 < 512 ? n : b0 + 512;
            for (int d = 0; d < ndim; d++) {
                const int64_t *x = (const int64_t *)idx[d]->data;
                int64_t xs = step[d];
                uint64_t m = (uint64_t)dims[d], st = (uint64_t)stride[d], bd = 0;
                if (xs == 1)
                    for (int64_t i = b0; i < b1; i++) {
                        uint64_t v = (uint64_t)x[i];
                        bd |= v >= m;
                        u[i] = (d ? u[i] : 0) + v * st;
                    }
                else
                    for (int64_t i = b0; i < b1; i++) {
                        uint64_t v = (uint64_t)x[i * xs];
                        bd |= v >= m;
                        u[i] = (d ? u[i] : 0) + v * st;
                    }
                bad[d] |= bd;
            }
        }
        for (int d = 0; d < ndim && r; d++) {
            if (!bad[d]) continue;
            if (modes[d] == ND_INDEX_RAISE) {
                nd__error(ND_ERR_VALUE, func, "invalid entry in coordinates array");
                nd_release(r), r = NULL;
                break;
            }
            const int64_t *x = (const int64_t *)idx[d]->data;
            int64_t xs = step[d], w = dims[d];
            uint64_t st = (uint64_t)stride[d];
            for (int64_t i = 0; i < n; i++) {
                int64_t v = x[i * xs];
                if (v >= 0 && v < w) continue;
                int64_t fix = modes[d] == ND_INDEX_WRAP ? ((v % w) + w) % w : (v < 0 ? 0 : w - 1);
                u[i] += ((uint64_t)fix - (uint64_t)v) * st;
            }
        }
    }
    for (int d = 0; d < ndim; d++) nd_release(views[d]), nd_release(idx[d]);
    return r;
}

/* The checks both entry points share, before ravel_multi. */
static nd_status ravel_args(const char *func, int ndim, const nd_array *const *multi_index,
                            const int64_t *dims) {
    if (ndim < 1 || ndim > ND_MAX_DIMS)
        return nd__error(ND_ERR_VALUE, func, "bad number of dimensions %d", ndim);
    if (!multi_index) return nd__null_arg(func, "multi_index");
    if (!dims) return nd__null_arg(func, "dims");
    return ND_OK;
}

static nd_status bad_mode(const char *func, nd_index_mode mode) {
    if ((unsigned)mode <= ND_INDEX_CLIP) return ND_OK;
    return nd__error(ND_ERR_VALUE, func, "clipmode must be one of 'clip', 'raise', or 'wrap'");
}

nd_array *nd_ravel_multi_index(int ndim, nd_array_list multi_index_list, const int64_t *dims,
                               nd_index_mode mode, nd_order order) {
    const nd_array *const *multi_index = ND_LIST_PTR(multi_index_list);
    static const char *func = "nd_ravel_multi_index";
    if (ravel_args(func, ndim, multi_index, dims) || bad_mode(func, mode)) return NULL;
    nd_index_mode modes[ND_MAX_DIMS];
    for (int d = 0; d < ndim; d++) modes[d] = mode;
    return ravel_multi(func, ndim, multi_index, dims, modes, order);
}

nd_array *nd_ravel_multi_index_modes(int ndim, nd_array_list multi_index_list, const int64_t *dims,
                                     const nd_index_mode *modes, nd_order order) {
    const nd_array *const *multi_index = ND_LIST_PTR(multi_index_list);
    static const char *func = "nd_ravel_multi_index_modes";
    if (ravel_args(func, ndim, multi_index, dims)) return NULL;
    if (!modes) return nd__null_arg(func, "modes"), NULL;
    for (int d = 0; d < ndim; d++)
        if (bad_mode(func, modes[d])) return NULL;
    return ravel_multi(func, ndim, multi_index, dims, modes, order);
}

int nd_unravel_index(const nd_array *indices, int ndim, const int64_t *dims, nd_order order,
                     nd_array **out) {
    static const char *func = "nd_unravel_index";
    if (!indices) return nd__null_arg(func, "indices");
    if (ndim < 0 || ndim > ND_MAX_DIMS)
        return nd__error(ND_ERR_VALUE, func, "bad number of dimensions %d", ndim);
    if (ndim && !dims) return nd__null_arg(func, "dims");
    if (ndim && !out) return nd__null_arg(func, "out");
    if (order != ND_ORDER_C && order != ND_ORDER_F)
        return nd__error(ND_ERR_VALUE, func, "only 'C' or 'F' order is permitted");
    int64_t size = dims_size(func, ndim, dims);
    if (size < 0) return nd_last_error();
    nd_array *idx = as_index(func, indices);
    if (!idx) return nd_last_error();
    int64_t n = nd_size(idx);
    const int64_t *v = (const int64_t *)idx->data;
    for (int64_t i = 0; i < n; i++)
        if (v[i] < 0 || v[i] >= size) {
            nd__error(ND_ERR_VALUE, func, "index %lld is out of bounds for array with size %lld",
                      (long long)v[i], (long long)size);
            nd_release(idx);
            return ND_ERR_VALUE;
        }
    nd_array *res[ND_MAX_DIMS] = {0};
    for (int d = 0; d < ndim; d++)
        if (!(res[d] = nd__alloc(func, ND_INT64, idx->ndim, idx->shape, ND_ORDER_C, false))) {
            for (int e = 0; e < d; e++) nd_release(res[e]);
            nd_release(idx);
            return nd_last_error();
        }
    /* size > f >= 0 here: every extent is at least 1 */
    udiv63 by[ND_MAX_DIMS];
    int64_t *o[ND_MAX_DIMS];
    for (int k = 0; k < ndim; k++) {
        int d = order == ND_ORDER_C ? ndim - 1 - k : k;
        by[k] = udiv63_make((uint64_t)dims[d]), o[k] = (int64_t *)res[d]->data;
    }
    for (int64_t i = 0; i < n; i++) {
        uint64_t f = (uint64_t)v[i];
        for (int k = 0; k < ndim; k++) {
            int d = order == ND_ORDER_C ? ndim - 1 - k : k;
            uint64_t q = udiv63_div(f, by[k]);
            o[k][i] = (int64_t)(f - q * (uint64_t)dims[d]);
            f = q;
        }
    }
    nd_release(idx);
    for (int d = 0; d < ndim; d++) out[d] = res[d];
    return ND_OK;
}
