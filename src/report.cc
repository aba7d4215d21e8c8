#include "report.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ctime>

namespace {

/// nox's Status values.
int ResultCode(const std::string& result) {
  if (result == "success") return 1;
  if (result == "skipped") return 2;
  if (result == "failed") return 0;
  return -1;  // aborted
}

/// nox's word for an outcome: a timeout is a failure, anything not run is aborted.
std::string NoxResult(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSuccess: return "success";
    case Outcome::kSkipped: return "skipped";
    case Outcome::kFailed:
    case Outcome::kTimedOut: return "failed";
    default: return "aborted";
  }
}

/// UTC, as the Z says (fmt 9 formats a time_point in local time), with milliseconds so that
/// a session starting in the second another ended still orders after it.
std::string WallClock(Clock::time_point t) {
  auto system = std::chrono::system_clock::now() +
                std::chrono::duration_cast<std::chrono::system_clock::duration>(t - Clock::now());
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(system.time_since_epoch());
  std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", fmt::gmtime(seconds), ms.count() % 1000);
}

nlohmann::json Entry(const Session* session, const std::string& signature,
                     const SessionResult& r) {
  nlohmann::json entry = r.nox_entry.is_object() ? r.nox_entry : nlohmann::json::object();
  if (!entry.contains("name")) entry["name"] = session ? session->name : signature;
  if (!entry.contains("signatures"))
    entry["signatures"] = session ? session->signatures : std::vector<std::string>{signature};
  if (!entry.contains("args")) entry["args"] = nlohmann::json::object();
  // parnox's own verdict wins: nox never saw a timeout or an interruption.
  std::string result = NoxResult(r.outcome);
  if (!r.nox_entry.is_object() || r.outcome == Outcome::kTimedOut ||
      r.outcome == Outcome::kInterrupted) {
    entry["result"] = result;
    entry["result_code"] = ResultCode(result);
  }
  entry["parnox_result"] = OutcomeName(r.outcome);
  if (!r.reason.empty()) entry["reason"] = r.reason;
  if (r.started()) {
    entry["start"] = WallClock(r.start);
    entry["end"] = WallClock(r.end);
    entry["duration"] = r.seconds();
    entry["worker"] = r.worker;
  }
  if (!r.log_path.empty()) entry["log"] = r.log_path;
  return entry;
}

}  // namespace

std::string RenderReport(const Project& project, const RunRecord& run) {
  nlohmann::json sessions = nlohmann::json::array();
  for (size_t n = 0; n < run.results.size(); ++n) {
    const Session* session = run.graph->nodes[n].session;
    sessions.push_back(Entry(session, session->signature, run.results[n]));
  }
  for (const auto& [signature, result] : run.extras)
    sessions.push_back(Entry(project.Find(signature), signature, result));
  nlohmann::json report = {
      {"result", run.AllPassed() ? 1 : 0},
      {"sessions", sessions},
      {"parnox",
       {{"version", PARNOX_VERSION},
        {"nox_version", project.nox_version},
        {"jobs", run.jobs},
        {"start", WallClock(run.start)},
        {"end", WallClock(run.end)},
        {"wall_seconds", run.seconds()},
        {"lower_bound_seconds", run.lower_bound_seconds}}},
  };
  return report.dump(2) + "\n";
}
