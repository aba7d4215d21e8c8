#include "matrix_format.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "status_printer.h"

namespace {

using Json = nlohmann::ordered_json;

/// Seconds to a tenth: finer says nothing about a session's next run.
double Tenths(double seconds) { return std::round(seconds * 10) / 10; }

std::vector<std::string> Names(const Graph& graph, const std::vector<int>& nodes) {
  std::vector<std::string> names;
  names.reserve(nodes.size());
  for (int n : nodes) names.push_back(graph.Name(n));
  return names;
}

Json MatrixJson(const Graph& graph, const Matrix& matrix) {
  Json json;
  json["version"] = 1;
  json["estimate_s"] = Tenths(matrix.EstimatedWall());
  json["job_overhead_s"] = Tenths(matrix.job_overhead);
  json["runner_cpus"] = matrix.runner_cpus;
  json["shards"] = Json::array();
  for (const Shard& s : matrix.shards)
    json["shards"].push_back({{"sessions", Names(graph, s.nodes)},
                              {"estimate_s", Tenths(s.estimate)},
                              {"wall_s", Tenths(s.wall)}});
  Json needs = Json::array();
  for (const Need& need : matrix.needs)
    needs.push_back({{"from", graph.Name(need.from)}, {"paths", need.paths}});
  json["final"] = {{"sessions", Names(graph, matrix.final.nodes)},
                   {"estimate_s", Tenths(matrix.final.estimate)},
                   {"wall_s", Tenths(matrix.final.wall)},
                   {"needs", needs}};
  json["assumed"] = {{"sessions", Names(graph, matrix.assumed)},
                     {"seconds", Tenths(matrix.assumed_seconds)}};
  return json;
}

/// A signature need not be UTF-8; a replaced byte beats an exception.
std::string Dump(const Json& json, int indent = -1) {
  return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

/// The globs the final stage needs from the sessions of `shard`.
std::vector<std::string> ShardArtifacts(const Matrix& matrix, const Shard& shard) {
  std::vector<std::string> globs;
  for (const Need& need : matrix.needs) {
    if (std::find(shard.nodes.begin(), shard.nodes.end(), need.from) == shard.nodes.end()) continue;
    for (const std::string& p : need.paths)
      if (std::find(globs.begin(), globs.end(), p) == globs.end()) globs.push_back(p);
  }
  return globs;
}

bool FeedsFinal(const Matrix& matrix, const Shard& shard) {
  for (const Need& need : matrix.needs)
    if (std::find(shard.nodes.begin(), shard.nodes.end(), need.from) != shard.nodes.end())
      return true;
  return false;
}

/// The plan, once for every job: a copy in each would make the pipeline grow as shards x
/// plan, past GitLab's limit on a pipeline's size. Not expanded: a `$` in a signature is
/// text.
std::string GitlabPlan(const std::string& plan) {
  return fmt::format(
      ".parnox-plan:\n  variables:\n    PARNOX_MATRIX:\n      value: {}\n"
      "      expand: false\n",
      Dump(Json(plan)));
}

std::string GitlabJob(const std::string& name, const std::string& stage, const std::string& shard) {
  return fmt::format(
      "{}:\n  extends: [.parnox, .parnox-plan]\n  stage: {}\n  variables:\n"
      "    PARNOX_SHARD: \"{}\"\n",
      name, stage, shard);
}

/// Where job `name` leaves its copy of .parnox/durations.json (the .parnox template's
/// after_script copies it there, by $CI_JOB_NAME): the copies meet in one workspace (the
/// merge job's, parnox-final's), so each is named after its job.
std::string DurationsCopy(const std::string& name) {
  return fmt::format("parnox-durations/{}.json", name);
}

/// `artifacts` replaces whatever the template has, so it lists every file the job leaves,
/// kept after a failed job too: the fan-in runs after failed work, as in sequential nox, and
/// a failed session is timed all the same.
std::string GitlabArtifacts(const std::vector<std::string>& paths) {
  std::string out = "  artifacts:\n    when: always\n    expire_in: 1 day\n    paths:\n";
  for (const std::string& p : paths) out += fmt::format("      - {}\n", Dump(Json(p)));
  return out;
}

/// GitLab accepts at most this many jobs in one `needs` list.
constexpr size_t kGitlabMaxNeeds = 50;

/// The final job's `needs`: the shards it takes files from, so it starts as soon as they end.
/// Beyond GitLab's limit it has none, and then waits for the whole shard stage and receives
/// every shard's artifacts instead.
std::string GitlabNeeds(const std::vector<std::string>& jobs) {
  if (jobs.empty() || jobs.size() > kGitlabMaxNeeds) return "";
  std::string out = "  needs:\n";
  for (const std::string& job : jobs)
    out += fmt::format("    - job: {}\n      artifacts: true\n", job);
  return out;
}

/// The job that merges every job's durations for the next plan. No `needs`: a job without
/// them runs after every earlier stage and receives all their artifacts, while a needs list
/// holds at most 50 jobs.
std::string GitlabDurationsJob() {
  return "parnox-durations:\n  extends: .parnox-durations\n  stage: parnox-durations\n"
         "  when: always\n";
}

/// What is wrong with the plan in `file` ("-": stdin), and how to get a sound one.
std::string Problem(const std::string& file, const std::string& what) {
  if (file == "-")
    return fmt::format(
        "the plan on stdin: {}; pipe in what `parnox matrix --format json` "
        "prints (in CI: is the plan job's output empty?)",
        what);
  return fmt::format("{}: {}; make it with `parnox matrix --format json > {}`", file, what, file);
}

/// The signatures in `stage["sessions"]`, or why there are none.
std::variant<std::vector<std::string>, std::string> StageSessions(const Json& stage,
                                                                  const std::string& file) {
  if (!stage.is_object() || !stage.contains("sessions") || !stage["sessions"].is_array())
    return Problem(file, "a stage has no \"sessions\" list, so this is not a parnox matrix");
  std::vector<std::string> sessions;
  for (const Json& s : stage["sessions"]) {
    if (!s.is_string()) return Problem(file, "a session is not a string");
    sessions.push_back(s.get<std::string>());
  }
  return sessions;
}

}  // namespace

std::string RenderMatrixJson(const Graph& graph, const Matrix& matrix) {
  return Dump(MatrixJson(graph, matrix), 2) + "\n";
}

std::string RenderMatrixGithub(const Graph& graph, const Matrix& matrix) {
  Json include = Json::array();
  for (size_t k = 0; k < matrix.shards.size(); ++k) {
    const Shard& shard = matrix.shards[k];
    include.push_back(
        {{"shard", k + 1},
         {"sessions", fmt::format("{}", fmt::join(Names(graph, shard.nodes), ", "))},
         {"estimate", FormatSeconds(shard.wall)},
         {"artifacts", fmt::format("{}", fmt::join(ShardArtifacts(matrix, shard), "\n"))}});
  }
  return fmt::format("matrix={}\nfinal={}\nplan={}\n", Dump(Json{{"include", include}}),
                     matrix.final.nodes.empty() ? "false" : "true",
                     Dump(MatrixJson(graph, matrix)));
}

std::string RenderMatrixGitlab(const Graph& graph, const Matrix& matrix) {
  std::string plan = Dump(MatrixJson(graph, matrix));
  std::string out = fmt::format(
      "# parnox matrix: {} shard{}{}, estimated {} with {} per job.\n"
      "# Every job extends .parnox, the project's own job template, and leaves its durations\n"
      "# in parnox-durations/JOB.json; parnox-durations (.parnox-durations) merges them into\n"
      "# the cache the next plan reads (docs/ci.md).\n"
      "stages: [parnox-shards, parnox-final, parnox-durations]\n",
      matrix.shards.size(), matrix.shards.size() == 1 ? "" : "s",
      matrix.final.nodes.empty() ? "" : " and a final stage", FormatSeconds(matrix.EstimatedWall()),
      FormatSeconds(matrix.job_overhead));
  out += GitlabPlan(plan);
  std::vector<std::string> feeders;
  for (size_t k = 0; k < matrix.shards.size(); ++k) {
    std::string name = fmt::format("parnox-shard-{}", k + 1);
    out += GitlabJob(name, "parnox-shards", std::to_string(k + 1));
    std::vector<std::string> paths = ShardArtifacts(matrix, matrix.shards[k]);
    paths.push_back(DurationsCopy(name));
    out += GitlabArtifacts(paths);
    if (FeedsFinal(matrix, matrix.shards[k])) feeders.push_back(name);
  }
  if (!matrix.final.nodes.empty()) {
    out += GitlabJob("parnox-final", "parnox-final", "final");
    // Sequential nox runs a fan-in after failed work too (a coverage report of what ran).
    out += "  when: always\n" + GitlabNeeds(feeders);
    out += GitlabArtifacts({DurationsCopy("parnox-final")});
  }
  return out + GitlabDurationsJob();
}

std::optional<std::string> ReadMatrixFile(const std::string& file, std::string* error) {
  if (file == "-")
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    *error = fmt::format(
        "cannot read the plan {}: {}; write it with `parnox matrix --format "
        "json > {}`",
        file, std::strerror(errno), file);
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> MatrixSessions(const std::string& text) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> sessions;
  auto add = [&](const Json& stage) {
    if (!stage.is_object() || !stage.contains("sessions") || !stage["sessions"].is_array()) return;
    for (const Json& s : stage["sessions"])
      if (s.is_string()) sessions.push_back(s.get<std::string>());
  };
  if (!json.is_object()) return sessions;
  if (json.contains("shards") && json["shards"].is_array())
    for (const Json& shard : json["shards"]) add(shard);
  if (json.contains("final")) add(json["final"]);
  return sessions;
}

std::variant<std::vector<std::string>, std::string> ReadMatrixStage(const std::string& text,
                                                                    const std::string& file,
                                                                    int shard) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Problem(file, "not valid JSON");
  if (!json.is_object() || !json.contains("shards") || !json["shards"].is_array() ||
      !json.contains("final"))
    return Problem(file, "no \"shards\" list and \"final\" stage, so this is not a parnox matrix");
  if (json.contains("version") && json["version"] != 1)
    return Problem(file, fmt::format("plan format version {}, this parnox reads version 1",
                                     json["version"].dump()));
  if (shard == 0) return StageSessions(json["final"], file);
  size_t count = json["shards"].size();
  std::string name = file == "-" ? "the plan on stdin" : file;
  if (count == 0)
    return fmt::format(
        "{}: has no shards (the selection it was made for had no sessions); "
        "make the plan again with `parnox matrix`",
        name);
  if (static_cast<size_t>(shard) > count)
    return fmt::format(
        "{}: has {} shard{}, so there is no shard {}; use --shard 1 to {} or "
        "--shard final",
        name, count, count == 1 ? "" : "s", shard, count);
  return StageSessions(json["shards"][shard - 1], file);
}
