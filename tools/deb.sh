#!/usr/bin/env bash
# make deb: builds the Debian packages (libnd0, libnd-dev, python3-nd) with
# dpkg-buildpackage and debhelper (dh, meson buildsystem, dh_python3) from a
# copy of the source tree in $1 (default build-deb), so nothing is written
# beside or into the tree; then runs lintian on them. The .deb files and the lintian
# report end up in $1.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-build-deb}" && cd "${1:-build-deb}" && pwd)

version=$(sed -n "s/^ *version *: *'\([^']*\)'.*/\1/p" "$src/meson.build" | head -1)
debversion=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
if [ "${debversion%-*}" != "$version" ]; then
  echo "deb: debian/changelog is at $debversion but meson.build at $version:" \
       "add a debian/changelog entry (dch -v $version-1)" >&2
  exit 1
fi

# The tree as git sees it (tracked and untracked files, without ignored
# ones such as build directories), uncommitted edits included.
tree="$out/nd-$version"
rm -rf "$tree" "$out"/*.deb "$out"/*.ddeb "$out"/*.changes "$out"/*.buildinfo
mkdir -p "$tree"
(cd "$src" && git ls-files -z --cached --others --exclude-standard |
   tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$tree" -xf -

# debhelper points HOME at a scratch directory; keep ccache's cache.
export CCACHE_DIR="${CCACHE_DIR:-$(ccache -k cache_dir 2>/dev/null || echo "$HOME/.cache/ccache")}"
(cd "$tree" && dpkg-buildpackage -b -us -uc -j2) > "$out/build.log" 2>&1 ||
  { tail -40 "$out/build.log"; echo "deb: dpkg-buildpackage failed ($out/build.log)" >&2; exit 1; }

changes=$(ls "$out"/nd_"$version"-*_amd64.changes)
lintian --info --display-info --pedantic "$changes" > "$out/lintian.txt" 2>&1 || true
echo "deb: built in $out:"; (cd "$out" && ls -1 ./*.deb)
# Errors and warnings fail; info and pedantic tags are listed (README,
# "Debian packages", says why each that remains is left).
if grep -E '^[EW]: ' "$out/lintian.txt"; then
  echo "deb: lintian errors or warnings ($out/lintian.txt)" >&2
  exit 1
fi
grep -E '^[IP]: ' "$out/lintian.txt" | sed 's/^/lintian /' || true
