#include "config_patterns.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "spelling.h"

namespace {

class PatternChecker {
 public:
  PatternChecker(const Project& project, std::vector<std::string>* errors)
      : project_(project), errors_(*errors) {
    for (const Session& session : project.sessions) {
      Add(session.name);
      for (const std::string& signature : session.signatures) Add(signature);
    }
  }

  void Check(const ConfigPattern& pattern, const char* key) {
    bool matches = std::any_of(
        project_.sessions.begin(), project_.sessions.end(), [&](const Session& session) {
          return PatternMatches(pattern.glob, session.name, session.signatures);
        });
    if (matches) return;
    std::string message = fmt::format("{}:{}: {} pattern '{}' matches no session of the noxfile",
                                      pattern.where.file, pattern.where.line, key, pattern.glob);
    if (std::optional<std::string> closest = ClosestSpelling(Letters(pattern.glob), names_))
      message += fmt::format("; did you mean '{}'?", *closest);
    else
      message += "; `parnox list` shows the sessions.";
    found_.emplace_back(pattern.where.line, std::move(message));
  }

  /// The problems found, in the file's order.
  void Report() {
    std::stable_sort(found_.begin(), found_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [line, message] : found_) errors_.push_back(std::move(message));
  }

 private:
  void Add(const std::string& name) {
    if (std::find(names_.begin(), names_.end(), name) == names_.end()) names_.push_back(name);
  }

  /// The glob's literal letters: `tset*` is spelt like `test`, `test[s]` like `tests`.
  static std::string Letters(const std::string& glob) {
    std::string letters;
    for (char c : glob)
      if (c != '*' && c != '?' && c != '[' && c != ']') letters += c;
    return letters;
  }

  const Project& project_;
  std::vector<std::string>& errors_;
  std::vector<std::string> names_;  ///< names and signatures, in noxfile order
  std::vector<std::pair<int, std::string>> found_;
};

}  // namespace

void CheckConfigPatterns(const Config& config, const Project& project,
                         std::vector<std::string>* errors) {
  PatternChecker checker(project, errors);
  for (const auto& [later, earlier] : config.after) {
    checker.Check(later, "after");
    for (const ConfigPattern& pattern : earlier) checker.Check(pattern, "after");
  }
  for (const ConfigPattern& pattern : config.exclusive) checker.Check(pattern, "exclusive");
  for (const ConfigPattern& pattern : config.independent) checker.Check(pattern, "independent");
  for (const auto& [pattern, cpus] : config.cpus) checker.Check(pattern, "cpus");
  for (const auto& [pattern, timeout] : config.timeout) checker.Check(pattern, "timeout");
  for (const auto& [pattern, globs] : config.artifacts) checker.Check(pattern, "artifacts");
  checker.Report();
}
