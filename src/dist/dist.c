/* The context, status agreement, and moving whole pieces: scatter, gather,
   wrap and resplit (MPI_Alltoallv; pieces past an int count by messages). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"

int64_t nd_dist_debug_max_msg = (int64_t)1 << 30;

int nd__dist_fail(nd_status s, const char *func, const char *fmt, ...) {
    char msg[512];
    int n = snprintf(msg, sizeof msg, "%s: ", func);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    return nd_error_set(s, msg);
}

int nd__dist_mpi(const char *func, int rc) {
    if (rc == MPI_SUCCESS) return ND_OK;
    char s[MPI_MAX_ERROR_STRING];
    int len = 0;
    if (MPI_Error_string(rc, s, &len) != MPI_SUCCESS) snprintf(s, sizeof s, "error %d", rc);
    return nd__dist_fail(ND_ERR_IO, func, "MPI failed: %s", s);
}

/* One Allreduce finds the lowest failing rank, one Bcast carries its error:
   two collectives every rank runs whatever happened locally. */
int nd__dist_agree(const nd_dist *d, int st) {
    int key = st == ND_OK ? d->size : d->rank, low = d->size;
    if (MPI_Allreduce(&key, &low, 1, MPI_INT, MPI_MIN, d->comm) != MPI_SUCCESS)
        return nd_error_set(ND_ERR_IO, "nd_dist: MPI_Allreduce failed agreeing on a status");
    if (low == d->size) return ND_OK;
    struct {
        int st;
        char msg[496];
    } e = {0, ""};
    if (d->rank == low) {
        e.st = (int)nd_last_error() != ND_OK ? (int)nd_last_error() : st;
        snprintf(e.msg, sizeof e.msg, "%s", nd_last_error_message());
    }
    if (MPI_Bcast(&e, (int)sizeof e, MPI_BYTE, low, d->comm) != MPI_SUCCESS)
        return nd_error_set(ND_ERR_IO, "nd_dist: MPI_Bcast failed sharing an error");
    char msg[512];
    snprintf(msg, sizeof msg, "%s (rank %d)", e.msg, low);
    return nd_error_set((nd_status)e.st, msg);
}

/* Collective: every rank calls it whatever its own status. */
int nd__dist_share_fp(const nd_dist *d, int before) {
    int mine = nd_fp_flags() & ~before, all = 0;
    if (MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_BOR, d->comm) != MPI_SUCCESS)
        return nd_error_set(ND_ERR_IO, "nd_dist: MPI_Allreduce failed sharing fp flags");
    nd_fp_raise(all);
    return ND_OK;
}

nd_dist *nd_dist_create(MPI_Comm comm) {
    static const char *func = "nd_dist_create";
    nd_dist *d = malloc(sizeof *d);
    int st =
        d ? ND_OK : nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate %zu bytes", sizeof *d);
    MPI_Comm dup = MPI_COMM_NULL;
    int rc = MPI_Comm_dup(comm, &dup);
    if (rc != MPI_SUCCESS) {
        free(d);
        nd__dist_mpi(func, rc);
        return NULL;
    }
    MPI_Comm_set_errhandler(dup, MPI_ERRORS_RETURN);
    nd_dist tmp = {.comm = dup, .rank = 0, .size = 1};
    MPI_Comm_rank(dup, &tmp.rank);
    MPI_Comm_size(dup, &tmp.size);
    if (nd__dist_agree(&tmp, st)) {
        free(d);
        MPI_Comm_free(&dup);
        return NULL;
    }
    *d = tmp;
    return d;
}

void nd_dist_free(nd_dist *d) {
    if (!d) return;
    MPI_Comm_free(&d->comm);
    free(d);
}

int nd_dist_rank(const nd_dist *d) {
    if (!d) return nd__dist_fail(ND_ERR_NULL, "nd_dist_rank", "d is NULL"), -1;
    return d->rank;
}

int nd_dist_size(const nd_dist *d) {
    if (!d) return nd__dist_fail(ND_ERR_NULL, "nd_dist_size", "d is NULL"), -1;
    return d->size;
}

int nd__dist_norm_axis(int axis, int ndim) {
    if (axis == ND_DIST_REPLICATED) return axis;
    if (axis < -ndim || axis >= ndim) return -2;
    return axis < 0 ? axis + ndim : axis;
}

int nd__dist_counts(const char *func, const nd_dist *d, int64_t n, const int64_t *user,
                    int64_t **counts, int64_t **offsets) {
    int P = d->size;
    int64_t *c = malloc(2 * (size_t)P * sizeof *c);
    if (!c)
        return nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate %zu bytes",
                             2 * (size_t)P * sizeof *c);
    int64_t sum = 0;
    for (int r = 0; r < P; r++) {
        c[r] = user ? user[r] : n / P + (r < n % P);
        if (c[r] < 0 || c[r] > n - sum) {
            free(c);
            return nd__dist_fail(ND_ERR_VALUE, func,
                                 "counts[%d] = %lld: counts must be non-negative"
                                 " and sum to the split axis's extent %lld",
                                 r, (long long)(user ? user[r] : 0), (long long)n);
        }
        c[P + r] = sum;
        sum += c[r];
    }
    if (sum != n) {
        free(c);
        return nd__dist_fail(ND_ERR_VALUE, func,
                             "counts sum to %lld, not the split axis's extent %lld", (long long)sum,
                             (long long)n);
    }
    *counts = c, *offsets = c + P;
    return ND_OK;
}

nd_darray *nd__darray_new(const char *func, nd_dist *d, nd_array *local, nd_dtype t, int ndim,
                          const int64_t *shape, int axis, const int64_t *counts) {
    nd_darray *x = calloc(1, sizeof *x);
    if (!x) {
        nd_release(local);
        nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate %zu bytes", sizeof *x);
        return NULL;
    }
    *x = (nd_darray){.d = d, .local = local, .dtype = t, .ndim = ndim, .axis = axis};
    memcpy(x->shape, shape, (size_t)ndim * sizeof *shape);
    int64_t n = ndim ? shape[axis == ND_DIST_REPLICATED ? 0 : axis] : 1;
    int64_t *rep = NULL;
    if (axis == ND_DIST_REPLICATED) {
        rep = malloc((size_t)d->size * sizeof *rep);
        if (rep)
            for (int r = 0; r < d->size; r++) rep[r] = n;
    }
    if (axis == ND_DIST_REPLICATED && !rep) {
        nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the counts");
    } else if (!nd__dist_counts(func, d, axis == ND_DIST_REPLICATED ? n * d->size : n,
                                rep ? rep : counts, &x->counts, &x->offsets)) {
        if (rep)
            for (int r = 0; r < d->size; r++) x->offsets[r] = 0;
        free(rep);
        return x;
    }
    free(rep);
    nd_release(local);
    free(x);
    return NULL;
}

void nd_darray_free(nd_darray *x) {
    if (!x) return;
    nd_release(x->local);
    free(x->counts);
    free(x);
}

nd_array *nd__dist_slab(const nd_array *a, int axis, int64_t lo, int64_t hi) {
    char spec[32 * ND_MAX_DIMS + 64], *p = spec;
    for (int i = 0; i < axis; i++) p += sprintf(p, ":,");
    sprintf(p, "%lld:%lld", (long long)lo, (long long)hi);
    return nd_slice(a, spec);
}

/* ---- point-to-point pieces of any size ------------------------------------ */

/* A piece goes as ceil(n / max) messages whatever happens: a sender that
   failed locally (buf NULL) sends as many empty ones, which a receive of
   the full size accepts, so no rank is left waiting; the status is agreed
   after the transfer. */
static int send_bytes(const nd_dist *d, const void *buf, int64_t n, int to) {
    const char *p = buf;
    int64_t step = nd_dist_debug_max_msg, o = 0;
    int st = ND_OK;
    nd_dist *dc = (nd_dist *)d; /* the counters only */
    do {
        int64_t m = n - o < step ? n - o : step;
        dc->sent_msgs++, dc->sent_bytes += p ? m : 0;
        int rc = MPI_Send(p ? p + o : NULL, p ? (int)m : 0, MPI_BYTE, to, 7, d->comm);
        if (rc != MPI_SUCCESS && !st) st = nd__dist_mpi("nd_dist", rc);
        o += m;
    } while (o < n);
    return st;
}

static int recv_bytes(const nd_dist *d, void *buf, int64_t n, int from) {
    char *p = buf;
    int64_t step = nd_dist_debug_max_msg, o = 0;
    int st = ND_OK;
    do {
        int64_t m = n - o < step ? n - o : step;
        int rc = MPI_Recv(p + o, (int)m, MPI_BYTE, from, 7, d->comm, MPI_STATUS_IGNORE);
        if (rc != MPI_SUCCESS && !st) st = nd__dist_mpi("nd_dist", rc);
        o += m;
    } while (o < n);
    return st;
}

/* ---- scatter, wrap, gather ------------------------------------------------- */

/* The bytes of a slab of cnt indices along axis (-1: the whole array); the
   whole array exists somewhere, so the product does not overflow. */
static int64_t slab_bytes(nd_dtype t, int ndim, const int64_t *shape, int axis, int64_t cnt) {
    int64_t n = (int64_t)nd_dtype_size(t);
    for (int i = 0; i < ndim; i++) n *= i == axis ? cnt : shape[i];
    return n;
}

nd_darray *nd_darray_scatter(nd_dist *d, const nd_array *a, int root, int split_axis,
                             const int64_t *counts) {
    static const char *func = "nd_darray_scatter";
    if (!d) return nd__dist_fail(ND_ERR_NULL, func, "d is NULL"), NULL;
    int st = ND_OK;
    if (root < 0 || root >= d->size)
        st = nd__dist_fail(ND_ERR_VALUE, func, "root %d is not a rank of %d", root, d->size);
    else if (d->rank == root && !a)
        st = nd__dist_fail(ND_ERR_NULL, func, "a is NULL on the root");
    if (nd__dist_agree(d, st)) return NULL;
    /* header: dtype, ndim, shape from the root */
    int64_t hdr[2 + ND_MAX_DIMS] = {0};
    if (d->rank == root) {
        hdr[0] = nd_get_dtype(a), hdr[1] = nd_ndim(a);
        memcpy(hdr + 2, nd_shape(a), (size_t)hdr[1] * sizeof(int64_t));
    }
    if (nd__dist_agree(
            d, nd__dist_mpi(func, MPI_Bcast(hdr, 2 + ND_MAX_DIMS, MPI_INT64_T, root, d->comm))))
        return NULL;
    nd_dtype t = (nd_dtype)hdr[0];
    int ndim = (int)hdr[1];
    int axis = nd__dist_norm_axis(split_axis, ndim);
    if (axis == -2 || (ndim == 0 && axis != ND_DIST_REPLICATED))
        st = nd__dist_fail(ND_ERR_AXIS, func, "axis %d is out of bounds for array of dimension %d",
                           split_axis, ndim);
    if (nd__dist_agree(d, st)) return NULL; /* a split axis given differently on one rank */
    int64_t *cnt = NULL, *off = NULL;
    if (axis != ND_DIST_REPLICATED) {
        st = nd__dist_counts(func, d, hdr[2 + axis], counts, &cnt, &off);
        /* the counts must be the same everywhere: compare with the root's */
        int64_t *rc = st ? NULL : malloc((size_t)d->size * sizeof *rc);
        if (!st && !rc) st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the counts");
        if (nd__dist_agree(d, st)) {
            free(cnt), free(rc);
            return NULL;
        }
        memcpy(rc, cnt, (size_t)d->size * sizeof *rc);
        if ((st = nd__dist_mpi(func, MPI_Bcast(rc, d->size, MPI_INT64_T, root, d->comm))) ==
                ND_OK &&
            memcmp(rc, cnt, (size_t)d->size * sizeof *rc))
            st = nd__dist_fail(ND_ERR_VALUE, func, "counts differ between this rank and the root");
        free(rc);
    }
    int64_t pshape[ND_MAX_DIMS];
    memcpy(pshape, hdr + 2, (size_t)ndim * sizeof *pshape);
    if (!st && axis != ND_DIST_REPLICATED) pshape[axis] = cnt[d->rank];
    nd_array *local = st ? NULL : nd_empty(t, ndim, pshape);
    if (!st && !local) st = (int)nd_last_error();
    if (nd__dist_agree(d, st)) {
        nd_release(local), free(cnt);
        return NULL;
    }
    /* the data: the root sends each rank its slab as C-order bytes */
    if (d->rank == root) {
        for (int r = 0; r < d->size; r++) {
            bool rep = axis == ND_DIST_REPLICATED;
            nd_array *s = st    ? NULL
                          : rep ? nd_retain((nd_array *)a)
                                : nd__dist_slab(a, axis, off[r], off[r] + cnt[r]);
            nd_array *c = s && r != root ? nd_copy(s) : NULL;
            if (!st && (!s || (r != root && !c))) st = (int)nd_last_error();
            if (r == root && s) {
                st = nd_assign(local, s);
            } else if (r != root) {
                int s2 =
                    send_bytes(d, c ? nd_data(c) : NULL,
                               slab_bytes(t, ndim, hdr + 2, rep ? -1 : axis, rep ? 0 : cnt[r]), r);
                if (!st) st = s2;
            }
            nd_release(c), nd_release(s);
        }
    } else {
        st = recv_bytes(d, nd_data(local), nd_nbytes(local), root);
    }
    free(cnt);
    if (nd__dist_agree(d, st)) {
        nd_release(local);
        return NULL;
    }
    return nd__darray_new(func, d, local, t, ndim, hdr + 2, axis, counts);
}

nd_darray *nd_darray_wrap(nd_dist *d, nd_array *local, int split_axis) {
    static const char *func = "nd_darray_wrap";
    if (!d) return nd__dist_fail(ND_ERR_NULL, func, "d is NULL"), NULL;
    int st = local ? ND_OK : nd__dist_fail(ND_ERR_NULL, func, "local is NULL");
    int ndim = local ? nd_ndim(local) : 0;
    int axis = nd__dist_norm_axis(split_axis, ndim);
    if (!st && (axis == -2 || (ndim == 0 && axis != ND_DIST_REPLICATED)))
        st = nd__dist_fail(ND_ERR_AXIS, func, "axis %d is out of bounds for array of dimension %d",
                           split_axis, ndim);
    if (nd__dist_agree(d, st)) return NULL;
    /* every rank's header, to check they agree and to learn the counts */
    int64_t mine[3 + ND_MAX_DIMS] = {0};
    mine[0] = nd_get_dtype(local), mine[1] = ndim, mine[2] = axis;
    memcpy(mine + 3, nd_shape(local), (size_t)ndim * sizeof(int64_t));
    int64_t *all = malloc((size_t)d->size * sizeof mine);
    st = all ? ND_OK : nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the headers");
    if (nd__dist_agree(d, st)) return free(all), NULL;
    st = nd__dist_mpi(func, MPI_Allgather(mine, 3 + ND_MAX_DIMS, MPI_INT64_T, all, 3 + ND_MAX_DIMS,
                                          MPI_INT64_T, d->comm));
    int64_t *counts = malloc((size_t)d->size * sizeof *counts);
    if (!st && !counts) st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the counts");
    int64_t shape[ND_MAX_DIMS];
    memcpy(shape, mine + 3, sizeof shape);
    if (!st) {
        int64_t total = 0;
        for (int r = 0; r < d->size && !st; r++) {
            const int64_t *h = all + (size_t)r * (3 + ND_MAX_DIMS);
            if (h[0] != mine[0])
                st = nd__dist_fail(ND_ERR_DTYPE, func, "rank %d's piece is %s, this rank's %s", r,
                                   nd_dtype_name((nd_dtype)h[0]), nd_dtype_name((nd_dtype)mine[0]));
            else if (h[1] != ndim || h[2] != axis)
                st = nd__dist_fail(ND_ERR_SHAPE, func,
                                   "rank %d's piece has %d dimensions split"
                                   " along %d, this rank's %d along %d",
                                   r, (int)h[1], (int)h[2], ndim, axis);
            for (int i = 0; i < ndim && !st; i++)
                if (i != axis && h[3 + i] != mine[3 + i])
                    st = nd__dist_fail(ND_ERR_SHAPE, func,
                                       "rank %d's piece has extent %lld on"
                                       " axis %d, this rank's %lld",
                                       r, (long long)h[3 + i], i, (long long)mine[3 + i]);
            if (axis != ND_DIST_REPLICATED && !st) {
                counts[r] = h[3 + axis];
                if (__builtin_add_overflow(total, counts[r], &total))
                    st = nd__dist_fail(ND_ERR_OVERFLOW, func, "the pieces' extents overflow");
            }
        }
        if (axis != ND_DIST_REPLICATED) shape[axis] = total;
    }
    free(all);
    if (nd__dist_agree(d, st)) return free(counts), NULL;
    nd_darray *x =
        nd__darray_new(func, d, nd_retain(local), (nd_dtype)mine[0], ndim, shape, axis, counts);
    free(counts);
    if (nd__dist_agree(d, x ? ND_OK : (int)nd_last_error())) return nd_darray_free(x), NULL;
    return x;
}

int nd__dist_gather(const nd_darray *x, int root, nd_array **out) {
    static const char *func = "nd_darray_gather";
    if (out) *out = NULL;
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL");
    const nd_dist *d = x->d;
    int st = ND_OK;
    if (root < 0 || root >= d->size)
        st = nd__dist_fail(ND_ERR_VALUE, func, "root %d is not a rank of %d", root, d->size);
    else if (!out)
        st = nd__dist_fail(ND_ERR_NULL, func, "out is NULL");
    nd_array *all = NULL;
    void *stage = NULL; /* the root receives every piece here, even after a failure */
    int64_t most = 0;
    for (int r = 0; r < d->size && x->axis != ND_DIST_REPLICATED; r++) {
        int64_t nb = slab_bytes(x->dtype, x->ndim, x->shape, x->axis, x->counts[r]);
        most = nb > most ? nb : most;
    }
    if (!st && d->rank == root) {
        all = nd_empty(x->dtype, x->ndim, x->shape);
        stage = all ? malloc(most ? (size_t)most : 1) : NULL;
        if (!all)
            st = (int)nd_last_error();
        else if (!stage)
            st =
                nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate %lld bytes", (long long)most);
    }
    if (nd__dist_agree(d, st)) return free(stage), nd_release(all), (int)nd_last_error();
    if (x->axis == ND_DIST_REPLICATED) {
        if (d->rank == root) st = nd_assign(all, x->local);
    } else if (d->rank == root) {
        for (int r = 0; r < d->size; r++) {
            int64_t lo = x->offsets[r], hi = lo + x->counts[r];
            int s2 =
                r == root
                    ? ND_OK
                    : recv_bytes(d, stage,
                                 slab_bytes(x->dtype, x->ndim, x->shape, x->axis, x->counts[r]), r);
            if (st || (st = s2)) continue;
            nd_array *s = nd__dist_slab(all, x->axis, lo, hi);
            nd_array *piece =
                s && r != root ? nd_wrap(stage, x->dtype, nd_ndim(s), nd_shape(s), NULL, NULL, NULL)
                               : NULL;
            if (!s || (r != root && !piece))
                st = (int)nd_last_error();
            else
                st = nd_assign(s, r == root ? x->local : piece);
            nd_release(piece), nd_release(s);
        }
    } else {
        const nd_array *l = x->local;
        nd_array *c = nd_is_c_contiguous(l) ? NULL : nd_copy(l);
        if (!nd_is_c_contiguous(l) && !c) st = (int)nd_last_error();
        int s2 =
            send_bytes(d, st ? NULL : nd_data(c ? c : l),
                       slab_bytes(x->dtype, x->ndim, x->shape, x->axis, x->counts[d->rank]), root);
        if (!st) st = s2;
        nd_release(c);
    }
    free(stage);
    if (nd__dist_agree(d, st)) return nd_release(all), (int)nd_last_error();
    *out = all;
    return ND_OK;
}

nd_array *nd_darray_local(const nd_darray *x) {
    if (!x) return nd__dist_fail(ND_ERR_NULL, "nd_darray_local", "x is NULL"), NULL;
    return x->local;
}

nd_dist *nd_darray_dist(const nd_darray *x) {
    if (!x) return nd__dist_fail(ND_ERR_NULL, "nd_darray_dist", "x is NULL"), NULL;
    return x->d;
}

int nd_darray_ndim(const nd_darray *x) {
    if (!x) return nd__dist_fail(ND_ERR_NULL, "nd_darray_ndim", "x is NULL"), -1;
    return x->ndim;
}

const int64_t *nd_darray_shape(const nd_darray *x) {
    if (!x) return nd__dist_fail(ND_ERR_NULL, "nd_darray_shape", "x is NULL"), NULL;
    return x->shape;
}

nd_dtype nd_darray_dtype(const nd_darray *x) {
    if (!x) return nd__dist_fail(ND_ERR_NULL, "nd_darray_dtype", "x is NULL"), ND_NUM_DTYPES;
    return x->dtype;
}

int nd_darray_split_axis(const nd_darray *x) {
    if (!x)
        return nd__dist_fail(ND_ERR_NULL, "nd_darray_split_axis", "x is NULL"), ND_DIST_REPLICATED;
    return x->axis;
}

int64_t nd_darray_count(const nd_darray *x, int rank, int64_t *offset) {
    static const char *func = "nd_darray_count";
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL"), -1;
    if (rank < 0 || rank >= x->d->size)
        return nd__dist_fail(ND_ERR_VALUE, func, "rank %d is not a rank of %d", rank, x->d->size),
               -1;
    if (offset) *offset = x->offsets[rank];
    return x->ndim || x->axis != ND_DIST_REPLICATED ? x->counts[rank] : 1;
}

/* ---- resplit: one all-to-all of the boxes' intersections ------------------- */

/* rank r's box of a layout (lo/hi per axis) */
static void box_of(const nd_darray *x, int axis, const int64_t *off, const int64_t *cnt, int r,
                   int64_t *lo, int64_t *hi) {
    for (int i = 0; i < x->ndim; i++) lo[i] = 0, hi[i] = x->shape[i];
    if (axis != ND_DIST_REPLICATED) lo[axis] = off[r], hi[axis] = off[r] + cnt[r];
}

/* The intersection of two boxes as bytes, and its shape. */
static int64_t meet(const nd_darray *x, const int64_t *alo, const int64_t *ahi, const int64_t *blo,
                    const int64_t *bhi, int64_t *lo, int64_t *shape) {
    int64_t n = (int64_t)nd_dtype_size(x->dtype);
    for (int i = 0; i < x->ndim; i++) {
        lo[i] = alo[i] > blo[i] ? alo[i] : blo[i];
        int64_t h = ahi[i] < bhi[i] ? ahi[i] : bhi[i];
        shape[i] = h > lo[i] ? h - lo[i] : 0;
        n *= shape[i];
    }
    return n;
}

/* The view of a local piece (whose box starts at base) at a global box. */
static nd_array *sub(const nd_array *a, int ndim, const int64_t *base, const int64_t *lo,
                     const int64_t *shape) {
    char spec[48 * ND_MAX_DIMS + 8], *p = spec;
    for (int i = 0; i < ndim; i++)
        p += sprintf(p, "%s%lld:%lld", i ? "," : "", (long long)(lo[i] - base[i]),
                     (long long)(lo[i] - base[i] + shape[i]));
    return ndim ? nd_slice(a, spec) : nd_retain((nd_array *)a);
}

/* MPI_Alltoallv when every count and displacement fits an int (and the
   debug limit), else the same exchange as messages of at most that size. */
int nd__dist_exchange(const nd_dist *d, const char *sb, const int64_t *sc, const int64_t *sd,
                      char *rb, const int64_t *rc, const int64_t *rd) {
    int P = d->size;
    int64_t lim = nd_dist_debug_max_msg < INT32_MAX ? nd_dist_debug_max_msg : INT32_MAX;
    /* a rank that cannot allocate the int counts makes every rank take the
       message path (which allocates nothing) */
    int *v = malloc(4 * (size_t)P * sizeof *v);
    int fits = v && sd[P - 1] + sc[P - 1] <= lim && rd[P - 1] + rc[P - 1] <= lim, all = 0;
    MPI_Allreduce(&fits, &all, 1, MPI_INT, MPI_LAND, d->comm);
    if (all) {
        for (int r = 0; r < P; r++)
            v[r] = (int)sc[r], v[P + r] = (int)sd[r], v[2 * P + r] = (int)rc[r],
            v[3 * P + r] = (int)rd[r];
        int rcode =
            MPI_Alltoallv(sb, v, v + P, MPI_BYTE, rb, v + 2 * P, v + 3 * P, MPI_BYTE, d->comm);
        free(v);
        return nd__dist_mpi("nd_dist", rcode);
    }
    free(v);
    /* pieces: peer by peer, each block cut into messages of at most lim */
    int st = ND_OK;
    for (int k = 0; k < P; k++) {
        int to = (d->rank + k) % P, from = (d->rank - k + P) % P;
        int64_t ms = sc[to] ? (sc[to] + lim - 1) / lim : 1,
                mr = rc[from] ? (rc[from] + lim - 1) / lim : 1;
        for (int64_t i = 0; i < (ms > mr ? ms : mr); i++) {
            int64_t so = i * lim, ro = i * lim;
            int sn = i < ms ? (int)(sc[to] - so < lim ? sc[to] - so : lim) : 0;
            int rn = i < mr ? (int)(rc[from] - ro < lim ? rc[from] - ro : lim) : 0;
            int rcode = MPI_Sendrecv(i < ms ? sb + sd[to] + so : sb, sn, MPI_BYTE,
                                     i < ms ? to : MPI_PROC_NULL, 8,
                                     i < mr ? rb + rd[from] + ro : rb, rn, MPI_BYTE,
                                     i < mr ? from : MPI_PROC_NULL, 8, d->comm, MPI_STATUS_IGNORE);
            if (rcode != MPI_SUCCESS && !st) st = nd__dist_mpi("nd_dist", rcode);
        }
    }
    return st;
}

nd_darray *nd__dist_resplit(const nd_darray *x, int split_axis, const int64_t *counts) {
    static const char *func = "nd_darray_resplit";
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL"), NULL;
    nd_dist *d = x->d;
    int P = d->size, me = d->rank, ndim = x->ndim;
    int axis = nd__dist_norm_axis(split_axis, ndim), st = ND_OK;
    int64_t *tc = NULL, *to = NULL;
    if (axis == -2 || (ndim == 0 && axis != ND_DIST_REPLICATED))
        st = nd__dist_fail(ND_ERR_AXIS, func, "axis %d is out of bounds for array of dimension %d",
                           split_axis, ndim);
    else if (axis != ND_DIST_REPLICATED)
        st = nd__dist_counts(func, d, x->shape[axis], counts, &tc, &to);
    int64_t *v = st ? NULL : calloc(4 * (size_t)P, sizeof *v);
    if (!st && !v) st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the counts");
    int64_t mlo[ND_MAX_DIMS], mhi[ND_MAX_DIMS], tlo[ND_MAX_DIMS], thi[ND_MAX_DIMS];
    int64_t lo[ND_MAX_DIMS], shp[ND_MAX_DIMS];
    nd_array *local = NULL;
    char *sb = NULL, *rb = NULL;
    if (!st) {
        int64_t *sc = v, *sd = v + P, *rc = v + 2 * P, *rd = v + 3 * P, ssum = 0, rsum = 0;
        box_of(x, x->axis, x->offsets, x->counts, me, mlo, mhi);
        box_of(x, axis, to, tc, me, tlo, thi);
        for (int q = 0; q < P; q++) {
            int64_t qlo[ND_MAX_DIMS], qhi[ND_MAX_DIMS];
            box_of(x, axis, to, tc, q, qlo, qhi);
            /* a replicated source sends nothing: every rank slices its own */
            sc[q] = x->axis == ND_DIST_REPLICATED ? 0 : meet(x, mlo, mhi, qlo, qhi, lo, shp);
            box_of(x, x->axis, x->offsets, x->counts, q, qlo, qhi);
            rc[q] = x->axis == ND_DIST_REPLICATED ? 0 : meet(x, qlo, qhi, tlo, thi, lo, shp);
            sd[q] = ssum, rd[q] = rsum, ssum += sc[q], rsum += rc[q];
        }
        for (int i = 0; i < ndim; i++) shp[i] = thi[i] - tlo[i];
        local = nd_empty(x->dtype, ndim, shp);
        sb = malloc(ssum ? (size_t)ssum : 1), rb = malloc(rsum ? (size_t)rsum : 1);
        if (!local)
            st = (int)nd_last_error();
        else if (!sb || !rb)
            st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate %lld bytes",
                               (long long)(ssum + rsum));
    }
    if (nd__dist_agree(d, st)) goto fail;
    if (x->axis == ND_DIST_REPLICATED) {
        nd_array *s = sub(x->local, ndim, mlo, tlo, shp);
        st = s ? nd_assign(local, s) : (int)nd_last_error();
        nd_release(s);
    } else {
        /* pack, exchange, unpack; a local failure still exchanges (garbage
           that the agreement after it discards) */
        for (int q = 0; q < P && !st; q++) {
            int64_t qlo[ND_MAX_DIMS], qhi[ND_MAX_DIMS];
            box_of(x, axis, to, tc, q, qlo, qhi);
            if (!meet(x, mlo, mhi, qlo, qhi, lo, shp)) continue;
            nd_array *s = sub(x->local, ndim, mlo, lo, shp);
            nd_array *w = s ? nd_wrap(sb + v[P + q], x->dtype, ndim, shp, NULL, NULL, NULL) : NULL;
            st = w ? nd_assign(w, s) : (int)nd_last_error();
            nd_release(w), nd_release(s);
        }
        nd__dist_count(d, v, P);
        int s2 = nd__dist_exchange(d, sb, v, v + P, rb, v + 2 * P, v + 3 * P);
        if (!st) st = s2;
        for (int p = 0; p < P && !st; p++) {
            int64_t plo[ND_MAX_DIMS], phi[ND_MAX_DIMS];
            box_of(x, x->axis, x->offsets, x->counts, p, plo, phi);
            if (!meet(x, plo, phi, tlo, thi, lo, shp)) continue;
            nd_array *s = sub(local, ndim, tlo, lo, shp);
            nd_array *w =
                s ? nd_wrap(rb + v[3 * P + p], x->dtype, ndim, shp, NULL, NULL, NULL) : NULL;
            st = w ? nd_assign(s, w) : (int)nd_last_error();
            nd_release(w), nd_release(s);
        }
    }
    if (nd__dist_agree(d, st)) goto fail;
    free(sb), free(rb), free(v);
    nd_darray *r = nd__darray_new(func, d, local, x->dtype, ndim, x->shape, axis, tc);
    free(tc);
    if (nd__dist_agree(d, r ? ND_OK : (int)nd_last_error())) return nd_darray_free(r), NULL;
    return r;
fail:
    free(sb), free(rb), free(v), free(tc);
    nd_release(local);
    return NULL;
}

void nd__dist_count(const nd_dist *d, const int64_t *sc, int P) {
    nd_dist *dc = (nd_dist *)d; /* the counters only */
    for (int q = 0; q < P; q++)
        if (q != d->rank && sc[q]) dc->sent_msgs++, dc->sent_bytes += sc[q];
}

int nd_dist_traffic(nd_dist *d, int64_t *messages, int64_t *bytes, bool reset) {
    if (!d) return nd__dist_fail(ND_ERR_NULL, "nd_dist_traffic", "d is NULL");
    if (messages) *messages = d->sent_msgs;
    if (bytes) *bytes = d->sent_bytes;
    if (reset) d->sent_msgs = d->sent_bytes = 0;
    return ND_OK;
}

int nd__dist_same_counts(const nd_dist *d, const char *func, const int64_t *counts) {
    /* NULL on some ranks only is a difference too: one MIN of (has, -has) */
    int has[2] = {counts != NULL, -(counts != NULL)}, all[2] = {0, 0};
    int st = nd__dist_mpi(func, MPI_Allreduce(has, all, 2, MPI_INT, MPI_MIN, d->comm));
    if (!st && all[0] != -all[1])
        st = nd__dist_fail(ND_ERR_VALUE, func, "counts are NULL on some ranks only");
    if ((st = nd__dist_agree(d, st)) || !counts) return st;
    int P = d->size;
    int64_t *lo = malloc(2 * (size_t)P * sizeof *lo), *hi = lo ? lo + P : NULL;
    if (!lo) st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the counts");
    if (nd__dist_agree(d, st)) return free(lo), (int)nd_last_error();
    int rc = MPI_Allreduce(counts, lo, P, MPI_INT64_T, MPI_MIN, d->comm);
    if (rc == MPI_SUCCESS) rc = MPI_Allreduce(counts, hi, P, MPI_INT64_T, MPI_MAX, d->comm);
    st = nd__dist_mpi(func, rc);
    if (!st && memcmp(lo, hi, (size_t)P * sizeof *lo))
        st = nd__dist_fail(ND_ERR_VALUE, func, "counts differ between ranks");
    free(lo);
    return nd__dist_agree(d, st);
}
