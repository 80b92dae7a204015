/** @file
 * The built-in profiler: "profile first".
 *
 * @defgroup profile Profiler
 * Per-op counters (src/profile). With ND_PROFILE=1 in the environment (or
 * after nd_profile_enable()), every op records calls, elements, bytes read
 * and written, time, the ISA level and thread count in use, and the bytes
 * of arrays it allocated (its temporaries). With ND_PROFILE=1 the table is
 * printed to stderr at exit. Disabled, the cost is one predictable branch
 * per call.
 * @{ */
#ifndef ND_PROFILE_H
#define ND_PROFILE_H

#include <stdio.h>

#include "nd/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Starts recording every op (process-wide). */
ND_API void nd_profile_enable(void);
/** Stops recording; the table recorded so far is kept. */
ND_API void nd_profile_disable(void);
/** Empties the table. */
ND_API void nd_profile_reset(void);
/** Writes the table, sorted by total time.
 *
 * Columns: op, dtype, calls, elements, MB read and written, total and mean
 * time, GB/s, ISA level, threads, MB allocated.
 * @param f  the stream.
 * @return ND_OK or an error status. */
ND_API int nd_profile_report(FILE *f);
/** The peak bytes held by live nd arrays since the start or nd_profile_reset_peak().
 *
 * Always tracked; the peak may miss up to 64 KiB per thread, which counts
 * small arrays in batches.
 * @return the peak in bytes. */
ND_API long long nd_profile_peak_bytes(void);
/** The bytes held by live nd arrays now.
 *
 * Exact while no other thread is making arrays.
 * @return the live bytes. */
ND_API long long nd_profile_live_bytes(void);
/** Restarts the peak from the current live bytes. */
ND_API void nd_profile_reset_peak(void);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
