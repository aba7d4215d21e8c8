// `parnox __trace --log FILE -- COMMAND...`: the tracer as a process of its own, which the
// executor starts in the session's process group instead of the command.

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include "guard_client.h"
#include "lifetime.h"
#include "trace_log.h"
#include "tracer-ptrace.h"
#include "tracer.h"

namespace {

struct TraceArgs {
  std::string log_path;
  int guard_fd = -1;                ///< --guard FD: the channel to parnox's guard
  std::string root;                 ///< --root DIR: the project the guard watches
  std::vector<std::string> ignore;  ///< --ignore PATTERN: paths safe to share
  pid_t parent = 0;                 ///< --parent PID: the parnox whose death ends the trace
  std::vector<std::string> command;
};

/// Takes `--NAME VALUE` or `--NAME=VALUE` at argv[*i] into `value`.
bool TakeValue(int argc, char** argv, int* i, const char* name, std::string* value) {
  size_t length = strlen(name);
  if (strncmp(argv[*i], name, length) != 0) return false;
  if (argv[*i][length] == '=') {
    *value = argv[(*i)++] + length + 1;
    return true;
  }
  if (argv[*i][length] != '\0' || *i + 1 >= argc) return false;
  *value = argv[*i + 1];
  *i += 2;
  return true;
}

/// Reads main's argc/argv, argv[1] being "__trace"; returns what is wrong, or null.
const char* ParseTraceArgs(int argc, char** argv, TraceArgs* args) {
  int i = 1;
  if (i < argc && strcmp(argv[i], "__trace") == 0) ++i;
  for (std::string value; i < argc && strcmp(argv[i], "--") != 0;) {
    if (TakeValue(argc, argv, &i, "--log", &args->log_path)) continue;
    if (TakeValue(argc, argv, &i, "--root", &args->root)) continue;
    if (TakeValue(argc, argv, &i, "--ignore", &value)) {
      args->ignore.push_back(value);
      continue;
    }
    if (TakeValue(argc, argv, &i, "--parent", &value)) {
      args->parent = atoi(value.c_str());
      if (args->parent <= 0) return "--parent takes a process id";
      continue;
    }
    if (!TakeValue(argc, argv, &i, "--guard", &value)) return "unknown option";
    args->guard_fd = atoi(value.c_str());
    if (args->guard_fd < 0 || value.empty()) return "--guard takes a file descriptor";
  }
  if (args->log_path.empty()) return "--log FILE is required";
  if (args->guard_fd >= 0 && args->root.empty()) return "--guard needs --root DIR";
  if (i >= argc || strcmp(argv[i], "--") != 0) return "expected -- before the command";
  if (++i >= argc) return "no command to trace";
  args->command.assign(argv + i, argv + argc);
  return nullptr;
}

int TraceUsage(const char* problem) {
  (void)fprintf(stderr,
                "parnox __trace: %s\nusage: parnox __trace --log FILE [--parent PID] [--guard FD "
                "--root DIR [--ignore PATTERN]...] -- COMMAND [ARGS...]\n",
                problem);
  return 2;
}

}  // namespace

int TraceMain(int argc, char** argv) {
  TraceArgs args;
  if (const char* problem = ParseTraceArgs(argc, argv, &args)) return TraceUsage(problem);
  // parnox killed outright takes the session with it: the tracer dies with parnox, and
  // PTRACE_O_EXITKILL then kills every tracee, a daemon that left the process group too.
  if (args.parent && !DieWithParent(args.parent, SIGKILL)) return DieLike(SIGKILL);
  TraceLogWriter log;
  std::string error;
  if (!log.Open(args.log_path, &error)) {
    (void)fprintf(stderr, "parnox: %s\n", error.c_str());
    return 2;
  }
  // The guard's channel is for the tracer alone: the command must not inherit it.
  std::optional<GuardClient> gate;
  if (args.guard_fd >= 0) {
    fcntl(args.guard_fd, F_SETFD, FD_CLOEXEC);
    IgnoreRules ignore;
    for (const std::string& pattern : args.ignore) ignore.Add(pattern);
    gate.emplace(args.guard_fd, args.root, std::move(ignore));
  }
  ExitInfo exit;
  int status = RunTracedWith(args.command, log, &error, &exit, /*forward_signals=*/true,
                             gate ? &*gate : nullptr);
  alarm(0);  // a signal still waiting to be passed on has no command left to go to
  // stderr is the session's output, the one place to tell: a message it refuses is lost.
  if (!error.empty()) (void)fprintf(stderr, "parnox: %s\n", error.c_str());
  std::string log_error;
  if (!log.Close(&log_error)) (void)fprintf(stderr, "parnox: %s\n", log_error.c_str());
  if (status < 0) return 2;
  if (exit.signal) return DieLike(exit.signal);
  return status;
}
