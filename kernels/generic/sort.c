/* Sorting kernels: ascending, in place, on contiguous NaN-free keys (the
   driver, src/sort/, moves NaNs aside and builds keys). Introsort for wide
   types (median-of-three quicksort, insertion sort below 16 elements,
   heapsort when the recursion goes 2*log2(n) deep), counting sort for
   one-byte types. Vectorized levels overlay sort[] with vqsort
   (kernels/hwy/vqsort.cc). */
#include "generic/isa_name.h"
#include "generic/loops.h"

enum { INSERTION_MAX = 16 };

static int depth_limit(int64_t n) {
    int d = 0;
    while (n > 1) n >>= 1, d++;
    return 2 * d;
}

/* pair = (lo, hi) ordered by hi, then lo: the argsort pairs (index, key). */
typedef struct {
    uint64_t lo, hi;
} pair;

#define LT_NUM(a, b) ((a) < (b))
#define LT_PAIR(a, b) ((a).hi < (b).hi || ((a).hi == (b).hi && (a).lo < (b).lo))

#define INTROSORT(name, T, LT)                                                                     \
    static void name##_insertion(T *p, int64_t n) {                                                \
        for (int64_t i = 1; i < n; i++) {                                                          \
            T x = p[i];                                                                            \
            int64_t j = i;                                                                         \
            for (; j > 0 && LT(x, p[j - 1]); j--) p[j] = p[j - 1];                                 \
            p[j] = x;                                                                              \
        }                                                                                          \
    }                                                                                              \
    static void name##_sift(T *p, int64_t root, int64_t n) {                                       \
        T x = p[root];                                                                             \
        for (int64_t c; (c = 2 * root + 1) < n; root = c) {                                        \
            if (c + 1 < n && LT(p[c], p[c + 1])) c++;                                              \
            if (!LT(x, p[c])) break;                                                               \
            p[root] = p[c];                                                                        \
        }                                                                                          \
        p[root] = x;                                                                               \
    }                                                                                              \
    static void name##_heapsort(T *p, int64_t n) {                                                 \
        for (int64_t i = n / 2; i-- > 0;) name##_sift(p, i, n);                                    \
        for (int64_t i = n - 1; i > 0; i--) {                                                      \
            T t = p[0];                                                                            \
            p[0] = p[i], p[i] = t;                                                                 \
            name##_sift(p, 0, i);                                                                  \
        }                                                                                          \
    }                                                                                              \
    /* Median of three to p[0], then a Hoare partition around it. */                              \
    static int64_t name##_partition(T *p, int64_t n) {                                             \
        int64_t m = n / 2;                                                                         \
        T t;                                                                                       \
        if (LT(p[m], p[0])) t = p[m], p[m] = p[0], p[0] = t;                                       \
        if (LT(p[n - 1], p[m])) {                                                                  \
            t = p[m], p[m] = p[n - 1], p[n - 1] = t;                                               \
            if (LT(p[m], p[0])) t = p[m], p[m] = p[0], p[0] = t;                                   \
        }                                                                                          \
        t = p[m], p[m] = p[0], p[0] = t;                                                           \
        T pivot = p[0];                                                                            \
        int64_t i = 0, j = n;                                                                      \
        for (;;) {                                                                                 \
            do i++;                                                                                \
            while (i < n && LT(p[i], pivot));                                                      \
            do j--;                                                                                \
            while (LT(pivot, p[j]));                                                               \
            if (i >= j) break;                                                                     \
            t = p[i], p[i] = p[j], p[j] = t;                                                       \
        }                                                                                          \
        p[0] = p[j], p[j] = pivot;                                                                 \
        return j;                                                                                  \
    }                                                                                              \
    static void name(char *base, int64_t n) {                                                      \
        T *p = (T *)(void *)base;                                                                  \
        int depth = depth_limit(n);                                                                \
        /* recurse on the smaller side, loop on the larger: O(log n) stack */                      \
        while (n > INSERTION_MAX) {                                                                \
            if (depth-- == 0) {                                                                    \
                name##_heapsort(p, n);                                                             \
                return;                                                                            \
            }                                                                                      \
            int64_t j = name##_partition(p, n);                                                    \
            if (j < n - 1 - j) {                                                                   \
                name(base, j);                                                                     \
                p += j + 1, n -= j + 1, base = (char *)p;                                          \
            } else {                                                                               \
                name((char *)(p + j + 1), n - 1 - j);                                              \
                n = j;                                                                             \
            }                                                                                      \
        }                                                                                          \
        name##_insertion(p, n);                                                                    \
    }

INTROSORT(sort_i16, int16_t, LT_NUM)
INTROSORT(sort_u16, uint16_t, LT_NUM)
INTROSORT(sort_i32, int32_t, LT_NUM)
INTROSORT(sort_u32, uint32_t, LT_NUM)
INTROSORT(sort_i64, int64_t, LT_NUM)
INTROSORT(sort_u64, uint64_t, LT_NUM)
INTROSORT(sort_f32, float, LT_NUM)
INTROSORT(sort_f64, double, LT_NUM)
INTROSORT(sort_pairs_intro, pair, LT_PAIR)

static void sort_pairs(uint64_t *p, int64_t n) { sort_pairs_intro((char *)p, n); }

/* One-byte keys: count, then rewrite (bias 128 orders int8 as uint8). */
#define COUNTING(name, T, BIAS)                                                                    \
    static void name(char *base, int64_t n) {                                                      \
        int64_t count[256] = {0};                                                                  \
        T *p = (T *)(void *)base;                                                                  \
        for (int64_t i = 0; i < n; i++) count[(uint8_t)(p[i] + BIAS)]++;                           \
        int64_t k = 0;                                                                             \
        for (int v = 0; v < 256; v++)                                                              \
            for (int64_t c = count[v]; c > 0; c--) p[k++] = (T)(v - BIAS);                         \
    }
COUNTING(sort_u8, uint8_t, 0)
COUNTING(sort_i8, int8_t, 128)

/* What a float lane holds that the plain float sort cannot take: NaN or
   -0.0 (bit 0: the driver's rewriting pass is needed), +inf (bit 1:
   vqsort's float path in Highway 1.0.3 pads with the largest finite value
   and turns +inf into it). Shifts and adds only, no 64-bit compares (SSE2
   has none), so every level vectorizes it: for m < 2^(b-1), (inf - m) has
   its top bit set iff m > inf, and ~y & (y - 1) has it set iff y == 0. */
#define HAZARDS(name, T, S, INF)                                                                   \
    static int name(const char *p, int64_t n) {                                                   \
        T b = 0, q = 0;                                                                            \
        for (int64_t i = 0; i < n; i++) {                                                          \
            T x = ND_LD(T, p + i * (int64_t)sizeof(T)), y = x ^ (T)(S), z = x ^ (T)(INF);          \
            b |= (T)((T)(INF) - (x & (T)((S)-1))) | (T)(~y & (T)(y - 1));                          \
            q |= (T)(~z & (T)(z - 1));                                                             \
        }                                                                                          \
        return ((b & (T)(S)) != 0) | ((q & (T)(S)) != 0) << 1;                                     \
    }
HAZARDS(hazards_f16, uint16_t, 0x8000u, 0x7c00u)
HAZARDS(hazards_f32, uint32_t, 0x80000000u, 0x7f800000u)
HAZARDS(hazards_f64, uint64_t, UINT64_C(0x8000000000000000), UINT64_C(0x7ff0000000000000))

void ND_K(nd_kfill_sort)(nd_ktable *t) {
    t->sort[ND_BOOL] = sort_u8;
    t->sort[ND_UINT8] = sort_u8;
    t->sort[ND_INT8] = sort_i8;
    t->sort[ND_INT16] = sort_i16;
    t->sort[ND_UINT16] = sort_u16;
    t->sort[ND_INT32] = sort_i32;
    t->sort[ND_UINT32] = sort_u32;
    t->sort[ND_INT64] = sort_i64;
    t->sort[ND_UINT64] = sort_u64;
    t->sort[ND_FLOAT32] = sort_f32;
    t->sort[ND_FLOAT64] = sort_f64;
    t->sort_pairs = sort_pairs;
    t->float_hazards[0] = hazards_f16;
    t->float_hazards[1] = hazards_f32;
    t->float_hazards[2] = hazards_f64;
}
