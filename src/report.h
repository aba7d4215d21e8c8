#pragma once

#include <string>

#include "run_record.h"
#include "session.h"

/// The run as nox's --report JSON ({"result", "sessions": [{"name", "signatures", "result",
/// "result_code", "args", ...}]}), each session with parnox's start, end, duration, worker
/// and log added, so tools reading nox's report read this one.
std::string RenderReport(const Project& project, const RunRecord& run);
