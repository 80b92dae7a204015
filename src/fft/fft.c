/* The FFT's framework layer: one 1-D transform along one axis of an array,
   for every line of the other axes. Each line is copied (converting the
   dtype, conjugating, cropping or zero-padding) into a contiguous buffer,
   transformed there by the plan's kernels, and written back scaled to its
   place in the destination, which may be the source itself (lines are
   disjoint); a contiguous line in the plan's dtype skips the copies (the
   first pass reads it, the last writes the destination: do_line_direct). Along a strided axis, neighbouring lines are gathered and
   written back a block at a time (see LINE_BLOCK_MAX). Lines go over the
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
} axis_ctx;

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
   conjugated if conj; zeros up to total. Element j of every line is read
   before element j + 1 of any: lines next to each other in memory (a
   strided axis) are read a cache line at a time. */
static void gather(const axis_ctx *c, const char *const *in, int nb, int64_t count, int64_t total,
                   char *const *buf, bool real_only, bool conj) {
    int prec = c->plan->prec;
    nd_dtype t = c->st;
    int64_t s = c->s_in;
    double sg = conj ? -1.0 : 1.0;
    size_t esz = (prec ? 8 : 4) * (real_only ? 1 : 2);
    if (nb == 1 && !conj && s == (int64_t)esz && nd__itemsize(t) == esz &&
        (t == ND_COMPLEX128 || t == ND_COMPLEX64 || t == ND_FLOAT64 || t == ND_FLOAT32) &&
        (t == ND_COMPLEX128 || t == ND_FLOAT64) == (prec == 1) &&
        (t == ND_FLOAT64 || t == ND_FLOAT32) == real_only) {
        memcpy(buf[0], in[0], (size_t)count * esz); /* a contiguous line, as it is */
    } else if (prec && t == ND_COMPLEX128 && !real_only) {
        for (int64_t j = 0; j < count; j++)
            for (int b = 0; b < nb; b++) {
                double v[2], *o = (double *)buf[b] + 2 * j;
                memcpy(v, in[b] + j * s, 16);
                o[0] = v[0], o[1] = sg * v[1];
            }
    } else if (prec && t == ND_FLOAT64 && real_only) {
        for (int64_t j = 0; j < count; j++)
            for (int b = 0; b < nb; b++) memcpy((double *)buf[b] + j, in[b] + j * s, 8);
    } else if (!prec && t == ND_COMPLEX64 && !real_only) {
        for (int64_t j = 0; j < count; j++)
            for (int b = 0; b < nb; b++) {
                float v[2], *o = (float *)buf[b] + 2 * j;
                memcpy(v, in[b] + j * s, 8);
                o[0] = v[0], o[1] = conj ? -v[1] : v[1];
            }
    } else if (!prec && t == ND_FLOAT32 && real_only) {
        for (int64_t j = 0; j < count; j++)
            for (int b = 0; b < nb; b++) memcpy((float *)buf[b] + j, in[b] + j * s, 4);
    } else {
        for (int64_t j = 0; j < count; j++)
            for (int b = 0; b < nb; b++) {
                double re, im;
                load_any(t, in[b] + j * s, &re, &im);
                im *= sg;
                if (prec) {
                    double *o = (double *)buf[b];
                    if (real_only)
                        o[j] = re;
                    else
                        o[2 * j] = re, o[2 * j + 1] = im;
                } else {
                    float *o = (float *)buf[b];
                    if (real_only)
                        o[j] = (float)re;
                    else
                        o[2 * j] = (float)re, o[2 * j + 1] = (float)im;
                }
            }
    }
    if (total > count)
        for (int b = 0; b < nb; b++) memset(buf[b] + count * esz, 0, (size_t)(total - count) * esz);
}

/* count complex values of each buf[b] to the line at out[b] (stride s):
   scaled, conjugated if conj; as reals (part 0: re, 1: -im) when the
   destination is real. Element j of every line before j + 1, as gather. */
static void scatter(const axis_ctx *c, const char *const *buf, int nb, int64_t count,
                    char *const *out, int64_t s, bool conj, int part) {
    double sc = c->op->scale;
    size_t csz = c->plan->csize;
    if (nb == 1 && sc == 1.0 && !conj && s == (int64_t)csz && nd__itemsize(c->dt) == csz) {
        memcpy(out[0], buf[0], (size_t)count * csz); /* complex to a contiguous line */
    } else if (c->plan->prec) {
        if (c->dt == ND_COMPLEX128) {
            double si = conj ? -sc : sc;
            for (int64_t j = 0; j < count; j++)
                for (int b = 0; b < nb; b++) {
                    const double *x = (const double *)buf[b] + 2 * j;
                    double v[2] = {x[0] * sc, x[1] * si};
                    if (sc == 1.0) v[0] = x[0], v[1] = conj ? -x[1] : x[1];
                    memcpy(out[b] + j * s, v, 16);
                }
        } else {
            for (int64_t j = 0; j < count; j++)
                for (int b = 0; b < nb; b++) {
                    const double *x = (const double *)buf[b] + 2 * j;
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
                    const float *x = (const float *)buf[b] + 2 * j;
                    float v[2] = {x[0], conj ? -x[1] : x[1]};
                    if (sc != 1.0) v[0] *= scf, v[1] *= scf;
                    memcpy(out[b] + j * s, v, 8);
                }
        } else {
            for (int64_t j = 0; j < count; j++)
                for (int b = 0; b < nb; b++) {
                    const float *x = (const float *)buf[b] + 2 * j;
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
    case ND_FFT_C2R: {
        if (pl->real) {
            k->fft_c2r_pre[pl->prec](buf, n / 2, pl->rw);
            return nd__fft_run(pl->sub, k, buf, work);
        }
        /* odd n: the full Hermitian spectrum, conjugated */
        int64_t m = n / 2 + 1;
        if (pl->prec) {
            double *b = (double *)buf;
            b[1] = 0;
            for (int64_t j = 1; j < m; j++) {
                b[2 * (n - j)] = b[2 * j], b[2 * (n - j) + 1] = b[2 * j + 1];
                b[2 * j + 1] = -b[2 * j + 1];
            }
        } else {
            float *b = (float *)buf;
            b[1] = 0;
            for (int64_t j = 1; j < m; j++) {
                b[2 * (n - j)] = b[2 * j], b[2 * (n - j) + 1] = b[2 * j + 1];
                b[2 * j + 1] = -b[2 * j + 1];
            }
        }
        return nd__fft_run(pl, k, buf, work);
    }
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
        scatter(c, (const char *const *)&buf, 1, n / 2 + 1, &out, c->s_out, op->conj_out, 0);
        return true;
    }
    const nd_fft_plan *pl = r2c ? c->plan->sub : c->plan;
    if (op->kind == ND_FFT_C2R || pl->m || pl->npass < 2) return false;
    bool din = c->nin >= n && !(op->conj_in && !r2c) && line_direct(c, in, c->s_in, c->st, r2c);
    bool dout = !r2c && op->scale == 1.0 && !op->conj_out &&
                line_direct(c, out, c->s_out, c->dt, false);
    if (!din && !dout) return false;
    if (!din) gather(c, &in, 1, c->nin < n ? c->nin : n, n, &buf, r2c, op->conj_in);
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
    if (dout) return true;
    if (r2c) c->k->fft_r2c_post[pl->prec](r, n / 2, c->plan->rw);
    scatter(c, (const char *const *)&r, 1, r2c ? n / 2 + 1 : n, &out, c->s_out, op->conj_out, 0);
    return true;
}

/* nb lines: gathered together, transformed one after another, written
   back together. A result that lands in the work buffer takes the place of
   its line's buffer (no copy back). */
static void do_block(const axis_ctx *c, const char *const *in, char *const *out, int nb,
                     char *scratch) {
    const nd_fft_axis_op *op = c->op;
    int64_t n = op->n, h = n / 2;
    char *buf[LINE_BLOCK_MAX], *work = scratch + (size_t)nb * c->buf_bytes;
    for (int b = 0; b < nb; b++) buf[b] = scratch + (size_t)b * c->buf_bytes;
    if (nb == 1 && do_line_direct(c, in[0], out[0], buf[0], work)) return;
    switch (op->kind) {
    case ND_FFT_C2C:
        gather(c, in, nb, c->nin < n ? c->nin : n, n, buf, false, op->conj_in);
        break;
    case ND_FFT_R2C:
        gather(c, in, nb, c->nin < n ? c->nin : n, n, buf, c->plan->real, false);
        break;
    case ND_FFT_C2R:
        gather(c, in, nb, c->nin < h + 1 ? c->nin : h + 1, h + 1, buf, false, op->conj_in);
        break;
    }
    for (int b = 0; b < nb; b++) {
        char *r = compute(c, buf[b], work);
        if (r == work) work = buf[b], buf[b] = r;
    }
    const char *const *res = (const char *const *)buf;
    if (op->kind == ND_FFT_C2C)
        scatter(c, res, nb, n, out, c->s_out, op->conj_out, 0);
    else if (op->kind == ND_FFT_R2C)
        scatter(c, res, nb, h + 1, out, c->s_out, op->conj_out, 0);
    else if (c->plan->real) { /* x[2m] = re, x[2m+1] = -im of the half-length result */
        char *odd[LINE_BLOCK_MAX];
        for (int b = 0; b < nb; b++) odd[b] = out[b] + c->s_out;
        scatter(c, res, nb, h, out, 2 * c->s_out, false, 0);
        scatter(c, res, nb, h, odd, 2 * c->s_out, false, 1);
    } else
        scatter(c, res, nb, n, out, c->s_out, false, 0);
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
        for (int b = 0; b < nb; b++) {
            int64_t rem = l + b, oi = 0, oo = 0;
            for (int d = c->nother - 1; d >= 0; d--) {
                int64_t i = rem % c->oshape[d];
                rem /= c->oshape[d];
                oi += i * c->ostr_in[d], oo += i * c->ostr_out[d];
            }
            in[b] = c->src + oi, out[b] = c->dst + oo;
        }
        do_block(c, in, out, (int)nb, scratch);
    }
}

static int64_t abs64(int64_t v) { return v < 0 ? -v : v; }

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
    bool real_plan = op->kind == ND_FFT_R2C || (op->kind == ND_FFT_C2R && n % 2 == 0);
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
    c.per_chunk -= c.per_chunk % c.block;
    int64_t nchunks = (nlines + c.per_chunk - 1) / c.per_chunk;
    int64_t bytes = 0;
    bool serial =
        nd__mul_ovf(nlines, n * 16, &bytes) ? false : nd__flat_below(bytes, ND_PARALLEL_MIN_BYTES);
    int slots = serial || nchunks < 2 ? 1 : nd_get_num_threads();
    if (slots < 1) slots = 1;
    c.slot_bytes = c.buf_bytes * (size_t)(c.block + 1);
    size_t mapped = 0;
    c.scratch = nd__work_alloc(c.slot_bytes * (size_t)slots, &mapped);
    if (!c.scratch) {
        nd__fft_plan_put(plan);
        return nd__nomem(func, c.slot_bytes * (size_t)slots);
    }
    if (slots == 1)
        for (int64_t ch = 0; ch < nchunks; ch++) run_chunk(&c, ch, 0);
    else
        nd__parallel_slots(nchunks, slots, run_chunk, &c);
    nd__work_free(c.scratch, mapped);
    nd__fft_plan_put(plan);
    return ND_OK;
}
