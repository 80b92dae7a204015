/* cumsum and cumprod of distributed arrays, the single-process bits.

   Along an axis that is not split each rank runs nd_cumsum on its piece.
   Along the split axis:
   - Integers and bool wrap, so a running sum (product) is exact in any
     grouping: each rank's own running op, then the op of every lower
     rank's total (MPI_Exscan on uint64, whose wrap is the same modulo
     2^64), applied once more.
   - float32/float64 cumsum: nd restarts the compensated running sum every
     CUM_BLOCK (65,536) elements from off_b, the long double sum, in block
     order, of the earlier blocks' totals (float64: nd_sum of the block;
     float32: eight double lanes, element i into lane i % 8, added in
     order). The split is first moved to block-aligned counts (each rank's
     start rounded up to a block boundary: at most one partial block moves
     per rank), the block totals are allgathered, and a rank whose first
     block b is not the array's first computes off_b and runs nd_cumsum on
     its rows behind a prefix that makes nd_cumsum itself start block b
     from off_b exactly: float64, two blocks of zeros whose first elements
     are the long double off_b cut into two doubles (hi + lo == off_b
     exactly); float32, one block whose first eight elements fall in the
     eight lanes and are off_b cut into floats. Results go back to the
     caller's counts.
   - float16 and complex cumsum (nd runs one compensated run with no
     restarts) and float cumprod (a running product) carry a state across
     the whole run: the run goes to one rank (a resplit), which runs nd's
     function, and back. Exact, not scalable; stated in dist.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"

#define CUM_BLOCK ((int64_t)1 << 16)

typedef nd_array *(*cumfn)(const nd_array *, int, nd_array *);

static bool is_int(nd_dtype t) { return t <= ND_UINT64; } /* bool and the integers */

/* A local result of the same layout as x, with status and flags agreed. */
static nd_darray *wrap_like(const char *func, const nd_darray *x, nd_array *r, int before) {
    int st = r ? ND_OK : (int)nd_last_error(), fs = nd__dist_share_fp(x->d, before);
    if (!st) st = fs;
    if (nd__dist_agree(x->d, st)) return nd_release(r), NULL;
    nd_darray *y = nd__darray_new(func, x->d, r, nd_get_dtype(r), x->ndim, x->shape, x->axis,
                                  x->axis == ND_DIST_REPLICATED ? NULL : x->counts);
    if (nd__dist_agree(x->d, y ? ND_OK : (int)nd_last_error())) return nd_darray_free(y), NULL;
    return y;
}

/* The piece's rows (cnt, nout) back to the piece's shape (axis at its place). */
static nd_array *unrows(const nd_array *rows, const nd_array *piece, int axis) {
    int nd = nd_ndim(piece);
    int64_t ms[ND_MAX_DIMS];
    const int64_t *s = nd_shape(piece);
    ms[0] = s[axis];
    for (int i = 0, k = 1; i < nd; i++)
        if (i != axis) ms[k++] = s[i];
    nd_array *m = nd_reshape(rows, nd, ms);
    nd_array *b = m ? nd_moveaxis(m, 0, axis) : NULL;
    nd_array *c = b && nd_is_c_contiguous(b) ? nd_retain(b) : b ? nd_copy(b) : NULL;
    nd_release(m), nd_release(b);
    return c;
}

/* ---- integers: own running op, then the lower ranks' total ---------------- */

static nd_array *int_scan(const nd_darray *x, int axis, cumfn f, bool prod) {
    nd_array *r = f(x->local, axis, NULL);
    int64_t cnt = x->counts[x->d->rank];
    int64_t shape[ND_MAX_DIMS];
    memcpy(shape, x->shape, (size_t)x->ndim * sizeof *shape);
    shape[axis] = 1;
    /* this rank's total: the last running value (the identity if empty) */
    nd_array *tot = NULL;
    if (r && cnt) {
        nd_array *last = nd__dist_slab(r, axis, cnt - 1, cnt);
        tot = last ? nd_astype(last, ND_UINT64) : NULL;
        nd_release(last);
    } else if (r) {
        tot = prod ? nd_ones(ND_UINT64, x->ndim, shape) : nd_zeros(ND_UINT64, x->ndim, shape);
    }
    int st = nd__dist_agree(x->d, tot ? ND_OK : (int)nd_last_error());
    if (st) return nd_release(tot), nd_release(r), NULL;
    /* the exclusive scan in pieces MPI's int counts carry */
    int64_t n = nd_size(tot), step = nd_dist_debug_max_msg / 8;
    step = step < 1 ? 1 : step > INT32_MAX ? INT32_MAX : step;
    uint64_t *p = nd_data(tot);
    uint64_t *in = malloc((size_t)(step < n ? step : n ? n : 1) * 8);
    st =
        in ? ND_OK : nd__dist_fail(ND_ERR_NOMEM, "nd_dist_cumsum", "Unable to allocate the totals");
    if ((st = nd__dist_agree(x->d, st))) return free(in), nd_release(tot), nd_release(r), NULL;
    for (int64_t o = 0; o < n; o += step) {
        int m = (int)(n - o < step ? n - o : step);
        memcpy(in, p + o, (size_t)m * 8);
        int rc = MPI_Exscan(in, p + o, m, MPI_UINT64_T, prod ? MPI_PROD : MPI_SUM, x->d->comm);
        if (rc != MPI_SUCCESS && !st) st = nd__dist_mpi("nd_dist_cumsum", rc);
        if (x->d->rank == 0) /* MPI leaves rank 0's undefined: the identity */
            for (int i = 0; i < m; i++) p[o + i] = prod;
    }
    free(in);
    if (!st && cnt) { /* the wrapping op in the result's dtype */
        nd_array *off = nd_astype(tot, nd_get_dtype(r));
        nd_array *o2 = off ? (prod ? nd_multiply(r, off, r) : nd_add(r, off, r)) : NULL;
        if (!o2) st = (int)nd_last_error();
        nd_release(off);
    }
    nd_release(tot);
    if (st) nd_release(r), r = NULL;
    return r;
}

/* ---- float32/float64 cumsum: block-aligned pieces behind a prefix ---------- */

/* The totals of a (len, nc) block of t: float64, nd_sum's (k = 1 per
   column); float32, the eight double lanes (k = 8), into tot[j * k + l]. */
static int block_totals(const nd_array *blk, nd_dtype t, double *tot) {
    int64_t len = nd_shape(blk)[0], nc = nd_shape(blk)[1];
    if (t == ND_FLOAT64) {
        nd_array *s = nd_sum(blk, 0, false, NULL);
        if (!s) return (int)nd_last_error();
        memcpy(tot, nd_data(s), (size_t)nc * 8);
        nd_release(s);
        return ND_OK;
    }
    nd_array *c = nd_copy(blk);
    if (!c) return (int)nd_last_error();
    const float *v = nd_data(c);
    memset(tot, 0, (size_t)nc * 8 * sizeof *tot);
    for (int64_t i = 0; i < len; i++)
        for (int64_t j = 0; j < nc; j++) tot[j * 8 + (i & 7)] += (double)v[i * nc + j];
    nd_release(c);
    return ND_OK;
}

/* The prefix rows that make nd_cumsum start the next block from off:
   float64 rows 0 and CUM_BLOCK, float32 rows 0..7. false when off cannot
   be cut so (float32 beyond FLT_MAX): the caller takes the serial path. */
static bool prefix_values(nd_dtype t, long double off, double *v) {
    if (t == ND_FLOAT64) {
        v[0] = (double)off;
        v[1] = isfinite(v[0]) ? (double)(off - v[0]) : 0.0;
        return true;
    }
    long double rem = off;
    for (int l = 0; l < 8; l++) {
        float f = (float)rem;
        if (!isfinite(f)) return false;
        v[l] = f, rem -= f;
    }
    return rem == 0;
}

/* The cumsum of this rank's rows p (cnt, nout) of t, starting at block b0
   of the whole run, with tots every block's totals (nb, nout * k). */
static nd_array *blocked_rows(const nd_array *p, nd_dtype t, int64_t b0, const nd_array *tots,
                              int *serial) {
    int64_t cnt = nd_shape(p)[0], nout = nd_shape(p)[1];
    if (b0 == 0 || cnt == 0) return nd_cumsum(p, 0, NULL);
    int k = t == ND_FLOAT64 ? 1 : 8;
    int64_t pre = t == ND_FLOAT64 ? 2 * CUM_BLOCK : CUM_BLOCK;
    const double *T = nd_data(tots);
    nd_array *r = nd_empty(t, 2, (int64_t[]){cnt, nout});
    if (!r) return NULL;
    /* columns in chunks bounding the prefixed copy to about 32 MiB */
    int64_t chunk = ((int64_t)1 << 22) / (pre + cnt);
    chunk = chunk < 1 ? 1 : chunk;
    for (int64_t c0 = 0; c0 < nout; c0 += chunk) {
        int64_t nc = nout - c0 < chunk ? nout - c0 : chunk;
        nd_array *tmp = nd_zeros(t, 2, (int64_t[]){pre + cnt, nc});
        if (!tmp) return nd_release(r), NULL;
        for (int64_t j = 0; j < nc; j++) {
            long double off = 0;
            for (int64_t b = 0; b < b0; b++) { /* nd's order: block by block */
                const double *tb = T + (b * nout + c0 + j) * k;
                long double tt = 0;
                for (int l = 0; l < k; l++) tt += tb[l];
                off += tt;
            }
            double v[8];
            if (!prefix_values(t, off, v)) {
                *serial = 1;
                nd_release(tmp), nd_release(r);
                return NULL;
            }
            for (int l = 0; l < (t == ND_FLOAT64 ? 2 : 8); l++) {
                int64_t row = t == ND_FLOAT64 ? l * CUM_BLOCK : l;
                nd_set_f64(tmp, (int64_t[]){row, j}, v[l]);
            }
        }
        char spec[96];
        snprintf(spec, sizeof spec, ":, %lld:%lld", (long long)c0, (long long)(c0 + nc));
        nd_array *src = nd_slice(p, spec), *dst = nd_slice(r, spec);
        nd_array *body = nd__dist_slab(tmp, 0, pre, pre + cnt);
        int st = src && dst && body ? nd_assign(body, src) : (int)nd_last_error();
        nd_array *cs = st ? NULL : nd_cumsum(tmp, 0, NULL);
        nd_array *tail = cs ? nd__dist_slab(cs, 0, pre, pre + cnt) : NULL;
        st = tail ? nd_assign(dst, tail) : st ? st : (int)nd_last_error();
        nd_release(src), nd_release(dst), nd_release(body), nd_release(cs), nd_release(tail);
        nd_release(tmp);
        if (st) return nd_release(r), NULL;
    }
    return r;
}

/* The block-aligned counts: each rank's start rounded up to a block. */
static int64_t *aligned_counts(const nd_darray *x, int64_t n) {
    int P = x->d->size;
    int64_t *c = malloc((size_t)P * sizeof *c);
    if (!c)
        return nd__dist_fail(ND_ERR_NOMEM, "nd_dist_cumsum", "Unable to allocate the counts"), NULL;
    int64_t prev = 0;
    for (int r = 0; r < P; r++) {
        int64_t e = r + 1 < P ? (x->offsets[r + 1] + CUM_BLOCK - 1) / CUM_BLOCK * CUM_BLOCK : n;
        e = e < n ? e : n;
        c[r] = e - prev, prev = e;
    }
    return c;
}

/* The blocked cumsum along x's split axis (float32/float64); on return
 *serial asks for the serial path instead (agreed on every rank). */
static nd_darray *blocked(const char *func, const nd_darray *x, int *serial) {
    int axis = x->axis, fp = nd_fp_flags();
    nd_dtype t = x->dtype;
    int64_t n = x->shape[axis];
    int64_t *ac = aligned_counts(x, n);
    if (nd__dist_agree(x->d, ac ? ND_OK : (int)nd_last_error())) return free(ac), NULL;
    /* already aligned (one rank, or counts in whole blocks): no copy */
    bool moved = memcmp(ac, x->counts, (size_t)x->d->size * sizeof *ac) != 0;
    nd_darray *y = moved ? nd_darray_resplit(x, axis, ac) : (nd_darray *)x;
    free(ac);
    if (!y) return NULL;
    int64_t rows = 0, g0 = 0;
    nd_array *p = nd__dist_as_rows(y, axis, &rows, &g0);
    int64_t cnt = p ? nd_shape(p)[0] : 0, nout = p ? nd_shape(p)[1] : 0;
    int k = t == ND_FLOAT64 ? 1 : 8;
    int64_t nb = (cnt + CUM_BLOCK - 1) / CUM_BLOCK;
    nd_array *mine = p ? nd_zeros(ND_FLOAT64, 2, (int64_t[]){nb, nout * k}) : NULL;
    int st = mine ? ND_OK : (int)nd_last_error();
    /* nd takes no total of the run's last block (its flags would be extra) */
    for (int64_t b = 0; b < nb && !st && g0 + (b + 1) * CUM_BLOCK < n; b++) {
        nd_array *blk = nd__dist_slab(p, 0, b * CUM_BLOCK,
                                      (b + 1) * CUM_BLOCK < cnt ? (b + 1) * CUM_BLOCK : cnt);
        st = blk ? block_totals(blk, t, (double *)nd_data(mine) + b * nout * k)
                 : (int)nd_last_error();
        nd_release(blk);
    }
    if (nd__dist_agree(x->d, st)) goto fail0;
    nd_darray *tw = nd_darray_wrap(x->d, mine, 0);
    nd_array *tots = tw ? nd_darray_allgather(tw) : NULL;
    nd_darray_free(tw);
    if (!tots) goto fail0;
    int want = 0;
    nd_array *r = blocked_rows(p, t, g0 / CUM_BLOCK, tots, &want);
    nd_release(tots);
    st = r || want ? ND_OK : (int)nd_last_error();
    if (nd__dist_agree(x->d, st)) {
        nd_release(r);
        goto fail0;
    }
    MPI_Allreduce(MPI_IN_PLACE, &want, 1, MPI_INT, MPI_LOR, x->d->comm);
    if (want) { /* agreed: the status is ND_OK everywhere */
        *serial = 1;
        nd_release(r);
        goto fail0;
    }
    nd_array *u = unrows(r, y->local, axis);
    nd_release(r), nd_release(p), nd_release(mine);
    nd_darray *z = wrap_like(func, y, u, fp);
    if (moved) nd_darray_free(y);
    if (!z || !memcmp(z->counts, x->counts, (size_t)x->d->size * sizeof *x->counts)) return z;
    nd_darray *back = nd_darray_resplit(z, axis, x->counts);
    nd_darray_free(z);
    return back;
fail0:
    nd_release(p), nd_release(mine);
    if (moved) nd_darray_free(y);
    return NULL;
}

/* The whole run on rank 0, nd's function there, and back; fp: the flags
   at the call's start (an abandoned blocked attempt may have raised some
   of the same flags on one rank already: they must still be shared). */
static nd_darray *serial(const char *func, const nd_darray *x, cumfn f, int fp) {
    int64_t *c = calloc((size_t)x->d->size, sizeof *c);
    if (nd__dist_agree(
            x->d, c ? ND_OK : nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the counts")))
        return free(c), NULL;
    c[0] = x->shape[x->axis];
    nd_darray *y = nd_darray_resplit(x, x->axis, c);
    free(c);
    if (!y) return NULL;
    nd_darray *z = wrap_like(func, y, f(y->local, x->axis, NULL), fp);
    nd_darray_free(y);
    nd_darray *back = z ? nd_darray_resplit(z, x->axis, x->counts) : NULL;
    nd_darray_free(z);
    return back;
}

static nd_darray *cum_impl(const char *func, const nd_darray *x, int axis, bool prod) {
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL"), NULL;
    cumfn f = prod ? nd_cumprod : nd_cumsum;
    int fp = nd_fp_flags();
    if (nd__dist_agree(x->d, nd__dist_check_axis(func, x, &axis))) return NULL;
    if (x->axis == ND_DIST_REPLICATED || (axis != ND_AXIS_ALL && axis != x->axis)) {
        nd_array *r = f(x->local, axis, NULL);
        if (axis != ND_AXIS_ALL || x->axis != ND_DIST_REPLICATED) return wrap_like(func, x, r, fp);
        /* replicated, flattened: a replicated 1-D result */
        int64_t n = nd_size(x->local);
        nd_darray rep = {.d = x->d, .ndim = 1, .axis = ND_DIST_REPLICATED, .shape = {n}};
        return wrap_like(func, &rep, r, fp);
    }
    if (axis == ND_AXIS_ALL) { /* split along 0, then the flat run split alike */
        nd_darray *y = x->axis == 0 ? NULL : nd_darray_resplit(x, 0, NULL);
        const nd_darray *s = x->axis == 0 ? x : y;
        if (!s) return NULL;
        int64_t row = 1, total = 1;
        for (int i = 1; i < s->ndim; i++) row *= s->shape[i];
        for (int i = 0; i < s->ndim; i++) total *= s->shape[i];
        int64_t *c = malloc((size_t)s->d->size * sizeof *c);
        nd_array *flat = c ? nd_reshape(s->local, 1, (int64_t[]){nd_size(s->local)}) : NULL;
        if (c)
            for (int r = 0; r < s->d->size; r++) c[r] = s->counts[r] * row;
        int st = flat ? ND_OK
                 : c  ? (int)nd_last_error()
                      : nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the counts");
        nd_darray *fx = st ? NULL : nd__darray_new(func, s->d, flat, x->dtype, 1, &total, 0, c);
        if (!st && !fx) st = (int)nd_last_error();
        free(c), nd_darray_free(y);
        if (nd__dist_agree(x->d, st)) return nd_darray_free(fx), NULL;
        nd_darray *r = cum_impl(func, fx, 0, prod);
        nd_darray_free(fx);
        return r;
    }
    if (is_int(x->dtype)) return wrap_like(func, x, int_scan(x, axis, f, prod), fp);
    if (!prod && (x->dtype == ND_FLOAT32 || x->dtype == ND_FLOAT64)) {
        int want = 0;
        nd_darray *r = blocked(func, x, &want);
        if (r || !want) return r;
    }
    return serial(func, x, f, fp);
}

nd_darray *nd_dist_cumsum(const nd_darray *x, int axis) {
    return cum_impl("nd_dist_cumsum", x, axis, false);
}

nd_darray *nd_dist_cumprod(const nd_darray *x, int axis) {
    return cum_impl("nd_dist_cumprod", x, axis, true);
}
