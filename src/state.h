#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

/// Writes `content` to `path` atomically: a temp file in the same directory, fsync, rename.
/// Returns false and fills `error` on failure.
bool WriteFileAtomically(const std::string& path, const std::string& content,
                         std::string* error);

/// Creates `dir` (and parents) if missing; a new `.parnox/` also gets a `.gitignore` of `*`.
bool EnsureStateDir(const std::string& dir, std::string* error);

/// Durations remembered from earlier runs, in `.parnox/durations.json`
/// ({"version": 1, "sessions": {SIGNATURE: {"seconds": S, "runs": N}}}).
class DurationStore {
 public:
  static constexpr int kFormatVersion = 1;

  /// Loads the file; a missing file is empty, a corrupt or old-format one is reported in
  /// `warning` (with the fix) and treated as empty, so it is rebuilt on save.
  static DurationStore Load(const std::string& path, std::string* warning);
  /// Reads the file strictly: a missing one is empty, anything wrong with it is nullopt and
  /// `problem` says what ("not valid JSON (corrupt)", "format version 2, ...").
  static std::optional<DurationStore> Read(const std::string& path, std::string* problem);

  std::optional<double> Get(const std::string& signature) const;
  /// Records a finished run's wall time (a moving average over recent runs).
  void Record(const std::string& signature, double seconds);
  /// Takes each session `other` knows from more runs than this store does: CI jobs that
  /// started from one shared file each add runs only for the sessions they ran.
  void Merge(const DurationStore& other);
  bool Save(std::string* error) const;

 private:
  std::string path_;
  struct Entry {
    double seconds = 0;
    int runs = 0;
  };
  std::map<std::string, Entry> entries_;
};
