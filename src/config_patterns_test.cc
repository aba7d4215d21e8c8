#include "config_patterns.h"

#include <gtest/gtest.h>

namespace {

Project TwoSessions() {
  Project project;
  project.sessions.push_back({.signature = "lint", .name = "lint", .signatures = {"lint"}});
  project.sessions.push_back(
      {.signature = "tests-3.11", .name = "tests", .signatures = {"tests-3.11", "tests"}});
  return project;
}

ConfigPattern At(const std::string& glob, int line) { return {glob, {"pyproject.toml", line}}; }

TEST(CheckConfigPatternsTest, APatternMatchingNoSessionIsNamedWithTheClosest) {
  Config config;
  config.timeout.emplace_back(At("tset*", 7), std::chrono::minutes(5));
  std::vector<std::string> errors;
  CheckConfigPatterns(config, TwoSessions(), &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "pyproject.toml:7: timeout pattern 'tset*' matches no session of the noxfile; did "
            "you mean 'tests'?");
}

TEST(CheckConfigPatternsTest, EveryKindOfPatternIsCheckedAndSaidInTheFilesOrder) {
  Config config;
  config.artifacts.emplace_back(At("xyz", 12), std::vector<std::string>{"dist/*"});
  config.after.emplace_back(At("tests*", 6), std::vector{At("lnt", 6), At("lint", 6)});
  config.exclusive.push_back(At("docs", 8));
  config.independent.push_back(At("lint", 9));
  config.cpus.emplace_back(At("tests-3.1?", 10), 2);
  std::vector<std::string> errors;
  CheckConfigPatterns(config, TwoSessions(), &errors);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0],
            "pyproject.toml:6: after pattern 'lnt' matches no session of the noxfile; did you "
            "mean 'lint'?");
  EXPECT_EQ(errors[1],
            "pyproject.toml:8: exclusive pattern 'docs' matches no session of the noxfile; "
            "`parnox list` shows the sessions.");
  EXPECT_NE(errors[2].find("pyproject.toml:12: artifacts pattern 'xyz'"), std::string::npos);
}

TEST(CheckConfigPatternsTest, APatternForASessionLeftOutOfTheSelectionIsNoTypo) {
  Project project = TwoSessions();
  for (Session& session : project.sessions) session.selected = session.name == "lint";
  project.queue = {"lint"};
  Config config;
  config.exclusive.push_back(At("tests*", 8));
  std::vector<std::string> errors;
  CheckConfigPatterns(config, project, &errors);
  EXPECT_TRUE(errors.empty());
}

}  // namespace
