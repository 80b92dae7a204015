/* nd's own vector kernels of the pow family (power, cbrt, hypot, logaddexp, logaddexp2) at the avx2
   and avx512 levels, overlaying SLEEF's (ew_math.c). Not yet written: the fill is empty, so the
   table keeps the kernels below it. */
#include "generic/vmath.h"

void ND_K(nd_kfill_vm_pow)(nd_ktable *t) { (void)t; }
