/* The body of the hand-vectorized Stockham passes of radix 2, 3, 4, 8, 9 (the
   layout: kernels/generic/fft.c), included once per vector type by
   kernels/x86/fft_*.c with these defined:
     T, V, VL       element type, vector type, complex values per vector
     S(x)           x with the instantiation's suffix (function names)
     LD, ST         unaligned load and store of a vector at a T pointer
     ADD, SUB, MUL  lane-wise arithmetic
     SWP(v)         (re, im) -> (im, re) in every complex
     NEGIM, NEGRE   negate the imaginary / real lanes (a sign flip: exact)
     DUPRE, DUPIM   (re, re) / (im, im) in every complex
     SET1(x)        x in every lane
     LOAD_SMALL(in, p, ido, k, t)  for ido < VL dividing VL: t[m] for
                    m < p of the VL/ido lines k, k + 1, ... (line k's
                    values are in[ido*(m + p*k) + i], i < ido)
     TW_SMALL(w, ido)  the ido twiddles at w repeated VL/ido times
     MASKED         1 when LDM(p, r) / STM(p, v, r) load / store the first
                    r < VL complex only (the other lanes zero / untouched)
   A pass vectorizes across i when ido is a multiple of VL (or with MASKED,
   ido > VL: a masked step for the last ido % VL) and across lines (their
   outputs are next to each other) when ido divides VL (the last l1 % (VL /
   ido) lines through zero-padded copies); the other shapes go
   to the generic pass of the level (S(generic)). Radix 3, 5, 9 (3 x 3) and 25
   (5 x 5) as the generic RAD3, RAD5, BODY9 and BODY25; odd radices 7, 11, 13 as the generic
   BODYODD, with the roots broadcast.

   Bits: every lane does the generic code's operations in its order (no
   FMA; a + (-b) is a - b and -(a b) is (-a) b in IEEE arithmetic), so the
   result is the generic level's to the bit; only the sign of a NaN may
   differ. */

typedef void (*S(pass_fn))(int64_t, int64_t, const void *, void *, const void *, const void *);
/* the level's generic passes (set by the fill) */
static S(pass_fn) S(generic)[ND_FFT_NRADIX];

/* a * w as the generic CMUL: (a.r w.r + a.i (-w.i), a.i w.r + a.r w.i) */
static inline V S(cmul)(V a, V w) {
    V p1 = MUL(a, DUPRE(w));
    V p2 = MUL(SWP(a), DUPIM(w));
    return ADD(p1, NEGRE(p2));
}

/* -i * d = (d.i, -d.r) */
static inline V S(cmi)(V d) { return NEGIM(SWP(d)); }

static inline void S(body2)(const V *t, V *y) {
    y[0] = ADD(t[0], t[1]);
    y[1] = SUB(t[0], t[1]);
}

/* the generic BODY4 on t[0], t[s], t[2s], t[3s] into e[0..3]:
   b + CMI(d) = b + m and b + CPI(d) = b - m with m = CMI(d) */
static inline void S(radix4)(const V *t, int s, V *e) {
    V a = ADD(t[0], t[2 * s]), b = SUB(t[0], t[2 * s]);
    V c = ADD(t[s], t[3 * s]), m = S(cmi)(SUB(t[s], t[3 * s]));
    e[0] = ADD(a, c);
    e[2] = SUB(a, c);
    e[1] = ADD(b, m);
    e[3] = SUB(b, m);
}

static inline void S(body4)(const V *t, V *y) { S(radix4)(t, 1, y); }

/* the generic BODY8 */
static inline void S(body8)(const V *t, V *y) {
    const V h = SET1((T)0.707106781186547524400844362104849039L);
    V e[4], q[4];
    S(radix4)(t, 2, e);
    S(radix4)(t + 1, 2, q);
    y[0] = ADD(e[0], q[0]), y[4] = SUB(e[0], q[0]);
    /* ((q.r + q.i) h, (q.i - q.r) h) */
    V u = MUL(ADD(q[1], NEGIM(SWP(q[1]))), h);
    y[1] = ADD(e[1], u), y[5] = SUB(e[1], u);
    u = S(cmi)(q[2]);
    y[2] = ADD(e[2], u), y[6] = SUB(e[2], u);
    /* ((q.i - q.r) h, -(q.r + q.i) h) */
    u = MUL(NEGIM(ADD(SWP(q[3]), NEGRE(q[3]))), h);
    y[3] = ADD(e[3], u), y[7] = SUB(e[3], u);
}

/* the generic RAD3: s = b + c, d = b - c, y0 = a + s, m = a + s (-1/2),
   e = d sqrt(3)/2, y1 = m + (e.i, -e.r), y2 = m - (e.i, -e.r) */
static inline void S(rad3)(V a, V b, V c, V *y0, V *y1, V *y2) {
    V s = ADD(b, c), d = SUB(b, c);
    *y0 = ADD(a, s);
    V m = ADD(a, MUL(s, SET1((T)-0.5)));
    V ie = S(cmi)(MUL(d, SET1((T)0.866025403784438646763723170752936183L)));
    *y1 = ADD(m, ie);
    *y2 = SUB(m, ie);
}

static inline void S(body3)(const V *t, V *y) { S(rad3)(t[0], t[1], t[2], &y[0], &y[1], &y[2]); }

/* the generic RAD5 */
static inline void S(rad5)(const V *x, int xs, V *y, int ys) {
    const T c1 = (T)0.309016994374947424102293417182819059L;
    const T c2 = (T)-0.809016994374947424102293417182819059L;
    const T s1 = (T)0.951056516295153572116439333379382143L;
    const T s2 = (T)0.587785252292473129168705954639072769L;
    V sa = ADD(x[xs], x[4 * xs]), da = SUB(x[xs], x[4 * xs]);
    V sb = ADD(x[2 * xs], x[3 * xs]), db = SUB(x[2 * xs], x[3 * xs]);
    V a1 = ADD(ADD(x[0], MUL(sa, SET1(c1))), MUL(sb, SET1(c2)));
    V a2 = ADD(ADD(x[0], MUL(sa, SET1(c2))), MUL(sb, SET1(c1)));
    V b1 = S(cmi)(ADD(MUL(da, SET1(s1)), MUL(db, SET1(s2)))); /* (b.i, -b.r) */
    V b2 = S(cmi)(SUB(MUL(da, SET1(s2)), MUL(db, SET1(s1))));
    y[0] = ADD(ADD(x[0], sa), sb);
    y[ys] = ADD(a1, b1), y[4 * ys] = SUB(a1, b1);
    y[2 * ys] = ADD(a2, b2), y[3 * ys] = SUB(a2, b2);
}

static inline void S(body5)(const V *t, V *y) { S(rad5)(t, 1, y, 1); }

/* a * (wr, wi) for a constant: the generic CMUL's operations */
static inline V S(cmulc)(V a, T wr, T wi) {
    return ADD(MUL(a, SET1(wr)), NEGRE(MUL(SWP(a), SET1(wi))));
}

/* the generic BODY9 */
static inline void S(body9)(const V *t, V *y) {
    V a[3][3];
    for (int m1 = 0; m1 < 3; m1++) S(rad3)(t[m1], t[m1 + 3], t[m1 + 6], &a[m1][0], &a[m1][1], &a[m1][2]);
    const T c1 = (T)0.766044443118978035202392650555416674L, s1 = (T)-0.642787609686539326322643409907263433L;
    const T c2 = (T)0.173648177666930348851716626769314796L, s2 = (T)-0.984807753012208059366743024589523014L;
    const T c4 = (T)-0.939692620785908384054109277324731470L, s4 = (T)-0.342020143325668733044099614682259581L;
    a[1][1] = S(cmulc)(a[1][1], c1, s1), a[1][2] = S(cmulc)(a[1][2], c2, s2);
    a[2][1] = S(cmulc)(a[2][1], c2, s2), a[2][2] = S(cmulc)(a[2][2], c4, s4);
    for (int j2 = 0; j2 < 3; j2++) S(rad3)(a[0][j2], a[1][j2], a[2][j2], &y[j2], &y[j2 + 3], &y[j2 + 6]);
}

static const T S(w25)[17][2] = ND_FFT_W25(T);

/* the generic BODY25 */
static inline void S(body25)(const V *t, V *y) {
    V a[25];
    for (int m1 = 0; m1 < 5; m1++) S(rad5)(t + m1, 5, a + 5 * m1, 1);
    for (int m1 = 1; m1 < 5; m1++)
        for (int j2 = 1; j2 < 5; j2++)
            a[5 * m1 + j2] = S(cmulc)(a[5 * m1 + j2], S(w25)[m1 * j2][0], -S(w25)[m1 * j2][1]);
    for (int j2 = 0; j2 < 5; j2++) S(rad5)(a + j2, 5, y + j2, 5);
}

/* the generic BODYODD: rt holds (cos, sin)(2 pi q/P) for q < P */
static inline void S(bodyodd)(const V *t, V *y, int P, const T *rt) {
    V s[7], d[7];
    y[0] = t[0];
    for (int m = 1; m <= P / 2; m++) {
        s[m] = ADD(t[m], t[P - m]);
        d[m] = SUB(t[m], t[P - m]);
        y[0] = ADD(y[0], s[m]);
    }
    for (int j = 1; j <= P / 2; j++) {
        V a = t[0], b = SET1(0);
        for (int m = 1; m <= P / 2; m++) {
            int q = (j * m) % P;
            a = ADD(a, MUL(s[m], SET1(rt[2 * q])));
            b = ADD(b, MUL(d[m], SET1(rt[2 * q + 1])));
        }
        V ib = NEGIM(SWP(b)); /* (b.i, -b.r) */
        y[j] = ADD(a, ib);     /* (a.r + b.i, a.i - b.r) */
        y[P - j] = SUB(a, ib); /* (a.r - b.i, a.i + b.r) */
    }
}

#define FFTX_PASS(P, BODY, G)                                                                      \
    static void S(pass##P)(int64_t ido, int64_t l1, const void *cc, void *ch, const void *tw,      \
                           const void *rts) {                                                      \
        const T *in = cc, *w = tw;                                                                 \
        T *o = ch;                                                                                 \
        V t[P], y[P];                                                                              \
        (void)rts;                                                                                 \
        if (ido % VL == 0 || (MASKED && ido > VL)) {                                               \
            int64_t full = ido - ido % VL;                                                         \
            for (int64_t k = 0; k < l1; k++) {                                                     \
                for (int64_t i = 0; i < full; i += VL) {                                           \
                    for (int m = 0; m < (P); m++) t[m] = LD(in + 2 * (i + ido * (m + (P)*k)));     \
                    BODY(t, y);                                                                    \
                    ST(o + 2 * (i + ido * k), y[0]);                                               \
                    for (int j = 1; j < (P); j++)                                                  \
                        ST(o + 2 * (i + ido * (k + l1 * j)),                                       \
                           S(cmul)(y[j], LD(w + 2 * ((j - 1) * ido + i))));                        \
                }                                                                                  \
                if (full < ido) { /* the last ido % VL (MASKED) */                                 \
                    int r = (int)(ido - full);                                                     \
                    for (int m = 0; m < (P); m++) t[m] = LDM(in + 2 * (full + ido * (m + (P)*k)), r); \
                    BODY(t, y);                                                                    \
                    STM(o + 2 * (full + ido * k), y[0], r);                                        \
                    for (int j = 1; j < (P); j++)                                                  \
                        STM(o + 2 * (full + ido * (k + l1 * j)),                                   \
                            S(cmul)(y[j], LDM(w + 2 * ((j - 1) * ido + full), r)), r);             \
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
                    ST(o + 2 * ido * (k + l1 * j), ido > 1 ? S(cmul)(y[j], wv[j]) : y[j]);         \
            }                                                                                      \
            if (kfull < l1) { /* the last r < g lines, through zero-padded copies */               \
                size_t r = (size_t)(l1 - kfull);                                                   \
                T tin[2 * VL * (P)], tout[2 * VL];                                                 \
                memset(tin, 0, sizeof tin);                                                        \
                memcpy(tin, in + 2 * ido * (P)*kfull, 2 * (size_t)ido * (P)*r * sizeof(T));        \
                LOAD_SMALL(tin, P, ido, 0, t);                                                     \
                BODY(t, y);                                                                        \
                for (int j = 0; j < (P); j++) {                                                    \
                    ST(tout, j && ido > 1 ? S(cmul)(y[j], wv[j]) : y[j]);                          \
                    memcpy(o + 2 * ido * (kfull + l1 * j), tout, 2 * (size_t)ido * r * sizeof(T)); \
                }                                                                                  \
            }                                                                                      \
        } else                                                                                     \
            S(generic)[G](ido, l1, cc, ch, tw, rts);                                               \
    }

#define FFTX_ODD(P)                                                                                \
    static inline void S(bodyodd_##P)(const V *t, V *y, const void *rts) {                         \
        S(bodyodd)(t, y, P, rts);                                                                  \
    }
FFTX_ODD(7)
FFTX_ODD(11)
FFTX_ODD(13)
#define BODY_ODD7(t, y) S(bodyodd_7)(t, y, rts)
#define BODY_ODD11(t, y) S(bodyodd_11)(t, y, rts)
#define BODY_ODD13(t, y) S(bodyodd_13)(t, y, rts)

FFTX_PASS(3, S(body3), 1)
FFTX_PASS(5, S(body5), 3)
FFTX_PASS(7, BODY_ODD7, 4)
FFTX_PASS(9, S(body9), 6)
FFTX_PASS(11, BODY_ODD11, 7)
FFTX_PASS(13, BODY_ODD13, 8)
FFTX_PASS(25, S(body25), 9)
#undef FFTX_PASS
#undef FFTX_ODD
#undef BODY_ODD7
#undef BODY_ODD11
#undef BODY_ODD13

/* Puts the passes in table (the level's fft_pass[prec]), keeping what was
   there for the shapes they leave. */
static void S(fill)(void (**table)(int64_t, int64_t, const void *, void *, const void *,
                                   const void *)) {
    /* in ND_FFT_RADICES order; the even radices: fft_simd_pow2.h */
    const S(pass_fn) mine[ND_FFT_NRADIX] = {NULL,     S(pass3), NULL,     S(pass5),  S(pass7),
                                            NULL,     S(pass9), S(pass11), S(pass13), S(pass25)};
    for (int r = 0; r < ND_FFT_NRADIX; r++)
        if (mine[r] && table[r] != mine[r]) S(generic)[r] = table[r], table[r] = mine[r];
}
