#!/usr/bin/env bash
# Installs nd into a temporary prefix and builds a program against it with
# `pkg-config --cflags --libs nd`, as a user would; then runs it against the
# installed shared library.
set -euo pipefail
build=$1; src=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
meson install -C "$build" --destdir "$stage" --no-rebuild >/dev/null
prefix=$(meson introspect "$build" --buildoptions | /usr/bin/python3 -c \
  'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
libdir=$(meson introspect "$build" --buildoptions | /usr/bin/python3 -c \
  'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="libdir"][0])')
root="$stage$prefix"
export PKG_CONFIG_PATH="$root/$libdir/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$stage"
cc "$src" -o "$stage/prog" $(pkg-config --cflags --libs nd)
LD_LIBRARY_PATH="$root/$libdir" "$stage/prog" | grep "array(" >/dev/null
# the soname is versioned
ls "$root/$libdir"/libnd.so.* >/dev/null
# only ND_API symbols are exported
if nm -D --defined-only "$root/$libdir/libnd.so" | awk '{print $3}' | grep -v "^nd_" | grep . >/dev/null; then
  echo "non-nd symbols exported:"; nm -D --defined-only "$root/$libdir/libnd.so" | awk '{print $3}' | grep -v '^nd_' | head
  exit 1
fi
echo "install check ok"
