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

