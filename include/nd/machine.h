/** @file
 * Process-wide settings: the ISA level of the kernels, the thread count.
 *
 * @defgroup machine Machine
 * The ISA level of the kernels and the number of threads (src/dispatch,
 * src/thread). Both are process-wide settings.
 * @{ */
#ifndef ND_MACHINE_H
#define ND_MACHINE_H

#include "nd/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The kernel level in use: "scalar", "baseline", "avx2" or "avx512".
 * @return a static string. */
ND_API const char *nd_isa(void);
/** The best kernel level this CPU and OS support.
 * @return a static string ("scalar", "baseline", "avx2" or "avx512"). */
ND_API const char *nd_isa_best(void);
/** Caps the kernel level (process-wide; also settable with ND_ISA=level).
 *
 * "scalar" is the reference level: the same algorithms without vector
 * instructions, so results are the same at every level. ND_ERR_VALUE for an
 * unknown name, ND_ERR_UNSUPPORTED above the CPU's best.
 * @param level  "scalar", "baseline", "avx2" or "avx512".
 * @return ND_OK or an error status. */
ND_API int nd_set_isa(const char *level);

/** Sets the threads for nd's own kernels (and OpenBLAS's count, kept equal), process wide.
 *
 * Default: ND_NUM_THREADS, else the CPUs in the process's affinity mask.
 * Small work stays on the calling thread: under 1 MiB touched for most
 * kernels, 8 MiB for memory-bound ufuncs, 2 MiB for transcendentals, 65,536
 * elements for a sort lane (docs/design.md, Threads). A count outside
 * [1, the maximum] is ND_ERR_VALUE.
 * @param n  the thread count, the calling thread included.
 * @return ND_OK or an error status. */
ND_API int nd_set_num_threads(int n);
/** The thread count nd's kernels use.
 * @return the count set by nd_set_num_threads() or the default. */
ND_API int nd_get_num_threads(void);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
