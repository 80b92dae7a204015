/* nd's own vector kernels of the log family (log, log2, log10, log1p, arcsinh, arccosh, arctanh) at
   the avx2 and avx512 levels, overlaying SLEEF's (ew_math.c). Not yet written: the fill is empty,
   so the table keeps the kernels below it. */
#include "generic/vmath.h"

void ND_K(nd_kfill_vm_log)(nd_ktable *t) { (void)t; }
