#!/usr/bin/env bash
# The tutorial's program on a .npy made by NumPy, its result checked against
# NumPy's own computation of the same (docs/tutorial.md).
# usage: tutorial-check.sh EXAMPLE_BINARY WORKDIR
set -euo pipefail
exe=$1; dir=$(mkdir -p "$2" && cd "$2" && pwd)
py=/usr/bin/python3
$py -c "
import numpy as np
rng = np.random.default_rng(30)
np.save('$dir/temps.npy', rng.normal(15, 8, size=(365, 7)))
"
rm -f "$dir/worst.npy"
"$exe" "$dir/temps.npy" "$dir/worst.npy"
$py -c "
import numpy as np
t = np.load('$dir/temps.npy')
f = t * 1.8 + 32
want = np.abs(f - f.mean(axis=0, keepdims=True)).max(axis=0)
got = np.load('$dir/worst.npy')
assert got.shape == want.shape and got.dtype == want.dtype, (got.shape, got.dtype)
np.testing.assert_allclose(got, want, rtol=1e-13, atol=0)
print('tutorial: result equals NumPy\'s')
"
# an error: a missing file is a clean message and exit status 1
if "$exe" "$dir/missing.npy" "$dir/x.npy" 2>"$dir/err"; then echo "missing file accepted" >&2; exit 1; fi
grep -q "missing.npy" "$dir/err" || { cat "$dir/err" >&2; exit 1; }
