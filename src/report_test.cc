#include "report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_run.h"

namespace {

nlohmann::json SessionNamed(const nlohmann::json& report, const std::string& name) {
  for (const auto& s : report["sessions"])
    if (s["signatures"][0] == name) return s;
  ADD_FAILURE() << "no session " << name;
  return {};
}

TEST(ReportTest, NoxsShapeWithParnoxsTimesAdded) {
  FakeRun f;
  int lint = f.Add("lint", Outcome::kSuccess, 0, 1.5, 0);
  int tests = f.Add("tests(kind='unit')", Outcome::kFailed, 0, 4, 1, "E assert\n",
                    "nox exited with status 1");
  f.Add("coverage", Outcome::kAborted, 0, 0, -1, "",
        "Prerequisite session tests(kind='unit') was not successful");
  f.Edge(tests, 2);
  f.Finish(2, 4);
  f.run.results[tests].nox =
      NoxEntry{"tests", {"tests(kind='unit')"}, "failed", 0, R"({"kind": "unit"})"};
  nlohmann::json report = nlohmann::json::parse(RenderReport(f.project, f.run));

  EXPECT_EQ(report["result"], 0);
  ASSERT_EQ(report["sessions"].size(), 3u);
  nlohmann::json t = SessionNamed(report, "tests(kind='unit')");
  EXPECT_EQ(t["name"], "tests");
  EXPECT_EQ(t["result"], "failed");
  EXPECT_EQ(t["result_code"], 0);
  EXPECT_EQ(t["args"], nlohmann::json({{"kind", "unit"}}));
  EXPECT_EQ(t["worker"], 1);
  EXPECT_NEAR(t["duration"].get<double>(), 4, 1e-6);
  EXPECT_TRUE(t["log"].get<std::string>().ends_with(".log"));
  // Without nox's entry, parnox's verdict in nox's words and codes.
  nlohmann::json c = SessionNamed(report, "coverage");
  EXPECT_EQ(c["result"], "aborted");
  EXPECT_EQ(c["result_code"], -1);
  EXPECT_EQ(c["reason"], "Prerequisite session tests(kind='unit') was not successful");
  EXPECT_FALSE(c.contains("start"));
  EXPECT_EQ(SessionNamed(report, "lint")["result_code"], 1);
  EXPECT_EQ(report["parnox"]["jobs"], 2);
  EXPECT_NEAR(report["parnox"]["wall_seconds"].get<double>(), 4, 1e-6);
  (void)lint;
}

TEST(ReportTest, ATimeoutIsAFailureEvenWhereNoxSaidOtherwise) {
  FakeRun f;
  int slow = f.Add("slow", Outcome::kTimedOut, 0, 9, 0, "", "timed out after 9s");
  f.Finish(1, 9);
  f.run.results[slow].nox = NoxEntry{"slow", {"slow"}, "success", 1, "{}"};
  nlohmann::json s = nlohmann::json::parse(RenderReport(f.project, f.run))["sessions"][0];
  EXPECT_EQ(s["result"], "failed");
  EXPECT_EQ(s["result_code"], 0);
  EXPECT_EQ(s["parnox_result"], "timed out");
}

TEST(ReportTest, ANotifiedSessionNamesItsNotifier) {
  FakeRun f;
  int tests = f.Add("tests", Outcome::kSuccess, 0, 2, 0);
  f.Notified("docs", tests, Outcome::kSuccess);
  f.Finish(1, 2);
  nlohmann::json report = nlohmann::json::parse(RenderReport(f.project, f.run));
  EXPECT_EQ(SessionNamed(report, "docs")["notified_by"], "tests");
  EXPECT_EQ(report["result"], 1);
}

TEST(ReportTest, BytesThatAreNotUtf8StillMakeAReport) {
  FakeRun f;
  f.Add("odd", Outcome::kFailed, 0, 1, 0, "", std::string("bad \xff byte"));
  f.Finish(1, 1);
  nlohmann::json report = nlohmann::json::parse(RenderReport(f.project, f.run));
  EXPECT_NE(report["sessions"][0]["reason"].get<std::string>().find("bad"), std::string::npos);
}

}  // namespace
