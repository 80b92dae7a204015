/* The boolean-mask paths (src/manip/mask.c, kernels/generic/mask.c):
   a[mask], a[mask] = v, np.copyto(where=), flatnonzero, nonzero, argwhere,
   count_nonzero, against plain loops written here, at every ISA level this
   machine runs, every dtype, sizes around the vector widths, densities
   from none to all, strided operands, mask bytes other than 0/1, and the
   error cases. */
#include "nd_test.h"

static const char *levels[] = {"scalar", "baseline", "avx2", "avx512"};
static const int64_t sizes[] = {0, 1, 7, 8, 16, 17, 63, 64, 65, 1000, 4099};
static const int dens[] = {0, 3, 50, 97, 100}; /* percent true */

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

/* a C-contiguous array of dtype t whose bytes are random */
static nd_array *random_array(nd_dtype t, int64_t n) {
    nd_array *a = nd_empty(t == ND_BOOL ? ND_UINT8 : t, 1, &n);
    ck_assert_ptr_nonnull(a);
    unsigned char *p = nd_data(a);
    for (int64_t i = 0; i < nd_nbytes(a); i++) p[i] = (unsigned char)next();
    if (t == ND_FLOAT16) /* nd_copy quiets a signaling float16 NaN (NumPy copies bits): none here */
        for (int64_t i = 0; i < n; i++)
            if ((p[2 * i + 1] & 0x7c) == 0x7c) p[2 * i + 1] |= 0x02;
    if (t == ND_BOOL) {
        for (int64_t i = 0; i < n; i++) p[i] &= 1;
        nd_array *b = nd_wrap(p, ND_BOOL, 1, &n, NULL, NULL, NULL); /* views a's bytes */
        nd_array *c = nd_copy(b);
        nd_release(b), nd_release(a);
        return c;
    }
    return a;
}

/* a bool mask with about pct% true; true bytes are 1, or (odd) other
   nonzero values, which NumPy reads as true too */
static nd_array *random_mask(int64_t n, int pct, bool odd, unsigned char **store) {
    *store = malloc((size_t)n + 1);
    for (int64_t i = 0; i < n; i++)
        (*store)[i] = (int)(next() % 100) < pct ? (odd ? (unsigned char)(1 + next() % 255) : 1) : 0;
    nd_array *m = nd_wrap(*store, ND_BOOL, 1, &n, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(m);
    return m;
}

static int64_t true_count(const unsigned char *m, int64_t n) {
    int64_t c = 0;
    for (int64_t i = 0; i < n; i++) c += m[i] != 0;
    return c;
}

static void check_level(void (*body)(void)) {
    const char *saved = nd_isa();
    for (int L = 0; L < 4; L++) {
        if (nd_set_isa(levels[L]) != ND_OK) { /* beyond this machine */
            nd_clear_error();
            continue;
        }
        body();
    }
    ck_assert_int_eq(nd_set_isa(saved), ND_OK);
}

static void get_set_body(void) {
    for (int t = 0; t < ND_NUM_DTYPES; t++)
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
            for (size_t d = 0; d < sizeof dens / sizeof *dens; d++) {
                int64_t n = sizes[s];
                size_t w = nd_dtype_size((nd_dtype)t);
                unsigned char *ms;
                nd_array *a = random_array((nd_dtype)t, n),
                         *m = random_mask(n, dens[d], d & 1, &ms);
                const unsigned char *ap = nd_data(a);
                int64_t cnt = true_count(ms, n);
                nd_index ix = {.kind = ND_IDX_ARRAY, .array = m};
                /* get */
                nd_array *g = nd_index_get(a, 1, &ix);
                ck_assert_ptr_nonnull(g);
                ck_assert_int_eq(nd_size(g), cnt);
                const unsigned char *gp = nd_data(g);
                for (int64_t i = 0, k = 0; i < n; i++)
                    if (ms[i]) ck_assert(!memcmp(gp + w * (size_t)k++, ap + w * (size_t)i, w));
                /* set from an array, one value per true entry: a[mask] = g[::-1] */
                nd_array *b = nd_copy(a), *gr = nd_slice(g, "::-1");
                ck_assert_int_eq(nd_index_set(b, 1, &ix, gr), ND_OK);
                const unsigned char *bp = nd_data(b);
                for (int64_t i = 0, k = 0; i < n; i++)
                    ck_assert_msg(
                        !memcmp(bp + w * (size_t)i,
                                ms[i] ? gp + w * (size_t)(cnt - 1 - k++) : ap + w * (size_t)i, w),
                        "%s %s n=%lld i=%lld", nd_isa(), nd_dtype_name((nd_dtype)t), (long long)n,
                        (long long)i);
                /* set one value (the last element, or nothing to set) */
                if (n) {
                    nd_array *c = nd_copy(a), *v = nd_slice(a, "-1");
                    ck_assert_int_eq(nd_index_set(c, 1, &ix, v), ND_OK);
                    const unsigned char *cp = nd_data(c);
                    for (int64_t i = 0; i < n; i++)
                        ck_assert(
                            !memcmp(cp + w * (size_t)i, ap + w * (size_t)(ms[i] ? n - 1 : i), w));
                    /* copyto where= with a full source, and with one value */
                    nd_array *e = nd_copy(a);
                    ck_assert_int_eq(nd_copyto(e, gr, ND_CAST_UNSAFE, NULL) == ND_OK,
                                     cnt == n || cnt == 1);
                    nd_clear_error();
                    nd_array *src = nd_flip(a, 0), *f = nd_copy(a);
                    ck_assert_int_eq(nd_copyto(f, src, ND_CAST_NO, m), ND_OK);
                    const unsigned char *fp = nd_data(f);
                    for (int64_t i = 0; i < n; i++)
                        ck_assert(!memcmp(fp + w * (size_t)i,
                                          ap + w * (size_t)(ms[i] ? n - 1 - i : i), w));
                    ck_assert_int_eq(nd_copyto(e, v, ND_CAST_NO, m), ND_OK);
                    const unsigned char *ep = nd_data(e);
                    for (int64_t i = 0; i < n; i++)
                        if (ms[i])
                            ck_assert(!memcmp(ep + w * (size_t)i, ap + w * (size_t)(n - 1), w));
                    nd_release(c), nd_release(v), nd_release(e), nd_release(src), nd_release(f);
                }
                /* flatnonzero and count_nonzero */
                nd_array *z = nd_flatnonzero(m);
                ck_assert_ptr_nonnull(z);
                ck_assert_int_eq(nd_size(z), cnt);
                ck_assert_int_eq(nd_count_nonzero(m), cnt);
                const int64_t *zp = nd_data(z);
                for (int64_t i = 0, k = 0; i < n; i++)
                    if (ms[i]) ck_assert_int_eq(zp[k++], i);
                nd_release(z), nd_release(g), nd_release(b), nd_release(gr);
                nd_release(a), nd_release(m);
                free(ms);
            }
}

START_TEST(get_set_all_levels) { check_level(get_set_body); }
END_TEST

/* nonzero and argwhere of 2-D and 3-D arrays, rows short and long,
   against the multi-index of each true element in C order */
static void nonzero_body(void) {
    static const int64_t shapes[][3] = {{3, 5, 1}, {4, 16, 1}, {7, 33, 1},  {2, 3, 70},
                                        {5, 0, 1}, {0, 20, 1}, {2, 100, 1}, {3, 4, 15}};
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
        for (size_t d = 0; d < sizeof dens / sizeof *dens; d++) {
            int nd = shapes[s][2] == 1 ? 2 : 3;
            int64_t n = shapes[s][0] * shapes[s][1] * shapes[s][2];
            unsigned char *ms;
            nd_array *flat = random_mask(n, dens[d], d & 1, &ms);
            nd_array *m = nd_reshape(flat, nd, shapes[s]);
            nd_array *f64 = nd_astype(m, ND_FLOAT64); /* the non-bool path */
            for (int pass = 0; pass < 2; pass++) {
                nd_array *out[3], *aw = nd_argwhere(pass ? f64 : m);
                ck_assert_int_eq(nd_nonzero(pass ? f64 : m, out), ND_OK);
                int64_t cnt = true_count(ms, n);
                ck_assert_ptr_nonnull(aw);
                ck_assert_int_eq(nd_shape(aw)[0], cnt);
                ck_assert_int_eq(nd_shape(aw)[1], nd);
                const int64_t *awp = nd_data(aw);
                for (int64_t i = 0, k = 0; i < n; i++) {
                    if (!ms[i]) continue;
                    int64_t rem = i;
                    for (int a = nd - 1; a >= 0; a--) {
                        int64_t idx = rem % shapes[s][a];
                        rem /= shapes[s][a];
                        ck_assert_int_eq(((const int64_t *)nd_data(out[a]))[k], idx);
                        ck_assert_int_eq(awp[k * nd + a], idx);
                    }
                    k++;
                }
                for (int a = 0; a < nd; a++) {
                    ck_assert_int_eq(nd_size(out[a]), cnt);
                    nd_release(out[a]);
                }
                nd_release(aw);
            }
            nd_release(f64), nd_release(m), nd_release(flat);
            free(ms);
        }
}

START_TEST(nonzero_all_levels) { check_level(nonzero_body); }
END_TEST

/* strided operands and dtype changes go through the same answers */
START_TEST(strided_and_cast) {
    int64_t n = 301, shape2[2] = {7, 43};
    nd_array *base = nd_arange(0, 2 * n, 1, ND_FLOAT64), *a = nd_slice(base, "::2");
    nd_array *five = nd_lit_f64(5), *three = nd_lit_f64(3), *m3 = nd_remainder(a, three, NULL);
    nd_array *zero = nd_lit_i64(0), *m = nd_equal(m3, zero, NULL);
    nd_index ix = {.kind = ND_IDX_ARRAY, .array = m};
    nd_array *g = nd_index_get(a, 1, &ix);
    ck_assert_int_eq(nd_size(g), 101);
    for (int64_t k = 0; k < 101; k++) ck_assert(nd_get_f64(g, &k) == 6.0 * (double)k);
    /* a strided destination (declined by the fast path) and an int value */
    ck_assert_int_eq(nd_index_set(a, 1, &ix, five), ND_OK);
    for (int64_t i = 0; i < n; i++) ck_assert(nd_get_f64(a, &i) == (i % 3 ? 2.0 * (double)i : 5.0));
    /* int32 destination from float64 source under unsafe casting */
    nd_array *d = nd_zeros(ND_INT32, 1, &n), *src = nd_full(ND_FLOAT64, 1, &n, 2.75);
    ck_assert_int_eq(nd_copyto(d, src, ND_CAST_SAME_KIND, m), ND_ERR_DTYPE);
    nd_clear_error();
    ck_assert_int_eq(nd_copyto(d, src, ND_CAST_UNSAFE, m), ND_OK);
    for (int64_t i = 0; i < n; i++) ck_assert(nd_get_f64(d, &i) == (i % 3 ? 0.0 : 2.0));
    /* a 2-D mask of a transposed (non-contiguous) array */
    nd_array *b = nd_arange(0, 301, 1, ND_INT64), *b2 = nd_reshape(b, 2, shape2);
    nd_array *l150 = nd_lit_i64(150), *bt = nd_transpose(b2, NULL),
             *mt = nd_greater(bt, l150, NULL);
    nd_index it = {.kind = ND_IDX_ARRAY, .array = mt};
    nd_array *gt = nd_index_get(bt, 1, &it);
    ck_assert_int_eq(nd_size(gt), 150);
    int64_t k = 0;
    for (int64_t c = 0; c < 43; c++)
        for (int64_t r = 0; r < 7; r++)
            if (r * 43 + c > 150) {
                ck_assert(nd_get_f64(gt, &k) == (double)(r * 43 + c));
                k++;
            }
    nd_release(base), nd_release(a), nd_release(five), nd_release(m3), nd_release(zero);
    nd_release(m), nd_release(g), nd_release(d), nd_release(src), nd_release(b);
    nd_release(b2), nd_release(bt), nd_release(mt), nd_release(gt), nd_release(three);
    nd_release(l150);
}
END_TEST

START_TEST(errors) {
    int64_t n = 10, n2 = 9;
    nd_array *a = nd_zeros(ND_FLOAT64, 1, &n), *m = nd_ones(ND_BOOL, 1, &n2);
    nd_array *m10 = nd_ones(ND_BOOL, 1, &n), *v3 = nd_ones(ND_FLOAT64, 1, &(int64_t){3});
    nd_index ix = {.kind = ND_IDX_ARRAY, .array = m};
    ck_assert_ptr_null(nd_index_get(a, 1, &ix));
    ck_assert_nd_error(ND_ERR_INDEX);
    ck_assert_int_eq(nd_index_set(a, 1, &ix, v3), ND_ERR_INDEX);
    nd_clear_error();
    nd_index i10 = {.kind = ND_IDX_ARRAY, .array = m10};
    /* 3 values for 10 true entries: NumPy's shape mismatch */
    ck_assert_int_ne(nd_index_set(a, 1, &i10, v3), ND_OK);
    nd_clear_error();
    ck_assert_int_eq(nd_copyto(a, v3, ND_CAST_UNSAFE, m10), ND_ERR_SHAPE);
    nd_clear_error();
    ck_assert_ptr_null(nd_flatnonzero(NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_int_eq(nd_count_nonzero(NULL), -1);
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_int_eq(nd_nonzero(a, NULL), ND_ERR_NULL);
    nd_clear_error();
    ck_assert_ptr_null(nd_argwhere(NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    /* read-only destination */
    nd_array *ro = nd_broadcast_to(a, 1, &n);
    ck_assert_int_ne(nd_index_set(ro, 1, &i10, v3), ND_OK);
    nd_clear_error();
    /* 0-d: nonzero gives one index array, argwhere (count, 0) */
    nd_array *s = nd_scalar(ND_FLOAT64, &(double){2.0}), *out[1];
    ck_assert_int_eq(nd_nonzero(s, out), ND_OK);
    ck_assert_int_eq(nd_size(out[0]), 1);
    nd_array *aw = nd_argwhere(s);
    ck_assert_int_eq(nd_shape(aw)[0], 1);
    ck_assert_int_eq(nd_shape(aw)[1], 0);
    nd_release(out[0]), nd_release(aw), nd_release(s), nd_release(ro);
    nd_release(a), nd_release(m), nd_release(m10), nd_release(v3);
}
END_TEST

/* integer indices (src/manip/gather.c): a[idx], a[idx] = v, take, put
   against loops here, every dtype, negative indices, rows of 2-D arrays,
   strided sources, cycling put values, and out-of-bounds errors */
START_TEST(integer_indices) {
    for (int t = 0; t < ND_NUM_DTYPES; t++)
        for (size_t s = 1; s < sizeof sizes / sizeof *sizes; s++) {
            int64_t n = sizes[s], ni = n / 2 + 3, shape2[2] = {n, 3};
            size_t w = nd_dtype_size((nd_dtype)t);
            nd_array *a = random_array((nd_dtype)t, 3 * n), *ix = nd_empty(ND_INT32, 1, &ni);
            int32_t *ip = nd_data(ix);
            for (int64_t j = 0; j < ni; j++)
                ip[j] = (int32_t)((int64_t)(next() % (uint64_t)(2 * n)) - n);
            const unsigned char *ap = nd_data(a);
            nd_index it = {.kind = ND_IDX_ARRAY, .array = ix};
            /* 1-D, strided (every third element) and 2-D rows */
            nd_array *a1 = nd_slice(a, "::3"), *a2 = nd_reshape(a, 2, shape2);
            nd_array *g1 = nd_index_get(a1, 1, &it), *g2 = nd_index_get(a2, 1, &it);
            nd_array *tk = nd_take(a, ix, ND_AXIS_ALL, NULL);
            ck_assert_ptr_nonnull(g1);
            ck_assert_ptr_nonnull(g2);
            ck_assert_ptr_nonnull(tk);
            ck_assert_int_eq(nd_ndim(g2), 2);
            for (int64_t j = 0; j < ni; j++) {
                int64_t i = ip[j] < 0 ? ip[j] + n : ip[j], f = ip[j] < 0 ? ip[j] + 3 * n : ip[j];
                ck_assert(
                    !memcmp((char *)nd_data(g1) + w * (size_t)j, ap + w * (size_t)(3 * i), w));
                ck_assert(!memcmp((char *)nd_data(g2) + 3 * w * (size_t)j, ap + w * (size_t)(3 * i),
                                  3 * w));
                ck_assert(!memcmp((char *)nd_data(tk) + w * (size_t)j, ap + w * (size_t)f, w));
            }
            /* a[idx] = g1 puts back what it took (repeated indices take the same value) */
            nd_array *b = nd_zeros((nd_dtype)t, 1, &n);
            ck_assert_int_eq(nd_index_set(b, 1, &it, g1), ND_OK);
            for (int64_t j = 0; j < ni; j++) {
                int64_t i = ip[j] < 0 ? ip[j] + n : ip[j];
                ck_assert(!memcmp((char *)nd_data(b) + w * (size_t)i, ap + w * (size_t)(3 * i), w));
            }
            /* put with two values that cycle: the last write of each index wins */
            nd_array *c = nd_zeros((nd_dtype)t, 1, &n), *two = nd_slice(a, ":2");
            ck_assert_int_eq(nd_put(c, ix, two), ND_OK);
            for (int64_t i = 0; i < n; i++) {
                int64_t last = -1;
                for (int64_t j = 0; j < ni; j++)
                    if ((ip[j] < 0 ? ip[j] + n : ip[j]) == i) last = j;
                if (last >= 0)
                    ck_assert(!memcmp((char *)nd_data(c) + w * (size_t)i,
                                      ap + w * (size_t)(last % 2), w));
            }
            /* out of bounds: nothing written, NumPy's message */
            ip[ni - 1] = (int32_t)n;
            ck_assert_ptr_null(nd_index_get(a1, 1, &it));
            ck_assert_nd_error(ND_ERR_INDEX);
            ck_assert_int_eq(nd_put(c, ix, two), ND_ERR_INDEX);
            ck_assert_ptr_nonnull(
                strstr(nd_last_error_message(), "out of bounds for axis 0 with size"));
            nd_clear_error();
            nd_release(a), nd_release(ix), nd_release(a1), nd_release(a2), nd_release(g1);
            nd_release(g2), nd_release(tk), nd_release(b), nd_release(c), nd_release(two);
        }
}
END_TEST

/* The bounds check of integer indices (kernels/generic/mask.c,
   index_check; src/manip/gather.c) at every level: indices all >= 0 (the
   moves that skip the wrap) or some negative, and one or two out of
   bounds (n, -n - 1, INT64_MIN, INT64_MAX) before, inside and after the
   vector blocks: the error names the first bad index, as NumPy's does,
   and a[idx] = v writes nothing. */
static void index_check_body(void) {
    static const int64_t bads[] = {0, -1, INT64_MIN, INT64_MAX}; /* 0: n, -1: -n - 1 */
    for (size_t s = 1; s < sizeof sizes / sizeof *sizes; s++) {
        int64_t n = sizes[s], ni = n + 21;
        nd_array *a = random_array(ND_FLOAT64, n), *ix = nd_empty(ND_INT64, 1, &ni);
        int64_t *ip = nd_data(ix);
        const double *ap = nd_data(a);
        nd_index it = {.kind = ND_IDX_ARRAY, .array = ix};
        for (int negs = 0; negs < 2; negs++) {
            for (int64_t j = 0; j < ni; j++)
                ip[j] = negs && j % 5 == 2 ? -(int64_t)(next() % (uint64_t)n) - 1
                                           : (int64_t)(next() % (uint64_t)n);
            nd_array *g = nd_index_get(a, 1, &it);
            ck_assert_ptr_nonnull(g);
            for (int64_t j = 0; j < ni; j++)
                ck_assert(!memcmp((double *)nd_data(g) + j, ap + (ip[j] < 0 ? ip[j] + n : ip[j]), 8));
            nd_array *b = nd_zeros(ND_FLOAT64, 1, &n);
            ck_assert_int_eq(nd_index_set(b, 1, &it, g), ND_OK);
            for (int64_t j = 0; j < ni; j++)
                ck_assert(!memcmp((double *)nd_data(b) + (ip[j] < 0 ? ip[j] + n : ip[j]),
                                  ap + (ip[j] < 0 ? ip[j] + n : ip[j]), 8));
            const int64_t at[] = {0, 7, 8, 15, 16, 17, ni / 2, ni - 1};
            for (size_t k = 0; k < sizeof at / sizeof *at; k++)
                for (size_t v = 0; v < sizeof bads / sizeof *bads; v++) {
                    int64_t keep = ip[at[k]], bad = v == 0 ? n : v == 1 ? -n - 1 : bads[v];
                    int64_t keep2 = ip[ni - 1];
                    ip[at[k]] = bad;
                    if (at[k] + 1 < ni) ip[ni - 1] = n + 5; /* a later bad one */
                    char want[96];
                    snprintf(want, sizeof want, "index %lld is out of bounds for axis 0",
                             (long long)bad);
                    ck_assert_ptr_null(nd_index_get(a, 1, &it));
                    ck_assert_msg(strstr(nd_last_error_message(), want), "%s (want %s)",
                                  nd_last_error_message(), want);
                    nd_clear_error();
                    nd_array *before = nd_copy(b);
                    ck_assert_int_eq(nd_index_set(b, 1, &it, g), ND_ERR_INDEX);
                    ck_assert_ptr_nonnull(strstr(nd_last_error_message(), want));
                    ck_assert(!memcmp(nd_data(b), nd_data(before), (size_t)n * 8));
                    nd_clear_error();
                    nd_release(before);
                    ip[at[k]] = keep, ip[ni - 1] = keep2;
                }
            nd_release(g), nd_release(b);
        }
        nd_release(a), nd_release(ix);
    }
}

START_TEST(index_check_all_levels) { check_level(index_check_body); }
END_TEST

/* one value everywhere (the fill path of src/copy/copy.c and nd_full):
   the same bytes as the general strided copy, from every dtype to every
   dtype */
START_TEST(fill_paths) {
    int64_t n = 37, n2 = 74;
    for (int from = 0; from < ND_NUM_DTYPES; from++) {
        nd_array *v = random_array((nd_dtype)from, 1), *v0 = nd_reshape(v, 0, NULL);
        for (int to = 0; to < ND_NUM_DTYPES; to++) {
            nd_array *a = nd_empty((nd_dtype)to, 1, &n), *b = nd_zeros((nd_dtype)to, 1, &n2);
            nd_array *bs = nd_slice(b, "::2");
            ck_assert_int_eq(nd_assign(a, v0), ND_OK);
            ck_assert_int_eq(nd_assign(bs, v0), ND_OK); /* strided: the general loop */
            nd_array *bc = nd_copy(bs);
            ck_assert(!memcmp(nd_data(a), nd_data(bc), (size_t)nd_nbytes(a)));
            nd_release(a), nd_release(b), nd_release(bs), nd_release(bc);
        }
        nd_release(v), nd_release(v0);
    }
    double x = -2.5;
    nd_array *f = nd_full(ND_INT16, 1, &n, x), *g = nd_full_typed(ND_FLOAT64, 1, &n, &x);
    for (int64_t i = 0; i < n; i++) {
        ck_assert(nd_get_f64(f, &i) == -2.0);
        ck_assert(nd_get_f64(g, &i) == -2.5);
    }
    nd_release(f), nd_release(g);
}
END_TEST

int main(void) {
    Suite *s = suite_create("mask");
    TCase *tc = tcase_create("mask");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, get_set_all_levels);
    tcase_add_test(tc, nonzero_all_levels);
    tcase_add_test(tc, strided_and_cast);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, integer_indices);
    tcase_add_test(tc, index_check_all_levels);
    tcase_add_test(tc, fill_paths);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
