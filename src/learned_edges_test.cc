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
  EXPECT_EQ(again->edges()[0].first, "fmt");  // sorted: a committed copy changes little
  EXPECT_EQ(again->edges()[1].evidence, store.edges()[0].evidence);
}

TEST(LearnedEdgesTest, ATracedRunReplacesWhatItCoversAndSaysWhoLearned) {
  LearnedEdgeStore store;
  Provenance audit{Provenance::By::kAudit, "2026-11-01"}, run{Provenance::By::kRun, "2026-12-03"};
  store.Relearn({"a", "b", "c"}, audit);
  store.Learn({"a", "b", {{"x", ConflictKind::kWriteWrite, ""}}, audit});
  store.Learn({"a", "c", {{"y", ConflictKind::kWriteWrite, ""}}, audit});
  EXPECT_TRUE(store.KnownSafe("b", "c"));
  EXPECT_FALSE(store.KnownSafe("a", "b"));
  EXPECT_FALSE(store.KnownSafe("a", "d"));  // d was never traced
  store.Relearn({"a", "b"}, run);           // the pair a, b no longer conflicts
  ASSERT_EQ(store.edges().size(), 1u);
  EXPECT_EQ(store.edges()[0].second, "c");
  EXPECT_TRUE(store.KnownSafe("a", "b"));
  // Known as traced since the audit: a run confirming it changes nothing in the file.
  EXPECT_EQ(store.traced().at("a"), audit);
  EXPECT_EQ(store.traced().at("c"), audit);
  LearnedEdgeStore fresh;
  fresh.Relearn({"d"}, run);
  EXPECT_EQ(fresh.traced().at("d"), run);
  // An edge learned again with the same evidence keeps the day it was first learned.
  store.Relearn({"a", "c"}, run);
  store.Learn({"a", "c", {{"y", ConflictKind::kWriteWrite, ""}}, run});
  EXPECT_EQ(store.edges()[0].from, audit);
  EXPECT_EQ(DescribeProvenance(audit), "parnox audit on 2026-11-01");
  EXPECT_EQ(DescribeProvenance(run), "a run on 2026-12-03");
}

TEST(LearnedEdgesTest, TheCommittedFileAndTheStateFolderMergeNewestFirst) {
  LearnedEdgeStore shared, local;
  shared.Relearn({"a", "b"}, {Provenance::By::kAudit, "2026-11-01"});
  shared.Learn(
      {"a", "b", {{"x", ConflictKind::kWriteWrite, ""}}, {Provenance::By::kAudit, "2026-11-01"}});
  local.Relearn({"a", "b", "c"}, {Provenance::By::kRun, "2026-12-01"});
  local.Learn(
      {"a", "b", {{"y", ConflictKind::kWriteRead, ""}}, {Provenance::By::kRun, "2026-12-01"}});
  shared.Merge(local);
  ASSERT_EQ(shared.edges().size(), 1u);
  EXPECT_EQ(shared.edges()[0].evidence[0].path, "y");
  EXPECT_EQ(shared.traced().size(), 3u);
}

TEST(LearnedEdgesTest, AVersionOneFileIsReadAsAnAudits) {
  std::string problem;
  std::optional<LearnedEdgeStore> old = LearnedEdgeStore::Parse(
      R"({"version": 1, "edges": [{"first": "a", "second": "b",
          "evidence": [{"path": "x", "kind": "write-write"}]}]})",
      &problem);
  ASSERT_TRUE(old) << problem;
  EXPECT_EQ(old->edges()[0].from, (Provenance{Provenance::By::kAudit, ""}));
  EXPECT_TRUE(old->Serialize().starts_with("{\n  \"version\": 2,"));
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
