/* np.partition and np.argpartition: introselect, on (key, index) pairs for
   argpartition (equal keys are ordered by index) and on the values for
   partition; neither depends on the ISA level; complex input takes the stable sort (a sorted lane
   is a valid partition). */
#include <stdlib.h>
#include <string.h>

#include "sort/sort_internal.h"

typedef struct {
    uint64_t lo, hi; /* index, key: the kernels' pair layout */
} pair;

static bool pair_lt(pair a, pair b) { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }
static void pair_swap(pair *a, pair *b) {
    pair t = *a;
    *a = *b, *b = t;
}

/* Puts the kth smallest of p[0..n) at p[kth], no larger ones before it and
   no smaller ones after; falls back to a full sort after 64 rounds. */
static void select_pairs(const nd_ktable *k, pair *p, int64_t n, int64_t kth) {
    for (int round = 0; n > 16; round++) {
        if (round == 64) {
            k->sort_pairs((uint64_t *)(void *)p, n);
            return;
        }
        int64_t m = n / 2;
        if (pair_lt(p[m], p[0])) pair_swap(&p[m], &p[0]);
        if (pair_lt(p[n - 1], p[m])) pair_swap(&p[m], &p[n - 1]);
        if (pair_lt(p[m], p[0])) pair_swap(&p[m], &p[0]);
        pair_swap(&p[m], &p[0]);
        pair pivot = p[0];
        int64_t i = 0, j = n;
        for (;;) {
            do i++;
            while (i < n && pair_lt(p[i], pivot));
            do j--;
            while (pair_lt(pivot, p[j]));
            if (i >= j) break;
            pair_swap(&p[i], &p[j]);
        }
        pair_swap(&p[0], &p[j]);
        if (j == kth) return;
        if (kth < j) {
            n = j;
        } else {
            p += j + 1, n -= j + 1, kth -= j + 1;
        }
    }
    for (int64_t i = 1; i < n; i++)
        for (int64_t j = i; j > 0 && pair_lt(p[j], p[j - 1]); j--) pair_swap(&p[j], &p[j - 1]);
}

/* np.partition's values: the same selection on the elements themselves, in
   nd__key's order (NaN last; -0.0 and 0.0 tie), with no index carried and
   no gather. While no two keys compare equal it makes select_pairs' swaps,
   so the result is a[argpartition(a)]; equal keys can steer it to another
   arrangement, which is still a partition (NumPy leaves the order within
   each side undefined). */
#define FLT_LT(a, b) ((a) < (b) || ((b) != (b) && (a) == (a)))
#define INT_LT(a, b) ((a) < (b))
#define F16_LT(a, b)                                                                               \
    (nd__key(ND_FLOAT16, (const char *)&(a)) < nd__key(ND_FLOAT16, (const char *)&(b)))
#define SELECT_VALUES(NAME, T, LT)                                                                 \
    static nd_status NAME(const nd_ktable *k, nd_dtype t, char *lane, int64_t n, int64_t kth,      \
                          nd__scratch *s) {                                                        \
        T *p = (T *)(void *)lane;                                                                  \
        for (int round = 0; n > 16; round++) {                                                     \
            if (round == 64) return nd__sort_lane(k, t, (char *)p, n, s);                          \
            int64_t m = n / 2, i = 0, j = n;                                                       \
            T x;                                                                                   \
            if (LT(p[m], p[0])) x = p[m], p[m] = p[0], p[0] = x;                                   \
            if (LT(p[n - 1], p[m])) x = p[m], p[m] = p[n - 1], p[n - 1] = x;                       \
            if (LT(p[m], p[0])) x = p[m], p[m] = p[0], p[0] = x;                                   \
            T pivot = p[m];                                                                        \
            p[m] = p[0], p[0] = pivot;                                                             \
            for (;;) {                                                                             \
                do i++;                                                                            \
                while (i < n && LT(p[i], pivot));                                                  \
                do j--;                                                                            \
                while (LT(pivot, p[j]));                                                           \
                if (i >= j) break;                                                                 \
                x = p[i], p[i] = p[j], p[j] = x;                                                   \
            }                                                                                      \
            p[0] = p[j], p[j] = pivot;                                                             \
            if (j == kth) return ND_OK;                                                            \
            if (kth < j) {                                                                         \
                n = j;                                                                             \
            } else {                                                                               \
                p += j + 1, n -= j + 1, kth -= j + 1;                                              \
            }                                                                                      \
        }                                                                                          \
        for (int64_t i = 1; i < n; i++)                                                            \
            for (int64_t j = i; j > 0 && LT(p[j], p[j - 1]); j--) {                                \
                T x = p[j];                                                                        \
                p[j] = p[j - 1], p[j - 1] = x;                                                     \
            }                                                                                      \
        return ND_OK;                                                                              \
    }
SELECT_VALUES(select_u8, uint8_t, INT_LT)
SELECT_VALUES(select_i8, int8_t, INT_LT)
SELECT_VALUES(select_i16, int16_t, INT_LT)
SELECT_VALUES(select_u16, uint16_t, INT_LT)
SELECT_VALUES(select_i32, int32_t, INT_LT)
SELECT_VALUES(select_u32, uint32_t, INT_LT)
SELECT_VALUES(select_i64, int64_t, INT_LT)
SELECT_VALUES(select_u64, uint64_t, INT_LT)
SELECT_VALUES(select_f16, uint16_t, F16_LT)
SELECT_VALUES(select_f32, float, FLT_LT)
SELECT_VALUES(select_f64, double, FLT_LT)

/* by dtype (nd_dtype order); complex has none (it takes the stable sort) */
static nd_status (*const select_values[ND_NUM_DTYPES])(const nd_ktable *, nd_dtype, char *, int64_t,
                                                       int64_t, nd__scratch *) = {
    select_u8,  select_i8,  select_i16, select_i32, select_i64, select_u8,
    select_u16, select_u32, select_u64, select_f16, select_f32, select_f64};

/* partition of one lane, copied to out first */
static nd_status partition_lane(const nd_ktable *k, nd_dtype t, const char *p, int64_t n,
                                const int64_t *kth, int nkth, char *out, nd__scratch *s) {
    size_t w = nd__itemsize(t);
    memcpy(out, p, (size_t)n * w);
    if (nd__is_complex(t)) return nd__sort_lane(k, t, out, n, s);
    int64_t lo = 0;
    nd_status st = ND_OK;
    for (int i = 0; i < nkth && !st; i++) {
        if (kth[i] < lo) continue; /* a repeated kth */
        st = select_values[t](k, t, out + lo * (int64_t)w, n - lo, kth[i] - lo, s);
        lo = kth[i] + 1;
    }
    return st;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static nd_status argpartition_lane(const nd_ktable *k, nd_dtype t, const char *p, int64_t n,
                                   const int64_t *kth, int nkth, int64_t *idx, nd__scratch *s) {
    if (nd__is_complex(t)) return nd__argsort_lane(k, t, p, n, idx, s);
    pair *q = nd__scratch_get(s, n, sizeof(pair));
    if (!q) return nd_last_error();
    size_t w = nd__itemsize(t);
    for (int64_t i = 0; i < n; i++) q[i].lo = (uint64_t)i, q[i].hi = nd__key(t, p + i * (int64_t)w);
    int64_t lo = 0;
    for (int i = 0; i < nkth; i++) {
        if (kth[i] < lo) continue; /* a repeated kth */
        select_pairs(k, q + lo, n - lo, kth[i] - lo);
        lo = kth[i] + 1;
    }
    for (int64_t i = 0; i < n; i++) idx[i] = (int64_t)q[i].lo;
    return ND_OK;
}

static nd_array *partition(const char *func, const nd_array *a, int nkth, const int64_t *kth,
                           int axis, bool values) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (nkth < 0) return nd__bad_count(func, "nkth", nkth), NULL;
    if (nkth > 0 && !kth) return nd__null_arg(func, "kth"), NULL;
    int ax;
    int64_t n, nl;
    nd_array *v = nd__lanes(func, a, axis, &ax, &n, &nl, false), *r = NULL;
    if (!v) return NULL;
    int64_t *ks = nd__malloc(sizeof(int64_t) * (size_t)(nkth + 1));
    if (!ks) return nd__nomem(func, sizeof(int64_t) * (size_t)(nkth + 1)), nd_release(v), NULL;
    for (int i = 0; i < nkth; i++) {
        ks[i] = kth[i] < 0 ? kth[i] + n : kth[i];
        if (ks[i] < 0 || ks[i] >= n) {
            nd__error(ND_ERR_VALUE, func, "kth(=%lld) out of bounds (%lld)", (long long)kth[i],
                      (long long)n);
            return nd__free(ks), nd_release(v), NULL;
        }
    }
    qsort(ks, (size_t)nkth, sizeof *ks, cmp_i64);
    nd__scratch s = {func, NULL, 0};
    if (values)
        r = nd__alloc(func, v->dtype, v->ndim, v->shape, ND_ORDER_C, false);
    else
        r = nd__alloc(func, ND_INT64, v->ndim, v->shape, ND_ORDER_C, false);
    nd_status st = r ? ND_OK : nd_last_error();
    const nd_ktable *k = nd__kernels();
    size_t w = nd__itemsize(v->dtype);
    for (int64_t l = 0; l < nl && !st; l++) {
        const char *p = v->data + l * n * (int64_t)w;
        if (values)
            st = partition_lane(k, v->dtype, p, n, ks, nkth, r->data + l * n * (int64_t)w, &s);
        else
            st = argpartition_lane(k, v->dtype, p, n, ks, nkth, (int64_t *)(void *)r->data + l * n,
                                   &s);
    }
    if (st) nd_release(r), r = NULL;
    nd__scratch_free(&s), nd__free(ks), nd_release(v);
    return nd__unlanes(r, ax);
}

nd_array *nd_partition(const nd_array *a, int nkth, const int64_t *kth, int axis) {
    return partition("nd_partition", a, nkth, kth, axis, true);
}
nd_array *nd_argpartition(const nd_array *a, int nkth, const int64_t *kth, int axis) {
    return partition("nd_argpartition", a, nkth, kth, axis, false);
}
