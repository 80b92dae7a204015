#!/usr/bin/env bash
# Uses nd the way another Meson project would: as a subproject found with
# dependency('nd') (meson.override_dependency), then builds and runs the
# README example against it.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/subprojects"
ln -s "$src" "$work/subprojects/nd"
cp "$src/examples/basic.c" "$work/main.c"
cat > "$work/meson.build" <<'MESON'
project('nd_user', 'c', default_options : ['c_std=c11'])
nd = dependency('nd', fallback : ['nd', 'nd_dep'], default_options : ['tests=false', 'bench=false'])
executable('user', 'main.c', dependencies : nd)
MESON
meson setup "$work/build" "$work" >/dev/null
ninja -C "$work/build" user >/dev/null
"$work/build/user" | grep "array(" >/dev/null
echo "subproject check ok"
