/* Distributed matmul. The reproducible mode fixes what each element is:
   the result is cut into global 128 x 128 tiles, and a tile is one
   nd_matmul of its 128 rows of a (zero rows past the end) by its 128
   columns of b over all of k. Which rank computes a tile, and how many
   ranks there are, never enters a tile's bits. The tiles are the blocks
   of a 128 x 128 block-cyclic result, so a rank needs the rows of a of its
   grid row and the columns of b of its grid column (one block-cyclic move
   each, the rows and columns replicated along the grid's other axis). The
   pdgemm mode is in scalapack.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"
#include "nd/linalg.h"

#define TILE 128

/* Rows [lo, lo + TILE) of a (C-order, rows x k), zero rows past its end
   (a view when they all exist). */
static nd_array *tile_rows(const nd_array *a, int axis, int64_t lo) {
    int64_t n = nd_shape(a)[axis];
    if (lo + TILE <= n) return nd__dist_slab(a, axis, lo, lo + TILE);
    int64_t shp[2] = {nd_shape(a)[0], nd_shape(a)[1]};
    shp[axis] = TILE;
    nd_array *z = nd_zeros(nd_get_dtype(a), 2, shp);
    nd_array *dst = z ? nd__dist_slab(z, axis, 0, n - lo) : NULL;
    nd_array *src = dst ? nd__dist_slab(a, axis, lo, n) : NULL;
    int st = src ? nd_assign(dst, src) : ND_ERR_NOMEM;
    nd_release(dst), nd_release(src);
    if (st) return nd_release(z), NULL;
    return z;
}

/* This rank's tiles: c (locr x locc) from its rows of a and columns of b. */
static int local_tiles(const nd_array *ar, const nd_array *bc, nd_array *c) {
    int64_t locr = nd_shape(c)[0], locc = nd_shape(c)[1];
    int st = ND_OK;
    for (int64_t j = 0; j < locc && !st; j += TILE) {
        nd_array *bt = tile_rows(bc, 1, j);
        if (!bt) return (int)nd_last_error();
        for (int64_t i = 0; i < locr && !st; i += TILE) {
            nd_array *at = tile_rows(ar, 0, i);
            nd_array *t = at ? nd_matmul(at, bt, NULL) : NULL;
            char spec[96];
            snprintf(spec, sizeof spec, "%lld:%lld,%lld:%lld", (long long)i,
                     (long long)(i + TILE < locr ? i + TILE : locr), (long long)j,
                     (long long)(j + TILE < locc ? j + TILE : locc));
            nd_array *dst = t ? nd_slice(c, spec) : NULL;
            snprintf(spec, sizeof spec, ":%lld,:%lld", (long long)nd_shape(dst ? dst : c)[0],
                     (long long)nd_shape(dst ? dst : c)[1]);
            nd_array *src = dst ? nd_slice(t, spec) : NULL;
            st = src ? nd_assign(dst, src) : (int)nd_last_error();
            nd_release(src), nd_release(dst), nd_release(t), nd_release(at);
        }
        nd_release(bt);
    }
    return st;
}

/* Checks shared by both modes; on success *rt is nd_matmul's result dtype.
   The shapes and dtypes are checked by nd_matmul itself on empty operands
   of the same core dimensions, so the messages are its own. */
int nd__dist_mm_check(const char *func, const nd_darray *a, const nd_darray *b, nd_dtype *rt) {
    if (!a || !b) return nd__dist_fail(ND_ERR_NULL, func, "%s is NULL", a ? "b" : "a");
    int st = ND_OK;
    if (a->d != b->d)
        st = nd__dist_fail(ND_ERR_VALUE, func, "a and b are on different contexts");
    else if (a->ndim != 2 || b->ndim != 2)
        st = nd__dist_fail(ND_ERR_SHAPE, func,
                           "operands must be 2-dimensional, got %d and %d dimensions", a->ndim,
                           b->ndim);
    if (!st) {
        int64_t sa[2] = {0, a->shape[1]}, sb[2] = {b->shape[0], 0};
        nd_array *x = nd_empty(a->dtype, 2, sa), *y = x ? nd_empty(b->dtype, 2, sb) : NULL;
        nd_array *r = y ? nd_matmul(x, y, NULL) : NULL;
        if (!r)
            st = (int)nd_last_error();
        else
            *rt = nd_get_dtype(r);
        nd_release(r), nd_release(y), nd_release(x);
    }
    return nd__dist_agree(a->d, st);
}

static nd_darray *matmul_repro(const char *func, const nd_darray *a, const nd_darray *b,
                               nd_dtype rt) {
    nd_dist *d = a->d;
    int pr, pc, st = ND_OK;
    nd__dist_grid(d->size, &pr, &pc);
    nd__lay LA = {
        .kind = {ND__LAY_CYCLIC, ND__LAY_ALL}, .blk = {TILE, 1}, .np = {pr, 1}, .gridc = pc};
    nd__lay LB = {
        .kind = {ND__LAY_ALL, ND__LAY_CYCLIC}, .blk = {1, TILE}, .np = {1, pc}, .gridc = pc};
    nd_array *ar = nd__lay_move(func, a, &LA, ND_ORDER_C, &st);
    if (st) return NULL;
    nd_array *bc = nd__lay_move(func, b, &LB, ND_ORDER_C, &st);
    if (st) return nd_release(ar), NULL;
    int64_t shape[2] = {a->shape[0], b->shape[1]};
    int64_t lshape[2] = {nd__lay_extent(&LA, 0, d->rank, shape[0]),
                         nd__lay_extent(&LB, 1, d->rank, shape[1])};
    nd_array *c = nd_empty_order(rt, 2, lshape, ND_ORDER_F);
    st = c ? local_tiles(ar, bc, c) : (int)nd_last_error();
    nd_release(ar), nd_release(bc);
    if (nd__dist_agree(d, st)) return nd_release(c), NULL;
    nd_darray *r = nd__darray_bc(func, d, c, rt, shape, TILE, TILE);
    if (nd__dist_agree(d, r ? ND_OK : (int)nd_last_error())) return nd_darray_free(r), NULL;
    return r;
}

nd_darray *nd_dist_matmul(const nd_darray *a, const nd_darray *b, nd_dist_matmul_mode mode) {
    static const char *func = "nd_dist_matmul";
    nd_dtype rt = ND_FLOAT64;
    if (nd__dist_mm_check(func, a, b, &rt)) return NULL;
    if (mode == ND_DIST_MATMUL_REPRODUCIBLE) return matmul_repro(func, a, b, rt);
    if (mode == ND_DIST_MATMUL_PDGEMM) return nd__dist_pdgemm(func, a, b, rt);
    nd__dist_agree(a->d,
                   nd__dist_fail(ND_ERR_VALUE, func, "mode %d is not a matmul mode", (int)mode));
    return NULL;
}
