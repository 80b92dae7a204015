/* np.sort, np.argsort, np.lexsort, np.partition and np.argpartition: the
   lane loop around the kernels (one lane = the elements along the axis,
   copied contiguous). */
#include <string.h>

#include "copy/copy.h"
#include "sort/sort_internal.h"

/* Sorts the contiguous lanes of r (n elements each) in place. */
static nd_status sort_lanes(const char *func, nd_array *r, int64_t n, int64_t nl) {
    nd__scratch s = {func, NULL, 0};
    const nd_ktable *k = nd__kernels();
    size_t lane = (size_t)n * nd__itemsize(r->dtype);
    nd_status st = ND_OK;
    for (int64_t i = 0; i < nl && !st; i++)
        st = nd__sort_lane(k, r->dtype, r->data + i * lane, n, &s);
    nd__scratch_free(&s);
    return st;
}

static nd_array *sort_copy(const char *func, const nd_array *a, int axis) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    int ax;
    int64_t n, nl;
    nd_array *r = nd__lanes(func, a, axis, &ax, &n, &nl, true);
    if (!r) return NULL;
    if (sort_lanes(func, r, n, nl)) return nd_release(r), NULL;
    return nd__unlanes(r, ax);
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
    nd__scratch s = {func, NULL, 0};
    const nd_ktable *k = nd__kernels();
    size_t lane = (size_t)n * nd__itemsize(v->dtype);
    nd_status st = r ? ND_OK : nd_last_error();
    for (int64_t i = 0; i < nl && !st; i++)
        st = nd__argsort_lane(k, v->dtype, v->data + i * lane, n,
                              (int64_t *)(void *)r->data + i * n, &s);
    nd__scratch_free(&s);
    nd_release(v);
    if (st) return nd_release(r), NULL;
    return nd__unlanes(r, ax);
}

nd_array *nd_argsort(const nd_array *a, int axis) { return argsort("nd_argsort", a, axis); }
nd_array *nd_argsort_stable(const nd_array *a, int axis) {
    return argsort("nd_argsort_stable", a, axis);
}

/* ---- lexsort ---- */

/* idx = idx[argsort(key[idx])] for one lane: a stable refinement. */
static nd_status lex_refine(const nd_ktable *k, nd_dtype t, const char *key, int64_t n,
                            int64_t *idx, int64_t *tmp_idx, char *gathered, nd__scratch *s) {
    size_t w = nd__itemsize(t);
    for (int64_t i = 0; i < n; i++) memcpy(gathered + i * (int64_t)w, key + idx[i] * (int64_t)w, w);
    nd_status st = nd__argsort_lane(k, t, gathered, n, tmp_idx, s);
    if (st) return st;
    for (int64_t i = 0; i < n; i++) tmp_idx[i] = idx[tmp_idx[i]];
    memcpy(idx, tmp_idx, (size_t)n * 8);
    return ND_OK;
}

/* One lane of lexsort: the least significant key first; each stable pass
   makes its key the primary one. */
static nd_status lex_lane(const nd_ktable *k, int nkeys, nd_array *const *lanes, int64_t l,
                          int64_t n, int64_t *idx, nd__scratch *s, char *buf) {
    size_t w = nd__itemsize(lanes[0]->dtype);
    nd_status st =
        nd__argsort_lane(k, lanes[0]->dtype, lanes[0]->data + l * n * (int64_t)w, n, idx, s);
    for (int i = 1; i < nkeys && !st; i++) {
        w = nd__itemsize(lanes[i]->dtype);
        st = lex_refine(k, lanes[i]->dtype, lanes[i]->data + l * n * (int64_t)w, n, idx,
                        (int64_t *)(void *)buf, buf + n * 8, s);
    }
    return st;
}

nd_array *nd_lexsort(int nkeys, nd_array_list keys_list, int axis) {
    const nd_array *const *keys = ND_LIST_PTR(keys_list);
    static const char *func = "nd_lexsort";
    enum { MAX_KEYS = 64 };
    if (nkeys > 0 && !keys) return nd__null_arg(func, "keys"), NULL;
    if (nkeys <= 0)
        return nd__error(ND_ERR_VALUE, func, "need sequence of keys with len > 0 in lexsort"), NULL;
    if (nkeys > MAX_KEYS) return nd__error(ND_ERR_VALUE, func, "at most %d keys", MAX_KEYS), NULL;
    for (int i = 0; i < nkeys; i++) {
        if (!keys[i]) return nd__null_item(func, "keys", i), NULL;
        if (keys[i]->ndim != keys[0]->ndim ||
            memcmp(keys[i]->shape, keys[0]->shape, sizeof(int64_t) * (size_t)keys[0]->ndim))
            return nd__error(ND_ERR_SHAPE, func, "all keys need to be the same shape"), NULL;
    }
    nd_array *lanes[MAX_KEYS] = {0}, *r = NULL;
    int ax = 0;
    int64_t n = 0, nl = 0;
    nd_status st = ND_OK;
    for (int i = 0; i < nkeys && !st; i++)
        if (!(lanes[i] = nd__lanes(func, keys[i], axis, &ax, &n, &nl, false))) st = nd_last_error();
    nd__scratch s = {func, NULL, 0}, b = {func, NULL, 0}; /* b: indices + one gathered key */
    if (!st && !(r = nd__alloc(func, ND_INT64, lanes[0]->ndim, lanes[0]->shape, ND_ORDER_C, false)))
        st = nd_last_error();
    if (!st && !nd__scratch_get(&b, n, 8 + 16)) st = nd_last_error();
    const nd_ktable *k = nd__kernels();
    for (int64_t l = 0; l < nl && !st; l++)
        st = lex_lane(k, nkeys, lanes, l, n, (int64_t *)(void *)r->data + l * n, &s, b.p);
    nd__scratch_free(&s), nd__scratch_free(&b);
    for (int i = 0; i < nkeys; i++) nd_release(lanes[i]);
    if (st) return nd_release(r), NULL;
    return nd__unlanes(r, ax);
}
