/* Every allocation in nd goes through here so that a test can make the Nth
   one fail (SQLite-style) and count what is still live. */
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

static atomic_long fail_countdown; /* 0: off; k: the kth allocation fails */
static atomic_int counting;        /* between nd_debug_fail_alloc(n > 0) and (0) */
static atomic_long alloc_count;
static atomic_long live_count;

long nd_debug_fail_alloc(long nth) {
    long made = atomic_exchange(&alloc_count, 0);
    atomic_store(&fail_countdown, nth > 0 ? nth : 0);
    atomic_store(&counting, nth > 0);
    return made;
}

long nd_debug_live_allocs(void) { return atomic_load(&live_count); }

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

void *nd__malloc(size_t n) {
    if (should_fail()) return NULL;
    void *p = malloc(n ? n : 1);
    if (p) atomic_fetch_add(&live_count, 1);
    return p;
}

void *nd__calloc(size_t count, size_t size) {
    if (should_fail()) return NULL;
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p) atomic_fetch_add(&live_count, 1);
    return p;
}

void *nd__realloc(void *p, size_t n) {
    if (should_fail()) return NULL;
    void *q = realloc(p, n ? n : 1);
    if (q && !p) atomic_fetch_add(&live_count, 1);
    return q;
}

void nd__free(void *p) {
    if (!p) return;
    atomic_fetch_sub(&live_count, 1);
    free(p);
}

void *nd__aligned_alloc(size_t n) {
    if (should_fail()) return NULL;
    /* aligned_alloc wants a multiple of the alignment; round up, refusing a
       size that would wrap. */
    if (n > SIZE_MAX - 63) return NULL;
    size_t rounded = (n + 63) & ~(size_t)63;
    void *p = aligned_alloc(64, rounded ? rounded : 64);
    if (p) atomic_fetch_add(&live_count, 1);
    return p;
}

void nd__aligned_free(void *p) { nd__free(p); }

char *nd__strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = nd__malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}
