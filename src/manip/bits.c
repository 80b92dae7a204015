/* np.packbits and np.unpackbits: the axis is moved last and the work done
   on C-order lanes, then moved back. */
#include <string.h>

#include "manip/manip_internal.h"
#include "nd/manip.h"
#include "nd/select.h"

/* a with axis (ND_AXIS_ALL: a flattened) moved last, as a C-order copy of
   dtype t; *ax receives the axis the result moves back to (-1: none). */
static nd_array *lanes(const char *func, const nd_array *a, int axis, nd_dtype t, int *ax) {
    nd_array *v, *r;
    if (axis == ND_AXIS_ALL) {
        *ax = -1;
        v = nd_ravel(a);
    } else {
        if (nd__normalize_axis(func, axis, a->ndim, ax)) return NULL;
        v = nd_moveaxis(a, *ax, -1);
    }
    r = v ? nd_astype(v, t) : NULL;
    nd_release(v);
    return r;
}

/* r (lanes last) with its last axis moved back to ax, C order. */
static nd_array *unlanes(nd_array *r, int ax) {
    if (!r || ax < 0 || ax == r->ndim - 1) return r;
    nd_array *v = nd_moveaxis(r, -1, ax), *c = v ? nd_astype(v, ND_UINT8) : NULL;
    nd_release(v), nd_release(r);
    return c;
}

nd_array *nd_packbits(const nd_array *a, int axis, bool big) {
    static const char *func = "nd_packbits";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (!nd__is_bool(a->dtype) && !nd__is_int(a->dtype))
        return nd__error(ND_ERR_DTYPE, func,
                         "Expected an input array of integer or boolean data type"),
               NULL;
    int ax;
    nd_array *t = lanes(func, a, axis, ND_BOOL, &ax);
    if (!t) return NULL;
    int64_t shape[ND_MAX_DIMS], len = t->shape[t->ndim - 1], outlen = len / 8 + (len % 8 != 0);
    memcpy(shape, t->shape, sizeof(int64_t) * (size_t)t->ndim);
    shape[t->ndim - 1] = outlen;
    nd_array *r = nd__alloc(func, ND_UINT8, t->ndim, shape, ND_ORDER_C, false);
    if (r) {
        const bool *in = (const bool *)(void *)t->data;
        uint8_t *o = (uint8_t *)(void *)r->data;
        int64_t rows = len ? nd_size(t) / len : 0;
        if (!len) rows = 0;
        for (int64_t i = 0; i < rows; i++, in += len, o += outlen)
            for (int64_t j = 0; j < outlen; j++) {
                unsigned byte = 0;
                for (int b = 0; b < 8 && j * 8 + b < len; b++)
                    if (in[j * 8 + b]) byte |= big ? 0x80u >> b : 1u << b;
                o[j] = (uint8_t)byte;
            }
    }
    nd_release(t);
    return unlanes(r, ax);
}

nd_array *nd_unpackbits(const nd_array *a, int axis, int64_t count, bool big) {
    static const char *func = "nd_unpackbits";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (a->dtype != ND_UINT8)
        return nd__error(ND_ERR_DTYPE, func, "Expected an input array of unsigned byte data type"),
               NULL;
    int ax;
    nd_array *t = lanes(func, a, axis, ND_UINT8, &ax);
    if (!t) return NULL;
    int64_t shape[ND_MAX_DIMS], len = t->shape[t->ndim - 1], bits, keep;
    if (nd__mul_ovf(len, 8, &bits)) {
        nd_release(t);
        return nd__error(ND_ERR_OVERFLOW, func, "array is too big"), NULL;
    }
    if (count == ND_UNPACK_ALL)
        keep = bits;
    else if (count >= 0)
        keep = count;
    else if (-count > bits) {
        nd_release(t);
        return nd__error(ND_ERR_VALUE, func, "-count larger than number of elements"), NULL;
    } else
        keep = bits + count;
    memcpy(shape, t->shape, sizeof(int64_t) * (size_t)t->ndim);
    shape[t->ndim - 1] = keep;
    nd_array *r = nd__alloc(func, ND_UINT8, t->ndim, shape, ND_ORDER_C, false);
    if (r) {
        const uint8_t *in = (const uint8_t *)(void *)t->data;
        uint8_t *o = (uint8_t *)(void *)r->data;
        int64_t rows = nd_size(r) / (keep ? keep : 1);
        if (!keep) rows = 0;
        for (int64_t i = 0; i < rows; i++, in += len, o += keep)
            for (int64_t k = 0; k < keep; k++) {
                int b = (int)(k & 7);
                o[k] = k < bits ? (uint8_t)((in[k >> 3] >> (big ? 7 - b : b)) & 1) : 0;
            }
    }
    nd_release(t);
    return unlanes(r, ax);
}
