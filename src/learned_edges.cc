#include "learned_edges.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

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
  const nlohmann::json& listed = json.value("listed", nlohmann::json(""));
  if (!listed.is_string()) return false;
  evidence->listed = listed;
  return ParseKind(json["kind"], &evidence->kind);
}

/// "by" and "date" of an edge or a traced session; a version 1 file has neither.
bool ParseProvenance(const nlohmann::json& json, Provenance* from) {
  const nlohmann::json& by = json.value("by", nlohmann::json("audit"));
  const nlohmann::json& date = json.value("date", nlohmann::json(""));
  if (!by.is_string() || !date.is_string() || (by != "audit" && by != "run")) return false;
  from->by = by == "run" ? Provenance::By::kRun : Provenance::By::kAudit;
  from->date = date;
  return true;
}

bool ParseEdge(const nlohmann::json& json, LearnedEdge* edge) {
  if (!json.is_object() || !json.contains("first") || !json["first"].is_string() ||
      !json.contains("second") || !json["second"].is_string() || !json.contains("evidence") ||
      !json["evidence"].is_array() || !ParseProvenance(json, &edge->from))
    return false;
  edge->first = json["first"];
  edge->second = json["second"];
  for (const auto& e : json["evidence"])
    if (!ParseEvidence(e, &edge->evidence.emplace_back())) return false;
  return true;
}

bool SamePair(const LearnedEdge& edge, const std::string& a, const std::string& b) {
  return (edge.first == a && edge.second == b) || (edge.first == b && edge.second == a);
}

nlohmann::ordered_json ProvenanceJson(const Provenance& from) {
  return {{"by", from.by == Provenance::By::kRun ? "run" : "audit"}, {"date", from.date}};
}

}  // namespace

std::optional<LearnedEdgeStore> LearnedEdgeStore::Parse(const std::string& text,
                                                        std::string* problem) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  LearnedEdgeStore store;
  if (json.is_discarded()) {
    *problem = "not valid JSON (corrupt)";
    return std::nullopt;
  }
  const nlohmann::json& version =
      json.is_object() ? json.value("version", nlohmann::json(0)) : nlohmann::json(0);
  if (version != 1 && version != kFormatVersion) {
    *problem = fmt::format("not format version 1 or {}", kFormatVersion);
    return std::nullopt;
  }
  if (!json.contains("edges") || !json["edges"].is_array()) {
    *problem = "no \"edges\" list";
    return std::nullopt;
  }
  for (const auto& e : json["edges"])
    if (!ParseEdge(e, &store.edges_.emplace_back())) {
      *problem = "an edge without first, second, evidence";
      return std::nullopt;
    }
  const nlohmann::json& traced = json.value("traced", nlohmann::json::object());
  if (!traced.is_object()) {
    *problem = "\"traced\" is not an object";
    return std::nullopt;
  }
  for (const auto& [signature, from] : traced.items())
    if (!from.is_object() || !ParseProvenance(from, &store.traced_[signature])) {
      *problem = fmt::format("traced session \"{}\" lacks \"by\" and \"date\"", signature);
      return std::nullopt;
    }
  return store;
}

void LearnedEdgeStore::Relearn(const std::vector<std::string>& sessions, const Provenance& from) {
  std::set<std::string> traced(sessions.begin(), sessions.end());
  // Edges between them are learned again; an unchanged one keeps its first day (Learn).
  old_.clear();
  std::erase_if(edges_, [&](const LearnedEdge& edge) {
    bool among = traced.count(edge.first) && traced.count(edge.second);
    if (among) old_.push_back(edge);
    return among;
  });
  // A session known as traced keeps the day it first was: the committed file changes only
  // with what is learned, not with every day a run confirms it.
  for (const std::string& signature : sessions) {
    auto it = traced_.find(signature);
    if (it == traced_.end() || it->second.date.empty()) traced_[signature] = from;
  }
}

void LearnedEdgeStore::Learn(LearnedEdge edge) {
  auto same = [&](const LearnedEdge& e) { return SamePair(e, edge.first, edge.second); };
  for (const auto* known : {&edges_, &old_})
    for (const LearnedEdge& e : *known)
      if (same(e) && e.first == edge.first && e.evidence == edge.evidence) edge.from = e.from;
  std::erase_if(edges_, same);
  edges_.push_back(std::move(edge));
}

void LearnedEdgeStore::Merge(const LearnedEdgeStore& other) {
  for (const auto& [signature, from] : other.traced_) {
    auto it = traced_.find(signature);
    if (it == traced_.end() || it->second.date < from.date) traced_[signature] = from;
  }
  for (const LearnedEdge& edge : other.edges_) {
    auto it = std::find_if(edges_.begin(), edges_.end(), [&](const LearnedEdge& e) {
      return SamePair(e, edge.first, edge.second);
    });
    if (it == edges_.end())
      edges_.push_back(edge);
    else if (it->from.date < edge.from.date)
      *it = edge;
  }
}

bool LearnedEdgeStore::KnownSafe(const std::string& a, const std::string& b) const {
  if (!traced_.count(a) || !traced_.count(b)) return false;
  return std::none_of(edges_.begin(), edges_.end(),
                      [&](const LearnedEdge& e) { return SamePair(e, a, b); });
}

std::string LearnedEdgeStore::Serialize() const {
  std::vector<const LearnedEdge*> sorted;
  for (const LearnedEdge& edge : edges_) sorted.push_back(&edge);
  std::sort(sorted.begin(), sorted.end(), [](const LearnedEdge* a, const LearnedEdge* b) {
    return std::tie(a->first, a->second) < std::tie(b->first, b->second);
  });
  nlohmann::ordered_json edges = nlohmann::ordered_json::array();
  for (const LearnedEdge* edge : sorted) {
    nlohmann::ordered_json evidence = nlohmann::ordered_json::array();
    for (const Evidence& e : edge->evidence) {
      nlohmann::ordered_json entry = {{"path", e.path}, {"kind", ConflictKindName(e.kind)}};
      if (!e.listed.empty()) entry["listed"] = e.listed;
      evidence.push_back(entry);
    }
    nlohmann::ordered_json json = {{"first", edge->first}, {"second", edge->second}};
    json.update(ProvenanceJson(edge->from));
    json["evidence"] = evidence;
    edges.push_back(json);
  }
  nlohmann::ordered_json traced = nlohmann::ordered_json::object();
  for (const auto& [signature, from] : traced_) traced[signature] = ProvenanceJson(from);
  nlohmann::ordered_json json = {{"version", kFormatVersion}, {"traced", traced}, {"edges", edges}};
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string DescribeEvidence(const std::vector<Evidence>& evidence, size_t at_most) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < evidence.size() && i < at_most; ++i) {
    const Evidence& e = evidence[i];
    parts.push_back(e.listed.empty() ? fmt::format("{} ({})", e.path, ConflictKindName(e.kind))
                                     : fmt::format("{} ({}, listing {})", e.path,
                                                   ConflictKindName(e.kind), e.listed));
  }
  std::string text = fmt::format("{}", fmt::join(parts, ", "));
  if (evidence.size() > at_most) text += fmt::format(" and {} more", evidence.size() - at_most);
  return text;
}

std::string DescribeProvenance(const Provenance& from) {
  std::string who = from.by == Provenance::By::kRun ? "a run" : "parnox audit";
  return from.date.empty() ? who : fmt::format("{} on {}", who, from.date);
}

std::string Today() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  char day[16];
  // Only an absurd clock fails either: the date is then unknown, as in a version 1 file.
  if (!gmtime_r(&now, &utc) || std::strftime(day, sizeof(day), "%Y-%m-%d", &utc) == 0) return "";
  return day;
}
