#!/usr/bin/env bash
# Installs nd into a temporary prefix and builds a CMake project against it
# with find_package(nd CONFIG), as a CMake user would: one program linked to
# nd::nd (run against the installed libnd.so) and one to nd::nd_static (no
# libnd.so needed). The version file must accept this major version and
# refuse the next one.
# usage: check.sh MESON_BUILD_DIR EXAMPLE.c
set -euo pipefail
build=$1; src=$2
here=$(cd "$(dirname "$0")" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
meson install -C "$build" --destdir "$stage" --no-rebuild >/dev/null
opt() { meson introspect "$build" --buildoptions | /usr/bin/python3 -c \
  'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]==sys.argv[1]][0])' "$1"; }
prefix=$(opt prefix); libdir=$(opt libdir)
version=$(meson introspect "$build" --projectinfo | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
major=${version%%.*}
root="$stage$prefix"
[ -f "$root/$libdir/cmake/nd/ndConfig.cmake" ] || { echo "ndConfig.cmake not installed in $libdir/cmake/nd"; exit 1; }

# CMAKE_PREFIX_PATH is all the user gives: the config locates the rest
# relative to itself.
cmake -S "$here" -B "$stage/cm" -DCMAKE_PREFIX_PATH="$root" -DND_EXAMPLE="$src" \
  -DND_WANT_VERSION="$major.0" > "$stage/configure.log" 2>&1 || { cat "$stage/configure.log"; exit 1; }
grep -q "nd $version from $root/$libdir/cmake/nd" "$stage/configure.log" || { cat "$stage/configure.log"; exit 1; }
cmake --build "$stage/cm" > "$stage/build.log" 2>&1 || { cat "$stage/build.log"; exit 1; }

LD_LIBRARY_PATH="$root/$libdir" "$stage/cm/user_shared" | grep -q "array("
readelf -d "$stage/cm/user_shared" | grep -q "NEEDED.*\[libnd.so.$major\]" || { echo "user_shared does not load libnd.so.$major"; exit 1; }
"$stage/cm/user_static" | grep -q "array("
if readelf -d "$stage/cm/user_static" | grep -q "NEEDED.*libnd"; then echo "user_static needs libnd.so"; exit 1; fi

# SameMajorVersion: the next major is refused.
if cmake -S "$here" -B "$stage/cm2" -DCMAKE_PREFIX_PATH="$root" -DND_EXAMPLE="$src" \
     -DND_WANT_VERSION="$((major + 1)).0" > "$stage/configure2.log" 2>&1; then
  echo "find_package(nd $((major + 1)).0) accepted nd $version"; exit 1
fi
grep -q "nd_FOUND\|version: $version\|compatible" "$stage/configure2.log" || { cat "$stage/configure2.log"; exit 1; }
echo "cmake check ok (nd $version: nd::nd, nd::nd_static)"
