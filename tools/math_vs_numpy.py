#!/usr/bin/python3
"""nd's math ufuncs against NumPy's, in one process, on NumPy's own buffers
(nd_wrap through ctypes), n elements, out given, interleaved rounds, median
of the per-round ratios. Also measures max ULP error against a float64 or
long-double reference (numpy on higher precision) when --ulp is given.

  /usr/bin/python3 tools/math_vs_numpy.py [--lib build/src/libnd.so]
      [--isa avx512|avx2] [--n 100000] [--rounds 21] [--ulp] op[:dtype] ...

op is nd's/NumPy's name (exp, arctan2, ...), dtype float32|float64 (both
when left out). With NumPy's AVX-512 loops off (set NPY_DISABLE_CPU_FEATURES
before starting Python, see ../shared/ANCHORS.md) compare against --isa avx2.
NumPy/nd > 1 means nd is faster."""
import argparse, ctypes, os, statistics, sys, time
import numpy as np

DOMAINS = {  # inputs drawn uniformly from these ranges (typical use)
    'exp': (-50, 50), 'exp2': (-70, 70), 'expm1': (-5, 5), 'log': (1e-3, 1e3),
    'log2': (1e-3, 1e3), 'log10': (1e-3, 1e3), 'log1p': (-0.5, 1e3), 'sin': (-100, 100),
    'cos': (-100, 100), 'tan': (-100, 100), 'arcsin': (-1, 1), 'arccos': (-1, 1),
    'arctan': (-100, 100), 'sinh': (-20, 20), 'cosh': (-20, 20), 'tanh': (-10, 10),
    'arcsinh': (-1e3, 1e3), 'arccosh': (1, 1e3), 'arctanh': (-0.999, 0.999),
    'cbrt': (-1e3, 1e3), 'sqrt': (0, 1e3), 'power': (0.1, 10), 'arctan2': (-100, 100),
    'hypot': (-100, 100), 'logaddexp': (-50, 50), 'logaddexp2': (-50, 50)}
BINARY = {'power', 'arctan2', 'hypot', 'logaddexp', 'logaddexp2'}
DT = {'float32': 10, 'float64': 11}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--lib', default='build/src/libnd.so')
    ap.add_argument('--isa', default=None)
    ap.add_argument('--n', type=int, default=100000)
    ap.add_argument('--rounds', type=int, default=21)
    ap.add_argument('--ulp', action='store_true')
    ap.add_argument('ops', nargs='+')
    a = ap.parse_args()
    nd = ctypes.CDLL(os.path.abspath(a.lib))
    nd.nd_wrap.restype = ctypes.c_void_p
    nd.nd_wrap.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                           ctypes.POINTER(ctypes.c_int64), ctypes.c_void_p, ctypes.c_void_p,
                           ctypes.c_void_p]
    nd.nd_release.argtypes = [ctypes.c_void_p]
    nd.nd_isa.restype = ctypes.c_char_p
    nd.nd_set_num_threads.argtypes = [ctypes.c_int]
    nd.nd_set_num_threads(1)
    if a.isa:
        if nd.nd_set_isa(a.isa.encode()) != 0:
            sys.exit(f'cannot set isa {a.isa}')
    print(f'# nd isa {nd.nd_isa().decode()}, n={a.n}, rounds={a.rounds}, NumPy {np.__version__}')
    rng = np.random.default_rng(1)

    def wrap(arr):
        shape = (ctypes.c_int64 * 1)(arr.size)
        return nd.nd_wrap(arr.ctypes.data, DT[str(arr.dtype)], 1, shape, None, None, None)

    for spec in a.ops:
        op, _, dts = spec.partition(':')
        for dt in ([dts] if dts else ['float32', 'float64']):
            lo, hi = DOMAINS.get(op, (-10, 10))
            x = rng.uniform(lo, hi, a.n).astype(dt)
            y = rng.uniform(lo, hi, a.n).astype(dt)
            o = np.empty_like(x)
            o2 = np.empty_like(x)
            npf = getattr(np, op)
            fn = getattr(nd, 'nd_' + op)
            fn.restype = ctypes.c_void_p
            wx, wy, wo = wrap(x), wrap(y), wrap(o)
            if op in BINARY:
                fn.argtypes = [ctypes.c_void_p] * 3
                run_nd = lambda: fn(wx, wy, wo)
                run_np = lambda: npf(x, y, out=o2)
            else:
                fn.argtypes = [ctypes.c_void_p] * 2
                run_nd = lambda: fn(wx, wo)
                run_np = lambda: npf(x, out=o2)
            reps = max(1, int(2e6 // a.n))
            ratios = []
            with np.errstate(all='ignore'):
                for r in range(a.rounds):
                    t0 = time.perf_counter()
                    for _ in range(reps): run_nd()
                    t1 = time.perf_counter()
                    for _ in range(reps): run_np()
                    t2 = time.perf_counter()
                    ratios.append((t2 - t1) / (t1 - t0))
                line = f'{op:11s} {dt:8s} NumPy/nd {statistics.median(ratios):6.2f}x'
                if a.ulp:
                    line += '  ' + ulps(op, x, y, o, o2)
            print(line, flush=True)
            for w in (wx, wy, wo): nd.nd_release(w)


def ulps(op, x, y, got_nd, got_np):
    """max ULP error of nd and NumPy against long double (float64 inputs) or
    float64 (float32 inputs) evaluation: a rough check, the MPFR suite is
    the real one."""
    wide = np.longdouble if x.dtype == np.float64 else np.float64
    f = getattr(np, op)
    ref = f(x.astype(wide), y.astype(wide)) if op in BINARY else f(x.astype(wide))
    fin = np.isfinite(ref) & (ref != 0)
    sp = np.spacing(np.abs(ref.astype(x.dtype))).astype(wide)
    e_nd = np.max(np.abs(got_nd.astype(wide) - ref)[fin] / sp[fin]) if fin.any() else 0
    e_np = np.max(np.abs(got_np.astype(wide) - ref)[fin] / sp[fin]) if fin.any() else 0
    return f'ulp nd {float(e_nd):.2f} numpy {float(e_np):.2f}'


if __name__ == '__main__':
    main()
