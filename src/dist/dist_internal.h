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
    /* messages and bytes this rank sent (nd_dist_traffic); counted through
       const handles: the context is never defined const */
    int64_t sent_msgs, sent_bytes;
};

struct nd_darray {
    nd_dist *d;
    nd_array *local; /* this rank's piece (owned reference) */
    nd_dtype dtype;
    int ndim;
    int axis; /* split axis, or ND_DIST_REPLICATED */
    int64_t shape[ND_MAX_DIMS];
    int64_t *counts, *offsets; /* size entries each; for replicated all the axis-0 extent */
    /* block-cyclic (axis ND_DIST_BLOCKCYCLIC): block sizes and process grid
       (rank r at row r / npcol, column r % npcol); counts hold local rows */
    int64_t mb, nb;
    int nprow, npcol;
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

/* ---- block-cyclic layouts (blockcyclic.c) ---- */

/* A 2-D layout as a product of row and column sets per rank: everything,
   an interval (split counts), or the blocks of a cyclic pattern. */
enum { ND__LAY_ALL, ND__LAY_SPLIT, ND__LAY_CYCLIC };
typedef struct {
    int kind[2];
    const int64_t *off, *cnt; /* ND__LAY_SPLIT: per rank */
    int64_t blk[2];           /* ND__LAY_CYCLIC: block size per axis */
    int np[2];                /* ND__LAY_CYCLIC: grid extent per axis */
    int gridc;                /* rank r has grid coordinates (r / gridc, r % gridc) */
} nd__lay;
/* The layout of a 2-D distributed array. */
void nd__lay_of(const nd_darray *x, nd__lay *L);
/* Rank r's local index of global index g along axis ax (g must be r's). */
int64_t nd__lay_local(const nd__lay *L, int ax, int r, int64_t g);
/* Rank r's local extent along axis ax of a global extent n (numroc). */
int64_t nd__lay_extent(const nd__lay *L, int ax, int r, int64_t n);
/* x (2-D) moved to layout T by one all-to-all: this rank's new piece in
   order (collective; replication in T is allowed). *status: agreed. */
nd_array *nd__lay_move(const char *func, const nd_darray *x, const nd__lay *T, nd_order order,
                       int *status);
/* The process grid of P ranks: nprow the largest divisor <= sqrt(P). */
void nd__dist_grid(int P, int *nprow, int *npcol);
/* A new block-cyclic distributed array owning local (F-order). */
nd_darray *nd__darray_bc(const char *func, nd_dist *d, nd_array *local, nd_dtype t,
                         const int64_t *shape, int64_t mb, int64_t nb);
/* nd_darray_resplit and nd_darray_gather of split and replicated arrays
   (dist.c; the public functions, in blockcyclic.c, take every layout). */
nd_darray *nd__dist_resplit(const nd_darray *x, int split_axis, const int64_t *counts);
int nd__dist_gather(const nd_darray *x, int root, nd_array **out);
/* The all-to-all of byte blocks (dist.c): MPI_Alltoallv, or messages when
   a count passes an int. */
int nd__dist_exchange(const nd_dist *d, const char *sb, const int64_t *sc, const int64_t *sd,
                      char *rb, const int64_t *rc, const int64_t *rd);
/* Counts the messages (non-empty blocks to other ranks) and bytes of an
   exchange in the context's traffic counters. */
void nd__dist_count(const nd_dist *d, const int64_t *sc, int P);
/* nd_dist_matmul's pdgemm mode (scalapack.c); rt: nd_matmul's dtype. */
nd_darray *nd__dist_pdgemm(const char *func, const nd_darray *a, const nd_darray *b, nd_dtype rt);
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
/* dist.c: counts given on every rank (NULL: balanced) are the same on
   every rank, else ND_ERR_VALUE; agreed. */
int nd__dist_same_counts(const nd_dist *d, const char *func, const int64_t *counts);

#endif
