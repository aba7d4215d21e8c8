#include "audit.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace {

SessionAudit Traced(const std::string& name, AccessSets sets) {
  return SessionAudit{name, Outcome::kSuccess, std::move(sets), true, ""};
}

AuditResult Example() {
  AccessSets lint, tests, cov;
  lint.read = {"src/a.py"};
  tests.read = {"src/a.py"};
  tests.create = {".coverage.h.1"};
  cov.list = {"."};
  cov.read = {".coverage.h.1"};
  cov.remove = {".coverage.h.1"};
  return ClassifyPairs({Traced("lint", lint), Traced("tests", tests), Traced("cov", cov)},
                       {"__pycache__"});
}

TEST(AuditTest, ClassifiesEveryPairInNoxOrder) {
  AuditResult audit = Example();
  ASSERT_EQ(audit.pairs.size(), 3u);
  EXPECT_FALSE(audit.pairs[0].ordered());  // lint / tests
  EXPECT_FALSE(audit.pairs[1].ordered());  // lint / cov
  EXPECT_TRUE(audit.pairs[2].ordered());   // tests / cov
  std::vector<LearnedEdge> edges = LearnedEdges(audit, Provenance{});
  ASSERT_EQ(edges.size(), 1u);
  EXPECT_EQ(edges[0].first, "tests");
  EXPECT_EQ(edges[0].second, "cov");
}

TEST(AuditTest, JsonHasTheDocumentedShape) {
  nlohmann::json json = nlohmann::json::parse(RenderAuditJson(Example()));
  EXPECT_EQ(json["sessions"], nlohmann::json({"lint", "tests", "cov"}));
  const auto& ordered = json["pairs"][2];
  EXPECT_EQ(ordered["first"], "tests");
  EXPECT_EQ(ordered["second"], "cov");
  EXPECT_EQ(ordered["verdict"], "ordered");
  EXPECT_EQ(ordered["evidence"][0]["path"], ".coverage.*");  // the pattern, not one run's name
  EXPECT_EQ(ordered["evidence"][0]["kind"], "write-write");
  EXPECT_EQ(json["pairs"][0]["verdict"], "parallel-safe");
}

TEST(AuditTest, TextAndMarkdownSayWhy) {
  AuditResult audit = Example();
  std::string text = RenderAuditText(audit);
  EXPECT_NE(text.find("ordered: tests before cov\n      .coverage.* (write-write)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("parallel-safe: lint / tests"), std::string::npos);
  EXPECT_EQ(Rationale(audit, 0),
            "lint: success; reads 1 and changes 0 project paths; parallel-safe with every "
            "other session");
  EXPECT_EQ(Rationale(audit, 2), "cov: success; reads 1 and changes 1 project paths; after tests");
  std::string markdown = RenderAuditMarkdown(audit, "noxfile.py", "2022.11.21");
  EXPECT_NE(markdown.find("| `tests` | `cov` | ordered | `.coverage.* (write-write)` |"),
            std::string::npos)
      << markdown;
}

TEST(AuditTest, AnUntracedSessionIsUnknownNotSafe) {
  AuditResult audit = ClassifyPairs(
      {Traced("a", {}), SessionAudit{"b", Outcome::kFailed, {}, false, "it did not start"}}, {});
  EXPECT_FALSE(audit.pairs[0].known);
  EXPECT_NE(RenderAuditJson(audit).find("\"unknown\""), std::string::npos);
  EXPECT_TRUE(LearnedEdges(audit, Provenance{}).empty());
}

}  // namespace
