#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "access_request.h"
#include "graph.h"
#include "guard.h"
#include "journal.h"
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

/// A traced session asks, at a file call's entry, whether it may go on (guard.h). It
/// stands still until Runner::Answer.
struct AccessAsked {
  int node = -1;
  AccessRequest request;
};

/// What one Runner::Wait saw.
struct RunnerEvents {
  std::vector<Completion> done;
  std::vector<AccessAsked> asked;
};

/// Runs sessions for the scheduler: the test seam between scheduling and processes
/// (ninja's CommandRunner). The real one is NoxRunner; tests use a fake with a virtual clock.
class Runner {
 public:
  virtual ~Runner() = default;
  /// Starts `node` on worker slot `worker`, given `cpus` slots.
  virtual void Start(int node, int worker, int cpus) = 0;
  /// Blocks until a started session ends or asks (guarded runs), an interrupting signal
  /// arrives (then sets `*signal`), or `at_most` passes (when it is not negative).
  virtual RunnerEvents Wait(int* signal, std::chrono::milliseconds at_most) = 0;
  /// Ends one running session (for --fail-fast and timeouts, with a grace period); its
  /// Completion comes from a later Wait.
  virtual void Stop(int node) = 0;
  /// Ends every running session and waits for all of them.
  virtual std::vector<Completion> StopAll() = 0;
  /// Lets `node`'s call that asked go on.
  virtual void Answer(int /*node*/) {}
  /// Ends `node` at once: what it did is to be undone and it runs again. Its Completion
  /// comes from a later Wait, once nothing of it runs any more.
  virtual void End(int /*node*/) {}
  /// The processor time `node`'s processes have used so far, in seconds; negative when
  /// unknown. Tells a session that waits on a lock from one that works.
  virtual double CpuSeconds(int /*node*/) const { return -1; }
  /// The time on the runner's clock: the machine's, or a test's virtual one.
  virtual Clock::time_point Now() const { return Clock::now(); }
};

struct ScheduleOptions {
  int jobs = 1;
  bool stop_on_first_error = false;  ///< -x: start nothing new after a failure
  bool fail_fast = false;            ///< also end the sessions still running
  /// Sessions ask the guard before touching the project (a traced run); undo information
  /// goes to this keeper.
  ChangeKeeper* keeper = nullptr;
  /// How long a held session may wait on a session that uses no processor time before the
  /// wait is taken for a deadlock (a lock the held one keeps) and broken.
  std::chrono::milliseconds deadlock_after{3000};
};

/// Estimates that make the scheduler keep nox's order exactly: each session's priority
/// (its longest remaining path) then exceeds that of every session after it.
std::vector<double> NoxOrderEstimates(const Graph& graph);

/// Starts ready sessions longest-remaining-path first on `jobs` worker slots, honouring
/// edges, cpus weights and exclusive sessions, until every session has ended. In a guarded
/// run it also carries out the guard's verdicts (scheduler_conflicts.cc): a session held at
/// a call gives up its slots until the session it waits for ends; one that went ahead of
/// its turn is ended, undone, and run again after the other.
class Scheduler {
 public:
  Scheduler(const Graph& graph, const std::vector<double>& estimates, ScheduleOptions options,
            Runner& runner, Status& status);
  RunRecord Run();

 private:
  enum class State { kWaiting, kReady, kRunning, kHeld, kEnding, kParked, kDone };

  // The list scheduler (scheduler.cc).
  void StartReady();
  bool TakeSlots(int node);
  bool TryStart(int node);
  void Finish(int node, SessionResult result);
  void Absorb(Completion& completion);
  void Complete(Completion& completion);
  void Release(int node);
  void StopStarting(const std::string& why);
  int FreeSlots() const;
  bool Live() const;
  void MarkReady(int node);
  void Unmet(int node, int delta);

  // What the guard decides (scheduler_conflicts.cc).
  void OnAsked(int node, const AccessRequest& request);
  void RunStaleListersAgain(int node, const AccessRequest& request,
                            const std::vector<int>& stale_listers);
  GuardVerdict Decide(int node, const AccessRequest& request);
  void Hold(int node, int on, const AccessRequest& request, const std::string& why);
  void ResumeHeld();
  void EndAndUndo(std::vector<std::pair<int, int>> ends, int requester, const std::string& why);
  void OnEnded(Completion& completion);
  void FinishUndo();
  void Requeue(int node, int after);
  bool RunAgainAfterFailure(int node, Completion& completion);
  void SettleParked(bool all);
  bool EarlierUnsettled(int node) const;
  std::vector<std::pair<int, int>> AfterEveryEarlier(int node, int first) const;
  void BreakDeadlocks();
  void Note(const LiveConflict& conflict, ConflictOutcome outcome, int affected);
  /// Keeps the time span of a run whose result is thrown away (RunRecord::discarded).
  void Discarded(int node, const SessionResult& result);
  std::string Why(const LiveConflict& conflict) const;

  const Graph& graph_;
  std::vector<double> priority_;
  ScheduleOptions options_;
  Runner& runner_;
  Status& status_;
  RunRecord record_;

  std::vector<State> state_;
  std::vector<int> unmet_;               ///< predecessors (graph and requeue) not yet ended
  std::vector<std::vector<int>> after_;  ///< per node: sessions requeued to wait for it
  std::vector<std::string> blocked_;     ///< the failed prerequisite's name, if any
  std::vector<int> slot_owner_;          ///< per worker slot, the node on it or -1
  int running_ = 0;                      ///< sessions on worker slots
  bool exclusive_running_ = false;
  std::optional<std::string> stop_reason_;
  int stop_cause_ = -1;  ///< the failure that set stop_reason_

  // A guarded run (options_.keeper set).
  std::optional<Guard> guard_;
  std::vector<std::optional<AccessRequest>> pending_;  ///< per node: its unanswered call
  std::vector<int> held_on_;                           ///< per held node: the session it waits for
  std::vector<Clock::time_point> held_since_;          ///< since then no progress of the awaited
  std::vector<Clock::time_point> hold_began_;          ///< when its present hold began
  std::vector<double> held_cpu_;                 ///< the awaited session's processor time then
  std::vector<bool> was_held_;                   ///< this attempt waited at some call
  std::vector<bool> ran_again_;                  ///< already run again once after a suspect failure
  std::set<int> undoing_;                        ///< ended to be undone, not all gone yet
  std::vector<std::pair<int, int>> undo_order_;  ///< (node, the session it runs after)
  std::vector<int> awaiting_undo_;               ///< sessions whose call waits for the undo
  /// Failures not believed yet: an earlier session still runs that may change a directory
  /// the failed one listed (kParked). Said once nothing earlier can.
  std::map<int, Completion> parked_;
};
