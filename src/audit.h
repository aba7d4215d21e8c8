#pragma once

#include <functional>
#include <string>
#include <vector>

#include "access_sets.h"
#include "conflicts.h"
#include "graph.h"
#include "learned_edges.h"
#include "result.h"
#include "run_record.h"

/// One session as `parnox audit` saw it.
struct SessionAudit {
  std::string signature;
  Outcome outcome = Outcome::kNotStarted;
  AccessSets sets;
  bool traced = false;  ///< false: no usable trace, so nothing can be said about it
  std::string problem;  ///< why the trace is missing or partial
};

/// The verdict on two sessions, `first` before `second` in nox's order.
struct PairAudit {
  int first = 0;  ///< index into AuditResult::sessions
  int second = 0;
  std::vector<Evidence> evidence;  ///< empty: parallel-safe
  bool known = true;               ///< false when either session has no trace

  bool ordered() const { return !evidence.empty(); }
};

struct AuditResult {
  std::vector<SessionAudit> sessions;  ///< in nox's order
  std::vector<PairAudit> pairs;        ///< every pair, in nox's order
  std::vector<std::string> ignored;    ///< the ignore patterns in force
};

/// A session's audit from its trace log (empty `trace`: it did not start): its accesses
/// inside `root`, minus what `rules` and its own envdir make safe to share.
SessionAudit AuditFromTrace(const std::string& signature, Outcome outcome, const std::string& trace,
                            const std::string& root, const std::string& envdir,
                            const IgnoreRules& rules);

/// Every session's audit from its trace (`trace_of(node)`; empty: it did not start), in
/// nox's order.
std::vector<SessionAudit> AuditRunTraces(const Project& project, const IgnoreRules& rules,
                                         const Graph& graph, const RunRecord& run,
                                         const std::function<std::string(int)>& trace_of);

/// Classifies every pair of `sessions` (given in nox's order).
AuditResult ClassifyPairs(std::vector<SessionAudit> sessions, std::vector<std::string> ignored);

/// The edges an audit (or a traced run, as `from` says) learned: one per ordered pair.
std::vector<LearnedEdge> LearnedEdges(const AuditResult& audit, const Provenance& from);

/// For the terminal: every pair's verdict with evidence, then a rationale per session.
std::string RenderAuditText(const AuditResult& audit);
/// `--json`: {"sessions": [...], "pairs": [{"first", "second", "verdict", "evidence"}]}.
std::string RenderAuditJson(const AuditResult& audit);
/// `--markdown FILE`: a document a team can commit, for `noxfile` at `nox_version`.
std::string RenderAuditMarkdown(const AuditResult& audit, const std::string& noxfile,
                                const std::string& nox_version);
/// One line on a session: what it touched and how it relates to the others.
std::string Rationale(const AuditResult& audit, int session);
