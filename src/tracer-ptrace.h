#pragma once

// What the ptrace tracer offers the rest of the tracer beyond tracer.h.

#include <string>
#include <vector>

#include "subprocess.h"
#include "trace_log.h"

/// RunTraced; with `forward_signals`, INT, TERM, HUP and QUIT sent to this process are
/// caught and passed on to the command (SignalForwarder). For `parnox __trace`, whose
/// process is the tracer's own.
int RunTracedWith(const std::vector<std::string>& argv, AccessSink& sink, std::string* error,
                  ExitInfo* exit, bool forward_signals);
