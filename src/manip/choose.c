/* Selection by index or condition: np.choose, np.select, np.piecewise,
   np.extract, np.place, np.putmask, np.array_equiv. The elementwise work is
   on C-order copies (broadcast, cast), so every layout takes one path; an
   in-place function writes its copy back with nd_assign. */
#include <stdlib.h>
#include <string.h>

#include "manip/manip_internal.h"
#include "nd/manip.h"
#include "nd/select.h"
#include "nd/ufunc.h"
#include "nd/view.h"
#include "ufunc/ufunc_internal.h"

/* np.choose's indices cast 'safe' to intp (int64), checked before broadcasting. */
static nd_status check_index(const char *func, nd_dtype t) {
    if (nd__is_bool(t) || (nd__is_int(t) && t != ND_UINT64)) return ND_OK;
    return nd__error(ND_ERR_DTYPE, func,
                     "Cannot cast array data from dtype('%s') to dtype('int64') according to the "
                     "rule 'safe'",
                     nd_dtype_name(t));
}

static bool same_shape(const nd_array *a, int ndim, const int64_t *shape) {
    if (a->ndim != ndim) return false;
    for (int i = 0; i < ndim; i++)
        if (a->shape[i] != shape[i]) return false;
    return true;
}

nd_array *nd_choose(const nd_array *a, int n, nd_array_list choices_list, nd_array *out,
                    nd_choose_mode mode) {
    const nd_array *const *choices = ND_LIST_PTR(choices_list);
    static const char *func = "nd_choose";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (n < 0) return nd__bad_count(func, "n", n), NULL;
    if (n == 0) return nd__error(ND_ERR_VALUE, func, "0-length sequence."), NULL;
    if (!choices) return nd__null_arg(func, "choices"), NULL;
    for (int i = 0; i < n; i++)
        if (!choices[i]) return nd__null_item(func, "choices", i), NULL;
    if ((unsigned)mode > ND_CHOOSE_CLIP)
        return nd__error(ND_ERR_VALUE, func, "clipmode not understood"), NULL;
    if (out && nd__check_writeable(func, out)) return NULL;
    if (check_index(func, a->dtype)) return NULL;
    nd_dtype t;
    if (nd__promote(func, n, (const nd_array *const *)choices, &t)) return NULL;
    nd_array **all = nd__calloc((size_t)n * 3 + 2, sizeof *all), *idx = NULL, *r = NULL;
    if (!all) return nd__nomem(func, sizeof *all * ((size_t)n * 3 + 2)), NULL;
    nd_array **views = all + n + 1, **cv = all + 2 * n + 2;
    all[0] = (nd_array *)a;
    for (int i = 0; i < n; i++) all[i + 1] = (nd_array *)choices[i];
    if (nd_broadcast_arrays(n + 1, all, views)) goto done;
    if (!(idx = nd_astype(views[0], ND_INT64))) goto done;
    for (int i = 0; i < n; i++)
        if (!(cv[i] = nd_astype(views[i + 1], t))) goto done;
    const nd_array *v0 = views[0];
    if (out && !same_shape(out, v0->ndim, v0->shape)) {
        nd__error(ND_ERR_SHAPE, func, "return arrays must be of ArrayType");
        goto done;
    }
    if (!(r = nd__alloc(func, t, v0->ndim, v0->shape, ND_ORDER_C, false))) goto done;
    const int64_t *ix = (const int64_t *)(void *)idx->data;
    size_t is = nd_dtype_size(t);
    int64_t size = nd_size(r);
    for (int64_t k = 0; k < size; k++) {
        int64_t j = ix[k];
        if (j < 0 || j >= n) {
            if (mode == ND_CHOOSE_RAISE) {
                nd__error(ND_ERR_VALUE, func, "invalid entry in choice array");
                nd_release(r), r = NULL;
                goto done;
            }
            j = mode == ND_CHOOSE_WRAP ? ((j % n) + n) % n : j < 0 ? 0 : n - 1;
        }
        memcpy(r->data + (size_t)k * is, cv[j]->data + (size_t)k * is, is);
    }
    if (out) {
        int s = nd_assign(out, r);
        nd_release(r), r = s ? NULL : out;
    }
done:
    for (int i = 0; i < 2 * n + 1; i++) nd_release(all[n + 1 + i]);
    nd_release(idx);
    nd__free(all);
    return r;
}

nd_array *nd_select(int n, nd_array_list condlist_list, nd_array_list choicelist_list,
                    const nd_array *deflt) {
    const nd_array *const *condlist = ND_LIST_PTR(condlist_list);
    const nd_array *const *choicelist = ND_LIST_PTR(choicelist_list);
    static const char *func = "nd_select";
    if (n < 0) return nd__bad_count(func, "n", n), NULL;
    if (n == 0)
        return nd__error(ND_ERR_VALUE, func, "select with an empty condition list is not possible"),
               NULL;
    if (!condlist || !choicelist)
        return nd__null_arg(func, condlist ? "choicelist" : "condlist"), NULL;
    for (int i = 0; i < n; i++) {
        if (!condlist[i]) return nd__null_item(func, "condlist", i), NULL;
        if (!choicelist[i]) return nd__null_item(func, "choicelist", i), NULL;
    }
    for (int i = 0; i < n; i++)
        if (condlist[i]->dtype != ND_BOOL)
            return nd__error(ND_ERR_DTYPE, func,
                             "invalid entry %d in condlist: should be boolean ndarray", i),
                   NULL;
    /* the first true condition wins: build from the last one back */
    nd_array *zero = deflt ? NULL : nd_lit_i64(0);
    if (!deflt && !zero) return NULL;
    nd_array *r = nd_where(condlist[n - 1], choicelist[n - 1], deflt ? deflt : zero, NULL);
    nd_release(zero);
    for (int i = n - 2; i >= 0 && r; i--) {
        nd_array *next = nd_where(condlist[i], choicelist[i], r, NULL);
        nd_release(r), r = next;
    }
    return r;
}

/* a C-order bool copy of a truth-valued array (nonzero is true). */
static nd_array *truth(const nd_array *a) { return nd_astype(a, ND_BOOL); }

/* np.place and np.putmask cast their values under the 'safe' rule. */
static nd_status check_safe(const char *func, nd_dtype from, nd_dtype to) {
    if (nd_can_cast(from, to, ND_CAST_SAFE)) return ND_OK;
    return nd__error(ND_ERR_DTYPE, func,
                     "Cannot cast array data from dtype('%s') to dtype('%s') according to the "
                     "rule 'safe'",
                     nd_dtype_name(from), nd_dtype_name(to));
}

static nd_status size_mismatch(const char *func, const char *name) {
    return nd__error(ND_ERR_VALUE, func, "%s: mask and data must be the same size", name);
}

int nd_place(nd_array *arr, const nd_array *mask, const nd_array *vals) {
    static const char *func = "nd_place";
    if (!arr || !mask || !vals) return nd__null_arg(func, !arr ? "arr" : !mask ? "mask" : "vals");
    if (nd__check_writeable(func, arr)) return nd_last_error();
    if (nd_size(mask) != nd_size(arr)) return size_mismatch(func, "place");
    if (check_safe(func, vals->dtype, arr->dtype)) return nd_last_error();
    int fast = nd__place_flat(func, arr, mask, vals);
    if (fast != ND__DECLINED) return fast;
    nd_array *m = truth(mask), *flat = m ? nd_astype(arr, arr->dtype) : NULL,
             *v = flat ? nd_astype(vals, arr->dtype) : NULL;
    int s = ND_OK;
    if (!v) {
        s = nd_last_error();
        goto done;
    }
    const bool *mv = (const bool *)(void *)m->data;
    int64_t size = nd_size(flat), nv = nd_size(v), c = 0;
    size_t is = nd_dtype_size(arr->dtype);
    for (int64_t k = 0; k < size; k++) {
        if (!mv[k]) continue;
        if (nv == 0) {
            s = nd__error(ND_ERR_VALUE, func, "Cannot insert from an empty array!");
            goto done;
        }
        memcpy(flat->data + (size_t)k * is, v->data + (size_t)(c % nv) * is, is);
        c++;
    }
    if (c) s = nd_assign(arr, flat);
done:
    nd_release(m), nd_release(flat), nd_release(v);
    return s;
}

int nd_putmask(nd_array *a, const nd_array *mask, const nd_array *values) {
    static const char *func = "nd_putmask";
    if (!a || !mask || !values) return nd__null_arg(func, !a ? "a" : !mask ? "mask" : "values");
    if (nd__check_writeable(func, a)) return nd_last_error();
    if (nd_size(mask) != nd_size(a)) return size_mismatch(func, "putmask");
    if (check_safe(func, values->dtype, a->dtype)) return nd_last_error();
    if (nd_size(values) == 0) return ND_OK;
    int fast = nd__putmask_flat(func, a, mask, values);
    if (fast != ND__DECLINED) return fast;
    nd_array *m = truth(mask), *flat = m ? nd_astype(a, a->dtype) : NULL,
             *v = flat ? nd_astype(values, a->dtype) : NULL;
    int s = ND_OK;
    if (!v) {
        s = nd_last_error();
        goto done;
    }
    const bool *mv = (const bool *)(void *)m->data;
    int64_t size = nd_size(flat), nv = nd_size(v);
    size_t is = nd_dtype_size(a->dtype);
    bool any = false;
    for (int64_t k = 0; k < size; k++)
        if (mv[k])
            memcpy(flat->data + (size_t)k * is, v->data + (size_t)(k % nv) * is, is), any = true;
    if (any) s = nd_assign(a, flat);
done:
    nd_release(m), nd_release(flat), nd_release(v);
    return s;
}

nd_array *nd_extract(const nd_array *condition, const nd_array *arr) {
    static const char *func = "nd_extract";
    if (!condition || !arr) return nd__null_arg(func, condition ? "arr" : "condition"), NULL;
    nd_array *idx = nd_flatnonzero(condition), *flat = idx ? nd_ravel(arr) : NULL,
             *r = flat ? nd_take(flat, idx, 0, NULL) : NULL;
    nd_release(idx), nd_release(flat);
    return r;
}

/* The elements of xc (C order) where m is true, as a 1-D array of count. */
static nd_array *gather(const char *func, const nd_array *xc, const bool *m, int64_t count) {
    nd_array *v = nd__alloc(func, xc->dtype, 1, &count, ND_ORDER_C, false);
    if (!v) return NULL;
    size_t is = nd_dtype_size(xc->dtype);
    int64_t size = nd_size(xc), c = 0;
    for (int64_t k = 0; k < size; k++)
        if (m[k]) memcpy(v->data + (size_t)c++ * is, xc->data + (size_t)k * is, is);
    return v;
}

/* y[m] = vals (vals of count elements, or one broadcast), in y's dtype. */
static nd_status scatter(const char *func, nd_array *y, const bool *m, int64_t count,
                         const nd_array *vals) {
    int64_t nv = nd_size(vals);
    if (nv != count && nv != 1)
        return nd__error(ND_ERR_VALUE, func,
                         "NumPy boolean array indexing assignment cannot assign %lld input values "
                         "to the %lld output values where the mask is true",
                         (long long)nv, (long long)count);
    nd_array *v = nd_astype(vals, y->dtype);
    if (!v) return nd_last_error();
    size_t is = nd_dtype_size(y->dtype);
    int64_t size = nd_size(y), c = 0;
    for (int64_t k = 0; k < size; k++)
        if (m[k]) memcpy(y->data + (size_t)k * is, v->data + (size_t)(nv == 1 ? 0 : c++) * is, is);
    nd_release(v);
    return ND_OK;
}

nd_array *nd_piecewise(const nd_array *x, int ncond, nd_array_list conds_list, int nfunc,
                       const nd_piecewise_fn *funcs, void *user) {
    const nd_array *const *conds = ND_LIST_PTR(conds_list);
    static const char *func = "nd_piecewise";
    if (!x) return nd__null_arg(func, "x"), NULL;
    if (ncond < 0 || nfunc < 0)
        return nd__bad_count(func, ncond < 0 ? "ncond" : "nfunc", ncond < 0 ? ncond : nfunc), NULL;
    if ((ncond && !conds) || (nfunc && !funcs))
        return nd__null_arg(func, !funcs ? "funcs" : "conds"), NULL;
    if (nfunc != ncond && nfunc != ncond + 1)
        return nd__error(ND_ERR_VALUE, func,
                         "with %d condition(s), either %d or %d functions are expected", ncond,
                         ncond, ncond + 1),
               NULL;
    for (int i = 0; i < ncond; i++) {
        if (!conds[i]) return nd__null_item(func, "conds", i), NULL;
        if (!same_shape(conds[i], x->ndim, x->shape))
            return nd__error(ND_ERR_INDEX, func,
                             "boolean index did not match indexed array (condition %d)", i),
                   NULL;
    }
    int64_t size = nd_size(x);
    nd_array *xc = nd_astype(x, x->dtype), *y = NULL, *other = NULL, *cur = NULL;
    if (!xc) return NULL;
    if (!(y = nd__alloc(func, x->dtype, x->ndim, x->shape, ND_ORDER_C, true))) goto fail;
    if (nfunc == ncond + 1) { /* the "otherwise" piece: where no condition holds */
        int64_t one = size;
        if (!(other = nd__alloc(func, ND_BOOL, 1, &one, ND_ORDER_C, true))) goto fail;
        bool *o = (bool *)(void *)other->data;
        for (int64_t k = 0; k < size; k++) o[k] = true;
        for (int i = 0; i < ncond; i++) {
            nd_array *m = truth(conds[i]);
            if (!m) goto fail;
            for (int64_t k = 0; k < size; k++) o[k] &= !((const bool *)(void *)m->data)[k];
            nd_release(m);
        }
    }
    for (int i = 0; i < nfunc; i++) {
        nd_array *m = i < ncond ? truth(conds[i]) : nd_retain(other);
        if (!m) goto fail;
        const bool *mv = (const bool *)(void *)m->data;
        int64_t count = 0;
        for (int64_t k = 0; k < size; k++) count += mv[k];
        nd_status s = ND_OK;
        if (!funcs[i]) {
            nd_array *zero = nd_lit_i64(0);
            s = zero ? scatter(func, y, mv, count, zero) : nd_last_error();
            nd_release(zero);
        } else if (count) {
            nd_array *vals = gather(func, xc, mv, count);
            cur = vals ? funcs[i](vals, user) : NULL;
            if (vals && !cur && !nd_last_error())
                nd__error(ND_ERR_VALUE, func, "function %d returned NULL", i);
            s = cur ? scatter(func, y, mv, count, cur) : nd_last_error();
            nd_release(vals), nd_release(cur), cur = NULL;
        }
        nd_release(m);
        if (s) goto fail;
    }
    nd_release(xc), nd_release(other);
    return y;
fail:
    nd_release(xc), nd_release(y), nd_release(other);
    return NULL;
}

int nd_array_equiv(const nd_array *a, const nd_array *b, bool *result) {
    static const char *func = "nd_array_equiv";
    if (!a || !b) return nd__null_arg(func, a ? "b" : "a");
    if (!result) return nd__null_arg(func, "result");
    *result = false;
    /* shapes that do not broadcast are an answer, not an error */
    for (int i = 1; i <= a->ndim && i <= b->ndim; i++) {
        int64_t x = a->shape[a->ndim - i], y = b->shape[b->ndim - i];
        if (x != y && x != 1 && y != 1) return ND_OK;
    }
    nd_array *in[2] = {(nd_array *)a, (nd_array *)b}, *v[2] = {NULL, NULL};
    int s = nd_broadcast_arrays(2, in, v);
    if (!s) s = nd_array_equal(v[0], v[1], false, result);
    nd_release(v[0]), nd_release(v[1]);
    return s;
}
