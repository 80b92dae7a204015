/* The floating-point conditions of a run: the thread's sticky flags and
   mode (behind nd_fp_flags / nd_fp_set_mode, src/ufunc), and the bracket
   around kernel runs that folds MXCSR's status and the kernels' nd_kflags
   into them. Below copy/ so that casts report what they raise (NaN to an
   integer is invalid, as NumPy's "invalid value encountered in cast").
   Flag bits are the ND_KFLAG_ ones, equal to the public ND_FP_ bits. */
#ifndef ND_THREAD_FP_H
#define ND_THREAD_FP_H

#include <immintrin.h>

#include "kernels.h"
#include "nd/core.h"

typedef struct {
    unsigned csr;
    int kflags; /* nested runs: what the enclosing run raised so far */
} nd_fp_state;

/* MXCSR's exception bits nd reports: IE ZE OE UE. */
#define ND_CSR_FLAGS 0x1du

/* Around a kernel run: clear the FPU's sticky status, then fold what the
   kernels raised into nd's sticky flags (an error in raise mode). MXCSR's
   control bits are never changed; the status bits raised stay set. */
void nd__fp_begin(nd_fp_state *st);
nd_status nd__fp_end(const char *func, const char *opname, const nd_fp_state *st);
/* The same for a run that may sit inside another's bracket (a cast inside
   a reduction): what the enclosing run raised before is kept for its end. */
void nd__fp_begin_nested(nd_fp_state *st);
nd_status nd__fp_end_nested(const char *func, const char *opname, const nd_fp_state *st);

/* The slow half of nd__fp_end_inline: something was raised. */
nd_status nd__fp_report(const char *func, const char *opname, unsigned csr, int kflags);

/* nd__fp_end for the ufunc fast path: one MXCSR read and a test when
   nothing was raised. */
static inline nd_status nd__fp_end_inline(const char *func, const char *opname) {
    unsigned now = _mm_getcsr();
    int k = nd_kflags;
    if (!((now & ND_CSR_FLAGS) | k)) return ND_OK;
    return nd__fp_report(func, opname, now, k);
}

int nd__fp_sticky_get(void);
void nd__fp_sticky_put(int flags);
/* true: a call that raised divide-by-zero, overflow or invalid fails. */
bool nd__fp_raise_mode(bool raise, bool *old);

#endif
