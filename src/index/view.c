/* Views that reinterpret shape and strides: reshape, transpose,
   broadcast_to, and np.broadcast_shapes. Checks run in NumPy's order so the
   same call fails with the same message. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "copy/copy.h"
#include "core/internal.h"
#include "nd/view.h"
#include "iter/broadcast.h"

/* Appends to a message buffer; a full buffer just stops growing. */
static size_t append(char *buf, size_t cap, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static size_t append(char *buf, size_t cap, size_t n, const char *fmt, ...) {
    if (n >= cap) return n;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + n, cap - n, fmt, ap);
    va_end(ap);
    return k < 0 ? n : n + (size_t)k;
}

/* Python's tuple repr, "(2, 3)" or "(3,)": what np.broadcast prints. */
static const char *tuple_str(char *buf, size_t cap, int ndim, const int64_t *shape) {
    size_t n = append(buf, cap, 0, "(");
    for (int i = 0; i < ndim; i++)
        n = append(buf, cap, n, i ? ", %lld" : "%lld", (long long)shape[i]);
    append(buf, cap, n, ndim == 1 ? ",)" : ")");
    return buf;
}

/* NumPy's wording for too many dimensions; a negative count has none. */
static nd_status check_ndim(const char *func, int ndim) {
    if (ndim < 0) return nd__error(ND_ERR_SHAPE, func, "ndim must be non-negative, got %d", ndim);
    if (ndim > ND_MAX_DIMS)
        return nd__error(ND_ERR_SHAPE, func,
                         "maximum supported dimension for an ndarray is %d, found %d", ND_MAX_DIMS,
                         ndim);
    return ND_OK;
}

/* ---- reshape ---------------------------------------------------------- */

/* NumPy's convert_shape_to_string, quirks included so messages match: an
   unknown (negative) entry prints as "newaxis", and leading ones are
   dropped ("(-1, 0)" prints as "(0)"). */
static const char *reshape_shape_str(char *buf, size_t cap, int ndim, const int64_t *shape) {
    int i = 0;
    while (i < ndim && shape[i] < 0) i++;
    if (i == ndim) return append(buf, cap, 0, "()"), buf;
    size_t n = append(buf, cap, 0, "(%lld", (long long)shape[i++]);
    for (; i < ndim; i++)
        n = shape[i] < 0 ? append(buf, cap, n, ",newaxis")
                         : append(buf, cap, n, ",%lld", (long long)shape[i]);
    append(buf, cap, n, i == 1 ? ",)" : ")");
    return buf;
}

static nd_status reshape_error(const char *func, int64_t size, int ndim, const int64_t *shape) {
    char buf[ND_MAX_DIMS * 24 + 8];
    return nd__error(ND_ERR_SHAPE, func, "cannot reshape array of size %lld into shape %s",
                     (long long)size, reshape_shape_str(buf, sizeof buf, ndim, shape));
}

/* NumPy's _fix_unknown_dimension: any negative entry is the unknown one
   (NumPy 1.24 takes -2 like -1), inferred from the size. */
static nd_status fix_unknown(const char *func, int64_t size, int ndim, const int64_t *in,
                             int64_t *out) {
    int unknown = -1;
    int64_t known = 1;
    for (int i = 0; i < ndim; i++) {
        out[i] = in[i];
        if (in[i] < 0) {
            if (unknown >= 0)
                return nd__error(ND_ERR_SHAPE, func, "can only specify one unknown dimension");
            unknown = i;
        } else if (nd__mul_ovf(known, in[i], &known)) {
            return reshape_error(func, size, ndim, in); /* cannot equal any real size */
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

/* Stride products below can only overflow on a size-1 axis of a wrapped
   array with a huge stride, where the stride is never used. */
static int64_t mul_or_zero(int64_t a, int64_t b) {
    int64_t r;
    return nd__mul_ovf(a, b, &r) ? 0 : r;
}

/* NumPy's _attempt_nocopy_reshape for C order: new strides for a view, or
   false when the old strides cannot express the new shape. Both shapes hold
   the same number (>= 2) of elements, none zero. */
static bool nocopy_strides(const nd_array *a, int newnd, const int64_t *newdims,
                           int64_t *newstrides) {
    int64_t olddims[ND_MAX_DIMS], oldstrides[ND_MAX_DIMS];
    int oldnd = 0;
    for (int i = 0; i < a->ndim; i++) /* size-1 axes have no say */
        if (a->shape[i] != 1) olddims[oldnd] = a->shape[i], oldstrides[oldnd++] = a->strides[i];
    int oi = 0, oj = 1, ni = 0, nj = 1;
    while (ni < newnd && oi < oldnd) {
        /* Grow the smaller side until both groups hold the same count. */
        int64_t np = newdims[ni], op = olddims[oi];
        while (np != op) {
            if (np < op)
                np *= newdims[nj++];
            else
                op *= olddims[oj++];
        }
        for (int ok = oi; ok < oj - 1; ok++) /* the old group must be one run */
            if (oldstrides[ok] != olddims[ok + 1] * oldstrides[ok + 1]) return false;
        newstrides[nj - 1] = oldstrides[oj - 1];
        for (int nk = nj - 1; nk > ni; nk--)
            newstrides[nk - 1] = mul_or_zero(newstrides[nk], newdims[nk]);
        ni = nj++;
        oi = oj++;
    }
    int64_t last = ni >= 1 ? newstrides[ni - 1] : (int64_t)nd__itemsize(a->dtype);
    for (int nk = ni; nk < newnd; nk++) newstrides[nk] = last; /* trailing 1s */
    return true;
}

static bool same_shape(const nd_array *a, int ndim, const int64_t *shape) {
    if (ndim != a->ndim) return false;
    for (int i = 0; i < ndim; i++)
        if (shape[i] != a->shape[i]) return false;
    return true;
}

/* NumPy copies in C order and views the copy. */
static nd_array *reshape_copy(const char *func, const nd_array *a, int ndim, const int64_t *dims) {
    nd_array *c = nd__alloc(func, a->dtype, a->ndim, a->shape, ND_ORDER_C, false);
    if (!c) return NULL;
    if (nd__copy_into(func, c, a)) {
        nd_release(c);
        return NULL;
    }
    int64_t strides[ND_MAX_DIMS];
    nd__strides_for(ndim, dims, nd__itemsize(a->dtype), ND_ORDER_C, strides);
    nd_array *v = nd__view(func, c, ndim, dims, strides, c->data);
    nd_release(c); /* the view holds the copy's buffer */
    return v;
}

nd_array *nd_reshape(const nd_array *a, int ndim, const int64_t *shape) {
    static const char *func = "nd_reshape";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (check_ndim(func, ndim)) return NULL;
    if (ndim > 0 && !shape) return nd__null_arg(func, "shape"), NULL;
    /* NumPy's shortcut: the same shape keeps the strides as they are. */
    if (same_shape(a, ndim, shape))
        return nd__view(func, a, a->ndim, a->shape, a->strides, a->data);
    int64_t size = nd__shape_prod(a->ndim, a->shape), dims[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    size_t isz = nd__itemsize(a->dtype);
    if (fix_unknown(func, size, ndim, shape, dims) || nd__shape_check(func, ndim, dims, isz, NULL))
        return NULL;
    /* Contiguous includes every array of 0 or 1 element. */
    if (a->flags & ND_FLAG_C_CONTIG) {
        nd__strides_for(ndim, dims, isz, ND_ORDER_C, strides);
        return nd__view(func, a, ndim, dims, strides, a->data);
    }
    if (nocopy_strides(a, ndim, dims, strides))
        return nd__view(func, a, ndim, dims, strides, a->data);
    return reshape_copy(func, a, ndim, dims);
}

/* ---- transpose -------------------------------------------------------- */

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
    for (int i = 0; i < a->ndim; i++)
        shape[i] = a->shape[perm[i]], strides[i] = a->strides[perm[i]];
    return nd__view(func, a, a->ndim, shape, strides, a->data);
}

/* ---- broadcasting ----------------------------------------------------- */

/* PyArray_OverflowMultiplyList, which NumPy's broadcasting uses: the
   product from the outermost axis, where a zero met first ends it. */
static bool product_overflows(int ndim, const int64_t *shape) {
    int64_t prod = 1;
    for (int d = 0; d < ndim && shape[d] != 0; d++)
        if (nd__mul_ovf(prod, shape[d], &prod)) return true;
    return false;
}

/* np.broadcast_to's own checks, then what its nditer reports. */
static nd_status broadcast_to_check(const char *func, const nd_array *a, int ndim,
                                    const int64_t *shape, int64_t *strides) {
    if (check_ndim(func, ndim)) return ND_ERR_SHAPE;
    if (ndim > 0 && !shape) return nd__null_arg(func, "shape");
    if (ndim == 0 && a->ndim > 0)
        return nd__error(ND_ERR_SHAPE, func, "cannot broadcast a non-scalar to a scalar array");
    for (int i = 0; i < ndim; i++)
        if (shape[i] < 0)
            return nd__error(ND_ERR_SHAPE, func,
                             "all elements of broadcast shape must be non-negative");
    if (a->ndim > ndim)
        return nd__error(ND_ERR_SHAPE, func,
                         "input operand has more dimensions than allowed by the axis remapping");
    if (!nd__broadcast_strides(a, ndim, shape, strides)) {
        char sa[ND_MAX_DIMS * 24 + 8], sb[ND_MAX_DIMS * 24 + 8];
        return nd__error(ND_ERR_SHAPE, func,
                         "operands could not be broadcast together with remapped shapes "
                         "[original->remapped]: %s  and requested shape %s",
                         nd__shape_str(sa, sizeof sa, a->ndim, a->shape),
                         nd__shape_str(sb, sizeof sb, ndim, shape));
    }
    if (product_overflows(ndim, shape))
        return nd__error(ND_ERR_OVERFLOW, func, "iterator is too large");
    return nd__shape_check(func, ndim, shape, nd__itemsize(a->dtype), NULL);
}

nd_array *nd_broadcast_to(const nd_array *a, int ndim, const int64_t *shape) {
    static const char *func = "nd_broadcast_to";
    if (!a) return nd__null_arg(func, "a"), NULL;
    int64_t strides[ND_MAX_DIMS];
    if (broadcast_to_check(func, a, ndim, shape, strides)) return NULL;
    nd_array *v = nd__view(func, a, ndim, shape, strides, a->data);
    if (v) v->flags &= ~ND_FLAG_WRITEABLE; /* elements repeat: NumPy makes it read-only */
    return v;
}

/* np.broadcast_shapes builds np.empty(shape, dtype=[]) for each argument
   first; with items of 0 bytes, a huge size passes there. */
static nd_status check_inputs(const char *func, int n, const int *ndims,
                              const int64_t *const *shapes) {
    for (int i = 0; i < n; i++) {
        if (check_ndim(func, ndims[i])) return ND_ERR_SHAPE;
        if (ndims[i] > 0 && !shapes[i]) return nd__null_item(func, "shapes", i);
        for (int k = 0; k < ndims[i]; k++)
            if (shapes[i][k] < 0)
                return nd__error(ND_ERR_SHAPE, func, "negative dimensions are not allowed");
    }
    return ND_OK;
}

/* PyArray_Broadcast's loop: axis by axis from the outermost, argument by
   argument, so the first mismatch reported is NumPy's. */
static nd_status broadcast_dims(const char *func, int n, const int *ndims,
                                const int64_t *const *shapes, int nd, int64_t *out) {
    for (int d = 0; d < nd; d++) {
        out[d] = 1;
        int src = 0;
        for (int i = 0; i < n; i++) {
            int k = d + ndims[i] - nd;
            if (k < 0 || shapes[i][k] == 1) continue;
            if (out[d] == 1) {
                out[d] = shapes[i][k];
                src = i;
            } else if (out[d] != shapes[i][k]) {
                char sa[ND_MAX_DIMS * 24 + 8], sb[ND_MAX_DIMS * 24 + 8];
                return nd__error(
                    ND_ERR_SHAPE, func,
                    "shape mismatch: objects cannot be broadcast to a single shape.  "
                    "Mismatch is between arg %d with shape %s and arg %d with shape %s.",
                    src, tuple_str(sa, sizeof sa, ndims[src], shapes[src]), i,
                    tuple_str(sb, sizeof sb, ndims[i], shapes[i]));
            }
        }
    }
    if (product_overflows(nd, out))
        return nd__error(ND_ERR_OVERFLOW, func, "broadcast dimensions too large.");
    return ND_OK;
}

int nd_broadcast_shapes(int n, const int *ndims, const int64_t *const *shapes, int *out_ndim,
                        int64_t *out_shape) {
    static const char *func = "nd_broadcast_shapes";
    if (n < 0) return nd__error(ND_ERR_VALUE, func, "n must be non-negative, got %d", n);
    if (n > 0 && !ndims) return nd__null_arg(func, "ndims");
    if (n > 0 && !shapes) return nd__null_arg(func, "shapes");
    if (!out_ndim) return nd__null_arg(func, "out_ndim");
    if (!out_shape) return nd__null_arg(func, "out_shape");
    if (check_inputs(func, n, ndims, shapes)) return nd_last_error();
    int nd = 0;
    for (int i = 0; i < n; i++) nd = ndims[i] > nd ? ndims[i] : nd;
    int64_t out[ND_MAX_DIMS];
    if (broadcast_dims(func, n, ndims, shapes, nd, out)) return nd_last_error();
    memcpy(out_shape, out, sizeof(int64_t) * (size_t)nd);
    *out_ndim = nd;
    return ND_OK;
}
