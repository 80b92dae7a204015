#!/usr/bin/python3
"""nd's math ufuncs against NumPy's while working on a kernel: one process,
NumPy's buffers, n elements, out given, interleaved rounds, median of the
per-round ratios (bench/math_family.py does the same for `make bench`).

  /usr/bin/python3 tools/math_vs_numpy.py [--lib build/src/libnd.so]
      [--isa avx512|avx2] [--n 100000] [--rounds 21] [--ulp] op[:dtype] ...

With NumPy's AVX-512 loops off (NPY_DISABLE_CPU_FEATURES set before Python
starts, see ../shared/ANCHORS.md) compare against --isa avx2. NumPy/nd > 1
means nd is faster."""
import argparse
import os
import statistics
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bench'))
import math_family as mf  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--lib', default='build/src/libnd.so')
    ap.add_argument('--isa', default=None)
    ap.add_argument('--n', type=int, default=100000)
    ap.add_argument('--rounds', type=int, default=21)
    ap.add_argument('--ulp', action='store_true')
    ap.add_argument('ops', nargs='+')
    a = ap.parse_args()
    nd = mf.Nd(a.lib)
    if a.isa and not nd.set_isa(a.isa):
        sys.exit(f'cannot set isa {a.isa}')
    print(f'# nd isa {nd.lib.nd_isa().decode()}, n={a.n}, rounds={a.rounds}, NumPy {np.__version__}')
    for spec in a.ops:
        op, _, dts = spec.partition(':')
        for dt in ([dts] if dts else ['float32', 'float64']):  # or complex64/complex128
            x, y = mf.inputs(op, dt, a.n)
            o, o2 = mf.output(op, x), mf.output(op, x)
            f, wraps = nd.caller(op, x, y, o)
            t = mf.interleaved([(lambda: None, f), (lambda: None, mf.numpy_caller(op, x, y, o2))],
                               a.n, a.rounds)
            line = f'{op:11s} {dt:8s} NumPy/nd {statistics.median(b / c for c, b in zip(*t)):6.2f}x'
            if a.ulp:
                line += (f'  ulp nd {mf.max_ulp(op, x, y, o):.2f}'
                         f' numpy {mf.max_ulp(op, x, y, o2):.2f}')
            print(line, flush=True)
            for w in wraps:
                nd.lib.nd_release(w)


if __name__ == '__main__':
    main()
