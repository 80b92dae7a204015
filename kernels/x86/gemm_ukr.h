/* The register-blocked GEMM micro-kernel, written once for any vector
   width: an MR x (NV vectors) tile of c in MR*NV accumulators; each step l
   loads NV vectors of the packed b row and broadcasts MR elements of the
   packed a column, one FMA per accumulator. Lane j of accumulator (i, v)
   is c[i][v*W + j], a chain of FMAs in k order, exactly as the reference
   kernel (kernels/generic/gemm.c) computes it. b is not prefetched: the
   driver runs one b sliver down every a sliver of its tile, so after the
   first call the sliver is in L1, and its prefetches were load-port work
   for nothing (dropping them measured 2-3% faster, 256..1024 float64).
   AS is the packed a sliver's step (its mr): a kernel of MR < AS rows
   computes the first MR rows of an AS-row sliver (the driver's partial
   slivers). b's rows are ldb elements apart (nr when packed; a row-major
   b's own rows when the driver passes b unpacked).
   The includer defines V
   (vector type), T, W (lanes), LOADU, STOREU, BCAST, FMA, ZERO. */
#define GEMM_UKR(name, MR, NV, AS)                                                                 \
    enum { name##_clines = (int)((NV * W * sizeof(T) + 63) / 64) };                                \
    static void name(int64_t kc, const void *a_, const void *b_, int64_t ldb, void *c_,            \
                     int64_t rs_c, bool acc, const void *c_next) {                                 \
        const T *a = a_, *b = b_;                                                                  \
        V c[MR][NV];                                                                               \
        if (acc)                                                                                   \
            for (int i = 0; i < MR; i++)                                                           \
                for (int v = 0; v < NV; v++)                                                       \
                    c[i][v] = LOADU((const T *)(const void *)((char *)c_ + i * rs_c) + v * W);     \
        else                                                                                       \
            for (int i = 0; i < MR; i++)                                                           \
                for (int v = 0; v < NV; v++) c[i][v] = ZERO();                                     \
        _Pragma("GCC unroll 2") for (int64_t l = 0; l < kc; l++) {                                 \
            V bv[NV];                                                                              \
            for (int v = 0; v < NV; v++) bv[v] = LOADU(b + v * W);                                 \
            _mm_prefetch((const char *)(a + 8 * AS), _MM_HINT_T0);                                 \
            /* the next tile's c, one line every 8 steps: its first FMA                            \
               needs c, and a burst of misses would stall this loop */                             \
            if (c_next && (l & 7) == 0 && (l >> 3) < MR * name##_clines) {                         \
                int64_t q = l >> 3;                                                                \
                _mm_prefetch((const char *)c_next + q / name##_clines * rs_c +                     \
                                 q % name##_clines * 64,                                           \
                             _MM_HINT_T0);                                                         \
            }                                                                                      \
            for (int i = 0; i < MR; i++) {                                                         \
                V av = BCAST(a[i]);                                                                \
                for (int v = 0; v < NV; v++) c[i][v] = FMA(av, bv[v], c[i][v]);                    \
            }                                                                                      \
            a += AS;                                                                               \
            b += ldb;                                                                              \
        }                                                                                          \
        for (int i = 0; i < MR; i++)                                                               \
            for (int v = 0; v < NV; v++)                                                           \
                STOREU((T *)(void *)((char *)c_ + i * rs_c) + v * W, c[i][v]);                     \
    }
