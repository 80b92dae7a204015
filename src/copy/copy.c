/* Copies and casts between arrays of any layout, through the kernel table,
   the iterator and the pool. */
#include <string.h>

#include "copy/copy.h"
#include "core/internal.h"
#include "dispatch/dispatch.h"
#include "iter/broadcast.h"
#include "iter/loop.h"
#include "profile/profile.h"
#include "thread/fp.h"
#include "thread/pool.h"

/* src's strides viewed at dst's shape; ND_ERR_SHAPE if it cannot be. */
static nd_status broadcast_strides(const char *func, const nd_array *a, int ndim,
                                   const int64_t *shape, int64_t *strides) {
    if (nd__broadcast_strides(a, ndim, shape, strides)) return ND_OK;
    char sa[256], sb[256];
    return nd__error(
        ND_ERR_SHAPE, func, "could not broadcast input array from shape %s into shape %s",
        nd__shape_str(sa, sizeof sa, a->ndim, a->shape), nd__shape_str(sb, sizeof sb, ndim, shape));
}

/* n items of w bytes at d, each the value at v: one typed store per item
   (vectorized), memset for bytes. */
static void fill_run(char *d, const char *v, size_t w, int64_t n) {
#define FILL_AS(T)                                                                                 \
    do {                                                                                           \
        T x;                                                                                       \
        memcpy(&x, v, sizeof x);                                                                   \
        T *p = (T *)(void *)d;                                                                     \
        for (int64_t i = 0; i < n; i++) p[i] = x;                                                  \
    } while (0)
    if (w == 1) {
        memset(d, (unsigned char)v[0], (size_t)n);
        return;
    }
    if ((uintptr_t)d % w == 0 && w == 2) {
        FILL_AS(uint16_t);
        return;
    }
    if ((uintptr_t)d % w == 0 && w == 4) {
        FILL_AS(uint32_t);
        return;
    }
    if ((uintptr_t)d % w == 0 && w == 8) {
        FILL_AS(uint64_t);
        return;
    }
#undef FILL_AS
    for (int64_t i = 0; i < n; i++) memcpy(d + (size_t)i * w, v, w);
}

static nd_status copy_run(const char *func, nd_array *dst, const nd_array *src) {
    int64_t sstr[ND_MAX_DIMS];
    if ((dst->flags & ND_FLAG_C_CONTIG) && nd_size(src) == 1 && src->ndim <= dst->ndim &&
        !nd__self_overlaps(dst)) { /* one value everywhere: cast it once, then fill */
        char one[16];
        char *ptr[2] = {src->data, one};
        int64_t steps[2] = {0, 0};
        nd__kernels()->cast[src->dtype][dst->dtype](ptr, steps, 1);
        fill_run(dst->data, one, nd__itemsize(dst->dtype), nd_size(dst));
        return ND_OK;
    }
    if (broadcast_strides(func, src, dst->ndim, dst->shape, sstr)) return nd_last_error();
    nd_array *tmp = NULL;
    if (src->buf == dst->buf && nd_may_share_memory(dst, src)) {
        /* Overlap: read from a private copy so the result equals NumPy's. */
        tmp = nd_copy(src);
        if (!tmp) return nd_last_error();
        broadcast_strides(func, tmp, dst->ndim, dst->shape, sstr);
        src = tmp;
    }
    nd_kloop fn = nd__kernels()->cast[src->dtype][dst->dtype];
    if (nd__self_overlaps(dst)) { /* one element at a time in C order: the last write wins */
        int64_t idx[ND_MAX_DIMS] = {0}, n = nd__shape_prod(dst->ndim, dst->shape),
                steps[2] = {0, 0};
        for (int64_t e = 0; e < n; e++) {
            char *ptr[2] = {src->data, dst->data};
            for (int d = 0; d < dst->ndim; d++)
                ptr[0] += idx[d] * sstr[d], ptr[1] += idx[d] * dst->strides[d];
            fn(ptr, steps, 1);
            for (int d = dst->ndim - 1; d >= 0 && ++idx[d] == dst->shape[d]; d--) idx[d] = 0;
        }
        nd_release(tmp);
        return ND_OK;
    }
    if ((dst->flags & ND_FLAG_C_CONTIG) && (src->flags & ND_FLAG_C_CONTIG) &&
        nd_size(src) == nd_size(dst)) { /* same elements in the same order: one run, threaded */
        char *ptr[2] = {src->data, dst->data};
        int64_t steps[2] = {(int64_t)nd__itemsize(src->dtype), (int64_t)nd__itemsize(dst->dtype)};
        nd__parallel_flat(fn, 2, ptr, steps, nd_size(dst), ND_PARALLEL_MIN_BYTES);
        nd_release(tmp);
        return ND_OK;
    }
    const int64_t *strides[2] = {sstr, dst->strides};
    char *base[2] = {src->data, dst->data};
    nd_loop L;
    nd__loop_init(&L, 2, dst->ndim, dst->shape, strides, base, true);
    L.itemsize[0] = (int64_t)nd__itemsize(src->dtype); /* a transposed source is packed */
    L.move = src->dtype == dst->dtype && src->dtype != ND_BOOL; /* the byte moves of cast.c */
    nd__parallel_nest(&L, fn, L.itemsize[0] + (int64_t)nd__itemsize(dst->dtype),
                      ND_PARALLEL_MIN_BYTES);
    nd_release(tmp);
    return ND_OK;
}

/* A cast from a float or complex source may raise (NaN to an integer is
   invalid, 1e300 to float32 overflows), which NumPy reports "in cast"; the
   bracket nests, since reductions and the expression evaluator cast inside
   their own. Other casts raise nothing and skip the MXCSR reads. */
nd_status nd__copy_into(const char *func, nd_array *dst, const nd_array *src) {
    if (src->dtype == dst->dtype || !nd__is_inexact(src->dtype)) return copy_run(func, dst, src);
    nd_fp_state st;
    nd__fp_begin_nested(&st);
    nd_status s = copy_run(func, dst, src);
    nd_status f = nd__fp_end_nested(func, "cast", &st);
    return s ? s : f;
}

static nd_array *copy_as(const char *func, const nd_array *a, nd_dtype t, nd_order order) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    bool prof = atomic_load_explicit(&nd__profiling, memory_order_relaxed);
    nd_prof_mark m;
    if (prof) nd__prof_begin(&m);
    nd_array *r = nd__alloc(func, t, a->ndim, a->shape, order, false);
    if (r && nd__copy_into(func, r, a)) {
        nd_release(r);
        return NULL;
    }
    if (r && prof)
        nd__prof_end(&m, a->dtype == t ? "copy" : "astype", a->dtype, nd_size(r), nd_nbytes(a),
                     nd_nbytes(r));
    return r;
}

nd_array *nd_copy(const nd_array *a) {
    return copy_as("nd_copy", a, a ? a->dtype : ND_BOOL, ND_ORDER_C);
}

nd_array *nd_copy_order(const nd_array *a, nd_order order) {
    if (order != ND_ORDER_C && order != ND_ORDER_F)
        return nd__error(ND_ERR_VALUE, "nd_copy_order", "order must be ND_ORDER_C or ND_ORDER_F"),
               NULL;
    return copy_as("nd_copy_order", a, a ? a->dtype : ND_BOOL, order);
}

nd_array *nd_astype(const nd_array *a, nd_dtype t) {
    if (nd__check_dtype("nd_astype", t)) return NULL;
    return copy_as("nd_astype", a, t, ND_ORDER_C);
}

int nd_assign(nd_array *dst, const nd_array *src) {
    if (!dst) return nd__null_arg("nd_assign", "dst");
    if (!src) return nd__null_arg("nd_assign", "src");
    if (nd__check_writeable("nd_assign", dst)) return ND_ERR_VALUE;
    return nd__copy_into("nd_assign", dst, src);
}

/* a filled with one value of dtype t, converted by nd__assign_scalar's
   rules (t == a's dtype: the bytes as given) */
static nd_status fill_as(const char *func, nd_array *a, nd_dtype t, const void *value) {
    if (!a) return nd__null_arg(func, "a");
    if (nd__check_dtype(func, t)) return nd_last_error();
    if (!value) return nd__null_arg(func, "value");
    if (nd__check_writeable(func, a)) return ND_ERR_VALUE;
    char one[16];
    nd_status s = nd__assign_scalar(func, t, value, a->dtype, one);
    if (s) return s;
    nd_array *v = nd__alloc(func, a->dtype, 0, NULL, ND_ORDER_C, false);
    if (!v) return nd_last_error();
    memcpy(v->data, one, nd_dtype_size(a->dtype));
    s = nd__copy_into(func, a, v);
    nd_release(v);
    return s;
}

int nd_fill(nd_array *a, const void *value) {
    return fill_as("nd_fill", a, a ? a->dtype : ND_BOOL, value);
}
int nd_fill_as(nd_array *a, nd_dtype t, const void *value) {
    return fill_as("nd_fill_as", a, t, value);
}
int nd_fill_f64(nd_array *a, double v) { return fill_as("nd_fill_f64", a, ND_FLOAT64, &v); }
int nd_fill_i64(nd_array *a, int64_t v) { return fill_as("nd_fill_i64", a, ND_INT64, &v); }
int nd_fill_c128(nd_array *a, nd_complex128 v) {
    return fill_as("nd_fill_c128", a, ND_COMPLEX128, &v);
}
