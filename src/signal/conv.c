/* np.convolve and np.correlate: a blocked direct loop for short kernels,
   real or complex FFTs (nd_rfft / nd_fft) for long ones, chosen by size.
   Integers and bool always take the exact direct loop (in int64, which
   wraps like NumPy's narrower types once cast back). */
#include <string.h>

#include "core/internal.h"
#include "nd/fft.h"
#include "nd/manip.h"
#include "nd/signal.h"
#include "nd/ufunc.h"
#include "nd/view.h"
#include "signal/signal_internal.h"

/* The output block of the direct loop: its slice of c stays in L1 while
   every kernel tap adds its scaled copy of a. */
enum { BLOCK = 2048 };

/* Full-length direct convolution of a (n) and v (m) into c (n + m - 1),
   for a numeric element type T with products T*T. */
#define DIRECT(name, T)                                                                            \
    static void name(const T *a, int64_t n, const T *v, int64_t m, T *c) {                         \
        int64_t L = n + m - 1;                                                                     \
        for (int64_t b0 = 0; b0 < L; b0 += BLOCK) {                                                \
            int64_t b1 = b0 + BLOCK < L ? b0 + BLOCK : L;                                          \
            for (int64_t k = b0; k < b1; k++) c[k] = 0;                                            \
            for (int64_t j = 0; j < m; j++) {                                                      \
                /* c[k] += v[j] * a[k - j] for k - j in [0, n) */                                  \
                int64_t lo = b0 > j ? b0 : j, hi = b1 < j + n ? b1 : j + n;                        \
                T w = v[j];                                                                        \
                const T *src = a - j;                                                              \
                for (int64_t k = lo; k < hi; k++) c[k] += w * src[k];                              \
            }                                                                                      \
        }                                                                                          \
    }
DIRECT(direct_i64, int64_t)
DIRECT(direct_f64, double)

static void direct_c128(const double *a, int64_t n, const double *v, int64_t m, double *c) {
    int64_t L = n + m - 1;
    memset(c, 0, sizeof(double) * 2 * (size_t)L);
    for (int64_t j = 0; j < m; j++) {
        double wr = v[2 * j], wi = v[2 * j + 1];
        double *d = c + 2 * j;
        for (int64_t k = 0; k < n; k++) {
            double ar = a[2 * k], ai = a[2 * k + 1];
            d[2 * k] += wr * ar - wi * ai;
            d[2 * k + 1] += wr * ai + wi * ar;
        }
    }
}

/* The smallest 2^a 3^b 5^c at least n: the FFT's fast lengths. */
static int64_t fast_len(int64_t n) {
    int64_t best = INT64_MAX;
    for (int64_t p5 = 1; p5 < best; p5 *= 5)
        for (int64_t p35 = p5; p35 < best; p35 *= 3) {
            int64_t p = p35;
            while (p < n) p *= 2;
            if (p < best) best = p;
            if (p35 > n) break;
        }
    return best;
}

/* Whether the FFT beats the direct loop for lengths n >= m: the direct
   loop costs n * m multiply-adds, the FFT path three transforms of the
   padded length (measured crossover, see docs/performance.md). */
static bool use_fft(int64_t n, int64_t m) {
    if (m < 64) return false;
    double L = (double)fast_len(n + m - 1), lg = 0;
    for (double t = L; t > 1; t /= 2) lg++;
    return (double)n * (double)m > 6.0 * L * lg;
}

/* Full convolution through FFTs of the padded length (a, v 1-D of work
   dtype t). */
static nd_array *fft_conv(const nd_array *a, const nd_array *v, nd_dtype t) {
    int64_t L = nd_size(a) + nd_size(v) - 1, N = fast_len(L);
    bool cx = t == ND_COMPLEX128;
    nd_array *fa = cx ? nd_fft(a, N, 0, NULL, NULL) : nd_rfft(a, N, 0, NULL, NULL);
    nd_array *fv = fa ? (cx ? nd_fft(v, N, 0, NULL, NULL) : nd_rfft(v, N, 0, NULL, NULL)) : NULL;
    nd_array *p = fv ? nd_multiply(fa, fv, fa) : NULL;
    nd_array *r = p ? (cx ? nd_ifft(p, N, 0, NULL, NULL) : nd_irfft(p, N, 0, NULL, NULL)) : NULL;
    nd_release(fa), nd_release(fv);
    if (!r) return NULL;
    char spec[32];
    snprintf(spec, sizeof spec, ":%lld", (long long)L);
    nd_array *s = nd_slice(r, spec);
    nd_release(r);
    return s;
}

enum { M_VALID, M_SAME, M_FULL };

static nd_status parse_mode(const char *F, const char *mode, int *out) {
    static const char *const names[] = {"valid", "same", "full"};
    for (int i = 0; i < 3; i++)
        if (strcmp(mode, names[i]) == 0) return *out = i, ND_OK;
    return nd__error(ND_ERR_VALUE, F, "mode must be one of 'valid', 'same', or 'full' (got '%s')",
                     mode);
}

/* The convolution of a and v (conj-reversed first for correlate). */
static nd_array *conv(const char *F, const nd_array *a, const nd_array *v, const char *mode,
                      bool corr) {
    if (!a) return nd__null_arg(F, "a"), NULL;
    if (!v) return nd__null_arg(F, "v"), NULL;
    int md = M_FULL;
    if (parse_mode(F, mode ? mode : (corr ? "valid" : "full"), &md)) return NULL;
    if (nd_ndim(a) > 1 || nd_ndim(v) > 1)
        return nd__error(ND_ERR_VALUE, F, "object too deep for desired array"), NULL;
    int64_t n = nd_size(a), m = nd_size(v);
    if (corr && n == 0)
        return nd__error(ND_ERR_VALUE, F, "first array argument cannot be empty"), NULL;
    if (corr && m == 0)
        return nd__error(ND_ERR_VALUE, F, "second array argument cannot be empty"), NULL;
    if (!corr && (n == 0 || m == 0))
        return nd__error(ND_ERR_VALUE, F,
                         n == 0 && m == 0 ? "a cannot be empty" : "v cannot be empty"),
               NULL;
    nd_dtype rt = nd_result_type(nd_get_dtype(a), nd_get_dtype(v));
    bool exact = !(rt >= ND_FLOAT16);
    nd_dtype wt = exact ? ND_INT64 : nd__sg_work_type(rt);
    nd_array *x = nd__sg_vec(F, "a", a, wt, true), *y = x ? nd__sg_vec(F, "v", v, wt, true) : NULL;
    nd_array *full = NULL, *res = NULL;
    if (!y) goto done;
    if (corr) {
        /* correlate(a, v) is convolve(a, conj(v[::-1])) in every mode */
        nd_array *r = nd_flip(y, 0), *c = r ? nd_astype(r, wt) : NULL;
        nd_release(r), nd_release(y), y = c;
        if (!y || (wt == ND_COMPLEX128 && !nd_conjugate(y, y))) goto done;
    }
    /* correlate with the longer second operand is NumPy's correlate of the
       swapped pair reversed: its "same" window starts the other side of
       the middle */
    bool mirrored = corr && n < m;
    if (n < m) {
        nd_array *t = x;
        x = y, y = t;
        int64_t k = n;
        n = m, m = k;
    }
    if (!exact && use_fft(n, m)) {
        full = fft_conv(x, y, wt);
    } else {
        int64_t L = n + m - 1;
        if (!(full = nd_empty(wt, 1, &L))) goto done;
        if (wt == ND_INT64)
            direct_i64(nd_data(x), n, nd_data(y), m, nd_data(full));
        else if (wt == ND_FLOAT64)
            direct_f64(nd_data(x), n, nd_data(y), m, nd_data(full));
        else
            direct_c128(nd_data(x), n, nd_data(y), m, nd_data(full));
    }
    if (!full) goto done;
    int64_t half = mirrored ? (m - 1) - (m - 1) / 2 : (m - 1) / 2;
    int64_t off = md == M_FULL ? 0 : md == M_SAME ? half : m - 1;
    int64_t len = md == M_FULL ? n + m - 1 : md == M_SAME ? n : n - m + 1;
    char spec[64];
    snprintf(spec, sizeof spec, "%lld:%lld", (long long)off, (long long)(off + len));
    nd_array *s = nd_slice(full, spec);
    if (s) res = nd_astype(s, rt);
    nd_release(s);
done:
    nd_release(x), nd_release(y), nd_release(full);
    return res;
}

ND_API nd_array *nd_convolve(const nd_array *a, const nd_array *v, const char *mode) {
    return conv("nd_convolve", a, v, mode, false);
}

ND_API nd_array *nd_correlate(const nd_array *a, const nd_array *v, const char *mode) {
    return conv("nd_correlate", a, v, mode, true);
}
