/* Scopes for temporaries: ownership, nesting, keep, early release, views,
   out arguments, threads, errors and allocation failures. The live
   allocation count is the reference: a scope must end where it began. */
#include <pthread.h>

#include "nd_test.h"

static const int64_t N = 1000;

static nd_array *ramp(int64_t n) { return nd_arange(0, (double)n, 1, ND_FLOAT64); }

START_TEST(nested_calls_leak_nothing) {
    long live = nd_debug_live_allocs();
    nd_scope *s = nd_scope_begin();
    ck_assert_ptr_nonnull(s);
    nd_array *a = ramp(N), *b = nd_full(ND_FLOAT64, 1, &N, 2.0);
    nd_array *r = nd_add(nd_multiply(a, b, NULL), nd_sqrt(a, NULL), NULL);
    ck_assert_double_eq(nd_get_f64(r, (int64_t[]){9}), 18.0 + 3.0);
    ck_assert_int_eq(nd_scope_count(s), 5);
    ck_assert_int_eq(nd_scope_end(s), ND_OK);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
}
END_TEST

START_TEST(keep_moves_out_one_level) {
    long live = nd_debug_live_allocs();
    nd_scope *outer = nd_scope_begin();
    nd_scope *inner = nd_scope_begin();
    nd_array *t = ramp(N);
    nd_array *r = nd_keep(nd_square(t, NULL));
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(nd_scope_count(inner), 1);
    ck_assert_int_eq(nd_scope_count(outer), 1);
    /* keeping again from the inner scope: r is no longer its, nothing moves */
    ck_assert_ptr_eq(nd_keep(r), r);
    ck_assert_int_eq(nd_scope_count(outer), 1);
    nd_scope_end(inner);
    ck_assert_double_eq(nd_get_f64(r, (int64_t[]){7}), 49.0);
    /* kept from the outermost scope: the caller's */
    nd_keep(r);
    ck_assert_int_eq(nd_scope_count(outer), 0);
    nd_scope_end(outer);
    ck_assert_double_eq(nd_get_f64(r, (int64_t[]){3}), 9.0);
    nd_release(r);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
    /* outside any scope nd_keep changes nothing */
    nd_array *x = ramp(3);
    ck_assert_ptr_eq(nd_keep(x), x);
    nd_release(x);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
    nd_clear_error();
    ck_assert_ptr_null(nd_keep(NULL));
    ck_assert_nd_error(ND_ERR_NULL);
}
END_TEST

START_TEST(ending_outer_ends_inner) {
    long live = nd_debug_live_allocs();
    nd_scope *outer = nd_scope_begin();
    ramp(N);
    nd_scope *inner = nd_scope_begin();
    ramp(N);
    nd_scope_begin();
    ramp(N);
    ck_assert_int_eq(nd_scope_end(outer), ND_OK);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
    /* the inner scope is gone too: ending it is an error, not a crash */
    nd_clear_error();
    ck_assert_int_eq(nd_scope_end(inner), ND_ERR_VALUE);
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_int_eq(nd_scope_end(NULL), ND_ERR_NULL);
    ck_assert_nd_error(ND_ERR_NULL);
    /* arrays made after the end are the caller's again */
    nd_array *x = ramp(3);
    ck_assert_int_eq(nd_debug_live_allocs(), live + 1);
    nd_release(x);
}
END_TEST

START_TEST(early_release_and_retain) {
    long live = nd_debug_live_allocs();
    nd_scope *s = nd_scope_begin();
    nd_array *a = ramp(N), *b = ramp(N), *c = ramp(N);
    nd_release(b); /* the old style: gives the scope's reference back */
    ck_assert_int_eq(nd_scope_count(s), 2);
    nd_array *held = nd_retain(c); /* a reference of the caller's own */
    for (int i = 0; i < 10000; i++) nd_release(nd_add(a, a, NULL));
    ck_assert_int_le(nd_scope_count(s), 2 + 1);
    nd_scope_end(s);
    ck_assert_int_eq(nd_debug_live_allocs(), live + 1);
    ck_assert_double_eq(nd_get_f64(held, (int64_t[]){5}), 5.0);
    nd_release(held);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
    /* holes in the middle are compacted as the list grows */
    s = nd_scope_begin();
    nd_array *keep[64];
    for (int i = 0; i < 64; i++) {
        keep[i] = ramp(2);
        nd_release(ramp(2));
        ramp(2);
    }
    for (int i = 0; i < 64; i++) nd_release(keep[i]);
    ck_assert_int_eq(nd_scope_count(s), 64);
    for (int i = 0; i < 1000; i++) ramp(1);
    ck_assert_int_eq(nd_scope_count(s), 1064);
    nd_scope_end(s);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
}
END_TEST

START_TEST(views_keep_their_base) {
    long live = nd_debug_live_allocs();
    nd_scope *s = nd_scope_begin();
    nd_array *a = ramp(N);
    nd_array *v = nd_keep(nd_slice(nd_reshape(a, 2, (int64_t[]){10, 100}), "::-3, 5"));
    nd_scope_end(s); /* a and the reshaped view go; v holds the memory */
    ck_assert_int_eq(nd_ndim(v), 1);
    ck_assert_int_eq(nd_shape(v)[0], 4);
    ck_assert_double_eq(nd_get_f64(v, (int64_t[]){0}), 905.0);
    ck_assert_double_eq(nd_get_f64(v, (int64_t[]){3}), 5.0);
    nd_release(v);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
    /* a view made in a scope of an array made outside it */
    nd_array *base = ramp(N);
    s = nd_scope_begin();
    nd_array *w = nd_slice(base, "10:20");
    ck_assert_double_eq(nd_get_f64(w, (int64_t[]){0}), 10.0);
    nd_scope_end(s);
    ck_assert_double_eq(nd_get_f64(base, (int64_t[]){999}), 999.0);
    nd_release(base);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
}
END_TEST

static int wrap_released;
static void count_release(void *ctx) { (void)ctx, wrap_released++; }

START_TEST(out_arguments_and_wrapped_memory) {
    long live = nd_debug_live_allocs();
    nd_array *out = nd_zeros(ND_FLOAT64, 1, &N), *a = ramp(N);
    nd_scope *s = nd_scope_begin();
    nd_array *r = nd_add(nd_multiply(a, a, NULL), a, out);
    ck_assert_ptr_eq(r, out);
    ck_assert_int_eq(nd_scope_count(s), 1); /* the product only; out is not listed */
    static double mem[4] = {1, 2, 3, 4};
    wrap_released = 0;
    nd_wrap(mem, ND_FLOAT64, 1, (int64_t[]){4}, NULL, count_release, NULL);
    nd_scope_end(s);
    ck_assert_int_eq(wrap_released, 1);
    ck_assert_double_eq(nd_get_f64(out, (int64_t[]){3}), 12.0);
    nd_release(out);
    nd_release(a);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
}
END_TEST

START_TEST(errors_leave_nothing) {
    long live = nd_debug_live_allocs();
    nd_clear_error();
    nd_scope *s = nd_scope_begin();
    nd_array *a = ramp(N), *b = ramp(N + 1);
    ck_assert_ptr_null(nd_add(nd_sqrt(a, NULL), nd_exp(b, NULL), NULL));
    ck_assert_ptr_null(nd_keep(nd_multiply(nd_add(a, b, NULL), a, NULL)));
    nd_scope_end(s);
    ck_assert_nd_error(ND_ERR_SHAPE); /* the first error stays pending past the end */
    ck_assert_int_eq(nd_debug_live_allocs(), live);
}
END_TEST

/* Every allocation of a scoped computation fails in turn: each failure
   leaves the live count where it began, and the final run gives the same
   value as one without failures. */
static double scoped_work(void) {
    nd_scope *s = nd_scope_begin();
    if (!s) return NAN;
    nd_scope *t = nd_scope_begin();
    bool lost = !t; /* the computation goes on in s; report the failure */
    nd_array *x = ramp(300);
    nd_array *y = nd_keep(nd_add(nd_multiply(x, x, NULL), nd_slice(x, "::-1"), NULL));
    nd_scope_end(t);
    nd_array *z =
        nd_sum(nd_concatenate(2, (nd_array *[]){y, y}, 0, NULL), ND_AXIS_ALL, false, NULL);
    double v = z && !lost ? nd_get_f64(z, NULL) : NAN;
    nd_scope_end(s);
    return v;
}

START_TEST(allocation_failures_are_clean) {
    long live = nd_debug_live_allocs();
    double want = scoped_work();
    ck_assert(want == want);
    for (long n = 1;; n++) {
        nd_clear_error();
        nd_debug_fail_alloc(n);
        double got = scoped_work();
        long used = nd_debug_fail_alloc(0);
        ck_assert_int_eq(nd_debug_live_allocs(), live);
        if (used < n) {
            ck_assert_double_eq(got, want);
            break;
        }
        ck_assert_msg(got != got, "failure %ld gave a value", n);
        ck_assert_nd_error(ND_ERR_NOMEM);
    }
}
END_TEST

static nd_array *auto_scoped(const nd_array *a) {
    ND_SCOPE;
    nd_array *t = nd_multiply(a, a, NULL);
    if (!t) return NULL;
    return nd_keep(nd_add(t, nd_lit_f64(1.0), NULL));
}

START_TEST(scope_macro_ends_on_return) {
    long live = nd_debug_live_allocs();
    nd_array *a = ramp(10);
    nd_array *r = auto_scoped(a);
    ck_assert_double_eq(nd_get_f64(r, (int64_t[]){3}), 10.0);
    ck_assert_int_eq(nd_debug_live_allocs(), live + 2);
    nd_release(r);
    nd_release(a);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
    /* inside a caller's scope the kept result is that scope's */
    nd_scope *s = nd_scope_begin();
    ck_assert_ptr_nonnull(auto_scoped(ramp(10)));
    ck_assert_int_eq(nd_scope_count(s), 2);
    nd_scope_end(s);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
}
END_TEST

/* Each thread's scopes are its own; the pool's workers list nothing in
   the caller's scope. */
static void *thread_work(void *arg) {
    nd_scope *s = nd_scope_begin();
    nd_array *a = ramp(1 << 18);
    nd_array *r = nd_sum(nd_sin(a, NULL), ND_AXIS_ALL, false, NULL);
    *(double *)arg = nd_get_f64(r, NULL);
    int64_t count = nd_scope_count(s);
    nd_scope_end(s);
    return (void *)(intptr_t)count;
}

static void *end_foreign(void *arg) { return (void *)(intptr_t)nd_scope_end(arg); }

START_TEST(threads_have_their_own_scopes) {
    long live = nd_debug_live_allocs();
    int old = nd_get_num_threads();
    nd_set_num_threads(2);
    double v[3];
    pthread_t th[2];
    for (int i = 0; i < 2; i++) pthread_create(&th[i], NULL, thread_work, &v[i]);
    intptr_t mine = (intptr_t)thread_work(&v[2]);
    ck_assert_int_eq(mine, 3);
    for (int i = 0; i < 2; i++) {
        void *count;
        pthread_join(th[i], &count);
        ck_assert_int_eq((intptr_t)count, 3);
        ck_assert_double_eq(v[i], v[2]);
    }
    /* a scope cannot be ended from another thread */
    nd_scope *s = nd_scope_begin();
    ramp(4);
    pthread_t t;
    void *rc;
    pthread_create(&t, NULL, end_foreign, s);
    pthread_join(t, &rc);
    ck_assert_int_eq((intptr_t)rc, ND_ERR_VALUE);
    ck_assert_int_eq(nd_scope_count(s), 1);
    nd_scope_end(s);
    nd_set_num_threads(old);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
}
END_TEST

int main(void) {
    Suite *s = suite_create("scope");
    TCase *tc = tcase_create("scope");
    tcase_add_test(tc, nested_calls_leak_nothing);
    tcase_add_test(tc, keep_moves_out_one_level);
    tcase_add_test(tc, ending_outer_ends_inner);
    tcase_add_test(tc, early_release_and_retain);
    tcase_add_test(tc, views_keep_their_base);
    tcase_add_test(tc, out_arguments_and_wrapped_memory);
    tcase_add_test(tc, errors_leave_nothing);
    tcase_add_test(tc, allocation_failures_are_clean);
    tcase_add_test(tc, scope_macro_ends_on_return);
    tcase_add_test(tc, threads_have_their_own_scopes);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
