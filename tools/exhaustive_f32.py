#!/usr/bin/python3
"""Every float32 input of a unary math ufunc through nd, against NumPy's float64
function on the same input (its error, a few 2^-53, is below 2^-28 of a float32
ulp): the maximum error in float32 ulps of the reference, the input where it
occurs, and any mismatch of NaN/inf. An exhaustive check, so for a unary float32
kernel a proof of its bound; slow (a minute or more per op and level).

  /usr/bin/python3 tools/exhaustive_f32.py [--lib build/src/libnd.so] [--isa avx2]
      [--lo -1] [--hi 1] op ..."""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bench'))
import math_family as mf  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--lib', default='build/src/libnd.so')
    ap.add_argument('--isa', default=None)
    ap.add_argument('--lo', type=float, default=-np.inf)
    ap.add_argument('--hi', type=float, default=np.inf)
    ap.add_argument('ops', nargs='+')
    a = ap.parse_args()
    nd = mf.Nd(a.lib)
    if a.isa and not nd.set_isa(a.isa):
        sys.exit(f'cannot set isa {a.isa}')
    chunk = 1 << 24
    x = np.empty(chunk, np.float32)
    o = np.empty(chunk, np.float32)
    for op in a.ops:
        f, wraps = nd.caller(op, x, None, o)
        worst, at, bad = 0.0, None, 0
        with np.errstate(all='ignore'):
            for start in range(0, 1 << 32, chunk):
                x.view(np.uint32)[:] = np.arange(start, start + chunk, dtype=np.uint64).astype(
                    np.uint32)
                keep = (x >= a.lo) & (x <= a.hi)
                if not keep.any():
                    continue
                f()
                ref = getattr(np, op)(x.astype(np.float64))
                r32 = ref.astype(np.float32)
                fin = np.isfinite(r32) & keep
                bad += int(np.count_nonzero(keep & ~fin & (r32.view(np.uint32) != o.view(np.uint32))
                                            & ~(np.isnan(r32) & np.isnan(o))))
                if not fin.any():  # no finite result here (arccos on |x| > 1, overflows)
                    continue
                sp = np.spacing(np.abs(r32[fin])).astype(np.float64)
                err = np.abs(o[fin].astype(np.float64) - ref[fin]) / sp
                i = int(np.argmax(err))
                if err[i] > worst:
                    worst, at = float(err[i]), float(x[fin][i])
        print(f'{op:8s} {nd.lib.nd_isa().decode():7s} max {worst:.4f} ulp at {at!r}'
              f' ({at.hex() if at is not None else "-"}), special mismatches {bad}', flush=True)
        for w in wraps:
            nd.lib.nd_release(w)


if __name__ == '__main__':
    main()
