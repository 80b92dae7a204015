/* nd_index_get / nd_index_set: NumPy's indexing with any mix of integers,
   slices, ..., newaxis, integer arrays and boolean masks. Basic items
   make a view; with any array item, integers count as advanced too (as in
   NumPy) and the advanced axes become offsets (see fancy.c). */
#include <string.h>

#include "copy/copy.h"
#include "iter/broadcast.h"
#include "manip/manip_internal.h"
#include "nd/manip.h"
#include "nd/view.h"

typedef struct {
    int ndim;
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    char *data;
    int nadv;
    int adv_axis[ND_MAX_DIMS];  /* axis of the view */
    int adv_src[ND_MAX_DIMS];   /* axis of a, for messages */
    nd_array *adv[ND_MAX_DIMS]; /* int64 index arrays */
} view_plan;

static void plan_free(view_plan *V) {
    for (int k = 0; k < V->nadv; k++) nd_release(V->adv[k]);
}

static nd_status too_many(const char *func, int ndim, int used) {
    return nd__error(ND_ERR_INDEX, func,
                     "too many indices for array: array is %d-dimensional, but %d were indexed",
                     ndim, used);
}

static nd_status push_axis(const char *func, view_plan *V, int64_t len, int64_t stride) {
    if (V->ndim == ND_MAX_DIMS)
        return nd__error(ND_ERR_INDEX, func, "number of dimensions must be within [0, %d]",
                         ND_MAX_DIMS);
    V->shape[V->ndim] = len, V->strides[V->ndim++] = stride;
    return ND_OK;
}

static nd_status push_adv(const char *func, view_plan *V, const nd_array *a, int src,
                          nd_array *idx) {
    if (!idx) return nd_last_error();
    if (push_axis(func, V, a->shape[src], a->strides[src])) return nd_release(idx), nd_last_error();
    V->adv_axis[V->nadv] = V->ndim - 1, V->adv_src[V->nadv] = src, V->adv[V->nadv++] = idx;
    return ND_OK;
}

/* One slice item through the shared rule (ND_SLICE_NONE leaves a part out). */
static nd_status push_slice(const char *func, view_plan *V, const nd_index *it, int64_t n,
                            int64_t stride) {
    if (it->step == 0) return nd__error(ND_ERR_VALUE, func, "slice step cannot be zero");
    int64_t off, st,
        len = nd__slice_axis(n, stride, it->start == ND_SLICE_NONE ? NULL : &it->start,
                             it->stop == ND_SLICE_NONE ? NULL : &it->stop,
                             it->step == ND_SLICE_NONE ? 1 : it->step, &off, &st);
    V->data += off;
    return push_axis(func, V, len, st);
}

static int consumed(const nd_index *it) {
    if (it->kind == ND_IDX_INT || it->kind == ND_IDX_SLICE) return 1;
    if (it->kind == ND_IDX_ARRAY)
        return it->array && it->array->dtype == ND_BOOL ? it->array->ndim : 1;
    return 0;
}

static nd_status add_mask(const char *func, view_plan *V, const nd_array *a, int src,
                          const nd_array *m) {
    for (int d = 0; d < m->ndim; d++)
        if (m->shape[d] != a->shape[src + d])
            return nd__error(ND_ERR_INDEX, func,
                             "boolean index did not match indexed array along dimension %d; "
                             "dimension is %lld but "
                             "corresponding boolean dimension is %lld",
                             src + d, (long long)a->shape[src + d], (long long)m->shape[d]);
    nd_array *nz[ND_MAX_DIMS];
    if (m->ndim == 0) { /* a 0-d mask adds an axis of length 0 or 1 */
        int64_t one = 1, cnt = nd_count_nonzero(m);
        nd_array *z = nd_zeros(ND_INT64, 1, &cnt);
        (void)one;
        if (!z || push_axis(func, V, 1, 0)) return nd_release(z), nd_last_error();
        V->adv_axis[V->nadv] = V->ndim - 1, V->adv_src[V->nadv] = src, V->adv[V->nadv++] = z;
        return ND_OK;
    }
    if (nd_nonzero(m, nz)) return nd_last_error();
    nd_status s = ND_OK;
    for (int d = 0; d < m->ndim; d++)
        if (s)
            nd_release(nz[d]);
        else
            s = push_adv(func, V, a, src + d, nz[d]);
    return s;
}

static nd_status build_plan(const char *func, const nd_array *a, int n, const nd_index *idx,
                            view_plan *V) {
    memset(V, 0, sizeof *V);
    V->data = a->data;
    if (n < 0) return nd__bad_count(func, "n", n);
    if (n > 0 && !idx) return nd__null_arg(func, "idx");
    int used = 0, ell = 0;
    bool adv = false;
    for (int k = 0; k < n; k++) {
        if (idx[k].kind == ND_IDX_ARRAY) {
            if (!idx[k].array) return nd__error(ND_ERR_NULL, func, "idx[%d].array is NULL", k);
            if (!nd__is_int(idx[k].array->dtype) && idx[k].array->dtype != ND_BOOL)
                return nd__error(ND_ERR_INDEX, func,
                                 "arrays used as indices must be of integer (or boolean) type");
            adv = true;
        }
        if ((unsigned)idx[k].kind > ND_IDX_ARRAY)
            return nd__error(ND_ERR_INDEX, func, "unknown index kind %d", (int)idx[k].kind);
        used += consumed(&idx[k]);
        ell += idx[k].kind == ND_IDX_ELLIPSIS;
    }
    if (ell > 1)
        return nd__error(ND_ERR_INDEX, func, "an index can only have a single ellipsis ('...')");
    if (used > a->ndim) return too_many(func, a->ndim, used);
    int src = 0;
    for (int k = 0; k < n; k++) {
        const nd_index *it = &idx[k];
        nd_status s = ND_OK;
        switch (it->kind) {
        case ND_IDX_INT:
            if (adv) {
                int64_t v = it->i;
                s = push_adv(func, V, a, src, nd_scalar(ND_INT64, &v));
            } else {
                int64_t i = it->i < 0 ? it->i + a->shape[src] : it->i;
                if (i < 0 || i >= a->shape[src])
                    return nd__error(ND_ERR_INDEX, func,
                                     "index %lld is out of bounds for axis %d with size %lld",
                                     (long long)it->i, src, (long long)a->shape[src]);
                V->data += i * a->strides[src];
            }
            src++;
            break;
        case ND_IDX_SLICE:
            s = push_slice(func, V, it, a->shape[src], a->strides[src]);
            src++;
            break;
        case ND_IDX_NEWAXIS:
            s = push_axis(func, V, 1, 0);
            break;
        case ND_IDX_ELLIPSIS:
            for (int r = a->ndim - used; r > 0 && !s; r--, src++)
                s = push_axis(func, V, a->shape[src], a->strides[src]);
            break;
        case ND_IDX_ARRAY:
            if (it->array->dtype == ND_BOOL) {
                s = add_mask(func, V, a, src, it->array);
                src += it->array->ndim;
            } else {
                nd_array *i64 = nd_astype(it->array, ND_INT64);
                s = i64 ? push_adv(func, V, a, src, i64) : nd_last_error();
                src++;
            }
            break;
        }
        if (s) return s;
    }
    for (; src < a->ndim; src++)
        if (push_axis(func, V, a->shape[src], a->strides[src])) return nd_last_error();
    return ND_OK;
}

/* Byte offsets (from V->data) of every element of the advanced result. */
static nd_array *adv_offsets(const char *func, view_plan *V) {
    int nb;
    int64_t bshape[ND_MAX_DIMS];
    if (nd__broadcast(func, V->nadv, (const nd_array *const *)V->adv, &nb, bshape)) {
        char msg[512] = "", buf[128];
        for (int k = 0; k < V->nadv; k++)
            strncat(msg, nd__shape_str(buf, sizeof buf, V->adv[k]->ndim, V->adv[k]->shape),
                    sizeof msg - strlen(msg) - 2),
                strcat(msg, " ");
        msg[strlen(msg) ? strlen(msg) - 1 : 0] = 0;
        return nd__error(
                   ND_ERR_INDEX, func,
                   "shape mismatch: indexing arrays could not be broadcast together with shapes %s",
                   msg),
               NULL;
    }
    int rest[ND_MAX_DIMS], nrest = 0, pre = 0;
    bool adjacent = V->adv_axis[V->nadv - 1] - V->adv_axis[0] == V->nadv - 1;
    for (int d = 0, k = 0; d < V->ndim; d++) {
        if (k < V->nadv && V->adv_axis[k] == d) {
            k++;
            continue;
        }
        rest[nrest++] = d;
        if (d < V->adv_axis[0]) pre++;
    }
    if (nb + nrest > ND_MAX_DIMS)
        return nd__error(ND_ERR_INDEX, func, "number of dimensions must be within [0, %d]",
                         ND_MAX_DIMS),
               NULL;
    int64_t shape[ND_MAX_DIMS];
    memcpy(shape, bshape, sizeof(int64_t) * (size_t)nb);
    for (int j = 0; j < nrest; j++) shape[nb + j] = V->shape[rest[j]];
    nd_array *off = nd__alloc(func, ND_INT64, nb + nrest, shape, ND_ORDER_C, false);
    if (!off) return NULL;
    int64_t istr[ND_MAX_DIMS][ND_MAX_DIMS];
    for (int k = 0; k < V->nadv; k++) nd__broadcast_strides(V->adv[k], nb, bshape, istr[k]);
    int64_t nbe = nd__shape_prod(nb, bshape), nre = nd__shape_prod(nrest, shape + nb);
    int64_t *o = (int64_t *)(void *)off->data;
    for (int64_t b = 0; b < nbe; b++) {
        int64_t base = 0, pos[ND_MAX_DIMS], rem = b;
        for (int d = nb - 1; d >= 0; d--) pos[d] = rem % bshape[d], rem /= bshape[d];
        for (int k = 0; k < V->nadv; k++) {
            int64_t io = 0, i;
            for (int d = 0; d < nb; d++) io += pos[d] * istr[k][d];
            memcpy(&i, V->adv[k]->data + io, 8);
            int64_t len = V->shape[V->adv_axis[k]], v = i < 0 ? i + len : i;
            if (v < 0 || v >= len) {
                nd_release(off);
                return nd__error(ND_ERR_INDEX, func,
                                 "index %lld is out of bounds for axis %d with size %lld",
                                 (long long)i, V->adv_src[k], (long long)len),
                       NULL;
            }
            base += v * V->strides[V->adv_axis[k]];
        }
        for (int64_t r = 0; r < nre; r++) {
            int64_t ro = 0, q = r;
            for (int j = nrest - 1; j >= 0; j--)
                ro += (q % shape[nb + j]) * V->strides[rest[j]], q /= shape[nb + j];
            o[b * nre + r] = base + ro;
        }
    }
    if (!adjacent || pre == 0 || nb == 0) return off;
    /* adjacent advanced axes keep their place: rest[:pre], B, rest[pre:] */
    int perm[ND_MAX_DIMS], p = 0;
    for (int j = 0; j < pre; j++) perm[p++] = nb + j;
    for (int d = 0; d < nb; d++) perm[p++] = d;
    for (int j = pre; j < nrest; j++) perm[p++] = nb + j;
    nd_array *t = nd_transpose(off, perm), *c = t ? nd_copy(t) : NULL;
    nd_release(t), nd_release(off);
    return c;
}

nd_array *nd_index_get(const nd_array *a, int n, const nd_index *idx) {
    static const char *func = "nd_index_get";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (n == 1 && idx && idx[0].kind == ND_IDX_ARRAY && idx[0].array) {
        nd_array *r = NULL;
        if (nd__mask_get(func, a, idx[0].array, &r) != ND__DECLINED) return r;
        if (nd__take_rows(func, a, idx[0].array, &r) != ND__DECLINED) return r;
    }
    view_plan V;
    nd_array *r = NULL;
    if (build_plan(func, a, n, idx, &V)) goto done;
    if (!V.nadv) {
        r = nd__view(func, a, V.ndim, V.shape, V.strides, V.data);
        goto done;
    }
    nd_array *off = adv_offsets(func, &V);
    r = off ? nd__gather_offsets(func, a, V.data, off) : NULL;
    nd_release(off);
done:
    plan_free(&V);
    return r;
}

int nd_index_set(nd_array *a, int n, const nd_index *idx, const nd_array *values) {
    static const char *func = "nd_index_set";
    if (!a) return nd__null_arg(func, "a");
    if (!values) return nd__null_arg(func, "values");
    if (nd__check_writeable(func, a)) return nd_last_error();
    if (n == 1 && idx && idx[0].kind == ND_IDX_ARRAY && idx[0].array) {
        int s = nd__mask_set(func, a, idx[0].array, values);
        if (s == ND__DECLINED) s = nd__put_rows(func, a, idx[0].array, values, false);
        if (s != ND__DECLINED) return s;
    }
    view_plan V;
    nd_status s = build_plan(func, a, n, idx, &V);
    if (!s && !V.nadv) {
        nd_array *v = nd__view(func, a, V.ndim, V.shape, V.strides, V.data);
        s = v ? nd__copy_into(func, v, values) : nd_last_error();
        nd_release(v);
    } else if (!s) {
        nd_array *off = adv_offsets(func, &V);
        s = off ? nd__scatter_offsets(func, a, V.data, off, values) : nd_last_error();
        nd_release(off);
    }
    plan_free(&V);
    return s;
}
