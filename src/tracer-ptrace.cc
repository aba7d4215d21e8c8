// The stop loop. One thread waits for the stops of every tracee (waitpid(-1, __WALL)) and
// handles each: a file call's seccomp stop and its exit, new processes and threads, exec,
// signals, deaths. A file call goes through the same steps every time: decode what it
// names (syscall_decode.h), then record what it did (syscall_accesses.h), at once when its
// entry says it all, else at its exit; then the tracee is resumed.

#include "tracer-ptrace.h"

#include <errno.h>
#include <linux/audit.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "guard_client.h"
#include "syscall_accesses.h"
#include "syscall_decode.h"
#include "syscall_table.h"
#include "trace_signals.h"
#include "trace_start.h"
#include "tracee_read.h"
#include "tracer.h"
#include "util.h"

namespace {

int ShellStatus(int wait_status) {
  return WIFSIGNALED(wait_status) ? 128 + WTERMSIG(wait_status) : WEXITSTATUS(wait_status);
}

/// An access recorded now.
Access Now(AccessKind kind, pid_t pid, std::string path = "") {
  Access access;
  access.kind = kind;
  access.path = std::move(path);
  access.pid = pid;
  access.when_ns = MonotonicNs();
  return access;
}

bool IsStopSignal(int signal) {
  return signal == SIGSTOP || signal == SIGTSTP || signal == SIGTTIN || signal == SIGTTOU;
}

bool IsRestart(int64_t rval) {
  // -ERESTARTSYS .. -ERESTART_RESTARTBLOCK: the call is re-issued, and traced again.
  return rval <= -512 && rval >= -516;
}

/// The call a tracee is stopped at. False when the stop is not of kind `op` (a seccomp
/// stop, a syscall exit) or the tracee is gone.
bool GetSyscallInfo(pid_t tid, uint8_t op, __ptrace_syscall_info* info) {
  return ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(*info), info) > 0 && info->op == op;
}

/// What the tracer keeps about one traced thread from one of its stops to the next.
struct Tracee {
  pid_t tgid = 0;        ///< its process: records carry this id, never a thread's
  bool started = false;  ///< its first stop (the one every new tracee starts with) is past
  /// A file call seen at its seccomp stop whose record waits for the call's exit. While
  /// set, the tracee is resumed with PTRACE_SYSCALL, so that it stops there.
  std::optional<FileCall> pending;
  std::string last_list;  ///< repeated getdents of one directory are one listing
};

class Tracer {
 public:
  /// With a `gate`, every file call inside the project waits at its entry until parnox
  /// allows it (guard_client.h).
  Tracer(AccessSink& sink, GuardClient* gate) : sink_(sink), gate_(gate) {}
  /// Follows `main` (seized, running) and everything it starts until `main` exits; then
  /// kills what is left. Returns `main`'s wait status.
  int Follow(pid_t main);

 private:
  int WaitForMain(pid_t main);
  void OnStop(pid_t tid, int status);
  // A file call: at its seccomp stop, and at its exit when its outcome decides the record.
  void OnSeccomp(pid_t tid, Tracee& tracee);
  void OnSyscallExit(pid_t tid, Tracee& tracee);
  // Processes and threads.
  Tracee& Know(pid_t tid);
  void OnNewChild(pid_t parent);
  void OnExec(pid_t tid);
  Tracee& TakeOverFormerId(pid_t tid);
  void OnDeath(pid_t tid, int status);
  void KillTheRest();
  void Resume(pid_t tid, const Tracee& tracee, int signal);
  // Records.
  void Record(Tracee& tracee, const CallAccesses& accesses);
  void Record(Tracee& tracee, AccessKind kind, std::string_view path);
  void RecordExec(Tracee& tracee, const std::optional<FileCall>& call);
  void RecordSpawn(pid_t pid, pid_t parent);

  AccessSink& sink_;
  GuardClient* gate_;
  std::unordered_map<pid_t, Tracee> tracees_;  ///< by thread id
  SignalForwarder signals_;
};

int Tracer::Follow(pid_t main) {
  Tracee& first = tracees_[main];
  first.tgid = main;
  first.started = true;  // PTRACE_SEIZE does not stop it
  RecordSpawn(main, getpid());
  int main_status = WaitForMain(main);
  KillTheRest();
  return main_status;
}

/// Handles every stop and death until `main` dies; returns its wait status.
int Tracer::WaitForMain(pid_t main) {
  for (;;) {
    int status = 0;
    pid_t tid = waitpid(-1, &status, __WALL);
    signals_.Poll(main);
    if (tid < 0) {
      if (errno == EINTR) continue;
      Fatal("waitpid: %s (the traced command was reaped by someone else)", strerror(errno));
    }
    if (WIFSTOPPED(status)) {
      OnStop(tid, status);
      continue;
    }
    OnDeath(tid, status);
    if (tid == main) return status;
  }
}

void Tracer::OnStop(pid_t tid, int status) {
  Tracee& tracee = Know(tid);
  int signal = WSTOPSIG(status);
  int event = status >> 16;
  if (!tracee.started) {
    tracee.started = true;
    if (event == PTRACE_EVENT_STOP) return Resume(tid, tracee, 0);
  }
  if (signal == (SIGTRAP | 0x80)) return OnSyscallExit(tid, tracee);
  switch (event) {
    case PTRACE_EVENT_SECCOMP: return OnSeccomp(tid, tracee);
    case PTRACE_EVENT_FORK:
    case PTRACE_EVENT_VFORK:
    case PTRACE_EVENT_CLONE: OnNewChild(tid); return Resume(tid, tracee, 0);
    case PTRACE_EVENT_EXEC: return OnExec(tid);
    case PTRACE_EVENT_EXIT: tracee.pending.reset(); return Resume(tid, tracee, 0);
    case PTRACE_EVENT_STOP:
      // A group-stop (SIGSTOP and friends): stay stopped, as without a tracer, until a
      // SIGCONT; PTRACE_LISTEN lets that SIGCONT through. Other event stops just resume.
      if (IsStopSignal(signal)) {
        ptrace(PTRACE_LISTEN, tid, 0, 0);
        return;
      }
      return Resume(tid, tracee, 0);
    default:
      // A signal on its way to the tracee: deliver it as it was.
      signals_.Delivered(signal);
      return Resume(tid, tracee, signal);
  }
}

void Tracer::OnSeccomp(pid_t tid, Tracee& tracee) {
  __ptrace_syscall_info info{};
  if (!GetSyscallInfo(tid, PTRACE_SYSCALL_INFO_SECCOMP, &info)) return Resume(tid, tracee, 0);
  const SyscallSpec* spec = FindSpec(info.arch, info.seccomp.nr);
  if (!spec) {
    // The filter stops every call of an ABI it does not know.
    if (info.arch != AUDIT_ARCH_X86_64 && info.arch != AUDIT_ARCH_I386)
      Record(tracee, AccessKind::kBlindSpot, "unknown syscall ABI");
    return Resume(tid, tracee, 0);
  }
  FileCall call = DecodeFileCall(tid, tracee.tgid, *spec, info);
  if (gate_ && !gate_->Allow(call)) {
    // parnox is gone: nothing of the session may outlive it, nor touch the project unasked.
    for (const auto& [other, ignored] : tracees_) kill(other, SIGKILL);
    return;
  }
  if (RecordsAtEntry(spec->action))
    Record(tracee, AccessesAtEntry(call));
  else
    tracee.pending = std::move(call);  // Resume stops it again at the call's exit
  Resume(tid, tracee, 0);
}

void Tracer::OnSyscallExit(pid_t tid, Tracee& tracee) {
  __ptrace_syscall_info info{};
  std::optional<FileCall> call = std::move(tracee.pending);
  tracee.pending.reset();
  if (call && GetSyscallInfo(tid, PTRACE_SYSCALL_INFO_EXIT, &info) && !IsRestart(info.exit.rval))
    Record(tracee, AccessesAtExit(*call, !info.exit.is_error));
  Resume(tid, tracee, 0);
}

/// The tracee of thread `tid`, met now for the first time or not: the process a new
/// thread belongs to is read once, and a new process is recorded.
Tracee& Tracer::Know(pid_t tid) {
  auto [it, inserted] = tracees_.try_emplace(tid);
  if (!inserted) return it->second;
  ProcStatus status = ReadProcStatus(tid);
  it->second.tgid = status.tgid ? status.tgid : tid;
  if (it->second.tgid == tid) RecordSpawn(tid, status.ppid);
  return it->second;
}

void Tracer::OnNewChild(pid_t parent) {
  unsigned long child = 0;
  if (ptrace(PTRACE_GETEVENTMSG, parent, 0, &child) == 0) Know(static_cast<pid_t>(child));
}

void Tracer::OnExec(pid_t tid) {
  Tracee& tracee = TakeOverFormerId(tid);
  tracee.tgid = tid;
  tracee.started = true;
  std::optional<FileCall> call = std::move(tracee.pending);
  tracee.pending.reset();
  RecordExec(tracee, call);
  Resume(tid, tracee, 0);
}

/// A thread other than the leader that execs takes over the leader's id: its pending
/// execve moves along; the old thread id is gone without a death report.
Tracee& Tracer::TakeOverFormerId(pid_t tid) {
  unsigned long former = static_cast<unsigned long>(tid);
  ptrace(PTRACE_GETEVENTMSG, tid, 0, &former);
  Tracee& tracee = Know(tid);
  auto old = tracees_.find(static_cast<pid_t>(former));
  if (static_cast<pid_t>(former) != tid && old != tracees_.end()) {
    tracee.pending = std::move(old->second.pending);
    tracees_.erase(old);
  }
  return tracee;
}

void Tracer::OnDeath(pid_t tid, int status) {
  auto it = tracees_.find(tid);
  if (it == tracees_.end()) return;
  if (it->second.tgid == tid) {
    Access exit = Now(AccessKind::kExit, tid);
    exit.status = ShellStatus(status);
    sink_.Add(exit);
  }
  tracees_.erase(it);
}

void Tracer::KillTheRest() {
  for (const auto& [tid, tracee] : tracees_) kill(tid, SIGKILL);
  // Reap the deaths, and kill tracees we had not met yet (a fork in flight).
  for (;;) {
    int status = 0;
    pid_t tid = waitpid(-1, &status, __WALL);
    if (tid < 0 && errno == EINTR) continue;
    if (tid < 0) return;  // ECHILD: nothing is left
    if (WIFSTOPPED(status)) {
      kill(tid, SIGKILL);
      ptrace(PTRACE_CONT, tid, 0, 0);
    } else {
      OnDeath(tid, status);
    }
  }
}

void Tracer::Resume(pid_t tid, const Tracee& tracee, int signal) {
  // The tracee may have been killed meanwhile (ESRCH); its death is reported next.
  ptrace(tracee.pending ? PTRACE_SYSCALL : PTRACE_CONT, tid, 0, signal);
}

void Tracer::Record(Tracee& tracee, const CallAccesses& accesses) {
  for (const CallAccess& access : accesses) Record(tracee, access.kind, access.path);
}

void Tracer::Record(Tracee& tracee, AccessKind kind, std::string_view path) {
  if (kind == AccessKind::kList && tracee.last_list == path) return;
  tracee.last_list = kind == AccessKind::kList ? std::string(path) : std::string();
  sink_.Add(Now(kind, tracee.tgid, std::string(path)));
}

/// An exec that succeeded: the program is the path execve named (/proc/PID/exe when that
/// is unknown); a script's interpreter, or the binary behind a symlink, is read too.
void Tracer::RecordExec(Tracee& tracee, const std::optional<FileCall>& call) {
  std::optional<std::string> exe = ExePath(tracee.tgid);
  std::optional<std::string> program = call && call->path ? call->path : exe;
  if (program) {
    Access access = Now(AccessKind::kExec, tracee.tgid, *program);
    access.argv0 = call ? call->argv0 : "";
    sink_.Add(access);
    tracee.last_list.clear();
  }
  if (exe && program && *exe != *program) Record(tracee, AccessKind::kRead, *exe);
}

void Tracer::RecordSpawn(pid_t pid, pid_t parent) {
  Access spawn = Now(AccessKind::kSpawn, pid);
  spawn.parent = parent;
  sink_.Add(spawn);
}

}  // namespace

int RunTraced(const std::vector<std::string>& argv, AccessSink& sink, std::string* error,
              ExitInfo* exit) {
  return RunTracedWith(argv, sink, error, exit, /*forward_signals=*/false, nullptr);
}

int RunTracedWith(const std::vector<std::string>& argv, AccessSink& sink, std::string* error,
                  ExitInfo* exit, bool forward_signals, GuardClient* gate) {
  if (argv.empty()) {
    *error = "cannot run an empty command";
    return -1;
  }
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  SignalSetup signals(forward_signals);
  std::optional<Started> child = StartSeized(args.data(), signals, error);
  if (!child) return -1;
  Tracer tracer(sink, gate);
  int status = tracer.Follow(child->pid);
  std::optional<ChildFailure> failure = ReadFailure(child->report_fd);
  if (failure && failure->stage == kStageFilter) {
    *error = FilterError(failure->error);
    return -1;
  }
  if (failure) *error = "cannot run '" + argv[0] + "': " + strerror(failure->error);
  ExitInfo info;
  info.exit_code = ShellStatus(status);
  info.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  if (exit) *exit = info;
  return info.exit_code;
}
