/* The bit generators: MT19937, PCG64DXSM and SFC64 (and Philox's
   vectorized blocks) draw NumPy 1.24's streams through every kind of
   method; random_raw; the state as a struct (against NumPy's
   bit_generator.state) and as bytes, round trips and bad states; copies;
   the vector Philox kernel against a scalar reference at every ISA level. */
#include <math.h>
#include <unistd.h>

#include "nd_random_streams.h"

enum { N = 100000 };
static const int64_t NS[1] = {N};

static nd_array *f32(nd_array **keep) { return *keep = nd_empty(ND_FLOAT32, 1, NS); }

/* One case: the NumPy expression on generator `g` and the nd call. */
#define CASES(X)                                                                                   \
    X("g.random(N)", nd_random(g, 1, NS, NULL))                                                    \
    X("g.random(N, dtype=np.float32)", nd_random(g, 1, NS, f32(&kept)))                            \
    X("g.integers(0, 10, N)", nd_integers(g, 0, 10, false, ND_INT64, 1, NS, NULL))                 \
    X("g.integers(-100, 100, N, dtype=np.int8)",                                                   \
      nd_integers(g, -100, 100, false, ND_INT8, 1, NS, NULL))                                      \
    X("g.integers(-2**63, 2**63 - 1, N, endpoint=True)",                                           \
      nd_integers(g, INT64_MIN, INT64_MAX, true, ND_INT64, 1, NS, NULL))                           \
    X("g.integers(0, 2, N, dtype=bool)", nd_integers(g, 0, 2, false, ND_BOOL, 1, NS, NULL))        \
    X("g.standard_normal(N)", nd_standard_normal(g, 1, NS, NULL))                                  \
    X("g.standard_exponential(N)", nd_standard_exponential(g, 1, NS, NULL))                        \
    X("g.gamma(3.7, 2.0, N)", nd_gamma(g, 3.7, 2.0, 1, NS, NULL))                                  \
    X("g.f(4, 7, N)", nd_f(g, 4, 7, 1, NS, NULL))                                                  \
    X("g.wald(2, 3, N)", nd_wald(g, 2, 3, 1, NS, NULL))                                            \
    X("g.gumbel(1, 2, N)", nd_gumbel(g, 1, 2, 1, NS, NULL))                                        \
    X("g.laplace(0.5, 2, N)", nd_laplace(g, 0.5, 2, 1, NS, NULL))                                  \
    X("g.standard_t(5, N)", nd_standard_t(g, 5, 1, NS, NULL))                                      \
    X("g.logistic(-1, 3, N)", nd_logistic(g, -1, 3, 1, NS, NULL))                                  \
    X("g.triangular(-1, 0.5, 3, N)", nd_triangular(g, -1, 0.5, 3, 1, NS, NULL))                    \
    X("g.negative_binomial(5, 0.3, N)", nd_negative_binomial(g, 5, 0.3, 1, NS, NULL))              \
    X("g.bit_generator.random_raw(N)", nd_random_raw(g, 1, NS, NULL))                              \
    X("(g.random(3), g.integers(0, 10**6, N, dtype=np.int32))[1]",                                 \
      (nd_release(nd_random(g, 1, (int64_t[]){3}, NULL)),                                          \
       nd_integers(g, 0, 1000000, false, ND_INT32, 1, NS, NULL)))                                  \
    X("(g.integers(0, 10, 3, dtype=np.int16), g.standard_normal(N))[1]",                           \
      (nd_release(nd_integers(g, 0, 10, false, ND_INT16, 1, (int64_t[]){3}, NULL)),                \
       nd_standard_normal(g, 1, NS, NULL)))                                                        \
    X("(g.integers(0, 10, 5, dtype=np.int16), g.bit_generator.random_raw(7), "                     \
      "g.integers(0, 2**16, N, dtype=np.uint16))[2]",                                              \
      (nd_release(nd_integers(g, 0, 10, false, ND_INT16, 1, (int64_t[]){5}, NULL)),                \
       nd_release(nd_random_raw(g, 1, (int64_t[]){7}, NULL)),                                      \
       nd_integers(g, 0, 65536, false, ND_UINT16, 1, NS, NULL)))

static const char *const py_cases[] = {
#define PY(py, c) py,
    CASES(PY)
#undef PY
};
enum { NCASES = sizeof py_cases / sizeof py_cases[0] };

static nd_array *kept; /* what a case keeps alive besides its result */

static nd_array *run_case(int i, nd_rng *g) {
    int k = 0;
    nd_array *r = NULL;
    kept = NULL;
#define RUN(py, c)                                                                                 \
    if (i == k++) r = (c);
    CASES(RUN)
#undef RUN
    return r;
}

/* The generators: NumPy's expression and nd's. */
static const char *const py_gens[] = {
    "np.random.Generator(np.random.MT19937(0))",
    "np.random.Generator(np.random.MT19937(42))",
    "np.random.Generator(np.random.MT19937(2**40 + 7))",
    "np.random.Generator(np.random.MT19937(np.random.SeedSequence(7).spawn(3)[2]))",
    "np.random.Generator(np.random.PCG64DXSM(0))",
    "np.random.Generator(np.random.PCG64DXSM(42))",
    "np.random.Generator(np.random.PCG64DXSM(7).jumped(2))",
    "np.random.Generator(np.random.PCG64DXSM(9).advance(123457))",
    "np.random.Generator(np.random.SFC64(0))",
    "np.random.Generator(np.random.SFC64(42))",
    "np.random.Generator(np.random.SFC64(2**33 + 1))",
    "np.random.Generator(np.random.Philox(3))",
    "np.random.Generator(np.random.Philox(11).advance(2**64 - 1000))",
    "np.random.default_rng(77)",
};
enum { NGENS = sizeof py_gens / sizeof py_gens[0] };

static nd_rng *make_gen(int i) {
    nd_rng *g = NULL, *t = NULL, *kids[3];
    switch (i) {
    case 0:
        return nd_rng_new_bitgen(ND_BITGEN_MT19937, 0);
    case 1:
        return nd_rng_new_bitgen(ND_BITGEN_MT19937, 42);
    case 2:
        return nd_rng_new_bitgen(ND_BITGEN_MT19937, (UINT64_C(1) << 40) + 7);
    case 3:
        t = nd_rng_new_bitgen(ND_BITGEN_MT19937, 7);
        nd_rng_spawn(t, 3, kids);
        nd_rng_free(t), nd_rng_free(kids[0]), nd_rng_free(kids[1]);
        return kids[2];
    case 4:
        return nd_rng_new_bitgen(ND_BITGEN_PCG64DXSM, 0);
    case 5:
        return nd_rng_new_bitgen(ND_BITGEN_PCG64DXSM, 42);
    case 6:
        t = nd_rng_new_bitgen(ND_BITGEN_PCG64DXSM, 7), g = nd_rng_jumped(t, 2);
        nd_rng_free(t);
        return g;
    case 7:
        g = nd_rng_new_bitgen(ND_BITGEN_PCG64DXSM, 9);
        nd_rng_advance(g, 123457);
        return g;
    case 8:
        return nd_rng_new_bitgen(ND_BITGEN_SFC64, 0);
    case 9:
        return nd_rng_new_bitgen(ND_BITGEN_SFC64, 42);
    case 10:
        return nd_rng_new_bitgen(ND_BITGEN_SFC64, (UINT64_C(1) << 33) + 1);
    case 11:
        return nd_rng_new_bitgen(ND_BITGEN_PHILOX, 3);
    case 12:
        g = nd_rng_new_bitgen(ND_BITGEN_PHILOX, 11);
        nd_rng_advance(g, UINT64_MAX - 999);
        return g;
    default:
        return nd_rng_new_bitgen(ND_BITGEN_PCG64, 77);
    }
}

/* a case's result and the array it kept alive */
static void done_case(nd_array *got) {
    if (got != kept) nd_release(got);
    nd_release(kept);
    kept = NULL;
}

START_TEST(vs_numpy) {
    char prelude[32];
    snprintf(prelude, sizeof prelude, "N = %d", N);
    const nd_stream_suite s = {prelude, NGENS,    py_gens,  make_gen,
                               NCASES,  py_cases, run_case, done_case};
    nd_stream_check(&s);
}
END_TEST

/* ---- the state against NumPy's bit_generator.state ---- */

/* The state as NumPy prints it below: every word, one per line. */
static int state_words(const nd_rng_state *s, uint64_t *w) {
    int n = 0;
    switch (s->kind) {
    case ND_BITGEN_PHILOX:
        for (int i = 0; i < 4; i++) w[n++] = s->u.philox.counter[i];
        for (int i = 0; i < 2; i++) w[n++] = s->u.philox.key[i];
        for (int i = 0; i < 4; i++) w[n++] = s->u.philox.buffer[i];
        w[n++] = (uint64_t)s->u.philox.buffer_pos;
        break;
    case ND_BITGEN_MT19937:
        for (int i = 0; i < ND_MT19937_WORDS; i++) w[n++] = s->u.mt19937.key[i];
        w[n++] = (uint64_t)s->u.mt19937.pos;
        return n; /* NumPy's MT19937 state has no buffered half */
    case ND_BITGEN_SFC64:
        for (int i = 0; i < 4; i++) w[n++] = s->u.sfc64.s[i];
        break;
    default:
        w[n++] = s->u.pcg64.state_hi, w[n++] = s->u.pcg64.state_lo;
        w[n++] = s->u.pcg64.inc_hi, w[n++] = s->u.pcg64.inc_lo;
    }
    w[n++] = s->has_uint32, w[n++] = s->uinteger;
    return n;
}

START_TEST(state_vs_numpy) {
    static const char *const names[] = {"PCG64", "Philox", "MT19937", "PCG64DXSM", "SFC64"};
    static const char *const py =
        "import numpy as np\n"
        "for name in ['PCG64', 'Philox', 'MT19937', 'PCG64DXSM', 'SFC64']:\n"
        "  g = np.random.Generator(getattr(np.random, name)(1234))\n"
        "  g.random(1001); g.integers(0, 10, 3, dtype=np.int16); g.standard_normal(777)\n"
        "  s = g.bit_generator.state; t = s['state']\n"
        "  if name in ('PCG64', 'PCG64DXSM'):\n"
        "    w = [t['state'] >> 64, t['state'] & (2**64 - 1), t['inc'] >> 64, t['inc'] & (2**64 - "
        "1)]\n"
        "  elif name == 'Philox': w = list(t['counter']) + list(t['key']) + list(s['buffer']) + "
        "[s['buffer_pos']]\n"
        "  elif name == 'MT19937': w = list(t['key']) + [t['pos']]\n"
        "  else: w = list(t['state'])\n"
        "  if name != 'MT19937': w += [s['has_uint32'], s['uinteger']]\n"
        "  print(len(w), *[int(x) for x in w])\n";
    char *out = nd_test_python(py);
    ck_assert_ptr_nonnull(out);
    char *p = out;
    for (int k = 0; k < ND_BITGEN_COUNT; k++) {
        nd_rng *g = nd_rng_new_bitgen((nd_bitgen)k, 1234);
        int64_t n1 = 1001, n2 = 3, n3 = 777;
        nd_release(nd_random(g, 1, &n1, NULL));
        nd_release(nd_integers(g, 0, 10, false, ND_INT16, 1, &n2, NULL));
        nd_release(nd_standard_normal(g, 1, &n3, NULL));
        nd_rng_state st;
        ck_assert_int_eq(nd_rng_get_state(g, &st), ND_OK);
        ck_assert_int_eq(st.kind, k);
        uint64_t w[ND_MT19937_WORDS + 4];
        int n = state_words(&st, w);
        char *end;
        long want_n = strtol(p, &end, 10);
        ck_assert_int_eq(want_n, n);
        for (int i = 0; i < n; i++) {
            p = end;
            unsigned long long v = strtoull(p, &end, 10);
            ck_assert_msg(v == w[i], "%s: state word %d is %llu, NumPy's %llu", names[k], i,
                          (unsigned long long)w[i], v);
        }
        p = end;
        nd_rng_free(g);
    }
    free(out);
}
END_TEST

/* ---- round trips ---- */

/* A mix of draws that leaves a buffered half word and a part-used Philox
   block behind, as one float64 array (the bits of every value). */
static nd_array *draws(nd_rng *g) {
    int64_t a = 1001, b = 777, c = 5, d = 301;
    nd_array *x[4] = {nd_random(g, 1, &a, NULL), nd_standard_normal(g, 1, &b, NULL),
                      nd_integers(g, -100, 100, false, ND_INT8, 1, &c, NULL),
                      nd_random_raw(g, 1, &d, NULL)};
    int64_t n = a + b + c + d;
    nd_array *r = nd_empty(ND_FLOAT64, 1, &n);
    char *o = nd_data(r);
    memcpy(o, nd_data(x[0]), 8 * (size_t)a), o += 8 * a;
    memcpy(o, nd_data(x[1]), 8 * (size_t)b), o += 8 * b;
    memset(o, 0, 8 * (size_t)c);
    memcpy(o, nd_data(x[2]), (size_t)c), o += 8 * c;
    memcpy(o, nd_data(x[3]), 8 * (size_t)d);
    for (int i = 0; i < 4; i++) nd_release(x[i]);
    return r;
}

static void same(nd_array *a, nd_array *b, const char *what, int kind) {
    ck_assert_msg(a && b && nd_size(a) == nd_size(b), "kind %d: %s: no draws", kind, what);
    const uint64_t *x = nd_data(a), *y = nd_data(b);
    int64_t i = 0;
    while (i < nd_size(a) && x[i] == y[i]) i++;
    ck_assert_msg(i == nd_size(a), "kind %d: %s: draw %lld differs", kind, what, (long long)i);
    nd_release(a), nd_release(b);
}

START_TEST(round_trips) {
    for (int k = 0; k < ND_BITGEN_COUNT; k++) {
        nd_rng *g = nd_rng_new_bitgen((nd_bitgen)k, 99 + (uint64_t)k);
        int64_t odd = 3;
        nd_release(nd_integers(g, 0, 10, false, ND_INT16, 1, &odd, NULL)); /* half word left */
        nd_release(draws(g));
        /* struct */
        nd_rng_state st;
        ck_assert_int_eq(nd_rng_get_state(g, &st), ND_OK);
        nd_array *first = draws(g);
        ck_assert_int_eq(nd_rng_set_state(g, &st), ND_OK);
        same(first, draws(g), "set_state", k);
        /* bytes, into a generator of another kind and seed */
        size_t len;
        ck_assert_int_eq(nd_rng_save(g, NULL, 0, &len), ND_OK);
        unsigned char *buf = malloc(len);
        ck_assert_int_eq(nd_rng_save(g, buf, len, &len), ND_OK);
        nd_rng *h = nd_rng_new_bitgen((nd_bitgen)((k + 1) % ND_BITGEN_COUNT), 5);
        ck_assert_int_eq(nd_rng_load(h, buf, len), ND_OK);
        ck_assert_int_eq(nd_rng_bitgen(h), k);
        first = draws(g);
        same(first, draws(h), "save/load", k);
        /* the seed sequence came along: the same children */
        nd_rng *c1, *c2;
        ck_assert_int_eq(nd_rng_spawn(g, 1, &c1), ND_OK);
        ck_assert_int_eq(nd_rng_spawn(h, 1, &c2), ND_OK);
        same(draws(c1), draws(c2), "spawn after load", k);
        nd_rng_free(c1), nd_rng_free(c2);
        /* copies continue the same stream, independently */
        nd_rng *cp = nd_rng_copy(g), *cp2 = nd_rng_copy(g);
        nd_array *from_g = draws(g);
        same(from_g, draws(cp), "copy", k);
        nd_release(draws(cp)); /* moves cp only */
        same(draws(g), (nd_release(draws(cp2)), draws(cp2)), "copy independence", k);
        nd_rng_free(cp), nd_rng_free(cp2), nd_rng_free(h), nd_rng_free(g);
        free(buf);
    }
}
END_TEST

/* ---- bad states ---- */

static uint64_t fnv1a(const unsigned char *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static void reseal(unsigned char *b, size_t len) {
    uint64_t h = fnv1a(b, len - 8);
    for (int i = 0; i < 8; i++) b[len - 8 + (size_t)i] = (unsigned char)(h >> (8 * i));
}

START_TEST(bad_states) {
    nd_rng *g = nd_rng_new_bitgen(ND_BITGEN_PHILOX, 1),
           *m = nd_rng_new_bitgen(ND_BITGEN_MT19937, 1);
    int64_t n = 5;
    nd_array *before = nd_random_raw(g, 1, &n, NULL);
    nd_rng_state st, orig;
    nd_rng_get_state(g, &orig);
#define BAD(call, status, msg)                                                                     \
    do {                                                                                           \
        nd_clear_error();                                                                          \
        ck_assert_int_eq((call), status);                                                          \
        ck_assert_str_eq(nd_last_error_message(), msg);                                            \
        nd_clear_error();                                                                          \
    } while (0)
    nd_rng_get_state(m, &st);
    BAD(nd_rng_set_state(g, &st), ND_ERR_VALUE,
        "nd_rng_set_state: state must be for a Philox PRNG");
    st = orig, st.u.philox.buffer_pos = 5;
    BAD(nd_rng_set_state(g, &st), ND_ERR_VALUE,
        "nd_rng_set_state: Philox buffer_pos must be in 0..4");
    st = orig, st.kind = (nd_bitgen)7;
    BAD(nd_rng_set_state(g, &st), ND_ERR_VALUE, "nd_rng_set_state: unknown bit generator 7");
    nd_rng_get_state(m, &st);
    st.u.mt19937.pos = 625;
    BAD(nd_rng_set_state(m, &st), ND_ERR_VALUE, "nd_rng_set_state: MT19937 pos must be in 0..624");
    memset(st.u.mt19937.key, 0, sizeof st.u.mt19937.key), st.u.mt19937.pos = 0;
    BAD(nd_rng_set_state(m, &st), ND_ERR_VALUE,
        "nd_rng_set_state: MT19937 key is all zero (the generator would draw only zeros)");
    /* records */
    size_t len;
    nd_rng_save(g, NULL, 0, &len);
    unsigned char *b = malloc(len + 8), *c = malloc(len + 8);
    nd_rng_save(g, b, len, &len);
    BAD(nd_rng_save(g, b, len - 1, &len), ND_ERR_VALUE,
        "nd_rng_save: buffer of 131 bytes, the state needs 132");
    BAD(nd_rng_load(g, b, 10), ND_ERR_FORMAT,
        "nd_rng_load: a state record of 10 bytes is too short");
    BAD(nd_rng_load(g, b, len - 1), ND_ERR_FORMAT,
        "nd_rng_load: state record of 131 bytes, its header says 132");
    memcpy(c, b, len), c[0] = 'X';
    BAD(nd_rng_load(g, c, len), ND_ERR_FORMAT, "nd_rng_load: not a generator state (bad magic)");
    memcpy(c, b, len), c[6] = 2;
    BAD(nd_rng_load(g, c, len), ND_ERR_FORMAT,
        "nd_rng_load: state record version 2 (this nd reads 1)");
    memcpy(c, b, len), c[40] ^= 1;
    BAD(nd_rng_load(g, c, len), ND_ERR_FORMAT, "nd_rng_load: state record checksum mismatch");
    memcpy(c, b, len), c[8] = 9, reseal(c, len);
    BAD(nd_rng_load(g, c, len), ND_ERR_VALUE, "nd_rng_load: unknown bit generator 9");
    memcpy(c, b, len), c[8] = ND_BITGEN_SFC64, reseal(c, len); /* Philox's words as SFC64's */
    BAD(nd_rng_load(g, c, len), ND_ERR_FORMAT,
        "nd_rng_load: state record payload has the wrong length for SFC64");
    memcpy(c, b, len), c[16 + 8 + 80] = 9, reseal(c, len); /* buffer_pos */
    BAD(nd_rng_load(g, c, len), ND_ERR_VALUE, "nd_rng_load: Philox buffer_pos must be in 0..4");
    /* g still continues where it was */
    nd_rng *fresh = nd_rng_new_bitgen(ND_BITGEN_PHILOX, 1);
    nd_release(nd_random_raw(fresh, 1, &n, NULL));
    nd_array *x = nd_random_raw(g, 1, &n, NULL), *y = nd_random_raw(fresh, 1, &n, NULL);
    ck_assert(!memcmp(nd_data(x), nd_data(y), 40));
    nd_release(x), nd_release(y), nd_rng_free(fresh);
    /* methods NumPy does not have */
    nd_rng *s = nd_rng_new_bitgen(ND_BITGEN_SFC64, 1);
    BAD(nd_rng_advance(s, 3), ND_ERR_UNSUPPORTED,
        "nd_rng_advance: 'SFC64' object has no attribute 'advance'");
    ck_assert_ptr_null(nd_rng_jumped(s, 1));
    ck_assert_nd_error(ND_ERR_UNSUPPORTED);
    ck_assert_ptr_null(nd_rng_new_bitgen((nd_bitgen)5, 1));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_array *wrong = nd_empty(ND_INT64, 1, &n);
    ck_assert_ptr_null(nd_random_raw(g, 0, NULL, wrong));
    ck_assert_nd_error(ND_ERR_DTYPE);
    nd_release(wrong), nd_rng_free(s);
    free(b), free(c);
    nd_release(before);
    nd_rng_free(g), nd_rng_free(m);
}
END_TEST

/* ---- the vector Philox kernel against a scalar Philox 4x64-10 ---- */

static void ref_block(const uint64_t ctr[4], const uint64_t key[2], uint64_t out[4]) {
    uint64_t c[4] = {ctr[0], ctr[1], ctr[2], ctr[3]}, k0 = key[0], k1 = key[1];
    for (int r = 0; r < 10; r++) {
        unsigned __int128 p0 = (unsigned __int128)0xD2E7470EE14C6C93ull * c[0];
        unsigned __int128 p1 = (unsigned __int128)0xCA5A826395121157ull * c[2];
        uint64_t n0 = (uint64_t)(p1 >> 64) ^ c[1] ^ k0, n2 = (uint64_t)(p0 >> 64) ^ c[3] ^ k1;
        c[0] = n0, c[1] = (uint64_t)p1, c[2] = n2, c[3] = (uint64_t)p0;
        k0 += 0x9E3779B97F4A7C15ull, k1 += 0xBB67AE8584CAA73Bull;
    }
    memcpy(out, c, sizeof c);
}

/* The next n raw draws from state st, by the reference. */
static void ref_stream(nd_rng_state st, int64_t n, uint64_t *out) {
    for (int64_t i = 0; i < n; i++) {
        if (st.u.philox.buffer_pos == 4) {
            for (int w = 0; w < 4 && ++st.u.philox.counter[w] == 0; w++) {
            }
            ref_block(st.u.philox.counter, st.u.philox.key, st.u.philox.buffer);
            st.u.philox.buffer_pos = 0;
        }
        out[i] = st.u.philox.buffer[st.u.philox.buffer_pos++];
    }
}

START_TEST(philox_every_isa) {
    static const char *const isas[] = {"scalar", "baseline", "avx2", "avx512"};
    static const int64_t lens[] = {1, 3, 63, 64, 65, 255, 256, 257, 1000, 4099};
    static const uint64_t starts[] = {0, 1, UINT64_MAX - 40, UINT64_MAX - 3};
    uint64_t *want = malloc(8 * 4100);
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(isas[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        for (int s = 0; s < 4; s++)
            for (int off = 0; off < 4; off++)
                for (int li = 0; li < 10; li++) {
                    nd_rng *g = nd_rng_new_philox(31 + (uint64_t)s);
                    nd_rng_state st;
                    nd_rng_get_state(g, &st);
                    st.u.philox.counter[0] = starts[s]; /* carries in and out of word 0 */
                    st.u.philox.counter[1] = s == 3 ? UINT64_MAX : 0;
                    nd_rng_set_state(g, &st);
                    int64_t o = off;
                    nd_release(nd_random_raw(g, 1, &o, NULL)); /* a part-used block */
                    nd_rng_get_state(g, &st);
                    ref_stream(st, lens[li], want);
                    nd_array *got = nd_random_raw(g, 1, &lens[li], NULL);
                    ck_assert_msg(!memcmp(nd_data(got), want, 8 * (size_t)lens[li]),
                                  "%s: counter %d, offset %d, length %lld: raw draws differ",
                                  isas[l], s, off, (long long)lens[li]);
                    /* and the state after is the reference's */
                    nd_rng_state after;
                    nd_rng_get_state(g, &after);
                    int64_t one = 1;
                    nd_array *next = nd_random_raw(g, 1, &one, NULL);
                    uint64_t ref_next[1];
                    ref_stream(after, 1, ref_next);
                    ck_assert(((uint64_t *)nd_data(next))[0] == ref_next[0]);
                    ref_stream(st, lens[li] + 1, want);
                    ck_assert(want[lens[li]] == ref_next[0]);
                    /* doubles through the bulk path: the same bits */
                    nd_rng_set_state(g, &st);
                    nd_array *d = nd_random(g, 1, &lens[li], NULL);
                    const double *dv = nd_data(d);
                    for (int64_t i = 0; i < lens[li]; i++)
                        ck_assert(dv[i] == (double)(want[i] >> 11) * 0x1p-53);
                    nd_release(d), nd_release(next), nd_release(got);
                    nd_rng_free(g);
                }
    }
    nd_set_isa(nd_isa_best());
    free(want);
}
END_TEST

/* Moments of the new generators through the bulk paths (|z| < 6). */
START_TEST(statistics) {
    int64_t n = 200000;
    for (int k = 0; k < ND_BITGEN_COUNT; k++) {
        nd_rng *g = nd_rng_new_bitgen((nd_bitgen)k, 2024);
        nd_array *a = nd_standard_normal(g, 1, &n, NULL);
        const double *x = nd_data(a);
        double m = 0, v = 0;
        for (int64_t i = 0; i < n; i++) m += x[i];
        m /= (double)n;
        for (int64_t i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m);
        v /= (double)(n - 1);
        ck_assert_msg(fabs(m) * sqrt((double)n) < 6 && fabs(v - 1) / sqrt(2.0 / (double)n) < 6,
                      "kind %d: mean %g var %g", k, m, v);
        nd_release(a), nd_rng_free(g);
    }
}
END_TEST

int main(void) {
    Suite *s = suite_create("random_bitgen");
    TCase *tc = tcase_create("random_bitgen");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, vs_numpy);
    tcase_add_test(tc, state_vs_numpy);
    tcase_add_test(tc, round_trips);
    tcase_add_test(tc, bad_states);
    tcase_add_test(tc, philox_every_isa);
    tcase_add_test(tc, statistics);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
