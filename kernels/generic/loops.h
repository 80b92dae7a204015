/* Loop templates: one macro per arity stamps out a byte-strided 1-D loop from
   an element expression in `a` (and `b`).

   Contract with the driver: an input either is exactly the output (same
   pointer and step: in place) or does not overlap it. So the contiguous
   loops carry no dependence between iterations, which `ivdep` tells the
   compiler; it then vectorizes them at every level but scalar (built with
   -fno-tree-vectorize), after the strided loop has run the few elements
   that align the output (nd_khead in kdefs.h). Access goes through packed one-member
   structs, which makes unaligned data defined behaviour. A stride-0 input is loaded once. */
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

/* The packed one-member structs of a loop's input and output types. */
#define ND_LOOP_TYPES(IT, OT)                                                                      \
    typedef struct __attribute__((packed, may_alias)) {                                            \
        IT v;                                                                                      \
    } iu_;                                                                                         \
    typedef struct __attribute__((packed, may_alias)) {                                            \
        OT v;                                                                                      \
    } ou_;

/* The contiguous part of a unary loop, elements m..n-1, as a function
   with attributes ATTR (stamped twice at the AVX-512 level, see
   ND_KWIDE in kdefs.h). */
#define ND_UNARY_VEC(vname, IT, OT, EXPR, ATTR)                                                    \
    ATTR void vname(const char *ip, char *op, int64_t m, int64_t n) {                              \
        ND_LOOP_TYPES(IT, OT)                                                                      \
        const iu_ *x = (const iu_ *)ip;                                                            \
        ou_ *y = (ou_ *)op;                                                                        \
        ND_IVDEP for (int64_t i = m; i < n; i++) {                                                 \
            IT a = x[i].v;                                                                         \
            y[i].v = (EXPR);                                                                       \
        }                                                                                          \
    }

#define ND_UNARY_LOOP(fname, IT, OT, EXPR)                                                         \
    ND_UNARY_VEC(fname##_v, IT, OT, EXPR, ND_KNARROW_ATTR)                                         \
    ND_KWIDE_DEF(ND_UNARY_VEC(fname##_w, IT, OT, EXPR, ND_KWIDE_ATTR))                             \
    static void fname(char *const *args, const int64_t *steps, int64_t n) {                        \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        bool contig = steps[0] == sizeof(IT) && steps[1] == sizeof(OT);                            \
        int64_t m = contig ? nd_khead(op, sizeof(OT), n) : n; /* n: the strided loop runs all */   \
        for (int64_t i = 0; i < m; i++) {                                                          \
            IT a = ND_LD(IT, ip + i * steps[0]);                                                   \
            ND_ST(OT, op + i * steps[1], (EXPR));                                                  \
        }                                                                                          \
        if (!contig) return;                                                                       \
        ND_KWIDE_RUN((n - m) * (int64_t)(sizeof(IT) + sizeof(OT)), fname##_w(ip, op, m, n));       \
        fname##_v(ip, op, m, n);                                                                   \
    }

/* One contiguous-output case of a binary loop, elements m..n-1; A_STEP/B_STEP:
   1 when that input is contiguous, 0 when it is fixed (stride 0). */
#define ND_BINARY_VEC(vname, IT, OT, EXPR, A_STEP, B_STEP, ATTR)                                   \
    ATTR void vname(const char *pa, const char *pb, char *po, int64_t m, int64_t n) {              \
        ND_LOOP_TYPES(IT, OT)                                                                      \
        const iu_ *xa = (const iu_ *)pa, *xb = (const iu_ *)pb;                                    \
        ou_ *y = (ou_ *)po;                                                                        \
        IT a0 = xa[0].v, b0 = xb[0].v;                                                             \
        ND_IVDEP for (int64_t i = m; i < n; i++) {                                                 \
            IT a = A_STEP ? xa[i].v : a0;                                                          \
            IT b = B_STEP ? xb[i].v : b0;                                                          \
            y[i].v = (EXPR);                                                                       \
        }                                                                                          \
    }

#define ND_BINARY_VECS(fname, IT, OT, EXPR, ATTR, SUFFIX)                                          \
    ND_BINARY_VEC(fname##_1##SUFFIX, IT, OT, EXPR, 1, 1, ATTR)                                     \
    ND_BINARY_VEC(fname##_2##SUFFIX, IT, OT, EXPR, 0, 1, ATTR)                                     \
    ND_BINARY_VEC(fname##_3##SUFFIX, IT, OT, EXPR, 1, 0, ATTR)

#define ND_BINARY_LOOP(fname, IT, OT, EXPR)                                                        \
    ND_BINARY_VECS(fname, IT, OT, EXPR, ND_KNARROW_ATTR, v)                                        \
    ND_KWIDE_DEF(ND_BINARY_VECS(fname, IT, OT, EXPR, ND_KWIDE_ATTR, w))                            \
    static void fname(char *const *args, const int64_t *steps, int64_t n) {                        \
        const char *pa = args[0], *pb = args[1];                                                   \
        char *po = args[2];                                                                        \
        const int64_t is = sizeof(IT);                                                             \
        /* the vector case: 1 both inputs contiguous, 2 a fixed, 3 b fixed, 0 none */              \
        int vc = steps[2] != sizeof(OT) || n <= 0   ? 0                                            \
                 : steps[0] == is && steps[1] == is ? 1                                            \
                 : steps[0] == 0 && steps[1] == is  ? 2                                            \
                 : steps[0] == is && steps[1] == 0  ? 3                                            \
                                                    : 0;                                            \
        int64_t m = vc ? nd_khead(po, sizeof(OT), n) : n; /* n: the strided loop runs all */       \
        for (int64_t i = 0; i < m; i++) {                                                          \
            IT a = ND_LD(IT, pa + i * steps[0]);                                                   \
            IT b = ND_LD(IT, pb + i * steps[1]);                                                   \
            ND_ST(OT, po + i * steps[2], (EXPR));                                                  \
        }                                                                                          \
        if (!vc) return;                                                                           \
        int64_t bytes_ = (n - m) * (int64_t)((vc == 1 ? 2 : 1) * sizeof(IT) + sizeof(OT));         \
        (void)bytes_;                                                                              \
        if (vc == 1) {                                                                             \
            ND_KWIDE_RUN(bytes_, fname##_1w(pa, pb, po, m, n));                                    \
            fname##_1v(pa, pb, po, m, n);                                                          \
        } else if (vc == 2) {                                                                      \
            ND_KWIDE_RUN(bytes_, fname##_2w(pa, pb, po, m, n));                                    \
            fname##_2v(pa, pb, po, m, n);                                                          \
        } else {                                                                                   \
            ND_KWIDE_RUN(bytes_, fname##_3w(pa, pb, po, m, n));                                    \
            fname##_3v(pa, pb, po, m, n);                                                          \
        }                                                                                          \
    }

#endif
