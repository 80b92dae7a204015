"""The census of `make bench`: one row per public nd function that has a
NumPy equivalent, at n = 1e5 elements (or the nearest shape: 316 x 316 for
2-D work), with NumPy's time beside it, both in ONE process on NumPy's own
buffers (nd through ctypes and nd_wrap, as bench/math_family.py). Rounds
interleave nd and NumPy; times are CPU time (time.process_time); the ratio
is the median of the per-round ratios NumPy/nd (> 1: nd is faster).
Results that nd returns are released inside the timed call, as NumPy frees
its own. libnd is loaded with ctypes.PyDLL, which calls it holding the GIL
as a C extension (NumPy itself) does: CDLL releases and re-takes the GIL
around every call, about 100 ns that NumPy's side never pays (at n = 1e3 a
row is two such calls against NumPy's whole ~500 ns expression). The report (tools/bench_report.py) lists every row below 1.

The paths of issue 26 (mask get/set, flatnonzero, copyto where=, take/put,
a[idx], nonzero, argwhere, where(cond)) are timed at 1e3, 1e5 and 1e7 too,
both sides inside C (bench/census_loop.c, compiled at bench time with $CC or
cc): nd's function through a pointer, NumPy's expression through
PyObject_GetItem / PyObject_SetItem / PyObject_Call, `iters` calls per
round and every result released, so neither side pays a ctypes call or a
Python frame per call (at 1e3 those cost about what the work does).

usage: census.py LIBND > census.json   (rows census/<fn>/{nd,numpy,vs_numpy}/<n>)
ND_BENCH_QUICK=1: fewer rounds; ND_BENCH_FILTER=x: rows whose name has x."""
import ctypes as C
import json
import os
import statistics
import sys
import time

import numpy as np

P = C.c_void_p
I64P = C.POINTER(C.c_int64)
DT = {'bool': 0, 'int8': 1, 'int16': 2, 'int32': 3, 'int64': 4, 'uint8': 5, 'uint16': 6,
      'uint32': 7, 'uint64': 8, 'float16': 9, 'float32': 10, 'float64': 11, 'complex64': 12,
      'complex128': 13}
QUICK = bool(os.environ.get('ND_BENCH_QUICK'))
FILTER = os.environ.get('ND_BENCH_FILTER', '')
AXIS_ALL = -2147483648


class NdIndex(C.Structure):
    _fields_ = [('kind', C.c_int), ('i', C.c_int64), ('start', C.c_int64), ('stop', C.c_int64),
                ('step', C.c_int64), ('array', P)]


class Nd:
    def __init__(self, path):
        self.L = C.PyDLL(os.path.abspath(path))
        L = self.L
        L.nd_wrap.restype = P
        L.nd_wrap.argtypes = [P, C.c_int, C.c_int, I64P, I64P, P, P]
        L.nd_release.argtypes = [P]
        L.nd_set_num_threads.argtypes = [C.c_int]
        L.nd_set_num_threads(1)
        L.nd_last_error_message.restype = C.c_char_p
        self.keep = []

    def f(self, name, *argtypes, res=P):
        fn = getattr(self.L, name)
        fn.restype = res
        fn.argtypes = list(argtypes)
        return fn

    def w(self, arr):
        """an nd view of a NumPy array (kept alive for the run)"""
        shape = (C.c_int64 * max(arr.ndim, 1))(*arr.shape)
        strides = (C.c_int64 * max(arr.ndim, 1))(*arr.strides)
        v = self.L.nd_wrap(arr.ctypes.data, DT[str(arr.dtype)], arr.ndim, shape, strides, None,
                           None)
        if not v:
            raise RuntimeError(self.L.nd_last_error_message().decode())
        self.keep.append((arr, v))
        return v

    def new(self, fn, *args):
        """a call returning a new array, released at once"""
        rel = self.L.nd_release

        def call():
            r = fn(*args)
            if not r:
                raise RuntimeError(self.L.nd_last_error_message().decode())
            rel(r)
        return call

    def status(self, fn, *args):
        def call():
            if fn(*args) != 0:
                raise RuntimeError(self.L.nd_last_error_message().decode())
        return call

    def outs(self, fn, nout, *args):
        """a call filling nout array pointers, released at once"""
        rel = self.L.nd_release
        arr = (P * nout)()

        def call():
            if fn(*args, arr) != 0:
                raise RuntimeError(self.L.nd_last_error_message().decode())
            for k in range(nout):
                rel(arr[k])
        return call


class Call(C.Structure):
    """one call of bench/census_loop.c (its census_call)"""
    _fields_ = [('kind', C.c_int32), ('i', C.c_int32), ('fn', P), ('rel', P), ('a', P * 3)]


class Loop:
    """both sides of a row timed inside C (bench/census_loop.c)"""
    KINDS = ['np_get', 'np_set', 'np_call', 'p', 'pp', 'pip', 'ppip', 'ppbp', 's_pipp', 's_ppp',
             's_ppip', 'outs']

    def __init__(self, nd):
        import subprocess
        import tempfile
        here = os.path.dirname(os.path.abspath(__file__))
        self.dir = tempfile.TemporaryDirectory(prefix='nd_census_')
        so = os.path.join(self.dir.name, 'census_loop.so')
        cc = os.environ.get('CC', 'cc').split()
        subprocess.run(cc + ['-O2', '-shared', '-fPIC', '-o', so,
                             os.path.join(here, 'census_loop.c')], check=True)
        self.L = C.PyDLL(so)
        self.L.census_loop.restype = C.c_double
        self.L.census_loop.argtypes = [C.POINTER(Call), C.c_int64]
        self.nd = nd
        api = C.pythonapi
        self.ptr = {k: C.cast(getattr(api, k), P).value
                    for k in ('PyObject_GetItem', 'PyObject_SetItem', 'PyObject_Call', 'Py_DecRef')}
        self.keep = []

    def _call(self, kind, fn, rel, args, i=0):
        c = Call(kind=self.KINDS.index(kind), i=i, fn=fn, rel=rel)
        for k, a in enumerate(args):
            c.a[k] = a
        return c

    def np(self, kind, *objs):
        """NumPy's side: np_get (obj, key), np_set (obj, key, value) or
        np_call (callable, args tuple, kwargs dict or None)"""
        self.keep.append(objs)
        fn = {'np_get': 'PyObject_GetItem', 'np_set': 'PyObject_SetItem',
              'np_call': 'PyObject_Call'}[kind]
        return self._call(kind, self.ptr[fn], self.ptr['Py_DecRef'],
                          [None if o is None else id(o) for o in objs])

    def npf(self, fn, *args, **kw):
        """NumPy's side: fn(*args, **kw)"""
        return self.np('np_call', fn, tuple(args), kw or None)

    def c(self, kind, fn, *ptrs, i=0):
        """nd's side: fn (a ctypes function of libnd) with ptrs and the int i"""
        return self._call(kind, C.cast(fn, P).value, C.cast(self.nd.L.nd_release, P).value, ptrs,
                          i)

    def run(self, call, iters):
        """CPU ns per call over iters calls"""
        ns = self.L.census_loop(C.byref(call), iters)
        if ns < 0:
            raise RuntimeError(self.nd.L.nd_last_error_message().decode())
        return ns


def timed_c(loop, calls, n_rounds):
    """per-round times (ns per call) of each census_loop call, rounds
    interleaved, each round ~4 ms of calls inside C"""
    for c in calls:
        loop.run(c, 2)
    one = max(loop.run(calls[0], 3), 1.0)
    iters = max(1, min(200000, int(4e6 / one)))
    times = [[] for _ in calls]
    for _ in range(n_rounds):
        for i, c in enumerate(calls):
            times[i].append(loop.run(c, iters))
    return times


def timed(fns, n_rounds):
    """per-round times (ns per call) of each function, rounds interleaved"""
    for f in fns:
        f()
    t0 = time.process_time()
    fns[0]()
    one = max(time.process_time() - t0, 1e-6)
    reps = max(1, min(1000, int(0.004 / one)))
    times = [[] for _ in fns]
    for _ in range(n_rounds):
        for i, f in enumerate(fns):
            t0 = time.process_time()
            for _ in range(reps):
                f()
            times[i].append((time.process_time() - t0) / reps * 1e9)
    return times


def rows_for(name, n, ndf, npf, out, loop=None):
    """the nd, numpy and vs_numpy rows of one function: ndf and npf are
    Python callables, or Calls timed inside C by loop"""
    if FILTER and FILTER not in name:
        return
    try:
        rounds = 5 if QUICK else 9
        t_nd, t_np = timed_c(loop, [ndf, npf], rounds) if loop else timed([ndf, npf], rounds)
    except Exception as e:  # a failing row is reported, not hidden
        print(f'census: {name}: {e}', file=sys.stderr)
        return
    ratio = statistics.median(b / a for a, b in zip(t_nd, t_np))

    def row(v, ns, **extra):
        r = {'name': f'census/{name}/{v}/{n}', 'real_time': ns, 'time_unit': 'ns', 'n': n,
             'bytes': 0, 'flops': n, 'label': '', 'run_type': 'iteration'}
        r.update(extra)
        return r
    out += [row('nd', statistics.median(t_nd)), row('numpy', statistics.median(t_np)),
            row('vs_numpy', statistics.median(t_nd), ratio=ratio)]


def census(nd, N):
    """(name, n, nd call, numpy call) for every function"""
    rng = np.random.default_rng(1)
    f = nd.f
    new, status, outs = nd.new, nd.status, nd.outs
    x = rng.uniform(0.1, 10, N)
    y = rng.uniform(0.1, 10, N)
    o = np.empty(N)
    xi = rng.integers(1, 1000, N)
    yi = rng.integers(1, 60, N)
    oi = np.empty(N, np.int64)
    bx, by, bo = x > 5, y > 5, np.empty(N, bool)
    z = (rng.uniform(-2, 2, N) + 1j * rng.uniform(-2, 2, N))
    z2 = (rng.uniform(-2, 2, N) + 1j * rng.uniform(-2, 2, N))
    zo = np.empty(N, complex)
    s = int(round(N ** 0.5))
    m = rng.uniform(-1, 1, (s, s))
    m2 = rng.uniform(-1, 1, (s, s))
    W = nd.w
    out = []
    ints = {'gcd', 'lcm', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'left_shift',
            'right_shift', 'invert'}
    logic = {'logical_and', 'logical_or', 'logical_xor', 'logical_not'}
    cmp = {'equal', 'not_equal', 'less', 'less_equal', 'greater', 'greater_equal', 'signbit',
           'isnan', 'isinf', 'isfinite'}
    bin_ops = ['add', 'subtract', 'multiply', 'divide', 'floor_divide', 'remainder', 'power',
               'maximum', 'minimum', 'fmax', 'fmin', 'fmod', 'copysign', 'nextafter', 'gcd', 'lcm',
               'arctan2', 'hypot', 'logaddexp', 'logaddexp2', 'bitwise_and', 'bitwise_or',
               'bitwise_xor', 'left_shift', 'right_shift', 'equal', 'not_equal', 'less',
               'less_equal', 'greater', 'greater_equal', 'logical_and', 'logical_or',
               'logical_xor']
    un_ops = ['negative', 'positive', 'absolute', 'sign', 'sqrt', 'cbrt', 'square', 'reciprocal',
              'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin', 'cos', 'tan',
              'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh', 'arcsinh', 'arccosh',
              'arctanh', 'deg2rad', 'rad2deg', 'floor', 'ceil', 'trunc', 'rint', 'signbit',
              'isnan', 'isinf', 'isfinite', 'logical_not', 'invert', 'conjugate']
    dom = {'arcsin': 0.1, 'arccos': 0.1, 'arctanh': 0.1}
    for op in bin_ops:
        a, b, r = (xi, yi, oi) if op in ints else (bx, by, bo) if op in logic else (x, y, o)
        if op in cmp:
            r = bo
        fn = f('nd_' + op, P, P, P)
        npf = getattr(np, op)
        yield op, N, (lambda fn=fn, wa=W(a), wb=W(b), wr=W(r): fn(wa, wb, wr)), \
            (lambda npf=npf, a=a, b=b, r=r: npf(a, b, out=r))
    for op in un_ops:
        a, r = (xi, oi) if op in ints else (bx, bo) if op in logic else (x, o)
        if op in cmp:
            r = bo
        if op in dom:
            a = x * dom[op]
        fn = f('nd_' + op, P, P)
        npf = getattr(np, op)
        yield op, N, (lambda fn=fn, wa=W(a), wr=W(r): fn(wa, wr)), \
            (lambda npf=npf, a=a, r=r: npf(a, out=r))
    # the complex ufuncs
    for op in ['add', 'subtract', 'multiply', 'divide', 'power', 'equal', 'not_equal']:
        r = bo if op in cmp else zo
        fn = f('nd_' + op, P, P, P)
        npf = getattr(np, op)
        yield op + '_c128', N, (lambda fn=fn, wa=W(z), wb=W(z2), wr=W(r): fn(wa, wb, wr)), \
            (lambda npf=npf, r=r: npf(z, z2, out=r))
    for op in ['negative', 'absolute', 'sign', 'sqrt', 'square', 'reciprocal', 'exp', 'log',
               'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan',
               'arcsinh', 'arccosh', 'arctanh', 'expm1', 'log1p', 'log10', 'isnan', 'isfinite',
               'conjugate']:
        r = o if op == 'absolute' else bo if op in cmp else zo
        fn = f('nd_' + op, P, P)
        npf = getattr(np, op)
        yield op + '_c128', N, (lambda fn=fn, wa=W(z), wr=W(r): fn(wa, wr)), \
            (lambda npf=npf, r=r: npf(z, out=r))
    fn = f('nd_where', P, P, P, P)
    yield 'where3', N, new(fn, W(bx), W(x), W(y), None), \
        lambda: np.where(bx, x, y)
    fn = f('nd_clip', P, P, P, P)
    lo, hi = np.array(2.0), np.array(8.0)
    wx, wlo, whi, wo = W(x), W(lo), W(hi), W(o)
    yield 'clip', N, lambda: fn(wx, wlo, whi, wo), lambda: np.clip(x, lo, hi, out=o)
    fn = f('nd_isclose', P, P, C.c_double, C.c_double, C.c_bool, P)
    yield 'isclose', N, new(fn, W(x), W(y), 1e-5, 1e-8, False, None), \
        lambda: np.isclose(x, y)
    fn = f('nd_allclose', P, P, C.c_double, C.c_double, C.c_bool, C.POINTER(C.c_bool), res=C.c_int)
    res = C.c_bool()
    yield 'allclose', N, status(fn, W(x), W(x), 1e-5, 1e-8, False, C.byref(res)), \
        lambda: np.allclose(x, x)
    fn = f('nd_array_equal', P, P, C.c_bool, C.POINTER(C.c_bool), res=C.c_int)
    xc = x.copy()  # both sides compare x with one copy (x with itself reads half the memory)
    yield 'array_equal', N, status(fn, W(x), W(xc), False, C.byref(res)), \
        lambda: np.array_equal(x, xc)
    fn = f('nd_round', P, C.c_int, P)
    yield 'round', N, (lambda fn=fn, a=W(x), b=W(o): fn(a, 2, b)), lambda: np.round(x, 2, out=o)
    fn = f('nd_divmod', P, P, C.POINTER(P), C.POINTER(P), res=C.c_int)
    q, rr = P(W(o)), P(W(o.copy()))
    yield 'divmod', N, status(fn, W(x), W(y), C.byref(q), C.byref(rr)), \
        lambda: np.divmod(x, y, out=(o, o))
    # reductions
    for name in ['sum', 'prod', 'mean', 'min', 'max', 'argmin', 'argmax', 'any', 'all', 'nansum',
                 'nanmean', 'nanmin', 'nanmax', 'nanargmin', 'nanargmax']:
        fn = f('nd_' + name, P, C.c_int, C.c_bool, P)
        npf = getattr(np, name)
        a = bx if name in ('any', 'all') else x
        yield name, N, new(fn, W(a), AXIS_ALL, False, None), (lambda npf=npf, a=a: npf(a))
    for ax in (0, 1):
        fn = f('nd_sum', P, C.c_int, C.c_bool, P)
        yield f'sum_axis{ax}', N, new(fn, W(m), ax, False, None), lambda ax=ax: m.sum(axis=ax)
    for name in ['var', 'std', 'nanvar', 'nanstd']:
        fn = f('nd_' + name, P, C.c_int, C.c_int, C.c_bool, P)
        npf = getattr(np, name)
        yield name, N, new(fn, W(x), AXIS_ALL, 0, False, None), (lambda npf=npf: npf(x))
    for name in ['cumsum', 'cumprod']:
        fn = f('nd_' + name, P, C.c_int, P)
        npf = getattr(np, name)
        yield name, N, (lambda fn=fn, a=W(x), b=W(o): fn(a, 0, b)), (lambda npf=npf: npf(x, out=o))
    # sorting and searching
    xs = np.sort(x)
    for name in ['sort', 'argsort', 'sort_stable', 'argsort_stable']:
        fn = f('nd_' + name, P, C.c_int)
        kind = 'stable' if 'stable' in name else None
        npf = getattr(np, name.replace('_stable', ''))
        yield name, N, new(fn, W(x), -1), (lambda npf=npf, kind=kind: npf(x, kind=kind))
    kth = (C.c_int64 * 1)(N // 2)
    for name in ['partition', 'argpartition']:
        fn = f('nd_' + name, P, C.c_int, I64P, C.c_int)
        npf = getattr(np, name)
        yield name, N, new(fn, W(x), 1, kth, -1), (lambda npf=npf: npf(x, N // 2))
    fn = f('nd_searchsorted', P, P, C.c_bool, P)
    yield 'searchsorted', N, new(fn, W(xs), W(y), False, None), lambda: np.searchsorted(xs, y)
    fn = f('nd_unique', P, P, P, P, P, res=C.c_int)
    vals = P()
    xu = rng.integers(0, 1000, N)

    def nd_unique(fn=fn, wa=W(xu)):
        if fn(wa, C.byref(vals), None, None, None) != 0:
            raise RuntimeError('unique')
        nd.L.nd_release(vals)
    yield 'unique', N, nd_unique, lambda: np.unique(xu)
    fn = f('nd_isin', P, P, C.c_bool)
    tst = np.arange(0, 1000, 7)
    yield 'isin', N, new(fn, W(xu), W(tst), False), lambda: np.isin(xu, tst)
    fn = f('nd_bincount', P, P, C.c_int64)
    yield 'bincount', N, new(fn, W(xu), None, 0), lambda: np.bincount(xu)
    fn = f('nd_histogram', P, C.c_int64, P, P, C.c_bool, C.POINTER(P), C.POINTER(P), res=C.c_int)
    h, e = P(), P()

    def nd_hist(fn=fn, wa=W(x)):
        if fn(wa, 50, None, None, False, C.byref(h), C.byref(e)) != 0:
            raise RuntimeError('histogram')
        nd.L.nd_release(h)
        nd.L.nd_release(e)
    yield 'histogram', N, nd_hist, lambda: np.histogram(x, 50)
    fn = f('nd_median', P, C.c_int, C.c_bool)
    yield 'median', N, new(fn, W(x), AXIS_ALL, False), lambda: np.median(x)
    qv = np.array([0.25, 0.5, 0.9])
    fn = f('nd_quantile', P, P, C.c_int, C.c_bool)
    yield 'quantile', N, new(fn, W(x), W(qv), AXIS_ALL, False), lambda: np.quantile(x, qv)
    # creation and copies
    shp = (C.c_int64 * 1)(N)
    for name in ['zeros', 'ones']:
        fn = f('nd_' + name, C.c_int, C.c_int, I64P)
        npf = getattr(np, name)
        yield name, N, new(fn, 11, 1, shp), (lambda npf=npf: npf(N))
    fn = f('nd_full', C.c_int, C.c_int, I64P, C.c_double)
    yield 'full', N, new(fn, 11, 1, shp, 3.0), lambda: np.full(N, 3.0)
    fn = f('nd_arange', C.c_double, C.c_double, C.c_double, C.c_int)
    yield 'arange', N, new(fn, 0, N, 1, 11), lambda: np.arange(0.0, N, 1.0)
    fn = f('nd_linspace', C.c_double, C.c_double, C.c_int64, C.c_int)
    yield 'linspace', N, new(fn, 0, 1, N, 11), lambda: np.linspace(0, 1, N)
    fn = f('nd_copy', P)
    yield 'copy', N, new(fn, W(x)), lambda: x.copy()
    yield 'copy_strided', N, new(fn, W(x[::2])), lambda: x[::2].copy()
    tr = f('nd_transpose', P, P)
    mt = m.T
    yield 'T.copy', N, new(fn, W(mt)), lambda: mt.copy()
    fn = f('nd_assign', P, P, res=C.c_int)
    yield 'assign', N, status(fn, W(o), W(x)), lambda: o.__setitem__(Ellipsis, x)
    fn = f('nd_fill', P, P, res=C.c_int)
    val = C.c_double(2.0)
    yield 'fill', N, status(fn, W(o), C.byref(val)), lambda: o.fill(2.0)
    # every cast pair
    ast = f('nd_astype', P, C.c_int)
    srcs = {}
    for t in DT:
        srcs[t] = (rng.uniform(0, 100, N) + (1j if t.startswith('complex') else 0)).astype(t) \
            if t != 'bool' else bx
    for a in DT:
        for b in DT:
            if a == b:
                continue
            src = srcs[a]
            with np.errstate(all='ignore'):
                import warnings
                warnings.simplefilter('ignore')
                yield f'astype_{a}_{b}', N, new(ast, W(src), DT[b]), \
                    (lambda src=src, b=b: src.astype(b))
    # joining, repeating, padding, rearranging
    parts = (P * 2)(W(x), W(y))
    for name, npf in [('concatenate', lambda: np.concatenate([x, y])),
                      ('stack', lambda: np.stack([x, y]))]:
        fn = f('nd_' + name, C.c_int, C.POINTER(P), C.c_int, P)
        yield name, N, new(fn, 2, parts, 0, None), npf
    mparts = (P * 2)(W(m), W(m2))
    for name, npf in [('hstack', lambda: np.hstack([m, m2])), ('vstack', lambda: np.vstack([m, m2])),
                      ('dstack', lambda: np.dstack([m, m2]))]:
        fn = f('nd_' + name, C.c_int, C.POINTER(P))
        yield name, N, new(fn, 2, mparts), npf
    fn = f('nd_concatenate', C.c_int, C.POINTER(P), C.c_int, P)
    yield 'concatenate_axis1', N, new(fn, 2, mparts, 1, None), lambda: np.concatenate([m, m2], 1)
    fn = f('nd_tile', P, C.c_int, I64P)
    reps = (C.c_int64 * 2)(2, 2)
    yield 'tile', N, new(fn, W(m), 2, reps), lambda: np.tile(m, (2, 2))
    x1k = x[:1000]
    reps1 = (C.c_int64 * 1)(100)
    yield 'tile_1d', N, new(fn, W(x1k), 1, reps1), lambda: np.tile(x1k, 100)
    fn = f('nd_repeat', P, C.c_int, I64P, C.c_int)
    r3 = (C.c_int64 * 1)(3)
    yield 'repeat', N, new(fn, W(x), 1, r3, AXIS_ALL), lambda: np.repeat(x, 3)
    yield 'repeat_axis0', N, new(fn, W(m), 1, r3, 0), lambda: np.repeat(m, 3, 0)
    fn = f('nd_pad', P, I64P, C.c_int, C.c_double)
    pw = (C.c_int64 * 4)(3, 5, 7, 2)
    for k, mode in enumerate(['constant', 'edge', 'reflect', 'wrap']):
        yield f'pad_{mode}', N, new(fn, W(m), pw, k, 0.0), \
            (lambda mode=mode: np.pad(m, ((3, 5), (7, 2)), mode))
    fn = f('nd_roll', P, C.c_int64, C.c_int)
    yield 'roll', N, new(fn, W(x), 1234, AXIS_ALL), lambda: np.roll(x, 1234)
    yield 'roll_axis1', N, new(fn, W(m), 17, 1), lambda: np.roll(m, 17, 1)
    fn = f('nd_flatten', P)
    yield 'flatten_T', N, new(fn, W(mt)), lambda: mt.flatten()
    fn = f('nd_ravel', P)
    yield 'ravel_T', N, new(fn, W(mt)), lambda: mt.ravel()
    fn = f('nd_copy', P)
    fl = x[::-1]
    yield 'flip.copy', N, new(fn, W(fl)), lambda: fl.copy()
    for name in ['triu', 'tril']:
        fn = f('nd_' + name, P, C.c_int64)
        npf = getattr(np, name)
        yield name, N, new(fn, W(m), 0), (lambda npf=npf: npf(m))
    fn = f('nd_eye', C.c_int64, C.c_int64, C.c_int64, C.c_int)
    yield 'eye', N, new(fn, s, -1, 0, 11), lambda: np.eye(s)
    fn = f('nd_diag', P, C.c_int64)
    yield 'diag', N, new(fn, W(x[:s]), 0), lambda: np.diag(x[:s])
    fn = f('nd_indices', C.c_int, I64P, C.c_int)
    dims = (C.c_int64 * 2)(s, s)
    yield 'indices', N, new(fn, 2, dims, 4), lambda: np.indices((s, s))
    fn = f('nd_meshgrid', C.c_int, C.POINTER(P), C.c_bool, C.POINTER(P), res=C.c_int)
    xs2 = (P * 2)(W(x[:s]), W(y[:s]))
    mo = (P * 2)()

    def nd_mesh(fn=fn):
        if fn(2, xs2, False, mo) != 0:
            raise RuntimeError('meshgrid')
        nd.L.nd_release(mo[0])
        nd.L.nd_release(mo[1])
    yield 'meshgrid', N, nd_mesh, lambda: np.meshgrid(x[:s], y[:s])
    fn = f('nd_count_nonzero', P, res=C.c_int64)
    yield 'count_nonzero', N, lambda fn=fn, a=W(bx): fn(a), lambda: np.count_nonzero(bx)
    fn = f('nd_take_along_axis', P, P, C.c_int)
    am = np.argsort(m, 1)
    yield 'take_along_axis', N, new(fn, W(m), W(am), 1), lambda: np.take_along_axis(m, am, 1)
    fn = f('nd_put_along_axis', P, P, P, C.c_int, res=C.c_int)
    mc = m.copy()
    yield 'put_along_axis', N, status(fn, W(mc), W(am), W(m), 1), \
        lambda: np.put_along_axis(mc, am, m, 1)
    # selection and set operations
    ci = rng.integers(0, 3, N)
    chs = (P * 3)(W(x), W(y), W(o))
    fn = f('nd_choose', P, C.c_int, C.POINTER(P), P, C.c_int)
    yield 'choose', N, new(fn, W(ci), 3, chs, None, 0), lambda: np.choose(ci, (x, y, o))
    fn = f('nd_select', C.c_int, C.POINTER(P), C.POINTER(P), P)
    bz = x < 2
    cl, chl = (P * 2)(W(bx), W(bz)), (P * 2)(W(x), W(y))
    yield 'select', N, new(fn, 2, cl, chl, None), lambda: np.select([bx, bz], [x, y])
    fn = f('nd_extract', P, P)
    yield 'extract', N, new(fn, W(bx), W(x)), lambda: np.extract(bx, x)
    xp = x.copy()
    xv = y[:10]
    fn = f('nd_place', P, P, P, res=C.c_int)
    yield 'place', N, status(fn, W(xp), W(bx), W(xv)), lambda: np.place(xp, bx, xv)
    fn = f('nd_putmask', P, P, P, res=C.c_int)
    yield 'putmask', N, status(fn, W(xp), W(bx), W(y)), lambda: np.putmask(xp, bx, y)
    fn = f('nd_unravel_index', P, C.c_int, I64P, C.c_int, C.POINTER(P), res=C.c_int)
    dims3 = (C.c_int64 * 3)(10, 100, 1000)
    fi = rng.integers(0, 1000000, N)
    ur = (P * 3)()

    def nd_unravel(fn=fn, wa=W(fi)):
        if fn(wa, 3, dims3, 0, ur) != 0:
            raise RuntimeError('unravel_index')
        for k in range(3):
            nd.L.nd_release(ur[k])
    yield 'unravel_index', N, nd_unravel, lambda: np.unravel_index(fi, (10, 100, 1000))
    mi3 = np.unravel_index(fi, (10, 100, 1000))
    mil = (P * 3)(*[W(a) for a in mi3])
    fn = f('nd_ravel_multi_index', C.c_int, C.POINTER(P), I64P, C.c_int, C.c_int)
    yield 'ravel_multi_index', N, new(fn, 3, mil, dims3, 0, 0), \
        lambda: np.ravel_multi_index(mi3, (10, 100, 1000))
    xu2 = rng.integers(500, 1500, N)
    fn = f('nd_in1d', P, P, C.c_bool)
    yield 'in1d', N, new(fn, W(xu), W(xu2), False), lambda: np.in1d(xu, xu2)
    for name in ['union1d', 'setdiff1d', 'setxor1d']:
        fn = f('nd_' + name, *([P, P] if name == 'union1d' else [P, P, C.c_bool]))
        npf = getattr(np, name)
        args = (W(xu), W(xu2)) if name == 'union1d' else (W(xu), W(xu2), False)
        yield name, N, new(fn, *args), (lambda npf=npf: npf(xu, xu2))
    fn = f('nd_intersect1d', P, P, C.c_bool, C.POINTER(P), P, P, res=C.c_int)
    iv = P()

    def nd_inter(fn=fn, wa=W(xu), wb=W(xu2)):
        if fn(wa, wb, False, C.byref(iv), None, None) != 0:
            raise RuntimeError('intersect1d')
        nd.L.nd_release(iv)
    yield 'intersect1d', N, nd_inter, lambda: np.intersect1d(xu, xu2)
    keys = (P * 2)(W(yi), W(xi))
    fn = f('nd_lexsort', C.c_int, C.POINTER(P), C.c_int)
    yield 'lexsort', N, new(fn, 2, keys, -1), lambda: np.lexsort((yi, xi))
    # linear algebra (316 x 316)
    for name in ['matmul', 'dot']:
        fn = f('nd_' + name, P, P, P)
        npf = getattr(np, name)
        yield name, N, new(fn, W(m), W(m2), None), (lambda npf=npf: npf(m, m2))
    fn = f('nd_outer', P, P, P)
    yield 'outer', N, new(fn, W(x[:s]), W(y[:s]), None), lambda: np.outer(x[:s], y[:s])
    for name in ['vdot', 'inner']:
        fn = f('nd_' + name, P, P)
        npf = getattr(np, name)
        yield name, N, new(fn, W(x), W(y)), (lambda npf=npf: npf(x, y))
    fn = f('nd_trace', P, C.c_int64, C.c_int, C.c_int)
    yield 'trace', N, new(fn, W(m), 0, 0, 1), lambda: np.trace(m)
    for name in ['inv', 'det']:
        fn = f('nd_' + name, P)
        npf = getattr(np.linalg, name)
        yield name, N, new(fn, W(m)), (lambda npf=npf: npf(m))
    fn = f('nd_solve', P, P)
    yield 'solve', N, new(fn, W(m), W(m2)), lambda: np.linalg.solve(m, m2)
    fn = f('nd_norm', P, C.c_char_p, C.c_int, C.POINTER(C.c_int), C.c_bool)
    yield 'norm', N, new(fn, W(x), None, 0, None, False), lambda: np.linalg.norm(x)


def indexing(nd, loop, n):
    """the paths of issue 26 at size n, as Calls (both sides timed in C)"""
    rng = np.random.default_rng(2)
    f, W, c, npc, npf = nd.f, nd.w, loop.c, loop.np, loop.npf
    x = rng.uniform(-1, 1, n)
    o = x.copy()
    mask = x > 0
    idx = rng.integers(0, n, n // 2)
    v = np.array(7.0)
    vals = rng.uniform(-1, 1, n // 2)
    ig = f('nd_index_get', P, C.c_int, C.POINTER(NdIndex))
    iset = f('nd_index_set', P, C.c_int, C.POINTER(NdIndex), P, res=C.c_int)
    mi = NdIndex(kind=4, array=W(mask))
    ii = NdIndex(kind=4, array=W(idx))
    loop.keep += [mi, ii]
    pmi, pii = C.addressof(mi), C.addressof(ii)
    yield 'a[mask]', n, c('pip', ig, W(x), pmi, i=1), npc('np_get', x, mask)
    yield 'a[mask]=v', n, c('s_pipp', iset, W(o), pmi, W(v), i=1), npc('np_set', o, mask, v)
    xm = x[mask]
    yield 'a[mask]=arr', n, c('s_pipp', iset, W(o), pmi, W(xm), i=1), npc('np_set', o, mask, xm)
    yield 'a[idx]', n, c('pip', ig, W(x), pii, i=1), npc('np_get', x, idx)
    yield 'a[idx]=arr', n, c('s_pipp', iset, W(o), pii, W(vals), i=1), npc('np_set', o, idx, vals)
    fn = f('nd_take', P, P, C.c_int, P)
    yield 'take', n, c('ppip', fn, W(x), W(idx), None, i=AXIS_ALL), npf(np.take, x, idx)
    fn = f('nd_put', P, P, P, res=C.c_int)
    yield 'put', n, c('s_ppp', fn, W(o), W(idx), W(vals)), npf(np.put, o, idx, vals)
    fn = f('nd_compress', P, P, C.c_int, P)
    yield 'compress', n, c('ppip', fn, W(mask), W(x), None, i=0), npf(np.compress, mask, x, 0)
    fn = f('nd_flatnonzero', P)
    yield 'flatnonzero', n, c('p', fn, W(mask)), npf(np.flatnonzero, mask)
    fn = f('nd_nonzero', P, C.POINTER(P), res=C.c_int)
    yield 'nonzero', n, c('outs', fn, W(mask), i=1), npf(np.nonzero, mask)
    m2 = mask.reshape(-1, 10) if n % 10 == 0 else mask.reshape(1, -1)
    yield 'nonzero_2d', n, c('outs', fn, W(m2), i=2), npf(np.nonzero, m2)
    fn = f('nd_where1', P, C.POINTER(P), res=C.c_int)
    yield 'where1', n, c('outs', fn, W(mask), i=1), npf(np.where, mask)
    fn = f('nd_argwhere', P)
    yield 'argwhere', n, c('p', fn, W(m2)), npf(np.argwhere, m2)
    fn = f('nd_copyto', P, P, C.c_int, P, res=C.c_int)
    y = rng.uniform(-1, 1, n)
    yield 'copyto_where', n, c('s_ppip', fn, W(o), W(y), W(mask), i=4), \
        npf(np.copyto, o, y, where=mask)
    yield 'copyto', n, c('s_ppip', fn, W(o), W(y), None, i=4), npf(np.copyto, o, y)


def main():
    nd = Nd(sys.argv[1])
    out = []
    t0 = time.process_time()
    for name, n, a, b in census(nd, 100000):
        rows_for(name, n, a, b, out)
    loop = Loop(nd)
    for n in (1000, 100000, 10000000):
        for name, nn, a, b in indexing(nd, loop, n):
            if n == 10000000 and QUICK:
                continue
            rows_for(name, nn, a, b, out, loop)
    print(f'census: {len(out) // 3} rows in {time.process_time() - t0:.0f} s CPU',
          file=sys.stderr)
    json.dump({'context': {'numpy': np.__version__}, 'benchmarks': out}, sys.stdout, indent=1)


if __name__ == '__main__':
    main()
