/* Creation against NumPy: arange and linspace lengths and values bit for
   bit over generated cases and every dtype; fill values; C and Fortran
   order strides; typed values that doubles cannot hold. */
#include <math.h>

#include "nd_test.h"

static const char *TYPES =
    "['?','i1','i2','i4','i8','u1','u2','u4','u8','f2','f4','f8','c8','c16']";

/* NumPy prints: kind start stop step|num dtype -> length and hex bytes. */
static const char *GEN =
    "import numpy as np, warnings\n"
    "warnings.simplefilter('ignore')\n"
    "ts=%s\n"
    "rng=np.random.default_rng(2)\n"
    "cases=[(-3,3,0.5),(0,10,1),(10,0,-3),(0,1,0.1),(1,2,0.3),(-5,5,1.5),(250,260,3),(0,0,1),(5,1,"
    "1),(0.5,7.25,0.75),(-1e3,1e3,37.5),(0,100,7),(3,-3,-0.5),(1e-3,1e-2,1e-3)]\n"
    "for _ in range(60): cases.append((round(float(rng.uniform(-50,50)),3), "
    "round(float(rng.uniform(-50,50)),3), round(float(rng.choice([-1,1])*rng.uniform(0.1,7)),3)))\n"
    "for (a,b,s) in cases:\n"
    "  for ti,t in enumerate(ts):\n"
    "    try: r=np.arange(a,b,s,dtype=t)\n"
    "    except Exception: print('A', repr(a), repr(b), repr(s), ti, 'ERR'); continue\n"
    "    print('A', repr(a), repr(b), repr(s), ti, len(r), r.tobytes().hex() or '-')\n"
    "lin=[(0,1,5),(0,10,5),(-1,1,7),(2,3,1),(2,3,0),(0,1,2),(1e-310,3e-310,4),(-7.5,3.25,11),(100,-"
    "100,9),(0,255,17)]\n"
    "for (a,b,n) in lin:\n"
    "  for ti,t in enumerate(ts):\n"
    "    r=np.linspace(a,b,n,dtype=t)\n"
    "    print('L', repr(a), repr(b), n, ti, len(r), r.tobytes().hex() or '-')\n";

static bool hex_equal(const char *hex, const nd_array *a) {
    const unsigned char *d = nd_data(a);
    int64_t n = nd_nbytes(a);
    if (*hex == '-') return n == 0;
    for (int64_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1 || v != d[i]) return false;
    }
    return hex[2 * n] == '\n' || hex[2 * n] == '\0';
}

START_TEST(arange_and_linspace_match_numpy) {
    char script[4096];
    snprintf(script, sizeof script, GEN, TYPES);
    char *out = nd_test_python(script);
    ck_assert_ptr_nonnull(out);
    int n_a = 0, n_l = 0, n_err = 0;
    for (char *line = out; *line;) {
        char *end = strchr(line, '\n'), *p = line + 2;
        double a = strtod(p, &p), b = strtod(p, &p);
        if (line[0] == 'A') {
            double s = strtod(p, &p);
            int t = (int)strtol(p, &p, 10);
            nd_array *r = nd_arange(a, b, s, (nd_dtype)t);
            while (*p == ' ') p++;
            if (strncmp(p, "ERR", 3) == 0) {
                ck_assert_msg(r == NULL, "arange(%g,%g,%g,%s) should fail", a, b, s,
                              nd_dtype_name((nd_dtype)t));
                nd_clear_error();
                n_err++;
            } else {
                long len = strtol(p, &p, 10);
                ck_assert_msg(r != NULL, "%s", nd_last_error_message());
                ck_assert_int_eq(nd_size(r), len);
                while (*p == ' ') p++;
                ck_assert_msg(hex_equal(p, r), "arange(%g, %g, %g, %s) differs", a, b, s,
                              nd_dtype_name((nd_dtype)t));
                n_a++;
            }
            nd_release(r);
        } else {
            long num = strtol(p, &p, 10);
            int t = (int)strtol(p, &p, 10);
            long len = strtol(p, &p, 10);
            nd_array *r = nd_linspace(a, b, num, (nd_dtype)t);
            ck_assert_msg(r != NULL, "%s", nd_last_error_message());
            ck_assert_int_eq(nd_size(r), len);
            while (*p == ' ') p++;
            ck_assert_msg(hex_equal(p, r), "linspace(%g, %g, %ld, %s) differs", a, b, num,
                          nd_dtype_name((nd_dtype)t));
            nd_release(r);
            n_l++;
        }
        line = end + 1;
    }
    ck_assert_int_ge(n_a, 900);
    ck_assert_int_ge(n_err, 40); /* bool ranges longer than 2 */
    ck_assert_int_ge(n_l, 140);
    free(out);
    ck_assert_ptr_null(nd_arange(0, 1, 0, ND_FLOAT64));
    ck_assert(strstr(nd_last_error_message(), "division by zero"));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_arange(0, NAN, 1, ND_FLOAT64));
    ck_assert(strstr(nd_last_error_message(), "arange: cannot compute length"));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_arange(0, 1e300, 1e-300, ND_FLOAT64));
    ck_assert_nd_error(ND_ERR_OVERFLOW);
    ck_assert_ptr_null(nd_linspace(0, 1, -1, ND_FLOAT64));
    ck_assert(strstr(nd_last_error_message(), "Number of samples, -1, must be non-negative."));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_arange(0, 1, 1, (nd_dtype)42));
    ck_assert_nd_error(ND_ERR_DTYPE);
}
END_TEST

/* zeros/ones/full and the order variants for every dtype against NumPy's
   bytes and strides. */
START_TEST(fills_and_orders_match_numpy) {
    char script[2048];
    snprintf(script, sizeof script,
             "import numpy as np\nts=%s\n"
             "for t in ts:\n"
             "  for f in [np.zeros((2,3),t), np.ones((2,3),t), np.full((2,3),-2.5,t), "
             "np.zeros((2,3,4),t,order='F'), np.empty((3,4),t,order='F')]:\n"
             "    print(*f.strides, f.tobytes(order='A').hex() if f.flags.c_contiguous else '-')\n",
             TYPES);
    char *out = nd_test_python(script);
    ck_assert_ptr_nonnull(out);
    char *p = out;
    for (int t = 0; t < ND_NUM_DTYPES; t++) {
        nd_array *arr[5] = {
            nd_zeros((nd_dtype)t, 2, (int64_t[]){2, 3}),
            nd_ones((nd_dtype)t, 2, (int64_t[]){2, 3}),
            nd_full((nd_dtype)t, 2, (int64_t[]){2, 3}, -2.5),
            nd_zeros_order((nd_dtype)t, 3, (int64_t[]){2, 3, 4}, ND_ORDER_F),
            nd_empty_order((nd_dtype)t, 2, (int64_t[]){3, 4}, ND_ORDER_F),
        };
        for (int k = 0; k < 5; k++) {
            for (int i = 0; i < nd_ndim(arr[k]); i++)
                ck_assert_int_eq(nd_strides(arr[k])[i], strtoll(p, &p, 10));
            while (*p == ' ') p++;
            if (*p != '-')
                ck_assert_msg(hex_equal(p, arr[k]), "%s fill %d differs",
                              nd_dtype_name((nd_dtype)t), k);
            if (k >= 3) ck_assert(nd_is_f_contiguous(arr[k]) && !nd_is_c_contiguous(arr[k]));
            p = strchr(p, '\n') + 1;
            nd_release(arr[k]);
        }
    }
    free(out);
    /* copies keep values in either order */
    nd_array *a = nd_arange(0, 12, 1, ND_INT32), *m = nd_reshape(a, 2, (int64_t[]){3, 4});
    nd_array *f = nd_copy_order(m, ND_ORDER_F), *c = nd_copy(f);
    ck_assert_int_eq(nd_strides(f)[0], 4);
    ck_assert_int_eq(nd_strides(f)[1], 12);
    bool eq;
    ck_assert_int_eq(nd_array_equal(m, f, false, &eq), ND_OK);
    ck_assert(eq);
    ck_assert(nd_is_c_contiguous(c));
    ck_assert_ptr_null(nd_copy_order(m, (nd_order)7));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_release(a), nd_release(m), nd_release(f), nd_release(c);
}
END_TEST

/* Values a double cannot carry survive the typed entry points. */
START_TEST(typed_values_are_exact) {
    int64_t big = (INT64_C(1) << 53) + 1;
    uint64_t umax = UINT64_MAX;
    nd_complex128 z = {1.5, -2.25};
    nd_array *a = nd_scalar(ND_INT64, &big),
             *u = nd_full_typed(ND_UINT64, 1, (int64_t[]){3}, &umax);
    nd_array *c = nd_scalar(ND_COMPLEX128, &z);
    int64_t gi;
    uint64_t gu;
    nd_complex128 gz;
    ck_assert_int_eq(nd_get(a, NULL, &gi), ND_OK);
    ck_assert(gi == big);
    ck_assert_int_eq(nd_get(u, (int64_t[]){2}, &gu), ND_OK);
    ck_assert(gu == UINT64_MAX);
    ck_assert_int_eq(nd_get(c, NULL, &gz), ND_OK);
    ck_assert(gz.re == 1.5 && gz.im == -2.25);
    int64_t v = INT64_MIN + 7;
    ck_assert_int_eq(nd_fill(a, &v), ND_OK);
    ck_assert_int_eq(nd_get(a, NULL, &gi), ND_OK);
    ck_assert(gi == v);
    uint64_t w = UINT64_MAX - 1;
    ck_assert_int_eq(nd_set(u, (int64_t[]){-1}, &w), ND_OK);
    ck_assert_int_eq(nd_get(u, (int64_t[]){2}, &gu), ND_OK);
    ck_assert(gu == UINT64_MAX - 1);
    /* literals are weak 0-d arrays */
    nd_array *lf = nd_lit_f64(2.5), *li = nd_lit_i64(-3);
    ck_assert(nd_is_weak(lf) && nd_is_weak(li) && !nd_is_weak(a));
    ck_assert_int_eq(nd_ndim(lf), 0);
    ck_assert_int_eq(nd_get_dtype(li), ND_INT64);
    /* from_buffer copies */
    double buf[4] = {1, 2, 3, 4};
    nd_array *fb = nd_from_buffer(ND_FLOAT64, 2, (int64_t[]){2, 2}, buf);
    buf[0] = 99;
    ck_assert(nd_get_f64(fb, (int64_t[]){0, 0}) == 1.0);
    ck_assert_ptr_null(nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){2}, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_ptr_null(nd_scalar(ND_FLOAT64, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    nd_release(a), nd_release(u), nd_release(c), nd_release(lf), nd_release(li), nd_release(fb);
}
END_TEST

int main(void) {
    Suite *s = suite_create("creation");
    TCase *tc = tcase_create("creation");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, arange_and_linspace_match_numpy);
    tcase_add_test(tc, fills_and_orders_match_numpy);
    tcase_add_test(tc, typed_values_are_exact);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
