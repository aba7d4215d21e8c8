#pragma once

#include <string>

#include "run_record.h"
#include "session.h"

/// The run as one self-contained HTML page (inline CSS, JS and SVG; nothing fetched): a
/// header with the verdict, wall time, sequential sum, lower bound and speedup; a Gantt
/// chart with one bar per session that ran in its own process, one row per worker slot,
/// coloured by result, the critical path outlined and linked; and the table of sessions,
/// each with its log folded under its row (colours kept, the last MiB of a bigger log with
/// a note naming the whole one). Works without JS; JS adds tooltips, links between bars
/// and rows, and buttons to fold logs.
std::string RenderHtmlReport(const Project& project, const RunRecord& run);
