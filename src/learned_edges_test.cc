#include "learned_edges.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace {

class LearnedEdgesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/parnox-edges-XXXXXX";
    dir_ = mkdtemp(pattern);
    path_ = dir_ + "/edges.json";
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }
  void Write(const std::string& text) { std::ofstream(path_) << text; }

  std::string dir_, path_;
};

TEST_F(LearnedEdgesTest, MissingFileIsEmptyWithoutWarning) {
  std::string warning;
  EXPECT_TRUE(LearnedEdgeStore::Load(path_, &warning).edges().empty());
  EXPECT_EQ(warning, "");
}

TEST_F(LearnedEdgesTest, RoundTrips) {
  std::string warning, error;
  LearnedEdgeStore store = LearnedEdgeStore::Load(path_, &warning);
  store.Learn({"tests", "cov", {{".coverage.h.1", ConflictKind::kWriteRead, "."}}});
  store.Learn({"fmt", "lint", {{"src/a.py", ConflictKind::kWriteRead, ""}}});
  ASSERT_TRUE(store.Save(&error)) << error;
  LearnedEdgeStore again = LearnedEdgeStore::Load(path_, &warning);
  EXPECT_EQ(warning, "");
  ASSERT_EQ(again.edges().size(), 2u);
  EXPECT_EQ(again.edges()[0].first, "tests");
  EXPECT_EQ(again.edges()[0].evidence, store.edges()[0].evidence);
}

TEST_F(LearnedEdgesTest, AnAuditReplacesWhatItCovers) {
  std::string warning;
  LearnedEdgeStore store = LearnedEdgeStore::Load(path_, &warning);
  store.Learn({"a", "b", {{"x", ConflictKind::kWriteWrite, ""}}});
  store.Learn({"a", "c", {{"y", ConflictKind::kWriteWrite, ""}}});
  store.ForgetPairsAmong({"a", "b"});
  ASSERT_EQ(store.edges().size(), 1u);
  EXPECT_EQ(store.edges()[0].second, "c");
  store.Learn({"c", "a", {{"z", ConflictKind::kReadWrite, ""}}});
  ASSERT_EQ(store.edges().size(), 1u);
  EXPECT_EQ(store.edges()[0].evidence[0].path, "z");
}

TEST_F(LearnedEdgesTest, CorruptOrOldFileWarnsAndIsEmpty) {
  for (const char* text : {"{not json", R"({"version": 99, "edges": []})",
                           R"({"version": 1, "edges": [{"first": "a"}]})"}) {
    Write(text);
    std::string warning;
    EXPECT_TRUE(LearnedEdgeStore::Load(path_, &warning).edges().empty()) << text;
    EXPECT_NE(warning.find(path_), std::string::npos) << warning;
    EXPECT_NE(warning.find("rebuilds"), std::string::npos) << warning;
  }
}

TEST(DescribeEvidenceTest, ShortensLongLists) {
  std::vector<Evidence> evidence = {{"a", ConflictKind::kWriteRead, ""},
                                    {"b", ConflictKind::kWriteWrite, "."},
                                    {"c", ConflictKind::kReadWrite, ""}};
  EXPECT_EQ(DescribeEvidence(evidence, 2), "a (write-read), b (write-write, listing .) and 1 more");
}

}  // namespace
