/* Elementwise kernels over the pool: a 1-D run over long contiguous
   operands in fixed chunks (the elementwise driver's and the casts' common
   case), and a strided loop nest in pieces of its outermost axis (any other
   layout: transposed, broadcast, strided). */
#include "core/internal.h"
#include "nd/machine.h"
#include "iter/loop.h"
#include "kernels.h"
#include "thread/pool.h"

typedef struct {
    nd_kloop fn;
    int nop;
    char *ptr[ND_FLAT_MAXOP];
    int64_t steps[ND_FLAT_MAXOP];
    int64_t n, chunk;
} flat_task;

static void flat_chunk(void *ctx, int64_t chunk, int worker) {
    (void)worker;
    flat_task *t = ctx;
    int64_t i0 = chunk * t->chunk, len = t->n - i0 < t->chunk ? t->n - i0 : t->chunk;
    char *p[ND_FLAT_MAXOP];
    for (int k = 0; k < t->nop; k++) p[k] = t->ptr[k] + i0 * t->steps[k];
    t->fn(p, t->steps, len);
}

_Atomic long long nd__flat_forced_bytes;

static bool stays_serial(int64_t bytes, int64_t min_bytes) {
    return nd__flat_below(bytes, min_bytes) || nd_get_num_threads() < 2;
}

long long nd_debug_flat_threshold(long long bytes) {
    return atomic_exchange(&nd__flat_forced_bytes, bytes > 0 ? bytes : 0);
}

void nd__parallel_flat(nd_kloop fn, int nop, char *const *ptr, const int64_t *steps, int64_t n,
                       int64_t min_bytes) {
    int64_t bytes = 0;
    for (int k = 0; k < nop; k++) bytes += steps[k] < 0 ? -steps[k] : steps[k];
    if (stays_serial(n * bytes, min_bytes) || nop > ND_FLAT_MAXOP) {
        if (n > 0) fn(ptr, steps, n);
        return;
    }
    /* ND_PARALLEL_CHUNK elements per chunk, fewer when the threshold is low
       enough that a run at it would be a single chunk (compute-bound ops):
       at least two chunks at the threshold, never below 4,096 elements.
       Each element's result does not depend on the chunking. */
    int64_t chunk = min_bytes / (2 * (bytes ? bytes : 1));
    chunk = chunk < 4096 ? 4096 : chunk > ND_PARALLEL_CHUNK ? ND_PARALLEL_CHUNK : chunk;
    flat_task t = {.fn = fn, .nop = nop, .n = n, .chunk = chunk};
    for (int k = 0; k < nop; k++) t.ptr[k] = ptr[k], t.steps[k] = steps[k];
    nd__parallel_fp((n + chunk - 1) / chunk, INT32_MAX, flat_chunk, &t);
}

typedef struct {
    const nd_loop *L;
    nd_kloop fn;
    int64_t per; /* outer indices per chunk */
} nest_task;

static void nest_chunk(void *ctx, int64_t chunk, int worker) {
    (void)worker;
    nest_task *t = ctx;
    nd_loop sub = *t->L;
    int64_t i0 = chunk * t->per;
    sub.shape[0] = sub.shape[0] - i0 < t->per ? sub.shape[0] - i0 : t->per;
    for (int k = 0; k < sub.nop; k++) sub.base[k] += i0 * sub.strides[k][0];
    nd__loop_run(&sub, t->fn);
}

void nd__parallel_nest(const nd_loop *L, nd_kloop fn, int64_t item_bytes, int64_t min_bytes) {
    int64_t n = nd__loop_size(L);
    if (stays_serial(n * item_bytes, min_bytes) || L->shape[0] < 2) {
        nd__loop_run(L, fn);
        return;
    }
    /* about ND_PARALLEL_CHUNK elements per chunk, in whole units of the
       outer axis (whole tiles when the nest is tiled) */
    int64_t unit = nd__loop_outer_unit(L), inner = n / L->shape[0];
    int64_t per = ND_PARALLEL_CHUNK / inner;
    per = per < 1 ? 1 : per;
    per = (per + unit - 1) / unit * unit;
    nest_task t = {.L = L, .fn = fn, .per = per};
    nd__parallel_fp((L->shape[0] + per - 1) / per, INT32_MAX, nest_chunk, &t);
}
