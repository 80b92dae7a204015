/* The discrete univariate samplers (int64 results), NumPy 1.24's
   distributions.c and random_hypergeometric.c operation for operation. */
#include <math.h>

#include "random/dist_discrete.h"

int64_t nd__geometric(nd_rng *g, double p, double b, double c) {
    (void)b, (void)c;
    if (p >= 0.333333333333333333333333) { /* search the cdf */
        double q = 1.0 - p, sum = p, prod = p, u = nd__next_double(g);
        int64_t x = 1;
        while (u > sum) {
            prod *= q;
            sum += prod;
            x++;
        }
        return x;
    }
    return nd__to_int64(ceil(-nd__std_exponential(g) / log1p(-p))); /* invert it */
}

/* r = log1p(-p), which NumPy computes every draw: the fill computes it
   once (the same value), the scalar sampler each call. */
static int64_t logseries_r(nd_rng *g, double p, double r) {
    for (;;) {
        double v = nd__next_double(g);
        if (v >= p) return 1;
        double u = nd__next_double(g), q = -expm1(r * u);
        if (v <= q * q) {
            int64_t res = nd__to_int64(floor(1 + log(v) / log(q)));
            if (res < 1 || v == 0.0) continue;
            return res;
        }
        return v >= q ? 1 : 2;
    }
}
int64_t nd__logseries(nd_rng *g, double p, double b, double c) {
    (void)b, (void)c;
    return logseries_r(g, p, log1p(-p));
}
void nd__logseries_fill(nd_rng *g, double p, int64_t n, int64_t *o) {
    double r = log1p(-p);
    for (int64_t i = 0; i < n; i++) o[i] = logseries_r(g, p, r);
}

int64_t nd__negative_binomial(nd_rng *g, double n, double p, double c) {
    (void)c;
    double y = ((1 - p) / p) * nd__std_gamma(g, n);
    return nd__poisson(g, y);
}

/* NumPy's zipf computes pow(2, a - 1) every draw, and pow(1 + 1 / x,
   a - 1) for each candidate x: pure functions of a and x, so the fill
   computes the first once and the second once per small x (most draws:
   x = 1 has probability 1 / zeta(a)), the same values. */
enum { ZIPF_MEMO = 32 };
typedef struct {
    double am1, b, inv;  /* a - 1, pow(2, a - 1), -1 / (a - 1) */
    double t[ZIPF_MEMO]; /* pow(1 + 1 / x, a - 1) for x < ZIPF_MEMO, once known */
    bool known[ZIPF_MEMO];
} zipf_k;

static void zipf_init(zipf_k *k, double a) {
    k->am1 = a - 1.0, k->b = pow(2.0, k->am1), k->inv = -1.0 / k->am1;
    for (int x = 0; x < ZIPF_MEMO; x++) k->known[x] = false;
}

static int64_t zipf_k_draw(nd_rng *g, zipf_k *k) {
    for (;;) {
        double u = 1.0 - nd__next_double(g), v = nd__next_double(g);
        double x = floor(pow(u, k->inv));
        /* values past int64 are rejected: Zipf truncated there */
        if (x > (double)INT64_MAX || x < 1.0) continue;
        double t;
        if (x < ZIPF_MEMO) {
            int i = (int)x;
            if (!k->known[i]) k->t[i] = pow(1.0 + 1.0 / x, k->am1), k->known[i] = true;
            t = k->t[i];
        } else {
            t = pow(1.0 + 1.0 / x, k->am1);
        }
        if (v * x * (t - 1.0) / (k->b - 1.0) <= t / k->b) return nd__to_int64(x);
    }
}

int64_t nd__zipf(nd_rng *g, double a, double b_, double c) {
    (void)b_, (void)c;
    zipf_k k;
    zipf_init(&k, a);
    return zipf_k_draw(g, &k);
}
void nd__zipf_fill(nd_rng *g, double a, int64_t n, int64_t *o) {
    zipf_k k;
    zipf_init(&k, a);
    for (int64_t i = 0; i < n; i++) o[i] = zipf_k_draw(g, &k);
}

/* ---- hypergeometric ---- */

/* log(k!) for k < 126, correctly rounded (the values of NumPy's table;
   made with Python's decimal at 60 digits: float(Decimal(k!).ln())). */
static const double logfact[126] = {
    0.0,
    0.0,
    0.6931471805599453,
    1.791759469228055,
    3.1780538303479458,
    4.787491742782046,
    6.579251212010101,
    8.525161361065415,
    10.60460290274525,
    12.801827480081469,
    15.104412573075516,
    17.502307845873887,
    19.987214495661885,
    22.552163853123425,
    25.19122118273868,
    27.89927138384089,
    30.671860106080672,
    33.50507345013689,
    36.39544520803305,
    39.339884187199495,
    42.335616460753485,
    45.38013889847691,
    48.47118135183523,
    51.60667556776438,
    54.78472939811232,
    58.00360522298052,
    61.261701761002,
    64.55753862700634,
    67.88974313718154,
    71.25703896716801,
    74.65823634883016,
    78.0922235533153,
    81.55795945611504,
    85.05446701758152,
    88.58082754219768,
    92.1361756036871,
    95.7196945421432,
    99.33061245478743,
    102.96819861451381,
    106.63176026064346,
    110.32063971475739,
    114.0342117814617,
    117.77188139974507,
    121.53308151543864,
    125.3172711493569,
    129.12393363912722,
    132.95257503561632,
    136.80272263732635,
    140.67392364823425,
    144.5657439463449,
    148.47776695177302,
    152.40959258449735,
    156.3608363030788,
    160.3311282166309,
    164.32011226319517,
    168.32744544842765,
    172.3527971391628,
    176.39584840699735,
    180.45629141754378,
    184.53382886144948,
    188.6281734236716,
    192.7390472878449,
    196.86618167289,
    201.00931639928152,
    205.1681994826412,
    209.34258675253685,
    213.53224149456327,
    217.73693411395422,
    221.95644181913033,
    226.1905483237276,
    230.43904356577696,
    234.70172344281826,
    238.97838956183432,
    243.2688490029827,
    247.57291409618688,
    251.8904022097232,
    256.22113555000954,
    260.5649409718632,
    264.9216497985528,
    269.2910976510198,
    273.6731242856937,
    278.0675734403661,
    282.4742926876304,
    286.893133295427,
    291.3239500942703,
    295.76660135076065,
    300.22094864701415,
    304.6868567656687,
    309.1641935801469,
    313.65282994987905,
    318.1526396202093,
    322.66349912672615,
    327.1852877037752,
    331.7178871969285,
    336.26118197919845,
    340.815058870799,
    345.37940706226686,
    349.95411804077025,
    354.5390855194408,
    359.1342053695754,
    363.73937555556347,
    368.35449607240474,
    372.979468885689,
    377.61419787391867,
    382.25858877306,
    386.91254912321756,
    391.5759882173296,
    396.24881705179155,
    400.93094827891576,
    405.6222961611449,
    410.32277652693733,
    415.03230672824964,
    419.7508055995447,
    424.4781934182571,
    429.21439186665157,
    433.9593239950148,
    438.71291418612117,
    443.47508812091894,
    448.2457727453846,
    453.0248962384961,
    457.81238798127816,
    462.6081785268749,
    467.4121995716082,
    472.2243839269806,
    477.04466549258564,
    481.87297922988796,
};

static double logfactorial(int64_t k) {
    if (k < 126) return logfact[k];
    double kd = (double)k; /* Stirling's series to the 1/k**3 term */
    return (kd + 0.5) * log(kd) - kd +
           (0.9189385332046728 + (1.0 / kd) * (1 / 12.0 - 1 / (360.0 * kd * kd)));
}

/* Small samples: draw them one by one (from the smaller side). */
static int64_t hyper_sample(nd_rng *g, int64_t good, int64_t bad, int64_t sample) {
    int64_t total = good + bad, n = sample > total / 2 ? total - sample : sample;
    int64_t left_total = total, left_good = good;
    while (n > 0 && left_good > 0 && left_total > left_good) {
        --left_total; /* nd__interval's bound is inclusive */
        if ((int64_t)nd__interval(g, (uint64_t)left_total) < left_good) --left_good;
        --n;
    }
    if (left_total == left_good) left_good -= n; /* only good ones left */
    return sample > total / 2 ? left_good : good - left_good;
}

/* Stadlober's ratio of uniforms (HRUA), with NumPy's variable choices. */
static int64_t hyper_hrua(nd_rng *g, int64_t good, int64_t bad, int64_t sample) {
    const double d1 = 1.7155277699214135,
                 d2 = 0.8989161620588988; /* 2 sqrt(2/e), 3 - 2 sqrt(3/e) */
    int64_t popsize = good + bad;
    int64_t n = sample < popsize - sample ? sample : popsize - sample;
    int64_t mgb = good < bad ? good : bad, xgb = good < bad ? bad : good;
    double p = (double)mgb / (double)popsize, q = (double)xgb / (double)popsize;
    double mu = (double)n * p, a = mu + 0.5;
    double var = (double)(popsize - n) * (double)n * p * q / (double)(popsize - 1);
    double c = sqrt(var + 0.5), h = d1 * c + d2;
    int64_t m = (int64_t)floor((double)(n + 1) * (double)(mgb + 1) / (double)(popsize + 2));
    double gm =
        logfactorial(m) + logfactorial(mgb - m) + logfactorial(n - m) + logfactorial(xgb - n + m);
    double bound = floor(a + 16 * c), len = (double)((n < mgb ? n : mgb) + 1);
    double b = len < bound ? len : bound;
    int64_t k;
    for (;;) {
        double u = nd__next_double(g), v = nd__next_double(g), x = a + h * (v - 0.5) / u;
        if (x < 0.0 || x >= b) continue;
        k = (int64_t)floor(x);
        double t = gm - (logfactorial(k) + logfactorial(mgb - k) + logfactorial(n - k) +
                         logfactorial(xgb - n + k));
        if (u * (4.0 - u) - 3.0 <= t) break;
        if (u * (u - t) >= 1) continue;
        if (2.0 * log(u) <= t) break;
    }
    if (good > bad) k = n - k;
    if (n < sample) k = good - k;
    return k;
}

int64_t nd__hypergeometric(nd_rng *g, double ngood, double nbad, double nsample) {
    int64_t good = (int64_t)ngood, bad = (int64_t)nbad, sample = (int64_t)nsample;
    if (sample >= 10 && sample <= good + bad - 10) return hyper_hrua(g, good, bad, sample);
    return hyper_sample(g, good, bad, sample);
}
