/* Random numbers with array parameters (nd_random_a, nd_integers_a) and the
   multivariate methods: NumPy 1.24's Generator streams bit for bit for
   several generators (NumPy writes .npy files at test time), moments, and
   NumPy's error messages. */
#include <math.h>
#include <unistd.h>

#include "nd_random_streams.h"

/* The fixtures: a NumPy expression and the same values built in C. */
typedef struct {
    const char *py;
    nd_dtype t;
    int ndim;
    int64_t shape[2];
    double v[24];
} fixture;

static const fixture fixtures[] = {
    /* 0 */ {"np.array([-2., -1.25, -0.5, 0., 0.75, 1.5, 3.])",
             ND_FLOAT64,
             1,
             {7},
             {-2, -1.25, -0.5, 0, 0.75, 1.5, 3}},
    /* 1 */ {"np.array([[0.5], [1.0], [2.5]])", ND_FLOAT64, 2, {3, 1}, {0.5, 1.0, 2.5}},
    /* 2 */ {"np.array([0.0, 0.1, 0.5, 0.9, 1.0])", ND_FLOAT64, 1, {5}, {0, 0.1, 0.5, 0.9, 1}},
    /* 3 */
    {"np.array([[0], [1], [7], [50], [1000], [100000]])",
     ND_INT64,
     2,
     {6, 1},
     {0, 1, 7, 50, 1000, 100000}},
    /* 4 */ {"np.array([0.0, 3.2, 15.0, 150.0])", ND_FLOAT64, 1, {4}, {0, 3.2, 15, 150}},
    /* 5 */ {"np.array([0.0, 0.5, 1.0, 3.7])", ND_FLOAT64, 1, {4}, {0, 0.5, 1, 3.7}},
    /* 6 */ {"np.array([0.5, 2.0])", ND_FLOAT64, 1, {2}, {0.5, 2}},
    /* 7 */ {"np.array([[0.7], [5.0], [1.0]])", ND_FLOAT64, 2, {3, 1}, {0.7, 5, 1}},
    /* 8 */ {"np.array([-5, 0, 10])", ND_INT64, 1, {3}, {-5, 0, 10}},
    /* 9 */ {"np.array([[11], [20], [40]])", ND_INT64, 2, {3, 1}, {11, 20, 40}},
    /* 10 */
    {"np.array([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0], [0.1, 0.1, 0.8], [0.5, 0.5, 0.0]])",
     ND_FLOAT64,
     2,
     {4, 3},
     {0.2, 0.3, 0.5, 0, 1, 0, 0.1, 0.1, 0.8, 0.5, 0.5, 0}},
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
    /* 29 */
    {"np.array([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 0.5]])",
     ND_FLOAT64,
     2,
     {3, 3},
     {2, 0.3, 0.1, 0.3, 1, -0.2, 0.1, -0.2, 0.5}},
    /* 30 */ {"np.eye(3)", ND_FLOAT64, 2, {3, 3}, {1, 0, 0, 0, 1, 0, 0, 0, 1}},
    /* 31 */ {"np.array([[4.0, 2.0], [2.0, 3.0]])", ND_FLOAT64, 2, {2, 2}, {4, 2, 2, 3}},
    /* 32 */ {"np.array([0.0, 10.0])", ND_FLOAT64, 1, {2}, {0, 10}},
    /* 33 */ {"np.array([0, 5, 0, 3])", ND_INT64, 1, {4}, {0, 5, 0, 3}},
    /* 34 */ {"np.array([1.5, 2.0, 3.5])", ND_FLOAT64, 1, {3}, {1.5, 2, 3.5}},
    /* 35 */ {"np.array([[4.0], [5.0]])", ND_FLOAT64, 2, {2, 1}, {4, 5}},
    /* 36 */ {"np.array([[50], [7], [900]])", ND_INT64, 2, {3, 1}, {50, 7, 900}},
    /* 37 */ {"np.array([60, 0, 40, 3])", ND_INT64, 1, {4}, {60, 0, 40, 3}},
    /* 38 */ {"np.array([5, 0, 7, 3])", ND_INT64, 1, {4}, {5, 0, 7, 3}},
    /* 39 */ {"np.array(30)", ND_INT64, 0, {0}, {30}},
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
#define P3(a, b, c) ((const nd_array *const[]){fx(a), fx(b), fx(c)})
#define SZ(...)                                                                                    \
    (int)(sizeof((int64_t[]){__VA_ARGS__}) / 8), (int64_t[]) { __VA_ARGS__ }

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
    X("g.binomial(F[3], F[2])",                                                                    \
      nd_random_a(g, ND_RV_BINOMIAL, 2, P2(3, 2), ND_SIZE_NONE, NULL, NULL))                       \
    X("g.poisson(F[4], size=(5000, 4))",                                                           \
      nd_random_a(g, ND_RV_POISSON, 1, P1(4), SZ(5000, 4), NULL))                                  \
    X("g.hypergeometric(F[36], F[37], F[38], size=(2000, 3, 4))",                                  \
      nd_random_a(g, ND_RV_HYPERGEOMETRIC, 3, P3(36, 37, 38), SZ(2000, 3, 4), NULL))               \
    X("g.hypergeometric(F[36], F[39], F[38])",                                                     \
      nd_random_a(g, ND_RV_HYPERGEOMETRIC, 3, P3(36, 39, 38), ND_SIZE_NONE, NULL, NULL))           \
    X("g.hypergeometric(F[26], F[37], F[39], size=(3000, 4))",                                     \
      nd_random_a(g, ND_RV_HYPERGEOMETRIC, 3, P3(26, 37, 39), SZ(3000, 4), NULL))                  \
    X("g.triangular(F[28], F[34], F[35], size=(1000, 2, 3))",                                      \
      nd_random_a(g, ND_RV_TRIANGULAR, 3, P3(28, 34, 35), SZ(1000, 2, 3), NULL))                   \
    X("g.chisquare(F[14], size=(2000, 3))",                                                        \
      nd_random_a(g, ND_RV_CHISQUARE, 1, P1(14), SZ(2000, 3), NULL))                               \
    X("g.f(F[6], F[7], size=(1000, 3, 2))",                                                        \
      nd_random_a(g, ND_RV_F, 2, P2(6, 7), SZ(1000, 3, 2), NULL))                                  \
    X("g.noncentral_chisquare(F[7], F[5], size=(500, 3, 4))",                                      \
      nd_random_a(g, ND_RV_NONCENTRAL_CHISQUARE, 2, P2(7, 5), SZ(500, 3, 4), NULL))                \
    X("g.noncentral_f(F[6], F[7], F[16], size=(500, 3, 2))",                                       \
      nd_random_a(g, ND_RV_NONCENTRAL_F, 3, P3(6, 7, 16), SZ(500, 3, 2), NULL))                    \
    X("g.standard_t(F[14], size=(2000, 3))",                                                       \
      nd_random_a(g, ND_RV_STANDARD_T, 1, P1(14), SZ(2000, 3), NULL))                              \
    X("g.vonmises(F[28], F[7], size=(1000, 3, 3))",                                                \
      nd_random_a(g, ND_RV_VONMISES, 2, P2(28, 7), SZ(1000, 3, 3), NULL))                          \
    X("g.pareto(F[14], size=(2000, 3))",                                                           \
      nd_random_a(g, ND_RV_PARETO, 1, P1(14), SZ(2000, 3), NULL))                                  \
    X("g.weibull(F[5], size=(2000, 4))",                                                           \
      nd_random_a(g, ND_RV_WEIBULL, 1, P1(5), SZ(2000, 4), NULL))                                  \
    X("g.power(F[14], size=(2000, 3))", nd_random_a(g, ND_RV_POWER, 1, P1(14), SZ(2000, 3), NULL)) \
    X("g.laplace(F[28], F[7], size=(1000, 3, 3))",                                                 \
      nd_random_a(g, ND_RV_LAPLACE, 2, P2(28, 7), SZ(1000, 3, 3), NULL))                           \
    X("g.gumbel(F[28], F[7], size=(1000, 3, 3))",                                                  \
      nd_random_a(g, ND_RV_GUMBEL, 2, P2(28, 7), SZ(1000, 3, 3), NULL))                            \
    X("g.logistic(F[28], F[7], size=(1000, 3, 3))",                                                \
      nd_random_a(g, ND_RV_LOGISTIC, 2, P2(28, 7), SZ(1000, 3, 3), NULL))                          \
    X("g.lognormal(F[28], F[7], size=(1000, 3, 3))",                                               \
      nd_random_a(g, ND_RV_LOGNORMAL, 2, P2(28, 7), SZ(1000, 3, 3), NULL))                         \
    X("g.rayleigh(F[14], size=(2000, 3))",                                                         \
      nd_random_a(g, ND_RV_RAYLEIGH, 1, P1(14), SZ(2000, 3), NULL))                                \
    X("g.wald(F[6], F[7], size=(1000, 3, 2))",                                                     \
      nd_random_a(g, ND_RV_WALD, 2, P2(6, 7), SZ(1000, 3, 2), NULL))                               \
    X("g.geometric(F[15], size=(2000, 3))",                                                        \
      nd_random_a(g, ND_RV_GEOMETRIC, 1, P1(15), SZ(2000, 3), NULL))                               \
    X("g.zipf(F[34], size=(2000, 3))", nd_random_a(g, ND_RV_ZIPF, 1, P1(34), SZ(2000, 3), NULL))   \
    X("g.logseries(F[15], size=(2000, 3))",                                                        \
      nd_random_a(g, ND_RV_LOGSERIES, 1, P1(15), SZ(2000, 3), NULL))                               \
    X("g.negative_binomial(F[14], F[15], size=(2000, 3))",                                         \
      nd_random_a(g, ND_RV_NEGATIVE_BINOMIAL, 2, P2(14, 15), SZ(2000, 3), NULL))                   \
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
    X("g.multinomial(F[26], F[10], size=(50, 4))",                                                 \
      nd_multinomial(g, fx(26), fx(10), SZ(50, 4), NULL))                                          \
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
    X("g.dirichlet(F[14])", nd_dirichlet(g, fx(14), ND_SIZE_NONE, NULL, NULL))                     \
    X("g.dirichlet(F[14], ())", nd_dirichlet(g, fx(14), 0, NULL, NULL))                            \
    X("g.multivariate_hypergeometric(F[12], 0, size=5)",                                           \
      nd_multivariate_hypergeometric(g, fx(12), 0, SZ(5), NULL, NULL))                             \
    X("g.multivariate_hypergeometric(F[33], 4, size=(30, 2), method='count')",                     \
      nd_multivariate_hypergeometric(g, fx(33), 4, SZ(30, 2), "count", NULL))                      \
    X("g.multivariate_hypergeometric(F[33], 4, size=(30, 2))",                                     \
      nd_multivariate_hypergeometric(g, fx(33), 4, SZ(30, 2), NULL, NULL))                         \
    X("g.multivariate_normal(F[28], F[30], size=(700, 3), method='cholesky')",                     \
      nd_multivariate_normal(g, fx(28), fx(30), SZ(700, 3), NULL, 1e-8, "cholesky", NULL))

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
    case 0:
        return nd_rng_new(0);
    case 1:
        return nd_rng_new((UINT64_C(1) << 40) + 7);
    case 2:
        return nd_rng_new_philox(42);
    default:
        t = nd_rng_new(7);
        nd_rng_spawn(t, 3, kids);
        nd_rng_free(t), nd_rng_free(kids[0]), nd_rng_free(kids[1]);
        return kids[2];
    }
}

/* The fixtures as the Python list F, before the generators. */
static char *prelude(void) {
    size_t cap = 1 << 12, len = 0;
    char *p = malloc(cap);
    ck_assert_ptr_nonnull(p);
    nd_stream_cat(&p, &len, &cap, "F = [\n");
    for (int i = 0; i < NFIX; i++) nd_stream_cat(&p, &len, &cap, "  %s,\n", fixtures[i].py);
    nd_stream_cat(&p, &len, &cap, "]");
    return p;
}

static void done_case(nd_array *got) { nd_stream_release(got, pool, &npool); }

static nd_stream_suite suite(const char *pre) {
    return (nd_stream_suite){pre, NGENS, py_gens, make_gen, NCASES, py_cases, run_case, done_case};
}

START_TEST(vs_numpy) {
    char *pre = prelude();
    const nd_stream_suite s = suite(pre);
    nd_stream_check(&s);
    free(pre);
}
END_TEST

/* multivariate_normal's factor is LAPACK's and the product BLAS's in both,
   but not necessarily the same build's: the values agree to rounding (the
   standard normals under them are bit for bit, see the identity case). */
static const char *const mvn_cases[] = {
    "g.multivariate_normal(F[28], F[29], size=2000)",
    "g.multivariate_normal(F[28], F[29], size=(50, 40), method='eigh')",
    "g.multivariate_normal(F[28], F[29], size=2000, method='cholesky')",
    "g.multivariate_normal(F[32], F[31], size=3000)",
};
enum { NMVN = sizeof mvn_cases / sizeof mvn_cases[0] };

static nd_array *run_mvn(int c, nd_rng *g) {
    switch (c) {
    case 0:
        return nd_multivariate_normal(g, fx(28), fx(29), SZ(2000), NULL, 1e-8, NULL, NULL);
    case 1:
        return nd_multivariate_normal(g, fx(28), fx(29), SZ(50, 40), "warn", 1e-8, "eigh", NULL);
    case 2:
        return nd_multivariate_normal(g, fx(28), fx(29), SZ(2000), "raise", 1e-8, "cholesky", NULL);
    default:
        return nd_multivariate_normal(g, fx(32), fx(31), SZ(3000), "ignore", 1e-8, "svd", NULL);
    }
}

START_TEST(mvn_vs_numpy) {
    char dir[] = "/tmp/nd_test_random_mvn_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *pre = prelude();
    const nd_stream_suite s = suite(pre);
    nd_stream_numpy(&s, dir, NMVN, mvn_cases);
    free(pre);
    for (int i = 0; i < NGENS; i++)
        for (int c = 0; c < NMVN; c++) {
            nd_array *want = nd_stream_load(dir, i, c);
            nd_rng *g = make_gen(i);
            nd_array *got = run_mvn(c, g);
            ck_assert_msg(got != NULL, "%s: %s", mvn_cases[c], nd_last_error_message());
            ck_assert_int_eq(nd_size(got), nd_size(want));
            const double *a = nd_data(got), *b = nd_data(want);
            double worst = 0;
            for (int64_t k = 0; k < nd_size(got); k++) {
                double e = fabs(a[k] - b[k]) / (fabs(b[k]) + 1);
                worst = e > worst ? e : worst;
            }
            ck_assert_msg(worst < 1e-13, "%s: %s: relative difference %g", py_gens[i], mvn_cases[c],
                          worst);
            nd_release(want), nd_release(got);
            while (npool) nd_release(pool[--npool]);
            nd_rng_free(g);
        }
    rmdir(dir);
}
END_TEST

/* Arrays for the error cases (freed with the pool). */
#define NARG(...) ((int64_t)(sizeof((double[]){__VA_ARGS__}) / sizeof(double)))
#define AD(...)                                                                                    \
    keep(nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){NARG(__VA_ARGS__)}, (double[]){__VA_ARGS__}))
#define AI(...)                                                                                    \
    keep(nd_from_buffer(ND_INT64, 1, (int64_t[]){NARG(__VA_ARGS__)}, (int64_t[]){__VA_ARGS__}))
#define SD(v) keep(nd_scalar(ND_FLOAT64, &(double){v}))
#define SI(v) keep(nd_scalar(ND_INT64, &(int64_t){v}))
#define A2(a, b) ((const nd_array *const[]){a, b})
#define A1(a) ((const nd_array *const[]){a})
static nd_array *keep(nd_array *a) { return pool[npool++] = a; }
static nd_array *mat(int r, int c, const double *v) {
    return keep(nd_from_buffer(ND_FLOAT64, 2, (int64_t[]){r, c}, v));
}

/* NumPy 1.24's messages (each checked against it), after "func: ". */
START_TEST(errors) {
    nd_rng *g = nd_rng_new(1);
#define EXPECT(call, msg)                                                                          \
    do {                                                                                           \
        nd_clear_error();                                                                          \
        nd_array *r_ = (call);                                                                     \
        ck_assert_msg(r_ == NULL, "%s: no error", #call);                                          \
        const char *m_ = strchr(nd_last_error_message(), ':');                                     \
        ck_assert_msg(m_ && !strcmp(m_ + 2, msg), "%s: got \"%s\", want \"%s\"", #call,            \
                      nd_last_error_message(), msg);                                               \
        while (npool) nd_release(pool[--npool]);                                                   \
    } while (0)
    const int64_t three[1] = {3}, two[1] = {2}, two21[3] = {2, 2, 1};
    /* triangular's three whole-array checks, NumPy's order and words */
#define A3(a, b, c) ((const nd_array *const[]){a, b, c})
    EXPECT(nd_random_a(g, ND_RV_TRIANGULAR, 3, A3(AD(2, 0), AD(1, 1), AD(3, 3)), ND_SIZE_NONE, NULL,
                       NULL),
           "left > mode");
    EXPECT(nd_random_a(g, ND_RV_TRIANGULAR, 3, A3(AD(0, 0), AD(4, 1), AD(3, 3)), ND_SIZE_NONE, NULL,
                       NULL),
           "mode > right");
    EXPECT(nd_random_a(g, ND_RV_TRIANGULAR, 3, A3(AD(0, 1), AD(0, 1), AD(0, 1)), ND_SIZE_NONE, NULL,
                       NULL),
           "left == right");
    EXPECT(nd_random_a(g, ND_RV_NORMAL, 2, A2(AD(0, 1), AD(1, -1)), ND_SIZE_NONE, NULL, NULL),
           "scale < 0");
    EXPECT(nd_random_a(g, ND_RV_NORMAL, 2, A2(AD(0, 1), AD(1, 2, 3)), ND_SIZE_NONE, NULL, NULL),
           "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between "
           "arg 0 with shape (2,) and arg 1 with shape (3,).");
    EXPECT(nd_random_a(g, ND_RV_NORMAL, 2, A2(AD(0, 1), SD(1)), 1, three, NULL),
           "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between "
           "arg 0 with shape (3,) and arg 1 with shape (2,).");
    EXPECT(
        nd_random_a(g, ND_RV_NORMAL, 2, A2(AD(0, 1), SD(1)), 3, two21, NULL),
        "Output size (2, 2, 1) is not compatible with broadcast dimensions of inputs (2, 2, 2).");
    EXPECT(nd_random_a(g, ND_RV_NORMAL, 2, A2(AD(0, 1), SD(1)), 0, NULL, NULL),
           "Output size () is not compatible with broadcast dimensions of inputs (2,).");
    EXPECT(
        nd_random_a(g, ND_RV_UNIFORM, 2, A2(AD(0, 1), AD(INFINITY, 2)), ND_SIZE_NONE, NULL, NULL),
        "Range exceeds valid bounds");
    EXPECT(nd_random_a(g, ND_RV_UNIFORM, 2, A2(AD(0, 1), AD(-1, 2)), ND_SIZE_NONE, NULL, NULL),
           "high - low < 0");
    EXPECT(nd_random_a(g, ND_RV_UNIFORM, 2, A2(SD(0), SD(-1)), ND_SIZE_NONE, NULL, NULL),
           "high - low < 0");
    EXPECT(nd_random_a(g, ND_RV_UNIFORM, 2, A2(SD(-1e308), SD(1e308)), ND_SIZE_NONE, NULL, NULL),
           "high - low range exceeds valid bounds");
    EXPECT(nd_random_a(g, ND_RV_BINOMIAL, 2, A2(AI(1, -1), AD(0.5)), ND_SIZE_NONE, NULL, NULL),
           "n < 0");
    EXPECT(nd_random_a(g, ND_RV_BINOMIAL, 2, A2(AI(1, -1), AD(1.5)), ND_SIZE_NONE, NULL, NULL),
           "p < 0, p > 1 or p contains NaNs");
    EXPECT(nd_random_a(g, ND_RV_BINOMIAL, 2, A2(SI(1), SD(NAN)), ND_SIZE_NONE, NULL, NULL),
           "p < 0, p > 1 or p is NaN");
    EXPECT(nd_random_a(g, ND_RV_POISSON, 1, A1(AD(-1)), ND_SIZE_NONE, NULL, NULL),
           "lam < 0 or lam contains NaNs");
    /* integer parameters: NumPy's safe casts only */
    EXPECT(
        nd_random_a(g, ND_RV_HYPERGEOMETRIC, 3, A3(AD(5), SI(3), SI(2)), ND_SIZE_NONE, NULL, NULL),
        "Cannot cast array data from dtype('float64') to dtype('int64') according to the rule "
        "'safe'");
    EXPECT(nd_random_a(g, ND_RV_BINOMIAL, 2, A2(SD(5), SD(0.5)), ND_SIZE_NONE, NULL, NULL),
           "Cannot cast scalar from dtype('float64') to dtype('int64') according to the rule "
           "'safe'");
    /* hypergeometric: the bound, then the sample, then the signs (NumPy's order) */
    EXPECT(nd_random_a(g, ND_RV_HYPERGEOMETRIC, 3, A3(AI(1, 1000000000), SI(-1), SI(5)),
                       ND_SIZE_NONE, NULL, NULL),
           "both ngood and nbad must be less than 1000000000");
    EXPECT(nd_random_a(g, ND_RV_HYPERGEOMETRIC, 3, A3(AI(3, -1), AI(2, 2), AI(5, 6)), ND_SIZE_NONE,
                       NULL, NULL),
           "ngood + nbad < nsample");
    EXPECT(nd_random_a(g, ND_RV_HYPERGEOMETRIC, 3, A3(AI(-1, 3), AI(-1, 2), SI(-5)), ND_SIZE_NONE,
                       NULL, NULL),
           "ngood < 0");
    EXPECT(nd_random_a(g, ND_RV_HYPERGEOMETRIC, 3, A3(AI(5), AI(1, -1), SI(3)), ND_SIZE_NONE, NULL,
                       NULL),
           "nbad < 0");
    EXPECT(
        nd_random_a(g, ND_RV_HYPERGEOMETRIC, 3, A3(SI(5), AI(5), AI(-1)), ND_SIZE_NONE, NULL, NULL),
        "nsample < 0");
    EXPECT(nd_random_a(g, ND_RV_NEGATIVE_BINOMIAL, 2, A2(AD(1, 1e20), SD(0.5)), ND_SIZE_NONE, NULL,
                       NULL),
           "n too large or p too small, see Generator.negative_binomial Notes");
    EXPECT(nd_random_a(g, ND_RV_POISSON, 1, A1(SD(-1)), ND_SIZE_NONE, NULL, NULL),
           "lam < 0 or lam is NaN");
    EXPECT(nd_random_a(g, ND_RV_POISSON, 1, A1(AD(NAN)), ND_SIZE_NONE, NULL, NULL),
           "lam value too large");
    EXPECT(nd_random_a(g, ND_RV_BETA, 2, A2(AD(0, 1), SD(1)), ND_SIZE_NONE, NULL, NULL), "a <= 0");
    EXPECT(nd_random_a(g, ND_RV_GAMMA, 2, A2(AD(1), AD(-0.0)), ND_SIZE_NONE, NULL, NULL),
           "scale < 0");
    EXPECT(nd_random_a(g, ND_RV_EXPONENTIAL, 1, A1(AD(-2)), ND_SIZE_NONE, NULL, NULL), "scale < 0");
    EXPECT(nd_random_a(g, ND_RV_NORMAL, 1, A1(AD(0)), ND_SIZE_NONE, NULL, NULL),
           "normal takes 2 parameters, not 1");
    EXPECT(nd_random_a(g, ND_RV_INTEGERS, 2, A2(AI(0, 0), AI(0, 1)), ND_SIZE_NONE, NULL, NULL),
           "high <= 0");
    EXPECT(nd_integers_a(g, AI(0, 3), AI(3, 3), false, ND_INT64, ND_SIZE_NONE, NULL, NULL),
           "low >= high");
    EXPECT(nd_integers_a(g, AI(0, 3), AI(3, 2), true, ND_INT64, ND_SIZE_NONE, NULL, NULL),
           "low > high");
    EXPECT(nd_integers_a(g, AI(0, 0), AI(-1, 1), true, ND_INT64, ND_SIZE_NONE, NULL, NULL),
           "high < 0");
    EXPECT(nd_integers_a(g, AI(-1, 3), AI(3, 5), false, ND_UINT8, ND_SIZE_NONE, NULL, NULL),
           "low is out of bounds for uint8");
    EXPECT(nd_integers_a(g, AI(1, 3), AI(3, 257), false, ND_UINT8, ND_SIZE_NONE, NULL, NULL),
           "high is out of bounds for uint8");
    EXPECT(nd_integers_a(g, AI(1, 3), AI(3, 256), true, ND_UINT8, ND_SIZE_NONE, NULL, NULL),
           "high is out of bounds for uint8");
    EXPECT(nd_multinomial(g, AI(1, -1), AD(0.5, 0.5), ND_SIZE_NONE, NULL, NULL), "n < 0");
    EXPECT(nd_multinomial(g, SI(-1), AD(0.5, 0.5), ND_SIZE_NONE, NULL, NULL), "n < 0");
    EXPECT(nd_multinomial(g, SI(5), AD(0.7, 0.7, 0), ND_SIZE_NONE, NULL, NULL),
           "sum(pvals[:-1]) > 1.0");
    EXPECT(nd_multinomial(g, SI(5), mat(1, 3, (double[]){0.7, 0.7, 0}), ND_SIZE_NONE, NULL, NULL),
           "sum(pvals[...,:-1]) > 1.0");
    EXPECT(nd_multinomial(g, SI(5), AD(1.5, 0.5), ND_SIZE_NONE, NULL, NULL),
           "pvals < 0, pvals > 1 or pvals contains NaNs");
    EXPECT(nd_multinomial(g, SI(5), keep(nd_empty(ND_FLOAT64, 1, (int64_t[]){0})), ND_SIZE_NONE,
                          NULL, NULL),
           "pvals must have at least 1 dimension and the last dimension of pvals must be greater "
           "than 0.");
    EXPECT(nd_multinomial(g, AI(5, 6, 7), mat(2, 2, (double[]){0.5, 0.5, 0.2, 0.8}), ND_SIZE_NONE,
                          NULL, NULL),
           "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between "
           "arg 0 with shape (3,) and arg 1 with shape (2,).");
    EXPECT(nd_multinomial(g, AI(5, 6), AD(0.5, 0.5), 1, three, NULL),
           "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between "
           "arg 0 with shape (2,) and arg 2 with shape (3,).");
    const char *bad_colors = "colors must be a one-dimensional sequence of nonnegative integers "
                             "not exceeding 9223372036854775807.";
    EXPECT(nd_multivariate_hypergeometric(g, AI(3, 4), 8, ND_SIZE_NONE, NULL, NULL, NULL),
           "nsample > sum(colors)");
    EXPECT(nd_multivariate_hypergeometric(g, AI(3, 4), -1, ND_SIZE_NONE, NULL, NULL, NULL),
           "nsample must be nonnegative.");
    EXPECT(nd_multivariate_hypergeometric(g, AI(3, -4), 1, ND_SIZE_NONE, NULL, NULL, NULL),
           bad_colors);
    EXPECT(nd_multivariate_hypergeometric(g, AD(3, 4), 1, ND_SIZE_NONE, NULL, NULL, NULL),
           bad_colors);
    EXPECT(nd_multivariate_hypergeometric(g, AI(3, 4), 1, ND_SIZE_NONE, NULL, "x", NULL),
           "method must be \"count\" or \"marginals\".");
    EXPECT(nd_multivariate_hypergeometric(g, AI(1000000000, 1), 1, ND_SIZE_NONE, NULL, NULL, NULL),
           "When method is \"marginals\", sum(colors) must be less than 1000000000.");
    EXPECT(nd_multivariate_hypergeometric(g, AI(INT64_C(1) << 62, INT64_C(1) << 62), 1,
                                          ND_SIZE_NONE, NULL, "count", NULL),
           "sum(colors) must not exceed the maximum value of a 64 bit signed integer "
           "(9223372036854775807)");
    EXPECT(nd_dirichlet(g, AD(1, 0), ND_SIZE_NONE, NULL, NULL), "alpha <= 0");
    double bad_cov[4] = {1, 2, 2, 1}, eye[4] = {1, 0, 0, 1}, eye3[6] = {1, 0, 0, 0, 1, 0};
    EXPECT(nd_multivariate_normal(g, AD(0, 0), mat(2, 2, bad_cov), ND_SIZE_NONE, NULL, "raise",
                                  1e-8, NULL, NULL),
           "covariance is not symmetric positive-semidefinite.");
    EXPECT(nd_multivariate_normal(g, AD(0, 0), mat(2, 2, bad_cov), ND_SIZE_NONE, NULL, "raise",
                                  1e-8, "eigh", NULL),
           "covariance is not symmetric positive-semidefinite.");
    EXPECT(nd_multivariate_normal(g, AD(0, 0), mat(2, 2, bad_cov), ND_SIZE_NONE, NULL, NULL, 1e-8,
                                  "cholesky", NULL),
           "Matrix is not positive definite");
    EXPECT(nd_multivariate_normal(g, AD(0, 0), mat(2, 2, eye), ND_SIZE_NONE, NULL, NULL, 1e-8, "x",
                                  NULL),
           "method must be one of {'eigh', 'svd', 'cholesky'}");
    EXPECT(nd_multivariate_normal(g, AD(0, 0), mat(2, 2, eye), ND_SIZE_NONE, NULL, "x", 1e-8, NULL,
                                  NULL),
           "check_valid must equal 'warn', 'raise', or 'ignore'");
    EXPECT(nd_multivariate_normal(g, mat(1, 2, eye), mat(2, 2, eye), ND_SIZE_NONE, NULL, NULL, 1e-8,
                                  NULL, NULL),
           "mean must be 1 dimensional");
    EXPECT(nd_multivariate_normal(g, AD(0, 0), mat(2, 3, eye3), ND_SIZE_NONE, NULL, NULL, 1e-8,
                                  NULL, NULL),
           "cov must be 2 dimensional and square");
    EXPECT(nd_multivariate_normal(g, AD(0, 0, 0), mat(2, 2, eye), ND_SIZE_NONE, NULL, NULL, 1e-8,
                                  NULL, NULL),
           "mean and cov must have same length");
    /* a bad cov under 'warn' draws (NumPy warns, nd has no warnings) */
    nd_array *w =
        nd_multivariate_normal(g, AD(0, 0), mat(2, 2, bad_cov), 1, two, NULL, 1e-8, NULL, NULL);
    ck_assert_ptr_nonnull(w);
    nd_release(w);
    while (npool) nd_release(pool[--npool]);
    /* out: its shape is the size; a wrong dtype or shape is an error */
    nd_array *o = nd_empty(ND_FLOAT64, 2, (int64_t[]){4, 7}),
             *o2 = nd_empty(ND_FLOAT64, 2, (int64_t[]){7, 4});
    nd_array *ot = nd_transpose(o2, NULL); /* (4, 7), strided: drawn in C order through a buffer */
    nd_rng *h1 = nd_rng_new(8), *h2 = nd_rng_new(8);
    ck_assert_ptr_eq(nd_random_a(h1, ND_RV_NORMAL, 2, P2(0, 16), 0, NULL, o), o);
    ck_assert_ptr_eq(nd_random_a(h2, ND_RV_NORMAL, 2, P2(0, 16), 0, NULL, ot), ot);
    nd_array *oc = nd_copy(ot);
    ck_assert(!memcmp(nd_data(oc), nd_data(o), 28 * sizeof(double)));
    nd_release(oc), nd_rng_free(h1), nd_rng_free(h2);
    ck_assert_ptr_null(nd_random_a(g, ND_RV_NORMAL, 2, P2(0, 16), 0, NULL, o2));
    ck_assert_nd_error(ND_ERR_SHAPE);
    nd_array *oi = nd_empty(ND_INT32, 1, (int64_t[]){7});
    ck_assert_ptr_null(nd_random_a(g, ND_RV_NORMAL, 2, P2(0, 16), 0, NULL, oi));
    ck_assert_nd_error(ND_ERR_DTYPE);
    ck_assert_ptr_null(nd_multinomial(g, fx(23), fx(24), 1, three, o));
    ck_assert_nd_error(ND_ERR_DTYPE);
    nd_clear_error();
    nd_release(o), nd_release(ot), nd_release(o2), nd_release(oi);
    while (npool) nd_release(pool[--npool]);
    /* the multivariate functions fill out (contiguous or strided) with the
       values they return, and a failure after the draws leaves out alone */
    nd_array *mo = nd_empty(ND_INT64, 2, (int64_t[]){6, 3}),
             *mt = nd_empty(ND_INT64, 2, (int64_t[]){3, 6});
    nd_array *mtt = nd_transpose(mt, NULL);
    h1 = nd_rng_new(9), h2 = nd_rng_new(9);
    nd_rng *h3 = nd_rng_new(9);
    nd_array *mn = nd_multinomial(h3, fx(23), fx(24), SZ(6), NULL);
    ck_assert_ptr_eq(nd_multinomial(h1, fx(23), fx(24), SZ(6), mo), mo);
    ck_assert_ptr_eq(nd_multinomial(h2, fx(23), fx(24), SZ(6), mtt), mtt);
    nd_array *mc = nd_copy(mtt);
    ck_assert(!memcmp(nd_data(mo), nd_data(mn), 18 * 8) &&
              !memcmp(nd_data(mc), nd_data(mn), 18 * 8));
    nd_array *fo = nd_empty(ND_FLOAT64, 2, (int64_t[]){2, 2});
    ck_assert_ptr_null(
        nd_multivariate_normal(g, AD(0, 0), mat(2, 2, bad_cov), SZ(2), NULL, 1e-8, "cholesky", fo));
    ck_assert_int_eq(nd_ndim(fo), 2); /* still ours */
    nd_release(mo), nd_release(mt), nd_release(mtt), nd_release(mn), nd_release(mc), nd_release(fo);
    nd_rng_free(h1), nd_rng_free(h2), nd_rng_free(h3);
    while (npool) nd_release(pool[--npool]);
    nd_clear_error();
    /* allocation failures leak nothing */
    long live = nd_debug_live_allocs();
    for (long k = 1; k < 40; k++) {
        nd_debug_fail_alloc(k);
        nd_array *r[5] = {nd_random_a(g, ND_RV_BINOMIAL, 2, P2(3, 2), SZ(5, 6, 5), NULL),
                          nd_multinomial(g, fx(11), fx(10), ND_SIZE_NONE, NULL, NULL),
                          nd_multivariate_hypergeometric(g, fx(12), 12, SZ(4), "count", NULL),
                          nd_dirichlet(g, fx(15), SZ(3), NULL),
                          nd_multivariate_normal(g, fx(28), fx(29), SZ(3), NULL, 1e-8, NULL, NULL)};
        nd_debug_fail_alloc(0);
        for (int j = 0; j < 5; j++) nd_release(r[j]);
        while (npool) nd_release(pool[--npool]);
        nd_clear_error();
        ck_assert_int_eq(nd_debug_live_allocs(), live);
    }
    nd_rng_free(g);
}
END_TEST

/* Moments of the multivariate draws against the distributions' own
   (|z| < 6 for each component's mean). */
static void mean_z(const char *what, nd_array *a, const double *mean, const double *var, int k) {
    ck_assert_msg(a != NULL, "%s: %s", what, nd_last_error_message());
    nd_array *d = nd_astype(a, ND_FLOAT64);
    const double *x = nd_data(d);
    int64_t n = nd_size(d) / k;
    for (int j = 0; j < k; j++) {
        double m = 0;
        for (int64_t i = 0; i < n; i++) m += x[i * k + j];
        m /= (double)n;
        double z = var[j] > 0 ? (m - mean[j]) / sqrt(var[j] / (double)n) : (m - mean[j]) * 1e300;
        ck_assert_msg(fabs(z) < 6, "%s[%d]: mean %g, want %g (z %.1f)", what, j, m, mean[j], z);
    }
    nd_release(d), nd_release(a);
}

START_TEST(statistics) {
    nd_rng *g = nd_rng_new_philox(5);
    int64_t n = 100000;
    /* multinomial(30, p): mean 30 p, var 30 p (1 - p) */
    double p[3] = {0.2, 0.3, 0.5}, mm[3], mv[3];
    for (int j = 0; j < 3; j++) mm[j] = 30 * p[j], mv[j] = 30 * p[j] * (1 - p[j]);
    mean_z("multinomial", nd_multinomial(g, SI(30), AD(0.2, 0.3, 0.5), 1, &n, NULL), mm, mv, 3);
    /* multivariate_hypergeometric(c, s): mean s c/N, var s c/N (1 - c/N) (N - s)/(N - 1) */
    double col[3] = {30, 50, 20}, hm[3], hv[3];
    for (int j = 0; j < 3; j++)
        hm[j] = 40 * col[j] / 100, hv[j] = 40 * col[j] / 100 * (1 - col[j] / 100) * 60 / 99;
    for (int c = 0; c < 2; c++)
        mean_z(
            c ? "mvhg count" : "mvhg marginals",
            nd_multivariate_hypergeometric(g, AI(30, 50, 20), 40, 1, &n, c ? "count" : NULL, NULL),
            hm, hv, 3);
    /* dirichlet(a): mean a_j / A, var a_j (A - a_j) / (A^2 (A + 1)) */
    double al[2][3] = {{0.5, 1, 2.5}, {0.05, 0.02, 0.08}};
    for (int c = 0; c < 2; c++) {
        double A = al[c][0] + al[c][1] + al[c][2], dm[3], dv[3];
        for (int j = 0; j < 3; j++)
            dm[j] = al[c][j] / A, dv[j] = al[c][j] * (A - al[c][j]) / (A * A * (A + 1));
        mean_z("dirichlet", nd_dirichlet(g, AD(al[c][0], al[c][1], al[c][2]), 1, &n, NULL), dm, dv,
               3);
    }
    /* multivariate_normal: mean and the diagonal of cov, every method */
    const char *ms[3] = {"svd", "eigh", "cholesky"};
    for (int c = 0; c < 3; c++) {
        double mu[3] = {1, -2, 0.5}, var[3] = {2, 1, 0.5};
        mean_z(ms[c], nd_multivariate_normal(g, fx(28), fx(29), 1, &n, "raise", 1e-8, ms[c], NULL),
               mu, var, 3);
    }
    while (npool) nd_release(pool[--npool]);
    nd_rng_free(g);
}
END_TEST

int main(void) {
    Suite *s = suite_create("random_array");
    TCase *tc = tcase_create("random_array");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, vs_numpy);
    tcase_add_test(tc, mvn_vs_numpy);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, statistics);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
