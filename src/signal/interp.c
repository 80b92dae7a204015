/* np.interp: piecewise-linear interpolation with NumPy's compiled loop
   (slopes precomputed when there are fewer sample points than queries,
   the search starting from the last interval, NumPy's NaN fallbacks), real
   or complex fp, left/right and period. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "nd/signal.h"
#include "signal/signal_internal.h"

/* j with xp[j] <= x < xp[j+1]; -1 below xp[0], n above xp[n-1]; guess is
   the last answer (sorted queries hit it or its neighbour). */
static int64_t search(double x, const double *xp, int64_t n, int64_t guess) {
    if (x > xp[n - 1]) return n;
    if (x < xp[0]) return -1;
    if (guess > 0 && guess < n - 1 && xp[guess] <= x) {
        if (x < xp[guess + 1]) return guess;
        if (guess + 2 < n && x < xp[guess + 2]) return guess + 1;
    }
    int64_t lo = 0, hi = n; /* xp[lo] <= x < xp[hi] (hi = n: +inf) */
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (xp[mid] <= x)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* One component (stride st doubles) of the result at x between j, j+1. */
static double lerp(double slope, double x, const double *xp, const double *fp, int64_t j,
                   int64_t st) {
    double r = slope * (x - xp[j]) + fp[j * st];
    if (isnan(r)) {
        r = slope * (x - xp[j + 1]) + fp[(j + 1) * st];
        if (isnan(r) && fp[j * st] == fp[(j + 1) * st]) r = fp[j * st];
    }
    return r;
}

static void interp_loop(const double *x, int64_t nx, const double *xp, const double *fp, int64_t n,
                        int comps, const double *lv, const double *rv, double *res,
                        double *slopes) {
    if (slopes)
        for (int64_t i = 0; i + 1 < n; i++)
            for (int c = 0; c < comps; c++)
                slopes[i * comps + c] =
                    (fp[(i + 1) * comps + c] - fp[i * comps + c]) / (xp[i + 1] - xp[i]);
    int64_t j = 0;
    for (int64_t i = 0; i < nx; i++) {
        double xv = x[i];
        double *o = res + i * comps;
        if (isnan(xv)) {
            for (int c = 0; c < comps; c++) o[c] = c ? 0 : xv;
            if (comps == 2) o[1] = xv;
            continue;
        }
        if (n == 1) {
            const double *s = xv < xp[0] ? lv : xv > xp[0] ? rv : fp;
            for (int c = 0; c < comps; c++) o[c] = s[c];
            continue;
        }
        j = search(xv, xp, n, j);
        const double *s = NULL;
        if (j == -1)
            s = lv;
        else if (j == n)
            s = rv;
        else if (j == n - 1 || xp[j] == xv)
            s = fp + j * comps;
        if (s) {
            for (int c = 0; c < comps; c++) o[c] = s[c];
            if (j == n) j = n - 1;
            if (j == -1) j = 0;
            continue;
        }
        for (int c = 0; c < comps; c++) {
            double slope =
                slopes ? slopes[j * comps + c]
                       : (fp[(j + 1) * comps + c] - fp[j * comps + c]) / (xp[j + 1] - xp[j]);
            o[c] = lerp(slope, xv, xp, fp + c, j, comps);
        }
    }
}

/* NumPy's float modulo (the divisor's sign). */
static double pmod(double a, double b) {
    double r = fmod(a, b);
    if (r != 0) {
        if ((b < 0) != (r < 0)) r += b;
    } else {
        r = copysign(0.0, b);
    }
    return r;
}

typedef struct {
    double x;
    int64_t i;
} keyed;

static int by_key(const void *p, const void *q) {
    const keyed *a = p, *b = q;
    if (a->x < b->x) return -1;
    if (a->x > b->x) return 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* The periodic form: xp and fp sorted by xp mod period and extended by one
   point on each side (NumPy's wrap), written into new buffers. */
static nd_status wrap_period(const char *F, double period, const double *xp, const double *fp,
                             int64_t n, int comps, double **xo, double **fo) {
    keyed *k = nd__malloc(sizeof(keyed) * (size_t)n);
    *xo = nd__malloc(sizeof(double) * (size_t)(n + 2));
    *fo = nd__malloc(sizeof(double) * (size_t)(n + 2) * (size_t)comps);
    if (!k || !*xo || !*fo) {
        nd__free(k);
        return nd__nomem(F, sizeof(double) * (size_t)(n + 2) * 3);
    }
    for (int64_t i = 0; i < n; i++) k[i].x = pmod(xp[i], period), k[i].i = i;
    qsort(k, (size_t)n, sizeof(keyed), by_key);
    for (int64_t i = 0; i < n; i++) {
        (*xo)[i + 1] = k[i].x;
        memcpy(*fo + (i + 1) * comps, fp + k[i].i * comps, sizeof(double) * (size_t)comps);
    }
    (*xo)[0] = k[n - 1].x - period;
    (*xo)[n + 1] = k[0].x + period;
    memcpy(*fo, *fo + n * comps, sizeof(double) * (size_t)comps);
    memcpy(*fo + (n + 1) * comps, *fo + comps, sizeof(double) * (size_t)comps);
    nd__free(k);
    return ND_OK;
}

/* left/right: a one-element array read as the work dtype, or fp's end. */
static nd_status edge_value(const char *F, const nd_array *v, nd_dtype wt, const double *dflt,
                            double *out) {
    int comps = wt == ND_COMPLEX128 ? 2 : 1;
    if (!v) return memcpy(out, dflt, sizeof(double) * (size_t)comps), ND_OK;
    if (nd_size(v) != 1) return nd__error(ND_ERR_VALUE, F, "left and right must be scalars");
    nd_array *c = nd_astype(v, wt);
    if (!c) return nd_last_error();
    memcpy(out, nd_data(c), sizeof(double) * (size_t)comps);
    nd_release(c);
    return ND_OK;
}

ND_API nd_array *nd_interp(const nd_array *x, const nd_array *xp, const nd_array *fp,
                           const nd_array *left, const nd_array *right, double period) {
    static const char *F = "nd_interp";
    if (!x) return nd__null_arg(F, "x"), NULL;
    if (!xp) return nd__null_arg(F, "xp"), NULL;
    if (!fp) return nd__null_arg(F, "fp"), NULL;
    if (nd__is_complex(nd_get_dtype(x)) || nd__is_complex(nd_get_dtype(xp)))
        return nd__error(ND_ERR_DTYPE, F,
                         "Cannot cast array data from dtype('complex128') to "
                         "dtype('float64') according to the rule 'safe'"),
               NULL;
    if (!isnan(period) && period == 0)
        return nd__error(ND_ERR_VALUE, F, "period must be a non-zero value"), NULL;
    if (nd_ndim(xp) > 1 || nd_ndim(fp) > 1)
        return nd__error(ND_ERR_VALUE, F, "object too deep for desired array"), NULL;
    int64_t n = nd_size(xp);
    if (nd_size(fp) != n)
        return nd__error(ND_ERR_VALUE, F, "fp and xp are not of the same length."), NULL;
    if (n == 0) return nd__error(ND_ERR_VALUE, F, "array of sample points is empty"), NULL;
    nd_dtype wt = nd__is_complex(nd_get_dtype(fp)) ? ND_COMPLEX128 : ND_FLOAT64;
    int comps = wt == ND_COMPLEX128 ? 2 : 1;
    /* x is read in place unless period rewrites it */
    bool direct = isnan(period) && nd_get_dtype(x) == ND_FLOAT64 && nd_is_c_contiguous(x);
    nd_array *xa = direct ? nd_retain((nd_array *)x) : nd_astype(x, ND_FLOAT64),
             *xpa = xa ? nd__sg_vec(F, "xp", xp, ND_FLOAT64, true) : NULL;
    nd_array *fpa = xpa ? nd__sg_vec(F, "fp", fp, wt, true) : NULL, *res = NULL;
    double *xw = NULL, *fw = NULL, *slopes = NULL, lv[2], rv[2];
    if (!fpa) goto done;
    const double *px = nd_data(xpa), *pf = nd_data(fpa);
    if (!isnan(period)) {
        period = fabs(period);
        if (wrap_period(F, period, px, pf, n, comps, &xw, &fw)) goto done;
        double *q = nd_data(xa);
        for (int64_t i = 0; i < nd_size(xa); i++) q[i] = pmod(q[i], period);
        px = xw, pf = fw, n += 2, left = right = NULL;
    }
    if (edge_value(F, left, wt, pf, lv) || edge_value(F, right, wt, pf + (n - 1) * comps, rv))
        goto done;
    if (!(res = nd_empty(wt, nd_ndim(x), nd_shape(x)))) goto done;
    if (n > 1 && n <= nd_size(xa)) {
        size_t bytes = sizeof(double) * (size_t)(n - 1) * (size_t)comps;
        if (!(slopes = nd__malloc(bytes))) {
            nd__nomem(F, bytes);
            nd_release(res), res = NULL;
            goto done;
        }
    }
    interp_loop(nd_data(xa), nd_size(xa), px, pf, n, comps, lv, rv, nd_data(res), slopes);
done:
    nd__free(xw), nd__free(fw), nd__free(slopes);
    nd_release(xa), nd_release(xpa), nd_release(fpa);
    return res;
}
