/* FFT plans: the factorization of n, the twiddles of every pass, Bluestein's
   chirp and filter, the real transforms' post-twiddles; made once per
   (length, precision, real) and shared process-wide through a small cache
   (a mutex, reference counts, least-recently-used eviction past
   FFT_CACHE_BYTES).

   Twiddles are computed in long double from an angle reduced to [0, pi/4]
   by the symmetries of the circle (so 2 pi k/n is never formed for large
   k), then rounded once: each is the correctly rounded value but in rare
   ties, which keeps the transform's error at the butterflies' own. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "base/base.h"
#include "dispatch/dispatch.h"
#include "fft/fft_internal.h"

#define FFT_CACHE_BYTES ((size_t)128 << 20)
#define FFT_CACHE_PLANS 64
/* Bluestein's filter is transformed in long double up to this length
   (about 0.1 s of plan time there); beyond, by the plan's own transform */
#define FFT_EXACT_FILTER ((int64_t)1 << 17)

static const int radices[ND_FFT_NRADIX] = ND_FFT_RADICES;

/* exp(-2 pi i k/n) in long double, for 0 <= k < 2^62 and n >= 1. */
static void root(int64_t k, int64_t n, long double *c, long double *s) {
    static const long double twopi = 6.283185307179586476925286766559005768L;
    k %= n;
    bool neg = false, flipc = false, swap = false;
    /* angle 2 pi k/n; fold to k <= n/2 (sine changes sign) */
    if (2 * k > n) k = n - k, neg = true;
    int64_t num = k, den = n; /* angle = 2 pi num/den in [0, pi] */
    if (4 * num > den) num = den - 2 * num, den *= 2, flipc = true; /* pi - angle */
    if (8 * num > den) num = den - 4 * num, den *= 4, swap = true;  /* pi/2 - angle */
    long double a = twopi * (long double)num / (long double)den;
    long double cv = cosl(a), sv = sinl(a);
    if (swap) {
        long double t = cv;
        cv = sv, sv = t;
    }
    if (flipc) cv = -cv;
    *c = cv;
    *s = neg ? sv : -sv; /* forward: exp(-i angle) */
}

static void put_root(char *dst, int prec, int64_t idx, long double c, long double s) {
    if (prec) {
        double v[2] = {(double)c, (double)s};
        memcpy(dst + idx * 16, v, 16);
    } else {
        float v[2] = {(float)c, (float)s};
        memcpy(dst + idx * 8, v, 8);
    }
}

/* Bluestein's length: the smallest 2^a 3^b 5^c 7^d 11^e >= n (7 and 11
   give a shorter transform more often than not, and a more accurate one:
   measured on every length to 1024) */
static int64_t good_size(int64_t n) {
    int64_t best = INT64_MAX;
    for (int64_t f11 = 1; f11 < best; f11 *= 11)
        for (int64_t f7 = f11; f7 < best; f7 *= 7)
            for (int64_t f5 = f7; f5 < best; f5 *= 5)
                for (int64_t f35 = f5; f35 < best; f35 *= 3) {
                    int64_t x = f35;
                    while (x < n) x *= 2;
                    if (x < best) best = x;
                    if (f35 > n) break;
                }
    return best;
}

/* Radix 16 for powers of two while n complex of cs bytes take less than
   this: a pass's 16 output lines lie n/16 elements apart, from here on a
   multiple of 4 KiB, so that all 16 fall in one set of a 12-way L1 (c2c
   65536 ran 0.91x, complex64 2^20 0.83x with 16s than with 8s) */
#define RADIX16_MAX_BYTES ((int64_t)64 << 10)

/* The factors of n (complex of cs bytes), pass order; false when some
   prime exceeds ND_FFT_MAX_ODD (Bluestein). */
static bool factorize(int64_t n, size_t cs, int *f, int *nf) {
    int c = 0;
    if (n >= 16 && (n & (n - 1)) == 0 && n < RADIX16_MAX_BYTES / (int64_t)cs) {
        /* a power of two: radix 16 (a third fewer passes over the data than
           radix 8; 1024 = 4 * 16 * 16), the 2, 4 or 8 left first (the
           largest ido: full vectors) */
        int64_t r = 1;
        while (r * 16 <= n) r *= 16;
        r = n / r;
        if (r > 1) f[c++] = (int)r, n /= r;
        while (n > 1) f[c++] = 16, n /= 16;
        *nf = c;
        return true;
    }
    /* the 4 or 2 left by the 8s first: its pass then runs at the largest
       ido (full vectors) and a radix-8 pass at ido 1. (The odd factors
       before the 2s ran c2c 1000 1.36x faster and 30030 1.11x, but their
       error over the lengths 1..1024 rose: 184 above pocketfft's, worst
       1.88x at n = 240, against 154 and 1.57x.) */
    int64_t p2 = n & -n;
    while (p2 >= 8) p2 /= 8;
    if (p2 > 1) f[c++] = (int)p2, n /= p2;
    while (n % 8 == 0) f[c++] = 8, n /= 8;
    /* the 3s as 9s (half the passes over the data), an odd 3 first */
    int n3 = 0;
    while (n % 3 == 0) n3++, n /= 3;
    if (n3 % 2) f[c++] = 3;
    for (int i = 0; i < n3 / 2; i++) f[c++] = 9;
    int n5 = 0; /* the 5s as 25s likewise */
    while (n % 5 == 0) n5++, n /= 5;
    if (n5 % 2) f[c++] = 5;
    for (int i = 0; i < n5 / 2; i++) f[c++] = 25;
    for (int64_t p = 7; p <= ND_FFT_MAX_ODD && n > 1; p += 2)
        while (n % p == 0) f[c++] = (int)p, n /= p;
    *nf = c;
    return n == 1;
}

static void plan_free(nd_fft_plan *p) {
    if (!p) return;
    plan_free(p->sub);
    plan_free(p->rsub);
    char *sp = atomic_exchange(&p->spare, NULL);
    if (sp) nd__aligned_free(sp);
    nd__free(p->mem);
    nd__free(p);
}

static nd_fft_plan *plan_make(const char *func, int64_t n, int prec, bool real);

static nd_fft_plan *plan_alloc(const char *func, size_t table_bytes) {
    nd_fft_plan *p = nd__calloc(1, sizeof *p);
    if (!p) return nd__nomem(func, sizeof *p), NULL;
    if (table_bytes) {
        p->mem = nd__malloc(table_bytes);
        if (!p->mem) return nd__nomem(func, table_bytes), nd__free(p), NULL;
    }
    p->bytes = sizeof *p + table_bytes;
    return p;
}

static nd_fft_plan *plan_mixed(const char *func, int64_t n, int prec, const int *f, int nf) {
    size_t cs = prec ? 16 : 8, count = 0;
    int64_t l1 = 1;
    for (int i = 0; i < nf; i++) {
        int64_t ido = n / (l1 * f[i]);
        count += (size_t)(f[i] - 1) * (size_t)ido + (f[i] % 2 ? (size_t)f[i] : 0);
        l1 *= f[i];
    }
    nd_fft_plan *p = plan_alloc(func, count * cs);
    if (!p) return NULL;
    p->n = n, p->prec = prec, p->csize = cs, p->npass = nf, p->work = n;
    char *at = p->mem;
    l1 = 1;
    for (int i = 0; i < nf; i++) {
        int ip = f[i];
        int64_t ido = n / (l1 * ip);
        p->pass[i].p = ip, p->pass[i].l1 = l1, p->pass[i].ido = ido, p->pass[i].r = -1;
        for (int r = 0; r < ND_FFT_NRADIX; r++)
            if (radices[r] == ip) p->pass[i].r = r;
        p->pass[i].tw = at;
        for (int j = 1; j < ip; j++)
            for (int64_t q = 0; q < ido; q++) {
                long double c, s;
                root((int64_t)j * l1 * q, n, &c, &s);
                put_root(at, prec, (j - 1) * ido + q, c, s);
            }
        at += (size_t)(ip - 1) * (size_t)ido * cs;
        if (ip % 2) {
            p->pass[i].rts = at;
            for (int q = 0; q < ip; q++) {
                long double c, s;
                root(q, ip, &c, &s);
                put_root(at, prec, q, c, -s); /* (cos, +sin) */
            }
            at += (size_t)ip * cs;
        }
        l1 *= ip;
    }
    return p;
}

/* The DFT of n long-double complex values x[j * stride] (n a product of
   2, 3, 5, 7 and 11) into y[0..n), decimation in time; rt holds exp(-2 pi i k/m)
   and W_n = rt[step]. Plans only: Bluestein's filter, exactly enough that
   its error is not the transform's. */
static void ldft(const long double *x, int64_t stride, int64_t n, long double *y,
                 const long double *rt, int64_t m, int64_t step) {
    if (n == 1) {
        y[0] = x[0], y[1] = x[1];
        return;
    }
    int64_t p = 2;
    while (n % p) p++;
    int64_t n2 = n / p;
    for (int64_t r = 0; r < p; r++)
        ldft(x + 2 * r * stride, stride * p, n2, y + 2 * r * n2, rt, m, step * p);
    for (int64_t k = 0; k < n2; k++) {
        long double t[22], u[22];
        for (int64_t r = 0; r < p; r++) { /* t_r = Y_r[k] W_n^(rk) */
            const long double *v = y + 2 * (k + r * n2), *w = rt + 2 * ((r * k * step) % m);
            t[2 * r] = v[0] * w[0] - v[1] * w[1], t[2 * r + 1] = v[0] * w[1] + v[1] * w[0];
        }
        for (int64_t q = 0; q < p; q++) { /* X[k + q n2] = sum_r t_r W_p^(rq) */
            long double re = 0, im = 0;
            for (int64_t r = 0; r < p; r++) {
                const long double *w = rt + 2 * ((r * q * n2 * step) % m);
                re += t[2 * r] * w[0] - t[2 * r + 1] * w[1];
                im += t[2 * r] * w[1] + t[2 * r + 1] * w[0];
            }
            u[2 * q] = re, u[2 * q + 1] = im;
        }
        for (int64_t q = 0; q < p; q++)
            y[2 * (k + q * n2)] = u[2 * q], y[2 * (k + q * n2) + 1] = u[2 * q + 1];
    }
}

/* Bluestein's filter into bk (m complex of prec): the transform of b_d =
   conj(chirp_|d|) (cl: the chirp, n long-double pairs), cyclic in m,
   divided by m. False when out of memory. */
static bool filter_transform(char *bk, int prec, const long double *cl, int64_t n, int64_t m) {
    long double *b = nd__calloc((size_t)m * 6, sizeof(long double));
    if (!b) return false;
    long double *y = b + 2 * m, *rt = y + 2 * m;
    for (int64_t k = 0; k < n; k++) {
        b[2 * k] = cl[2 * k], b[2 * k + 1] = -cl[2 * k + 1];
        if (k) b[2 * (m - k)] = cl[2 * k], b[2 * (m - k) + 1] = -cl[2 * k + 1];
    }
    for (int64_t k = 0; k < m; k++) root(k, m, &rt[2 * k], &rt[2 * k + 1]);
    ldft(b, 1, m, y, rt, m, 1);
    long double inv = 1.0L / (long double)m;
    for (int64_t k = 0; k < m; k++) put_root(bk, prec, k, y[2 * k] * inv, y[2 * k + 1] * inv);
    nd__free(b);
    return true;
}

static nd_fft_plan *plan_bluestein(const char *func, int64_t n, int prec) {
    int64_t m = good_size(2 * n - 1);
    size_t cs = prec ? 16 : 8;
    nd_fft_plan *p = plan_alloc(func, ((size_t)n * 2 + (size_t)m) * cs);
    if (!p) return NULL;
    p->n = n, p->prec = prec, p->csize = cs, p->m = m;
    p->sub = plan_make(func, m, prec, false);
    if (!p->sub) return plan_free(p), NULL;
    p->bytes += p->sub->bytes;
    p->work = 2 * m + p->sub->work;
    char *chirp = p->mem, *chirpc = chirp + n * cs, *bk = chirpc + n * cs;
    long double *cl = nd__malloc((size_t)n * 2 * sizeof(long double));
    if (!cl) return plan_free(p), nd__nomem(func, (size_t)n * 2 * sizeof(long double)), NULL;
    for (int64_t k = 0; k < n; k++) {
        /* k^2 mod 2n without overflow: n < 2^31 here in practice, else mulmod */
        unsigned __int128 sq = (unsigned __int128)k * (unsigned __int128)k;
        int64_t r = (int64_t)(sq % (unsigned __int128)(2 * n));
        root(r, 2 * n, &cl[2 * k], &cl[2 * k + 1]);
        put_root(chirp, prec, k, cl[2 * k], cl[2 * k + 1]);
        put_root(chirpc, prec, k, cl[2 * k], -cl[2 * k + 1]);
    }
    /* b_d = conj(chirp_|d|), cyclic in m; its transform / m in long double
       (bk's own rounding error would otherwise be a whole transform's, and
       Bluestein's error 1.3x: measured on every length to 1024) */
    if (m <= FFT_EXACT_FILTER) {
        bool ok = filter_transform(bk, prec, cl, n, m);
        nd__free(cl);
        if (!ok) return plan_free(p), nd__nomem(func, (size_t)m * 6 * sizeof(long double)), NULL;
    } else {
        memset(bk, 0, (size_t)m * cs);
        long double inv = 1.0L / (long double)m;
        for (int64_t k = 0; k < n; k++) {
            put_root(bk, prec, k, cl[2 * k] * inv, -cl[2 * k + 1] * inv);
            if (k) put_root(bk, prec, m - k, cl[2 * k] * inv, -cl[2 * k + 1] * inv);
        }
        nd__free(cl);
        char *tmp = nd__malloc((size_t)p->sub->work * cs);
        if (!tmp) return plan_free(p), nd__nomem(func, (size_t)p->sub->work * cs), NULL;
        void *res = nd__fft_run(p->sub, nd__kernels(), bk, tmp);
        if (res != bk) memcpy(bk, res, (size_t)m * cs);
        nd__free(tmp);
    }
    p->chirp = chirp, p->chirpc = chirpc, p->bk = bk;
    return p;
}

static nd_fft_plan *plan_real(const char *func, int64_t n, int prec) {
    int64_t h = n / 2;
    size_t cs = prec ? 16 : 8;
    nd_fft_plan *p = plan_alloc(func, (size_t)(h + 1) * cs);
    if (!p) return NULL;
    p->n = n, p->prec = prec, p->real = true, p->csize = cs;
    p->sub = plan_make(func, h, prec, false);
    if (!p->sub) return plan_free(p), NULL;
    p->bytes += p->sub->bytes;
    p->work = p->sub->work;
    for (int64_t k = 0; k <= h; k++) {
        long double c, s;
        root(k, n, &c, &s);
        put_root(p->mem, prec, k, c, s);
    }
    p->rw = p->mem;
    return p;
}

/* Real transform of odd n: x_f for f = j + rp q comes from the DFT of the
   line z_j[i] = exp(-2 pi i j i/n) sum_m x[i + ido m] w_rp^(jm) (a
   decimation-in-frequency pass); for real x, z_(rp-j) gives the
   conjugates of z_j's, so only the real z_0 (whose transform is again real
   of odd ido) and z_1..z_h are transformed: about half a complex
   transform's work, whatever the factors. */
static nd_fft_plan *plan_real_odd(const char *func, int64_t n, int prec) {
    int64_t p = 0; /* a factor past ND_FFT_MAX_ODD: as a prime (the pass's sums are sized so) */
    for (int64_t f = 3; f <= ND_FFT_MAX_ODD && f <= n / f; f += 2)
        if (n % f == 0) {
            p = f;
            break;
        }
    int64_t ido = p ? n / p : n, h = (p - 1) / 2;
    size_t cs = prec ? 16 : 8;
    nd_fft_plan *P = plan_alloc(func, p ? ((size_t)h * (size_t)ido + (size_t)p) * cs : 0);
    if (!P) return NULL;
    P->n = n, P->prec = prec, P->real = true, P->csize = cs, P->rp = (int)p;
    if (n == 1) return P->work = 1, P;
    P->sub = plan_make(func, ido, prec, false);
    if (!P->sub) return plan_free(P), NULL;
    P->bytes += P->sub->bytes;
    if (!p) { /* prime: the complex transform of the values (imaginary parts 0) */
        P->work = n + P->sub->work;
        return P;
    }
    P->rsub = plan_make(func, ido, prec, true);
    if (!P->rsub) return plan_free(P), NULL;
    P->bytes += P->rsub->bytes;
    /* z_1..z_h, z_0's reals, the sub-plan's work, the real sub-plan's */
    P->work = h * ido + (ido + 1) / 2 + P->sub->work + P->rsub->work;
    for (int64_t j = 1; j <= h; j++)
        for (int64_t i = 0; i < ido; i++) {
            long double c, s;
            root(j * i, n, &c, &s);
            put_root(P->mem, prec, (j - 1) * ido + i, c, s);
        }
    char *rts = P->mem + (size_t)h * (size_t)ido * cs;
    for (int64_t q = 0; q < p; q++) {
        long double c, s;
        root(q, p, &c, &s);
        put_root(rts, prec, q, c, -s);
    }
    P->rw = P->mem, P->rrts = rts;
    return P;
}

/* Arithmetic of the passes, roughly: n times the sum of the radices (the
   odd ones' direct sums cost more per point). */
static double cost(int64_t n, const int *f, int nf) {
    double c = 0;
    for (int i = 0; i < nf; i++)
        c += f[i] == 9 ? 6 : f[i] == 25 ? 10 : f[i] <= 5 ? f[i] : 1.1 * f[i];
    return c * (double)n;
}

static nd_fft_plan *plan_make(const char *func, int64_t n, int prec, bool real) {
    if (real) return n % 2 ? plan_real_odd(func, n, prec) : plan_real(func, n, prec);
    int f[64], nf;
    /* a direct pass for a large prime factor while it costs less than
       Bluestein's two transforms of about 2n (a direct pass for every
       prime to 257 measured 5-12x slower than Bluestein there) */
    if (factorize(n, prec ? 16 : 8, f, &nf)) {
        int64_t m = good_size(2 * n - 1);
        int g[64], ng;
        factorize(m, prec ? 16 : 8, g, &ng);
        if (nf == 0 || f[nf - 1] <= 13 || cost(n, f, nf) <= 3 * cost(m, g, ng))
            return plan_mixed(func, n, prec, f, nf);
    }
    return plan_bluestein(func, n, prec);
}

/* pass i of p from in to out: a radix kernel, or the any-radix one */
static void run_pass(const nd_fft_plan *p, const nd_ktable *k, int i, const void *in, void *out) {
    int pr = p->prec, r = p->pass[i].r;
    int64_t ido = p->pass[i].ido, l1 = p->pass[i].l1;
    if (r >= 0)
        k->fft_pass[pr][r](ido, l1, in, out, p->pass[i].tw, p->pass[i].rts);
    else
        k->fft_pass_any[pr](p->pass[i].p, ido, l1, in, out, p->pass[i].tw, p->pass[i].rts);
}

void *nd__fft_run(const nd_fft_plan *p, const nd_ktable *k, void *data, void *work) {
    int pr = p->prec;
    if (p->m) { /* Bluestein */
        char *a = work, *b = a + p->m * p->csize, *sw = b + p->m * p->csize;
        k->fft_cmul[pr](a, data, p->chirp, p->n, 0);
        memset(a + p->n * p->csize, 0, (size_t)(p->m - p->n) * p->csize);
        char *r = nd__fft_run(p->sub, k, a, sw);
        k->fft_cmul[pr](b, r, p->bk, p->m, 1);
        r = nd__fft_run(p->sub, k, b, sw);
        k->fft_cmul[pr](data, r, p->chirpc, p->n, 1);
        return data;
    }
    char *in = data, *out = work;
    for (int i = 0; i < p->npass; i++) {
        run_pass(p, k, i, in, out);
        char *t = in;
        in = out, out = t;
    }
    return in;
}

/* Puts the ido values r[q] of z_j's transform in place: r[q] is x_f, f =
   j + p q, when f <= hn, else the conjugate of x_(n-f) (y[ys f]). */
#define RODD_PLACE(T)                                                                              \
    static void rodd_place_##T(T *restrict y, int64_t ys, const T *restrict r, int64_t j,         \
                               int64_t p, int64_t ido, int64_t n) {                                \
        int64_t qa = ((n - 1) / 2 - j) / p + 1, q = 0;                                             \
        for (int64_t f = j; q < qa; q++, f += p)                                                   \
            y[2 * ys * f] = r[2 * q], y[2 * ys * f + 1] = r[2 * q + 1];                            \
        for (int64_t f = n - j - p * q; q < ido; q++, f -= p)                                      \
            y[2 * ys * f] = r[2 * q], y[2 * ys * f + 1] = -r[2 * q + 1];                           \
    }
RODD_PLACE(double)
RODD_PLACE(float)

void nd__fft_run_rodd(const nd_fft_plan *P, const nd_ktable *k, const void *x, void *y, int64_t ys,
                      void *scratch) {
    int prec = P->prec;
    size_t cs = P->csize, rs = cs / 2;
    int64_t n = P->n;
    char *sc = scratch;
    if (!P->rp) { /* n 1 or prime: the complex transform, z_0 alone */
        for (int64_t f = 0; f < n; f++) {
            memcpy(sc + (size_t)f * cs, (const char *)x + (size_t)f * rs, rs);
            memset(sc + (size_t)f * cs + rs, 0, rs);
        }
        char *r = n > 1 ? nd__fft_run(P->sub, k, sc, sc + (size_t)n * cs) : sc;
        for (int64_t f = 0; f <= (n - 1) / 2; f++)
            memcpy((char *)y + (size_t)(ys * f) * cs, r + (size_t)f * cs, cs);
        return;
    }
    int64_t p = P->rp, ido = n / p, h = (p - 1) / 2;
    char *z = sc, *z0 = z + (size_t)(h * ido) * cs, *w = z0 + (size_t)((ido + 1) / 2) * cs;
    char *wr = w + (size_t)P->sub->work * cs;
    k->fft_rodd_pass[prec](p, ido, x, z0, z, P->rw, P->rrts);
    for (int64_t j = 1; j <= h; j++) {
        char *r = nd__fft_run(P->sub, k, z + (size_t)((j - 1) * ido) * cs, w);
        if (prec)
            rodd_place_double(y, ys, (const double *)r, j, p, ido, n);
        else
            rodd_place_float(y, ys, (const float *)r, j, p, ido, n);
    }
    nd__fft_run_rodd(P->rsub, k, z0, y, ys * p, wr); /* x_(p q) */
}

/* Line j of the inverse's first step, r[q] = Y_f (f = j + p q) with Y the
   conjugate spectrum: conj(X_f) (y[ys f]) for f <= hn, else X_(n-f) (the
   reverse of rodd_place). */
#define RODD_TAKE(T)                                                                               \
    static void rodd_take_##T(T *restrict r, const T *restrict y, int64_t ys, int64_t j,          \
                              int64_t p, int64_t ido, int64_t n) {                                 \
        int64_t qa = ((n - 1) / 2 - j) / p + 1, q = 0;                                             \
        for (int64_t f = j; q < qa; q++, f += p)                                                   \
            r[2 * q] = y[2 * ys * f], r[2 * q + 1] = -y[2 * ys * f + 1];                           \
        for (int64_t f = n - j - p * q; q < ido; q++, f -= p)                                      \
            r[2 * q] = y[2 * ys * f], r[2 * q + 1] = y[2 * ys * f + 1];                            \
    }
RODD_TAKE(double)
RODD_TAKE(float)

/* x[xs t] = sum_f X_f exp(2 pi i f t/n), the real backward transform of the
   Hermitian X (X_f = y[ys f], f <= (n-1)/2; X_0's imaginary part ignored):
   the conjugate of it is the forward transform of Y = conj(X), computed as
   nd__fft_run_rodd's transposed: the lines r_j (rodd_take) transformed,
   the real line of Y_(p q) by the real sub-plan, then the inverse pass. */
void nd__fft_run_rodd_inv(const nd_fft_plan *P, const nd_ktable *k, const void *y, int64_t ys,
                          void *x, int64_t xs, void *scratch) {
    int prec = P->prec;
    size_t cs = P->csize, rs = cs / 2;
    int64_t n = P->n;
    char *sc = scratch;
    if (!P->rp) { /* n 1 or prime: the complex transform of the whole of Y */
        for (int64_t f = 0; f < n; f++) {
            int64_t g = f <= (n - 1) / 2 ? f : n - f;
            const char *v = (const char *)y + (size_t)(ys * g) * cs;
            memcpy(sc + (size_t)f * cs, v, rs);
            if (prec) {
                double im;
                memcpy(&im, v + rs, 8);
                im = f == 0 ? 0.0 : f <= (n - 1) / 2 ? -im : im;
                memcpy(sc + (size_t)f * cs + rs, &im, 8);
            } else {
                float im;
                memcpy(&im, v + rs, 4);
                im = f == 0 ? 0.0f : f <= (n - 1) / 2 ? -im : im;
                memcpy(sc + (size_t)f * cs + rs, &im, 4);
            }
        }
        char *r = n > 1 ? nd__fft_run(P->sub, k, sc, sc + (size_t)n * cs) : sc;
        for (int64_t t = 0; t < n; t++)
            memcpy((char *)x + (size_t)(xs * t) * rs, r + (size_t)t * cs, rs);
        return;
    }
    int64_t p = P->rp, ido = n / p, h = (p - 1) / 2;
    char *z = sc, *z0 = z + (size_t)(h * ido) * cs, *w = z0 + (size_t)((ido + 1) / 2) * cs;
    char *wr = w + (size_t)P->sub->work * cs;
    for (int64_t j = 1; j <= h; j++) {
        char *line = z + (size_t)((j - 1) * ido) * cs;
        if (prec)
            rodd_take_double((double *)line, y, ys, j, p, ido, n);
        else
            rodd_take_float((float *)line, y, ys, j, p, ido, n);
        char *r = nd__fft_run(P->sub, k, line, w);
        if (r != line) memcpy(line, r, (size_t)ido * cs);
    }
    nd__fft_run_rodd_inv(P->rsub, k, y, ys * p, z0, 1, wr); /* the real line: Y_(p q) */
    k->fft_rodd_inv_pass[prec](p, ido, z0, z, x, xs, P->rw, P->rrts);
}

void *nd__fft_run_io(const nd_fft_plan *p, const nd_ktable *k, const void *src, void *dst, void *a,
                     void *b) {
    const char *in = src;
    char *out = NULL;
    /* a dst apart from src takes turns with a, the last pass's (the
       passes then touch one buffer less: c2c 1024 ran 1.08x faster) */
    bool apart = dst && dst != src;
    for (int i = 0; i < p->npass; i++) {
        /* pass 0 reads src, then a and b take turns; b may be src */
        if (apart)
            out = (p->npass - 1 - i) % 2 ? a : dst;
        else
            out = i == p->npass - 1 && dst ? dst : i % 2 ? b : a;
        run_pass(p, k, i, in, out);
        in = out;
    }
    return out;
}

/* ---- work areas ---- */

/* Work areas up to this size are kept, one per plan, from call to call:
   the malloc and free of each call cost c2c 1024 about 6% (glibc
   consolidating its free lists). Larger ones are mapped (nd__work_alloc). */
#define SPARE_MAX (ND_BIG_BLOCK - 64)
#define SPARE_HEAD 64 /* the area's size, keeping the alignment */

void *nd__fft_work_take(nd_fft_plan *p, size_t bytes, size_t *mapped) {
    if (bytes > SPARE_MAX) return nd__work_alloc(bytes, mapped);
    *mapped = 0;
    char *sp = atomic_exchange(&p->spare, NULL);
    if (sp) {
        size_t have;
        memcpy(&have, sp, sizeof have);
        if (have >= bytes) return sp + SPARE_HEAD;
        nd__aligned_free(sp);
    }
    sp = nd__aligned_alloc(bytes + SPARE_HEAD);
    if (!sp) return NULL;
    memcpy(sp, &bytes, sizeof bytes);
    return sp + SPARE_HEAD;
}

void nd__fft_work_give(nd_fft_plan *p, void *w, size_t bytes, size_t mapped) {
    if (bytes > SPARE_MAX) {
        nd__work_free(w, mapped);
        return;
    }
    char *old = atomic_exchange(&p->spare, (char *)w - SPARE_HEAD);
    if (old) nd__aligned_free(old); /* another call's, given back meanwhile */
}

/* ---- the cache ---- */

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static nd_fft_plan *cache_head;
static size_t cache_bytes;
static int cache_count;
static uint64_t cache_clock;

/* Under the lock: drop unused plans, oldest first, until within bounds. */
static void cache_trim(size_t limit, int max_plans) {
    while (cache_bytes > limit || cache_count > max_plans) {
        nd_fft_plan **victim = NULL;
        for (nd_fft_plan **q = &cache_head; *q; q = &(*q)->next)
            if ((*q)->refs == 0 && (!victim || (*q)->stamp < (*victim)->stamp)) victim = q;
        if (!victim) return;
        nd_fft_plan *v = *victim;
        *victim = v->next;
        cache_bytes -= v->bytes, cache_count--;
        plan_free(v);
    }
}

nd_fft_plan *nd__fft_plan_get(const char *func, int64_t n, int prec, bool real) {
    pthread_mutex_lock(&cache_lock);
    for (nd_fft_plan *q = cache_head; q; q = q->next)
        if (q->n == n && q->prec == prec && q->real == real) {
            q->refs++, q->stamp = ++cache_clock;
            pthread_mutex_unlock(&cache_lock);
            return q;
        }
    pthread_mutex_unlock(&cache_lock);
    /* made outside the lock: a big plan takes a while */
    nd_fft_plan *p = plan_make(func, n, prec, real);
    if (!p) return NULL;
    pthread_mutex_lock(&cache_lock);
    for (nd_fft_plan *q = cache_head; q; q = q->next)
        if (q->n == n && q->prec == prec && q->real == real) { /* another thread's won */
            q->refs++, q->stamp = ++cache_clock;
            pthread_mutex_unlock(&cache_lock);
            plan_free(p);
            return q;
        }
    p->refs = 1, p->stamp = ++cache_clock;
    if (p->bytes <= FFT_CACHE_BYTES) {
        p->cached = true, p->next = cache_head, cache_head = p;
        cache_bytes += p->bytes, cache_count++;
        cache_trim(FFT_CACHE_BYTES, FFT_CACHE_PLANS);
    }
    pthread_mutex_unlock(&cache_lock);
    return p;
}

void nd__fft_plan_put(nd_fft_plan *p) {
    if (!p) return;
    pthread_mutex_lock(&cache_lock);
    bool drop = --p->refs == 0 && !p->cached;
    pthread_mutex_unlock(&cache_lock);
    if (drop) plan_free(p);
}

void nd__fft_cache_clear(void) {
    pthread_mutex_lock(&cache_lock);
    cache_trim(0, 0);
    pthread_mutex_unlock(&cache_lock);
}
