/* src/signal against NumPy 1.24: convolve/correlate (direct and FFT),
   diff, ediff1d, gradient, trapz, interp, unwrap, cross, sinc, i0, the
   windows, np.poly* and the six numpy.polynomial families. Each test
   computes its cases with nd, then runs one Python script that prints
   NumPy's result (shape, dtype, values as hex floats) or its exception for
   each; values must agree within the case's tolerance (relative to the
   largest reference value; 0 is bitwise), errors must be NumPy's (status
   from the exception type, NumPy's message inside nd's). */
#include <math.h>

#include "nd_test.h"

/* The inputs: element k of seed s is ((37k + 11s) mod 23 - 11) / 4 (exact
   in every dtype; integer dtypes truncate as astype does). */
static double gen(int64_t k, int seed) { return (double)((37 * k + 11 * seed) % 23 - 11) / 4.0; }
#define PY_PRE                                                                                     \
    "import numpy as np, warnings\n"                                                               \
    "warnings.simplefilter('ignore')\n"                                                            \
    "P = np.polynomial\n"                                                                          \
    "def mk(shape, dt, s):\n"                                                                      \
    "    n = int(np.prod(shape)); k = np.arange(n)\n"                                              \
    "    v = ((37 * k + 11 * s) % 23 - 11) / 4.0\n"                                                \
    "    if np.dtype(dt).kind == 'c':\n"                                                           \
    "        v = v + 1j * ((37 * k + 11 * (s + 1)) % 23 - 11) / 4.0\n"                             \
    "    return v.reshape(shape).astype(dt)\n"                                                     \
    "def L(dt, *v): return np.array(v, dtype=dt)\n"                                                \
    "def run(f):\n"                                                                                \
    "    try:\n"                                                                                   \
    "        r = np.asarray(f())\n"                                                                \
    "    except Exception as e:\n"                                                                 \
    "        m = str(e).replace('\\n', '|') or '-'\n"                                              \
    "        print('ERR', type(e).__name__, m); return\n"                                          \
    "    v = r.ravel()\n"                                                                          \
    "    c = np.iscomplexobj(r)\n"                                                                 \
    "    vals = np.concatenate([v.real, v.imag]).astype(float) if c else v.astype(float)\n"        \
    "    print('OK', r.dtype.name, r.ndim, *r.shape, *[float(t).hex() for t in vals])\n"

static nd_array *mk(nd_dtype t, int ndim, const int64_t *shape, int seed) {
    bool cx = t == ND_COMPLEX64 || t == ND_COMPLEX128;
    nd_array *x = nd_empty(cx ? ND_COMPLEX128 : ND_FLOAT64, ndim, shape);
    double *p = nd_data(x);
    for (int64_t k = 0; k < nd_size(x); k++)
        if (cx)
            p[2 * k] = gen(k, seed), p[2 * k + 1] = gen(k, seed + 1);
        else
            p[k] = gen(k, seed);
    nd_array *y = nd_astype(x, t);
    nd_release(x);
    return y;
}
static nd_array *mk1(nd_dtype t, int64_t n, int seed) { return mk(t, 1, &n, seed); }
static nd_array *mk2(nd_dtype t, int64_t r, int64_t c, int seed) {
    int64_t s[2] = {r, c};
    return mk(t, 2, s, seed);
}
/* a * v for a weak literal v (the literal released). */
static nd_array *times(const nd_array *a, double v) {
    nd_array *l = nd_lit_f64(v), *r = nd_multiply(a, l, NULL);
    nd_release(l);
    return r;
}
/* A 1-D float64 array of the n values given. */
static nd_array *lit(int n, const double *v) {
    int64_t len = n;
    return nd_from_buffer(ND_FLOAT64, 1, &len, v);
}
#define LIT(...)                                                                                   \
    lit((int)(sizeof((double[]){__VA_ARGS__}) / sizeof(double)), (double[]){__VA_ARGS__})
static nd_array *s0(double v) { return nd_scalar(ND_FLOAT64, &v); }

enum { MAXC = 512 };
typedef struct {
    char *script;
    size_t len, cap;
    int n;
    nd_array *res[MAXC];
    double tol[MAXC];
    bool dtype[MAXC], msg[MAXC];
    nd_status st[MAXC];
    char *err[MAXC];
    char expr[MAXC][160];
} batch;

static batch *B;

static void b_begin(void) {
    B = calloc(1, sizeof(batch));
    B->cap = 1 << 16;
    B->script = malloc(B->cap);
    B->len = (size_t)snprintf(B->script, B->cap, "%s", PY_PRE);
}

static void append(const char *s) {
    size_t l = strlen(s);
    while (B->len + l + 1 > B->cap) B->script = realloc(B->script, B->cap *= 2);
    memcpy(B->script + B->len, s, l + 1);
    B->len += l;
}

/* One case: nd's result r (NULL: nd failed, its error is taken now), the
   NumPy expression, the tolerance, and whether dtypes and error messages
   must match. */
static void add_case(nd_array *r, const char *py, double tol, bool dtype, bool msg) {
    ck_assert_int_lt(B->n, MAXC);
    int i = B->n++;
    B->res[i] = r, B->tol[i] = tol, B->dtype[i] = dtype, B->msg[i] = msg;
    snprintf(B->expr[i], sizeof B->expr[i], "%s", py);
    if (!r) {
        B->st[i] = nd_last_error();
        B->err[i] = strdup(nd_last_error_message());
        for (char *c = B->err[i]; *c; c++)
            if (*c == '\n') *c = '|';
        nd_clear_error();
    }
    append("run(lambda: ");
    append(py);
    append(")\n");
}
#define CASE(r, py) add_case((r), (py), 1e-13, true, true)
#define CASET(r, py, tol) add_case((r), (py), (tol), true, true)

static nd_status status_of(const char *exc) {
    if (strcmp(exc, "AxisError") == 0) return ND_ERR_AXIS;
    if (strcmp(exc, "TypeError") == 0) return ND_ERR_DTYPE;
    if (strcmp(exc, "ValueError") == 0) return ND_ERR_VALUE;
    return ND_ERR_VALUE;
}

static void b_end(void) {
    char *out = nd_test_python(B->script);
    ck_assert_msg(out != NULL, "python failed");
    char *p = out;
    for (int i = 0; i < B->n; i++) {
        char *eol = strchr(p, '\n');
        ck_assert_msg(eol != NULL, "short python output at case %d", i);
        *eol = '\0';
        const char *ex = B->expr[i];
        if (getenv("SIGNAL_TRACE")) fprintf(stderr, "%d %s\n", i, ex);
        if (strncmp(p, "ERR ", 4) == 0) {
            char exc[64];
            int used = 0;
            sscanf(p + 4, "%63s %n", exc, &used);
            const char *m = p + 4 + used;
            ck_assert_msg(B->res[i] == NULL, "%s: NumPy raises %s (%s), nd succeeded", ex, exc, m);
            ck_assert_msg(B->st[i] == status_of(exc), "%s: NumPy %s, nd %s (%s)", ex, exc,
                          nd_status_name(B->st[i]), B->err[i]);
            ck_assert_msg(!B->msg[i] || strstr(B->err[i], m), "%s: message '%s', NumPy '%s'", ex,
                          B->err[i], m);
        } else {
            nd_array *r = B->res[i];
            ck_assert_msg(r != NULL, "%s: nd failed: %s", ex, B->err[i]);
            char dt[32];
            int nd, used;
            ck_assert(sscanf(p, "OK %31s %d%n", dt, &nd, &used) == 2);
            char *q = p + used;
            if (B->dtype[i])
                ck_assert_msg(strcmp(dt, nd_dtype_name(nd_get_dtype(r))) == 0,
                              "%s: dtype %s, NumPy %s", ex, nd_dtype_name(nd_get_dtype(r)), dt);
            ck_assert_msg(nd_ndim(r) == nd, "%s: ndim %d, NumPy %d", ex, nd_ndim(r), nd);
            for (int d = 0; d < nd; d++) {
                long long e = strtoll(q, &q, 10);
                ck_assert_msg(nd_shape(r)[d] == e, "%s: shape[%d] %lld, NumPy %lld", ex, d,
                              (long long)nd_shape(r)[d], e);
            }
            bool cx = strncmp(dt, "complex", 7) == 0;
            int64_t n = nd_size(r), m = cx ? 2 * n : n;
            nd_array *c = nd_astype(r, cx ? ND_COMPLEX128 : ND_FLOAT64);
            const double *v = nd_data(c);
            double *ref = malloc(sizeof(double) * (size_t)(m + 1)), big = 0;
            for (int64_t k = 0; k < m; k++) {
                ref[k] = strtod(q, &q);
                if (isfinite(ref[k]) && fabs(ref[k]) > big) big = fabs(ref[k]);
            }
            for (int64_t k = 0; k < m; k++) {
                /* nd's complex128 is interleaved, NumPy's line all real parts first */
                double got = cx ? v[2 * (k % n) + k / n] : v[k], want = ref[k];
                bool ok = (isnan(got) && isnan(want)) || got == want ||
                          fabs(got - want) <= B->tol[i] * (big > 1 ? big : 1);
                ck_assert_msg(ok, "%s: [%lld] = %.17g, NumPy %.17g", ex, (long long)k, got, want);
            }
            free(ref);
            nd_release(c);
        }
        p = eol + 1;
    }
    for (int i = 0; i < B->n; i++) nd_release(B->res[i]), free(B->err[i]);
    free(out);
    free(B->script);
    free(B);
    ck_assert_int_eq(nd_debug_live_allocs() >= 0, 1);
}

/* ---- convolve / correlate ---- */

START_TEST(test_convolve) {
    b_begin();
    static const struct {
        const char *dt1, *dt2;
        nd_dtype t1, t2;
    } types[] = {{"float64", "float64", ND_FLOAT64, ND_FLOAT64},
                 {"int32", "int32", ND_INT32, ND_INT32},
                 {"int8", "int64", ND_INT8, ND_INT64},
                 {"complex128", "float64", ND_COMPLEX128, ND_FLOAT64},
                 {"complex128", "complex128", ND_COMPLEX128, ND_COMPLEX128},
                 {"bool", "bool", ND_BOOL, ND_BOOL},
                 {"float32", "float32", ND_FLOAT32, ND_FLOAT32}};
    static const int64_t lens[][2] = {{5, 3},    {3, 5},      {1, 1},    {4, 4},     {7, 1},
                                      {100, 80}, {1000, 200}, {300, 64}, {64, 2000}, {5000, 37}};
    static const char *modes[] = {"full", "same", "valid"};
    char py[160];
    for (size_t t = 0; t < sizeof types / sizeof *types; t++)
        for (size_t l = 0; l < sizeof lens / sizeof *lens; l++)
            for (int md = 0; md < 3; md++)
                for (int corr = 0; corr < 2; corr++) {
                    if (types[t].t1 == ND_BOOL && lens[l][0] > 10) continue;
                    nd_array *a = mk1(types[t].t1, lens[l][0], 1),
                             *v = mk1(types[t].t2, lens[l][1], 2);
                    nd_array *r =
                        corr ? nd_correlate(a, v, modes[md]) : nd_convolve(a, v, modes[md]);
                    snprintf(py, sizeof py, "np.%s(mk((%lld,),'%s',1), mk((%lld,),'%s',2), '%s')",
                             corr ? "correlate" : "convolve", (long long)lens[l][0], types[t].dt1,
                             (long long)lens[l][1], types[t].dt2, modes[md]);
                    /* float32 sums differ by rounding order from NumPy's */
                    CASET(r, py, types[t].t1 == ND_FLOAT32 ? 1e-6 : 1e-13);
                    nd_release(a), nd_release(v);
                }
    nd_array *a = mk1(ND_FLOAT64, 5, 1), *e = mk1(ND_FLOAT64, 0, 1), *m = mk2(ND_FLOAT64, 2, 2, 1);
    CASE(nd_convolve(a, e, NULL), "np.convolve(mk((5,),'float64',1), [])");
    CASE(nd_convolve(e, a, NULL), "np.convolve([], mk((5,),'float64',1))");
    CASE(nd_convolve(e, e, NULL), "np.convolve(np.array([]), np.array([]))");
    CASE(nd_correlate(e, a, NULL), "np.correlate([], mk((5,),'float64',1))");
    CASE(nd_correlate(a, e, NULL), "np.correlate(mk((5,),'float64',1), [])");
    CASE(nd_correlate(a, a, NULL), "np.correlate(mk((5,),'float64',1), mk((5,),'float64',1))");
    CASE(nd_convolve(m, a, NULL), "np.convolve(mk((2,2),'float64',1), mk((5,),'float64',1))");
    CASE(nd_convolve(a, a, "xyz"),
         "np.convolve(mk((5,),'float64',1), mk((5,),'float64',1), 'xyz')");
    nd_release(a), nd_release(e), nd_release(m);
    b_end();
}
END_TEST

/* ---- diff, ediff1d, gradient, trapz ---- */

START_TEST(test_diff) {
    b_begin();
    char py[160];
    static const struct {
        const char *dt;
        nd_dtype t;
    } types[] = {{"float64", ND_FLOAT64}, {"int16", ND_INT16},         {"uint8", ND_UINT8},
                 {"bool", ND_BOOL},       {"complex64", ND_COMPLEX64}, {"float32", ND_FLOAT32}};
    for (size_t t = 0; t < sizeof types / sizeof *types; t++)
        for (int n = 0; n <= 3; n++)
            for (int axis = -2; axis < 2; axis++) {
                nd_array *a = mk2(types[t].t, 4, 5, 3);
                snprintf(py, sizeof py, "np.diff(mk((4,5),'%s',3), n=%d, axis=%d)", types[t].dt, n,
                         axis);
                CASE(nd_diff(a, n, axis, NULL, NULL), py);
                nd_release(a);
            }
    nd_array *a = mk2(ND_FLOAT64, 3, 4, 1), *z = s0(2.5), *row = mk2(ND_INT32, 3, 2, 5);
    CASE(nd_diff(a, 1, 1, z, z), "np.diff(mk((3,4),'float64',1), axis=1, prepend=2.5, append=2.5)");
    CASE(nd_diff(a, 2, 1, row, NULL),
         "np.diff(mk((3,4),'float64',1), 2, axis=1, prepend=mk((3,2),'int32',5))");
    CASE(nd_diff(a, 1, 1, NULL, row),
         "np.diff(mk((3,4),'float64',1), axis=1, append=mk((3,2),'int32',5))");
    CASE(nd_diff(a, 7, 1, NULL, NULL), "np.diff(mk((3,4),'float64',1), 7, axis=1)");
    CASE(nd_diff(a, -1, 0, NULL, NULL), "np.diff(mk((3,4),'float64',1), -1)");
    CASE(nd_diff(a, 1, 2, NULL, NULL), "np.diff(mk((3,4),'float64',1), 1, axis=2)");
    CASE(nd_diff(z, 1, 0, NULL, NULL), "np.diff(np.array(2.5))");
    nd_array *f = mk1(ND_INT32, 6, 2), *b = LIT(1, 2), *e = LIT(9), *c = mk1(ND_COMPLEX128, 2, 1);
    CASE(nd_ediff1d(f, NULL, NULL), "np.ediff1d(mk((6,),'int32',2))");
    CASE(nd_ediff1d(a, e, b),
         "np.ediff1d(mk((3,4),'float64',1), to_end=L('float64',9), to_begin=L('float64',1,2))");
    CASE(nd_ediff1d(f, b, NULL), "np.ediff1d(mk((6,),'int32',2), to_end=L('float64',1,2))");
    CASE(nd_ediff1d(a, c, NULL),
         "np.ediff1d(mk((3,4),'float64',1), to_end=mk((2,),'complex128',1))");
    nd_release(a), nd_release(z), nd_release(row), nd_release(f), nd_release(b), nd_release(e),
        nd_release(c);
    b_end();
}
END_TEST

START_TEST(test_gradient) {
    b_begin();
    char py[200];
    static const struct {
        const char *dt;
        nd_dtype t;
    } types[] = {{"float64", ND_FLOAT64},
                 {"int32", ND_INT32},
                 {"complex128", ND_COMPLEX128},
                 {"float32", ND_FLOAT32}};
    for (size_t t = 0; t < sizeof types / sizeof *types; t++)
        for (int edge = 1; edge <= 2; edge++) {
            nd_array *f = mk2(types[t].t, 5, 6, 4), *g[2] = {0};
            int st = nd_gradient(f, 0, NULL, -1, NULL, edge, g);
            ck_assert_int_eq(st, ND_OK);
            for (int k = 0; k < 2; k++) {
                snprintf(py, sizeof py, "np.gradient(mk((5,6),'%s',4), edge_order=%d)[%d]",
                         types[t].dt, edge, k);
                CASET(g[k], py, types[t].t == ND_FLOAT32 ? 1e-6 : 1e-13);
            }
            nd_release(f);
        }
    nd_array *f = mk2(ND_FLOAT64, 5, 6, 4), *g[2] = {0};
    nd_array *h = s0(0.5), *xs = LIT(0, 1, 3, 3.5, 7), *ys = LIT(0, 2, 4, 6, 8, 10), *xi = NULL;
    nd_array *sp1[1] = {h};
    ck_assert_int_eq(nd_gradient(f, 1, sp1, -1, NULL, 1, g), ND_OK);
    CASE(g[0], "np.gradient(mk((5,6),'float64',4), 0.5)[0]");
    CASE(g[1], "np.gradient(mk((5,6),'float64',4), 0.5)[1]");
    for (int edge = 1; edge <= 2; edge++) {
        nd_array *sp2[2] = {xs, ys};
        ck_assert_int_eq(nd_gradient(f, 2, sp2, -1, NULL, edge, g), ND_OK);
        snprintf(py, sizeof py,
                 "np.gradient(mk((5,6),'float64',4), L('float64',0,1,3,3.5,7), np.arange(0,11,2.), "
                 "edge_order=%d)[0]",
                 edge);
        CASE(g[0], py);
        snprintf(py, sizeof py,
                 "np.gradient(mk((5,6),'float64',4), L('float64',0,1,3,3.5,7), np.arange(0,11,2.), "
                 "edge_order=%d)[1]",
                 edge);
        CASE(g[1], py);
    }
    int ax[1] = {-1};
    nd_array *sp3[1] = {ys};
    ck_assert_int_eq(nd_gradient(f, 1, sp3, 1, ax, 2, g), ND_OK);
    CASE(g[0], "np.gradient(mk((5,6),'float64',4), np.arange(0,11,2.), axis=-1, edge_order=2)");
    xi = nd_astype(xs, ND_INT64);
    nd_array *sp4[1] = {xi};
    int ax0[1] = {0};
    ck_assert_int_eq(nd_gradient(f, 1, sp4, 1, ax0, 1, g), ND_OK);
    CASE(g[0], "np.gradient(mk((5,6),'float64',4), L('int64',0,1,3,3,7), axis=0)");
    nd_array *small = mk2(ND_FLOAT64, 2, 6, 1);
    CASE(nd_gradient(small, 0, NULL, -1, NULL, 2, g) ? NULL : g[0],
         "np.gradient(mk((2,6),'float64',1), edge_order=2)");
    CASE(nd_gradient(f, 0, NULL, -1, NULL, 3, g) ? NULL : g[0],
         "np.gradient(mk((5,6),'float64',4), edge_order=3)");
    nd_array *sp5[3] = {h, h, h};
    CASE(nd_gradient(f, 3, sp5, -1, NULL, 1, g) ? NULL : g[0],
         "np.gradient(mk((5,6),'float64',4), 1, 2, 3)");
    nd_array *sp6[2] = {ys, ys};
    CASE(nd_gradient(f, 2, sp6, -1, NULL, 1, g) ? NULL : g[0],
         "np.gradient(mk((5,6),'float64',4), np.arange(0,11,2.), np.arange(0,11,2.))");
    nd_release(f), nd_release(h), nd_release(xs), nd_release(ys), nd_release(xi), nd_release(small);
    b_end();
}
END_TEST

START_TEST(test_trapz) {
    b_begin();
    nd_array *y = mk2(ND_FLOAT64, 4, 5, 1), *yi = mk2(ND_INT32, 4, 5, 2), *x = LIT(0, 1, 3, 3.5, 7),
             *x2 = mk2(ND_FLOAT64, 4, 5, 7), *yc = mk1(ND_COMPLEX128, 6, 1);
    CASE(nd_trapz(y, NULL, 1.0, -1), "np.trapz(mk((4,5),'float64',1))");
    CASE(nd_trapz(y, NULL, 0.25, 0), "np.trapz(mk((4,5),'float64',1), dx=0.25, axis=0)");
    CASE(nd_trapz(yi, NULL, 1.0, 1), "np.trapz(mk((4,5),'int32',2), axis=1)");
    CASE(nd_trapz(y, x, 1.0, 1), "np.trapz(mk((4,5),'float64',1), L('float64',0,1,3,3.5,7))");
    CASE(nd_trapz(y, x2, 1.0, 0), "np.trapz(mk((4,5),'float64',1), mk((4,5),'float64',7), axis=0)");
    CASE(nd_trapz(yc, NULL, 2.0, 0), "np.trapz(mk((6,),'complex128',1), dx=2.0)");
    nd_release(y), nd_release(yi), nd_release(x), nd_release(x2), nd_release(yc);
    b_end();
}
END_TEST

/* ---- interp, unwrap, cross, sinc, i0, windows ---- */

START_TEST(test_interp) {
    b_begin();
    nd_array *xp = LIT(-2, -1, 0.5, 1, 2.5), *fp = LIT(3, -1, 2, 0, 5),
             *x = mk2(ND_FLOAT64, 3, 7, 1);
    nd_array *fc = mk1(ND_COMPLEX128, 5, 3), *l = s0(-9), *r = s0(9),
             *xn = LIT(NAN, 0.5, -7, 7, 1, 2.5, -2);
    nd_array *xi = mk1(ND_INT32, 9, 2), *big = mk1(ND_FLOAT64, 40, 4), *one = LIT(0.5),
             *v1 = LIT(7);
    const char *XP = "L('float64',-2,-1,0.5,1,2.5)", *FP = "L('float64',3,-1,2,0,5)";
    char py[200];
    CASE(nd_interp(x, xp, fp, NULL, NULL, NAN),
         (snprintf(py, sizeof py, "np.interp(mk((3,7),'float64',1), %s, %s)", XP, FP), py));
    CASE(nd_interp(x, xp, fp, l, r, NAN),
         (snprintf(py, sizeof py, "np.interp(mk((3,7),'float64',1), %s, %s, -9.0, 9.0)", XP, FP),
          py));
    CASE(nd_interp(xn, xp, fp, NULL, NULL, NAN),
         (snprintf(py, sizeof py, "np.interp(L('float64',np.nan,0.5,-7,7,1,2.5,-2), %s, %s)", XP,
                   FP),
          py));
    CASE(nd_interp(x, xp, fc, NULL, NULL, NAN),
         (snprintf(py, sizeof py, "np.interp(mk((3,7),'float64',1), %s, mk((5,),'complex128',3))",
                   XP),
          py));
    CASE(nd_interp(x, xp, fp, NULL, NULL, 3.0),
         (snprintf(py, sizeof py, "np.interp(mk((3,7),'float64',1), %s, %s, period=3.0)", XP, FP),
          py));
    CASE(
        nd_interp(x, xp, fc, NULL, NULL, -2.0),
        (snprintf(py, sizeof py,
                  "np.interp(mk((3,7),'float64',1), %s, mk((5,),'complex128',3), period=-2.0)", XP),
         py));
    CASE(nd_interp(xi, xp, fp, NULL, NULL, NAN),
         (snprintf(py, sizeof py, "np.interp(mk((9,),'int32',2), %s, %s)", XP, FP), py));
    CASE(nd_interp(big, xp, fp, NULL, NULL, NAN),
         (snprintf(py, sizeof py, "np.interp(mk((40,),'float64',4), %s, %s)", XP, FP), py));
    CASE(nd_interp(x, one, v1, NULL, NULL, NAN), "np.interp(mk((3,7),'float64',1), [0.5], [7.0])");
    CASE(nd_interp(x, xp, v1, NULL, NULL, NAN),
         (snprintf(py, sizeof py, "np.interp(mk((3,7),'float64',1), %s, [7.0])", XP), py));
    CASE(nd_interp(x, xp, fp, NULL, NULL, 0),
         (snprintf(py, sizeof py, "np.interp(mk((3,7),'float64',1), %s, %s, period=0)", XP, FP),
          py));
    CASE(nd_interp(x, x, x, NULL, NULL, NAN),
         "np.interp(mk((3,7),'float64',1), mk((3,7),'float64',1), mk((3,7),'float64',1))");
    nd_release(xp), nd_release(fp), nd_release(x), nd_release(fc), nd_release(l), nd_release(r);
    nd_release(xn), nd_release(xi), nd_release(big), nd_release(one), nd_release(v1);
    b_end();
}
END_TEST

START_TEST(test_unwrap_cross_special) {
    b_begin();
    nd_array *p = LIT(0, 3, 6.5, 0.2, -3, -6.5, 1, 7, 13.5), *p2 = mk2(ND_FLOAT64, 4, 6, 2);
    nd_array *p3 = times(p2, 3.0), *pi = mk1(ND_INT64, 9, 1);
    CASE(nd_unwrap(p, NAN, -1, 2 * M_PI), "np.unwrap(L('float64',0,3,6.5,0.2,-3,-6.5,1,7,13.5))");
    CASE(nd_unwrap(p, 4.0, -1, 2 * M_PI),
         "np.unwrap(L('float64',0,3,6.5,0.2,-3,-6.5,1,7,13.5), discont=4.0)");
    CASE(nd_unwrap(p3, NAN, 0, 2 * M_PI), "np.unwrap(mk((4,6),'float64',2)*3, axis=0)");
    CASE(nd_unwrap(p3, NAN, 1, 4.0), "np.unwrap(mk((4,6),'float64',2)*3, period=4.0)");
    CASE(nd_unwrap(pi, NAN, 0, 2 * M_PI), "np.unwrap(mk((9,),'int64',1))");
    nd_release(p), nd_release(p2), nd_release(p3), nd_release(pi);

    nd_array *a3 = mk2(ND_FLOAT64, 4, 3, 1), *b3 = mk1(ND_INT32, 3, 2),
             *a2 = mk2(ND_INT64, 4, 2, 3), *b2 = mk1(ND_FLOAT64, 2, 4),
             *at = mk2(ND_FLOAT64, 3, 4, 5), *bad = mk1(ND_FLOAT64, 4, 1);
    CASE(nd_cross(a3, b3, -1, -1, -1), "np.cross(mk((4,3),'float64',1), mk((3,),'int32',2))");
    CASE(nd_cross(a2, b2, -1, -1, -1), "np.cross(mk((4,2),'int64',3), mk((2,),'float64',4))");
    CASE(nd_cross(a2, b3, -1, -1, -1), "np.cross(mk((4,2),'int64',3), mk((3,),'int32',2))");
    CASE(nd_cross(a3, b2, -1, -1, 0),
         "np.cross(mk((4,3),'float64',1), mk((2,),'float64',4), axisc=0)");
    CASE(nd_cross(at, a3, 0, 1, -1),
         "np.cross(mk((3,4),'float64',5), mk((4,3),'float64',1), axisa=0, axisb=1)");
    CASE(nd_cross(a3, bad, -1, -1, -1), "np.cross(mk((4,3),'float64',1), mk((4,),'float64',1))");
    CASE(nd_cross(a3, b3, 2, -1, -1),
         "np.cross(mk((4,3),'float64',1), mk((3,),'int32',2), axisa=2)");
    CASE(nd_cross(a3, b3, -1, -1, 2),
         "np.cross(mk((4,3),'float64',1), mk((3,),'int32',2), axisc=2)");
    nd_release(a3), nd_release(b3), nd_release(a2), nd_release(b2), nd_release(at), nd_release(bad);

    static const struct {
        const char *dt;
        nd_dtype t;
    } types[] = {{"float64", ND_FLOAT64},
                 {"float32", ND_FLOAT32},
                 {"int16", ND_INT16},
                 {"complex128", ND_COMPLEX128}};
    char py[160];
    for (size_t t = 0; t < 4; t++) {
        nd_array *x = mk2(types[t].t, 3, 8, 6);
        double tol = types[t].t == ND_FLOAT32 ? 1e-6 : 1e-14;
        snprintf(py, sizeof py, "np.sinc(mk((3,8),'%s',6))", types[t].dt);
        CASET(nd_sinc(x), py, tol);
        snprintf(py, sizeof py, "np.i0(mk((3,8),'%s',6) * 7)", types[t].dt);
        nd_array *x7 = times(x, 7.0);
        CASET(nd_i0(x7), py, tol);
        nd_release(x), nd_release(x7);
    }
    nd_array *wide = LIT(0, 1e-3, 7.9, 8, 8.1, 30, -45, 700);
    CASE(nd_i0(wide), "np.i0(L('float64',0,1e-3,7.9,8,8.1,30,-45,700))");
    static const int64_t Ms[] = {-2, 0, 1, 2, 7, 12, 51};
    for (size_t k = 0; k < sizeof Ms / sizeof *Ms; k++) {
        long long M = (long long)Ms[k];
        snprintf(py, sizeof py, "np.bartlett(%lld)", M), CASE(nd_bartlett(M), py);
        snprintf(py, sizeof py, "np.blackman(%lld)", M), CASE(nd_blackman(M), py);
        snprintf(py, sizeof py, "np.hamming(%lld)", M), CASE(nd_hamming(M), py);
        snprintf(py, sizeof py, "np.hanning(%lld)", M), CASE(nd_hanning(M), py);
        snprintf(py, sizeof py, "np.kaiser(%lld, 14.0)", M), CASE(nd_kaiser(M, 14.0), py);
        snprintf(py, sizeof py, "np.kaiser(%lld, 0.5)", M), CASE(nd_kaiser(M, 0.5), py);
    }
    nd_array *cx = mk1(ND_COMPLEX64, 3, 1);
    CASE(nd_i0(cx), "np.i0(mk((3,),'complex64',1))");
    nd_release(wide), nd_release(cx);
    b_end();
}
END_TEST

/* ---- np.poly* ---- */

static nd_array *sorted(nd_array *r) {
    if (!r) return NULL;
    nd_array *s = nd_sort(r, -1);
    nd_release(r);
    return s;
}

START_TEST(test_poly_legacy) {
    b_begin();
    nd_array *p = LIT(1, -6, 11, -6), *pi = mk1(ND_INT32, 5, 1), *x = mk2(ND_FLOAT64, 3, 4, 2);
    nd_array *q = LIT(2, 0.5), *k = LIT(1, 2, 3), *k1 = LIT(4), *pc = mk1(ND_COMPLEX128, 4, 2);
    CASE(nd_polyval(p, x), "np.polyval(L('float64',1,-6,11,-6), mk((3,4),'float64',2))");
    CASE(nd_polyval(pi, x), "np.polyval(mk((5,),'int32',1), mk((3,4),'float64',2))");
    CASE(nd_polyval(pc, x), "np.polyval(mk((4,),'complex128',2), mk((3,4),'float64',2))");
    nd_array *one0 = s0(1);
    CASE(nd_polyval(one0, x), "np.polyval(np.array(1.0), mk((3,4),'float64',2))");
    nd_release(one0);
    for (int m = 0; m <= 5; m++) {
        char py[160];
        snprintf(py, sizeof py, "np.polyder(mk((5,),'int32',1), %d)", m),
            CASE(nd_polyder(pi, m), py);
        snprintf(py, sizeof py, "np.polyint(mk((5,),'int32',1), %d)", m),
            CASE(nd_polyint(pi, m, NULL), py);
        snprintf(py, sizeof py, "np.polyint(L('float64',1,-6,11,-6), %d, k=[4.0])", m),
            CASE(nd_polyint(p, m, k1), py);
    }
    CASE(nd_polyint(p, 3, k), "np.polyint(L('float64',1,-6,11,-6), 3, k=[1.0,2,3])");
    CASE(nd_polyint(p, 3, q), "np.polyint(L('float64',1,-6,11,-6), 3, k=[2.0,0.5])");
    CASE(nd_polyder(p, -1), "np.polyder(L('float64',1,-6,11,-6), -1)");
    CASE(nd_polyint(p, -1, NULL), "np.polyint(L('float64',1,-6,11,-6), -1)");
    CASE(nd_polyadd(p, pi), "np.polyadd(L('float64',1,-6,11,-6), mk((5,),'int32',1))");
    CASE(nd_polyadd(q, p), "np.polyadd(L('float64',2,0.5), L('float64',1,-6,11,-6))");
    CASE(nd_polysub(p, pi), "np.polysub(L('float64',1,-6,11,-6), mk((5,),'int32',1))");
    CASE(nd_polysub(pi, q), "np.polysub(mk((5,),'int32',1), L('float64',2,0.5))");
    CASE(nd_polymul(p, pi), "np.polymul(L('float64',1,-6,11,-6), mk((5,),'int32',1))");
    nd_array *qq = NULL, *rr = NULL, *u = mk1(ND_FLOAT64, 7, 3);
    ck_assert_int_eq(nd_polydiv(u, p, &qq, &rr), ND_OK);
    CASE(qq, "np.polydiv(mk((7,),'float64',3), L('float64',1,-6,11,-6))[0]");
    CASE(rr, "np.polydiv(mk((7,),'float64',3), L('float64',1,-6,11,-6))[1]");
    nd_array *prod = nd_polymul(p, q);
    ck_assert_int_eq(nd_polydiv(prod, q, &qq, &rr), ND_OK);
    CASE(qq, "np.polydiv(np.polymul(L('float64',1,-6,11,-6), L('float64',2,0.5)), "
             "L('float64',2,0.5))[0]");
    CASE(rr, "np.polydiv(np.polymul(L('float64',1,-6,11,-6), L('float64',2,0.5)), "
             "L('float64',2,0.5))[1]");
    ck_assert_int_eq(nd_polydiv(q, u, &qq, &rr), ND_OK);
    CASE(qq, "np.polydiv(L('float64',2,0.5), mk((7,),'float64',3))[0]");
    CASE(rr, "np.polydiv(L('float64',2,0.5), mk((7,),'float64',3))[1]");
    ck_assert_int_eq(nd_polydiv(u, pc, &qq, &rr), ND_OK);
    CASET(qq, "np.polydiv(mk((7,),'float64',3), mk((4,),'complex128',2))[0]", 1e-12);
    CASET(rr, "np.polydiv(mk((7,),'float64',3), mk((4,),'complex128',2))[1]", 1e-12);
    nd_array *pz = LIT(0, 0, 1, -3, 2, 0, 0), *p5 = mk1(ND_FLOAT64, 6, 5), *zero = LIT(0, 0);
    CASET(sorted(nd_roots(p)), "np.sort(np.roots(L('float64',1,-6,11,-6)))", 1e-12);
    CASET(sorted(nd_roots(pz)), "np.sort(np.roots(L('float64',0,0,1,-3,2,0,0)))", 1e-12);
    CASET(sorted(nd_roots(p5)), "np.sort(np.roots(mk((6,),'float64',5)))", 1e-12);
    CASET(sorted(nd_roots(pc)), "np.sort(np.roots(mk((4,),'complex128',2)))", 1e-12);
    CASE(nd_roots(zero), "np.roots(L('float64',0,0))");
    CASE(nd_roots(x), "np.roots(mk((3,4),'float64',2))");
    nd_array *rts = LIT(1, 2, 3), *sq = mk2(ND_FLOAT64, 3, 3, 1), *e0 = LIT(0);
    nd_array *crs = nd_roots(p5);
    CASET(nd_poly(rts), "np.poly(L('float64',1,2,3))", 1e-14);
    CASET(nd_poly(sq), "np.poly(mk((3,3),'float64',1))", 1e-12);
    CASET(nd_poly(crs), "np.poly(np.roots(mk((6,),'float64',5)))", 1e-12);
    CASET(nd_poly(pc), "np.poly(mk((4,),'complex128',2))", 1e-13);
    CASE(nd_poly(x), "np.poly(mk((3,4),'float64',2))");
    for (int N = -1; N <= 4; N++)
        for (int inc = 0; inc < 2; inc++) {
            char py[160];
            snprintf(py, sizeof py, "np.vander(mk((5,),'int32',1)%s, increasing=%s)",
                     N < 0 ? ""
                           : (N == 0   ? ", 0"
                              : N == 1 ? ", 1"
                              : N == 2 ? ", 2"
                              : N == 3 ? ", 3"
                                       : ", 4"),
                     inc ? "True" : "False");
            CASE(nd_vander(pi, N, inc), py);
        }
    nd_array *xu8 = mk1(ND_UINT64, 4, 1);
    CASE(nd_vander(xu8, -1, false), "np.vander(mk((4,),'uint64',1))");
    CASE(nd_vander(x, 2, false), "np.vander(mk((3,4),'float64',2), 2)");
    nd_release(p), nd_release(pi), nd_release(x), nd_release(q), nd_release(k), nd_release(k1);
    nd_release(pc), nd_release(u), nd_release(prod), nd_release(pz), nd_release(p5),
        nd_release(zero);
    nd_release(rts), nd_release(sq), nd_release(e0), nd_release(crs), nd_release(xu8);
    b_end();
}
END_TEST

START_TEST(test_polyfit) {
    b_begin();
    nd_array *x = nd_linspace(-2, 3, 20, ND_FLOAT64), *y = mk1(ND_FLOAT64, 20, 3),
             *y2 = mk2(ND_FLOAT64, 20, 3, 4), *w = mk1(ND_FLOAT64, 20, 9);
    nd_array *wa = nd_abs(w, NULL);
    const char *X = "np.linspace(-2,3,20)";
    char py[240];
    for (int deg = 0; deg <= 5; deg++) {
        nd_array *p = NULL, *V = NULL, *res = NULL, *sv = NULL;
        int64_t rank = 0;
        double rc = 0;
        ck_assert_int_eq(
            nd_polyfit(x, y, deg, NAN, NULL, ND_POLYFIT_COV_NONE, &p, NULL, &res, &rank, &sv, &rc),
            ND_OK);
        snprintf(py, sizeof py, "np.polyfit(%s, mk((20,),'float64',3), %d)", X, deg);
        CASET(p, py, 1e-10);
        snprintf(py, sizeof py, "np.polyfit(%s, mk((20,),'float64',3), %d, full=True)[1]", X, deg);
        CASET(res, py, 1e-10);
        snprintf(py, sizeof py, "np.polyfit(%s, mk((20,),'float64',3), %d, full=True)[3]", X, deg);
        CASET(sv, py, 1e-12);
        ck_assert_int_eq(rank, deg + 1);
        ck_assert(fabs(rc - 20 * 2.220446049250313e-16) < 1e-30);
        ck_assert_int_eq(
            nd_polyfit(x, y2, deg, NAN, wa, ND_POLYFIT_COV_SCALED, &p, &V, NULL, NULL, NULL, NULL),
            ND_OK);
        snprintf(py, sizeof py,
                 "np.polyfit(%s, mk((20,3),'float64',4), %d, w=np.abs(mk((20,),'float64',9)), "
                 "cov=True)[0]",
                 X, deg);
        CASET(p, py, 1e-10);
        snprintf(py, sizeof py,
                 "np.polyfit(%s, mk((20,3),'float64',4), %d, w=np.abs(mk((20,),'float64',9)), "
                 "cov=True)[1]",
                 X, deg);
        CASET(V, py, 1e-9);
        ck_assert_int_eq(nd_polyfit(x, y, deg, NAN, NULL, ND_POLYFIT_COV_UNSCALED, &p, &V, NULL,
                                    NULL, NULL, NULL),
                         ND_OK);
        snprintf(py, sizeof py, "np.polyfit(%s, mk((20,),'float64',3), %d, cov='unscaled')[1]", X,
                 deg);
        CASET(V, py, 1e-9);
        nd_release(p);
    }
    nd_array *p = NULL, *x2 = mk2(ND_FLOAT64, 2, 10, 1), *x3 = LIT(1, 2);
    CASE(nd_polyfit(x, y, -1, NAN, NULL, 0, &p, NULL, NULL, NULL, NULL, NULL) ? NULL : p,
         "np.polyfit(np.linspace(-2,3,20), mk((20,),'float64',3), -1)");
    CASE(nd_polyfit(x2, y, 1, NAN, NULL, 0, &p, NULL, NULL, NULL, NULL, NULL) ? NULL : p,
         "np.polyfit(mk((2,10),'float64',1), mk((20,),'float64',3), 1)");
    CASE(nd_polyfit(x3, y, 1, NAN, NULL, 0, &p, NULL, NULL, NULL, NULL, NULL) ? NULL : p,
         "np.polyfit(L('float64',1,2), mk((20,),'float64',3), 1)");
    nd_array *V = NULL;
    CASE(nd_polyfit(x3, x3, 1, NAN, NULL, ND_POLYFIT_COV_SCALED, &p, &V, NULL, NULL, NULL, NULL)
             ? NULL
             : p,
         "np.polyfit(L('float64',1,2), L('float64',1,2), 1, cov=True)");
    nd_release(x), nd_release(y), nd_release(y2), nd_release(w), nd_release(wa), nd_release(x2),
        nd_release(x3);
    b_end();
}
END_TEST

/* ---- numpy.polynomial ---- */

static const char *const fam_mod[] = {"P.polynomial", "P.chebyshev", "P.legendre",
                                      "P.laguerre",   "P.hermite",   "P.hermite_e"};
static const char *const fam_pre[] = {"poly", "cheb", "leg", "lag", "herm", "herme"};

START_TEST(test_polynomial_families) {
    b_begin();
    char py[240];
    nd_array *c = LIT(1, -2, 0.5, 3, -1.25), *c2 = LIT(2, 0, -1), *cc = mk1(ND_COMPLEX128, 3, 2);
    nd_array *x = mk2(ND_FLOAT64, 3, 5, 1), *xs = times(x, 0.3);
    nd_array *rts = LIT(-0.5, 0.25, 0.75, 1.5), *xl = nd_linspace(-1, 1, 25, ND_FLOAT64);
    nd_array *yl = mk1(ND_FLOAT64, 25, 6), *wl = nd_linspace(0.5, 2, 25, ND_FLOAT64), *one = LIT(3);
    nd_array *z = LIT(0), *c0 = LIT(1, 2, 0, 0);
    double kk[2] = {0.5, -2};
    for (int f = 0; f < 6; f++) {
        const char *M = fam_mod[f], *N = fam_pre[f];
        nd_poly_family fam = (nd_poly_family)f;
#define FC(expr, tol, ...) (snprintf(py, sizeof py, __VA_ARGS__), CASET((expr), py, tol))
        FC(nd_polynomial_val(fam, xs, c), 1e-12,
           "%s.%sval(mk((3,5),'float64',1)*0.3, L('float64',1,-2,0.5,3,-1.25))", M, N);
        FC(nd_polynomial_val(fam, xs, cc), 1e-12,
           "%s.%sval(mk((3,5),'float64',1)*0.3, mk((3,),'complex128',2))", M, N);
        FC(nd_polynomial_vander(fam, xs, 4), 1e-12, "%s.%svander(mk((3,5),'float64',1)*0.3, 4)", M,
           N);
        for (int m = 0; m <= 6; m += 1) {
            FC(nd_polynomial_der(fam, c, m, 1.0), 1e-12,
               "%s.%sder(L('float64',1,-2,0.5,3,-1.25), %d)", M, N, m);
            FC(nd_polynomial_int(fam, c, m, 0, NULL, 0, 1.0), 1e-12,
               "%s.%sint(L('float64',1,-2,0.5,3,-1.25), %d)", M, N, m);
        }
        FC(nd_polynomial_der(fam, c, 2, -0.5), 1e-12,
           "%s.%sder(L('float64',1,-2,0.5,3,-1.25), 2, scl=-0.5)", M, N);
        FC(nd_polynomial_int(fam, c, 2, 2, kk, 0.75, 2.0), 1e-12,
           "%s.%sint(L('float64',1,-2,0.5,3,-1.25), 2, k=[0.5,-2], lbnd=0.75, scl=2.0)", M, N);
        FC(nd_polynomial_int(fam, z, 2, 1, kk, 0, 1.0), 1e-12,
           "%s.%sint(L('float64',0), 2, k=[0.5])", M, N);
        FC(nd_polynomial_int(fam, c, 1, 2, kk, 0, 1.0), 1e-12,
           "%s.%sint(L('float64',1,-2,0.5,3,-1.25), 1, k=[0.5,-2])", M, N);
        FC(nd_polynomial_add(fam, c, c2), 0,
           "%s.%sadd(L('float64',1,-2,0.5,3,-1.25), L('float64',2,0,-1))", M, N);
        FC(nd_polynomial_sub(fam, c2, c0), 0, "%s.%ssub(L('float64',2,0,-1), L('float64',1,2,0,0))",
           M, N);
        FC(nd_polynomial_mul(fam, c, c2), 1e-12,
           "%s.%smul(L('float64',1,-2,0.5,3,-1.25), L('float64',2,0,-1))", M, N);
        FC(nd_polynomial_mul(fam, cc, c), 1e-12,
           "%s.%smul(mk((3,),'complex128',2), L('float64',1,-2,0.5,3,-1.25))", M, N);
        FC(nd_polynomial_mulx(fam, c), 1e-13, "%s.%smulx(L('float64',1,-2,0.5,3,-1.25))", M, N);
        FC(nd_polynomial_mulx(fam, z), 0, "%s.%smulx(L('float64',0))", M, N);
        FC(nd_polynomial_pow(fam, c2, 3, 16), 1e-12, "%s.%spow(L('float64',2,0,-1), 3)", M, N);
        FC(nd_polynomial_pow(fam, cc, 2, -1), 1e-12, "%s.%spow(mk((3,),'complex128',2), 2)", M, N);
        FC(nd_polynomial_pow(fam, c0, 2, 16), 1e-13, "%s.%spow(L('float64',1,2,0,0), 2)", M, N);
        FC(nd_polynomial_pow(fam, c, 0, 16), 0, "%s.%spow(L('float64',1,-2,0.5,3,-1.25), 0)", M, N);
        FC(nd_polynomial_pow(fam, c, 1, 16), 0, "%s.%spow(L('float64',1,-2,0.5,3,-1.25), 1)", M, N);
        FC(nd_polynomial_pow(fam, one, 5, 16), 0, "%s.%spow(L('float64',3), 5)", M, N);
        FC(nd_polynomial_pow(fam, c, 17, 16), 0,
           "%s.%spow(L('float64',1,-2,0.5,3,-1.25), 17, maxpower=16)", M, N);
        FC(nd_polynomial_pow(fam, c, -1, 16), 0, "%s.%spow(L('float64',1,-2,0.5,3,-1.25), -1)", M,
           N);
        FC(nd_polynomial_line(fam, 1.5, -2), 0, "%s.%sline(1.5, -2)", M, N);
        FC(nd_polynomial_line(fam, 1.5, 0), 0, "%s.%sline(1.5, 0)", M, N);
        nd_array *q = NULL, *r = NULL;
        ck_assert_int_eq(nd_polynomial_div(fam, c, c2, &q, &r), ND_OK);
        FC(q, 1e-12, "%s.%sdiv(L('float64',1,-2,0.5,3,-1.25), L('float64',2,0,-1))[0]", M, N);
        FC(r, 1e-12, "%s.%sdiv(L('float64',1,-2,0.5,3,-1.25), L('float64',2,0,-1))[1]", M, N);
        ck_assert_int_eq(nd_polynomial_div(fam, c2, c, &q, &r), ND_OK);
        FC(q, 0, "%s.%sdiv(L('float64',2,0,-1), L('float64',1,-2,0.5,3,-1.25))[0]", M, N);
        FC(r, 0, "%s.%sdiv(L('float64',2,0,-1), L('float64',1,-2,0.5,3,-1.25))[1]", M, N);
        ck_assert_int_eq(nd_polynomial_div(fam, c, one, &q, &r), ND_OK);
        FC(q, 1e-15, "%s.%sdiv(L('float64',1,-2,0.5,3,-1.25), L('float64',3))[0]", M, N);
        FC(r, 0, "%s.%sdiv(L('float64',1,-2,0.5,3,-1.25), L('float64',3))[1]", M, N);
        FC(nd_polynomial_div(fam, c, z, &q, &r) ? NULL : q, 0,
           "%s.%sdiv(L('float64',1,2), L('float64',0))", M, N);
        B->msg[B->n - 1] = false; /* ZeroDivisionError has no message */
        FC(nd_polynomial_companion(fam, c), 1e-13, "%s.%scompanion(L('float64',1,-2,0.5,3,-1.25))",
           M, N);
        FC(nd_polynomial_companion(fam, c2), 1e-13, "%s.%scompanion(L('float64',2,0,-1))", M, N);
        FC(nd_polynomial_companion(fam, one), 0, "%s.%scompanion(L('float64',3))", M, N);
        FC(nd_polynomial_roots(fam, c), 1e-10, "%s.%sroots(L('float64',1,-2,0.5,3,-1.25))", M, N);
        FC(nd_polynomial_roots(fam, c0), 1e-13, "%s.%sroots(L('float64',1,2,0,0))", M, N);
        FC(nd_polynomial_roots(fam, one), 0, "%s.%sroots(L('float64',3))", M, N);
        FC(nd_polynomial_roots(fam, c2), 1e-12, "%s.%sroots(L('float64',2,0,-1))", M, N);
        FC(nd_polynomial_fromroots(fam, rts), 1e-12,
           "%s.%sfromroots(L('float64',-0.5,0.25,0.75,1.5))", M, N);
        FC(nd_polynomial_fromroots(fam, cc), 1e-12, "%s.%sfromroots(mk((3,),'complex128',2))", M,
           N);
        for (int deg = 0; deg <= 4; deg += 2) {
            nd_array *co = NULL, *res = NULL, *sv = NULL;
            int64_t rank;
            ck_assert_int_eq(
                nd_polynomial_fit(fam, xl, yl, deg, NAN, wl, &co, &res, &rank, &sv, NULL), ND_OK);
            FC(co, 1e-10,
               "%s.%sfit(np.linspace(-1,1,25), mk((25,),'float64',6), %d, w=np.linspace(0.5,2,25))",
               M, N, deg);
            FC(res, 1e-10,
               "%s.%sfit(np.linspace(-1,1,25), mk((25,),'float64',6), %d, w=np.linspace(0.5,2,25), "
               "full=True)[1][0]",
               M, N, deg);
            FC(sv, 1e-10,
               "%s.%sfit(np.linspace(-1,1,25), mk((25,),'float64',6), %d, w=np.linspace(0.5,2,25), "
               "full=True)[1][2]",
               M, N, deg);
        }
        if (f != ND_POLY_POWER)
            FC(nd_polynomial_weight(fam, xs), 1e-15, "%s.%sweight(mk((3,5),'float64',1)*0.3)", M,
               N);
        FC(nd_polynomial_der(fam, c, -1, 1), 0, "%s.%sder(L('float64',1,2), -1)", M, N);
        FC(nd_polynomial_int(fam, c, 1, 3, (double[]){1, 2, 3}, 0, 1), 0,
           "%s.%sint(L('float64',1,2), 1, k=[1,2,3])", M, N);
        FC(nd_polynomial_val(fam, xs, x), 0, "%s.%sadd(mk((3,5),'float64',1), [1])", M, N);
        B->msg[B->n - 1] = false;
#undef FC
    }
    double old[2] = {-1, 3}, nw[2] = {0, 1};
    CASE(nd_polynomial_mapdomain(x, old, nw),
         "P.polyutils.mapdomain(mk((3,5),'float64',1), [-1,3], [0,1])");
    nd_array *tc = LIT(1, 1e-3, -1e-5, 0, 2e-4, 0);
    CASET(nd_polynomial_trimcoef(tc, 0), "P.polyutils.trimcoef(L('float64',1,1e-3,-1e-5,0,2e-4,0))", 0);
    CASET(nd_polynomial_trimcoef(tc, 1e-4),
          "P.polyutils.trimcoef(L('float64',1,1e-3,-1e-5,0,2e-4,0), 1e-4)", 0);
    CASET(nd_polynomial_trimcoef(tc, 5), "P.polyutils.trimcoef(L('float64',1,1e-3,-1e-5,0,2e-4,0), 5)",
          0);
    CASET(nd_polynomial_trimcoef(cc, 1), "P.polyutils.trimcoef(mk((3,),'complex128',2), 1)", 0);
    CASET(nd_polynomial_trimcoef(tc, -1), "P.polyutils.trimcoef(L('float64',1,2), -1)", 0);
    nd_release(tc);
    nd_release(c), nd_release(c2), nd_release(cc), nd_release(x), nd_release(xs), nd_release(rts);
    nd_release(xl), nd_release(yl), nd_release(wl), nd_release(one), nd_release(z), nd_release(c0);
    b_end();
}
END_TEST

START_TEST(test_alloc_walk) {
    /* every entry point under allocation failure: a clean error, nothing leaked */
    nd_array *a = mk1(ND_FLOAT64, 300, 1), *v = mk1(ND_FLOAT64, 70, 2),
             *m = mk2(ND_FLOAT64, 5, 6, 3);
    nd_array *xp = LIT(-2, -1, 0.5, 1, 2.5), *c = LIT(1, -2, 0.5, 3, -1.25), *c2 = LIT(2, 0, -1);
    nd_array *x = nd_linspace(-1, 1, 12, ND_FLOAT64), *y = mk1(ND_FLOAT64, 12, 4),
             *a3 = mk2(ND_FLOAT64, 4, 3, 1);
    nd_array *half = s0(0.5);
    for (int step = 0; step < 30; step++) {
        /* nth 0 first: an unfailed call fills the caches (FFT plans) that
           outlive it, so the walk's live counts compare like with like */
        for (long nth = 0;; nth++) {
            long live = nd_debug_live_allocs();
            nd_debug_fail_alloc(nth);
            if (nth == 0) live = -1;
            nd_array *r = NULL, *r2 = NULL, *g[2] = {0};
            int st = ND_OK;
            nd_poly_family f = (nd_poly_family)(step % 6);
            switch (step) {
            case 0:
                r = nd_convolve(a, v, "same");
                break;
            case 1:
                r = nd_correlate(a, v, "full");
                break;
            case 2:
                r = nd_convolve(v, c, NULL);
                break;
            case 3:
                r = nd_diff(m, 2, 1, half, m);
                break;
            case 4:
                r = nd_ediff1d(m, c, c2);
                break;
            case 5:
                st = nd_gradient(m, 0, NULL, -1, NULL, 2, g);
                break;
            case 6:
                r = nd_trapz(m, NULL, 0.5, 0);
                break;
            case 7:
                r = nd_interp(m, xp, c, NULL, NULL, 2.0);
                break;
            case 8:
                r = nd_unwrap(m, NAN, 0, 2.0);
                break;
            case 9:
                r = nd_cross(a3, a3, -1, -1, -1);
                break;
            case 10:
                r = nd_sinc(m);
                break;
            case 11:
                r = nd_i0(m);
                break;
            case 12:
                r = nd_kaiser(9, 3);
                break;
            case 13:
                r = nd_polyval(c, m);
                break;
            case 14:
                r = nd_polyint(c, 2, NULL);
                break;
            case 15:
                r = nd_polyder(c, 2);
                break;
            case 16:
                st = nd_polydiv(c, c2, &r, &r2);
                break;
            case 17:
                r = nd_roots(c);
                break;
            case 18:
                r = nd_poly(c);
                break;
            case 19:
                r = nd_vander(c, 4, false);
                break;
            case 20:
                st = nd_polyfit(x, y, 3, NAN, y, ND_POLYFIT_COV_SCALED, &r, &r2, NULL, NULL, NULL,
                                NULL);
                break;
            case 21:
                r = nd_polyadd(c, c2);
                break;
            case 22:
                r = nd_polynomial_val((nd_poly_family)1, m, c);
                break;
            case 23:
                r = nd_polynomial_int((nd_poly_family)2, c, 2, 0, NULL, 0.5, 1);
                break;
            case 24:
                r = nd_polynomial_roots((nd_poly_family)3, c);
                break;
            case 25:
                r = nd_polynomial_fromroots((nd_poly_family)4, c);
                break;
            case 26:
                st = nd_polynomial_fit((nd_poly_family)5, x, y, 3, NAN, NULL, &r, &r2, NULL, NULL,
                                       NULL);
                break;
            case 27:
                st = nd_polynomial_div(f, c, c2, &r, &r2);
                break;
            case 28:
                r = nd_polynomial_der(f, c, 2, 1);
                break;
            case 29:
                r = nd_polynomial_mul((nd_poly_family)2, c, c2);
                break;
            }
            long made = nd_debug_fail_alloc(0);
            bool failed = (st != ND_OK) || (!r && !g[0]);
            if (nth == 0) {
                ck_assert_msg(!failed, "step %d: %s", step, nd_last_error_message());
                nd_release(r), nd_release(r2), nd_release(g[0]), nd_release(g[1]);
                continue;
            }
            if (!failed) {
                nd_release(r), nd_release(r2), nd_release(g[0]), nd_release(g[1]);
                ck_assert_msg(nd_debug_live_allocs() == live, "step %d nth %ld: success leaked",
                              step, nth);
                break;
            }
            ck_assert_msg(nd_last_error() == ND_ERR_NOMEM, "step %d nth %ld: %s", step, nth,
                          nd_last_error_message());
            nd_clear_error();
            ck_assert_msg(nd_debug_live_allocs() == live, "step %d nth %ld leaked", step, nth);
            ck_assert_int_lt(nth, 100000);
            (void)made;
        }
    }
    nd_release(a), nd_release(v), nd_release(m), nd_release(xp), nd_release(c), nd_release(c2);
    nd_release(x), nd_release(y), nd_release(a3), nd_release(half);
}
END_TEST

int main(void) {
    Suite *s = suite_create("signal");
    TCase *tc = tcase_create("numpy");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_convolve);
    tcase_add_test(tc, test_diff);
    tcase_add_test(tc, test_gradient);
    tcase_add_test(tc, test_trapz);
    tcase_add_test(tc, test_interp);
    tcase_add_test(tc, test_unwrap_cross_special);
    tcase_add_test(tc, test_poly_legacy);
    tcase_add_test(tc, test_polyfit);
    tcase_add_test(tc, test_polynomial_families);
    tcase_add_test(tc, test_alloc_walk);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
