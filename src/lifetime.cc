#include "lifetime.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <map>
#include <set>
#include <vector>

#include "process_table.h"

bool DieWithParent(pid_t parent, int signal) {
  if (prctl(PR_SET_PDEATHSIG, signal) != 0) return true;  // nothing better to do: go on
  // Set after the fork: the parent may have died before. Its orphan has another parent now.
  return getppid() == parent;
}

int DieLike(int signal) {
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  // Should either call fail, the exit code below still names the signal.
  (void)::signal(signal, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signal);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
  (void)raise(signal);
  return 128 + signal;
}

int KillDescendants() {
  pid_t self = getpid();
  std::set<pid_t> killed;
  // A process that forks while its parent is being killed leaves a new orphan: go round
  // until a pass finds none that was not killed already (a killed one shows until it is a
  // zombie).
  for (int pass = 0; pass < 100; ++pass) {
    std::vector<ProcessInfo> table = ReadProcessTable();
    if (table.empty()) return -1;  // no /proc: not even this process is there
    std::map<pid_t, pid_t> parents;
    for (const ProcessInfo& process : table) parents[process.pid] = process.ppid;
    std::vector<pid_t> found;
    for (const auto& [pid, parent] : parents) {
      if (killed.count(pid)) continue;
      for (pid_t up = parent; up > 1; up = parents.count(up) ? parents[up] : 0) {
        if (up != self) continue;
        found.push_back(pid);
        break;
      }
    }
    if (found.empty()) break;
    for (pid_t pid : found)
      if (kill(pid, SIGKILL) == 0) killed.insert(pid);
  }
  return static_cast<int>(killed.size());
}
