#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "trace_log.h"
#include "tracer.h"
#include "tracer_fixture.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace tracer_test;

// --- The tracer as its own process (TraceMain) ------------------------------------------

/// Starts `parnox __trace` in a child of its own process group, as the executor does.
pid_t StartTraceMain(const std::string& log, const std::vector<std::string>& command,
                     const std::string& out = "/dev/null") {
  fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    std::vector<std::string> args = {"parnox", "__trace", "--log", log, "--"};
    args.insert(args.end(), command.begin(), command.end());
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    _exit(TraceMain(static_cast<int>(args.size()), argv.data()));
  }
  setpgid(pid, pid);  // both sides, so it holds whoever runs first
  return pid;
}

int WaitStatus(pid_t pid) {
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  return status;
}

TEST_F(TracerTest, TraceMainEndsAsTheCommandEnded) {
  std::string log = meta_ + "/main.log";
  int status = WaitStatus(StartTraceMain(log, {Program("signals"), dir_, "exit", "7"}));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 7) << status;
  status = WaitStatus(StartTraceMain(log, {Program("signals"), dir_, "raise", "15"}));
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
  std::vector<Access> accesses;
  std::string error;
  ASSERT_TRUE(ReadTraceLog(log, &accesses, &error)) << error;
  ASSERT_FALSE(accesses.empty());
  EXPECT_EQ(accesses.back().kind, AccessKind::kExit);
  EXPECT_EQ(accesses.back().status, 143);
}

TEST_F(TracerTest, TraceMainUsageAndFailures) {
  std::vector<std::vector<std::string>> bad = {
      {"parnox", "__trace"},
      {"parnox", "__trace", "--log", "x"},
      {"parnox", "__trace", "--log", "x", "--"},
      {"parnox", "__trace", "--", "true"},
  };
  for (std::vector<std::string>& args : bad) {
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    testing::internal::CaptureStderr();
    EXPECT_EQ(TraceMain(static_cast<int>(args.size()), argv.data()), 2);
    EXPECT_NE(testing::internal::GetCapturedStderr().find("usage: parnox __trace"),
              std::string::npos);
  }
  int status = WaitStatus(StartTraceMain(meta_ + "/main.log", {At("missing")}));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 127) << status;
  status = WaitStatus(StartTraceMain(At("no/such/dir/log"), {"true"}));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << status;
}

TEST_F(TracerTest, SignalToTheTracerAloneReachesTheCommand) {
  pid_t tracer = StartTraceMain(meta_ + "/main.log", {Program("signals"), dir_, "die-term"});
  ASSERT_TRUE(WaitUntil([&] { return fs::exists(At("ready")); }, 10s));
  kill(tracer, SIGTERM);
  int status = WaitStatus(tracer);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
}

TEST_F(TracerTest, SignalToTheGroupIsNotDeliveredTwice) {
  std::string out = meta_ + "/group-out";
  pid_t tracer = StartTraceMain(meta_ + "/main.log", {Program("signals"), dir_, "wait-term"}, out);
  ASSERT_TRUE(WaitUntil([&] { return fs::exists(At("ready")); }, 10s));
  kill(-tracer, SIGTERM);
  int status = WaitStatus(tracer);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 11) << status;
  EXPECT_EQ(ReadFile(out), "terms 1\n");
}

TEST_F(TracerTest, AKilledTracerLeavesNoTraceeAlive) {
  pid_t tracer = StartTraceMain(meta_ + "/main.log", {Program("signals"), dir_, "sleepers", "3"});
  ASSERT_TRUE(WaitUntil([&] { return fs::exists(At("pids")); }, 10s));
  std::vector<pid_t> pids;
  std::istringstream lines(ReadFile(At("pids")));
  for (pid_t pid; lines >> pid;) pids.push_back(pid);
  ASSERT_EQ(pids.size(), 4u);
  for (pid_t pid : pids) EXPECT_TRUE(Alive(pid));
  kill(tracer, SIGKILL);
  WaitStatus(tracer);
  for (pid_t pid : pids) EXPECT_TRUE(WaitUntil([&] { return !Alive(pid); }, 5s)) << pid;
}

TEST_F(TracerTest, KillingTheSessionGroupLeavesNoProcess) {
  pid_t tracer = StartTraceMain(meta_ + "/main.log", {Program("signals"), dir_, "sleepers", "2"});
  ASSERT_TRUE(WaitUntil([&] { return fs::exists(At("pids")); }, 10s));
  std::vector<pid_t> pids;
  std::istringstream lines(ReadFile(At("pids")));
  for (pid_t pid; lines >> pid;) pids.push_back(pid);
  kill(-tracer, SIGTERM);
  int status = WaitStatus(tracer);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
  for (pid_t pid : pids) EXPECT_TRUE(WaitUntil([&] { return !Alive(pid); }, 5s)) << pid;
}

}  // namespace
