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

/* ---- shared by the later modules (arg.c, scan.c, io.c, halo.c, random.c) ---- */

/* reduce.c: a reduction's result shape; a local result wrapped with the
   status and fp flags agreed (the layout that of x's kept axes); the axis
   checked as nd_sum checks it (normalized); the piece as (rows of the
   reduced run, outputs) with the run's length n and this rank's first g0. */
int nd__dist_red_shape(const nd_darray *x, int axis, bool keepdims, int64_t *shape);
nd_darray *nd__dist_finish_local(const char *func, const nd_darray *x, nd_array *r, int axis,
                                 bool keepdims, int before);
int nd__dist_check_axis(const char *func, const nd_darray *x, int *axis);
nd_array *nd__dist_as_rows(const nd_darray *x, int axis, int64_t *n, int64_t *g0);
/* dist.c: the byte all-to-all of resplit (per-peer byte counts and
   displacements; MPI_Alltoallv or messages past int counts). */
int nd__dist_exchange(const nd_dist *d, const char *sb, const int64_t *sc, const int64_t *sd,
                      char *rb, const int64_t *rc, const int64_t *rd);
/* dist.c: counts given on every rank (NULL: balanced) are the same on
   every rank, else ND_ERR_VALUE; agreed. */
int nd__dist_same_counts(const nd_dist *d, const char *func, const int64_t *counts);

#endif
