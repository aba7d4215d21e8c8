#pragma once

#include <set>
#include <string>
#include <vector>

#include "trace_log.h"

/// Paths the audit treats as safe to share between sessions: glob patterns over paths
/// relative to the project root. docs/audit.md lists the built-in ones and why each is safe.
///
/// A pattern without a '/' matches any one path component (`__pycache__` ignores every
/// `__pycache__` directory and all beneath it); a pattern with a '/' matches from the root,
/// `*` within a component and `**` across components (`build/**` ignores `build` and all
/// beneath it). `!PATTERN` in the configuration removes a built-in pattern.
class IgnoreRules {
 public:
  /// The built-in rules: caches written atomically that do not change results, and the
  /// state directories of parnox and nox.
  static IgnoreRules Defaults();
  /// The defaults with `[tool.parnox] ignore` applied (see Configure).
  static IgnoreRules Configured(const std::vector<std::string>& patterns) {
    IgnoreRules rules = Defaults();
    rules.Configure(patterns);
    return rules;
  }

  /// Adds `[tool.parnox] ignore` patterns; "!PATTERN" removes PATTERN instead.
  void Configure(const std::vector<std::string>& patterns);
  /// Ignores one more path (and everything beneath it), e.g. a session's own envdir.
  void Add(const std::string& pattern) { patterns_.push_back(pattern); }
  bool Ignored(const std::string& relative_path) const;
  const std::vector<std::string>& patterns() const { return patterns_; }

 private:
  std::vector<std::string> patterns_;
};

/// What one session did inside the project, by path relative to the project root ("." is
/// the root itself). A rename shows as the delete of one name and the create or write of
/// the other; mkdir counts as a create.
struct AccessSets {
  std::set<std::string> read;       ///< content read, or a program executed
  std::set<std::string> write;      ///< an existing file changed
  std::set<std::string> create;     ///< a new name made
  std::set<std::string> remove;     ///< a name deleted
  std::set<std::string> list;       ///< a directory's entries read
  std::set<std::string> probe;      ///< looked at (stat, access, failed opens)
  std::set<std::string> made_dirs;  ///< directories changed only by making them (mkdir)

  /// Written in any way: changed, created or deleted.
  bool Changes(const std::string& path) const {
    return write.count(path) || create.count(path) || remove.count(path);
  }
  /// Touched in any way but a listing.
  bool Touches(const std::string& path) const {
    return read.count(path) || probe.count(path) || Changes(path);
  }
};

/// `path` relative to `root` (both absolute, normalised); empty when it is outside.
std::string RelativeToRoot(const std::string& path, const std::string& root);

/// Sorts a session's trace into its access sets, keeping only paths inside `root` that
/// `ignore` does not match.
AccessSets BuildAccessSets(const std::vector<Access>& trace, const std::string& root,
                           const IgnoreRules& ignore);
