# The compiler flags of every build of parnox here (sourced by setup.sh and test.sh): one
# set, so that setting up and testing build the tree once. Warnings are errors in this
# repository's builds, not in CMakeLists.txt, so that a packager's newer compiler does not
# fail on a warning it adds. Aggregates rely on default member initializers, so leaving
# fields out of a brace initializer is intended.
PARNOX_CXX_FLAGS="-Wall -Wextra -Werror -Wno-missing-field-initializers"
