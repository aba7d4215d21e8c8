// `parnox __trace --log FILE -- COMMAND...`: the tracer as a process of its own, which the
// executor starts in the session's process group instead of the command.

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "trace_log.h"
#include "tracer-ptrace.h"
#include "tracer.h"

namespace {

struct TraceArgs {
  std::string log_path;
  std::vector<std::string> command;
};

/// Reads main's argc/argv, argv[1] being "__trace"; returns what is wrong, or null.
const char* ParseTraceArgs(int argc, char** argv, TraceArgs* args) {
  int i = 1;
  if (i < argc && strcmp(argv[i], "__trace") == 0) ++i;
  if (i + 1 < argc && strcmp(argv[i], "--log") == 0) {
    args->log_path = argv[i + 1];
    i += 2;
  } else if (i < argc && strncmp(argv[i], "--log=", 6) == 0) {
    args->log_path = argv[i++] + 6;
  }
  if (args->log_path.empty()) return "--log FILE is required";
  if (i >= argc || strcmp(argv[i], "--") != 0) return "expected -- before the command";
  if (++i >= argc) return "no command to trace";
  args->command.assign(argv + i, argv + argc);
  return nullptr;
}

int TraceUsage(const char* problem) {
  fprintf(stderr, "parnox __trace: %s\nusage: parnox __trace --log FILE -- COMMAND [ARGS...]\n",
          problem);
  return 2;
}

/// Ends this process the way the command ended: killed by the same signal (without a core
/// dump of the tracer), else with 128 + n.
int DieLike(int signal) {
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  ::signal(signal, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signal);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
  raise(signal);
  return 128 + signal;
}

}  // namespace

int TraceMain(int argc, char** argv) {
  TraceArgs args;
  if (const char* problem = ParseTraceArgs(argc, argv, &args)) return TraceUsage(problem);
  TraceLogWriter log;
  std::string error;
  if (!log.Open(args.log_path, &error)) {
    fprintf(stderr, "parnox: %s\n", error.c_str());
    return 2;
  }
  ExitInfo exit;
  int status = RunTracedWith(args.command, log, &error, &exit, /*forward_signals=*/true);
  alarm(0);  // a signal still waiting to be passed on has no command left to go to
  if (!error.empty()) fprintf(stderr, "parnox: %s\n", error.c_str());
  std::string log_error;
  if (!log.Close(&log_error)) fprintf(stderr, "parnox: %s\n", log_error.c_str());
  if (status < 0) return 2;
  if (exit.signal) return DieLike(exit.signal);
  return status;
}
