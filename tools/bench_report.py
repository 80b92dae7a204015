#!/usr/bin/env python3
"""Merges the benchmark JSON files of one run (build/bench/*.json) into
results.json, report.md and SVG plots. Every figure is from this run; ratios
compare rows of this run only.

Row names are "<family>/<op>/<variant>/<n>"; counters n, bytes, flops and
the label naming the machine limit that bounds the row."""
import glob
import json
import re
import math
import os
import platform
import sys
from collections import defaultdict

out_dir = sys.argv[1] if len(sys.argv) > 1 else "build/bench"
rows = []
context = {}
for path in sorted(glob.glob(os.path.join(out_dir, "*.json"))):
    if path.endswith("results.json"):
        continue
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError):
        continue
    context.setdefault("files", []).append(os.path.basename(path))
    if "context" in data and "host_name" in data["context"]:
        context["machine"] = data["context"]
    if "context" in data and "numpy" in data["context"]:
        context["numpy"] = data["context"]["numpy"]
    for b in data.get("benchmarks", []):
        if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
            if b.get("error_occurred"):
                rows.append({"name": re.sub(r"/(iterations:\d+|real_time|manual_time)", "", b["name"]),
                             "error": b.get("error_message", "")})
            continue
        # Google Benchmark appends "/iterations:N" and "/real_time" to some names
        name = re.sub(r"/(iterations:\d+|real_time|manual_time)", "", b["name"])
        parts = name.split("/")
        if len(parts) != 4:
            continue
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        rows.append({"name": name, "family": parts[0], "op": parts[1], "variant": parts[2], "size": parts[3],
                     "ns": b["real_time"] * scale, "n": b.get("n", 0), "bytes": b.get("bytes", 0),
                     "flops": b.get("flops", 0), "limit": b.get("label", ""), "rel_err": b.get("rel_err"),
                     "ratio": b.get("ratio"), "copy_ratio": b.get("copy_ratio"),
                     "ulp_nd": b.get("ulp_nd"), "ulp_numpy": b.get("ulp_numpy"),
                     "peers": {k[5:-3]: (b[k], b.get(k[:-3] + "_ratio")) for k in b
                               if k.startswith("peer_") and k.endswith("_ns")}})

# The peers' rows (bench/bench_peers.cc, bench/numexpr_peer.py): one row per
# case with nd's time, each peer's median time and its median per-round
# ratio t(peer) / t(nd) in one process; each peer becomes a row of its own
# beside nd's and NumPy's (NumPy timed in numexpr's process: numpy_inproc).
PEER_NAMES = {"eigen": "eigen", "xtensor": "xtensor", "numexpr": "numexpr", "numpy": "numpy_inproc"}
# A case whose variant is "vs_peers_threads2" ran nd on two threads against
# the peers on one: its peer rows are named apart ("eigen_vs_nd_threads2").
for r in list(rows):
    for p, (ns, rat) in (r.get("peers") or {}).items():
        v = PEER_NAMES.get(p, p) + ("_vs_nd_threads2" if r["variant"] == "vs_peers_threads2" else "")
        rows.append(dict(r, name=f"{r['family']}/{r['op']}/{v}/{r['size']}",
                         variant=v, ns=ns, nd_ns=r["ns"], peer_ratio=rat, peers=None))
ok = [r for r in rows if "ns" in r]
errors = [r for r in rows if "error" in r]
by_name = {r["name"]: r for r in ok}

# ---- the machine's limits, measured in this run ----
limits = {}
for r in ok:
    if r["family"] != "machine":
        continue
    th = 2 if r["variant"] == "threads2" else 1
    if r["op"] == "fma_peak":
        limits[("fma", th)] = r["flops"] / r["ns"]  # GFLOP/s
    else:
        gbs = r["bytes"] / r["ns"]
        key = (r["op"], th)
        # the limit at n = 1e7 (the size most rows use); DRAM-only noted apart
        if r["size"] == "10000000" or (key not in limits and r["size"] != "30000000"):
            limits[key] = gbs
        if r["size"] == "30000000":
            limits[(r["op"] + "_dram", th)] = gbs


def limit_of(r):
    th = 2 if r["variant"] in ("threads2",) else 1
    lab = r["limit"]
    if lab == "fma" and r["flops"] and limits.get(("fma", th)):
        return lab, (r["flops"] / r["ns"]) / limits[("fma", th)]
    if lab == "fma_f32" and r["flops"] and limits.get(("fma", th)):
        # the float64 FMA peak measured, doubled: twice the float32 lanes per vector
        return lab, (r["flops"] / r["ns"]) / (2 * limits[("fma", th)])
    if lab in ("stream_copy", "stream_add", "stream_triad", "read", "fill"):
        v = limits.get((lab, th))
        if v and r["bytes"]:
            return lab, (r["bytes"] / r["ns"]) / v
    return lab, None


for r in ok:
    r["ns_per_elem"] = r["ns"] / r["n"] if r["n"] else None
    r["gbs"] = r["bytes"] / r["ns"] if r["bytes"] else None
    r["gflops"] = r["flops"] / r["ns"] if r["flops"] else None
    r["limit_name"], r["of_limit"] = limit_of(r)
    naive = by_name.get(f"{r['family']}/{r['op']}/naive/{r['size']}")
    numpy = by_name.get(f"{r['family']}/{r['op']}/numpy/{r['size']}")
    r["x_naive"] = naive["ns"] / r["ns"] if naive and r["variant"] != "naive" else None
    r["x_numpy"] = numpy["ns"] / r["ns"] if numpy and r["variant"] != "numpy" else None

# ---- peers: the best per row, and every row where one beats nd ----
# numpy_out, numpy_temporaries: NumPy's ways of writing the same operation
PEER_VARIANTS = {"numpy", "numpy_out", "numpy_temporaries", "numpy_inproc", "eigen", "xtensor", "numexpr"}
# not nd at one thread at its best level, or not the same operation
NOT_ND = {"naive", "scalar", "baseline", "avx2", "threads2", "2threads", "stream", "read", "vqsort",
          "cblas", "scaling", "numpy_contiguous", "numpy_philox", "numpy_noavx512", "contiguous"}
groups = defaultdict(list)
for r in ok:
    groups[(r["family"], r["op"], r["size"])].append(r)


def is_nd(r):
    v = r["variant"]
    return v not in PEER_VARIANTS and v not in NOT_ND and not v.startswith(("vs_", "fftw", "numpy"))


for key, rs in groups.items():
    peers = [r for r in rs if r["variant"] in PEER_VARIANTS]
    best = min(peers, key=lambda r: r["ns"]) if peers else None
    for r in rs:
        r["best_peer"] = best["variant"] if best and is_nd(r) else None
        r["x_best_peer"] = best["ns"] / r["ns"] if best and is_nd(r) else None
peer_wins = []  # (family/op/size, peer, nd time, peer time, peer/nd, how)
for (fam, op, size), rs in sorted(groups.items()):
    inproc = [r for r in rs if r.get("peer_ratio") is not None]
    nds = [r for r in rs if is_nd(r) and not r["variant"].startswith("vs_")]
    nd_best = min(nds, key=lambda r: r["ns"]) if nds else None
    seen = set()
    for r in inproc:  # measured in one process with nd: the ratio decides
        seen.add(r["variant"])
        if r["peer_ratio"] < 1:
            peer_wins.append((f"{fam}/{op}/{size}", r["variant"], r["nd_ns"], r["ns"],
                              r["peer_ratio"], "one process, interleaved"))
    for r in rs:  # NumPy in its own process against nd's best row
        if r["variant"] in PEER_VARIANTS and r["variant"] not in seen and r.get("peer_ratio") is None \
                and nd_best and r["ns"] < nd_best["ns"]:
            peer_wins.append((f"{fam}/{op}/{size}", r["variant"], nd_best["ns"], r["ns"],
                              r["ns"] / nd_best["ns"], f"separate processes (nd: {nd_best['variant']})"))

with open(os.path.join(out_dir, "results.json"), "w") as f:
    json.dump({"context": context, "limits": {f"{k[0]}/threads{k[1]}": v for k, v in limits.items()},
               "rows": rows}, f, indent=1)


# ---- formatting ----
def fmt_t(ns):
    if ns is None:
        return "-"
    for unit, s in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if ns >= s:
            return f"{ns / s:.3g} {unit}"
    return f"{ns:.3g} ns"


def f3(x, suffix=""):
    return "-" if x is None else f"{x:.3g}{suffix}"


def get(name):
    return by_name.get(name)


def ratio(a, b):
    ra, rb = get(a), get(b)
    if not ra or not rb:
        return None
    return ra["ns"] / rb["ns"]


lessons = []


def lesson(title, sentence, a, b, a_label, b_label):
    ra, rb = get(a), get(b)
    if not ra or not rb:
        lessons.append(f"- **{title}**: not measured in this run ({a if not ra else b} missing).")
        return
    lessons.append(f"- **{title}**: {sentence} {a_label} {fmt_t(ra['ns'])}, {b_label} {fmt_t(rb['ns'])}: "
                   f"**{ra['ns'] / rb['ns']:.2f}x**.")


nl = "4096" if get("fft/dft/naive/4096") else "512"
lesson("The algorithm (FFT)", f"A naive O(n^2) DFT against nd_fft (O(n log n)), complex128 n={nl}.",
       f"fft/dft/naive/{nl}", f"fft/dft/nd/{nl}", "naive", "nd")
big = "10000000" if get("reduce/sum/naive/10000000") else "100000"
lesson("The classic example", "A hand-written summation loop against nd_sum (pairwise, vectorized), "
       f"float64 n={big}, one thread.", f"reduce/sum/naive/{big}", f"reduce/sum/avx512/{big}", "loop", "nd_sum")
lesson("Vectorization", "The same add kernel at the scalar level and at AVX-512, n=1000 (in L1).",
       "elementwise/add/scalar/1000", "elementwise/add/avx512/1000", "scalar", "AVX-512")
lesson("Vectorization (AVX2 -> AVX-512)", "exp float64 n=1e5: SLEEF's AVX2 build against nd's own AVX-512 kernel.",
       "math/exp/avx2/100000", "math/exp/avx512/100000", "AVX2", "AVX-512")
lesson("Vectorization of libm", "exp one element at a time with libm against nd's vector exp, n=1e5.",
       "math/exp/naive/100000", "math/exp/avx512/100000", "libm loop", "nd")
err = get("accuracy/sum_f32/naive/10000000") or get("accuracy/sum_f32/naive/100000")
err_nd = get("accuracy/sum_f32/pairwise/10000000") or get("accuracy/sum_f32/pairwise/100000")
if err and err_nd:
    lessons.append(f"- **The algorithm (summation error)**: the relative error of a float32 sum of "
                   f"{err['n']:.0f} values against a long-double reference: naive running sum "
                   f"{err['rel_err']:.2e}, pairwise {err_nd['rel_err']:.2e}: "
                   f"**{err['rel_err'] / max(err_nd['rel_err'], 1e-30):.0f}x** smaller error.")
lesson("The algorithm (matmul)", "Naive i-j-k matmul against BLAS, 1024x1024 float64.",
       "matmul/dgemm/naive/1024", "matmul/dgemm/nd/1024", "i-j-k", "nd_matmul")
# GEMM step by step, each in GFLOP/s and as a share of the float64 FMA peak
# measured in this run (the threads step against the two-thread peak)
steps = [("naive i-j-k", "naive"), ("blocked (plain C, tiled)", "blocked"),
         ("packed micro-kernel (nd, 1 thread)", "nd"), ("threads (nd, 2 threads)", "threads2")]
got = [(lab, get(f"matmul/dgemm/{v}/1024") or get(f"matmul/dgemm/{v}/256")) for lab, v in steps]
if all(r for _, r in got):
    parts = []
    for lab, r in got:
        pk = limits.get(("fma", 2 if r["variant"] == "threads2" else 1))
        pct = f", {100 * r['flops'] / r['ns'] / pk:.0f}% of peak" if pk else ""
        parts.append(f"{lab} {r['flops'] / r['ns']:.1f} GFLOP/s{pct}")
    lessons.append(f"- **GEMM step by step** (float64 {got[0][1]['size']}^2): " + " -> ".join(parts) + ".")
else:
    lessons.append("- **GEMM step by step**: not measured in this run.")
k = "9000000" if get("layout/a+a.T/naive/9000000") else "250000"
lesson("Data layout", "a + a.T (3000x3000) as a plain double loop against nd's cache-blocked tiles.",
       f"layout/a+a.T/naive/{k}", f"layout/a+a.T/blocked/{k}", "plain loops", "nd blocked")
lesson("Data layout (strided vs contiguous)", "nd's a + a.T against the contiguous a + a.",
       f"layout/a+a.T/blocked/{k}", f"layout/a+a.T/contiguous/{k}", "a + a.T", "a + a")
lesson("Memory: temporaries", f"a*b + c with a new array per op against out= (n={big}).",
       f"memory/a*b+c/temporaries/{big}", f"memory/a*b+c/out/{big}", "temporaries", "out=")
lesson("Memory: in place", f"out= into a separate array against in place (n={big}).",
       f"memory/a*b+c/out/{big}", f"memory/a*b+c/inplace/{big}", "out=", "in place")
lesson("Memory: fusion", f"2*a + 3*b*b - sin(c) as five ufunc calls against one blocked nd_eval (n={big}).",
       f"fused/2a+3bb-sin(c)/ufuncs/{big}", f"fused/2a+3bb-sin(c)/fused/{big}", "ufuncs", "fused")
lesson("Threads", f"float64 add, 1 thread against 2 (n={big}).", f"elementwise/add/avx512/{big}",
       f"elementwise/add/threads2/{big}", "1 thread", "2 threads")
lesson("Threads (compute-bound)", f"exp float64, 1 thread against 2 (n={big}).", f"math/exp/avx512/{big}",
       f"math/exp/threads2/{big}", "1 thread", "2 threads")
lesson("Compiled calls vs the interpreter", "The cost of one add call at n=8: NumPy from Python against nd from C.",
       "overhead/add/numpy/8", "overhead/add/nd/8", "NumPy", "nd")
S6 = "1000000" if get("sort/f64/naive/1000000") else "100000"
lesson("The algorithm and vectorization (sorting)", f"libc qsort (a comparison function per step) against "
       f"nd_sort, float64 n={S6}.", f"sort/f64/naive/{S6}", f"sort/f64/avx512/{S6}", "qsort", "nd_sort")
lesson("Vectorization (sorting)", f"nd's scalar introsort against vqsort's AVX-512 partitions and sorting "
       f"networks, int32 n={S6}.", f"sort/i32/scalar/{S6}", f"sort/i32/avx512/{S6}", "introsort", "vqsort")
lesson("Latency vs throughput (random numbers)", "PCG64 is one 128-bit multiply per draw, each waiting "
       "for the last; nd computes 16 states of the same stream at once (AVX-512) against one at a time "
       "(scalar level), float64 random n=1e5.", "random/random/scalar/100000", "random/random/avx512/100000",
       "one chain", "16 chains")
lesson("Python bindings: a C extension vs the interpreter's NumPy",
       "nd.add(a, b, out=c) (nd._core, C) against np.add(a, b, out=c), n=8, same process.",
       "python/add_out/numpy/8", "python/add_out/nd/8", "NumPy", "nd")
lesson("Python bindings: cffi's price", "nd.sum(x) (through cffi) against np.sum(x), n=8, same process.",
       "python/sum/numpy/8", "python/sum/nd/8", "NumPy", "nd")
lesson("Profile first", "The same n=8 call with the profiler recording against without (the price of measuring).",
       "overhead/add/nd_profiled/8", "overhead/add/nd/8", "profiled", "plain")

# ---- the issues' speed targets, as measured in this run ----
targets = []


def target(what, value, goal, ok):
    if value is None or value == "-":
        targets.append(f"| {what} | not measured | {goal} | - |")
    else:
        targets.append(f"| {what} | {value} | {goal} | {'yes' if ok else '**no**'} |")


def t_ratio(a, b):
    ra, rb = get(a), get(b)
    return (ra["ns"] / rb["ns"]) if ra and rb else None


N7 = "10000000"
r = t_ratio(f"elementwise/add/stream/{N7}", f"elementwise/add/avx512/{N7}")
target("add float64 1e7, 1 thread, vs the STREAM add loop on the same arrays", f3(r, "x"), ">= 0.9x", r and r >= 0.9)
r = t_ratio(f"elementwise/multiply/stream/{N7}", f"elementwise/multiply/avx512/{N7}")
target("multiply float64 1e7, 1 thread, vs the STREAM add loop", f3(r, "x"), ">= 0.9x", r and r >= 0.9)
row, ov = get("elementwise/add/avx512/1000"), get("overhead/add/nd/8")
if row and ov:
    per = (row["ns"] - ov["ns"]) / 1000
    target("add n=1000 with out: ns/element beyond the call overhead", f"{per:.3f} ns", "<= 0.08 ns", per <= 0.08)
target("call overhead, add n=8 with out", fmt_t(ov["ns"]) if ov else None, "<= 25 ns", ov and ov["ns"] <= 25)
r = t_ratio("python/add_out/numpy/8", "python/add_out/nd/8")
target("Python: nd.add(a, b, out=c) at n=8 vs np.add (time ratio NumPy/nd)", f3(r, "x"), ">= 1x",
       r and r >= 1)
for fn in ("exp", "log", "sin"):
    r = t_ratio(f"math/{fn}/numpy/100000", f"math/{fn}/avx512/100000")
    target(f"{fn} float64 1e5 vs NumPy (time ratio, 1 thread)", f3(r, "x"), ">= 1x", r and r >= 1)
k = "9000000" if get("layout/a+a.T/blocked/9000000") else "250000"
row = get(f"layout/a+a.T/vs_contiguous/{k}")
r = row.get("ratio") if row else None
target("a + a.T 3000x3000 vs a + a: median time ratio, interleaved", f3(r, "x"), "<= 2.5x",
       r is not None and r <= 2.5)
row = get(f"reduce/sum/vs_read/{N7}")
r = row.get("ratio") if row else None
target("sum float64 1e7, 1 thread: median t(read-only pass) / t(sum), interleaved", f3(r, "x"), ">= 0.9x",
       r is not None and r >= 0.9)
row = get("reduce/sum/avx512/1000")
target("sum float64 n=1000 with out", fmt_t(row["ns"]) if row else None, "<= 100 ns", row and row["ns"] <= 100)
row = get("reduce/sum/nd_new/1000")
target("sum float64 n=1000, new 0-d result", fmt_t(row["ns"]) if row else None, "<= 100 ns", row and row["ns"] <= 100)
row = get(f"reduce/sum_axis0/vs_axis1/{N7}")
r = row.get("ratio") if row else None
target("4000x2500 sum axis 0 / axis 1: median time ratio, interleaved", f3(r, "x"), "<= ~1.1x",
       r is not None and r <= 1.1)
row, lim = get(f"elementwise/add/threads2/{N7}"), limits.get(("stream_add", 2))
if row and lim:
    frac = (row["bytes"] / row["ns"]) / lim
    target("add 1e7, 2 threads, vs 2-thread STREAM add", f"{100 * frac:.0f}%", ">= 85%", frac >= 0.85)
row = get(f"math/exp/scaling/{N7}")
r = row.get("ratio") if row else None
cr = row.get("copy_ratio") if row else None
# exp streams near the memory rate on one thread, so this follows the host's
# memory scaling, shown beside it: a copy of the same arrays in the same loop
target("exp float64 1e7 scaling 1 -> 2 threads: median time ratio, interleaved "
       "(in brackets: a copy of the same arrays, same loop)",
       r and f"{f3(r, 'x')} ({f3(cr, 'x')})", ">= 1.8x", r is not None and r >= 1.8)
r = t_ratio("elementwise/add/threads2/1000", "elementwise/add/avx512/1000")
target("add n=1000, threads on vs off (time ratio)", f3(r, "x"), "<= 1.05x", r and r <= 1.05)
for m, batch, goal in [(4, 100000, 1 / 0.75), (3, 10000, 4), (8, 10000, 2)]:
    r = t_ratio(f"batched/{m}x{m}/numpy/{batch}", f"batched/{m}x{m}/avx512/{batch}")
    target(f"({batch},{m},{m}) @ ({batch},{m},{m}) float64: NumPy / nd (1 thread)", f3(r, "x"),
           f">= {goal:.3g}x", r and r >= goal)
for n in (1024, 2048):
    for kind in ("f64_1t", "f64_2t", "f32_1t", "f32_2t"):
        row = get(f"matmul/vs_cblas/{kind}/{n}")
        v = row.get("ratio") if row else None
        target(f"matmul {n}^2 {kind}: median t(cblas) / t(nd_matmul), interleaved", f3(v, "x"), ">= 0.97x",
               v is not None and v >= 0.97)
for n in (256, 1024, 2048):
    for kind in ("f64_1t", "f64_2t", "f32_1t", "f32_2t"):
        row = get(f"matmul/vs_openblas_skx/{kind}/{n}")
        v = row.get("ratio") if row else None
        target(f"matmul {n}^2 {kind}: median t(OpenBLAS, SkylakeX kernels) / t(nd_matmul), interleaved",
               f3(v, "x"), ">= 1x", v is not None and v >= 1)
S6 = "1000000" if get("sort/f64/avx512/1000000") else "100000"
for kind in ("f64", "i32"):
    row = get(f"sort/{kind}/vs_vqsort/{S6}")
    v = row.get("ratio") if row else None
    target(f"sort {kind} n={S6}: median t(vqsort) / t(nd_sort), interleaved", f3(v, "x"), ">= 1x",
           v is not None and v >= 1)
r = t_ratio(f"sort/f64/numpy/{S6}", f"sort/f64/avx512/{S6}")
target(f"sort f64 n={S6}: NumPy / nd_sort", f3(r, "x"), ">= 15x", r and r >= 15)
r = t_ratio(f"argsort/f64/numpy/{S6}", f"argsort/f64/avx512/{S6}")
target(f"argsort f64 n={S6}: NumPy / nd_argsort", f3(r, "x"), ">= 5x", r and r >= 5)
for op in ("random", "standard_normal"):
    r = t_ratio(f"random/{op}/numpy/{N7}", f"random/{op}/avx512/{N7}")
    target(f"{op} float64 1e7 into out=: NumPy / nd (time ratio)", f3(r, "x"), ">= 2x", r and r >= 2)
# Philox: counter based, vectorized (kernels/generic/random.c), the same stream as NumPy's Philox
for op, want in (("random", 4), ("standard_normal", 2)):
    r = t_ratio(f"random/{op}/numpy_philox/{N7}", f"random/{op}/philox/{N7}")
    target(f"Philox {op} float64 1e7 into out=: NumPy Philox / nd Philox", f3(r, "x"),
           f">= {want}x", r and r >= want)
r = t_ratio(f"fused/2a+3bb-sin(c)/numpy/{N7}", f"fused/2a+3bb-sin(c)/fused/{N7}")
target("2*a + 3*b*b - sin(c) 1e7: NumPy / nd_eval (1 thread)", f3(r, "x"), "> 1x", r and r > 1)

for case, n, goal in (("ij,jk,kl->il", 500, 1), ("bij,bjk->bik", 64, 1), ("ii->i", 1000, 1),
                      ("ij->", 1000, 1), ("i,ij,j->", 1000, 1), ("ij,jk,kl->il_default", 100, 5)):
    row = get(f"einsum/{case}/vs_numpy/{n}") or get(f"einsum/{case}/vs_numpy/{n * 2 // 5}")
    v = row.get("ratio") if row else None
    peer = "default einsum" if case.endswith("_default") else "optimize=True"
    target(f"einsum {case.replace('_default', '')} (n={n}): NumPy's {peer} / nd, interleaved",
           f3(v, "x"), f">= {goal}x", v is not None and v >= goal)

# ---- plots ----
plots = []
try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fams = defaultdict(list)
    for r in ok:
        if r["family"] != "machine":
            fams[r["family"]].append(r)
    # speedup bars per family: best nd variant vs naive and vs NumPy, per op and size
    for fam, rs in fams.items():
        keys = sorted({(r["op"], r["size"]) for r in rs}, key=lambda k: (k[0], float(k[1])))
        labels, vs_naive, vs_numpy = [], [], []
        for op, size in keys:
            nd_rows = [r for r in rs if r["op"] == op and r["size"] == size and r["variant"] not in ("naive",)
                       and not r["variant"].startswith(("numpy", "fftw"))]
            if not nd_rows:
                continue
            best = min(nd_rows, key=lambda r: r["ns"])
            labels.append(f"{op}\n{size}")
            vs_naive.append(best["x_naive"] or 0)
            vs_numpy.append(best["x_numpy"] or 0)
        if not labels:
            continue
        fig, ax = plt.subplots(figsize=(max(6, len(labels) * 0.9), 4))
        xs = range(len(labels))
        ax.bar([x - 0.2 for x in xs], vs_naive, 0.4, label="vs naive loop")
        ax.bar([x + 0.2 for x in xs], vs_numpy, 0.4, label="vs NumPy")
        ax.axhline(1, color="gray", lw=0.8)
        ax.set_xticks(list(xs))
        ax.set_xticklabels(labels, fontsize=7)
        ax.set_ylabel("speedup of nd's best variant (x)")
        ax.set_title(f"{fam}: speedup (this run)")
        ax.legend()
        fig.tight_layout()
        p = f"speedup_{fam}.svg".replace("*", "x").replace("+", "p")
        fig.savefig(os.path.join(out_dir, p))
        plt.close(fig)
        plots.append(p)
    # ns/element vs n per op, log-log, one line per variant
    for fam in ("elementwise", "math", "reduce", "cast"):
        ops = sorted({r["op"] for r in fams.get(fam, [])})
        for op in ops:
            rs = [r for r in fams[fam] if r["op"] == op and r["ns_per_elem"]]
            variants = sorted({r["variant"] for r in rs})
            if len({r["size"] for r in rs}) < 2:
                continue
            fig, ax = plt.subplots(figsize=(6, 4))
            for v in variants:
                pts = sorted((float(r["size"]), r["ns_per_elem"]) for r in rs if r["variant"] == v)
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=v)
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("n")
            ax.set_ylabel("ns / element")
            ax.set_title(f"{fam}/{op}")
            ax.legend(fontsize=7)
            fig.tight_layout()
            p = f"nsper_{fam}_{op}.svg".replace("*", "x").replace("+", "p").replace(">", "").replace("/", "_")
            fig.savefig(os.path.join(out_dir, p))
            plt.close(fig)
            plots.append(p)
    # thread scaling at the largest size
    pairs = []
    for r in ok:
        if r["variant"] == "threads2":
            one = get(f"{r['family']}/{r['op']}/avx512/{r['size']}") or get(f"{r['family']}/{r['op']}/fused/{r['size']}")
            if one and r["size"] in ("10000000", "9000000", "100000") :
                pairs.append((f"{r['family']}/{r['op']}\n{r['size']}", one["ns"] / r["ns"]))
    if pairs:
        fig, ax = plt.subplots(figsize=(max(6, len(pairs) * 0.8), 4))
        ax.bar(range(len(pairs)), [p[1] for p in pairs])
        ax.axhline(2, color="gray", lw=0.8, ls="--")
        ax.set_xticks(range(len(pairs)))
        ax.set_xticklabels([p[0] for p in pairs], fontsize=6)
        ax.set_ylabel("time 1 thread / time 2 threads")
        ax.set_title("thread scaling (this run)")
        fig.tight_layout()
        fig.savefig(os.path.join(out_dir, "threads.svg"))
        plt.close(fig)
        plots.append("threads.svg")
except ImportError:
    plots.append("(matplotlib missing: no plots)")

# ---- the math family (bench/math_family.py): nd and NumPy in one process ----
MATH_N = "100000"
math_ops = sorted({r["op"] for r in ok if r["family"] == "mathfn"},
                  key=lambda o: (o.rsplit("_", 1)[0], o))
math_table = []
if math_ops:
    def mratio(op, variant, n):
        row = get(f"mathfn/{op}/{variant}/{n}")
        return row.get("ratio") if row else None

    sizes = sorted({r["size"] for r in ok if r["family"] == "mathfn"}, key=float)
    r512 = {op: mratio(op, "vs_numpy", MATH_N) for op in math_ops}
    r2 = {op: mratio(op, "vs_numpy_noavx512", MATH_N) for op in math_ops}
    got512 = [v for v in r512.values() if v is not None]
    got2 = [v for v in r2.values() if v is not None]
    if got512:
        slow = [op for op, v in r512.items() if v is not None and v < 1]
        target(f"math functions at avx512, n=1e5, 1 thread: NumPy / nd >= 1.0x ({len(got512)} functions; "
               f"below: {', '.join(slow) if slow else 'none'})", f"{len(got512) - len(slow)} of {len(got512)}",
               "all", not slow)
        fast = sum(v >= 1.5 for v in got512)
        target("math functions at avx512, n=1e5: NumPy / nd >= 1.5x", f"{fast} of {len(got512)}",
               ">= half", fast * 2 >= len(got512))
    if got2:
        slow = [op for op, v in r2.items() if v is not None and v < 1]
        target(f"math functions at avx2, n=1e5: NumPy without AVX-512 / nd >= 1.0x (below: "
               f"{', '.join(slow) if slow else 'none'})", f"{len(got2) - len(slow)} of {len(got2)}", "all",
               not slow)
    for fn, goal in (("exp", 1.9), ("log", 1.35), ("sin", 1.0)):
        v = r512.get(f"{fn}_float64")
        if v is not None:
            target(f"{fn} float64 1e5 in one process vs NumPy (median of interleaved rounds)", f3(v, "x"),
                   f">= {goal}x", v >= goal)
    head = " | ".join(f"NumPy/nd {float(n):.0e}" for n in sizes)
    math_table.append(f"| op | dtype | {head} | NumPy-noAVX512/nd-avx2 1e5 | max ULP nd | max ULP NumPy |")
    math_table.append("|---|---|" + "---:|" * (len(sizes) + 3))
    for op in math_ops:
        name, dt = op.rsplit("_", 1)
        cells = " | ".join(f3(mratio(op, "vs_numpy", n), "x") for n in sizes)
        u = get(f"mathfn/{op}/vs_numpy/{MATH_N}") or {}
        math_table.append(f"| {name} | {dt} | {cells} | {f3(r2[op], 'x')} | {f3(u.get('ulp_nd'))} | "
                          f"{f3(u.get('ulp_numpy'))} |")

# ---- the census (bench/census.py): every public function with a NumPy peer ----
census = {r["op"] + "/" + r["size"]: r.get("ratio") for r in ok
          if r["family"] == "census" and r["variant"] == "vs_numpy"}
census_slow = sorted((v, k) for k, v in census.items() if v is not None and v < 1)
if census:
    target(f"census: functions with a NumPy peer at NumPy's speed (median NumPy/nd >= 1.0x; "
           f"{len(census_slow)} below, listed in the census section)",
           f"{len(census) - len(census_slow)} of {len(census)}", "all", not census_slow)

# ---- the univariate distributions (bench/random_dists.py, issue 27) ----
randdist = {r["op"]: r.get("ratio") for r in ok if r["family"] == "randdist" and r["variant"] == "vs_numpy"}
# the ones NumPy builds on standard_normal / standard_exponential / standard_gamma
RANDDIST_BULK = {"chisquare", "f", "geometric", "lognormal", "negative_binomial", "noncentral_chisquare",
                 "noncentral_f", "pareto", "power", "rayleigh", "standard_cauchy", "standard_t", "wald",
                 "weibull"}
if randdist:
    for label, names, goal in (("the others", set(randdist) - RANDDIST_BULK, 1.0),
                               ("built on normal/exponential/gamma", RANDDIST_BULK & set(randdist), 1.5)):
        slow = sorted(k for k in names if randdist[k] is None or randdist[k] < goal)
        target(f"random distributions 1e6, {label}: NumPy/nd >= {goal}x (interleaved, CPU time; below: "
               f"{', '.join(f'{k} {randdist[k]:.2f}x' for k in slow) or 'none'})",
               f"{len(names) - len(slow)} of {len(names)}", "all", not slow)

# ---- report.md ----
L = []
L.append("# nd benchmark report\n")
m = context.get("machine", {})
L.append(f"Machine: {m.get('host_name', platform.node())}, {m.get('num_cpus', '?')} CPUs at "
         f"{m.get('mhz_per_cpu', '?')} MHz; nd's best ISA level as detected; NumPy {context.get('numpy', 'not run')}; "
         f"run {m.get('date', '')}. All figures are from this one run; compare ratios, not times from elsewhere.\n")
L.append("## Lessons\n")
L.extend(lessons)
L.append("\n## Targets\n")
L.append("| target | measured | goal | met |\n|---|---:|---:|---|")
L.extend(targets)
if math_table:
    L.append("\n## Math functions against NumPy (one process, one thread)\n")
    L.append("nd through ctypes on NumPy's own buffers, rounds interleaved, median of the per-round "
             "ratios (>1: nd is faster); the avx2 column runs against NumPy with its AVX-512 loops off "
             "(NPY_DISABLE_CPU_FEATURES), as on an AVX2-only machine. ULP: the largest error on the same "
             "1e5 inputs against a wider evaluation; tests/test_accuracy.c (MPFR) gives nd's bounds.\n")
    L.extend(math_table)
if census:
    L.append("\n## Census: rows where nd is slower than NumPy\n")
    L.append("bench/census.py: one row per public function with a NumPy equivalent (n = 1e5, 2-D work "
             "at 316x316; the indexing paths also at 1e3 and 1e7), nd through ctypes on NumPy's buffers "
             "in one process, rounds interleaved, CPU time, median of the per-round ratios NumPy/nd "
             f"(< 1: nd is slower). {len(census_slow)} of {len(census)} rows below 1.\n")
    L.append("| function | n | NumPy/nd |\n|---|---:|---:|")
    for v, k in census_slow:
        op, n = k.rsplit("/", 1)
        L.append(f"| {op} | {n} | {f3(v, 'x')} |")
fft_ops = sorted({(r["op"], r["size"]) for r in ok if r["family"] == "fft" and r["op"] != "dft"},
                 key=lambda k: (k[0], float(k[1])))
if fft_ops:
    L.append("\n## FFT: nd against NumPy and FFTW\n")
    L.append("Time ratios (>1: nd is faster), one thread, one run; nd at its best level and at avx2, "
             "writing into out=; FFTW plans made before timing (FFTW_MEASURE with a time limit).\n")
    L.append("| transform | n | NumPy/nd | FFTW_ESTIMATE/nd | FFTW_MEASURE/nd | NumPy/nd avx2 | FFTW_MEASURE/nd avx2 |")
    L.append("|---|---:|---:|---:|---:|---:|---:|")
    for op, n in fft_ops:
        def fr(a, b):
            return ratio(f"fft/{op}/{a}/{n}", f"fft/{op}/{b}/{n}")
        L.append(f"| {op} | {n} | {f3(fr('numpy', 'nd'), 'x')} | {f3(fr('fftw_estimate', 'nd'), 'x')} | "
                 f"{f3(fr('fftw_measure', 'nd'), 'x')} | {f3(fr('numpy', 'avx2'), 'x')} | "
                 f"{f3(fr('fftw_measure', 'avx2'), 'x')} |")
peer_rows = [r for r in ok if r.get("peers")]
if peer_rows:
    names = [p for p in ("eigen", "xtensor", "numexpr", "numpy") if any(p in r["peers"] for r in peer_rows)]
    L.append("\n## nd against its C/C++ and Python peers (one process, one thread)\n")
    L.append("bench/bench_peers.cc (Eigen, xtensor with xsimd; -O3 -march=native) and bench/numexpr_peer.py "
             "(numexpr, and NumPy in the same process): each round times nd, then each peer, by CPU time; "
             "the figures are the medians of the per-round ratios t(peer) / t(nd) (> 1: nd is faster); "
             "- where the peer has no such operation.\n")
    label = {"eigen": "Eigen", "xtensor": "xtensor", "numexpr": "numexpr", "numpy": "NumPy (same process)"}
    L.append("| operation | n | nd | " + " | ".join(f"{label[p]}/nd" for p in names) + " |")
    L.append("|---|---:|---:|" + "---:|" * len(names))
    for r in sorted(peer_rows, key=lambda r: (r["family"], r["op"], float(r["size"]), r["variant"])):
        cells = " | ".join(f3(r["peers"][p][1], "x") if p in r["peers"] else "-" for p in names)
        th = " (nd on 2 threads, wall clock)" if r["variant"] == "vs_peers_threads2" else ""
        L.append(f"| {r['family']}/{r['op']}{th} | {r['size']} | {fmt_t(r['ns'])} | {cells} |")
L.append("\n## Rows where a peer beats nd\n")
if peer_wins:
    L.append("Every row of this run where a peer (NumPy, Eigen, xtensor, numexpr) took less time than nd at one "
             "thread (and, as \"<peer>_vs_nd_threads2\", than nd on two threads): from the in-process ratio "
             "where the peer was interleaved with nd, else against nd's "
             "fastest one-thread row of the same operation and size.\n")
    L.append("| row | peer | nd | peer | peer/nd time | measured |\n|---|---|---:|---:|---:|---|")
    for name, p, tn, tp, rat, how in peer_wins:
        L.append(f"| {name} | {p} | {fmt_t(tn)} | {fmt_t(tp)} | {rat:.3g} | {how} |")
else:
    L.append("None in this run.")
L.append("\n## The machine's limits (measured in this run)\n")
L.append("| limit | 1 thread | 2 threads |\n|---|---:|---:|")
for name, unit in (("stream_copy", "GB/s"), ("stream_add", "GB/s"), ("stream_triad", "GB/s"), ("read", "GB/s"),
                   ("fill", "GB/s"), ("stream_add_dram", "GB/s"), ("fma", "GFLOP/s")):
    a, b = limits.get((name, 1)), limits.get((name, 2))
    if a or b:
        L.append(f"| {name} ({unit}) | {f3(a)} | {f3(b)} |")
L.append("\nRows below give GB/s as a percentage of the limit named in the row (the 1e7-element "
         "measurement; rows that fit in cache can exceed 100%). x naive and x NumPy are time ratios "
         "(>1: nd is faster).\n")
fams = defaultdict(list)
for r in ok:
    if r["family"] not in ("machine", "mathfn", "census"):
        fams[r["family"]].append(r)
for fam in sorted(fams):
    L.append(f"## {fam}\n")
    L.append("| op | n | variant | time | ns/elem | GB/s | % of limit | GFLOP/s | x naive | x NumPy | best peer |")
    L.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in sorted(fams[fam], key=lambda r: (r["op"], float(r["size"]), r["variant"])):
        pct = f"{100 * r['of_limit']:.0f}% {r['limit_name']}" if r["of_limit"] else "-"
        bp = f"{r['best_peer']} {f3(r['x_best_peer'], 'x')}" if r.get("best_peer") else "-"
        L.append(f"| {r['op']} | {r['size']} | {r['variant']} | {fmt_t(r['ns'])} | {f3(r['ns_per_elem'])} | "
                 f"{f3(r['gbs'])} | {pct} | {f3(r['gflops'])} | {f3(r['x_naive'], 'x')} | {f3(r['x_numpy'], 'x')} | "
                 f"{bp} |")
    L.append("")
if errors:
    L.append("## Rows that failed their check\n")
    for e in errors:
        L.append(f"- {e['name']}: {e['error']}")
    L.append("")
L.append("## Plots\n")
for p in plots:
    L.append(f"![{p}]({p})" if p.endswith(".svg") else p)
with open(os.path.join(out_dir, "report.md"), "w") as f:
    f.write("\n".join(L) + "\n")
print(f"nd bench: wrote {out_dir}/report.md, results.json and {len([p for p in plots if p.endswith('.svg')])} plots"
      f" ({len(ok)} rows, {len(errors)} failed checks)")
sys.exit(1 if errors else 0)
