#include "run_lock.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

class RunLockTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/parnox-lock-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  /// Whether another process could take the lock on the directory now.
  bool FreeForAnother() {
    pid_t child = fork();
    if (child == 0) {
      int fd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
      _exit(flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : 1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }

  std::string dir_;
  bool interrupted_ = false;
};

TEST_F(RunLockTest, HeldWhileAliveAndMakesNoFile) {
  {
    std::string error;
    std::optional<RunLock> lock = RunLock::Take(dir_, &interrupted_, &error);
    ASSERT_TRUE(lock) << error;
    EXPECT_FALSE(FreeForAnother());
    EXPECT_TRUE(std::filesystem::is_empty(dir_));
  }
  EXPECT_TRUE(FreeForAnother());
}

TEST_F(RunLockTest, TheKernelNamesTheHolder) {
  std::string error;
  std::optional<RunLock> lock = RunLock::Take(dir_, &interrupted_, &error);
  ASSERT_TRUE(lock) << error;
  std::stringstream locks;
  locks << std::ifstream("/proc/locks").rdbuf();
  if (locks.str().empty()) GTEST_SKIP() << "no /proc/locks here";
  int fd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
  EXPECT_EQ(LockHolder(fd, locks.str()), getpid()) << locks.str();
  EXPECT_EQ(LockHolder(fd, "1: POSIX  ADVISORY  WRITE 99 00:00:1 0 EOF\n"), 0);
  close(fd);
}

TEST_F(RunLockTest, ADirectoryThatCannotBeOpenedSaysWhy) {
  std::string error;
  EXPECT_FALSE(RunLock::Take(dir_ + "/missing", &interrupted_, &error));
  EXPECT_NE(error.find(dir_ + "/missing"), std::string::npos) << error;
}

}  // namespace
