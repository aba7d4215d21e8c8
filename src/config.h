#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

/// Where a configuration value was written, for messages ("pyproject.toml:12").
struct ConfigLocation {
  std::string file;
  int line = 0;
};

/// A session pattern from the configuration: an fnmatch glob over session names and
/// signatures (`tests*` matches `tests-3.11` and `tests(kind='unit')`).
struct ConfigPattern {
  std::string glob;
  ConfigLocation where;
};

/// The project's `[tool.parnox]` table (or a parnox.toml's top level). Everything optional.
struct Config {
  std::string file;         ///< the file it came from; empty when there is none
  std::optional<int> jobs;  ///< 0 means "auto"
  /// session pattern -> the patterns of sessions it must follow
  std::vector<std::pair<ConfigPattern, std::vector<ConfigPattern>>> after;
  std::vector<ConfigPattern> exclusive;
  /// Sessions the project declares parallel-safe with every other session, for runs where
  /// no trace says so (untraced runs).
  std::vector<ConfigPattern> independent;
  std::vector<std::pair<ConfigPattern, int>> cpus;
  std::vector<std::pair<ConfigPattern, std::chrono::milliseconds>> timeout;
  std::vector<std::string> ignore;  ///< path globs the tracer treats as safe to share
  /// session pattern -> path globs it leaves for later sessions; `parnox matrix` carries
  /// them between CI jobs
  std::vector<std::pair<ConfigPattern, std::vector<std::string>>> artifacts;
};

/// True when `glob` matches the session's name or one of its signatures.
bool PatternMatches(const std::string& glob, const std::string& name,
                    const std::vector<std::string>& signatures);

/// Parses a duration as written in the configuration: "90s", "15m", "1h", "1h30m", "500ms".
/// Strict: one or more <digits><unit> with units h, m, s, ms, each at most once and largest
/// first, no spaces, signs or fractions, at most 9 digits per part. A unitless "15" is
/// rejected as ambiguous (a plain number of seconds is written as a TOML number, 15).
/// "0s" parses to zero; whether zero is allowed is the caller's call.
std::optional<std::chrono::milliseconds> ParseDuration(const std::string& text);

/// Loads the configuration beside the noxfile: `parnox.toml` if present (keys at the top
/// level), else pyproject.toml's `[tool.parnox]`, else an empty Config. Every problem
/// (syntax, unknown key, wrong type, bad value) is appended to `errors` as
/// "FILE:LINE: what is wrong; what to do"; the returned Config is only meaningful when
/// `errors` stayed empty.
Config LoadConfig(const std::string& project_dir, std::vector<std::string>* errors);

/// Parses configuration text (for tests and LoadConfig). `tool_table` is true for
/// pyproject.toml, where the keys sit under [tool.parnox].
Config ParseConfig(const std::string& text, const std::string& file, bool tool_table,
                   std::vector<std::string>* errors);
