#include "process_table.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

namespace {

TEST(ProcessTableTest, ParsesAStatLineWhoseNameHasParenthesesAndSpaces) {
  ProcessInfo info;
  ASSERT_TRUE(ParseProcStat(
      "4242 (odd) name (x)) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0", &info));
  EXPECT_EQ(info.pid, 4242);
  EXPECT_EQ(info.ppid, 17);
  EXPECT_EQ(info.pgid, 4242);
  EXPECT_NEAR(info.cpu_seconds, 300.0 / static_cast<double>(sysconf(_SC_CLK_TCK)), 1e-9);
  EXPECT_FALSE(ParseProcStat("garbage", &info));
  EXPECT_FALSE(ParseProcStat("1 (x) S", &info));
}

TEST(ProcessTableTest, SeesThisProcessAndItsGroupsTime) {
  std::vector<ProcessInfo> table = ReadProcessTable();
  auto self = std::find_if(table.begin(), table.end(),
                           [](const ProcessInfo& p) { return p.pid == getpid(); });
  ASSERT_NE(self, table.end());
  EXPECT_EQ(self->ppid, getppid());
  EXPECT_EQ(self->pgid, getpgrp());
  // Burn a little time: the group's processor time grows.
  double before = ProcessGroupCpuSeconds(getpgrp());
  volatile unsigned long spin = 0;
  for (auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
       std::chrono::steady_clock::now() < until;)
    spin = spin + 1;
  EXPECT_GT(ProcessGroupCpuSeconds(getpgrp()), before);
}

}  // namespace
