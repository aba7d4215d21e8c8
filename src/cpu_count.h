#pragma once

#include <string>
#include <vector>

/// CPUs this process may really use: min(sched affinity, cgroup v2/v1 CPU quota), at least 1
/// (ninja's GetProcessorCount).
int UsableCpuCount();

/// The cgroup quota part alone, from the given cgroup file contents, for tests:
/// cgroup v2 `cpu.max` ("max 100000" or "200000 100000"). Returns 0 when unlimited.
int CpusFromCgroupV2Max(const char* cpu_max);

/// The same for cgroup v1: `cpu.cfs_quota_us` ("-1" when unlimited) and `cpu.cfs_period_us`
/// contents. Returns 0 when unlimited or unreadable.
int CpusFromCgroupV1Quota(const char* quota_us, const char* period_us);

/// A cgroup directory whose CPU quota limits this process.
struct CgroupCpuDir {
  std::string path;
  bool v2 = true;  ///< cpu.max (v2) or cpu.cfs_quota_us + cpu.cfs_period_us (v1)
};

/// The directories that may hold this process's CPU quota, from the contents of
/// /proc/self/mountinfo and /proc/self/cgroup: its own cgroup and every ancestor up to the
/// mounted root (a parent's quota limits its children too), innermost first, v2 then v1.
std::vector<CgroupCpuDir> CgroupCpuDirs(const std::string& mountinfo,
                                        const std::string& self_cgroup);
