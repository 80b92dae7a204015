/* Shared by the advanced-indexing files. */
#ifndef ND_MANIP_INTERNAL_H
#define ND_MANIP_INTERNAL_H

#include "core/internal.h"

/* A new array of off's shape holding a's elements at byte offsets off
   (C-contiguous int64) from base. */
nd_array *nd__gather_offsets(const char *func, const nd_array *a, const char *base,
                             const nd_array *off);
/* values (broadcast to off's shape, cast unsafely as NumPy's assignment) written to a at the
   byte offsets off from base. */
nd_status nd__scatter_offsets(const char *func, nd_array *a, char *base, const nd_array *off,
                              const nd_array *values);

/* What a fast path returns when it does not apply (nothing done, no
   error): not a status, which ND_ERR_NOMEM (1) would collide with. */
#define ND__DECLINED (-1)

/* The mask paths (mask.c). nd__mask_get: a[mask] for a bool mask of a's
   shape into *r; it, nd__mask_set and nd__copyto_where return ND__DECLINED, having done nothing,
   when declined (a strided destination, values that need broadcasting), else ND_OK or the error.
   nd__mask_count: the true entries of a C-contiguous bool array. */
int nd__mask_get(const char *func, const nd_array *a, const nd_array *mask, nd_array **r);
int nd__mask_set(const char *func, nd_array *a, const nd_array *mask, const nd_array *values);
int nd__copyto_where(nd_array *dst, const nd_array *src, const nd_array *where);
int64_t nd__mask_count(const nd_array *t);
/* np.putmask / np.place on a C-contiguous a with a C-contiguous bool mask
   of a's size, values already checked castable: putmask takes values of
   one element or of a's size, place any non-empty values. ND__DECLINED when
   declined, as above. */
int nd__putmask_flat(const char *func, nd_array *a, const nd_array *mask, const nd_array *values);
int nd__place_flat(const char *func, nd_array *a, const nd_array *mask, const nd_array *values);

/* Integer indices along axis 0 (gather.c): nd__take_rows is a[idx] into
   *r; nd__put_rows is a[idx] = values (cycle: np.put's repeating values
   into a 1-D a). Both return ND__DECLINED, having done nothing, when declined. */
int nd__take_rows(const char *func, const nd_array *a, const nd_array *idx, nd_array **r);
int nd__put_rows(const char *func, nd_array *a, const nd_array *idx, const nd_array *values,
                 bool cycle);

/* np.linspace(start, stop, num, endpoint) in float64 (range.c), shared by
   linspace, logspace and geomspace. */
nd_array *nd__linspace_f64(const char *func, double start, double stop, int64_t num,
                           bool endpoint);

#endif
