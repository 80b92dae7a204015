/* The vector layer of nd's own math kernels (kernels/generic/vm_*.c): one
   source for the avx2 and avx512 levels. Algorithms are written with GCC's
   vector extensions on the types below (operators +, -, *, /, comparisons
   giving -1/0 lane masks, &, |, ^, shifts on the integer types; a scalar
   operand is broadcast), and the few operations C cannot say (fused
   multiply-add, rounding to an integer, lane masks to bits, table lookups,
   float32 <-> float64) go through the small inline functions here, which
   map to one or two instructions per level. Compiled with
   -ffp-contract=off, so an expression rounds each operation: an FMA is
   always explicit (vd_fma), and code written only with these gives the
   same result at both levels. (Code under #if defined(__AVX512F__) -- rcp14,
   getmant, scalef -- may round differently from its avx2 twin; each stays
   within the stated bound at its level, which is all the project promises.)

   A family file defines, per op and dtype, a fast function over one vector
   (the lanes where a short reduction and a polynomial are accurate, used
   only when every lane is one of them) and a full one (every lane; the
   lanes off the fast path through an exact slow path, for example the
   SLEEF kernel the family overlays, via vd_patch), and makes the strided
   1-D loop with ND_VMATH_UNARY_OK / ND_VMATH_UNARY_CORE (or the BINARY
   ones; see "the strided 1-D loops" below). A result
   depends only on its own input: never on its neighbours, the offset, the
   stride or the level's vector width. */
#ifndef ND_VMATH_H
#define ND_VMATH_H

#include "generic/isa_name.h"
#include "generic/kdefs.h"

#if defined(__AVX512F__) || defined(__AVX2__)
#define ND_VMATH 1
#include <immintrin.h>

#if defined(__AVX512F__)
#define ND_VBYTES 64
#define ND_PD(op) _mm512_##op##_pd
#define ND_PS(op) _mm512_##op##_ps
#else
#define ND_VBYTES 32
#define ND_PD(op) _mm256_##op##_pd
#define ND_PS(op) _mm256_##op##_ps
#endif

typedef double vd __attribute__((vector_size(ND_VBYTES)));
typedef int64_t vdi __attribute__((vector_size(ND_VBYTES))); /* also vd's lane masks */
typedef uint64_t vdu __attribute__((vector_size(ND_VBYTES)));
typedef float vf __attribute__((vector_size(ND_VBYTES)));
typedef int32_t vfi __attribute__((vector_size(ND_VBYTES))); /* also vf's lane masks */
typedef uint32_t vfu __attribute__((vector_size(ND_VBYTES)));
enum { ND_LD = ND_VBYTES / 8, ND_LF = ND_VBYTES / 4 };

/* ---- loads and stores (any alignment) ---- */
static inline vd vd_ld(const void *p) {
    vd v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void vd_st(void *p, vd v) { memcpy(p, &v, sizeof v); }
static inline vf vf_ld(const void *p) {
    vf v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void vf_st(void *p, vf v) { memcpy(p, &v, sizeof v); }

/* ---- arithmetic C cannot say ---- */
static inline vd vd_fma(vd a, vd b, vd c) { return ND_PD(fmadd)(a, b, c); }   /* a*b + c */
static inline vd vd_fms(vd a, vd b, vd c) { return ND_PD(fmsub)(a, b, c); }   /* a*b - c */
static inline vd vd_fnma(vd a, vd b, vd c) { return ND_PD(fnmadd)(a, b, c); } /* c - a*b */
static inline vf vf_fma(vf a, vf b, vf c) { return ND_PS(fmadd)(a, b, c); }
static inline vf vf_fms(vf a, vf b, vf c) { return ND_PS(fmsub)(a, b, c); }
static inline vf vf_fnma(vf a, vf b, vf c) { return ND_PS(fnmadd)(a, b, c); }
static inline vd vd_sqrt(vd a) { return ND_PD(sqrt)(a); }
static inline vf vf_sqrt(vf a) { return ND_PS(sqrt)(a); }
/* b if either is NaN; minpd/maxpd raise invalid on a NaN operand */
static inline vd vd_min(vd a, vd b) { return ND_PD(min)(a, b); }
static inline vd vd_max(vd a, vd b) { return ND_PD(max)(a, b); }
static inline vf vf_min(vf a, vf b) { return ND_PS(min)(a, b); }
static inline vf vf_max(vf a, vf b) { return ND_PS(max)(a, b); }

/* Rounding to an integral value without raising inexact: mode is
   _MM_FROUND_TO_NEAREST_INT, _TO_NEG_INF, _TO_POS_INF or _TO_ZERO. */
#if defined(__AVX512F__)
#define vd_round_mode(x, mode) _mm512_roundscale_pd((x), (mode) | _MM_FROUND_NO_EXC)
#define vf_round_mode(x, mode) _mm512_roundscale_ps((x), (mode) | _MM_FROUND_NO_EXC)
#else
#define vd_round_mode(x, mode) _mm256_round_pd((x), (mode) | _MM_FROUND_NO_EXC)
#define vf_round_mode(x, mode) _mm256_round_ps((x), (mode) | _MM_FROUND_NO_EXC)
#endif
static inline vd vd_rint(vd x) { return vd_round_mode(x, _MM_FROUND_TO_NEAREST_INT); }
static inline vf vf_rint(vf x) { return vf_round_mode(x, _MM_FROUND_TO_NEAREST_INT); }
static inline vd vd_floor(vd x) { return vd_round_mode(x, _MM_FROUND_TO_NEG_INF); }
static inline vf vf_floor(vf x) { return vf_round_mode(x, _MM_FROUND_TO_NEG_INF); }

/* Nearest integer of x (|x| < 2^51, resp. 2^22) as a double and in the low
   bits of its representation: k = (x + 1.5 2^52) - 1.5 2^52, and the
   integer is ki = bits(x + 1.5 2^52) - bits(1.5 2^52). The usual way to
   get both with no integer conversion instruction (AVX2 has none for
   int64). */
static inline vd vd_round_i(vd x, vdi *ki) {
    vd m = x + 0x1.8p52;
    *ki = (vdi)((vdu)m - (vdu)((vd){0} + 0x1.8p52)); /* unsigned: no overflow on odd lanes */
    return m - 0x1.8p52;
}
static inline vf vf_round_i(vf x, vfi *ki) {
    vf m = x + 0x1.8p23f;
    *ki = (vfi)((vfu)m - (vfu)((vf){0} + 0x1.8p23f));
    return m - 0x1.8p23f;
}

/* 2^e as a double for integer e in [-1022, 1023] (resp. float [-126, 127]) */
static inline vd vd_pow2i(vdi e) { return (vd)((vdu)(e + 1023) << 52); }
static inline vf vf_pow2i(vfi e) { return (vf)((vfu)(e + 127) << 23); }

/* 1/x to about 12 bits (rcp14 at avx512, rcpps through float at avx2),
   for correction terms only; x a normal number well inside float range */
#if defined(__AVX512F__)
static inline vd vd_rcp_approx(vd x) { return _mm512_rcp14_pd(x); }
#else
static inline vd vd_rcp_approx(vd x) { return _mm256_cvtps_pd(_mm_rcp_ps(_mm256_cvtpd_ps(x))); }
#endif

/* ---- bit-level helpers ---- */
static inline vd vd_abs(vd x) { return (vd)((vdi)x & INT64_MAX); }
static inline vf vf_abs(vf x) { return (vf)((vfi)x & INT32_MAX); }
static inline vd vd_sign(vd x) { return (vd)((vdi)x & INT64_MIN); } /* -0.0 or +0.0 */
static inline vf vf_sign(vf x) { return (vf)((vfi)x & INT32_MIN); }
static inline vd vd_xorsign(vd x, vd s) { return (vd)((vdi)x ^ ((vdi)s & INT64_MIN)); }
static inline vf vf_xorsign(vf x, vf s) { return (vf)((vfi)x ^ ((vfi)s & INT32_MIN)); }
/* m ? a : b, lane by lane (m a -1/0 mask from a comparison) */
static inline vd vd_sel(vdi m, vd a, vd b) { return (vd)(((vdi)a & m) | ((vdi)b & ~m)); }
static inline vf vf_sel(vfi m, vf a, vf b) { return (vf)(((vfi)a & m) | ((vfi)b & ~m)); }
static inline vdi vdi_sel(vdi m, vdi a, vdi b) { return (a & m) | (b & ~m); }
static inline vfi vfi_sel(vfi m, vfi a, vfi b) { return (a & m) | (b & ~m); }

/* Quiet ordered comparisons. C's <, <=, >, >= on vector types compile to
   the signaling predicates, which raise invalid for a NaN operand (NumPy
   raises nothing for, e.g., a NaN through a range check); == and != are
   quiet already. A fast-path test that may see NaN uses these. */
#if defined(__AVX512F__)
#define ND_VCMP_D(a, b, p) ((vdi)_mm512_movm_epi64(_mm512_cmp_pd_mask((a), (b), (p))))
#define ND_VCMP_F(a, b, p) ((vfi)_mm512_movm_epi32(_mm512_cmp_ps_mask((a), (b), (p))))
#else
#define ND_VCMP_D(a, b, p) ((vdi)_mm256_cmp_pd((a), (b), (p)))
#define ND_VCMP_F(a, b, p) ((vfi)_mm256_cmp_ps((a), (b), (p)))
#endif
static inline vdi vd_lt(vd a, vd b) { return ND_VCMP_D(a, b, _CMP_LT_OQ); }
static inline vdi vd_le(vd a, vd b) { return ND_VCMP_D(a, b, _CMP_LE_OQ); }
static inline vdi vd_gt(vd a, vd b) { return ND_VCMP_D(a, b, _CMP_GT_OQ); }
static inline vdi vd_ge(vd a, vd b) { return ND_VCMP_D(a, b, _CMP_GE_OQ); }
static inline vfi vf_lt(vf a, vf b) { return ND_VCMP_F(a, b, _CMP_LT_OQ); }
static inline vfi vf_le(vf a, vf b) { return ND_VCMP_F(a, b, _CMP_LE_OQ); }
static inline vfi vf_gt(vf a, vf b) { return ND_VCMP_F(a, b, _CMP_GT_OQ); }
static inline vfi vf_ge(vf a, vf b) { return ND_VCMP_F(a, b, _CMP_GE_OQ); }

/* lane masks -> bit i for lane i */
#if defined(__AVX512F__)
static inline unsigned vdi_bits(vdi m) { return _mm512_movepi64_mask((__m512i)m); }
static inline unsigned vfi_bits(vfi m) { return _mm512_movepi32_mask((__m512i)m); }
#else
static inline unsigned vdi_bits(vdi m) { return (unsigned)_mm256_movemask_pd((__m256d)m); }
static inline unsigned vfi_bits(vfi m) { return (unsigned)_mm256_movemask_ps((__m256)m); }
#endif
static inline bool vdi_all(vdi m) { return vdi_bits(m) == (1u << ND_LD) - 1; }
static inline bool vfi_all(vfi m) { return vfi_bits(m) == (1u << ND_LF) - 1; }
static inline bool vdi_any(vdi m) { return vdi_bits(m) != 0; }
static inline bool vfi_any(vfi m) { return vfi_bits(m) != 0; }

/* ---- tables: T[j] for j in 0..15 (T 16 entries, j's high bits ignored
   at avx512, required zero at avx2) ---- */
#if defined(__AVX512F__)
static inline vd vd_lut16(const double *T, vdi j) {
    return _mm512_permutex2var_pd(_mm512_loadu_pd(T), (__m512i)j, _mm512_loadu_pd(T + 8));
}
static inline vf vf_lut16(const float *T, vfi j) {
    return _mm512_permutexvar_ps((__m512i)j, _mm512_loadu_ps(T));
}
#else
static inline vd vd_lut16(const double *T, vdi j) {
    return _mm256_i64gather_pd(T, (__m256i)(j & 15), 8);
}
static inline vf vf_lut16(const float *T, vfi j) {
    return _mm256_i32gather_ps(T, (__m256i)(j & 15), 4);
}
#endif
/* any table: T[j] for j in range (a gather at both levels) */
#if defined(__AVX512F__)
static inline vd vd_gather(const double *T, vdi j) { return _mm512_i64gather_pd((__m512i)j, T, 8); }
static inline vf vf_gather(const float *T, vfi j) { return _mm512_i32gather_ps((__m512i)j, T, 4); }
#else
static inline vd vd_gather(const double *T, vdi j) { return _mm256_i64gather_pd(T, (__m256i)j, 8); }
static inline vf vf_gather(const float *T, vfi j) { return _mm256_i32gather_ps(T, (__m256i)j, 4); }
#endif

/* ---- float32 <-> float64: a vf is two vd (lanes 0..LD-1, LD..LF-1);
   vd2_to_vf rounds once to float32 (raising overflow/underflow there). ---- */
#if defined(__AVX512F__)
static inline void vf_to_vd2(vf x, vd *lo, vd *hi) {
    *lo = _mm512_cvtps_pd(_mm512_castps512_ps256((__m512)x));
    *hi = _mm512_cvtps_pd(_mm512_extractf32x8_ps((__m512)x, 1));
}
static inline vf vd2_to_vf(vd lo, vd hi) {
    return _mm512_insertf32x8(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo)), _mm512_cvtpd_ps(hi), 1);
}
#else
static inline void vf_to_vd2(vf x, vd *lo, vd *hi) {
    *lo = _mm256_cvtps_pd(_mm256_castps256_ps128((__m256)x));
    *hi = _mm256_cvtps_pd(_mm256_extractf128_ps((__m256)x, 1));
}
static inline vf vd2_to_vf(vd lo, vd hi) {
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(lo)), _mm256_cvtpd_ps(hi),
                                1);
}
#endif

/* ---- complex: two vectors of interleaved (re, im) pairs -> the real parts
   and the imaginary parts, each in element order ---- */
#if defined(__AVX512F__)
static inline void vd_deinterleave(vd a, vd b, vd *re, vd *im) {
    const __m512i ev = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
    *re = _mm512_permutex2var_pd(a, ev, b);
    *im = _mm512_permutex2var_pd(a, _mm512_add_epi64(ev, _mm512_set1_epi64(1)), b);
}
static inline void vf_deinterleave(vf a, vf b, vf *re, vf *im) {
    const __m512i ev = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
    *re = _mm512_permutex2var_ps(a, ev, b);
    *im = _mm512_permutex2var_ps(a, _mm512_add_epi32(ev, _mm512_set1_epi32(1)), b);
}
#else
static inline void vd_deinterleave(vd a, vd b, vd *re, vd *im) {
    /* unpack gives (a0 b0 a2 b2) order; 0xD8 puts the lanes back in order */
    *re = _mm256_permute4x64_pd(_mm256_unpacklo_pd(a, b), 0xD8);
    *im = _mm256_permute4x64_pd(_mm256_unpackhi_pd(a, b), 0xD8);
}
static inline void vf_deinterleave(vf a, vf b, vf *re, vf *im) {
    const __m256i ord = _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7);
    __m256 lo = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
    __m256 hi = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1));
    *re = _mm256_permutevar8x32_ps(lo, ord);
    *im = _mm256_permutevar8x32_ps(hi, ord);
}
#endif

/* the inverse: real and imaginary parts -> two vectors of (re, im) pairs */
#if defined(__AVX512F__)
static inline void vd_interleave(vd re, vd im, vd *a, vd *b) {
    *a = _mm512_permutex2var_pd(re, _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0), im);
    *b = _mm512_permutex2var_pd(re, _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4), im);
}
static inline void vf_interleave(vf re, vf im, vf *a, vf *b) {
    *a = _mm512_permutex2var_ps(
        re, _mm512_set_epi32(23, 7, 22, 6, 21, 5, 20, 4, 19, 3, 18, 2, 17, 1, 16, 0), im);
    *b = _mm512_permutex2var_ps(
        re, _mm512_set_epi32(31, 15, 30, 14, 29, 13, 28, 12, 27, 11, 26, 10, 25, 9, 24, 8), im);
}
#else
static inline void vd_interleave(vd re, vd im, vd *a, vd *b) {
    __m256d lo = _mm256_unpacklo_pd(re, im), hi = _mm256_unpackhi_pd(re, im);
    *a = _mm256_permute2f128_pd(lo, hi, 0x20);
    *b = _mm256_permute2f128_pd(lo, hi, 0x31);
}
static inline void vf_interleave(vf re, vf im, vf *a, vf *b) {
    __m256 lo = _mm256_unpacklo_ps(re, im), hi = _mm256_unpackhi_ps(re, im);
    *a = _mm256_permute2f128_ps(lo, hi, 0x20);
    *b = _mm256_permute2f128_ps(lo, hi, 0x31);
}
#endif

/* ---- the slow path: y where the lane is on the fast path (mask ok),
   else what the kernel k (the one this overlays: same op and dtype) gives
   for x. k runs on a vector whose fast lanes repeat the first slow lane's
   input, so the flags it raises are those of the slow lanes only. ---- */
#define ND_VMATH_PATCH(name, V, VI, T, L, BITS)                                                    \
    static inline V name(VI ok, V y, nd_kloop k, V x) {                                            \
        unsigned bits = BITS(ok);                                                                  \
        if (bits == (1u << L) - 1) return y;                                                       \
        T in[L], out[L], ys[L];                                                                    \
        memcpy(in, &x, sizeof in);                                                                 \
        memcpy(ys, &y, sizeof ys);                                                                 \
        T first = in[__builtin_ctz(~bits)];                                                        \
        for (int i = 0; i < L; i++)                                                                \
            if (bits >> i & 1) in[i] = first;                                                      \
        char *args[2] = {(char *)in, (char *)out};                                                 \
        int64_t steps[2] = {sizeof(T), sizeof(T)};                                                 \
        k(args, steps, L);                                                                         \
        for (int i = 0; i < L; i++)                                                                \
            if (!(bits >> i & 1)) ys[i] = out[i];                                                  \
        memcpy(&y, ys, sizeof ys);                                                                 \
        return y;                                                                                  \
    }                                                                                              \
    static inline V name##2(VI ok, V y, nd_kloop k, V a, V b) {                                    \
        unsigned bits = BITS(ok);                                                                  \
        if (bits == (1u << L) - 1) return y;                                                       \
        T ia[L], ib[L], out[L], ys[L];                                                             \
        memcpy(ia, &a, sizeof ia);                                                                 \
        memcpy(ib, &b, sizeof ib);                                                                 \
        memcpy(ys, &y, sizeof ys);                                                                 \
        int f = __builtin_ctz(~bits);                                                              \
        for (int i = 0; i < L; i++)                                                                \
            if (bits >> i & 1) ia[i] = ia[f], ib[i] = ib[f];                                       \
        char *args[3] = {(char *)ia, (char *)ib, (char *)out};                                     \
        int64_t steps[3] = {sizeof(T), sizeof(T), sizeof(T)};                                      \
        k(args, steps, L);                                                                         \
        for (int i = 0; i < L; i++)                                                                \
            if (!(bits >> i & 1)) ys[i] = out[i];                                                  \
        memcpy(&y, ys, sizeof ys);                                                                 \
        return y;                                                                                  \
    }
ND_VMATH_PATCH(vd_patch, vd, vdi, double, ND_LD, vdi_bits)
ND_VMATH_PATCH(vf_patch, vf, vfi, float, ND_LF, vfi_bits)

/* ---- the strided 1-D loops ----
   Every maker defines
   static void name(char *const *args, const int64_t *steps, int64_t n).
   Contiguous runs go two vectors a step through name##_run, a loop with
   no call in it (with a call inside, GCC keeps the constants on the
   stack: a memory operand per FMA), which stops at the first pair with a
   lane off the fast path; that vector goes through the full function, and
   the run resumes after it. The tail and strided runs go through a lane
   buffer whose unused lanes repeat lane 0, so they raise no flags of their
   own.

   The vector-level makers, which the kernels should use, test BOTH
   vectors of a step before storing either. (A loop that stores the first
   vector and then may leave at the second makes GCC reload every constant
   and table inside the loop, the store possibly aliasing them: exp
   float64 was 45% slower that way.) Two forms, T double or float, V the
   matching vd or vf:
   ND_VMATH_UNARY_OK(name, T, OK, FASTV, FULLV)
       VI OK(V x)    the lanes the fast path handles (a cheap test, done
                     before computing),
       V FASTV(V x)  the result where every lane is OK,
       V FULLV(V x)  the result for any lanes;
   ND_VMATH_UNARY_CORE(name, T, CORE, FROMBITS, SLOW)
       V CORE(V x, unsigned *ok)  computes and reports in bit i whether
                     lane i is right (compute both, store if both are);
                     the other lanes go through the kernel SLOW by
                     vd_patch/vf_patch with the mask FROMBITS(ok).
   ND_VMATH_BINARY_OK / ND_VMATH_BINARY_CORE: the same with two inputs
   (OK(a, b), FASTV(a, b), FULLV(a, b), CORE(a, b, &ok)); an input of
   stride 0 (a broadcast scalar) is read from a vector of copies.

   The pointer-level makers (older; trig's two-vector steps use them)
   ND_VMATH_UNARY(name, T, L, FAST, FULL) and
   ND_VMATH_BINARY(name, T, L, FAST2, FULL2) take
   bool FAST(const T *in, T *out)  (L results stored only when every lane
   is on the fast path; in may equal out) and void FULL(const T *in,
   T *out) (L results, every lane), FAST2/FULL2 with (a, b, out). */
#define ND_VM_V_double vd
#define ND_VM_V_float vf
#define ND_VM_L_double ND_LD
#define ND_VM_L_float ND_LF
#define ND_VM_LD_double vd_ld
#define ND_VM_LD_float vf_ld
#define ND_VM_ST_double vd_st
#define ND_VM_ST_float vf_st
#define ND_VM_ALL_double vdi_all
#define ND_VM_ALL_float vfi_all
#define ND_VM_PATCH_double vd_patch
#define ND_VM_PATCH_float vf_patch
#define ND_VM_PATCH2_double vd_patch2
#define ND_VM_PATCH2_float vf_patch2
#define ND_VM_(what, T) ND_VM_##what##_##T

/* the driver of unary loops: name##_run(in, out, i, n) -> where it stopped,
   and FULLP(const T *in, T *out) for one vector */
#define ND_VMATH_UNARY_DRIVER_(name, T, L, FULLP)                                                  \
    /* elements [i, end) through the lane buffer */                                                \
    static void name##_lanes(const char *in, char *out, int64_t si, int64_t so, int64_t i,         \
                             int64_t end) {                                                        \
        while (i < end) {                                                                          \
            T buf[L], res[L];                                                                      \
            int m = end - i < (L) ? (int)(end - i) : (L);                                          \
            memcpy(&buf[0], in + i * si, sizeof(T));                                               \
            for (int k = 1; k < m; k++) memcpy(&buf[k], in + (i + k) * si, sizeof(T));             \
            for (int k = m; k < (L); k++) buf[k] = buf[0];                                         \
            FULLP(buf, res);                                                                       \
            for (int k = 0; k < m; k++) memcpy(out + (i + k) * so, &res[k], sizeof(T));            \
            i += m;                                                                                \
        }                                                                                          \
    }                                                                                              \
    static void name(char *const *args, const int64_t *steps, int64_t n) {                         \
        const char *in = args[0];                                                                  \
        char *out = args[1];                                                                       \
        const int64_t si = steps[0], so = steps[1];                                                \
        int64_t i = 0;                                                                             \
        if (si == (int64_t)sizeof(T) && so == (int64_t)sizeof(T)) {                                \
            /* a head up to the output's vector alignment (kdefs.h: split stores) */               \
            i = nd_khead(out, sizeof(T), n);                                                       \
            name##_lanes(in, out, si, so, 0, i);                                                   \
            while ((i = name##_run(in, out, i, n)) + (L) <= n) {                                   \
                FULLP((const T *)(in + i * sizeof(T)), (T *)(out + i * sizeof(T)));                \
                i += (L);                                                                          \
            }                                                                                      \
        }                                                                                          \
        name##_lanes(in, out, si, so, i, n);                                                       \
    }

/* from name##_pair(a, b, &ya, &yb) (true: both results fast and right)
   and FULLV; ND_VMATH_UNARY_PAIR4_ runs four vectors a step first (two
   pairs, both tested before any is stored), for kernels whose chains are
   long against their width: more of them in flight (exp2 float64 about
   11% faster at avx512; most others measured the same or slower) */
#define ND_VMATH_UNARY_PAIR_(name, T, FULLV) ND_VMATH_UNARY_PAIRN_(name, T, FULLV, 0)
#define ND_VMATH_UNARY_PAIR4_(name, T, FULLV) ND_VMATH_UNARY_PAIRN_(name, T, FULLV, 1)
#define ND_VMATH_UNARY_PAIRN_(name, T, FULLV, FOUR)                                                \
    static __attribute__((noinline))                                                               \
    int64_t name##_run(const char *in, char *out, int64_t i, int64_t n) {                          \
        const T *pi = (const T *)in;                                                               \
        T *po = (T *)out;                                                                          \
        for (; FOUR && i + 4 * ND_VM_(L, T) <= n; i += 4 * ND_VM_(L, T)) {                         \
            ND_VM_(V, T) ya, yb, yc, yd;                                                           \
            int ok = (int)name##_pair(ND_VM_(LD, T)(pi + i), ND_VM_(LD, T)(pi + i + ND_VM_(L, T)), \
                                      &ya, &yb);                                                   \
            ok &= (int)name##_pair(ND_VM_(LD, T)(pi + i + 2 * ND_VM_(L, T)),                       \
                                   ND_VM_(LD, T)(pi + i + 3 * ND_VM_(L, T)), &yc, &yd);            \
            if (!ok) break;                                                                        \
            ND_VM_(ST, T)(po + i, ya);                                                             \
            ND_VM_(ST, T)(po + i + ND_VM_(L, T), yb);                                              \
            ND_VM_(ST, T)(po + i + 2 * ND_VM_(L, T), yc);                                          \
            ND_VM_(ST, T)(po + i + 3 * ND_VM_(L, T), yd);                                          \
        }                                                                                          \
        for (; i + 2 * ND_VM_(L, T) <= n; i += 2 * ND_VM_(L, T)) {                                 \
            ND_VM_(V, T) ya, yb;                                                                   \
            if (!name##_pair(ND_VM_(LD, T)(pi + i), ND_VM_(LD, T)(pi + i + ND_VM_(L, T)), &ya,     \
                             &yb))                                                                 \
                break;                                                                             \
            ND_VM_(ST, T)(po + i, ya);                                                             \
            ND_VM_(ST, T)(po + i + ND_VM_(L, T), yb);                                              \
        }                                                                                          \
        return i;                                                                                  \
    }                                                                                              \
    static inline void name##_fullp(const T *in, T *out) {                                         \
        ND_VM_(ST, T)(out, FULLV(ND_VM_(LD, T)(in)));                                              \
    }                                                                                              \
    ND_VMATH_UNARY_DRIVER_(name, T, ND_VM_(L, T), name##_fullp)

#define ND_VMATH_UNARY_OK(name, T, OK, FASTV, FULLV)                                               \
    static inline bool name##_pair(ND_VM_(V, T) a, ND_VM_(V, T) b, ND_VM_(V, T) * ya,              \
                                   ND_VM_(V, T) * yb) {                                            \
        if (!ND_VM_(ALL, T)(OK(a) & OK(b))) return false;                                          \
        *ya = FASTV(a);                                                                            \
        *yb = FASTV(b);                                                                            \
        return true;                                                                               \
    }                                                                                              \
    ND_VMATH_UNARY_PAIR_(name, T, FULLV)

#define ND_VMATH_UNARY_CORE(name, T, CORE, FROMBITS, SLOW)                                         \
    static inline bool name##_pair(ND_VM_(V, T) a, ND_VM_(V, T) b, ND_VM_(V, T) * ya,              \
                                   ND_VM_(V, T) * yb) {                                            \
        unsigned oa, ob;                                                                           \
        *ya = CORE(a, &oa);                                                                        \
        *yb = CORE(b, &ob);                                                                        \
        return (oa & ob) == (1u << ND_VM_(L, T)) - 1;                                              \
    }                                                                                              \
    static inline ND_VM_(V, T) name##_fullv(ND_VM_(V, T) x) {                                      \
        unsigned ok;                                                                               \
        ND_VM_(V, T) y = CORE(x, &ok);                                                             \
        return ND_VM_(PATCH, T)(FROMBITS(ok), y, SLOW, x);                                         \
    }                                                                                              \
    ND_VMATH_UNARY_PAIR_(name, T, name##_fullv)

#define ND_VMATH_UNARY(name, T, L, FAST, FULL)                                                     \
    static __attribute__((noinline))                                                               \
    int64_t name##_run(const char *in, char *out, int64_t i, int64_t n) {                          \
        for (; i + 2 * (L) <= n; i += 2 * (L)) {                                                   \
            if (!FAST((const T *)(in + i * sizeof(T)), (T *)(out + i * sizeof(T)))) break;         \
            if (!FAST((const T *)(in + (i + (L)) * sizeof(T)),                                     \
                      (T *)(out + (i + (L)) * sizeof(T))))                                         \
                return i + (L);                                                                    \
        }                                                                                          \
        return i;                                                                                  \
    }                                                                                              \
    ND_VMATH_UNARY_DRIVER_(name, T, L, FULL)

/* the driver of binary loops: name##_run(a, sa, b, sb, out, i, n) and
   FULLP(const T *a, const T *b, T *out) */
#define ND_VMATH_BINARY_DRIVER_(name, T, L, FULLP)                                                 \
    /* elements [i, end) through the lane buffers */                                               \
    static void name##_lanes(const char *pa, int64_t sa, const char *pb, int64_t sb, char *po,     \
                             int64_t so, int64_t i, int64_t end) {                                 \
        while (i < end) {                                                                          \
            T ba[L], bb[L], res[L];                                                                \
            int m = end - i < (L) ? (int)(end - i) : (L);                                          \
            memcpy(&ba[0], pa + i * sa, sizeof(T));                                                \
            memcpy(&bb[0], pb + i * sb, sizeof(T));                                                \
            for (int k = 1; k < m; k++) {                                                          \
                memcpy(&ba[k], pa + (i + k) * sa, sizeof(T));                                      \
                memcpy(&bb[k], pb + (i + k) * sb, sizeof(T));                                      \
            }                                                                                      \
            for (int k = m; k < (L); k++) ba[k] = ba[0], bb[k] = bb[0];                            \
            FULLP(ba, bb, res);                                                                    \
            for (int k = 0; k < m; k++) memcpy(po + (i + k) * so, &res[k], sizeof(T));             \
            i += m;                                                                                \
        }                                                                                          \
    }                                                                                              \
    static void name(char *const *args, const int64_t *steps, int64_t n) {                         \
        const char *pa = args[0], *pb = args[1];                                                   \
        char *po = args[2];                                                                        \
        const int64_t sa = steps[0], sb = steps[1], so = steps[2], sz = (int64_t)sizeof(T);        \
        int64_t i = 0;                                                                             \
        if (n >= (L) && so == sz && (sa == sz || sa == 0) && (sb == sz || sb == 0)) {              \
            T ca[L], cb[L];                                                                        \
            for (int k = 0; k < (L); k++)                                                          \
                memcpy(&ca[k], pa, sizeof(T)), memcpy(&cb[k], pb, sizeof(T));                      \
            /* a broadcast input: its copies, with a byte step of 0 */                             \
            const char *va = sa ? pa : (const char *)ca, *vb = sb ? pb : (const char *)cb;         \
            /* a head up to the output's vector alignment (kdefs.h: split stores) */               \
            i = nd_khead(po, sz, n);                                                               \
            name##_lanes(pa, sa, pb, sb, po, so, 0, i);                                            \
            while ((i = name##_run(va, sa, vb, sb, po, i, n)) + (L) <= n) {                        \
                FULLP((const T *)(va + i * sa), (const T *)(vb + i * sb), (T *)(po + i * sz));     \
                i += (L);                                                                          \
            }                                                                                      \
        }                                                                                          \
        name##_lanes(pa, sa, pb, sb, po, so, i, n);                                                \
    }

#define ND_VMATH_BINARY_PAIR_(name, T, FULLV)                                                      \
    static __attribute__((noinline)) int64_t name##_run(                                           \
        const char *a, int64_t sa, const char *b, int64_t sb, char *out, int64_t i, int64_t n) {   \
        const int64_t L_ = ND_VM_(L, T);                                                           \
        T *po = (T *)out;                                                                          \
        for (; i + 2 * L_ <= n; i += 2 * L_) {                                                     \
            ND_VM_(V, T) ya, yb;                                                                   \
            if (!name##_pair(ND_VM_(LD, T)(a + i * sa), ND_VM_(LD, T)(b + i * sb),                 \
                             ND_VM_(LD, T)(a + (i + L_) * sa), ND_VM_(LD, T)(b + (i + L_) * sb),   \
                             &ya, &yb))                                                            \
                break;                                                                             \
            ND_VM_(ST, T)(po + i, ya);                                                             \
            ND_VM_(ST, T)(po + i + L_, yb);                                                        \
        }                                                                                          \
        return i;                                                                                  \
    }                                                                                              \
    static inline void name##_fullp(const T *a, const T *b, T *out) {                              \
        ND_VM_(ST, T)(out, FULLV(ND_VM_(LD, T)(a), ND_VM_(LD, T)(b)));                             \
    }                                                                                              \
    ND_VMATH_BINARY_DRIVER_(name, T, ND_VM_(L, T), name##_fullp)

#define ND_VMATH_BINARY_OK(name, T, OK, FASTV, FULLV)                                              \
    static inline bool name##_pair(ND_VM_(V, T) a0, ND_VM_(V, T) b0, ND_VM_(V, T) a1,              \
                                   ND_VM_(V, T) b1, ND_VM_(V, T) * y0, ND_VM_(V, T) * y1) {        \
        if (!ND_VM_(ALL, T)(OK(a0, b0) & OK(a1, b1))) return false;                                \
        *y0 = FASTV(a0, b0);                                                                       \
        *y1 = FASTV(a1, b1);                                                                       \
        return true;                                                                               \
    }                                                                                              \
    ND_VMATH_BINARY_PAIR_(name, T, FULLV)

#define ND_VMATH_BINARY_CORE(name, T, CORE, FROMBITS, SLOW)                                        \
    static inline bool name##_pair(ND_VM_(V, T) a0, ND_VM_(V, T) b0, ND_VM_(V, T) a1,              \
                                   ND_VM_(V, T) b1, ND_VM_(V, T) * y0, ND_VM_(V, T) * y1) {        \
        unsigned o0, o1;                                                                           \
        *y0 = CORE(a0, b0, &o0);                                                                   \
        *y1 = CORE(a1, b1, &o1);                                                                   \
        return (o0 & o1) == (1u << ND_VM_(L, T)) - 1;                                              \
    }                                                                                              \
    static inline ND_VM_(V, T) name##_fullv(ND_VM_(V, T) a, ND_VM_(V, T) b) {                      \
        unsigned ok;                                                                               \
        ND_VM_(V, T) y = CORE(a, b, &ok);                                                          \
        return ND_VM_(PATCH2, T)(FROMBITS(ok), y, SLOW, a, b);                                     \
    }                                                                                              \
    ND_VMATH_BINARY_PAIR_(name, T, name##_fullv)

#define ND_VMATH_BINARY(name, T, L, FAST2, FULL2)                                                  \
    static __attribute__((noinline)) int64_t name##_run(                                           \
        const char *a, int64_t sa, const char *b, int64_t sb, char *out, int64_t i, int64_t n) {   \
        for (; i + 2 * (L) <= n; i += 2 * (L)) {                                                   \
            if (!FAST2((const T *)(a + i * sa), (const T *)(b + i * sb),                           \
                       (T *)(out + i * sizeof(T))))                                                \
                break;                                                                             \
            if (!FAST2((const T *)(a + (i + (L)) * sa), (const T *)(b + (i + (L)) * sb),           \
                       (T *)(out + (i + (L)) * sizeof(T))))                                        \
                return i + (L);                                                                    \
        }                                                                                          \
        return i;                                                                                  \
    }                                                                                              \
    ND_VMATH_BINARY_DRIVER_(name, T, L, FULL2)

#endif /* __AVX512F__ || __AVX2__ */
#endif
