/* The kernel layer's contract. A kernel is a 1-D loop over byte-strided
   operands: args[0..nin-1] are inputs, then outputs; steps[i] is the byte
   stride of args[i]. Kernels never allocate, never fail, never see an
   nd_array, and load data in ways that are defined for unaligned pointers. */
#ifndef ND_KERNELS_H
#define ND_KERNELS_H

#include <stdint.h>

#include "nd/core.h"

typedef void (*nd_kloop)(char *const *args, const int64_t *steps, int64_t n);

typedef struct nd_ktable {
    nd_kloop cast[ND_NUM_DTYPES][ND_NUM_DTYPES]; /* [from][to] */
} nd_ktable;

/* One fill function per ISA level, each built from the same generic sources
   with a different ND_ISA_NAME. A level fills what it has and leaves the rest
   as the caller set it (the caller fills the baseline first). */
#define ND_ISA_LEVELS(X) X(scalar) X(baseline) X(avx2) X(avx512)
#define ND_DECLARE_FILL(isa) void nd_kfill_##isa(nd_ktable *t);
ND_ISA_LEVELS(ND_DECLARE_FILL)
#undef ND_DECLARE_FILL

#endif
