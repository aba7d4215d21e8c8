#include "scheduler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "fake_runner.h"

namespace {

class NullStatus : public Status {
 public:
  void SessionStarted(int) override {}
  void SessionOutput(int, std::string_view) override {}
  void SessionFinished(int, const SessionResult&) override {}
  void RunFinished(const RunRecord&) override {}
};

/// A project of sessions named in nox order, each with the given requires.
struct Fixture {
  Project project;
  Config config;
  Graph graph;
  std::unique_ptr<FakeRunner> runner;
  NullStatus status;

  void AddSession(const std::string& name, std::vector<std::string> requires_ = {}) {
    Session s;
    s.name = s.signature = name;
    s.signatures = {name};
    s.venv_backend = "none";
    s.requires_ = std::move(requires_);
    s.selected = true;
    project.sessions.push_back(s);
    project.queue.push_back(name);
  }
  void After(const std::string& later, const std::string& earlier, int line = 3) {
    config.after.push_back(
        {{later, {"pyproject.toml", line}}, {{earlier, {"pyproject.toml", line}}}});
  }
  std::vector<std::string> Build() {
    std::vector<std::string> errors;
    BuildGraph(project, config, project.queue, &graph, &errors);
    runner = std::make_unique<FakeRunner>(graph);
    return errors;
  }
  RunRecord Run(ScheduleOptions options, std::map<std::string, double> seconds = {}) {
    for (auto& [name, s] : seconds) runner->scripts[name].seconds = s;
    std::vector<double> estimates = EstimateDurations(graph, [&](const std::string& n) {
      auto it = seconds.find(n);
      return it == seconds.end() ? std::nullopt : std::optional<double>(it->second);
    });
    return Scheduler(graph, estimates, options, *runner, status).Run();
  }
  Outcome OutcomeOf(const RunRecord& record, const std::string& name) {
    return record.results[graph.Find(name)].outcome;
  }
};

TEST(SchedulerTest, IndependentSessionsShareTheWorkers) {
  Fixture f;
  for (auto name : {"a", "b", "c", "d"}) f.AddSession(name);
  ASSERT_TRUE(f.Build().empty());
  RunRecord record = f.Run({.jobs = 2}, {{"a", 2}, {"b", 2}, {"c", 2}, {"d", 2}});
  EXPECT_TRUE(record.AllPassed());
  EXPECT_EQ(f.runner->PeakSlots(), 2);
  EXPECT_DOUBLE_EQ(f.runner->EndOf("d"), 4);
}

TEST(SchedulerTest, SuccessorWaitsForItsPredecessor) {
  Fixture f;
  for (auto name : {"tests", "lint", "coverage_report"}) f.AddSession(name);
  f.After("coverage_report", "tests*");
  ASSERT_TRUE(f.Build().empty());
  f.Run({.jobs = 3}, {{"tests", 5}, {"lint", 1}, {"coverage_report", 1}});
  EXPECT_GE(f.runner->StartOf("coverage_report"), f.runner->EndOf("tests"));
  EXPECT_DOUBLE_EQ(f.runner->StartOf("lint"), 0);
}

TEST(SchedulerTest, LongestRemainingPathStartsFirst) {
  // The chain c -> d is last in nox's order but is the critical path: it must start first.
  Fixture f;
  for (auto name : {"a", "b", "c", "d"}) f.AddSession(name);
  f.After("d", "c");
  ASSERT_TRUE(f.Build().empty());
  RunRecord record = f.Run({.jobs = 1}, {{"a", 1}, {"b", 2}, {"c", 3}, {"d", 3}});
  std::vector<std::string> order;
  for (auto& e : f.runner->starts) order.push_back(f.graph.Name(e.node));
  EXPECT_EQ(order, (std::vector<std::string>{"c", "d", "b", "a"}));
}

TEST(SchedulerTest, EqualPrioritiesKeepNoxOrder) {
  Fixture f;
  for (auto name : {"z", "y", "x"}) f.AddSession(name);
  ASSERT_TRUE(f.Build().empty());
  f.Run({.jobs = 1});
  std::vector<std::string> order;
  for (auto& e : f.runner->starts) order.push_back(f.graph.Name(e.node));
  EXPECT_EQ(order, (std::vector<std::string>{"z", "y", "x"}));
}

TEST(SchedulerTest, ExclusiveSessionRunsAlone) {
  Fixture f;
  for (auto name : {"a", "docs", "b", "c"}) f.AddSession(name);
  f.config.exclusive.push_back({"docs", {"pyproject.toml", 4}});
  ASSERT_TRUE(f.Build().empty());
  f.Run({.jobs = 4}, {{"a", 2}, {"docs", 3}, {"b", 1}, {"c", 1}});
  double start = f.runner->StartOf("docs"), end = f.runner->EndOf("docs");
  for (auto name : {"a", "b", "c"}) {
    bool overlaps = f.runner->StartOf(name) < end && f.runner->EndOf(name) > start;
    EXPECT_FALSE(overlaps) << name << " overlapped the exclusive session";
  }
}

TEST(SchedulerTest, AllowParallelFalseIsExclusive) {
  Fixture f;
  for (auto name : {"a", "b"}) f.AddSession(name);
  f.project.sessions[0].allow_parallel = false;
  ASSERT_TRUE(f.Build().empty());
  EXPECT_TRUE(f.graph.nodes[0].exclusive);
  f.Run({.jobs = 2});
  EXPECT_GE(f.runner->StartOf("b"), f.runner->EndOf("a"));
}

TEST(SchedulerTest, CpusWeightsNeverOversubscribe) {
  Fixture f;
  for (auto name : {"tests-a", "tests-b", "lint", "fmt"}) f.AddSession(name);
  f.config.cpus.push_back({{"tests*", {"pyproject.toml", 5}}, 2});
  ASSERT_TRUE(f.Build().empty());
  f.Run({.jobs = 3}, {{"tests-a", 4}, {"tests-b", 4}, {"lint", 1}, {"fmt", 1}});
  EXPECT_LE(f.runner->PeakSlots(), 3);
  // The two heavy sessions cannot fit together on 3 slots.
  EXPECT_GE(f.runner->StartOf("tests-b"), f.runner->EndOf("tests-a"));
  for (auto& e : f.runner->starts)
    EXPECT_EQ(e.cpus, f.graph.Name(e.node).rfind("tests", 0) == 0 ? 2 : 1);
}

TEST(SchedulerTest, CpusAboveJobsAreCappedAtJobs) {
  Fixture f;
  f.AddSession("big");
  f.config.cpus.push_back({{"big", {"pyproject.toml", 5}}, 8});
  ASSERT_TRUE(f.Build().empty());
  RunRecord record = f.Run({.jobs = 2});
  EXPECT_TRUE(record.AllPassed());
  EXPECT_EQ(f.runner->starts.at(0).cpus, 2);
}

TEST(SchedulerTest, StopOnFirstErrorStartsNothingNew) {
  Fixture f;
  for (auto name : {"bad", "slow", "later1", "later2"}) f.AddSession(name);
  ASSERT_TRUE(f.Build().empty());
  f.runner->scripts["bad"].outcome = Outcome::kFailed;
  RunRecord record = f.Run({.jobs = 2, .stop_on_first_error = true},
                           {{"bad", 1}, {"slow", 5}, {"later1", 1}, {"later2", 1}});
  EXPECT_EQ(f.OutcomeOf(record, "bad"), Outcome::kFailed);
  EXPECT_EQ(f.OutcomeOf(record, "slow"), Outcome::kSuccess);  // -x lets it finish
  EXPECT_EQ(f.OutcomeOf(record, "later1"), Outcome::kNotStarted);
  EXPECT_EQ(f.OutcomeOf(record, "later2"), Outcome::kNotStarted);
  EXPECT_NE(record.results[f.graph.Find("later1")].reason.find("bad failed"), std::string::npos);
}

TEST(SchedulerTest, FailFastEndsRunningSessions) {
  Fixture f;
  for (auto name : {"bad", "slow", "later"}) f.AddSession(name);
  ASSERT_TRUE(f.Build().empty());
  f.runner->scripts["bad"].outcome = Outcome::kFailed;
  RunRecord record = f.Run({.jobs = 2, .fail_fast = true}, {{"bad", 1}, {"slow", 5}, {"later", 1}});
  EXPECT_EQ(f.OutcomeOf(record, "slow"), Outcome::kInterrupted);
  EXPECT_DOUBLE_EQ(f.runner->EndOf("slow"), 1);
  EXPECT_EQ(f.OutcomeOf(record, "later"), Outcome::kNotStarted);
  EXPECT_FALSE(record.AllPassed());
}

TEST(SchedulerTest, FailedPrerequisiteAbortsOnlyItsDependents) {
  Fixture f;
  f.AddSession("build");
  f.AddSession("tests", {"build"});
  f.AddSession("report", {"tests"});
  f.AddSession("lint");
  f.AddSession("summary");
  f.After("summary", "build");  // ordering only: sequential nox would still run it
  ASSERT_TRUE(f.Build().empty());
  f.runner->scripts["build"].outcome = Outcome::kFailed;
  RunRecord record = f.Run({.jobs = 2});
  EXPECT_EQ(f.OutcomeOf(record, "tests"), Outcome::kAborted);
  EXPECT_EQ(record.results[f.graph.Find("tests")].reason,
            "Prerequisite session build was not successful");
  EXPECT_EQ(f.OutcomeOf(record, "report"), Outcome::kAborted);
  EXPECT_EQ(f.OutcomeOf(record, "lint"), Outcome::kSuccess);
  EXPECT_EQ(f.OutcomeOf(record, "summary"), Outcome::kSuccess);
  EXPECT_EQ(f.runner->StartOf("tests"), -1);
}

TEST(SchedulerTest, SkippedPrerequisiteIsNotAFailure) {
  Fixture f;
  f.AddSession("build");
  f.AddSession("tests", {"build"});
  ASSERT_TRUE(f.Build().empty());
  f.runner->scripts["build"].outcome = Outcome::kSkipped;
  RunRecord record = f.Run({.jobs = 2});
  EXPECT_EQ(f.OutcomeOf(record, "tests"), Outcome::kSuccess);
  EXPECT_TRUE(record.AllPassed());
}

TEST(SchedulerTest, InterruptEndsEverythingAndStartsNothing) {
  Fixture f;
  for (auto name : {"a", "b", "c"}) f.AddSession(name);
  ASSERT_TRUE(f.Build().empty());
  f.runner->signal_at = 0.5;
  RunRecord record = f.Run({.jobs = 2}, {{"a", 3}, {"b", 3}, {"c", 1}});
  EXPECT_EQ(record.signal, 2);
  EXPECT_EQ(f.OutcomeOf(record, "a"), Outcome::kInterrupted);
  EXPECT_EQ(f.OutcomeOf(record, "b"), Outcome::kInterrupted);
  EXPECT_EQ(f.OutcomeOf(record, "c"), Outcome::kNotStarted);
  EXPECT_EQ(f.runner->StartOf("c"), -1);
}

TEST(SchedulerTest, NotifiedSessionRunInsideItsNotifierIsNotRunAgain) {
  Fixture f;
  f.AddSession("tests");
  f.AddSession("coverage");
  f.project.sessions[0].notifies = {"coverage"};
  ASSERT_TRUE(f.Build().empty());
  f.runner->scripts["tests"].also_ran = {{"coverage", Outcome::kSuccess},
                                         {"docs", Outcome::kFailed}};
  RunRecord record = f.Run({.jobs = 2});
  EXPECT_EQ(f.runner->StartOf("coverage"), -1);
  EXPECT_EQ(f.OutcomeOf(record, "coverage"), Outcome::kSuccess);
  // The scheduler records which process ran each: coverage's host is tests, and docs ran
  // by notify though not selected.
  int tests = f.graph.Find("tests"), coverage = f.graph.Find("coverage");
  EXPECT_EQ(record.hosts[coverage], tests);
  EXPECT_EQ(record.hosts[tests], -1);
  ASSERT_EQ(record.notified.size(), 1u);
  EXPECT_EQ(record.notified[0].signature, "docs");
  EXPECT_EQ(record.notified[0].host, tests);
  EXPECT_FALSE(record.AllPassed());
}

TEST(SchedulerTest, NotifiedSessionNotRunByItsNotifierRunsItself) {
  Fixture f;
  f.AddSession("tests");
  f.AddSession("coverage");
  f.project.sessions[0].notifies = {"coverage"};
  ASSERT_TRUE(f.Build().empty());
  f.Run({.jobs = 2});
  EXPECT_GE(f.runner->StartOf("coverage"), f.runner->EndOf("tests"));
}

TEST(GraphTest, NotifiedSessionQueuedEarlierStillRunsFirst) {
  // `nox -s publish build`: publish runs first, and build's notify of it does nothing.
  Fixture f;
  f.AddSession("publish");
  f.AddSession("build");
  f.project.sessions[1].notifies = {"publish"};
  ASSERT_TRUE(f.Build().empty());
  ASSERT_EQ(f.graph.edges.size(), 1u);
  EXPECT_EQ(f.graph.Name(f.graph.edges[0].from), "publish");
  EXPECT_EQ(f.graph.Name(f.graph.edges[0].to), "build");
  f.Run({.jobs = 2});
  EXPECT_GE(f.runner->StartOf("build"), f.runner->EndOf("publish"));
}

TEST(SchedulerTest, LowerBoundIsCriticalPathOrWorkOverJobs) {
  Fixture f;
  for (auto name : {"a", "b", "c", "d"}) f.AddSession(name);
  f.After("b", "a");
  ASSERT_TRUE(f.Build().empty());
  std::vector<double> estimates = {4, 4, 1, 1};
  EXPECT_DOUBLE_EQ(LowerBound(f.graph, estimates, 4), 8);   // the chain a -> b
  EXPECT_DOUBLE_EQ(LowerBound(f.graph, estimates, 1), 10);  // all the work on one worker
}

TEST(SchedulerTest, TheRecordKeepsTheRunnersClock) {
  // The run's span and its bound come from the runner's clock: here a virtual one, so the
  // record says exactly what the schedule did.
  Fixture f;
  for (auto name : {"a", "b", "c"}) f.AddSession(name);
  f.After("b", "a");
  ASSERT_TRUE(f.Build().empty());
  RunRecord record = f.Run({.jobs = 2}, {{"a", 4}, {"b", 4}, {"c", 2}});
  EXPECT_DOUBLE_EQ(record.seconds(), 8);
  EXPECT_DOUBLE_EQ(record.lower_bound_seconds, 8);  // the chain a -> b
  EXPECT_DOUBLE_EQ(record.results[f.graph.Find("c")].seconds(), 2);
}

TEST(GraphTest, CycleNamesTheConfigurationLines) {
  Fixture f;
  for (auto name : {"a", "b"}) f.AddSession(name);
  f.After("a", "b", 7);
  f.After("b", "a", 8);
  std::vector<std::string> errors = f.Build();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("cycle"), std::string::npos);
  EXPECT_NE(errors[0].find("pyproject.toml:7"), std::string::npos);
  EXPECT_NE(errors[0].find("pyproject.toml:8"), std::string::npos);
}

TEST(GraphTest, EveryEdgeCarriesItsReason) {
  Fixture f;
  f.AddSession("build");
  f.AddSession("tests", {"build"});
  f.AddSession("cov");
  f.AddSession("venv-a");
  f.AddSession("venv-b");
  f.project.sessions[1].notifies = {"cov"};
  for (int i : {3, 4}) {
    f.project.sessions[i].venv_backend = "virtualenv";
    f.project.sessions[i].envdir = "/p/.nox/shared";
  }
  f.After("cov", "tests*", 9);
  ASSERT_TRUE(f.Build().empty());
  std::map<EdgeKind, std::string> seen;
  for (const Edge& e : f.graph.edges)
    seen[e.kind] = f.graph.Name(e.from) + ">" + f.graph.Name(e.to) + " " + e.reason;
  EXPECT_EQ(seen[EdgeKind::kRequires], "build>tests tests requires build");
  EXPECT_EQ(seen[EdgeKind::kNotify], "tests>cov tests calls session.notify(\"cov\")");
  EXPECT_EQ(seen[EdgeKind::kSharedEnvdir], "venv-a>venv-b both use the virtualenv /p/.nox/shared");
  EXPECT_EQ(seen[EdgeKind::kAfter], "tests>cov pyproject.toml:9: cov after tests*");
}

TEST(GraphTest, AnUntracedRunOrdersEveryPairNothingShowsIndependent) {
  Fixture f;
  for (auto name : {"lint", "format", "unit", "integration"}) f.AddSession(name);
  f.config.independent.push_back({"format", {"pyproject.toml", 4}});
  ASSERT_TRUE(f.Build().empty());
  LearnedEdgeStore learned;
  learned.Relearn({"lint", "unit", "integration"}, {Provenance::By::kRun, "2026-12-03"});
  learned.Learn({"unit",
                 "integration",
                 {{"state.db", ConflictKind::kWriteWrite, ""}},
                 {Provenance::By::kRun, "2026-12-03"}});
  // lint, unit and integration were traced: safe, or ordered by the learned edge; format
  // is declared independent: nothing to add.
  EXPECT_EQ(AddUnverifiedEdges(&f.graph, learned), 0);
  // A session never traced and not declared is ordered against the traced ones.
  Fixture later;
  for (auto name : {"lint", "format", "unit", "integration", "docs"}) later.AddSession(name);
  later.config.independent.push_back({"format", {"pyproject.toml", 4}});
  ASSERT_TRUE(later.Build().empty());
  EXPECT_EQ(AddUnverifiedEdges(&later.graph, learned), 3);
  ASSERT_EQ(later.graph.edges.size(), 3u);
  EXPECT_EQ(later.graph.Name(later.graph.edges[0].from), "lint");
  EXPECT_EQ(later.graph.Name(later.graph.edges[0].to), "docs");
  EXPECT_EQ(later.graph.edges[0].kind, EdgeKind::kUnverified);
  // With nothing learned, every pair but those with format.
  Fixture bare;
  for (auto name : {"lint", "format", "unit", "integration"}) bare.AddSession(name);
  bare.config.independent.push_back({"format", {"pyproject.toml", 4}});
  ASSERT_TRUE(bare.Build().empty());
  EXPECT_EQ(AddUnverifiedEdges(&bare.graph, LearnedEdgeStore()), 3);
}

TEST(GraphTest, AfterIgnoresSessionsOutsideTheRun) {
  Fixture f;
  f.AddSession("coverage_report");
  f.After("coverage_report", "tests*");
  ASSERT_TRUE(f.Build().empty());
  EXPECT_TRUE(f.graph.edges.empty());
}

}  // namespace
