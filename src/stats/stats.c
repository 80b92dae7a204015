/* np.ptp, np.average, the NaN-skipping products and cumulative sums,
   np.nan_to_num and the complex predicates: compositions of the public
   ops, so dtypes, broadcasting and errors are theirs. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "stats/stats_internal.h"

nd_array *nd__stats_to_out(nd_array *r, nd_array *out) {
    if (!r || !out || r == out) return r;
    nd_status s = nd_assign(out, r);
    nd_release(r);
    return s ? NULL : out;
}

nd_array *nd__stats_f64(const char *func, const nd_array *a) {
    if (nd__is_complex(a->dtype)) {
        nd__error(ND_ERR_DTYPE, func, "complex input is not supported");
        return NULL;
    }
    nd_array *f = nd_astype(a, ND_FLOAT64);
    if (!f || nd_is_c_contiguous(f)) return f;
    nd_array *c = nd_copy_order(f, ND_ORDER_C);
    nd_release(f);
    return c;
}

nd_array *nd_ptp(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    if (!a) return nd__null_arg("nd_ptp", "a"), NULL;
    if (a->dtype == ND_BOOL) {
        nd__error(ND_ERR_DTYPE, "nd_ptp",
                  "numpy boolean subtract, the `-` operator, is not supported, use the "
                  "bitwise_xor, the `^` operator, or the logical_xor function instead.");
        return NULL;
    }
    nd_array *mx = nd_max(a, axis, keepdims, NULL),
             *mn = mx ? nd_min(a, axis, keepdims, NULL) : NULL;
    nd_array *r = mn ? nd_subtract(mx, mn, out ? out : mx) : NULL;
    if (r == mx) nd_retain(mx);
    ND_RELEASE_ALL(mx, mn);
    return r;
}

/* w shaped to broadcast along a's axis (1-D weights) or w itself. */
static nd_array *weights_for(const nd_array *a, int axis, const nd_array *w) {
    const char *f = "nd_average";
    if (w->ndim == a->ndim && !memcmp(w->shape, a->shape, sizeof(int64_t) * (size_t)a->ndim))
        return nd_retain((nd_array *)w);
    if (axis == ND_AXIS_ALL) {
        nd__error(ND_ERR_DTYPE, f, "Axis must be specified when shapes of a and weights differ.");
        return NULL;
    }
    if (w->ndim != 1) {
        nd__error(ND_ERR_DTYPE, f, "1D weights expected when shapes of a and weights differ.");
        return NULL;
    }
    int ax;
    if (nd__normalize_axis(f, axis, a->ndim, &ax)) return NULL;
    if (w->shape[0] != a->shape[ax]) {
        nd__error(ND_ERR_VALUE, f, "Length of weights not compatible with specified axis.");
        return NULL;
    }
    int64_t shape[ND_MAX_DIMS];
    for (int i = 0; i < a->ndim; i++) shape[i] = i == ax ? w->shape[0] : 1;
    nd_array *r = nd_reshape(w, a->ndim, shape);
    nd_array *b = r ? nd_broadcast_to(r, a->ndim, a->shape) : NULL;
    nd_release(r);
    return b;
}

/* 1 when x holds a zero, 0 when not, -1 on error. */
static int any_zero(const nd_array *x) {
    nd_array *z = nd_lit_i64(0), *eq = z ? nd_equal(x, z, NULL) : NULL;
    int r = eq ? nd_count_nonzero(eq) > 0 : -1;
    ND_RELEASE_ALL(z, eq);
    return r;
}

int nd_average(const nd_array *a, int axis, const nd_array *weights, bool keepdims, nd_array **avg,
               nd_array **wsum) {
    const char *f = "nd_average";
    if (!a || !avg) return nd__null_arg(f, !a ? "a" : "avg");
    nd_array *r = NULL, *scl = NULL;
    if (!weights) {
        if (!(r = nd_mean(a, axis, keepdims, NULL))) return nd_last_error();
        if (wsum) {
            int64_t n = nd_size(r);
            double v = n ? (double)nd_size(a) / (double)n : NAN;
            if (!(scl = nd_full(r->dtype, r->ndim, r->shape, v)))
                return nd_release(r), nd_last_error();
        }
    } else {
        /* NumPy: float64 joins the promotion only for integer and bool data */
        nd_dtype t = nd_result_type(a->dtype, weights->dtype);
        if (!nd__is_inexact(a->dtype)) t = nd_result_type(t, ND_FLOAT64);
        nd_array *w = weights_for(a, axis, weights), *wc = NULL, *ac = NULL, *p = NULL, *s = NULL;
        bool ok = w && (wc = nd_astype(w, t)) && (scl = nd_sum(wc, axis, keepdims, NULL));
        int zero = ok ? any_zero(scl) : 0;
        if (zero) {
            if (zero > 0) nd__error(ND_ERR_VALUE, f, "Weights sum to zero, can't be normalized");
            ok = false;
        }
        ok = ok && (ac = nd_astype(a, t)) && (p = nd_multiply(ac, wc, NULL)) &&
             (s = nd_sum(p, axis, keepdims, NULL)) && (r = nd_divide(s, scl, NULL));
        ND_RELEASE_ALL(w, wc, ac, p, s);
        if (!ok) return nd_release(scl), nd_last_error();
    }
    *avg = r;
    if (wsum)
        *wsum = scl;
    else
        nd_release(scl);
    return ND_OK;
}

/* a with NaN elements (either part of a complex one) replaced by v. */
static nd_array *replace_nan(const nd_array *a, double v) {
    nd_array *m = nd_isnan(a, NULL), *lit = m ? nd_lit_f64(v) : NULL;
    nd_array *r = lit ? nd_where(m, lit, a, NULL) : NULL;
    ND_RELEASE_ALL(m, lit);
    return r;
}

nd_array *nd_nanprod(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    if (!a) return nd__null_arg("nd_nanprod", "a"), NULL;
    if (!nd__is_inexact(a->dtype)) return nd_prod(a, axis, keepdims, out);
    nd_array *x = replace_nan(a, 1.0), *r = x ? nd_prod(x, axis, keepdims, out) : NULL;
    nd_release(x);
    return r;
}

nd_array *nd_nancumsum(const nd_array *a, int axis, nd_array *out) {
    if (!a) return nd__null_arg("nd_nancumsum", "a"), NULL;
    if (!nd__is_inexact(a->dtype)) return nd_cumsum(a, axis, out);
    nd_array *x = replace_nan(a, 0.0), *r = x ? nd_cumsum(x, axis, out) : NULL;
    nd_release(x);
    return r;
}

nd_array *nd_nancumprod(const nd_array *a, int axis, nd_array *out) {
    if (!a) return nd__null_arg("nd_nancumprod", "a"), NULL;
    if (!nd__is_inexact(a->dtype)) return nd_cumprod(a, axis, out);
    nd_array *x = replace_nan(a, 1.0), *r = x ? nd_cumprod(x, axis, out) : NULL;
    nd_release(x);
    return r;
}

/* The largest finite value of a float dtype (of a complex one's parts). */
static double max_finite(nd_dtype t) {
    if (t == ND_FLOAT16) return 65504.0;
    if (t == ND_FLOAT32 || t == ND_COMPLEX64) return FLT_MAX;
    return DBL_MAX;
}

nd_array *nd_nan_to_num(const nd_array *a, double nan, const double *posinf, const double *neginf,
                        nd_array *out) {
    if (!a) return nd__null_arg("nd_nan_to_num", "a"), NULL;
    nd_array *r = nd_copy_order(a, ND_ORDER_C);
    if (!r || !nd__is_inexact(a->dtype)) return nd__stats_to_out(r, out);
    double hi = posinf ? *posinf : max_finite(a->dtype),
           lo = neginf ? *neginf : -max_finite(a->dtype);
    /* the replacements as the part dtype holds them (NumPy casts them too) */
    nd_dtype part = a->dtype == ND_COMPLEX64    ? ND_FLOAT32
                    : a->dtype == ND_COMPLEX128 ? ND_FLOAT64
                                                : a->dtype;
    size_t w = nd__itemsize(part);
    int64_t n = nd_size(r) * (nd__is_complex(a->dtype) ? 2 : 1);
    char vals[3][8];
    double src[3] = {nan, hi, lo};
    for (int i = 0; i < 3; i++) nd__cast_one(ND_FLOAT64, &src[i], part, vals[i]);
    for (int64_t i = 0; i < n; i++) {
        char *p = r->data + i * (int64_t)w;
        double v;
        nd__cast_one(part, p, ND_FLOAT64, &v);
        if (isnan(v))
            memcpy(p, vals[0], w);
        else if (isinf(v))
            memcpy(p, vals[v > 0 ? 1 : 2], w);
    }
    return nd__stats_to_out(r, out);
}

static nd_array *isinf_signed(const char *f, const nd_array *a, bool neg, nd_array *out) {
    if (!a) return nd__null_arg(f, "a"), NULL;
    if (nd__is_complex(a->dtype)) {
        nd__error(ND_ERR_DTYPE, f,
                  "This operation is not supported for %s values because it would be ambiguous.",
                  nd_dtype_name(a->dtype));
        return NULL;
    }
    nd_array *inf = nd_isinf(a, NULL), *sb = inf ? nd_signbit(a, NULL) : NULL, *r = NULL;
    if (sb && (neg || nd_logical_not(sb, sb))) r = nd_logical_and(inf, sb, out);
    ND_RELEASE_ALL(inf, sb);
    return r;
}

nd_array *nd_isposinf(const nd_array *a, nd_array *out) {
    return isinf_signed("nd_isposinf", a, false, out);
}

nd_array *nd_isneginf(const nd_array *a, nd_array *out) {
    return isinf_signed("nd_isneginf", a, true, out);
}

static nd_array *imag_test(const char *f, const nd_array *a, bool nonzero) {
    if (!a) return nd__null_arg(f, "a"), NULL;
    if (!nd__is_complex(a->dtype)) return nd_full(ND_BOOL, a->ndim, a->shape, nonzero ? 0 : 1);
    nd_array *im = nd_imag(a), *z = im ? nd_lit_f64(0) : NULL;
    nd_array *r = z ? (nonzero ? nd_not_equal(im, z, NULL) : nd_equal(im, z, NULL)) : NULL;
    ND_RELEASE_ALL(im, z);
    return r;
}

nd_array *nd_isreal(const nd_array *a) { return imag_test("nd_isreal", a, false); }

nd_array *nd_iscomplex(const nd_array *a) { return imag_test("nd_iscomplex", a, true); }

bool nd_iscomplexobj(const nd_array *a) { return a && nd__is_complex(a->dtype); }

bool nd_isrealobj(const nd_array *a) { return a && !nd__is_complex(a->dtype); }

nd_array *nd_angle(const nd_array *a, bool deg) {
    if (!a) return nd__null_arg("nd_angle", "a"), NULL;
    nd_array *re = NULL, *im = NULL, *r = NULL, *k180 = NULL, *kpi = NULL;
    if (nd__is_complex(a->dtype))
        re = nd_real(a), im = re ? nd_imag(a) : NULL;
    else
        re = nd_retain((nd_array *)a), im = nd_lit_i64(0); /* NumPy: arctan2(0, z) */
    if (im) r = nd_arctan2(im, re, NULL);
    /* NumPy: a * 180 / pi, in that order */
    if (r && deg &&
        (!(k180 = nd_lit_f64(180.0)) || !(kpi = nd_lit_f64(M_PI)) || !nd_multiply(r, k180, r) ||
         !nd_divide(r, kpi, r)))
        nd_release(r), r = NULL;
    ND_RELEASE_ALL(re, im, k180, kpi);
    return r;
}

nd_array *nd_real_if_close(const nd_array *a, double tol) {
    if (!a) return nd__null_arg("nd_real_if_close", "a"), NULL;
    if (!nd__is_complex(a->dtype)) return nd_retain((nd_array *)a);
    if (tol > 1) tol *= a->dtype == ND_COMPLEX64 ? (double)FLT_EPSILON : DBL_EPSILON;
    nd_array *im = nd_imag(a), *ab = im ? nd_absolute(im, NULL) : NULL;
    nd_array *lt = NULL, *t = ab ? nd_lit_f64(tol) : NULL, *r = NULL;
    if (t && (lt = nd_less(ab, t, NULL)))
        r = nd_count_nonzero(lt) == nd_size(lt) ? nd_real(a) : nd_retain((nd_array *)a);
    ND_RELEASE_ALL(im, ab, lt, t);
    return r;
}
