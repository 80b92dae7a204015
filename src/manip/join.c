/* Joining, splitting, repeating, padding, rolling, copyto. Results are
   written through views of the result (nd__copy_into casts and handles
   any layout), so each function is only its shape arithmetic. */
#include <string.h>

#include "copy/copy.h"
#include "manip/manip_internal.h"
#include "core/internal.h"
#include "nd/manip.h"
#include "nd/ufunc.h"
#include "nd/view.h"

/* A view of r: axis ax restricted to [start, start + len). */
static nd_array *band(const char *func, nd_array *r, int ax, int64_t start, int64_t len) {
    int64_t shape[ND_MAX_DIMS];
    memcpy(shape, r->shape, sizeof(int64_t) * (size_t)r->ndim);
    shape[ax] = len;
    char *data = len > 0 ? r->data + start * r->strides[ax] : r->data;
    return nd__view(func, r, r->ndim, shape, r->strides, data);
}

static nd_status copy_band(const char *func, nd_array *r, int ax, int64_t start,
                           const nd_array *src) {
    nd_array *v = band(func, r, ax, start, src->ndim ? src->shape[ax] : 1);
    nd_status s = v ? nd__copy_into(func, v, src) : nd_last_error();
    nd_release(v);
    return s;
}

/* The result array, or out checked against shape and dtype (same_kind). */
static nd_array *result_for(const char *func, nd_dtype t, int ndim, const int64_t *shape,
                            nd_array *out) {
    if (!out) return nd__alloc(func, t, ndim, shape, ND_ORDER_C, false);
    if (nd__check_writeable(func, out)) return NULL;
    bool same = out->ndim == ndim;
    for (int d = 0; same && d < ndim; d++) same = out->shape[d] == shape[d];
    if (!same) {
        char s1[256], s2[256];
        return nd__error(ND_ERR_SHAPE, func, "Output array has wrong shape %s, expected %s",
                         nd__shape_str(s1, sizeof s1, out->ndim, out->shape),
                         nd__shape_str(s2, sizeof s2, ndim, shape)),
               NULL;
    }
    if (!nd_can_cast(t, out->dtype, ND_CAST_SAME_KIND))
        return nd__error(ND_ERR_DTYPE, func,
                         "Cannot cast array data from dtype('%s') to dtype('%s') according to the "
                         "rule 'same_kind'",
                         nd_dtype_name(t), nd_dtype_name(out->dtype)),
               NULL;
    return nd_retain(out);
}

nd_array *nd_concatenate(int n, nd_array_list arrays_list, int axis, nd_array *out) {
    const nd_array *const *arrays = ND_LIST_PTR(arrays_list);
    static const char *func = "nd_concatenate";
    if (n <= 0)
        return nd__error(ND_ERR_VALUE, func, "need at least one array to concatenate"), NULL;
    if (!arrays) return nd__null_arg(func, "arrays"), NULL;
    for (int i = 0; i < n; i++)
        if (!arrays[i]) return nd__null_item(func, "arrays", i), NULL;
    if (axis == ND_AXIS_ALL) { /* flattened first */
        nd_array **flat = nd__calloc((size_t)n, sizeof *flat);
        if (!flat) return nd__nomem(func, sizeof *flat * (size_t)n), NULL;
        nd_array *r = NULL;
        int i = 0;
        for (; i < n && (flat[i] = nd_ravel(arrays[i])); i++) {
        }
        if (i == n) r = nd_concatenate(n, flat, 0, out);
        for (int j = 0; j < n; j++) nd_release(flat[j]);
        nd__free(flat);
        return r;
    }
    const nd_array *a0 = arrays[0];
    if (a0->ndim == 0)
        return nd__error(ND_ERR_VALUE, func, "zero-dimensional arrays cannot be concatenated"),
               NULL;
    int ax;
    if (nd__normalize_axis(func, axis, a0->ndim, &ax)) return NULL;
    int64_t shape[ND_MAX_DIMS], total = 0;
    nd_dtype t = a0->dtype;
    for (int i = 0; i < n; i++) {
        const nd_array *a = arrays[i];
        if (a->ndim != a0->ndim)
            return nd__error(ND_ERR_VALUE, func,
                             "all the input array dimensions except for the concatenation axis "
                             "must match exactly, "
                             "but along dimension 0, the array at index 0 has %d dimension(s) and "
                             "the array at "
                             "index %d has %d dimension(s)",
                             a0->ndim, i, a->ndim),
                   NULL;
        for (int d = 0; d < a0->ndim; d++)
            if (d != ax && a->shape[d] != a0->shape[d])
                return nd__error(ND_ERR_VALUE, func,
                                 "all the input array dimensions except for the concatenation axis "
                                 "must match "
                                 "exactly, but along dimension %d, the array at index 0 has size "
                                 "%lld and the "
                                 "array at index %d has size %lld",
                                 d, (long long)a0->shape[d], i, (long long)a->shape[d]),
                       NULL;
        if (nd__add_ovf(total, a->shape[ax], &total))
            return nd__error(ND_ERR_OVERFLOW, func, "array is too big."), NULL;
        if (i) t = nd_result_type(t, a->dtype);
    }
    memcpy(shape, a0->shape, sizeof(int64_t) * (size_t)a0->ndim);
    shape[ax] = total;
    nd_array *r = result_for(func, t, a0->ndim, shape, out);
    if (!r) return NULL;
    int64_t at = 0;
    for (int i = 0; i < n; i++) {
        if (copy_band(func, r, ax, at, arrays[i])) {
            nd_release(r);
            return NULL;
        }
        at += arrays[i]->shape[ax];
    }
    if (out) nd_release(r); /* out: no new reference */
    return out ? out : r;
}

/* Each array viewed with a new axis (or atleast_Nd), then concatenated. */
typedef nd_array *(*view_fn)(const nd_array *, int);
static nd_array *join_views(const char *func, int n, const nd_array *const *arrays, view_fn f, int farg,
                            int axis, nd_array *out) {
    if (n <= 0)
        return nd__error(ND_ERR_VALUE, func, "need at least one array to concatenate"), NULL;
    if (!arrays) return nd__null_arg(func, "arrays"), NULL;
    nd_array **v = nd__calloc((size_t)n, sizeof *v);
    if (!v) return nd__nomem(func, sizeof *v * (size_t)n), NULL;
    nd_array *r = NULL;
    int i = 0;
    for (; i < n; i++)
        if (!arrays[i] || !(v[i] = f(arrays[i], farg))) break;
    if (i == n)
        r = nd_concatenate(n, v, axis, out);
    else if (!arrays[i])
        nd__null_item(func, "arrays", i);
    for (int j = 0; j < n; j++) nd_release(v[j]);
    nd__free(v);
    return r;
}

nd_array *nd_stack(int n, nd_array_list arrays_list, int axis, nd_array *out) {
    const nd_array *const *arrays = ND_LIST_PTR(arrays_list);
    static const char *func = "nd_stack";
    if (n <= 0) return nd__error(ND_ERR_VALUE, func, "need at least one array to stack"), NULL;
    if (!arrays || !arrays[0]) return nd__null_arg(func, "arrays"), NULL;
    for (int i = 1; i < n; i++) {
        if (!arrays[i]) return nd__null_item(func, "arrays", i), NULL;
        bool same = arrays[i]->ndim == arrays[0]->ndim;
        for (int d = 0; same && d < arrays[0]->ndim; d++)
            same = arrays[i]->shape[d] == arrays[0]->shape[d];
        if (!same)
            return nd__error(ND_ERR_VALUE, func, "all input arrays must have the same shape"), NULL;
    }
    int ax;
    if (nd__normalize_axis(func, axis, arrays[0]->ndim + 1, &ax)) return NULL;
    return join_views(func, n, arrays, nd_expand_dims, ax, ax, out);
}

static nd_array *atleast_fn(const nd_array *a, int want) {
    return want == 1 ? nd_atleast_1d(a) : want == 2 ? nd_atleast_2d(a) : nd_atleast_3d(a);
}

nd_array *nd_vstack(int n, nd_array_list arrays_list) {
    const nd_array *const *arrays = ND_LIST_PTR(arrays_list);
    return join_views("nd_vstack", n, arrays, atleast_fn, 2, 0, NULL);
}
nd_array *nd_dstack(int n, nd_array_list arrays_list) {
    const nd_array *const *arrays = ND_LIST_PTR(arrays_list);
    return join_views("nd_dstack", n, arrays, atleast_fn, 3, 2, NULL);
}
nd_array *nd_hstack(int n, nd_array_list arrays_list) {
    const nd_array *const *arrays = ND_LIST_PTR(arrays_list);
    /* 1-D inputs join along axis 0, others along axis 1 */
    bool all1 = n > 0 && arrays && arrays[0] && arrays[0]->ndim <= 1;
    return join_views("nd_hstack", n, arrays, atleast_fn, 1, all1 ? 0 : 1, NULL);
}

/* ---- split ---- */

static int split_points(const char *func, const nd_array *a, int ax, int nparts,
                        const int64_t *bounds, nd_array **parts) {
    for (int i = 0; i < nparts; i++) parts[i] = NULL;
    int64_t len = a->shape[ax];
    for (int i = 0; i < nparts; i++) {
        int64_t lo = bounds[i] < len ? bounds[i] : len,
                hi = bounds[i + 1] < len ? bounds[i + 1] : len;
        if (hi < lo) hi = lo;
        parts[i] = band(func, (nd_array *)a, ax, lo, hi - lo);
        if (!parts[i]) {
            for (int j = 0; j < i; j++) nd_release(parts[j]), parts[j] = NULL;
            return nd_last_error();
        }
    }
    return ND_OK;
}

static int split_sections(const char *func, const nd_array *a, int64_t sections, int axis,
                          bool equal, nd_array **parts) {
    if (!a) return nd__null_arg(func, "a");
    if (!parts) return nd__null_arg(func, "parts");
    if (sections <= 0)
        return nd__error(ND_ERR_VALUE, func, "number sections must be larger than 0.");
    if (sections > INT32_MAX) return nd__error(ND_ERR_VALUE, func, "too many sections");
    int ax;
    if (nd__normalize_axis(func, axis, a->ndim, &ax)) return nd_last_error();
    int64_t len = a->shape[ax];
    if (equal && len % sections)
        return nd__error(ND_ERR_VALUE, func, "array split does not result in an equal division");
    int64_t *b = nd__malloc(sizeof *b * (size_t)(sections + 1));
    if (!b) return nd__nomem(func, sizeof *b * (size_t)(sections + 1));
    int64_t each = len / sections, extra = len % sections;
    b[0] = 0;
    for (int64_t i = 0; i < sections; i++) b[i + 1] = b[i] + each + (i < extra);
    int s = split_points(func, a, ax, (int)sections, b, parts);
    nd__free(b);
    return s;
}

int nd_split(const nd_array *a, int64_t sections, int axis, nd_array **parts) {
    return split_sections("nd_split", a, sections, axis, true, parts);
}
int nd_array_split(const nd_array *a, int64_t sections, int axis, nd_array **parts) {
    return split_sections("nd_array_split", a, sections, axis, false, parts);
}

int nd_split_at(const nd_array *a, int nidx, const int64_t *indices, int axis, nd_array **parts) {
    static const char *func = "nd_split_at";
    if (!a) return nd__null_arg(func, "a");
    if (nidx < 0) return nd__bad_count(func, "nidx", nidx);
    if ((nidx && !indices) || !parts) return nd__null_arg(func, !parts ? "parts" : "indices");
    int ax;
    if (nd__normalize_axis(func, axis, a->ndim, &ax)) return nd_last_error();
    int64_t *b = nd__malloc(sizeof *b * (size_t)(nidx + 2));
    if (!b) return nd__nomem(func, sizeof *b * (size_t)(nidx + 2));
    int64_t len = a->shape[ax];
    b[0] = 0;
    for (int i = 0; i < nidx; i++) { /* negative points count from the end, as slices do */
        int64_t v = indices[i] < 0 ? indices[i] + len : indices[i];
        b[i + 1] = v < 0 ? 0 : v;
    }
    b[nidx + 1] = len;
    int s = split_points(func, a, ax, nidx + 1, b, parts);
    nd__free(b);
    return s;
}

/* ---- tile, repeat, pad, roll ---- */

nd_array *nd_tile(const nd_array *a, int nreps, const int64_t *reps) {
    static const char *func = "nd_tile";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (nreps < 0) return nd__bad_count(func, "nreps", nreps), NULL;
    if (nreps && !reps) return nd__null_arg(func, "reps"), NULL;
    int nd = a->ndim > nreps ? a->ndim : nreps;
    if (nd > ND_MAX_DIMS / 2)
        return nd__error(ND_ERR_SHAPE, func, "tile needs 2 * ndim <= %d dimensions", ND_MAX_DIMS),
               NULL;
    int64_t ashape[ND_MAX_DIMS], r[ND_MAX_DIMS], big[ND_MAX_DIMS], out[ND_MAX_DIMS];
    for (int d = 0; d < nd; d++) {
        ashape[d] = d < nd - a->ndim ? 1 : a->shape[d - (nd - a->ndim)];
        r[d] = d < nd - nreps ? 1 : reps[d - (nd - nreps)];
        if (r[d] < 0)
            return nd__error(ND_ERR_VALUE, func, "negative dimensions are not allowed"), NULL;
    }
    /* (r0, a0, r1, a1, ...) broadcast from a viewed as (1, a0, 1, a1, ...) */
    for (int d = 0; d < nd; d++) big[2 * d] = r[d], big[2 * d + 1] = ashape[d];
    for (int d = 0; d < nd; d++)
        if (nd__mul_ovf(r[d], ashape[d], &out[d]))
            return nd__error(ND_ERR_OVERFLOW, func, "array is too big."), NULL;
    int64_t vshape[ND_MAX_DIMS];
    for (int d = 0; d < nd; d++) vshape[2 * d] = 1, vshape[2 * d + 1] = ashape[d];
    nd_array *v = nd_reshape(a, 2 * nd, vshape), *b = v ? nd_broadcast_to(v, 2 * nd, big) : NULL;
    nd_array *c = b ? nd_copy(b) : NULL, *res = c ? nd_reshape(c, nd, out) : NULL;
    nd_release(v), nd_release(b), nd_release(c);
    return res;
}

/* k copies of the w bytes at src written from dst on; returns the end.
   Words of 1 to 16 bytes as loads and stores, not a call each. */
#define REPEAT_WORD(T)                                                                             \
    {                                                                                              \
        T v;                                                                                       \
        memcpy(&v, src, sizeof v);                                                                 \
        for (int64_t j = 0; j < k; j++) memcpy(dst + j * (int64_t)sizeof v, &v, sizeof v);         \
        return dst + k * (int64_t)sizeof v;                                                        \
    }
static char *repeat_chunk(char *dst, const char *src, int64_t w, int64_t k) {
    typedef struct {
        uint64_t lo, hi;
    } word16;
    switch (w) {
    case 1:
        REPEAT_WORD(uint8_t)
    case 2:
        REPEAT_WORD(uint16_t)
    case 4:
        REPEAT_WORD(uint32_t)
    case 8:
        REPEAT_WORD(uint64_t)
    case 16:
        REPEAT_WORD(word16)
    default:
        for (int64_t j = 0; j < k; j++, dst += w) memcpy(dst, src, (size_t)w);
        return dst;
    }
}
#undef REPEAT_WORD

nd_array *nd_repeat(const nd_array *a, int nrep, const int64_t *repeats, int axis) {
    static const char *func = "nd_repeat";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (nrep < 0) return nd__bad_count(func, "nrep", nrep), NULL;
    if (nrep > 0 && !repeats) return nd__null_arg(func, "repeats"), NULL;
    if (axis == ND_AXIS_ALL) {
        nd_array *f = nd_ravel(a), *r = f ? nd_repeat(f, nrep, repeats, 0) : NULL;
        nd_release(f);
        return r;
    }
    int ax;
    if (nd__normalize_axis(func, axis, a->ndim, &ax)) return NULL;
    int64_t len = a->shape[ax], total = 0;
    if (nrep != 1 && nrep != len)
        return nd__error(ND_ERR_VALUE, func,
                         "operands could not be broadcast together with shape (%lld,) (%d,)",
                         (long long)len, nrep),
               NULL;
    for (int64_t i = 0; i < len; i++) {
        int64_t k = repeats[nrep == 1 ? 0 : i];
        if (k < 0)
            return nd__error(ND_ERR_VALUE, func, "repeats may not contain negative values."), NULL;
        if (nd__add_ovf(total, k, &total))
            return nd__error(ND_ERR_OVERFLOW, func, "array is too big."), NULL;
    }
    int64_t shape[ND_MAX_DIMS];
    memcpy(shape, a->shape, sizeof(int64_t) * (size_t)a->ndim);
    shape[ax] = total;
    nd_array *c = nd_is_c_contiguous(a) ? nd_retain((nd_array *)a) : nd_copy(a);
    nd_array *r = c ? nd__alloc(func, a->dtype, a->ndim, shape, ND_ORDER_C, false) : NULL;
    if (r && nd_size(r)) {
        /* a as (outer, len, chunk bytes): chunk i written repeats[i] times */
        int64_t w = (int64_t)nd__itemsize(a->dtype), outer = 1;
        for (int d = ax + 1; d < a->ndim; d++) w *= a->shape[d];
        for (int d = 0; d < ax; d++) outer *= a->shape[d];
        const char *src = c->data;
        char *dst = r->data;
        for (int64_t o = 0; o < outer; o++)
            for (int64_t i = 0; i < len; i++, src += w) {
                int64_t k = repeats[nrep == 1 ? 0 : i];
                dst = repeat_chunk(dst, src, w, k);
            }
    }
    nd_release(c);
    return r;
}

/* Source index along an axis of length n for padded position p (p < 0 or
   p >= n), NumPy's modes. */
static int64_t pad_source(nd_pad_mode mode, int64_t p, int64_t n) {
    if (mode == ND_PAD_EDGE) return p < 0 ? 0 : n - 1;
    if (mode == ND_PAD_WRAP) return ((p % n) + n) % n;
    /* reflect without repeating the edge: period 2(n - 1) */
    if (n == 1) return 0;
    int64_t period = 2 * (n - 1), q = ((p % period) + period) % period;
    return q < n ? q : period - q;
}

nd_array *nd_pad(const nd_array *a, const int64_t *pad_width, nd_pad_mode mode, double value) {
    static const char *func = "nd_pad";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (!pad_width) return nd__null_arg(func, "pad_width"), NULL;
    if ((unsigned)mode > ND_PAD_WRAP)
        return nd__error(ND_ERR_VALUE, func, "mode %d is not supported", (int)mode), NULL;
    int64_t shape[ND_MAX_DIMS];
    for (int d = 0; d < a->ndim; d++) {
        int64_t lo = pad_width[2 * d], hi = pad_width[2 * d + 1];
        if (lo < 0 || hi < 0)
            return nd__error(ND_ERR_VALUE, func, "index can't contain negative values"), NULL;
        if (mode != ND_PAD_CONSTANT && a->shape[d] == 0 && (lo || hi))
            return nd__error(
                       ND_ERR_VALUE, func,
                       "can't extend empty axis %d using modes other than 'constant' or 'empty'",
                       d),
                   NULL;
        if (nd__add_ovf(a->shape[d], lo, &shape[d]) || nd__add_ovf(shape[d], hi, &shape[d]))
            return nd__error(ND_ERR_OVERFLOW, func, "array is too big."), NULL;
    }
    nd_array *r = nd__alloc(func, a->dtype, a->ndim, shape, ND_ORDER_C, false);
    if (!r) return NULL;
    if (mode == ND_PAD_CONSTANT) {
        char v[16];
        nd__cast_one(ND_FLOAT64, &value, a->dtype, v);
        nd_fill(r, v);
    }
    /* the input into the middle */
    int64_t strides[ND_MAX_DIMS];
    char *mid = r->data;
    for (int d = 0; d < a->ndim; d++)
        mid += pad_width[2 * d] * r->strides[d], strides[d] = r->strides[d];
    nd_array *m = nd__view(func, r, a->ndim, a->shape, strides, mid);
    nd_status s = m ? nd__copy_into(func, m, a) : nd_last_error();
    nd_release(m);
    /* then each axis in turn, from the already padded lower axes: a border
       slab copies one source slab of the same axis */
    for (int d = 0; !s && mode != ND_PAD_CONSTANT && d < a->ndim; d++) {
        int64_t lo = pad_width[2 * d], n = a->shape[d];
        for (int64_t p = 0; !s && p < shape[d]; p++) {
            if (p >= lo && p < lo + n) continue;
            nd_array *dst = band(func, r, d, p, 1),
                     *src = band(func, r, d, lo + pad_source(mode, p - lo, n), 1);
            s = dst && src ? nd__copy_into(func, dst, src) : nd_last_error();
            nd_release(dst), nd_release(src);
        }
    }
    if (s) {
        nd_release(r);
        return NULL;
    }
    return r;
}

nd_array *nd_roll(const nd_array *a, int64_t shift, int axis) {
    static const char *func = "nd_roll";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (axis == ND_AXIS_ALL) {
        nd_array *f = nd_ravel(a), *r = f ? nd_roll(f, shift, 0) : NULL,
                 *res = r ? nd_reshape(r, a->ndim, a->shape) : NULL;
        nd_release(f), nd_release(r);
        return res;
    }
    int ax;
    if (nd__normalize_axis(func, axis, a->ndim, &ax)) return NULL;
    nd_array *r = nd__alloc(func, a->dtype, a->ndim, a->shape, ND_ORDER_C, false);
    if (!r) return NULL;
    int64_t n = a->shape[ax];
    if (n == 0) return r;
    int64_t k = ((shift % n) + n) % n;
    nd_array *s1 = band(func, (nd_array *)a, ax, 0, n - k), *d1 = band(func, r, ax, k, n - k);
    nd_array *s2 = band(func, (nd_array *)a, ax, n - k, k), *d2 = band(func, r, ax, 0, k);
    nd_status s = s1 && d1 && s2 && d2 ? nd__copy_into(func, d1, s1) : nd_last_error();
    if (!s) s = nd__copy_into(func, d2, s2);
    nd_release(s1), nd_release(d1), nd_release(s2), nd_release(d2);
    if (s) {
        nd_release(r);
        return NULL;
    }
    return r;
}

int nd_copyto(nd_array *dst, const nd_array *src, nd_casting casting, const nd_array *where) {
    static const char *func = "nd_copyto";
    if (!dst) return nd__null_arg(func, "dst");
    if (!src) return nd__null_arg(func, "src");
    if (nd__check_writeable(func, dst)) return nd_last_error();
    if (!nd_can_cast(src->dtype, dst->dtype, casting)) {
        static const char *names[] = {"no", "equiv", "safe", "same_kind", "unsafe"};
        return nd__error(
            ND_ERR_DTYPE, func,
            "Cannot cast array data from dtype('%s') to dtype('%s') according to the rule '%s'",
            nd_dtype_name(src->dtype), nd_dtype_name(dst->dtype),
            (unsigned)casting < 5 ? names[casting] : "?");
    }
    if (!where) return nd__copy_into(func, dst, src);
    int fast = nd__copyto_where(dst, src, where);
    if (fast != ND__DECLINED) return fast;
    /* dst = where(mask, src, dst), computed in dst's dtype */
    nd_array *s = nd_astype(src, dst->dtype);
    nd_array *r = s ? nd_where(where, s, dst, dst) : NULL;
    nd_release(s);
    return r ? ND_OK : nd_last_error();
}
