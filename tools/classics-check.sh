#!/usr/bin/env bash
# The six classic programs of examples/classics/: each NumPy version and its
# nd version run on the same input, results compared with NumPy's (integers
# and the bit-reproducible ones exactly, least squares and means to a stated
# tolerance); then the line counts (code lines, no blanks or comments) and
# the rule that no nd program releases a temporary by hand.
# usage: classics-check.sh SRCDIR BINDIR WORKDIR
set -euo pipefail
src=$1; bin=$2; dir=$(mkdir -p "$3" && cd "$3" && pwd)
py=/usr/bin/python3
$py - "$dir" <<'PY'
import sys, numpy as np
d = sys.argv[1]
rng = np.random.default_rng(26)
np.save(d + '/points.npy', np.concatenate([rng.normal(m, 0.6, size=(200, 2)) for m in (0.0, 3.0, 6.0)]))
x = np.linspace(-1, 1, 60)
y = 0.5 * x**3 - x + 0.25 + rng.normal(0, 0.05, 60)
z = 2.0 * x - 3.0 * y + 1.0 + rng.normal(0, 0.01, 60)
np.save(d + '/data.npy', np.stack([x, y, z]))
np.save(d + '/board.npy', (rng.random((48, 64)) < 0.3).astype(np.uint8))
PY
run() { # name, inputs...
    local name=$1; shift
    $py "$src/$name.py" "$@" "$dir/$name.numpy.npy"
    "$bin/classic_$name" "$@" "$dir/$name.nd.npy"
}
run mandelbrot
run laplace
run montecarlo
run kmeans "$dir/points.npy"
run lstsq "$dir/data.npy"
run life "$dir/board.npy"
$py - "$dir" <<'PY'
import sys, numpy as np
d = sys.argv[1]
# exact: counts, boards, the stencil (same operations in the same order),
# the random streams; to rounding: means and least squares, where the
# summation order or the factorization (polyfit scales columns) differs
tol = {'mandelbrot': 0, 'laplace': 0, 'life': 0, 'montecarlo': 0, 'kmeans': 1e-12, 'lstsq': 1e-9}
for name, rtol in tol.items():
    want, got = np.load(f'{d}/{name}.numpy.npy'), np.load(f'{d}/{name}.nd.npy')
    assert want.shape == got.shape and want.dtype == got.dtype, (name, want.shape, got.shape, want.dtype, got.dtype)
    if rtol == 0:
        assert np.array_equal(want, got), (name, np.count_nonzero(want != got))
    else:
        np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol, err_msg=name)
    print(f'{name}: equals NumPy' + ('' if rtol == 0 else f' (rtol {rtol:g})'))
PY
# lines of code: no blank lines, no comment-only lines
count() { # lines with code once comments (/* */, //, #) are removed
    /usr/bin/python3 -c "
import re, sys
t = open(sys.argv[1]).read()
t = re.sub(r'/\*.*?\*/', '', t, flags=re.S) if sys.argv[1].endswith('.c') else t
print(sum(1 for l in t.splitlines() if re.sub(r'(//|#(?!include)).*', '', l).strip()))" "$1"
}
tp=0; tc=0
for name in mandelbrot laplace montecarlo kmeans lstsq life; do
    p=$(count "$src/$name.py"); c=$(count "$src/$name.c"); tp=$((tp + p)); tc=$((tc + c))
    awk -v n="$name" -v p="$p" -v c="$c" 'BEGIN { printf "%-11s NumPy %3d lines, nd %3d lines (%.2fx)\n", n, p, c, c / p }'
    if grep -n 'nd_release' "$src/$name.c"; then echo "$name.c releases by hand" >&2; exit 1; fi
done
# issue 26's goal: at most 1.6x NumPy's lines over the six
awk -v p="$tp" -v c="$tc" 'BEGIN { printf "all six: NumPy %d lines, nd %d lines (%.2fx; goal <= 1.6x)\n", p, c, c / p;
    if (c > 1.6 * p) { print "over 1.6x NumPy'"'"'s lines" > "/dev/stderr"; exit 1 } }'
