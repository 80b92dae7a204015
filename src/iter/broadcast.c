#include <stdio.h>
#include <string.h>

#include "iter/broadcast.h"

static nd_status mismatch(const char *func, int n, const nd_array *const *arrays) {
    char msg[1024], buf[256];
    size_t len = 0;
    for (int i = 0; i < n && len < sizeof msg; i++)
        if (arrays[i])
            len +=
                (size_t)snprintf(msg + len, sizeof msg - len, "%s ",
                                 nd__shape_str(buf, sizeof buf, arrays[i]->ndim, arrays[i]->shape));
    return nd__error(ND_ERR_SHAPE, func, "operands could not be broadcast together with shapes %s",
                     msg);
}

nd_status nd__broadcast(const char *func, int n, const nd_array *const *arrays, int *ndim,
                        int64_t *shape) {
    int nd = 0;
    for (int i = 0; i < n; i++)
        if (arrays[i] && arrays[i]->ndim > nd) nd = arrays[i]->ndim;
    /* The common case, equal shapes, without the general walk. */
    const nd_array *a0 = arrays[0];
    bool equal = a0 && a0->ndim == nd;
    for (int i = 1; i < n && equal; i++) {
        equal = arrays[i] && arrays[i]->ndim == nd;
        for (int d = 0; d < nd && equal; d++) equal = arrays[i]->shape[d] == a0->shape[d];
    }
    if (equal) {
        for (int d = 0; d < nd; d++) shape[d] = a0->shape[d];
        *ndim = nd;
        return ND_OK;
    }
    for (int d = 0; d < nd; d++) shape[d] = 1;
    for (int i = 0; i < n; i++) {
        const nd_array *a = arrays[i];
        if (!a) continue;
        for (int k = 0; k < a->ndim; k++) {
            int64_t *s = &shape[nd - a->ndim + k], d = a->shape[k];
            if (d == *s || d == 1) continue;
            if (*s != 1) return mismatch(func, n, arrays);
            *s = d;
        }
    }
    *ndim = nd;
    return ND_OK;
}

bool nd__broadcast_strides(const nd_array *a, int ndim, const int64_t *shape, int64_t *strides) {
    int off = ndim - a->ndim;
    if (off < 0) return false;
    for (int i = 0; i < off; i++) strides[i] = 0;
    for (int k = 0; k < a->ndim; k++) {
        int64_t d = a->shape[k];
        if (d != shape[off + k] && d != 1) return false;
        strides[off + k] = d == 1 ? 0 : a->strides[k];
    }
    return true;
}
