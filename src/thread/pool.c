/* One pool of persistent workers, created on first use. A parallel region
   splits [0, n) into fixed chunks taken from an atomic counter; the calling
   thread works too. One region runs at a time: a caller that finds the pool
   busy (another user thread is in a region) runs its work alone, so nd never
   blocks on itself and never oversubscribes. After fork() the child starts
   with no pool and makes a new one when it first needs it. */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/internal.h"
#include "nd/machine.h"
#include "thread/pool.h"

#include <immintrin.h>

#include "kernels.h"

#define MAX_THREADS 256

typedef struct {
    nd_task_fn fn;
    void *ctx;
    int64_t nchunks;
    int slots;          /* workers with an id at or above this take no chunks */
    atomic_llong next;  /* next chunk to take */
    atomic_int pending; /* workers still inside this region */
} region;

static struct {
    pthread_mutex_t lock; /* guards the fields below and the condvars */
    pthread_cond_t wake, done;
    pthread_t threads[MAX_THREADS];
    int nworkers; /* started workers (threads - 1) */
    unsigned long generation;
    region *current;
    bool stopping;
    atomic_flag busy; /* a region is running */
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
          .busy = ATOMIC_FLAG_INIT};

static atomic_int wanted_threads; /* 0 = not yet decided */

static void run_chunks(region *r, int worker) {
    if (worker >= r->slots) return;
    for (;;) {
        int64_t c = atomic_fetch_add(&r->next, 1);
        if (c >= r->nchunks) return;
        r->fn(r->ctx, c, worker);
    }
}

static void *worker_main(void *arg) {
    int id = (int)(intptr_t)arg;
    unsigned long seen = 0;
    pthread_mutex_lock(&pool.lock);
    for (;;) {
        while (!pool.stopping && pool.generation == seen) pthread_cond_wait(&pool.wake, &pool.lock);
        if (pool.stopping) break;
        seen = pool.generation;
        region *r = pool.current;
        /* The caller closes its region (current NULL) once its own chunks
           are done: a worker that wakes later has nothing to take, and the
           caller does not wait for it (a descheduled worker would cost a
           time slice on a loaded machine). */
        if (!r) continue;
        atomic_fetch_add(&r->pending, 1);
        pthread_mutex_unlock(&pool.lock);
        run_chunks(r, id);
        pthread_mutex_lock(&pool.lock);
        if (atomic_fetch_sub(&r->pending, 1) == 1) pthread_cond_signal(&pool.done);
    }
    pthread_mutex_unlock(&pool.lock);
    return NULL;
}

static int default_threads(void) {
    const char *env = getenv("ND_NUM_THREADS");
    if (env) {
        long v = strtol(env, NULL, 10);
        if (v >= 1 && v <= MAX_THREADS) return (int)v;
    }
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return CPU_COUNT(&set) > 0 ? CPU_COUNT(&set) : 1;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 && n <= MAX_THREADS ? (int)n : 1;
}

int nd_get_num_threads(void) {
    int n = atomic_load(&wanted_threads);
    if (n == 0) {
        int d = default_threads();
        atomic_compare_exchange_strong(&wanted_threads, &n, d);
        n = atomic_load(&wanted_threads);
    }
    return n;
}

/* Caller holds pool.lock and the busy flag. */
static void stop_workers(void) {
    pool.stopping = true;
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);
    for (int i = 0; i < pool.nworkers; i++) pthread_join(pool.threads[i], NULL);
    pthread_mutex_lock(&pool.lock);
    pool.nworkers = 0;
    pool.stopping = false;
}

/* Caller holds pool.lock and the busy flag. */
static void ensure_workers(int want) {
    if (pool.nworkers == want) return;
    if (pool.nworkers) stop_workers();
    for (int i = 0; i < want; i++) {
        if (pthread_create(&pool.threads[i], NULL, worker_main, (void *)(intptr_t)(i + 1)) != 0)
            break;
        pool.nworkers = i + 1;
    }
}

int nd_set_num_threads(int n) {
    if (n < 1 || n > MAX_THREADS)
        return nd__error(ND_ERR_VALUE, "nd_set_num_threads",
                         "thread count must be in [1, %d], got %d", MAX_THREADS, n);
    atomic_store(&wanted_threads, n);
    nd__blas_set_threads(n);
    return ND_OK;
}

void nd__parallel(int64_t nchunks, nd_task_fn fn, void *ctx) {
    nd__parallel_slots(nchunks, MAX_THREADS, fn, ctx);
}

void nd__parallel_slots(int64_t nchunks, int slots, nd_task_fn fn, void *ctx) {
    int threads = nd_get_num_threads();
    if (nchunks <= 1 || threads <= 1 || slots <= 1 || atomic_flag_test_and_set(&pool.busy)) {
        for (int64_t c = 0; c < nchunks; c++) fn(ctx, c, 0);
        return;
    }
    region r = {.fn = fn, .ctx = ctx, .nchunks = nchunks, .slots = slots};
    atomic_init(&r.next, 0);
    pthread_mutex_lock(&pool.lock);
    ensure_workers(threads - 1);
    /* Workers count themselves in under the lock while current is r. */
    atomic_init(&r.pending, 0);
    pool.current = &r;
    pool.generation++;
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);
    run_chunks(&r, 0);
    pthread_mutex_lock(&pool.lock);
    pool.current = NULL; /* no worker enters r from here on */
    while (atomic_load(&r.pending) > 0) pthread_cond_wait(&pool.done, &pool.lock);
    pthread_mutex_unlock(&pool.lock);
    atomic_flag_clear(&pool.busy);
}

/* fork(): the child has none of the parent's threads; forget them. */
static void after_fork_child(void) {
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.wake, NULL);
    pthread_cond_init(&pool.done, NULL);
    pool.nworkers = 0;
    pool.current = NULL;
    pool.stopping = false;
    atomic_flag_clear(&pool.busy);
}

static void at_exit_stop(void) {
    if (atomic_flag_test_and_set(&pool.busy)) return; /* a region runs: leave it */
    pthread_mutex_lock(&pool.lock);
    if (pool.nworkers) stop_workers();
    pthread_mutex_unlock(&pool.lock);
    atomic_flag_clear(&pool.busy);
}

__attribute__((constructor)) static void pool_register(void) {
    pthread_atfork(NULL, NULL, after_fork_child);
    atexit(at_exit_stop);
}

/* A worker's chunk runs under the caller's MXCSR control bits with its
   status bits clear; the conditions it raised come back as ND_KFLAG_* bits
   and the worker's own MXCSR is restored. */
static unsigned worker_fp_begin(unsigned caller_csr) {
    unsigned saved = _mm_getcsr();
    _mm_setcsr(caller_csr & ~0x3fu);
    nd_kflags = 0;
    return saved;
}

static int worker_fp_end(unsigned saved) {
    unsigned csr = _mm_getcsr();
    int f = nd_kflags | (csr & 1 ? ND_KFLAG_INVALID : 0) | (csr & 4 ? ND_KFLAG_DIVBYZERO : 0) |
            (csr & 8 ? ND_KFLAG_OVERFLOW : 0) | (csr & 16 ? ND_KFLAG_UNDERFLOW : 0);
    _mm_setcsr(saved);
    nd_kflags = 0;
    return f;
}

typedef struct {
    nd_task_fn fn;
    void *ctx;
    unsigned csr;
    atomic_int flags;
} fp_region;

static void fp_chunk(void *ctx, int64_t chunk, int worker) {
    fp_region *r = ctx;
    if (worker == 0) {
        r->fn(r->ctx, chunk, 0);
        return;
    }
    unsigned saved = worker_fp_begin(r->csr);
    r->fn(r->ctx, chunk, worker);
    int f = worker_fp_end(saved);
    if (f) atomic_fetch_or(&r->flags, f);
}

void nd__parallel_fp(int64_t nchunks, int slots, nd_task_fn fn, void *ctx) {
    fp_region r = {.fn = fn, .ctx = ctx, .csr = _mm_getcsr()};
    atomic_init(&r.flags, 0);
    nd__parallel_slots(nchunks, slots, fp_chunk, &r);
    nd_kflags |= atomic_load(&r.flags);
}
