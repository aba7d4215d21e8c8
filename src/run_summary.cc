#include "run_summary.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <ctime>

namespace {

double Seconds(const SessionResult& r) {
  return r.started() ? r.seconds() : 0;
}

/// Whether `graph` has an edge from `from` to `to`.
bool HasEdge(const Graph& graph, int from, int to) {
  for (int e : graph.nodes[from].out)
    if (graph.edges[e].to == to) return true;
  return false;
}

/// Each node's own time: nothing for one that ran inside another's process.
std::vector<double> OwnSeconds(const RunRecord& run) {
  std::vector<int> hosts = HostNodes(run);
  std::vector<double> seconds;
  for (size_t n = 0; n < run.results.size(); ++n)
    seconds.push_back(hosts[n] < 0 ? Seconds(run.results[n]) : 0);
  return seconds;
}

/// The node whose log `result` shares, preferring one that ran in its own process.
int NodeWithLog(const RunRecord& run, const std::vector<int>& hosts, const SessionResult& result) {
  int found = -1;
  for (size_t n = 0; n < run.results.size(); ++n) {
    if (result.log_path.empty() || run.results[n].log_path != result.log_path) continue;
    if (hosts[n] < 0) return static_cast<int>(n);
    if (found < 0) found = static_cast<int>(n);
  }
  return found;
}

}  // namespace

std::vector<int> HostNodes(const RunRecord& run) {
  // A notified node that nox ran inside its notifier's process took the notifier's log
  // and times; the notifier is the one of them no other of them leads to.
  const Graph& graph = *run.graph;
  std::vector<int> hosts(run.results.size(), -1);
  for (size_t n = 0; n < run.results.size(); ++n) {
    const std::string& log = run.results[n].log_path;
    for (size_t m = 0; m < run.results.size() && !log.empty(); ++m) {
      if (m == n || run.results[m].log_path != log) continue;
      bool m_leads = HasEdge(graph, static_cast<int>(m), static_cast<int>(n));
      if (m_leads || (m < n && !HasEdge(graph, static_cast<int>(n), static_cast<int>(m)))) {
        hosts[n] = static_cast<int>(m);
        break;
      }
    }
  }
  return hosts;
}

std::vector<ReportRow> ReportRows(const RunRecord& run) {
  std::vector<int> hosts = HostNodes(run);
  std::vector<ReportRow> rows;
  for (size_t n = 0; n < run.results.size(); ++n) {
    int node = static_cast<int>(n);
    std::string host = hosts[n] >= 0 ? run.graph->Name(hosts[n]) : "";
    rows.push_back({run.graph->Name(node), &run.results[n], node, host});
  }
  for (const auto& [signature, result] : run.extras) {
    int host = NodeWithLog(run, hosts, result);
    // Without a log to tell, the notifier is unknown; "?" still marks it as not its own.
    rows.push_back({signature, &result, -1, host >= 0 ? run.graph->Name(host) : "?"});
  }
  return rows;
}

std::string ReasonOf(const SessionResult& result) {
  if (result.outcome == Outcome::kSuccess) return "";
  if (!result.reason.empty()) return result.reason;
  if (result.outcome == Outcome::kFailed && result.exit_code != 0)
    return fmt::format("nox exited with status {}", result.exit_code);
  return "";
}

double SequentialSeconds(const RunRecord& run) {
  double sum = 0;
  for (double s : OwnSeconds(run)) sum += s;
  return sum;
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

std::string RunVerdict(const RunRecord& run) {
  size_t total = run.results.size() + run.extras.size();
  size_t failed = 0;
  for (const ReportRow& row : ReportRows(run))
    if (!Passed(row.result->outcome)) ++failed;
  std::string sessions = total == 1 ? "session" : "sessions";
  if (run.signal) return fmt::format("interrupted (signal {})", run.signal);
  if (failed == 0) return fmt::format("{} {} passed", total, sessions);
  return fmt::format("{} of {} {} did not pass", failed, total, sessions);
}
