/* Random numbers: the first 10^5 values of every distribution, for several
   seeds and both bit generators, equal NumPy's Generator bit for bit
   (NumPy writes .npy files at test time, nd_load_npy reads them); moments
   for each distribution; errors. */
#include <math.h>
#include <unistd.h>

#include "nd_random_streams.h"

enum { N = 100000 };
static const int64_t NS[1] = {N};

/* One case: the NumPy expression on generator `g` and the nd call on `g`. */
#define CASES(X)                                                                                   \
    X("g.random(N)", nd_random(g, 1, NS, NULL))                                                    \
    X("g.random(N, dtype=np.float32)", nd_random(g, 1, NS, f32()))                                 \
    X("g.integers(-100, 100, N, dtype=np.int8)",                                                   \
      nd_integers(g, -100, 100, false, ND_INT8, 1, NS, NULL))                                      \
    X("g.integers(0, 256, N, dtype=np.uint8)",                                                     \
      nd_integers(g, 0, 256, false, ND_UINT8, 1, NS, NULL))                                        \
    X("g.integers(0, 255, N, dtype=np.uint8, endpoint=True)",                                      \
      nd_integers(g, 0, 255, true, ND_UINT8, 1, NS, NULL))                                         \
    X("g.integers(-30000, 30001, N, dtype=np.int16)",                                              \
      nd_integers(g, -30000, 30001, false, ND_INT16, 1, NS, NULL))                                 \
    X("g.integers(0, 65536, N, dtype=np.uint16)",                                                  \
      nd_integers(g, 0, 65536, false, ND_UINT16, 1, NS, NULL))                                     \
    X("g.integers(-7, 1000003, N, dtype=np.int32)",                                                \
      nd_integers(g, -7, 1000003, false, ND_INT32, 1, NS, NULL))                                   \
    X("g.integers(0, 2**32, N, dtype=np.uint32)",                                                  \
      nd_integers(g, 0, INT64_C(4294967296), false, ND_UINT32, 1, NS, NULL))                       \
    X("g.integers(-2**40, 2**50, N)",                                                              \
      nd_integers(g, -(INT64_C(1) << 40), INT64_C(1) << 50, false, ND_INT64, 1, NS, NULL))         \
    X("g.integers(0, 10, N)", nd_integers(g, 0, 10, false, ND_INT64, 1, NS, NULL))                 \
    X("g.integers(-2**63, 2**63 - 1, N, endpoint=True)",                                           \
      nd_integers(g, INT64_MIN, INT64_MAX, true, ND_INT64, 1, NS, NULL))                           \
    X("g.integers(5, 2**62, N, dtype=np.uint64)",                                                  \
      nd_integers(g, 5, INT64_C(1) << 62, false, ND_UINT64, 1, NS, NULL))                          \
    X("g.integers(0, 2, N, dtype=bool)", nd_integers(g, 0, 2, false, ND_BOOL, 1, NS, NULL))        \
    X("g.uniform(-3, 5, N)", nd_uniform(g, -3, 5, 1, NS, NULL))                                    \
    X("g.standard_normal(N)", nd_standard_normal(g, 1, NS, NULL))                                  \
    X("g.normal(2, 3, N)", nd_normal(g, 2, 3, 1, NS, NULL))                                        \
    X("g.standard_exponential(N)", nd_standard_exponential(g, 1, NS, NULL))                        \
    X("g.exponential(2.5, N)", nd_exponential(g, 2.5, 1, NS, NULL))                                \
    X("g.gamma(0.5, 1.0, N)", nd_gamma(g, 0.5, 1.0, 1, NS, NULL))                                  \
    X("g.gamma(3.7, 2.0, N)", nd_gamma(g, 3.7, 2.0, 1, NS, NULL))                                  \
    X("g.gamma(1.0, 1.0, N)", nd_gamma(g, 1.0, 1.0, 1, NS, NULL))                                  \
    X("g.beta(0.5, 0.7, N)", nd_beta(g, 0.5, 0.7, 1, NS, NULL))                                    \
    X("g.beta(2.0, 5.0, N)", nd_beta(g, 2.0, 5.0, 1, NS, NULL))                                    \
    X("g.binomial(10, 0.3, N)", nd_binomial(g, 10, 0.3, 1, NS, NULL))                              \
    X("g.binomial(1000, 0.4, N)", nd_binomial(g, 1000, 0.4, 1, NS, NULL))                          \
    X("g.binomial(100, 0.9, N)", nd_binomial(g, 100, 0.9, 1, NS, NULL))                            \
    X("g.binomial(5, 0.999, N)", nd_binomial(g, 5, 0.999, 1, NS, NULL))                            \
    X("g.poisson(3.2, N)", nd_poisson(g, 3.2, 1, NS, NULL))                                        \
    X("g.poisson(150.0, N)", nd_poisson(g, 150.0, 1, NS, NULL))                                    \
    X("g.choice(1000, N)", nd_choice(g, NULL, 1000, 1, NS, true, NULL))                            \
    X("g.choice(100000, 2000, replace=False)",                                                     \
      nd_choice(g, NULL, 100000, 1, (int64_t[]){2000}, false, NULL))                               \
    X("g.choice(20000, 1000, replace=False)",                                                      \
      nd_choice(g, NULL, 20000, 1, (int64_t[]){1000}, false, NULL))                                \
    X("g.choice(W.size, N, p=W)", nd_choice(g, NULL, 50, 1, NS, true, weights()))                  \
    X("g.choice(W.size, 30, replace=False, p=W)",                                                  \
      nd_choice(g, NULL, 50, 1, (int64_t[]){30}, false, weights()))                                \
    X("g.choice(A, (20, 30))", nd_choice(g, arange_f(), 0, 2, (int64_t[]){20, 30}, true, NULL))    \
    X("g.permutation(N)", nd_permutation(g, N))                                                    \
    X("(lambda x: (g.shuffle(x), x)[1])(np.arange(1000.0))", shuffled(g, arange_f(), 0))           \
    X("(lambda x: (g.shuffle(x, axis=1), x)[1])(np.arange(60).reshape(3, 20))",                    \
      shuffled(g, grid(), 1))                                                                      \
    X("g.permutation(np.arange(60).reshape(3, 20), axis=1)", nd_permuted_copy(g, grid(), 1))       \
    X("(g.random(3), g.integers(0, 10**6, N, dtype=np.int32))[1]",                                 \
      (nd_release(nd_random(g, 1, (int64_t[]){3}, NULL)),                                          \
       nd_integers(g, 0, 1000000, false, ND_INT32, 1, NS, NULL)))                                  \
    X("(g.integers(0, 10, 3, dtype=np.int16), g.random(N, dtype=np.float32))[1]",                  \
      (nd_release(nd_integers(g, 0, 10, false, ND_INT16, 1, (int64_t[]){3}, NULL)),                \
       nd_random(g, 1, NS, f32())))

static nd_array *pool[8];
static int npool;
static nd_array *keep(nd_array *a) { return pool[npool++] = a; }
static nd_array *f32(void) { return keep(nd_empty(ND_FLOAT32, 1, NS)); }
static nd_array *weights(void) {
    double w[50], s = 0;
    for (int i = 0; i < 50; i++) s += w[i] = (double)((i * 37) % 11 + (i % 7 == 0 ? 0 : 1));
    for (int i = 0; i < 50; i++) w[i] /= s;
    return keep(nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){50}, w));
}
static nd_array *arange_f(void) { return keep(nd_arange(0, 1000, 1, ND_FLOAT64)); }
static nd_array *grid(void) {
    nd_array *a = nd_arange(0, 60, 1, ND_INT64), *r = nd_reshape(a, 2, (int64_t[]){3, 20});
    nd_release(a);
    return keep(r);
}
/* A shuffled copy of x (x stays in the pool). */
static nd_array *shuffled(nd_rng *g, nd_array *x, int axis) {
    nd_array *c = nd_copy(x);
    if (nd_shuffle(g, c, axis)) nd_release(c), c = NULL;
    return c;
}

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

/* The generators: NumPy's expression and nd's constructor. */
static const char *const py_gens[] = {
    "np.random.default_rng(0)",
    "np.random.default_rng(42)",
    "np.random.default_rng(2**40 + 7)",
    "np.random.Generator(np.random.Philox(42))",
    "np.random.Generator(np.random.Philox(2**33 + 1))",
    "np.random.default_rng(np.random.SeedSequence(7).spawn(3)[2])",
    "np.random.Generator(np.random.default_rng(5).bit_generator.jumped(3))",
    "np.random.Generator(np.random.Philox(5).jumped(2))",
    "np.random.Generator(np.random.PCG64(9).advance(123457))",
    "np.random.Generator(np.random.Philox(11).advance(2**40 + 3))",
};
enum { NGENS = sizeof py_gens / sizeof py_gens[0] };

static nd_rng *make_gen(int i) {
    nd_rng *g = NULL, *t = NULL, *kids[3];
    switch (i) {
    case 0:
        return nd_rng_new(0);
    case 1:
        return nd_rng_new(42);
    case 2:
        return nd_rng_new((UINT64_C(1) << 40) + 7);
    case 3:
        return nd_rng_new_philox(42);
    case 4:
        return nd_rng_new_philox((UINT64_C(1) << 33) + 1);
    case 5:
        t = nd_rng_new(7);
        nd_rng_spawn(t, 3, kids);
        nd_rng_free(t), nd_rng_free(kids[0]), nd_rng_free(kids[1]);
        return kids[2];
    case 6:
        t = nd_rng_new(5), g = nd_rng_jumped(t, 3);
        nd_rng_free(t);
        return g;
    case 7:
        t = nd_rng_new_philox(5), g = nd_rng_jumped(t, 2);
        nd_rng_free(t);
        return g;
    case 8:
        g = nd_rng_new(9);
        nd_rng_advance(g, 123457);
        return g;
    default:
        g = nd_rng_new_philox(11);
        nd_rng_advance(g, (UINT64_C(1) << 40) + 3);
        return g;
    }
}

static void done_case(nd_array *got) { nd_stream_release(got, pool, &npool); }

START_TEST(vs_numpy) {
    char prelude[256];
    snprintf(prelude, sizeof prelude,
             "N = %d\nW = np.array([((i * 37) %% 11 + (0 if i %% 7 == 0 else 1)) "
             "for i in range(50)], float)\nW = W / W.sum()\nA = np.arange(1000.0)",
             N);
    const nd_stream_suite s = {prelude, NGENS,    py_gens,  make_gen,
                               NCASES,  py_cases, run_case, done_case};
    nd_stream_check(&s);
}
END_TEST

/* Every ISA level draws the same bits (the bulk PCG64 kernel, the
   exponential ziggurat and rayleigh's sqrt are vectorized only at avx512;
   the rest must agree with it). */
START_TEST(every_isa) {
    static const char *const isas[] = {"scalar", "baseline", "avx2", "avx512"};
    enum { K = 6 };
    nd_array *ref[K] = {NULL};
    int64_t n = 5000 + 13;
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(isas[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        nd_rng *g = nd_rng_new(123);
        nd_array *r[K] = {nd_random(g, 1, &n, NULL), nd_standard_normal(g, 1, &n, NULL),
                          nd_random(g, 1, &(int64_t){7}, NULL), nd_rayleigh(g, 2.5, 1, &n, NULL),
                          nd_pareto(g, 3.0, 1, &n, NULL), nd_weibull(g, 1.7, 1, &n, NULL)};
        for (int k = 0; k < K; k++) {
            if (!ref[k]) {
                ref[k] = r[k];
                continue;
            }
            ck_assert_msg(!memcmp(nd_data(r[k]), nd_data(ref[k]), (size_t)nd_size(r[k]) * 8),
                          "%s: draws %d differ from the first level's", isas[l], k);
            nd_release(r[k]);
        }
        nd_rng_free(g);
    }
    nd_set_isa(nd_isa_best());
    for (int k = 0; k < K; k++) nd_release(ref[k]);
}
END_TEST

/* Moments of 2e5 draws against the distributions' own: |z| < 6 for the
   mean and the variance (a broken algorithm misses by far more). */
static void moments(const char *what, nd_array *a, double mean, double var) {
    ck_assert_msg(a != NULL, "%s: %s", what, nd_last_error_message());
    nd_array *d = nd_astype(a, ND_FLOAT64);
    const double *x = nd_data(d);
    int64_t n = nd_size(d);
    double m = 0, v = 0, m4 = 0;
    for (int64_t i = 0; i < n; i++) m += x[i];
    m /= (double)n;
    for (int64_t i = 0; i < n; i++) {
        double e = x[i] - m;
        v += e * e, m4 += e * e * e * e;
    }
    v /= (double)(n - 1), m4 /= (double)n;
    double zm = (m - mean) / sqrt(var / (double)n), zv = (v - var) / sqrt((m4 - v * v) / (double)n);
    ck_assert_msg(fabs(zm) < 6 && fabs(zv) < 6,
                  "%s: mean %g (want %g, z %.1f), var %g (want %g, z %.1f)", what, m, mean, zm, v,
                  var, zv);
    nd_release(d), nd_release(a);
}

START_TEST(statistics) {
    int64_t n = 200000;
    for (int philox = 0; philox < 2; philox++) {
        nd_rng *g = philox ? nd_rng_new_philox(99) : nd_rng_new(99);
        moments("random", nd_random(g, 1, &n, NULL), 0.5, 1.0 / 12);
        moments("uniform", nd_uniform(g, -2, 6, 1, &n, NULL), 2, 64.0 / 12);
        moments("integers", nd_integers(g, -5, 6, false, ND_INT16, 1, &n, NULL), 0,
                (121.0 - 1) / 12);
        moments("normal", nd_normal(g, 1.5, 2, 1, &n, NULL), 1.5, 4);
        moments("exponential", nd_exponential(g, 3, 1, &n, NULL), 3, 9);
        moments("gamma 0.4", nd_gamma(g, 0.4, 2, 1, &n, NULL), 0.8, 1.6);
        moments("gamma 5.5", nd_gamma(g, 5.5, 1, 1, &n, NULL), 5.5, 5.5);
        moments("beta 0.5 0.5", nd_beta(g, 0.5, 0.5, 1, &n, NULL), 0.5, 0.125);
        moments("beta 2 3", nd_beta(g, 2, 3, 1, &n, NULL), 0.4, 6.0 / 150);
        moments("binomial 20 0.3", nd_binomial(g, 20, 0.3, 1, &n, NULL), 6, 4.2);
        moments("binomial 5000 0.2", nd_binomial(g, 5000, 0.2, 1, &n, NULL), 1000, 800);
        moments("poisson 4", nd_poisson(g, 4, 1, &n, NULL), 4, 4);
        moments("poisson 300", nd_poisson(g, 300, 1, &n, NULL), 300, 300);
        moments("choice", nd_choice(g, NULL, 100, 1, &n, true, NULL), 49.5, (10000.0 - 1) / 12);
        nd_rng_free(g);
    }
}
END_TEST

/* Errors carry NumPy's messages; allocation failures leak nothing. */
START_TEST(errors) {
    nd_rng *g = nd_rng_new(1);
    int64_t n = 10;
#define EXPECT(call, msg)                                                                          \
    do {                                                                                           \
        nd_clear_error();                                                                          \
        ck_assert_ptr_null(call);                                                                  \
        ck_assert_str_eq(nd_last_error_message(), msg);                                            \
    } while (0)
    EXPECT(nd_normal(g, 0, -1, 1, &n, NULL), "nd_normal: scale < 0");
    EXPECT(nd_exponential(g, -1, 1, &n, NULL), "nd_exponential: scale < 0");
    EXPECT(nd_gamma(g, -1, 1, 1, &n, NULL), "nd_gamma: shape < 0");
    EXPECT(nd_beta(g, 0, 1, 1, &n, NULL), "nd_beta: a <= 0");
    EXPECT(nd_binomial(g, -1, 0.5, 1, &n, NULL), "nd_binomial: n < 0");
    EXPECT(nd_binomial(g, 10, 1.5, 1, &n, NULL), "nd_binomial: p < 0, p > 1 or p is NaN");
    EXPECT(nd_binomial(g, 10, NAN, 1, &n, NULL), "nd_binomial: p < 0, p > 1 or p is NaN");
    EXPECT(nd_poisson(g, -1, 1, &n, NULL), "nd_poisson: lam < 0 or lam is NaN");
    EXPECT(nd_poisson(g, NAN, 1, &n, NULL), "nd_poisson: lam < 0 or lam is NaN");
    /* NumPy 1.24: the sign bit decides (-0.0 fails), a NaN scale passes */
    EXPECT(nd_normal(g, 0, -0.0, 1, &n, NULL), "nd_normal: scale < 0");
    EXPECT(nd_exponential(g, -0.0, 1, &n, NULL), "nd_exponential: scale < 0");
    EXPECT(nd_gamma(g, 1, -0.0, 1, &n, NULL), "nd_gamma: scale < 0");
    EXPECT(nd_uniform(g, 1, 0, 1, &n, NULL), "nd_uniform: high - low < 0");
    EXPECT(nd_uniform(g, 0.0, -0.0, 1, &n, NULL), "nd_uniform: high - low < 0");
    EXPECT(nd_uniform(g, NAN, 1, 1, &n, NULL), "nd_uniform: high - low range exceeds valid bounds");
    EXPECT(nd_poisson(g, 1e19, 1, &n, NULL), "nd_poisson: lam value too large");
    EXPECT(nd_integers(g, 5, 5, false, ND_INT64, 1, &n, NULL), "nd_integers: low >= high");
    EXPECT(nd_integers(g, 0, 0, false, ND_INT64, 1, &n, NULL), "nd_integers: high <= 0");
    EXPECT(nd_integers(g, 3, 2, true, ND_INT64, 1, &n, NULL), "nd_integers: low > high");
    EXPECT(nd_integers(g, -1, 5, false, ND_UINT8, 1, &n, NULL),
           "nd_integers: low is out of bounds for uint8");
    EXPECT(nd_integers(g, 0, 300, false, ND_UINT8, 1, &n, NULL),
           "nd_integers: high is out of bounds for uint8");
    EXPECT(nd_integers(g, 0, 3, false, ND_FLOAT64, 1, &n, NULL),
           "nd_integers: Unsupported dtype dtype('float64') for integers");
    EXPECT(nd_uniform(g, -1e308, 1e308, 1, &n, NULL),
           "nd_uniform: high - low range exceeds valid bounds");
    EXPECT(nd_choice(g, NULL, 5, 1, &n, false, NULL),
           "nd_choice: Cannot take a larger sample than population when replace is False");
    EXPECT(nd_choice(g, NULL, 0, 1, &n, true, NULL),
           "nd_choice: a must be a positive integer unless no samples are taken");
    nd_array *none = nd_permutation(g, -1); /* np.arange(-1) is empty */
    ck_assert_int_eq(nd_size(none), 0);
    nd_release(none);
    nd_clear_error();
    double bad_p[3] = {0.5, 0.6, 0.1}, neg_p[3] = {1.2, -0.2, 0};
    nd_array *p1 = nd_from_buffer(ND_FLOAT64, 1, &(int64_t){3}, bad_p);
    nd_array *p2 = nd_from_buffer(ND_FLOAT64, 1, &(int64_t){3}, neg_p);
    EXPECT(nd_choice(g, NULL, 3, 1, &n, true, p1), "nd_choice: probabilities do not sum to 1");
    EXPECT(nd_choice(g, NULL, 3, 1, &n, true, p2), "nd_choice: probabilities are not non-negative");
    EXPECT(nd_choice(g, NULL, 4, 1, &n, true, p1), "nd_choice: a and p must have same size");
    nd_clear_error();
    nd_array *wrong = nd_empty(ND_INT32, 1, &n);
    ck_assert_ptr_null(nd_random(g, 0, NULL, wrong));
    ck_assert_nd_error(ND_ERR_DTYPE);
    long live = nd_debug_live_allocs();
    for (long k = 1; k < 30; k++) {
        nd_debug_fail_alloc(k);
        nd_rng *h = nd_rng_new(3), *kids[2] = {NULL, NULL};
        nd_array *r1 = h ? nd_choice(h, NULL, 100000, 1, (int64_t[]){3000}, false, NULL) : NULL;
        nd_array *r2 = h ? nd_permuted_copy(h, wrong, 0) : NULL;
        if (h) nd_rng_spawn(h, 2, kids);
        nd_debug_fail_alloc(0);
        nd_release(r1), nd_release(r2), nd_rng_free(kids[0]), nd_rng_free(kids[1]), nd_rng_free(h);
        nd_clear_error();
        ck_assert_int_eq(nd_debug_live_allocs(), live);
    }
    nd_release(p1), nd_release(p2), nd_release(wrong);
    nd_rng_free(g);
}
END_TEST

int main(void) {
    Suite *s = suite_create("random");
    TCase *tc = tcase_create("random");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, vs_numpy);
    tcase_add_test(tc, every_isa);
    tcase_add_test(tc, statistics);
    tcase_add_test(tc, errors);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
