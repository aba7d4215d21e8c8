#include "report.h"

#include <nlohmann/json.hpp>

#include "run_summary.h"

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

nlohmann::json Entry(const Session* session, const std::string& signature, const SessionResult& r) {
  nlohmann::json entry = nlohmann::json::object();
  entry["name"] = r.nox ? r.nox->name : session ? session->name : signature;
  entry["signatures"] = r.nox     ? r.nox->signatures
                        : session ? session->signatures
                                  : std::vector<std::string>{signature};
  // parnox's own verdict wins where nox never saw the end: a timeout or an interruption.
  std::string result = NoxResult(r.outcome);
  bool nox_decided = r.nox && r.outcome != Outcome::kTimedOut && r.outcome != Outcome::kInterrupted;
  entry["result"] = nox_decided ? r.nox->result : result;
  entry["result_code"] = nox_decided ? r.nox->result_code : ResultCode(result);
  nlohmann::json args = nlohmann::json::parse(r.nox ? r.nox->args_json : "{}", nullptr, false);
  entry["args"] = args.is_discarded() ? nlohmann::json::object() : args;
  entry["parnox_result"] = OutcomeName(r.outcome);
  if (!r.reason.empty()) entry["reason"] = r.reason;
  if (r.started()) {
    entry["start"] = WallClockUtc(r.start);
    entry["end"] = WallClockUtc(r.end);
    entry["duration"] = r.seconds();
    entry["worker"] = r.worker;
  }
  if (!r.log_path.empty()) entry["log"] = r.log_path;
  return entry;
}

}  // namespace

std::string RenderReport(const Project& project, const RunRecord& run) {
  nlohmann::json sessions = nlohmann::json::array();
  for (const ReportRow& row : ReportRows(run)) {
    const Session* session =
        row.node >= 0 ? run.graph->nodes[row.node].session : project.Find(row.signature);
    sessions.push_back(Entry(session, row.signature, *row.result));
    if (!row.host.empty()) sessions.back()["notified_by"] = row.host;
  }
  nlohmann::json report = {
      {"result", run.AllPassed() ? 1 : 0},
      {"sessions", sessions},
      {"parnox",
       {{"version", PARNOX_VERSION},
        {"nox_version", project.nox_version},
        {"jobs", run.jobs},
        {"start", WallClockUtc(run.start)},
        {"end", WallClockUtc(run.end)},
        {"wall_seconds", run.seconds()},
        {"sequential_seconds", EstimateSequential(run).seconds},
        {"sequential_measured_beside", EstimateSequential(run).measured_beside},
        {"busy_seconds", BusySeconds(run)},
        {"lower_bound_seconds", run.lower_bound_seconds}}},
  };
  // A reason or path need not be UTF-8; a report must still be written.
  return report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}
