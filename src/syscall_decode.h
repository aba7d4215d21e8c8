#pragma once

// A file call at its seccomp stop, decoded: its operands read from the stopped tracee,
// paths resolved and normalised. What it records follows from this and, for most calls, its
// outcome (syscall_accesses.h).

#include <stdint.h>
#include <sys/ptrace.h>
#include <sys/types.h>

#include <optional>
#include <string>

#include "syscall_table.h"

/// A file call as its seccomp stop shows it; kept until its exit says whether it succeeded.
struct FileCall {
  const SyscallSpec* spec = nullptr;
  /// Absolute and normalised; unset when the operand names nothing with a path (a pipe, a
  /// deleted file) or cannot be read.
  std::optional<std::string> path, path2;
  uint64_t flags = 0;    ///< O_* flags for opens (creat's implied ones), AT_*/RENAME_* else
  bool existed = false;  ///< the name an O_CREAT open or a rename target would make existed
  std::string argv0;     ///< exec: argv[0] as the program passes it
};

/// Reads the operands of the call that thread `tid` of process `tgid` is stopped at
/// (`info`, from PTRACE_GET_SYSCALL_INFO at a seccomp stop). A relative path is resolved
/// against the dirfd or working directory now, before the call can change them. For an
/// O_CREAT open without O_EXCL and for a rename, `existed` is the tracer's own stat of the
/// name the call makes, since after the call it exists either way.
FileCall DecodeFileCall(pid_t tid, pid_t tgid, const SyscallSpec& spec,
                        const __ptrace_syscall_info& info);
