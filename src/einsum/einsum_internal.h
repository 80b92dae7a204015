/* Shared by the files of src/einsum: the parsed subscripts (parse.c), the
   contraction order (path.c) and the evaluation (einsum.c). */
#ifndef ND_EINSUM_INTERNAL_H
#define ND_EINSUM_INTERNAL_H

#include <stdint.h>

#include "core/internal.h"
#include "nd/einsum.h"

#define ND_EIN_MAXOP 32
/* Labels: 'A'-'Z' are 0-25 and 'a'-'z' 26-51 (ASCII order, which is
   NumPy's order of an implicit output), then one per ellipsis axis,
   right-aligned across operands. */
#define ND_EIN_NLAB (52 + ND_MAX_DIMS)

/* A set of labels. */
typedef struct {
    uint64_t w[2];
} nd_lset;

static inline void nd_lset_add(nd_lset *s, int l) { s->w[l >> 6] |= (uint64_t)1 << (l & 63); }
static inline bool nd_lset_has(nd_lset s, int l) { return (s.w[l >> 6] >> (l & 63)) & 1; }
static inline nd_lset nd_lset_or(nd_lset a, nd_lset b) {
    return (nd_lset){{a.w[0] | b.w[0], a.w[1] | b.w[1]}};
}
static inline nd_lset nd_lset_and(nd_lset a, nd_lset b) {
    return (nd_lset){{a.w[0] & b.w[0], a.w[1] & b.w[1]}};
}
static inline nd_lset nd_lset_minus(nd_lset a, nd_lset b) {
    return (nd_lset){{a.w[0] & ~b.w[0], a.w[1] & ~b.w[1]}};
}
static inline bool nd_lset_empty(nd_lset a) { return !(a.w[0] | a.w[1]); }
static inline bool nd_lset_eq(nd_lset a, nd_lset b) { return a.w[0] == b.w[0] && a.w[1] == b.w[1]; }
static inline int nd_lset_count(nd_lset a) {
    return __builtin_popcountll(a.w[0]) + __builtin_popcountll(a.w[1]);
}

/* The parsed subscripts with the operands' extents. */
typedef struct {
    int nop;
    int nlab[ND_EIN_MAXOP];                 /* labels of operand i (its ndim) */
    uint8_t lab[ND_EIN_MAXOP][ND_MAX_DIMS]; /* the label of each axis */
    int nout;
    uint8_t out[ND_EIN_NLAB];  /* the output's labels in order */
    int nell;                  /* the number of ellipsis axes */
    int64_t size[ND_EIN_NLAB]; /* each label's extent (after broadcasting 1s) */
    char ch[ND_EIN_NLAB];      /* the letter NumPy's report shows */
} nd_ein_spec;

nd_status nd__ein_parse(const char *func, const char *subscripts, int nop,
                        const nd_array *const *ops, nd_ein_spec *s);
nd_lset nd__ein_opset(const nd_ein_spec *s, int i);
nd_lset nd__ein_outset(const nd_ein_spec *s);

/* How the order is chosen. */
typedef enum { ND_EIN_NONE, ND_EIN_GREEDY, ND_EIN_OPTIMAL } nd_ein_mode;
nd_status nd__ein_mode(const char *func, const char *optimize, nd_ein_mode dflt, nd_ein_mode *m);

/* A path: nsteps contractions, step t taking k[t] operands at positions
   pos[t][0..k) of the list of remaining operands (NumPy's tuples). */
typedef struct {
    int nsteps;
    int k[ND_EIN_MAXOP];
    int pos[ND_EIN_MAXOP][ND_EIN_MAXOP];
} nd_ein_path;

nd_status nd__ein_find_path(const char *func, const nd_ein_spec *s, nd_ein_mode m, nd_ein_path *p);

#endif
