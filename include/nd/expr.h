/* Fused expression evaluation: "2*a + 3*b*b - sin(c)" evaluated in blocks
   of a few thousand elements with the elementwise kernels, so no full-size
   temporary is made and memory is streamed once.

   Grammar (Python's precedence, lowest first):
     expr    := or ( ('<' | '<=' | '>' | '>=' | '==' | '!=') or )*
     or      := xor ( '|' xor )*        xor := and ( '^' and )*
     and     := sum ( '&' sum )*
     sum     := term ( ('+' | '-') term )*
     term    := unary ( ('*' | '/' | '//' | '%') unary )*
     unary   := ('-' | '+' | '~') unary | power
     power   := atom ( '**' unary )?
     atom    := number | name | name '(' args ')' | '(' expr ')'
   Names are the variables given to nd_expr_compile; functions are every
   elementwise op of nd by its NumPy name (exp, maximum, arctan2, ... with
   the aliases abs, conj, mod, true_divide), where(cond, a, b), and, as the
   outermost call only, sum/mean/min/max(expr) over the whole result.
   Numbers are literals as NumPy treats Python scalars (weak, NEP 50):
   "3" an integer, "3.0"/"1e-3" a float. A chain of comparisons is not
   Python's chained comparison: "a < b < c" is (a < b) < c, as with ufuncs.

   Semantics: the result equals evaluating the same expression with nd's
   ufuncs one by one (broadcasting, promotion, out casting, FP flags, the
   integer rules), bit for bit; sum and mean equal nd_sum/nd_mean of the
   materialized result bit for bit; min/max equal nd_min/nd_max except that
   the sign of a zero result may differ.

   Errors: a parse error is ND_ERR_VALUE "nd_expr_compile: expected ')' at
   column 12"; an unknown name or function, a wrong argument count, a
   reduction that is not outermost, likewise with the column. Evaluation
   errors are the ufuncs' own (shape, dtype, integer powers); dtypes and
   shapes are checked before anything is computed, so their errors come
   before value errors (a negative integer power) earlier in the text. */
#ifndef ND_EXPR_H
#define ND_EXPR_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nd_expr nd_expr;

/* Parses text over nvars variables called names[0..nvars-1]. NULL on error. */
ND_API nd_expr *nd_expr_compile(const char *text, int nvars, const char *const *names);
/* Evaluates e with inputs[i] for names[i]; out as the ufuncs' out (NULL for
   a new array). A compiled expression may be evaluated from several threads
   at once. */
ND_API nd_array *nd_expr_eval(const nd_expr *e, nd_array *const *inputs, nd_array *out);
ND_API void nd_expr_free(nd_expr *e);
/* Compile, evaluate, free. */
ND_API nd_array *nd_eval(const char *text, int nvars, const char *const *names,
                         nd_array *const *inputs, nd_array *out);

#ifdef __cplusplus
}
#endif
#endif
