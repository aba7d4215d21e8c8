#include "matrix.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <set>

#include "matrix_format.h"

namespace {

/// A project of plain sessions in the order given, its configuration and its graph.
struct Planned {
  explicit Planned(const std::vector<std::string>& names) : order(names) {
    for (const std::string& name : names) {
      Session& s = project.sessions.emplace_back();
      s.signature = s.name = name;
      s.signatures = {name};
    }
    project.queue = order;
    durations.resize(names.size());
  }

  /// `[tool.parnox] after = { later = [earlier...] }`
  void After(const std::string& later, const std::vector<std::string>& earlier) {
    std::vector<ConfigPattern> patterns;
    for (const std::string& e : earlier) patterns.push_back({e, {"pyproject.toml", 1}});
    config.after.push_back({{later, {"pyproject.toml", 1}}, patterns});
  }

  /// nox's `requires=`.
  void Requires(const std::string& session, const std::string& prerequisite) {
    for (Session& s : project.sessions)
      if (s.signature == session) s.requires_.push_back(prerequisite);
  }

  void Last(const std::string& name, double seconds) { durations[graph.Find(name)] = seconds; }

  const Graph& Build(const std::vector<LearnedEdge>& learned = {}) {
    std::vector<std::string> errors;
    graph = Graph();
    EXPECT_TRUE(BuildGraph(project, config, order, &graph, &errors, learned));
    EXPECT_EQ(errors, std::vector<std::string>{});
    return graph;
  }

  Matrix Plan(std::optional<int> shards, double job_overhead = 30) const {
    return PlanMatrix(graph, durations, {shards, job_overhead});
  }

  Project project;
  Config config;
  std::vector<std::string> order;
  Graph graph;
  std::vector<std::optional<double>> durations;  ///< by node, as PlanMatrix takes them
};

std::vector<std::string> Names(const Graph& graph, const std::vector<int>& nodes) {
  std::vector<std::string> names;
  for (int n : nodes) names.push_back(graph.Name(n));
  return names;
}

/// Each node's stage: 1..N for the shards, 0 for the final stage, -1 for none.
std::vector<int> StageOf(const Graph& graph, const Matrix& matrix) {
  std::vector<int> stage(graph.nodes.size(), -1);
  auto place = [&](int node, int where) {
    EXPECT_EQ(stage[node], -1) << graph.Name(node) << " is in two stages";
    stage[node] = where;
  };
  for (size_t k = 0; k < matrix.shards.size(); ++k)
    for (int n : matrix.shards[k].nodes) place(n, static_cast<int>(k) + 1);
  for (int n : matrix.final.nodes) place(n, 0);
  return stage;
}

/// What every plan must be: a partition of the sessions that breaks no dependency, each
/// stage in nox's order, shards ordered by their first session, no shard empty, estimates
/// the sums of their sessions' weights.
void ExpectValidPlan(const Graph& graph, const Matrix& matrix, const std::vector<double>& weights) {
  std::vector<int> stage = StageOf(graph, matrix);
  for (size_t n = 0; n < stage.size(); ++n)
    EXPECT_NE(stage[n], -1) << graph.Name(static_cast<int>(n)) << " is in no stage";
  for (const Edge& e : graph.edges) {
    std::string edge = graph.Name(e.from) + " -> " + graph.Name(e.to);
    EXPECT_FALSE(stage[e.from] == 0 && stage[e.to] != 0) << edge << " leaves the final stage";
    EXPECT_FALSE(stage[e.from] > 0 && stage[e.to] > 0 && stage[e.from] != stage[e.to])
        << edge << " crosses shards " << stage[e.from] << " and " << stage[e.to];
  }
  auto expect_stage = [&](const Shard& shard, const std::string& what) {
    EXPECT_TRUE(std::is_sorted(shard.nodes.begin(), shard.nodes.end())) << what;
    double sum = 0;
    for (int n : shard.nodes) sum += weights[n];
    EXPECT_NEAR(shard.estimate, sum, 1e-6) << what;
  };
  for (size_t k = 0; k < matrix.shards.size(); ++k) {
    EXPECT_FALSE(matrix.shards[k].nodes.empty()) << "shard " << k + 1;
    expect_stage(matrix.shards[k], "shard " + std::to_string(k + 1));
    if (k > 0 && !matrix.shards[k].nodes.empty()) {
      EXPECT_LT(matrix.shards[k - 1].nodes.front(), matrix.shards[k].nodes.front());
    }
  }
  expect_stage(matrix.final, "final");
}

std::vector<double> Known(const std::vector<std::optional<double>>& durations) {
  std::vector<double> weights;
  for (const auto& d : durations) weights.push_back(d.value());
  return weights;
}

double Heaviest(const Matrix& matrix) {
  double heaviest = 0;
  for (const Shard& s : matrix.shards) heaviest = std::max(heaviest, s.estimate);
  return heaviest;
}

/// The heaviest set of sessions that must share a shard: connected by edges, outside the
/// final stage.
double HeaviestUnsplittable(const Graph& graph, const Matrix& matrix,
                            const std::vector<double>& weights) {
  std::vector<int> stage = StageOf(graph, matrix);
  std::vector<int> component(graph.nodes.size(), -1);
  double heaviest = 0;
  for (size_t start = 0; start < graph.nodes.size(); ++start) {
    if (stage[start] == 0 || component[start] >= 0) continue;
    double sum = 0;
    std::vector<int> todo{static_cast<int>(start)};
    component[start] = static_cast<int>(start);
    while (!todo.empty()) {
      int n = todo.back();
      todo.pop_back();
      sum += weights[n];
      std::vector<int> edges = graph.nodes[n].in;
      edges.insert(edges.end(), graph.nodes[n].out.begin(), graph.nodes[n].out.end());
      for (int e : edges) {
        int other = graph.edges[e].from == n ? graph.edges[e].to : graph.edges[e].from;
        if (stage[other] == 0 || component[other] >= 0) continue;
        component[other] = static_cast<int>(start);
        todo.push_back(other);
      }
    }
    heaviest = std::max(heaviest, sum);
  }
  return heaviest;
}

/// A generated project like the ones the issue describes: `long_tests` test sessions of
/// 2-10 minutes, short gates of 5 s to a minute (most of them short), and a coverage
/// session after every test, in a noxfile-like order. Uses the engine's raw output only,
/// which the standard fixes, so every library draws the same set.
struct GeneratedProject : Planned {
  static std::vector<std::string> MakeNames(int sessions, int long_tests) {
    std::vector<std::string> names;
    for (int i = 0; i < sessions - long_tests - 1; ++i) names.push_back("gate" + std::to_string(i));
    for (int i = 0; i < long_tests; ++i) names.push_back("tests" + std::to_string(i));
    names.push_back("coverage");
    return names;
  }

  GeneratedProject(int sessions, int long_tests, uint32_t seed)
      : Planned(MakeNames(sessions, long_tests)) {
    After("coverage", {"tests*"});
    Build();
    std::mt19937 engine(seed);
    auto uniform = [&] { return static_cast<double>(engine()) / 4294967296.0; };
    for (const Node& node : graph.nodes) {
      const std::string& name = node.session->name;
      double u = uniform();
      double seconds = name.starts_with("tests") ? 120 + 480 * u
                       : name == "coverage"      ? 10
                                                 : 5 + 55 * u * u;
      durations[graph.Find(name)] = std::round(seconds * 10) / 10;
    }
  }
};

}  // namespace

TEST(PlanMatrixTest, EverySessionInOneStageAndNoDependencyBroken) {
  // Connected sessions interleave with others in nox's order: a shard must still list its
  // sessions in that order, not group by group.
  Planned p({"lint", "build", "format", "typecheck", "tests_a", "docs", "tests_b", "coverage",
             "publish"});
  p.After("coverage", {"tests*"});
  p.After("publish", {"build"});
  p.Build();
  for (auto [name, seconds] : std::vector<std::pair<std::string, double>>{{"lint", 10},
                                                                          {"format", 5},
                                                                          {"typecheck", 40},
                                                                          {"tests_a", 200},
                                                                          {"tests_b", 150},
                                                                          {"coverage", 8},
                                                                          {"docs", 60},
                                                                          {"build", 30},
                                                                          {"publish", 20}})
    p.Last(name, seconds);
  for (int shards = 1; shards <= 10; ++shards) {
    for (double overhead : {0.0, 5.0, 30.0, 600.0}) {
      SCOPED_TRACE("shards " + std::to_string(shards) + ", overhead " + std::to_string(overhead));
      Matrix matrix = p.Plan(shards, overhead);
      ExpectValidPlan(p.graph, matrix, Known(p.durations));
      EXPECT_LE(matrix.shards.size(), static_cast<size_t>(shards));
      EXPECT_EQ(matrix.job_overhead, overhead);
    }
  }
  ExpectValidPlan(p.graph, p.Plan(std::nullopt), Known(p.durations));
}

TEST(PlanMatrixTest, SameInputSamePlan) {
  GeneratedProject a(50, 4, 7), b(50, 4, 7);
  for (std::optional<int> shards : {std::optional<int>(3), std::optional<int>()}) {
    Matrix first = a.Plan(shards), again = a.Plan(shards), other = b.Plan(shards);
    std::string json = RenderMatrixJson(a.graph, first);
    EXPECT_EQ(RenderMatrixJson(a.graph, again), json);
    EXPECT_EQ(RenderMatrixJson(b.graph, other), json);  // another machine, the same project
    ASSERT_EQ(first.shards.size(), other.shards.size());
    for (size_t k = 0; k < first.shards.size(); ++k)
      EXPECT_EQ(first.shards[k].nodes, other.shards[k].nodes);
    EXPECT_EQ(first.final.nodes, other.final.nodes);
  }
}

TEST(PlanMatrixTest, StagesInNoxOrderAndShardOneHoldsTheFirstSession) {
  // The heaviest sessions come last: a plan ordered by weight would put them first.
  Planned p({"a", "b", "c", "d", "e", "f", "g", "h"});
  p.Build();
  for (int n = 0; n < 8; ++n) p.durations[n] = 10.0 * (n + 1);
  Matrix matrix = p.Plan(3, 0);
  ASSERT_EQ(matrix.shards.size(), 3u);
  ExpectValidPlan(p.graph, matrix, Known(p.durations));
  EXPECT_EQ(matrix.shards[0].nodes.front(), 0);
  EXPECT_EQ(Names(p.graph, matrix.shards[0].nodes).front(), "a");
}

TEST(PlanMatrixTest, BalancesBetterThanLongestFirst) {
  // Longest-first puts 300+200+200 against 300+200; the best split is 300+300 | 200+200+200.
  Planned p({"a", "b", "c", "d", "e"});
  p.Build();
  p.Last("a", 300), p.Last("b", 300), p.Last("c", 200), p.Last("d", 200), p.Last("e", 200);
  Matrix matrix = p.Plan(2, 0);
  ExpectValidPlan(p.graph, matrix, Known(p.durations));
  ASSERT_EQ(matrix.shards.size(), 2u);
  EXPECT_DOUBLE_EQ(matrix.shards[0].estimate, 600);
  EXPECT_DOUBLE_EQ(matrix.shards[1].estimate, 600);
}

TEST(PlanMatrixTest, FanInGoesToTheFinalStageWhenThatIsFaster) {
  Planned p({"lint", "tests_a", "tests_b", "coverage"});
  p.After("coverage", {"tests*"});
  p.Build();
  p.Last("lint", 10), p.Last("tests_a", 300), p.Last("tests_b", 280), p.Last("coverage", 5);

  // Kept together, one job runs 585 s of work; split, the tests run side by side and the
  // combine follows: 300 + 5 s and a second start-up.
  Matrix split = p.Plan(3, 10);
  ExpectValidPlan(p.graph, split, Known(p.durations));
  EXPECT_EQ(Names(p.graph, split.final.nodes), std::vector<std::string>{"coverage"});
  EXPECT_EQ(split.shards.size(), 3u);
  EXPECT_DOUBLE_EQ(split.EstimatedWall(), 10 + 300 + 10 + 5);
  EXPECT_DOUBLE_EQ(split.final.estimate, 5);

  // A job start-up longer than what the split saves: everything stays in the shards.
  Matrix kept = p.Plan(3, 600);
  ExpectValidPlan(p.graph, kept, Known(p.durations));
  EXPECT_TRUE(kept.final.nodes.empty());
  EXPECT_DOUBLE_EQ(kept.final.estimate, 0);
  bool together = false;
  for (const Shard& s : kept.shards)
    together |=
        Names(p.graph, s.nodes) == std::vector<std::string>{"tests_a", "tests_b", "coverage"};
  EXPECT_TRUE(together);
  EXPECT_DOUBLE_EQ(kept.EstimatedWall(), 600 + 585);
}

TEST(PlanMatrixTest, FanInStaysWhenTheTestsAreShort) {
  Planned p({"tests_a", "tests_b", "coverage", "docs"});
  p.After("coverage", {"tests*"});
  p.Build();
  p.Last("tests_a", 3), p.Last("tests_b", 3), p.Last("coverage", 1), p.Last("docs", 50);
  // The docs shard bounds the run whether or not the tests' group is cut.
  Matrix matrix = p.Plan(2, 30);
  ExpectValidPlan(p.graph, matrix, Known(p.durations));
  EXPECT_TRUE(matrix.final.nodes.empty());
}

TEST(PlanMatrixTest, EverythingAfterAFanInFollowsItToTheFinalStage) {
  Planned p({"tests_a", "tests_b", "coverage", "upload", "lint"});
  p.After("coverage", {"tests*"});
  p.After("upload", {"coverage"});
  p.Build();
  p.Last("tests_a", 100), p.Last("tests_b", 100), p.Last("coverage", 5), p.Last("upload", 2),
      p.Last("lint", 5);
  Matrix matrix = p.Plan(2, 1);
  ExpectValidPlan(p.graph, matrix, Known(p.durations));
  EXPECT_EQ(Names(p.graph, matrix.final.nodes), (std::vector<std::string>{"coverage", "upload"}));
}

TEST(PlanMatrixTest, RequiresChainStaysInOneShard) {
  Planned p({"a", "b", "c", "x", "y", "z"});
  p.Requires("b", "a");
  p.Requires("c", "b");
  p.Build();
  ASSERT_EQ(p.graph.edges.size(), 2u);
  for (int n = 0; n < 6; ++n) p.durations[n] = 100;
  for (int shards = 2; shards <= 6; ++shards) {
    SCOPED_TRACE("shards " + std::to_string(shards));
    Matrix matrix = p.Plan(shards, 1);
    ExpectValidPlan(p.graph, matrix, Known(p.durations));
    EXPECT_TRUE(matrix.final.nodes.empty());  // a chain has no fan-in to cut at
    std::vector<int> stage = StageOf(p.graph, matrix);
    EXPECT_EQ(stage[p.graph.Find("a")], stage[p.graph.Find("b")]);
    EXPECT_EQ(stage[p.graph.Find("b")], stage[p.graph.Find("c")]);
  }
}

TEST(PlanMatrixTest, FanInThatRequiresItsFeedersIsNotCut) {
  // Cut into the final stage, coverage would run after a failed prerequisite in another job,
  // where sequential nox skips it: it stays with its tests, however long they take.
  Planned p({"tests_a", "tests_b", "coverage", "lint"});
  p.Requires("coverage", "tests_a");
  p.Requires("coverage", "tests_b");
  p.Build();
  p.Last("tests_a", 300), p.Last("tests_b", 300), p.Last("coverage", 5), p.Last("lint", 5);
  Matrix matrix = p.Plan(3, 1);
  ExpectValidPlan(p.graph, matrix, Known(p.durations));
  EXPECT_TRUE(matrix.final.nodes.empty());
  std::vector<int> stage = StageOf(p.graph, matrix);
  EXPECT_EQ(stage[p.graph.Find("tests_a")], stage[p.graph.Find("coverage")]);
  EXPECT_EQ(stage[p.graph.Find("tests_b")], stage[p.graph.Find("coverage")]);

  // The same fan-in declared with `after` is cut: it runs after failed tests in nox too.
  Planned q({"tests_a", "tests_b", "coverage", "lint"});
  q.After("coverage", {"tests*"});
  q.Build();
  q.Last("tests_a", 300), q.Last("tests_b", 300), q.Last("coverage", 5), q.Last("lint", 5);
  EXPECT_EQ(Names(q.graph, q.Plan(3, 1).final.nodes), std::vector<std::string>{"coverage"});
}

TEST(PlanMatrixTest, RunnerCoresShortenStagesButNotChains) {
  // Twelve 20 s gates and a 100 s chain of two: one job of 4 cores runs them in
  // max(340 s / 4, 100 s) = 100 s, so with a 30 s start-up one job is best; counted as
  // one core each, the same work would take three jobs.
  std::vector<std::string> names;
  for (int i = 0; i < 12; ++i) names.push_back("gate" + std::to_string(i));
  names.insert(names.end(), {"build", "check"});
  Planned p(names);
  p.Requires("check", "build");
  p.Build();
  for (int i = 0; i < 12; ++i) p.Last("gate" + std::to_string(i), 20);
  p.Last("build", 50), p.Last("check", 50);

  MatrixOptions four{std::nullopt, 30, 4};
  Matrix one = PlanMatrix(p.graph, p.durations, four);
  ASSERT_EQ(one.shards.size(), 1u);
  EXPECT_DOUBLE_EQ(one.shards[0].estimate, 340);
  EXPECT_DOUBLE_EQ(one.shards[0].wall, 100);  // the chain, not 340 / 4
  EXPECT_DOUBLE_EQ(one.EstimatedWall(), 30 + 100);
  EXPECT_EQ(one.runner_cpus, 4);

  MatrixOptions serial{std::nullopt, 30, 1};
  Matrix many = PlanMatrix(p.graph, p.durations, serial);
  EXPECT_GT(many.shards.size(), 1u);
  for (const Shard& s : many.shards) EXPECT_DOUBLE_EQ(s.wall, s.estimate);
}

TEST(PlanMatrixTest, UnknownDurationsGetTheMeanAndAreListed) {
  Planned p({"a", "b", "c", "d"});
  p.Build();
  p.Last("a", 10), p.Last("c", 30);
  Matrix matrix = p.Plan(1, 0);
  EXPECT_EQ(Names(p.graph, matrix.assumed), (std::vector<std::string>{"b", "d"}));
  EXPECT_DOUBLE_EQ(matrix.assumed_seconds, 20);
  ASSERT_EQ(matrix.shards.size(), 1u);
  EXPECT_DOUBLE_EQ(matrix.shards[0].estimate, 10 + 20 + 30 + 20);

  p.Last("b", 20), p.Last("d", 20);
  Matrix known = p.Plan(1, 0);
  EXPECT_TRUE(known.assumed.empty());
}

TEST(PlanMatrixTest, NothingKnownCountsOneSecondEach) {
  Planned p({"a", "b", "c", "d", "e"});
  p.Build();
  Matrix matrix = p.Plan(2, 0);
  EXPECT_EQ(matrix.assumed.size(), 5u);
  EXPECT_DOUBLE_EQ(matrix.assumed_seconds, 1);
  ASSERT_EQ(matrix.shards.size(), 2u);
  std::vector<double> estimates{matrix.shards[0].estimate, matrix.shards[1].estimate};
  std::sort(estimates.begin(), estimates.end());
  EXPECT_EQ(estimates, (std::vector<double>{2, 3}));  // balanced by count
}

TEST(PlanMatrixTest, AutoKeepsShortWorkInOneJob) {
  Planned p({"lint", "format", "typecheck", "tests", "docs", "build"});
  p.Build();
  for (int n = 0; n < 6; ++n) p.durations[n] = 5 + n;
  Matrix matrix = p.Plan(std::nullopt, 30);
  ASSERT_EQ(matrix.shards.size(), 1u);
  EXPECT_EQ(matrix.shards[0].nodes.size(), 6u);
  EXPECT_TRUE(matrix.final.nodes.empty());
}

TEST(PlanMatrixTest, AutoSpreadsLongWork) {
  Planned p({"t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8"});
  p.Build();
  for (int n = 0; n < 8; ++n) p.durations[n] = 300;
  Matrix matrix = p.Plan(std::nullopt, 30);
  ExpectValidPlan(p.graph, matrix, Known(p.durations));
  EXPECT_GT(matrix.shards.size(), 1u);
  // Each job saves far more than its 30 s start-up: one session a job.
  EXPECT_EQ(matrix.shards.size(), 8u);

  // With a start-up as long as a session, fewer jobs pay off.
  Matrix costly = p.Plan(std::nullopt, 300);
  EXPECT_GT(costly.shards.size(), 1u);
  EXPECT_LT(costly.shards.size(), 8u);
}

TEST(PlanMatrixTest, AutoNeverPlansMoreShardsThanSessions) {
  Planned p({"a", "b"});
  p.Build();
  p.Last("a", 1000), p.Last("b", 1000);
  EXPECT_EQ(p.Plan(std::nullopt, 1).shards.size(), 2u);
  EXPECT_EQ(p.Plan(5, 1).shards.size(), 2u);  // empty shards are left out
}

/// The goal: with N = 4, the heaviest shard is within 5% of the best any split
/// could do, max(work / N, the heaviest group that cannot be split).
TEST(PlanMatrixTest, BalanceOnGeneratedSets) {
  for (auto [sessions, long_tests] : {std::pair{50, 4}, std::pair{200, 8}}) {
    for (uint32_t seed : {1u, 2u, 3u, 42u, 2026u}) {
      SCOPED_TRACE(std::to_string(sessions) + " sessions, seed " + std::to_string(seed));
      GeneratedProject p(sessions, long_tests, seed);
      std::vector<double> weights = Known(p.durations);
      Matrix matrix = p.Plan(4, 30);
      ExpectValidPlan(p.graph, matrix, weights);
      EXPECT_EQ(matrix.shards.size(), 4u);
      double work = 0;
      for (const Shard& s : matrix.shards) work += s.estimate;
      double bound = std::max(work / 4, HeaviestUnsplittable(p.graph, matrix, weights));
      double ratio = Heaviest(matrix) / bound;
      EXPECT_LE(ratio, 1.05) << "heaviest shard " << Heaviest(matrix) << " s, bound " << bound
                             << " s";
      // The long tests feed one combine: kept together they would be one job's work.
      EXPECT_EQ(Names(p.graph, matrix.final.nodes), std::vector<std::string>{"coverage"});
    }
  }
}

TEST(FindNeedsTest, ConfigArtifactsByPattern) {
  Planned p({"lint", "tests(kind='unit')", "tests(kind='integration')", "coverage"});
  p.project.sessions[1].name = p.project.sessions[2].name = "tests";
  p.After("coverage", {"tests*"});
  p.config.artifacts.push_back({{"tests", {"pyproject.toml", 4}}, {".coverage.*", "junit/*.xml"}});
  p.config.artifacts.push_back({{"lint", {"pyproject.toml", 5}}, {"lint.log"}});
  p.Build();
  p.Last("lint", 1), p.Last("tests(kind='unit')", 100), p.Last("tests(kind='integration')", 100),
      p.Last("coverage", 1);
  Matrix matrix = p.Plan(3, 1);
  ASSERT_EQ(Names(p.graph, matrix.final.nodes), std::vector<std::string>{"coverage"});
  FindNeeds(p.graph, p.config, {}, matrix);
  // lint feeds nothing in the final stage: its artifacts do not travel.
  ASSERT_EQ(matrix.needs.size(), 2u);
  EXPECT_EQ(p.graph.Name(matrix.needs[0].from), "tests(kind='unit')");
  EXPECT_EQ(p.graph.Name(matrix.needs[1].from), "tests(kind='integration')");
  for (const Need& need : matrix.needs)
    EXPECT_EQ(need.paths, (std::vector<std::string>{".coverage.*", "junit/*.xml"}));
}

TEST(FindNeedsTest, LearnedEvidenceBecomesANameFamily) {
  Planned p({"tests_a", "tests_b", "coverage"});
  std::vector<LearnedEdge> learned{
      {"tests_a",
       "coverage",
       {{".coverage.host.12.34", ConflictKind::kWriteRead, ""},
        {"htmlcov/index.html", ConflictKind::kReadWrite, ""}}},  // coverage's own output
      {"tests_b",
       "coverage",
       {{"out/.coverage.host.56.78", ConflictKind::kWriteWrite, ""},
        {"report.txt", ConflictKind::kWriteRead, ""}}}};
  p.Build(learned);
  p.Last("tests_a", 100), p.Last("tests_b", 100), p.Last("coverage", 1);
  Matrix matrix = p.Plan(2, 1);
  ASSERT_EQ(Names(p.graph, matrix.final.nodes), std::vector<std::string>{"coverage"});
  FindNeeds(p.graph, p.config, learned, matrix);
  ASSERT_EQ(matrix.needs.size(), 2u);
  EXPECT_EQ(p.graph.Name(matrix.needs[0].from), "tests_a");
  EXPECT_EQ(matrix.needs[0].paths, std::vector<std::string>{".coverage.*"});
  EXPECT_EQ(p.graph.Name(matrix.needs[1].from), "tests_b");
  EXPECT_EQ(matrix.needs[1].paths, (std::vector<std::string>{"out/.coverage.*", "report.txt"}));
}

TEST(FindNeedsTest, LearnedTheOtherWayRound) {
  // Learned when nox ran coverage first: coverage read what the test would later write.
  Planned p({"tests_a", "tests_b", "coverage"});
  std::vector<LearnedEdge> learned{
      {"coverage", "tests_a", {{".coverage.host.1.2", ConflictKind::kReadWrite, ""}}}};
  p.After("coverage", {"tests*"});
  p.Build(learned);
  p.Last("tests_a", 100), p.Last("tests_b", 100), p.Last("coverage", 1);
  Matrix matrix = p.Plan(2, 1);
  FindNeeds(p.graph, p.config, learned, matrix);
  ASSERT_EQ(matrix.needs.size(), 2u);
  EXPECT_EQ(matrix.needs[0].paths, std::vector<std::string>{".coverage.*"});
  EXPECT_EQ(matrix.needs[1].paths, std::vector<std::string>{});
}

TEST(FindNeedsTest, NothingKnownGivesANeedWithoutPaths) {
  Planned p({"tests_a", "tests_b", "coverage"});
  p.After("coverage", {"tests*"});
  p.Build();
  p.Last("tests_a", 100), p.Last("tests_b", 100), p.Last("coverage", 1);
  Matrix matrix = p.Plan(2, 1);
  FindNeeds(p.graph, p.config, {}, matrix);
  ASSERT_EQ(matrix.needs.size(), 2u);
  for (const Need& need : matrix.needs) EXPECT_TRUE(need.paths.empty());
}

TEST(FindNeedsTest, NoFinalStageNoNeeds) {
  Planned p({"tests_a", "tests_b", "coverage"});
  p.After("coverage", {"tests*"});
  p.config.artifacts.push_back({{"tests*", {"pyproject.toml", 4}}, {".coverage.*"}});
  p.Build();
  Matrix matrix = p.Plan(2, 1);  // all 1 s: not worth a final stage
  ASSERT_TRUE(matrix.final.nodes.empty());
  FindNeeds(p.graph, p.config, {}, matrix);
  EXPECT_TRUE(matrix.needs.empty());
}
