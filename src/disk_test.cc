#include "disk.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

/// A scratch directory, removed with everything in it.
class Scratch {
 public:
  Scratch() {
    std::string pattern = fs::temp_directory_path() / "parnox-disk-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~Scratch() { fs::remove_all(path_); }
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

std::vector<std::string> FileNames(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(RealDiskTest, WriteCreatesAndReplacesLeavingNoTempFile) {
  Scratch dir;
  RealDisk disk;
  std::string error;
  ASSERT_TRUE(disk.WriteFile(dir / "report.json", "first", &error)) << error;
  EXPECT_EQ(ReadText(dir / "report.json"), "first");
  ASSERT_TRUE(disk.WriteFile(dir / "report.json", "second, longer", &error)) << error;
  EXPECT_EQ(ReadText(dir / "report.json"), "second, longer");
  EXPECT_EQ(FileNames(dir.path()), std::vector<std::string>{"report.json"});
}

TEST(RealDiskTest, ANewFileGetsUsualPermissionsAndAnOldOneKeepsItsOwn) {
  Scratch dir;
  RealDisk disk;
  std::string error;
  mode_t mask = umask(022);
  ASSERT_TRUE(disk.WriteFile(dir / "a", "x", &error)) << error;
  umask(mask);
  struct stat st;
  ASSERT_EQ(stat((dir / "a").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  chmod((dir / "a").c_str(), 0600);
  ASSERT_TRUE(disk.WriteFile(dir / "a", "y", &error)) << error;
  ASSERT_EQ(stat((dir / "a").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(RealDiskTest, AFailedWriteNamesThePathAndLeavesNothing) {
  Scratch dir;
  RealDisk disk;
  std::string error;
  EXPECT_FALSE(disk.WriteFile(dir / "missing/report.json", "x", &error));
  EXPECT_NE(error.find(dir / "missing/report.json"), std::string::npos) << error;
  // rename onto a directory fails after the temp file was written: it must be removed.
  fs::create_directory(dir / "taken");
  std::ofstream(dir / "taken/inside") << "";
  error.clear();
  EXPECT_FALSE(disk.WriteFile(dir / "taken", "x", &error));
  EXPECT_NE(error.find("rename"), std::string::npos) << error;
  EXPECT_EQ(FileNames(dir.path()), std::vector<std::string>{"taken"});
}

TEST(RealDiskTest, ReadTellsMissingFromUnreadable) {
  Scratch dir;
  RealDisk disk;
  std::string text, error;
  EXPECT_EQ(disk.ReadFile(dir / "none", &text, &error), Disk::ReadResult::kMissing);
  std::ofstream(dir / "some") << "bytes\0and more";
  EXPECT_EQ(disk.ReadFile(dir / "some", &text, &error), Disk::ReadResult::kOk);
  EXPECT_EQ(text, "bytes");
  EXPECT_EQ(disk.ReadFile(dir.path(), &text, &error), Disk::ReadResult::kError);
  EXPECT_NE(error.find(dir.path()), std::string::npos) << error;
}

TEST(RealDiskTest, MakeDirsSaysWhatIsInTheWay) {
  Scratch dir;
  RealDisk disk;
  std::string error;
  ASSERT_TRUE(disk.MakeDirs(dir / "a/b/c", &error)) << error;
  EXPECT_TRUE(disk.Exists(dir / "a/b/c"));
  std::ofstream(dir / "file") << "";
  EXPECT_FALSE(disk.MakeDirs(dir / "file", &error));
  EXPECT_NE(error.find(dir / "file"), std::string::npos) << error;
}

}  // namespace
