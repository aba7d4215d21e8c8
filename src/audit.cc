#include "audit.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace {

constexpr size_t kEvidenceShown = 5;

std::string Verdict(const AuditResult& audit, const PairAudit& pair) {
  const std::string& a = audit.sessions[pair.first].signature;
  const std::string& b = audit.sessions[pair.second].signature;
  if (!pair.known) return fmt::format("unknown: {} / {} (not traced)", a, b);
  if (!pair.ordered()) return fmt::format("parallel-safe: {} / {}", a, b);
  return fmt::format("ordered: {} before {}", a, b);
}

std::string VerdictWord(const PairAudit& pair) {
  if (!pair.known) return "unknown";
  return pair.ordered() ? "ordered" : "parallel-safe";
}

std::string EvidenceLine(const Evidence& e) {
  std::string line = fmt::format("{} ({})", e.path, ConflictKindName(e.kind));
  if (!e.listed.empty()) line += fmt::format(", seen by listing {}", e.listed);
  return line;
}

size_t Changed(const AccessSets& sets) {
  return sets.write.size() + sets.create.size() + sets.remove.size();
}

std::vector<std::string> Partners(const AuditResult& audit, int session, bool before) {
  std::vector<std::string> names;
  for (const PairAudit& pair : audit.pairs) {
    if (!pair.ordered()) continue;
    if (before && pair.second == session) names.push_back(audit.sessions[pair.first].signature);
    if (!before && pair.first == session) names.push_back(audit.sessions[pair.second].signature);
  }
  return names;
}

std::string MarkdownCell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

}  // namespace

SessionAudit AuditFromTrace(const std::string& signature, Outcome outcome, const std::string& trace,
                            const std::string& root, const std::string& envdir,
                            const IgnoreRules& rules) {
  SessionAudit audit{signature, outcome};
  if (trace.empty()) {
    audit.problem = "it did not start";
    return audit;
  }
  std::vector<Access> accesses;
  std::string error;
  if (!ReadTraceLog(trace, &accesses, &error)) audit.problem = error;
  audit.traced = !accesses.empty();
  IgnoreRules session_rules = rules;
  std::string own = RelativeToRoot(envdir, root);
  if (!own.empty() && own != ".") session_rules.Add(own + "/**");
  audit.sets = BuildAccessSets(accesses, root, session_rules);
  return audit;
}

std::vector<SessionAudit> AuditRunTraces(const Project& project, const IgnoreRules& rules,
                                         const Graph& graph, const RunRecord& run,
                                         const std::function<std::string(int)>& trace_of) {
  std::vector<SessionAudit> audits;
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    int node = static_cast<int>(n);
    audits.push_back(AuditFromTrace(graph.Name(node), run.results[n].outcome, trace_of(node),
                                    project.root, graph.nodes[n].session->envdir, rules));
  }
  return audits;
}

AuditResult ClassifyPairs(std::vector<SessionAudit> sessions, std::vector<std::string> ignored) {
  AuditResult audit{std::move(sessions), {}, std::move(ignored)};
  int count = static_cast<int>(audit.sessions.size());
  for (int a = 0; a < count; ++a) {
    for (int b = a + 1; b < count; ++b) {
      PairAudit& pair = audit.pairs.emplace_back(PairAudit{a, b});
      pair.known = audit.sessions[a].traced && audit.sessions[b].traced;
      if (pair.known) pair.evidence = FindConflicts(audit.sessions[a].sets, audit.sessions[b].sets);
    }
  }
  return audit;
}

std::vector<LearnedEdge> LearnedEdges(const AuditResult& audit, const Provenance& from) {
  std::vector<LearnedEdge> edges;
  for (const PairAudit& pair : audit.pairs)
    if (pair.ordered())
      edges.push_back(LearnedEdge{audit.sessions[pair.first].signature,
                                  audit.sessions[pair.second].signature, pair.evidence, from});
  return edges;
}

std::string Rationale(const AuditResult& audit, int session) {
  const SessionAudit& s = audit.sessions[session];
  if (!s.traced) return fmt::format("{}: not traced ({})", s.signature, s.problem);
  std::vector<std::string> after = Partners(audit, session, true);
  std::vector<std::string> before = Partners(audit, session, false);
  std::string line = fmt::format("{}: {}; reads {} and changes {} project paths", s.signature,
                                 OutcomeName(s.outcome), s.sets.read.size(), Changed(s.sets));
  if (!after.empty()) line += fmt::format("; after {}", fmt::join(after, ", "));
  if (!before.empty()) line += fmt::format("; before {}", fmt::join(before, ", "));
  if (after.empty() && before.empty()) line += "; parallel-safe with every other session";
  if (!s.problem.empty()) line += fmt::format(" (trace incomplete: {})", s.problem);
  return line;
}

std::string RenderAuditText(const AuditResult& audit) {
  std::string out = "Pairs, in nox's order:\n";
  for (const PairAudit& pair : audit.pairs) {
    out += fmt::format("  {}\n", Verdict(audit, pair));
    for (size_t i = 0; i < pair.evidence.size() && i < kEvidenceShown; ++i)
      out += fmt::format("      {}\n", EvidenceLine(pair.evidence[i]));
    if (pair.evidence.size() > kEvidenceShown)
      out += fmt::format("      and {} more\n", pair.evidence.size() - kEvidenceShown);
  }
  out += "\nSessions:\n";
  for (size_t n = 0; n < audit.sessions.size(); ++n)
    out += fmt::format("  {}\n", Rationale(audit, static_cast<int>(n)));
  return out;
}

std::string RenderAuditJson(const AuditResult& audit) {
  nlohmann::json sessions = nlohmann::json::array();
  for (const SessionAudit& s : audit.sessions) sessions.push_back(s.signature);
  nlohmann::json pairs = nlohmann::json::array();
  for (const PairAudit& pair : audit.pairs) {
    nlohmann::json evidence = nlohmann::json::array();
    for (const Evidence& e : pair.evidence) {
      nlohmann::json entry = {{"path", e.path}, {"kind", ConflictKindName(e.kind)}};
      if (!e.listed.empty()) entry["listed"] = e.listed;
      evidence.push_back(entry);
    }
    pairs.push_back({{"first", audit.sessions[pair.first].signature},
                     {"second", audit.sessions[pair.second].signature},
                     {"verdict", VerdictWord(pair)},
                     {"evidence", evidence}});
  }
  nlohmann::json json = {{"sessions", sessions}, {"pairs", pairs}, {"ignored", audit.ignored}};
  return json.dump(2) + "\n";
}

std::string RenderAuditMarkdown(const AuditResult& audit, const std::string& noxfile,
                                const std::string& nox_version) {
  std::string out = fmt::format(
      "# Which nox sessions may run in parallel\n\n"
      "`parnox audit` ran the sessions of `{}` (nox {}) once, one after another in nox's "
      "order, and recorded every file each one read, wrote, created, deleted or listed. Two "
      "sessions may overlap only if neither changes what the other reads or changes.\n\n"
      "## Sessions\n\n| session | result | why |\n|---|---|---|\n",
      noxfile, nox_version);
  for (size_t n = 0; n < audit.sessions.size(); ++n) {
    const SessionAudit& s = audit.sessions[n];
    std::string why = Rationale(audit, static_cast<int>(n)).substr(s.signature.size() + 2);
    out += fmt::format("| `{}` | {} | {} |\n", MarkdownCell(s.signature), OutcomeName(s.outcome),
                       MarkdownCell(why));
  }
  out += "\n## Pairs\n\n| first | then | verdict | evidence |\n|---|---|---|---|\n";
  for (const PairAudit& pair : audit.pairs) {
    std::vector<std::string> lines;
    for (const Evidence& e : pair.evidence) lines.push_back("`" + EvidenceLine(e) + "`");
    out += fmt::format("| `{}` | `{}` | {} | {} |\n",
                       MarkdownCell(audit.sessions[pair.first].signature),
                       MarkdownCell(audit.sessions[pair.second].signature), VerdictWord(pair),
                       MarkdownCell(fmt::format("{}", fmt::join(lines, "<br>"))));
  }
  out += fmt::format(
      "\nKinds: write-read, the first changes what the second reads; write-write, both change "
      "it; read-write, the second changes what the first reads.\n\n"
      "Paths treated as safe to share: {}.\n\nRegenerate with `parnox audit --markdown FILE`.\n",
      audit.ignored.empty() ? std::string("none")
                            : fmt::format("`{}`", fmt::join(audit.ignored, "`, `")));
  return out;
}
