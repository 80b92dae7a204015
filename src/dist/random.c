/* Random darrays that are the single-process stream's slice.

   nd_random fills an array in C order with one 64-bit draw per element, so
   element i of the whole array is the stream's draw i. A rank's piece,
   split along axis k, is `outer` runs of cnt * inner consecutive elements;
   each rank copies the generator, advances the copy to each run's first
   draw (nd_rng_advance: PCG64's jump ahead, O(log) steps) and draws the
   run. Every rank's generator then advances past the whole array. Only
   generators whose advance counts 64-bit draws one for one (PCG64,
   PCG64DXSM) qualify; uniform doubles only: normals and integers take a
   variable number of draws per value (ziggurat, rejection), so a rank
   cannot know where its slice starts without the draws before it. */
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"
#include "nd/random.h"

/* The arguments both entry points take, checked and agreed on every rank:
   the normalized split axis and the element count out; advance_only:
   only generators whose advance counts draws one for one. */
static int random_args(const char *func, nd_dist *d, const nd_rng *g, int ndim,
                       const int64_t *shape, int split_axis, const int64_t *counts,
                       bool advance_only, int *axis, int64_t *total) {
    if (!d) return nd__dist_fail(ND_ERR_NULL, func, "d is NULL");
    int st = ND_OK;
    *axis = ND_DIST_REPLICATED, *total = 1;
    if (!g || (ndim > 0 && !shape))
        st = nd__dist_fail(ND_ERR_NULL, func, "%s is NULL", !g ? "g" : "shape");
    else if (ndim < 0 || ndim > ND_MAX_DIMS)
        st = nd__dist_fail(ND_ERR_VALUE, func, "ndim %d is not in [0, %d]", ndim, ND_MAX_DIMS);
    else if (advance_only && nd_rng_bitgen(g) != ND_BITGEN_PCG64 &&
             nd_rng_bitgen(g) != ND_BITGEN_PCG64DXSM)
        st = nd__dist_fail(ND_ERR_UNSUPPORTED, func,
                           "only PCG64 and PCG64DXSM streams can be sliced by advance");
    else if ((*axis = nd__dist_norm_axis(split_axis, ndim)) == -2 ||
             (ndim == 0 && *axis != ND_DIST_REPLICATED))
        st = nd__dist_fail(ND_ERR_AXIS, func, "axis %d is out of bounds for array of dimension %d",
                           split_axis, ndim);
    for (int i = 0; i < ndim && !st; i++)
        if (shape[i] < 0)
            st = nd__dist_fail(ND_ERR_VALUE, func, "negative dimensions are not allowed");
        else if (__builtin_mul_overflow(*total, shape[i], total))
            st = nd__dist_fail(ND_ERR_VALUE, func, "array is too big");
    if ((st = nd__dist_agree(d, st))) return st;
    /* a P-sized count list: every rank's own copy, compared */
    return *axis != ND_DIST_REPLICATED ? nd__dist_same_counts(d, func, counts) : ND_OK;
}

nd_darray *nd_dist_random(nd_dist *d, nd_rng *g, int ndim, const int64_t *shape, int split_axis,
                          const int64_t *counts) {
    static const char *func = "nd_dist_random";
    int st = ND_OK, axis;
    int64_t total;
    if (random_args(func, d, g, ndim, shape, split_axis, counts, true, &axis, &total)) return NULL;
    int64_t *cnt = NULL, *off = NULL, ps[ND_MAX_DIMS], outer = 1, inner = 1;
    int k = axis == ND_DIST_REPLICATED ? 0 : axis;
    if (axis != ND_DIST_REPLICATED) st = nd__dist_counts(func, d, shape[axis], counts, &cnt, &off);
    for (int i = 0; i < ndim; i++) {
        ps[i] = i == axis && !st ? cnt[d->rank] : shape[i];
        if (i < k) outer *= shape[i];
        if (i > k) inner *= shape[i];
    }
    int64_t n = ndim ? shape[k] : 1, c = ndim ? ps[k] : 1, o = cnt ? off[d->rank] : 0;
    nd_array *local = st ? NULL : nd_empty(ND_FLOAT64, ndim, ps);
    nd_rng *gr = st ? NULL : nd_rng_copy(g);
    if (!st && (!local || !gr)) st = (int)nd_last_error();
    /* the runs, each drawn from the copy advanced to its first draw */
    int64_t pos = 0, len = c * inner;
    nd_array *rows = st || !len ? NULL : nd_reshape(local, 2, (int64_t[]){outer, len});
    if (!st && len && !rows) st = (int)nd_last_error();
    for (int64_t r = 0; r < outer && len && !st; r++) {
        int64_t start = (r * n + o) * inner;
        st = nd_rng_advance(gr, (uint64_t)(start - pos));
        nd_array *row = st ? NULL : nd__dist_slab(rows, 0, r, r + 1);
        if (!st && (!row || !nd_random(gr, 2, nd_shape(row), row))) st = (int)nd_last_error();
        nd_release(row);
        pos = start + len;
    }
    nd_release(rows), nd_rng_free(gr), free(cnt);
    if (nd__dist_agree(d, st)) return nd_release(local), NULL;
    /* every rank's generator past the whole array, as one process leaves it */
    if (nd__dist_agree(d, nd_rng_advance(g, (uint64_t)total))) return nd_release(local), NULL;
    nd_darray *x =
        nd__darray_new(func, d, local, ND_FLOAT64, ndim, ndim ? shape : ps, axis, counts);
    if (nd__dist_agree(d, x ? ND_OK : (int)nd_last_error())) return nd_darray_free(x), NULL;
    return x;
}

/* Normals take a variable number of 64-bit draws each (NumPy's ziggurat),
   so a rank cannot jump to its slice: the generator's state is handed from
   rank to rank instead. The whole array is first drawn split along axis 0
   (balanced), where rank q's rows are the stream's next values after rank
   q - 1's: rank q waits for q - 1's state (nd_rng_save's record, after the
   status so far), draws its rows, and passes the state on; the last rank's
   state then goes to every rank. The drawing is sequential over the ranks
   (one process's time; each rank holds only its slice), and the result is
   resplit to the layout asked for. A replicated result is drawn by every
   rank from its own generator, without messages. Any bit generator works. */
nd_darray *nd_dist_standard_normal(nd_dist *d, nd_rng *g, int ndim, const int64_t *shape,
                                   int split_axis, const int64_t *counts) {
    static const char *func = "nd_dist_standard_normal";
    int st = ND_OK, axis;
    int64_t total;
    if (random_args(func, d, g, ndim, shape, split_axis, counts, false, &axis, &total)) return NULL;
    if (axis == ND_DIST_REPLICATED) {
        nd_array *all = nd_standard_normal(g, ndim, shape, NULL);
        if (nd__dist_agree(d, all ? ND_OK : (int)nd_last_error())) return nd_release(all), NULL;
        nd_darray *x = nd__darray_new(func, d, all, ND_FLOAT64, ndim, shape, axis, NULL);
        if (nd__dist_agree(d, x ? ND_OK : (int)nd_last_error())) return nd_darray_free(x), NULL;
        return x;
    }
    /* the record travels after an int status: one message per rank */
    size_t len = 0;
    nd_rng_save(g, NULL, 0, &len);
    int64_t *cnt = NULL, *off = NULL, ps[ND_MAX_DIMS]; /* off: inside cnt's block */
    st = nd__dist_counts(func, d, shape[0], NULL, &cnt, &off);
    char *msg = st ? NULL : malloc(sizeof(int) + len);
    nd_rng *gr = st ? NULL : nd_rng_copy(g);
    if (!st && (!msg || !gr))
        st = msg ? (int)nd_last_error()
                 : nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the state message");
    /* a rank that failed still takes part in every transfer (with its
       status in the message), so no rank is left waiting */
    int upstream = ND_OK, mst = ND_OK;
    if (d->rank > 0) {
        char tmp[sizeof(int)];
        char *into = msg ? msg : tmp;
        int rc = MPI_Recv(into, msg ? (int)(sizeof(int) + len) : (int)sizeof(int), MPI_BYTE,
                          d->rank - 1, 11, d->comm, MPI_STATUS_IGNORE);
        if ((mst = nd__dist_mpi(func, rc)) == ND_OK) memcpy(&upstream, into, sizeof(int));
        if (!st) st = mst;
        if (!st && !upstream) st = nd_rng_load(gr, msg + sizeof(int), len);
    }
    nd_array *local = NULL;
    if (!st && !upstream) {
        for (int i = 0; i < ndim; i++) ps[i] = i ? shape[i] : cnt[d->rank];
        local = nd_standard_normal(gr, ndim, ps, NULL);
        if (!local) st = (int)nd_last_error();
    }
    if (!st && !upstream) st = nd_rng_save(gr, msg + sizeof(int), len, &len);
    int down = st ? st : upstream;
    if (msg) memcpy(msg, &down, sizeof(int));
    if (d->rank < d->size - 1) {
        int rc = MPI_Send(msg ? msg : (char *)&down, msg ? (int)(sizeof(int) + len) : (int)sizeof(int),
                          MPI_BYTE, d->rank + 1, 11, d->comm);
        if (!st) st = nd__dist_mpi(func, rc);
    }
    /* the last rank's state (and status) to every rank */
    int last = st ? st : upstream;
    if (nd__dist_agree(d, last ? last : ND_OK)) goto fail;
    st = nd__dist_mpi(func, MPI_Bcast(msg, (int)(sizeof(int) + len), MPI_BYTE, d->size - 1, d->comm));
    if (nd__dist_agree(d, st)) goto fail;
    nd_darray *stage = nd__darray_new(func, d, local, ND_FLOAT64, ndim, shape, 0, cnt);
    local = NULL; /* the stage owns it */
    st = stage ? ND_OK : (int)nd_last_error();
    if (nd__dist_agree(d, st)) {
        nd_darray_free(stage);
        goto fail;
    }
    /* every rank's generator where one process leaves it */
    if (nd__dist_agree(d, nd_rng_load(g, msg + sizeof(int), len))) {
        nd_darray_free(stage);
        goto fail;
    }
    free(msg), free(cnt), nd_rng_free(gr);
    if (axis == 0 && !counts) return stage;
    nd_darray *x = nd_darray_resplit(stage, axis, counts);
    nd_darray_free(stage);
    return x;
fail:
    nd_release(local), free(msg), free(cnt), nd_rng_free(gr);
    return NULL;
}
