#include "options.h"

#include <gtest/gtest.h>

namespace {

/// ParseOptions on `args` (after the program name); nullopt on a usage error.
std::optional<Options> Parse(std::vector<std::string> args, int* exit_code) {
  args.insert(args.begin(), "parnox");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return ParseOptions(static_cast<int>(argv.size()), argv.data(), exit_code);
}

/// The stage --shard names, or the error.
std::string Stage(const std::string& text, bool from_file) {
  std::string error;
  std::optional<ShardChoice> choice = ParseShardChoice(text, from_file, &error);
  if (!choice) return "error: " + error;
  EXPECT_EQ(error, "");
  std::string stage = choice->index == 0 ? "final" : std::to_string(choice->index);
  return choice->count ? stage + " of " + std::to_string(*choice->count) : stage;
}

}  // namespace

TEST(ParseShardChoiceTest, ShardOfCount) {
  EXPECT_EQ(Stage("1/1", false), "1 of 1");
  EXPECT_EQ(Stage("1/4", false), "1 of 4");
  EXPECT_EQ(Stage("4/4", false), "4 of 4");
  EXPECT_EQ(Stage("final/4", false), "final of 4");
  EXPECT_EQ(Stage("12/256", false), "12 of 256");
}

TEST(ParseShardChoiceTest, BadShardOfCount) {
  for (const char* bad :
       {"3/2",   "0/2",      "-1/2", "final", "1",       "final/0", "1/0",
        "/2",    "1/",       "",     "/",     "a/2",     "1/b",     "1/2/3",
        " 1/2",  "1/2 ",     "+1/2", "1.0/2", "Final/2", "final/",  "99999999999/99999999999",
        "1/257", "final/300"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(Stage(bad, false),
              "error: --shard takes K/N (shard K of N, 1 <= K <= N <= 256) or final/N, not '" +
                  std::string(bad) + "'");
  }
}

TEST(ParseShardChoiceTest, StageOfAMatrixFile) {
  EXPECT_EQ(Stage("1", true), "1");
  EXPECT_EQ(Stage("17", true), "17");
  EXPECT_EQ(Stage("final", true), "final");
}

TEST(ParseShardChoiceTest, BadStageOfAMatrixFile) {
  // The file says how many shards there are: a count here would be a second opinion.
  for (const char* bad :
       {"1/2", "final/2", "0", "-1", "", "x", "final/", "1/", " 1", "1 ", "FINAL"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(Stage(bad, true),
              "error: --shard with --from-matrix takes a shard number (1, 2, "
              "...) or 'final', not '" +
                  std::string(bad) + "'");
  }
}

TEST(ParseOptionsTest, MatrixCommand) {
  int exit_code = 0;
  auto options = Parse({"matrix", "--shards", "4", "--format", "github", "--job-overhead", "1m",
                        "-s", "lint", "tests", "--no-color"},
                       &exit_code);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->command, Command::kMatrix);
  EXPECT_EQ(options->shards, 4);
  EXPECT_EQ(options->format, MatrixFormat::kGithub);
  EXPECT_EQ(options->job_overhead, std::chrono::minutes(1));
  EXPECT_EQ(options->selection, (std::vector<std::string>{"--sessions", "lint", "tests"}));
  EXPECT_EQ(options->nox_options, std::vector<std::string>{"--no-color"});
}

TEST(ParseOptionsTest, MatrixDefaults) {
  int exit_code = 0;
  auto options = Parse({"matrix"}, &exit_code);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->command, Command::kMatrix);
  EXPECT_EQ(options->shards, std::nullopt);  // auto
  EXPECT_EQ(options->format, MatrixFormat::kJson);
  EXPECT_EQ(options->job_overhead, std::chrono::seconds(30));
}

TEST(ParseOptionsTest, MatrixFormatMustBeKnown) {
  int exit_code = 0;
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  EXPECT_FALSE(Parse({"matrix", "--format", "yaml"}, &exit_code));
  std::string said =
      testing::internal::GetCapturedStderr() + testing::internal::GetCapturedStdout();
  EXPECT_EQ(exit_code, 2);
  EXPECT_NE(said.find("--format"), std::string::npos) << said;
}

TEST(ParseOptionsTest, RunShardFromMatrix) {
  int exit_code = 0;
  auto options =
      Parse({"run", "--from-matrix", "-", "--shard", "final", "--job-overhead", "5s"}, &exit_code);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->command, Command::kRun);
  EXPECT_EQ(options->from_matrix, "-");
  ASSERT_TRUE(options->shard);
  EXPECT_EQ(options->shard->index, 0);  // final
  EXPECT_EQ(options->shard->count, std::nullopt);
  EXPECT_EQ(options->job_overhead, std::chrono::seconds(5));
  EXPECT_TRUE(options->selection.empty());

  options = Parse({"--shard", "2/3", "-s", "lint"}, &exit_code);  // run is the default command
  ASSERT_TRUE(options);
  EXPECT_EQ(options->command, Command::kRun);
  ASSERT_TRUE(options->shard);
  EXPECT_EQ(options->shard->index, 2);
  EXPECT_EQ(options->shard->count, 3);
  EXPECT_EQ(options->from_matrix, std::nullopt);
}

TEST(ParseOptionsTest, MergeDurations) {
  int exit_code = 0;
  auto options =
      Parse({"merge-durations", "a.json", "b/durations.json", "-f", "proj/noxfile.py"}, &exit_code);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->command, Command::kMergeDurations);
  EXPECT_EQ(options->duration_files, (std::vector<std::string>{"a.json", "b/durations.json"}));
  EXPECT_EQ(options->noxfile, "proj/noxfile.py");

  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  EXPECT_FALSE(Parse({"merge-durations"}, &exit_code));  // nothing to merge
  testing::internal::GetCapturedStderr();
  testing::internal::GetCapturedStdout();
  EXPECT_EQ(exit_code, 2);
}

namespace {

/// What ParseOptions says on stderr and stdout for `args`, which it must refuse with 2.
std::string Refusal(std::vector<std::string> args) {
  int exit_code = 0;
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  EXPECT_FALSE(Parse(args, &exit_code));
  std::string said =
      testing::internal::GetCapturedStderr() + testing::internal::GetCapturedStdout();
  EXPECT_EQ(exit_code, 2) << said;
  return said;
}

}  // namespace

TEST(ParseOptionsTest, RunValuesAreTyped) {
  int exit_code = 0;
  auto options = Parse({"-j", "3", "--output", "stream", "--heartbeat", "1m30s", "--no-trace",
                        "--report", "r.json", "-x"},
                       &exit_code);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->jobs_flag, 3);
  EXPECT_EQ(options->output, OutputMode::kStream);
  EXPECT_EQ(options->heartbeat, std::chrono::seconds(90));
  EXPECT_FALSE(options->trace);
  EXPECT_EQ(options->reports.report, "r.json");
  EXPECT_TRUE(options->stop_on_first_error);
  options = Parse({"run", "-j", "auto"}, &exit_code);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->jobs_flag, 0);
  EXPECT_EQ(options->output, OutputMode::kAuto);
}

TEST(ParseOptionsTest, EveryBadValueIsRefusedBeforeAnythingRuns) {
  EXPECT_NE(Refusal({"-j", "0"})
                .find("parnox: error: -j takes a number of at least 1 or 'auto', "
                      "not '0'"),
            std::string::npos);
  EXPECT_NE(Refusal({"-j", "two"}).find("not 'two'"), std::string::npos);
  EXPECT_NE(Refusal({"--output", "fancy"})
                .find("parnox: error: --output takes board, blocks, stream, quiet or auto"),
            std::string::npos);
  EXPECT_NE(Refusal({"--heartbeat", "soon"}).find("--heartbeat takes a duration"),
            std::string::npos);
  EXPECT_NE(Refusal({"matrix", "--shards", "300"}).find("--shards takes a number from 1 to 256"),
            std::string::npos);
  EXPECT_NE(Refusal({"matrix", "--job-overhead", "30"}).find("--job-overhead takes a duration"),
            std::string::npos);
  EXPECT_NE(Refusal({"--shard", "3/2"}).find("--shard takes K/N"), std::string::npos);
  EXPECT_NE(Refusal({"--from-matrix", "plan.json"}).find("--from-matrix needs --shard"),
            std::string::npos);
  EXPECT_NE(Refusal({"--from-matrix", "plan.json", "--shard", "1", "-s", "lint"})
                .find("--from-matrix takes its sessions from the plan"),
            std::string::npos);
}

TEST(SettleJobsTest, FlagThenConfigurationThenUsableCpus) {
  EXPECT_EQ(SettleJobs(3, 5, 8), 3);
  EXPECT_EQ(SettleJobs(0, 5, 8), 8);  // -j auto beats the configuration
  EXPECT_EQ(SettleJobs(std::nullopt, 5, 8), 5);
  EXPECT_EQ(SettleJobs(std::nullopt, 0, 8), 8);  // jobs = "auto"
  EXPECT_EQ(SettleJobs(std::nullopt, std::nullopt, 2), 2);
  EXPECT_EQ(ParseCount("auto", 4), 0);
  EXPECT_EQ(ParseCount("4", 4), 4);
  EXPECT_EQ(ParseCount("5", 4), std::nullopt);
  EXPECT_EQ(ParseCount("", 4), std::nullopt);
}
