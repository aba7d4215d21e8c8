#pragma once

#include <vector>

/// Splits weighted items into `bins` groups whose heaviest is as light as it can cheaply be
/// made: greedy longest-first (LPT), then a local search that moves one item, or swaps two,
/// between the heaviest group and another while that lightens the heaviest. LPT alone can
/// end 4/3 above the best split when a few long items dominate ({3,3,2,2,2} into two gives
/// 7|5; the swap finds 6|6); the search closes most of that gap at the cost of a few passes.
/// Deterministic: ties go to the lower index. Returns `bins` groups of item indices, each in
/// ascending order; some may be empty when there are fewer items than bins.
std::vector<std::vector<int>> BalanceBins(const std::vector<double>& weights, int bins);

/// The greedy longest-first split alone (for comparison in tests and benchmarks).
std::vector<std::vector<int>> LongestFirstBins(const std::vector<double>& weights, int bins);

/// The sum of the heaviest group's weights.
double HeaviestBin(const std::vector<std::vector<int>>& groups,
                   const std::vector<double>& weights);
