/* Core: version, errors, lifetime, ownership of wrapped memory, and
   allocation-failure injection over representative calls. */
#include <math.h>

#include "nd_test.h"

START_TEST(version_is_consistent) {
    char want[64];
    snprintf(want, sizeof want, "%d.%d.%d", ND_VERSION_MAJOR, ND_VERSION_MINOR, ND_VERSION_PATCH);
    ck_assert_str_eq(nd_version(), want);
    ck_assert_str_eq(ND_VERSION_STRING, want);
}
END_TEST

START_TEST(errors_are_sticky_and_thread_local) {
    nd_clear_error();
    ck_assert_int_eq(nd_last_error(), ND_OK);
    ck_assert_str_eq(nd_last_error_message(), "");
    int64_t bad = -1;
    ck_assert_ptr_null(nd_zeros(ND_FLOAT64, 1, &bad));
    ck_assert_int_eq(nd_last_error(), ND_ERR_SHAPE);
    ck_assert(strstr(nd_last_error_message(), "nd_zeros: negative dimensions") != NULL);
    /* a later success keeps the pending error */
    int64_t n = 3;
    nd_array *a = nd_zeros(ND_FLOAT64, 1, &n);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(nd_last_error(), ND_ERR_SHAPE);
    /* a NULL input keeps the pending error rather than replacing it */
    ck_assert_ptr_null(nd_copy(NULL));
    ck_assert_int_eq(nd_last_error(), ND_ERR_SHAPE);
    nd_clear_error();
    ck_assert_ptr_null(nd_copy(NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_str_eq(nd_status_name(ND_ERR_OVERFLOW), "ND_ERR_OVERFLOW");
    ck_assert_str_eq(nd_status_name((nd_status)99), "ND_ERR_UNKNOWN");
    nd_release(a);
}
END_TEST

START_TEST(shape_limits) {
    int64_t shape[ND_MAX_DIMS + 1];
    for (int i = 0; i <= ND_MAX_DIMS; i++) shape[i] = 1;
    nd_array *a = nd_zeros(ND_INT8, ND_MAX_DIMS, shape);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(nd_ndim(a), ND_MAX_DIMS);
    nd_release(a);
    ck_assert_ptr_null(nd_zeros(ND_INT8, ND_MAX_DIMS + 1, shape));
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_zeros(ND_INT8, -1, shape));
    ck_assert_nd_error(ND_ERR_SHAPE);
    int64_t huge[2] = {INT64_C(1) << 40, INT64_C(1) << 40};
    ck_assert_ptr_null(nd_empty(ND_FLOAT64, 2, huge));
    ck_assert_nd_error(ND_ERR_OVERFLOW);
    int64_t bytes[1] = {INT64_C(1) << 61}; /* fits int64 as a count, not as bytes */
    ck_assert_ptr_null(nd_empty(ND_FLOAT64, 1, bytes));
    ck_assert_nd_error(ND_ERR_OVERFLOW);
    ck_assert_ptr_null(nd_empty((nd_dtype)99, 1, bytes));
    ck_assert_nd_error(ND_ERR_DTYPE);
    int64_t zero_and_huge[3] = {0, INT64_C(1) << 40, INT64_C(1) << 40};
    ck_assert_ptr_null(nd_empty(ND_FLOAT64, 3, zero_and_huge));
    ck_assert_nd_error(ND_ERR_OVERFLOW); /* NumPy refuses these too */
    int64_t empty[2] = {0, 5};
    a = nd_empty(ND_FLOAT64, 2, empty);
    ck_assert_int_eq(nd_size(a), 0);
    nd_release(a);
}
END_TEST

START_TEST(element_access_errors) {
    int64_t shape[2] = {2, 3};
    nd_array *a = nd_zeros(ND_INT32, 2, shape);
    ck_assert_int_eq(nd_set_f64(a, (int64_t[]){-1, -1}, 7.0), ND_OK);
    ck_assert(nd_get_f64(a, (int64_t[]){1, 2}) == 7.0);
    double v = nd_get_f64(a, (int64_t[]){2, 0});
    ck_assert(isnan(v));
    ck_assert(strstr(nd_last_error_message(), "index 2 is out of bounds for axis 0 with size 2"));
    ck_assert_nd_error(ND_ERR_INDEX);
    ck_assert_int_eq(nd_set_f64(a, (int64_t[]){0, -4}, 1.0), ND_ERR_INDEX);
    nd_clear_error();
    ck_assert_int_eq(nd_set_writeable(a, false), ND_OK);
    ck_assert_int_eq(nd_set_f64(a, (int64_t[]){0, 0}, 1.0), ND_ERR_VALUE);
    ck_assert(strstr(nd_last_error_message(), "read-only"));
    nd_clear_error();
    int32_t one = 1;
    ck_assert_int_eq(nd_fill(a, &one), ND_ERR_VALUE);
    nd_clear_error();
    ck_assert_int_eq(nd_set_writeable(a, true), ND_OK);
    ck_assert_int_eq(nd_fill(a, &one), ND_OK);
    ck_assert(nd_get_f64(a, (int64_t[]){1, 1}) == 1.0);
    nd_release(a);
}
END_TEST

static int release_calls;
static void count_release(void *ctx) {
    release_calls++;
    ck_assert_ptr_eq(ctx, &release_calls);
}

START_TEST(wrap_releases_exactly_once) {
    double buf[12] = {0};
    int64_t shape[2] = {3, 4};
    release_calls = 0;
    nd_array *a = nd_wrap(buf, ND_FLOAT64, 2, shape, NULL, count_release, &release_calls);
    ck_assert_ptr_nonnull(a);
    nd_array *b = nd_copy(a), *c = nd_retain(a);
    ck_assert_ptr_eq(c, a);
    nd_release(a);
    nd_release(c);
    ck_assert_int_eq(release_calls, 1);
    nd_release(b);
    ck_assert_int_eq(release_calls, 1);
    /* a failing wrap leaves ownership with the caller */
    int64_t neg[2] = {3, -4};
    ck_assert_ptr_null(nd_wrap(buf, ND_FLOAT64, 2, neg, NULL, count_release, &release_calls));
    ck_assert_nd_error(ND_ERR_SHAPE);
    nd_debug_fail_alloc(1);
    ck_assert_ptr_null(nd_wrap(buf, ND_FLOAT64, 2, shape, NULL, count_release, &release_calls));
    nd_debug_fail_alloc(0);
    ck_assert_nd_error(ND_ERR_NOMEM);
    ck_assert_int_eq(release_calls, 1);
    /* strides that leave the address range */
    int64_t big[2] = {INT64_MAX / 2, 3};
    ck_assert_ptr_null(nd_wrap(buf, ND_FLOAT64, 2, (int64_t[]){3, 4}, big, NULL, NULL));
    ck_assert_nd_error(ND_ERR_OVERFLOW);
    nd_release(NULL);
    ck_assert_ptr_null(nd_retain(NULL));
}
END_TEST

/* Runs call() with the 1st, 2nd, ... allocation failing until it succeeds:
   every failure must be ND_ERR_NOMEM and leave no allocation behind. */
typedef nd_array *(*nd_call)(void *ctx);

static void walk_alloc_failures(const char *name, nd_call call, void *ctx) {
    long before = nd_debug_live_allocs();
    for (long nth = 1; nth < 64; nth++) {
        nd_clear_error();
        nd_debug_fail_alloc(nth);
        nd_array *r = call(ctx);
        long made = nd_debug_fail_alloc(0);
        if (r) {
            nd_release(r);
            ck_assert_int_eq(nd_debug_live_allocs(), before);
            ck_assert_msg(made < nth, "%s succeeded although allocation %ld failed", name, nth);
            return;
        }
        ck_assert_msg(nd_last_error() == ND_ERR_NOMEM, "%s: allocation %ld failed, got %s (%s)",
                      name, nth, nd_status_name(nd_last_error()), nd_last_error_message());
        ck_assert_msg(nd_debug_live_allocs() == before, "%s leaked after failing allocation %ld",
                      name, nth);
    }
    ck_abort_msg("%s never succeeded", name);
}

static nd_array *call_zeros(void *ctx) {
    (void)ctx;
    return nd_zeros(ND_FLOAT32, 2, (int64_t[]){3, 5});
}
static nd_array *call_astype(void *ctx) { return nd_astype(ctx, ND_FLOAT16); }
static nd_array *call_add_cast(void *ctx) { /* int32 + float64 literal: casts, allocates */
    nd_array *lit = nd_lit_f64(0.5);
    nd_array *r = lit ? nd_add(ctx, lit, NULL) : NULL;
    nd_release(lit);
    return r;
}
static nd_array *call_where(void *ctx) {
    nd_array *c = nd_greater(ctx, ctx, NULL);
    nd_array *r = c ? nd_where(c, ctx, ctx, NULL) : NULL;
    nd_release(c);
    return r;
}
static nd_array *call_isclose(void *ctx) { return nd_isclose(ctx, ctx, 1e-5, 1e-8, true, NULL); }

START_TEST(allocation_failures_are_clean) {
    int64_t shape[2] = {4, 6};
    nd_array *a = nd_ones(ND_INT32, 2, shape);
    long before = nd_debug_live_allocs();
    walk_alloc_failures("nd_zeros", call_zeros, NULL);
    walk_alloc_failures("nd_astype", call_astype, a);
    walk_alloc_failures("nd_add with cast", call_add_cast, a);
    walk_alloc_failures("nd_where", call_where, a);
    walk_alloc_failures("nd_isclose", call_isclose, a);
    ck_assert_int_eq(nd_debug_live_allocs(), before);
    /* the input is unchanged */
    for (int i = 0; i < 24; i++) ck_assert(nd_get_f64(a, (int64_t[]){i / 6, i % 6}) == 1.0);
    nd_release(a);
}
END_TEST

START_TEST(may_share_memory) {
    int64_t n = 10;
    nd_array *a = nd_zeros(ND_FLOAT64, 1, &n), *b = nd_zeros(ND_FLOAT64, 1, &n);
    ck_assert(nd_may_share_memory(a, a));
    ck_assert(!nd_may_share_memory(a, b));
    nd_array *w = nd_wrap((char *)nd_data(a) + 8, ND_FLOAT64, 1, (int64_t[]){2}, NULL, NULL, NULL);
    ck_assert(nd_may_share_memory(a, w));
    nd_release(w), nd_release(a), nd_release(b);
}
END_TEST

/* Large arrays live in reused huge-page mappings: zeros are zeros on a
   reused block, the count of live allocations returns to where it was, a
   failed big allocation is a clean ND_ERR_NOMEM, trimming leaves nothing
   broken. */
START_TEST(big_blocks_reused) {
    long live = nd_debug_live_allocs();
    int64_t n = 1 << 20; /* 8 MiB of float64 */
    for (int round = 0; round < 3; round++) {
        nd_array *a[6];
        for (int i = 0; i < 6; i++) {
            a[i] = i % 2 ? nd_zeros(ND_FLOAT64, 1, &n) : nd_full(ND_FLOAT64, 1, &n, (double)i);
            ck_assert_ptr_nonnull(a[i]);
        }
        for (int i = 0; i < 6; i++) {
            const double *p = nd_data(a[i]);
            ck_assert(p[0] == (i % 2 ? 0.0 : (double)i) && p[n - 1] == p[0]);
            ck_assert_uint_eq((uintptr_t)p % 64, 0);
        }
        for (int i = 0; i < 6; i++) nd_release(a[i]);
        ck_assert_int_eq(nd_debug_live_allocs(), live);
    }
    nd_debug_fail_alloc(1);
    ck_assert_ptr_null(nd_zeros(ND_FLOAT64, 1, &n));
    nd_debug_fail_alloc(0);
    ck_assert_nd_error(ND_ERR_NOMEM);
    nd_memory_trim();
    nd_array *z = nd_zeros(ND_INT8, 1, &(int64_t){5 << 20});
    ck_assert_int_eq(((const int8_t *)nd_data(z))[(5 << 20) - 1], 0);
    nd_release(z);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
}
END_TEST

/* nd_error_set: what a layered library sets is what the getters return;
   ND_OK clears; a status out of range is refused with ND_ERR_VALUE. */
START_TEST(error_set_by_a_layered_library) {
    nd_clear_error();
    ck_assert_int_eq(nd_error_set(ND_ERR_SHAPE, "nd_dist_sum: bad (rank 2)"), ND_ERR_SHAPE);
    ck_assert_int_eq(nd_last_error(), ND_ERR_SHAPE);
    ck_assert_str_eq(nd_last_error_message(), "nd_dist_sum: bad (rank 2)");
    ck_assert_int_eq(nd_error_set(ND_ERR_IO, NULL), ND_ERR_IO);
    ck_assert_str_eq(nd_last_error_message(), "ND_ERR_IO");
    char big[2000];
    memset(big, 'x', sizeof big - 1), big[sizeof big - 1] = 0;
    nd_error_set(ND_ERR_VALUE, big);
    ck_assert_uint_eq(strlen(nd_last_error_message()), 511);
    ck_assert_int_eq(nd_error_set(ND_OK, "ignored"), ND_OK);
    ck_assert_int_eq(nd_last_error(), ND_OK);
    ck_assert_str_eq(nd_last_error_message(), "");
    ck_assert_int_eq(nd_error_set((nd_status)99, "x"), ND_ERR_VALUE);
    ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
    nd_clear_error();
}
END_TEST

int main(void) {
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, version_is_consistent);
    tcase_add_test(tc, errors_are_sticky_and_thread_local);
    tcase_add_test(tc, shape_limits);
    tcase_add_test(tc, element_access_errors);
    tcase_add_test(tc, wrap_releases_exactly_once);
    tcase_add_test(tc, allocation_failures_are_clean);
    tcase_add_test(tc, may_share_memory);
    tcase_add_test(tc, big_blocks_reused);
    tcase_add_test(tc, error_set_by_a_layered_library);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
