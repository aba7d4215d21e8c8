#include "run_summary.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <ctime>

namespace {

double Seconds(const SessionResult& r) { return r.started() ? r.seconds() : 0; }

/// Each node's own time: nothing for one that ran inside another's process.
std::vector<double> OwnSeconds(const RunRecord& run) {
  std::vector<double> seconds;
  for (size_t n = 0; n < run.results.size(); ++n)
    seconds.push_back(run.HostOf(n) < 0 ? Seconds(run.results[n]) : 0);
  return seconds;
}

bool Overlap(Clock::time_point start, Clock::time_point end, const SessionResult& mine) {
  return start < mine.end && mine.start < end;
}

}  // namespace

std::vector<ReportRow> ReportRows(const RunRecord& run) {
  std::vector<ReportRow> rows;
  for (size_t n = 0; n < run.results.size(); ++n) {
    int node = static_cast<int>(n);
    std::string host = run.HostOf(n) >= 0 ? run.graph->Name(run.HostOf(n)) : "";
    rows.push_back({run.graph->Name(node), &run.results[n], node, host});
  }
  for (const NotifiedRun& notified : run.notified)
    rows.push_back({notified.signature, &notified.result, -1, run.graph->Name(notified.host)});
  return rows;
}

std::string ReasonOf(const SessionResult& result) {
  if (result.outcome == Outcome::kSuccess) return "";
  if (!result.reason.empty()) return result.reason;
  if (result.outcome == Outcome::kFailed && result.exit_code != 0)
    return fmt::format("nox exited with status {}", result.exit_code);
  return "";
}

double BusySeconds(const RunRecord& run) {
  double sum = 0;
  for (double s : OwnSeconds(run)) sum += s;
  return sum;
}

bool RanAlone(const RunRecord& run, int node) {
  const SessionResult& mine = run.results[node];
  if (!mine.started() || run.HostOf(node) >= 0) return false;
  for (size_t other = 0; other < run.results.size(); ++other) {
    const SessionResult& r = run.results[other];
    if (static_cast<int>(other) == node || !r.started() || run.HostOf(other) >= 0) continue;
    if (Overlap(r.start, r.end, mine)) return false;
  }
  for (const DiscardedRun& other : run.discarded)
    if (other.node != node && Overlap(other.start, other.end, mine)) return false;
  return true;
}

double WorkSeconds(const RunRecord& run, int node) {
  const SessionResult& r = run.results[node];
  return r.started() ? std::max(0.0, r.seconds() - run.HeldOf(node)) : 0;
}

SequentialEstimate EstimateSequential(const RunRecord& run) {
  SequentialEstimate estimate;
  std::vector<double> own = OwnSeconds(run);
  for (size_t n = 0; n < own.size(); ++n) {
    if (own[n] <= 0) continue;
    int node = static_cast<int>(n);
    own[n] = WorkSeconds(run, node);  // a wait for another session is none of its cost
    std::optional<double> alone =
        n < run.remembered_alone.size() ? run.remembered_alone[n] : std::nullopt;
    if (RanAlone(run, node)) {
      estimate.seconds += own[n];
    } else if (alone) {
      estimate.seconds += *alone;
    } else {
      estimate.seconds += own[n];
      ++estimate.measured_beside;
    }
  }
  return estimate;
}

std::vector<int> CriticalPath(const RunRecord& run) {
  std::vector<double> actual = OwnSeconds(run);
  std::vector<double> remaining = RemainingPathLengths(*run.graph, actual);
  std::vector<int> path;
  auto longest = std::max_element(remaining.begin(), remaining.end());
  if (longest == remaining.end() || *longest <= 0) return path;
  // Walk down the chain: from each node, the successor whose own remaining path is longest.
  for (int node = static_cast<int>(longest - remaining.begin()); node >= 0;) {
    if (actual[node] > 0) path.push_back(node);
    int next = -1;
    for (int e : run.graph->nodes[node].out) {
      int to = run.graph->edges[e].to;
      if (next < 0 || remaining[to] > remaining[next]) next = to;
    }
    node = next >= 0 && remaining[next] > 0 ? next : -1;
  }
  return path;
}

double PathSeconds(const RunRecord& run, const std::vector<int>& path) {
  double sum = 0;
  std::vector<double> own = OwnSeconds(run);
  for (int node : path) sum += own[node];
  return sum;
}

std::string WallClockUtc(Clock::time_point t) {
  // fmt 9 formats a time_point in local time, so go through time_t and gmtime; the
  // milliseconds order a session starting in the second another ended after it.
  auto system = std::chrono::system_clock::now() +
                std::chrono::duration_cast<std::chrono::system_clock::duration>(t - Clock::now());
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(system.time_since_epoch());
  std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", fmt::gmtime(seconds), ms.count() % 1000);
}

std::string ProjectPath(const Project& project, const std::string& path) {
  std::string prefix = project.root.ends_with('/') ? project.root : project.root + "/";
  return !project.root.empty() && path.starts_with(prefix) ? path.substr(prefix.size()) : path;
}

Comparison CompareWithSequential(const RunRecord& run) {
  SequentialEstimate estimate = EstimateSequential(run);
  int timed = 0;
  for (size_t n = 0; n < run.results.size(); ++n)
    timed += run.results[n].started() && run.HostOf(n) < 0;
  std::string seconds = estimate.seconds < 60 ? fmt::format("{:.1f}s", estimate.seconds)
                                              : fmt::format("{:.0f}s", estimate.seconds);
  Comparison comparison;
  if (estimate.measured_beside == 0)
    comparison.sequential =
        fmt::format("sequential nox about {} (each session timed alone)", seconds);
  else
    comparison.sequential =
        fmt::format("sequential nox at most {} ({} of {} session{} timed only beside others)",
                    seconds, estimate.measured_beside, timed, timed == 1 ? "" : "s");
  double ratio = run.seconds() > 0 ? estimate.seconds / run.seconds() : 0;
  if (ratio >= 1)
    comparison.faster =
        fmt::format("{}{:.2f}x faster", estimate.measured_beside ? "up to " : "", ratio);
  else if (ratio > 0)
    comparison.faster = fmt::format("{:.2f}x slower", 1 / ratio);
  return comparison;
}

std::string ConflictNote(const RunRecord& run, int node) {
  const ConflictRecord* last = nullptr;
  for (const ConflictRecord& c : run.conflicts)
    if (c.affected == node && (!last || c.outcome == ConflictOutcome::kRunAgain)) last = &c;
  if (!last) return "";
  int other = last->first == node ? last->second : last->first;
  std::string why = last->evidence.path.empty() ? "" : fmt::format(" ({})", last->evidence.path);
  if (last->outcome == ConflictOutcome::kHeld)
    return fmt::format("waited for {}{}", run.graph->Name(other), why);
  return fmt::format("ran again after {}{}", run.graph->Name(other), why);
}

std::string RunVerdict(const RunRecord& run) {
  size_t total = run.results.size() + run.notified.size();
  size_t failed = 0;
  for (const ReportRow& row : ReportRows(run))
    if (!Passed(row.result->outcome)) ++failed;
  std::string sessions = total == 1 ? "session" : "sessions";
  if (run.signal) return fmt::format("interrupted (signal {})", run.signal);
  if (failed == 0) return fmt::format("{} {} passed", total, sessions);
  return fmt::format("{} of {} {} did not pass", failed, total, sessions);
}
