/* Process-wide settings: the ISA level of the kernels. */
#ifndef ND_MACHINE_H
#define ND_MACHINE_H

#include "nd/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel level in use: "scalar", "baseline", "avx2" or "avx512". */
ND_API const char *nd_isa(void);
/* The best level this CPU and OS support. */
ND_API const char *nd_isa_best(void);
/* Caps the level (process-wide; also settable with ND_ISA=level). "scalar" is
   the reference level: the same algorithms without vector instructions.
   ND_ERR_VALUE for an unknown name, ND_ERR_UNSUPPORTED above the CPU's best. */
ND_API int nd_set_isa(const char *level);

#ifdef __cplusplus
}
#endif
#endif
