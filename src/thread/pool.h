/* The worker pool and the partitioning rule shared by nd's parallel kernels. */
#ifndef ND_POOL_H
#define ND_POOL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* Runs fn(ctx, chunk, worker) for every chunk in [0, nchunks), spread over
   the pool; worker is 0 for the calling thread, 1.. for workers. Returns when
   all chunks are done. Chunks must be independent. */
typedef void (*nd_task_fn)(void *ctx, int64_t chunk, int worker);
void nd__parallel(int64_t nchunks, nd_task_fn fn, void *ctx);
/* The same with worker ids below slots only (the caller sized per-worker
   scratch for that many): workers at or above it take no chunks. */
void nd__parallel_slots(int64_t nchunks, int slots, nd_task_fn fn, void *ctx);

/* Work below this many bytes touched stays on the calling thread: waking
   the pool costs more (the threshold rows of the benchmark). Ufuncs have
   their own thresholds (op_min_bytes, src/ufunc/ufunc.c). */
#define ND_PARALLEL_MIN_BYTES (1 << 20)
/* Most elements per chunk of a parallel elementwise run; chunks do not
   depend on the thread count. */
#define ND_PARALLEL_CHUNK 65536

/* fn over n elements of nop operands (pointers and byte steps), split in
   chunks over the pool when it touches at least min_bytes (or the debug
   override), at least two at that size; workers run under the caller's MXCSR
   and their conditions land in the caller's nd_kflags. fn is an nd_kloop. */
#define ND_FLAT_MAXOP 8
/* Whether work touching this many bytes stays below min_bytes (or the debug
   override of nd_debug_flat_threshold): callers that must be cheap for
   small arrays test it inline and call the kernel themselves. */
extern _Atomic long long nd__flat_forced_bytes; /* 0: each caller's threshold */
static inline bool nd__flat_below(int64_t bytes, int64_t min_bytes) {
    long long forced = atomic_load_explicit(&nd__flat_forced_bytes, memory_order_relaxed);
    return bytes < (forced ? forced : min_bytes);
}
void nd__parallel_flat(void (*fn)(char *const *, const int64_t *, int64_t), int nop,
                       char *const *ptr, const int64_t *steps, int64_t n, int64_t min_bytes);

/* nd__loop_run(L, fn) split over the pool along L's outermost axis when it
   touches at least min_bytes (item_bytes per element, all operands), in
   pieces of about ND_PARALLEL_CHUNK elements; an element's result does not
   depend on the split. Conditions raised on workers land in nd_kflags. */
struct nd_loop;
void nd__parallel_nest(const struct nd_loop *L, void (*fn)(char *const *, const int64_t *, int64_t),
                       int64_t item_bytes, int64_t min_bytes);

/* nd__parallel_slots for kernels that may raise floating-point conditions:
   workers run under the caller's MXCSR control bits (rounding, FTZ/DAZ)
   and what they raised lands in the caller's nd_kflags on return; the
   caller's own chunks raise into its MXCSR and nd_kflags directly. */
void nd__parallel_fp(int64_t nchunks, int slots, nd_task_fn fn, void *ctx);

/* OpenBLAS threads follow nd's thread count (see docs/design.md, Threads). */
void nd__blas_set_threads(int n);

#endif
