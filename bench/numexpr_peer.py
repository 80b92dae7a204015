"""numexpr (and NumPy) beside nd in ONE process, on NumPy's own buffers (nd
through ctypes and nd_wrap), one thread each: the fused expressions numexpr
exists for, the elementwise ops and transcendentals it also compiles, and
its sum. Rounds interleave nd, numexpr and NumPy; times are the process's
CPU time; a ratio is the median of the per-round ratios t(peer) / t(nd)
(> 1: nd is faster).

Rows "<family>/<op>/vs_numexpr/<n>" in Google Benchmark's JSON shape, the
shape of bench/bench_peers.cc's rows: nd's median time per call, and
counters peer_<name>_ns, peer_<name>_ratio for numexpr and NumPy. Every
peer's result is checked against nd's; a row that differs fails.

  numexpr_peer.py LIBND"""
import ctypes
import json
import os
import statistics
import sys
import time

import numpy as np

QUICK = bool(os.environ.get("ND_BENCH_QUICK"))
FILTER = os.environ.get("ND_BENCH_FILTER", "")
SIZES = [100000] if QUICK else [100000, 10000000]
ROUNDS = 5 if QUICK else 15
DT = {'float32': 10, 'float64': 11}
POLY = "((((0.5*x - 1.5)*x + 2.5)*x - 0.75)*x + 1.25)*x - 3"
# (row, nd: ufunc list or expression, numexpr text, NumPy function, variables, ranges, flops)
CASES = [
    ("elementwise/add", ("add", "a", "b"), "a + b", lambda v, o: np.add(v["a"], v["b"], out=o), "ab", 1),
    ("memory/a*b+c", "a*b + c", "a*b + c", None, "abc", 2),
    ("math/exp", ("exp", "x"), "exp(x)", lambda v, o: np.exp(v["x"], out=o), "x", 1),
    ("math/log", ("log", "x"), "log(x)", lambda v, o: np.log(v["x"], out=o), "x", 1),
    ("math/sin", ("sin", "x"), "sin(x)", lambda v, o: np.sin(v["x"], out=o), "x", 1),
    ("fused/2a+3bb-sin(c)", "2*a + 3*b*b - sin(c)", "2*a + 3*b*b - sin(c)",
     lambda v, o: np.subtract(2 * v["a"] + 3 * v["b"] * v["b"], np.sin(v["c"]), out=o), "abc", 6),
    ("fused/a*b+c", "a*b + c", "a*b + c",
     lambda v, o: np.add(v["a"] * v["b"], v["c"], out=o), "abc", 2),
    ("fused/ax+by+cz", "a*x + b*y + c*z", "a*x + b*y + c*z",
     lambda v, o: np.add(v["a"] * v["x"] + v["b"] * v["y"], v["c"] * v["z"], out=o), "abcxyz", 5),
    ("fused/poly5", POLY, POLY,
     lambda v, o: np.subtract(((((0.5 * v["x"] - 1.5) * v["x"] + 2.5) * v["x"] - 0.75) * v["x"] + 1.25)
                              * v["x"], 3, out=o), "x", 10),
]
# numpy_peer.py's ranges: exp over (-700, 700), log over (1e-300, 1e300),
# sin over (-1e4, 1e4); c over (-3, 3) in 2a+3bb-sin(c); else (-1, 1)
RANGE = {"math/exp": (-700, 700), "math/log": (1e-300, 1e300), "math/sin": (-1e4, 1e4)}


class Nd:
    def __init__(self, lib):
        L = self.lib = ctypes.CDLL(os.path.abspath(lib))
        vp = ctypes.c_void_p
        L.nd_wrap.restype = vp
        L.nd_wrap.argtypes = [vp, ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_int64), vp, vp, vp]
        L.nd_release.argtypes = [vp]
        L.nd_set_num_threads.argtypes = [ctypes.c_int]
        L.nd_set_num_threads(1)
        L.nd_expr_compile.restype = vp
        L.nd_expr_compile.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
        L.nd_expr_eval.restype = vp
        L.nd_expr_eval.argtypes = [vp, ctypes.POINTER(vp), vp]
        L.nd_expr_free.argtypes = [vp]
        L.nd_zeros.restype = vp
        L.nd_zeros.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_int64)]
        L.nd_sum.restype = vp
        L.nd_sum.argtypes = [vp, ctypes.c_int, ctypes.c_bool, vp]
        L.nd_get_f64.restype = ctypes.c_double
        L.nd_get_f64.argtypes = [vp, ctypes.POINTER(ctypes.c_int64)]
        self.keep = []

    def wrap(self, arr):
        w = self.lib.nd_wrap(arr.ctypes.data, DT[str(arr.dtype)], 1, (ctypes.c_int64 * 1)(arr.size),
                             None, None, None)
        self.keep.append(w)
        return w

    def ufunc(self, name, *args):
        fn = getattr(self.lib, "nd_" + name)
        fn.restype = ctypes.c_void_p
        fn.argtypes = [ctypes.c_void_p] * len(args)
        return lambda: fn(*args)

    def expr(self, text, names, arrays, out):
        cn = (ctypes.c_char_p * len(names))(*[s.encode() for s in names])
        e = self.lib.nd_expr_compile(text.encode(), len(names), cn)
        if not e:
            raise RuntimeError(f"nd_expr_compile failed on {text}")
        ins = (ctypes.c_void_p * len(names))(*[self.wrap(a) for a in arrays])
        w = self.wrap(out)
        self.keep.append(("expr", e))
        return lambda: self.lib.nd_expr_eval(e, ins, w)

    def free(self):
        for k in self.keep:
            if isinstance(k, tuple):
                self.lib.nd_expr_free(k[1])
            else:
                self.lib.nd_release(k)
        self.keep = []


def interleaved(fns, n):
    """median ns per call of each function and the per-round ratios to the first"""
    reps = max(1, int(3e6 // n))
    times = [[] for _ in fns]
    for f in fns:
        f()
    for _ in range(ROUNDS):
        for i, f in enumerate(fns):
            t0 = time.process_time()
            for _ in range(reps):
                f()
            times[i].append((time.process_time() - t0) / reps * 1e9)
    med = [statistics.median(t) for t in times]
    ratios = [statistics.median(t / b for t, b in zip(ti, times[0])) for ti in times]
    return med, ratios


def row(name, n, nbytes, flops, med, ratios, peers, limit):
    r = {"name": name, "real_time": med[0], "time_unit": "ns", "n": n, "bytes": nbytes, "flops": flops,
         "label": limit, "run_type": "iteration", "nd_ns": med[0]}
    for i, p in enumerate(peers, 1):
        r[f"peer_{p}_ns"] = med[i]
        r[f"peer_{p}_ratio"] = ratios[i]
    return r


def check(name, got, want, tol):
    err = float(np.max(np.abs(got - want) / np.maximum(np.abs(want), 1.0))) if want.size else 0.0
    if not err <= tol:
        return {"name": name, "error_occurred": True, "error_message": f"differs from nd: max rel error {err:g}"}
    return None


def main():
    import numexpr as ne
    ne.set_num_threads(1)
    nd = Nd(sys.argv[1])
    rows = []
    rng = np.random.default_rng(5)
    for n in SIZES:
        for name, ndspec, text, npf, vars_, flops in CASES:
            full = f"{name}/vs_numexpr/{n}"
            if FILTER and FILTER not in full:
                continue
            lo, hi = RANGE.get(name, (-1, 1))
            v = {k: rng.uniform(lo, hi, n) for k in vars_}
            if name.startswith("fused/2a"):
                v["c"] = rng.uniform(-3, 3, n)
            on, oe, op_ = np.empty(n), np.empty(n), np.empty(n)
            if isinstance(ndspec, tuple):
                f_nd = nd.ufunc(ndspec[0], *[nd.wrap(v[k]) for k in ndspec[1:]], nd.wrap(on))
            else:
                f_nd = nd.expr(ndspec, list(vars_), [v[k] for k in vars_], on)
            if name == "memory/a*b+c":  # nd's two ufunc calls into out=, as in bench_elementwise
                t = np.empty(n)
                w = [nd.wrap(v["a"]), nd.wrap(v["b"]), nd.wrap(v["c"]), nd.wrap(t), nd.wrap(on)]
                m1, a1 = nd.ufunc("multiply", w[0], w[1], w[3]), nd.ufunc("add", w[3], w[2], w[4])
                f_nd = lambda: (m1(), a1())
                npf = lambda v, o: (np.multiply(v["a"], v["b"], out=t), np.add(t, v["c"], out=o))
            fns = [f_nd, lambda: ne.evaluate(text, local_dict=v, out=oe)]
            peers = ["numexpr"]
            if npf:
                fns.append(lambda: npf(v, op_))
                peers.append("numpy")
            med, ratios = interleaved(fns, n)
            tol = 1e-13 if name.startswith(("math", "fused/2a")) else 1e-15
            bad = check(full, oe, on, tol) or (check(full, op_, on, tol) if npf else None)
            rows.append(bad or row(full, n, 8 * (len(vars_) + 1) * n, flops * n, med, ratios, peers,
                                   "stream_copy" if name.startswith("math") else "stream_triad"))
            nd.free()
        for dt, op in (("float64", "sum"), ("float32", "sum_f32")):
            full = f"reduce/{op}/vs_numexpr/{n}"
            if FILTER and FILTER not in full:
                continue
            x = rng.uniform(-1, 1, n).astype(dt)
            o = nd.lib.nd_zeros(DT[dt], 0, None)
            wx = nd.wrap(x)
            got = {}
            fns = [lambda: nd.lib.nd_sum(wx, -2 ** 31, False, o),
                   lambda: got.__setitem__("ne", ne.evaluate("sum(x)", local_dict={"x": x})),
                   lambda: got.__setitem__("np", x.sum())]
            med, ratios = interleaved(fns, n)
            want = nd.lib.nd_get_f64(o, None)
            # blocked and pairwise sums differ by ~log2(n) eps sum|x|
            tol = (1e-6 if dt == "float32" else 1e-14) * n
            bad = None
            for k in ("ne", "np"):
                if not abs(float(got[k]) - want) <= tol:
                    bad = {"name": full, "error_occurred": True,
                           "error_message": f"{k} sum {float(got[k])!r} differs from nd's {want!r}"}
            rows.append(bad or row(full, n, x.itemsize * n, n, med, ratios, ["numexpr", "numpy"], "read"))
            nd.lib.nd_release(o)
            nd.free()
    json.dump({"context": {"numexpr": ne.__version__}, "benchmarks": rows}, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
