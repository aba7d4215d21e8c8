#include "cpu_count.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

TEST(CpuCountTest, CgroupV2Max) {
  EXPECT_EQ(CpusFromCgroupV2Max("max 100000\n"), 0);
  EXPECT_EQ(CpusFromCgroupV2Max("200000 100000\n"), 2);
  EXPECT_EQ(CpusFromCgroupV2Max("150000 100000\n"), 2);
  EXPECT_EQ(CpusFromCgroupV2Max("50000 100000\n"), 1);
  EXPECT_EQ(CpusFromCgroupV2Max("400000 50000"), 8);
  EXPECT_EQ(CpusFromCgroupV2Max("300000"), 3);  // period left at the kernel default
  EXPECT_EQ(CpusFromCgroupV2Max(""), 0);
  EXPECT_EQ(CpusFromCgroupV2Max("garbage"), 0);
  EXPECT_EQ(CpusFromCgroupV2Max(nullptr), 0);
}

TEST(CpuCountTest, CgroupV1Quota) {
  EXPECT_EQ(CpusFromCgroupV1Quota("-1\n", "100000\n"), 0);
  EXPECT_EQ(CpusFromCgroupV1Quota("250000\n", "100000\n"), 3);
  EXPECT_EQ(CpusFromCgroupV1Quota("100000\n", "100000\n"), 1);
  EXPECT_EQ(CpusFromCgroupV1Quota("100000\n", "0\n"), 0);
  EXPECT_EQ(CpusFromCgroupV1Quota("", "100000"), 0);
}

TEST(CpuCountTest, CgroupV2DirsWalkUpToTheMount) {
  const char* mountinfo =
      "24 1 0:22 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate\n"
      "25 1 8:1 / / rw - ext4 /dev/sda1 rw\n";
  auto dirs = CgroupCpuDirs(mountinfo, "0::/user.slice/session-2.scope\n");
  ASSERT_EQ(dirs.size(), 3u);
  EXPECT_EQ(dirs[0].path, "/sys/fs/cgroup/user.slice/session-2.scope");
  EXPECT_EQ(dirs[1].path, "/sys/fs/cgroup/user.slice");
  EXPECT_EQ(dirs[2].path, "/sys/fs/cgroup");
  EXPECT_TRUE(dirs[0].v2);
}

TEST(CpuCountTest, CgroupNamespaceSeesOnlyTheMount) {
  const char* mountinfo = "600 590 0:30 / /sys/fs/cgroup ro - cgroup2 cgroup rw\n";
  auto dirs = CgroupCpuDirs(mountinfo, "0::/\n");
  ASSERT_EQ(dirs.size(), 1u);
  EXPECT_EQ(dirs[0].path, "/sys/fs/cgroup");
}

TEST(CpuCountTest, CgroupV1MountedAtAContainersOwnCgroup) {
  // Docker without a cgroup namespace: the mount shows the container's cgroup as its root.
  const char* mountinfo =
      "31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
      "32 31 0:29 /docker/abc /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
      "33 31 0:30 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
  auto dirs = CgroupCpuDirs(mountinfo, "5:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc/x\n");
  ASSERT_EQ(dirs.size(), 2u);
  EXPECT_EQ(dirs[0].path, "/sys/fs/cgroup/cpu,cpuacct/x");
  EXPECT_FALSE(dirs[0].v2);
  EXPECT_EQ(dirs[1].path, "/sys/fs/cgroup/cpu,cpuacct");
}

TEST(CpuCountTest, HybridHierarchyListsV2ThenV1) {
  const char* mountinfo =
      "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
      "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
      "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
  auto dirs = CgroupCpuDirs(mountinfo, "2:cpuacct:/\n1:cpu:/a\n0::/\n");
  ASSERT_EQ(dirs.size(), 3u);
  EXPECT_EQ(dirs[0].path, "/sys/fs/cgroup/unified");
  EXPECT_TRUE(dirs[0].v2);
  EXPECT_EQ(dirs[1].path, "/sys/fs/cgroup/cpu/a");
  EXPECT_EQ(dirs[2].path, "/sys/fs/cgroup/cpu");
  EXPECT_FALSE(dirs[2].v2);
}

TEST(CpuCountTest, NothingMountedNothingListed) {
  EXPECT_TRUE(CgroupCpuDirs("", "0::/\n").empty());
  EXPECT_TRUE(CgroupCpuDirs("garbage\n", "garbage\n").empty());
}

TEST(CpuCountTest, UsableCpusWithinOnlineCpus) {
  int cpus = UsableCpuCount();
  EXPECT_GE(cpus, 1);
  EXPECT_LE(cpus, sysconf(_SC_NPROCESSORS_ONLN));
}

TEST(CpuCountTest, FollowsTheAffinityMask) {
  // In a child, so the test binary keeps every CPU it had.
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) _exit(2);
    int first = 0;
    while (!CPU_ISSET(first, &set)) ++first;
    CPU_ZERO(&set);
    CPU_SET(first, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) _exit(3);
    _exit(UsableCpuCount() == 1 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}
