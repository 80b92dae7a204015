/* The boolean-mask paths: a[mask] and a[mask] = v for a mask of a's
   shape, np.flatnonzero / nonzero / argwhere / count_nonzero, and
   np.copyto(where=), np.putmask and np.place. Each reads the mask once and moves the selected items
   with the mask kernels (kernels/generic/mask.c); what does not fit
   (broadcast masks, strided destinations, values that need broadcasting)
   is declined and goes the general way (index.c, fancy.c, join.c). */
#include <string.h>

#include "dispatch/dispatch.h"
#include "manip/manip_internal.h"
#include "nd/manip.h"
#include "nd/ufunc.h"

static int log2_size(nd_dtype t) {
    static const signed char l[17] = {[1] = 0, [2] = 1, [4] = 2, [8] = 3, [16] = 4};
    return l[nd__itemsize(t)];
}

/* The truth of a's elements as contiguous bytes (a new reference: a
   itself when it is a C-contiguous bool array). */
static nd_array *truth(const nd_array *a) {
    if (a->dtype == ND_BOOL) return nd_is_c_contiguous(a) ? nd_retain((nd_array *)a) : nd_copy(a);
    nd_array *z = nd_lit_i64(0), *b = z ? nd_not_equal(a, z, NULL) : NULL;
    nd_release(z);
    return b;
}

static const uint8_t *bytes(const nd_array *m) { return (const uint8_t *)m->data; }

int64_t nd__mask_count(const nd_array *t) {
    return nd__kernels()->mask_count(bytes(t), nd__shape_prod(t->ndim, t->shape));
}

nd_array *nd_flatnonzero(const nd_array *a) {
    static const char *func = "nd_flatnonzero";
    if (!a) return nd__null_arg(func, "a"), NULL;
    nd_array *t = truth(a);
    if (!t) return NULL;
    const nd_ktable *k = nd__kernels();
    int64_t n = nd__shape_prod(t->ndim, t->shape), cnt = k->mask_count(bytes(t), n);
    nd_array *r = nd__alloc(func, ND_INT64, 1, &cnt, ND_ORDER_C, false);
    if (r) k->mask_index((int64_t *)(void *)r->data, bytes(t), n, 0, cnt);
    nd_release(t);
    return r;
}

int64_t nd_count_nonzero(const nd_array *a) {
    if (!a) return nd__null_arg("nd_count_nonzero", "a"), -1;
    nd_array *t = truth(a);
    if (!t) return -1;
    int64_t c = nd__mask_count(t);
    nd_release(t);
    return c;
}

/* nonzero of an array of ndim >= 2 whose rows (last axis) are long
   enough to give each its own kernel call: the row's multi-index is
   counted up, not divided out of every flat index. */
static nd_status nonzero_rows(const char *func, const nd_array *a, const nd_array *t,
                              nd_array **out) {
    const nd_ktable *k = nd__kernels();
    int nd = a->ndim;
    int64_t n = nd__shape_prod(nd, a->shape), len = a->shape[nd - 1];
    int64_t cnt = k->mask_count(bytes(t), n), pos[ND_MAX_DIMS] = {0};
    for (int d = 0; d < nd; d++) {
        out[d] = nd__alloc(func, ND_INT64, 1, &cnt, ND_ORDER_C, false);
        if (!out[d]) {
            for (int j = 0; j < d; j++) nd_release(out[j]), out[j] = NULL;
            return nd_last_error();
        }
    }
    int64_t *last = (int64_t *)(void *)out[nd - 1]->data, got = 0;
    for (int64_t r = 0; len && got < cnt && r < n / len; r++) {
        int64_t c = k->mask_index(last + got, bytes(t) + r * len, len, 0, cnt - got);
        for (int d = 0; d < nd - 1 && c; d++) {
            int64_t *o = (int64_t *)(void *)out[d]->data + got;
            for (int64_t j = 0; j < c; j++) o[j] = pos[d];
        }
        got += c;
        for (int d = nd - 2; d >= 0 && ++pos[d] == a->shape[d]; d--) pos[d] = 0;
    }
    return ND_OK;
}

int nd_nonzero(const nd_array *a, nd_array **out) {
    static const char *func = "nd_nonzero";
    if (!a) return nd__null_arg(func, "a");
    if (!out) return nd__null_arg(func, "out");
    if (a->ndim >= 2 && a->shape[a->ndim - 1] >= 16) {
        nd_array *t = truth(a);
        if (!t) return nd_last_error();
        nd_status s = nonzero_rows(func, a, t, out);
        nd_release(t);
        return s;
    }
    nd_array *flat = nd_flatnonzero(a);
    if (!flat) return nd_last_error();
    if (a->ndim <= 1) { /* the flat indices are the answer (0-d: as a 1-element array) */
        out[0] = flat;
        return ND_OK;
    }
    int nd = a->ndim;
    int64_t cnt = flat->shape[0], len = a->shape[nd - 1];
    const int64_t *f = (const int64_t *)(const void *)flat->data;
    for (int d = 0; d < nd; d++) out[d] = NULL;
    for (int d = 0; d < nd; d++) {
        out[d] = nd__alloc(func, ND_INT64, 1, &cnt, ND_ORDER_C, false);
        if (!out[d]) {
            for (int j = 0; j < d; j++) nd_release(out[j]), out[j] = NULL;
            nd_release(flat);
            return nd_last_error();
        }
    }
    /* the flat indices ascend: walk the rows to each one, no division */
    int64_t pos[ND_MAX_DIMS] = {0}, base = 0;
    for (int64_t k = 0; k < cnt; k++) {
        while (f[k] - base >= len) {
            base += len;
            for (int d = nd - 2; d >= 0 && ++pos[d] == a->shape[d]; d--) pos[d] = 0;
        }
        for (int d = 0; d < nd - 1; d++) ((int64_t *)(void *)out[d]->data)[k] = pos[d];
        ((int64_t *)(void *)out[nd - 1]->data)[k] = f[k] - base;
    }
    nd_release(flat);
    return ND_OK;
}

nd_array *nd_argwhere(const nd_array *a) {
    static const char *func = "nd_argwhere";
    if (!a) return nd__null_arg(func, "a"), NULL;
    nd_array *idx[ND_MAX_DIMS];
    if (a->ndim == 0) { /* (count, 0) */
        int64_t shape[2] = {nd_count_nonzero(a), 0};
        return shape[0] < 0 ? NULL : nd__alloc(func, ND_INT64, 2, shape, ND_ORDER_C, false);
    }
    if (nd_nonzero(a, idx)) return NULL;
    int nd = a->ndim;
    int64_t shape[2] = {idx[0]->shape[0], nd};
    nd_array *r = nd__alloc(func, ND_INT64, 2, shape, ND_ORDER_C, false);
    for (int d = 0; d < nd; d++) {
        const int64_t *s = (const int64_t *)(const void *)idx[d]->data;
        int64_t *o = r ? (int64_t *)(void *)r->data + d : NULL;
        for (int64_t k = 0; o && k < shape[0]; k++) o[k * nd] = s[k];
        nd_release(idx[d]);
    }
    return r;
}

int nd_where1(const nd_array *cond, nd_array **out) { return nd_nonzero(cond, out); }

static bool same_shape(const nd_array *a, const nd_array *b) {
    return a->ndim == b->ndim && !memcmp(a->shape, b->shape, sizeof(int64_t) * (size_t)a->ndim);
}

/* a[mask] for a bool mask of a's shape (ndim >= 1) into *r; returns ND__DECLINED,
   with nothing done, when declined. */
int nd__mask_get(const char *func, const nd_array *a, const nd_array *mask, nd_array **r) {
    if (mask->dtype != ND_BOOL || a->ndim == 0 || !same_shape(a, mask)) return ND__DECLINED;
    nd_array *t = truth(mask);
    nd_array *src = !t ? NULL : nd_is_c_contiguous(a) ? nd_retain((nd_array *)a) : nd_copy(a);
    *r = NULL;
    if (src) {
        int64_t n = nd__shape_prod(a->ndim, a->shape), cnt = nd__mask_count(t);
        *r = nd__alloc(func, a->dtype, 1, &cnt, ND_ORDER_C, false);
        if (*r)
            nd__kernels()->compress[log2_size(a->dtype)]((*r)->data, src->data, bytes(t), n, cnt);
    }
    nd_release(t), nd_release(src);
    return *r ? ND_OK : nd_last_error();
}

/* a[mask] = values for a C-contiguous a, a bool mask of its shape, and
   values of one element or one per true entry (0-d or 1-D). Returns ND__DECLINED,
   with nothing done, when declined. */
/* a's n items where m is true get v's items: one value broadcast (nv 1),
   or the next of v's cnt values in order */
static void store_masked(nd_array *a, const nd_array *v, const uint8_t *m, int64_t n, int64_t nv,
                         int64_t cnt) {
    const nd_ktable *k = nd__kernels();
    int l = log2_size(a->dtype);
    if (nv == 1)
        k->mask_copy[l](a->data, v->data, 0, m, n);
    else
        k->expand[l](a->data, v->data, m, n, cnt);
}

int nd__mask_set(const char *func, nd_array *a, const nd_array *mask, const nd_array *values) {
    if (mask->dtype != ND_BOOL || a->ndim == 0 || !same_shape(a, mask) || !nd_is_c_contiguous(a) ||
        values->ndim > 1)
        return ND__DECLINED;
    int64_t n = nd__shape_prod(a->ndim, a->shape), nv = nd__shape_prod(values->ndim, values->shape);
    nd_array *t = truth(mask);
    if (!t) return nd_last_error();
    int64_t cnt = nd__mask_count(t);
    if (nv != 1 && nv != cnt) {
        nd_release(t);
        return ND__DECLINED;
    }
    nd_array *v =
        values->dtype == a->dtype && nd_is_c_contiguous(values) && !nd_may_share_memory(a, values)
            ? nd_retain((nd_array *)values)
        : values->dtype == a->dtype ? nd_copy(values)
                                    : nd_astype(values, a->dtype);
    if (!v) {
        nd_release(t);
        return nd_last_error();
    }
    store_masked(a, v, bytes(t), n, nv, cnt);
    nd_release(t), nd_release(v);
    (void)func;
    return ND_OK;
}

/* np.copyto(dst, src, where=mask) for a C-contiguous dst, a bool mask of
   its shape and src of its shape or of one element: one pass reading each
   operand once. Returns ND__DECLINED when declined. */
int nd__copyto_where(nd_array *dst, const nd_array *src, const nd_array *where) {
    if (where->dtype != ND_BOOL || !same_shape(dst, where) || !nd_is_c_contiguous(dst))
        return ND__DECLINED;
    int64_t n = nd__shape_prod(dst->ndim, dst->shape), ns = nd__shape_prod(src->ndim, src->shape);
    bool one = ns == 1 && src->ndim <= dst->ndim;
    if (!one && !same_shape(dst, src)) return ND__DECLINED;
    nd_array *t = truth(where);
    if (!t) return nd_last_error();
    nd_array *v =
        src->dtype == dst->dtype && nd_is_c_contiguous(src) && !nd_may_share_memory(dst, src)
            ? nd_retain((nd_array *)src)
        : src->dtype == dst->dtype ? nd_copy(src)
                                   : nd_astype(src, dst->dtype);
    if (!v) {
        nd_release(t);
        return nd_last_error();
    }
    nd__kernels()->mask_copy[log2_size(dst->dtype)](
        dst->data, v->data, one ? 0 : (int64_t)nd__itemsize(dst->dtype), bytes(t), n);
    nd_release(t), nd_release(v);
    return ND_OK;
}

/* values as a C-contiguous array of a's dtype that a write to a cannot
   change (a new reference) */
static nd_array *values_for(const nd_array *a, const nd_array *values) {
    if (values->dtype == a->dtype && nd_is_c_contiguous(values) && !nd_may_share_memory(a, values))
        return nd_retain((nd_array *)values);
    return nd_astype(values, a->dtype);
}

static bool flat_mask_fits(const nd_array *a, const nd_array *mask) {
    return mask->dtype == ND_BOOL && nd_is_c_contiguous(mask) && nd_is_c_contiguous(a) &&
           nd_size(mask) == nd_size(a) && !nd_may_share_memory(a, mask);
}

/* np.putmask: a[k] = values[k % nv] where mask[k]; here nv is 1 or a's
   size, one masked-copy pass (the general loop in choose.c copied a,
   branched per element and divided for k % nv: 0.71x NumPy at 1e5). */
int nd__putmask_flat(const char *func, nd_array *a, const nd_array *mask, const nd_array *values) {
    int64_t n = nd_size(a), nv = nd_size(values);
    if (!flat_mask_fits(a, mask) || (nv != 1 && nv != n)) return ND__DECLINED;
    nd_array *v = values_for(a, values);
    if (!v) return nd_last_error();
    nd__kernels()->mask_copy[log2_size(a->dtype)](
        a->data, v->data, nv == 1 ? 0 : (int64_t)nd__itemsize(a->dtype), bytes(mask), n);
    nd_release(v);
    (void)func;
    return ND_OK;
}

/* np.place: the true entries of mask take values in order, cycling; one
   expand pass (cycling values are first laid out to the true count). */
int nd__place_flat(const char *func, nd_array *a, const nd_array *mask, const nd_array *values) {
    int64_t n = nd_size(a), nv = nd_size(values);
    if (!flat_mask_fits(a, mask) || nv == 0) return ND__DECLINED;
    int64_t cnt = nd__mask_count(mask);
    if (!cnt) return ND_OK;
    nd_array *v = values_for(a, values);
    if (v && nv > 1 && nv < cnt) { /* repeat v up to cnt items: doubling copies */
        nd_array *rep = nd__alloc(func, a->dtype, 1, &cnt, ND_ORDER_C, false);
        size_t w = nd__itemsize(a->dtype), have = (size_t)nv * w, want = (size_t)cnt * w;
        if (rep) {
            memcpy(rep->data, v->data, have);
            for (; have < want; have *= 2)
                memcpy(rep->data + have, rep->data, have < want - have ? have : want - have);
        }
        nd_release(v), v = rep;
    }
    if (!v) return nd_last_error();
    store_masked(a, v, bytes(mask), n, nv, cnt);
    nd_release(v);
    return ND_OK;
}
