#!/usr/bin/env python3
"""The alpha-beta cost model of docs/dist-cost-model.md, from a bench run.

Reads the dist family's JSON (tools/run-bench.sh writes dist_np1.json and
dist_np2.json in the bench directory), takes alpha and beta from the
ping-pong rows, each operation's compute rate from its 1-rank strong row,
checks the message/byte formulas against the counts measured at 1 and 2
ranks, and prints the projections to 64-4096 ranks as a Markdown table.

    python3 tools/dist_cost_model.py build/bench [alpha_us beta_ns_per_byte]

The optional alpha and beta replace the measured ones (a network's,
stated by whoever runs it): the table is then a projection for that
network from this host's compute rates.
"""
import json
import math
import os
import sys

STATE = 4352  # bytes of one sum state (src/dist/reduce.c, ~4.3 KiB)


def load(path):
    with open(path) as f:
        return {b["name"]: b for b in json.load(f)["benchmarks"] if "real_time" in b}


def grid(p):
    r = int(math.isqrt(p))
    while r > 1 and p % r:
        r -= 1
    return r, p // r


def traffic(op, p, m, n, k):
    """Messages and bytes the busiest rank sends in one operation (counted
    ones: all-to-all blocks and point-to-point pieces), plus the uncounted
    collectives' (messages, bytes) as the model charges them."""
    pr, pc = grid(p)
    lg = math.ceil(math.log2(p)) if p > 1 else 0
    if op == "add":  # operands split alike: no messages
        return 0, 0, (0, 0)
    if op == "sum":  # the state allreduce: log2 P rounds of one state each
        return 0, 0, (lg, lg * STATE)
    if op == "save_npy":  # MPI-IO: the file system's traffic, not counted or modelled
        return 0, 0, (0, 0)
    if op == "resplit":  # rows to columns: a block to every other rank
        return p - 1, 8 * m * n * (p - 1) // (p * p), (0, 0)
    rows = m / p  # a balanced row split of a and b (k rows of b)
    if op == "matmul_repro":
        # a: each of my rows goes to the pc ranks of its grid row (128-row
        # blocks); b: my rows of b go to every rank, cut by column blocks
        hit = min(pr, math.ceil(rows / 128) + 1)
        msgs = (hit * pc - 1) + (p - 1)
        byts = 8 * k * rows * (pc - 1 / pr) + 8 * (k / p) * (n * pr - n / pc)
        return msgs, int(byts), (0, 0)
    if op == "matmul_pdgemm":
        # into 64 x 64 blocks (counted: all but the 1/P that stays), then
        # pdgemm's SUMMA: k/64 panels broadcast along grid rows and columns
        # (ScaLAPACK's messages, not counted: charged by the model)
        hit = min(pr, math.ceil(rows / 64) + 1)
        msgs = 2 * (hit * pc - 1)
        byts = 8 * (m * k + k * n) / p * (1 - 1 / p)
        panels = math.ceil(k / 64)
        lr = math.ceil(math.log2(pr)) if pr > 1 else 0
        lc = math.ceil(math.log2(pc)) if pc > 1 else 0
        summa = (panels * (lr + lc), 8 * k * (m / pr) * lc + 8 * k * (n / pc) * lr)
        return msgs, int(byts), (summa[0], int(summa[1]))
    raise ValueError(op)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "build/bench"
    rows1 = load(os.path.join(out, "dist_np1.json"))
    rows2 = load(os.path.join(out, "dist_np2.json"))
    # the minimum of the repetitions: on a loaded host the median mostly
    # measures waiting for the other rank to be scheduled
    pp = {int(n.split("/")[-1]): r.get("min_us", r["real_time"])
          for n, r in rows2.items() if "/pingpong/" in n}
    alpha = pp[8] * 1e-6
    # beta from the 64 KiB -> 1 MiB slope (the 8 MiB point is printed apart:
    # past the caches and, on a loaded host, the least reliable)
    beta = (pp[1 << 20] - pp[65536]) * 1e-6 / ((1 << 20) - 65536)
    note = "ping-pong minimum between 2 ranks here"
    if len(sys.argv) >= 4:
        alpha, beta = float(sys.argv[2]) * 1e-6, float(sys.argv[3]) * 1e-9
        note = "given"
    print(f"alpha = {alpha * 1e6:.3g} us, beta = {beta * 1e9:.3g} ns/byte ({note}); "
          f"8 MiB ping-pong: {pp[8 << 20]:.0f} us ({(8 << 20) / pp[8 << 20] / 1e3:.2f} GB/s)\n")
    print("| row | P | messages: model, counted | bytes: model, counted |")
    print("|---|---|---|---|")
    for rows, p in ((rows1, 1), (rows2, 2)):
        for name, r in sorted(rows.items()):
            parts = name.split("/")
            if parts[1] == "pingpong":
                continue
            op, size = parts[1], int(parts[3])
            m, n, k = dims(op, size)
            mm, mb, _ = traffic(op, p, m, n, k)
            print(f"| {name} | {p} | {mm * p}, {r['messages']} | {mb * p}, {r['bytes']} |")
    print()
    print("Rates (1 rank, CPU time):")
    rate = {}
    for op in ("add", "sum", "resplit", "matmul_repro", "matmul_pdgemm"):
        one = [r for n, r in rows1.items() if n.startswith(f"dist/{op}/strong_np1/")][0]
        sec = one["cpu_time"] * 1e-6
        # work units: flops for matmul, elements for add/sum, bytes for resplit
        work = one["flops"] if op.startswith("matmul") else (8 * one["n"] if op == "resplit" else one["n"])
        rate[op] = work / sec
        unit = "flop/s" if op.startswith("matmul") else ("byte/s" if op == "resplit" else "element/s")
        print(f"- {op}: {rate[op]:.3g} {unit}")
    print()
    print("| operation | global size | P | compute (s) | messages x alpha (s) | bytes x beta (s) | total (s) | parallel efficiency |")
    print("|---|---|---|---|---|---|---|---|")
    for op, size in (("add", 1 << 30), ("sum", 1 << 30), ("resplit", 1 << 30),
                     ("matmul_repro", 32768), ("matmul_pdgemm", 32768)):
        for p in (1, 64, 256, 1024, 4096):
            if op.startswith("matmul"):
                m = n = k = size
                work = 2.0 * m * n * k
            else:
                m = n = math.isqrt(size)
                k = 0
                work = 8.0 * size if op == "resplit" else float(size)
            msgs, byts, (cm, cb) = traffic(op, p, m, n, k)
            comp = work / p / rate[op]
            ta, tb = (msgs + cm) * alpha, (byts + cb) * beta
            tot = comp + ta + tb
            label = f"{size}^3" if op.startswith("matmul") else f"2^30 float64"
            print(f"| {op} | {label} | {p} | {comp:.3g} | {ta:.3g} | {tb:.3g} | {tot:.3g} | "
                  f"{work / rate[op] / (p * tot):.2f} |")


def dims(op, size):
    if op.startswith("matmul"):
        k = round(size ** 0.5)
        return k, k, k
    n = 256 if os.environ.get("ND_BENCH_QUICK") else 2048
    return size // n, n, 0


if __name__ == "__main__":
    main()
