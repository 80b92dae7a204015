/* The vector libm stand-ins of the random fills against glibc itself:
   rng_expm1 (kernels/generic/rng_expm1.c) must return libm's expm1 bit for
   bit at every ISA level that has it, on >= 10^7 inputs spanning its
   ranges (each reduction branch, the boundaries between them to the ulp,
   the libm fallbacks); rng_pow likewise; rng_rayleigh's sqrt against
   libm's and rng_zig_exp against the ziggurat's fast path. The
   distributions' streams against NumPy are in
   test_random_dist.c. */
#include <math.h>
#include <string.h>

#include "dispatch/dispatch.h"
#include "kernels.h"
#include "nd_test.h"
#include "random/spec_math.h"
#include "random/ziggurat.h"

static const char *const isas[] = {"scalar", "baseline", "avx2", "avx512"};

/* splitmix64: the test's own inputs, independent of nd's generators */
static uint64_t mix(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static double unit(uint64_t *s) { return (double)(mix(s) >> 11) * 0x1p-53; }
static double dbits(uint64_t b) {
    double x;
    memcpy(&x, &b, 8);
    return x;
}
static uint64_t bitsd(double x) {
    uint64_t b;
    memcpy(&b, &x, 8);
    return b;
}

/* n inputs: kind 0 |x| log-uniform over [2^-60, 2^10], either sign; 1
   around the multiples of ln2 / 2 (the reduction's k steps) to +-64 ulp;
   2 around glibc's range thresholds and -0.25, +-64 ulp; 3 the
   exponentials the pareto and power fills feed it (E / a, -E) */
static void inputs(uint64_t seed, int64_t n, double *x) {
    static const double edges[] = {0x1p-54,     0.34657359027997264, 1.0397207708399179,
                                   38.816242111356935, 709.782712893384, 0.25, 1.0, 0.5};
    uint64_t s = seed;
    for (int64_t i = 0; i < n; i++) {
        int kind = (int)(i % 4);
        double v;
        if (kind == 0) {
            v = exp2(-60 + 70 * unit(&s));
        } else if (kind == 1) {
            double m = floor(unit(&s) * 160) * 0.34657359027997264;
            v = dbits(bitsd(m) + (mix(&s) % 129) - 64);
        } else if (kind == 2) {
            double m = edges[mix(&s) % 8];
            v = dbits(bitsd(m) + (mix(&s) % 129) - 64);
        } else {
            double e = -log1p(-unit(&s));
            v = (mix(&s) & 1) ? -e : e / (0.05 + 4 * unit(&s));
        }
        x[i] = (mix(&s) & 1) ? -v : v;
    }
}

START_TEST(expm1_is_glibc) {
    enum { N = 1 << 20, ROUNDS = 10 };
    double *x = malloc(sizeof(double) * N), *y = malloc(sizeof(double) * N);
    int levels = 0;
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(isas[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        const nd_ktable *k = nd__kernels();
        if (!k->rng_expm1) continue;
        levels++;
        int64_t bad = 0;
        for (int r = 0; r < ROUNDS; r++) {
            inputs(1000 + (uint64_t)r, N, x);
            /* in place, as the fills call it; odd lengths: the padded tail */
            memcpy(y, x, sizeof(double) * N);
            k->rng_expm1(y, y, N - r);
            for (int64_t i = 0; i < N - r; i++) {
                double w = expm1(x[i]);
                if (bitsd(w) != bitsd(y[i]) && !(isnan(w) && isnan(y[i])) && bad++ < 5)
                    fprintf(stderr, "%s: expm1(%a) = %a, glibc %a\n", isas[l], x[i], y[i], w);
            }
        }
        static const double special[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, 0x1p-1074, -0x1p-1074,
                                         0x1p-1022, 710.0, -710.0, 709.78, -40.0, 1e-17, -1e-17};
        enum { NS = sizeof special / sizeof *special };
        k->rng_expm1(y, special, NS);
        for (int i = 0; i < NS; i++) {
            double w = expm1(special[i]);
            if (bitsd(w) != bitsd(y[i]) && !(isnan(w) && isnan(y[i])) && bad++ < 5)
                fprintf(stderr, "%s: expm1(%a) = %a, glibc %a\n", isas[l], special[i], y[i], w);
        }
        ck_assert_msg(bad == 0, "%s: %lld of %d inputs differ from glibc's expm1", isas[l],
                      (long long)bad, ROUNDS * N);
    }
    nd_set_isa(nd_isa_best());
    if (!levels) fprintf(stderr, "expm1_is_glibc: no level has rng_expm1 here\n");
    free(x), free(y);
}
END_TEST

/* pow(x, b): x log-uniform over [2^-60, 2^12] (weibull's exponentials and
   power's 1 - e^-E in (0, 1) both inside), around 1 to +-2^-6, around
   the table's interval edges; b from weibull's and power's 1 / a */
START_TEST(pow_is_glibc) {
    enum { N = 1 << 20 };
    static const double bs[] = {1 / 1.7, 1 / 0.7, 2.0, 1 / 5.0, 1 / 3.0, 0.01, 17.5, -1.3, 1e-20, 1.0};
    enum { NB = sizeof bs / sizeof *bs };
    double *x = malloc(sizeof(double) * N), *y = malloc(sizeof(double) * N);
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(isas[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        const nd_ktable *k = nd__kernels();
        if (!k->rng_pow) continue;
        int64_t bad = 0, total = 0, misses = 0;
        for (int r = 0; r < NB; r++) {
            uint64_t s = 77 + (uint64_t)r;
            for (int64_t i = 0; i < N; i++) {
                int kind = (int)(i % 4);
                if (kind == 0 || kind == 3)
                    x[i] = exp2(-60 + 72 * unit(&s));
                else if (kind == 1)
                    x[i] = 1 + (unit(&s) - 0.5) * 0x1p-5;
                else /* a table edge: bits 0x3fe6a << 48 + m 2^45, +-64 ulp */
                    x[i] = dbits(0x3fe6a00000000000ull + ((mix(&s) % 256) << 45) +
                                 (mix(&s) % 129) - 64);
            }
            x[0] = 0.0, x[1] = 1.0, x[2] = 0x1p-1074, x[3] = INFINITY, x[4] = NAN, x[5] = -2.0;
            memcpy(y, x, sizeof(double) * N); /* in place, as the fills call it */
            misses += k->rng_pow(y, y, bs[r], N - r);
            total += N - r;
            for (int64_t i = 0; i < N - r; i++) {
                double w = pow(x[i], bs[r]);
                if (bitsd(w) != bitsd(y[i]) && !(isnan(w) && isnan(y[i])) && bad++ < 5)
                    fprintf(stderr, "%s: pow(%a, %a) = %a, glibc %a\n", isas[l], x[i], bs[r],
                            y[i], w);
            }
        }
        fprintf(stderr, "%s: pow fallbacks %.2f%% of %lld\n", isas[l],
                100.0 * (double)misses / (double)total, (long long)total);
        ck_assert_msg(bad == 0, "%s: %lld of %lld inputs differ from glibc's pow", isas[l],
                      (long long)bad, (long long)total);
        /* the fallbacks are the close cases, not every lane */
        ck_assert_msg(misses < total / 4, "%s: %lld fallbacks", isas[l], (long long)misses);
    }
    nd_set_isa(nd_isa_best());
    free(x), free(y);
}
END_TEST

/* rng_rayleigh: scale * sqrt(2 z) with sqrt correctly rounded, as libm's
   (the hardware's) sqrt gives it, bit for bit: z log-uniform over the
   whole range (subnormals, the fallback bounds 2^-960 and 2^960 around),
   z = x / 2 for x next to the squares of midpoints (m + 1/2)^2 2^2e (the
   hard cases: sqrt within a hair of a rounding boundary), exact squares
   and powers of 4 (s a power of 2) and their neighbours, the exponentials
   rayleigh feeds it; 0, -0, negatives, inf, NaN. In place, as the fill
   calls it, and with odd lengths (the masked tail). */
START_TEST(rayleigh_is_sqrt) {
    enum { N = 1 << 20, ROUNDS = 8 };
    static const double scales[ROUNDS] = {2.5, 1.0, 1e-300, 3e300, 0.1, 7.0, 1e-5, 1.5};
    double *z = malloc(sizeof(double) * N), *y = malloc(sizeof(double) * N);
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(isas[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        const nd_ktable *k = nd__kernels();
        if (!k->rng_rayleigh) continue;
        int64_t bad = 0, total = 0;
        for (int r = 0; r < ROUNDS; r++) {
            uint64_t s = 555 + (uint64_t)r;
            for (int64_t i = 0; i < N; i++) {
                int kind = (int)(i % 5);
                double v;
                if (kind == 0) {
                    v = dbits(mix(&s) % bitsd(INFINITY));
                } else if (kind == 1) { /* (m + 1/2)^2 4^e, m of 53 bits, +-4 ulp */
                    long double m = (long double)((mix(&s) >> 11) | (UINT64_C(1) << 52)) + 0.5L;
                    long double sq = m * m; /* 2^104..2^106, an even power of 2 off */
                    v = ldexp((double)sq, 2 * ((int)(mix(&s) % 200) - 100) - 104);
                    v = dbits(bitsd(v) + (mix(&s) % 9) - 4);
                } else if (kind == 2) { /* exact squares and powers of 4, +-2 ulp */
                    double m = (mix(&s) & 1) ? 1.0 : (double)(mix(&s) >> 38);
                    v = ldexp(m * m, 2 * ((int)(mix(&s) % 400) - 200));
                    v = dbits(bitsd(v) + (mix(&s) % 5) - 2);
                } else if (kind == 3) { /* around the range bounds */
                    v = dbits(bitsd((mix(&s) & 1) ? 0x1p-960 : 0x1p960) + (mix(&s) % 65) - 32);
                } else {
                    v = -log1p(-unit(&s)) * 2;
                }
                z[i] = v / 2;
            }
            z[0] = 0.0, z[1] = -0.0, z[2] = INFINITY, z[3] = NAN, z[4] = -2.0, z[5] = 0x1p-1074;
            memcpy(y, z, sizeof(double) * N);
            k->rng_rayleigh(y, y, scales[r], N - r);
            total += N - r;
            for (int64_t i = 0; i < N - r; i++) {
                double w = scales[r] * sqrt(2.0 * z[i]);
                if (bitsd(w) != bitsd(y[i]) && !(isnan(w) && isnan(y[i])) && bad++ < 5)
                    fprintf(stderr, "%s: rayleigh(%a, scale %a) = %a, libm %a\n", isas[l], z[i],
                            scales[r], y[i], w);
            }
        }
        ck_assert_msg(bad == 0, "%s: %lld of %lld values differ from libm's sqrt", isas[l],
                      (long long)bad, (long long)total);
    }
    nd_set_isa(nd_isa_best());
    free(z), free(y);
}
END_TEST

/* rng_zig_exp against the ziggurat's fast path written out here: the
   prefix length and its values, on raw words where about one in 45 leaves
   the fast path, at every length 0..300 and offset (masked tails). */
START_TEST(zig_exp_is_fast_path) {
    enum { N = 300 };
    uint64_t raw[N];
    double out[N];
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(isas[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        const nd_ktable *k = nd__kernels();
        if (!k->rng_zig_exp) continue;
        uint64_t s = 99;
        for (int rep = 0; rep < 20000; rep++) {
            int64_t n = (int64_t)(mix(&s) % (N + 1));
            for (int64_t i = 0; i < n; i++) raw[i] = mix(&s);
            if (rep % 3 == 0) /* every draw on the fast path */
                for (int64_t i = 0; i < n; i++) raw[i] &= ~(UINT64_C(1) << 63);
            int64_t want = n;
            for (int64_t i = 0; i < n; i++) {
                uint64_t ri = raw[i] >> 3;
                int idx = (int)(ri & 0xff);
                ri >>= 8;
                if (ri >= nd__zig_ke_double[idx]) {
                    want = i;
                    break;
                }
            }
            int64_t got = k->rng_zig_exp(out, raw, n, nd__zig_ke_double, nd__zig_we_double);
            ck_assert_msg(got == want, "%s: prefix %lld, want %lld", isas[l], (long long)got,
                          (long long)want);
            for (int64_t i = 0; i < got; i++) {
                uint64_t ri = raw[i] >> 11;
                double x = (double)ri * nd__zig_we_double[(raw[i] >> 3) & 0xff];
                ck_assert_msg(bitsd(x) == bitsd(out[i]), "%s: draw %lld: %a, want %a", isas[l],
                              (long long)i, out[i], x);
            }
        }
    }
    nd_set_isa(nd_isa_best());
}
END_TEST

/* spec_math.h's bounded logs and exp (negative_binomial's decisions)
   against long double on 10^7 arguments each: their stated bounds, with
   room, and glibc's log and exp within the 2^-52 relative the decisions
   assume of them. */
START_TEST(spec_bounds) {
    enum { M = 10000000 };
    uint64_t s = 0x5eed;
    long double worst_log = 0, worst_log8 = 0, worst_exp = 0, worst_glibc = 0;
    for (int64_t i = 0; i < M; i++) {
        double x;
        switch (i % 4) {
        case 0: /* over the whole normal range */
            x = dbits(bitsd(0x1p-1021) + mix(&s) % (bitsd(0x1p1023) - bitsd(0x1p-1021)));
            break;
        case 1: /* the uniforms the samplers log */
            x = (double)((mix(&s) >> 11) | 1) * 0x1p-53;
            break;
        case 2: /* near 1 and the reduction's edge sqrt(1/2) (times 2^k) */
            x = dbits(bitsd((mix(&s) & 1) ? 1.0 : 0.7071067811865476) + (mix(&s) % 4097) - 2048);
            x = ldexp(x, (int)(mix(&s) % 21) - 10);
            break;
        default: /* PTRS's arguments: lam, 1/alpha, a / us^2 + b */
            x = exp2(3.3 + 60 * unit(&s));
        }
        long double want = logl((long double)x);
        long double err = fabsl((long double)nd__spec_log(x) - want) / (1 + fabsl(want));
        if (err > worst_log) worst_log = err;
        long double g = fabsl((long double)log(x) - want) / fabsl(want == 0 ? 1 : want);
        if (want != 0 && g > worst_glibc) worst_glibc = g;
        ck_assert_msg(err < 0x1p-34L, "spec_log(%a): error %Lg", x, err);
        long double err8 = fabsl((long double)nd__spec_log8(x) - want);
        if (err8 > worst_log8) worst_log8 = err8;
        ck_assert_msg(err8 < 0x1p-8L, "spec_log8(%a): error %Lg", x, err8);
    }
    for (int64_t i = 0; i < M; i++) {
        double x = i % 2 ? -10 * unit(&s) : -708 * unit(&s);
        if (i % 8 == 1) /* around the multiples of ln 2 / 2 */
            x = dbits(bitsd(-0.34657359027997264 * (double)(1 + mix(&s) % 2040)) + (mix(&s) % 33) - 16);
        long double want = expl((long double)x);
        long double err = fabsl((long double)nd__spec_exp(x) / want - 1);
        if (err > worst_exp) worst_exp = err;
        long double g = fabsl((long double)exp(x) / want - 1);
        if (g > worst_glibc) worst_glibc = g;
        ck_assert_msg(err < 0x1.6a09e667f3bcdp-22L, "spec_exp(%a): error %Lg", x, err);
    }
    fprintf(stderr, "spec_log: max error %.3Lg (1 + |log x|), bound 2^-34 = %.3g\n", worst_log,
            0x1p-34);
    fprintf(stderr, "spec_log8: max error %.3Lg, bound 2^-8 = %.3g\n", worst_log8, 0x1p-8);
    fprintf(stderr, "spec_exp: max relative error %.3Lg, bound 2^-21.5 = %.3g\n", worst_exp,
            0x1.6a09e667f3bcdp-22);
    fprintf(stderr, "glibc log, exp: max relative error %.3Lg (assumed < 2^-52 = %.3g)\n",
            worst_glibc, 0x1p-52);
    ck_assert(worst_glibc < 0x1p-52L);
}
END_TEST

int main(void) {
    Suite *s = suite_create("random_libm");
    TCase *tc = tcase_create("random_libm");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, expm1_is_glibc);
    tcase_add_test(tc, pow_is_glibc);
    tcase_add_test(tc, spec_bounds);
    tcase_add_test(tc, rayleigh_is_sqrt);
    tcase_add_test(tc, zig_exp_is_fast_path);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
