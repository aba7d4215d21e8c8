#include "nox_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace {

std::optional<NoxEntry> ParseEntry(const nlohmann::json& json) {
  if (!json.is_object()) return std::nullopt;
  NoxEntry entry;
  entry.name = json.value("name", "");
  for (const auto& s : json.value("signatures", nlohmann::json::array()))
    if (s.is_string()) entry.signatures.push_back(s);
  entry.result = json.value("result", "failed");
  const nlohmann::json& code = json.value("result_code", nlohmann::json());
  entry.result_code = code.is_number_integer() ? code.get<int>() : 0;
  if (json.contains("reason") && json["reason"].is_string()) entry.reason = json["reason"];
  if (json.contains("args"))
    entry.args_json = json["args"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return entry;
}

bool EntryIs(const NoxEntry& entry, const Session& session) {
  for (const std::string& s : entry.signatures)
    if (s == session.signature) return true;
  return entry.signatures.empty() && entry.name == session.name;
}

std::string EntrySignature(const NoxEntry& entry) {
  return entry.signatures.empty() ? (entry.name.empty() ? "?" : entry.name)
                                  : entry.signatures.front();
}

void Apply(const NoxEntry& entry, SessionResult* result) {
  result->nox = entry;
  result->outcome = OutcomeFromNox(entry.result);
  if (!entry.reason.empty()) result->reason = entry.reason;
}

}  // namespace

Outcome OutcomeFromNox(const std::string& result) {
  if (result == "success") return Outcome::kSuccess;
  if (result == "skipped") return Outcome::kSkipped;
  if (result == "aborted") return Outcome::kAborted;
  return Outcome::kFailed;
}

NoxReport ParseNoxReport(const std::string& json, const Session& session) {
  NoxReport report;
  nlohmann::json document = nlohmann::json::parse(json, nullptr, false);
  if (!document.is_object() || !document.contains("sessions") || !document["sessions"].is_array())
    return report;
  for (const auto& item : document["sessions"]) {
    std::optional<NoxEntry> entry = ParseEntry(item);
    if (!entry) continue;
    if (!report.own && EntryIs(*entry, session))
      report.own = std::move(entry);
    else
      report.others.push_back(std::move(*entry));
  }
  return report;
}

std::vector<std::pair<std::string, SessionResult>> ApplyNoxReport(const NoxReport& report,
                                                                  SessionResult* result) {
  std::vector<std::pair<std::string, SessionResult>> others;
  for (const NoxEntry& entry : report.others) {
    SessionResult other = *result;
    other.reason.clear();
    Apply(entry, &other);
    others.emplace_back(EntrySignature(entry), std::move(other));
  }
  if (report.own) {
    Apply(*report.own, result);
    return others;
  }
  result->outcome = result->exit_code == 0 ? Outcome::kSuccess : Outcome::kFailed;
  if (result->exit_code != 0)
    result->reason = fmt::format("nox exited with status {}", result->exit_code);
  return others;
}
