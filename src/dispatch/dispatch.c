#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "nd/machine.h"
#include "dispatch/dispatch.h"

enum { LEVEL_SCALAR, LEVEL_BASELINE, LEVEL_AVX2, LEVEL_AVX512, NUM_LEVELS };

static const char *const level_names[NUM_LEVELS] = {"scalar", "baseline", "avx2", "avx512"};
static void (*const level_fill[NUM_LEVELS])(nd_ktable *) = {nd_kfill_scalar, nd_kfill_baseline,
                                                            nd_kfill_avx2, nd_kfill_avx512};
/* Kernels from outside kernels/generic that replace a level's entries. */
enum { MAX_OVERLAYS = 2 };
static void (*const level_overlay[NUM_LEVELS][MAX_OVERLAYS])(nd_ktable *) = {
    {NULL},
    {NULL},
    {nd_kfill_vqsort_avx2, nd_kfill_gemmx_avx2},
    {nd_kfill_vqsort_avx512, nd_kfill_gemmx_avx512}};

static nd_ktable tables[NUM_LEVELS];
static int cpu_best;                             /* the best level this CPU and OS support */
static _Atomic int current;                      /* the level in use */
static _Atomic(const nd_ktable *) current_table; /* NULL until init ran */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int detect(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("fma"))
        return LEVEL_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return LEVEL_AVX2;
    return LEVEL_BASELINE;
}

static int level_of(const char *name) {
    for (int i = 0; i < NUM_LEVELS; i++)
        if (name && strcmp(name, level_names[i]) == 0) return i;
    return -1;
}

static void init(void) {
    cpu_best = detect();
    for (int l = 0; l <= cpu_best; l++) {
        /* Baseline first, then the level overlays what it has; the scalar
           reference level is complete on its own. */
        if (l != LEVEL_SCALAR) nd_kfill_baseline(&tables[l]);
        level_fill[l](&tables[l]);
        for (int o = 0; o < MAX_OVERLAYS; o++)
            if (level_overlay[l][o]) level_overlay[l][o](&tables[l]);
    }
    int chosen = cpu_best;
    int cap = level_of(getenv("ND_ISA"));
    if (cap >= 0 && cap < chosen) chosen = cap;
    atomic_store(&current, chosen);
    atomic_store(&current_table, &tables[chosen]);
}

/* Called on every op: one atomic load once initialized. */
const nd_ktable *nd__kernels(void) {
    const nd_ktable *t = atomic_load_explicit(&current_table, memory_order_acquire);
    if (t) return t;
    pthread_once(&once, init);
    return atomic_load(&current_table);
}

const char *nd_isa(void) {
    pthread_once(&once, init);
    return level_names[atomic_load(&current)];
}

int nd_set_isa(const char *level) {
    pthread_once(&once, init);
    if (!level) return nd__null_arg("nd_set_isa", "level");
    int l = level_of(level);
    if (l < 0)
        return nd__error(ND_ERR_VALUE, "nd_set_isa",
                         "unknown ISA level '%s' (expected scalar, baseline, avx2 or avx512)",
                         level);
    if (l > cpu_best)
        return nd__error(ND_ERR_UNSUPPORTED, "nd_set_isa",
                         "this CPU does not support '%s' (best: %s)", level, level_names[cpu_best]);
    atomic_store(&current, l);
    atomic_store(&current_table, &tables[l]);
    return ND_OK;
}

const char *nd_isa_best(void) {
    pthread_once(&once, init);
    return level_names[cpu_best];
}
