/* The univariate distributions of issue 27 (chisquare ... zipf, bytes,
   permuted): the first 10^5 values equal NumPy 1.24's Generator bit for
   bit for PCG64 and Philox generators (NumPy writes .npy files at test
   time), edge parameters included; moments against the distributions'
   own; NumPy's error messages. */
#include <math.h>
#include <unistd.h>

#include "nd_random_streams.h"
#include "random/dist_bulk.h"

enum { N = 100000 };
static const int64_t NS[1] = {N};
#define S 1, NS, NULL

/* One case: the NumPy expression on generator `g` and the nd call on `g`. */
#define CASES(X)                                                                                   \
    X("g.chisquare(3.5, N)", nd_chisquare(g, 3.5, S))                                              \
    X("g.chisquare(0.5, N)", nd_chisquare(g, 0.5, S))                                              \
    X("g.chisquare(2, N)", nd_chisquare(g, 2, S))                                                  \
    X("g.f(4, 7, N)", nd_f(g, 4, 7, S))                                                            \
    X("g.f(0.5, 0.3, N)", nd_f(g, 0.5, 0.3, S))                                                    \
    X("g.f(2.5, 300, N)", nd_f(g, 2.5, 300, S))                                                    \
    X("g.f(2, 9, N)", nd_f(g, 2, 9, S))                                                            \
    X("g.chisquare(2.01, N)", nd_chisquare(g, 2.01, S))                                            \
    X("g.chisquare(1e6, N)", nd_chisquare(g, 1e6, S))                                              \
    X("g.wald(0.1, 50, N)", nd_wald(g, 0.1, 50, S))                                                \
    X("g.wald(40, 0.01, N)", nd_wald(g, 40, 0.01, S))                                              \
    X("g.gumbel(-3, 1e-3, N)", nd_gumbel(g, -3, 1e-3, S))                                          \
    X("g.logseries(0.05, N)", nd_logseries(g, 0.05, S))                                            \
    X("g.zipf(1.01, N)", nd_zipf(g, 1.01, S))                                                      \
    X("g.zipf(9, N)", nd_zipf(g, 9, S))                                                            \
    X("g.negative_binomial(50, 0.02, N)", nd_negative_binomial(g, 50, 0.02, S))                    \
    X("g.geometric(0.5, N)", nd_geometric(g, 0.5, S))                                              \
    X("g.geometric(0.05, N)", nd_geometric(g, 0.05, S))                                            \
    X("g.geometric(1e-300, N)", nd_geometric(g, 1e-300, S))                                        \
    X("g.geometric(1.0, N)", nd_geometric(g, 1.0, S))                                              \
    X("g.gumbel(1, 2, N)", nd_gumbel(g, 1, 2, S))                                                  \
    X("g.hypergeometric(50, 60, 30, N)", nd_hypergeometric(g, 50, 60, 30, S))                      \
    X("g.hypergeometric(5, 8, 4, N)", nd_hypergeometric(g, 5, 8, 4, S))                            \
    X("g.hypergeometric(100, 200, 295, N)", nd_hypergeometric(g, 100, 200, 295, S))                \
    X("g.hypergeometric(10**8, 10**8 - 5, 10**6, N)",                                              \
      nd_hypergeometric(g, 100000000, 100000000 - 5, 1000000, S))                                  \
    X("g.hypergeometric(900, 40, 700, N)", nd_hypergeometric(g, 900, 40, 700, S))                  \
    X("g.hypergeometric(7, 0, 5, N)", nd_hypergeometric(g, 7, 0, 5, S))                            \
    X("g.hypergeometric(7, 3, 0, N)", nd_hypergeometric(g, 7, 3, 0, S))                            \
    X("g.laplace(0.5, 2, N)", nd_laplace(g, 0.5, 2, S))                                            \
    X("g.logistic(-1, 3, N)", nd_logistic(g, -1, 3, S))                                            \
    X("g.lognormal(0.3, 0.8, N)", nd_lognormal(g, 0.3, 0.8, S))                                    \
    X("g.lognormal(0, 0, N)", nd_lognormal(g, 0, 0, S))                                            \
    X("g.logseries(0.6, N)", nd_logseries(g, 0.6, S))                                              \
    X("g.logseries(0.999, N)", nd_logseries(g, 0.999, S))                                          \
    X("g.logseries(0, N)", nd_logseries(g, 0, S))                                                  \
    X("g.negative_binomial(5, 0.3, N)", nd_negative_binomial(g, 5, 0.3, S))                        \
    X("g.negative_binomial(0.7, 0.9, N)", nd_negative_binomial(g, 0.7, 0.9, S))                    \
    X("g.negative_binomial(3, 1.0, N)", nd_negative_binomial(g, 3, 1.0, S))                        \
    X("g.negative_binomial(5, 0.9, N)", nd_negative_binomial(g, 5, 0.9, S))                        \
    X("g.negative_binomial(30, 0.75, N)", nd_negative_binomial(g, 30, 0.75, S))                    \
    X("g.negative_binomial(1000, 0.5, N)", nd_negative_binomial(g, 1000, 0.5, S))                  \
    X("g.negative_binomial(1e9, 0.5, N)", nd_negative_binomial(g, 1e9, 0.5, S))                    \
    X("g.negative_binomial(2, 1e-6, N)", nd_negative_binomial(g, 2, 1e-6, S))                      \
    X("g.negative_binomial(4, 1 - 1e-12, N)", nd_negative_binomial(g, 4, 1 - 1e-12, S))            \
    X("g.negative_binomial(1.0000001, 0.2, N)", nd_negative_binomial(g, 1.0000001, 0.2, S))        \
    X("g.negative_binomial(100, 1 / 1.1, N)", nd_negative_binomial(g, 100, 1 / 1.1, S))            \
    X("g.negative_binomial(1e6, 1 / (1 + 1e-5), N)",                                               \
      nd_negative_binomial(g, 1e6, 1 / (1 + 1e-5), S))                                             \
    X("g.negative_binomial(1.5, 0.13, N)", nd_negative_binomial(g, 1.5, 0.13, S))                  \
    X("g.negative_binomial(5, 0.01, N)", nd_negative_binomial(g, 5, 0.01, S))                      \
    X("g.negative_binomial(5, 0.3, N)", nb_widened(g, 5, 0.3))                                     \
    X("g.negative_binomial(1.0000001, 0.2, N)", nb_widened(g, 1.0000001, 0.2))                     \
    X("g.negative_binomial(1000, 0.5, N)", nb_widened(g, 1000, 0.5))                               \
    X("g.noncentral_chisquare(3, 2, N)", nd_noncentral_chisquare(g, 3, 2, S))                      \
    X("g.noncentral_chisquare(0.5, 1.5, N)", nd_noncentral_chisquare(g, 0.5, 1.5, S))              \
    X("g.noncentral_chisquare(0.5, 30, N)", nd_noncentral_chisquare(g, 0.5, 30, S))                \
    X("g.noncentral_chisquare(3, 0, N)", nd_noncentral_chisquare(g, 3, 0, S))                      \
    X("g.noncentral_chisquare(3, np.nan, N)", nd_noncentral_chisquare(g, 3, NAN, S))               \
    X("g.noncentral_f(3, 5, 1.5, N)", nd_noncentral_f(g, 3, 5, 1.5, S))                            \
    X("g.pareto(3, N)", nd_pareto(g, 3, S))                                                        \
    X("g.power(0.7, N)", nd_rng_power(g, 0.7, S))                                                  \
    X("g.power(5, N)", nd_rng_power(g, 5, S))                                                      \
    X("g.rayleigh(2.5, N)", nd_rayleigh(g, 2.5, S))                                                \
    X("g.standard_cauchy(N)", nd_standard_cauchy(g, S))                                            \
    X("g.standard_t(5, N)", nd_standard_t(g, 5, S))                                                \
    X("g.standard_t(0.3, N)", nd_standard_t(g, 0.3, S))                                            \
    X("g.standard_t(2.2, N)", nd_standard_t(g, 2.2, S))                                            \
    X("g.standard_t(2, N)", nd_standard_t(g, 2, S))                                                \
    X("g.triangular(-1, 0.5, 3, N)", nd_triangular(g, -1, 0.5, 3, S))                              \
    X("g.triangular(0, 0, 1, N)", nd_triangular(g, 0, 0, 1, S))                                    \
    X("g.triangular(0, 1, 1, N)", nd_triangular(g, 0, 1, 1, S))                                    \
    X("g.vonmises(0.5, 3, N)", nd_vonmises(g, 0.5, 3, S))                                          \
    X("g.vonmises(-2, 1e-9, N)", nd_vonmises(g, -2, 1e-9, S))                                      \
    X("g.vonmises(1, 1e-6, N)", nd_vonmises(g, 1, 1e-6, S))                                        \
    X("g.vonmises(3, 1e7, N)", nd_vonmises(g, 3, 1e7, S))                                          \
    X("g.vonmises(-3, 500, N)", nd_vonmises(g, -3, 500, S))                                        \
    X("g.wald(2, 3, N)", nd_wald(g, 2, 3, S))                                                      \
    X("g.weibull(1.7, N)", nd_weibull(g, 1.7, S))                                                  \
    X("g.weibull(0, N)", nd_weibull(g, 0, S))                                                      \
    X("g.zipf(2.5, N)", nd_zipf(g, 2.5, S))                                                        \
    X("g.zipf(1.1, N)", nd_zipf(g, 1.1, S))                                                        \
    X("np.frombuffer(g.bytes(4 * N + 3), np.uint8)", nd_bytes(g, 4 * N + 3))                       \
    X("(g.bytes(7), g.integers(0, 10**6, N, dtype=np.int32))[1]",                                  \
      (nd_release(nd_bytes(g, 7)), nd_integers(g, 0, 1000000, false, ND_INT32, S)))                \
    X("(g.zipf(3, 5), g.random(N))[1]",                                                            \
      (nd_release(nd_zipf(g, 3, 1, (int64_t[]){5}, NULL)), nd_random(g, S)))                       \
    X("g.permuted(np.arange(60).reshape(3, 20), axis=1)", nd_permuted(g, grid(3, 20), 1, NULL))    \
    X("g.permuted(np.arange(60).reshape(3, 20), axis=-2)", nd_permuted(g, grid(3, 20), -2, NULL))  \
    X("g.permuted(np.arange(60).reshape(3, 20))", nd_permuted(g, grid(3, 20), ND_AXIS_ALL, NULL))  \
    X("g.permuted(np.arange(1000.0))", nd_permuted(g, arange_f(), ND_AXIS_ALL, NULL))              \
    X("g.permuted(np.arange(1000.0), axis=0)", nd_permuted(g, arange_f(), 0, NULL))                \
    X("g.permuted(np.arange(120).reshape(2, 3, 20), axis=1)",                                      \
      nd_permuted(                                                                                 \
          g, keep(nd_reshape(keep(nd_arange(0, 120, 1, ND_INT64)), 3, (int64_t[]){2, 3, 20})), 1,  \
          NULL))                                                                                   \
    X("g.permuted(np.arange(60).reshape(3, 20).T)",                                                \
      nd_permuted(g, keep(nd_transpose(grid(3, 20), NULL)), ND_AXIS_ALL, NULL))                    \
    X("g.permuted(np.arange(120).reshape(12, 10)[::2])",                                           \
      nd_permuted(g, keep(nd_slice(grid(12, 10), "::2")), ND_AXIS_ALL, NULL))                      \
    X("g.permuted(np.arange(60).reshape(3, 20), axis=0, out=np.zeros((3, 20)))",                   \
      nd_permuted(g, grid(3, 20), 0, keep(nd_zeros(ND_FLOAT64, 2, (int64_t[]){3, 20}))))

/* negative_binomial with the bulk path's margins widened 2^17 times: far
   more of its log and exp comparisons go to glibc (most multiplication
   draws, some PTRS and gamma log tests); the stream must not change */
static nd_array *nb_widened(nd_rng *g, double n, double p) {
    nd__spec_widen = 0x1p17;
    nd_array *a = nd_negative_binomial(g, n, p, S);
    nd__spec_widen = 1.0;
    return a;
}

static nd_array *pool[8];
static int npool;
static nd_array *keep(nd_array *a) { return pool[npool++] = a; }
static nd_array *arange_f(void) { return keep(nd_arange(0, 1000, 1, ND_FLOAT64)); }
static nd_array *grid(int64_t r, int64_t c) {
    nd_array *a = keep(nd_arange(0, (double)(r * c), 1, ND_INT64));
    return keep(nd_reshape(a, 2, (int64_t[]){r, c}));
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

/* Two PCG64 and two Philox generators. */
static const char *const py_gens[] = {
    "np.random.default_rng(0)",
    "np.random.default_rng(2**40 + 7)",
    "np.random.Generator(np.random.Philox(42))",
    "np.random.Generator(np.random.Philox(11).advance(2**40 + 3))",
};
enum { NGENS = sizeof py_gens / sizeof py_gens[0] };

static nd_rng *make_gen(int i) {
    nd_rng *g;
    switch (i) {
    case 0:
        return nd_rng_new(0);
    case 1:
        return nd_rng_new((UINT64_C(1) << 40) + 7);
    case 2:
        return nd_rng_new_philox(42);
    default:
        g = nd_rng_new_philox(11);
        nd_rng_advance(g, (UINT64_C(1) << 40) + 3);
        return g;
    }
}

static void done_case(nd_array *got) { nd_stream_release(got, pool, &npool); }

START_TEST(vs_numpy) {
    char prelude[32];
    snprintf(prelude, sizeof prelude, "N = %d", N);
    const nd_stream_suite s = {prelude, NGENS,    py_gens,  make_gen,
                               NCASES,  py_cases, run_case, done_case};
    nd_stream_check(&s);
}
END_TEST

/* Moments of 2e5 draws against the distribution's own: |z| < 6 for the
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

/* f applied to each element of a (released), as a new float64 array. */
static nd_array *map(nd_array *a, double (*f)(double)) {
    nd_array *d = nd_astype(a, ND_FLOAT64);
    nd_release(a);
    double *x = nd_data(d);
    for (int64_t i = 0; i < nd_size(d); i++) x[i] = f(x[i]);
    return d;
}

/* Modified Bessel I_k(x) by its series (x small here). */
static double bessel_i(int k, double x) {
    double s = 0, t = pow(x / 2, k) / tgamma(k + 1);
    for (int m = 0; m < 200; m++) {
        s += t;
        t *= (x / 2) * (x / 2) / ((m + 1.0) * (m + 1.0 + k));
    }
    return s;
}
static double zeta(double s) { /* sum to 10^5 plus the Euler-Maclaurin tail */
    double z = 0, n = 100000;
    for (double k = 1; k < n; k++) z += pow(k, -s);
    return z + pow(n, 1 - s) / (s - 1) + 0.5 * pow(n, -s);
}

START_TEST(statistics) {
    int64_t n = 200000;
    const double pi = 3.14159265358979323846, euler = 0.5772156649015329;
    for (int philox = 0; philox < 2; philox++) {
        nd_rng *g = philox ? nd_rng_new_philox(99) : nd_rng_new(99);
#define M(name, call, mean, var) moments(name, call, mean, var)
        M("chisquare 4", nd_chisquare(g, 4, 1, &n, NULL), 4, 8);
        M("chisquare 0.7", nd_chisquare(g, 0.7, 1, &n, NULL), 0.7, 1.4);
        M("f 5 20", nd_f(g, 5, 20, 1, &n, NULL), 20.0 / 18, 2.0 * 400 * 23 / (5.0 * 18 * 18 * 16));
        M("geometric 0.2", nd_geometric(g, 0.2, 1, &n, NULL), 5, 0.8 / 0.04);
        M("geometric 0.6", nd_geometric(g, 0.6, 1, &n, NULL), 1 / 0.6, 0.4 / 0.36);
        M("gumbel", nd_gumbel(g, 1, 2, 1, &n, NULL), 1 + 2 * euler, pi * pi / 6 * 4);
        double K = 50, Nn = 110, d = 30;
        M("hypergeometric hrua", nd_hypergeometric(g, 50, 60, 30, 1, &n, NULL), d * K / Nn,
          d * K / Nn * (Nn - K) / Nn * (Nn - d) / (Nn - 1));
        K = 5, Nn = 13, d = 4;
        M("hypergeometric small", nd_hypergeometric(g, 5, 8, 4, 1, &n, NULL), d * K / Nn,
          d * K / Nn * (Nn - K) / Nn * (Nn - d) / (Nn - 1));
        M("laplace", nd_laplace(g, 0.5, 2, 1, &n, NULL), 0.5, 8);
        M("logistic", nd_logistic(g, -1, 3, 1, &n, NULL), -1, pi * pi / 3 * 9);
        M("lognormal", nd_lognormal(g, 0.3, 0.5, 1, &n, NULL), exp(0.3 + 0.125),
          (exp(0.25) - 1) * exp(0.6 + 0.25));
        double p = 0.6, l = log(1 - p);
        M("logseries", nd_logseries(g, p, 1, &n, NULL), -p / ((1 - p) * l),
          -p * (p + l) / ((1 - p) * (1 - p) * l * l));
        M("negative_binomial", nd_negative_binomial(g, 5, 0.3, 1, &n, NULL), 5 * 0.7 / 0.3,
          5 * 0.7 / 0.09);
        M("noncentral_chisquare 3 2", nd_noncentral_chisquare(g, 3, 2, 1, &n, NULL), 5, 14);
        M("noncentral_chisquare 0.5 1.5", nd_noncentral_chisquare(g, 0.5, 1.5, 1, &n, NULL), 2, 7);
        double d1 = 3, d2 = 20, lam = 1.5;
        M("noncentral_f", nd_noncentral_f(g, d1, d2, lam, 1, &n, NULL),
          d2 * (d1 + lam) / (d1 * (d2 - 2)),
          2 * (d2 / d1) * (d2 / d1) * ((d1 + lam) * (d1 + lam) + (d1 + 2 * lam) * (d2 - 2)) /
              ((d2 - 2) * (d2 - 2) * (d2 - 4)));
        M("pareto", nd_pareto(g, 9, 1, &n, NULL), 1.0 / 8, 9.0 / (64 * 7));
        M("power", nd_rng_power(g, 0.7, 1, &n, NULL), 0.7 / 1.7, 0.7 / (1.7 * 1.7 * 2.7));
        M("rayleigh", nd_rayleigh(g, 2.5, 1, &n, NULL), 2.5 * sqrt(pi / 2), (4 - pi) / 2 * 6.25);
        M("standard_cauchy: atan(x)", map(nd_standard_cauchy(g, 1, &n, NULL), atan), 0,
          pi * pi / 12); /* uniform on (-pi/2, pi/2) */
        M("standard_t", nd_standard_t(g, 10, 1, &n, NULL), 0, 10.0 / 8);
        M("triangular", nd_triangular(g, -1, 0.5, 3, 1, &n, NULL), 2.5 / 3,
          (1 + 0.25 + 9 + 0.5 + 3 - 1.5) / 18);
        double a1 = bessel_i(1, 3) / bessel_i(0, 3), c2 = (1 + bessel_i(2, 3) / bessel_i(0, 3)) / 2;
        M("vonmises: cos(x)", map(nd_vonmises(g, 0, 3, 1, &n, NULL), cos), a1, c2 - a1 * a1);
        M("wald", nd_wald(g, 2, 3, 1, &n, NULL), 2, 8.0 / 3);
        double g1 = tgamma(1 + 1 / 1.7), g2 = tgamma(1 + 2 / 1.7);
        M("weibull", nd_weibull(g, 1.7, 1, &n, NULL), g1, g2 - g1 * g1);
        double z = zeta(6.5), zm = zeta(5.5) / z;
        M("zipf", nd_zipf(g, 6.5, 1, &n, NULL), zm, zeta(4.5) / z - zm * zm);
#undef M
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
#define SH 1, &n, NULL
    EXPECT(nd_chisquare(g, 0, SH), "nd_chisquare: df <= 0");
    EXPECT(nd_f(g, -1, 1, SH), "nd_f: dfnum <= 0");
    EXPECT(nd_f(g, 1, 0, SH), "nd_f: dfden <= 0");
    EXPECT(nd_geometric(g, 0, SH), "nd_geometric: p <= 0, p > 1 or p contains NaNs");
    EXPECT(nd_geometric(g, 1.5, SH), "nd_geometric: p <= 0, p > 1 or p contains NaNs");
    EXPECT(nd_geometric(g, NAN, SH), "nd_geometric: p <= 0, p > 1 or p contains NaNs");
    EXPECT(nd_gumbel(g, 0, -1, SH), "nd_gumbel: scale < 0");
    EXPECT(nd_gumbel(g, 0, -0.0, SH), "nd_gumbel: scale < 0"); /* NumPy tests the sign bit */
    EXPECT(nd_hypergeometric(g, 1000000000, 1, 1, SH),
           "nd_hypergeometric: both ngood and nbad must be less than 1000000000");
    EXPECT(nd_hypergeometric(g, 3, 4, 8, SH), "nd_hypergeometric: ngood + nbad < nsample");
    EXPECT(nd_hypergeometric(g, -1, 20, 5, SH), "nd_hypergeometric: ngood < 0");
    EXPECT(nd_hypergeometric(g, 20, -1, 5, SH), "nd_hypergeometric: nbad < 0");
    EXPECT(nd_hypergeometric(g, 20, 1, -5, SH), "nd_hypergeometric: nsample < 0");
    EXPECT(nd_laplace(g, 0, -1, SH), "nd_laplace: scale < 0");
    EXPECT(nd_logistic(g, 0, -1, SH), "nd_logistic: scale < 0");
    EXPECT(nd_lognormal(g, 0, -1, SH), "nd_lognormal: sigma < 0");
    EXPECT(nd_logseries(g, 1, SH), "nd_logseries: p < 0, p >= 1 or p is NaN");
    EXPECT(nd_logseries(g, -0.1, SH), "nd_logseries: p < 0, p >= 1 or p is NaN");
    EXPECT(nd_negative_binomial(g, NAN, 0.5, SH), "nd_negative_binomial: n must not be NaN");
    EXPECT(nd_negative_binomial(g, 0, 0.5, SH), "nd_negative_binomial: n <= 0");
    EXPECT(nd_negative_binomial(g, 1, 0, SH),
           "nd_negative_binomial: p <= 0, p > 1 or p contains NaNs");
    EXPECT(nd_negative_binomial(g, 1e30, 1e-5, SH),
           "nd_negative_binomial: n too large or p too small, see Generator.negative_binomial "
           "Notes");
    EXPECT(nd_noncentral_chisquare(g, 0, 1, SH), "nd_noncentral_chisquare: df <= 0");
    EXPECT(nd_noncentral_chisquare(g, 1, -1, SH), "nd_noncentral_chisquare: nonc < 0");
    EXPECT(nd_noncentral_f(g, 1, 0, 1, SH), "nd_noncentral_f: dfden <= 0");
    EXPECT(nd_noncentral_f(g, 1, 1, -1, SH), "nd_noncentral_f: nonc < 0");
    EXPECT(nd_pareto(g, 0, SH), "nd_pareto: a <= 0");
    EXPECT(nd_rng_power(g, -2, SH), "nd_rng_power: a <= 0");
    EXPECT(nd_rayleigh(g, -1, SH), "nd_rayleigh: scale < 0");
    EXPECT(nd_standard_t(g, 0, SH), "nd_standard_t: df <= 0");
    EXPECT(nd_triangular(g, 1, 0, 2, SH), "nd_triangular: left > mode");
    EXPECT(nd_triangular(g, 0, 3, 2, SH), "nd_triangular: mode > right");
    EXPECT(nd_triangular(g, 1, 1, 1, SH), "nd_triangular: left == right");
    EXPECT(nd_vonmises(g, 0, -1, SH), "nd_vonmises: kappa < 0");
    EXPECT(nd_wald(g, 0, 1, SH), "nd_wald: mean <= 0");
    EXPECT(nd_wald(g, 1, 0, SH), "nd_wald: scale <= 0");
    EXPECT(nd_weibull(g, -1, SH), "nd_weibull: a < 0");
    EXPECT(nd_zipf(g, 1, SH), "nd_zipf: a <= 1 or a is NaN");
    EXPECT(nd_zipf(g, NAN, SH), "nd_zipf: a <= 1 or a is NaN");
    nd_array *x = nd_arange(0, 6, 1, ND_FLOAT64), *o5 = nd_empty(ND_FLOAT64, 1, (int64_t[]){5});
    nd_array *oi = nd_empty(ND_INT64, 1, (int64_t[]){6}), *s0 = nd_zeros(ND_FLOAT64, 0, NULL);
    EXPECT(nd_permuted(g, x, 0, o5), "nd_permuted: out must have the same shape as x");
    EXPECT(nd_permuted(g, x, 0, oi), "nd_permuted: Cannot cast array data from dtype('float64') "
                                     "to dtype('int64') according to the rule 'safe'");
    EXPECT(nd_permuted(g, s0, ND_AXIS_ALL, NULL), "nd_permuted: len() of unsized object");
    nd_clear_error();
    ck_assert_ptr_null(nd_permuted(g, x, 1, NULL));
    ck_assert_nd_error(ND_ERR_AXIS);
    nd_clear_error();
    EXPECT(nd_bytes(g, -5), "nd_bytes: negative dimensions are not allowed");
    for (int64_t len = -4; len <= 0; len++) { /* NumPy's b'' */
        nd_array *e = nd_bytes(g, len);
        ck_assert_int_eq(nd_size(e), 0);
        nd_release(e);
    }
    nd_clear_error();
    nd_array *wrong = nd_empty(ND_FLOAT64, 1, &n);
    ck_assert_ptr_null(nd_zipf(g, 2, 0, NULL, wrong)); /* int64 results */
    ck_assert_nd_error(ND_ERR_DTYPE);
    nd_clear_error();
    long live = nd_debug_live_allocs();
    nd_array *x32 = nd_reshape(x, 2, (int64_t[]){3, 2}), *nc = nd_slice(x32, "::2");
    for (long k = 1; k < 20; k++) {
        nd_debug_fail_alloc(k);
        nd_array *r1 = nd_permuted(g, nc, ND_AXIS_ALL, NULL);
        nd_array *r2 = nd_chisquare(g, 3, SH), *r3 = nd_permuted(g, x, 0, NULL);
        nd_debug_fail_alloc(0);
        nd_release(r1), nd_release(r2), nd_release(r3);
        nd_clear_error();
    }
    nd_release(x32), nd_release(nc);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
    nd_release(x), nd_release(o5), nd_release(oi), nd_release(s0), nd_release(wrong);
    nd_rng_free(g);
}
END_TEST

/* The bulk negative_binomial's premises over a dense sweep of the gamma's
   normal x: its PTRS / multiplication threshold on x is exact, and v_r and
   glibc's exp(-lam) lie within the bounds of x's cell (those decide most
   draws before lam is known; a wrong bound changes the stream only for
   the few draws that land between it and the true value). */
START_TEST(nb_cells) {
    enum { M = 200001 };
    static double x[M];
    for (int i = 0; i < M; i++) x[i] = -10.0 + 20.0 * i / (M - 1);
    static const double np[][2] = {{5, 0.3},        {100, 1 / 1.1}, {1e6, 1 / (1 + 1e-5)},
                                   {1.5, 0.13},     {5, 0.05},      {5, 0.8},
                                   {2, 1e-6},       {4, 1 - 1e-12}, {1.0000001, 0.2},
                                   {1e9, 0.5},      {30, 0.75},     {5, 0.01}};
    for (size_t i = 0; i < sizeof np / sizeof np[0]; i++)
        ck_assert_msg(nd__negative_binomial_cells_check(np[i][0], np[i][1], x, M) == 0,
                      "negative_binomial(%g, %g): premises broken", np[i][0], np[i][1]);
}
END_TEST

int main(void) {
    Suite *s = suite_create("random_dist");
    TCase *tc = tcase_create("random_dist");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, vs_numpy);
    tcase_add_test(tc, statistics);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, nb_cells);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
