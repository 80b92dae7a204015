"""einsum against NumPy (issue 25's rows): nd_einsum through ctypes on
NumPy's own buffers, in ONE process, rounds interleaved, CPU time, the
median of the per-round ratios NumPy/nd (> 1: nd is faster); helpers from
bench/census.py. nd runs one thread (as the census), NumPy as it comes.

Rows einsum/<case>/{nd,numpy,vs_numpy}/<n>: nd with optimize="greedy"
against NumPy's optimize=True (the chain ij,jk,kl->il at 500^2, a batched
bij,bjk->bik, ii->i, ij->, i,ij,j->), and nd's default (optimize NULL:
left to right) against NumPy's default einsum (optimize=False) on the
chain; NumPy's default costs n^4 there, so that row is at 100^2.

usage: einsum_peer.py LIBND > einsum.json"""
import ctypes as C
import json
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from census import Nd, timed, QUICK, FILTER  # noqa: E402

P = C.c_void_p


def cases():
    """(name, n, operands, nd's optimize, NumPy's optimize)"""
    rng = np.random.default_rng(5)

    def mats(*shapes):
        return [rng.uniform(-1, 1, s) for s in shapes]
    n = 200 if QUICK else 500
    yield 'ij,jk,kl->il', n, mats((n, n), (n, n), (n, n)), 'greedy', True
    m = 40 if QUICK else 100
    yield 'ij,jk,kl->il_default', m, mats((m, m), (m, m), (m, m)), None, False
    yield 'bij,bjk->bik', 64, mats((64, 48, 48), (64, 48, 48)), 'greedy', True
    s = mats((1000, 1000))
    yield 'ii->i', 1000, s, 'greedy', True
    yield 'ij->', 1000, s, 'greedy', True
    yield 'i,ij,j->', 1000, mats(1000, (1000, 1000), 1000), 'greedy', True


def main():
    nd = Nd(sys.argv[1])
    out = []
    t0 = time.process_time()
    fn = nd.f('nd_einsum', C.c_char_p, C.c_int, C.POINTER(P), C.c_char_p, P)
    for name, n, arrs, opt, np_opt in cases():
        if FILTER and FILTER not in 'einsum/' + name:
            continue
        subs = name.replace('_default', '')
        ops = (P * len(arrs))(*[nd.w(a) for a in arrs])
        s, o = subs.encode(), opt.encode() if opt else None
        rel = nd.L.nd_release

        def ndf():
            r = fn(s, len(arrs), ops, o, None)
            if not r:
                raise RuntimeError(nd.L.nd_last_error_message().decode())
            rel(r)

        def npf():
            np.einsum(subs, *arrs, optimize=np_opt)
        rounds = 3 if QUICK else 7
        t_nd, t_np = timed([ndf, npf], rounds)
        ratio = statistics.median(b / a for a, b in zip(t_nd, t_np))
        for v, ns, extra in (('nd', statistics.median(t_nd), {}),
                             ('numpy', statistics.median(t_np), {}),
                             ('vs_numpy', statistics.median(t_nd), {'ratio': ratio})):
            r = {'name': f'einsum/{name}/{v}/{n}', 'real_time': ns, 'time_unit': 'ns', 'n': n,
                 'bytes': 0, 'flops': n, 'label': '', 'run_type': 'iteration'}
            r.update(extra)
            out.append(r)
        print(f'einsum: {name} n={n}: NumPy/nd {ratio:.2f}x', file=sys.stderr)
    print(f'einsum: {len(out) // 3} rows in {time.process_time() - t0:.0f} s CPU', file=sys.stderr)
    json.dump({'context': {'numpy': np.__version__}, 'benchmarks': out}, sys.stdout, indent=1)


if __name__ == '__main__':
    main()
