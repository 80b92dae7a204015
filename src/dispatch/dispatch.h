/* Run-time choice of the kernel table by CPU features, capped by ND_ISA or
   nd_set_isa(). */
#ifndef ND_DISPATCH_H
#define ND_DISPATCH_H

#include "kernels.h"

/* The table of the current level; never NULL. */
const nd_ktable *nd__kernels(void);

#endif
