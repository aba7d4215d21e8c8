#include "subprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

extern char** environ;

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

std::optional<CapturedRun> RunAndCapture(const std::vector<std::string>& argv,
                                         std::string* error) {
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
  pid_t pid = -1;
  int err = plan.Spawn(&pid, argv, environ, /*search_path=*/true);
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

// The event loop lands in the next commit; these keep the library linking meanwhile.
SubprocessSet::SubprocessSet() = default;
SubprocessSet::~SubprocessSet() = default;
Subprocess* SubprocessSet::Add(const SpawnRequest&, std::string*) { Fatal("SubprocessSet::Add: not implemented yet"); }
int SubprocessSet::DoWork(SubprocessObserver&, std::chrono::milliseconds) { Fatal("SubprocessSet::DoWork: not implemented yet"); }
void SubprocessSet::Terminate(Subprocess&, std::chrono::milliseconds) {}
void SubprocessSet::TerminateAll(SubprocessObserver&, std::chrono::milliseconds) {}
size_t SubprocessSet::running() const { return children_.size(); }
