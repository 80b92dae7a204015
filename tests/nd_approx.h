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

/* The same for an op on a dtype: complex sqrt and absolute are computed to
   a bound (<= 2 and <= 1 ULP per part) by each level's own method, not
   correctly rounded as their real versions are. */
static inline bool nd_test_approx(nd_op op, nd_dtype t) {
    if (nd_test_approx_op(op)) return true;
    bool cplx = t == ND_COMPLEX64 || t == ND_COMPLEX128;
    return cplx && (!strcmp(nd_op_name(op), "sqrt") || !strcmp(nd_op_name(op), "absolute"));
}

#endif
