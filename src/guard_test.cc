#include "guard.h"

#include <gtest/gtest.h>

namespace {

AccessIntent Observe(const std::string& path) {
  return {Intent::kObserve, path, false, false, true};
}
AccessIntent Probe(const std::string& path) { return {Intent::kObserve, path}; }
AccessIntent Write(const std::string& path) { return {Intent::kModify, path, false}; }
AccessIntent Create(const std::string& path) { return {Intent::kModify, path, true, true}; }
AccessIntent List(const std::string& dir) { return {Intent::kList, dir, false}; }
AccessIntent MakeDir(const std::string& dir) {
  return {Intent::kModify, dir, true, true, false, true};
}

/// Sessions 0, 1, 2, ... in nox's order, all started.
Guard Started(int count) {
  std::vector<int> rank;
  for (int n = 0; n < count; ++n) rank.push_back(n);
  Guard guard(rank);
  for (int n = 0; n < count; ++n) guard.Started(n);
  return guard;
}

TEST(GuardTest, ALaterSessionWaitsToReadWhatAnEarlierOneIsWriting) {
  Guard guard = Started(2);
  EXPECT_TRUE(guard.Check(0, Write("state.db")).proceeds());
  GuardVerdict verdict = guard.Check(1, Observe("state.db"));
  EXPECT_TRUE(verdict.holds());
  EXPECT_EQ(verdict.wait_for, 0);
  ASSERT_EQ(verdict.conflicts.size(), 1u);
  EXPECT_EQ(verdict.conflicts[0].first, 0);
  EXPECT_EQ(verdict.conflicts[0].second, 1);
  EXPECT_EQ(verdict.conflicts[0].evidence, (Evidence{"state.db", ConflictKind::kWriteRead, ""}));
  // Once the writer ended, the reader sees what sequential nox would show it.
  guard.Finished(0);
  EXPECT_TRUE(guard.Check(1, Observe("state.db")).proceeds());
}

TEST(GuardTest, ALaterSessionWaitsToChangeWhatAnEarlierOneReadOrWrote) {
  Guard guard = Started(3);
  guard.Check(0, Observe("src/a.py"));
  guard.Check(1, Write(".coverage"));
  GuardVerdict rewrite = guard.Check(2, Write("src/a.py"));
  EXPECT_EQ(rewrite.wait_for, 0);
  EXPECT_EQ(rewrite.conflicts[0].evidence.kind, ConflictKind::kReadWrite);
  GuardVerdict both = guard.Check(2, Write(".coverage"));
  EXPECT_EQ(both.wait_for, 1);
  EXPECT_EQ(both.conflicts[0].evidence.kind, ConflictKind::kWriteWrite);
}

TEST(GuardTest, ItWaitsForTheFirstOfSeveralEarlierSessions) {
  Guard guard = Started(3);
  guard.Check(1, Observe("src/a.py"));
  guard.Check(0, Observe("src/a.py"));
  GuardVerdict verdict = guard.Check(2, Write("src/a.py"));
  EXPECT_EQ(verdict.wait_for, 0);
  EXPECT_EQ(verdict.conflicts.size(), 2u);  // both are evidence
  guard.Finished(0);
  EXPECT_EQ(guard.Check(2, Write("src/a.py")).wait_for, 1);
  guard.Finished(1);
  EXPECT_TRUE(guard.Check(2, Write("src/a.py")).proceeds());
}

TEST(GuardTest, AnEarlierSessionNeverSeesWhatALaterOneDidOutOfTurn) {
  Guard guard = Started(2);
  GuardVerdict formatted = guard.Check(1, Write("src/a.py"));  // a formatter, later in order
  EXPECT_TRUE(formatted.proceeds());
  EXPECT_TRUE(formatted.journal);  // so it can be undone
  GuardVerdict lint = guard.Check(0, Observe("src/a.py"));
  EXPECT_TRUE(lint.proceeds());
  EXPECT_EQ(lint.abort, std::vector<int>{1});
  ASSERT_EQ(lint.conflicts.size(), 1u);
  EXPECT_EQ(lint.conflicts[0].first, 0);
  EXPECT_EQ(lint.conflicts[0].second, 1);
  EXPECT_EQ(lint.conflicts[0].evidence.kind, ConflictKind::kReadWrite);
}

TEST(GuardTest, AnEarlierWriteEndsALaterSessionThatReadTooSoon) {
  Guard guard = Started(2);
  guard.Check(1, Observe("state.db"));  // read before the earlier session wrote it
  GuardVerdict verdict = guard.Check(0, Write("state.db"));
  EXPECT_EQ(verdict.abort, std::vector<int>{1});
  EXPECT_EQ(verdict.conflicts[0].evidence.kind, ConflictKind::kWriteRead);
  EXPECT_FALSE(verdict.journal);  // the first session's changes stand
}

TEST(GuardTest, AFinishedLaterSessionIsUndoneToo) {
  Guard guard = Started(2);
  guard.Check(1, Write("build/x"));
  guard.Finished(1);
  EXPECT_EQ(guard.Check(0, Write("build/x")).abort, std::vector<int>{1});
}

TEST(GuardTest, UndoInformationIsKeptOnlyWhileAnEarlierSessionIsUnfinished) {
  Guard guard = Started(3);
  EXPECT_FALSE(guard.Check(0, Write("a")).journal);
  EXPECT_TRUE(guard.Check(2, Write("b")).journal);
  guard.Finished(0);
  EXPECT_TRUE(guard.Check(2, Write("c")).journal);  // 1 has not finished
  guard.Finished(1);
  EXPECT_FALSE(guard.Check(2, Write("d")).journal);
}

TEST(GuardTest, TheImportSystemsListingOfTheRootIsNoConflict) {
  // Every Python process lists the directories on sys.path, the project root among
  // them, and uses only the modules it imports there.
  Guard guard = Started(2);
  guard.Check(0, List("."));
  guard.Check(0, Observe("noxfile.py"));
  GuardVerdict docs = guard.Check(1, Create("docs.stamp"));
  EXPECT_TRUE(docs.proceeds());
  EXPECT_TRUE(docs.conflicts.empty());
  EXPECT_TRUE(guard.Check(0, List(".")).conflicts.empty());
  EXPECT_TRUE(guard.Check(0, Observe("pyproject.toml")).conflicts.empty());
  EXPECT_FALSE(guard.ListedTooEarly(1));
}

TEST(GuardTest, ACombineThatListedBeforeTheTestsWroteTheirDataStartsAgainWhenItUsesIt) {
  Guard guard = Started(3);   // tests-a, tests-b, combine
  guard.Check(2, List("."));  // nothing there yet
  EXPECT_TRUE(guard.Check(0, Create(".coverage.host.1.2")).proceeds());
  GuardVerdict read = guard.Check(2, Observe(".coverage.host.1.2"));
  EXPECT_TRUE(read.restart);
  EXPECT_EQ(read.wait_for, 0);
  EXPECT_EQ(read.conflicts[0].evidence,
            (Evidence{".coverage.host.1.2", ConflictKind::kWriteRead, "."}));
}

TEST(GuardTest, ACombineThatFoundNoDataIsSuspectedWhenItFails) {
  Guard guard = Started(2);  // tests, combine
  guard.Check(1, List("."));
  guard.Check(1, Probe(".coverage"));  // is there combined data already?
  guard.Finished(1);                   // "No data to combine"
  EXPECT_EQ(guard.Check(0, Create(".coverage.host.1.2")).stale_listers, std::vector<int>{1});
  std::optional<LiveConflict> suspect = guard.ListedTooEarly(1);
  ASSERT_TRUE(suspect);
  EXPECT_EQ(suspect->first, 0);
  EXPECT_EQ(suspect->evidence, (Evidence{".coverage.host.1.2", ConflictKind::kWriteRead, "."}));
}

TEST(GuardTest, AStaleListerRunsAgainAfterEveryEarlierSession) {
  // Three test sessions, a finished lint, then combine: the tests write their data at
  // their very end, so the combine waits for each of them.
  Guard guard = Started(5);
  guard.Finished(3);
  guard.Check(4, List("."));
  guard.Check(0, Create(".coverage.host.1.1"));
  GuardVerdict read = guard.Check(4, Observe(".coverage.host.1.1"));
  EXPECT_TRUE(read.restart);
  EXPECT_EQ(read.wait_for, 0);
  EXPECT_EQ(read.also_after, (std::vector<int>{1, 2}));
}

TEST(GuardTest, AStrangersFileInADirectoryAFailedListerListedIsNoSuspicion) {
  Guard guard = Started(2);
  guard.Check(1, List("."));  // the import system
  guard.Check(1, Probe("results"));
  guard.Check(0, Create("state.db"));
  EXPECT_FALSE(guard.ListedTooEarly(1));  // it never looked for state.db
}

TEST(GuardTest, AListingWhileAnEarlierSessionStillWritesThereIsStaleOnceUsed) {
  Guard guard = Started(2);
  guard.Check(0, Create(".coverage.host.1.2"));
  EXPECT_TRUE(guard.Check(1, List(".")).proceeds());  // its entries may not be final
  GuardVerdict read = guard.Check(1, Observe(".coverage.host.1.2"));
  EXPECT_TRUE(read.restart);
  EXPECT_EQ(read.wait_for, 0);
}

TEST(GuardTest, AListerThatAlreadyUsesTheFamilyWaitsRatherThanListingTooSoon) {
  Guard guard = Started(2);
  guard.Check(1, Observe("reports/results.1.xml"));
  guard.Check(0, Create("reports/results.2.xml"));
  GuardVerdict list = guard.Check(1, List("reports"));
  EXPECT_TRUE(list.holds());
  EXPECT_EQ(list.wait_for, 0);
  // A held listing leaves no stale marks: once the writer ended it lists the final state.
  guard.Finished(0);
  EXPECT_TRUE(guard.Check(1, List("reports")).proceeds());
  EXPECT_TRUE(guard.Check(1, Observe("reports/results.2.xml")).proceeds());
}

TEST(GuardTest, AnEarlierListerThatSawALaterSessionsEntriesStartsAgainWhenItUsesThem) {
  Guard guard = Started(2);
  guard.Check(1, Create("dist/pkg-1.0.tar.gz"));  // out of turn
  EXPECT_TRUE(guard.Check(0, List("dist")).proceeds());
  GuardVerdict read = guard.Check(0, Observe("dist/pkg-1.0.tar.gz"));
  EXPECT_TRUE(read.restart);
  EXPECT_EQ(read.wait_for, -1);
  EXPECT_EQ(read.abort, std::vector<int>{1});
}

TEST(GuardTest, ASessionsOwnNamesAreNotUseOfTheFamily) {
  // Two `coverage run --parallel-mode` sessions each make their own data file beside the
  // other's and list the root: parallel-safe. SQLite looks for a name before making it.
  Guard guard = Started(2);
  guard.Check(0, List("."));
  guard.Check(0, Probe(".coverage"));  // is there a combined file already?
  guard.Check(0, Observe(".coverage.host.1.1"));
  guard.Check(0, Create(".coverage.host.1.1"));
  guard.Check(0, Write(".coverage.host.1.1"));
  GuardVerdict second = guard.Check(1, Create(".coverage.host.2.2"));
  EXPECT_TRUE(second.proceeds());
  EXPECT_TRUE(second.conflicts.empty());
  EXPECT_TRUE(guard.Check(1, List(".")).conflicts.empty());
  EXPECT_TRUE(guard.Check(0, List(".")).conflicts.empty());
  // Listing again, and making its own file after the other made one: no use of theirs.
  EXPECT_TRUE(guard.Check(1, List(".")).proceeds());
  guard.Check(0, Create(".coverage.host.1.3"));
  EXPECT_TRUE(guard.Check(1, Create(".coverage.host.2.4")).proceeds());
  GuardVerdict own = guard.Check(0, Write(".coverage.host.1.1"));  // its listing stays good
  EXPECT_TRUE(own.proceeds());
  EXPECT_FALSE(own.restart);
}

TEST(GuardTest, DependentsAreLaterSessionsThatTouchedWhatItChanged) {
  Guard guard = Started(4);
  guard.Check(1, Write("out"));
  guard.Finished(1);
  guard.Check(2, Observe("out"));  // read its output once it ended
  guard.Check(3, Observe("other"));
  EXPECT_EQ(guard.Dependents(1), std::vector<int>{2});
  guard.Discard(2);
  EXPECT_TRUE(guard.Dependents(1).empty());
}

TEST(GuardTest, ANewAttemptStartsWithNothingRecorded) {
  Guard guard = Started(2);
  guard.Check(0, Write("x"));
  guard.Started(0);
  EXPECT_TRUE(guard.Check(1, Observe("x")).proceeds());
}

TEST(GuardTest, TwoSessionsThatEachMakeOneDirectoryGoOn) {
  // functional (2) made results/ out of turn; integration (1) makes it too, and looks at
  // it as os.makedirs does: as on any run after the first, it finds it made.
  Guard guard = Started(3);
  EXPECT_TRUE(guard.Check(2, MakeDir("results")).proceeds());
  GuardVerdict second = guard.Check(1, MakeDir("results"));
  EXPECT_TRUE(second.proceeds());
  EXPECT_TRUE(second.abort.empty());
  EXPECT_TRUE(guard.Check(1, Probe("results")).proceeds());
  EXPECT_TRUE(guard.Check(1, Create("results/integration.txt")).abort.empty());
  // A look by one that did not make it, or a change beyond making it, still collides.
  EXPECT_FALSE(guard.Check(0, Probe("results")).abort.empty());
  Guard other = Started(2);
  other.Check(1, MakeDir("build"));
  EXPECT_FALSE(other.Check(0, Write("build")).abort.empty());
}

}  // namespace
