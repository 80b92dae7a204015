#!/usr/bin/env bash
# make deb-test: the packages `make deb` built in $1 (default build-deb),
# unpacked into a fresh staging root as dpkg would place them (dpkg -x: no
# root, no chroot, the machine's own packages untouched), checked for what
# each holds, then a program built against them with pkg-config and with
# CMake (shared and static) and run against the packaged libnd.so.0; the
# Python package python3-nd imported from the staging root by /usr/bin/python3
# and a small computation checked against NumPy.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=$(cd "${1:-build-deb}" && pwd)
version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
lib="$out/libnd0_${version}_$arch.deb"; dev="$out/libnd-dev_${version}_$arch.deb"
py="$out/python3-nd_${version}_$arch.deb"
for d in "$lib" "$dev" "$py"; do [ -f "$d" ] || { echo "deb-test: $d missing (make deb)"; exit 1; }; done
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fail() { echo "deb-test: $*"; exit 1; }

# What each package holds: libnd0 the shared library only, libnd-dev the rest.
soname=$(dpkg-deb -c "$lib" | awk '{print $6}' | sed -n "s|^\./usr/lib/$ma/\(libnd\.so\.[0-9]*\)$|\1|p")
[ "$soname" = libnd.so.0 ] || fail "libnd0 does not hold libnd.so.0 (found '$soname')"
if dpkg-deb -c "$lib" | awk '{print $6}' | grep -E '/include/|\.a$|\.pc$|cmake|libnd\.so$'; then
  fail "libnd0 holds development files"
fi
for f in usr/include/nd.h usr/include/nd/core.h usr/include/nd/version.h "usr/lib/$ma/libnd.a" \
         "usr/lib/$ma/libnd.so" "usr/lib/$ma/pkgconfig/nd.pc" "usr/lib/$ma/cmake/nd/ndConfig.cmake" \
         "usr/lib/$ma/cmake/nd/ndConfigVersion.cmake" usr/share/doc/libnd-dev/copyright; do
  dpkg-deb -c "$dev" | awk '{print $6}' | grep -x "\./$f" >/dev/null || fail "libnd-dev lacks /$f"
done
dpkg-deb -f "$dev" Depends | grep "libnd0 (= $version)" >/dev/null || fail "libnd-dev does not depend on libnd0 (= $version)"
# shlibs: the runtime dependencies come from libnd.so.0's NEEDED entries
for p in libsleef3 libopenblas0 zlib1g; do
  dpkg-deb -f "$lib" Depends | grep "$p" >/dev/null || fail "libnd0 does not depend on $p: $(dpkg-deb -f "$lib" Depends)"
done

# python3-nd: the package nd in Debian's dist-packages (the extension built
# for the default python3), tied to its exact libnd0, no libnd itself.
pyfiles=$(dpkg-deb -c "$py" | awk '{print $6}')
for f in __init__.py _lib.py _cdef.h linalg.py; do
  grep -qx "\./usr/lib/python3/dist-packages/nd/$f" <<<"$pyfiles" || fail "python3-nd lacks nd/$f"
done
grep -qE '^\./usr/lib/python3/dist-packages/nd/_core\.cpython-[0-9]+-[a-z0-9_]+-linux-gnu\.so$' <<<"$pyfiles" ||
  fail "python3-nd lacks the nd._core extension"
if grep -E 'libnd\.so|/include/' <<<"$pyfiles"; then fail "python3-nd holds libnd's files"; fi
pydeps=$(dpkg-deb -f "$py" Depends)
for p in "libnd0 (= $version)" python3-cffi "python3 (>= 3"; do
  grep -qF "$p" <<<"$pydeps" || fail "python3-nd does not depend on $p: $pydeps"
done

dpkg -x "$lib" "$root"
dpkg -x "$dev" "$root"
dpkg -x "$py" "$root"
run() { LD_LIBRARY_PATH="$root/usr/lib/$ma" "$@"; }
check_loads_staged() { # the program finds libnd.so.0 in the staging root, not elsewhere
  run ldd "$1" | grep "libnd.so.0 => $root/usr/lib/$ma/libnd.so.0" >/dev/null || fail "$1 does not load the packaged libnd.so.0"
}

# pkg-config, as a user of libnd-dev would (nd.pc says prefix=/usr; the
# sysroot maps it into the staging root).
export PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1
export PKG_CONFIG_LIBDIR="$root/usr/lib/$ma/pkgconfig:/usr/lib/$ma/pkgconfig:/usr/share/pkgconfig"
[ "$(pkg-config --modversion nd)" = "${version%-*}" ] || fail "pkg-config nd is not ${version%-*}"
cc -std=c11 "$src/examples/basic.c" -o "$root/prog" $(pkg-config --cflags --libs nd)
run "$root/prog" | grep "array(" >/dev/null || fail "the pkg-config program did not print its array"
check_loads_staged "$root/prog"
unset PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR

# CMake: find_package(nd CONFIG) from the packaged files.
cmake -S "$src/tests/cmake" -B "$root/cm" -DCMAKE_PREFIX_PATH="$root/usr" \
  -DND_EXAMPLE="$src/examples/basic.c" -DND_WANT_VERSION="${version%%.*}.0" > "$root/cmake.log" 2>&1 ||
  { cat "$root/cmake.log"; fail "cmake could not configure against the packages"; }
grep -q "from $root/usr/lib/$ma/cmake/nd" "$root/cmake.log" || { cat "$root/cmake.log"; fail "cmake found another nd"; }
cmake --build "$root/cm" > "$root/cmake-build.log" 2>&1 || { cat "$root/cmake-build.log"; fail "cmake build failed"; }
run "$root/cm/user_shared" | grep "array(" >/dev/null || fail "nd::nd program failed"
check_loads_staged "$root/cm/user_shared"
"$root/cm/user_static" | grep "array(" >/dev/null || fail "nd::nd_static program failed"
# Python: the staged nd, on the staged libnd.so.0 (no RUNPATH in a Debian
# build: LD_LIBRARY_PATH finds it), against NumPy on the same input.
PYTHONPATH="$root/usr/lib/python3/dist-packages" run /usr/bin/python3 -c '
import sys, numpy as np, nd
root = sys.argv[1]
assert nd.__file__.startswith(root + "/"), "imported nd from " + nd.__file__
lib = nd._core.libnd_path()
assert lib.startswith(root + "/"), "nd._core loaded " + lib
x = np.linspace(-3.0, 5.0, 24).reshape(4, 6)
a = nd.asarray(x)
got = np.asarray(nd.sum(nd.exp(a) * 2.0 - a, axis=1))
want = (np.exp(x) * 2.0 - x).sum(axis=1)
assert got.shape == want.shape and np.allclose(got, want, rtol=1e-13, atol=0), (got, want)
m = nd.arange(12).reshape(3, 4)
assert (np.asarray(m @ m.T) == np.arange(12).reshape(3, 4) @ np.arange(12).reshape(3, 4).T).all()
print("python3-nd:", nd.__name__, "from", root, "ok")
' "$root" || fail "python3-nd: import nd from the staging root and the NumPy check failed"
echo "deb-test ok: $(basename "$lib") $(basename "$dev") $(basename "$py") unpacked;" \
     "built against with pkg-config and CMake; import nd checked against NumPy"
