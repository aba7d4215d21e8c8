#include "subprocess.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

extern char** environ;

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

/// Records what the children did.
struct Recorder {
  std::map<const Subprocess*, std::string> output;
  std::vector<const Subprocess*> exited;

  /// One DoWork, its events recorded; returns the signal it reports.
  int Wait(SubprocessSet& set, std::chrono::milliseconds timeout) {
    std::vector<SubprocessEvent> events;
    int signal = set.DoWork(timeout, &events);
    Take(events);
    return signal;
  }
  void TerminateAll(SubprocessSet& set, std::chrono::milliseconds grace) {
    std::vector<SubprocessEvent> events;
    set.TerminateAll(grace, &events);
    Take(events);
  }
  void Take(const std::vector<SubprocessEvent>& events) {
    for (const SubprocessEvent& e : events) {
      if (e.kind == SubprocessEvent::Kind::kOutput)
        output[e.child] += e.bytes;
      else
        exited.push_back(e.child);
    }
  }
};

SpawnRequest Shell(const std::string& script) {
  SpawnRequest request;
  request.argv = {"/bin/sh", "-c", script};
  for (char** var = environ; *var; ++var) request.env.push_back(*var);
  return request;
}

Subprocess* Start(SubprocessSet& set, const SpawnRequest& request) {
  std::string error;
  Subprocess* child = set.Add(request, &error);
  EXPECT_NE(child, nullptr) << error;
  return child;
}

/// Runs the loop until every child has been reported, or fails after `limit`.
void RunAll(SubprocessSet& set, Recorder& recorder, std::chrono::seconds limit = 5s) {
  auto deadline = Clock::now() + limit;
  while (set.running() > 0) {
    ASSERT_LT(Clock::now(), deadline) << "children still running";
    ASSERT_EQ(recorder.Wait(set, 100ms), 0);
  }
}

/// Runs one shell script to completion; returns its output.
std::string RunShell(const std::string& script, ExitInfo* exit = nullptr) {
  SubprocessSet set;
  Recorder recorder;
  Subprocess* child = Start(set, Shell(script));
  if (!child) return "";
  RunAll(set, recorder);
  EXPECT_TRUE(child->done());
  if (exit && child->done()) *exit = child->exit();
  return recorder.output[child];
}

bool ProcessExists(pid_t pid) { return kill(pid, 0) == 0; }

/// Waits (up to 2 s) for `pid` to vanish; a zombie still counts as existing.
bool Vanishes(pid_t pid) {
  for (auto deadline = Clock::now() + 2s; Clock::now() < deadline;) {
    if (!ProcessExists(pid)) return true;
    usleep(10000);
  }
  return false;
}

TEST(SubprocessTest, OutputIsCapturedByteForByte) {
  std::string out = RunShell("printf 'a\\000b\\377\\nc'; printf 'E' >&2; printf 'nd'");
  EXPECT_EQ(out, std::string("a\0b\377\ncEnd", 9));
}

/// A cheap checksum, a word at a time: a byte loop is slow in a Debug build.
uint64_t Checksum(const std::string& bytes) {
  uint64_t sum = bytes.size();
  for (size_t i = 0; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    memcpy(&word, &bytes[i], 8);
    sum = (sum ^ word) * 0x100000001b3ull;
  }
  return sum;
}

TEST(SubprocessTest, LargeOutputPassesThrough) {
  // 50 MB of pseudo-random bytes through the pipe, compared by size and checksum.
  char path[] = "/tmp/parnox-subprocess-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string data(50 << 20, '\0');
  uint64_t state = 0x9e3779b97f4a7c15ull;
  for (size_t i = 0; i + 8 <= data.size(); i += 8) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;  // xorshift64
    memcpy(&data[i], &state, 8);
  }
  ASSERT_EQ(write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
  close(fd);
  auto start = Clock::now();
  std::string out = RunShell(std::string("cat ") + path);
  auto elapsed = Clock::now() - start;
  unlink(path);
  ASSERT_EQ(out.size(), data.size());
  EXPECT_EQ(Checksum(out), Checksum(data));
  EXPECT_LT(elapsed, 2s);
}

TEST(SubprocessTest, ExitCodes) {
  ExitInfo exit;
  RunShell("exit 7", &exit);
  EXPECT_EQ(exit.exit_code, 7);
  EXPECT_EQ(exit.signal, 0);
  RunShell("kill -TERM $$", &exit);
  EXPECT_EQ(exit.exit_code, 128 + SIGTERM);
  EXPECT_EQ(exit.signal, SIGTERM);
}

TEST(SubprocessTest, StdinIsDevNull) {
  EXPECT_EQ(RunShell("cat; echo eof"), "eof\n");
  EXPECT_EQ(RunShell("readlink /proc/$$/fd/0"), "/dev/null\n");
}

/// What `ls /proc/self/fd` prints in a child: 0-2, whatever parnox itself inherited
/// without close-on-exec (a test harness may pass some), and ls's own directory fd.
std::string ExpectedChildFds() {
  std::set<int> fds = {0, 1, 2};
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    int fd = std::stoi(entry.path().filename());
    int flags = fcntl(fd, F_GETFD);
    if (flags >= 0 && !(flags & FD_CLOEXEC)) fds.insert(fd);
  }
  int lowest_free = 0;
  while (fds.count(lowest_free)) ++lowest_free;
  fds.insert(lowest_free);
  std::string list;
  for (int fd : fds) list += std::to_string(fd) + "\n";
  return list;
}

TEST(SubprocessTest, ChildGetsNoOtherPipes) {
  // Another child's pipe must not leak into this one, or its EOF would never come.
  SubprocessSet set;
  Recorder recorder;
  Start(set, Shell("sleep 0.2"));
  Subprocess* child = Start(set, Shell("exec ls -1v /proc/self/fd"));
  RunAll(set, recorder);
  EXPECT_EQ(recorder.output[child], ExpectedChildFds());
}

TEST(SubprocessTest, ChildRunsInItsOwnProcessGroup) {
  SubprocessSet set;
  Recorder recorder;
  Subprocess* child = Start(set, Shell("exit 0"));
  ASSERT_TRUE(child);
  // Not reaped before DoWork, so the pid is still valid even if it already exited.
  EXPECT_EQ(getpgid(child->pid()), child->pid());
  EXPECT_NE(getpgid(child->pid()), getpgrp());
  RunAll(set, recorder);
}

TEST(SubprocessTest, ChildHasNoBlockedSignals) {
  // The set blocks INT, TERM, HUP and CHLD in parnox; a child must not inherit that.
  std::string out = RunShell("grep SigBlk /proc/self/status");
  EXPECT_EQ(out, "SigBlk:\t0000000000000000\n");
}

TEST(SubprocessTest, CwdAndEnvironmentAreApplied) {
  SpawnRequest request;
  request.argv = {"/bin/sh", "-c", "echo \"$PARNOX_TEST_VAR ${HOME-unset}\"; pwd"};
  request.env = {"PARNOX_TEST_VAR=hello", "PATH=/usr/bin:/bin"};
  request.cwd = "/usr";
  request.tag = 42;
  SubprocessSet set;
  Recorder recorder;
  Subprocess* child = Start(set, request);
  ASSERT_TRUE(child);
  EXPECT_EQ(child->tag, 42);
  RunAll(set, recorder);
  EXPECT_EQ(recorder.output[child], "hello unset\n/usr\n");
}

TEST(SubprocessTest, MissingProgramIsAClearError) {
  SubprocessSet set;
  SpawnRequest request = Shell("");
  request.argv = {"parnox-no-such-program"};
  std::string error;
  EXPECT_EQ(set.Add(request, &error), nullptr);
  EXPECT_EQ(error, "cannot run 'parnox-no-such-program': No such file or directory");
  request = Shell("true");
  request.cwd = "/nonexistent-parnox-dir";
  EXPECT_EQ(set.Add(request, &error), nullptr);
  EXPECT_EQ(error,
            "cannot run '/bin/sh': No such file or directory (cannot enter directory "
            "'/nonexistent-parnox-dir': No such file or directory)");
  EXPECT_EQ(set.running(), 0u);
}

TEST(SubprocessTest, TerminateSendsTerm) {
  SubprocessSet set;
  Recorder recorder;
  Subprocess* child = Start(set, Shell("exec sleep 30"));
  ASSERT_TRUE(child);
  set.Terminate(*child, 5s);
  RunAll(set, recorder, 2s);
  EXPECT_EQ(child->exit().signal, SIGTERM);
}

TEST(SubprocessTest, TerminateEscalatesToKill) {
  SubprocessSet set;
  Recorder recorder;
  Subprocess* child = Start(set, Shell("trap '' TERM; echo ready; sleep 30"));
  ASSERT_TRUE(child);
  // Wait until the trap is in place.
  for (auto deadline = Clock::now() + 2s; recorder.output[child].empty();) {
    ASSERT_LT(Clock::now(), deadline);
    recorder.Wait(set, 100ms);
  }
  auto start = Clock::now();
  set.Terminate(*child, 200ms);
  RunAll(set, recorder, 3s);
  EXPECT_EQ(child->exit().signal, SIGKILL);
  EXPECT_EQ(child->exit().exit_code, 128 + SIGKILL);
  EXPECT_GE(Clock::now() - start, 200ms);
}

TEST(SubprocessTest, TerminateAllEndsEveryChild) {
  SubprocessSet set;
  Recorder recorder;
  Start(set, Shell("exec sleep 30"));
  Start(set, Shell("trap '' TERM; sleep 30"));
  Start(set, Shell("sleep 30 & wait"));
  auto start = Clock::now();
  recorder.TerminateAll(set, 300ms);
  EXPECT_EQ(set.running(), 0u);
  EXPECT_EQ(recorder.exited.size(), 3u);
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST(SubprocessTest, SecondInterruptSkipsTheGracePeriod) {
  SubprocessSet set;
  Recorder recorder;
  Subprocess* child = Start(set, Shell("trap '' TERM; echo ready; sleep 30"));
  ASSERT_TRUE(child);
  for (auto deadline = Clock::now() + 2s; recorder.output[child].empty();) {
    ASSERT_LT(Clock::now(), deadline);
    recorder.Wait(set, 100ms);
  }
  // Pending until TerminateAll's loop lets it in: the user pressed Ctrl-C again.
  ASSERT_EQ(kill(getpid(), SIGINT), 0);
  auto start = Clock::now();
  recorder.TerminateAll(set, 30s);
  EXPECT_LT(Clock::now() - start, 2s);
  EXPECT_EQ(child->exit().signal, SIGKILL);
}

TEST(SubprocessTest, LeftBehindDaemonIsKilled) {
  pid_t daemon = 0;
  {
    SubprocessSet set;
    Recorder recorder;
    Subprocess* child = Start(set, Shell("sleep 300 & echo $!"));
    ASSERT_TRUE(child);
    RunAll(set, recorder, 3s);
    daemon = std::atoi(recorder.output[child].c_str());
    ASSERT_GT(daemon, 0);
    // Reparented to us, killed with the group, and reaped by a later DoWork.
    for (auto deadline = Clock::now() + 2s; ProcessExists(daemon) && Clock::now() < deadline;)
      recorder.Wait(set, 20ms);
    EXPECT_FALSE(ProcessExists(daemon));
  }
  EXPECT_FALSE(ProcessExists(daemon));
}

TEST(SubprocessTest, EscapedDaemonHoldingThePipeDoesNotHang) {
  pid_t daemon = 0;
  auto start = Clock::now();
  {
    SubprocessSet set;
    Recorder recorder;
    // setsid takes it out of the process group; it keeps stdout, our pipe.
    Subprocess* child = Start(set, Shell("setsid sleep 300 & echo $!; sleep 0.2"));
    ASSERT_TRUE(child);
    RunAll(set, recorder, 5s);
    EXPECT_EQ(child->exit().exit_code, 0);
    daemon = std::atoi(recorder.output[child].c_str());
    ASSERT_GT(daemon, 0);
  }
  EXPECT_LT(Clock::now() - start, 4s);
  EXPECT_TRUE(Vanishes(daemon));
}

TEST(SubprocessTest, InterruptIsReturnedOnce) {
  SubprocessSet set;
  Recorder recorder;
  Subprocess* child = Start(set, Shell("exec sleep 30"));
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
    ASSERT_EQ(kill(getpid(), signal), 0);
    EXPECT_EQ(recorder.Wait(set, 1000ms), signal);
    EXPECT_EQ(recorder.Wait(set, 10ms), 0);
  }
  // The child is in its own group: a Ctrl-C at the terminal would not reach it either.
  EXPECT_FALSE(child->done());
}

TEST(SubprocessTest, DoWorkTimesOut) {
  SubprocessSet set;
  Recorder recorder;
  Start(set, Shell("exec sleep 30"));
  auto start = Clock::now();
  EXPECT_EQ(recorder.Wait(set, 50ms), 0);
  EXPECT_GE(Clock::now() - start, 50ms);
  EXPECT_EQ(set.running(), 1u);
}

TEST(SubprocessTest, DestructorKillsAndReaps) {
  pid_t pid = 0;
  {
    SubprocessSet set;
    Subprocess* child = Start(set, Shell("exec sleep 30"));
    ASSERT_TRUE(child);
    pid = child->pid();
  }
  EXPECT_FALSE(ProcessExists(pid));
}

TEST(RunAndCaptureTest, CapturesStdoutAndExitCode) {
  std::string error;
  auto run = RunAndCapture({"sh", "-c", "printf 'a\\nb'; echo err >&2; exit 3"}, &error);
  ASSERT_TRUE(run) << error;
  EXPECT_EQ(run->out, "a\nb");
  EXPECT_EQ(run->exit.exit_code, 3);
  EXPECT_EQ(run->exit.signal, 0);
}

TEST(RunAndCaptureTest, SignalDeathIs128PlusN) {
  std::string error;
  auto run = RunAndCapture({"sh", "-c", "kill -KILL $$"}, &error);
  ASSERT_TRUE(run) << error;
  EXPECT_EQ(run->exit.signal, SIGKILL);
  EXPECT_EQ(run->exit.exit_code, 128 + SIGKILL);
}

TEST(RunAndCaptureTest, StdinIsDevNull) {
  std::string error;
  auto run = RunAndCapture({"sh", "-c", "cat; echo done"}, &error);
  ASSERT_TRUE(run) << error;
  EXPECT_EQ(run->out, "done\n");
}

TEST(RunAndCaptureTest, MissingProgramIsAClearError) {
  std::string error;
  auto run = RunAndCapture({"parnox-no-such-program", "x"}, &error);
  EXPECT_FALSE(run);
  EXPECT_EQ(error, "cannot run 'parnox-no-such-program': No such file or directory");
}

TEST(RunAndCaptureTest, WorksBesideARunningSet) {
  // SIGCHLD is blocked and the set reaps with waitid: neither may disturb the other.
  SubprocessSet set;
  Recorder recorder;
  Subprocess* child = Start(set, Shell("sleep 0.1; echo set"));
  std::string error;
  auto run = RunAndCapture({"sh", "-c", "echo helper; exit 4"}, &error);
  ASSERT_TRUE(run) << error;
  EXPECT_EQ(run->out, "helper\n");
  EXPECT_EQ(run->exit.exit_code, 4);
  RunAll(set, recorder);
  EXPECT_EQ(recorder.output[child], "set\n");
  EXPECT_EQ(child->exit().exit_code, 0);
}

}  // namespace
