/* Every allocation in nd goes through here so that a test can make the Nth
   one fail (SQLite-style) and count what is still live. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <stdatomic.h>

#include "base/base.h"

static atomic_long fail_countdown; /* 0: off; k: the kth allocation fails */
static atomic_int counting;        /* between nd_debug_fail_alloc(n > 0) and (0) */
static atomic_long alloc_count;

/* The live-allocation count is kept per thread: a relaxed load and store
   of the thread's own counter instead of a locked instruction on a shared
   one (two of those cost ~12 ns per array made and dropped here). The
   process's count is the sum over the threads' counters plus what exited
   threads left in `retired`. A free on another thread than the allocation
   simply moves the count between counters. */

typedef struct live_counter {
    atomic_long n;
    atomic_llong bytes; /* live array bytes not yet moved to shared_bytes */
    struct live_counter *prev, *next;
} live_counter;

static pthread_mutex_t counters_lock = PTHREAD_MUTEX_INITIALIZER;
static live_counter *counters;
static atomic_long retired;
static _Thread_local live_counter *my_counter;
static pthread_key_t counter_key;
static pthread_once_t counter_once = PTHREAD_ONCE_INIT;

/* Live array bytes for the profiler (nd_profile_live_bytes, peak): each
   thread gathers its changes in its counter and moves them to the shared
   total, where the peak is taken, once they reach BYTES_BATCH either way,
   so arrays below it cost no locked instruction (two of them cost ~14 ns
   per small array made and dropped here). The peak can miss at most
   BYTES_BATCH per thread; the live total is exact while no other thread
   is allocating. */
#define BYTES_BATCH ((long long)64 << 10)
static atomic_llong shared_bytes, peak_bytes;

static void bytes_move(long long d) {
    long long live = atomic_fetch_add(&shared_bytes, d) + d;
    long long peak = atomic_load_explicit(&peak_bytes, memory_order_relaxed);
    while (live > peak && !atomic_compare_exchange_weak(&peak_bytes, &peak, live)) {
    }
}

static void counter_exit(void *p) {
    live_counter *c = p;
    my_counter = NULL; /* a later destructor that allocates registers anew */
    pthread_mutex_lock(&counters_lock);
    bytes_move(atomic_load_explicit(&c->bytes, memory_order_relaxed));
    atomic_fetch_add(&retired, atomic_load_explicit(&c->n, memory_order_relaxed));
    if (c->prev)
        c->prev->next = c->next;
    else
        counters = c->next;
    if (c->next) c->next->prev = c->prev;
    pthread_mutex_unlock(&counters_lock);
    free(c);
}

static void counters_child(void) { pthread_mutex_init(&counters_lock, NULL); }
static void counters_init(void) {
    pthread_key_create(&counter_key, counter_exit);
    pthread_atfork(NULL, NULL, counters_child);
}

/* This thread's counter, registered on first use; NULL if that failed
   (then the shared totals take the change directly). */
static live_counter *thread_counter(void) {
    live_counter *c = my_counter;
    if (c) return c;
    pthread_once(&counter_once, counters_init);
    c = calloc(1, sizeof *c); /* not counted itself */
    if (!c || pthread_setspecific(counter_key, c)) {
        free(c);
        return NULL;
    }
    pthread_mutex_lock(&counters_lock);
    c->next = counters;
    if (counters) counters->prev = c;
    counters = c;
    pthread_mutex_unlock(&counters_lock);
    return my_counter = c;
}

static void live_add(long d) {
    live_counter *c = thread_counter();
    if (!c) {
        atomic_fetch_add(&retired, d);
        return;
    }
    atomic_store_explicit(&c->n, atomic_load_explicit(&c->n, memory_order_relaxed) + d,
                          memory_order_relaxed);
}

static void live_bytes_add(long long d) {
    live_counter *c = thread_counter();
    long long pending = c ? atomic_load_explicit(&c->bytes, memory_order_relaxed) + d : d;
    if (c && pending < BYTES_BATCH && pending > -BYTES_BATCH) {
        atomic_store_explicit(&c->bytes, pending, memory_order_relaxed);
        return;
    }
    if (c) atomic_store_explicit(&c->bytes, 0, memory_order_relaxed);
    bytes_move(pending);
}

long long nd__live_bytes(void) {
    pthread_mutex_lock(&counters_lock);
    long long n = atomic_load(&shared_bytes);
    for (live_counter *c = counters; c; c = c->next) n += atomic_load(&c->bytes);
    pthread_mutex_unlock(&counters_lock);
    return n;
}

long long nd__peak_bytes(void) {
    long long live = nd__live_bytes(), peak = atomic_load(&peak_bytes);
    return live > peak ? live : peak;
}

void nd__peak_bytes_reset(void) { atomic_store(&peak_bytes, nd__live_bytes()); }

/* The running total of array bytes, for the profiler's per-op "MB alloc":
   a shared counter, so only touched while the profiler has the tally on. */
static atomic_int tally_on;
static atomic_llong tally;

void nd__array_bytes_alloc(size_t nbytes) {
    live_bytes_add((long long)nbytes);
    if (atomic_load_explicit(&tally_on, memory_order_relaxed))
        atomic_fetch_add(&tally, (long long)nbytes);
}

void nd__array_bytes_free(size_t nbytes) { live_bytes_add(-(long long)nbytes); }

void nd__alloc_tally_set(bool on) { atomic_store(&tally_on, on); }
long long nd__alloc_tally(void) { return atomic_load(&tally); }

long nd_debug_fail_alloc(long nth) {
    long made = atomic_exchange(&alloc_count, 0);
    atomic_store(&fail_countdown, nth > 0 ? nth : 0);
    atomic_store(&counting, nth > 0);
    return made;
}

long nd_debug_live_allocs(void) {
    pthread_mutex_lock(&counters_lock);
    long n = atomic_load(&retired);
    for (live_counter *c = counters; c; c = c->next) n += atomic_load(&c->n);
    pthread_mutex_unlock(&counters_lock);
    return n;
}

static bool should_fail(void) {
    /* A plain load when no test is counting: an atomic add per allocation
       would cost more than the rest of a small array's creation. */
    if (!atomic_load_explicit(&counting, memory_order_relaxed)) return false;
    atomic_fetch_add(&alloc_count, 1);
    long c = atomic_load(&fail_countdown);
    if (c <= 0) return false;
    /* Fail exactly once, at the nth allocation; later ones succeed so that
       cleanup paths which allocate still work. */
    return atomic_fetch_sub(&fail_countdown, 1) == 1;
}

/* When an allocation fails, the freed mappings kept for reuse (up to
   BIG_CACHE_BYTES, below) go back to the system and it is tried once more:
   under a memory limit they may be what stands in the way. True when the
   cache held anything. */
static bool cache_trim(void);

void *nd__malloc(size_t n) {
    if (should_fail()) return NULL;
    void *p = malloc(n ? n : 1);
    if (!p && cache_trim()) p = malloc(n ? n : 1);
    if (p) live_add(1);
    return p;
}

void *nd__calloc(size_t count, size_t size) {
    if (should_fail()) return NULL;
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p && cache_trim()) p = calloc(count ? count : 1, size ? size : 1);
    if (p) live_add(1);
    return p;
}

void *nd__realloc(void *p, size_t n) {
    if (should_fail()) return NULL;
    void *q = realloc(p, n ? n : 1);
    if (!q && cache_trim()) q = realloc(p, n ? n : 1);
    if (q && !p) live_add(1);
    return q;
}

void nd__free(void *p) {
    if (!p) return;
    live_add(-1);
    free(p);
}

void *nd__aligned_alloc(size_t n) {
    if (should_fail()) return NULL;
    /* aligned_alloc wants a multiple of the alignment; round up, refusing a
       size that would wrap. */
    if (n > SIZE_MAX - 63) return NULL;
    size_t rounded = (n + 63) & ~(size_t)63;
    void *p = aligned_alloc(64, rounded ? rounded : 64);
    if (!p && cache_trim()) p = aligned_alloc(64, rounded ? rounded : 64);
    if (p) live_add(1);
    return p;
}

void nd__aligned_free(void *p) { nd__free(p); }

void *nd__malloc_for_caller(size_t n) {
    if (should_fail()) return NULL;
    void *p = malloc(n ? n : 1);
    return p || !cache_trim() ? p : malloc(n ? n : 1);
}

void *nd__realloc_for_caller(void *p, size_t n) {
    return should_fail() ? NULL : realloc(p, n ? n : 1);
}

char *nd__strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = nd__malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* ---- large blocks ----------------------------------------------------------
   Arrays of ND_BIG_BLOCK bytes and more get their own 2 MiB-aligned mapping
   with transparent huge pages, and the last few freed mappings are kept for
   reuse: a program that makes and drops same-sized temporaries (every
   expression written with ufuncs) then touches no fresh page. Measured on
   this VM, 10 rounds of 2*x + sin(y) on 1M elements took 180 ms with malloc
   (20,000 page faults: glibc returns the heap top to the kernel each
   round) and NumPy 24 ms. The cache holds at most BIG_CACHE_N mappings and
   BIG_CACHE_BYTES; nd_memory_trim() empties it. From 256 KiB on: glibc
   trims its heap top at 128 KiB-2 MiB, so smaller arrays already reuse
   memory and larger ones would fault. */
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)
#define SMALL_ROUND ((size_t)64 << 10)
#define BIG_CACHE_N 8
#define BIG_CACHE_BYTES ((size_t)256 << 20)

/* freed mappings, oldest first */
static struct {
    pthread_mutex_t lock;
    int count;
    void *p[BIG_CACHE_N];
    size_t n[BIG_CACHE_N];
    size_t total;
} big_cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Mappings of 2 MiB and more are whole huge pages; smaller ones are kept in
   64 KiB steps with ordinary pages. */
static size_t big_round(size_t n) {
    size_t r = n >= HUGE_PAGE ? HUGE_PAGE : SMALL_ROUND;
    return (n + r - 1) & ~(r - 1);
}

static void *big_map(size_t n) {
    if (n < HUGE_PAGE) {
        void *q = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return q == MAP_FAILED ? NULL : q;
    }
    /* over-map by a huge page and cut the ends so the block starts aligned */
    char *m = mmap(NULL, n + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return NULL;
    char *p = (char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (p > m) munmap(m, (size_t)(p - m));
    size_t tail = (size_t)(m + n + HUGE_PAGE - (p + n));
    if (tail) munmap(p + n, tail);
    madvise(p, n, MADV_HUGEPAGE);
    return p;
}

/* Caller holds the lock. Removes entry i, returning its mapping. */
static void *cache_take(int i, size_t *n) {
    void *p = big_cache.p[i];
    *n = big_cache.n[i];
    big_cache.total -= *n;
    big_cache.count--;
    memmove(big_cache.p + i, big_cache.p + i + 1, sizeof(void *) * (size_t)(big_cache.count - i));
    memmove(big_cache.n + i, big_cache.n + i + 1, sizeof(size_t) * (size_t)(big_cache.count - i));
    return p;
}

/* A fork() while another thread holds the lock must not leave the child's
   copy locked; the child keeps the cached mappings (they are its own copies). */
static void big_cache_child(void) { pthread_mutex_init(&big_cache.lock, NULL); }
static pthread_once_t big_once = PTHREAD_ONCE_INIT;

/* Leak checkers see malloc's blocks only, never a mapping of nd's own: under
   AddressSanitizer (whose LeakSanitizer runs at exit) and when ND_NO_CACHE
   is set to anything but 0 (for valgrind, or LSan preloaded into a plain
   build), large arrays come from malloc as small ones do (under ASan up to
   1 GiB), and none is cached. */
#if defined(__SANITIZE_ADDRESS__)
#define ND_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ND_UNDER_ASAN 1
#endif
#endif
#ifndef ND_UNDER_ASAN
#define ND_UNDER_ASAN 0
#endif
static bool big_plain;

static void big_init(void) {
    pthread_atfork(NULL, NULL, big_cache_child);
    const char *e = getenv("ND_NO_CACHE");
    big_plain = ND_UNDER_ASAN || (e && *e && strcmp(e, "0") != 0);
}

void *nd__big_alloc(size_t n, size_t *mapped) {
    pthread_once(&big_once, big_init);
    /* ASan's malloc aborts where it cannot meet a request (its limit, or no
       memory) instead of returning NULL: past 1 GiB nd maps as usual there */
    if (big_plain && (!ND_UNDER_ASAN || n <= ((size_t)1 << 30))) return *mapped = 0, nd__malloc(n);
    if (should_fail() || n > SIZE_MAX - 2 * HUGE_PAGE) return NULL;
    size_t want = big_round(n);
    void *p = NULL;
    pthread_mutex_lock(&big_cache.lock);
    int best = -1;
    /* the smallest that fits, at most 2x; of equal ones the last freed, whose
       lines are the likeliest still in cache: taking the oldest rotated a
       loop's temporaries through every cached mapping (after np.isclose's
       five, x.copy() wrote 4 MiB round robin and ran at 0.55x NumPy) */
    for (int i = big_cache.count - 1; i >= 0; i--)
        if (big_cache.n[i] >= want && big_cache.n[i] <= 2 * want &&
            (best < 0 || big_cache.n[i] < big_cache.n[best]))
            best = i;
    if (best >= 0) p = cache_take(best, &want);
    pthread_mutex_unlock(&big_cache.lock);
    if (!p) p = big_map(want);
    if (!p && cache_trim()) p = big_map(want);
    if (!p) return NULL;
    live_add(1);
    *mapped = want;
    return p;
}

void nd__big_free(void *p, size_t mapped) {
    if (!p) return;
    live_add(-1);
    void *drop[BIG_CACHE_N + 1];
    size_t drop_n[BIG_CACHE_N + 1];
    int ndrop = 0;
    pthread_mutex_lock(&big_cache.lock);
    if (big_plain || mapped > BIG_CACHE_BYTES) {
        drop[ndrop] = p, drop_n[ndrop++] = mapped;
    } else {
        while (big_cache.count &&
               (big_cache.count == BIG_CACHE_N || big_cache.total + mapped > BIG_CACHE_BYTES)) {
            drop[ndrop] = cache_take(0, &drop_n[ndrop]);
            ndrop++;
        }
        big_cache.p[big_cache.count] = p, big_cache.n[big_cache.count++] = mapped;
        big_cache.total += mapped;
    }
    pthread_mutex_unlock(&big_cache.lock);
    for (int i = 0; i < ndrop; i++) munmap(drop[i], drop_n[i]);
}

void *nd__work_alloc(size_t n, size_t *mapped) {
    *mapped = 0;
    if (n >= ND_BIG_BLOCK) {
        pthread_once(&big_once, big_init);
        /* the plain path's malloc gives only 16-byte alignment */
        if (!big_plain) return nd__big_alloc(n, mapped);
    }
    return nd__aligned_alloc(n);
}

void nd__work_free(void *p, size_t mapped) {
    if (mapped)
        nd__big_free(p, mapped);
    else
        nd__aligned_free(p);
}

/* Empties the cache; returns whether it held anything. The mappings are
   unmapped outside the lock. */
static bool cache_trim(void) {
    void *drop[BIG_CACHE_N];
    size_t drop_n[BIG_CACHE_N];
    int ndrop = 0;
    pthread_mutex_lock(&big_cache.lock);
    while (big_cache.count) {
        drop[ndrop] = cache_take(0, &drop_n[ndrop]);
        ndrop++;
    }
    pthread_mutex_unlock(&big_cache.lock);
    for (int i = 0; i < ndrop; i++) munmap(drop[i], drop_n[i]);
    return ndrop > 0;
}

void nd_memory_trim(void) { cache_trim(); }
