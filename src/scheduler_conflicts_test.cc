// The scheduler carrying out the guard's verdicts, on a virtual clock: holds that free a
// worker, sessions undone and run again in order, deadlocks broken, suspect failures run
// again. Each test states the interleaving it means (fake_runner.h).

#include <gtest/gtest.h>

#include <set>

#include "fake_runner.h"
#include "run_summary.h"
#include "scheduler.h"

namespace {

using Op = AccessRequest::Op;

/// Remembers what it was asked to keep and undo; touches no file.
class FakeKeeper : public ChangeKeeper {
 public:
  bool Keep(int node, const AccessRequest& request, std::string* error) override {
    kept.push_back({node, request.path});
    if (full) *error = "cannot write .parnox/journal/1: No space left on device";
    return !full;
  }
  void Undo(const std::set<int>& nodes, std::vector<std::string>*) override {
    undone.push_back(nodes);
  }
  std::vector<std::pair<int, std::string>> kept;
  std::vector<std::set<int>> undone;
  bool full = false;
};

/// Remembers the conflict lines a person would see.
class Lines : public Status {
 public:
  void SessionStarted(int) override {}
  void SessionOutput(int, std::string_view) override {}
  void SessionFinished(int, const SessionResult&) override {}
  void RunFinished(const RunRecord&) override {}
  void SessionHeld(int node, int other, const std::string& why) override {
    said.push_back("held " + std::to_string(node) + " on " + std::to_string(other) + ": " + why);
  }
  void SessionRestarted(int node, int other, const std::string& why) override {
    said.push_back("again " + std::to_string(node) + " after " + std::to_string(other) + ": " +
                   why);
  }
  std::vector<std::string> said;
};

struct GuardedRun {
  Project project;
  Graph graph;
  std::unique_ptr<FakeRunner> runner;
  FakeKeeper keeper;
  Lines status;

  explicit GuardedRun(std::vector<std::string> names) {
    for (const std::string& name : names) {
      Session s;
      s.name = s.signature = name;
      s.signatures = {name};
      s.venv_backend = "none";
      project.sessions.push_back(s);
      project.queue.push_back(name);
    }
    std::vector<std::string> errors;
    BuildGraph(project, Config{}, project.queue, &graph, &errors);
    runner = std::make_unique<FakeRunner>(graph);
  }
  FakeRunner::Script& Script(const std::string& name) { return runner->scripts[name]; }
  void Access(const std::string& name, double at, Op op, const std::string& path) {
    Script(name).accesses.push_back({at, AccessRequest{op, path, ""}});
  }
  RunRecord Go(int jobs) {
    ScheduleOptions options{jobs};
    options.keeper = &keeper;
    return Scheduler(graph, NoxOrderEstimates(graph), options, *runner, status).Run();
  }
  int N(const std::string& name) const { return graph.Find(name); }
};

TEST(SchedulerConflictsTest, ALaterSessionWaitsForTheEarlierWriterWithoutRunningAgain) {
  GuardedRun run({"unit", "integration"});
  run.Script("unit").seconds = 4;
  run.Access("unit", 1, Op::kWrite, "state.db");
  run.Script("integration").seconds = 4;
  run.Access("integration", 2, Op::kWrite, "state.db");
  RunRecord record = run.Go(2);
  EXPECT_TRUE(record.AllPassed());
  EXPECT_DOUBLE_EQ(run.runner->EndOf("unit"), 4);
  EXPECT_DOUBLE_EQ(run.runner->EndOf("integration"), 6);  // 2 s of work left after 4
  EXPECT_EQ(run.runner->StartsOf("integration"), 1);
  EXPECT_EQ(record.RunsOf(run.N("integration")), 1);
  ASSERT_EQ(record.conflicts.size(), 1u);
  EXPECT_EQ(record.conflicts[0].outcome, ConflictOutcome::kHeld);
  EXPECT_EQ(record.conflicts[0].evidence.kind, ConflictKind::kWriteWrite);
  EXPECT_EQ(run.status.said, std::vector<std::string>{"held 1 on 0: both write state.db"});
  EXPECT_DOUBLE_EQ(record.HeldOf(run.N("integration")), 2);  // from 2 to 4: no work of its own
  EXPECT_TRUE(record.discarded.empty());
}

TEST(SchedulerConflictsTest, AHeldSessionGivesItsWorkerToAnother) {
  GuardedRun run({"unit", "integration", "lint"});
  run.Script("unit").seconds = 4;
  run.Access("unit", 1, Op::kWrite, "state.db");
  run.Access("integration", 0.5, Op::kRead, "state.db");
  run.Script("integration").seconds = 1;
  run.Script("lint").seconds = 2;
  RunRecord record = run.Go(2);
  EXPECT_TRUE(record.AllPassed());
  // integration read before unit wrote: undone at 1, it runs again after unit. lint had
  // its worker meanwhile.
  EXPECT_DOUBLE_EQ(run.runner->StartOf("lint"), 1);
  EXPECT_EQ(run.runner->StartsOf("integration"), 2);
  EXPECT_GE(run.runner->starts.back().at, 4);
  ASSERT_EQ(run.keeper.undone.size(), 1u);
  EXPECT_EQ(run.keeper.undone[0], std::set<int>{run.N("integration")});
  EXPECT_EQ(record.RunsOf(run.N("integration")), 2);
  // Its first run, thrown away, still shared the machine with unit.
  ASSERT_EQ(record.discarded.size(), 1u);
  EXPECT_EQ(record.discarded[0].node, run.N("integration"));
}

TEST(SchedulerConflictsTest, AWorkerFreedByAHoldStartsTheNextSession) {
  GuardedRun run({"unit", "integration", "lint"});
  run.Script("unit").seconds = 4;
  run.Access("unit", 1, Op::kWrite, "state.db");
  run.Script("integration").seconds = 4;
  run.Access("integration", 2, Op::kRead, "state.db");
  run.Script("lint").seconds = 1;
  RunRecord record = run.Go(2);
  EXPECT_DOUBLE_EQ(run.runner->StartOf("lint"), 2);  // when integration was held
  EXPECT_DOUBLE_EQ(run.runner->EndOf("integration"), 6);
  EXPECT_LE(run.runner->PeakSlots(), 3);  // a held session keeps no slot: two working
}

TEST(SchedulerConflictsTest, AFormatterThatRewroteALintersInputIsUndoneAndRunsAfterIt) {
  GuardedRun run({"lint", "format"});
  run.Script("format").seconds = 1;
  run.Access("format", 0.2, Op::kWrite, "src/a.py");
  run.Script("lint").seconds = 3;
  run.Access("lint", 0.5, Op::kRead, "src/a.py");
  RunRecord record = run.Go(2);
  EXPECT_TRUE(record.AllPassed());
  // Its change was kept before it happened, and undone before lint read the file.
  // Run again after lint, nothing earlier is left to see it: no undo information then.
  ASSERT_EQ(run.keeper.kept.size(), 1u);
  EXPECT_EQ(run.keeper.kept[0], (std::pair<int, std::string>{run.N("format"), "src/a.py"}));
  ASSERT_FALSE(run.keeper.undone.empty());
  EXPECT_EQ(run.keeper.undone[0], std::set<int>{run.N("format")});
  EXPECT_DOUBLE_EQ(run.runner->answered[1].first, 0.5);  // lint's read goes on at once
  EXPECT_GE(run.runner->starts.back().at, 3);            // format again, after lint
  EXPECT_EQ(record.conflicts[0].evidence.kind, ConflictKind::kReadWrite);
}

TEST(SchedulerConflictsTest, WhatBuiltOnAnUndoneSessionIsUndoneToo) {
  GuardedRun run({"a", "b", "c"});
  run.Script("b").seconds = 0.5;
  run.Access("b", 0.2, Op::kWrite, "out");
  run.Script("c").seconds = 1;
  run.Access("c", 0.6, Op::kRead, "out");  // after b ended: its output, as it was then
  run.Script("a").seconds = 3;
  run.Access("a", 2, Op::kRead, "out");
  RunRecord record = run.Go(3);
  EXPECT_TRUE(record.AllPassed());
  ASSERT_FALSE(run.keeper.undone.empty());
  EXPECT_EQ(run.keeper.undone[0], (std::set<int>{run.N("b"), run.N("c")}));
  EXPECT_EQ(record.RunsOf(run.N("b")), 2);
  EXPECT_EQ(record.RunsOf(run.N("c")), 2);
}

TEST(SchedulerConflictsTest, AWaitThatWouldDeadlockIsBrokenByEndingTheLaterSession) {
  // unit waits on a lock integration keeps, while integration waits for unit at a call.
  GuardedRun run({"unit", "integration"});
  run.Script("unit").seconds = 4;
  run.Access("unit", 1, Op::kWrite, "state.db");
  run.Script("unit").stuck_at = 2;
  run.Script("unit").stuck_on = "integration";
  run.Script("integration").seconds = 3;
  run.Access("integration", 1.5, Op::kRead, "state.db");
  RunRecord record = run.Go(2);
  EXPECT_TRUE(record.AllPassed());
  ASSERT_FALSE(run.runner->ended.empty());
  EXPECT_EQ(run.runner->ended[0].second, run.N("integration"));
  // unit worked until 2, then stood still: after deadlock_after (3 s) of that, at 5.
  EXPECT_DOUBLE_EQ(run.runner->ended[0].first, 5);
  EXPECT_EQ(run.runner->StartsOf("integration"), 2);
  EXPECT_NE(run.status.said.back().find("stood still"), std::string::npos);
  // Its row says it ran again, not that it only waited.
  EXPECT_EQ(ConflictNote(record, run.N("integration")), "ran again after unit (state.db)");
}

TEST(SchedulerConflictsTest, ACombineThatFoundNoDataBesideTheTestsRunsAgainAfterThem) {
  GuardedRun run({"tests", "coverage"});
  run.Script("tests").seconds = 3;
  run.Access("tests", 2.5, Op::kCreate, ".coverage.host.1.2");
  run.Script("coverage").seconds = 0.5;
  run.Access("coverage", 0.1, Op::kList, ".");
  run.Access("coverage", 0.15, Op::kProbe, ".coverage");
  run.Script("coverage").outcome = Outcome::kFailed;  // "No data to combine"
  run.Script("coverage").outcome_again = Outcome::kSuccess;
  RunRecord record = run.Go(2);
  EXPECT_TRUE(record.AllPassed());
  EXPECT_EQ(run.runner->StartsOf("coverage"), 2);
  EXPECT_GE(run.runner->starts.back().at, 3);
  ASSERT_FALSE(record.conflicts.empty());
  EXPECT_EQ(record.conflicts.back().evidence.listed, ".");
}

TEST(SchedulerConflictsTest, ACombineThatLookedForNothingStillNamesWhatMadeItRunAgain) {
  GuardedRun run({"tests", "coverage"});
  run.Script("tests").seconds = 3;
  run.Access("tests", 2.5, Op::kCreate, ".coverage.host.1.2");
  run.Script("coverage").seconds = 0.5;
  run.Access("coverage", 0.1, Op::kList, ".");  // it failed with no probe of its own
  run.Script("coverage").outcome = Outcome::kFailed;
  run.Script("coverage").outcome_again = Outcome::kSuccess;
  RunRecord record = run.Go(2);
  EXPECT_TRUE(record.AllPassed());
  EXPECT_EQ(run.runner->StartsOf("coverage"), 2);
  // The table's note and the learned edge come from this record.
  ASSERT_EQ(record.conflicts.size(), 1u);
  EXPECT_EQ(record.conflicts[0].affected, run.N("coverage"));
  EXPECT_EQ(record.conflicts[0].evidence, (Evidence{".coverage.*", ConflictKind::kWriteRead, "."}));
  EXPECT_TRUE(record.conflicts[0].suspected);  // learned only if it then passes
  EXPECT_EQ(run.status.said,
            std::vector<std::string>{
                "again 1 after 0: coverage uses .coverage.* in ., which tests makes"});
}

TEST(SchedulerConflictsTest, ACombineThatListedTooEarlyAndUsedADataFileStartsAgain) {
  GuardedRun run({"tests", "coverage"});
  run.Script("tests").seconds = 3;
  run.Access("tests", 0.2, Op::kCreate, ".coverage.host.1.2");
  run.Script("coverage").seconds = 1;
  run.Access("coverage", 0.1, Op::kList, ".");
  run.Access("coverage", 0.5, Op::kRead, ".coverage.host.1.2");
  RunRecord record = run.Go(2);
  EXPECT_TRUE(record.AllPassed());
  EXPECT_EQ(run.runner->StartsOf("coverage"), 2);
  EXPECT_DOUBLE_EQ(run.runner->ended[0].first, 0.5);  // ended at its first use
  EXPECT_GE(run.runner->starts.back().at, 3);
}

TEST(SchedulerConflictsTest, AFailureAfterAHoldIsRunAgainOnce) {
  GuardedRun run({"unit", "integration"});
  run.Script("unit").seconds = 4;
  run.Access("unit", 1, Op::kWrite, "state.db");
  run.Script("integration").seconds = 3;
  run.Access("integration", 2, Op::kRead, "state.db");
  run.Script("integration").outcome = Outcome::kFailed;        // its own timeout fired meanwhile
  run.Script("integration").outcome_again = Outcome::kFailed;  // a real failure stays one
  RunRecord record = run.Go(2);
  EXPECT_EQ(run.runner->StartsOf("integration"), 2);
  EXPECT_EQ(record.results[run.N("integration")].outcome, Outcome::kFailed);
  EXPECT_FALSE(record.AllPassed());
}

TEST(SchedulerConflictsTest, WithoutRoomForUndoInformationTheChangeWaitsItsTurn) {
  GuardedRun run({"lint", "format"});
  run.keeper.full = true;
  run.Script("lint").seconds = 3;
  run.Script("format").seconds = 1;
  run.Access("format", 0.2, Op::kWrite, "src/a.py");
  RunRecord record = run.Go(2);
  EXPECT_TRUE(record.AllPassed());
  EXPECT_DOUBLE_EQ(run.runner->answered[0].first, 3);  // once lint ended
  EXPECT_NE(run.status.said[0].find("No space left on device"), std::string::npos);
}

TEST(SchedulerConflictsTest, FailFastEndsAHeldSessionWithoutRunningItAgain) {
  GuardedRun run({"unit", "integration"});
  run.Script("unit").seconds = 2;
  run.Script("unit").outcome = Outcome::kFailed;
  run.Access("unit", 1, Op::kWrite, "state.db");
  run.Script("integration").seconds = 3;
  run.Access("integration", 1.5, Op::kRead, "state.db");
  ScheduleOptions options{2, false, /*fail_fast=*/true};
  options.keeper = &run.keeper;
  RunRecord record =
      Scheduler(run.graph, NoxOrderEstimates(run.graph), options, *run.runner, run.status).Run();
  EXPECT_EQ(record.results[run.N("integration")].outcome, Outcome::kInterrupted);
  EXPECT_EQ(run.runner->StartsOf("integration"), 1);
}

}  // namespace
