/* The argmin/argmax kernels' template, included by reduce.c (once per ISA
   level) after its loaders: one run by
   blocks (the 1-D kernels), and the columns of a block at once (axis
   reductions). */
#ifndef ND_GENERIC_REDUCE_ARG_H
#define ND_GENERIC_REDUCE_ARG_H

/* how far ahead (bytes) a contiguous run is prefetched: censusa measured
   argmin/argmax with it (the sums' loops no longer prefetch) */
#define ARG_PF 8192

/* CT: compute type; GT(x, b): x strictly beyond b; EQ; ISNAN; NANV: what a
   NaN becomes in the nan* forms. A run goes by blocks of ARG_B elements:
   ARG_L independent lanes find a block's extreme with no index carried (so
   the loop vectorizes; a NaN never beats a lane, and the lanes note the
   NaNs apart), and only a block whose extreme strictly beats the best so
   far is read again for the first element equal to it; the first block
   holding a NaN is read for its first NaN (argmin/argmax: the answer). The
   nan* forms read a NaN as NANV; if no block beats element 0, element 0
   is the answer. So every level returns the first index of the
   extreme, as a scalar loop does. Strided runs take the same code with the
   stride unknown. */
#define ARG_B 512
#define ARG_L 32
#define ARG_KERNELS(NAME, IT, CT, LD, GT, EQ, ISNAN, NANV, NACC)                                   \
    static inline CT nanld_##NAME(const char *q) {                                                 \
        CT x = LD(q);                                                                              \
        return ISNAN(x) ? NANV : x;                                                                \
    }                                                                                              \
    static inline __attribute__((always_inline))                                                   \
    int64_t argrun_##NAME(const char *p, int64_t s, int64_t n, int nanm) {                         \
        CT best = nanm ? nanld_##NAME(p) : LD(p);                                                  \
        if (!nanm && ISNAN(best)) return 0;                                                        \
        int64_t bi = 0;                                                                            \
        for (int64_t i0 = 0; i0 < n; i0 += ARG_B) {                                                \
            const char *q = p + i0 * s;                                                            \
            int64_t m = n - i0 < ARG_B ? n - i0 : ARG_B, j = 0;                                    \
            CT l[ARG_L], f[ARG_L]; /* f: NaN once the lane saw one */                              \
            for (int k = 0; k < ARG_L; k++) l[k] = nanm ? nanld_##NAME(q) : LD(q), f[k] = LD(q);   \
            for (; j + ARG_L <= m; j += ARG_L) {                                                   \
                for (int c = 0; s == sizeof(IT) && c < ARG_L * s; c += 64)                         \
                    __builtin_prefetch(q + j * s + c + ARG_PF);                                    \
                for (int k = 0; k < ARG_L; k++) {                                                  \
                    CT x = LD(q + (j + k) * s);                                                    \
                    l[k] = GT(x, l[k]) ? x : l[k];                                                 \
                    if (!nanm) f[k] = NACC(f[k], x);                                               \
                }                                                                                  \
            }                                                                                      \
            for (; j < m; j++) {                                                                   \
                CT x = LD(q + j * s);                                                              \
                l[0] = GT(x, l[0]) ? x : l[0];                                                     \
                f[0] = NACC(f[0], x);                                                              \
            }                                                                                      \
            int hit = 0; /* vectorized too: most blocks stop here */                               \
            for (int k = 0; k < ARG_L; k++) hit |= (int)GT(l[k], best) | (int)ISNAN(f[k]);         \
            if (!hit) continue;                                                                    \
            CT bm = l[0];                                                                          \
            bool bnan = false;                                                                     \
            for (int k = 0; k < ARG_L; k++) bm = GT(l[k], bm) ? l[k] : bm, bnan |= ISNAN(f[k]);    \
            if (!nanm && bnan) {                                                                   \
                for (j = 0; j < m && !ISNAN(LD(q + j * s));) j++;                                  \
                if (j < m) return i0 + j;                                                          \
            }                                                                                      \
            if (GT(bm, best)) {                                                                    \
                for (j = 0; !EQ(nanm ? nanld_##NAME(q + j * s) : LD(q + j * s), bm);) j++;         \
                best = bm, bi = i0 + j;                                                            \
            }                                                                                      \
        }                                                                                          \
        return bi;                                                                                 \
    }                                                                                              \
    static int64_t arg_##NAME(const char *p, int64_t s, int64_t n) {                               \
        return s == (int64_t)sizeof(IT) ? argrun_##NAME(p, sizeof(IT), n, 0)                       \
                                        : argrun_##NAME(p, s, n, 0);                               \
    }                                                                                              \
    static int64_t nanarg_##NAME(const char *p, int64_t s, int64_t n) {                            \
        return s == (int64_t)sizeof(IT) ? argrun_##NAME(p, sizeof(IT), n, 1)                       \
                                        : argrun_##NAME(p, s, n, 1);                               \
    }                                                                                              \
    static void argc_##NAME(char *idx, int64_t si, char *best, const char *p, int64_t sr,          \
                            int64_t sc, int64_t nr, int64_t nc) {                                  \
        CT *b = (CT *)(void *)best;                                                                \
        for (int64_t j = 0; j < nc; j++) {                                                         \
            b[j] = LD(p + j * sc);                                                                 \
            st_idx(idx + j * si, 0);                                                               \
        }                                                                                          \
        for (int64_t i = 1; i < nr; i++) {                                                         \
            const char *row = p + i * sr;                                                          \
            for (int64_t j = 0; j < nc; j++) {                                                     \
                CT x = LD(row + j * sc);                                                           \
                if (!ISNAN(b[j]) && (ISNAN(x) || GT(x, b[j]))) {                                   \
                    b[j] = x;                                                                      \
                    st_idx(idx + j * si, i);                                                       \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
    }                                                                                              \
    static void nanargc_##NAME(char *idx, int64_t si, char *best, const char *p, int64_t sr,       \
                               int64_t sc, int64_t nr, int64_t nc) {                               \
        CT *b = (CT *)(void *)best;                                                                \
        for (int64_t j = 0; j < nc; j++) {                                                         \
            b[j] = nanld_##NAME(p + j * sc);                                                       \
            st_idx(idx + j * si, 0);                                                               \
        }                                                                                          \
        for (int64_t i = 1; i < nr; i++) {                                                         \
            const char *row = p + i * sr;                                                          \
            for (int64_t j = 0; j < nc; j++) {                                                     \
                CT x = nanld_##NAME(row + j * sc);                                                 \
                if (GT(x, b[j])) {                                                                 \
                    b[j] = x;                                                                      \
                    st_idx(idx + j * si, i);                                                       \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
    }

#endif
