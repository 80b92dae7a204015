/* Elementwise kernels for float16/32/64. float16 computes in float32 and
   rounds once to half, as NumPy does. The semantics of the non-obvious ops
   follow NumPy 1.24's (see npy_math's divmod and logaddexp): floor_divide
   and remainder are Python's; maximum/minimum propagate NaN and return the
   second operand on ties (so maximum(-0., 0.) is 0. and maximum(0., -0.) is
   -0., as NumPy's SIMD loops give); fmax/fmin ignore a NaN operand.
   Transcendental ops here use libm; ew_math.c overlays faster ones. */
#include <immintrin.h>

#include "common/half.h"
#include "generic/isa_name.h"
#include "generic/loops.h"

#define LOG2E_ 1.442695040888963407359924681001892137
#define LN2_ 0.693147180559945309417232121458176568
#define PI_ 3.141592653589793238462643383279502884

/* logaddexp (base2: logaddexp2) as NumPy defines it, max + log1p(exp(-|a - b|)), in double
   (float32 rounds the double result once more). Where the sum can cancel (finite inputs with
   the max in (-2, 0): the result is 0 on the curve e^a + e^b = 1) it is redone in long double
   with a - b exact (TwoSum), so the result stays within 1 ULP unless it is below ~2^-9 of the
   terms, and so is [0, 2), where a rounded a - b would cost up to d 2^-53 relative in L;
   beyond, L's error is far below the result's ulp. */
#define LN2L_ 0.693147180559945309417232121458176568L
#define LOG2EL_ 1.442695040888963407359924681001892137L
/* the sign bit as an integer shift: gcc keeps signbit() a scalar movmsk
   per element (np.signbit ran at 0.3x NumPy) */
static inline bool nd_sign_bit(const void *p, size_t n) {
    if (n == 8) {
        uint64_t u;
        memcpy(&u, p, 8);
        return u >> 63;
    }
    uint32_t u;
    memcpy(&u, p, 4);
    return u >> 31;
}

static inline double logaddexp_d(double a, double b, int base2) {
    double m = a > b ? a : b, n = a > b ? b : a;
    if (base2 && a == b) return a + 1; /* exact for |a| < 2^52, and the infinities */
    if (isfinite(a) && isfinite(b) && m > -2 && m < 2) {
        double dh = m - n, bb = dh - m, dl = (m - (dh - bb)) - (n + bb);
        long double t = base2 ? exp2l(-(long double)dh) * (1 - (long double)dl * LN2L_)
                              : expl(-(long double)dh) * (1 - (long double)dl);
        long double l = log1pl(t);
        return (double)((long double)m + (base2 ? l * LOG2EL_ : l));
    }
    if (a == b) return base2 ? a + 1 : a + LN2_; /* infinities of one sign */
    double d = a - b;
    if (d > 0) return a + (base2 ? LOG2E_ * log1p(exp2(-d)) : log1p(exp(-d)));
    if (d <= 0) return b + (base2 ? LOG2E_ * log1p(exp2(d)) : log1p(exp(d)));
    return d; /* NaN */
}

/* S: dtype name, T: C type, F: libm suffix (f or nothing) */
#define FLOAT_FUNCS(S, T, F)                                                                       \
    static inline T add_##S(T a, T b) { return a + b; }                                            \
    static inline T sub_##S(T a, T b) { return a - b; }                                            \
    static inline T mul_##S(T a, T b) { return a * b; }                                            \
    static inline T div_##S(T a, T b) { return a / b; }                                            \
    static inline T divmod_##S(T a, T b, T *modp) {                                                \
        T mod = fmod##F(a, b);                                                                     \
        if (b == 0) return *modp = mod, a / b;                                                     \
        T div = (a - mod) / b;                                                                     \
        if (mod != 0) {                                                                            \
            if (isless(b, 0) != isless(mod, 0)) mod += b, div -= 1;                                \
        } else {                                                                                   \
            mod = copysign##F(0, b);                                                               \
        }                                                                                          \
        T fl;                                                                                      \
        if (div != 0) {                                                                            \
            fl = floor##F(div);                                                                    \
            if (isgreater(div - fl, (T)0.5)) fl += 1;                                              \
        } else {                                                                                   \
            fl = copysign##F(0, a / b);                                                            \
        }                                                                                          \
        *modp = mod;                                                                               \
        return fl;                                                                                 \
    }                                                                                              \
    static inline T fdiv_##S(T a, T b) {                                                           \
        T m;                                                                                       \
        return b == 0 ? a / b : divmod_##S(a, b, &m);                                              \
    }                                                                                              \
    /* divmod's remainder alone: its quotient overflows for a huge a / b, and                      \
       the flags of that dead quotient must not depend on the optimizer */                         \
    static inline T rem_##S(T a, T b) {                                                            \
        T mod = fmod##F(a, b);                                                                     \
        if (b == 0) return mod;                                                                    \
        if (mod == 0) return copysign##F(0, b);                                                    \
        return isless(b, 0) != isless(mod, 0) ? mod + b : mod;                                     \
    }                                                                                              \
    static inline T pow_##S(T a, T b) { return pow##F(a, b); }                                     \
    static inline T max_##S(T a, T b) { return (isgreater(a, b) || a != a) ? a : b; }              \
    static inline T min_##S(T a, T b) { return (isless(a, b) || a != a) ? a : b; }                 \
    static inline T fmax_##S(T a, T b) { return (isgreater(a, b) || b != b) ? a : b; }             \
    static inline T fmin_##S(T a, T b) { return (isless(a, b) || b != b) ? a : b; }                \
    static inline T fmod_##S(T a, T b) { return fmod##F(a, b); }                                   \
    static inline T copysign_##S(T a, T b) { return copysign##F(a, b); }                           \
    static inline T nextafter_##S(T a, T b) { return nextafter##F(a, b); }                         \
    static inline T atan2_##S(T a, T b) { return atan2##F(a, b); }                                 \
    static inline T hypot_##S(T a, T b) { return hypot##F(a, b); }                                 \
    static inline T logaddexp_##S(T a, T b) { return (T)logaddexp_d(a, b, 0); }                    \
    static inline T logaddexp2_##S(T a, T b) { return (T)logaddexp_d(a, b, 1); }                   \
    static inline T neg_##S(T a) { return -a; }                                                    \
    static inline T pos_##S(T a) { return a; }                                                     \
    static inline T abs_##S(T a) { return fabs##F(a); }                                            \
    static inline T sign_##S(T a) {                                                                \
        uint64_t b_ = nd_abs_bits(&a, sizeof a); /* no compare: invalid even quiet on sNaN */      \
        return b_ == 0 ? 0 : b_ > ND_INF_BITS(sizeof a) ? a : copysign##F(1, a);                   \
    }                                                                                              \
    static inline T sqrt_##S(T a) { return sqrt##F(a); }                                           \
    static inline T sq_##S(T a) { return a * a; }                                                  \
    static inline T recip_##S(T a) { return 1 / a; }                                               \
    static inline T deg2rad_##S(T a) { return a * (T)(PI_ / 180.0); }                              \
    static inline T rad2deg_##S(T a) { return a * (T)(180.0 / PI_); }                              \
    static inline T floor_##S(T a) { return floor##F(a); }                                         \
    static inline T ceil_##S(T a) { return ceil##F(a); }                                           \
    static inline T trunc_##S(T a) { return trunc##F(a); }                                         \
    static inline T rint_##S(T a) { return rint##F(a); }                                           \
    static inline T cbrt_##S(T a) { return cbrt##F(a); }                                           \
    static inline T exp_##S(T a) { return exp##F(a); }                                             \
    static inline T exp2_##S(T a) { return exp2##F(a); }                                           \
    static inline T expm1_##S(T a) { return expm1##F(a); }                                         \
    static inline T log_##S(T a) { return log##F(a); }                                             \
    static inline T log2_##S(T a) { return log2##F(a); }                                           \
    static inline T log10_##S(T a) { return log10##F(a); }                                         \
    static inline T log1p_##S(T a) { return log1p##F(a); }                                         \
    static inline T sin_##S(T a) { return sin##F(a); }                                             \
    static inline T cos_##S(T a) { return cos##F(a); }                                             \
    static inline T tan_##S(T a) { return tan##F(a); }                                             \
    static inline T asin_##S(T a) { return asin##F(a); }                                           \
    static inline T acos_##S(T a) { return acos##F(a); }                                           \
    static inline T atan_##S(T a) { return atan##F(a); }                                           \
    static inline T sinh_##S(T a) { return sinh##F(a); }                                           \
    static inline T cosh_##S(T a) { return cosh##F(a); }                                           \
    static inline T tanh_##S(T a) { return tanh##F(a); }                                           \
    static inline T asinh_##S(T a) { return asinh##F(a); }                                         \
    static inline T acosh_##S(T a) { return acosh##F(a); }                                         \
    static inline T atanh_##S(T a) { return atanh##F(a); }                                         \
    static inline bool eq_##S(T a, T b) { return a == b; }                                         \
    static inline bool ne_##S(T a, T b) { return a != b; }                                         \
    static inline bool lt_##S(T a, T b) { return isless(a, b); }                                   \
    static inline bool le_##S(T a, T b) { return islessequal(a, b); }                              \
    static inline bool gt_##S(T a, T b) { return isgreater(a, b); }                                \
    static inline bool ge_##S(T a, T b) { return isgreaterequal(a, b); }                           \
    static inline bool land_##S(T a, T b) { return a != 0 && b != 0; }                             \
    static inline bool lor_##S(T a, T b) { return a != 0 || b != 0; }                              \
    static inline bool lxor_##S(T a, T b) { return (a != 0) != (b != 0); }                         \
    static inline bool lnot_##S(T a) { return a == 0; }                                            \
    static inline bool signbit_##S(T a) { return nd_sign_bit(&a, sizeof a); }                      \
    static inline bool isnan_##S(T a) {                                                            \
        return nd_abs_bits(&a, sizeof a) > ND_INF_BITS(sizeof a);                                  \
    }                                                                                              \
    static inline bool isinf_##S(T a) {                                                            \
        return nd_abs_bits(&a, sizeof a) == ND_INF_BITS(sizeof a);                                 \
    }                                                                                              \
    static inline bool isfin_##S(T a) { return nd_abs_bits(&a, sizeof a) < ND_INF_BITS(sizeof a); }

FLOAT_FUNCS(float32, float, f)
FLOAT_FUNCS(float64, double, )

/* (OP, element function) lists; same-type output, then bool output. */
#define FLOAT_ARITH_OPS(X, S, T)                                                                   \
    X(ADD, add, S, T)                                                                              \
    X(SUBTRACT, sub, S, T)                                                                         \
    X(MULTIPLY, mul, S, T)                                                                         \
    X(DIVIDE, div, S, T)                                                                           \
    X(FLOOR_DIVIDE, fdiv, S, T)                                                                    \
    X(REMAINDER, rem, S, T) X(POWER, pow, S, T) X(FMOD, fmod, S, T) X(COPYSIGN, copysign, S, T)    \
        X(NEXTAFTER, nextafter, S, T) X(ARCTAN2, atan2, S, T) X(HYPOT, hypot, S, T)                \
            X(LOGADDEXP, logaddexp, S, T) X(LOGADDEXP2, logaddexp2, S, T)
#define FLOAT_MINMAX_OPS(X, S, T)                                                                  \
    X(MAXIMUM, max, S, T) X(MINIMUM, min, S, T) X(FMAX, fmax, S, T) X(FMIN, fmin, S, T)
#define FLOAT_BINARY_OPS(X, S, T) FLOAT_ARITH_OPS(X, S, T) FLOAT_MINMAX_OPS(X, S, T)
#define FLOAT_UNARY_OPS(X, S, T)                                                                   \
    X(NEGATIVE, neg, S, T)                                                                         \
    X(POSITIVE, pos, S, T)                                                                         \
    X(ABSOLUTE, abs, S, T)                                                                         \
    X(SIGN, sign, S, T)                                                                            \
    X(SQRT, sqrt, S, T)                                                                            \
    X(CBRT, cbrt, S, T) X(SQUARE, sq, S, T) X(RECIPROCAL, recip, S, T) X(EXP, exp, S, T)           \
        X(EXP2, exp2, S, T) X(EXPM1, expm1, S, T) X(LOG, log, S, T) X(LOG2, log2, S, T)            \
            X(LOG10, log10, S, T) X(LOG1P, log1p, S, T) X(SIN, sin, S, T) X(COS, cos, S, T)        \
                X(TAN, tan, S, T) X(ARCSIN, asin, S, T) X(ARCCOS, acos, S, T)                      \
                    X(ARCTAN, atan, S, T) X(SINH, sinh, S, T) X(COSH, cosh, S, T)                  \
                        X(TANH, tanh, S, T) X(ARCSINH, asinh, S, T) X(ARCCOSH, acosh, S, T)        \
                            X(ARCTANH, atanh, S, T) X(DEG2RAD, deg2rad, S, T)                      \
                                X(RAD2DEG, rad2deg, S, T) X(FLOOR, floor, S, T)                    \
                                    X(CEIL, ceil, S, T) X(TRUNC, trunc, S, T) X(RINT, rint, S, T)  \
                                        X(CONJUGATE, pos, S, T)
#define FLOAT_BOOL_BINARY_OPS(X, S, T)                                                             \
    X(EQUAL, eq, S, T)                                                                             \
    X(NOT_EQUAL, ne, S, T)                                                                         \
    X(LESS, lt, S, T)                                                                              \
    X(LESS_EQUAL, le, S, T)                                                                        \
    X(GREATER, gt, S, T)                                                                           \
    X(GREATER_EQUAL, ge, S, T) X(LOGICAL_AND, land, S, T) X(LOGICAL_OR, lor, S, T)                 \
        X(LOGICAL_XOR, lxor, S, T)
#define FLOAT_BOOL_UNARY_OPS(X, S, T)                                                              \
    X(SIGNBIT, signbit, S, T)                                                                      \
    X(ISNAN, isnan, S, T) X(ISINF, isinf, S, T) X(ISFINITE, isfin, S, T) X(LOGICAL_NOT, lnot, S, T)

#define DEF_B(OP, fn, S, T) ND_BINARY_LOOP(k_##OP##_##S, T, T, fn##_##S(a, b))
#define DEF_U(OP, fn, S, T) ND_UNARY_LOOP(k_##OP##_##S, T, T, fn##_##S(a))
/* Comparisons (and the logical ops) raise invalid only on a signaling NaN, where NumPy 1.24
   raises nothing (gh-15127): the loop keeps its fast vector compares and drops the invalid
   flag it raised (MXCSR's IE bit), once per call: a bit-test compare per element measured
   2-7x slower, fetestexcept/feclearexcept 12x at n = 8. maximum/minimum/fmax/fmin do the
   same: their compares are quiet (isgreater) in C, but the vector compares SSE and AVX are
   given signal on any NaN, and NumPy's min/max loops raise nothing for a NaN either (they
   clear the status after the loop). */
#define DROP_NEW_IE(name)                                                                          \
    static void name(char *const *args, const int64_t *steps, int64_t n) {                         \
        unsigned had_ = _mm_getcsr();                                                              \
        name##_raw(args, steps, n);                                                                \
        unsigned now_ = _mm_getcsr();                                                              \
        if ((now_ & ~had_) & 1u) _mm_setcsr(now_ & ~1u); /* IE newly set: clear it */              \
    }
#define DEF_BB(OP, fn, S, T)                                                                       \
    ND_BINARY_LOOP(k_##OP##_##S##_raw, T, uint8_t, fn##_##S(a, b))                                 \
    DROP_NEW_IE(k_##OP##_##S)
#define DEF_BQ(OP, fn, S, T)                                                                       \
    ND_BINARY_LOOP(k_##OP##_##S##_raw, T, T, fn##_##S(a, b))                                       \
    DROP_NEW_IE(k_##OP##_##S)
#define DEF_UB(OP, fn, S, T) ND_UNARY_LOOP(k_##OP##_##S, T, uint8_t, fn##_##S(a))

/* float16: widen to float32, apply the float32 function, round once. */
#define H2F(x) nd_f16_to_f32(x)
#define F2H(x) f2h_flagged(x)
/* A finite result that rounds to infinity in float16 raises overflow, as
   NumPy's float16 loops do (the conversion here is integer code, which
   raises nothing by itself). */
static inline uint16_t f2h_flagged(float f) {
    uint16_t h = nd_f32_to_f16(f);
    if ((h & 0x7fff) == 0x7c00 && isless(fabsf(f), INFINITY)) nd_kflags |= ND_KFLAG_OVERFLOW;
    return h;
}
#define DEF_HB(OP, fn, S, T)                                                                       \
    ND_BINARY_LOOP(k_##OP##_float16, uint16_t, uint16_t, F2H(fn##_float32(H2F(a), H2F(b))))
#define DEF_HU(OP, fn, S, T)                                                                       \
    ND_UNARY_LOOP(k_##OP##_float16, uint16_t, uint16_t, F2H(fn##_float32(H2F(a))))
#define DEF_HBQ(OP, fn, S, T)                                                                      \
    ND_BINARY_LOOP(k_##OP##_float16_raw, uint16_t, uint16_t, F2H(fn##_float32(H2F(a), H2F(b))))    \
    DROP_NEW_IE(k_##OP##_float16)
#define DEF_HBB(OP, fn, S, T)                                                                      \
    ND_BINARY_LOOP(k_##OP##_float16, uint16_t, uint8_t, fn##_float32(H2F(a), H2F(b)))
#define DEF_HUB(OP, fn, S, T)                                                                      \
    ND_UNARY_LOOP(k_##OP##_float16, uint16_t, uint8_t, fn##_float32(H2F(a)))

#define FLOAT_LOOPS(S, T)                                                                          \
    FLOAT_ARITH_OPS(DEF_B, S, T)                                                                   \
    FLOAT_MINMAX_OPS(DEF_BQ, S, T)                                                                 \
    FLOAT_UNARY_OPS(DEF_U, S, T)                                                                   \
    FLOAT_BOOL_BINARY_OPS(DEF_BB, S, T) FLOAT_BOOL_UNARY_OPS(DEF_UB, S, T)
FLOAT_LOOPS(float32, float)
FLOAT_LOOPS(float64, double)
FLOAT_ARITH_OPS(DEF_HB, float16, uint16_t)
FLOAT_MINMAX_OPS(DEF_HBQ, float16, uint16_t)
FLOAT_UNARY_OPS(DEF_HU, float16, uint16_t)
FLOAT_BOOL_BINARY_OPS(DEF_HBB, float16, uint16_t)
FLOAT_BOOL_UNARY_OPS(DEF_HUB, float16, uint16_t)

/* float16 nextafter steps in float16 itself (through float32 it would step
   a float32 ulp: nextafter(inf, 0) would round back to inf): NumPy's
   npy_half_nextafter, including its NaN (the default NaN), x == y (x) and
   overflow (a finite x stepping to inf) cases. */
static inline uint16_t nextafter_half(uint16_t x, uint16_t y) {
    bool xnan = (x & 0x7fff) > 0x7c00, ynan = (y & 0x7fff) > 0x7c00;
    uint16_t r;
    if (xnan || ynan) {
        r = 0x7e00;
    } else if (x == y || ((x | y) & 0x7fff) == 0) {
        r = x; /* equal, or two zeros */
    } else if ((x & 0x7fff) == 0) {
        r = (uint16_t)((y & 0x8000) + 1); /* the smallest subnormal toward y */
    } else if (!(x & 0x8000)) {           /* x > 0: away from zero unless y < x */
        r = (int16_t)x > (int16_t)y ? x - 1 : x + 1;
    } else { /* x < 0: toward zero if y > x */
        r = (!(y & 0x8000) || (x & 0x7fff) > (y & 0x7fff)) ? x - 1 : x + 1;
    }
    if ((r & 0x7fff) == 0x7c00 && (x & 0x7fff) < 0x7c00) nd_kflags |= ND_KFLAG_OVERFLOW;
    return r;
}
ND_BINARY_LOOP(k_NEXTAFTER_float16_bits, uint16_t, uint16_t, nextafter_half(a, b))

/* floor/ceil/trunc at avx2 and avx512: gcc keeps floor() scalar there (its
   vector rounding patterns need -fno-trapping-math), which ran np.floor at
   0.6x NumPy. These loops round with the instruction itself, precision
   exception suppressed: the one glibc's floor runs per element, so results
   and flags are those of the scalar loop (only an sNaN raises invalid, in
   both). Strided operands take the scalar loop. */
#if defined(__AVX2__)
#define RMODE_FLOOR (_MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC)
#define RMODE_CEIL (_MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC)
#define RMODE_TRUNC (_MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC)
#if defined(__AVX512F__)
#define RLANES_float64 8
#define RROUND_float64(p, q, m) _mm512_storeu_pd(q, _mm512_roundscale_pd(_mm512_loadu_pd(p), m))
#define RLANES_float32 16
#define RROUND_float32(p, q, m) _mm512_storeu_ps(q, _mm512_roundscale_ps(_mm512_loadu_ps(p), m))
#ifdef ND_KWIDE_L1_BYTES /* runs beyond L1 in 256-bit vectors (kdefs.h), two a step */
#define RWIDE_float64(p, q, m)                                                                     \
    do {                                                                                           \
        __m256d a_ = _mm256_loadu_pd(p), b_ = _mm256_loadu_pd((p) + 4);                            \
        _mm256_storeu_pd(q, _mm256_round_pd(a_, m));                                               \
        _mm256_storeu_pd((q) + 4, _mm256_round_pd(b_, m));                                         \
    } while (0)
#define RWIDE_float32(p, q, m)                                                                     \
    do {                                                                                           \
        __m256 a_ = _mm256_loadu_ps(p), b_ = _mm256_loadu_ps((p) + 8);                             \
        _mm256_storeu_ps(q, _mm256_round_ps(a_, m));                                               \
        _mm256_storeu_ps((q) + 8, _mm256_round_ps(b_, m));                                         \
    } while (0)
#define RWIDE_RUN(S, T, OP)                                                                        \
    if ((n - i) * 2 * (int64_t)sizeof(T) > ND_KWIDE_L1_BYTES)                                      \
        for (; i + RLANES_##S <= n; i += RLANES_##S) RWIDE_##S(x + i, y + i, RMODE_##OP);
#endif
#else
#define RLANES_float64 4
#define RROUND_float64(p, q, m) _mm256_storeu_pd(q, _mm256_round_pd(_mm256_loadu_pd(p), m))
#define RLANES_float32 8
#define RROUND_float32(p, q, m) _mm256_storeu_ps(q, _mm256_round_ps(_mm256_loadu_ps(p), m))
#endif
#ifndef RWIDE_RUN
#define RWIDE_RUN(S, T, OP)
#endif
#define DEF_ROUND(OP, fn, S, T)                                                                    \
    static void k_##OP##_##S##_vec(char *const *args, const int64_t *steps, int64_t n) {           \
        if (steps[0] != sizeof(T) || steps[1] != sizeof(T)) {                                      \
            k_##OP##_##S(args, steps, n);                                                          \
            return;                                                                                \
        }                                                                                          \
        const T *x = (const T *)(const void *)args[0];                                             \
        T *y = (T *)(void *)args[1];                                                               \
        int64_t i = nd_khead(y, sizeof(T), n); /* aligned stores from i on */                      \
        k_##OP##_##S(args, steps, i);                                                              \
        RWIDE_RUN(S, T, OP)                                                                        \
        for (; i + RLANES_##S <= n; i += RLANES_##S) RROUND_##S(x + i, y + i, RMODE_##OP);         \
        char *const tail[2] = {args[0] + i * (int64_t)sizeof(T), args[1] + i * (int64_t)sizeof(T)}; \
        k_##OP##_##S(tail, steps, n - i); /* the unaligned-safe scalar loop */                     \
    }
#define ROUND_OPS(X, S, T) X(FLOOR, floor, S, T) X(CEIL, ceil, S, T) X(TRUNC, trunc, S, T)
ROUND_OPS(DEF_ROUND, float32, float)
ROUND_OPS(DEF_ROUND, float64, double)
#define SET_ROUND(OP, fn, S, T) ND_REG(t, OP, S, k_##OP##_##S##_vec);
#endif

/* sqrt at avx512 in 256-bit vectors, two a step: vsqrtpd/vsqrtps on 512 bits
   have less than twice the throughput of 256 bits on the Intel Xeon this was
   tuned on (a 512-bit loop ran 6-8% slower per element at n = 1e5, and behind
   NumPy, whose sqrt loop is not AVX-512); a host that splits 512-bit ops in
   two loses nothing. Correctly rounded either way: the bits and flags of the
   scalar loop, which takes strided operands and the tail. */
#if defined(__AVX512F__)
#define SQRT256_float64(p, q)                                                                      \
    _mm256_storeu_pd(q, _mm256_sqrt_pd(_mm256_loadu_pd(p))),                                       \
        _mm256_storeu_pd((q) + 4, _mm256_sqrt_pd(_mm256_loadu_pd((p) + 4)))
#define SQRT256_float32(p, q)                                                                      \
    _mm256_storeu_ps(q, _mm256_sqrt_ps(_mm256_loadu_ps(p))),                                       \
        _mm256_storeu_ps((q) + 8, _mm256_sqrt_ps(_mm256_loadu_ps((p) + 8)))
#define DEF_SQRT256(S, T, HEAD)                                                                    \
    static void k_SQRT_##S##_y(char *const *args, const int64_t *steps, int64_t n) {               \
        if (steps[0] != sizeof(T) || steps[1] != sizeof(T)) {                                      \
            k_SQRT_##S(args, steps, n);                                                            \
            return;                                                                                \
        }                                                                                          \
        const T *x = (const T *)(const void *)args[0];                                             \
        T *y = (T *)(void *)args[1];                                                               \
        const int64_t step = 64 / (int64_t)sizeof(T);                                              \
        int64_t i = HEAD ? nd_khead(y, sizeof(T), n) : 0;                                          \
        if (i) k_SQRT_##S(args, steps, i);                                                         \
        for (; i + step <= n; i += step) SQRT256_##S(x + i, y + i);                                \
        char *const tail[2] = {args[0] + i * (int64_t)sizeof(T), args[1] + i * (int64_t)sizeof(T)}; \
        k_SQRT_##S(tail, steps, n - i);                                                            \
    }
/* float32: a scalar head up to the output's 64-byte alignment (nd_khead), so that
   neither 32-byte store of a step straddles a cache line (NumPy's buffers start 16 bytes
   into a page: one store in two split) */
DEF_SQRT256(float32, float, 1)
DEF_SQRT256(float64, double, 0)
#endif

/* Comparisons at avx512: each vector compare yields a k-mask, eight (float64)
   or four (float32) masks join into one 64-bit mask, and one zero-masked
   byte move turns it into 64 bools. gcc's own loop built bytes from vector
   masks through and/permute/pack steps (three times the uops) and ran at
   0.87x NumPy at 1e5 float64. The predicates are the C operators' and the
   quiet isless family's (NaN: != true, every other false), so results match
   the scalar loop; the signaling NaN's invalid flag is dropped as there
   (DROP_NEW_IE). A fixed (stride 0) operand is broadcast; other strides and
   the last < 64 elements take the scalar loop. */
#if defined(__AVX512BW__)
#define CMPP_EQUAL _CMP_EQ_OQ
#define CMPP_NOT_EQUAL _CMP_NEQ_UQ
#define CMPP_LESS _CMP_LT_OQ
#define CMPP_LESS_EQUAL _CMP_LE_OQ
#define CMPP_GREATER _CMP_GT_OQ
#define CMPP_GREATER_EQUAL _CMP_GE_OQ
#define CMPV_float64 __m512d
#define CMPL_float64(p) _mm512_loadu_pd(p)
#define CMPB_float64(x) _mm512_set1_pd(x)
#define CMPK_float64(P, x, y) _mm512_cmp_pd_mask(x, y, P)
#define CMPV_float32 __m512
#define CMPL_float32(p) _mm512_loadu_ps(p)
#define CMPB_float32(x) _mm512_set1_ps(x)
#define CMPK_float32(P, x, y) _mm512_cmp_ps_mask(x, y, P)
/* the 64-bit mask of elements i..i+63; SA/SB: 1 contiguous, 0 the fixed value va/vb */
#define CMPJ_float64(P, SA, SB, j)                                                                 \
    CMPK_float64(P, SA ? CMPL_float64(a + i + 8 * (j)) : va, SB ? CMPL_float64(b + i + 8 * (j)) : vb)
#define CMPJ_float32(P, SA, SB, j)                                                                 \
    CMPK_float32(P, SA ? CMPL_float32(a + i + 16 * (j)) : va, SB ? CMPL_float32(b + i + 16 * (j)) : vb)
#define CMP16_float64(P, SA, SB, j)                                                                \
    _mm512_kunpackb(CMPJ_float64(P, SA, SB, (j) + 1), CMPJ_float64(P, SA, SB, j))
#define CMP64_float64(P, SA, SB)                                                                   \
    _mm512_kunpackd(                                                                               \
        _mm512_kunpackw(CMP16_float64(P, SA, SB, 6), CMP16_float64(P, SA, SB, 4)),                 \
        _mm512_kunpackw(CMP16_float64(P, SA, SB, 2), CMP16_float64(P, SA, SB, 0)))
#define CMP64_float32(P, SA, SB)                                                                   \
    _mm512_kunpackd(_mm512_kunpackw(CMPJ_float32(P, SA, SB, 3), CMPJ_float32(P, SA, SB, 2)),       \
                    _mm512_kunpackw(CMPJ_float32(P, SA, SB, 1), CMPJ_float32(P, SA, SB, 0)))
/* the empty asm keeps the joined mask opaque: gcc otherwise rebuilds the
   bytes from each small mask with vector moves and permutes (its old loop) */
#define CMP_RUN(P, S, SA, SB)                                                                      \
    for (; i + 64 <= n; i += 64) {                                                                 \
        __mmask64 m_ = CMP64_##S(P, SA, SB);                                                       \
        __asm__("" : "+k"(m_));                                                                    \
        _mm512_storeu_si512(y + i, _mm512_maskz_mov_epi8(m_, one));                                \
    }
#define DEF_CMPK(OP, fn, S, T)                                                                     \
    static void k_##OP##_##S##_k_raw(char *const *args, const int64_t *steps, int64_t n) {         \
        const T *a = (const T *)(const void *)args[0], *b = (const T *)(const void *)args[1];      \
        uint8_t *y = (uint8_t *)args[2];                                                           \
        const int64_t s0 = steps[0], s1 = steps[1], es = sizeof(T);                                \
        int vc = steps[2] != 1                ? 0                                                  \
                 : s0 == es && s1 == es       ? 1                                                  \
                 : s0 == 0 && s1 == es        ? 2                                                  \
                 : s0 == es && s1 == 0 ? 3                                                         \
                                              : 0;                                                 \
        int64_t i = 0;                                                                             \
        if (vc) {                                                                                  \
            i = nd_khead(vc == 2 ? args[1] : args[0], es, n); /* aligned loads */                                 \
            k_##OP##_##S##_raw(args, steps, i);                                                    \
            const __m512i one = _mm512_set1_epi8(1);                                               \
            CMPV_##S va = CMPB_##S(ND_LD(T, a)), vb = CMPB_##S(ND_LD(T, b));                       \
            if (vc == 1) {                                                                         \
                CMP_RUN(CMPP_##OP, S, 1, 1)                                                        \
            } else if (vc == 2) {                                                                  \
                CMP_RUN(CMPP_##OP, S, 0, 1)                                                        \
            } else {                                                                               \
                CMP_RUN(CMPP_##OP, S, 1, 0)                                                        \
            }                                                                                      \
        }                                                                                          \
        char *const rest[3] = {args[0] + i * s0, args[1] + i * s1, args[2] + i * steps[2]};        \
        k_##OP##_##S##_raw(rest, steps, n - i);                                                    \
    }                                                                                              \
    DROP_NEW_IE(k_##OP##_##S##_k)
#define CMP_OPS(X, S, T)                                                                           \
    X(EQUAL, eq, S, T)                                                                             \
    X(NOT_EQUAL, ne, S, T)                                                                         \
    X(LESS, lt, S, T) X(LESS_EQUAL, le, S, T) X(GREATER, gt, S, T) X(GREATER_EQUAL, ge, S, T)
CMP_OPS(DEF_CMPK, float32, float)
CMP_OPS(DEF_CMPK, float64, double)
#define SET_CMPK(OP, fn, S, T) ND_REG(t, OP, S, k_##OP##_##S##_k);
#endif

#define SET(OP, fn, S, T) ND_REG(t, OP, S, k_##OP##_##S);
#define FLOAT_SET(S, T)                                                                            \
    FLOAT_BINARY_OPS(SET, S, T)                                                                    \
    FLOAT_UNARY_OPS(SET, S, T) FLOAT_BOOL_BINARY_OPS(SET, S, T) FLOAT_BOOL_UNARY_OPS(SET, S, T)

/* floor_divide and remainder of one pair from one fmod: b == 0 gives each
   op's own value, otherwise divmod_ yields both (its remainder is rem_'s:
   the same steps on the same fmod) */
#define DIVMOD_LOOP(S, T)                                                                          \
    static void k_divmod_##S(char *const *args, const int64_t *steps, int64_t n) {                 \
        const int64_t s0 = steps[0], s1 = steps[1], s2 = steps[2], s3 = steps[3];                  \
        for (int64_t i = 0; i < n; i++) {                                                          \
            T a = ND_LD(T, args[0] + i * s0), b = ND_LD(T, args[1] + i * s1), q, r;                \
            if (b == 0)                                                                            \
                q = a / b, r = fmod_##S(a, b);                                                     \
            else                                                                                   \
                q = divmod_##S(a, b, &r);                                                          \
            ND_ST(T, args[2] + i * s2, q);                                                         \
            ND_ST(T, args[3] + i * s3, r);                                                         \
        }                                                                                          \
    }
DIVMOD_LOOP(float32, float)
DIVMOD_LOOP(float64, double)

void ND_K(nd_kfill_ew_float)(nd_ktable *t) {
    t->divmod[0] = k_divmod_float32;
    t->divmod[1] = k_divmod_float64;
    FLOAT_SET(float16, uint16_t)
    ND_REG(t, NEXTAFTER, float16, k_NEXTAFTER_float16_bits);
    FLOAT_SET(float32, float)
    FLOAT_SET(float64, double)
#if defined(__AVX2__)
    ROUND_OPS(SET_ROUND, float32, float)
    ROUND_OPS(SET_ROUND, float64, double)
#endif
#if defined(__AVX512BW__)
    CMP_OPS(SET_CMPK, float32, float)
    CMP_OPS(SET_CMPK, float64, double)
#endif
#if defined(__AVX512F__)
    ND_REG(t, SQRT, float32, k_SQRT_float32_y);
    ND_REG(t, SQRT, float64, k_SQRT_float64_y);
#endif
}
