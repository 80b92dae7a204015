/* Linear algebra: matmul against a long-double reference over dtypes,
   layouts and ISA levels; products and numpy.linalg against NumPy; the
   factorizations by their defining properties; errors and allocation
   failures. */
#include <complex.h>
#include <immintrin.h>
#include <float.h>
#include <math.h>

#include "linalg/linalg_internal.h"
#include "linalg/gemm.h"
#include "nd_test.h"

static uint64_t rng_state = 12345;
static double rnd(void) { /* uniform in [-1, 1) */
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0 * 2 - 1;
}

/* Random values of dtype t: small integers for integer dtypes (exact
   products), [-1, 1) for floats, both parts for complex. */
static nd_array *random_array(nd_dtype t, int ndim, const int64_t *shape) {
    nd_array *c = nd_empty(ND_COMPLEX128, ndim, shape);
    nd_complex128 *p = nd_data(c);
    for (int64_t i = 0; i < nd_size(c); i++) {
        double re = rnd(), im = rnd();
        if (t == ND_BOOL)
            re = re > 0, im = 0;
        else if (!nd__is_inexact(t))
            re = floor(re * 6) + (nd__is_unsigned(t) ? 6 : 0), im = 0;
        else if (!nd__is_complex(t))
            im = 0;
        p[i] = (nd_complex128){re, im};
    }
    nd_array *r = nd_astype(c, t);
    nd_release(c);
    return r;
}

static long double complex get_c(const nd_array *a, const int64_t *idx) {
    nd_complex128 v;
    char buf[16];
    ck_assert_int_eq(nd_get(a, idx, buf), ND_OK);
    nd__cast_one(nd_get_dtype(a), buf, ND_COMPLEX128, &v);
    return v.re + I * (long double)v.im;
}

/* An exact integer sum wrapped to dtype t, as the product computes it. */
static long double complex wrapped(nd_dtype t, long double complex x) {
    int64_t v = (int64_t)creall(x);
    char buf[16];
    nd_complex128 back;
    nd__cast_one(ND_INT64, &v, t, buf);
    nd__cast_one(t, buf, ND_COMPLEX128, &back);
    return back.re;
}

/* |c - a@b| against the long-double product, per element, for a 2-D or
   3-D (batched, broadcast) case; bool and integers exactly. */
static void check_product(const nd_array *a, const nd_array *b, const nd_array *c, double tol,
                          const char *what) {
    int na = nd_ndim(a), nb = nd_ndim(b), nc = nd_ndim(c);
    int64_t m = na == 1 ? 1 : nd_shape(a)[na - 2], k = nd_shape(a)[na - 1];
    int64_t n = nb == 1 ? 1 : nd_shape(b)[nb - 1];
    int64_t batch = nc > 2 ? nd_shape(c)[0] : 1;
    bool exact = !nd__is_inexact(nd_get_dtype(c));
    for (int64_t t = 0; t < batch; t++)
        for (int64_t i = 0; i < m; i++)
            for (int64_t j = 0; j < n; j++) {
                long double complex acc = 0;
                long double mag = 0;
                for (int64_t l = 0; l < k; l++) {
                    int64_t ia[3], ib[3];
                    int pa = 0, pb = 0;
                    if (na == 3) ia[pa++] = nd_shape(a)[0] == 1 ? 0 : t;
                    if (na >= 2) ia[pa++] = i;
                    ia[pa++] = l;
                    if (nb == 3) ib[pb++] = nd_shape(b)[0] == 1 ? 0 : t;
                    ib[pb++] = l;
                    if (nb >= 2) ib[pb++] = j;
                    long double complex x = get_c(a, ia), y = get_c(b, ib);
                    if (nd_get_dtype(c) == ND_BOOL)
                        acc = (creall(acc) != 0) || (x != 0 && y != 0);
                    else
                        acc += x * y;
                    mag += cabsl(x) * cabsl(y);
                }
                int64_t ic[3];
                int q = 0;
                if (nc == 3) ic[q++] = t;
                if (na >= 2) ic[q++] = i;
                if (nb >= 2) ic[q++] = j;
                long double complex got = get_c(c, ic);
                if (exact) acc = wrapped(nd_get_dtype(c), acc);
                long double err = cabsl(got - acc);
                if (exact)
                    ck_assert_msg(err == 0, "%s: (%lld,%lld,%lld) %Lg, expected %Lg", what,
                                  (long long)t, (long long)i, (long long)j, creall(got),
                                  creall(acc));
                else
                    ck_assert_msg(err <= tol * (mag + 1e-30L),
                                  "%s: (%lld,%lld,%lld) error %Lg (bound %Lg)", what, (long long)t,
                                  (long long)i, (long long)j, err, tol * mag);
            }
}

static double dtype_eps(nd_dtype t) {
    switch (t) {
    case ND_FLOAT16:
        return 1e-3 * 4;
    case ND_FLOAT32:
    case ND_COMPLEX64:
        return FLT_EPSILON * 4;
    default:
        return DBL_EPSILON * 4;
    }
}

static bool equal(const nd_array *a, const nd_array *b) {
    bool r = false;
    return nd_array_equal(a, b, true, &r) == ND_OK && r;
}
static bool close(const nd_array *a, const nd_array *b, double rtol, double atol) {
    bool r = false;
    return nd_allclose(a, b, rtol, atol, false, &r) == ND_OK && r;
}

/* The operand layouts a user can hand matmul: C order, a transposed view,
   a strided slice, unaligned memory. */
typedef enum { LAY_C, LAY_T, LAY_SLICE, LAY_UNALIGNED, LAY_NUM } layout;

static nd_array *in_layout(nd_array *x, layout l) {
    int nd = nd_ndim(x);
    int64_t shape[3];
    memcpy(shape, nd_shape(x), (size_t)nd * sizeof *shape);
    if (l == LAY_T && nd >= 2) { /* same values, stored transposed */
        int perm[3] = {0, 1, 2};
        perm[nd - 2] = nd - 1, perm[nd - 1] = nd - 2;
        nd_array *t = nd_transpose(x, perm), *c = nd_copy(t), *back = nd_transpose(c, perm);
        nd_release(t), nd_release(c);
        return back;
    }
    if (l == LAY_SLICE) { /* every other column of a twice-wider array */
        int64_t wide[3];
        memcpy(wide, shape, sizeof wide);
        wide[nd - 1] *= 2;
        nd_array *w = nd_zeros(nd_get_dtype(x), nd, wide);
        nd_array *v = nd_slice(w, nd == 1 ? "::2" : nd == 2 ? ":, ::2" : ":, :, ::2");
        nd_assign(v, x);
        nd_release(w);
        return v;
    }
    if (l == LAY_UNALIGNED) {
        size_t isz = nd_itemsize(x), bytes = (size_t)nd_size(x) * isz;
        char *mem = malloc(bytes + 1);
        nd_array *u = nd_wrap(mem + 1, nd_get_dtype(x), nd, shape, NULL, free, mem);
        nd_assign(u, x);
        return u;
    }
    return nd_retain(x);
}

static const char *levels[] = {"scalar", "baseline", "avx2", "avx512"};

START_TEST(matmul_dtypes_layouts_isas) {
    /* (batch a, batch b, m, k, n): small (own kernels), past 16 (BLAS for
       floats), 1-D operands (0 = vector), broadcast batches */
    static const int64_t cases[][5] = {{0, 0, 3, 4, 5},  {0, 0, 0, 7, 0},  {0, 0, 17, 9, 18},
                                       {2, 2, 4, 4, 4},  {1, 3, 3, 5, 2},  {3, 1, 16, 16, 16},
                                       {0, 0, 1, 33, 1}, {2, 1, 20, 3, 21}};
    const char *orig = nd_isa();
    for (int t = 0; t < ND_NUM_DTYPES; t++)
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            const int64_t *cs = cases[c];
            int64_t sa[3], sb[3];
            int na = 0, nb = 0;
            if (cs[0]) sa[na++] = cs[0];
            if (cs[2]) sa[na++] = cs[2];
            sa[na++] = cs[3];
            if (cs[1]) sb[nb++] = cs[1];
            sb[nb++] = cs[3];
            if (cs[4]) sb[nb++] = cs[4];
            nd_array *a = random_array((nd_dtype)t, na, sa), *b = random_array((nd_dtype)t, nb, sb);
            nd_array *ref = NULL;
            for (int l = 0; l < LAY_NUM; l++) {
                nd_array *la = in_layout(a, (layout)l),
                         *lb = in_layout(b, (layout)(LAY_NUM - 1 - l));
                for (size_t v = 0; v < sizeof levels / sizeof levels[0]; v++) {
                    if (nd_set_isa(levels[v]) != ND_OK) {
                        nd_clear_error();
                        continue;
                    }
                    nd_array *r = nd_matmul(la, lb, NULL);
                    ck_assert_msg(r != NULL, "%s case %zu: %s", nd_dtype_name(t), c,
                                  nd_last_error_message());
                    ck_assert_int_eq(nd_get_dtype(r), t);
                    char what[96];
                    snprintf(what, sizeof what, "%s case %zu layout %d %s", nd_dtype_name(t), c, l,
                             levels[v]);
                    if (!ref) {
                        check_product(a, b, r, dtype_eps(t) * (double)cs[3], what);
                        ref = nd_retain(r);
                    } else if (cs[2] <= 16 && cs[3] <= 16 && (cs[4] <= 16)) {
                        /* nd's own kernels: the same bits at every level and layout */
                        ck_assert_msg(equal(r, ref), "%s differs", what);
                        if (!nd__is_complex(t))
                            ck_assert_msg(!memcmp(nd_data(r), nd_data(ref), (size_t)nd_nbytes(r)),
                                          "%s: bits differ", what);
                    } else {
                        check_product(a, b, r, dtype_eps(t) * (double)cs[3], what);
                    }
                    nd_release(r);
                }
                nd_release(la), nd_release(lb);
            }
            nd_release(ref), nd_release(a), nd_release(b);
        }
    nd_set_isa(orig);
}
END_TEST

/* Integer products wrap as NumPy's (int8 accumulates in int8). */
START_TEST(matmul_integer_wraps) {
    int8_t av[4] = {100, 100, -128, 127}, bv[4] = {2, 3, 1, -1};
    nd_array *a = nd_from_buffer(ND_INT8, 2, (int64_t[]){2, 2}, av);
    nd_array *b = nd_from_buffer(ND_INT8, 2, (int64_t[]){2, 2}, bv);
    nd_array *c = nd_matmul(a, b, NULL);
    const int8_t *cv = nd_data(c);
    /* NumPy: [[ 44 -56] [  1   1]] */
    ck_assert_int_eq(cv[0], (int8_t)(100 * 2 + 100 * 1));
    ck_assert_int_eq(cv[0], 44);
    ck_assert_int_eq(cv[1], -56);
    ck_assert_int_eq(cv[2], 127);
    ck_assert_int_eq(cv[3], 1);
    nd_release(a), nd_release(b), nd_release(c);
}
END_TEST

/* Batches split over threads give the same bits as one thread, also under
   the caller's rounding mode (round down: workers run under it too). */
START_TEST(matmul_threads) {
    int64_t s[3] = {20000, 4, 4};
    nd_array *a = random_array(ND_FLOAT64, 3, s), *b = random_array(ND_FLOAT64, 3, s);
    int nt = nd_get_num_threads();
    unsigned csr = _mm_getcsr();
    nd_array *r[2][2];
    for (int down = 0; down < 2; down++)
        for (int th = 1; th <= 2; th++) {
            nd_set_num_threads(th);
            if (down) _mm_setcsr((csr & ~0x6000u) | 0x2000u);
            r[down][th - 1] = nd_matmul(a, b, NULL);
            _mm_setcsr(csr);
        }
    nd_set_num_threads(nt);
    size_t bytes = (size_t)nd_nbytes(r[0][0]);
    ck_assert(!memcmp(nd_data(r[0][0]), nd_data(r[0][1]), bytes));
    ck_assert(!memcmp(nd_data(r[1][0]), nd_data(r[1][1]), bytes));
    ck_assert(memcmp(nd_data(r[0][0]), nd_data(r[1][0]), bytes)); /* the mode mattered */
    for (int k = 0; k < 4; k++) nd_release(r[k / 2][k % 2]);
    nd_release(a), nd_release(b);
}
END_TEST

/* Products beyond BLAS's int: split (here with the limit lowered to 5 so
   that small arrays exercise it), or refused when a packed copy would be
   needed. */
START_TEST(matmul_blas_int_range) {
    nd_debug_gemm = 2; /* the system BLAS's path (nd's GEMM has no int limit) */
    static const int64_t shapes[][3] = {{1, 23, 1}, {1, 23, 9}, {9, 23, 1}, {4, 3, 4}};
    for (size_t c = 0; c < 4; c++) {
        const int64_t *d = shapes[c];
        nd_array *a = random_array(ND_FLOAT64, 2, (int64_t[]){d[0], d[1]});
        nd_array *b = random_array(ND_FLOAT64, 2, (int64_t[]){d[1], d[2]});
        nd_array *bt = nd_transpose(b, NULL), *btc = nd_copy(bt), *bv = nd_transpose(btc, NULL);
        nd_array *whole = nd_matmul(a, bv, NULL);
        nd_debug_blas_int_max = 5;
        nd_array *split = nd_matmul(a, bv, NULL);
        nd_debug_blas_int_max = INT_MAX;
        if (d[0] > 5 || d[2] > 5) { /* a leading dimension over the limit */
            ck_assert_ptr_null(split);
            ck_assert_nd_error(ND_ERR_OVERFLOW);
        } else {
            ck_assert_ptr_nonnull(split);
            ck_assert(close(whole, split, 1e-12, 1e-12));
        }
        nd_release(a), nd_release(b), nd_release(bt), nd_release(btc), nd_release(bv);
        nd_release(whole), nd_release(split);
    }
    /* (1, 2^31 + 1) @ (2^31 + 1, 1) as broadcast views: no BLAS layout, and
       a packed copy would overflow int: refused, nothing allocated */
    int64_t big = (int64_t)INT_MAX + 2;
    nd_array *x = nd_ones(ND_FLOAT64, 2, (int64_t[]){1, 1});
    nd_array *row = nd_broadcast_to(x, 2, (int64_t[]){2, big});
    nd_array *col = nd_broadcast_to(x, 2, (int64_t[]){big, 2});
    ck_assert_ptr_null(nd_matmul(row, col, NULL));
    ck_assert_nd_error(ND_ERR_OVERFLOW);
    nd_release(x), nd_release(row), nd_release(col);
    nd_debug_gemm = 0;
}
END_TEST

/* Operands BLAS can read as they are (a transposed view) are not copied:
   the only allocation is the result; a stride-2 slice is packed once. */
START_TEST(matmul_no_copies) {
    nd_array *a = random_array(ND_FLOAT64, 2, (int64_t[]){40, 30});
    nd_array *b = random_array(ND_FLOAT64, 2, (int64_t[]){50, 30}), *bt = nd_transpose(b, NULL);
    nd_array *wide = random_array(ND_FLOAT64, 2, (int64_t[]){30, 100}),
             *sl = nd_slice(wide, ":, ::2");
    nd_debug_gemm = 2; /* the system BLAS's path (nd's GEMM packs every operand) */
    nd_debug_fail_alloc(1L << 40); /* count, never fail */
    nd_array *r1 = nd_matmul(a, bt, NULL);
    long n1 = nd_debug_fail_alloc(1L << 40);
    nd_array *r2 = nd_matmul(a, sl, NULL);
    long n2 = nd_debug_fail_alloc(0);
    nd_debug_gemm = 0;
    ck_assert_int_eq(n1, 1);
    ck_assert_int_eq(n2, 2);
    nd_array *all[] = {a, b, bt, wide, sl, r1, r2};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) nd_release(all[i]);
}
END_TEST

START_TEST(matmul_out) {
    nd_array *a = random_array(ND_FLOAT32, 2, (int64_t[]){5, 6});
    nd_array *b = random_array(ND_FLOAT32, 2, (int64_t[]){6, 7});
    nd_array *r = nd_matmul(a, b, NULL);
    nd_array *o64 = nd_zeros(ND_FLOAT64, 2, (int64_t[]){5, 7});
    ck_assert_ptr_eq(nd_matmul(a, b, o64), o64);
    nd_array *r64 = nd_astype(r, ND_FLOAT64);
    ck_assert(equal(o64, r64));
    nd_array *wide = nd_zeros(ND_FLOAT32, 2, (int64_t[]){7, 5}), *ot = nd_transpose(wide, NULL);
    ck_assert_ptr_eq(nd_matmul(a, b, ot), ot); /* a non-contiguous out */
    ck_assert(equal(ot, r));
    nd_array *oi = nd_zeros(ND_INT32, 2, (int64_t[]){5, 7});
    ck_assert_ptr_null(nd_matmul(a, b, oi));
    ck_assert_nd_error(ND_ERR_DTYPE);
    nd_array *bad = nd_zeros(ND_FLOAT32, 2, (int64_t[]){5, 6});
    ck_assert_ptr_null(nd_matmul(a, b, bad));
    ck_assert_nd_error(ND_ERR_SHAPE);
    nd_array *all[] = {a, b, r, o64, r64, wide, ot, oi, bad};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) nd_release(all[i]);
}
END_TEST

/* ---- against NumPy ---- */

static nd_array *A, *B, *V, *W, *S3, *SPD, *CM, *I8, *R34, *BAT;

static void make_arrays(void) {
    rng_state = 777;
    A = random_array(ND_FLOAT64, 2, (int64_t[]){4, 4});
    B = random_array(ND_FLOAT64, 2, (int64_t[]){4, 3});
    V = random_array(ND_FLOAT64, 1, (int64_t[]){4});
    W = random_array(ND_FLOAT32, 1, (int64_t[]){3});
    S3 = random_array(ND_FLOAT64, 3, (int64_t[]){2, 3, 4});
    nd_array *t = nd_transpose(A, NULL), *aat = nd_matmul(A, t, NULL);
    nd_array *e = nd_eye(4, 4, 0, ND_FLOAT64), *four = nd_lit_f64(4),
             *e4 = nd_multiply(e, four, NULL);
    nd_release(four);
    SPD = nd_add(aat, e4, NULL);
    nd_release(t), nd_release(aat), nd_release(e), nd_release(e4);
    CM = random_array(ND_COMPLEX128, 2, (int64_t[]){3, 3});
    I8 = random_array(ND_INT8, 2, (int64_t[]){3, 3});
    R34 = random_array(ND_FLOAT32, 2, (int64_t[]){3, 4});
    BAT = random_array(ND_FLOAT64, 3, (int64_t[]){3, 3, 3});
}

static void release_arrays(void) {
    nd_array *all[] = {A, B, V, W, S3, SPD, CM, I8, R34, BAT};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) nd_release(all[i]);
}

/* The arrays as NumPy sees them (printed at full precision by nd). */
static char *numpy_setup(void) {
    const char *names[] = {"A", "B", "V", "W", "S3", "SPD", "CM", "I8", "R34", "BAT"};
    nd_array *arr[] = {A, B, V, W, S3, SPD, CM, I8, R34, BAT};
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    len += (size_t)snprintf(s, cap,
                            "import warnings\nwarnings.simplefilter(\"ignore\")\nimport numpy as "
                            "np\nfrom numpy import array, float32, "
                            "int8, complex128\n");
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) {
        nd_array *c = nd_astype(arr[i], ND_COMPLEX128);
        const nd_complex128 *p = nd_data(c);
        len += (size_t)snprintf(s + len, cap - len, "%s = np.array([", names[i]);
        for (int64_t k = 0; k < nd_size(c); k++)
            len += (size_t)snprintf(s + len, cap - len, "complex(%.17g, %.17g),", p[k].re, p[k].im);
        len += (size_t)snprintf(s + len, cap - len, "]).%s.astype(np.%s).reshape(",
                                nd__is_complex(nd_get_dtype(arr[i])) ? "view()" : "real",
                                nd_dtype_name(nd_get_dtype(arr[i])));
        for (int d = 0; d < nd_ndim(arr[i]); d++)
            len += (size_t)snprintf(s + len, cap - len, "%lld,", (long long)nd_shape(arr[i])[d]);
        len += (size_t)snprintf(s + len, cap - len, ")\n");
        nd_release(c);
    }
    return s;
}

/* Several results as one flattened array. */
static nd_array *joined(int n, nd_array **parts, int st) {
    if (st) return NULL;
    nd_array *f[8];
    for (int i = 0; i < n; i++) f[i] = nd_ravel(parts[i]);
    nd_array *r = nd_concatenate(n, f, 0, NULL);
    for (int i = 0; i < n; i++) nd_release(f[i]), nd_release(parts[i]);
    return r;
}
#define PYJOIN(x) "np.concatenate([np.ravel(p) for p in " x "])"

static nd_array *svd_vals(const nd_array *a) {
    nd_array *s = NULL;
    return nd_svd(a, false, NULL, &s, NULL) ? NULL : s;
}
static nd_array *eigvalsh(const nd_array *a) {
    nd_array *w = NULL;
    return nd_eigh(a, &w, NULL) ? NULL : w;
}
static nd_array *slogdet_both(const nd_array *a) {
    nd_array *p[2];
    return joined(2, p, nd_slogdet(a, &p[0], &p[1]));
}
static nd_array *qr_r(const nd_array *a, nd_qr_mode mode) {
    nd_array *r = NULL;
    return nd_qr(a, mode, NULL, &r) ? NULL : r;
}
static nd_array *lstsq_all(const nd_array *a, const nd_array *b) {
    nd_array *p[3];
    int64_t rank = 0;
    int st = nd_lstsq(a, b, NAN, &p[0], &p[1], &rank, &p[2]);
    if (st) return NULL;
    nd_array *r = nd_scalar(ND_FLOAT64, &(double){(double)rank});
    nd_array *q[4] = {p[0], p[1], r, p[2]};
    return joined(4, q, 0);
}
static nd_array *eigvals_sorted(const nd_array *a) { /* NumPy calls the same geev: same order */
    nd_array *w = NULL;
    if (nd_eig(a, &w, NULL)) return NULL;
    nd_array *re = nd_real(w), *im = nd_imag(w);
    nd_array *p[2] = {re, im};
    nd_release(w);
    return joined(2, p, 0);
}

/* (NumPy expression, nd call, relative tolerance) */
#define CASES(X)                                                                                   \
    X("A @ B", nd_matmul(A, B, NULL), 1e-15)                                                       \
    X("V @ A", nd_matmul(V, A, NULL), 1e-15)                                                       \
    X("A @ V", nd_matmul(A, V, NULL), 1e-15)                                                       \
    X("V @ V", nd_matmul(V, V, NULL), 1e-15)                                                       \
    X("S3 @ B", nd_matmul(S3, B, NULL), 1e-15)                                                     \
    X("I8 @ I8", nd_matmul(I8, I8, NULL), 0)                                                       \
    X("I8 @ R34", nd_matmul(I8, R34, NULL), 1e-6)                                                  \
    X("CM @ CM", nd_matmul(CM, CM, NULL), 1e-15)                                                   \
    X("W @ W", nd_matmul(W, W, NULL), 1e-6)                                                        \
    X("np.matmul(A, 2.0)", nd_matmul(A, LIT(2.0), NULL), 0)                                        \
    X("A @ S3", nd_matmul(A, S3, NULL), 0)                                                         \
    X("np.dot(S3, V)", nd_dot(S3, V, NULL), 1e-15)                                                 \
    X("np.dot(S3, B)", nd_dot(S3, B, NULL), 1e-15)                                                 \
    X("np.dot(A, S3.transpose(1, 2, 0)[::-1])", ({                                                 \
          nd_array *t_ = nd_transpose(S3, (int[]){1, 2, 0});                                       \
          nd_array *s_ = nd_slice(t_, "::-1"), *r_ = nd_dot(A, s_, NULL);                          \
          nd_release(t_), nd_release(s_);                                                          \
          r_;                                                                                      \
      }),                                                                                          \
      1e-15)                                                                                       \
    X("np.dot(V, 3)", nd_dot(V, LIT(3.0), NULL), 0)                                                \
    X("np.vdot(CM, CM)", nd_vdot(CM, CM), 1e-15)                                                   \
    X("np.vdot(A, V)", nd_vdot(A, V), 0)                                                           \
    X("np.inner(S3, V)", nd_inner(S3, V), 1e-15)                                                   \
    X("np.inner(A, B.T)", ({                                                                       \
          nd_array *t_ = nd_transpose(B, NULL), *r_ = nd_inner(A, t_);                             \
          nd_release(t_);                                                                          \
          r_;                                                                                      \
      }),                                                                                          \
      1e-15)                                                                                       \
    X("np.outer(V, W)", nd_outer(V, W, NULL), 0)                                                   \
    X("np.tensordot(S3, S3, axes=([1, 2], [1, 2]))",                                               \
      nd_tensordot(S3, S3, 2, (int[]){1, 2}, (int[]){1, 2}), 1e-15)                                \
    X("np.tensordot(S3, B, 1)", nd_tensordot(S3, B, 1, NULL, NULL), 1e-15)                         \
    X("np.tensordot(V, W, 0)", nd_tensordot(V, W, 0, NULL, NULL), 0)                               \
    X("np.tensordot(S3, A, axes=([2], [1]))", nd_tensordot(S3, A, 1, (int[]){2}, (int[]){1}),      \
      1e-15)                                                                                       \
    X("np.trace(S3, 1, 1, 2)", nd_trace(S3, 1, 1, 2), 1e-15)                                       \
    X("np.trace(I8)", nd_trace(I8, 0, 0, 1), 0)                                                    \
    X("np.linalg.solve(A, B)", nd_solve(A, B), 1e-12)                                              \
    X("np.linalg.solve(A, V)", nd_solve(A, V), 1e-12)                                              \
    X("np.linalg.solve(BAT, BAT)", nd_solve(BAT, BAT), 1e-11)                                      \
    X("np.linalg.solve(CM, CM[:, :2])", ({                                                         \
          nd_array *s_ = nd_slice(CM, ":, :2"), *r_ = nd_solve(CM, s_);                            \
          nd_release(s_);                                                                          \
          r_;                                                                                      \
      }),                                                                                          \
      1e-12)                                                                                       \
    X("np.linalg.inv(A)", nd_inv(A), 1e-12)                                                        \
    X("np.linalg.inv(BAT)", nd_inv(BAT), 1e-11)                                                    \
    X("np.linalg.inv(CM)", nd_inv(CM), 1e-12)                                                      \
    X("np.linalg.inv(I8)", nd_inv(I8), 1e-12)                                                      \
    X("np.linalg.inv(R34[:, :3])", ({                                                              \
          nd_array *s_ = nd_slice(R34, ":, :3"), *r_ = nd_inv(s_);                                 \
          nd_release(s_);                                                                          \
          r_;                                                                                      \
      }),                                                                                          \
      1e-3)                                                                                        \
    X("np.linalg.det(A)", nd_det(A), 1e-13)                                                        \
    X("np.linalg.det(BAT)", nd_det(BAT), 1e-13)                                                    \
    X("np.linalg.det(CM)", nd_det(CM), 1e-13)                                                      \
    X("np.linalg.det(np.zeros((0, 0)))", ({                                                        \
          nd_array *z_ = nd_zeros(ND_FLOAT64, 2, (int64_t[]){0, 0}), *r_ = nd_det(z_);             \
          nd_release(z_);                                                                          \
          r_;                                                                                      \
      }),                                                                                          \
      0)                                                                                           \
    X(PYJOIN("np.linalg.slogdet(A)"), slogdet_both(A), 1e-13)                                      \
    X(PYJOIN("np.linalg.slogdet(CM)"), slogdet_both(CM), 1e-13)                                    \
    X(PYJOIN("np.linalg.slogdet(np.zeros((2, 2)))"), ({                                            \
          nd_array *z_ = nd_zeros(ND_FLOAT64, 2, (int64_t[]){2, 2}), *r_ = slogdet_both(z_);       \
          nd_release(z_);                                                                          \
          r_;                                                                                      \
      }),                                                                                          \
      0)                                                                                           \
    X("np.linalg.cholesky(SPD)", nd_cholesky(SPD), 1e-13)                                          \
    X("np.linalg.svd(S3, compute_uv=False)", svd_vals(S3), 1e-13)                                  \
    X("np.linalg.svd(CM, compute_uv=False)", svd_vals(CM), 1e-13)                                  \
    X("np.linalg.svd(R34, compute_uv=False)", svd_vals(R34), 1e-5)                                 \
    X("np.linalg.eigvalsh(SPD)", eigvalsh(SPD), 1e-13)                                             \
    X("np.linalg.eigvalsh(CM + CM.conj().T)", ({                                                   \
          nd_array *t_ = nd_transpose(CM, NULL), *c_ = nd_conj(t_, NULL);                          \
          nd_array *h_ = nd_add(CM, c_, NULL), *r_ = eigvalsh(h_);                                 \
          nd_release(t_), nd_release(c_), nd_release(h_);                                          \
          r_;                                                                                      \
      }),                                                                                          \
      1e-13)                                                                                       \
    X("(lambda w: np.concatenate([w.real, w.imag]))(np.linalg.eigvals(A).astype(complex))",        \
      eigvals_sorted(A), 1e-12)                                                                    \
    X("np.abs(np.linalg.qr(B, mode='r'))", ({                                                      \
          nd_array *r0_ = qr_r(B, ND_QR_R), *r_ = r0_ ? nd_abs(r0_, NULL) : NULL;                  \
          nd_release(r0_);                                                                         \
          r_;                                                                                      \
      }),                                                                                          \
      1e-13)                                                                                       \
    X(PYJOIN("np.linalg.lstsq(B, V, rcond=None)"), lstsq_all(B, V), 1e-12)                         \
    X(PYJOIN("np.linalg.lstsq(A, B, rcond=None)"), lstsq_all(A, B), 1e-11)                         \
    X("np.linalg.pinv(B)", nd_pinv(B, 1e-15), 1e-12)                                               \
    X("np.linalg.pinv(S3)", nd_pinv(S3, 1e-15), 1e-12)                                             \
    X("np.linalg.matrix_rank(B @ B.T)", ({                                                         \
          nd_array *t_ = nd_transpose(B, NULL), *p_ = nd_matmul(B, t_, NULL);                      \
          nd_array *r_ = nd_matrix_rank(p_, NAN);                                                  \
          nd_release(t_), nd_release(p_);                                                          \
          r_;                                                                                      \
      }),                                                                                          \
      0)                                                                                           \
    X("np.linalg.matrix_rank(V)", nd_matrix_rank(V, NAN), 0)                                       \
    X("np.linalg.norm(S3)", nd_norm(S3, NULL, 0, NULL, false), 1e-15)                              \
    X("np.linalg.norm(CM)", nd_norm(CM, NULL, 0, NULL, false), 1e-15)                              \
    X("np.linalg.norm(W)", nd_norm(W, NULL, 0, NULL, false), 1e-6)                                 \
    X("np.linalg.norm(CM.T[::2], keepdims=True)", ({                                               \
          nd_array *t_ = nd_transpose(CM, NULL), *s_ = t_ ? nd_slice(t_, "::2") : NULL,            \
                   *r_ = s_ ? nd_norm(s_, NULL, 0, NULL, true) : NULL;                             \
          nd_release(t_), nd_release(s_);                                                          \
          r_;                                                                                      \
      }), 1e-15)                                                                                   \
    X("np.linalg.norm(A, 'fro')", nd_norm(A, "fro", 0, NULL, false), 1e-15)                        \
    X("np.linalg.norm(A, 'nuc')", nd_norm(A, "nuc", 0, NULL, false), 1e-13)                        \
    X("np.linalg.norm(A, 2)", nd_norm(A, "2", 0, NULL, false), 1e-13)                              \
    X("np.linalg.norm(A, -2)", nd_norm(A, "-2", 0, NULL, false), 1e-12)                            \
    X("np.linalg.norm(A, 1)", nd_norm(A, "1", 0, NULL, false), 1e-15)                              \
    X("np.linalg.norm(A, -1)", nd_norm(A, "-1", 0, NULL, false), 1e-15)                            \
    X("np.linalg.norm(A, np.inf)", nd_norm(A, "inf", 0, NULL, false), 1e-15)                       \
    X("np.linalg.norm(A, -np.inf)", nd_norm(A, "-inf", 0, NULL, false), 1e-15)                     \
    X("np.linalg.norm(V, 0)", nd_norm(V, "0", 0, NULL, false), 0)                                  \
    X("np.linalg.norm(V, 3.5)", nd_norm(V, "3.5", 0, NULL, false), 1e-15)                          \
    X("np.linalg.norm(V, -np.inf)", nd_norm(V, "-inf", 0, NULL, false), 0)                         \
    X("np.linalg.norm(S3, axis=1)", nd_norm(S3, NULL, 1, (int[]){1}, false), 1e-15)                \
    X("np.linalg.norm(S3, 1, axis=(2, 0), keepdims=True)",                                         \
      nd_norm(S3, "1", 2, (int[]){2, 0}, true), 1e-15)                                             \
    X("np.linalg.norm(S3, np.inf, axis=(0, 2))", nd_norm(S3, "inf", 2, (int[]){0, 2}, false),      \
      1e-15)                                                                                       \
    X("np.linalg.norm(S3, 2, axis=(1, 2))", nd_norm(S3, "2", 2, (int[]){1, 2}, false), 1e-13)      \
    X("np.linalg.norm(W, 1)", nd_norm(W, "1", 0, NULL, false), 1e-6)                               \
    X("np.linalg.norm(I8)", nd_norm(I8, NULL, 0, NULL, false), 1e-15)                              \
    /* NumPy errors */                                                                             \
    X("A @ S3.transpose(0, 2, 1)", ({                                                              \
          nd_array *t_ = nd_transpose(S3, (int[]){0, 2, 1}), *r_ = nd_matmul(A, t_, NULL);         \
          nd_release(t_);                                                                          \
          r_;                                                                                      \
      }),                                                                                          \
      1e-15)                                                                                       \
    X("np.linalg.inv(B)", nd_inv(B), 0)                                                            \
    X("np.linalg.inv(V)", nd_inv(V), 0)                                                            \
    X("np.linalg.cholesky(-SPD)", ({                                                               \
          nd_array *n_ = nd_negative(SPD, NULL), *r_ = nd_cholesky(n_);                            \
          nd_release(n_);                                                                          \
          r_;                                                                                      \
      }),                                                                                          \
      0)                                                                                           \
    X("np.linalg.inv(np.zeros((3, 3)))", ({                                                        \
          nd_array *z_ = nd_zeros(ND_FLOAT64, 2, (int64_t[]){3, 3}), *r_ = nd_inv(z_);             \
          nd_release(z_);                                                                          \
          r_;                                                                                      \
      }),                                                                                          \
      0)                                                                                           \
    X("np.linalg.inv(A.astype(np.float16))", ({                                                    \
          nd_array *h_ = nd_astype(A, ND_FLOAT16), *r_ = nd_inv(h_);                               \
          nd_release(h_);                                                                          \
          r_;                                                                                      \
      }),                                                                                          \
      0)                                                                                           \
    X("np.linalg.norm(A, 'bad')", nd_norm(A, "bad", 0, NULL, false), 0)                            \
    X("np.linalg.norm(V, 'fro')", nd_norm(V, "fro", 0, NULL, false), 0)                            \
    X("np.linalg.norm(A, 3)", nd_norm(A, "3", 0, NULL, false), 0)                                  \
    X("np.linalg.norm(S3, 2)", nd_norm(S3, "2", 0, NULL, false), 0)                                \
    X("np.tensordot(A, B, axes=([0], [1]))", nd_tensordot(A, B, 1, (int[]){0}, (int[]){1}), 0)

static nd_array *lits[16];
static int nlits;
#define LIT(v) (lits[nlits++] = nd_lit_f64(v))

static nd_array *run_case(int i) {
    int k = 0;
#define RUN(py, c, tol)                                                                            \
    if (i == k++) return (c);
    CASES(RUN)
#undef RUN
    return NULL;
}

static const char *const py_cases[] = {
#define PY(py, c, tol) py,
    CASES(PY)
#undef PY
};
static const double tols[] = {
#define TOL(py, c, tol) tol,
    CASES(TOL)
#undef TOL
};
enum { NCASES = sizeof py_cases / sizeof py_cases[0] };

/* Compares one case's result with NumPy's printed line: dtype, shape and
   values within tol relative to the largest magnitude of the result. */
static void compare_line(int c, nd_array *r, char *line) {
    if (!strncmp(line, "err", 3)) {
        ck_assert_msg(r == NULL, "case %d %s: NumPy raises (%s) but nd succeeds", c, py_cases[c],
                      line);
        ck_assert_msg(nd_last_error() != ND_OK, "case %d: failed without an error", c);
        nd_clear_error();
        return;
    }
    ck_assert_msg(r != NULL, "case %d %s: nd failed: %s", c, py_cases[c], nd_last_error_message());
    char *save = NULL, *tok = strtok_r(line + 3, " ", &save);
    ck_assert_msg(!strcmp(tok, nd_dtype_name(nd_get_dtype(r))), "case %d %s: dtype %s, NumPy %s", c,
                  py_cases[c], nd_dtype_name(nd_get_dtype(r)), tok);
    int ndim = atoi(strtok_r(NULL, " ", &save));
    ck_assert_msg(ndim == nd_ndim(r), "case %d %s: ndim %d, NumPy %d", c, py_cases[c], nd_ndim(r),
                  ndim);
    for (int d = 0; d < ndim; d++)
        ck_assert_msg(atoll(strtok_r(NULL, " ", &save)) == nd_shape(r)[d],
                      "case %d %s: shape differs at %d", c, py_cases[c], d);
    nd_array *f = nd_flatten(r), *g = nd_astype(f, ND_COMPLEX128);
    const nd_complex128 *v = nd_data(g);
    double scale = atof(strtok_r(NULL, " ", &save));
    for (int64_t k = 0; k < nd_size(g); k++) {
        double re = strtod(strtok_r(NULL, " ", &save), NULL);
        double im = strtod(strtok_r(NULL, " ", &save), NULL);
        double err = hypot(v[k].re - re, v[k].im - im);
        bool same = (v[k].re == re || (isnan(re) && isnan(v[k].re))) && v[k].im == im;
        ck_assert_msg(same || err <= tols[c] * scale,
                      "case %d %s: element %lld is %g%+gj, NumPy %g%+gj", c, py_cases[c],
                      (long long)k, v[k].re, v[k].im, re, im);
    }
    nd_release(f), nd_release(g), nd_release(r);
}

START_TEST(vs_numpy) {
    make_arrays();
    char *setup = numpy_setup();
    size_t cap = strlen(setup) + (1 << 16), len = 0;
    char *script = malloc(cap);
    len += (size_t)snprintf(script, cap, "%scases = [\n", setup);
    free(setup);
    for (int c = 0; c < NCASES; c++) {
        if (len + strlen(py_cases[c]) + 64 > cap) script = realloc(script, cap *= 2);
        len += (size_t)snprintf(script + len, cap - len, "  lambda: %s,\n", py_cases[c]);
    }
    const char *tail =
        "]\n"
        "for f in cases:\n"
        "    try:\n"
        "        r = np.asarray(f())\n"
        "        m = float(np.max(np.abs(r))) if r.size else 0.0\n"
        "        print('ok', r.dtype.name, r.ndim, *r.shape, repr(m), *[repr(float(x)) + ' ' + "
        "repr(float(np.imag(x))) for x in r.ravel()])\n"
        "    except Exception as e:\n"
        "        print('err', type(e).__name__)\n";
    if (len + strlen(tail) + 1 > cap) script = realloc(script, cap *= 2);
    snprintf(script + len, cap - len, "%s", tail);
    char *out = nd_test_python(script);
    free(script);
    ck_assert_ptr_nonnull(out);
    char *save = NULL, *line = strtok_r(out, "\n", &save);
    for (int c = 0; c < NCASES; c++, line = strtok_r(NULL, "\n", &save)) {
        ck_assert_ptr_nonnull(line);
        nd_clear_error();
        compare_line(c, run_case(c), line);
    }
    free(out);
    for (int k = 0; k < nlits; k++) nd_release(lits[k]);
    nlits = 0;
    release_arrays();
}
END_TEST

/* ---- properties ---- */

static double max_abs_diff(const nd_array *x, const nd_array *y) {
    nd_array *d = nd_subtract(x, y, NULL), *a = nd_abs(d, NULL);
    nd_array *m = nd_max(a, ND_AXIS_ALL, false, NULL), *f = nd_astype(m, ND_FLOAT64);
    double v = *(double *)nd_data(f);
    nd_release(d), nd_release(a), nd_release(m), nd_release(f);
    return v;
}

static nd_array *herm_t(const nd_array *x) {
    nd_array *t = nd_swapaxes(x, -1, -2), *c = nd_conj(t, NULL);
    nd_release(t);
    return c;
}

static nd_array *eye_like(nd_dtype t, int64_t n) {
    nd_array *e = nd_eye(n, n, 0, ND_FLOAT64), *r = nd_astype(e, t);
    nd_release(e);
    return r;
}

static const nd_dtype la_types[] = {ND_FLOAT32, ND_FLOAT64, ND_COMPLEX64, ND_COMPLEX128};

START_TEST(properties) {
    for (size_t ti = 0; ti < 4; ti++) {
        nd_dtype t = la_types[ti];
        double tol = (t == ND_FLOAT32 || t == ND_COMPLEX64) ? 1e-4 : 1e-11;
        for (int shape = 0; shape < 3; shape++) {
            int64_t m = shape == 0   ? 5
                        : shape == 1 ? 7
                                     : 4,
                    n = shape == 1   ? 4
                        : shape == 2 ? 6
                                     : 5;
            int64_t s[3] = {3, m, n};
            nd_array *a = random_array(t, 3, s);
            /* QR: Q^H Q = I, Q R = A */
            nd_array *q, *r;
            ck_assert_int_eq(nd_qr(a, ND_QR_REDUCED, &q, &r), ND_OK);
            nd_array *qh = herm_t(q), *qtq = nd_matmul(qh, q, NULL), *qr = nd_matmul(q, r, NULL);
            nd_array *ek = eye_like(t, m < n ? m : n);
            ck_assert_msg(max_abs_diff(qtq, ek) < tol, "%s qr: Q not orthonormal",
                          nd_dtype_name(t));
            ck_assert_msg(max_abs_diff(qr, a) < tol, "%s qr: QR != A", nd_dtype_name(t));
            nd_array *qc, *rc;
            ck_assert_int_eq(nd_qr(a, ND_QR_COMPLETE, &qc, &rc), ND_OK);
            nd_array *qrc = nd_matmul(qc, rc, NULL);
            ck_assert_msg(max_abs_diff(qrc, a) < tol, "%s complete qr", nd_dtype_name(t));
            /* SVD: U diag(s) V^H = A, both full and reduced */
            for (int full = 0; full < 2; full++) {
                nd_array *u, *sv, *vh;
                ck_assert_int_eq(nd_svd(a, full, &u, &sv, &vh), ND_OK);
                int64_t k = m < n ? m : n;
                char spec[32];
                snprintf(spec, sizeof spec, ":, :, :%lld", (long long)k);
                nd_array *uk = nd_slice(u, spec); /* the first k columns of U, rows of V^H */
                snprintf(spec, sizeof spec, ":, :%lld, :", (long long)k);
                nd_array *vk = nd_slice(vh, spec);
                nd_array *s3 = nd_reshape(sv, 3, (int64_t[]){3, 1, k});
                nd_array *us = nd_multiply(uk, s3, NULL), *usv = nd_matmul(us, vk, NULL);
                ck_assert_msg(max_abs_diff(usv, a) < tol, "%s svd full=%d", nd_dtype_name(t), full);
                ck_assert_int_eq(nd_get_dtype(sv), t == ND_COMPLEX64    ? ND_FLOAT32
                                                   : t == ND_COMPLEX128 ? ND_FLOAT64
                                                                        : t);
                nd_release(u), nd_release(sv), nd_release(vh), nd_release(uk), nd_release(vk);
                nd_release(s3), nd_release(us), nd_release(usv);
            }
            /* pinv: A pinv(A) A = A */
            nd_array *p = nd_pinv(a, 1e-15), *ap = nd_matmul(a, p, NULL),
                     *apa = nd_matmul(ap, a, NULL);
            ck_assert_msg(max_abs_diff(apa, a) < tol * 10, "%s pinv", nd_dtype_name(t));
            nd_array *all[] = {a, q, r, qh, qtq, qr, ek, qc, rc, qrc, p, ap, apa};
            for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) nd_release(all[i]);
        }
        /* square: inv, solve, eig, eigh, cholesky, det against the product of eigenvalues */
        int64_t s[3] = {4, 6, 6};
        nd_array *a = random_array(t, 3, s), *e = eye_like(t, 6);
        nd_array *inv = nd_inv(a), *ai = nd_matmul(a, inv, NULL);
        ck_assert_msg(max_abs_diff(ai, e) < tol * 100, "%s inv", nd_dtype_name(t));
        nd_array *w, *v;
        ck_assert_int_eq(nd_eig(a, &w, &v), ND_OK);
        nd_array *w3 = nd_reshape(w, 3, (int64_t[]){4, 1, 6});
        nd_array *av = nd_matmul(a, v, NULL), *vw = nd_multiply(v, w3, NULL);
        ck_assert_msg(max_abs_diff(av, vw) < tol * 10, "%s eig: A v != v w", nd_dtype_name(t));
        nd_array *ah = herm_t(a), *h = nd_add(a, ah, NULL), *hw, *hv;
        ck_assert_int_eq(nd_eigh(h, &hw, &hv), ND_OK);
        nd_array *hw3 = nd_reshape(hw, 3, (int64_t[]){4, 1, 6});
        nd_array *hav = nd_matmul(h, hv, NULL), *hvw = nd_multiply(hv, hw3, NULL);
        ck_assert_msg(max_abs_diff(hav, hvw) < tol * 10, "%s eigh", nd_dtype_name(t));
        nd_array *six = nd_lit_f64(6), *pd = nd_matmul(a, ah, NULL),
                 *e6 = nd_multiply(e, six, NULL);
        nd_release(six);
        nd_array *spd = nd_add(pd, e6, NULL), *l = nd_cholesky(spd);
        nd_array *lh = herm_t(l), *llh = nd_matmul(l, lh, NULL);
        ck_assert_msg(max_abs_diff(llh, spd) < tol * 10, "%s cholesky", nd_dtype_name(t));
        nd_array *det = nd_det(a), *pw = nd_prod(w, -1, false, NULL);
        nd_array *det_c = nd_astype(
            det, nd__is_complex(t) ? t : (t == ND_FLOAT32 ? ND_COMPLEX64 : ND_COMPLEX128));
        nd_array *pw_c = nd_astype(pw, nd_get_dtype(det_c));
        ck_assert_msg(max_abs_diff(det_c, pw_c) < tol * 100, "%s det", nd_dtype_name(t));
        nd_array *all[] = {a,   e,   inv, ai, w,  v,   w3, av, vw,  ah,  h,  hw,    hv,
                           hw3, hav, hvw, pd, e6, spd, l,  lh, llh, det, pw, det_c, pw_c};
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) nd_release(all[i]);
    }
}
END_TEST

/* Errors: status and NumPy's wording. */
START_TEST(errors) {
    nd_array *a = random_array(ND_FLOAT64, 2, (int64_t[]){3, 4});
    nd_array *z = nd_zeros(ND_FLOAT64, 0, NULL);
    ck_assert_ptr_null(nd_matmul(a, z, NULL));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_matmul: matmul: Input operand 1 does not have enough dimensions (has 0, "
                     "gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)");
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_matmul(a, a, NULL));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_matmul: matmul: Input operand 1 has a mismatch in its core dimension 0, "
                     "with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 3 is different from 4)");
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_inv(a));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_inv: Last 2 dimensions of the array must be square");
    ck_assert_nd_error(ND_ERR_SHAPE);
    nd_array *sq = nd_zeros(ND_FLOAT64, 2, (int64_t[]){3, 3});
    ck_assert_ptr_null(nd_inv(sq));
    ck_assert_str_eq(nd_last_error_message(), "nd_inv: Singular matrix");
    ck_assert_nd_error(ND_ERR_LINALG);
    ck_assert_ptr_null(nd_solve(sq, sq));
    ck_assert_nd_error(ND_ERR_LINALG);
    ck_assert_ptr_null(nd_cholesky(sq));
    ck_assert_str_eq(nd_last_error_message(), "nd_cholesky: Matrix is not positive definite");
    ck_assert_nd_error(ND_ERR_LINALG);
    nd_array *h = nd_astype(sq, ND_FLOAT16);
    ck_assert_ptr_null(nd_det(h));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_det: array type float16 is unsupported in linalg");
    ck_assert_nd_error(ND_ERR_DTYPE);
    nd_array *v = nd_zeros(ND_FLOAT64, 1, (int64_t[]){3});
    ck_assert_ptr_null(nd_det(v));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_det: 1-dimensional array given. Array must be at least two-dimensional");
    ck_assert_nd_error(ND_ERR_SHAPE);
    nd_array *w = NULL;
    ck_assert_int_eq(nd_eig(NULL, &w, NULL), ND_ERR_NULL);
    nd_clear_error();
    ck_assert_int_eq(nd_svd(a, true, NULL, &w, (nd_array **)&w), ND_ERR_NULL);
    nd_clear_error();
    ck_assert_ptr_null(nd_tensordot(a, a, 3, NULL, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_vdot(a, v));
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_int_eq(nd_qr(a, (nd_qr_mode)7, &w, &w), ND_ERR_VALUE);
    nd_clear_error();
    nd_release(a), nd_release(z), nd_release(sq), nd_release(h), nd_release(v);
}
END_TEST

/* Empty operands follow NumPy: sums over nothing are 0, factors of empty
   matrices are empty (or identity, for svd's full U). */
START_TEST(empty) {
    nd_array *a = nd_zeros(ND_FLOAT64, 2, (int64_t[]){3, 0}),
             *b = nd_zeros(ND_FLOAT64, 2, (int64_t[]){0, 2});
    nd_array *c = nd_matmul(a, b, NULL);
    ck_assert_int_eq(nd_shape(c)[0], 3);
    ck_assert_int_eq(nd_shape(c)[1], 2);
    ck_assert_int_eq(nd_count_nonzero(c), 0);
    nd_array *cz = nd_astype(a, ND_COMPLEX128), *bz = nd_astype(b, ND_COMPLEX128);
    nd_array *cc = nd_matmul(cz, bz, NULL);
    ck_assert_int_eq(nd_count_nonzero(cc), 0);
    nd_array *u, *s, *vh;
    ck_assert_int_eq(nd_svd(a, true, &u, &s, &vh), ND_OK);
    nd_array *e3 = nd_eye(3, 3, 0, ND_FLOAT64);
    ck_assert(equal(u, e3));
    ck_assert_int_eq(nd_size(s), 0);
    nd_array *p = nd_pinv(a, 1e-15);
    ck_assert_int_eq(nd_shape(p)[0], 0);
    ck_assert_int_eq(nd_shape(p)[1], 3);
    nd_array *all[] = {a, b, c, cz, bz, cc, u, s, vh, e3, p};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) nd_release(all[i]);
}
END_TEST

/* Every allocation made to fail in turn: a clean ND_ERR_NOMEM, inputs
   unchanged, nothing leaked. */
START_TEST(alloc_failures) {
    nd_array *a = random_array(ND_FLOAT32, 2, (int64_t[]){20, 20});
    nd_array *a4 = random_array(ND_FLOAT32, 4, (int64_t[]){2, 1, 20, 20});
    nd_array *b4 = random_array(ND_INT32, 4, (int64_t[]){1, 3, 20, 5});
    nd_array *sq = random_array(ND_COMPLEX128, 3, (int64_t[]){2, 4, 4});
    nd_array *before = nd_copy(a4);
    long live = nd_debug_live_allocs();
    for (int f = 0; f < 8; f++) {
        bool done = false;
        for (long k = 1; !done && k < 200; k++) {
            nd_debug_fail_alloc(k);
            nd_array *r = NULL, *x = NULL, *y = NULL, *z = NULL;
            int st = ND_OK;
            switch (f) {
            case 0:
                r = nd_matmul(a4, b4, NULL);
                break;
            case 1:
                r = nd_inv(sq);
                break;
            case 2:
                st = nd_svd(sq, true, &x, &y, &z);
                break;
            case 3:
                st = nd_qr(sq, ND_QR_COMPLETE, &x, &y);
                break;
            case 4:
                st = nd_eig(sq, &x, &y);
                break;
            case 5:
                st = nd_eigh(sq, &x, &y);
                break;
            case 6:
                r = nd_norm(sq, "2", 2, (int[]){1, 2}, true);
                break;
            default:
                st = nd_lstsq(a, a, NAN, &x, &y, NULL, &z);
                break;
            }
            nd_debug_fail_alloc(0);
            bool ok = f < 2 || f == 6 ? r != NULL : st == ND_OK;
            if (!ok) ck_assert_nd_error(ND_ERR_NOMEM);
            done = ok;
            nd_release(r), nd_release(x), nd_release(y), nd_release(z);
            ck_assert_msg(nd_debug_live_allocs() == live,
                          "function %d, failing allocation %ld: leak", f, k);
        }
        ck_assert_msg(done, "function %d never succeeded", f);
    }
    ck_assert(equal(before, a4));
    nd_release(a), nd_release(a4), nd_release(b4), nd_release(sq), nd_release(before);
}
END_TEST

int main(void) {
    Suite *s = suite_create("linalg");
    TCase *tc = tcase_create("linalg");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, matmul_dtypes_layouts_isas);
    tcase_add_test(tc, matmul_integer_wraps);
    tcase_add_test(tc, matmul_threads);
    tcase_add_test(tc, matmul_blas_int_range);
    tcase_add_test(tc, matmul_out);
    tcase_add_test(tc, matmul_no_copies);
    tcase_add_test(tc, vs_numpy);
    tcase_add_test(tc, properties);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, empty);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
