/* The FFT's framework layer: one 1-D transform along one axis of an array,
   for every line of the other axes. Each line is copied (converting the
   dtype, conjugating, cropping or zero-padding) into a contiguous buffer,
   transformed there by the plan's kernels, and written back scaled to its
   place in the destination, which may be the source itself (lines are
   disjoint); a contiguous line in the plan's dtype skips the copies (the
   first pass reads it, the last writes the destination: do_line_direct).
   Along a strided axis, neighbouring lines are gathered and written back a
   block at a time (see LINE_BLOCK_MAX), or, where the level has lane
   passes, transformed 8 or 16 at a time by passes across the lines
   (lanes_block, lanes_r2c). Lines go over the
   pool in chunks whose size depends only on the shape, strides and dtypes,
   and each line is computed the same way in any block or chunk, so the
   result is bitwise the same at every thread count. */
#include <math.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "core/internal.h"
#include "dispatch/dispatch.h"
#include "fft/fft_driver.h"
#include "nd/machine.h"
#include "thread/pool.h"

#define LINE_CHUNK_ELEMS 65536 /* elements of transform per chunk of lines */
/* Lines of a strided axis are gathered and written back LINE_BLOCK_MAX at a
   time while their buffers fit half of L2 (block_bytes): element j of the block's
   lines then comes from one or a few cache lines, not one cache line (and a
   TLB entry) per line. */
#define LINE_BLOCK_MAX 32
/* lines up to this size are prefetched whole before their passes */
#define PREFETCH_MAX (256 << 10)
/* C2C and R2C lines of a strided axis go through the lane passes
   ND_FFT_LANES_ALIGN at a time (lanes_block), LANES when a line's elements
   are a page or more apart (each page of the array is then visited half
   as often: batched (100, 1024) along axis 0 ran 1.17x faster; 16 lanes
   everywhere made 3-D 32^3 0.8x slower), while two buffers of the lines
   fit block_bytes(); contiguous lines too up to this length (gathered
   across: n 32 complex64 ran 1.65x faster, 128 and 1024 0.9x slower) */
#define LANES (2 * ND_FFT_LANES_ALIGN)
#define LANES_WIDE_STRIDE 4096
#define LANES_CONTIG_MAX 64
/* a row's last block of up to this many of L lanes' lines goes line by line */
#define LANE_TAIL(L) ((L) / 2 - 1)

typedef struct {
    const nd_fft_axis_op *op;
    const nd_fft_plan *plan;
    const nd_ktable *k;
    const char *src;
    char *dst;
    nd_dtype st, dt;
    int64_t nin, s_in, nout, s_out; /* line lengths and strides */
    int nother;
    int64_t oshape[ND_MAX_DIMS], ostr_in[ND_MAX_DIMS], ostr_out[ND_MAX_DIMS];
    int64_t nlines, per_chunk;
    int block;        /* lines gathered together */
    size_t buf_bytes; /* one line's buffer (block + 1 of them per slot) */
    char *scratch;
    size_t slot_bytes;
    int lanes;                /* lanes_block's lines (0: do_lines') */
    int lane_tail;            /* blocks of up to this many lines skip the lanes */
    size_t lane_bytes;        /* one buffer of them */
    int64_t ls_in, ls_out;    /* bytes from a line to the next in a row of lines */
} axis_ctx;

static int64_t abs64(int64_t v) { return v < 0 ? -v : v; }

/* Reads element j of a line as complex double (re, im). */
static inline void load_any(nd_dtype t, const char *p, double *re, double *im) {
    switch (t) {
    case ND_FLOAT64:
        memcpy(re, p, 8), *im = 0;
        return;
    case ND_COMPLEX128:
        memcpy(re, p, 8), memcpy(im, p + 8, 8);
        return;
    case ND_FLOAT32: {
        float f;
        memcpy(&f, p, 4);
        *re = f, *im = 0;
        return;
    }
    case ND_COMPLEX64: {
        float f[2];
        memcpy(f, p, 8);
        *re = f[0], *im = f[1];
        return;
    }
    default:
        nd__cast_one(t, p, ND_FLOAT64, re), *im = 0;
        return;
    }
}

/* count elements of each of the nb lines at in[b] (stride c->s_in) into
   buf[b] as complex of the plan's precision (real_only: reals, packed),
   conjugated if conj; zeros up to total. Element j of a line goes to
   buf[b] + j * bs elements (bs 1: a line buffer; the lane count: the
   lanes' layout). Element j of every line is read before element j + 1 of
   any: lines next to each other in memory (a strided axis) are read a
   cache line at a time. */
static void gather(const axis_ctx *c, const char *const *in, int nb, int64_t count, int64_t total,
                   char *const *buf, int64_t bs, bool real_only, bool conj) {
    int prec = c->plan->prec;
    nd_dtype t = c->st;
    int64_t s = c->s_in;
    double sg = conj ? -1.0 : 1.0;
    size_t esz = (prec ? 8 : 4) * (real_only ? 1 : 2);
    if (nb == 1 && bs == 1 && !conj && s == (int64_t)esz && nd__itemsize(t) == esz &&
        (t == ND_COMPLEX128 || t == ND_COMPLEX64 || t == ND_FLOAT64 || t == ND_FLOAT32) &&
        (t == ND_COMPLEX128 || t == ND_FLOAT64) == (prec == 1) &&
        (t == ND_FLOAT64 || t == ND_FLOAT32) == real_only) {
        memcpy(buf[0], in[0], (size_t)count * esz); /* a contiguous line, as it is */
    } else if (prec && t == ND_COMPLEX128 && !real_only) {
        for (int64_t j = 0; j < count; j++)
            for (int b = 0; b < nb; b++) {
                double v[2], *o = (double *)buf[b] + 2 * j * bs;
                memcpy(v, in[b] + j * s, 16);
                o[0] = v[0], o[1] = sg * v[1];
            }
    } else if (prec && t == ND_FLOAT64 && real_only) {
        for (int64_t j = 0; j < count; j++)
            for (int b = 0; b < nb; b++) memcpy((double *)buf[b] + j * bs, in[b] + j * s, 8);
    } else if (!prec && t == ND_COMPLEX64 && !real_only) {
        for (int64_t j = 0; j < count; j++)
            for (int b = 0; b < nb; b++) {
                float v[2], *o = (float *)buf[b] + 2 * j * bs;
                memcpy(v, in[b] + j * s, 8);
                o[0] = v[0], o[1] = conj ? -v[1] : v[1];
            }
    } else if (!prec && t == ND_FLOAT32 && real_only) {
        for (int64_t j = 0; j < count; j++)
            for (int b = 0; b < nb; b++) memcpy((float *)buf[b] + j * bs, in[b] + j * s, 4);
    } else {
        for (int64_t j = 0; j < count; j++)
            for (int b = 0; b < nb; b++) {
                double re, im;
                load_any(t, in[b] + j * s, &re, &im);
                im *= sg;
                if (prec) {
                    double *o = (double *)buf[b];
                    if (real_only)
                        o[j * bs] = re;
                    else
                        o[2 * j * bs] = re, o[2 * j * bs + 1] = im;
                } else {
                    float *o = (float *)buf[b];
                    if (real_only)
                        o[j * bs] = (float)re;
                    else
                        o[2 * j * bs] = (float)re, o[2 * j * bs + 1] = (float)im;
                }
            }
    }
    if (total > count && bs == 1)
        for (int b = 0; b < nb; b++) memset(buf[b] + count * esz, 0, (size_t)(total - count) * esz);
    else if (total > count)
        for (int64_t j = count; j < total; j++)
            for (int b = 0; b < nb; b++) memset(buf[b] + j * bs * (int64_t)esz, 0, esz);
}

/* count complex values of each buf[b] to the line at out[b] (stride s):
   scaled, conjugated if conj; as reals (part 0: re, 1: -im) when the
   destination is real. Element j of a line is at buf[b] + j * bs
   complex, as gather's. Element j of every line before j + 1, as gather. */
static void scatter(const axis_ctx *c, const char *const *buf, int64_t bs, int nb, int64_t count,
                    char *const *out, int64_t s, bool conj, int part) {
    double sc = c->op->scale;
    size_t csz = c->plan->csize;
    if (nb == 1 && bs == 1 && sc == 1.0 && !conj && s == (int64_t)csz && nd__itemsize(c->dt) == csz) {
        memcpy(out[0], buf[0], (size_t)count * csz); /* complex to a contiguous line */
    } else if (c->plan->prec) {
        if (c->dt == ND_COMPLEX128) {
            double si = conj ? -sc : sc;
            for (int64_t j = 0; j < count; j++)
                for (int b = 0; b < nb; b++) {
                    const double *x = (const double *)buf[b] + 2 * j * bs;
                    double v[2] = {x[0] * sc, x[1] * si};
                    if (sc == 1.0) v[0] = x[0], v[1] = conj ? -x[1] : x[1];
                    memcpy(out[b] + j * s, v, 16);
                }
        } else {
            for (int64_t j = 0; j < count; j++)
                for (int b = 0; b < nb; b++) {
                    const double *x = (const double *)buf[b] + 2 * j * bs;
                    double v = part ? -x[1] : x[0];
                    if (sc != 1.0) v *= sc;
                    memcpy(out[b] + j * s, &v, 8);
                }
        }
    } else {
        float scf = (float)sc;
        if (c->dt == ND_COMPLEX64) {
            for (int64_t j = 0; j < count; j++)
                for (int b = 0; b < nb; b++) {
                    const float *x = (const float *)buf[b] + 2 * j * bs;
                    float v[2] = {x[0], conj ? -x[1] : x[1]};
                    if (sc != 1.0) v[0] *= scf, v[1] *= scf;
                    memcpy(out[b] + j * s, v, 8);
                }
        } else {
            for (int64_t j = 0; j < count; j++)
                for (int b = 0; b < nb; b++) {
                    const float *x = (const float *)buf[b] + 2 * j * bs;
                    float v = part ? -x[1] : x[0];
                    if (sc != 1.0) v *= scf;
                    memcpy(out[b] + j * s, &v, 4);
                }
        }
    }
}

/* The transform of one gathered line in buf (work: scratch of the same
   size); returns where the result is, buf or work. */
static char *compute(const axis_ctx *c, char *buf, char *work) {
    const nd_fft_plan *pl = c->plan;
    const nd_ktable *k = c->k;
    int64_t n = c->op->n;
    switch (c->op->kind) {
    case ND_FFT_C2C:
        return nd__fft_run(pl, k, buf, work);
    case ND_FFT_R2C: {
        if (n % 2) { /* the (n + 1)/2 values to work, its scratch after them */
            nd__fft_run_rodd(pl, k, buf, work, 1, work + (size_t)(n + 1) / 2 * pl->csize);
            return work;
        }
        /* the result has room for h + 1 values wherever it lands */
        char *r = nd__fft_run(pl->sub, k, buf, work);
        k->fft_r2c_post[pl->prec](r, n / 2, pl->rw);
        return r;
    }
    case ND_FFT_C2R:
        if (n % 2) { /* odd n: the real path, its n reals at the real parts of buf */
            nd__fft_run_rodd_inv(pl, k, buf, 1, buf, 2, work);
            return buf;
        }
        k->fft_c2r_pre[pl->prec](buf, n / 2, pl->rw);
        return nd__fft_run(pl->sub, k, buf, work);
    }
    return buf;
}

/* Whether the line at p (stride s, dtype t) is what a plan of the
   context's precision reads or writes, complex (or real) values one after
   another, aligned as its element type. */
static bool line_direct(const axis_ctx *c, const char *p, int64_t s, nd_dtype t, bool real) {
    int prec = c->plan->prec;
    nd_dtype want = real ? (prec ? ND_FLOAT64 : ND_FLOAT32) : (prec ? ND_COMPLEX128 : ND_COMPLEX64);
    return t == want && s == (int64_t)nd__itemsize(t) && (uintptr_t)p % (prec ? 8 : 4) == 0;
}

/* One line of a C2C or R2C transform whose mixed-radix passes read the
   source line itself (din) and/or write the destination line itself
   (dout, C2C): the copies into and out of the buffer, which cost as much
   as the passes on a line that is not in cache, go. False when the line
   does not qualify (the caller then gathers). */
static bool do_line_direct(const axis_ctx *c, const char *in, char *out, char *buf, char *work) {
    const nd_fft_axis_op *op = c->op;
    int64_t n = op->n;
    bool r2c = op->kind == ND_FFT_R2C;
    if (r2c && n % 2) { /* real odd: its first pass reads the line */
        if (c->nin < n || !line_direct(c, in, c->s_in, c->st, true)) return false;
        if (op->scale == 1.0 && !op->conj_out && line_direct(c, out, c->s_out, c->dt, false)) {
            nd__fft_run_rodd(c->plan, c->k, in, out, 1, work);
            return true;
        }
        nd__fft_run_rodd(c->plan, c->k, in, buf, 1, work);
        scatter(c, (const char *const *)&buf, 1, 1, n / 2 + 1, &out, c->s_out, op->conj_out, 0);
        return true;
    }
    const nd_fft_plan *pl = r2c ? c->plan->sub : c->plan;
    if (op->kind == ND_FFT_C2R || pl->m || pl->npass < 2) return false;
    bool din = c->nin >= n && !(op->conj_in && !r2c) && line_direct(c, in, c->s_in, c->st, r2c);
    /* R2C too when the passes are even in number: the last one alone then
       writes the half-length result into the destination (room for h +
       1), post-processed there (rfftn 128^3 1.14x; with an odd count the
       first pass writes it too, and rfft of (1000, 1024) along axis 1 ran
       0.9x) */
    bool dout = op->scale == 1.0 && !op->conj_out && (!r2c || pl->npass % 2 == 0) &&
                line_direct(c, out, c->s_out, c->dt, false);
    if (!din && !dout) return false;
    if (!din) gather(c, &in, 1, c->nin < n ? c->nin : n, n, &buf, 1, r2c, op->conj_in);
    /* the line's cache lines requested all at once (the passes then find
       them in L2): the first pass alone reads p streams and the last writes
       p, a cache line of each at a time. Lines of a batch only: a lone
       line is most often in cache already (just written), where the
       requests cost c2c 1024 about 6% */
    size_t bytes = (size_t)n * (r2c ? pl->csize / 2 : pl->csize);
    bool pf = c->nlines > 1 && bytes <= PREFETCH_MAX;
    if (din && pf)
        for (size_t b = 0; b < bytes; b += 64) __builtin_prefetch(in + b, 0, 2);
    if (dout && pf)
        for (size_t b = 0; b < bytes; b += 64) __builtin_prefetch(out + b, 1, 2);
    char *r = nd__fft_run_io(pl, c->k, din ? in : buf, dout ? out : NULL, din ? buf : work,
                             din ? work : buf);
    if (r2c) c->k->fft_r2c_post[pl->prec](r, n / 2, c->plan->rw);
    if (dout) return true;
    scatter(c, (const char *const *)&r, 1, 1, r2c ? n / 2 + 1 : n, &out, c->s_out, op->conj_out, 0);
    return true;
}

/* Whether p (complex, mixed radix) has a lane pass for every pass. */
static bool lanes_ok(const nd_fft_plan *p, const nd_ktable *k) {
    if (p->m || p->npass < 1) return false;
    for (int i = 0; i < p->npass; i++)
        if (p->pass[i].r < 0 || !k->fft_lanes[p->prec][p->pass[i].r]) return false;
    return true;
}

/* Whether lines at p, element stride s, next line ls bytes on, of dtype t
   are the lane passes' layout: complex of the plan's precision, lines
   side by side. */
static bool lanes_direct(const axis_ctx *c, const char *p, int64_t s, int64_t ls, nd_dtype t) {
    size_t cs = c->plan->csize;
    nd_dtype want = c->plan->prec ? ND_COMPLEX128 : ND_COMPLEX64;
    return t == want && ls == (int64_t)cs && (s & (int64_t)(cs - 1)) == 0 &&
           ((uintptr_t)p & (cs / 2 - 1)) == 0; /* cs: 8 or 16 */
}

/* The passes of complex plan pl over the lane buffer a (and b2) from src
   (element stride scs) into dst (hs; NULL: a or b2); returns the result.
   pf (not NULL): the next block's rows (pl->n of them, pfs bytes apart,
   row bytes each), requested into L2 a share before each pass: rows a
   page or more apart defeat the hardware prefetcher, and the first pass
   then waits on memory (2-D 1024^2 along axis 0). Prefetches do not
   fault, so pf may lie past the array. */
static char *lanes_run(const axis_ctx *c, const nd_fft_plan *pl, const char *src, int64_t scs,
                       char *dst, int64_t hs, char *a, char *b2, uintptr_t pf, int64_t pfs,
                       int64_t row) {
    int64_t L = c->lanes;
    for (int i = 0; i < pl->npass; i++) {
        if (pf)
            for (int64_t j = pl->n * i / pl->npass; j < pl->n * (i + 1) / pl->npass; j++)
                for (int64_t by = 0; by < row; by += 64)
                    __builtin_prefetch((const void *)(pf + (uintptr_t)(j * pfs + by)), 0, 2);
        char *o = src == a ? b2 : a;
        int64_t os = L;
        if (i == pl->npass - 1 && dst) o = dst, os = hs;
        c->k->fft_lanes[pl->prec][pl->pass[i].r](pl->pass[i].ido, pl->pass[i].l1, L, src, scs, o,
                                                 os, pl->pass[i].tw, pl->pass[i].rts);
        src = o, scs = os;
    }
    return (char *)src;
}

/* lanes_r2c's copies, typed so that they move whole elements: the lanes'
   row j (L complex) from the L reals of rows 2j and 2j + 1 of x (element
   stride s bytes, lines side by side); line b (h complex) out of the
   lanes' layout r. */
#define LANES_R2C_COPIES(T)                                                                        \
    static void lanes_pairs_##T(T *restrict o, const char *x, int64_t s, int64_t h, int64_t L) {  \
        for (int64_t j = 0; j < h; j++) {                                                          \
            const T *e = (const T *)(const void *)(x + 2 * j * s);                                 \
            const T *d = (const T *)(const void *)(x + (2 * j + 1) * s);                           \
            T *oj = o + 2 * j * L;                                                                 \
            for (int64_t b = 0; b < L; b++) oj[2 * b] = e[b], oj[2 * b + 1] = d[b];                \
        }                                                                                          \
    }                                                                                              \
    static void lanes_line_##T(T *restrict line, const T *restrict r, int64_t h, int64_t L,       \
                               int64_t b) {                                                        \
        for (int64_t j = 0; j < h; j++)                                                            \
            line[2 * j] = r[2 * (j * L + b)], line[2 * j + 1] = r[2 * (j * L + b) + 1];            \
    }
LANES_R2C_COPIES(double)
LANES_R2C_COPIES(float)

/* Lines as they are (complex of the plan's precision, no scale or
   conjugation) into and out of the lanes' layout: element j of line b at
   p[b] + j * s bytes, of lane b at o[j * L + b] (bs 1: lines of their own,
   o[b] + j). Contiguous lines one after another (each a stream), strided
   ones element j of every line before j + 1 (a cache line at a time, as
   gather: rfft along axis 0 of (100, 1024) ran 0.67x as fast line by
   line). */
#define LANES_MOVES(T)                                                                             \
    static void lanes_in_##T(T *restrict o, const char *const *p, int nb, int64_t s, int64_t n,   \
                             int64_t L) {                                                          \
        if (s != 2 * (int64_t)sizeof(T)) {                                                         \
            for (int64_t j = 0; j < n; j++)                                                        \
                for (int b = 0; b < nb; b++) {                                                     \
                    const T *x = (const T *)(const void *)(p[b] + j * s);                          \
                    o[2 * (j * L + b)] = x[0], o[2 * (j * L + b) + 1] = x[1];                      \
                }                                                                                  \
            return;                                                                                \
        }                                                                                          \
        for (int b = 0; b < nb; b++)                                                               \
            for (int64_t j = 0; j < n; j++) {                                                      \
                const T *x = (const T *)(const void *)(p[b] + j * s);                              \
                o[2 * (j * L + b)] = x[0], o[2 * (j * L + b) + 1] = x[1];                          \
            }                                                                                      \
    }                                                                                              \
    static void lanes_out_##T(char *const *p, const T *restrict o, int nb, int64_t s, int64_t n,  \
                              int64_t L, int64_t bs) {                                             \
        int64_t bl = bs == 1 ? n : 1, st = bs == 1 ? 1 : L; /* lane b's j at b bl + j st */     \
        if (s != 2 * (int64_t)sizeof(T)) {                                                         \
            for (int64_t j = 0; j < n; j++)                                                        \
                for (int b = 0; b < nb; b++) {                                                     \
                    T *y = (T *)(void *)(p[b] + j * s);                                            \
                    y[0] = o[2 * (b * bl + j * st)], y[1] = o[2 * (b * bl + j * st) + 1];          \
                }                                                                                  \
            return;                                                                                \
        }                                                                                          \
        for (int b = 0; b < nb; b++)                                                               \
            for (int64_t j = 0; j < n; j++) {                                                      \
                T *y = (T *)(void *)(p[b] + j * s);                                                \
                y[0] = o[2 * (b * bl + j * st)], y[1] = o[2 * (b * bl + j * st) + 1];              \
            }                                                                                      \
    }
LANES_MOVES(double)
LANES_MOVES(float)

static bool lanes_aligned(const char *const *p, int nb, size_t align) {
    for (int b = 0; b < nb; b++)
        if ((uintptr_t)p[b] & (align - 1)) return false; /* align: a power of two */
    return true;
}

/* Whether the lines at p[0..nb) (stride s, dtype t) can move as they are
   (lanes_in / lanes_out): complex of the plan's precision, aligned. */
static bool lanes_plain(const axis_ctx *c, const char *const *p, int nb, int64_t s, nd_dtype t) {
    size_t cs = c->plan->csize;
    if (t != (c->plan->prec ? ND_COMPLEX128 : ND_COMPLEX64) || (s & (int64_t)(cs / 2 - 1)))
        return false;
    return lanes_aligned(p, nb, cs / 2);
}

/* nb <= c->lanes lines of an R2C transform of even n: the pairs (x[2j],
   x[2j + 1]) of each line gathered into the lanes' layout, the half-length
   complex plan's passes on all lines at once, then each line's post-
   processing by the kernel (its bits: the line's alone) in a line buffer
   of its own, written back together. */
static void lanes_r2c(const axis_ctx *c, const char *const *in, char *const *out, int nb,
                      char *scratch) {
    const nd_fft_plan *pl = c->plan;
    int64_t n = c->op->n, h = n / 2, L = c->lanes, cs = (int64_t)pl->csize;
    int64_t cnt = c->nin < n ? c->nin : n;
    char *a = scratch, *b2 = scratch + c->lane_bytes, *lp[LANES];
    const char *odd[LANES];
    nd_dtype rt = pl->prec ? ND_FLOAT64 : ND_FLOAT32;
    if (nb == L && cnt == n && c->st == rt && c->ls_in == cs / 2 && (c->s_in & (cs / 2 - 1)) == 0 &&
        ((uintptr_t)in[0] & (uintptr_t)(cs / 2 - 1)) == 0) {
        if (pl->prec)
            lanes_pairs_double((double *)(void *)a, in[0], c->s_in, h, L);
        else
            lanes_pairs_float((float *)(void *)a, in[0], c->s_in, h, L);
    } else if (cnt == n && c->st == rt && c->s_in == cs / 2 && lanes_aligned(in, nb, cs / 2)) {
        /* contiguous lines: a line's pairs are its complex values */
        if (pl->prec)
            lanes_in_double((double *)(void *)a, in, nb, cs, h, L);
        else
            lanes_in_float((float *)(void *)a, in, nb, cs, h, L);
        if (nb < L)
            for (int64_t j = 0; j < h; j++) memset(a + (j * L + nb) * cs, 0, (size_t)((L - nb) * cs));
    } else {
        axis_ctx e = *c; /* the even and the odd reals: every other element */
        e.s_in = 2 * c->s_in;
        for (int b = 0; b < L; b++) lp[b] = a + b * cs;
        gather(&e, in, nb, (cnt + 1) / 2, h, lp, 2 * L, true, false);
        for (int b = 0; b < nb; b++) lp[b] = a + b * cs + cs / 2, odd[b] = in[b] + c->s_in;
        gather(&e, odd, nb, cnt / 2, h, lp, 2 * L, true, false);
        if (nb < L)
            for (int64_t j = 0; j < h; j++) memset(a + (j * L + nb) * cs, 0, (size_t)((L - nb) * cs));
    }
    char *r = lanes_run(c, pl->sub, a, L, NULL, 0, a, b2, 0, 0, 0);
    char *lines = r == a ? b2 : a; /* L lines of h + 1 (L * (h + 1) <= L * n) */
    bool plain = c->op->scale == 1.0 && !c->op->conj_out &&
                 lanes_plain(c, (const char *const *)out, nb, c->s_out, c->dt);
    if (c->k->fft_lanes_r2c_post[pl->prec]) { /* across the lanes, no copy out of them */
        c->k->fft_lanes_r2c_post[pl->prec](r, lines, h, L, pl->rw);
        if (plain && pl->prec)
            lanes_out_double(out, (const double *)(const void *)lines, nb, c->s_out, h + 1, L, L);
        else if (plain)
            lanes_out_float(out, (const float *)(const void *)lines, nb, c->s_out, h + 1, L, L);
        else {
            for (int b = 0; b < L; b++) lp[b] = lines + b * cs;
            scatter(c, (const char *const *)lp, L, nb, h + 1, out, c->s_out, c->op->conj_out, 0);
        }
        return;
    }
    for (int b = 0; b < nb; b++) {
        lp[b] = lines + b * (h + 1) * cs;
        if (pl->prec)
            lanes_line_double((double *)(void *)lp[b], (const double *)(const void *)r, h, L, b);
        else
            lanes_line_float((float *)(void *)lp[b], (const float *)(const void *)r, h, L, b);
        c->k->fft_r2c_post[pl->prec](lp[b], h, pl->rw);
    }
    if (plain) {
        if (pl->prec)
            lanes_out_double(out, (const double *)(const void *)lines, nb, c->s_out, h + 1, L, 1);
        else
            lanes_out_float(out, (const float *)(const void *)lines, nb, c->s_out, h + 1, L, 1);
        return;
    }
    scatter(c, (const char *const *)lp, 1, nb, h + 1, out, c->s_out, c->op->conj_out, 0);
}

/* nb <= c->lanes neighbouring lines of a C2C transform (a row of lines:
   in[b] = in[0] + b * ls_in) through the lane passes, every pass on all
   of them at once. The first pass reads the array itself when its lines
   are the lanes' layout (else they are gathered into it, padded with zero
   lanes), and the last pass writes the result in place when it can (else
   it is scattered with the scale and conjugation). Each line gets the bits
   of its transform alone (the lane passes' contract). */
static void lanes_block(const axis_ctx *c, const char *const *in, char *const *out, int nb,
                        char *scratch) {
    const nd_fft_axis_op *op = c->op;
    const nd_fft_plan *pl = c->plan;
    int64_t n = op->n, L = c->lanes, cs = (int64_t)pl->csize;
    char *a = scratch, *b2 = scratch + c->lane_bytes, *lp[LANES];
    bool full = nb == L;
    bool din = full && c->nin >= n && !op->conj_in && lanes_direct(c, in[0], c->s_in, c->ls_in, c->st);
    /* in place from the array: the first pass reads every line before the
       last writes (npass >= 2) */
    bool dout = full && op->scale == 1.0 && !op->conj_out && !(din && pl->npass < 2) &&
                lanes_direct(c, out[0], c->s_out, c->ls_out, c->dt);
    if (!din && c->nin >= n && !op->conj_in && lanes_plain(c, in, nb, c->s_in, c->st)) {
        if (pl->prec)
            lanes_in_double((double *)(void *)a, in, nb, c->s_in, n, L);
        else
            lanes_in_float((float *)(void *)a, in, nb, c->s_in, n, L);
        if (nb < L)
            for (int64_t j = 0; j < n; j++) memset(a + (j * L + nb) * cs, 0, (size_t)((L - nb) * cs));
    } else if (!din) {
        for (int b = 0; b < L; b++) lp[b] = a + b * cs;
        gather(c, in, nb, c->nin < n ? c->nin : n, n, lp, L, false, op->conj_in);
        if (nb < L)
            for (int64_t j = 0; j < n; j++) memset(a + (j * L + nb) * cs, 0, (size_t)((L - nb) * cs));
    }
    /* the next block's lines, L on, when its rows are a page apart */
    uintptr_t pf = din && abs64(c->s_in) >= LANES_WIDE_STRIDE ? (uintptr_t)in[0] + (uintptr_t)(L * cs) : 0;
    char *src = lanes_run(c, pl, din ? in[0] : a, din ? c->s_in / cs : L, dout ? out[0] : NULL,
                          c->s_out / cs, a, b2, pf, c->s_in, L * cs);
    if (dout) return;
    if (op->scale == 1.0 && !op->conj_out &&
        lanes_plain(c, (const char *const *)out, nb, c->s_out, c->dt)) {
        if (pl->prec)
            lanes_out_double(out, (const double *)(const void *)src, nb, c->s_out, n, L, L);
        else
            lanes_out_float(out, (const float *)(const void *)src, nb, c->s_out, n, L, L);
        return;
    }
    for (int b = 0; b < L; b++) lp[b] = (char *)src + b * cs;
    scatter(c, (const char *const *)lp, L, nb, n, out, c->s_out, op->conj_out, 0);
}

/* nb lines: gathered together, transformed one after another, written
   back together. A result that lands in the work buffer takes the place of
   its line's buffer (no copy back). */
static void do_lines(const axis_ctx *c, const char *const *in, char *const *out, int nb,
                     char *scratch) {
    const nd_fft_axis_op *op = c->op;
    int64_t n = op->n, h = n / 2;
    char *buf[LINE_BLOCK_MAX], *work = scratch + (size_t)nb * c->buf_bytes;
    for (int b = 0; b < nb; b++) buf[b] = scratch + (size_t)b * c->buf_bytes;
    if (nb == 1 && do_line_direct(c, in[0], out[0], buf[0], work)) return;
    switch (op->kind) {
    case ND_FFT_C2C:
        gather(c, in, nb, c->nin < n ? c->nin : n, n, buf, 1, false, op->conj_in);
        break;
    case ND_FFT_R2C:
        gather(c, in, nb, c->nin < n ? c->nin : n, n, buf, 1, c->plan->real, false);
        break;
    case ND_FFT_C2R:
        gather(c, in, nb, c->nin < h + 1 ? c->nin : h + 1, h + 1, buf, 1, false, op->conj_in);
        break;
    }
    for (int b = 0; b < nb; b++) {
        char *r = compute(c, buf[b], work);
        if (r == work) work = buf[b], buf[b] = r;
    }
    const char *const *res = (const char *const *)buf;
    if (op->kind == ND_FFT_C2C)
        scatter(c, res, 1, nb, n, out, c->s_out, op->conj_out, 0);
    else if (op->kind == ND_FFT_R2C)
        scatter(c, res, 1, nb, h + 1, out, c->s_out, op->conj_out, 0);
    else if (n % 2 == 0) { /* x[2m] = re, x[2m+1] = -im of the half-length result */
        char *odd[LINE_BLOCK_MAX];
        for (int b = 0; b < nb; b++) odd[b] = out[b] + c->s_out;
        scatter(c, res, 1, nb, h, out, 2 * c->s_out, false, 0);
        scatter(c, res, 1, nb, h, odd, 2 * c->s_out, false, 1);
    } else
        scatter(c, res, 1, nb, n, out, c->s_out, false, 0);
}

/* A block of lines: through the lane passes where the context has them
   (a row's last few lines one at a time: zero lanes cost as much as
   lines, and a row of 17 lines in 8s or 65 in 16s ran a third and a
   fifth of its lanes empty), else do_lines. A line's bits are the same
   either way (the lane passes' contract). */
static void do_block(const axis_ctx *c, const char *const *in, char *const *out, int nb,
                     char *scratch) {
    if (!c->lanes) {
        do_lines(c, in, out, nb, scratch);
    } else if (nb <= c->lane_tail) {
        for (int b = 0; b < nb; b++) do_lines(c, in + b, out + b, 1, scratch);
    } else if (c->op->kind == ND_FFT_R2C) {
        lanes_r2c(c, in, out, nb, scratch);
    } else {
        lanes_block(c, in, out, nb, scratch);
    }
}

static void run_chunk(void *ctx, int64_t chunk, int worker) {
    const axis_ctx *c = ctx;
    char *scratch = c->scratch + (size_t)worker * c->slot_bytes;
    int64_t l0 = chunk * c->per_chunk, l1 = l0 + c->per_chunk;
    if (l1 > c->nlines) l1 = c->nlines;
    for (int64_t l = l0, nb; l < l1; l += nb) {
        const char *in[LINE_BLOCK_MAX];
        char *out[LINE_BLOCK_MAX];
        int64_t left = l1 - l, run = c->nother ? c->oshape[c->nother - 1] : 1;
        if (run - l % run < left) left = run - l % run; /* a block stays in one row of lines */
        nb = left < c->block ? left : c->block;
        /* the block's first line by its indices; the others are the next
           ones along the row (the fastest other axis): one step apart */
        int64_t rem = l, oi = 0, oo = 0;
        for (int d = c->nother - 1; d >= 0; d--) {
            int64_t i = rem % c->oshape[d];
            rem /= c->oshape[d];
            oi += i * c->ostr_in[d], oo += i * c->ostr_out[d];
        }
        int64_t si = c->nother ? c->ostr_in[c->nother - 1] : 0;
        int64_t so = c->nother ? c->ostr_out[c->nother - 1] : 0;
        for (int b = 0; b < nb; b++) in[b] = c->src + oi + b * si, out[b] = c->dst + oo + b * so;
        do_block(c, in, out, (int)nb, scratch);
    }
}

/* Half of this core's L2 (512 KiB when unknown), the room for a block of
   strided lines' buffers: batched (1000, 1024) along axis 0 and 2-D 1024^2
   ran 1.16x faster with 1 MiB than with 512 KiB on a 2 MiB L2 (16 lines a
   block, not 8: each page of the array is walked half as often). */
static size_t block_bytes(void) {
    static _Atomic long cached;
    long v = atomic_load_explicit(&cached, memory_order_relaxed);
    if (!v) {
        long l2 = sysconf(_SC_LEVEL2_CACHE_SIZE);
        v = l2 >= (256 << 10) && l2 <= (64 << 20) ? l2 / 2 : 512 << 10;
        atomic_store_explicit(&cached, v, memory_order_relaxed);
    }
    return (size_t)v;
}

nd_status nd__fft_axis(const char *func, const nd_array *src, nd_array *dst, int axis,
                       const nd_fft_axis_op *op) {
    int64_t n = op->n;
    int prec = dst->dtype == ND_COMPLEX64 || dst->dtype == ND_FLOAT32 ? 0 : 1;
    bool real_plan = op->kind != ND_FFT_C2C;
    axis_ctx c = {.op = op,
                  .k = nd__kernels(),
                  .src = src->data,
                  .dst = dst->data,
                  .st = src->dtype,
                  .dt = dst->dtype,
                  .nin = src->shape[axis],
                  .s_in = src->strides[axis],
                  .nout = dst->shape[axis],
                  .s_out = dst->strides[axis]};
    /* the other axes, the one of the smallest input stride varying
       fastest: consecutive lines are then neighbours in memory (the order
       of the lines changes no line's result) */
    int dims[ND_MAX_DIMS];
    int64_t nlines = 1;
    for (int d = 0; d < dst->ndim; d++) {
        if (d == axis) continue;
        int at = c.nother++;
        while (at > 0 && abs64(src->strides[dims[at - 1]]) < abs64(src->strides[d]))
            dims[at] = dims[at - 1], at--;
        dims[at] = d;
        nlines *= dst->shape[d];
    }
    for (int i = 0; i < c.nother; i++) {
        c.oshape[i] = dst->shape[dims[i]];
        c.ostr_in[i] = src->strides[dims[i]], c.ostr_out[i] = dst->strides[dims[i]];
    }
    if (nlines == 0 || c.nout == 0) return ND_OK;
    nd_fft_plan *plan = nd__fft_plan_get(func, n, prec, real_plan);
    if (!plan) return nd_last_error();
    c.plan = plan;
    c.nlines = nlines;
    /* every buffer can hold a line (n + 2 for the real transforms' extra
       value) and serve as the plan's work area, so a result in the work
       buffer simply becomes its line's */
    int64_t elems = n + 2 > plan->work ? n + 2 : plan->work;
    if (plan->real && n % 2 && elems < (n + 1) / 2 + plan->work) elems = (n + 1) / 2 + plan->work;
    c.buf_bytes = ((size_t)elems * plan->csize + 63) & ~(size_t)63;
    bool contiguous = abs64(c.s_in) == (int64_t)nd__itemsize(c.st) &&
                      abs64(c.s_out) == (int64_t)nd__itemsize(c.dt);
    c.per_chunk = n >= LINE_CHUNK_ELEMS ? 1 : LINE_CHUNK_ELEMS / n;
    c.block = 1;
    if (!contiguous)
        while (c.block < LINE_BLOCK_MAX && 2 * c.block <= c.per_chunk &&
               (size_t)(2 * c.block + 1) * c.buf_bytes <= block_bytes())
            c.block *= 2;
    /* a block stays in a row of lines: rows shorter than the lanes would
       transform zero lanes (a row under 8 lines: one line at a time) */
    int64_t row = c.nother ? c.oshape[c.nother - 1] : 1;
    int nl = !contiguous && abs64(c.s_in) >= LANES_WIDE_STRIDE && row >= LANES ? LANES
                                                                             : ND_FFT_LANES_ALIGN;
    size_t lane_bytes = ((size_t)n * (size_t)nl * plan->csize + 63) & ~(size_t)63;
    if (nl > ND_FFT_LANES_ALIGN && 2 * lane_bytes > block_bytes())
        nl = ND_FFT_LANES_ALIGN, lane_bytes = ((size_t)n * (size_t)nl * plan->csize + 63) & ~(size_t)63;
    bool lanes = op->kind == ND_FFT_C2C ? lanes_ok(plan, c.k)
                 : op->kind == ND_FFT_R2C ? n % 2 == 0 && plan->real && lanes_ok(plan->sub, c.k)
                                          : false;
    if (lanes && row >= ND_FFT_LANES_ALIGN &&
        (!contiguous || n <= LANES_CONTIG_MAX) && 2 * lane_bytes <= block_bytes()) {
        c.lanes = c.block = nl, c.lane_bytes = lane_bytes;
        /* a line alone and its work area fit the lanes' two buffers */
        c.lane_tail = 2 * c.buf_bytes <= 2 * lane_bytes ? LANE_TAIL(nl) : 0;
        c.ls_in = c.ostr_in[c.nother - 1], c.ls_out = c.ostr_out[c.nother - 1];
        if (c.per_chunk < nl) c.per_chunk = nl;
    }
    c.per_chunk -= c.per_chunk % c.block;
    int64_t nchunks = (nlines + c.per_chunk - 1) / c.per_chunk;
    int64_t bytes = 0;
    bool serial =
        nd__mul_ovf(nlines, n * 16, &bytes) ? false : nd__flat_below(bytes, ND_PARALLEL_MIN_BYTES);
    int slots = serial || nchunks < 2 ? 1 : nd_get_num_threads();
    if (slots < 1) slots = 1;
    c.slot_bytes = c.lanes ? 2 * c.lane_bytes : c.buf_bytes * (size_t)(c.block + 1);
    size_t mapped = 0;
    c.scratch = nd__fft_work_take(plan, c.slot_bytes * (size_t)slots, &mapped);
    if (!c.scratch) {
        nd__fft_plan_put(plan);
        return nd__nomem(func, c.slot_bytes * (size_t)slots);
    }
    if (slots == 1)
        for (int64_t ch = 0; ch < nchunks; ch++) run_chunk(&c, ch, 0);
    else
        nd__parallel_slots(nchunks, slots, run_chunk, &c);
    nd__fft_work_give(plan, c.scratch, c.slot_bytes * (size_t)slots, mapped);
    nd__fft_plan_put(plan);
    return ND_OK;
}
