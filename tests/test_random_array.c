/* Random numbers with array parameters (nd_random_a, nd_integers_a) and the
   multivariate methods: NumPy 1.24's Generator streams bit for bit for
   several generators (NumPy writes .npy files at test time), moments, and
   NumPy's error messages. */
#include <math.h>
#include <unistd.h>

#include "nd_test.h"

/* The fixtures: a NumPy expression and the same values built in C. */
typedef struct {
    const char *py;
    nd_dtype t;
    int ndim;
    int64_t shape[2];
    double v[24];
} fixture;

static const fixture fixtures[] = {
    /* 0 */ {"np.array([-2., -1.25, -0.5, 0., 0.75, 1.5, 3.])", ND_FLOAT64, 1, {7}, {-2, -1.25, -0.5, 0, 0.75, 1.5, 3}},
    /* 1 */ {"np.array([[0.5], [1.0], [2.5]])", ND_FLOAT64, 2, {3, 1}, {0.5, 1.0, 2.5}},
    /* 2 */ {"np.array([0.0, 0.1, 0.5, 0.9, 1.0])", ND_FLOAT64, 1, {5}, {0, 0.1, 0.5, 0.9, 1}},
    /* 3 */ {"np.array([[0], [1], [7], [50], [1000], [100000]])", ND_INT64, 2, {6, 1}, {0, 1, 7, 50, 1000, 100000}},
    /* 4 */ {"np.array([0.0, 3.2, 15.0, 150.0])", ND_FLOAT64, 1, {4}, {0, 3.2, 15, 150}},
    /* 5 */ {"np.array([0.0, 0.5, 1.0, 3.7])", ND_FLOAT64, 1, {4}, {0, 0.5, 1, 3.7}},
    /* 6 */ {"np.array([0.5, 2.0])", ND_FLOAT64, 1, {2}, {0.5, 2}},
    /* 7 */ {"np.array([[0.7], [5.0], [1.0]])", ND_FLOAT64, 2, {3, 1}, {0.7, 5, 1}},
    /* 8 */ {"np.array([-5, 0, 10])", ND_INT64, 1, {3}, {-5, 0, 10}},
    /* 9 */ {"np.array([[11], [20], [40]])", ND_INT64, 2, {3, 1}, {11, 20, 40}},
    /* 10 */ {"np.array([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0], [0.1, 0.1, 0.8], [0.5, 0.5, 0.0]])",
              ND_FLOAT64, 2, {4, 3}, {0.2, 0.3, 0.5, 0, 1, 0, 0.1, 0.1, 0.8, 0.5, 0.5, 0}},
    /* 11 */ {"np.array([[3], [0], [40], [1000], [7]])", ND_INT64, 2, {5, 1}, {3, 0, 40, 1000, 7}},
    /* 12 */ {"np.array([5, 10, 15])", ND_INT64, 1, {3}, {5, 10, 15}},
    /* 13 */ {"np.array([300, 200, 500, 7])", ND_INT64, 1, {4}, {300, 200, 500, 7}},
    /* 14 */ {"np.array([0.5, 1.0, 2.5])", ND_FLOAT64, 1, {3}, {0.5, 1, 2.5}},
    /* 15 */ {"np.array([0.05, 0.02, 0.08])", ND_FLOAT64, 1, {3}, {0.05, 0.02, 0.08}},
    /* 16 */ {"np.array(2.5)", ND_FLOAT64, 0, {0}, {2.5}},
    /* 17 */ {"np.array([-100, 0, 50])", ND_INT64, 1, {3}, {-100, 0, 50}},
    /* 18 */ {"np.array([[51], [100], [127]])", ND_INT64, 2, {3, 1}, {51, 100, 127}},
    /* 19 */ {"np.array([0, 1])", ND_INT64, 1, {2}, {0, 1}},
    /* 20 */ {"np.array([[2], [2]])", ND_INT64, 2, {2, 1}, {2, 2}},
    /* 21 */ {"np.array([0, 7, 300])", ND_INT64, 1, {3}, {0, 7, 300}},
    /* 22 */ {"np.array([[65536], [301], [1000]])", ND_INT64, 2, {3, 1}, {65536, 301, 1000}},
    /* 23 */ {"np.array(20)", ND_INT64, 0, {0}, {20}},
    /* 24 */ {"np.array([0.2, 0.3, 0.5])", ND_FLOAT64, 1, {3}, {0.2, 0.3, 0.5}},
    /* 25 */ {"np.array(0)", ND_INT64, 0, {0}, {0}},
    /* 26 */ {"np.array(100)", ND_INT64, 0, {0}, {100}},
    /* 27 */ {"np.array(5.0)", ND_FLOAT64, 0, {0}, {5}},
    /* 28 */ {"np.array([1.0, -2.0, 0.5])", ND_FLOAT64, 1, {3}, {1, -2, 0.5}},
    /* 29 */ {"np.array([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 0.5]])", ND_FLOAT64, 2,
              {3, 3}, {2, 0.3, 0.1, 0.3, 1, -0.2, 0.1, -0.2, 0.5}},
};
enum { NFIX = sizeof fixtures / sizeof fixtures[0] };

static nd_array *pool[64];
static int npool;

/* Fixture i as an nd array (freed after the case). */
static nd_array *fx(int i) {
    const fixture *f = &fixtures[i];
    nd_array *a = nd_empty(f->t, f->ndim, f->shape);
    int64_t n = nd_size(a);
    for (int64_t k = 0; k < n; k++) {
        if (f->t == ND_INT64)
            ((int64_t *)nd_data(a))[k] = (int64_t)f->v[k];
        else
            ((double *)nd_data(a))[k] = f->v[k];
    }
    return pool[npool++] = a;
}

#define P2(a, b) ((const nd_array *const[]){fx(a), fx(b)})
#define P1(a) ((const nd_array *const[]){fx(a)})
#define SZ(...) (int)(sizeof((int64_t[]){__VA_ARGS__}) / 8), (int64_t[]){__VA_ARGS__}

#define CASES(X)                                                                                   \
    X("g.normal(F[0], F[1])", nd_random_a(g, ND_RV_NORMAL, 2, P2(0, 1), ND_SIZE_NONE, NULL, NULL)) \
    X("g.normal(F[0], F[1], size=(500, 3, 7))",                                                    \
      nd_random_a(g, ND_RV_NORMAL, 2, P2(0, 1), SZ(500, 3, 7), NULL))                              \
    X("g.normal(F[16], F[1], size=(1000, 3, 1))",                                                  \
      nd_random_a(g, ND_RV_NORMAL, 2, P2(16, 1), SZ(1000, 3, 1), NULL))                            \
    X("g.uniform(F[0], F[27], size=(1000, 7))",                                                    \
      nd_random_a(g, ND_RV_UNIFORM, 2, P2(0, 27), SZ(1000, 7), NULL))                              \
    X("g.exponential(F[1], size=(2000, 3, 4))",                                                    \
      nd_random_a(g, ND_RV_EXPONENTIAL, 1, P1(1), SZ(2000, 3, 4), NULL))                           \
    X("g.standard_gamma(F[5], size=(5000, 4))",                                                    \
      nd_random_a(g, ND_RV_STANDARD_GAMMA, 1, P1(5), SZ(5000, 4), NULL))                           \
    X("g.gamma(F[5], F[1], size=(2000, 3, 4))",                                                    \
      nd_random_a(g, ND_RV_GAMMA, 2, P2(5, 1), SZ(2000, 3, 4), NULL))                              \
    X("g.beta(F[6], F[7], size=(3000, 3, 2))",                                                     \
      nd_random_a(g, ND_RV_BETA, 2, P2(6, 7), SZ(3000, 3, 2), NULL))                               \
    X("g.binomial(F[3], F[2], size=(500, 6, 5))",                                                  \
      nd_random_a(g, ND_RV_BINOMIAL, 2, P2(3, 2), SZ(500, 6, 5), NULL))                            \
    X("g.binomial(F[3], F[2])", nd_random_a(g, ND_RV_BINOMIAL, 2, P2(3, 2), ND_SIZE_NONE, NULL, NULL)) \
    X("g.poisson(F[4], size=(5000, 4))", nd_random_a(g, ND_RV_POISSON, 1, P1(4), SZ(5000, 4), NULL)) \
    X("g.integers(F[8], F[9], size=(2000, 3, 3))",                                                 \
      nd_random_a(g, ND_RV_INTEGERS, 2, P2(8, 9), SZ(2000, 3, 3), NULL))                           \
    X("g.integers(F[17], F[18], size=(3000, 3, 3), dtype=np.int8, endpoint=True)",                 \
      nd_integers_a(g, fx(17), fx(18), true, ND_INT8, SZ(3000, 3, 3), NULL))                       \
    X("g.integers(F[8], F[9], size=(3000, 3, 3), dtype=np.int16)",                                 \
      nd_integers_a(g, fx(8), fx(9), false, ND_INT16, SZ(3000, 3, 3), NULL))                       \
    X("g.integers(F[19], F[20], size=(4000, 2, 2), dtype=bool)",                                   \
      nd_integers_a(g, fx(19), fx(20), false, ND_BOOL, SZ(4000, 2, 2), NULL))                      \
    X("g.integers(F[21], F[22], size=(2000, 3, 3), dtype=np.uint16)",                              \
      nd_integers_a(g, fx(21), fx(22), false, ND_UINT16, SZ(2000, 3, 3), NULL))                    \
    X("g.integers(F[21], F[22], size=(2000, 3, 3), dtype=np.uint32)",                              \
      nd_integers_a(g, fx(21), fx(22), false, ND_UINT32, SZ(2000, 3, 3), NULL))                    \
    X("g.integers(F[21], F[22], size=(2000, 3, 3), dtype=np.uint64)",                              \
      nd_integers_a(g, fx(21), fx(22), false, ND_UINT64, SZ(2000, 3, 3), NULL))                    \
    X("g.multinomial(F[23], F[24], size=1000)", nd_multinomial(g, fx(23), fx(24), SZ(1000), NULL)) \
    X("g.multinomial(F[11], F[10])", nd_multinomial(g, fx(11), fx(10), ND_SIZE_NONE, NULL, NULL))  \
    X("g.multinomial(F[11], F[10], size=(100, 5, 4))",                                             \
      nd_multinomial(g, fx(11), fx(10), SZ(100, 5, 4), NULL))                                      \
    X("g.multinomial(F[25], F[24], size=10)", nd_multinomial(g, fx(25), fx(24), SZ(10), NULL))     \
    X("g.multinomial(F[26], F[10], size=(50, 4))", nd_multinomial(g, fx(26), fx(10), SZ(50, 4), NULL)) \
    X("g.multivariate_hypergeometric(F[12], 12, size=1000)",                                       \
      nd_multivariate_hypergeometric(g, fx(12), 12, SZ(1000), NULL, NULL))                         \
    X("g.multivariate_hypergeometric(F[12], 12, size=1000, method='count')",                       \
      nd_multivariate_hypergeometric(g, fx(12), 12, SZ(1000), "count", NULL))                      \
    X("g.multivariate_hypergeometric(F[12], 25, size=1000, method='count')",                       \
      nd_multivariate_hypergeometric(g, fx(12), 25, SZ(1000), "count", NULL))                      \
    X("g.multivariate_hypergeometric(F[13], 400, size=500)",                                       \
      nd_multivariate_hypergeometric(g, fx(13), 400, SZ(500), "marginals", NULL))                  \
    X("g.multivariate_hypergeometric(F[13], 700, size=500)",                                       \
      nd_multivariate_hypergeometric(g, fx(13), 700, SZ(500), NULL, NULL))                         \
    X("g.multivariate_hypergeometric(F[13], 400, size=200, method='count')",                       \
      nd_multivariate_hypergeometric(g, fx(13), 400, SZ(200), "count", NULL))                      \
    X("g.multivariate_hypergeometric(F[13], 5, size=(40, 50))",                                    \
      nd_multivariate_hypergeometric(g, fx(13), 5, SZ(40, 50), NULL, NULL))                        \
    X("g.dirichlet(F[14], 3000)", nd_dirichlet(g, fx(14), SZ(3000), NULL))                         \
    X("g.dirichlet(F[15], (100, 30))", nd_dirichlet(g, fx(15), SZ(100, 30), NULL))                 \
    X("g.dirichlet(F[14])", nd_dirichlet(g, fx(14), ND_SIZE_NONE, NULL, NULL))

static const char *const py_cases[] = {
#define PY(py, c) py,
    CASES(PY)
#undef PY
};
enum { NCASES = sizeof py_cases / sizeof py_cases[0] };

static nd_array *run_case(int i, nd_rng *g) {
    int k = 0;
#define RUN(py, c)                                                                                 \
    if (i == k++) return (c);
    CASES(RUN)
#undef RUN
    return NULL;
}

static const char *const py_gens[] = {
    "np.random.default_rng(0)",
    "np.random.default_rng(2**40 + 7)",
    "np.random.Generator(np.random.Philox(42))",
    "np.random.default_rng(np.random.SeedSequence(7).spawn(3)[2])",
};
enum { NGENS = sizeof py_gens / sizeof py_gens[0] };

static nd_rng *make_gen(int i) {
    nd_rng *t, *kids[3];
    switch (i) {
    case 0: return nd_rng_new(0);
    case 1: return nd_rng_new((UINT64_C(1) << 40) + 7);
    case 2: return nd_rng_new_philox(42);
    default:
        t = nd_rng_new(7);
        nd_rng_spawn(t, 3, kids);
        nd_rng_free(t), nd_rng_free(kids[0]), nd_rng_free(kids[1]);
        return kids[2];
    }
}

/* NumPy runs `body` (a function of g and F returning an array) for every
   generator and case and saves the results as dir/<gen>_<case>.npy. */
static void numpy_results(const char *dir, int ncases, const char *const *cases, const char *pre) {
    size_t cap = 1 << 16, len = 0;
    char *script = malloc(cap);
    len += (size_t)snprintf(script + len, cap - len, "import numpy as np\nF = [\n");
    for (int i = 0; i < NFIX; i++)
        len += (size_t)snprintf(script + len, cap - len, "  %s,\n", fixtures[i].py);
    len += (size_t)snprintf(script + len, cap - len, "]\n%sgens = [\n", pre);
    for (int i = 0; i < NGENS; i++)
        len += (size_t)snprintf(script + len, cap - len, "  lambda: %s,\n", py_gens[i]);
    len += (size_t)snprintf(script + len, cap - len, "]\ncases = [\n");
    for (int c = 0; c < ncases; c++) {
        while (len + strlen(cases[c]) + 64 > cap) script = realloc(script, cap *= 2);
        len += (size_t)snprintf(script + len, cap - len, "  lambda g: %s,\n", cases[c]);
    }
    while (len + 512 > cap) script = realloc(script, cap *= 2);
    snprintf(script + len, cap - len,
             "]\nfor i, mk in enumerate(gens):\n  for c, f in enumerate(cases):\n"
             "    np.save('%s/%%d_%%d.npy' %% (i, c), np.asarray(f(mk())))\nprint('ok')\n",
             dir);
    char *out = nd_test_python(script);
    free(script);
    ck_assert_ptr_nonnull(out);
    free(out);
}

static nd_array *load(const char *dir, int i, int c) {
    char path[128];
    snprintf(path, sizeof path, "%s/%d_%d.npy", dir, i, c);
    nd_array *want = nd_load_npy(path);
    ck_assert_msg(want != NULL, "%s: %s", path, nd_last_error_message());
    remove(path);
    return want;
}

START_TEST(vs_numpy) {
    char dir[] = "/tmp/nd_test_random_a_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    numpy_results(dir, NCASES, py_cases, "");
    for (int i = 0; i < NGENS; i++)
        for (int c = 0; c < NCASES; c++) {
            nd_array *want = load(dir, i, c);
            nd_rng *g = make_gen(i);
            nd_array *got = run_case(c, g);
            ck_assert_msg(got != NULL, "%s: %s: %s", py_gens[i], py_cases[c], nd_last_error_message());
            int nd = nd_ndim(got);
            bool same_shape = nd == nd_ndim(want);
            for (int d = 0; same_shape && d < nd; d++) same_shape = nd_shape(got)[d] == nd_shape(want)[d];
            ck_assert_msg(nd_get_dtype(got) == nd_get_dtype(want) && same_shape,
                          "%s: %s: dtype/shape %s %d-d, NumPy %s %d-d", py_gens[i], py_cases[c],
                          nd_dtype_name(nd_get_dtype(got)), nd, nd_dtype_name(nd_get_dtype(want)),
                          nd_ndim(want));
            nd_array *gc = nd_copy(got), *wc = nd_copy(want);
            size_t bytes = (size_t)nd_size(want) * nd_itemsize(want), first = 0;
            const char *a = nd_data(gc), *b = nd_data(wc);
            while (first < bytes && a[first] == b[first]) first++;
            ck_assert_msg(first == bytes, "%s: %s: differs from NumPy at element %zu", py_gens[i],
                          py_cases[c], first / nd_itemsize(want));
            /* the generator continues as NumPy's: the next draws agree */
            nd_release(gc), nd_release(wc), nd_release(want), nd_release(got);
            while (npool) nd_release(pool[--npool]);
            nd_rng_free(g);
        }
    rmdir(dir);
}
END_TEST

int main(void) {
    Suite *s = suite_create("random_array");
    TCase *tc = tcase_create("random_array");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, vs_numpy);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
