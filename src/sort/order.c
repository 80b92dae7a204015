/* NumPy's sort order as keys and comparisons, and the stable merge sort
   for what has no key (complex). */
#include <math.h>
#include <string.h>

#include "sort/sort_internal.h"
#include "thread/pool.h"

int nd__key_bytes(nd_dtype t) { return nd__is_complex(t) ? 0 : (int)nd__itemsize(t); }

static uint64_t load_bits(const char *p, size_t w) {
    uint8_t b1;
    uint16_t b2;
    uint32_t b4;
    uint64_t b8;
    switch (w) {
    case 1: return memcpy(&b1, p, 1), b1;
    case 2: return memcpy(&b2, p, 2), b2;
    case 4: return memcpy(&b4, p, 4), b4;
    default: return memcpy(&b8, p, 8), b8;
    }
}

/* Sign bit and +inf bits of the float dtypes by width. */
static uint64_t sign_bit(size_t w) { return UINT64_C(1) << (8 * w - 1); }
static uint64_t inf_bits(size_t w) {
    return w == 2 ? 0x7c00 : w == 4 ? 0x7f800000 : UINT64_C(0x7ff0000000000000);
}

/* The order key of a float's bits: NaN after everything, -0.0 as 0.0,
   negatives with their magnitude bits flipped below the positives. */
static inline uint64_t float_key(uint64_t x, uint64_t s, uint64_t inf) {
    uint64_t mag = x & (s - 1), mask = s | (s - 1);
    if (mag > inf) return mask;
    if (mag == 0) return s;
    return (x & s) ? ~x & mask : x | s;
}

uint64_t nd__key(nd_dtype t, const char *p) {
    size_t w = nd__itemsize(t);
    uint64_t x = load_bits(p, w), s = sign_bit(w);
    if (nd__is_float(t)) return float_key(x, s, inf_bits(w));
    return nd__is_signed(t) ? x ^ s : x;
}

/* NumPy's complex "less than" (npysort's CLT): NaN parts sort last. */
static bool complex_lt(double ar, double ai, double br, double bi) {
    if (ar < br) return ai == ai || bi != bi;
    if (ar > br) return bi != bi && ai == ai;
    if (ar == br || (ar != ar && br != br)) return ai < bi || (bi != bi && ai == ai);
    return br != br;
}

static void complex_parts(nd_dtype t, const char *p, double *re, double *im) {
    if (t == ND_COMPLEX64) {
        float v[2];
        memcpy(v, p, sizeof v);
        *re = v[0], *im = v[1];
    } else {
        double v[2];
        memcpy(v, p, sizeof v);
        *re = v[0], *im = v[1];
    }
}

int nd__cmp(nd_dtype t, const char *a, const char *b) {
    if (!nd__is_complex(t)) {
        uint64_t ka = nd__key(t, a), kb = nd__key(t, b);
        return (ka > kb) - (ka < kb);
    }
    double ar, ai, br, bi;
    complex_parts(t, a, &ar, &ai);
    complex_parts(t, b, &br, &bi);
    return complex_lt(ar, ai, br, bi) ? -1 : complex_lt(br, bi, ar, ai) ? 1 : 0;
}

bool nd__equal(nd_dtype t, const char *a, const char *b) {
    if (nd__is_complex(t)) {
        double ar, ai, br, bi;
        complex_parts(t, a, &ar, &ai);
        complex_parts(t, b, &br, &bi);
        return ar == br && ai == bi;
    }
    if (nd__is_float(t)) {
        size_t w = nd__itemsize(t);
        uint64_t s = sign_bit(w), xa = load_bits(a, w), xb = load_bits(b, w);
        if ((xa & (s - 1)) > inf_bits(w) || (xb & (s - 1)) > inf_bits(w)) return false;
    }
    return nd__key(t, a) == nd__key(t, b);
}

nd_array *nd__flat_as(const nd_array *a, nd_dtype t) {
    nd_array *f = nd_flatten(a);
    if (!f || f->dtype == t) return f;
    nd_array *c = nd_astype(f, t);
    nd_release(f);
    return c;
}

double nd__round_to(nd_dtype t, double v) {
    if (t == ND_FLOAT64) return v;
    char tmp[16];
    nd__cast_one(ND_FLOAT64, &v, t, tmp);
    nd__cast_one(t, tmp, ND_FLOAT64, &v);
    return v;
}

/* ---- stable merge sort of items (values or indices) by a comparison ---- */

typedef struct {
    nd_dtype t;
    const char *base; /* indices: the values they point into; NULL: items are values */
    size_t isz;       /* item size */
} order_ctx;

static bool item_lt(const order_ctx *c, const char *x, const char *y) {
    if (!c->base) return nd__cmp(c->t, x, y) < 0;
    int64_t i, j;
    memcpy(&i, x, 8), memcpy(&j, y, 8);
    size_t w = nd__itemsize(c->t);
    return nd__cmp(c->t, c->base + (size_t)i * w, c->base + (size_t)j * w) < 0;
}

static void merge_sort(const order_ctx *c, char *p, int64_t n, char *tmp) {
    size_t s = c->isz;
    if (n <= 16) {
        char x[16];
        for (int64_t i = 1; i < n; i++) {
            memcpy(x, p + i * s, s);
            int64_t j = i;
            for (; j > 0 && item_lt(c, x, p + (j - 1) * s); j--) memcpy(p + j * s, p + (j - 1) * s, s);
            memcpy(p + j * s, x, s);
        }
        return;
    }
    int64_t h = n / 2;
    merge_sort(c, p, h, tmp);
    merge_sort(c, p + h * s, n - h, tmp);
    int64_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        /* take from the right only when strictly smaller: stable */
        if (item_lt(c, p + j * s, p + i * s)) memcpy(tmp + k++ * s, p + j++ * s, s);
        else memcpy(tmp + k++ * s, p + i++ * s, s);
    }
    memcpy(tmp + k * s, p + i * s, (size_t)(h - i) * s);
    k += h - i;
    memcpy(p, tmp, (size_t)k * s); /* the rest of the right half is in place */
}

/* ---- lanes ---- */

void *nd__scratch_get(nd__scratch *s, int64_t n, size_t per) {
    int64_t b;
    if (nd__mul_ovf(n, (int64_t)per, &b) || nd__add_ovf(b, 64, &b))
        return nd__error(ND_ERR_OVERFLOW, s->func, "%lld elements of scratch overflow",
                         (long long)n),
               NULL;
    if ((size_t)b <= s->size) return s->p;
    if (s->size && (size_t)b < 2 * s->size) b = (int64_t)(2 * s->size); /* few regrowths */
    void *p = nd__malloc((size_t)b);
    if (!p) return nd__nomem(s->func, (size_t)b), NULL;
    if (s->size) memcpy(p, s->p, s->size);
    nd__free(s->p);
    s->p = p, s->size = (size_t)b;
    return p;
}

void nd__scratch_free(nd__scratch *s) {
    nd__free(s->p);
    s->p = NULL, s->size = 0;
}

/* Sorts NaN-free floats as signed integers: flipping the magnitude bits of
   negative numbers makes the integer order the float order (-0.0 before
   0.0), and the flip is its own inverse. */
static void sort_float_bits(const nd_ktable *k, nd_dtype t, char *p, int64_t n) {
#define FLIP(T, U, bits)                                                                           \
    for (int64_t i = 0; i < n; i++) {                                                              \
        U x;                                                                                       \
        memcpy(&x, p + i * (int64_t)sizeof(U), sizeof(U));                                         \
        x ^= (U)((T)x >> (bits - 1)) >> 1;                                                         \
        memcpy(p + i * (int64_t)sizeof(U), &x, sizeof(U));                                         \
    }
    if (t == ND_FLOAT64) {
        FLIP(int64_t, uint64_t, 64)
        k->sort[ND_INT64](p, n);
        FLIP(int64_t, uint64_t, 64)
    } else if (t == ND_FLOAT32) {
        FLIP(int32_t, uint32_t, 32)
        k->sort[ND_INT32](p, n);
        FLIP(int32_t, uint32_t, 32)
    } else {
        FLIP(int16_t, uint16_t, 16)
        k->sort[ND_INT16](p, n);
        FLIP(int16_t, uint16_t, 16)
    }
#undef FLIP
}

/* Sorts that split over the pool: at least this many elements, at most
   this many parts. */
#define SPLIT_MIN ((int64_t)1 << 16)
#define SPLIT_PARTS 8

typedef struct {
    const nd_ktable *k;
    nd_dtype t;
    size_t w;
    char *p[SPLIT_PARTS];
    int64_t n[SPLIT_PARTS];
} split_task;

static void sort_part(void *ctx, int64_t c, int worker) {
    (void)worker;
    split_task *s = ctx;
    s->k->sort[s->t](s->p[c], s->n[c]);
}

/* Partitions part c around the median of 63 evenly spaced samples into
   parts c and nparts; false when every element went to one side. */
static bool split_part(split_task *s, int c, int nparts) {
    char smp[63 * 8];
    int64_t n = s->n[c], step = n / 63;
    for (int i = 0; i < 63; i++) memcpy(smp + i * s->w, s->p[c] + i * step * (int64_t)s->w, s->w);
    s->k->sort[s->t](smp, 63);
    int64_t b = s->k->sort_split[s->t](s->p[c], n, smp + 31 * s->w);
    if (b == 0 || b == n) return false;
    s->p[nparts] = s->p[c] + b * (int64_t)s->w, s->n[nparts] = n - b;
    s->n[c] = b;
    return true;
}

/* Sorts n elements whose order is total and whose equal elements are equal
   bits (integers; floats without NaN or -0.0), so the result is one
   sequence whatever the route: long runs are cut by partitions around
   sample medians into a part per thread, sorted in parallel. */
static void sort_keys(const nd_ktable *k, nd_dtype t, char *p, int64_t n) {
    int want = nd_get_num_threads() < SPLIT_PARTS ? nd_get_num_threads() : SPLIT_PARTS;
    if (want < 2 || n < SPLIT_MIN || !k->sort_split[t]) {
        k->sort[t](p, n);
        return;
    }
    split_task s = {.k = k, .t = t, .w = nd__itemsize(t), .p = {p}, .n = {n}};
    int nparts = 1;
    while (nparts < want) {
        int big = 0;
        for (int c = 1; c < nparts; c++)
            if (s.n[c] > s.n[big]) big = c;
        if (s.n[big] < SPLIT_MIN || !split_part(&s, big, nparts)) break;
        nparts++;
    }
    nd__parallel(nparts, sort_part, &s);
}

/* Floats: NaNs move to the end in input order; the signs of the zeros are
   recorded in input order so the sorted zero run can repeat them. */
static nd_status sort_float_lane(const nd_ktable *k, nd_dtype t, char *p, int64_t n,
                                 nd__scratch *sc) {
    size_t w = nd__itemsize(t);
    uint64_t s = sign_bit(w), inf = inf_bits(w);
    int hazards = k->float_hazards[w == 8 ? 2 : w == 4 ? 1 : 0](p, n);
    if (!hazards && t != ND_FLOAT16) { /* the common lane: sorted as floats */
        sort_keys(k, t, p, n);
        return ND_OK;
    }
    if (!(hazards & 1)) {
        sort_float_bits(k, t, p, n);
        return ND_OK;
    }
    char *scratch = nd__scratch_get(sc, n, w + 1), *nans = scratch;
    if (!scratch) return nd_last_error();
    uint8_t *zsign = (uint8_t *)scratch + (size_t)n * w;
    int64_t m = 0, nn = 0, nz = 0;
    bool negz = false;
    for (int64_t i = 0; i < n; i++) {
        uint64_t x = load_bits(p + i * (int64_t)w, w), mag = x & (s - 1);
        if (mag > inf) {
            memcpy(nans + nn++ * (int64_t)w, p + i * (int64_t)w, w);
            continue;
        }
        if (mag == 0) negz |= (zsign[nz++] = (x & s) != 0);
        if (m != i) memcpy(p + m * (int64_t)w, p + i * (int64_t)w, w);
        m++;
    }
    memcpy(p + m * (int64_t)w, nans, (size_t)nn * w);
    sort_float_bits(k, t, p, m);
    if (!negz) return ND_OK;
    int64_t lo = 0, hi = m; /* first element not below zero */
    uint64_t zkey = nd__key(t, (const char *)&(uint64_t){0});
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (nd__key(t, p + mid * (int64_t)w) < zkey) lo = mid + 1;
        else hi = mid;
    }
    for (int64_t i = 0; i < nz; i++) {
        uint64_t z = zsign[i] ? s : 0;
        memcpy(p + (lo + i) * (int64_t)w, &z, w); /* little-endian low bytes */
    }
    return ND_OK;
}

nd_status nd__sort_lane(const nd_ktable *k, nd_dtype t, char *p, int64_t n, nd__scratch *sc) {
    if (n < 2) return ND_OK;
    if (nd__is_complex(t)) {
        order_ctx c = {t, NULL, nd__itemsize(t)};
        char *tmp = nd__scratch_get(sc, n, c.isz);
        if (!tmp) return nd_last_error();
        merge_sort(&c, p, n, tmp);
    } else if (nd__is_float(t)) {
        return sort_float_lane(k, t, p, n, sc);
    } else {
        sort_keys(k, t, p, n); /* equal integers are equal bits: stable */
    }
    return ND_OK;
}

/* u[i] = (key(p[i]) >> drop) << ib | i, one loop per element width so the
   key is inlined. */
static void pack_keys(nd_dtype t, const char *p, int64_t n, int drop, int ib, uint64_t *u) {
    size_t w = nd__itemsize(t);
    uint64_t s = sign_bit(w), flip = nd__is_signed(t) ? s : 0;
#define PACK(T, KEY)                                                                               \
    for (int64_t i = 0; i < n; i++) {                                                              \
        T x;                                                                                       \
        memcpy(&x, p + i * (int64_t)sizeof(T), sizeof(T));                                         \
        u[i] = ((KEY) >> drop) << ib | (uint64_t)i;                                                \
    }
    if (nd__is_float(t)) {
        uint64_t inf = inf_bits(w);
        if (w == 8) PACK(uint64_t, float_key(x, s, inf))
        else if (w == 4) PACK(uint32_t, float_key(x, s, inf))
        else PACK(uint16_t, float_key(x, s, inf))
    } else if (w == 8) PACK(uint64_t, x ^ flip)
    else if (w == 4) PACK(uint32_t, (uint64_t)x ^ flip)
    else if (w == 2) PACK(uint16_t, (uint64_t)x ^ flip)
    else PACK(uint8_t, (uint64_t)x ^ flip)
#undef PACK
}

/* Sorts pairs (index, key) of p[idx[0..m)] by key, then index, and writes
   the indices back: the exact order for a run of equal key prefixes. */
static void argsort_run(const nd_ktable *k, nd_dtype t, const char *p, int64_t *idx, int64_t m,
                        uint64_t *pairs) {
    size_t w = nd__itemsize(t);
    for (int64_t i = 0; i < m; i++)
        pairs[2 * i] = (uint64_t)idx[i], pairs[2 * i + 1] = nd__key(t, p + idx[i] * (int64_t)w);
    k->sort_pairs(pairs, m);
    for (int64_t i = 0; i < m; i++) idx[i] = (int64_t)pairs[2 * i];
}

/* Argsort as one uint64 sort: the key's top bits above the index's bits,
   so equal prefixes keep index order; runs whose prefixes tie are then
   sorted exactly by (key, index). Keys of <= 4 bytes fit whole (no runs to
   fix while n <= 2^32); for 8-byte keys the runs are rare unless the
   values agree in their top 64 - log2(n) bits. */
nd_status nd__argsort_lane(const nd_ktable *k, nd_dtype t, const char *p, int64_t n,
                           int64_t *idx, nd__scratch *sc) {
    int kb = nd__key_bytes(t);
    if (kb == 0) {
        for (int64_t i = 0; i < n; i++) idx[i] = i;
        order_ctx c = {t, p, 8};
        char *tmp = nd__scratch_get(sc, n, 8);
        if (!tmp) return nd_last_error();
        merge_sort(&c, (char *)idx, n, tmp);
        return ND_OK;
    }
    /* room after the keys for tied runs of up to 1024 pairs without regrowth */
    uint64_t *u = nd__scratch_get(sc, n + 2048, 8);
    if (!u) return nd_last_error();
    int ib = 1; /* bits for an index */
    while (ib < 63 && (INT64_C(1) << ib) < n) ib++;
    int kbits = 8 * kb, keep = 64 - ib; /* key bits kept above the index */
    int drop = kbits > keep ? kbits - keep : 0;
    pack_keys(t, p, n, drop, ib, u);
    k->sort[ND_UINT64]((char *)u, n);
    uint64_t imask = (UINT64_C(1) << ib) - 1;
    for (int64_t i = 0; i < n; i++) idx[i] = (int64_t)(u[i] & imask);
    if (!drop) return ND_OK;
    for (int64_t i = 0; i < n;) { /* the tied prefixes, in place of their run */
        int64_t j = i + 1;
        while (j < n && (u[j] >> ib) == (u[i] >> ib)) j++;
        if (j - i > 1) {
            /* pairs go after the packed keys; the scratch may move */
            if (!nd__scratch_get(sc, n + 2 * (j - i), 8)) return nd_last_error();
            u = sc->p;
            argsort_run(k, t, p, idx + i, j - i, u + n);
        }
        i = j;
    }
    return ND_OK;
}

nd_array *nd__lanes(const char *func, const nd_array *a, int axis, int *ax, int64_t *n,
                    int64_t *nlanes, bool copy) {
    nd_array *r;
    bool whole = axis == ND_AXIS_ALL || (a->ndim > 0 && (axis == -1 || axis == a->ndim - 1));
    if (!copy && whole && nd_is_c_contiguous(a)) { /* already lanes: read in place */
        int64_t sz = nd_size(a);
        if (axis == ND_AXIS_ALL) {
            *ax = -1;
            r = nd_reshape(a, 1, &sz);
        } else {
            *ax = a->ndim - 1;
            r = nd_retain((nd_array *)a);
        }
    } else if (axis == ND_AXIS_ALL) {
        *ax = -1;
        r = nd_flatten(a);
    } else {
        if (nd__normalize_axis(func, axis, a->ndim, ax)) return NULL;
        nd_array *v = nd_moveaxis(a, *ax, -1);
        r = v ? nd_copy(v) : NULL;
        nd_release(v);
    }
    if (!r) return NULL;
    *n = r->shape[r->ndim - 1];
    *nlanes = nd__shape_prod(r->ndim - 1, r->shape); /* lanes exist even when empty */
    return r;
}

nd_array *nd__unlanes(nd_array *r, int ax) {
    if (!r || ax < 0 || ax == r->ndim - 1) return r;
    nd_array *v = nd_moveaxis(r, -1, ax), *c = v ? nd_copy(v) : NULL;
    nd_release(v), nd_release(r);
    return c;
}
