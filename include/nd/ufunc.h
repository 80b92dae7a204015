/* Elementwise operations (NumPy's ufuncs), floating-point flags, and the
   public broadcasting iterator. */
#ifndef ND_UFUNC_H
#define ND_UFUNC_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One enum entry per op of ops.def: ND_OP_ADD, ND_OP_SIN, ... */
typedef enum {
#define ND_OP(E, name, nin, ins, outs) ND_OP_##E,
#include "nd/ops.def"
#undef ND_OP
    ND_NUM_OPS
} nd_op;

/* Every op of ops.def as a function, with NumPy's name:
     nd_array *nd_add(const nd_array *a, const nd_array *b, nd_array *out);
     nd_array *nd_sin(const nd_array *a, nd_array *out);
   - Inputs broadcast; `out` may be NULL (a new array is returned) or any array
     of the broadcast shape (it is returned, without a new reference). An `out`
     of another dtype is written under NumPy's same_kind rule, else
     ND_ERR_DTYPE. `out` may be an input (in place); overlapping inputs are
     copied first so results equal NumPy's.
   - Type resolution is NumPy's (ops.def lists each op's loops in NumPy's
     order); literals (nd_lit_f64/nd_lit_i64) are weak as in NEP 50.
   - Integer arithmetic wraps; // and % by zero give 0 and flag divide-by-zero.
   - Accuracy, max error against the correctly rounded result, the same at
     every ISA level: exact (correctly rounded) for + - * / sqrt, comparisons,
     floor/ceil/trunc/rint, abs, min/max, copysign, nextafter, fmod; float64
     and float32 transcendentals: at most 1 ULP (see docs/accuracy.md);
     float16 computes in float32 and rounds once; complex functions are
     glibc's. */
#define ND_OP(E, name, nin, ins, outs) ND_DECLARE_OP_##nin(name)
#define ND_DECLARE_OP_1(name) ND_API nd_array *nd_##name(const nd_array *a, nd_array *out);
#define ND_DECLARE_OP_2(name)                                                                      \
    ND_API nd_array *nd_##name(const nd_array *a, const nd_array *b, nd_array *out);
#include "nd/ops.def"
#undef ND_OP
#undef ND_DECLARE_OP_1
#undef ND_DECLARE_OP_2

/* Generic entry: op with nin inputs. */
ND_API nd_array *nd_ufunc(nd_op op, int nin, const nd_array *const *inputs, nd_array *out);
ND_API const char *nd_op_name(nd_op op);
ND_API int nd_op_nin(nd_op op);

/* NumPy aliases */
ND_API nd_array *nd_abs(const nd_array *a, nd_array *out);  /* absolute */
ND_API nd_array *nd_conj(const nd_array *a, nd_array *out); /* conjugate */
ND_API nd_array *nd_true_divide(const nd_array *a, const nd_array *b, nd_array *out);
ND_API nd_array *nd_mod(const nd_array *a, const nd_array *b, nd_array *out);

/* .real and .imag: views for complex arrays; for real arrays real is a new
   reference to a view of a and imag is a read-only array of zeros. */
ND_API nd_array *nd_real(const nd_array *a);
ND_API nd_array *nd_imag(const nd_array *a);

/* np.round(a, decimals): round half to even after scaling by 10**decimals,
   as NumPy; integers with decimals >= 0 are copied. Past |decimals| = 308,
   where NumPy's 10**decimals overflows and it returns NaN, nd returns the
   rule's limit: floats unchanged (decimals > 308), finite values as
   signed zeros with inf and NaN kept (decimals < -308). */
ND_API nd_array *nd_round(const nd_array *a, int decimals, nd_array *out);
/* q = a // b and r = a % b in one call; q and r may be NULL pointers to
   receive new arrays (*q == NULL) or hold out arrays. */
ND_API int nd_divmod(const nd_array *a, const nd_array *b, nd_array **q, nd_array **r);
/* np.where(cond, a, b) */
ND_API nd_array *nd_where(const nd_array *cond, const nd_array *a, const nd_array *b,
                          nd_array *out);
/* np.clip(a, lo, hi): minimum(maximum(a, lo), hi); lo or hi may be NULL. */
ND_API nd_array *nd_clip(const nd_array *a, const nd_array *lo, const nd_array *hi, nd_array *out);
/* np.isclose / np.allclose / np.array_equal */
ND_API nd_array *nd_isclose(const nd_array *a, const nd_array *b, double rtol, double atol,
                            bool equal_nan, nd_array *out);
ND_API int nd_allclose(const nd_array *a, const nd_array *b, double rtol, double atol,
                       bool equal_nan, bool *result);
ND_API int nd_array_equal(const nd_array *a, const nd_array *b, bool equal_nan, bool *result);

/* ---- floating-point conditions (NumPy's warnings) -------------------- */

enum {
    ND_FP_DIVBYZERO = 1,
    ND_FP_OVERFLOW = 2,
    ND_FP_UNDERFLOW = 4,
    ND_FP_INVALID = 8,
};
typedef enum { ND_FP_IGNORE, ND_FP_RAISE } nd_fp_mode;
/* Sticky, thread-local flags raised by calls since the last nd_fp_clear. */
ND_API int nd_fp_flags(void);
ND_API void nd_fp_clear(void);
/* ND_FP_RAISE turns a call that raises divide-by-zero, overflow or invalid
   into an ND_ERR_VALUE error (np.errstate(all='raise') except underflow,
   which NumPy ignores by default). Thread-local. Returns the previous mode. */
ND_API nd_fp_mode nd_fp_set_mode(nd_fp_mode mode);

#ifdef __cplusplus
}
#endif
#endif
