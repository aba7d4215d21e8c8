#pragma once

// What the ptrace tracer offers the rest of the tracer beyond tracer.h.

#include <string>
#include <vector>

#include "subprocess.h"
#include "trace_log.h"

class GuardClient;

/// RunTraced; with `forward_signals`, INT, TERM, HUP and QUIT sent to this process are
/// caught and passed on to the command (SignalForwarder). With a `gate`, each file call
/// inside the project waits at its entry until parnox allows it. For `parnox __trace`,
/// whose process is the tracer's own.
int RunTracedWith(const std::vector<std::string>& argv, AccessSink& sink, std::string* error,
                  ExitInfo* exit, bool forward_signals, GuardClient* gate);
