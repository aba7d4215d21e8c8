#pragma once

// Starting a traced command: fork; the child installs the seccomp filter and waits until
// the parent has seized it before it execs, so no traced call can run untraced (with no
// tracer, a SECCOMP_RET_TRACE call fails with ENOSYS). PtraceAvailable (tracer.h) makes
// such a start with a probe child, and says why it failed.

#include <sys/types.h>

#include <optional>
#include <string>

#include "trace_signals.h"

/// What the child reports through its close-on-exec pipe when it cannot exec.
struct ChildFailure {
  int stage = 0;  ///< kStageFilter or kStageExec
  int error = 0;
};
constexpr int kStageFilter = 1, kStageExec = 2;

/// A forked child, seized and released to run; its failure pipe is read after it exits.
struct Started {
  pid_t pid = -1;
  int report_fd = -1;
};

/// Forks and seizes a child that runs `argv` (searched on PATH) with the dispositions
/// `signals` had changed put back. With a null `argv`, the child is PtraceAvailable's
/// probe: it makes one traced call and exits. nullopt, with `error` saying why and how to
/// allow it, when ptrace or the filter is refused.
std::optional<Started> StartSeized(char* const* argv, const SignalSetup& signals,
                                   std::string* error);

/// Why the child did not run the command, if it did not: read once it has exited (the
/// pipe's write end closed at exec, or with the child). Closes `report_fd`.
std::optional<ChildFailure> ReadFailure(int report_fd);

/// The child could not install the filter: the errno, and how to allow seccomp.
std::string FilterError(int error);
