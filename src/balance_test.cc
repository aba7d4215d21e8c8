#include "balance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>

namespace {

using Groups = std::vector<std::vector<int>>;

/// Fails unless every item sits in exactly one of `bins` groups, each in ascending order.
void ExpectPartition(const Groups& groups, size_t items, int bins) {
  ASSERT_EQ(groups.size(), static_cast<size_t>(bins));
  std::vector<int> seen(items, 0);
  for (const auto& group : groups) {
    EXPECT_TRUE(std::is_sorted(group.begin(), group.end()));
    for (int item : group) {
      ASSERT_GE(item, 0);
      ASSERT_LT(static_cast<size_t>(item), items);
      ++seen[item];
    }
  }
  for (size_t item = 0; item < items; ++item) EXPECT_EQ(seen[item], 1) << "item " << item;
}

double Sum(const std::vector<int>& group, const std::vector<double>& w) {
  double sum = 0;
  for (int item : group) sum += w[item];
  return sum;
}

/// What no split can beat: the mean group or the longest item.
double LowerBound(const std::vector<double>& w, int bins) {
  double total = std::accumulate(w.begin(), w.end(), 0.0);
  double largest = w.empty() ? 0 : *std::max_element(w.begin(), w.end());
  return std::max(total / bins, largest);
}

/// A CI-shaped weight set: a few long test sessions among many short gates.
std::vector<double> TestsAndGates(std::mt19937& rng, int size) {
  std::uniform_int_distribution<int> test_count(2, 5);
  std::uniform_real_distribution<double> test(120, 600), gate(2, 40);
  std::vector<double> w;
  int tests = test_count(rng);
  for (int i = 0; i < size; ++i) w.push_back(i < tests ? test(rng) : gate(rng));
  std::shuffle(w.begin(), w.end(), rng);
  return w;
}

std::vector<double> Uniform(std::mt19937& rng, int size, double lo, double hi) {
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<double> w(size);
  for (double& x : w) x = dist(rng);
  return w;
}

/// Whether some move or lighter-for-heavier swap out of the heaviest group (by the
/// brute-force definition) would lower the heavier of the two groups it touches.
bool HeaviestCanImprove(const Groups& groups, const std::vector<double>& w) {
  std::vector<double> loads;
  for (const auto& group : groups) loads.push_back(Sum(group, w));
  size_t h = std::max_element(loads.begin(), loads.end()) - loads.begin();
  double bar = loads[h] * (1 - 1e-9);
  for (size_t o = 0; o < groups.size(); ++o) {
    if (o == h) continue;
    for (int i : groups[h]) {
      if (std::max(loads[h] - w[i], loads[o] + w[i]) < bar) return true;
      for (int j : groups[o]) {
        double d = w[i] - w[j];
        if (d > 0 && std::max(loads[h] - d, loads[o] + d) < bar) return true;
      }
    }
  }
  return false;
}

TEST(BalanceTest, SwapEvensWhatLongestFirstLeavesUneven) {
  std::vector<double> w = {3, 3, 2, 2, 2};
  Groups lpt = LongestFirstBins(w, 2);
  EXPECT_EQ(HeaviestBin(lpt, w), 7);
  EXPECT_EQ(lpt, (Groups{{0, 2, 4}, {1, 3}}));
  Groups balanced = BalanceBins(w, 2);
  ExpectPartition(balanced, w.size(), 2);
  EXPECT_EQ(Sum(balanced[0], w), 6);
  EXPECT_EQ(Sum(balanced[1], w), 6);
}

/// The lightest heaviest group over every way to split `w`, tried one by one.
double BruteForceBest(const std::vector<double>& w, int bins) {
  double best = std::accumulate(w.begin(), w.end(), 0.0);
  std::vector<int> bin_of(w.size(), 0);
  while (true) {
    std::vector<double> loads(bins, 0);
    for (size_t i = 0; i < w.size(); ++i) loads[bin_of[i]] += w[i];
    best = std::min(best, *std::max_element(loads.begin(), loads.end()));
    size_t i = 0;
    while (i < w.size() && ++bin_of[i] == bins) bin_of[i++] = 0;
    if (i == w.size()) return best;
  }
}

TEST(BalanceTest, ExactSearchFinishesWhereMovesAndSwapsStop) {
  // Four long items and four short ones into four groups. Longest-first gives
  // {25} {23,3} {20,4} {18,5,2}: 26, and no move or swap out of {23,3} lightens it, so
  // the local search stops there. 25 each needs several items to change groups at once.
  std::vector<double> w = {25, 23, 20, 18, 5, 4, 3, 2};
  Groups lpt = LongestFirstBins(w, 4);
  EXPECT_EQ(lpt, (Groups{{0}, {1, 6}, {2, 5}, {3, 4, 7}}));
  EXPECT_EQ(HeaviestBin(lpt, w), 26);
  EXPECT_FALSE(HeaviestCanImprove(lpt, w));
  Groups balanced = BalanceBins(w, 4);
  ExpectPartition(balanced, w.size(), 4);
  for (const auto& group : balanced) EXPECT_EQ(Sum(group, w), 25);
}

TEST(BalanceTest, ExactSearchFinishesTheBenchmarksStuckSet) {
  // bench/matrix.py's 20-session set, seed 8, without the coverage fan-in: the local search
  // stops at 474.2 s (LPT's split) though the shards can be within 0.1 s of even.
  std::vector<double> w = {2.1,   7.7,  36.0,  90.7, 2.4,   33.9, 1.5,   135.9, 277.5, 80.2,
                           317.8, 43.6, 291.8, 75.7, 256.3, 48.8, 126.8, 3.4,   10.1};
  Groups lpt = LongestFirstBins(w, 4);
  EXPECT_NEAR(HeaviestBin(lpt, w), 474.2, 1e-6);
  EXPECT_FALSE(HeaviestCanImprove(lpt, w));
  Groups balanced = BalanceBins(w, 4);
  ExpectPartition(balanced, w.size(), 4);
  EXPECT_NEAR(HeaviestBin(balanced, w), 460.6, 1e-6);
  EXPECT_LT(HeaviestBin(balanced, w), LowerBound(w, 4) + 0.1);
}

TEST(BalanceTest, SmallSetsGetTheBestSplit) {
  std::mt19937 rng(17);
  std::uniform_int_distribution<int> dist(1, 30);
  for (int set = 0; set < 12; ++set)
    for (int bins : {2, 3, 4}) {
      std::vector<double> w(5 + set % 4);
      for (double& x : w) x = dist(rng);
      EXPECT_EQ(HeaviestBin(BalanceBins(w, bins), w), BruteForceBest(w, bins))
          << "set " << set << ", bins " << bins;
    }
}

TEST(BalanceTest, BudgetBoundsTheExactSearchOnLargeInputs) {
  // Neither set's best split meets the lower bound (1000 x 3 into 256 groups: 12 against a
  // mean of 11.7), so nothing stops the exact search but its budget; without one this
  // would not end. The clock only catches that, not a slowdown: it is far above the time.
  std::mt19937 rng(23);
  std::vector<std::vector<double>> sets = {std::vector<double>(1000, 3.0),
                                           Uniform(rng, 1000, 1, 100)};
  auto start = std::chrono::steady_clock::now();
  for (const auto& w : sets)
    for (int bins : {4, 7, 256}) {
      Groups groups = BalanceBins(w, bins);
      ExpectPartition(groups, w.size(), bins);
      EXPECT_LE(HeaviestBin(groups, w), HeaviestBin(LongestFirstBins(w, bins), w));
    }
  EXPECT_EQ(HeaviestBin(BalanceBins(sets[0], 256), sets[0]), 12);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

TEST(BalanceTest, EveryItemInExactlyOneGroup) {
  std::mt19937 rng(7);
  for (int size : {0, 1, 5, 37, 200})
    for (int bins : {1, 2, 3, 8, 50}) {
      std::vector<double> w = Uniform(rng, size, 0, 100);
      ExpectPartition(BalanceBins(w, bins), w.size(), bins);
      ExpectPartition(LongestFirstBins(w, bins), w.size(), bins);
    }
}

TEST(BalanceTest, SameInputSameSplit) {
  std::mt19937 rng(11);
  std::vector<double> w = TestsAndGates(rng, 200);
  // Ties must break by index, not by whatever order a container happens to produce.
  w.insert(w.end(), {10, 10, 10, 10, 25, 25});
  for (int bins : {2, 5, 8}) {
    EXPECT_EQ(BalanceBins(w, bins), BalanceBins(w, bins));
    EXPECT_EQ(LongestFirstBins(w, bins), LongestFirstBins(w, bins));
  }
}

TEST(BalanceTest, EmptyInputGivesEmptyGroups) {
  EXPECT_EQ(BalanceBins({}, 3), Groups(3));
  EXPECT_EQ(LongestFirstBins({}, 3), Groups(3));
  EXPECT_EQ(HeaviestBin(Groups(3), {}), 0);
}

TEST(BalanceTest, MoreGroupsThanItemsGivesEachItemItsOwn) {
  std::vector<double> w = {5, 9, 1};
  Groups groups = BalanceBins(w, 5);
  ExpectPartition(groups, w.size(), 5);
  // Heaviest first, each to the lightest (lowest-numbered) empty group.
  EXPECT_EQ(groups, (Groups{{1}, {0}, {2}, {}, {}}));
  EXPECT_EQ(HeaviestBin(groups, w), 9);
}

TEST(BalanceTest, EqualWeightsSpreadEvenly) {
  std::vector<double> twelve(12, 4.0);
  Groups groups = BalanceBins(twelve, 4);
  for (const auto& group : groups) EXPECT_EQ(group.size(), 3u);
  // Ties go to lower indices: item k lands in group k mod 4.
  EXPECT_EQ(groups[0], (std::vector<int>{0, 4, 8}));
  std::vector<double> ten(10, 1.0);
  EXPECT_EQ(HeaviestBin(BalanceBins(ten, 4), ten), 3);
}

TEST(BalanceTest, ZeroWeightsStillPlaced) {
  std::vector<double> w = {0, 0, 0, 4, 0};
  Groups groups = BalanceBins(w, 2);
  ExpectPartition(groups, w.size(), 2);
  EXPECT_EQ(HeaviestBin(groups, w), 4);
}

TEST(BalanceTest, HeaviestGroupEndsWithNoImprovingStep) {
  std::mt19937 rng(3);
  for (int round = 0; round < 40; ++round)
    for (int bins : {2, 3, 4, 7}) {
      std::vector<double> w = round % 2 ? TestsAndGates(rng, 30) : Uniform(rng, 25, 1, 50);
      EXPECT_FALSE(HeaviestCanImprove(BalanceBins(w, bins), w))
          << "round " << round << ", bins " << bins;
    }
}

TEST(BalanceTest, IntegerWeightsThatTieExactly) {
  // Many equal loads and equal pair maxima: the search must neither loop nor lose items.
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> dist(1, 4);
  for (int bins : {2, 3, 6}) {
    std::vector<double> w(60);
    for (double& x : w) x = dist(rng);
    Groups groups = BalanceBins(w, bins);
    ExpectPartition(groups, w.size(), bins);
    EXPECT_FALSE(HeaviestCanImprove(groups, w));
  }
}

TEST(BalanceTest, NearOptimalOnTestsAndGates) {
  // The bound is not always reachable: when long items outnumber the groups, two of them
  // must share (see MoreLongItemsThanGroups...). These seeded sets do not hit that case.
  std::mt19937 rng(2024);
  for (int size : {50, 200})
    for (int set = 0; set < 10; ++set) {
      std::vector<double> w = TestsAndGates(rng, size);
      for (int bins = 2; bins <= 8; ++bins) {
        double balanced = HeaviestBin(BalanceBins(w, bins), w);
        EXPECT_LE(balanced, HeaviestBin(LongestFirstBins(w, bins), w));
        EXPECT_LE(balanced / LowerBound(w, bins), 1.05)
            << "size " << size << ", set " << set << ", bins " << bins;
      }
    }
}

TEST(BalanceTest, MoreLongItemsThanGroupsPairsTheTwoShortestOfThem) {
  // Five long items into four groups: two must share, so the mean-or-longest bound (about
  // 820 here) cannot be met; the best is the two shortest long items together.
  std::vector<double> w = {590, 557, 535, 533, 522};
  w.insert(w.end(), 30, 10.0);
  Groups groups = BalanceBins(w, 4);
  ExpectPartition(groups, w.size(), 4);
  EXPECT_EQ(HeaviestBin(groups, w), 533 + 522);
}

TEST(BalanceTest, EveryCountUpToManyGroupsOverAThousandItems) {
  // The `auto` shard count tries every count from one upward; this is that loop's shape.
  std::mt19937 rng(99);
  std::vector<double> w = TestsAndGates(rng, 1000);
  for (int bins = 1; bins <= 256; bins += (bins < 16 ? 1 : 15)) {
    Groups groups = BalanceBins(w, bins);
    ExpectPartition(groups, w.size(), bins);
    EXPECT_GE(HeaviestBin(groups, w), LowerBound(w, bins) * (1 - 1e-12));
  }
}

}  // namespace
