#pragma once

#include <string>
#include <vector>

#include "run_record.h"
#include "session.h"

/// One session of a finished run as every report lists it.
struct ReportRow {
  std::string signature;
  const SessionResult* result = nullptr;
  int node = -1;  ///< the graph node; -1 for a notified session outside the graph
  /// For a session nox ran inside another session's process (one it notified), that
  /// session: the two share one time span and one log.
  std::string host;

  bool own_process() const { return host.empty(); }
};

/// The run's sessions in nox's run order, then the notified ones.
std::vector<ReportRow> ReportRows(const RunRecord& run);

/// Failed as a CI reader counts it: the session ran and did not pass.
inline bool IsFailure(Outcome outcome) {
  return outcome == Outcome::kFailed || outcome == Outcome::kTimedOut;
}

/// Why a session did not pass, in words: its reason, else for a failure nox's exit status
/// (nox 2022.11's report gives no reason). Empty for a success.
std::string ReasonOf(const SessionResult& result);

/// The time the sessions took in this run, one after another: each process once, so a
/// notified session, which shares its host's time, adds nothing. Sessions that ran side
/// by side slowed each other down, so this is more than sequential nox would take.
double BusySeconds(const RunRecord& run);

/// Whether `node` ran in its own process with no other session's process beside it.
bool RanAlone(const RunRecord& run, int node);

/// What `node`'s last run took, less the time it stood held: the duration to remember.
double WorkSeconds(const RunRecord& run, int node);

/// What sequential nox would take: each session's duration when it had the machine to
/// itself (this run's, else remembered), or, never measured alone, this run's.
struct SequentialEstimate {
  double seconds = 0;
  int measured_beside = 0;  ///< sessions whose duration comes from beside others
};
SequentialEstimate EstimateSequential(const RunRecord& run);

/// "sequential nox about 35.0s (each session timed alone)", or "... at most 42.3s (4 of 6
/// sessions timed only beside others)" and the ratio to the wall time ("1.46x faster",
/// "up to 1.77x faster"): the summary's comparison in words.
struct Comparison {
  std::string sequential;  ///< "sequential nox about 35.0s (...)"
  std::string faster;      ///< "1.46x faster", empty without a wall time
};
Comparison CompareWithSequential(const RunRecord& run);

/// The longest chain through the graph's edges, weighed with this run's real durations, as
/// nodes in order. Sessions that did not run in their own process weigh nothing and are
/// left out.
std::vector<int> CriticalPath(const RunRecord& run);

/// The sum of the durations of `path`.
double PathSeconds(const RunRecord& run, const std::vector<int>& path);

/// A steady-clock time as UTC wall-clock time, ISO 8601 with milliseconds and a Z.
std::string WallClockUtc(Clock::time_point t);

/// `path` relative to the project's root when under it (".parnox/logs/lint.log"): readable
/// wherever a report is opened, even on another machine.
std::string ProjectPath(const Project& project, const std::string& path);

/// For a session that ran more than once because of a conflict: "ran again after tests
/// (.coverage.*)"; for one that waited at a call: "waited for unit (state.db)"; else "".
std::string ConflictNote(const RunRecord& run, int node);

/// "1 of 6 sessions failed", "6 sessions passed", "interrupted": the run in a few words.
std::string RunVerdict(const RunRecord& run);
