#pragma once

#include <string>

#include "run_record.h"
#include "session.h"

/// The run as Chrome trace-event JSON, for Perfetto (ui.perfetto.dev) or chrome://tracing:
/// {"traceEvents": [...], "displayTimeUnit": "ms"}. One process, "parnox", with one thread
/// (track) per worker slot named "worker N" (tid N + 1: tid 0 is the idle thread to some
/// trace viewers), and one complete event ("ph": "X", ts and dur in microseconds from the
/// run's start) per session that ran, with its result, signature and log in args. A
/// session nox ran inside another's process nests under that session's event.
std::string RenderTimeline(const Project& project, const RunRecord& run);
