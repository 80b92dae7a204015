/* Loop templates: one macro per arity stamps out a byte-strided 1-D loop from
   an element expression in `a` (and `b`).

   Contract with the driver: an input either is exactly the output (same
   pointer and step: in place) or does not overlap it. So the contiguous
   loops carry no dependence between iterations, which `ivdep` tells the
   compiler; it then vectorizes them at every level but scalar (built with
   -fno-tree-vectorize). Access goes through packed one-member structs, which makes
   unaligned data defined behaviour. A stride-0 input is loaded once. */
#ifndef ND_LOOPS_H
#define ND_LOOPS_H

#include "generic/kdefs.h"

#define ND_LD(T, p)                                                                                \
    ({                                                                                             \
        T v_;                                                                                      \
        memcpy(&v_, (p), sizeof v_);                                                               \
        v_;                                                                                        \
    })
#define ND_ST(T, p, v)                                                                             \
    do {                                                                                           \
        T w_ = (v);                                                                                \
        memcpy((p), &w_, sizeof w_);                                                               \
    } while (0)

#define ND_UNARY_LOOP(fname, IT, OT, EXPR)                                                         \
    static void fname(char *const *args, const int64_t *steps, int64_t n) {                        \
        typedef struct __attribute__((packed, may_alias)) {                                        \
            IT v;                                                                                  \
        } iu_;                                                                                     \
        typedef struct __attribute__((packed, may_alias)) {                                        \
            OT v;                                                                                  \
        } ou_;                                                                                     \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        if (steps[0] == sizeof(IT) && steps[1] == sizeof(OT)) {                                    \
            const iu_ *x = (const iu_ *)ip;                                                        \
            ou_ *y = (ou_ *)op;                                                                    \
            ND_IVDEP for (int64_t i = 0; i < n; i++) {                                             \
                IT a = x[i].v;                                                                     \
                y[i].v = (EXPR);                                                                   \
            }                                                                                      \
            return;                                                                                \
        }                                                                                          \
        for (int64_t i = 0; i < n; i++) {                                                          \
            IT a = ND_LD(IT, ip + i * steps[0]);                                                   \
            ND_ST(OT, op + i * steps[1], (EXPR));                                                  \
        }                                                                                          \
    }

/* One contiguous-output case of a binary loop; A_STEP/B_STEP: 1 when that
   input is contiguous, 0 when it is fixed (stride 0). */
#define ND_BINARY_CASE(IT, OT, EXPR, A_STEP, B_STEP)                                               \
    {                                                                                              \
        const iu_ *xa = (const iu_ *)pa, *xb = (const iu_ *)pb;                                    \
        ou_ *y = (ou_ *)po;                                                                        \
        IT a0 = xa[0].v, b0 = xb[0].v;                                                             \
        ND_IVDEP for (int64_t i = 0; i < n; i++) {                                                 \
            IT a = A_STEP ? xa[i].v : a0;                                                          \
            IT b = B_STEP ? xb[i].v : b0;                                                          \
            y[i].v = (EXPR);                                                                       \
        }                                                                                          \
        return;                                                                                    \
    }

#define ND_BINARY_LOOP(fname, IT, OT, EXPR)                                                        \
    static void fname(char *const *args, const int64_t *steps, int64_t n) {                        \
        typedef struct __attribute__((packed, may_alias)) {                                        \
            IT v;                                                                                  \
        } iu_;                                                                                     \
        typedef struct __attribute__((packed, may_alias)) {                                        \
            OT v;                                                                                  \
        } ou_;                                                                                     \
        const char *pa = args[0], *pb = args[1];                                                   \
        char *po = args[2];                                                                        \
        if (steps[2] == sizeof(OT) && n > 0) {                                                     \
            if (steps[0] == sizeof(IT) && steps[1] == sizeof(IT))                                  \
                ND_BINARY_CASE(IT, OT, EXPR, 1, 1)                                                 \
            if (steps[0] == 0 && steps[1] == sizeof(IT)) ND_BINARY_CASE(IT, OT, EXPR, 0, 1)        \
            if (steps[0] == sizeof(IT) && steps[1] == 0) ND_BINARY_CASE(IT, OT, EXPR, 1, 0)        \
        }                                                                                          \
        for (int64_t i = 0; i < n; i++) {                                                          \
            IT a = ND_LD(IT, pa + i * steps[0]);                                                   \
            IT b = ND_LD(IT, pb + i * steps[1]);                                                   \
            ND_ST(OT, po + i * steps[2], (EXPR));                                                  \
        }                                                                                          \
    }

#endif
