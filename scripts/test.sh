#!/usr/bin/env bash
# Builds and runs the whole test suite: the unit tests and every end-to-end script, which run
# the real nox on real sessions. With --sanitize, the same suite on an AddressSanitizer and
# UndefinedBehaviorSanitizer build (in build-sanitize/).
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [ "${1:-}" = "--sanitize" ]; then
  build=build-sanitize
  cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DPARNOX_USE_SANITIZERS=ON)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export PARNOX_TEST_SANITIZED=1  # tests that measure memory skip that part
fi

# Warnings are errors here, in the checks, not in CMakeLists.txt. Aggregates rely on default
# member initializers, so leaving fields out of a brace initializer is intended.
cmake -S . -B "$build" -G Ninja "${cmake_args[@]}" -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror -Wno-missing-field-initializers"
cmake --build "$build"
status=0
ctest --test-dir "$build" --output-on-failure -j 2 --output-junit ctest-junit.xml || status=$?
# ctest shows no skipped test's output: say here why each one skipped.
python3 scripts/skip_reasons.py "$build/ctest-junit.xml"
exit "$status"
