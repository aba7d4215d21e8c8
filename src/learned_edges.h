#pragma once

#include <optional>
#include <string>
#include <vector>

#include "conflicts.h"

/// Two sessions found to conflict, with the evidence; `first` ran first in nox's order.
struct LearnedEdge {
  std::string first;   ///< signature
  std::string second;  ///< signature
  std::vector<Evidence> evidence;
};

/// The orderings learned from traces, kept in `.parnox/edges.json` (StateDir reads and
/// writes the file):
///   {"version": 1, "edges": [{"first": A, "second": B,
///                             "evidence": [{"path": P, "kind": K, "listed": D?}]}]}
class LearnedEdgeStore {
 public:
  static constexpr int kFormatVersion = 1;

  /// Parses the file's text; anything wrong is nullopt, with `problem` saying what.
  static std::optional<LearnedEdgeStore> Parse(const std::string& text, std::string* problem);
  /// The file's text.
  std::string Serialize() const;

  const std::vector<LearnedEdge>& edges() const { return edges_; }
  /// Forgets what was known between any two of `sessions` (an audit of them replaces it).
  void ForgetPairsAmong(const std::vector<std::string>& sessions);
  /// Adds or replaces the edge between the two sessions.
  void Learn(LearnedEdge edge);

 private:
  std::vector<LearnedEdge> edges_;
};

/// The reason `parnox list` shows for a learned edge: its evidence, briefly.
std::string DescribeEvidence(const std::vector<Evidence>& evidence, size_t at_most = 3);
