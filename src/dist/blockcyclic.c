/* The 2-D block-cyclic layout (ScaLAPACK's) and the one redistribution
   every 2-D layout shares: each layout gives a rank a product of a set of
   rows and a set of columns (an interval, everything, or the blocks of a
   cyclic pattern), so what rank p sends rank q is the product of two
   interval intersections, packed rows then columns in global order on both
   sides and moved by one all-to-all (nd__dist_exchange). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"

/* ---- axis sets ------------------------------------------------------------ */

/* A rank's interval list along one axis: [iv[2i], iv[2i+1]). */
typedef struct {
    int64_t n, *iv;
} ivlist;

/* The rows (ax 0) or columns (ax 1) layout L gives rank r. */
static int64_t axis_set(const nd__lay *L, int ax, int r, int64_t n, int64_t *iv) {
    int k = L->kind[ax];
    if (k == ND__LAY_ALL) {
        iv[0] = 0, iv[1] = n;
        return n > 0;
    }
    if (k == ND__LAY_SPLIT) {
        iv[0] = L->off[r], iv[1] = L->off[r] + L->cnt[r];
        return iv[1] > iv[0];
    }
    int c = ax == 0 ? r / L->gridc : r % L->gridc;
    int64_t m = 0, blk = L->blk[ax];
    for (int64_t b = c; b * blk < n; b += L->np[ax], m++)
        iv[2 * m] = b * blk, iv[2 * m + 1] = (b + 1) * blk < n ? (b + 1) * blk : n;
    return m;
}

/* the largest interval count a layout axis can give */
static int64_t axis_max(const nd__lay *L, int ax, int64_t n) {
    return L->kind[ax] == ND__LAY_CYCLIC ? n / L->blk[ax] + 1 : 1;
}

int64_t nd__lay_local(const nd__lay *L, int ax, int r, int64_t g) {
    switch (L->kind[ax]) {
    case ND__LAY_ALL:
        return g;
    case ND__LAY_SPLIT:
        return g - L->off[r];
    default:
        return g / (L->blk[ax] * L->np[ax]) * L->blk[ax] + g % L->blk[ax];
    }
}

int64_t nd__lay_extent(const nd__lay *L, int ax, int r, int64_t n) {
    switch (L->kind[ax]) {
    case ND__LAY_ALL:
        return n;
    case ND__LAY_SPLIT:
        return L->cnt[r];
    default: {
        /* numroc: whole cycles, then this coordinate's share of the rest */
        int c = ax == 0 ? r / L->gridc : r % L->gridc;
        int64_t blk = L->blk[ax], cyc = blk * L->np[ax], full = n / cyc * blk, rest = n % cyc;
        int64_t extra = rest - c * blk;
        return full + (extra <= 0 ? 0 : extra < blk ? extra : blk);
    }
    }
}

/* a ∩ b into out (sorted, disjoint lists); returns the count of intervals */
static int64_t meet_iv(const int64_t *a, int64_t na, const int64_t *b, int64_t nb, int64_t *out,
                       int64_t *len) {
    int64_t i = 0, j = 0, m = 0, tot = 0;
    while (i < na && j < nb) {
        int64_t lo = a[2 * i] > b[2 * j] ? a[2 * i] : b[2 * j];
        int64_t hi = a[2 * i + 1] < b[2 * j + 1] ? a[2 * i + 1] : b[2 * j + 1];
        if (hi > lo) out[2 * m] = lo, out[2 * m + 1] = hi, m++, tot += hi - lo;
        if (a[2 * i + 1] < b[2 * j + 1])
            i++;
        else
            j++;
    }
    *len = tot;
    return m;
}

/* Copies the elements of rows x cols (global interval lists) between a
   local piece (layout L, rank r) and a packed buffer, rows then columns in
   global order. to_buf: piece -> buffer, else buffer -> piece. */
static void copy_box(const nd_array *piece, const nd__lay *L, int r, const int64_t *rows,
                     int64_t nr, const int64_t *cols, int64_t nc, char *buf, bool to_buf) {
    size_t isz = nd_itemsize(piece);
    const int64_t *st = nd_strides(piece);
    char *base = nd_data(piece);
    for (int64_t a = 0; a < nr; a++)
        for (int64_t g = rows[2 * a]; g < rows[2 * a + 1]; g++) {
            char *row = base + nd__lay_local(L, 0, r, g) * st[0];
            for (int64_t b = 0; b < nc; b++) {
                int64_t h0 = cols[2 * b], len = cols[2 * b + 1] - h0;
                char *p = row + nd__lay_local(L, 1, r, h0) * st[1];
                if (st[1] == (int64_t)isz) {
                    if (to_buf)
                        memcpy(buf, p, (size_t)len * isz);
                    else
                        memcpy(p, buf, (size_t)len * isz);
                    buf += len * (int64_t)isz;
                    continue;
                }
                for (int64_t e = 0; e < len; e++, p += st[1], buf += isz)
                    if (to_buf)
                        memcpy(buf, p, isz);
                    else
                        memcpy(p, buf, isz);
            }
        }
}

/* The layout of a distributed array (2-D). */
void nd__lay_of(const nd_darray *x, nd__lay *L) {
    memset(L, 0, sizeof *L);
    L->gridc = 1;
    if (x->axis == ND_DIST_BLOCKCYCLIC) {
        L->kind[0] = L->kind[1] = ND__LAY_CYCLIC;
        L->blk[0] = x->mb, L->blk[1] = x->nb;
        L->np[0] = x->nprow, L->np[1] = x->npcol;
        L->gridc = x->npcol;
        return;
    }
    for (int ax = 0; ax < 2; ax++) L->kind[ax] = ax == x->axis ? ND__LAY_SPLIT : ND__LAY_ALL;
    L->off = x->offsets, L->cnt = x->counts;
}

nd_array *nd__lay_move(const char *func, const nd_darray *x, const nd__lay *T, nd_order order,
                       int *status) {
    const nd_dist *d = x->d;
    int P = d->size, me = d->rank, st = ND_OK;
    nd__lay S;
    nd__lay_of(x, &S);
    bool rep = x->axis == ND_DIST_REPLICATED;
    int64_t M = x->shape[0], N = x->shape[1], isz = (int64_t)nd_dtype_size(x->dtype);
    int64_t n0 = axis_max(&S, 0, M) + axis_max(T, 0, M),
            n1 = axis_max(&S, 1, N) + axis_max(T, 1, N);
    int64_t *v = calloc(4 * (size_t)P, sizeof *v);
    int64_t *w = malloc(6 * (size_t)(n0 + n1) * sizeof *w); /* s, p, m below */
    int64_t shp[2] = {nd__lay_extent(T, 0, me, M), nd__lay_extent(T, 1, me, N)};
    nd_array *out = v && w ? nd_empty_order(x->dtype, 2, shp, order) : NULL;
    if (!v || !w)
        st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the interval lists");
    else if (!out)
        st = (int)nd_last_error();
    char *sb = NULL, *rb = NULL;
    /* scratch: my own set (s0, s1), a peer's (p0, p1), their meet (m0, m1) */
    int64_t *s0 = w, *s1 = s0 + 2 * n0, *p0 = s1 + 2 * n1, *p1 = p0 + 2 * n0, *m0 = p1 + 2 * n1,
            *m1 = m0 + 2 * n0;
    int64_t *sc = v, *sd = v + P, *rc = v + 2 * P, *rd = v + 3 * P;
    if (!st) {
        int64_t ssum = 0, rsum = 0, ns0, ns1, np0, np1, l0, l1;
        for (int q = 0; q < P; q++) {
            /* what I send q: my source set ∩ q's target set (replicated:
               only to myself, every rank slices its own) */
            ns0 = axis_set(&S, 0, me, M, s0), ns1 = axis_set(&S, 1, me, N, s1);
            np0 = axis_set(T, 0, q, M, p0), np1 = axis_set(T, 1, q, N, p1);
            meet_iv(s0, ns0, p0, np0, m0, &l0), meet_iv(s1, ns1, p1, np1, m1, &l1);
            sc[q] = rep && q != me ? 0 : l0 * l1 * isz;
            /* what q sends me */
            ns0 = axis_set(&S, 0, q, M, s0), ns1 = axis_set(&S, 1, q, N, s1);
            np0 = axis_set(T, 0, me, M, p0), np1 = axis_set(T, 1, me, N, p1);
            meet_iv(s0, ns0, p0, np0, m0, &l0), meet_iv(s1, ns1, p1, np1, m1, &l1);
            rc[q] = rep && q != me ? 0 : l0 * l1 * isz;
            sd[q] = ssum, rd[q] = rsum, ssum += sc[q], rsum += rc[q];
        }
        sb = malloc(ssum ? (size_t)ssum : 1), rb = malloc(rsum ? (size_t)rsum : 1);
        if (!sb || !rb)
            st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate %lld bytes",
                               (long long)(ssum + rsum));
    }
    if (nd__dist_agree(d, st)) goto fail;
    nd_array *src = nd_retain(x->local);
    for (int q = 0; q < P; q++) {
        if (!sc[q]) continue;
        int64_t ns0 = axis_set(&S, 0, me, M, s0), ns1 = axis_set(&S, 1, me, N, s1), l0, l1;
        int64_t np0 = axis_set(T, 0, q, M, p0), np1 = axis_set(T, 1, q, N, p1);
        int64_t k0 = meet_iv(s0, ns0, p0, np0, m0, &l0), k1 = meet_iv(s1, ns1, p1, np1, m1, &l1);
        copy_box(src, &S, me, m0, k0, m1, k1, sb + sd[q], true);
    }
    nd_release(src);
    nd__dist_count(d, sc, P);
    st = rep ? ND_OK : nd__dist_exchange(d, sb, sc, sd, rb, rc, rd);
    for (int q = 0; q < P && !st; q++) {
        if (!rc[q]) continue;
        int64_t ns0 = axis_set(&S, 0, q, M, s0), ns1 = axis_set(&S, 1, q, N, s1), l0, l1;
        int64_t np0 = axis_set(T, 0, me, M, p0), np1 = axis_set(T, 1, me, N, p1);
        int64_t k0 = meet_iv(s0, ns0, p0, np0, m0, &l0), k1 = meet_iv(s1, ns1, p1, np1, m1, &l1);
        copy_box(out, T, me, m0, k0, m1, k1, (rep ? sb + sd[q] : rb + rd[q]), false);
    }
    if (nd__dist_agree(d, st)) goto fail;
    free(sb), free(rb), free(v), free(w);
    *status = ND_OK;
    return out;
fail:
    free(sb), free(rb), free(v), free(w);
    nd_release(out);
    *status = (int)nd_last_error();
    return NULL;
}

/* ---- the public layout ---------------------------------------------------- */

void nd__dist_grid(int P, int *nprow, int *npcol) {
    int r = (int)sqrt((double)P);
    while (r > 1 && P % r) r--;
    *nprow = r < 1 ? 1 : r, *npcol = P / (r < 1 ? 1 : r);
}

int nd_dist_grid(const nd_dist *d, int *nprow, int *npcol) {
    if (!d) return nd__dist_fail(ND_ERR_NULL, "nd_dist_grid", "d is NULL");
    int r, c;
    nd__dist_grid(d->size, &r, &c);
    if (nprow) *nprow = r;
    if (npcol) *npcol = c;
    return ND_OK;
}

nd_darray *nd__darray_bc(const char *func, nd_dist *d, nd_array *local, nd_dtype t,
                         const int64_t *shape, int64_t mb, int64_t nb) {
    /* made as replicated (counts and offsets exist for code that reads
       them), then given the block-cyclic fields; counts become each rank's
       local row count */
    nd_darray *x = nd__darray_new(func, d, local, t, 2, shape, ND_DIST_REPLICATED, NULL);
    if (!x) return NULL;
    x->axis = ND_DIST_BLOCKCYCLIC, x->mb = mb, x->nb = nb;
    nd__dist_grid(d->size, &x->nprow, &x->npcol);
    nd__lay L;
    nd__lay_of(x, &L);
    for (int r = 0; r < d->size; r++)
        x->counts[r] = nd__lay_extent(&L, 0, r, shape[0]), x->offsets[r] = 0;
    return x;
}

nd_darray *nd_darray_blockcyclic(const nd_darray *x, int64_t mb, int64_t nb) {
    static const char *func = "nd_darray_blockcyclic";
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL"), NULL;
    nd_dist *d = x->d;
    int st = ND_OK;
    if (x->ndim != 2)
        st = nd__dist_fail(ND_ERR_SHAPE, func,
                           "%d-dimensional array given; a block-cyclic layout is 2-dimensional",
                           x->ndim);
    else if (mb < 1 || nb < 1)
        st = nd__dist_fail(ND_ERR_VALUE, func, "block sizes must be at least 1, got %lld x %lld",
                           (long long)mb, (long long)nb);
    if (nd__dist_agree(d, st)) return NULL;
    nd_darray tmp = {.d = d, .axis = ND_DIST_BLOCKCYCLIC, .mb = mb, .nb = nb};
    tmp.shape[0] = x->shape[0], tmp.shape[1] = x->shape[1];
    nd__dist_grid(d->size, &tmp.nprow, &tmp.npcol);
    nd__lay T;
    nd__lay_of(&tmp, &T);
    nd_array *local = nd__lay_move(func, x, &T, ND_ORDER_F, &st);
    if (st) return NULL;
    nd_darray *r = nd__darray_bc(func, d, local, x->dtype, x->shape, mb, nb);
    if (nd__dist_agree(d, r ? ND_OK : (int)nd_last_error())) return nd_darray_free(r), NULL;
    return r;
}

int nd_darray_blocks(const nd_darray *x, int64_t *mb, int64_t *nb) {
    static const char *func = "nd_darray_blocks";
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL");
    if (x->axis != ND_DIST_BLOCKCYCLIC)
        return nd__dist_fail(ND_ERR_VALUE, func, "the array is not block-cyclic");
    if (mb) *mb = x->mb;
    if (nb) *nb = x->nb;
    return ND_OK;
}

static nd_darray *bc_resplit(const nd_darray *x, int axis, const int64_t *counts) {
    static const char *func = "nd_darray_resplit";
    nd_dist *d = x->d;
    int st = ND_OK, a = nd__dist_norm_axis(axis, 2);
    int64_t *tc = NULL, *to = NULL;
    if (a == -2)
        st = nd__dist_fail(ND_ERR_AXIS, func, "axis %d is out of bounds for array of dimension 2",
                           axis);
    else if (a != ND_DIST_REPLICATED)
        st = nd__dist_counts(func, d, x->shape[a], counts, &tc, &to);
    if (nd__dist_agree(d, st)) return free(tc), NULL;
    nd__lay T = {.gridc = 1, .off = to, .cnt = tc};
    for (int ax = 0; ax < 2; ax++) T.kind[ax] = ax == a ? ND__LAY_SPLIT : ND__LAY_ALL;
    nd_array *local = nd__lay_move(func, x, &T, ND_ORDER_C, &st);
    if (st) return free(tc), NULL;
    nd_darray *r = nd__darray_new(func, d, local, x->dtype, 2, x->shape, a, tc);
    free(tc);
    if (nd__dist_agree(d, r ? ND_OK : (int)nd_last_error())) return nd_darray_free(r), NULL;
    return r;
}

/* ---- the public entry points that take every layout ----------------------
   (here, not in dist.c, so that dist.c never calls this file: dist.c keeps
   the split and replicated paths, nd__dist_resplit and nd__dist_gather) */

nd_darray *nd_darray_resplit(const nd_darray *x, int split_axis, const int64_t *counts) {
    if (x && x->axis == ND_DIST_BLOCKCYCLIC) return bc_resplit(x, split_axis, counts);
    return nd__dist_resplit(x, split_axis, counts);
}

int nd_darray_gather(const nd_darray *x, int root, nd_array **out) {
    if (!x || x->axis != ND_DIST_BLOCKCYCLIC) return nd__dist_gather(x, root, out);
    if (out) *out = NULL;
    nd_darray *r = bc_resplit(x, 0, NULL); /* as row blocks first */
    int st = r ? nd__dist_gather(r, root, out) : (int)nd_last_error();
    nd_darray_free(r);
    return st;
}

nd_array *nd_darray_allgather(const nd_darray *x) {
    if (!x) return nd__dist_fail(ND_ERR_NULL, "nd_darray_allgather", "x is NULL"), NULL;
    nd_darray *r = nd_darray_resplit(x, ND_DIST_REPLICATED, NULL);
    nd_array *a = r ? nd_retain(r->local) : NULL;
    nd_darray_free(r);
    return a;
}
