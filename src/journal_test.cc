#include "journal.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

class JournalTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/parnox-journal-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root_ = pattern;
    fs::create_directories(root_ + "/.parnox");
    journal_ = std::make_unique<Journal>(root_ + "/.parnox/journal");
  }
  void TearDown() override {
    journal_.reset();
    fs::remove_all(root_);
  }

  std::string P(const std::string& name) const { return root_ + "/" + name; }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(P(name), std::ios::binary) << text;
  }
  std::string Read(const std::string& name) const {
    std::ifstream in(P(name), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  /// Keeps undo information for `node`'s change, then makes the change with `act`.
  void Change(int node, ::Change change, const std::string& name, const std::string& name2,
              const std::function<void()>& act) {
    std::string error;
    ASSERT_TRUE(journal_->Keep(node, change, P(name), name2.empty() ? "" : P(name2), &error))
        << error;
    act();
  }
  std::vector<std::string> Undo(std::set<int> nodes) {
    std::vector<std::string> problems;
    journal_->Undo(nodes, &problems);
    return problems;
  }

  std::string root_;
  std::unique_ptr<Journal> journal_;
};

TEST_F(JournalTest, AFileChangedInPlaceComesBackWithItsMode) {
  Write("src.py", "original\n");
  chmod(P("src.py").c_str(), 0640);
  Change(1, Change::kInPlace, "src.py", "", [&] { Write("src.py", "formatted\n"); });
  Change(1, Change::kInPlace, "src.py", "", [&] { Write("src.py", "again\n"); });  // once
  EXPECT_EQ(journal_->size(), 1u);
  EXPECT_TRUE(Undo({1}).empty());
  EXPECT_EQ(Read("src.py"), "original\n");
  struct stat st;
  ASSERT_EQ(stat(P("src.py").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST_F(JournalTest, ADeletedFileAndACreatedOneAreUndone) {
  Write(".coverage", "old data");
  Change(1, Change::kName, ".coverage", "", [&] { unlink(P(".coverage").c_str()); });
  Change(1, Change::kName, "state.db", "", [&] { Write("state.db", "new"); });
  EXPECT_TRUE(Undo({1}).empty());
  EXPECT_EQ(Read(".coverage"), "old data");
  EXPECT_FALSE(fs::exists(P("state.db")));
}

TEST_F(JournalTest, AnAtomicReplaceIsUndone) {
  Write("out.json", "before");
  Write("out.json.tmp", "after");
  Change(2, Change::kRename, "out.json.tmp", "out.json",
         [&] { rename(P("out.json.tmp").c_str(), P("out.json").c_str()); });
  EXPECT_TRUE(Undo({2}).empty());
  EXPECT_EQ(Read("out.json"), "before");
  EXPECT_EQ(Read("out.json.tmp"), "after");
}

TEST_F(JournalTest, DirectoriesMadeRemovedOrMovedComeBack) {
  fs::create_directories(P("build/lib"));
  Write("build/lib/a.so", "lib");
  Change(1, Change::kRename, "build", "build.old",
         [&] { rename(P("build").c_str(), P("build.old").c_str()); });
  Change(1, Change::kName, "dist", "", [&] { mkdir(P("dist").c_str(), 0755); });
  Change(1, Change::kName, "dist/pkg.tar.gz", "", [&] { Write("dist/pkg.tar.gz", "x"); });
  fs::create_directories(P("empty"));
  Change(1, Change::kName, "empty", "", [&] { rmdir(P("empty").c_str()); });
  EXPECT_TRUE(Undo({1}).empty());
  EXPECT_EQ(Read("build/lib/a.so"), "lib");
  EXPECT_FALSE(fs::exists(P("build.old")));
  EXPECT_FALSE(fs::exists(P("dist")));
  EXPECT_TRUE(fs::is_directory(P("empty")));
}

TEST_F(JournalTest, OnlyTheNamedSessionsAreUndoneAndForgottenOnesStay) {
  Change(1, Change::kName, "a", "", [&] { Write("a", "1"); });
  Change(2, Change::kName, "b", "", [&] { Write("b", "2"); });
  Change(3, Change::kName, "c", "", [&] { Write("c", "3"); });
  journal_->Forget(3);
  EXPECT_TRUE(Undo({2}).empty());
  EXPECT_TRUE(fs::exists(P("a")));
  EXPECT_FALSE(fs::exists(P("b")));
  EXPECT_TRUE(Undo({3}).empty());
  EXPECT_TRUE(fs::exists(P("c")));  // its changes were final
  EXPECT_EQ(journal_->size(), 1u);
}

TEST_F(JournalTest, ASymlinkComesBack) {
  symlink("target-1", P("link").c_str());
  Change(1, Change::kName, "link", "", [&] {
    unlink(P("link").c_str());
    symlink("target-2", P("link").c_str());
  });
  EXPECT_TRUE(Undo({1}).empty());
  EXPECT_EQ(fs::read_symlink(P("link")), "target-1");
}

TEST_F(JournalTest, ADirectoryAnotherSessionFilledStaysAndTheRestIsUndone) {
  // Both made reports/ (two mkdirs of one directory are no conflict); the other session
  // is not undone, so the directory and its file stay.
  Change(1, Change::kName, "reports", "", [&] { mkdir(P("reports").c_str(), 0755); });
  Change(1, Change::kName, "mine.txt", "", [&] { Write("mine.txt", "1"); });
  Write("reports/theirs.xml", "kept");
  EXPECT_TRUE(Undo({1}).empty());
  EXPECT_FALSE(fs::exists(P("mine.txt")));
  EXPECT_EQ(Read("reports/theirs.xml"), "kept");
}

TEST_F(JournalTest, TheFolderGoesWithTheJournal) {
  Write("a", "1");
  Change(1, Change::kInPlace, "a", "", [&] { Write("a", "2"); });
  EXPECT_TRUE(fs::exists(P(".parnox/journal")));
  journal_.reset();
  EXPECT_FALSE(fs::exists(P(".parnox/journal")));
}

}  // namespace

namespace {

TEST_F(JournalTest, AGuardRequestKeepsWhatItsChangeNeeds) {
  Journal journal(root_ + "/.parnox/journal2", root_);
  Write("a.py", "before");
  std::string error;
  using Op = AccessRequest::Op;
  ASSERT_TRUE(journal.Keep(1, {Op::kRead, "a.py", ""}, &error));
  EXPECT_EQ(journal.size(), 0u);  // a read changes nothing
  ASSERT_TRUE(journal.Keep(1, {Op::kWrite, "a.py", ""}, &error)) << error;
  Write("a.py", "after");
  ASSERT_TRUE(journal.Keep(1, {Op::kCreate, "b.py", ""}, &error)) << error;
  Write("b.py", "new");
  std::vector<std::string> problems;
  journal.Undo({1}, &problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(Read("a.py"), "before");
  EXPECT_FALSE(fs::exists(P("b.py")));
}

}  // namespace
