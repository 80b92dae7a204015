/* Set operations on 1-D arrays (np.union1d, np.intersect1d, np.setdiff1d,
   np.setxor1d), NumPy's algorithms (lib/arraysetops.py): sort the two
   arrays joined and compare neighbours. And np.sort_complex. */
#include <string.h>

#include "nd/manip.h"
#include "nd/select.h"
#include "nd/sort.h"
#include "sort/sort_internal.h"

/* Neighbour equality as ==: bytes for bool and integers, values for floats
   (-0 == 0, NaN unequal) and complex. */
static bool eq(nd_dtype t, const char *a, const char *b) {
    if (!nd__is_inexact(t)) return memcmp(a, b, nd_dtype_size(t)) == 0;
    nd_complex128 x, y;
    nd__cast_one(t, a, ND_COMPLEX128, &x);
    nd__cast_one(t, b, ND_COMPLEX128, &y);
    return x.re == y.re && x.im == y.im;
}

static nd_array *unique_of(const nd_array *a, nd_array **index) {
    nd_array *v = NULL;
    if (nd_unique(a, &v, index, NULL, NULL)) return NULL;
    return v;
}

/* concatenate((ravel(a), ravel(b))): a new C-order 1-D array. */
static nd_array *join(const nd_array *a, const nd_array *b) {
    nd_array *in[2] = {(nd_array *)a, (nd_array *)b};
    return nd_concatenate(2, in, ND_AXIS_ALL, NULL);
}

nd_array *nd_union1d(const nd_array *a, const nd_array *b) {
    if (!a || !b) return nd__null_arg("nd_union1d", a ? "b" : "a"), NULL;
    nd_array *j = join(a, b), *r = j ? unique_of(j, NULL) : NULL;
    nd_release(j);
    return r;
}

int nd_intersect1d(const nd_array *a, const nd_array *b, bool assume_unique, nd_array **values,
                   nd_array **ind1, nd_array **ind2) {
    static const char *func = "nd_intersect1d";
    if (!a || !b) return nd__null_arg(func, a ? "b" : "a");
    if (!values) return nd__null_arg(func, "values");
    bool want_idx = ind1 || ind2;
    nd_array *u1 = NULL, *u2 = NULL, *i1 = NULL, *i2 = NULL, *aux = NULL, *order = NULL,
             *sorted = NULL, *r = NULL, *r1 = NULL, *r2 = NULL;
    int s = ND_OK;
    if (assume_unique) {
        u1 = nd_ravel(a), u2 = u1 ? nd_ravel(b) : NULL;
    } else {
        u1 = unique_of(a, want_idx ? &i1 : NULL);
        u2 = u1 ? unique_of(b, want_idx ? &i2 : NULL) : NULL;
    }
    if (!u2 || !(aux = join(u1, u2))) goto fail;
    int64_t n = nd_size(aux), n1 = nd_size(u1);
    if (want_idx) {
        if (!(order = nd_argsort_stable(aux, 0))) goto fail;
        sorted = nd_take(aux, order, 0, NULL);
    } else {
        sorted = nd_sort(aux, 0);
    }
    if (!sorted) goto fail;
    nd_dtype t = sorted->dtype;
    size_t is = nd_dtype_size(t);
    int64_t m = 0;
    for (int64_t k = 0; k + 1 < n; k++)
        m += eq(t, sorted->data + k * is, sorted->data + (k + 1) * is);
    if (!(r = nd__alloc(func, t, 1, &m, ND_ORDER_C, false))) goto fail;
    if (want_idx && (!(r1 = nd__alloc(func, ND_INT64, 1, &m, ND_ORDER_C, false)) ||
                     !(r2 = nd__alloc(func, ND_INT64, 1, &m, ND_ORDER_C, false))))
        goto fail;
    const int64_t *ord = order ? (const int64_t *)(void *)order->data : NULL;
    const int64_t *f1 = i1 ? (const int64_t *)(void *)i1->data : NULL;
    const int64_t *f2 = i2 ? (const int64_t *)(void *)i2->data : NULL;
    for (int64_t k = 0, c = 0; k + 1 < n; k++) {
        if (!eq(t, sorted->data + k * is, sorted->data + (k + 1) * is)) continue;
        memcpy(r->data + c * (int64_t)is, sorted->data + k * is, is);
        if (want_idx) {
            int64_t x = ord[k], y = ord[k + 1] - n1;
            ((int64_t *)(void *)r1->data)[c] = f1 ? f1[x] : x;
            ((int64_t *)(void *)r2->data)[c] = f2 ? f2[y] : y;
        }
        c++;
    }
    *values = r;
    if (ind1)
        *ind1 = r1;
    else
        nd_release(r1);
    if (ind2)
        *ind2 = r2;
    else
        nd_release(r2);
    goto done;
fail:
    s = nd_last_error();
    nd_release(r), nd_release(r1), nd_release(r2);
done:
    nd_release(u1), nd_release(u2), nd_release(i1), nd_release(i2), nd_release(aux);
    nd_release(order), nd_release(sorted);
    return s;
}

nd_array *nd_setdiff1d(const nd_array *a, const nd_array *b, bool assume_unique) {
    if (!a || !b) return nd__null_arg("nd_setdiff1d", a ? "b" : "a"), NULL;
    nd_array *u1 = assume_unique ? nd_ravel(a) : unique_of(a, NULL);
    nd_array *keep = u1 ? nd_in1d(u1, b, true) : NULL;
    nd_array *r = keep ? nd_compress(keep, u1, 0, NULL) : NULL;
    nd_release(u1), nd_release(keep);
    return r;
}

nd_array *nd_setxor1d(const nd_array *a, const nd_array *b, bool assume_unique) {
    static const char *func = "nd_setxor1d";
    if (!a || !b) return nd__null_arg(func, a ? "b" : "a"), NULL;
    nd_array *u1 = assume_unique ? nd_retain((nd_array *)a) : unique_of(a, NULL);
    nd_array *u2 = u1 ? (assume_unique ? nd_retain((nd_array *)b) : unique_of(b, NULL)) : NULL;
    nd_array *aux = u2 ? join(u1, u2) : NULL, *sorted = aux ? nd_sort(aux, 0) : NULL, *r = NULL;
    if (sorted) {
        nd_dtype t = sorted->dtype;
        size_t is = nd_dtype_size(t);
        int64_t n = nd_size(sorted), m = 0;
        char *p = sorted->data;
        /* kept: the values equal to neither neighbour, compacted in place */
        for (int64_t k = 0; k < n; k++) {
            bool dup = (k > 0 && eq(t, p + k * is, p + (k - 1) * is)) ||
                       (k + 1 < n && eq(t, p + k * is, p + (k + 1) * is));
            if (!dup) {
                if (m != k) memmove(p + m * is, p + k * is, is);
                m++;
            }
        }
        /* the duplicates test above reads the unshifted neighbours: a kept
           element moves only to an index below k, already past */
        if ((r = nd__alloc(func, t, 1, &m, ND_ORDER_C, false))) memcpy(r->data, p, (size_t)m * is);
    }
    nd_release(u1), nd_release(u2), nd_release(aux), nd_release(sorted);
    return r;
}

nd_array *nd_sort_complex(const nd_array *a) {
    if (!a) return nd__null_arg("nd_sort_complex", "a"), NULL;
    nd_array *s = nd_sort(a, -1);
    if (!s || nd__is_complex(s->dtype)) return s;
    nd_dtype t = s->dtype, to = (t == ND_INT8 || t == ND_UINT8 || t == ND_INT16 || t == ND_UINT16)
                                    ? ND_COMPLEX64
                                    : ND_COMPLEX128;
    nd_array *r = nd_astype(s, to);
    nd_release(s);
    return r;
}
