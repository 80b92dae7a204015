/* The elementwise engine, table-driven: every op of ops.def x every dtype
   it takes x every ISA level x layout (contiguous, strided, reversed,
   broadcast, 0-d, empty, unaligned) x length 0 ... 2 x 64 + 1, against the
   scalar level on contiguous data (bitwise; transcendentals within 2 ULP,
   each level being within 1 ULP of the exact result). Then NumPy: the
   promotion table, unary result dtypes, out casting, values of random ops
   on random shapes; and the integer, aliasing and error rules. */
#include <immintrin.h>
#include <math.h>

#include "nd_test.h"
#include "nd_approx.h"

static const char *LEVELS[] = {"scalar", "baseline", "avx2", "avx512"};
enum { NMAX = 2 * 64 + 1, NBUF = 200 };

/* ops whose float results may differ by an ULP between ISA levels */
static bool approx_op(nd_op op) { return nd_test_approx_op(op); }

static uint64_t rs = 1;
static uint64_t rnd(void) {
    rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
    return rs >> 29;
}

/* NBUF values of dtype t: random values mixed with the special ones of the
   type (NaN, +-inf, +-0, subnormals, extremes, -1) at shifting positions, so
   every special value meets every lane and the tail. */
static nd_array *inputs(nd_dtype t, int which) {
    static const double fs[] = {
        NAN,     INFINITY, -INFINITY, -0.0, 0.0, 5e-324, -2.2250738585072014e-308,
        1e300,   -1e300,   1.0,       -1.0, 0.5, 3.0,    1e-310,
        65504.0, 7e-46};
    static const double is[] = {0,
                                1,
                                -1,
                                2,
                                -2,
                                127,
                                -128,
                                255,
                                32767,
                                -32768,
                                2147483647.0,
                                -2147483648.0,
                                4294967295.0,
                                3,
                                7,
                                -9223372036854775808.0};
    int64_t n = NBUF;
    nd_array *d = nd_empty(ND_FLOAT64, 1, &n);
    double *p = nd_data(d);
    bool fl = t == ND_FLOAT16 || t == ND_FLOAT32 || t == ND_FLOAT64 || t == ND_COMPLEX64 ||
              t == ND_COMPLEX128;
    for (int64_t i = 0; i < n; i++) {
        double r = (double)(int64_t)(rnd() % 2001) - 1000;
        p[i] = fl ? r / 37.0 : (t == ND_BOOL ? (double)(rnd() % 2) : r / 8.0);
        if ((i * 7 + which * 3) % 11 == 0) p[i] = fl ? fs[(i + which) % 16] : is[(i + which) % 16];
        if (!fl && t != ND_INT64 && t != ND_UINT64 && (i % 5 == 0))
            p[i] = (double)(int64_t)(rnd() % 64) - 8;
    }
    nd_array *a = nd_astype(d, t);
    if (t == ND_COMPLEX64 || t == ND_COMPLEX128) { /* imaginary parts too */
        nd_array *im = nd_imag(a);
        nd_array *sh = nd_slice(d, "::-1");
        nd_assign(im, sh);
        nd_release(im), nd_release(sh);
    }
    if (t == ND_INT64 || t == ND_UINT64) { /* the extremes, exactly */
        int64_t ext[2] = {INT64_MIN, INT64_MAX};
        for (int64_t i = which; i < n; i += 13) nd_set(a, &i, &ext[i % 2]);
    }
    nd_release(d);
    return a;
}

/* Distance in ULP between two values of a float format given as bits. */
static int64_t ulps(uint64_t a, uint64_t b, int bits) {
    uint64_t sign = (uint64_t)1 << (bits - 1);
    int64_t x = (a & sign) ? -(int64_t)(a & ~sign) : (int64_t)a,
            y = (b & sign) ? -(int64_t)(b & ~sign) : (int64_t)b;
    return x > y ? x - y : y - x;
}

static bool isnan_bits(uint64_t v, int bits) {
    if (bits == 64) return (v & 0x7fffffffffffffffULL) > 0x7ff0000000000000ULL;
    if (bits == 32) return (v & 0x7fffffff) > 0x7f800000;
    return (v & 0x7fff) > 0x7c00;
}

/* got vs want (same dtype, n elements, contiguous): bitwise, or within
   2 ULP per float component for approximate ops. Returns the first bad
   index or -1. */
static int64_t compare(const nd_array *got, const nd_array *want, int64_t n, int approx) {
    nd_dtype t = nd_get_dtype(want);
    size_t isz = nd_dtype_size(t);
    nd_array *g = nd_copy(got), *w = nd_copy(want);
    const unsigned char *pg = nd_data(g), *pw = nd_data(w);
    int64_t bad = -1;
    int bits = t == ND_FLOAT16 ? 16 : (t == ND_FLOAT32 || t == ND_COMPLEX64) ? 32 : 64;
    bool fl = t == ND_FLOAT16 || t == ND_FLOAT32 || t == ND_FLOAT64 || t == ND_COMPLEX64 ||
              t == ND_COMPLEX128;
    for (int64_t i = 0; i < n && bad < 0; i++) {
        if (!memcmp(pg + i * isz, pw + i * isz, isz)) continue;
        if (!fl) {
            bad = i;
            break;
        }
        /* floats: a NaN matches any NaN (which NaN an operation returns
           depends on operand order, which vector code may swap); other
           values bitwise, or within nd_test_approx_ulps for approximate ops */
        for (size_t c = 0; c < isz; c += (size_t)bits / 8) {
            uint64_t a = 0, b = 0;
            memcpy(&a, pg + i * isz + c, (size_t)bits / 8);
            memcpy(&b, pw + i * isz + c, (size_t)bits / 8);
            if (isnan_bits(a, bits) && isnan_bits(b, bits)) continue;
            if (isnan_bits(a, bits) || isnan_bits(b, bits) || ulps(a, b, bits) > (int64_t)approx)
                bad = i;
        }
    }
    nd_release(g), nd_release(w);
    return bad;
}

/* One layout of one input: the first n values of src, viewed so. */
typedef enum { L_CONTIG, L_STRIDED, L_REVERSED, L_UNALIGNED, L_NUM } layout;
static const char *LAYOUT[] = {"contiguous", "strided", "reversed", "unaligned"};

static void free_ctx(void *ctx) { free(ctx); }

static nd_array *laid_out(const nd_array *src, int64_t n, layout l) {
    char spec[32];
    snprintf(spec, sizeof spec, ":%lld", (long long)n);
    nd_array *pre = nd_slice(src, spec), *r = NULL;
    nd_dtype t = nd_get_dtype(src);
    size_t isz = nd_dtype_size(t);
    if (l == L_CONTIG) return pre;
    if (l == L_STRIDED) { /* every other element of a twice-as-long array */
        int64_t m = 2 * n + 1;
        nd_array *big = nd_zeros(t, 1, &m), *v = nd_slice(big, "1::2");
        nd_assign(v, pre);
        nd_release(big);
        r = v;
    } else if (l == L_REVERSED) {
        nd_array *rev = nd_slice(pre, "::-1"), *c = nd_copy(rev);
        r = nd_slice(c, "::-1");
        nd_release(rev), nd_release(c);
    } else { /* at an odd byte address */
        char *mem = malloc((size_t)n * isz + 8);
        nd_array *c = nd_copy(pre);
        memcpy(mem + 1, nd_data(c), (size_t)n * isz);
        nd_release(c);
        r = nd_wrap(mem + 1, t, 1, &n, NULL, free_ctx, mem);
    }
    nd_release(pre);
    return r;
}

static int checked_combos;

static void check_op_dtype(nd_op op, nd_dtype t) {
    int nin = nd_op_nin(op);
    nd_array *in[2] = {inputs(t, 0), inputs(t, 1)};
    ck_assert_int_eq(nd_set_isa("scalar"), ND_OK);
    nd_clear_error();
    nd_fp_clear();
    nd_array *ref = nd_ufunc(op, nin, (const nd_array *const *)in, NULL);
    if (!ref) { /* the op does not take this dtype: a clean dtype error */
        ck_assert_msg(nd_last_error() == ND_ERR_DTYPE || nd_last_error() == ND_ERR_VALUE,
                      "%s %s: %s", nd_op_name(op), nd_dtype_name(t), nd_last_error_message());
        nd_clear_error();
        nd_release(in[0]), nd_release(in[1]);
        return;
    }
    int approx = nd_test_approx_ulps(op, t); /* ulps two levels may differ by */
    /* broadcast reference: the second input's element 3 everywhere */
    nd_array *b0 = nd_slice(in[1], "3"), *bfull = nd_broadcast_to(b0, 1, (int64_t[]){NBUF}),
             *bc = nd_copy(bfull);
    nd_array *bref = nin == 2 ? nd_ufunc(op, 2, (const nd_array *const[]){in[0], bc}, NULL) : NULL;
    for (int lv = 0; lv < 4; lv++) {
        if (nd_set_isa(LEVELS[lv]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        for (int l = 0; l < L_NUM; l++)
            for (int64_t n = 0; n <= NMAX; n += (n < 40 || l == L_CONTIG ? 1 : 7)) {
                nd_array *x[2] = {laid_out(in[0], n, (layout)l),
                                  nin == 2 ? laid_out(in[1], n, (layout)l) : NULL};
                nd_array *got = nd_ufunc(op, nin, (const nd_array *const *)x, NULL);
                ck_assert_msg(got != NULL, "%s %s at %s, %s n=%lld: %s", nd_op_name(op),
                              nd_dtype_name(t), LEVELS[lv], LAYOUT[l], (long long)n,
                              nd_last_error_message());
                ck_assert_int_eq(nd_get_dtype(got), nd_get_dtype(ref));
                int64_t bad = compare(got, ref, n, approx);
                ck_assert_msg(bad < 0, "%s %s at %s, %s n=%lld differs from scalar at %lld",
                              nd_op_name(op), nd_dtype_name(t), LEVELS[lv], LAYOUT[l], (long long)n,
                              (long long)bad);
                nd_release(x[0]), nd_release(x[1]), nd_release(got);
                checked_combos++;
            }
        if (bref) { /* a stride-0 second operand, and a 0-d one */
            int64_t n = NBUF;
            nd_array *g1 = nd_ufunc(op, 2, (const nd_array *const[]){in[0], bfull}, NULL);
            nd_array *g2 = nd_ufunc(op, 2, (const nd_array *const[]){in[0], b0}, NULL);
            ck_assert_msg(g1 && compare(g1, bref, n, approx) < 0, "%s %s broadcast at %s",
                          nd_op_name(op), nd_dtype_name(t), LEVELS[lv]);
            ck_assert_msg(g2 && compare(g2, bref, n, approx) < 0, "%s %s 0-d at %s", nd_op_name(op),
                          nd_dtype_name(t), LEVELS[lv]);
            nd_release(g1), nd_release(g2);
        }
        /* all operands 0-d */
        nd_array *s0 = nd_slice(in[0], "5"), *s1 = nd_slice(in[1], "5");
        nd_array *z = nd_ufunc(op, nin, (const nd_array *const[]){s0, s1}, NULL);
        nd_array *zr = nd_slice(ref, "5");
        ck_assert_msg(z && nd_ndim(z) == 0 && compare(z, zr, 1, approx) < 0, "%s %s 0-d at %s",
                      nd_op_name(op), nd_dtype_name(t), LEVELS[lv]);
        nd_release(s0), nd_release(s1), nd_release(z), nd_release(zr);
    }
    nd_set_isa(nd_isa_best());
    nd_release(ref), nd_release(bref), nd_release(b0), nd_release(bfull), nd_release(bc);
    nd_release(in[0]), nd_release(in[1]);
}

START_TEST(every_op_dtype_level_layout) {
    nd_fp_mode m = nd_fp_set_mode(ND_FP_IGNORE);
    for (int op = 0; op < ND_NUM_OPS; op++)
        if (op % 4 == _i)
            for (int t = 0; t < ND_NUM_DTYPES; t++) check_op_dtype((nd_op)op, (nd_dtype)t);
    nd_fp_set_mode(m);
    ck_assert_int_gt(checked_combos, 1000);
}
END_TEST

/* ---- long runs: the aligning head and the wide loops ----
   A contiguous run of 4 KiB and more first runs the elements that align
   its output to the vector size, and at AVX-512 one of more than
   32 KiB runs in 256-bit vectors (kernels/generic/kdefs.h). Every op and
   dtype at NLONG elements (40 KiB and more of operands for every dtype),
   every level, against the scalar level on fresh contiguous arrays,
   values and flags: operands at one misalignment, at two different ones,
   in place, with a fixed second operand, and an output at an odd byte
   address (which never aligns). */
enum { NLONG = 20011 };

/* n elements of src repeated (or zeros), at byte offset off of a buffer
   aligned to 64 */
static nd_array *long_at(const nd_array *src, nd_dtype t, int64_t n, size_t off) {
    size_t isz = nd_dtype_size(t);
    void *mem = NULL;
    ck_assert_int_eq(posix_memalign(&mem, 64, (size_t)n * isz + 128), 0);
    memset(mem, 0, (size_t)n * isz + 128);
    if (src) {
        nd_array *c = nd_copy(src);
        int64_t m = nd_size(c);
        for (int64_t i = 0; i < n; i++)
            memcpy((char *)mem + off + (size_t)i * isz, (char *)nd_data(c) + (i % m) * isz, isz);
        nd_release(c);
    }
    return nd_wrap((char *)mem + off, t, 1, &n, NULL, free_ctx, mem);
}

static void check_long_runs(nd_op op, nd_dtype t) {
    int nin = nd_op_nin(op);
    nd_array *in[2] = {inputs(t, 0), inputs(t, 1)};
    nd_array *x0 = long_at(in[0], t, NLONG, 0), *x1 = long_at(in[1], t, NLONG, 0);
    nd_array *b0 = nd_slice(in[1], "3");
    ck_assert_int_eq(nd_set_isa("scalar"), ND_OK);
    nd_clear_error();
    nd_fp_clear();
    nd_array *ref = nd_ufunc(op, nin, (const nd_array *const[]){x0, x1}, NULL);
    int ref_flags = nd_fp_flags();
    if (!ref) { /* the op does not take this dtype */
        nd_clear_error();
        nd_release(x0), nd_release(x1), nd_release(b0), nd_release(in[0]), nd_release(in[1]);
        return;
    }
    nd_fp_clear();
    nd_array *bref = nin == 2 ? nd_ufunc(op, 2, (const nd_array *const[]){x0, b0}, NULL) : NULL;
    int bref_flags = nd_fp_flags();
    nd_dtype ot = nd_get_dtype(ref);
    size_t is = nd_dtype_size(t), os = nd_dtype_size(ot);
    int approx = nd_test_approx_ulps(op, t);
    /* flags as the scalar level's (complex isinf/isfinite once raised
       invalid on a quiet NaN when vectorized; NumPy raises nothing) */
    bool flags = !approx;
    /* {input offset, output offset} in bytes; -1: in place */
    static const int CASES[][2] = {{1, 1}, {0, 3}, {2, 0}, {1, -1}, {0, 0}};
    for (int lv = 1; lv < 4; lv++) {
        if (nd_set_isa(LEVELS[lv]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        for (size_t c = 0; c < sizeof CASES / sizeof CASES[0]; c++) {
            if (CASES[c][1] < 0 && ot != t) continue;
            size_t ioff = (size_t)CASES[c][0] * is;
            nd_array *a = long_at(in[0], t, NLONG, ioff), *b = long_at(in[1], t, NLONG, ioff);
            nd_array *out =
                CASES[c][1] < 0 ? nd_retain(a) : long_at(NULL, ot, NLONG, (size_t)CASES[c][1] * os);
            if (bref) { /* the second operand fixed, the output one element in (before
                           the in-place case writes a) */
                nd_array *o2 = long_at(NULL, ot, NLONG, os);
                nd_fp_clear();
                nd_array *g2 = nd_ufunc(op, 2, (const nd_array *const[]){a, b0}, o2);
                ck_assert_msg(g2 == o2 && compare(g2, bref, NLONG, approx) < 0,
                              "%s %s at %s, long fixed case %d", nd_op_name(op), nd_dtype_name(t),
                              LEVELS[lv], (int)c);
                ck_assert(!flags || nd_fp_flags() == bref_flags);
                nd_release(o2);
            }
            nd_fp_clear();
            nd_array *got = nd_ufunc(op, nin, (const nd_array *const[]){a, b}, out);
            ck_assert_msg(got == out, "%s %s long at %s: %s", nd_op_name(op), nd_dtype_name(t),
                          LEVELS[lv], nd_last_error_message());
            int64_t bad = compare(got, ref, NLONG, approx);
            ck_assert_msg(bad < 0, "%s %s at %s, long case %d differs from scalar at %lld",
                          nd_op_name(op), nd_dtype_name(t), LEVELS[lv], (int)c, (long long)bad);
            ck_assert_msg(!flags || nd_fp_flags() == ref_flags,
                          "%s %s at %s, long case %d: flags %d, scalar %d", nd_op_name(op),
                          nd_dtype_name(t), LEVELS[lv], (int)c, nd_fp_flags(), ref_flags);
            nd_release(a), nd_release(b), nd_release(out);
        }
        /* the output at an odd byte address */
        nd_array *odd = long_at(NULL, ot, NLONG, 1);
        nd_array *got = nd_ufunc(op, nin, (const nd_array *const[]){x0, x1}, odd);
        ck_assert_msg(got == odd && compare(got, ref, NLONG, approx) < 0, "%s %s at %s, odd out",
                      nd_op_name(op), nd_dtype_name(t), LEVELS[lv]);
        nd_release(odd);
    }
    nd_set_isa(nd_isa_best());
    nd_release(ref), nd_release(bref), nd_release(b0), nd_release(x0), nd_release(x1);
    nd_release(in[0]), nd_release(in[1]);
}

START_TEST(long_runs_every_level) {
    nd_fp_mode m = nd_fp_set_mode(ND_FP_IGNORE);
    for (int op = 0; op < ND_NUM_OPS; op++)
        if (op % 4 == _i)
            for (int t = 0; t < ND_NUM_DTYPES; t++) check_long_runs((nd_op)op, (nd_dtype)t);
    nd_fp_set_mode(m);
}
END_TEST

/* ---- comparisons: ties, signed zeros, signaling NaNs ----
   At avx512 the float comparisons join k-masks into 64 bools a step after
   a head that aligns the inputs (kernels/generic/ew_float.c). Runs around
   and across those steps, the operands at different offsets from the
   alignment, each operand fixed (stride 0), against the C operator on each
   element (==, !=, and the quiet isless family), and no flag raised:
   NumPy 1.24 raises none, even for a signaling NaN. Values come from a
   short list, so ties are frequent. */
static const nd_op CMP_OPS[] = {ND_OP_EQUAL,   ND_OP_NOT_EQUAL, ND_OP_LESS,
                                ND_OP_LESS_EQUAL, ND_OP_GREATER, ND_OP_GREATER_EQUAL};

static bool cmp_ref(int k, double a, double b) {
    switch (k) {
    case 0: return a == b;
    case 1: return a != b;
    case 2: return isless(a, b);
    case 3: return islessequal(a, b);
    case 4: return isgreater(a, b);
    default: return isgreaterequal(a, b);
    }
}

/* value v of the list as dtype t at p; returns it as a double */
static double cmp_value(nd_dtype t, int v, void *p) {
    static const double vals[] = {1.0, -1.0, 0.0, -0.0, 2.5, INFINITY, -INFINITY, NAN,
                                  1e-310, 3e38, 1e-40, 0.0 /* the signaling NaN */};
    double d = vals[v];
    if (t == ND_FLOAT64) {
        uint64_t u;
        memcpy(&u, &d, 8);
        if (v == 11) u = 0x7ff4000000000000ULL;
        memcpy(p, &u, 8);
    } else {
        float f = (float)d;
        uint32_t u;
        memcpy(&u, &f, 4);
        if (v == 11) u = 0x7fa00000u;
        memcpy(p, &u, 4);
        d = f;
    }
    return v == 11 ? NAN : d;
}

START_TEST(compare_runs_every_level) {
    static const int64_t NS[] = {63, 64, 65, 127, 129, 1000, 4099, 20011};
    /* element offsets of a and b, byte offset of the output, from 64-byte alignment;
       fixed: 0 none, 1 a, 2 b */
    static const int CASES[][4] = {{0, 0, 0, 0}, {2, 2, 16, 0}, {1, 6, 3, 0},
                                   {3, 0, 1, 1}, {5, 1, 7, 2}};
    static const nd_dtype TS[] = {ND_FLOAT32, ND_FLOAT64};
    nd_fp_mode m = nd_fp_set_mode(ND_FP_IGNORE);
    const char *saved = nd_isa();
    for (int lv = 0; lv < 4; lv++) {
        if (nd_set_isa(LEVELS[lv]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        for (size_t ti = 0; ti < 2; ti++)
            for (size_t ni = 0; ni < sizeof NS / sizeof NS[0]; ni++)
                for (size_t c = 0; c < sizeof CASES / sizeof CASES[0]; c++) {
                    nd_dtype t = TS[ti];
                    int64_t n = NS[ni], isz = (int64_t)nd_dtype_size(t);
                    int fixed = CASES[c][3];
                    char *ma = NULL, *mb = NULL, *mo = NULL;
                    ck_assert_int_eq(posix_memalign((void **)&ma, 64, (size_t)(n + 8) * 8), 0);
                    ck_assert_int_eq(posix_memalign((void **)&mb, 64, (size_t)(n + 8) * 8), 0);
                    ck_assert_int_eq(posix_memalign((void **)&mo, 64, (size_t)n + 64), 0);
                    char *pa = ma + CASES[c][0] * isz, *pb = mb + CASES[c][1] * isz;
                    double *da = malloc((size_t)n * sizeof(double)),
                           *db = malloc((size_t)n * sizeof(double));
                    for (int64_t i = 0; i < n; i++) {
                        da[i] = cmp_value(t, (int)(rnd() % 12), pa + i * isz);
                        db[i] = cmp_value(t, (int)(rnd() % 12), pb + i * isz);
                    }
                    if (fixed == 1)
                        for (int64_t i = 1; i < n; i++) da[i] = da[0];
                    if (fixed == 2)
                        for (int64_t i = 1; i < n; i++) db[i] = db[0];
                    int64_t zero = 0;
                    nd_array *a = nd_wrap(pa, t, 1, &n, fixed == 1 ? &zero : NULL, NULL, NULL);
                    nd_array *b = nd_wrap(pb, t, 1, &n, fixed == 2 ? &zero : NULL, NULL, NULL);
                    nd_array *o = nd_wrap(mo + CASES[c][2], ND_BOOL, 1, &n, NULL, NULL, NULL);
                    ck_assert(a && b && o);
                    for (int k = 0; k < 6; k++) {
                        memset(mo, 7, (size_t)n + 64);
                        nd_fp_clear();
                        ck_assert(nd_ufunc(CMP_OPS[k], 2, (const nd_array *const[]){a, b}, o) == o);
                        ck_assert_msg(nd_fp_flags() == 0, "%s %s at %s: flags %d",
                                      nd_op_name(CMP_OPS[k]), nd_dtype_name(t), LEVELS[lv],
                                      nd_fp_flags());
                        const unsigned char *r = (const unsigned char *)mo + CASES[c][2];
                        for (int64_t i = 0; i < n; i++)
                            ck_assert_msg(r[i] == cmp_ref(k, da[i], db[i]),
                                          "%s %s at %s, n=%lld case %d: element %lld is %d",
                                          nd_op_name(CMP_OPS[k]), nd_dtype_name(t), LEVELS[lv],
                                          (long long)n, (int)c, (long long)i, r[i]);
                        ck_assert_int_eq(r[n], 7); /* nothing written past the end */
                    }
                    nd_release(a), nd_release(b), nd_release(o);
                    free(ma), free(mb), free(mo), free(da), free(db);
                }
    }
    ck_assert_int_eq(nd_set_isa(saved), ND_OK);
    nd_fp_set_mode(m);
}
END_TEST

/* ---- against NumPy ---- */

static const char *TS = "['?','i1','i2','i4','i8','u1','u2','u4','u8','f2','f4','f8','c8','c16']";

/* The result dtype of every op on every dtype pair (1-element arrays, so
   NumPy 1.24's value-based casting does not apply), or TypeError. */
START_TEST(result_dtypes_vs_numpy) {
    char script[4096];
    snprintf(
        script, sizeof script,
        "import numpy as np, warnings\nwarnings.simplefilter('ignore')\nts=%s\n"
        "ops=[l.split()[0] for l in open('%s/../include/nd/ops.def') if l.startswith('ND_OP(')]\n"
        "for l in open('%s/../include/nd/ops.def'):\n"
        "  if not l.startswith('ND_OP('): continue\n"
        "  f=l[6:].split(',')\n"
        "  name=f[1].strip(); nin=int(f[2])\n"
        "  u=getattr(np,name)\n"
        "  pairs=[(a,b) for a in range(14) for b in range(14)] if nin==2 else [(a,a) for a in "
        "range(14)]\n"
        "  out=[]\n"
        "  for a,b in pairs:\n"
        "    x=[np.ones(1,ts[a]), np.ones(1,ts[b])][:nin]\n"
        "    try: out.append(ts.index(np.dtype(u(*x).dtype).str[1:] if "
        "np.dtype(u(*x).dtype).kind!='b' else '?'))\n"
        "    except TypeError: out.append(-1)\n"
        "  print(name, *out)\n",
        TS, ND_TESTS_DIR, ND_TESTS_DIR);
    char *out = nd_test_python(script);
    ck_assert_ptr_nonnull(out);
    static const nd_dtype order[14] = {
        ND_BOOL,   ND_INT8,   ND_INT16,   ND_INT32,   ND_INT64,   ND_UINT8,     ND_UINT16,
        ND_UINT32, ND_UINT64, ND_FLOAT16, ND_FLOAT32, ND_FLOAT64, ND_COMPLEX64, ND_COMPLEX128};
    int lines = 0, mismatches = 0;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char name[64];
        int off = 0;
        if (sscanf(line, "%63s%n", name, &off) != 1) continue;
        nd_op op = ND_NUM_OPS;
        for (int k = 0; k < ND_NUM_OPS; k++)
            if (!strcmp(nd_op_name((nd_op)k), name)) op = (nd_op)k;
        ck_assert_msg(op != ND_NUM_OPS, "unknown op %s", name);
        int nin = nd_op_nin(op), npairs = nin == 2 ? 196 : 14;
        char *p = line + off;
        for (int k = 0; k < npairs; k++) {
            int want = (int)strtol(p, &p, 10);
            nd_dtype a = order[nin == 2 ? k / 14 : k], b = order[nin == 2 ? k % 14 : k];
            int64_t one = 1;
            nd_array *x[2] = {nd_ones(a, 1, &one), nd_ones(b, 1, &one)};
            nd_clear_error();
            nd_array *r = nd_ufunc(op, nin, (const nd_array *const *)x, NULL);
            int got = -1;
            if (r)
                for (int q = 0; q < 14; q++)
                    if (order[q] == nd_get_dtype(r)) got = q;
            if (!r)
                ck_assert_msg(nd_last_error() == ND_ERR_DTYPE || nd_last_error() == ND_ERR_VALUE,
                              "%s", nd_last_error_message());
            if (got != want) {
                mismatches++;
                fprintf(stderr, "%s(%s, %s): nd %d, NumPy %d\n", name, nd_dtype_name(a),
                        nd_dtype_name(b), got, want);
            }
            nd_release(r), nd_release(x[0]), nd_release(x[1]);
        }
        lines++;
    }
    free(out);
    nd_clear_error();
    ck_assert_int_eq(lines, ND_NUM_OPS);
    ck_assert_int_eq(mismatches, 0);
}
END_TEST

/* out of every dtype: accepted exactly when np.can_cast(result, out, 'same_kind'). */
START_TEST(out_casting_vs_numpy) {
    char script[1024];
    snprintf(script, sizeof script,
             "import numpy as np\nts=%s\n"
             "print(*[int(np.can_cast(a,b,'same_kind')) for a in ts for b in ts])\n",
             TS);
    char *out = nd_test_python(script);
    ck_assert_ptr_nonnull(out);
    static const nd_dtype order[14] = {
        ND_BOOL,   ND_INT8,   ND_INT16,   ND_INT32,   ND_INT64,   ND_UINT8,     ND_UINT16,
        ND_UINT32, ND_UINT64, ND_FLOAT16, ND_FLOAT32, ND_FLOAT64, ND_COMPLEX64, ND_COMPLEX128};
    char *p = out;
    for (int a = 0; a < 14; a++)
        for (int b = 0; b < 14; b++) {
            int ok = (int)strtol(p, &p, 10);
            int64_t n = 3;
            nd_array *x = nd_ones(order[a], 1, &n), *o = nd_zeros(order[b], 1, &n);
            nd_clear_error();
            nd_array *r = nd_add(x, x, o);
            if (order[a] == ND_BOOL && !r) nd_clear_error();
            ck_assert_msg((r != NULL) == (ok == 1), "add(%s) into %s: nd %s, NumPy %s",
                          nd_dtype_name(order[a]), nd_dtype_name(order[b]),
                          r ? "accepts" : "refuses", ok ? "accepts" : "refuses");
            if (!r) ck_assert_int_eq(nd_last_error(), ND_ERR_DTYPE);
            nd_release(x), nd_release(o);
        }
    free(out);
    nd_clear_error();
}
END_TEST

/* Values of random ops on random broadcast shapes and strides. */
START_TEST(random_ops_vs_numpy) {
    const char *script =
        "import numpy as np, warnings\nwarnings.simplefilter('ignore')\n"
        "rng=np.random.default_rng(5)\n"
        "ops=['add','subtract','multiply','divide','floor_divide','remainder','maximum','fmin','"
        "arctan2',"
        "'hypot','less_equal','exp','sin','sqrt','log1p','tanh','absolute','negative','floor','"
        "copysign']\n"
        "for i in range(400):\n"
        "  op=ops[i%len(ops)]; u=getattr(np,op); dt=['f8','f4','i4','i8'][i%4]\n"
        "  if u.nin==1 and dt[0]=='i' and op in ('exp','sin','sqrt','log1p','tanh','floor'): "
        "dt='f8'\n"
        "  if op in ('arctan2','hypot','copysign') and dt[0]=='i': dt='f4'\n"
        "  sa=tuple(rng.integers(1,5,rng.integers(1,4))); sb=sa[rng.integers(0,len(sa)):]\n"
        "  a=(rng.uniform(-20,20,sa)).astype(dt); b=(rng.uniform(-20,20,sb)).astype(dt)\n"
        "  if dt[0]=='i': b[b==0]=3\n"
        "  r=u(a,b) if u.nin==2 else u(a)\n"
        "  print(op, dt, len(sa), *sa, len(sb), *sb, *[repr(float(v)) for v in a.ravel()], "
        "*[repr(float(v)) for v in b.ravel()], *[repr(float(v)) for v in "
        "np.asarray(r,np.float64).ravel()])\n";
    char *out = nd_test_python(script);
    ck_assert_ptr_nonnull(out);
    char *save = NULL;
    int cases = 0;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char opn[32], dts[8];
        int off;
        sscanf(line, "%31s %7s%n", opn, dts, &off);
        char *p = line + off;
        nd_op op = ND_NUM_OPS;
        for (int k = 0; k < ND_NUM_OPS; k++)
            if (!strcmp(nd_op_name((nd_op)k), opn)) op = (nd_op)k;
        ck_assert_int_ne(op, ND_NUM_OPS);
        nd_dtype t;
        ck_assert_int_eq(nd_dtype_from_name(!strcmp(dts, "f8")   ? "float64"
                                            : !strcmp(dts, "f4") ? "float32"
                                            : !strcmp(dts, "i4") ? "int32"
                                                                 : "int64",
                                            &t),
                         ND_OK);
        int64_t sh[2][4];
        int nd[2];
        nd_array *x[2];
        for (int k = 0; k < 2; k++) {
            nd[k] = (int)strtol(p, &p, 10);
            for (int d = 0; d < nd[k]; d++) sh[k][d] = strtol(p, &p, 10);
        }
        for (int k = 0; k < 2; k++) {
            nd_array *d = nd_empty(ND_FLOAT64, nd[k], sh[k]);
            double *v = nd_data(d);
            for (int64_t i = 0; i < nd_size(d); i++) v[i] = strtod(p, &p);
            x[k] = nd_astype(d, t);
            nd_release(d);
        }
        int nin = nd_op_nin(op);
        if (nin == 2 &&
            cases % 3 == 1) { /* a transposed view of a copy: other strides, same values */
            nd_array *tt = nd_transpose(x[0], NULL), *c = nd_copy(tt);
            nd_release(x[0]);
            x[0] = nd_transpose(c, NULL);
            nd_release(tt), nd_release(c);
        }
        nd_array *r = nd_ufunc(op, nin, (const nd_array *const *)x, NULL),
                 *r64 = r ? nd_astype(r, ND_FLOAT64) : NULL;
        ck_assert_msg(r != NULL, "%s: %s", opn, nd_last_error_message());
        nd_array *rc = nd_copy(r64);
        const double *v = nd_data(rc);
        for (int64_t i = 0; i < nd_size(rc); i++) {
            double w = strtod(p, &p);
            bool ok = v[i] == w || (isnan(v[i]) && isnan(w)) ||
                      (approx_op(op) &&
                       fabs(v[i] - w) <= 4 * fabs(w) * (t == ND_FLOAT32 ? 1.2e-7 : 2.3e-16));
            ck_assert_msg(ok, "%s %s element %lld: nd %.17g NumPy %.17g", opn, dts, (long long)i,
                          v[i], w);
        }
        nd_release(x[0]), nd_release(x[1]), nd_release(r), nd_release(r64), nd_release(rc);
        cases++;
    }
    free(out);
    ck_assert_int_eq(cases, 400);
}
END_TEST

/* ---- the exp family's flags at the levels with nd's own kernels ----
   NumPy 1.24's flags for the same inputs (np.errstate): overflow and
   underflow where the result does, never invalid, nothing for inf, NaN
   and tiny arguments. */
START_TEST(exp_family_flags) {
    typedef nd_array *(*fn1)(const nd_array *, nd_array *);
    static const struct {
        fn1 f;
        const char *name;
        int is32;
        double x;
        int want;
    } cases[] = {
        {nd_exp, "exp", 0, 710, ND_FP_OVERFLOW},
        {nd_exp, "exp", 0, -746, ND_FP_UNDERFLOW},
        {nd_exp, "exp", 0, -740, ND_FP_UNDERFLOW},
        {nd_exp, "exp", 0, 1e-310, 0},
        {nd_exp, "exp", 0, 700, 0},
        {nd_exp, "exp", 0, INFINITY, 0},
        {nd_exp, "exp", 0, -INFINITY, 0},
        {nd_exp, "exp", 0, NAN, 0},
        {nd_exp2, "exp2", 0, 1025, ND_FP_OVERFLOW},
        {nd_exp2, "exp2", 0, -1080, ND_FP_UNDERFLOW},
        {nd_expm1, "expm1", 0, 710, ND_FP_OVERFLOW},
        {nd_expm1, "expm1", 0, -1000, 0},
        {nd_expm1, "expm1", 0, -INFINITY, 0},
        {nd_expm1, "expm1", 0, NAN, 0},
        {nd_sinh, "sinh", 0, 711, ND_FP_OVERFLOW},
        {nd_sinh, "sinh", 0, -1000, ND_FP_OVERFLOW},
        {nd_sinh, "sinh", 0, INFINITY, 0},
        {nd_sinh, "sinh", 0, 1e-310, 0},
        {nd_cosh, "cosh", 0, -711, ND_FP_OVERFLOW},
        {nd_cosh, "cosh", 0, NAN, 0},
        {nd_tanh, "tanh", 0, 1000, 0},
        {nd_tanh, "tanh", 0, NAN, 0},
        {nd_exp, "exp", 1, 89, ND_FP_OVERFLOW},
        {nd_exp, "exp", 1, -104, ND_FP_UNDERFLOW},
        {nd_exp, "exp", 1, NAN, 0},
        {nd_exp2, "exp2", 1, 129, ND_FP_OVERFLOW},
        {nd_expm1, "expm1", 1, 89, ND_FP_OVERFLOW},
        {nd_expm1, "expm1", 1, -150, 0},
        {nd_sinh, "sinh", 1, -90, ND_FP_OVERFLOW},
        {nd_sinh, "sinh", 1, 1e30, ND_FP_OVERFLOW},
        {nd_cosh, "cosh", 1, 90, ND_FP_OVERFLOW},
        {nd_cosh, "cosh", 1, -INFINITY, 0},
        {nd_tanh, "tanh", 1, -INFINITY, 0},
        {nd_tanh, "tanh", 1, NAN, 0},
    };
    static const char *const levels[] = {"avx2", "avx512"};
    const char *saved = nd_isa();
    nd_fp_mode m = nd_fp_set_mode(ND_FP_IGNORE);
    for (int lv = 0; lv < 2; lv++) {
        if (nd_set_isa(levels[lv]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            int64_t n = 19; /* a vector and a tail */
            double xd[19], od[19];
            float xf[19], of[19];
            for (int k = 0; k < n; k++) xd[k] = cases[i].x, xf[k] = (float)cases[i].x;
            nd_dtype t = cases[i].is32 ? ND_FLOAT32 : ND_FLOAT64;
            nd_array *x =
                nd_wrap(cases[i].is32 ? (void *)xf : (void *)xd, t, 1, &n, NULL, NULL, NULL);
            nd_array *o =
                nd_wrap(cases[i].is32 ? (void *)of : (void *)od, t, 1, &n, NULL, NULL, NULL);
            nd_fp_clear();
            ck_assert(cases[i].f(x, o) == o);
            ck_assert_msg(nd_fp_flags() == cases[i].want, "%s %s(%g) at %s: flags %d, want %d",
                          cases[i].is32 ? "float32" : "float64", cases[i].name, cases[i].x,
                          levels[lv], nd_fp_flags(), cases[i].want);
            nd_release(x), nd_release(o);
        }
    }
    nd_fp_set_mode(m);
    ck_assert_int_eq(nd_set_isa(saved), ND_OK);
}
END_TEST

/* ---- integer rules, aliasing, errors ---- */

START_TEST(integer_rules) {
    int64_t two = 2;
    int64_t xv[2] = {INT64_MIN, 7}, yv[2] = {-1, 0};
    nd_array *x = nd_from_buffer(ND_INT64, 1, &two, xv), *y = nd_from_buffer(ND_INT64, 1, &two, yv);
    nd_fp_clear();
    nd_array *q = nd_floor_divide(x, y, NULL), *r = nd_remainder(x, y, NULL);
    const int64_t *pq = nd_data(q), *pr = nd_data(r);
    ck_assert(pq[0] == INT64_MIN && pq[1] == 0 && pr[0] == 0 && pr[1] == 0);
    ck_assert(nd_fp_flags() & ND_FP_DIVBYZERO);
    int64_t sv[2] = {70, 70}, lv[2] = {1, -8};
    nd_array *s = nd_from_buffer(ND_INT64, 1, &two, sv), *l = nd_from_buffer(ND_INT64, 1, &two, lv);
    nd_array *ls = nd_left_shift(l, s, NULL), *rsh = nd_right_shift(l, s, NULL);
    ck_assert(((int64_t *)nd_data(ls))[0] == 0 && ((int64_t *)nd_data(rsh))[1] == -1);
    nd_clear_error();
    nd_array *neg = nd_lit_i64(-1);
    ck_assert_ptr_null(nd_power(l, neg, NULL));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_power: Integers to negative integer powers are not allowed.");
    nd_clear_error();
    int8_t wv[1] = {127};
    int64_t one = 1;
    nd_array *w = nd_from_buffer(ND_INT8, 1, &one, wv), *w1 = nd_add(w, w, NULL);
    ck_assert_int_eq(((int8_t *)nd_data(w1))[0], -2); /* wraps */
    nd_array *all[] = {x, y, q, r, s, l, ls, rsh, neg, w, w1};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) nd_release(all[i]);
}
END_TEST

START_TEST(aliasing_and_errors) {
    nd_array *a = nd_arange(1, 5, 1, ND_INT64);
    nd_array *dst = nd_slice(a, "1:"), *src = nd_slice(a, ":-1");
    ck_assert_ptr_eq(nd_add(dst, src, dst), dst);
    const int64_t *p = nd_data(a);
    ck_assert(p[0] == 1 && p[1] == 3 && p[2] == 5 && p[3] == 7); /* NumPy's [1, 3, 5, 7] */
    int64_t s34[2] = {3, 4}, s5 = 5;
    nd_array *m = nd_zeros(ND_FLOAT64, 2, s34), *v = nd_zeros(ND_FLOAT64, 1, &s5);
    nd_clear_error();
    ck_assert_ptr_null(nd_add(m, v, NULL));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_add: operands could not be broadcast together with shapes (3,4) (5,) ");
    nd_clear_error();
    ck_assert_ptr_null(nd_bitwise_and(m, m, NULL));
    ck_assert_int_eq(nd_last_error(), ND_ERR_DTYPE);
    nd_clear_error();
    nd_array *ro = nd_broadcast_to(v, 2, (int64_t[]){2, 5});
    ck_assert_ptr_null(nd_add(v, v, ro));
    ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
    nd_clear_error();
    ck_assert_ptr_null(nd_add(NULL, v, NULL));
    ck_assert_int_eq(nd_last_error(), ND_ERR_NULL);
    nd_clear_error();
    /* MXCSR control bits are left as found */
    unsigned csr = _mm_getcsr();
    nd_array *d = nd_divide(v, v, NULL); /* 0/0: invalid */
    ck_assert_uint_eq(_mm_getcsr() & ~0x3fu, csr & ~0x3fu);
    nd_array *all[] = {a, dst, src, m, v, ro, d};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) nd_release(all[i]);
}
END_TEST

int main(void) {
    Suite *s = suite_create("ufunc");
    TCase *tc = tcase_create("ufunc");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, every_op_dtype_level_layout, 0, 4);
    tcase_add_loop_test(tc, long_runs_every_level, 0, 4);
    tcase_add_test(tc, compare_runs_every_level);
    tcase_add_test(tc, result_dtypes_vs_numpy);
    tcase_add_test(tc, out_casting_vs_numpy);
    tcase_add_test(tc, random_ops_vs_numpy);
    tcase_add_test(tc, integer_rules);
    tcase_add_test(tc, exp_family_flags);
    tcase_add_test(tc, aliasing_and_errors);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
