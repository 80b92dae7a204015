/* Fused expressions compiled at run time with libgccjit. One loop per
   (expression shape, dtype, variable layout, ISA level): the arithmetic
   ops (+ - * / negation, square) run in registers for the whole expression
   per element, and gcc vectorizes the loop at the level's width; every
   other op calls nd's own kernel for it on a CHUNK-element stack buffer,
   its arguments passed as the interpreter passes them, so its bits are the
   kernel's. The inline ops are single IEEE operations (the kernels' element
   functions are the same C expressions), compiled with -ffp-contract=off
   and no fast-math, so the results are the interpreter's bit for bit, FP
   flags included (a vector lane raises what its scalar op raises), except
   which NaN an add or multiply of two NaNs returns: that follows the
   operand order gcc picks, here as in the kernels, whose levels already
   differ there.

   By default a loop compiles in a detached thread while the interpreter
   evaluates, and later evaluations find it ready; ND_JIT=1 compiles on the
   spot (the tests, which must know the loop ran).

   Literals and kernels are parameters, not constants baked in, so one loop
   serves every value of an expression's numbers. Compiled loops live in a
   small LRU cache under one mutex (a compile on the spot runs under it, a
   background one outside it and publishes under it); each loop is
   reference counted so eviction never frees code in use. The cache's
   memory is libc's, not nd's counted allocator: a cached loop outlives the
   call that made it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/jit.h"

bool nd__jit_inline(nd_op op) {
    switch (op) {
    case ND_OP_ADD:
    case ND_OP_SUBTRACT:
    case ND_OP_MULTIPLY:
    case ND_OP_DIVIDE:
    case ND_OP_NEGATIVE:
    case ND_OP_POSITIVE:
    case ND_OP_CONJUGATE:
    case ND_OP_SQUARE:
        return true;
    default:
        return false;
    }
}

#ifndef ND_HAVE_GCCJIT

int nd__jit_wanted(int64_t n) {
    (void)n;
    return 0;
}
/* A compile in the background: its own copy of the expression (the
   caller's may be freed before it runs). */
nd__jit_loop *nd__jit_get(const nd_expr *e, nd_dtype t, const nd_op *ops, const uint8_t *var_mode,
                          int want, int64_t n) {
    (void)e, (void)t, (void)ops, (void)var_mode, (void)want, (void)n;
    return NULL;
}

nd__jit_fn nd__jit_fn_of(const nd__jit_loop *l) {
    (void)l;
    return NULL;
}
void nd__jit_put(nd__jit_loop *l) { (void)l; }
bool nd__jit_available(void) { return false; }
uint64_t nd__jit_uses(void) { return 0; }

#else

#include <libgccjit.h>

/* Elements per kernel call: a few vectors at every level, and the chunk
   buffers stay in L1. */
#define CHUNK 64
/* Cached loops. */
#define CACHE_SLOTS 64

int nd__jit_wanted(int64_t n) {
    const char *v = getenv("ND_JIT");
    if (v && v[0] == '0' && !v[1]) return 0;
    if (v && v[0] == '1' && !v[1]) return 2;
    return n >= ND_JIT_MIN_ELEMS ? 1 : n >= ND_JIT_HOT_MIN_ELEMS ? 3 : 0;
}

/* ---- code generation ---- */

typedef struct {
    gcc_jit_context *c;
    gcc_jit_function *f;
    gcc_jit_type *t, *pt, *i64, *charp, *kfn;
    const nd_expr *e;
    const nd_op *ops;
    const uint8_t *mode;
    gcc_jit_lvalue **var; /* [nvars]: T* (DIRECT) or T (ONE) */
    gcc_jit_lvalue **lit; /* [n]: the literal's value */
    gcc_jit_lvalue **val; /* [n]: an inline node's value in the current loop */
    gcc_jit_lvalue **res; /* [n]: a called node's chunk, T[CHUNK] */
    int *stamp, cur;      /* val[i] holds this loop's value when stamp[i] == cur */
    int *fn_index;        /* [n]: index into fns, or -1 */
    int *lit_index;       /* [n]: index into lits (literals) */
    gcc_jit_rvalue *lits; /* T* */
    gcc_jit_lvalue *out;  /* T* */
    gcc_jit_rvalue *start;
    int nlocals;
    int64_t isz; /* bytes of T */
} gen;

static bool is_call(const gen *g, int i) { return g->fn_index[i] >= 0; }

static gcc_jit_lvalue *local(gen *g, gcc_jit_type *t, const char *what) {
    char name[32];
    snprintf(name, sizeof name, "%s%d", what, g->nlocals++);
    return gcc_jit_function_new_local(g->f, NULL, t, name);
}

static gcc_jit_rvalue *i64c(gen *g, int64_t v) {
    return gcc_jit_context_new_rvalue_from_long(g->c, g->i64, (long)v);
}

static gcc_jit_rvalue *at(gen *g, gcc_jit_rvalue *ptr, gcc_jit_rvalue *idx) {
    return gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(g->c, NULL, ptr, idx));
}

static gcc_jit_rvalue *addr_of(gen *g, gcc_jit_rvalue *ptr, gcc_jit_rvalue *idx) {
    gcc_jit_rvalue *a =
        gcc_jit_lvalue_get_address(gcc_jit_context_new_array_access(g->c, NULL, ptr, idx), NULL);
    return gcc_jit_context_new_cast(g->c, NULL, a, g->charp);
}

/* Node i's value at global element gi (chunk element j), adding the
   assignments it needs to block b. */
static gcc_jit_rvalue *value(gen *g, gcc_jit_block *b, int i, gcc_jit_rvalue *gi,
                             gcc_jit_rvalue *j) {
    const en_node *nd = &g->e->nodes[i];
    if (nd->kind == EN_INT || nd->kind == EN_FLOAT) return gcc_jit_lvalue_as_rvalue(g->lit[i]);
    if (nd->kind == EN_VAR) {
        gcc_jit_rvalue *v = gcc_jit_lvalue_as_rvalue(g->var[nd->var]);
        return g->mode[nd->var] == ND_JIT_ONE ? v : at(g, v, gi);
    }
    if (is_call(g, i)) return at(g, gcc_jit_lvalue_as_rvalue(g->res[i]), j);
    if (g->stamp[i] == g->cur) return gcc_jit_lvalue_as_rvalue(g->val[i]);
    gcc_jit_rvalue *a = value(g, b, nd->args[0], gi, j), *r;
    switch (g->ops[i]) {
    case ND_OP_NEGATIVE:
        r = gcc_jit_context_new_unary_op(g->c, NULL, GCC_JIT_UNARY_OP_MINUS, g->t, a);
        break;
    case ND_OP_POSITIVE:
    case ND_OP_CONJUGATE:
        r = a;
        break;
    case ND_OP_SQUARE:
        r = gcc_jit_context_new_binary_op(g->c, NULL, GCC_JIT_BINARY_OP_MULT, g->t, a, a);
        break;
    default: {
        static const enum gcc_jit_binary_op bop[] = {
            [ND_OP_ADD] = GCC_JIT_BINARY_OP_PLUS,
            [ND_OP_SUBTRACT] = GCC_JIT_BINARY_OP_MINUS,
            [ND_OP_MULTIPLY] = GCC_JIT_BINARY_OP_MULT,
            [ND_OP_DIVIDE] = GCC_JIT_BINARY_OP_DIVIDE,
        };
        gcc_jit_rvalue *bv = value(g, b, nd->args[1], gi, j);
        r = gcc_jit_context_new_binary_op(g->c, NULL, bop[g->ops[i]], g->t, a, bv);
    }
    }
    /* each node's value once per element, however often it is used */
    if (!g->val[i]) g->val[i] = local(g, g->t, "v");
    gcc_jit_block_add_assignment(b, NULL, g->val[i], r);
    g->stamp[i] = g->cur;
    return gcc_jit_lvalue_as_rvalue(g->val[i]);
}

/* for (i = 0; i < n; i += step): *b continues in the body; loop_end closes it. */
typedef struct {
    gcc_jit_block *cond, *after;
    gcc_jit_lvalue *i;
} loop;

static loop loop_begin(gen *g, gcc_jit_block **b, gcc_jit_rvalue *n) {
    loop L = {.i = local(g, g->i64, "i")};
    L.cond = gcc_jit_function_new_block(g->f, NULL);
    L.after = gcc_jit_function_new_block(g->f, NULL);
    gcc_jit_block *body = gcc_jit_function_new_block(g->f, NULL);
    gcc_jit_block_add_assignment(*b, NULL, L.i, i64c(g, 0));
    gcc_jit_block_end_with_jump(*b, NULL, L.cond);
    gcc_jit_block_end_with_conditional(
        L.cond, NULL,
        gcc_jit_context_new_comparison(g->c, NULL, GCC_JIT_COMPARISON_LT,
                                       gcc_jit_lvalue_as_rvalue(L.i), n),
        body, L.after);
    *b = body;
    g->cur++; /* values computed before do not hold in the new body */
    return L;
}

static void loop_end(gen *g, gcc_jit_block **b, const loop *L, int64_t step) {
    gcc_jit_block_add_assignment_op(*b, NULL, L->i, GCC_JIT_BINARY_OP_PLUS, i64c(g, step));
    gcc_jit_block_end_with_jump(*b, NULL, L->cond);
    *b = L->after;
    g->cur++;
}

/* One loop over j < m storing node i (inline) into dst[j], element i0 + j. */
static void fill(gen *g, gcc_jit_block **b, int i, gcc_jit_rvalue *dst, gcc_jit_rvalue *i0,
                 gcc_jit_rvalue *m) {
    loop L = loop_begin(g, b, m);
    gcc_jit_rvalue *j = gcc_jit_lvalue_as_rvalue(L.i);
    gcc_jit_rvalue *gi = gcc_jit_context_new_binary_op(
        g->c, NULL, GCC_JIT_BINARY_OP_PLUS, g->i64,
        gcc_jit_context_new_binary_op(g->c, NULL, GCC_JIT_BINARY_OP_PLUS, g->i64, g->start, i0), j);
    gcc_jit_rvalue *v = value(g, *b, i, gi, j);
    gcc_jit_block_add_assignment(*b, NULL, gcc_jit_context_new_array_access(g->c, NULL, dst, j), v);
    loop_end(g, b, &L, 1);
}

/* The kernel call of node i on the chunk at i0 (m elements). */
static void call(gen *g, gcc_jit_block **b, int i, gcc_jit_rvalue *i0, gcc_jit_rvalue *m, bool root,
                 gcc_jit_lvalue *args, gcc_jit_lvalue *steps) {
    const en_node *nd = &g->e->nodes[i];
    int nin = g->ops[i] == ND_OP_SQUARE ? 1 : nd->nargs;
    int64_t isz = g->isz;
    gcc_jit_rvalue *argsr = gcc_jit_lvalue_as_rvalue(args),
                   *stepsr = gcc_jit_lvalue_as_rvalue(steps);
    for (int k = 0; k <= nin; k++) {
        gcc_jit_rvalue *ptr, *step = i64c(g, isz);
        if (k == nin) {
            ptr = root ? addr_of(g, gcc_jit_lvalue_as_rvalue(g->out), i0)
                       : addr_of(g, gcc_jit_lvalue_as_rvalue(g->res[i]), i64c(g, 0));
        } else {
            int a = nd->args[k];
            const en_node *an = &g->e->nodes[a];
            if (an->kind == EN_INT || an->kind == EN_FLOAT) {
                /* a literal: its one element, as the interpreter passes it */
                ptr = addr_of(g, g->lits, i64c(g, g->lit_index[a]));
                step = i64c(g, 0);
            } else if (an->kind == EN_VAR && g->mode[an->var] == ND_JIT_ONE) {
                ptr = gcc_jit_context_new_cast(
                    g->c, NULL, gcc_jit_lvalue_get_address(g->var[an->var], NULL), g->charp);
                step = i64c(g, 0);
            } else if (an->kind == EN_VAR) {
                ptr = addr_of(g, gcc_jit_lvalue_as_rvalue(g->var[an->var]),
                              gcc_jit_context_new_binary_op(g->c, NULL, GCC_JIT_BINARY_OP_PLUS,
                                                            g->i64, g->start, i0));
            } else if (is_call(g, a)) {
                ptr = addr_of(g, gcc_jit_lvalue_as_rvalue(g->res[a]), i64c(g, 0));
            } else {
                gcc_jit_lvalue *tmp =
                    local(g, gcc_jit_context_new_array_type(g->c, NULL, g->t, CHUNK), "a");
                fill(g, b, a, gcc_jit_lvalue_as_rvalue(tmp), i0, m);
                ptr = addr_of(g, gcc_jit_lvalue_as_rvalue(tmp), i64c(g, 0));
            }
        }
        gcc_jit_block_add_assignment(
            *b, NULL, gcc_jit_context_new_array_access(g->c, NULL, argsr, i64c(g, k)), ptr);
        gcc_jit_block_add_assignment(
            *b, NULL, gcc_jit_context_new_array_access(g->c, NULL, stepsr, i64c(g, k)), step);
    }
    gcc_jit_rvalue *fns = gcc_jit_param_as_rvalue(gcc_jit_function_get_param(g->f, 4));
    gcc_jit_rvalue *cargs[3] = {gcc_jit_context_new_cast(g->c, NULL, addr_of(g, argsr, i64c(g, 0)),
                                                         gcc_jit_type_get_pointer(g->charp)),
                                gcc_jit_context_new_cast(g->c, NULL, addr_of(g, stepsr, i64c(g, 0)),
                                                         gcc_jit_type_get_pointer(g->i64)),
                                m};
    gcc_jit_block_add_eval(*b, NULL,
                           gcc_jit_context_new_call_through_ptr(
                               g->c, NULL, at(g, fns, i64c(g, g->fn_index[i])), 3, cargs));
}

/* The whole function. libgccjit records misuse in the context, and the
   compile then fails (the interpreter runs). */
static void generate(gen *g, nd_dtype t) {
    gcc_jit_context *c = g->c;
    const nd_expr *e = g->e;
    g->t = gcc_jit_context_get_type(c, t == ND_FLOAT64 ? GCC_JIT_TYPE_DOUBLE : GCC_JIT_TYPE_FLOAT);
    g->isz = t == ND_FLOAT64 ? 8 : 4;
    g->pt = gcc_jit_type_get_pointer(g->t);
    g->i64 = gcc_jit_context_get_type(c, GCC_JIT_TYPE_LONG_LONG);
    g->charp = gcc_jit_type_get_pointer(gcc_jit_context_get_type(c, GCC_JIT_TYPE_CHAR));
    gcc_jit_type *kparams[3] = {gcc_jit_type_get_pointer(g->charp),
                                gcc_jit_type_get_pointer(g->i64), g->i64};
    g->kfn = gcc_jit_context_new_function_ptr_type(
        c, NULL, gcc_jit_context_get_type(c, GCC_JIT_TYPE_VOID), 3, kparams, 0);
    gcc_jit_param *p[6] = {
        gcc_jit_context_new_param(c, NULL, gcc_jit_type_get_pointer(g->charp), "in"),
        gcc_jit_context_new_param(c, NULL, g->charp, "out"),
        gcc_jit_context_new_param(c, NULL, g->i64, "start"),
        gcc_jit_context_new_param(c, NULL, g->i64, "len"),
        gcc_jit_context_new_param(c, NULL, gcc_jit_type_get_pointer(g->kfn), "fns"),
        gcc_jit_context_new_param(c, NULL, g->charp, "lits"),
    };
    g->f = gcc_jit_context_new_function(c, NULL, GCC_JIT_FUNCTION_EXPORTED,
                                        gcc_jit_context_get_type(c, GCC_JIT_TYPE_VOID),
                                        "nd_jit_loop", 6, p, 0);
    g->start = gcc_jit_param_as_rvalue(p[2]);
    gcc_jit_rvalue *len = gcc_jit_param_as_rvalue(p[3]);
    gcc_jit_block *b = gcc_jit_function_new_block(g->f, NULL);

    /* the inputs, literals and output as typed locals */
    for (int v = 0; v < e->nvars; v++) {
        if (g->mode[v] == ND_JIT_UNUSED) continue;
        gcc_jit_rvalue *base = at(g, gcc_jit_param_as_rvalue(p[0]), i64c(g, v));
        gcc_jit_rvalue *tp = gcc_jit_context_new_cast(c, NULL, base, g->pt);
        if (g->mode[v] == ND_JIT_ONE) {
            g->var[v] = local(g, g->t, "x");
            gcc_jit_block_add_assignment(b, NULL, g->var[v], at(g, tp, i64c(g, 0)));
        } else {
            g->var[v] = local(g, g->pt, "p");
            gcc_jit_block_add_assignment(b, NULL, g->var[v], tp);
        }
    }
    g->lits = gcc_jit_context_new_cast(c, NULL, gcc_jit_param_as_rvalue(p[5]), g->pt);
    bool calls = false;
    for (int i = 0, nl = 0, nf = 0; i < e->n; i++) {
        const en_node *nd = &e->nodes[i];
        g->fn_index[i] = -1;
        if (nd->kind == EN_INT || nd->kind == EN_FLOAT) {
            g->lit[i] = local(g, g->t, "l");
            gcc_jit_block_add_assignment(b, NULL, g->lit[i], at(g, g->lits, i64c(g, nl)));
            g->lit_index[i] = nl++;
        } else if (nd->kind == EN_OP && !nd__jit_inline(g->ops[i])) {
            g->fn_index[i] = nf++;
            calls = true;
        }
    }
    g->out = local(g, g->pt, "o");
    gcc_jit_block_add_assignment(
        b, NULL, g->out, gcc_jit_context_new_cast(c, NULL, gcc_jit_param_as_rvalue(p[1]), g->pt));
    int root = e->n - 1;
    if (!calls) {
        /* one loop over the block: the whole expression per element */
        loop L = loop_begin(g, &b, len);
        gcc_jit_rvalue *i = gcc_jit_lvalue_as_rvalue(L.i);
        gcc_jit_rvalue *gi =
            gcc_jit_context_new_binary_op(c, NULL, GCC_JIT_BINARY_OP_PLUS, g->i64, g->start, i);
        gcc_jit_rvalue *v = value(g, b, root, gi, i);
        gcc_jit_block_add_assignment(
            b, NULL, gcc_jit_context_new_array_access(c, NULL, gcc_jit_lvalue_as_rvalue(g->out), i),
            v);
        loop_end(g, &b, &L, 1);
        gcc_jit_block_end_with_void_return(b, NULL);
        return;
    }
    /* chunks of CHUNK elements: kernels on their buffers, then the rest */
    gcc_jit_type *arr = gcc_jit_context_new_array_type(c, NULL, g->t, CHUNK);
    for (int i = 0; i < e->n; i++)
        if (is_call(g, i) && i != root) g->res[i] = local(g, arr, "r");
    gcc_jit_lvalue *args = local(g, gcc_jit_context_new_array_type(c, NULL, g->charp, 4), "args");
    gcc_jit_lvalue *steps = local(g, gcc_jit_context_new_array_type(c, NULL, g->i64, 4), "st");
    gcc_jit_lvalue *m = local(g, g->i64, "m");
    loop L = loop_begin(g, &b, len);
    gcc_jit_rvalue *i0 = gcc_jit_lvalue_as_rvalue(L.i);
    gcc_jit_block_add_assignment(
        b, NULL, m,
        gcc_jit_context_new_binary_op(c, NULL, GCC_JIT_BINARY_OP_MINUS, g->i64, len, i0));
    gcc_jit_block *clamp = gcc_jit_function_new_block(g->f, NULL),
                  *go = gcc_jit_function_new_block(g->f, NULL);
    gcc_jit_block_end_with_conditional(
        b, NULL,
        gcc_jit_context_new_comparison(c, NULL, GCC_JIT_COMPARISON_GT, gcc_jit_lvalue_as_rvalue(m),
                                       i64c(g, CHUNK)),
        clamp, go);
    gcc_jit_block_add_assignment(clamp, NULL, m, i64c(g, CHUNK));
    gcc_jit_block_end_with_jump(clamp, NULL, go);
    b = go;
    gcc_jit_rvalue *mr = gcc_jit_lvalue_as_rvalue(m);
    for (int i = 0; i < e->n; i++)
        if (is_call(g, i)) call(g, &b, i, i0, mr, i == root, args, steps);
    if (!is_call(g, root)) {
        gcc_jit_rvalue *dst = gcc_jit_context_new_cast(
            c, NULL, addr_of(g, gcc_jit_lvalue_as_rvalue(g->out), i0), g->pt);
        fill(g, &b, root, dst, i0, mr);
    }
    loop_end(g, &b, &L, CHUNK);
    gcc_jit_block_end_with_void_return(b, NULL);
}

/* ---- compiling ---- */

/* Each level's code-generation flags, the kernel libraries' own
   (docs/design.md, "Dispatch"): the scalar reference level is not
   vectorized, baseline is SSE2. */
static const struct {
    const char *isa;
    const char *flags[8];
} isa_flags[] = {
    {"scalar", {"-fno-tree-vectorize", "-fno-tree-slp-vectorize"}},
    {"avx2", {"-mavx2", "-mfma", "-mf16c"}},
    {"avx512",
     {"-mavx512f", "-mavx512cd", "-mavx512vl", "-mavx512bw", "-mavx512dq", "-mfma", "-mf16c",
      "-mprefer-vector-width=512"}},
};

struct nd__jit_loop {
    char *key;
    size_t klen;
    gcc_jit_result *res;
    nd__jit_fn fn; /* NULL: not started, compiling, or the compile failed (kept, not retried) */
    bool started;  /* a compile was started */
    int64_t heat;  /* elements evaluated through the interpreter before the start */
    int refs;      /* the cache's own, a compiling thread's, plus one per user */
    uint64_t used; /* the cache clock at the last lookup */
};

/* Set while this thread is inside libgccjit, whose driver forks to run
   as and ld: the fork handlers below must not wait for that compile. */
static _Thread_local bool in_compile;

static gcc_jit_result *run_compile(gcc_jit_context *c) {
    in_compile = true;
    gcc_jit_result *r = gcc_jit_context_compile(c);
    in_compile = false;
    return r;
}

static gcc_jit_context *new_context(const char *isa) {
    gcc_jit_context *c = gcc_jit_context_acquire();
    if (!c) return NULL;
    gcc_jit_context_set_int_option(c, GCC_JIT_INT_OPTION_OPTIMIZATION_LEVEL, 3);
    gcc_jit_context_set_bool_print_errors_to_stderr(c, 0); /* nd never prints */
    /* the project's own rules: no contraction into FMA, no fast-math */
    gcc_jit_context_add_command_line_option(c, "-ffp-contract=off");
    gcc_jit_context_add_command_line_option(c, "-fno-math-errno");
    for (size_t k = 0; k < sizeof isa_flags / sizeof *isa_flags; k++)
        if (!strcmp(isa, isa_flags[k].isa))
            for (int f = 0; f < 8 && isa_flags[k].flags[f]; f++)
                gcc_jit_context_add_command_line_option(c, isa_flags[k].flags[f]);
    return c;
}

static nd__jit_fn compile(const nd_expr *e, nd_dtype t, const nd_op *ops, const uint8_t *mode,
                          const char *isa, gcc_jit_result **res) {
    size_t n = (size_t)e->n;
    gen g = {.e = e, .ops = ops, .mode = mode, .cur = 1};
    g.var = calloc((size_t)e->nvars + 1, sizeof *g.var);
    g.lit = calloc(n, sizeof *g.lit);
    g.val = calloc(n, sizeof *g.val);
    g.res = calloc(n, sizeof *g.res);
    g.stamp = calloc(n, sizeof *g.stamp);
    g.fn_index = calloc(n, sizeof *g.fn_index);
    g.lit_index = calloc(n, sizeof *g.lit_index);
    nd__jit_fn fn = NULL;
    *res = NULL;
    if (!g.var || !g.lit || !g.val || !g.res || !g.stamp || !g.fn_index || !g.lit_index) goto done;
    g.c = new_context(isa);
    if (!g.c) goto done;
    generate(&g, t);
    *res = run_compile(g.c);
    if (*res) fn = (nd__jit_fn)(uintptr_t)gcc_jit_result_get_code(*res, "nd_jit_loop");
    gcc_jit_context_release(g.c);
done:
    free(g.var);
    free(g.lit);
    free(g.val);
    free(g.res);
    free(g.stamp);
    free(g.fn_index);
    free(g.lit_index);
    return fn;
}

/* ---- the cache ---- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static nd__jit_loop *slots[CACHE_SLOTS];
static uint64_t clock_, uses;

/* Exit and the background compiles. exit() runs the atexit handlers in
   the reverse order of their registration, and libgccjit registers one
   (a function-local static's destructor) during the first compile of the
   process: when exit came during a background compile, that destructor
   ran while the compile still used it (seen: SIGSEGV, "pure virtual
   method called", a TSan race on libgccjit's heap). A handler registered
   before that one runs after it, too late: the first try, waiting from
   a handler registered when libnd loads, crashed every time. So the
   first compile of the process runs on the spot (a tiny function with the
   same options, once: about 0.1 s on a loaded host), then the handler that waits for the running compiles is
   registered; from then on exit waits for them and starts no more.
   libgccjit's driver registers another handler per compile (its temporary
   files' removal), which runs before ours: a compile that is assembling
   or linking when exit comes fails (its loop is never used; the driver's
   ld may print that a file is missing) instead of crashing. Measured:
   processes exiting 0-160 ms after starting compiles crashed about one
   in ten before (3 of 40 in the test below), none of 160 since
   (tests/test_expr.c jit_exit_during_compile). */
static pthread_cond_t jobs_done = PTHREAD_COND_INITIALIZER;
static int jobs_running;
static bool exiting, wait_registered;

static void wait_jobs_at_exit(void) {
    pthread_mutex_lock(&lock);
    exiting = true;
    while (jobs_running) pthread_cond_wait(&jobs_done, &lock);
    pthread_mutex_unlock(&lock);
}

/* fork() waits for the running compiles: one that held libgccjit's own
   mutex at the fork would leave it held in the child forever. Not the
   forks of libgccjit's driver (vfork, or fork under TSan), made from a
   compile, possibly with the lock held (a compile on the spot). */
static _Thread_local bool fork_locked;
static void jobs_fork_prepare(void) {
    if (in_compile) return;
    pthread_mutex_lock(&lock);
    while (jobs_running) pthread_cond_wait(&jobs_done, &lock);
    fork_locked = true;
}
static void jobs_fork_after(void) {
    if (!fork_locked) return;
    fork_locked = false;
    pthread_mutex_unlock(&lock);
}

__attribute__((constructor)) static void jobs_register(void) {
    pthread_atfork(jobs_fork_prepare, jobs_fork_after, jobs_fork_after);
}

static void register_exit_wait(void) {
    if (wait_registered) return;
    wait_registered = true;
    atexit(wait_jobs_at_exit);
}

/* The first compile of the process, before any in the background. */
static void warm_up(const char *isa) {
    if (wait_registered) return;
    gcc_jit_context *c = new_context(isa);
    if (c) {
        gcc_jit_type *v = gcc_jit_context_get_type(c, GCC_JIT_TYPE_VOID);
        gcc_jit_function *f =
            gcc_jit_context_new_function(c, NULL, GCC_JIT_FUNCTION_EXPORTED, v, "nd_jit_warm", 0, NULL, 0);
        gcc_jit_block_end_with_void_return(gcc_jit_function_new_block(f, NULL), NULL);
        gcc_jit_result *r = run_compile(c);
        if (r) gcc_jit_result_release(r);
        gcc_jit_context_release(c);
    }
    register_exit_wait();
}

static void drop(nd__jit_loop *l) {
    if (--l->refs) return;
    if (l->res) gcc_jit_result_release(l->res);
    free(l->key);
    free(l);
}

/* What makes two loops the same: the level, the dtype, the layout of every
   variable, and every node's kind, op and arguments (not the literals'
   values, which are parameters). Bytes, not text: formatting it with
   snprintf took ~40% of an evaluation of a polynomial over 4096
   elements. */
static char *make_key(const nd_expr *e, nd_dtype t, const nd_op *ops, const uint8_t *mode,
                      const char *isa, size_t *klen) {
    size_t il = strlen(isa) + 1, len = 0;
    size_t cap = il + 2 * sizeof(int32_t) + (size_t)e->nvars + (size_t)e->n * 6 * sizeof(int32_t);
    char *k = malloc(cap);
    if (!k) return NULL;
    memcpy(k, isa, il), len = il;
    int32_t head[2] = {(int32_t)t, e->nvars};
    memcpy(k + len, head, sizeof head), len += sizeof head;
    memcpy(k + len, mode, (size_t)e->nvars), len += (size_t)e->nvars;
    for (int i = 0; i < e->n; i++) {
        const en_node *nd = &e->nodes[i];
        int32_t w[6] = {(int32_t)nd->kind, nd->kind == EN_OP ? (int32_t)ops[i] : nd->var,
                        nd->nargs, nd->args[0], nd->args[1], nd->args[2]};
        memcpy(k + len, w, sizeof w), len += sizeof w;
    }
    *klen = len;
    return k;
}

typedef struct {
    nd__jit_loop *l;
    nd_expr e;
    nd_dtype t;
    nd_op *ops;
    uint8_t *mode;
    char isa[16];
} job;

static void job_free(job *j) {
    free(j->e.nodes);
    free(j->ops);
    free(j->mode);
    free(j);
}

static void *job_run(void *arg) {
    job *j = arg;
    gcc_jit_result *res;
    nd__jit_fn fn = compile(&j->e, j->t, j->ops, j->mode, j->isa, &res);
    pthread_mutex_lock(&lock);
    j->l->res = res;
    j->l->fn = fn;
    drop(j->l);
    if (!--jobs_running) pthread_cond_broadcast(&jobs_done);
    pthread_mutex_unlock(&lock);
    job_free(j);
    return NULL;
}

/* Starts compiling l in a detached thread; false when it cannot start
   (or the process is exiting). Called under the lock. */
static bool start_job(nd__jit_loop *l, const nd_expr *e, nd_dtype t, const nd_op *ops,
                      const uint8_t *mode, const char *isa) {
    if (exiting) return false;
    warm_up(isa);
    job *j = calloc(1, sizeof *j);
    if (!j) return false;
    *j = (job){.l = l, .e = {.n = e->n, .nvars = e->nvars}, .t = t};
    j->e.nodes = malloc(sizeof *e->nodes * (size_t)e->n);
    j->ops = malloc(sizeof *ops * (size_t)e->n);
    j->mode = malloc((size_t)e->nvars + 1);
    snprintf(j->isa, sizeof j->isa, "%s", isa);
    pthread_attr_t at;
    bool ok = j->e.nodes && j->ops && j->mode && !pthread_attr_init(&at);
    if (ok) {
        memcpy(j->e.nodes, e->nodes, sizeof *e->nodes * (size_t)e->n);
        memcpy(j->ops, ops, sizeof *ops * (size_t)e->n);
        memcpy(j->mode, mode, (size_t)e->nvars);
        pthread_t th;
        pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
        l->refs++; /* the job's */
        jobs_running++;
        ok = !pthread_create(&th, &at, job_run, j);
        if (!ok) l->refs--, jobs_running--;
        pthread_attr_destroy(&at);
    }
    if (!ok) job_free(j);
    return ok;
}

nd__jit_loop *nd__jit_get(const nd_expr *e, nd_dtype t, const nd_op *ops, const uint8_t *var_mode,
                          int want, int64_t n) {
    if (e->n > ND_JIT_MAX_NODES || (t != ND_FLOAT32 && t != ND_FLOAT64)) return NULL;
    const char *isa = nd_isa();
    size_t klen;
    char *key = make_key(e, t, ops, var_mode, isa, &klen);
    if (!key) return NULL;
    pthread_mutex_lock(&lock);
    nd__jit_loop *l = NULL;
    int victim = 0;
    for (int s = 0; s < CACHE_SLOTS; s++) {
        nd__jit_loop *c = slots[s];
        if (c && c->klen == klen && !memcmp(c->key, key, klen)) {
            l = c;
            break;
        }
        if (slots[victim] && (!c || c->used < slots[victim]->used)) victim = s;
    }
    if (!l) {
        l = calloc(1, sizeof *l);
        if (l) {
            l->key = key, l->klen = klen, key = NULL;
            l->refs = 1;
            if (slots[victim]) drop(slots[victim]);
            slots[victim] = l;
        }
    }
    if (l && !l->started) {
        l->heat += n;
        if (want == 2) {
            l->fn = compile(e, t, ops, var_mode, isa, &l->res);
            l->started = true;
            register_exit_wait();
        } else if (want != 3 || l->heat >= ND_JIT_MIN_ELEMS) {
            l->started = start_job(l, e, t, ops, var_mode, isa); /* else retried next time */
        }
    }
    if (l) {
        l->used = ++clock_;
        l->refs++;
        if (!l->fn) drop(l), l = NULL; /* not compiled yet, or failed */
    }
    uses += l != NULL;
    pthread_mutex_unlock(&lock);
    free(key);
    return l;
}

nd__jit_fn nd__jit_fn_of(const nd__jit_loop *l) { return l->fn; }
bool nd__jit_available(void) { return true; }

uint64_t nd__jit_uses(void) {
    pthread_mutex_lock(&lock);
    uint64_t u = uses;
    pthread_mutex_unlock(&lock);
    return u;
}

void nd__jit_put(nd__jit_loop *l) {
    if (!l) return;
    pthread_mutex_lock(&lock);
    drop(l);
    pthread_mutex_unlock(&lock);
}

#endif
