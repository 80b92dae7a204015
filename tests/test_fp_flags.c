/* Floating-point flags of every floating-point op against NumPy's, at every
   ISA level. tests/nd_fp_flags_cases.h (tools/gen_fp_flags.py) holds the
   flags NumPy 1.24 raises under np.errstate(all="call") for each op, dtype
   and special value (or pair), one element per call; nd must raise the same
   divide-by-zero, overflow and invalid flags (the three that ND_FP_RAISE
   turns into errors) for the same input, whatever the CPU. Underflow, which
   NumPy ignores by default and nd never raises on, is counted apart and not
   compared. */
#include "nd_test.h"

#include "nd_fp_flags_cases.h"

#define NV_REAL (sizeof fpf_vals_float64 / sizeof(double))
#define NV_CPLX (sizeof fpf_vals_complex128 / (2 * sizeof(double)))
#define COMPARED (ND_FP_DIVBYZERO | ND_FP_OVERFLOW | ND_FP_INVALID)

static const char *const LEVELS[] = {"scalar", "baseline", "avx2", "avx512"};

/* one 1-element array per value of the dtype's grid */
static int make_values(nd_dtype t, nd_array **v) {
    bool cplx = t == ND_COMPLEX64 || t == ND_COMPLEX128;
    int n = cplx ? (int)NV_CPLX : (int)NV_REAL;
    int64_t one = 1;
    for (int i = 0; i < n; i++) {
        nd_array *d;
        if (cplx) {
            const double *src = fpf_vals_complex128 + 2 * i;
            d = nd_from_buffer(ND_COMPLEX128, 1, &one, src);
        } else {
            const double *src = t == ND_FLOAT16   ? fpf_vals_float16
                                : t == ND_FLOAT32 ? fpf_vals_float32
                                                  : fpf_vals_float64;
            d = nd_from_buffer(ND_FLOAT64, 1, &one, src + i);
        }
        v[i] = nd_astype(d, t); /* exact: the grid holds values of the dtype */
        nd_release(d);
    }
    return n;
}

static nd_op op_by_name(const char *name) {
    for (int o = 0; o < ND_NUM_OPS; o++)
        if (strcmp(nd_op_name((nd_op)o), name) == 0) return (nd_op)o;
    return ND_NUM_OPS;
}

static const char *flag_names(int f, char *buf) {
    snprintf(buf, 64, "%s%s%s%s", f & ND_FP_DIVBYZERO ? "divide " : "",
             f & ND_FP_OVERFLOW ? "overflow " : "", f & ND_FP_INVALID ? "invalid " : "",
             f & ND_FP_UNDERFLOW ? "underflow " : "");
    return buf;
}

/* the value as text: "x" or "(re,im)" */
static const char *value_of(const nd_array *a, char *buf) {
    if (nd_get_dtype(a) == ND_COMPLEX64 || nd_get_dtype(a) == ND_COMPLEX128) {
        nd_array *c = nd_astype(a, ND_COMPLEX128);
        const double *z = nd_data(c);
        snprintf(buf, 64, "(%g,%g)", z[0], z[1]);
        nd_release(c);
    } else {
        snprintf(buf, 64, "%g", nd_get_f64(a, (int64_t[]){0}));
    }
    return buf;
}

START_TEST(flags_match_numpy) {
    int mismatches = 0, checked = 0, levels = 0;
    for (size_t lv = 0; lv < sizeof LEVELS / sizeof *LEVELS; lv++) {
        if (nd_set_isa(LEVELS[lv]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        levels++;
        for (size_t c = 0; c < sizeof fpf_cases / sizeof *fpf_cases; c++) {
            const fpf_case *k = &fpf_cases[c];
            nd_op op = op_by_name(k->op);
            ck_assert_msg(op != ND_NUM_OPS, "no op %s", k->op);
            int nin = nd_op_nin(op);
            nd_array *v[32];
            int nv = make_values(k->dtype, v);
            ck_assert_int_eq((int)strlen(k->flags), nin == 1 ? nv : nv * nv);
            int first_of_case = 0;
            for (int i = 0; i < (nin == 1 ? nv : nv * nv); i++) {
                const nd_array *in[2] = {v[nin == 1 ? i : i / nv], v[i % nv]};
                char digit[2] = {k->flags[i], 0};
                int want = (int)strtol(digit, NULL, 16) & COMPARED;
                nd_fp_clear();
                nd_array *r = nd_ufunc(op, nin, in, NULL);
                ck_assert_msg(r != NULL, "%s: %s", k->op, nd_last_error_message());
                nd_release(r);
                int got = nd_fp_flags() & COMPARED;
                checked++;
                if (got != want) {
                    mismatches++;
                    char b1[64], b2[64], v1[64], v2[64] = "";
                    if (first_of_case++ == 0)
                        fprintf(stderr, "%s %s(%s %s%s%s): nd raised [%s] NumPy [%s]\n", LEVELS[lv],
                                k->op, nd_dtype_name(k->dtype), value_of(in[0], v1),
                                nin == 2 ? ", " : "", nin == 2 ? value_of(in[1], v2) : "",
                                flag_names(got, b1), flag_names(want, b2));
                }
            }
            if (first_of_case > 1)
                fprintf(stderr, "    ... %d values of %s %s differ at %s\n", first_of_case, k->op,
                        nd_dtype_name(k->dtype), LEVELS[lv]);
            for (int i = 0; i < nv; i++) nd_release(v[i]);
        }
    }
    nd_set_isa(nd_isa_best());
    nd_fp_clear();
    fprintf(stderr, "fp flags: %d calls at %d levels, %d differ from NumPy\n", checked, levels,
            mismatches);
    ck_assert_int_eq(mismatches, 0);
}
END_TEST

/* Comparisons of a signaling NaN raise nothing (NumPy 1.24's don't, gh-15127)
   and are false (not_equal true), at every ISA level, in a vector body and
   its tail, against either operand; the other lanes compare as usual. */
START_TEST(compare_signaling_nan_quiet) {
    static const nd_op OPS[] = {ND_OP_EQUAL,      ND_OP_NOT_EQUAL, ND_OP_LESS,
                                ND_OP_LESS_EQUAL, ND_OP_GREATER,   ND_OP_GREATER_EQUAL};
    enum { N = 37 };
    int64_t n = N;
    double xd[N], yd[N];
    float xf[N], yf[N];
    for (int i = 0; i < N; i++) xd[i] = xf[i] = (float)(i % 5), yd[i] = yf[i] = (float)(i % 3);
    uint64_t sd = 0x7ff0000000000001u;
    uint32_t sf = 0x7f800001u;
    for (int i = 3; i < N; i += 11) memcpy(&xd[i], &sd, 8), memcpy(&xf[i], &sf, 4);
    memcpy(&yd[N - 1], &sd, 8), memcpy(&yf[N - 1], &sf, 4);
    for (size_t lv = 0; lv < sizeof LEVELS / sizeof *LEVELS; lv++) {
        if (nd_set_isa(LEVELS[lv]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        for (int f32 = 0; f32 < 2; f32++) {
            nd_array *in[2] = {
                nd_from_buffer(f32 ? ND_FLOAT32 : ND_FLOAT64, 1, &n, f32 ? (void *)xf : (void *)xd),
                nd_from_buffer(f32 ? ND_FLOAT32 : ND_FLOAT64, 1, &n,
                               f32 ? (void *)yf : (void *)yd)};
            for (size_t o = 0; o < sizeof OPS / sizeof *OPS; o++) {
                nd_fp_clear();
                nd_array *r = nd_ufunc(OPS[o], 2, (const nd_array **)in, NULL);
                ck_assert_msg(r != NULL, "%s", nd_last_error_message());
                ck_assert_msg((nd_fp_flags() & COMPARED) == 0, "%s %s %s raised flags %d",
                              LEVELS[lv], nd_op_name(OPS[o]), f32 ? "float32" : "float64",
                              nd_fp_flags());
                const uint8_t *b = nd_data(r);
                for (int i = 0; i < N; i++) {
                    bool nan = i == N - 1 || (i >= 3 && (i - 3) % 11 == 0);
                    double a = i % 5, c = i % 3;
                    bool want = nan                          ? OPS[o] == ND_OP_NOT_EQUAL
                                : OPS[o] == ND_OP_EQUAL      ? a == c
                                : OPS[o] == ND_OP_NOT_EQUAL  ? a != c
                                : OPS[o] == ND_OP_LESS       ? a < c
                                : OPS[o] == ND_OP_LESS_EQUAL ? a <= c
                                : OPS[o] == ND_OP_GREATER    ? a > c
                                                             : a >= c;
                    ck_assert_msg(b[i] == want, "%s %s [%d]", LEVELS[lv], nd_op_name(OPS[o]), i);
                }
                nd_release(r);
            }
            nd_release(in[0]);
            nd_release(in[1]);
        }
    }
    nd_set_isa(nd_isa_best());
    nd_fp_clear();
}
END_TEST

/* float and complex -> integer and bool casts raise invalid where NumPy
   1.24's astype does (NaN, infinities, values out of the conversion's
   range), at every level, alone and inside a vector body of 1.0s; in raise
   mode the cast fails. tests/test_cast.c checks the values. */
static nd_array *cast_source(nd_dtype t, int i, int64_t n) {
    bool cplx = t == ND_COMPLEX64 || t == ND_COMPLEX128;
    const double *g = t == ND_FLOAT16     ? fpc_vals_float16
                      : t == ND_FLOAT32   ? fpc_vals_float32
                      : t == ND_FLOAT64   ? fpc_vals_float64
                      : t == ND_COMPLEX64 ? fpc_vals_complex64
                                          : fpc_vals_complex128;
    double buf[2 * 37];
    for (int64_t j = 0; j < n; j++) buf[cplx ? 2 * j : j] = 1.0, cplx ? buf[2 * j + 1] = 0.0 : 0;
    int64_t at = n / 2;
    if (cplx)
        buf[2 * at] = g[2 * i], buf[2 * at + 1] = g[2 * i + 1];
    else
        buf[at] = g[i];
    nd_array *d = nd_from_buffer(cplx ? ND_COMPLEX128 : ND_FLOAT64, 1, &n, buf);
    nd_array *v = nd_astype(d, t); /* exact: the grid holds values of the dtype */
    nd_release(d);
    return v;
}

START_TEST(cast_flags_match_numpy) {
    enum { NC = sizeof fpc_vals_float64 / sizeof(double) };
    int mismatches = 0, checked = 0;
    for (size_t lv = 0; lv < sizeof LEVELS / sizeof *LEVELS; lv++) {
        if (nd_set_isa(LEVELS[lv]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        for (size_t c = 0; c < sizeof fpc_cases / sizeof *fpc_cases; c++) {
            ck_assert_int_eq((int)strlen(fpc_cases[c].flags), NC);
            for (int i = 0; i < NC; i++)
                for (int64_t n = 1; n <= 37; n += 36) {
                    char digit[2] = {fpc_cases[c].flags[i], 0};
                    int want = (int)strtol(digit, NULL, 16) & COMPARED;
                    nd_array *v = cast_source(fpc_cases[c].from, i, n);
                    nd_fp_clear();
                    nd_array *r = nd_astype(v, fpc_cases[c].to);
                    int got = nd_fp_flags() & COMPARED;
                    ck_assert_msg(r != NULL, "%s", nd_last_error_message());
                    checked++;
                    if (got != want) {
                        char b1[64], b2[64], v1[64];
                        char spec[16];
                        snprintf(spec, sizeof spec, "%d:%d", (int)(n / 2), (int)(n / 2) + 1);
                        nd_array *one = nd_slice(v, spec);
                        fprintf(stderr, "%s cast %s %s -> %s (n=%d): nd raised [%s] NumPy [%s]\n",
                                LEVELS[lv], nd_dtype_name(fpc_cases[c].from), value_of(one, v1),
                                nd_dtype_name(fpc_cases[c].to), (int)n, flag_names(got, b1),
                                flag_names(want, b2));
                        nd_release(one);
                        mismatches++;
                    }
                    nd_release(r), nd_release(v);
                }
        }
    }
    nd_set_isa(nd_isa_best());
    nd_fp_clear();
    fprintf(stderr, "cast flags: %d casts, %d differ from NumPy\n", checked, mismatches);
    ck_assert_int_eq(mismatches, 0);
    /* raise mode: NumPy's FloatingPointError "invalid value encountered in cast" */
    nd_array *v = cast_source(ND_FLOAT64, NC - 1, 37); /* a NaN among 1.0s */
    nd_fp_mode old = nd_fp_set_mode(ND_FP_RAISE);
    nd_array *r = nd_astype(v, ND_INT64);
    nd_fp_set_mode(old);
    ck_assert(r == NULL);
    ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
    ck_assert_msg(strstr(nd_last_error_message(), "invalid value encountered in cast"), "%s",
                  nd_last_error_message());
    nd_clear_error();
    nd_fp_clear();
    nd_release(v);
}
END_TEST

/* maximum/minimum/fmax/fmin and clip raise nothing on a quiet or
   signaling NaN in a vector body, as NumPy 1.24's loops (checked there:
   np.maximum(np.full(37, nan), 0.0), np.clip of a float32 sNaN), at every
   level, float16/32/64, the NaN on either side and as a 0-d operand. The
   one-element calls of flags_match_numpy run the scalar tails only. */
START_TEST(minmax_nan_quiet) {
    static const nd_op OPS[] = {ND_OP_MAXIMUM, ND_OP_MINIMUM, ND_OP_FMAX, ND_OP_FMIN};
    static const nd_dtype TYPES[] = {ND_FLOAT16, ND_FLOAT32, ND_FLOAT64};
    enum { N = 37 };
    int64_t n = N;
    double xd[N];
    uint64_t snan = 0x7ff4000000000000u;
    for (size_t lv = 0; lv < sizeof LEVELS / sizeof *LEVELS; lv++) {
        if (nd_set_isa(LEVELS[lv]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        for (int sig = 0; sig < 2; sig++)
            for (size_t t = 0; t < 3; t++) {
                for (int i = 0; i < N; i++) xd[i] = i % 4 ? (double)i : NAN;
                if (sig) memcpy(&xd[5], &snan, 8);
                nd_array *d = nd_from_buffer(ND_FLOAT64, 1, &n, xd), *x = nd_astype(d, TYPES[t]);
                nd_array *z = nd_zeros(TYPES[t], 1, &n), *z0 = nd_zeros(TYPES[t], 0, NULL);
                nd_array *nan0 = nd_full(TYPES[t], 0, NULL, NAN);
                if (sig && TYPES[t] == ND_FLOAT32) { /* a float32 sNaN, as hypothesis draws */
                    uint32_t s32 = 0x7fa00000u;
                    memcpy((char *)nd_data(x) + 5 * 4, &s32, 4);
                }
                const nd_array *pairs[4][2] = {{x, z}, {z, x}, {x, z0}, {z, nan0}};
                for (size_t o = 0; o < 4; o++)
                    for (int p = 0; p < 4; p++) {
                        nd_fp_clear();
                        nd_array *r = nd_ufunc(OPS[o], 2, pairs[p], NULL);
                        ck_assert_msg(r != NULL, "%s", nd_last_error_message());
                        ck_assert_msg((nd_fp_flags() & COMPARED) == 0,
                                      "%s %s %s pair %d sig %d: %d", LEVELS[lv], nd_op_name(OPS[o]),
                                      nd_dtype_name(TYPES[t]), p, sig, nd_fp_flags());
                        nd_release(r);
                    }
                nd_fp_clear();
                nd_array *c = nd_clip(x, z0, z0, NULL);
                ck_assert_msg(c && (nd_fp_flags() & COMPARED) == 0, "%s clip %s", LEVELS[lv],
                              nd_dtype_name(TYPES[t]));
                nd_release(c), nd_release(d), nd_release(x), nd_release(z), nd_release(z0),
                    nd_release(nan0);
            }
    }
    nd_set_isa(nd_isa_best());
    nd_fp_clear();
}
END_TEST

/* nd_fp_raise ORs the four flags into the sticky ones (other bits are
   dropped), as the op raising them would, and nd_fp_clear clears them. */
START_TEST(raise_from_outside) {
    nd_fp_clear();
    nd_array *a = nd_zeros(ND_FLOAT64, 1, &(int64_t){1});
    nd_array *q = nd_divide(a, a, NULL); /* 0/0: invalid, as a reference */
    int ref = nd_fp_flags();
    ck_assert_int_eq(ref, ND_FP_INVALID);
    nd_fp_clear();
    nd_fp_raise(ND_FP_INVALID | 64);
    ck_assert_int_eq(nd_fp_flags(), ref);
    nd_fp_raise(ND_FP_OVERFLOW);
    ck_assert_int_eq(nd_fp_flags(), ND_FP_INVALID | ND_FP_OVERFLOW);
    nd_fp_clear();
    ck_assert_int_eq(nd_fp_flags(), 0);
    nd_release(q), nd_release(a);
}
END_TEST

int main(void) {
    Suite *s = suite_create("fp_flags");
    TCase *tc = tcase_create("fp_flags");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, flags_match_numpy);
    tcase_add_test(tc, compare_signaling_nan_quiet);
    tcase_add_test(tc, raise_from_outside);
    tcase_add_test(tc, cast_flags_match_numpy);
    tcase_add_test(tc, minmax_nan_quiet);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
