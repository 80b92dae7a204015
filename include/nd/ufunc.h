/** @file
 * Elementwise operations (NumPy's ufuncs) and floating-point flags.
 *
 * @defgroup ufunc Elementwise ops
 * NumPy's ufuncs and composite elementwise functions, and the
 * floating-point condition flags (src/ufunc).
 *
 * Every op of include/nd/ops.def is a function with NumPy's name (the list:
 * @ref ufunc_ops, tabulated in @ref ops):
 * @code
 *   nd_array *nd_add(const nd_array *a, const nd_array *b, nd_array *out);
 *   nd_array *nd_sin(const nd_array *a, nd_array *out);
 * @endcode
 * - Inputs broadcast; `out` may be NULL (a new array is returned) or any
 *   array of the broadcast shape (it is returned, without a new reference).
 *   An `out` of another dtype is written under NumPy's same_kind rule, else
 *   ND_ERR_DTYPE. `out` may be an input (in place); overlapping inputs are
 *   copied first so results equal NumPy's.
 * - Type resolution is NumPy's (ops.def lists each op's loops in NumPy's
 *   order); literals (nd_lit_f64() / nd_lit_i64() / nd_lit_c128()) are weak as in NEP 50.
 * - Integer arithmetic wraps; // and % by zero give 0 and flag
 *   divide-by-zero.
 * - Accuracy, max error against the correctly rounded result, the same at
 *   every ISA level: exact (correctly rounded) for + - * / sqrt,
 *   comparisons, floor/ceil/trunc/rint, abs, min/max, copysign, nextafter,
 *   fmod; float64 and float32 transcendentals: at most 1 ULP (see
 *   docs/accuracy.md); float16 computes in float32 and rounds once; complex
 *   functions are glibc's.
 * @{ */
#ifndef ND_UFUNC_H
#define ND_UFUNC_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The elementwise ops: one entry per op of ops.def (ND_OP_ADD, ND_OP_SIN, ...).
 *
 * The entries are ND_OP_ and the op's name in capitals, in ops.def's order,
 * then ND_NUM_OPS (their count); @ref ops lists them. */
typedef enum {
#define ND_OP(E, name, nin, ins, outs) ND_OP_##E,
#include "nd/ops.def"
#undef ND_OP
    ND_NUM_OPS
} nd_op;

/* Every op of ops.def as a function, with NumPy's name (the group's
   comment above has the rules; tools/gen_ops_doc.py documents each one for
   the reference). */
#define ND_OP(E, name, nin, ins, outs) ND_DECLARE_OP_##nin(name)
#define ND_DECLARE_OP_1(name) ND_API nd_array *nd_##name(const nd_array *a, nd_array *out);
#define ND_DECLARE_OP_2(name)                                                                      \
    ND_API nd_array *nd_##name(const nd_array *a, const nd_array *b, nd_array *out);
#include "nd/ops.def"
#undef ND_OP
#undef ND_DECLARE_OP_1
#undef ND_DECLARE_OP_2

/** Applies any op by its enum: the generic entry behind the per-op functions.
 *
 * An unknown op or a wrong nin is ND_ERR_VALUE ("ufunc 'add' takes 2
 * inputs, got 1").
 * @param op      the op.
 * @param nin     the number of inputs (nd_op_nin(op)).
 * @param inputs  nin arrays.
 * @param out     NULL for a new array, or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_ufunc(nd_op op, int nin, nd_array_list inputs, nd_array *out);
/** NumPy's name of an op ("add").
 * @param op  the op.
 * @return a static string; NULL for an unknown op. */
ND_API const char *nd_op_name(nd_op op);
/** The number of inputs of an op (1 or 2).
 * @param op  the op.
 * @return 1 or 2; -1 for an unknown op. */
ND_API int nd_op_nin(nd_op op);

/** np.abs: the alias of nd_absolute().
 * @param a  the input.  @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_abs(const nd_array *a, nd_array *out);
/** np.conj: the alias of nd_conjugate().
 * @param a  the input.  @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_conj(const nd_array *a, nd_array *out);
/** np.true_divide: the alias of nd_divide().
 * @param a  the dividend.  @param b  the divisor.  @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_true_divide(const nd_array *a, const nd_array *b, nd_array *out);
/** np.mod: the alias of nd_remainder().
 * @param a  the dividend.  @param b  the divisor.  @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_mod(const nd_array *a, const nd_array *b, nd_array *out);

/** The real part (ndarray.real).
 *
 * For complex arrays a view of the real parts (writeable when a is); for
 * real arrays a new reference to a view of a.
 * @param a  the array.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_real(const nd_array *a);
/** The imaginary part (ndarray.imag).
 *
 * For complex arrays a view of the imaginary parts; for real arrays a
 * read-only array of zeros of a's shape and dtype.
 * @param a  the array.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_imag(const nd_array *a);

/** Rounds to a number of decimals: np.round(a, decimals).
 *
 * Round half to even after scaling by 10**decimals, as NumPy; integers with
 * decimals >= 0 are copied. Past |decimals| = 308, where NumPy's
 * 10**decimals overflows and it returns NaN, nd returns the rule's limit:
 * floats unchanged (decimals > 308), finite values as signed zeros with inf
 * and NaN kept (decimals < -308).
 * @param a         the input.
 * @param decimals  the decimal places (negative: to tens, hundreds...).
 * @param out       NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_round(const nd_array *a, int decimals, nd_array *out);
/** Floor quotient and remainder in one call: np.divmod(a, b).
 *
 * q = a // b and r = a % b, as nd_floor_divide() and nd_remainder().
 * @param a  the dividend.  @param b  the divisor.
 * @param q  in: *q NULL for a new array, or an out array; out: the quotient.
 * @param r  in: *r NULL for a new array, or an out array; out: the remainder.
 * @return ND_OK or an error status (then *q and *r are unchanged). */
ND_API int nd_divmod(const nd_array *a, const nd_array *b, nd_array **q, nd_array **r);
/** Picks from a where cond is true, else from b: np.where(cond, a, b).
 *
 * The three broadcast; the result dtype is a and b's promotion.
 * @param cond  the condition (any dtype; nonzero is true).
 * @param a     values where cond is true.  @param b  values elsewhere.
 * @param out   NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_where(const nd_array *cond, const nd_array *a, const nd_array *b,
                          nd_array *out);
/** Limits values to [lo, hi]: np.clip, minimum(maximum(a, lo), hi).
 * @param a    the input.
 * @param lo   the lower bound, or NULL for none.
 * @param hi   the upper bound, or NULL for none.
 * @param out  NULL or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_clip(const nd_array *a, const nd_array *lo, const nd_array *hi, nd_array *out);
/** Elementwise closeness: np.isclose, |a - b| <= atol + rtol * |b|.
 * @param a  one input.  @param b  the other (the reference).
 * @param rtol  relative tolerance (NumPy's default 1e-05).
 * @param atol  absolute tolerance (NumPy's default 1e-08).
 * @param equal_nan  whether NaN equals NaN.
 * @param out  NULL or a bool array to write into.
 * @return a new bool reference, or out; NULL on error. */
ND_API nd_array *nd_isclose(const nd_array *a, const nd_array *b, double rtol, double atol,
                            bool equal_nan, nd_array *out);
/** Whether every element is close: np.allclose (nd_isclose() everywhere).
 * @param a  one input.  @param b  the other.  @param rtol  relative tolerance.
 * @param atol  absolute tolerance.  @param equal_nan  whether NaN equals NaN.
 * @param result  receives the answer.
 * @return ND_OK or an error status. */
ND_API int nd_allclose(const nd_array *a, const nd_array *b, double rtol, double atol,
                       bool equal_nan, bool *result);
/** Whether two arrays have the same shape and elements: np.array_equal.
 * @param a  one array.  @param b  the other.
 * @param equal_nan  whether NaN equals NaN.
 * @param result  receives the answer (false for different shapes).
 * @return ND_OK or an error status. */
ND_API int nd_array_equal(const nd_array *a, const nd_array *b, bool equal_nan, bool *result);

/* ---- floating-point conditions (NumPy's warnings) -------------------- */

/** The floating-point condition flags, bits of nd_fp_flags(). */
enum {
    ND_FP_DIVBYZERO = 1, /**< Division by zero (also integer // and % by 0). */
    ND_FP_OVERFLOW = 2,  /**< A finite result too large (also INT_MIN // -1). */
    ND_FP_UNDERFLOW = 4, /**< A result tiny and inexact. */
    ND_FP_INVALID = 8,   /**< An invalid operation (NaN from non-NaN: 0/0, sqrt(-1)). */
};
/** What a call that raises a floating-point condition does. */
typedef enum {
    ND_FP_IGNORE, /**< Record the flag only (the default). */
    ND_FP_RAISE   /**< Fail with ND_ERR_VALUE (np.errstate(all='raise')). */
} nd_fp_mode;
/** The sticky, thread-local flags raised by calls since the last nd_fp_clear().
 * @return a mask of ND_FP_DIVBYZERO, ND_FP_OVERFLOW, ND_FP_UNDERFLOW, ND_FP_INVALID. */
ND_API int nd_fp_flags(void);
/** Raises floating-point flags on this thread, as an op that met those conditions would.
 *
 * ORs flags into the sticky flags nd_fp_flags() returns (the mode set by
 * nd_fp_set_mode() is not consulted: the condition was met elsewhere, e.g.
 * on another MPI rank, whose call already failed or not). Bits outside the
 * four ND_FP_ flags are ignored.
 * @param flags  a mask of ND_FP_DIVBYZERO, ND_FP_OVERFLOW, ND_FP_UNDERFLOW, ND_FP_INVALID. */
ND_API void nd_fp_raise(int flags);
/** Clears this thread's floating-point flags. */
ND_API void nd_fp_clear(void);
/** Sets what raising a floating-point condition does on this thread.
 *
 * ND_FP_RAISE turns a call that raises divide-by-zero, overflow or invalid
 * into an ND_ERR_VALUE error (np.errstate(all='raise') except underflow,
 * which NumPy ignores by default). Thread-local.
 * @param mode  ::ND_FP_IGNORE or ::ND_FP_RAISE.
 * @return the previous mode. */
ND_API nd_fp_mode nd_fp_set_mode(nd_fp_mode mode);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
