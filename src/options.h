#pragma once

#include <optional>
#include <string>
#include <vector>

enum class Command { kRun, kList, kAudit, kMatrix, kMergeDurations };

/// The command line, split into what parnox uses and what goes on to nox.
struct Options {
  Command command = Command::kRun;
  std::optional<std::string> jobs;        ///< "N" or "auto"; unset: config, then auto
  std::optional<std::string> nox;         ///< --nox CMD
  bool stop_on_first_error = false;
  bool fail_fast = false;
  std::optional<std::string> report;      ///< --report FILE: nox's JSON shape
  std::optional<std::string> junit;       ///< --junit FILE
  std::optional<std::string> timeline;    ///< --timeline FILE: Chrome trace events
  std::optional<std::string> html;        ///< --html FILE
  std::string output = "auto";            ///< --output board|blocks|stream|quiet|auto
  std::string heartbeat = "60s";          ///< --heartbeat DURATION (blocks output)
  bool trace = true;                      ///< run: --no-trace turns the tracer off
  bool json = false;                      ///< list --json, audit --json
  std::optional<std::string> markdown;    ///< audit --markdown FILE
  std::string shards = "auto";            ///< matrix --shards N|auto
  std::string format = "json";            ///< matrix --format json|github|gitlab
  std::string job_overhead = "30s";       ///< matrix --job-overhead DURATION
  int runner_cpus = 2;                    ///< matrix --runner-cpus N: each CI job's cores
  std::optional<std::string> shard;       ///< run --shard K/N, final/N, or K|final with a file
  std::optional<std::string> from_matrix; ///< run --from-matrix FILE ("-": stdin)
  std::vector<std::string> duration_files;  ///< merge-durations FILE...

  /// nox's selection, exactly as given, for discovery: -s/-e, -t, -k, -p, -f.
  std::vector<std::string> selection;
  std::optional<std::string> noxfile;     ///< -f, also given to every child
  /// Every other nox option, in order, for discovery and every session's nox.
  std::vector<std::string> nox_options;
  std::optional<std::vector<std::string>> posargs;  ///< after `--`

  /// The arguments discovery hands to nox's own parser.
  std::vector<std::string> DiscoveryArgs() const;
};

/// Parses argv. On --help, --version or a usage error, prints and returns the exit code
/// to end with.
std::optional<Options> ParseOptions(int argc, char** argv, int* exit_code);

/// Which stage of a matrix `run --shard` runs: shard `index` (1-based) of `count`, or the
/// final stage (index 0). `count` is unset when the stage comes from a matrix file.
struct ShardChoice {
  int index = 0;
  std::optional<int> count;
};

/// Parses --shard: "K/N" or "final/N" without a matrix file, "K" or "final" with one.
/// Returns nullopt and fills `error` (with the fix) on anything else.
std::optional<ShardChoice> ParseShardChoice(const std::string& text, bool from_file,
                                            std::string* error);

/// Resolves -j: "auto" or unset -> usable CPUs; a number >= 1 as given. Returns nullopt for
/// anything else.
std::optional<int> ResolveJobs(const std::optional<std::string>& flag,
                               std::optional<int> configured, int usable_cpus);
