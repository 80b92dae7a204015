"""The univariate distributions of issue 27 against NumPy's Generator, one
row per method at n = 1e6, both in ONE process (nd through ctypes, as
bench/census.py), PCG64 seeded alike: rounds interleave nd and NumPy, times
are CPU time, the ratio is the median of the per-round ratios NumPy/nd
(> 1: nd is faster). Both allocate their result; nd's is released inside
the timed call, as NumPy frees its own. The first call's values are
compared with NumPy's (same seed, same stream) so a row cannot time a
wrong stream.

usage: random_dists.py LIBND > random_dists.json
(rows randdist/<method>/{nd,numpy,vs_numpy}/1000000)"""
import ctypes as C
import json
import statistics
import sys
import time

import numpy as np

from census import FILTER, QUICK, Nd, P, I64P, timed

D = C.c_double
I64 = C.c_int64
N = 1000000

# (method, nd function, parameter ctypes, parameters, NumPy call on g)
CASES = [
    ('chisquare', 'nd_chisquare', [D], (3.5,), lambda g: g.chisquare(3.5, N)),
    ('f', 'nd_f', [D, D], (4.0, 7.0), lambda g: g.f(4, 7, N)),
    ('geometric', 'nd_geometric', [D], (0.05,), lambda g: g.geometric(0.05, N)),
    ('gumbel', 'nd_gumbel', [D, D], (1.0, 2.0), lambda g: g.gumbel(1, 2, N)),
    ('hypergeometric', 'nd_hypergeometric', [I64, I64, I64], (50, 60, 30),
     lambda g: g.hypergeometric(50, 60, 30, N)),
    ('laplace', 'nd_laplace', [D, D], (0.5, 2.0), lambda g: g.laplace(0.5, 2, N)),
    ('logistic', 'nd_logistic', [D, D], (-1.0, 3.0), lambda g: g.logistic(-1, 3, N)),
    ('lognormal', 'nd_lognormal', [D, D], (0.3, 0.8), lambda g: g.lognormal(0.3, 0.8, N)),
    ('logseries', 'nd_logseries', [D], (0.6,), lambda g: g.logseries(0.6, N)),
    ('negative_binomial', 'nd_negative_binomial', [D, D], (5.0, 0.3),
     lambda g: g.negative_binomial(5, 0.3, N)),
    ('noncentral_chisquare', 'nd_noncentral_chisquare', [D, D], (3.0, 2.0),
     lambda g: g.noncentral_chisquare(3, 2, N)),
    ('noncentral_f', 'nd_noncentral_f', [D, D, D], (3.0, 5.0, 1.5),
     lambda g: g.noncentral_f(3, 5, 1.5, N)),
    ('pareto', 'nd_pareto', [D], (3.0,), lambda g: g.pareto(3, N)),
    ('power', 'nd_rng_power', [D], (0.7,), lambda g: g.power(0.7, N)),
    ('rayleigh', 'nd_rayleigh', [D], (2.5,), lambda g: g.rayleigh(2.5, N)),
    ('standard_cauchy', 'nd_standard_cauchy', [], (), lambda g: g.standard_cauchy(N)),
    ('standard_t', 'nd_standard_t', [D], (5.0,), lambda g: g.standard_t(5, N)),
    ('triangular', 'nd_triangular', [D, D, D], (-1.0, 0.5, 3.0),
     lambda g: g.triangular(-1, 0.5, 3, N)),
    ('vonmises', 'nd_vonmises', [D, D], (0.5, 3.0), lambda g: g.vonmises(0.5, 3, N)),
    ('wald', 'nd_wald', [D, D], (2.0, 3.0), lambda g: g.wald(2, 3, N)),
    ('weibull', 'nd_weibull', [D], (1.7,), lambda g: g.weibull(1.7, N)),
    ('zipf', 'nd_zipf', [D], (2.5,), lambda g: g.zipf(2.5, N)),
]


def main():
    nd = Nd(sys.argv[1])
    L = nd.L
    L.nd_rng_new.restype = P
    L.nd_rng_new.argtypes = [C.c_uint64]
    L.nd_rng_free.argtypes = [P]
    L.nd_data.restype = P
    L.nd_data.argtypes = [P]
    shape = (I64 * 1)(N)
    out = []
    t0 = time.process_time()
    for name, fname, types, pars, npcall in CASES:
        row_name = f'randdist/{name}'
        if FILTER and FILTER not in row_name:
            continue
        fn = nd.f(fname, P, *types, C.c_int, I64P, P)
        g, ng = L.nd_rng_new(7), np.random.default_rng(7)
        first = fn(g, *pars, 1, shape, None)
        want = npcall(ng)
        got = np.ctypeslib.as_array(C.cast(L.nd_data(first), C.POINTER(
            C.c_int64 if want.dtype == np.int64 else C.c_double)), (N,))
        same = np.array_equal(got.view(np.uint8), want.view(np.uint8))
        L.nd_release(first)
        if not same:
            print(f'random_dists: {name}: nd draws another stream than NumPy', file=sys.stderr)
            continue
        t_nd, t_np = timed([nd.new(fn, g, *pars, 1, shape, None), lambda: npcall(ng)],
                           3 if QUICK else 7)
        L.nd_rng_free(g)
        ratio = statistics.median(b / a for a, b in zip(t_nd, t_np))

        def row(v, ns, **extra):
            r = {'name': f'{row_name}/{v}/{N}', 'real_time': ns, 'time_unit': 'ns', 'n': N,
                 'bytes': 8 * N, 'flops': 0, 'label': 'fill', 'run_type': 'iteration'}
            r.update(extra)
            return r
        out += [row('nd', statistics.median(t_nd)), row('numpy', statistics.median(t_np)),
                row('vs_numpy', statistics.median(t_nd), ratio=ratio)]
        print(f'{name:22s} nd {statistics.median(t_nd) / 1e6:8.2f} ms  numpy '
              f'{statistics.median(t_np) / 1e6:8.2f} ms  ratio {ratio:5.2f}', file=sys.stderr)
    print(f'random_dists: {len(out) // 3} rows in {time.process_time() - t0:.0f} s CPU',
          file=sys.stderr)
    json.dump({'context': {'numpy': np.__version__}, 'benchmarks': out}, sys.stdout, indent=1)


if __name__ == '__main__':
    main()
