/* Reductions of distributed arrays with the single-process bits.

   Float sums follow nd_sum's tree (include/nd/reduce.h): leaves of 128
   elements, the last one possibly short; leaves combined by a binary
   counter (equal levels added older + newer as soon as both exist), and the
   counter's leftovers added newest first at the end. Every node of that
   tree is an aligned block of 2^k leaves, whose value nd_sum of the block
   alone gives. A rank's part [g0, g1) of the reduced axis is therefore
   described by a state: the raw elements of its partial first and last
   leaves, and the maximal aligned blocks between them, each summed by
   nd_sum. States of adjacent parts merge exactly (raw pieces that complete
   a leaf are summed by nd_sum, sibling blocks added), so the merge is
   associative and one MPI_Allreduce with it in rank order gives every rank
   the whole tree's nodes, whatever the rank count and MPI's algorithm.
   Exact reductions (integers, min/max, any/all) combine per-rank results. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"

#define LEAF 128
#define MAXNODE 130 /* two decreasing runs of levels, at most 63 each */

typedef struct {
    int64_t n, lo, hi; /* the tree's length; the covered range (lo == hi: empty) */
    int32_t k, err;    /* 1 float64, 0 float32; a status met while merging */
    int32_t nhead, ntail, nnode, pad_;
    double head[LEAF], tail[LEAF]; /* raw elements (float32 ones held exactly) */
    int64_t start[MAXNODE];        /* a node's first leaf */
    uint8_t lev[MAXNODE];          /* it spans 2^lev leaves */
    double val[MAXNODE];
} tstate;

/* One add of the tree, raising the flags nd's kernels would (the merge runs
   on some rank; nd_dist_sum shares every rank's flags afterwards). */
static double add_k(int k, double a, double b) {
    double r = k ? a + b : (double)((float)a + (float)b);
    if (isinf(r) && isfinite(a) && isfinite(b)) nd_fp_raise(ND_FP_OVERFLOW);
    if (isnan(r) && !isnan(a) && !isnan(b)) nd_fp_raise(ND_FP_INVALID);
    return r;
}

/* one leaf's sum from its raw elements, by nd_sum itself */
static double leaf_sum(tstate *S, const double *v, int64_t m) {
    float f[LEAF];
    void *buf = (void *)v;
    if (!S->k) {
        for (int64_t i = 0; i < m; i++) f[i] = (float)v[i];
        buf = f;
    }
    nd_array *a = nd_wrap(buf, S->k ? ND_FLOAT64 : ND_FLOAT32, 1, &m, NULL, NULL, NULL);
    nd_array *s = a ? nd_sum(a, ND_AXIS_ALL, false, NULL) : NULL;
    double r = s ? nd_get_f64(s, NULL) : NAN;
    if (!s && !S->err) S->err = (int)nd_last_error();
    nd_release(s), nd_release(a);
    return r;
}

static void push_node(tstate *S, int64_t start, int lev, double val) {
    int t = S->nnode;
    if (t >= MAXNODE) { /* cannot happen for a canonical state; kept as a status, not a crash */
        S->err = ND_ERR_OVERFLOW;
        return;
    }
    int64_t end = (start + ((int64_t)1 << lev)) * LEAF;
    S->hi = end < S->n ? end : S->n;
    S->start[t] = start, S->lev[t] = (uint8_t)lev, S->val[t] = val, t++;
    while (t >= 2 && S->lev[t - 1] == S->lev[t - 2] &&
           S->start[t - 2] % ((int64_t)2 << S->lev[t - 2]) == 0) {
        S->val[t - 2] = add_k(S->k, S->val[t - 2], S->val[t - 1]);
        S->lev[t - 2]++, t--;
    }
    S->nnode = t;
}

/* Appends raw elements at S->hi; a completed leaf becomes a node, the
   partial first leaf the head. */
static void push_raw(tstate *S, const double *v, int64_t cnt) {
    while (cnt > 0) {
        int64_t leaf = S->hi / LEAF, le = (leaf + 1) * LEAF < S->n ? (leaf + 1) * LEAF : S->n;
        int64_t m = cnt < le - S->hi ? cnt : le - S->hi;
        memcpy(S->tail + S->ntail, v, (size_t)m * sizeof *v);
        S->ntail += (int32_t)m, S->hi += m, v += m, cnt -= m;
        if (S->hi == le) {
            if (S->hi - S->ntail == leaf * LEAF) {
                double s = leaf_sum(S, S->tail, S->ntail);
                S->ntail = 0;
                push_node(S, leaf, 0, s);
            } else {
                memcpy(S->head, S->tail, (size_t)S->ntail * sizeof *v);
                S->nhead = S->ntail, S->ntail = 0;
            }
        }
    }
}

/* MPI's user op: io = in (lower ranks) followed by io (higher ranks). */
static void merge_op(void *invec, void *iovec, int *len, MPI_Datatype *type) {
    (void)type;
    tstate *in = invec, *io = iovec, *t = malloc(sizeof *t);
    for (int i = 0; i < *len; i++) {
        tstate *a = in + i, *b = io + i;
        int err = a->err ? a->err : b->err;
        if (a->lo == a->hi || err || !t) {
            b->err = err ? err : t ? 0 : ND_ERR_NOMEM;
            continue;
        }
        if (b->lo == b->hi) {
            memcpy(b, a, sizeof *a);
            continue;
        }
        memcpy(t, a, sizeof *a);
        push_raw(t, b->head, b->nhead);
        for (int j = 0; j < b->nnode; j++) push_node(t, b->start[j], b->lev[j], b->val[j]);
        push_raw(t, b->tail, b->ntail);
        memcpy(b, t, sizeof *t);
    }
    free(t);
}

static double finish(const tstate *S) {
    if (S->n == 0 || S->nnode == 0) return 0.0;
    double r = S->val[S->nnode - 1];
    for (int i = S->nnode - 2; i >= 0; i--) r = add_k(S->k, S->val[i], r);
    return r;
}

/* ---- the float sum along the split (rows of a 2-D (cnt, nout) piece) ------- */

/* rows [a, b) of the piece p (cnt, nc) as float64 (a new C-order reference) */
static nd_array *rows_f64(const nd_array *p, int64_t a, int64_t b) {
    nd_array *s = nd__dist_slab(p, 0, a, b);
    nd_array *c = s ? nd_astype(s, ND_FLOAT64) : NULL;
    nd_release(s);
    return c;
}

/* The states of nc columns of p (local rows [0, cnt) = global [g0, g1) of n). */
static int local_states(tstate *S, const nd_array *p, int k, int64_t n, int64_t g0, int64_t g1) {
    int64_t nc = nd_shape(p)[1];
    for (int64_t j = 0; j < nc; j++) {
        memset(&S[j], 0, offsetof(tstate, head));
        S[j].n = n, S[j].lo = S[j].hi = g0, S[j].k = k;
    }
    if (g0 == g1) return ND_OK;
    int64_t la = (g0 + LEAF - 1) / LEAF, lb = g1 == n ? (n + LEAF - 1) / LEAF : g1 / LEAF;
    int64_t r1 = la * LEAF < g1 ? la * LEAF : g1; /* the head's raw rows [g0, r1) */
    int64_t r2 = lb * LEAF > r1 ? lb * LEAF : r1; /* the tail's [r2, g1) */
    if (r2 > g1) r2 = g1;
    double v[LEAF];
    int64_t raws[2][2] = {{g0, r1}, {r2, g1}};
    for (int part = 0; part < 3; part++) {
        if (part == 1) { /* the aligned blocks between, largest first */
            for (int64_t i = la; i < lb;) {
                int lev = 0;
                while (i % ((int64_t)2 << lev) == 0 && i + ((int64_t)2 << lev) <= lb) lev++;
                int64_t e = (i + ((int64_t)1 << lev)) * LEAF;
                nd_array *blk = nd__dist_slab(p, 0, i * LEAF - g0, (e < n ? e : n) - g0);
                nd_array *s = blk ? nd_sum(blk, 0, false, NULL) : NULL;
                nd_array *sd = s ? nd_astype(s, ND_FLOAT64) : NULL;
                nd_release(blk), nd_release(s);
                if (!sd) return (int)nd_last_error();
                const double *x = nd_data(sd);
                for (int64_t j = 0; j < nc; j++) push_node(&S[j], i, lev, x[j]);
                nd_release(sd);
                i += (int64_t)1 << lev;
            }
            continue;
        }
        int64_t a = raws[part / 2][0], b = raws[part / 2][1];
        if (b <= a) continue;
        nd_array *r = rows_f64(p, a - g0, b - g0);
        if (!r) return (int)nd_last_error();
        const double *x = nd_data(r);
        for (int64_t j = 0; j < nc; j++) {
            for (int64_t i = 0; i < b - a; i++) v[i] = x[i * nc + j];
            push_raw(&S[j], v, b - a);
        }
        nd_release(r);
    }
    for (int64_t j = 0; j < nc; j++)
        if (S[j].err) return S[j].err;
    return ND_OK;
}

/* The float sum over axis 0 of p (cnt, nout), rows global [g0, g0 + cnt) of
   n, into res (nout values of dtype t, float32 or float64): every rank
   gets the whole result. Columns go in chunks that bound the states'
   memory; every rank runs the same number of chunks. */
static int tree_sum(const nd_dist *d, const nd_array *p, nd_dtype t, int64_t n, int64_t g0,
                    void *res) {
    static const char *func = "nd_dist_sum";
    int64_t cnt = nd_shape(p)[0], nout = nd_shape(p)[1];
    int64_t chunk = nd_dist_debug_max_msg / (int64_t)sizeof(tstate);
    chunk = chunk < 1 ? 1 : chunk > 256 ? 256 : chunk;
    tstate *S = malloc((size_t)chunk * sizeof *S);
    int st = S ? ND_OK
               : nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate %zu bytes",
                               (size_t)chunk * sizeof *S);
    MPI_Datatype ty;
    MPI_Op op;
    MPI_Type_contiguous((int)sizeof(tstate), MPI_BYTE, &ty);
    MPI_Type_commit(&ty);
    MPI_Op_create(merge_op, 0, &op);
    if ((st = nd__dist_agree(d, st))) goto done;
    for (int64_t c0 = 0; c0 < nout || (c0 == 0 && nout == 0); c0 += chunk) {
        if (nout == 0) break;
        int64_t nc = nout - c0 < chunk ? nout - c0 : chunk;
        char spec[64];
        snprintf(spec, sizeof spec, ":, %lld:%lld", (long long)c0, (long long)(c0 + nc));
        nd_array *cols = nd_slice(p, spec);
        st = cols ? local_states(S, cols, t == ND_FLOAT64, n, g0, g0 + cnt) : (int)nd_last_error();
        nd_release(cols);
        if (st)
            for (int64_t j = 0; j < nc; j++) S[j].err = st, S[j].lo = S[j].hi = g0;
        int rc = MPI_Allreduce(MPI_IN_PLACE, S, (int)nc, ty, op, d->comm);
        if (!st && rc != MPI_SUCCESS) st = nd__dist_mpi(func, rc);
        for (int64_t j = 0; j < nc && !st; j++) {
            if (S[j].err) {
                st = nd__dist_fail((nd_status)S[j].err, func, "merging the partial sums failed");
                break;
            }
            double r = finish(&S[j]);
            if (t == ND_FLOAT64)
                ((double *)res)[c0 + j] = r;
            else
                ((float *)res)[c0 + j] = (float)r;
        }
        if ((st = nd__dist_agree(d, st))) break;
    }
done:
    MPI_Op_free(&op);
    MPI_Type_free(&ty);
    free(S);
    return st;
}

/* ---- the public reductions -------------------------------------------------- */

static bool is_float(nd_dtype t) {
    return t == ND_FLOAT16 || t == ND_FLOAT32 || t == ND_FLOAT64 || t == ND_COMPLEX64 ||
           t == ND_COMPLEX128;
}

/* The shape of a reduction's result. */
static int red_shape(const nd_darray *x, int axis, bool keepdims, int64_t *shape) {
    int nd = 0;
    for (int i = 0; i < x->ndim; i++) {
        bool red = axis == ND_AXIS_ALL || i == axis;
        if (!red)
            shape[nd++] = x->shape[i];
        else if (keepdims)
            shape[nd++] = 1;
    }
    return nd;
}

/* Wraps a local result in a distributed array with agreement. */
static nd_darray *finish_local(const char *func, const nd_darray *x, nd_array *r, int axis,
                               bool keepdims, int before) {
    /* a rank without outputs raises nothing (an empty mean's invalid flag) */
    int st = r ? ND_OK : (int)nd_last_error(),
        fs = nd__dist_share_fp(x->d, before); /* every rank */
    if (!st) st = fs;
    if (nd__dist_agree(x->d, st)) return nd_release(r), NULL;
    int oaxis = ND_DIST_REPLICATED;
    if (x->axis != ND_DIST_REPLICATED && axis != ND_AXIS_ALL && axis != x->axis)
        oaxis = axis < x->axis && !keepdims ? x->axis - 1 : x->axis;
    int64_t shape[ND_MAX_DIMS];
    int nd = oaxis == ND_DIST_REPLICATED ? nd_ndim(r) : red_shape(x, axis, keepdims, shape);
    nd_darray *y = nd__darray_new(func, x->d, r, nd_get_dtype(r), nd,
                                  oaxis == ND_DIST_REPLICATED ? nd_shape(r) : shape, oaxis,
                                  oaxis == ND_DIST_REPLICATED ? NULL : x->counts);
    if (nd__dist_agree(x->d, y ? ND_OK : (int)nd_last_error())) return nd_darray_free(y), NULL;
    return y;
}

/* The axis as nd's reductions take it, or a status (nd's message, from
   nd_sum of the piece, which has x's ndim). */
static int check_axis(const char *func, const nd_darray *x, int *axis) {
    (void)func;
    if (*axis == ND_AXIS_ALL) return ND_OK;
    if (*axis < -x->ndim || *axis >= x->ndim) {
        nd_array *r = nd_sum(x->local, *axis, false, NULL);
        nd_release(r);
        return (int)nd_last_error() ? (int)nd_last_error() : ND_ERR_AXIS;
    }
    if (*axis < 0) *axis += x->ndim;
    return ND_OK;
}

/* The piece as (rows of the reduced run, outputs): the split axis moved to
   the front (over ND_AXIS_ALL, x is split along axis 0 and flattened). */
static nd_array *as_rows(const nd_darray *x, int axis, int64_t *n, int64_t *g0) {
    int64_t cnt = x->counts[x->d->rank], sz = nd_size(x->local);
    if (axis == ND_AXIS_ALL) {
        int64_t row = 1;
        for (int i = 1; i < x->ndim; i++) row *= x->shape[i];
        *n = x->shape[0] * row, *g0 = x->offsets[x->d->rank] * row;
        return nd_reshape(x->local, 2, (int64_t[]){sz, 1});
    }
    *n = x->shape[axis], *g0 = x->offsets[x->d->rank];
    nd_array *m = nd_moveaxis(x->local, axis, 0);
    nd_array *r = m ? nd_reshape(m, 2, (int64_t[]){cnt, cnt ? sz / cnt : 0}) : NULL;
    if (r && !cnt) { /* an empty piece: the outputs' count from the shape */
        nd_release(r);
        int64_t nout = 1;
        for (int i = 0; i < x->ndim; i++) nout *= i == axis ? 1 : x->shape[i];
        r = nd_empty(x->dtype, 2, (int64_t[]){0, nout});
    }
    nd_release(m);
    return r;
}

/* Integer sums wrap, so adding the per-rank sums as uint64 is exact. */
static int int_allsum(const nd_dist *d, nd_array *r) {
    int64_t n = nd_size(r), step = nd_dist_debug_max_msg / 8;
    step = step < 1 ? 1 : step > INT32_MAX ? INT32_MAX : step;
    char *p = nd_data(r);
    for (int64_t o = 0; o < n; o += step) {
        int rc = MPI_Allreduce(MPI_IN_PLACE, p + o * 8, (int)(n - o < step ? n - o : step),
                               MPI_UINT64_T, MPI_SUM, d->comm);
        if (rc != MPI_SUCCESS) return nd__dist_mpi("nd_dist_sum", rc);
    }
    return ND_OK;
}

/* The sum across the split of x (split along axis, or along 0 for ALL). */
static nd_array *split_sum(const nd_darray *x, int axis, bool keepdims) {
    static const char *func = "nd_dist_sum";
    const nd_dist *d = x->d;
    int64_t shape[ND_MAX_DIMS];
    int rnd = red_shape(x, axis, keepdims, shape);
    if (!is_float(x->dtype)) {
        nd_array *r = nd_sum(x->local, axis, keepdims, NULL);
        int st = nd__dist_agree(d, r ? ND_OK : (int)nd_last_error());
        if (!st) st = nd__dist_agree(d, int_allsum(d, r));
        if (st) return nd_release(r), NULL;
        return r;
    }
    int before = nd_fp_flags();
    bool cplx = x->dtype == ND_COMPLEX64 || x->dtype == ND_COMPLEX128;
    nd_dtype t = x->dtype == ND_FLOAT64 || x->dtype == ND_COMPLEX128 ? ND_FLOAT64 : ND_FLOAT32;
    int64_t n = 0, g0 = 0;
    nd_array *p = as_rows(x, axis, &n, &g0), *q = NULL;
    if (p && cplx) { /* each part has its own tree: parts as columns of the real dtype */
        nd_array *c = nd_copy(p);
        const int64_t *s = c ? nd_shape(c) : NULL;
        q = c ? nd_wrap(nd_data(c), t, 2, (int64_t[]){s[0], 2 * s[1]}, NULL, NULL, NULL) : NULL;
        if (q) nd_release(p), p = c, c = NULL; /* q borrows c's memory: keep c as p */
        nd_release(c);
    } else if (p && x->dtype == ND_FLOAT16) {
        q = nd_astype(p, ND_FLOAT32);
    } else if (p) {
        q = nd_retain(p);
    }
    int64_t nout = q ? nd_shape(q)[1] : 0;
    void *res = q ? malloc((size_t)(nout ? nout : 1) * nd_dtype_size(t)) : NULL;
    int st = !q     ? (int)nd_last_error()
             : !res ? nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the result")
                    : ND_OK;
    nd_array *r = NULL;
    if (!nd__dist_agree(d, st) && !tree_sum(d, q, t, n, g0, res)) {
        nd_dtype rt = cplx ? x->dtype : t;
        nd_array *b = nd_from_buffer(rt, rnd, shape, res);
        r = b && x->dtype == ND_FLOAT16 ? nd_astype(b, ND_FLOAT16) : nd_retain(b);
        if (r && x->dtype == ND_FLOAT16) { /* the rounding to float16 overflows as in nd_sum */
            nd_array *i16 = nd_isinf(r, NULL), *f32 = nd_isfinite(b, NULL);
            nd_array *both = i16 && f32 ? nd_logical_and(i16, f32, NULL) : NULL;
            nd_array *any = both ? nd_any(both, ND_AXIS_ALL, false, NULL) : NULL;
            if (!any)
                nd_release(r), r = NULL;
            else if (*(const bool *)nd_data(any))
                nd_fp_raise(ND_FP_OVERFLOW);
            nd_release(i16), nd_release(f32), nd_release(both), nd_release(any);
        }
        nd_release(b);
        int s2 = r ? ND_OK : (int)nd_last_error(), fs = nd__dist_share_fp(d, before);
        if (!s2) s2 = fs;
        if (nd__dist_agree(d, s2)) nd_release(r), r = NULL;
    }
    free(res);
    nd_release(q), nd_release(p);
    return r;
}

nd_darray *nd_dist_sum(const nd_darray *x, int axis, bool keepdims) {
    static const char *func = "nd_dist_sum";
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL"), NULL;
    if (x->axis == ND_DIST_BLOCKCYCLIC) { /* as row blocks: block-cyclic pieces are not slabs */
        nd_darray *y = nd_darray_resplit(x, 0, NULL);
        nd_darray *r = y ? nd_dist_sum(y, axis, keepdims) : NULL;
        nd_darray_free(y);
        return r;
    }
    int fp = nd_fp_flags();
    if (nd__dist_agree(x->d, check_axis(func, x, &axis))) return NULL;
    if (x->axis == ND_DIST_REPLICATED || (axis != ND_AXIS_ALL && axis != x->axis))
        return finish_local(func, x, nd_sum(x->local, axis, keepdims, NULL), axis, keepdims, fp);
    if (axis == ND_AXIS_ALL && x->axis != 0) {
        nd_darray *y = nd_darray_resplit(x, 0, NULL);
        nd_darray *r = y ? nd_dist_sum(y, axis, keepdims) : NULL;
        nd_darray_free(y);
        return r;
    }
    nd_array *r = split_sum(x, axis, keepdims);
    if (!r) return NULL;
    nd_darray *y = nd__darray_new(func, x->d, r, nd_get_dtype(r), nd_ndim(r), nd_shape(r),
                                  ND_DIST_REPLICATED, NULL);
    if (nd__dist_agree(x->d, y ? ND_OK : (int)nd_last_error())) return nd_darray_free(y), NULL;
    return y;
}

nd_darray *nd_dist_mean(const nd_darray *x, int axis, bool keepdims) {
    static const char *func = "nd_dist_mean";
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL"), NULL;
    if (x->axis == ND_DIST_BLOCKCYCLIC) { /* as row blocks: block-cyclic pieces are not slabs */
        nd_darray *y = nd_darray_resplit(x, 0, NULL);
        nd_darray *r = y ? nd_dist_mean(y, axis, keepdims) : NULL;
        nd_darray_free(y);
        return r;
    }
    int fp = nd_fp_flags();
    if (nd__dist_agree(x->d, check_axis(func, x, &axis))) return NULL;
    if (x->axis == ND_DIST_REPLICATED || (axis != ND_AXIS_ALL && axis != x->axis))
        return finish_local(func, x, nd_mean(x->local, axis, keepdims, NULL), axis, keepdims, fp);
    /* nd_mean: the sum in the mean's precision, divided by the count as a
       weak float literal, cast to the mean's dtype */
    nd_dtype t = x->dtype, mt = is_float(t) ? t : ND_FLOAT64, w = t == ND_FLOAT16 ? ND_FLOAT32 : mt;
    nd_array *c = w == t ? nd_retain(x->local) : nd_astype(x->local, w);
    nd_darray *xw =
        c ? nd__darray_new(func, x->d, c, w, x->ndim, x->shape, x->axis, x->counts) : NULL;
    if (nd__dist_agree(x->d, xw ? ND_OK : (int)nd_last_error())) return nd_darray_free(xw), NULL;
    nd_darray *s = nd_dist_sum(xw, axis, keepdims);
    nd_darray_free(xw);
    if (!s) return NULL;
    int64_t count = 1;
    for (int i = 0; i < x->ndim; i++)
        if (axis == ND_AXIS_ALL || i == axis) count *= x->shape[i];
    nd_array *lit = nd_lit_f64((double)count);
    nd_array *q = lit ? nd_divide(s->local, lit, NULL) : NULL;
    nd_array *r = q && nd_get_dtype(q) != mt ? nd_astype(q, mt) : nd_retain(q);
    nd_release(q), nd_release(lit);
    nd_darray *y =
        r ? nd__darray_new(func, x->d, r, mt, nd_ndim(r), nd_shape(r), ND_DIST_REPLICATED, NULL)
          : NULL;
    nd_darray_free(s);
    if (nd__dist_agree(x->d, y ? ND_OK : (int)nd_last_error())) return nd_darray_free(y), NULL;
    return y;
}

nd_darray *nd_dist_reduce(nd_op op, const nd_darray *x, int axis, bool keepdims) {
    static const char *func = "nd_dist_reduce";
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL"), NULL;
    if (x->axis == ND_DIST_BLOCKCYCLIC) { /* as row blocks: block-cyclic pieces are not slabs */
        nd_darray *y = nd_darray_resplit(x, 0, NULL);
        nd_darray *r = y ? nd_dist_reduce(op, y, axis, keepdims) : NULL;
        nd_darray_free(y);
        return r;
    }
    int fp = nd_fp_flags();
    int st = op == ND_OP_MINIMUM || op == ND_OP_MAXIMUM || op == ND_OP_LOGICAL_OR ||
                     op == ND_OP_LOGICAL_AND
                 ? check_axis(func, x, &axis)
                 : nd__dist_fail(ND_ERR_UNSUPPORTED, func,
                                 "op %s is not a distributed reduction"
                                 " (minimum, maximum, logical_or, logical_and)",
                                 nd_op_name(op));
    if (nd__dist_agree(x->d, st)) return NULL;
    int nax = axis == ND_AXIS_ALL ? -1 : 1;
    const int *axp = axis == ND_AXIS_ALL ? NULL : &axis;
    if (x->axis == ND_DIST_REPLICATED || (axis != ND_AXIS_ALL && axis != x->axis))
        return finish_local(func, x, nd_reduce(op, x->local, nax, axp, keepdims, NULL), axis,
                            keepdims, fp);
    /* exact: every rank with elements reduces its piece; the partials,
       stacked in rank order, are reduced once more */
    bool idle = op == ND_OP_LOGICAL_OR || op == ND_OP_LOGICAL_AND;
    bool has = idle || (axis == ND_AXIS_ALL ? nd_size(x->local) > 0 : nd_shape(x->local)[axis] > 0);
    int64_t shape[ND_MAX_DIMS], nout = 1;
    int rnd = red_shape(x, axis, keepdims, shape);
    for (int i = 0; i < rnd; i++) nout *= shape[i];
    nd_dtype pt = idle ? ND_BOOL : x->dtype;
    nd_array *part = has ? nd_reduce(op, x->local, nax, axp, true, NULL) : NULL;
    nd_array *row = has ? (part ? nd_reshape(part, 2, (int64_t[]){1, nout}) : NULL)
                        : nd_empty(pt, 2, (int64_t[]){0, nout});
    nd_release(part);
    if (nd__dist_agree(x->d, row ? ND_OK : (int)nd_last_error())) return nd_release(row), NULL;
    nd_darray *rows = nd_darray_wrap(x->d, row, 0);
    nd_release(row);
    nd_array *all = rows ? nd_darray_allgather(rows) : NULL;
    nd_darray_free(rows);
    if (!all) return NULL;
    nd_array *r = nd_reduce(op, all, 1, (int[]){0}, false, NULL);
    nd_array *rr = r ? nd_reshape(r, rnd, shape) : NULL;
    nd_release(r), nd_release(all);
    return finish_local(func, &(nd_darray){.d = x->d, .axis = ND_DIST_REPLICATED}, rr, ND_AXIS_ALL,
                        keepdims, fp);
}

/* |x|^2 of a piece as nd_var builds it (real for complex); a new reference */
static nd_array *abs2(const nd_array *x) {
    if (nd_get_dtype(x) != ND_COMPLEX64 && nd_get_dtype(x) != ND_COMPLEX128)
        return nd_multiply(x, x, NULL);
    nd_array *re = nd_real(x), *im = nd_imag(x);
    nd_array *r2 = re ? nd_multiply(re, re, NULL) : NULL,
             *i2 = im ? nd_multiply(im, im, NULL) : NULL;
    nd_array *r = r2 && i2 ? nd_add(r2, i2, NULL) : NULL;
    nd_release(re), nd_release(im), nd_release(r2), nd_release(i2);
    return r;
}

/* a replicated array divided by a count as a weak literal, cast to t */
static nd_array *div_count(const nd_array *s, double c, nd_dtype t) {
    nd_array *lit = nd_lit_f64(c);
    nd_array *q = lit ? nd_divide(s, lit, NULL) : NULL;
    nd_array *r = q && nd_get_dtype(q) != t ? nd_astype(q, t) : nd_retain(q);
    nd_release(q), nd_release(lit);
    return r;
}

/* nd_var's steps over the distributed array: the mean (replicated, kept
   dims), each rank's |x - mean|^2, their sum across the split, / dof. */
static nd_darray *var_impl(const char *func, const nd_darray *x, int axis, int ddof, bool keepdims,
                           bool take_sqrt) {
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL"), NULL;
    if (x->axis == ND_DIST_BLOCKCYCLIC) { /* as row blocks: block-cyclic pieces are not slabs */
        nd_darray *y = nd_darray_resplit(x, 0, NULL);
        nd_darray *r = y ? var_impl(func, y, axis, ddof, keepdims, take_sqrt) : NULL;
        nd_darray_free(y);
        return r;
    }
    int fp = nd_fp_flags();
    if (nd__dist_agree(x->d, check_axis(func, x, &axis))) return NULL;
    if (x->axis == ND_DIST_REPLICATED || (axis != ND_AXIS_ALL && axis != x->axis)) {
        nd_array *r = take_sqrt ? nd_std(x->local, axis, ddof, keepdims, NULL)
                                : nd_var(x->local, axis, ddof, keepdims, NULL);
        return finish_local(func, x, r, axis, keepdims, fp);
    }
    nd_dtype t = x->dtype, mt = is_float(t) ? t : ND_FLOAT64;
    nd_dtype rt = mt == ND_COMPLEX64 ? ND_FLOAT32 : mt == ND_COMPLEX128 ? ND_FLOAT64 : mt;
    int64_t count = 1;
    for (int i = 0; i < x->ndim; i++)
        if (axis == ND_AXIS_ALL || i == axis) count *= x->shape[i];
    /* NumPy's _var: a float16 sum rounds to float16 before the division */
    nd_darray *m = t == ND_FLOAT16 ? nd_dist_sum(x, axis, true) : nd_dist_mean(x, axis, true);
    if (!m) return NULL;
    nd_array *mm =
        t == ND_FLOAT16 ? div_count(m->local, (double)count, ND_FLOAT16) : nd_retain(m->local);
    nd_darray_free(m);
    nd_array *dv = mm ? nd_subtract(x->local, mm, NULL) : NULL;
    nd_array *sq = dv ? abs2(dv) : NULL;
    nd_release(dv), nd_release(mm);
    nd_darray *sqd =
        sq ? nd__darray_new(func, x->d, sq, nd_get_dtype(sq), x->ndim, x->shape, x->axis, x->counts)
           : NULL;
    int st = sqd ? ND_OK : (int)nd_last_error(), fs = nd__dist_share_fp(x->d, fp);
    if (!st) st = fs;
    if (nd__dist_agree(x->d, st)) return nd_darray_free(sqd), NULL;
    nd_darray *s = nd_dist_sum(sqd, axis, keepdims);
    nd_darray_free(sqd);
    if (!s) return NULL;
    double dof = (double)count - ddof;
    nd_array *v = div_count(s->local, dof > 0 ? dof : 0, rt);
    nd_darray_free(s);
    nd_array *r = v && take_sqrt ? nd_sqrt(v, NULL) : nd_retain(v);
    nd_release(v);
    nd_darray *y =
        r ? nd__darray_new(func, x->d, r, rt, nd_ndim(r), nd_shape(r), ND_DIST_REPLICATED, NULL)
          : NULL;
    if (nd__dist_agree(x->d, y ? ND_OK : (int)nd_last_error())) return nd_darray_free(y), NULL;
    return y;
}

nd_darray *nd_dist_var(const nd_darray *x, int axis, int ddof, bool keepdims) {
    return var_impl("nd_dist_var", x, axis, ddof, keepdims, false);
}

nd_darray *nd_dist_std(const nd_darray *x, int axis, int ddof, bool keepdims) {
    return var_impl("nd_dist_std", x, axis, ddof, keepdims, true);
}

/* ---- shared with the other reduction modules (arg.c, scan.c) ---------------- */

int nd__dist_red_shape(const nd_darray *x, int axis, bool keepdims, int64_t *shape) {
    return red_shape(x, axis, keepdims, shape);
}

nd_darray *nd__dist_finish_local(const char *func, const nd_darray *x, nd_array *r, int axis,
                                 bool keepdims, int before) {
    return finish_local(func, x, r, axis, keepdims, before);
}

int nd__dist_check_axis(const char *func, const nd_darray *x, int *axis) {
    return check_axis(func, x, axis);
}

nd_array *nd__dist_as_rows(const nd_darray *x, int axis, int64_t *n, int64_t *g0) {
    return as_rows(x, axis, n, g0);
}
