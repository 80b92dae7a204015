/* POW_SPLIT, the loop maker of float32 and float64 power (vm_pow.c and
   vm_log_f32.c): included after vmath.h. */
#ifndef ND_VM_POW_SPLIT_H
#define ND_VM_POW_SPLIT_H

/* power: the log half and the exp half as two passes over a block of POW_BLK vectors (eh, el
   or th, tl in a stack buffer between them). One pass with both halves is a dependency chain of
   ~120 operations per vector, too long for the out-of-order window to overlap enough vectors:
   split, each pass's chains are half as long (measured 1.03-1.08x faster than one pass, avx512,
   EPYC; the loop is bound by the vector operations' count more than by latency). A block stops
   before the first pair of vectors with a lane off the fast path; the driver takes that vector
   through CORE (both halves) and the slow kernel. Results are the same as one pass's (the same
   operations on the same values). */
enum { POW_BLK = 16 };
#define POW_SPLIT(name, T, V, VI, L, LD, ST, ALL, BITS, LOGH, EXPH, CORE, PATCH2, SLOW)            \
    static __attribute__((noinline)) int64_t name##_run(                                           \
        const char *a, int64_t sa, const char *b, int64_t sb, char *out, int64_t i, int64_t n) {   \
        T *po = (T *)out;                                                                          \
        for (;;) {                                                                                 \
            V eh[POW_BLK], el[POW_BLK];                                                            \
            int m = 0;                                                                             \
            for (; m < POW_BLK && i + (m + 2) * (L) <= n; m += 2) {                                \
                int64_t j = i + m * (L);                                                           \
                VI o0, o1;                                                                         \
                eh[m] = LOGH(LD(a + j * sa), LD(b + j * sb), &el[m], &o0);                         \
                eh[m + 1] = LOGH(LD(a + (j + (L)) * sa), LD(b + (j + (L)) * sb), &el[m + 1], &o1); \
                if (!ALL(o0 & o1)) break;                                                          \
            }                                                                                      \
            for (int k = 0; k < m; k++) ST(po + i + k * (L), EXPH(eh[k], el[k]));                  \
            i += m * (L);                                                                          \
            if (m < POW_BLK) return i;                                                             \
        }                                                                                          \
    }                                                                                              \
    static inline void name##_fullp(const T *x, const T *y, T *out) {                              \
        unsigned ok;                                                                               \
        V vx = LD(x), vy = LD(y);                                                                  \
        V r = CORE(vx, vy, &ok);                                                                   \
        ST(out, PATCH2(BITS(ok), r, SLOW, vx, vy));                                                \
    }                                                                                              \
    ND_VMATH_BINARY_DRIVER_(name, T, L, name##_fullp)

#endif
