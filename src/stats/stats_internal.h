/* The statistics module's shared helpers (src/stats). Never installed. */
#ifndef ND_STATS_INTERNAL_H
#define ND_STATS_INTERNAL_H

#include "base/base.h"
#include "core/internal.h"
#include "nd/linalg.h"
#include "nd/manip.h"
#include "nd/reduce.h"
#include "nd/sort.h"
#include "nd/stats.h"
#include "nd/ufunc.h"
#include "nd/view.h"

/* Releases every non-NULL array of a list. */
static inline void nd__release_all(nd_array **arr, size_t n) {
    for (size_t i = 0; i < n; i++) nd_release(arr[i]);
}
#define ND_RELEASE_ALL(...)                                                                        \
    do {                                                                                           \
        nd_array *rel_[] = {__VA_ARGS__};                                                          \
        nd__release_all(rel_, sizeof rel_ / sizeof rel_[0]);                                       \
    } while (0)

/* Writes r into out (when given) and returns out, or returns r; releases r
   when it was copied. r NULL passes through. */
nd_array *nd__stats_to_out(nd_array *r, nd_array *out);
/* A C-contiguous float64 copy of a (complex: ND_ERR_DTYPE naming func). */
nd_array *nd__stats_f64(const char *func, const nd_array *a);

#endif
