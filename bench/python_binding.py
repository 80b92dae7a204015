"""The Python binding's per-call cost against NumPy's, both from the same
interpreter (/usr/bin/python3) in one process: rows "python/<op>/nd/<n>"
and "python/<op>/numpy/<n>" in Google Benchmark's JSON shape.
usage: python_binding.py BUILD/python (the staged nd package)."""
import json
import os
import sys
import timeit

sys.path.insert(0, sys.argv[1])
import numpy as np  # noqa: E402

import nd  # noqa: E402

QUICK = bool(os.environ.get("ND_BENCH_QUICK"))
FILTER = os.environ.get("ND_BENCH_FILTER", "")
rows = []


def timed(name, fn, n, label):
    if FILTER and FILTER not in name:
        return
    fn()
    t1 = timeit.timeit(fn, number=100)
    number = max(100, int((0.02 if QUICK else 0.2) / max(t1 / 100, 1e-9)))
    ts = sorted(timeit.repeat(fn, number=number, repeat=3 if QUICK else 7))
    ns = ts[len(ts) // 2] / number * 1e9  # the median
    rows.append({"name": name, "real_time": ns, "time_unit": "ns", "n": n, "bytes": 0,
                 "flops": 0, "label": label, "run_type": "iteration"})


def main():
    r = np.random.default_rng(1)
    for n in [8, 1000]:
        a, b, c = r.uniform(-1, 1, n), r.uniform(-1, 1, n), np.empty(n)
        x, y, z = nd.asarray(a), nd.asarray(b), nd.empty(n)
        # interleaved, so load on the machine hits both alike
        timed(f"python/add_out/numpy/{n}", lambda: np.add(a, b, out=c), n, "call")
        timed(f"python/add_out/nd/{n}", lambda: nd.add(x, y, out=z), n, "call")
        timed(f"python/add_new/numpy/{n}", lambda: np.add(a, b), n, "call")
        timed(f"python/add_new/nd/{n}", lambda: nd.add(x, y), n, "call")
        timed(f"python/a+b/numpy/{n}", lambda: a + b, n, "call")
        timed(f"python/a+b/nd/{n}", lambda: x + y, n, "call")
        timed(f"python/a[1:-1]/numpy/{n}", lambda: a[1:-1], n, "call")
        timed(f"python/a[1:-1]/nd/{n}", lambda: x[1:-1], n, "call")
        # through cffi (every function that is not a ufunc or indexing)
        timed(f"python/sum/numpy/{n}", lambda: np.sum(a), n, "call")
        timed(f"python/sum/nd/{n}", lambda: nd.sum(x), n, "call")
    json.dump({"context": {"numpy": np.__version__}, "benchmarks": rows}, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
