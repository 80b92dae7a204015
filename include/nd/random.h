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
 * shape (ndim, shape). Parameters are scalars (NumPy also broadcasts arrays
 * of parameters; nd does not yet). Bad parameters are ND_ERR_VALUE with
 * NumPy's message ("scale < 0", "p < 0, p > 1 or p is NaN", ...).
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
 * A ratio of two chisquare draws (numerator first). Errors: ND_ERR_VALUE with NumPy's message ("dfnum <= 0", "dfden <= 0").
 * @param g      the generator.
 * @param dfnum  the numerator's degrees of freedom (> 0).
 * @param dfden  the denominator's (> 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_f(nd_rng *g, double dfnum, double dfden, int ndim, const int64_t *shape, nd_array *out);
/** Geometric draws: Generator.geometric(p).
 *
 * Trials to the first success (>= 1), by search for p >= 1/3, else by inversion of an exponential. Errors: ND_ERR_VALUE with NumPy's message ("p <= 0, p > 1 or p contains NaNs").
 * @param g      the generator.
 * @param p      the success probability, in (0, 1].
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or an int64 array to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_geometric(nd_rng *g, double p, int ndim, const int64_t *shape, nd_array *out);
/** Gumbel draws: Generator.gumbel(loc, scale).
 *
 * loc - scale * log(-log(1 - U)). Errors: ND_ERR_VALUE with NumPy's message ("scale < 0"; -0.0 too, as NumPy's signbit test).
 * @param g      the generator.
 * @param loc    the mode.
 * @param scale  the scale (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_gumbel(nd_rng *g, double loc, double scale, int ndim, const int64_t *shape, nd_array *out);
/** Hypergeometric draws: Generator.hypergeometric(ngood, nbad, nsample).
 *
 * Good items among nsample drawn without replacement (NumPy's HRUA for 10 <= nsample <= ngood + nbad - 10, else item by item). Errors: ND_ERR_VALUE with NumPy's message, in its order: "both ngood and nbad must be less than 1000000000", "ngood + nbad < nsample", "ngood < 0", "nbad < 0", "nsample < 0".
 * @param g      the generator.
 * @param ngood  the good items (< 10**9).
 * @param nbad   the bad items (< 10**9).
 * @param nsample the items drawn (<= ngood + nbad).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or an int64 array to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_hypergeometric(nd_rng *g, int64_t ngood, int64_t nbad, int64_t nsample, int ndim, const int64_t *shape, nd_array *out);
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
ND_API nd_array *nd_laplace(nd_rng *g, double loc, double scale, int ndim, const int64_t *shape, nd_array *out);
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
ND_API nd_array *nd_logistic(nd_rng *g, double loc, double scale, int ndim, const int64_t *shape, nd_array *out);
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
ND_API nd_array *nd_lognormal(nd_rng *g, double mean, double sigma, int ndim, const int64_t *shape, nd_array *out);
/** Logarithmic series draws: Generator.logseries(p).
 *
 * Values >= 1 (Kemp's method, as NumPy). Errors: ND_ERR_VALUE with NumPy's message ("p < 0, p >= 1 or p is NaN").
 * @param g      the generator.
 * @param p      the shape, in [0, 1).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or an int64 array to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_logseries(nd_rng *g, double p, int ndim, const int64_t *shape, nd_array *out);
/** Negative binomial draws: Generator.negative_binomial(n, p).
 *
 * Failures before n successes: poisson(gamma(n, (1 - p) / p)). Errors: ND_ERR_VALUE with NumPy's message ("n must not be NaN", "n <= 0", "p <= 0, p > 1 or p contains NaNs", "n too large or p too small, see Generator.negative_binomial Notes").
 * @param g      the generator.
 * @param n      the successes (> 0, need not be whole).
 * @param p      the success probability, in (0, 1].
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or an int64 array to fill.
 * @return a new int64 reference, or out; NULL on error. */
ND_API nd_array *nd_negative_binomial(nd_rng *g, double n, double p, int ndim, const int64_t *shape, nd_array *out);
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
ND_API nd_array *nd_noncentral_chisquare(nd_rng *g, double df, double nonc, int ndim, const int64_t *shape, nd_array *out);
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
ND_API nd_array *nd_noncentral_f(nd_rng *g, double dfnum, double dfden, double nonc, int ndim, const int64_t *shape, nd_array *out);
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
 * Named nd_rng_power because nd_power is the ufunc. Errors: ND_ERR_VALUE with NumPy's message ("a <= 0").
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
ND_API nd_array *nd_rayleigh(nd_rng *g, double scale, int ndim, const int64_t *shape, nd_array *out);
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
 * Errors: ND_ERR_VALUE with NumPy's message ("left > mode", "mode > right", "left == right"; NaN passes, as NumPy's).
 * @param g      the generator.
 * @param left   the lower limit.
 * @param mode   the peak (left <= mode <= right).
 * @param right  the upper limit (> left).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_triangular(nd_rng *g, double left, double mode, double right, int ndim, const int64_t *shape, nd_array *out);
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
ND_API nd_array *nd_vonmises(nd_rng *g, double mu, double kappa, int ndim, const int64_t *shape, nd_array *out);
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
ND_API nd_array *nd_wald(nd_rng *g, double mean, double scale, int ndim, const int64_t *shape, nd_array *out);
/** Weibull draws: Generator.weibull(a).
 *
 * pow(standard_exponential, 1 / a); 0 for a == 0 (no draw). Errors: ND_ERR_VALUE with NumPy's message ("a < 0").
 * @param g      the generator.
 * @param a      the shape (>= 0).
 * @param ndim   the dimensions of a new result.
 * @param shape  ndim extents (ignored when out is given).
 * @param out    NULL, or a float64 array to fill.
 * @return a new float64 reference, or out; NULL on error. */
ND_API nd_array *nd_weibull(nd_rng *g, double a, int ndim, const int64_t *shape, nd_array *out);
/** Zipf draws: Generator.zipf(a).
 *
 * Rejection from a Pareto, truncated at int64's maximum as NumPy's. Errors: ND_ERR_VALUE with NumPy's message ("a <= 1 or a is NaN").
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

/** @} */

#ifdef __cplusplus
}
#endif
#endif
