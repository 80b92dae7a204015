/* Typed scalar access: nd_fill_f64/_i64/_c128/_as, nd_get_/nd_set_ _i64,
   _c128, _as, and whole-array reductions as C scalars. The reference for
   conversions is NumPy 1.24's behaviour for a Python scalar (a.fill(v),
   a[i] = v, int(a[i]); the cases were checked at /usr/bin/python3); for the
   scalar reductions it is the array reduction's own 0-d result read back
   through nd_get, and plain loops over small integers. */
#include <math.h>
#include <string.h>

#include "nd_test.h"

static const int64_t N3 = 3;

START_TEST(fill_f64_converts_as_numpy) {
    /* the defect this fixes: nd_fill(int64, &(double){1.0}) stores the bits */
    nd_array *a = nd_zeros(ND_INT64, 1, &N3);
    ck_assert_int_eq(nd_fill_f64(a, 1.0), ND_OK);
    ck_assert_int_eq(nd_get_i64(a, (int64_t[]){2}, NULL), 1);
    ck_assert_int_eq(nd_fill_f64(a, 1.7), ND_OK); /* truncates toward zero */
    ck_assert_int_eq(nd_get_i64(a, (int64_t[]){0}, NULL), 1);
    ck_assert_int_eq(nd_fill_f64(a, -1.7), ND_OK);
    ck_assert_int_eq(nd_get_i64(a, (int64_t[]){1}, NULL), -1);
    /* NaN, infinity and out of range: errors, a unchanged */
    nd_clear_error();
    ck_assert_int_eq(nd_fill_f64(a, NAN), ND_ERR_VALUE);
    ck_assert_str_eq(nd_last_error_message(), "nd_fill_f64: cannot convert float NaN to integer");
    nd_clear_error();
    ck_assert_int_eq(nd_fill_f64(a, -INFINITY), ND_ERR_VALUE);
    nd_clear_error();
    ck_assert_int_eq(nd_fill_f64(a, 1e300), ND_ERR_VALUE);
    nd_clear_error();
    ck_assert_int_eq(nd_fill_f64(a, 9223372036854775808.0), ND_ERR_VALUE); /* 2^63 */
    ck_assert_int_eq(nd_fill_f64(a, -9223372036854775808.0), ND_OK);       /* -2^63 fits */
    ck_assert_int_eq(nd_get_i64(a, (int64_t[]){0}, NULL), INT64_MIN);
    nd_release(a);

    nd_array *u = nd_zeros(ND_UINT8, 1, &N3);
    ck_assert_int_eq(nd_fill_f64(u, 255.9), ND_OK);
    ck_assert_int_eq(nd_get_i64(u, (int64_t[]){1}, NULL), 255);
    ck_assert_int_eq(nd_fill_f64(u, -0.5), ND_OK); /* truncates to 0: in range */
    ck_assert_int_eq(nd_get_i64(u, (int64_t[]){1}, NULL), 0);
    nd_clear_error();
    ck_assert_int_eq(nd_fill_f64(u, 256.0), ND_ERR_VALUE);
    ck_assert_str_eq(nd_last_error_message(), "nd_fill_f64: value 256 is out of bounds for uint8");
    nd_release(u);

    nd_array *f = nd_zeros(ND_FLOAT32, 1, &N3);
    ck_assert_int_eq(nd_fill_f64(f, 0.1), ND_OK);
    ck_assert_double_eq(nd_get_f64(f, (int64_t[]){0}), (double)0.1f);
    ck_assert_int_eq(nd_fill_f64(f, NAN), ND_OK); /* floats take NaN */
    ck_assert(isnan(nd_get_f64(f, (int64_t[]){2})));
    nd_release(f);

    nd_array *b = nd_zeros(ND_BOOL, 1, &N3);
    ck_assert_int_eq(nd_fill_f64(b, 0.25), ND_OK); /* bool(0.25) */
    ck_assert_int_eq(nd_get_i64(b, (int64_t[]){0}, NULL), 1);
    nd_release(b);
}
END_TEST

START_TEST(fill_i64_c128_and_as) {
    nd_array *a = nd_zeros(ND_INT8, 1, &N3);
    ck_assert_int_eq(nd_fill_i64(a, -128), ND_OK);
    ck_assert_int_eq(nd_get_i64(a, (int64_t[]){1}, NULL), -128);
    nd_clear_error();
    ck_assert_int_eq(nd_fill_i64(a, 128), ND_ERR_VALUE);
    ck_assert_str_eq(nd_last_error_message(), "nd_fill_i64: value 128 is out of bounds for int8");
    ck_assert_int_eq(nd_get_i64(a, (int64_t[]){1}, NULL), -128); /* unchanged */
    nd_clear_error();
    ck_assert_int_eq(nd_fill_c128(a, (nd_complex128){1, 0}), ND_ERR_DTYPE);
    /* the void * form with the dtype named: the double's value, not its bytes */
    nd_array *l = nd_zeros(ND_INT64, 1, &N3);
    double one = 1.0;
    ck_assert_int_eq(nd_fill_as(l, ND_FLOAT64, &one), ND_OK);
    ck_assert_int_eq(nd_get_i64(l, (int64_t[]){0}, NULL), 1);
    uint64_t big = UINT64_MAX;
    nd_clear_error();
    ck_assert_int_eq(nd_fill_as(l, ND_UINT64, &big), ND_ERR_VALUE);
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_fill_as: value 18446744073709551615 is out of bounds for int64");
    nd_clear_error();
    ck_assert_int_eq(nd_fill_as(l, ND_NUM_DTYPES, &one), ND_ERR_DTYPE);
    nd_clear_error();
    ck_assert_int_eq(nd_fill_as(l, ND_FLOAT64, NULL), ND_ERR_NULL);
    nd_release(l);

    nd_array *z = nd_zeros(ND_COMPLEX64, 1, &N3);
    ck_assert_int_eq(nd_fill_c128(z, (nd_complex128){1.5, -2}), ND_OK);
    nd_complex128 v = nd_get_c128(z, (int64_t[]){2}, NULL);
    ck_assert_double_eq(v.re, 1.5);
    ck_assert_double_eq(v.im, -2);
    ck_assert_int_eq(nd_fill_i64(z, 3), ND_OK);
    v = nd_get_c128(z, (int64_t[]){0}, NULL);
    ck_assert_double_eq(v.re, 3);
    ck_assert_double_eq(v.im, 0);
    nd_release(z);
    nd_release(a);
}
END_TEST

START_TEST(get_set_typed) {
    int64_t shape[2] = {2, 3};
    nd_array *a = nd_zeros(ND_UINT64, 2, shape);
    ck_assert_int_eq(nd_set_i64(a, (int64_t[]){-1, -1}, 7), ND_OK);
    nd_status st = ND_ERR_IO;
    ck_assert_int_eq(nd_get_i64(a, (int64_t[]){1, 2}, &st), 7);
    ck_assert_int_eq(st, ND_OK);
    nd_clear_error();
    ck_assert_int_eq(nd_set_i64(a, (int64_t[]){0, 0}, -1), ND_ERR_VALUE);
    uint64_t big = UINT64_MAX;
    ck_assert_int_eq(nd_set_as(a, (int64_t[]){0, 0}, ND_UINT64, &big), ND_OK);
    nd_clear_error();
    ck_assert_int_eq(nd_get_i64(a, (int64_t[]){0, 0}, &st), 0); /* int() past int64 */
    ck_assert_int_eq(st, ND_ERR_VALUE);
    uint64_t back = 0;
    ck_assert_int_eq(nd_get_as(a, (int64_t[]){0, 0}, ND_UINT64, &back), ND_OK);
    ck_assert(back == UINT64_MAX);
    double d = 0;
    ck_assert_int_eq(nd_get_as(a, (int64_t[]){1, 2}, ND_FLOAT64, &d), ND_OK);
    ck_assert_double_eq(d, 7.0);
    nd_clear_error();
    ck_assert_int_eq(nd_get_i64(a, (int64_t[]){2, 0}, &st), 0);
    ck_assert_int_eq(st, ND_ERR_INDEX);
    nd_clear_error();
    ck_assert_int_eq(nd_set_f64(a, (int64_t[]){0, 1}, NAN), ND_ERR_VALUE);
    ck_assert_str_eq(nd_last_error_message(), "nd_set_f64: cannot convert float NaN to integer");
    nd_release(a);

    nd_array *f = nd_zeros(ND_FLOAT64, 1, &N3);
    ck_assert_int_eq(nd_set_f64(f, (int64_t[]){0}, -2.9), ND_OK);
    ck_assert_int_eq(nd_get_i64(f, (int64_t[]){0}, NULL), -2); /* int(-2.9) */
    ck_assert_int_eq(nd_set_f64(f, (int64_t[]){1}, NAN), ND_OK);
    nd_clear_error();
    ck_assert_int_eq(nd_get_i64(f, (int64_t[]){1}, &st), 0);
    ck_assert_int_eq(st, ND_ERR_VALUE);
    nd_clear_error();
    ck_assert_int_eq(nd_set_c128(f, (int64_t[]){0}, (nd_complex128){1, 1}), ND_ERR_DTYPE);
    nd_complex128 c = nd_get_c128(f, (int64_t[]){0}, &st);
    ck_assert_int_eq(st, ND_OK);
    ck_assert_double_eq(c.re, -2.9);
    nd_set_writeable(f, false);
    nd_clear_error();
    ck_assert_int_eq(nd_set_i64(f, (int64_t[]){0}, 1), ND_ERR_VALUE);
    ck_assert_int_eq(nd_fill_f64(f, 1), ND_ERR_VALUE);
    nd_release(f);
    nd_clear_error();
}
END_TEST

/* The 0-d result of the array reduction, read back as a double. */
static double ref_f64(nd_array *r) {
    double v = nd_get_f64(r, NULL);
    nd_release(r);
    return v;
}

START_TEST(scalar_reductions_match_array_reductions) {
    const int64_t n = 1001;
    nd_rng *g = nd_rng_new(7);
    nd_array *x = nd_standard_normal(g, 1, &n, NULL);
    nd_status st;
    ck_assert(nd_sum_f64(x, &st) == ref_f64(nd_sum(x, ND_AXIS_ALL, false, NULL)));
    ck_assert_int_eq(st, ND_OK);
    ck_assert(nd_prod_f64(x, NULL) == ref_f64(nd_prod(x, ND_AXIS_ALL, false, NULL)));
    ck_assert(nd_mean_f64(x, NULL) == ref_f64(nd_mean(x, ND_AXIS_ALL, false, NULL)));
    ck_assert(nd_min_f64(x, NULL) == ref_f64(nd_min(x, ND_AXIS_ALL, false, NULL)));
    ck_assert(nd_max_f64(x, NULL) == ref_f64(nd_max(x, ND_AXIS_ALL, false, NULL)));
    ck_assert(nd_nansum_f64(x, NULL) == ref_f64(nd_nansum(x, ND_AXIS_ALL, false, NULL)));
    ck_assert(nd_nanmean_f64(x, NULL) == ref_f64(nd_nanmean(x, ND_AXIS_ALL, false, NULL)));
    ck_assert(nd_nanmin_f64(x, NULL) == ref_f64(nd_nanmin(x, ND_AXIS_ALL, false, NULL)));
    ck_assert(nd_nanmax_f64(x, NULL) == ref_f64(nd_nanmax(x, ND_AXIS_ALL, false, NULL)));
    ck_assert(nd_var_f64(x, 1, NULL) == ref_f64(nd_var(x, ND_AXIS_ALL, 1, false, NULL)));
    ck_assert(nd_std_f64(x, 0, NULL) == ref_f64(nd_std(x, ND_AXIS_ALL, 0, false, NULL)));
    ck_assert_int_eq(nd_argmax_i64(x, NULL),
                     (int64_t)ref_f64(nd_argmax(x, ND_AXIS_ALL, false, NULL)));
    ck_assert_int_eq(nd_argmin_i64(x, &st),
                     (int64_t)ref_f64(nd_argmin(x, ND_AXIS_ALL, false, NULL)));
    ck_assert_int_eq(st, ND_OK);
    /* the float sum as int: truncated, as int(np.sum(x)) */
    ck_assert_int_eq(nd_sum_i64(x, NULL), (int64_t)trunc(nd_sum_f64(x, NULL)));
    nd_array *low = nd_lit_f64(-100);
    nd_array *pos = nd_greater(x, low, NULL);
    nd_release(low);
    ck_assert(nd_all_bool(pos, NULL));
    ck_assert(nd_any_bool(pos, NULL));
    nd_release(pos);
    nd_release(x);
    nd_rng_free(g);
}
END_TEST

START_TEST(scalar_reductions_of_integers_and_errors) {
    /* int8 values: their sum as a plain loop in int64 */
    const int64_t n = 300;
    nd_array *a = nd_arange(-150, 150, 1, ND_INT8); /* wraps like NumPy's astype */
    int64_t loop = 0;
    for (int64_t i = 0; i < n; i++) loop += (int8_t)(i - 150);
    ck_assert_int_eq(nd_sum_i64(a, NULL), loop);
    ck_assert_double_eq(nd_sum_f64(a, NULL), (double)loop);
    nd_release(a);

    nd_array *z = nd_zeros(ND_COMPLEX128, 1, &N3);
    nd_fill_c128(z, (nd_complex128){1, 2});
    nd_status st;
    nd_complex128 s = nd_sum_c128(z, &st);
    ck_assert_int_eq(st, ND_OK);
    ck_assert_double_eq(s.re, 3);
    ck_assert_double_eq(s.im, 6);
    s = nd_mean_c128(z, NULL);
    ck_assert_double_eq(s.im, 2);
    nd_clear_error();
    ck_assert(isnan(nd_sum_f64(z, &st)));
    ck_assert_int_eq(st, ND_ERR_DTYPE);
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_sum_f64: the result is complex128, not a real number");
    nd_release(z);

    const int64_t zero = 0;
    nd_array *e = nd_zeros(ND_FLOAT64, 1, &zero);
    nd_clear_error();
    ck_assert(isnan(nd_max_f64(e, &st)));
    ck_assert_int_eq(st, ND_ERR_VALUE);
    nd_clear_error();
    ck_assert_int_eq(nd_argmin_i64(e, &st), 0);
    ck_assert_int_eq(st, ND_ERR_VALUE);
    ck_assert_double_eq(nd_sum_f64(e, &st), 0.0);
    ck_assert_int_eq(st, ND_OK);
    nd_release(e);
    nd_clear_error();
    ck_assert(isnan(nd_mean_f64(NULL, &st)));
    ck_assert_int_eq(st, ND_ERR_NULL);
    nd_clear_error();
    ck_assert(isnan(nd_var_f64(NULL, 0, NULL)));
    ck_assert_nd_error(ND_ERR_NULL);
    nd_clear_error();
}
END_TEST

/* Every allocation of a scalar reduction and a typed fill failed in turn:
   a clean ND_ERR_NOMEM, nothing left behind, then the right value. */
START_TEST(allocation_failures_are_clean) {
    const int64_t n = 10;
    nd_array *x = nd_arange(0, 10, 1, ND_FLOAT64);
    nd_array *y = nd_zeros(ND_INT32, 1, &n);
    long live = nd_debug_live_allocs();
    for (long k = 1;; k++) {
        nd_clear_error();
        nd_debug_fail_alloc(k);
        nd_status st;
        double v = nd_var_f64(x, 0, &st);
        int rc = st == ND_OK ? nd_fill_f64(y, 2.0) : ND_ERR_NOMEM;
        long used = nd_debug_fail_alloc(0);
        ck_assert_int_eq(nd_debug_live_allocs(), live);
        if (used < k) {
            ck_assert_double_eq(v, 8.25);
            ck_assert_int_eq(rc, ND_OK);
            ck_assert_int_eq(nd_get_i64(y, (int64_t[]){9}, NULL), 2);
            break;
        }
        ck_assert(st == ND_ERR_NOMEM || rc == ND_ERR_NOMEM);
    }
    nd_release(y);
    nd_release(x);
}
END_TEST

int main(void) {
    Suite *s = suite_create("typed");
    TCase *tc = tcase_create("typed");
    tcase_add_test(tc, fill_f64_converts_as_numpy);
    tcase_add_test(tc, fill_i64_c128_and_as);
    tcase_add_test(tc, get_set_typed);
    tcase_add_test(tc, scalar_reductions_match_array_reductions);
    tcase_add_test(tc, scalar_reductions_of_integers_and_errors);
    tcase_add_test(tc, allocation_failures_are_clean);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
