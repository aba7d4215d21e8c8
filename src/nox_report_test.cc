#include "nox_report.h"

#include <gtest/gtest.h>

namespace {

Session Tests() {
  Session s;
  s.signature = "tests(kind='unit')";
  s.name = "tests";
  s.signatures = {"tests(kind='unit')", "tests-3.11(kind='unit')"};
  return s;
}

TEST(NoxReportTest, TheOwnEntryDecidesAndNotifiedOnesComeBackBySignature) {
  const char* json = R"json({"result": 0, "sessions": [
    {"name": "tests", "signatures": ["tests(kind='unit')"], "result": "failed",
     "result_code": 0, "args": {"kind": "unit"}},
    {"name": "coverage", "signatures": ["coverage"], "result": "success", "result_code": 1,
     "args": {}}]})json";
  SessionResult result;
  result.exit_code = 1;
  result.worker = 0;
  result.log_path = "/p/.parnox/logs/tests.log";
  auto others = ApplyNoxReport(ParseNoxReport(json, Tests()), &result);
  EXPECT_EQ(result.outcome, Outcome::kFailed);
  ASSERT_TRUE(result.nox);
  EXPECT_EQ(result.nox->args_json, R"({"kind":"unit"})");
  ASSERT_EQ(others.size(), 1u);
  EXPECT_EQ(others[0].first, "coverage");
  EXPECT_EQ(others[0].second.outcome, Outcome::kSuccess);
  // A notified session ran in the same process: same log and worker.
  EXPECT_EQ(others[0].second.log_path, result.log_path);
  EXPECT_EQ(others[0].second.worker, 0);
}

TEST(NoxReportTest, WithoutAReadableReportTheExitStatusDecides) {
  for (const char* json : {"", "{", "[]", R"({"sessions": 3})", R"({"sessions": [1, "x"]})"}) {
    SessionResult failed;
    failed.exit_code = 2;
    EXPECT_TRUE(ApplyNoxReport(ParseNoxReport(json, Tests()), &failed).empty()) << json;
    EXPECT_EQ(failed.outcome, Outcome::kFailed) << json;
    EXPECT_EQ(failed.reason, "nox exited with status 2");
    EXPECT_FALSE(failed.nox);
    SessionResult passed;
    ApplyNoxReport(ParseNoxReport(json, Tests()), &passed);
    EXPECT_EQ(passed.outcome, Outcome::kSuccess) << json;
  }
}

TEST(NoxReportTest, NoxsOwnWordsAndReasonsAreKept) {
  const char* json = R"({"sessions": [{"name": "tests", "signatures": [],
    "result": "skipped", "result_code": 2, "reason": "no interpreter"}]})";
  SessionResult result;
  ApplyNoxReport(ParseNoxReport(json, Tests()), &result);
  EXPECT_EQ(result.outcome, Outcome::kSkipped);  // matched by name, no signatures given
  EXPECT_EQ(result.reason, "no interpreter");
  EXPECT_EQ(OutcomeFromNox("aborted"), Outcome::kAborted);
  EXPECT_EQ(OutcomeFromNox("something new"), Outcome::kFailed);
}

}  // namespace
