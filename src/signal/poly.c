/* numpy's legacy polynomial functions (numpy/lib/polynomial.py): poly,
   polyval, polyder, polyint, polyadd, polysub, polymul, polydiv, roots,
   vander, polyfit. Coefficients run from the highest power down. The
   arithmetic ones are nd's ufuncs over views (NumPy's dtypes by
   construction); polydiv, roots and poly walk doubles. */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "nd/linalg.h"
#include "nd/manip.h"
#include "nd/poly.h"
#include "nd/reduce.h"
#include "nd/signal.h"
#include "nd/ufunc.h"
#include "nd/view.h"
#include "signal/signal_internal.h"

/* a[i] as a 0-d view. */
static nd_array *elem(const nd_array *a, int64_t i) {
    char spec[32];
    snprintf(spec, sizeof spec, "%lld", (long long)i);
    return nd_slice(a, spec);
}

ND_API nd_array *nd_polyval(const nd_array *p, const nd_array *x) {
    static const char *F = "nd_polyval";
    if (!p) return nd__null_arg(F, "p"), NULL;
    if (!x) return nd__null_arg(F, "x"), NULL;
    if (nd_ndim(p) == 0) return nd__error(ND_ERR_DTYPE, F, "iteration over a 0-d array"), NULL;
    /* NumPy: y = zeros_like(x); for pv in p: y = y * x + pv */
    nd_array *y = nd_zeros(nd_get_dtype(x), nd_ndim(x), nd_shape(x));
    for (int64_t i = 0; y && i < nd_shape(p)[0]; i++) {
        nd_array *pv = elem(p, i), *t = pv ? nd_multiply(y, x, NULL) : NULL;
        nd_release(y);
        y = t ? nd_add(t, pv, NULL) : NULL;
        nd_release(t), nd_release(pv);
    }
    return y;
}

ND_API nd_array *nd_polyder(const nd_array *p, int m) {
    static const char *F = "nd_polyder";
    if (!p) return nd__null_arg(F, "p"), NULL;
    if (m < 0)
        return nd__error(ND_ERR_VALUE, F, "Order of derivative must be positive (see polyint)"),
               NULL;
    nd_array *cur = nd_atleast_1d(p);
    /* once empty, every further derivative is empty */
    for (int k = 0; cur && k < m && nd_size(cur) > 0; k++) {
        int64_t n = nd_shape(cur)[0] - 1;
        nd_array *head = nd_slice(cur, ":-1");
        nd_array *pw = head ? nd_arange((double)n, 0, -1, ND_INT64) : NULL;
        nd_array *y = pw ? nd_multiply(head, pw, NULL) : NULL;
        nd_release(head), nd_release(pw), nd_release(cur);
        cur = y;
    }
    if (cur && m == 0) {
        nd_array *c = nd_copy(cur);
        nd_release(cur);
        cur = c;
    }
    return cur;
}

ND_API nd_array *nd_polyint(const nd_array *p, int m, const nd_array *k) {
    static const char *F = "nd_polyint";
    if (!p) return nd__null_arg(F, "p"), NULL;
    if (m < 0)
        return nd__error(ND_ERR_VALUE, F, "Order of integral must be positive (see polyder)"), NULL;
    int64_t one = 1, mm = m;
    nd_array *kk = k ? nd_atleast_1d(k) : nd_zeros(ND_FLOAT64, 1, &mm);
    if (!kk) return NULL;
    if (nd_ndim(kk) != 1) {
        nd_release(kk);
        return nd__error(ND_ERR_VALUE, F,
                         "k must be a scalar or a rank-1 array of length 1 or >m."),
               NULL;
    }
    if (nd_size(kk) == 1 && m > 1) {
        nd_array *o = nd_full(ND_FLOAT64, 1, &mm, 0), *t = o ? nd_add(o, kk, NULL) : NULL;
        nd_release(o), nd_release(kk), kk = t;
        if (!kk) return NULL;
    }
    if (nd_size(kk) < m) {
        nd_release(kk);
        return nd__error(ND_ERR_VALUE, F,
                         "k must be a scalar or a rank-1 array of length 1 or >m."),
               NULL;
    }
    nd_array *cur = nd_atleast_1d(p);
    for (int i = 0; cur && i < m; i++) {
        int64_t n = nd_shape(cur)[0];
        nd_array *pw = nd_arange((double)n, 0, -1, ND_INT64);
        nd_array *q = pw ? nd_true_divide(cur, pw, NULL) : NULL;
        nd_array *kv = q ? nd_slice(kk, "0:1") : NULL, *kr = NULL;
        nd_array *parts[2] = {q, kv};
        nd_array *y = kv ? nd_concatenate(2, parts, 0, NULL) : NULL;
        if (y) kr = nd_slice(kk, "1:");
        nd_release(pw), nd_release(q), nd_release(kv), nd_release(cur), nd_release(kk);
        cur = y, kk = kr;
        if (!kk) nd_release(cur), cur = NULL;
    }
    (void)one;
    nd_release(kk);
    if (cur && m == 0) {
        nd_array *c = nd_copy(cur);
        nd_release(cur);
        cur = c;
    }
    return cur;
}

/* polyadd/polysub: the shorter operand is left-padded with zeros. */
static nd_array *addsub(const char *F, const nd_array *a1, const nd_array *a2, bool sub) {
    if (!a1) return nd__null_arg(F, "a1"), NULL;
    if (!a2) return nd__null_arg(F, "a2"), NULL;
    nd_array *x = nd_atleast_1d(a1), *y = x ? nd_atleast_1d(a2) : NULL, *r = NULL;
    if (!y) return nd_release(x), NULL;
    int64_t diff = nd_shape(y)[0] - nd_shape(x)[0];
    nd_array **shorter = diff > 0 ? &x : &y;
    if (diff) {
        int64_t pad = diff > 0 ? diff : -diff;
        nd_array *z = nd_zeros(nd_get_dtype(*shorter), 1, &pad);
        nd_array *parts[2] = {z, *shorter};
        nd_array *c = z ? nd_concatenate(2, parts, 0, NULL) : NULL;
        nd_release(z), nd_release(*shorter), *shorter = c;
    }
    if (x && y) r = sub ? nd_subtract(x, y, NULL) : nd_add(x, y, NULL);
    nd_release(x), nd_release(y);
    return r;
}

ND_API nd_array *nd_polyadd(const nd_array *a1, const nd_array *a2) {
    return addsub("nd_polyadd", a1, a2, false);
}
ND_API nd_array *nd_polysub(const nd_array *a1, const nd_array *a2) {
    return addsub("nd_polysub", a1, a2, true);
}
/* np.poly1d(c).coeffs: 1-D with leading zeros trimmed ([0] when all are). */
static nd_array *poly1d_coeffs(const char *F, const char *what, const nd_array *c) {
    nd_array *a = nd_atleast_1d(c);
    if (!a || nd_ndim(a) != 1) return a;
    nd_array *z = nd__sg_vec(F, what, a, ND_COMPLEX128, false);
    if (!z) return nd_release(a), NULL;
    const double *v = nd_data(z);
    int64_t n = nd_shape(a)[0], lead = 0;
    while (lead < n && v[2 * lead] == 0 && v[2 * lead + 1] == 0) lead++;
    nd_release(z);
    char spec[40];
    /* all zeros: the last (zero) element */
    snprintf(spec, sizeof spec, "%lld:", (long long)(lead == n && n > 0 ? n - 1 : lead));
    nd_array *t = nd_slice(a, spec);
    nd_release(a);
    return t;
}

ND_API nd_array *nd_polymul(const nd_array *a1, const nd_array *a2) {
    static const char *F = "nd_polymul";
    if (!a1) return nd__null_arg(F, "a1"), NULL;
    if (!a2) return nd__null_arg(F, "a2"), NULL;
    nd_array *x = poly1d_coeffs(F, "a1", a1), *y = x ? poly1d_coeffs(F, "a2", a2) : NULL;
    nd_array *r = y ? nd_convolve(x, y, "full") : NULL;
    nd_release(x), nd_release(y);
    return r;
}

ND_API int nd_polydiv(const nd_array *u, const nd_array *v, nd_array **q, nd_array **r) {
    static const char *F = "nd_polydiv";
    if (!u) return nd__null_arg(F, "u");
    if (!v) return nd__null_arg(F, "v");
    if (!q || !r) return nd__null_arg(F, !q ? "q" : "r");
    nd_dtype rt = nd__sg_float_type(nd_result_type(nd_get_dtype(u), nd_get_dtype(v)));
    nd_dtype wt = nd__sg_work_type(rt);
    nd_array *a = nd__sg_vec(F, "u", u, ND_COMPLEX128, true),
             *b = a ? nd__sg_vec(F, "v", v, ND_COMPLEX128, true) : NULL, *qa = NULL, *ra = NULL;
    nd_status st = ND_ERR_NOMEM;
    if (a == u) { /* the division runs in place: never in the caller's array */
        nd_array *c = nd_copy(a);
        nd_release(a), a = c;
    }
    if (!a || !b) goto done;
    int64_t m = nd_size(a) - 1, n = nd_size(b) - 1, nq = m - n + 1 > 1 ? m - n + 1 : 1;
    if (m < 0 || n < 0) {
        st = nd__error(ND_ERR_VALUE, F, "u and v must not be empty");
        goto done;
    }
    double complex *pu = nd_data(a), *pv = nd_data(b);
    double complex *pq = nd__calloc((size_t)nq, sizeof(double complex));
    if (!pq) {
        st = nd__nomem(F, sizeof(double complex) * (size_t)nq);
        goto done;
    }
    double complex scale = 1. / pv[0];
    for (int64_t k = 0; k < m - n + 1; k++) {
        double complex d = scale * pu[k];
        pq[k] = d;
        for (int64_t i = 0; i <= n; i++) pu[k + i] -= d * pv[i];
    }
    int64_t start = 0, nr = m + 1;
    while (nr - start > 1 && cabs(pu[start]) <= 1e-8) start++;
    qa = nd__sg_from(ND_COMPLEX128, nq, (const double *)pq);
    ra = qa ? nd__sg_from(ND_COMPLEX128, nr - start, (const double *)(pu + start)) : NULL;
    nd__free(pq);
    if (!ra) goto done;
    nd_array *q2 = nd_astype(qa, wt == ND_FLOAT64 ? ND_FLOAT64 : ND_COMPLEX128);
    nd_array *r2 = q2 ? nd_astype(ra, wt == ND_FLOAT64 ? ND_FLOAT64 : ND_COMPLEX128) : NULL;
    nd_array *q3 = r2 ? nd_astype(q2, rt) : NULL, *r3 = q3 ? nd_astype(r2, rt) : NULL;
    nd_release(q2), nd_release(r2);
    if (!r3) {
        nd_release(q3);
        st = nd_last_error();
        goto done;
    }
    *q = q3, *r = r3, st = ND_OK;
done:
    nd_release(a), nd_release(b), nd_release(qa), nd_release(ra);
    return st;
}

/* The eigenvalues of a square matrix (np.linalg.eigvals). */
static nd_array *eigvals(const nd_array *a) {
    nd_array *w = NULL;
    return nd_eig(a, &w, NULL) ? NULL : w;
}

ND_API nd_array *nd_roots(const nd_array *p) {
    static const char *F = "nd_roots";
    if (!p) return nd__null_arg(F, "p"), NULL;
    if (nd_ndim(p) > 1) return nd__error(ND_ERR_VALUE, F, "Input must be a rank-1 array."), NULL;
    bool cx = nd__is_complex(nd_get_dtype(p));
    nd_dtype wt = cx ? ND_COMPLEX128 : ND_FLOAT64;
    nd_array *c = nd__sg_vec(F, "p", p, ND_COMPLEX128, true), *roots = NULL, *A = NULL;
    if (!c) return NULL;
    const double complex *v = nd_data(c);
    int64_t n = nd_size(c), lo = 0, hi = n - 1;
    while (lo < n && v[lo] == 0) lo++;
    while (hi >= 0 && v[hi] == 0) hi--;
    if (lo == n) {
        int64_t zero = 0;
        nd_release(c);
        return nd_empty(ND_FLOAT64, 1, &zero);
    }
    int64_t trailing = n - 1 - hi, N = hi - lo + 1, d = N - 1;
    if (N > 1) {
        int64_t sh[2] = {d, d};
        if (!(A = nd_zeros(ND_COMPLEX128, 2, sh))) goto done;
        double complex *pa = nd_data(A);
        for (int64_t j = 0; j < d; j++) pa[j] = -v[lo + 1 + j] / v[lo];
        for (int64_t i = 1; i < d; i++) pa[i * d + i - 1] = 1;
        nd_array *Aw = nd_astype(A, wt);
        nd_release(A), A = Aw;
        if (!A || !(roots = eigvals(A))) goto done;
    } else {
        int64_t zero = 0;
        if (!(roots = nd_empty(wt, 1, &zero))) goto done;
    }
    if (trailing) {
        nd_array *z = nd_zeros(nd_get_dtype(roots), 1, &trailing), *parts[2] = {roots, z};
        nd_array *r = z ? nd_concatenate(2, parts, 0, NULL) : NULL;
        nd_release(z), nd_release(roots), roots = r;
    }
done:
    nd_release(c), nd_release(A);
    return roots;
}

static int cmp_cplx(const void *p, const void *q) {
    const double *a = p, *b = q;
    if (a[0] != b[0]) return a[0] < b[0] ? -1 : 1;
    return (a[1] > b[1]) - (a[1] < b[1]);
}

ND_API nd_array *nd_poly(const nd_array *seq_of_zeros) {
    static const char *F = "nd_poly";
    if (!seq_of_zeros) return nd__null_arg(F, "seq_of_zeros"), NULL;
    int nd = nd_ndim(seq_of_zeros);
    const int64_t *sh = nd_shape(seq_of_zeros);
    nd_array *z = NULL, *res = NULL;
    if (nd == 2 && sh[0] == sh[1] && sh[0] != 0)
        z = eigvals(seq_of_zeros);
    else if (nd <= 1)
        z = nd_atleast_1d(seq_of_zeros);
    else
        return nd__error(ND_ERR_VALUE, F, "input must be 1d or non-empty square 2d array."), NULL;
    if (!z) return NULL;
    bool cx = nd__is_complex(nd_get_dtype(z));
    nd_array *zc = nd__sg_vec(F, "seq_of_zeros", z, ND_COMPLEX128, true);
    nd_release(z);
    if (!zc) return NULL;
    int64_t n = nd_size(zc), len = n + 1;
    if (n == 0) {
        nd_release(zc);
        double one = 1.0;
        return nd_scalar(ND_FLOAT64, &one);
    }
    double complex *r = nd_data(zc), *a = nd__calloc((size_t)len, sizeof(double complex));
    double *s1 = nd__malloc(sizeof(double) * 4 * (size_t)n);
    if (!a || !s1) {
        nd__nomem(F, sizeof(double complex) * (size_t)len);
        goto done;
    }
    a[0] = 1;
    for (int64_t k = 0; k < n; k++) /* a = convolve(a, [1, -zero]) */
        for (int64_t i = k + 1; i >= 1; i--) a[i] = a[i] * 1 + a[i - 1] * -r[k];
    bool real = !cx;
    if (cx) { /* real coefficients when the roots come in conjugate pairs */
        double *s2 = s1 + 2 * n;
        for (int64_t k = 0; k < n; k++)
            s1[2 * k] = creal(r[k]), s1[2 * k + 1] = cimag(r[k]), s2[2 * k] = creal(r[k]),
                   s2[2 * k + 1] = -cimag(r[k]);
        qsort(s1, (size_t)n, 2 * sizeof(double), cmp_cplx);
        qsort(s2, (size_t)n, 2 * sizeof(double), cmp_cplx);
        real = true;
        for (int64_t k = 0; k < 2 * n && real; k++) real = s1[k] == s2[k];
    }
    nd_array *ac = nd__sg_from(ND_COMPLEX128, len, (const double *)a);
    if (ac) res = real ? nd_real(ac) : nd_retain(ac);
    if (res && real) {
        nd_array *c = nd_copy(res);
        nd_release(res), res = c;
    }
    nd_release(ac);
done:
    nd__free(a), nd__free(s1), nd_release(zc);
    return res;
}

ND_API nd_array *nd_vander(const nd_array *x, int64_t N, bool increasing) {
    static const char *F = "nd_vander";
    if (!x) return nd__null_arg(F, "x"), NULL;
    if (nd_ndim(x) != 1)
        return nd__error(ND_ERR_VALUE, F, "x must be a one-dimensional array or sequence."), NULL;
    int64_t sh[2] = {nd_shape(x)[0], N < 0 ? nd_shape(x)[0] : N};
    nd_dtype t = nd_result_type(nd_get_dtype(x), ND_INT64);
    nd_array *v = nd_empty(t, 2, sh), *one = nd_lit_i64(1), *prev = NULL;
    bool ok = v && one;
    for (int64_t k = 0; ok && k < sh[1]; k++) {
        char spec[48];
        snprintf(spec, sizeof spec, ":,%lld", (long long)(increasing ? k : sh[1] - 1 - k));
        nd_array *col = nd_slice(v, spec);
        ok = col &&
             (k == 0 ? nd_assign(col, one) == ND_OK
                     : (k == 1 ? nd_assign(col, x) == ND_OK : nd_multiply(prev, x, col) != NULL));
        nd_release(prev);
        prev = col;
    }
    nd_release(prev), nd_release(one);
    if (!ok) nd_release(v), v = NULL;
    return v;
}

/* lhs (M, N) scaled column by column to unit norm, as NumPy's fits do:
   scale[j] = sqrt(sum_i lhs[i][j]^2), zero columns keep 1. */
static nd_status scale_columns(nd_array *lhs, nd_array **scale) {
    nd_array *sq = nd_multiply(lhs, lhs, NULL), *s = sq ? nd_sum(sq, 0, false, NULL) : NULL;
    nd_release(sq);
    if (!s || !nd_sqrt(s, s)) return nd_release(s), nd_last_error();
    double *p = nd_data(s);
    for (int64_t j = 0; j < nd_size(s); j++)
        if (p[j] == 0) p[j] = 1;
    if (!nd_true_divide(lhs, s, lhs)) return nd_release(s), nd_last_error();
    *scale = s;
    return ND_OK;
}

nd_status nd__sg_fit_lstsq(nd_array *lhs, nd_array *rhs, const nd_array *w, double rcond,
                           nd_array **scale, nd_array **c, nd_array **res, int64_t *rank,
                           nd_array **sv) {
    nd_status st;
    if (w) {
        int64_t sh[2] = {nd_shape(lhs)[0], 1};
        nd_array *wc = nd_reshape(w, 2, sh);
        bool ok =
            wc && nd_multiply(lhs, wc, lhs) && nd_multiply(rhs, nd_ndim(rhs) == 2 ? wc : w, rhs);
        nd_release(wc);
        if (!ok) return nd_last_error();
    }
    if ((st = scale_columns(lhs, scale))) return st;
    if ((st = nd_lstsq(lhs, rhs, rcond, c, res, rank, sv))) return st;
    int64_t sh[2] = {nd_shape(lhs)[1], 1};
    nd_array *s2 = nd_ndim(*c) == 2 ? nd_reshape(*scale, 2, sh) : nd_retain(*scale);
    bool ok = s2 && nd_true_divide(*c, s2, *c);
    nd_release(s2);
    return ok ? ND_OK : nd_last_error();
}

ND_API int nd_polyfit(const nd_array *x, const nd_array *y, int deg, double rcond,
                      const nd_array *w, nd_polyfit_cov cov, nd_array **p, nd_array **V,
                      nd_array **residuals, int64_t *rank, nd_array **sv, double *rcond_used) {
    static const char *F = "nd_polyfit";
    if (!x) return nd__null_arg(F, "x");
    if (!y) return nd__null_arg(F, "y");
    if (!p) return nd__null_arg(F, "p");
    if (cov != ND_POLYFIT_COV_NONE && !V) return nd__null_arg(F, "V");
    int64_t order = (int64_t)deg + 1;
    if (deg < 0) return nd__error(ND_ERR_VALUE, F, "expected deg >= 0");
    if (nd_ndim(x) != 1) return nd__error(ND_ERR_DTYPE, F, "expected 1D vector for x");
    if (nd_size(x) == 0) return nd__error(ND_ERR_DTYPE, F, "expected non-empty vector for x");
    if (nd_ndim(y) < 1 || nd_ndim(y) > 2)
        return nd__error(ND_ERR_DTYPE, F, "expected 1D or 2D array for y");
    if (nd_shape(x)[0] != nd_shape(y)[0])
        return nd__error(ND_ERR_DTYPE, F, "expected x and y to have same length");
    if (w && nd_ndim(w) != 1) return nd__error(ND_ERR_DTYPE, F, "expected a 1-d array for weights");
    if (w && nd_shape(w)[0] != nd_shape(y)[0])
        return nd__error(ND_ERR_DTYPE, F, "expected w and y to have the same length");
    int64_t M = nd_shape(x)[0];
    if (isnan(rcond)) rcond = (double)M * 2.220446049250313e-16;
    nd_dtype ft = nd__sg_float_type(nd_get_dtype(x));
    nd_array *xf = nd_astype(x, ft == ND_FLOAT16 || ft == ND_FLOAT32 ? ND_FLOAT64 : ft);
    nd_array *lhs = xf ? nd_vander(xf, order, false) : NULL;
    nd_array *rhs =
        lhs ? nd_astype(y, nd__sg_work_type(nd_result_type(nd_get_dtype(y), ND_FLOAT64))) : NULL;
    nd_array *scale = NULL, *c = NULL, *res = NULL, *s = NULL, *Vb = NULL;
    int64_t rk = 0;
    nd_status st = ND_OK;
    if (!rhs) goto fail;
    if ((st = nd__sg_fit_lstsq(lhs, rhs, w, rcond, &scale, &c, &res, &rk, &s))) goto fail;
    if (cov != ND_POLYFIT_COV_NONE) {
        nd_array *lt = nd_transpose(lhs, NULL), *g = lt ? nd_matmul(lt, lhs, NULL) : NULL;
        nd_array *vb = g ? nd_inv(g) : NULL, *ss = vb ? nd_outer(scale, scale, NULL) : NULL;
        nd_release(lt), nd_release(g);
        if (!ss || !nd_true_divide(vb, ss, vb)) {
            nd_release(vb), nd_release(ss);
            goto fail;
        }
        nd_release(ss);
        if (cov == ND_POLYFIT_COV_SCALED) {
            if (M <= order) {
                nd_release(vb);
                st = nd__error(
                    ND_ERR_VALUE, F,
                    "the number of data points must exceed order to scale the covariance matrix");
                goto fail;
            }
            nd_array *den = nd_lit_f64((double)(M - order));
            nd_array *fac = den ? nd_true_divide(res, den, NULL) : NULL;
            nd_release(den);
            if (fac && nd_ndim(c) == 2) {
                int64_t sh[3] = {order, order, 1};
                nd_array *v3 = nd_reshape(vb, 3, sh);
                nd_release(vb), vb = v3;
            }
            nd_array *vf = fac && vb ? nd_multiply(vb, fac, NULL) : NULL;
            nd_release(fac), nd_release(vb), vb = vf;
        } else if (nd_ndim(c) == 2) {
            int64_t sh[3] = {order, order, 1};
            nd_array *v3 = nd_reshape(vb, 3, sh);
            nd_release(vb), vb = v3;
        }
        if (!vb) goto fail;
        Vb = vb;
    }
    nd_release(xf), nd_release(lhs), nd_release(rhs), nd_release(scale);
    *p = c;
    if (V) *V = Vb;
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
    nd_release(xf), nd_release(lhs), nd_release(rhs), nd_release(scale);
    nd_release(c), nd_release(res), nd_release(s), nd_release(Vb);
    return st ? st : ND_ERR_VALUE;
}
