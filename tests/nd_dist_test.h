/* Shared by the libnd_dist suites (test_dist*.c): plain programs under
   mpirun (Check's fork mode does not mix with MPI) that count checks and
   failures per rank. */
#ifndef ND_DIST_TEST_H
#define ND_DIST_TEST_H

#include <stdint.h>
#include <stdio.h>

#include "nd/core.h"

long nd_debug_fail_alloc(long nth); /* libnd's allocation-failure injection */

/* Open MPI keeps some of what MPI_Init allocates past MPI_Finalize, from
   plugins it has unloaded by then (LeakSanitizer cannot name them for a
   suppression): allocations inside MPI_Init and MPI_Finalize are not leak
   checked; everything nd and libnd_dist allocate still is. */
#if defined(__SANITIZE_ADDRESS__)
#define ND_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ND_LSAN 1
#endif
#endif
#ifdef ND_LSAN
#include <sanitizer/lsan_interface.h>
#define LSAN_OFF() __lsan_disable()
#define LSAN_ON() __lsan_enable()
#else
#define LSAN_OFF() ((void)0)
#define LSAN_ON() ((void)0)
#endif

static int rank, nproc, fails, checks;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        checks++;                                                                                  \
        if (!(cond)) {                                                                             \
            fails++;                                                                               \
            if (fails < 30) {                                                                      \
                fprintf(stderr, "rank %d of %d: %s:%d: ", rank, nproc, __FILE__, __LINE__);        \
                fprintf(stderr, __VA_ARGS__);                                                      \
                fprintf(stderr, " [%s]\n", nd_last_error_message());                               \
            }                                                                                      \
        }                                                                                          \
    } while (0)

/* xorshift64: the same stream on every rank that draws the same count
   (a suite may pick its seed) */
#ifndef ND_DIST_TEST_SEED
#define ND_DIST_TEST_SEED 88172645463325252ull
#endif
static uint64_t rng = ND_DIST_TEST_SEED;
static uint64_t next(void) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

#endif
