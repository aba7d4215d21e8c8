#pragma once

#include <optional>
#include <string>
#include <vector>

enum class Command { kRun, kList, kAudit };

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

/// Resolves -j: "auto" or unset -> usable CPUs; a number >= 1 as given. Returns nullopt for
/// anything else.
std::optional<int> ResolveJobs(const std::optional<std::string>& flag,
                               std::optional<int> configured, int usable_cpus);
