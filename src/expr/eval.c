/* The blocked evaluator. Types come from running the expression once on
   0-d stand-ins of the inputs with the real ufuncs (so promotion, weak
   literals and their errors are the ufuncs' own); then every node runs its
   kernel block by block: BLOCK elements of the broadcast result at a time,
   each intermediate in a block-sized register that stays in cache. Blocks
   are independent, so they spread over the pool; a final sum combines the
   blocks' pairwise sums as one pairwise sum over the whole result. */
#include <stdlib.h>
#include <string.h>

#include "copy/copy.h"
#include "expr/expr_internal.h"
#include "expr/jit.h"
#include "iter/broadcast.h"
#include "reduce/reduce_internal.h"
#include "thread/pool.h"
#include "dispatch/dispatch.h"
#include "ufunc/ufunc_internal.h"

static const char *const FUNC = "nd_expr_eval";

/* 32 leaves of 128: a node of the pairwise tree (see nd__psum_combine). */
#define BLOCK 4096
/* A compiled loop's result of at least this many bytes goes to memory by
   streaming stores (kernels' stream_store): the loop fills an L1 buffer of
   STREAM_SUB elements, which is then streamed out. Far past the caches that
   saves the read of every result line before its write (degree-5
   polynomial, float64: ~1.25x the ordinary stores at 1e7, ~1.3x at 3e6,
   ~1.05x at 1e6; 1024-element pieces beat 4096 and 512). The threshold
   sits well past the caches a core has to itself, so that a smaller
   result stays in a shared cache for whatever reads it next. */
#define STREAM_MIN_BYTES ((int64_t)32 << 20)
#define STREAM_SUB 1024

/* Where a kernel finds an operand within a block. */
typedef enum { SRC_DIRECT, SRC_CONST, SRC_BUF } src_kind;
typedef struct {
    src_kind kind;
    char *base;   /* DIRECT: element 0 of the input; CONST: the value */
    int64_t step; /* DIRECT: item size (contiguous input) */
    int buf;      /* BUF: scratch buffer */
} operand;

/* Instructions, run in order for each block. */
typedef enum { I_LOAD, I_CAST, I_RUN } ins_kind;
typedef struct {
    ins_kind kind;
    nd_kloop fn;
    int nin;
    operand in[3];
    int out_buf; /* -1: the result array itself */
    int var;     /* LOAD: which input (gathered through bstrides) */
    size_t out_isz;
} ins;

typedef struct {
    nd_dtype dt, lt; /* result dtype, loop dtype (EN_OP) */
    int buf;         /* its register, -1 before it is placed */
} node_info;

typedef struct {
    const nd_expr *e;
    const nd_array *const *inputs;
    int ndim;
    int64_t shape[ND_MAX_DIMS], n;
    int64_t (*bstrides)[ND_MAX_DIMS]; /* [nvars]: each input broadcast to shape */
    node_info *info;
    ins *prog;
    int nins, nbufs;
    size_t *buf_isz, *buf_off; /* item size, offset in a worker's scratch */
    size_t scratch;            /* bytes of buffers per worker */
    char (*consts)[16];        /* literals cast to their loop dtype */
    int nconsts;
    /* run time */
    char *result;    /* C-contiguous result, or NULL when reducing */
    char *work;      /* scratch per worker */
    char *block_res; /* per block: psum or min/max */
    int root_buf;
    void (*block_red)(char *, const char *, int64_t, int64_t); /* min/max over a block */
    int psum_k; /* sum: 0 float32, 1 float64; -1 none */
    /* the compiled loop that replaces prog, when there is one (jit.h) */
    nd__jit_loop *jit;
    nd__jit_fn jit_fn;
    char **jit_in;
    nd_kloop *jit_fns;
    char *jit_lits;
    bool stream; /* the compiled loop's result streamed out (STREAM_MIN_BYTES) */
} plan;

/* ---- types: the expression on 0-d stand-ins ---- */

static nd_status probe_types(plan *P) {
    const nd_expr *e = P->e;
    nd_array **x = nd__calloc((size_t)e->n, sizeof *x);
    if (!x) return nd__nomem(FUNC, sizeof *x * (size_t)e->n);
    nd_status s = ND_OK;
    int sticky = nd_fp_flags();
    nd_fp_mode mode = nd_fp_set_mode(ND_FP_IGNORE);
    for (int i = 0; i < e->n && !s; i++) {
        const en_node *nd = &e->nodes[i];
        const nd_array *a[3] = {NULL, NULL, NULL};
        for (int k = 0; k < nd->nargs; k++) a[k] = x[nd->args[k]];
        switch (nd->kind) {
        case EN_VAR:
            x[i] = nd_ones(P->inputs[nd->var]->dtype, 0, NULL);
            break;
        case EN_INT:
            x[i] = nd_lit_i64(nd->ival);
            break;
        case EN_FLOAT:
            x[i] = nd_lit_f64(nd->fval);
            break;
        case EN_COMPLEX:
            x[i] = nd_lit_c128((nd_complex128){nd->fval, nd->fimag});
            break;
        case EN_WHERE:
            x[i] = nd_where(a[0], a[1], a[2], NULL);
            break;
        case EN_OP:
            if (nd__ufunc_types(FUNC, nd->op, nd->nargs, a, &P->info[i].lt, &P->info[i].dt)) {
                s = nd_last_error();
                continue;
            }
            x[i] = nd__ufunc(FUNC, nd->op, nd->nargs, a, NULL);
            break;
        }
        if (!x[i]) {
            s = nd_last_error();
            break;
        }
        P->info[i].dt = x[i]->dtype;
        P->info[i].buf = -1;
        if (nd->kind == EN_WHERE) P->info[i].lt = x[i]->dtype;
    }
    nd_fp_set_mode(mode);
    nd_fp_clear();
    nd__fp_set_sticky(sticky);
    for (int i = 0; i < e->n; i++) nd_release(x[i]);
    nd__free(x);
    return s;
}

/* The types from the probe, or from the expression's record of a probe
   for the same input dtypes: the probe builds a 0-d array and runs a ufunc
   per node, several microseconds for a polynomial, which a compiled loop
   over 10^5 elements would otherwise pay on every call. The types (and the
   probe's errors) depend on the input dtypes alone: literals are the
   expression's, the stand-ins' values are ones. */
static nd_status node_types(plan *P) {
    const nd_expr *e = P->e;
    nd_dtype *rec = atomic_load_explicit(&((nd_expr *)e)->types, memory_order_acquire);
    bool same = rec != NULL;
    for (int v = 0; same && v < e->nvars; v++)
        same = !e->used[v] || rec[v] == P->inputs[v]->dtype;
    if (same) {
        for (int i = 0; i < e->n; i++)
            P->info[i] = (node_info){.lt = rec[e->nvars + 2 * i], .dt = rec[e->nvars + 2 * i + 1],
                                     .buf = -1};
        return ND_OK;
    }
    nd_status s = probe_types(P);
    if (s || rec) return s;
    /* the first success is recorded (later dtypes probe each time); a
       failed allocation only means no record */
    rec = malloc(sizeof *rec * (size_t)(e->nvars + 2 * e->n));
    if (!rec) return ND_OK;
    for (int v = 0; v < e->nvars; v++) rec[v] = e->used[v] ? P->inputs[v]->dtype : ND_BOOL;
    for (int i = 0; i < e->n; i++)
        rec[e->nvars + 2 * i] = P->info[i].lt, rec[e->nvars + 2 * i + 1] = P->info[i].dt;
    nd_dtype *none = NULL;
    if (!atomic_compare_exchange_strong_explicit(&((nd_expr *)e)->types, &none, rec,
                                                 memory_order_release, memory_order_relaxed))
        free(rec); /* another thread's record won */
    return ND_OK;
}

/* ---- the program ---- */

static int new_buf(plan *P, nd_dtype t) {
    P->buf_isz[P->nbufs] = nd__itemsize(t);
    return P->nbufs++;
}

static bool input_direct(const plan *P, const nd_array *a) {
    if (!(a->flags & ND_FLAG_C_CONTIG) || a->ndim != P->ndim) return false;
    for (int d = 0; d < a->ndim; d++)
        if (a->shape[d] != P->shape[d]) return false;
    return true;
}

/* The operand for node j's value as dtype want, adding a load or a cast. */
static operand operand_for(plan *P, int j, nd_dtype want) {
    const en_node *nd = &P->e->nodes[j];
    const nd_ktable *kt = nd__kernels();
    if (nd->kind == EN_INT || nd->kind == EN_FLOAT || nd->kind == EN_COMPLEX) {
        char *c = P->consts[P->nconsts++];
        nd_complex128 z = {nd->fval, nd->fimag};
        if (nd->kind == EN_INT)
            nd__cast_one(ND_INT64, &nd->ival, want, c);
        else if (nd->kind == EN_FLOAT)
            nd__cast_one(ND_FLOAT64, &nd->fval, want, c);
        else
            nd__cast_one(ND_COMPLEX128, &z, want, c);
        return (operand){.kind = SRC_CONST, .base = c};
    }
    if (nd->kind == EN_VAR) {
        const nd_array *a = P->inputs[nd->var];
        if (nd_size(a) == 1 && a->dtype == want)
            return (operand){.kind = SRC_CONST, .base = a->data};
        if (a->dtype == want && input_direct(P, a))
            return (operand){
                .kind = SRC_DIRECT, .base = a->data, .step = (int64_t)nd__itemsize(want)};
        ins *I = &P->prog[P->nins++];
        *I = (ins){.kind = I_LOAD,
                   .fn = kt->cast[a->dtype][want],
                   .var = nd->var,
                   .out_buf = new_buf(P, want),
                   .out_isz = nd__itemsize(want)};
        return (operand){.kind = SRC_BUF, .buf = I->out_buf};
    }
    operand r = {.kind = SRC_BUF, .buf = P->info[j].buf};
    if (P->info[j].dt == want) return r;
    ins *I = &P->prog[P->nins++];
    *I = (ins){.kind = I_CAST,
               .fn = kt->cast[P->info[j].dt][want],
               .nin = 1,
               .in = {r},
               .out_buf = new_buf(P, want),
               .out_isz = nd__itemsize(want)};
    return (operand){.kind = SRC_BUF, .buf = I->out_buf};
}

/* x**2 with a literal 2 on floats and complex runs as square(x), as
   NumPy's `**` does (its fast scalar power): exact, where power's kernel
   is within 1 ULP. Integers are exact either way. */
static bool squares(const nd_expr *e, const en_node *nd, nd_dtype lt) {
    if (nd->kind != EN_OP || nd->op != ND_OP_POWER || !nd__is_inexact(lt)) return false;
    const en_node *b = &e->nodes[nd->args[1]];
    return (b->kind == EN_INT && b->ival == 2) || (b->kind == EN_FLOAT && b->fval == 2.0);
}

static void build_program(plan *P, bool root_to_result) {
    const nd_expr *e = P->e;
    const nd_ktable *kt = nd__kernels();
    for (int i = 0; i < e->n; i++) {
        const en_node *nd = &e->nodes[i];
        if (nd->kind != EN_OP && nd->kind != EN_WHERE) continue;
        ins I = {.kind = I_RUN, .nin = nd->nargs};
        nd_op op = nd->op;
        if (squares(e, nd, P->info[i].lt)) op = ND_OP_SQUARE, I.nin = 1;
        for (int k = 0; k < I.nin; k++) {
            nd_dtype want = nd->kind == EN_WHERE && k == 0 ? ND_BOOL : P->info[i].lt;
            I.in[k] = operand_for(P, nd->args[k], want);
        }
        I.fn = nd->kind == EN_WHERE ? kt->where[P->info[i].lt] : kt->loops[op][P->info[i].lt];
        I.out_isz = nd__itemsize(P->info[i].dt);
        bool root = i == e->n - 1;
        I.out_buf = root && root_to_result ? -1 : new_buf(P, P->info[i].dt);
        P->info[i].buf = I.out_buf;
        P->prog[P->nins++] = I;
    }
    P->root_buf = P->info[e->n - 1].buf;
}

/* ---- running a block ---- */

/* Elements [start, start + len) of input v broadcast to the result shape,
   in C order, cast into dst: the innermost axis in runs. */
static void gather(const plan *P, const ins *I, int64_t start, int64_t len, char *dst) {
    const nd_array *a = P->inputs[I->var];
    const int64_t *st = P->bstrides[I->var];
    int nd = P->ndim;
    int64_t idx[ND_MAX_DIMS], rem = start;
    const char *src = a->data;
    for (int d = nd - 1; d >= 0; d--) {
        idx[d] = rem % P->shape[d];
        rem /= P->shape[d];
        src += idx[d] * st[d];
    }
    int64_t inner = nd ? P->shape[nd - 1] : 1, sstep = nd ? st[nd - 1] : 0;
    int64_t steps[2] = {sstep, (int64_t)I->out_isz};
    while (len > 0) {
        int64_t run = nd ? inner - idx[nd - 1] : 1;
        if (run > len) run = len;
        char *args[2] = {(char *)src, dst};
        I->fn(args, steps, run);
        dst += run * (int64_t)I->out_isz;
        len -= run;
        if (!len || !nd) break;
        src += run * sstep;
        idx[nd - 1] += run;
        for (int d = nd - 1; d > 0 && idx[d] == P->shape[d]; d--) {
            src -= idx[d] * st[d];
            idx[d] = 0;
            idx[d - 1]++;
            src += st[d - 1];
        }
    }
}

static void run_block(plan *P, int64_t b, char *scratch) {
    int64_t start = b * BLOCK, len = P->n - start < BLOCK ? P->n - start : BLOCK;
#define BUF(k) (scratch + P->buf_off[k])
    if (P->jit_fn && P->stream) {
        /* the same loop on the same elements into a buffer, then streamed */
        int64_t isz = (int64_t)nd__itemsize(P->info[P->e->n - 1].dt);
        _Alignas(64) char piece[STREAM_SUB * 8];
        for (int64_t j = 0; j < len; j += STREAM_SUB) {
            int64_t m = len - j < STREAM_SUB ? len - j : STREAM_SUB;
            P->jit_fn(P->jit_in, piece, start + j, m, P->jit_fns, P->jit_lits);
            nd__kernels()->stream_store(P->result + (start + j) * isz, piece, m * isz);
        }
    } else if (P->jit_fn) {
        size_t isz = nd__itemsize(P->info[P->e->n - 1].dt);
        char *out = P->result ? P->result + start * (int64_t)isz : BUF(P->root_buf);
        P->jit_fn(P->jit_in, out, start, len, P->jit_fns, P->jit_lits);
    }
    for (int i = 0; i < P->nins && !P->jit_fn; i++) {
        const ins *I = &P->prog[i];
        char *out = I->out_buf >= 0 ? BUF(I->out_buf) : P->result + start * (int64_t)I->out_isz;
        if (I->kind == I_LOAD) {
            gather(P, I, start, len, out);
            continue;
        }
        char *args[4];
        int64_t steps[4];
        for (int k = 0; k < I->nin; k++) {
            const operand *o = &I->in[k];
            if (o->kind == SRC_CONST)
                args[k] = o->base, steps[k] = 0;
            else if (o->kind == SRC_DIRECT)
                args[k] = o->base + start * o->step, steps[k] = o->step;
            else
                args[k] = BUF(o->buf), steps[k] = (int64_t)P->buf_isz[o->buf];
        }
        args[I->nin] = out;
        steps[I->nin] = (int64_t)I->out_isz;
        I->fn(args, steps, len);
    }
    if (P->psum_k >= 0) {
        nd__kernels()->psum[P->psum_k](P->block_res + b * (P->psum_k ? 8 : 4), BUF(P->root_buf),
                                       P->psum_k ? 8 : 4, len);
    } else if (P->block_red) {
        size_t isz = P->buf_isz[P->root_buf];
        char *acc = P->block_res + (size_t)b * isz;
        memcpy(acc, BUF(P->root_buf), isz);
        P->block_red(acc, BUF(P->root_buf) + isz, (int64_t)isz, len - 1);
    }
#undef BUF
}

static void block_task(void *ctx, int64_t b, int worker) {
    plan *P = ctx;
    run_block(P, b, P->work + (size_t)worker * P->scratch);
    if (P->stream) nd__kernels()->stream_fence(); /* before the caller reads */
}

static nd_status run_blocks(plan *P) {
    int64_t nblocks = (P->n + BLOCK - 1) / BLOCK;
    int64_t bytes = 0;
    for (int k = 0; k < P->nbufs; k++)
        P->buf_off[k] = (size_t)bytes * BLOCK, bytes += (int64_t)P->buf_isz[k];
    bool par = P->n * (bytes ? bytes : 8) >= ND_PARALLEL_MIN_BYTES && nblocks > 1;
    int slots = par ? nd_get_num_threads() : 1;
    /* a compiled loop writing the result itself needs no block registers
       (hundreds of KiB for a polynomial: their allocation was a tenth of
       a call on 4096 elements) */
    P->scratch = P->jit_fn && P->result ? 0 : ((size_t)bytes * BLOCK + 63) & ~(size_t)63;
    P->work = nd__malloc(P->scratch * (size_t)slots + 64);
    if (!P->work) return nd__nomem(FUNC, P->scratch * (size_t)slots);
    if (slots > 1)
        nd__parallel_fp(nblocks, slots, block_task, P);
    else
        for (int64_t b = 0; b < nblocks; b++) run_block(P, b, P->work);
    if (P->stream && slots <= 1) nd__kernels()->stream_fence();
    nd__free(P->work);
    return ND_OK;
}

/* ---- the entry points ---- */

static nd_status plan_shape(plan *P) {
    const nd_expr *e = P->e;
    const nd_array **used = nd__malloc(sizeof *used * (size_t)(e->nvars + 1));
    if (!used) return nd__nomem(FUNC, sizeof *used * (size_t)(e->nvars + 1));
    int nu = 0;
    for (int v = 0; v < e->nvars; v++)
        if (e->used[v]) used[nu++] = P->inputs[v];
    nd_status s = nu ? nd__broadcast(FUNC, nu, used, &P->ndim, P->shape) : ND_OK;
    nd__free(used);
    if (s) return s;
    P->n = nd__shape_prod(P->ndim, P->shape);
    for (int v = 0; v < e->nvars; v++)
        if (e->used[v]) nd__broadcast_strides(P->inputs[v], P->ndim, P->shape, P->bstrides[v]);
    return ND_OK;
}

/* A root that is an input or a literal: what evaluating it alone gives. */
static nd_array *trivial_root(const plan *P, nd_array *out) {
    const en_node *r = &P->e->nodes[P->e->n - 1];
    nd_complex128 z = {r->fval, r->fimag};
    nd_array *v = r->kind == EN_VAR       ? nd_copy(P->inputs[r->var])
                  : r->kind == EN_INT     ? nd_scalar(ND_INT64, &r->ival)
                  : r->kind == EN_COMPLEX ? nd_scalar(ND_COMPLEX128, &z)
                                          : nd_scalar(ND_FLOAT64, &r->fval);
    if (!v || !out) return v;
    nd_status s = nd__copy_into(FUNC, out, v);
    nd_release(v);
    return s ? NULL : out;
}

/* The compiled loop for the plan, when the JIT is wanted for its size and
   handles it: every op node computes in one float dtype, and every input is
   that dtype, contiguous in the result's shape or one element (no casts,
   no gathers, no where or complex literals). The interpreter's program is
   built anyway: it sizes the scratch, and stays the fallback. */
static void jit_plan(plan *P) {
    const nd_expr *e = P->e;
    nd_dtype t = P->info[e->n - 1].dt;
    int want =
        (t == ND_FLOAT32 || t == ND_FLOAT64) && e->n <= ND_JIT_MAX_NODES ? nd__jit_wanted(P->n) : 0;
    if (!want) return;
    const nd_ktable *kt = nd__kernels();
    nd_op *ops = nd__calloc((size_t)e->n, sizeof *ops);
    uint8_t *mode = nd__calloc((size_t)e->nvars + 1, 1);
    int nfns = 0, nlits = 0;
    bool ok = ops && mode;
    for (int i = 0; ok && i < e->n; i++) {
        const en_node *nd = &e->nodes[i];
        if (nd->kind == EN_VAR) {
            const nd_array *a = P->inputs[nd->var];
            /* in the order operand_for() chooses */
            mode[nd->var] = a->dtype != t        ? ND_JIT_UNUSED
                            : nd_size(a) == 1    ? ND_JIT_ONE
                            : input_direct(P, a) ? ND_JIT_DIRECT
                                                 : ND_JIT_UNUSED;
            ok = mode[nd->var] != ND_JIT_UNUSED;
        } else if (nd->kind == EN_INT || nd->kind == EN_FLOAT) {
            nlits++;
        } else if (nd->kind == EN_OP) {
            ops[i] = squares(e, nd, P->info[i].lt) ? ND_OP_SQUARE : nd->op;
            ok = P->info[i].lt == t && P->info[i].dt == t && nd->nargs <= 2 &&
                 (nd__jit_inline(ops[i]) || kt->loops[ops[i]][t]);
            nfns += !nd__jit_inline(ops[i]);
        } else {
            ok = false;
        }
    }
    if (ok) {
        P->jit_in = nd__calloc((size_t)e->nvars + 1, sizeof *P->jit_in);
        P->jit_fns = nd__calloc((size_t)nfns + 1, sizeof *P->jit_fns);
        P->jit_lits = nd__calloc((size_t)nlits + 1, 16);
        ok = P->jit_in && P->jit_fns && P->jit_lits;
    }
    if (ok) P->jit = nd__jit_get(e, t, ops, mode, want, P->n);
    if (P->jit) {
        for (int v = 0; v < e->nvars; v++) P->jit_in[v] = mode[v] ? P->inputs[v]->data : NULL;
        size_t isz = nd__itemsize(t);
        for (int i = 0, nf = 0, nl = 0; i < e->n; i++) {
            const en_node *nd = &e->nodes[i];
            if (nd->kind == EN_INT)
                nd__cast_one(ND_INT64, &nd->ival, t, P->jit_lits + isz * (size_t)nl++);
            else if (nd->kind == EN_FLOAT)
                nd__cast_one(ND_FLOAT64, &nd->fval, t, P->jit_lits + isz * (size_t)nl++);
            else if (nd->kind == EN_OP && !nd__jit_inline(ops[i]))
                P->jit_fns[nf++] = kt->loops[ops[i]][t];
        }
        P->jit_fn = nd__jit_fn_of(P->jit);
    }
    nd__free(ops);
    nd__free(mode);
}

/* The elementwise result into target (C-contiguous, the plan's shape, the
   root's dtype), or the per-block reductions into P->block_res. */
static nd_status evaluate(plan *P, char *target) {
    nd_fp_state st;
    jit_plan(P);
    nd__fp_begin(&st);
    P->result = target;
    P->stream = target && P->jit_fn &&
                P->n * (int64_t)nd__itemsize(P->info[P->e->n - 1].dt) >= STREAM_MIN_BYTES;
    nd_status s = run_blocks(P);
    if (!s) s = nd__fp_end(FUNC, "expression", &st);
    return s;
}

static nd_array *materialize(plan *P, nd_array *out) {
    nd_dtype rt = P->info[P->e->n - 1].dt;
    bool direct = out && out->dtype == rt && (out->flags & ND_FLAG_C_CONTIG) &&
                  out->ndim == P->ndim &&
                  !memcmp(out->shape, P->shape, sizeof(int64_t) * (size_t)P->ndim);
    for (int v = 0; direct && v < P->e->nvars;
         v++) /* out overlapping an input: go through a copy */
        if (P->e->used[v] && nd_may_share_memory(out, P->inputs[v])) direct = false;
    nd_array *t = direct ? out : nd__alloc(FUNC, rt, P->ndim, P->shape, ND_ORDER_C, false);
    if (!t) return NULL;
    P->psum_k = -1;
    build_program(P, true);
    if (evaluate(P, t->data) || (out && t != out && nd__copy_into(FUNC, out, t))) {
        if (t != out) nd_release(t);
        return NULL;
    }
    if (t != out && out) nd_release(t);
    return out ? out : t;
}

typedef nd_array *(*reduce_fn)(const nd_array *, int, bool, nd_array *);
static const reduce_fn reducers[] = {NULL, nd_sum, nd_mean, nd_min, nd_max};

/* sum/mean of float32/64 and min/max of real types run per block; other
   dtypes (and empty results) reduce the materialized result. The blocks'
   values reduce to a 0-d array, which the reduction of that one element
   delivers to out exactly as nd_sum etc. deliver theirs. */
static nd_array *reduce_blocks(plan *P, nd_array *out) {
    er_kind rk = P->e->reduce;
    nd_dtype rt = P->info[P->e->n - 1].dt;
    bool fsum = (rk == ER_SUM || rk == ER_MEAN) && (rt == ND_FLOAT32 || rt == ND_FLOAT64);
    bool mm = (rk == ER_MIN || rk == ER_MAX) && !nd__is_complex(rt) && rt != ND_FLOAT16;
    if (P->n == 0 || !(fsum || mm)) {
        nd_array *m = materialize(P, NULL);
        nd_array *r = m ? reducers[rk](m, ND_AXIS_ALL, false, out) : NULL;
        nd_release(m);
        return r;
    }
    int64_t nblocks = (P->n + BLOCK - 1) / BLOCK;
    size_t isz = nd__itemsize(rt);
    P->psum_k = fsum ? rt == ND_FLOAT64 : -1;
    P->block_red = mm ? nd__kernels()->red[rk == ER_MIN ? ND_KRED_MIN : ND_KRED_MAX][rt] : NULL;
    P->block_res = nd__malloc((size_t)nblocks * isz);
    if (!P->block_res) return nd__nomem(FUNC, (size_t)nblocks * isz), NULL;
    build_program(P, false);
    nd_array *v = NULL, *r = NULL;
    if (evaluate(P, NULL)) goto done;
    v = nd__alloc(FUNC, rt, 0, NULL, ND_ORDER_C, false);
    if (!v) goto done;
    if (fsum) {
        int64_t full = P->n / BLOCK;
        bool tail = full < nblocks;
        nd__psum_combine(P->psum_k, P->block_res, full,
                         tail ? P->block_res + full * (int64_t)isz : NULL, v->data);
    } else {
        memcpy(v->data, P->block_res, isz);
        nd__kernels()->red[rk == ER_MIN ? ND_KRED_MIN : ND_KRED_MAX][rt](
            v->data, P->block_res + isz, (int64_t)isz, nblocks - 1);
    }
    if (rk == ER_MEAN) {
        nd_array *lit = nd_lit_f64((double)P->n), *q = lit ? nd_divide(v, lit, NULL) : NULL;
        nd_release(lit);
        r = q ? reducers[ER_SUM](q, ND_AXIS_ALL, false, out) : NULL;
        nd_release(q);
    } else {
        r = reducers[rk](v, ND_AXIS_ALL, false, out);
    }
done:
    nd_release(v);
    nd__free(P->block_res);
    return r;
}

nd_array *nd_expr_eval(const nd_expr *e, nd_array_list inputs_list, nd_array *out) {
    const nd_array *const *inputs = ND_LIST_PTR(inputs_list);
    if (!e) return nd__null_arg(FUNC, "e"), NULL;
    if (e->nvars && !inputs) return nd__null_arg(FUNC, "inputs"), NULL;
    for (int v = 0; v < e->nvars; v++)
        if (e->used[v] && !inputs[v]) return nd__null_item(FUNC, "inputs", v), NULL;
    plan *P = nd__calloc(1, sizeof *P);
    if (P) {
        P->info = nd__calloc((size_t)e->n, sizeof *P->info);
        P->prog = nd__calloc((size_t)e->n * 4 + 4, sizeof *P->prog);
        P->buf_isz = nd__calloc((size_t)e->n * 4 + 4, sizeof *P->buf_isz);
        P->buf_off = nd__calloc((size_t)e->n * 4 + 4, sizeof *P->buf_off);
        P->consts = nd__calloc((size_t)e->n * 3 + 3, sizeof *P->consts);
        P->bstrides = nd__calloc((size_t)e->nvars + 1, sizeof *P->bstrides);
    }
    nd_array *r = NULL;
    if (!P || !P->info || !P->prog || !P->buf_isz || !P->buf_off || !P->consts || !P->bstrides) {
        nd__nomem(FUNC, sizeof *P);
        goto done;
    }
    P->e = e;
    P->inputs = inputs;
    P->psum_k = -1;
    if (node_types(P) || plan_shape(P)) goto done;
    en_kind rk = e->nodes[e->n - 1].kind;
    if (rk != EN_OP && rk != EN_WHERE) {
        nd_array *v = trivial_root(P, e->reduce ? NULL : out);
        r = e->reduce && v ? reducers[e->reduce](v, ND_AXIS_ALL, false, out) : v;
        if (e->reduce) nd_release(v);
        goto done;
    }
    if (e->reduce) {
        r = reduce_blocks(P, out);
        goto done;
    }
    if (out) {
        const nd_array **all = nd__malloc(sizeof *all * (size_t)(e->nvars + 1));
        if (!all) {
            nd__nomem(FUNC, sizeof *all * (size_t)(e->nvars + 1));
            goto done;
        }
        int nu = 0;
        for (int v = 0; v < e->nvars; v++)
            if (e->used[v]) all[nu++] = inputs[v];
        nd_dtype rt = P->info[e->n - 1].dt;
        nd_status bad = nd__check_out_shape(FUNC, nu, all, out) || nd__check_writeable(FUNC, out);
        nd__free(all);
        if (bad) goto done;
        if (out->dtype != rt && !nd_can_cast(rt, out->dtype, ND_CAST_SAME_KIND)) {
            nd__error(ND_ERR_DTYPE, FUNC,
                      "Cannot cast expression output from dtype('%s') to dtype('%s') with casting "
                      "rule 'same_kind'",
                      nd_dtype_name(rt), nd_dtype_name(out->dtype));
            goto done;
        }
        /* out's shape is the result's (inputs broadcast to it) */
        P->ndim = out->ndim;
        memcpy(P->shape, out->shape, sizeof(int64_t) * (size_t)out->ndim);
        P->n = nd__shape_prod(P->ndim, P->shape);
        for (int v = 0; v < e->nvars; v++)
            if (e->used[v]) nd__broadcast_strides(inputs[v], P->ndim, P->shape, P->bstrides[v]);
    }
    r = materialize(P, out);
done:
    if (P) {
        nd__free(P->info);
        nd__free(P->prog);
        nd__free(P->buf_isz);
        nd__free(P->buf_off);
        nd__free(P->consts);
        nd__free(P->bstrides);
        nd__jit_put(P->jit);
        nd__free(P->jit_in);
        nd__free(P->jit_fns);
        nd__free(P->jit_lits);
        nd__free(P);
    }
    return r;
}

nd_array *nd_eval(const char *text, int nvars, const char *const *names, nd_array_list inputs_list,
                  nd_array *out) {
    const nd_array *const *inputs = ND_LIST_PTR(inputs_list);
    nd_expr *e = nd_expr_compile(text, nvars, names);
    if (!e) return NULL;
    nd_array *r = nd_expr_eval(e, inputs, out);
    nd_expr_free(e);
    return r;
}
