/* What the reduction files share: the walk (a plan of reduced and kept
   dims in memory order, walk.c), the split over the pool (walk.c), the
   pairwise float sums (psum.c) and the driver's axis/out resolution and
   entry points (reduce.c) that the composite reductions (arg.c, stats.c)
   are built on. Files levelize walk <- psum <- reduce <- arg, stats;
   cumulative.c uses the walk and the pool. */
#ifndef ND_REDUCE_DRIVER_H
#define ND_REDUCE_DRIVER_H

#include "copy/copy.h"
#include "dispatch/dispatch.h"
#include "nd/machine.h"
#include "nd/reduce.h"
#include "nd/view.h"
#include "reduce/reduce_internal.h"
#include "thread/pool.h"
#include "ufunc/ufunc_internal.h"

/* Columns per block in cols mode, in bytes of one row: a leaf's 8
   accumulator rows and the counter's rows (up to ~400 KiB) stay in L2 while
   the input streams by in long rows (8 KiB blocks measured no faster). */
#define RED_TILE_BYTES 32768
#define RED_LEAF 128

/* ---- the walk ------------------------------------------------------------ */

typedef struct {
    char *ip, *op;
    int nk, nr;
    int64_t ks[ND_MAX_DIMS + 1], kis[ND_MAX_DIMS + 1], kos[ND_MAX_DIMS + 1];
    int64_t rs[ND_MAX_DIMS + 1], ris[ND_MAX_DIMS + 1];
} plan;

static inline int64_t iabs64(int64_t x) { return x < 0 ? -x : x; }

/* Next index of an odometer over n dims; moves p (strides s) and q (t). */
static inline bool odo_next(int n, const int64_t *shape, int64_t *idx, char **p, const int64_t *s,
                            char **q, const int64_t *t) {
    for (int d = n - 1; d >= 0; d--) {
        *p += s[d];
        if (q) *q += t[d];
        if (++idx[d] < shape[d]) return true;
        *p -= s[d] * shape[d];
        if (q) *q -= t[d] * shape[d];
        idx[d] = 0;
    }
    return false;
}

/* Reduced dims in memory order (flipped to positive strides, sorted,
   coalesced); kept dims likewise with their output strides. */
void nd__red_plan(plan *P, int ndim, const int64_t *shape, const int64_t *istr, char *ip,
                  const bool *red, const int64_t *ostr, char *op);

static inline bool cols_mode(const plan *P) {
    return P->nk > 0 && P->kis[P->nk - 1] < P->ris[P->nr - 1];
}

static inline int bits64(uint64_t x) { return x ? 64 - __builtin_clzll(x) : 0; }

/* ---- threads ----------------------------------------------------------------
   A float sum is split only where the pairwise tree already has a node: a
   block of PSUM_BLOCK elements starting at a multiple of it is one node, so
   blocks summed on any thread and combined by the same binary counter give
   the sequential result bit for bit. Sums along a kept axis split by
   results, each of which is computed as it would be alone. */
#define PSUM_BLOCK ((int64_t)RED_LEAF << 12)

typedef struct par par;
struct par {
    void (*chunk)(const par *t, int64_t c, int worker);
    int k; /* 0 float32, 1 float64 */
    const char *ip;
    char *op, *res, *work;
    int64_t s, n;      /* one run: stride, length */
    int64_t nout, per; /* rows: results, results per chunk */
    int64_t kis, kos;  /* rows/cols: steps between results */
    int64_t width;     /* cols: columns per chunk */
    size_t work_each;  /* cols: scratch bytes per worker */
    int which;         /* cumulative: 0 cumsum, 1 cumprod */
    nd_dtype dt;       /* cumulative: input dtype */
    int64_t os;        /* cumulative: output step along the axis */
};

bool nd__red_worth_threads(int64_t bytes);
void nd__red_par_run(par *t, int64_t nchunks, int slots);

/* ---- psum.c ---- */

/* The pairwise sum of one run, over the pool when it is long. */
nd_status nd__red_psum_run(const char *func, int k, char *out, const char *ip, int64_t s,
                           int64_t n);
nd_status nd__red_run_psum(const char *func, const plan *P, int k /* 0 f32, 1 f64 */);

/* ---- reduce.c: axes, shapes, out, entry points ---- */

typedef struct {
    bool red[ND_MAX_DIMS];
    int ond;
    int64_t oshape[ND_MAX_DIMS];
    int64_t count; /* elements per result */
} axes_info;

nd_status nd__red_axis_to_info(const char *func, const nd_array *a, int axis, bool keepdims,
                               axes_info *A);
nd_status nd__red_check_out(const char *func, const char *opname, const nd_array *out, nd_dtype rt,
                            const axes_info *A);
/* Result array r (a new reference) delivered to out (if any): returns out
   or r; releases r when it is not returned. */
nd_array *nd__red_deliver(const char *func, nd_array *r, nd_array *out);
/* Output strides per input axis of a result array t (0 on reduced axes). */
void nd__red_out_strides(const nd_array *a, const axes_info *A, bool keepdims, const nd_array *t,
                         int64_t *ostr);
nd_array *nd__red_reduce_axis(const char *func, int kred, const nd_array *a, int axis,
                              bool keepdims, nd_array *out);
/* sum/prod/min/max/any/all and nanmin/nanmax over the axes of A. */
nd_array *nd__red_reduce_op(const char *func, int kred, const nd_array *a, const axes_info *A,
                            bool keepdims, nd_array *out);
nd_dtype nd__red_sum_dtype(nd_dtype t);

#endif
