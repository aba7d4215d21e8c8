#pragma once

// One run at a time in a project. Two runs side by side (two terminals, an editor's task and
// a shell) would race on the project's files, which no ordering between their sessions can
// help, and on `.parnox/`: the second would save durations and learned orderings read before
// the first saved its own. So `parnox run` and `parnox audit` hold a lock on the project's
// directory (flock: it makes no file, and goes with the process however it ends, kill -9
// included) from before they read any state until they exit. A second run waits, naming
// the run it waits for, as the kernel knows it (/proc/locks).

#include <optional>
#include <string>
#include <utility>

class RunLock {
 public:
  /// Locks the directory `dir`, waiting while another process holds it (said once on
  /// stderr, with that process's pid and command line where /proc tells them). nullopt
  /// with `interrupted` set when an interrupt (Ctrl-C, SIGTERM, SIGHUP) ends the wait;
  /// nullopt with the cause in `error` when the directory cannot be locked.
  static std::optional<RunLock> Take(const std::string& dir, bool* interrupted, std::string* error);

  RunLock(RunLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RunLock& operator=(RunLock&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  RunLock(const RunLock&) = delete;
  ~RunLock();

 private:
  explicit RunLock(int fd) : fd_(fd) {}
  int fd_;
};

/// The process holding a flock on the file `fd` is open on, from `locks` (/proc/locks's
/// text): its pid, or 0 when none is found.
int LockHolder(int fd, const std::string& locks);
