/* Shared helpers of src/signal (signal, calculus, windows, polynomials):
   inputs brought to contiguous double lanes, results cast back. Never
   installed. */
#ifndef ND_SIGNAL_INTERNAL_H
#define ND_SIGNAL_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/base.h"
#include "nd/core.h"

/* The dtype NumPy's float functions give for t: float16/32/64 and the
   complex types keep theirs, everything else is float64. */
nd_dtype nd__sg_float_type(nd_dtype t);
/* The dtype nd computes t's values in: complex128 or float64. */
nd_dtype nd__sg_work_type(nd_dtype t);
/* axis in [-ndim, ndim) normalized into *out, else ND_ERR_AXIS with
   NumPy's message. */
nd_status nd__sg_axis(const char *func, int axis, int ndim, int *out);
/* a's lanes along axis (normalized) as a new C-contiguous array of dtype t
   with that axis last. */
nd_array *nd__sg_lanes(const nd_array *a, int axis, nd_dtype t);
/* The inverse of nd__sg_lanes: r's last axis moved to axis, cast to t, as a
   new C-order array; r is released. */
nd_array *nd__sg_unlanes(nd_array *r, int axis, nd_dtype t);
/* A 1-D C-contiguous copy of a 1-D (or, with flat, any) array as t;
   ND_ERR_VALUE "<what> must be 1-D" otherwise. */
nd_array *nd__sg_vec(const char *func, const char *what, const nd_array *a, nd_dtype t, bool flat);
/* A new 1-D array of t from n doubles (n complex pairs when t is complex). */
nd_array *nd__sg_from(nd_dtype t, int64_t n, const double *v);
/* lhs (M, N) divided column by column by its 2-norms (zero columns by 1),
   as NumPy's fits scale; the norms are returned through scale. */
/* The weighted least squares of NumPy's fits: rows of lhs (M, order) and
   rhs times w (optional), columns of lhs scaled to unit norm, lstsq, the
   solution c unscaled. lhs and rhs are modified; on error the outputs set
   so far are the caller's to release. */
nd_status nd__sg_fit_lstsq(nd_array *lhs, nd_array *rhs, const nd_array *w, double rcond,
                           nd_array **scale, nd_array **c, nd_array **res, int64_t *rank,
                           nd_array **sv);
/* I0(x) from Cephes' Chebyshev series (np.i0's). */
double nd__sg_i0(double x);

#endif
