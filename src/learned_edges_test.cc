#include "learned_edges.h"

#include <gtest/gtest.h>

namespace {

TEST(LearnedEdgesTest, RoundTrips) {
  LearnedEdgeStore store;
  store.Learn({"tests", "cov", {{".coverage.h.1", ConflictKind::kWriteRead, "."}}});
  store.Learn({"fmt", "lint", {{"src/a.py", ConflictKind::kWriteRead, ""}}});
  std::string problem;
  std::optional<LearnedEdgeStore> again = LearnedEdgeStore::Parse(store.Serialize(), &problem);
  ASSERT_TRUE(again) << problem;
  ASSERT_EQ(again->edges().size(), 2u);
  EXPECT_EQ(again->edges()[0].first, "tests");
  EXPECT_EQ(again->edges()[0].evidence, store.edges()[0].evidence);
}

TEST(LearnedEdgesTest, AnAuditReplacesWhatItCovers) {
  LearnedEdgeStore store;
  store.Learn({"a", "b", {{"x", ConflictKind::kWriteWrite, ""}}});
  store.Learn({"a", "c", {{"y", ConflictKind::kWriteWrite, ""}}});
  store.ForgetPairsAmong({"a", "b"});
  ASSERT_EQ(store.edges().size(), 1u);
  EXPECT_EQ(store.edges()[0].second, "c");
  store.Learn({"c", "a", {{"z", ConflictKind::kReadWrite, ""}}});
  ASSERT_EQ(store.edges().size(), 1u);
  EXPECT_EQ(store.edges()[0].evidence[0].path, "z");
}

TEST(LearnedEdgesTest, ACorruptOrOldFileSaysWhatIsWrong) {
  for (const char* text : {"{not json", R"({"version": 99, "edges": []})",
                           R"({"version": 1, "edges": [{"first": "a"}]})", ""}) {
    std::string problem;
    EXPECT_FALSE(LearnedEdgeStore::Parse(text, &problem)) << text;
    EXPECT_FALSE(problem.empty()) << text;
  }
}

TEST(DescribeEvidenceTest, ShortensLongLists) {
  std::vector<Evidence> evidence = {{"a", ConflictKind::kWriteRead, ""},
                                    {"b", ConflictKind::kWriteWrite, "."},
                                    {"c", ConflictKind::kReadWrite, ""}};
  EXPECT_EQ(DescribeEvidence(evidence, 2), "a (write-read), b (write-write, listing .) and 1 more");
}

}  // namespace
