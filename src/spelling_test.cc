#include "spelling.h"

#include <gtest/gtest.h>

namespace {

TEST(SpellingTest, CountsEditsAndASwapAsOne) {
  EXPECT_EQ(SpellingDistance("list", "list"), 0u);
  EXPECT_EQ(SpellingDistance("lsit", "list"), 1u);
  EXPECT_EQ(SpellingDistance("jobz", "jobs"), 1u);
  EXPECT_EQ(SpellingDistance("aftr", "after"), 1u);
  EXPECT_EQ(SpellingDistance("", "run"), 3u);
  EXPECT_GE(SpellingDistance("audit", "matrix"), 3u);  // no typo of each other
}

TEST(SpellingTest, TheClosestIsATypoNotAGuess) {
  std::vector<std::string> commands = {"run", "list", "audit", "matrix"};
  EXPECT_EQ(ClosestSpelling("lsit", commands), "list");
  EXPECT_EQ(ClosestSpelling("aud", commands), "audit");  // the start of a longer name
  EXPECT_EQ(ClosestSpelling("xyzzy", commands), std::nullopt);
  EXPECT_EQ(ClosestSpelling("r", commands), std::nullopt);  // one letter: any word is as near
}

}  // namespace
