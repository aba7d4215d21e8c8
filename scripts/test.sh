#!/usr/bin/env bash
# Builds and runs the whole test suite: the unit tests and every end-to-end script, which run
# the real nox on real sessions. With --sanitize, the same suite on an AddressSanitizer and
# UndefinedBehaviorSanitizer build (in build-sanitize/).
#
# The discovery tests also run on Debian testing's nox (scripts/newer_nox.sh fetches it into
# build-nox/ from Debian's archive); where the archive cannot be reached they are left out
# with a warning, except in CI, where that is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/flags.sh

# What the tests need, installed where missing; build/ configured as setup.sh does.
bash scripts/setup.sh --tests

build=build
cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [ "${1:-}" = "--sanitize" ]; then
  build=build-sanitize
  cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DPARNOX_USE_SANITIZERS=ON)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export PARNOX_TEST_SANITIZED=1  # tests that measure memory skip that part
fi

if newer_nox=$(bash scripts/newer_nox.sh build-nox); then
  cmake_args+=(-DPARNOX_NEWER_NOX="$newer_nox")
elif [ "${CI:-}" = true ]; then
  echo "test: CI runs the discovery tests on a newer nox too, and scripts/newer_nox.sh failed" >&2
  exit 1
else
  echo "test: the discovery tests run on Debian 12's nox only (no newer one, see above)"
  cmake_args+=(-DPARNOX_NEWER_NOX=)
fi

cmake -S . -B "$build" -G Ninja "${cmake_args[@]}" -DCMAKE_CXX_FLAGS="$PARNOX_CXX_FLAGS" \
  -DPARNOX_BUILD_TESTS=ON
cmake --build "$build"
status=0
ctest --test-dir "$build" --output-on-failure -j 2 --output-junit ctest-junit.xml || status=$?
# ctest shows no skipped test's output: say here why each one skipped.
python3 scripts/skip_reasons.py "$build/ctest-junit.xml"
exit "$status"
