/* Casting loops for all 196 dtype pairs, built once per ISA level.
   Each source goes through one exact route (int64, uint64, or a double
   pair for floats and complex) and each target rounds once from it.
   float -> int truncates toward zero and saturates: NaN gives 0, values
   beyond the target's range give its min or max (NumPy leaves this
   undefined; nd states it). Integer -> integer wraps modulo 2^bits. */
#include <math.h>
#include <string.h>

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

#define ROUTE_boolean(s, T) st_##T##_u64(d, (uint64_t)(LD(uint8_t, s) != 0))
#define ROUTE_int8(s, T) st_##T##_i64(d, LD(int8_t, s))
#define ROUTE_int16(s, T) st_##T##_i64(d, LD(int16_t, s))
#define ROUTE_int32(s, T) st_##T##_i64(d, LD(int32_t, s))
#define ROUTE_int64(s, T) st_##T##_i64(d, LD(int64_t, s))
#define ROUTE_uint8(s, T) st_##T##_u64(d, LD(uint8_t, s))
#define ROUTE_uint16(s, T) st_##T##_u64(d, LD(uint16_t, s))
#define ROUTE_uint32(s, T) st_##T##_u64(d, LD(uint32_t, s))
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

/* ---- stores ---- */
#define ST_INT(name, ctype, bits, is_signed)                                                       \
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
static inline void st_float16_i64(char *p, int64_t v) { ST_HALF(p, nd_f64_to_f16((double)v)); }
static inline void st_float16_u64(char *p, uint64_t v) { ST_HALF(p, nd_f64_to_f16((double)v)); }
static inline void st_float16_f64(char *p, double re, double im) {
    (void)im;
    ST_HALF(p, nd_f64_to_f16(re));
}

#define ST_FLOAT(name, ctype)                                                                      \
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

#define ST_COMPLEX(name, ctype)                                                                    \
    static inline void st_##name##_f64(char *p, double re, double im) {                            \
        ctype x[2] = {(ctype)re, (ctype)im};                                                       \
        memcpy(p, x, sizeof x);                                                                    \
    }                                                                                              \
    static inline void st_##name##_i64(char *p, int64_t v) {                                       \
        ctype x[2] = {(ctype)v, 0};                                                                \
        memcpy(p, x, sizeof x);                                                                    \
    }                                                                                              \
    static inline void st_##name##_u64(char *p, uint64_t v) {                                      \
        ctype x[2] = {(ctype)v, 0};                                                                \
        memcpy(p, x, sizeof x);                                                                    \
    }
ST_COMPLEX(complex64, float)
ST_COMPLEX(complex128, double)

/* ---- the 196 loops ---- */
#define FOR_DTYPES(X)                                                                              \
    X(boolean, 1)                                                                                  \
    X(int8, 1)                                                                                     \
    X(int16, 2) X(int32, 4) X(int64, 8) X(uint8, 1) X(uint16, 2) X(uint32, 4) X(uint64, 8)         \
        X(float16, 2) X(float32, 4) X(float64, 8) X(complex64, 8) X(complex128, 16)
#define FOR_TARGETS(X, F, FS)                                                                      \
    X(F, FS, boolean, 1)                                                                           \
    X(F, FS, int8, 1)                                                                              \
    X(F, FS, int16, 2) X(F, FS, int32, 4) X(F, FS, int64, 8) X(F, FS, uint8, 1)                    \
        X(F, FS, uint16, 2) X(F, FS, uint32, 4) X(F, FS, uint64, 8) X(F, FS, float16, 2)           \
            X(F, FS, float32, 4) X(F, FS, float64, 8) X(F, FS, complex64, 8)                       \
                X(F, FS, complex128, 16)

/* The contiguous branch uses constant strides so the compiler can vectorize
   it; the general branch takes any byte strides. */
#define CAST_LOOP(F, FS, T, TS)                                                                    \
    static void cast_##F##_##T(char *const *args, const int64_t *steps, int64_t n) {               \
        const char *src = args[0];                                                                 \
        char *dst = args[1];                                                                       \
        if (steps[0] == FS && steps[1] == TS) {                                                    \
            for (int64_t i = 0; i < n; i++) {                                                      \
                char *d = dst + i * TS;                                                            \
                ROUTE_##F(src + i * FS, T);                                                        \
            }                                                                                      \
            return;                                                                                \
        }                                                                                          \
        for (int64_t i = 0; i < n; i++) {                                                          \
            char *d = dst + i * steps[1];                                                          \
            ROUTE_##F(src + i * steps[0], T);                                                      \
        }                                                                                          \
    }
#define CAST_ROW(F, FS) FOR_TARGETS(CAST_LOOP, F, FS)
FOR_DTYPES(CAST_ROW)

#define CAST_SET(F, FS, T, TS) t->cast[ND_DT_##F][ND_DT_##T] = cast_##F##_##T;
#define CAST_SET_ROW(F, FS) FOR_TARGETS(CAST_SET, F, FS)

void ND_K(nd_kfill_cast)(nd_ktable *t) { FOR_DTYPES(CAST_SET_ROW) }
