#include <string.h>

#include "iter/loop.h"
#include "dispatch/dispatch.h"

static int64_t iabs64(int64_t x) { return x < 0 ? -x : x; }

/* true when axis a should be outside axis b: going from the last operand
   (the output) back, the first whose strides differ decides, larger stride
   outside. */
static bool outer_than(const nd_loop *L, int a, int b) {
    for (int k = L->nop - 1; k >= 0; k--) {
        int64_t sa = iabs64(L->strides[k][a]), sb = iabs64(L->strides[k][b]);
        if (sa == 0 || sb == 0) continue; /* a broadcast operand has no say */
        if (sa != sb) return sa > sb;
    }
    return false;
}

static void permute(nd_loop *L, const int *perm) {
    int64_t tmp[ND_MAX_DIMS];
    for (int i = 0; i < L->ndim; i++) tmp[i] = L->shape[perm[i]];
    memcpy(L->shape, tmp, sizeof(int64_t) * (size_t)L->ndim);
    for (int k = 0; k < L->nop; k++) {
        for (int i = 0; i < L->ndim; i++) tmp[i] = L->strides[k][perm[i]];
        memcpy(L->strides[k], tmp, sizeof(int64_t) * (size_t)L->ndim);
    }
}

static void drop_unit_axes(nd_loop *L) {
    int w = 0;
    for (int i = 0; i < L->ndim; i++) {
        if (L->shape[i] == 1) continue;
        L->shape[w] = L->shape[i];
        for (int k = 0; k < L->nop; k++) L->strides[k][w] = L->strides[k][i];
        w++;
    }
    L->ndim = w;
}

static void flip_backward_axes(nd_loop *L) {
    for (int i = 0; i < L->ndim; i++) {
        bool any_neg = false, any_pos = false;
        for (int k = 0; k < L->nop; k++) {
            any_neg |= L->strides[k][i] < 0;
            any_pos |= L->strides[k][i] > 0;
        }
        if (!any_neg || any_pos) continue;
        for (int k = 0; k < L->nop; k++) {
            L->base[k] += L->strides[k][i] * (L->shape[i] - 1);
            L->strides[k][i] = -L->strides[k][i];
        }
    }
}

static void sort_axes(nd_loop *L) {
    int perm[ND_MAX_DIMS];
    for (int i = 0; i < L->ndim; i++) perm[i] = i;
    /* Insertion sort: stable, so ties keep C order. */
    for (int i = 1; i < L->ndim; i++) {
        int x = perm[i], j = i;
        while (j > 0 && outer_than(L, x, perm[j - 1])) perm[j] = perm[j - 1], j--;
        perm[j] = x;
    }
    permute(L, perm);
}

static void coalesce(nd_loop *L) {
    int w = 0;
    for (int i = 1; i < L->ndim; i++) {
        bool ok = true;
        for (int k = 0; k < L->nop && ok; k++)
            ok = L->strides[k][w] == L->strides[k][i] * L->shape[i];
        if (ok) {
            L->shape[w] *= L->shape[i];
            for (int k = 0; k < L->nop; k++) L->strides[k][w] = L->strides[k][i];
        } else {
            w++;
            L->shape[w] = L->shape[i];
            for (int k = 0; k < L->nop; k++) L->strides[k][w] = L->strides[k][i];
        }
    }
    L->ndim = L->ndim ? w + 1 : 0;
}

void nd__loop_init(nd_loop *L, int nop, int ndim, const int64_t *shape,
                   const int64_t *const *strides, char *const *base, bool allow_flip) {
    L->nop = nop;
    L->ndim = ndim;
    L->empty = false;
    L->move = false;
    for (int i = 0; i < ndim; i++) L->empty |= shape[i] == 0;
    for (int i = 0; i < ndim; i++) L->shape[i] = shape[i];
    for (int k = 0; k < nop; k++) {
        L->base[k] = base[k];
        L->itemsize[k] = 0;
        for (int i = 0; i < ndim; i++) L->strides[k][i] = strides[k][i];
    }
    drop_unit_axes(L);
    if (allow_flip) flip_backward_axes(L);
    sort_axes(L);
    coalesce(L);
    if (L->ndim == 0) { /* a single element */
        L->ndim = 1;
        L->shape[0] = 1;
        for (int k = 0; k < nop; k++) L->strides[k][0] = 0;
    }
}

int64_t nd__loop_size(const nd_loop *L) { return L->empty ? 0 : nd__shape_prod(L->ndim, L->shape); }

/* An operand walks the two innermost axes against the output's order (a
   transposed view): its inner run strides across cache lines. */
static bool wants_tiles(const nd_loop *L) {
    if (L->ndim < 2) return false;
    int in = L->ndim - 1, out = L->ndim - 2;
    if (L->shape[in] < 2 * ND_TILE_R || L->shape[out] < 2 * ND_TILE_R) return false;
    for (int k = 0; k < L->nop; k++) {
        int64_t si = L->strides[k][in] < 0 ? -L->strides[k][in] : L->strides[k][in];
        int64_t so = L->strides[k][out] < 0 ? -L->strides[k][out] : L->strides[k][out];
        if (so != 0 && si > so) return true;
    }
    return false;
}

static bool is_transposed(const nd_loop *L, int k) {
    int64_t si = L->strides[k][L->ndim - 1], so = L->strides[k][L->ndim - 2];
    return (si < 0 ? -si : si) > (so < 0 ? -so : so) && so != 0;
}

static int log2_size(int64_t s) {
    return s == 1 ? 0 : s == 2 ? 1 : s == 4 ? 2 : s == 8 ? 3 : s == 16 ? 4 : -1;
}

/* The two innermost axes in ND_TILE_R-row tiles. A transposed input's tile
   is packed into contiguous rows first, so the kernel runs its contiguous
   (vector) path and the input's cache lines are read once. */
static void run_tiled_2d(const nd_loop *L, nd_kloop fn, char *const *base) {
    _Alignas(64) char packed[ND_TILE_BYTES];
    int in = L->ndim - 1, out = L->ndim - 2;
    int64_t rows = L->shape[out], cols = L->shape[in];
    char *ptr[ND_LOOP_MAXOP], *buf[ND_LOOP_MAXOP];
    int64_t steps[ND_LOOP_MAXOP], per_item = 0;
    int pack[ND_LOOP_MAXOP];
    const nd_ktable *kt = nd__kernels();
    for (int k = 0; k < L->nop; k++) {
        pack[k] = k < L->nop - 1 && is_transposed(L, k) ? log2_size(L->itemsize[k]) : -1;
        steps[k] = pack[k] >= 0 ? L->itemsize[k] : L->strides[k][in];
        if (pack[k] >= 0) per_item += L->itemsize[k];
    }
    /* columns per tile: the packed copies fill the buffer; a multiple of 8 */
    int64_t tc = per_item ? ND_TILE_BYTES / (ND_TILE_R * per_item) / 8 * 8 : cols;
    if (L->move && L->nop == 2 && pack[0] >= 0 && L->strides[1][in] == L->itemsize[0]) {
        for (int64_t r0 = 0; r0 < rows; r0 += ND_MOVE_TILE_R)
            for (int64_t c0 = 0; c0 < cols; c0 += tc)
                kt->transpose_tile[pack[0]](
                    base[0] + r0 * L->strides[0][out] + c0 * L->strides[0][in],
                    L->strides[0][out], L->strides[0][in],
                    base[1] + r0 * L->strides[1][out] + c0 * L->strides[1][in],
                    L->strides[1][out], rows - r0 < ND_MOVE_TILE_R ? rows - r0 : ND_MOVE_TILE_R,
                    cols - c0 < tc ? cols - c0 : tc);
        return;
    }
    for (int k = 0, off = 0; k < L->nop; k++)
        if (pack[k] >= 0) buf[k] = packed + off, off += (int)(ND_TILE_R * tc * L->itemsize[k]);
    for (int64_t r0 = 0; r0 < rows; r0 += ND_TILE_R)
        for (int64_t c0 = 0; c0 < cols; c0 += tc) {
            int64_t rn = rows - r0 < ND_TILE_R ? rows - r0 : ND_TILE_R;
            int64_t cn = cols - c0 < tc ? cols - c0 : tc;
            for (int k = 0; k < L->nop; k++)
                if (pack[k] >= 0)
                    kt->pack_tile[pack[k]](base[k] + r0 * L->strides[k][out] +
                                               c0 * L->strides[k][in],
                                           L->strides[k][out], L->strides[k][in], buf[k], rn, cn);
            for (int64_t r = r0; r < r0 + rn; r++) {
                for (int k = 0; k < L->nop; k++)
                    ptr[k] = pack[k] >= 0
                                 ? buf[k] + (r - r0) * cn * L->itemsize[k]
                                 : base[k] + r * L->strides[k][out] + c0 * L->strides[k][in];
                fn(ptr, steps, cn);
            }
        }
}

static void run_tiled(const nd_loop *L, nd_kloop fn) {
    int outer = L->ndim - 2; /* axes [0, outer) by odometer, the rest tiled */
    int64_t idx[ND_MAX_DIMS] = {0};
    char *ptr[ND_LOOP_MAXOP];
    for (int k = 0; k < L->nop; k++) ptr[k] = L->base[k];
    do run_tiled_2d(L, fn, ptr);
    while (nd__loop_advance(L, outer, idx, ptr));
}

int64_t nd__loop_outer_unit(const nd_loop *L) {
    return L->ndim == 2 && wants_tiles(L) ? ND_TILE_R : 1;
}

void nd__loop_run(const nd_loop *L, nd_kloop fn) {
    if (L->empty) return;
    if (wants_tiles(L)) {
        run_tiled(L, fn);
        return;
    }
    int inner = L->ndim - 1;
    int64_t idx[ND_MAX_DIMS] = {0};
    char *ptr[ND_LOOP_MAXOP];
    int64_t steps[ND_LOOP_MAXOP];
    for (int k = 0; k < L->nop; k++) ptr[k] = L->base[k], steps[k] = L->strides[k][inner];
    do fn(ptr, steps, L->shape[inner]);
    while (nd__loop_advance(L, inner, idx, ptr));
}
