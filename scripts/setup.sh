#!/usr/bin/env bash
# Installs what parnox needs on Debian 12 (with apt-get, as root or through sudo) and builds
# it into build/. Safe to run again: it installs only what is missing and rebuilds only what
# changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # the build
  g++ cmake ninja-build
  libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libfmt-dev libgtest-dev
  # nox and the tools the example's and the tests' sessions run
  python3 python3-nox flake8 black mypy python3-pytest python3-coverage python3-pytest-xdist
  python3-pytest-cov
  # the end-to-end tests read process tables and peak memory, and parse CI workflows
  procps time tmux python3-yaml
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
    missing+=("$package")
done
if ((${#missing[@]})); then
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  echo "setup: installing ${missing[*]}"
  "${as_root[@]}" apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build
