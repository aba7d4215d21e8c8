#pragma once

// What a run produced: every fact recorded once, as the run learns it, in a plain record
// that the summary and every report read and nothing recomputes.

#include <optional>
#include <string>
#include <vector>

#include "conflicts.h"
#include "graph.h"
#include "result.h"

/// A session nox ran inside another session's process (that session notified it) and that
/// is not a node of the graph (it was not selected).
struct NotifiedRun {
  std::string signature;
  int host = -1;  ///< the node whose nox process ran it
  SessionResult result;
};

/// What a run did about a conflict it caught as it happened (guard.h).
enum class ConflictOutcome {
  kHeld,      ///< `affected` waited, holding no worker slot, until the other ended
  kRunAgain,  ///< `affected` was ended, what it changed undone, and it ran again
};

struct ConflictRecord {
  int first = -1;   ///< node, first in nox's order
  int second = -1;  ///< node
  Evidence evidence;
  ConflictOutcome outcome = ConflictOutcome::kHeld;
  int affected = -1;  ///< the node held or run again
  /// A failure it may explain, not yet shown to: the evidence counts (is learned) only if
  /// the session passes when run again.
  bool suspected = false;
};

/// The time span of a session's run whose result was thrown away (it was undone, or run
/// again): it still shared the machine with the sessions beside it.
struct DiscardedRun {
  int node = -1;
  Clock::time_point start{};
  Clock::time_point end{};
};

struct RunRecord {
  const Graph* graph = nullptr;
  std::vector<SessionResult> results;  ///< per node
  /// Per node: the node whose nox process ran it (it was notified there, and shares that
  /// node's time span and log), or -1 when it ran in a process of its own.
  std::vector<int> hosts;
  std::vector<NotifiedRun> notified;
  std::vector<int> runs;                  ///< per node: how many times it started
  std::vector<ConflictRecord> conflicts;  ///< caught as they happened, in order
  std::vector<DiscardedRun> discarded;
  /// Per node: the seconds its last run stood held at a call, waiting for another session
  /// (in its duration, but no work of its own).
  std::vector<double> held;
  int jobs = 1;
  int signal = 0;  ///< the interrupting signal, 0 if none
  Clock::time_point start{};
  Clock::time_point end{};
  double lower_bound_seconds = 0;  ///< max(critical path, work / jobs) of this run
  /// Per node: its remembered duration when it ran alone (durations.json), when known.
  std::vector<std::optional<double>> remembered_alone;

  double seconds() const { return std::chrono::duration<double>(end - start).count(); }
  /// The node whose process ran `node`, or -1 for its own (also where hosts is unset).
  int HostOf(size_t node) const { return node < hosts.size() ? hosts[node] : -1; }
  /// How many times `node` started (0 where runs is unset).
  int RunsOf(size_t node) const { return node < runs.size() ? runs[node] : 0; }
  double HeldOf(size_t node) const { return node < held.size() ? held[node] : 0; }
  /// Every session passed as nox counts it, notified ones included.
  bool AllPassed() const {
    for (const SessionResult& r : results)
      if (!Passed(r.outcome)) return false;
    for (const NotifiedRun& n : notified)
      if (!Passed(n.result.outcome)) return false;
    return true;
  }
};
