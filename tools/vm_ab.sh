#!/bin/bash
# Old against new version of one vector-math family file, in seconds instead of a library
# rebuild: bits and speed of one op at the avx512 and avx2 levels (tools/vm_ab.c says what is
# printed). Run from the source tree, after `meson setup build` (for build/include).
#
#   tools/vm_ab.sh OLD.c NEW.c OP DTYPE [LO HI [LO2 HI2]]
#   e.g. git show HEAD:kernels/generic/vm_exp.c > /tmp/old.c
#        tools/vm_ab.sh /tmp/old.c kernels/generic/vm_exp.c TANH float64 -10 10
#
# OP is the op's name in include/nd/ops.def (TAN, POWER, ...), n = 1e5 elements drawn
# uniformly from [LO, HI] (default [-10, 10]; binary ops need both ranges). The level flags
# are kernels/meson.build's; keep them in step.
set -e
[ $# -ge 4 ] || { sed -n '2,13p' "$0"; exit 2; }
old=$1 new=$2 op=$3 dt=$4
shift 4
[ $# -gt 0 ] || set -- -10 10
fam=$(grep -o 'void ND_K(nd_kfill_[a-z_0-9]*)' "$new" | sed 's/.*(\(.*\))/\1/')
[ -n "$fam" ] || { echo "no ND_K(nd_kfill_...) in $new" >&2; exit 2; }
inc="-Ikernels -Ikernels/generic -Iinclude -Ibuild/include -Isrc"
common="-O3 -ffp-contract=off -fno-math-errno -fvisibility=hidden -Wno-type-limits"
f512="-mavx512f -mavx512cd -mavx512vl -mavx512bw -mavx512dq -mfma -mf16c -mprefer-vector-width=512"
f2="-mavx2 -mfma -mf16c"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc=${CC:-gcc}
pids=()
$cc $inc $common $f512 -DND_ISA_NAME=o512 -c "$old" -o "$tmp/o512.o" & pids+=($!)
$cc $inc $common $f512 -DND_ISA_NAME=n512 -c "$new" -o "$tmp/n512.o" & pids+=($!)
$cc $inc $common $f2 -DND_ISA_NAME=o2 -c "$old" -o "$tmp/o2.o" & pids+=($!)
$cc $inc $common $f2 -DND_ISA_NAME=n2 -c "$new" -o "$tmp/n2.o" & pids+=($!)
for p in "${pids[@]}"; do wait "$p"; done
$cc $inc -O2 -Wall -Wextra -DVM_FILL="$fam" tools/vm_ab.c "$tmp"/*.o -o "$tmp/vm_ab" -lm
"$tmp/vm_ab" "$op" "$dt" 100000 "$@"
