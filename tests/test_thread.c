/* The worker pool: results independent of the thread count, flags raised
   in workers reach the caller, the pool survives fork() and concurrent
   callers. */
#include <immintrin.h>
#include <math.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nd_test.h"

#define N 3000000 /* 24 MB per float64 array: above the parallel threshold */

static nd_array *ramp(void) {
    int64_t n = N;
    nd_array *a = nd_empty(ND_FLOAT64, 1, &n);
    double *p = nd_data(a);
    for (int64_t i = 0; i < n; i++) p[i] = (double)(i % 1000) * 0.01 - 3.0;
    return a;
}

START_TEST(same_result_any_thread_count) {
    nd_array *a = ramp();
    nd_set_num_threads(1);
    nd_array *e1 = nd_exp(a, NULL), *s1 = nd_add(a, e1, NULL);
    nd_set_num_threads(2);
    ck_assert_int_eq(nd_get_num_threads(), 2);
    nd_array *e2 = nd_exp(a, NULL), *s2 = nd_add(a, e2, NULL);
    ck_assert(memcmp(nd_data(e1), nd_data(e2), N * 8) == 0);
    ck_assert(memcmp(nd_data(s1), nd_data(s2), N * 8) == 0);
    nd_release(a), nd_release(e1), nd_release(e2), nd_release(s1), nd_release(s2);
}
END_TEST

START_TEST(worker_flags_reach_the_caller) {
    nd_set_num_threads(2);
    int64_t n = N;
    nd_array *a = nd_ones(ND_FLOAT64, 1, &n), *z = nd_zeros(ND_FLOAT64, 1, &n);
    double *p = nd_data(z);
    p[N - 1] = 1.0; /* only the last chunk, run by a worker or the caller, is finite */
    nd_fp_clear();
    nd_array *r = nd_divide(a, z, NULL);
    ck_assert(nd_fp_flags() & ND_FP_DIVBYZERO);
    /* the last element only: the division by zero happened in every other chunk */
    nd_fp_clear();
    p = nd_data(z);
    for (int64_t i = 0; i < N; i++) p[i] = 1.0;
    p[N - 1] = 0.0;
    nd_divide(a, z, r);
    ck_assert(nd_fp_flags() & ND_FP_DIVBYZERO);
    /* the caller's rounding mode is what workers use */
    unsigned csr = _mm_getcsr();
    _mm_setcsr((csr & ~0x6000u) | 0x4000u); /* round up */
    nd_array *third = nd_full(ND_FLOAT64, 1, &n, 3.0), *two = nd_full(ND_FLOAT64, 1, &n, 1.0);
    nd_divide(two, third, r); /* 1/3 rounds down to nearest, so up differs */
    _mm_setcsr(csr);
    double *q = nd_data(r);
    ck_assert(q[0] == q[N - 1]);
    ck_assert(q[0] > 1.0 / 3.0); /* rounded up, in every chunk */
    ck_assert_uint_eq(_mm_getcsr() & ~0x3fu, csr & ~0x3fu);
    nd_release(a), nd_release(z), nd_release(r), nd_release(third), nd_release(two);
}
END_TEST

/* Casts split over the pool give one thread's result, and workers cast
   under the caller's rounding mode (float32(1/3) to nearest is above 1/3). */
START_TEST(casts_split_over_threads) {
    int64_t n = N;
    nd_array *a = nd_full(ND_FLOAT64, 1, &n, 1.0 / 3.0);
    double *p = nd_data(a);
    for (int64_t i = 0; i < N; i += 7) p[i] = (double)i * 1.1;
    nd_array *r[2][2];
    unsigned csr = _mm_getcsr();
    for (int th = 1; th <= 2; th++) {
        nd_set_num_threads(th);
        _mm_setcsr((csr & ~0x6000u) | 0x2000u); /* round down */
        r[th - 1][0] = nd_astype(a, ND_FLOAT32);
        _mm_setcsr(csr);
        r[th - 1][1] = nd_astype(a, ND_INT32);
    }
    for (int k = 0; k < 2; k++)
        ck_assert_int_eq(memcmp(nd_data(r[0][k]), nd_data(r[1][k]), (size_t)nd_nbytes(r[0][k])), 0);
    float *f = nd_data(r[1][0]);
    ck_assert(f[N - 1] < (float)(1.0 / 3.0)); /* rounded down in the last chunk too */
    for (int k = 0; k < 2; k++) nd_release(r[0][k]), nd_release(r[1][k]);
    nd_release(a);
}
END_TEST

/* Other layouts (transposed, strided and reversed, broadcast; a transposed
   copy and cast) split over the pool along their outer axis: one thread's
   bits, the plain loop's values, and a worker's flags reach the caller. */
START_TEST(strided_layouts_split_over_threads) {
    int64_t n = 1800, sh[2] = {n, n}, cs[2] = {n, 1}, rs[2] = {1, n};
    nd_array *a = nd_empty(ND_FLOAT64, 2, sh);
    double *p = nd_data(a);
    for (int64_t i = 0; i < n * n; i++) p[i] = (double)(i % 977) * 0.37 - 100.0;
    nd_array *at = nd_transpose(a, NULL), *s = nd_slice(a, "::2, ::-1");
    nd_array *col = nd_full(ND_FLOAT64, 2, cs, 0.5), *row = nd_full(ND_FLOAT64, 2, rs, 0.25);
    nd_array *r[2][5];
    unsigned csr = _mm_getcsr();
    for (int th = 1; th <= 2; th++) {
        nd_set_num_threads(th);
        nd_array **q = r[th - 1];
        q[0] = nd_add(a, at, NULL);
        q[1] = nd_multiply(s, s, NULL);
        q[2] = nd_add(col, row, NULL);
        q[3] = nd_copy(at);
        _mm_setcsr((csr & ~0x6000u) | 0x2000u); /* round down, in workers too */
        q[4] = nd_astype(at, ND_FLOAT32);
        _mm_setcsr(csr);
    }
    for (int k = 0; k < 5; k++)
        ck_assert_msg(memcmp(nd_data(r[0][k]), nd_data(r[1][k]), (size_t)nd_nbytes(r[0][k])) == 0,
                      "case %d differs between 1 and 2 threads", k);
    const double *sum = nd_data(r[1][0]), *cp = nd_data(r[1][3]);
    const float *f = nd_data(r[1][4]);
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) {
            double want = p[i * n + j] + p[j * n + i];
            if (sum[i * n + j] != want || cp[i * n + j] != p[j * n + i])
                ck_abort_msg("a + a.T or a.T copied wrong at (%lld, %lld)", (long long)i,
                             (long long)j);
            if ((double)f[i * n + j] > p[j * n + i])
                ck_abort_msg("cast at (%lld, %lld) not rounded down", (long long)i, (long long)j);
        }
    /* one zero in a transposed divisor, in one output row at a time: the
       chunks that raise land on the worker in some of the twelve runs */
    nd_array *z = nd_ones(ND_FLOAT64, 2, sh), *zt = nd_transpose(z, NULL),
             *d = nd_empty(ND_FLOAT64, 2, sh);
    double *pz = nd_data(z);
    nd_set_num_threads(2);
    for (int64_t row = 0; row < n; row += n / 12) {
        pz[row] = 0.0; /* zt[row][0] */
        nd_fp_clear();
        nd_divide(a, zt, d);
        ck_assert_msg(nd_fp_flags() & ND_FP_DIVBYZERO, "division by zero in row %lld lost",
                      (long long)row);
        pz[row] = 1.0;
    }
    nd_fp_clear();
    for (int k = 0; k < 5; k++) nd_release(r[0][k]), nd_release(r[1][k]);
    nd_release(a), nd_release(at), nd_release(s), nd_release(col), nd_release(row);
    nd_release(z), nd_release(zt), nd_release(d);
}
END_TEST

START_TEST(survives_fork) {
    nd_set_num_threads(2);
    nd_array *a = ramp(), *b = nd_add(a, a, NULL); /* pool started in the parent */
    pid_t pid = fork();
    if (pid == 0) {
        nd_array *c = nd_add(a, a, NULL); /* the child makes its own pool */
        int ok = c && memcmp(nd_data(b), nd_data(c), N * 8) == 0;
        _exit(ok ? 0 : 1);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    nd_release(a), nd_release(b);
}
END_TEST

static void *concurrent_user(void *arg) {
    nd_array *a = arg;
    for (int i = 0; i < 4; i++) {
        nd_array *r = nd_multiply(a, a, NULL);
        if (!r) return (void *)1;
        double want = ((double *)nd_data(a))[N / 2] * ((double *)nd_data(a))[N / 2];
        int bad = ((double *)nd_data(r))[N / 2] != want;
        nd_release(r);
        if (bad) return (void *)1;
    }
    return NULL;
}

START_TEST(concurrent_callers) {
    nd_set_num_threads(2);
    nd_array *a = ramp();
    pthread_t t[3];
    for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, concurrent_user, a);
    for (int i = 0; i < 3; i++) {
        void *r;
        pthread_join(t[i], &r);
        ck_assert_ptr_null(r);
    }
    nd_release(a);
}
END_TEST

START_TEST(bad_thread_counts) {
    ck_assert_int_eq(nd_set_num_threads(0), ND_ERR_VALUE);
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_int_eq(nd_set_num_threads(100000), ND_ERR_VALUE);
    ck_assert_nd_error(ND_ERR_VALUE);
}
END_TEST

int main(void) {
    Suite *s = suite_create("thread");
    TCase *tc = tcase_create("thread");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, same_result_any_thread_count);
    tcase_add_test(tc, worker_flags_reach_the_caller);
    tcase_add_test(tc, casts_split_over_threads);
    tcase_add_test(tc, strided_layouts_split_over_threads);
    tcase_add_test(tc, survives_fork);
    tcase_add_test(tc, concurrent_callers);
    tcase_add_test(tc, bad_thread_counts);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
