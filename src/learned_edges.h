#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "conflicts.h"

/// Where something was learned: which kind of traced run saw it, and on which day.
struct Provenance {
  enum class By { kAudit, kRun };
  By by = By::kAudit;
  std::string date;  ///< "2026-12-03" (UTC); empty where a file of version 1 did not say

  bool operator==(const Provenance&) const = default;
};

/// Two sessions found to conflict, with the evidence; `first` ran first in nox's order.
struct LearnedEdge {
  std::string first;   ///< signature
  std::string second;  ///< signature
  std::vector<Evidence> evidence;
  Provenance from;
};

/// What traces taught about a project's sessions: which sessions were traced whole (so
/// that two of them with no ordering between them are known to be parallel-safe), and the
/// orderings between those that conflict. Kept in `.parnox/edges.json` and, for a team to
/// commit, in `parnox-learned.json` beside the noxfile (StateDir reads and writes both):
///
///   {"version": 2,
///    "traced": {SIGNATURE: {"by": "audit"|"run", "date": "YYYY-MM-DD"}},
///    "edges": [{"first": A, "second": B, "by": ..., "date": ...,
///               "evidence": [{"path": P, "kind": K, "listed": D?}]}]}
///
/// Version 1 files (edges alone, from audits) are read too.
class LearnedEdgeStore {
 public:
  static constexpr int kFormatVersion = 2;

  /// Parses the file's text; anything wrong is nullopt, with `problem` saying what.
  static std::optional<LearnedEdgeStore> Parse(const std::string& text, std::string* problem);
  /// The file's text, in a stable order so that a committed copy changes only with what
  /// was learned.
  std::string Serialize() const;

  const std::vector<LearnedEdge>& edges() const { return edges_; }
  const std::map<std::string, Provenance>& traced() const { return traced_; }

  /// A traced run classified every pair of `sessions` again: what was known between any
  /// two of them is replaced by what it learns now, and they count as traced.
  void Relearn(const std::vector<std::string>& sessions, const Provenance& from);
  /// Adds the edge between the two sessions, or replaces it; an edge whose evidence did
  /// not change keeps the day it was first learned.
  void Learn(LearnedEdge edge);
  /// Folds `other` in: every session traced in either, and per pair the edge learned last
  /// (a committed file and the state folder may each know something).
  void Merge(const LearnedEdgeStore& other);
  /// Whether two sessions are known to be parallel-safe: both traced, no edge between.
  bool KnownSafe(const std::string& a, const std::string& b) const;
  /// Whether traces say anything about the two: both were traced (safe, or an edge).
  bool Known(const std::string& a, const std::string& b) const {
    return traced_.count(a) && traced_.count(b);
  }

 private:
  std::vector<LearnedEdge> edges_;
  std::map<std::string, Provenance> traced_;
  std::vector<LearnedEdge> old_;  ///< what Relearn replaced, for Learn to keep first days
};

/// The reason `parnox list` shows for a learned edge: its evidence, briefly.
std::string DescribeEvidence(const std::vector<Evidence>& evidence, size_t at_most = 3);

/// "parnox audit on 2026-12-03", "a run on 2026-12-03", "parnox audit".
std::string DescribeProvenance(const Provenance& from);

/// Today, UTC, as "YYYY-MM-DD"; empty when the clock cannot say.
std::string Today();
