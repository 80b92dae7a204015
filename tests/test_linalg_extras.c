/* kron, matrix_power, multi_dot, cond, tensorinv and tensorsolve against
   NumPy 1.24 (run at test time): values, shapes, dtypes; errors;
   allocation failures. */
#include <math.h>

#include "nd_test.h"
#include "nd/io.h"

static char dir[128];

static uint64_t rng_state = 7;
static double rnd(void) {
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0 * 2 - 1;
}

static nd_array *random_array(nd_dtype t, int ndim, const int64_t *shape) {
    nd_array *c = nd_empty(ND_COMPLEX128, ndim, shape);
    nd_complex128 *p = nd_data(c);
    for (int64_t i = 0; i < nd_size(c); i++) {
        double re = rnd(), im = t == ND_COMPLEX128 ? rnd() : 0;
        if (t == ND_INT64) re = floor(re * 3);
        p[i] = (nd_complex128){re, im};
    }
    nd_array *r = nd_astype(c, t);
    nd_release(c);
    return r;
}

enum { A, B, C3, I3, Z, V4, M45, M52, M23, M34, SING, T, TA, TB, TA2, NARR };
static const char *const names[NARR] = {"A",   "B",   "C3",   "I3", "Z",  "V4", "M45", "M52",
                                        "M23", "M34", "SING", "T",  "TA", "TB", "TA2"};
static nd_array *arr[NARR];

static void make_arrays(void) {
    arr[A] = random_array(ND_FLOAT64, 2, (int64_t[]){4, 4});
    arr[B] = random_array(ND_FLOAT64, 2, (int64_t[]){3, 2});
    arr[C3] = random_array(ND_FLOAT64, 3, (int64_t[]){2, 3, 3});
    arr[I3] = random_array(ND_INT64, 2, (int64_t[]){3, 3});
    arr[Z] = random_array(ND_COMPLEX128, 2, (int64_t[]){3, 3});
    arr[V4] = random_array(ND_FLOAT64, 1, (int64_t[]){4});
    arr[M45] = random_array(ND_FLOAT64, 2, (int64_t[]){4, 5});
    arr[M52] = random_array(ND_FLOAT64, 2, (int64_t[]){5, 2});
    arr[M23] = random_array(ND_FLOAT64, 2, (int64_t[]){2, 3});
    arr[M34] = random_array(ND_FLOAT64, 2, (int64_t[]){3, 4});
    double s[9] = {1, 2, 3, 2, 4, 6, 0, 1, 5}; /* row 1 = 2 row 0 */
    arr[SING] = nd_from_buffer(ND_FLOAT64, 2, (int64_t[]){3, 3}, s);
    arr[T] = random_array(ND_FLOAT64, 3, (int64_t[]){2, 3, 6});
    arr[TA] = random_array(ND_FLOAT64, 3, (int64_t[]){2, 3, 6});
    arr[TB] = random_array(ND_FLOAT64, 2, (int64_t[]){2, 3});
    arr[TA2] = random_array(ND_FLOAT64, 3, (int64_t[]){6, 2, 3});
    for (int i = 0; i < NARR; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s.npy", dir, names[i]);
        ck_assert_int_eq(nd_save_npy(path, arr[i]), ND_OK);
    }
}

static const char *const cond_p[] = {NULL, "2", "-2", "fro", "nuc", "inf", "-inf", "1", "-1"};
static const char *const cond_py[] = {"None",   "2",       "-2", "'fro'", "'nuc'",
                                      "np.inf", "-np.inf", "1",  "-1"};

/* Case k: nd's call and NumPy's expression. */
static nd_array *run(int k, char *py, size_t cap) {
#define PY(...) snprintf(py, cap, __VA_ARGS__)
    switch (k) {
    case 0:
        PY("np.kron(A, B)");
        return nd_kron(arr[A], arr[B]);
    case 1:
        PY("np.kron(V4, B)");
        return nd_kron(arr[V4], arr[B]);
    case 2:
        PY("np.kron(I3, I3)");
        return nd_kron(arr[I3], arr[I3]);
    case 3:
        PY("np.kron(Z, C3)");
        return nd_kron(arr[Z], arr[C3]);
    case 4:
        PY("np.linalg.matrix_power(A, 0)");
        return nd_matrix_power(arr[A], 0);
    case 5:
        PY("np.linalg.matrix_power(A, 1)");
        return nd_matrix_power(arr[A], 1);
    case 6:
        PY("np.linalg.matrix_power(A, 5)");
        return nd_matrix_power(arr[A], 5);
    case 7:
        PY("np.linalg.matrix_power(A, -3)");
        return nd_matrix_power(arr[A], -3);
    case 8:
        PY("np.linalg.matrix_power(I3, 7)");
        return nd_matrix_power(arr[I3], 7);
    case 9:
        PY("np.linalg.matrix_power(C3, 4)");
        return nd_matrix_power(arr[C3], 4);
    case 10:
        PY("np.linalg.matrix_power(Z, 3)");
        return nd_matrix_power(arr[Z], 3);
    case 11:
        PY("np.linalg.matrix_power(C3, 0)");
        return nd_matrix_power(arr[C3], 0);
    case 12:
        PY("np.linalg.multi_dot([V4, M45, M52])");
        return nd_multi_dot(3, (const nd_array *const[]){arr[V4], arr[M45], arr[M52]}, NULL);
    case 13:
        PY("np.linalg.multi_dot([M45, M52, M23, M34])");
        return nd_multi_dot(4, (const nd_array *const[]){arr[M45], arr[M52], arr[M23], arr[M34]},
                            NULL);
    case 14:
        PY("np.linalg.multi_dot([V4, M45, M52, M23, M34, V4])");
        return nd_multi_dot(
            6, (const nd_array *const[]){arr[V4], arr[M45], arr[M52], arr[M23], arr[M34], arr[V4]},
            NULL);
    case 15:
        PY("np.linalg.multi_dot([A, A])");
        return nd_multi_dot(2, (const nd_array *const[]){arr[A], arr[A]}, NULL);
    case 16:
        PY("np.linalg.multi_dot([M34, A, M45, M52, M23])");
        return nd_multi_dot(
            5, (const nd_array *const[]){arr[M34], arr[A], arr[M45], arr[M52], arr[M23]}, NULL);
    case 17:
        PY("np.linalg.tensorinv(T, 2)");
        return nd_tensorinv(arr[T], 2);
    case 18:
        PY("np.linalg.tensorsolve(TA, TB)");
        return nd_tensorsolve(arr[TA], arr[TB], 0, NULL);
    case 19:
        PY("np.linalg.tensorsolve(TA2, TB, axes=(0,))");
        return nd_tensorsolve(arr[TA2], arr[TB], 1, (int[]){0});
    case 20:
        PY("np.linalg.cond(B)");
        return nd_cond(arr[B], NULL);
    case 21:
        PY("np.linalg.cond(SING, 1)");
        return nd_cond(arr[SING], "1");
    case 22:
        PY("np.linalg.cond(Z, 'fro')");
        return nd_cond(arr[Z], "fro");
    case 23:
        PY("np.linalg.cond(I3, np.inf)");
        return nd_cond(arr[I3], "inf");
    case 24:
        PY("np.linalg.cond(np.stack([C3[0], SING]), 1)");
        {
            nd_array *c0 = nd_slice(arr[C3], "0");
            nd_array *st = nd_stack(2, (nd_array *const[]){c0, arr[SING]}, 0, NULL);
            nd_array *r = nd_cond(st, "1");
            nd_release(c0), nd_release(st);
            return r;
        }
    default:
        if (k < 25 + 9) {
            PY("np.linalg.cond(A, %s)", cond_py[k - 25]);
            return nd_cond(arr[A], cond_p[k - 25]);
        }
        PY("np.linalg.cond(C3, %s)", cond_py[k - 34]);
        return nd_cond(arr[C3], cond_p[k - 34]);
    }
#undef PY
}
enum { NCASES = 25 + 9 + 9 };

static void compare(const nd_array *x, const nd_array *y, const char *what) {
    ck_assert_msg(nd_ndim(x) == nd_ndim(y), "%s: ndim %d, NumPy %d", what, nd_ndim(x), nd_ndim(y));
    for (int d = 0; d < nd_ndim(x); d++)
        ck_assert_msg(nd_shape(x)[d] == nd_shape(y)[d], "%s: shape differs at axis %d", what, d);
    ck_assert_msg(nd_get_dtype(x) == nd_get_dtype(y), "%s: dtype %s, NumPy %s", what,
                  nd_dtype_name(nd_get_dtype(x)), nd_dtype_name(nd_get_dtype(y)));
    nd_array *cx = nd_astype(x, ND_COMPLEX128), *cy = nd_astype(y, ND_COMPLEX128);
    nd_array *fx = nd_ravel(cx), *fy = nd_ravel(cy);
    const nd_complex128 *px = nd_data(fx), *py = nd_data(fy);
    for (int64_t i = 0; i < nd_size(fx); i++) {
        if (px[i].re == py[i].re && px[i].im == py[i].im) continue;
        double e = hypot(px[i].re - py[i].re, px[i].im - py[i].im), m = hypot(py[i].re, py[i].im);
        ck_assert_msg(e <= 1e-9 * (1 + m), "%s: element %lld is %.17g%+.17gj, NumPy %.17g%+.17gj",
                      what, (long long)i, px[i].re, px[i].im, py[i].re, py[i].im);
    }
    nd_release(cx), nd_release(cy), nd_release(fx), nd_release(fy);
}

START_TEST(vs_numpy) {
    make_arrays();
    size_t cap = 1 << 15, len = 0;
    char *body = malloc(cap), py[256];
    len += (size_t)snprintf(body, cap,
                            "import warnings\nwarnings.simplefilter('ignore')\nimport numpy as np\n"
                            "D = '%s'\n",
                            dir);
    for (int i = 0; i < NARR; i++)
        len += (size_t)snprintf(body + len, cap - len, "%s = np.load(D + '/%s.npy')\n", names[i],
                                names[i]);
    nd_array *mine[NCASES];
    char exprs[NCASES][256];
    for (int k = 0; k < NCASES; k++) {
        nd_clear_error();
        mine[k] = run(k, py, sizeof py);
        ck_assert_msg(mine[k] != NULL, "%s: %s", py, nd_last_error_message());
        snprintf(exprs[k], sizeof exprs[k], "%s", py);
        len += (size_t)snprintf(body + len, cap - len, "np.save(D + '/r%d.npy', np.asarray(%s))\n",
                                k, py);
    }
    char *out = nd_test_python(body);
    ck_assert_msg(out != NULL, "python failed");
    free(out), free(body);
    for (int k = 0; k < NCASES; k++) {
        char path[256];
        snprintf(path, sizeof path, "%s/r%d.npy", dir, k);
        nd_array *want = nd_load_npy(path);
        ck_assert_ptr_nonnull(want);
        compare(mine[k], want, exprs[k]);
        nd_release(want), nd_release(mine[k]);
    }
    for (int i = 0; i < NARR; i++) nd_release(arr[i]);
}
END_TEST

START_TEST(errors) {
    nd_array *v = nd_ones(ND_FLOAT64, 1, (int64_t[]){3}),
             *r = nd_ones(ND_FLOAT64, 2, (int64_t[]){2, 3});
    nd_array *sq = nd_ones(ND_FLOAT64, 2, (int64_t[]){3, 3}),
             *e = nd_ones(ND_FLOAT64, 2, (int64_t[]){0, 0});
    nd_array *sing = nd_zeros(ND_FLOAT64, 2, (int64_t[]){2, 2});
    ck_assert_ptr_null(nd_matrix_power(v, 2));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_matrix_power: 1-dimensional array given. Array must be at least "
                     "two-dimensional");
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_matrix_power(r, 2));
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_matrix_power(sing, -1));
    ck_assert_nd_error(ND_ERR_LINALG);
    ck_assert_ptr_null(nd_multi_dot(1, (const nd_array *const[]){sq}, NULL));
    ck_assert_str_eq(nd_last_error_message(), "nd_multi_dot: Expecting at least two arrays.");
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_multi_dot(3, (const nd_array *const[]){sq, v, sq}, NULL));
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_multi_dot(2, (const nd_array *const[]){r, r}, NULL));
    ck_assert(nd_last_error() != ND_OK);
    nd_clear_error();
    ck_assert_ptr_null(nd_cond(e, NULL));
    ck_assert_str_eq(nd_last_error_message(), "nd_cond: cond is not defined on empty arrays");
    ck_assert_nd_error(ND_ERR_LINALG);
    ck_assert_ptr_null(nd_cond(sq, "3"));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_cond(r, "fro"));
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_tensorinv(sq, 0));
    ck_assert_str_eq(nd_last_error_message(), "nd_tensorinv: Invalid ind argument.");
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_tensorsolve(sq, sq, 0, NULL));
    ck_assert_nd_error(ND_ERR_LINALG);
    ck_assert_ptr_null(nd_tensorsolve(sq, v, 1, (int[]){-1}));
    ck_assert_nd_error(ND_ERR_VALUE);
    /* multi_dot into out */
    nd_array *o = nd_zeros(ND_FLOAT64, 2, (int64_t[]){3, 3});
    ck_assert_ptr_eq(nd_multi_dot(3, (const nd_array *const[]){sq, sq, sq}, o), o);
    ck_assert_double_eq(nd_get_f64(o, (int64_t[]){1, 2}), 9);
    nd_array *bad = nd_zeros(ND_FLOAT64, 2, (int64_t[]){3, 2});
    ck_assert_ptr_null(nd_multi_dot(3, (const nd_array *const[]){sq, sq, sq}, bad));
    ck_assert_nd_error(ND_ERR_SHAPE);
    nd_release(v), nd_release(r), nd_release(sq), nd_release(e), nd_release(sing), nd_release(o),
        nd_release(bad);
}
END_TEST

/* Every failing allocation: ND_ERR_NOMEM, nothing leaked, then the same
   result as without failures. */
static nd_array *X, *Y;
static nd_array *w_kron(void) { return nd_kron(X, Y); }
static nd_array *w_power(void) { return nd_matrix_power(X, -5); }
static nd_array *w_multi(void) {
    return nd_multi_dot(4, (const nd_array *const[]){X, Y, X, Y}, NULL);
}
static nd_array *w_cond(void) { return nd_cond(X, "1"); }
static nd_array *w_cond2(void) { return nd_cond(X, NULL); }
static nd_array *w_tinv(void) { return nd_tensorinv(X, 1); }
static nd_array *w_tsolve(void) { return nd_tensorsolve(X, Y, 0, NULL); }

START_TEST(allocation_failures) {
    static nd_array *(*const calls[])(void) = {w_kron,  w_power, w_multi, w_cond,
                                               w_cond2, w_tinv,  w_tsolve};
    X = random_array(ND_FLOAT64, 2, (int64_t[]){4, 4});
    Y = random_array(ND_FLOAT64, 2, (int64_t[]){4, 4});
    for (size_t c = 0; c < sizeof calls / sizeof calls[0]; c++) {
        if (calls[c] == w_tsolve) {
            nd_release(Y);
            Y = random_array(ND_FLOAT64, 1, (int64_t[]){4});
        }
        nd_array *ref = calls[c]();
        ck_assert_msg(ref != NULL, "call %zu: %s", c, nd_last_error_message());
        long live = nd_debug_live_allocs(), nth = 1;
        for (;; nth++) {
            nd_clear_error();
            nd_debug_fail_alloc(nth);
            nd_array *r = calls[c]();
            nd_debug_fail_alloc(0);
            if (r) {
                compare(r, ref, "after failures");
                nd_release(r);
                break;
            }
            ck_assert_msg(nd_last_error() == ND_ERR_NOMEM, "call %zu, allocation %ld: %s", c, nth,
                          nd_last_error_message());
            ck_assert_msg(nd_debug_live_allocs() == live, "call %zu leaked at allocation %ld", c,
                          nth);
        }
        ck_assert_int_gt(nth, 1);
        nd_release(ref);
    }
    nd_release(X), nd_release(Y);
}
END_TEST

int main(void) {
    Suite *s = suite_create("linalg_extras");
    TCase *tc = tcase_create("linalg_extras");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, vs_numpy);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, allocation_failures);
    suite_add_tcase(s, tc);
    return nd_test_run_in_tmpdir(s, dir, sizeof dir, "linalg_extras");
}
