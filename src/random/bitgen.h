/* The bit generators (bitgen.c): the generator object, seeding, and the
   raw draws every distribution is built from. */
#ifndef ND_RANDOM_BITGEN_H
#define ND_RANDOM_BITGEN_H

#include "core/internal.h"
#include "nd/random.h"

typedef nd_bitgen nd_bitgen_kind;

enum { ND_SEED_MAX_WORDS = 64 }; /* entropy + spawn key, in uint32 words */

/* NumPy's SeedSequence: the entropy words, the spawn key, how many children
   were spawned, and the mixed pool (pool_size 4). */
typedef struct {
    uint32_t entropy[ND_SEED_MAX_WORDS];
    int nentropy;
    uint32_t key[ND_SEED_MAX_WORDS];
    int nkey;
    uint32_t spawned;
    uint32_t pool[4];
} nd_seedseq;

struct nd_rng {
    nd_bitgen_kind kind;
    nd_seedseq seq;
    /* PCG64 (XSL-RR 128/64) */
    unsigned __int128 state, inc;
    /* Philox 4x64-10 */
    uint64_t ctr[4], key[2], buffer[4];
    int buffer_pos;
    /* MT19937 (bitgen_more.c) */
    uint32_t mt[ND_MT19937_WORDS];
    int mt_pos;
    /* SFC64: a, b, c, counter */
    uint64_t sfc[4];
    /* the half of a 64-bit draw that next32 keeps for the next call */
    bool has_uint32;
    uint32_t uinteger;
    /* PCG64 draws made ahead in independent chains (state i+4 = a4 *
       state i + c4, or the fill kernel's): the same stream, without one
       128-bit multiply's latency per draw; 32 at a time, or the whole batch
       for a bulk consumer (nd__refill_bulk). batch[pos..len) are not yet
       drawn; state is the state after batch[len-1], batch_state the one
       before batch[0]. nd__settle() gives back what was not drawn. */
    uint64_t batch[256];
    int pos, len;
    unsigned __int128 batch_state, a4, c4;
    /* The other generators batch too (not MT19937: its draws are 32-bit):
       PCG64DXSM keeps batch_state, SFC64 its words before the batch in
       batch_sfc, Philox its counter and block before the batch in batch_ctr,
       batch_buf, batch_bpos, with batch_lead values of that block first. */
    uint64_t batch_sfc[4], batch_ctr[4], batch_buf[4];
    int batch_bpos, batch_lead;
    /* set while a bulk fill runs: a scalar draw that empties the batch
       refills the whole of it (nd__refill_bulk), so the fill's next
       block does not run on a 32-word batch */
    bool bulk;
};

/* bitgen_more.c: MT19937, PCG64DXSM and SFC64 */
void nd__mt_seed(nd_rng *g);
void nd__sfc_seed(nd_rng *g);
void nd__dxsm_batch(nd_rng *g, int b); /* b draws into the batch */
void nd__sfc_batch(nd_rng *g, int b);
void nd__dxsm_settle(nd_rng *g);
void nd__sfc_settle(nd_rng *g);
/* the state delta steps after s of the LCG with multiplier mult */
unsigned __int128 nd__lcg_jump(unsigned __int128 s, unsigned __int128 mult, unsigned __int128 inc,
                               unsigned __int128 delta);
#define ND_DXSM_MULT 0xda942042e4dd58b5ull

/* bitgen.c */
void nd__seedseq_init(nd_seedseq *s, int nentropy, const uint32_t *entropy, int nkey,
                      const uint32_t *key);
void nd__seedseq_generate(const nd_seedseq *s, int nwords, uint32_t *out);
void nd__rng_seed(nd_rng *g, nd_bitgen_kind kind); /* from g->seq */
uint64_t nd__refill(nd_rng *g);                    /* the next draw when the batch is empty */
/* PCG64 only, batch empty: fills the whole batch by the vector kernel. */
void nd__refill_bulk(nd_rng *g);
/* Makes the state exactly "after the last value drawn": call before the
   state is read or copied and when a public call returns. */
void nd__settle(nd_rng *g);
static inline uint64_t nd__next64(nd_rng *g) {
    return g->pos < g->len ? g->batch[g->pos++] : nd__refill(g);
}
uint32_t nd__next32(nd_rng *g);
/* n next_double draws into out, in bulk (the vector kernel for PCG64) */
void nd__fill_doubles(nd_rng *g, int64_t n, double *out);
/* MT19937 (bitgen_more.c): a 32-bit draw, two of them as a 64-bit one,
   and its own next_double (53 bits from two draws) */
uint32_t nd__mt_next32(nd_rng *g);
uint64_t nd__mt_next64(nd_rng *g);
double nd__mt_next_double(nd_rng *g);
static inline double nd__next_double(nd_rng *g) {
    if (g->kind == ND_BITGEN_MT19937) return nd__mt_next_double(g);
    return (double)(nd__next64(g) >> 11) * (1.0 / 9007199254740992.0);
}
static inline float nd__next_float(nd_rng *g) {
    return (float)(nd__next32(g) >> 8) * (1.0f / 16777216.0f);
}

#endif
