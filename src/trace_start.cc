#include "trace_start.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seccomp_filter.h"
#include "tracer.h"
#include "util.h"

namespace {

/// New processes, threads and execs are seized and reported; EXITKILL: when the tracer
/// dies, so does every tracee, none is left stopped or running untraced.
constexpr int kPtraceOptions = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACESECCOMP | PTRACE_O_TRACECLONE |
                               PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC |
                               PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL;

[[noreturn]] void ChildFails(int report_fd, int stage, int error) {
  ChildFailure failure{stage, error};
  ssize_t ignored = write(report_fd, &failure, sizeof(failure));
  (void)ignored;
  _exit(error == ENOENT ? 127 : 126);
}

/// Runs in the forked child: only async-signal-safe calls.
[[noreturn]] void RunChild(char* const* argv, const BpfProgram& filter, const SignalSetup& signals,
                           int go_fd, int report_fd) {
  signals.Restore();
  if (int error = InstallFilter(filter)) ChildFails(report_fd, kStageFilter, error);
  char go = 0;
  ssize_t n;
  while ((n = read(go_fd, &go, 1)) < 0 && errno == EINTR) {
  }
  if (n != 1) _exit(127);  // the tracer is gone
  if (argv) {
    execvp(argv[0], argv);
    ChildFails(report_fd, kStageExec, errno);
  }
  // PtraceAvailable's probe: one traced call, then out.
  (void)access("/", F_OK);
  _exit(0);
}

std::string YamaScope() {
  FILE* file = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
  if (!file) return "";
  int scope = -1;
  if (fscanf(file, "%d", &scope) != 1) scope = -1;
  (void)fclose(file);  // read only: nothing to lose
  return scope >= 0 ? std::to_string(scope) : "";
}

std::string SeizeError(int error) {
  std::string text =
      std::string("ptrace is not permitted here (PTRACE_SEIZE: ") + strerror(error) + "): ";
  std::string scope = YamaScope();
  if (scope == "3")
    return text +
           "kernel.yama.ptrace_scope is 3, which forbids ptrace until reboot; boot "
           "with a lower setting to trace sessions";
  if (scope == "2")
    return text +
           "kernel.yama.ptrace_scope is 2; run `sysctl kernel.yama.ptrace_scope=1` "
           "or give parnox CAP_SYS_PTRACE";
  return text +
         "in a container, add the capability (docker run --cap-add=SYS_PTRACE) or "
         "allow ptrace in its seccomp profile";
}

/// One traced call the probe child makes, seen from the tracer: resumes and reports
/// whether it was a seccomp stop the kernel could describe.
bool ProbeStop(pid_t pid, int status, std::string* why) {
  if (status >> 16 != PTRACE_EVENT_SECCOMP) {
    bool signal_stop = (status >> 16) == 0;
    ptrace(PTRACE_CONT, pid, 0, signal_stop ? WSTOPSIG(status) : 0);
    return false;
  }
  __ptrace_syscall_info info{};
  if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), &info) <= 0) {
    *why = std::string("PTRACE_GET_SYSCALL_INFO failed (") + strerror(errno) +
           "): the kernel is older than Linux 5.3, which parnox's tracer needs";
  }
  ptrace(PTRACE_CONT, pid, 0, 0);
  return why->empty();
}

}  // namespace

std::string FilterError(int error) {
  std::string text = std::string("cannot install the seccomp filter: ") + strerror(error);
  if (error == EINVAL) return text + " (the kernel lacks seccomp filters: CONFIG_SECCOMP_FILTER)";
  return text +
         " (a container's seccomp profile may forbid seccomp(2); allow it, or run "
         "with --security-opt seccomp=unconfined)";
}

std::optional<ChildFailure> ReadFailure(int report_fd) {
  ChildFailure failure;
  ssize_t n;
  while ((n = read(report_fd, &failure, sizeof(failure))) < 0 && errno == EINTR) {
  }
  close(report_fd);
  if (n != static_cast<ssize_t>(sizeof(failure))) return std::nullopt;
  return failure;
}

std::optional<Started> StartSeized(char* const* argv, const SignalSetup& signals,
                                   std::string* error) {
  BpfProgram filter = BuildFilter();
  int go[2], report[2];
  if (pipe2(go, O_CLOEXEC) != 0 || pipe2(report, O_CLOEXEC) != 0)
    Fatal("pipe2: %s", strerror(errno));
  pid_t pid = fork();
  if (pid < 0) Fatal("fork: %s", strerror(errno));
  if (pid == 0) RunChild(argv, filter, signals, go[0], report[1]);
  close(go[0]);
  close(report[1]);
  if (ptrace(PTRACE_SEIZE, pid, 0, kPtraceOptions) != 0) {
    int seize_error = errno;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    close(go[1]);
    // A child that could not install its filter exits at once, and seizing an exited
    // child fails too: its own report says what really went wrong.
    std::optional<ChildFailure> failure = ReadFailure(report[0]);
    *error = failure ? FilterError(failure->error) : SeizeError(seize_error);
    return std::nullopt;
  }
  if (write(go[1], "g", 1) != 1) Fatal("write: %s", strerror(errno));
  close(go[1]);
  return Started{pid, report[0]};
}

bool PtraceAvailable(std::string* why) {
  why->clear();
  // The tracer needs /proc as much as ptrace: parnox starts it as /proc/self/exe, and it
  // resolves a call's directory fd through /proc/PID/fd. A chroot or a minimal container
  // may not have it mounted.
  if (access("/proc/self/exe", F_OK) != 0) {
    *why =
        "/proc is not mounted here, and the tracer needs it (parnox finds its own binary and "
        "the sessions' paths there): mount it (mount -t proc proc /proc)";
    return false;
  }
  SignalSetup signals(false);
  std::optional<Started> child = StartSeized(nullptr, signals, why);
  if (!child) return false;
  bool seen = false;
  int status = 0;
  for (;;) {
    pid_t pid = waitpid(child->pid, &status, __WALL);
    if (pid < 0 && errno == EINTR) continue;
    if (pid < 0) Fatal("waitpid: %s", strerror(errno));
    if (!WIFSTOPPED(status)) break;
    seen = ProbeStop(pid, status, why) || seen;
  }
  std::optional<ChildFailure> failure = ReadFailure(child->report_fd);
  if (failure) *why = FilterError(failure->error);
  if (why->empty() && !seen)
    *why = "the seccomp filter did not stop the traced call (is seccomp disabled here?)";
  return why->empty();
}
