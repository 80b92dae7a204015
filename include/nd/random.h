/** @file
 * Random numbers: NumPy's Generator, bit for bit.
 *
 * @defgroup random Random numbers
 * NumPy's Generator and its distributions, bit for bit (src/random).
 *
 * A generator (nd_rng) is an explicit object, never global state, and is
 * safe to use from one thread at a time (give each thread its own, e.g.
 * from nd_rng_spawn). nd_rng_new(seed) produces exactly the stream of
 * np.random.default_rng(seed) (PCG64 seeded through NumPy's SeedSequence),
 * nd_rng_new_philox(seed) that of np.random.Generator(np.random.Philox(seed)),
 * nd_rng_new_bitgen(kind, seed) those of MT19937, PCG64DXSM and SFC64 too.
 * A generator's state can be read and set (nd_rng_get_state, as NumPy's
 * bit_generator.state) and saved as bytes (nd_rng_save, nd_rng_load).
 * Every distribution draws the same values as NumPy 1.24's Generator method
 * of the same name with scalar parameters, in C order into the result:
 * the same algorithms (ziggurat normal and exponential, Marsaglia-Tsang
 * gamma, BTPE binomial, PTRS Poisson, Lemire's bounded integers, Floyd's
 * sampling in choice) and the same libm calls (glibc's exp, log, log1p, pow;
 * not SLEEF, where bit-exactness depends on them).
 *
 * Shapes: a function fills out when given (any shape; float results into a
 * float64 array, nd_random also into float32; integer results into the
 * dtype they say) and returns it, else returns a new C-contiguous array of
 * shape (ndim, shape). Parameters are scalars here; nd_random_a() and
 * nd_integers_a() take arrays of parameters that broadcast, as NumPy's. Bad parameters are
 * ND_ERR_VALUE with NumPy's message ("scale < 0", "p < 0, p > 1 or p is NaN", ...).
 * @{ */
#ifndef ND_RANDOM_H
#define ND_RANDOM_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A random generator: a bit generator and its state (opaque; nd_rng_new(), nd_rng_free()). */
typedef struct nd_rng nd_rng;

/** A PCG64 generator seeded as np.random.default_rng(seed).
 *
 * Both constructors seed through NumPy's SeedSequence.
 * @param seed  the seed.
 * @return a new generator to free with nd_rng_free(); NULL on error. */
ND_API nd_rng *nd_rng_new(uint64_t seed);
/** A Philox generator: np.random.Generator(np.random.Philox(seed)).
 * @param seed  the seed.
 * @return a new generator to free with nd_rng_free(); NULL on error. */
ND_API nd_rng *nd_rng_new_philox(uint64_t seed);
/** A generator from a SeedSequence with a spawn key.
 *
 * The generator of SeedSequence(seed, spawn_key=key) (nkey words), i.e.
 * default_rng(SeedSequence(seed).spawn(n)[i]) for key = {i}.
 * @param seed    the seed.
 * @param nkey    the number of key words.
 * @param key     nkey words.
 * @param philox  Philox (true) or PCG64 (false).
 * @return a new generator to free with nd_rng_free(); NULL on error. */
ND_API nd_rng *nd_rng_new_key(uint64_t seed, int nkey, const uint32_t *key, bool philox);
/** Independent child generators: SeedSequence.spawn(n).
 *
 * n independent children, as g's SeedSequence.spawn(n) makes them (each call continues the
 * numbering, as NumPy's does); same bit generator.
 * @param g         the generator.
 * @param n         the number of children.
 * @param children  receives n new generators (each to free).
 * @return ND_OK or an error status. */
ND_API int nd_rng_spawn(nd_rng *g, int n, nd_rng **children);
/** Frees a generator.
 * @param g  the generator, or NULL (then nothing happens). */
ND_API void nd_rng_free(nd_rng *g);
/** A copy of a generator jumped ahead: bit_generator.jumped(jumps).
 *
 * bit_generator.jumped(jumps): a new generator whose state is advanced as if jumps * 2^128
 * (Philox) or jumps * the golden-ratio step (PCG64, PCG64DXSM) draws were made;
 * nd_rng_advance(g, delta) is bit_generator.advance. SFC64 has neither (ND_ERR_UNSUPPORTED, as
 * NumPy's AttributeError); MT19937's jumped is not implemented yet (ND_ERR_UNSUPPORTED).
 * @param g      the generator.
 * @param jumps  the number of jumps.
 * @return a new generator to free with nd_rng_free(); NULL on error. */
ND_API nd_rng *nd_rng_jumped(const nd_rng *g, uint64_t jumps);
/** Advances a generator by delta draws: bit_generator.advance(delta).
 *
 * PCG64, PCG64DXSM and Philox; MT19937 and SFC64 have no advance in NumPy
 * (ND_ERR_UNSUPPORTED).
 * @param g      the generator.
 * @param delta  the number of draws skipped.
 * @return ND_OK or an error status. */
ND_API int nd_rng_advance(nd_rng *g, uint64_t delta);

/** The bit generators NumPy ships, for nd_rng_new_bitgen().
 *
 * Each is seeded through NumPy's SeedSequence exactly as
 * np.random.Generator(np.random.\<Name\>(seed)), and every distribution draws
 * through it as NumPy's Generator does (MT19937 included: its 32-bit draws
 * and its own next_double). */
typedef enum {
    ND_BITGEN_PCG64,     /**< PCG64 (XSL-RR 128/64): default_rng's. */
    ND_BITGEN_PHILOX,    /**< Philox 4x64-10, counter based. */
    ND_BITGEN_MT19937,   /**< The Mersenne Twister, 624 32-bit words. */
    ND_BITGEN_PCG64DXSM, /**< PCG64 with the DXSM output and the cheap multiplier. */
    ND_BITGEN_SFC64      /**< Chris Doty-Humphrey's Small Fast Chaotic PRNG. */
} nd_bitgen;

/** The number of nd_bitgen kinds. */
#define ND_BITGEN_COUNT 5

/** The words of MT19937's state (NumPy's RK_STATE_LEN). */
#define ND_MT19937_WORDS 624

/** PCG64's and PCG64DXSM's state: the LCG's state and increment, 128-bit each.
 *
 * As NumPy's state['state'] dict: state = state_hi * 2^64 + state_lo, and
 * inc likewise. */
typedef struct {
    uint64_t state_hi; /**< the state's upper 64 bits. */
    uint64_t state_lo; /**< its lower 64 bits. */
    uint64_t inc_hi;   /**< the increment's upper 64 bits. */
    uint64_t inc_lo;   /**< its lower 64 bits (odd). */
} nd_rng_state_pcg64;

/** Philox's state: the counter, the key, the last block and how much of it was used. */
typedef struct {
    uint64_t counter[4]; /**< the 256-bit counter, low word first. */
    uint64_t key[2];     /**< the key. */
    uint64_t buffer[4];  /**< the last block made. */
    int buffer_pos;      /**< its words used, 0..4 (4: the next draw makes a new block). */
} nd_rng_state_philox;

/** MT19937's state: the key and the position in it. */
typedef struct {
    uint32_t key[ND_MT19937_WORDS]; /**< the 624 words. */
    int pos;                        /**< the next word, 0..624 (624: regenerate first). */
} nd_rng_state_mt19937;

/** SFC64's state: a, b, c and the counter. */
typedef struct {
    uint64_t s[4]; /**< a, b, c, counter. */
} nd_rng_state_sfc64;

/** The words of a generator's state, by its kind (the member nd_rng_state.kind names). */
typedef union {
    nd_rng_state_pcg64 pcg64;     /**< ND_BITGEN_PCG64 and ND_BITGEN_PCG64DXSM. */
    nd_rng_state_philox philox;   /**< ND_BITGEN_PHILOX. */
    nd_rng_state_mt19937 mt19937; /**< ND_BITGEN_MT19937. */
    nd_rng_state_sfc64 sfc64;     /**< ND_BITGEN_SFC64. */
} nd_rng_state_words;

/** A generator's state: NumPy's `bit_generator.state` dict as a C struct.
 *
 * kind selects the member of u. has_uint32 and uinteger are the buffered
 * upper half of a 64-bit draw that the next 32-bit draw takes (MT19937 has
 * none: its draws are 32-bit, and both are zero for it). */
typedef struct {
    nd_bitgen kind;       /**< the bit generator. */
    nd_rng_state_words u; /**< the generator's own words. */
    bool has_uint32;      /**< a buffered 32-bit half is pending. */
    uint32_t uinteger;    /**< that half (kept, as NumPy's, when none is pending). */
} nd_rng_state;

/** A generator of a named bit generator: Generator(<Name>(seed)).
 *
 * The stream of np.random.Generator(np.random.MT19937(seed)) (or PCG64,
 * Philox, PCG64DXSM, SFC64), seeded through SeedSequence(seed). An unknown
 * kind is ND_ERR_VALUE.
 * @param kind  the bit generator.
 * @param seed  the seed.
 * @return a new generator to free with nd_rng_free(); NULL on error. */
ND_API nd_rng *nd_rng_new_bitgen(nd_bitgen kind, uint64_t seed);
/** The bit generator of a generator.
 * @param g  the generator.
 * @return its kind; ND_BITGEN_PCG64 and ND_ERR_NULL for NULL. */
ND_API nd_bitgen nd_rng_bitgen(const nd_rng *g);
/** An independent copy of a generator: copy.deepcopy(generator).
 *
 * The copy continues with exactly g's stream (buffered words included) and
 * spawns the children g would; drawing from one does not move the other.
 * @param g  the generator.
 * @return a new generator to free with nd_rng_free(); NULL on error. */
ND_API nd_rng *nd_rng_copy(const nd_rng *g);
/** Reads a generator's state: bit_generator.state.
 * @param g   the generator.
 * @param st  receives the state.
 * @return ND_OK, or ND_ERR_NULL. */
ND_API int nd_rng_get_state(const nd_rng *g, nd_rng_state *st);
/** Sets a generator's state: bit_generator.state = st.
 *
 * The next draws continue from st exactly. A state of another bit generator
 * is ND_ERR_VALUE ("state must be for a PCG64 PRNG", as NumPy), as are an
 * unknown kind, a Philox buffer_pos outside 0..4, an MT19937 pos outside
 * 0..624 or an all-zero MT19937 key. The seed sequence (for spawning) is
 * kept.
 * @param g   the generator.
 * @param st  the state.
 * @return ND_OK or an error status (g unchanged then). */
ND_API int nd_rng_set_state(nd_rng *g, const nd_rng_state *st);
/** Serializes a generator: its state and seed sequence, as bytes.
 *
 * A versioned little-endian record (magic, version, kind, length, the
 * state, the SeedSequence's entropy, spawn key and spawn count, and a
 * checksum) that nd_rng_load() reads back on any machine, so a run can be
 * checkpointed and resumed with the identical continuation. With buf NULL
 * only *len is set; a cap below the size is ND_ERR_VALUE.
 * @param g    the generator.
 * @param buf  where to write, or NULL.
 * @param cap  buf's size in bytes.
 * @param len  receives the record's size in bytes.
 * @return ND_OK or an error status. */
ND_API int nd_rng_save(const nd_rng *g, void *buf, size_t cap, size_t *len);
/** Restores a generator from nd_rng_save()'s bytes.
 *
 * g continues exactly as the saved generator would, and spawns as it
 * would. A record that is too short or long, has a bad magic, an unknown
 * version, a checksum that does not match, or a state nd_rng_set_state()
 * refuses is ND_ERR_FORMAT / ND_ERR_VALUE with a message naming the fault;
 * a record of another bit generator than g's is ND_ERR_VALUE. g is
 * unchanged on error.
 * @param g    the generator.
 * @param buf  the record.
 * @param len  its size in bytes.
 * @return ND_OK or an error status. */
ND_API int nd_rng_load(nd_rng *g, const void *buf, size_t len);
/** Raw bit generator output: bit_generator.random_raw(size).
 *
 * The bit generator's raw draws as uint64 (MT19937's are 32-bit values, as
 * NumPy's); the buffered 32-bit half is neither used nor dropped.
 * @param g      the generator.
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a uint64 array to fill.
 * @return a new uint64 reference, or out; NULL on error. */
ND_API nd_array *nd_random_raw(nd_rng *g, int ndim, const int64_t *shape, nd_array *out);

/** Uniform floats in [0, 1): Generator.random.
 *
 * Generator.random: uniform [0, 1), float64 (or float32 into a float32 out).
 * @param g      the generator.
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 or float32 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_random(nd_rng *g, int ndim, const int64_t *shape, nd_array *out);
/** Uniform integers: Generator.integers(low, high, dtype=t, endpoint).
 *
 * Generator.integers(low, high, dtype=t, endpoint): [low, high) or [low, high].
 * @param g         the generator.
 * @param low       the lowest value.
 * @param high      the bound: excluded, or included with endpoint.
 * @param endpoint  include high.
 * @param t         an integer or bool dtype.
 * @param ndim      the dimensions of a new result.
 * @param shape     ndim extents (ignored when out is given).
 * @param out       NULL, or an array to fill (its shape is used).
 * @return a new reference of dtype t, or out; NULL on error. */
ND_API nd_array *nd_integers(nd_rng *g, int64_t low, int64_t high, bool endpoint, nd_dtype t,
                             int ndim, const int64_t *shape, nd_array *out);
/** Uniform floats in [low, high): Generator.uniform.
 * @param g      the generator.
 * @param low    the lower bound.
 * @param high   the upper bound.
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new reference (float64), or out; NULL on error. */
ND_API nd_array *nd_uniform(nd_rng *g, double low, double high, int ndim, const int64_t *shape,
                            nd_array *out);
/** Standard normal draws (ziggurat): Generator.standard_normal.
 * @param g      the generator.
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new reference (float64), or out; NULL on error. */
ND_API nd_array *nd_standard_normal(nd_rng *g, int ndim, const int64_t *shape, nd_array *out);
/** Normal draws: Generator.normal(loc, scale).
 * @param g      the generator.
 * @param loc    the mean.
 * @param scale  the standard deviation (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new reference (float64), or out; NULL on error. */
ND_API nd_array *nd_normal(nd_rng *g, double loc, double scale, int ndim, const int64_t *shape,
                           nd_array *out);
/** Standard exponential draws (ziggurat): Generator.standard_exponential.
 * @param g      the generator.
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new reference (float64), or out; NULL on error. */
ND_API nd_array *nd_standard_exponential(nd_rng *g, int ndim, const int64_t *shape, nd_array *out);
/** Exponential draws: Generator.exponential(scale).
 * @param g      the generator.
 * @param scale  the scale, 1/rate (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new reference (float64), or out; NULL on error. */
ND_API nd_array *nd_exponential(nd_rng *g, double scale, int ndim, const int64_t *shape,
                                nd_array *out);
/** Gamma draws (Marsaglia-Tsang): Generator.gamma(shape, scale).
 * @param g        the generator.
 * @param shape_k  the shape k (>= 0).
 * @param scale    the scale (>= 0).
 * @param ndim     the dimensions of a new result.
 * @param shape    ndim extents (ignored when out is given).
 * @param out      NULL, or a float64 array to fill.
 * @return a new reference (float64), or out; NULL on error. */
ND_API nd_array *nd_gamma(nd_rng *g, double shape_k, double scale, int ndim, const int64_t *shape,
                          nd_array *out);
/** Beta draws: Generator.beta(a, b).
 * @param g      the generator.
 * @param a      alpha (> 0).
 * @param b      beta (> 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new reference (float64), or out; NULL on error. */
ND_API nd_array *nd_beta(nd_rng *g, double a, double b, int ndim, const int64_t *shape,
                         nd_array *out);
/** Binomial draws (BTPE): Generator.binomial(n, p).
 *
 * int64 results.
 * @param g      the generator.
 * @param n      the trials (>= 0).
 * @param p      the success probability, in [0, 1].
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or an int64 array to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_binomial(nd_rng *g, int64_t n, double p, int ndim, const int64_t *shape,
                             nd_array *out);
/** Poisson draws (PTRS): Generator.poisson(lam).
 *
 * int64 results.
 * @param g      the generator.
 * @param lam    the expected count (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or an int64 array to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_poisson(nd_rng *g, double lam, int ndim, const int64_t *shape, nd_array *out);

/** A random sample: Generator.choice(a, size=shape, replace, p, shuffle=True).
 *
 * Generator.choice(a, size=shape, replace, p, shuffle=True) along axis 0 of a, or of
 * arange(pop_size) when a is NULL (int64); p (float64-castable, 1-D, pop_size long) may be NULL.
 * @param g         the generator.
 * @param a         the population (axis 0), or NULL for arange(pop_size).
 * @param pop_size  the population size when a is NULL.
 * @param ndim      the dimensions of size.
 * @param shape     ndim extents.
 * @param replace   sample with replacement.
 * @param p         the probabilities (1-D, float64-castable), or NULL for uniform.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_choice(nd_rng *g, const nd_array *a, int64_t pop_size, int ndim,
                           const int64_t *shape, bool replace, const nd_array *p);
/** Shuffles an array in place along an axis: Generator.shuffle(x, axis).
 *
 * Generator.shuffle(x, axis) in place; permutation(n) (int64) and permutation(x, axis) (a shuffled
 * copy).
 * @param g     the generator.
 * @param x     the (writeable) array.
 * @param axis  the axis.
 * @return ND_OK or an error status. */
ND_API int nd_shuffle(nd_rng *g, nd_array *x, int axis);
/** A random permutation of arange(n): Generator.permutation(n).
 * @param g  the generator.
 * @param n  the length.
 * @return a new int64 reference; NULL on error. */
ND_API nd_array *nd_permutation(nd_rng *g, int64_t n);
/** A shuffled copy along an axis: Generator.permutation(x, axis).
 * @param g     the generator.
 * @param x     the array.
 * @param axis  the axis.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_permuted_copy(nd_rng *g, const nd_array *x, int axis);

/* ---- the univariate distributions (dist_front.c) ---- */

/** Chi-square draws: Generator.chisquare(df).
 *
 * 2 * standard_gamma(df / 2). Errors: ND_ERR_VALUE with NumPy's message ("df <= 0").
 * @param g      the generator.
 * @param df     the degrees of freedom (> 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_chisquare(nd_rng *g, double df, int ndim, const int64_t *shape, nd_array *out);
/** F draws: Generator.f(dfnum, dfden).
 *
 * A ratio of two chisquare draws (numerator first). Errors: ND_ERR_VALUE with NumPy's message
 * ("dfnum <= 0", "dfden <= 0").
 * @param g      the generator.
 * @param dfnum  the numerator's degrees of freedom (> 0).
 * @param dfden  the denominator's (> 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_f(nd_rng *g, double dfnum, double dfden, int ndim, const int64_t *shape,
                      nd_array *out);
/** Geometric draws: Generator.geometric(p).
 *
 * Trials to the first success (>= 1), by search for p >= 1/3, else by inversion of an exponential.
 * Errors: ND_ERR_VALUE with NumPy's message ("p <= 0, p > 1 or p contains NaNs").
 * @param g      the generator.
 * @param p      the success probability, in (0, 1].
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or an int64 array to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_geometric(nd_rng *g, double p, int ndim, const int64_t *shape, nd_array *out);
/** Gumbel draws: Generator.gumbel(loc, scale).
 *
 * loc - scale * log(-log(1 - U)). Errors: ND_ERR_VALUE with NumPy's message ("scale < 0"; -0.0 too,
 * as NumPy's signbit test).
 * @param g      the generator.
 * @param loc    the mode.
 * @param scale  the scale (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_gumbel(nd_rng *g, double loc, double scale, int ndim, const int64_t *shape,
                           nd_array *out);
/** Hypergeometric draws: Generator.hypergeometric(ngood, nbad, nsample).
 *
 * Good items among nsample drawn without replacement (NumPy's HRUA for 10 <= nsample <= ngood +
 * nbad - 10, else item by item). Errors: ND_ERR_VALUE with NumPy's message, in its order: "both
 * ngood and nbad must be less than 1000000000", "ngood + nbad < nsample", "ngood < 0", "nbad < 0",
 * "nsample < 0".
 * @param g      the generator.
 * @param ngood  the good items (< 10**9).
 * @param nbad   the bad items (< 10**9).
 * @param nsample the items drawn (<= ngood + nbad).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or an int64 array to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_hypergeometric(nd_rng *g, int64_t ngood, int64_t nbad, int64_t nsample,
                                   int ndim, const int64_t *shape, nd_array *out);
/** Laplace draws: Generator.laplace(loc, scale).
 *
 * Errors: ND_ERR_VALUE with NumPy's message ("scale < 0").
 * @param g      the generator.
 * @param loc    the center.
 * @param scale  the scale (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_laplace(nd_rng *g, double loc, double scale, int ndim, const int64_t *shape,
                            nd_array *out);
/** Logistic draws: Generator.logistic(loc, scale).
 *
 * Errors: ND_ERR_VALUE with NumPy's message ("scale < 0").
 * @param g      the generator.
 * @param loc    the center.
 * @param scale  the scale (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_logistic(nd_rng *g, double loc, double scale, int ndim, const int64_t *shape,
                             nd_array *out);
/** Log-normal draws: Generator.lognormal(mean, sigma).
 *
 * exp(normal(mean, sigma)). Errors: ND_ERR_VALUE with NumPy's message ("sigma < 0").
 * @param g      the generator.
 * @param mean   the underlying normal's mean.
 * @param sigma  its standard deviation (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_lognormal(nd_rng *g, double mean, double sigma, int ndim, const int64_t *shape,
                              nd_array *out);
/** Logarithmic series draws: Generator.logseries(p).
 *
 * Values >= 1 (Kemp's method, as NumPy). Errors: ND_ERR_VALUE with NumPy's message ("p < 0, p >= 1
 * or p is NaN").
 * @param g      the generator.
 * @param p      the shape, in [0, 1).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or an int64 array to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_logseries(nd_rng *g, double p, int ndim, const int64_t *shape, nd_array *out);
/** Negative binomial draws: Generator.negative_binomial(n, p).
 *
 * Failures before n successes: poisson(gamma(n, (1 - p) / p)). Errors: ND_ERR_VALUE with NumPy's
 * message ("n must not be NaN", "n <= 0", "p <= 0, p > 1 or p contains NaNs", "n too large or p too
 * small, see Generator.negative_binomial Notes").
 * @param g      the generator.
 * @param n      the successes (> 0, need not be whole).
 * @param p      the success probability, in (0, 1].
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or an int64 array to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_negative_binomial(nd_rng *g, double n, double p, int ndim, const int64_t *shape,
                                      nd_array *out);
/** Noncentral chi-square draws: Generator.noncentral_chisquare(df, nonc).
 *
 * NaN for a NaN nonc (no draw). Errors: ND_ERR_VALUE with NumPy's message ("df <= 0", "nonc < 0").
 * @param g      the generator.
 * @param df     the degrees of freedom (> 0).
 * @param nonc   the noncentrality (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_noncentral_chisquare(nd_rng *g, double df, double nonc, int ndim,
                                         const int64_t *shape, nd_array *out);
/** Noncentral F draws: Generator.noncentral_f(dfnum, dfden, nonc).
 *
 * Errors: ND_ERR_VALUE with NumPy's message ("dfnum <= 0", "dfden <= 0", "nonc < 0").
 * @param g      the generator.
 * @param dfnum  the numerator's degrees of freedom (> 0).
 * @param dfden  the denominator's (> 0).
 * @param nonc   the noncentrality (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_noncentral_f(nd_rng *g, double dfnum, double dfden, double nonc, int ndim,
                                 const int64_t *shape, nd_array *out);
/** Pareto II (Lomax) draws: Generator.pareto(a).
 *
 * expm1(standard_exponential / a). Errors: ND_ERR_VALUE with NumPy's message ("a <= 0").
 * @param g      the generator.
 * @param a      the shape (> 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_pareto(nd_rng *g, double a, int ndim, const int64_t *shape, nd_array *out);
/** Power distribution draws: Generator.power(a).
 *
 * Named nd_rng_power because nd_power is the ufunc. Errors: ND_ERR_VALUE with NumPy's message ("a
 * <= 0").
 * @param g      the generator.
 * @param a      the shape (> 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_rng_power(nd_rng *g, double a, int ndim, const int64_t *shape, nd_array *out);
/** Rayleigh draws: Generator.rayleigh(scale).
 *
 * scale * sqrt(2 * standard_exponential). Errors: ND_ERR_VALUE with NumPy's message ("scale < 0").
 * @param g      the generator.
 * @param scale  the scale (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_rayleigh(nd_rng *g, double scale, int ndim, const int64_t *shape,
                             nd_array *out);
/** Standard Cauchy draws: Generator.standard_cauchy.
 *
 * A ratio of two standard normals. No parameter, no error but a bad shape or out.
 * @param g      the generator.
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_standard_cauchy(nd_rng *g, int ndim, const int64_t *shape, nd_array *out);
/** Student's t draws: Generator.standard_t(df).
 *
 * Errors: ND_ERR_VALUE with NumPy's message ("df <= 0").
 * @param g      the generator.
 * @param df     the degrees of freedom (> 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_standard_t(nd_rng *g, double df, int ndim, const int64_t *shape, nd_array *out);
/** Triangular draws: Generator.triangular(left, mode, right).
 *
 * Errors: ND_ERR_VALUE with NumPy's message ("left > mode", "mode > right", "left == right"; NaN
 * passes, as NumPy's).
 * @param g      the generator.
 * @param left   the lower limit.
 * @param mode   the peak (left <= mode <= right).
 * @param right  the upper limit (> left).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_triangular(nd_rng *g, double left, double mode, double right, int ndim,
                               const int64_t *shape, nd_array *out);
/** Von Mises draws in [-pi, pi]: Generator.vonmises(mu, kappa).
 *
 * Errors: ND_ERR_VALUE with NumPy's message ("kappa < 0").
 * @param g      the generator.
 * @param mu     the mode.
 * @param kappa  the concentration (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_vonmises(nd_rng *g, double mu, double kappa, int ndim, const int64_t *shape,
                             nd_array *out);
/** Wald (inverse Gaussian) draws: Generator.wald(mean, scale).
 *
 * Errors: ND_ERR_VALUE with NumPy's message ("mean <= 0", "scale <= 0").
 * @param g      the generator.
 * @param mean   the mean (> 0).
 * @param scale  the scale (> 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_wald(nd_rng *g, double mean, double scale, int ndim, const int64_t *shape,
                         nd_array *out);
/** Weibull draws: Generator.weibull(a).
 *
 * pow(standard_exponential, 1 / a); 0 for a == 0 (no draw). Errors: ND_ERR_VALUE with NumPy's
 * message ("a < 0").
 * @param g      the generator.
 * @param a      the shape (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_weibull(nd_rng *g, double a, int ndim, const int64_t *shape, nd_array *out);
/** Zipf draws: Generator.zipf(a).
 *
 * Rejection from a Pareto, truncated at int64's maximum as NumPy's. Errors: ND_ERR_VALUE with
 * NumPy's message ("a <= 1 or a is NaN").
 * @param g      the generator.
 * @param a      the exponent (> 1).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or an int64 array to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_zipf(nd_rng *g, double a, int ndim, const int64_t *shape, nd_array *out);
/** Random bytes: Generator.bytes(length), as a uint8 array.
 *
 * The bytes of (length - 1) / 4 + 1 uint32 draws (integers(0, 2**32, dtype=uint32)), little-endian,
 * the first length of them: NumPy's bytes(length) as a 1-D uint8 array. A length in [-4, 0] gives
 * an empty array (NumPy's b''); below -4 is ND_ERR_VALUE ("negative dimensions are not allowed").
 * @param g       the generator.
 * @param length  the number of bytes.
 * @return a new uint8 reference of length bytes; NULL on error. */
ND_API nd_array *nd_bytes(nd_rng *g, int64_t length);
/** Shuffles along an axis, each lane independently: Generator.permuted(x, axis, out).
 *
 * axis = ::ND_AXIS_ALL (NumPy's axis=None) shuffles the flattened array (in memory order when it
 * is C- or F-contiguous, as NumPy's ravel(order='A'); a 0-d x is ND_ERR_DTYPE, NumPy's TypeError);
 * an integer axis shuffles every 1-D lane along it, the lanes in C order of the others. Unlike
 * nd_permuted_copy (Generator.permutation(x, axis), which moves whole slices), every lane gets
 * its own order. out (x itself shuffles in place) must have x's shape (ND_ERR_VALUE "out must
 * have the same shape as x") and a dtype x casts to safely (ND_ERR_DTYPE); a bad axis is
 * ND_ERR_AXIS.
 * @param g     the generator.
 * @param x     the array.
 * @param axis  the axis, or ::ND_AXIS_ALL.
 * @param out   NULL (then a copy of x in x's layout is shuffled), or a writeable array.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_permuted(nd_rng *g, const nd_array *x, int axis, nd_array *out);
/* ---- array-valued parameters (src/random/broadcast.c) ---- */

/** The size argument meaning NumPy's size=None: the result has the parameters' broadcast shape.
 *
 * Pass it as ndim to nd_random_a(), nd_integers_a() and the multivariate
 * functions; shape is then ignored. */
#define ND_SIZE_NONE (-1)

/** A method of NumPy's Generator that takes parameters: nd_random_a()'s method.
 *
 * Each names the Generator method of the same name, parameters in NumPy's
 * order (ND_RV_GAMMA: shape, scale; ND_RV_BINOMIAL: n, p). */
typedef enum {
    ND_RV_UNIFORM,        /**< uniform(low, high) */
    ND_RV_NORMAL,         /**< normal(loc, scale) */
    ND_RV_EXPONENTIAL,    /**< exponential(scale) */
    ND_RV_STANDARD_GAMMA, /**< standard_gamma(shape) */
    ND_RV_GAMMA,          /**< gamma(shape, scale) */
    ND_RV_BETA,           /**< beta(a, b) */
    ND_RV_BINOMIAL,       /**< binomial(n, p): int64 results, n cast to int64 (safe casts only) */
    ND_RV_POISSON,        /**< poisson(lam): int64 results */
    ND_RV_INTEGERS,       /**< integers(low, high): int64 (or out's integer dtype), [low, high) */
    ND_RV_CHISQUARE,      /**< chisquare(df) */
    ND_RV_F,              /**< f(dfnum, dfden) */
    ND_RV_NONCENTRAL_CHISQUARE, /**< noncentral_chisquare(df, nonc) */
    ND_RV_NONCENTRAL_F,         /**< noncentral_f(dfnum, dfden, nonc) */
    ND_RV_STANDARD_T,           /**< standard_t(df) */
    ND_RV_VONMISES,             /**< vonmises(mu, kappa) */
    ND_RV_PARETO,               /**< pareto(a) */
    ND_RV_WEIBULL,              /**< weibull(a) */
    ND_RV_POWER,                /**< power(a) */
    ND_RV_LAPLACE,              /**< laplace(loc, scale) */
    ND_RV_GUMBEL,               /**< gumbel(loc, scale) */
    ND_RV_LOGISTIC,             /**< logistic(loc, scale) */
    ND_RV_LOGNORMAL,            /**< lognormal(mean, sigma) */
    ND_RV_RAYLEIGH,             /**< rayleigh(scale) */
    ND_RV_WALD,                 /**< wald(mean, scale) */
    ND_RV_GEOMETRIC,            /**< geometric(p): int64 results */
    ND_RV_ZIPF,                 /**< zipf(a): int64 results */
    ND_RV_LOGSERIES,            /**< logseries(p): int64 results */
    ND_RV_TRIANGULAR,           /**< triangular(left, mode, right) */
    ND_RV_NEGATIVE_BINOMIAL,    /**< negative_binomial(n, p): int64 results */
    ND_RV_HYPERGEOMETRIC, /**< hypergeometric(ngood, nbad, nsample): int64 parameters and results */
    ND_RV_COUNT           /**< the number of methods (not a method) */
} nd_rv;

/** Draws from a Generator method with array-valued parameters that broadcast, as NumPy's.
 *
 * The Generator method named by method, with array parameters: the result has
 * shape (ndim, shape), or out's shape when out is given, or the parameters'
 * broadcast shape when ndim is ::ND_SIZE_NONE; the parameters must broadcast
 * to it without changing it. Draws are made one per element in C order over
 * the result, each with that element's broadcast parameters, so the stream
 * is NumPy's bit for bit (PCG64 and Philox). Parameters are converted to
 * float64 (int64 for binomial's n and integers' bounds; a float array there
 * is ND_ERR_DTYPE, NumPy's safe-cast rule). When every parameter is 0-d the
 * checks use NumPy's scalar messages ("p < 0, p > 1 or p is NaN"), else its
 * array messages ("p < 0, p > 1 or p contains NaNs"); every parameter is
 * checked before anything is drawn. Errors: a bad parameter ND_ERR_VALUE
 * (uniform's infinite range ND_ERR_OVERFLOW), a size the parameters do not
 * broadcast to ND_ERR_VALUE ("Output size (2,) is not compatible with
 * broadcast dimensions of inputs (3,)."), parameters that do not broadcast
 * ND_ERR_SHAPE, a wrong nparams ND_ERR_VALUE, out of another dtype
 * ND_ERR_DTYPE.
 * @param g        the generator.
 * @param method   the method.
 * @param nparams  the number of parameters the method takes.
 * @param params   nparams arrays (any shape that broadcasts; 0-d for scalars).
 * @param ndim     the dimensions of size, or ::ND_SIZE_NONE.
 * @param shape    ndim extents (ignored when out is given or ndim is ::ND_SIZE_NONE).
 * @param out      NULL, or an array to fill (float64, or int64 for integer
 *                 methods; integers: any integer or bool dtype).
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_random_a(nd_rng *g, nd_rv method, int nparams, nd_array_list params,
                             int ndim, const int64_t *shape, nd_array *out);

/** Uniform integers with array bounds: Generator.integers(low, high, size, dtype=t, endpoint).
 *
 * nd_integers() with low and high integer arrays that broadcast (see
 * nd_random_a() for size and out); NumPy's checks ("low is out of bounds for
 * int8", "low >= high", ...) over every element before any draw, and its
 * per-element draws (8- and 16-bit values and bools share 32-bit words
 * across elements, as NumPy's). ND_ERR_DTYPE for a float bound or a
 * non-integer t.
 * @param g         the generator.
 * @param low       the lowest values (an integer array).
 * @param high      the bounds: excluded, or included with endpoint.
 * @param endpoint  include high.
 * @param t         an integer or bool dtype.
 * @param ndim      the dimensions of size, or ::ND_SIZE_NONE.
 * @param shape     ndim extents.
 * @param out       NULL, or an array of dtype t to fill.
 * @return a new reference of dtype t, or out; NULL on error. */
ND_API nd_array *nd_integers_a(nd_rng *g, const nd_array *low, const nd_array *high, bool endpoint,
                               nd_dtype t, int ndim, const int64_t *shape, nd_array *out);

/* ---- multivariate distributions (src/random/multivariate.c) ---- */

/** Multinomial draws: Generator.multinomial(n, pvals, size).
 *
 * n (an integer array, 0-d for a scalar) and pvals (float64-castable, at
 * least 1-D, last axis d) broadcast over pvals' leading axes; the result is
 * int64 of shape size + (d,), or broadcast(n, pvals[..., 0]) + (d,) for
 * ::ND_SIZE_NONE. NumPy's draws (a binomial per category, the last taking
 * what is left) and checks: "pvals < 0, pvals > 1 or pvals contains NaNs",
 * "sum(pvals[:-1]) > 1.0", "n < 0" (ND_ERR_VALUE).
 * @param g      the generator.
 * @param n      the trials.
 * @param pvals  the category probabilities.
 * @param ndim   the dimensions of size, or ::ND_SIZE_NONE.
 * @param shape  ndim extents.
 * @param out    NULL, or an int64 array of the result's shape to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_multinomial(nd_rng *g, const nd_array *n, const nd_array *pvals, int ndim,
                                const int64_t *shape, nd_array *out);

/** Multivariate hypergeometric draws: Generator.multivariate_hypergeometric.
 *
 * colors: a 1-D integer array of non-negative counts; nsample drawn without
 * replacement per variate; method "marginals" (NumPy's default; NULL) or
 * "count". Result int64 of shape size + (len(colors),) (size ::ND_SIZE_NONE or
 * ndim 0: one variate). NumPy's checks and messages ("nsample > sum(colors)",
 * "nsample must be nonnegative.", ...), ND_ERR_VALUE.
 * @param g        the generator.
 * @param colors   the number of items of each color.
 * @param nsample  the items drawn per variate.
 * @param ndim     the dimensions of size, or ::ND_SIZE_NONE.
 * @param shape    ndim extents.
 * @param method   "marginals", "count", or NULL ("marginals").
 * @param out      NULL, or an int64 array of the result's shape to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_multivariate_hypergeometric(nd_rng *g, const nd_array *colors, int64_t nsample,
                                                int ndim, const int64_t *shape, const char *method,
                                                nd_array *out);

/** Dirichlet draws: Generator.dirichlet(alpha, size).
 *
 * alpha: 1-D, float64-castable, every value > 0 ("alpha <= 0", ND_ERR_VALUE).
 * NumPy 1.24's algorithm: normalized standard gammas, or when max(alpha) <
 * 0.1 stick-breaking with betas. Result float64 of shape size + (k,).
 * @param g      the generator.
 * @param alpha  the concentrations.
 * @param ndim   the dimensions of size, or ::ND_SIZE_NONE.
 * @param shape  ndim extents.
 * @param out    NULL, or a float64 array of the result's shape to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_dirichlet(nd_rng *g, const nd_array *alpha, int ndim, const int64_t *shape,
                              nd_array *out);

/** Multivariate normal draws: Generator.multivariate_normal(mean, cov, size, check_valid, tol,
 * method).
 *
 * mean (1-D, length k) + x @ A.T for standard normals x of shape size +
 * (k,) drawn first, A from cov by nd's linalg: method "svd" (NumPy's
 * default; NULL) u * sqrt(s), "eigh" u * sqrt(|s|), "cholesky" the factor.
 * check_valid "warn" (NULL; nd has no warnings, so it proceeds as NumPy
 * does after warning), "raise" (ND_ERR_VALUE "covariance is not symmetric
 * positive-semidefinite.") or "ignore"; tol as NumPy's. The standard normals
 * are NumPy's bit for bit; the result equals NumPy's to rounding (NumPy's
 * factorization is LAPACK's and its product BLAS's, see docs/design.md).
 * @param g            the generator.
 * @param mean         the mean (1-D).
 * @param cov          the covariance (k x k).
 * @param ndim         the dimensions of size, or ::ND_SIZE_NONE.
 * @param shape        ndim extents.
 * @param check_valid  "warn", "raise", "ignore", or NULL ("warn").
 * @param tol          the tolerance of the positive-semidefinite check.
 * @param method       "svd", "eigh", "cholesky", or NULL ("svd").
 * @param out          NULL, or a float64 array of the result's shape to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_multivariate_normal(nd_rng *g, const nd_array *mean, const nd_array *cov,
                                        int ndim, const int64_t *shape, const char *check_valid,
                                        double tol, const char *method, nd_array *out);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
