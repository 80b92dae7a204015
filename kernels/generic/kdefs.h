/* Shared by the kernel sources: unaligned typed access, the dtype names the
   kernel macros use, and the block size of contiguous loops. */
#ifndef ND_KDEFS_H
#define ND_KDEFS_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "kernels.h"

/* Contiguous loops run in blocks: load a block of each input into locals,
   compute, store. Locals cannot alias the output, so the block vectorizes
   even when the output is one of the inputs (in-place). */
#define ND_KBLOCK_BYTES 256

/* Contiguous loops first run the few elements that bring their output to
   the vector size's alignment (nd_khead), so the vector loop's stores
   never straddle a cache line (inputs at the output's offset, as NumPy's
   are, then align too). NumPy's buffers start 16 bytes into a page: every
   unaligned 64-byte store split in two, and floor ran at 0.75x NumPy with
   AVX-512 (the same loop aligned: 1.3x faster, measured at 1e5 float64).
   A split store costs more than two split loads: float64 -> int32 ran
   14% slower with the source aligned instead. Below ND_KHEAD_MIN_BYTES the
   split costs less than the scalar head would. */
#if defined(__AVX512F__)
#define ND_KVEC_BYTES 64
#elif defined(__AVX__)
#define ND_KVEC_BYTES 32
#else
#define ND_KVEC_BYTES 16
#endif
#define ND_KHEAD_MIN_BYTES 4096

/* Contiguous loops at the AVX-512 level are stamped twice: with 512-bit
   vectors for runs that stay in L1, and with 256-bit vectors for runs that
   stream from L2 and beyond, where 512-bit loads and stores ran ~6% slower
   on this host (floor at 1e5 float64: 22.4 us against 21.2 us, memcpy
   19.9 us; in L1, at 2000 elements, 512 bits are 1.3x faster). Clang has no
   per-function vector width, so there (and at the other levels) the
   contiguous loop is one. */
#if defined(__AVX512F__) && !defined(__clang__)
#define ND_KWIDE_L1_BYTES (32 * 1024)
#define ND_KWIDE_ATTR static __attribute__((target("prefer-vector-width=256"), noinline))
#define ND_KWIDE_DEF(...) __VA_ARGS__
#define ND_KWIDE_RUN(bytes, call)                                                                  \
    do {                                                                                           \
        if ((bytes) > ND_KWIDE_L1_BYTES) {                                                         \
            call;                                                                                  \
            return;                                                                                \
        }                                                                                          \
    } while (0)
#else
#define ND_KWIDE_DEF(...)
#define ND_KWIDE_RUN(bytes, call) ((void)0)
#endif
#define ND_KNARROW_ATTR static inline __attribute__((always_inline))

/* How many of n elements of `size` bytes at p precede the first aligned
   one: 0 when p is already aligned, when p is not aligned to its own
   element size (it never reaches the alignment), or when the run is short. */
static inline int64_t nd_khead(const void *p, int64_t size, int64_t n) {
    uintptr_t mis = (uintptr_t)p & (ND_KVEC_BYTES - 1);
    if (mis == 0 || n * size < ND_KHEAD_MIN_BYTES || mis % (uintptr_t)size) return 0;
    int64_t h = (int64_t)(ND_KVEC_BYTES - mis) / size;
    return h < n ? h : n;
}

/* |a|'s bits, for the tests that must not raise invalid on a signaling NaN
   (NumPy's isnan and sign do not; any float compare does; gcc's vectorized
   isinf/isfinite compare with a signaling predicate, invalid even on a
   quiet NaN) */
static inline uint64_t nd_abs_bits(const void *p, size_t n) {
    if (n == 8) {
        uint64_t u;
        memcpy(&u, p, 8);
        return u & 0x7fffffffffffffffu;
    }
    uint32_t u;
    memcpy(&u, p, 4);
    return u & 0x7fffffffu;
}
#define ND_INF_BITS(n) ((n) == 8 ? 0x7ff0000000000000u : 0x7f800000u)

/* dtype enum by the type names the kernel macros use */
enum {
    ND_DT_boolean = ND_BOOL,
    ND_DT_int8 = ND_INT8,
    ND_DT_int16 = ND_INT16,
    ND_DT_int32 = ND_INT32,
    ND_DT_int64 = ND_INT64,
    ND_DT_uint8 = ND_UINT8,
    ND_DT_uint16 = ND_UINT16,
    ND_DT_uint32 = ND_UINT32,
    ND_DT_uint64 = ND_UINT64,
    ND_DT_float16 = ND_FLOAT16,
    ND_DT_float32 = ND_FLOAT32,
    ND_DT_float64 = ND_FLOAT64,
    ND_DT_complex64 = ND_COMPLEX64,
    ND_DT_complex128 = ND_COMPLEX128,
};

/* "No dependence between iterations" for GCC's vectorizer. Clang has no
   ivdep, and its nearest pragma (vectorize(assume_safety)) would vectorize
   the scalar level too, so under clang (fuzz and CI builds) it is nothing:
   clang checks for overlap at run time instead. */
#if defined(__clang__)
#define ND_IVDEP
#else
#define ND_IVDEP _Pragma("GCC ivdep")
#endif

#define ND_REG(t, OP, S, fn) (t)->loops[ND_KOP_##OP][ND_DT_##S] = (fn)

#endif
