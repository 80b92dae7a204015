#!/usr/bin/env bash
# Installs the Debian packages nd needs, only those missing; runs apt-get
# update only when something is missing. Fails with a clear message when it
# cannot install. `install-deps.sh deb` adds what `make deb` needs, `install-deps.sh
# bench` what `make bench` needs beyond `make test`.
set -euo pipefail
pkgs=(meson ninja-build pkg-config gcc g++ make libopenblas-dev liblapack-dev libsleef-dev
      check libbenchmark-dev python3-numpy python3-matplotlib libmpfr-dev libmpc-dev zlib1g-dev
      libdlpack-dev libhwy-dev gcovr clang libclang-rt-14-dev python3-dev python3-cffi python3-pytest
      python3-hypothesis cmake abigail-tools doxygen valgrind libfftw3-dev libgccjit-12-dev)
[ "${1:-}" = deb ] && pkgs+=(dpkg-dev debhelper dh-python lintian)
# make bench: the C/C++ and Python peers (bench/bench_peers.cc, bench/numexpr_peer.py)
[ "${1:-}" = bench ] && pkgs+=(libeigen3-dev xtensor-dev libxsimd-dev python3-numexpr)
# libnd_dist (issue 28): Open MPI, and ScaLAPACK on it for the distributed solvers
pkgs+=(libopenmpi-dev openmpi-bin libscalapack-openmpi-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "nd: installing missing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "nd: missing packages (${missing[*]}) and not root: install them with apt-get" >&2
    exit 1
  fi
fi
if ! $sudo apt-get update -qq || ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"; then
  echo "nd: could not install ${missing[*]} with apt-get; install them by hand and retry" >&2
  exit 1
fi
