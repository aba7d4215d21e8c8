#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "graph.h"
#include "matrix.h"

/// The machine form every other is made from (and what `run --from-matrix` reads):
///   {"version": 1, "estimate_s": S, "job_overhead_s": S, "runner_cpus": N,
///    "shards": [{"sessions": [SIGNATURE...], "estimate_s": WORK, "wall_s": S}...],
///    "final": {"sessions": [...], "estimate_s": WORK, "wall_s": S,
///              "needs": [{"from": SIGNATURE, "paths": [GLOB...]}]},
///    "assumed": {"sessions": [...], "seconds": S}}
std::string RenderMatrixJson(const Graph& graph, const Matrix& matrix);

/// Lines for `$GITHUB_OUTPUT`: `matrix=` a strategy.matrix with one include entry per shard
/// (shard, sessions, estimate: its wall time on its runner, artifacts), `final=` true or false, and
/// `plan=` the JSON form on one line, for the shard jobs' `--from-matrix -`.
std::string RenderMatrixGithub(const Graph& graph, const Matrix& matrix);

/// A GitLab child pipeline: one job per shard, a final job that needs the shards it takes
/// files from, and `parnox-durations`, which merges every job's durations for the next plan.
/// The stage jobs extend `.parnox` and the last one `.parnox-durations`, which the project
/// defines (docs/ci.md). Each stage job gets PARNOX_SHARD, and PARNOX_MATRIX (the JSON form)
/// from `.parnox-plan`, which holds it once for all; each keeps a copy of its durations as
/// `parnox-durations/JOB.json`.
std::string RenderMatrixGitlab(const Graph& graph, const Matrix& matrix);

/// The text of a plan file, or of stdin for "-". Returns nullopt and fills `error`.
std::optional<std::string> ReadMatrixFile(const std::string& file, std::string* error);

/// Every session a plan names, in all its stages (the text must be a plan ReadMatrixStage
/// accepted).
std::vector<std::string> MatrixSessions(const std::string& text);

/// The sessions of one stage of a matrix file (`file` "-": stdin): shard K's (1-based) or,
/// for K = 0, the final stage's. Returns the signatures, or an error naming the file and the
/// fix.
std::variant<std::vector<std::string>, std::string> ReadMatrixStage(const std::string& text,
                                                                    const std::string& file,
                                                                    int shard);
