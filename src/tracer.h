#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "subprocess.h"
#include "trace_log.h"

// The file-access tracer: ptrace with a seccomp-BPF filter, so that only file system calls
// stop the traced processes and everything else runs at full speed. It follows every
// process and thread the command starts (fork, vfork, clone, clone3, exec, static binaries
// included). docs/tracer.md lists the covered calls, how each is recorded, and the limits.
//
// How parnox uses it: the executor spawns `parnox __trace --log FILE -- nox ...` (TraceMain)
// instead of `nox ...`, in the session's process group, so the executor's own event loop,
// which reaps with waitpid(-1), never sees a ptrace stop. The tracer exits with the
// command's status (re-raising the signal that killed it), and the log is read afterwards
// with ReadTraceLog.

/// True when this machine lets parnox trace: found by a real attempt (a child with the
/// seccomp filter, seized with ptrace, making one traced call). Otherwise false, with `why`
/// saying what is missing and how to allow it (container capabilities, yama ptrace_scope,
/// seccomp, kernel version). Forks one short-lived child, which it waits for by pid.
bool PtraceAvailable(std::string* why);

/// Runs `argv` (searched on PATH, with this process's environment, working directory,
/// stdio and signal dispositions) under the tracer, sending every access to `sink` as it
/// happens. Returns when the command's first process exits; whatever it left running is
/// killed then (a traced process cannot outlive its tracer: its file calls would fail).
///
/// Returns the command's status as a shell reports it: the exit code, or 128 + n when
/// signal n killed it; `exit` (if given) gets the same split into code and signal. When
/// argv[0] cannot be executed: 127 (not found) or 126 (not executable), with `error` set.
/// When tracing is impossible (ptrace or seccomp refused): -1, with `error` set.
///
/// It waits with waitpid(-1): call it from a thread of a process that has no other
/// children (TraceMain's process, or a forked child in tests), and only from one thread.
int RunTraced(const std::vector<std::string>& argv, AccessSink& sink, std::string* error,
              ExitInfo* exit = nullptr);

/// `parnox __trace --log FILE -- ARGV...`: main's own argc/argv (argv[1] is "__trace").
/// Runs ARGV under the tracer, writing the trace log to FILE, and ends as the command
/// ended: the same exit code, or killed by the same signal. INT, TERM, HUP and QUIT sent
/// to the tracer alone are passed on to the command; sent to the whole process group, the
/// command receives them directly and they are not sent twice. Exits 2 on bad usage or
/// when tracing is impossible, 127/126 when the command cannot be executed.
int TraceMain(int argc, char** argv);

/// Normalises an absolute path as the kernel would resolve it, without following the final
/// component: drops empty and "." components; a ".." removes the component before it,
/// after resolving the symbolic links of the path so far (so "/a/link/.." is link's
/// parent, as for the kernel); where that path does not exist, ".." is applied lexically.
std::string NormalizePath(std::string_view absolute_path);
