#include "shared_file_advice.h"

#include <gtest/gtest.h>

namespace {

LearnedEdge Edge(const std::string& first, const std::string& second,
                 std::vector<std::string> paths) {
  LearnedEdge edge{first, second};
  for (const std::string& path : paths)
    edge.evidence.push_back(Evidence{path, ConflictKind::kWriteWrite, ""});
  return edge;
}

TEST(SharedFileAdviceTest, KeysGroupWhatOneChangeWouldSeparate) {
  EXPECT_EQ(SharedKey(".coverage"), ".coverage");
  EXPECT_EQ(SharedKey(".coverage.host.123.456"), ".coverage");
  EXPECT_EQ(SharedKey("sub/.coverage.*"), ".coverage");
  EXPECT_EQ(SharedKey("build/lib/pkg/__init__.py"), "build/");
  EXPECT_EQ(SharedKey("dist/pkg-1.0.tar.gz"), "dist/");
  EXPECT_EQ(SharedKey("docs/_build/html/index.html"), "docs/_build/");
  EXPECT_EQ(SharedKey("state.db"), "state.db");
  EXPECT_EQ(SharedKey("build"), "build");  // a file of that name is only itself
  EXPECT_EQ(SharedKey("src/deep/build/x"), "src/deep/build/x");
}

TEST(SharedFileAdviceTest, TheEstimateFollowsWorkersAndOrderings) {
  std::vector<double> seconds = {4, 4, 2};
  EXPECT_DOUBLE_EQ(EstimateWallTime(seconds, {}, 1), 10);
  EXPECT_DOUBLE_EQ(EstimateWallTime(seconds, {}, 2), 6);
  EXPECT_DOUBLE_EQ(EstimateWallTime(seconds, {}, 3), 4);
  EXPECT_DOUBLE_EQ(EstimateWallTime(seconds, {{0, 1}}, 2), 8);
  EXPECT_DOUBLE_EQ(EstimateWallTime(seconds, {{0, 1}, {1, 2}}, 3), 10);
}

TEST(SharedFileAdviceTest, OneCoverageFileOrderingEveryTestSessionIsNamedWithItsSaving) {
  // Three test sessions of 30 s each, one after another because each writes .coverage;
  // lint (10 s) beside them.
  std::vector<TimedSession> sessions = {
      {"tests-3.10", 30}, {"tests-3.11", 30}, {"tests-3.12", 30}, {"lint", 10}};
  std::vector<LearnedEdge> edges = {Edge("tests-3.10", "tests-3.11", {".coverage"}),
                                    Edge("tests-3.10", "tests-3.12", {".coverage"}),
                                    Edge("tests-3.11", "tests-3.12", {".coverage"})};
  std::vector<SharedFileAdvice> advice = AdviseOnSharedFiles(edges, sessions, 2);
  ASSERT_EQ(advice.size(), 1u);
  EXPECT_EQ(advice[0].shared, ".coverage");
  EXPECT_EQ(advice[0].sessions,
            (std::vector<std::string>{"tests-3.10", "tests-3.11", "tests-3.12"}));
  EXPECT_DOUBLE_EQ(advice[0].seconds_now, 90);
  // tests-3.12 stays after the others (it might combine): 30 | 30 then 30, lint beside.
  EXPECT_DOUBLE_EQ(advice[0].seconds_without, 60);
  std::string text = DescribeAdvice(advice[0], 2);
  EXPECT_NE(text.find(".coverage alone orders 3 sessions one after another (tests-3.10, "
                      "tests-3.11, tests-3.12): to let them run in parallel, give each"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("parallel = true"), std::string::npos) << text;
  EXPECT_NE(text.find("save at least 30s of 90s on 2 workers"), std::string::npos) << text;
}

TEST(SharedFileAdviceTest, FilesOfTheirOwnGatheredByOneSessionNeedNoFix) {
  // parallel = true already: each tests session writes its own .coverage.* and only the
  // combine that gathers them comes after them. Nothing to separate.
  std::vector<TimedSession> sessions = {{"tests-unit", 30}, {"tests-db", 30}, {"report", 2}};
  std::vector<LearnedEdge> edges = {Edge("tests-unit", "report", {".coverage.*"}),
                                    Edge("tests-db", "report", {".coverage.*"})};
  EXPECT_TRUE(AdviseOnSharedFiles(edges, sessions, 2).empty());
}

TEST(SharedFileAdviceTest, AnEdgeWithOtherEvidenceOrAPairAloneIsNoSharedFile) {
  std::vector<TimedSession> sessions = {{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}};
  // a-b share build/ and state.db: fixing build/ alone would not free them.
  std::vector<LearnedEdge> edges = {Edge("a", "b", {"build/x.o", "state.db"}),
                                    Edge("c", "d", {"build/y.o"}), Edge("b", "c", {"report.txt"})};
  EXPECT_TRUE(AdviseOnSharedFiles(edges, sessions, 2).empty());
}

TEST(SharedFileAdviceTest, WithoutEveryDurationItNamesTheFixButNoSeconds) {
  std::vector<TimedSession> sessions = {{"a", 1}, {"b", std::nullopt}, {"c", 1}};
  std::vector<LearnedEdge> edges = {Edge("a", "b", {"dist/a.whl"}), Edge("b", "c", {"dist/b.whl"})};
  std::vector<SharedFileAdvice> advice = AdviseOnSharedFiles(edges, sessions, 2);
  ASSERT_EQ(advice.size(), 1u);
  EXPECT_EQ(advice[0].shared, "dist/");
  std::string text = DescribeAdvice(advice[0], 2);
  EXPECT_NE(text.find("its own dist/"), std::string::npos) << text;
  EXPECT_EQ(text.find("save"), std::string::npos) << text;
}

}  // namespace
