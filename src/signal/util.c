/* src/signal's shared helpers: lanes of doubles in and out. */
#include "signal/signal_internal.h"

#include <string.h>

#include "core/internal.h"
#include "nd/manip.h"
#include "nd/view.h"

nd_dtype nd__sg_float_type(nd_dtype t) {
    if (t == ND_FLOAT16 || t == ND_FLOAT32 || t == ND_FLOAT64 || nd__is_complex(t)) return t;
    return ND_FLOAT64;
}

nd_dtype nd__sg_work_type(nd_dtype t) { return nd__is_complex(t) ? ND_COMPLEX128 : ND_FLOAT64; }

nd_status nd__sg_axis(const char *func, int axis, int ndim, int *out) {
    if (axis < -ndim || axis >= ndim)
        return nd__error(ND_ERR_AXIS, func, "axis %d is out of bounds for array of dimension %d",
                         axis, ndim);
    *out = axis < 0 ? axis + ndim : axis;
    return ND_OK;
}

nd_array *nd__sg_lanes(const nd_array *a, int axis, nd_dtype t) {
    nd_array *v = nd_moveaxis(a, axis, -1);
    if (!v) return NULL;
    nd_array *r = nd_astype(v, t);
    nd_release(v);
    return r;
}

nd_array *nd__sg_unlanes(nd_array *r, int axis, nd_dtype t) {
    if (!r) return NULL;
    nd_array *v = nd_moveaxis(r, -1, axis);
    nd_release(r);
    if (!v) return NULL;
    nd_array *o = nd_astype(v, t);
    nd_release(v);
    return o;
}

nd_array *nd__sg_vec(const char *func, const char *what, const nd_array *a, nd_dtype t, bool flat) {
    if (!a) return nd__null_arg(func, what), NULL;
    if (!flat && nd_ndim(a) != 1) {
        nd__error(ND_ERR_VALUE, func, "%s must be 1-D", what);
        return NULL;
    }
    int64_t n = nd_size(a);
    if (nd_get_dtype(a) == t && nd_ndim(a) == 1 && nd_is_c_contiguous(a))
        return nd_retain((nd_array *)a); /* read-only use: no copy needed */
    nd_array *v = nd_reshape(a, 1, &n);
    if (!v) {
        nd_array *c = nd_copy(a);
        if (!c) return NULL;
        v = nd_reshape(c, 1, &n);
        nd_release(c);
        if (!v) return NULL;
    }
    nd_array *r = nd_astype(v, t);
    nd_release(v);
    return r;
}

nd_array *nd__sg_from(nd_dtype t, int64_t n, const double *v) {
    nd_array *r = nd_empty(t, 1, &n);
    if (r && n) memcpy(nd_data(r), v, (size_t)n * nd_itemsize(r));
    return r;
}
