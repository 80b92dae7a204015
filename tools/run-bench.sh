#!/usr/bin/env bash
# Runs the benchmark suite and writes the report under $BUILD/bench/.
set -euo pipefail
build=${1:-build}; quick=${2:-}; filter=${3:-}
mkdir -p "$build/bench"
echo "nd bench: ISA best level $(build/examples/nd_info 2>/dev/null || true)"
for b in "$build"/bench/bench_*; do
  [ -x "$b" ] || continue
  name=$(basename "$b")
  [ -n "$filter" ] && [[ "$name" != *"$filter"* ]] && continue
  echo "nd bench: $name"
  args=(--benchmark_out="$build/bench/$name.json" --benchmark_out_format=json)
  [ -n "$quick" ] && args+=(--benchmark_min_time=0.01)
  "$b" "${args[@]}"
done
