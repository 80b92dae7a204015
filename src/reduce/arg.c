/* argmin, argmax and their nan-variants. */
#include <math.h>
#include <string.h>

#include "reduce/driver.h"

/* ---- argmin / argmax ------------------------------------------------------ */

static nd_array *arg_reduce(const char *func, int which, const nd_array *a, int axis, bool keepdims,
                            nd_array *out) {
    static const char *names[4] = {"argmax", "argmin", "argmax", "argmin"};
    if (!a) return nd__null_arg(func, "a"), NULL;
    axes_info A;
    if (nd__red_axis_to_info(func, a, axis, keepdims, &A)) return NULL;
    if (nd__red_check_out(func, names[which], out, ND_INT64, &A)) return NULL;
    if (A.count == 0)
        return nd__error(ND_ERR_VALUE, func, "attempt to get %s of an empty sequence",
                         names[which]),
               NULL;
    nd_array *src = NULL; /* a C-order copy for ND_AXIS_ALL */
    const nd_array *x = a;
    int ax = 0;
    if (axis == ND_AXIS_ALL) {
        if (!(a->flags & ND_FLAG_C_CONTIG)) {
            src = nd_copy(a);
            if (!src) return NULL;
            x = src;
        }
    } else {
        nd__normalize_axis(func, axis, a->ndim, &ax);
    }
    nd_array *t = out && out->dtype == ND_INT64
                      ? out
                      : nd__alloc(func, ND_INT64, A.ond, A.oshape, ND_ORDER_C, false);
    if (!t) return nd_release(src), NULL;
    if (nd__shape_prod(A.ond, A.oshape) > 0) {
        const nd_ktable *kt = nd__kernels();
        /* the reduced run: n elements with stride rs */
        int64_t n, rs;
        plan P; /* kept dims only; the reduced axis keeps its logical order */
        bool red[ND_MAX_DIMS] = {0};
        int64_t ostr[ND_MAX_DIMS];
        if (axis == ND_AXIS_ALL) {
            n = A.count, rs = (int64_t)nd__itemsize(x->dtype);
            P.ip = x->data, P.op = t->data, P.nk = 0;
        } else {
            n = x->shape[ax], rs = x->strides[ax];
            nd__red_out_strides(x, &A, keepdims, t, ostr);
            red[ax] = true;
            nd__red_plan(&P, x->ndim, x->shape, x->strides, x->data, red, ostr, t->data);
            /* make_plan may have flipped the reduced axis: undo */
            P.ip = x->data;
            for (int d = 0; d < x->ndim; d++)
                if (!red[d] && x->shape[d] > 1 && x->strides[d] < 0)
                    P.ip += x->strides[d] * (x->shape[d] - 1);
        }
        int64_t idx[ND_MAX_DIMS + 1] = {0};
        char *ip = P.ip, *op = P.op;
        if (P.nk == 0 || iabs64(rs) <= P.kis[P.nk - 1]) {
            int64_t (*fn)(const char *, int64_t, int64_t) = kt->arg[which][x->dtype];
            do {
                int64_t i = fn(ip, rs, n);
                memcpy(op, &i, 8);
            } while (odo_next(P.nk, P.ks, idx, &ip, P.kis, &op, P.kos));
        } else {
            const int64_t ncols = P.ks[P.nk - 1], ics = P.kis[P.nk - 1], ocs = P.kos[P.nk - 1];
            const int64_t W = 1024, wc = ncols < W ? ncols : W;
            char *best = nd__malloc((size_t)wc * 16);
            if (!best) {
                nd__nomem(func, (size_t)wc * 16);
                if (t != out) nd_release(t);
                return nd_release(src), NULL;
            }
            do {
                for (int64_t c0 = 0; c0 < ncols; c0 += W) {
                    int64_t nc = ncols - c0 < W ? ncols - c0 : W;
                    kt->arg_cols[which][x->dtype](op + c0 * ocs, ocs, best, ip + c0 * ics, rs, ics,
                                                  n, nc);
                }
            } while (odo_next(P.nk - 1, P.ks, idx, &ip, P.kis, &op, P.kos));
            nd__free(best);
        }
    }
    nd_release(src);
    return nd__red_deliver(func, t, out);
}

nd_array *nd_argmax(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return arg_reduce("nd_argmax", 0, a, axis, keepdims, out);
}
nd_array *nd_argmin(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return arg_reduce("nd_argmin", 1, a, axis, keepdims, out);
}

static nd_array *nanarg(const char *func, int which, const nd_array *a, int axis, bool keepdims,
                        nd_array *out) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (nd__is_inexact(a->dtype) && nd_size(a) > 0) {
        nd_array *m = nd_isnan(a, NULL);
        nd_array *all = m ? nd__red_reduce_axis(func, ND_KRED_ALL, m, axis, false, NULL) : NULL;
        nd_array *any =
            all ? nd__red_reduce_axis(func, ND_KRED_ANY, all, ND_AXIS_ALL, false, NULL) : NULL;
        bool bad = any && ((char *)any->data)[0];
        nd_release(m);
        nd_release(all);
        nd_release(any);
        if (!any) return NULL;
        if (bad) return nd__error(ND_ERR_VALUE, func, "All-NaN slice encountered"), NULL;
    }
    return arg_reduce(func, which, a, axis, keepdims, out);
}
nd_array *nd_nanargmax(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nanarg("nd_nanargmax", 2, a, axis, keepdims, out);
}
nd_array *nd_nanargmin(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nanarg("nd_nanargmin", 3, a, axis, keepdims, out);
}
