#include "timeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "run_summary.h"

namespace {

using nlohmann::json;

constexpr int kPid = 1;

long long Micros(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

/// Compact JSON; a signature, reason or path need not be valid UTF-8.
std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

int Tid(int worker) { return worker + 1; }

json Metadata(const char* name, int tid, json args) {
  return {{"ph", "M"}, {"pid", kPid}, {"tid", tid}, {"name", name}, {"args", std::move(args)}};
}

/// The slots a node held: its cpus weight, or every slot for an exclusive one.
int Slots(const RunRecord& run, int node) {
  const Node& n = run.graph->nodes[node];
  return n.exclusive ? run.jobs : std::min(n.cpus, run.jobs);
}

json SessionEvent(const Project& project, const RunRecord& run, const ReportRow& row) {
  const SessionResult& r = *row.result;
  json args = {
      {"result", OutcomeName(r.outcome)}, {"signature", row.signature}, {"worker", r.worker}};
  if (!ReasonOf(r).empty()) args["reason"] = ReasonOf(r);
  if (!r.log_path.empty()) args["log"] = ProjectPath(project, r.log_path);
  if (!row.own_process()) args["notified_by"] = row.host;
  if (row.node >= 0 && row.own_process()) args["slots"] = Slots(run, row.node);
  long long ts = std::max(0LL, Micros(r.start - run.start));
  // A nested event must end inside its parent, and a zero-length one is hard to find.
  long long dur = std::max(1LL, Micros(r.end - r.start));
  return {{"ph", "X"},
          {"pid", kPid},
          {"tid", Tid(r.worker)},
          {"ts", ts},
          {"dur", dur},
          {"name", row.signature},
          {"cat", row.own_process() ? "session" : "notified"},
          {"args", std::move(args)}};
}

}  // namespace

std::string RenderTimeline(const Project& project, const RunRecord& run) {
  json events = json::array();
  events.push_back(Metadata("process_name", 0, {{"name", "parnox -j" + std::to_string(run.jobs)}}));
  for (int worker = 0; worker < run.jobs; ++worker) {
    events.push_back(
        Metadata("thread_name", Tid(worker), {{"name", "worker " + std::to_string(worker)}}));
    events.push_back(Metadata("thread_sort_index", Tid(worker), {{"sort_index", worker}}));
  }
  for (const ReportRow& row : ReportRows(run))
    if (row.result->started()) events.push_back(SessionEvent(project, run, row));
  json other = {
      {"parnox_version", PARNOX_VERSION},
      {"nox_version", project.nox_version},
      {"noxfile", project.noxfile},
      {"start", WallClockUtc(run.start)},
      {"jobs", std::to_string(run.jobs)},
      {"wall_seconds", fmt::format("{:.3f}", run.seconds())},
      {"sequential_seconds", fmt::format("{:.3f}", EstimateSequential(run).seconds)},
      {"lower_bound_seconds", fmt::format("{:.3f}", run.lower_bound_seconds)},
  };
  // One event a line: small, and still readable and diffable.
  std::string out = "{\"traceEvents\": [\n";
  for (size_t i = 0; i < events.size(); ++i)
    out += Dump(events[i]) + (i + 1 < events.size() ? ",\n" : "\n");
  out += "],\n\"displayTimeUnit\": \"ms\",\n\"otherData\": " + Dump(other) + "}\n";
  return out;
}
