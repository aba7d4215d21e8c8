#include "step_summary.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "fake_run.h"

namespace {

TEST(StepSummaryTest, ATableTheNumbersAndEachFailuresLogTail) {
  FakeRun f;
  int unit = f.Add("tests(kind='unit')", Outcome::kFailed, 0, 6, 0,
                   "\x1B[31mE   assert 1 == 2\x1B[0m\n```\n1 failed\n", "");
  f.Add("lint", Outcome::kSuccess, 0, 1.5, 1, "clean\n");
  int cover = f.Add("a|b", Outcome::kAborted, 0, 0, -1, "",
                    "Prerequisite session tests(kind='unit') was not successful");
  f.Edge(unit, cover);
  f.Finish(2, 6);
  f.run.results[unit].exit_code = 1;
  std::string md = RenderStepSummary(f.project, f.run);

  EXPECT_TRUE(md.starts_with("### ❌ parnox: 2 of 3 sessions did not pass\n")) << md;
  EXPECT_NE(md.find("| Session | Result | Duration | Notes |\n| :-- | :-- | --: | :-- |\n"),
            std::string::npos);
  EXPECT_NE(md.find("| `tests(kind='unit')` | ❌ failed | 6.0s | nox exited with status 1 |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| `lint` | ✅ success | 1.5s |  |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| `a\\|b` | aborted | – | Prerequisite session tests(kind='unit') was not "
                    "successful |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(
      md.find("**Wall time 6.0s** on 2 workers · sequential nox at most 7.5s (2 of 2 sessions "
              "timed only beside others) · lower bound 6.0s · **up to 1.25x faster**"),
      std::string::npos)
      << md;
  // The log holds a ``` line, so the fence is longer; ANSI codes are gone.
  EXPECT_NE(md.find("<details><summary>❌ <code>tests(kind=&#39;unit&#39;)</code> failed: nox "
                    "exited with status 1</summary>\n\n````text\nE   assert 1 == 2\n```\n1 failed\n"
                    "````\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("Its whole log: `.parnox/logs/0.log`\n\n</details>"), std::string::npos);
  EXPECT_EQ(md.find("clean"), std::string::npos);  // passing logs stay out
}

TEST(StepSummaryTest, APassingRunHasNoDetails) {
  FakeRun f;
  f.Add("lint", Outcome::kSuccess, 0, 1, 0);
  std::string md = RenderStepSummary(f.project, f.Finish(1, 1));
  EXPECT_TRUE(md.starts_with("### ✅ parnox: 1 session passed\n")) << md;
  EXPECT_EQ(md.find("<details>"), std::string::npos);
}

TEST(StepSummaryTest, ManyFailuresStayFarBelowGitHubsLimit) {
  FakeRun f;
  std::string log;
  for (int i = 0; i < 20000; ++i) log += "noise line " + std::to_string(i) + "\n";
  for (int i = 0; i < 40; ++i) f.Add("s" + std::to_string(i), Outcome::kFailed, 0, 1, 0, log);
  std::string md = RenderStepSummary(f.project, f.Finish(1, 1));
  EXPECT_LT(md.size(), 300u * 1024);
  EXPECT_NE(md.find("20 more failures"), std::string::npos);
}

TEST(StepSummaryTest, AppendsAfterWhatOtherStepsWrote) {
  std::string path = testing::TempDir() + "/parnox-step-summary-" + std::to_string(::getpid());
  std::ofstream(path) << "earlier step\n";
  std::string error;
  ASSERT_TRUE(AppendStepSummary(path, "ours\n", &error)) << error;
  std::stringstream content;
  content << std::ifstream(path).rdbuf();
  EXPECT_EQ(content.str(), "earlier step\nours\n");
  (void)std::remove(path.c_str());
  EXPECT_FALSE(AppendStepSummary("/nonexistent/dir/summary.md", "x", &error));
  EXPECT_NE(error.find("/nonexistent/dir/summary.md"), std::string::npos);
}

}  // namespace
