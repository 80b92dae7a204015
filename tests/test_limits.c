/* Integer arguments at their limits (issue 31, defects 8 and 13): each
   call that did signed-overflow arithmetic on an extreme k, offset,
   shift, decimals, bins or count now gives NumPy's result or a clean
   error; the suite runs under UBSan in CI's second pass, which halts on
   any overflow left. Where NumPy has a result it is the reference
   (through nd_numpy_cases.h); where NumPy's own C-int conversion refuses
   the value, the reference is NumPy at the largest value it takes that
   gives the same result (a k past the matrix: any such k gives the same
   array), stated per case. The last tests check that argument errors name
   the argument at fault. */
#include <limits.h>

#include "nd_numpy_cases.h"

#define MAXC 256

static const int64_t K64[] = {INT64_MIN, INT64_MIN + 1, -5,       -4, -3, -1, 0, 1, 2, 3, 4,
                              5,         INT64_MAX - 1, INT64_MAX};
static const int KINT[] = {INT_MIN, INT_MIN + 1, -400, -309, -308, -300, -2,          -1,
                           0,       1,           2,    300,  308,  309,  INT_MAX - 1, INT_MAX};
#define NK64 (int)(sizeof K64 / sizeof K64[0])
#define NKINT (int)(sizeof KINT / sizeof KINT[0])

typedef enum {
    EYE,
    TRIL,
    TRIU,
    DIAG2,
    DIAGONAL,
    TRACE,
    ROLL,
    ROT90,
    VAR,
    ROUND_F64,
    ROUND_F32,
    ROUND_I64,
    ROUND_U8
} kind;

static struct {
    kind k;
    int64_t v;
} cases[MAXC];
static char py_text[MAXC][160];
static const char *py[MAXC];
static int ncases;

static int64_t clamp(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static void add(kind k, int64_t v, const char *fmt, long long pv) {
    ck_assert_int_lt(ncases, MAXC);
    cases[ncases].k = k, cases[ncases].v = v;
    if (strchr(fmt, '%'))
        snprintf(py_text[ncases], sizeof py_text[ncases], fmt, pv);
    else
        snprintf(py_text[ncases], sizeof py_text[ncases], "%s", fmt);
    py[ncases] = py_text[ncases];
    ncases++;
}

static const char setup[] =
    "import numpy as np\n"
    "m = np.arange(12.).reshape(3, 4)\n"
    "x = np.array([1., 2., 4.])\n"
    "fa = np.array([1.5, -2.5, 2.675, 1e300, -0.0, np.inf, -np.inf, np.nan])\n"
    "ga = np.array([1.5, -2.5, 2.675, 1e30, -0.0, np.inf, np.nan], "
    "dtype=np.float32)\n"
    "i = np.array([15, 225, -35, 0, -9223372036854775807])\n"
    "u = np.array([15, 225, 0, 255], dtype=np.uint8)\n";

static nd_array *from(nd_dtype t, int64_t n, const void *v) { return nd_from_buffer(t, 1, &n, v); }

static nd_array *run(int c) {
    static const double fv[] = {1.5, -2.5, 2.675, 1e300, -0.0, INFINITY, -INFINITY, NAN};
    static const float gv[] = {1.5f, -2.5f, 2.675f, 1e30f, -0.0f, INFINITY, NAN};
    static const int64_t iv[] = {15, 225, -35, 0, -INT64_MAX};
    static const uint8_t uv[] = {15, 225, 0, 255};
    static const double xv[] = {1, 2, 4};
    int64_t v = cases[c].v, shape[2] = {3, 4};
    nd_array *a = nd_arange(0, 12, 1, ND_FLOAT64), *m = nd_reshape(a, 2, shape), *in = NULL,
             *r = NULL;
    nd_release(a);
    switch (cases[c].k) {
    case EYE:
        r = nd_eye(3, 4, v, ND_FLOAT64);
        break;
    case TRIL:
        r = nd_tril(m, v);
        break;
    case TRIU:
        r = nd_triu(m, v);
        break;
    case DIAG2:
        r = nd_diag(m, v);
        break;
    case DIAGONAL: {
        nd_array *d = nd_diagonal(m, v, 0, 1);
        r = d ? nd_copy(d) : NULL;
        nd_release(d);
        break;
    }
    case TRACE:
        r = nd_trace(m, v, 0, 1);
        break;
    case ROLL: {
        nd_array *s = nd_arange(0, 5, 1, ND_INT64);
        r = nd_roll(s, v, ND_AXIS_ALL);
        nd_release(s);
        break;
    }
    case ROT90:
        r = nd_rot90(m, (int)v, 0, 1);
        break;
    case VAR:
        r = nd_var(in = from(ND_FLOAT64, 3, xv), ND_AXIS_ALL, (int)v, false, NULL);
        break;
    case ROUND_F64:
        r = nd_round(in = from(ND_FLOAT64, 8, fv), (int)v, NULL);
        break;
    case ROUND_F32:
        r = nd_round(in = from(ND_FLOAT32, 7, gv), (int)v, NULL);
        break;
    case ROUND_I64:
        r = nd_round(in = from(ND_INT64, 5, iv), (int)v, NULL);
        break;
    case ROUND_U8:
        r = nd_round(in = from(ND_UINT8, 4, uv), (int)v, NULL);
        break;
    }
    if (r && nd_ndim(r) == 0) { /* 0-d results compare as 1-d (see nd_numpy_cases.h) */
        int64_t one = 1;
        nd_array *f = nd_reshape(r, 1, &one);
        nd_release(r), r = f;
    }
    nd_release(in), nd_release(m);
    return r;
}

START_TEST(extreme_offsets_match_numpy) {
    ncases = 0;
    for (int j = 0; j < NK64; j++) {
        int64_t k = K64[j];
        add(EYE, k, "np.eye(3, 4, k=%lld)", k);
        /* NumPy's tri converts -k to a C long: below -(2**62) any k gives
           the same triangle as -(2**62) */
        add(TRIL, k, "np.tril(m, %lld)", clamp(k, -(INT64_C(1) << 62), INT64_C(1) << 62));
        add(TRIU, k, "np.triu(m, %lld)", clamp(k, -(INT64_C(1) << 62), INT64_C(1) << 62));
        /* NumPy's diagonal takes a C int offset; past it the diagonal is
           empty as at INT_MIN + 1 / INT_MAX (NumPy 1.24 crashes at INT_MIN) */
        add(DIAG2, k, "np.diag(m, %lld)", clamp(k, INT_MIN + 1, INT_MAX));
        add(DIAGONAL, k, "np.diagonal(m, %lld).copy()", clamp(k, INT_MIN + 1, INT_MAX));
        add(TRACE, k, "np.trace(m, %lld).reshape(1)", clamp(k, INT_MIN + 1, INT_MAX));
        add(ROLL, k, "np.roll(np.arange(5), %lld)", k);
    }
    for (int j = 0; j < NKINT; j++) {
        int d = KINT[j];
        add(ROT90, d, "np.rot90(m, %lld)", d);
        add(VAR, d, "np.var(x, ddof=%lld).reshape(1)", d);
        /* NumPy's 10**d overflows past |d| = 308 (NaN, or a crash at
           INT_MIN); nd gives the rule's limit: the input for d > 308 and,
           for d < -308, NumPy's own result at -308 (float32: -38, where
           10**-d still fits), which already rounds these values to zero */
        if (d > 308) {
            add(ROUND_F64, d, "fa", 0);
            add(ROUND_F32, d, "ga", 0);
        } else {
            add(ROUND_F64, d, "np.round(fa, %lld)", d < -308 ? -308 : d);
            if (d >= -38 && d <= 38) add(ROUND_F32, d, "np.round(ga, %lld)", d);
            if (d < -308) add(ROUND_F32, d, "np.round(ga, %lld)", -38);
        }
        add(ROUND_I64, d, "np.round(i, %lld)", d < -308 ? -308 : d);
        add(ROUND_U8, d, "np.round(u, %lld)", d < -308 ? -308 : d);
    }
    nd_test_numpy_cases(setup, ncases, py, run);
    fprintf(stderr, "limits: %d extreme-argument cases against NumPy\n", ncases);
}
END_TEST

/* Calls whose result NumPy cannot give (it wraps, or converts to a C int
   and raises for that reason) fail cleanly, with the status and words of
   the fault. */
static void expect_fail(nd_array *r, int status, nd_status want, const char *words) {
    ck_assert_ptr_null(r);
    (void)status;
    ck_assert_msg(nd_last_error() == want, "status %s, want %s (%s)",
                  nd_status_name(nd_last_error()), nd_status_name(want), nd_last_error_message());
    ck_assert_msg(strstr(nd_last_error_message(), words), "message '%s' lacks '%s'",
                  nd_last_error_message(), words);
    nd_clear_error();
}
#define TOO_BIG "array is too big"

START_TEST(extreme_sizes_fail_cleanly) {
    int64_t three = 3, big[] = {INT64_MAX, INT64_MAX - 1, INT64_C(1) << 61};
    nd_array *v = nd_arange(0, 3, 1, ND_FLOAT64);
    /* np.diag of a 1-D array with such k: ValueError "Maximum allowed
       dimension exceeded" (the matrix side is len + |k|) */
    expect_fail(nd_diag(v, INT64_MAX), 0, ND_ERR_OVERFLOW, "Maximum allowed dimension exceeded");
    expect_fail(nd_diag(v, INT64_MIN), 0, ND_ERR_OVERFLOW, "Maximum allowed dimension exceeded");
    expect_fail(nd_diag(v, INT64_MIN + 1), 0, ND_ERR_OVERFLOW,
                "Maximum allowed dimension exceeded");
    expect_fail(nd_diag(v, INT64_MAX - 3), 0, ND_ERR_OVERFLOW, TOO_BIG);
    for (int j = 0; j < 3; j++) {
        /* a bin per value up to the largest: NumPy 1.24 wraps INT64_MAX + 1
           and returns [], nd refuses the size */
        nd_array *x = nd_from_buffer(ND_INT64, 1, &(int64_t){1}, &big[j]);
        expect_fail(nd_bincount(x, NULL, 0), 0, ND_ERR_OVERFLOW, TOO_BIG);
        nd_release(x);
        nd_array *h = NULL, *e = NULL;
        ck_assert_int_eq(nd_histogram(v, big[j], NULL, NULL, false, &h, &e), ND_ERR_OVERFLOW);
        ck_assert_ptr_null(h);
        expect_fail(NULL, 0, ND_ERR_OVERFLOW, TOO_BIG);
        expect_fail(nd_linspace(0, 1, big[j], ND_FLOAT64), 0, ND_ERR_OVERFLOW, TOO_BIG);
        expect_fail(nd_tile(v, 1, &big[j]), 0, ND_ERR_OVERFLOW, "too big");
        expect_fail(nd_repeat(v, 1, &big[j], 0), 0, ND_ERR_OVERFLOW, "too big");
        expect_fail(nd_eye(big[j], big[j], big[j], ND_FLOAT64), 0, ND_ERR_OVERFLOW, TOO_BIG);
    }
    nd_array *parts[3];
    ck_assert_int_ne(nd_split(v, INT64_MAX, 0, parts), ND_OK);
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_int_ne(nd_array_split(v, INT64_MIN, 0, parts), ND_OK);
    ck_assert_nd_error(ND_ERR_VALUE);
    /* random draws over the whole int64 range and huge counts */
    nd_rng *g = nd_rng_new(7);
    nd_array *r = nd_integers(g, INT64_MIN, INT64_MAX, true, ND_INT64, 1, &three, NULL);
    ck_assert_ptr_nonnull(r);
    nd_release(r);
    r = nd_integers(g, INT64_MIN, INT64_MAX, false, ND_INT64, 1, &three, NULL);
    ck_assert_ptr_nonnull(r);
    for (int64_t i = 0; i < 3; i++) ck_assert_double_lt(nd_get_f64(r, &i), 9.3e18);
    nd_release(r);
    /* nd documents n <= 2**53 for binomial (a float64 count) */
    expect_fail(nd_binomial(g, INT64_MAX, 0.5, 1, &three, NULL), 0, ND_ERR_VALUE,
                "n above 2**53 is not supported");
    r = nd_binomial(g, INT64_C(1) << 53, 0.5, 1, &three, NULL);
    ck_assert_ptr_nonnull(r);
    for (int64_t i = 0; i < 3; i++) { /* mean 2**52, sd 2**25.5 */
        double b = nd_get_f64(r, &i);
        ck_assert_msg(fabs(b - 0x1p52) < 0x1p30, "binomial(2**53, 0.5) gave %g", b);
    }
    nd_release(r);
    r = nd_choice(g, NULL, INT64_MAX, 1, &three, true, NULL);
    ck_assert_ptr_nonnull(r);
    nd_release(r);
    ck_assert_ptr_null(nd_permutation(g, INT64_MAX));
    ck_assert_int_ne(nd_last_error(), ND_OK);
    nd_clear_error();
    nd_rng_free(g);
    nd_release(v);
}
END_TEST

/* A failing call's message names the argument at fault: a negative count
   is not reported as a NULL pointer, and of several pointers the NULL one
   is named. */
START_TEST(messages_name_the_fault) {
    int64_t three = 3;
    nd_array *a = nd_arange(0, 3, 1, ND_FLOAT64), *arr[2] = {a, NULL}, *outs[3];
    int64_t k[1] = {1};
    nd_index idx = {.kind = ND_IDX_ARRAY, .array = NULL};
    const char *names[1] = {"x"};
    expect_fail(nd_partition(a, -1, k, 0), 0, ND_ERR_VALUE, "nkth must be non-negative, got -1");
    expect_fail(nd_partition(a, 1, NULL, 0), 0, ND_ERR_NULL, "kth is NULL");
    expect_fail(nd_tile(a, -2, k), 0, ND_ERR_VALUE, "nreps must be non-negative, got -2");
    expect_fail(nd_repeat(a, -1, k, 0), 0, ND_ERR_VALUE, "nrep must be non-negative, got -1");
    expect_fail(nd_repeat(a, 2, NULL, 0), 0, ND_ERR_NULL, "repeats is NULL");
    expect_fail(nd_index_get(a, -1, &idx), 0, ND_ERR_VALUE, "n must be non-negative, got -1");
    expect_fail(nd_index_get(a, 1, NULL), 0, ND_ERR_NULL, "idx is NULL");
    expect_fail(nd_index_get(a, 1, &idx), 0, ND_ERR_NULL, "idx[0].array is NULL");
    ck_assert_int_eq(nd_index_set(a, -3, &idx, a), ND_ERR_VALUE);
    expect_fail(NULL, 0, ND_ERR_VALUE, "n must be non-negative, got -3");
    ck_assert_int_eq(nd_split_at(a, -1, k, 0, outs), ND_ERR_VALUE);
    expect_fail(NULL, 0, ND_ERR_VALUE, "nidx must be non-negative, got -1");
    ck_assert_int_eq(nd_split_at(a, 1, k, 0, NULL), ND_ERR_NULL);
    expect_fail(NULL, 0, ND_ERR_NULL, "parts is NULL");
    ck_assert_int_eq(nd_broadcast_arrays(-1, arr, outs), ND_ERR_VALUE);
    expect_fail(NULL, 0, ND_ERR_VALUE, "n must be non-negative, got -1");
    ck_assert_int_eq(nd_broadcast_arrays(1, arr, NULL), ND_ERR_NULL);
    expect_fail(NULL, 0, ND_ERR_NULL, "out is NULL");
    ck_assert_int_eq(nd_broadcast_arrays(2, arr, outs), ND_ERR_NULL);
    expect_fail(NULL, 0, ND_ERR_NULL, "arrays[1] is NULL");
    ck_assert_int_eq(nd_meshgrid(1, arr, true, NULL), ND_ERR_NULL);
    expect_fail(NULL, 0, ND_ERR_NULL, "out is NULL");
    ck_assert_int_eq(nd_meshgrid(2, arr, true, outs), ND_ERR_NULL);
    expect_fail(NULL, 0, ND_ERR_NULL, "xs[1] is NULL");
    expect_fail(nd_concatenate(2, arr, 0, NULL), 0, ND_ERR_NULL, "arrays[1] is NULL");
    expect_fail(nd_stack(2, arr, 0, NULL), 0, ND_ERR_NULL, "arrays[1] is NULL");
    expect_fail(nd_lexsort(2, arr, 0), 0, ND_ERR_NULL, "keys[1] is NULL");
    expect_fail(nd_lexsort(1, NULL, 0), 0, ND_ERR_NULL, "keys is NULL");
    expect_fail(nd_iter_new(2, arr) ? (nd_array *)1 : NULL, 0, ND_ERR_NULL, "ops[1] is NULL");
    ck_assert_int_eq(nd_savez("/nonexistent/x.npz", 1, (char *const *)names, NULL, false),
                     ND_ERR_NULL);
    expect_fail(NULL, 0, ND_ERR_NULL, "arrays is NULL");
    ck_assert_ptr_null(nd_expr_compile("x", -1, names));
    expect_fail(NULL, 0, ND_ERR_VALUE, "nvars must be non-negative, got -1");
    ck_assert_ptr_null(nd_expr_compile("x", 1, NULL));
    expect_fail(NULL, 0, ND_ERR_NULL, "names is NULL");
    ck_assert_ptr_null(nd_rng_new_key(1, 2, NULL, false));
    expect_fail(NULL, 0, ND_ERR_NULL, "key is NULL");
    expect_fail(nd_zeros(ND_FLOAT64, -1, &three), 0, ND_ERR_SHAPE,
                "ndim must be non-negative, got -1");
    int64_t sq[2] = {2, 2};
    nd_array *m = nd_ones(ND_FLOAT64, 2, sq), *s = NULL, *u = NULL, *r = NULL;
    ck_assert_int_eq(nd_svd(m, false, &u, &s, NULL), ND_ERR_NULL);
    expect_fail(NULL, 0, ND_ERR_NULL, "vh (u is given)");
    ck_assert_int_eq(nd_svd(m, false, NULL, NULL, NULL), ND_ERR_NULL);
    expect_fail(NULL, 0, ND_ERR_NULL, "s is NULL");
    ck_assert_int_eq(nd_qr(m, ND_QR_REDUCED, NULL, &r), ND_ERR_NULL);
    expect_fail(NULL, 0, ND_ERR_NULL, "q is NULL");
    ck_assert_int_eq(nd_slogdet(m, &s, NULL), ND_ERR_NULL);
    expect_fail(NULL, 0, ND_ERR_NULL, "logabsdet is NULL");
    expect_fail(nd_norm(m, NULL, 1, NULL, false), 0, ND_ERR_NULL, "axes is NULL");
    expect_fail(nd_norm(m, NULL, -1, NULL, false), 0, ND_ERR_VALUE,
                "Improper number of dimensions to norm.");
    nd_release(m), nd_release(a);
}
END_TEST

int main(void) {
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, extreme_offsets_match_numpy);
    tcase_add_test(tc, extreme_sizes_fail_cleanly);
    tcase_add_test(tc, messages_name_the_fault);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
