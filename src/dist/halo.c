/* Halo exchange: each rank's piece with up to `width` indices of the split
   axis on either side, taken from whichever ranks hold them (neighbours
   found past empty ranks, several ranks when a neighbour holds fewer than
   width). One all-to-all of the intersections of every rank's wanted range
   with every rank's own (MPI_Alltoallv, or messages past int counts), as
   resplit does. */
#include <stdlib.h>

#include "dist/dist_internal.h"

/* rank q's wanted range [lo, hi) of the split axis (empty for an empty rank) */
static void wanted(const nd_darray *x, int q, int64_t width, int64_t *lo, int64_t *hi) {
    int64_t n = x->shape[x->axis], o = x->offsets[q], c = x->counts[q];
    *lo = c && o > width ? o - width : 0;
    *hi = c ? (n - (o + c) > width ? o + c + width : n) : 0;
    if (!c) *lo = *hi = o;
}

static int64_t overlap(int64_t alo, int64_t ahi, int64_t blo, int64_t bhi, int64_t *lo) {
    *lo = alo > blo ? alo : blo;
    int64_t h = ahi < bhi ? ahi : bhi;
    return h > *lo ? h - *lo : 0;
}

nd_array *nd_darray_halo(const nd_darray *x, int64_t width, int64_t *before, int64_t *after) {
    static const char *func = "nd_darray_halo";
    if (before) *before = 0;
    if (after) *after = 0;
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL"), NULL;
    const nd_dist *d = x->d;
    int P = d->size, me = d->rank, ax = x->axis;
    int st = width >= 0
                 ? ND_OK
                 : nd__dist_fail(ND_ERR_VALUE, func, "width %lld is negative", (long long)width);
    if (nd__dist_agree(d, st)) return NULL;
    if (ax == ND_DIST_REPLICATED) { /* every rank holds it all: no halo */
        nd_array *c = nd_copy(x->local);
        if (nd__dist_agree(d, c ? ND_OK : (int)nd_last_error())) return nd_release(c), NULL;
        return c;
    }
    int64_t row = (int64_t)nd_dtype_size(x->dtype); /* bytes of one index of the split axis */
    for (int i = 0; i < x->ndim; i++) row *= i == ax ? 1 : x->shape[i];
    int64_t mlo, mhi, shape[ND_MAX_DIMS];
    wanted(x, me, width, &mlo, &mhi);
    for (int i = 0; i < x->ndim; i++) shape[i] = i == ax ? mhi - mlo : x->shape[i];
    int64_t *v = calloc(4 * (size_t)P, sizeof *v);
    nd_array *r = nd_empty(x->dtype, x->ndim, shape);
    int64_t *sc = v, *sd = v + P, *rc = v + 2 * P, *rd = v + 3 * P, ss = 0, rs = 0, lo;
    int64_t off = x->offsets[me], cnt = x->counts[me];
    for (int q = 0; q < P && v; q++) {
        int64_t qlo, qhi;
        wanted(x, q, width, &qlo, &qhi);
        sc[q] = overlap(off, off + cnt, qlo, qhi, &lo) * row;
        rc[q] = overlap(x->offsets[q], x->offsets[q] + x->counts[q], mlo, mhi, &lo) * row;
        sd[q] = ss, rd[q] = rs, ss += sc[q], rs += rc[q];
    }
    char *sb = v ? malloc(ss ? (size_t)ss : 1) : NULL, *rb = v ? malloc(rs ? (size_t)rs : 1) : NULL;
    st = !r ? (int)nd_last_error()
         : !v || !sb || !rb
             ? nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the halo's buffers")
             : ND_OK;
    if ((st = nd__dist_agree(d, st))) goto done;
    /* pack each peer's part of this piece, exchange, place what came */
    for (int q = 0; q < P && !st; q++) {
        int64_t qlo, qhi, m;
        wanted(x, q, width, &qlo, &qhi);
        if (!(m = overlap(off, off + cnt, qlo, qhi, &lo))) continue;
        nd_array *s = nd__dist_slab(x->local, ax, lo - off, lo - off + m);
        int64_t ps[ND_MAX_DIMS];
        for (int i = 0; i < x->ndim; i++) ps[i] = i == ax ? m : x->shape[i];
        nd_array *w = s ? nd_wrap(sb + sd[q], x->dtype, x->ndim, ps, NULL, NULL, NULL) : NULL;
        st = w ? nd_assign(w, s) : (int)nd_last_error();
        nd_release(w), nd_release(s);
    }
    int s2 = nd__dist_exchange(d, sb, sc, sd, rb, rc, rd);
    if (!st) st = s2;
    for (int p = 0; p < P && !st; p++) {
        int64_t m = overlap(x->offsets[p], x->offsets[p] + x->counts[p], mlo, mhi, &lo);
        if (!m) continue;
        nd_array *s = nd__dist_slab(r, ax, lo - mlo, lo - mlo + m);
        const int64_t *ps = s ? nd_shape(s) : NULL;
        nd_array *w = s ? nd_wrap(rb + rd[p], x->dtype, x->ndim, ps, NULL, NULL, NULL) : NULL;
        st = w ? nd_assign(s, w) : (int)nd_last_error();
        nd_release(w), nd_release(s);
    }
    st = nd__dist_agree(d, st);
done:
    free(sb), free(rb), free(v);
    if (st) return nd_release(r), NULL;
    if (before) *before = off - mlo;
    if (after) *after = mhi - (off + cnt);
    return r;
}
