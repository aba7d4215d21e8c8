#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

enum class Command { kRun, kList, kAudit, kMatrix, kMergeDurations, kCompletion };

/// `parnox completion bash|zsh|fish`: the shell whose completion script to print.
enum class Shell { kBash, kZsh, kFish };

/// How the run is shown: `--output board|blocks|stream|quiet`; auto picks the board on a
/// smart terminal and blocks elsewhere.
enum class OutputMode { kAuto, kBoard, kBlocks, kStream, kQuiet };

/// `parnox matrix --format`.
enum class MatrixFormat { kJson, kGithub, kGitlab };

/// Which stage of a matrix `run --shard` runs: shard `index` (1-based) of `count`, or the
/// final stage (index 0). `count` is unset when the stage comes from a matrix file.
struct ShardChoice {
  int index = 0;
  std::optional<int> count;
};

/// The files `parnox run` writes its reports to, each when asked for.
struct ReportFiles {
  std::optional<std::string> report;    ///< --report FILE: nox's JSON shape
  std::optional<std::string> junit;     ///< --junit FILE
  std::optional<std::string> timeline;  ///< --timeline FILE: Chrome trace events
  std::optional<std::string> html;      ///< --html FILE
};

/// The command line, parsed and checked once, before anything runs: every value has its
/// type, and what goes on to nox is kept apart. Every command reads this.
struct Options {
  Command command = Command::kRun;
  /// -j: worker slots, 0 for "auto"; unset: [tool.parnox] jobs, else auto. Settled into
  /// `jobs` once the configuration is read (SettleJobs).
  std::optional<int> jobs_flag;
  int jobs = 1;
  std::optional<std::string> nox;  ///< --nox CMD
  bool stop_on_first_error = false;
  bool fail_fast = false;
  ReportFiles reports;
  OutputMode output = OutputMode::kAuto;
  std::chrono::milliseconds heartbeat{60000};  ///< --heartbeat (blocks output)
  bool trace = true;                           ///< run: --no-trace turns the tracer off
  bool json = false;                           ///< list --json, audit --json
  std::optional<std::string> markdown;         ///< audit --markdown FILE
  std::optional<int> shards;                   ///< matrix --shards N; unset: auto
  MatrixFormat format = MatrixFormat::kJson;
  std::chrono::milliseconds job_overhead{30000};  ///< matrix --job-overhead
  int runner_cpus = 2;                            ///< matrix --runner-cpus N: each CI job's cores
  std::optional<ShardChoice> shard;               ///< run --shard
  std::optional<std::string> from_matrix;         ///< run --from-matrix FILE ("-": stdin)
  std::vector<std::string> duration_files;        ///< merge-durations FILE...
  Shell shell = Shell::kBash;                     ///< completion SHELL

  /// nox's selection, exactly as given, for discovery: -s/-e, -t, -k, -p.
  std::vector<std::string> selection;
  std::optional<std::string> noxfile;  ///< -f, also given to every child
  /// Every other nox option, in order, for discovery and every session's nox.
  std::vector<std::string> nox_options;
  std::optional<std::vector<std::string>> posargs;  ///< after `--`

  /// The arguments discovery hands to nox's own parser.
  std::vector<std::string> DiscoveryArgs() const;
  /// The noxfile as given (-f), or nox's default.
  std::string Noxfile() const { return noxfile.value_or("noxfile.py"); }
};

/// parnox's command line as CLI11 defines it: every command and option with its names,
/// value and help, bound to where a parse stores it. ParseOptions parses with it, and shell
/// completion (completion.h) reads the commands and options from it, so the two cannot
/// drift apart.
class CommandLine {
 public:
  CommandLine();
  ~CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  /// The top level: `parnox [run]`'s options, and the commands.
  const CLI::App& top() const;
  /// The commands, in --help's order: run, list, audit, matrix, merge-durations, completion.
  std::vector<const CLI::App*> commands() const;

  /// What a parse fills in (options.cc's own).
  struct Parts;
  Parts& parts() { return *parts_; }

 private:
  std::unique_ptr<Parts> parts_;
};

/// Parses and checks argv. On --help, --version or a usage error (said on stderr with the
/// fix), returns nullopt and the exit code to end with in `exit_code`.
std::optional<Options> ParseOptions(int argc, char** argv, int* exit_code);

/// Parses --shard: "K/N" or "final/N" without a matrix file, "K" or "final" with one.
/// Returns nullopt and fills `error` (with the fix) on anything else.
std::optional<ShardChoice> ParseShardChoice(const std::string& text, bool from_file,
                                            std::string* error);

/// Parses -j and --shards: "auto" is 0, a number from 1 to `at_most` is itself; nullopt
/// for anything else.
std::optional<int> ParseCount(const std::string& text, int at_most);

/// The worker slots of a run: -j, else `[tool.parnox] jobs` (0 meaning auto), else auto;
/// auto is `usable_cpus`.
int SettleJobs(std::optional<int> flag, std::optional<int> configured, int usable_cpus);
