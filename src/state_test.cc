#include "state.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

namespace fs = std::filesystem;

namespace {

/// A scratch directory, removed with everything in it.
class StateDir {
 public:
  StateDir() {
    std::string pattern = fs::temp_directory_path() / "parnox-state-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~StateDir() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::vector<std::string> FileNames(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST(WriteFileAtomicallyTest, CreatesAndReplacesLeavingNoTempFile) {
  StateDir dir;
  std::string error;
  ASSERT_TRUE(WriteFileAtomically(dir / "report.json", "first", &error)) << error;
  EXPECT_EQ(ReadText(dir / "report.json"), "first");
  ASSERT_TRUE(WriteFileAtomically(dir / "report.json", "second, longer", &error)) << error;
  EXPECT_EQ(ReadText(dir / "report.json"), "second, longer");
  EXPECT_EQ(FileNames(dir.path()), std::vector<std::string>{"report.json"});
}

TEST(WriteFileAtomicallyTest, NewFileGetsUsualPermissionsAndOldOneKeepsItsOwn) {
  StateDir dir;
  std::string error;
  mode_t mask = umask(022);
  ASSERT_TRUE(WriteFileAtomically(dir / "a", "x", &error)) << error;
  umask(mask);
  struct stat st;
  ASSERT_EQ(stat((dir / "a").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  chmod((dir / "a").c_str(), 0600);
  ASSERT_TRUE(WriteFileAtomically(dir / "a", "y", &error)) << error;
  ASSERT_EQ(stat((dir / "a").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(WriteFileAtomicallyTest, FailureNamesThePathAndLeavesNothing) {
  StateDir dir;
  std::string error;
  EXPECT_FALSE(WriteFileAtomically(dir / "missing/report.json", "x", &error));
  EXPECT_NE(error.find(dir / "missing/report.json"), std::string::npos) << error;
  // rename onto a directory fails after the temp file was written: it must be removed.
  fs::create_directory(dir / "taken");
  WriteText(dir / "taken/inside", "");
  error.clear();
  EXPECT_FALSE(WriteFileAtomically(dir / "taken", "x", &error));
  EXPECT_NE(error.find("rename"), std::string::npos) << error;
  EXPECT_EQ(FileNames(dir.path()), std::vector<std::string>{"taken"});
}

TEST(EnsureStateDirTest, NewParnoxDirIgnoresItself) {
  StateDir dir;
  std::string error;
  ASSERT_TRUE(EnsureStateDir(dir / "project/.parnox", &error)) << error;
  EXPECT_TRUE(fs::is_directory(dir / "project/.parnox"));
  EXPECT_EQ(ReadText(dir / "project/.parnox/.gitignore"), "*\n");
  ASSERT_TRUE(EnsureStateDir(dir / "project/.parnox/logs/", &error)) << error;
  EXPECT_FALSE(fs::exists(dir / "project/.parnox/logs/.gitignore"));
}

TEST(EnsureStateDirTest, KeepsTheUsersGitignoreAndTrailingSlashWorks) {
  StateDir dir;
  std::string error;
  fs::create_directory(dir / ".parnox");
  WriteText(dir / ".parnox/.gitignore", "logs/\n");
  ASSERT_TRUE(EnsureStateDir(dir / ".parnox/", &error)) << error;
  EXPECT_EQ(ReadText(dir / ".parnox/.gitignore"), "logs/\n");
  fs::remove(dir / ".parnox/.gitignore");
  ASSERT_TRUE(EnsureStateDir(dir / ".parnox/", &error)) << error;
  EXPECT_EQ(ReadText(dir / ".parnox/.gitignore"), "*\n");
}

TEST(EnsureStateDirTest, FileInTheWay) {
  StateDir dir;
  WriteText(dir / ".parnox", "");
  std::string error;
  EXPECT_FALSE(EnsureStateDir(dir / ".parnox", &error));
  EXPECT_NE(error.find(dir / ".parnox"), std::string::npos) << error;
}

TEST(DurationStoreTest, RoundTrip) {
  StateDir dir;
  std::string warning, error;
  DurationStore store = DurationStore::Load(dir / "durations.json", &warning);
  EXPECT_EQ(warning, "");
  EXPECT_EQ(store.Get("lint"), std::nullopt);
  store.Record("lint", 10);
  store.Record("tests(kind='unit')", 2.5);
  ASSERT_TRUE(store.Save(&error)) << error;
  std::string text = ReadText(dir / "durations.json");
  EXPECT_TRUE(text.starts_with("{\n  \"version\": 1,")) << text;

  DurationStore loaded = DurationStore::Load(dir / "durations.json", &warning);
  EXPECT_EQ(warning, "");
  EXPECT_EQ(loaded.Get("lint"), 10.0);
  EXPECT_EQ(loaded.Get("tests(kind='unit')"), 2.5);
  EXPECT_EQ(FileNames(dir.path()), std::vector<std::string>{"durations.json"});
}

TEST(DurationStoreTest, MovingAverageWeighsTheNewestRunHalf) {
  StateDir dir;
  std::string warning, error;
  DurationStore store = DurationStore::Load(dir / "durations.json", &warning);
  store.Record("tests", 10);
  store.Record("tests", 20);
  EXPECT_EQ(store.Get("tests"), 15.0);
  store.Record("tests", 5);
  EXPECT_EQ(store.Get("tests"), 10.0);
  store.Record("tests", -1);  // not a duration: ignored
  EXPECT_EQ(store.Get("tests"), 10.0);
  ASSERT_TRUE(store.Save(&error)) << error;
  EXPECT_NE(ReadText(dir / "durations.json").find("\"runs\": 3"), std::string::npos);
}

TEST(DurationStoreTest, CorruptFileWarnsAndIsRebuilt) {
  StateDir dir;
  WriteText(dir / "durations.json", "{\"version\": 1, \"sessions\": {\"lint\": ");
  std::string warning, error;
  DurationStore store = DurationStore::Load(dir / "durations.json", &warning);
  EXPECT_TRUE(warning.starts_with(dir / "durations.json: not valid JSON")) << warning;
  EXPECT_NE(warning.find("rebuild"), std::string::npos) << warning;
  EXPECT_EQ(store.Get("lint"), std::nullopt);
  store.Record("lint", 1);
  ASSERT_TRUE(store.Save(&error)) << error;
  warning.clear();
  EXPECT_EQ(DurationStore::Load(dir / "durations.json", &warning).Get("lint"), 1.0);
  EXPECT_EQ(warning, "");
}

TEST(DurationStoreTest, WrongTypesAndOtherVersionsWarn) {
  StateDir dir;
  for (const char* text :
       {"[]", "{}", "{\"version\": \"1\", \"sessions\": {}}", "{\"version\": 1}",
        "{\"version\": 1, \"sessions\": {\"lint\": 3}}",
        "{\"version\": 1, \"sessions\": {\"lint\": {\"seconds\": \"3\", \"runs\": 1}}}",
        "{\"version\": 1, \"sessions\": {\"lint\": {\"seconds\": -3, \"runs\": 1}}}",
        "{\"version\": 1, \"sessions\": {\"lint\": {\"seconds\": 3, \"runs\": 0}}}",
        "\xff\xfe", ""}) {
    WriteText(dir / "durations.json", text);
    std::string warning;
    DurationStore store = DurationStore::Load(dir / "durations.json", &warning);
    EXPECT_TRUE(warning.starts_with(dir / "durations.json: ")) << text;
    EXPECT_EQ(store.Get("lint"), std::nullopt) << text;
  }
  WriteText(dir / "durations.json", "{\"version\": 2, \"sessions\": {}}");
  std::string warning;
  DurationStore::Load(dir / "durations.json", &warning);
  EXPECT_EQ(warning, dir / "durations.json: format version 2, this parnox reads version 1; "
                           "ignoring it, parnox rebuilds it from this run's durations (nothing "
                           "to do)");
}

TEST(DurationStoreTest, SignatureThatIsNotUtf8DoesNotThrow) {
  StateDir dir;
  std::string warning, error;
  DurationStore store = DurationStore::Load(dir / "durations.json", &warning);
  store.Record("bad\xff", 1);
  EXPECT_TRUE(store.Save(&error)) << error;
}

namespace {

/// A durations file as a CI job leaves it: {signature: (seconds, runs)}.
DurationStore StoreWith(const std::string& path,
                        const std::vector<std::tuple<std::string, double, int>>& entries) {
  nlohmann::json sessions = nlohmann::json::object();
  for (const auto& [signature, seconds, runs] : entries)
    sessions[signature] = {{"seconds", seconds}, {"runs", runs}};
  WriteText(path, nlohmann::json{{"version", 1}, {"sessions", sessions}}.dump());
  std::string warning;
  DurationStore store = DurationStore::Load(path, &warning);
  EXPECT_EQ(warning, "");
  return store;
}

}  // namespace

TEST(DurationStoreTest, MergeTakesTheEntryWithMoreRuns) {
  StateDir dir;
  // Both jobs started from the same file; each ran, and so re-timed, its own sessions.
  DurationStore base = StoreWith(dir / "base.json", {{"lint", 10, 3}, {"tests", 100, 3}});
  DurationStore job1 = StoreWith(dir / "job1.json", {{"lint", 12, 4}, {"tests", 100, 3}});
  DurationStore job2 = StoreWith(dir / "job2.json", {{"lint", 10, 3}, {"tests", 120, 4}});
  base.Merge(job1);
  base.Merge(job2);
  EXPECT_EQ(base.Get("lint"), 12.0);
  EXPECT_EQ(base.Get("tests"), 120.0);
}

TEST(DurationStoreTest, MergeAddsNewSessions) {
  StateDir dir;
  DurationStore base = StoreWith(dir / "base.json", {{"lint", 10, 3}});
  base.Merge(StoreWith(dir / "job.json", {{"docs", 40, 1}, {"tests(kind='unit')", 7.5, 2}}));
  EXPECT_EQ(base.Get("lint"), 10.0);
  EXPECT_EQ(base.Get("docs"), 40.0);
  EXPECT_EQ(base.Get("tests(kind='unit')"), 7.5);
  // Into an empty store (no file yet): everything.
  DurationStore empty = StoreWith(dir / "empty.json", {});
  empty.Merge(base);
  EXPECT_EQ(empty.Get("docs"), 40.0);
}

TEST(DurationStoreTest, MergeIgnoresFewerOrAsManyRuns) {
  StateDir dir;
  DurationStore base = StoreWith(dir / "base.json", {{"lint", 10, 5}, {"tests", 100, 3}});
  base.Merge(StoreWith(dir / "stale.json", {{"lint", 50, 2}, {"tests", 300, 3}}));
  EXPECT_EQ(base.Get("lint"), 10.0);
  EXPECT_EQ(base.Get("tests"), 100.0);  // a tie keeps what this store has
}

TEST(DurationStoreTest, MergedStoreSavesToItsOwnFileWithTheRunCounts) {
  StateDir dir;
  DurationStore base = StoreWith(dir / "base.json", {{"lint", 10, 3}});
  DurationStore job = StoreWith(dir / "job.json", {{"lint", 12, 4}, {"docs", 40, 1}});
  std::string job_text = ReadText(dir / "job.json");
  base.Merge(job);
  std::string error, warning;
  ASSERT_TRUE(base.Save(&error)) << error;
  EXPECT_EQ(ReadText(dir / "job.json"), job_text);
  DurationStore again = DurationStore::Load(dir / "base.json", &warning);
  EXPECT_EQ(warning, "");
  // The runs came along: a later merge of an older copy does not undo this one.
  again.Merge(StoreWith(dir / "old.json", {{"lint", 99, 3}}));
  EXPECT_EQ(again.Get("lint"), 12.0);
  EXPECT_EQ(again.Get("docs"), 40.0);
}
