/* The statistics module (nd/stats.h) against NumPy 1.24: tests/stats_ref.py
   prints NumPy's result for each case (inputs from the same exact formula
   as mk() below), and each test compares nd's dtype, shape and values
   (bitwise where the algorithms are NumPy's, within a stated tolerance
   where a BLAS product or a pairwise sum may round differently), and its
   error status where NumPy raises. */
#include <math.h>

#include "nd_test.h"

static char *ref; /* stats_ref.py's output */

/* The line of a case, after "name|" (NumPy runs once per test process). */
static const char *ref_line(const char *name) {
    return nd_test_ref_line(&ref, ND_TESTS_DIR "/stats_ref.py", name);
}

/* The inputs of stats_ref.py's mk(): exact binary fractions, NaN every
   nanstep elements, inf/-inf/NaN at 1, 2, 3 with spec; complex adds i/4
   times the values with the first axis reversed. */
static nd_array *mk(nd_dtype t, int ndim, const int64_t *shape, int seed, int nanstep, bool spec) {
    int64_t n = 1;
    for (int i = 0; i < ndim; i++) n *= shape[i];
    double *v = malloc(sizeof(double) * 2 * (size_t)(n ? n : 1));
    for (int64_t i = 0; i < n; i++) {
        v[i] = (double)((i * 37 + seed * 11) % 101 - 50) / 8.0;
        if (nanstep && i % nanstep == 0) v[i] = NAN;
    }
    if (spec) v[1] = INFINITY, v[2] = -INFINITY, v[3] = NAN;
    nd_array *a;
    if (t == ND_COMPLEX64 || t == ND_COMPLEX128) {
        int64_t inner = ndim ? n / shape[0] : 1, rows = ndim ? shape[0] : 1;
        double *c = v + n;
        nd_array *tmp;
        double *z = malloc(sizeof(double) * 2 * (size_t)(n ? n : 1));
        for (int64_t i = 0; i < n; i++) {
            int64_t r = i / inner, rev = (rows - 1 - r) * inner + i % inner;
            z[2 * i] = v[i], z[2 * i + 1] = v[rev] / 4;
        }
        (void)c;
        tmp = nd_from_buffer(ND_COMPLEX128, ndim, shape, z);
        a = nd_astype(tmp, t);
        nd_release(tmp);
        free(z);
    } else {
        nd_array *tmp = nd_from_buffer(ND_FLOAT64, ndim, shape, v);
        a = nd_astype(tmp, t);
        nd_release(tmp);
    }
    free(v);
    ck_assert_ptr_nonnull(a);
    return a;
}

static nd_array *vec(int64_t n, const double *v) {
    return nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){n}, v);
}

/* Compares r (released) with the reference: equal bits (NaN equal NaN)
   when tol is 0, else |x - ref| <= tol * max(1, |ref|). */
static void check(const char *name, nd_array *r, double tol) {
    nd_test_ref_check(name, r ? ref_line(name) : "", r, tol, 1);
}

/* NumPy raises name's exception; nd must fail with the matching status. */
static void check_err(const char *name, int failed_status) {
    const char *p = ref_line(name);
    ck_assert_msg(!strncmp(p, "error|", 6), "%s: NumPy did not raise", name);
    p += 6;
    nd_status want = !strncmp(p, "TypeError", 9)       ? ND_ERR_DTYPE
                     : !strncmp(p, "RuntimeError", 12) ? ND_ERR_SHAPE
                     : !strncmp(p, "IndexError", 10)   ? ND_ERR_INDEX
                                                       : ND_ERR_VALUE;
    ck_assert_msg(failed_status == (int)want, "%s: nd status %s, NumPy %.20s", name,
                  nd_status_name(failed_status), p);
    nd_clear_error();
}

static nd_status status_of(nd_array *r) {
    if (r) {
        nd_release(r);
        return ND_OK;
    }
    return nd_last_error();
}

#define SHAPE(...)                                                                                 \
    (int)(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)), (int64_t[]) { __VA_ARGS__ }

START_TEST(ptp_average) {
    nd_array *a45 = mk(ND_FLOAT64, SHAPE(4, 5), 1, 0, false);
    check("ptp_f8_ax1", nd_ptp(a45, 1, false, NULL), 0);
    nd_array *i8 = mk(ND_INT8, SHAPE(4, 5), 2, 0, false), *k16 = nd_lit_i64(16);
    ck_assert_ptr_nonnull(nd_multiply(i8, k16, i8));
    check("ptp_i8_ax0_keep", nd_ptp(i8, 0, true, NULL), 0);
    check("ptp_all", nd_ptp(a45, ND_AXIS_ALL, false, NULL), 0);
    nd_array *b = nd_zeros(ND_BOOL, 1, (int64_t[]){3});
    ck_assert_ptr_null(nd_ptp(b, 0, false, NULL));
    ck_assert_nd_error(ND_ERR_DTYPE);

    nd_array *w5 = mk(ND_FLOAT64, SHAPE(5), 3, 0, false), *ten = nd_lit_f64(10), *avg, *ws;
    nd_add(w5, ten, w5);
    ck_assert_int_eq(nd_average(a45, 1, w5, false, &avg, &ws), ND_OK);
    check("avg_w1d", avg, 1e-15);
    check("avg_w1d_sum", ws, 0);
    nd_array *wf = nd_add(a45, ten, NULL);
    ck_assert_int_eq(nd_average(a45, ND_AXIS_ALL, wf, false, &avg, &ws), ND_OK);
    check("avg_wfull", avg, 1e-15);
    check("avg_wfull_sum", ws, 0);
    nd_array *ai = mk(ND_INT32, SHAPE(4, 5), 4, 0, false);
    ck_assert_int_eq(nd_average(ai, 0, NULL, false, &avg, &ws), ND_OK);
    check("avg_int", avg, 0);
    check("avg_int_sum", ws, 0);
    nd_array *af = mk(ND_FLOAT32, SHAPE(4, 5), 5, 0, false);
    nd_array *wf32 = mk(ND_FLOAT32, SHAPE(5), 6, 0, false);
    nd_add(wf32, ten, wf32);
    ck_assert_int_eq(nd_average(af, 1, wf32, true, &avg, NULL), ND_OK);
    check("avg_f32_keep", avg, 1e-7);
    nd_array *z5 = nd_zeros(ND_FLOAT64, 1, (int64_t[]){5});
    check_err("avg_zero", nd_average(a45, 1, z5, false, &avg, NULL));
    /* NumPy's shape errors (TypeError, TypeError, ValueError) */
    ck_assert_int_eq(nd_average(a45, ND_AXIS_ALL, w5, false, &avg, NULL), ND_ERR_DTYPE);
    ck_assert_int_eq(nd_average(a45, 0, w5, false, &avg, NULL), ND_ERR_VALUE);
    nd_array *w25 = nd_ones(ND_FLOAT64, 2, (int64_t[]){2, 5});
    ck_assert_int_eq(nd_average(a45, 1, w25, false, &avg, NULL), ND_ERR_DTYPE);
    nd_release(w25);
    nd_clear_error();
    nd_array *rel[] = {a45, i8, k16, b, w5, ten, wf, ai, af, wf32, z5};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

START_TEST(cov_corrcoef) {
    nd_array *x = mk(ND_FLOAT64, SHAPE(3, 10), 7, 0, false), *xt = nd_transpose(x, NULL);
    const double tol = 1e-13; /* the product runs through BLAS on both sides */
    check("cov", nd_cov(x, NULL, true, false, ND_DDOF_NONE, NULL, NULL), tol);
    check("cov_colvar", nd_cov(xt, NULL, false, false, ND_DDOF_NONE, NULL, NULL), tol);
    check("cov_bias", nd_cov(x, NULL, true, true, ND_DDOF_NONE, NULL, NULL), tol);
    check("cov_ddof2", nd_cov(x, NULL, true, false, 2, NULL, NULL), tol);
    const int64_t fwv[10] = {1, 2, 0, 3, 1, 1, 4, 2, 1, 1};
    nd_array *fw = nd_from_buffer(ND_INT64, 1, (int64_t[]){10}, fwv);
    nd_array *aw = mk(ND_FLOAT64, SHAPE(10), 8, 0, false), *seven = nd_lit_f64(7);
    nd_add(aw, seven, aw);
    check("cov_fw", nd_cov(x, NULL, true, false, ND_DDOF_NONE, fw, NULL), tol);
    check("cov_aw", nd_cov(x, NULL, true, false, ND_DDOF_NONE, NULL, aw), tol);
    check("cov_fw_aw", nd_cov(x, NULL, true, false, ND_DDOF_NONE, fw, aw), tol);
    check("cov_fw_aw_ddof0", nd_cov(x, NULL, true, false, 0, fw, aw), tol);
    nd_array *y = mk(ND_FLOAT64, SHAPE(2, 10), 9, 0, false);
    check("cov_y", nd_cov(x, y, true, false, ND_DDOF_NONE, NULL, NULL), tol);
    nd_array *x0 = nd_slice(x, "0");
    check("cov_1d", nd_cov(x0, NULL, true, false, ND_DDOF_NONE, NULL, NULL), tol);
    nd_array *c = mk(ND_COMPLEX128, SHAPE(2, 6), 10, 0, false);
    check("cov_c", nd_cov(c, NULL, true, false, ND_DDOF_NONE, NULL, NULL), tol);
    nd_array *xi = mk(ND_INT64, SHAPE(3, 7), 11, 0, false);
    check("cov_i", nd_cov(xi, NULL, true, false, ND_DDOF_NONE, NULL, NULL), tol);
    nd_array *neg = nd_negative(fw, NULL), *half = nd_lit_f64(0.5), *frac = nd_add(fw, half, NULL);
    nd_array *short5 = nd_slice(fw, ":5");
    check_err("cov_fw_neg", status_of(nd_cov(x, NULL, true, false, ND_DDOF_NONE, neg, NULL)));
    check_err("cov_fw_frac", status_of(nd_cov(x, NULL, true, false, ND_DDOF_NONE, frac, NULL)));
    check_err("cov_fw_len", status_of(nd_cov(x, NULL, true, false, ND_DDOF_NONE, short5, NULL)));
    nd_array *x3 = nd_zeros(ND_FLOAT64, 3, (int64_t[]){2, 2, 2});
    ck_assert_ptr_null(nd_cov(x3, NULL, true, false, ND_DDOF_NONE, NULL, NULL));
    ck_assert_nd_error(ND_ERR_SHAPE);
    check("corrcoef", nd_corrcoef(x, NULL, true), tol);
    check("corrcoef_y", nd_corrcoef(x, y, true), tol);
    check("corrcoef_c", nd_corrcoef(c, NULL, true), tol);
    nd_array *rel[] = {x, xt, fw, aw, seven, y, x0, c, xi, neg, half, frac, short5, x3};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

static const char *const methods[] = {"inverted_cdf",
                                      "averaged_inverted_cdf",
                                      "closest_observation",
                                      "interpolated_inverted_cdf",
                                      "hazen",
                                      "weibull",
                                      "linear",
                                      "median_unbiased",
                                      "normal_unbiased",
                                      "lower",
                                      "higher",
                                      "midpoint",
                                      "nearest"};

START_TEST(quantile_methods) {
    const double qs[6] = {0.0, 0.1, 0.33, 0.5, 0.9, 1.0}, ps[3] = {5, 50, 95};
    nd_array *q = vec(6, qs), *p = vec(3, ps);
    nd_array *qa = mk(ND_FLOAT64, SHAPE(3, 11), 12, 0, false);
    nd_array *qi = mk(ND_INT32, SHAPE(3, 7), 13, 0, false);
    nd_array *qf = mk(ND_FLOAT32, SHAPE(2, 9), 14, 0, false);
    nd_array *qn = mk(ND_FLOAT64, SHAPE(3, 11), 15, 4, false);
    char name[64];
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        nd_quantile_method m;
        ck_assert_int_eq(nd_quantile_method_from_name(methods[i], &m), ND_OK);
        ck_assert_int_eq((int)m, (int)i);
        snprintf(name, sizeof name, "q_%s", methods[i]);
        check(name, nd_quantile_ex(qa, q, 1, false, m), 0);
        snprintf(name, sizeof name, "q_int_%s", methods[i]);
        check(name, nd_quantile_ex(qi, q, ND_AXIS_ALL, false, m), 0);
        snprintf(name, sizeof name, "q_f32_%s", methods[i]);
        check(name, nd_quantile_ex(qf, q, 0, true, m), 0);
        snprintf(name, sizeof name, "q_nan_%s", methods[i]);
        check(name, nd_quantile_ex(qn, q, 1, false, m), 0);
        snprintf(name, sizeof name, "nq_%s", methods[i]);
        check(name, nd_nanquantile(qn, q, 1, false, m), 0);
        snprintf(name, sizeof name, "np_%s", methods[i]);
        check(name, nd_nanpercentile(qn, p, 0, false, m), 0);
    }
    nd_quantile_method m;
    ck_assert_int_eq(nd_quantile_method_from_name("bogus", &m), ND_ERR_VALUE);
    ck_assert_ptr_nonnull(strstr(nd_last_error_message(), "'bogus' is not a valid method"));
    nd_clear_error();
    nd_array *q3 = nd_lit_f64(0.3), *q15 = nd_lit_f64(1.5), *p101 = nd_lit_f64(101);
    check("q_scalar", nd_quantile_ex(qa, q3, ND_AXIS_ALL, false, ND_Q_LINEAR), 0);
    check_err("q_range", status_of(nd_quantile_ex(qa, q15, ND_AXIS_ALL, false, ND_Q_LINEAR)));
    check_err("p_range", status_of(nd_percentile_ex(qa, p101, ND_AXIS_ALL, false, ND_Q_LINEAR)));
    /* an all-NaN row: NaN and the invalid flag */
    nd_array *qn2 = nd_copy(qn), *row = nd_slice(qn2, "1"), *nanv = nd_lit_f64(NAN);
    nd_assign(row, nanv);
    const double q2v[2] = {0.25, 0.5};
    nd_array *q2 = vec(2, q2v);
    nd_fp_clear();
    check("nq_allnan", nd_nanquantile(qn2, q2, 1, false, ND_Q_LINEAR), 0);
    ck_assert(nd_fp_flags() & ND_FP_INVALID);
    check("nmed_f8", nd_nanmedian(qn2, 1, false), 0);
    nd_array *mf = mk(ND_FLOAT32, SHAPE(4, 6), 16, 5, false);
    check("nmed_f32", nd_nanmedian(mf, 0, false), 0);
    check("nmed_all", nd_nanmedian(qn, ND_AXIS_ALL, false), 0);
    nd_array *mi = mk(ND_INT16, SHAPE(3, 4), 17, 0, false);
    check("nmed_int", nd_nanmedian(mi, 1, true), 0);
    nd_array *cx = nd_zeros(ND_COMPLEX128, 1, (int64_t[]){3});
    ck_assert_ptr_null(nd_nanquantile(cx, q, 0, false, ND_Q_LINEAR));
    ck_assert_nd_error(ND_ERR_DTYPE);
    ck_assert_ptr_null(nd_quantile_ex(qa, q, 2, false, ND_Q_LINEAR));
    ck_assert_nd_error(ND_ERR_AXIS);
    nd_array *rel[] = {q, p, qa, qi, qf, qn, q3, q15, p101, qn2, row, nanv, q2, mf, mi, cx};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

START_TEST(nan_functions) {
    nd_array *pn = mk(ND_FLOAT64, SHAPE(4, 5), 18, 3, false), *four = nd_lit_f64(4);
    check("nanprod_ax0", nd_nanprod(pn, 0, false, NULL), 0);
    check("nanprod_all", nd_nanprod(pn, ND_AXIS_ALL, false, NULL), 0);
    check("nancumsum_ax1", nd_nancumsum(pn, 1, NULL), 0);
    check("nancumsum_all", nd_nancumsum(pn, ND_AXIS_ALL, NULL), 0);
    nd_array *pq = nd_divide(pn, four, NULL);
    check("nancumprod_ax0", nd_nancumprod(pq, 0, NULL), 0);
    nd_array *ci = mk(ND_INT32, SHAPE(2, 3), 19, 0, false);
    check("nancumsum_int", nd_nancumsum(ci, 1, NULL), 0);
    nd_array *sp = mk(ND_FLOAT32, SHAPE(6), 20, 0, true);
    nd_array *spc = mk(ND_COMPLEX64, SHAPE(6), 20, 0, true);
    nd_array *sp64 = mk(ND_FLOAT64, SHAPE(6), 20, 0, true);
    check("n2n_f32", nd_nan_to_num(sp, 0, NULL, NULL, NULL), 0);
    check("n2n_c64", nd_nan_to_num(spc, 0, NULL, NULL, NULL), 0);
    double pi = 7, ni = -8;
    nd_array *inplace = nd_copy(sp64);
    ck_assert_ptr_eq(nd_nan_to_num(inplace, -1.5, &pi, &ni, inplace), inplace);
    check("n2n_f64_vals", inplace, 0);
    nd_array *sp16 = nd_astype(sp, ND_FLOAT16);
    check("n2n_f16", nd_nan_to_num(sp16, 0, NULL, NULL, NULL), 0);
    check("isposinf", nd_isposinf(sp64, NULL), 0);
    check("isneginf", nd_isneginf(sp64, NULL), 0);
    check_err("isposinf_c", status_of(nd_isposinf(spc, NULL)));
    const double czv[8] = {1, 0, 2, 1e-20, 3, -2, 0, 0};
    nd_array *cz = nd_from_buffer(ND_COMPLEX128, 1, (int64_t[]){4}, czv);
    check("isreal", nd_isreal(cz), 0);
    check("iscomplex", nd_iscomplex(cz), 0);
    nd_array *a45 = mk(ND_FLOAT64, SHAPE(4, 5), 1, 0, false);
    check("isreal_f", nd_isreal(a45), 0);
    ck_assert(nd_iscomplexobj(cz) && !nd_isrealobj(cz) && nd_isrealobj(a45));
    nd_array *an = mk(ND_COMPLEX128, SHAPE(6), 21, 0, false);
    check("angle", nd_angle(an, false), 1e-15); /* nd's arctan2: <= 1 ULP */
    check("angle_deg", nd_angle(an, true), 1e-15);
    nd_array *ai = mk(ND_INT32, SHAPE(5), 22, 0, false);
    nd_array *af = mk(ND_FLOAT32, SHAPE(5), 22, 0, false);
    check("angle_int", nd_angle(ai, false), 1e-15);
    check("angle_f32", nd_angle(af, false), 1e-7);
    const double rc[4] = {1, 1e-15, 2, -1e-15}, rf[4] = {1, 1e-10, 2, 0};
    nd_array *c1 = nd_from_buffer(ND_COMPLEX128, 1, (int64_t[]){2}, rc);
    nd_array *c2 = nd_from_buffer(ND_COMPLEX128, 1, (int64_t[]){2}, rf);
    check("ric_close", nd_real_if_close(c1, 100), 0);
    check("ric_far", nd_real_if_close(c2, 100), 0);
    nd_array *rel[] = {pn, four, pq, ci, sp, spc, sp64, sp16, cz, a45, an, ai, af, c1, c2};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

/* nansum/nanmean of real floats zero the NaNs in one pass (reduce/stats.c):
   bitwise what the ufunc chain they replaced gives, sum(where(isnan(a), 0,
   a)) and its mean over sum(!isnan(a)), on NaNs of either sign and any
   payload (a signaling one too), infinities and -0.0, with the same flags, in every
   layout (C, transposed, strided, reversed, at an odd address), each axis. */
static nd_array *nan_chain_ref(nd_array *a, int axis, bool mean) {
    nd_array *m = nd_isnan(a, NULL), *zero = nd_lit_i64(0);
    nd_array *a0 = nd_where(m, zero, a, NULL), *tot = nd_sum(a0, axis, false, NULL), *r = tot;
    if (mean) {
        nd_array *ok = nd_logical_not(m, NULL), *cnt = nd_sum(ok, axis, false, NULL);
        nd_array *q = nd_divide(tot, cnt, NULL);
        r = nd_astype(q, nd_get_dtype(a));
        nd_release(ok), nd_release(cnt), nd_release(q), nd_release(tot);
    }
    nd_release(m), nd_release(zero), nd_release(a0);
    return r;
}

static void free_ctx(void *p) { free(p); }

START_TEST(nan_sums_one_pass) {
    /* per width: quiet NaN, negative NaN with a payload, signaling NaN, inf, -inf, -0.0 */
    static const uint64_t special[3][6] = {
        {0x7e00, 0xfe01, 0x7c01, 0x7c00, 0xfc00, 0x8000},
        {0x7fc00000, 0xffc00001, 0x7f800001, 0x7f800000, 0xff800000, 0x80000000},
        {0x7ff8000000000000u, 0xfff8000000000001u, 0x7ff0000000000001u, 0x7ff0000000000000u,
         0xfff0000000000000u, 0x8000000000000000u}};
    const nd_dtype types[] = {ND_FLOAT16, ND_FLOAT32, ND_FLOAT64};
    for (int ti = 0; ti < 3; ti++) {
        nd_dtype t = types[ti];
        int64_t sh[2] = {37, 29}, n = sh[0] * sh[1];
        double *v = malloc(sizeof(double) * (size_t)n);
        for (int64_t i = 0; i < n; i++) v[i] = (double)((i * 7919) % 251 - 125) / 8.0;
        nd_array *d = nd_from_buffer(ND_FLOAT64, 2, sh, v), *base = nd_astype(d, t);
        size_t w = nd_dtype_size(t);
        for (int64_t i = 0; i < n; i += 5) { /* the specials */
            uint64_t b = special[ti][(i / 5) % 6];
            memcpy((char *)nd_data(base) + i * (int64_t)w, &b, w); /* little-endian */
        }
        char *mem = malloc((size_t)n * w + 1);
        memcpy(mem + 1, nd_data(base), (size_t)n * w);
        nd_array *lay[5] = {nd_retain(base), nd_transpose(base, NULL), nd_slice(base, "::2, 1::3"),
                            nd_slice(base, "::-1, ::-2"),
                            nd_wrap(mem + 1, t, 2, sh, NULL, free_ctx, mem)};
        for (int l = 0; l < 5; l++)
            for (int axis = -1; axis < 2; axis++)
                for (int mean = 0; mean < 2; mean++) {
                    int ax = axis < 0 ? ND_AXIS_ALL : axis;
                    nd_fp_clear();
                    nd_array *got = mean ? nd_nanmean(lay[l], ax, false, NULL)
                                         : nd_nansum(lay[l], ax, false, NULL);
                    int flags = nd_fp_flags();
                    nd_fp_clear();
                    nd_array *want = nan_chain_ref(lay[l], ax, mean);
                    int want_flags = nd_fp_flags();
                    ck_assert_msg(got && want, "%s", nd_last_error_message());
                    nd_array *gc = nd_copy(got), *wc = nd_copy(want);
                    ck_assert_int_eq(nd_get_dtype(got), nd_get_dtype(want));
                    ck_assert_int_eq(nd_size(got), nd_size(want));
                    ck_assert_msg(!memcmp(nd_data(gc), nd_data(wc), (size_t)nd_nbytes(wc)),
                                  "%s %s layout %d axis %d differs from the ufunc chain",
                                  mean ? "nanmean" : "nansum", nd_dtype_name(t), l, axis);
                    ck_assert_msg(flags == want_flags, "%s %s raised %d, the chain %d",
                                  mean ? "nanmean" : "nansum", nd_dtype_name(t), flags, want_flags);
                    nd_release(got), nd_release(want), nd_release(gc), nd_release(wc);
                }
        for (int l = 0; l < 5; l++) nd_release(lay[l]);
        nd_release(d), nd_release(base);
        free(v);
    }
}
END_TEST

static const char *const rules[] = {"auto",  "fd",   "doane",   "scott",
                                    "stone", "rice", "sturges", "sqrt"};

START_TEST(histograms) {
    nd_array *h0 = mk(ND_FLOAT64, SHAPE(200), 23, 0, false);
    nd_array *ls = nd_linspace(0.5, 2, 200, ND_FLOAT64), *h = nd_multiply(h0, ls, NULL);
    nd_array *hi = mk(ND_INT64, SHAPE(150), 24, 0, false);
    nd_array *hf = mk(ND_FLOAT32, SHAPE(120), 25, 0, false);
    const double range[2] = {-3, 4};
    char name[64];
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        nd_bins_rule r;
        ck_assert_int_eq(nd_bins_rule_from_name(rules[i], &r), ND_OK);
        snprintf(name, sizeof name, "edges_%s", rules[i]);
        check(name, nd_histogram_bin_edges(h, r, NULL), 0);
        snprintf(name, sizeof name, "edges_range_%s", rules[i]);
        check(name, nd_histogram_bin_edges(h, r, range), 0);
        snprintf(name, sizeof name, "edges_int_%s", rules[i]);
        check(name, nd_histogram_bin_edges(hi, r, NULL), 0);
        snprintf(name, sizeof name, "edges_f32_%s", rules[i]);
        check(name, nd_histogram_bin_edges(hf, r, NULL), 0);
    }
    nd_bins_rule r;
    ck_assert_int_eq(nd_bins_rule_from_name("nope", &r), ND_ERR_VALUE);
    nd_clear_error();
    nd_array *c2 = nd_full(ND_FLOAT64, 1, (int64_t[]){5}, 2.0);
    check("edges_const", nd_histogram_bin_edges(c2, ND_BINS_FD, NULL), 0);
    const double bad[2] = {3, 1};
    check_err("edges_badrange", status_of(nd_histogram_bin_edges(h, ND_BINS_AUTO, bad)));

    nd_array *hx = mk(ND_FLOAT64, SHAPE(60), 26, 0, false);
    nd_array *hy = mk(ND_FLOAT64, SHAPE(60), 27, 0, false), *three = nd_lit_f64(3);
    nd_array *hw = mk(ND_FLOAT64, SHAPE(60), 28, 0, false), *seven = nd_lit_f64(7);
    nd_multiply(hy, three, hy);
    nd_add(hw, seven, hw);
    nd_array *H, *ex, *ey;
    ck_assert_int_eq(nd_histogram2d(hx, hy, 5, 4, NULL, false, NULL, &H, &ex, &ey), ND_OK);
    check("h2d", H, 0);
    check("h2d_ex", ex, 0);
    check("h2d_ey", ey, 0);
    const double r4[4] = {-4, 4, -10, 12};
    ck_assert_int_eq(nd_histogram2d(hx, hy, 3, 6, r4, true, hw, &H, NULL, &ey), ND_OK);
    check("h2d_rdw", H, 1e-15);
    check("h2d_rdw_ey", ey, 0);
    /* sd[4] = [max col 0, max col 1, min col 2]: points on the outer edges */
    nd_array *sd = mk(ND_FLOAT64, SHAPE(50, 3), 29, 0, false);
    for (int j = 0; j < 3; j++) {
        nd_array *col = nd_slice(sd, j == 0 ? ":, 0" : j == 1 ? ":, 1" : ":, 2");
        nd_array *e = j < 2 ? nd_max(col, 0, false, NULL) : nd_min(col, 0, false, NULL);
        nd_set_f64(sd, (int64_t[]){4, j}, nd_get_f64(e, NULL));
        nd_release(col);
        nd_release(e);
    }
    nd_array *edges[3];
    ck_assert_int_eq(nd_histogramdd(sd, (int64_t[]){4, 3, 5}, NULL, false, NULL, &H, edges), ND_OK);
    check("hdd", H, 0);
    check("hdd_e2", edges[2], 0);
    nd_release(edges[0]), nd_release(edges[1]);
    ck_assert_int_eq(nd_histogramdd(sd, (int64_t[]){2, 2, 3}, NULL, true, NULL, &H, NULL), ND_OK);
    check("hdd_d", H, 1e-15);
    check_err("hdd_bins0", nd_histogramdd(sd, (int64_t[]){0, 2, 3}, NULL, false, NULL, &H, NULL));
    nd_array *rel[] = {h0, ls, h, hi, hf, c2, hx, hy, three, hw, seven, sd};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

START_TEST(elementwise_gaps) {
    nd_array *ea = mk(ND_FLOAT64, SHAPE(7), 30, 0, false);
    nd_set_f64(ea, (int64_t[]){0}, 0.0), nd_set_f64(ea, (int64_t[]){1}, -0.0);
    nd_set_f64(ea, (int64_t[]){2}, INFINITY);
    const int64_t eiv[7] = {-3, 0, 1, 5, -1070, 1030, 2};
    nd_array *ei = nd_from_buffer(ND_INT64, 1, (int64_t[]){7}, eiv);
    const double fpv[5] = {2, -1, 0.5, 3, 0};
    nd_array *b5 = mk(ND_FLOAT64, SHAPE(5), 31, 0, false), *e5 = vec(5, fpv), *two = nd_lit_i64(2);
    check("float_power", nd_float_power(b5, e5, NULL), 0);
    nd_array *i4 = mk(ND_INT32, SHAPE(4), 32, 0, false);
    check("float_power_i", nd_float_power(i4, two, NULL), 0);
    const double hv[5] = {-1.5, 0, 2, NAN, -0.0};
    nd_array *hx = vec(5, hv), *half = nd_lit_f64(0.5);
    check("heaviside", nd_heaviside(hx, half, NULL), 0);
    nd_array *h32 = mk(ND_FLOAT32, SHAPE(5), 33, 0, false),
             *q32 = nd_full(ND_FLOAT32, 0, NULL, 0.25);
    check("heaviside_f32", nd_heaviside(h32, q32, NULL), 0);
    check("ldexp", nd_ldexp(ea, ei, NULL), 0);
    const int64_t k4[4] = {1, 2, 3, 4};
    nd_array *i1 = mk(ND_INT8, SHAPE(4), 34, 0, false),
             *e4 = nd_from_buffer(ND_INT64, 1, (int64_t[]){4}, k4);
    check("ldexp_i1", nd_ldexp(i1, e4, NULL), 0);
    nd_array *f7 = mk(ND_FLOAT32, SHAPE(7), 35, 0, false);
    check("ldexp_f32", nd_ldexp(f7, ei, NULL), 0);
    check_err("ldexp_float_exp", status_of(nd_ldexp(ea, ea, NULL)));
    nd_array *m, *e;
    ck_assert_int_eq(nd_frexp(ea, &m, &e), ND_OK);
    check("frexp_m", m, 0);
    check("frexp_e", e, 0);
    nd_array *f16 = mk(ND_FLOAT16, SHAPE(5), 36, 0, false);
    ck_assert_int_eq(nd_frexp(f16, &m, &e), ND_OK);
    check("frexp_f16_m", m, 0);
    check("frexp_f16_e", e, 0);
    nd_array *f6 = mk(ND_FLOAT32, SHAPE(6), 37, 0, false);
    ck_assert_int_eq(nd_modf(f6, &m, &e), ND_OK);
    check("modf_frac", m, 0);
    check("modf_int", e, 0);
    check("spacing", nd_spacing(ea, NULL), 0);
    nd_array *s32 = mk(ND_FLOAT32, SHAPE(5), 38, 0, false);
    check("spacing_f32", nd_spacing(s32, NULL), 0);
    const double sv[5] = {1, -2, 65504, 0, 0.001};
    nd_array *s64 = vec(5, sv), *s16 = nd_astype(s64, ND_FLOAT16);
    check("spacing_f16", nd_spacing(s16, NULL), 0);
    nd_array *cz = nd_zeros(ND_COMPLEX128, 1, (int64_t[]){1});
    check_err("frexp_c", nd_frexp(cz, &m, &e));
    nd_array *rel[] = {ea, ei, b5, e5,  two, i4,  hx,  half, h32, q32,
                       i1, e4, f7, f16, f6,  s32, s64, s16,  cz};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

START_TEST(ufunc_methods) {
    nd_array *ua = mk(ND_FLOAT64, SHAPE(3, 4), 40, 0, false);
    nd_array *ui = mk(ND_INT8, SHAPE(3, 4), 41, 0, false), *five = nd_lit_i64(5);
    nd_multiply(ui, five, ui);
    check("red_sub_ax0", nd_ufunc_reduce(ND_OP_SUBTRACT, ua, 0, false, NULL), 0);
    check_err("red_sub_all",
              status_of(nd_ufunc_reduce(ND_OP_SUBTRACT, ua, ND_AXIS_ALL, false, NULL)));
    nd_array *u0 = nd_slice(ua, "0"), *u1 = nd_slice(ua, ":, 1");
    check("red_sub_1d", nd_ufunc_reduce(ND_OP_SUBTRACT, u0, ND_AXIS_ALL, false, NULL), 0);
    check("red_bor_all", nd_ufunc_reduce(ND_OP_BITWISE_OR, ui, ND_AXIS_ALL, false, NULL), 0);
    const double pw[6] = {2, 3, 2, 1.5, 2, 0.5};
    nd_array *p23 = nd_from_buffer(ND_FLOAT64, 2, (int64_t[]){2, 3}, pw);
    check("red_sub_keep", nd_ufunc_reduce(ND_OP_SUBTRACT, p23, 1, true, NULL), 0);
    check("red_add_i8", nd_ufunc_reduce(ND_OP_ADD, ui, 1, false, NULL), 0);
    check("red_bxor", nd_ufunc_reduce(ND_OP_BITWISE_XOR, ui, 0, false, NULL), 0);
    nd_array *z03 = nd_zeros(ND_INT8, 2, (int64_t[]){0, 3}),
             *zf = nd_zeros(ND_FLOAT64, 2, (int64_t[]){0, 3});
    check("red_band_empty", nd_ufunc_reduce(ND_OP_BITWISE_AND, z03, 0, false, NULL), 0);
    check_err("red_sub_empty", status_of(nd_ufunc_reduce(ND_OP_SUBTRACT, zf, 0, false, NULL)));
    ck_assert_ptr_null(nd_ufunc_reduce(ND_OP_NEGATIVE, ua, 0, false, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    check("acc_add_i8", nd_ufunc_accumulate(ND_OP_ADD, ui, 1, NULL), 0);
    check("acc_sub", nd_ufunc_accumulate(ND_OP_SUBTRACT, ua, 0, NULL), 0);
    check("acc_max", nd_ufunc_accumulate(ND_OP_MAXIMUM, ua, 1, NULL), 0);
    nd_array *seven = nd_lit_f64(7), *u07 = nd_add(u0, seven, NULL);
    check("acc_div", nd_ufunc_accumulate(ND_OP_DIVIDE, u07, ND_AXIS_ALL, NULL), 0);
    check("outer_sub", nd_ufunc_outer(ND_OP_SUBTRACT, u0, u1, NULL), 0);
    const double b3[3] = {1, 2, 3}, e22[4] = {0, 1, 2, 3};
    nd_array *x3 = vec(3, b3), *y22 = nd_from_buffer(ND_FLOAT64, 2, (int64_t[]){2, 2}, e22);
    check("outer_pow", nd_ufunc_outer(ND_OP_POWER, x3, y22, NULL), 0);
    nd_array *r8 = nd_arange(0, 8, 1, ND_FLOAT64);
    const int64_t i1[4] = {0, 4, 1, 5}, i2[4] = {0, 2, 2, 3}, i3[2] = {2, 0}, i4[2] = {0, 5};
    nd_array *ix1 = nd_from_buffer(ND_INT64, 1, (int64_t[]){4}, i1);
    nd_array *ix2 = nd_from_buffer(ND_INT64, 1, (int64_t[]){4}, i2);
    nd_array *ix3 = nd_from_buffer(ND_INT64, 1, (int64_t[]){2}, i3);
    nd_array *ix4 = nd_from_buffer(ND_INT64, 1, (int64_t[]){2}, i4);
    check("reduceat_add", nd_ufunc_reduceat(ND_OP_ADD, r8, ix1, 0, NULL), 0);
    check("reduceat_i8", nd_ufunc_reduceat(ND_OP_ADD, ui, ix2, 1, NULL), 0);
    check("reduceat_max", nd_ufunc_reduceat(ND_OP_MAXIMUM, ua, ix3, 0, NULL), 0);
    nd_array *r5 = nd_arange(0, 5, 1, ND_INT64);
    check_err("reduceat_oob", status_of(nd_ufunc_reduceat(ND_OP_ADD, r5, ix4, 0, NULL)));
    nd_array *at = nd_arange(0, 6, 1, ND_FLOAT64);
    const int64_t ai[5] = {0, 1, 1, 5, -1};
    const double av[5] = {10, 1, 2, 3, 4};
    nd_array *aix = nd_from_buffer(ND_INT64, 1, (int64_t[]){5}, ai), *avv = vec(5, av);
    ck_assert_int_eq(nd_ufunc_at(ND_OP_ADD, at, aix, avv), ND_OK);
    check("at_add", at, 0);
    nd_array *at2 = mk(ND_FLOAT64, SHAPE(3, 4), 42, 0, false);
    const int64_t ri[3] = {2, 0, 2};
    nd_array *rix = nd_from_buffer(ND_INT64, 1, (int64_t[]){3}, ri);
    ck_assert_int_eq(nd_ufunc_at(ND_OP_MULTIPLY, at2, rix, u0), ND_OK);
    check("at_mul_rows", at2, 0);
    const double a3[3] = {1.5, -2, 3};
    const int64_t ni[3] = {0, 0, 2};
    nd_array *at3 = vec(3, a3), *nix = nd_from_buffer(ND_INT64, 1, (int64_t[]){3}, ni);
    ck_assert_int_eq(nd_ufunc_at(ND_OP_NEGATIVE, at3, nix, NULL), ND_OK);
    check("at_neg", at3, 0);
    nd_array *r3 = nd_arange(0, 3, 1, ND_INT64), *one = nd_lit_i64(1);
    const int64_t oob[1] = {3};
    nd_array *oix = nd_from_buffer(ND_INT64, 1, (int64_t[]){1}, oob);
    check_err("at_oob", nd_ufunc_at(ND_OP_ADD, r3, oix, one));
    nd_array *rel[] = {ua,  ui,  five, u0,  u1, p23, z03, zf,  seven, u07, x3,  y22, r8,
                       ix1, ix2, ix3,  ix4, r5, aix, avv, rix, nix,   r3,  one, oix};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

/* Every entry point under allocation failure: a clean error, no leak. */
START_TEST(alloc_failures) {
    nd_array *x = mk(ND_FLOAT64, SHAPE(3, 10), 7, 0, false);
    nd_array *qn = mk(ND_FLOAT64, SHAPE(3, 11), 15, 4, false);
    nd_array *w = mk(ND_FLOAT64, SHAPE(10), 8, 0, false), *ten = nd_lit_f64(10);
    nd_add(w, ten, w);
    nd_array *q = nd_lit_f64(0.3), *v = nd_slice(x, "0"), *y = nd_slice(x, "1"),
             *k2 = nd_lit_i64(2);
    for (int fn = 0; fn < 22; fn++) {
        long base = nd_debug_live_allocs();
        bool done = false;
        for (long nth = 1; !done && nth < 4000; nth++) {
            nd_debug_fail_alloc(nth);
            nd_array *r = NULL, *r2 = NULL, *r3 = NULL;
            int st = ND_OK;
            switch (fn) {
            case 0:
                r = nd_ptp(x, 1, false, NULL);
                break;
            case 1:
                st = nd_average(x, 1, w, false, &r, &r2);
                break;
            case 2:
                r = nd_cov(x, NULL, true, false, ND_DDOF_NONE, NULL, w);
                break;
            case 3:
                r = nd_corrcoef(x, NULL, true);
                break;
            case 4:
                r = nd_quantile_ex(qn, q, 1, false, ND_Q_HAZEN);
                break;
            case 5:
                r = nd_nanpercentile(qn, q, 0, false, ND_Q_LOWER);
                break;
            case 6:
                r = nd_nanmedian(qn, 1, false);
                break;
            case 7:
                r = nd_nanprod(qn, 0, false, NULL);
                break;
            case 8:
                r = nd_nancumsum(qn, 1, NULL);
                break;
            case 9:
                r = nd_nan_to_num(qn, 0, NULL, NULL, NULL);
                break;
            case 10:
                r = nd_isposinf(qn, NULL);
                break;
            case 11:
                r = nd_angle(qn, true);
                break;
            case 12:
                r = nd_histogram_bin_edges(v, ND_BINS_DOANE, NULL);
                break;
            case 13:
                r = nd_histogram_bin_edges(v, ND_BINS_STONE, NULL);
                break;
            case 14:
                st = nd_histogram2d(v, y, 3, 4, NULL, true, w, &r, &r2, &r3);
                break;
            case 15:
                r = nd_ldexp(x, k2, NULL);
                break;
            case 16:
                st = nd_frexp(x, &r, &r2);
                break;
            case 17:
                r = nd_spacing(x, NULL);
                break;
            case 18:
                r = nd_ufunc_reduce(ND_OP_SUBTRACT, x, 1, true, NULL);
                break;
            case 19:
                r = nd_ufunc_accumulate(ND_OP_POWER, x, 0, NULL);
                break;
            case 20:
                r = nd_ufunc_outer(ND_OP_ADD, v, y, NULL);
                break;
            default:
                r = nd_iscomplex(x);
                break;
            }
            long made = nd_debug_fail_alloc(0);
            bool ok = fn == 1 || fn == 14 || fn == 16 ? st == ND_OK : r != NULL;
            if (ok) {
                ck_assert_msg(made < nth, "case %d succeeded although allocation %ld failed", fn,
                              nth);
                ck_assert_msg(nth > 1, "case %d allocated nothing: the walk tested nothing", fn);
                done = true;
                nd_release(r), nd_release(r2), nd_release(r3);
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
    }
    nd_array *rel[] = {x, qn, w, ten, q, v, y, k2};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

int main(void) {
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("numpy");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, ptp_average);
    tcase_add_test(tc, cov_corrcoef);
    tcase_add_test(tc, quantile_methods);
    tcase_add_test(tc, nan_functions);
    tcase_add_test(tc, nan_sums_one_pass);
    tcase_add_test(tc, histograms);
    tcase_add_test(tc, elementwise_gaps);
    tcase_add_test(tc, ufunc_methods);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    int rc = nd_test_run(s);
    free(ref);
    return rc;
}
