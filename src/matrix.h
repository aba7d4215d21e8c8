#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "graph.h"
#include "learned_edges.h"

/// One CI job's share of the selected sessions.
struct Shard {
  std::vector<int> nodes;  ///< graph nodes, in nox's order
  double estimate = 0;     ///< seconds of work: its sessions' estimates summed
  double wall = 0;         ///< seconds on its runner: max(work / cores, longest chain)
};

/// What one session in the final stage needs from a session that ran in a shard job: the
/// files to carry between the jobs, as globs relative to the project root.
struct Need {
  int from;                        ///< the graph node that ran in a shard
  std::vector<std::string> paths;  ///< empty when nothing says which files travel
};

/// The sessions spread over CI jobs: shards that run side by side, then a final stage for
/// the sessions that follow work from several shards (a coverage combine, say).
struct Matrix {
  std::vector<Shard> shards;
  Shard final;                 ///< empty when no session needs a final stage
  std::vector<Need> needs;     ///< for the final stage, in nox's order of `from`
  std::vector<int> assumed;    ///< nodes with no remembered duration
  double assumed_seconds = 0;  ///< what each of those was taken to last
  double job_overhead = 0;     ///< seconds a CI job takes before its first session
  int runner_cpus = 1;         ///< cores of each job's runner

  /// The run's estimated wall time: one job's start-up and the slowest shard, then the
  /// final stage's start-up and time where there is one.
  double EstimatedWall() const;
};

struct MatrixOptions {
  std::optional<int> shards;  ///< nullopt: auto, from the durations and job overhead
  double job_overhead = 30;   ///< seconds
  /// Cores of each job's runner, which runs its stage in parallel (`parnox run`): a stage
  /// takes max(work / cores, its longest chain).
  int runner_cpus = 1;
};

/// Plans the matrix for every node of `graph`. `durations` holds each node's remembered
/// seconds (nullopt: unknown, given the mean of the known ones, or 1 when none is known).
/// Connected sessions stay in one shard; a group too heavy for one shard is split at its
/// fan-in sessions (those after two or more others), which go with everything after them to
/// the final stage, whenever that lowers the estimated wall time. With `shards` unset, the
/// count is the one where one more job would save less than its start-up cost. The same
/// inputs give the same plan on every machine.
Matrix PlanMatrix(const Graph& graph, const std::vector<std::optional<double>>& durations,
                  const MatrixOptions& options);

/// Fills `matrix.needs`: for every edge from a shard into the final stage, the paths that
/// must travel, from `[tool.parnox] artifacts` and from the evidence of learned edges (a
/// written file becomes a glob of its name family: `.coverage.host.1.2` -> `.coverage.*`).
void FindNeeds(const Graph& graph, const Config& config, const std::vector<LearnedEdge>& learned,
               Matrix& matrix);
