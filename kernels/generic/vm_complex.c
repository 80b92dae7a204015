/* nd's own vector kernels of the complex family (complex64/complex128 abs, exp, log, sqrt, sin,
   cos, tanh ...) at the avx2 and avx512 levels, overlaying SLEEF's (ew_math.c). Not yet written:
   the fill is empty, so the table keeps the kernels below it. */
#include "generic/vmath.h"

void ND_K(nd_kfill_vm_complex)(nd_ktable *t) { (void)t; }
