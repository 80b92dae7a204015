/* Every a[start:stop:step] over extreme starts, stops and steps (None,
   0, +-1, +-n, +-(n+1), the int64 limits and their neighbours) for axes
   of 0..5 elements, through both indexing paths (the text nd_slice and
   the structured nd_index_get / nd_index_set), against NumPy's results
   recorded in nd_slice_cases.h (tools/gen_slice_cases.py). Each view is
   also saved as .npy and read back, so a view whose strides reach outside
   its buffer shows under ASan. */
#include <inttypes.h>

#include "nd_slice_cases.h"
#include "nd_test.h"

/* The values 0..n-1, contiguous or (reversed != 0) through a view that
   walks its buffer backwards. */
static nd_array *numbers(int64_t n, int reversed) {
    nd_array *a = nd_arange(0, (double)n, 1, ND_INT64);
    if (!reversed) return a;
    nd_array *r = nd_slice(a, "::-1"), *c = nd_copy(r), *v = nd_slice(c, "::-1");
    nd_release(a), nd_release(r), nd_release(c);
    return v;
}

static int64_t at(const nd_array *a, int64_t i) {
    int64_t v;
    ck_assert_int_eq(nd_get(a, &i, &v), ND_OK);
    return v;
}

/* Checks a 1-D int64 result against the digits of want (elements). */
static void expect_items(const nd_array *r, const char *want, size_t len, const char *what) {
    ck_assert_msg(nd_ndim(r) == 1 && nd_shape(r)[0] == (int64_t)len,
                  "%s: shape (%" PRId64 ",), NumPy (%zu,)", what, nd_shape(r)[0], len);
    for (size_t i = 0; i < len; i++) {
        int64_t v = at(r, (int64_t)i);
        ck_assert_msg(v == want[i] - '0', "%s: element %zu is %" PRId64 ", NumPy %c", what, i, v,
                      want[i]);
    }
}

/* The view itself, then its .npy round trip. */
static void expect_view(const nd_array *base, nd_array *r, const char *want, size_t len,
                        const char *what) {
    ck_assert_msg(r != NULL, "%s: failed: %s", what, nd_last_error_message());
    const char *lo, *hi, *blo, *bhi;
    nd__extent(r, &lo, &hi);
    nd__extent(base, &blo, &bhi);
    ck_assert_msg(lo == hi || (lo >= blo && hi <= bhi), "%s: view reaches outside its base", what);
    expect_items(r, want, len, what);
    void *buf = NULL;
    size_t nbytes = 0;
    ck_assert_int_eq(nd_npy_to_bytes(r, &buf, &nbytes), ND_OK);
    nd_array *back = nd_npy_from_bytes(buf, nbytes);
    free(buf);
    ck_assert_ptr_nonnull(back);
    expect_items(back, want, len, what);
    nd_release(back);
}

static void expect_set(nd_array *b, const char *want, const char *what) {
    for (int64_t i = 0; i < nd_shape(b)[0]; i++) {
        int64_t v = at(b, i);
        char c = v < 0 ? '.' : (char)('0' + v);
        ck_assert_msg(c == want[i], "%s: after setting, b[%" PRId64 "] is %c, NumPy %c", what, i, c,
                      want[i]);
    }
}

static void spec_part(char *s, size_t cap, int64_t v, int given) {
    if (given)
        snprintf(s, cap, "%" PRId64, v);
    else
        s[0] = 0;
}

/* One case through one path; text selects nd_slice (set through
   nd_assign on its view), else nd_index_get / nd_index_set. */
static void run_case(int64_t n, int reversed, int text, const int64_t v[3], const int given[3],
                     const char *tok) {
    char sb[32], se[32], ss[32], spec[128], what[256];
    spec_part(sb, sizeof sb, v[0], given[0]);
    spec_part(se, sizeof se, v[1], given[1]);
    spec_part(ss, sizeof ss, v[2], given[2]);
    snprintf(spec, sizeof spec, "%s:%s:%s", sb, se, ss);
    snprintf(what, sizeof what, "%s arange(%" PRId64 ")%s[%s]", text ? "nd_slice" : "nd_index", n,
             reversed ? " (reversed buffer)" : "", spec);
    nd_index idx = {.kind = ND_IDX_SLICE,
                    .start = given[0] ? v[0] : ND_SLICE_NONE,
                    .stop = given[1] ? v[1] : ND_SLICE_NONE,
                    .step = given[2] ? v[2] : ND_SLICE_NONE};
    nd_array *a = numbers(n, reversed);
    nd_clear_error();
    nd_array *r = text ? nd_slice(a, spec) : nd_index_get(a, 1, &idx);
    if (tok[0] == 'E') {
        ck_assert_msg(r == NULL, "%s: NumPy raises, nd succeeds", what);
        ck_assert_msg(strstr(nd_last_error_message(), "slice step cannot be zero"), "%s: %s", what,
                      nd_last_error_message());
        ck_assert_nd_error(ND_ERR_VALUE);
        ck_assert_int_ne(nd_index_set(a, 1, &idx, a), ND_OK);
        ck_assert_nd_error(ND_ERR_VALUE);
        nd_release(a);
        return;
    }
    const char *slash = strchr(tok, '/');
    size_t len = (size_t)(slash - tok);
    expect_view(a, r, tok, len, what);
    /* b[s] = arange(len) on a -1 filled b */
    nd_array *vals = nd_arange(0, (double)len, 1, ND_INT64);
    int64_t m1 = -1;
    ck_assert_int_eq(nd_fill(a, &m1), ND_OK);
    if (text) {
        ck_assert_int_eq(nd_assign(r, vals), ND_OK);
    } else {
        ck_assert_msg(nd_index_set(a, 1, &idx, vals) == ND_OK, "%s: set failed: %s", what,
                      nd_last_error_message());
    }
    expect_set(a, slash + 1, what);
    nd_release(vals), nd_release(r), nd_release(a);
}

START_TEST(both_paths_match_numpy) {
    long long cases = 0, runs = 0;
    for (int64_t n = 0; n <= ND_SLICE_NMAX; n++) {
        /* the text path reads every value as written; the structured one
           reads ND_SLICE_NONE (INT64_MIN) as "left out", so there
           INT64_MIN cases expect the None case's result */
        const int64_t vals[ND_SLICE_NVALUES] = ND_SLICE_VALUES(n, 0);
        const int64_t steps[ND_SLICE_NSTEPS] = ND_SLICE_STEPS(0);
        for (int kb = 0; kb < ND_SLICE_NVALUES; kb++)
            for (int ke = 0; ke < ND_SLICE_NVALUES; ke++) {
                const char *row = nd_slice_expect[n][kb][ke];
                for (int ks = 0; ks < ND_SLICE_NSTEPS; ks++) {
                    char tok[64], stok[64];
                    /* token ks of row */
                    const char *p = row;
                    for (int j = 0; j < ks; j++) p = strchr(p, ' ') + 1;
                    size_t tl = strcspn(p, " ");
                    ck_assert_uint_lt(tl, sizeof tok);
                    memcpy(tok, p, tl), tok[tl] = 0;
                    int64_t v[3] = {vals[kb], vals[ke], steps[ks]};
                    int given[3] = {kb != 0, ke != 0, ks != 0};
                    cases++;
                    for (int rev = 0; rev < 2; rev++, runs++) run_case(n, rev, 1, v, given, tok);
                    /* the structured path's view of the same numbers */
                    int kb2 = v[0] == INT64_MIN ? 0 : kb, ke2 = v[1] == INT64_MIN ? 0 : ke,
                        ks2 = v[2] == INT64_MIN ? 0 : ks;
                    p = nd_slice_expect[n][kb2][ke2];
                    for (int j = 0; j < ks2; j++) p = strchr(p, ' ') + 1;
                    tl = strcspn(p, " ");
                    memcpy(stok, p, tl), stok[tl] = 0;
                    int sgiven[3] = {kb2 != 0, ke2 != 0, ks2 != 0};
                    for (int rev = 0; rev < 2; rev++, runs++) run_case(n, rev, 0, v, sgiven, stok);
                }
            }
    }
    ck_assert_int_eq(cases,
                     (ND_SLICE_NMAX + 1) * ND_SLICE_NVALUES * ND_SLICE_NVALUES * ND_SLICE_NSTEPS);
    fprintf(stderr, "slice sweep: %lld cases, %lld runs (get, set, npy each)\n", cases, runs);
}
END_TEST

/* A slice on an inner axis of a 2-D array keeps the outer stride. */
START_TEST(inner_axis_extremes) {
    int64_t shape[2] = {3, 4};
    nd_array *a = nd_arange(0, 12, 1, ND_INT64), *m = nd_reshape(a, 2, shape);
    nd_index idx[2] = {
        {.kind = ND_IDX_SLICE,
         .start = ND_SLICE_NONE,
         .stop = ND_SLICE_NONE,
         .step = ND_SLICE_NONE},
        {.kind = ND_IDX_SLICE, .start = INT64_MAX, .stop = ND_SLICE_NONE, .step = INT64_MIN + 1}};
    nd_array *r = nd_index_get(m, 2, idx),
             *t = nd_slice(m, ":, 9223372036854775807::-9223372036854775808");
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(t);
    for (int i = 0; i < 3; i++) {
        int64_t ix[2] = {i, 0};
        ck_assert_int_eq(nd_shape(r)[1], 1);
        ck_assert_int_eq(nd_shape(t)[1], 1);
        ck_assert_double_eq(nd_get_f64(r, ix), 4.0 * i + 3);
        ck_assert_double_eq(nd_get_f64(t, ix), 4.0 * i + 3);
    }
    nd_release(r), nd_release(t), nd_release(m), nd_release(a);
}
END_TEST

int main(void) {
    Suite *s = suite_create("slice_sweep");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, both_paths_match_numpy);
    tcase_add_test(tc, inner_axis_extremes);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
