#include "learned_edges.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>


namespace {

bool ParseKind(const std::string& name, ConflictKind* kind) {
  for (ConflictKind k :
       {ConflictKind::kWriteRead, ConflictKind::kWriteWrite, ConflictKind::kReadWrite})
    if (name == ConflictKindName(k)) {
      *kind = k;
      return true;
    }
  return false;
}

bool ParseEvidence(const nlohmann::json& json, Evidence* evidence) {
  if (!json.is_object() || !json.contains("path") || !json["path"].is_string() ||
      !json.contains("kind") || !json["kind"].is_string())
    return false;
  evidence->path = json["path"];
  evidence->listed = json.value("listed", "");
  return ParseKind(json["kind"], &evidence->kind);
}

bool ParseEdge(const nlohmann::json& json, LearnedEdge* edge) {
  if (!json.is_object() || !json.contains("first") || !json["first"].is_string() ||
      !json.contains("second") || !json["second"].is_string() || !json.contains("evidence") ||
      !json["evidence"].is_array())
    return false;
  edge->first = json["first"];
  edge->second = json["second"];
  for (const auto& e : json["evidence"])
    if (!ParseEvidence(e, &edge->evidence.emplace_back())) return false;
  return true;
}

std::string ParseStore(const std::string& text, std::vector<LearnedEdge>* edges) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return "not valid JSON (corrupt)";
  if (!json.is_object() || json.value("version", 0) != LearnedEdgeStore::kFormatVersion)
    return fmt::format("not format version {}", LearnedEdgeStore::kFormatVersion);
  if (!json.contains("edges") || !json["edges"].is_array()) return "no \"edges\" list";
  for (const auto& e : json["edges"])
    if (!ParseEdge(e, &edges->emplace_back())) return "an edge without first, second, evidence";
  return "";
}

bool SamePair(const LearnedEdge& edge, const std::string& a, const std::string& b) {
  return (edge.first == a && edge.second == b) || (edge.first == b && edge.second == a);
}

}  // namespace

std::optional<LearnedEdgeStore> LearnedEdgeStore::Parse(const std::string& text,
                                                        std::string* problem) {
  LearnedEdgeStore store;
  *problem = ParseStore(text, &store.edges_);
  if (!problem->empty()) return std::nullopt;
  return store;
}

void LearnedEdgeStore::ForgetPairsAmong(const std::vector<std::string>& sessions) {
  std::set<std::string> audited(sessions.begin(), sessions.end());
  std::erase_if(edges_, [&](const LearnedEdge& edge) {
    return audited.count(edge.first) && audited.count(edge.second);
  });
}

void LearnedEdgeStore::Learn(LearnedEdge edge) {
  std::erase_if(edges_, [&](const LearnedEdge& e) { return SamePair(e, edge.first, edge.second); });
  edges_.push_back(std::move(edge));
}

std::string LearnedEdgeStore::Serialize() const {
  nlohmann::json edges = nlohmann::json::array();
  for (const LearnedEdge& edge : edges_) {
    nlohmann::json evidence = nlohmann::json::array();
    for (const Evidence& e : edge.evidence) {
      nlohmann::json entry = {{"path", e.path}, {"kind", ConflictKindName(e.kind)}};
      if (!e.listed.empty()) entry["listed"] = e.listed;
      evidence.push_back(entry);
    }
    edges.push_back({{"first", edge.first}, {"second", edge.second}, {"evidence", evidence}});
  }
  nlohmann::json json = {{"version", kFormatVersion}, {"edges", edges}};
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string DescribeEvidence(const std::vector<Evidence>& evidence, size_t at_most) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < evidence.size() && i < at_most; ++i) {
    const Evidence& e = evidence[i];
    parts.push_back(e.listed.empty()
                        ? fmt::format("{} ({})", e.path, ConflictKindName(e.kind))
                        : fmt::format("{} ({}, listing {})", e.path, ConflictKindName(e.kind),
                                      e.listed));
  }
  std::string text = fmt::format("{}", fmt::join(parts, ", "));
  if (evidence.size() > at_most) text += fmt::format(" and {} more", evidence.size() - at_most);
  return text;
}
