/* The scalar draws, following NumPy 1.24's distributions.c operation for
   operation (the same glibc exp/log/log1p/pow calls, the same order of
   floating-point operations, the same integer conversions), because a
   stream equal to NumPy's bit for bit allows nothing else. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch/dispatch.h"
#include "kernels.h"
#include "random/distributions.h"
#include "random/ziggurat.h"

/* ---- ziggurat normal and exponential ---- */

double nd__std_normal(nd_rng *g) {
    for (;;) {
        nd__zig_draw d = nd__zig_of(nd__next64(g));
        int idx = d.idx;
        double x = d.x;
        if (d.rabs < nd__zig_ki_double[idx]) return x; /* most draws end here */
        if (idx == 0) {                                /* the tail beyond r */
            for (;;) {
                double xx = -nd__zig_nor_inv_r * log1p(-nd__next_double(g));
                double yy = -log1p(-nd__next_double(g));
                if (yy + yy > xx * xx)
                    return ((d.rabs >> 8) & 1) ? -(nd__zig_nor_r + xx) : nd__zig_nor_r + xx;
            }
        }
        if ((nd__zig_fi_double[idx - 1] - nd__zig_fi_double[idx]) * nd__next_double(g) +
                nd__zig_fi_double[idx] <
            exp(-0.5 * x * x))
            return x;
    }
}

/* The draws raw[0..n) that end on the fast path, into out; returns the
   index of the first that does not, or n. */
static int64_t zig_run(const uint64_t *raw, int64_t n, double *out) {
    for (int64_t i = 0; i < n; i++) {
        nd__zig_draw d = nd__zig_of(raw[i]);
        if (d.rabs >= nd__zig_ki_double[d.idx]) return i;
        out[i] = d.x;
    }
    return n;
}

/* Standard normals in bulk (all but MT19937): the fast path runs over a drawn-ahead
   batch of 256 (made by the vector fill kernel where there is one) up to
   the first draw it rejects, which nd__std_normal draws again (rejected
   again) and takes through the slow path, reading what that needs from the
   same batch: NumPy's stream, without a call and a batch check per draw. */
void nd__std_normals(nd_rng *g, int64_t n, double *o) {
    if (g->kind == ND_BITGEN_MT19937 || n < 64) { /* a few: not worth a bulk batch */
        for (int64_t i = 0; i < n; i++) o[i] = nd__std_normal(g);
        return;
    }
    for (int64_t i = 0; i < n;) {
        if (g->pos == g->len) nd__refill_bulk(g);
        int64_t avail = g->len - g->pos < n - i ? g->len - g->pos : n - i;
        int64_t m = zig_run(g->batch + g->pos, avail, o + i);
        g->pos += (int)m, i += m;
        if (m < avail) o[i++] = nd__std_normal(g);
    }
}

double nd__std_exponential(nd_rng *g) {
    for (;;) {
        uint64_t ri = nd__next64(g) >> 3;
        uint8_t idx = (uint8_t)(ri & 0xff);
        ri >>= 8;
        double x = (double)ri * nd__zig_we_double[idx];
        if (ri < nd__zig_ke_double[idx]) return x;
        if (idx == 0) return nd__zig_exp_r - log1p(-nd__next_double(g));
        if ((nd__zig_fe_double[idx - 1] - nd__zig_fe_double[idx]) * nd__next_double(g) +
                nd__zig_fe_double[idx] <
            exp(-x))
            return x;
    }
}

/* ---- gamma and beta ---- */

/* nd__std_normal with the fast path inline, for the gamma loop: the next
   draw is looked at in the batch and taken only when the fast path takes
   it; otherwise nd__std_normal draws it (the same value) and goes on. */
static inline double std_normal_inl(nd_rng *g) {
    if (g->pos < g->len) {
        nd__zig_draw d = nd__zig_of(g->batch[g->pos]);
        if (d.rabs < nd__zig_ki_double[d.idx]) return g->pos++, d.x;
    }
    return nd__std_normal(g);
}

double nd__std_gamma(nd_rng *g, double shape) {
    if (shape == 1.0) return nd__std_exponential(g);
    if (shape == 0.0) return 0.0;
    if (shape < 1.0) {
        for (;;) {
            double u = nd__next_double(g), v = nd__std_exponential(g);
            if (u <= 1.0 - shape) {
                double x = pow(u, 1. / shape);
                if (x <= v) return x;
            } else {
                double y = -log((1 - u) / shape);
                double x = pow(1.0 - shape + shape * y, 1. / shape);
                if (x <= v + y) return x;
            }
        }
    }
    double b = shape - 1. / 3., c = 1. / sqrt(9 * b); /* Marsaglia and Tsang */
    for (;;) {
        double x, v;
        do {
            x = std_normal_inl(g);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = nd__next_double(g);
        if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return b * v;
        if (log(u) < 0.5 * x * x + b * (1. - v + log(v))) return b * v;
    }
}

double nd__beta(nd_rng *g, double a, double b) {
    if (a <= 1.0 && b <= 1.0) { /* Johnk */
        for (;;) {
            double u = nd__next_double(g), v = nd__next_double(g);
            double x = pow(u, 1.0 / a), y = pow(v, 1.0 / b), xpy = x + y;
            if (xpy <= 1.0 && xpy > 0.0) {
                if (x + y > 0) return x / xpy;
                double logx = log(u) / a, logy = log(v) / b;
                double logm = logx > logy ? logx : logy;
                logx -= logm, logy -= logm;
                return exp(logx - log(exp(logx) + exp(logy)));
            }
        }
    }
    double ga = nd__std_gamma(g, a), gb = nd__std_gamma(g, b);
    return ga / (ga + gb);
}

/* ---- poisson ---- */

/* log(gamma(x)) by Stirling's series (NumPy's random_loggam). */
double nd__loggam(double x) {
    static const double a[10] = {8.333333333333333e-02, -2.777777777777778e-03,
                                 7.936507936507937e-04, -5.952380952380952e-04,
                                 8.417508417508418e-04, -1.917526917526918e-03,
                                 6.410256410256410e-03, -2.955065359477124e-02,
                                 1.796443723688307e-01, -1.39243221690590e+00};
    if (x == 1.0 || x == 2.0) return 0.0;
    int64_t n = x < 7.0 ? (int64_t)(7 - x) : 0;
    double x0 = x + (double)n, x2 = (1.0 / x0) * (1.0 / x0), gl0 = a[9];
    for (int k = 8; k >= 0; k--) gl0 = gl0 * x2 + a[k];
    double gl = gl0 / x0 + 0.5 * 1.8378770664093453e+00 + (x0 - 0.5) * log(x0) - x0;
    if (x < 7.0)
        for (int64_t k = 1; k <= n; k++) {
            gl -= log(x0 - 1.0);
            x0 -= 1.0;
        }
    return gl;
}

static int64_t poisson_mult(nd_rng *g, double lam) {
    double enlam = exp(-lam), prod = 1.0;
    for (int64_t x = 0;; x++) {
        prod *= nd__next_double(g);
        if (!(prod > enlam)) return x;
    }
}

/* log(lam) only where the rejection test needs it (a pure function: later
   is the same value), not once per call as NumPy has it; loggam(k + 1)
   from memo[k] when k < nmemo (NaN: not yet known). */
bool nd__ptrs_round(const nd__ptrs *c, double u, double v, double *memo, int nmemo, int64_t *k) {
    u -= 0.5;
    double us = 0.5 - fabs(u), lam = c->lam;
    *k = (int64_t)floor((2 * c->a / us + c->b) * u + lam + 0.43);
    if (us >= 0.07 && v <= c->vr) return true;
    if (*k < 0 || (us < 0.013 && v > us)) return false;
    double lg;
    if (*k < nmemo) {
        if (isnan(memo[*k])) memo[*k] = nd__loggam((double)(*k + 1));
        lg = memo[*k];
    } else {
        lg = nd__loggam((double)(*k + 1));
    }
    return log(v) + log(c->invalpha) - log(c->a / (us * us) + c->b) <=
           -lam + (double)*k * log(lam) - lg;
}

static int64_t poisson_ptrs(nd_rng *g, double lam) {
    nd__ptrs c = nd__ptrs_of(lam);
    for (;;) {
        double u = nd__next_double(g), v = nd__next_double(g);
        int64_t k;
        if (nd__ptrs_round(&c, u, v, NULL, 0, &k)) return k;
    }
}

int64_t nd__poisson(nd_rng *g, double lam) {
    if (lam >= 10) return poisson_ptrs(g, lam);
    if (lam == 0) return 0;
    return poisson_mult(g, lam);
}

/* ---- binomial ---- */

static int64_t binomial_inversion(nd_rng *g, int64_t n, double p) {
    double q = 1.0 - p, qn = exp((double)n * log(q)), np = (double)n * p;
    double lim = np + 10.0 * sqrt(np * q + 1);
    int64_t bound = (int64_t)((double)n < lim ? (double)n : lim);
    int64_t x = 0;
    double px = qn, u = nd__next_double(g);
    while (u > px) {
        x++;
        if (x > bound) {
            x = 0;
            px = qn;
            u = nd__next_double(g);
        } else {
            u -= px;
            px = ((double)(n - x + 1) * p * px) / ((double)x * q);
        }
    }
    return x;
}

/* The squeeze of BTPE's step 5.2: Stirling's correction of four factorials. */
static double stirling(double v) {
    double v2 = v * v;
    return (13680. - (462. - (132. - (99. - 140. / v2) / v2) / v2) / v2) / v / 166320.;
}

/* Kachitvichyanukul and Schmeiser's BTPE, as NumPy writes it. */
static int64_t binomial_btpe(nd_rng *g, int64_t n, double p) {
    double r = p < 1.0 - p ? p : 1.0 - p, q = 1.0 - r, fm = (double)n * r + r;
    int64_t m = (int64_t)floor(fm);
    double p1 = floor(2.195 * sqrt((double)n * r * q) - 4.6 * q) + 0.5;
    double xm = (double)m + 0.5, xl = xm - p1, xr = xm + p1, c = 0.134 + 20.5 / (15.3 + (double)m);
    double a = (fm - xl) / (fm - xl * r), laml = a * (1.0 + a / 2.0);
    a = (xr - fm) / (xr * q);
    double lamr = a * (1.0 + a / 2.0), p2 = p1 * (1.0 + 2.0 * c), p3 = p2 + c / laml,
           p4 = p3 + c / lamr;
    for (;;) {
        double nrq = (double)n * r * q, u = nd__next_double(g) * p4, v = nd__next_double(g);
        int64_t y;
        if (u <= p1) { /* the triangle: accepted at once */
            y = (int64_t)floor(xm - p1 * v + u);
            return p > 0.5 ? n - y : y;
        }
        if (u <= p2) { /* the parallelograms */
            double x = xl + (u - p1) / c;
            v = v * c + 1.0 - fabs((double)m - x + 0.5) / p1;
            if (v > 1.0) continue;
            y = (int64_t)floor(x);
        } else if (u <= p3) { /* the left exponential tail */
            y = (int64_t)floor(xl + log(v) / laml);
            if (y < 0 || v == 0.0) continue;
            v = v * (u - p2) * laml;
        } else { /* the right one */
            y = (int64_t)floor(xr - log(v) / lamr);
            if (y > n || v == 0.0) continue;
            v = v * (u - p3) * lamr;
        }
        int64_t k = llabs(y - m);
        if (!(k > 20 && (double)k < nrq / 2.0 - 1)) { /* explicit evaluation */
            double s = r / q, aa = s * (double)(n + 1), f = 1.0;
            if (m < y)
                for (int64_t i = m + 1; i <= y; i++) f *= aa / (double)i - s;
            else if (m > y)
                for (int64_t i = y + 1; i <= m; i++) f /= aa / (double)i - s;
            if (v > f) continue;
            return p > 0.5 ? n - y : y;
        }
        double kd = (double)k;
        double rho = (kd / nrq) * ((kd * (kd / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
        double t = (double)(-k * k) / (2 * nrq), A = log(v);
        if (A < t - rho) return p > 0.5 ? n - y : y;
        if (A > t + rho) continue;
        double x1 = (double)(y + 1), f1 = (double)(m + 1), z = (double)(n + 1 - m),
               w = (double)(n - y + 1);
        if (A > xm * log(f1 / x1) + ((double)(n - m) + 0.5) * log(z / w) +
                    (double)(y - m) * log(w * r / (x1 * q)) + stirling(f1) + stirling(z) +
                    stirling(x1) + stirling(w))
            continue;
        return p > 0.5 ? n - y : y;
    }
}

int64_t nd__binomial(nd_rng *g, double p, int64_t n) {
    if (n == 0 || p == 0.0) return 0;
    if (p <= 0.5)
        return p * (double)n <= 30.0 ? binomial_inversion(g, n, p) : binomial_btpe(g, n, p);
    double q = 1.0 - p;
    return n - (q * (double)n <= 30.0 ? binomial_inversion(g, n, q) : binomial_btpe(g, n, q));
}

/* ---- bounded integers ---- */

uint64_t nd__interval(nd_rng *g, uint64_t max) {
    if (max == 0) return 0;
    uint64_t mask = max, v;
    for (int s = 1; s < 64; s <<= 1) mask |= mask >> s;
    if (max <= 0xffffffffu)
        while ((v = nd__next32(g) & mask) > max) {
        }
    else
        while ((v = nd__next64(g) & mask) > max) {
        }
    return v;
}

static uint64_t lemire64(nd_rng *g, uint64_t rng) {
    uint64_t excl = rng + 1;
    unsigned __int128 m = (unsigned __int128)nd__next64(g) * excl;
    uint64_t left = (uint64_t)m;
    if (left < excl) {
        uint64_t threshold = (UINT64_MAX - rng) % excl;
        while (left < threshold) {
            m = (unsigned __int128)nd__next64(g) * excl;
            left = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

static uint32_t lemire32(nd_rng *g, uint32_t rng) {
    uint32_t excl = rng + 1;
    uint64_t m = (uint64_t)nd__next32(g) * excl;
    uint32_t left = (uint32_t)m;
    if (left < excl) {
        uint32_t threshold = (UINT32_MAX - rng) % excl;
        while (left < threshold) {
            m = (uint64_t)nd__next32(g) * excl;
            left = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

static uint32_t piece(nd_rng *g, nd__bits *b, int bits) {
    if (!b->left) {
        b->buf = nd__next32(g);
        b->left = 32 / bits - 1;
    } else {
        b->buf >>= bits;
        b->left--;
    }
    return b->buf & ((1u << bits) - 1);
}

/* Lemire's method on 8 or 16 bits, as NumPy's buffered_bounded_lemire_uint8/16. */
static uint32_t lemire_small(nd_rng *g, nd__bits *b, uint32_t rng, int bits) {
    uint32_t excl = (rng + 1) & ((1u << bits) - 1), mask = (1u << bits) - 1;
    uint32_t m = piece(g, b, bits) * excl, left = m & mask;
    if (left < excl) {
        uint32_t threshold = (mask - rng) % excl;
        while (left < threshold) {
            m = piece(g, b, bits) * excl;
            left = m & mask;
        }
    }
    return m >> bits;
}

uint64_t nd__bounded64(nd_rng *g, uint64_t off, uint64_t rng) {
    if (rng == 0) return off;
    if (rng == 0xffffffffu) return off + nd__next32(g);
    if (rng < 0xffffffffu) return off + lemire32(g, (uint32_t)rng);
    if (rng == UINT64_MAX) return off + nd__next64(g);
    return off + lemire64(g, rng);
}

uint64_t nd__bounded_next(nd_rng *g, int width, uint64_t off, uint64_t rng, nd__bits *b) {
    switch (width) {
    case 0: /* bool: one bit at a time, 32 to a word */
        if (rng == 0) return off;
        if (!b->left)
            b->buf = nd__next32(g), b->left = 31;
        else
            b->buf >>= 1, b->left--;
        return b->buf & 1;
    case 1:
    case 2: {
        int bits = 8 * width;
        uint32_t full = (1u << bits) - 1;
        return off + (rng == 0      ? 0
                      : rng == full ? piece(g, b, bits)
                                    : lemire_small(g, b, (uint32_t)rng, bits));
    }
    case 4:
        return off + (rng == 0             ? 0
                      : rng == 0xffffffffu ? nd__next32(g)
                                           : lemire32(g, (uint32_t)rng));
    default:
        return off + nd__bounded64(g, 0, rng);
    }
}

void nd__bounded_fill(nd_rng *g, int width, uint64_t off, uint64_t rng, int64_t n, void *out) {
    nd__bits b = {0, 0};
    for (int64_t i = 0; i < n; i++) {
        uint64_t v = nd__bounded_next(g, width, off, rng, &b);
        if (width <= 1)
            ((uint8_t *)out)[i] = (uint8_t)v;
        else if (width == 2)
            ((uint16_t *)out)[i] = (uint16_t)v;
        else if (width == 4)
            ((uint32_t *)out)[i] = (uint32_t)v;
        else
            ((uint64_t *)out)[i] = v;
    }
}

/* ---- standard exponentials in bulk ---- */

/* The draws raw[0..n) that end on the exponential ziggurat's fast path,
   into out; returns the index of the first that does not, or n. */
static int64_t zig_exp_run(const uint64_t *raw, int64_t n, double *out) {
    for (int64_t i = 0; i < n; i++) {
        uint64_t ri = raw[i] >> 3;
        int idx = (int)(ri & 0xff);
        ri >>= 8;
        if (ri >= nd__zig_ke_double[idx]) return i;
        out[i] = (double)ri * nd__zig_we_double[idx];
    }
    return n;
}

/* As nd__std_normals: the fast path over PCG64's drawn-ahead batch (by the
   level's kernel where it has one), a draw off it redrawn by
   nd__std_exponential (the same stream). */
void nd__std_exponentials(nd_rng *g, int64_t n, double *o) {
    if (g->kind != ND_BITGEN_PCG64 || n < 64) {
        for (int64_t i = 0; i < n; i++) o[i] = nd__std_exponential(g);
        return;
    }
    int64_t (*vec)(double *, const uint64_t *, int64_t, const uint64_t *, const double *) =
        nd__kernels()->rng_zig_exp;
    for (int64_t i = 0; i < n;) {
        if (g->pos == g->len) nd__refill_bulk(g);
        int64_t avail = g->len - g->pos < n - i ? g->len - g->pos : n - i;
        int64_t m = vec ? vec(o + i, g->batch + g->pos, avail, nd__zig_ke_double, nd__zig_we_double)
                        : zig_exp_run(g->batch + g->pos, avail, o + i);
        g->pos += (int)m, i += m;
        if (m < avail) o[i++] = nd__std_exponential(g);
    }
}
