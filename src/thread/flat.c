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
    int64_t n;
    unsigned csr;
    atomic_int flags;
} flat_task;

static void flat_chunk(void *ctx, int64_t chunk, int worker) {
    flat_task *t = ctx;
    int64_t i0 = chunk * ND_PARALLEL_CHUNK,
            len = t->n - i0 < ND_PARALLEL_CHUNK ? t->n - i0 : ND_PARALLEL_CHUNK;
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

void nd__parallel_flat(nd_kloop fn, int nop, char *const *ptr, const int64_t *steps, int64_t n) {
    int64_t bytes = 0;
    for (int k = 0; k < nop; k++) bytes += steps[k] < 0 ? -steps[k] : steps[k];
    if (n * bytes < ND_PARALLEL_MIN_BYTES || nop > ND_FLAT_MAXOP || nd_get_num_threads() < 2) {
        if (n > 0) fn(ptr, steps, n);
        return;
    }
    flat_task t = {.fn = fn, .nop = nop, .n = n, .csr = _mm_getcsr()};
    for (int k = 0; k < nop; k++) t.ptr[k] = ptr[k], t.steps[k] = steps[k];
    atomic_init(&t.flags, 0);
    nd__parallel((n + ND_PARALLEL_CHUNK - 1) / ND_PARALLEL_CHUNK, flat_chunk, &t);
    nd_kflags |= atomic_load(&t.flags);
}
