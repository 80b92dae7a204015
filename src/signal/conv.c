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

/* Outputs per register block of the direct loop: each kernel tap is one
   broadcast and ACC multiply-adds into accumulators that stay in registers
   (output-stationary: no load or store of c per tap). */
enum { ACC = 8 };

/* Outputs [k0, k1) of the full convolution of a (n) and v (m), written to
   c[0 .. k1 - k0), for a numeric element type T with products T*T. Blocks
   wholly inside the overlap take the register-blocked loop; the edges take
   the bounded one. */
#define DIRECT(name, T)                                                                            \
    static void name(const T *a, int64_t n, const T *v, int64_t m, T *c, int64_t k0, int64_t k1) { \
        int64_t k = k0;                                                                            \
        for (; k < k1; k++) {                                                                      \
            if (k >= m - 1 && k + ACC <= n && k + ACC <= k1) break;                                \
            int64_t jlo = k - n + 1 > 0 ? k - n + 1 : 0, jhi = k < m - 1 ? k : m - 1;              \
            T s = 0;                                                                               \
            for (int64_t j = jlo; j <= jhi; j++) s += v[j] * a[k - j];                             \
            c[k - k0] = s;                                                                         \
        }                                                                                          \
        for (; k + ACC <= n && k + ACC <= k1; k += ACC) {                                          \
            T acc[ACC] = {0};                                                                      \
            for (int64_t j = 0; j < m; j++) {                                                      \
                T w = v[j];                                                                        \
                const T *src = a + k - j;                                                          \
                for (int t = 0; t < ACC; t++) acc[t] += w * src[t];                                \
            }                                                                                      \
            for (int t = 0; t < ACC; t++) c[k - k0 + t] = acc[t];                                  \
        }                                                                                          \
        for (; k < k1; k++) {                                                                      \
            int64_t jlo = k - n + 1 > 0 ? k - n + 1 : 0, jhi = k < m - 1 ? k : m - 1;              \
            T s = 0;                                                                               \
            for (int64_t j = jlo; j <= jhi; j++) s += v[j] * a[k - j];                             \
            c[k - k0] = s;                                                                         \
        }                                                                                          \
    }
DIRECT(direct_i64, int64_t)
DIRECT(direct_f64, double)

static void direct_c128(const double *a, int64_t n, const double *v, int64_t m, double *c,
                        int64_t k0, int64_t k1) {
    for (int64_t k = k0; k < k1; k++) {
        int64_t jlo = k - n + 1 > 0 ? k - n + 1 : 0, jhi = k < m - 1 ? k : m - 1;
        double sr = 0, si = 0;
        for (int64_t j = jlo; j <= jhi; j++) {
            double wr = v[2 * j], wi = v[2 * j + 1], ar = a[2 * (k - j)], ai = a[2 * (k - j) + 1];
            sr += wr * ar - wi * ai;
            si += wr * ai + wi * ar;
        }
        c[2 * (k - k0)] = sr, c[2 * (k - k0) + 1] = si;
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
   padded length L. Measured on this machine (one thread, n = 1e5): direct
   0.69 ms at m = 32 and 1.5 ms at m = 64, the FFT path ~1.3 ms from m = 64
   on, so the FFT is taken from n * m > 3.5 L log2 L (m ~ 60 there). */
static bool use_fft(int64_t n, int64_t m) {
    if (m < 48) return false;
    double L = (double)fast_len(n + m - 1), lg = 0;
    for (double t = L; t > 1; t /= 2) lg++;
    return (double)n * (double)m > 3.5 * L * lg;
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
    int64_t half = mirrored ? (m - 1) - (m - 1) / 2 : (m - 1) / 2;
    int64_t off = md == M_FULL ? 0 : md == M_SAME ? half : m - 1;
    int64_t len = md == M_FULL ? n + m - 1 : md == M_SAME ? n : n - m + 1;
    if (!exact && use_fft(n, m)) {
        nd_array *whole = fft_conv(x, y, wt);
        char spec[64];
        snprintf(spec, sizeof spec, "%lld:%lld", (long long)off, (long long)(off + len));
        full = whole ? nd_slice(whole, spec) : NULL;
        nd_release(whole);
    } else {
        if (!(full = nd_empty(wt, 1, &len))) goto done;
        if (wt == ND_INT64)
            direct_i64(nd_data(x), n, nd_data(y), m, nd_data(full), off, off + len);
        else if (wt == ND_FLOAT64)
            direct_f64(nd_data(x), n, nd_data(y), m, nd_data(full), off, off + len);
        else
            direct_c128(nd_data(x), n, nd_data(y), m, nd_data(full), off, off + len);
    }
    if (!full) goto done;
    res = rt == wt && nd_is_c_contiguous(full) ? nd_retain(full) : nd_astype(full, rt);
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
