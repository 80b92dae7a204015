/* A generator's state out and in (NumPy's bit_generator.state, and a
   versioned byte record for checkpoints), copies, and random_raw. */
#include <string.h>

#include "copy/copy.h"
#include "dispatch/dispatch.h"
#include "random/bitgen.h"

static const char *const names[ND_BITGEN_COUNT] = {"PCG64", "Philox", "MT19937", "PCG64DXSM",
                                                   "SFC64"};

nd_bitgen nd_rng_bitgen(const nd_rng *g) {
    if (!g) return nd__null_arg("nd_rng_bitgen", "g"), ND_BITGEN_PCG64;
    return g->kind;
}

nd_rng *nd_rng_copy(const nd_rng *g) {
    if (!g) return nd__null_arg("nd_rng_copy", "g"), NULL;
    nd_rng *r = nd__malloc(sizeof *r);
    if (!r) return nd__nomem("nd_rng_copy", sizeof *r), NULL;
    *r = *g; /* the batch too: both continue the same stream */
    return r;
}

/* ---- the state as a struct ---- */

static void get_state(const nd_rng *g, nd_rng_state *st) {
    nd_rng t = *g; /* settled on a copy: reading does not change g */
    nd__settle(&t);
    memset(st, 0, sizeof *st);
    st->kind = t.kind;
    st->has_uint32 = t.has_uint32, st->uinteger = t.uinteger;
    switch (t.kind) {
    case ND_BITGEN_PHILOX:
        memcpy(st->u.philox.counter, t.ctr, sizeof t.ctr);
        memcpy(st->u.philox.key, t.key, sizeof t.key);
        memcpy(st->u.philox.buffer, t.buffer, sizeof t.buffer);
        st->u.philox.buffer_pos = t.buffer_pos;
        break;
    case ND_BITGEN_MT19937:
        memcpy(st->u.mt19937.key, t.mt, sizeof t.mt);
        st->u.mt19937.pos = t.mt_pos;
        st->has_uint32 = false, st->uinteger = 0; /* MT19937's draws are 32-bit: nothing buffered */
        break;
    case ND_BITGEN_SFC64:
        memcpy(st->u.sfc64.s, t.sfc, sizeof t.sfc);
        break;
    default:
        st->u.pcg64.state_hi = (uint64_t)(t.state >> 64), st->u.pcg64.state_lo = (uint64_t)t.state;
        st->u.pcg64.inc_hi = (uint64_t)(t.inc >> 64), st->u.pcg64.inc_lo = (uint64_t)t.inc;
    }
}

int nd_rng_get_state(const nd_rng *g, nd_rng_state *st) {
    if (!g || !st) return nd__null_arg("nd_rng_get_state", g ? "st" : "g");
    get_state(g, st);
    return ND_OK;
}

/* NULL if st is a valid state of its kind, else what is wrong with it. */
static const char *bad_state(const nd_rng_state *st) {
    if (st->kind == ND_BITGEN_PHILOX &&
        (st->u.philox.buffer_pos < 0 || st->u.philox.buffer_pos > 4))
        return "Philox buffer_pos must be in 0..4";
    if (st->kind == ND_BITGEN_MT19937) {
        if (st->u.mt19937.pos < 0 || st->u.mt19937.pos > ND_MT19937_WORDS)
            return "MT19937 pos must be in 0..624";
        uint32_t any = 0;
        for (int i = 0; i < ND_MT19937_WORDS; i++) any |= st->u.mt19937.key[i];
        if (!any) return "MT19937 key is all zero (the generator would draw only zeros)";
    }
    return NULL;
}

/* Sets a checked state of g's kind. */
static void set_state(nd_rng *g, const nd_rng_state *st) {
    g->pos = g->len = 0; /* the batch belonged to the old state */
    g->has_uint32 = st->has_uint32, g->uinteger = st->uinteger;
    switch (st->kind) {
    case ND_BITGEN_PHILOX:
        memcpy(g->ctr, st->u.philox.counter, sizeof g->ctr);
        memcpy(g->key, st->u.philox.key, sizeof g->key);
        memcpy(g->buffer, st->u.philox.buffer, sizeof g->buffer);
        g->buffer_pos = st->u.philox.buffer_pos;
        break;
    case ND_BITGEN_MT19937:
        memcpy(g->mt, st->u.mt19937.key, sizeof g->mt);
        g->mt_pos = st->u.mt19937.pos;
        g->has_uint32 = false, g->uinteger = 0;
        break;
    case ND_BITGEN_SFC64:
        memcpy(g->sfc, st->u.sfc64.s, sizeof g->sfc);
        break;
    default: {
        typedef unsigned __int128 u128;
        g->state = (u128)st->u.pcg64.state_hi << 64 | st->u.pcg64.state_lo;
        g->inc = (u128)st->u.pcg64.inc_hi << 64 | st->u.pcg64.inc_lo;
        /* PCG64's batch steps (4 at once) follow the increment */
        u128 m = ((u128)0x2360ED051FC65DA4ull << 64) | 0x4385DF649FCCF645ull;
        u128 a2 = m * m, c2 = m * g->inc + g->inc;
        g->a4 = a2 * a2, g->c4 = a2 * c2 + c2;
    }
    }
}

int nd_rng_set_state(nd_rng *g, const nd_rng_state *st) {
    static const char *func = "nd_rng_set_state";
    if (!g || !st) return nd__null_arg(func, g ? "st" : "g");
    if ((unsigned)st->kind >= ND_BITGEN_COUNT)
        return nd__error(ND_ERR_VALUE, func, "unknown bit generator %d", (int)st->kind);
    if (st->kind != g->kind)
        return nd__error(ND_ERR_VALUE, func, "state must be for a %s PRNG", names[g->kind]);
    const char *bad = bad_state(st);
    if (bad) return nd__error(ND_ERR_VALUE, func, "%s", bad);
    set_state(g, st);
    return ND_OK;
}

/* ---- the state as bytes ----
   "NDRNG\0", version (u16), kind (u32), payload bytes (u32), the payload,
   FNV-1a 64 of everything before it (u64); little endian throughout.
   Payload: has_uint32, uinteger, the kind's words, then the SeedSequence:
   nentropy, entropy, nkey, key, spawned (u32 each). */

enum { REC_VERSION = 1, HEAD = 16, TAIL = 8 };
static const char magic[6] = {'N', 'D', 'R', 'N', 'G', 0};

typedef struct {
    unsigned char *p; /* NULL: only count */
    const unsigned char *q;
    size_t n, len;
    bool short_read;
} cursor;

static void put(cursor *c, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; i++)
        if (c->p) c->p[c->n + (size_t)i] = (unsigned char)(v >> (8 * i));
    c->n += (size_t)bytes;
}

static uint64_t get(cursor *c, int bytes) {
    if (c->len - c->n < (size_t)bytes) return c->short_read = true, 0;
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v |= (uint64_t)c->q[c->n + (size_t)i] << (8 * i);
    c->n += (size_t)bytes;
    return v;
}

static uint64_t fnv1a(const unsigned char *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

/* The payload out (out true) or in: one walk over the fields for both. */
static void payload(cursor *c, nd_rng_state *st, nd_seedseq *s, bool out) {
#define FIELD(x, bytes)                                                                            \
    do {                                                                                           \
        if (out)                                                                                   \
            put(c, (uint64_t)(x), bytes);                                                          \
        else                                                                                       \
            (x) = (__typeof__(x))get(c, bytes);                                                    \
    } while (0)
    uint32_t has = st->has_uint32;
    FIELD(has, 4);
    st->has_uint32 = has != 0;
    FIELD(st->uinteger, 4);
    switch (st->kind) {
    case ND_BITGEN_PHILOX:
        for (int i = 0; i < 4; i++) FIELD(st->u.philox.counter[i], 8);
        for (int i = 0; i < 2; i++) FIELD(st->u.philox.key[i], 8);
        for (int i = 0; i < 4; i++) FIELD(st->u.philox.buffer[i], 8);
        FIELD(st->u.philox.buffer_pos, 4);
        break;
    case ND_BITGEN_MT19937:
        for (int i = 0; i < ND_MT19937_WORDS; i++) FIELD(st->u.mt19937.key[i], 4);
        FIELD(st->u.mt19937.pos, 4);
        break;
    case ND_BITGEN_SFC64:
        for (int i = 0; i < 4; i++) FIELD(st->u.sfc64.s[i], 8);
        break;
    default:
        FIELD(st->u.pcg64.state_hi, 8);
        FIELD(st->u.pcg64.state_lo, 8);
        FIELD(st->u.pcg64.inc_hi, 8);
        FIELD(st->u.pcg64.inc_lo, 8);
    }
    FIELD(s->nentropy, 4);
    for (int i = 0; i < s->nentropy && i < ND_SEED_MAX_WORDS; i++) FIELD(s->entropy[i], 4);
    FIELD(s->nkey, 4);
    for (int i = 0; i < s->nkey && i < ND_SEED_MAX_WORDS; i++) FIELD(s->key[i], 4);
    FIELD(s->spawned, 4);
#undef FIELD
}

int nd_rng_save(const nd_rng *g, void *buf, size_t cap, size_t *len) {
    static const char *func = "nd_rng_save";
    if (!g || !len) return nd__null_arg(func, g ? "len" : "g");
    nd_rng_state st;
    get_state(g, &st);
    nd_seedseq s = g->seq;
    cursor c = {0};
    c.n = HEAD;
    payload(&c, &st, &s, true);
    size_t size = c.n + TAIL;
    *len = size;
    if (!buf) return ND_OK;
    if (cap < size)
        return nd__error(ND_ERR_VALUE, func, "buffer of %zu bytes, the state needs %zu", cap, size);
    c.p = buf, c.n = 0;
    for (int i = 0; i < 6; i++) put(&c, (unsigned char)magic[i], 1);
    put(&c, REC_VERSION, 2);
    put(&c, (uint64_t)st.kind, 4);
    put(&c, size - HEAD - TAIL, 4);
    payload(&c, &st, &s, true);
    put(&c, fnv1a(buf, c.n), 8);
    return ND_OK;
}

int nd_rng_load(nd_rng *g, const void *buf, size_t len) {
    static const char *func = "nd_rng_load";
    if (!g || !buf) return nd__null_arg(func, g ? "buf" : "g");
    const unsigned char *b = buf;
    if (len < HEAD + TAIL)
        return nd__error(ND_ERR_FORMAT, func, "a state record of %zu bytes is too short", len);
    if (memcmp(b, magic, sizeof magic))
        return nd__error(ND_ERR_FORMAT, func, "not a generator state (bad magic)");
    cursor c = {.q = b, .len = len, .n = sizeof magic};
    uint64_t version = get(&c, 2), kind = get(&c, 4), plen = get(&c, 4);
    if (version != REC_VERSION)
        return nd__error(ND_ERR_FORMAT, func, "state record version %u (this nd reads %d)",
                         (unsigned)version, REC_VERSION);
    if (plen != len - HEAD - TAIL)
        return nd__error(ND_ERR_FORMAT, func, "state record of %zu bytes, its header says %llu",
                         len, (unsigned long long)plen + HEAD + TAIL);
    c.len = len - TAIL;
    uint64_t sum = fnv1a(b, len - TAIL);
    cursor t = {.q = b, .len = len, .n = len - TAIL};
    if (get(&t, 8) != sum) return nd__error(ND_ERR_FORMAT, func, "state record checksum mismatch");
    if (kind >= ND_BITGEN_COUNT)
        return nd__error(ND_ERR_VALUE, func, "unknown bit generator %llu",
                         (unsigned long long)kind);
    nd_rng_state st;
    memset(&st, 0, sizeof st);
    st.kind = (nd_bitgen)kind;
    nd_seedseq s;
    memset(&s, 0, sizeof s);
    payload(&c, &st, &s, false);
    if (c.short_read || c.n != c.len)
        return nd__error(ND_ERR_FORMAT, func, "state record payload has the wrong length for %s",
                         names[kind]);
    if (s.nentropy < 0 || s.nentropy > ND_SEED_MAX_WORDS || s.nkey < 0 ||
        s.nkey > ND_SEED_MAX_WORDS - 2)
        return nd__error(ND_ERR_FORMAT, func, "state record has a bad seed sequence");
    const char *bad = bad_state(&st);
    if (bad) return nd__error(ND_ERR_VALUE, func, "%s", bad);
    /* the whole generator: its bit generator too, and the seed sequence */
    uint32_t spawned = s.spawned;
    nd__seedseq_init(&g->seq, s.nentropy, s.entropy, s.nkey, s.key);
    g->seq.spawned = spawned;
    g->kind = st.kind;
    set_state(g, &st);
    return ND_OK;
}

/* ---- random_raw ---- */

static void raw_fill(nd_rng *g, int64_t n, uint64_t *o) {
    int64_t i = 0;
    if (g->kind == ND_BITGEN_MT19937) { /* next_raw is one 32-bit draw */
        for (; i < n; i++) o[i] = nd__mt_next32(g);
        return;
    }
    while (i < n && g->pos < g->len) o[i++] = g->batch[g->pos++];
    if (n - i < 64) {
        for (; i < n; i++) o[i] = nd__next64(g);
    } else if (g->kind == ND_BITGEN_PCG64) {
        nd__kernels()->pcg64_fill(o + i, n - i, &g->state, g->inc, false);
    } else {
        while (i < n) {
            nd__refill_bulk(g);
            int64_t m = g->len < n - i ? g->len : n - i;
            memcpy(o + i, g->batch, sizeof(uint64_t) * (size_t)m);
            i += m, g->pos = (int)m;
        }
    }
}

nd_array *nd_random_raw(nd_rng *g, int ndim, const int64_t *shape, nd_array *out) {
    static const char *func = "nd_random_raw";
    if (!g) return nd__null_arg(func, "g"), NULL;
    nd_array *r = out;
    if (out) {
        if (nd__check_writeable(func, out)) return NULL;
        if (out->dtype != ND_UINT64)
            return nd__error(ND_ERR_DTYPE, func, "out has dtype %s, the result is uint64",
                             nd_dtype_name(out->dtype)),
                   NULL;
    } else {
        if (ndim < 0 || ndim > ND_MAX_DIMS)
            return nd__error(ND_ERR_VALUE, func, "bad shape (ndim %d)", ndim), NULL;
        if (ndim > 0 && !shape) return nd__null_arg(func, "shape"), NULL;
        if (!(r = nd__alloc(func, ND_UINT64, ndim, shape, ND_ORDER_C, false))) return NULL;
    }
    /* C order, through a contiguous buffer for a strided out */
    nd_array *dst = nd_is_c_contiguous(r)
                        ? r
                        : nd__alloc(func, ND_UINT64, r->ndim, r->shape, ND_ORDER_C, false);
    if (!dst) return NULL;
    raw_fill(g, nd_size(dst), (uint64_t *)(void *)dst->data);
    nd__settle(g);
    if (dst == r) return r;
    nd_status st = nd__copy_into(func, r, dst);
    nd_release(dst);
    return st ? NULL : r;
}
