#pragma once

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// How a child process ended.
struct ExitInfo {
  int exit_code = 0;  ///< the exit status, or 128 + signal number when killed by a signal
  int signal = 0;     ///< the signal that killed it, 0 if it exited
};

/// Runs argv to completion with stdin on /dev/null, capturing stdout; stderr is inherited.
/// For short helper commands (discovery, nox --version). The child's environment is
/// parnox's, with `extra_env`'s "NAME=VALUE" entries set on top. Returns nullopt when
/// argv[0] cannot be started, with the reason in `error`.
struct CapturedRun {
  ExitInfo exit;
  std::string out;
};
std::optional<CapturedRun> RunAndCapture(const std::vector<std::string>& argv, std::string* error,
                                         const std::vector<std::string>& extra_env = {});

/// From the start of main: SIGINT, SIGTERM and SIGHUP are noted instead of ending parnox at
/// once, so that one arriving before any session starts (while nox lists the sessions)
/// ends the run as an interrupted one, exit 130, as one arriving later does. A SubprocessSet
/// takes a noted signal over as if it had arrived in its first DoWork.
void NoteInterrupts();
/// The interrupt noted and not yet taken, or 0.
int NotedInterrupt();

/// One child of a SubprocessSet: its own process group, stdin on /dev/null, stdout and
/// stderr together into one pipe.
class Subprocess {
 public:
  pid_t pid() const { return pid_; }
  bool done() const { return exit_.has_value(); }
  const ExitInfo& exit() const { return *exit_; }
  /// Opaque tag the owner attaches (the scheduler's node index).
  int tag = -1;

 private:
  friend class SubprocessSet;
  using Clock = std::chrono::steady_clock;
  pid_t pid_ = -1;
  int fd_ = -1;
  bool pipe_open_ = false;
  int channel_fd_ = -1;  ///< our end of the child's channel (SpawnRequest::channel), or -1
  std::optional<ExitInfo> exit_;
  /// Set when the main process has been reaped; becomes exit_ once the pipe is drained.
  std::optional<ExitInfo> reaped_;
  /// When Terminate's grace ends and the group gets SIGKILL.
  std::optional<Clock::time_point> kill_at_;
  /// After the main process exited: when to stop waiting for EOF (a daemon that left the
  /// process group may hold the pipe forever).
  std::optional<Clock::time_point> drain_until_;
};

struct SpawnRequest {
  std::vector<std::string> argv;
  std::vector<std::string> env;  ///< complete environment, "KEY=VALUE"
  std::string cwd;               ///< empty: the parent's
  int tag = -1;
  /// Also give the child a channel of messages, a SOCK_SEQPACKET socket on its fd 3 (the
  /// tracer's question to the guard); what it sends arrives as kMessage events.
  bool channel = false;
};

/// What one wait of a SubprocessSet saw, in the order it saw it: output a child printed,
/// or a child that ended (exited *and* its pipe reached EOF). The caller reads them after
/// DoWork returns, so nothing is called back while the set is busy (ninja's
/// SubprocessSet::NextFinished).
struct SubprocessEvent {
  enum class Kind { kOutput, kMessage, kExit };
  Kind kind;
  Subprocess* child;
  std::string bytes;  ///< kOutput: what it printed; kMessage: one message on its channel
};

/// All running children and the one event loop that waits on their pipes and on signals
/// (ninja's SubprocessSet). INT, TERM and HUP are blocked outside ppoll so they are only
/// seen there; the handler just records the signal.
class SubprocessSet {
 public:
  SubprocessSet();
  ~SubprocessSet();  ///< kills and reaps whatever is still running

  /// Starts a child. Returns nullptr and fills `error` if it could not be spawned.
  Subprocess* Add(const SpawnRequest& request, std::string* error);

  /// Waits until output arrives, a child ends, a signal comes or `timeout` passes; appends
  /// what happened to `events`. Returns the pending interrupting signal (SIGINT, SIGTERM,
  /// SIGHUP) if one arrived, else 0.
  int DoWork(std::chrono::milliseconds timeout, std::vector<SubprocessEvent>* events);

  /// Ends one child's process group: TERM now, KILL once `grace` has passed without it
  /// exiting (checked by DoWork). For timeouts and --fail-fast.
  void Terminate(Subprocess& child, std::chrono::milliseconds grace);

  /// Ends every child's process group: TERM, then KILL after `grace`; reaps all of them,
  /// appending their remaining output and exits to `events`.
  void TerminateAll(std::chrono::milliseconds grace, std::vector<SubprocessEvent>* events);

  size_t running() const;

  /// Sends one message to a child on its channel; false when it is gone.
  bool Send(Subprocess& child, std::string_view message);
  /// Closes a child's channel: a question it waits on is never answered.
  void Hangup(Subprocess& child) { CloseChannel(child); }
  /// Kills a child's process group now, without a grace period.
  void Kill(Subprocess& child);

 private:
  using Clock = Subprocess::Clock;
  void ReadOutput(Subprocess& child, std::vector<SubprocessEvent>* events);
  void ReadMessages(Subprocess& child, std::vector<SubprocessEvent>* events);
  void CloseChannel(Subprocess& child);
  void ClosePipe(Subprocess& child);
  void ReapChildren();
  void OnMainExited(Subprocess& child, int status);
  void ApplyDeadlines();
  void CollectExits(std::vector<SubprocessEvent>* events);
  std::optional<Clock::time_point> NextDeadline() const;
  Subprocess* FindChild(pid_t pid);
  void KillEverything();

  /// Children whose exit is not yet reported.
  std::vector<std::unique_ptr<Subprocess>> children_;
  /// Reported children, kept so pointers handed out by Add stay valid for the set's life.
  std::vector<std::unique_ptr<Subprocess>> finished_;
  sigset_t old_mask_;
  struct sigaction old_actions_[4];
  int old_subreaper_ = 0;
};
