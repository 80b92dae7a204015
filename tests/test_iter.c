/* The public iterator against a plain C-order walk of the same broadcast. */
#include "nd_test.h"

/* x (3,1,4) float64 with odd strides, y (5,1) broadcast: accumulate
   x*y into out (3,5,4) through nd_iter, compare with nested loops. */
START_TEST(broadcast_walk_matches_nested_loops) {
    double xbuf[3 * 8 * 2], ybuf[10];
    for (int i = 0; i < 48; i++) xbuf[i] = i * 0.5;
    for (int i = 0; i < 10; i++) ybuf[i] = i + 1;
    /* x: every other element, rows reversed: a view with negative stride */
    nd_array *x = nd_wrap(xbuf + 2 * 8 * 2, ND_FLOAT64, 3, (int64_t[]){3, 1, 4},
                          (int64_t[]){-8 * 2 * 8, 0, 16}, NULL, NULL);
    nd_array *y = nd_wrap(ybuf, ND_FLOAT64, 2, (int64_t[]){5, 1}, (int64_t[]){16, 8}, NULL, NULL);
    nd_array *out = nd_zeros(ND_FLOAT64, 3, (int64_t[]){3, 5, 4});
    nd_array *ops[3] = {x, y, out};
    nd_iter *it = nd_iter_new(3, ops);
    ck_assert_ptr_nonnull(it);
    ck_assert_int_eq(nd_iter_size(it), 60);
    char *p[3];
    int64_t s[3], n, seen = 0;
    while (nd_iter_next(it, p, s, &n)) {
        for (int64_t i = 0; i < n; i++)
            *(double *)(p[2] + i * s[2]) +=
                *(double *)(p[0] + i * s[0]) * *(double *)(p[1] + i * s[1]);
        seen += n;
    }
    ck_assert_int_eq(seen, 60);
    ck_assert(!nd_iter_next(it, p, s, &n)); /* stays done */
    nd_iter_free(it);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 5; j++)
            for (int k = 0; k < 4; k++) {
                double want = xbuf[(2 - i) * 16 + 2 * k] * ybuf[2 * j];
                ck_assert(nd_get_f64(out, (int64_t[]){i, j, k}) == want);
            }
    nd_release(x), nd_release(y), nd_release(out);
}
END_TEST

START_TEST(contiguous_operands_are_one_run) {
    int64_t shape[3] = {4, 5, 6};
    nd_array *a = nd_zeros(ND_INT32, 3, shape), *b = nd_zeros(ND_INT32, 3, shape);
    nd_array *ops[2] = {a, b};
    nd_iter *it = nd_iter_new(2, ops);
    char *p[2];
    int64_t s[2], n;
    ck_assert(nd_iter_next(it, p, s, &n));
    ck_assert_int_eq(n, 120);
    ck_assert_int_eq(s[0], 4);
    ck_assert(!nd_iter_next(it, p, s, &n));
    nd_iter_free(it);
    nd_release(a), nd_release(b);
}
END_TEST

START_TEST(errors_and_empty) {
    nd_array *a = nd_zeros(ND_FLOAT64, 1, (int64_t[]){3}),
             *b = nd_zeros(ND_FLOAT64, 1, (int64_t[]){4});
    nd_array *ops[2] = {a, b};
    ck_assert_ptr_null(nd_iter_new(2, ops));
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_iter_new(0, ops));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_iter_new(9, ops));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_array *nullops[1] = {NULL};
    ck_assert_ptr_null(nd_iter_new(1, nullops));
    ck_assert_nd_error(ND_ERR_NULL);
    nd_array *e = nd_zeros(ND_FLOAT64, 2, (int64_t[]){0, 3});
    nd_iter *it = nd_iter_new(1, &e);
    char *p[1];
    int64_t s[1], n;
    ck_assert_int_eq(nd_iter_size(it), 0);
    ck_assert(!nd_iter_next(it, p, s, &n));
    nd_iter_free(it);
    /* NULL for any argument: false and ND_ERR_NULL, never a crash (issue 31) */
    it = nd_iter_new(1, &a);
    ck_assert(!nd_iter_next(it, NULL, s, &n));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert(!nd_iter_next(it, p, NULL, &n));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert(!nd_iter_next(it, p, s, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert(!nd_iter_next(NULL, p, s, &n));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_int_eq(nd_iter_size(NULL), -1);
    ck_assert_nd_error(ND_ERR_NULL);
    nd_iter_free(it);
    nd_iter_free(NULL);
    nd_array *z = nd_lit_f64(2.0); /* 0-d: one run of one */
    it = nd_iter_new(1, &z);
    ck_assert(nd_iter_next(it, p, s, &n));
    ck_assert_int_eq(n, 1);
    ck_assert(*(double *)p[0] == 2.0);
    nd_iter_free(it);
    nd_release(a), nd_release(b), nd_release(e), nd_release(z);
}
END_TEST

/* a + a.T takes the tiled path (packed tiles, AVX-512 8x8 transposes for
   8-byte items); every element must equal the plain per-element sum, for
   shapes that are not tile multiples, several item sizes, every level, and
   transposed outputs. */
START_TEST(transposed_operands_tiled_path) {
    static const nd_dtype types[] = {ND_FLOAT64, ND_FLOAT32, ND_INT16, ND_COMPLEX128, ND_INT8};
    static const int64_t sizes[][2] = {{64, 64}, {67, 131}, {300, 17}, {129, 257}};
    static const char *levels[] = {"scalar", "avx2", "avx512"};
    for (size_t l = 0; l < 3; l++) {
        if (nd_set_isa(levels[l])) {
            nd_clear_error();
            continue;
        }
        for (size_t t = 0; t < sizeof types / sizeof types[0]; t++)
            for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
                int64_t r = sizes[z][0], c = sizes[z][1], n = r * c;
                nd_array *flat = nd_arange(0, (double)n, 1, ND_FLOAT64);
                nd_array *sq = nd_reshape(flat, 2, (int64_t[]){r, c});
                nd_array *a = nd_astype(sq, types[t]); /* r x c */
                nd_array *at = nd_transpose(a, NULL);  /* c x r view */
                nd_array *b = nd_astype(at, types[t]); /* c x r, contiguous */
                nd_array *s1 = nd_add(b, at, NULL);    /* contiguous + transposed */
                nd_array *o = nd_empty(types[t], 2, (int64_t[]){r, c});
                nd_array *ot = nd_transpose(o, NULL);
                ck_assert_ptr_nonnull(nd_add(at, b, ot)); /* into a transposed out */
                nd_array *want = nd_add(b, b, NULL);      /* b == at elementwise: the flat path */
                bool eq1, eq2;
                nd_array_equal(s1, want, false, &eq1);
                nd_array_equal(ot, want, false, &eq2);
                ck_assert_msg(eq1 && eq2, "%s %lldx%lld at %s", nd_dtype_name(types[t]),
                              (long long)r, (long long)c, levels[l]);
                nd_array *arr[] = {flat, sq, a, at, b, s1, o, ot, want};
                for (size_t k = 0; k < sizeof arr / sizeof arr[0]; k++) nd_release(arr[k]);
            }
    }
    nd_set_isa(nd_isa_best());
}
END_TEST

long long nd_debug_flat_threshold(long long bytes); /* src/core/internal.h */

/* A same-dtype copy of a transposed array transposes its tiles straight
   into the result (AVX-512 8x8 blocks with masked edges, AVX2 4x4): every
   byte must be the source element's, for every item size, shapes off the
   block and tile sizes, a source offset off its cache lines, reversed and
   stepped sources, a 3-D permutation, at every level, serial and threaded. */
START_TEST(transposed_copy_moves_every_item) {
    static const nd_dtype types[] = {ND_FLOAT64, ND_INT8, ND_FLOAT16, ND_FLOAT32, ND_COMPLEX128,
                                     ND_INT64};
    static const int64_t sizes[][2] = {{16, 16}, {100, 91}, {17, 131}, {203, 23}, {19, 1030}};
    static const char *levels[] = {"scalar", "avx2", "avx512"};
    static const char *views[] = {"", "::-1", "1:, ::2", "3:"};
    for (int threads = 1; threads <= 2; threads++) {
        nd_set_num_threads(threads);
        long long old = nd_debug_flat_threshold(threads == 2 ? 1 : 0);
        for (size_t l = 0; l < 3; l++) {
            if (nd_set_isa(levels[l])) {
                nd_clear_error();
                continue;
            }
            for (size_t t = 0; t < sizeof types / sizeof types[0]; t++)
                for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
                    for (size_t v = 0; v < sizeof views / sizeof views[0]; v++) {
                        int64_t r = sizes[z][0], c = sizes[z][1];
                        size_t w = nd_dtype_size(types[t]);
                        /* any bits (NaN payloads too), 8 bytes past a line */
                        unsigned char *raw = malloc((size_t)(r * c) * w + 72),
                                      *p = raw + (64 - (uintptr_t)raw % 64) + 8;
                        for (int64_t i = 0; i < r * c * (int64_t)w; i++)
                            p[i] = (unsigned char)(i * 131 + i / 7);
                        nd_array *sq = nd_wrap(p, types[t], 2, (int64_t[]){r, c}, NULL, NULL, NULL);
                        nd_array *src = views[v][0] ? nd_slice(sq, views[v]) : nd_retain(sq);
                        nd_array *at = nd_transpose(src, NULL);
                        nd_array *cp = nd_copy(at);
                        ck_assert_ptr_nonnull(cp);
                        int64_t n0 = nd_shape(at)[0], n1 = nd_shape(at)[1];
                        for (int64_t i = 0; i < n0; i++)
                            for (int64_t j = 0; j < n1; j++) {
                                const char *want = (const char *)nd_data(at) +
                                                   i * nd_strides(at)[0] + j * nd_strides(at)[1];
                                const char *got = (const char *)nd_data(cp) + (i * n1 + j) * (int64_t)w;
                                ck_assert_msg(!memcmp(got, want, w), "%s %lldx%lld [%s] at %s, %d threads: (%lld, %lld)",
                                              nd_dtype_name(types[t]), (long long)r, (long long)c,
                                              views[v], levels[l], threads, (long long)i, (long long)j);
                            }
                        nd_array *arr[] = {sq, src, at, cp};
                        for (size_t k = 0; k < sizeof arr / sizeof arr[0]; k++) nd_release(arr[k]);
                        free(raw);
                    }
            /* 3-D: (2, 0, 1) of a 5 x 40 x 33 float64 */
            nd_array *f = nd_arange(0, 5 * 40 * 33, 1, ND_FLOAT64);
            nd_array *cube = nd_reshape(f, 3, (int64_t[]){5, 40, 33});
            nd_array *pt = nd_transpose(cube, (int[]){2, 0, 1}), *cc = nd_copy(pt);
            for (int64_t i = 0; i < 33; i++)
                for (int64_t j = 0; j < 5; j++)
                    for (int64_t k = 0; k < 40; k++)
                        ck_assert(nd_get_f64(cc, (int64_t[]){i, j, k}) ==
                                  (double)(j * 40 * 33 + k * 33 + i));
            nd_release(f), nd_release(cube), nd_release(pt), nd_release(cc);
        }
        nd_debug_flat_threshold(old);
    }
    nd_set_num_threads(0);
    nd_set_isa(nd_isa_best());
}
END_TEST

int main(void) {
    Suite *s = suite_create("iter");
    TCase *tc = tcase_create("iter");
    tcase_add_test(tc, broadcast_walk_matches_nested_loops);
    tcase_add_test(tc, contiguous_operands_are_one_run);
    tcase_add_test(tc, errors_and_empty);
    tcase_add_test(tc, transposed_operands_tiled_path);
    tcase_add_test(tc, transposed_copy_moves_every_item);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
