/* The integer-condition flags kernels raise; defined once here, not in the
   per-ISA kernel libraries (nd_kernels_common). */
#include "kernels.h"

_Thread_local int nd_kflags;
