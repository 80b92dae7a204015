/* Shared by the ufunc driver and the functions built on it. */
#ifndef ND_UFUNC_INTERNAL_H
#define ND_UFUNC_INTERNAL_H

#include "core/internal.h"
#include "kernels.h"
#include "nd/ufunc.h"
#include "thread/fp.h"

void nd__fp_set_sticky(int flags);
/* The promoted dtype of n operands, literals weak (NEP 50). */
nd_status nd__promote(const char *func, int n, const nd_array *const *x, nd_dtype *t);
/* out must have the broadcast shape of the inputs and out together. */
nd_status nd__check_out_shape(const char *func, int nin, const nd_array *const *x,
                              const nd_array *out);
nd_status nd__resolve(const char *func, nd_op op, int nin, const nd_dtype *in, nd_dtype *lt,
                      nd_dtype *ot);
/* The loop dtype and output dtype the driver would use for x (as it
   resolves them: literals weak). */
nd_status nd__ufunc_types(const char *func, nd_op op, int nin, const nd_array *const *x,
                          nd_dtype *lt, nd_dtype *ot);
nd_array *nd__ufunc(const char *func, nd_op op, int nin, const nd_array *const *x, nd_array *out);
/* Runs fn over inputs (already of the loop dtype) broadcast to target; a
   contiguous run splits over the pool from min_bytes touched. */
nd_status nd__run_loop(const char *func, const char *opname, nd_kloop fn, int nin,
                       const nd_array *const *in, nd_array *target, int64_t min_bytes);

#endif
