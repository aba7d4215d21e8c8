#include "nox_runner.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "discovery.h"
#include "disk.h"
#include "nox_helper_file.h"

namespace fs = std::filesystem;

namespace {

/// A noxfile whose sessions the tests run with Debian's real nox: `env` prints what parnox
/// gives a session, `slow` sleeps, `fails` fails, `host` notifies `notified`; on a nox with
/// requires=, `dependent` requires `build` and notifies `notified`.
constexpr const char* kNoxfile = R"(import os, time
import nox

@nox.session(venv_backend="none")
def env(session):
    for name in ("PARNOX_JOBS", "PARNOX_CPUS", "PARNOX_SESSION", "PYTEST_XDIST_AUTO_NUM_WORKERS"):
        print(f"{name}={os.environ.get(name)}")
    print("bytes \xe9\x01 kept")

@nox.session(venv_backend="none")
def slow(session):
    time.sleep(30)

@nox.session(venv_backend="none")
def fails(session):
    raise RuntimeError("on purpose")

@nox.session(venv_backend="none")
def host(session):
    session.notify("notified")

@nox.session(venv_backend="none")
def notified(session):
    print("notified ran")

if "requires" in __import__("inspect").signature(nox.session).parameters:
    @nox.session(venv_backend="none")
    def build(session):
        print("build ran")

    @nox.session(venv_backend="none", requires=["build"])
    def dependent(session):
        print("dependent ran")
        session.notify("notified")
)";

class NullStatus : public Status {
 public:
  void SessionStarted(int) override {}
  void SessionOutput(int, std::string_view bytes) override { output += bytes; }
  void SessionFinished(int, const SessionResult&) override {}
  void RunFinished(const RunRecord&) override {}
  std::string output;
};

class NoxRunnerTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/parnox-runner-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root_ = pattern;
    std::ofstream(root_ + "/noxfile.py") << kNoxfile;
    std::string error;
    helper_ = NoxHelperFile::Write(&error);
    ASSERT_TRUE(helper_) << error;
    nox_ = NoxCommand{{"/usr/bin/python3", "-m", "nox"}, "test", helper_->path()};
    auto found = Discover(nox_, {"--noxfile", root_ + "/noxfile.py"});  // every session
    ASSERT_TRUE(std::holds_alternative<Project>(found));
    project_ = std::get<Project>(found);
    std::vector<std::string> errors;
    ASSERT_TRUE(BuildGraph(project_, Config{}, project_.queue, &graph_, &errors));
    state_ = std::make_unique<StateDir>(project_.root, disk_);
    ASSERT_TRUE(state_->Prepare(StateDir::kLogs, &error)) << error;
  }
  void TearDown() override { fs::remove_all(root_); }

  NoxRunSettings Settings() {
    NoxRunSettings settings{nox_, {}, std::nullopt, state_.get(), 3, false, &env_};
    settings.grace = std::chrono::milliseconds(500);
    return settings;
  }
  /// Waits until `node` ends (at most a minute).
  Completion WaitFor(NoxRunner& runner, int node) {
    for (auto deadline = Clock::now() + std::chrono::minutes(1); Clock::now() < deadline;) {
      int signal = 0;
      for (Completion& c : runner.Wait(&signal, std::chrono::milliseconds(-1)).done)
        if (c.node == node) return c;
    }
    ADD_FAILURE() << "session did not end";
    return {};
  }
  static std::string ReadText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string root_;
  NoxCommand nox_;
  std::optional<NoxHelperFile> helper_;
  Project project_;
  Graph graph_;
  RealDisk disk_;
  /// What the sessions inherit; a PYTHONPATH that chose the nox under test goes on to them.
  Environment env_ = Environment(
      std::getenv("PYTHONPATH")
          ? std::vector<std::string>{"PATH=/usr/bin:/bin", "PARNOX_CPUS=99", "LANG=C.UTF-8",
                                     std::string("PYTHONPATH=") + std::getenv("PYTHONPATH")}
          : std::vector<std::string>{"PATH=/usr/bin:/bin", "PARNOX_CPUS=99", "LANG=C.UTF-8"});
  std::unique_ptr<StateDir> state_;
  NullStatus status_;
};

TEST_F(NoxRunnerTest, ASessionGetsItsShareOfTheMachineAndItsOutputIsLoggedByteForByte) {
  NoxRunner runner(project_, graph_, Settings(), status_);
  int env = graph_.Find("env");
  runner.Start(env, 1, 2);
  Completion done = WaitFor(runner, env);
  EXPECT_EQ(done.result.outcome, Outcome::kSuccess);
  ASSERT_TRUE(done.result.nox);
  EXPECT_EQ(done.result.nox->result, "success");
  EXPECT_EQ(done.result.worker, 1);
  std::string log = ReadText(done.result.log_path);
  EXPECT_EQ(log, status_.output);
  EXPECT_NE(log.find("PARNOX_JOBS=3\n"), std::string::npos) << log;
  EXPECT_NE(log.find("PARNOX_CPUS=2\n"), std::string::npos) << log;  // not the inherited 99
  EXPECT_NE(log.find("PARNOX_SESSION=env\n"), std::string::npos) << log;
  EXPECT_NE(log.find("PYTEST_XDIST_AUTO_NUM_WORKERS=2\n"), std::string::npos) << log;
  EXPECT_NE(log.find("bytes \xc3\xa9\x01 kept"), std::string::npos) << log;
  // nox's report for the session is read, then removed.
  EXPECT_FALSE(fs::exists(root_ + "/.parnox/logs/env.report.json"));
}

TEST_F(NoxRunnerTest, AFailureComesFromNoxsReport) {
  NoxRunner runner(project_, graph_, Settings(), status_);
  int fails = graph_.Find("fails");
  runner.Start(fails, 0, 1);
  Completion done = WaitFor(runner, fails);
  EXPECT_EQ(done.result.outcome, Outcome::kFailed);
  EXPECT_NE(done.result.exit_code, 0);
  EXPECT_NE(ReadText(done.result.log_path).find("on purpose"), std::string::npos);
}

TEST_F(NoxRunnerTest, ATimeoutEndsTheSessionAloneAndStopEndsOne) {
  int slow = graph_.Find("slow");
  graph_.nodes[slow].timeout = std::chrono::milliseconds(1500);
  {
    NoxRunner runner(project_, graph_, Settings(), status_);  // one process set at a time
    runner.Start(slow, 0, 1);
    Completion timed_out = WaitFor(runner, slow);
    EXPECT_EQ(timed_out.result.outcome, Outcome::kTimedOut);
    EXPECT_NE(timed_out.result.reason.find("timed out after 1.5s"), std::string::npos);
    EXPECT_LT(timed_out.result.seconds(), 10);
  }
  graph_.nodes[slow].timeout.reset();
  NoxRunner again(project_, graph_, Settings(), status_);
  again.Start(slow, 0, 1);
  again.Stop(slow);
  Completion stopped = WaitFor(again, slow);
  EXPECT_EQ(stopped.result.outcome, Outcome::kInterrupted);
}

TEST_F(NoxRunnerTest, ANotifiedSessionOfThisRunIsNotRunInsideItsNotifier) {
  // parnox runs `notified` itself (it is a node of the graph), so host's nox must not.
  NoxRunner runner(project_, graph_, Settings(), status_);
  int host = graph_.Find("host");
  runner.Start(host, 0, 1);
  Completion done = WaitFor(runner, host);
  EXPECT_EQ(done.result.outcome, Outcome::kSuccess);
  EXPECT_TRUE(done.also_ran.empty());
  EXPECT_EQ(ReadText(done.result.log_path).find("notified ran"), std::string::npos);
}

TEST_F(NoxRunnerTest, TheCommandPassesTheUsersOptionsColourAndPosargs) {
  NoxRunSettings settings = Settings();
  settings.nox_options = {"-r", "--no-color"};
  settings.posargs = std::vector<std::string>{"-k", "fast"};
  const Session& env = *graph_.nodes[graph_.Find("env")].session;
  std::vector<std::string> expected = {"/usr/bin/python3", "-m",         "nox", "--noxfile",
                                       project_.noxfile,   "--sessions", "env"};
  expected.insert(expected.end(), {"-r", "--no-color"});
  // One session in its nox, run there, whatever nox.options.parallel says.
  if (project_.nox_has_parallel) expected.insert(expected.end(), {"--parallel", "1"});
  // The user chose the colour: no --nocolor of parnox's.
  expected.insert(expected.end(), {"--report", "/r.json", "--", "-k", "fast"});
  EXPECT_EQ(NoxRunner(project_, graph_, settings, status_).LaunchFor(env, "/r.json", 1).argv,
            expected);
  settings.nox_options.clear();
  settings.color = true;
  std::vector<std::string> argv =
      NoxRunner(project_, graph_, settings, status_).LaunchFor(env, "/r.json", 1).argv;
  EXPECT_NE(std::find(argv.begin(), argv.end(), "--forcecolor"), argv.end());
}

TEST_F(NoxRunnerTest, ANotifierStartsThroughAnyNoxCommand) {
  // A wrapper script, as --nox may name: parnox cannot see the Python inside it, so the
  // notifier's nox must start through the command itself.
  std::string wrapper = root_ + "/nox-wrapper";
  std::ofstream(wrapper) << "#!/bin/sh\nexec /usr/bin/python3 -m nox \"$@\"\n";
  fs::permissions(wrapper, fs::perms::owner_all);
  NoxRunSettings settings = Settings();
  settings.nox.argv = {wrapper};
  NoxRunner runner(project_, graph_, settings, status_);
  int host = graph_.Find("host");
  EXPECT_EQ(runner.LaunchFor(*graph_.nodes[host].session, "/r.json", 1).argv[0], wrapper);
  runner.Start(host, 0, 1);
  Completion done = WaitFor(runner, host);
  EXPECT_EQ(done.result.outcome, Outcome::kSuccess) << ReadText(done.result.log_path);
  EXPECT_NE(ReadText(done.result.log_path).find("Running session host"), std::string::npos);
  EXPECT_EQ(ReadText(done.result.log_path).find("notified ran"), std::string::npos);
}

TEST_F(NoxRunnerTest, APrerequisiteRunsOnceThoughItsDependentNotifies) {
  if (!project_.nox_has_requires)
    GTEST_SKIP() << "nox " << project_.nox_version
                 << " has no requires=; newer-nox.NoxRunnerTest.* runs this on a newer nox";
  // parnox runs `build` as a session of its own; nox 2026 refuses a notify under
  // --no-dependencies, so the helper is what keeps `dependent`'s nox from running it again.
  NoxRunner runner(project_, graph_, Settings(), status_);
  int dependent = graph_.Find("dependent");
  runner.Start(dependent, 0, 1);
  Completion done = WaitFor(runner, dependent);
  std::string log = ReadText(done.result.log_path);
  EXPECT_EQ(done.result.outcome, Outcome::kSuccess) << log;
  EXPECT_NE(log.find("dependent ran"), std::string::npos) << log;
  EXPECT_EQ(log.find("build ran"), std::string::npos) << log;
  EXPECT_EQ(log.find("notified ran"), std::string::npos) << log;
}

TEST_F(NoxRunnerTest, NoxsOwnParallelRunnerStaysOut) {
  if (!project_.nox_has_parallel)
    GTEST_SKIP() << "nox " << project_.nox_version
                 << " has no --parallel; newer-nox.NoxRunnerTest.* runs this on a newer nox";
  // $NOX_PARALLEL would make the session's nox hand its one session to a child of its own,
  // its output held back until the end.
  std::vector<std::string> entries = env_.entries();
  entries.push_back("NOX_PARALLEL=2");
  Environment env(entries);
  NoxRunSettings settings = Settings();
  settings.env = &env;
  settings.nox_options = {"--allow-parallel"};
  NoxRunner runner(project_, graph_, settings, status_);
  int node = graph_.Find("env");
  runner.Start(node, 0, 1);
  Completion done = WaitFor(runner, node);
  std::string log = ReadText(done.result.log_path);
  EXPECT_EQ(done.result.outcome, Outcome::kSuccess) << log;
  EXPECT_EQ(log.find("--parallel"), std::string::npos) << log;
}

}  // namespace
