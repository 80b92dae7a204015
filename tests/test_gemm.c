/* nd's own GEMM (src/linalg/gemm.c) through nd_matmul: every element
   against a long-double reference within the standard bound
   |c - c_exact| <= gamma_k * sum_l |a_il b_lj| (gamma_k = k u / (1 - k u)),
   for transposed, strided and odd shapes; the bits at 1 and 2 threads and
   at every ISA level the CPU has (one FMA chain in k order each). */
#include <float.h>
#include <math.h>

#include "linalg/gemm.h"
#include "nd_test.h"

static uint64_t rng = 88172645463325252ull;
static double rnd(void) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0 - 0.5;
}

/* A rows x cols matrix of dtype t; transposed: the transpose view of a
   cols x rows array; step 2: every other column of a wider one. */
static nd_array *make(nd_dtype t, int64_t rows, int64_t cols, bool transposed, int step) {
    int64_t sh[2] = {transposed ? cols * step : rows, transposed ? rows : cols * step};
    nd_array *base = nd_empty(t, 2, sh);
    int64_t n = sh[0] * sh[1];
    for (int64_t i = 0; i < n; i++) {
        double v = rnd();
        if (t == ND_FLOAT32)
            ((float *)nd_data(base))[i] = (float)v;
        else
            ((double *)nd_data(base))[i] = v;
    }
    nd_array *v = base;
    if (step > 1) {
        v = nd_slice(base, transposed ? "::2, :" : ":, ::2");
        nd_release(base);
    }
    if (transposed) {
        nd_array *tr = nd_transpose(v, NULL);
        nd_release(v);
        v = tr;
    }
    return v;
}

static long double at(const nd_array *x, int64_t i, int64_t j) {
    const char *p = (const char *)nd_data(x) + i * nd_strides(x)[0] + j * nd_strides(x)[1];
    return nd_get_dtype(x) == ND_FLOAT32 ? (long double)*(const float *)p : *(const double *)p;
}

static void check_product(nd_dtype t, int64_t m, int64_t n, int64_t k, bool ta, bool tb, int step) {
    nd_array *a = make(t, m, k, ta, step), *b = make(t, k, n, tb, 1);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    nd_array *c = nd_matmul(a, b, NULL);
    ck_assert_ptr_nonnull(c);
    double u = t == ND_FLOAT32 ? FLT_EPSILON / 2 : DBL_EPSILON / 2;
    double gamma = (double)k * u / (1 - (double)k * u);
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            long double s = 0, sa = 0;
            for (int64_t l = 0; l < k; l++) {
                long double p = at(a, i, l) * at(b, l, j);
                s += p, sa += fabsl(p);
            }
            long double got = at(c, i, j);
            if (!(fabsl(got - s) <= gamma * sa))
                ck_abort_msg("%s %lldx%lldx%lld ta=%d tb=%d step=%d: c[%lld][%lld] = %.17Lg, "
                             "exact %.17Lg, bound %.3Lg",
                             nd_dtype_name(t), (long long)m, (long long)n, (long long)k, ta, tb,
                             step, (long long)i, (long long)j, got, s, gamma * sa);
        }
    nd_release(a);
    nd_release(b);
    nd_release(c);
}

START_TEST(against_reference) {
    nd_debug_gemm = 1;
    /* 20 and 30 rows: partial slivers of 8 and 6 rows (the 4-row kernel in
       place, then through the buffer); 64^3 reads b in place (float64) */
    static const int64_t dims[][3] = {{1, 1, 1},    {1, 37, 29},   {41, 1, 30},    {30, 33, 1},
                                      {13, 17, 19}, {64, 64, 64},  {97, 131, 300}, {25, 70, 530},
                                      {20, 64, 40}, {30, 96, 50}};
    for (int dt = 0; dt < 2; dt++)
        for (size_t s = 0; s < sizeof dims / sizeof dims[0]; s++)
            for (int tr = 0; tr < 4; tr++)
                check_product(dt ? ND_FLOAT32 : ND_FLOAT64, dims[s][0], dims[s][1], dims[s][2],
                              tr & 1, tr & 2, s % 2 ? 2 : 1);
    nd_debug_gemm = 0;
}
END_TEST

START_TEST(k_zero) {
    nd_debug_gemm = 1;
    int64_t sa[2] = {5, 0}, sb[2] = {0, 7};
    nd_array *a = nd_empty(ND_FLOAT64, 2, sa), *b = nd_empty(ND_FLOAT64, 2, sb);
    nd_array *c = nd_matmul(a, b, NULL);
    ck_assert_ptr_nonnull(c);
    for (int i = 0; i < 35; i++) ck_assert(((double *)nd_data(c))[i] == 0);
    nd_release(a), nd_release(b), nd_release(c);
    nd_debug_gemm = 0;
}
END_TEST

static bool same_bits(const nd_array *x, const nd_array *y) {
    return memcmp(nd_data(x), nd_data(y), (size_t)nd_size(x) * nd_itemsize(x)) == 0;
}

/* Sizes where the BLAS path's bits moved with the thread count (77 did
   too, but min(m, n) < 64 now goes to BLAS by default: docs/design.md),
   131 an edge size past the default rule's threshold. */
START_TEST(thread_count_bits) {
    static const int64_t sizes[] = {500, 1001, 131};
    for (int dt = 0; dt < 2; dt++)
        for (int s = 0; s < 3; s++) {
            nd_dtype t = dt ? ND_FLOAT32 : ND_FLOAT64;
            int64_t n = sizes[s];
            nd_array *a = make(t, n, n, false, 1), *b = make(t, n, n, s == 2, 1);
            nd_set_num_threads(1);
            nd_array *c1 = nd_matmul(a, b, NULL);
            nd_set_num_threads(2);
            nd_array *c2 = nd_matmul(a, b, NULL);
            ck_assert_msg(same_bits(c1, c2), "%s %lld: bits differ at 1 and 2 threads",
                          nd_dtype_name(t), (long long)n);
            nd_release(a), nd_release(b), nd_release(c1), nd_release(c2);
        }
}
END_TEST

/* Every level, the scalar reference included, gives the same bits. */
START_TEST(isa_level_bits) {
    nd_debug_gemm = 1;
    const char *best = nd_isa_best(), *levels[] = {"scalar", "baseline", "avx2", "avx512"};
    for (int dt = 0; dt < 2; dt++) {
        nd_dtype t = dt ? ND_FLOAT32 : ND_FLOAT64;
        nd_array *a = make(t, 45, 300, false, 1), *b = make(t, 300, 71, true, 1);
        ck_assert_int_eq(nd_set_isa(best), 0);
        nd_array *ref = nd_matmul(a, b, NULL);
        for (int l = 0; l < 4; l++) {
            if (nd_set_isa(levels[l])) {
                nd_clear_error();
                continue;
            }
            nd_array *c = nd_matmul(a, b, NULL);
            ck_assert_msg(same_bits(c, ref), "%s: level %s differs from %s", nd_dtype_name(t),
                          levels[l], best);
            nd_release(c);
            if (!strcmp(levels[l], best)) break;
        }
        ck_assert_int_eq(nd_set_isa(best), 0);
        nd_release(a), nd_release(b), nd_release(ref);
    }
    nd_debug_gemm = 0;
}
END_TEST

int main(void) {
    Suite *s = suite_create("gemm");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, against_reference);
    tcase_add_test(tc, k_zero);
    tcase_add_test(tc, thread_count_bits);
    tcase_add_test(tc, isa_level_bits);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
