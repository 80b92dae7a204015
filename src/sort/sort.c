/* np.sort, np.argsort, np.lexsort, np.partition and np.argpartition: the
   lane loop around the kernels (one lane = the elements along the axis,
   copied contiguous). */
#include <string.h>

#include "sort/sort_internal.h"

static void *scratch_for(const char *func, int64_t n) {
    size_t b = nd__sort_scratch(n);
    if (!b) return nd__error(ND_ERR_OVERFLOW, func, "scratch size overflows"), NULL;
    void *p = nd__malloc(b);
    if (!p) nd__nomem(func, b);
    return p;
}

/* Sorts the contiguous lanes of r (n elements each) in place. */
static nd_status sort_lanes(const char *func, nd_array *r, int64_t n, int64_t nl) {
    void *s = scratch_for(func, n);
    if (!s) return nd_last_error();
    const nd_ktable *k = nd__kernels();
    size_t lane = (size_t)n * nd__itemsize(r->dtype);
    for (int64_t i = 0; i < nl; i++) nd__sort_lane(k, r->dtype, r->data + i * lane, n, s);
    nd__free(s);
    return ND_OK;
}

static nd_array *sort_copy(const char *func, const nd_array *a, int axis) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    int ax;
    int64_t n, nl;
    nd_array *r = nd__lanes(func, a, axis, &ax, &n, &nl, true);
    if (!r) return NULL;
    if (sort_lanes(func, r, n, nl)) return nd_release(r), NULL;
    return nd__unlanes(func, r, ax);
}

nd_array *nd_sort(const nd_array *a, int axis) { return sort_copy("nd_sort", a, axis); }
nd_array *nd_sort_stable(const nd_array *a, int axis) {
    return sort_copy("nd_sort_stable", a, axis);
}

int nd_sort_inplace(nd_array *a, int axis) {
    static const char *func = "nd_sort_inplace";
    if (!a) return nd__null_arg(func, "a");
    if (nd__check_writeable(func, a)) return nd_last_error();
    if (axis == ND_AXIS_ALL) return nd__error(ND_ERR_AXIS, func, "axis must be an integer");
    int ax;
    if (nd__normalize_axis(func, axis, a->ndim, &ax)) return nd_last_error();
    if (ax == a->ndim - 1 && nd_is_c_contiguous(a)) { /* lanes already: no copies */
        int64_t n = a->shape[ax];
        return sort_lanes(func, a, n, n ? nd_size(a) / n : 0);
    }
    nd_array *r = sort_copy(func, a, axis);
    if (!r) return nd_last_error();
    nd_status st = nd__copy_into(func, a, r);
    nd_release(r);
    return st;
}

static nd_array *argsort(const char *func, const nd_array *a, int axis) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    int ax;
    int64_t n, nl;
    nd_array *v = nd__lanes(func, a, axis, &ax, &n, &nl, false);
    if (!v) return NULL;
    nd_array *r = nd__alloc(func, ND_INT64, v->ndim, v->shape, ND_ORDER_C, false);
    void *s = r ? scratch_for(func, n) : NULL;
    if (!s) return nd_release(v), nd_release(r), NULL;
    const nd_ktable *k = nd__kernels();
    size_t lane = (size_t)n * nd__itemsize(v->dtype);
    for (int64_t i = 0; i < nl; i++)
        nd__argsort_lane(k, v->dtype, v->data + i * lane, n, (int64_t *)(void *)r->data + i * n, s);
    nd__free(s);
    nd_release(v);
    return nd__unlanes(func, r, ax);
}

nd_array *nd_argsort(const nd_array *a, int axis) { return argsort("nd_argsort", a, axis); }
nd_array *nd_argsort_stable(const nd_array *a, int axis) {
    return argsort("nd_argsort_stable", a, axis);
}

/* ---- lexsort ---- */

/* idx = idx[argsort(key[idx])] for one lane: a stable refinement. */
static void lex_refine(const nd_ktable *k, nd_dtype t, const char *key, int64_t n, int64_t *idx,
                       int64_t *tmp_idx, char *gathered, void *s) {
    size_t w = nd__itemsize(t);
    for (int64_t i = 0; i < n; i++) memcpy(gathered + i * (int64_t)w, key + idx[i] * (int64_t)w, w);
    nd__argsort_lane(k, t, gathered, n, tmp_idx, s);
    for (int64_t i = 0; i < n; i++) tmp_idx[i] = idx[tmp_idx[i]];
    memcpy(idx, tmp_idx, (size_t)n * 8);
}

nd_array *nd_lexsort(int nkeys, nd_array *const *keys, int axis) {
    static const char *func = "nd_lexsort";
    if (nkeys <= 0 || !keys) return nd__error(ND_ERR_VALUE, func, "need sequence of keys with len > 0 in lexsort"), NULL;
    for (int i = 0; i < nkeys; i++) {
        if (!keys[i]) return nd__null_arg(func, "keys[i]"), NULL;
        if (keys[i]->ndim != keys[0]->ndim ||
            memcmp(keys[i]->shape, keys[0]->shape, sizeof(int64_t) * (size_t)keys[0]->ndim))
            return nd__error(ND_ERR_SHAPE, func, "all keys need to be the same shape"), NULL;
    }
    nd_array *lanes[64] = {0}, *r = NULL;
    if (nkeys > 64) return nd__error(ND_ERR_VALUE, func, "at most 64 keys"), NULL;
    int ax = 0;
    int64_t n = 0, nl = 0;
    bool ok = true;
    for (int i = 0; i < nkeys && ok; i++) ok = (lanes[i] = nd__lanes(func, keys[i], axis, &ax, &n, &nl, false)) != NULL;
    char *buf = NULL;
    void *s = NULL;
    int64_t bytes;
    if (ok && !nd__mul_ovf(n, 32, &bytes)) {
        r = nd__alloc(func, ND_INT64, lanes[0]->ndim, lanes[0]->shape, ND_ORDER_C, false);
        buf = r ? nd__malloc((size_t)bytes + 64) : NULL;
        s = buf ? scratch_for(func, n) : NULL;
        if (r && !buf) nd__nomem(func, (size_t)bytes);
    } else if (ok) {
        nd__error(ND_ERR_OVERFLOW, func, "keys too long");
    }
    if (s) {
        const nd_ktable *k = nd__kernels();
        int64_t *tmp_idx = (int64_t *)(void *)buf;
        char *gathered = buf + n * 8;
        for (int64_t l = 0; l < nl; l++) {
            int64_t *idx = (int64_t *)(void *)r->data + l * n;
            /* least significant key first; each stable pass makes its key
               the primary one */
            nd_array *first = lanes[0];
            size_t w = nd__itemsize(first->dtype);
            nd__argsort_lane(k, first->dtype, first->data + l * n * (int64_t)w, n, idx, s);
            for (int i = 1; i < nkeys; i++) {
                size_t wi = nd__itemsize(lanes[i]->dtype);
                lex_refine(k, lanes[i]->dtype, lanes[i]->data + l * n * (int64_t)wi, n, idx,
                           tmp_idx, gathered, s);
            }
        }
    } else {
        nd_release(r), r = NULL;
    }
    nd__free(s), nd__free(buf);
    for (int i = 0; i < nkeys; i++) nd_release(lanes[i]);
    return nd__unlanes(func, r, ax);
}
