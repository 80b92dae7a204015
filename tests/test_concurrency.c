/* The API from several user threads at once, on shared read-only arrays and
   on each thread's own: every thread's results equal the ones computed
   alone beforehand, errors stay in their thread. Run under ThreadSanitizer
   by `make tsan`, where a data race fails the run. */
#include <pthread.h>

#include "nd_test.h"
#include "nd/expr.h"
#include "nd/linalg.h"
#include "nd/profile.h"
#include "nd/random.h"
#include "nd/sort.h"

enum { NTHREADS = 4, ROUNDS = 3, NCALLS = 9 };

/* shared, read-only while the threads run */
static nd_array *big, *small, *mat;
static nd_expr *expr;
static nd_array *want[NCALLS];

/* Call k on the shared inputs (and, for the random one, a generator of the
   thread's own). A new array, or NULL. */
static nd_array *call(int k) {
    switch (k) {
    case 0: return nd_exp(big, NULL); /* parallel over the pool */
    case 1: return nd_add(small, small, NULL);
    case 2: return nd_sum(big, ND_AXIS_ALL, false, NULL);
    case 3: return nd_cumsum(big, 0, NULL);
    case 4: return nd_matmul(mat, mat, NULL); /* OpenBLAS */
    case 5: return nd_sort(small, 0);
    case 6: return nd_expr_eval(expr, (nd_array *const[]){small, big}, NULL);
    case 7: {
        nd_rng *g = nd_rng_new(99);
        nd_array *r = g ? nd_standard_normal(g, 1, (int64_t[]){1000}, NULL) : NULL;
        nd_rng_free(g);
        return r;
    }
    default: return nd_inv(mat); /* LAPACK */
    }
}

static bool same(const nd_array *a, const nd_array *b) {
    return a && b && nd_get_dtype(a) == nd_get_dtype(b) && nd_size(a) == nd_size(b) &&
           memcmp(nd_data(a), nd_data(b), (size_t)nd_nbytes(a)) == 0;
}

static void *user(void *arg) {
    intptr_t id = (intptr_t)arg;
    for (int round = 0; round < ROUNDS; round++)
        for (int j = 0; j < NCALLS; j++) {
            int k = (int)((j + id) % NCALLS);
            nd_array *r = call(k);
            bool ok = same(r, want[k]);
            nd_release(r);
            if (!ok) return (void *)(intptr_t)(k + 1);
            /* an error in this thread is this thread's alone */
            if (nd_slice(small, "1000") != NULL || nd_last_error() != ND_ERR_INDEX)
                return (void *)100;
            nd_clear_error();
            if (nd_last_error() != ND_OK) return (void *)101;
        }
    return NULL;
}

static void run_users(void) {
    pthread_t t[NTHREADS];
    for (intptr_t i = 0; i < NTHREADS; i++) pthread_create(&t[i], NULL, user, (void *)i);
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        ck_assert_msg(r == NULL, "thread %d: call %ld gave another result", i, (long)(intptr_t)r - 1);
    }
}

static void setup(void) {
    big = nd_linspace(-3, 3, 1 << 20, ND_FLOAT64);
    small = nd_linspace(5, -5, 777, ND_FLOAT64);
    nd_array *m = nd_linspace(-1, 1, 96 * 96, ND_FLOAT64), *mm = nd_reshape(m, 2, (int64_t[]){96, 96});
    nd_array *eye = nd_eye(96, 96, 0, ND_FLOAT64);
    mat = nd_add(mm, eye, NULL); /* well conditioned */
    nd_release(m), nd_release(mm), nd_release(eye);
    nd_array *bs = nd_slice(big, ":777");
    nd_release(big);
    big = nd_copy(bs); /* same length as small, for the expression */
    nd_release(bs);
    const char *names[2] = {"a", "b"};
    expr = nd_expr_compile("a * b + sin(a) - 2", 2, names);
    ck_assert_ptr_nonnull(expr);
}

/* The results alone, at the current thread count (LAPACK's may differ in
   the last bits between thread counts; nd's own do not). */
static void compute_wants(void) {
    for (int k = 0; k < NCALLS; k++) {
        nd_release(want[k]);
        want[k] = call(k);
        ck_assert_msg(want[k] != NULL, "call %d: %s", k, nd_last_error_message());
    }
}

static void teardown(void) {
    for (int k = 0; k < NCALLS; k++) nd_release(want[k]), want[k] = NULL;
    nd_expr_free(expr);
    nd_release(big), nd_release(small), nd_release(mat);
}

START_TEST(shared_inputs_any_thread_count) {
    int counts[] = {1, 2};
    for (int i = 0; i < 2; i++) {
        nd_set_num_threads(counts[i]);
        compute_wants();
        run_users();
    }
}
END_TEST

/* Large shared input: the users contend for the pool; whoever finds it busy
   runs alone, with the same result. */
static nd_array *cx, *cref, *csum;

static void *contender(void *arg) {
    (void)arg;
    for (int round = 0; round < ROUNDS; round++) {
        nd_array *e = nd_exp(cx, NULL), *s = nd_sum(cx, ND_AXIS_ALL, false, NULL);
        bool ok = same(e, cref) && same(s, csum);
        nd_release(e), nd_release(s);
        if (!ok) return (void *)1;
    }
    return NULL;
}

START_TEST(contended_pool) {
    nd_set_num_threads(2);
    cx = nd_linspace(0, 1, 1 << 21, ND_FLOAT64);
    cref = nd_exp(cx, NULL), csum = nd_sum(cx, ND_AXIS_ALL, false, NULL);
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) pthread_create(&t[i], NULL, contender, NULL);
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        ck_assert_msg(r == NULL, "thread %d got another result", i);
    }
    nd_release(cx), nd_release(cref), nd_release(csum);
}
END_TEST

/* Profiling on while several threads record. */
START_TEST(profiler_under_threads) {
    nd_profile_reset();
    nd_profile_enable();
    compute_wants();
    run_users();
    nd_profile_disable();
    FILE *f = tmpfile();
    ck_assert_int_eq(nd_profile_report(f), ND_OK);
    ck_assert_int_gt(ftell(f), 100);
    fclose(f);
    nd_profile_reset();
}
END_TEST

static Suite *concurrency_suite(void) {
    Suite *s = suite_create("concurrency");
    TCase *tc = tcase_create("users");
    tcase_set_timeout(tc, 600);
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, shared_inputs_any_thread_count);
    tcase_add_test(tc, contended_pool);
    tcase_add_test(tc, profiler_under_threads);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return nd_test_run(concurrency_suite()); }
