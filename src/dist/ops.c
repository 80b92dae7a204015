/* Elementwise ops: each rank runs nd_ufunc on its pieces, after bringing
   every operand to the result's layout (a replicated operand is sliced, one
   split otherwise is resplit). */
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"

/* The result's split axis and counts: the first split input whose split
   axis is a full-extent axis of the result. */
static void pick_layout(int nin, const nd_darray *const *in, int ondim, const int64_t *oshape,
                        int *oaxis, const int64_t **ocounts) {
    *oaxis = ND_DIST_REPLICATED, *ocounts = NULL;
    for (int i = 0; i < nin; i++) {
        const nd_darray *x = in[i];
        if (x->axis == ND_DIST_REPLICATED || x->axis == ND_DIST_BLOCKCYCLIC) continue;
        int oa = x->axis + ondim - x->ndim;
        if (x->shape[x->axis] == oshape[oa]) {
            *oaxis = oa, *ocounts = x->counts;
            return;
        }
    }
}

/* Input x as this rank's operand for a result split along oaxis with
   counts/offsets (a new reference). */
static nd_array *operand(const nd_darray *x, int ondim, const int64_t *oshape, int oaxis,
                         const int64_t *cnt, const int64_t *off, int rank) {
    int ia = oaxis == ND_DIST_REPLICATED ? -1 : oaxis - (ondim - x->ndim);
    bool whole = ia < 0 || x->shape[ia] != oshape[oaxis]; /* broadcast along the split */
    if (whole) {
        if (x->axis == ND_DIST_REPLICATED) return nd_retain(x->local);
        nd_darray *r = nd_darray_resplit(x, ND_DIST_REPLICATED, NULL);
        nd_array *a = r ? nd_retain(r->local) : NULL;
        nd_darray_free(r);
        return a;
    }
    if (x->axis == ND_DIST_REPLICATED)
        return nd__dist_slab(x->local, ia, off[rank], off[rank] + cnt[rank]);
    if (x->axis == ia && !memcmp(x->counts, cnt, (size_t)x->d->size * sizeof *cnt))
        return nd_retain(x->local);
    nd_darray *r = nd_darray_resplit(x, ia, cnt);
    nd_array *a = r ? nd_retain(r->local) : NULL;
    nd_darray_free(r);
    return a;
}

nd_darray *nd_dist_ufunc(nd_op op, int nin, const nd_darray *const *inputs) {
    static const char *func = "nd_dist_ufunc";
    if (!inputs) return nd__dist_fail(ND_ERR_NULL, func, "inputs is NULL"), NULL;
    if (nin < 1 || nin > 3)
        return nd__dist_fail(ND_ERR_VALUE, func, "nin must be 1, 2 or 3, got %d", nin), NULL;
    for (int i = 0; i < nin; i++)
        if (!inputs[i]) return nd__dist_fail(ND_ERR_NULL, func, "inputs[%d] is NULL", i), NULL;
    nd_dist *d = inputs[0]->d;
    int st = ND_OK;
    for (int i = 1; i < nin && !st; i++)
        if (inputs[i]->d != d)
            st = nd__dist_fail(ND_ERR_VALUE, func, "inputs[%d] is on another context", i);
    int ndims[3];
    const int64_t *shapes[3];
    for (int i = 0; i < nin; i++) ndims[i] = inputs[i]->ndim, shapes[i] = inputs[i]->shape;
    int ondim = 0;
    int64_t oshape[ND_MAX_DIMS];
    if (!st && nd_broadcast_shapes(nin, ndims, shapes, &ondim, oshape)) st = (int)nd_last_error();
    if (nd__dist_agree(d, st)) return NULL;
    int oaxis;
    const int64_t *ocnt;
    pick_layout(nin, inputs, ondim, oshape, &oaxis, &ocnt);
    int64_t *cnt = NULL, *off = NULL;
    if (oaxis != ND_DIST_REPLICATED) st = nd__dist_counts(func, d, oshape[oaxis], ocnt, &cnt, &off);
    if (nd__dist_agree(d, st)) return NULL;
    /* the operands: resplits are collective, so every rank makes each one
       in the same order and agrees after each */
    nd_array *loc[3] = {NULL, NULL, NULL};
    for (int i = 0; i < nin; i++) {
        loc[i] = operand(inputs[i], ondim, oshape, oaxis, cnt, off, d->rank);
        if (nd__dist_agree(d, loc[i] ? ND_OK : (int)nd_last_error())) {
            for (int j = 0; j < i; j++) nd_release(loc[j]);
            free(cnt);
            return NULL;
        }
    }
    int before = nd_fp_flags();
    nd_array *r = nd_ufunc(op, nin, (const nd_array *const *)loc, NULL);
    st = r ? ND_OK : (int)nd_last_error();
    for (int i = 0; i < nin; i++) nd_release(loc[i]);
    int fp = nd__dist_share_fp(d, before);
    if (nd__dist_agree(d, st ? st : fp)) {
        nd_release(r), free(cnt);
        return NULL;
    }
    nd_darray *x = nd__darray_new(func, d, r, nd_get_dtype(r), ondim, oshape, oaxis, cnt);
    free(cnt);
    if (nd__dist_agree(d, x ? ND_OK : (int)nd_last_error())) return nd_darray_free(x), NULL;
    return x;
}
