/* Batches of matrix products for what BLAS does not cover: bool and integer
   matmul at any size, float16 (accumulated in float32, as NumPy), and small
   float32/float64 matrices, where one BLAS call per matrix costs more than
   the arithmetic.

   c[i][j] is a running sum over k in order, starting from 0, with no FMA
   (the build has -ffp-contract=off): every ISA level gives the same bits as
   the scalar reference. The work is organised as "row of c += a[i][k] * row
   of b", so the loop over j runs along contiguous rows of b and c and
   vectorizes; with the width n a compile-time constant (the small cases)
   a whole row is one or two registers and nothing is left for a tail. */
#include "common/half.h"
#include "generic/isa_name.h"
#include "generic/loops.h"

/* Row accumulators live on the stack; wider products run in column blocks. */
#define MM_JBLOCK 64

#define LD_PLAIN(T, p) ND_LD(T, p)
#define LD_HALF(T, p) nd_f16_to_f32(ND_LD(uint16_t, p))
#define ST_PLAIN(T, p, v) ND_ST(T, p, (T)(v))
#define ST_HALF(T, p, v) ND_ST(uint16_t, p, nd_f32_to_f16(v))
#define ACC_PLAIN(A, x) ((A)(x))
/* Integers accumulate in uint64: unsigned arithmetic wraps without undefined
   behaviour, and the low bits of a wrapped uint64 sum are the wrapped sum in
   the narrower type. Signed values go through int64 first (sign extension). */
#define ACC_INT(A, x) ((uint64_t)(int64_t)(x))

/* One block of columns [j0, j0 + nj) of c's row i. */
#define MM_ROW(T, A, LD, ST, TOACC, MAC, nj)                                                       \
    do {                                                                                           \
        A acc[MM_JBLOCK];                                                                          \
        for (int64_t j = 0; j < (nj); j++) acc[j] = 0;                                             \
        for (int64_t kk = 0; kk < k; kk++) {                                                       \
            A av = TOACC(A, LD(T, pa + i * sa[1] + kk * sa[2]));                                   \
            const char *brow = pb + kk * sb[1] + j0 * sb[2];                                       \
            for (int64_t j = 0; j < (nj); j++) {                                                   \
                A bv = TOACC(A, LD(T, brow + j * sb[2]));                                          \
                MAC(acc[j], av, bv);                                                               \
            }                                                                                      \
        }                                                                                          \
        char *crow = pc + i * sc[1] + j0 * sc[2];                                                  \
        for (int64_t j = 0; j < (nj); j++) ST(T, crow + j * sc[2], acc[j]);                        \
    } while (0)

#define MAC_SUM(acc, x, y) ((acc) += (x) * (y))
#define MAC_BOOL(acc, x, y) ((acc) |= (uint8_t)((x) != 0 && (y) != 0))

/* Any size: column blocks of MM_JBLOCK. */
#define MM_GENERIC(name, T, A, LD, ST, TOACC, MAC)                                                 \
    static void name(int64_t nb, const char *a, const int64_t *sa, const char *b,                  \
                     const int64_t *sb, char *c, const int64_t *sc, int64_t m, int64_t n,          \
                     int64_t k) {                                                                  \
        for (int64_t t = 0; t < nb; t++) {                                                         \
            const char *pa = a + t * sa[0], *pb = b + t * sb[0];                                   \
            char *pc = c + t * sc[0];                                                              \
            for (int64_t j0 = 0; j0 < n; j0 += MM_JBLOCK) {                                        \
                int64_t nj = n - j0 < MM_JBLOCK ? n - j0 : MM_JBLOCK;                              \
                for (int64_t i = 0; i < m; i++) MM_ROW(T, A, LD, ST, TOACC, MAC, nj);              \
            }                                                                                      \
        }                                                                                          \
    }

MM_GENERIC(mm_bool, uint8_t, uint8_t, LD_PLAIN, ST_PLAIN, ACC_PLAIN, MAC_BOOL)
MM_GENERIC(mm_i8, int8_t, uint64_t, LD_PLAIN, ST_PLAIN, ACC_INT, MAC_SUM)
MM_GENERIC(mm_i16, int16_t, uint64_t, LD_PLAIN, ST_PLAIN, ACC_INT, MAC_SUM)
MM_GENERIC(mm_i32, int32_t, uint64_t, LD_PLAIN, ST_PLAIN, ACC_INT, MAC_SUM)
MM_GENERIC(mm_i64, int64_t, uint64_t, LD_PLAIN, ST_PLAIN, ACC_INT, MAC_SUM)
MM_GENERIC(mm_u8, uint8_t, uint64_t, LD_PLAIN, ST_PLAIN, ACC_INT, MAC_SUM)
MM_GENERIC(mm_u16, uint16_t, uint64_t, LD_PLAIN, ST_PLAIN, ACC_INT, MAC_SUM)
MM_GENERIC(mm_u32, uint32_t, uint64_t, LD_PLAIN, ST_PLAIN, ACC_INT, MAC_SUM)
MM_GENERIC(mm_u64, uint64_t, uint64_t, LD_PLAIN, ST_PLAIN, ACC_INT, MAC_SUM)
MM_GENERIC(mm_f16, uint16_t, float, LD_HALF, ST_HALF, ACC_PLAIN, MAC_SUM)
MM_GENERIC(mm_f32_any, float, float, LD_PLAIN, ST_PLAIN, ACC_PLAIN, MAC_SUM)
MM_GENERIC(mm_f64_any, double, double, LD_PLAIN, ST_PLAIN, ACC_PLAIN, MAC_SUM)

/* Small float products with b and c rows contiguous and the row width a
   constant: c row i = sum over kk of a[i][kk] * (row kk of b). Rows are read
   and written in place through packed structs (defined for any alignment);
   copying a row to the stack first would cost a store-forwarding stall per
   row where the compiler splits the copy into narrower stores (gcc's
   generic AVX2 tuning does). */
#define MM_SMALL(name, T, N)                                                                       \
    static void name(int64_t nb, const char *a, const int64_t *sa, const char *b,                  \
                     const int64_t *sb, char *c, const int64_t *sc, int64_t m, int64_t k) {        \
        typedef struct __attribute__((packed, may_alias)) {                                        \
            T v;                                                                                   \
        } u_;                                                                                      \
        for (int64_t t = 0; t < nb; t++) {                                                         \
            const char *pa = a + t * sa[0], *pb = b + t * sb[0];                                   \
            char *pc = c + t * sc[0];                                                              \
            for (int64_t i = 0; i < m; i++) {                                                      \
                T acc[N] = {0};                                                                    \
                for (int64_t kk = 0; kk < k; kk++) {                                               \
                    T av = ND_LD(T, pa + i * sa[1] + kk * sa[2]);                                  \
                    const u_ *brow = (const u_ *)(pb + kk * sb[1]);                                \
                    for (int j = 0; j < N; j++) acc[j] += av * brow[j].v;                          \
                }                                                                                  \
                u_ *crow = (u_ *)(pc + i * sc[1]);                                                 \
                for (int j = 0; j < N; j++) crow[j].v = acc[j];                                    \
            }                                                                                      \
        }                                                                                          \
    }

typedef void (*mm_small_fn)(int64_t, const char *, const int64_t *, const char *, const int64_t *,
                            char *, const int64_t *, int64_t, int64_t);

#define SMALL_WIDTHS(X, T, S)                                                                      \
    X(S##_1, T, 1)                                                                                 \
    X(S##_2, T, 2) X(S##_3, T, 3) X(S##_4, T, 4) X(S##_5, T, 5) X(S##_6, T, 6) X(S##_7, T, 7)      \
        X(S##_8, T, 8) X(S##_9, T, 9) X(S##_10, T, 10) X(S##_11, T, 11) X(S##_12, T, 12)           \
            X(S##_13, T, 13) X(S##_14, T, 14) X(S##_15, T, 15) X(S##_16, T, 16)
SMALL_WIDTHS(MM_SMALL, double, mm_f64)
SMALL_WIDTHS(MM_SMALL, float, mm_f32)
#define SMALL_ENTRY(name, T, N) name,
static const mm_small_fn small_f64[16] = {SMALL_WIDTHS(SMALL_ENTRY, double, mm_f64)};
static const mm_small_fn small_f32[16] = {SMALL_WIDTHS(SMALL_ENTRY, float, mm_f32)};

/* Rows of b and c contiguous and n <= 16: the constant-width loop; anything
   else the generic one. Both sum in the same order, so the choice never
   changes a bit. */
#define MM_FLOAT(name, T, SMALL, ANY)                                                              \
    static void name(int64_t nb, const char *a, const int64_t *sa, const char *b,                  \
                     const int64_t *sb, char *c, const int64_t *sc, int64_t m, int64_t n,          \
                     int64_t k) {                                                                  \
        if (n >= 1 && n <= 16 && sb[2] == (int64_t)sizeof(T) && sc[2] == (int64_t)sizeof(T))       \
            SMALL[n - 1](nb, a, sa, b, sb, c, sc, m, k);                                           \
        else                                                                                       \
            ANY(nb, a, sa, b, sb, c, sc, m, n, k);                                                 \
    }
MM_FLOAT(mm_f64, double, small_f64, mm_f64_any)
MM_FLOAT(mm_f32, float, small_f32, mm_f32_any)

void ND_K(nd_kfill_matmul)(nd_ktable *t) {
    t->matmul[ND_BOOL] = mm_bool;
    t->matmul[ND_INT8] = mm_i8;
    t->matmul[ND_INT16] = mm_i16;
    t->matmul[ND_INT32] = mm_i32;
    t->matmul[ND_INT64] = mm_i64;
    t->matmul[ND_UINT8] = mm_u8;
    t->matmul[ND_UINT16] = mm_u16;
    t->matmul[ND_UINT32] = mm_u32;
    t->matmul[ND_UINT64] = mm_u64;
    t->matmul[ND_FLOAT16] = mm_f16;
    t->matmul[ND_FLOAT32] = mm_f32;
    t->matmul[ND_FLOAT64] = mm_f64;
}
