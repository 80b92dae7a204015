/* The API sweep (tests/test_api.c): the case table tests/gen_api_test.py
   generates from the headers, and the valid-argument factories its calls
   use. Every factory's result lives until fx_end(). */
#ifndef ND_API_FIXTURES_H
#define ND_API_FIXTURES_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "nd.h"
#include "nd/dlpack.h"

typedef enum {
    API_VALID,   /* valid arguments: must succeed */
    API_NULL,    /* NULL in one pointer parameter: must fail, ND_ERR_NULL naming it */
    API_NULL_OK, /* NULL where the header allows it: must succeed */
    API_INT      /* an extreme integer: success, or a clean error */
} api_kind;

typedef struct {
    int fn;
    api_kind kind;
    int param;
    int64_t value;
    const char *what; /* "axis = INT_MIN" */
} api_case;

typedef struct {
    const char *name;
    void (*call)(const api_case *c);
} api_fn;

extern const api_fn api_fns[];
extern const api_case api_cases[];
extern const int api_ncases;
extern const int api_nfns;
extern const char api_stats[];

#define API_IS_NULL(c, i) (((c)->kind == API_NULL || (c)->kind == API_NULL_OK) && (c)->param == (i))
#define API_IS_INT(c, i) ((c)->kind == API_INT && (c)->param == (i))

/* Clears the last error before the call; checks the outcome after it.
   failed: the return says failure (tells: the return can say it at all). */
void api_before(const api_case *c);
void api_after(const api_case *c, bool failed, bool tells);

/* Valid values, chosen by function and parameter name (F, P). */
nd_array *fx_array(const char *F, const char *P);
nd_array *const *fx_arrays(const char *F, const char *P);
nd_array **fx_out_arrays(void);
const int64_t *fx_i64s(const char *F, const char *P);
const int *fx_ints(const char *F, const char *P);
const int64_t *const *fx_shapes(void);
void *fx_buf(void); /* zeroed scratch (also zeroed option structs: defaults) */
const char *fx_str(const char *F, const char *P);
char *const *fx_strs(void);
void *fx_bytes(const char *F, const char *P);
void **fx_out_malloced(void);
FILE *fx_file(void);
const double *fx_range(void);
nd_rng *fx_rng(void);
nd_rng **fx_out_rngs(void);
nd_iter *fx_iter(void);
nd_expr *fx_expr(void);
nd_npz *fx_npz(void);
const nd_index *fx_index(void);
DLManagedTensor *fx_dlpack(void);
void (*fx_release_fn(void))(void *);
nd_fromfunction_fn fx_fromfunction_fn(void); /* helpers.h's callbacks */
nd_mask_fn fx_mask_fn(void);
nd_apply_fn fx_apply_fn(void);
nd_axis_fn fx_axis_fn(void);
const nd_piecewise_fn *fx_piecewise_fns(void);
int64_t fx_int(const char *F, const char *P);
double fx_double(const char *F, const char *P);
bool fx_bool(const char *F, const char *P);
/* The call freed p (or took it over): fx_end must not. */
void fx_disown(const void *p);
void fx_end(void);

#endif
