#pragma once

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "environment.h"
#include "graph.h"
#include "nox_locator.h"
#include "scheduler.h"
#include "state_dir.h"
#include "status.h"
#include "subprocess.h"

/// What every session's nox child is given besides its own signature.
struct NoxRunSettings {
  NoxCommand nox;
  std::vector<std::string> nox_options;             ///< the user's nox options, passed through
  std::optional<std::vector<std::string>> posargs;  ///< after `--`, when given
  StateDir* state = nullptr;                        ///< the project's `.parnox/`: where logs go
  int jobs = 1;
  bool color = false;  ///< sessions get --forcecolor or --nocolor to match parnox's output
  const Environment* env = nullptr;  ///< what sessions inherit, besides parnox's own variables
  /// How long a session asked to stop may take before its process group is killed.
  std::chrono::milliseconds grace{5000};
  /// When set, each session runs under the tracer: `SELF __trace --log TRACE -- NOX...`,
  /// SELF being this binary (readlink /proc/self/exe, resolved once), TRACE the session's
  /// trace file in the state folder (prepared with StateDir::kTraces).
  std::optional<std::string> tracer_exe;
  /// When set (and no tracer), each session runs under the reaper: `SELF __reap --parent
  /// PID -- NOX...` (src/reap_main.h), so that nothing of it outlives parnox.
  std::optional<std::string> reaper_exe;
  /// With the tracer: each session's file calls inside the project wait at their entry for
  /// the guard's answer (Runner::Answer), through a channel the tracer gets on fd 3. These
  /// patterns (relative to the project) are safe to share and ask nothing; each session's
  /// own envdir is added.
  std::optional<std::vector<std::string>> guard_ignores;
  /// Sessions parnox runs in another stage of a matrix plan (another CI job): a notify of
  /// one of them is a no-op here, as a notify of a session of this run is.
  std::vector<std::string> run_elsewhere;
};

/// Runs each session as its own `nox -s SIGNATURE` child (own process group, stdin on
/// /dev/null, output to its log), enforcing per-session timeouts.
class NoxRunner : public Runner {
 public:
  NoxRunner(const Project& project, const Graph& graph, NoxRunSettings settings, Status& status);
  ~NoxRunner() override;

  void Start(int node, int worker, int cpus) override;
  RunnerEvents Wait(int* signal, std::chrono::milliseconds at_most) override;
  void Stop(int node) override;
  std::vector<Completion> StopAll() override;
  void Answer(int node) override;
  void End(int node) override;
  double CpuSeconds(int node) const override;

  /// How one session's nox starts (before the tracer, if any, is put in front).
  struct Launch {
    std::vector<std::string> argv;
    std::vector<std::string> env;  ///< "NAME=VALUE", the whole environment
  };
  Launch LaunchFor(const Session& session, const std::string& report, int cpus) const;
  /// The trace log of a traced session that started; empty when untraced.
  std::string TracePath(int node) const;

 private:
  struct Running {
    Subprocess* child = nullptr;
    SessionResult result;
    std::FILE* log = nullptr;
    std::string report_path;
    std::optional<Clock::time_point> deadline;
    bool timed_out = false;
    bool stopped = false;
    bool ended = false;                      ///< End: killed to be undone
    std::chrono::milliseconds held{0};       ///< time spent waiting for an answer
    std::optional<Clock::time_point> asked;  ///< since when its call waits
  };

  void Handle(const std::vector<SubprocessEvent>& events);
  void OnOutput(Subprocess& child, const std::string& bytes);
  void OnExit(Subprocess& child);
  /// A session's log is its whole output, read after the run: when part of it could not be
  /// written (`error`, an errno), the run says so, once, and the log is written no further.
  void LogLost(Running& run, int error);
  void OnMessage(Subprocess& child, const std::string& bytes);
  std::vector<std::string> TracerArgs(const Session& session, const std::string& trace) const;
  /// The nox arguments: the session, the user's options, parnox's own, the posargs.
  std::vector<std::string> NoxArgsFor(const Session& session, const std::string& report,
                                      bool no_dependencies) const;
  std::vector<std::string> EnvironmentFor(const Session& session, int cpus) const;
  /// The sessions it notifies that this run schedules itself.
  std::vector<std::string> NotifiedElsewhere(const Session& session) const;
  void EnforceTimeouts();
  std::chrono::milliseconds TimeUntilNextDeadline() const;

  const Project& project_;
  const Graph& graph_;
  NoxRunSettings settings_;
  Status& status_;
  SubprocessSet processes_;
  std::map<int, Running> running_;  ///< by node
  std::vector<Completion> done_;
  std::vector<AccessAsked> asked_;
  std::map<int, std::string> trace_paths_;  ///< by node
};

/// This binary's own path, for re-running it as the tracer; empty if /proc cannot say.
std::string SelfExecutable();
