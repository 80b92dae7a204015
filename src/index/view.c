/* Views that reinterpret shape and strides: reshape, transpose,
   broadcast_to. */
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "iter/broadcast.h"

/* NumPy's _attempt_nocopy_reshape for C order: new strides for a view, or
   false when the old strides cannot express the new shape. */
static bool nocopy_strides(const nd_array *a, int newnd, const int64_t *newdims, int64_t *newstrides) {
    int64_t olddims[ND_MAX_DIMS], oldstrides[ND_MAX_DIMS];
    int oldnd = 0;
    for (int i = 0; i < a->ndim; i++) /* size-1 axes have no say */
        if (a->shape[i] != 1) olddims[oldnd] = a->shape[i], oldstrides[oldnd++] = a->strides[i];
    int oi = 0, oj = 1, ni = 0, nj = 1;
    while (ni < newnd && oi < oldnd) {
        int64_t np = newdims[ni], op = olddims[oi];
        while (np != op) {
            if (np < op)
                np *= newdims[nj++];
            else
                op *= olddims[oj++];
        }
        for (int ok = oi; ok < oj - 1; ok++)
            if (oldstrides[ok] != olddims[ok + 1] * oldstrides[ok + 1]) return false;
        newstrides[nj - 1] = oldstrides[oj - 1];
        for (int nk = nj - 1; nk > ni; nk--) newstrides[nk - 1] = newstrides[nk] * newdims[nk];
        ni = nj++;
        oi = oj++;
    }
    int64_t last = ni >= 1 ? newstrides[ni - 1] : (int64_t)nd_dtype_size(a->dtype);
    for (int nk = ni; nk < newnd; nk++) newstrides[nk] = last; /* trailing 1s */
    return true;
}

static nd_status reshape_error(const char *func, int64_t size, int ndim, const int64_t *shape) {
    char buf[400];
    size_t n = 0;
    n += (size_t)snprintf(buf + n, sizeof buf - n, "(");
    for (int i = 0; i < ndim && n < sizeof buf; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, i ? ", %lld" : "%lld", (long long)shape[i]);
    if (n < sizeof buf) snprintf(buf + n, sizeof buf - n, ndim == 1 ? ",)" : ")");
    return nd__error(ND_ERR_SHAPE, func, "cannot reshape array of size %lld into shape %s", (long long)size, buf);
}

/* Replaces the one unknown (negative) dimension, as np.reshape. */
static nd_status fix_unknown(const char *func, int64_t size, int ndim, const int64_t *in, int64_t *out) {
    int unknown = -1;
    int64_t known = 1;
    for (int i = 0; i < ndim; i++) {
        out[i] = in[i];
        if (in[i] < 0) {
            if (unknown >= 0) return nd__error(ND_ERR_SHAPE, func, "can only specify one unknown dimension");
            unknown = i;
        } else if (nd__mul_ovf(known, in[i], &known)) {
            return nd__error(ND_ERR_OVERFLOW, func, "the new shape's size overflows int64");
        }
    }
    if (unknown >= 0) {
        if (known == 0 || size % known != 0) return reshape_error(func, size, ndim, in);
        out[unknown] = size / known;
    } else if (known != size) {
        return reshape_error(func, size, ndim, in);
    }
    return ND_OK;
}

nd_array *nd_reshape(const nd_array *a, int ndim, const int64_t *shape) {
    static const char *func = "nd_reshape";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (ndim < 0 || ndim > ND_MAX_DIMS)
        return nd__error(ND_ERR_SHAPE, func, "maximum supported dimension for an ndarray is %d, found %d", ND_MAX_DIMS,
                         ndim),
               NULL;
    if (ndim > 0 && !shape) return nd__null_arg(func, "shape"), NULL;
    int64_t size = nd__shape_prod(a->ndim, a->shape), dims[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    if (fix_unknown(func, size, ndim, shape, dims)) return NULL;
    if (size <= 1) { /* any strides describe 0 or 1 element */
        nd__strides_for(ndim, dims, nd_dtype_size(a->dtype), ND_ORDER_C, strides);
        return nd__view(func, a, ndim, dims, strides, a->data);
    }
    if (nocopy_strides(a, ndim, dims, strides)) return nd__view(func, a, ndim, dims, strides, a->data);
    nd_array *c = nd_copy(a);
    if (!c) return NULL;
    nd__strides_for(ndim, dims, nd_dtype_size(a->dtype), ND_ORDER_C, strides);
    nd_array *v = nd__view(func, c, ndim, dims, strides, c->data);
    nd_release(c); /* the view holds the copy's buffer */
    return v;
}

nd_array *nd_transpose(const nd_array *a, const int *axes) {
    static const char *func = "nd_transpose";
    if (!a) return nd__null_arg(func, "a"), NULL;
    int perm[ND_MAX_DIMS];
    bool used[ND_MAX_DIMS] = {false};
    for (int i = 0; i < a->ndim; i++) {
        int ax = axes ? axes[i] : a->ndim - 1 - i;
        if (nd__normalize_axis(func, ax, a->ndim, &perm[i])) return NULL;
        if (used[perm[i]]) return nd__error(ND_ERR_AXIS, func, "repeated axis in transpose"), NULL;
        used[perm[i]] = true;
    }
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    for (int i = 0; i < a->ndim; i++) shape[i] = a->shape[perm[i]], strides[i] = a->strides[perm[i]];
    return nd__view(func, a, a->ndim, shape, strides, a->data);
}

nd_array *nd_broadcast_to(const nd_array *a, int ndim, const int64_t *shape) {
    static const char *func = "nd_broadcast_to";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (nd__shape_check(func, ndim, shape, nd_dtype_size(a->dtype), NULL)) {
        if (nd_last_error() == ND_ERR_SHAPE && ndim >= 0 && ndim <= ND_MAX_DIMS)
            nd__error(ND_ERR_VALUE, func, "all elements of broadcast shape must be non-negative");
        return NULL;
    }
    if (a->ndim > ndim)
        return nd__error(ND_ERR_SHAPE, func, "input operand has more dimensions than allowed by the axis remapping"),
               NULL;
    int64_t strides[ND_MAX_DIMS];
    if (!nd__broadcast_strides(a, ndim, shape, strides)) {
        char sa[256], sb[256];
        nd__error(ND_ERR_SHAPE, func,
                  "operands could not be broadcast together with remapped shapes [original->remapped]: %s  and "
                  "requested shape %s",
                  nd__shape_str(sa, sizeof sa, a->ndim, a->shape), nd__shape_str(sb, sizeof sb, ndim, shape));
        return NULL;
    }
    nd_array *v = nd__view(func, a, ndim, shape, strides, a->data);
    if (v) v->flags &= ~ND_FLAG_WRITEABLE; /* elements repeat: NumPy makes it read-only */
    return v;
}

int nd_broadcast_shapes(int n, const int *ndims, const int64_t *const *shapes, int *out_ndim, int64_t *out_shape) {
    static const char *func = "nd_broadcast_shapes";
    if (n < 0) return nd__error(ND_ERR_VALUE, func, "n must be non-negative");
    if ((n > 0 && (!ndims || !shapes)) || !out_ndim || !out_shape) return nd__null_arg(func, "argument");
    int nd = 0;
    for (int i = 0; i < n; i++) {
        if (ndims[i] < 0 || ndims[i] > ND_MAX_DIMS)
            return nd__error(ND_ERR_SHAPE, func, "arg %d has %d dimensions", i, ndims[i]);
        if (ndims[i] > nd) nd = ndims[i];
    }
    for (int d = 0; d < nd; d++) out_shape[d] = 1;
    int64_t first[ND_MAX_DIMS]; /* which arg set each output dim */
    for (int d = 0; d < nd; d++) first[d] = -1;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < ndims[i]; k++) {
            int d = nd - ndims[i] + k;
            int64_t v = shapes[i][k];
            if (v < 0) return nd__error(ND_ERR_VALUE, func, "negative dimensions are not allowed");
            if (v == out_shape[d] || v == 1) continue;
            if (out_shape[d] != 1) {
                char sa[256], sb[256];
                int j = (int)first[d];
                return nd__error(ND_ERR_SHAPE, func,
                                 "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between "
                                 "arg %d with shape %s and arg %d with shape %s.",
                                 j, nd__shape_str(sa, sizeof sa, ndims[j], shapes[j]), i,
                                 nd__shape_str(sb, sizeof sb, ndims[i], shapes[i]));
            }
            out_shape[d] = v;
            first[d] = i;
        }
    *out_ndim = nd;
    return ND_OK;
}
