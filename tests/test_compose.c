/* where, clip, round, divmod, isclose/allclose/array_equal, real/imag
   against NumPy. */
#include <math.h>

#include "nd_test.h"

static nd_array *f64(int64_t n, const double *v) { return nd_from_buffer(ND_FLOAT64, 1, &n, v); }

/* Reads n doubles printed one per line by a NumPy script. */
static void expect_values(const nd_array *r, const char *script, int64_t n) {
    char *out = nd_test_python(script);
    ck_assert_ptr_nonnull(out);
    char *p = out;
    ck_assert_int_eq(nd_size(r), n);
    nd_array *c = nd_astype(r, ND_FLOAT64);
    for (int64_t i = 0; i < n; i++) {
        double want = strtod(p, &p), got = ((double *)nd_data(c))[i];
        ck_assert_msg((isnan(want) && isnan(got)) || want == got,
                      "element %lld: got %.17g want %.17g", (long long)i, got, want);
    }
    nd_release(c);
    free(out);
}

static const double vals[8] = {-2.5, -1.5, -0.5, 0.5, 1.5, 2.675, 1234.5678, NAN};

START_TEST(where_matches_numpy) {
    nd_array *a = f64(8, vals);
    nd_array *z = nd_lit_f64(0.0);
    nd_array *cond = nd_greater(a, z, NULL);
    nd_array *neg = nd_negative(a, NULL);
    nd_array *r = nd_where(cond, a, neg, NULL);
    ck_assert_int_eq(nd_get_dtype(r), ND_FLOAT64);
    expect_values(r,
                  "import numpy as np\n"
                  "a=np.array([-2.5,-1.5,-0.5,0.5,1.5,2.675,1234.5678,np.nan])\n"
                  "print('\\n'.join(repr(float(x)) for x in np.where(a>0,a,-a)))\n",
                  8);
    /* broadcast scalar branches, weak literal keeps float32 */
    nd_array *a32 = nd_astype(a, ND_FLOAT32), *one = nd_lit_f64(1.0);
    nd_array *cond32 = nd_greater(a32, z, NULL);
    nd_array *r2 = nd_where(cond32, a32, one, NULL);
    ck_assert_int_eq(nd_get_dtype(r2), ND_FLOAT32);
    nd_array *z3 = nd_zeros(ND_FLOAT64, 1, (int64_t[]){3});
    nd_array *bad = nd_where(cond, a, z3, NULL);
    ck_assert_ptr_null(bad);
    ck_assert_nd_error(ND_ERR_SHAPE);
    nd_array *arr[] = {a, z, cond, neg, r, a32, one, cond32, r2, z3};
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) nd_release(arr[i]);
}
END_TEST

START_TEST(round_and_clip_match_numpy) {
    nd_array *a = f64(8, vals);
    for (int d = -2; d <= 2; d++) {
        nd_array *r = nd_round(a, d, NULL);
        char script[512];
        snprintf(script, sizeof script,
                 "import numpy as np\n"
                 "a=np.array([-2.5,-1.5,-0.5,0.5,1.5,2.675,1234.5678,np.nan])\n"
                 "print('\\n'.join(repr(float(x)) for x in np.round(a,%d)))\n",
                 d);
        expect_values(r, script, 8);
        nd_release(r);
    }
    /* with out: every step in out, as NumPy (float32 out: each step rounds
       to float32, which the first three values tell), into a new array, into
       a copy of the source in place */
    static const double bv[8] = {-15.334999932177952, 93.98500005457794, -61.734999938093885,
                                 2.675, -2.5, 1234.5678, NAN, 0.5};
    nd_array *b = f64(8, bv);
    static const char *out_dt[] = {"np.float64", "np.float32", "b.dtype"};
    for (int d = -1; d <= 2; d += 3)
        for (int k = 0; k < 3; k++) {
            nd_array *o = k == 0 ? nd_zeros(ND_FLOAT64, 1, (int64_t[]){8})
                          : k == 1 ? nd_zeros(ND_FLOAT32, 1, (int64_t[]){8})
                                   : nd_copy(b);
            ck_assert_ptr_eq(nd_round(k == 2 ? o : b, d, o), o);
            char script[512];
            snprintf(script, sizeof script,
                     "import numpy as np\n"
                     "b=np.array([-15.334999932177952, 93.98500005457794, -61.734999938093885,"
                     " 2.675, -2.5, 1234.5678, np.nan, 0.5])\n"
                     "o=np.zeros(8, %s); np.round(b, %d, out=o)\n"
                     "print('\\n'.join(repr(float(x)) for x in o))\n",
                     out_dt[k], d);
            expect_values(o, script, 8);
            nd_release(o);
        }
    nd_release(b);
    int64_t iv[4] = {1250, 1350, -1250, 7};
    int64_t n = 4;
    nd_array *ia = nd_from_buffer(ND_INT64, 1, &n, iv), *ir = nd_round(ia, -2, NULL);
    ck_assert_int_eq(nd_get_dtype(ir), ND_INT64);
    expect_values(ir,
                  "import numpy as np\nprint('\\n'.join(str(x) for x in "
                  "np.round(np.array([1250,1350,-1250,7]),-2)))\n",
                  4);
    nd_array *lo = nd_lit_f64(-1.0), *hi = nd_lit_f64(2.0);
    nd_array *c = nd_clip(a, lo, hi, NULL);
    expect_values(c,
                  "import numpy as np\n"
                  "a=np.array([-2.5,-1.5,-0.5,0.5,1.5,2.675,1234.5678,np.nan])\n"
                  "print('\\n'.join(repr(float(x)) for x in np.clip(a,-1.0,2.0)))\n",
                  8);
    ck_assert_ptr_null(nd_clip(a, NULL, NULL, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_release(c), nd_release(lo), nd_release(hi), nd_release(ia), nd_release(ir), nd_release(a);
}
END_TEST

START_TEST(divmod_matches_floor_divide_and_remainder) {
    int32_t av[6] = {-7, 7, -7, 7, INT32_MIN, 5}, bv[6] = {2, -2, -2, 0, -1, 3};
    int64_t n = 6;
    nd_array *a = nd_from_buffer(ND_INT32, 1, &n, av), *b = nd_from_buffer(ND_INT32, 1, &n, bv);
    nd_array *q = NULL, *r = NULL;
    nd_fp_clear();
    ck_assert_int_eq(nd_divmod(a, b, &q, &r), ND_OK);
    ck_assert(nd_fp_flags() & ND_FP_DIVBYZERO);
    expect_values(q,
                  "import numpy as np\n"
                  "with np.errstate(all='ignore'):\n"
                  "  "
                  "q,r=np.divmod(np.array([-7,7,-7,7,-2**31,5],np.int32),np.array([2,-2,-2,0,-1,3],"
                  "np.int32))\n"
                  "print('\\n'.join(str(x) for x in q))\n",
                  6);
    expect_values(r,
                  "import numpy as np\n"
                  "with np.errstate(all='ignore'):\n"
                  "  "
                  "q,r=np.divmod(np.array([-7,7,-7,7,-2**31,5],np.int32),np.array([2,-2,-2,0,-1,3],"
                  "np.int32))\n"
                  "print('\\n'.join(str(x) for x in r))\n",
                  6);
    nd_release(a), nd_release(b), nd_release(q), nd_release(r);
}
END_TEST

/* Float divmod runs in one pass where both operands and results are
   contiguous and apart: each result must be floor_divide's and remainder's
   bytes, with their flags, for signed zeros, huge and tiny ratios, zero
   divisors, inf and NaN (those raise, and the two ops then run); into
   given outs; and in raise mode the message is floor_divide's. Against
   the separate ops, whose values test_ufunc checks against NumPy. */
START_TEST(divmod_one_pass_matches_separate_ops) {
    enum { N = 1000 };
    double av[N], bv[N];
    uint64_t st = 12345;
    for (int i = 0; i < N; i++) {
        st = st * 6364136223846793005u + 1442695040888963407u;
        double u = (double)(st >> 11) / 9007199254740992.0;
        av[i] = (u - 0.5) * ldexp(1, (int)(st % 80) - 40);
        bv[i] = (u * 3 - 1.1) * ldexp(1, (int)(st >> 56) % 40 - 20);
    }
    const double sa[] = {0.0, -0.0, 1.0, -1.0, 7.5, -7.5, 1e30, -1e-30, -3.0, 6.0},
                 sb[] = {3.0, -3.0, 2.0, -0.5, -2.5, 2.5, -7.0, 1e20, 1.5, -2.0};
    for (int i = 0; i < 10; i++) av[i] = sa[i], bv[i] = sb[i];
    for (int clean = 1; clean >= 0; clean--) {
        if (!clean) /* a zero divisor, inf, NaN, a subnormal */
            bv[N - 1] = 0.0, av[N - 2] = INFINITY, bv[N - 3] = NAN, av[N - 4] = 5e-324;
        for (int t = 0; t < 2; t++) {
            nd_dtype dt = t ? ND_FLOAT64 : ND_FLOAT32;
            nd_array *a0 = f64(N, av), *b0 = f64(N, bv);
            nd_array *a = nd_astype(a0, dt), *b = nd_astype(b0, dt);
            nd_fp_clear();
            nd_array *wq = nd_floor_divide(a, b, NULL), *wr = nd_remainder(a, b, NULL);
            int wf = nd_fp_flags();
            ck_assert_int_eq(wf != 0, !clean);
            for (int outs = 0; outs < 2; outs++) {
                nd_array *q = outs ? nd_empty(dt, 1, (int64_t[]){N}) : NULL,
                         *r = outs ? nd_empty(dt, 1, (int64_t[]){N}) : NULL, *q0 = q, *r0 = r;
                nd_fp_clear();
                ck_assert_int_eq(nd_divmod(a, b, &q, &r), ND_OK);
                ck_assert_int_eq(nd_fp_flags(), wf);
                ck_assert(!outs || (q == q0 && r == r0));
                ck_assert(!memcmp(nd_data(q), nd_data(wq), (size_t)nd_nbytes(wq)));
                ck_assert(!memcmp(nd_data(r), nd_data(wr), (size_t)nd_nbytes(wr)));
                nd_release(q), nd_release(r);
            }
            if (!clean) {
                nd_fp_mode old = nd_fp_set_mode(ND_FP_RAISE);
                nd_array *q = NULL, *r = NULL;
                ck_assert_int_ne(nd_divmod(a, b, &q, &r), ND_OK);
                ck_assert_ptr_null(q);
                ck_assert_str_eq(nd_last_error_message(),
                                 "nd_floor_divide: divide by zero encountered in floor_divide");
                nd_fp_set_mode(old);
            }
            nd_release(a0), nd_release(b0), nd_release(a), nd_release(b), nd_release(wq),
                nd_release(wr);
        }
    }
}
END_TEST

START_TEST(isclose_family_matches_numpy) {
    double xv[6] = {1.0, 1e10, 1e-8, INFINITY, NAN, -INFINITY};
    double yv[6] = {1.0 + 1e-9, 1.00001e10, 0.0, INFINITY, NAN, INFINITY};
    nd_array *x = f64(6, xv), *y = f64(6, yv);
    for (int en = 0; en < 2; en++) {
        nd_array *r = nd_isclose(x, y, 1e-5, 1e-8, en, NULL);
        ck_assert_int_eq(nd_get_dtype(r), ND_BOOL);
        char script[512];
        snprintf(script, sizeof script,
                 "import numpy as np\n"
                 "x=np.array([1.0,1e10,1e-8,np.inf,np.nan,-np.inf]);y=np.array([1+1e-9,1.00001e10,"
                 "0.0,np.inf,np.nan,np.inf])\n"
                 "print('\\n'.join(str(int(v)) for v in np.isclose(x,y,equal_nan=%s)))\n",
                 en ? "True" : "False");
        expect_values(r, script, 6);
        nd_release(r);
    }
    bool all;
    ck_assert_int_eq(nd_allclose(x, x, 1e-5, 1e-8, true, &all), ND_OK);
    ck_assert(all);
    ck_assert_int_eq(nd_allclose(x, y, 1e-5, 1e-8, true, &all), ND_OK);
    ck_assert(!all);
    ck_assert_int_eq(nd_array_equal(x, x, false, &all), ND_OK);
    ck_assert(!all); /* NaN != NaN */
    ck_assert_int_eq(nd_array_equal(x, x, true, &all), ND_OK);
    ck_assert(all);
    nd_array *short3 = f64(3, xv);
    ck_assert_int_eq(nd_array_equal(x, short3, true, &all), ND_OK);
    ck_assert(!all);
    ck_assert_int_eq(nd_fp_flags() & ND_FP_INVALID, 0);
    nd_release(x), nd_release(y), nd_release(short3);
}
END_TEST

START_TEST(real_imag_views) {
    double cv[6] = {1, 2, 3, 4, 5, 6};
    int64_t n = 3;
    nd_array *c = nd_from_buffer(ND_COMPLEX128, 1, &n, cv);
    nd_array *re = nd_real(c), *im = nd_imag(c);
    ck_assert_int_eq(nd_get_dtype(re), ND_FLOAT64);
    ck_assert_int_eq(nd_strides(re)[0], 16);
    for (int i = 0; i < 3; i++) {
        ck_assert(nd_get_f64(re, (int64_t[]){i}) == cv[2 * i]);
        ck_assert(nd_get_f64(im, (int64_t[]){i}) == cv[2 * i + 1]);
    }
    ck_assert_int_eq(nd_set_f64(im, (int64_t[]){0}, 9.0), ND_OK); /* a view: writes through */
    ck_assert(((double *)nd_data(c))[1] == 9.0);
    nd_array *r = f64(3, cv), *ri = nd_imag(r);
    ck_assert(!nd_is_writeable(ri));
    ck_assert(nd_get_f64(ri, (int64_t[]){2}) == 0.0);
    ck_assert_ptr_null(nd_real(NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    nd_release(re), nd_release(im), nd_release(c), nd_release(r), nd_release(ri);
}
END_TEST

/* An out whose elements share memory (a zero stride, or strides that
   overlap): NumPy computes into a copy and writes it back in C order
   (WRITEBACKIFCOPY), so inputs read the memory before any write and the
   last element in C order wins. Each case is run by NumPy through
   as_strided over the same buffer. */
typedef struct {
    const char *py; /* NumPy, on x (the buffer) and y = as_strided(x, shape, strides) */
    int n;          /* buffer elements */
    int ndim;
    int64_t shape[2], strides[2];
    int op; /* 0 add(y, 1), 1 add(ones, 1), 2 add(y, arange), 3 negative(y), 4 assign arange,
               5 multiply(y, y) */
} overlap_case;

static const overlap_case overlap_cases[] = {
    {"np.add(y, 1, out=y)", 1, 1, {5}, {0}, 0},
    {"np.add(np.ones(5), 1, out=y)", 1, 1, {5}, {0}, 1},
    {"np.add(y, np.arange(5.), out=y)", 1, 1, {5}, {0}, 2},
    {"np.negative(y, out=y)", 1, 1, {5}, {0}, 3},
    {"np.copyto(y, np.arange(5.))", 1, 1, {5}, {0}, 4},
    {"np.multiply(y, y, out=y)", 1, 1, {5}, {0}, 5},
    {"np.add(y, 1, out=y)", 6, 2, {4, 3}, {8, 8}, 0},
    {"np.add(y, np.arange(12.).reshape(4, 3), out=y)", 6, 2, {4, 3}, {8, 8}, 2},
    {"np.copyto(y, np.arange(12.).reshape(4, 3))", 6, 2, {4, 3}, {8, 8}, 4},
    {"np.add(y, 1, out=y)", 3, 2, {2, 3}, {0, 8}, 0},
    {"np.add(y, np.arange(6.).reshape(2, 3), out=y)", 3, 2, {2, 3}, {0, 8}, 2},
    {"np.negative(y, out=y)", 4, 2, {3, 2}, {-8, 8}, 3},
};

static void no_release(void *ctx) { (void)ctx; }

START_TEST(self_overlapping_out_matches_numpy) {
    int nc = (int)(sizeof overlap_cases / sizeof overlap_cases[0]);
    char script[8192] = "import numpy as np\nfrom numpy.lib.stride_tricks import as_strided\n";
    for (int c = 0; c < nc; c++) {
        const overlap_case *t = &overlap_cases[c];
        char line[512];
        snprintf(
            line, sizeof line,
            "x = np.arange(%d.) + 3\ny = as_strided(x[%d:], (%lld,%lld)[:%d], (%lld,%lld)[:%d])\n"
            "%s\nprint(*[v.hex() for v in x])\n",
            t->n, t->strides[0] < 0 ? t->n - 1 : 0, (long long)t->shape[0], (long long)t->shape[1],
            t->ndim, (long long)t->strides[0], (long long)t->strides[1], t->ndim, t->py);
        strcat(script, line);
    }
    char *out = nd_test_python(script), *save = NULL;
    ck_assert_ptr_nonnull(out);
    char *line = strtok_r(out, "\n", &save);
    for (int c = 0; c < nc; c++, line = strtok_r(NULL, "\n", &save)) {
        const overlap_case *t = &overlap_cases[c];
        ck_assert_ptr_nonnull(line);
        double x[8];
        for (int i = 0; i < t->n; i++) x[i] = i + 3;
        nd_array *y = nd_wrap(x + (t->strides[0] < 0 ? t->n - 1 : 0), ND_FLOAT64, t->ndim, t->shape,
                              t->strides, no_release, NULL);
        ck_assert_ptr_nonnull(y);
        nd_array *one = nd_lit_f64(1), *ones = nd_ones(ND_FLOAT64, t->ndim, t->shape),
                 *ar = nd_arange(0, (double)nd_size(y), 1, ND_FLOAT64),
                 *arr = nd_reshape(ar, t->ndim, t->shape), *r = NULL;
        switch (t->op) {
        case 0:
            r = nd_add(y, one, y);
            break;
        case 1:
            r = nd_add(ones, one, y);
            break;
        case 2:
            r = nd_add(y, arr, y);
            break;
        case 3:
            r = nd_negative(y, y);
            break;
        case 4:
            r = nd_assign(y, arr) ? NULL : y;
            break;
        case 5:
            r = nd_multiply(y, y, y);
            break;
        }
        ck_assert_msg(r == y, "case %d %s: %s", c, t->py, nd_last_error_message());
        char *s2 = NULL, *tok = strtok_r(line, " ", &s2);
        for (int i = 0; i < t->n; i++, tok = strtok_r(NULL, " ", &s2)) {
            ck_assert_ptr_nonnull(tok);
            ck_assert_msg(x[i] == strtod(tok, NULL), "case %d %s: x[%d] is %g, NumPy %s", c, t->py,
                          i, x[i], tok);
        }
        nd_release(y), nd_release(one), nd_release(ones), nd_release(ar), nd_release(arr);
    }
    free(out);
}
END_TEST

/* where reads an operand of the result dtype in place (no copy): every
   layout (C, transposed, strided, reversed, at an odd address, broadcast,
   0-d) against the choice made element by element here, and an out that is
   an operand or overlaps one shifted, against the values before the call. */
static void free_ctx(void *p) { free(p); }

static void check_where(const nd_array *c, const nd_array *x, const nd_array *y, const nd_array *r,
                        const char *what) {
    int64_t n = nd_size(r);
    const int64_t *sh = nd_shape(r);
    nd_array *yb = nd_broadcast_to(y, nd_ndim(r), sh), *xb = nd_broadcast_to(x, nd_ndim(r), sh);
    nd_array *cc = nd_copy(c), *xc = nd_copy(xb), *yc = nd_copy(yb), *rc = nd_copy(r);
    const bool *pc = nd_data(cc);
    const double *px = nd_data(xc), *py = nd_data(yc), *pr = nd_data(rc);
    for (int64_t i = 0; i < n; i++)
        ck_assert_msg(!memcmp(&pr[i], pc[i] ? &px[i] : &py[i], 8), "%s: element %lld", what,
                      (long long)i);
    nd_release(yb), nd_release(xb), nd_release(cc), nd_release(xc), nd_release(yc),
        nd_release(rc);
}

/* cond: x % 3 == 0, in x's shape */
static nd_array *thirds(const nd_array *x) {
    nd_array *three = nd_lit_i64(3), *zero = nd_lit_i64(0), *m = nd_remainder(x, three, NULL);
    nd_array *c = nd_equal(m, zero, NULL);
    nd_release(three), nd_release(zero), nd_release(m);
    return c;
}

START_TEST(where_operands_in_place) {
    int64_t sh[2] = {37, 29}, n = sh[0] * sh[1];
    nd_array *base = nd_arange(0, (double)n, 1, ND_FLOAT64), *x = nd_reshape(base, 2, sh);
    char *mem = malloc((size_t)n * 8 + 1);
    memcpy(mem + 1, nd_data(x), (size_t)n * 8);
    nd_array *lay[5] = {nd_retain(x), nd_transpose(x, NULL), nd_slice(x, "::2, 1::3"),
                        nd_slice(x, "::-1, ::-2"),
                        nd_wrap(mem + 1, ND_FLOAT64, 2, sh, NULL, free_ctx, mem)};
    nd_array *y0 = nd_lit_f64(-0.5);
    for (int l = 0; l < 5; l++) {
        const int64_t *ls = nd_shape(lay[l]);
        nd_array *cx = thirds(lay[l]);
        nd_array *ys[3] = {y0, nd_broadcast_to(y0, 2, ls), nd_ones(ND_FLOAT64, 2, ls)};
        for (int k = 0; k < 3; k++) {
            nd_array *r = nd_where(cx, lay[l], ys[k], NULL), *r2 = nd_where(cx, ys[k], lay[l], NULL);
            ck_assert_msg(r && r2, "%s", nd_last_error_message());
            check_where(cx, lay[l], ys[k], r, "x layout");
            check_where(cx, ys[k], lay[l], r2, "y layout");
            nd_release(r), nd_release(r2);
        }
        nd_release(ys[1]), nd_release(ys[2]), nd_release(cx);
    }
    /* out is x itself, and out overlaps x one element on (either way) */
    for (int shift = 0; shift < 3; shift++) {
        nd_array *buf = nd_arange(0, 101, 1, ND_FLOAT64);
        static const char *const xs[3] = {":100", ":100", "1:"}, *const os[3] = {":100", "1:", ":100"};
        nd_array *xa = nd_slice(buf, xs[shift]), *o = nd_slice(buf, os[shift]);
        nd_array *before = nd_copy(xa), *c = thirds(before);
        ck_assert_ptr_eq(nd_where(c, xa, y0, o), o);
        check_where(c, before, y0, o, shift ? "out shifted over x" : "out is x");
        nd_release(buf), nd_release(xa), nd_release(o), nd_release(before), nd_release(c);
    }
    for (int l = 0; l < 5; l++) nd_release(lay[l]);
    nd_release(base), nd_release(x), nd_release(y0);
}
END_TEST

/* The where kernels at every ISA level, each item size, contiguous (the
   blended loop) and strided, against the element-by-element definition. */
START_TEST(where_levels) {
    static const char *const levels[] = {"scalar", "baseline", "avx2", "avx512"};
    nd_dtype dts[] = {ND_BOOL, ND_INT16, ND_FLOAT32, ND_FLOAT64, ND_COMPLEX128};
    int64_t lens[] = {1, 7, 64, 1000, 4099};
    for (int lv = 0; lv < 4; lv++) {
        if (nd_set_isa(levels[lv])) {
            nd_clear_error();
            continue;
        }
        for (size_t t = 0; t < sizeof dts / sizeof *dts; t++)
            for (size_t li = 0; li < sizeof lens / sizeof *lens; li++) {
                int64_t n = 2 * lens[li];
                uint64_t seed = (uint64_t)n * 977 + t;
                nd_array *c = nd_empty(ND_BOOL, 1, &n), *d = nd_empty(ND_FLOAT64, 1, &n);
                for (int64_t i = 0; i < n; i++) {
                    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                    ((bool *)nd_data(c))[i] = (seed >> 40) & 1;
                    ((double *)nd_data(d))[i] = (double)(seed >> 45) - 1000.5;
                }
                nd_array *x = nd_astype(d, dts[t]), *xr = nd_slice(x, "::-1"), *y = nd_copy(xr);
                nd_release(xr);
                for (int v = 0; v < 2; v++) {
                    const char *spec = v ? "::2" : ":";
                    nd_array *cv = nd_slice(c, spec), *xv = nd_slice(x, spec),
                             *yv = nd_slice(y, spec), *r = nd_where(cv, xv, yv, NULL);
                    ck_assert_ptr_nonnull(r);
                    nd_array *rc = nd_copy(r), *xc = nd_copy(xv), *yc = nd_copy(yv),
                             *cc = nd_copy(cv);
                    size_t w = nd_dtype_size(dts[t]);
                    for (int64_t i = 0; i < nd_size(r); i++) {
                        const char *want = ((bool *)nd_data(cc))[i] ? nd_data(xc) : nd_data(yc);
                        ck_assert_msg(
                            !memcmp((char *)nd_data(rc) + i * (int64_t)w, want + i * (int64_t)w, w),
                            "%s dtype %d n %lld view %d", levels[lv], dts[t], (long long)n, v);
                    }
                    nd_release(cv), nd_release(xv), nd_release(yv), nd_release(r);
                    nd_release(rc), nd_release(xc), nd_release(yc), nd_release(cc);
                }
                nd_release(c), nd_release(d), nd_release(x), nd_release(y);
            }
    }
    nd_set_isa(nd_isa_best());
}
END_TEST

int main(void) {
    Suite *s = suite_create("compose");
    TCase *tc = tcase_create("compose");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, where_matches_numpy);
    tcase_add_test(tc, where_operands_in_place);
    tcase_add_test(tc, round_and_clip_match_numpy);
    tcase_add_test(tc, divmod_matches_floor_divide_and_remainder);
    tcase_add_test(tc, divmod_one_pass_matches_separate_ops);
    tcase_add_test(tc, isclose_family_matches_numpy);
    tcase_add_test(tc, real_imag_views);
    tcase_add_test(tc, self_overlapping_out_matches_numpy);
    tcase_add_test(tc, where_levels);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
