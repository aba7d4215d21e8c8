#include "run_summary.h"

#include <gtest/gtest.h>

#include "fake_run.h"

namespace {

TEST(RunSummaryTest, CriticalPathFollowsEdgesWeighedByRealDurations) {
  FakeRun f;
  int a = f.Add("a", Outcome::kSuccess, 0, 2, 0);
  int b = f.Add("b", Outcome::kSuccess, 0, 5, 1);
  int c = f.Add("c", Outcome::kSuccess, 2, 3, 0);
  int d = f.Add("d", Outcome::kSuccess, 5, 9, 0);
  f.Edge(a, c);
  f.Edge(b, d);
  f.Edge(a, d);
  const RunRecord& run = f.Finish(2, 9);
  EXPECT_EQ(CriticalPath(run), (std::vector<int>{b, d}));
  EXPECT_DOUBLE_EQ(PathSeconds(run, CriticalPath(run)), 9);
  EXPECT_NEAR(BusySeconds(run), 12, 1e-6);
}

TEST(RunSummaryTest, SessionsThatDidNotRunAreNotOnThePath) {
  FakeRun f;
  int a = f.Add("a", Outcome::kFailed, 0, 3, 0);
  int b = f.Add("b", Outcome::kAborted, 0, 0, -1);
  f.Edge(a, b);
  EXPECT_EQ(CriticalPath(f.Finish(1, 3)), (std::vector<int>{a}));
}

TEST(RunSummaryTest, ANotifiedSessionSharesItsHostsTimeAndLog) {
  FakeRun f;
  int host = f.Add("tests", Outcome::kSuccess, 0, 4, 0);
  f.Add("lint", Outcome::kSuccess, 0, 1, 1);
  f.Notified("coverage", host, Outcome::kFailed);
  const RunRecord& run = f.Finish(2, 4);
  std::vector<ReportRow> rows = ReportRows(run);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].signature, "coverage");
  EXPECT_EQ(rows[2].host, "tests");
  EXPECT_TRUE(rows[0].own_process());
  EXPECT_NEAR(BusySeconds(run), 5, 1e-6);
  EXPECT_EQ(RunVerdict(run), "1 of 3 sessions did not pass");
}

TEST(RunSummaryTest, ANotifiedNodeInTheGraphIsHostedByItsNotifier) {
  FakeRun f;
  int tests = f.Add("tests", Outcome::kSuccess, 0, 4, 0);
  int cover = f.Add("coverage", Outcome::kSuccess, 0, 4, 0);
  f.Edge(tests, cover);
  f.Finish(2, 4);
  // As the scheduler records a session run by its notifier's nox.
  f.run.results[cover] = f.run.results[tests];
  f.run.hosts[cover] = tests;
  const RunRecord& run = f.run;
  std::vector<ReportRow> rows = ReportRows(run);
  EXPECT_TRUE(rows[0].own_process());
  EXPECT_EQ(rows[1].host, "tests");
  EXPECT_NEAR(BusySeconds(run), 4, 1e-6);
  EXPECT_EQ(CriticalPath(run), (std::vector<int>{tests}));
}

TEST(RunSummaryTest, ASessionHeldOrRunAgainSaysSo) {
  FakeRun f;
  int unit = f.Add("unit", Outcome::kSuccess, 0, 4, 0);
  int integration = f.Add("integration", Outcome::kSuccess, 0, 6, 1);
  int cover = f.Add("cover", Outcome::kSuccess, 6, 7, 0);
  f.Finish(2, 7);
  f.run.conflicts = {{unit,
                      integration,
                      {"state.db", ConflictKind::kWriteWrite, ""},
                      ConflictOutcome::kHeld,
                      integration},
                     {unit,
                      cover,
                      {".coverage.*", ConflictKind::kWriteRead, "."},
                      ConflictOutcome::kRunAgain,
                      cover}};
  EXPECT_EQ(ConflictNote(f.run, unit), "");
  EXPECT_EQ(ConflictNote(f.run, integration), "waited for unit (state.db)");
  EXPECT_EQ(ConflictNote(f.run, cover), "ran again after unit (.coverage.*)");
}

TEST(RunSummaryTest, PathsUnderTheProjectAreShownRelativeToIt) {
  Project project;
  project.root = "/work/p";
  EXPECT_EQ(ProjectPath(project, "/work/p/.parnox/logs/a.log"), ".parnox/logs/a.log");
  EXPECT_EQ(ProjectPath(project, "/work/pq/a.log"), "/work/pq/a.log");
}

TEST(RunSummaryTest, WallClockIsIsoUtcWithMilliseconds) {
  std::string t = WallClockUtc(Clock::now());
  ASSERT_EQ(t.size(), 24u) << t;
  EXPECT_EQ(t[10], 'T');
  EXPECT_EQ(t.back(), 'Z');
}

}  // namespace

namespace {

TEST(RunSummaryTest, SequentialNoxIsEstimatedFromDurationsAlone) {
  // a ran alone (0-2); b and c ran side by side (2-6, 2-5), slowed down by each other.
  FakeRun f;
  int a = f.Add("a", Outcome::kSuccess, 0, 2, 0);
  int b = f.Add("b", Outcome::kSuccess, 2, 6, 0);
  int c = f.Add("c", Outcome::kSuccess, 2, 5, 1);
  f.Finish(2, 6);
  EXPECT_TRUE(RanAlone(f.run, a));
  EXPECT_FALSE(RanAlone(f.run, b));
  EXPECT_NEAR(BusySeconds(f.run), 9, 1e-6);
  // Never timed alone: this run's times, an upper bound, and said to be one.
  SequentialEstimate beside = EstimateSequential(f.run);
  EXPECT_NEAR(beside.seconds, 9, 1e-6);
  EXPECT_EQ(beside.measured_beside, 2);
  Comparison upper = CompareWithSequential(f.run);
  EXPECT_EQ(upper.sequential,
            "sequential nox at most 9.0s (2 of 3 sessions timed only beside others)");
  EXPECT_EQ(upper.faster, "up to 1.50x faster");
  // Remembered alone: those durations count.
  f.run.remembered_alone = {std::nullopt, 3.0, 2.0};
  SequentialEstimate alone = EstimateSequential(f.run);
  EXPECT_NEAR(alone.seconds, 7, 1e-6);
  EXPECT_EQ(alone.measured_beside, 0);
  EXPECT_EQ(CompareWithSequential(f.run).sequential,
            "sequential nox about 7.0s (each session timed alone)");
  EXPECT_EQ(CompareWithSequential(f.run).faster, "1.17x faster");
  (void)c;
}

TEST(RunSummaryTest, AWaitIsNoWorkAndAThrownAwayRunStillSharedTheMachine) {
  // a ran 0-2; b's last run 2-6 stood held for 3 s of it; c was undone at 1.5 after
  // running beside a from 0, and ran again 6-7.
  FakeRun f;
  int a = f.Add("a", Outcome::kSuccess, 0, 2, 0);
  int b = f.Add("b", Outcome::kSuccess, 2, 6, 0);
  int c = f.Add("c", Outcome::kSuccess, 6, 7, 0);
  f.Finish(3, 7);
  f.run.held = {0, 3, 0};
  EXPECT_NEAR(WorkSeconds(f.run, b), 1, 1e-6);
  EXPECT_TRUE(RanAlone(f.run, a));
  f.run.discarded.push_back(
      {c, f.run.results[a].start, f.run.results[a].start + std::chrono::milliseconds(1500)});
  EXPECT_FALSE(RanAlone(f.run, a));
  EXPECT_TRUE(RanAlone(f.run, c));  // its own thrown-away run is not beside it
  // a (beside c's first run) counts at most 2, b its 1 s of work, c 1: 4 s in 7.
  EXPECT_EQ(CompareWithSequential(f.run).faster, "1.75x slower");
}

}  // namespace
