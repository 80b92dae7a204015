#!/usr/bin/env bash
# make bench: runs every benchmark family (Google Benchmark binaries in
# $BUILD/bench), NumPy on the same operations, then writes the report:
# $BUILD/bench/report.md, results.json and SVG plots.
#   QUICK=1   smoke run (small sizes, short timings; about a minute)
#   FILTER=x  only the families/rows whose name contains x
set -euo pipefail
build=${1:-build}; quick=${2:-}; filter=${3:-}
here=$(cd "$(dirname "$0")/.." && pwd)
out="$build/bench"
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.svg
[ -n "$quick" ] && export ND_BENCH_QUICK=1
min_time=${BENCH_MIN_TIME:-$([ -n "$quick" ] && echo 0.01 || echo 0.2)}
# a warm-up first: the VM backs fresh memory lazily, and the first touch of
# a page costs far more than any steady-state use of it
warmup=$([ -n "$quick" ] && echo 0 || echo 0.1)
start=$(date +%s)
[ -x "$out/bench_peers" ] || echo "nd bench: no Eigen/xtensor peer rows (bench_peers needs libeigen3-dev," \
  "xtensor-dev and libxsimd-dev when meson configures: tools/install-deps.sh bench, then meson setup --reconfigure)"
for b in "$out"/bench_*; do
  [ -x "$b" ] && [ -f "$b" ] || continue
  name=$(basename "$b")
  [ "$name" = bench_dist ] && continue # under mpirun, below
  args=(--benchmark_out="$out/$name.json" --benchmark_out_format=json --benchmark_min_time="$min_time" --benchmark_min_warmup_time="$warmup")
  if [ -n "$filter" ]; then
    # a family matches by name; otherwise its rows are filtered
    if [[ "$name" != *"$filter"* ]]; then args+=(--benchmark_filter="$filter"); fi
  fi
  t0=$(date +%s)
  if ! "$b" "${args[@]}" > "$out/$name.log" 2>&1; then
    echo "nd bench: $name FAILED (see $out/$name.log)"; exit 1
  fi
  rows=$(grep -c '"name"' "$out/$name.json" || true)
  echo "nd bench: ${name#bench_}: $rows rows in $(( $(date +%s) - t0 )) s"
done
# the dist family: MPI programs, at 1 and 2 ranks (the cores here); as
# root in a container Open MPI needs its consent variables
if [ -x "$out/bench_dist" ] && { [ -z "$filter" ] || [[ dist == *"$filter"* ]]; }; then
  for np in 1 2; do
    t0=$(date +%s)
    if ! OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 \
         OMP_NUM_THREADS=1 ND_NUM_THREADS=1 mpiexec -n "$np" "$out/bench_dist" \
         > "$out/dist_np$np.json" 2> "$out/bench_dist_np$np.log"; then
      echo "nd bench: bench_dist at $np ranks FAILED (see $out/bench_dist_np$np.log)"; exit 1
    fi
    echo "nd bench: dist at $np ranks: $(grep -c '"name"' "$out/dist_np$np.json") rows in $(( $(date +%s) - t0 )) s"
  done
fi
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  t0=$(date +%s)
  ND_BENCH_FILTER="$filter" /usr/bin/python3 "$here/bench/numpy_peer.py" > "$out/numpy.json"
  echo "nd bench: numpy peer: $(grep -c '"name"' "$out/numpy.json") rows in $(( $(date +%s) - t0 )) s"
  # the math family: nd and NumPy in one process, then again with NumPy's
  # AVX-512 loops off against nd's avx2 level
  t0=$(date +%s)
  lib="$build/src/libnd.so"
  ND_BENCH_FILTER="$filter" /usr/bin/python3 "$here/bench/math_family.py" "$lib" > "$out/mathfn.json"
  NPY_DISABLE_CPU_FEATURES="AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL" \
    ND_BENCH_FILTER="$filter" /usr/bin/python3 "$here/bench/math_family.py" "$lib" noavx512 \
    > "$out/mathfn_noavx512.json"
  echo "nd bench: math family: $(cat "$out"/mathfn*.json | grep -c '"name"') rows in $(( $(date +%s) - t0 )) s"
  # the census: every public function with a NumPy peer, in one process
  t0=$(date +%s)
  ND_BENCH_FILTER="$filter" /usr/bin/python3 "$here/bench/census.py" "$lib" > "$out/census.json"
  echo "nd bench: census: $(grep -c '"name"' "$out/census.json") rows in $(( $(date +%s) - t0 )) s"
  # the univariate distributions of issue 27 against NumPy's, in one process
  t0=$(date +%s)
  ND_BENCH_FILTER="$filter" /usr/bin/python3 "$here/bench/random_dists.py" "$lib" > "$out/randdist.json"
  echo "nd bench: random distributions: $(grep -c '"name"' "$out/randdist.json") rows in $(( $(date +%s) - t0 )) s"
  # einsum against NumPy's optimize=True and default einsum, in one process
  t0=$(date +%s)
  ND_BENCH_FILTER="$filter" /usr/bin/python3 "$here/bench/einsum_peer.py" "$lib" > "$out/einsum.json"
  echo "nd bench: einsum: $(grep -c '"name"' "$out/einsum.json") rows in $(( $(date +%s) - t0 )) s"
  # numexpr (and NumPy) interleaved with nd in one process
  if /usr/bin/python3 -c 'import numexpr' 2>/dev/null; then
    t0=$(date +%s)
    ND_BENCH_FILTER="$filter" /usr/bin/python3 "$here/bench/numexpr_peer.py" "$lib" > "$out/numexpr.json"
    echo "nd bench: numexpr peer: $(grep -c '"name"' "$out/numexpr.json") rows in $(( $(date +%s) - t0 )) s"
  else
    echo "nd bench: numexpr not found (python3-numexpr): its rows are left out"
  fi
  # the Python binding (built when meson found Python's headers and cffi)
  if [ -d "$build/python/nd" ]; then
    t0=$(date +%s)
    ND_BENCH_FILTER="$filter" /usr/bin/python3 "$here/bench/python_binding.py" "$build/python" > "$out/python.json"
    echo "nd bench: python binding: $(grep -c '"name"' "$out/python.json") rows in $(( $(date +%s) - t0 )) s"
  fi
else
  echo "nd bench: NumPy not found under /usr/bin/python3: the NumPy column is left out"
fi
/usr/bin/python3 "$here/tools/bench_report.py" "$out"
echo "nd bench: done in $(( $(date +%s) - start )) s; open $out/report.md"
