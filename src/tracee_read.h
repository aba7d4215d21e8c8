#pragma once

// What the tracer reads of a stopped tracee: its memory (the strings and arrays a call
// points to) and, from /proc, what its file descriptors and working directory name.

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <optional>
#include <string>

/// Copies `size` bytes at `address` in thread `tid`; `got` says how many came (fewer at the
/// end of a mapping). process_vm_readv, else /proc/TID/mem for kernels without
/// CONFIG_CROSS_MEMORY_ATTACH.
bool ReadMemory(pid_t tid, uint64_t address, void* buffer, size_t size, size_t* got);

/// The NUL-terminated string at `address`, read page by page so that a string ending just
/// before an unmapped page is still read. False when unreadable or longer than PATH_MAX;
/// `out` then holds what was read before the failure.
bool ReadString(pid_t tid, uint64_t address, std::string* out);

/// The target of a /proc symlink when it is a path that exists: not "pipe:[…]", not a
/// deleted file's "/x (deleted)".
std::optional<std::string> ProcLink(const char* link);

/// The path an fd of the tracee refers to; AT_FDCWD is its working directory. The kernel
/// gives both resolved, so chdir, fchdir and threads are followed without keeping state.
std::optional<std::string> FdPath(pid_t tid, int fd);

/// The program a process runs (/proc/PID/exe): after an exec, the interpreter of a script
/// or the binary behind a symlink.
std::optional<std::string> ExePath(pid_t pid);

struct ProcStatus {
  pid_t tgid = 0;  ///< the process a thread belongs to
  pid_t ppid = 0;
};
/// From /proc/TID/status; zeros for what cannot be read (the thread is gone).
ProcStatus ReadProcStatus(pid_t tid);
