/* A 1-D kernel run over long contiguous operands, split over the pool in
   fixed chunks (the elementwise driver's and the casts' common case). */
#include <immintrin.h>

#include "core/internal.h"
#include "kernels.h"
#include "thread/pool.h"

typedef struct {
    nd_kloop fn;
    int nop;
    char *ptr[ND_FLAT_MAXOP];
    int64_t steps[ND_FLAT_MAXOP];
    int64_t n, chunk;
    unsigned csr;
    atomic_int flags;
} flat_task;

static void flat_chunk(void *ctx, int64_t chunk, int worker) {
    flat_task *t = ctx;
    int64_t i0 = chunk * t->chunk, len = t->n - i0 < t->chunk ? t->n - i0 : t->chunk;
    char *p[ND_FLAT_MAXOP];
    for (int k = 0; k < t->nop; k++) p[k] = t->ptr[k] + i0 * t->steps[k];
    if (worker == 0) { /* the caller: its own MXCSR and nd_kflags are read by the driver */
        t->fn(p, t->steps, len);
        return;
    }
    nd_worker_fp w;
    nd__worker_fp_begin(t->csr, &w);
    t->fn(p, t->steps, len);
    int f = nd__worker_fp_end(&w);
    if (f) atomic_fetch_or(&t->flags, f);
}

static atomic_llong forced_min_bytes; /* 0: each caller's threshold */

long long nd_debug_flat_threshold(long long bytes) {
    return atomic_exchange(&forced_min_bytes, bytes > 0 ? bytes : 0);
}

void nd__parallel_flat(nd_kloop fn, int nop, char *const *ptr, const int64_t *steps, int64_t n,
                       int64_t min_bytes) {
    int64_t bytes = 0;
    for (int k = 0; k < nop; k++) bytes += steps[k] < 0 ? -steps[k] : steps[k];
    long long forced = atomic_load_explicit(&forced_min_bytes, memory_order_relaxed);
    if (n * bytes < (forced ? forced : min_bytes) || nop > ND_FLAT_MAXOP ||
        nd_get_num_threads() < 2) {
        if (n > 0) fn(ptr, steps, n);
        return;
    }
    /* ND_PARALLEL_CHUNK elements per chunk, fewer when the threshold is low
       enough that a run at it would be a single chunk (compute-bound ops):
       at least two chunks at the threshold, never below 4,096 elements.
       Each element's result does not depend on the chunking. */
    int64_t chunk = min_bytes / (2 * (bytes ? bytes : 1));
    chunk = chunk < 4096 ? 4096 : chunk > ND_PARALLEL_CHUNK ? ND_PARALLEL_CHUNK : chunk;
    flat_task t = {.fn = fn, .nop = nop, .n = n, .chunk = chunk, .csr = _mm_getcsr()};
    for (int k = 0; k < nop; k++) t.ptr[k] = ptr[k], t.steps[k] = steps[k];
    atomic_init(&t.flags, 0);
    nd__parallel((n + chunk - 1) / chunk, flat_chunk, &t);
    nd_kflags |= atomic_load(&t.flags);
}
