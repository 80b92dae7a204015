/* The thread's floating-point flags and mode, and the bracket around kernel
   runs (thread/fp.h). */
#include "thread/fp.h"

#include "core/internal.h"

static _Thread_local int fp_sticky;
static _Thread_local bool fp_raise;

int nd__fp_sticky_get(void) { return fp_sticky; }
void nd__fp_sticky_put(int flags) { fp_sticky = flags; }
bool nd__fp_raise_mode(bool raise, bool *old) {
    if (old) *old = fp_raise;
    fp_raise = raise;
    return raise;
}

/* MXCSR exception bits: IE=1 DE=2 ZE=4 OE=8 UE=16 PE=32. */
static int flags_from_csr(unsigned csr) {
    return (csr & 1 ? ND_KFLAG_INVALID : 0) | (csr & 4 ? ND_KFLAG_DIVBYZERO : 0) |
           (csr & 8 ? ND_KFLAG_OVERFLOW : 0) | (csr & 16 ? ND_KFLAG_UNDERFLOW : 0);
}

/* Only the exception bits that nd reports need clearing before a run; the
   write is skipped when none is pending, which is the usual case, since a
   write to MXCSR costs more than a small add. */
void nd__fp_begin(nd_fp_state *st) {
    unsigned csr = _mm_getcsr();
    if (csr & ND_CSR_FLAGS) _mm_setcsr(csr & ~ND_CSR_FLAGS);
    st->csr = csr;
    st->kflags = 0;
    nd_kflags = 0;
}

nd_status nd__fp_report(const char *func, const char *opname, unsigned now, int k) {
    enum {
        FP_BITS = ND_KFLAG_DIVBYZERO | ND_KFLAG_OVERFLOW | ND_KFLAG_UNDERFLOW | ND_KFLAG_INVALID
    };
    int f = flags_from_csr(now) | (k & FP_BITS);
    fp_sticky |= f;
    if (k & ND_KFLAG_NEG_INT_POWER)
        return nd__error(ND_ERR_VALUE, func,
                         "Integers to negative integer powers are not allowed.");
    if (fp_raise && (f & (ND_KFLAG_DIVBYZERO | ND_KFLAG_OVERFLOW | ND_KFLAG_INVALID))) {
        const char *what = f & ND_KFLAG_DIVBYZERO  ? "divide by zero"
                           : f & ND_KFLAG_OVERFLOW ? "overflow"
                                                   : "invalid value";
        return nd__error(ND_ERR_VALUE, func, "%s encountered in %s", what, opname);
    }
    return ND_OK;
}

nd_status nd__fp_end(const char *func, const char *opname, const nd_fp_state *st) {
    (void)st;
    return nd__fp_end_inline(func, opname);
}

void nd__fp_begin_nested(nd_fp_state *st) {
    unsigned csr = _mm_getcsr();
    if (csr & ND_CSR_FLAGS) _mm_setcsr(csr & ~ND_CSR_FLAGS);
    st->csr = csr;
    st->kflags = nd_kflags;
    nd_kflags = 0;
}

/* This run's conditions are reported now; the enclosing run's pending ones
   (MXCSR bits and nd_kflags from before the begin) are put back for its
   own end, which reports them then. */
nd_status nd__fp_end_nested(const char *func, const char *opname, const nd_fp_state *st) {
    nd_status s = nd__fp_end_inline(func, opname);
    unsigned pending = st->csr & ND_CSR_FLAGS;
    if (pending) _mm_setcsr(_mm_getcsr() | pending);
    nd_kflags |= st->kflags;
    return s;
}
