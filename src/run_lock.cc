#include "run_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "subprocess.h"
#include "util.h"

namespace {

/// "parnox (pid N: COMMAND)" for the holder, as far as /proc says.
std::string DescribeHolder(int fd) {
  int pid = LockHolder(fd, ReadWholeFile("/proc/locks"));
  if (pid == 0) return "another parnox";
  std::string command = ReadWholeFile(fmt::format("/proc/{}/cmdline", pid));
  while (!command.empty() && command.back() == '\0') command.pop_back();
  std::replace(command.begin(), command.end(), '\0', ' ');
  if (command.empty()) return fmt::format("process {}", pid);
  return fmt::format("pid {} (`{}`)", pid, command);
}

}  // namespace

int LockHolder(int fd, const std::string& locks) {
  struct stat st;
  if (fstat(fd, &st) != 0) return 0;
  // "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"; blocked waiters ("1: -> FLOCK ...")
  // hold nothing.
  std::string device =
      fmt::format("{:02x}:{:02x}:{}", major(st.st_dev), minor(st.st_dev), st.st_ino);
  std::istringstream lines(locks);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string number, type, mode, access, id;
    int pid = 0;
    if (!(words >> number >> type) || type != "FLOCK") continue;
    if (words >> mode >> access >> pid >> id && id == device) return pid;
  }
  return 0;
}

std::optional<RunLock> RunLock::Take(const std::string& dir, bool* interrupted,
                                     std::string* error) {
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    *error = fmt::format("cannot open {}: {}", dir, std::strerror(errno));
    return std::nullopt;
  }
  RunLock lock(fd);
  if (flock(fd, LOCK_EX | LOCK_NB) == 0) return lock;
  Note(fmt::format(
      "waiting for {} to end: it runs in this project, and two runs side by side would race "
      "on its files and on .parnox/. Ctrl-C stops waiting.",
      DescribeHolder(fd)));
  // Polled, so that an interrupt (noted, not fatal: subprocess.h) ends the wait.
  while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      *error = fmt::format("cannot lock {}: {}", dir, std::strerror(errno));
      return std::nullopt;
    }
    if (NotedInterrupt()) {
      *interrupted = true;
      return std::nullopt;
    }
    usleep(100 * 1000);
  }
  return lock;
}

RunLock::~RunLock() {
  if (fd_ >= 0) (void)close(fd_);  // closing releases the lock
}
