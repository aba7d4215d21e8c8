#pragma once

// Shell completion's candidates: what may come next on parnox's command line, worked out
// here once so that bash, zsh and fish (completion_scripts.cc) offer the same. Commands and
// options come from the command line's own definition (options.h CommandLine) and nox's
// options from the table parnox passes them on by (leftover_args.h), so neither can drift.

#include <optional>
#include <string>
#include <vector>

/// What completion knows of a project's sessions: for -s, every session's name and
/// signatures (`tests` and `tests(kind='unit')`); for -t, the tags.
struct SessionNames {
  std::vector<std::string> sessions;
  std::vector<std::string> tags;
};

/// Where session names come from: a cache that asks nox when stale (completion_cache.h);
/// tests give their own.
class SessionSource {
 public:
  virtual ~SessionSource() = default;
  /// The sessions of `noxfile` (as typed, relative to the working directory), nox run as
  /// `nox` says (--nox typed on the line), else as parnox finds it. nullopt when they cannot
  /// be had: no noxfile, or nox failed.
  virtual std::optional<SessionNames> Sessions(const std::string& noxfile,
                                               const std::optional<std::string>& nox) = 0;
};

/// What the shell offers for the word being typed.
struct ShellCompletion {
  /// kWords: `candidates`, maybe none; kFiles: the shell's own file-name completion (a
  /// FILE or CMD value, posargs after `--`).
  enum class Kind { kWords, kFiles };
  Kind kind = Kind::kWords;
  std::vector<std::string> candidates;  ///< sorted, each starting with the word typed
};

/// The candidates for the last of `words`: the words after `parnox` up to the cursor,
/// unquoted, the last being the one typed so far ("" right after a space).
ShellCompletion Complete(const std::vector<std::string>& words, SessionSource& sessions);

/// The words bash's COMP_WORDS holds, as the shell would read them: quotes and
/// backslashes removed, and `--opt`, `=`, `value` (COMP_WORDBREAKS splits at `=`) joined
/// back into `--opt=value`.
std::vector<std::string> UnquoteBashWords(const std::vector<std::string>& raw);

/// What `parnox __complete` prints: "words" or "files" on the first line, then one
/// candidate a line, unquoted (each script quotes them for its shell).
std::string RenderCompletion(const ShellCompletion& completion);
