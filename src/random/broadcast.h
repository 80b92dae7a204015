/* The front end of array-valued parameters (broadcast.c): NumPy's
   constraints, the result shape of size vs the parameters' broadcast, and
   a C-order draw loop; the multivariate methods use the shape and the
   loop too. */
#ifndef ND_RANDOM_BROADCAST_H
#define ND_RANDOM_BROADCAST_H

#include "random/distributions.h"

enum { ND__RV_MAX_PARAMS = 3 };

/* NumPy's constraint_type (_common.pxd), without CONS_NONE's 0 */
typedef enum {
    ND__CONS_NONE,
    ND__CONS_NON_NEGATIVE,
    ND__CONS_POSITIVE,
    ND__CONS_POSITIVE_NOT_NAN,
    ND__CONS_BOUNDED_0_1,
    ND__CONS_BOUNDED_GT_0_1,
    ND__CONS_BOUNDED_LT_0_1,
    ND__CONS_GT_1,
    ND__CONS_GTE_1,
    ND__CONS_POISSON,
    ND__CONS_COUNT
} nd__cons;

/* one parameter value: .d for kind 'd', .i for kind 'i' */
typedef union {
    double d;
    int64_t i;
} nd__rv_val;

/* Draws one element into dst from the element's parameters. */
typedef void (*nd__rv_elem)(nd_rng *g, void *ctx, const nd__rv_val *v, char *dst);

/* Fills n doubles with a method's standard draws in bulk, in order. */
typedef void (*nd__rv_prefill)(nd_rng *g, int64_t n, double *z);

/* A method: one draw from up to three parameters. */
typedef struct {
    const char *name;
    int nparams;
    const char *pname[ND__RV_MAX_PARAMS]; /* NumPy's names, for its messages */
    const char *kind;                     /* per parameter: 'd' float64, 'i' int64 */
    nd__cons cons[ND__RV_MAX_PARAMS];
    int8_t order[ND__RV_MAX_PARAMS]; /* the order NumPy checks them in */
    nd_dtype dtype;                  /* of the result: ND_FLOAT64 or ND_INT64 */
    /* the sampler: fd for float64 results, fi for int64 ('i' parameters
       arrive as doubles), or elem when neither fits */
    double (*fd)(nd_rng *g, double a, double b, double c);
    int64_t (*fi)(nd_rng *g, double a, double b, double c);
    nd__rv_elem elem;
    /* checks of several parameters together, run after the constraints:
       phase 0..njoint-1, each over every broadcast element, an error set
       and returned on the first that fails */
    nd_status (*joint)(const char *func, int phase, bool scalar, const nd__rv_val *v);
    int njoint;
    /* the joint checks come before the constraints (hypergeometric's) */
    bool joint_first;
    /* optional: every element's one standard draw made in bulk first (the
       same stream: one per element, in order); elem then turns the draw
       in dst into the result */
    nd__rv_prefill prefill;
} nd__rv_row;

/* The checks of the row named method (NumPy's name) on one set of scalar
   values, with NumPy's scalar messages: the scalar front ends' checks. */
nd_status nd__rv_check(const char *func, const char *method, const nd__rv_val *v);
nd_array *nd__rv_draw(const char *func, nd_rng *g, const nd__rv_row *row, int nparams,
                      const nd_array *const *params, int ndim, const int64_t *shape, nd_array *out);
/* The result's shape: size (or out's shape) that the parameters broadcast
   to unchanged, or their broadcast shape for ND_SIZE_NONE; size_last:
   size is the last argument in a mismatch message (multinomial's). */
nd_status nd__rv_result_shape(const char *func, int np, const nd_array *const *pa, int ndim,
                              const int64_t *shape, const nd_array *out, bool size_last, int *rndim,
                              int64_t *rshape);
/* params converted to float64 ('d') or int64 ('i'; kinds NULL: all 'd'),
   new references */
nd_status nd__rv_convert(const char *func, int np, const nd_array *const *params, const char *kinds,
                         nd_array **pa);
/* Calls f once per element of the shape (nd, rshape) in C order with the
   parameters broadcast to it, dst advancing step bytes a call. */
void nd__rv_each(nd_rng *g, int np, const nd_array *const *pa, int nd, const int64_t *rshape,
                 char *dst, size_t step, nd__rv_elem f, void *ctx);
/* The result (out or new, dtype t) filled by f in C order (after pre, if
   any, filled it with standard draws). */
nd_array *nd__rv_run(const char *func, nd_rng *g, nd_dtype t, int np, const nd_array *const *pa,
                     int ndim, const int64_t *shape, nd_array *out, nd__rv_elem f, void *ctx,
                     nd__rv_prefill pre);

#endif
