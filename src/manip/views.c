/* Rearranging views: flip, rot90, squeeze, expand_dims, moveaxis,
   swapaxes, ravel, atleast_Nd, broadcast_arrays, diagonal. Each builds a
   shape and strides and hands them to nd__view. */
#include <string.h>

#include "core/internal.h"
#include "iter/broadcast.h"
#include "nd/manip.h"
#include "nd/view.h"

nd_array *nd_flip(const nd_array *a, int axis) {
    static const char *func = "nd_flip";
    if (!a) return nd__null_arg(func, "a"), NULL;
    int64_t strides[ND_MAX_DIMS];
    char *data = a->data;
    memcpy(strides, a->strides, sizeof(int64_t) * (size_t)a->ndim);
    int lo = 0, hi = a->ndim;
    if (axis != ND_AXIS_ALL) {
        if (nd__normalize_axis(func, axis, a->ndim, &lo)) return NULL;
        hi = lo + 1;
    }
    for (int d = lo; d < hi; d++) {
        if (a->shape[d] > 0) data += (a->shape[d] - 1) * strides[d];
        strides[d] = -strides[d];
    }
    return nd__view(func, a, a->ndim, a->shape, strides, data);
}

/* a with its axes in the order perm (a permutation of ndim axes). */
static nd_array *permuted(const char *func, const nd_array *a, const int *perm) {
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    for (int d = 0; d < a->ndim; d++)
        shape[d] = a->shape[perm[d]], strides[d] = a->strides[perm[d]];
    return nd__view(func, a, a->ndim, shape, strides, a->data);
}

nd_array *nd_swapaxes(const nd_array *a, int axis1, int axis2) {
    static const char *func = "nd_swapaxes";
    if (!a) return nd__null_arg(func, "a"), NULL;
    int x, y, perm[ND_MAX_DIMS];
    if (nd__normalize_axis(func, axis1, a->ndim, &x) ||
        nd__normalize_axis(func, axis2, a->ndim, &y))
        return NULL;
    for (int d = 0; d < a->ndim; d++) perm[d] = d;
    perm[x] = y, perm[y] = x;
    return permuted(func, a, perm);
}

nd_array *nd_moveaxis(const nd_array *a, int source, int destination) {
    static const char *func = "nd_moveaxis";
    if (!a) return nd__null_arg(func, "a"), NULL;
    int s, t, perm[ND_MAX_DIMS], k = 0;
    if (nd__normalize_axis(func, source, a->ndim, &s) ||
        nd__normalize_axis(func, destination, a->ndim, &t))
        return NULL;
    for (int d = 0; d < a->ndim; d++)
        if (d != s) perm[k++] = d;
    memmove(perm + t + 1, perm + t, sizeof(int) * (size_t)(a->ndim - 1 - t));
    perm[t] = s;
    return permuted(func, a, perm);
}

nd_array *nd_rot90(const nd_array *a, int k, int axis0, int axis1) {
    static const char *func = "nd_rot90";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (a->ndim < 2) return nd__error(ND_ERR_VALUE, func, "Axes must be different."), NULL;
    int x, y;
    if (nd__normalize_axis(func, axis0, a->ndim, &x) ||
        nd__normalize_axis(func, axis1, a->ndim, &y))
        return NULL;
    if (x == y) return nd__error(ND_ERR_VALUE, func, "Axes must be different."), NULL;
    k = ((k % 4) + 4) % 4;
    if (k == 0) return nd__view(func, a, a->ndim, a->shape, a->strides, a->data);
    if (k == 2) {
        nd_array *f = nd_flip(a, x), *r = f ? nd_flip(f, y) : NULL;
        nd_release(f);
        return r;
    }
    /* k == 1: transpose(flip(m, axis1)); k == 3: flip(transpose(m), axis1) */
    int perm[ND_MAX_DIMS];
    for (int d = 0; d < a->ndim; d++) perm[d] = d;
    perm[x] = y, perm[y] = x;
    if (k == 1) {
        nd_array *f = nd_flip(a, y), *r = f ? permuted(func, f, perm) : NULL;
        nd_release(f);
        return r;
    }
    nd_array *t = permuted(func, a, perm), *r = t ? nd_flip(t, y) : NULL;
    nd_release(t);
    return r;
}

nd_array *nd_squeeze(const nd_array *a, int axis) {
    static const char *func = "nd_squeeze";
    if (!a) return nd__null_arg(func, "a"), NULL;
    int only = -1;
    if (axis != ND_AXIS_ALL) {
        if (nd__normalize_axis(func, axis, a->ndim, &only)) return NULL;
        if (a->shape[only] != 1)
            return nd__error(
                       ND_ERR_VALUE, func,
                       "cannot select an axis to squeeze out which has size not equal to one"),
                   NULL;
    }
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    int n = 0;
    for (int d = 0; d < a->ndim; d++)
        if (!(a->shape[d] == 1 && (only < 0 || d == only)))
            shape[n] = a->shape[d], strides[n++] = a->strides[d];
    return nd__view(func, a, n, shape, strides, a->data);
}

nd_array *nd_expand_dims(const nd_array *a, int axis) {
    static const char *func = "nd_expand_dims";
    if (!a) return nd__null_arg(func, "a"), NULL;
    int ax;
    if (nd__normalize_axis(func, axis, a->ndim + 1, &ax)) return NULL;
    if (a->ndim + 1 > ND_MAX_DIMS)
        return nd__error(ND_ERR_SHAPE, func, "maximum supported dimension for an ndarray is %d",
                         ND_MAX_DIMS),
               NULL;
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    for (int d = 0, s = 0; d < a->ndim + 1; d++) {
        if (d == ax) {
            shape[d] = 1, strides[d] = 0;
        } else {
            shape[d] = a->shape[s], strides[d] = a->strides[s];
            s++;
        }
    }
    return nd__view(func, a, a->ndim + 1, shape, strides, a->data);
}

nd_array *nd_ravel(const nd_array *a) {
    if (!a) return nd__null_arg("nd_ravel", "a"), NULL;
    int64_t n = nd__shape_prod(a->ndim, a->shape);
    return nd_reshape(a, 1, &n);
}

nd_array *nd_flatten(const nd_array *a) {
    if (!a) return nd__null_arg("nd_flatten", "a"), NULL;
    nd_array *c = nd_copy(a);
    if (!c) return NULL;
    int64_t n = nd__shape_prod(a->ndim, a->shape);
    nd_array *r = nd_reshape(c, 1, &n);
    nd_release(c);
    return r;
}

/* NumPy puts new axes first for atleast_1d/2d and around for 3d:
   (N,) -> (1, N, 1). */
static nd_array *atleast(const char *func, const nd_array *a, int want) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (a->ndim >= want) return nd__view(func, a, a->ndim, a->shape, a->strides, a->data);
    int64_t shape[3] = {1, 1, 1}, strides[3] = {0, 0, 0};
    int at = want == 3 && a->ndim >= 1 ? 1 : want - a->ndim;
    if (want == 3 && a->ndim == 2) at = 0;
    for (int d = 0; d < a->ndim; d++) shape[at + d] = a->shape[d], strides[at + d] = a->strides[d];
    return nd__view(func, a, want, shape, strides, a->data);
}
nd_array *nd_atleast_1d(const nd_array *a) { return atleast("nd_atleast_1d", a, 1); }
nd_array *nd_atleast_2d(const nd_array *a) { return atleast("nd_atleast_2d", a, 2); }
nd_array *nd_atleast_3d(const nd_array *a) { return atleast("nd_atleast_3d", a, 3); }

int nd_broadcast_arrays(int n, nd_array_list arrays_list, nd_array **out) {
    const nd_array *const *arrays = ND_LIST_PTR(arrays_list);
    static const char *func = "nd_broadcast_arrays";
    if (n < 0) return nd__bad_count(func, "n", n);
    if (n > 0 && (!arrays || !out)) return nd__null_arg(func, !arrays ? "arrays" : "out");
    for (int i = 0; i < n; i++)
        if (!arrays[i]) return nd__null_item(func, "arrays", i);
    int ndim;
    int64_t shape[ND_MAX_DIMS];
    if (n && nd__broadcast(func, n, (const nd_array *const *)arrays, &ndim, shape))
        return nd_last_error();
    for (int i = 0; i < n; i++) {
        out[i] = nd_broadcast_to(arrays[i], ndim, shape);
        if (!out[i]) {
            for (int j = 0; j < i; j++) nd_release(out[j]), out[j] = NULL;
            return nd_last_error();
        }
    }
    return ND_OK;
}

nd_array *nd_diagonal(const nd_array *a, int64_t offset, int axis1, int axis2) {
    static const char *func = "nd_diagonal";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (a->ndim < 2)
        return nd__error(ND_ERR_VALUE, func, "diag requires an array of at least two dimensions"),
               NULL;
    int x, y;
    if (nd__normalize_axis(func, axis1, a->ndim, &x) ||
        nd__normalize_axis(func, axis2, a->ndim, &y))
        return NULL;
    if (x == y) return nd__error(ND_ERR_VALUE, func, "axis1 and axis2 cannot be the same"), NULL;
    int64_t n1 = a->shape[x], n2 = a->shape[y], len;
    char *data = a->data;
    /* an offset past either side leaves nothing; otherwise -offset and the
       differences below fit */
    if (offset >= n2 || offset <= -n1)
        len = 0;
    else if (offset >= 0)
        len = n2 - offset < n1 ? n2 - offset : n1;
    else
        len = n1 + offset < n2 ? n1 + offset : n2;
    if (len > 0) data += offset >= 0 ? offset * a->strides[y] : -offset * a->strides[x];
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    int k = 0;
    for (int d = 0; d < a->ndim; d++)
        if (d != x && d != y) shape[k] = a->shape[d], strides[k++] = a->strides[d];
    shape[k] = len, strides[k++] = a->strides[x] + a->strides[y];
    nd_array *v = nd__view(func, a, k, shape, strides, data);
    if (v) v->flags &= ~ND_FLAG_WRITEABLE; /* NumPy's diagonal is read-only */
    return v;
}
