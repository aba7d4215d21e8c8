#pragma once

// The seccomp-BPF filter that decides which system calls stop a traced process: those of
// syscall_table.h, and nothing else, so everything else runs at full speed.

#include <linux/filter.h>

#include <vector>

using BpfProgram = std::vector<sock_filter>;

/// The filter: SECCOMP_RET_TRACE for every covered call (but for the probes SkipsEmptyPath
/// names, when their flags say AT_EMPTY_PATH), SECCOMP_RET_ALLOW for the rest. It
/// checks seccomp_data.arch before the number: x86_64 and x32, then i386, each with its own
/// numbers, found in a binary search tree (about twenty instructions at most). Since the
/// answer for an untraced call depends on its number alone, Linux 5.11+ caches it and runs
/// no filter for it at all. An arch value other than those cannot occur on x86_64; if it
/// ever did, every call is traced (the tracer records a blind spot), never silently allowed.
BpfProgram BuildFilter();

/// Installs `filter` in the calling process, after PR_SET_NO_NEW_PRIVS (without which an
/// unprivileged process may not); returns 0 or an errno. Only async-signal-safe calls: it
/// runs in the forked child before exec.
int InstallFilter(const BpfProgram& filter);
