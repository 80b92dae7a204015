/* Window functions (np.bartlett, blackman, hamming, hanning, kaiser) and
   the two special functions they and users need: np.sinc and np.i0. */
#include <math.h>

#include "core/internal.h"
#include "nd/signal.h"
#include "nd/ufunc.h"
#include "signal/signal_internal.h"

typedef enum { W_BARTLETT, W_BLACKMAN, W_HAMMING, W_HANNING } window_kind;

/* One window of M points from NumPy's formula over n = 1-M, 3-M, ..., M-1. */
static nd_array *cosine_window(const char *F, int64_t M, window_kind k) {
    (void)F;
    int64_t len = M < 1 ? 0 : M;
    nd_array *r = nd_empty(ND_FLOAT64, 1, &len);
    if (!r) return NULL;
    double *w = nd_data(r);
    for (int64_t i = 0; i < len; i++) {
        if (M == 1) {
            w[i] = 1.0;
            continue;
        }
        double n = (double)(1 - M + 2 * i), t = n / (double)(M - 1);
        switch (k) {
        case W_BARTLETT:
            w[i] = n <= 0 ? 1 + t : 1 - t;
            break;
        case W_BLACKMAN:
            w[i] = 0.42 + 0.5 * cos(M_PI * n / (double)(M - 1)) +
                   0.08 * cos(2.0 * M_PI * n / (double)(M - 1));
            break;
        case W_HAMMING:
            w[i] = 0.54 + 0.46 * cos(M_PI * n / (double)(M - 1));
            break;
        case W_HANNING:
            w[i] = 0.5 + 0.5 * cos(M_PI * n / (double)(M - 1));
            break;
        }
    }
    return r;
}

ND_API nd_array *nd_bartlett(int64_t M) { return cosine_window("nd_bartlett", M, W_BARTLETT); }
ND_API nd_array *nd_blackman(int64_t M) { return cosine_window("nd_blackman", M, W_BLACKMAN); }
ND_API nd_array *nd_hamming(int64_t M) { return cosine_window("nd_hamming", M, W_HAMMING); }
ND_API nd_array *nd_hanning(int64_t M) { return cosine_window("nd_hanning", M, W_HANNING); }

/* Cephes' Chebyshev coefficients of exp(-x) I0(x) on [0, 8] (A) and of
   exp(-x) sqrt(x) I0(x) in 8/x on (8, inf) (B), the series NumPy uses. */
static const double i0A[30] = {
    -4.4153416464793395e-18, 3.3307945188222384e-17, -2.431279846547955e-16, 1.715391285555133e-15,
    -1.1685332877993451e-14, 7.676185498604936e-14,  -4.856446783111929e-13, 2.95505266312964e-12,
    -1.726826291441556e-11,  9.675809035373237e-11,  -5.189795601635263e-10, 2.6598237246823866e-09,
    -1.300025009986248e-08,  6.046995022541919e-08,  -2.670793853940612e-07, 1.1173875391201037e-06,
    -4.4167383584587505e-06, 1.6448448070728896e-05, -5.754195010082104e-05, 0.00018850288509584165,
    -0.0005763755745385824,  0.0016394756169413357,  -0.004324309995050576,  0.010546460394594998,
    -0.02373741480589947,    0.04930528423967071,    -0.09490109704804764,   0.17162090152220877,
    -0.3046826723431984,     0.6767952744094761};
static const double i0B[25] = {
    -7.233180487874754e-18,  -4.830504485944182e-18,  4.46562142029676e-17,
    3.461222867697461e-17,   -2.8276239805165836e-16, -3.425485619677219e-16,
    1.7725601330565263e-15,  3.8116806693526224e-15,  -9.554846698828307e-15,
    -4.150569347287222e-14,  1.54008621752141e-14,    3.8527783827421426e-13,
    7.180124451383666e-13,   -1.7941785315068062e-12, -1.3215811840447713e-11,
    -3.1499165279632416e-11, 1.1889147107846439e-11,  4.94060238822497e-10,
    3.3962320257083865e-09,  2.266668990498178e-08,   2.0489185894690638e-07,
    2.8913705208347567e-06,  6.889758346916825e-05,   0.0033691164782556943,
    0.8044904110141088};

/* Clenshaw's sum of a Chebyshev series in x (Cephes' chbevl). */
static double chbevl(double x, const double *c, int n) {
    double b0 = c[0], b1 = 0, b2 = 0;
    for (int i = 1; i < n; i++) b2 = b1, b1 = b0, b0 = x * b1 - b2 + c[i];
    return 0.5 * (b0 - b2);
}

double nd__sg_i0(double x) {
    x = fabs(x);
    if (x <= 8.0) return exp(x) * chbevl(x / 2.0 - 2, i0A, 30);
    return exp(x) * chbevl(32.0 / x - 2.0, i0B, 25) / sqrt(x);
}

ND_API nd_array *nd_kaiser(int64_t M, double beta) {
    int64_t len = M < 1 ? 0 : M;
    nd_array *r = nd_empty(ND_FLOAT64, 1, &len);
    if (!r) return NULL;
    double *w = nd_data(r), alpha = (double)(M - 1) / 2.0, den = nd__sg_i0(beta);
    for (int64_t i = 0; i < len; i++) {
        double t = ((double)i - alpha) / alpha;
        w[i] = M == 1 ? 1.0 : nd__sg_i0(beta * sqrt(1 - pow(t, 2.0))) / den;
    }
    return r;
}

ND_API nd_array *nd_i0(const nd_array *x) {
    static const char *F = "nd_i0";
    if (!x) return nd__null_arg(F, "x"), NULL;
    nd_dtype t = nd_get_dtype(x);
    if (nd__is_complex(t))
        return nd__error(ND_ERR_DTYPE, F, "i0 not supported for complex values"), NULL;
    nd_array *r = nd_astype(x, ND_FLOAT64);
    if (!r) return NULL;
    double *p = nd_data(r);
    for (int64_t i = 0, n = nd_size(r); i < n; i++) p[i] = nd__sg_i0(p[i]);
    if (nd__sg_float_type(t) == ND_FLOAT64) return r;
    nd_array *o = nd_astype(r, t);
    nd_release(r);
    return o;
}

ND_API nd_array *nd_sinc(const nd_array *x) {
    static const char *F = "nd_sinc";
    if (!x) return nd__null_arg(F, "x"), NULL;
    /* NumPy's y = pi * where(x == 0, 1.0e-20, x); sin(y) / y, in x's
       float dtype (ints as float64) */
    nd_dtype t = nd__sg_float_type(nd_get_dtype(x));
    nd_array *xf = nd_astype(x, t), *zero = nd_lit_f64(0), *tiny = nd_lit_f64(1.0e-20),
             *pi = nd_lit_f64(M_PI), *mask = NULL, *w = NULL, *y = NULL, *s = NULL, *r = NULL;
    if (xf && zero && tiny && pi && (mask = nd_equal(xf, zero, NULL)) &&
        (w = nd_where(mask, tiny, xf, NULL)) && (y = nd_multiply(pi, w, NULL)) &&
        (s = nd_sin(y, NULL)))
        r = nd_true_divide(s, y, NULL);
    nd_release(xf), nd_release(zero), nd_release(tiny), nd_release(pi);
    nd_release(mask), nd_release(w), nd_release(y), nd_release(s);
    return r;
}
