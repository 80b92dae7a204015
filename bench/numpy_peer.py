"""NumPy on the same operations and sizes as the nd benchmarks, in the same
run: rows named "<family>/<op>/numpy/<n>" in Google Benchmark's JSON shape,
so the report can put them next to nd's. Run with /usr/bin/python3 (Debian's
python3-numpy). Times are the median of repeated timeit runs."""
import json
import os
import sys
import timeit

import numpy as np

QUICK = bool(os.environ.get("ND_BENCH_QUICK"))
SIZES = [1000, 100000] if QUICK else [1000, 100000, 10000000]
FILTER = os.environ.get("ND_BENCH_FILTER", "")
rows = []


def timed(name, fn, n, nbytes, flops=0.0, limit=""):
    if FILTER and FILTER not in name:
        return
    fn()
    # aim for ~0.1 s per measurement (0.01 s quick), at least one call
    t1 = timeit.timeit(fn, number=1)
    budget = 0.01 if QUICK else 0.1
    number = max(1, int(budget / max(t1, 1e-9)))
    reps = 3 if QUICK else 5
    ts = sorted(timeit.repeat(fn, number=number, repeat=reps))
    ns = ts[len(ts) // 2] / number * 1e9
    rows.append({"name": name, "real_time": ns, "time_unit": "ns", "n": n, "bytes": nbytes,
                 "flops": flops, "label": limit, "run_type": "iteration"})


def rng(n, lo, hi, seed):
    r = np.random.default_rng(seed)
    return r.uniform(lo, hi, n)


def main():
    for n in SIZES:
        a, b, c, o = rng(n, -1, 1, 1), rng(n, -1, 1, 2), rng(n, -1, 1, 3), np.empty(n)
        timed(f"elementwise/add/numpy/{n}", lambda: np.add(a, b, out=o), n, 24 * n, n, "stream_add")
        timed(f"elementwise/multiply/numpy/{n}", lambda: np.multiply(a, b, out=o), n, 24 * n, n, "stream_add")
        t = np.empty(n)
        timed(f"memory/a*b+c/numpy_temporaries/{n}", lambda: a * b + c, n, 32 * n, 2 * n, "stream_triad")
        timed(f"memory/a*b+c/numpy_out/{n}",
              lambda: (np.multiply(a, b, out=t), np.add(t, c, out=o)), n, 32 * n, 2 * n, "stream_triad")
        cc = rng(n, -3, 3, 3)
        timed(f"fused/2a+3bb-sin(c)/numpy/{n}", lambda: 2 * a + 3 * b * b - np.sin(cc), n, 32 * n, 6 * n,
              "stream_triad")
        for name, lo, hi in [("exp", -700, 700), ("log", 1e-300, 1e300), ("sin", -1e4, 1e4),
                             ("tanh", -20, 20), ("sqrt", 0, 1e10)]:
            x = rng(n, lo, hi, 7)
            f = getattr(np, name)
            timed(f"math/{name}/numpy/{n}", lambda: f(x, out=o), n, 16 * n, n, "stream_copy")
        o32 = np.empty(n, np.float32)
        x = rng(n, -1e3, 1e3, 9)
        timed(f"cast/f64->f32/numpy/{n}", lambda: np.copyto(o32, x, casting="unsafe"), n, 12 * n, 0,
              "stream_copy")
        x = rng(n, -1, 1, 11)
        timed(f"reduce/sum/numpy/{n}", lambda: x.sum(), n, 8 * n, n, "read")
        timed(f"reduce/max/numpy/{n}", lambda: x.max(), n, 8 * n, n, "read")
        oc = np.empty(n)
        timed(f"cumsum/cumsum/numpy/{n}", lambda: np.cumsum(x, out=oc), n, 16 * n, n, "stream_copy")
    x32 = rng(100000, -87, 88, 7).astype(np.float32)
    o32 = np.empty(100000, np.float32)
    timed("math/exp_f32/numpy/100000", lambda: np.exp(x32, out=o32), 100000, 8 * 100000, 100000, "stream_copy")
    a8, b8, o8 = rng(8, -1, 1, 1), rng(8, -1, 1, 2), np.empty(8)
    timed("overhead/add/numpy/8", lambda: np.add(a8, b8, out=o8), 8, 24 * 8, 8, "call")
    r, cl = (400, 250) if QUICK else (4000, 2500)
    m = rng(r * cl, -1, 1, 3).reshape(r, cl)
    timed(f"reduce/sum_axis0/numpy/{r * cl}", lambda: m.sum(axis=0), r * cl, 8 * r * cl, r * cl, "read")
    timed(f"reduce/sum_axis1/numpy/{r * cl}", lambda: m.sum(axis=1), r * cl, 8 * r * cl, r * cl, "read")
    col, row, oo = rng(r, -1, 1, 1).reshape(r, 1), rng(cl, -1, 1, 2).reshape(1, cl), np.empty((r, cl))
    timed(f"broadcast/col+row/numpy/{r * cl}", lambda: np.add(col, row, out=oo), r * cl, 8 * r * cl, r * cl,
          "fill")
    k = 500 if QUICK else 3000
    sq = rng(k * k, -1, 1, 5).reshape(k, k)
    osq = np.empty((k, k))
    timed(f"layout/a+a.T/numpy/{k * k}", lambda: np.add(sq, sq.T, out=osq), k * k, 24 * k * k, k * k,
          "stream_add")
    timed(f"layout/a+a.T/numpy_contiguous/{k * k}", lambda: np.add(sq, sq, out=osq), k * k, 24 * k * k, k * k,
          "stream_add")
    for n in SIZES:
        x = rng(n, -1, 1, 8)
        path = f"/tmp/nd_numpy_peer_{os.getpid()}.npy"
        timed(f"npy/save/numpy/{n}", lambda: np.save(path, x), n, 8 * n, 0, "stream_copy")
        timed(f"npy/load/numpy/{n}", lambda: np.load(path), n, 8 * n, 0, "stream_copy")
        if os.path.exists(path):  # a FILTER may skip the save
            os.unlink(path)
    linalg()
    sorting()
    randoms()
    ffts()
    signal()
    json.dump({"context": {"numpy": np.__version__}, "benchmarks": rows}, sys.stdout, indent=1)


def linalg():
    big = 256 if QUICK else 1024
    a, b, o = rng(big * big, -1, 1, 1).reshape(big, big), rng(big * big, -1, 1, 2).reshape(big, big), \
        np.empty((big, big))
    timed(f"matmul/dgemm/numpy/{big}", lambda: np.matmul(a, b, out=o), big * big, 24 * big * big,
          2.0 * big ** 3, "fma")
    for n in ([64, 256] if QUICK else [64, 128, 256, 512, 1024, 2048]):
        for dt, name in [(np.float32, "sgemm"), (np.float64, "dgemm")]:
            if name == "dgemm" and n == big:
                continue
            x, y = rng(n * n, -1, 1, 1).reshape(n, n).astype(dt), rng(n * n, -1, 1, 2).reshape(n, n).astype(dt)
            z = np.empty((n, n), dt)
            timed(f"matmul/{name}/numpy/{n}", lambda: np.matmul(x, y, out=z), n * n, 3 * x.itemsize * n * n,
                  2.0 * n ** 3, "fma_f32" if name == "sgemm" else "fma")
    for batch, m in [(100000, 4), (10000, 3), (10000, 8)]:
        batch = batch // 10 if QUICK else batch
        x, y = rng(batch * m * m, -1, 1, 3).reshape(batch, m, m), rng(batch * m * m, -1, 1, 4).reshape(batch, m, m)
        ob = np.empty((batch, m, m))
        timed(f"batched/{m}x{m}/numpy/{batch}", lambda: np.matmul(x, y, out=ob), batch, 24 * batch * m * m,
              2.0 * batch * m ** 3, "stream_add")
    n = 64 if QUICK else 300
    r = rng(n * n, -1, 1, 5).reshape(n, n)
    sq = r + np.sqrt(n) * np.eye(n)
    sym = sq + sq.T
    for op, fn in [("solve", lambda: np.linalg.solve(sq, r)), ("inv", lambda: np.linalg.inv(sq)),
                   ("det", lambda: np.linalg.det(sq / np.sqrt(n))), ("svd", lambda: np.linalg.svd(sq, full_matrices=False)),
                   ("eigh", lambda: np.linalg.eigh(sym)), ("qr", lambda: np.linalg.qr(sq))]:
        timed(f"lapack/{op}/numpy/{n}", fn, n * n, 8 * n * n, 0, "")


def sorting():
    """np.sort on a fresh copy (w[:] = a; w.sort(), as nd's rows copy then sort
    in place) and np.argsort, NumPy's default kinds."""
    for n in ([1000, 100000] if QUICK else [1000, 100000, 1000000]):
        for dt, name in [(np.float64, "f64"), (np.int32, "i32")]:
            a = rng(n, -1e6, 1e6, 21).astype(dt)
            w = np.empty_like(a)
            timed(f"sort/{name}/numpy/{n}", lambda: (np.copyto(w, a), w.sort()), n, 2 * a.itemsize * n, 0, "")
        x = rng(n, -1, 1, 23)
        timed(f"argsort/f64/numpy/{n}", lambda: np.argsort(x), n, 16 * n, 0, "")


def randoms():
    """Generator.random and standard_normal into an existing array (out=),
    PCG64 and Philox, seeded as nd's rows."""
    for n in SIZES:
        o = np.empty(n)
        for name, mk in [("numpy", lambda: np.random.default_rng(7)),
                         ("numpy_philox", lambda: np.random.Generator(np.random.Philox(7)))]:
            g = mk()
            timed(f"random/random/{name}/{n}", lambda: g.random(out=o), n, 8 * n, 0, "fill")
            timed(f"random/standard_normal/{name}/{n}", lambda: g.standard_normal(out=o), n, 8 * n, 0, "fill")


def ffts():
    """np.fft on bench/bench_fft.cc's cases (NumPy 1.24 computes float32 in
    double and allocates its result; nd writes into out=)."""
    lens = [1024, 1000, 30030] if QUICK else [1024, 65536, 1048576, 1000, 59049, 78125, 30030, 1000003]
    for n in lens:
        x, z = rng(n, -1, 1, 31), rng(n, -1, 1, 31) + 1j * rng(n, -1, 1, 37)
        timed(f"fft/c2c/numpy/{n}", lambda: np.fft.fft(z), n, 0)
        timed(f"fft/r2c/numpy/{n}", lambda: np.fft.rfft(x), n, 0)
    b = 100 if QUICK else 1000
    for t, dt in (("", np.float64), ("_f32", np.float32)):
        x = rng(b * 1024, -1, 1, 31).reshape(b, 1024).astype(dt)
        z = x + 1j * rng(b * 1024, -1, 1, 37).reshape(b, 1024).astype(dt)
        for ax in (0, 1):
            timed(f"fft/c2c_batch_ax{ax}{t}/numpy/{b * 1024}", lambda: np.fft.fft(z, axis=ax), b * 1024, 0)
            timed(f"fft/r2c_batch_ax{ax}{t}/numpy/{b * 1024}", lambda: np.fft.rfft(x, axis=ax), b * 1024, 0)
        for name, shape in (("2d", (128, 128) if QUICK else (1024, 1024)), ("3d", (32,) * 3 if QUICK else (128,) * 3)):
            m = int(np.prod(shape))
            x = rng(m, -1, 1, 31).reshape(shape).astype(dt)
            z = x + 1j * rng(m, -1, 1, 37).reshape(shape).astype(dt)
            timed(f"fft/c2c_{name}{t}/numpy/{m}", lambda: np.fft.fftn(z), m, 0)
            timed(f"fft/r2c_{name}{t}/numpy/{m}", lambda: np.fft.rfftn(x), m, 0)
    for n in [1024, 1000] if QUICK else [1024, 65536, 1048576, 1000, 30030]:
        x = rng(n, -1, 1, 31).astype(np.float32)
        z = (x + 1j * rng(n, -1, 1, 37).astype(np.float32)).astype(np.complex64)
        timed(f"fft/c2c_f32/numpy/{n}", lambda: np.fft.fft(z), n, 0)
        timed(f"fft/r2c_f32/numpy/{n}", lambda: np.fft.rfft(x), n, 0)


def signal():
    # bench/bench_signal.cc's rows: convolve across the kernel lengths where
    # nd moves from its direct loop to FFTs, interp, polyfit
    n = 10000 if QUICK else 100000
    a = rng(n, -1, 1, 41)
    for m in (8, 32, 64, 128, 512):
        v = rng(m, -1, 1, 43)
        timed(f"convolve/m{m}/numpy/{n}", lambda: np.convolve(a, v), n, 8 * n, 2.0 * n * m)
    ni = 100000 if QUICK else 1000000
    xp = np.sort(rng(1000, -5, 5, 47))
    fp = np.sin(xp)
    x = rng(ni, -6, 6, 53)
    xs = np.sort(x)
    timed(f"interp/random/numpy/{ni}", lambda: np.interp(x, xp, fp), ni, 16 * ni, 0)
    timed(f"interp/sorted/numpy/{ni}", lambda: np.interp(xs, xp, fp), ni, 16 * ni, 0)
    px = np.linspace(-1, 1, n)
    py = rng(n, -1, 1, 59)
    timed(f"polyfit/deg5/numpy/{n}", lambda: np.polyfit(px, py, 5), n, 16 * n, 0)
    cm = rng(n // 50 * 50, -1, 1, 61).reshape(50, n // 50)
    timed(f"cov/rows50/numpy/{n}", lambda: np.cov(cm), n, 8 * n, 2.0 * 50 * n)
    hx, hy = rng(n, -3, 3, 67), rng(n, -1, 2, 71)
    timed(f"histogram2d/b64/numpy/{n}", lambda: np.histogram2d(hx, hy, bins=64), n, 16 * n, 0)


if __name__ == "__main__":
    main()
