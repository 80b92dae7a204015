/* The internal strided loop nest: operands already broadcast to one shape
   are reordered, flipped and coalesced so the kernel sees the longest 1-D
   runs the layout allows. */
#ifndef ND_LOOP_H
#define ND_LOOP_H

#include "core/internal.h"
#include "kernels.h"

#define ND_LOOP_MAXOP 8
/* Tiles for operands transposed against the output: ND_TILE_R rows (a
   transposed read takes one cache line of 8-byte items per source row; the
   hardware's adjacent-line prefetch brings the next strip's) by as many
   columns as the packed copies fit in ND_TILE_BYTES (1024 for one float64
   operand), so each row of a tile is one long kernel call. Chosen by the
   a + a.T benchmark's interleaved medians: 128 columns ran 2.7x the
   contiguous add; 8 or 16 rows by 256-1024 columns 2.35-2.5x, 8 x 1024
   lowest. */
#define ND_TILE_R 8
#define ND_TILE_BYTES 65536
/* Rows of a tile transposed straight into a copy's result: two source
   lines per column (the adjacent-line prefetcher's pair). The 316 x 316
   float64 a.T.copy(), interleaved in one process, NumPy/nd: 8 rows 1.05x,
   16 rows 1.15x, 32 rows 1.00x, 24 rows 0.98x. */
#define ND_MOVE_TILE_R 16

typedef struct nd_loop {
    int nop;
    int ndim;   /* >= 1 after init; shape[ndim-1] is innermost */
    bool empty; /* some dimension is 0: nothing to do */
    int64_t shape[ND_MAX_DIMS];
    int64_t strides[ND_LOOP_MAXOP][ND_MAX_DIMS];
    char *base[ND_LOOP_MAXOP];
    /* Item sizes (bytes) of the operands, set by callers that allow tiled
       runs to pack transposed inputs; 0 = do not pack. The last operand is
       the output and is never packed. */
    int64_t itemsize[ND_LOOP_MAXOP];
    /* Set by a caller whose kernel only moves items of itemsize[0] bytes
       from operand 0 to operand 1 (a same-dtype copy): a transposed tile
       is then transposed straight into an output with contiguous rows,
       with no kernel call and no packed copy. */
    bool move;
} nd_loop;

/* Operands in kernel order: inputs, then outputs. strides[k] has ndim
   entries for operand k (0 on broadcast axes). The last operand (the output)
   leads the axis order. When allow_flip,
   axes on which no operand steps forward are reversed for all operands. */
void nd__loop_init(nd_loop *L, int nop, int ndim, const int64_t *shape,
                   const int64_t *const *strides, char *const *base, bool allow_flip);
/* Steps the odometer over axes [0, naxes): advances every operand's
   pointer; false once all positions are done (pointers are back at the
   start). */
static inline bool nd__loop_advance(const nd_loop *L, int naxes, int64_t *idx, char **ptr) {
    for (int d = naxes - 1; d >= 0; d--) {
        for (int k = 0; k < L->nop; k++) ptr[k] += L->strides[k][d];
        if (++idx[d] < L->shape[d]) return true;
        for (int k = 0; k < L->nop; k++) ptr[k] -= L->strides[k][d] * L->shape[d];
        idx[d] = 0;
    }
    return false;
}

/* Calls fn once per innermost run. */
void nd__loop_run(const nd_loop *L, nd_kloop fn);
/* The outermost axis splits (over threads) in multiples of this: the tile
   height when it is a tiled axis, else 1. */
int64_t nd__loop_outer_unit(const nd_loop *L);
/* Total elements. */
int64_t nd__loop_size(const nd_loop *L);

#endif
