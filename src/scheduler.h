#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graph.h"
#include "result.h"
#include "run_record.h"
#include "status.h"

/// A session that ended, with the sessions its nox process ran besides it (the ones it
/// notified), by signature.
struct Completion {
  int node = -1;
  SessionResult result;
  std::vector<std::pair<std::string, SessionResult>> also_ran;
};

/// Runs sessions for the scheduler: the test seam between scheduling and processes
/// (ninja's CommandRunner). The real one is NoxRunner; tests use a fake with a virtual clock.
class Runner {
 public:
  virtual ~Runner() = default;
  /// Starts `node` on worker slot `worker`, given `cpus` slots.
  virtual void Start(int node, int worker, int cpus) = 0;
  /// Blocks until at least one started session ends, or an interrupting signal arrives
  /// (then returns what ended so far and sets `*signal`).
  virtual std::vector<Completion> Wait(int* signal) = 0;
  /// Ends one running session (for --fail-fast); its Completion comes from a later Wait.
  virtual void Stop(int node) = 0;
  /// Ends every running session and waits for all of them.
  virtual std::vector<Completion> StopAll() = 0;
  /// The time on the runner's clock: the machine's, or a test's virtual one.
  virtual Clock::time_point Now() const { return Clock::now(); }
};

struct ScheduleOptions {
  int jobs = 1;
  bool stop_on_first_error = false;  ///< -x: start nothing new after a failure
  bool fail_fast = false;            ///< also end the sessions still running
};

/// Estimates that make the scheduler keep nox's order exactly: each session's priority
/// (its longest remaining path) then exceeds that of every session after it.
std::vector<double> NoxOrderEstimates(const Graph& graph);

/// Starts ready sessions longest-remaining-path first on `jobs` worker slots, honouring
/// edges, cpus weights and exclusive sessions, until every session has ended.
class Scheduler {
 public:
  Scheduler(const Graph& graph, std::vector<double> estimates, ScheduleOptions options,
            Runner& runner, Status& status);
  RunRecord Run();

 private:
  enum class State { kWaiting, kReady, kRunning, kDone };

  void StartReady();
  bool TryStart(int node);
  void Finish(int node, SessionResult result);
  void Absorb(Completion& completion);
  void Release(int node);
  void StopStarting(const std::string& why);
  int FreeSlots() const;

  const Graph& graph_;
  std::vector<double> priority_;
  ScheduleOptions options_;
  Runner& runner_;
  Status& status_;
  RunRecord record_;

  std::vector<State> state_;
  std::vector<int> unmet_;             ///< predecessors not yet ended
  std::vector<std::string> blocked_;   ///< the failed prerequisite's name, if any
  std::vector<int> slot_owner_;        ///< per worker slot, the node on it or -1
  int running_ = 0;
  bool exclusive_running_ = false;
  std::optional<std::string> stop_reason_;
};
