/* Elementwise kernels for complex64/complex128, with NumPy 1.24's formulas:
   the textbook product, Smith's quotient, lexicographic ordering that
   refuses NaN operands, and libm's complex functions for the rest (NumPy
   calls the same ones). */
#include <complex.h>

#include "generic/isa_name.h"
#include "generic/loops.h"

typedef struct {
    float re, im;
} cf;
typedef struct {
    double re, im;
} cd;

/* NumPy's lexicographic order. Its comparisons raise invalid for a NaN real
   part only when both imaginary parts are numbers (the compiled order of its
   tests), so the imaginary parts are tested first here. */
#define CGT(a, b)                                                                                  \
    (((a).im == (a).im && (b).im == (b).im && (a).re > (b).re) ||                                  \
     ((a).re == (b).re && (a).im > (b).im))
#define CGE(a, b)                                                                                  \
    (((a).im == (a).im && (b).im == (b).im && (a).re > (b).re) ||                                  \
     ((a).re == (b).re && (a).im >= (b).im))
#define CLT(a, b)                                                                                  \
    (((a).im == (a).im && (b).im == (b).im && (a).re < (b).re) ||                                  \
     ((a).re == (b).re && (a).im < (b).im))
#define CLE(a, b)                                                                                  \
    (((a).im == (a).im && (b).im == (b).im && (a).re < (b).re) ||                                  \
     ((a).re == (b).re && (a).im <= (b).im))
/* The same, quiet: a NaN part raises no invalid flag (NumPy's maximum,
   minimum, fmax and fmin raise none) */
#define CGTQ(a, b)                                                                                 \
    ((isgreater((a).re, (b).re) && (a).im == (a).im && (b).im == (b).im) ||                        \
     ((a).re == (b).re && isgreater((a).im, (b).im)))
#define CGEQ(a, b)                                                                                 \
    ((isgreater((a).re, (b).re) && (a).im == (a).im && (b).im == (b).im) ||                        \
     ((a).re == (b).re && isgreaterequal((a).im, (b).im)))
#define CLTQ(a, b)                                                                                 \
    ((isless((a).re, (b).re) && (a).im == (a).im && (b).im == (b).im) ||                           \
     ((a).re == (b).re && isless((a).im, (b).im)))
#define CLEQ(a, b)                                                                                 \
    ((isless((a).re, (b).re) && (a).im == (a).im && (b).im == (b).im) ||                           \
     ((a).re == (b).re && islessequal((a).im, (b).im)))
#define CNAN(a) ((a).re != (a).re || (a).im != (a).im)

/* S: dtype, C: struct, T: part type, F: libm suffix, Z: C99 complex type */
#define COMPLEX_FUNCS(S, C, T, F, Z)                                                               \
    static inline Z toz_##S(C a) {                                                                 \
        Z z;                                                                                       \
        memcpy(&z, &a, sizeof z);                                                                  \
        return z;                                                                                  \
    }                                                                                              \
    static inline C fromz_##S(Z z) {                                                               \
        C a;                                                                                       \
        memcpy(&a, &z, sizeof a);                                                                  \
        return a;                                                                                  \
    }                                                                                              \
    static inline C add_##S(C a, C b) { return (C){a.re + b.re, a.im + b.im}; }                    \
    static inline C sub_##S(C a, C b) { return (C){a.re - b.re, a.im - b.im}; }                    \
    static inline C mul_##S(C a, C b) {                                                            \
        return (C){a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};                          \
    }                                                                                              \
    static inline C div_##S(C a, C b) {                                                            \
        T ar = fabs##F(b.re), ai = fabs##F(b.im);                                                  \
        if (ar >= ai) {                                                                            \
            if (ar == 0 && ai == 0) return (C){a.re / ar, a.im / ar};                              \
            T rat = b.im / b.re, scl = (T)1 / (b.re + b.im * rat);                                 \
            return (C){(a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl};                      \
        }                                                                                          \
        T rat = b.re / b.im, scl = (T)1 / (b.im + b.re * rat);                                     \
        return (C){(a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl};                          \
    }                                                                                              \
    static inline C pow_##S(C a, C b) {                                                            \
        if (b.re == 0 && b.im == 0) return (C){1, 0};                                              \
        if (a.re == 0 && a.im == 0) {                                                              \
            if (b.re > 0 && b.im == 0) return (C){0, 0};                                           \
            nd_kflags |= ND_KFLAG_INVALID; /* 0**z is ill-defined: NumPy raises invalid */         \
            return (C){NAN, NAN};                                                                  \
        }                                                                                          \
        if (b.im == 0 && b.re > -100 && b.re < 100 && b.re == (T)(int)b.re) {                      \
            /* small integer powers by repeated squaring, as NumPy */                              \
            int n = (int)b.re, m = n < 0 ? -n : n;                                                 \
            C r = {1, 0}, p = a;                                                                   \
            for (; m; m >>= 1, p = mul_##S(p, p))                                                  \
                if (m & 1) r = mul_##S(r, p);                                                      \
            return n < 0 ? div_##S((C){1, 0}, r) : r;                                              \
        }                                                                                          \
        return fromz_##S(cpow##F(toz_##S(a), toz_##S(b)));                                         \
    }                                                                                              \
    static inline C max_##S(C a, C b) { return (CNAN(a) || CGEQ(a, b)) ? a : b; }                  \
    static inline C min_##S(C a, C b) { return (CNAN(a) || CLEQ(a, b)) ? a : b; }                  \
    static inline C fmax_##S(C a, C b) { return (CNAN(b) || CGEQ(a, b)) ? a : b; }                 \
    static inline C fmin_##S(C a, C b) { return (CNAN(b) || CLEQ(a, b)) ? a : b; }                 \
    static inline C neg_##S(C a) { return (C){-a.re, -a.im}; }                                     \
    static inline C pos_##S(C a) { return a; }                                                     \
    static inline C conj_##S(C a) { return (C){a.re, -a.im}; }                                     \
    static inline T abs_##S(C a) { return hypot##F(a.re, a.im); }                                  \
    static inline C sign_##S(C a) {                                                                \
        C z = {0, 0};                                                                              \
        T s = CGT(a, z) ? 1 : CLT(a, z) ? -1 : (a.re == 0 && a.im == 0) ? 0 : (T)NAN;              \
        return (C){s, 0};                                                                          \
    }                                                                                              \
    static inline C sq_##S(C a) { return mul_##S(a, a); }                                          \
    /* NumPy's formula: one rounding per part, and 1/(0+0j) raises only                            \
       invalid (0/0 in the ratio), not divide-by-zero */                                           \
    static inline C recip_##S(C a) {                                                               \
        if (fabs##F(a.im) <= fabs##F(a.re)) {                                                      \
            T r = a.im / a.re, d = a.re + a.im * r;                                                \
            return (C){1 / d, -r / d};                                                             \
        }                                                                                          \
        T r = a.re / a.im, d = a.re * r + a.im;                                                    \
        return (C){r / d, -1 / d};                                                                 \
    }                                                                                              \
    static inline C rint_##S(C a) { return (C){rint##F(a.re), rint##F(a.im)}; }                    \
    static inline C sqrt_##S(C a) { return fromz_##S(csqrt##F(toz_##S(a))); }                      \
    static inline C exp_##S(C a) { return fromz_##S(cexp##F(toz_##S(a))); }                        \
    static inline C log_##S(C a) { return fromz_##S(clog##F(toz_##S(a))); }                        \
    static inline C exp2_##S(C a) {                                                                \
        return exp_##S((C){a.re * (T)0.693147180559945309417, a.im * (T)0.693147180559945309417}); \
    }                                                                                              \
    static inline C log2_##S(C a) {                                                                \
        C r = log_##S(a);                                                                          \
        return (C){r.re * (T)1.442695040888963407360, r.im * (T)1.442695040888963407360};          \
    }                                                                                              \
    static inline C log10_##S(C a) {                                                               \
        C r = log_##S(a);                                                                          \
        return (C){r.re * (T)0.434294481903251827651, r.im * (T)0.434294481903251827651};          \
    }                                                                                              \
    static inline C expm1_##S(C a) {                                                               \
        T h = sin##F(a.im / 2);                                                                    \
        return (C){expm1##F(a.re) * cos##F(a.im) - 2 * h * h, exp##F(a.re) * sin##F(a.im)};        \
    }                                                                                              \
    static inline C log1p_##S(C a) {                                                               \
        T l = hypot##F(a.re + 1, a.im);                                                            \
        return (C){log##F(l), atan2##F(a.im, a.re + 1)};                                           \
    }                                                                                              \
    static inline C sin_##S(C a) { return fromz_##S(csin##F(toz_##S(a))); }                        \
    static inline C cos_##S(C a) { return fromz_##S(ccos##F(toz_##S(a))); }                        \
    static inline C tan_##S(C a) { return fromz_##S(ctan##F(toz_##S(a))); }                        \
    static inline C asin_##S(C a) { return fromz_##S(casin##F(toz_##S(a))); }                      \
    static inline C acos_##S(C a) { return fromz_##S(cacos##F(toz_##S(a))); }                      \
    static inline C atan_##S(C a) { return fromz_##S(catan##F(toz_##S(a))); }                      \
    static inline C sinh_##S(C a) { return fromz_##S(csinh##F(toz_##S(a))); }                      \
    static inline C cosh_##S(C a) { return fromz_##S(ccosh##F(toz_##S(a))); }                      \
    static inline C tanh_##S(C a) { return fromz_##S(ctanh##F(toz_##S(a))); }                      \
    static inline C asinh_##S(C a) { return fromz_##S(casinh##F(toz_##S(a))); }                    \
    static inline C acosh_##S(C a) { return fromz_##S(cacosh##F(toz_##S(a))); }                    \
    static inline C atanh_##S(C a) { return fromz_##S(catanh##F(toz_##S(a))); }                    \
    static inline bool eq_##S(C a, C b) { return a.re == b.re && a.im == b.im; }                   \
    static inline bool ne_##S(C a, C b) { return a.re != b.re || a.im != b.im; }                   \
    static inline bool lt_##S(C a, C b) { return CLT(a, b); }                                      \
    static inline bool le_##S(C a, C b) { return CLE(a, b); }                                      \
    static inline bool gt_##S(C a, C b) { return CGT(a, b); }                                      \
    static inline bool ge_##S(C a, C b) { return CGE(a, b); }                                      \
    static inline bool nz_##S(C a) { return a.re != 0 || a.im != 0; }                              \
    static inline bool land_##S(C a, C b) { return nz_##S(a) && nz_##S(b); }                       \
    static inline bool lor_##S(C a, C b) { return nz_##S(a) || nz_##S(b); }                        \
    static inline bool lxor_##S(C a, C b) { return nz_##S(a) != nz_##S(b); }                       \
    static inline bool lnot_##S(C a) { return !nz_##S(a); }                                        \
    static inline bool isnan_##S(C a) { return CNAN(a); }                                          \
    /* on the bits (kdefs.h): isinf()/isfinite() raised invalid on a quiet NaN */                  \
    static inline bool isinf_##S(C a) {                                                            \
        return nd_abs_bits(&a.re, sizeof a.re) == ND_INF_BITS(sizeof a.re) ||                      \
               nd_abs_bits(&a.im, sizeof a.im) == ND_INF_BITS(sizeof a.im);                        \
    }                                                                                              \
    static inline bool isfin_##S(C a) {                                                            \
        return nd_abs_bits(&a.re, sizeof a.re) < ND_INF_BITS(sizeof a.re) &&                       \
               nd_abs_bits(&a.im, sizeof a.im) < ND_INF_BITS(sizeof a.im);                         \
    }

COMPLEX_FUNCS(complex64, cf, float, f, float complex)
COMPLEX_FUNCS(complex128, cd, double, , double complex)

/* Ops with no product: each part's result is one IEEE operation or a
   quiet test, the same bits and flags in vector registers, so these
   loops vectorize (isnan ran at 0.5x NumPy as scalar code). */
#define CX_PLAIN_OPS(X, XB, S, C)                                                                  \
    X(ADD, add, S, C)                                                                              \
    X(SUBTRACT, sub, S, C)                                                                         \
    X(NEGATIVE, neg, S, C)                                                                         \
    X(POSITIVE, pos, S, C)                                                                         \
    X(CONJUGATE, conj, S, C)                                                                       \
    XB(EQUAL, eq, S, C)                                                                            \
    XB(NOT_EQUAL, ne, S, C)                                                                        \
    XB(ISNAN, isnan, S, C)                                                                         \
    XB(ISINF, isinf, S, C)                                                                         \
    XB(ISFINITE, isfin, S, C)
#define CX_BINARY_OPS(X, S, C)                                                                     \
    X(MULTIPLY, mul, S, C)                                                                         \
    X(DIVIDE, div, S, C)                                                                           \
    X(POWER, pow, S, C) X(MAXIMUM, max, S, C) X(MINIMUM, min, S, C) X(FMAX, fmax, S, C)            \
        X(FMIN, fmin, S, C)
#define CX_UNARY_OPS(X, S, C)                                                                      \
    X(SIGN, sign, S, C)                                                                            \
    X(SQRT, sqrt, S, C) X(SQUARE, sq, S, C) X(RECIPROCAL, recip, S, C) X(EXP, exp, S, C)           \
        X(EXP2, exp2, S, C) X(EXPM1, expm1, S, C) X(LOG, log, S, C) X(LOG2, log2, S, C)            \
            X(LOG10, log10, S, C) X(LOG1P, log1p, S, C) X(SIN, sin, S, C) X(COS, cos, S, C)        \
                X(TAN, tan, S, C) X(ARCSIN, asin, S, C) X(ARCCOS, acos, S, C)                      \
                    X(ARCTAN, atan, S, C) X(SINH, sinh, S, C) X(COSH, cosh, S, C)                  \
                        X(TANH, tanh, S, C) X(ARCSINH, asinh, S, C) X(ARCCOSH, acosh, S, C)        \
                            X(ARCTANH, atanh, S, C) X(RINT, rint, S, C)
#define CX_BOOL_BINARY_OPS(X, S, C)                                                                \
    X(LESS, lt, S, C)                                                                              \
    X(LESS_EQUAL, le, S, C)                                                                        \
    X(GREATER, gt, S, C) X(GREATER_EQUAL, ge, S, C) X(LOGICAL_AND, land, S, C)                     \
        X(LOGICAL_OR, lor, S, C) X(LOGICAL_XOR, lxor, S, C)
#define CX_BOOL_UNARY_OPS(X, S, C) X(LOGICAL_NOT, lnot, S, C)

#define DEF_B(OP, fn, S, C) ND_BINARY_LOOP(k_##OP##_##S, C, C, fn##_##S(a, b))
#define DEF_U(OP, fn, S, C) ND_UNARY_LOOP(k_##OP##_##S, C, C, fn##_##S(a))
#define DEF_BB(OP, fn, S, C) ND_BINARY_LOOP(k_##OP##_##S, C, uint8_t, fn##_##S(a, b))
#define DEF_UB(OP, fn, S, C) ND_UNARY_LOOP(k_##OP##_##S, C, uint8_t, fn##_##S(a))
/* The plain ops' loops take one or two operands: the arity picks the loop
   macro (DEF_B/DEF_U, DEF_BB/DEF_UB by the op's name below). */
#define DEF_P(OP, fn, S, C) DEF_P_##OP(OP, fn, S, C)
#define DEF_PB(OP, fn, S, C) DEF_PB_##OP(OP, fn, S, C)
#define DEF_P_ADD DEF_B
#define DEF_P_SUBTRACT DEF_B
#define DEF_P_NEGATIVE DEF_U
#define DEF_P_POSITIVE DEF_U
#define DEF_P_CONJUGATE DEF_U
#define DEF_PB_EQUAL DEF_BB
#define DEF_PB_NOT_EQUAL DEF_BB
#define DEF_PB_ISNAN DEF_UB
#define DEF_PB_ISINF DEF_UB
#define DEF_PB_ISFINITE DEF_UB
CX_PLAIN_OPS(DEF_P, DEF_PB, complex64, cf)
CX_PLAIN_OPS(DEF_P, DEF_PB, complex128, cd)

/* gcc 12's vectorizer recognizes the complex product and quotient and
   emits fmaddsub even under -ffp-contract=off, so the AVX2 and AVX-512
   levels rounded differently from the scalar one (found by the ufunc
   suite). The other complex loops stay scalar code at every level: each
   product is rounded alone, as NumPy's are. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("no-tree-vectorize")
#endif
#define CX_LOOPS(S, C, T)                                                                          \
    CX_BINARY_OPS(DEF_B, S, C)                                                                     \
    CX_UNARY_OPS(DEF_U, S, C)                                                                      \
    CX_BOOL_BINARY_OPS(DEF_BB, S, C)                                                               \
    CX_BOOL_UNARY_OPS(DEF_UB, S, C) ND_UNARY_LOOP(k_ABSOLUTE_##S, C, T, abs_##S(a))
CX_LOOPS(complex64, cf, float)
CX_LOOPS(complex128, cd, double)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

#define SET(OP, fn, S, C) ND_REG(t, OP, S, k_##OP##_##S);
#define CX_SET(S, C)                                                                               \
    CX_PLAIN_OPS(SET, SET, S, C)                                                                   \
    CX_BINARY_OPS(SET, S, C)                                                                       \
    CX_UNARY_OPS(SET, S, C)                                                                        \
    CX_BOOL_BINARY_OPS(SET, S, C)                                                                  \
    CX_BOOL_UNARY_OPS(SET, S, C) ND_REG(t, ABSOLUTE, S, k_ABSOLUTE_##S);

void ND_K(nd_kfill_ew_complex)(nd_ktable *t) {
    CX_SET(complex64, cf)
    CX_SET(complex128, cd)
}
