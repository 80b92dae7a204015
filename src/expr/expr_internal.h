/* A compiled expression: nodes in evaluation order (every node after its
   arguments), the last one the root. */
#ifndef ND_EXPR_INTERNAL_H
#define ND_EXPR_INTERNAL_H

#include <stdatomic.h>

#include "core/internal.h"
#include "nd/machine.h"
#include "nd/reduce.h"
#include "nd/expr.h"
#include "nd/ufunc.h"

typedef enum { EN_VAR, EN_INT, EN_FLOAT, EN_COMPLEX, EN_OP, EN_WHERE } en_kind;

/* The whole-result reductions an expression may end in. */
typedef enum { ER_NONE, ER_SUM, ER_MEAN, ER_MIN, ER_MAX } er_kind;

typedef struct {
    en_kind kind;
    nd_op op;    /* EN_OP */
    int nargs;   /* EN_OP, EN_WHERE */
    int args[3]; /* node indices */
    int var;     /* EN_VAR */
    int64_t ival;
    double fval, fimag; /* EN_FLOAT: fval; EN_COMPLEX: fval + fimag*j */
} en_node;

struct nd_expr {
    int n, cap;
    en_node *nodes;
    er_kind reduce;
    int nvars;
    bool *used; /* [nvars]: the variable appears */
    /* The node types eval.c's probe found for one set of input dtypes
       (the first evaluation's): used inputs' dtypes [nvars], then each
       node's loop and result dtype [2n]. One libc allocation, published
       once and freed with the expression; NULL until then. */
    _Atomic(nd_dtype *) types;
};

#define ND_EXPR_MAX_NODES 4096

#endif
