/* The FFT's API layer: numpy.fft's argument rules (n, s, axes, norm, the
   dtypes, NumPy's error messages) on top of the 1-D axis transforms of
   src/fft/fft.c. */
#include <math.h>
#include <string.h>

#include "fft/fft_driver.h"
#include "nd/fft.h"
#include "nd/manip.h"

enum { NORM_BACKWARD, NORM_ORTHO, NORM_FORWARD };

static nd_status parse_norm(const char *func, const char *norm, int *out) {
    static const char *const names[] = {"backward", "ortho", "forward"};
    if (!norm) return *out = NORM_BACKWARD, ND_OK;
    for (int i = 0; i < 3; i++)
        if (strcmp(norm, names[i]) == 0) return *out = i, ND_OK;
    return nd__error(ND_ERR_VALUE, func,
                     "Invalid norm value %s; should be \"backward\",\"ortho\" or \"forward\".",
                     norm);
}

/* The factor of a transform of length n in the forward (or inverse)
   direction under a norm, as NumPy computes it. */
static double norm_scale(int norm, bool inverse, int64_t n) {
    if (norm == NORM_ORTHO) return 1 / sqrt((double)n);
    if ((norm == NORM_BACKWARD) == inverse) return 1 / (double)n;
    return 1.0;
}

static nd_status bad_points(const char *func, int64_t n) {
    return nd__error(ND_ERR_VALUE, func, "Invalid number of FFT data points (%lld) specified.",
                     (long long)n);
}

static bool single(nd_dtype t) { return t == ND_FLOAT32 || t == ND_COMPLEX64; }

typedef enum { W_FFT, W_IFFT, W_RFFT, W_IRFFT, W_HFFT, W_IHFFT } which;

/* One 1-D transform of a along axis (already normalized) into a new array,
   or into dst when it is given with the right shape and dtype. */
static nd_array *transform(const char *func, const nd_array *a, int64_t n, int axis, int norm,
                           which w, nd_array *dst) {
    nd_fft_axis_op op = {.n = n};
    bool inverse = w == W_IFFT || w == W_IRFFT || w == W_IHFFT;
    /* hfft is irfft with the norm's direction swapped (NumPy's
       _swap_direction), so it scales as a forward transform; ihfft, rfft
       with the swap, as an inverse one */
    if (norm == NORM_ORTHO) inverse = false;
    op.scale = norm_scale(norm, inverse, n);
    int64_t nout = n;
    switch (w) {
    case W_FFT:
        op.kind = ND_FFT_C2C;
        break;
    case W_IFFT:
        op.kind = ND_FFT_C2C, op.conj_in = op.conj_out = true;
        break;
    case W_RFFT:
        op.kind = ND_FFT_R2C, nout = n / 2 + 1;
        break;
    case W_IHFFT:
        op.kind = ND_FFT_R2C, nout = n / 2 + 1, op.conj_out = true;
        break;
    case W_IRFFT:
        op.kind = ND_FFT_C2R;
        break;
    case W_HFFT:
        op.kind = ND_FFT_C2R, op.conj_in = true;
        break;
    }
    bool sp = single(a->dtype);
    nd_dtype t = op.kind == ND_FFT_C2R ? (sp ? ND_FLOAT32 : ND_FLOAT64)
                                       : (sp ? ND_COMPLEX64 : ND_COMPLEX128);
    int64_t shape[ND_MAX_DIMS];
    memcpy(shape, a->shape, sizeof(int64_t) * (size_t)a->ndim);
    shape[axis] = nout;
    nd_array *r = dst;
    if (!r) {
        r = nd__alloc(func, t, a->ndim, shape, ND_ORDER_C, false);
        if (!r) return NULL;
    }
    if (nd__fft_axis(func, a, r, axis, &op)) {
        if (r != dst) nd_release(r);
        return NULL;
    }
    return r;
}

/* out: the result's shape, writeable, same_kind castable from t. */
static nd_status check_out(const char *func, const nd_array *out, nd_dtype t, int ndim,
                           const int64_t *shape) {
    bool same = out->ndim == ndim;
    for (int i = 0; i < ndim && same; i++) same = out->shape[i] == shape[i];
    if (!same) {
        char a[256], b[256];
        return nd__error(ND_ERR_SHAPE, func, "out has shape %s, the result has shape %s",
                         nd__shape_str(a, sizeof a, out->ndim, out->shape),
                         nd__shape_str(b, sizeof b, ndim, shape));
    }
    if (nd__check_writeable(func, out)) return nd_last_error();
    if (!nd_can_cast(t, out->dtype, ND_CAST_SAME_KIND))
        return nd__error(ND_ERR_DTYPE, func,
                         "Cannot cast the result from dtype('%s') to dtype('%s') with casting "
                         "rule 'same_kind'",
                         nd_dtype_name(t), nd_dtype_name(out->dtype));
    return ND_OK;
}

/* Writes r into out (checked) and returns out, releasing r. */
static nd_array *deliver(const char *func, nd_array *r, nd_array *out) {
    if (!r || !out) return r;
    nd_status st = check_out(func, out, r->dtype, r->ndim, r->shape);
    if (!st) st = nd_assign(out, r);
    nd_release(r);
    return st ? NULL : out;
}

/* Whether out can take the result of a transform of a directly (dtype t,
   shape shape: what deliver would accept without a cast), sparing the
   result's allocation and the copy into out: writeable, no element twice,
   no byte shared with a (a line is read whole before it is written, but
   other lines of a may sit where this one goes). Otherwise deliver's path
   (and its errors). */
static bool direct_out(const nd_array *a, const nd_array *out, nd_dtype t, int ndim,
                       const int64_t *shape) {
    if (!out || out->dtype != t || out->ndim != ndim || !(out->flags & ND_FLAG_WRITEABLE))
        return false;
    for (int i = 0; i < ndim; i++)
        if (out->shape[i] != shape[i]) return false;
    const char *alo, *ahi, *olo, *ohi;
    nd__extent(a, &alo, &ahi), nd__extent(out, &olo, &ohi);
    return (ahi <= olo || ohi <= alo) && !nd__self_overlaps(out);
}

static nd_dtype result_dtype(const nd_array *a, bool real) {
    bool sp = single(a->dtype);
    return real ? (sp ? ND_FLOAT32 : ND_FLOAT64) : (sp ? ND_COMPLEX64 : ND_COMPLEX128);
}

static nd_array *fft1(const char *func, const nd_array *a, int64_t n, int axis, const char *norm,
                      nd_array *out, which w) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    int ax, nm = 0;
    if (nd__normalize_axis(func, axis, a->ndim, &ax) || parse_norm(func, norm, &nm)) return NULL;
    if (n <= 0) n = w == W_IRFFT || w == W_HFFT ? 2 * (a->shape[ax] - 1) : a->shape[ax];
    if (n < 1) return bad_points(func, n), NULL;
    int64_t shape[ND_MAX_DIMS];
    memcpy(shape, a->shape, sizeof(int64_t) * (size_t)a->ndim);
    shape[ax] = w == W_RFFT || w == W_IHFFT ? n / 2 + 1 : n;
    if (direct_out(a, out, result_dtype(a, w == W_IRFFT || w == W_HFFT), a->ndim, shape))
        return transform(func, a, n, ax, nm, w, out);
    return deliver(func, transform(func, a, n, ax, nm, w, NULL), out);
}

nd_array *nd_fft(const nd_array *a, int64_t n, int axis, const char *norm, nd_array *out) {
    return fft1("nd_fft", a, n, axis, norm, out, W_FFT);
}
nd_array *nd_ifft(const nd_array *a, int64_t n, int axis, const char *norm, nd_array *out) {
    return fft1("nd_ifft", a, n, axis, norm, out, W_IFFT);
}
nd_array *nd_rfft(const nd_array *a, int64_t n, int axis, const char *norm, nd_array *out) {
    return fft1("nd_rfft", a, n, axis, norm, out, W_RFFT);
}
nd_array *nd_irfft(const nd_array *a, int64_t n, int axis, const char *norm, nd_array *out) {
    return fft1("nd_irfft", a, n, axis, norm, out, W_IRFFT);
}
nd_array *nd_hfft(const nd_array *a, int64_t n, int axis, const char *norm, nd_array *out) {
    return fft1("nd_hfft", a, n, axis, norm, out, W_HFFT);
}
nd_array *nd_ihfft(const nd_array *a, int64_t n, int axis, const char *norm, nd_array *out) {
    return fft1("nd_ihfft", a, n, axis, norm, out, W_IHFFT);
}

/* ---- n-D: NumPy's _cook_nd_args, then one axis at a time ---- */

typedef enum { N_C, N_IC, N_R, N_IR } ndkind;

static nd_array *fftn_any(const char *func, const nd_array *a, int ns, const int64_t *s, int naxes,
                          const int *axes, const char *norm, nd_array *out, ndkind kind) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    int nm = 0;
    if (parse_norm(func, norm, &nm)) return NULL;
    if ((s && (ns < 0 || ns > ND_MAX_DIMS)) || (axes && (naxes < 0 || naxes > ND_MAX_DIMS)))
        return nd__error(ND_ERR_VALUE, func, "at most %d axes (got %d)", ND_MAX_DIMS,
                         s ? ns : naxes),
               NULL;
    int ax[ND_MAX_DIMS], na;
    int64_t len[ND_MAX_DIMS];
    if (axes) {
        na = naxes;
        for (int i = 0; i < na; i++)
            if (nd__normalize_axis(func, axes[i], a->ndim, &ax[i])) return NULL;
    } else if (s) {
        na = ns;
        for (int i = 0; i < na; i++)
            if (nd__normalize_axis(func, i - ns, a->ndim, &ax[i])) return NULL;
    } else {
        na = a->ndim;
        for (int i = 0; i < na; i++) ax[i] = i;
    }
    if (s && ns != na)
        return nd__error(ND_ERR_VALUE, func, "Shape and axes have different lengths."), NULL;
    for (int i = 0; i < na; i++) len[i] = s ? s[i] : a->shape[ax[i]];
    if (!s && kind == N_IR && na > 0) len[na - 1] = 2 * (a->shape[ax[na - 1]] - 1);
    /* no axes: NumPy returns the input as it is */
    if (na == 0) return deliver(func, nd_copy(a), out);
    for (int i = 0; i < na; i++)
        if (len[i] < 1) return bad_points(func, len[i]), NULL;
    /* the order of NumPy's loops: c2c last axis first; r2c the last axis
       then the others in order; c2r the others in order, then the last */
    /* the final shape and dtype: out takes the first step that gives them,
       the later steps then run in place in it */
    int64_t fshape[ND_MAX_DIMS];
    memcpy(fshape, a->shape, sizeof(int64_t) * (size_t)a->ndim);
    for (int i = 0; i < na; i++) fshape[ax[i]] = len[i];
    if (kind == N_R) fshape[ax[na - 1]] = len[na - 1] / 2 + 1;
    bool use_out = direct_out(a, out, result_dtype(a, kind == N_IR), a->ndim, fshape);
    nd_array *cur = (nd_array *)a;
    nd_retain(cur);
    for (int step = 0; step < na; step++) {
        int i;
        which w;
        if (kind == N_C || kind == N_IC)
            i = na - 1 - step, w = kind == N_C ? W_FFT : W_IFFT;
        else if (kind == N_R)
            i = step == 0 ? na - 1 : step - 1, w = step == 0 ? W_RFFT : W_FFT;
        else
            i = step, w = step == na - 1 ? W_IRFFT : W_IFFT;
        /* c2c steps after the first, length unchanged: in place */
        bool inplace = cur != a && (w == W_FFT || w == W_IFFT) && cur->shape[ax[i]] == len[i];
        nd_array *dst = inplace ? cur : NULL;
        if (!dst && use_out && cur != out && result_dtype(cur, w == W_IRFFT) == out->dtype) {
            bool same = true; /* this step's output shape is the final one */
            for (int d = 0; d < a->ndim && same; d++)
                same = (d == ax[i] ? (w == W_RFFT ? len[i] / 2 + 1 : len[i]) : cur->shape[d]) ==
                       fshape[d];
            if (same) dst = nd_retain(out);
        }
        nd_array *next = transform(func, cur, len[i], ax[i], nm, w, dst);
        if (!next) {
            if (dst && dst != cur) nd_release(dst);
            return nd_release(cur), NULL;
        }
        if (next != cur) nd_release(cur);
        cur = next;
    }
    if (cur == out) return nd_release(cur), out;
    return deliver(func, cur, out);
}

nd_array *nd_fftn(const nd_array *a, int ns, const int64_t *s, int naxes, const int *axes,
                  const char *norm, nd_array *out) {
    return fftn_any("nd_fftn", a, ns, s, naxes, axes, norm, out, N_C);
}
nd_array *nd_ifftn(const nd_array *a, int ns, const int64_t *s, int naxes, const int *axes,
                   const char *norm, nd_array *out) {
    return fftn_any("nd_ifftn", a, ns, s, naxes, axes, norm, out, N_IC);
}
nd_array *nd_rfftn(const nd_array *a, int ns, const int64_t *s, int naxes, const int *axes,
                   const char *norm, nd_array *out) {
    return fftn_any("nd_rfftn", a, ns, s, naxes, axes, norm, out, N_R);
}
nd_array *nd_irfftn(const nd_array *a, int ns, const int64_t *s, int naxes, const int *axes,
                    const char *norm, nd_array *out) {
    return fftn_any("nd_irfftn", a, ns, s, naxes, axes, norm, out, N_IR);
}

static const int last_two[2] = {-2, -1};
nd_array *nd_fft2(const nd_array *a, const int64_t *s, const int *axes, const char *norm,
                  nd_array *out) {
    return fftn_any("nd_fft2", a, 2, s, 2, axes ? axes : last_two, norm, out, N_C);
}
nd_array *nd_ifft2(const nd_array *a, const int64_t *s, const int *axes, const char *norm,
                   nd_array *out) {
    return fftn_any("nd_ifft2", a, 2, s, 2, axes ? axes : last_two, norm, out, N_IC);
}
nd_array *nd_rfft2(const nd_array *a, const int64_t *s, const int *axes, const char *norm,
                   nd_array *out) {
    return fftn_any("nd_rfft2", a, 2, s, 2, axes ? axes : last_two, norm, out, N_R);
}
nd_array *nd_irfft2(const nd_array *a, const int64_t *s, const int *axes, const char *norm,
                    nd_array *out) {
    return fftn_any("nd_irfft2", a, 2, s, 2, axes ? axes : last_two, norm, out, N_IR);
}

/* ---- helpers ---- */

static nd_array *freq(const char *func, int64_t n, double d, bool half) {
    if (n < 0) return nd__error(ND_ERR_VALUE, func, "negative dimensions are not allowed"), NULL;
    double nd_ = (double)n * d;
    if (nd_ == 0) return nd__error(ND_ERR_VALUE, func, "float division by zero"), NULL;
    double val = 1.0 / nd_;
    int64_t len = half ? n / 2 + 1 : n;
    nd_array *r = nd__alloc(func, ND_FLOAT64, 1, &len, ND_ORDER_C, false);
    if (!r) return NULL;
    double *p = (double *)r->data;
    int64_t pos = half ? len : (n - 1) / 2 + 1;
    for (int64_t i = 0; i < pos; i++) p[i] = (double)i * val;
    for (int64_t i = pos; i < len; i++) p[i] = (double)(-(n / 2) + (i - pos)) * val;
    return r;
}

nd_array *nd_fftfreq(int64_t n, double d) { return freq("nd_fftfreq", n, d, false); }
nd_array *nd_rfftfreq(int64_t n, double d) { return freq("nd_rfftfreq", n, d, true); }

static nd_array *shift(const char *func, const nd_array *x, int naxes, const int *axes, bool inv) {
    if (!x) return nd__null_arg(func, "x"), NULL;
    int ax[ND_MAX_DIMS], na = axes ? naxes : x->ndim;
    if (axes && (naxes < 0 || naxes > ND_MAX_DIMS))
        return nd__error(ND_ERR_VALUE, func, "at most %d axes (got %d)", ND_MAX_DIMS, naxes), NULL;
    for (int i = 0; i < na; i++)
        if (axes ? nd__normalize_axis(func, axes[i], x->ndim, &ax[i]) : (ax[i] = i, 0)) return NULL;
    nd_array *cur = nd_retain((nd_array *)x);
    for (int i = 0; i < na; i++) {
        int64_t len = x->shape[ax[i]], sh = inv ? -(len / 2) : len / 2;
        nd_array *next = nd_roll(cur, sh, ax[i]);
        nd_release(cur);
        if (!next) return NULL;
        cur = next;
    }
    if (cur == x) { /* no axes: a copy, as NumPy's roll of nothing */
        nd_release(cur);
        return nd_copy(x);
    }
    return cur;
}

nd_array *nd_fftshift(const nd_array *x, int naxes, const int *axes) {
    return shift("nd_fftshift", x, naxes, axes, false);
}
nd_array *nd_ifftshift(const nd_array *x, int naxes, const int *axes) {
    return shift("nd_ifftshift", x, naxes, axes, true);
}
