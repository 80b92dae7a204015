/* libnd_dist's private declarations: the context, the distributed array,
   status agreement and the byte transfers the modules share. */
#ifndef ND_DIST_INTERNAL_H
#define ND_DIST_INTERNAL_H

#include "nd/dist.h"
#include "nd/manip.h"
#include "nd/reduce.h"
#include "nd/view.h"

struct nd_dist {
    MPI_Comm comm;
    int rank, size;
};

struct nd_darray {
    nd_dist *d;
    nd_array *local; /* this rank's piece (owned reference) */
    nd_dtype dtype;
    int ndim;
    int axis; /* split axis, or ND_DIST_REPLICATED */
    int64_t shape[ND_MAX_DIMS];
    int64_t *counts, *offsets; /* size entries each; for replicated all the axis-0 extent */
};

/* The largest message libnd_dist sends in one MPI call (bytes); tests lower
   it to exercise the pieces a > 2^31 transfer is cut into. */
extern ND_API int64_t nd_dist_debug_max_msg;

/* Every rank's status agreed by one collective: the lowest failing rank's
   status and message become every rank's error. Returns the agreed status. */
int nd__dist_agree(const nd_dist *d, int st);
/* An MPI return code as an nd error (ND_ERR_IO with MPI's string). */
int nd__dist_mpi(const char *func, int rc);
/* Sets the error of this rank (nd_error_set with the function's name). */
int nd__dist_fail(nd_status s, const char *func, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* ORs every rank's floating-point flags into every rank's (one Allreduce). */
int nd__dist_share_fp(const nd_dist *d, int before);

/* Balanced counts (or a copy of the caller's, checked): a new array of size. */
int nd__dist_counts(const char *func, const nd_dist *d, int64_t n, const int64_t *user,
                    int64_t **counts, int64_t **offsets);
/* A new distributed array owning local (which may be NULL on error paths). */
nd_darray *nd__darray_new(const char *func, nd_dist *d, nd_array *local, nd_dtype t, int ndim,
                          const int64_t *shape, int axis, const int64_t *counts);
/* A view of a along axis [lo, hi). */
nd_array *nd__dist_slab(const nd_array *a, int axis, int64_t lo, int64_t hi);
/* Normalizes a split axis for ndim (ND_DIST_REPLICATED passes); -2 if bad. */
int nd__dist_norm_axis(int axis, int ndim);

#endif
