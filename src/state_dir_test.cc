#include "state_dir.h"

#include <gtest/gtest.h>

#include "fake_disk.h"

namespace {

TEST(StateDirTest, ANewFolderIgnoresItselfAndAUsersGitignoreIsKept) {
  FakeDisk disk;
  StateDir state("/p", disk);
  std::string error;
  ASSERT_TRUE(state.Prepare(StateDir::kLogs, &error)) << error;
  EXPECT_EQ(disk.files["/p/.parnox/.gitignore"], "*\n");
  EXPECT_TRUE(disk.dirs.count("/p/.parnox/logs"));
  EXPECT_FALSE(disk.dirs.count("/p/.parnox/traces"));
  disk.files["/p/.parnox/.gitignore"] = "logs/\n";
  ASSERT_TRUE(state.Prepare(StateDir::kTraces, &error)) << error;
  EXPECT_EQ(disk.files["/p/.parnox/.gitignore"], "logs/\n");
  EXPECT_TRUE(disk.dirs.count("/p/.parnox/traces"));
}

TEST(StateDirTest, AFileInTheWayIsNamed) {
  FakeDisk disk;
  disk.files["/p/.parnox"] = "";
  std::string error;
  EXPECT_FALSE(StateDir("/p", disk).Prepare(StateDir::kTop, &error));
  EXPECT_NE(error.find("/p/.parnox"), std::string::npos) << error;
}

TEST(StateDirTest, EachSessionRunGetsFilesOfItsOwn) {
  FakeDisk disk;
  StateDir state("/p", disk);
  StateDir::SessionFiles first = state.NewSessionFiles("tests(kind='unit')");
  EXPECT_EQ(first.log, "/p/.parnox/logs/tests_kind__unit__.log");
  EXPECT_EQ(first.nox_report, "/p/.parnox/logs/tests_kind__unit__.report.json");
  EXPECT_EQ(first.trace, "/p/.parnox/traces/tests_kind__unit__.trace");
  // The same session again in this run (run again after a conflict) keeps the first log.
  EXPECT_EQ(state.NewSessionFiles("tests(kind='unit')").log,
            "/p/.parnox/logs/tests_kind__unit__-2.log");
  EXPECT_EQ(state.NewSessionFiles("").log, "/p/.parnox/logs/session.log");
}

TEST(StateDirTest, DurationsRoundTripAndACorruptFileIsRebuilt) {
  FakeDisk disk;
  StateDir state("/p", disk);
  std::string warning, error;
  DurationStore durations = state.LoadDurations(&warning);
  EXPECT_EQ(warning, "");  // missing: nothing learned yet
  durations.Record("lint", 3);
  ASSERT_TRUE(state.Save(durations, &error)) << error;
  EXPECT_EQ(state.LoadDurations(&warning).Get("lint"), 3.0);
  EXPECT_EQ(warning, "");

  disk.files["/p/.parnox/durations.json"] = "{\"version\": 1, \"sessions\": {\"lint\": ";
  EXPECT_EQ(state.LoadDurations(&warning).Get("lint"), std::nullopt);
  EXPECT_EQ(warning,
            "/p/.parnox/durations.json: not valid JSON (corrupt); ignoring it, parnox "
            "rebuilds it from this run's durations (nothing to do)");
}

TEST(StateDirTest, AnUnreadableFileIsAWarningToo) {
  FakeDisk disk;
  disk.dirs.insert("/p/.parnox/edges.json");
  std::string warning;
  EXPECT_TRUE(StateDir("/p", disk).LoadLearnedEdges(&warning).edges().empty());
  EXPECT_NE(warning.find("Is a directory"), std::string::npos) << warning;
}

TEST(StateDirTest, LearnedEdgesRoundTripAndACorruptFileWarns) {
  FakeDisk disk;
  StateDir state("/p", disk);
  std::string warning, error;
  LearnedEdgeStore edges = state.LoadLearnedEdges(&warning);
  EXPECT_EQ(warning, "");
  edges.Learn({"tests", "cov", {{".coverage.*", ConflictKind::kWriteRead, "."}}});
  ASSERT_TRUE(state.Save(edges, /*share=*/false, &error)) << error;
  ASSERT_EQ(state.LoadLearnedEdges(&warning).edges().size(), 1u);
  EXPECT_FALSE(disk.files.count("/p/parnox-learned.json"));  // nobody asked to share it
  for (const char* text : {"{not json", R"({"version": 99, "edges": []})",
                           R"({"version": 1, "edges": [{"first": "a"}]})"}) {
    disk.files["/p/.parnox/edges.json"] = text;
    EXPECT_TRUE(state.LoadLearnedEdges(&warning).edges().empty()) << text;
    EXPECT_TRUE(warning.starts_with("/p/.parnox/edges.json: ")) << warning;
    EXPECT_NE(warning.find("rebuilds"), std::string::npos) << warning;
  }
}

TEST(StateDirTest, TheCommittedFileIsReadAndKeptUpWhenItExists) {
  FakeDisk disk;
  StateDir state("/p", disk);
  std::string warning, error;
  LearnedEdgeStore audit;
  audit.Relearn({"tests", "cov"}, {Provenance::By::kAudit, "2026-11-01"});
  audit.Learn({"tests",
               "cov",
               {{".coverage.*", ConflictKind::kWriteRead, "."}},
               {Provenance::By::kAudit, "2026-11-01"}});
  ASSERT_TRUE(state.Save(audit, /*share=*/true, &error)) << error;
  // A fresh checkout has only the committed file: it knows what the audit learned.
  disk.files.erase("/p/.parnox/edges.json");
  LearnedEdgeStore known = state.LoadLearnedEdges(&warning);
  EXPECT_EQ(warning, "");
  ASSERT_EQ(known.edges().size(), 1u);
  EXPECT_TRUE(known.traced().count("cov"));
  // Saved again unchanged, the committed file is not rewritten.
  int writes = disk.writes;
  ASSERT_TRUE(state.Save(known, /*share=*/false, &error)) << error;
  EXPECT_EQ(disk.writes, writes + 1);  // .parnox/edges.json only
  known.Relearn({"lint"}, {Provenance::By::kRun, "2026-12-03"});
  ASSERT_TRUE(state.Save(known, /*share=*/false, &error)) << error;
  EXPECT_NE(disk.files["/p/parnox-learned.json"].find("\"lint\""), std::string::npos);
  disk.files["/p/parnox-learned.json"] = "{broken";
  state.LoadLearnedEdges(&warning);
  EXPECT_NE(warning.find("/p/parnox-learned.json: not valid JSON"), std::string::npos) << warning;
}

TEST(StateDirTest, AFailedSaveSaysWhy) {
  FakeDisk disk;
  disk.failing_writes["/p/.parnox/durations.json"] = "No space left on device";
  std::string error;
  EXPECT_FALSE(StateDir("/p", disk).Save(DurationStore(), &error));
  EXPECT_EQ(error, "cannot write /p/.parnox/durations.json: No space left on device");
}

TEST(ReadDurationsFileTest, AnythingButASoundFileIsAProblem) {
  FakeDisk disk;
  std::string problem;
  EXPECT_FALSE(ReadDurationsFile(disk, "/ci/a.json", &problem));
  EXPECT_EQ(problem, "no such file");
  disk.files["/ci/a.json"] = "{}";
  EXPECT_FALSE(ReadDurationsFile(disk, "/ci/a.json", &problem));
  disk.files["/ci/a.json"] = R"({"version": 1, "sessions": {"lint": {"seconds": 2, "runs": 1}}})";
  ASSERT_TRUE(ReadDurationsFile(disk, "/ci/a.json", &problem));
}

}  // namespace
