/* Shared by the files of src/linalg. */
#ifndef ND_LINALG_INTERNAL_H
#define ND_LINALG_INTERNAL_H

#include "core/internal.h"
#include "nd/machine.h"
#include "nd/manip.h"
#include "nd/reduce.h"
#include "nd/ufunc.h"
#include "nd/view.h"
#include "nd/linalg.h"
#include <string.h>

#include "linalg/lapack.h"

/* The largest dimension handed to BLAS: INT_MAX, lowered by tests so that
   the splitting of larger products runs on small arrays. */
ND_API extern int64_t nd_debug_blas_int_max;

/* ---- numpy.linalg's stacks of matrices (src/linalg/stack.c) ---- */

/* How a dtype is computed: in double (float64 or complex128), results
   rounded to out (matrices) and out_real (singular values, eigenvalues of
   Hermitian matrices, log|det|). */
typedef struct {
    bool cplx;
    nd_dtype work, out, out_real;
} nd_la_kind;
nd_status nd__la_kind(const char *func, nd_dtype t, nd_la_kind *k);
/* At least 2-D (and square when asked), dimensions within LAPACK's int. */
nd_status nd__la_check(const char *func, const nd_array *a, bool square);
/* The number of matrices in a stack (the product of shape[:-2]). */
int64_t nd__la_batch(const nd_array *a);
/* A column-major working copy: C-contiguous, shape (..., n, m) for a of
   shape (..., m, n), so item i (at i*m*n elements) holds matrix i in
   LAPACK's layout. */
nd_array *nd__la_colmajor(const nd_array *a, nd_dtype work);
/* true when every value of a working array (float64 or complex128,
   C-contiguous) is finite; lower_n > 0 looks only at the lower triangles
   of its n x n column-major items (what syevd reads). LAPACK's routines
   that scale by the matrix norm (gesdd, syevd, gelsd, geev) fail on inf
   or NaN through xerbla, which prints: the callers refuse such input
   first, with NumPy's words. */
bool nd__la_finite(const nd_array *w, int64_t lower_n);
/* A new working array for column-major rows x cols results over the
   batch shape of a (its shape[:-2]). */
nd_array *nd__la_alloc_cm(const char *func, nd_dtype t, const nd_array *a, int64_t rows,
                          int64_t cols, bool zero);
/* The same for a vector of n results per matrix (shape a.shape[:-2] + (n,)). */
nd_array *nd__la_alloc_vec(const char *func, nd_dtype t, const nd_array *a, int64_t n);
/* The C-order result of dtype t from a column-major working array w;
   releases w. */
nd_array *nd__la_from_cm(nd_array *w, nd_dtype t);
/* w as dtype t (w itself when it already is); releases w. */
nd_array *nd__la_cast(nd_array *w, nd_dtype t);
/* A LAPACK workspace size from a query's first work element. */
la_int nd__la_lwork(double w0);
/* Error for a failed LAPACK allocation or a bad info (< 0: a bug in nd). */
nd_status nd__la_info(const char *func, const char *routine, int info);

#endif
