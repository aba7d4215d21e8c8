#include "matrix.h"

#include <algorithm>
#include <numeric>
#include <set>

#include "balance.h"
#include "conflicts.h"

namespace {

/// Plans are compared on estimated seconds; below this they are equal, and the simpler
/// plan (fewer jobs, no split) wins.
constexpr double kEpsilon = 1e-6;

/// GitHub Actions runs at most 256 jobs from one matrix.
constexpr int kMaxShards = 256;

/// Each node's root in a union-find over the edges among the nodes still in shards.
class Units {
 public:
  Units(const Graph& graph, const std::vector<bool>& in_final) : parent_(graph.nodes.size()) {
    std::iota(parent_.begin(), parent_.end(), 0);
    for (const Edge& e : graph.edges)
      if (!in_final[e.from] && !in_final[e.to]) Join(e.from, e.to);
  }

  int Root(int node) {
    while (parent_[node] != node) node = parent_[node] = parent_[parent_[node]];
    return node;
  }

 private:
  void Join(int a, int b) {
    a = Root(a), b = Root(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);  // the earlier session is the root
  }
  std::vector<int> parent_;
};

/// Groups of sessions that must share a job, in nox's order of their first session.
std::vector<std::vector<int>> GroupUnits(const Graph& graph, const std::vector<bool>& in_final) {
  Units units(graph, in_final);
  std::vector<std::vector<int>> groups;
  std::vector<int> group_of(graph.nodes.size(), -1);
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    if (in_final[n]) continue;
    int root = units.Root(static_cast<int>(n));
    if (group_of[root] < 0) {
      group_of[root] = static_cast<int>(groups.size());
      groups.emplace_back();
    }
    groups[group_of[root]].push_back(static_cast<int>(n));
  }
  return groups;
}

double Sum(const std::vector<int>& nodes, const std::vector<double>& weights) {
  double sum = 0;
  for (int n : nodes) sum += weights[n];
  return sum;
}

/// Sessions after two or more others still in shards: where a group can be cut. Not one
/// that `requires=` a session: a prerequisite's failure in another job could not stop it,
/// so it would run where sequential nox skips it.
std::vector<int> FanIns(const Graph& graph, const std::vector<int>& group,
                        const std::vector<bool>& in_final) {
  std::vector<int> fan_ins;
  for (int n : group) {
    std::set<int> before;
    bool required = false;
    for (int e : graph.nodes[n].in) {
      if (in_final[graph.edges[e].from]) continue;
      before.insert(graph.edges[e].from);
      required |= graph.edges[e].hard();
    }
    if (before.size() >= 2 && !required) fan_ins.push_back(n);
  }
  return fan_ins;
}

/// Moves `node` and everything after it to the final stage.
void MoveToFinal(const Graph& graph, int node, std::vector<bool>& in_final) {
  if (in_final[node]) return;
  in_final[node] = true;
  for (int e : graph.nodes[node].out) MoveToFinal(graph, graph.edges[e].to, in_final);
}

/// Each node's longest path of work from its start to the end of its stage: what a stage
/// takes however many cores its runner has.
std::vector<double> ChainLengths(const Graph& graph, const std::vector<double>& weights,
                                 const std::vector<bool>& in_final) {
  std::vector<double> chain(graph.nodes.size(), -1);
  auto visit = [&](auto&& self, int node) -> double {
    if (chain[node] >= 0) return chain[node];
    double tail = 0;
    for (int e : graph.nodes[node].out) {
      int next = graph.edges[e].to;
      if (in_final[next] == in_final[node]) tail = std::max(tail, self(self, next));
    }
    return chain[node] = weights[node] + tail;
  };
  for (size_t n = 0; n < graph.nodes.size(); ++n) visit(visit, static_cast<int>(n));
  return chain;
}

/// A stage's work, and its wall time on a runner of `cpus` cores: its work spread over
/// them, or its longest chain, whichever is longer.
void Estimate(Shard& stage, const std::vector<double>& weights, const std::vector<double>& chain,
              int cpus) {
  stage.estimate = Sum(stage.nodes, weights);
  double longest = 0;
  for (int n : stage.nodes) longest = std::max(longest, chain[n]);
  stage.wall = std::max(stage.estimate / cpus, longest);
}

/// The matrix with the groups balanced over `count` shards and `in_final` as the final stage.
/// Shards are balanced on work: every runner has the same cores, so even work is even time.
Matrix Assign(const Graph& graph, const std::vector<double>& weights,
              const std::vector<bool>& in_final, int count, const MatrixOptions& options) {
  std::vector<std::vector<int>> groups = GroupUnits(graph, in_final);
  std::vector<double> group_weights;
  group_weights.reserve(groups.size());
  for (const auto& g : groups) group_weights.push_back(Sum(g, weights));
  std::vector<double> chain = ChainLengths(graph, weights, in_final);
  Matrix matrix;
  matrix.job_overhead = options.job_overhead;
  matrix.runner_cpus = options.runner_cpus;
  for (const std::vector<int>& bin : BalanceBins(group_weights, count)) {
    if (bin.empty()) continue;
    Shard& shard = matrix.shards.emplace_back();
    for (int g : bin) shard.nodes.insert(shard.nodes.end(), groups[g].begin(), groups[g].end());
    std::sort(shard.nodes.begin(), shard.nodes.end());
    Estimate(shard, weights, chain, options.runner_cpus);
  }
  // Shard 1 holds the first sessions nox would run: the plan reads in nox's order.
  std::sort(matrix.shards.begin(), matrix.shards.end(),
            [](const Shard& a, const Shard& b) { return a.nodes.front() < b.nodes.front(); });
  for (size_t n = 0; n < in_final.size(); ++n)
    if (in_final[n]) matrix.final.nodes.push_back(static_cast<int>(n));
  Estimate(matrix.final, weights, chain, options.runner_cpus);
  return matrix;
}

/// The best plan over `count` shards: groups kept whole, then cut at the fan-ins of the
/// heaviest cuttable group, one group at a time, keeping the cut plan whenever it is faster.
Matrix PlanForCount(const Graph& graph, const std::vector<double>& weights, int count,
                    const MatrixOptions& options) {
  std::vector<bool> in_final(graph.nodes.size(), false);
  Matrix best = Assign(graph, weights, in_final, count, options);
  while (true) {
    const std::vector<int>* heaviest = nullptr;
    double heaviest_weight = -1;
    std::vector<std::vector<int>> groups = GroupUnits(graph, in_final);
    for (const auto& g : groups)
      if (!FanIns(graph, g, in_final).empty() && Sum(g, weights) > heaviest_weight)
        heaviest = &g, heaviest_weight = Sum(g, weights);
    if (!heaviest) return best;
    for (int n : FanIns(graph, *heaviest, in_final)) MoveToFinal(graph, n, in_final);
    Matrix cut = Assign(graph, weights, in_final, count, options);
    if (cut.EstimatedWall() < best.EstimatedWall() - kEpsilon) best = std::move(cut);
  }
}

/// Each node's weight: its remembered seconds, else the mean of the known ones (1 s when
/// none is known, so that all weigh the same).
std::vector<double> Weights(const std::vector<std::optional<double>>& durations,
                            std::vector<int>* assumed, double* assumed_seconds) {
  double sum = 0;
  int known = 0;
  for (const auto& d : durations)
    if (d) sum += *d, ++known;
  *assumed_seconds = known ? sum / known : 1.0;
  std::vector<double> weights;
  for (size_t n = 0; n < durations.size(); ++n) {
    if (!durations[n]) assumed->push_back(static_cast<int>(n));
    weights.push_back(durations[n].value_or(*assumed_seconds));
  }
  return weights;
}

/// Whether the evidence shows `from` (the session in a shard) leaving `path` for the other.
bool Travels(const Evidence& evidence, bool from_is_first) {
  if (evidence.kind == ConflictKind::kWriteWrite) return true;
  return from_is_first ? evidence.kind == ConflictKind::kWriteRead
                       : evidence.kind == ConflictKind::kReadWrite;
}

void AddLearnedPaths(const std::string& from, const std::string& to,
                     const std::vector<LearnedEdge>& learned, std::set<std::string>& paths) {
  for (const LearnedEdge& edge : learned) {
    bool forward = edge.first == from && edge.second == to;
    bool backward = edge.first == to && edge.second == from;
    if (!forward && !backward) continue;
    for (const Evidence& e : edge.evidence)
      if (Travels(e, forward)) paths.insert(EvidencePattern(e.path));
  }
}

}  // namespace

double Matrix::EstimatedWall() const {
  double heaviest = 0;
  for (const Shard& s : shards) heaviest = std::max(heaviest, s.wall);
  double wall = job_overhead + heaviest;
  if (!final.nodes.empty()) wall += job_overhead + final.wall;
  return wall;
}

Matrix PlanMatrix(const Graph& graph, const std::vector<std::optional<double>>& durations,
                  const MatrixOptions& options) {
  std::vector<int> assumed;
  double assumed_seconds = 0;
  std::vector<double> weights = Weights(durations, &assumed, &assumed_seconds);
  Matrix best;
  if (options.shards) {
    best = PlanForCount(graph, weights, *options.shards, options);
  } else {
    // One more job pays off only if it shortens the run by more than its own start-up.
    double best_cost = 0;
    int most = std::min<int>(kMaxShards, std::max<size_t>(1, graph.nodes.size()));
    for (int count = 1; count <= most; ++count) {
      Matrix plan = PlanForCount(graph, weights, count, options);
      size_t filled = plan.shards.size();
      size_t jobs = filled + (plan.final.nodes.empty() ? 0 : 1);
      double cost = plan.EstimatedWall() + options.job_overhead * static_cast<double>(jobs);
      if (count == 1 || cost < best_cost - kEpsilon) best = std::move(plan), best_cost = cost;
      if (filled < static_cast<size_t>(count)) break;  // no group left to spread
    }
  }
  best.assumed = std::move(assumed);
  best.assumed_seconds = assumed_seconds;
  return best;
}

void FindNeeds(const Graph& graph, const Config& config, const std::vector<LearnedEdge>& learned,
               Matrix& matrix) {
  std::vector<bool> in_final(graph.nodes.size(), false);
  for (int n : matrix.final.nodes) in_final[n] = true;
  std::vector<std::set<std::string>> paths(graph.nodes.size());
  std::vector<bool> feeds(graph.nodes.size(), false);
  for (const Edge& e : graph.edges) {
    if (in_final[e.from] || !in_final[e.to]) continue;
    feeds[e.from] = true;
    AddLearnedPaths(graph.Name(e.from), graph.Name(e.to), learned, paths[e.from]);
  }
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    if (!feeds[n]) continue;
    const Session& session = *graph.nodes[n].session;
    for (const auto& [pattern, globs] : config.artifacts)
      if (PatternMatches(pattern.glob, session.name, session.signatures))
        paths[n].insert(globs.begin(), globs.end());
    matrix.needs.push_back({static_cast<int>(n), {paths[n].begin(), paths[n].end()}});
  }
}
