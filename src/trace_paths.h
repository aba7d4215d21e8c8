#pragma once

// Paths as the trace records them: absolute and normalised the way the kernel resolves
// them. NormalizePath itself is declared in tracer.h.

#include <sys/types.h>

#include <string>
#include <string_view>

/// NormalizePath for a path the tracee `tid` of process `tgid` named: /proc/self and
/// /proc/thread-self are the tracee's, not the tracer's. A `tgid` of 0 leaves them alone.
std::string NormalizeForTracee(std::string_view absolute_path, pid_t tgid, pid_t tid);
