/* The FFT's middle layer (src/fft/plan.c): plans and how to run them. The
   kernels (kernels/generic/fft.c) see only contiguous lines and tables; the
   driver (src/fft/fft.c) sees arrays, axes and norms. */
#ifndef ND_FFT_INTERNAL_H
#define ND_FFT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernels.h"

typedef struct nd_fft_plan nd_fft_plan;

struct nd_fft_plan {
    int64_t n;    /* complex plans: the length; real plans: the real length (even) */
    int prec;     /* 0: complex64 / float32, 1: complex128 / float64 */
    bool real;    /* r2c / c2r of even n through the complex plan of n/2; r2c of odd n */
    size_t csize; /* bytes of one complex element */
    int npass;    /* mixed radix: the passes, first to last */
    struct {
        int p, r;        /* radix; its nd_ktable.fft_pass index or -1 (fft_pass_any) */
        int64_t l1, ido; /* p * l1 * ido == n */
        const char *tw;  /* (p - 1) * ido twiddles */
        const char *rts; /* p roots of unity (odd p) */
    } pass[64];
    nd_fft_plan *sub;  /* Bluestein: the plan of m; real: the complex plan of n/2 */
    int64_t m;         /* Bluestein's length (0: mixed radix) */
    const char *chirp; /* Bluestein: exp(-pi i k^2/n), k < n, and its conjugate */
    const char *chirpc;
    const char *bk; /* Bluestein: the filter's transform / m */
    const char *rw; /* real: exp(-2 pi i k/n), k <= n/2; real odd: the first pass's */
    /* real of odd n (nd__fft_run_rodd): the first pass, of radix rp (the
       smallest prime factor), leaves (rp - 1)/2 complex lines of n/rp (sub)
       and one real line (rsub, again real odd); rp 0: n is 1, prime or
       without a factor up to ND_FFT_MAX_ODD: the complex transform of n (sub) */
    int rp;
    nd_fft_plan *rsub;
    const char *rrts; /* (cos, sin)(2 pi q/rp), q < rp */
    int64_t work;   /* complex elements of scratch nd__fft_run needs */
    void *_Atomic spare; /* a freed work area (nd__fft_work_take), kept for the next call */
    size_t bytes;   /* memory held, sub-plans included */
    char *mem;
    /* the cache's */
    int refs;
    bool cached;
    uint64_t stamp;
    nd_fft_plan *next;
};

/* The plan of (n, prec, real) from the process-wide cache (made on a miss),
   one reference taken; NULL with the error set (out of memory). */
nd_fft_plan *nd__fft_plan_get(const char *func, int64_t n, int prec, bool real);
void nd__fft_plan_put(nd_fft_plan *p);
/* Drops every unused cached plan (nd_memory_trim, tests). */
void nd__fft_cache_clear(void);

/* A work area of bytes (64-byte aligned) for a call with plan p: the
   plan's spare when it is big enough, else a new one; give it back with
   nd__fft_work_give (it may become the spare). NULL: out of memory. */
void *nd__fft_work_take(nd_fft_plan *p, size_t bytes, size_t *mapped);
void nd__fft_work_give(nd_fft_plan *p, void *w, size_t bytes, size_t mapped);

/* Runs complex plan p forward on data (p->n complex) with work (p->work
   complex); returns where the result is (data or work). */
void *nd__fft_run(const nd_fft_plan *p, const nd_ktable *k, void *data, void *work);

/* Runs real plan p of odd n: the n reals x (in the plan's precision) to
   their (n + 1)/2 transformed values y[ys * f], f <= (n - 1)/2, with
   scratch (p->work complex; x, y and scratch disjoint). */
void nd__fft_run_rodd(const nd_fft_plan *p, const nd_ktable *k, const void *x, void *y, int64_t ys,
                      void *scratch);

/* The inverse of nd__fft_run_rodd with plan p of odd n: from the (n + 1)/2
   values X_f = y[ys * f] of a Hermitian spectrum (X_0's imaginary part
   ignored) the n reals x[xs * t] = sum_f X_f exp(2 pi i f t/n), f < n
   (backward, unnormalized), with scratch (p->work complex). x may overlap y:
   it is written after y has been read; scratch is disjoint from both. */
void nd__fft_run_rodd_inv(const nd_fft_plan *p, const nd_ktable *k, const void *y, int64_t ys,
                          void *x, int64_t xs, void *scratch);

/* Runs mixed-radix plan p (no Bluestein, npass >= 2) forward from src
   (read by the first pass only) through buffers a and b (p->n complex
   each; b may be src) into dst (written by the last pass only; may be src;
   NULL: into a or b); returns where the result is. The passes and their
   arithmetic are nd__fft_run's: the same bits. Saves the copies of a line
   into and out of a buffer where the line itself is contiguous. */
void *nd__fft_run_io(const nd_fft_plan *p, const nd_ktable *k, const void *src, void *dst, void *a,
                     void *b);

#endif
