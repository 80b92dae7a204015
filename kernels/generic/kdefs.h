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
