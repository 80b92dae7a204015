#!/usr/bin/env bash
# abidiff (abigail-tools) between the previous release and this tree: both
# built with debug information (libabigail reads the types from DWARF), the
# public headers given so only the public ABI is compared. Fails on an
# incompatible change unless the soname moved (a new major version).
# Without a release tag (v*) reachable from HEAD, or outside a git checkout
# (a release tarball), there is nothing to compare: skipped (exit 77) with
# the reason.
# The two debug builds are kept in BUILD_ROOT/abidiff (incremental after
# the first run).
# usage: abidiff.sh SOURCE_ROOT BUILD_ROOT
set -uo pipefail
src=$1; work=$2/abidiff
if ! git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  echo "abidiff: skipped: $src is not a git checkout (a release tarball has no earlier release to compare)"
  exit 77
fi
tag=$(git -C "$src" describe --tags --abbrev=0 --match 'v[0-9]*' HEAD 2>/dev/null)
if [ -z "$tag" ]; then
  echo "abidiff: skipped: no release tag (v*) reachable from HEAD yet; the first release is tagged v<version>"
  exit 77
fi
command -v abidiff >/dev/null || { echo "abidiff: abigail-tools is not installed (tools/install-deps.sh)"; exit 1; }
mkdir -p "$work"
if [ ! -d "$work/$tag" ]; then
  rm -rf "$work"/v* "$work/build-old"
  git -C "$src" archive --prefix="$tag/" "$tag" | tar -C "$work" -xf - || exit 1
fi

build() { # source dir, build dir -> path of the built libnd.so.X.Y.Z
  { [ -f "$2/build.ninja" ] ||
      meson setup "$2" "$1" --buildtype=debugoptimized -Dtests=false -Dbench=false; } > "$2.log" 2>&1 &&
    ninja -C "$2" >> "$2.log" 2>&1 || { tail -20 "$2.log" >&2; return 1; }
  find "$2" -name 'libnd.so.*.*.*' -type f | head -1
}
old=$(build "$work/$tag" "$work/build-old") || { echo "abidiff: could not build $tag"; exit 1; }
new=$(build "$src" "$work/build-new") || { echo "abidiff: could not build this tree"; exit 1; }
soname() { readelf -d "$1" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p'; }
so_old=$(soname "$old"); so_new=$(soname "$new")

abidiff --no-added-syms \
  --headers-dir1 "$work/$tag/include" --headers-dir1 "$work/build-old/include" \
  --headers-dir2 "$src/include" --headers-dir2 "$work/build-new/include" \
  "$old" "$new"
rc=$?
# abidiff's status is a bit field: 1 error, 2 usage, 4 ABI change, 8 incompatible change
if [ $((rc & 3)) -ne 0 ]; then echo "abidiff: failed to compare (status $rc)"; exit 1; fi
if [ $((rc & 8)) -ne 0 ]; then
  if [ "$so_old" = "$so_new" ]; then
    echo "abidiff: incompatible ABI change since $tag under the same soname $so_new: a new major version is needed"
    exit 1
  fi
  echo "abidiff: incompatible changes since $tag, allowed: the soname moved ($so_old -> $so_new)"
  exit 0
fi
echo "abidiff: $tag ($so_old) -> this tree ($so_new): $([ $((rc & 12)) -eq 0 ] && echo "no change" || echo "compatible changes (above)")"
