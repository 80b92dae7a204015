/* The built-in profiler: "profile first". With ND_PROFILE=1 in the
   environment (or after nd_profile_enable()), every op records calls,
   elements, bytes read and written, time, the ISA level and thread count in
   use, and the bytes of arrays it allocated (its temporaries). With
   ND_PROFILE=1 the table is printed to stderr at exit. Disabled, the cost is
   one predictable branch per call. */
#ifndef ND_PROFILE_H
#define ND_PROFILE_H

#include <stdio.h>

#include "nd/export.h"

#ifdef __cplusplus
extern "C" {
#endif

ND_API void nd_profile_enable(void);
ND_API void nd_profile_disable(void);
ND_API void nd_profile_reset(void);
/* The table, sorted by total time: op, dtype, calls, elements, MB read and
   written, total and mean time, GB/s, ISA level, threads, MB allocated. */
ND_API int nd_profile_report(FILE *f);
/* Peak and current bytes held by live nd arrays (always tracked; the live
   figure is exact while no other thread is making arrays, the peak may miss
   up to 64 KiB per thread, which counts small arrays in batches). */
ND_API long long nd_profile_peak_bytes(void);
ND_API long long nd_profile_live_bytes(void);
ND_API void nd_profile_reset_peak(void);

#ifdef __cplusplus
}
#endif
#endif
