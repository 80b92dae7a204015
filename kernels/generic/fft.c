/* The FFT's 1-D kernels (driver: src/fft/): the passes of a Stockham
   mixed-radix transform, the pre/post twiddles of real transforms through a
   half-length complex one, and the pointwise products of Bluestein's
   algorithm. Complex data is interleaved (re, im) of float or double; every
   kernel is forward (exp(-2 pi i jk/n)); the driver makes inverses by
   conjugating on the way in and out.

   A pass of radix p (plan: n = p * l1 * ido) reads cc[i + ido*(m + p*k)]
   and writes ch[i + ido*(k + l1*j)] = tw(j, i) * sum_m t_m w_p^(jm) with
   tw(j, i) = tw[(j-1)*ido + i] = exp(-2 pi i j*l1*i/n): decimation in
   frequency with the output already in order (no bit reversal). The loops
   over i (contiguous in both) are what the levels vectorize; the last pass
   (ido == 1) has no twiddles and loops over k. The arithmetic is the same
   at every level (no FMA contraction: -ffp-contract is off for kernels), so
   a level changes the speed, never the bits. The avx2 and avx512 levels
   replace most passes by hand-vectorized ones of the same arithmetic
   (kernels/x86/fft_simd.h), which keep these for the shapes they leave. */
#include "generic/fft_w25.h"
#include "generic/isa_name.h"
#include "generic/kdefs.h"
#if defined(__AVX2__)
#include "x86/fft_x86.h"
#endif

#define FFT_ROWS(T)                                                                                \
    typedef struct {                                                                               \
        T r, i;                                                                                    \
    } cx_##T;

FFT_ROWS(float)
FFT_ROWS(double)

/* complex helpers on the struct type, by macro so both precisions share */
#define CADD(a, b) ((__typeof__(a)){(a).r + (b).r, (a).i + (b).i})
#define CSUB(a, b) ((__typeof__(a)){(a).r - (b).r, (a).i - (b).i})
/* a * w, as a sum with a negated factor (the same bits as the difference):
   GCC 12 vectorizes the textbook form of a complex product into vfmaddsub
   even under -ffp-contract=off, which would make the levels differ */
#define CMUL(a, w) ((__typeof__(a)){(a).r * (w).r + (a).i * -(w).i, (a).i * (w).r + (a).r * (w).i})
/* -i * a and i * a */
#define CMI(a) ((__typeof__(a)){(a).i, -(a).r})
#define CPI(a) ((__typeof__(a)){-(a).i, (a).r})

/* The loop frame of a pass: BODY computes y[0..p-1] from t[0..p-1]. */
#define PASS_LOOPS(C, P, BODY)                                                                     \
    const C *restrict in = cc;                                                                     \
    C *restrict o = ch;                                                                            \
    const C *restrict w = tw;                                                                      \
    if (ido == 1) {                                                                                \
        ND_IVDEP for (int64_t k = 0; k < l1; k++) {                                                \
            C t[P], y[P];                                                                          \
            for (int m = 0; m < (P); m++) t[m] = in[m + (P)*k];                                    \
            BODY;                                                                                  \
            for (int j = 0; j < (P); j++) o[k + l1 * j] = y[j];                                    \
        }                                                                                          \
        return;                                                                                    \
    }                                                                                              \
    for (int64_t k = 0; k < l1; k++) {                                                             \
        const C *ik = in + ido * (P)*k;                                                            \
        C *ok = o + ido * k;                                                                       \
        ND_IVDEP for (int64_t i = 0; i < ido; i++) {                                               \
            C t[P], y[P];                                                                          \
            for (int m = 0; m < (P); m++) t[m] = ik[i + ido * m];                                  \
            BODY;                                                                                  \
            ok[i] = y[0];                                                                          \
            for (int j = 1; j < (P); j++) ok[i + ido * l1 * j] = CMUL(y[j], w[(j - 1) * ido + i]); \
        }                                                                                          \
    }

#define BODY2                                                                                      \
    y[0] = CADD(t[0], t[1]);                                                                       \
    y[1] = CSUB(t[0], t[1])

/* radix 4 on x[0..3] into z[0..3] */
#define RAD4(x, z)                                                                                 \
    do {                                                                                           \
        __typeof__(x[0]) a = CADD(x[0], x[2]), b = CSUB(x[0], x[2]);                               \
        __typeof__(x[0]) c = CADD(x[1], x[3]), d = CSUB(x[1], x[3]);                               \
        z[0] = CADD(a, c);                                                                         \
        z[2] = CSUB(a, c);                                                                         \
        z[1] = CADD(b, CMI(d));                                                                    \
        z[3] = CADD(b, CPI(d));                                                                    \
    } while (0)

#define BODY4 RAD4(t, y)

/* radix 8: two radix-4 halves (even and odd m) joined by w8^j */
#define BODY8(T)                                                                                   \
    do {                                                                                           \
        const T h = (T)0.707106781186547524400844362104849039L;                                    \
        __typeof__(t[0]) e[4], q[4], u;                                                            \
        __typeof__(t[0]) a = CADD(t[0], t[4]), b = CSUB(t[0], t[4]);                               \
        __typeof__(t[0]) c = CADD(t[2], t[6]), d = CSUB(t[2], t[6]);                               \
        e[0] = CADD(a, c), e[2] = CSUB(a, c), e[1] = CADD(b, CMI(d)), e[3] = CADD(b, CPI(d));      \
        a = CADD(t[1], t[5]), b = CSUB(t[1], t[5]);                                                \
        c = CADD(t[3], t[7]), d = CSUB(t[3], t[7]);                                                \
        q[0] = CADD(a, c), q[2] = CSUB(a, c), q[1] = CADD(b, CMI(d)), q[3] = CADD(b, CPI(d));      \
        y[0] = CADD(e[0], q[0]), y[4] = CSUB(e[0], q[0]);                                          \
        u.r = (q[1].r + q[1].i) * h, u.i = (q[1].i - q[1].r) * h;                                  \
        y[1] = CADD(e[1], u), y[5] = CSUB(e[1], u);                                                \
        u = CMI(q[2]);                                                                             \
        y[2] = CADD(e[2], u), y[6] = CSUB(e[2], u);                                                \
        u.r = (q[3].i - q[3].r) * h, u.i = -(q[3].r + q[3].i) * h;                                 \
        y[3] = CADD(e[3], u), y[7] = CSUB(e[3], u);                                                \
    } while (0)

/* radix 16 as 4 x 4: radix 4 over m2 of t[m1 + 4 m2] for each m1, the
   products by w16^(m1 j2), radix 4 over m1 into y[j2 + 4 j1]; w16^2 and
   w16^6 as radix 8's (the sum or difference times sqrt(1/2)), w16^4 = -i */
#define BODY16(T)                                                                                  \
    do {                                                                                           \
        typedef __typeof__(t[0]) C16_;                                                             \
        const T h_ = (T)0.707106781186547524400844362104849039L;                                   \
        const T c_ = (T)0.923879532511286756128183189396788933L;                                   \
        const T s_ = (T)0.382683432365089771728459984030398866L;                                   \
        C16_ a_[4][4], u_[4], v_[4];                                                               \
        for (int m1 = 0; m1 < 4; m1++) {                                                           \
            for (int m2 = 0; m2 < 4; m2++) u_[m2] = t[m1 + 4 * m2];                                \
            RAD4(u_, a_[m1]);                                                                      \
        }                                                                                          \
        a_[1][1] = CMUL(a_[1][1], ((C16_){c_, -s_}));                                              \
        a_[1][2] = (C16_){(a_[1][2].r + a_[1][2].i) * h_, (a_[1][2].i - a_[1][2].r) * h_};         \
        a_[1][3] = CMUL(a_[1][3], ((C16_){s_, -c_}));                                              \
        a_[2][1] = (C16_){(a_[2][1].r + a_[2][1].i) * h_, (a_[2][1].i - a_[2][1].r) * h_};         \
        a_[2][2] = CMI(a_[2][2]);                                                                  \
        a_[2][3] = (C16_){(a_[2][3].i - a_[2][3].r) * h_, -(a_[2][3].r + a_[2][3].i) * h_};        \
        a_[3][1] = CMUL(a_[3][1], ((C16_){s_, -c_}));                                              \
        a_[3][2] = (C16_){(a_[3][2].i - a_[3][2].r) * h_, -(a_[3][2].r + a_[3][2].i) * h_};        \
        a_[3][3] = CMUL(a_[3][3], ((C16_){-c_, s_}));                                              \
        for (int j2 = 0; j2 < 4; j2++) {                                                           \
            for (int m1 = 0; m1 < 4; m1++) u_[m1] = a_[m1][j2];                                    \
            RAD4(u_, v_);                                                                          \
            for (int j1 = 0; j1 < 4; j1++) y[j2 + 4 * j1] = v_[j1];                                \
        }                                                                                          \
    } while (0)

/* Radix 3 on (a, b, c) into y0, y1, y2: with s = b + c, d = b - c,
   y0 = a + s and y1, y2 = (a - s/2) -/+ i (sqrt(3)/2) d. */
#define RAD3(T, a, b, c, y0, y1, y2)                                                               \
    do {                                                                                           \
        const T s3_ = (T)0.866025403784438646763723170752936183L;                                  \
        __typeof__(a) s_ = CADD(b, c), d_ = CSUB(b, c), m_, e_;                                    \
        y0 = CADD(a, s_);                                                                          \
        m_.r = (a).r + s_.r * (T)-0.5, m_.i = (a).i + s_.i * (T)-0.5;                              \
        e_.r = d_.r * s3_, e_.i = d_.i * s3_;                                                      \
        y1 = (__typeof__(a)){m_.r + e_.i, m_.i - e_.r};                                            \
        y2 = (__typeof__(a)){m_.r - e_.i, m_.i + e_.r};                                            \
    } while (0)

#define BODY3(T) RAD3(T, t[0], t[1], t[2], y[0], y[1], y[2])

/* radix 5 on x[0], x[xs], .., x[4 xs] into y[0], y[ys], .., through the
   pairs (1, 4), (2, 3): y_j = a_j -/+ i b_j with a the cosine sums and b
   the sine sums (BODYODD's, without its zero starts) */
#define RAD5(T, x, xs, y, ys)                                                                      \
    do {                                                                                           \
        const T c1 = (T)0.309016994374947424102293417182819059L;                                   \
        const T c2 = (T)-0.809016994374947424102293417182819059L;                                  \
        const T s1 = (T)0.951056516295153572116439333379382143L;                                   \
        const T s2 = (T)0.587785252292473129168705954639072769L;                                   \
        __typeof__(x[0]) x0 = x[0], sa = CADD(x[xs], x[4 * (xs)]), da = CSUB(x[xs], x[4 * (xs)]);  \
        __typeof__(x[0]) sb = CADD(x[2 * (xs)], x[3 * (xs)]), db = CSUB(x[2 * (xs)], x[3 * (xs)]);  \
        __typeof__(x[0]) a1, a2, b1, b2;                                                           \
        y[0] = CADD(CADD(x0, sa), sb);                                                             \
        a1.r = x0.r + sa.r * c1 + sb.r * c2, a1.i = x0.i + sa.i * c1 + sb.i * c2;                  \
        a2.r = x0.r + sa.r * c2 + sb.r * c1, a2.i = x0.i + sa.i * c2 + sb.i * c1;                  \
        b1.r = da.r * s1 + db.r * s2, b1.i = da.i * s1 + db.i * s2;                                \
        b2.r = da.r * s2 - db.r * s1, b2.i = da.i * s2 - db.i * s1;                                \
        y[ys] = (__typeof__(x[0])){a1.r + b1.i, a1.i - b1.r};                                      \
        y[4 * (ys)] = (__typeof__(x[0])){a1.r - b1.i, a1.i + b1.r};                                \
        y[2 * (ys)] = (__typeof__(x[0])){a2.r + b2.i, a2.i - b2.r};                                \
        y[3 * (ys)] = (__typeof__(x[0])){a2.r - b2.i, a2.i + b2.r};                                \
    } while (0)

#define BODY5(T) RAD5(T, t, 1, y, 1)

static const float w25_float[17][2] = ND_FFT_W25(float);
static const double w25_double[17][2] = ND_FFT_W25(double);

/* radix 25 as 5 x 5: radix 5 over m2 of t[m1 + 5 m2] for each m1, the
   products by w25^(m1 j2), radix 5 over m1 into y[j2 + 5 j1] */
#define BODY25(T)                                                                                  \
    do {                                                                                           \
        __typeof__(t[0]) a_[25];                                                                   \
        for (int m1 = 0; m1 < 5; m1++) RAD5(T, (t + m1), 5, (a_ + 5 * m1), 1);                     \
        for (int m1 = 1; m1 < 5; m1++)                                                             \
            for (int j2 = 1; j2 < 5; j2++) {                                                       \
                __typeof__(t[0]) w_ = {w25_##T[m1 * j2][0], -w25_##T[m1 * j2][1]};                 \
                a_[5 * m1 + j2] = CMUL(a_[5 * m1 + j2], w_);                                       \
            }                                                                                      \
        for (int j2 = 0; j2 < 5; j2++) RAD5(T, (a_ + j2), 5, (y + j2), 5);                         \
    } while (0)

/* radix 9 as 3 x 3: radix 3 over m2 of t[m1 + 3 m2] for each m1, the
   products by w9^(m1 j2), radix 3 over m1 into y[j2 + 3 j1] */
#define BODY9(T)                                                                                   \
    do {                                                                                           \
        typedef __typeof__(t[0]) C9_;                                                              \
        const C9_ w1_ = {(T)0.766044443118978035202392650555416674L,                               \
                         (T)-0.642787609686539326322643409907263433L};                             \
        const C9_ w2_ = {(T)0.173648177666930348851716626769314796L,                               \
                         (T)-0.984807753012208059366743024589523014L};                             \
        const C9_ w4_ = {(T)-0.939692620785908384054109277324731470L,                              \
                         (T)-0.342020143325668733044099614682259581L};                             \
        C9_ a_[3][3];                                                                              \
        for (int m1 = 0; m1 < 3; m1++)                                                             \
            RAD3(T, t[m1], t[m1 + 3], t[m1 + 6], a_[m1][0], a_[m1][1], a_[m1][2]);                 \
        a_[1][1] = CMUL(a_[1][1], w1_), a_[1][2] = CMUL(a_[1][2], w2_);                            \
        a_[2][1] = CMUL(a_[2][1], w2_), a_[2][2] = CMUL(a_[2][2], w4_);                            \
        for (int j2 = 0; j2 < 3; j2++)                                                             \
            RAD3(T, a_[0][j2], a_[1][j2], a_[2][j2], y[j2], y[j2 + 3], y[j2 + 6]);                 \
    } while (0)

/* Odd radix P through the symmetric pairs s_m = t_m + t_{P-m}, d_m = t_m -
   t_{P-m}: y_j = t_0 + sum s_m cos(2 pi jm/P) -/+ i sum d_m sin(2 pi jm/P).
   rt holds (cos, sin) of 2 pi q/P for q < P. */
#define BODYODD(C, P)                                                                              \
    do {                                                                                           \
        C s[(P) / 2 + 1], d[(P) / 2 + 1];                                                          \
        y[0] = t[0];                                                                               \
        for (int m = 1; m <= (P) / 2; m++) {                                                       \
            s[m] = CADD(t[m], t[(P)-m]);                                                           \
            d[m] = CSUB(t[m], t[(P)-m]);                                                           \
            y[0] = CADD(y[0], s[m]);                                                               \
        }                                                                                          \
        for (int j = 1; j <= (P) / 2; j++) {                                                       \
            C a = t[0], b = {0, 0};                                                                \
            for (int m = 1; m <= (P) / 2; m++) {                                                   \
                int q = (int)(((int64_t)j * m) % (P));                                             \
                a.r += s[m].r * rt[q].r, a.i += s[m].i * rt[q].r;                                  \
                b.r += d[m].r * rt[q].i, b.i += d[m].i * rt[q].i;                                  \
            }                                                                                      \
            y[j] = (C){a.r + b.i, a.i - b.r};                                                      \
            y[(P)-j] = (C){a.r - b.i, a.i + b.r};                                                  \
        }                                                                                          \
    } while (0)

#define FFT_PASSES(T)                                                                              \
    static void pass2_##T(int64_t ido, int64_t l1, const void *cc, void *ch, const void *tw,       \
                          const void *rts) {                                                       \
        (void)rts;                                                                                 \
        PASS_LOOPS(cx_##T, 2, BODY2)                                                               \
    }                                                                                              \
    static void pass4_##T(int64_t ido, int64_t l1, const void *cc, void *ch, const void *tw,       \
                          const void *rts) {                                                       \
        (void)rts;                                                                                 \
        PASS_LOOPS(cx_##T, 4, BODY4)                                                               \
    }                                                                                              \
    static void pass8_##T(int64_t ido, int64_t l1, const void *cc, void *ch, const void *tw,       \
                          const void *rts) {                                                       \
        (void)rts;                                                                                 \
        PASS_LOOPS(cx_##T, 8, BODY8(T))                                                            \
    }                                                                                              \
    static void pass16_##T(int64_t ido, int64_t l1, const void *cc, void *ch, const void *tw,      \
                           const void *rts) {                                                      \
        (void)rts;                                                                                 \
        PASS_LOOPS(cx_##T, 16, BODY16(T))                                                          \
    }                                                                                              \
    static void pass3_##T(int64_t ido, int64_t l1, const void *cc, void *ch, const void *tw,       \
                          const void *rts) {                                                       \
        (void)rts;                                                                                 \
        PASS_LOOPS(cx_##T, 3, BODY3(T))                                                            \
    }                                                                                              \
    static void pass25_##T(int64_t ido, int64_t l1, const void *cc, void *ch, const void *tw,      \
                           const void *rts) {                                                      \
        (void)rts;                                                                                 \
        PASS_LOOPS(cx_##T, 25, BODY25(T))                                                          \
    }                                                                                              \
    static void pass9_##T(int64_t ido, int64_t l1, const void *cc, void *ch, const void *tw,       \
                          const void *rts) {                                                       \
        (void)rts;                                                                                 \
        PASS_LOOPS(cx_##T, 9, BODY9(T))                                                            \
    }                                                                                              \
    static void pass5_##T(int64_t ido, int64_t l1, const void *cc, void *ch, const void *tw,       \
                          const void *rts) {                                                       \
        (void)rts;                                                                                 \
        PASS_LOOPS(cx_##T, 5, BODY5(T))                                                            \
    }                                                                                              \
    FFT_ODD(T, 7)                                                                                  \
    FFT_ODD(T, 11)                                                                                 \
    FFT_ODD(T, 13)

#define FFT_ODD(T, P)                                                                              \
    static void pass##P##_##T(int64_t ido, int64_t l1, const void *cc, void *ch, const void *tw,   \
                              const void *rts) {                                                   \
        const cx_##T *rt = rts;                                                                    \
        PASS_LOOPS(cx_##T, P, BODYODD(cx_##T, P))                                                  \
    }

FFT_PASSES(float)
FFT_PASSES(double)

/* Any odd radix p (up to ND_FFT_MAX_ODD): the same sums with p at run time,
   each of the four real sums of a y_j in four interleaved partial sums
   (m mod 4) joined pairwise: the rounding error of a long direct sum (a
   prime radix past 13) grows about half as fast as one running sum's, and
   the four chains run in parallel. Where the level has FMA (avx2, avx512)
   this pass alone is compiled with contraction on: each term of the sums
   is then added with one rounding instead of two, and the twiddle product
   fused (c2c over 1..1024: above pocketfft's error at 118 lengths instead
   of 151, 31 of the 612 with a prime factor past 13 instead of 63; and
   1.09-1.11x faster at n = 68, 323, 4913). It has no hand-vectorized twin
   and no lane pass, so no other code has to match its bits. */
#if defined(__FMA__) && defined(__clang__)
#define ANY_CONTRACT
#define ANY_CONTRACT_BODY _Pragma("clang fp contract(fast)")
#elif defined(__FMA__)
#define ANY_CONTRACT __attribute__((optimize("fp-contract=fast")))
#define ANY_CONTRACT_BODY
#else
#define ANY_CONTRACT
#define ANY_CONTRACT_BODY
#endif
#define FFT_ANY(T)                                                                                 \
    ANY_CONTRACT static void pass_any_##T(int64_t p, int64_t ido, int64_t l1, const void *cc, void *ch,         \
                             const void *tw, const void *rts) {                                    \
        ANY_CONTRACT_BODY                                                                          \
        typedef cx_##T C;                                                                          \
        enum { H = ND_FFT_MAX_ODD / 2 + 4 };                                                       \
        const C *in = cc, *w = tw, *rt = rts;                                                      \
        C *o = ch;                                                                                 \
        int64_t h = p / 2, h4 = (h + 3) / 4 * 4;                                                   \
        for (int64_t k = 0; k < l1; k++)                                                           \
            for (int64_t i = 0; i < ido; i++) {                                                    \
                C t0 = in[i + ido * p * k], s[H], d[H];                                            \
                for (int64_t m = 1; m <= h; m++) {                                                 \
                    C a = in[i + ido * (m + p * k)], b = in[i + ido * (p - m + p * k)];            \
                    s[m - 1] = CADD(a, b), d[m - 1] = CSUB(a, b);                                  \
                }                                                                                  \
                for (int64_t m = h; m < h4; m++) s[m] = d[m] = (C){0, 0};                          \
                T sr[4] = {0, 0, 0, 0}, si[4] = {0, 0, 0, 0};                                      \
                for (int64_t m = 0; m < h4; m += 4)                                                \
                    for (int u = 0; u < 4; u++) sr[u] += s[m + u].r, si[u] += s[m + u].i;          \
                o[i + ido * k] = (C){t0.r + ((sr[0] + sr[1]) + (sr[2] + sr[3])),                   \
                                     t0.i + ((si[0] + si[1]) + (si[2] + si[3]))};                  \
                for (int64_t j = 1; j <= h; j++) {                                                 \
                    T ar[4] = {0, 0, 0, 0}, ai[4] = {0, 0, 0, 0};                                  \
                    T br[4] = {0, 0, 0, 0}, bi[4] = {0, 0, 0, 0};                                  \
                    int64_t q = 0;                                                                 \
                    for (int64_t m = 0; m < h4; m += 4)                                            \
                        for (int u = 0; u < 4; u++) {                                              \
                            q += j;                                                                \
                            if (q >= p) q -= p;                                                    \
                            C r = rt[m + u < h ? q : 0];                                           \
                            ar[u] += s[m + u].r * r.r, ai[u] += s[m + u].i * r.r;                  \
                            br[u] += d[m + u].r * r.i, bi[u] += d[m + u].i * r.i;                  \
                        }                                                                          \
                    C a = {t0.r + ((ar[0] + ar[1]) + (ar[2] + ar[3])),                             \
                           t0.i + ((ai[0] + ai[1]) + (ai[2] + ai[3]))};                            \
                    C b = {(br[0] + br[1]) + (br[2] + br[3]), (bi[0] + bi[1]) + (bi[2] + bi[3])};  \
                    C y1 = {a.r + b.i, a.i - b.r}, y2 = {a.r - b.i, a.i + b.r};                    \
                    o[i + ido * (k + l1 * j)] = CMUL(y1, w[(j - 1) * ido + i]);                    \
                    o[i + ido * (k + l1 * (p - j))] = CMUL(y2, w[(p - j - 1) * ido + i]);          \
                }                                                                                  \
            }                                                                                      \
    }
FFT_ANY(float)
FFT_ANY(double)

/* Real forward transform of even length n = 2h from the complex transform
   z of the h pairs: x_k = (z_k + conj z_{h-k})/2 - i w^k (z_k - conj
   z_{h-k})/2, k = 0..h (z_h = z_0); rw[k] = exp(-2 pi i k/n). z holds h + 1
   slots; the result replaces it. */
#define FFT_R2C(T)                                                                                 \
    static void r2c_post_##T(void *zv, int64_t h, const void *rwv) {                               \
        typedef cx_##T C;                                                                          \
        C *z = zv;                                                                                 \
        const C *rw = rwv;                                                                         \
        C z0 = z[0];                                                                               \
        z[0] = (C){z0.r + z0.i, 0};                                                                \
        z[h] = (C){z0.r - z0.i, 0};                                                                \
        for (int64_t k = 1; k <= h - k; k++) {                                                     \
            C a = z[k], b = z[h - k];                                                              \
            C bc = {b.r, -b.i}, ac = {a.r, -a.i};                                                  \
            C e = CADD(a, bc), d = CSUB(a, bc);                                                    \
            C f = CMI(CMUL(d, rw[k]));                                                             \
            C e2 = CADD(b, ac), d2 = CSUB(b, ac);                                                  \
            C f2 = CMI(CMUL(d2, rw[h - k]));                                                       \
            z[k] = (C){(e.r + f.r) * (T)0.5, (e.i + f.i) * (T)0.5};                                \
            z[h - k] = (C){(e2.r + f2.r) * (T)0.5, (e2.i + f2.i) * (T)0.5};                        \
        }                                                                                          \
    }                                                                                              \
    /* The inverse's first step, conjugated for a forward transform: from                          \
       x_0..x_h (imaginary parts of x_0 and x_h ignored) the h values                              \
       conj((x_k + conj x_{h-k}) + i conj(w^k) (x_k - conj x_{h-k})). */                           \
    static void c2r_pre_##T(void *zv, int64_t h, const void *rwv) {                                \
        typedef cx_##T C;                                                                          \
        C *z = zv;                                                                                 \
        const C *rw = rwv;                                                                         \
        z[0].i = 0, z[h].i = 0;                                                                    \
        for (int64_t k = 0; k <= h - k; k++) {                                                     \
            C a = z[k], b = z[h - k];                                                              \
            C bc = {b.r, -b.i}, ac = {a.r, -a.i};                                                  \
            C wk = {rw[k].r, -rw[k].i}, wh = {rw[h - k].r, -rw[h - k].i};                          \
            C e = CADD(a, bc), g = CPI(CMUL(CSUB(a, bc), wk));                                     \
            C e2 = CADD(b, ac), g2 = CPI(CMUL(CSUB(b, ac), wh));                                   \
            C r1 = CADD(e, g), r2 = CADD(e2, g2);                                                  \
            z[k] = (C){r1.r, -r1.i};                                                               \
            if (h - k != k && h - k < h) z[h - k] = (C){r2.r, -r2.i};                              \
        }                                                                                          \
    }                                                                                              \
    /* a[i] = x[i] * b[i] (conj_out: conjugated), n complex */                                     \
    static void cmul_##T(void *av, const void *xv, const void *bv, int64_t n, int conj_out) {      \
        typedef cx_##T C;                                                                          \
        C *restrict a = av;                                                                        \
        const C *restrict x = xv, *restrict b = bv;                                                \
        if (conj_out) {                                                                            \
            ND_IVDEP for (int64_t i = 0; i < n; i++) {                                             \
                C p = CMUL(x[i], b[i]);                                                            \
                a[i] = (C){p.r, -p.i};                                                             \
            }                                                                                      \
        } else {                                                                                   \
            ND_IVDEP for (int64_t i = 0; i < n; i++) a[i] = CMUL(x[i], b[i]);                      \
        }                                                                                          \
    }
FFT_R2C(float)
FFT_R2C(double)

/* The first pass of a real transform of odd length n = p * ido (the rest:
   src/fft/plan.c, nd__fft_run_rodd): from the reals x, z0[i] = sum_m
   x[i + ido m] and, for j = 1..(p-1)/2, z[(j-1) ido + i] = rw[(j-1) ido +
   i] * sum_m x[i + ido m] w_p^(jm) (rw: exp(-2 pi i j i/n)); the sums for
   j > (p-1)/2 are the conjugates, not needed. Through the pairs s_m = x_m +
   x_{p-m}, d_m = x_m - x_{p-m}: the sum is (x_0 + sum s_m cos(2 pi jm/p),
   -sum d_m sin(2 pi jm/p)); rt holds (cos, sin)(2 pi q/p). RODD_BODY with P
   a constant (3, 5, 7) vectorizes over i; the any-p loop does the same
   operations in the same order. At the FMA levels compiled with
   contraction on, as pass_any and the inverse below (no other code
   shares their bits): rfft over 1..1024 above pocketfft's error at 339
   lengths instead of 358, irfft of odd n at 161 of 512 instead of 179,
   and 1.01-1.13x faster (rfft, irfft of 15, 143, 1331, 2783, 15015). */
#define RODD_BODY(T, P, H)                                                                         \
    ND_IVDEP for (int64_t i = 0; i < ido; i++) {                                                   \
        T x0 = x[i], y0 = x0, s[H], d[H];                                                          \
        for (int64_t m = 1; m <= (P) / 2; m++) {                                                   \
            T u = x[i + ido * m], v = x[i + ido * ((P)-m)];                                        \
            s[m] = u + v, d[m] = u - v;                                                            \
            y0 += s[m];                                                                            \
        }                                                                                          \
        z0[i] = y0;                                                                                \
        for (int64_t j = 1; j <= (P) / 2; j++) {                                                   \
            T a = x0 + s[1] * rt[j].r, b = d[1] * rt[j].i;                                         \
            int64_t q = j;                                                                         \
            for (int64_t m = 2; m <= (P) / 2; m++) {                                               \
                q += j; /* j m mod P, without a division */                                        \
                if (q >= (P)) q -= (P);                                                            \
                a += s[m] * rt[q].r;                                                               \
                b += d[m] * rt[q].i;                                                               \
            }                                                                                      \
            C sj = {a, -b};                                                                        \
            z[(j - 1) * ido + i] = CMUL(sj, rw[(j - 1) * ido + i]);                                \
        }                                                                                          \
    }

#define FFT_RODD(T)                                                                                \
    ANY_CONTRACT static void rodd_pass_##T(int64_t p, int64_t ido, const void *xv, void *z0v, void *zv,         \
                              const void *rwv, const void *rtv) {                                  \
        ANY_CONTRACT_BODY                                                                          \
        typedef cx_##T C;                                                                          \
        const T *restrict x = xv;                                                                  \
        T *restrict z0 = z0v;                                                                      \
        C *restrict z = zv;                                                                        \
        const C *restrict rw = rwv, *restrict rt = rtv;                                            \
        if (p == 3) {                                                                              \
            RODD_BODY(T, 3, 2)                                                                     \
        } else if (p == 5) {                                                                       \
            RODD_BODY(T, 5, 3)                                                                     \
        } else if (p == 7) {                                                                       \
            RODD_BODY(T, 7, 4)                                                                     \
        } else {                                                                                   \
            RODD_BODY(T, p, ND_FFT_MAX_ODD / 2 + 1)                                                \
        }                                                                                          \
    }
FFT_RODD(float)
FFT_RODD(double)

/* The inverse of the pass above, for a real backward transform of odd n
   (src/fft/plan.c, nd__fft_run_rodd_inv): with u_j[i] = z[(j-1) ido + i] *
   rw[(j-1) ido + i] (the lines' transforms, twiddled) and v_j = 2 u_j,
   x[i + ido m] = z0[i] + sum_j Re(v_j w_p^(jm)) = A_m + B_m and x[i + ido
   (p-m)] = A_m - B_m with A_m = z0[i] + sum_j v_j.r cos(2 pi jm/p), B_m =
   sum_j v_j.i sin(2 pi jm/p) (the lines p - j are the conjugates of the
   lines j: a real result). Written to x[xs * t]. */
#define RODD_INV_BODY(T, P, H)                                                                     \
    ND_IVDEP for (int64_t i = 0; i < ido; i++) {                                                   \
        T x0 = z0[i], y0 = x0;                                                                     \
        C v[H];                                                                                    \
        for (int64_t j = 1; j <= (P) / 2; j++) {                                                   \
            C u = CMUL(z[(j - 1) * ido + i], rw[(j - 1) * ido + i]);                               \
            v[j] = (C){u.r * 2, u.i * 2};                                                          \
            y0 += v[j].r;                                                                          \
        }                                                                                          \
        x[xs * i] = y0;                                                                            \
        for (int64_t m = 1; m <= (P) / 2; m++) {                                                   \
            T a = x0 + v[1].r * rt[m].r, b = v[1].i * rt[m].i;                                     \
            int64_t q = m;                                                                         \
            for (int64_t j = 2; j <= (P) / 2; j++) {                                               \
                q += m; /* j m mod P, without a division */                                        \
                if (q >= (P)) q -= (P);                                                            \
                a += v[j].r * rt[q].r;                                                             \
                b += v[j].i * rt[q].i;                                                             \
            }                                                                                      \
            x[xs * (i + ido * m)] = a + b;                                                         \
            x[xs * (i + ido * ((P)-m))] = a - b;                                                   \
        }                                                                                          \
    }

#define FFT_RODD_INV(T)                                                                            \
    ANY_CONTRACT static void rodd_inv_pass_##T(int64_t p, int64_t ido, const void *z0v, const void *zv,         \
                                  void *xv, int64_t xs, const void *rwv, const void *rtv) {        \
        ANY_CONTRACT_BODY                                                                          \
        typedef cx_##T C;                                                                          \
        const T *restrict z0 = z0v;                                                                \
        const C *restrict z = zv;                                                                  \
        T *restrict x = xv;                                                                        \
        const C *restrict rw = rwv, *restrict rt = rtv;                                            \
        if (p == 3) {                                                                              \
            RODD_INV_BODY(T, 3, 2)                                                                 \
        } else if (p == 5) {                                                                       \
            RODD_INV_BODY(T, 5, 3)                                                                 \
        } else if (p == 7) {                                                                       \
            RODD_INV_BODY(T, 7, 4)                                                                 \
        } else {                                                                                   \
            RODD_INV_BODY(T, p, ND_FFT_MAX_ODD / 2 + 1)                                            \
        }                                                                                          \
    }
FFT_RODD_INV(float)
FFT_RODD_INV(double)

void ND_K(nd_kfill_fft)(nd_ktable *t) {
    static void (*const p32[ND_FFT_NRADIX])(int64_t, int64_t, const void *, void *, const void *,
                                            const void *) = {
        pass2_float, pass3_float,  pass4_float,  pass5_float,  pass7_float, pass8_float,
        pass9_float, pass11_float, pass13_float, pass25_float, pass16_float};
    static void (*const p64[ND_FFT_NRADIX])(int64_t, int64_t, const void *, void *, const void *,
                                            const void *) = {
        pass2_double, pass3_double,  pass4_double,  pass5_double,  pass7_double, pass8_double,
        pass9_double, pass11_double, pass13_double, pass25_double, pass16_double};
    for (int r = 0; r < ND_FFT_NRADIX; r++) t->fft_pass[0][r] = p32[r], t->fft_pass[1][r] = p64[r];
    t->fft_pass_any[0] = pass_any_float;
    t->fft_pass_any[1] = pass_any_double;
    t->fft_r2c_post[0] = r2c_post_float;
    t->fft_r2c_post[1] = r2c_post_double;
    t->fft_c2r_pre[0] = c2r_pre_float;
    t->fft_c2r_pre[1] = c2r_pre_double;
    t->fft_rodd_pass[0] = rodd_pass_float;
    t->fft_rodd_pass[1] = rodd_pass_double;
    t->fft_rodd_inv_pass[0] = rodd_inv_pass_float;
    t->fft_rodd_inv_pass[1] = rodd_inv_pass_double;
    t->fft_cmul[0] = cmul_float;
    t->fft_cmul[1] = cmul_double;
#if defined(__AVX512F__)
    nd_kfill_fftx_avx512(t); /* hand-vectorized passes (same bits) */
#elif defined(__AVX2__)
    nd_kfill_fftx_avx2(t);
#endif
}
