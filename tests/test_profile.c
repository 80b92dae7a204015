/* The profiler: counts what ran, attributes temporaries, tracks peak bytes. */
#include <pthread.h>

#include "nd_test.h"

/* noinline: gcc 12 mistakes the memstream buffer for a dangling local */
__attribute__((noinline)) static char *report(void) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(nd_profile_report(f), ND_OK);
    fclose(f);
    return buf;
}

static long long calls_of(const char *rep, const char *op, const char *dtype) {
    char key[64];
    snprintf(key, sizeof key, "\n%-16s %-10s", op, dtype);
    const char *hit = strstr(rep, key);
    if (!hit) return -1;
    size_t at = (size_t)(hit - rep) + strlen(key);
    return strtoll(rep + at, NULL, 10);
}

START_TEST(counts_calls_and_temporaries) {
    nd_profile_reset();
    nd_profile_enable();
    int64_t n = 1000;
    nd_array *a = nd_ones(ND_FLOAT64, 1, &n), *b = nd_ones(ND_FLOAT32, 1, &n);
    for (int i = 0; i < 3; i++) nd_add(a, a, a);
    nd_array *c = nd_multiply(a, b, NULL); /* casts b: a temporary */
    nd_profile_disable();
    nd_add(a, a, a); /* not counted */
    char *rep = report();
    ck_assert_int_eq(calls_of(rep, "add", "float64"), 3);
    ck_assert_int_eq(calls_of(rep, "multiply", "float64"), 1);
    ck_assert_int_eq(calls_of(rep, "astype", "float32"), 1);
    ck_assert(strstr(rep, "peak live array memory") != NULL);
    free(rep);
    nd_release(a), nd_release(b), nd_release(c);
}
END_TEST

START_TEST(peak_bytes_follow_live_arrays) {
    long long live0 = nd_profile_live_bytes();
    nd_profile_reset_peak();
    int64_t n = 1 << 20;
    nd_array *a = nd_empty(ND_FLOAT64, 1, &n), *b = nd_empty(ND_FLOAT64, 1, &n);
    ck_assert_int_eq(nd_profile_live_bytes() - live0, 2 * 8 * (1 << 20));
    nd_release(a);
    nd_release(b);
    ck_assert_int_eq(nd_profile_live_bytes(), live0);
    ck_assert_int_ge(nd_profile_peak_bytes() - live0, 2 * 8 * (1 << 20));
    ck_assert_int_eq(nd_profile_report(NULL), ND_ERR_NULL);
    nd_clear_error();
}
END_TEST

/* Small arrays are counted per thread and moved to the shared total in
   batches: the live total stays exact, here and for arrays a thread made
   and handed over before it exited; the peak misses at most a batch
   (64 KiB) per thread. */
static void *make_small(void *out) {
    int64_t n = 10;
    nd_array **a = out;
    for (int i = 0; i < 300; i++) a[i] = nd_zeros(ND_FLOAT64, 1, &n);
    return NULL;
}

START_TEST(small_arrays_counted_exactly) {
    long long live0 = nd_profile_live_bytes();
    nd_profile_reset_peak();
    nd_array *mine[300], *theirs[300];
    make_small(mine);
    ck_assert_int_eq(nd_profile_live_bytes() - live0, 300 * 80);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, make_small, theirs), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    ck_assert_int_eq(nd_profile_live_bytes() - live0, 600 * 80);
    ck_assert_int_ge(nd_profile_peak_bytes() - live0, 600 * 80);
    for (int i = 0; i < 300; i++) nd_release(theirs[i]);
    ck_assert_int_eq(nd_profile_live_bytes() - live0, 300 * 80);
    for (int i = 0; i < 300; i++) nd_release(mine[i]);
    ck_assert_int_eq(nd_profile_live_bytes(), live0);
    int64_t big = 1 << 17; /* 1 MiB: moved at once, so the peak has it */
    nd_profile_reset_peak();
    nd_array *b = nd_empty(ND_FLOAT64, 1, &big);
    nd_release(b);
    ck_assert_int_ge(nd_profile_peak_bytes() - live0, 8 << 17);
    ck_assert_int_le(nd_profile_peak_bytes() - live0, (8 << 17) + (64 << 10));
}
END_TEST

int main(void) {
    Suite *s = suite_create("profile");
    TCase *tc = tcase_create("profile");
    tcase_add_test(tc, counts_calls_and_temporaries);
    tcase_add_test(tc, peak_bytes_follow_live_arrays);
    tcase_add_test(tc, small_arrays_counted_exactly);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
