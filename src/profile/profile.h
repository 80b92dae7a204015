/* Internal hooks of the profiler. */
#ifndef ND_PROFILE_INTERNAL_H
#define ND_PROFILE_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>

#include "nd/core.h"

extern atomic_int nd__profiling; /* 1 when enabled */

typedef struct {
    double t0;
    long long alloc0;
} nd_prof_mark;

/* Call only when nd__profiling is set. */
void nd__prof_begin(nd_prof_mark *m);
void nd__prof_end(const nd_prof_mark *m, const char *op, nd_dtype t, int64_t n, int64_t bytes_read,
                  int64_t bytes_written);

#endif
