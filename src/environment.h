#pragma once

#include <string>
#include <string_view>
#include <vector>

/// The environment variables parnox runs with, read once by main and handed to whatever
/// depends on them (colour, the CI system, finding nox, the sessions' own environment), so
/// a test states the environment it means instead of changing the process's.
class Environment {
 public:
  /// This process's environment, as it is now.
  static Environment OfProcess();

  Environment() = default;
  /// From "NAME=VALUE" entries; for a name given twice, the first counts (as getenv).
  explicit Environment(std::vector<std::string> entries) : entries_(std::move(entries)) {}

  /// The value of `name`, or null when it is not set.
  const char* Get(std::string_view name) const;
  /// True when `name` is set to "true" (as CI systems announce themselves).
  bool IsTrue(std::string_view name) const;
  /// Every entry, "NAME=VALUE", in order.
  const std::vector<std::string>& entries() const { return entries_; }

 private:
  std::vector<std::string> entries_;
};
