/* nd_darray_transpose: NumPy's transpose of a distributed array. A rank's
   piece of a split array is a slab along the split axis; permuting the
   axes permutes the slab's too, so each rank transposes its own piece and
   the split moves to where its axis went: no messages. Block-cyclic
   matrices go to row blocks first (their grid is not symmetric in rows and
   columns). To keep the split on a chosen axis, resplit the result (one
   MPI_Alltoallv). */
#include <stdlib.h>

#include "dist/dist_internal.h"
#include "nd/view.h"

nd_darray *nd_darray_transpose(const nd_darray *x, const int *axes) {
    static const char *func = "nd_darray_transpose";
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL"), NULL;
    nd_dist *d = x->d;
    int n = x->ndim, perm[ND_MAX_DIMS], seen[ND_MAX_DIMS] = {0}, st = ND_OK;
    for (int i = 0; i < n && !st; i++) {
        int a = axes ? axes[i] : n - 1 - i;
        if (a < -n || a >= n)
            st = nd__dist_fail(ND_ERR_AXIS, func,
                               "axis %d is out of bounds for array of dimension %d", a, n);
        else if (seen[a < 0 ? a + n : a]++)
            st = nd__dist_fail(ND_ERR_VALUE, func, "repeated axis in transpose");
        else
            perm[i] = a < 0 ? a + n : a;
    }
    if (nd__dist_agree(d, st)) return NULL;
    nd_darray *rows = NULL;
    if (x->axis == ND_DIST_BLOCKCYCLIC) {
        rows = nd_darray_resplit(x, 0, NULL);
        if (!rows) return NULL;
        x = rows;
    }
    int64_t shape[ND_MAX_DIMS];
    int axis = ND_DIST_REPLICATED;
    for (int i = 0; i < n; i++) {
        shape[i] = x->shape[perm[i]];
        if (perm[i] == x->axis) axis = i;
    }
    nd_array *v = nd_transpose(x->local, n ? perm : NULL);
    nd_array *local = v ? nd_copy(v) : NULL; /* C order, as every piece is */
    nd_release(v);
    nd_darray *r = local ? nd__darray_new(func, d, local, x->dtype, n, shape, axis,
                                          axis == ND_DIST_REPLICATED ? NULL : x->counts)
                         : NULL;
    nd_darray_free(rows);
    if (nd__dist_agree(d, r ? ND_OK : (int)nd_last_error())) return nd_darray_free(r), NULL;
    return r;
}
