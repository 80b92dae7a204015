/* libFuzzer target, structured: the input picks an op (a ufunc or a
   reduction), dtypes, a shape, each operand's layout (broadcast axes,
   reversed or stepped axes, an odd byte offset) and the raw element bytes
   (so any NaN, infinity or subnormal). The result at the best ISA level
   must equal the scalar level's: bitwise (a NaN matching any NaN), within
   2 ULP for transcendentals, or the same error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nd.h"
#include "../nd_approx.h"

typedef struct {
    const uint8_t *p;
    size_t n;
} input;

static unsigned take(input *in, unsigned mod) {
    if (!in->n) return 0;
    unsigned v = *in->p++;
    in->n--;
    return mod ? v % mod : v;
}

static void free_block(void *p) { free(p); }

/* An operand of shape sh (ndim d): a fresh buffer filled with input bytes,
   viewed with per-axis steps, reversals, broadcast axes and an odd offset. */
static nd_array *operand(input *in, nd_dtype t, int d, const int64_t *sh) {
    int64_t view_shape[4], strides[4], isz = (int64_t)nd_dtype_size(t);
    unsigned flags = take(in, 0);
    int64_t step[4], total = 1;
    for (int i = 0; i < d; i++) {
        bool bcast = (flags >> i) & 1 && sh[i] > 1 && (flags & 0x10);
        view_shape[i] = bcast ? 1 : sh[i];
        step[i] = 1 + take(in, 3);
        total *= view_shape[i] * step[i];
    }
    if (total > 4096) /* keep an execution short: drop the steps */
        for (int i = 0; i < d; i++) total = total / step[i], step[i] = 1;
    size_t bytes = (size_t)(total * isz) + 1;
    uint8_t *buf = malloc(bytes);
    if (!buf) return NULL;
    for (size_t i = 0; i < bytes; i++) buf[i] = in->n ? take(in, 0) : (uint8_t)(i * 37);
    bool odd = flags & 0x20;
    /* C-order strides over the stepped extents, then reversals */
    int64_t s = isz, offset = 0;
    for (int i = d - 1; i >= 0; i--) {
        strides[i] = s * step[i];
        s *= view_shape[i] * step[i];
        if ((flags >> 6) & 1 && i == d - 1 && view_shape[i] > 0) {
            offset += (view_shape[i] - 1) * strides[i];
            strides[i] = -strides[i];
        }
    }
    nd_array *w = nd_wrap(buf + odd + offset, t, d, view_shape, strides, free_block, buf);
    if (!w) return free(buf), NULL;
    nd_array *b = nd_broadcast_to(w, d, sh);
    nd_release(w);
    return b;
}

static bool nan_bits(uint64_t v, int bits) {
    if (bits == 64) return (v & 0x7fffffffffffffffULL) > 0x7ff0000000000000ULL;
    if (bits == 32) return (v & 0x7fffffff) > 0x7f800000;
    return (v & 0x7fff) > 0x7c00;
}

static bool same(const nd_array *x, const nd_array *y, int tol) {
    if (nd_get_dtype(x) != nd_get_dtype(y) || nd_ndim(x) != nd_ndim(y) || nd_size(x) != nd_size(y))
        return false;
    nd_array *a = nd_copy(x), *b = nd_copy(y);
    if (!a || !b) abort();
    nd_dtype t = nd_get_dtype(a);
    bool fl = t == ND_FLOAT16 || t == ND_FLOAT32 || t == ND_FLOAT64 || t == ND_COMPLEX64 ||
              t == ND_COMPLEX128;
    int bits = t == ND_FLOAT16 ? 16 : (t == ND_FLOAT32 || t == ND_COMPLEX64) ? 32 : 64;
    size_t n = (size_t)nd_nbytes(a), w = (size_t)bits / 8;
    const uint8_t *p = nd_data(a), *q = nd_data(b);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i += fl ? w : n) {
        size_t len = fl ? w : n;
        if (!memcmp(p + i, q + i, len)) continue;
        if (!fl) ok = false;
        uint64_t u = 0, v = 0;
        memcpy(&u, p + i, w), memcpy(&v, q + i, w);
        if (nan_bits(u, bits) && nan_bits(v, bits)) continue;
        uint64_t sign = (uint64_t)1 << (bits - 1);
        int64_t su = (u & sign) ? -(int64_t)(u & ~sign) : (int64_t)u,
                sv = (v & sign) ? -(int64_t)(v & ~sign) : (int64_t)v;
        int64_t dist = su > sv ? su - sv : sv - su;
        if (nan_bits(u, bits) || nan_bits(v, bits) || dist > tol) ok = false;
    }
    nd_release(a), nd_release(b);
    return ok;
}

typedef nd_array *(*reduce_fn)(const nd_array *, int, bool, nd_array *);
static const reduce_fn REDUCE[] = {nd_sum,    nd_prod,   nd_max,    nd_min,  nd_argmax,
                                   nd_argmin, nd_nanmax, nd_nansum, nd_mean, nd_any};
enum { NREDUCE = sizeof REDUCE / sizeof *REDUCE };

static nd_array *run(unsigned what, int axis, bool keep, nd_array *const *x) {
    if (what < ND_NUM_OPS)
        return nd_ufunc((nd_op)what, nd_op_nin((nd_op)what), (const nd_array *const *)x, NULL);
    what -= ND_NUM_OPS;
    if (what < NREDUCE) return REDUCE[what](x[0], axis, keep, NULL);
    return nd_cumsum(x[0], axis, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 4096) return 0;
    input in = {data, size};
    unsigned what = take(&in, 0) | take(&in, 0) << 8;
    what %= ND_NUM_OPS + NREDUCE + 1;
    nd_dtype t0 = (nd_dtype)take(&in, ND_NUM_DTYPES), t1 = (nd_dtype)take(&in, ND_NUM_DTYPES);
    int d = (int)take(&in, 5);
    int64_t sh[4];
    for (int i = 0; i < d; i++) sh[i] = take(&in, 7);
    int axis = (int)take(&in, 6) - 3; /* -3..2, some out of range */
    bool keep = take(&in, 2);
    nd_array *x[2] = {operand(&in, t0, d, sh), operand(&in, t1, d, sh)};
    if (!x[0] || !x[1]) abort();
    nd_fp_mode mode = nd_fp_set_mode(ND_FP_IGNORE);
    nd_set_isa("scalar");
    nd_clear_error();
    nd_array *ref = run(what, axis, keep, x);
    nd_status ref_status = nd_last_error();
    nd_set_isa(nd_isa_best());
    nd_clear_error();
    nd_array *got = run(what, axis, keep, x);
    if (!ref != !got || (!ref && nd_last_error() != ref_status)) abort();
    /* approximate by the inputs' dtypes (complex abs has a real result) */
    int approx = 0;
    for (int k = 0; k < 2 && what < ND_NUM_OPS; k++) {
        int u = nd_test_approx_ulps((nd_op)what, nd_get_dtype(x[k]));
        approx = u > approx ? u : approx;
    }
    if (ref && !same(got, ref, approx)) abort();
    nd_fp_set_mode(mode);
    nd_release(ref), nd_release(got), nd_release(x[0]), nd_release(x[1]);
    nd_clear_error();
    return 0;
}
