"""The math family of `make bench`: every floating-point math ufunc of nd
against NumPy's, float32 and float64, n = 1e3, 1e5, 1e7, one thread, in ONE
process on NumPy's own buffers (nd through ctypes and nd_wrap), so both run
on the same memory, the same inputs and the same moment of a noisy host.
Rounds interleave nd and NumPy; a ratio is the median of the per-round
ratios. Times are the process's CPU time (time.process_time): on a shared
host the wall clock also counts the time other processes hold the core.

Run twice by tools/run-bench.sh:
  math_family.py LIBND              nd at avx512 and avx2 against NumPy
  NPY_DISABLE_CPU_FEATURES="AVX512F ..." math_family.py LIBND noavx512
                                    nd at avx2 against NumPy without its
                                    AVX-512 loops (an AVX2-only machine)
Rows: mathfn/<op>_<dtype>/<variant>/<n> with variants nd_avx512, nd_avx2,
numpy (or numpy_noavx512), and vs_numpy (vs_numpy_noavx512) carrying the
median ratio NumPy/nd ("ratio") and, at n = 1e5, the max ULP error of nd
and NumPy on those inputs against a wider evaluation ("ulp_nd",
"ulp_numpy": long double for float64 inputs, float64 for float32; a complex
result per component, each part in ulps of that part; the MPFR suites in
tests/test_accuracy*.c are the real accuracy check)."""
import ctypes
import json
import os
import statistics
import sys
import time

import numpy as np

# inputs drawn uniformly from a range of typical use per function
DOMAINS = {
    'exp': (-50, 50), 'exp2': (-70, 70), 'expm1': (-5, 5), 'log': (1e-3, 1e3),
    'log2': (1e-3, 1e3), 'log10': (1e-3, 1e3), 'log1p': (-0.5, 1e3), 'sin': (-100, 100),
    'cos': (-100, 100), 'tan': (-100, 100), 'arcsin': (-1, 1), 'arccos': (-1, 1),
    'arctan': (-100, 100), 'sinh': (-20, 20), 'cosh': (-20, 20), 'tanh': (-10, 10),
    'arcsinh': (-1e3, 1e3), 'arccosh': (1, 1e3), 'arctanh': (-0.999, 0.999),
    'cbrt': (-1e3, 1e3), 'sqrt': (0, 1e3), 'power': (0.1, 10), 'arctan2': (-100, 100),
    'hypot': (-100, 100), 'logaddexp': (-50, 50), 'logaddexp2': (-50, 50)}
OPS = list(DOMAINS)
BINARY = {'power', 'arctan2', 'hypot', 'logaddexp', 'logaddexp2'}
DT = {'float32': 10, 'float64': 11, 'complex64': 12, 'complex128': 13}
# complex functions timed too: (op, dtype)
COMPLEX = [(op, dt) for op in ('absolute', 'sqrt', 'exp', 'exp2', 'log', 'log2', 'log10', 'sin',
                                'cos', 'tan', 'sinh', 'cosh', 'tanh')
           for dt in ('complex64', 'complex128')]
# complex inputs: both parts from the real domain, but trigonometric functions
# of z grow as e^|Im z|: a range where complex64 results stay finite
CDOMAINS = {'sin': (-20, 20), 'cos': (-20, 20), 'tan': (-20, 20)}
NPY_NO_AVX512 = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"


class Nd:
    """libnd through ctypes, one thread, arrays wrapped around NumPy's."""

    def __init__(self, lib):
        self.lib = ctypes.CDLL(os.path.abspath(lib))
        L = self.lib
        L.nd_wrap.restype = ctypes.c_void_p
        L.nd_wrap.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                              ctypes.POINTER(ctypes.c_int64), ctypes.c_void_p, ctypes.c_void_p,
                              ctypes.c_void_p]
        L.nd_release.argtypes = [ctypes.c_void_p]
        L.nd_isa.restype = ctypes.c_char_p
        L.nd_isa_best.restype = ctypes.c_char_p
        L.nd_set_isa.argtypes = [ctypes.c_char_p]
        L.nd_set_num_threads.argtypes = [ctypes.c_int]
        L.nd_set_num_threads(1)

    def set_isa(self, isa):
        return self.lib.nd_set_isa(isa.encode()) == 0

    def wrap(self, arr):
        shape = (ctypes.c_int64 * 1)(arr.size)
        return self.lib.nd_wrap(arr.ctypes.data, DT[str(arr.dtype)], 1, shape, None, None, None)

    def caller(self, op, x, y, out):
        """a function running nd_<op> on the buffers, and the wrappers to release"""
        fn = getattr(self.lib, 'nd_' + op)
        fn.restype = ctypes.c_void_p
        w = [self.wrap(x), self.wrap(y) if y is not None else None, self.wrap(out)]
        if op in BINARY:
            fn.argtypes = [ctypes.c_void_p] * 3
            return (lambda: fn(w[0], w[1], w[2])), w
        fn.argtypes = [ctypes.c_void_p] * 2
        return (lambda: fn(w[0], w[2])), [v for v in w if v]


def inputs(op, dt, n, seed=1):
    rng = np.random.default_rng(seed)
    lo, hi = DOMAINS.get(op, (-10, 10))
    if dt.startswith('complex'):
        lo, hi = CDOMAINS.get(op, (lo, hi))
        return (rng.uniform(lo, hi, n) + 1j * rng.uniform(lo, hi, n)).astype(dt), None
    return rng.uniform(lo, hi, n).astype(dt), rng.uniform(lo, hi, n).astype(dt)


def output(op, x):
    """NumPy's output array for op on x (absolute of complex is real)"""
    if op == 'absolute' and x.dtype.kind == 'c':
        return np.empty(x.size, x.real.dtype)
    return np.empty_like(x)


def numpy_caller(op, x, y, out):
    f = getattr(np, op)
    if op in BINARY:
        return lambda: f(x, y, out=out)
    return lambda: f(x, out=out)


def interleaved(fns, n, rounds):
    """per-round times (ns per call) of each (setup, function): rounds
    interleave the functions; setup (an ISA switch) runs before a block"""
    reps = max(1, int(3e6 // n))
    times = [[] for _ in fns]
    with np.errstate(all='ignore'):
        for setup, f in fns:
            setup()
            f()
        for _ in range(rounds):
            for i, (setup, f) in enumerate(fns):
                setup()
                t0 = time.process_time()
                for _ in range(reps):
                    f()
                times[i].append((time.process_time() - t0) / reps * 1e9)
    return times


def _ulps(got, ref):
    """max |got - ref| / ulp(ref) over the real arrays got (float32/64) and ref
    (wider), ulp in got's format, where ref is finite in it and nonzero"""
    fin = np.isfinite(ref.astype(got.dtype)) & (ref != 0)
    if not fin.any():
        return 0.0
    sp = np.spacing(np.abs(ref.astype(got.dtype))).astype(ref.dtype)
    return float(np.max(np.abs(got.astype(ref.dtype) - ref)[fin] / sp[fin]))


def max_ulp(op, x, y, got):
    """nd's (or NumPy's) max error on these inputs in ULPs; a complex result
    per component, each part in ulps of that part (as tests/test_accuracy_complex.c)"""
    wide = {'float64': np.longdouble, 'float32': np.float64, 'complex128': np.clongdouble,
            'complex64': np.complex128}[str(x.dtype)]
    f = getattr(np, op)
    with np.errstate(all='ignore'):
        ref = f(x.astype(wide), y.astype(wide)) if op in BINARY else f(x.astype(wide))
        if got.dtype.kind == 'c':
            return max(_ulps(got.real, ref.real), _ulps(got.imag, ref.imag))
        return _ulps(got, ref)


def row(name, ns, n, **extra):
    r = {"name": name, "real_time": ns, "time_unit": "ns", "n": n, "bytes": 0, "flops": n,
         "label": "", "run_type": "iteration"}
    r.update(extra)
    return r


def main():
    lib = sys.argv[1]
    no512 = len(sys.argv) > 2 and sys.argv[2] == 'noavx512'
    quick = bool(os.environ.get("ND_BENCH_QUICK"))
    filt = os.environ.get("ND_BENCH_FILTER", "")
    sizes = [1000, 100000] if quick else [1000, 100000, 10000000]
    nd = Nd(lib)
    levels = ['avx2'] if no512 else [lv for lv in ('avx512', 'avx2') if nd.set_isa(lv)]
    np_name = 'numpy_noavx512' if no512 else 'numpy'
    rows = []
    for op, dt in [(op, dt) for op in OPS for dt in ('float32', 'float64')] + COMPLEX:
        if True:
            for n in sizes:
                base = f"mathfn/{op}_{dt}"
                if filt and filt not in base and filt not in "mathfn":
                    continue
                rounds = 5 if quick else (9 if n >= 10000000 else 15)
                x, y = inputs(op, dt, n)
                outs = {lv: output(op, x) for lv in levels}
                o_np = output(op, x)
                fns, wraps = [], []
                for lv in levels:
                    f, w = nd.caller(op, x, y, outs[lv])
                    fns.append((lambda lv=lv: nd.set_isa(lv), f))
                    wraps += w
                fns.append((lambda: None, numpy_caller(op, x, y, o_np)))
                times = interleaved(fns, n, rounds)
                t_np = times[-1]
                rows.append(row(f"{base}/{np_name}/{n}", statistics.median(t_np), n))
                for i, lv in enumerate(levels):
                    rows.append(row(f"{base}/nd_{lv}/{n}", statistics.median(times[i]), n))
                    # avx512 against NumPy; avx2 against NumPy without AVX-512 (other run)
                    if (lv == 'avx512') != no512:
                        ratio = statistics.median(a / b for a, b in zip(t_np, times[i]))
                        extra = {"ratio": ratio}
                        if n == 100000:
                            extra.update(ulp_nd=max_ulp(op, x, y, outs[lv]),
                                         ulp_numpy=max_ulp(op, x, y, o_np))
                        rows.append(row(f"{base}/vs_{np_name}/{n}", statistics.median(times[i]), n,
                                        **extra))
                for w in wraps:
                    nd.lib.nd_release(w)
    nd.set_isa(nd.lib.nd_isa_best().decode())
    json.dump({"context": {"numpy": np.__version__, "mathfn": np_name}, "benchmarks": rows},
              sys.stdout, indent=1)


if __name__ == '__main__':
    main()
