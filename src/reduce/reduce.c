/* The reduction driver: axes, keepdims, out, result dtypes, and the walk
   that hands the kernels runs (a reduced axis innermost in memory: "run"
   mode, one result at a time) or blocks of rows (a kept axis innermost:
   "cols" mode, vectorized across the contiguous axis). See nd/reduce.h for
   the summation order, which both modes share. Composite reductions (mean,
   var, std, nan*) are built on these and on the ufuncs, as NumPy's are. */
#include <math.h>
#include <math.h>
#include <string.h>

#include "reduce/driver.h"

typedef enum { RK_PSUM, RK_RED } red_kind;

static const char *kred_ufunc[ND_KRED_NUM] = {"add",  "multiply", "minimum",    "maximum",
                                              "fmin", "fmax",     "logical_or", "logical_and"};

/* ---- combining reductions ------------------------------------------------- */

static void identity_of(int kred, nd_dtype ot, char *v) {
    memset(v, 0, 16);
    if (kred == ND_KRED_ALL) {
        v[0] = 1;
    } else if (kred == ND_KRED_PROD) {
        double one = 1.0;
        nd__cast_one(ND_FLOAT64, &one, ot, v);
    }
}

static bool needs_first(int kred) {
    return kred == ND_KRED_MIN || kred == ND_KRED_MAX || kred == ND_KRED_FMIN ||
           kred == ND_KRED_FMAX;
}

static void run_red(const plan *P, int kred, nd_dtype it, nd_dtype ot) {
    const nd_ktable *kt = nd__kernels();
    void (*red)(char *, const char *, int64_t, int64_t) = kt->red[kred][it];
    const size_t isz = nd__itemsize(it), osz = nd__itemsize(ot);
    char ident[16];
    identity_of(kred, ot, ident);
    bool first = needs_first(kred);
    int64_t idx[ND_MAX_DIMS + 1] = {0}, ridx[ND_MAX_DIMS + 1];
    char *ip = P->ip, *op = P->op;
    const int nr = P->nr, nk = P->nk;
    const int64_t rn = P->rs[nr - 1], rst = P->ris[nr - 1];
    if (!cols_mode(P)) {
        do {
            memcpy(op, first ? ip : ident, first ? isz : osz);
            if (nr == 1) {
                red(op, ip, rst, rn);
            } else {
                char *rp = ip;
                memset(ridx, 0, sizeof ridx);
                do red(op, rp, rst, rn);
                while (odo_next(nr - 1, P->rs, ridx, &rp, P->ris, NULL, NULL));
            }
        } while (odo_next(nk, P->ks, idx, &ip, P->kis, &op, P->kos));
        return;
    }
    const int64_t ncols = P->ks[nk - 1], ics = P->kis[nk - 1], ocs = P->kos[nk - 1];
    const int64_t W = RED_TILE_BYTES / (int64_t)isz;
    void (*redc)(char *, int64_t, const char *, int64_t, int64_t, int64_t, int64_t) =
        kt->red_cols[kred][it];
    do {
        for (int64_t c0 = 0; c0 < ncols; c0 += W) {
            int64_t nc = ncols - c0 < W ? ncols - c0 : W;
            char *o = op + c0 * ocs;
            const char *i0 = ip + c0 * ics;
            for (int64_t j = 0; j < nc; j++)
                memcpy(o + j * ocs, first ? i0 + j * ics : ident, first ? isz : osz);
            char *rp = (char *)i0;
            memset(ridx, 0, sizeof ridx);
            do redc(o, ocs, rp, rst, ics, rn, nc);
            while (odo_next(nr - 1, P->rs, ridx, &rp, P->ris, NULL, NULL));
        }
    } while (odo_next(nk - 1, P->ks, idx, &ip, P->kis, &op, P->kos));
}

/* ---- axes, shapes, out ------------------------------------------------------ */

/* naxes < 0: every axis. */
static nd_status parse_axes(const char *func, const nd_array *a, int naxes, const int *axes,
                            bool keepdims, axes_info *A) {
    memset(A->red, 0, sizeof A->red);
    if (naxes < 0) {
        for (int d = 0; d < a->ndim; d++) A->red[d] = true;
    } else {
        if (naxes > 0 && !axes) return nd__null_arg(func, "axes");
        for (int i = 0; i < naxes; i++) {
            int ax;
            if (nd__normalize_axis(func, axes[i], a->ndim, &ax)) return nd_last_error();
            if (A->red[ax]) return nd__error(ND_ERR_VALUE, func, "duplicate value in 'axis'");
            A->red[ax] = true;
        }
    }
    A->ond = 0;
    A->count = 1;
    for (int d = 0; d < a->ndim; d++) {
        if (A->red[d]) {
            A->count *= a->shape[d];
            if (keepdims) A->oshape[A->ond++] = 1;
        } else {
            A->oshape[A->ond++] = a->shape[d];
        }
    }
    return ND_OK;
}

nd_status nd__red_axis_to_info(const char *func, const nd_array *a, int axis, bool keepdims,
                               axes_info *A) {
    if (axis == ND_AXIS_ALL) return parse_axes(func, a, -1, NULL, keepdims, A);
    return parse_axes(func, a, 1, &axis, keepdims, A);
}

nd_status nd__red_check_out(const char *func, const char *opname, const nd_array *out, nd_dtype rt,
                            const axes_info *A) {
    if (!out) return ND_OK;
    if (out->ndim != A->ond)
        return nd__error(
            ND_ERR_SHAPE, func,
            "output parameter for reduction operation %s has the wrong number of dimensions: "
            "Found %d but expected %d",
            opname, out->ndim, A->ond);
    for (int d = 0; d < A->ond; d++)
        if (out->shape[d] != A->oshape[d]) {
            char s1[256], s2[256];
            return nd__error(
                ND_ERR_SHAPE, func,
                "output parameter for reduction operation %s has shape %s, expected %s", opname,
                nd__shape_str(s1, sizeof s1, out->ndim, out->shape),
                nd__shape_str(s2, sizeof s2, A->ond, A->oshape));
        }
    if (nd__check_writeable(func, out)) return nd_last_error();
    if (out->dtype != rt && !nd_can_cast(rt, out->dtype, ND_CAST_SAME_KIND))
        return nd__error(
            ND_ERR_DTYPE, func,
            "Cannot cast ufunc '%s' output from dtype('%s') to dtype('%s') with casting rule "
            "'same_kind'",
            opname, nd_dtype_name(rt), nd_dtype_name(out->dtype));
    return ND_OK;
}

/* Result array r (a new reference) delivered to out (if any): returns out
   or r; releases r when it is not returned. */
nd_array *nd__red_deliver(const char *func, nd_array *r, nd_array *out) {
    if (!r || !out || r == out) return r;
    nd_status s = nd__copy_into(func, out, r);
    nd_release(r);
    return s ? NULL : out;
}

/* Output strides per input axis of a result array t (0 on reduced axes). */
void nd__red_out_strides(const nd_array *a, const axes_info *A, bool keepdims, const nd_array *t,
                         int64_t *ostr) {
    int o = 0;
    for (int d = 0; d < a->ndim; d++) {
        if (A->red[d]) {
            ostr[d] = 0;
            if (keepdims) o++;
        } else {
            ostr[d] = t->strides[o++];
        }
    }
}

nd_dtype nd__red_sum_dtype(nd_dtype t) {
    if (t == ND_BOOL || nd__is_signed(t)) return ND_INT64;
    if (nd__is_unsigned(t)) return ND_UINT64;
    return t;
}

/* The core: reduce a (already of a dtype the kernels take) into a fresh
   array of dtype rt (or into out when out has dtype rt and does not overlap
   a). kind RK_PSUM: a is float32/64 or complex64/128. */
static nd_array *reduce_core(const char *func, red_kind kind, int kred, const nd_array *a,
                             const axes_info *A, bool keepdims, nd_dtype rt, nd_array *out) {
    nd_array *t = out && out->dtype == rt && !nd_may_share_memory(out, a)
                      ? out
                      : nd__alloc(func, rt, A->ond, A->oshape, ND_ORDER_C, false);
    if (!t) return NULL;
    if (nd__shape_prod(A->ond, A->oshape) == 0) return t;
    if (A->count == 0) {
        /* an empty reduced extent: the identity everywhere (the walk below
           would still visit one run of the other reduced axes) */
        char ident[16];
        identity_of(kred, rt, ident);
        nd_array *z = nd__alloc(func, rt, 0, NULL, ND_ORDER_C, false);
        if (z) memcpy(z->data, ident, nd__itemsize(rt));
        nd_status s = z ? nd__copy_into(func, t, z) : ND_ERR_NOMEM;
        nd_release(z);
        if (s && t != out) nd_release(t);
        return s ? NULL : t;
    }
    int64_t ostr[ND_MAX_DIMS + 1], shape[ND_MAX_DIMS + 1], istr[ND_MAX_DIMS + 1];
    bool red[ND_MAX_DIMS + 1];
    nd__red_out_strides(a, A, keepdims, t, ostr);
    int nd = a->ndim;
    memcpy(shape, a->shape, sizeof(int64_t) * (size_t)nd);
    memcpy(istr, a->strides, sizeof(int64_t) * (size_t)nd);
    memcpy(red, A->red, sizeof(bool) * (size_t)nd);
    nd_fp_state st;
    nd__fp_begin(&st);
    nd_status s = ND_OK;
    bool all = true;
    for (int d = 0; d < nd; d++) all &= red[d];
    if (kind == RK_PSUM && all && (a->flags & ND_FLAG_C_CONTIG) && nd__is_float(a->dtype)) {
        /* the common whole-array sum: one run */
        s = nd__red_psum_run(func, a->dtype == ND_FLOAT64, t->data, a->data,
                             (int64_t)nd__itemsize(a->dtype), A->count);
    } else if (kind == RK_PSUM) {
        int k = a->dtype == ND_FLOAT64 || a->dtype == ND_COMPLEX128;
        if (nd__is_complex(a->dtype)) { /* the parts as an extra kept axis */
            shape[nd] = 2, istr[nd] = ostr[nd] = k ? 8 : 4, red[nd] = false;
            nd++;
        }
        plan P;
        nd__red_plan(&P, nd, shape, istr, a->data, red, ostr, t->data);
        s = nd__red_run_psum(func, &P, k);
    } else {
        plan P;
        nd__red_plan(&P, nd, shape, istr, a->data, red, ostr, t->data);
        run_red(&P, kred, a->dtype, rt);
    }
    if (!s && (kind == RK_PSUM || kred == ND_KRED_PROD)) s = nd__fp_end(func, "reduce", &st);
    if (s) {
        if (t != out) nd_release(t);
        return NULL;
    }
    return nd__red_deliver(func, t, out);
}

/* sum/prod/min/max/any/all and nanmin/nanmax over the axes of A. */
nd_array *nd__red_reduce_op(const char *func, int kred, const nd_array *a, const axes_info *A,
                            bool keepdims, nd_array *out) {
    nd_dtype it = a->dtype, rt;
    switch (kred) {
    case ND_KRED_SUM:
    case ND_KRED_PROD:
        rt = nd__red_sum_dtype(it);
        break;
    case ND_KRED_ANY:
    case ND_KRED_ALL:
        rt = ND_BOOL;
        break;
    default:
        rt = it;
        break;
    }
    if (nd__red_check_out(func, kred_ufunc[kred], out, rt, A)) return NULL;
    if (A->count == 0 && needs_first(kred)) {
        return nd__error(ND_ERR_VALUE, func,
                         "zero-size array to reduction operation %s which has no identity",
                         kred_ufunc[kred]),
               NULL;
    }
    bool f16 = it == ND_FLOAT16 && (kred == ND_KRED_SUM || kred == ND_KRED_PROD);
    bool psum = kred == ND_KRED_SUM && (nd__is_inexact(it));
    if (f16) { /* accumulate in float32, round once */
        nd_array *w = nd_astype(a, ND_FLOAT32);
        if (!w) return NULL;
        nd_array *r =
            reduce_core(func, psum ? RK_PSUM : RK_RED, kred, w, A, keepdims, ND_FLOAT32, NULL);
        nd_release(w);
        if (!r) return NULL;
        nd_array *h = nd_astype(r, ND_FLOAT16);
        if (h) { /* a finite float32 sum past float16's range: overflow, as NumPy's */
            const float *rf = (const float *)r->data;
            const uint16_t *hb = (const uint16_t *)h->data;
            int64_t n = nd__shape_prod(h->ndim, h->shape);
            for (int64_t i = 0; i < n; i++)
                if ((hb[i] & 0x7fff) == 0x7c00 && isfinite(rf[i])) {
                    nd__fp_set_sticky(nd_fp_flags() | ND_FP_OVERFLOW);
                    break;
                }
        }
        nd_release(r);
        return nd__red_deliver(func, h, out);
    }
    return reduce_core(func, psum ? RK_PSUM : RK_RED, kred, a, A, keepdims, rt, out);
}

nd_array *nd__red_reduce_axis(const char *func, int kred, const nd_array *a, int axis,
                              bool keepdims, nd_array *out) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    axes_info A;
    if (nd__red_axis_to_info(func, a, axis, keepdims, &A)) return NULL;
    return nd__red_reduce_op(func, kred, a, &A, keepdims, out);
}

static void flag_if_nan(const nd_array *r) {
    if (!r || !nd__is_inexact(r->dtype)) return;
    nd_array *m = nd_isnan(r, NULL);
    nd_array *any =
        m ? nd__red_reduce_axis("nd_isnan", ND_KRED_ANY, m, ND_AXIS_ALL, false, NULL) : NULL;
    if (any && ((char *)any->data)[0]) nd__fp_set_sticky(nd_fp_flags() | ND_FP_INVALID);
    nd_release(m);
    nd_release(any);
}

/* The commonest call, a whole contiguous float array into a new or given
   0-d result, skips the plan: a sum of 1000 costs ~2x the kernel, not 4x. */
static bool sum_fast_ok(const nd_array *a, int axis, bool keepdims, const nd_array *out) {
    if (!a || axis != ND_AXIS_ALL || keepdims || !(a->flags & ND_FLAG_C_CONTIG)) return false;
    if (a->dtype != ND_FLOAT64 && a->dtype != ND_FLOAT32) return false;
    if (nd__shape_prod(a->ndim, a->shape) == 0) return false;
    return !out || (out->ndim == 0 && out->dtype == a->dtype && (out->flags & ND_FLAG_WRITEABLE) &&
                    !nd_may_share_memory(out, a));
}

nd_array *nd_sum(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    if (sum_fast_ok(a, axis, keepdims, out)) {
        nd_array *r = out ? out : nd__alloc("nd_sum", a->dtype, 0, NULL, ND_ORDER_C, false);
        if (!r) return NULL;
        nd_fp_state st;
        nd__fp_begin(&st);
        int k = a->dtype == ND_FLOAT64;
        nd_status s = nd__red_psum_run("nd_sum", k, r->data, a->data, k ? 8 : 4,
                                       nd__shape_prod(a->ndim, a->shape));
        if (!s) s = nd__fp_end("nd_sum", "reduce", &st);
        if (s && r != out) nd_release(r);
        return s ? NULL : r;
    }
    return nd__red_reduce_axis("nd_sum", ND_KRED_SUM, a, axis, keepdims, out);
}
nd_array *nd_prod(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nd__red_reduce_axis("nd_prod", ND_KRED_PROD, a, axis, keepdims, out);
}
nd_array *nd_min(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nd__red_reduce_axis("nd_min", ND_KRED_MIN, a, axis, keepdims, out);
}
nd_array *nd_max(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nd__red_reduce_axis("nd_max", ND_KRED_MAX, a, axis, keepdims, out);
}
nd_array *nd_any(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nd__red_reduce_axis("nd_any", ND_KRED_ANY, a, axis, keepdims, out);
}
nd_array *nd_all(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nd__red_reduce_axis("nd_all", ND_KRED_ALL, a, axis, keepdims, out);
}
static nd_array *nanminmax(const char *func, int kred, const nd_array *a, int axis, bool keepdims,
                           nd_array *out) {
    nd_array *r = nd__red_reduce_axis(func, kred, a, axis, keepdims, out);
    flag_if_nan(r); /* an all-NaN slice (NumPy warns "All-NaN slice encountered") */
    return r;
}
nd_array *nd_nanmin(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nanminmax("nd_nanmin", ND_KRED_FMIN, a, axis, keepdims, out);
}
nd_array *nd_nanmax(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nanminmax("nd_nanmax", ND_KRED_FMAX, a, axis, keepdims, out);
}

nd_array *nd_reduce(nd_op op, const nd_array *a, int naxes, const int *axes, bool keepdims,
                    nd_array *out) {
    static const char *func = "nd_reduce";
    int kred;
    switch (op) {
    case ND_OP_ADD:
        kred = ND_KRED_SUM;
        break;
    case ND_OP_MULTIPLY:
        kred = ND_KRED_PROD;
        break;
    case ND_OP_MAXIMUM:
        kred = ND_KRED_MAX;
        break;
    case ND_OP_MINIMUM:
        kred = ND_KRED_MIN;
        break;
    case ND_OP_FMAX:
        kred = ND_KRED_FMAX;
        break;
    case ND_OP_FMIN:
        kred = ND_KRED_FMIN;
        break;
    case ND_OP_LOGICAL_OR:
        kred = ND_KRED_ANY;
        break;
    case ND_OP_LOGICAL_AND:
        kred = ND_KRED_ALL;
        break;
    default:
        return nd__error(ND_ERR_VALUE, func, "reduction of '%s' is not supported",
                         nd_op_name(op) ? nd_op_name(op) : "?"),
               NULL;
    }
    if (!a) return nd__null_arg(func, "a"), NULL;
    axes_info A;
    if (parse_axes(func, a, naxes < 0 ? -1 : naxes, axes, keepdims, &A)) return NULL;
    nd_array *r = nd__red_reduce_op(func, kred, a, &A, keepdims, out);
    if (kred == ND_KRED_FMIN || kred == ND_KRED_FMAX) flag_if_nan(r);
    return r;
}
