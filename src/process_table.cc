#include "process_table.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <string>

bool ParseProcStat(const char* line, ProcessInfo* info) {
  // "PID (COMM) STATE PPID PGRP SESSION TTY TPGID FLAGS MINFLT CMINFLT MAJFLT CMAJFLT
  // UTIME STIME ...": COMM may hold anything, parentheses and spaces included, so the
  // fields are read after its last ')'.
  const char* close = strrchr(line, ')');
  if (!close) return false;
  info->pid = static_cast<pid_t>(atol(line));
  char state = 0;
  long ppid = 0, pgrp = 0;
  unsigned long utime = 0, stime = 0;
  int fields = sscanf(close + 1, " %c %ld %ld %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &state,
                      &ppid, &pgrp, &utime, &stime);
  if (fields != 5) return false;
  info->ppid = static_cast<pid_t>(ppid);
  info->pgid = static_cast<pid_t>(pgrp);
  static const double kTicks = static_cast<double>(sysconf(_SC_CLK_TCK));
  info->cpu_seconds = static_cast<double>(utime + stime) / kTicks;
  return true;
}

std::vector<ProcessInfo> ReadProcessTable() {
  std::vector<ProcessInfo> table;
  DIR* proc = opendir("/proc");
  if (!proc) return table;
  while (dirent* entry = readdir(proc)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    char line[1024];
    std::string path = std::string("/proc/") + entry->d_name + "/stat";
    FILE* file = fopen(path.c_str(), "re");
    if (!file) continue;  // it ended meanwhile
    ProcessInfo info;
    if (fgets(line, sizeof(line), file) && ParseProcStat(line, &info)) table.push_back(info);
    (void)fclose(file);  // read only: nothing to lose
  }
  closedir(proc);
  return table;
}

double ProcessGroupCpuSeconds(pid_t pgid) {
  double seconds = 0;
  for (const ProcessInfo& process : ReadProcessTable())
    if (process.pgid == pgid) seconds += process.cpu_seconds;
  return seconds;
}
