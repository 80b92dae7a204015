#!/usr/bin/env bash
# make dist: the release tarball of the committed tree (meson dist), then
# that tarball unpacked into DIST_DIR (default build-dist) and built and
# tested from scratch there: meson setup with the project's defaults, ninja,
# every test. (meson dist's own check does the same in a directory whose
# relative paths defeat ccache: a cold build of every ISA level; here the
# tree has the repository's layout, so ccache serves unchanged files.)
# usage: dist-check.sh BUILD_DIR [DIST_DIR]
set -euo pipefail
build=$1; out=${2:-build-dist}
meson dist -C "$build" --formats xztar --no-tests
version=$(meson introspect "$build" --projectinfo | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
tarball="$build/meson-dist/nd-$version.tar.xz"
rm -rf "$out"; mkdir -p "$out"
tar -C "$out" -xf "$tarball"
tree="$out/nd-$version"
[ ! -e "$tree/.git" ] || { echo "dist: the tarball holds .git"; exit 1; }
(cd "$tree" && meson setup build > ../setup.log 2>&1 && ninja -C build > ../build.log 2>&1) ||
  { tail -30 "$out/setup.log" "$out/build.log" 2>/dev/null; echo "dist: $tarball does not build"; exit 1; }
(cd "$tree" && meson test -C build --print-errorlogs --num-processes 2) > "$out/test.log" 2>&1 ||
  { tail -40 "$out/test.log"; echo "dist: $tarball fails its tests ($out/test.log)"; exit 1; }
grep -E '^(Ok|Fail|Skipped|Timeout):' "$out/test.log"
echo "dist: $tarball ($(du -h "$tarball" | cut -f1)) builds and passes its tests from scratch"
