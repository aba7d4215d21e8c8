// The commands that spread sessions over CI jobs: `parnox matrix` plans, `run --shard` picks
// one stage of the plan to run here, and `merge-durations` folds the jobs' durations back.

#include "matrix_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <variant>

#include "config.h"
#include "exit_status.h"
#include "matrix.h"
#include "matrix_format.h"
#include "run_lock.h"
#include "state_dir.h"
#include "status_printer.h"
#include "util.h"

namespace {

/// The remembered durations of the graph's sessions, in node order.
std::vector<std::optional<double>> RememberedDurations(const Invocation& invocation,
                                                       const Graph& graph) {
  std::string warning;
  StateDir state(invocation.project.root, *invocation.disk);
  DurationStore store = state.LoadDurations(&warning);
  Warn(warning);
  std::vector<std::optional<double>> durations;
  for (const Node& node : graph.nodes) durations.push_back(store.Get(node.session->signature));
  return durations;
}

/// Plans the matrix over `graph`.
Matrix Plan(const Invocation& invocation, std::optional<int> shards, const Graph& graph) {
  const Options& options = invocation.options;
  MatrixOptions settings{shards, std::chrono::duration<double>(options.job_overhead).count(),
                         options.runner_cpus};
  Matrix matrix = PlanMatrix(graph, RememberedDurations(invocation, graph), settings);
  FindNeeds(graph, invocation.config, invocation.learned.edges(), matrix);
  return matrix;
}

/// What a person reading a plan should know: guessed durations, files nobody named.
void ExplainPlan(const Graph& graph, const Matrix& matrix) {
  std::vector<std::string> assumed;
  for (int n : matrix.assumed) assumed.push_back(graph.Name(n));
  if (assumed.size() == graph.nodes.size() && !assumed.empty())
    Note(
        "no session has a remembered duration, so every one counts the same; the plan "
        "balances by count. A run (parnox run) remembers them for the next plan");
  else if (!assumed.empty())
    Note(
        fmt::format("no remembered duration for {}; each counts as the mean of the others, "
                    "{}",
                    fmt::join(assumed, ", "), FormatSeconds(matrix.assumed_seconds)));
  for (const Need& need : matrix.needs)
    if (need.paths.empty())
      Warn(
          fmt::format("the final stage follows {} from another job, but nothing says which "
                      "files it leaves behind for it. If it leaves any, declare them in "
                      "[tool.parnox] artifacts (artifacts = {{ \"{}\" = [\"GLOB\"] }}) or "
                      "let `parnox audit` find them; if it leaves none, nothing is missing",
                      graph.Name(need.from), graph.nodes[need.from].session->name));
}

}  // namespace

int PrintMatrix(const Invocation& invocation, const Graph& graph) {
  const Options& options = invocation.options;
  Matrix matrix = Plan(invocation, options.shards, graph);
  ExplainPlan(graph, matrix);
  std::string text = options.format == MatrixFormat::kGithub   ? RenderMatrixGithub(graph, matrix)
                     : options.format == MatrixFormat::kGitlab ? RenderMatrixGitlab(graph, matrix)
                                                               : RenderMatrixJson(graph, matrix);
  std::string error;
  if (!PrintResult(text, &error)) return Fail(kExitUsage, error);
  return kExitSuccess;
}

int MergeDurations(const Options& options, Disk& disk) {
  std::string noxfile = options.Noxfile();
  std::filesystem::path parent = std::filesystem::path(noxfile).parent_path();
  std::string root = parent.empty() ? std::string(".") : parent.string();
  StateDir state(root, disk);
  std::string warning, error;
  if (!std::filesystem::exists(noxfile))
    return Fail(kExitUsage,
                fmt::format("no noxfile at {}; give the project's with -f FILE", noxfile));
  // Every file is read before anything is written: a rejected one leaves the project as it was.
  std::vector<DurationStore> others;
  for (const std::string& file : options.duration_files) {
    std::string problem;
    if (!std::filesystem::is_regular_file(file))
      return Fail(kExitUsage, fmt::format("{}: no such durations file; give the copies of "
                                          ".parnox/durations.json the CI jobs left",
                                          file));
    std::optional<DurationStore> other = ReadDurationsFile(disk, file, &problem);
    if (!other)
      return Fail(kExitUsage, fmt::format("cannot merge {}: {}. It is not a durations file "
                                          "parnox can read (a copy of .parnox/durations.json); "
                                          "leave it out",
                                          file, problem));
    others.push_back(std::move(*other));
  }
  // A run saves the durations it read when it started: the merge waits until it has, or
  // one of the two would lose what the other wrote.
  bool interrupted = false;
  std::optional<RunLock> lock = RunLock::Take(root, &interrupted, &error);
  if (interrupted) return Fail(kExitInterrupted, "interrupted while waiting for the run.");
  if (!lock) Warn(error + "; merging without making sure no run is in progress.");
  error.clear();
  if (!state.Prepare(StateDir::kTop, &error)) return Fail(kExitUsage, error);
  DurationStore store = state.LoadDurations(&warning);
  Warn(warning);
  for (const DurationStore& other : others) store.Merge(other);
  if (!state.Save(store, &error)) return Fail(kExitUsage, error);
  return kExitSuccess;
}

std::string StageName(const Options& options) {
  const ShardChoice& shard = *options.shard;
  if (shard.index == 0) return "the final stage";
  if (shard.count) return fmt::format("shard {}/{}", shard.index, *shard.count);
  return fmt::format("shard {}", shard.index);
}

int EmptyStage(const Options& options) {
  Note(fmt::format("{} has no sessions to run; nothing to do", StageName(options)));
  return kExitSuccess;
}

std::string PlanName(const Options& options) {
  return *options.from_matrix == "-" ? "the plan on stdin" : *options.from_matrix;
}

int ChooseStage(const Options& options, StageChoice* choice) {
  if (options.command != Command::kRun || !options.shard) return -1;
  choice->shard = options.shard;
  if (!options.from_matrix) return -1;
  std::string error;
  std::optional<std::string> text = ReadMatrixFile(*options.from_matrix, &error);
  if (!text) return Fail(kExitUsage, error);
  auto stage = ReadMatrixStage(*text, *options.from_matrix, options.shard->index);
  if (auto* problem = std::get_if<std::string>(&stage)) return Fail(kExitUsage, *problem);
  choice->planned = std::get<std::vector<std::string>>(stage);
  choice->plan_sessions = MatrixSessions(*text);
  if (choice->planned->empty()) return EmptyStage(options);
  return -1;
}

std::vector<std::string> StageOrder(const Invocation& invocation, const ShardChoice& shard,
                                    const std::optional<std::vector<std::string>>& planned,
                                    const Graph& graph) {
  std::vector<std::string> stage;
  if (planned) {
    // nox may have queued prerequisites too (requires=): they ran in their own job.
    for (const std::string& signature : invocation.project.queue)
      if (std::find(planned->begin(), planned->end(), signature) != planned->end())
        stage.push_back(signature);
    return stage;
  }
  Matrix matrix = Plan(invocation, shard.count, graph);
  const std::vector<int>* nodes = &matrix.final.nodes;
  if (shard.index > static_cast<int>(matrix.shards.size())) return stage;  // an empty shard
  if (shard.index > 0) nodes = &matrix.shards[shard.index - 1].nodes;
  for (int n : *nodes) stage.push_back(graph.Name(n));
  return stage;
}
