/* The hand-vectorized passes of radix 2, 4, 8 and 16 and the real transforms' post- and
   pre-twiddles (the layout: kernels/generic/fft.c), included by kernels/x86/fft_*.c right after
   fft_simd.h, in the same instantiation (its macros and helpers), with
   also:
     FMADD(a, b, c), FMADDSUB(a, b, c)  a b + c; a b -/+ c (even / odd lanes)
     REVC(v)        the complex of v in reverse order
     SET2(r, i)     (r, i) in every complex
   They differ from fft_simd.h's passes in using FMA (the avx2 and avx512
   levels may: each level is held to the accuracy bound, not to the scalar
   level's bits). (Twiddles also kept as (w.r, w.r) / (-w.i, w.i) planes,
   a product with one shuffle instead of three, ran c2c 1024 3% slower:
   the passes wait on the cache, where the planes take twice the bytes.) */

/* a * w: (a.r w.r - a.i w.i, a.i w.r + a.r w.i) */
static inline V S(cmulf)(V a, V w) { return FMADDSUB(a, DUPRE(w), MUL(SWP(a), DUPIM(w))); }

/* a * (wr + i wi) for a constant */
static inline V S(cmulk)(V a, T wr, T wi) { return FMADD(SWP(a), SET2(-wi, wi), MUL(a, SET1(wr))); }

/* a * (1 - i) sqrt(1/2) and a * (-1 - i) sqrt(1/2) (w8^1, w8^3) */
static inline V S(w8a)(V a, V h) { return MUL(ADD(a, NEGIM(SWP(a))), h); }
static inline V S(w8b)(V a, V h) { return MUL(NEGIM(ADD(SWP(a), NEGRE(a))), h); }

/* Inlined into its passes at avx512 complex128 only: GCC left it a call,
   its 16 inputs and outputs through memory (c2c 1024 ran 1.08x faster
   inlined; complex64 4096 0.92x, so the others stay calls). */
#if defined(__AVX512F__) && VL == 4
#define POW2_BODY16_INLINE __attribute__((always_inline))
#else
#define POW2_BODY16_INLINE
#endif

/* radix 16 as 4 x 4 (the generic BODY16's steps) */
static inline POW2_BODY16_INLINE void S(body16)(const V *t, V *y) {
    const V h = SET1((T)0.707106781186547524400844362104849039L);
    const T c = (T)0.923879532511286756128183189396788933L;
    const T s = (T)0.382683432365089771728459984030398866L;
    V a[16], v[4];
    for (int m1 = 0; m1 < 4; m1++) S(radix4)(t + m1, 4, a + 4 * m1); /* a[4 m1 + j2] */
    a[5] = S(cmulk)(a[5], c, -s);
    a[6] = S(w8a)(a[6], h);
    a[7] = S(cmulk)(a[7], s, -c);
    a[9] = S(w8a)(a[9], h);
    a[10] = S(cmi)(a[10]);
    a[11] = S(w8b)(a[11], h);
    a[13] = S(cmulk)(a[13], s, -c);
    a[14] = S(w8b)(a[14], h);
    a[15] = S(cmulk)(a[15], -c, s);
    for (int j2 = 0; j2 < 4; j2++) {
        S(radix4)(a + j2, 4, v);
        for (int j1 = 0; j1 < 4; j1++) y[j2 + 4 * j1] = v[j1];
    }
}

#define FFTX_POW2(P, BODY, G)                                                                      \
    static void S(pass##P)(int64_t ido, int64_t l1, const void *cc, void *ch, const void *tw,      \
                           const void *rts) {                                                      \
        const T *in = cc, *w = tw;                                                                 \
        T *o = ch;                                                                                 \
        V t[P], y[P];                                                                              \
        if (ido % VL == 0 || (MASKED && ido > VL)) {                                               \
            int64_t full = ido - ido % VL;                                                         \
            for (int64_t k = 0; k < l1; k++) {                                                     \
                const T *ik = in + 2 * ido * (P)*k;                                                \
                T *ok = o + 2 * ido * k;                                                           \
                for (int64_t i = 0; i < full; i += VL) {                                           \
                    for (int m = 0; m < (P); m++) t[m] = LD(ik + 2 * (i + ido * m));               \
                    BODY(t, y);                                                                    \
                    ST(ok + 2 * i, y[0]);                                                          \
                    for (int j = 1; j < (P); j++)                                                  \
                        ST(ok + 2 * (i + ido * l1 * j),                                            \
                           S(cmulf)(y[j], LD(w + 2 * ((j - 1) * ido + i))));                       \
                }                                                                                  \
                if (full < ido) { /* the last ido % VL (MASKED) */                                 \
                    int r = (int)(ido - full);                                                     \
                    for (int m = 0; m < (P); m++) t[m] = LDM(ik + 2 * (full + ido * m), r);        \
                    BODY(t, y);                                                                    \
                    STM(ok + 2 * full, y[0], r);                                                   \
                    for (int j = 1; j < (P); j++)                                                  \
                        STM(ok + 2 * (full + ido * l1 * j),                                        \
                            S(cmulf)(y[j], LDM(w + 2 * ((j - 1) * ido + full), r)), r);            \
                }                                                                                  \
            }                                                                                      \
        } else if (VL % ido == 0) {                                                                \
            /* ido == 1 has no twiddles (the generic pass multiplies by none) */                   \
            V wv[P];                                                                               \
            for (int j = 1; j < (P); j++)                                                          \
                wv[j] = ido > 1 ? TW_SMALL(w + 2 * (j - 1) * ido, ido) : SET1(0);                  \
            int64_t g = VL / ido, kfull = l1 - l1 % g;                                             \
            for (int64_t k = 0; k < kfull; k += g) {                                               \
                LOAD_SMALL(in, P, ido, k, t);                                                      \
                BODY(t, y);                                                                        \
                ST(o + 2 * ido * k, y[0]);                                                         \
                for (int j = 1; j < (P); j++)                                                      \
                    ST(o + 2 * ido * (k + l1 * j), ido > 1 ? S(cmulf)(y[j], wv[j]) : y[j]);        \
            }                                                                                      \
            if (kfull < l1) { /* the last r < g lines, through zero-padded copies */               \
                size_t r = (size_t)(l1 - kfull);                                                   \
                T tin[2 * VL * (P)], tout[2 * VL];                                                 \
                memset(tin, 0, sizeof tin);                                                        \
                memcpy(tin, in + 2 * ido * (P)*kfull, 2 * (size_t)ido * (P)*r * sizeof(T));        \
                LOAD_SMALL(tin, P, ido, 0, t);                                                     \
                BODY(t, y);                                                                        \
                for (int j = 0; j < (P); j++) {                                                    \
                    ST(tout, j && ido > 1 ? S(cmulf)(y[j], wv[j]) : y[j]);                          \
                    memcpy(o + 2 * ido * (kfull + l1 * j), tout, 2 * (size_t)ido * r * sizeof(T)); \
                }                                                                                  \
            }                                                                                      \
        } else                                                                                     \
            S(generic)[G](ido, l1, cc, ch, tw, rts);                                               \
    }

FFTX_POW2(2, S(body2), 0)
FFTX_POW2(4, S(body4), 2)
FFTX_POW2(8, S(body8), 5)
FFTX_POW2(16, S(body16), 10)
#undef FFTX_POW2
#undef POW2_BODY16_INLINE

/* The real forward transform's post-twiddle (the generic r2c_post's
   formula) VL pairs (k, h - k) at a time: with a = z_k, b = z_(h-k), e =
   a + conj b, g = (a - conj b) w^k, f = -i g, x_k = (e + f)/2 and, as
   w^(h-k) = -conj(w^k), x_(h-k) = conj(e - f)/2. REVC reverses the
   complex of a vector (the h - k side runs backwards). */
static void S(r2c_post)(void *zv, int64_t h, const void *rwv) {
    T *z = zv;
    const T *rw = rwv;
    T z0r = z[0], z0i = z[1];
    z[0] = z0r + z0i, z[1] = 0;
    z[2 * h] = z0r - z0i, z[2 * h + 1] = 0;
    const V half = SET1((T)0.5);
    int64_t k = 1;
    for (; 2 * k + 2 * VL - 1 <= h; k += VL) {
        V a = LD(z + 2 * k), b = NEGIM(REVC(LD(z + 2 * (h - k - VL + 1))));
        V e = ADD(a, b), f = S(cmi)(S(cmulf)(SUB(a, b), LD(rw + 2 * k)));
        ST(z + 2 * k, MUL(ADD(e, f), half));
        ST(z + 2 * (h - k - VL + 1), REVC(NEGIM(MUL(SUB(e, f), half))));
    }
    for (; k <= h - k; k++) { /* the middle: as the generic */
        T ar = z[2 * k], ai = z[2 * k + 1], br = z[2 * (h - k)], bi = z[2 * (h - k) + 1];
        T er = ar + br, ei = ai - bi, dr = ar - br, di = ai + bi;
        T wr = rw[2 * k], wi = rw[2 * k + 1];
        T gr = dr * wr - di * wi, gi = di * wr + dr * wi; /* f = -i g = (gi, -gr) */
        z[2 * k] = (er + gi) * (T)0.5, z[2 * k + 1] = (ei - gr) * (T)0.5;
        z[2 * (h - k)] = (er - gi) * (T)0.5, z[2 * (h - k) + 1] = -(ei + gr) * (T)0.5;
    }
}

/* The inverse's first step (the generic c2r_pre's formula) likewise: with
   a = x_k, b = x_(h-k), e = a + conj b, g = i (a - conj b) conj(w^k), the
   values conj(e + g) at k and e - g at h - k. */
static void S(c2r_pre)(void *zv, int64_t h, const void *rwv) {
    T *z = zv;
    const T *rw = rwv;
    z[1] = 0, z[2 * h + 1] = 0;
    int64_t k = 1;
    for (; 2 * k + 2 * VL - 1 <= h; k += VL) {
        V a = LD(z + 2 * k), b = NEGIM(REVC(LD(z + 2 * (h - k - VL + 1))));
        V e = ADD(a, b), p = S(cmulf)(SUB(a, b), NEGIM(LD(rw + 2 * k)));
        V g = NEGRE(SWP(p)); /* i p */
        ST(z + 2 * k, NEGIM(ADD(e, g)));
        ST(z + 2 * (h - k - VL + 1), REVC(SUB(e, g)));
    }
    for (int64_t q = 0; q <= h - q; q = q ? q + 1 : k) { /* 0 and the middle, as the generic */
        T ar = z[2 * q], ai = z[2 * q + 1], br = z[2 * (h - q)], bi = z[2 * (h - q) + 1];
        T er = ar + br, ei = ai - bi, dr = ar - br, di = ai + bi;
        T wr = rw[2 * q], wi = -rw[2 * q + 1];
        T pr = dr * wr - di * wi, pi = di * wr + dr * wi; /* g = i p = (-pi, pr) */
        z[2 * q] = er - pi, z[2 * q + 1] = -(ei + pr);
        if (q && h - q != q) z[2 * (h - q)] = er + pi, z[2 * (h - q) + 1] = ei - pr;
    }
}

/* Puts the passes in table (the level's fft_pass[prec]) after S(fill),
   keeping what was there for the shapes they leave. */
static void S(fill_pow2)(void (**table)(int64_t, int64_t, const void *, void *, const void *,
                                        const void *)) {
    static const struct {
        int r; /* the ND_FFT_RADICES index */
        S(pass_fn) f;
    } mine[] = {{0, S(pass2)}, {2, S(pass4)}, {5, S(pass8)}, {10, S(pass16)}};
    for (size_t q = 0; q < sizeof mine / sizeof mine[0]; q++)
        if (table[mine[q].r] != mine[q].f)
            S(generic)[mine[q].r] = table[mine[q].r], table[mine[q].r] = mine[q].f;
}
