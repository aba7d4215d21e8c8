#pragma once

#include <string>

#include "run_record.h"
#include "session.h"

/// The run as GitHub-flavoured Markdown for a job's summary page: a verdict heading, a
/// table of sessions (result, duration, reason), the wall time beside the sequential sum,
/// the lower bound and the speedup, and for each failure a folded <details> with the tail
/// of its log in a fenced block. Stays well under GitHub's 1 MiB per step.
std::string RenderStepSummary(const Project& project, const RunRecord& run);

/// Appends `markdown` to `path` ($GITHUB_STEP_SUMMARY): other steps' summaries are in the
/// same file, so it is appended to, not replaced. Returns false and fills `error` on failure.
bool AppendStepSummary(const std::string& path, const std::string& markdown, std::string* error);
