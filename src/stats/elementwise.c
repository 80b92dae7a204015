/* np.float_power, heaviside, ldexp, frexp, modf and spacing: NumPy's
   loops (float16/32/64 by the input's size, complex refused) over
   broadcast, contiguous copies; each result is exact or rounded once. */
#include <math.h>
#include <string.h>

#include "stats/stats_internal.h"

/* The float dtype NumPy's e/f/d loops give x: its own, or the smallest
   float an integer casts to safely. Complex: ND_ERR_DTYPE as NumPy's. */
static nd_status float_type(const char *f, const char *op, nd_dtype x, nd_dtype *t) {
    if (nd__is_complex(x))
        return nd__error(ND_ERR_DTYPE, f,
                         "ufunc '%s' not supported for the input types, and the inputs could "
                         "not be safely coerced to any supported types according to the casting "
                         "rule ''safe''",
                         op);
    *t = nd__is_float(x) ? x : nd_result_type(x, ND_FLOAT16);
    return ND_OK;
}

/* a and b broadcast, as C-contiguous copies of dtypes ta and tb. */
static nd_status pair(const nd_array *a, const nd_array *b, nd_dtype ta, nd_dtype tb, nd_array **x,
                      nd_array **y) {
    nd_array *in[2] = {(nd_array *)a, (nd_array *)b}, *bc[2] = {0};
    if (nd_broadcast_arrays(2, in, bc)) return nd_last_error();
    *x = nd_astype(bc[0], ta);
    *y = *x ? nd_astype(bc[1], tb) : NULL;
    ND_RELEASE_ALL(bc[0], bc[1]);
    if (!*y) {
        nd_release(*x);
        return nd_last_error();
    }
    return ND_OK;
}

static double get(const nd_array *a, int64_t i) {
    double v;
    nd__cast_one(a->dtype, a->data + i * (int64_t)nd__itemsize(a->dtype), ND_FLOAT64, &v);
    return v;
}

static void put(nd_array *a, int64_t i, double v) {
    nd__cast_one(ND_FLOAT64, &v, a->dtype, a->data + i * (int64_t)nd__itemsize(a->dtype));
}

nd_array *nd_float_power(const nd_array *a, const nd_array *b, nd_array *out) {
    if (!a || !b) return nd__null_arg("nd_float_power", !a ? "a" : "b"), NULL;
    nd_dtype t = nd__is_complex(a->dtype) || nd__is_complex(b->dtype) ? ND_COMPLEX128 : ND_FLOAT64;
    nd_array *x = nd_astype(a, t), *y = x ? nd_astype(b, t) : NULL;
    nd_array *r = y ? nd_power(x, y, out) : NULL;
    ND_RELEASE_ALL(x, y);
    return r;
}

nd_array *nd_heaviside(const nd_array *x, const nd_array *h0, nd_array *out) {
    const char *f = "nd_heaviside";
    if (!x || !h0) return nd__null_arg(f, !x ? "x" : "h0"), NULL;
    nd_dtype tx = ND_FLOAT64, th = ND_FLOAT64;
    if (float_type(f, "heaviside", x->dtype, &tx) || float_type(f, "heaviside", h0->dtype, &th))
        return NULL;
    nd_dtype t = nd_result_type(tx, th);
    nd_array *a, *h, *r = NULL;
    if (pair(x, h0, t, t, &a, &h)) return NULL;
    if ((r = nd_empty(t, a->ndim, a->shape)))
        for (int64_t i = 0, n = nd_size(a); i < n; i++) {
            double v = get(a, i);
            put(r, i, isnan(v) ? v : v < 0 ? 0.0 : v > 0 ? 1.0 : get(h, i));
        }
    ND_RELEASE_ALL(a, h);
    return nd__stats_to_out(r, out);
}

nd_array *nd_ldexp(const nd_array *a, const nd_array *e, nd_array *out) {
    const char *f = "nd_ldexp";
    if (!a || !e) return nd__null_arg(f, !a ? "a" : "e"), NULL;
    nd_dtype t = ND_FLOAT64;
    if (float_type(f, "ldexp", a->dtype, &t)) return NULL;
    if (!nd__is_int(e->dtype) && e->dtype != ND_BOOL) {
        nd__error(ND_ERR_DTYPE, f,
                  "ufunc 'ldexp' not supported for the input types, and the inputs could not "
                  "be safely coerced to any supported types according to the casting rule "
                  "''safe''");
        return NULL;
    }
    nd_array *x, *k, *r = NULL;
    if (pair(a, e, t, ND_INT64, &x, &k)) return NULL;
    const int64_t *kv = (const int64_t *)k->data;
    if ((r = nd_empty(t, x->ndim, x->shape)))
        for (int64_t i = 0, n = nd_size(x); i < n; i++) {
            int64_t s = kv[i] > 100000 ? 100000 : kv[i] < -100000 ? -100000 : kv[i];
            if (t == ND_FLOAT64)
                ((double *)r->data)[i] = ldexp(((double *)x->data)[i], (int)s);
            else
                put(r, i, ldexp(get(x, i), (int)s)); /* exact in double, rounded once */
        }
    ND_RELEASE_ALL(x, k);
    return nd__stats_to_out(r, out);
}

/* A float copy of a (NumPy's loop dtype) for the one-input functions. */
static nd_array *float_copy(const char *f, const char *op, const nd_array *a) {
    nd_dtype t = ND_FLOAT64;
    if (!a) return nd__null_arg(f, "a"), NULL;
    if (float_type(f, op, a->dtype, &t)) return NULL;
    return nd_astype(a, t);
}

int nd_frexp(const nd_array *a, nd_array **m, nd_array **e) {
    const char *f = "nd_frexp";
    if (!m || !e) return nd__null_arg(f, !m ? "m" : "e");
    nd_array *x = float_copy(f, "frexp", a), *ex = x ? nd_empty(ND_INT32, x->ndim, x->shape) : NULL;
    if (!ex) return nd_release(x), nd_last_error();
    for (int64_t i = 0, n = nd_size(x); i < n; i++) {
        int k = 0;
        double v = get(x, i), mv = isfinite(v) ? frexp(v, &k) : v;
        put(x, i, mv);
        ((int32_t *)ex->data)[i] = isfinite(v) ? k : 0;
    }
    *m = x, *e = ex;
    return ND_OK;
}

int nd_modf(const nd_array *a, nd_array **frac, nd_array **intg) {
    const char *f = "nd_modf";
    if (!frac || !intg) return nd__null_arg(f, !frac ? "frac" : "intg");
    nd_array *x = float_copy(f, "modf", a), *ip = x ? nd_empty(x->dtype, x->ndim, x->shape) : NULL;
    if (!ip) return nd_release(x), nd_last_error();
    for (int64_t i = 0, n = nd_size(x); i < n; i++) {
        double w, v = modf(get(x, i), &w);
        put(x, i, v);
        put(ip, i, w);
    }
    *frac = x, *intg = ip;
    return ND_OK;
}

/* NumPy's npy_half_spacing: always positive, and for a negative power of
   two the step toward zero (its float16 rule differs from its float32 and
   float64 ones; matched as it is). Finite h only. */
static uint16_t half_spacing(uint16_t h) {
    uint16_t e = h & 0x7c00u, sig = h & 0x03ffu;
    if (h == 0x7bffu) return 0x7c00u; /* the largest half: +inf */
    if ((h & 0x8000u) && sig == 0) {
        if (e > 0x2c00u) return (uint16_t)(e - 0x2c00u);
        if (e > 0x0400u) return (uint16_t)(1u << ((e >> 10) - 2));
        return 1;
    }
    if (e > 0x2800u) return (uint16_t)(e - 0x2800u);
    if (e > 0x0400u) return (uint16_t)(1u << ((e >> 10) - 1));
    return 1;
}

nd_array *nd_spacing(const nd_array *a, nd_array *out) {
    nd_array *x = float_copy("nd_spacing", "spacing", a);
    if (!x) return NULL;
    for (int64_t i = 0, n = nd_size(x); i < n; i++) {
        double v = get(x, i), next;
        if (!isfinite(v)) {
            put(x, i, NAN);
            continue;
        }
        if (x->dtype == ND_FLOAT16) {
            uint16_t *h = (uint16_t *)x->data + i;
            *h = half_spacing(*h);
            continue;
        }
        double dir = v == 0 ? INFINITY : copysign(INFINITY, v); /* zeros: +min subnormal */
        if (x->dtype == ND_FLOAT64)
            next = nextafter(v, dir);
        else
            next = nextafterf((float)v, (float)dir);
        put(x, i, next - v); /* exact: neighbours differ by one unit */
    }
    return nd__stats_to_out(x, out);
}
