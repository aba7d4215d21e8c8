#pragma once

// The tracer's tests share this: a scratch directory per test, the test programs
// (test/programs/*.c), and a traced or untraced run of one in a forked child.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "trace_log.h"
#include "tracer.h"

// cmake/test_programs.cmake defines it; without that, the tests that need the programs skip.
#ifndef PARNOX_TEST_PROGRAMS_DIR
#define PARNOX_TEST_PROGRAMS_DIR PARNOX_BINARY_DIR "/test_programs"
#endif

namespace tracer_test {

inline std::string Program(const std::string& name) {
  return std::string(PARNOX_TEST_PROGRAMS_DIR) + "/trace_prog_" + name;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

inline int ShellStatus(int status) {
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/// A traced or untraced run: the command's status as a shell reports it, its stdout, and
/// (traced) the accesses read back from the trace log.
struct Outcome {
  int status = -1;
  std::string out;
  std::string error;  ///< RunTraced's error
  std::vector<Access> accesses;
};

/// Whether a process still runs (a zombie does not).
inline bool Alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  size_t paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'Z';
}

inline bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

/// The (cached) answer of PtraceAvailable: tests that trace skip where tracing is refused.
inline const std::string& WhyNoPtrace() {
  static const std::string why = [] {
    std::string reason;
    return PtraceAvailable(&reason) ? std::string() : reason;
  }();
  return why;
}

class TracerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!WhyNoPtrace().empty()) GTEST_SKIP() << WhyNoPtrace();
    if (!std::filesystem::exists(Program("open_read")))
      GTEST_SKIP() << "test programs not built in " PARNOX_TEST_PROGRAMS_DIR
                      " (the build must include cmake/test_programs.cmake)";
    char root[] = "/tmp/parnox-tracer-XXXXXX";
    ASSERT_NE(mkdtemp(root), nullptr);
    // Canonical, as the kernel reports working directories (/tmp may be a symlink).
    root_ = std::filesystem::canonical(root).string();
    dir_ = root_ + "/work";
    meta_ = root_ + "/meta";
    std::filesystem::create_directory(dir_);
    std::filesystem::create_directory(meta_);
  }
  void TearDown() override {
    if (!root_.empty()) std::filesystem::remove_all(root_);
  }

  std::string At(const std::string& relative) const { return dir_ + "/" + relative; }
  void File(const std::string& relative, const std::string& content = "hello\n") const {
    std::ofstream(At(relative), std::ios::binary) << content;
  }
  void Dir(const std::string& relative) const { std::filesystem::create_directories(At(relative)); }
  void Symlink(const std::string& target, const std::string& relative) const {
    std::filesystem::create_symlink(target, At(relative));
  }

  /// Runs argv under RunTraced in a forked child: this process never holds ptrace state,
  /// and the child's waitpid(-1) sees only the command.
  Outcome Trace(const std::vector<std::string>& argv) const;
  /// Runs argv untraced, for comparison.
  Outcome Plain(const std::vector<std::string>& argv) const;

  /// The accesses to paths in the work directory, as "kind path" with the path relative
  /// to it ("." for itself); only those of process `pid` when given.
  std::vector<std::string> Seen(const Outcome& outcome, pid_t pid = 0) const;

  std::string root_, dir_, meta_;
};

inline Outcome TracerTest::Trace(const std::vector<std::string>& argv) const {
  std::string out_path = meta_ + "/out", log_path = meta_ + "/trace.log";
  std::string error_path = meta_ + "/error";
  fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    close(out);
    int status = 255;
    {
      TraceLogWriter log;
      std::string error, close_error;
      if (log.Open(log_path, &error)) status = RunTraced(argv, log, &error);
      if (!log.Close(&close_error)) error += close_error;
      std::ofstream(error_path) << error;
    }
    _exit(status < 0 ? 255 : status);
  }
  Outcome outcome;
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  outcome.status = ShellStatus(status);
  outcome.out = ReadFile(out_path);
  outcome.error = ReadFile(error_path);
  std::string log_error;
  EXPECT_TRUE(ReadTraceLog(log_path, &outcome.accesses, &log_error)) << log_error;
  for (size_t i = 1; i < outcome.accesses.size(); ++i)
    EXPECT_LE(outcome.accesses[i - 1].when_ns, outcome.accesses[i].when_ns);
  return outcome;
}

inline Outcome TracerTest::Plain(const std::vector<std::string>& argv) const {
  std::string out_path = meta_ + "/plain-out";
  fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  Outcome outcome;
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  outcome.status = ShellStatus(status);
  outcome.out = ReadFile(out_path);
  return outcome;
}

inline std::vector<std::string> TracerTest::Seen(const Outcome& outcome, pid_t pid) const {
  std::vector<std::string> seen;
  for (const Access& access : outcome.accesses) {
    if (pid && access.pid != pid) continue;
    std::string relative;
    if (access.path == dir_)
      relative = ".";
    else if (access.path.starts_with(dir_ + "/"))
      relative = access.path.substr(dir_.size() + 1);
    else
      continue;
    seen.push_back(std::string(AccessKindName(access.kind)) + " " + relative);
  }
  return seen;
}

/// The pid of the traced command's first process (its spawn record comes first).
inline pid_t MainPid(const Outcome& outcome) {
  if (outcome.accesses.empty() || outcome.accesses[0].kind != AccessKind::kSpawn) return 0;
  return outcome.accesses[0].pid;
}

inline std::vector<const Access*> OfKind(const Outcome& outcome, AccessKind kind) {
  std::vector<const Access*> found;
  for (const Access& access : outcome.accesses)
    if (access.kind == kind) found.push_back(&access);
  return found;
}

/// True when `wanted` appears in `seen` in order, other entries in between allowed.
inline bool InOrder(const std::vector<std::string>& seen, const std::vector<std::string>& wanted) {
  size_t next = 0;
  for (const std::string& entry : seen)
    if (next < wanted.size() && entry == wanted[next]) ++next;
  return next == wanted.size();
}

inline std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

}  // namespace tracer_test
