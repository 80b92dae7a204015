"""ndroute's routing of NumPy's functions (not ufuncs): reductions,
sorting and searching, manipulation, products, numpy.linalg, .npy/.npz and
text io. A call made directly by a NumPy test file, whose arrays nd
supports (its 14 dtypes, native byte order, exact numpy.ndarray: no
subclasses or __array_function__ overrides), is computed by nd on
zero-copy views; the result comes back through numpy.asarray (an argument
handed back, such as out=, as the caller's own NumPy array). A keyword or
feature nd does not implement (nd says "nd: ...", or its signature has no
such keyword) goes to NumPy and is counted as such; any other error nd
raises is the test's to judge."""
import functools
import os
import sys
import warnings

import numpy as np

import nd

REDUCTIONS = """sum prod mean var std min max amin amax any all argmin argmax cumsum cumprod
    nansum nanmean nanmin nanmax nanargmin nanargmax nanvar nanstd median percentile quantile
    count_nonzero trace""".split()
SORTING = """sort argsort lexsort partition argpartition searchsorted unique isin in1d bincount
    nonzero argwhere flatnonzero""".split()
# results that stay arrays when 0-d (NumPy returns the array, not a scalar)
MANIP = """reshape transpose broadcast_to broadcast_arrays squeeze expand_dims moveaxis swapaxes
    ravel atleast_1d atleast_2d atleast_3d flip fliplr flipud roll rot90 concatenate stack hstack
    vstack dstack column_stack split array_split hsplit vsplit tile repeat pad copyto diag
    diagonal triu tril meshgrid take put compress take_along_axis put_along_axis where
    clip round around""".split()
PRODUCTS = "dot vdot inner outer tensordot isclose allclose array_equal".split()
LINALG = """solve inv det slogdet cholesky qr svd eigh eigvalsh eig eigvals lstsq pinv
    matrix_rank norm multi_dot""".split()
NATIVE_REDUCE = {"add", "multiply", "maximum", "minimum", "fmax", "fmin", "logical_or",
                 "logical_and"}
IO = "save savez savez_compressed load loadtxt savetxt".split()


class Fallback(Exception):
    pass


def _dtype_ok(dt, supported):
    return dt in supported and dt.isnative


def make(route_state):
    """The wrapper factory over ndroute's state (supported dtypes, caller
    lookup, counters, the fp-flag report)."""
    S = route_state
    supported = S.SUPPORTED

    def to_nd(x, seen):
        t = type(x)
        if t is np.ndarray:
            if not _dtype_ok(x.dtype, supported):
                raise Fallback
            r = nd.asarray(x)
            seen[id(r)] = (r, x)
            return r
        if isinstance(x, np.generic):
            if not _dtype_ok(x.dtype, supported):
                raise Fallback
            return x
        if t is int and not -(1 << 63) <= x < (1 << 64):
            raise Fallback  # NumPy makes an object array of it
        if t in (list, tuple):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    a = np.asarray(x)
            except Exception:
                a = None
            if any(isinstance(e, np.ndarray) for e in x):
                # a sequence of arrays: as one array when it is one (squeeze([a])),
                # else each (concatenate([a, b]) of different shapes)
                if a is not None and a.dtype != object:
                    return to_nd(a, seen)
                return t(to_nd(e, seen) for e in x)
            if a is None or not _dtype_ok(a.dtype, supported):
                raise Fallback
            if any(type(e) is int for e in x) and a.dtype.kind == "u" or \
                    any(type(e) is int and not -(1 << 63) <= e < (1 << 64) for e in x):
                raise Fallback
            return x
        if isinstance(x, (np.ndarray, nd.ndarray)) or hasattr(x, "__array_function__") or \
                hasattr(x, "__array__") or hasattr(x, "__array_interface__"):
            raise Fallback  # subclasses and overrides: NumPy's protocols
        return x

    def to_np(r, seen, scalar):
        if isinstance(r, nd.ndarray):
            hit = seen.get(id(r))
            if hit is not None and hit[0] is r:
                return hit[1]
            a = np.asarray(r)
            return a[()] if scalar and a.ndim == 0 else a
        if type(r) in (list, tuple):
            return type(r)(to_np(e, seen, scalar) for e in r)
        return r

    # .npy headers of dtypes nd does not have (object, string, structured)
    OUT_OF_SCOPE = ("Cannot parse header: expected a string", "is not a valid dtype descriptor",
                    "object arrays (pickled data) are not supported")

    def unsupported(e):
        m = str(e)
        return isinstance(e, NotImplementedError) or isinstance(e, TypeError) and (
            m.startswith("nd") or "unexpected keyword argument" in m or
            "positional argument" in m or "nd has no dtype" in m) or \
            isinstance(e, ValueError) and (m.startswith("nd:") or any(t in m for t in OUT_OF_SCOPE))

    def wrap(npf, ndf, name, scalar):
        @functools.wraps(npf)
        def routed(*args, **kw):
            f = S.caller_file()
            if f is None:
                return npf(*args, **kw)
            modes = np.geterr()
            seen = {}
            try:
                if any(m not in ("ignore", "warn", "raise") for m in modes.values()):
                    raise Fallback
                if kw.get("dtype") is not None:
                    try:
                        dt = np.dtype(kw["dtype"])
                    except TypeError:
                        raise Fallback
                    if not _dtype_ok(dt, supported):
                        raise Fallback
                    kw = dict(kw, dtype=dt.name)
                if name in IO:
                    # nd's files are paths; file objects, and NpzFile's mapping, NumPy's
                    fn = args[0] if args else kw.get("file", kw.get("fname"))
                    if not isinstance(fn, (str, os.PathLike)):
                        raise Fallback
                a = [to_nd(x, seen) for x in args]
                k = {key: to_nd(v, seen) for key, v in kw.items()}
                S.nd_fp_clear()
                r = ndf(*a, **k)
                if name == "load" and not isinstance(r, nd.ndarray):
                    getattr(r, "close", lambda: None)()
                    raise Fallback
            except Exception as e:  # Fallback, or an error saying nd lacks the case
                if not isinstance(e, Fallback) and not unsupported(e):
                    raise
                S.fallback[f] += 1
                return npf(*args, **kw)
            S.routed[f] += 1
            S.fp_report(name, modes, 3)
            return to_np(r, seen, scalar)
        routed._nd_routed = npf
        return routed

    def ufunc_method(self, which, args, kw):
        f = S.caller_file(1)
        npm = getattr(self._np, which)
        if f is None:
            return npm(*args, **kw)
        modes = np.geterr()
        seen = {}
        try:
            if which != "outer" and self.__name__ not in NATIVE_REDUCE:
                raise Fallback  # nd's Python loop of the ufunc: not a reduction of nd's
            if which == "reduce" and ("initial" in kw or kw.get("where", True) is not True):
                raise Fallback
            if "dtype" in kw and kw["dtype"] is not None:
                try:
                    dt = np.dtype(kw["dtype"])
                except TypeError:
                    raise Fallback
                if not _dtype_ok(dt, supported):
                    raise Fallback
                kw = dict(kw, dtype=dt.name)
            if any(m not in ("ignore", "warn", "raise") for m in modes.values()):
                raise Fallback
            a = [to_nd(x, seen) for x in args]
            k = {key: to_nd(v, seen) for key, v in kw.items()}
            S.nd_fp_clear()
            r = getattr(self._nd, which)(*a, **k)
        except Exception as e:  # Fallback, or an error saying nd lacks the case
            if not isinstance(e, Fallback) and not unsupported(e):
                raise
            S.fallback[f] += 1
            return npm(*args, **kw)
        S.routed[f] += 1
        S.fp_report(self.__name__, modes, 4)
        return to_np(r, seen, True)

    return wrap, ufunc_method


def install(route_state):
    """Replace NumPy's functions that nd implements, under every name a
    numpy module gives them."""
    wrap, ufunc_method = make(route_state)
    repl = {}
    for names, mod, ndmod in ((REDUCTIONS + SORTING + MANIP + PRODUCTS + IO, np, nd),
                              (LINALG, np.linalg, nd.linalg)):
        for name in names:
            npf = getattr(mod, name, None)
            ndf = getattr(ndmod, name, None)
            if npf is None or ndf is None or id(npf) in repl:
                continue
            repl[id(npf)] = (npf, wrap(npf, ndf, name, name not in MANIP))
    for mname, m in list(sys.modules.items()):
        if not (mname == "numpy" or mname.startswith("numpy.")) or ".tests" in mname or m is None:
            continue
        d = getattr(m, "__dict__", None)
        if not d:
            continue
        for k, v in list(d.items()):
            hit = repl.get(id(v))
            if hit is not None and hit[0] is v:
                setattr(m, k, hit[1])
    return ufunc_method


# ---- numpy.random.Generator over PCG64/Philox ---------------------------------

GEN_METHODS = """random standard_normal standard_exponential integers uniform normal exponential
    gamma beta binomial poisson choice permutation""".split()


def install_random(route_state):
    """Generator(PCG64(seed)) / Generator(Philox(seed)) / default_rng(seed)
    made by a test: a NumPy Generator whose draws nd makes (nd's streams are
    NumPy's bit for bit, nd.random) while NumPy's generator draws the same
    to keep its bit_generator.state true. Once the state is set from outside
    or a call goes to NumPy, nd's stream is behind: NumPy draws from then on."""
    S = route_state
    rnd = np.random
    NPGen, npdefault = rnd.Generator, rnd.default_rng
    kinds = {rnd.PCG64: nd.random.PCG64, rnd.Philox: nd.random.Philox}

    def nd_twin(bg):
        k = kinds.get(type(bg))
        ss = getattr(bg, "seed_seq", None)
        if k is None or not isinstance(ss, rnd.SeedSequence) or ss.pool_size != 4 or \
                not isinstance(ss.entropy, int) or not 0 <= ss.entropy < 2**64:
            return None
        if type(bg)(rnd.SeedSequence(ss.entropy, spawn_key=ss.spawn_key)).state != bg.state:
            return None  # advanced already
        return nd.random.Generator(k(nd.random.SeedSequence(ss.entropy, spawn_key=ss.spawn_key)))

    class Routed:
        def __init__(self, g, n):
            object.__setattr__(self, "_g", g)
            object.__setattr__(self, "_n", n)
            object.__setattr__(self, "_state", g.bit_generator.state)

        @property
        def __class__(self):
            return NPGen

        def __getattr__(self, k):
            v = getattr(self._g, k)
            if k in GEN_METHODS and callable(v):
                return functools.partial(self._draw, k, v)
            return v

        def __setattr__(self, k, v):
            setattr(self._g, k, v)

        def __repr__(self):
            return repr(self._g)

        def __reduce__(self):
            return self._g.__reduce__()

        def _draw(self, name, npm, *args, **kw):
            f = S.caller_file()
            if f is None or self._n is None:
                return npm(*args, **kw)
            if self._g.bit_generator.state != self._state:
                object.__setattr__(self, "_n", None)  # the state was set: nd is out of step
                S.fallback[f] += 1
                return npm(*args, **kw)
            seen = {}
            try:
                if any(isinstance(x, (np.ndarray, list, tuple)) for x in list(args) + list(kw.values())) \
                        and name not in ("choice", "permutation"):
                    raise Fallback  # array parameters: nd's take scalars
                if kw.get("dtype") is not None and np.dtype(kw["dtype"]) not in supported_gen:
                    raise Fallback
                a = [to_nd_gen(x, seen) for x in args]
                k = {key: to_nd_gen(v, seen) for key, v in kw.items()}
                r = getattr(self._n, name)(*a, **k)
            except Exception as e:
                if not isinstance(e, Fallback) and not (
                        isinstance(e, (TypeError, NotImplementedError)) and
                        ("nd" in str(e) or "unexpected keyword" in str(e))):
                    raise
                object.__setattr__(self, "_n", None)
                S.fallback[f] += 1
                return npm(*args, **kw)
            want = npm(*args, **kw)  # NumPy draws the same: its state stays true
            object.__setattr__(self, "_state", self._g.bit_generator.state)
            S.routed[f] += 1
            if isinstance(r, nd.ndarray):
                hit = seen.get(id(r))
                return hit[1] if hit is not None and hit[0] is r else np.asarray(r)
            if isinstance(want, np.generic):
                return type(want)(r)
            return r

    supported_gen = {np.dtype(c) for c in "bhilqBHILQfd?"}

    def to_nd_gen(x, seen):
        if type(x) is np.ndarray:
            if x.dtype not in S.SUPPORTED:
                raise Fallback
            r = nd.asarray(x)
            seen[id(r)] = (r, x)
            return r
        if isinstance(x, np.integer):
            return int(x)
        if isinstance(x, np.floating):
            return float(x)
        if x is None or type(x) in (int, float, bool, str):
            return x
        raise Fallback

    class GenMeta(type):
        def __instancecheck__(cls, x):
            return isinstance(x, NPGen)

        def __subclasscheck__(cls, c):
            return issubclass(c, NPGen)

        def __call__(cls, bit_generator):
            g = NPGen(bit_generator)
            if S.caller_file() is None:
                return g
            n = nd_twin(bit_generator)
            return g if n is None else Routed(g, n)

    class Generator(metaclass=GenMeta):
        __doc__ = NPGen.__doc__

    def default_rng(seed=None):
        g = npdefault(seed)
        if S.caller_file() is None or isinstance(seed, (NPGen, rnd.BitGenerator)):
            return g
        n = nd_twin(g.bit_generator)
        return g if n is None else Routed(g, n)

    for m in (rnd, sys.modules.get("numpy.random._generator")):
        if m is not None:
            m.Generator = Generator
            m.default_rng = default_rng
