#include "durations.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

namespace {

struct StoredDuration {
  std::string signature;
  double seconds;
  int runs;
  std::optional<double> alone;
};

/// Reads the durations file's JSON; returns what is wrong with it, or "" when it is sound.
std::string ReadDurations(const nlohmann::json& json, std::vector<StoredDuration>* durations) {
  auto version = json.is_object() ? json.find("version") : json.end();
  if (version == json.end() || !version->is_number_integer())
    return "no format version (not a parnox durations file)";
  if (*version != DurationStore::kFormatVersion)
    return fmt::format("format version {}, this parnox reads version {}", version->dump(),
                       DurationStore::kFormatVersion);
  auto sessions = json.find("sessions");
  if (sessions == json.end() || !sessions->is_object()) return "no \"sessions\" object";
  for (const auto& [signature, entry] : sessions->items()) {
    auto seconds = entry.is_object() ? entry.find("seconds") : entry.end();
    auto runs = entry.is_object() ? entry.find("runs") : entry.end();
    if (seconds == entry.end() || !seconds->is_number() || runs == entry.end() ||
        !runs->is_number_integer())
      return fmt::format("session \"{}\" lacks a number \"seconds\" and an integer \"runs\"",
                         signature);
    double value = seconds->get<double>();
    int64_t count = runs->get<int64_t>();
    // A year bounds any real session; beyond it, sums of durations would lose meaning.
    if (!std::isfinite(value) || value < 0 || value > 366.0 * 24 * 3600 || count < 1 ||
        count > INT32_MAX)
      return fmt::format("session \"{}\" has an impossible duration or run count", signature);
    auto alone = entry.find("alone");
    std::optional<double> alone_value;
    if (alone != entry.end()) {
      if (!alone->is_number() || !std::isfinite(alone->get<double>()) || alone->get<double>() < 0 ||
          alone->get<double>() > 366.0 * 24 * 3600)
        return fmt::format("session \"{}\" has an impossible \"alone\" duration", signature);
      alone_value = alone->get<double>();
    }
    durations->push_back({signature, value, static_cast<int>(count), alone_value});
  }
  return "";
}

}  // namespace

std::optional<DurationStore> DurationStore::Parse(const std::string& text, std::string* problem) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    *problem = "not valid JSON (corrupt)";
    return std::nullopt;
  }
  std::vector<StoredDuration> durations;
  *problem = ReadDurations(json, &durations);
  if (!problem->empty()) return std::nullopt;
  DurationStore store;
  for (const StoredDuration& d : durations)
    store.entries_[d.signature] = {d.seconds, d.runs, d.alone};
  return store;
}

std::optional<double> DurationStore::Alone(const std::string& signature) const {
  auto it = entries_.find(signature);
  return it == entries_.end() ? std::nullopt : it->second.alone;
}

std::optional<double> DurationStore::Get(const std::string& signature) const {
  auto it = entries_.find(signature);
  if (it == entries_.end()) return std::nullopt;
  return it->second.seconds;
}

void DurationStore::Record(const std::string& signature, double seconds, bool alone) {
  if (!std::isfinite(seconds) || seconds < 0) return;
  Entry& entry = entries_[signature];
  // Half the weight on the newest run: it follows a session that got slower or faster
  // within a few runs, yet one odd run (a cold cache) moves the estimate only halfway.
  entry.seconds = entry.runs == 0 ? seconds : 0.5 * entry.seconds + 0.5 * seconds;
  if (alone) entry.alone = entry.alone ? 0.5 * *entry.alone + 0.5 * seconds : seconds;
  if (entry.runs < std::numeric_limits<int>::max()) ++entry.runs;
}

void DurationStore::Merge(const DurationStore& other) {
  for (const auto& [signature, entry] : other.entries_) {
    auto it = entries_.find(signature);
    if (it == entries_.end() || entry.runs > it->second.runs) entries_[signature] = entry;
  }
}

std::string DurationStore::Serialize() const {
  nlohmann::ordered_json json;  // ordered, so the format version comes first in the file
  json["version"] = kFormatVersion;
  json["sessions"] = nlohmann::ordered_json::object();
  for (const auto& [signature, entry] : entries_) {
    json["sessions"][signature] = {{"seconds", entry.seconds}, {"runs", entry.runs}};
    if (entry.alone) json["sessions"][signature]["alone"] = *entry.alone;
  }
  // A signature that is not UTF-8 must not make dump() throw; a replaced byte only costs
  // that session its remembered duration.
  std::string text = json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return text + "\n";
}
