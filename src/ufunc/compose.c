/* Functions built from the elementwise ops: where, clip, round, divmod,
   isclose and friends, real/imag views. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "copy/copy.h"
#include "iter/broadcast.h"
#include "dispatch/dispatch.h"
#include "thread/fp.h"
#include "thread/pool.h"
#include "ufunc/ufunc_internal.h"

/* ---- where ---- */

/* x as where's loop reads it: cast to t, or x itself when it has that dtype
   and shares no memory with out (a copy of each operand ran np.where(c, x, y)
   at 0.63x NumPy); a copy when it may share: the loop then reads what it
   has not written. */
static nd_array *as_loop_input(const nd_array *x, nd_dtype t, const nd_array *out) {
    if (x->dtype != t) return nd_astype(x, t);
    if (out && x->buf == out->buf && nd_may_share_memory(x, out)) return nd_copy(x);
    return nd_retain((nd_array *)x);
}

nd_array *nd_where(const nd_array *cond, const nd_array *a, const nd_array *b, nd_array *out) {
    static const char *func = "nd_where";
    if (!cond || !a || !b) return nd__null_arg(func, !cond ? "cond" : !a ? "a" : "b"), NULL;
    /* np.where's dtype is the promotion of a and b, literals weak. */
    const nd_array *ab[2] = {a, b};
    nd_dtype t;
    if (nd__promote(func, 2, ab, &t)) return NULL;
    const nd_array *all[3] = {cond, a, b};
    int ndim;
    int64_t shape[ND_MAX_DIMS];
    if (nd__broadcast(func, 3, all, &ndim, shape)) return NULL;
    nd_array *c = NULL, *ca = NULL, *cb = NULL, *target = out, *result = NULL;
    if (out && (nd__check_writeable(func, out) || nd__check_out_shape(func, 3, all, out)))
        return NULL;
    if (out && !nd_can_cast(t, out->dtype, ND_CAST_SAME_KIND)) {
        nd__error(ND_ERR_DTYPE, func,
                  "Cannot cast from dtype('%s') to dtype('%s') with casting rule 'same_kind'",
                  nd_dtype_name(t), nd_dtype_name(out->dtype));
        return NULL;
    }
    c = cond->dtype == ND_BOOL ? nd_retain((nd_array *)cond) : nd_astype(cond, ND_BOOL);
    ca = as_loop_input(a, t, out);
    cb = as_loop_input(b, t, out);
    if (!c || !ca || !cb) goto done;
    if (!out || out->dtype != t || nd__self_overlaps(out)) { /* see ufunc_impl */
        target = out ? nd__alloc(func, t, out->ndim, out->shape, ND_ORDER_C, false)
                     : nd__alloc(func, t, ndim, shape, ND_ORDER_C, false);
        if (!target) goto done;
    }
    const nd_array *in[3] = {c, ca, cb};
    if (nd__run_loop(func, "where", nd__kernels()->where[t], 3, in, target, ND_PARALLEL_MIN_BYTES))
        goto done;
    if (out && target != out && nd__copy_into(func, out, target)) goto done;
    result = out ? out : target;
done:
    nd_release(c);
    nd_release(ca);
    nd_release(cb);
    if (target != out && target != result) nd_release(target);
    return result;
}

/* ---- clip, divmod, round ---- */

nd_array *nd_clip(const nd_array *a, const nd_array *lo, const nd_array *hi, nd_array *out) {
    if (!a) return nd__null_arg("nd_clip", "a"), NULL;
    if (!lo && !hi)
        return nd__error(ND_ERR_VALUE, "nd_clip", "One of max or min must be given"), NULL;
    if (!lo) return nd_minimum(a, hi, out);
    if (!hi) return nd_maximum(a, lo, out);
    nd_array *t = nd_maximum(a, lo, NULL);
    if (!t) return NULL;
    nd_array *r = nd_minimum(t, hi, out);
    nd_release(t);
    return r;
}

/* x is a C-contiguous array of dtype t at a's shape, sharing no memory with
   a, b or other (NULL: none to check) */
static bool divmod_out_ok(const nd_array *x, nd_dtype t, const nd_array *a, const nd_array *b,
                          const nd_array *other) {
    if (!x) return true;
    if (x->dtype != t || !(x->flags & ND_FLAG_C_CONTIG) || !(x->flags & ND_FLAG_WRITEABLE) ||
        x->ndim != a->ndim || memcmp(x->shape, a->shape, sizeof(int64_t) * (size_t)a->ndim))
        return false;
    return !nd_may_share_memory(x, a) && !nd_may_share_memory(x, b) &&
           !(other && nd_may_share_memory(x, other));
}

/* The common case in one pass, as NumPy's divmod loop: float32 or float64
   operands of one dtype and shape, C-contiguous, into fresh or disjoint
   contiguous results. One fmod per element instead of floor_divide's and
   remainder's (np.divmod ran at 0.55x NumPy). A pass that raised anything
   (a zero divisor, inf, NaN) is dropped and the two ops run as before, so
   values, flags and messages are always theirs. false: not done. */
static bool divmod_one_pass(const nd_array *a, const nd_array *b, nd_array **q, nd_array **r) {
    nd_dtype t = a->dtype;
    if ((t != ND_FLOAT32 && t != ND_FLOAT64) || b->dtype != t || a->ndim != b->ndim ||
        memcmp(a->shape, b->shape, sizeof(int64_t) * (size_t)a->ndim) ||
        !(a->flags & ND_FLAG_C_CONTIG) || !(b->flags & ND_FLAG_C_CONTIG) ||
        !divmod_out_ok(*q, t, a, b, *r) || !divmod_out_ok(*r, t, a, b, NULL))
        return false;
    nd_array *qq = *q ? *q : nd__alloc("nd_divmod", t, a->ndim, a->shape, ND_ORDER_C, false);
    nd_array *rr = *r ? *r : nd__alloc("nd_divmod", t, a->ndim, a->shape, ND_ORDER_C, false);
    bool done = false;
    if (qq && rr) {
        int64_t w = (int64_t)nd__itemsize(t), steps[4] = {w, w, w, w};
        char *ptr[4] = {a->data, b->data, qq->data, rr->data};
        nd_fp_state st;
        nd__fp_begin(&st);
        nd__parallel_flat(nd__kernels()->divmod[t == ND_FLOAT64], 4, ptr, steps,
                          nd__shape_prod(a->ndim, a->shape), (int64_t)8 << 20);
        done = !((_mm_getcsr() & ND_CSR_FLAGS) | nd_kflags);
        if (!done) { /* the two ops' runs clear and report these themselves */
            _mm_setcsr(_mm_getcsr() & ~ND_CSR_FLAGS);
            nd_kflags = 0;
        }
    }
    if (done) {
        *q = qq;
        *r = rr;
        return true;
    }
    nd_clear_error(); /* an allocation failure: the two ops report their own */
    if (qq != *q) nd_release(qq);
    if (rr != *r) nd_release(rr);
    return false;
}

int nd_divmod(const nd_array *a, const nd_array *b, nd_array **q, nd_array **r) {
    if (!q || !r) return nd__null_arg("nd_divmod", !q ? "q" : "r");
    if (a && b && divmod_one_pass(a, b, q, r)) return ND_OK;
    nd_array *qq = nd_floor_divide(a, b, *q);
    if (!qq) return nd_last_error();
    nd_array *rr = nd_remainder(a, b, *r);
    if (!rr) {
        if (!*q) nd_release(qq);
        return nd_last_error();
    }
    *q = qq;
    *r = rr;
    return ND_OK;
}

/* a's finite values times 0 (signed zeros), its inf and NaN kept: the
   limit of the rounding rule below as 10**-d passes every finite value. */
static nd_array *round_to_zero(const nd_array *a, bool is_int, nd_array *out) {
    nd_array *zero = nd_lit_f64(0.0), *z = zero ? nd_multiply(a, zero, NULL) : NULL;
    nd_array *fin = z ? nd_isfinite(a, NULL) : NULL;
    nd_array *r = fin ? nd_where(fin, z, a, is_int ? NULL : out) : NULL;
    if (r && is_int) { /* back to the integer dtype, as NumPy */
        nd_array *c = out ? (nd_assign(out, r) ? NULL : out) : nd_astype(r, a->dtype);
        nd_release(r), r = c;
    }
    nd_release(zero), nd_release(z), nd_release(fin);
    return r;
}

/* NumPy's PyArray_Round: rint(a * 10**d) / 10**d, or rint(a / 10**-d) * 10**-d
   for negative d; integers with d >= 0 are unchanged. Past |d| = 308 the
   factor overflows and NumPy's rule gives NaN (inf / inf); nd gives the
   rule's limit instead: a float unchanged for d > 308, and for d < -308
   every finite value rounds to a signed zero (a complex value with an
   infinite or NaN part is kept whole). */
nd_array *nd_round(const nd_array *a, int decimals, nd_array *out) {
    static const char *func = "nd_round";
    if (!a) return nd__null_arg(func, "a"), NULL;
    bool is_int = a->dtype == ND_BOOL || nd__is_int(a->dtype);
    if (decimals >= 0 && (is_int || decimals > DBL_MAX_10_EXP)) {
        if (!out) return nd_copy(a);
        return nd_assign(out, a) ? NULL : out;
    }
    if (decimals < -DBL_MAX_10_EXP)
        return round_to_zero(a, is_int, out); /* -decimals may not exist */
    /* 10**|d| as NumPy's power_of_ten forms it (products of 10 past 1e9,
       which can differ from the correctly rounded power in the last bit) */
    int e = decimals >= 0 ? decimals : -decimals;
    double scale = e < 9 ? pow(10.0, e) : 1e9;
    for (int i = 9; i < e; i++) scale *= 10.0;
    /* All three steps in one array, as NumPy's: out, or a new one (a
       temporary beside out made the float64 1e5 round walk 2.4 MB, past
       L2, at 0.94x NumPy) */
    nd_array *f = nd_lit_f64(scale), *w = is_int ? NULL : out;
    nd_array *x = f ? (decimals >= 0 ? nd_multiply(a, f, w) : nd_divide(a, f, w)) : NULL;
    nd_array *y = x ? nd_rint(x, x) : NULL;
    nd_array *z = y ? (decimals >= 0 ? nd_divide(y, f, y) : nd_multiply(y, f, y)) : NULL;
    nd_array *r = z;
    if (z && is_int) /* back to the integer dtype, as NumPy */
        r = out ? (nd_assign(out, z) ? NULL : out) : nd_astype(z, a->dtype);
    if (x && x != out && (!z || is_int)) nd_release(x); /* z is x */
    nd_release(f);
    return r;
}

/* ---- isclose, allclose, array_equal ---- */

static bool all_true(const nd_array *m) { /* m: a fresh C-contiguous bool array */
    int64_t n = nd__shape_prod(m->ndim, m->shape);
    return memchr(m->data, 0, (size_t)n) == NULL;
}

/* |a - b| <= atol + rtol * |b| where both are finite, a == b elsewhere, and
   NaN == NaN when equal_nan; computed in the inexact promotion of a and b. */
static nd_array *isclose_in(const nd_array *a, const nd_array *b, double rtol, double atol,
                            bool equal_nan) {
    nd_array *one = nd_lit_f64(1.0);
    const nd_array *ops3[3] = {a, b, one};
    nd_dtype t;
    nd_array *x = NULL, *y = NULL, *d = NULL, *ay = NULL, *tol = NULL, *close = NULL, *fin = NULL,
             *fy = NULL, *both = NULL, *eq = NULL, *r = NULL, *lr = NULL, *la = NULL;
    if (!one || nd__promote("nd_isclose", 3, ops3, &t)) goto done;
    if (!(x = nd_astype(a, t)) || !(y = nd_astype(b, t))) goto done;
    if (!(d = nd_subtract(x, y, NULL)) || !nd_absolute(d, d)) goto done;
    lr = nd_lit_f64(rtol);
    la = nd_lit_f64(atol);
    if (!lr || !la || !(ay = nd_absolute(y, NULL)) || !nd_multiply(ay, lr, ay)) goto done;
    if (!(tol = nd_add(ay, la, NULL)) || !(close = nd_less_equal(d, tol, NULL))) goto done;
    /* fresh results where x and y broadcast (a 0-d x with a (1,) y: the
       operands' shapes cannot hold them) */
    if (!(fin = nd_isfinite(x, NULL)) || !(fy = nd_isfinite(y, NULL)) ||
        !(both = nd_logical_and(fin, fy, NULL)))
        goto done;
    if (!(eq = nd_equal(x, y, NULL)) || !(r = nd_where(both, close, eq, NULL))) goto done;
    if (equal_nan) {
        nd_array *na = nd_isnan(x, NULL), *nb = na ? nd_isnan(y, NULL) : NULL;
        nd_array *nn = nb ? nd_logical_and(na, nb, NULL) : NULL;
        bool ok = nn && nd_logical_or(r, nn, r);
        nd_release(na);
        nd_release(nb);
        nd_release(nn);
        if (!ok) nd_release(r), r = NULL;
    }
done:; /* C11: a label cannot precede a declaration */
    nd_array *tmp[] = {one, x, y, d, ay, tol, close, fin, fy, both, eq, lr, la};
    for (size_t i = 0; i < sizeof tmp / sizeof tmp[0]; i++) nd_release(tmp[i]);
    return r;
}

nd_array *nd_isclose(const nd_array *a, const nd_array *b, double rtol, double atol, bool equal_nan,
                     nd_array *out) {
    if (!a || !b) return nd__null_arg("nd_isclose", !a ? "a" : "b"), NULL;
    int flags = nd_fp_flags(); /* NumPy ignores invalid here: so do the sticky flags */
    nd_fp_mode mode = nd_fp_set_mode(ND_FP_IGNORE);
    nd_array *r = isclose_in(a, b, rtol, atol, equal_nan);
    nd_fp_set_mode(mode);
    nd__fp_set_sticky(flags);
    if (!r || !out) return r;
    nd_status s = nd_assign(out, r);
    nd_release(r);
    return s ? NULL : out;
}

int nd_allclose(const nd_array *a, const nd_array *b, double rtol, double atol, bool equal_nan,
                bool *result) {
    if (!result) return nd__null_arg("nd_allclose", "result");
    nd_array *r = nd_isclose(a, b, rtol, atol, equal_nan, NULL);
    if (!r) return nd_last_error();
    *result = all_true(r);
    nd_release(r);
    return ND_OK;
}

int nd_array_equal(const nd_array *a, const nd_array *b, bool equal_nan, bool *result) {
    if (!a || !b) return nd__null_arg("nd_array_equal", !a ? "a" : "b");
    if (!result) return nd__null_arg("nd_array_equal", "result");
    if (a->ndim != b->ndim || memcmp(a->shape, b->shape, sizeof(int64_t) * (size_t)a->ndim) != 0)
        return *result = false, ND_OK;
    nd_array *eq = nd_equal(a, b, NULL);
    if (!eq) return nd_last_error();
    if (equal_nan && (nd__is_inexact(a->dtype) || nd__is_inexact(b->dtype))) {
        nd_array *na = nd_isnan(a, NULL), *nb = na ? nd_isnan(b, NULL) : NULL;
        bool ok = nb && nd_logical_and(na, nb, na) && nd_logical_or(eq, na, eq);
        nd_release(na);
        nd_release(nb);
        if (!ok) return nd_release(eq), nd_last_error();
    }
    *result = all_true(eq);
    nd_release(eq);
    return ND_OK;
}

/* ---- real and imag ---- */

static nd_array *part_view(const char *func, const nd_array *a, size_t offset) {
    nd_array *v = nd__view(func, a, a->ndim, a->shape, a->strides, a->data + offset);
    if (!v) return NULL;
    v->dtype = a->dtype == ND_COMPLEX64 ? ND_FLOAT32 : ND_FLOAT64;
    nd__update_flags(v);
    return v;
}

nd_array *nd_real(const nd_array *a) {
    if (!a) return nd__null_arg("nd_real", "a"), NULL;
    if (nd__is_complex(a->dtype)) return part_view("nd_real", a, 0);
    return nd__view("nd_real", a, a->ndim, a->shape, a->strides, a->data);
}

nd_array *nd_imag(const nd_array *a) {
    if (!a) return nd__null_arg("nd_imag", "a"), NULL;
    if (nd__is_complex(a->dtype)) return part_view("nd_imag", a, nd__itemsize(a->dtype) / 2);
    nd_array *z = nd__alloc("nd_imag", a->dtype, a->ndim, a->shape, ND_ORDER_C, true);
    if (z) z->flags &= ~ND_FLAG_WRITEABLE; /* NumPy's imag of a real array is read-only */
    return z;
}
