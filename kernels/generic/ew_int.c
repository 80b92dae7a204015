/* Elementwise kernels for bool and the integer dtypes. Integer arithmetic
   wraps (computed in the unsigned twin, so no C overflow); division and
   remainder by zero give 0 and raise the divide-by-zero flag; INT_MIN // -1
   gives INT_MIN and raises overflow; shifts past the width give 0 (or -1
   for a negative value shifted right), as NumPy. */
#include "generic/isa_name.h"
#include "generic/loops.h"

#define IS_SIGNED(T) ((T)-1 < (T)0)

/* ---- element functions, one set per integer type ----
   Wrapping arithmetic goes through 1u * (UT)x: unsigned int for the 8- and
   16-bit types (which would otherwise promote to int, where 48190 * 48190
   overflows, undefined behaviour), UT itself for the wider ones. */
#define INT_FUNCS(S, T, UT, BITS)                                                                  \
    static inline T add_##S(T a, T b) { return (T)((UT)a + (UT)b); }                               \
    static inline T sub_##S(T a, T b) { return (T)((UT)a - (UT)b); }                               \
    static inline T mul_##S(T a, T b) { return (T)(1u * (UT)a * (UT)b); }                          \
    static inline bool min_div_##S(T a, T b) {                                                     \
        return IS_SIGNED(T) && b == (T)-1 && a == (T)((UT)1 << (BITS - 1));                        \
    }                                                                                              \
    static inline T fdiv_##S(T a, T b) {                                                           \
        if (b == 0) return nd_kflags |= ND_KFLAG_DIVBYZERO, (T)0;                                  \
        if (min_div_##S(a, b)) return nd_kflags |= ND_KFLAG_OVERFLOW, a;                           \
        T q = a / b;                                                                               \
        return (a % b != 0 && ((a < 0) != (b < 0))) ? (T)(q - 1) : q;                              \
    }                                                                                              \
    static inline T rem_##S(T a, T b) {                                                            \
        if (b == 0) return nd_kflags |= ND_KFLAG_DIVBYZERO, (T)0;                                  \
        if (min_div_##S(a, b)) return 0;                                                           \
        T r = a % b;                                                                               \
        return (r != 0 && ((r < 0) != (b < 0))) ? (T)(r + b) : r;                                  \
    }                                                                                              \
    static inline T fmod_##S(T a, T b) {                                                           \
        if (b == 0) return nd_kflags |= ND_KFLAG_DIVBYZERO, (T)0;                                  \
        return min_div_##S(a, b) ? (T)0 : (T)(a % b);                                              \
    }                                                                                              \
    static inline T pow_##S(T a, T b) {                                                            \
        if (b < 0) return nd_kflags |= ND_KFLAG_NEG_INT_POWER, (T)0;                               \
        UT r = 1, base = (UT)a, e = (UT)b;                                                         \
        for (; e; e >>= 1, base = (UT)(1u * base * base))                                          \
            if (e & 1) r = (UT)(1u * r * base);                                                    \
        return (T)r;                                                                               \
    }                                                                                              \
    static inline T max_##S(T a, T b) { return a > b ? a : b; }                                    \
    static inline T min_##S(T a, T b) { return a < b ? a : b; }                                    \
    static inline UT uabs_##S(T a) { return a < 0 ? (UT)0 - (UT)a : (UT)a; }                       \
    static inline UT ugcd_##S(UT x, UT y) {                                                        \
        while (y) {                                                                                \
            UT t = x % y;                                                                          \
            x = y, y = t;                                                                          \
        }                                                                                          \
        return x;                                                                                  \
    }                                                                                              \
    static inline T gcd_##S(T a, T b) { return (T)ugcd_##S(uabs_##S(a), uabs_##S(b)); }            \
    static inline T lcm_##S(T a, T b) {                                                            \
        UT x = uabs_##S(a), y = uabs_##S(b), g = ugcd_##S(x, y);                                   \
        return g == 0 ? (T)0 : (T)(1u * (x / g) * y);                                              \
    }                                                                                              \
    static inline T band_##S(T a, T b) { return a & b; }                                           \
    static inline T bor_##S(T a, T b) { return a | b; }                                            \
    static inline T bxor_##S(T a, T b) { return a ^ b; }                                           \
    static inline T shl_##S(T a, T b) { return (UT)b < (UT)(BITS) ? (T)(1u * (UT)a << b) : (T)0; } \
    static inline T shr_##S(T a, T b) {                                                            \
        if ((UT)b < (UT)(BITS)) return (T)(a >> b);                                                \
        return a < 0 ? (T)-1 : (T)0;                                                               \
    }                                                                                              \
    static inline T neg_##S(T a) { return (T)((UT)0 - (UT)a); }                                    \
    static inline T pos_##S(T a) { return a; }                                                     \
    static inline T abs_##S(T a) { return (T)uabs_##S(a); }                                        \
    static inline T sign_##S(T a) { return (T)((a > 0) - (a < 0)); }                               \
    static inline T sq_##S(T a) { return mul_##S(a, a); }                                          \
    static inline T recip_##S(T a) {                                                               \
        /* NumPy computes 1.0 / a and converts; 1/0 is INT_MIN for signed. */                      \
        if (a == 0)                                                                                \
            return nd_kflags |= ND_KFLAG_DIVBYZERO,                                                \
                   IS_SIGNED(T) ? (T)((UT)1 << (BITS - 1)) : (T)0;                                 \
        return a == 1 ? (T)1 : (IS_SIGNED(T) && a == (T)-1) ? (T)-1 : (T)0;                        \
    }                                                                                              \
    static inline T inv_##S(T a) { return (T)~a; }

/* Comparisons and truth tests work the same on every real type. */
#define CMP_FUNCS(S, T)                                                                            \
    static inline bool eq_##S(T a, T b) { return a == b; }                                         \
    static inline bool ne_##S(T a, T b) { return a != b; }                                         \
    static inline bool lt_##S(T a, T b) { return a < b; }                                          \
    static inline bool le_##S(T a, T b) { return a <= b; }                                         \
    static inline bool gt_##S(T a, T b) { return a > b; }                                          \
    static inline bool ge_##S(T a, T b) { return a >= b; }                                         \
    static inline bool land_##S(T a, T b) { return a != 0 && b != 0; }                             \
    static inline bool lor_##S(T a, T b) { return a != 0 || b != 0; }                              \
    static inline bool lxor_##S(T a, T b) { return (a != 0) != (b != 0); }                         \
    static inline bool lnot_##S(T a) { return a == 0; }

#define INT_ISX_FUNCS(S, T)                                                                        \
    static inline bool isnan_##S(T a) { return (void)a, false; }                                   \
    static inline bool isinf_##S(T a) { return (void)a, false; }                                   \
    static inline bool isfin_##S(T a) { return (void)a, true; }

#define FOR_INTS(X)                                                                                \
    X(int8, int8_t, uint8_t, 8)                                                                    \
    X(int16, int16_t, uint16_t, 16)                                                                \
    X(int32, int32_t, uint32_t, 32)                                                                \
    X(int64, int64_t, uint64_t, 64)                                                                \
    X(uint8, uint8_t, uint8_t, 8)                                                                  \
    X(uint16, uint16_t, uint16_t, 16)                                                              \
    X(uint32, uint32_t, uint32_t, 32)                                                              \
    X(uint64, uint64_t, uint64_t, 64)

#define ALL_INT_FUNCS(S, T, UT, BITS) INT_FUNCS(S, T, UT, BITS) CMP_FUNCS(S, T) INT_ISX_FUNCS(S, T)
FOR_INTS(ALL_INT_FUNCS)

/* bool is uint8 0/1: + is or, * is and, as NumPy. */
typedef uint8_t boolean_t;
static inline uint8_t bor_boolean(uint8_t a, uint8_t b) { return a | b; }
static inline uint8_t band_boolean(uint8_t a, uint8_t b) { return a & b; }
static inline uint8_t bxor_boolean(uint8_t a, uint8_t b) { return a ^ b; }
static inline uint8_t pos_boolean(uint8_t a) { return a; }
static inline uint8_t inv_boolean(uint8_t a) { return !a; }
CMP_FUNCS(boolean, uint8_t)
INT_ISX_FUNCS(boolean, uint8_t)

/* ---- op lists: (OP enum, element function) ---- */
#define INT_BINARY_OPS(X, S, T)                                                                    \
    X(ADD, add, S, T)                                                                              \
    X(SUBTRACT, sub, S, T)                                                                         \
    X(MULTIPLY, mul, S, T)                                                                         \
    X(FLOOR_DIVIDE, fdiv, S, T) X(REMAINDER, rem, S, T) X(POWER, pow, S, T) X(MAXIMUM, max, S, T)  \
        X(MINIMUM, min, S, T) X(FMAX, max, S, T) X(FMIN, min, S, T) X(FMOD, fmod, S, T)            \
            X(GCD, gcd, S, T) X(LCM, lcm, S, T) X(BITWISE_AND, band, S, T)                         \
                X(BITWISE_OR, bor, S, T) X(BITWISE_XOR, bxor, S, T) X(LEFT_SHIFT, shl, S, T)       \
                    X(RIGHT_SHIFT, shr, S, T)
#define INT_UNARY_OPS(X, S, T)                                                                     \
    X(NEGATIVE, neg, S, T)                                                                         \
    X(POSITIVE, pos, S, T)                                                                         \
    X(ABSOLUTE, abs, S, T)                                                                         \
    X(SIGN, sign, S, T) X(SQUARE, sq, S, T) X(RECIPROCAL, recip, S, T) X(INVERT, inv, S, T)        \
        X(CONJUGATE, pos, S, T)
#define BOOL_OUT_BINARY_OPS(X, S, T)                                                               \
    X(EQUAL, eq, S, T)                                                                             \
    X(NOT_EQUAL, ne, S, T)                                                                         \
    X(LESS, lt, S, T)                                                                              \
    X(LESS_EQUAL, le, S, T) X(GREATER, gt, S, T) X(GREATER_EQUAL, ge, S, T)                        \
        X(LOGICAL_AND, land, S, T) X(LOGICAL_OR, lor, S, T) X(LOGICAL_XOR, lxor, S, T)
#define BOOL_OUT_UNARY_OPS(X, S, T)                                                                \
    X(ISNAN, isnan, S, T) X(ISINF, isinf, S, T) X(ISFINITE, isfin, S, T) X(LOGICAL_NOT, lnot, S, T)
#define BOOL_BINARY_OPS(X, S, T)                                                                   \
    X(ADD, bor, S, T)                                                                              \
    X(MULTIPLY, band, S, T)                                                                        \
    X(MAXIMUM, bor, S, T)                                                                          \
    X(MINIMUM, band, S, T) X(FMAX, bor, S, T) X(FMIN, band, S, T) X(BITWISE_AND, band, S, T)       \
        X(BITWISE_OR, bor, S, T) X(BITWISE_XOR, bxor, S, T)
#define BOOL_UNARY_OPS(X, S, T) X(ABSOLUTE, pos, S, T) X(INVERT, inv, S, T)

/* ---- instantiate loops ---- */
#define DEF_B(OP, fn, S, T) ND_BINARY_LOOP(k_##OP##_##S, T, T, fn##_##S(a, b))
#define DEF_U(OP, fn, S, T) ND_UNARY_LOOP(k_##OP##_##S, T, T, fn##_##S(a))
#define DEF_BB(OP, fn, S, T) ND_BINARY_LOOP(k_##OP##_##S, T, uint8_t, fn##_##S(a, b))
#define DEF_UB(OP, fn, S, T) ND_UNARY_LOOP(k_##OP##_##S, T, uint8_t, fn##_##S(a))
#define INT_LOOPS(S, T, UT, BITS)                                                                  \
    INT_BINARY_OPS(DEF_B, S, T)                                                                    \
    INT_UNARY_OPS(DEF_U, S, T) BOOL_OUT_BINARY_OPS(DEF_BB, S, T) BOOL_OUT_UNARY_OPS(DEF_UB, S, T)
FOR_INTS(INT_LOOPS)
BOOL_BINARY_OPS(DEF_B, boolean, uint8_t)
BOOL_UNARY_OPS(DEF_U, boolean, uint8_t)
BOOL_OUT_BINARY_OPS(DEF_BB, boolean, uint8_t)
BOOL_OUT_UNARY_OPS(DEF_UB, boolean, uint8_t)

#define SET(OP, fn, S, T) ND_REG(t, OP, S, k_##OP##_##S);
#define INT_SET(S, T, UT, BITS)                                                                    \
    INT_BINARY_OPS(SET, S, T)                                                                      \
    INT_UNARY_OPS(SET, S, T) BOOL_OUT_BINARY_OPS(SET, S, T) BOOL_OUT_UNARY_OPS(SET, S, T)

void ND_K(nd_kfill_ew_int)(nd_ktable *t) {
    FOR_INTS(INT_SET)
    BOOL_BINARY_OPS(SET, boolean, uint8_t)
    BOOL_UNARY_OPS(SET, boolean, uint8_t)
    BOOL_OUT_BINARY_OPS(SET, boolean, uint8_t)
    BOOL_OUT_UNARY_OPS(SET, boolean, uint8_t)
}
