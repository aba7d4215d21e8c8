#include "environment.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace {

TEST(EnvironmentTest, GetsByExactNameAndTheFirstEntryCounts) {
  Environment env({"PATH=/bin", "PATHS=x", "EMPTY=", "CI=true", "PATH=/usr/bin", "NOEQUALS"});
  EXPECT_STREQ(env.Get("PATH"), "/bin");
  EXPECT_STREQ(env.Get("PATHS"), "x");
  EXPECT_STREQ(env.Get("EMPTY"), "");
  EXPECT_EQ(env.Get("PAT"), nullptr);
  EXPECT_EQ(env.Get("NOEQUALS"), nullptr);
  EXPECT_TRUE(env.IsTrue("CI"));
  EXPECT_FALSE(env.IsTrue("EMPTY"));
  EXPECT_FALSE(env.IsTrue("UNSET"));
}

TEST(EnvironmentTest, OfProcessSeesTheProcessEnvironment) {
  setenv("PARNOX_ENVIRONMENT_TEST", "seen", 1);
  EXPECT_STREQ(Environment::OfProcess().Get("PARNOX_ENVIRONMENT_TEST"), "seen");
  unsetenv("PARNOX_ENVIRONMENT_TEST");
  EXPECT_EQ(Environment::OfProcess().Get("PARNOX_ENVIRONMENT_TEST"), nullptr);
}

}  // namespace
