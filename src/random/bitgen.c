/* NumPy's SeedSequence, PCG64 and Philox 4x64-10, so a seed gives NumPy's
   stream: np.random.default_rng(seed) and Generator(Philox(seed)); the
   draws of every bit generator (the others in bitgen_more.c). */
#include <string.h>

#include "random/bitgen.h"
#include "dispatch/dispatch.h"

/* ---- SeedSequence (numpy/random/bit_generator.pyx) ---- */

enum { POOL = 4 };
#define INIT_A 0x43b0d7e5u
#define MULT_A 0x931e8875u
#define INIT_B 0x8b51f9ddu
#define MULT_B 0x58f38dedu
#define MIX_MULT_L 0xca01f9ddu
#define MIX_MULT_R 0x4973f715u
#define XSHIFT 16

static uint32_t hashmix(uint32_t value, uint32_t *hash_const) {
    value ^= *hash_const;
    *hash_const *= MULT_A;
    value *= *hash_const;
    value ^= value >> XSHIFT;
    return value;
}

static uint32_t mix(uint32_t x, uint32_t y) {
    uint32_t r = MIX_MULT_L * x - MIX_MULT_R * y;
    return r ^ (r >> XSHIFT);
}

void nd__seedseq_init(nd_seedseq *s, int nentropy, const uint32_t *entropy, int nkey,
                      const uint32_t *key) {
    memset(s, 0, sizeof *s);
    if (nentropy) memcpy(s->entropy, entropy, sizeof(uint32_t) * (size_t)nentropy);
    if (nkey) memcpy(s->key, key, sizeof(uint32_t) * (size_t)nkey); /* key may be NULL then */
    s->nentropy = nentropy, s->nkey = nkey;
    /* the assembled entropy: run entropy (padded with zeros to the pool size
       when there is a spawn key, NumPy >= 1.19), then the spawn key */
    uint32_t all[2 * ND_SEED_MAX_WORDS + POOL];
    int n = 0;
    for (int i = 0; i < nentropy; i++) all[n++] = entropy[i];
    if (nkey > 0)
        while (n < POOL) all[n++] = 0;
    for (int i = 0; i < nkey; i++) all[n++] = key[i];
    uint32_t hc = INIT_A;
    for (int i = 0; i < POOL; i++) s->pool[i] = hashmix(i < n ? all[i] : 0, &hc);
    for (int src = 0; src < POOL; src++)
        for (int dst = 0; dst < POOL; dst++)
            if (src != dst) s->pool[dst] = mix(s->pool[dst], hashmix(s->pool[src], &hc));
    for (int src = POOL; src < n; src++)
        for (int dst = 0; dst < POOL; dst++)
            s->pool[dst] = mix(s->pool[dst], hashmix(all[src], &hc));
}

void nd__seedseq_generate(const nd_seedseq *s, int nwords, uint32_t *out) {
    uint32_t hc = INIT_B;
    for (int i = 0; i < nwords; i++) {
        uint32_t v = s->pool[i % POOL] ^ hc;
        hc *= MULT_B;
        v *= hc;
        out[i] = v ^ (v >> XSHIFT);
    }
}

/* ---- PCG64: 128-bit LCG, XSL-RR output ---- */

#define PCG_MULT (((unsigned __int128)0x2360ED051FC65DA4ull << 64) | 0x4385DF649FCCF645ull)

static inline void pcg_step(nd_rng *g) { g->state = g->state * PCG_MULT + g->inc; }

static inline uint64_t pcg_output(unsigned __int128 s) {
    uint64_t v = (uint64_t)(s >> 64) ^ (uint64_t)s;
    unsigned rot = (unsigned)(s >> 122);
    return (v >> rot) | (v << ((-rot) & 63));
}

/* ---- Philox 4x64-10 ---- */

static void philox_block(const uint64_t ctr_in[4], const uint64_t key_in[2], uint64_t out[4]) {
    uint64_t c[4] = {ctr_in[0], ctr_in[1], ctr_in[2], ctr_in[3]}, k[2] = {key_in[0], key_in[1]};
    for (int round = 0; round < 10; round++) {
        if (round > 0) k[0] += 0x9E3779B97F4A7C15ull, k[1] += 0xBB67AE8584CAA73Bull;
        unsigned __int128 p0 = (unsigned __int128)0xD2E7470EE14C6C93ull * c[0];
        unsigned __int128 p1 = (unsigned __int128)0xCA5A826395121157ull * c[2];
        uint64_t hi0 = (uint64_t)(p0 >> 64), lo0 = (uint64_t)p0;
        uint64_t hi1 = (uint64_t)(p1 >> 64), lo1 = (uint64_t)p1;
        uint64_t n0 = hi1 ^ c[1] ^ k[0], n2 = hi0 ^ c[3] ^ k[1];
        c[0] = n0, c[1] = lo1, c[2] = n2, c[3] = lo0;
    }
    memcpy(out, c, sizeof c);
}

static uint64_t philox_next(nd_rng *g) {
    if (g->buffer_pos < 4) return g->buffer[g->buffer_pos++];
    for (int i = 0; i < 4 && ++g->ctr[i] == 0; i++) { /* carry */
    }
    philox_block(g->ctr, g->key, g->buffer);
    g->buffer_pos = 1;
    return g->buffer[0];
}

/* ---- the generator ---- */

void nd__rng_seed(nd_rng *g, nd_bitgen_kind kind) {
    g->kind = kind;
    g->has_uint32 = false, g->uinteger = 0;
    g->pos = g->len = 0;
    if (kind == ND_BITGEN_MT19937) {
        nd__mt_seed(g);
    } else if (kind == ND_BITGEN_SFC64) {
        nd__sfc_seed(g);
    } else if (kind == ND_BITGEN_PCG64 || kind == ND_BITGEN_PCG64DXSM) {
        uint32_t w[8];
        uint64_t v[4];
        nd__seedseq_generate(&g->seq, 8, w);
        for (int i = 0; i < 4; i++) v[i] = (uint64_t)w[2 * i] | (uint64_t)w[2 * i + 1] << 32;
        unsigned __int128 initstate = (unsigned __int128)v[0] << 64 | v[1];
        unsigned __int128 initseq = (unsigned __int128)v[2] << 64 | v[3];
        g->state = 0;
        g->inc = initseq << 1 | 1;
        pcg_step(g);
        g->state += initstate;
        pcg_step(g);
        unsigned __int128 a2 = PCG_MULT * PCG_MULT, c2 = PCG_MULT * g->inc + g->inc;
        g->a4 = a2 * a2, g->c4 = a2 * c2 + c2;
        g->pos = g->len = 0;
    } else {
        uint32_t w[4];
        nd__seedseq_generate(&g->seq, 4, w);
        g->key[0] = (uint64_t)w[0] | (uint64_t)w[1] << 32;
        g->key[1] = (uint64_t)w[2] | (uint64_t)w[3] << 32;
        memset(g->ctr, 0, sizeof g->ctr);
        memset(g->buffer, 0, sizeof g->buffer);
        g->buffer_pos = 4;
    }
}

/* The counter advanced by d (256-bit). */
static void ctr_add(uint64_t c[4], uint64_t d) {
    c[0] += d;
    if (c[0] >= d) return;
    for (int i = 1; i < 4 && ++c[i] == 0; i++) { /* carry */
    }
}

/* Philox's batch: what is left of the current block, then whole blocks by
   the vector kernel; the state becomes that after the batch, the one
   before is kept for nd__settle. */
static void philox_bulk(nd_rng *g) {
    int lead = 4 - g->buffer_pos, nb = (int)(sizeof g->batch / sizeof g->batch[0] - 4) / 4 + 1;
    if (lead) nb--;
    memcpy(g->batch_ctr, g->ctr, sizeof g->ctr);
    memcpy(g->batch_buf, g->buffer, sizeof g->buffer);
    g->batch_bpos = g->buffer_pos, g->batch_lead = lead;
    for (int i = 0; i < lead; i++) g->batch[i] = g->buffer[g->buffer_pos + i];
    nd__kernels()->philox_fill(g->batch + lead, nb, g->ctr, g->key, false);
    memcpy(g->buffer, g->batch + lead + 4 * (nb - 1), sizeof g->buffer);
    g->buffer_pos = 4;
    g->pos = 0, g->len = lead + 4 * nb;
}

/* Philox after pos of its batch were drawn: in the block before the batch,
   or in the batch's block j (counter + j + 1). */
static void philox_settle(nd_rng *g) {
    int j = g->pos - g->batch_lead;
    memcpy(g->ctr, g->batch_ctr, sizeof g->ctr);
    if (j <= 0) {
        memcpy(g->buffer, g->batch_buf, sizeof g->buffer);
        g->buffer_pos = g->batch_bpos + g->pos;
    } else {
        int blk = (j - 1) / 4;
        ctr_add(g->ctr, (uint64_t)blk + 1);
        memcpy(g->buffer, g->batch + g->batch_lead + 4 * blk, sizeof g->buffer);
        g->buffer_pos = (j - 1) % 4 + 1;
    }
    g->pos = g->len = 0;
}

/* b draws into the batch in 4 chains (state i+4 = a4 * state i + c4). */
static void refill_batch(nd_rng *g, int b) {
    g->batch_state = g->state;
    g->pos = 0, g->len = b;
    unsigned __int128 s[4];
    s[0] = g->state * PCG_MULT + g->inc;
    for (int j = 1; j < 4; j++) s[j] = s[j - 1] * PCG_MULT + g->inc;
    for (int i = 0;; i += 4) {
        for (int j = 0; j < 4; j++) g->batch[i + j] = pcg_output(s[j]);
        if (i + 4 == b) break;
        for (int j = 0; j < 4; j++) s[j] = s[j] * g->a4 + g->c4;
    }
    g->state = s[3]; /* the state of the last value made */
}

uint64_t nd__refill(nd_rng *g) {
    if (g->bulk && g->kind != ND_BITGEN_MT19937) {
        nd__refill_bulk(g);
        return g->batch[g->pos++];
    }
    switch (g->kind) {
    case ND_BITGEN_PHILOX:
        return philox_next(g); /* its own block of 4 */
    case ND_BITGEN_MT19937:
        return nd__mt_next64(g);
    case ND_BITGEN_PCG64DXSM:
        nd__dxsm_batch(g, 32);
        break;
    case ND_BITGEN_SFC64:
        nd__sfc_batch(g, 32);
        break;
    default:
        refill_batch(g, 32); /* what a single draw refills */
    }
    return g->batch[g->pos++];
}

/* The whole batch, by the fill kernel where it runs more chains. */
void nd__refill_bulk(nd_rng *g) {
    enum { B = sizeof g->batch / sizeof g->batch[0] };
    switch (g->kind) {
    case ND_BITGEN_PHILOX:
        philox_bulk(g);
        return;
    case ND_BITGEN_PCG64DXSM:
        nd__dxsm_batch(g, B);
        return;
    case ND_BITGEN_SFC64:
        nd__sfc_batch(g, B);
        return;
    default:
        break; /* MT19937 never batches (its draws are 32-bit) */
    }
    const nd_ktable *k = nd__kernels();
    if (k->pcg64_chains <= 4) {
        refill_batch(g, B);
        return;
    }
    g->batch_state = g->state;
    g->pos = 0, g->len = B;
    k->pcg64_fill(g->batch, B, &g->state, g->inc, false);
}

void nd__fill_doubles(nd_rng *g, int64_t n, double *out) {
    int64_t i = 0;
    while (i < n && g->pos < g->len) out[i++] = (double)(g->batch[g->pos++] >> 11) * 0x1p-53;
    if (g->kind == ND_BITGEN_PCG64) {
        nd__kernels()->pcg64_fill(out + i, n - i, &g->state, g->inc, true);
        return;
    }
    if (g->kind == ND_BITGEN_MT19937) {
        for (; i < n; i++) out[i] = nd__mt_next_double(g);
        return;
    }
    if (g->kind == ND_BITGEN_PHILOX) { /* whole blocks straight into out by the kernel */
        while (i < n && g->buffer_pos < 4) out[i++] = (double)(philox_next(g) >> 11) * 0x1p-53;
        int64_t nb = (n - i) / 4;
        if (nb > 0) {
            nd__kernels()->philox_fill(out + i, nb, g->ctr, g->key, true);
            philox_block(g->ctr, g->key, g->buffer); /* the last block, as NumPy keeps it */
            i += 4 * nb;
        }
        for (; i < n; i++) out[i] = (double)(philox_next(g) >> 11) * 0x1p-53;
        return;
    }
    if (n - i < 64) { /* a few: not worth a bulk batch */
        for (; i < n; i++) out[i] = nd__next_double(g);
        return;
    }
    while (i < n) { /* whole batches, converted in a loop the compiler keeps in registers */
        nd__refill_bulk(g);
        int64_t m = g->len < n - i ? g->len : n - i;
        const uint64_t *src = g->batch;
        double *dst = out + i;
        for (int64_t k = 0; k < m; k++) dst[k] = (double)(int64_t)(src[k] >> 11) * 0x1p-53;
        g->pos = (int)m, i += m;
    }
}

/* The state delta steps after s: Brown's algorithm, the LCG's affine map
   raised to delta in log2(delta) squarings. */
unsigned __int128 nd__lcg_jump(unsigned __int128 s, unsigned __int128 mult, unsigned __int128 inc,
                               unsigned __int128 delta) {
    unsigned __int128 acc_mult = 1, acc_plus = 0, cur_mult = mult, cur_plus = inc;
    for (; delta > 0; delta >>= 1) {
        if (delta & 1) acc_mult *= cur_mult, acc_plus = acc_plus * cur_mult + cur_plus;
        cur_plus = (cur_mult + 1) * cur_plus;
        cur_mult *= cur_mult;
    }
    return acc_mult * s + acc_plus;
}

void nd__settle(nd_rng *g) {
    if (g->pos == g->len) return;
    switch (g->kind) {
    case ND_BITGEN_PHILOX:
        philox_settle(g);
        return;
    case ND_BITGEN_PCG64DXSM:
        nd__dxsm_settle(g);
        return;
    case ND_BITGEN_SFC64:
        nd__sfc_settle(g);
        return;
    default:
        break;
    }
    g->state = nd__lcg_jump(g->batch_state, PCG_MULT, g->inc, (unsigned)g->pos);
    g->pos = g->len = 0;
}

uint32_t nd__next32(nd_rng *g) {
    if (g->kind == ND_BITGEN_MT19937) return nd__mt_next32(g); /* natively 32-bit */
    if (g->has_uint32) {
        g->has_uint32 = false;
        return g->uinteger;
    }
    uint64_t v = nd__next64(g);
    g->has_uint32 = true;
    g->uinteger = (uint32_t)(v >> 32);
    return (uint32_t)v;
}

/* PCG64.advance / Philox.advance: as if delta 64-bit draws were made; the
   buffered half word and Philox's block are dropped, as NumPy does. */
static void advance(nd_rng *g, unsigned __int128 delta_lo, uint64_t delta_hi_philox) {
    g->has_uint32 = false, g->uinteger = 0;
    if (g->kind == ND_BITGEN_PCG64 || g->kind == ND_BITGEN_PCG64DXSM) {
        g->state = nd__lcg_jump(g->state, g->kind == ND_BITGEN_PCG64 ? PCG_MULT : ND_DXSM_MULT,
                                g->inc, delta_lo);
        return;
    }
    uint64_t step[4] = {(uint64_t)delta_lo, (uint64_t)(delta_lo >> 64), delta_hi_philox, 0};
    int carry = 0;
    for (int i = 0; i < 4; i++) {
        if (carry) carry = ++g->ctr[i] == 0;
        uint64_t orig = g->ctr[i];
        g->ctr[i] += step[i];
        if (g->ctr[i] < orig && !carry) carry = 1;
    }
    memset(g->buffer, 0, sizeof g->buffer);
    g->buffer_pos = 4;
}

static const char *const bitgen_names[] = {"PCG64", "Philox", "MT19937", "PCG64DXSM", "SFC64"};

/* NumPy has advance for PCG64, PCG64DXSM and Philox only. */
static nd_status no_such_method(const char *func, const nd_rng *g, const char *what) {
    return nd__error(ND_ERR_UNSUPPORTED, func, "'%s' object has no attribute '%s'",
                     bitgen_names[g->kind], what);
}

int nd_rng_advance(nd_rng *g, uint64_t delta) {
    if (!g) return nd__null_arg("nd_rng_advance", "g");
    if (g->kind == ND_BITGEN_MT19937 || g->kind == ND_BITGEN_SFC64)
        return no_such_method("nd_rng_advance", g, "advance");
    nd__settle(g);
    advance(g, delta, 0);
    return ND_OK;
}

nd_rng *nd_rng_jumped(const nd_rng *g, uint64_t jumps) {
    if (!g) return nd__null_arg("nd_rng_jumped", "g"), NULL;
    if (g->kind == ND_BITGEN_SFC64) return no_such_method("nd_rng_jumped", g, "jumped"), NULL;
    if (g->kind == ND_BITGEN_MT19937) /* NumPy's jumps 2^128 steps by a jump polynomial */
        return nd__error(ND_ERR_UNSUPPORTED, "nd_rng_jumped", "MT19937.jumped is not implemented"),
               NULL;
    nd_rng *r = nd__malloc(sizeof *r);
    if (!r) return nd__nomem("nd_rng_jumped", sizeof *r), NULL;
    *r = *g;
    nd__settle(r);
    if (g->kind != ND_BITGEN_PHILOX) /* jumps * (phi - 1) * 2^128, wrapped to 128 bits */
        advance(r, ((unsigned __int128)0x9e3779b97f4a7c15ull << 64 | 0xf39cc0605cedc835ull) * jumps,
                0);
    else /* jumps * 2^128: the counter's upper half */
        advance(r, 0, jumps);
    return r;
}

/* ==== MT19937, PCG64DXSM and SFC64 ==== */

/* The bit generators beyond PCG64 and Philox, seeded as NumPy's:
   Generator(MT19937(seed)), Generator(PCG64DXSM(seed)), Generator(SFC64(seed)). */

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
