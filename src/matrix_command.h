#pragma once

#include <optional>
#include <string>
#include <vector>

#include "disk.h"
#include "graph.h"
#include "invocation.h"
#include "learned_edges.h"
#include "options.h"
#include "session.h"

/// `parnox matrix`: plans the graph's sessions over CI jobs and prints the plan in the
/// format asked for; notes on guessed durations and unnamed files go to stderr.
int PrintMatrix(const Invocation& invocation, const Graph& graph);

/// `parnox merge-durations`: folds other jobs' durations files into the project's.
int MergeDurations(const Options& options, Disk& disk);

/// What `run --shard` runs, read before nox is asked anything.
struct StageChoice {
  std::optional<ShardChoice> shard;                 ///< unset: not a stage of a matrix
  std::optional<std::vector<std::string>> planned;  ///< the stage's sessions, from a plan
  std::vector<std::string> plan_sessions;           ///< every stage's, from a plan
};

/// Reads the plan --from-matrix names, for --shard. Returns an exit code when parnox is done
/// (an unreadable plan, or an empty stage), else -1.
int ChooseStage(const Options& options, StageChoice* choice);

/// The signatures of the chosen stage, in nox's order: from the plan file, or from planning
/// the selection here exactly as `parnox matrix --shards N` does.
std::vector<std::string> StageOrder(const Invocation& invocation, const ShardChoice& shard,
                                    const std::optional<std::vector<std::string>>& planned,
                                    const Graph& graph);

/// Says that the chosen stage has nothing to run; the exit code for that (0).
int EmptyStage(const Options& options);

/// "the final stage" or "shard 2/4", as --shard named it.
std::string StageName(const Options& options);

/// The plan file as messages name it.
std::string PlanName(const Options& options);
