#include "graph.h"

#include <gtest/gtest.h>

namespace {

/// A project of plain sessions, run in the order given.
struct LearnedFixture {
  explicit LearnedFixture(std::vector<std::string> names) : order(names) {
    for (const std::string& name : names) {
      Session& s = project.sessions.emplace_back();
      s.signature = s.name = name;
      s.signatures = {name};
    }
    project.queue = order;
  }
  std::vector<std::string> Build(const std::vector<LearnedEdge>& learned) {
    std::vector<std::string> errors;
    BuildGraph(project, config, order, &graph, &errors, learned);
    return errors;
  }
  Project project;
  Config config;
  std::vector<std::string> order;
  Graph graph;
};

TEST(GraphLearnedTest, LearnedEdgesFollowTheRunsOrderWithTheirEvidence) {
  LearnedFixture f({"tests", "cov", "lint"});
  ASSERT_TRUE(f.Build({{"cov", "tests", {{".coverage.h.1", ConflictKind::kWriteWrite, ""}}},
                       {"gone", "tests", {{"x", ConflictKind::kWriteRead, ""}}}})
                  .empty());
  ASSERT_EQ(f.graph.edges.size(), 1u);
  const Edge& edge = f.graph.edges[0];
  EXPECT_EQ(edge.kind, EdgeKind::kLearned);
  EXPECT_EQ(f.graph.Name(edge.from), "tests");
  EXPECT_EQ(f.graph.Name(edge.to), "cov");
  EXPECT_EQ(edge.reason, "parnox audit saw .coverage.h.1 (write-write)");
  EXPECT_STREQ(EdgeKindName(edge.kind), "learned");
}

TEST(GraphLearnedTest, ADeclaredOrderOutranksALearnedOne) {
  LearnedFixture f({"a", "b"});
  f.config.after.push_back(
      {ConfigPattern{"a", {"pyproject.toml", 3}}, {ConfigPattern{"b", {"pyproject.toml", 3}}}});
  ASSERT_TRUE(f.Build({{"a", "b", {{"x", ConflictKind::kWriteRead, ""}}}}).empty());
  ASSERT_EQ(f.graph.edges.size(), 1u);
  EXPECT_EQ(f.graph.edges[0].kind, EdgeKind::kAfter);
}

}  // namespace
