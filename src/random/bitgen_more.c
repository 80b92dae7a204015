/* The bit generators beyond PCG64 and Philox, seeded as NumPy's:
   Generator(MT19937(seed)), Generator(PCG64DXSM(seed)), Generator(SFC64(seed)). */
#include <string.h>

#include "random/bitgen.h"

/* ---- MT19937 ---- */

enum { MT_N = ND_MT19937_WORDS, MT_M = 397 };
#define MT_MATRIX_A 0x9908b0dfu
#define MT_UPPER 0x80000000u
#define MT_LOWER 0x7fffffffu

static inline uint32_t mt_twist(uint32_t a, uint32_t b, uint32_t far) {
    uint32_t y = (a & MT_UPPER) | (b & MT_LOWER);
    return far ^ (y >> 1) ^ (-(y & 1u) & MT_MATRIX_A);
}

/* The next 624 words, in place. */
static void mt_generate(uint32_t *k) {
    int i = 0;
    for (; i < MT_N - MT_M; i++) k[i] = mt_twist(k[i], k[i + 1], k[i + MT_M]);
    for (; i < MT_N - 1; i++) k[i] = mt_twist(k[i], k[i + 1], k[i + MT_M - MT_N]);
    k[MT_N - 1] = mt_twist(k[MT_N - 1], k[0], k[MT_M - 1]);
}

uint32_t nd__mt_next32(nd_rng *g) {
    if (g->mt_pos == MT_N) mt_generate(g->mt), g->mt_pos = 0;
    uint32_t y = g->mt[g->mt_pos++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    return y ^ (y >> 18);
}

uint64_t nd__mt_next64(nd_rng *g) {
    uint64_t hi = nd__mt_next32(g); /* the first draw is the high word, as NumPy's (gcc) build */
    return hi << 32 | nd__mt_next32(g);
}

double nd__mt_next_double(nd_rng *g) {
    int32_t a = (int32_t)(nd__mt_next32(g) >> 5), b = (int32_t)(nd__mt_next32(g) >> 6);
    return (a * 67108864.0 + b) / 9007199254740992.0;
}

/* NumPy seeds MT19937 from SeedSequence.generate_state(624, uint32) with
   key[0] forced to 0x80000000 (never an all-zero state) and pos 623. */
void nd__mt_seed(nd_rng *g) {
    nd__seedseq_generate(&g->seq, MT_N, g->mt);
    g->mt[0] = 0x80000000u;
    g->mt_pos = MT_N - 1;
}

/* ---- PCG64DXSM: the DXSM output of the state before the step, and the
   64-bit ("cheap") multiplier ---- */

static inline uint64_t dxsm_output(unsigned __int128 s) {
    uint64_t hi = (uint64_t)(s >> 64), lo = (uint64_t)s | 1;
    hi ^= hi >> 32;
    hi *= ND_DXSM_MULT;
    hi ^= hi >> 48;
    return hi * lo;
}

void nd__dxsm_batch(nd_rng *g, int b) {
    unsigned __int128 s = g->state, inc = g->inc;
    g->batch_state = s;
    for (int i = 0; i < b; i++) {
        g->batch[i] = dxsm_output(s);
        s = s * ND_DXSM_MULT + inc;
    }
    g->state = s;
    g->pos = 0, g->len = b;
}

void nd__dxsm_settle(nd_rng *g) {
    g->state = nd__lcg_jump(g->batch_state, ND_DXSM_MULT, g->inc, (unsigned)g->pos);
    g->pos = g->len = 0;
}

/* ---- SFC64 ---- */

static inline uint64_t sfc_next(uint64_t *s) {
    uint64_t tmp = s[0] + s[1] + s[3]++;
    s[0] = s[1] ^ (s[1] >> 11);
    s[1] = s[2] + (s[2] << 3);
    s[2] = ((s[2] << 24) | (s[2] >> 40)) + tmp;
    return tmp;
}

/* SeedSequence.generate_state(3, uint64) as a, b, c, counter 1, then 12
   draws discarded (NumPy's sfc64_set_seed). */
void nd__sfc_seed(nd_rng *g) {
    uint32_t w[6];
    nd__seedseq_generate(&g->seq, 6, w);
    for (int i = 0; i < 3; i++) g->sfc[i] = (uint64_t)w[2 * i] | (uint64_t)w[2 * i + 1] << 32;
    g->sfc[3] = 1;
    for (int i = 0; i < 12; i++) (void)sfc_next(g->sfc);
}

void nd__sfc_batch(nd_rng *g, int b) {
    memcpy(g->batch_sfc, g->sfc, sizeof g->sfc);
    uint64_t s[4];
    memcpy(s, g->sfc, sizeof s);
    for (int i = 0; i < b; i++) g->batch[i] = sfc_next(s);
    memcpy(g->sfc, s, sizeof s);
    g->pos = 0, g->len = b;
}

/* The words after the draws taken: the batch's start stepped pos times. */
void nd__sfc_settle(nd_rng *g) {
    memcpy(g->sfc, g->batch_sfc, sizeof g->sfc);
    for (int i = 0; i < g->pos; i++) (void)sfc_next(g->sfc);
    g->pos = g->len = 0;
}
