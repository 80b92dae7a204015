/* Differences and integrals: np.diff, ediff1d, gradient, trapz, unwrap,
   cross. diff, ediff1d, trapz and cross are views plus nd's ufuncs (so the
   dtypes are NumPy's by construction); gradient and unwrap walk lanes of
   doubles. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "nd/manip.h"
#include "nd/reduce.h"
#include "nd/signal.h"
#include "nd/ufunc.h"
#include "nd/view.h"
#include "signal/signal_internal.h"

/* a[..., lo:hi] along axis as a view ("" bound = open). */
static nd_array *axis_slice(const nd_array *a, int axis, const char *range) {
    char spec[4 * ND_MAX_DIMS + 32];
    int o = 0;
    for (int d = 0; d < axis; d++) o += snprintf(spec + o, sizeof spec - o, ":,");
    snprintf(spec + o, sizeof spec - o, "%s", range);
    return nd_slice(a, spec);
}

/* One difference along axis: not_equal for bool, as NumPy, else subtract. */
static nd_array *diff_once(const nd_array *a, int axis) {
    nd_array *hi = axis_slice(a, axis, "1:"), *lo = axis_slice(a, axis, ":-1");
    nd_array *r = NULL;
    if (hi && lo)
        r = nd_get_dtype(a) == ND_BOOL ? nd_not_equal(hi, lo, NULL) : nd_subtract(hi, lo, NULL);
    nd_release(hi);
    nd_release(lo);
    return r;
}

/* prepend/append of np.diff: a 0-d value is broadcast to a's shape with
   length 1 along axis. */
static nd_array *edge_piece(const nd_array *v, const nd_array *a, int axis) {
    if (nd_ndim(v) != 0) return nd_retain((nd_array *)v);
    int64_t shape[ND_MAX_DIMS];
    memcpy(shape, nd_shape(a), sizeof(int64_t) * (size_t)nd_ndim(a));
    shape[axis] = 1;
    return nd_broadcast_to(v, nd_ndim(a), shape);
}

ND_API nd_array *nd_diff(const nd_array *a, int n, int axis, const nd_array *prepend,
                         const nd_array *append) {
    static const char *F = "nd_diff";
    if (!a) return nd__null_arg(F, "a"), NULL;
    if (n == 0) return nd_copy(a);
    if (n < 0) return nd__error(ND_ERR_VALUE, F, "order must be non-negative but got %d", n), NULL;
    if (nd_ndim(a) == 0) {
        nd__error(ND_ERR_VALUE, F, "diff requires input that is at least one dimensional");
        return NULL;
    }
    if (nd__sg_axis(F, axis, nd_ndim(a), &axis)) return NULL;
    nd_array *cur = nd_retain((nd_array *)a);
    if (prepend || append) {
        nd_array *parts[3] = {NULL, cur, NULL};
        nd_array **p = parts + 1;
        int k = 1;
        if (prepend) parts[0] = edge_piece(prepend, a, axis), p = parts, k++;
        if (append) parts[2] = edge_piece(append, a, axis), k++;
        bool ok = (!prepend || parts[0]) && (!append || parts[2]);
        nd_array *c = ok ? nd_concatenate(k, p, axis, NULL) : NULL;
        nd_release(parts[0]);
        nd_release(parts[2]);
        nd_release(cur);
        if (!c) return NULL;
        cur = c;
    }
    for (int i = 0; i < n && cur; i++) {
        nd_array *next = diff_once(cur, axis);
        nd_release(cur);
        cur = next;
        if (cur && nd_shape(cur)[axis] == 0) break; /* NumPy keeps the empty result */
    }
    return cur;
}

static nd_array *ravel_checked(const char *F, const nd_array *v, nd_dtype to, const char *what) {
    if (!nd_can_cast(nd_get_dtype(v), to, ND_CAST_SAME_KIND)) {
        nd__error(ND_ERR_DTYPE, F,
                  "dtype of `%s` must be compatible with input `ary` under the `same_kind` rule.",
                  what);
        return NULL;
    }
    return nd_ravel(v);
}

ND_API nd_array *nd_ediff1d(const nd_array *ary, const nd_array *to_end, const nd_array *to_begin) {
    static const char *F = "nd_ediff1d";
    if (!ary) return nd__null_arg(F, "ary"), NULL;
    nd_array *flat = nd_ravel(ary), *b = NULL, *e = NULL, *res = NULL;
    if (!flat) return NULL;
    nd_dtype t = nd_get_dtype(flat);
    if (to_begin && !(b = ravel_checked(F, to_begin, t, "to_begin"))) goto done;
    if (to_end && !(e = ravel_checked(F, to_end, t, "to_end"))) goto done;
    int64_t n = nd_size(flat), nd = n > 0 ? n - 1 : 0;
    int64_t lb = b ? nd_size(b) : 0, le = e ? nd_size(e) : 0, total = lb + nd + le;
    if (!(res = nd_empty(t, 1, &total))) goto done;
    char spec[64];
    nd_array *dst = NULL;
    int rc = ND_OK;
    if (b) {
        snprintf(spec, sizeof spec, ":%lld", (long long)lb);
        rc = (dst = nd_slice(res, spec)) ? nd_assign(dst, b) : (int)nd_last_error();
        nd_release(dst);
    }
    if (!rc && e) {
        snprintf(spec, sizeof spec, "%lld:", (long long)(lb + nd));
        rc = (dst = nd_slice(res, spec)) ? nd_assign(dst, e) : (int)nd_last_error();
        nd_release(dst);
    }
    if (!rc) {
        snprintf(spec, sizeof spec, "%lld:%lld", (long long)lb, (long long)(lb + nd));
        nd_array *hi = nd_slice(flat, "1:"), *lo = nd_slice(flat, ":-1");
        dst = nd_slice(res, spec);
        if (!hi || !lo || !dst || !nd_subtract(hi, lo, dst)) rc = ND_ERR_VALUE;
        nd_release(hi);
        nd_release(lo);
        nd_release(dst);
    }
    if (rc) nd_release(res), res = NULL;
done:
    nd_release(flat);
    nd_release(b);
    nd_release(e);
    return res;
}

/* ---- gradient ---- */

/* One axis's spacing: uniform h, or the n - 1 differences of coordinates. */
typedef struct {
    bool uniform;
    double h;
    double *dx; /* n - 1 values when !uniform */
} spacing;

static void grad_lane(const double *f, double *g, int64_t n, int64_t st, const spacing *sp,
                      int edge) {
    const double *dx = sp->dx;
    double h = sp->h;
    for (int64_t i = 1; i + 1 < n; i++) {
        if (sp->uniform) {
            g[i * st] = (f[(i + 1) * st] - f[(i - 1) * st]) / (2. * h);
        } else {
            double d1 = dx[i - 1], d2 = dx[i];
            double a = -(d2) / (d1 * (d1 + d2)), b = (d2 - d1) / (d1 * d2),
                   c = d1 / (d2 * (d1 + d2));
            g[i * st] = a * f[(i - 1) * st] + b * f[i * st] + c * f[(i + 1) * st];
        }
    }
    const double *l = f + (n - 1) * st;
    if (edge == 1) {
        g[0] = (f[st] - f[0]) / (sp->uniform ? h : dx[0]);
        g[(n - 1) * st] = (l[0] - l[-st]) / (sp->uniform ? h : dx[n - 2]);
        return;
    }
    double a, b, c;
    if (sp->uniform) {
        a = -1.5 / h, b = 2. / h, c = -0.5 / h;
    } else {
        double d1 = dx[0], d2 = dx[1];
        a = -(2. * d1 + d2) / (d1 * (d1 + d2)), b = (d1 + d2) / (d1 * d2),
        c = -d1 / (d2 * (d1 + d2));
    }
    g[0] = a * f[0] + b * f[st] + c * f[2 * st];
    if (sp->uniform) {
        a = 0.5 / h, b = -2. / h, c = 1.5 / h;
    } else {
        double d1 = dx[n - 3], d2 = dx[n - 2];
        a = (d2) / (d1 * (d1 + d2)), b = -(d2 + d1) / (d1 * d2),
        c = (2. * d2 + d1) / (d2 * (d1 + d2));
    }
    g[(n - 1) * st] = a * l[-2 * st] + b * l[-st] + c * l[0];
}

/* The spacing of one axis from a 0-d or 1-D array, as NumPy reads it. */
static nd_status read_spacing(const char *F, const nd_array *v, int64_t n, spacing *sp) {
    if (!v) return nd__null_item(F, "spacing", 0);
    if (nd_ndim(v) == 0) {
        sp->uniform = true, sp->h = nd_get_f64(v, NULL);
        return ND_OK;
    }
    if (nd_ndim(v) != 1)
        return nd__error(ND_ERR_VALUE, F, "distances must be either scalars or 1d");
    if (nd_shape(v)[0] != n)
        return nd__error(ND_ERR_VALUE, F,
                         "when 1d, distances must match the length of the corresponding dimension");
    nd_array *x = nd_astype(v, ND_FLOAT64);
    if (!x) return nd_last_error();
    const double *p = nd_data(x);
    if (n < 2) return nd_release(x), sp->uniform = true, sp->h = NAN, ND_OK;
    sp->dx = nd__malloc(sizeof(double) * (size_t)(n - 1));
    if (!sp->dx) return nd_release(x), nd__nomem(F, sizeof(double) * (size_t)(n - 1));
    sp->uniform = true;
    for (int64_t i = 0; i + 1 < n; i++) {
        sp->dx[i] = p[i + 1] - p[i];
        if (sp->dx[i] != sp->dx[0]) sp->uniform = false;
    }
    sp->h = sp->dx[0];
    nd_release(x);
    return ND_OK;
}

static nd_array *grad_axis(const char *F, const nd_array *f, int axis, const spacing *sp,
                           int edge) {
    int64_t n = nd_shape(f)[axis];
    if (n < edge + 1) {
        nd__error(ND_ERR_VALUE, F,
                  "Shape of array too small to calculate a numerical gradient, at least "
                  "(edge_order + 1) elements are required.");
        return NULL;
    }
    nd_dtype wt = nd__sg_work_type(nd_get_dtype(f));
    nd_array *in = nd__sg_lanes(f, axis, wt);
    nd_array *out = in ? nd_empty(wt, nd_ndim(in), nd_shape(in)) : NULL;
    if (!out) return nd_release(in), NULL;
    int comps = wt == ND_COMPLEX128 ? 2 : 1;
    int64_t lanes = n ? nd_size(in) / n : 0;
    const double *src = nd_data(in);
    double *dst = nd_data(out);
    for (int64_t l = 0; l < lanes; l++)
        for (int c = 0; c < comps; c++)
            grad_lane(src + l * n * comps + c, dst + l * n * comps + c, n, comps, sp, edge);
    nd_release(in);
    return nd__sg_unlanes(out, axis, nd__sg_float_type(nd_get_dtype(f)));
}

ND_API int nd_gradient(const nd_array *f, int nspacing, nd_array_list spacing_arrays_list, int naxes,
                       const int *axes, int edge_order, nd_array **grads) {
    const nd_array *const *spacing_arrays = ND_LIST_PTR(spacing_arrays_list);
    static const char *F = "nd_gradient";
    if (!f) return nd__null_arg(F, "f");
    if (!grads) return nd__null_arg(F, "grads");
    if (nspacing > 0 && !spacing_arrays) return nd__null_arg(F, "spacing");
    int nd = nd_ndim(f), ax[ND_MAX_DIMS];
    if (!axes || naxes < 0) {
        naxes = nd;
        for (int d = 0; d < nd; d++) ax[d] = d;
    } else {
        if (naxes > nd) return nd__error(ND_ERR_VALUE, F, "repeated axis");
        for (int i = 0; i < naxes; i++) {
            if (nd__sg_axis(F, axes[i], nd, &ax[i])) return ND_ERR_AXIS;
            for (int j = 0; j < i; j++)
                if (ax[j] == ax[i]) return nd__error(ND_ERR_VALUE, F, "repeated axis");
        }
    }
    if (!(nspacing == 0 || nspacing == naxes ||
          (nspacing == 1 && spacing_arrays[0] && nd_ndim(spacing_arrays[0]) == 0)))
        return nd__error(ND_ERR_DTYPE, F, "invalid number of arguments");
    if (edge_order > 2)
        return nd__error(ND_ERR_VALUE, F, "'edge_order' greater than 2 not supported");
    if (edge_order < 1) edge_order = 2; /* NumPy takes any other order as the second */
    nd_array *res[ND_MAX_DIMS] = {0};
    spacing sp[ND_MAX_DIMS] = {0};
    nd_status st = ND_OK;
    for (int i = 0; i < naxes && !st; i++) {
        int64_t n = nd_shape(f)[ax[i]];
        if (nspacing == 0)
            sp[i].uniform = true, sp[i].h = 1.0;
        else
            st = read_spacing(F, spacing_arrays[nspacing == 1 ? 0 : i], n, &sp[i]);
    }
    for (int i = 0; i < naxes && !st; i++)
        if (!(res[i] = grad_axis(F, f, ax[i], &sp[i], edge_order))) st = nd_last_error();
    for (int i = 0; i < naxes; i++) {
        nd__free(sp[i].dx);
        if (st) nd_release(res[i]), res[i] = NULL;
        grads[i] = res[i];
    }
    return st;
}

/* ---- trapz ---- */

ND_API nd_array *nd_trapz(const nd_array *y, const nd_array *x, double dx, int axis) {
    static const char *F = "nd_trapz";
    if (!y) return nd__null_arg(F, "y"), NULL;
    if (nd__sg_axis(F, axis, nd_ndim(y), &axis)) return NULL;
    nd_array *d = NULL, *hi = NULL, *lo = NULL, *s = NULL, *m = NULL, *h = NULL, *r = NULL;
    if (!x) {
        d = nd_lit_f64(dx);
    } else if (nd_ndim(x) == 1) {
        nd_array *d1 = nd_diff(x, 1, 0, NULL, NULL);
        int64_t shape[ND_MAX_DIMS];
        for (int k = 0; k < nd_ndim(y); k++) shape[k] = 1;
        if (d1) shape[axis] = nd_shape(d1)[0];
        d = d1 ? nd_reshape(d1, nd_ndim(y), shape) : NULL;
        nd_release(d1);
    } else {
        d = nd_diff(x, 1, axis, NULL, NULL);
    }
    if (d && (hi = axis_slice(y, axis, "1:")) && (lo = axis_slice(y, axis, ":-1")) &&
        (s = nd_add(hi, lo, NULL)) && (m = nd_multiply(d, s, NULL))) {
        nd_array *two = nd_lit_f64(2.0);
        h = two ? nd_true_divide(m, two, NULL) : NULL;
        nd_release(two);
        if (h) r = nd_sum(h, axis, false, NULL);
    }
    nd_release(d), nd_release(hi), nd_release(lo), nd_release(s), nd_release(m), nd_release(h);
    return r;
}

/* ---- unwrap ---- */

/* NumPy's float modulo: the sign of the divisor. */
static double py_mod(double a, double b) {
    double r = fmod(a, b);
    if (r != 0) {
        if ((b < 0) != (r < 0)) r += b;
    } else {
        r = copysign(0.0, b);
    }
    return r;
}

ND_API nd_array *nd_unwrap(const nd_array *p, double discont, int axis, double period) {
    static const char *F = "nd_unwrap";
    if (!p) return nd__null_arg(F, "p"), NULL;
    if (nd__is_complex(nd_get_dtype(p)))
        return nd__error(ND_ERR_DTYPE, F, "complex input is not supported (NumPy's mod)"), NULL;
    if (nd_ndim(p) == 0) {
        nd__error(ND_ERR_VALUE, F, "diff requires input that is at least one dimensional");
        return NULL;
    }
    if (nd__sg_axis(F, axis, nd_ndim(p), &axis)) return NULL;
    if (isnan(discont)) discont = period / 2;
    double high = period / 2, low = -high;
    nd_array *l = nd__sg_lanes(p, axis, ND_FLOAT64);
    if (!l) return NULL;
    int64_t n = nd_shape(p)[axis], lanes = n ? nd_size(l) / n : 0;
    double *v = nd_data(l);
    for (int64_t k = 0; k < lanes; k++) {
        double *q = v + k * n, prev = n ? q[0] : 0, cum = 0;
        for (int64_t i = 1; i < n; i++) {
            double dd = q[i] - prev, m = py_mod(dd - low, period) + low;
            if (m == low && dd > 0) m = high;
            double corr = fabs(dd) < discont ? 0 : m - dd;
            prev = q[i];
            cum += corr;
            q[i] += cum;
        }
    }
    return nd__sg_unlanes(l, axis, nd__sg_float_type(nd_get_dtype(p)));
}

/* ---- cross ---- */

static nd_array *comp(const nd_array *a, int k) {
    char spec[16];
    snprintf(spec, sizeof spec, "...,%d", k);
    return nd_slice(a, spec);
}

/* dst = x*y - z*w (z NULL: dst = x*y; neg: negated). */
static nd_status mul_sub(nd_array *dst, const nd_array *x, const nd_array *y, const nd_array *z,
                         const nd_array *w, bool neg) {
    if (!nd_multiply(x, y, dst)) return nd_last_error();
    if (neg && !nd_negative(dst, dst)) return nd_last_error();
    if (!z) return ND_OK;
    nd_array *t = nd_multiply(z, w, NULL);
    nd_array *r = t ? nd_subtract(dst, t, dst) : NULL;
    nd_release(t);
    return r ? ND_OK : nd_last_error();
}

ND_API nd_array *nd_cross(const nd_array *a, const nd_array *b, int axisa, int axisb, int axisc) {
    static const char *F = "nd_cross";
    if (!a) return nd__null_arg(F, "a"), NULL;
    if (!b) return nd__null_arg(F, "b"), NULL;
    int na, nb;
    if (axisa < -nd_ndim(a) || axisa >= nd_ndim(a))
        return nd__error(ND_ERR_AXIS, F,
                         "axisa: axis %d is out of bounds for array of dimension %d", axisa,
                         nd_ndim(a)),
               NULL;
    if (axisb < -nd_ndim(b) || axisb >= nd_ndim(b))
        return nd__error(ND_ERR_AXIS, F,
                         "axisb: axis %d is out of bounds for array of dimension %d", axisb,
                         nd_ndim(b)),
               NULL;
    nd_array *am = nd_moveaxis(a, axisa, -1), *bm = am ? nd_moveaxis(b, axisb, -1) : NULL;
    nd_array *c[3] = {0}, *x[3] = {0}, *y[3] = {0}, *cp = NULL, *res = NULL;
    if (!bm) goto done;
    na = (int)nd_shape(am)[nd_ndim(am) - 1], nb = (int)nd_shape(bm)[nd_ndim(bm) - 1];
    if ((na != 2 && na != 3) || (nb != 2 && nb != 3)) {
        nd__error(ND_ERR_VALUE, F,
                  "incompatible dimensions for cross product\n(dimension must be 2 or 3)");
        goto done;
    }
    for (int k = 0; k < na; k++)
        if (!(x[k] = comp(am, k))) goto done;
    for (int k = 0; k < nb; k++)
        if (!(y[k] = comp(bm, k))) goto done;
    int64_t shape[ND_MAX_DIMS + 1];
    int ndim;
    const int64_t *sh[2] = {nd_shape(x[0]), nd_shape(y[0])};
    int nds[2] = {nd_ndim(x[0]), nd_ndim(y[0])};
    if (nd_broadcast_shapes(2, nds, sh, &ndim, shape)) goto done;
    nd_dtype t = nd_result_type(nd_get_dtype(a), nd_get_dtype(b));
    if (na == 2 && nb == 2) {
        if ((cp = nd_empty(t, ndim, shape)) && !mul_sub(cp, x[0], y[1], x[1], y[0], false))
            res = cp, cp = NULL;
        goto done;
    }
    shape[ndim++] = 3;
    if (axisc < -ndim || axisc >= ndim) {
        nd__error(ND_ERR_AXIS, F, "axisc: axis %d is out of bounds for array of dimension %d",
                  axisc, ndim);
        goto done;
    }
    if (!(cp = nd_empty(t, ndim, shape))) goto done;
    for (int k = 0; k < 3; k++)
        if (!(c[k] = comp(cp, k))) goto done;
    nd_status st;
    if (na == 2)
        st = mul_sub(c[0], x[1], y[2], NULL, NULL, false) ||
             mul_sub(c[1], x[0], y[2], NULL, NULL, true) ||
             mul_sub(c[2], x[0], y[1], x[1], y[0], false);
    else if (nb == 3)
        st = mul_sub(c[0], x[1], y[2], x[2], y[1], false) ||
             mul_sub(c[1], x[2], y[0], x[0], y[2], false) ||
             mul_sub(c[2], x[0], y[1], x[1], y[0], false);
    else
        st = mul_sub(c[0], x[2], y[1], NULL, NULL, true) ||
             mul_sub(c[1], x[2], y[0], NULL, NULL, false) ||
             mul_sub(c[2], x[0], y[1], x[1], y[0], false);
    if (!st) res = nd_moveaxis(cp, -1, axisc);
done:
    for (int k = 0; k < 3; k++) nd_release(c[k]), nd_release(x[k]), nd_release(y[k]);
    nd_release(cp), nd_release(am), nd_release(bm);
    return res;
}
