/* nd_iter: the internal loop nest, stepped by the caller instead of
   calling a kernel. */
#include "iter/broadcast.h"
#include "iter/loop.h"
#include "nd/iter.h"

struct nd_iter {
    nd_loop loop;
    int64_t idx[ND_MAX_DIMS];
    char *ptr[ND_LOOP_MAXOP];
    bool started, done;
};

nd_iter *nd_iter_new(int nop, nd_array *const *ops) {
    static const char *func = "nd_iter_new";
    if (nop < 1 || nop > ND_ITER_MAX_OPERANDS)
        return nd__error(ND_ERR_VALUE, func, "nop must be between 1 and %d, got %d",
                         ND_ITER_MAX_OPERANDS, nop),
               NULL;
    if (!ops) return nd__null_arg(func, "ops"), NULL;
    for (int k = 0; k < nop; k++)
        if (!ops[k]) return nd__null_item(func, "ops", k), NULL;
    int ndim;
    int64_t shape[ND_MAX_DIMS], strides[ND_LOOP_MAXOP][ND_MAX_DIMS];
    if (nd__broadcast(func, nop, (const nd_array *const *)ops, &ndim, shape)) return NULL;
    const int64_t *sp[ND_LOOP_MAXOP];
    char *base[ND_LOOP_MAXOP];
    for (int k = 0; k < nop; k++) {
        nd__broadcast_strides(ops[k], ndim, shape, strides[k]);
        sp[k] = strides[k];
        base[k] = ops[k]->data;
    }
    nd_iter *it = nd__calloc(1, sizeof *it);
    if (!it) return nd__nomem(func, sizeof *it), NULL;
    nd__loop_init(&it->loop, nop, ndim, shape, sp, base, true);
    for (int k = 0; k < nop; k++) it->ptr[k] = it->loop.base[k];
    it->done = it->loop.empty;
    return it;
}

bool nd_iter_next(nd_iter *it, char **ptrs, int64_t *strides, int64_t *n) {
    if (!it || !ptrs || !strides || !n)
        return nd__null_arg("nd_iter_next", !it        ? "it"
                                            : !ptrs    ? "ptrs"
                                            : !strides ? "strides"
                                                       : "n"),
               false;
    if (it->done) return false;
    const nd_loop *L = &it->loop;
    int inner = L->ndim - 1;
    if (it->started && !nd__loop_advance(L, inner, it->idx, it->ptr)) return it->done = true, false;
    it->started = true;
    for (int k = 0; k < L->nop; k++) ptrs[k] = it->ptr[k], strides[k] = L->strides[k][inner];
    *n = L->shape[inner];
    return true;
}

int64_t nd_iter_size(const nd_iter *it) {
    return it ? nd__loop_size(&it->loop) : (nd__null_arg("nd_iter_size", "it"), -1);
}

void nd_iter_free(nd_iter *it) { nd__free(it); }
