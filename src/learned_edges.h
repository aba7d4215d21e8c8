#pragma once

#include <string>
#include <vector>

#include "conflicts.h"

/// Two sessions found to conflict, with the evidence; `first` ran first in nox's order.
struct LearnedEdge {
  std::string first;   ///< signature
  std::string second;  ///< signature
  std::vector<Evidence> evidence;
};

/// The orderings learned from traces, kept in `.parnox/edges.json`:
///   {"version": 1, "edges": [{"first": A, "second": B,
///                             "evidence": [{"path": P, "kind": K, "listed": D?}]}]}
class LearnedEdgeStore {
 public:
  static constexpr int kFormatVersion = 1;

  /// A missing file is empty; a corrupt or old-format one is reported in `warning` and
  /// treated as empty, so the next audit rebuilds it.
  static LearnedEdgeStore Load(const std::string& path, std::string* warning);

  const std::vector<LearnedEdge>& edges() const { return edges_; }
  /// Forgets what was known between any two of `sessions` (an audit of them replaces it).
  void ForgetPairsAmong(const std::vector<std::string>& sessions);
  /// Adds or replaces the edge between the two sessions.
  void Learn(LearnedEdge edge);
  /// Writes the file atomically.
  bool Save(std::string* error) const;

 private:
  std::string path_;
  std::vector<LearnedEdge> edges_;
};

/// The reason `parnox list` shows for a learned edge: its evidence, briefly.
std::string DescribeEvidence(const std::vector<Evidence>& evidence, size_t at_most = 3);
