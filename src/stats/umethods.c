/* The ufunc methods for every binary op: reduce, accumulate, outer,
   reduceat and at, as views of the operands passed to nd_ufunc (so each
   op's type resolution, casting and errors are the elementwise driver's).
   reduce keeps nd_reduce's fast paths for the ops it has. */
#include <math.h>
#include <string.h>

#include "stats/stats_internal.h"

static nd_status need_binary(const char *f, nd_op op, const char *what) {
    if (nd_op_nin(op) == 2) return ND_OK;
    if (nd_op_nin(op) < 0) return nd__error(ND_ERR_VALUE, f, "unknown op %d", (int)op);
    return nd__error(ND_ERR_VALUE, f, "%s only supported for binary functions", what);
}

/* NumPy's reduce, accumulate and reduceat add and multiply bool and
   integers narrower than 64 bits in the platform integer. */
static nd_dtype method_dtype(nd_op op, nd_dtype t) {
    if ((op == ND_OP_ADD || op == ND_OP_MULTIPLY) && (t == ND_BOOL || nd__is_int(t)))
        return nd__is_unsigned(t) ? ND_UINT64 : ND_INT64;
    return t;
}

/* The dtype op gives for two operands of dtype t. */
static nd_status loop_dtype(nd_op op, nd_dtype t, nd_dtype *out) {
    nd_array *z = nd_zeros(t, 0, NULL), *in[2] = {z, z};
    nd_array *r = z ? nd_ufunc(op, 2, (const nd_array *const *)in, NULL) : NULL;
    if (r) *out = r->dtype;
    ND_RELEASE_ALL(z, r);
    return r ? ND_OK : nd_last_error();
}

/* a[lo:hi] along ax (drop: a[lo], the axis removed). */
static nd_array *along(const char *f, const nd_array *a, int ax, int64_t lo, int64_t hi,
                       bool drop) {
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    int k = 0;
    for (int i = 0; i < a->ndim; i++) {
        if (i == ax && drop) continue;
        shape[k] = i == ax ? hi - lo : a->shape[i];
        strides[k++] = a->strides[i];
    }
    int64_t off = lo ? lo * a->strides[ax] : 0;
    return nd__view(f, a, k, shape, strides, a->data + off);
}

/* The identity of op's fold, when it has one. */
static bool identity(nd_op op, double *v) {
    switch (op) {
    case ND_OP_BITWISE_OR:
    case ND_OP_BITWISE_XOR:
    case ND_OP_LOGICAL_XOR:
    case ND_OP_GCD:
        *v = 0;
        return true;
    case ND_OP_BITWISE_AND:
        *v = -1;
        return true;
    case ND_OP_LCM:
        *v = 1;
        return true; /* NumPy's lcm.identity is 1 */
    case ND_OP_LOGADDEXP:
    case ND_OP_LOGADDEXP2:
        *v = -INFINITY;
        return true;
    default:
        return false;
    }
}

/* op folded left to right along ax of x (ax a valid axis). */
static nd_array *fold(const char *f, nd_op op, const nd_array *x, int ax) {
    nd_dtype t = ND_FLOAT64;
    if (loop_dtype(op, x->dtype, &t)) return NULL;
    int64_t n = x->shape[ax];
    if (n == 0) {
        double v;
        if (!identity(op, &v)) {
            nd__error(ND_ERR_VALUE, f,
                      "zero-size array to reduction operation %s which has no identity",
                      nd_op_name(op));
            return NULL;
        }
        nd_array *v0 = along(f, x, ax, 0, 0, true), *r = NULL;
        if (v0) r = nd_full(t, v0->ndim, v0->shape, v);
        nd_release(v0);
        return r;
    }
    nd_array *v0 = along(f, x, ax, 0, 1, true), *acc = v0 ? nd_astype(v0, t) : NULL;
    nd_release(v0);
    for (int64_t i = 1; acc && i < n; i++) {
        nd_array *vi = along(f, x, ax, i, i + 1, true), *in[2] = {acc, vi};
        if (!vi || !nd_ufunc(op, 2, (const nd_array *const *)in, acc)) nd_release(acc), acc = NULL;
        nd_release(vi);
    }
    return acc;
}

nd_array *nd_ufunc_reduce(nd_op op, const nd_array *a, int axis, bool keepdims, nd_array *out) {
    const char *f = "nd_ufunc_reduce";
    if (!a) return nd__null_arg(f, "a"), NULL;
    if (need_binary(f, op, "reduce")) return NULL;
    switch (op) {
    case ND_OP_ADD:
    case ND_OP_MULTIPLY:
    case ND_OP_MAXIMUM:
    case ND_OP_MINIMUM:
    case ND_OP_FMAX:
    case ND_OP_FMIN:
    case ND_OP_LOGICAL_OR:
    case ND_OP_LOGICAL_AND:
        return nd_reduce(op, a, axis == ND_AXIS_ALL ? -1 : 1, axis == ND_AXIS_ALL ? NULL : &axis,
                         keepdims, out);
    default:
        break;
    }
    double id;
    if (axis == ND_AXIS_ALL && a->ndim > 1 && !identity(op, &id)) {
        nd__error(ND_ERR_VALUE, f,
                  "reduction operation '%s' is not reorderable, so at most one axis may be "
                  "specified",
                  nd_op_name(op));
        return NULL;
    }
    int ax = 0;
    nd_array *x = axis == ND_AXIS_ALL ? nd_ravel(a) : nd_retain((nd_array *)a), *r = NULL;
    if (!x || (axis != ND_AXIS_ALL && nd__normalize_axis(f, axis, a->ndim, &ax))) goto done;
    if (!(r = fold(f, op, x, ax)) || !keepdims) goto done;
    int64_t shape[ND_MAX_DIMS];
    for (int i = 0, k = 0; i < a->ndim; i++)
        shape[i] = axis == ND_AXIS_ALL || i == ax ? 1 : r->shape[k++];
    nd_array *kd = nd_reshape(r, a->ndim, shape);
    nd_release(r);
    r = kd;
done:
    nd_release(x);
    return nd__stats_to_out(r, out);
}

nd_array *nd_ufunc_accumulate(nd_op op, const nd_array *a, int axis, nd_array *out) {
    const char *f = "nd_ufunc_accumulate";
    if (!a) return nd__null_arg(f, "a"), NULL;
    if (need_binary(f, op, "accumulate")) return NULL;
    int ax = 0;
    if (axis == ND_AXIS_ALL && a->ndim != 1) {
        nd__error(ND_ERR_VALUE, f, "accumulate does not allow multiple axes");
        return NULL;
    }
    if (axis != ND_AXIS_ALL && nd__normalize_axis(f, axis, a->ndim, &ax)) return NULL;
    nd_dtype t = ND_FLOAT64;
    if (loop_dtype(op, method_dtype(op, a->dtype), &t)) return NULL;
    nd_array *r = nd_astype(a, t);
    for (int64_t i = 1; r && i < a->shape[ax]; i++) {
        nd_array *p = along(f, r, ax, i - 1, i, true),
                 *c = p ? along(f, r, ax, i, i + 1, true) : NULL;
        nd_array *in[2] = {p, c};
        if (!c || !nd_ufunc(op, 2, (const nd_array *const *)in, c)) nd_release(r), r = NULL;
        ND_RELEASE_ALL(p, c);
    }
    return nd__stats_to_out(r, out);
}

nd_array *nd_ufunc_outer(nd_op op, const nd_array *a, const nd_array *b, nd_array *out) {
    const char *f = "nd_ufunc_outer";
    if (!a || !b) return nd__null_arg(f, !a ? "a" : "b"), NULL;
    if (need_binary(f, op, "outer product")) return NULL;
    if (a->ndim + b->ndim > ND_MAX_DIMS) {
        nd__error(ND_ERR_SHAPE, f, "the result has more than %d dimensions", ND_MAX_DIMS);
        return NULL;
    }
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    for (int i = 0; i < a->ndim + b->ndim; i++) {
        shape[i] = i < a->ndim ? a->shape[i] : 1;
        strides[i] = i < a->ndim ? a->strides[i] : 0;
    }
    nd_array *ar = nd__view(f, a, a->ndim + b->ndim, shape, strides, a->data),
             *in[2] = {ar, (nd_array *)b};
    nd_array *r = ar ? nd_ufunc(op, 2, (const nd_array *const *)in, out) : NULL;
    nd_release(ar);
    return r;
}

nd_array *nd_ufunc_reduceat(nd_op op, const nd_array *a, const nd_array *indices, int axis,
                            nd_array *out) {
    const char *f = "nd_ufunc_reduceat";
    if (!a || !indices) return nd__null_arg(f, !a ? "a" : "indices"), NULL;
    if (need_binary(f, op, "reduceat")) return NULL;
    int ax;
    if (nd__normalize_axis(f, axis, a->ndim, &ax)) return NULL;
    if (indices->ndim != 1 || !(nd__is_int(indices->dtype))) {
        nd__error(ND_ERR_DTYPE, f, "indices must be a 1-D integer array");
        return NULL;
    }
    nd_array *idx = nd_astype(indices, ND_INT64), *x = NULL, *r = NULL;
    nd_dtype t = ND_FLOAT64;
    if (!idx || loop_dtype(op, method_dtype(op, a->dtype), &t)) goto fail;
    const int64_t *iv = (const int64_t *)idx->data;
    int64_t m = idx->shape[0], n = a->shape[ax], shape[ND_MAX_DIMS];
    for (int64_t i = 0; i < m; i++)
        if (iv[i] < 0 || iv[i] >= n) {
            nd__error(ND_ERR_INDEX, f, "index %lld out-of-bounds in %s.reduceat [0, %lld)",
                      (long long)iv[i], nd_op_name(op), (long long)n);
            goto fail;
        }
    for (int i = 0; i < a->ndim; i++) shape[i] = i == ax ? m : a->shape[i];
    if (!(x = nd_astype(a, t)) || !(r = nd_empty(t, a->ndim, shape))) goto fail;
    for (int64_t i = 0; i < m; i++) {
        int64_t lo = iv[i], hi = i + 1 < m ? iv[i + 1] : n;
        nd_array *piece = lo < hi ? along(f, x, ax, lo, hi, false) : NULL;
        nd_array *v =
            lo < hi ? (piece ? fold(f, op, piece, ax) : NULL) : along(f, x, ax, lo, lo + 1, true);
        nd_array *dst = v ? along(f, r, ax, i, i + 1, true) : NULL;
        int s = dst ? nd_assign(dst, v) : (int)nd_last_error();
        ND_RELEASE_ALL(piece, v, dst);
        if (s) goto fail;
    }
    ND_RELEASE_ALL(idx, x);
    return nd__stats_to_out(r, out);
fail:
    ND_RELEASE_ALL(idx, x, r);
    return NULL;
}

int nd_ufunc_at(nd_op op, nd_array *a, const nd_array *indices, const nd_array *b) {
    const char *f = "nd_ufunc_at";
    if (!a || !indices) return nd__null_arg(f, !a ? "a" : "indices");
    int nin = nd_op_nin(op);
    if (nin < 0) return nd__error(ND_ERR_VALUE, f, "unknown op %d", (int)op);
    if (nin == 2 && !b) return nd__null_arg(f, "b");
    if (nin == 1 && b) return nd__error(ND_ERR_VALUE, f, "second operand needed for ufunc");
    if (nd__check_writeable(f, a)) return nd_last_error();
    if (a->ndim == 0) return nd__error(ND_ERR_INDEX, f, "too many indices for array");
    if (indices->ndim > 1 || !nd__is_int(indices->dtype))
        return nd__error(ND_ERR_INDEX, f, "indices must be a 1-D integer array");
    nd_array *idx = nd_astype(indices, ND_INT64), *bb = NULL;
    if (!idx) return nd_last_error();
    int64_t m = nd_size(idx), n = a->shape[0];
    const int64_t *iv = (const int64_t *)idx->data;
    nd_status s = ND_OK;
    if (b) { /* b as (m,) + a.shape[1:] */
        int64_t shape[ND_MAX_DIMS];
        shape[0] = m;
        for (int i = 1; i < a->ndim; i++) shape[i] = a->shape[i];
        if (!(bb = nd_broadcast_to(b, a->ndim, shape))) s = nd_last_error();
    }
    for (int64_t k = 0; k < m && !s; k++) {
        int64_t i = iv[k] < 0 ? iv[k] + n : iv[k];
        if (i < 0 || i >= n) {
            s = nd__error(ND_ERR_INDEX, f, "index %lld is out of bounds for axis 0 with size %lld",
                          (long long)iv[k], (long long)n);
            break;
        }
        nd_array *dst = along(f, a, 0, i, i + 1, true),
                 *bk = bb ? along(f, bb, 0, k, k + 1, true) : NULL;
        nd_array *in[2] = {dst, bk};
        if (!dst || (bb && !bk) || !nd_ufunc(op, nin, (const nd_array *const *)in, dst))
            s = nd_last_error();
        ND_RELEASE_ALL(dst, bk);
    }
    ND_RELEASE_ALL(idx, bb);
    return s;
}
