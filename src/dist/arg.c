/* argmin and argmax of distributed arrays, the single-process indices.

   Along the split axis (or over all axes, split along axis 0 first), each
   rank with elements finds its own candidate per output with nd_argmin /
   nd_argmax (its first NaN, else its first extreme) and its value; the
   candidates of every rank, stacked in rank order, go through the same
   function once more. The winner is then the first NaN of the whole run
   (the lowest rank holding a NaN gives its first one), else the first
   extreme (the lowest rank holding the extreme value gives its first
   occurrence): NumPy's rules, ties to the lowest index, decided by nd's own
   comparisons (complex order included). */
#include <stdlib.h>

#include "dist/dist_internal.h"

typedef nd_array *(*argfn)(const nd_array *, int, bool, nd_array *);

/* The candidates of this rank as rows (1, nout) of values and global
   indices; (0, nout) for a rank without elements of the run. */
static int candidates(const nd_darray *x, int axis, argfn f, nd_array **vals, nd_array **idx) {
    int64_t n = 0, g0 = 0;
    nd_array *p = nd__dist_as_rows(x, axis, &n, &g0);
    if (!p) return (int)nd_last_error();
    int64_t cnt = nd_shape(p)[0], nout = nd_shape(p)[1];
    if (cnt == 0) {
        *vals = nd_empty(x->dtype, 2, (int64_t[]){0, nout});
        *idx = nd_empty(ND_INT64, 2, (int64_t[]){0, nout});
    } else {
        nd_array *loc = f(p, 0, true, NULL);
        nd_array *off = nd_lit_i64(g0);
        *vals = loc ? nd_take_along_axis(p, loc, 0) : NULL;
        *idx = loc && off ? nd_add(loc, off, NULL) : NULL;
        nd_release(loc), nd_release(off);
    }
    nd_release(p);
    return *vals && *idx ? ND_OK : (int)nd_last_error();
}

/* every rank's rows, stacked in rank order on every rank */
static nd_array *stack_rows(nd_dist *d, nd_array *rows) {
    nd_darray *w = nd_darray_wrap(d, rows, 0);
    nd_array *all = w ? nd_darray_allgather(w) : NULL;
    nd_darray_free(w);
    return all;
}

static nd_darray *arg_impl(const char *func, const nd_darray *x, int axis, bool keepdims, argfn f) {
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL"), NULL;
    int fp = nd_fp_flags();
    if (nd__dist_agree(x->d, nd__dist_check_axis(func, x, &axis))) return NULL;
    int64_t n = 1;
    for (int i = 0; i < x->ndim; i++)
        if (axis == ND_AXIS_ALL || i == axis) n *= x->shape[i];
    /* along a kept axis, replicated, or an empty run (nd's error on every rank) */
    if (x->axis == ND_DIST_REPLICATED || (axis != ND_AXIS_ALL && axis != x->axis) || n == 0)
        return nd__dist_finish_local(func, x, f(x->local, axis, keepdims, NULL), axis, keepdims,
                                     fp);
    if (axis == ND_AXIS_ALL && x->axis != 0) {
        nd_darray *y = nd_darray_resplit(x, 0, NULL);
        nd_darray *r = y ? arg_impl(func, y, axis, keepdims, f) : NULL;
        nd_darray_free(y);
        return r;
    }
    nd_array *vals = NULL, *idx = NULL;
    int st = candidates(x, axis, f, &vals, &idx);
    if (nd__dist_agree(x->d, st)) return nd_release(vals), nd_release(idx), NULL;
    nd_array *V = stack_rows(x->d, vals), *I = V ? stack_rows(x->d, idx) : NULL;
    nd_release(vals), nd_release(idx);
    int64_t shape[ND_MAX_DIMS];
    int rnd = nd__dist_red_shape(x, axis, keepdims, shape);
    nd_array *w = I ? f(V, 0, true, NULL) : NULL;
    nd_array *g = w ? nd_take_along_axis(I, w, 0) : NULL;
    nd_array *r = g ? nd_reshape(g, rnd, shape) : NULL;
    nd_array *rc = r ? nd_copy(r) : NULL; /* its own memory, not a view of the stack */
    nd_release(V), nd_release(I), nd_release(w), nd_release(g), nd_release(r);
    if (!V || !I) return nd_release(rc), NULL; /* the allgathers agreed already */
    return nd__dist_finish_local(func, &(nd_darray){.d = x->d, .axis = ND_DIST_REPLICATED}, rc,
                                 ND_AXIS_ALL, keepdims, fp);
}

nd_darray *nd_dist_argmin(const nd_darray *x, int axis, bool keepdims) {
    return arg_impl("nd_dist_argmin", x, axis, keepdims, nd_argmin);
}

nd_darray *nd_dist_argmax(const nd_darray *x, int axis, bool keepdims) {
    return arg_impl("nd_dist_argmax", x, axis, keepdims, nd_argmax);
}
