/* Random numbers: NumPy's Generator, bit for bit.

   A generator (nd_rng) is an explicit object, never global state, and is
   safe to use from one thread at a time (give each thread its own, e.g.
   from nd_rng_spawn). nd_rng_new(seed) produces exactly the stream of
   np.random.default_rng(seed) (PCG64 seeded through NumPy's SeedSequence),
   nd_rng_new_philox(seed) that of np.random.Generator(np.random.Philox(seed)).
   Every distribution draws the same values as NumPy 1.24's Generator method
   of the same name with scalar parameters, in C order into the result:
   the same algorithms (ziggurat normal and exponential, Marsaglia-Tsang
   gamma, BTPE binomial, PTRS Poisson, Lemire's bounded integers, Floyd's
   sampling in choice) and the same libm calls (glibc's exp, log, log1p, pow;
   not SLEEF, where bit-exactness depends on them).

   Shapes: a function fills out when given (any shape; float results into a
   float64 array, nd_random also into float32; integer results into the
   dtype they say) and returns it, else returns a new C-contiguous array of
   shape (ndim, shape). Parameters are scalars (NumPy also broadcasts arrays
   of parameters; nd does not yet). Bad parameters are ND_ERR_VALUE with
   NumPy's message ("scale < 0", "p < 0, p > 1 or p is NaN", ...). */
#ifndef ND_RANDOM_H
#define ND_RANDOM_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nd_rng nd_rng;

/* np.random.default_rng(seed) (PCG64) and Generator(Philox(seed)). */
ND_API nd_rng *nd_rng_new(uint64_t seed);
ND_API nd_rng *nd_rng_new_philox(uint64_t seed);
/* The generator of SeedSequence(seed, spawn_key=key) (nkey words), i.e.
   default_rng(SeedSequence(seed).spawn(n)[i]) for key = {i}. */
ND_API nd_rng *nd_rng_new_key(uint64_t seed, int nkey, const uint32_t *key, bool philox);
/* n independent children, as g's SeedSequence.spawn(n) makes them (each
   call continues the numbering, as NumPy's does); same bit generator. */
ND_API int nd_rng_spawn(nd_rng *g, int n, nd_rng **children);
ND_API void nd_rng_free(nd_rng *g);
/* bit_generator.jumped(jumps): a new generator whose state is advanced as
   if jumps * 2^128 (Philox) or jumps * the golden-ratio step (PCG64)
   draws were made; nd_rng_advance(g, delta) is bit_generator.advance. */
ND_API nd_rng *nd_rng_jumped(const nd_rng *g, uint64_t jumps);
ND_API int nd_rng_advance(nd_rng *g, uint64_t delta);

/* Generator.random: uniform [0, 1), float64 (or float32 into a float32 out). */
ND_API nd_array *nd_random(nd_rng *g, int ndim, const int64_t *shape, nd_array *out);
/* Generator.integers(low, high, dtype=t, endpoint): [low, high) or [low, high]. */
ND_API nd_array *nd_integers(nd_rng *g, int64_t low, int64_t high, bool endpoint, nd_dtype t,
                             int ndim, const int64_t *shape, nd_array *out);
ND_API nd_array *nd_uniform(nd_rng *g, double low, double high, int ndim, const int64_t *shape,
                            nd_array *out);
ND_API nd_array *nd_standard_normal(nd_rng *g, int ndim, const int64_t *shape, nd_array *out);
ND_API nd_array *nd_normal(nd_rng *g, double loc, double scale, int ndim, const int64_t *shape,
                           nd_array *out);
ND_API nd_array *nd_standard_exponential(nd_rng *g, int ndim, const int64_t *shape,
                                         nd_array *out);
ND_API nd_array *nd_exponential(nd_rng *g, double scale, int ndim, const int64_t *shape,
                                nd_array *out);
ND_API nd_array *nd_gamma(nd_rng *g, double shape_k, double scale, int ndim,
                          const int64_t *shape, nd_array *out);
ND_API nd_array *nd_beta(nd_rng *g, double a, double b, int ndim, const int64_t *shape,
                         nd_array *out);
/* int64 results */
ND_API nd_array *nd_binomial(nd_rng *g, int64_t n, double p, int ndim, const int64_t *shape,
                             nd_array *out);
ND_API nd_array *nd_poisson(nd_rng *g, double lam, int ndim, const int64_t *shape,
                            nd_array *out);

/* Generator.choice(a, size=shape, replace, p, shuffle=True) along axis 0
   of a, or of arange(pop_size) when a is NULL (int64); p (float64-castable,
   1-D, pop_size long) may be NULL. */
ND_API nd_array *nd_choice(nd_rng *g, const nd_array *a, int64_t pop_size, int ndim,
                           const int64_t *shape, bool replace, const nd_array *p);
/* Generator.shuffle(x, axis) in place; permutation(n) (int64) and
   permutation(x, axis) (a shuffled copy). */
ND_API int nd_shuffle(nd_rng *g, nd_array *x, int axis);
ND_API nd_array *nd_permutation(nd_rng *g, int64_t n);
ND_API nd_array *nd_permuted_copy(nd_rng *g, const nd_array *x, int axis);

#ifdef __cplusplus
}
#endif
#endif
