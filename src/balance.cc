#include "balance.h"

#include <algorithm>
#include <cassert>
#include <functional>
#include <numeric>
#include <optional>
#include <queue>
#include <tuple>
#include <utility>

namespace {

using Groups = std::vector<std::vector<int>>;

/// A zero or negative count is the caller's bug: debug builds stop on it, release builds
/// plan one group rather than index out of range.
int CheckedBins(int bins) {
  assert(bins > 0);
  return std::max(bins, 1);
}

/// Item indices, heaviest first; equal weights keep index order so the split is the same
/// on every machine.
std::vector<int> HeaviestFirst(const std::vector<double>& weights) {
  std::vector<int> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return weights[a] > weights[b]; });
  return order;
}

double Load(const std::vector<int>& group, const std::vector<double>& weights) {
  double sum = 0;
  for (int item : group) sum += weights[item];
  return sum;
}

void SortEach(Groups& groups) {
  for (auto& group : groups) std::sort(group.begin(), group.end());
}

/// One step of the local search: `item` leaves the heaviest group for group `to`, and
/// `back` (when not -1) comes the other way.
struct Step {
  double pair_max;  ///< the heavier of the two groups afterwards
  int to;
  int item;
  int back;

  /// Lighter pair first; ties to the lower indices, a move before a swap.
  bool operator<(const Step& o) const {
    return std::tie(pair_max, to, item, back) < std::tie(o.pair_max, o.to, o.item, o.back);
  }
};

/// The groups being improved, each kept lightest item first (ties by index) so the swap
/// partner for an item is found by binary search rather than by trying every item.
class Search {
 public:
  Search(const std::vector<double>& weights, Groups groups)
      : weights_(weights), groups_(std::move(groups)), loads_(groups_.size()) {
    for (size_t g = 0; g < groups_.size(); ++g) Refresh(g);
  }

  /// Improves the heaviest group until no single move or swap lightens it.
  void Run() {
    // The sorted loads fall with every step, so this ends; the cap only guards against
    // a bug turning into a hang.
    size_t steps_left = 100 * weights_.size() + 100;
    while (steps_left-- > 0) {
      int heaviest = Heaviest();
      std::optional<Step> step = BestStep(heaviest);
      if (!step) return;
      Apply(heaviest, *step);
    }
  }

  Groups Take() && { return std::move(groups_); }

 private:
  bool ByWeight(int a, int b) const {
    return std::pair(weights_[a], a) < std::pair(weights_[b], b);
  }

  void Refresh(size_t g) {
    std::sort(groups_[g].begin(), groups_[g].end(), [&](int a, int b) { return ByWeight(a, b); });
    loads_[g] = Load(groups_[g], weights_);
  }

  int Heaviest() const {
    return static_cast<int>(std::max_element(loads_.begin(), loads_.end()) - loads_.begin());
  }

  std::optional<Step> BestStep(int heaviest) const {
    // Relative slack, so rounding in the loads cannot pass for an improvement and loop.
    double bar = loads_[heaviest] * (1 - 1e-9);
    std::optional<Step> best;
    // The lightest group usually holds a step near the best, which lets most others be
    // skipped below without being searched.
    int lightest = Lightest();
    if (lightest != heaviest) TryGroup(best, bar, heaviest, lightest);
    for (int to = 0; to < static_cast<int>(groups_.size()); ++to)
      if (to != heaviest && to != lightest && MightBeat(best, heaviest, to))
        TryGroup(best, bar, heaviest, to);
    return best;
  }

  int Lightest() const {
    return static_cast<int>(std::min_element(loads_.begin(), loads_.end()) - loads_.begin());
  }

  /// No exchange between two groups leaves the heavier below their mean load. The margin
  /// keeps rounding from skipping a group whose step would tie and win on index.
  bool MightBeat(const std::optional<Step>& best, int from, int to) const {
    return !best || (loads_[from] + loads_[to]) / 2 <= best->pair_max * (1 + 1e-12);
  }

  void TryGroup(std::optional<Step>& best, double bar, int from, int to) const {
    for (int item : groups_[from]) {
      Consider(best, bar, {PairMax(from, to, weights_[item]), to, item, -1});
      if (int back = SwapPartner(from, to, item); back >= 0)
        Consider(best, bar, {PairMax(from, to, weights_[item] - weights_[back]), to, item, back});
    }
  }

  static void Consider(std::optional<Step>& best, double bar, const Step& step) {
    if (step.pair_max < bar && (!best || step < *best)) best = step;
  }

  /// The heavier of `from` and `to` once `shift` of weight has gone from one to the other.
  double PairMax(int from, int to, double shift) const {
    return std::max(loads_[from] - shift, loads_[to] + shift);
  }

  /// The lighter item of `to` whose swap with `item` leaves the pair's max lowest, or -1.
  /// Going up through the lighter items, PairMax falls while `to` ends the heavier and rises
  /// once `from` does, so the best partner is the last item before that crossing or the
  /// first after it.
  int SwapPartner(int from, int to, int item) const {
    const std::vector<int>& group = groups_[to];
    double w = weights_[item];
    auto lighter_end =
        std::partition_point(group.begin(), group.end(), [&](int j) { return weights_[j] < w; });
    auto crossing = std::partition_point(group.begin(), lighter_end, [&](int j) {
      return loads_[to] + (w - weights_[j]) >= loads_[from] - (w - weights_[j]);
    });
    int best = -1;
    double best_max = 0;
    for (auto it : {crossing, crossing == group.begin() ? lighter_end : crossing - 1}) {
      if (it == lighter_end) continue;
      int j = FirstOfWeight(group, it);
      double pair_max = PairMax(from, to, w - weights_[j]);
      if (best < 0 || std::pair(pair_max, j) < std::pair(best_max, best)) {
        best = j;
        best_max = pair_max;
      }
    }
    return best;
  }

  /// The lowest index among the items of `group` as heavy as `*it` (they sort by index).
  int FirstOfWeight(const std::vector<int>& group, std::vector<int>::const_iterator it) const {
    double w = weights_[*it];
    while (it != group.begin() && weights_[*(it - 1)] == w) --it;
    return *it;
  }

  void Apply(int from, const Step& step) {
    auto& source = groups_[from];
    source.erase(std::find(source.begin(), source.end(), step.item));
    groups_[step.to].push_back(step.item);
    if (step.back >= 0) {
      auto& target = groups_[step.to];
      target.erase(std::find(target.begin(), target.end(), step.back));
      source.push_back(step.back);
    }
    Refresh(from);
    Refresh(step.to);
  }

  const std::vector<double>& weights_;
  Groups groups_;
  std::vector<double> loads_;
};

/// Past this many steps the exact search keeps what it has. A step is placing an item in a
/// group or moving a group one place to keep the groups sorted, so the budget bounds the
/// time (a few milliseconds) for any number of groups, not just the number of placements.
/// bench/matrix.py's twenty-session sets (19 items, 2 to 8 groups) finish within 12000.
/// A count and not a clock, so the same input always gives the same split.
constexpr long kExactSearchSteps = 200000;

/// What no split can go below: the mean group, the longest item, and, when items outnumber
/// the groups, the two shortest of the `bins` + 1 longest (two of those must share).
double LowerBound(const std::vector<double>& weights, const std::vector<int>& heaviest_first,
                  int bins) {
  if (heaviest_first.empty()) return 0;
  double bound = std::accumulate(weights.begin(), weights.end(), 0.0) / bins;
  bound = std::max(bound, weights[heaviest_first[0]]);
  if (heaviest_first.size() > static_cast<size_t>(bins))
    bound = std::max(bound, weights[heaviest_first[bins - 1]] + weights[heaviest_first[bins]]);
  return bound;
}

/// Depth-first branch and bound over every split (the complete greedy search): items
/// longest first, each tried in every group, lightest first, never in two groups of equal
/// load (the same subtree again), never where it would make a group as heavy as the best
/// split found so far. It starts from a known split, so it only looks for a lighter one,
/// and stops at the lower bound or after kExactSearchSteps steps.
class ExactSearch {
 public:
  ExactSearch(const std::vector<double>& weights, int bins, double incumbent)
      : weights_(weights),
        order_(HeaviestFirst(weights)),
        floor_(LowerBound(weights, order_, bins)),
        bar_(Bar(incumbent)),
        slots_(bins),
        next_(order_.size() + 1, 0),
        placed_(order_.size()),
        bin_of_(order_.size()) {
    for (int g = 0; g < bins; ++g) slots_[g] = {0.0, g};
  }

  /// A split whose heaviest group is lighter than the incumbent's, if the search finds one.
  std::optional<Groups> Run() && {
    size_t depth = 0;
    std::optional<std::vector<int>> best;
    for (long steps = 0; bar_ > floor_ && steps < kExactSearchSteps;) {
      if (depth == order_.size()) {
        best = bin_of_;
        bar_ = Bar(slots_.back().load);
      } else if (TryNext(depth)) {
        steps += 1 + static_cast<long>(placed_[depth].to - placed_[depth].from);
        next_[++depth] = 0;
        continue;
      }
      if (depth == 0) break;
      Undo(--depth);
    }
    if (!best) return std::nullopt;
    Groups groups(slots_.size());
    for (size_t k = 0; k < order_.size(); ++k) groups[(*best)[k]].push_back(order_[k]);
    return groups;
  }

 private:
  struct Slot {
    double load;
    int group;
  };
  /// Where item k went, so that taking it out restores the slots bit for bit (subtracting
  /// its weight again could round to a load that no longer ties with its equals).
  struct Placement {
    size_t from;
    size_t to;
    double load_before;
  };

  /// Only a split lighter by more than rounding counts as better, as in the local search.
  static double Bar(double heaviest) { return heaviest * (1 - 1e-9); }

  /// Puts item `depth` into the next group worth trying; false when none is left.
  bool TryNext(size_t depth) {
    double w = weights_[order_[depth]];
    size_t pos = next_[depth];
    if (pos >= slots_.size() || slots_.back().load >= bar_ || slots_[pos].load + w >= bar_)
      return false;  // the lightest untried group is too heavy, so are the rest
    // An item of no weight leaves every group as it was: one place is as good as any.
    next_[depth] = w > 0 ? PastEqualLoads(pos) : slots_.size();
    Place(depth, pos, w);
    return true;
  }

  /// The first slot after `pos` with a heavier load (binary search: with many groups and
  /// few distinct weights, long runs of groups tie).
  size_t PastEqualLoads(size_t pos) const {
    double load = slots_[pos].load;
    size_t lo = pos + 1, hi = slots_.size();
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (slots_[mid].load > load)
        hi = mid;
      else
        lo = mid + 1;
    }
    return lo;
  }

  /// Adds the item to the group at `pos` and moves that group up past the lighter ones, so
  /// the slots stay sorted. Plain loops: an item moves a few places at most once the long
  /// ones are placed, and debug builds run the tests through this millions of times.
  void Place(size_t depth, size_t pos, double w) {
    Slot* slots = slots_.data();
    Slot moved = slots[pos];
    placed_[depth] = {pos, pos, moved.load};
    bin_of_[depth] = moved.group;
    moved.load += w;
    size_t to = pos;
    for (size_t end = slots_.size(); to + 1 < end && slots[to + 1].load <= moved.load; ++to)
      slots[to] = slots[to + 1];
    slots[to] = moved;
    placed_[depth].to = to;
  }

  void Undo(size_t depth) {
    const Placement& p = placed_[depth];
    Slot* slots = slots_.data();
    Slot moved = {p.load_before, slots[p.to].group};
    for (size_t at = p.to; at > p.from; --at) slots[at] = slots[at - 1];
    slots[p.from] = moved;
  }

  const std::vector<double>& weights_;
  std::vector<int> order_;
  double floor_;
  double bar_;
  std::vector<Slot> slots_;        ///< the groups, lightest first
  std::vector<size_t> next_;       ///< per depth: the next slot to try for that item
  std::vector<Placement> placed_;  ///< per depth: where that item went
  std::vector<int> bin_of_;        ///< per depth: the group that item is in
};

Groups LocalSearch(const std::vector<double>& weights, Groups groups) {
  Search search(weights, std::move(groups));
  search.Run();
  return std::move(search).Take();
}

Groups Greedy(const std::vector<double>& weights, int bins) {
  Groups groups(bins);
  // Lightest group on top; among equals the lower index, which pair's ordering gives.
  using Entry = std::pair<double, int>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> lightest;
  for (int g = 0; g < bins; ++g) lightest.push({0.0, g});
  for (int item : HeaviestFirst(weights)) {
    auto [load, g] = lightest.top();
    lightest.pop();
    groups[g].push_back(item);
    lightest.push({load + weights[item], g});
  }
  return groups;
}

}  // namespace

std::vector<std::vector<int>> LongestFirstBins(const std::vector<double>& weights, int bins) {
  Groups groups = Greedy(weights, CheckedBins(bins));
  SortEach(groups);
  return groups;
}

std::vector<std::vector<int>> BalanceBins(const std::vector<double>& weights, int bins) {
  bins = CheckedBins(bins);
  Groups groups = LocalSearch(weights, Greedy(weights, bins));
  ExactSearch exact(weights, bins, HeaviestBin(groups, weights));
  // A split the exact search ran out of steps on may still have a move that lightens it.
  if (std::optional<Groups> better = std::move(exact).Run())
    groups = LocalSearch(weights, std::move(*better));
  SortEach(groups);
  return groups;
}

double HeaviestBin(const std::vector<std::vector<int>>& groups,
                   const std::vector<double>& weights) {
  double heaviest = 0;
  for (const auto& group : groups) heaviest = std::max(heaviest, Load(group, weights));
  return heaviest;
}
