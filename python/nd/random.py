"""nd.random: NumPy's Generator with PCG64 or Philox, bit for bit
(nd.random.default_rng(seed) draws what np.random.default_rng(seed) draws)."""
import os as _os

from ._funcs import _arr, _int64
from ._lib import as_dtype, check, cptr, cptr_keep, ffi, lib, shape_arg, wrap

__all__ = ["default_rng", "Generator", "PCG64", "Philox", "SeedSequence"]


def _seed(seed):
    if seed is None:
        return int.from_bytes(_os.urandom(8), "little")
    if isinstance(seed, SeedSequence):
        return seed
    seed = int(seed.__index__())
    if not 0 <= seed < 2**64:
        raise ValueError("nd: seed must be an integer in [0, 2**64)")
    return seed


class SeedSequence:
    """SeedSequence(entropy, spawn_key=()) for a 64-bit entropy."""

    def __init__(self, entropy=None, *, spawn_key=()):
        self.entropy = _seed(entropy)
        self.spawn_key = tuple(int(k) for k in spawn_key)
        self.n_children_spawned = 0

    def spawn(self, n_children):
        kids = [SeedSequence(self.entropy, spawn_key=self.spawn_key + (self.n_children_spawned + i,))
                for i in range(n_children)]
        self.n_children_spawned += n_children
        return kids


class _BitGenerator:
    _philox = False

    def __init__(self, seed=None, _ptr=None):
        if _ptr is not None:
            self._g = ffi.gc(_ptr, lib.nd_rng_free)
            return
        s = _seed(seed)
        if isinstance(s, SeedSequence):
            key = ffi.new("uint32_t[]", list(s.spawn_key) or [0])
            p = lib.nd_rng_new_key(s.entropy, len(s.spawn_key), key, self._philox)
        else:
            p = lib.nd_rng_new_philox(s) if self._philox else lib.nd_rng_new(s)
        if p == ffi.NULL:
            from . import _core
            _core.raise_error()
        self._g = ffi.gc(p, lib.nd_rng_free)

    def jumped(self, jumps=1):
        p = lib.nd_rng_jumped(self._g, jumps)
        if p == ffi.NULL:
            from . import _core
            _core.raise_error()
        return type(self)(_ptr=p)

    def advance(self, delta):
        check(lib.nd_rng_advance(self._g, delta))
        return self


class PCG64(_BitGenerator):
    pass


class Philox(_BitGenerator):
    _philox = True


def _shape(size):
    if size is None:
        return 0, ffi.new("int64_t[]", 1), True
    n, sh = shape_arg(size)
    return n, sh, False


def _done(r, scalar):
    return r._item0() if scalar else r


class Generator:
    """numpy.random.Generator over nd's PCG64 or Philox."""

    def __init__(self, bit_generator):
        self.bit_generator = bit_generator
        self._g = bit_generator._g

    def __repr__(self):
        return f"Generator({type(self.bit_generator).__name__})"

    def spawn(self, n_children):
        kids = ffi.new("nd_rng *[]", n_children)
        check(lib.nd_rng_spawn(self._g, n_children, kids))
        cls = type(self.bit_generator)
        return [Generator(cls(_ptr=kids[i])) for i in range(n_children)]

    def _fill(self, fn, size, dtype, out, *args):
        if out is not None:
            if size is not None and tuple(_shape_tuple(size)) != out.shape:
                raise ValueError("size must match out.shape when used together")
            if fn(self._g, *args, 0, ffi.NULL, cptr(out)) == ffi.NULL:
                _raise()
            return out
        n, sh, scalar = _shape(size)
        o = None
        if dtype is not None and as_dtype(dtype).name != "float64":
            from ._funcs import empty
            o = empty(() if size is None else size, dtype)
            fn(self._g, *args, 0, ffi.NULL, cptr(o)) != ffi.NULL or _raise()
            return _done(o, scalar)
        return _done(wrap(fn(self._g, *args, n, sh, ffi.NULL)), scalar)

    def random(self, size=None, dtype=None, out=None):
        return self._fill(lib.nd_random, size, dtype, out)

    def standard_normal(self, size=None, dtype=None, out=None):
        return self._fill(lib.nd_standard_normal, size, dtype, out)

    def standard_exponential(self, size=None, dtype=None, method="zig", out=None):
        if method != "zig":
            raise TypeError("nd: only method='zig' is supported")
        return self._fill(lib.nd_standard_exponential, size, dtype, out)

    def integers(self, low, high=None, size=None, dtype=None, endpoint=False):
        if high is None:
            low, high = 0, low
        dt = _int64 if dtype is None else as_dtype(dtype)
        n, sh, scalar = _shape(size)
        r = wrap(lib.nd_integers(self._g, int(low), int(high), endpoint, dt.num, n, sh, ffi.NULL))
        return _done(r, scalar)

    def _dist(self, fn, size, *params):
        n, sh, scalar = _shape(size)
        return _done(wrap(fn(self._g, *params, n, sh, ffi.NULL)), scalar)

    def uniform(self, low=0.0, high=1.0, size=None):
        return self._dist(lib.nd_uniform, size, float(low), float(high))

    def normal(self, loc=0.0, scale=1.0, size=None):
        return self._dist(lib.nd_normal, size, float(loc), float(scale))

    def exponential(self, scale=1.0, size=None):
        return self._dist(lib.nd_exponential, size, float(scale))

    def gamma(self, shape, scale=1.0, size=None):
        return self._dist(lib.nd_gamma, size, float(shape), float(scale))

    def beta(self, a, b, size=None):
        return self._dist(lib.nd_beta, size, float(a), float(b))

    def binomial(self, n, p, size=None):
        return self._dist(lib.nd_binomial, size, int(n), float(p))

    def poisson(self, lam=1.0, size=None):
        return self._dist(lib.nd_poisson, size, float(lam))

    def choice(self, a, size=None, replace=True, p=None, axis=0, shuffle=True):
        if axis != 0 or not shuffle:
            raise TypeError("nd: choice supports axis=0 and shuffle=True only")
        n, sh, scalar = _shape(size)
        pa = None if p is None else _arr(p)
        if isinstance(a, int):
            arr, pop = None, a
        else:
            arr = _arr(a)
            pop = arr.shape[0] if arr.ndim else 0
        r = wrap(lib.nd_choice(self._g, ffi.NULL if arr is None else cptr(arr), pop, n, sh, replace,
                               ffi.NULL if pa is None else cptr(pa)))
        return r._item0() if scalar and r.ndim == 0 else r

    def shuffle(self, x, axis=0):
        check(lib.nd_shuffle(self._g, cptr(x), axis))

    def permutation(self, x, axis=0):
        if isinstance(x, int):
            return wrap(lib.nd_permutation(self._g, x))
        return wrap(lib.nd_permuted_copy(self._g, cptr_keep(_arr(x)), axis))


def _shape_tuple(size):
    return (size,) if isinstance(size, int) else tuple(size)


def _raise():
    from . import _core
    _core.raise_error()


def default_rng(seed=None):
    """np.random.default_rng(seed): a PCG64 Generator."""
    if isinstance(seed, Generator):
        return seed
    if isinstance(seed, _BitGenerator):
        return Generator(seed)
    return Generator(PCG64(seed))
