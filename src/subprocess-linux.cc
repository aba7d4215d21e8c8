#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "subprocess.h"
#include "util.h"

namespace {

/// The signal mask children must start with: the one parnox had before a SubprocessSet
/// blocked its signals. Null while no set exists (then the current mask is the original).
const sigset_t* g_original_mask = nullptr;

void CheckSpawnCall(int err, const char* call) {
  // posix_spawn* return their error number; errno is untouched.
  if (err != 0) Fatal("%s: %s", call, strerror(err));
}

/// The attributes and file actions of one posix_spawn, destroyed with it.
class SpawnPlan {
 public:
  SpawnPlan() {
    CheckSpawnCall(posix_spawnattr_init(&attr_), "posix_spawnattr_init");
    CheckSpawnCall(posix_spawn_file_actions_init(&actions_), "posix_spawn_file_actions_init");
  }
  ~SpawnPlan() {
    posix_spawnattr_destroy(&attr_);
    posix_spawn_file_actions_destroy(&actions_);
  }
  SpawnPlan(const SpawnPlan&) = delete;
  SpawnPlan& operator=(const SpawnPlan&) = delete;

  /// The parent's original signal mask and default dispositions for the signals parnox
  /// handles itself, so a child reacts to Ctrl-C, TERM and a broken pipe as usual.
  void RestoreSignals() {
    sigset_t mask;
    if (g_original_mask) {
      mask = *g_original_mask;
    } else if (sigprocmask(SIG_SETMASK, nullptr, &mask) < 0) {
      Fatal("sigprocmask: %s", strerror(errno));
    }
    CheckSpawnCall(posix_spawnattr_setsigmask(&attr_, &mask), "posix_spawnattr_setsigmask");
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE}) sigaddset(&defaults, sig);
    CheckSpawnCall(posix_spawnattr_setsigdefault(&attr_, &defaults),
                   "posix_spawnattr_setsigdefault");
    flags_ |= POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  }

  /// A process group of its own (pgid = its pid), so a whole session can be signalled.
  void OwnProcessGroup() {
    CheckSpawnCall(posix_spawnattr_setpgroup(&attr_, 0), "posix_spawnattr_setpgroup");
    flags_ |= POSIX_SPAWN_SETPGROUP;
  }

  void StdinFromDevNull() {
    CheckSpawnCall(posix_spawn_file_actions_addopen(&actions_, 0, "/dev/null", O_RDONLY, 0),
                   "posix_spawn_file_actions_addopen");
  }

  /// dup2 clears close-on-exec on the target, so `fd` itself may stay O_CLOEXEC.
  void Redirect(int fd, int target) {
    CheckSpawnCall(posix_spawn_file_actions_adddup2(&actions_, fd, target),
                   "posix_spawn_file_actions_adddup2");
  }

  void ChangeDirectory(const std::string& dir) {
    CheckSpawnCall(posix_spawn_file_actions_addchdir_np(&actions_, dir.c_str()),
                   "posix_spawn_file_actions_addchdir_np");
  }

  /// Starts the child; returns 0 or the error number (the exec's failure included).
  int Spawn(pid_t* pid, const std::vector<std::string>& argv, char** env, bool search_path) {
    CheckSpawnCall(posix_spawnattr_setflags(&attr_, flags_), "posix_spawnattr_setflags");
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    if (search_path) return posix_spawnp(pid, args[0], &actions_, &attr_, args.data(), env);
    return posix_spawn(pid, args[0], &actions_, &attr_, args.data(), env);
  }

 private:
  posix_spawnattr_t attr_;
  posix_spawn_file_actions_t actions_;
  short flags_ = 0;
};

/// A pipe whose two ends are close-on-exec: children get the write end only through dup2.
void OpenPipe(int fds[2]) {
  if (pipe2(fds, O_CLOEXEC) < 0) Fatal("pipe2: %s", strerror(errno));
}

ExitInfo ExitInfoFromStatus(int status) {
  ExitInfo info;
  if (WIFSIGNALED(status)) {
    info.signal = WTERMSIG(status);
    info.exit_code = 128 + info.signal;
  } else {
    info.exit_code = WEXITSTATUS(status);
  }
  return info;
}

/// Waits for one specific child, so it works whether or not SIGCHLD is blocked and never
/// reaps a child someone else waits for.
int WaitFor(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) Fatal("waitpid(%d): %s", pid, strerror(errno));
  }
  return status;
}

void ReadAll(int fd, std::string* out) {
  char buf[64 << 10];
  for (;;) {
    ssize_t len = read(fd, buf, sizeof(buf));
    if (len > 0) {
      out->append(buf, static_cast<size_t>(len));
    } else if (len == 0) {
      return;
    } else if (errno != EINTR) {
      Fatal("read: %s", strerror(errno));
    }
  }
}

std::string SpawnError(const std::string& program, int err) {
  return "cannot run '" + program + "': " + strerror(err);
}

}  // namespace

std::optional<CapturedRun> RunAndCapture(const std::vector<std::string>& argv, std::string* error,
                                         const std::vector<std::string>& extra_env) {
  if (argv.empty()) {
    *error = "cannot run an empty command";
    return std::nullopt;
  }
  int out_pipe[2];
  OpenPipe(out_pipe);
  SpawnPlan plan;
  plan.RestoreSignals();
  plan.StdinFromDevNull();
  plan.Redirect(out_pipe[1], 1);
  std::vector<char*> env;
  for (char** entry = environ; *entry; ++entry) {
    std::string_view name(*entry, std::strcspn(*entry, "="));
    bool replaced = std::any_of(extra_env.begin(), extra_env.end(), [&](const std::string& extra) {
      return extra.starts_with(name) && extra.size() > name.size() && extra[name.size()] == '=';
    });
    if (!replaced) env.push_back(*entry);
  }
  for (const std::string& extra : extra_env) env.push_back(const_cast<char*>(extra.c_str()));
  env.push_back(nullptr);
  pid_t pid = -1;
  int err = plan.Spawn(&pid, argv, env.data(), /*search_path=*/true);
  close(out_pipe[1]);
  if (err != 0) {
    close(out_pipe[0]);
    *error = SpawnError(argv[0], err);
    return std::nullopt;
  }
  CapturedRun run;
  ReadAll(out_pipe[0], &run.out);
  close(out_pipe[0]);
  run.exit = ExitInfoFromStatus(WaitFor(pid));
  return run;
}

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

/// The signals a SubprocessSet keeps blocked outside ppoll; the order of old_actions_.
constexpr int kHandledSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGCHLD};

/// How long to wait for EOF after a child's main process exited. Its process group is
/// killed at once, so only a daemon that escaped with setsid can hold the pipe longer.
constexpr auto kDrainGrace = 2s;

/// The fd a child's channel arrives on (SpawnRequest::channel).
constexpr int kChannelFd = 3;

/// Bounds one child's reads per wakeup, so a chatty child cannot starve the others.
constexpr int kMaxReadsPerWake = 16;

volatile sig_atomic_t g_interrupt = 0;

void RecordSignal(int signal) {
  // SIGCHLD only has to end ppoll; the loop then reaps with waitid.
  if (signal != SIGCHLD) g_interrupt = signal;
}

int TakeInterrupt() {
  int signal = g_interrupt;
  g_interrupt = 0;
  return signal;
}

void SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
    Fatal("fcntl(O_NONBLOCK): %s", strerror(errno));
}

/// Sends `signal` to a child's whole process group. The group may already be gone, or
/// hold only processes we may not signal (a setuid program): nothing more to do then.
void SignalGroup(pid_t pgid, int signal) {
  if (kill(-pgid, signal) < 0 && errno != ESRCH && errno != EPERM)
    Fatal("kill(-%d, %d): %s", pgid, signal, strerror(errno));
}

bool IsExit(const siginfo_t& info) {
  return info.si_code == CLD_EXITED || info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED;
}

/// The pid of some exited child, still unreaped (a zombie keeps its pid and process group
/// from being reused), or 0 when none.
pid_t PeekExitedChild() {
  siginfo_t info{};
  while (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) < 0) {
    if (errno == ECHILD) return 0;
    if (errno != EINTR) Fatal("waitid: %s", strerror(errno));
  }
  // si_pid 0: nothing exited yet. A stop is someone else's business (a tracer's).
  return info.si_pid != 0 && IsExit(info) ? info.si_pid : 0;
}

bool AllDigits(const std::string& name) {
  return !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
}

/// The numeric entries of a /proc directory (processes in /proc, fds in /proc/PID/fd).
std::vector<std::string> NumericEntries(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename();
    if (AllDigits(name)) names.push_back(name);
  }
  return names;
}

bool HoldsPipe(const std::string& pid, const std::string& pipe_name) {
  std::string fd_dir = "/proc/" + pid + "/fd";
  for (const std::string& fd : NumericEntries(fd_dir)) {
    std::error_code ec;
    if (std::filesystem::read_symlink(std::filesystem::path(fd_dir) / fd, ec) == pipe_name)
      return true;
  }
  return false;
}

/// Kills every other process holding the pipe `fd` reads from: daemons that left their
/// session's process group (setsid) but kept its output pipe.
void KillPipeHolders(int fd) {
  struct stat st;
  if (fstat(fd, &st) < 0) Fatal("fstat: %s", strerror(errno));
  std::string pipe_name = "pipe:[" + std::to_string(st.st_ino) + "]";
  std::string self = std::to_string(getpid());
  for (const std::string& pid : NumericEntries("/proc")) {
    if (pid != self && HoldsPipe(pid, pipe_name)) kill(std::stoi(pid), SIGKILL);
  }
}

pid_t ParentOf(const std::string& pid) {
  std::ifstream stat("/proc/" + pid + "/stat");
  std::string line;
  std::getline(stat, line);
  // "PID (COMM) STATE PPID ...": COMM may contain anything, so parse after the last ')'.
  size_t paren = line.rfind(')');
  if (paren == std::string::npos) return -1;
  std::istringstream rest(line.substr(paren + 1));
  std::string state;
  pid_t ppid = -1;
  rest >> state >> ppid;
  return ppid;
}

/// Our children: those spawned and the orphans reparented to us as subreaper.
std::vector<pid_t> OwnChildren() {
  std::vector<pid_t> children;
  pid_t self = getpid();
  for (const std::string& pid : NumericEntries("/proc")) {
    if (ParentOf(pid) == self) children.push_back(std::stoi(pid));
  }
  return children;
}

/// Kills and reaps what sessions left behind: orphans reparented to us. Repeats while
/// their own children, reparented in turn as they die, keep appearing.
void KillAndReapOrphans() {
  for (int round = 0; round < 10; ++round) {
    std::vector<pid_t> orphans = OwnChildren();
    if (orphans.empty()) return;
    for (pid_t pid : orphans) kill(pid, SIGKILL);
    for (pid_t pid : orphans) WaitFor(pid);
  }
}

/// Why Add failed: the exec's error, unless the working directory is what is missing.
std::string SpawnFailure(const SpawnRequest& request, int err) {
  std::string failure = SpawnError(request.argv[0], err);
  if (request.cwd.empty()) return failure;
  struct stat st;
  if (stat(request.cwd.c_str(), &st) < 0) {
    const char* why = strerror(errno);  // before the allocations below can touch errno
    return failure + " (cannot enter directory '" + request.cwd + "': " + why + ")";
  }
  if (!S_ISDIR(st.st_mode)) return failure + " ('" + request.cwd + "' is not a directory)";
  return failure;
}

timespec ToTimespec(std::chrono::milliseconds ms) {
  timespec ts;
  ts.tv_sec = static_cast<time_t>(ms.count() / 1000);
  ts.tv_nsec = static_cast<long>(ms.count() % 1000) * 1000000L;
  return ts;
}

}  // namespace

void NoteInterrupts() {
  struct sigaction action {};
  action.sa_handler = RecordSignal;
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
}

int NotedInterrupt() { return g_interrupt; }

SubprocessSet::SubprocessSet() {
  // Its handlers and the original mask are process-wide state.
  if (g_original_mask) Fatal("only one SubprocessSet may exist at a time");
  sigset_t blocked;
  sigemptyset(&blocked);
  for (int signal : kHandledSignals) sigaddset(&blocked, signal);
  if (sigprocmask(SIG_BLOCK, &blocked, &old_mask_) < 0) Fatal("sigprocmask: %s", strerror(errno));
  struct sigaction action {};
  action.sa_handler = RecordSignal;
  action.sa_flags = SA_NOCLDSTOP;
  for (size_t i = 0; i < std::size(kHandledSignals); ++i) {
    if (sigaction(kHandledSignals[i], &action, &old_actions_[i]) < 0)
      Fatal("sigaction: %s", strerror(errno));
  }
  // Daemons a session leaves behind are reparented to us, not to init, so they can be
  // found, killed and reaped.
  if (prctl(PR_GET_CHILD_SUBREAPER, &old_subreaper_) < 0 || prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
    Fatal("prctl(PR_SET_CHILD_SUBREAPER): %s", strerror(errno));
  g_original_mask = &old_mask_;
}

SubprocessSet::~SubprocessSet() {
  KillEverything();
  // Signals that arrived after the last DoWork would otherwise hit the restored default
  // dispositions and kill parnox in the middle of its summary.
  sigset_t handled;
  sigemptyset(&handled);
  for (int signal : kHandledSignals) sigaddset(&handled, signal);
  const timespec zero{};
  while (sigtimedwait(&handled, nullptr, &zero) > 0) {
  }
  for (size_t i = 0; i < std::size(kHandledSignals); ++i) {
    if (sigaction(kHandledSignals[i], &old_actions_[i], nullptr) < 0)
      Fatal("sigaction: %s", strerror(errno));
  }
  if (sigprocmask(SIG_SETMASK, &old_mask_, nullptr) < 0) Fatal("sigprocmask: %s", strerror(errno));
  prctl(PR_SET_CHILD_SUBREAPER, old_subreaper_);
  g_original_mask = nullptr;
  g_interrupt = 0;
}

void SubprocessSet::KillEverything() {
  for (auto& child : children_) {
    if (!child->reaped_) {
      SignalGroup(child->pid_, SIGKILL);
      WaitFor(child->pid_);
    }
    if (child->pipe_open_) ClosePipe(*child);
    CloseChannel(*child);
  }
  children_.clear();
  KillAndReapOrphans();
}

Subprocess* SubprocessSet::Add(const SpawnRequest& request, std::string* error) {
  if (request.argv.empty()) {
    *error = "cannot run an empty command";
    return nullptr;
  }
  int out_pipe[2];
  OpenPipe(out_pipe);
  SetNonBlocking(out_pipe[0]);
  SpawnPlan plan;
  plan.RestoreSignals();
  plan.OwnProcessGroup();
  plan.StdinFromDevNull();
  plan.Redirect(out_pipe[1], 1);
  plan.Redirect(out_pipe[1], 2);
  if (!request.cwd.empty()) plan.ChangeDirectory(request.cwd);
  int channel[2] = {-1, -1};
  if (request.channel) {
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, channel) < 0)
      Fatal("socketpair: %s", strerror(errno));
    plan.Redirect(channel[1], kChannelFd);
  }
  std::vector<char*> env;
  for (const std::string& var : request.env) env.push_back(const_cast<char*>(var.c_str()));
  env.push_back(nullptr);
  pid_t pid = -1;
  int err = plan.Spawn(&pid, request.argv, env.data(), /*search_path=*/true);
  // Only the child may keep the write end open, or EOF never comes.
  close(out_pipe[1]);
  if (request.channel) close(channel[1]);
  if (err != 0) {
    close(out_pipe[0]);
    if (request.channel) close(channel[0]);
    *error = SpawnFailure(request, err);
    return nullptr;
  }
  auto child = std::make_unique<Subprocess>();
  child->pid_ = pid;
  child->fd_ = out_pipe[0];
  child->pipe_open_ = true;
  child->tag = request.tag;
  if (request.channel) {
    SetNonBlocking(channel[0]);
    child->channel_fd_ = channel[0];
  }
  children_.push_back(std::move(child));
  return children_.back().get();
}

int SubprocessSet::DoWork(std::chrono::milliseconds timeout, std::vector<SubprocessEvent>* events) {
  std::vector<pollfd> fds;
  std::vector<Subprocess*> polled;
  for (auto& child : children_) {
    if (child->pipe_open_) {
      fds.push_back(pollfd{child->fd_, POLLIN, 0});
      polled.push_back(child.get());
    }
    if (child->channel_fd_ >= 0) {
      fds.push_back(pollfd{child->channel_fd_, POLLIN, 0});
      polled.push_back(child.get());
    }
  }
  // Wake up for the caller's timeout and for our own deadlines (KILL escalation, drain).
  std::optional<std::chrono::milliseconds> wait;
  if (timeout.count() >= 0) wait = timeout;
  if (auto deadline = NextDeadline()) {
    auto until = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
    until = std::max(until, std::chrono::milliseconds(0));
    wait = wait ? std::min(*wait, until) : until;
  }
  timespec wait_ts = ToTimespec(wait.value_or(std::chrono::milliseconds(0)));
  // The original mask lets INT, TERM, HUP and CHLD in only while we sleep here.
  int ready = ppoll(fds.data(), fds.size(), wait ? &wait_ts : nullptr, &old_mask_);
  if (ready < 0 && errno != EINTR) Fatal("ppoll: %s", strerror(errno));
  for (size_t i = 0; ready > 0 && i < fds.size(); ++i) {
    if (!fds[i].revents) continue;
    if (fds[i].fd == polled[i]->channel_fd_)
      ReadMessages(*polled[i], events);
    else
      ReadOutput(*polled[i], events);
  }
  ReapChildren();
  ApplyDeadlines();
  CollectExits(events);
  return TakeInterrupt();
}

void SubprocessSet::ReadOutput(Subprocess& child, std::vector<SubprocessEvent>* events) {
  char buf[64 << 10];
  for (int i = 0; i < kMaxReadsPerWake && child.pipe_open_; ++i) {
    ssize_t len = read(child.fd_, buf, sizeof(buf));
    if (len > 0) {
      events->push_back(
          {SubprocessEvent::Kind::kOutput, &child, std::string(buf, static_cast<size_t>(len))});
    } else if (len == 0) {
      ClosePipe(child);
    } else if (errno == EAGAIN) {
      return;
    } else if (errno != EINTR) {
      Fatal("read: %s", strerror(errno));
    }
  }
}

void SubprocessSet::ReadMessages(Subprocess& child, std::vector<SubprocessEvent>* events) {
  char buf[2 * PATH_MAX + 16];
  for (int i = 0; i < kMaxReadsPerWake && child.channel_fd_ >= 0; ++i) {
    ssize_t len = recv(child.channel_fd_, buf, sizeof(buf), 0);
    if (len > 0) {
      events->push_back(
          {SubprocessEvent::Kind::kMessage, &child, std::string(buf, static_cast<size_t>(len))});
    } else if (len == 0 || (errno != EAGAIN && errno != EINTR)) {
      CloseChannel(child);  // the child's end is gone: it exited, or it closed it
    } else if (errno == EAGAIN) {
      return;
    }
  }
}

void SubprocessSet::CloseChannel(Subprocess& child) {
  if (child.channel_fd_ < 0) return;
  close(child.channel_fd_);
  child.channel_fd_ = -1;
}

bool SubprocessSet::Send(Subprocess& child, std::string_view message) {
  if (child.channel_fd_ < 0) return false;
  ssize_t sent;
  while ((sent = send(child.channel_fd_, message.data(), message.size(), MSG_NOSIGNAL)) < 0 &&
         errno == EINTR) {
  }
  return sent == static_cast<ssize_t>(message.size());
}

void SubprocessSet::ClosePipe(Subprocess& child) {
  close(child.fd_);
  child.fd_ = -1;
  child.pipe_open_ = false;
  child.drain_until_.reset();
}

void SubprocessSet::ReapChildren() {
  while (pid_t pid = PeekExitedChild()) {
    // Unreaped, the pid is still our child's process group id: killing it cannot hit a
    // stranger that reused the number.
    Subprocess* child = FindChild(pid);
    if (child) SignalGroup(pid, SIGKILL);
    int status = WaitFor(pid);
    // An unknown pid is an orphan reparented to us, already dead: reaping is all it needs.
    if (child) OnMainExited(*child, status);
  }
}

void SubprocessSet::OnMainExited(Subprocess& child, int status) {
  child.reaped_ = ExitInfoFromStatus(status);
  child.kill_at_.reset();
  if (child.pipe_open_) child.drain_until_ = Clock::now() + kDrainGrace;
}

void SubprocessSet::ApplyDeadlines() {
  Clock::time_point now = Clock::now();
  for (auto& child : children_) {
    if (child->kill_at_ && now >= *child->kill_at_) {
      SignalGroup(child->pid_, SIGKILL);
      child->kill_at_.reset();
    }
    if (child->drain_until_ && now >= *child->drain_until_) {
      KillPipeHolders(child->fd_);
      ClosePipe(*child);
    }
  }
}

void SubprocessSet::CollectExits(std::vector<SubprocessEvent>* events) {
  for (auto it = children_.begin(); it != children_.end();) {
    if ((*it)->reaped_ && !(*it)->pipe_open_) {
      CloseChannel(**it);
      (*it)->exit_ = (*it)->reaped_;
      events->push_back({SubprocessEvent::Kind::kExit, it->get(), ""});
      finished_.push_back(std::move(*it));
      it = children_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<Subprocess::Clock::time_point> SubprocessSet::NextDeadline() const {
  std::optional<Clock::time_point> next;
  auto consider = [&next](const std::optional<Clock::time_point>& deadline) {
    if (deadline && (!next || *deadline < *next)) next = deadline;
  };
  for (const auto& child : children_) {
    consider(child->kill_at_);
    consider(child->drain_until_);
  }
  return next;
}

Subprocess* SubprocessSet::FindChild(pid_t pid) {
  for (auto& child : children_) {
    if (child->pid_ == pid && !child->reaped_) return child.get();
  }
  return nullptr;
}

void SubprocessSet::Kill(Subprocess& child) {
  if (!child.reaped_) SignalGroup(child.pid_, SIGKILL);
}

void SubprocessSet::Terminate(Subprocess& child, std::chrono::milliseconds grace) {
  // Once reaped, the group has had its SIGKILL already.
  if (child.reaped_) return;
  SignalGroup(child.pid_, SIGTERM);
  Clock::time_point deadline = Clock::now() + grace;
  if (!child.kill_at_ || deadline < *child.kill_at_) child.kill_at_ = deadline;
}

void SubprocessSet::TerminateAll(std::chrono::milliseconds grace,
                                 std::vector<SubprocessEvent>* events) {
  bool hurry = false;
  while (!children_.empty()) {
    for (auto& child : children_) {
      if (!child->reaped_ && !child->kill_at_) Terminate(*child, hurry ? 0ms : grace);
    }
    // A second Ctrl-C means: do not wait for the grace period.
    if (DoWork(std::chrono::milliseconds(-1), events) != 0 && !hurry) {
      hurry = true;
      for (auto& child : children_) {
        if (!child->reaped_) child->kill_at_ = Clock::now();
      }
    }
  }
  KillAndReapOrphans();
}

size_t SubprocessSet::running() const { return children_.size(); }
