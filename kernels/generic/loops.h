/* Loop templates: one macro per arity stamps out a byte-strided 1-D loop from
   an element expression in `a` (and `b`). Contiguous operands run in blocks
   through locals (see ND_KBLOCK_BYTES) so the compiler vectorizes them at
   every level but scalar; a stride-0 operand is loaded once. */
#ifndef ND_LOOPS_H
#define ND_LOOPS_H

#include "generic/kdefs.h"

#define ND_LD(T, p) ({ T v_; memcpy(&v_, (p), sizeof v_); v_; })
#define ND_ST(T, p, v) do { T w_ = (v); memcpy((p), &w_, sizeof w_); } while (0)

#define ND_UNARY_LOOP(fname, IT, OT, EXPR)                                                     \
    static void fname(char *const *args, const int64_t *steps, int64_t n) {                    \
        const char *ip = args[0];                                                              \
        char *op = args[1];                                                                    \
        int64_t i = 0;                                                                         \
        if (steps[0] == sizeof(IT) && steps[1] == sizeof(OT)) {                                \
            enum { K = ND_KBLOCK_BYTES / sizeof(IT) };                                         \
            for (; i + K <= n; i += K) {                                                       \
                IT in_[K];                                                                     \
                OT out_[K];                                                                    \
                memcpy(in_, ip + i * (int64_t)sizeof(IT), sizeof in_);                         \
                for (int k = 0; k < K; k++) {                                                  \
                    IT a = in_[k];                                                             \
                    out_[k] = (EXPR);                                                          \
                }                                                                              \
                memcpy(op + i * (int64_t)sizeof(OT), out_, sizeof out_);                       \
            }                                                                                  \
        }                                                                                      \
        for (; i < n; i++) {                                                                   \
            IT a = ND_LD(IT, ip + i * steps[0]);                                               \
            ND_ST(OT, op + i * steps[1], (EXPR));                                              \
        }                                                                                      \
    }

/* Blocks of a binary op where each input is contiguous (step == size) or
   fixed (step == 0). */
#define ND_BINARY_BLOCK(IT, OT, EXPR, A_STEP, B_STEP)                                          \
    for (; i + K <= n; i += K) {                                                               \
        IT ia_[K], ib_[K];                                                                     \
        OT out_[K];                                                                            \
        if (A_STEP) memcpy(ia_, pa + i * (int64_t)sizeof(IT), sizeof ia_);                     \
        if (B_STEP) memcpy(ib_, pb + i * (int64_t)sizeof(IT), sizeof ib_);                     \
        for (int k = 0; k < K; k++) {                                                          \
            IT a = A_STEP ? ia_[k] : a0;                                                       \
            IT b = B_STEP ? ib_[k] : b0;                                                       \
            out_[k] = (EXPR);                                                                  \
        }                                                                                      \
        memcpy(po + i * (int64_t)sizeof(OT), out_, sizeof out_);                               \
    }

#define ND_BINARY_LOOP(fname, IT, OT, EXPR)                                                    \
    static void fname(char *const *args, const int64_t *steps, int64_t n) {                    \
        const char *pa = args[0], *pb = args[1];                                               \
        char *po = args[2];                                                                    \
        int64_t i = 0;                                                                         \
        enum { K = ND_KBLOCK_BYTES / sizeof(IT) };                                             \
        if (steps[2] == sizeof(OT) && n > 0) {                                                 \
            IT a0 = ND_LD(IT, pa), b0 = ND_LD(IT, pb);                                         \
            if (steps[0] == sizeof(IT) && steps[1] == sizeof(IT)) {                            \
                ND_BINARY_BLOCK(IT, OT, EXPR, 1, 1)                                            \
            } else if (steps[0] == 0 && steps[1] == sizeof(IT)) {                              \
                ND_BINARY_BLOCK(IT, OT, EXPR, 0, 1)                                            \
            } else if (steps[0] == sizeof(IT) && steps[1] == 0) {                              \
                ND_BINARY_BLOCK(IT, OT, EXPR, 1, 0)                                            \
            }                                                                                  \
            (void)a0, (void)b0;                                                                \
        }                                                                                      \
        for (; i < n; i++) {                                                                   \
            IT a = ND_LD(IT, pa + i * steps[0]);                                               \
            IT b = ND_LD(IT, pb + i * steps[1]);                                               \
            ND_ST(OT, po + i * steps[2], (EXPR));                                              \
        }                                                                                      \
    }

#endif
