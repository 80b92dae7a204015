/* The FFT's framework layer: one 1-D transform along one axis of an array,
   for every line of the other axes. Each line is copied (converting the
   dtype, conjugating, cropping or zero-padding) into a contiguous buffer,
   transformed there by the plan's kernels, and written back scaled to its
   place in the destination, which may be the source itself (lines are
   disjoint). Lines go over the pool in chunks whose size depends only on
   the shape, and each line is computed the same way wherever it runs, so
   the result is bitwise the same at every thread count. */
#include <math.h>
#include <string.h>

#include "core/internal.h"
#include "dispatch/dispatch.h"
#include "fft/fft_driver.h"
#include "nd/machine.h"
#include "thread/pool.h"

#define LINE_CHUNK_ELEMS 65536 /* elements of transform per chunk of lines */

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

/* count elements of a line into buf as complex of the plan's precision
   (real_only: reals, packed), conjugated if conj; zeros up to total. */
static void gather(const axis_ctx *c, const char *p, int64_t count, int64_t total, char *buf,
                   bool real_only, bool conj) {
    int prec = c->plan->prec;
    nd_dtype t = c->st;
    int64_t s = c->s_in;
    double sg = conj ? -1.0 : 1.0;
    if (prec && t == ND_COMPLEX128 && !real_only) {
        double *b = (double *)buf;
        for (int64_t j = 0; j < count; j++) {
            double v[2];
            memcpy(v, p + j * s, 16);
            b[2 * j] = v[0], b[2 * j + 1] = sg * v[1];
        }
    } else if (prec && t == ND_FLOAT64 && real_only) {
        double *b = (double *)buf;
        for (int64_t j = 0; j < count; j++) memcpy(b + j, p + j * s, 8);
    } else if (!prec && t == ND_COMPLEX64 && !real_only) {
        float *b = (float *)buf;
        for (int64_t j = 0; j < count; j++) {
            float v[2];
            memcpy(v, p + j * s, 8);
            b[2 * j] = v[0], b[2 * j + 1] = conj ? -v[1] : v[1];
        }
    } else if (!prec && t == ND_FLOAT32 && real_only) {
        float *b = (float *)buf;
        for (int64_t j = 0; j < count; j++) memcpy(b + j, p + j * s, 4);
    } else {
        for (int64_t j = 0; j < count; j++) {
            double re, im;
            load_any(t, p + j * s, &re, &im);
            im *= sg;
            if (prec) {
                double *b = (double *)buf;
                if (real_only)
                    b[j] = re;
                else
                    b[2 * j] = re, b[2 * j + 1] = im;
            } else {
                float *b = (float *)buf;
                if (real_only)
                    b[j] = (float)re;
                else
                    b[2 * j] = (float)re, b[2 * j + 1] = (float)im;
            }
        }
    }
    size_t esz = (prec ? 8 : 4) * (real_only ? 1 : 2);
    if (total > count) memset(buf + count * esz, 0, (size_t)(total - count) * esz);
}

/* count complex values of buf to a line: scaled, conjugated if conj; as
   reals (part 0: re, 1: -im) when the destination is real. */
static void scatter(const axis_ctx *c, const char *buf, int64_t count, char *p, bool conj,
                    int part) {
    int64_t s = c->s_out;
    double sc = c->op->scale;
    if (c->plan->prec) {
        const double *b = (const double *)buf;
        if (c->dt == ND_COMPLEX128) {
            double si = conj ? -sc : sc;
            for (int64_t j = 0; j < count; j++) {
                double v[2] = {b[2 * j] * sc, b[2 * j + 1] * si};
                if (sc == 1.0) v[0] = b[2 * j], v[1] = conj ? -b[2 * j + 1] : b[2 * j + 1];
                memcpy(p + j * s, v, 16);
            }
        } else {
            for (int64_t j = 0; j < count; j++) {
                double v = part ? -b[2 * j + 1] : b[2 * j];
                if (sc != 1.0) v *= sc;
                memcpy(p + j * s, &v, 8);
            }
        }
    } else {
        const float *b = (const float *)buf;
        float scf = (float)sc;
        if (c->dt == ND_COMPLEX64) {
            for (int64_t j = 0; j < count; j++) {
                float v[2] = {b[2 * j], conj ? -b[2 * j + 1] : b[2 * j + 1]};
                if (sc != 1.0) v[0] *= scf, v[1] *= scf;
                memcpy(p + j * s, v, 8);
            }
        } else {
            for (int64_t j = 0; j < count; j++) {
                float v = part ? -b[2 * j + 1] : b[2 * j];
                if (sc != 1.0) v *= scf;
                memcpy(p + j * s, &v, 4);
            }
        }
    }
}

/* Real even-length output of a c2r transform: x[2m] = re, x[2m+1] = -im
   of the conjugated half-length result. */
static void scatter_c2r(const axis_ctx *c, const char *buf, int64_t h, char *p) {
    axis_ctx c2 = *c;
    c2.s_out = 2 * c->s_out;
    scatter(&c2, buf, h, p, false, 0);
    scatter(&c2, buf, h, p + c->s_out, false, 1);
}

static void one_line(const axis_ctx *c, const char *in, char *out, char *scratch) {
    const nd_fft_plan *pl = c->plan;
    const nd_ktable *k = c->k;
    const nd_fft_axis_op *op = c->op;
    int64_t n = op->n;
    size_t cs = pl->csize;
    char *buf = scratch, *work = scratch + (size_t)(n + 2) * cs;
    switch (op->kind) {
    case ND_FFT_C2C: {
        gather(c, in, c->nin < n ? c->nin : n, n, buf, false, op->conj_in);
        char *r = nd__fft_run(pl, k, buf, work);
        scatter(c, r, n, out, op->conj_out, 0);
        return;
    }
    case ND_FFT_R2C: {
        int64_t cnt = c->nin < n ? c->nin : n;
        if (pl->real) {
            int64_t h = n / 2;
            gather(c, in, cnt, n, buf, true, false);
            char *r = nd__fft_run(pl->sub, k, buf, work);
            if (r != buf) memcpy(buf, r, (size_t)h * cs);
            k->fft_r2c_post[pl->prec](buf, h, pl->rw);
            scatter(c, buf, h + 1, out, op->conj_out, 0);
        } else {
            gather(c, in, cnt, n, buf, false, false);
            if (pl->prec) /* the imaginary parts of a complex input go */
                for (int64_t j = 0; j < cnt; j++) ((double *)buf)[2 * j + 1] = 0;
            else
                for (int64_t j = 0; j < cnt; j++) ((float *)buf)[2 * j + 1] = 0;
            char *r = nd__fft_run(pl, k, buf, work);
            scatter(c, r, n / 2 + 1, out, op->conj_out, 0);
        }
        return;
    }
    case ND_FFT_C2R: {
        int64_t h = n / 2, m = h + 1, cnt = c->nin < m ? c->nin : m;
        gather(c, in, cnt, m, buf, false, op->conj_in);
        if (pl->real) {
            k->fft_c2r_pre[pl->prec](buf, h, pl->rw);
            char *r = nd__fft_run(pl->sub, k, buf, work);
            scatter_c2r(c, r, h, out);
        } else { /* odd n: the full Hermitian spectrum, conjugated */
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
            char *r = nd__fft_run(pl, k, buf, work);
            scatter(c, r, n, out, false, 0);
        }
        return;
    }
    }
}

static void run_chunk(void *ctx, int64_t chunk, int worker) {
    const axis_ctx *c = ctx;
    char *scratch = c->scratch + (size_t)worker * c->slot_bytes;
    int64_t l0 = chunk * c->per_chunk, l1 = l0 + c->per_chunk;
    if (l1 > c->nlines) l1 = c->nlines;
    for (int64_t l = l0; l < l1; l++) {
        int64_t rem = l, oi = 0, oo = 0;
        for (int d = c->nother - 1; d >= 0; d--) {
            int64_t i = rem % c->oshape[d];
            rem /= c->oshape[d];
            oi += i * c->ostr_in[d], oo += i * c->ostr_out[d];
        }
        one_line(c, c->src + oi, c->dst + oo, scratch);
    }
}

nd_status nd__fft_axis(const char *func, const nd_array *src, nd_array *dst, int axis,
                       const nd_fft_axis_op *op) {
    int64_t n = op->n;
    int prec = dst->dtype == ND_COMPLEX64 || dst->dtype == ND_FLOAT32 ? 0 : 1;
    bool real_plan = op->kind != ND_FFT_C2C && n % 2 == 0;
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
    int64_t nlines = 1;
    for (int d = 0; d < dst->ndim; d++) {
        if (d == axis) continue;
        c.oshape[c.nother] = dst->shape[d];
        c.ostr_in[c.nother] = src->strides[d], c.ostr_out[c.nother] = dst->strides[d];
        nlines *= dst->shape[d];
        c.nother++;
    }
    if (nlines == 0 || c.nout == 0) return ND_OK;
    nd_fft_plan *plan = nd__fft_plan_get(func, n, prec, real_plan);
    if (!plan) return nd_last_error();
    c.plan = plan;
    c.nlines = nlines;
    c.per_chunk = n >= LINE_CHUNK_ELEMS ? 1 : LINE_CHUNK_ELEMS / n;
    int64_t nchunks = (nlines + c.per_chunk - 1) / c.per_chunk;
    int64_t bytes = 0;
    bool serial =
        nd__mul_ovf(nlines, n * 16, &bytes) ? false : nd__flat_below(bytes, ND_PARALLEL_MIN_BYTES);
    int slots = serial || nchunks < 2 ? 1 : nd_get_num_threads();
    if (slots < 1) slots = 1;
    c.slot_bytes = ((size_t)(n + 2 + plan->work) * plan->csize + 63) & ~(size_t)63;
    c.scratch = nd__aligned_alloc(c.slot_bytes * (size_t)slots);
    if (!c.scratch) {
        nd__fft_plan_put(plan);
        return nd__nomem(func, c.slot_bytes * (size_t)slots);
    }
    if (slots == 1)
        for (int64_t ch = 0; ch < nchunks; ch++) run_chunk(&c, ch, 0);
    else
        nd__parallel_slots(nchunks, slots, run_chunk, &c);
    nd__aligned_free(c.scratch);
    nd__fft_plan_put(plan);
    return ND_OK;
}
