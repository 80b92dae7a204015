/* The ops whose float results are within 1 ULP of the true value rather
   than correctly rounded (transcendentals): two ISA levels may differ by up
   to 2 ULP there; every other op is exact. Shared by the suites and the
   structured fuzz target. */
#ifndef ND_APPROX_H
#define ND_APPROX_H

#include <stdbool.h>
#include <string.h>

#include "nd.h"

static inline bool nd_test_approx_op(nd_op op) {
    static const char *names[] = {
        "exp",   "exp2",  "expm1",     "log",        "log2",       "log10",  "log1p",
        "sin",   "cos",   "tan",       "arcsin",     "arccos",     "arctan", "sinh",
        "cosh",  "tanh",  "arcsinh",   "arccosh",    "arctanh",    "cbrt",   "arctan2",
        "hypot", "power", "logaddexp", "logaddexp2", "float_power"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(nd_op_name(op), names[i])) return true;
    return false;
}

/* The same for an op on a dtype, as the most ULPs (per part) two levels
   may differ by: 0 for exact ops, 2 for the real transcendentals (each
   level within 1 ULP). Complex sqrt and absolute are computed to a bound
   (<= 2 and <= 1 ULP per part) by each level's own method, not correctly
   rounded as their real versions are. The other complex functions are
   glibc's at the scalar levels and vm_complex.c's at avx2/avx512, each
   within its bound of tests/test_accuracy_complex.c (4 ULP per part, 8
   for tan and tanh): two levels differ by up to the sum. */
static inline int nd_test_approx_ulps(nd_op op, nd_dtype t) {
    bool cplx = t == ND_COMPLEX64 || t == ND_COMPLEX128;
    const char *name = nd_op_name(op);
    if (cplx && (!strcmp(name, "tan") || !strcmp(name, "tanh"))) return 16;
    if (cplx && nd_test_approx_op(op)) return 8;
    if (nd_test_approx_op(op)) return 2;
    return cplx && (!strcmp(name, "sqrt") || !strcmp(name, "absolute")) ? 2 : 0;
}
static inline bool nd_test_approx(nd_op op, nd_dtype t) { return nd_test_approx_ulps(op, t) > 0; }

#endif
