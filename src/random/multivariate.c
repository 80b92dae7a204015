/* The multivariate methods of NumPy 1.24's Generator: multinomial,
   multivariate_hypergeometric, dirichlet, multivariate_normal. Each result
   is size + (k,), the variates drawn in C order one vector at a time, as
   NumPy's _generator.pyx and distributions.c draw them. */
#include <math.h>
#include <string.h>

#include "copy/copy.h"
#include "nd/linalg.h"
#include "random/broadcast.h"
#include "random/dist_discrete.h"

/* ---- the result: size + (k,) into out or a new array ---- */

typedef struct {
    nd_array *r;   /* what is returned: out or a new array */
    nd_array *dst; /* C-contiguous, what is filled (r, or a buffer for a strided out) */
} mv_result;

/* lead (size, or the broadcast shape) + (k,); zeros, as NumPy's np.zeros */
static nd_status mv_begin(const char *func, nd_dtype t, int lead_nd, const int64_t *lead, int64_t k,
                          nd_array *out, mv_result *m) {
    int64_t shape[ND_MAX_DIMS];
    if (lead_nd + 1 > ND_MAX_DIMS)
        return nd__error(ND_ERR_VALUE, func, "size has too many dimensions (%d)", lead_nd);
    memcpy(shape, lead, sizeof(int64_t) * (size_t)lead_nd);
    shape[lead_nd] = k;
    m->r = m->dst = NULL;
    if (out) {
        if (nd__check_writeable(func, out)) return nd_last_error();
        if (out->dtype != t)
            return nd__error(ND_ERR_DTYPE, func, "out has dtype %s, the result is %s",
                             nd_dtype_name(out->dtype), nd_dtype_name(t));
        if (out->ndim != lead_nd + 1 ||
            memcmp(out->shape, shape, sizeof(int64_t) * (size_t)(lead_nd + 1))) {
            char a[64], b[64];
            return nd__error(ND_ERR_SHAPE, func, "out has shape %s, the result is %s",
                             nd__shape_str(a, sizeof a, out->ndim, out->shape),
                             nd__shape_str(b, sizeof b, lead_nd + 1, shape));
        }
    }
    m->dst = out && nd_is_c_contiguous(out)
                 ? out
                 : nd__alloc(func, t, lead_nd + 1, shape, ND_ORDER_C, false);
    if (!m->dst) return nd_last_error();
    memset(m->dst->data, 0, (size_t)nd_size(m->dst) * nd__itemsize(t));
    m->r = out ? out : m->dst;
    return ND_OK;
}

static nd_array *mv_end(const char *func, nd_rng *g, mv_result *m, nd_array *out, nd_status st) {
    nd__settle(g);
    if (!st && m->dst != m->r) st = nd__copy_into(func, m->r, m->dst);
    if (m->dst != out) { /* ours: the result, or the buffer of a strided out */
        if (st || m->dst != m->r) nd_release(m->dst);
        if (st) return NULL;
        return m->r;
    }
    return st ? NULL : out;
}

/* size as a lead shape: ND_SIZE_NONE and ndim 0 both give one variate */
static nd_status size_shape(const char *func, int ndim, const int64_t *shape, int *lead_nd,
                            const int64_t **lead) {
    static const int64_t none[1] = {0};
    if (ndim == ND_SIZE_NONE) ndim = 0;
    if (ndim < 0 || ndim > ND_MAX_DIMS - 1)
        return nd__error(ND_ERR_VALUE, func, "bad shape (ndim %d)", ndim);
    if (ndim > 0 && !shape) return nd__null_arg(func, "shape");
    for (int d = 0; d < ndim; d++)
        if (shape[d] < 0)
            return nd__error(ND_ERR_VALUE, func, "negative dimensions are not allowed");
    *lead_nd = ndim, *lead = ndim ? shape : none;
    return ND_OK;
}

/* ---- multinomial ---- */

/* NumPy's kahan_sum (it reads darr[0] even for n = 0) */
static double kahan_sum(const double *x, int64_t n) {
    double sum = x[0], c = 0.0;
    for (int64_t i = 1; i < n; i++) {
        double y = x[i] - c, t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    return sum;
}

/* NumPy's random_multinomial: a binomial per category of what is left, the
   last category taking the rest (mnix is zeroed) */
static void multinomial1(nd_rng *g, int64_t n, int64_t *mnix, const double *pix, int64_t d) {
    double remaining_p = 1.0;
    int64_t dn = n;
    for (int64_t j = 0; j < d - 1; j++) {
        mnix[j] = nd__binomial(g, pix[j] / remaining_p, dn);
        dn -= mnix[j];
        if (dn <= 0) break;
        remaining_p -= pix[j];
    }
    if (dn > 0) mnix[d - 1] = dn;
}

typedef struct {
    const double *p;
    int64_t d;
} mn_ctx;

static void elem_multinomial(nd_rng *g, void *ctx, const nd__rv_val *v, char *dst) {
    const mn_ctx *c = ctx;
    multinomial1(g, v[0].i, (int64_t *)(void *)dst, c->p + v[1].i, c->d);
}

static nd_status multinomial_checks(const char *func, const nd_array *pvals, const nd_array *pa,
                                    int64_t d) {
    const double *p = (const double *)(const void *)pa->data;
    int64_t sz = nd_size(pa);
    for (int64_t i = 0; i < sz; i++)
        if (!(p[i] >= 0) || !(p[i] <= 1))
            return nd__error(ND_ERR_VALUE, func, "pvals < 0, pvals > 1 or pvals contains NaNs");
    const char *slice = pa->ndim == 1 ? "[:-1]" : "[...,:-1]";
    for (int64_t off = 0; off < sz; off += d) {
        if (!(kahan_sum(p + off, d - 1) > 1.0 + 1e-12)) continue;
        double total = 0; /* a float32/16 pvals that sums to ~1 lost it in the cast */
        for (int64_t i = 0; i < sz; i++) total += p[i];
        if ((pvals->dtype == ND_FLOAT32 || pvals->dtype == ND_FLOAT16) && total < 1.0001)
            return nd__error(ND_ERR_VALUE, func,
                             "sum(pvals%s.astype(np.float64)) > 1.0. The pvals array is cast to "
                             "64-bit floating point prior to checking the sum. Precision changes "
                             "when casting may cause problems even if the sum of the original "
                             "pvals is valid.",
                             slice);
        return nd__error(ND_ERR_VALUE, func, "sum(pvals%s) > 1.0", slice);
    }
    return ND_OK;
}

nd_array *nd_multinomial(nd_rng *g, const nd_array *n, const nd_array *pvals, int ndim,
                         const int64_t *shape, nd_array *out) {
    static const char *func = "nd_multinomial";
    if (!g || !n || !pvals) return nd__null_arg(func, !g ? "g" : !n ? "n" : "pvals"), NULL;
    if (nd__is_complex(n->dtype) || nd__is_complex(pvals->dtype))
        return nd__error(ND_ERR_DTYPE, func, "n and pvals must not be complex"), NULL;
    nd_array *on = nd_astype(n, ND_INT64), *pa = on ? nd_astype(pvals, ND_FLOAT64) : NULL;
    nd_array *offsets = NULL;
    mv_result m = {NULL, NULL};
    nd_status st = pa ? ND_OK : nd_last_error();
    int64_t d = pa && pa->ndim >= 1 ? pa->shape[pa->ndim - 1] : 0;
    if (!st && d == 0)
        st = nd__error(ND_ERR_VALUE, func,
                       "pvals must have at least 1 dimension and the last dimension of pvals "
                       "must be greater than 0.");
    if (!st) st = multinomial_checks(func, pvals, pa, d);
    if (!st && (on->ndim != 0 || pa->ndim > 1)) { /* broadcast n against pvals' rows */
        const int64_t *nv = (const int64_t *)(const void *)on->data;
        for (int64_t i = 0; i < nd_size(on) && !st; i++)
            if (nv[i] < 0) st = nd__error(ND_ERR_VALUE, func, "n < 0");
        if (!st &&
            !(offsets = nd__alloc(func, ND_INT64, pa->ndim - 1, pa->shape, ND_ORDER_C, false)))
            st = nd_last_error();
        for (int64_t i = 0; !st && i < nd_size(offsets); i++)
            ((int64_t *)(void *)offsets->data)[i] = i * d;
        const nd_array *pp[2] = {on, offsets};
        int bnd;
        int64_t bshape[ND_MAX_DIMS];
        int sz_nd = ndim == ND_SIZE_NONE ? ND_SIZE_NONE : ndim;
        if (!st) st = nd__rv_result_shape(func, 2, pp, sz_nd, shape, NULL, true, &bnd, bshape);
        if (!st) st = mv_begin(func, ND_INT64, bnd, bshape, d, out, &m);
        if (!st) {
            mn_ctx c = {(const double *)(const void *)pa->data, d};
            nd__rv_each(g, 2, pp, bnd, bshape, m.dst->data, (size_t)d * 8, elem_multinomial, &c);
        }
    } else if (!st) {
        int64_t ni = *(const int64_t *)(const void *)on->data;
        int lead_nd = 0;
        const int64_t *lead = NULL;
        if (ni < 0) st = nd__error(ND_ERR_VALUE, func, "n < 0");
        if (!st) st = size_shape(func, ndim, shape, &lead_nd, &lead);
        if (!st) st = mv_begin(func, ND_INT64, lead_nd, lead, d, out, &m);
        if (!st) {
            int64_t *o = (int64_t *)(void *)m.dst->data, rows = nd_size(m.dst) / d;
            for (int64_t i = 0; i < rows; i++)
                multinomial1(g, ni, o + i * d, (const double *)(const void *)pa->data, d);
        }
    }
    nd_release(on), nd_release(pa), nd_release(offsets);
    return m.dst ? mv_end(func, g, &m, out, st) : (nd__settle(g), NULL);
}

/* ---- dirichlet ---- */

nd_array *nd_dirichlet(nd_rng *g, const nd_array *alpha, int ndim, const int64_t *shape,
                       nd_array *out) {
    static const char *func = "nd_dirichlet";
    if (!g || !alpha) return nd__null_arg(func, g ? "alpha" : "g"), NULL;
    if (alpha->ndim != 1)
        return nd__error(ND_ERR_VALUE, func, "object of too %s depth for desired array",
                         alpha->ndim < 1 ? "small" : "deep"),
               NULL;
    if (nd__is_complex(alpha->dtype))
        return nd__error(ND_ERR_DTYPE, func, "alpha must not be complex"), NULL;
    int lead_nd = 0;
    const int64_t *lead = NULL;
    if (size_shape(func, ndim, shape, &lead_nd, &lead)) return NULL;
    nd_array *aa = nd_astype(alpha, ND_FLOAT64);
    if (!aa) return NULL;
    const double *a = (const double *)(const void *)aa->data;
    int64_t k = aa->shape[0];
    double amax = k ? a[0] : 0; /* np.max: NaN wins */
    for (int64_t j = 0; j < k; j++) {
        if (a[j] <= 0) return nd_release(aa), nd__error(ND_ERR_VALUE, func, "alpha <= 0"), NULL;
        if (isnan(a[j]) || a[j] > amax || isnan(amax)) amax = isnan(amax) ? amax : a[j];
    }
    mv_result m;
    double *csum = NULL;
    nd_status st = mv_begin(func, ND_FLOAT64, lead_nd, lead, k, out, &m);
    if (st) return nd_release(aa), NULL;
    double *o = (double *)(void *)m.dst->data;
    int64_t total = nd_size(m.dst);
    if (k > 0 && amax < 0.1) { /* stick-breaking with betas: no 0/0 from tiny gammas */
        if (!(csum = nd__malloc(sizeof(double) * (size_t)k)))
            st = nd__nomem(func, sizeof(double) * (size_t)k);
        double acc = 0.0;
        for (int64_t j = k - 1; !st && j >= 0; j--) csum[j] = acc += a[j];
        for (int64_t i = 0; !st && i < total; i += k) {
            double rest = 1.;
            for (int64_t j = 0; j < k - 1; j++) {
                double v = nd__beta(g, a[j], csum[j + 1]);
                o[i + j] = rest * v;
                rest *= (1. - v);
            }
            o[i + k - 1] = rest;
        }
    } else {
        for (int64_t i = 0; i < total; i += k) {
            double acc = 0.;
            for (int64_t j = 0; j < k; j++) acc = acc + (o[i + j] = nd__std_gamma(g, a[j]));
            double inv = 1. / acc;
            for (int64_t j = 0; j < k; j++) o[i + j] = o[i + j] * inv;
        }
    }
    nd__free(csum), nd_release(aa);
    return mv_end(func, g, &m, out, st);
}

/* ---- multivariate_hypergeometric ---- */

/* The marginals draw NumPy's hypergeometric (dist_discrete.c); the counts
   stay below 10^9 (NumPy's limit for 'marginals'), exact as doubles. */

/* NumPy's random_multivariate_hypergeometric_count: a partial shuffle of
   one item per unit of colors, counted */
static nd_status mvhg_count(const char *func, nd_rng *g, int64_t total, int64_t nc,
                            const int64_t *colors, int64_t nsample, int64_t nv, int64_t *out) {
    if (total == 0 || nsample == 0 || nv == 0) return ND_OK;
    int64_t *choices = nd__malloc(sizeof(int64_t) * (size_t)total);
    if (!choices)
        return nd__error(ND_ERR_NOMEM, func,
                         "Insufficient memory for multivariate_hypergeometric with method='count' "
                         "and sum(colors)=%lld",
                         (long long)total);
    for (int64_t i = 0, k = 0; i < nc; i++)
        for (int64_t j = 0; j < colors[i]; j++) choices[k++] = i;
    bool more_than_half = nsample > total / 2;
    if (more_than_half) nsample = total - nsample;
    for (int64_t i = 0; i < nv * nc; i += nc) {
        for (int64_t j = 0; j < nsample; j++) {
            int64_t k = j + (int64_t)nd__interval(g, (uint64_t)(total - j - 1)), t = choices[k];
            choices[k] = choices[j], choices[j] = t;
        }
        for (int64_t j = 0; j < nsample; j++) out[i + choices[j]] += 1;
        if (more_than_half)
            for (int64_t k = 0; k < nc; k++) out[i + k] = colors[k] - out[i + k];
    }
    nd__free(choices);
    return ND_OK;
}

/* NumPy's random_multivariate_hypergeometric_marginals: a hypergeometric
   per color against the colors after it */
static void mvhg_marginals(nd_rng *g, int64_t total, int64_t nc, const int64_t *colors,
                           int64_t nsample, int64_t nv, int64_t *out) {
    if (total == 0 || nsample == 0 || nv == 0) return;
    bool more_than_half = nsample > total / 2;
    if (more_than_half) nsample = total - nsample;
    for (int64_t i = 0; i < nv * nc; i += nc) {
        int64_t left = nsample, remaining = total;
        for (int64_t j = 0; left > 0 && j + 1 < nc; j++) {
            remaining -= colors[j];
            int64_t r = nd__hypergeometric(g, (double)colors[j], (double)remaining, (double)left);
            out[i + j] = r;
            left -= r;
        }
        if (left > 0) out[i + nc - 1] = left;
        if (more_than_half)
            for (int64_t k = 0; k < nc; k++) out[i + k] = colors[k] - out[i + k];
    }
}

nd_array *nd_multivariate_hypergeometric(nd_rng *g, const nd_array *colors, int64_t nsample,
                                         int ndim, const int64_t *shape, const char *method,
                                         nd_array *out) {
    static const char *func = "nd_multivariate_hypergeometric";
    if (!g || !colors) return nd__null_arg(func, g ? "colors" : "g"), NULL;
    if (!method) method = "marginals";
    bool count = !strcmp(method, "count");
    if (!count && strcmp(method, "marginals"))
        return nd__error(ND_ERR_VALUE, func, "method must be \"count\" or \"marginals\"."), NULL;
    if (nsample < 0) return nd__error(ND_ERR_VALUE, func, "nsample must be nonnegative."), NULL;
    const char *bad_colors = "colors must be a one-dimensional sequence of nonnegative integers "
                             "not exceeding 9223372036854775807.";
    if (colors->ndim != 1 || (nd_size(colors) > 0 && !nd__is_int(colors->dtype)))
        return nd__error(ND_ERR_VALUE, func, "%s", bad_colors), NULL;
    nd_array *ca = nd_astype(colors, ND_INT64);
    if (!ca) return NULL;
    const int64_t *c = (const int64_t *)(const void *)ca->data;
    int64_t nc = ca->shape[0], total = 0;
    nd_status st = ND_OK;
    for (int64_t i = 0; i < nc && !st; i++) /* a uint64 count past int64 wraps negative */
        if (c[i] < 0) st = nd__error(ND_ERR_VALUE, func, "%s", bad_colors);
    for (int64_t i = 0; i < nc && !st; i++)
        if (nd__add_ovf(total, c[i], &total))
            st = nd__error(ND_ERR_VALUE, func,
                           "sum(colors) must not exceed the maximum value of a 64 bit signed "
                           "integer (9223372036854775807)");
    if (!st && !count && total >= 1000000000)
        st = nd__error(ND_ERR_VALUE, func,
                       "When method is \"marginals\", sum(colors) must be less than 1000000000.");
    if (!st && count && total > INT64_MAX / 8)
        st = nd__error(ND_ERR_VALUE, func,
                       "When method is 'count', sum(colors) must not exceed %lld",
                       (long long)(INT64_MAX / 8));
    if (!st && nsample > total) st = nd__error(ND_ERR_VALUE, func, "nsample > sum(colors)");
    int lead_nd = 0;
    const int64_t *lead = NULL;
    mv_result m;
    if (!st) st = size_shape(func, ndim, shape, &lead_nd, &lead);
    if (!st && (st = mv_begin(func, ND_INT64, lead_nd, lead, nc, out, &m)) == ND_OK) {
        int64_t *o = (int64_t *)(void *)m.dst->data, nv = nc ? nd_size(m.dst) / nc : 0;
        if (count)
            st = mvhg_count(func, g, total, nc, c, nsample, nv, o);
        else
            mvhg_marginals(g, total, nc, c, nsample, nv, o);
        nd_release(ca);
        return mv_end(func, g, &m, out, st);
    }
    nd_release(ca);
    return NULL;
}

/* ---- multivariate_normal ---- */

/* The factor A (k x k, row-major) with A A^T = cov by the method; the
   positive-semidefinite check as NumPy's (allclose(vh.T * s @ vh, cov) for
   svd, no eigenvalue below -tol for eigh). */
static nd_status mvn_factor(const char *func, const nd_array *cov, int64_t k, int how, int check,
                            double tol, double *A) {
    nd_array *u = NULL, *s = NULL, *vh = NULL, *l = NULL;
    nd_status st = ND_OK;
    if (how == 0)
        st = nd_svd(cov, true, &u, &s, &vh);
    else if (how == 1)
        st = nd_eigh(cov, &s, &u);
    else if (!(l = nd_cholesky(cov)))
        st = nd_last_error();
    if (st) return st;
    const double *cv = (const double *)(const void *)cov->data;
    if (how == 2) {
        memcpy(A, l->data, sizeof(double) * (size_t)(k * k));
        nd_release(l);
        return ND_OK;
    }
    nd_array *uc = nd_astype(u, ND_FLOAT64), *sc = uc ? nd_astype(s, ND_FLOAT64) : NULL;
    nd_array *vc = sc && vh ? nd_astype(vh, ND_FLOAT64) : NULL;
    nd_release(u), nd_release(s), nd_release(vh);
    if (!sc || (how == 0 && !vc)) return nd_release(uc), nd_release(sc), nd_last_error();
    const double *U = (const double *)(const void *)uc->data,
                 *S = (const double *)(const void *)sc->data;
    bool psd = true;
    if (check && how == 0) { /* np.allclose(np.dot(vh.T * s, vh), cov, rtol=tol, atol=tol) */
        const double *V = (const double *)(const void *)vc->data;
        for (int64_t i = 0; i < k && psd; i++)
            for (int64_t j = 0; j < k && psd; j++) {
                double acc = 0;
                for (int64_t t = 0; t < k; t++) acc += V[t * k + i] * S[t] * V[t * k + j];
                double b = cv[i * k + j];
                psd = fabs(acc - b) <= tol + tol * fabs(b); /* NaN: false */
            }
    } else if (check) {
        for (int64_t t = 0; t < k; t++) psd &= !(S[t] < -tol);
    }
    if (!psd && check == 2)
        st = nd__error(ND_ERR_VALUE, func, "covariance is not symmetric positive-semidefinite.");
    for (int64_t i = 0; i < k && !st; i++) /* u * sqrt(s), eigh: sqrt(|s|) */
        for (int64_t j = 0; j < k; j++)
            A[i * k + j] = U[i * k + j] * sqrt(how == 1 ? fabs(S[j]) : S[j]);
    nd_release(uc), nd_release(sc), nd_release(vc);
    return st;
}

nd_array *nd_multivariate_normal(nd_rng *g, const nd_array *mean, const nd_array *cov, int ndim,
                                 const int64_t *shape, const char *check_valid, double tol,
                                 const char *method, nd_array *out) {
    static const char *func = "nd_multivariate_normal";
    if (!g || !mean || !cov) return nd__null_arg(func, !g ? "g" : !mean ? "mean" : "cov"), NULL;
    static const char *const methods[3] = {"svd", "eigh", "cholesky"};
    int how = 0;
    while (method && how < 3 && strcmp(method, methods[how])) how++;
    if (how == 3)
        return nd__error(ND_ERR_VALUE, func, "method must be one of {'eigh', 'svd', 'cholesky'}"),
               NULL;
    if (nd__is_complex(mean->dtype) || nd__is_complex(cov->dtype))
        return nd__error(ND_ERR_DTYPE, func, "mean and cov must not be complex"), NULL;
    if (mean->ndim != 1) return nd__error(ND_ERR_VALUE, func, "mean must be 1 dimensional"), NULL;
    if (cov->ndim != 2 || cov->shape[0] != cov->shape[1])
        return nd__error(ND_ERR_VALUE, func, "cov must be 2 dimensional and square"), NULL;
    if (mean->shape[0] != cov->shape[0])
        return nd__error(ND_ERR_VALUE, func, "mean and cov must have same length"), NULL;
    int check = 1; /* 0 ignore, 1 warn, 2 raise */
    if (check_valid && !strcmp(check_valid, "ignore"))
        check = 0;
    else if (check_valid && !strcmp(check_valid, "raise"))
        check = 2;
    else if (check_valid && strcmp(check_valid, "warn") && how != 2)
        return nd__error(ND_ERR_VALUE, func, "check_valid must equal 'warn', 'raise', or 'ignore'"),
               NULL;
    if (how == 2) check = 0; /* cholesky fails on an invalid cov by itself */
    int lead_nd = 0;
    const int64_t *lead = NULL;
    if (size_shape(func, ndim, shape, &lead_nd, &lead)) return NULL;
    int64_t k = mean->shape[0];
    mv_result m;
    if (mv_begin(func, ND_FLOAT64, lead_nd, lead, k, out, &m)) return NULL;
    /* the standard normals first, as NumPy draws them before factoring */
    double *x = (double *)(void *)m.dst->data;
    int64_t rows = k ? nd_size(m.dst) / k : 0;
    nd__std_normals(g, rows * k, x);
    nd_array *mc = nd_astype(mean, ND_FLOAT64), *cc = mc ? nd_astype(cov, ND_FLOAT64) : NULL;
    double *A = cc ? nd__malloc(sizeof(double) * (size_t)(k * k + 2 * k) + 1) : NULL;
    nd_status st = !cc  ? nd_last_error()
                   : !A ? nd__nomem(func, sizeof(double) * (size_t)(k * k))
                        : ND_OK;
    if (!st) st = mvn_factor(func, cc, k, how, check, tol, A);
    if (!st) { /* mean + x @ A.T, one row at a time */
        const double *mu = (const double *)(const void *)mc->data;
        double *row = A + k * k;
        for (int64_t i = 0; i < rows; i++) {
            double *xi = x + i * k;
            memcpy(row, xi, sizeof(double) * (size_t)k);
            for (int64_t j = 0; j < k; j++) {
                double acc = 0;
                for (int64_t t = 0; t < k; t++) acc = fma(row[t], A[j * k + t], acc);
                xi[j] = mu[j] + acc;
            }
        }
    }
    nd__free(A), nd_release(mc), nd_release(cc);
    return mv_end(func, g, &m, out, st);
}
