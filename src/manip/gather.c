/* Integer-array indexing along the first axis, a[idx], a[idx] = v,
   np.take(axis=None or 0) and np.put, as one loop over the indices that
   moves whole rows (the trailing axes of a C-contiguous array) with typed
   loads: no table of byte offsets, no call per element. What does not fit
   (strided destinations, values that need broadcasting) is declined and
   goes the general way (fancy.c, index.c). */
#include <string.h>

#include "dispatch/dispatch.h"
#include "manip/manip_internal.h"
#include "nd/manip.h"

typedef struct {
    uint64_t lo, hi;
} item16;

static nd_status out_of_bounds(const char *func, int64_t i, int64_t len) {
    return nd__error(ND_ERR_INDEX, func, "index %lld is out of bounds for axis 0 with size %lld",
                     (long long)i, (long long)len);
}

/* idx as C-contiguous int64 (a new reference), or NULL with the error */
static nd_array *int64_index(const char *func, const nd_array *idx) {
    if (!nd__is_int(idx->dtype))
        return nd__error(ND_ERR_INDEX, func,
                         "arrays used as indices must be of integer (or boolean) type"),
               NULL;
    if (idx->dtype == ND_INT64 && nd_is_c_contiguous(idx)) return nd_retain((nd_array *)idx);
    return nd_astype(idx, ND_INT64);
}

/* Moves n rows of w bytes: dst row j <- src row at[j] (gather) or dst row
   at[j] <- src row j (scatter; values of one row, or cycling). Indices are
   checked first, all at once (the index_check kernel, a vector compare per
   4 or 8 indices), so nothing is written when one is out of bounds; the
   moves then wrap negative indices only when there is one (a[idx] at 1e3
   ran at 0.55x NumPy with a compare and branch per index in the move). */
static int64_t check_at(const int64_t *at, int64_t n, int64_t len, bool *neg) {
    *neg = false;
    return nd__kernels()->index_check(at, n, len, neg);
}

static nd_status check_all(const char *func, const int64_t *at, int64_t n, int64_t len,
                           bool *neg) {
    int64_t bad = check_at(at, n, len, neg);
    return bad >= 0 ? out_of_bounds(func, at[bad], len) : ND_OK;
}

#define FIX(i) ((i) < 0 ? (i) + len : (i))
#define AS_IS(i) (i)
#define GATHER(IX)                                                                                 \
    for (int64_t j = 0; j < n; j++) d[j] = s[IX(at[j])];
#define SCATTER(IX)                                                                                \
    if (nv == 1)                                                                                   \
        for (int64_t j = 0; j < n; j++) d[IX(at[j])] = s[0];                                       \
    else if (nv == n)                                                                              \
        for (int64_t j = 0; j < n; j++) d[IX(at[j])] = s[j];                                       \
    else                                                                                           \
        for (int64_t j = 0, k = 0; j < n; j++, k = k + 1 == nv ? 0 : k + 1) d[IX(at[j])] = s[k];
/* indices already checked; neg: some are negative */
#define MOVE_LOOPS(T)                                                                              \
    static void gather_##T(char *dst, const char *src, const int64_t *at, int64_t n, int64_t len,  \
                           bool neg) {                                                             \
        T *d = (T *)(void *)dst;                                                                   \
        const T *s = (const T *)(const void *)src;                                                 \
        if (neg) {                                                                                 \
            GATHER(FIX)                                                                            \
        } else {                                                                                   \
            GATHER(AS_IS)                                                                          \
        }                                                                                          \
    }                                                                                              \
    static void scatter_##T(char *dst, const char *src, const int64_t *at, int64_t n, int64_t len, \
                            int64_t nv, bool neg) {                                                \
        T *d = (T *)(void *)dst;                                                                   \
        const T *s = (const T *)(const void *)src;                                                 \
        if (neg) {                                                                                 \
            SCATTER(FIX)                                                                           \
        } else {                                                                                   \
            SCATTER(AS_IS)                                                                         \
        }                                                                                          \
    }
MOVE_LOOPS(uint8_t)
MOVE_LOOPS(uint16_t)
MOVE_LOOPS(uint32_t)
MOVE_LOOPS(uint64_t)
MOVE_LOOPS(item16)

static bool aligned(const void *p, size_t w) { return w <= 16 && (uintptr_t)p % w == 0; }

/* gathers rows after checking every index; returns the first bad one
   (nothing moved) or -1 */
static int64_t gather(char *dst, const char *src, const int64_t *at, int64_t n, int64_t len,
                      size_t w) {
    bool neg;
    int64_t bad = check_at(at, n, len, &neg);
    if (bad >= 0 || !w) return bad;
    if (aligned(dst, w) && aligned(src, w)) switch (w) {
        case 1:
            return gather_uint8_t(dst, src, at, n, len, neg), -1;
        case 2:
            return gather_uint16_t(dst, src, at, n, len, neg), -1;
        case 4:
            return gather_uint32_t(dst, src, at, n, len, neg), -1;
        case 8:
            return gather_uint64_t(dst, src, at, n, len, neg), -1;
        case 16:
            return gather_item16(dst, src, at, n, len, neg), -1;
        }
    for (int64_t j = 0; j < n; j++) memcpy(dst + (size_t)j * w, src + (size_t)FIX(at[j]) * w, w);
    return -1;
}

/* values cycle through nv rows (np.put's rule; nv == n for a[idx] = v) */
static void scatter(char *dst, const char *src, const int64_t *at, int64_t n, int64_t len, size_t w,
                    int64_t nv, bool neg) {
    if (aligned(dst, w) && aligned(src, w)) switch (w) {
        case 1:
            return scatter_uint8_t(dst, src, at, n, len, nv, neg);
        case 2:
            return scatter_uint16_t(dst, src, at, n, len, nv, neg);
        case 4:
            return scatter_uint32_t(dst, src, at, n, len, nv, neg);
        case 8:
            return scatter_uint64_t(dst, src, at, n, len, nv, neg);
        case 16:
            return scatter_item16(dst, src, at, n, len, nv, neg);
        }
    for (int64_t j = 0; j < n; j++)
        memcpy(dst + (size_t)FIX(at[j]) * w, src + (size_t)(j % nv) * w, w);
}

/* a[idx] (or np.take(a, idx, axis=0)) for an integer idx and a of ndim >=
   1; returns ND__DECLINED, with nothing done, when declined. */
int nd__take_rows(const char *func, const nd_array *a, const nd_array *idx, nd_array **r) {
    if (a->ndim == 0 || !nd__is_int(idx->dtype) || idx->ndim + a->ndim - 1 > ND_MAX_DIMS)
        return ND__DECLINED;
    nd_array *ix = int64_index(func, idx);
    nd_array *src = !ix ? NULL : nd_is_c_contiguous(a) ? nd_retain((nd_array *)a) : nd_copy(a);
    *r = NULL;
    if (src) {
        int64_t n = nd__shape_prod(ix->ndim, ix->shape), len = a->shape[0], shape[ND_MAX_DIMS];
        const int64_t *at = (const int64_t *)(const void *)ix->data;
        size_t w = nd__itemsize(a->dtype) * (size_t)nd__shape_prod(a->ndim - 1, a->shape + 1);
        memcpy(shape, ix->shape, sizeof(int64_t) * (size_t)ix->ndim);
        memcpy(shape + ix->ndim, a->shape + 1, sizeof(int64_t) * (size_t)(a->ndim - 1));
        *r = nd__alloc(func, a->dtype, ix->ndim + a->ndim - 1, shape, ND_ORDER_C, false);
        int64_t bad = *r ? gather((*r)->data, src->data, at, n, len, w) : -1;
        if (bad >= 0) {
            out_of_bounds(func, at[bad], len);
            nd_release(*r), *r = NULL;
        }
    }
    nd_release(ix), nd_release(src);
    return *r ? ND_OK : nd_last_error();
}

/* a[idx] = values for a C-contiguous a and an integer idx, values of one
   element or of the indexed shape; or (put, flat indices into a 1-D a)
   values that cycle. Returns ND__DECLINED when declined. */
int nd__put_rows(const char *func, nd_array *a, const nd_array *idx, const nd_array *values,
                 bool cycle) {
    if (a->ndim == 0 || !nd__is_int(idx->dtype) || !nd_is_c_contiguous(a)) return ND__DECLINED;
    int64_t row = nd__shape_prod(a->ndim - 1, a->shape + 1);
    int64_t nv = nd__shape_prod(values->ndim, values->shape),
            n = nd__shape_prod(idx->ndim, idx->shape);
    bool one = nv == 1 && values->ndim <= idx->ndim + a->ndim - 1;
    bool full =
        values->ndim == idx->ndim + a->ndim - 1 &&
        !memcmp(values->shape, idx->shape, sizeof(int64_t) * (size_t)idx->ndim) &&
        !memcmp(values->shape + idx->ndim, a->shape + 1, sizeof(int64_t) * (size_t)(a->ndim - 1));
    if (!one && !full && !(cycle && row == 1 && nv)) return ND__DECLINED;
    if (one && row != 1)
        return ND__DECLINED; /* a row of one value: the general path broadcasts it */
    nd_array *ix = int64_index(func, idx);
    if (!ix) return nd_last_error();
    nd_array *v =
        values->dtype == a->dtype && nd_is_c_contiguous(values) && !nd_may_share_memory(a, values)
            ? nd_retain((nd_array *)values)
        : values->dtype == a->dtype ? nd_copy(values)
                                    : nd_astype(values, a->dtype);
    bool neg = false;
    nd_status s = v ? check_all(func, (const int64_t *)(const void *)ix->data, n, a->shape[0], &neg)
                    : nd_last_error();
    if (!s && row)
        scatter(a->data, v->data, (const int64_t *)(const void *)ix->data, n, a->shape[0],
                nd__itemsize(a->dtype) * (size_t)row,
                one     ? 1
                : cycle ? nv
                        : n,
                neg);
    nd_release(ix), nd_release(v);
    return s;
}
