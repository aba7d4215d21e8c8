#include "hazards.h"

#include <gtest/gtest.h>

namespace {

using std::chrono::seconds;

SessionResult Ran(int from, int to, Outcome outcome = Outcome::kSuccess) {
  SessionResult r;
  r.outcome = outcome;
  r.worker = 0;
  r.start = Clock::time_point(seconds(from));
  r.end = Clock::time_point(seconds(to));
  return r;
}

SessionAudit Traced(const std::string& name, AccessSets sets) {
  return SessionAudit{name, Outcome::kSuccess, std::move(sets), true, ""};
}

TEST(HazardsTest, OnlyOverlappingConflictsAreHazards) {
  AccessSets fmt, lint, notes;
  fmt.write = {"src/a.py"};
  lint.read = {"src/a.py"};
  notes.read = {"notes.txt"};
  std::vector<SessionAudit> audits = {Traced("fmt", fmt), Traced("lint", lint),
                                      Traced("notes", notes)};
  EXPECT_TRUE(FindHazards(audits, {Ran(0, 1), Ran(1, 2), Ran(0, 2)}).empty());
  std::vector<Hazard> hazards = FindHazards(audits, {Ran(0, 2), Ran(1, 3), Ran(0, 3)});
  ASSERT_EQ(hazards.size(), 1u);
  EXPECT_EQ(hazards[0].first, 0);
  EXPECT_EQ(hazards[0].second, 1);
  EXPECT_EQ(hazards[0].evidence[0].path, "src/a.py");
}

TEST(HazardsTest, AFailedListerBesideAWriterIsSuspect) {
  // coverage combine started first, listed the root, found no data and failed.
  AccessSets tests, combine;
  tests.create = {".coverage.h.1"};
  combine.list = {"."};
  std::vector<SessionAudit> audits = {Traced("tests", tests), Traced("cov", combine)};
  EXPECT_TRUE(FindHazards(audits, {Ran(0, 3), Ran(0, 1)}).empty());
  std::vector<Hazard> hazards = FindHazards(audits, {Ran(0, 3), Ran(0, 1, Outcome::kFailed)});
  ASSERT_EQ(hazards.size(), 1u);
  EXPECT_EQ(hazards[0].evidence,
            (std::vector<Evidence>{{".coverage.h.1", ConflictKind::kWriteRead, "."}}));
}

TEST(HazardsTest, RerunTakesTheLaterSessionAndWhatConflictsWithIt) {
  AccessSets a, b, cov, lint;
  a.create = {".coverage.a"};
  b.create = {".coverage.b"};
  cov.list = {"."};
  cov.read = cov.remove = {".coverage.a", ".coverage.b"};
  lint.read = {"src/x.py"};
  std::vector<SessionAudit> audits = {Traced("a", a), Traced("b", b), Traced("lint", lint),
                                      Traced("cov", cov)};
  Hazard hazard{1, 3, {{".coverage.b", ConflictKind::kWriteWrite, ""}}};
  // cov consumed a's data too: a runs again so that cov's second run finds it.
  EXPECT_EQ(SessionsToRerun(audits, {hazard}), (std::vector<int>{0, 1, 3}));
  EXPECT_TRUE(SessionsToRerun(audits, {}).empty());
}

}  // namespace
