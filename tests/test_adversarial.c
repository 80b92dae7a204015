/* Adversarial numerics, at every ISA level: special values in every lane
   position and in the tail, integer wraparound against an independent
   reference, MXCSR (FTZ/DAZ, rounding) unchanged by any call, shapes whose
   element count overflows, matmul dimensions past INT_MAX (views, no
   allocation), zero-size arrays through every op, ndim at ND_MAX_DIMS. */
#include <float.h>
#include <immintrin.h>
#include <math.h>

#include "nd_test.h"
#include "nd_approx.h"
#include "nd/linalg.h"
#include "nd/sort.h"

static const char *LEVELS[] = {"scalar", "baseline", "avx2", "avx512"};
enum { NLEVELS = 4, NSPECIAL = 16 };

/* MXCSR without the six sticky exception flags */
static unsigned csr_mode(void) { return _mm_getcsr() & ~0x3fu; }

static bool is_float(nd_dtype t) {
    return t == ND_FLOAT16 || t == ND_FLOAT32 || t == ND_FLOAT64 || t == ND_COMPLEX64 ||
           t == ND_COMPLEX128;
}

/* The k-th special value of real dtype t (k < NSPECIAL), as raw bytes. */
static void special(nd_dtype t, int k, void *out) {
    static const uint16_t h[NSPECIAL] = {0x7e00, 0xfe00, 0x7c00, 0xfc00, 0x0000, 0x8000,
                                         0x0001, 0x03ff, 0x8001, 0x0400, 0x7bff, 0xfbff,
                                         0x3c00, 0xbc00, 0x3800, 0x4200};
    const double d[NSPECIAL] = {
        NAN,        -NAN,    INFINITY, -INFINITY, 0.0, -0.0, 0x1p-1074, 0x0.fffffffffffffp-1022,
        -0x1p-1074, DBL_MIN, DBL_MAX,  -DBL_MAX,  1.0, -1.0, 0.5,       3.0};
    const float f[NSPECIAL] = {
        NAN,        -NAN,    INFINITY, -INFINITY, 0.0f, -0.0f, 0x1p-149f, 0x0.fffffep-126f,
        -0x1p-149f, FLT_MIN, FLT_MAX,  -FLT_MAX,  1.0f, -1.0f, 0.5f,      3.0f};
    const int64_t s[NSPECIAL] = {
        INT64_MIN, INT64_MAX, -1, 0,  1,  INT64_MIN + 1, INT64_MAX - 1, 2,
        -2,        7,         -7, 64, 65, -128,          127,           255};
    switch (t) {
    case ND_FLOAT16:
        memcpy(out, &h[k], 2);
        return;
    case ND_FLOAT32:
        memcpy(out, &f[k], 4);
        return;
    case ND_FLOAT64:
        memcpy(out, &d[k], 8);
        return;
    case ND_BOOL:
        *(uint8_t *)out = (uint8_t)(k & 1);
        return;
    default:
        break;
    }
    /* integers: the extremes of the width itself, then small values */
    size_t w = nd_dtype_size(t);
    bool sgn = t == ND_INT8 || t == ND_INT16 || t == ND_INT32 || t == ND_INT64;
    uint64_t v = (uint64_t)s[k];
    int bits = (int)w * 8;
    uint64_t top = bits == 64 ? 0 : (uint64_t)1 << bits;
    if (k == 0) v = sgn ? (uint64_t)1 << (bits - 1) : 0;             /* MIN */
    if (k == 1) v = sgn ? ((uint64_t)1 << (bits - 1)) - 1 : top - 1; /* MAX */
    if (k == 5) v = sgn ? ((uint64_t)1 << (bits - 1)) + 1 : 1;       /* MIN + 1 */
    if (k == 6) v = sgn ? ((uint64_t)1 << (bits - 1)) - 2 : top - 2; /* MAX - 1 */
    memcpy(out, &v, w); /* little-endian: the low bytes */
}

/* n elements of dtype t: element i is special (i * step + shift) % NSPECIAL
   (complex: real and imaginary parts from two different ones). */
static nd_array *special_array(nd_dtype t, int64_t n, int step, int shift) {
    nd_array *a = nd_empty(t, 1, &n);
    char *p = nd_data(a);
    size_t w = nd_dtype_size(t);
    nd_dtype part = t == ND_COMPLEX64 ? ND_FLOAT32 : t == ND_COMPLEX128 ? ND_FLOAT64 : t;
    for (int64_t i = 0; i < n; i++) {
        int k = (int)((i * step + shift) % NSPECIAL);
        special(part, k, p + i * (int64_t)w);
        if (part != t) special(part, (k + 5) % NSPECIAL, p + i * (int64_t)w + (int64_t)w / 2);
    }
    return a;
}

/* ---- comparing with the scalar level ---- */

static int bits_of(nd_dtype t) {
    return t == ND_FLOAT16 ? 16 : (t == ND_FLOAT32 || t == ND_COMPLEX64) ? 32 : 64;
}
static bool nan_bits(uint64_t v, int bits) {
    if (bits == 64) return (v & 0x7fffffffffffffffULL) > 0x7ff0000000000000ULL;
    if (bits == 32) return (v & 0x7fffffff) > 0x7f800000;
    return (v & 0x7fff) > 0x7c00;
}
static int64_t ulp_distance(uint64_t a, uint64_t b, int bits) {
    uint64_t sign = (uint64_t)1 << (bits - 1);
    int64_t x = (a & sign) ? -(int64_t)(a & ~sign) : (int64_t)a,
            y = (b & sign) ? -(int64_t)(b & ~sign) : (int64_t)b;
    return x > y ? x - y : y - x;
}

/* first differing element of two contiguous same-dtype arrays, or -1; a NaN
   matches any NaN (which NaN comes out depends on operand order) */
static int64_t first_difference(const nd_array *got, const nd_array *want, int approx) {
    nd_dtype t = nd_get_dtype(want);
    size_t w = nd_dtype_size(t);
    const unsigned char *g = nd_data(got), *x = nd_data(want);
    int bits = bits_of(t);
    for (int64_t i = 0; i < nd_size(want); i++) {
        if (!memcmp(g + i * (int64_t)w, x + i * (int64_t)w, w)) continue;
        if (!is_float(t)) return i;
        for (size_t c = 0; c < w; c += (size_t)bits / 8) {
            uint64_t a = 0, b = 0;
            memcpy(&a, g + i * (int64_t)w + (int64_t)c, (size_t)bits / 8);
            memcpy(&b, x + i * (int64_t)w + (int64_t)c, (size_t)bits / 8);
            if (nan_bits(a, bits) && nan_bits(b, bits)) continue;
            if (nan_bits(a, bits) || nan_bits(b, bits) ||
                ulp_distance(a, b, bits) > (int64_t)approx)
                return i;
        }
    }
    return -1;
}

static nd_array *call_at(const char *level, nd_op op, nd_array *const *in) {
    nd_set_isa(level);
    nd_clear_error();
    unsigned before = csr_mode();
    nd_array *r = nd_ufunc(op, nd_op_nin(op), (const nd_array *const *)in, NULL);
    ck_assert_msg(csr_mode() == before, "%s at %s changed MXCSR from %#x to %#x", nd_op_name(op),
                  level, before, csr_mode());
    return r;
}

static const nd_dtype DTYPES[] = {ND_BOOL,    ND_INT8,    ND_INT16,     ND_INT32,     ND_INT64,
                                  ND_UINT8,   ND_UINT16,  ND_UINT32,    ND_UINT64,    ND_FLOAT16,
                                  ND_FLOAT32, ND_FLOAT64, ND_COMPLEX64, ND_COMPLEX128};
enum { NDTYPES = sizeof DTYPES / sizeof *DTYPES };

static long compared;

/* One op and dtype on arrays of n specials at every level against scalar. */
static void check_specials(nd_op op, nd_dtype t, int64_t n, int shift) {
    nd_array *in[2] = {special_array(t, n, 3, shift), special_array(t, n, 5, shift + 1)};
    nd_array *ref = call_at("scalar", op, in);
    if (!ref) { /* the op does not take this dtype */
        ck_assert_msg(nd_last_error() == ND_ERR_DTYPE || nd_last_error() == ND_ERR_VALUE,
                      "%s %s: %s", nd_op_name(op), nd_dtype_name(t), nd_last_error_message());
        nd_release(in[0]), nd_release(in[1]);
        return;
    }
    for (int lv = 1; lv < NLEVELS; lv++) {
        if (nd_set_isa(LEVELS[lv])) {
            nd_clear_error();
            continue;
        }
        nd_array *got = call_at(LEVELS[lv], op, in);
        ck_assert_msg(got != NULL, "%s %s at %s: %s", nd_op_name(op), nd_dtype_name(t), LEVELS[lv],
                      nd_last_error_message());
        int64_t bad = first_difference(got, ref, nd_test_approx_ulps(op, t));
        ck_assert_msg(bad < 0, "%s %s n=%lld shift=%d at %s differs from scalar at %lld",
                      nd_op_name(op), nd_dtype_name(t), (long long)n, shift, LEVELS[lv],
                      (long long)bad);
        nd_release(got);
        compared++;
    }
    nd_release(ref), nd_release(in[0]), nd_release(in[1]);
}

/* Every special in every lane position of a 129-element array (every shift),
   and every tail length 0..33 plus a few around 64 and 128. */
START_TEST(specials_in_every_lane_and_tail) {
    nd_fp_mode m = nd_fp_set_mode(ND_FP_IGNORE);
    nd_dtype t = DTYPES[_i];
    compared = 0;
    for (int op = 0; op < ND_NUM_OPS; op++) {
        for (int shift = 0; shift < NSPECIAL; shift++) check_specials((nd_op)op, t, 129, shift);
        for (int64_t n = 0; n <= 33; n++) check_specials((nd_op)op, t, n, (int)n);
        for (int64_t n = 63; n <= 65; n++) check_specials((nd_op)op, t, n, 1);
        check_specials((nd_op)op, t, 127, 2);
    }
    nd_set_isa(nd_isa_best());
    nd_fp_set_mode(m);
    ck_assert_int_gt(compared, 1000);
}
END_TEST

/* ---- reductions: one special among ordinary values at each position ---- */

typedef nd_array *(*reduce_fn)(const nd_array *, int, bool, nd_array *);
static const struct {
    const char *name;
    reduce_fn fn;
    bool skips_nan, is_arg, is_max;
} REDUCTIONS[] = {
    {"max", nd_max, false, false, true},           {"min", nd_min, false, false, false},
    {"argmax", nd_argmax, false, true, true},      {"argmin", nd_argmin, false, true, false},
    {"nanmax", nd_nanmax, true, false, true},      {"nanmin", nd_nanmin, true, false, false},
    {"nanargmax", nd_nanargmax, true, true, true}, {"nanargmin", nd_nanargmin, true, true, false},
};

/* NumPy's answer in double: NaN propagates (first NaN's index) unless
   skipped; ties give the first index. */
static double expected(const double *x, int64_t n, bool skips_nan, bool is_arg, bool is_max) {
    int64_t best = -1;
    for (int64_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            if (skips_nan) continue;
            return is_arg ? (double)i : NAN;
        }
        if (best < 0 || (is_max ? x[i] > x[best] : x[i] < x[best])) best = i;
    }
    if (best < 0) return NAN; /* all NaN, only for the nan* functions */
    return is_arg ? (double)best : x[best];
}

START_TEST(reductions_special_at_every_position) {
    nd_dtype dts[] = {ND_FLOAT16, ND_FLOAT32, ND_FLOAT64};
    int specials[] = {0, 2, 3, 4, 5, 6, 8, 10, 11};
    int64_t lens[] = {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129};
    nd_dtype t = dts[_i];
    nd_fp_mode m = nd_fp_set_mode(ND_FP_IGNORE);
    for (size_t li = 0; li < sizeof lens / sizeof *lens; li++) {
        int64_t n = lens[li];
        for (int64_t pos = 0; pos < n; pos++)
            for (size_t si = 0; si < sizeof specials / sizeof *specials; si++) {
                /* ordinary values k/64 (exact in float16), distinct, below 1 in magnitude,
                   so the float16 special values stay the extremes */
                nd_array *a = nd_empty(t, 1, &n);
                for (int64_t i = 0; i < n; i++)
                    nd_set_f64(a, &i, (double)((i * 37) % 101 - 50) / 64.0);
                special(t, specials[si], (char *)nd_data(a) + pos * (int64_t)nd_dtype_size(t));
                double *x = malloc(sizeof(double) * (size_t)n);
                for (int64_t i = 0; i < n; i++) x[i] = nd_get_f64(a, &i);
                for (size_t r = 0; r < sizeof REDUCTIONS / sizeof *REDUCTIONS; r++) {
                    double want = expected(x, n, REDUCTIONS[r].skips_nan, REDUCTIONS[r].is_arg,
                                           REDUCTIONS[r].is_max);
                    if (isnan(want) && REDUCTIONS[r].is_arg) continue; /* all-NaN: an error */
                    nd_array *ref = NULL;
                    for (int lv = 0; lv < NLEVELS; lv++) {
                        if (nd_set_isa(LEVELS[lv])) {
                            nd_clear_error();
                            continue;
                        }
                        unsigned before = csr_mode();
                        nd_array *got = REDUCTIONS[r].fn(a, 0, false, NULL);
                        ck_assert_uint_eq(csr_mode(), before);
                        ck_assert_msg(got, "%s: %s", REDUCTIONS[r].name, nd_last_error_message());
                        double v = nd_get_f64(got, NULL);
                        /* == so that -0.0 and 0.0 tie as in NumPy's comparisons */
                        ck_assert_msg(isnan(want) ? isnan(v) : v == want,
                                      "%s %s n=%lld special %d at %lld, %s: %g, want %g",
                                      REDUCTIONS[r].name, nd_dtype_name(t), (long long)n,
                                      specials[si], (long long)pos, LEVELS[lv], v, want);
                        if (!ref)
                            ref = nd_retain(got);
                        else /* and bitwise (the sign of a zero) as the scalar level */
                            ck_assert_msg(first_difference(got, ref, false) < 0,
                                          "%s %s n=%lld special %d at %lld: %s differs from scalar",
                                          REDUCTIONS[r].name, nd_dtype_name(t), (long long)n,
                                          specials[si], (long long)pos, LEVELS[lv]);
                        nd_release(got);
                    }
                    nd_release(ref);
                }
                free(x);
                nd_release(a);
            }
    }
    nd_set_isa(nd_isa_best());
    nd_fp_set_mode(m);
}
END_TEST

/* ---- integer wraparound against C's unsigned arithmetic ---- */

static int64_t wrap_signed(uint64_t v, int bits) {
    if (bits == 64) return (int64_t)v;
    uint64_t m = ((uint64_t)1 << bits) - 1, s = (uint64_t)1 << (bits - 1);
    v &= m;
    return (v & s) ? (int64_t)(v | ~m) : (int64_t)v;
}

/* NumPy's integer floor_divide and remainder: by zero 0, MIN // -1 MIN,
   MIN % -1 0, floor rounding and the divisor's sign otherwise. */
static int64_t floor_div(int64_t a, int64_t b, int bits) {
    if (b == 0) return 0;
    if (b == -1) return wrap_signed(0 - (uint64_t)a, bits);
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}
static int64_t floor_mod(int64_t a, int64_t b) {
    if (b == 0 || b == -1) return 0;
    int64_t r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
}

START_TEST(integer_wraparound) {
    static const nd_dtype ints[] = {ND_INT8,  ND_INT16,  ND_INT32,  ND_INT64,
                                    ND_UINT8, ND_UINT16, ND_UINT32, ND_UINT64};
    static const nd_op ops[] = {ND_OP_ADD,      ND_OP_SUBTRACT,     ND_OP_MULTIPLY, ND_OP_NEGATIVE,
                                ND_OP_ABSOLUTE, ND_OP_FLOOR_DIVIDE, ND_OP_REMAINDER};
    nd_fp_mode m = nd_fp_set_mode(ND_FP_IGNORE);
    for (int lv = 0; lv < NLEVELS; lv++) {
        if (nd_set_isa(LEVELS[lv])) {
            nd_clear_error();
            continue;
        }
        for (size_t ti = 0; ti < sizeof ints / sizeof *ints; ti++) {
            nd_dtype t = ints[ti];
            int bits = (int)nd_dtype_size(t) * 8;
            bool sgn = ti < 4;
            int64_t n = NSPECIAL * NSPECIAL; /* every pair of specials */
            nd_array *a = nd_empty(t, 1, &n), *b = nd_empty(t, 1, &n);
            for (int64_t i = 0; i < n; i++) {
                special(t, (int)(i / NSPECIAL), (char *)nd_data(a) + i * bits / 8);
                special(t, (int)(i % NSPECIAL), (char *)nd_data(b) + i * bits / 8);
            }
            for (size_t oi = 0; oi < sizeof ops / sizeof *ops; oi++) {
                nd_op op = ops[oi];
                bool unary = nd_op_nin(op) == 1;
                if (op == ND_OP_NEGATIVE && !sgn) continue; /* NumPy wraps there too, but warns */
                nd_array *r = nd_ufunc(op, unary ? 1 : 2, (const nd_array *const[]){a, b}, NULL);
                ck_assert_msg(r && nd_get_dtype(r) == t, "%s %s", nd_op_name(op), nd_dtype_name(t));
                for (int64_t i = 0; i < n; i++) {
                    uint64_t x = 0, y = 0, got = 0;
                    memcpy(&x, (char *)nd_data(a) + i * bits / 8, (size_t)bits / 8);
                    memcpy(&y, (char *)nd_data(b) + i * bits / 8, (size_t)bits / 8);
                    memcpy(&got, (char *)nd_data(r) + i * bits / 8, (size_t)bits / 8);
                    int64_t sx = wrap_signed(x, bits), sy = wrap_signed(y, bits);
                    uint64_t want;
                    switch (op) {
                    case ND_OP_ADD:
                        want = x + y;
                        break;
                    case ND_OP_SUBTRACT:
                        want = x - y;
                        break;
                    case ND_OP_MULTIPLY:
                        want = x * y;
                        break;
                    case ND_OP_NEGATIVE:
                        want = 0 - x;
                        break;
                    case ND_OP_ABSOLUTE:
                        want = sgn && sx < 0 ? 0 - x : x;
                        break;
                    case ND_OP_FLOOR_DIVIDE:
                        want = sgn ? (uint64_t)floor_div(sx, sy, bits) : y ? x / y : 0;
                        break;
                    default:
                        want = sgn ? (uint64_t)floor_mod(sx, sy) : y ? x % y : 0;
                        break;
                    }
                    if (bits < 64) want &= ((uint64_t)1 << bits) - 1;
                    ck_assert_msg(got == want, "%s %s at %s: %llx, %llx -> %llx, want %llx",
                                  nd_op_name(op), nd_dtype_name(t), LEVELS[lv],
                                  (unsigned long long)x, (unsigned long long)y,
                                  (unsigned long long)got, (unsigned long long)want);
                }
                nd_release(r);
            }
            nd_release(a), nd_release(b);
        }
    }
    nd_set_isa(nd_isa_best());
    nd_fp_set_mode(m);
}
END_TEST

/* ---- MXCSR: a caller's FTZ/DAZ and rounding mode survive every kind of call ---- */

START_TEST(mxcsr_unchanged) {
    unsigned saved = _mm_getcsr();
    /* FTZ (bit 15), DAZ (bit 6), round toward zero (bits 13-14 = 11) */
    unsigned modes[] = {saved, saved | 0x8040u, (saved & ~0x6000u) | 0x6000u};
    int64_t big = 1 << 20, sq[2] = {64, 64};
    nd_array *x = nd_linspace(-3, 3, big, ND_FLOAT64), *y = nd_linspace(0.5, 2, big, ND_FLOAT32);
    nd_array *m = nd_linspace(-1, 1, 64 * 64, ND_FLOAT64), *mm = nd_reshape(m, 2, sq);
    /* a diagonal of 100 over entries within [-1, 1]: strictly diagonally
       dominant, so nd_inv succeeds whatever kernels the BLAS picks (the
       linspace matrix alone is singular, which NumPy reports too) */
    double hundred = 100;
    nd_array *diag = nd_from_buffer(ND_FLOAT64, 0, NULL, &hundred);
    ck_assert_int_eq(nd_fill_diagonal(mm, diag, false), ND_OK);
    nd_release(diag);
    for (size_t k = 0; k < sizeof modes / sizeof *modes; k++) {
        _mm_setcsr(modes[k]);
        unsigned want = csr_mode();
        nd_array *r[8] = {
            nd_exp(x, NULL),
            nd_add(x, y, NULL), /* threaded, with a cast */
            nd_sum(x, ND_AXIS_ALL, false, NULL),
            nd_cumsum(y, 0, NULL),
            nd_matmul(mm, mm, NULL),
            nd_sort(x, 0),
            nd_sin(y, NULL),
            nd_inv(mm),
        };
        ck_assert_msg(csr_mode() == want, "mode %u: MXCSR %#x after the calls, was %#x",
                      (unsigned)k, csr_mode(), want);
        _mm_setcsr(saved);
        for (int i = 0; i < 8; i++) {
            ck_assert_msg(r[i] != NULL, "call %d in mode %u: %s", i, (unsigned)k,
                          nd_last_error_message());
            nd_release(r[i]);
        }
    }
    _mm_setcsr(saved);
    nd_release(x), nd_release(y), nd_release(m), nd_release(mm);
}
END_TEST

/* ---- sizes that overflow, dimensions past INT_MAX ---- */

static void refused(nd_array *r, const char *what) {
    ck_assert_msg(r == NULL, "%s was accepted", what);
    nd_status s = nd_last_error();
    ck_assert_msg(s == ND_ERR_OVERFLOW || s == ND_ERR_VALUE || s == ND_ERR_NOMEM ||
                      s == ND_ERR_SHAPE,
                  "%s: %s (%s)", what, nd_status_name(s), nd_last_error_message());
    nd_clear_error();
}

START_TEST(overflowing_sizes_are_refused) {
    int64_t h = (int64_t)1 << 32;
    refused(nd_empty(ND_FLOAT64, 2, (int64_t[]){h, h}), "empty 2^32 x 2^32");
    refused(nd_zeros(ND_INT8, 3, (int64_t[]){h, h, 0}), "zeros 2^32 x 2^32 x 0");
    refused(nd_empty(ND_FLOAT64, 1, (int64_t[]){INT64_MAX / 4}), "empty of 2^63 bytes");
    refused(nd_empty(ND_FLOAT64, 1, (int64_t[]){-1}), "a negative dimension");
    refused(nd_arange(0, 1e30, 1, ND_FLOAT64), "arange of 1e30 elements");
    nd_array *one = nd_ones(ND_FLOAT64, 0, NULL);
    refused(nd_broadcast_to(one, 2, (int64_t[]){(int64_t)1 << 62, 8}),
            "broadcast to 2^65 elements");
    /* a view of 2^59 float64 (2^62 bytes, as NumPy allows) is fine; what is
       made of it is not */
    nd_array *v = nd_broadcast_to(one, 1, (int64_t[]){(int64_t)1 << 59});
    ck_assert_ptr_nonnull(v);
    refused(nd_concatenate(2, (nd_array *const[]){v, v}, 0, NULL), "concatenate to 2^63 bytes");
    refused(nd_outer(v, v, NULL), "outer of 2^59 x 2^59");
    refused(nd_tile(v, 1, (int64_t[]){4}), "tile to 2^64 bytes");
    refused(nd_reshape(v, 2, (int64_t[]){h, h / 2}), "reshape to another size");
    refused(nd_copy(v), "a copy of 2^59 float64");
    refused(nd_add(v, one, NULL), "add of 2^59 elements");
    refused(nd_pad(v, (int64_t[]){INT64_MAX / 2, INT64_MAX / 2}, ND_PAD_CONSTANT, 0),
            "pad to 2^63");
    nd_release(v), nd_release(one);
}
END_TEST

START_TEST(matmul_beyond_int_max) {
    int64_t k = ((int64_t)1 << 31) + 3;
    nd_dtype dts[] = {ND_FLOAT32, ND_FLOAT64, ND_COMPLEX128};
    for (int i = 0; i < 3; i++) {
        nd_array *one = nd_ones(dts[i], 0, NULL);
        nd_array *a = nd_broadcast_to(one, 2, (int64_t[]){1, k});
        nd_array *b = nd_broadcast_to(one, 2, (int64_t[]){k, 1});
        nd_array *r = nd_matmul(a, b, NULL);
        if (r) { /* computed by splitting: every term is 1 */
            ck_assert(nd_get_f64(r, (int64_t[]){0, 0}) ==
                      (dts[i] == ND_FLOAT32 ? 16777216.0 : (double)k));
        } else {
            ck_assert_nd_error(ND_ERR_OVERFLOW);
        }
        nd_release(r), nd_release(a), nd_release(b), nd_release(one);
    }
}
END_TEST

/* ---- zero-size arrays through every op ---- */

START_TEST(zero_size_through_every_op) {
    int64_t s1[2] = {0, 1}, s2[2] = {1, 3};
    for (int op = 0; op < ND_NUM_OPS; op++)
        for (int ti = 0; ti < NDTYPES; ti++) {
            nd_dtype t = DTYPES[ti];
            int nin = nd_op_nin((nd_op)op);
            nd_array *one = nd_ones(t, 1, (int64_t[]){1});
            nd_array *probe = nd_ufunc((nd_op)op, nin, (const nd_array *const[]){one, one}, NULL);
            nd_clear_error();
            nd_array *e = nd_zeros(t, 2, s1), *f = nd_zeros(t, 2, s2);
            nd_array *r = nd_ufunc((nd_op)op, nin, (const nd_array *const[]){e, f}, NULL);
            if (!probe) {
                ck_assert_ptr_null(r);
                nd_clear_error();
            } else {
                ck_assert_msg(r, "%s %s on (0,1): %s", nd_op_name((nd_op)op), nd_dtype_name(t),
                              nd_last_error_message());
                ck_assert_int_eq(nd_get_dtype(r), nd_get_dtype(probe));
                ck_assert_int_eq(nd_shape(r)[0], 0);
                ck_assert_int_eq(nd_shape(r)[1], nin == 2 ? 3 : 1);
            }
            nd_release(r), nd_release(e), nd_release(f), nd_release(one), nd_release(probe);
        }
}
END_TEST

START_TEST(zero_size_reductions_and_more) {
    nd_array *e = nd_zeros(ND_FLOAT64, 2, (int64_t[]){0, 3});
    nd_array *s = nd_sum(e, 0, false, NULL), *p = nd_prod(e, 0, false, NULL);
    ck_assert(nd_shape(s)[0] == 3 && nd_get_f64(s, (int64_t[]){2}) == 0.0);
    ck_assert(nd_get_f64(p, (int64_t[]){1}) == 1.0);
    nd_array *mx = nd_max(e, 1, false, NULL); /* 0 reductions of length 3: fine */
    ck_assert(mx && nd_shape(mx)[0] == 0);
    ck_assert_ptr_null(nd_max(e, 0, false, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_argmin(e, ND_AXIS_ALL, false, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_array *c = nd_cumsum(e, 0, NULL), *srt = nd_sort(e, 0);
    ck_assert(c && srt && nd_size(c) == 0 && nd_size(srt) == 0);
    /* (2,0) @ (0,3) is a (2,3) of zeros; (0,3) @ (3,2) is (0,2) */
    nd_array *a = nd_zeros(ND_FLOAT64, 2, (int64_t[]){2, 0}),
             *b = nd_zeros(ND_FLOAT64, 2, (int64_t[]){0, 3});
    nd_array *ab = nd_matmul(a, b, NULL);
    ck_assert(ab && nd_shape(ab)[0] == 2 && nd_shape(ab)[1] == 3);
    for (int64_t i = 0; i < 6; i++) ck_assert(nd_get_f64(ab, (int64_t[]){i / 3, i % 3}) == 0.0);
    nd_array *w = nd_ones(ND_FLOAT64, 2, (int64_t[]){3, 2}), *ew = nd_matmul(e, w, NULL);
    ck_assert(ew && nd_shape(ew)[0] == 0 && nd_shape(ew)[1] == 2);
    nd_array *vals = NULL, *inv = NULL;
    ck_assert_int_eq(nd_unique(e, &vals, NULL, &inv, NULL), ND_OK);
    ck_assert(nd_size(vals) == 0 && nd_size(inv) == 0);
    nd_array *cat = nd_concatenate(2, (nd_array *const[]){e, e}, 0, NULL);
    ck_assert(cat && nd_shape(cat)[0] == 0 && nd_shape(cat)[1] == 3);
    nd_array *m = nd_mean(e, 1, false, NULL);
    ck_assert(m && nd_size(m) == 0);
    nd_release(s), nd_release(p), nd_release(mx), nd_release(c), nd_release(srt), nd_release(a);
    nd_release(b), nd_release(ab), nd_release(w), nd_release(ew), nd_release(vals), nd_release(inv);
    nd_release(cat), nd_release(m), nd_release(e);
}
END_TEST

/* ---- ndim at ND_MAX_DIMS ---- */

START_TEST(ndim_at_the_limit) {
    int64_t shape[ND_MAX_DIMS], bshape[ND_MAX_DIMS];
    for (int i = 0; i < ND_MAX_DIMS; i++) shape[i] = 1, bshape[i] = 1;
    shape[0] = 2, shape[10] = 3, shape[ND_MAX_DIMS - 1] = 2;
    bshape[20] = 2, bshape[ND_MAX_DIMS - 1] = 2;
    nd_array *flat = nd_arange(0, 12, 1, ND_FLOAT64);
    nd_array *a = nd_reshape(flat, ND_MAX_DIMS, shape);
    nd_array *bf = nd_arange(100, 104, 1, ND_FLOAT64), *b = nd_reshape(bf, ND_MAX_DIMS, bshape);
    ck_assert(a && b);
    nd_array *s = nd_add(a, b, NULL); /* broadcast to 2x3x2x2 over 32 dims */
    ck_assert(s && nd_ndim(s) == ND_MAX_DIMS && nd_size(s) == 24);
    int64_t idx[ND_MAX_DIMS] = {0};
    idx[0] = 1, idx[10] = 2, idx[20] = 1, idx[ND_MAX_DIMS - 1] = 1;
    /* a[1,..,2,..,1] = 1*6 + 2*2 + 1 = 11; b[..,1,..,1] = 100 + 3 */
    ck_assert(nd_get_f64(s, idx) == 11.0 + 103.0);
    nd_array *t = nd_sum(a, 10, false, NULL), *all = nd_sum(a, ND_AXIS_ALL, false, NULL);
    ck_assert(t && nd_ndim(t) == ND_MAX_DIMS - 1 && nd_get_f64(all, NULL) == 66.0);
    int axes[ND_MAX_DIMS];
    for (int i = 0; i < ND_MAX_DIMS; i++) axes[i] = i;
    nd_array *r = nd_reduce(ND_OP_MAXIMUM, a, ND_MAX_DIMS, axes, true, NULL);
    ck_assert(r && nd_ndim(r) == ND_MAX_DIMS && nd_get_f64(r, (int64_t[ND_MAX_DIMS]){0}) == 11.0);
    nd_array *tr = nd_transpose(a, NULL), *c = nd_copy(tr);
    ck_assert(c && nd_shape(c)[0] == 2 && nd_shape(c)[ND_MAX_DIMS - 1] == 2);
    nd_array *srt = nd_sort(tr, ND_MAX_DIMS - 1);
    ck_assert(srt && nd_ndim(srt) == ND_MAX_DIMS);
    /* 30 batch axes of matmul */
    /* matmul over 30 batch axes: (..,1,2) @ (..,2,1) is each row's sum of squares */
    nd_array *sw = nd_swapaxes(a, -1, -2), *mm = nd_matmul(a, sw, NULL);
    ck_assert_msg(mm && nd_ndim(mm) == ND_MAX_DIMS, "%s", nd_last_error_message());
    idx[20] = 0, idx[ND_MAX_DIMS - 1] = 0;
    ck_assert(nd_get_f64(mm, idx) == 10.0 * 10.0 + 11.0 * 11.0);
    nd_release(sw), nd_release(mm);
    ck_assert_ptr_null(nd_expand_dims(a, 0));
    ck_assert_int_ne(nd_last_error(), ND_OK);
    nd_clear_error();
    nd_release(flat), nd_release(a), nd_release(bf), nd_release(b), nd_release(s), nd_release(t);
    nd_release(all), nd_release(r), nd_release(tr), nd_release(c), nd_release(srt);
}
END_TEST

static Suite *adversarial_suite(void) {
    Suite *s = suite_create("adversarial");
    TCase *tc = tcase_create("numerics");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, specials_in_every_lane_and_tail, 0, NDTYPES);
    tcase_add_loop_test(tc, reductions_special_at_every_position, 0, 3);
    tcase_add_test(tc, integer_wraparound);
    tcase_add_test(tc, mxcsr_unchanged);
    suite_add_tcase(s, tc);
    TCase *sz = tcase_create("sizes");
    tcase_set_timeout(sz, 120);
    tcase_add_test(sz, overflowing_sizes_are_refused);
    tcase_add_test(sz, matmul_beyond_int_max);
    tcase_add_test(sz, zero_size_through_every_op);
    tcase_add_test(sz, zero_size_reductions_and_more);
    tcase_add_test(sz, ndim_at_the_limit);
    suite_add_tcase(s, sz);
    return s;
}

int main(void) { return nd_test_run(adversarial_suite()); }
