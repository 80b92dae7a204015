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
 * nd_rng_new_philox(seed) that of np.random.Generator(np.random.Philox(seed)).
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
 * (Philox) or jumps * the golden-ratio step (PCG64) draws were made; nd_rng_advance(g, delta) is
 * bit_generator.advance.
 * @param g      the generator.
 * @param jumps  the number of jumps.
 * @return a new generator to free with nd_rng_free(); NULL on error. */
ND_API nd_rng *nd_rng_jumped(const nd_rng *g, uint64_t jumps);
/** Advances a generator by delta draws: bit_generator.advance(delta).
 * @param g      the generator.
 * @param delta  the number of draws skipped.
 * @return ND_OK or an error status. */
ND_API int nd_rng_advance(nd_rng *g, uint64_t delta);

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
ND_API nd_array *nd_random_a(nd_rng *g, nd_rv method, int nparams, const nd_array *const *params,
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
