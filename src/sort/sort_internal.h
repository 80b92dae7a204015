/* Shared by the sorting files: keys, the NumPy order, lanes. */
#ifndef ND_SORT_INTERNAL_H
#define ND_SORT_INTERNAL_H

#include "core/internal.h"
#include "nd/machine.h"
#include "nd/manip.h"
#include "nd/sort.h"
#include "nd/ufunc.h"
#include "nd/view.h"
#include "dispatch/dispatch.h"

/* Width in bytes of nd__key's meaningful bits for a real dtype; 0 for
   complex (compared with nd__cmp instead). */
int nd__key_bytes(nd_dtype t);
/* An unsigned key that orders real elements as NumPy sorts them: NaN is the
   largest key, -0.0 has the key of 0.0. Only the low nd__key_bytes bytes
   are used. */
uint64_t nd__key(nd_dtype t, const char *p);
/* NumPy's sort order for any dtype: negative, 0 or positive. */
int nd__cmp(nd_dtype t, const char *a, const char *b);
/* a == b as the == ufunc says (NaN equals nothing). */
bool nd__equal(nd_dtype t, const char *a, const char *b);

/* A C-contiguous copy of a with axis moved last (ND_AXIS_ALL: a flattened
   copy), so each lane is contiguous: *n elements per lane, *nlanes lanes.
   *ax gets the normalized axis (-1 for ND_AXIS_ALL). copy false: a itself
   (a new reference, or a reshaped view) when it is lanes already, for
   callers that only read. */
nd_array *nd__lanes(const char *func, const nd_array *a, int axis, int *ax, int64_t *n,
                    int64_t *nlanes, bool copy);
/* The inverse for a result r of lanes' shape (steals r): a C-contiguous
   array with the last axis moved back to ax. */
nd_array *nd__unlanes(nd_array *r, int ax);

/* a flattened, C-contiguous, as dtype t (a new reference). */
nd_array *nd__flat_as(const nd_array *a, nd_dtype t);
/* v rounded to dtype t and back to double (t's arithmetic result as NumPy
   rounds it; integers wrap and truncate as a cast does). */
double nd__round_to(nd_dtype t, double v);

/* Scratch memory that grows on demand, allocated only by lanes that need
   it (most float and integer lanes sort in place with none). Start with
   {func}; free with nd__scratch_free. */
typedef struct {
    const char *func; /* names errors */
    void *p;
    size_t size;
} nd__scratch;
/* At least n * per bytes (the contents kept when it grows), or
   NULL with ND_ERR_OVERFLOW / ND_ERR_NOMEM set. */
void *nd__scratch_get(nd__scratch *s, int64_t n, size_t per);
void nd__scratch_free(nd__scratch *s);

/* Sorts n contiguous elements in place in NumPy's order, stably. */
nd_status nd__sort_lane(const nd_ktable *k, nd_dtype t, char *p, int64_t n, nd__scratch *s);
/* idx = the stable argsort of n contiguous elements. */
nd_status nd__argsort_lane(const nd_ktable *k, nd_dtype t, const char *p, int64_t n,
                           int64_t *idx, nd__scratch *s);

#endif
