/* Casts against NumPy's astype: all 196 dtype pairs on values NumPy
   defines (in range for the target), through contiguous, strided and
   reversed sources, at every ISA level; every float16 bit pattern; float64
   -> float16 rounding once. */
#include <math.h>

#include "nd_test.h"

static const char *LEVELS[] = {"scalar", "baseline", "avx2", "avx512"};

/* For each source dtype: 64 values that fit every target (small integers,
   halves for floats, NaN/inf only where the target is inexact), printed as
   source bytes, then per target the expected bytes. */
static const char *GEN =
    "import numpy as np, warnings\n"
    "warnings.simplefilter('ignore')\n"
    "ts=['?','i1','i2','i4','i8','u1','u2','u4','u8','f2','f4','f8','c8','c16']\n"
    "rng=np.random.default_rng(9)\n"
    "base=np.concatenate([np.arange(0,40), rng.integers(0,127,24)]).astype(np.float64)\n"
    "for si,s in enumerate(ts):\n"
    "  v=base.copy()\n"
    "  if s[0] in 'fc': v=v+np.where(np.arange(64)%3==0,0.5,0.0)\n"
    "  if s[0]=='c': v=v+1j*np.arange(64)\n"
    "  a=v.astype(s)\n"
    "  print(si, a.tobytes().hex())\n"
    "  for ti,t in enumerate(ts):\n"
    "    print(ti, a.astype(t).tobytes().hex())\n"
    "special=np.array([np.nan,np.inf,-np.inf,-0.0,5e-324,65504.,65520.,65519.99,1e-8,6e-8,3e-8,2."
    "98e-8,1+2**-11,1+2**-11+2**-30,1+3*2**-11,-1e300],np.float64)\n"
    "for s in ['f4','f8']:\n"
    "  a=special.astype(s)\n"
    "  print('S', s, a.tobytes().hex(), a.astype('f2').tobytes().hex(), "
    "a.astype('f4').tobytes().hex(), a.astype('f8').tobytes().hex())\n";

static void hex_to(const char *hex, unsigned char *out, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (unsigned char)v;
    }
}

static void check_layouts(const nd_array *src, nd_dtype t, const unsigned char *want,
                          const char *level) {
    int64_t n = nd_size(src);
    size_t osz = nd_dtype_size(t);
    /* contiguous */
    nd_array *r = nd_astype(src, t);
    ck_assert_msg(memcmp(nd_data(r), want, (size_t)n * osz) == 0, "%s -> %s at %s",
                  nd_dtype_name(nd_get_dtype(src)), nd_dtype_name(t), level);
    nd_release(r);
    /* reversed source: element i of the result is source n-1-i */
    nd_array *rev = nd_slice(src, "::-1"), *rr = nd_astype(rev, t);
    for (int64_t i = 0; i < n; i++)
        ck_assert(memcmp((char *)nd_data(rr) + i * (int64_t)osz, want + (n - 1 - i) * (int64_t)osz,
                         osz) == 0);
    /* strided source into a strided destination (nd_assign) */
    nd_array *even = nd_slice(src, "::2"), *dst = nd_zeros(t, 1, (int64_t[]){n}),
             *dv = nd_slice(dst, "1::2");
    ck_assert_int_eq(nd_assign(dv, even), ND_OK);
    for (int64_t i = 0; i < n / 2; i++)
        ck_assert(memcmp((char *)nd_data(dst) + (2 * i + 1) * (int64_t)osz,
                         want + 2 * i * (int64_t)osz, osz) == 0);
    nd_release(rev), nd_release(rr), nd_release(even), nd_release(dst), nd_release(dv);
}

START_TEST(all_pairs_match_numpy_at_every_level) {
    char *out = nd_test_python(GEN);
    ck_assert_ptr_nonnull(out);
    int levels = 0, pairs = 0;
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(LEVELS[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        levels++;
        char *p = out;
        for (int s = 0; s < ND_NUM_DTYPES; s++) {
            long si = strtol(p, &p, 10);
            ck_assert_int_eq(si, s);
            while (*p == ' ') p++;
            size_t isz = nd_dtype_size((nd_dtype)s);
            unsigned char src[64 * 16], want[64 * 16];
            hex_to(p, src, 64 * isz);
            p = strchr(p, '\n') + 1;
            nd_array *a = nd_from_buffer((nd_dtype)s, 1, (int64_t[]){64}, src);
            for (int t = 0; t < ND_NUM_DTYPES; t++) {
                strtol(p, &p, 10);
                while (*p == ' ') p++;
                hex_to(p, want, 64 * nd_dtype_size((nd_dtype)t));
                p = strchr(p, '\n') + 1;
                check_layouts(a, (nd_dtype)t, want, LEVELS[l]);
                pairs++;
            }
            nd_release(a);
        }
        /* special values between the float types */
        for (int k = 0; k < 2; k++) {
            ck_assert(strncmp(p, "S f", 3) == 0);
            p += 5;
            nd_dtype st = k == 0 ? ND_FLOAT32 : ND_FLOAT64;
            unsigned char src[16 * 8], w16[32], w32[64], w64[128];
            hex_to(p, src, 16 * nd_dtype_size(st));
            p = strchr(p, ' ') + 1;
            hex_to(p, w16, 32);
            p = strchr(p, ' ') + 1;
            hex_to(p, w32, 64);
            p = strchr(p, ' ') + 1;
            hex_to(p, w64, 128);
            p = strchr(p, '\n') + 1;
            nd_array *a = nd_from_buffer(st, 1, (int64_t[]){16}, src);
            nd_array *h = nd_astype(a, ND_FLOAT16), *f = nd_astype(a, ND_FLOAT32),
                     *d = nd_astype(a, ND_FLOAT64);
            for (int i = 0; i < 16; i++) {
                uint16_t got = ((uint16_t *)nd_data(h))[i],
                         exp = (uint16_t)(w16[2 * i] | w16[2 * i + 1] << 8);
                bool both_nan = (got & 0x7c00) == 0x7c00 && (got & 0x3ff) &&
                                (exp & 0x7c00) == 0x7c00 && (exp & 0x3ff);
                ck_assert_msg(got == exp || both_nan, "%s special %d -> float16: %04x vs %04x",
                              nd_dtype_name(st), i, got, exp);
            }
            float *gf = nd_data(f);
            double *gd = nd_data(d);
            for (int i = 0; i < 16; i++) {
                float ef;
                double ed;
                memcpy(&ef, w32 + 4 * i, 4);
                memcpy(&ed, w64 + 8 * i, 8);
                ck_assert((isnan(ef) && isnan(gf[i])) || memcmp(&ef, &gf[i], 4) == 0);
                ck_assert((isnan(ed) && isnan(gd[i])) || memcmp(&ed, &gd[i], 8) == 0);
            }
            nd_release(a), nd_release(h), nd_release(f), nd_release(d);
        }
    }
    nd_set_isa(nd_isa_best());
    ck_assert_int_ge(levels, 2);
    ck_assert_int_eq(pairs, levels * 196);
    free(out);
}
END_TEST

/* Every float16 bit pattern to float32 and float64 and back. */
START_TEST(all_half_values_match_numpy) {
    char *out =
        nd_test_python("import numpy as np\n"
                       "h=np.arange(65536,dtype=np.uint32).astype(np.uint16).view(np.float16)\n"
                       "print(h.astype(np.float32).tobytes().hex())\n"
                       "print(h.astype(np.float64).tobytes().hex())\n");
    ck_assert_ptr_nonnull(out);
    uint16_t bits[65536];
    for (int i = 0; i < 65536; i++) bits[i] = (uint16_t)i;
    nd_array *h = nd_from_buffer(ND_FLOAT16, 1, (int64_t[]){65536}, bits);
    nd_array *f = nd_astype(h, ND_FLOAT32), *d = nd_astype(h, ND_FLOAT64);
    unsigned char *want = malloc(65536 * 8);
    hex_to(out, want, 65536 * 4);
    for (int i = 0; i < 65536; i++) {
        float e, g = ((float *)nd_data(f))[i];
        memcpy(&e, want + 4 * i, 4);
        ck_assert_msg((isnan(e) && isnan(g)) || memcmp(&e, &g, 4) == 0, "half %04x -> float32", i);
    }
    hex_to(strchr(out, '\n') + 1, want, 65536 * 8);
    for (int i = 0; i < 65536; i++) {
        double e, g = ((double *)nd_data(d))[i];
        memcpy(&e, want + 8 * i, 8);
        ck_assert_msg((isnan(e) && isnan(g)) || memcmp(&e, &g, 8) == 0, "half %04x -> float64", i);
    }
    /* round trips: every non-NaN half survives float32 and float64 */
    nd_array *h1 = nd_astype(f, ND_FLOAT16), *h2 = nd_astype(d, ND_FLOAT16);
    for (int i = 0; i < 65536; i++) {
        bool nan = (i & 0x7c00) == 0x7c00 && (i & 0x3ff);
        if (nan) continue;
        ck_assert_int_eq(((uint16_t *)nd_data(h1))[i], i);
        ck_assert_int_eq(((uint16_t *)nd_data(h2))[i], i);
    }
    /* float64 -> float16 rounds once: NumPy's 1 + 2^-11 + 2^-30 -> 0x3c01 */
    double x = 1 + ldexp(1, -11) + ldexp(1, -30);
    nd_array *one = nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){1}, &x),
             *oh = nd_astype(one, ND_FLOAT16);
    ck_assert_int_eq(((uint16_t *)nd_data(oh))[0], 0x3c01);
    free(want);
    free(out);
    nd_release(h), nd_release(f), nd_release(d), nd_release(h1), nd_release(h2), nd_release(one),
        nd_release(oh);
}
END_TEST

/* The documented rule where NumPy is undefined: truncate to int64 (NaN,
   inf and beyond 2^63 give INT64_MIN), then wrap. */
START_TEST(out_of_range_rule) {
    double v[6] = {-1.0, -2.5, 300.7, NAN, INFINITY, 1e19};
    nd_array *a = nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){6}, v);
    nd_array *u8 = nd_astype(a, ND_UINT8), *i64 = nd_astype(a, ND_INT64),
             *u64 = nd_astype(a, ND_UINT64);
    const uint8_t *p8 = nd_data(u8);
    ck_assert_int_eq(p8[0], 255);
    ck_assert_int_eq(p8[1], 254);
    ck_assert_int_eq(p8[2], 44);
    ck_assert_int_eq(p8[3], 0);
    const int64_t *p64 = nd_data(i64);
    ck_assert(p64[3] == INT64_MIN && p64[4] == INT64_MIN && p64[5] == INT64_MIN);
    ck_assert(((uint64_t *)nd_data(u64))[5] == 10000000000000000000ull);
    nd_release(a), nd_release(u8), nd_release(i64), nd_release(u64);
}
END_TEST

/* float -> int8..int32, uint8, uint16 convert a run through int32 when the
   whole run is within int32 and rerun it exactly otherwise: a run with an
   element out of range must give, element by element, what one-element
   runs give (each taking its own way), at every level. */
START_TEST(int32_pass_matches_exact_loop) {
    static const double v[] = {-0x1p31, 0x1p31 - 1, -2147483648.5, 2147483647.9, -0.0, 1e-300,
                               -7.5, 300.7, 65535.5, -129.9, 3e9, NAN, 1e19, -3e9, 12.0, INFINITY};
    const int nv = (int)(sizeof v / sizeof v[0]);
    const nd_dtype src[] = {ND_FLOAT32, ND_FLOAT64, ND_COMPLEX64, ND_COMPLEX128};
    const nd_dtype dst[] = {ND_INT8, ND_INT16, ND_INT32, ND_UINT8, ND_UINT16};
    nd_array *d = nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){nv}, v);
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(LEVELS[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        for (int si = 0; si < 4; si++) {
            nd_array *a = nd_astype(d, src[si]);
            for (int ti = 0; ti < 5; ti++) {
                nd_array *all = nd_astype(a, dst[ti]);
                size_t w = nd_dtype_size(dst[ti]);
                for (int i = 0; i < nv; i++) {
                    char spec[32];
                    snprintf(spec, sizeof spec, "%d:%d", i, i + 1);
                    nd_array *one = nd_slice(a, spec), *c = nd_astype(one, dst[ti]);
                    ck_assert_msg(!memcmp((char *)nd_data(all) + i * w, nd_data(c), w),
                                  "%s: %s -> %s, element %d", LEVELS[l], nd_dtype_name(src[si]),
                                  nd_dtype_name(dst[ti]), i);
                    nd_release(one), nd_release(c);
                }
                nd_release(all);
            }
            nd_release(a);
        }
    }
    nd_set_isa(nd_isa_best());
    nd_release(d);
}
END_TEST

/* float32/float64/complex64/complex128 -> int8, int16, int32, uint8,
   uint16, uint32, int64 convert long runs in vectors (complex: the real parts) and check the whole run at once (cast.c,
   vec_float_int): runs of 5000 elements (past the 4 KiB from which the
   loop aligns an operand first) from sources and into outputs at several
   offsets, all in range, or with one value out of range (NaN, 3e9, -inf,
   -2^31 itself, 1e19, -2^63 itself: int64's INT64_MIN without a flag, 2^63)
   in the aligning head, a vector or the tail; values and the
   invalid flag as the scalar level's at every level. Complex sources carry
   the values reversed as imaginary parts: a bad value there must change
   nothing. */
static void free_ctx(void *ctx) { free(ctx); }
static nd_array *run_at(nd_dtype t, int64_t n, size_t off, const nd_array *src) {
    void *mem = NULL;
    size_t isz = nd_dtype_size(t);
    ck_assert_int_eq(posix_memalign(&mem, 64, (size_t)n * isz + 128), 0);
    memset(mem, 0, (size_t)n * isz + 128);
    nd_array *a = nd_wrap((char *)mem + off, t, 1, &n, NULL, free_ctx, mem);
    if (src) ck_assert_int_eq(nd_copyto(a, src, ND_CAST_UNSAFE, NULL), ND_OK);
    return a;
}

START_TEST(vector_float_to_int_runs) {
    enum { N = 5000 };
    const nd_dtype src[] = {ND_FLOAT32, ND_FLOAT64, ND_COMPLEX64, ND_COMPLEX128};
    const nd_dtype dst[] = {ND_INT8, ND_INT16, ND_INT32, ND_UINT8, ND_UINT16, ND_UINT32, ND_INT64};
    const double bad[] = {0, NAN, 3e9, -INFINITY, -0x1p31, 1e19, -0x1p63, 0x1p63};
    const int64_t at[] = {1, 2500, N - 2};
    int64_t n = N;
    nd_array *d = nd_empty(ND_FLOAT64, 1, &n);
    double *p = nd_data(d);
    uint64_t st = 5;
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
        for (size_t k = 0; k < (b ? 3 : 1); k++) {
            for (int64_t i = 0; i < N; i++) { /* values in range, fractions, signs */
                st = st * 6364136223846793005ULL + 1442695040888963407ULL;
                double r = (double)(int64_t)(st >> 33) / 3.0 - (double)(1u << 29);
                p[i] = i % 3 ? r : r / 1e6;
            }
            if (b) p[at[k]] = bad[b];
            for (int si = 0; si < 4; si++)
                for (size_t ti = 0; ti < sizeof dst / sizeof dst[0]; ti++)
                    for (size_t off = 0; off < 3; off++) {
                        size_t is = nd_dtype_size(src[si]), os = nd_dtype_size(dst[ti]);
                        ck_assert_int_eq(nd_set_isa("scalar"), ND_OK);
                        nd_array *a = run_at(src[si], N, off * is, d);
                        if (si >= 2) { /* imaginary parts: the values reversed */
                            nd_array *im = nd_imag(a), *rev = nd_slice(d, "::-1");
                            ck_assert_int_eq(nd_copyto(im, rev, ND_CAST_UNSAFE, NULL), ND_OK);
                            nd_release(im), nd_release(rev);
                        }
                        nd_fp_clear();
                        nd_array *want = nd_astype(a, dst[ti]);
                        int want_flags = nd_fp_flags();
                        for (int l = 1; l < 4; l++) {
                            if (nd_set_isa(LEVELS[l]) != ND_OK) {
                                nd_clear_error();
                                continue;
                            }
                            nd_array *out = run_at(dst[ti], N, (2 - off) * os, NULL);
                            nd_fp_clear();
                            ck_assert_int_eq(nd_copyto(out, a, ND_CAST_UNSAFE, NULL), ND_OK);
                            ck_assert_msg(!memcmp(nd_data(out), nd_data(want), (size_t)N * os) &&
                                              nd_fp_flags() == want_flags,
                                          "%s -> %s at %s, bad %zu at %lld, offset %zu",
                                          nd_dtype_name(src[si]), nd_dtype_name(dst[ti]), LEVELS[l],
                                          b, (long long)at[k], off);
                            nd_release(out);
                        }
                        nd_release(a), nd_release(want);
                    }
        }
    nd_set_isa(nd_isa_best());
    nd_release(d);
}
END_TEST

/* A copy to the same dtype keeps every byte, as NumPy's copy does:
   signalling NaNs and NaN payloads of float16/32/64 and complex stay as
   they are (the cast through a double quieted them), contiguous, strided
   and reversed, at every level. bool still stores 0 or 1. */
START_TEST(same_dtype_copy_keeps_bytes) {
    enum { N = 203 }; /* odd: no layout is a whole number of vectors; bytes fill 3 */
    unsigned char raw[N * 16];
    for (int i = 0; i < N * 16; i++) raw[i] = (unsigned char)(i * 37 + 11);
    /* NaN patterns at the front of each width: signalling and quiet payloads */
    const uint16_t h[] = {0x7c01, 0xfd55, 0x7e01};
    const uint32_t f[] = {0x7f800001u, 0xff812345u, 0x7fc00001u};
    const uint64_t d[] = {0x7ff0000000000001u, 0xfff4000000000abcu, 0x7ff8000000000001u};
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(LEVELS[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        for (int t = 0; t < ND_NUM_DTYPES; t++) {
            size_t w = nd_dtype_size((nd_dtype)t);
            unsigned char buf[N * 16];
            memcpy(buf, raw, sizeof buf);
            if (t == ND_BOOL)
                for (int i = 0; i < N; i++) buf[i] = (unsigned char)(i % 3);
            for (int i = 0; i < 3; i++) {
                if (w == 2) memcpy(buf + 2 * i, &h[i], 2);
                if (w == 4 || t == ND_COMPLEX64) memcpy(buf + w * i, &f[i], 4);
                if (w == 8 && t != ND_COMPLEX64) memcpy(buf + 8 * i, &d[i], 8);
                if (w == 16) memcpy(buf + 16 * i + 8, &d[i], 8);
            }
            nd_array *a = nd_from_buffer((nd_dtype)t, 1, (int64_t[]){N}, buf);
            const char *specs[] = {":", "::2", "::-1", "1::3"};
            for (int k = 0; k < 4; k++) {
                nd_array *v = nd_slice(a, specs[k]), *c = nd_copy(v);
                int64_t n = nd_size(c), step = k == 0 ? 1 : k == 1 ? 2 : k == 2 ? -1 : 3,
                        first = k == 2 ? N - 1 : k == 3 ? 1 : 0;
                for (int64_t i = 0; i < n; i++) {
                    const unsigned char *want = buf + (first + i * step) * (int64_t)w,
                                        *got = (unsigned char *)nd_data(c) + i * (int64_t)w;
                    if (t == ND_BOOL)
                        ck_assert_int_eq(*got, *want != 0);
                    else
                        ck_assert_msg(!memcmp(got, want, w), "%s copy %s element %lld at %s",
                                      nd_dtype_name((nd_dtype)t), specs[k], (long long)i,
                                      LEVELS[l]);
                }
                nd_release(v), nd_release(c);
            }
            nd_release(a);
        }
    }
    nd_set_isa(nd_isa_best());
}
END_TEST

/* float16 casts run a block at a time (AVX-512: vcvtph2ps, and round to
   odd into float32 then vcvtps2ph): at every level, every half bit pattern
   to every dtype, and doubles/floats/complex of any bits (NaN payloads,
   subnormals, halves' midpoints and their neighbours) to half, must give
   the scalar level's bytes and flags, contiguous, stepped and offset; the
   midpoints also NumPy's halves. */
static uint64_t mix64(uint64_t *st) {
    uint64_t z = (*st += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static void cast_like_scalar(const nd_array *a, nd_dtype t, const char *level) {
    static const char *specs[] = {":", "::3", "5:"};
    for (int k = 0; k < 3; k++) {
        nd_array *v = nd_slice(a, specs[k]);
        ck_assert_int_eq(nd_set_isa("scalar"), ND_OK);
        nd_fp_clear();
        nd_array *want = nd_astype(v, t);
        int wf = nd_fp_flags();
        ck_assert_int_eq(nd_set_isa(level), ND_OK);
        nd_fp_clear();
        nd_array *got = nd_astype(v, t);
        ck_assert_int_eq(nd_fp_flags(), wf);
        ck_assert_msg(!memcmp(nd_data(got), nd_data(want), (size_t)nd_nbytes(want)),
                      "%s -> %s [%s] at %s", nd_dtype_name(nd_get_dtype(a)), nd_dtype_name(t),
                      specs[k], level);
        nd_release(v), nd_release(want), nd_release(got);
    }
}

START_TEST(half_blocks_match_scalar_level) {
    char *out = nd_test_python(
        "import numpy as np\n"
        "h=np.arange(65536,dtype=np.uint32).astype(np.uint16).view(np.float16)\n"
        "f=h[np.isfinite(h)].astype(np.float64); f=np.sort(f[f>=0])\n"
        "m=(f[:-1]+f[1:])/2\n"
        "x=np.concatenate([m,np.nextafter(m,np.inf),np.nextafter(m,-np.inf),-m])[::5]\n"
        "print(x.tobytes().hex()); print(x.astype(np.float16).tobytes().hex())\n");
    ck_assert_ptr_nonnull(out);
    const char *hx = out, *hh = strchr(out, '\n') + 1;
    int64_t nm = (int64_t)((strchr(out, '\n') - out) / 16);
    double *mids = malloc((size_t)nm * 8);
    uint16_t *mh = malloc((size_t)nm * 2);
    hex_to(hx, (unsigned char *)mids, (size_t)nm * 8);
    hex_to(hh, (unsigned char *)mh, (size_t)nm * 2);
    uint16_t bits[65536];
    for (int i = 0; i < 65536; i++) bits[i] = (uint16_t)i;
    nd_array *h = nd_from_buffer(ND_FLOAT16, 1, (int64_t[]){65536}, bits);
    enum { NR = 20000 };
    uint64_t st = 7, *rb = malloc(NR * 8);
    for (int i = 0; i < NR; i++) rb[i] = mix64(&st);
    for (int i = 0; i < NR; i += 4) /* a quarter of magnitudes near half's range */
        rb[i] = (rb[i] & 0x800fffffffffffffu) | ((uint64_t)(1023 - 30 + rb[i] % 48) << 52);
    nd_array *d = nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){NR}, rb),
             *fl = nd_from_buffer(ND_FLOAT32, 1, (int64_t[]){NR * 2}, rb),
             *cx = nd_from_buffer(ND_COMPLEX128, 1, (int64_t[]){NR / 2}, rb),
             *md = nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){nm}, mids);
    for (int l = 1; l < 4; l++) {
        if (nd_set_isa(LEVELS[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        for (int t = 0; t < ND_NUM_DTYPES; t++) cast_like_scalar(h, (nd_dtype)t, LEVELS[l]);
        cast_like_scalar(d, ND_FLOAT16, LEVELS[l]);
        cast_like_scalar(fl, ND_FLOAT16, LEVELS[l]);
        cast_like_scalar(cx, ND_FLOAT16, LEVELS[l]);
        cast_like_scalar(md, ND_FLOAT16, LEVELS[l]);
        nd_array *r = nd_astype(md, ND_FLOAT16);
        ck_assert_msg(!memcmp(nd_data(r), mh, (size_t)nm * 2), "midpoints -> float16 at %s",
                      LEVELS[l]);
        nd_release(r);
    }
    nd_set_isa(nd_isa_best());
    nd_release(h), nd_release(d), nd_release(fl), nd_release(cx), nd_release(md);
    free(rb), free(mids), free(mh), free(out);
}
END_TEST

/* Runs long enough (20,000 elements, past ND_KWIDE_L1_BYTES) for the
   contiguous loops that the AVX-512 level stamps with 256-bit vectors
   (integer -> float, float32 -> float64, bytes -> 16-bit integers;
   cast.c, WIDE_PAIR) and for the
   512-bit ones: every source but float16 to every target, values and flags
   as the scalar level's, contiguous, strided and from an unaligned start. */
START_TEST(long_runs_match_scalar_level) {
    int64_t n = 20000;
    nd_array *d = nd_empty(ND_FLOAT64, 1, &n);
    double *p = nd_data(d);
    for (int64_t i = 0; i < n; i++) p[i] = (double)((i * 37) % 255) - 100 + (i % 3) * 0.5;
    for (int f = 0; f < ND_NUM_DTYPES; f++) {
        if (f == ND_FLOAT16) continue; /* its own blocks: half_blocks_match_scalar_level */
        nd_array *a = nd_astype(d, (nd_dtype)f);
        for (int l = 1; l < 4; l++) {
            if (nd_set_isa(LEVELS[l]) != ND_OK) {
                nd_clear_error();
                continue;
            }
            for (int t = 0; t < ND_NUM_DTYPES; t++) cast_like_scalar(a, (nd_dtype)t, LEVELS[l]);
        }
        nd_set_isa(nd_isa_best());
        nd_release(a);
    }
    nd_release(d);
}
END_TEST

int main(void) {
    Suite *s = suite_create("cast");
    TCase *tc = tcase_create("cast");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, all_pairs_match_numpy_at_every_level);
    tcase_add_test(tc, all_half_values_match_numpy);
    tcase_add_test(tc, out_of_range_rule);
    tcase_add_test(tc, int32_pass_matches_exact_loop);
    tcase_add_test(tc, vector_float_to_int_runs);
    tcase_add_test(tc, same_dtype_copy_keeps_bytes);
    tcase_add_test(tc, half_blocks_match_scalar_level);
    tcase_add_test(tc, long_runs_match_scalar_level);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
