/* Casting loops for all 196 dtype pairs, built once per ISA level.
   Each source goes through one exact route (int64, uint64, or a double
   pair for floats and complex) and each target rounds once from it.
   float -> int truncates toward zero to int64 (NaN, +-inf and values
   beyond +-2^63 give INT64_MIN; uint64 takes [2^63, 2^64) exactly), then
   wraps to the target's width (include/nd/core.h, nd_astype).
   float -> int raises invalid where NumPy 1.24 does on x86-64, which
   converts through int32 for targets of 32 bits and less (int32, int16,
   int8, uint16, uint8), through int64 for int64 and uint32, and through
   [-2^63, 2^64) for uint64: a NaN, an infinity or a value whose truncation
   that conversion cannot hold. The flag is computed, never left to the
   conversion instructions (the levels vectorize them differently), and
   lands in nd_kflags once per run. */
#include <math.h>
#include <string.h>
#ifdef __AVX512F__
#include <immintrin.h>
#endif

#include "common/half.h"
#include "generic/isa_name.h"
#include "generic/kdefs.h"

/* ---- loads (unaligned-safe) ---- */
#define LD(ctype, p)                                                                               \
    ({                                                                                             \
        ctype v_;                                                                                  \
        memcpy(&v_, (p), sizeof v_);                                                               \
        v_;                                                                                        \
    })

/* Sources that fit in int32 go through int32, and uint32 through int64:
   the same value either way, but x86 converts int32 (and, with AVX-512,
   int64) to floats in vector registers, while a uint64 conversion is a
   scalar branch per element (bool -> float64 ran at 0.2x NumPy). */
#define ROUTE_boolean(s, T) st_##T##_i32(d, (int32_t)(LD(uint8_t, s) != 0))
#define ROUTE_int8(s, T) st_##T##_i32(d, LD(int8_t, s))
#define ROUTE_int16(s, T) st_##T##_i32(d, LD(int16_t, s))
#define ROUTE_int32(s, T) st_##T##_i32(d, LD(int32_t, s))
#define ROUTE_int64(s, T) st_##T##_i64(d, LD(int64_t, s))
#define ROUTE_uint8(s, T) st_##T##_i32(d, (int32_t)LD(uint8_t, s))
#define ROUTE_uint16(s, T) st_##T##_i32(d, (int32_t)LD(uint16_t, s))
#define ROUTE_uint32(s, T) st_##T##_i64(d, (int64_t)LD(uint32_t, s))
#define ROUTE_uint64(s, T) st_##T##_u64(d, LD(uint64_t, s))
#define ROUTE_float16(s, T) st_##T##_f64(d, nd_f16_to_f64(LD(uint16_t, s)), 0.0)
#define ROUTE_float32(s, T) st_##T##_f64(d, LD(float, s), 0.0)
#define ROUTE_float64(s, T) st_##T##_f64(d, LD(double, s), 0.0)
#define ROUTE_complex64(s, T) st_##T##_f64(d, LD(float, s), LD(float, (s) + 4))
#define ROUTE_complex128(s, T) st_##T##_f64(d, LD(double, s), LD(double, (s) + 8))

/* ---- float -> int ---- */
static inline int64_t trunc_i64(double v) {
    return v >= -0x1p63 && v < 0x1p63 ? (int64_t)v : INT64_MIN;
}
static inline uint64_t trunc_u64(double v) {
    return v >= 0x1p63 && v < 0x1p64 ? (uint64_t)v : (uint64_t)trunc_i64(v);
}

/* ---- the invalid flag of float -> int: v is fine iff LO < v < HI ---- */
#define INV_RANGE_boolean 0, 0, 0
#define INV_RANGE_int8 1, -0x1p31 - 1, 0x1p31
#define INV_RANGE_int16 1, -0x1p31 - 1, 0x1p31
#define INV_RANGE_int32 1, -0x1p31 - 1, 0x1p31
#define INV_RANGE_uint8 1, -0x1p31 - 1, 0x1p31
#define INV_RANGE_uint16 1, -0x1p31 - 1, 0x1p31
#define INV_RANGE_int64 1, -0x1p63 - 0x1p11, 0x1p63 /* the double below -2^63 */
#define INV_RANGE_uint32 1, -0x1p63 - 0x1p11, 0x1p63
#define INV_RANGE_uint64 1, -0x1p63 - 0x1p11, 0x1p64
#define INV_RANGE_float16 0, 0, 0
#define INV_RANGE_float32 0, 0, 0
#define INV_RANGE_float64 0, 0, 0
#define INV_RANGE_complex64 0, 0, 0
#define INV_RANGE_complex128 0, 0, 0
/* Whether the real part of a float source is out of the target's range;
   integer and bool sources never are. The comparisons are quiet (isless),
   so a NaN raises nothing in MXCSR: the flag is only this computed one. */
#define INV_CHECK(on, lo, hi, v) ((on) && !(isgreater((v), (lo)) && isless((v), (hi))))
#define INV_EXPAND(...) INV_CHECK(__VA_ARGS__)
#define REAL_boolean(s) 0.0
#define REAL_int8(s) 0.0
#define REAL_int16(s) 0.0
#define REAL_int32(s) 0.0
#define REAL_int64(s) 0.0
#define REAL_uint8(s) 0.0
#define REAL_uint16(s) 0.0
#define REAL_uint32(s) 0.0
#define REAL_uint64(s) 0.0
#define REAL_float16(s) nd_f16_to_f64(LD(uint16_t, s))
#define REAL_float32(s) (double)LD(float, s)
#define REAL_float64(s) LD(double, s)
#define REAL_complex64(s) (double)LD(float, s)
#define REAL_complex128(s) LD(double, s)
#define IS_FLOAT_boolean 0
#define IS_FLOAT_int8 0
#define IS_FLOAT_int16 0
#define IS_FLOAT_int32 0
#define IS_FLOAT_int64 0
#define IS_FLOAT_uint8 0
#define IS_FLOAT_uint16 0
#define IS_FLOAT_uint32 0
#define IS_FLOAT_uint64 0
#define IS_FLOAT_float16 1
#define IS_FLOAT_float32 1
#define IS_FLOAT_float64 1
#define IS_FLOAT_complex64 1
#define IS_FLOAT_complex128 1

/* ---- stores ---- */
#define ST_INT(name, ctype, bits, is_signed)                                                       \
    static inline void st_##name##_i64(char *p, int64_t v) {                                       \
        ctype x = (ctype)v;                                                                        \
        memcpy(p, &x, sizeof x);                                                                   \
    }                                                                                              \
    static inline void st_##name##_i32(char *p, int32_t v) {                                       \
        ctype x = (ctype)v;                                                                        \
        memcpy(p, &x, sizeof x);                                                                   \
    }                                                                                              \
    static inline void st_##name##_u64(char *p, uint64_t v) {                                      \
        ctype x = (ctype)v;                                                                        \
        memcpy(p, &x, sizeof x);                                                                   \
    }                                                                                              \
    static inline void st_##name##_f64(char *p, double re, double im) {                            \
        (void)im;                                                                                  \
        ctype x =                                                                                  \
            bits == 64 && !is_signed ? (ctype)trunc_u64(re) : (ctype)(uint64_t)trunc_i64(re);      \
        memcpy(p, &x, sizeof x);                                                                   \
    }
ST_INT(int8, int8_t, 8, 1)
ST_INT(int16, int16_t, 16, 1)
ST_INT(int32, int32_t, 32, 1)
ST_INT(int64, int64_t, 64, 1)
ST_INT(uint8, uint8_t, 8, 0)
ST_INT(uint16, uint16_t, 16, 0)
ST_INT(uint32, uint32_t, 32, 0)
ST_INT(uint64, uint64_t, 64, 0)

static inline void st_boolean_i32(char *p, int32_t v) { *(uint8_t *)p = v != 0; }
static inline void st_boolean_i64(char *p, int64_t v) { *(uint8_t *)p = v != 0; }
static inline void st_boolean_u64(char *p, uint64_t v) { *(uint8_t *)p = v != 0; }
static inline void st_boolean_f64(char *p, double re, double im) {
    *(uint8_t *)p = re != 0 || im != 0;
}

#define ST_HALF(p, v)                                                                              \
    do {                                                                                           \
        uint16_t h_ = (v);                                                                         \
        memcpy((p), &h_, 2);                                                                       \
    } while (0)
static inline void st_float16_i32(char *p, int32_t v) { ST_HALF(p, nd_f64_to_f16((double)v)); }
static inline void st_float16_i64(char *p, int64_t v) { ST_HALF(p, nd_f64_to_f16((double)v)); }
static inline void st_float16_u64(char *p, uint64_t v) { ST_HALF(p, nd_f64_to_f16((double)v)); }
static inline void st_float16_f64(char *p, double re, double im) {
    (void)im;
    ST_HALF(p, nd_f64_to_f16(re));
}

#define ST_FLOAT(name, ctype)                                                                      \
    static inline void st_##name##_i32(char *p, int32_t v) {                                       \
        ctype x = (ctype)v;                                                                        \
        memcpy(p, &x, sizeof x);                                                                   \
    }                                                                                              \
    static inline void st_##name##_i64(char *p, int64_t v) {                                       \
        ctype x = (ctype)v;                                                                        \
        memcpy(p, &x, sizeof x);                                                                   \
    }                                                                                              \
    static inline void st_##name##_u64(char *p, uint64_t v) {                                      \
        ctype x = (ctype)v;                                                                        \
        memcpy(p, &x, sizeof x);                                                                   \
    }                                                                                              \
    static inline void st_##name##_f64(char *p, double re, double im) {                            \
        (void)im;                                                                                  \
        ctype x = (ctype)re;                                                                       \
        memcpy(p, &x, sizeof x);                                                                   \
    }
ST_FLOAT(float32, float)
ST_FLOAT(float64, double)

/* Real and imaginary parts stored one by one: as one 2-element store the
   compiler moved the pair through a 64-bit integer register and left the
   loop scalar (int32 -> complex64 ran at 0.3x NumPy). */
#define ST_PARTS(p, ctype, re, im)                                                                 \
    do {                                                                                           \
        ctype r_ = (re), i_ = (im);                                                                \
        memcpy((p), &r_, sizeof r_);                                                               \
        memcpy((p) + sizeof r_, &i_, sizeof i_);                                                   \
    } while (0)
#define ST_COMPLEX(name, ctype)                                                                    \
    static inline void st_##name##_f64(char *p, double re, double im) {                            \
        ST_PARTS(p, ctype, (ctype)re, (ctype)im);                                                  \
    }                                                                                              \
    static inline void st_##name##_i32(char *p, int32_t v) { ST_PARTS(p, ctype, (ctype)v, 0); }    \
    static inline void st_##name##_i64(char *p, int64_t v) { ST_PARTS(p, ctype, (ctype)v, 0); }    \
    static inline void st_##name##_u64(char *p, uint64_t v) { ST_PARTS(p, ctype, (ctype)v, 0); }
ST_COMPLEX(complex64, float)
ST_COMPLEX(complex128, double)

/* ---- float32/float64 -> integers of 32 bits and less, and int64, in vectors ----
   vcvttps2dq/vcvttpd2dq truncate every value of int32's range and give
   INT32_MIN (the "integer indefinite") for the rest, and vcvttps2qq and
   vcvttpd2qq the same with int64: so a run whose results hold no
   INT32_MIN (INT64_MIN) has every value in range, where the exact route
   gives the same value, truncated, and raises nothing. The smallest result
   (vpminsd, one instruction a vector) tells; a run that holds one (a value
   out of range, a NaN, or -2^31 itself) returns 0 for the exact loop, with
   MXCSR's invalid bit put back as it was: the flag is that loop's to
   compute. The narrow targets wrap from int32 as st_T_i32 does (vpmovdw,
   vpmovdb keep the low bits), uint32 from int64 (NumPy's route), int64
   is the int64 lanes themselves. The old loop's compares, selects and
   mask merges per element ran float64 -> int32 at 0.7-0.9x NumPy, and
   float64 -> int64 at 0.86x. Returns 1 done, 0 run the exact loop, -1 no
   vector loop for this pair here. */
enum { VK_NONE, VK_F32, VK_F64, VK_C64, VK_C128 };
enum { VT_NONE, VT_I8, VT_I16, VT_I32, VT_U32, VT_I64 };
#define VK_float32 VK_F32
#define VK_float64 VK_F64
#define VT_int8 VT_I8
#define VT_uint8 VT_I8
#define VT_int16 VT_I16
#define VT_uint16 VT_I16
#define VT_int32 VT_I32
#define VT_uint32 VT_U32
#define VK_boolean VK_NONE
#define VK_int8 VK_NONE
#define VK_int16 VK_NONE
#define VK_int32 VK_NONE
#define VK_int64 VK_NONE
#define VK_uint8 VK_NONE
#define VK_uint16 VK_NONE
#define VK_uint32 VK_NONE
#define VK_uint64 VK_NONE
#define VK_float16 VK_NONE
#define VK_complex64 VK_C64
#define VK_complex128 VK_C128
#define VT_boolean VT_NONE
#define VT_int64 VT_I64
#define VT_uint64 VT_NONE
#define VT_float16 VT_NONE
#define VT_float32 VT_NONE
#define VT_float64 VT_NONE
#define VT_complex64 VT_NONE
#define VT_complex128 VT_NONE

#ifdef __AVX512F__
/* 16 sources as int32 lanes; 8 as int64 lanes */
static inline __m512i vcvt32_f32(const char *s) { return _mm512_cvttps_epi32(_mm512_loadu_ps(s)); }
static inline __m512i vcvt32_f64(const char *s) {
    __m256i a = _mm512_cvttpd_epi32(_mm512_loadu_pd(s));
    __m256i b = _mm512_cvttpd_epi32(_mm512_loadu_pd(s + 64));
    return _mm512_inserti64x4(_mm512_castsi256_si512(a), b, 1);
}
static inline __m512i vcvt64_f32(const char *s) {
    return _mm512_cvttps_epi64(_mm256_loadu_ps((const float *)(const void *)s));
}
static inline __m512i vcvt64_f64(const char *s) { return _mm512_cvttpd_epi64(_mm512_loadu_pd(s)); }
/* complex sources: the real parts, gathered from two vectors by one permute
   (complex64 -> uint32 ran at 0.70x NumPy element by element) */
static inline __m512 vreal16_c64(const char *s) {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    return _mm512_permutex2var_ps(_mm512_loadu_ps(s), even, _mm512_loadu_ps(s + 64));
}
static inline __m512d vreal8_c128(const char *s) {
    const __m512i even = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    return _mm512_permutex2var_pd(_mm512_loadu_pd(s), even, _mm512_loadu_pd(s + 64));
}
/* 8 complex64 real parts: the low halves of 8 64-bit lanes */
static inline __m256 vreal8_c64(const char *s) {
    return _mm256_castsi256_ps(_mm512_cvtepi64_epi32(_mm512_loadu_si512(s)));
}
static inline __m512i vcvt32_c64(const char *s) { return _mm512_cvttps_epi32(vreal16_c64(s)); }
static inline __m512i vcvt32_c128(const char *s) {
    __m256i a = _mm512_cvttpd_epi32(vreal8_c128(s));
    __m256i b = _mm512_cvttpd_epi32(vreal8_c128(s + 128));
    return _mm512_inserti64x4(_mm512_castsi256_si512(a), b, 1);
}
static inline __m512i vcvt64_c64(const char *s) { return _mm512_cvttps_epi64(vreal8_c64(s)); }
static inline __m512i vcvt64_c128(const char *s) { return _mm512_cvttpd_epi64(vreal8_c128(s)); }
static inline void vst_I32(char *d, __m512i r) { _mm512_storeu_si512(d, r); }
/* int32 targets beyond L1 in 256-bit vectors, 8 lanes (kdefs.h,
   ND_KWIDE_L1_BYTES: float32 -> int32 at 1e5 ran 6% faster so) */
#ifdef ND_KWIDE_L1_BYTES
static inline __m256i vcvt32w_f32(const char *s) {
    return _mm256_cvttps_epi32(_mm256_loadu_ps((const float *)(const void *)s));
}
static inline __m256i vcvt32w_f64(const char *s) {
    __m128i a = _mm256_cvttpd_epi32(_mm256_loadu_pd((const double *)(const void *)s));
    __m128i b = _mm256_cvttpd_epi32(_mm256_loadu_pd((const double *)(const void *)(s + 32)));
    return _mm256_inserti128_si256(_mm256_castsi128_si256(a), b, 1);
}
static inline __m256i vcvt32w_c64(const char *s) { return _mm256_cvttps_epi32(vreal8_c64(s)); }
static inline __m256i vcvt32w_c128(const char *s) { return _mm512_cvttpd_epi32(vreal8_c128(s)); }
#define VWIDE_ON_f32 1
#define VWIDE_ON_f64 1
#define VWIDE_ON_c64 0
#define VWIDE_ON_c128 1
#define VWIDE_I32(FK, ES)                                                                          \
    do {                                                                                           \
        if (VWIDE_ON_##FK && (n - i) * (ES + 4) > ND_KWIDE_L1_BYTES) {                             \
            __m256i mw = _mm256_set1_epi32(INT32_MAX);                                             \
            for (; i + 16 <= n; i += 16) {                                                         \
                __m256i r = vcvt32w_##FK(src + i * ES);                                            \
                __m256i q = vcvt32w_##FK(src + (i + 8) * ES);                                      \
                mw = _mm256_min_epi32(mw, _mm256_min_epi32(r, q));                                 \
                _mm256_storeu_si256((__m256i *)(void *)(dst + 4 * i), r);                          \
                _mm256_storeu_si256((__m256i *)(void *)(dst + 4 * i + 32), q);                     \
            }                                                                                      \
            m = _mm512_inserti64x4(_mm512_castsi256_si512(mw), mw, 1);                             \
        }                                                                                          \
    } while (0)
#else
#define VWIDE_I32(FK, ES) (void)0
#endif
#define VWIDE_I8(FK, ES) (void)0
#define VWIDE_I16(FK, ES) (void)0
#define VWIDE_U32(FK, ES) (void)0
#define VWIDE_I64(FK, ES) (void)0
static inline void vst_I16(char *d, __m512i r) {
    _mm256_storeu_si256((__m256i *)(void *)d, _mm512_cvtepi32_epi16(r));
}
static inline void vst_I8(char *d, __m512i r) {
    _mm_storeu_si128((__m128i *)(void *)d, _mm512_cvtepi32_epi8(r));
}
static inline void vst_U32(char *d, __m512i r) {
    _mm256_storeu_si256((__m256i *)(void *)d, _mm512_cvtepi64_epi32(r));
}
static inline void vst_I64(char *d, __m512i r) { _mm512_storeu_si512(d, r); }
/* one element the scalar way (the real part of a complex one), in range or 0 */
#define VSCALAR(FT, ES, T, LO, HI, W)                                                              \
    do {                                                                                           \
        FT v_ = LD(FT, src + i * ES);                                                              \
        if (!(isgreaterequal(v_, (FT)LO) && isless(v_, (FT)HI))) return 0;                         \
        T w_ = (T)(W)v_;                                                                           \
        memcpy(dst + i * (int64_t)sizeof(T), &w_, sizeof w_);                                      \
    } while (0)
/* FT source (real part) type, ES the source's element size, FK its
   conversions (32 or 64 bit lanes), T the target's
   storage type, ST its store. The output is aligned where its stores are
   whole vectors (int32), the source otherwise (kdefs.h, nd_khead). */
#define VEC_CAST(name, FT, ES, FK, T, TK, LANE_BITS)                                                   \
    static int name(const char *src, char *dst, int64_t n) {                                       \
        const int L = LANE_BITS == 32 ? 16 : 8;                                                    \
        const double lo = LANE_BITS == 32 ? -0x1p31 : -0x1p63, hi = -lo;                           \
        int64_t i = 0, h = (sizeof(T) == 4 && L == 16) || sizeof(T) == 8                           \
                               ? nd_khead(dst, sizeof(T), n)                                       \
                               : nd_khead(src, ES, n);                                             \
        for (; i < h; i++) VSCALAR(FT, ES, T, lo, hi, int64_t);                                    \
        unsigned csr = _mm_getcsr();                                                               \
        __m512i m = LANE_BITS == 32 ? _mm512_set1_epi32(INT32_MAX) : _mm512_set1_epi64(INT64_MAX); \
        VWIDE_##TK(FK, ES);                                                                        \
        for (; i + 2 * L <= n; i += 2 * L) { /* two loads ahead of the stores */                   \
            __m512i r = vcvt##LANE_BITS##_##FK(src + i * ES);                                      \
            __m512i q = vcvt##LANE_BITS##_##FK(src + (i + L) * ES);                                \
            m = LANE_BITS == 32 ? _mm512_min_epi32(m, _mm512_min_epi32(r, q))                      \
                                : _mm512_min_epi64(m, _mm512_min_epi64(r, q));                     \
            vst_##TK(dst + i * (int64_t)sizeof(T), r);                                             \
            vst_##TK(dst + (i + L) * (int64_t)sizeof(T), q);                                       \
        }                                                                                          \
        for (; i + L <= n; i += L) {                                                               \
            __m512i r = vcvt##LANE_BITS##_##FK(src + i * ES);                                      \
            m = LANE_BITS == 32 ? _mm512_min_epi32(m, r) : _mm512_min_epi64(m, r);                 \
            vst_##TK(dst + i * (int64_t)sizeof(T), r);                                             \
        }                                                                                          \
        bool out = LANE_BITS == 32 ? _mm512_reduce_min_epi32(m) == INT32_MIN                       \
                                   : _mm512_reduce_min_epi64(m) == INT64_MIN;                      \
        if (out) {                                                                                 \
            if (!(csr & 1u)) _mm_setcsr(_mm_getcsr() & ~1u);                                       \
            return 0;                                                                              \
        }                                                                                          \
        for (; i < n; i++) VSCALAR(FT, ES, T, lo, hi, int64_t);                                    \
        return 1;                                                                                  \
    }
VEC_CAST(vcast_f32_i8, float, 4, f32, int8_t, I8, 32)
VEC_CAST(vcast_f32_i16, float, 4, f32, int16_t, I16, 32)
VEC_CAST(vcast_f32_i32, float, 4, f32, int32_t, I32, 32)
VEC_CAST(vcast_f32_u32, float, 4, f32, uint32_t, U32, 64)
VEC_CAST(vcast_f64_i8, double, 8, f64, int8_t, I8, 32)
VEC_CAST(vcast_f64_i16, double, 8, f64, int16_t, I16, 32)
VEC_CAST(vcast_f64_i32, double, 8, f64, int32_t, I32, 32)
VEC_CAST(vcast_f64_u32, double, 8, f64, uint32_t, U32, 64)
VEC_CAST(vcast_c64_i8, float, 8, c64, int8_t, I8, 32)
VEC_CAST(vcast_c64_i16, float, 8, c64, int16_t, I16, 32)
VEC_CAST(vcast_c64_i32, float, 8, c64, int32_t, I32, 32)
VEC_CAST(vcast_c64_u32, float, 8, c64, uint32_t, U32, 64)
VEC_CAST(vcast_c128_i8, double, 16, c128, int8_t, I8, 32)
VEC_CAST(vcast_c128_i16, double, 16, c128, int16_t, I16, 32)
VEC_CAST(vcast_c128_i32, double, 16, c128, int32_t, I32, 32)
VEC_CAST(vcast_c128_u32, double, 16, c128, uint32_t, U32, 64)
VEC_CAST(vcast_f32_i64, float, 4, f32, int64_t, I64, 64)
VEC_CAST(vcast_f64_i64, double, 8, f64, int64_t, I64, 64)
VEC_CAST(vcast_c64_i64, float, 8, c64, int64_t, I64, 64)
VEC_CAST(vcast_c128_i64, double, 16, c128, int64_t, I64, 64)
static int vec_float_int(int fk, int tk, const char *src, char *dst, int64_t n) {
    static int (*const fns[5][6])(const char *, char *, int64_t) = {
        [VK_F32] = {[VT_I8] = vcast_f32_i8,
                    [VT_I16] = vcast_f32_i16,
                    [VT_I32] = vcast_f32_i32,
                    [VT_U32] = vcast_f32_u32,
                    [VT_I64] = vcast_f32_i64},
        [VK_F64] = {[VT_I8] = vcast_f64_i8,
                    [VT_I16] = vcast_f64_i16,
                    [VT_I32] = vcast_f64_i32,
                    [VT_U32] = vcast_f64_u32,
                    [VT_I64] = vcast_f64_i64},
        [VK_C64] = {[VT_I8] = vcast_c64_i8,
                    [VT_I16] = vcast_c64_i16,
                    [VT_I32] = vcast_c64_i32,
                    [VT_U32] = vcast_c64_u32,
                    [VT_I64] = vcast_c64_i64},
        [VK_C128] = {[VT_I8] = vcast_c128_i8,
                     [VT_I16] = vcast_c128_i16,
                     [VT_I32] = vcast_c128_i32,
                     [VT_U32] = vcast_c128_u32,
                     [VT_I64] = vcast_c128_i64},
    };
    return fns[fk][tk] ? fns[fk][tk](src, dst, n) : -1;
}
#else
static inline int vec_float_int(int fk, int tk, const char *src, char *dst, int64_t n) {
    (void)fk, (void)tk, (void)src, (void)dst, (void)n;
    return -1;
}
#endif

/* ---- the 196 loops ---- */
#define FOR_DTYPES(X)                                                                              \
    X(boolean, 1)                                                                                  \
    X(int8, 1)                                                                                     \
    X(int16, 2)                                                                                    \
    X(int32, 4) X(int64, 8) X(uint8, 1) X(uint16, 2) X(uint32, 4) X(uint64, 8) X(float16, 2)       \
        X(float32, 4) X(float64, 8) X(complex64, 8) X(complex128, 16)
#define FOR_TARGETS(X, F, FS)                                                                      \
    X(F, FS, boolean, 1)                                                                           \
    X(F, FS, int8, 1)                                                                              \
    X(F, FS, int16, 2)                                                                             \
    X(F, FS, int32, 4) X(F, FS, int64, 8) X(F, FS, uint8, 1) X(F, FS, uint16, 2)                   \
        X(F, FS, uint32, 4) X(F, FS, uint64, 8) X(F, FS, float16, 2) X(F, FS, float32, 4)          \
            X(F, FS, float64, 8) X(F, FS, complex64, 8) X(F, FS, complex128, 16)

/* The contiguous branch uses constant strides so the compiler can vectorize
   it; the general branch takes any byte strides. float -> int loops also
   OR each element's range test into `bad` (a constant 0 elsewhere).
   float -> a target of 32 bits or less first tries a pass through int32,
   which vectors convert directly: where every element is within int32
   (no invalid flag either, the targets' range being int32's) its values
   are those of the route through int64; otherwise the exact loop runs
   over the whole run again (float32 -> int32 ran at 0.43x NumPy). */
#define NARROW_boolean 0
#define NARROW_int8 1
#define NARROW_int16 1
#define NARROW_int32 1
#define NARROW_int64 0
#define NARROW_uint8 1
#define NARROW_uint16 1
#define NARROW_uint32 0
#define NARROW_uint64 0
#define NARROW_float16 0
#define NARROW_float32 0
#define NARROW_float64 0
#define NARROW_complex64 0
#define NARROW_complex128 0
/* The real part in its own precision (float's 16 lanes per vector, not 8):
   -2^31 <= v < 2^31 is int32's range of truncations for a float, and
   only a few doubles in (-2^31 - 1, -2^31) more, which go the exact way. */
#define NATIVE_float16(s) REAL_float16(s)
#define NATIVE_float32(s) LD(float, s)
#define NATIVE_float64(s) LD(double, s)
#define NATIVE_complex64(s) LD(float, s)
#define NATIVE_complex128(s) LD(double, s)
#define NATIVE_boolean(s) 0.0
#define NATIVE_int8(s) 0.0
#define NATIVE_int16(s) 0.0
#define NATIVE_int32(s) 0.0
#define NATIVE_int64(s) 0.0
#define NATIVE_uint8(s) 0.0
#define NATIVE_uint16(s) 0.0
#define NATIVE_uint32(s) 0.0
#define NATIVE_uint64(s) 0.0
#define CAST_BAD(F, T, s) (IS_FLOAT_##F && INV_EXPAND(INV_RANGE_##T, REAL_##F(s)))
/* Integer -> float casts (and float32 -> float64) whose runs stream from
   L2 and beyond run 256-bit vectors at the AVX-512 level (kdefs.h,
   ND_KWIDE): measured per pair at 1e5, 4-8% faster there (int16 -> float32
   ran at 0.82-0.87x NumPy); the 8-bit sources to float64, the 64-bit
   integer sources and the targets of 64-bit integers ran slower so
   (int64 -> float64 3-13% in the census, interleaved both ways) and stay
   at 512 bits. Byte sources (bool, int8, uint8) widened to int16/uint16
   gain 1-3% so (12 A/B medians of 21 rounds: all but one above 1.00);
   the narrowing 16 -> 8-bit casts lost 15% and stay at 512 bits. */
#define WIDE_TO_F32_boolean 1
#define WIDE_TO_F32_int8 1
#define WIDE_TO_F32_uint8 1
#define WIDE_TO_F32_int16 1
#define WIDE_TO_F32_uint16 1
#define WIDE_TO_F32_int32 1
#define WIDE_TO_F32_int64 0
#define WIDE_TO_F32_uint32 0
#define WIDE_TO_F32_uint64 0
#define WIDE_TO_F32_float16 0
#define WIDE_TO_F32_float32 0
#define WIDE_TO_F32_float64 0
#define WIDE_TO_F32_complex64 0
#define WIDE_TO_F32_complex128 0
#define WIDE_TO_F64_boolean 0
#define WIDE_TO_F64_int8 0
#define WIDE_TO_F64_uint8 0
#define WIDE_TO_F64_int16 1
#define WIDE_TO_F64_uint16 1
#define WIDE_TO_F64_int32 1
#define WIDE_TO_F64_uint32 1
#define WIDE_TO_F64_int64 0
#define WIDE_TO_F64_uint64 0
#define WIDE_TO_F64_float16 0
#define WIDE_TO_F64_float32 1
#define WIDE_TO_F64_float64 0
#define WIDE_TO_F64_complex64 0
#define WIDE_TO_F64_complex128 0
#define WIDE_BYTE_boolean 1
#define WIDE_BYTE_int8 1
#define WIDE_BYTE_uint8 1
#define WIDE_BYTE_int16 0
#define WIDE_BYTE_uint16 0
#define WIDE_BYTE_int32 0
#define WIDE_BYTE_int64 0
#define WIDE_BYTE_uint32 0
#define WIDE_BYTE_uint64 0
#define WIDE_BYTE_float16 0
#define WIDE_BYTE_float32 0
#define WIDE_BYTE_float64 0
#define WIDE_BYTE_complex64 0
#define WIDE_BYTE_complex128 0
#define WIDE_PAIR(F, T)                                                                            \
    ((WIDE_TO_F32_##F && ND_DT_##T == ND_DT_float32) ||                                            \
     (WIDE_TO_F64_##F && ND_DT_##T == ND_DT_float64) || (WIDE_BYTE_##F && (ND_DT_##T == ND_DT_int16 || ND_DT_##T == ND_DT_uint16)))
/* elements m..n-1 of a contiguous run; returns the invalid flag */
#define CAST_CONTIG(name, F, FS, T, TS, ATTR)                                                      \
    ATTR int name(const char *src, char *dst, int64_t m, int64_t n) {                              \
        int bad = 0;                                                                               \
        for (int64_t i = m; i < n; i++) {                                                          \
            char *d = dst + i * TS;                                                                \
            ROUTE_##F(src + i * FS, T);                                                            \
            bad |= CAST_BAD(F, T, src + i * FS);                                                   \
        }                                                                                          \
        return bad;                                                                                \
    }
#ifdef ND_KWIDE_L1_BYTES
#define CAST_WIDE_DEF(F, FS, T, TS) CAST_CONTIG(cast_##F##_##T##_w, F, FS, T, TS, ND_KWIDE_ATTR)
#define CAST_WIDE_RUN(F, FS, T, TS, m, n)                                                          \
    if (WIDE_PAIR(F, T) && ((n) - (m)) * (FS + TS) > ND_KWIDE_L1_BYTES)                            \
        bad |= cast_##F##_##T##_w(src, dst, m, n);                                                 \
    else
#else
#define CAST_WIDE_DEF(F, FS, T, TS)
#define CAST_WIDE_RUN(F, FS, T, TS, m, n)
#endif
#define CAST_LOOP(F, FS, T, TS)                                                                    \
    CAST_CONTIG(cast_##F##_##T##_v, F, FS, T, TS, ND_KNARROW_ATTR)                                 \
    CAST_WIDE_DEF(F, FS, T, TS)                                                                    \
    static void cast_##F##_##T(char *const *args, const int64_t *steps, int64_t n) {               \
        const char *src = args[0];                                                                 \
        char *dst = args[1];                                                                       \
        int bad = 0, vec = -1;                                                                     \
        if (VK_##F != VK_NONE && VT_##T != VT_NONE && steps[0] == FS && steps[1] == TS)            \
            vec = vec_float_int(VK_##F, VT_##T, src, dst, n);                                      \
        if (vec > 0) return;                                                                       \
        if (vec < 0 && IS_FLOAT_##F && NARROW_##T && steps[0] == FS && steps[1] == TS) {           \
            int out = 0;                                                                           \
            for (int64_t i = 0; i < n; i++) {                                                      \
                __typeof__(NATIVE_##F(src)) v = NATIVE_##F(src + i * FS);                          \
                __typeof__(v) lo = -0x1p31, hi = 0x1p31;                                           \
                int ok = isgreaterequal(v, lo) && isless(v, hi);                                   \
                out |= !ok;                                                                        \
                st_##T##_i32(dst + i * TS, (int32_t)(ok ? v : 0));                                 \
            }                                                                                      \
            if (!out) return;                                                                      \
        }                                                                                          \
        /* the steps in locals: a store through char * could alias them, and gcc                   \
           reloaded both and multiplied per element (x[::2].copy() 0.5x NumPy). The                \
           strided loop also runs the head that aligns the output (kdefs.h) */                     \
        const int64_t s0 = steps[0], s1 = steps[1];                                                \
        const bool contig = s0 == FS && s1 == TS;                                                  \
        int64_t m = contig ? nd_khead(dst, TS, n) : n;                                             \
        const char *sp = src;                                                                      \
        char *dp = dst;                                                                            \
        for (int64_t i = 0; i < m; i++, sp += s0, dp += s1) {                                      \
            char *d = dp;                                                                          \
            ROUTE_##F(sp, T);                                                                      \
            bad |= CAST_BAD(F, T, sp);                                                             \
        }                                                                                          \
        if (contig) {                                                                              \
            CAST_WIDE_RUN(F, FS, T, TS, m, n)                                                      \
            bad |= cast_##F##_##T##_v(src, dst, m, n);                                             \
        }                                                                                          \
        if (bad) nd_kflags |= ND_KFLAG_INVALID;                                                    \
    }
#define CAST_ROW(F, FS) FOR_TARGETS(CAST_LOOP, F, FS)
FOR_DTYPES(CAST_ROW)

/* A cast to the same dtype moves the bytes, as NumPy's copy does: a
   contiguous run is one memmove (glibc's large-copy path writes whole
   lines without reading them first; the typed loop ran x.copy() at 0.85x
   NumPy), and a float16, float32 or complex64 signalling NaN is no longer
   quieted on the way through a double. bool keeps its loop, which stores
   each byte as 0 or 1. */
typedef struct {
    uint64_t lo, hi;
} move16;
/* Every other 8-byte item into a contiguous run (x[::2].copy()): two
   vectors, the even lanes of both; the second load stops one item short of
   the last run's end, so the loop leaves at least one item to the tail. */
#ifdef __AVX512F__
static int64_t move_even_8(const char *src, char *dst, int64_t n) {
    const __m512i idx = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    int64_t i = 0;
    for (; i + 9 <= n; i += 8) {
        __m512d a = _mm512_loadu_pd(src + 16 * i), b = _mm512_loadu_pd(src + 16 * i + 64);
        _mm512_storeu_pd(dst + 8 * i, _mm512_permutex2var_pd(a, idx, b));
    }
    return i;
}
#define MOVE_EVEN_8(src, dst, s0, s1, n) (s0 == 16 && s1 == 8 ? move_even_8(src, dst, n) : 0)
/* A reversed run into a forward one (x[::-1].copy()): 64 bytes loaded
   from the run's far end, their items reversed in the register (the item
   by item loop ran flip.copy at 0.84-0.93x NumPy). src is item 0; item i
   is at src - i * S. */
static inline __m512i reverse_1(__m512i v) {
    const __m512i in_lane = _mm512_set_epi8(
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4,
        5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    v = _mm512_shuffle_epi8(v, in_lane);
    return _mm512_shuffle_i64x2(v, v, 0x1b);
}
static inline __m512i reverse_2(__m512i v) {
    const __m512i idx = _mm512_set_epi16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                         17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
    return _mm512_permutexvar_epi16(idx, v);
}
static inline __m512i reverse_4(__m512i v) {
    return _mm512_permutexvar_epi32(
        _mm512_set_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), v);
}
static inline __m512i reverse_8(__m512i v) {
    return _mm512_permutexvar_epi64(_mm512_set_epi64(0, 1, 2, 3, 4, 5, 6, 7), v);
}
static inline __m512i reverse_16(__m512i v) { return _mm512_shuffle_i64x2(v, v, 0x1b); }
#define MOVE_REV(S)                                                                                \
    static int64_t move_rev_##S(const char *src, char *dst, int64_t n) {                           \
        int64_t i = 0;                                                                             \
        for (; i + 64 / S <= n; i += 64 / S)                                                       \
            _mm512_storeu_si512(dst + i * S,                                                       \
                                reverse_##S(_mm512_loadu_si512(src - (i + 64 / S - 1) * S)));     \
        return i;                                                                                  \
    }
MOVE_REV(1)
MOVE_REV(2)
MOVE_REV(4)
MOVE_REV(8)
MOVE_REV(16)
#define MOVE_REV_RUN(S, src, dst, s0, s1, n) (s0 == -S && s1 == S ? move_rev_##S(src, dst, n) : 0)
#else
#define MOVE_EVEN_8(src, dst, s0, s1, n) 0
#define MOVE_REV_RUN(S, src, dst, s0, s1, n) 0
#endif
#define MOVE_EVEN_1(src, dst, s0, s1, n) 0
#define MOVE_EVEN_2(src, dst, s0, s1, n) 0
#define MOVE_EVEN_4(src, dst, s0, s1, n) 0
#define MOVE_EVEN_16(src, dst, s0, s1, n) 0
#define MOVE_LOOP(S, T)                                                                            \
    static void move_##S(char *const *args, const int64_t *steps, int64_t n) {                     \
        const char *src = args[0];                                                                 \
        char *dst = args[1];                                                                       \
        const int64_t s0 = steps[0], s1 = steps[1];                                                \
        if (s0 == (int64_t)sizeof(T) && s1 == (int64_t)sizeof(T)) {                                \
            if (n > 0) memmove(dst, src, (size_t)n * sizeof(T));                                   \
            return;                                                                                \
        }                                                                                          \
        int64_t i0 = MOVE_EVEN_##S(src, dst, s0, s1, n);                                           \
        if (!i0) i0 = MOVE_REV_RUN(S, src, dst, s0, s1, n);                                        \
        src += i0 * s0, dst += i0 * s1;                                                            \
        for (int64_t i = i0; i < n; i++, src += s0, dst += s1) {                                   \
            T v;                                                                                   \
            memcpy(&v, src, sizeof v);                                                             \
            memcpy(dst, &v, sizeof v);                                                             \
        }                                                                                          \
    }
MOVE_LOOP(1, uint8_t)
MOVE_LOOP(2, uint16_t)
MOVE_LOOP(4, uint32_t)
MOVE_LOOP(8, uint64_t)
MOVE_LOOP(16, move16)

/* ---- float16, a block at a time ----
   A float16 source is first widened to float32 (exact: nd_f16_to_f32's
   bits, signalling NaNs kept), then the float32 loop runs on the block: the
   same values, routes and flags as the per-element float16 route, which
   went through the same float. A float16 target takes the float64 loop's
   block (a cast to float64 is exact for every source but complex, whose
   real part it keeps, as the float16 route did), then rounds each double
   once to half as nd_f64_to_f16 does. The conversions vectorize on
   AVX-512 (float16 casts ran at 0.32-0.66x NumPy element by element). */
#define HALF_BLOCK 256

#ifdef __AVX512F__
#include <immintrin.h>
/* n halves at src (step s) to float32 bits at out. vcvtph2ps quiets a
   signalling NaN, so NaN lanes take nd_f16_to_f32's bits; MXCSR is put
   back, so the conversion leaves no flag of its own. */
static void half_to_float(const char *src, int64_t s, float *out, int64_t n) {
    int64_t i = 0;
    if (s == 2) {
        unsigned csr = _mm_getcsr();
        const __m512i mag = _mm512_set1_epi32(0x7fff), inf = _mm512_set1_epi32(0x7c00);
        for (; i + 16 <= n; i += 16) {
            __m256i h = _mm256_loadu_si256((const __m256i *)(const void *)(src + 2 * i));
            __m512 f = _mm512_cvtph_ps(h);
            __m512i w = _mm512_cvtepu16_epi32(h);
            __mmask16 nan = _mm512_cmpgt_epu32_mask(_mm512_and_si512(w, mag), inf);
            if (nan) {
                __m512i bits = _mm512_or_si512(
                    _mm512_or_si512(_mm512_slli_epi32(_mm512_and_si512(w, _mm512_set1_epi32(0x8000)), 16),
                                    _mm512_set1_epi32(0x7f800000)),
                    _mm512_slli_epi32(_mm512_and_si512(w, _mm512_set1_epi32(0x3ff)), 13));
                f = _mm512_mask_mov_ps(f, nan, _mm512_castsi512_ps(bits));
            }
            _mm512_storeu_ps(out + i, f);
        }
        _mm_setcsr(csr);
    }
    for (; i < n; i++) out[i] = nd_f16_to_f32(LD(uint16_t, src + i * s));
}

/* n doubles to halves at dst (step s), each rounded once: to float32
   toward zero with the sticky bit in the last place (round to odd: the
   value's 24 bits and whether anything was cut), then to half, nearest
   even; float32 has the 2 bits beyond half's 11 that make that one
   rounding (NaN payloads: the top 10 bits, quieted, as nd_f64_to_f16).
   MXCSR is put back: the per-element route raised nothing either. */
static void double_to_half(const double *in, char *dst, int64_t s, int64_t n) {
    int64_t i = 0;
    unsigned csr = _mm_getcsr();
    for (; i + 16 <= n; i += 16) {
        __m256i lo, hi;
        for (int k = 0; k < 2; k++) {
            __m512d d = _mm512_loadu_pd(in + i + 8 * k);
            __m256 f = _mm512_cvt_roundpd_ps(d, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
            __mmask8 exact = _mm512_cmp_pd_mask(_mm512_cvtps_pd(f), d, _CMP_EQ_OQ);
            __m256i b = _mm256_castps_si256(f);
            b = _mm256_mask_or_epi32(b, (__mmask8)~exact, b, _mm256_set1_epi32(1));
            if (k) hi = b;
            else lo = b;
        }
        __m512 f = _mm512_castsi512_ps(_mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1));
        __m256i h = _mm512_cvtps_ph(f, _MM_FROUND_TO_NEAREST_INT);
        if (s == 2) {
            _mm256_storeu_si256((__m256i *)(void *)(dst + 2 * i), h);
        } else {
            uint16_t tmp[16];
            _mm256_storeu_si256((__m256i *)(void *)tmp, h);
            for (int k = 0; k < 16; k++) memcpy(dst + (i + k) * s, &tmp[k], 2);
        }
    }
    _mm_setcsr(csr);
    for (; i < n; i++) ST_HALF(dst + i * s, nd_f64_to_f16(in[i]));
}
#else
static void half_to_float(const char *src, int64_t s, float *out, int64_t n) {
    for (int64_t i = 0; i < n; i++) out[i] = nd_f16_to_f32(LD(uint16_t, src + i * s));
}
static void double_to_half(const double *in, char *dst, int64_t s, int64_t n) {
    for (int64_t i = 0; i < n; i++) ST_HALF(dst + i * s, nd_f64_to_f16(in[i]));
}
#endif

#define FROM_HALF(T, TS)                                                                           \
    static void half_to_##T(char *const *args, const int64_t *steps, int64_t n) {                  \
        _Alignas(64) float buf[HALF_BLOCK];                                                        \
        for (int64_t i = 0; i < n; i += HALF_BLOCK) {                                              \
            int64_t nb = n - i < HALF_BLOCK ? n - i : HALF_BLOCK;                                  \
            half_to_float(args[0] + i * steps[0], steps[0], buf, nb);                              \
            char *a[2] = {(char *)buf, args[1] + i * steps[1]};                                    \
            int64_t st[2] = {4, steps[1]};                                                         \
            FROM_HALF_LOOP_##T(a, st, nb);                                                         \
        }                                                                                          \
    }
#define TO_HALF(F, FS)                                                                             \
    static void F##_to_half(char *const *args, const int64_t *steps, int64_t n) {                  \
        _Alignas(64) double buf[HALF_BLOCK];                                                       \
        for (int64_t i = 0; i < n; i += HALF_BLOCK) {                                              \
            int64_t nb = n - i < HALF_BLOCK ? n - i : HALF_BLOCK;                                  \
            char *a[2] = {args[0] + i * steps[0], (char *)buf};                                    \
            int64_t st[2] = {steps[0], 8};                                                         \
            cast_##F##_float64(a, st, nb);                                                         \
            double_to_half(buf, args[1] + i * steps[1], steps[1], nb);                             \
        }                                                                                          \
    }
/* float32 itself: the widened bits as they are (the old route's
   (float)(double)f folded to f) */
#define FROM_HALF_LOOP_float32 move_4
#define FROM_HALF_LOOP(T) cast_float32_##T
#define FROM_HALF_LOOP_boolean FROM_HALF_LOOP(boolean)
#define FROM_HALF_LOOP_int8 FROM_HALF_LOOP(int8)
#define FROM_HALF_LOOP_int16 FROM_HALF_LOOP(int16)
#define FROM_HALF_LOOP_int32 FROM_HALF_LOOP(int32)
#define FROM_HALF_LOOP_int64 FROM_HALF_LOOP(int64)
#define FROM_HALF_LOOP_uint8 FROM_HALF_LOOP(uint8)
#define FROM_HALF_LOOP_uint16 FROM_HALF_LOOP(uint16)
#define FROM_HALF_LOOP_uint32 FROM_HALF_LOOP(uint32)
#define FROM_HALF_LOOP_uint64 FROM_HALF_LOOP(uint64)
#define FROM_HALF_LOOP_float64 FROM_HALF_LOOP(float64)
#define FROM_HALF_LOOP_complex64 FROM_HALF_LOOP(complex64)
#define FROM_HALF_LOOP_complex128 FROM_HALF_LOOP(complex128)
#define FOR_NOT_HALF(X)                                                                            \
    X(boolean, 1)                                                                                  \
    X(int8, 1)                                                                                     \
    X(int16, 2)                                                                                    \
    X(int32, 4) X(int64, 8) X(uint8, 1) X(uint16, 2) X(uint32, 4) X(uint64, 8) X(float32, 4)       \
        X(float64, 8) X(complex64, 8) X(complex128, 16)
FOR_NOT_HALF(FROM_HALF)
FOR_NOT_HALF(TO_HALF)

#define CAST_SET(F, FS, T, TS) t->cast[ND_DT_##F][ND_DT_##T] = cast_##F##_##T;
#define CAST_SET_ROW(F, FS) FOR_TARGETS(CAST_SET, F, FS)
#define MOVE_SET(F, FS)                                                                            \
    if (ND_DT_##F != ND_DT_boolean) t->cast[ND_DT_##F][ND_DT_##F] = move_##FS;

#define HALF_SET(F, FS)                                                                            \
    t->cast[ND_DT_float16][ND_DT_##F] = half_to_##F;                                               \
    t->cast[ND_DT_##F][ND_DT_float16] = F##_to_half;

void ND_K(nd_kfill_cast)(nd_ktable *t) {
    FOR_DTYPES(CAST_SET_ROW)
    FOR_DTYPES(MOVE_SET)
    FOR_NOT_HALF(HALF_SET)
}
