/* Stockham passes across lanes: one pass of the plan (radix p, l1, ido as
   kernels/generic/fft.c lays them out) on nl lines at once, element e of
   line b at cc[cs*e + b] (complex units): the lines of a strided axis
   that are neighbours in memory are this layout already, so a pass runs
   on a whole vector of lines with no transpose, and the first and last
   pass of a block can read the array and write the result in place
   (src/fft/fft.c, lanes_block). nl is a multiple of VL; cs and hs (the
   output's element stride) may be any, negative included.

   Included by kernels/x86/fft_*.c after fft_simd.h and fft_simd_pow2.h,
   with their macros: every lane does the operations the level's one-line
   pass does on each element (twiddles only when ido > 1, as there), so a
   line has the same bits whether it runs alone or in a block of lanes
   (tests/test_fft.c test_batched_lines, test_lanes_levels): S(bodyP) and
   S(cmul) for the odd radices; for radix 2, 4, 8 and 16 the FMA product
   S(cmulf) where fft_simd_pow2.h's pass vectorizes the shape (its
   condition, pow2_vec), S(cmul) where that pass hands the shape to the
   generic one. Radix 16 occurs in power-of-two plans only, where ido is a
   power of two and always vectorizes (its generic BODY16 has no lane
   form here). */

/* The complex at w in every complex slot of a vector. */
static inline V S(lane_bcast)(const T *w) {
#if defined(__AVX512F__)
#if VL == 4 /* complex128 */
    return _mm512_castps_pd(_mm512_broadcast_f32x4(_mm_castpd_ps(_mm_loadu_pd(w))));
#else
    double d;
    memcpy(&d, w, 8);
    return _mm512_castpd_ps(_mm512_set1_pd(d));
#endif
#else
#if VL == 2 /* complex128 */
    return _mm256_broadcast_pd((const __m128d *)(const void *)w);
#else
    double d;
    memcpy(&d, w, 8);
    return _mm256_castpd_ps(_mm256_set1_pd(d));
#endif
#endif
}

/* Whether fft_simd_pow2.h's pass of this ido runs vectorized (with FMA). */
static inline bool S(pow2_vec)(int64_t ido) {
    return ido % VL == 0 || (MASKED && ido > VL) || VL % ido == 0;
}

#define FFTL_PASS(P, BODY, FMA)                                                                    \
    static void S(lanes##P)(int64_t ido, int64_t l1, int64_t nl, const void *cc, int64_t cs,       \
                            void *ch, int64_t hs, const void *tw, const void *rts) {               \
        const T *in = cc, *w = tw;                                                                 \
        T *o = ch;                                                                                 \
        V t[P], y[P], wv[P];                                                                       \
        bool fma = (FMA) && S(pow2_vec)(ido);                                                      \
        (void)rts;                                                                                 \
        for (int64_t k = 0; k < l1; k++)                                                           \
            for (int64_t i = 0; i < ido; i++) {                                                    \
                if (ido > 1)                                                                       \
                    for (int j = 1; j < (P); j++) wv[j] = S(lane_bcast)(w + 2 * ((j - 1) * ido + i)); \
                const T *ip = in + 2 * cs * (i + ido * (P)*k);                                     \
                T *op = o + 2 * hs * (i + ido * k);                                                \
                for (int64_t b = 0; b < nl; b += VL) {                                             \
                    for (int m = 0; m < (P); m++) t[m] = LD(ip + 2 * (cs * ido * m + b));          \
                    BODY(t, y);                                                                    \
                    ST(op + 2 * b, y[0]);                                                          \
                    for (int j = 1; j < (P); j++)                                                  \
                        ST(op + 2 * (hs * ido * l1 * j + b),                                          \
                           ido < 2 ? y[j] : fma ? S(cmulf)(y[j], wv[j]) : S(cmul)(y[j], wv[j])); \
                }                                                                                  \
            }                                                                                      \
    }

#define LANE_ODD7(t, y) S(bodyodd_7)(t, y, rts)
#define LANE_ODD11(t, y) S(bodyodd_11)(t, y, rts)
#define LANE_ODD13(t, y) S(bodyodd_13)(t, y, rts)
FFTL_PASS(2, S(body2), 1)
FFTL_PASS(3, S(body3), 0)
FFTL_PASS(4, S(body4), 1)
FFTL_PASS(5, S(body5), 0)
FFTL_PASS(7, LANE_ODD7, 0)
FFTL_PASS(8, S(body8), 1)
FFTL_PASS(9, S(body9), 0)
FFTL_PASS(11, LANE_ODD11, 0)
FFTL_PASS(13, LANE_ODD13, 0)
FFTL_PASS(25, S(body25), 0)
FFTL_PASS(16, S(body16), 1)
#undef FFTL_PASS
#undef LANE_ODD7
#undef LANE_ODD11
#undef LANE_ODD13

/* fft_simd_pow2.h's r2c_post on nl lines in the lanes' layout: the h
   rows of z (the half-length transforms) into the h + 1 rows of o (not
   z). Each lane gets its line's bits: the pairs (k, h - k) that r2c_post
   takes VL at a time (k < kv) by its vector steps, the middle by its
   scalar ones (no FMA; a - b as a + (-b), exact), the middle pair k ==
   h - k keeping r2c_post's second store. */
static void S(lanes_r2c_post)(const void *zv, void *ov, int64_t h, int64_t nl, const void *rwv) {
    const T *z = zv, *rw = rwv;
    T *o = ov;
    for (int64_t b = 0; b < nl; b++) {
        T z0r = z[2 * b], z0i = z[2 * b + 1];
        o[2 * b] = z0r + z0i, o[2 * b + 1] = 0;
        o[2 * (h * nl + b)] = z0r - z0i, o[2 * (h * nl + b) + 1] = 0;
    }
    const V half = SET1((T)0.5);
    int64_t kv = 1;
    while (2 * kv + 2 * VL - 1 <= h) kv += VL;
    for (int64_t k = 1; k <= h - k; k++) {
        const T *za = z + 2 * nl * k, *zb = z + 2 * nl * (h - k);
        T *oa = o + 2 * nl * k, *ob = o + 2 * nl * (h - k);
        if (k < kv) {
            V w = S(lane_bcast)(rw + 2 * k);
            for (int64_t b = 0; b < nl; b += VL) {
                V a = LD(za + 2 * b), c = NEGIM(LD(zb + 2 * b));
                V e = ADD(a, c), f = S(cmi)(S(cmulf)(SUB(a, c), w));
                ST(oa + 2 * b, MUL(ADD(e, f), half));
                ST(ob + 2 * b, NEGIM(MUL(SUB(e, f), half)));
            }
        } else {
            V wr = SET1(rw[2 * k]), wi = SET1(rw[2 * k + 1]);
            for (int64_t b = 0; b < nl; b += VL) {
                V a = LD(za + 2 * b), c = NEGIM(LD(zb + 2 * b));
                V e = ADD(a, c), d = SUB(a, c);                  /* (er, ei), (dr, di) */
                V g = ADD(MUL(d, wr), NEGRE(MUL(SWP(d), wi)));   /* (gr, gi) */
                V f = NEGIM(SWP(g));                             /* (gi, -gr) */
                if (k != h - k) ST(oa + 2 * b, MUL(ADD(e, f), half));
                ST(ob + 2 * b, NEGIM(MUL(SUB(e, f), half)));
            }
        }
    }
}

/* Puts the lane passes in table (the level's fft_lanes[prec]), in
   ND_FFT_RADICES order. */
static void S(fill_lanes)(nd_fft_lanes_fn *table) {
    const nd_fft_lanes_fn mine[ND_FFT_NRADIX] = {S(lanes2), S(lanes3),  S(lanes4),  S(lanes5),
                                                 S(lanes7), S(lanes8),  S(lanes9),  S(lanes11),
                                                 S(lanes13), S(lanes25), S(lanes16)};
    for (int r = 0; r < ND_FFT_NRADIX; r++) table[r] = mine[r];
}
