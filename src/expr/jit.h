/* Fused expressions compiled at run time (jit.c): one native loop per
   (expression, dtype, input layout, ISA level), through libgccjit when the
   build found it. The blocked evaluator (eval.c) decides which plans the
   loop can run and calls it per block in place of its instructions. */
#ifndef ND_EXPR_JIT_H
#define ND_EXPR_JIT_H

#include "dispatch/dispatch.h"
#include "expr/expr_internal.h"

/* How a loop sees variable v: not used, a contiguous input of the result's
   shape (read at [start + i]), or one element (read once). */
enum { ND_JIT_UNUSED, ND_JIT_DIRECT, ND_JIT_ONE };

/* The largest expression compiled (nodes); longer ones stay interpreted. */
#define ND_JIT_MAX_NODES 256

/* Elements [start, start + len) of the result into out (C order, the loop
   dtype): in[v] is element 0 of input v (ND_JIT_DIRECT) or its one element,
   fns[] the kernels of the called ops in node order, lits the literals (as
   the loop dtype) in node order. */
typedef void (*nd__jit_fn)(char *const *in, char *out, int64_t start, int64_t len,
                           const nd_kloop *fns, const char *lits);

typedef struct nd__jit_loop nd__jit_loop;

/* Whether an evaluation of n elements should use a compiled loop: 0 no,
   1 when compiled (start compiling in the background if it is not), 2 yes,
   compiling it now if need be, 3 when compiled (start compiling in the
   background once evaluations of the same loop have added up to
   ND_JIT_MIN_ELEMS elements). ND_JIT=0 gives 0, ND_JIT=1 gives 2,
   otherwise 1 from ND_JIT_MIN_ELEMS up, 3 from ND_JIT_HOT_MIN_ELEMS up (and
   0 in a build without the JIT). */
int nd__jit_wanted(int64_t n);
/* Whether op is computed in the loop itself (else its kernel is called on
   a chunk of the loop). */
bool nd__jit_inline(nd_op op);
/* The compiled loop for expression e, all of whose op nodes compute in
   dtype t (float32 or float64) with ops[i] (ND_OP_SQUARE for x**2), the
   variables laid out as var_mode[], for an evaluation of n elements with
   want from nd__jit_wanted(); NULL when it cannot be had (no JIT in this
   build, compilation failed, or, unless want is 2, not compiled yet: then
   a background compile starts, for want 3 only once the loop is hot). A reference: give it back with
   nd__jit_put(). Thread-safe; the cache is bounded. */
nd__jit_loop *nd__jit_get(const nd_expr *e, nd_dtype t, const nd_op *ops, const uint8_t *var_mode,
                          int want, int64_t n);
nd__jit_fn nd__jit_fn_of(const nd__jit_loop *l);
/* For the tests: whether this build has the JIT, and how many evaluations
   have run a compiled loop so far. */
bool nd__jit_available(void);
uint64_t nd__jit_uses(void);
void nd__jit_put(nd__jit_loop *l);

/* Smallest result (elements) that uses the JIT by default: below it the
   interpreter's per-node passes cost little next to a compile (tens to
   hundreds of milliseconds, a thread and two processes: gcc's as and ld). */
#define ND_JIT_MIN_ELEMS (1 << 18)
/* Smallest result that counts towards a loop's heat: an expression
   evaluated again and again on, e.g., 10^5 elements is compiled once its
   evaluations add up to ND_JIT_MIN_ELEMS (the interpreter's per-node
   passes made such a loop 4-6x slower than one compiled pass), while
   below this size the lookup itself (a key, a lock) would cost more than
   a compiled loop saves. */
#define ND_JIT_HOT_MIN_ELEMS (1 << 12)

#endif
