#include "access_sets.h"

#include <fnmatch.h>

#include <algorithm>

namespace {

std::vector<std::string> Components(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

/// A rooted pattern matches the path or one of its leading directories, so a pattern for a
/// directory covers what lies beneath it; `dir/**` also matches `dir` itself. Matching
/// without FNM_PATHNAME lets `**` (and `*`) cross '/'.
bool RootedMatch(const std::string& pattern, const std::string& path) {
  std::string bare = pattern;
  if (bare.ends_with("/**")) bare.resize(bare.size() - 3);
  std::string prefix;
  for (const std::string& part : Components(path)) {
    prefix += prefix.empty() ? part : "/" + part;
    if (fnmatch(pattern.c_str(), prefix.c_str(), 0) == 0) return true;
    if (fnmatch(bare.c_str(), prefix.c_str(), FNM_PATHNAME) == 0) return true;
  }
  return false;
}

bool ComponentMatch(const std::string& pattern, const std::string& path) {
  for (const std::string& part : Components(path))
    if (fnmatch(pattern.c_str(), part.c_str(), 0) == 0) return true;
  return false;
}

}  // namespace

IgnoreRules IgnoreRules::Defaults() {
  IgnoreRules rules;
  rules.patterns_ = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache",
                     ".hypothesis", ".parnox/**",  ".nox"};
  return rules;
}

void IgnoreRules::Configure(const std::vector<std::string>& patterns) {
  for (const std::string& pattern : patterns) {
    if (!pattern.starts_with("!")) {
      patterns_.push_back(pattern);
      continue;
    }
    std::string removed = pattern.substr(1);
    std::erase(patterns_, removed);
  }
}

bool IgnoreRules::Ignored(const std::string& relative_path) const {
  return std::any_of(patterns_.begin(), patterns_.end(), [&](const std::string& pattern) {
    // `.nox` alone is the directory nox keeps its envdirs in: making or listing it is
    // shared bookkeeping, but what lies beneath belongs to each session's environment.
    if (pattern == ".nox") return relative_path == ".nox";
    return pattern.find('/') == std::string::npos ? ComponentMatch(pattern, relative_path)
                                                  : RootedMatch(pattern, relative_path);
  });
}

std::string RelativeToRoot(const std::string& path, const std::string& root) {
  if (path == root) return ".";
  if (root == "/") return path.size() > 1 ? path.substr(1) : ".";
  if (path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/')
    return path.substr(root.size() + 1);
  return "";
}

AccessSets BuildAccessSets(const std::vector<Access>& trace, const std::string& root,
                           const IgnoreRules& ignore) {
  AccessSets sets;
  std::set<std::string> made_otherwise;  // created by other calls than mkdir
  for (const Access& access : trace) {
    std::string path = RelativeToRoot(access.path, root);
    if (path.empty() || ignore.Ignored(path)) continue;
    switch (access.kind) {
      case AccessKind::kRead:
      case AccessKind::kExec: sets.read.insert(path); break;
      case AccessKind::kWrite: sets.write.insert(path); break;
      case AccessKind::kCreate:
        sets.create.insert(path);
        made_otherwise.insert(path);
        break;
      case AccessKind::kMkdir:
        sets.create.insert(path);
        sets.made_dirs.insert(path);
        break;
      case AccessKind::kDelete: sets.remove.insert(path); break;
      case AccessKind::kList: sets.list.insert(path); break;
      case AccessKind::kProbe: sets.probe.insert(path); break;
      case AccessKind::kSpawn:
      case AccessKind::kExit:
      case AccessKind::kBlindSpot: break;
    }
  }
  std::erase_if(sets.made_dirs, [&](const std::string& path) {
    return sets.write.count(path) || sets.remove.count(path) || made_otherwise.count(path);
  });
  return sets;
}
