#!/usr/bin/env bash
# tools/valgrind-check.sh PROBE: valgrind's memcheck runs nd (README,
# "Leak checkers and valgrind"). The probe (tests/leak_probe.c) makes arrays
# large enough for nd's own mappings; with ND_NO_CACHE=1 they come from
# malloc, so memcheck must find no error in a clean run and must report the
# one array the probe leaks on purpose.
set -euo pipefail
probe=$1
command -v valgrind >/dev/null || { echo "valgrind-check: valgrind not installed"; exit 77; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
vg() { ND_NO_CACHE=1 valgrind --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite "$@" >"$log" 2>&1; }
# valgrind has no AVX-512 and no RDTSCP: a SIGILL here means a constructor
# (nd's or a library's) ran one before main
if ! vg "$probe"; then cat "$log"; echo "valgrind-check: memcheck found errors in a clean run"; exit 1; fi
rc=0; vg "$probe" leak || rc=$?
if [ "$rc" -ne 3 ] || ! grep -E "definitely lost: 1,0[0-9]{2},[0-9]{3} bytes" "$log" >/dev/null; then
  cat "$log"; echo "valgrind-check: the leaked 1 MiB array was not reported (exit $rc)"; exit 1
fi
echo "valgrind-check ok: a clean run has no memcheck error; the leaked array is reported"
