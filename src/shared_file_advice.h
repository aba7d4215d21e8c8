#pragma once

// When one shared file orders many sessions (every test session writing one `.coverage`,
// one `build/`), no scheduling can make them overlap: the fix is in the project. This names
// the file, the change that would let the sessions run in parallel, and what it would save.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "learned_edges.h"

struct SharedFileAdvice {
  std::string shared;  ///< what they share, as a reader names it: ".coverage", "build/"
  /// The sessions it alone orders, in nox's order.
  std::vector<std::string> sessions;
  std::string fix;  ///< the change that would let them overlap
  /// Estimated wall time of all the sessions with and without these orderings, on `jobs`
  /// workers and the durations given; 0 where a duration is unknown. Without them, the
  /// last of `sessions` still comes after the others: it may be what gathers their files
  /// (a combine), so the saving is the least the fix gives.
  double seconds_now = 0;
  double seconds_without = 0;

  double seconds_saved() const { return seconds_now - seconds_without; }
};

/// The sessions of a project in nox's order, with each one's duration where known.
struct TimedSession {
  std::string signature;
  std::optional<double> seconds;
};

/// Every shared path that alone orders three or more of `sessions`, the costliest
/// first. `edges` are what traces learned (others are left alone: an edge with evidence on
/// two paths stays with either fixed).
std::vector<SharedFileAdvice> AdviseOnSharedFiles(const std::vector<LearnedEdge>& edges,
                                                  const std::vector<TimedSession>& sessions,
                                                  int jobs);

/// The key under which evidence on `path` counts: `.coverage` and its per-process data
/// files are one; a build, dist or Sphinx output directory is one with all it holds;
/// anything else is its EvidencePattern.
std::string SharedKey(const std::string& path);

/// ".coverage alone orders 4 sessions one after another (a, b, c, d): to let them run in
/// parallel, FIX. On the remembered durations that would save at least 41s of 83s on 2
/// workers."
std::string DescribeAdvice(const SharedFileAdvice& advice, int jobs);

/// Estimated wall time of `seconds` (per session, nox's order) on `jobs` workers, with
/// `edges` (first, second: indices) ordering them; longest remaining path first, as the
/// scheduler does.
double EstimateWallTime(const std::vector<double>& seconds,
                        const std::vector<std::pair<int, int>>& edges, int jobs);
