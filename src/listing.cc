#include "listing.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

std::vector<std::string> ListingOrder(const Project& project) {
  std::vector<std::string> order = project.queue;
  std::set<std::string> queued(order.begin(), order.end());
  for (const Session& session : project.sessions)
    if (!queued.count(session.signature)) order.push_back(session.signature);
  return order;
}

std::string RenderListing(const Project& project, const Graph& graph) {
  std::string out = fmt::format("Sessions of {} (nox {}), in nox's order; * = selected:\n",
                                project.noxfile, project.nox_version);
  for (const Node& node : graph.nodes) {
    const Session& s = *node.session;
    std::string notes;
    if (!s.tags.empty()) notes += fmt::format("  tags: {}", fmt::join(s.tags, ", "));
    if (node.cpus != 1) notes += fmt::format("  cpus: {}", node.cpus);
    if (node.timeout) notes += fmt::format("  timeout: {}s", node.timeout->count() / 1000.0);
    if (node.exclusive) notes += fmt::format("  exclusive ({})", node.exclusive_reason);
    out += fmt::format("{} {}{}\n", s.selected ? "*" : " ", s.signature, notes);
  }
  out += graph.edges.empty() ? "\nNo ordering between sessions: all may run in parallel.\n"
                             : "\nOrderings (first -> then: why):\n";
  for (const Edge& edge : graph.edges)
    out += fmt::format("  {} -> {}: {} ({})\n", graph.Name(edge.from), graph.Name(edge.to),
                       edge.reason, EdgeKindName(edge.kind));
  return out;
}

std::string RenderListingJson(const Project& project, const Graph& graph) {
  nlohmann::json sessions = nlohmann::json::array();
  for (const Node& node : graph.nodes) {
    const Session& s = *node.session;
    nlohmann::json entry = {
        {"signature", s.signature},
        {"name", s.name},
        {"signatures", s.signatures},
        {"selected", s.selected},
        {"default", s.is_default},
        {"tags", s.tags},
        {"python", s.python.empty() ? nlohmann::json() : nlohmann::json(s.python)},
        {"venv_backend", s.venv_backend},
        {"envdir", s.envdir},
        {"cpus", node.cpus},
        {"exclusive", node.exclusive}};
    if (node.exclusive) entry["exclusive_reason"] = node.exclusive_reason;
    if (node.timeout) entry["timeout_seconds"] = node.timeout->count() / 1000.0;
    sessions.push_back(entry);
  }
  nlohmann::json edges = nlohmann::json::array();
  for (const Edge& edge : graph.edges)
    edges.push_back({{"from", graph.Name(edge.from)},
                     {"to", graph.Name(edge.to)},
                     {"kind", EdgeKindName(edge.kind)},
                     {"reason", edge.reason}});
  nlohmann::json listing = {{"nox_version", project.nox_version},
                            {"noxfile", project.noxfile},
                            {"queue", project.queue},
                            {"sessions", sessions},
                            {"edges", edges}};
  return listing.dump(2) + "\n";
}
