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
  // nox's own name for -j means the same here: how many sessions at once. It is parnox's,
  // not passed on, since each session's nox runs its one session itself.
  options = Parse({"--parallel", "4"}, &exit_code);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->jobs_flag, 4);
  EXPECT_TRUE(options->nox_options.empty());
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

namespace {

/// The nox options `args` hands on to nox (in order), or "refused: MESSAGE".
std::string PassedOn(std::vector<std::string> args) {
  int exit_code = 0;
  testing::internal::CaptureStderr();
  std::optional<Options> options = Parse(args, &exit_code);
  std::string said = testing::internal::GetCapturedStderr();
  if (!options) return "refused: " + said;
  std::string passed;
  for (const std::string& arg : options->nox_options) passed += (passed.empty() ? "" : " ") + arg;
  return passed;
}

/// The one line ParseOptions says for `args`, which it must refuse with 2.
std::string OneLineRefusal(std::vector<std::string> args) {
  std::string said = Refusal(args);
  EXPECT_EQ(said.find('\n'), said.size() - 1) << "not one line: " << said;
  EXPECT_EQ(said.rfind("parnox: error: ", 0), 0u) << said;
  return said.substr(0, said.size() - 1);
}

}  // namespace

TEST(ParseOptionsTest, AMisspeltCommandIsNamedWithTheClosest) {
  EXPECT_EQ(OneLineRefusal({"lsit"}),
            "parnox: error: unknown command 'lsit'; did you mean 'list'? (a session is chosen "
            "with -s: parnox -s lsit)");
  EXPECT_EQ(OneLineRefusal({"audti"}),
            "parnox: error: unknown command 'audti'; did you mean 'audit'? (a session is chosen "
            "with -s: parnox -s audti)");
  EXPECT_NE(OneLineRefusal({"-j2", "matrx"}).find("did you mean 'matrix'?"), std::string::npos);
  // Nothing close: the commands there are.
  EXPECT_EQ(OneLineRefusal({"tests"}),
            "parnox: error: unknown command 'tests' (the commands are run, list, audit, matrix, "
            "merge-durations and completion; a session is chosen with -s: parnox -s tests)");
  // After a command, a word is no command either.
  EXPECT_EQ(OneLineRefusal({"list", "lint"}),
            "parnox: error: unexpected argument 'lint' (a session is chosen with -s: parnox "
            "list -s lint)");
}

TEST(ParseOptionsTest, AMisspeltFlagIsNamedWithTheClosest) {
  EXPECT_EQ(OneLineRefusal({"-j2", "--jobz", "2"}),
            "parnox: error: unknown option '--jobz'; did you mean '--jobs'?");
  EXPECT_EQ(OneLineRefusal({"--no-tarce"}),
            "parnox: error: unknown option '--no-tarce'; did you mean '--no-trace'?");
  EXPECT_EQ(OneLineRefusal({"--out", "stream"}),
            "parnox: error: unknown option '--out'; did you mean '--output'?");
  EXPECT_EQ(OneLineRefusal({"matrix", "--shadrs", "4"}),
            "parnox: error: unknown option '--shadrs'; did you mean '--shards'?");
  EXPECT_EQ(OneLineRefusal({"list", "--jsno"}),
            "parnox: error: unknown option '--jsno'; did you mean '--json'?");
  // A nox option misspelt is named as well.
  EXPECT_EQ(OneLineRefusal({"--no-vnev"}),
            "parnox: error: unknown option '--no-vnev'; did you mean '--no-venv'?");
  EXPECT_EQ(OneLineRefusal({"--envdri=x"}),
            "parnox: error: unknown option '--envdri'; did you mean '--envdir'?");
  // Nothing close: no guess.
  EXPECT_EQ(OneLineRefusal({"--frobnicate"}),
            "parnox: error: unknown option '--frobnicate': neither parnox nor nox takes it "
            "(parnox --help, nox --help)");
  EXPECT_EQ(OneLineRefusal({"merge-durations", "a.json", "--no-venv"}),
            "parnox: error: unknown option '--no-venv': parnox merge-durations takes only "
            "-f/--noxfile (parnox merge-durations --help)");
}

TEST(ParseOptionsTest, AnOptionOfAnotherCommandSaysWhose) {
  EXPECT_EQ(OneLineRefusal({"--json"}),
            "parnox: error: --json is an option of parnox list and parnox audit, not of "
            "parnox run");
  EXPECT_EQ(OneLineRefusal({"list", "-j", "4"}),
            "parnox: error: -j is an option of parnox run and parnox audit, not of parnox list");
  EXPECT_EQ(OneLineRefusal({"matrix", "--output", "stream"}),
            "parnox: error: --output is an option of parnox run and parnox audit, not of "
            "parnox matrix");
  EXPECT_EQ(OneLineRefusal({"--json", "list"}),
            "parnox: error: --json goes after the command: parnox list --json");
  // Taken before the command, by the top level's (run's) options, yet not the command's.
  EXPECT_EQ(OneLineRefusal({"--report", "r.json", "list"}),
            "parnox: error: --report is an option of parnox run, not of parnox list");
}

TEST(ParseOptionsTest, SelectionBeforeTheCommandCounts) {
  int exit_code = 0;
  auto options = Parse({"-s", "lint", "--nox", "nox", "list", "-t", "style"}, &exit_code);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->command, Command::kList);
  EXPECT_EQ(options->nox, "nox");
  EXPECT_EQ(options->selection,
            (std::vector<std::string>{"--sessions", "lint", "--tags", "style"}));
}

TEST(ParseOptionsTest, NoxOptionsPassOnAsTyped) {
  // Every form nox itself takes, in every nox release from 2022.11 on.
  EXPECT_EQ(PassedOn({"-r"}), "-r");
  EXPECT_EQ(PassedOn({"-R", "-v", "-N", "--no-venv"}), "-R -v -N --no-venv");
  EXPECT_EQ(PassedOn({"--reuse-existing-virtualenvs", "--non-interactive", "--nocolor"}),
            "--reuse-existing-virtualenvs --non-interactive --nocolor");
  EXPECT_EQ(PassedOn({"--envdir", "/tmp/e", "--report-x"}).rfind("refused", 0), 0u);
  EXPECT_EQ(PassedOn({"--envdir", "/tmp/e", "--error-on-missing-interpreters"}),
            "--envdir /tmp/e --error-on-missing-interpreters");
  EXPECT_EQ(PassedOn({"--envdir=/tmp/e"}), "--envdir=/tmp/e");
  EXPECT_EQ(PassedOn({"-db", "venv", "--install-only"}), "-db venv --install-only");
  EXPECT_EQ(PassedOn({"--extra-pythons", "3.11", "3.12", "--no-install"}),
            "--extra-pythons 3.11 3.12 --no-install");
  EXPECT_EQ(PassedOn({"-P", "3.11", "--force-color"}), "-P 3.11 --force-color");
  EXPECT_EQ(PassedOn({"--session", "lint"}), "--session lint");
  EXPECT_EQ(PassedOn({"--reuse-venv", "yes", "--download-python", "never"}),
            "--reuse-venv yes --download-python never");
  EXPECT_EQ(PassedOn({"-rv"}), "-rv");
  EXPECT_EQ(PassedOn({"--no-inst"}), "--no-inst");  // nox takes an unambiguous prefix
  // Before a command, after it, and around it.
  EXPECT_EQ(PassedOn({"-r", "list", "--no-venv"}), "-r --no-venv");
  EXPECT_EQ(PassedOn({"audit", "--envdir", "e", "-j", "2"}), "--envdir e");
  EXPECT_EQ(PassedOn({"matrix", "-db", "venv", "--shards", "2"}), "-db venv");
}

TEST(ParseOptionsTest, NoxShortOptionsOfTwoLettersReachNox) {
  // -fb and -ts are nox's, not parnox's -f b and -t s.
  int exit_code = 0;
  auto options = Parse({"-fb", "venv", "-ts", "-s", "lint"}, &exit_code);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->noxfile, std::nullopt);
  EXPECT_EQ(options->selection, (std::vector<std::string>{"--sessions", "lint"}));
  EXPECT_EQ(options->nox_options,
            (std::vector<std::string>{"--force-venv-backend", "venv", "--add-timestamp"}));
}

TEST(ParseOptionsTest, PosargsAreNeverChecked) {
  int exit_code = 0;
  auto options = Parse({"-j2", "--", "--some-nox-flag", "lsit", "-x"}, &exit_code);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->jobs_flag, 2);
  EXPECT_TRUE(options->nox_options.empty());
  EXPECT_EQ(options->posargs, (std::vector<std::string>{"--some-nox-flag", "lsit", "-x"}));
}

TEST(ParseOptionsTest, CommandLineParserErrorsSayParnoxError) {
  EXPECT_EQ(OneLineRefusal({"--report"}), "parnox: error: --report needs a value (FILE)");
  EXPECT_EQ(OneLineRefusal({"merge-durations"}),
            "parnox: error: merge-durations needs the durations files to fold in: parnox "
            "merge-durations FILE...");
  EXPECT_EQ(OneLineRefusal({"matrix", "--runner-cpus", "0"}),
            "parnox: error: --runner-cpus takes a number from 1 to 4096, not '0'");
}

namespace {

/// What `args` prints as help, on stdout, exiting 0.
std::string Help(std::vector<std::string> args) {
  int exit_code = -1;
  testing::internal::CaptureStdout();
  EXPECT_FALSE(Parse(args, &exit_code));
  std::string help = testing::internal::GetCapturedStdout();
  EXPECT_EQ(exit_code, 0);
  return help;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(ParseOptionsTest, HelpShowsEachCommandsOwnOptions) {
  std::string top = Help({"--help"});
  EXPECT_FALSE(Has(top, "{false}")) << top;
  EXPECT_FALSE(Has(top, "INT in")) << top;
  EXPECT_TRUE(Has(top, "  --no-trace  ")) << top;
  EXPECT_TRUE(Has(top, "--output board|blocks|stream|quiet")) << top;
  // The commands come first; the stage options under a heading of their own.
  EXPECT_LT(top.find("Commands:"), top.find("--jobs")) << top;
  EXPECT_LT(top.find("One stage of a CI matrix"), top.find("--job-overhead")) << top;
  EXPECT_LT(top.find("--jobs"), top.find("One stage of a CI matrix")) << top;
  EXPECT_FALSE(Has(top, "--shards")) << top;
  EXPECT_FALSE(Has(top, "--markdown")) << top;

  std::string matrix = Help({"matrix", "--help"});
  for (const char* own : {"--shards N|auto", "--format json|github|gitlab",
                          "--job-overhead DURATION", "--runner-cpus N", "-s,-e,--sessions"})
    EXPECT_TRUE(Has(matrix, own)) << own << "\n" << matrix;
  for (const char* other : {"--jobs", "--report", "--no-trace", "--output", "--shard "})
    EXPECT_FALSE(Has(matrix, other)) << other << "\n" << matrix;

  std::string list = Help({"list", "--help"});
  EXPECT_TRUE(Has(list, "--json")) << list;
  for (const char* other : {"--jobs", "--report", "--no-trace", "--output", "--heartbeat"})
    EXPECT_FALSE(Has(list, other)) << other << "\n" << list;

  std::string audit = Help({"audit", "--help"});
  for (const char* own : {"--markdown FILE", "--json", "--output"})
    EXPECT_TRUE(Has(audit, own)) << own << "\n" << audit;
  for (const char* other : {"--report", "--no-trace", "--heartbeat", "--shard"})
    EXPECT_FALSE(Has(audit, other)) << other << "\n" << audit;
}

TEST(ParseOptionsTest, CompletionTakesOneShell) {
  int exit_code = -1;
  std::optional<Options> options = Parse({"completion", "zsh"}, &exit_code);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->command, Command::kCompletion);
  EXPECT_EQ(options->shell, Shell::kZsh);
  EXPECT_TRUE(options->nox_options.empty());
  for (std::vector<std::string> bad :
       std::vector<std::vector<std::string>>{{"completion"},
                                             {"completion", "ksh"},
                                             {"completion", "bash", "zsh"},
                                             {"completion", "bash", "--no-venv"},
                                             {"-s", "lint", "completion", "bash"}}) {
    exit_code = -1;
    EXPECT_FALSE(Parse(bad, &exit_code)) << bad.back();
    EXPECT_EQ(exit_code, 2) << bad.back();
  }
}
