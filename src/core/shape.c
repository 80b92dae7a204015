/* Shape validation and stride arithmetic; every product is overflow-checked. */
#include <stdio.h>

#include "core/internal.h"

nd_status nd__shape_check(const char *func, int ndim, const int64_t *shape, size_t itemsize,
                          int64_t *size) {
    if (ndim < 0) return nd__error(ND_ERR_SHAPE, func, "ndim must be non-negative, got %d", ndim);
    if (ndim > ND_MAX_DIMS)
        return nd__error(ND_ERR_SHAPE, func,
                         "maximum supported dimension for an ndarray is %d, found %d", ND_MAX_DIMS,
                         ndim);
    if (ndim > 0 && !shape) return nd__null_arg(func, "shape");
    int64_t n = 1;
    bool overflow = false;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] < 0)
            return nd__error(ND_ERR_SHAPE, func, "negative dimensions are not allowed");
        if (nd__mul_ovf(n, shape[i], &n)) overflow = true;
    }
    /* A zero anywhere makes the size 0 even if a partial product overflowed,
       but NumPy still refuses shapes whose nonzero dims overflow; so do we. */
    int64_t nz = 1;
    for (int i = 0; i < ndim; i++)
        if (shape[i] != 0 && nd__mul_ovf(nz, shape[i], &nz)) overflow = true;
    int64_t bytes;
    if (overflow || nd__mul_ovf(nz, (int64_t)itemsize, &bytes))
        return nd__error(ND_ERR_OVERFLOW, func,
                         "array is too big; `arr.size * arr.dtype.itemsize` is larger than the "
                         "maximum possible size.");
    if (size) *size = overflow ? 0 : n;
    return ND_OK;
}

void nd__strides_for(int ndim, const int64_t *shape, size_t itemsize, nd_order order,
                     int64_t *strides) {
    int64_t s = (int64_t)itemsize;
    for (int k = 0; k < ndim; k++) {
        int i = order == ND_ORDER_C ? ndim - 1 - k : k;
        strides[i] = s;
        /* NumPy uses the dimension (not max(dim,1)) except for zeros; keep
           strides meaningful for empty arrays as NumPy does. */
        s *= shape[i] > 0 ? shape[i] : 1;
    }
}

const char *nd__shape_str(char *buf, size_t cap, int ndim, const int64_t *shape) {
    size_t n = 0;
    n += (size_t)snprintf(buf + n, cap - n, "(");
    for (int i = 0; i < ndim && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, i ? ",%lld" : "%lld", (long long)shape[i]);
    if (n < cap) snprintf(buf + n, cap - n, ndim == 1 ? ",)" : ")");
    return buf;
}

int nd__normalize_axis(const char *func, int axis, int ndim, int *out) {
    if (axis < -ndim || axis >= ndim)
        return nd__error(ND_ERR_AXIS, func, "axis %d is out of bounds for array of dimension %d",
                         axis, ndim);
    *out = axis < 0 ? axis + ndim : axis;
    return ND_OK;
}

/* Clamps one end as PySlice_AdjustIndices does; n >= 0 so v + n cannot
   overflow for v < 0. */
static int64_t slice_end(int64_t v, int64_t n, int64_t step) {
    if (v < 0) {
        v += n;
        return v < 0 ? (step < 0 ? -1 : 0) : v;
    }
    return v >= n ? (step < 0 ? n - 1 : n) : v;
}

int64_t nd__slice_axis(int64_t n, int64_t stride, const int64_t *start, const int64_t *stop,
                       int64_t step, int64_t *offset, int64_t *new_stride) {
    if (step < -INT64_MAX) step = -INT64_MAX; /* so that -step exists */
    int64_t b = start ? slice_end(*start, n, step) : step < 0 ? n - 1 : 0;
    int64_t e = stop ? slice_end(*stop, n, step) : step < 0 ? -1 : n;
    /* b, e lie in [-1, n], so the differences below fit */
    int64_t len =
        step > 0 ? (b < e ? (e - b - 1) / step + 1 : 0) : (e < b ? (b - e - 1) / -step + 1 : 0);
    if (len == 0) b = 0, step = 1;
    *offset = b * stride; /* b < n: within the axis's extent */
    if (nd__mul_ovf(stride, step, new_stride)) *new_stride = 0;
    return len;
}
