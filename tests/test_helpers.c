/* The helpers (nd/helpers.h) against NumPy 1.24: tests/helpers_ref.py
   prints NumPy's result for each case (inputs from the same exact formula
   as mk() below), and each test compares nd's dtype, shape and values
   (bitwise: every helper computes what NumPy computes, in the same
   order), and its error status where NumPy raises. Properties NumPy's
   output cannot show (layouts, views, identity) are checked directly. */
#include <math.h>

#include "nd_test.h"

static char *ref; /* helpers_ref.py's output */

static const char *ref_line(const char *name) {
    return nd_test_ref_line(&ref, ND_TESTS_DIR "/helpers_ref.py", name);
}

/* helpers_ref.py's mk(): exact binary fractions, cast to t. */
static nd_array *mk(nd_dtype t, int ndim, const int64_t *shape, int seed) {
    int64_t n = 1;
    for (int i = 0; i < ndim; i++) n *= shape[i];
    double *v = malloc(sizeof(double) * (size_t)(n ? n : 1));
    for (int64_t i = 0; i < n; i++) v[i] = (double)((i * 37 + seed * 11) % 101 - 50) / 8.0;
    nd_array *tmp = nd_from_buffer(ND_FLOAT64, ndim, shape, v), *a = nd_astype(tmp, t);
    nd_release(tmp);
    free(v);
    ck_assert_ptr_nonnull(a);
    return a;
}

#define SHAPE(...)                                                                                 \
    (int)(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)), (int64_t[]) { __VA_ARGS__ }
/* A 1-D int64 array of the listed values. */
#define I64S(...)                                                                                  \
    nd_from_buffer(ND_INT64, 1, (int64_t[]){sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)},   \
                   (int64_t[]){__VA_ARGS__})
#define F64S(...)                                                                                  \
    nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){sizeof((double[]){__VA_ARGS__}) / sizeof(double)},   \
                   (double[]){__VA_ARGS__})
static nd_array *i64_0d(int64_t v) { return nd_from_buffer(ND_INT64, 0, NULL, &v); }

/* Compares r (released) with the reference: the dtype, the shape and the
   values' bits (NaN equal NaN), or within tol relative when tol > 0. */
static void check_tol(const char *name, nd_array *r, double tol) {
    nd_test_ref_check(name, r ? ref_line(name) : "", r, tol, 0);
}

static void check(const char *name, nd_array *r) { check_tol(name, r, 0); }
/* logspace and geomspace: NumPy 1.24's float64 power is SVML's on AVX-512
   machines (within 1 ulp, not always correctly rounded), nd's libm's pow
   (glibc: correctly rounded in practice); 4 ulp covers both. */
#define POW_TOL (4 * 2.220446049250313e-16)

/* check() of n results "name.0" ... (st: the call's status). */
static void check_n(const char *name, int st, int n, nd_array **out) {
    ck_assert_msg(st == ND_OK, "%s: nd failed: %s", name, nd_last_error_message());
    for (int i = 0; i < n; i++) {
        char buf[96];
        snprintf(buf, sizeof buf, "%s.%d", name, i);
        check(buf, out[i]);
    }
    char buf[96];
    snprintf(buf, sizeof buf, "%s.%d|", name, n);
    ck_assert_msg(!strstr(ref, buf), "%s: NumPy gave more than %d results", name, n);
}

/* NumPy raises name's exception; nd must fail with the matching status. */
static void check_err(const char *name, int status) {
    const char *p = ref_line(name);
    ck_assert_msg(!strncmp(p, "error|", 6), "%s: NumPy did not raise", name);
    p += 6;
    nd_status want = !strncmp(p, "TypeError", 9)     ? ND_ERR_DTYPE
                     : !strncmp(p, "AxisError", 9)   ? ND_ERR_AXIS
                     : !strncmp(p, "IndexError", 10) ? ND_ERR_INDEX
                                                     : ND_ERR_VALUE;
    ck_assert_msg(status == (int)want, "%s: nd status %s (%s), NumPy %.20s", name,
                  nd_status_name(status), nd_last_error_message(), p);
    ck_assert_msg(nd_last_error() == want && nd_last_error_message()[0], "%s: no message", name);
    nd_clear_error();
}
static int status_of(nd_array *r) {
    if (r) {
        nd_release(r);
        return ND_OK;
    }
    return nd_last_error();
}
#define check_err_r(name, call) check_err(name, status_of(call))

/* ---- callbacks ---- */

static nd_array *fn_i10_plus_j(int ndim, nd_array *const *c, void *ctx) {
    ck_assert_int_eq(ndim, 2);
    ck_assert_ptr_eq(ctx, (void *)&fn_i10_plus_j);
    nd_array *ten = nd_lit_i64(10), *t = nd_multiply(c[0], ten, NULL), *r = nd_add(t, c[1], NULL);
    nd_release(ten), nd_release(t);
    return r;
}
static nd_array *fn_i_plus_jk(int ndim, nd_array *const *c, void *ctx) {
    (void)ctx;
    ck_assert_int_eq(ndim, 3);
    nd_array *t = nd_multiply(c[1], c[2], NULL), *r = nd_add(c[0], t, NULL);
    nd_release(t);
    return r;
}
static nd_array *fn_triu(const nd_array *a, int64_t k, void *ctx) {
    (void)ctx;
    return nd_triu(a, k);
}
static nd_array *fn_tril(const nd_array *a, int64_t k, void *ctx) {
    (void)ctx;
    return nd_tril(a, k);
}
static nd_array *fn_cumsum(const nd_array *x, void *ctx) {
    (void)ctx;
    return nd_cumsum(x, 0, NULL);
}
static nd_array *fn_sum(const nd_array *x, void *ctx) {
    (void)ctx;
    return nd_sum(x, ND_AXIS_ALL, false, NULL);
}
static nd_array *fn_outer12(const nd_array *x, void *ctx) {
    (void)ctx;
    nd_array *col = nd_reshape(x, 2, (int64_t[]){nd_size(x), 1}), *w = F64S(1.0, 2.0);
    nd_array *r = nd_multiply(col, w, NULL);
    nd_release(col), nd_release(w);
    return r;
}
static nd_array *fn_fail(const nd_array *x, void *ctx) {
    (void)x, (void)ctx;
    nd_error_set(ND_ERR_VALUE, "fn_fail: refused");
    return NULL;
}
static nd_array *ax_sum(const nd_array *a, int axis, void *ctx) {
    (void)ctx;
    return nd_sum(a, axis, false, NULL);
}
static nd_array *ax_cumsum(const nd_array *a, int axis, void *ctx) {
    (void)ctx;
    return nd_cumsum(a, axis, NULL);
}
static nd_array *ax_flatten(const nd_array *a, int axis, void *ctx) {
    (void)ctx, (void)axis;
    return nd_flatten(a);
}

START_TEST(creation) {
    nd_array *a34 = mk(ND_FLOAT64, SHAPE(3, 4), 1), *f23 = mk(ND_FLOAT32, SHAPE(2, 3), 2);
    check("zeros_like_i4", nd_zeros_like(a34, ND_INT32));
    check("ones_like_f4", nd_ones_like(f23, ND_NUM_DTYPES));
    check("ones_like_c16", nd_ones_like(a34, ND_COMPLEX128));
    check("full_like_i2", nd_full_like(a34, 2.7, ND_INT16));
    check("full_like_f8", nd_full_like(a34, -1.25, ND_NUM_DTYPES));
    check("full_like_u1", nd_full_like(a34, -1, ND_UINT8));
    /* empty_like: a's shape and dtype; order 'K' keeps a Fortran layout */
    nd_array *e = nd_empty_like(a34, ND_NUM_DTYPES), *at = nd_transpose(a34, NULL);
    ck_assert(nd_get_dtype(e) == ND_FLOAT64 && nd_ndim(e) == 2 && nd_shape(e)[1] == 4);
    nd_array *et = nd_empty_like(at, ND_INT8), *zt = nd_zeros_like(at, ND_NUM_DTYPES);
    ck_assert(nd_is_f_contiguous(et) && !nd_is_c_contiguous(et) && nd_is_f_contiguous(zt));
    ck_assert(nd_get_dtype(et) == ND_INT8 && nd_shape(et)[0] == 4);
    ck_assert_ptr_null(nd_empty_like(a34, (nd_dtype)99));
    ck_assert_int_eq(nd_last_error(), ND_ERR_DTYPE);
    nd_clear_error();
    nd_release(e), nd_release(at), nd_release(et), nd_release(zt);
    /* a permuted 3-D view: the same stride order (NumPy's order='K') */
    nd_array *a234 = mk(ND_FLOAT64, SHAPE(2, 3, 4), 1), *p = nd_transpose(a234, (int[]){2, 0, 1});
    nd_array *pf = nd_flip(p, 1), *ep = nd_ones_like(pf, ND_INT16);
    const int64_t *ps = nd_strides(pf), *es = nd_strides(ep);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(nd_shape(ep)[i], nd_shape(pf)[i]);
        ck_assert(es[i] > 0);
        for (int j = 0; j < 3; j++) ck_assert((llabs(ps[i]) > llabs(ps[j])) == (es[i] > es[j]));
    }
    ck_assert_int_eq(nd_count_nonzero(ep), 24);
    nd_release(a234), nd_release(p), nd_release(pf), nd_release(ep);

    check_tol("logspace_a", nd_logspace(0, 2, 5, true, 10, ND_FLOAT64), POW_TOL);
    check_tol("logspace_b", nd_logspace(1, -3, 7, false, 2, ND_FLOAT64), POW_TOL);
    check_tol("logspace_int", nd_logspace(0, 3, 4, true, 10, ND_INT64), POW_TOL);
    check_tol("logspace_neg", nd_logspace(-1, 2, 4, true, -2, ND_FLOAT64), POW_TOL);
    check_tol("logspace_f4", nd_logspace(0.5, 1.5, 6, true, 10, ND_FLOAT32), POW_TOL);
    check_tol("logspace_0", nd_logspace(0, 1, 0, true, 10, ND_FLOAT64), POW_TOL);
    check_tol("logspace_1", nd_logspace(3, 1, 1, true, 10, ND_FLOAT64), POW_TOL);
    check_err_r("logspace_negnum", nd_logspace(0, 1, -1, true, 10, ND_FLOAT64));
    check_tol("geomspace_a", nd_geomspace(1, 1000, 4, true, ND_FLOAT64), POW_TOL);
    check_tol("geomspace_b", nd_geomspace(1, 1000, 4, false, ND_FLOAT64), POW_TOL);
    check_tol("geomspace_neg", nd_geomspace(-1, -1000, 5, true, ND_FLOAT64), POW_TOL);
    check_tol("geomspace_f4", nd_geomspace(2, 3, 7, true, ND_FLOAT32), POW_TOL);
    check_tol("geomspace_int", nd_geomspace(1, 256, 9, true, ND_INT64), POW_TOL);
    check_tol("geomspace_mixed", nd_geomspace(-1, 1, 3, true, ND_FLOAT64), POW_TOL);
    check_tol("geomspace_wide", nd_geomspace(0.001, 1e6, 10, true, ND_FLOAT64), POW_TOL);
    check_tol("geomspace_1", nd_geomspace(5, 7, 1, true, ND_FLOAT64), POW_TOL);
    check_err_r("geomspace_zero", nd_geomspace(0, 1, 3, true, ND_FLOAT64));

    check("tri_3", nd_tri(3, -1, 0, ND_FLOAT64));
    check("tri_3_5_1", nd_tri(3, 5, 1, ND_FLOAT64));
    check("tri_4_2_m1_int", nd_tri(4, 2, -1, ND_INT64));
    check("tri_0", nd_tri(0, -1, 0, ND_FLOAT64));
    check("tri_k_big", nd_tri(3, 5, 10, ND_FLOAT64));
    check("tri_k_small", nd_tri(3, 5, -10, ND_FLOAT64));
    nd_array *t = nd_tri(2, 2, INT64_MAX, ND_INT8);
    ck_assert_int_eq(nd_count_nonzero(t), 4);
    nd_release(t);
    t = nd_tri(2, 2, INT64_MIN, ND_INT8);
    ck_assert_int_eq(nd_count_nonzero(t), 0);
    nd_release(t);

    nd_array *d1 = mk(ND_FLOAT64, SHAPE(2, 2), 3), *d2 = mk(ND_INT32, SHAPE(3), 4),
             *d3 = mk(ND_FLOAT32, SHAPE(2, 2), 5);
    check("diagflat_a", nd_diagflat(d1, 0));
    check("diagflat_k1", nd_diagflat(d2, 1));
    check("diagflat_km2", nd_diagflat(d3, -2));
    nd_release(d1), nd_release(d2), nd_release(d3);

    check("fromfunction_int",
          nd_fromfunction(fn_i10_plus_j, (void *)&fn_i10_plus_j, SHAPE(3, 4), ND_INT64));
    check("fromfunction_f8", nd_fromfunction(fn_i_plus_jk, NULL, SHAPE(2, 3, 2), ND_FLOAT64));

    nd_array *nan2 = F64S(1.0, NAN), *inf2 = F64S(1.0, INFINITY);
    check_err_r("chkfinite_nan", nd_asarray_chkfinite(nan2, ND_NUM_DTYPES));
    check_err_r("chkfinite_inf", nd_asarray_chkfinite(inf2, ND_FLOAT32));
    check("chkfinite_cast", nd_asarray_chkfinite(a34, ND_FLOAT32));
    nd_array *same = nd_asarray_chkfinite(a34, ND_NUM_DTYPES);
    ck_assert_ptr_eq(same, a34); /* np.asarray: the array itself */
    nd_release(same);
    nd_array *ints = nd_asarray_chkfinite(nan2, ND_INT64); /* an integer cast has no NaN */
    ck_assert_ptr_nonnull(ints);
    nd_release(ints), nd_release(nan2), nd_release(inf2);
    nd_array *i3 = mk(ND_INT32, SHAPE(3), 4);
    check("asfarray_int", nd_asfarray(i3, ND_NUM_DTYPES));
    check("asfarray_f4", nd_asfarray(a34, ND_FLOAT32));
    check("asfarray_intdt", nd_asfarray(a34, ND_INT32));
    check("asfarray_c8", nd_asfarray(i3, ND_COMPLEX64));
    same = nd_asfarray(a34, ND_INT16); /* not inexact: float64, a34's own dtype */
    ck_assert_ptr_eq(same, a34);
    nd_release(same), nd_release(i3);

    check_err_r("require_cf", nd_require(a34, ND_NUM_DTYPES, ND_REQ_C | ND_REQ_F));
    nd_array *rf = nd_require(a34, ND_INT64, ND_REQ_F);
    ck_assert(nd_is_f_contiguous(rf));
    check("require_i8", rf);
    same = nd_require(a34, ND_NUM_DTYPES, ND_REQ_C | ND_REQ_ALIGNED | ND_REQ_WRITEABLE);
    ck_assert_ptr_eq(same, a34); /* met already: no copy */
    nd_release(same);
    nd_array *view = nd_slice(a34, "::2"), *own = nd_require(view, ND_NUM_DTYPES, ND_REQ_OWNDATA);
    ck_assert_ptr_ne(own, view); /* a view does not own its data: a copy does */
    nd_array *own2 = nd_require(own, ND_NUM_DTYPES, ND_REQ_OWNDATA);
    ck_assert_ptr_eq(own2, own);
    bool eq = false;
    ck_assert_int_eq(nd_array_equal(own, view, false, &eq), ND_OK);
    ck_assert(eq);
    nd_release(own2), nd_release(own), nd_release(view);
    nd_array *ro = nd_copy(a34);
    nd_set_writeable(ro, false);
    nd_array *w = nd_require(ro, ND_NUM_DTYPES, ND_REQ_WRITEABLE);
    ck_assert(w != ro && nd_is_writeable(w));
    nd_release(w), nd_release(ro);
    /* memory one byte off: ALIGNED asks for a copy */
    static double raw[5];
    nd_array *un = nd_wrap((char *)raw + 1, ND_FLOAT64, 1, (int64_t[]){4}, NULL, NULL, NULL);
    nd_array *al = nd_require(un, ND_NUM_DTYPES, ND_REQ_ALIGNED),
             *same2 = nd_require(un, ND_NUM_DTYPES, ND_REQ_C);
    ck_assert(al != un && ((uintptr_t)nd_data(al) % 8) == 0 && same2 == un);
    nd_release(al), nd_release(same2), nd_release(un);
    ck_assert_ptr_null(nd_require(a34, ND_NUM_DTYPES, 64));
    ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
    nd_clear_error();
    nd_release(a34), nd_release(f23);
}
END_TEST

START_TEST(index_helpers) {
    nd_array *out[ND_MAX_DIMS] = {0};
    check_n("tril_indices_4", nd_tril_indices(4, 0, -1, out), 2, out);
    check_n("tril_indices_4_1", nd_tril_indices(4, 1, -1, out), 2, out);
    check_n("tril_indices_3_m1_5", nd_tril_indices(3, -1, 5, out), 2, out);
    check_n("triu_indices_4", nd_triu_indices(4, 0, -1, out), 2, out);
    check_n("triu_indices_4_1_6", nd_triu_indices(4, 1, 6, out), 2, out);
    check_n("triu_indices_4_m2_3", nd_triu_indices(4, -2, 3, out), 2, out);
    check_n("triu_indices_3_9", nd_triu_indices(3, 9, -1, out), 2, out);
    nd_array *a35 = mk(ND_FLOAT64, SHAPE(3, 5), 1), *a53 = mk(ND_FLOAT64, SHAPE(5, 3), 1);
    check_n("tril_from", nd_tril_indices_from(a35, 1, out), 2, out);
    check_n("triu_from", nd_triu_indices_from(a53, -1, out), 2, out);
    nd_array *o3 = nd_ones(ND_FLOAT64, SHAPE(3)), *o34 = nd_ones(ND_FLOAT64, SHAPE(3, 4));
    check_err("tril_from_1d", nd_tril_indices_from(o3, 0, out));
    /* extreme diagonals: everything or nothing, without overflow */
    ck_assert_int_eq(nd_triu_indices(3, INT64_MIN, 4, out), ND_OK);
    ck_assert_int_eq(nd_size(out[0]), 12);
    nd_release(out[0]), nd_release(out[1]);
    ck_assert_int_eq(nd_tril_indices(3, INT64_MAX, INT64_MAX / 2, out), ND_ERR_OVERFLOW);
    nd_clear_error();
    ck_assert_int_eq(nd_triu_indices(INT64_MAX, INT64_MAX, INT64_MAX, out), ND_OK);
    ck_assert_int_eq(nd_size(out[0]), 0);
    nd_release(out[0]), nd_release(out[1]);

    check_n("diag_indices_3_2", nd_diag_indices(3, 2, out), 2, out);
    check_n("diag_indices_4_3", nd_diag_indices(4, 3, out), 3, out);
    nd_array *z333 = nd_zeros(ND_FLOAT64, SHAPE(3, 3, 3));
    check_n("diag_from", nd_diag_indices_from(z333, out), 3, out);
    check_err("diag_from_unequal", nd_diag_indices_from(o34, out));
    check_err("diag_from_1d", nd_diag_indices_from(o3, out));
    check_n("mask_triu_4_1", nd_mask_indices(4, fn_triu, 1, NULL, out), 2, out);
    check_n("mask_tril_3_m1", nd_mask_indices(3, fn_tril, -1, NULL, out), 2, out);

    nd_array *f = nd_zeros(ND_FLOAT64, SHAPE(5, 3)), *v = F64S(1.5, 2);
    ck_assert_int_eq(nd_fill_diagonal(f, v, false), ND_OK);
    check("fill_diag_tall", f);
    f = nd_zeros(ND_FLOAT64, SHAPE(7, 3));
    ck_assert_int_eq(nd_fill_diagonal(f, v, true), ND_OK);
    check("fill_diag_wrap", f);
    f = nd_zeros(ND_INT32, SHAPE(3, 3, 3));
    nd_array *five = i64_0d(5), *v27 = F64S(2.7);
    ck_assert_int_eq(nd_fill_diagonal(f, five, false), ND_OK);
    check("fill_diag_3d", f);
    f = nd_zeros(ND_INT64, SHAPE(3, 5));
    ck_assert_int_eq(nd_fill_diagonal(f, v27, false), ND_OK);
    check("fill_diag_wide", f);
    check_err("fill_diag_1d", nd_fill_diagonal(o3, five, false));
    nd_array *o334 = nd_ones(ND_FLOAT64, SHAPE(3, 3, 4));
    check_err("fill_diag_unequal", nd_fill_diagonal(o334, five, false));
    /* a strided view: the diagonal of the view, not of its base */
    nd_array *big = nd_zeros(ND_FLOAT64, SHAPE(6, 6)), *sub = nd_slice(big, "::2, 1::2");
    ck_assert_int_eq(nd_fill_diagonal(sub, v, false), ND_OK);
    ck_assert(nd_get_f64(big, (int64_t[]){0, 1}) == 1.5 &&
              nd_get_f64(big, (int64_t[]){2, 3}) == 2 && nd_get_f64(big, (int64_t[]){4, 5}) == 1.5);
    ck_assert_int_eq(nd_count_nonzero(big), 3);
    nd_release(sub), nd_release(big);

    nd_array *s0 = I64S(0, 2), *s1 = I64S(1, 3, 4);
    nd_array *seqs[2] = {s0, s1};
    check_n("ix_ints", nd_ix_(2, seqs, out), 2, out);
    uint8_t bv[3] = {1, 0, 1};
    nd_array *b3 = nd_from_buffer(ND_BOOL, 1, (int64_t[]){3}, bv),
             *m2 = mk(ND_FLOAT64, SHAPE(2), 1);
    seqs[0] = b3, seqs[1] = m2;
    check_n("ix_bool", nd_ix_(2, seqs, out), 2, out);
    seqs[0] = o34;
    check_err("ix_2d", nd_ix_(1, seqs, out));

    nd_array *mi[2] = {I64S(3, 6, 6), I64S(4, 5, 1)}, *mo[2] = {I64S(-1, 7, 3), I64S(4, 10, -2)};
    check("ravel_c", nd_ravel_multi_index(2, mi, (int64_t[]){7, 6}, ND_INDEX_RAISE, ND_ORDER_C));
    check("ravel_f", nd_ravel_multi_index(2, mi, (int64_t[]){7, 6}, ND_INDEX_RAISE, ND_ORDER_F));
    check("ravel_clip", nd_ravel_multi_index(2, mo, (int64_t[]){5, 8}, ND_INDEX_CLIP, ND_ORDER_C));
    check("ravel_wrap", nd_ravel_multi_index(2, mo, (int64_t[]){5, 8}, ND_INDEX_WRAP, ND_ORDER_C));
    check("ravel_modes", nd_ravel_multi_index_modes(2, mo, (int64_t[]){5, 8},
                                                    (nd_index_mode[]){ND_INDEX_CLIP, ND_INDEX_WRAP},
                                                    ND_ORDER_C));
    check_err_r("ravel_modes_raise",
                nd_ravel_multi_index_modes(2, mo, (int64_t[]){5, 8},
                                           (nd_index_mode[]){ND_INDEX_WRAP, ND_INDEX_RAISE},
                                           ND_ORDER_C));
    ck_assert_ptr_null(nd_ravel_multi_index_modes(2, mo, (int64_t[]){5, 8},
                                                  (nd_index_mode[]){ND_INDEX_WRAP, 7}, ND_ORDER_C));
    ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
    nd_clear_error();
    check_err_r("ravel_raise",
                nd_ravel_multi_index(2, mo, (int64_t[]){5, 8}, ND_INDEX_RAISE, ND_ORDER_C));
    nd_array *mf[2] = {F64S(1.0), I64S(1)};
    check_err_r("ravel_float",
                nd_ravel_multi_index(2, mf, (int64_t[]){2, 3}, ND_INDEX_RAISE, ND_ORDER_C));
    nd_array *col = nd_from_buffer(ND_INT64, 2, (int64_t[]){2, 1}, (int64_t[]){0, 1});
    nd_array *mb[2] = {I64S(1, 2, 3), col};
    check("ravel_bcast",
          nd_ravel_multi_index(2, mb, (int64_t[]){4, 3}, ND_INDEX_RAISE, ND_ORDER_C));
    nd_array *i4 = nd_from_buffer(ND_INT32, 1, (int64_t[]){2}, (int32_t[]){1, 2});
    nd_array *u1 = nd_from_buffer(ND_UINT8, 1, (int64_t[]){2}, (uint8_t[]){0, 2});
    nd_array *mt[2] = {i4, u1};
    check("ravel_i4", nd_ravel_multi_index(2, mt, (int64_t[]){3, 3}, ND_INDEX_RAISE, ND_ORDER_C));
    ck_assert_ptr_null(
        nd_ravel_multi_index(2, mi, (int64_t[]){INT64_MAX, 3}, ND_INDEX_RAISE, ND_ORDER_C));
    ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
    nd_clear_error();

    nd_array *u = I64S(22, 41, 37), *uf = I64S(31, 41, 13), *u0 = i64_0d(1621);
    check_n("unravel_c", nd_unravel_index(u, SHAPE(7, 6), ND_ORDER_C, out), 2, out);
    check_n("unravel_f", nd_unravel_index(uf, SHAPE(7, 6), ND_ORDER_F, out), 2, out);
    check_n("unravel_0d", nd_unravel_index(u0, SHAPE(6, 7, 8, 9), ND_ORDER_C, out), 4, out);
    nd_array *u2 = nd_from_buffer(ND_INT16, 2, (int64_t[]){2, 2}, (int16_t[]){0, 5, 3, 4});
    check_n("unravel_2d", nd_unravel_index(u2, SHAPE(2, 3), ND_ORDER_C, out), 2, out);
    nd_array *u42 = I64S(42), *um1 = I64S(-1), *uf1 = F64S(1.0);
    check_err("unravel_oob", nd_unravel_index(u42, SHAPE(7, 6), ND_ORDER_C, out));
    check_err("unravel_neg", nd_unravel_index(um1, SHAPE(7, 6), ND_ORDER_C, out));
    check_err("unravel_float", nd_unravel_index(uf1, SHAPE(7, 6), ND_ORDER_C, out));

    nd_array *rel[] = {a35, a53, o3, o34,   z333,  v,     five,  v27,   o334,  s0,
                       s1,  b3,  m2, mi[0], mi[1], mo[0], mo[1], mf[0], mf[1], mb[0],
                       col, i4,  u1, u,     uf,    u0,    u2,    u42,   um1,   uf1};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

/* unravel_index divides by each extent with a multiply and shifts, and
   ravel_multi_index runs one axis at a time: both against plain integer
   arithmetic, over extents of every size class (1, powers of two, odd,
   near 2^31, a size near 2^63) and indices at the ends of the range. */
START_TEST(ravel_unravel_wide) {
    static const int64_t dims[][3] = {{3, 7, 5},
                                      {1, 2, 1},
                                      {1000003, 999983, 7},
                                      {2147483659, 3, 1},
                                      {3037000499, 3037000499, 1},
                                      {1, 1, 1},
                                      {4096, 65536, 8},
                                      {2, 1, 4611686018427387903}};
    enum { N = 4000 };
    int64_t *v = malloc(sizeof(int64_t) * N);
    uint64_t x = 88172645463325252u;
    for (size_t c = 0; c < sizeof dims / sizeof dims[0]; c++) {
        int64_t size = dims[c][0] * dims[c][1] * dims[c][2];
        for (int i = 0; i < N; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            v[i] = i < 8 ? (i < 4 ? i : size - 1 - (i - 4)) : (int64_t)(x % (uint64_t)size);
            v[i] = v[i] < 0 ? 0 : v[i] >= size ? size - 1 : v[i]; /* sizes below 4 */
        }
        nd_array *idx = nd_from_buffer(ND_INT64, 1, (int64_t[]){N}, v), *out[3];
        for (int ord = 0; ord < 2; ord++) {
            nd_order order = ord ? ND_ORDER_F : ND_ORDER_C;
            ck_assert_msg(nd_unravel_index(idx, 3, dims[c], order, out) == ND_OK, "dims %zu: %s", c,
                          nd_last_error_message());
            for (int i = 0; i < N; i++) {
                int64_t f = v[i];
                for (int k = 0; k < 3; k++) {
                    int d = ord ? k : 2 - k;
                    int64_t got = ((const int64_t *)nd_data(out[d]))[i];
                    ck_assert_msg(got == f % dims[c][d], "dims %zu order %d: %lld -> axis %d %lld",
                                  c, ord, (long long)v[i], d, (long long)got);
                    f /= dims[c][d];
                }
            }
            nd_array *back = nd_ravel_multi_index(3, out, dims[c], ND_INDEX_RAISE, order);
            ck_assert_ptr_nonnull(back);
            for (int i = 0; i < N; i++) ck_assert_int_eq(((const int64_t *)nd_data(back))[i], v[i]);
            nd_release(back);
            /* the columns of an (N, 3) array, read in place (NumPy's unravel_index gives these) */
            nd_array *cols = nd_empty(ND_INT64, 2, (int64_t[]){N, 3}), *col[3];
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < N; i++)
                    ((int64_t *)nd_data(cols))[i * 3 + k] = ((const int64_t *)nd_data(out[k]))[i];
                col[k] = nd_slice(cols, k == 0 ? ":, 0" : k == 1 ? ":, 1" : ":, 2");
            }
            back = nd_ravel_multi_index(3, col, dims[c], ND_INDEX_RAISE, order);
            ck_assert_ptr_nonnull(back);
            for (int i = 0; i < N; i++) ck_assert_int_eq(((const int64_t *)nd_data(back))[i], v[i]);
            nd_release(back), nd_release(cols);
            for (int k = 0; k < 3; k++) nd_release(col[k]);
            /* wrap and clip on entries one extent out on either side */
            int64_t *w = nd_data(out[0]);
            for (int i = 0; i < N; i += 3) w[i] += (i % 2 ? dims[c][0] : -dims[c][0]);
            nd_array *wr = nd_ravel_multi_index(3, out, dims[c], ND_INDEX_WRAP, order),
                     *cl = nd_ravel_multi_index(3, out, dims[c], ND_INDEX_CLIP, order);
            ck_assert_ptr_nonnull(wr);
            ck_assert_ptr_nonnull(cl);
            int64_t st0 = ord ? 1 : dims[c][1] * dims[c][2];
            for (int i = 0; i < N; i++) {
                int64_t w0 = w[i], m = dims[c][0], wrap = ((w0 % m) + m) % m,
                        orig = i % 3 ? w0 : wrap;
                int64_t clip = w0 < 0 ? 0 : w0 >= m ? m - 1 : w0;
                int64_t rest = v[i] - orig * st0;
                ck_assert_int_eq(((const int64_t *)nd_data(wr))[i], v[i]);
                ck_assert_int_eq(((const int64_t *)nd_data(cl))[i], rest + clip * st0);
            }
            ck_assert_ptr_null(nd_ravel_multi_index(3, out, dims[c], ND_INDEX_RAISE, order));
            ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
            nd_clear_error();
            nd_release(wr), nd_release(cl);
            for (int k = 0; k < 3; k++) nd_release(out[k]);
        }
        nd_release(idx);
    }
    free(v);
}
END_TEST

START_TEST(editing) {
    nd_array *a23 = mk(ND_FLOAT64, SHAPE(2, 3), 1), *b23 = mk(ND_INT32, SHAPE(2, 3), 2);
    check("resize_grow", nd_resize(a23, SHAPE(3, 4)));
    check("resize_shrink", nd_resize(b23, SHAPE(2, 2)));
    nd_array *e0 = nd_zeros(ND_FLOAT32, SHAPE(0));
    check("resize_empty", nd_resize(e0, SHAPE(2, 3)));
    check("resize_to0", nd_resize(a23, SHAPE(0, 3)));
    check_err_r("resize_neg", nd_resize(a23, SHAPE(-1, 3)));

    nd_array *i33 = nd_arange(0, 9, 1, ND_INT64), *r33 = nd_reshape(i33, SHAPE(3, 3));
    nd_array *v3 = I64S(1, 2, 3), *f13 = mk(ND_FLOAT64, SHAPE(1, 3), 1);
    check("append_none", nd_append(v3, r33, ND_AXIS_ALL));
    check("append_ax0", nd_append(r33, f13, 0));
    check_err_r("append_ax0_bad", nd_append(r33, v3, 0));

    nd_array *ar = nd_arange(0, 12, 1, ND_INT64), *a12 = nd_reshape(ar, SHAPE(3, 4));
    nd_array *one = i64_0d(1), *o135 = I64S(1, 3, 5), *neg = I64S(-1, 0, -1), *o5 = I64S(5);
    uint8_t bv[3] = {1, 0, 1};
    nd_array *mask = nd_from_buffer(ND_BOOL, 1, (int64_t[]){3}, bv);
    nd_array *mask2 = nd_from_buffer(ND_BOOL, 1, (int64_t[]){2}, bv), *fl = F64S(1.0),
             *o1 = I64S(1);
    check("delete_0d_ax1", nd_delete(a12, one, 1));
    check("delete_none", nd_delete(a12, o135, ND_AXIS_ALL));
    check("delete_mask_ax0", nd_delete(a12, mask, 0));
    check("delete_neg", nd_delete(a12, neg, 1));
    check_err_r("delete_oob", nd_delete(a12, o5, 1));
    check_err_r("delete_mask_len", nd_delete(a12, mask2, 0));
    check_err_r("delete_float", nd_delete(a12, fl, 0));
    check_err_r("delete_axis", nd_delete(a12, o1, 2));
    check("delete_slice_ax1", nd_delete_slice(a12, 1, ND_SLICE_NONE, 2, 1));
    check("delete_slice_neg", nd_delete_slice(a12, -2, ND_SLICE_NONE, -1, ND_AXIS_ALL));
    check("delete_slice_empty", nd_delete_slice(a12, 3, 1, ND_SLICE_NONE, 0));
    check_err_r("delete_slice_step0", nd_delete_slice(a12, 0, 2, 0, 0));
    nd_array *ef = nd_zeros(ND_FLOAT64, SHAPE(0)), *ei = nd_zeros(ND_INT64, SHAPE(0));
    check_err_r("delete_empty_float", nd_delete(a12, ef, ND_AXIS_ALL));
    check("delete_empty_int", nd_delete(a12, ei, 0));

    nd_array *a32 = nd_from_buffer(ND_INT64, 2, (int64_t[]){3, 2}, (int64_t[]){1, 1, 2, 2, 3, 3});
    nd_array *five = i64_0d(5),
             *c123 = nd_from_buffer(ND_INT64, 2, (int64_t[]){3, 1}, (int64_t[]){1, 2, 3});
    check("insert_flat", nd_insert(a32, one, five, ND_AXIS_ALL));
    check("insert_ax1", nd_insert(a32, one, five, 1));
    check("insert_list_ax1", nd_insert(a32, o1, c123, 1));
    check("insert_0d_ax1", nd_insert(a32, one, v3, 1));
    nd_array *b = nd_flatten(a32), *i22 = I64S(2, 2), *v56 = I64S(5, 6), *vc = F64S(7.13, -2.5);
    nd_array *ineg = I64S(-1, 0, 6), *v987 = I64S(9, 8, 7), *iu = I64S(4, 1, 4, 0),
             *vu = I64S(10, 20, 30, 40);
    check("insert_dup", nd_insert(b, i22, v56, 0));
    check("insert_cast", nd_insert(b, i22, vc, 0));
    check("insert_neg", nd_insert(b, ineg, v987, 0));
    check("insert_unsorted", nd_insert(b, iu, vu, 0));
    nd_array *m23 = mk(ND_FLOAT64, SHAPE(2, 3), 2), *m2 = mk(ND_FLOAT64, SHAPE(2), 7),
             *i03 = I64S(0, 3);
    check("insert_f8_2d", nd_insert(m23, i03, m2, 1));
    nd_array *nine = i64_0d(9), *s789 = I64S(7, 8, 9);
    check("insert_slice_ax1",
          nd_insert_slice(a32, ND_SLICE_NONE, ND_SLICE_NONE, ND_SLICE_NONE, nine, 1));
    check("insert_slice_one", nd_insert_slice(a32, 1, 2, ND_SLICE_NONE, c123, 1));
    check("insert_slice_flat", nd_insert_slice(a32, -1, ND_SLICE_NONE, -2, s789, ND_AXIS_ALL));
    nd_release(nine), nd_release(s789);
    nd_array *seven = i64_0d(7), *i15 = I64S(1, 5),
             *obj2d = nd_from_buffer(ND_INT64, 2, (int64_t[]){1, 1}, (int64_t[]){1});
    check_err_r("insert_oob", nd_insert(b, seven, one, 0));
    check_err_r("insert_oob_multi", nd_insert(a32, i15, one, 1));
    check_err_r("insert_2d_obj", nd_insert(b, obj2d, one, 0));
    check_err_r("insert_empty_float", nd_insert(b, ef, one, 0));
    check("insert_empty_int", nd_insert(b, ei, one, 0));
    nd_array *z2[2] = {ei, ei};
    check_err_r("ravel_zero_dim",
                nd_ravel_multi_index(2, z2, (int64_t[]){0, 3}, ND_INDEX_CLIP, ND_ORDER_C));
    nd_release(ef), nd_release(ei);

    nd_array *f3 = mk(ND_FLOAT32, SHAPE(3), 2), *m32 = mk(ND_FLOAT64, SHAPE(3, 2), 1),
             *v789 = I64S(7, 8, 9), *o4 = nd_ones(ND_FLOAT64, SHAPE(4)),
             *o3 = nd_ones(ND_FLOAT64, SHAPE(3));
    check("column_stack_1d", nd_column_stack(2, (nd_array *[]){v3, f3}));
    check("column_stack_mix", nd_column_stack(2, (nd_array *[]){m32, v789}));
    check_err_r("column_stack_bad", nd_column_stack(2, (nd_array *[]){o3, o4}));

    nd_array *A = nd_eye(2, -1, 0, ND_FLOAT64), *B = nd_zeros(ND_FLOAT64, SHAPE(2, 3)),
             *C = nd_ones(ND_FLOAT64, SHAPE(1, 2)), *D = nd_arange(0, 3, 1, ND_FLOAT64),
             *E = F64S(7.5), *O33 = nd_ones(ND_FLOAT64, SHAPE(3, 3));
    nd_array *blocks[] = {A, B, C, D, E, O33};
    check("block_2x2", nd_block("[[0, 1], [2, 3]]", 6, blocks));
    check("block_1d", nd_block("[3,3,4]", 6, blocks));
    check("block_rows", nd_block(" [ [3] , [3] ] ", 6, blocks));
    check("block_3lvl", nd_block("[[[0], [0]]]", 6, blocks));
    nd_array *i12 = nd_from_buffer(ND_INT64, 2, (int64_t[]){1, 2}, (int64_t[]){1, 2});
    nd_array *f11 = nd_from_buffer(ND_FLOAT64, 2, (int64_t[]){1, 1}, (double[]){2.5});
    check("block_int_float", nd_block("[[0, 1]]", 2, (nd_array *[]){i12, f11}));
    check_err_r("block_depth", nd_block("[[0], 1]", 6, blocks));
    check_err_r("block_empty", nd_block("[[], [0]]", 6, blocks));
    check_err_r("block_shapes", nd_block("[[0, 5]]", 6, blocks));
    const char *bad[] = {"", "[0", "[0,,1]", "[0] x", "[-1]", "[6]", "[[0]]]", "[0 1]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(nd_block(bad[i], 6, blocks) == NULL, "layout \"%s\" accepted", bad[i]);
        ck_assert(nd_last_error() == ND_ERR_VALUE || nd_last_error() == ND_ERR_INDEX);
        nd_clear_error();
    }
    ck_assert_ptr_null(nd_block("[]", 6, blocks));
    ck_assert_str_eq(nd_last_error_message(), "nd_block: List at arrays cannot be empty");
    ck_assert_ptr_null(nd_block("[[ [ ] ]]", 6, blocks));
    ck_assert_str_eq(nd_last_error_message(), "nd_block: List at arrays[0][0] cannot be empty");
    nd_array *bare = nd_block(" 3 ", 6, blocks); /* np.block(D): D itself, copied */
    ck_assert(bare != D && nd_size(bare) == 3 && !nd_may_share_memory(bare, D));
    nd_release(bare);
    nd_clear_error();
    ck_assert_ptr_null(nd_block("[[0], 1]", 6, blocks));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_block: List depths are mismatched. First element was at depth 2, but "
                     "there is an element at depth 1 (arrays[1])");
    nd_clear_error();

    nd_array *tz = F64S(0, 0, 0, 1, 2, 3, 0, 2, 1, 0), *z4 = nd_zeros(ND_INT32, SHAPE(4)),
             *tn = F64S(0.0, NAN, 0.0);
    check("trim_fb", nd_trim_zeros(tz, "fb"));
    check("trim_f", nd_trim_zeros(tz, "f"));
    check("trim_B", nd_trim_zeros(tz, "B"));
    check("trim_all0", nd_trim_zeros(z4, "fb"));
    check("trim_nan", nd_trim_zeros(tn, "fb"));
    nd_array *tv = nd_trim_zeros(tz, "fb");
    ck_assert(nd_may_share_memory(tv, tz)); /* a view, as NumPy's slice */
    nd_release(tv);

    nd_array *a34 = mk(ND_FLOAT64, SHAPE(3, 4), 1), *a234 = mk(ND_FLOAT64, SHAPE(2, 3, 4), 6);
    check("along_cumsum_0", nd_apply_along_axis(fn_cumsum, NULL, 0, a34));
    check("along_cumsum_1", nd_apply_along_axis(fn_cumsum, NULL, 1, a34));
    check("along_sum_1", nd_apply_along_axis(fn_sum, NULL, 1, a234));
    check("along_outer_0", nd_apply_along_axis(fn_outer12, NULL, 0, a34));
    check("along_outer_m1", nd_apply_along_axis(fn_outer12, NULL, -1, a234));
    nd_array *e03 = nd_ones(ND_FLOAT64, SHAPE(0, 3));
    check_err_r("along_empty", nd_apply_along_axis(fn_sum, NULL, 1, e03));
    check("along_empty_axis", nd_apply_along_axis(fn_sum, NULL, 0, e03));
    ck_assert_ptr_null(nd_apply_along_axis(fn_fail, NULL, 0, a34));
    ck_assert_str_eq(nd_last_error_message(), "fn_fail: refused");
    nd_clear_error();
    check("over_sum_02", nd_apply_over_axes(ax_sum, NULL, a234, 2, (int[]){0, 2}));
    check("over_sum_m1", nd_apply_over_axes(ax_sum, NULL, a234, 1, (int[]){-1}));
    check("over_cumsum_1", nd_apply_over_axes(ax_cumsum, NULL, a234, 1, (int[]){1}));
    ck_assert_ptr_null(nd_apply_over_axes(ax_flatten, NULL, a234, 1, (int[]){0}));
    ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
    nd_clear_error();

    nd_array *rel[] = {a23,   b23, e0,   i33,   r33, v3, f13, ar,   a12,  one,   o135,
                       neg,   o5,  mask, mask2, fl,  o1, a32, five, c123, b,     i22,
                       v56,   vc,  ineg, v987,  iu,  vu, m23, m2,   i03,  seven, i15,
                       obj2d, f3,  m32,  v789,  o4,  o3, A,   B,    C,    D,     E,
                       O33,   i12, f11,  tz,    z4,  tn, a34, a234, e03};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

/* Every small triangle (n < 4, m < 5, |k| <= 5) and insert/delete's index
   lists, as helpers_ref.py's sweeps. */
START_TEST(sweeps) {
    nd_array *out[2];
    char name[64];
    for (int n = 0; n < 4; n++)
        for (int m = 0; m < 5; m++)
            for (int k = -5; k <= 5; k++) {
                snprintf(name, sizeof name, "tril_%d_%d_%d", n, m, k);
                check_n(name, nd_tril_indices(n, k, m, out), 2, out);
                snprintf(name, sizeof name, "triu_%d_%d_%d", n, m, k);
                check_n(name, nd_triu_indices(n, k, m, out), 2, out);
                snprintf(name, sizeof name, "tri_%d_%d_%d", n, m, k);
                check(name, nd_tri(n, m, k, ND_INT8));
            }
    static const int64_t lists[][6] = {
        {1, 0},         {1, 5},          {1, -5},         {3, 2, 2, 2}, {2, 4, 0},
        {3, -1, -1, 3}, {4, 1, 4, 2, 3}, {4, 5, 5, 0, 0}, {2, -5, 5},   {5, 3, -2, 1, -4, 0}};
    nd_array *b5 = nd_arange(0, 5, 1, ND_INT64);
    for (int i = 0; i < 10; i++) {
        int64_t len = lists[i][0], kept[5], nk = 0;
        nd_array *obj = nd_from_buffer(ND_INT64, 1, &len, lists[i] + 1);
        nd_array *vals = nd_arange(100, 100 + (double)len, 1, ND_INT64);
        snprintf(name, sizeof name, "insert_sweep_%d", i);
        check(name, nd_insert(b5, obj, vals, ND_AXIS_ALL));
        for (int j = 1; j <= len; j++)
            if (lists[i][j] >= -5 && lists[i][j] < 5) kept[nk++] = lists[i][j];
        nd_array *dobj = nd_from_buffer(ND_INT64, 1, &nk, kept);
        snprintf(name, sizeof name, "delete_sweep_%d", i);
        check(name, nd_delete(b5, dobj, ND_AXIS_ALL));
        nd_release(obj), nd_release(vals), nd_release(dobj);
    }
    nd_release(b5);
}
END_TEST

/* Every entry point under allocation failure: ND_ERR_NOMEM, nothing left
   allocated, then the same result as without failures. */
static nd_array *in_a34, *in_ivec, *in_mask, *in_two;
static nd_array *call(int fn) {
    nd_array *out[4] = {0}, *r = NULL;
    int st = -1;
    switch (fn) {
    case 0:
        return nd_full_like(in_a34, 2.5, ND_INT32);
    case 1:
        return nd_geomspace(1, 1000, 9, true, ND_FLOAT32);
    case 2:
        return nd_logspace(0, 2, 9, false, 2, ND_INT64);
    case 3:
        return nd_tri(4, 5, 1, ND_FLOAT64);
    case 4:
        return nd_diagflat(in_a34, 1);
    case 5:
        return nd_fromfunction(fn_i10_plus_j, (void *)&fn_i10_plus_j, SHAPE(3, 4), ND_INT64);
    case 6:
        return nd_require(in_a34, ND_FLOAT32, ND_REQ_F);
    case 7:
        return nd_asarray_chkfinite(in_a34, ND_FLOAT32);
    case 8:
        st = nd_triu_indices(5, 1, 4, out);
        break;
    case 9:
        st = nd_diag_indices_from(out[3] = nd_zeros(ND_INT8, SHAPE(3, 3)), out);
        break;
    case 10:
        st = nd_mask_indices(4, fn_triu, 0, NULL, out);
        break;
    case 11:
        st = nd_ix_(2, (nd_array *[]){in_mask, in_ivec}, out);
        break;
    case 12:
        return nd_ravel_multi_index(2, (nd_array *[]){in_ivec, in_mask}, (int64_t[]){4, 3},
                                    ND_INDEX_WRAP, ND_ORDER_F);
    case 13:
        st = nd_unravel_index(in_ivec, SHAPE(2, 3), ND_ORDER_C, out);
        break;
    case 14:
        return nd_resize(in_a34, SHAPE(5, 3));
    case 15:
        return nd_append(in_a34, in_ivec, ND_AXIS_ALL);
    case 16:
        return nd_delete(in_a34, in_ivec, 1);
    case 17:
        return nd_delete(in_a34, in_mask, 0);
    case 18:
        return nd_insert(in_a34, in_ivec, in_ivec, ND_AXIS_ALL);
    case 19:
        return nd_insert(in_a34, in_two, in_two, 1);
    case 20:
        return nd_column_stack(2, (nd_array *[]){in_ivec, in_ivec});
    case 21:
        return nd_block("[[0, 0], [0, 0]]", 1, (nd_array *[]){in_a34});
    case 22:
        return nd_trim_zeros(in_ivec, "f");
    case 23:
        return nd_apply_along_axis(fn_outer12, NULL, 1, in_a34);
    case 24:
        return nd_apply_over_axes(ax_sum, NULL, in_a34, 2, (int[]){1, 0});
    case 25:
        return nd_zeros_like(in_a34, ND_NUM_DTYPES);
    default: {
        nd_array *f = nd_zeros(ND_FLOAT64, SHAPE(4, 4));
        if (f && nd_fill_diagonal(f, in_ivec, false)) nd_release(f), f = NULL;
        return f;
    }
    }
    nd_release(out[3]);
    if (st) return NULL;
    r = nd_concatenate(1, out, ND_AXIS_ALL, NULL); /* the results as one array to compare */
    for (int i = 0; i < 3; i++) nd_release(out[i]);
    return r;
}
enum { NCALLS = 27 };

START_TEST(alloc_failures) {
    in_a34 = mk(ND_FLOAT64, SHAPE(3, 4), 1);
    in_ivec = nd_from_buffer(ND_INT64, 1, (int64_t[]){3}, (int64_t[]){0, 2, 1});
    uint8_t bv[3] = {1, 0, 1};
    in_mask = nd_from_buffer(ND_BOOL, 1, (int64_t[]){3}, bv);
    in_two = i64_0d(2);
    for (int fn = 0; fn < NCALLS; fn++) {
        nd_array *want = call(fn);
        ck_assert_msg(want != NULL, "case %d fails without injected failures: %s", fn,
                      nd_last_error_message());
        long base = nd_debug_live_allocs();
        bool done = false;
        for (long nth = 1; !done && nth < 4000; nth++) {
            nd_debug_fail_alloc(nth);
            nd_array *r = call(fn);
            long made = nd_debug_fail_alloc(0);
            if (r) {
                ck_assert_msg(made < nth, "case %d succeeded although allocation %ld failed", fn,
                              nth);
                ck_assert_msg(nth > 1, "case %d allocated nothing: the walk tested nothing", fn);
                bool eq = false;
                ck_assert_int_eq(nd_array_equal(r, want, true, &eq), ND_OK);
                ck_assert_msg(eq && nd_get_dtype(r) == nd_get_dtype(want),
                              "case %d: a different result after allocation %ld failed", fn, nth);
                nd_release(r);
                done = true;
            } else {
                ck_assert_msg(nd_last_error() == ND_ERR_NOMEM,
                              "case %d: allocation %ld failed, got %s (%s)", fn, nth,
                              nd_status_name(nd_last_error()), nd_last_error_message());
                nd_clear_error();
            }
            ck_assert_msg(nd_debug_live_allocs() == base, "case %d leaks at allocation %ld", fn,
                          nth);
        }
        ck_assert_msg(done, "case %d: the walk did not finish", fn);
        nd_release(want);
    }
    nd_release(in_a34), nd_release(in_ivec), nd_release(in_mask), nd_release(in_two);
}
END_TEST

int main(void) {
    Suite *s = suite_create("helpers");
    TCase *tc = tcase_create("numpy");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, creation);
    tcase_add_test(tc, index_helpers);
    tcase_add_test(tc, ravel_unravel_wide);
    tcase_add_test(tc, editing);
    tcase_add_test(tc, sweeps);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    int rc = nd_test_run(s);
    free(ref);
    return rc;
}
