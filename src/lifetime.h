#pragma once

// How the processes parnox puts in front of each session (the tracer, `parnox __trace`, and
// the reaper, `parnox __reap`) live and die with parnox. parnox killed outright (SIGKILL, as
// CI runners and IDEs stop a job) runs no code: the kernel has to tell them.

#include <sys/types.h>

/// Has the kernel send `signal` to this process when `parent` (the parnox that started it)
/// dies. False when `parent` is gone already: the caller must then end at once.
bool DieWithParent(pid_t parent, int signal);

/// Ends this process the way its command ended: killed by the same signal (without a core
/// dump of its own), else with 128 + signal.
int DieLike(int signal);

/// Kills, with SIGKILL, every process descended from this one (its children, theirs, and
/// orphans reparented to it as a subreaper), again until none is left; read from /proc.
/// Returns how many it killed; -1 when /proc cannot be read.
int KillDescendants();
