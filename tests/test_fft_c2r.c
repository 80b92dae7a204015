/* numpy.fft.irfft (and hfft) of odd n: nd's real backward path
   (nd__fft_run_rodd_inv, the transpose of rfft's real first pass) against
   an exact inverse DFT in long double and NumPy 1.24's pocketfft on the
   same input, for every odd length to 1023 and sampled long ones (mixed,
   powers of odd primes, large primes through Bluestein); float32 against
   its stated bound; batched lines bitwise the same at 1 and 2 threads. */
#include <math.h>
#include <unistd.h>

#include "nd_fft_gen.h"
#include "nd_test.h"

/* nd's relative RMS error at most this many times pocketfft's (the
   printout of test_irfft_accuracy_all gives the measured worst; the
   complex path irfft of odd n took before had 1.9x at n = 27) */
#define C2R_NUMPY_FACTOR 2.5

/* the half spectrum of length (n + 1)/2: re gen(k, n), im gen(k, n + 7919) */
static nd_array *spectrum(int64_t n) {
    int64_t m = n / 2 + 1;
    nd_array *a = nd_empty(ND_COMPLEX128, 1, &m);
    double *p = nd_data(a);
    for (int64_t k = 0; k < m; k++) p[2 * k] = gen(k, n), p[2 * k + 1] = gen(k, n + 7919);
    return a;
}

/* NumPy's irfft(spectrum(n), n) for each n, concatenated */
static double *numpy_irffts(const int64_t *ns, int count, int64_t total) {
    return numpy_per_length(ns, count,
                            "    m = n // 2 + 1\n    x = gen(m, n) + 1j * gen(m, n + 7919)\n"
                            "    f.write(np.fft.irfft(x, n).tobytes())\n",
                            (size_t)total);
}

/* exact x_t = (X_0.re + 2 sum_(f=1..h) Re(X_f exp(2 pi i f t/n)))/n; rc, rs
   hold cos and sin of 2 pi m/n, m < n */
static long double exact_c2r(int64_t n, const double *X, int64_t t, const long double *rc,
                             const long double *rs) {
    long double s = X[0];
    int64_t idx = 0;
    for (int64_t f = 1; f <= n / 2; f++) {
        idx += t;
        if (idx >= n) idx -= n;
        s += 2 * (X[2 * f] * rc[idx] - X[2 * f + 1] * rs[idx]);
    }
    return s / (long double)n;
}

static void roots(int64_t n, long double **rc, long double **rs) {
    *rc = malloc(sizeof(long double) * (size_t)n), *rs = malloc(sizeof(long double) * (size_t)n);
    for (int64_t m = 0; m < n; m++) {
        long double a = 6.283185307179586476925286766559005768L * (long double)m / (long double)n;
        (*rc)[m] = cosl(a), (*rs)[m] = sinl(a);
    }
}

/* relative RMS errors of y (nd) and z (NumPy) over the outputs listed (all
   when ts NULL) */
static void c2r_errors(int64_t n, const double *X, const double *y, const double *z,
                       const int64_t *ts, int nt, double *ey, double *ez) {
    long double sy = 0, sz = 0, sr = 0, *rc, *rs;
    roots(n, &rc, &rs);
    int64_t count = ts ? nt : n;
    for (int64_t b = 0; b < count; b++) {
        int64_t t = ts ? ts[b] : b;
        long double r = exact_c2r(n, X, t, rc, rs);
        sy += (y[t] - r) * (y[t] - r), sz += (z[t] - r) * (z[t] - r), sr += r * r;
    }
    free(rc), free(rs);
    *ey = (double)sqrtl(sy / sr), *ez = (double)sqrtl(sz / sr);
}

/* every odd n to 1023: err(nd) <= C2R_NUMPY_FACTOR err(NumPy) */
START_TEST(test_irfft_accuracy_all) {
    enum { NMAX = 1023, NN = (NMAX + 1) / 2 };
    int64_t ns[NN], total = 0;
    for (int i = 0; i < NN; i++) ns[i] = 2 * i + 1, total += ns[i];
    double *z = numpy_irffts(ns, NN, total);
    int64_t off = 0;
    double worst = 0;
    int64_t worst_n = 0;
    int nover = 0;
    for (int i = 0; i < NN; i++) {
        int64_t n = ns[i];
        nd_array *X = spectrum(n), *y = nd_irfft(X, n, 0, NULL, NULL);
        ck_assert(y != NULL);
        ck_assert_int_eq(nd_shape(y)[0], n);
        double ey, ez;
        c2r_errors(n, nd_data(X), nd_data(y), z + off, NULL, 0, &ey, &ez);
        double ratio = ey / (ez > 0 ? ez : 1e-300);
        if (ey > 0 && ratio > worst) worst = ratio, worst_n = n;
        if (ey > ez) nover++;
        ck_assert_msg(ey <= C2R_NUMPY_FACTOR * ez + 1e-18,
                      "irfft n=%lld: nd's error %.3g > %g x NumPy's %.3g", (long long)n, ey,
                      C2R_NUMPY_FACTOR, ez);
        off += n;
        nd_release(X), nd_release(y);
    }
    printf("irfft accuracy, odd 1..1023: nd's error above NumPy's at %d of %d lengths, worst "
           "ratio %.3f at n=%lld\n",
           nover, NN, worst, (long long)worst_n);
    free(z);
}
END_TEST

/* long odd lengths, 24 sampled outputs each: mixed, powers of 3, 5, 7, a
   factor past the direct passes (59 * 509, 263^2) and primes (Bluestein) */
START_TEST(test_irfft_accuracy_long) {
    static const int64_t ns[] = {59049, 78125, 16807, 30031, 15015, 3 * 1009, 263 * 263, 65537,
                                 1000003};
    enum { NL = sizeof ns / sizeof ns[0], NT = 24 };
    int64_t total = 0;
    for (int i = 0; i < NL; i++) total += ns[i];
    double *z = numpy_irffts(ns, NL, total);
    int64_t off = 0;
    for (int i = 0; i < NL; i++) {
        int64_t n = ns[i], ts[NT];
        for (int b = 0; b < NT; b++)
            ts[b] = (int64_t)((uint64_t)(b * 2654435761u + 12345) % (uint64_t)n);
        nd_array *X = spectrum(n), *y = nd_irfft(X, n, 0, NULL, NULL);
        ck_assert(y != NULL);
        double ey, ez;
        c2r_errors(n, nd_data(X), nd_data(y), z + off, ts, NT, &ey, &ez);
        printf("irfft accuracy n=%lld: nd %.3g NumPy %.3g\n", (long long)n, ey, ez);
        ck_assert_msg(ey <= C2R_NUMPY_FACTOR * ez + 1e-18,
                      "irfft n=%lld: nd's error %.3g > %g x NumPy's %.3g", (long long)n, ey,
                      C2R_NUMPY_FACTOR, ez);
        off += n;
        nd_release(X), nd_release(y);
    }
    free(z);
}
END_TEST

/* float32 (complex64 in, float32 out, computed in single precision): the
   stated bound eps32 (2 log2 n + 4) relative RMS against the exact result */
START_TEST(test_irfft_f32) {
    static const int64_t ns[] = {1, 3, 5, 7, 9, 11, 13, 15, 21, 25, 27, 45, 49, 77, 97, 121, 143,
                                 169, 225, 243, 263, 343, 625, 1001, 2187, 3125, 15015, 65537};
    for (int i = 0; i < (int)(sizeof ns / sizeof ns[0]); i++) {
        int64_t n = ns[i];
        nd_array *X = spectrum(n), *X32 = nd_astype(X, ND_COMPLEX64);
        nd_array *Xr = nd_astype(X32, ND_COMPLEX128); /* the input the float32 path sees */
        nd_array *y = nd_irfft(X32, n, 0, NULL, NULL);
        ck_assert(y != NULL);
        ck_assert_int_eq(nd_get_dtype(y), ND_FLOAT32);
        const float *v = nd_data(y);
        const double *Xd = nd_data(Xr);
        long double se = 0, sr = 0, *rc, *rs;
        roots(n, &rc, &rs);
        int64_t step = n > 2000 ? n / 97 : 1;
        for (int64_t t = 0; t < n; t += step) {
            long double r = exact_c2r(n, Xd, t, rc, rs);
            se += (v[t] - r) * (v[t] - r), sr += r * r;
        }
        free(rc), free(rs);
        double e = (double)sqrtl(se / sr), bound = 0x1p-23 * (2 * log2((double)n + 1) + 4);
        ck_assert_msg(e <= bound, "n=%lld: float32 error %.3g > %.3g", (long long)n, e, bound);
        nd_release(X), nd_release(X32), nd_release(Xr), nd_release(y);
    }
}
END_TEST

/* hfft (conjugated input), norms, zero-padding and cropping to an odd n,
   strided input, every axis of a 2-D array: values against NumPy */
START_TEST(test_c2r_numpy_cases) {
    static const struct {
        const char *fn;
        int64_t rows, cols, n;
        int axis;
        const char *norm;
    } cases[] = {{"irfft", 1, 13, 25, 1, NULL},     {"irfft", 1, 40, 21, 1, "ortho"},
                 {"irfft", 1, 8, 15, 1, "forward"}, {"hfft", 1, 9, 17, 1, NULL},
                 {"hfft", 1, 30, 45, 1, "ortho"},   {"irfft", 7, 6, 11, 0, NULL},
                 {"irfft", 5, 51, 101, 1, NULL},    {"irfft", 33, 3, 65, 0, "backward"},
                 {"hfft", 4, 12, 1, 1, NULL},       {"irfft", 3, 50, 99, 1, NULL}};
    for (int c = 0; c < (int)(sizeof cases / sizeof cases[0]); c++) {
        int64_t shape[2] = {cases[c].rows, cases[c].cols}, n = cases[c].n;
        nd_array *X = nd_empty(ND_COMPLEX128, 2, shape);
        double *p = nd_data(X);
        for (int64_t k = 0; k < shape[0] * shape[1]; k++)
            p[2 * k] = gen(k, 3 + c), p[2 * k + 1] = gen(k, 11 + c);
        nd_array *y = strcmp(cases[c].fn, "hfft") == 0
                          ? nd_hfft(X, n, cases[c].axis, cases[c].norm, NULL)
                          : nd_irfft(X, n, cases[c].axis, cases[c].norm, NULL);
        ck_assert_msg(y != NULL, "case %d", c);
        char script[2048];
        snprintf(script, sizeof script,
                 PY_GEN "k = %lld\nx = (gen(k, %d) + 1j * gen(k, %d)).reshape(%lld, %lld)\n"
                        "y = np.fft.%s(x, %lld, axis=%d, norm=%s)\n"
                        "print(y.shape[0], y.shape[1])\nprint(' '.join(repr(v) for v in y.ravel()))\n",
                 (long long)(shape[0] * shape[1]), 3 + c, 11 + c, (long long)shape[0],
                 (long long)shape[1], cases[c].fn, (long long)n, cases[c].axis,
                 cases[c].norm ? (strcmp(cases[c].norm, "ortho") == 0     ? "'ortho'"
                                  : strcmp(cases[c].norm, "forward") == 0 ? "'forward'"
                                                                           : "'backward'")
                               : "None");
        char *out = nd_test_python(script), *q = out;
        ck_assert(out != NULL);
        long r0 = strtol(q, &q, 10), r1 = strtol(q, &q, 10);
        ck_assert_msg(nd_ndim(y) == 2 && nd_shape(y)[0] == r0 && nd_shape(y)[1] == r1, "case %d",
                      c);
        nd_array *yc = nd_copy(y);
        const double *v = nd_data(yc);
        double big = 0, *ref = malloc(sizeof(double) * (size_t)(r0 * r1));
        for (long j = 0; j < r0 * r1; j++) ref[j] = strtod(q, &q), big = fmax(big, fabs(ref[j]));
        for (long j = 0; j < r0 * r1; j++)
            ck_assert_msg(fabs(v[j] - ref[j]) <= 1e-13 * (big > 1 ? big : 1) * 8,
                          "case %d (%s) element %ld: nd %.17g NumPy %.17g", c, cases[c].fn, j,
                          v[j], ref[j]);
        free(ref), free(out);
        nd_release(yc), nd_release(y), nd_release(X);
    }
}
END_TEST

/* batched irfft of odd n, along the contiguous and the strided axis: the
   same bits at 1 and 2 threads, and each line the same bits as the line
   transformed alone (blocking changes no line) */
START_TEST(test_irfft_threads_bitwise) {
    int64_t shape[2] = {300, 501};
    nd_array *X = nd_empty(ND_COMPLEX128, 2, shape);
    double *p = nd_data(X);
    for (int64_t k = 0; k < 300 * 501; k++) p[2 * k] = gen(k, 5), p[2 * k + 1] = gen(k, 6);
    int keep = nd_get_num_threads();
    for (int axis = 0; axis < 2; axis++) {
        int64_t n = 2 * shape[axis] - 1;
        nd_set_num_threads(1);
        nd_array *a = nd_irfft(X, n, axis, NULL, NULL);
        nd_set_num_threads(2);
        long long prev = nd_debug_flat_threshold(1);
        nd_array *b = nd_irfft(X, n, axis, NULL, NULL);
        nd_debug_flat_threshold(prev);
        ck_assert(a && b);
        ck_assert_msg(memcmp(nd_data(a), nd_data(b), (size_t)nd_nbytes(a)) == 0, "axis %d", axis);
        /* line 17 alone */
        int64_t at[2] = {17, 17};
        at[axis] = 0;
        int64_t m = shape[axis];
        nd_array *line = nd_empty(ND_COMPLEX128, 1, &m);
        double *l = nd_data(line);
        for (int64_t j = 0; j < m; j++) {
            int64_t r = axis ? at[0] : j, cix = axis ? j : at[1];
            l[2 * j] = p[2 * (r * shape[1] + cix)], l[2 * j + 1] = p[2 * (r * shape[1] + cix) + 1];
        }
        nd_array *one = nd_irfft(line, n, 0, NULL, NULL);
        ck_assert(one != NULL);
        const double *av = nd_data(a), *ov = nd_data(one);
        for (int64_t t = 0; t < n; t++) {
            double want = axis ? av[17 * n + t] : av[t * shape[1] + 17];
            ck_assert_msg(memcmp(&want, &ov[t], 8) == 0, "axis %d t %lld", axis, (long long)t);
        }
        nd_release(a), nd_release(b), nd_release(line), nd_release(one);
    }
    nd_set_num_threads(keep);
    nd_release(X);
}
END_TEST

int main(void) {
    Suite *s = suite_create("fft_c2r");
    TCase *tc = tcase_create("fft_c2r");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_irfft_accuracy_all);
    tcase_add_test(tc, test_irfft_accuracy_long);
    tcase_add_test(tc, test_irfft_f32);
    tcase_add_test(tc, test_c2r_numpy_cases);
    tcase_add_test(tc, test_irfft_threads_bitwise);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
