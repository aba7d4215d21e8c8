#pragma once

#include <map>
#include <optional>
#include <string>

/// Durations remembered from earlier runs, kept in `.parnox/durations.json`
/// ({"version": 1, "sessions": {SIGNATURE: {"seconds": S, "runs": N, "alone": A?}}});
/// StateDir reads and writes the file. `alone` is the duration of runs the session had
/// the machine to itself, as under sequential nox (sessions beside it slow it down).
class DurationStore {
 public:
  static constexpr int kFormatVersion = 1;

  /// Parses the file's text; anything wrong with it is nullopt and `problem` says what
  /// ("not valid JSON (corrupt)", "format version 2, ...").
  static std::optional<DurationStore> Parse(const std::string& text, std::string* problem);
  /// The file's text, the format version first.
  std::string Serialize() const;

  std::optional<double> Get(const std::string& signature) const;
  /// Records a finished run's wall time (a moving average over recent runs); `alone` when
  /// no other session ran beside it.
  void Record(const std::string& signature, double seconds, bool alone = false);
  /// Its duration when it ran alone, if it ever did.
  std::optional<double> Alone(const std::string& signature) const;
  /// Takes each session `other` knows from more runs than this store does: CI jobs that
  /// started from one shared file each add runs only for the sessions they ran.
  void Merge(const DurationStore& other);

 private:
  struct Entry {
    double seconds = 0;
    int runs = 0;
    std::optional<double> alone;
  };
  std::map<std::string, Entry> entries_;
};
