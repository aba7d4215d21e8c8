#pragma once

#include <sys/types.h>

#include <vector>

// The machine's processes as /proc shows them: who is whose child, which process group
// each belongs to, and how much processor time each has used.

struct ProcessInfo {
  pid_t pid = 0;
  pid_t ppid = 0;
  pid_t pgid = 0;
  double cpu_seconds = 0;  ///< user + system time so far
};

/// Every process /proc lists now; a process that ends while it is read is left out.
std::vector<ProcessInfo> ReadProcessTable();

/// One process's line of /proc/PID/stat, parsed; false when it is not one.
bool ParseProcStat(const char* line, ProcessInfo* info);

/// The processor time the processes of group `pgid` have used, in seconds.
double ProcessGroupCpuSeconds(pid_t pgid);
