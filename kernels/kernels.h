/* The kernel layer's contract. A kernel is a 1-D loop over byte-strided
   operands: args[0..nin-1] are inputs, then outputs; steps[i] is the byte
   stride of args[i]. Kernels never allocate, never fail, never see an
   nd_array, and load data in ways that are defined for unaligned pointers. */
#ifndef ND_KERNELS_H
#define ND_KERNELS_H

#include <stdint.h>

#include "nd/core.h"

typedef void (*nd_kloop)(char *const *args, const int64_t *steps, int64_t n);

typedef enum {
#define ND_OP(E, name, nin, ins, outs) ND_KOP_##E,
#include "nd/ops.def"
#undef ND_OP
    ND_KNUM_OPS
} nd_kop;

/* Integer conditions kernels report (floating-point ones come from the
   FPU's own sticky status). Thread-local; the driver reads and clears. */
enum {
    ND_KFLAG_DIVBYZERO = 1,
    ND_KFLAG_OVERFLOW = 2,
    ND_KFLAG_UNDERFLOW = 4,
    ND_KFLAG_INVALID = 8,
    ND_KFLAG_NEG_INT_POWER = 16, /* integers to negative integer powers */
};
extern _Thread_local int nd_kflags;

typedef struct nd_ktable {
    nd_kloop cast[ND_NUM_DTYPES][ND_NUM_DTYPES]; /* [from][to] */
    /* [op][loop input dtype]; the output dtype comes from ops.def */
    nd_kloop loops[ND_KNUM_OPS][ND_NUM_DTYPES];
    /* np.where: args cond (bool), a, b, out, all of one dtype */
    nd_kloop where[ND_NUM_DTYPES];
    /* Copies an rn x cn tile (element (r, c) at src + r*s_row + c*s_col) to
       dst as contiguous rows; indexed by log2(item size), sizes 1..16. */
    void (*pack_tile[5])(const char *src, int64_t s_row, int64_t s_col, char *dst, int64_t rn,
                         int64_t cn);
} nd_ktable;

/* One fill function per ISA level, each built from the same generic sources
   with a different ND_ISA_NAME. A level fills what it has and leaves the rest
   as the caller set it (the caller fills the baseline first). */
#define ND_ISA_LEVELS(X) X(scalar) X(baseline) X(avx2) X(avx512)
#define ND_DECLARE_FILL(isa) void nd_kfill_##isa(nd_ktable *t);
ND_ISA_LEVELS(ND_DECLARE_FILL)
#undef ND_DECLARE_FILL

#endif
