/* The elementwise driver: type resolution from ops.def, NEP 50 literals,
   broadcasting, `out` casting, overlap, floating-point flags; then one
   kernel call per innermost run of the loop nest. */
#include <immintrin.h>
#include <stdio.h>
#include <string.h>

#include "copy/copy.h"
#include "iter/broadcast.h"
#include "iter/loop.h"
#include "profile/profile.h"
#include "thread/pool.h"
#include "dispatch/dispatch.h"
#include "ufunc/ufunc_internal.h"

typedef struct {
    const char *name;
    int nin;
    const char *ins, *outs; /* one NumPy type letter per loop */
} op_info;

static const op_info ops[ND_NUM_OPS] = {
#define ND_OP(E, name, nin, ins, outs) [ND_OP_##E] = {#name, nin, ins, outs},
#include "nd/ops.def"
#undef ND_OP
};

const char *nd_op_name(nd_op op) { return (unsigned)op < ND_NUM_OPS ? ops[op].name : NULL; }
int nd_op_nin(nd_op op) { return (unsigned)op < ND_NUM_OPS ? ops[op].nin : -1; }

static nd_dtype dtype_of_letter(char c) {
    static const char letters[] = "?bhiqBHIQefdFD";
    static const nd_dtype types[] = {ND_BOOL,    ND_INT8,    ND_INT16,     ND_INT32,     ND_INT64,
                                     ND_UINT8,   ND_UINT16,  ND_UINT32,    ND_UINT64,    ND_FLOAT16,
                                     ND_FLOAT32, ND_FLOAT64, ND_COMPLEX64, ND_COMPLEX128};
    return types[strchr(letters, c) - letters];
}

/* ---- floating-point flags (the state is thread/fp.c's) ---- */

_Static_assert((int)ND_FP_DIVBYZERO == (int)ND_KFLAG_DIVBYZERO &&
                   (int)ND_FP_OVERFLOW == (int)ND_KFLAG_OVERFLOW &&
                   (int)ND_FP_UNDERFLOW == (int)ND_KFLAG_UNDERFLOW &&
                   (int)ND_FP_INVALID == (int)ND_KFLAG_INVALID,
               "nd_fp_flags() returns thread/fp.c's ND_KFLAG_ bits as they are");

int nd_fp_flags(void) { return nd__fp_sticky_get(); }
void nd_fp_clear(void) { nd__fp_sticky_put(0); }
void nd_fp_raise(int flags) {
    nd__fp_sticky_put(nd__fp_sticky_get() | (flags & (ND_FP_DIVBYZERO | ND_FP_OVERFLOW |
                                                      ND_FP_UNDERFLOW | ND_FP_INVALID)));
}
void nd__fp_set_sticky(int flags) { nd__fp_sticky_put(flags); }
nd_fp_mode nd_fp_set_mode(nd_fp_mode mode) {
    bool old;
    nd__fp_raise_mode(mode == ND_FP_RAISE, &old);
    return old ? ND_FP_RAISE : ND_FP_IGNORE;
}

/* ---- type resolution ---- */

static int kind_of(nd_dtype t) {
    return t == ND_BOOL ? 0 : nd__is_int(t) ? 1 : nd__is_float(t) ? 2 : 3;
}

/* NEP 50: a literal takes the dtype of the strong operands when its kind
   (int < float < complex) is not above theirs, else its own default. */
static void effective_dtypes(int nin, const nd_array *const *x, nd_dtype *eff) {
    bool any_weak = false;
    for (int i = 0; i < nin; i++)
        eff[i] = x[i]->dtype, any_weak |= (x[i]->flags & ND_FLAG_WEAK) != 0;
    if (!any_weak) return;
    nd_dtype strong = ND_NUM_DTYPES;
    for (int i = 0; i < nin; i++)
        if (!nd_is_weak(x[i]))
            strong = strong == ND_NUM_DTYPES ? x[i]->dtype : nd_result_type(strong, x[i]->dtype);
    for (int i = 0; i < nin; i++) {
        eff[i] = x[i]->dtype;
        if (!nd_is_weak(x[i]) || strong == ND_NUM_DTYPES) continue;
        if (kind_of(x[i]->dtype) <= kind_of(strong))
            eff[i] = strong;
        else if (kind_of(x[i]->dtype) == 3 && kind_of(strong) == 2) /* complex with a float */
            eff[i] = strong == ND_FLOAT64 ? ND_COMPLEX128 : ND_COMPLEX64;
    }
}

nd_status nd__promote(const char *func, int n, const nd_array *const *x, nd_dtype *t) {
    nd_dtype eff[ND_LOOP_MAXOP] = {ND_BOOL};
    for (int i = 0; i < n; i++)
        if (!x[i]) return nd__null_arg(func, "input");
    effective_dtypes(n, x, eff);
    *t = eff[0];
    for (int i = 1; i < n; i++) *t = nd_result_type(*t, eff[i]);
    return ND_OK;
}

static nd_status check_literal_range(const char *func, const nd_array *lit, nd_dtype t) {
    if (lit->dtype != ND_INT64 || !nd__is_int(t)) return ND_OK;
    int64_t v;
    memcpy(&v, lit->data, 8);
    int bits = nd__dtype_bits(t);
    bool ok =
        nd__is_signed(t)
            ? (bits == 64 || (v >= -(INT64_C(1) << (bits - 1)) && v < (INT64_C(1) << (bits - 1))))
            : (v >= 0 && (bits == 64 || v < (INT64_C(1) << bits)));
    if (ok) return ND_OK;
    return nd__error(ND_ERR_OVERFLOW, func, "Python integer %lld out of bounds for %s",
                     (long long)v, nd_dtype_name(t));
}

static nd_status resolve_slow(const char *func, nd_op op, int nin, const nd_dtype *in, nd_dtype *lt,
                              nd_dtype *ot) {
    const op_info *o = &ops[op];
    bool all_int = true;
    for (int i = 0; i < nin; i++) all_int &= in[i] == ND_BOOL || nd__is_int(in[i]);
    if (all_int && op == ND_OP_DIVIDE) /* NumPy's true-division resolver */
        return *lt = *ot = ND_FLOAT64, ND_OK;
    if (in[0] == ND_BOOL && (op == ND_OP_SUBTRACT || op == ND_OP_NEGATIVE) &&
        (nin == 1 || in[1] == ND_BOOL))
        return nd__error(
            ND_ERR_DTYPE, func,
            "numpy boolean %s, the `-` operator, is not supported, use the bitwise_xor, "
            "the `^` operator, or the logical_xor function instead.",
            o->name);
    /* NumPy's uniform resolver (sign, gcd, lcm) takes no bool loop by casting */
    bool all_bool = true;
    for (int i = 0; i < nin; i++) all_bool &= in[i] == ND_BOOL;
    if (all_bool && (op == ND_OP_SIGN || op == ND_OP_GCD || op == ND_OP_LCM))
        return nd__error(
            ND_ERR_DTYPE, func,
            "ufunc '%s' did not contain a loop with signature matching types %s", o->name,
            nin == 1 ? "<class 'numpy.dtype[bool_]'> -> None"
                     : "(<class 'numpy.dtype[bool_]'>, <class 'numpy.dtype[bool_]'>) -> None");
    for (size_t k = 0; o->ins[k]; k++) {
        nd_dtype t = dtype_of_letter(o->ins[k]);
        bool ok = !(op == ND_OP_POSITIVE && in[0] != t); /* uniform resolver: no casting */
        for (int i = 0; i < nin && ok; i++) ok = nd_can_cast(in[i], t, ND_CAST_SAFE);
        if (ok) return *lt = t, *ot = dtype_of_letter(o->outs[k]), ND_OK;
    }
    return nd__error(ND_ERR_DTYPE, func,
                     "ufunc '%s' not supported for the input types, and the inputs could not be "
                     "safely coerced to any supported types according to the casting rule ''safe''",
                     o->name);
}

/* Resolution is a pure function of (op, input dtypes): cache it, since the
   search costs more than a small array's arithmetic. 0 = not yet known. */
static _Atomic uint16_t resolved[ND_NUM_OPS][ND_NUM_DTYPES][ND_NUM_DTYPES];

nd_status nd__resolve(const char *func, nd_op op, int nin, const nd_dtype *in, nd_dtype *lt,
                      nd_dtype *ot) {
    nd_dtype second = nin > 1 ? in[1] : in[0];
    _Atomic uint16_t *slot = &resolved[op][in[0]][second];
    uint16_t v = atomic_load_explicit(slot, memory_order_relaxed);
    if (v) {
        *lt = (nd_dtype)((v & 0xff) - 1);
        *ot = (nd_dtype)(v >> 8);
        return ND_OK;
    }
    if (resolve_slow(func, op, nin, in, lt, ot)) return nd_last_error();
    atomic_store_explicit(slot, (uint16_t)((*lt + 1) | (*ot << 8)), memory_order_relaxed);
    return ND_OK;
}

/* ---- the driver ---- */

static bool same_layout(const nd_array *a, const nd_array *b) {
    if (a->data != b->data || a->dtype != b->dtype || a->ndim != b->ndim) return false;
    for (int i = 0; i < a->ndim; i++)
        if (a->shape[i] != b->shape[i] || (a->shape[i] > 1 && a->strides[i] != b->strides[i]))
            return false;
    return true;
}

static bool same_shape(const nd_array *a, int ndim, const int64_t *shape) {
    if (a->ndim != ndim) return false;
    for (int i = 0; i < ndim; i++)
        if (a->shape[i] != shape[i]) return false;
    return true;
}

static nd_status cast_error(const char *func, const char *opname, nd_dtype from, nd_dtype to) {
    return nd__error(ND_ERR_DTYPE, func,
                     "Cannot cast ufunc '%s' output from dtype('%s') to dtype('%s') with casting "
                     "rule 'same_kind'",
                     opname, nd_dtype_name(from), nd_dtype_name(to));
}

/* out must have the broadcast shape of inputs and out together. */
nd_status nd__check_out_shape(const char *func, int nin, const nd_array *const *x,
                              const nd_array *out) {
    const nd_array *all[ND_LOOP_MAXOP];
    for (int i = 0; i < nin; i++) all[i] = x[i];
    all[nin] = out;
    int nd;
    int64_t shape[ND_MAX_DIMS];
    if (nd__broadcast(func, nin + 1, all, &nd, shape)) return nd_last_error();
    bool same = nd == out->ndim;
    for (int i = 0; i < nd && same; i++) same = shape[i] == out->shape[i];
    if (!same) {
        char a[256], b[256];
        return nd__error(
            ND_ERR_SHAPE, func,
            "non-broadcastable output operand with shape %s doesn't match the broadcast shape %s",
            nd__shape_str(a, sizeof a, out->ndim, out->shape),
            nd__shape_str(b, sizeof b, nd, shape));
    }
    return ND_OK;
}

/* Inputs as the loop reads them: cast to the loop dtype, or copied when
   they overlap the output in a way that would change the result. */
static nd_status prepare_inputs(const char *func, int nin, const nd_array *const *x,
                                const nd_dtype *eff, nd_dtype lt, const nd_array *out,
                                const nd_array **use, nd_array **tmp) {
    for (int i = 0; i < nin; i++) {
        use[i] = x[i];
        tmp[i] = NULL;
        if ((x[i]->flags & ND_FLAG_WEAK) && check_literal_range(func, x[i], eff[i]))
            return nd_last_error();
        if (x[i]->dtype != lt)
            tmp[i] = nd_astype(x[i], lt);
        else if (out && x[i]->buf == out->buf && nd_may_share_memory(x[i], out) &&
                 !same_layout(x[i], out))
            tmp[i] = nd_copy(x[i]);
        else
            continue;
        if (!tmp[i]) return nd_last_error();
        use[i] = tmp[i];
    }
    return ND_OK;
}

static void run_nest(nd_kloop fn, int nin, const nd_array *const *in, nd_array *target,
                     int64_t min_bytes);

/* Bytes touched from which an op's contiguous run splits over the pool.
   A memory-bound op gains from a second core only once its operands leave
   the first core's caches; a transcendental costs 10-50x more per byte and
   gains much earlier. Both thresholds come from the benchmark's threshold
   rows (docs/performance.md, "Threads: where two threads pay"). */
#define MIN_BYTES_MEMORY ((int64_t)8 << 20)
#define MIN_BYTES_COMPUTE ((int64_t)2 << 20)
static const bool compute_bound[ND_NUM_OPS] = {
    [ND_OP_POWER] = 1,      [ND_OP_ARCTAN2] = 1, [ND_OP_HYPOT] = 1,   [ND_OP_LOGADDEXP] = 1,
    [ND_OP_LOGADDEXP2] = 1, [ND_OP_CBRT] = 1,    [ND_OP_EXP] = 1,     [ND_OP_EXP2] = 1,
    [ND_OP_EXPM1] = 1,      [ND_OP_LOG] = 1,     [ND_OP_LOG2] = 1,    [ND_OP_LOG10] = 1,
    [ND_OP_LOG1P] = 1,      [ND_OP_SIN] = 1,     [ND_OP_COS] = 1,     [ND_OP_TAN] = 1,
    [ND_OP_ARCSIN] = 1,     [ND_OP_ARCCOS] = 1,  [ND_OP_ARCTAN] = 1,  [ND_OP_SINH] = 1,
    [ND_OP_COSH] = 1,       [ND_OP_TANH] = 1,    [ND_OP_ARCSINH] = 1, [ND_OP_ARCCOSH] = 1,
    [ND_OP_ARCTANH] = 1,
};

static int64_t op_min_bytes(nd_op op) {
    return compute_bound[op] ? MIN_BYTES_COMPUTE : MIN_BYTES_MEMORY;
}

/* The common case, every operand C-contiguous at the target's shape or a
   single element, is one kernel call with no loop nest to build. */
static bool run_flat(nd_kloop fn, int nin, const nd_array *const *in, nd_array *target,
                     int64_t min_bytes) {
    if (!(target->flags & ND_FLAG_C_CONTIG)) return false;
    char *ptr[ND_LOOP_MAXOP];
    int64_t steps[ND_LOOP_MAXOP];
    int64_t n = nd__shape_prod(target->ndim, target->shape);
    for (int i = 0; i < nin; i++) {
        const nd_array *a = in[i];
        ptr[i] = a->data;
        if (nd__shape_prod(a->ndim, a->shape) == 1) {
            steps[i] = 0;
        } else if ((a->flags & ND_FLAG_C_CONTIG) && same_shape(a, target->ndim, target->shape)) {
            steps[i] = (int64_t)nd__itemsize(a->dtype);
        } else {
            return false;
        }
    }
    ptr[nin] = target->data;
    steps[nin] = (int64_t)nd__itemsize(target->dtype);
    nd__parallel_flat(fn, nin + 1, ptr, steps, n, min_bytes);
    return true;
}

nd_status nd__run_loop(const char *func, const char *opname, nd_kloop fn, int nin,
                       const nd_array *const *in, nd_array *target, int64_t min_bytes) {
    nd_fp_state st;
    nd__fp_begin(&st);
    if (!run_flat(fn, nin, in, target, min_bytes)) run_nest(fn, nin, in, target, min_bytes);
    return nd__fp_end(func, opname, &st);
}

static void run_nest(nd_kloop fn, int nin, const nd_array *const *in, nd_array *target,
                     int64_t min_bytes) {
    int64_t strides[ND_LOOP_MAXOP][ND_MAX_DIMS];
    const int64_t *sp[ND_LOOP_MAXOP];
    char *base[ND_LOOP_MAXOP];
    for (int i = 0; i < nin; i++) {
        nd__broadcast_strides(in[i], target->ndim, target->shape, strides[i]);
        sp[i] = strides[i];
        base[i] = in[i]->data;
    }
    sp[nin] = target->strides;
    base[nin] = target->data;
    nd_loop L;
    nd__loop_init(&L, nin + 1, target->ndim, target->shape, sp, base, true);
    int64_t item_bytes = (int64_t)nd__itemsize(target->dtype);
    for (int i = 0; i < nin; i++) {
        L.itemsize[i] = (int64_t)nd__itemsize(in[i]->dtype);
        item_bytes += L.itemsize[i];
    }
    nd__parallel_nest(&L, fn, item_bytes, min_bytes);
}

/* The most common call, out given and every operand a C-contiguous array of
   out's shape and of the loop's dtype (in place allowed), skips the general
   machinery: this is what keeps the per-call cost of small arrays low. */
static bool try_fast(const char *func, nd_op op, int nin, const nd_array *const *x, nd_array *out,
                     nd_status *status) {
    const int want = ND_FLAG_C_CONTIG | ND_FLAG_WRITEABLE;
    if (!out || (out->flags & want) != want) return false;
    nd_dtype t = x[0]->dtype;
    for (int i = 0; i < nin; i++) {
        const nd_array *a = x[i];
        if (a->dtype != t || (a->flags & (ND_FLAG_WEAK | ND_FLAG_C_CONTIG)) != ND_FLAG_C_CONTIG ||
            !same_shape(a, out->ndim, out->shape) || (a->buf == out->buf && a->data != out->data))
            return false;
    }
    uint16_t v = atomic_load_explicit(&resolved[op][t][t], memory_order_relaxed);
    if (!v || (nd_dtype)((v & 0xff) - 1) != t || (nd_dtype)(v >> 8) != out->dtype) return false;
    char *ptr[3];
    int64_t steps[3];
    for (int i = 0; i < nin; i++) ptr[i] = x[i]->data, steps[i] = (int64_t)nd__itemsize(t);
    ptr[nin] = out->data;
    steps[nin] = (int64_t)nd__itemsize(out->dtype);
    int64_t n = nd__shape_prod(out->ndim, out->shape);
    nd_kloop fn = nd__kernels()->loops[op][t];
    nd_fp_state st;
    nd__fp_begin(&st);
    int64_t min_bytes = op_min_bytes(op);
    if (!nd__flat_below(n * (nin * steps[0] + steps[nin]), min_bytes))
        nd__parallel_flat(fn, nin + 1, ptr, steps, n, min_bytes);
    else if (n > 0) /* small: not worth a look at the pool */
        fn(ptr, steps, n);
    *status = nd__fp_end_inline(func, ops[op].name);
    return true;
}

static nd_array *ufunc_impl(const char *func, nd_op op, int nin, const nd_array *const *x,
                            nd_array *out);

nd_array *nd__ufunc(const char *func, nd_op op, int nin, const nd_array *const *x, nd_array *out) {
    if (!atomic_load_explicit(&nd__profiling, memory_order_relaxed))
        return ufunc_impl(func, op, nin, x, out);
    nd_prof_mark m;
    nd__prof_begin(&m);
    nd_array *r = ufunc_impl(func, op, nin, x, out);
    if (r) {
        int64_t read = 0;
        for (int i = 0; i < nin; i++) read += nd_nbytes(x[i]);
        nd__prof_end(&m, ops[op].name, x[0]->dtype, nd_size(r), read, nd_nbytes(r));
    }
    return r;
}

static nd_array *ufunc_impl(const char *func, nd_op op, int nin, const nd_array *const *x,
                            nd_array *out) {
    for (int i = 0; i < nin; i++)
        if (!x[i]) return nd__null_arg(func, "input"), NULL;
    nd_status fast;
    if (nin <= 2 && try_fast(func, op, nin, x, out, &fast)) return fast ? NULL : out;
    nd_dtype eff[ND_LOOP_MAXOP], lt = ND_FLOAT64, ot = ND_FLOAT64;
    effective_dtypes(nin, x, eff);
    if (nd__resolve(func, op, nin, eff, &lt, &ot)) return NULL;
    int ndim;
    int64_t shape[ND_MAX_DIMS];
    if (nd__broadcast(func, nin, x, &ndim, shape)) return NULL;
    if (out && !same_shape(out, ndim, shape) && nd__check_out_shape(func, nin, x, out)) return NULL;
    if (out && nd__check_writeable(func, out)) return NULL;
    if (out && out->dtype != ot && !nd_can_cast(ot, out->dtype, ND_CAST_SAME_KIND))
        return cast_error(func, ops[op].name, ot, out->dtype), NULL;

    const nd_array *use[ND_LOOP_MAXOP];
    nd_array *tmp[ND_LOOP_MAXOP] = {0}, *target = out, *result = NULL;
    /* an out whose elements share memory is computed into a temporary and
       written back in C order, as NumPy's WRITEBACKIFCOPY: the inputs then
       read memory nothing has written yet and need no copy */
    bool overlapping = out && nd__self_overlaps(out);
    if (prepare_inputs(func, nin, x, eff, lt, overlapping ? NULL : out, use, tmp)) goto fail;
    if (!out || out->dtype != ot || overlapping) {
        target = out ? nd__alloc(func, ot, out->ndim, out->shape, ND_ORDER_C, false)
                     : nd__alloc(func, ot, ndim, shape, ND_ORDER_C, false);
        if (!target) goto fail;
    }
    if (nd__run_loop(func, ops[op].name, nd__kernels()->loops[op][lt], nin, use, target,
                     op_min_bytes(op)))
        goto fail;
    if (out && target != out && nd__copy_into(func, out, target)) goto fail;
    result = out ? out : target;
fail:
    for (int i = 0; i < nin; i++) nd_release(tmp[i]);
    if (target != out && target != result) nd_release(target); /* a temporary, or failure */
    return result;
}

nd_array *nd_ufunc(nd_op op, int nin, nd_array_list inputs_list, nd_array *out) {
    const nd_array *const *inputs = ND_LIST_PTR(inputs_list);
    if ((unsigned)op >= ND_NUM_OPS)
        return nd__error(ND_ERR_VALUE, "nd_ufunc", "unknown op %d", (int)op), NULL;
    if (nin != ops[op].nin)
        return nd__error(ND_ERR_VALUE, "nd_ufunc", "ufunc '%s' takes %d inputs, got %d",
                         ops[op].name, ops[op].nin, nin),
               NULL;
    if (!inputs) return nd__null_arg("nd_ufunc", "inputs"), NULL;
    return nd__ufunc("nd_ufunc", op, nin, inputs, out);
}

/* ---- the named functions, one per ops.def entry ---- */

#define ND_OP(E, name, nin, ins, outs) ND_DEFINE_OP_##nin(E, name)
#define ND_DEFINE_OP_1(E, name)                                                                    \
    nd_array *nd_##name(const nd_array *a, nd_array *out) {                                        \
        const nd_array *x[1] = {a};                                                                \
        return nd__ufunc("nd_" #name, ND_OP_##E, 1, x, out);                                       \
    }
#define ND_DEFINE_OP_2(E, name)                                                                    \
    nd_array *nd_##name(const nd_array *a, const nd_array *b, nd_array *out) {                     \
        const nd_array *x[2] = {a, b};                                                             \
        return nd__ufunc("nd_" #name, ND_OP_##E, 2, x, out);                                       \
    }
#include "nd/ops.def"
#undef ND_OP

nd_array *nd_abs(const nd_array *a, nd_array *out) { return nd_absolute(a, out); }
nd_array *nd_conj(const nd_array *a, nd_array *out) { return nd_conjugate(a, out); }
nd_array *nd_true_divide(const nd_array *a, const nd_array *b, nd_array *out) {
    return nd_divide(a, b, out);
}
nd_array *nd_mod(const nd_array *a, const nd_array *b, nd_array *out) {
    return nd_remainder(a, b, out);
}

/* The loop the driver picks for these operands (literals weak), for
   callers that run the kernels themselves (the expression evaluator). */
nd_status nd__ufunc_types(const char *func, nd_op op, int nin, const nd_array *const *x,
                          nd_dtype *lt, nd_dtype *ot) {
    nd_dtype eff[ND_LOOP_MAXOP] = {ND_BOOL};
    effective_dtypes(nin, x, eff);
    return nd__resolve(func, op, nin, eff, lt, ot);
}
