#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "config.h"
#include "learned_edges.h"
#include "session.h"

/// Why one session must wait for another. Every edge carries one, and `parnox list` shows it.
enum class EdgeKind {
  kRequires,      ///< nox `requires=`: a hard prerequisite, whose failure aborts the dependent
  kNotify,        ///< `session.notify(...)`: the notified session runs after the notifier
  kSharedEnvdir,  ///< both use one virtualenv, on which nox would race
  kAfter,         ///< `[tool.parnox] after`
  kLearned,       ///< `.parnox/edges.json`: a conflict the tracer saw (parnox audit)
  kUnverified,    ///< an untraced run: no trace or declaration says the two are independent
};

struct Edge {
  int from;  ///< node index: runs first
  int to;    ///< node index: waits for `from`
  EdgeKind kind;
  std::string reason;  ///< human words, e.g. "pyproject.toml:5: after tests*"

  /// Only a prerequisite's failure stops the dependent: for ordering edges, sequential nox
  /// would still run the later session, so parnox does too.
  bool hard() const { return kind == EdgeKind::kRequires; }
};

/// One session of the run with everything the scheduler needs about it.
struct Node {
  const Session* session;
  int order;     ///< position in nox's run order
  int cpus = 1;  ///< worker slots it takes
  std::optional<std::chrono::milliseconds> timeout;
  bool exclusive = false;  ///< runs with nothing beside it
  std::string exclusive_reason;
  bool independent = false;  ///< declared parallel-safe with every other session
  std::vector<int> in;       ///< edge indices ending here
  std::vector<int> out;      ///< edge indices starting here
};

struct Graph {
  std::vector<Node> nodes;
  std::vector<Edge> edges;

  int Find(const std::string& signature) const;  ///< -1 when not in the graph
  const std::string& Name(int node) const { return nodes[node].session->signature; }

  std::unordered_map<std::string, int> index;  ///< signature -> node
};

/// Builds the graph over `order` (signatures, in nox's run order) from nox's own relations
/// and the configuration. Edges to sessions outside `order` are dropped: `after` orders only
/// what runs. Returns false and appends to `errors` on a cycle, naming every edge in it and
/// the configuration lines involved. Learned edges run in this run's nox order, whichever
/// way they were learned, and one that would close a cycle with the declared edges is
/// left out: a declaration outranks an observation.
bool BuildGraph(const Project& project, const Config& config, const std::vector<std::string>& order,
                Graph* graph, std::vector<std::string>* errors,
                const std::vector<LearnedEdge>& learned = {});

const char* EdgeKindName(EdgeKind kind);

/// For a run that cannot trace: orders, in nox's order, every two sessions nothing is known
/// of: neither traced both (`learned`: parallel-safe, or ordered by a learned edge) nor
/// a declaration (`[tool.parnox] independent`). Without evidence, no overlap. Returns how
/// many pairs.
int AddUnverifiedEdges(Graph* graph, const LearnedEdgeStore& learned);

/// Each node's expected duration: remembered, else the mean of the remembered ones, else 1 s.
std::vector<double> EstimateDurations(
    const Graph& graph, const std::function<std::optional<double>(const std::string&)>& lookup);

/// The length of the longest path from each node to the end of the run, itself included.
std::vector<double> RemainingPathLengths(const Graph& graph, const std::vector<double>& estimates);

/// max(longest path, total work / jobs), counting cpus weights as work.
double LowerBound(const Graph& graph, const std::vector<double>& estimates, int jobs);
