#!/usr/bin/env bash
# The API reference: doxygen over include/nd/*.h (docs/Doxyfile) plus the
# elementwise ops generated from include/nd/ops.def (tools/gen_ops_doc.py),
# into OUT/html. Fails, naming each symbol, when a public symbol has no doc
# comment or a comment is malformed (a @param naming no parameter...), and
# when a header has no @file comment (doxygen would skip its symbols).
#
# usage: tools/docs.sh OUT            build the reference (make docs; the
#                                     docs_reference test)
#        tools/docs.sh OUT --probe    prove the check fails: the headers
#                                     copied with one undocumented function
#                                     added must fail, naming it (the
#                                     docs_check_fails test)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
mode=${2:-}
command -v doxygen >/dev/null || { echo "docs: doxygen not found (apt-get install doxygen)" >&2; exit 1; }
py=/usr/bin/python3; [ -x $py ] || py=python3

if [ "$mode" = --probe ]; then
  probe=nd_docs_probe_undocumented
  rm -rf "$out/probe" && mkdir -p "$out/probe" && cp -r "$root/include" "$out/probe/"
  # before the closing extern "C" of core.h: inside the documented file
  $py - "$out/probe/include/nd/core.h" "$probe" <<'PY'
import sys
p, name = sys.argv[1], sys.argv[2]
s = open(p).read()
i = s.rindex('#ifdef __cplusplus')
open(p, 'w').write(s[:i] + f'ND_API int {name}(void);\n\n' + s[i:])
PY
  if ND_DOCS_INCLUDE="$out/probe/include" "$0" "$out/probe/out" > "$out/probe/log" 2>&1; then
    echo "docs: the check passed headers with an undocumented $probe(); it cannot fail" >&2
    exit 1
  fi
  if ! grep -q "undocumented: .*$probe" "$out/probe/log"; then
    echo "docs: the check failed without naming $probe:" >&2; cat "$out/probe/log" >&2; exit 1
  fi
  grep "$probe" "$out/probe/log"
  echo "docs: the check fails on an undocumented public function, as it must"
  exit 0
fi

inc=${ND_DOCS_INCLUDE:-$root/include}
mkdir -p "$out/gen"
$py "$root/tools/gen_ops_doc.py" "$inc/nd/ops.def" "$out/gen/ops_def.h"

status=0
for h in "$inc"/nd/*.h "$inc"/nd/version.h.in; do
  if ! grep -q '@file' "$h"; then
    echo "docs: ${h#"$inc"/} has no @file comment: doxygen would leave its symbols unchecked" >&2
    status=1
  fi
done

cd "$root"
log="$out/warnings.log"
{
  cat docs/Doxyfile
  echo "OUTPUT_DIRECTORY = $out"
  echo "INPUT = docs/reference.md $inc/nd $inc/nd/version.h.in $out/gen/ops_def.h docs/tutorial.md"
  echo "STRIP_FROM_PATH = $inc $out/gen $root"
  echo "STRIP_FROM_INC_PATH = $inc"
  echo "WARN_LOGFILE = $log"
} | doxygen - > "$out/doxygen.log" 2>&1 || { cat "$out/doxygen.log" >&2; exit 1; }

# "file:line: warning: Member nd_foo(int a) (function) of file core.h is not
# documented." -> "undocumented: nd_foo (function) at include/nd/core.h:12"
if [ -s "$log" ]; then
  sed -E -e "s#^$inc/##" -e "s#^$root/##" \
      -e 's#^([^:]*:[0-9]+): warning: Member ([A-Za-z_0-9]+)[^ ]* \(([a-z ]+)\) .* is not documented\.$#undocumented: \2 (\3) at \1#' \
      -e 's#^([^:]*:[0-9]+): warning: Compound ([A-Za-z_0-9]+) is not documented\.$#undocumented: \2 (type) at \1#' \
      "$log" >&2
  n=$(grep -c . "$log")
  echo "docs: $n doxygen warning(s) above: document each symbol in its header (docs/design.md, API reference)" >&2
  status=1
fi
[ $status -eq 0 ] && echo "docs: $out/html/index.html"
exit $status
