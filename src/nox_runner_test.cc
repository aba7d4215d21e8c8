#include "nox_runner.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "discovery.h"
#include "disk.h"

namespace fs = std::filesystem;

namespace {

/// A noxfile whose sessions the tests run with Debian's real nox: `env` prints what parnox
/// gives a session, `slow` sleeps, `fails` fails, `host` notifies `notified`.
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
    nox_ = NoxCommand{{"/usr/bin/python3", "-m", "nox"}, {"/usr/bin/python3"}, "test"};
    auto found = Discover(nox_, {"--noxfile", root_ + "/noxfile.py", "-s", "env", "slow", "fails",
                                 "host", "notified"});
    ASSERT_TRUE(std::holds_alternative<Project>(found));
    project_ = std::get<Project>(found);
    std::vector<std::string> errors;
    ASSERT_TRUE(BuildGraph(project_, Config{}, project_.queue, &graph_, &errors));
    state_ = std::make_unique<StateDir>(project_.root, disk_);
    std::string error;
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
  Project project_;
  Graph graph_;
  RealDisk disk_;
  Environment env_ = Environment({"PATH=/usr/bin:/bin", "PARNOX_CPUS=99", "LANG=C.UTF-8"});
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
  std::vector<std::string> expected = {
      "/usr/bin/python3", "-m",  "nox", "--noxfile",  project_.noxfile,
      "--sessions",       "env", "-r",  "--no-color", "--report",
      "/r.json",          "--",  "-k",  "fast"};
  // The user chose the colour: no --nocolor of parnox's.
  EXPECT_EQ(NoxRunner(project_, graph_, settings, status_).CommandFor(env, "/r.json"), expected);
  settings.nox_options.clear();
  settings.color = true;
  std::vector<std::string> argv =
      NoxRunner(project_, graph_, settings, status_).CommandFor(env, "/r.json");
  EXPECT_NE(std::find(argv.begin(), argv.end(), "--forcecolor"), argv.end());
}

}  // namespace
