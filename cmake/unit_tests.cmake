# The unit tests (src/*_test.cc, one binary) as one ctest entry each, named as GoogleTest
# names them (Suite.Test): a failure names its test, and ctest -j runs them side by side.
# Included by the root CMakeLists.txt inside if(PARNOX_BUILD_TESTS), after parnox_tests is
# defined.
#
# gtest_discover_tests lists the tests after each build by running parnox_tests
# --gtest_list_tests (the sanitized binary too, hence the generous timeout on a loaded
# machine), and marks a test whose output has "[  SKIPPED ]" (GTEST_SKIP) as skipped, not
# passed. ctest prints no skipped test's output; scripts/test.sh prints why each skipped.

include(GoogleTest)

gtest_discover_tests(parnox_tests
  DISCOVERY_TIMEOUT 60
  PROPERTIES TIMEOUT 300)

# The discovery and nox-runner tests again, on a newer nox than Debian 12's (whose 2022.11
# has no requires=): PARNOX_NEWER_NOX is the PYTHONPATH entry scripts/newer_nox.sh prints,
# and these run as newer-nox.DiscoveryTest.* and newer-nox.NoxRunnerTest.*.
set(PARNOX_NEWER_NOX "" CACHE PATH
    "site-packages directory of a newer nox to run the discovery tests on as well")
if(PARNOX_NEWER_NOX)
  gtest_discover_tests(parnox_tests
    TEST_PREFIX newer-nox.
    TEST_FILTER "DiscoveryTest.*:NoxRunnerTest.*"
    TEST_LIST PARNOX_NEWER_NOX_TESTS
    DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT 300 ENVIRONMENT "PYTHONPATH=${PARNOX_NEWER_NOX}")
  # Without it there, they would quietly test Debian 12's nox again.
  add_test(NAME newer-nox.is-there
    COMMAND /usr/bin/python3 -c "import nox, sys; print(nox.__file__); sys.exit(not nox.__file__.startswith(sys.argv[1]))"
            ${PARNOX_NEWER_NOX})
  set_tests_properties(newer-nox.is-there PROPERTIES ENVIRONMENT "PYTHONPATH=${PARNOX_NEWER_NOX}")
endif()
