#include "graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace {

std::string Where(const ConfigLocation& where) {
  return fmt::format("{}:{}", where.file, where.line);
}

bool Matches(const std::string& glob, const Session& session) {
  return PatternMatches(glob, session.name, session.signatures);
}

class GraphBuilder {
 public:
  GraphBuilder(const Config& config, Graph* graph) : config_(config), graph_(*graph) {}

  void AddNodes(const Project& project, const std::vector<std::string>& order,
                std::vector<std::string>* errors) {
    for (const std::string& signature : order) {
      const Session* session = project.Find(signature);
      if (!session) {
        errors->push_back(
            fmt::format("nox listed '{}' to run but not among its sessions", signature));
        continue;
      }
      graph_.index[signature] = static_cast<int>(graph_.nodes.size());
      Node& node = graph_.nodes.emplace_back();
      node.session = session;
      node.order = static_cast<int>(graph_.nodes.size()) - 1;
      ApplySettings(node);
    }
  }

  void AddNoxEdges() {
    for (size_t n = 0; n < graph_.nodes.size(); ++n) {
      const Session& session = *graph_.nodes[n].session;
      for (const std::string& prerequisite : session.requires_)
        Add(graph_.Find(prerequisite), n, EdgeKind::kRequires,
            fmt::format("{} requires {}", session.signature, prerequisite));
      for (const std::string& notified : session.notifies) AddNotifyEdge(n, notified);
    }
  }

  /// A session and one it notifies keep nox's order. Notified later in the queue, it runs
  /// after its notifier. Queued earlier, nox runs it first and the notify does nothing, so it
  /// must still run first: it saw the state from before its notifier, as under nox.
  void AddNotifyEdge(size_t notifier, const std::string& notified) {
    int other = graph_.Find(notified);
    if (other < 0) return;  // not selected: it runs inside the notifier's nox, as in nox
    const std::string& name = graph_.Name(static_cast<int>(notifier));
    if (other > static_cast<int>(notifier))
      Add(static_cast<int>(notifier), other, EdgeKind::kNotify,
          fmt::format("{} calls session.notify(\"{}\")", name, notified));
    else
      Add(other, notifier, EdgeKind::kNotify,
          fmt::format("nox runs {} first; {}'s session.notify(\"{}\") then does nothing", notified,
                      name, notified));
  }

  /// Sessions sharing a virtualenv run one after another, in nox's order. A "none" backend
  /// creates no environment, so its envdir is only a name and is not shared state.
  void AddSharedEnvdirEdges() {
    std::map<std::string, int> last_user;
    for (size_t n = 0; n < graph_.nodes.size(); ++n) {
      const Session& session = *graph_.nodes[n].session;
      if (session.envdir.empty() || session.venv_backend == "none") continue;
      auto [it, first] = last_user.try_emplace(session.envdir, static_cast<int>(n));
      if (first) continue;
      Add(it->second, n, EdgeKind::kSharedEnvdir,
          fmt::format("both use the virtualenv {}", session.envdir));
      it->second = static_cast<int>(n);
    }
  }

  void AddLearnedEdges(const std::vector<LearnedEdge>& learned) {
    for (const LearnedEdge& edge : learned) {
      int a = graph_.Find(edge.first), b = graph_.Find(edge.second);
      if (a < 0 || b < 0 || a == b) continue;
      int from = std::min(a, b), to = std::max(a, b);
      if (Reaches(to, from)) continue;
      Add(from, to, EdgeKind::kLearned,
          DescribeProvenance(edge.from) + " saw " + DescribeEvidence(edge.evidence));
    }
  }

  void AddAfterEdges() {
    for (const auto& [later, earlier_patterns] : config_.after) {
      for (const ConfigPattern& earlier : earlier_patterns) {
        std::string reason =
            fmt::format("{}: {} after {}", Where(earlier.where), later.glob, earlier.glob);
        for (int to : MatchingNodes(later.glob))
          for (int from : MatchingNodes(earlier.glob))
            if (from != to) Add(from, to, EdgeKind::kAfter, reason);
      }
    }
  }

 private:
  void ApplySettings(Node& node) {
    const Session& session = *node.session;
    // The first matching pattern wins, so a specific pattern can come before a broad one.
    for (const auto& [pattern, cpus] : config_.cpus)
      if (Matches(pattern.glob, session)) {
        node.cpus = cpus;
        break;
      }
    for (const auto& [pattern, timeout] : config_.timeout)
      if (Matches(pattern.glob, session)) {
        node.timeout = timeout;
        break;
      }
    for (const ConfigPattern& pattern : config_.exclusive) {
      if (!Matches(pattern.glob, session)) continue;
      node.exclusive = true;
      node.exclusive_reason = fmt::format("{}: exclusive {}", Where(pattern.where), pattern.glob);
      break;
    }
    for (const ConfigPattern& pattern : config_.independent)
      if (Matches(pattern.glob, session)) node.independent = true;
    if (!node.exclusive && session.allow_parallel == false) {
      node.exclusive = true;
      node.exclusive_reason = "allow_parallel=False in the noxfile";
    }
  }

  bool Reaches(int start, int target) const {
    std::vector<int> stack{start};
    std::vector<bool> seen(graph_.nodes.size());
    while (!stack.empty()) {
      int node = stack.back();
      stack.pop_back();
      if (node == target) return true;
      if (seen[node]) continue;
      seen[node] = true;
      for (int e : graph_.nodes[node].out) stack.push_back(graph_.edges[e].to);
    }
    return false;
  }

  std::vector<int> MatchingNodes(const std::string& glob) const {
    std::vector<int> found;
    for (size_t n = 0; n < graph_.nodes.size(); ++n)
      if (Matches(glob, *graph_.nodes[n].session)) found.push_back(static_cast<int>(n));
    return found;
  }

  void Add(int from, size_t to, EdgeKind kind, std::string reason) {
    if (from < 0 || static_cast<int>(to) < 0 || from == static_cast<int>(to)) return;
    if (!seen_.insert({from, static_cast<int>(to), kind}).second) return;
    int index = static_cast<int>(graph_.edges.size());
    graph_.edges.push_back(Edge{from, static_cast<int>(to), kind, std::move(reason)});
    graph_.nodes[from].out.push_back(index);
    graph_.nodes[to].in.push_back(index);
  }

  const Config& config_;
  Graph& graph_;
  std::set<std::tuple<int, int, EdgeKind>> seen_;
};

/// Finds one cycle among the nodes Kahn's algorithm could not order, as edge indices.
std::vector<int> FindCycle(const Graph& graph, const std::vector<int>& unresolved) {
  std::vector<int> state(graph.nodes.size(), 0);  // 0 new, 1 on the path, 2 finished
  std::vector<int> path;
  std::vector<int> cycle;
  auto visit = [&](auto&& self, int node) -> bool {
    state[node] = 1;
    for (int e : graph.nodes[node].out) {
      int next = graph.edges[e].to;
      if (unresolved[next] == 0) continue;
      path.push_back(e);
      if (state[next] == 1) {
        auto start = std::find_if(path.begin(), path.end(),
                                  [&](int pe) { return graph.edges[pe].from == next; });
        cycle.assign(start, path.end());
        return true;
      }
      if (state[next] == 0 && self(self, next)) return true;
      path.pop_back();
    }
    state[node] = 2;
    return false;
  };
  for (size_t n = 0; n < graph.nodes.size(); ++n)
    if (unresolved[n] && state[n] == 0 && visit(visit, static_cast<int>(n))) break;
  return cycle;
}

std::string DescribeCycle(const Graph& graph, const std::vector<int>& cycle) {
  std::string steps;
  for (int e : cycle) {
    const Edge& edge = graph.edges[e];
    steps += fmt::format("\n  {} must run after {} ({})", graph.Name(edge.to),
                         graph.Name(edge.from), edge.reason);
  }
  return fmt::format(
      "the sessions' order has a cycle, so none of them could ever start:{}\n"
      "Remove one of these orderings (in [tool.parnox] `after`, or in the noxfile).",
      steps);
}

/// Returns the nodes left with unmet predecessors after a topological sort (1 = unresolved).
std::vector<int> Unresolved(const Graph& graph) {
  std::vector<int> pending(graph.nodes.size());
  std::vector<int> ready;
  for (size_t n = 0; n < graph.nodes.size(); ++n)
    if ((pending[n] = static_cast<int>(graph.nodes[n].in.size())) == 0)
      ready.push_back(static_cast<int>(n));
  while (!ready.empty()) {
    int node = ready.back();
    ready.pop_back();
    for (int e : graph.nodes[node].out)
      if (--pending[graph.edges[e].to] == 0) ready.push_back(graph.edges[e].to);
  }
  for (int& p : pending) p = p > 0;
  return pending;
}

}  // namespace

int Graph::Find(const std::string& signature) const {
  auto it = index.find(signature);
  return it == index.end() ? -1 : it->second;
}

bool BuildGraph(const Project& project, const Config& config, const std::vector<std::string>& order,
                Graph* graph, std::vector<std::string>* errors,
                const std::vector<LearnedEdge>& learned) {
  size_t errors_before = errors->size();
  GraphBuilder builder(config, graph);
  builder.AddNodes(project, order, errors);
  builder.AddNoxEdges();
  builder.AddSharedEnvdirEdges();
  builder.AddAfterEdges();
  builder.AddLearnedEdges(learned);
  std::vector<int> unresolved = Unresolved(*graph);
  if (std::find(unresolved.begin(), unresolved.end(), 1) != unresolved.end())
    errors->push_back(DescribeCycle(*graph, FindCycle(*graph, unresolved)));
  return errors->size() == errors_before;
}

const char* EdgeKindName(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kRequires: return "requires";
    case EdgeKind::kNotify: return "notify";
    case EdgeKind::kSharedEnvdir: return "shared-envdir";
    case EdgeKind::kAfter: return "after";
    case EdgeKind::kLearned: return "learned";
    case EdgeKind::kUnverified: return "unverified";
  }
  return "?";
}

std::vector<double> EstimateDurations(
    const Graph& graph, const std::function<std::optional<double>(const std::string&)>& lookup) {
  std::vector<std::optional<double>> known;
  double sum = 0;
  int count = 0;
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    known.push_back(lookup(graph.Name(static_cast<int>(n))));
    if (known.back()) sum += *known.back(), ++count;
  }
  double fallback = count ? sum / count : 1.0;
  std::vector<double> estimates;
  estimates.reserve(known.size());
  for (const auto& k : known) estimates.push_back(k.value_or(fallback));
  return estimates;
}

std::vector<double> RemainingPathLengths(const Graph& graph, const std::vector<double>& estimates) {
  // Memoised depth-first search; the graph is acyclic (BuildGraph rejects cycles).
  std::vector<double> length(graph.nodes.size(), -1);
  auto visit = [&](auto&& self, int node) -> double {
    if (length[node] >= 0) return length[node];
    double tail = 0;
    for (int e : graph.nodes[node].out) tail = std::max(tail, self(self, graph.edges[e].to));
    return length[node] = estimates[node] + tail;
  };
  for (size_t n = 0; n < graph.nodes.size(); ++n) visit(visit, static_cast<int>(n));
  return length;
}

double LowerBound(const Graph& graph, const std::vector<double>& estimates, int jobs) {
  std::vector<double> paths = RemainingPathLengths(graph, estimates);
  double longest = paths.empty() ? 0 : *std::max_element(paths.begin(), paths.end());
  double work = 0;
  for (size_t n = 0; n < graph.nodes.size(); ++n)
    work += estimates[n] * std::min(graph.nodes[n].cpus, jobs);
  return std::max(longest, work / jobs);
}

int AddUnverifiedEdges(Graph* graph, const LearnedEdgeStore& learned) {
  std::vector<int> by_order(graph->nodes.size());
  for (size_t n = 0; n < graph->nodes.size(); ++n)
    by_order[graph->nodes[n].order] = static_cast<int>(n);
  int added = 0;
  for (size_t i = 0; i < by_order.size(); ++i) {
    const Node& first = graph->nodes[by_order[i]];
    if (first.independent) continue;
    for (size_t j = i + 1; j < by_order.size(); ++j) {
      Node& second = graph->nodes[by_order[j]];
      // Traced both: parallel-safe, or ordered by what was learned.
      if (second.independent || learned.Known(first.session->signature, second.session->signature))
        continue;
      int e = static_cast<int>(graph->edges.size());
      graph->edges.push_back({by_order[i], by_order[j], EdgeKind::kUnverified,
                              "untraced, and nothing shows them independent"});
      graph->nodes[by_order[i]].out.push_back(e);
      second.in.push_back(e);
      ++added;
    }
  }
  return added;
}
