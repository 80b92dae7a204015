/* numpy.polynomial's six families as one implementation. Each family is a
   row of recurrence coefficients,
       den(n) P_{n+1} = (ax(n) x + b(n)) P_n - c(n) P_{n-1},   P_0 = 1,
   from which everything follows: evaluation (Clenshaw), Vandermonde
   matrices (the recurrence itself), multiplication by x (the recurrence
   solved for x P_n), products, derivatives (the recurrence differentiated),
   integrals (the derivative map inverted), companion matrices (x P_n in the
   basis, scaled to be symmetric as NumPy's), roots, fits and series from
   roots. Series are computed in complex double and returned real when every
   input was real. */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "nd/linalg.h"
#include "nd/manip.h"
#include "nd/poly.h"
#include "nd/sort.h"
#include "nd/ufunc.h"
#include "nd/view.h"
#include "signal/signal_internal.h"

typedef double complex cplx;

typedef struct {
    double den, ax, b, c;
} rec;

static rec family_rec(nd_poly_family f, int64_t n) {
    double k = (double)n;
    switch (f) {
    case ND_POLY_CHEBYSHEV:
        return n == 0 ? (rec){1, 1, 0, 0} : (rec){1, 2, 0, 1};
    case ND_POLY_LEGENDRE:
        return (rec){k + 1, 2 * k + 1, 0, k};
    case ND_POLY_LAGUERRE:
        return (rec){k + 1, -1, 2 * k + 1, k};
    case ND_POLY_HERMITE:
        return (rec){1, 2, 0, 2 * k};
    case ND_POLY_HERMITE_E:
        return (rec){1, 1, 0, k};
    default:
        return (rec){1, 1, 0, 0};
    }
}

/* x P_n = A P_{n+1} + B P_n + C P_{n-1}. */
typedef struct {
    double A, B, C;
} mulx_rec;

static mulx_rec family_mulx(nd_poly_family f, int64_t n) {
    rec r = family_rec(f, n);
    return (mulx_rec){r.den / r.ax, -r.b / r.ax, r.c / r.ax};
}

static bool bad_family(const char *F, nd_poly_family f) {
    if ((int)f >= 0 && f <= ND_POLY_HERMITE_E) return false;
    nd__error(ND_ERR_VALUE, F, "unknown polynomial family %d", (int)f);
    return true;
}

/* ---- series in and out ---- */

typedef struct {
    cplx *v;
    int64_t n;
    bool cx;
} series;

static void series_free(series *s) { nd__free(s->v), s->v = NULL; }

static nd_status series_alloc(const char *F, series *s, int64_t n, bool cx) {
    s->n = n, s->cx = cx;
    s->v = nd__calloc((size_t)(n > 0 ? n : 1), sizeof(cplx));
    return s->v ? ND_OK : nd__nomem(F, sizeof(cplx) * (size_t)n);
}

/* A coefficient array as NumPy's as_series reads it (1-D, non-empty);
   trim drops trailing zeros (keeping one). */
static nd_status series_read(const char *F, const char *what, const nd_array *a, bool trim,
                             series *s) {
    if (!a) return nd__null_arg(F, what);
    if (nd_ndim(a) > 1) return nd__error(ND_ERR_VALUE, F, "Coefficient array is not 1-d");
    if (nd_size(a) == 0) return nd__error(ND_ERR_VALUE, F, "Coefficient array is empty");
    nd_array *c = nd__sg_vec(F, what, a, ND_COMPLEX128, true);
    if (!c) return nd_last_error();
    int64_t n = nd_size(c);
    const cplx *p = nd_data(c);
    if (trim)
        while (n > 1 && p[n - 1] == 0) n--;
    nd_status st = series_alloc(F, s, n, nd__is_complex(nd_get_dtype(a)));
    if (!st) memcpy(s->v, p, sizeof(cplx) * (size_t)n);
    nd_release(c);
    return st;
}

/* NumPy's trimseq: trailing zeros off, at least one coefficient kept. */
static void series_trimseq(series *s) {
    while (s->n > 1 && s->v[s->n - 1] == 0) s->n--;
}

static nd_array *series_out(const series *s) {
    nd_array *c = nd__sg_from(ND_COMPLEX128, s->n, (const double *)s->v);
    if (!c || s->cx) return c;
    nd_array *r = nd_real(c), *o = r ? nd_copy(r) : NULL;
    nd_release(c), nd_release(r);
    return o;
}

/* ---- the series algebra ---- */

/* out (n + 1) = x * in (n). */
static void mulx(nd_poly_family f, const cplx *in, int64_t n, cplx *out) {
    memset(out, 0, sizeof(cplx) * (size_t)(n + 1));
    for (int64_t j = 0; j < n; j++) {
        mulx_rec m = family_mulx(f, j);
        out[j + 1] += m.A * in[j];
        out[j] += m.B * in[j];
        if (j > 0) out[j - 1] += m.C * in[j];
    }
}

/* out (n1 + n2 - 1) = a (n1) * b (n2): sum_j b_j (a P_j), with a P_j from
   the recurrence. */
static nd_status mul(const char *F, nd_poly_family f, const cplx *a, int64_t n1, const cplx *b,
                     int64_t n2, cplx *out) {
    int64_t L = n1 + n2 - 1;
    cplx *q0 = nd__calloc((size_t)(3 * (L + 1)), sizeof(cplx));
    if (!q0) return nd__nomem(F, sizeof(cplx) * 3 * (size_t)(L + 1));
    cplx *q1 = q0 + L + 1, *t = q1 + L + 1;
    memset(out, 0, sizeof(cplx) * (size_t)L);
    memcpy(q1, a, sizeof(cplx) * (size_t)n1); /* q1 = a P_0, q0 = a P_{-1} = 0 */
    for (int64_t j = 0; j < n2; j++) {
        int64_t len = n1 + j; /* q1 holds a P_j in len coefficients */
        for (int64_t k = 0; k < len; k++) out[k] += b[j] * q1[k];
        if (j + 1 == n2) break;
        /* a P_{j+1} = ((ax x + b) a P_j - c a P_{j-1}) / den */
        rec r = family_rec(f, j);
        mulx(f, q1, len, t);
        for (int64_t k = 0; k <= len; k++) {
            cplx v = r.ax * t[k] + (k < len ? r.b * q1[k] : 0) - (k < len ? r.c * q0[k] : 0);
            t[k] = v / r.den;
        }
        memcpy(q0, q1, sizeof(cplx) * (size_t)(len + 1));
        memcpy(q1, t, sizeof(cplx) * (size_t)(len + 1));
    }
    nd__free(q0);
    return ND_OK;
}

/* D (n x (n + 1)... stored (n + 1) x (n + 1), column j = P_j' in the basis. */
static nd_status der_matrix(const char *F, nd_poly_family f, int64_t n, double **out) {
    int64_t N = n + 1, NN;
    if (nd__mul_ovf(N, N, &NN) || NN > INT64_MAX / 16)
        return nd__error(ND_ERR_OVERFLOW, F, "series of degree %lld too large", (long long)n);
    double *D = nd__calloc((size_t)(NN + N + 1), sizeof(double));
    if (!D) return nd__nomem(F, sizeof(double) * (size_t)(N * N));
    double *t = D + N * N;
    /* P_{j+1}' = (ax P_j + (ax x + b) P_j' - c P_{j-1}') / den */
    for (int64_t j = 0; j + 1 < N; j++) {
        rec r = family_rec(f, j);
        double *dj = D + j * N, *dn = D + (j + 1) * N; /* column j stored as row j */
        memset(t, 0, sizeof(double) * (size_t)(N + 1));
        for (int64_t k = 0; k < j; k++) { /* x * P_j' */
            mulx_rec m = family_mulx(f, k);
            t[k + 1] += m.A * dj[k];
            t[k] += m.B * dj[k];
            if (k > 0) t[k - 1] += m.C * dj[k];
        }
        for (int64_t k = 0; k <= j; k++) {
            double v = r.ax * t[k] + r.b * dj[k] - (j > 0 ? r.c * D[(j - 1) * N + k] : 0);
            if (k == j) v += r.ax;
            dn[k] = v / r.den;
        }
    }
    *out = D;
    return ND_OK;
}

/* ---- public functions ---- */

ND_API nd_array *nd_polynomial_val(nd_poly_family f, const nd_array *x, const nd_array *c) {
    static const char *F = "nd_polynomial_val";
    if (bad_family(F, f)) return NULL;
    if (!x) return nd__null_arg(F, "x"), NULL;
    series s = {0};
    if (series_read(F, "c", c, false, &s)) return NULL;
    bool cx = s.cx || nd__is_complex(nd_get_dtype(x));
    nd_array *xa = nd_astype(x, cx ? ND_COMPLEX128 : ND_FLOAT64);
    if (!xa) return series_free(&s), NULL;
    int64_t n = s.n, m = nd_size(xa);
    if (cx) {
        cplx *p = nd_data(xa);
        for (int64_t i = 0; i < m; i++) {
            cplx b1 = 0, b2 = 0;
            for (int64_t k = n - 1; k >= 0; k--) {
                rec r = family_rec(f, k), r1 = family_rec(f, k + 1);
                cplx b0 = s.v[k] + (r.ax * p[i] + r.b) / r.den * b1 - r1.c / r1.den * b2;
                b2 = b1, b1 = b0;
            }
            p[i] = b1;
        }
    } else {
        double *p = nd_data(xa);
        for (int64_t i = 0; i < m; i++) {
            double b1 = 0, b2 = 0, xi = p[i];
            for (int64_t k = n - 1; k >= 0; k--) {
                rec r = family_rec(f, k), r1 = family_rec(f, k + 1);
                double b0 = creal(s.v[k]) + (r.ax * xi + r.b) / r.den * b1 - r1.c / r1.den * b2;
                b2 = b1, b1 = b0;
            }
            p[i] = b1;
        }
    }
    series_free(&s);
    return xa;
}

ND_API nd_array *nd_polynomial_vander(nd_poly_family f, const nd_array *x, int deg) {
    static const char *F = "nd_polynomial_vander";
    if (bad_family(F, f)) return NULL;
    if (!x) return nd__null_arg(F, "x"), NULL;
    if (deg < 0) return nd__error(ND_ERR_VALUE, F, "deg must be non-negative"), NULL;
    bool cx = nd__is_complex(nd_get_dtype(x));
    nd_dtype t = cx ? ND_COMPLEX128 : ND_FLOAT64;
    nd_array *xa = nd_astype(x, t);
    if (!xa) return NULL;
    int nd = nd_ndim(xa);
    int64_t shape[ND_MAX_DIMS + 1], m = nd_size(xa), N = (int64_t)deg + 1;
    if (nd + 1 > ND_MAX_DIMS)
        return nd_release(xa), nd__error(ND_ERR_SHAPE, F, "too many dimensions"), NULL;
    memcpy(shape, nd_shape(xa), sizeof(int64_t) * (size_t)nd);
    shape[nd] = N;
    nd_array *v = nd_empty(t, nd + 1, shape);
    if (!v) return nd_release(xa), NULL;
    if (cx) {
        const cplx *px = nd_data(xa);
        cplx *pv = nd_data(v);
        for (int64_t i = 0; i < m; i++) {
            cplx *row = pv + i * N;
            row[0] = 1;
            for (int64_t k = 0; k + 1 < N; k++) {
                rec r = family_rec(f, k);
                row[k + 1] = (row[k] * (r.ax * px[i] + r.b) - (k ? row[k - 1] * r.c : 0)) / r.den;
            }
        }
    } else {
        const double *px = nd_data(xa);
        double *pv = nd_data(v);
        for (int64_t i = 0; i < m; i++) {
            double *row = pv + i * N;
            row[0] = 1;
            for (int64_t k = 0; k + 1 < N; k++) {
                rec r = family_rec(f, k);
                row[k + 1] = (row[k] * (r.ax * px[i] + r.b) - (k ? row[k - 1] * r.c : 0)) / r.den;
            }
        }
    }
    nd_release(xa);
    return v;
}

ND_API nd_array *nd_polynomial_mulx(nd_poly_family f, const nd_array *c) {
    static const char *F = "nd_polynomial_mulx";
    if (bad_family(F, f)) return NULL;
    series s = {0}, o = {0};
    if (series_read(F, "c", c, true, &s)) return NULL;
    nd_array *r = NULL;
    if (!series_alloc(F, &o, s.n + 1, s.cx)) {
        mulx(f, s.v, s.n, o.v);
        if (s.n == 1 && s.v[0] == 0) o.n = 1; /* NumPy: x * [0] is [0] */
        r = series_out(&o);
    }
    series_free(&s), series_free(&o);
    return r;
}

static nd_array *add_sub(const char *F, const nd_array *c1, const nd_array *c2, double sign) {
    series a = {0}, b = {0}, o = {0};
    nd_array *r = NULL;
    if (!series_read(F, "c1", c1, true, &a) && !series_read(F, "c2", c2, true, &b) &&
        !series_alloc(F, &o, a.n > b.n ? a.n : b.n, a.cx || b.cx)) {
        for (int64_t k = 0; k < o.n; k++)
            o.v[k] = (k < a.n ? a.v[k] : 0) + sign * (k < b.n ? b.v[k] : 0);
        series_trimseq(&o);
        r = series_out(&o);
    }
    series_free(&a), series_free(&b), series_free(&o);
    return r;
}

ND_API nd_array *nd_polynomial_add(nd_poly_family f, const nd_array *c1, const nd_array *c2) {
    if (bad_family("nd_polynomial_add", f)) return NULL;
    return add_sub("nd_polynomial_add", c1, c2, 1);
}

ND_API nd_array *nd_polynomial_sub(nd_poly_family f, const nd_array *c1, const nd_array *c2) {
    if (bad_family("nd_polynomial_sub", f)) return NULL;
    return add_sub("nd_polynomial_sub", c1, c2, -1);
}

ND_API nd_array *nd_polynomial_mul(nd_poly_family f, const nd_array *c1, const nd_array *c2) {
    static const char *F = "nd_polynomial_mul";
    if (bad_family(F, f)) return NULL;
    series a = {0}, b = {0}, o = {0};
    nd_array *r = NULL;
    if (!series_read(F, "c1", c1, true, &a) && !series_read(F, "c2", c2, true, &b) &&
        !series_alloc(F, &o, a.n + b.n - 1, a.cx || b.cx) && !mul(F, f, a.v, a.n, b.v, b.n, o.v)) {
        series_trimseq(&o);
        r = series_out(&o);
    }
    series_free(&a), series_free(&b), series_free(&o);
    return r;
}

ND_API nd_array *nd_polynomial_pow(nd_poly_family f, const nd_array *c, int pow, int maxpower) {
    static const char *F = "nd_polynomial_pow";
    if (bad_family(F, f)) return NULL;
    series a = {0}, p = {0}, o = {0};
    nd_array *r = NULL;
    int64_t len;
    if (series_read(F, "c", c, true, &a)) return NULL;
    if (pow < 0) {
        nd__error(ND_ERR_VALUE, F, "Power must be a non-negative integer.");
    } else if (maxpower >= 0 && pow > maxpower) {
        nd__error(ND_ERR_VALUE, F, "Power is too large");
    } else if (pow == 0 || a.n == 1) {
        /* P_0 P_0 = P_0 in every family: a constant's power is a number's */
        cplx v = 1;
        for (int i = 0; i < pow; i++) v *= a.v[0];
        a.n = 1, a.v[0] = v;
        r = series_out(&a);
    } else if (nd__mul_ovf(a.n - 1, pow, &len) || len == INT64_MAX) {
        nd__error(ND_ERR_OVERFLOW, F, "power %d of a degree %lld series too large", pow,
                  (long long)(a.n - 1));
    } else if (!series_alloc(F, &p, len + 1, a.cx) && !series_alloc(F, &o, len + 1, a.cx)) {
        /* NumPy's _pow: repeated products with the series, each trimmed by
           the family's mul (polypow's np.convolve does not trim) */
        memcpy(p.v, a.v, sizeof(cplx) * (size_t)a.n);
        p.n = a.n;
        nd_status st = ND_OK;
        for (int i = 2; i <= pow && !st; i++) {
            st = mul(F, f, p.v, p.n, a.v, a.n, o.v);
            o.n = p.n + a.n - 1;
            series t = p;
            p = o, o = t;
            if (f != ND_POLY_POWER) series_trimseq(&p);
        }
        if (!st) r = series_out(&p);
    }
    series_free(&a), series_free(&p), series_free(&o);
    return r;
}

ND_API nd_array *nd_polynomial_line(nd_poly_family f, double off, double scl) {
    if (bad_family("nd_polynomial_line", f)) return NULL;
    double v[2] = {off, scl};
    if (f == ND_POLY_LAGUERRE) v[0] = off + scl, v[1] = -scl;
    if (f == ND_POLY_HERMITE) v[1] = scl / 2;
    nd_array *r = nd_empty(ND_FLOAT64, 1, (int64_t[]){scl != 0 ? 2 : 1});
    if (r) memcpy(nd_data(r), v, sizeof(double) * (size_t)(scl != 0 ? 2 : 1));
    return r;
}

ND_API int nd_polynomial_div(nd_poly_family f, const nd_array *c1, const nd_array *c2,
                             nd_array **quo, nd_array **rem) {
    static const char *F = "nd_polynomial_div";
    if (bad_family(F, f)) return ND_ERR_VALUE;
    if (!quo || !rem) return nd__null_arg(F, !quo ? "quo" : "rem");
    series a = {0}, b = {0}, q = {0}, p = {0};
    nd_status st;
    if ((st = series_read(F, "c1", c1, true, &a)) || (st = series_read(F, "c2", c2, true, &b)))
        goto done;
    if (b.v[b.n - 1] == 0) {
        st = nd__error(ND_ERR_VALUE, F, "division by zero (ZeroDivisionError)");
        goto done;
    }
    bool cx = a.cx || b.cx;
    if (a.n < b.n) {
        if ((st = series_alloc(F, &q, 1, cx))) goto done;
        a.cx = cx;
    } else if (b.n == 1) {
        if ((st = series_alloc(F, &q, a.n, cx))) goto done;
        for (int64_t k = 0; k < a.n; k++) q.v[k] = a.v[k] / b.v[0];
        a.n = 1, a.v[0] = 0, a.cx = cx;
    } else {
        int64_t nq = a.n - b.n + 1;
        if ((st = series_alloc(F, &q, nq, cx)) || (st = series_alloc(F, &p, a.n, cx))) goto done;
        cplx *unit = nd__calloc((size_t)nq, sizeof(cplx));
        if (!unit) {
            st = nd__nomem(F, sizeof(cplx) * (size_t)nq);
            goto done;
        }
        for (int64_t i = nq - 1; i >= 0 && !st; i--) {
            memset(unit, 0, sizeof(cplx) * (size_t)nq);
            unit[i] = 1;
            if ((st = mul(F, f, unit, i + 1, b.v, b.n, p.v))) break;
            int64_t lp = i + b.n; /* p = P_i * c2 */
            cplx qq = a.v[a.n - 1] / p.v[lp - 1];
            for (int64_t k = 0; k + 1 < a.n; k++) a.v[k] -= qq * (k < lp - 1 ? p.v[k] : 0);
            a.n--;
            q.v[i] = qq;
        }
        nd__free(unit);
        if (st) goto done;
        a.cx = cx;
        series_trimseq(&a);
    }
    nd_array *qa = series_out(&q), *ra = qa ? series_out(&a) : NULL;
    if (!ra) {
        nd_release(qa);
        st = nd_last_error();
        goto done;
    }
    *quo = qa, *rem = ra;
done:
    series_free(&a), series_free(&b), series_free(&q), series_free(&p);
    return st;
}

ND_API nd_array *nd_polynomial_der(nd_poly_family f, const nd_array *c, int m, double scl) {
    static const char *F = "nd_polynomial_der";
    if (bad_family(F, f)) return NULL;
    if (m < 0)
        return nd__error(ND_ERR_VALUE, F, "The order of derivation must be non-negative"), NULL;
    series s = {0};
    if (series_read(F, "c", c, false, &s)) return NULL;
    nd_array *r = NULL;
    double *D = NULL;
    if (m >= s.n) {
        s.n = 1, s.v[0] *= 0;
    } else if (m > 0) {
        if (der_matrix(F, f, s.n - 1, &D)) goto done;
        int64_t N = s.n;
        cplx *t = nd__calloc((size_t)N, sizeof(cplx));
        if (!t) {
            nd__nomem(F, sizeof(cplx) * (size_t)N);
            goto done;
        }
        for (int i = 0; i < m; i++) {
            for (int64_t k = 0; k < s.n; k++) s.v[k] *= scl;
            for (int64_t k = 0; k + 1 < s.n; k++) {
                cplx acc = 0;
                for (int64_t j = k + 1; j < s.n; j++) acc += D[j * N + k] * s.v[j];
                t[k] = acc;
            }
            s.n--;
            memcpy(s.v, t, sizeof(cplx) * (size_t)s.n);
        }
        nd__free(t);
    }
    r = series_out(&s);
done:
    nd__free(D);
    series_free(&s);
    return r;
}

ND_API nd_array *nd_polynomial_int(nd_poly_family f, const nd_array *c, int m, int nk,
                                   const double *k, double lbnd, double scl) {
    static const char *F = "nd_polynomial_int";
    if (bad_family(F, f)) return NULL;
    if (m < 0)
        return nd__error(ND_ERR_VALUE, F, "The order of integration must be non-negative"), NULL;
    if (nk > m) return nd__error(ND_ERR_VALUE, F, "Too many integration constants"), NULL;
    if (nk > 0 && !k) return nd__null_arg(F, "k"), NULL;
    series s = {0};
    if (series_read(F, "c", c, false, &s)) return NULL;
    nd_array *r = NULL;
    cplx *t = NULL;
    double *D = NULL;
    int64_t N = s.n + m;
    if (!(t = nd__calloc((size_t)(2 * N + 1), sizeof(cplx))) || der_matrix(F, f, N, &D)) {
        if (!t) nd__nomem(F, sizeof(cplx) * (size_t)N);
        goto done;
    }
    cplx *v = t + N + 1;
    memcpy(v, s.v, sizeof(cplx) * (size_t)s.n);
    int64_t n = s.n, DN = N + 1;
    for (int i = 0; i < m; i++) {
        double ki = i < nk ? k[i] : 0;
        for (int64_t j = 0; j < n; j++) v[j] *= scl;
        if (n == 1 && v[0] == 0) {
            v[0] += ki;
            continue;
        }
        /* solve D d = v for d_1..d_n from the top: D[j][k] (column j) */
        memset(t, 0, sizeof(cplx) * (size_t)(n + 1));
        for (int64_t kk = n - 1; kk >= 0; kk--) {
            cplx acc = v[kk];
            for (int64_t j = kk + 2; j <= n; j++) acc -= D[j * DN + kk] * t[j];
            t[kk + 1] = acc / D[(kk + 1) * DN + kk];
        }
        /* the constant: the integral equals k at lbnd */
        cplx b1 = 0, b2 = 0;
        for (int64_t q = n; q >= 0; q--) {
            rec r0 = family_rec(f, q), r1 = family_rec(f, q + 1);
            cplx b0 = t[q] + (r0.ax * lbnd + r0.b) / r0.den * b1 - r1.c / r1.den * b2;
            b2 = b1, b1 = b0;
        }
        t[0] += ki - b1;
        n++;
        memcpy(v, t, sizeof(cplx) * (size_t)n);
    }
    {
        series o = {v, n, s.cx};
        r = series_out(&o);
    }
done:
    nd__free(t), nd__free(D);
    series_free(&s);
    return r;
}

/* The companion matrix of a trimmed series of degree n >= 1, scaled to be
   symmetric where the recurrence allows (all but the power basis). */
static nd_array *companion(const char *F, nd_poly_family f, const series *s) {
    int64_t n = s->n - 1, sh[2] = {n, n};
    nd_array *M = nd_zeros(ND_COMPLEX128, 2, sh);
    double *d = nd__malloc(sizeof(double) * (size_t)n);
    if (!M || !d) {
        nd__free(d);
        nd_release(M);
        if (M) nd__nomem(F, sizeof(double) * (size_t)n);
        return NULL;
    }
    cplx *m = nd_data(M);
    d[0] = 1;
    for (int64_t j = 0; j + 1 < n; j++) {
        mulx_rec a = family_mulx(f, j), c = family_mulx(f, j + 1);
        d[j + 1] = c.C != 0 ? d[j] * sqrt(a.A / c.C) : d[j];
    }
    for (int64_t j = 0; j < n; j++) {
        mulx_rec r = family_mulx(f, j);
        if (j + 1 < n) m[(j + 1) * n + j] = r.A * d[j] / d[j + 1];
        m[j * n + j] = r.B;
        if (j > 0) m[(j - 1) * n + j] = r.C * d[j] / d[j - 1];
    }
    mulx_rec last = family_mulx(f, n - 1);
    for (int64_t k = 0; k < n; k++)
        m[k * n + n - 1] -= last.A * (s->v[k] / s->v[n]) * (d[n - 1] / d[k]);
    nd__free(d);
    if (s->cx) return M;
    nd_array *re = nd_real(M), *o = re ? nd_copy(re) : NULL;
    nd_release(re), nd_release(M);
    return o;
}

ND_API nd_array *nd_polynomial_companion(nd_poly_family f, const nd_array *c) {
    static const char *F = "nd_polynomial_companion";
    if (bad_family(F, f)) return NULL;
    series s = {0};
    if (series_read(F, "c", c, true, &s)) return NULL;
    nd_array *r = NULL;
    if (s.n < 2)
        nd__error(ND_ERR_VALUE, F, "Series must have maximum degree of at least 1.");
    else
        r = companion(F, f, &s);
    series_free(&s);
    return r;
}

/* Sorts complex values as NumPy (real part, then imaginary). */
static int cmp_c(const void *p, const void *q) {
    const double *a = p, *b = q;
    if (a[0] != b[0]) return a[0] < b[0] ? -1 : 1;
    return (a[1] > b[1]) - (a[1] < b[1]);
}

ND_API nd_array *nd_polynomial_roots(nd_poly_family f, const nd_array *c) {
    static const char *F = "nd_polynomial_roots";
    if (bad_family(F, f)) return NULL;
    series s = {0};
    if (series_read(F, "c", c, true, &s)) return NULL;
    nd_array *r = NULL;
    if (s.n < 2) {
        int64_t zero = 0;
        r = nd_empty(s.cx ? ND_COMPLEX128 : ND_FLOAT64, 1, &zero);
    } else if (s.n == 2) {
        mulx_rec m = family_mulx(f, 0);
        series o = s;
        o.n = 1, o.v[0] = m.B - m.A * s.v[0] / s.v[1];
        r = series_out(&o);
    } else {
        nd_array *M = companion(F, f, &s);
        nd_array *rot = M ? nd_flip(M, 0) : NULL, *rot2 = rot ? nd_flip(rot, 1) : NULL, *w = NULL;
        nd_release(M), nd_release(rot);
        if (rot2 && !nd_eig(rot2, &w, NULL)) {
            if (nd__is_complex(nd_get_dtype(w))) {
                qsort(nd_data(w), (size_t)nd_size(w), 2 * sizeof(double), cmp_c);
                r = w;
            } else {
                r = nd_sort(w, -1);
                nd_release(w);
            }
        }
        nd_release(rot2);
    }
    series_free(&s);
    return r;
}

ND_API nd_array *nd_polynomial_fromroots(nd_poly_family f, const nd_array *roots) {
    static const char *F = "nd_polynomial_fromroots";
    if (bad_family(F, f)) return NULL;
    if (!roots) return nd__null_arg(F, "roots"), NULL;
    series rs = {0};
    if (nd_size(roots) == 0) {
        int64_t one = 1;
        return nd_ones(ND_FLOAT64, 1, &one);
    }
    if (series_read(F, "roots", roots, false, &rs)) return NULL;
    qsort(rs.v, (size_t)rs.n, sizeof(cplx), cmp_c);
    /* one linear factor per root, multiplied pairwise as NumPy does */
    int64_t n = rs.n;
    series *p = nd__calloc((size_t)n, sizeof(series));
    nd_array *res = NULL;
    nd_status st = p ? ND_OK : nd__nomem(F, sizeof(series) * (size_t)n);
    mulx_rec m0 = family_mulx(f, 0);
    for (int64_t i = 0; i < n && !st; i++)
        if (!(st = series_alloc(F, &p[i], 2, rs.cx))) /* -r + x */
            p[i].v[0] = -rs.v[i] + m0.B, p[i].v[1] = m0.A;
    while (!st && n > 1) {
        int64_t h = n / 2, odd = n % 2;
        for (int64_t i = 0; i < h && !st; i++) {
            series o = {0};
            if ((st = series_alloc(F, &o, p[i].n + p[i + h].n - 1, rs.cx))) break;
            st = mul(F, f, p[i].v, p[i].n, p[i + h].v, p[i + h].n, o.v);
            series_free(&p[i]), series_free(&p[i + h]);
            p[i] = o;
        }
        if (!st && odd) {
            series o = {0};
            if (!(st = series_alloc(F, &o, p[0].n + p[n - 1].n - 1, rs.cx)) &&
                !(st = mul(F, f, p[0].v, p[0].n, p[n - 1].v, p[n - 1].n, o.v))) {
                series_free(&p[0]), series_free(&p[n - 1]);
                p[0] = o;
            } else {
                series_free(&o);
            }
        }
        n = h;
    }
    if (!st) res = series_out(&p[0]);
    for (int64_t i = 0; p && i < rs.n; i++) series_free(&p[i]);
    nd__free(p);
    series_free(&rs);
    return res;
}

ND_API int nd_polynomial_fit(nd_poly_family f, const nd_array *x, const nd_array *y, int deg,
                             double rcond, const nd_array *w, nd_array **coef, nd_array **residuals,
                             int64_t *rank, nd_array **sv, double *rcond_used) {
    static const char *F = "nd_polynomial_fit";
    if (bad_family(F, f)) return ND_ERR_VALUE;
    if (!x) return nd__null_arg(F, "x");
    if (!y) return nd__null_arg(F, "y");
    if (!coef) return nd__null_arg(F, "coef");
    if (deg < 0) return nd__error(ND_ERR_VALUE, F, "expected deg >= 0");
    if (nd_ndim(x) != 1) return nd__error(ND_ERR_DTYPE, F, "expected 1D vector for x");
    if (nd_size(x) == 0) return nd__error(ND_ERR_DTYPE, F, "expected non-empty vector for x");
    if (nd_ndim(y) < 1 || nd_ndim(y) > 2)
        return nd__error(ND_ERR_DTYPE, F, "expected 1D or 2D array for y");
    if (nd_shape(x)[0] != nd_shape(y)[0])
        return nd__error(ND_ERR_DTYPE, F, "expected x and y to have same length");
    if (w && nd_ndim(w) != 1) return nd__error(ND_ERR_DTYPE, F, "expected 1D vector for w");
    if (w && nd_shape(w)[0] != nd_shape(x)[0])
        return nd__error(ND_ERR_DTYPE, F, "expected x and w to have same length");
    int64_t M = nd_shape(x)[0];
    if (isnan(rcond)) rcond = (double)M * 2.220446049250313e-16;
    nd_array *lhs = nd_polynomial_vander(f, x, deg);
    nd_array *rhs = lhs ? nd_astype(y, nd__sg_work_type(nd_get_dtype(y))) : NULL;
    nd_array *scale = NULL, *c = NULL, *res = NULL, *s = NULL;
    int64_t rk = 0;
    nd_status st = ND_OK;
    if (!rhs) goto fail;
    if (nd__is_complex(nd_get_dtype(lhs))) { /* weighting by real w keeps it so */
        st = nd__error(ND_ERR_DTYPE, F, "complex x is not supported");
        goto fail;
    }
    if ((st = nd__sg_fit_lstsq(lhs, rhs, w, rcond, &scale, &c, &res, &rk, &s))) goto fail;
    nd_release(lhs), nd_release(rhs), nd_release(scale);
    *coef = c;
    if (residuals)
        *residuals = res;
    else
        nd_release(res);
    if (rank) *rank = rk;
    if (sv)
        *sv = s;
    else
        nd_release(s);
    if (rcond_used) *rcond_used = rcond;
    return ND_OK;
fail:
    if (!st) st = nd_last_error();
    nd_release(lhs), nd_release(rhs), nd_release(scale), nd_release(c), nd_release(res),
        nd_release(s);
    return st ? st : ND_ERR_VALUE;
}

ND_API nd_array *nd_polynomial_trimcoef(const nd_array *c, double tol) {
    static const char *F = "nd_polynomial_trimcoef";
    series s = {0};
    if (tol < 0) return nd__error(ND_ERR_VALUE, F, "tol must be non-negative"), NULL;
    if (series_read(F, "c", c, true, &s)) return NULL;
    while (s.n > 0 && !(cabs(s.v[s.n - 1]) > tol)) s.n--;
    if (s.n == 0) s.n = 1, s.v[0] = 0;
    nd_array *r = series_out(&s);
    series_free(&s);
    return r;
}

ND_API int nd_polynomial_mapparms(const double *old, const double *new_, double *off, double *scl) {
    static const char *F = "nd_polynomial_mapparms";
    if (!old) return nd__null_arg(F, "old");
    if (!new_) return nd__null_arg(F, "new");
    if (!off || !scl) return nd__null_arg(F, !off ? "off" : "scl");
    double oldlen = old[1] - old[0], newlen = new_[1] - new_[0];
    *off = (old[1] * new_[0] - old[0] * new_[1]) / oldlen;
    *scl = newlen / oldlen;
    return ND_OK;
}

ND_API nd_array *nd_polynomial_mapdomain(const nd_array *x, const double *old, const double *new_) {
    static const char *F = "nd_polynomial_mapdomain";
    if (!x) return nd__null_arg(F, "x"), NULL;
    double off, scl;
    if (nd_polynomial_mapparms(old, new_, &off, &scl)) return NULL;
    nd_array *o = nd_lit_f64(off), *s = nd_lit_f64(scl), *t = NULL, *r = NULL;
    if (o && s && (t = nd_multiply(s, x, NULL))) r = nd_add(o, t, NULL);
    nd_release(o), nd_release(s), nd_release(t);
    return r;
}

ND_API nd_array *nd_polynomial_weight(nd_poly_family f, const nd_array *x) {
    static const char *F = "nd_polynomial_weight";
    if (bad_family(F, f)) return NULL;
    if (!x) return nd__null_arg(F, "x"), NULL;
    nd_array *r = nd_astype(x, ND_FLOAT64);
    if (!r) return NULL;
    double *p = nd_data(r);
    for (int64_t i = 0, n = nd_size(r); i < n; i++) {
        double v = p[i];
        switch (f) {
        case ND_POLY_CHEBYSHEV:
            p[i] = 1. / (sqrt(1. + v) * sqrt(1. - v));
            break;
        case ND_POLY_LAGUERRE:
            p[i] = exp(-v);
            break;
        case ND_POLY_HERMITE:
            p[i] = exp(-(v * v));
            break;
        case ND_POLY_HERMITE_E:
            p[i] = exp(-.5 * (v * v));
            break;
        default:
            p[i] = v * 0 + 1;
            break;
        }
    }
    return r;
}
