#pragma once

#include <vector>

/// Splits weighted items into `bins` groups whose heaviest is as light as a bounded search
/// can make it, in three steps:
/// - greedy longest-first (LPT): each item, longest first, into the lightest group. Fast,
///   but up to 4/3 above the best split when a few long items dominate ({3,3,2,2,2} into
///   two gives 7|5 where 6|6 exists);
/// - a local search that moves one item, or swaps two, between the heaviest group and
///   another while that lightens the heaviest. It finds 6|6 above and closes most of LPT's
///   gap in a few passes, but it stops where only changing several items at once helps;
/// - an exact search (depth-first branch and bound over every split, from the local
///   search's split) for where the instance is small enough. It settles a couple of dozen
///   items over a few groups, stops when it meets a lower bound (such as the mean group or
///   the longest item), and gives up after a fixed budget of steps, so large inputs cost at
///   most a few milliseconds more and never come out heavier than the local search left.
/// Deterministic: ties go to the lower index, and the budget counts steps, not time.
/// Returns `bins` groups of item indices, each in ascending order; some may be empty when
/// there are fewer items than bins.
std::vector<std::vector<int>> BalanceBins(const std::vector<double>& weights, int bins);

/// The greedy longest-first split alone (for comparison in tests and benchmarks).
std::vector<std::vector<int>> LongestFirstBins(const std::vector<double>& weights, int bins);

/// The sum of the heaviest group's weights.
double HeaviestBin(const std::vector<std::vector<int>>& groups, const std::vector<double>& weights);
