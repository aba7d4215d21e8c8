#include "cpu_count.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

namespace {

/// One line of /proc/self/mountinfo, the parts that locate a cgroup hierarchy.
struct Mount {
  std::string root;   ///< the cgroup the mount shows at its mount point
  std::string point;  ///< where it is mounted
  std::string type;   ///< "cgroup2" or "cgroup"
  std::string super_options;
};

/// One line of /proc/self/cgroup: "hierarchy-id:controllers:path".
struct SelfCgroup {
  std::string controllers;
  std::string path;
};

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    size_t end = text.find(separator);
    parts.push_back(text.substr(0, end));
    if (end == std::string_view::npos) return parts;
    text.remove_prefix(end + 1);
  }
}

bool ListHas(std::string_view comma_list, std::string_view item) {
  auto items = Split(comma_list, ',');
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::optional<Mount> ParseMountLine(std::string_view line) {
  // "36 35 98:0 /root /point rw,noatime shared:1 - cgroup2 cgroup2 rw": a variable number
  // of optional fields sits before the " - " separator.
  std::vector<std::string_view> fields;
  for (std::string_view field : Split(line, ' '))
    if (!field.empty()) fields.push_back(field);
  auto dash = std::find(fields.begin(), fields.end(), "-");
  if (fields.size() < 5 || dash == fields.end() || fields.end() - dash < 4) return std::nullopt;
  return Mount{std::string(fields[3]), std::string(fields[4]), std::string(dash[1]),
               std::string(dash[3])};
}

std::vector<Mount> CgroupMounts(const std::string& mountinfo) {
  std::vector<Mount> mounts;
  for (std::string_view line : Split(mountinfo, '\n'))
    if (auto mount = ParseMountLine(line))
      if (mount->type == "cgroup2" || mount->type == "cgroup") mounts.push_back(*mount);
  return mounts;
}

std::vector<SelfCgroup> ParseSelfCgroups(const std::string& self_cgroup) {
  std::vector<SelfCgroup> cgroups;
  for (std::string_view line : Split(self_cgroup, '\n')) {
    size_t first = line.find(':');
    size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) continue;  // the path itself may hold colons
    cgroups.push_back({std::string(line.substr(first + 1, second - first - 1)),
                       std::string(line.substr(second + 1))});
  }
  return cgroups;
}

/// The process's cgroup directory under `mount` and its ancestors up to the mount point.
/// A cgroup outside what the mount shows (another namespace's view) leaves the mount point.
void AddCgroupDirs(const Mount& mount, const std::string& path, bool v2,
                   std::vector<CgroupCpuDir>* dirs) {
  std::string relative;
  std::string_view root = mount.root == "/" ? std::string_view() : std::string_view(mount.root);
  if (path.starts_with(root) && (path.size() == root.size() || path[root.size()] == '/'))
    relative = path.substr(root.size());
  while (!relative.empty() && relative.back() == '/') relative.pop_back();
  while (true) {
    dirs->push_back({mount.point + relative, v2});
    if (relative.empty()) return;
    relative.resize(relative.rfind('/'));
  }
}

std::optional<std::string> ReadSmallFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Whole CPUs a quota grants: a fraction still needs a worker, so round up.
int CeilCpus(int64_t quota, int64_t period) {
  if (quota <= 0 || period <= 0) return 0;
  int64_t cpus = (quota + period - 1) / period;
  return static_cast<int>(std::min<int64_t>(cpus, INT32_MAX));
}

std::optional<int64_t> ParseInteger(const char* text, const char** end) {
  if (!text) return std::nullopt;
  char* after = nullptr;
  long long value = std::strtoll(text, &after, 10);
  if (after == text) return std::nullopt;
  *end = after;
  return value;
}

/// The quota in one cgroup directory in CPUs, 0 when there is none.
int QuotaCpus(const CgroupCpuDir& dir) {
  if (dir.v2) {
    auto cpu_max = ReadSmallFile(dir.path + "/cpu.max");
    return cpu_max ? CpusFromCgroupV2Max(cpu_max->c_str()) : 0;
  }
  auto quota = ReadSmallFile(dir.path + "/cpu.cfs_quota_us");
  auto period = ReadSmallFile(dir.path + "/cpu.cfs_period_us");
  return quota && period ? CpusFromCgroupV1Quota(quota->c_str(), period->c_str()) : 0;
}

/// The tightest cgroup CPU quota on this process, 0 when there is none.
int CgroupQuotaCpus() {
  std::vector<CgroupCpuDir> dirs = CgroupCpuDirs(ReadSmallFile("/proc/self/mountinfo").value_or(""),
                                                 ReadSmallFile("/proc/self/cgroup").value_or(""));
  // Without a readable /proc, the conventional cgroup v2 mount is still worth a look.
  if (std::none_of(dirs.begin(), dirs.end(), [](const CgroupCpuDir& d) { return d.v2; }))
    dirs.push_back({"/sys/fs/cgroup", true});
  int tightest = 0;
  for (const CgroupCpuDir& dir : dirs) {
    int cpus = QuotaCpus(dir);
    if (cpus > 0 && (tightest == 0 || cpus < tightest)) tightest = cpus;
  }
  return tightest;
}

/// CPUs in the affinity mask; machines can have more CPUs than a static cpu_set_t holds.
int AffinityCpuCount() {
  for (int size = CPU_SETSIZE; size <= 1 << 16; size *= 2) {
    cpu_set_t* set = CPU_ALLOC(size);
    if (!set) break;
    size_t bytes = CPU_ALLOC_SIZE(size);
    int result = sched_getaffinity(0, bytes, set);
    int count = result == 0 ? CPU_COUNT_S(bytes, set) : 0;
    CPU_FREE(set);
    if (result == 0) return count;
    if (errno != EINVAL) break;
  }
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? static_cast<int>(online) : 1;
}

}  // namespace

int CpusFromCgroupV2Max(const char* cpu_max) {
  // "max 100000" is unlimited; the period may be missing, the kernel's default then holds.
  const char* rest = nullptr;
  auto quota = ParseInteger(cpu_max, &rest);
  if (!quota) return 0;
  auto period = ParseInteger(rest, &rest);
  return CeilCpus(*quota, period.value_or(100000));
}

int CpusFromCgroupV1Quota(const char* quota_us, const char* period_us) {
  const char* rest = nullptr;
  auto quota = ParseInteger(quota_us, &rest);
  auto period = ParseInteger(period_us, &rest);
  return quota && period ? CeilCpus(*quota, *period) : 0;
}

std::vector<CgroupCpuDir> CgroupCpuDirs(const std::string& mountinfo,
                                        const std::string& self_cgroup) {
  std::vector<Mount> mounts = CgroupMounts(mountinfo);
  std::vector<CgroupCpuDir> dirs;
  for (bool v2 : {true, false}) {
    for (const SelfCgroup& cgroup : ParseSelfCgroups(self_cgroup)) {
      if (v2 != cgroup.controllers.empty() || (!v2 && !ListHas(cgroup.controllers, "cpu")))
        continue;
      auto mount = std::find_if(mounts.begin(), mounts.end(), [&](const Mount& m) {
        return v2 ? m.type == "cgroup2" : m.type == "cgroup" && ListHas(m.super_options, "cpu");
      });
      if (mount != mounts.end()) AddCgroupDirs(*mount, cgroup.path, v2, &dirs);
    }
  }
  return dirs;
}

int UsableCpuCount() {
  int cpus = AffinityCpuCount();
  int quota = CgroupQuotaCpus();
  if (quota > 0) cpus = std::min(cpus, quota);
  return std::max(cpus, 1);
}
