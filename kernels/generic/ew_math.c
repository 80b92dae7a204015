/* float32/float64 transcendentals from SLEEF, overlaying ew_float.c's libm
   loops. Each level calls SLEEF's entry points for its own ISA by name
   (Sleef_finz_expd8_u10avx512f, ...), never SLEEF's dispatcher, so the level nd
   chose is the level that runs: avx512 8/16 lanes, avx2 4/8, baseline SSE2
   2/4, scalar SLEEF's one-lane pure-C build of the same algorithms. All are
   the 1.0-ULP (u10) versions; hypot has no u10, its 0.5-ULP (u05) version is
   used. They are SLEEF's deterministic builds (cinz_ without FMA for scalar
   and SSE2, finz_ with FMA for AVX2 and AVX-512): the default builds pick a
   range-reduction path for the whole vector (sin of a small x differs when a
   neighbouring lane is large), the deterministic ones per lane.

   Every element goes through the same vector function whatever its position:
   full vectors straight from contiguous memory, and the tail and strided runs
   gathered into a lane buffer. The deterministic builds' lanes are
   independent, so a result depends only on its input, not on alignment,
   offset or stride (the accuracy suite checks this). Unused tail lanes repeat lane 0 rather than
   holding zeros: a zero would raise floating-point flags of its own (log(0)
   divides by zero, acosh(0) is invalid) that the driver would report. */
#include <sleef.h>
#include <xmmintrin.h>

#include "generic/isa_name.h"
#include "generic/kdefs.h"

/* The scalar level is built without vectorization but still on x86-64, so
   __SSE2__ is defined there too; tell it apart by its name. */
#define ND_MATH_IS_scalar 1
#define ND_MATH_IS_LEVEL(x) ND_KCAT(ND_MATH_IS, x)

/* Per level: SLEEF's vector types, lane counts (the name part "d8"), ISA suffix. */
#if defined(__AVX512F__)
typedef __m512d vd_;
typedef __m512 vf_;
#define LANES_float64 d8
#define LANES_float32 f16
#define SLEEF_ISA avx512f
#define SLEEF_DET finz
#elif defined(__AVX2__)
typedef __m256d vd_;
typedef __m256 vf_;
#define LANES_float64 d4
#define LANES_float32 f8
#define SLEEF_ISA avx2
#define SLEEF_DET finz
#elif ND_MATH_IS_LEVEL(ND_ISA_NAME)
typedef double vd_;
typedef float vf_;
#define LANES_float64 d1
#define LANES_float32 f1
#define SLEEF_ISA purec
#define SLEEF_DET cinz
#elif defined(__SSE2__)
typedef __m128d vd_;
typedef __m128 vf_;
#define LANES_float64 d2
#define LANES_float32 f4
#define SLEEF_ISA sse2
#define SLEEF_DET cinz
#else
#error "ew_math.c: no SLEEF build for this ISA level"
#endif
typedef vd_ vt_float64;
typedef vf_ vt_float32;

/* Sleef_<det>_<fn><lanes>_<prec><isa>, e.g. Sleef_finz_expd8_u10avx512f */
#define SLEEF_CAT_(det, fn, lanes, prec, isa) Sleef_##det##_##fn##lanes##_##prec##isa
#define SLEEF_CAT(det, fn, lanes, prec, isa) SLEEF_CAT_(det, fn, lanes, prec, isa)
#define SLEEF_FN(fn, S, prec) SLEEF_CAT(SLEEF_DET, fn, LANES_##S, prec, SLEEF_ISA)

/* Vector load/store through memcpy: defined for any alignment, and compiled
   to one unaligned vector move. */
#define VLD(VT, p)                                                                                 \
    ({                                                                                             \
        VT v_;                                                                                     \
        memcpy(&v_, (p), sizeof v_);                                                               \
        v_;                                                                                        \
    })
#define VST(VT, p, v)                                                                              \
    do {                                                                                           \
        VT w_ = (v);                                                                               \
        memcpy((p), &w_, sizeof w_);                                                               \
    } while (0)

/* Lanes SLEEF gets wrong, recomputed one by one in x87 long double (64-bit
   significand, so one rounding to the target stays within 1 ULP) -- plain
   scalar code, the same at every level, and only ever on rare inputs:
   - OVF: SLEEF's overflow checks are a little early (exp(709.7827128),
     sinh/cosh above 709 / 88.7f, pow(2, 1023.9999), log1p/asinh/acosh of
     huge x give inf): a finite input with an infinite result is redone.
   - TINY: tiny x (|x| < 2^-9) is SLEEF's worst case for tanh/atanh/asinh
     (just above 1 ULP) and for log1p/sinh/tan (1 ULP, flushing subnormal
     results), though there the result is x or its neighbour.
   - atan2 with a subnormal result (|a| tiny against b > 0): there atan2(a, b)
     = a/b to far below an ulp, and the quotient rounds once.
   - float32 hypot with both operands tiny: SLEEF loses subnormal bits; in
     double the squares are exact and nothing underflows. */
#define FIX_NONE(fn, S, T)                                                                         \
    enum { fixon_##fn##_##S = 0 };                                                                 \
    static inline bool fixp_##fn##_##S(T a, T r) { return (void)a, (void)r, false; }               \
    static inline T fixf_##fn##_##S(T a) { return a; }
#define FIX_OVF(fn, S, T)                                                                          \
    enum { fixon_##fn##_##S = 1 };                                                                 \
    static inline bool fixp_##fn##_##S(T a, T r) { return isinf(r) && isfinite(a); }               \
    static inline T fixf_##fn##_##S(T a) { return (T)fn##l((long double)a); }
#define FIX_TINY(fn, S, T)                                                                         \
    enum { fixon_##fn##_##S = 1 };                                                                 \
    static inline bool fixp_##fn##_##S(T a, T r) { return (void)r, a != 0 && fabsl(a) < 0x1p-9L; } \
    static inline T fixf_##fn##_##S(T a) { return (T)fn##l((long double)a); }

#define FIX_TINY_OVF(fn, S, T)                                                                     \
    enum { fixon_##fn##_##S = 1 };                                                                 \
    static inline bool fixp_##fn##_##S(T a, T r) {                                                 \
        return (a != 0 && fabsl(a) < 0x1p-9L) || (isinf(r) && isfinite(a));                        \
    }                                                                                              \
    static inline T fixf_##fn##_##S(T a) { return (T)fn##l((long double)a); }

#define MATH_FIXES(X, S, T)                                                                        \
    X##_OVF(exp, S, T) X##_OVF(exp2, S, T) X##_OVF(expm1, S, T) X##_NONE(log, S, T)                \
        X##_NONE(log2, S, T) X##_NONE(log10, S, T) X##_TINY_OVF(log1p, S, T) X##_NONE(sin, S, T)   \
            X##_NONE(cos, S, T) X##_TINY(tan, S, T) X##_NONE(asin, S, T) X##_NONE(acos, S, T)      \
                X##_NONE(atan, S, T) X##_TINY_OVF(sinh, S, T) X##_OVF(cosh, S, T)                  \
                    X##_TINY(tanh, S, T) X##_TINY_OVF(asinh, S, T) X##_OVF(acosh, S, T)            \
                        X##_TINY(atanh, S, T) X##_NONE(cbrt, S, T)
#define FIX_SEL_NONE FIX_NONE
#define FIX_SEL_OVF FIX_OVF
#define FIX_SEL_TINY FIX_TINY
#define FIX_SEL_TINY_OVF FIX_TINY_OVF
MATH_FIXES(FIX_SEL, float64, double)
MATH_FIXES(FIX_SEL, float32, float)

enum { fixon_pow_float64 = 1, fixon_pow_float32 = 1 };
enum { fixon_atan2_float64 = 1, fixon_atan2_float32 = 1 };
enum { fixon_hypot_float64 = 0, fixon_hypot_float32 = 1 };
#define POW_FIX(S, T)                                                                              \
    static inline bool fixp_pow_##S(T a, T b, T r) {                                               \
        return isinf(r) && isfinite(a) && isfinite(b);                                             \
    }                                                                                              \
    static inline T fixf_pow_##S(T a, T b) { return (T)powl(a, b); }                               \
    static inline bool fixp_atan2_##S(T a, T b, T r) {                                             \
        return (void)r, b > 0 && fabs((double)a) < 0x1p-30 * (double)b;                            \
    }                                                                                              \
    static inline T fixf_atan2_##S(T a, T b) { return (T)((double)a / (double)b); }
POW_FIX(float64, double)
POW_FIX(float32, float)
static inline bool fixp_hypot_float64(double a, double b, double r) {
    return (void)a, (void)b, (void)r, false;
}
static inline double fixf_hypot_float64(double a, double b) { return (void)b, a; }
static inline bool fixp_hypot_float32(float a, float b, float r) {
    return (void)r, fabsf(a) < 0x1p-100f && fabsf(b) < 0x1p-100f;
}
static inline float fixf_hypot_float32(float a, float b) {
    return (float)sqrt((double)a * a + (double)b * b);
}

/* Floating-point flags. SLEEF's vector code evaluates every branch and
   blends, so the flags it raises depend on the branches not taken and
   differ between levels (acos(0) raised divide-by-zero). Each loop below
   therefore saves MXCSR's status, runs, and puts back the saved status
   plus the flags the results call for, which are NumPy's (checked by
   tests/test_fp_flags.c on a grid of special values):
   - invalid: a NaN result from operands that hold no NaN;
   - divide-by-zero: an infinite result at a pole (log(0), log1p(-1),
     atanh(+-1), 0**negative);
   - overflow: any other infinite result from finite operands (and pow(x,
     +-inf) where x*x overflows, as NumPy's pow computes it).
   Underflow is not raised (NumPy ignores it by default). */
enum { CSR_INVALID = 1, CSR_DIVIDE = 4, CSR_OVERFLOW = 8 };
#define POLE_NONE(x) false
#define POLE_LOG(x) ((x) == 0)
#define POLE_LOG1P(x) ((x) == -1)
#define POLE_ATANH(x) (fabs((double)(x)) == 1)
#define POLE_exp POLE_NONE
#define POLE_exp2 POLE_NONE
#define POLE_expm1 POLE_NONE
#define POLE_log POLE_LOG
#define POLE_log2 POLE_LOG
#define POLE_log10 POLE_LOG
#define POLE_log1p POLE_LOG1P
#define POLE_sin POLE_NONE
#define POLE_cos POLE_NONE
#define POLE_tan POLE_NONE
#define POLE_asin POLE_NONE
#define POLE_acos POLE_NONE
#define POLE_atan POLE_NONE
#define POLE_sinh POLE_NONE
#define POLE_cosh POLE_NONE
#define POLE_tanh POLE_NONE
#define POLE_asinh POLE_NONE
#define POLE_acosh POLE_NONE
#define POLE_atanh POLE_ATANH
#define POLE_cbrt POLE_NONE

static inline unsigned flags1(bool pole, double x, double r) {
    if (r != r) return x == x ? CSR_INVALID : 0;
    if (isinf(r) && !isinf(x)) return pole ? CSR_DIVIDE : CSR_OVERFLOW;
    return 0;
}
/* pow: a == 0 with b < 0 is the pole; atan2 and hypot have none */
static inline unsigned flags2(bool is_pow, double a, double b, double r, bool sq_ovf) {
    if (r != r) return a == a && b == b ? CSR_INVALID : 0;
    if (!isinf(r) || isinf(a)) return 0;
    if (is_pow && a == 0 && b < 0) return CSR_DIVIDE;
    return !isinf(b) || (is_pow && sq_ovf) ? CSR_OVERFLOW : 0;
}
#define IS_POW_pow true
#define IS_POW_atan2 false
#define IS_POW_hypot false

static inline unsigned csr_save(void) { return _mm_getcsr(); }
static inline void csr_restore(unsigned saved, unsigned raised) { _mm_setcsr(saved | raised); }

/* y = f(x) over one vector; the rare lanes fixed as above. */
#define CALL1(fn, S, T, prec, VT, vx)                                                              \
    ({                                                                                             \
        VT vr_ = SLEEF_FN(fn, S, prec)(vx);                                                        \
        if (fixon_##fn##_##S) {                                                                    \
            T xa_[W], ra_[W];                                                                      \
            memcpy(xa_, &(vx), sizeof xa_), memcpy(ra_, &vr_, sizeof ra_);                         \
            bool any_ = false;                                                                     \
            for (int k_ = 0; k_ < W; k_++) any_ |= fixp_##fn##_##S(xa_[k_], ra_[k_]);              \
            if (any_) {                                                                            \
                for (int k_ = 0; k_ < W; k_++)                                                     \
                    if (fixp_##fn##_##S(xa_[k_], ra_[k_])) ra_[k_] = fixf_##fn##_##S(xa_[k_]);     \
                memcpy(&vr_, ra_, sizeof ra_);                                                     \
            }                                                                                      \
        }                                                                                          \
        vr_;                                                                                       \
    })
#define CALL2(fn, S, T, prec, VT, va, vb)                                                          \
    ({                                                                                             \
        VT vr_ = SLEEF_FN(fn, S, prec)(va, vb);                                                    \
        if (fixon_##fn##_##S) {                                                                    \
            T aa_[W], ba_[W], ra_[W];                                                              \
            memcpy(aa_, &(va), sizeof aa_), memcpy(ba_, &(vb), sizeof ba_);                        \
            memcpy(ra_, &vr_, sizeof ra_);                                                         \
            bool any_ = false;                                                                     \
            for (int k_ = 0; k_ < W; k_++) any_ |= fixp_##fn##_##S(aa_[k_], ba_[k_], ra_[k_]);     \
            if (any_) {                                                                            \
                for (int k_ = 0; k_ < W; k_++)                                                     \
                    if (fixp_##fn##_##S(aa_[k_], ba_[k_], ra_[k_]))                                \
                        ra_[k_] = fixf_##fn##_##S(aa_[k_], ba_[k_]);                               \
                memcpy(&vr_, ra_, sizeof ra_);                                                     \
            }                                                                                      \
        }                                                                                          \
        vr_;                                                                                       \
    })

/* the flags of one vector's results (lanes of the vector types as arrays) */
#define FLAGS1(fn, T, W, vx, vr)                                                                   \
    ({                                                                                             \
        T x_[W], r_[W];                                                                            \
        memcpy(x_, &(vx), sizeof x_), memcpy(r_, &(vr), sizeof r_);                                \
        unsigned f_ = 0;                                                                           \
        for (int k_ = 0; k_ < W; k_++) f_ |= flags1(POLE_##fn(x_[k_]), x_[k_], r_[k_]);            \
        f_;                                                                                        \
    })
#define FLAGS2(fn, T, W, va, vb, vr)                                                               \
    ({                                                                                             \
        T a_[W], b_[W], r_[W];                                                                     \
        memcpy(a_, &(va), sizeof a_), memcpy(b_, &(vb), sizeof b_), memcpy(r_, &(vr), sizeof r_);  \
        unsigned f_ = 0;                                                                           \
        for (int k_ = 0; k_ < W; k_++)                                                             \
            f_ |= flags2(IS_POW_##fn, a_[k_], b_[k_], r_[k_], isinf(a_[k_] * a_[k_]));             \
        f_;                                                                                        \
    })

#define MATH_UNARY(OP, fn, prec, S, T)                                                             \
    static void k_##OP##_##S(char *const *args, const int64_t *steps, int64_t n) {                 \
        typedef vt_##S VT;                                                                         \
        enum { W = sizeof(VT) / sizeof(T) };                                                       \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        const int64_t si = steps[0], so = steps[1];                                                \
        const unsigned csr = csr_save();                                                           \
        unsigned raised = 0;                                                                       \
        int64_t i = 0;                                                                             \
        if (si == (int64_t)sizeof(T) && so == (int64_t)sizeof(T))                                  \
            for (; i + W <= n; i += W) {                                                           \
                VT vx = VLD(VT, ip + i * si);                                                      \
                VT vr = CALL1(fn, S, T, prec, VT, vx);                                             \
                raised |= FLAGS1(fn, T, W, vx, vr);                                                \
                VST(VT, op + i * si, vr);                                                          \
            }                                                                                      \
        while (i < n) {                                                                            \
            T buf[W];                                                                              \
            const int64_t m = n - i < W ? n - i : W;                                               \
            for (int64_t k = 0; k < m; k++) memcpy(&buf[k], ip + (i + k) * si, sizeof(T));         \
            for (int64_t k = m; k < W; k++) buf[k] = buf[0];                                       \
            VT vx = VLD(VT, buf);                                                                  \
            VT vr = CALL1(fn, S, T, prec, VT, vx);                                                 \
            raised |= FLAGS1(fn, T, W, vx, vr);                                                    \
            VST(VT, buf, vr);                                                                      \
            for (int64_t k = 0; k < m; k++) memcpy(op + (i + k) * so, &buf[k], sizeof(T));         \
            i += m;                                                                                \
        }                                                                                          \
        csr_restore(csr, raised);                                                                  \
    }

/* Contiguous output with each input contiguous or fixed (stride 0, a
   broadcast scalar) runs whole vectors; anything else is gathered. */
#define MATH_BINARY(OP, fn, prec, S, T)                                                            \
    static void k_##OP##_##S(char *const *args, const int64_t *steps, int64_t n) {                 \
        typedef vt_##S VT;                                                                         \
        enum { W = sizeof(VT) / sizeof(T) };                                                       \
        const char *pa = args[0], *pb = args[1];                                                   \
        char *po = args[2];                                                                        \
        const int64_t sa = steps[0], sb = steps[1], so = steps[2];                                 \
        const int64_t sz = (int64_t)sizeof(T);                                                     \
        const unsigned csr = csr_save();                                                           \
        unsigned raised = 0;                                                                       \
        int64_t i = 0;                                                                             \
        if (n >= W && so == sz && (sa == sz || sa == 0) && (sb == sz || sb == 0)) {                \
            T ca[W], cb[W];                                                                        \
            for (int k = 0; k < W; k++)                                                            \
                memcpy(&ca[k], pa, sizeof(T)), memcpy(&cb[k], pb, sizeof(T));                      \
            const VT va0 = VLD(VT, ca), vb0 = VLD(VT, cb);                                         \
            for (; i + W <= n; i += W) {                                                           \
                VT va = sa ? VLD(VT, pa + i * sz) : va0;                                           \
                VT vb = sb ? VLD(VT, pb + i * sz) : vb0;                                           \
                VT vr = CALL2(fn, S, T, prec, VT, va, vb);                                         \
                raised |= FLAGS2(fn, T, W, va, vb, vr);                                            \
                VST(VT, po + i * sz, vr);                                                          \
            }                                                                                      \
        }                                                                                          \
        while (i < n) {                                                                            \
            T ba[W], bb[W];                                                                        \
            const int64_t m = n - i < W ? n - i : W;                                               \
            for (int64_t k = 0; k < m; k++) {                                                      \
                memcpy(&ba[k], pa + (i + k) * sa, sizeof(T));                                      \
                memcpy(&bb[k], pb + (i + k) * sb, sizeof(T));                                      \
            }                                                                                      \
            for (int64_t k = m; k < W; k++) ba[k] = ba[0], bb[k] = bb[0];                          \
            VT va = VLD(VT, ba), vb = VLD(VT, bb);                                                 \
            VT vr = CALL2(fn, S, T, prec, VT, va, vb);                                             \
            raised |= FLAGS2(fn, T, W, va, vb, vr);                                                \
            VST(VT, ba, vr);                                                                       \
            for (int64_t k = 0; k < m; k++) memcpy(po + (i + k) * so, &ba[k], sizeof(T));          \
            i += m;                                                                                \
        }                                                                                          \
        csr_restore(csr, raised);                                                                  \
    }

/* (nd op, SLEEF name, SLEEF accuracy suffix) */
#define MATH_UNARY_OPS(X, S, T)                                                                    \
    X(EXP, exp, u10, S, T)                                                                         \
    X(EXP2, exp2, u10, S, T)                                                                       \
    X(EXPM1, expm1, u10, S, T)                                                                     \
    X(LOG, log, u10, S, T)                                                                         \
    X(LOG2, log2, u10, S, T)                                                                       \
    X(LOG10, log10, u10, S, T)                                                                     \
    X(LOG1P, log1p, u10, S, T)                                                                     \
    X(SIN, sin, u10, S, T)                                                                         \
    X(COS, cos, u10, S, T)                                                                         \
    X(TAN, tan, u10, S, T)                                                                         \
    X(ARCSIN, asin, u10, S, T)                                                                     \
    X(ARCCOS, acos, u10, S, T)                                                                     \
    X(ARCTAN, atan, u10, S, T)                                                                     \
    X(SINH, sinh, u10, S, T)                                                                       \
    X(COSH, cosh, u10, S, T)                                                                       \
    X(TANH, tanh, u10, S, T)                                                                       \
    X(ARCSINH, asinh, u10, S, T)                                                                   \
    X(ARCCOSH, acosh, u10, S, T) X(ARCTANH, atanh, u10, S, T) X(CBRT, cbrt, u10, S, T)
#define MATH_BINARY_OPS(X, S, T)                                                                   \
    X(ARCTAN2, atan2, u10, S, T) X(HYPOT, hypot, u05, S, T) X(POWER, pow, u10, S, T)

MATH_UNARY_OPS(MATH_UNARY, float64, double)
MATH_UNARY_OPS(MATH_UNARY, float32, float)
MATH_BINARY_OPS(MATH_BINARY, float64, double)
MATH_BINARY_OPS(MATH_BINARY, float32, float)

#define MATH_SET(OP, fn, prec, S, T) ND_REG(t, OP, S, k_##OP##_##S);

void ND_K(nd_kfill_ew_math)(nd_ktable *t) {
    MATH_UNARY_OPS(MATH_SET, float64, double)
    MATH_UNARY_OPS(MATH_SET, float32, float)
    MATH_BINARY_OPS(MATH_SET, float64, double)
    MATH_BINARY_OPS(MATH_SET, float32, float)
}
