/* mean, var, std and the nan-variants of the sums and moments, built on
   the reductions and the ufuncs as NumPy builds them. */
#include <math.h>
#include <string.h>

#include "reduce/driver.h"

/* ---- mean, var, std, nansum, nanmean, nanvar, nanstd ------------------------ */

static nd_dtype real_of(nd_dtype t) {
    return t == ND_COMPLEX64 ? ND_FLOAT32 : t == ND_COMPLEX128 ? ND_FLOAT64 : t;
}
static nd_dtype mean_dtype(nd_dtype t) { return nd__is_inexact(t) ? t : ND_FLOAT64; }

/* a / d with d a weak float literal, then cast to rt. */
static nd_array *div_count(nd_array *s, double d, nd_dtype rt) {
    if (!s) return NULL;
    nd_array *lit = nd_lit_f64(d);
    nd_array *q = lit ? nd_divide(s, lit, NULL) : NULL;
    nd_release(lit);
    nd_release(s);
    if (q && q->dtype != rt) {
        nd_array *c = nd_astype(q, rt);
        nd_release(q);
        q = c;
    }
    return q;
}

/* sum in the mean's precision: ints as float64, float16 in float32 */
static nd_array *sum_for_mean(const char *func, const nd_array *a, const axes_info *A,
                              bool keepdims) {
    nd_dtype w = a->dtype == ND_FLOAT16 ? ND_FLOAT32 : mean_dtype(a->dtype);
    if (w == a->dtype) return nd__red_reduce_op(func, ND_KRED_SUM, a, A, keepdims, NULL);
    nd_array *c = nd_astype(a, w);
    if (!c) return NULL;
    nd_array *s = nd__red_reduce_op(func, ND_KRED_SUM, c, A, keepdims, NULL);
    nd_release(c);
    return s;
}

static nd_array *mean_impl(const char *func, const nd_array *a, const axes_info *A, bool keepdims) {
    return div_count(sum_for_mean(func, a, A, keepdims), (double)A->count, mean_dtype(a->dtype));
}

nd_array *nd_mean(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    static const char *func = "nd_mean";
    if (!a) return nd__null_arg(func, "a"), NULL;
    axes_info A;
    if (nd__red_axis_to_info(func, a, axis, keepdims, &A) ||
        nd__red_check_out(func, "add", out, mean_dtype(a->dtype), &A))
        return NULL;
    return nd__red_deliver(func, mean_impl(func, a, &A, keepdims), out);
}

/* |x|^2 elementwise (real for complex x). */
static nd_array *abs2(nd_array *x) {
    if (!x) return NULL;
    nd_array *r;
    if (nd__is_complex(x->dtype)) {
        nd_array *re = nd_real(x), *im = nd_imag(x);
        nd_array *r2 = re ? nd_multiply(re, re, NULL) : NULL,
                 *i2 = im ? nd_multiply(im, im, NULL) : NULL;
        r = r2 && i2 ? nd_add(r2, i2, NULL) : NULL;
        nd_release(re), nd_release(im), nd_release(r2), nd_release(i2);
    } else {
        r = nd_multiply(x, x, NULL);
    }
    nd_release(x);
    return r;
}

/* std from var: the square root taken in place of the variance (new reference). */
static nd_array *sqrt_if(nd_array *v, bool take_sqrt) {
    if (!v || !take_sqrt) return v;
    nd_array *r = nd_sqrt(v, NULL);
    nd_release(v);
    return r;
}

static nd_array *var_impl(const char *func, const nd_array *a, int axis, int ddof, bool keepdims,
                          nd_array *out, bool take_sqrt) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    axes_info A, AK;
    nd_dtype rt = real_of(mean_dtype(a->dtype));
    if (nd__red_axis_to_info(func, a, axis, keepdims, &A) ||
        nd__red_axis_to_info(func, a, axis, true, &AK) ||
        nd__red_check_out(func, "add", out, rt, &A))
        return NULL;
    /* NumPy's _var: float16 sums (in float32) round to float16 before the
       division, unlike np.mean of float16 */
    nd_array *m = a->dtype == ND_FLOAT16
                      ? div_count(nd__red_reduce_op(func, ND_KRED_SUM, a, &AK, true, NULL),
                                  (double)AK.count, ND_FLOAT16)
                      : mean_impl(func, a, &AK, true);
    nd_array *d = m ? nd_subtract(a, m, NULL) : NULL;
    nd_release(m);
    nd_array *sq = abs2(d);
    nd_array *s = sq ? nd__red_reduce_op(func, ND_KRED_SUM, sq, &A, keepdims, NULL) : NULL;
    nd_release(sq);
    double dof = (double)A.count - ddof;
    return nd__red_deliver(func, sqrt_if(div_count(s, dof > 0 ? dof : 0, rt), take_sqrt), out);
}

nd_array *nd_var(const nd_array *a, int axis, int ddof, bool keepdims, nd_array *out) {
    return var_impl("nd_var", a, axis, ddof, keepdims, out, false);
}
nd_array *nd_std(const nd_array *a, int axis, int ddof, bool keepdims, nd_array *out) {
    return var_impl("nd_std", a, axis, ddof, keepdims, out, true);
}

/* One width's pass: src's NaNs (a bit test, which raises no flag, as isnan
   does not; a compare would on a signaling NaN) as +0.0 into dst, !NaN into
   v (if wanted). src may be dst. */
#define ZERO_NANS(UT, ABS, INF)                                                                    \
    for (int64_t i = 0; i < n; i++) {                                                              \
        UT u;                                                                                      \
        memcpy(&u, src + i * (int64_t)sizeof u, sizeof u);                                         \
        bool nan = (UT)(u & ABS) > INF;                                                            \
        u = nan ? 0 : u;                                                                           \
        memcpy(dst + i * (int64_t)sizeof u, &u, sizeof u);                                         \
        if (v) v[i] = !nan;                                                                        \
    }

/* Real floats: a0 = where(isnan(a), 0, a) (C order, as nd_where makes it:
   the same bits, so the sums over it stay as they were) and valid = !isnan(a),
   in one pass over a; the ufunc chain made four (isnan, the literal's cast,
   where, logical_not) and ran nansum at 0.5x NumPy. valid may be NULL. */
static nd_status zero_nans_real(const char *func, const nd_array *a, nd_array **a0,
                                nd_array **valid) {
    nd_array *r = nd__alloc(func, a->dtype, a->ndim, a->shape, ND_ORDER_C, false);
    nd_array *vv = r && valid ? nd__alloc(func, ND_BOOL, a->ndim, a->shape, ND_ORDER_C, false) : NULL;
    bool direct = (a->flags & ND_FLAG_C_CONTIG) != 0;
    if (!r || (valid && !vv) || (!direct && nd__copy_into(func, r, a))) {
        nd_release(r), nd_release(vv);
        return nd_last_error() ? nd_last_error() : ND_ERR_NOMEM;
    }
    const char *src = direct ? a->data : r->data;
    char *dst = r->data;
    uint8_t *v = vv ? (uint8_t *)vv->data : NULL;
    int64_t n = nd_size(r);
    switch (nd__itemsize(a->dtype)) {
    case 8: ZERO_NANS(uint64_t, 0x7fffffffffffffffu, 0x7ff0000000000000u) break;
    case 4: ZERO_NANS(uint32_t, 0x7fffffffu, 0x7f800000u) break;
    default: ZERO_NANS(uint16_t, 0x7fffu, 0x7c00u) break;
    }
    *a0 = r;
    if (valid) *valid = vv;
    return ND_OK;
}
#undef ZERO_NANS

/* a with NaN replaced by 0, and the mask of non-NaN (NULL for integers);
   valid may be NULL when the mask is not wanted. */
static nd_status replace_nan(const char *func, const nd_array *a, nd_array **a0,
                             nd_array **valid) {
    *a0 = NULL;
    if (valid) *valid = NULL;
    if (!nd__is_inexact(a->dtype)) {
        *a0 = nd_retain((nd_array *)a);
        return ND_OK;
    }
    if (!nd__is_complex(a->dtype)) return zero_nans_real(func, a, a0, valid);
    nd_array *m = nd_isnan(a, NULL), *zero = nd_lit_i64(0);
    *a0 = m && zero ? nd_where(m, zero, a, NULL) : NULL;
    nd_array *ok = m && valid ? nd_logical_not(m, NULL) : NULL;
    nd_release(m), nd_release(zero);
    if (!*a0 || (valid && !ok)) {
        nd_release(*a0), nd_release(ok);
        *a0 = NULL;
        return nd_last_error() ? nd_last_error() : ND_ERR_NOMEM;
    }
    if (valid) *valid = ok;
    return ND_OK;
}

nd_array *nd_nansum(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    static const char *func = "nd_nansum";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (!nd__is_inexact(a->dtype)) return nd_sum(a, axis, keepdims, out);
    nd_array *a0;
    if (replace_nan(func, a, &a0, NULL)) return NULL;
    nd_array *r = nd__red_reduce_axis(func, ND_KRED_SUM, a0, axis, keepdims, out);
    nd_release(a0);
    return r;
}

/* sum(a0) / count(valid), cast to rt. */
static nd_array *nanmean_impl(const char *func, const nd_array *a0, const nd_array *valid,
                              const axes_info *A, bool keepdims, nd_array **cnt_out) {
    nd_array *tot = nd__red_reduce_op(func, ND_KRED_SUM, a0, A, keepdims, NULL);
    nd_array *cnt = tot ? nd__red_reduce_op(func, ND_KRED_SUM, valid, A, keepdims, NULL) : NULL;
    nd_array *q = cnt ? nd_divide(tot, cnt, NULL) : NULL;
    nd_release(tot);
    if (cnt_out)
        *cnt_out = cnt;
    else
        nd_release(cnt);
    if (q && q->dtype != a0->dtype) {
        nd_array *c = nd_astype(q, a0->dtype);
        nd_release(q);
        q = c;
    }
    return q;
}

nd_array *nd_nanmean(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    static const char *func = "nd_nanmean";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (!nd__is_inexact(a->dtype)) return nd_mean(a, axis, keepdims, out);
    axes_info A;
    if (nd__red_axis_to_info(func, a, axis, keepdims, &A) ||
        nd__red_check_out(func, "add", out, a->dtype, &A))
        return NULL;
    nd_array *a0, *valid;
    if (replace_nan(func, a, &a0, &valid)) return NULL;
    nd_array *r = nanmean_impl(func, a0, valid, &A, keepdims, NULL);
    nd_release(a0), nd_release(valid);
    return nd__red_deliver(func, r, out);
}

static nd_array *nanvar_impl(const char *func, const nd_array *a, int axis, int ddof, bool keepdims,
                             nd_array *out, bool take_sqrt) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (!nd__is_inexact(a->dtype)) return var_impl(func, a, axis, ddof, keepdims, out, take_sqrt);
    axes_info A, AK;
    nd_dtype rt = real_of(a->dtype);
    if (nd__red_axis_to_info(func, a, axis, keepdims, &A) ||
        nd__red_axis_to_info(func, a, axis, true, &AK) ||
        nd__red_check_out(func, "add", out, rt, &A))
        return NULL;
    nd_array *a0, *valid, *result = NULL;
    if (replace_nan(func, a, &a0, &valid)) return NULL;
    nd_array *avg = nanmean_impl(func, a0, valid, &AK, true, NULL);
    nd_array *d = avg ? nd_subtract(a0, avg, NULL) : NULL;
    nd_array *zero = nd_lit_i64(0);
    nd_array *dz = d && zero ? nd_where(valid, d, zero, NULL) : NULL;
    nd_release(d), nd_release(avg), nd_release(zero);
    nd_array *sq = abs2(dz);
    nd_array *s = sq ? nd__red_reduce_op(func, ND_KRED_SUM, sq, &A, keepdims, NULL) : NULL;
    nd_array *c = s ? nd__red_reduce_op(func, ND_KRED_SUM, valid, &A, keepdims, NULL) : NULL;
    nd_release(sq);
    nd_array *ld = nd_lit_i64(ddof), *z = nd_lit_i64(0), *nan = nd_lit_f64(NAN);
    nd_array *dof = c && ld ? nd_subtract(c, ld, NULL) : NULL; /* int64 */
    nd_array *v = dof ? nd_divide(s, dof, NULL) : NULL;
    nd_array *bad = v && z ? nd_less_equal(dof, z, NULL) : NULL; /* NumPy: NaN there */
    result = bad && nan ? nd_where(bad, nan, v, NULL) : NULL;
    nd_release(ld), nd_release(z), nd_release(nan), nd_release(bad), nd_release(v);
    nd_release(s), nd_release(c), nd_release(dof);
    nd_release(a0), nd_release(valid);
    if (result && result->dtype != rt) {
        nd_array *cv = nd_astype(result, rt);
        nd_release(result);
        result = cv;
    }
    return nd__red_deliver(func, sqrt_if(result, take_sqrt), out);
}

nd_array *nd_nanvar(const nd_array *a, int axis, int ddof, bool keepdims, nd_array *out) {
    return nanvar_impl("nd_nanvar", a, axis, ddof, keepdims, out, false);
}
nd_array *nd_nanstd(const nd_array *a, int axis, int ddof, bool keepdims, nd_array *out) {
    return nanvar_impl("nd_nanstd", a, axis, ddof, keepdims, out, true);
}
