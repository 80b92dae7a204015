/* NumPy's editing and joining helpers (nd/helpers.h): resize, append,
   delete, insert, column_stack, block, trim_zeros, and the callback forms
   apply_along_axis and apply_over_axes. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "copy/copy.h"
#include "core/internal.h"
#include "nd/helpers.h"
#include "nd/manip.h"
#include "nd/view.h"

nd_array *nd_resize(const nd_array *a, int ndim, const int64_t *shape) {
    static const char *func = "nd_resize";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (ndim < 0 || ndim > ND_MAX_DIMS)
        return nd__error(ND_ERR_VALUE, func, "bad number of dimensions %d", ndim), NULL;
    if (ndim && !shape) return nd__null_arg(func, "shape"), NULL;
    for (int d = 0; d < ndim; d++)
        if (shape[d] < 0)
            return nd__error(ND_ERR_VALUE, func,
                             "all elements of `new_shape` must be non-negative"),
                   NULL;
    int64_t n = nd_size(a);
    nd_array *r = nd__alloc(func, a->dtype, ndim, shape, ND_ORDER_C, n == 0);
    if (!r || n == 0) return r; /* an empty a gives zeros, as NumPy */
    nd_array *flat = nd_ravel(a), *c = flat ? nd_copy(flat) : NULL;
    nd_release(flat);
    if (!c) return nd_release(r), NULL;
    int64_t isz = (int64_t)nd__itemsize(a->dtype), total = nd_size(r) * isz, chunk = n * isz;
    for (int64_t off = 0; off < total; off += chunk)
        memcpy(r->data + off, c->data, (size_t)(total - off < chunk ? total - off : chunk));
    nd_release(c);
    return r;
}

nd_array *nd_append(const nd_array *arr, const nd_array *values, int axis) {
    static const char *func = "nd_append";
    if (!arr) return nd__null_arg(func, "arr"), NULL;
    if (!values) return nd__null_arg(func, "values"), NULL;
    nd_array *two[2] = {(nd_array *)arr, (nd_array *)values};
    return nd_concatenate(2, two, axis, NULL); /* ND_AXIS_ALL flattens both */
}

/* arr, flattened for ND_AXIS_ALL, and the axis normalized. */
static nd_array *axis_operand(const char *func, const nd_array *arr, int *axis) {
    if (*axis == ND_AXIS_ALL) {
        *axis = 0;
        return nd_ravel(arr);
    }
    if (nd__normalize_axis(func, *axis, arr->ndim, axis)) return NULL;
    return nd_retain((nd_array *)arr);
}

static nd_status bad_index_dtype(const char *func) {
    return nd__error(ND_ERR_INDEX, func,
                     "arrays used as indices must be of integer (or boolean) type");
}

nd_array *nd_delete(const nd_array *arr, const nd_array *obj, int axis) {
    static const char *func = "nd_delete";
    if (!arr) return nd__null_arg(func, "arr"), NULL;
    if (!obj) return nd__null_arg(func, "obj"), NULL;
    if (obj->dtype != ND_BOOL && !nd__is_int(obj->dtype)) return bad_index_dtype(func), NULL;
    nd_array *a = axis_operand(func, arr, &axis);
    if (!a) return NULL;
    int64_t n = a->shape[axis];
    nd_array *keep = nd__alloc(func, ND_BOOL, 1, &n, ND_ORDER_C, false), *idx = NULL, *r = NULL;
    if (!keep) goto done;
    if (obj->dtype == ND_BOOL) {
        if (obj->ndim != 1 || obj->shape[0] != n) {
            nd__error(ND_ERR_VALUE, func,
                      "boolean array argument obj to delete must be one dimensional and match "
                      "the axis length of %lld",
                      (long long)n);
            goto done;
        }
        nd_array *c = nd_copy(obj);
        if (!c) goto done;
        for (int64_t i = 0; i < n; i++) keep->data[i] = !c->data[i];
        nd_release(c);
    } else {
        memset(keep->data, 1, (size_t)n);
        if (!(idx = nd_astype(obj, ND_INT64))) goto done;
        const int64_t *v = (const int64_t *)idx->data;
        for (int64_t i = 0, m = nd_size(idx); i < m; i++) {
            if (v[i] < -n || v[i] >= n) {
                nd__error(ND_ERR_INDEX, func,
                          "index %lld is out of bounds for axis %d with size %lld", (long long)v[i],
                          axis, (long long)n);
                goto done;
            }
            keep->data[v[i] < 0 ? v[i] + n : v[i]] = 0;
        }
    }
    r = nd_compress(keep, a, axis, NULL);
done:
    nd_release(keep), nd_release(idx), nd_release(a);
    return r;
}

/* new[..., lo:hi, ...] = src on axis (src broadcast). */
static nd_status set_range(const char *func, nd_array *dst, int axis, int64_t lo, int64_t hi,
                           const nd_array *src) {
    nd_array *v = nd_slice_at(dst, axis, lo, hi, 1);
    nd_status st = v ? nd__copy_into(func, v, src) : nd_last_error();
    nd_release(v);
    return st;
}

/* An (order, value) pair for the stable sort of insertion points. */
typedef struct {
    int64_t v, pos;
} ins_point;
static int ins_cmp(const void *x, const void *y) {
    const ins_point *a = x, *b = y;
    if (a->v != b->v) return a->v < b->v ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* np.insert with one index (NumPy's size-1 path). */
static nd_array *insert_one(const char *func, const nd_array *a, int64_t index, bool scalar_obj,
                            const nd_array *values, int axis) {
    int64_t n = a->shape[axis];
    if (index < -n || index > n)
        return nd__error(ND_ERR_INDEX, func,
                         "index %lld is out of bounds for axis %d with size %lld", (long long)index,
                         axis, (long long)n),
               NULL;
    if (index < 0) index += n;
    nd_array *v = nd_astype(values, a->dtype), *w = NULL, *r = NULL;
    if (!v) return NULL;
    if (v->ndim < a->ndim) { /* ndmin = arr.ndim: leading 1s */
        int64_t shape[ND_MAX_DIMS];
        int pad = a->ndim - v->ndim;
        for (int d = 0; d < a->ndim; d++) shape[d] = d < pad ? 1 : v->shape[d - pad];
        w = nd_reshape(v, a->ndim, shape);
        nd_release(v);
        if (!(v = w)) return NULL;
    }
    if (scalar_obj) { /* a[:, 0:1, :] = values rather than a[:, 0, :]: values' axis 0 moves */
        w = nd_moveaxis(v, 0, axis);
        nd_release(v);
        if (!(v = w)) return NULL;
    }
    int64_t numnew = v->ndim > axis ? v->shape[axis] : 1, shape[ND_MAX_DIMS];
    memcpy(shape, a->shape, sizeof(int64_t) * (size_t)a->ndim);
    if (nd__add_ovf(shape[axis], numnew, &shape[axis]))
        return nd_release(v), nd__error(ND_ERR_OVERFLOW, func, "the result is too large"), NULL;
    r = nd__alloc(func, a->dtype, a->ndim, shape, ND_ORDER_C, false);
    nd_array *before = r ? nd_slice_at(a, axis, 0, index, 1) : NULL;
    nd_array *after = before ? nd_slice_at(a, axis, index, ND_SLICE_NONE, 1) : NULL;
    if (!after || set_range(func, r, axis, 0, index, before) ||
        set_range(func, r, axis, index, index + numnew, v) ||
        set_range(func, r, axis, index + numnew, ND_SLICE_NONE, after))
        nd_release(r), r = NULL;
    nd_release(before), nd_release(after), nd_release(v);
    return r;
}

/* The indices of arr's axis that start:stop:step selects, as np.delete and
   np.insert make them from a slice: np.arange(*slice.indices(n)). */
static nd_array *slice_indices(const char *func, const nd_array *arr, int axis, int64_t start,
                               int64_t stop, int64_t step) {
    if (!arr) return nd__null_arg(func, "arr"), NULL;
    int64_t n = nd_size(arr);
    if (axis != ND_AXIS_ALL) {
        if (nd__normalize_axis(func, axis, arr->ndim, &axis)) return NULL;
        n = arr->shape[axis];
    }
    nd_array *all = nd_arange(0, (double)n, 1, ND_INT64);
    nd_array *idx = all ? nd_slice_at(all, 0, start, stop, step) : NULL;
    nd_release(all);
    return idx;
}

nd_array *nd_delete_slice(const nd_array *arr, int64_t start, int64_t stop, int64_t step,
                          int axis) {
    nd_array *idx = slice_indices("nd_delete_slice", arr, axis, start, stop, step);
    nd_array *r = idx ? nd_delete(arr, idx, axis) : NULL;
    nd_release(idx);
    return r;
}

nd_array *nd_insert_slice(const nd_array *arr, int64_t start, int64_t stop, int64_t step,
                          const nd_array *values, int axis) {
    nd_array *idx = slice_indices("nd_insert_slice", arr, axis, start, stop, step);
    nd_array *r = idx ? nd_insert(arr, idx, values, axis) : NULL;
    nd_release(idx);
    return r;
}

nd_array *nd_insert(const nd_array *arr, const nd_array *obj, const nd_array *values, int axis) {
    static const char *func = "nd_insert";
    if (!arr) return nd__null_arg(func, "arr"), NULL;
    if (!obj) return nd__null_arg(func, "obj"), NULL;
    if (!values) return nd__null_arg(func, "values"), NULL;
    if (obj->ndim > 1)
        return nd__error(ND_ERR_VALUE, func,
                         "index array argument obj to insert must be one dimensional or scalar"),
               NULL;
    int64_t m = nd_size(obj);
    if (obj->dtype != ND_BOOL && !nd__is_int(obj->dtype)) {
        if (m == 1)
            return nd__error(ND_ERR_DTYPE, func,
                             "slice indices must be integers or None or have an __index__ method"),
                   NULL;
        return bad_index_dtype(func), NULL;
    }
    nd_array *a = axis_operand(func, arr, &axis);
    if (!a) return NULL;
    nd_array *idx = nd_astype(obj, ND_INT64), *r = NULL, *pos = NULL, *mask = NULL;
    ins_point *pts = NULL;
    if (!idx) goto done;
    if (m == 1) {
        r = insert_one(func, a, ((const int64_t *)idx->data)[0], obj->ndim == 0, values, axis);
        goto done;
    }
    int64_t n = a->shape[axis], total, shape[ND_MAX_DIMS];
    if (nd__add_ovf(n, m, &total)) {
        nd__error(ND_ERR_OVERFLOW, func, "the result is too large");
        goto done;
    }
    pts = nd__malloc(sizeof *pts * (size_t)(m ? m : 1));
    pos = nd__alloc(func, ND_INT64, 1, &m, ND_ORDER_C, false);
    mask = nd__alloc(func, ND_BOOL, 1, &total, ND_ORDER_C, false);
    if (!pts || !pos || !mask) {
        if (!pts) nd__nomem(func, sizeof *pts * (size_t)m);
        goto done;
    }
    const int64_t *v = (const int64_t *)idx->data;
    for (int64_t i = 0; i < m; i++) pts[i].v = v[i] < 0 ? v[i] + n : v[i], pts[i].pos = i;
    qsort(pts, (size_t)m, sizeof *pts, ins_cmp); /* argsort(kind='mergesort'): stable */
    int64_t *p = (int64_t *)pos->data;
    memset(mask->data, 1, (size_t)total);
    for (int64_t i = 0; i < m; i++) {
        int64_t at = pts[i].v + i; /* NumPy: indices[order] += arange(numnew) */
        if (at < -total || at >= total) {
            nd__error(ND_ERR_INDEX, func, "index %lld is out of bounds for axis %d with size %lld",
                      (long long)at, axis, (long long)total);
            goto done;
        }
        p[pts[i].pos] = at;
        mask->data[at < 0 ? at + total : at] = 0;
    }
    memcpy(shape, a->shape, sizeof(int64_t) * (size_t)a->ndim);
    shape[axis] = total;
    if (!(r = nd__alloc(func, a->dtype, a->ndim, shape, ND_ORDER_C, false))) goto done;
    nd_index items[ND_MAX_DIMS];
    for (int d = 0; d < a->ndim; d++)
        items[d] = (nd_index){.kind = ND_IDX_SLICE,
                              .start = ND_SLICE_NONE,
                              .stop = ND_SLICE_NONE,
                              .step = ND_SLICE_NONE};
    items[axis] = (nd_index){.kind = ND_IDX_ARRAY, .array = pos};
    if (nd_index_set(r, a->ndim, items, values)) {
        nd_release(r), r = NULL;
        goto done;
    }
    items[axis].array = mask;
    if (nd_index_set(r, a->ndim, items, a)) nd_release(r), r = NULL;
done:
    nd__free(pts);
    nd_release(pos), nd_release(mask), nd_release(idx), nd_release(a);
    return r;
}

nd_array *nd_column_stack(int n, nd_array_list arrays_list) {
    const nd_array *const *arrays = ND_LIST_PTR(arrays_list);
    static const char *func = "nd_column_stack";
    if (n < 1) return nd__error(ND_ERR_VALUE, func, "need at least one array to concatenate"), NULL;
    if (!arrays) return nd__null_arg(func, "arrays"), NULL;
    for (int i = 0; i < n; i++)
        if (!arrays[i]) return nd__null_item(func, "arrays", i), NULL;
    nd_array **cols = nd__calloc((size_t)n, sizeof *cols), *r = NULL;
    if (!cols) return nd__nomem(func, sizeof *cols * (size_t)n), NULL;
    int i = 0;
    for (; i < n; i++) {
        const nd_array *x = arrays[i];
        if (x->ndim >= 2)
            cols[i] = nd_retain((nd_array *)x);
        else /* array(x, ndmin=2).T: (N,) becomes (N, 1) */
            cols[i] = nd_reshape(x, 2, (int64_t[]){x->ndim ? x->shape[0] : 1, 1});
        if (!cols[i]) break;
    }
    if (i == n) r = nd_concatenate(n, cols, 1, NULL);
    for (int k = 0; k < i; k++) nd_release(cols[k]);
    nd__free(cols);
    return r;
}

/* ---- np.block: the layout string's tree ---- */

typedef struct blk {
    int leaf; /* index into arrays, or -1 for a list */
    int nkids;
    struct blk **kids; /* lists */
} blk;

static void blk_free(blk *b) {
    if (!b) return;
    for (int i = 0; i < b->nkids; i++) blk_free(b->kids[i]);
    nd__free(b->kids);
    nd__free(b);
}

typedef struct {
    const char *func, *s, *p;
    const nd_array *const *arrays;
    int n, first_depth, max_ndim; /* first_depth: -1 until a leaf is seen */
    char where[256];              /* "arrays[0][1]", for NumPy's messages */
} blk_parser;

static void skip_ws(blk_parser *ps) {
    while (isspace((unsigned char)*ps->p)) ps->p++;
}

static blk *blk_parse(blk_parser *ps, int depth) {
    skip_ws(ps);
    if (depth > ND_MAX_DIMS)
        return nd__error(ND_ERR_VALUE, ps->func, "block layout nested too deeply"), NULL;
    blk *b = nd__calloc(1, sizeof *b);
    if (!b) return nd__nomem(ps->func, sizeof *b), NULL;
    if (*ps->p != '[') {
        char *e;
        long v = strtol(ps->p, &e, 10);
        if (e == ps->p || *ps->p == '+' || *ps->p == '-' || isspace((unsigned char)*ps->p)) {
            nd__error(ND_ERR_VALUE, ps->func, "block layout: expected '[' or an index at offset %d",
                      (int)(ps->p - ps->s));
            return blk_free(b), NULL;
        }
        if (v < 0 || v >= ps->n) {
            nd__error(ND_ERR_INDEX, ps->func,
                      "block layout: index %ld is out of range for %d arrays", v, ps->n);
            return blk_free(b), NULL;
        }
        ps->p = e;
        b->leaf = (int)v;
        if (ps->arrays[v]->ndim > ps->max_ndim) ps->max_ndim = ps->arrays[v]->ndim;
        if (ps->first_depth < 0)
            ps->first_depth = depth;
        else if (depth != ps->first_depth) {
            nd__error(ND_ERR_VALUE, ps->func,
                      "List depths are mismatched. First element was at depth %d, but there is "
                      "an element at depth %d (%s)",
                      ps->first_depth, depth, ps->where);
            return blk_free(b), NULL;
        }
        return b;
    }
    b->leaf = -1;
    ps->p++;
    skip_ws(ps);
    size_t wlen = strlen(ps->where);
    if (*ps->p == ']') {
        nd__error(ND_ERR_VALUE, ps->func, "List at %s cannot be empty", ps->where);
        return blk_free(b), NULL;
    }
    for (;;) {
        if (b->nkids == INT32_MAX / 2) {
            nd__error(ND_ERR_OVERFLOW, ps->func, "block layout: too many entries in one list");
            return blk_free(b), NULL;
        }
        blk **k = nd__realloc(b->kids, sizeof *k * (size_t)(b->nkids + 1));
        if (!k) return nd__nomem(ps->func, sizeof *k * (size_t)(b->nkids + 1)), blk_free(b), NULL;
        b->kids = k;
        snprintf(ps->where + wlen, sizeof ps->where - wlen, "[%d]", b->nkids);
        blk *kid = blk_parse(ps, depth + 1);
        if (!kid) return blk_free(b), NULL;
        b->kids[b->nkids++] = kid;
        skip_ws(ps);
        if (*ps->p == ',') {
            ps->p++;
            skip_ws(ps);
            if (*ps->p == ']') break; /* a trailing comma, as Python allows */
            continue;
        }
        if (*ps->p == ']') break;
        nd__error(ND_ERR_VALUE, ps->func, "block layout: expected ',' or ']' at offset %d",
                  (int)(ps->p - ps->s));
        return blk_free(b), NULL;
    }
    ps->p++;
    ps->where[wlen] = 0;
    return b;
}

/* The block of b at list level `level` (0 outermost) with ndim dims. */
static nd_array *blk_build(const char *func, const blk *b, const nd_array *const *arrays, int level,
                           int list_ndim, int ndim) {
    if (b->leaf >= 0) {
        const nd_array *x = arrays[b->leaf];
        int64_t shape[ND_MAX_DIMS];
        int pad = ndim - x->ndim;
        for (int d = 0; d < ndim; d++) shape[d] = d < pad ? 1 : x->shape[d - pad];
        return nd_reshape(x, ndim, shape);
    }
    nd_array **parts = nd__calloc((size_t)b->nkids, sizeof *parts), *r = NULL;
    if (!parts) return nd__nomem(func, sizeof *parts * (size_t)b->nkids), NULL;
    int i = 0;
    for (; i < b->nkids; i++)
        if (!(parts[i] = blk_build(func, b->kids[i], arrays, level + 1, list_ndim, ndim))) break;
    if (i == b->nkids) r = nd_concatenate(b->nkids, parts, ndim - list_ndim + level, NULL);
    for (int k = 0; k < i; k++) nd_release(parts[k]);
    nd__free(parts);
    return r;
}

nd_array *nd_block(const char *layout, int n, nd_array_list arrays_list) {
    const nd_array *const *arrays = ND_LIST_PTR(arrays_list);
    static const char *func = "nd_block";
    if (!layout) return nd__null_arg(func, "layout"), NULL;
    if (n < 0) return nd__bad_count(func, "n", n), NULL;
    if (n && !arrays) return nd__null_arg(func, "arrays"), NULL;
    for (int i = 0; i < n; i++)
        if (!arrays[i]) return nd__null_item(func, "arrays", i), NULL;
    blk_parser ps = {
        .func = func, .s = layout, .p = layout, .arrays = arrays, .n = n, .first_depth = -1};
    strcpy(ps.where, "arrays");
    blk *root = blk_parse(&ps, 0);
    if (!root) return NULL;
    skip_ws(&ps);
    if (*ps.p) {
        nd__error(ND_ERR_VALUE, func, "block layout: unexpected text at offset %d",
                  (int)(ps.p - layout));
        return blk_free(root), NULL;
    }
    int list_ndim = ps.first_depth, ndim = list_ndim > ps.max_ndim ? list_ndim : ps.max_ndim;
    nd_array *r = NULL;
    if (root->leaf >= 0) /* np.block(A) of a bare array: a copy */
        r = nd_copy(arrays[root->leaf]);
    else
        r = blk_build(func, root, arrays, 0, list_ndim, ndim);
    blk_free(root);
    return r;
}

/* Whether element i of the 1-D a is nonzero (NaN is; complex: either part). */
static bool nonzero_at(const nd_array *a, int64_t i) {
    nd_complex128 z = nd_get_c128(a, &i, NULL);
    return z.re != 0 || z.im != 0;
}

nd_array *nd_trim_zeros(const nd_array *filt, const char *trim) {
    static const char *func = "nd_trim_zeros";
    if (!filt) return nd__null_arg(func, "filt"), NULL;
    if (!trim) return nd__null_arg(func, "trim"), NULL;
    if (filt->ndim != 1)
        return nd__error(ND_ERR_VALUE, func, "the input must be 1-D, got %d dimensions",
                         filt->ndim),
               NULL;
    bool front = strchr(trim, 'f') || strchr(trim, 'F');
    bool back = strchr(trim, 'b') || strchr(trim, 'B');
    int64_t n = filt->shape[0], first = 0, last = n;
    if (front)
        while (first < n && !nonzero_at(filt, first)) first++;
    if (back)
        while (last > 0 && !nonzero_at(filt, last - 1)) last--;
    return nd_slice_at(filt, 0, first, last, 1);
}

nd_array *nd_apply_along_axis(nd_apply_fn fn, void *ctx, int axis, const nd_array *arr) {
    static const char *func = "nd_apply_along_axis";
    if (!fn) return nd__null_arg(func, "fn"), NULL;
    if (!arr) return nd__null_arg(func, "arr"), NULL;
    if (nd__normalize_axis(func, axis, arr->ndim, &axis)) return NULL;
    nd_array *in = nd_moveaxis(arr, axis, -1), *buff = NULL, *r = NULL;
    if (!in) return NULL;
    int nout = in->ndim - 1;
    int64_t count = nd__shape_prod(nout, in->shape), ind[ND_MAX_DIMS] = {0};
    if (count == 0) {
        nd__error(ND_ERR_VALUE, func,
                  "Cannot apply_along_axis when any iteration dimensions are 0");
        goto done;
    }
    nd_index items[ND_MAX_DIMS];
    for (int64_t it = 0; it < count; it++) {
        for (int d = 0; d < nout; d++) items[d] = (nd_index){.kind = ND_IDX_INT, .i = ind[d]};
        nd_array *slice = nd_index_get(in, nout, items), *res = NULL, *dst = NULL;
        nd_status before = nd_last_error();
        if (slice) res = fn(slice, ctx);
        nd_release(slice);
        if (slice && !res && nd_last_error() == before)
            nd__error(ND_ERR_VALUE, func, "the function returned NULL without an error");
        if (res && !buff) { /* the first result fixes the dtype and the shape */
            int64_t shape[ND_MAX_DIMS];
            if (nout + res->ndim > ND_MAX_DIMS) {
                nd__error(ND_ERR_SHAPE, func, "the result would have more than %d dimensions",
                          ND_MAX_DIMS);
                nd_release(res);
                goto done;
            }
            memcpy(shape, in->shape, sizeof(int64_t) * (size_t)nout);
            memcpy(shape + nout, res->shape, sizeof(int64_t) * (size_t)res->ndim);
            buff = nd__alloc(func, res->dtype, nout + res->ndim, shape, ND_ORDER_C, true);
        }
        if (buff) dst = nd_index_get(buff, nout, items);
        nd_status st = dst && res ? nd_assign(dst, res) : ND_ERR_NOMEM;
        nd_release(dst), nd_release(res);
        if (st) goto done;
        for (int d = nout - 1; d >= 0 && ++ind[d] == in->shape[d]; d--) ind[d] = 0;
    }
    /* buff's result axes go back where the axis was (NumPy's buff_permute) */
    int perm[ND_MAX_DIMS], k = 0, rnd = buff->ndim - nout;
    for (int d = 0; d < axis; d++) perm[k++] = d;
    for (int d = 0; d < rnd; d++) perm[k++] = nout + d;
    for (int d = axis; d < nout; d++) perm[k++] = d;
    r = nd_transpose(buff, perm);
done:
    nd_release(buff), nd_release(in);
    return r;
}

nd_array *nd_apply_over_axes(nd_axis_fn fn, void *ctx, const nd_array *a, int naxes,
                             const int *axes) {
    static const char *func = "nd_apply_over_axes";
    if (!fn) return nd__null_arg(func, "fn"), NULL;
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (naxes < 0) return nd__bad_count(func, "naxes", naxes), NULL;
    if (naxes && !axes) return nd__null_arg(func, "axes"), NULL;
    nd_array *val = nd_retain((nd_array *)a);
    for (int i = 0; i < naxes; i++) {
        int axis;
        if (nd__normalize_axis(func, axes[i], a->ndim, &axis)) return nd_release(val), NULL;
        nd_status before = nd_last_error();
        nd_array *res = fn(val, axis, ctx);
        if (!res) {
            if (nd_last_error() == before)
                nd__error(ND_ERR_VALUE, func, "the function returned NULL without an error");
            return nd_release(val), NULL;
        }
        if (res->ndim != val->ndim) {
            bool one_less = res->ndim + 1 == val->ndim;
            nd_array *e = one_less ? nd_expand_dims(res, axis) : NULL;
            nd_release(res);
            if (!one_less)
                nd__error(ND_ERR_VALUE, func,
                          "function is not returning an array of the correct shape");
            if (!e) return nd_release(val), NULL;
            res = e;
        }
        nd_release(val);
        val = res;
    }
    return val;
}
