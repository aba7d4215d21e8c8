#include "trace_paths.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "tracer.h"

namespace {

namespace fs = std::filesystem;

TEST(NormalizePathTest, DropsDotsAndDuplicateSlashes) {
  EXPECT_EQ(NormalizePath("/"), "/");
  EXPECT_EQ(NormalizePath("//a///b/./c/."), "/a/b/c");
  EXPECT_EQ(NormalizePath("/a/b/"), "/a/b");
  EXPECT_EQ(NormalizePath("/.."), "/");
  EXPECT_EQ(NormalizePath("/../x"), "/x");
}

TEST(NormalizePathTest, DotDotIsLexicalWhereNothingExists) {
  EXPECT_EQ(NormalizePath("/no-such-dir-parnox/a/../b"), "/no-such-dir-parnox/b");
  EXPECT_EQ(NormalizePath("/no-such-dir-parnox/a/b/../../c"), "/no-such-dir-parnox/c");
}

TEST(NormalizePathTest, DotDotAfterASymlinkIsItsTargetsParent) {
  char root[] = "/tmp/parnox-normalize-XXXXXX";
  ASSERT_NE(mkdtemp(root), nullptr);
  std::string dir = fs::canonical(root).string();
  fs::create_directories(dir + "/a/b");
  fs::create_symlink(dir + "/a/b", dir + "/deep");
  EXPECT_EQ(NormalizePath(dir + "/deep/../x"), dir + "/a/x");
  // The final component stays as written: a symlink is not followed.
  EXPECT_EQ(NormalizePath(dir + "/deep"), dir + "/deep");
  EXPECT_EQ(NormalizePath(dir + "/./deep/"), dir + "/deep");
  fs::remove_all(dir);
}

TEST(NormalizeForTraceeTest, ProcSelfIsTheTraceeNotTheTracer) {
  EXPECT_EQ(NormalizeForTracee("/proc/self/fd/3", 42, 43), "/proc/42/fd/3");
  EXPECT_EQ(NormalizeForTracee("/proc/thread-self/fd/3", 42, 43), "/proc/42/task/43/fd/3");
  EXPECT_EQ(NormalizeForTracee("//proc/./self/cwd", 42, 42), "/proc/42/cwd");
  EXPECT_EQ(NormalizeForTracee("/proc/selfish", 42, 42), "/proc/selfish");
  EXPECT_EQ(NormalizePath("/proc/self/fd/3"), "/proc/self/fd/3");
}

}  // namespace
