/* np.<op>.reduce with NumPy's dtype, initial and where keywords, and np.mean
   with dtype and where, over nd_reduce(): the keywords reshape the input
   (a cast, masked elements replaced), the reduction itself is nd's. */
#include "stats/stats_internal.h"

/* The identity of the reducible ops that have one (NumPy's ufunc.identity). */
static bool op_identity(nd_op op, double *id) {
    switch (op) {
    case ND_OP_ADD:
    case ND_OP_LOGICAL_OR:
        *id = 0;
        return true;
    case ND_OP_MULTIPLY:
    case ND_OP_LOGICAL_AND:
        *id = 1;
        return true;
    default:
        return false;
    }
}

static bool reducible(nd_op op) {
    double id;
    return op_identity(op, &id) || op == ND_OP_MAXIMUM || op == ND_OP_MINIMUM || op == ND_OP_FMAX ||
           op == ND_OP_FMIN;
}

/* Marks the reduced axes of an ndim-array in red[]; false (error set) on a
   bad or repeated axis. */
static bool reduced_axes(const char *f, int ndim, int naxes, const int *axes, bool red[]) {
    for (int i = 0; i < ndim; i++) red[i] = naxes < 0;
    if (naxes > 0 && !axes) return nd__null_arg(f, "axes"), false;
    for (int i = 0; i < naxes; i++) {
        int ax;
        if (nd__normalize_axis(f, axes[i], ndim, &ax)) return false;
        if (red[ax]) return nd__error(ND_ERR_VALUE, f, "duplicate value in 'axis'"), false;
        red[ax] = true;
    }
    return true;
}

/* where broadcast to a's shape, a boolean array (NumPy casts it 'safe'). */
static nd_array *where_mask(const char *f, const nd_array *where, const nd_array *a) {
    if (nd_get_dtype(where) != ND_BOOL)
        return nd__error(ND_ERR_DTYPE, f,
                         "Cannot cast array data from dtype('%s') to dtype('bool') according to "
                         "the rule 'safe'",
                         nd_dtype_name(nd_get_dtype(where))),
               NULL;
    return nd_broadcast_to(where, a->ndim, a->shape);
}

/* x cast to t, masked elements (where false) replaced by fill. */
static nd_array *masked_input(const char *f, const nd_array *a, nd_dtype t, const nd_array *where,
                              double fill, const nd_array *fill_a) {
    if (!where) return nd_astype(a, t);
    nd_array *w = where_mask(f, where, a);
    nd_array *x = w ? nd_full(t, a->ndim, a->shape, fill) : NULL;
    if (x && fill_a && nd_copyto(x, fill_a, ND_CAST_UNSAFE, NULL)) nd_release(x), x = NULL;
    if (x && nd_copyto(x, a, ND_CAST_UNSAFE, w)) nd_release(x), x = NULL;
    nd_release(w);
    return x;
}

nd_array *nd_ufunc_reduce_full(nd_op op, const nd_array *a, int naxes, const int *axes,
                               nd_dtype dtype, nd_array *out, bool keepdims,
                               const nd_array *initial, const nd_array *where) {
    const char *f = "nd_ufunc_reduce_full";
    if (!a) return nd__null_arg(f, "a"), NULL;
    if (!reducible(op))
        return nd__error(ND_ERR_VALUE, f, "reduction of '%s' is not supported",
                         nd_op_name(op) ? nd_op_name(op) : "?"),
               NULL;
    if (dtype != ND_NUM_DTYPES && nd__check_dtype(f, dtype)) return NULL;
    if (initial && nd_ndim(initial) != 0)
        return nd__error(ND_ERR_VALUE, f, "initial must be a scalar (a 0-d array)"), NULL;
    double id = 0;
    bool has_id = op_identity(op, &id);
    if (where && !has_id && !initial)
        return nd__error(ND_ERR_VALUE, f,
                         "reduction operation '%s' does not have an identity, so to use a where "
                         "mask one has to specify 'initial'",
                         nd_op_name(op)),
               NULL;
    bool red[ND_MAX_DIMS];
    if (!reduced_axes(f, a->ndim, naxes, axes, red)) return NULL;
    nd_dtype t = dtype == ND_NUM_DTYPES ? a->dtype : dtype;
    nd_array *x = masked_input(f, a, t, where, id, has_id ? NULL : initial), *r = NULL, *ini = NULL;
    if (!x) return NULL;
    /* an op without identity reduces an empty extent only from initial: one
       element of it per reduced axis */
    bool empty = false;
    for (int i = 0; i < x->ndim; i++) empty |= red[i] && x->shape[i] == 0;
    if (empty && initial && !has_id) {
        int64_t shape[ND_MAX_DIMS];
        for (int i = 0; i < x->ndim; i++) shape[i] = red[i] ? 1 : x->shape[i];
        nd_array *one = nd_empty(t, x->ndim, shape);
        nd_release(x);
        x = one;
        if (!x || nd_copyto(x, initial, ND_CAST_UNSAFE, NULL)) goto fail;
    }
    if (!(r = nd_reduce(op, x, naxes, axes, keepdims, NULL))) goto fail;
    if (dtype != ND_NUM_DTYPES &&
        r->dtype != dtype) { /* add/multiply's upcast undone: it wraps alike */
        nd_array *c = nd_astype(r, dtype);
        nd_release(r);
        if (!(r = c)) goto fail;
    }
    if (initial) {
        const nd_array *in[2];
        if (!(ini = nd_astype(initial, r->dtype))) goto fail;
        in[0] = r, in[1] = ini;
        if (!nd_ufunc(op, 2, in, r)) goto fail;
    }
    ND_RELEASE_ALL(x, ini);
    return nd__stats_to_out(r, out);
fail:
    ND_RELEASE_ALL(x, r, ini);
    return NULL;
}

nd_array *nd_mean_full(const nd_array *a, int naxes, const int *axes, nd_dtype dtype, nd_array *out,
                       bool keepdims, const nd_array *where) {
    const char *f = "nd_mean_full";
    if (!a) return nd__null_arg(f, "a"), NULL;
    if (dtype != ND_NUM_DTYPES && nd__check_dtype(f, dtype)) return NULL;
    bool red[ND_MAX_DIMS];
    if (!reduced_axes(f, a->ndim, naxes, axes, red)) return NULL;
    /* NumPy's _mean: integers and bool in float64, float16 summed in float32
       and returned as float16, the rest in their own dtype */
    nd_dtype rt = dtype != ND_NUM_DTYPES                        ? dtype
                  : nd__is_int(a->dtype) || a->dtype == ND_BOOL ? ND_FLOAT64
                                                                : a->dtype;
    nd_dtype wt = rt == ND_FLOAT16 && dtype == ND_NUM_DTYPES ? ND_FLOAT32 : rt;
    nd_array *s = nd_ufunc_reduce_full(ND_OP_ADD, a, naxes, axes, wt, NULL, keepdims, NULL, where);
    nd_array *w = NULL, *cnt = NULL, *q = NULL;
    if (!s) return NULL;
    if (where) {
        w = where_mask(f, where, a);
        cnt = w ? nd_reduce(ND_OP_ADD, w, naxes, axes, keepdims, NULL) : NULL;
    } else {
        int64_t n = 1;
        for (int i = 0; i < a->ndim; i++) n *= red[i] ? a->shape[i] : 1;
        cnt = nd_full(ND_INT64, 0, NULL, (double)n);
    }
    nd_array *c = cnt ? nd_astype(cnt, wt) : NULL;
    if (c) { /* true division; an integer dtype= truncates after it, as NumPy's unsafe cast */
        const nd_array *in[2] = {s, c};
        q = nd_ufunc(ND_OP_DIVIDE, 2, in, NULL);
    }
    ND_RELEASE_ALL(s, w, cnt, c);
    if (q && q->dtype != rt) {
        nd_array *qc = nd_astype(q, rt);
        nd_release(q);
        q = qc;
    }
    return q ? nd__stats_to_out(q, out) : NULL;
}
