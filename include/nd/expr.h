/** @file
 * Fused expression evaluation.
 *
 * @defgroup expr Expressions
 * Fused expression evaluation (src/expr): "2*a + 3*b*b - sin(c)" evaluated in blocks
 * of a few thousand elements with the elementwise kernels, so no full-size
 * temporary is made and memory is streamed once.
 *
 * Grammar (Python's precedence, lowest first):
 * @code
 *   expr    := or ( ('<' | '<=' | '>' | '>=' | '==' | '!=') or )*
 *   or      := xor ( '|' xor )*        xor := and ( '^' and )*
 *   and     := sum ( '&' sum )*
 *   sum     := term ( ('+' | '-') term )*
 *   term    := unary ( ('*' | '/' | '//' | '%') unary )*
 *   unary   := ('-' | '+' | '~') unary | power
 *   power   := atom ( '**' unary )?
 *   atom    := number | name | name '(' args ')' | '(' expr ')'
 * @endcode
 * Names are the variables given to nd_expr_compile; functions are every
 * elementwise op of nd by its NumPy name (exp, maximum, arctan2, ... with
 * the aliases abs, conj, mod, true_divide), where(cond, a, b), and, as the
 * outermost call only, sum/mean/min/max(expr) over the whole result.
 * Numbers are literals as NumPy treats Python scalars (weak, NEP 50):
 * "3" an integer, "3.0"/"1e-3" a float. A chain of comparisons is not
 * Python's chained comparison: "a < b < c" is (a < b) < c, as with ufuncs.
 *
 * Semantics: the result equals evaluating the same expression with nd's
 * ufuncs one by one (broadcasting, promotion, out casting, FP flags, the
 * integer rules), bit for bit; sum and mean equal nd_sum/nd_mean of the
 * materialized result bit for bit; min/max equal nd_min/nd_max except that
 * the sign of a zero result may differ.
 *
 * Speed: where every op computes in float32 or float64 and the inputs are of
 * that dtype, contiguous at the result's shape or single elements, results of
 * 2^18 elements and more run a loop compiled for the expression at run time
 * (libgccjit, when nd was built with it; the first such evaluation starts the
 * compile in the background and is interpreted), as do results from 2^12
 * elements up once the same expression's evaluations add up to 2^18
 * elements. The bits are the same
 * either way. Environment: ND_JIT=0 never compiles, ND_JIT=1 compiles (and
 * waits) at every size.
 *
 * Errors: a parse error is ND_ERR_VALUE "nd_expr_compile: expected ')' at
 * column 12"; an unknown name or function, a wrong argument count, a
 * reduction that is not outermost, likewise with the column. Evaluation
 * errors are the ufuncs' own (shape, dtype, integer powers); dtypes and
 * shapes are checked before anything is computed, so their errors come
 * before value errors (a negative integer power) earlier in the text.
 * @{ */
#ifndef ND_EXPR_H
#define ND_EXPR_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A compiled expression (opaque; nd_expr_compile(), nd_expr_free()). */
typedef struct nd_expr nd_expr;

/** Parses an expression over named variables, for nd_expr_eval().
 *
 * A parse error is ND_ERR_VALUE naming the column ("nd_expr_compile:
 * expected ')' at column 12").
 * @param text   the expression.
 * @param nvars  the number of variables.
 * @param names  their names, names[0..nvars-1].
 * @return a new expression to free with nd_expr_free(); NULL on error. */
ND_API nd_expr *nd_expr_compile(const char *text, int nvars, const char *const *names);
/** Evaluates a compiled expression on arrays.
 *
 * A compiled expression may be evaluated from several threads at once.
 * @param e       the expression.
 * @param inputs  inputs[i] for names[i] of nd_expr_compile().
 * @param out     as the ufuncs' out: NULL for a new array, or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_expr_eval(const nd_expr *e, nd_array_list inputs, nd_array *out);
/** Frees a compiled expression.
 * @param e  the expression, or NULL (then nothing happens). */
ND_API void nd_expr_free(nd_expr *e);
/** Compiles, evaluates and frees an expression in one call.
 * @param text    the expression.
 * @param nvars   the number of variables.
 * @param names   their names.
 * @param inputs  inputs[i] for names[i].
 * @param out     NULL for a new array, or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_eval(const char *text, int nvars, const char *const *names,
                         nd_array_list inputs, nd_array *out);
/** nd_eval() with the names given as one comma-separated list: "a, b, c".
 *
 * The list is what ::ND_EVAL stringizes; each entry must be a C identifier
 * (an expression such as nd_slice(u, "0") is ND_ERR_VALUE naming it), and
 * there must be nvars of them.
 * @param text    the expression.  @param names  the names, comma-separated.
 * @param nvars   the number of inputs.  @param inputs  inputs[i] for the i-th name.
 * @param out     NULL for a new array, or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_eval_named(const char *text, const char *names, int nvars,
                               nd_array_list inputs, nd_array *out);
/** Evaluates an expression whose variables are C arrays of the same names:
 * ND_EVAL("a*b + c", a, b, c) is nd_eval("a*b + c", 3, {"a", "b", "c"},
 * {a, b, c}, NULL). Every argument after the text must be a variable name. */
#define ND_EVAL(text, ...)                                                                         \
    nd_eval_named((text), #__VA_ARGS__,                                                            \
                  (int)(sizeof((nd_array *[]){__VA_ARGS__}) / sizeof(nd_array *)),                \
                  (nd_array *[]){__VA_ARGS__}, NULL)

/** @} */

#ifdef __cplusplus
}
#endif
#endif
