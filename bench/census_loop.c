/* The small-n harness of bench/census.py: `iters` calls of one function
   inside C, for nd's side (its public function through a pointer) and for
   NumPy's (PyObject_GetItem / PyObject_SetItem / PyObject_Call through
   pointers that census.py takes from ctypes.pythonapi), so neither side
   pays a ctypes call or a Python frame per call. At n = 1e3 those cost
   about as much as the work (a ctypes call ~200 ns against NumPy's whole
   ~480 ns a[idx]). Every result is released inside the loop, as NumPy's
   are freed by Py_DecRef. census.py compiles this file at bench time and
   loads it with ctypes.PyDLL: the loop runs holding the GIL, and a Python
   error left set by NumPy's side is raised by ctypes after the call.

   No Python or nd header: every pointer is opaque and the function types
   are spelled out below, so one build of this file times any libnd. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <stdint.h>
#include <time.h>

typedef void *P;

enum {
    NP_GET,    /* r = PyObject_GetItem(a0, a1); Py_DecRef(r) */
    NP_SET,    /* PyObject_SetItem(a0, a1, a2) */
    NP_CALL,   /* r = PyObject_Call(a0, a1, a2); Py_DecRef(r) */
    ND_P,      /* r = f(a0); release(r)                (flatnonzero, argwhere) */
    ND_PP,     /* r = f(a0, a1); release(r)            (extract) */
    ND_PIP,    /* r = f(a0, i, a1); release(r)         (index_get) */
    ND_PPIP,   /* r = f(a0, a1, i, a2); release(r)     (take, compress) */
    ND_PPBP,   /* r = f(a0, a1, (bool)i, a2); release  (searchsorted) */
    ND_S_PIPP, /* f(a0, i, a1, a2) == 0                (index_set) */
    ND_S_PPP,  /* f(a0, a1, a2) == 0                   (put) */
    ND_S_PPIP, /* f(a0, a1, i, a2) == 0                (copyto) */
    ND_OUTS    /* f(a0, outs) == 0; release i outs     (nonzero, where1) */
};

typedef struct {
    int32_t kind;
    int32_t i; /* the int argument, or the count of outputs */
    P fn;      /* the function timed */
    P rel;     /* Py_DecRef or nd_release */
    P a[3];
} census_call;

static int64_t cpu_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* One call; 0, or -1 when the function failed (the error stays set). */
static int once(const census_call *c) {
    void (*rel)(P) = (void (*)(P))c->rel;
    P r = 0;
    switch (c->kind) {
    case NP_GET:
        r = ((P(*)(P, P))c->fn)(c->a[0], c->a[1]);
        break;
    case NP_SET:
        return ((int (*)(P, P, P))c->fn)(c->a[0], c->a[1], c->a[2]) ? -1 : 0;
    case NP_CALL:
        r = ((P(*)(P, P, P))c->fn)(c->a[0], c->a[1], c->a[2]);
        break;
    case ND_P:
        r = ((P(*)(P))c->fn)(c->a[0]);
        break;
    case ND_PP:
        r = ((P(*)(P, P))c->fn)(c->a[0], c->a[1]);
        break;
    case ND_PIP:
        r = ((P(*)(P, int, P))c->fn)(c->a[0], c->i, c->a[1]);
        break;
    case ND_PPIP:
        r = ((P(*)(P, P, int, P))c->fn)(c->a[0], c->a[1], c->i, c->a[2]);
        break;
    case ND_PPBP:
        r = ((P(*)(P, P, _Bool, P))c->fn)(c->a[0], c->a[1], c->i != 0, c->a[2]);
        break;
    case ND_S_PIPP:
        return ((int (*)(P, int, P, P))c->fn)(c->a[0], c->i, c->a[1], c->a[2]) ? -1 : 0;
    case ND_S_PPP:
        return ((int (*)(P, P, P))c->fn)(c->a[0], c->a[1], c->a[2]) ? -1 : 0;
    case ND_S_PPIP:
        return ((int (*)(P, P, int, P))c->fn)(c->a[0], c->a[1], c->i, c->a[2]) ? -1 : 0;
    case ND_OUTS: {
        P outs[32] = {0};
        if (c->i < 1 || c->i > 32 || ((int (*)(P, P *))c->fn)(c->a[0], outs)) return -1;
        for (int k = 0; k < c->i; k++) rel(outs[k]);
        return 0;
    }
    default:
        return -1;
    }
    if (!r) return -1;
    rel(r);
    return 0;
}

/* CPU ns per call over iters calls, or -1 when a call failed. */
double census_loop(const census_call *c, int64_t iters) {
    int64_t t0 = cpu_ns();
    for (int64_t k = 0; k < iters; k++)
        if (once(c)) return -1;
    return (double)(cpu_ns() - t0) / (double)(iters > 0 ? iters : 1);
}
