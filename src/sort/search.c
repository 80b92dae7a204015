/* np.searchsorted, np.unique, np.isin and np.in1d: binary searches and
   scans over sorted keys (real dtypes) or NumPy's order (complex). */
#include <math.h>
#include <string.h>

#include "sort/sort_internal.h"

/* First i in [0, n) with v <= s[i] (right: v < s[i]) in NumPy's order. */
static int64_t bound(nd_dtype t, const char *s, int64_t n, const char *v, bool right) {
    size_t w = nd__itemsize(t);
    int64_t lo = 0, hi = n;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        int c = nd__cmp(t, s + mid * (int64_t)w, v);
        if (c < 0 || (right && c == 0)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* bound() for every value of v with NumPy's order written out per dtype
   (NaN last, -0.0 == 0.0; quiet compares, no invalid flag), no call per
   comparison: searchsorted ran at 0.5x NumPy through nd__cmp. */
#define LT_FLOAT(x, y) (isless((x), (y)) || (isnan(y) && !isnan(x)))
#define LT_INT(x, y) ((x) < (y))
#define TYPED_BOUNDS(name, T, LT)                                                                  \
    static void name(const char *sp, int64_t n, const char *vp, int64_t nv, bool right,            \
                     int64_t *out) {                                                               \
        const T *s = (const T *)(const void *)sp, *v = (const T *)(const void *)vp;                \
        for (int64_t i = 0; i < nv; i++) {                                                         \
            T x = v[i];                                                                            \
            int64_t lo = 0, hi = n;                                                                \
            while (lo < hi) {                                                                      \
                int64_t mid = lo + (hi - lo) / 2;                                                  \
                if (right ? !LT(x, s[mid]) : LT(s[mid], x))                                        \
                    lo = mid + 1;                                                                  \
                else                                                                               \
                    hi = mid;                                                                      \
            }                                                                                      \
            out[i] = lo;                                                                           \
        }                                                                                          \
    }
TYPED_BOUNDS(bounds_f64, double, LT_FLOAT)
TYPED_BOUNDS(bounds_f32, float, LT_FLOAT)
TYPED_BOUNDS(bounds_i64, int64_t, LT_INT)
TYPED_BOUNDS(bounds_i32, int32_t, LT_INT)
TYPED_BOUNDS(bounds_u64, uint64_t, LT_INT)

typedef void (*bounds_fn)(const char *, int64_t, const char *, int64_t, bool, int64_t *);
static const bounds_fn typed_bounds[ND_NUM_DTYPES] = {
    [ND_FLOAT64] = bounds_f64, [ND_FLOAT32] = bounds_f32, [ND_INT64] = bounds_i64,
    [ND_INT32] = bounds_i32,   [ND_UINT64] = bounds_u64,
};

nd_array *nd_searchsorted(const nd_array *a, const nd_array *v, bool right,
                          const nd_array *sorter) {
    static const char *func = "nd_searchsorted";
    if (!a || !v) return nd__null_arg(func, a ? "v" : "a"), NULL;
    if (a->ndim != 1) return nd__error(ND_ERR_VALUE, func, "object too deep for desired array"), NULL;
    nd_dtype t = nd_result_type(a->dtype, v->dtype);
    nd_array *sorted = NULL;
    if (sorter) {
        if (!nd__is_int(sorter->dtype) && !nd__is_bool(sorter->dtype))
            return nd__error(ND_ERR_DTYPE, func, "sorter must only contain integers"), NULL;
        if (sorter->ndim != 1 || sorter->shape[0] != a->shape[0])
            return nd__error(ND_ERR_VALUE, func, "sorter.size must equal a.size"), NULL;
        nd_array *si = nd__flat_as(sorter, ND_INT64);
        if (!si) return NULL;
        const int64_t *ix = (const int64_t *)(void *)si->data;
        for (int64_t i = 0; i < si->shape[0]; i++)
            if (ix[i] < 0 || ix[i] >= a->shape[0]) {
                nd_release(si);
                return nd__error(ND_ERR_VALUE, func, "Sorter index out of range."), NULL;
            }
        nd_array *g = nd_take(a, si, 0, NULL);
        nd_release(si);
        if (!g) return NULL;
        sorted = nd__flat_as(g, t);
        nd_release(g);
    } else {
        sorted = nd__flat_as(a, t);
    }
    nd_array *vv = sorted ? nd__flat_as(v, t) : NULL;
    nd_array *r = vv ? nd__alloc(func, ND_INT64, v->ndim, v->shape, ND_ORDER_C, false) : NULL;
    if (r) {
        size_t w = nd__itemsize(t);
        int64_t *o = (int64_t *)(void *)r->data;
        if (typed_bounds[t])
            typed_bounds[t](sorted->data, sorted->shape[0], vv->data, vv->shape[0], right, o);
        else
            for (int64_t i = 0; i < vv->shape[0]; i++)
                o[i] = bound(t, sorted->data, sorted->shape[0], vv->data + i * (int64_t)w, right);
    }
    nd_release(sorted), nd_release(vv);
    return r;
}

/* ---- unique ---- */

/* Group starts of the sorted values sv (n of them) as np.unique finds
   them: a new group where a value differs (!=) from the one before, and,
   when the last value holds NaN, one group from the first value holding
   NaN (equal_nan; NaNs sort last, complex ones with a NaN part too). Returns the number of groups; start[g] is the
   first sorted position of group g. */
static int64_t group_starts(nd_dtype t, const char *sv, int64_t n, int64_t *start) {
    size_t w = nd__itemsize(t);
    int64_t tail = n;
    if (n > 0 && !nd__equal(t, sv + (n - 1) * (int64_t)w, sv + (n - 1) * (int64_t)w))
        while (tail > 0 && !nd__equal(t, sv + (tail - 1) * (int64_t)w, sv + (tail - 1) * (int64_t)w))
            tail--;
    int64_t g = 0;
    for (int64_t i = 0; i < n && i <= tail; i++)
        if (i == 0 || i == tail || !nd__equal(t, sv + i * (int64_t)w, sv + (i - 1) * (int64_t)w))
            start[g++] = i;
    return g;
}

int nd_unique(const nd_array *a, nd_array **values, nd_array **index, nd_array **inverse,
              nd_array **counts) {
    static const char *func = "nd_unique";
    if (!a || !values) return nd__null_arg(func, a ? "values" : "a");
    nd_array *f = nd_flatten(a);
    if (!f) return nd_last_error();
    int64_t n = f->shape[0], ng;
    size_t w = nd__itemsize(f->dtype);
    nd__scratch s = {func, NULL, 0};
    nd_array *perm = nd__alloc(func, ND_INT64, 1, &n, ND_ORDER_C, false);
    nd_array *sv = perm ? nd__alloc(func, f->dtype, 1, &n, ND_ORDER_C, false) : NULL;
    nd_array *starts = sv ? nd__alloc(func, ND_INT64, 1, &(int64_t){n + 1}, ND_ORDER_C, false) : NULL;
    nd_array *out[4] = {NULL, NULL, NULL, NULL};
    nd_status st = starts ? ND_OK : nd_last_error();
    if (st) goto done;
    int64_t *pi = (int64_t *)(void *)perm->data, *gs = (int64_t *)(void *)starts->data;
    /* Values (and counts) alone of integers sort the values themselves, as
       np.unique does: equal integers are the same bits, so which one leads
       a group cannot show (an argsort and a gather ran it at 0.66x NumPy).
       Floats keep the argsort: 0.0 and -0.0, or NaN payloads, would. */
    if (!index && !inverse && (nd__is_int(f->dtype) || nd__is_bool(f->dtype))) {
        if (n) memcpy(sv->data, f->data, (size_t)n * w);
        if ((st = nd__sort_lane(nd__kernels(), f->dtype, sv->data, n, &s))) goto done;
    } else {
        if ((st = nd__argsort_lane(nd__kernels(), f->dtype, f->data, n, pi, &s))) goto done;
        for (int64_t i = 0; i < n; i++)
            memcpy(sv->data + i * (int64_t)w, f->data + pi[i] * (int64_t)w, w);
    }
    ng = group_starts(f->dtype, sv->data, n, gs);
    gs[ng] = n;
    out[0] = nd__alloc(func, f->dtype, 1, &ng, ND_ORDER_C, false);
    if (out[0] && index) out[1] = nd__alloc(func, ND_INT64, 1, &ng, ND_ORDER_C, false);
    if (out[0] && inverse) out[2] = nd__alloc(func, ND_INT64, 1, &n, ND_ORDER_C, false);
    if (out[0] && counts) out[3] = nd__alloc(func, ND_INT64, 1, &ng, ND_ORDER_C, false);
    if (!out[0] || (index && !out[1]) || (inverse && !out[2]) || (counts && !out[3])) {
        st = nd_last_error();
        for (int i = 0; i < 4; i++) nd_release(out[i]), out[i] = NULL;
        goto done;
    }
    for (int64_t g = 0; g < ng; g++) {
        memcpy(out[0]->data + g * (int64_t)w, sv->data + gs[g] * (int64_t)w, w);
        if (out[1]) ((int64_t *)(void *)out[1]->data)[g] = pi[gs[g]];
        if (out[3]) ((int64_t *)(void *)out[3]->data)[g] = gs[g + 1] - gs[g];
        if (out[2])
            for (int64_t i = gs[g]; i < gs[g + 1]; i++) ((int64_t *)(void *)out[2]->data)[pi[i]] = g;
    }
    *values = out[0];
    if (index) *index = out[1];
    if (inverse) *inverse = out[2];
    if (counts) *counts = out[3];
done:
    nd__scratch_free(&s);
    nd_release(f), nd_release(perm), nd_release(sv), nd_release(starts);
    return st;
}

/* ---- isin / in1d ---- */

/* Integers of every width widened to 64 bits (signed ones sign-extended):
   then x - lo, taken mod 2^64, is x's distance above lo, and every x below
   lo lands far past any table. */
#define INT_TABLE_LOOPS(T, W)                                                                      \
    static void span_##T(const char *p, int64_t n, uint64_t *lo, uint64_t *hi) {                   \
        const T *v = (const T *)(const void *)p;                                                   \
        W mn = v[0], mx = v[0];                                                                    \
        for (int64_t i = 1; i < n; i++) {                                                          \
            mn = (W)v[i] < mn ? (W)v[i] : mn;                                                      \
            mx = (W)v[i] > mx ? (W)v[i] : mx;                                                      \
        }                                                                                          \
        *lo = (uint64_t)mn, *hi = (uint64_t)mx;                                                    \
    }                                                                                              \
    static void mark_##T(const char *p, int64_t n, uint64_t lo, uint8_t *tab) {                    \
        const T *v = (const T *)(const void *)p;                                                   \
        for (int64_t i = 0; i < n; i++) tab[(uint64_t)(W)v[i] - lo] = 1;                           \
    }                                                                                              \
    static void look_##T(const char *p, int64_t n, uint64_t lo, uint64_t range,                    \
                         const uint8_t *tab, uint8_t flip, uint8_t *out) {                         \
        const T *v = (const T *)(const void *)p;                                                   \
        for (int64_t i = 0; i < n; i++) {                                                          \
            uint64_t d = (uint64_t)(W)v[i] - lo;                                                   \
            out[i] = (d < range ? tab[d] : 0) ^ flip;                                              \
        }                                                                                          \
    }
INT_TABLE_LOOPS(int8_t, int64_t)
INT_TABLE_LOOPS(int16_t, int64_t)
INT_TABLE_LOOPS(int32_t, int64_t)
INT_TABLE_LOOPS(int64_t, int64_t)
INT_TABLE_LOOPS(uint8_t, uint64_t)
INT_TABLE_LOOPS(uint16_t, uint64_t)
INT_TABLE_LOOPS(uint32_t, uint64_t)
INT_TABLE_LOOPS(uint64_t, uint64_t)

typedef struct {
    void (*span)(const char *, int64_t, uint64_t *, uint64_t *);
    void (*mark)(const char *, int64_t, uint64_t, uint8_t *);
    void (*look)(const char *, int64_t, uint64_t, uint64_t, const uint8_t *, uint8_t, uint8_t *);
} int_table_ops;

static const int_table_ops table_ops[ND_NUM_DTYPES] = {
    [ND_INT8] = {span_int8_t, mark_int8_t, look_int8_t},
    [ND_INT16] = {span_int16_t, mark_int16_t, look_int16_t},
    [ND_INT32] = {span_int32_t, mark_int32_t, look_int32_t},
    [ND_INT64] = {span_int64_t, mark_int64_t, look_int64_t},
    [ND_UINT8] = {span_uint8_t, mark_uint8_t, look_uint8_t},
    [ND_UINT16] = {span_uint16_t, mark_uint16_t, look_uint16_t},
    [ND_UINT32] = {span_uint32_t, mark_uint32_t, look_uint32_t},
    [ND_UINT64] = {span_uint64_t, mark_uint64_t, look_uint64_t},
};

/* np.isin over integers whose test values span a small range, as NumPy's
   kind='table' (chosen when the span is at most 6 x (both sizes), its
   rule): one byte per value of the span, one lookup per element. Returns
   1 when it filled r, 0 when the span is too wide (r untouched), -1 on
   error. e and ts: flat, C-contiguous, dtype t. */
static int isin_table(const char *func, nd_dtype t, const nd_array *e, const nd_array *ts,
                      bool invert, nd_array *r) {
    const int_table_ops *op = &table_ops[t];
    int64_t n = e->shape[0], m = ts->shape[0];
    if (!op->span || m == 0) return 0;
    uint64_t lo, hi;
    op->span(ts->data, m, &lo, &hi);
    uint64_t span = hi - lo; /* the range less one: cannot overflow */
    if (span / 6 > (uint64_t)n + (uint64_t)m) return 0;
    uint8_t *tab = nd__calloc((size_t)span + 1, 1);
    if (!tab) return nd__nomem(func, (size_t)span + 1), -1;
    op->mark(ts->data, m, lo, tab);
    op->look(e->data, n, lo, span + 1, tab, invert, (uint8_t *)r->data);
    nd__free(tab);
    return 1;
}

nd_array *nd_isin(const nd_array *element, const nd_array *test, bool invert) {
    static const char *func = "nd_isin";
    if (!element || !test) return nd__null_arg(func, element ? "test_elements" : "element"), NULL;
    nd_dtype t = nd_result_type(element->dtype, test->dtype);
    nd_array *e = nd__flat_as(element, t);
    if (e && table_ops[t].span) {
        nd_array *tt = nd__flat_as(test, t);
        nd_array *r =
            tt ? nd__alloc(func, ND_BOOL, element->ndim, element->shape, ND_ORDER_C, false) : NULL;
        int done = r ? isin_table(func, t, e, tt, invert, r) : -1;
        nd_release(tt);
        if (done) {
            nd_release(e);
            if (done < 0) nd_release(r), r = NULL;
            return r;
        }
        nd_release(r);
    }
    nd_array *s = e ? nd_sort(test, ND_AXIS_ALL) : NULL;
    nd_array *ts = s ? nd__flat_as(s, t) : NULL;
    nd_array *r = ts ? nd__alloc(func, ND_BOOL, element->ndim, element->shape, ND_ORDER_C, false) : NULL;
    if (r) {
        /* sorted in the test dtype, then converted: conversion keeps order
           (it is monotonic), so binary search in t is sound */
        size_t w = nd__itemsize(t);
        int64_t m = ts->shape[0];
        for (int64_t i = 0; i < e->shape[0]; i++) {
            const char *x = e->data + i * (int64_t)w;
            int64_t j = bound(t, ts->data, m, x, false);
            bool found = j < m && nd__equal(t, ts->data + j * (int64_t)w, x);
            r->data[i] = found != invert;
        }
    }
    nd_release(e), nd_release(s), nd_release(ts);
    return r;
}

nd_array *nd_in1d(const nd_array *ar1, const nd_array *ar2, bool invert) {
    if (!ar1) return nd__null_arg("nd_in1d", "ar1"), NULL;
    nd_array *f = nd_ravel(ar1), *r = f ? nd_isin(f, ar2, invert) : NULL;
    nd_release(f);
    return r;
}
