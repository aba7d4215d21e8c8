#include "access_sets.h"

#include <gtest/gtest.h>

namespace {

Access At(AccessKind kind, const std::string& path) { return Access{kind, path}; }

TEST(IgnoreRulesTest, BuiltInCachesAndStateDirs) {
  IgnoreRules rules = IgnoreRules::Defaults();
  EXPECT_TRUE(rules.Ignored("pkg/__pycache__/mod.cpython-311.pyc"));
  EXPECT_TRUE(rules.Ignored(".mypy_cache/3.11/x.json"));
  EXPECT_TRUE(rules.Ignored(".parnox/logs/lint.log"));
  EXPECT_TRUE(rules.Ignored(".parnox"));
  EXPECT_TRUE(rules.Ignored(".nox"));
  // Another session's virtualenv is that session's state, not shared bookkeeping.
  EXPECT_FALSE(rules.Ignored(".nox/tests/bin/python"));
  EXPECT_FALSE(rules.Ignored("src/pkg/mod.py"));
  EXPECT_FALSE(rules.Ignored(".coverage"));
}

TEST(IgnoreRulesTest, ConfiguredPatternsAddAndRemove) {
  IgnoreRules rules = IgnoreRules::Defaults();
  rules.Configure({"build/**", "!.pytest_cache", "*.log"});
  EXPECT_TRUE(rules.Ignored("build"));
  EXPECT_TRUE(rules.Ignored("build/lib/pkg/mod.py"));
  EXPECT_FALSE(rules.Ignored("src/build"));
  EXPECT_TRUE(rules.Ignored("logs/run.log"));
  EXPECT_FALSE(rules.Ignored(".pytest_cache/v/cache/lastfailed"));
}

TEST(AccessSetsTest, RelativeToRoot) {
  EXPECT_EQ(RelativeToRoot("/p/a/b", "/p"), "a/b");
  EXPECT_EQ(RelativeToRoot("/p", "/p"), ".");
  EXPECT_EQ(RelativeToRoot("/pp/a", "/p"), "");
  EXPECT_EQ(RelativeToRoot("/tmp/x", "/p"), "");
}

TEST(AccessSetsTest, SortsKindsAndDropsOutsideAndIgnored) {
  IgnoreRules rules = IgnoreRules::Defaults();
  rules.Add(".nox/lint/**");
  std::vector<Access> trace = {At(AccessKind::kRead, "/p/src/a.py"),
                               At(AccessKind::kExec, "/p/tool"),
                               At(AccessKind::kWrite, "/p/report.txt"),
                               At(AccessKind::kCreate, "/p/.coverage.x"),
                               At(AccessKind::kMkdir, "/p/build"),
                               At(AccessKind::kDelete, "/p/old"),
                               At(AccessKind::kList, "/p"),
                               At(AccessKind::kProbe, "/p/setup.cfg"),
                               At(AccessKind::kRead, "/usr/lib/python3"),
                               At(AccessKind::kWrite, "/tmp/pytest-1/x"),
                               At(AccessKind::kWrite, "/p/src/__pycache__/a.pyc"),
                               At(AccessKind::kWrite, "/p/.nox/lint/bin/python"),
                               At(AccessKind::kWrite, "/p/.nox/tests/bin/python")};
  AccessSets sets = BuildAccessSets(trace, "/p", rules);
  EXPECT_EQ(sets.read, (std::set<std::string>{"src/a.py", "tool"}));
  EXPECT_EQ(sets.write, (std::set<std::string>{"report.txt", ".nox/tests/bin/python"}));
  EXPECT_EQ(sets.create, (std::set<std::string>{".coverage.x", "build"}));
  EXPECT_EQ(sets.remove, (std::set<std::string>{"old"}));
  EXPECT_EQ(sets.list, (std::set<std::string>{"."}));
  EXPECT_EQ(sets.probe, (std::set<std::string>{"setup.cfg"}));
}

}  // namespace

TEST(AccessSetsTest, ADirectoryOnlyMadeIsKeptApartFromOtherChanges) {
  std::vector<Access> trace = {
      At(AccessKind::kMkdir, "/p/results"), At(AccessKind::kMkdir, "/p/build"),
      At(AccessKind::kDelete, "/p/build"), At(AccessKind::kCreate, "/p/dist")};
  AccessSets sets = BuildAccessSets(trace, "/p", IgnoreRules::Configured({}));
  EXPECT_EQ(sets.made_dirs, std::set<std::string>{"results"});
  EXPECT_TRUE(sets.create.count("results"));  // made all the same
}
